/*
 * accounts — users, links that work without signing in, sign-in tokens, sessions, CSRF and
 * rate limits; see accounts.h and alerts.h.
 */
#include "alerts/accounts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alerts_int.h"
#include "alerts/bounce.h"
#include "web/json.h"

bool acct_email_normalise(const char *in, char *out, size_t outlen)
{
    while (*in == ' ' || *in == '\t')
        in++;
    size_t n = strlen(in);
    while (n && (in[n - 1] == ' ' || in[n - 1] == '\t' || in[n - 1] == '\r' || in[n - 1] == '\n'))
        n--;
    if (n < 3 || n > ACCT_EMAIL_MAX || n >= outlen)
        return false;
    int at = -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '@') {
            if (at >= 0)
                return false;
            at = (int)i;
            out[i] = '@';
            continue;
        }
        bool ok = isalnum(c) || (at < 0 ? strchr("._%+-=", c) != NULL : strchr(".-", c) != NULL);
        if (!ok)
            return false;
        out[i] = (char)tolower(c);
    }
    out[n] = '\0';
    if (at < 1 || at > 64 || (size_t)at >= n - 1)
        return false;
    const char *dom = out + at + 1;
    if (!strchr(dom, '.') || dom[0] == '.' || dom[0] == '-' || out[n - 1] == '.' ||
        strstr(dom, ".."))
        return false;
    return true;
}

/* ---- users ---- */

int alerts_user_find(struct alerts *a, const char *email, int64_t *uid)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT uid FROM alert_user WHERE email = ?1");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *uid = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : al_fail_db(a, "find user");
}

int alerts_user_ensure(struct alerts *a, const char *email_in, int64_t *uid, bool *created)
{
    char email[ACCT_EMAIL_MAX + 1];
    if (created)
        *created = false;
    if (!acct_email_normalise(email_in, email, sizeof email))
        return al_fail(a, "'%.100s' is not an e-mail address", email_in);
    int rc = alerts_user_find(a, email, uid);
    if (rc)
        return rc < 0 ? -1 : 0;
    char salt[AC_TOKEN_TEXT];
    if (ac_token(salt))
        return al_fail(a, "no randomness from the kernel");
    sqlite3_stmt *st = al_stmt(a, "INSERT INTO alert_user(email, created_at, salt)"
                                  " VALUES(?1, ?2, ?3)");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, alerts_now(a));
    sqlite3_bind_text(st, 3, salt, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        return al_fail_db(a, "create user");
    *uid = sqlite3_last_insert_rowid(a->db);
    if (created)
        *created = true;
    return 0;
}

int alerts_user_email(struct alerts *a, int64_t uid, char *out, size_t outlen)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT email FROM alert_user WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        al_copy(out, outlen, al_col(st, 0));
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : al_fail_db(a, "user");
}

int al_user_salt(struct alerts *a, int64_t uid, char *salt, size_t n)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT salt FROM alert_user WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        al_copy(salt, n, al_col(st, 0));
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : al_fail_db(a, "user salt");
}

int alerts_user_delete(struct alerts *a, int64_t uid)
{
    static const char *const sqls[] = {
        "DELETE FROM alert_monitor WHERE uid = ?1",
        "DELETE FROM alert_session WHERE uid = ?1",
        "DELETE FROM alert_sent WHERE uid = ?1",
        "DELETE FROM alert_bounce WHERE uid = ?1",
        "DELETE FROM alert_delivery_item WHERE did IN (SELECT did FROM alert_delivery"
        " WHERE uid = ?1)",
        "DELETE FROM alert_delivery WHERE uid = ?1",
        "DELETE FROM alert_signin WHERE email = (SELECT email FROM alert_user WHERE uid = ?1)",
        "DELETE FROM alert_delivery WHERE uid IS NULL AND rcpt = (SELECT email FROM alert_user"
        " WHERE uid = ?1)",
        "DELETE FROM alert_user WHERE uid = ?1",
    };
    if (al_begin(a))
        return -1;
    for (size_t i = 0; i < sizeof sqls / sizeof sqls[0]; i++) {
        sqlite3_stmt *st = al_stmt(a, sqls[i]);
        if (!st)
            goto fail;
        sqlite3_bind_int64(st, 1, uid);
        if (sqlite3_step(st) != SQLITE_DONE) {
            al_fail_db(a, "delete account");
            goto fail;
        }
    }
    return al_commit(a);
fail:
    al_rollback(a);
    return -1;
}

int alerts_user_webhook(struct alerts *a, int64_t uid, const char *url, char *secret_out,
                        size_t secret_len)
{
    char secret[AC_TOKEN_TEXT] = "";
    if (url) {
        if (strncmp(url, "https://", 8) && strncmp(url, "http://", 7))
            return al_fail(a, "a webhook URL starts with https:// (or http://)");
        if (strlen(url) > 1000)
            return al_fail(a, "the webhook URL is too long");
        if (ac_token(secret))
            return al_fail(a, "no randomness from the kernel");
    }
    sqlite3_stmt *st = al_stmt(a, "UPDATE alert_user SET webhook_url = ?2, webhook_secret = ?3"
                                  " WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    if (url) {
        sqlite3_bind_text(st, 2, url, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, secret, -1, SQLITE_TRANSIENT);
    }
    if (sqlite3_step(st) != SQLITE_DONE)
        return al_fail_db(a, "webhook");
    if (secret_out && secret_len)
        al_copy(secret_out, secret_len, secret);
    return 0;
}

int alerts_user_export(struct alerts *a, int64_t uid, struct buf *out)
{
    struct jsonw j;
    jw_init(&j, out);
    jw_obj_begin(&j);
    sqlite3_stmt *st = al_stmt(a, "SELECT email, created_at, webhook_url FROM alert_user"
                                  " WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return al_fail(a, "no such user");
    }
    jw_kv_str(&j, "email", al_col(st, 0));
    jw_kv_int(&j, "created_at", sqlite3_column_int64(st, 1));
    if (sqlite3_column_type(st, 2) == SQLITE_NULL)
        jw_kv_null(&j, "webhook_url");
    else
        jw_kv_str(&j, "webhook_url", al_col(st, 2));
    sqlite3_reset(st);

    struct monitor_info *ms;
    size_t n;
    if (alerts_monitor_list(a, uid, &ms, &n))
        return -1;
    jw_key(&j, "monitors");
    jw_arr_begin(&j);
    for (size_t i = 0; i < n; i++) {
        jw_obj_begin(&j);
        jw_kv_int(&j, "id", ms[i].mid);
        jw_kv_str(&j, "kind", monitor_kind_name(ms[i].kind));
        jw_kv_str(&j, "arg", ms[i].arg);
        jw_kv_str(&j, "label", ms[i].label);
        jw_kv_str(&j, "frequency", monitor_freq_name(ms[i].freq));
        jw_kv_bool(&j, "active", ms[i].active);
        jw_kv_int(&j, "created_at", ms[i].created_at);
        jw_kv_int(&j, "sent_count", ms[i].sent_count);
        jw_obj_end(&j);
    }
    jw_arr_end(&j);
    free(ms);

    jw_key(&j, "sent");
    jw_arr_begin(&j);
    st = al_stmt(a, "SELECT item, channel, sent_at, mid FROM alert_sent WHERE uid = ?1"
                    " ORDER BY sent_at, item");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    while (sqlite3_step(st) == SQLITE_ROW) {
        jw_obj_begin(&j);
        jw_kv_str(&j, "item", al_col(st, 0));
        jw_kv_str(&j, "channel", sqlite3_column_int(st, 1) == CH_WEBHOOK ? "webhook" : "mail");
        jw_kv_int(&j, "sent_at", sqlite3_column_int64(st, 2));
        jw_kv_int(&j, "monitor", sqlite3_column_int64(st, 3));
        jw_obj_end(&j);
    }
    sqlite3_reset(st);
    jw_arr_end(&j);

    jw_key(&j, "deliveries");
    jw_arr_begin(&j);
    st = al_stmt(a, "SELECT did, channel, status, attempts, created_at, sent_at, last_error"
                    " FROM alert_delivery WHERE uid = ?1 ORDER BY did");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    while (sqlite3_step(st) == SQLITE_ROW) {
        jw_obj_begin(&j);
        jw_kv_int(&j, "id", sqlite3_column_int64(st, 0));
        jw_kv_str(&j, "channel", sqlite3_column_int(st, 1) == CH_WEBHOOK ? "webhook" : "mail");
        jw_kv_str(&j, "status", al_col(st, 2));
        jw_kv_int(&j, "attempts", sqlite3_column_int64(st, 3));
        jw_kv_int(&j, "created_at", sqlite3_column_int64(st, 4));
        if (sqlite3_column_type(st, 5) == SQLITE_NULL)
            jw_kv_null(&j, "sent_at");
        else
            jw_kv_int(&j, "sent_at", sqlite3_column_int64(st, 5));
        jw_kv_str(&j, "last_error", sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL : al_col(st, 6));
        jw_obj_end(&j);
    }
    sqlite3_reset(st);
    jw_arr_end(&j);

    /* Bounces: counts, times and the last reason code (the token is not personal data of the
     * user but a key to their account: left out). */
    struct bounce_state b;
    int hb = alerts_user_bounces(a, uid, &b);
    if (hb < 0)
        return -1;
    jw_key(&j, "bounces");
    if (!hb) {
        jw_null(&j);
    } else {
        jw_obj_begin(&j);
        jw_kv_int(&j, "hard", b.hard);
        jw_kv_int(&j, "soft", b.soft);
        if (b.last_at)
            jw_kv_int(&j, "last_at", b.last_at);
        else
            jw_kv_null(&j, "last_at");
        jw_kv_str(&j, "last_kind", b.last_kind);
        jw_kv_str(&j, "last_code", b.last_code);
        if (b.suspended_at)
            jw_kv_int(&j, "mail_suspended_at", b.suspended_at);
        else
            jw_kv_null(&j, "mail_suspended_at");
        if (b.ok_since) /* the clean stretch that makes hard bounces forgotten (bounce.h) */
            jw_kv_int(&j, "mail_accepted_since", b.ok_since);
        else
            jw_kv_null(&j, "mail_accepted_since");
        jw_obj_end(&j);
    }
    jw_obj_end(&j);
    return jw_done(&j) ? 0 : al_fail(a, "export: JSON writer misuse");
}

/* ---- links without signing in ---- */

void al_link_mac(struct alerts *a, char scope, int64_t id, const char *salt, char out[AC_MAC_TEXT])
{
    char msg[160];
    snprintf(msg, sizeof msg, "%c:%lld:%s", scope, (long long)id, salt);
    ac_mac_text(a->secret, sizeof a->secret, msg, out);
}

static int make_url(struct alerts *a, int64_t uid, char scope, int64_t id, const char *path,
                    char *out, size_t outlen)
{
    char salt[64], mac[AC_MAC_TEXT];
    int rc = al_user_salt(a, uid, salt, sizeof salt);
    if (rc <= 0)
        return rc < 0 ? -1 : al_fail(a, "no such user");
    al_link_mac(a, scope, id, salt, mac);
    int n = snprintf(out, outlen, "%s%s/%lld/%s", a->cfg.base_url, path, (long long)id, mac);
    return n < 0 || (size_t)n >= outlen ? al_fail(a, "URL too long") : 0;
}

int alerts_manage_url(struct alerts *a, int64_t uid, char *out, size_t outlen)
{
    return make_url(a, uid, 'b', uid, "/beheer", out, outlen);
}

int alerts_unsubscribe_url(struct alerts *a, int64_t uid, int64_t mid, char *out, size_t outlen)
{
    if (mid)
        return make_url(a, uid, 'm', mid, "/afmelden/m", out, outlen);
    return make_url(a, uid, 'u', uid, "/afmelden/u", out, outlen);
}

int alerts_feed_url(struct alerts *a, int64_t uid, char *out, size_t outlen)
{
    return make_url(a, uid, 'f', uid, "/volg/feed", out, outlen);
}

int alerts_link_check(struct alerts *a, char scope, int64_t id, const char *mac, int64_t *uid)
{
    int64_t owner = id;
    if (scope == 'm') {
        struct monitor_info m;
        int rc = alerts_monitor_get(a, id, &m);
        if (rc <= 0)
            return rc;
        owner = m.uid;
    }
    char salt[64], want[AC_MAC_TEXT];
    int rc = al_user_salt(a, owner, salt, sizeof salt);
    if (rc <= 0)
        return rc;
    al_link_mac(a, scope, id, salt, want);
    if (!ac_streq_ct(want, mac))
        return 0;
    if (uid)
        *uid = owner;
    return 1;
}

/* ---- sign-in tokens and sessions ---- */

int acct_signin_create(struct alerts *a, const char *email, char token[AC_TOKEN_TEXT])
{
    char hash[AC_HEX_LEN];
    if (ac_token(token))
        return al_fail(a, "no randomness from the kernel");
    ac_sha256_hex(token, hash);
    sqlite3_stmt *st = al_stmt(a, "INSERT INTO alert_signin(hash, email, expires_at)"
                                  " VALUES(?1, ?2, ?3)");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, email, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, alerts_now(a) + ALERT_SIGNIN_TTL);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "sign-in token");
}

int acct_signin_consume(struct alerts *a, const char *token, int64_t *uid, bool *created)
{
    char hash[AC_HEX_LEN], email[ACCT_EMAIL_MAX + 1];
    if (strlen(token) > 64)
        return 0;
    ac_sha256_hex(token, hash);
    if (al_begin(a))
        return -1;
    sqlite3_stmt *st = al_stmt(a, "UPDATE alert_signin SET used = 1 WHERE hash = ?1"
                                  " AND used = 0 AND expires_at > ?2 RETURNING email");
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, alerts_now(a));
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        al_copy(email, sizeof email, al_col(st, 0));
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        al_rollback(a);
        return 0;
    }
    if (rc != SQLITE_ROW) {
        al_fail_db(a, "sign-in");
        goto fail;
    }
    if (alerts_user_ensure(a, email, uid, created))
        goto fail;
    /* The sign-in mail arrived and its link was followed: the address works again. */
    if (alerts_user_resume(a, *uid))
        goto fail;
    return al_commit(a) ? -1 : 1;
fail:
    al_rollback(a);
    return -1;
}

int acct_session_create(struct alerts *a, int64_t uid, char sid[AC_TOKEN_TEXT])
{
    char hash[AC_HEX_LEN];
    if (ac_token(sid))
        return al_fail(a, "no randomness from the kernel");
    ac_sha256_hex(sid, hash);
    sqlite3_stmt *st = al_stmt(a, "INSERT INTO alert_session(hash, uid, expires_at)"
                                  " VALUES(?1, ?2, ?3)");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, uid);
    sqlite3_bind_int64(st, 3, alerts_now(a) + ALERT_SESSION_TTL);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "session");
}

int acct_session_lookup(struct alerts *a, const char *sid, int64_t *uid)
{
    if (!sid || !*sid || strlen(sid) > 64)
        return 0;
    char hash[AC_HEX_LEN];
    ac_sha256_hex(sid, hash);
    sqlite3_stmt *st = al_stmt(a, "SELECT s.uid FROM alert_session s JOIN alert_user u"
                                  " ON u.uid = s.uid WHERE s.hash = ?1 AND s.expires_at > ?2");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, alerts_now(a));
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *uid = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : al_fail_db(a, "session");
}

int acct_session_end(struct alerts *a, const char *sid)
{
    char hash[AC_HEX_LEN];
    ac_sha256_hex(sid, hash);
    sqlite3_stmt *st = al_stmt(a, "DELETE FROM alert_session WHERE hash = ?1");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "end session");
}

int acct_cleanup(struct alerts *a)
{
    sqlite3_stmt *st = al_stmt(a, "DELETE FROM alert_session WHERE expires_at <= ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, alerts_now(a));
    if (sqlite3_step(st) != SQLITE_DONE)
        return al_fail_db(a, "cleanup");
    st = al_stmt(a, "DELETE FROM alert_signin WHERE expires_at <= ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, alerts_now(a) - 86400); /* kept a day: "this link was used" */
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "cleanup");
}

void acct_csrf(struct alerts *a, const char *binding, char out[AC_MAC_TEXT])
{
    char msg[128];
    snprintf(msg, sizeof msg, "csrf:%.100s", binding ? binding : "");
    ac_mac_text(a->secret, sizeof a->secret, msg, out);
}

bool acct_csrf_ok(struct alerts *a, const char *binding, const char *token)
{
    if (!binding || !*binding || !token || !*token)
        return false;
    char want[AC_MAC_TEXT];
    acct_csrf(a, binding, want);
    return ac_streq_ct(want, token);
}

/* ---- rate limits ---- */

void rl_init(struct ratelimit *r, int max, int64_t window_s)
{
    memset(r, 0, sizeof *r);
    pthread_mutex_init(&r->mu, NULL);
    r->max = max;
    r->window = window_s;
    if (ac_random(r->key, sizeof r->key))
        memset(r->key, 0x5a, sizeof r->key); /* still keyed per process; no address is kept */
}

void rl_destroy(struct ratelimit *r)
{
    pthread_mutex_destroy(&r->mu);
}

bool rl_allow(struct ratelimit *r, const char *key, int64_t now)
{
    uint8_t d[AC_SHA256_LEN];
    ac_hmac_sha256(r->key, sizeof r->key, key, strlen(key), d);
    uint64_t h;
    memcpy(&h, d, sizeof h);
    h |= 1; /* 0 marks a free slot */
    pthread_mutex_lock(&r->mu);
    /* Open addressing over 8 neighbours: the key's own slot, else a free or expired one,
     * else the one whose window started longest ago. */
    size_t base = (size_t)(h >> 20) % RL_SLOTS;
    struct rl_slot *s = NULL, *free_slot = NULL, *oldest = NULL;
    for (size_t i = 0; i < 8; i++) {
        struct rl_slot *c = &r->slot[(base + i) % RL_SLOTS];
        if (c->h == h) {
            s = c;
            break;
        }
        if (!free_slot && (c->h == 0 || now - c->start >= r->window))
            free_slot = c;
        if (!oldest || c->start < oldest->start)
            oldest = c;
    }
    if (!s) {
        s = free_slot ? free_slot : oldest;
        s->h = h;
        s->start = now;
        s->count = 0;
    }
    if (now - s->start >= r->window) {
        s->start = now;
        s->count = 0;
    }
    bool ok = s->count < r->max;
    if (ok)
        s->count++;
    pthread_mutex_unlock(&r->mu);
    return ok;
}
