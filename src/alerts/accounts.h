/*
 * accounts — signing in without passwords, sessions, CSRF tokens and rate limits.
 *
 * Promises:
 *  - A sign-in token is 192 random bits, shown once (in the mail) and stored only as its
 *    SHA-256. It is valid ALERT_SIGNIN_TTL (30 minutes) and single use: consuming it is one
 *    UPDATE ... WHERE used = 0 AND expires_at > now, so two concurrent uses cannot both win.
 *    A new request for the same address does not invalidate older unexpired links.
 *  - Session ids are random and stored hashed; a session lasts ALERT_SESSION_TTL.
 *  - A CSRF token is an HMAC of the server secret over the session id (or, before signing in,
 *    over a random pre-session cookie): it cannot be forged without the secret, it is bound to
 *    one browser, and checking it is constant-time.
 *  - Rate limits live in memory only: keys are HMACs of the address or client (never the
 *    address or IP itself), in a fixed-size table of fixed windows; nothing reaches disk.
 */
#ifndef KW_ALERTS_ACCOUNTS_H
#define KW_ALERTS_ACCOUNTS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "alerts/alerts.h"
#include "alerts/crypto.h"

#define ACCT_EMAIL_MAX 254

/* Normalises an address (trimmed, lower case) into out; false when it is not plausible
 * (one @, a dotted domain, no blanks or control characters, at most 254 bytes). */
bool acct_email_normalise(const char *in, char *out, size_t outlen);

/* Creates a sign-in token for the address (normalised by the caller). */
int acct_signin_create(struct alerts *a, const char *email, char token[AC_TOKEN_TEXT]);
/* Uses a token up. Returns 1 with the user (created when the address is new), 0 when the
 * token is unknown, used or expired, -1 on error. */
int acct_signin_consume(struct alerts *a, const char *token, int64_t *uid, bool *created);

int acct_session_create(struct alerts *a, int64_t uid, char sid[AC_TOKEN_TEXT]);
/* 1 with *uid when the session is valid, 0 when not, -1 on error. */
int acct_session_lookup(struct alerts *a, const char *sid, int64_t *uid);
int acct_session_end(struct alerts *a, const char *sid);
/* Removes expired sessions and sign-in tokens. */
int acct_cleanup(struct alerts *a);

void acct_csrf(struct alerts *a, const char *binding, char out[AC_MAC_TEXT]);
bool acct_csrf_ok(struct alerts *a, const char *binding, const char *token);

/* ---- rate limits ---- */
#define RL_SLOTS 4096
struct ratelimit {
    pthread_mutex_t mu;
    int max;       /* events per window */
    int64_t window;
    uint8_t key[32];
    struct rl_slot {
        uint64_t h;
        int64_t start;
        int count;
    } slot[RL_SLOTS];
};
void rl_init(struct ratelimit *r, int max, int64_t window_s);
void rl_destroy(struct ratelimit *r);
/* Counts one event for key at now; true when it is within the limit. */
bool rl_allow(struct ratelimit *r, const char *key, int64_t now);

#endif
