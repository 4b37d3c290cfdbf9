/*
 * bounce — reading a bounce message (an RFC 3464 delivery status notification, or a plain
 * text bounce) and what Kamerwacht keeps about bounces: per account a VERP token, the number
 * of hard and soft bounces, when the last one came and its reason code, and whether mail
 * delivery is suspended. Nothing else of a bounce message is stored.
 *
 * VERP: with [alerts] bounce_address = bounces@b.example.nl, every alert mail of an account
 * goes out with the envelope sender bounces+<token>@b.example.nl (token: 24 random hex digits,
 * made once per account). A bounce comes back to that address; the MTA pipes it into
 * `kamerwacht alerts bounce`, which finds the account from the token (in To, Delivered-To,
 * X-Original-To, Envelope-To or the --recipient the MTA passes) or else from the failed
 * recipient the report names.
 *
 * Classification:
 *  - DSN: the first per-recipient block; Action delivered/relayed/expanded is no bounce,
 *    delayed is soft, failed is hard unless its Status says otherwise. Status 4.x.x is soft;
 *    5.x.x is hard, except 5.2.2 (mailbox full) and 5.7.x (policy, often our reputation, not
 *    the address): soft.
 *  - Plain text: the first enhanced status code (5.1.1) in the text, else the first reply
 *    code (550) that opens a word followed by a blank or '-'; the same rules. No code: soft
 *    (never suspends on a guess).
 * Hard bounces are forgotten when the address has shown it works: ok_since is the time of the
 * first mail the server accepted (SMTP 250) after the last bounce; once BOUNCE_FORGET_S (7
 * days) have passed since then without another bounce, the hard count is 0 again (applied at
 * the next accepted mail or the next bounce, whichever comes first). Any bounce clears
 * ok_since. So a few refusals spread over months never add up to a suspension, while an
 * address that keeps bouncing does.
 * After cfg.hard_bounces hard bounces the account's mail is suspended: its alerts are still
 * matched and kept for the Atom feed and the webhook, the mails are not sent. Resuming (the
 * button on the account page, or signing in by a link, which proves the address works)
 * clears the counts.
 */
#ifndef KW_ALERTS_BOUNCE_H
#define KW_ALERTS_BOUNCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct alerts;

#define BOUNCE_MAX_INPUT (1u << 20) /* bytes of a bounce that are read; the rest is ignored */
#define BOUNCE_TOKEN_LEN 24
#define BOUNCE_MAX_RCPT 4
#define BOUNCE_FORGET_S 604800 /* 7 days; keep the literal in BOUNCE_FORGET_SQL equal */
#define BOUNCE_FORGET_SQL "604800"

enum bounce_kind { BOUNCE_NONE = 0, BOUNCE_SOFT = 1, BOUNCE_HARD = 2 };

struct bounce_info {
    enum bounce_kind kind;
    bool dsn;                    /* a delivery-status report (fields found) */
    char token[BOUNCE_TOKEN_LEN + 1]; /* VERP token of our bounce address, or "" */
    char rcpt[BOUNCE_MAX_RCPT][256];  /* failed recipients, lower case; [0] from the DSN */
    size_t nrcpt;
    char status[16];             /* "5.1.1", or a reply code "550", or "" */
};

/* Reads msg[0..len) (at most BOUNCE_MAX_INPUT bytes are looked at; NUL bytes are fine).
 * bounce_address: the configured [alerts] bounce_address or NULL/"" (no token search);
 * envelope_rcpt: the address the MTA delivered the bounce to, or NULL. Never fails. */
void bounce_parse(const char *msg, size_t len, const char *bounce_address,
                  const char *envelope_rcpt, struct bounce_info *out);

/* What is stored about an account's bounces. */
struct bounce_state {
    int64_t hard, soft;      /* since the account was last resumed */
    int64_t last_at;         /* 0: never */
    char last_kind[8];       /* "hard", "soft" or "" */
    char last_code[32];      /* e.g. "smtp 550 5.1.1", "5.1.1" */
    int64_t suspended_at;    /* 0: mail is delivered */
    int64_t ok_since;        /* first accepted mail since the last bounce, 0: none */
};

/* 1 and *st filled when the account has a bounce record, 0 when not (st zeroed), -1. */
int alerts_user_bounces(struct alerts *a, int64_t uid, struct bounce_state *st);
/* Records a bounce read by bounce_parse: finds the account (token first, then each failed
 * recipient), counts it and suspends mail at the limit. Returns 1 recorded (*uid, *suspended
 * set), 0 when it is no bounce or names no account, -1 on a database error. */
int alerts_bounce_record(struct alerts *a, const struct bounce_info *b, int64_t *uid,
                         bool *suspended);
/* Counts one bounce of an account (code: a short reason such as "smtp 550 5.1.1"). Returns 1
 * when the account's mail is suspended after it, 0 when not, -1. */
int alerts_bounce_count(struct alerts *a, int64_t uid, bool hard, const char *code);
/* An accepted mail of the account (SMTP 250): starts or continues the clean stretch and
 * forgets the hard bounces once it is BOUNCE_FORGET_S old. 0 or -1. */
int alerts_bounce_delivered(struct alerts *a, int64_t uid);
/* Resumes mail delivery and clears the counts (the account page's button, a sign-in). */
int alerts_user_resume(struct alerts *a, int64_t uid);
/* 1 when the account's mail is suspended, 0 when not, -1. */
int alerts_user_suspended(struct alerts *a, int64_t uid);
/* The envelope sender for an account's mail into out: the VERP address when a bounce address
 * is configured (the token is made on first use); 0 when VERP is off (out = ""), -1. */
int alerts_bounce_envelope(struct alerts *a, int64_t uid, char *out, size_t outlen);

#endif
