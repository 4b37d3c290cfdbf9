/*
 * db — the alert_* tables, opening a struct alerts, the statement cache and SQL helpers.
 *
 * Tables (all in the store's database, created here, never touched by the store):
 *   alert_meta(key, value)                 the server secret (random, made once)
 *   alert_user(uid, email, created_at, salt, webhook_url, webhook_secret)
 *                                          salt: random; changing it revokes every link
 *   alert_signin(hash, email, expires_at, used)    SHA-256 of sign-in tokens, single use
 *   alert_session(hash, uid, expires_at)   SHA-256 of session ids
 *   alert_monitor(mid, uid, kind, arg, label, freq, watermark, created_at, last_run_at,
 *                 last_sent_at, sent_count, active)
 *   alert_item(category, id, fp, seq, kind, at, status, status_seq)
 *                                          our ingest sequence: seq moves only on real change
 *   alert_scan(category, skiptoken)        how far the store has been scanned
 *   alert_delivery(did, uid, rcpt, channel, status, attempts, next_try_at, created_at,
 *                  sent_at, last_error, message_id, payload)        the outbox
 *   alert_delivery_item(did, item, mid, title, url)
 *   alert_sent(uid, channel, item, did, mid, sent_at)               the sent ledger
 *   alert_bounce(uid, token, hard, soft, last_at, last_kind, last_code, suspended_at, ok_since)
 *                                          bounces of an account (bounce.c): counts, when,
 *                                          the last reason code; nothing of the messages
 * alert_delivery.rcpt holds the address only for sign-in mails (no user yet) and is cleared
 * with the payload once a delivery is done.
 */
#include "alerts/alerts_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef KW_HAVE_DUTCH
#include "text/fts5_dutch.h"
#endif

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS alert_meta(key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS alert_user(uid INTEGER PRIMARY KEY,"
    " email TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, salt TEXT NOT NULL,"
    " webhook_url TEXT, webhook_secret TEXT);"
    "CREATE TABLE IF NOT EXISTS alert_signin(hash TEXT PRIMARY KEY, email TEXT NOT NULL,"
    " expires_at INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS alert_session(hash TEXT PRIMARY KEY, uid INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS alert_session_uid ON alert_session(uid);"
    "CREATE TABLE IF NOT EXISTS alert_monitor(mid INTEGER PRIMARY KEY, uid INTEGER NOT NULL,"
    " kind TEXT NOT NULL, arg TEXT NOT NULL, label TEXT NOT NULL,"
    " freq TEXT NOT NULL DEFAULT 'immediate', watermark INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, last_run_at INTEGER, last_sent_at INTEGER,"
    " sent_count INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1);"
    "CREATE INDEX IF NOT EXISTS alert_monitor_uid ON alert_monitor(uid);"
    "CREATE TABLE IF NOT EXISTS alert_item(category TEXT NOT NULL, id TEXT NOT NULL,"
    " fp INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL,"
    " status TEXT, status_seq INTEGER, PRIMARY KEY(category, id)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS alert_item_seq ON alert_item(seq);"
    "CREATE INDEX IF NOT EXISTS alert_item_at ON alert_item(at);"
    "CREATE INDEX IF NOT EXISTS alert_item_status_seq ON alert_item(status_seq)"
    " WHERE status_seq IS NOT NULL;"
    "CREATE TABLE IF NOT EXISTS alert_scan(category TEXT PRIMARY KEY,"
    " skiptoken INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS alert_delivery(did INTEGER PRIMARY KEY, uid INTEGER,"
    " rcpt TEXT, channel INTEGER NOT NULL, status TEXT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0, next_try_at INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, sent_at INTEGER, last_error TEXT, message_id TEXT,"
    " payload BLOB);"
    "CREATE INDEX IF NOT EXISTS alert_delivery_due ON alert_delivery(status, next_try_at);"
    "DROP INDEX IF EXISTS alert_delivery_uid;" /* (uid) alone: replaced by (uid, status) */
    "CREATE INDEX IF NOT EXISTS alert_delivery_user ON alert_delivery(uid, status);"
    "CREATE TABLE IF NOT EXISTS alert_delivery_item(did INTEGER NOT NULL, item TEXT NOT NULL,"
    " mid INTEGER NOT NULL, title TEXT, url TEXT, PRIMARY KEY(did, item)) WITHOUT ROWID;"
    /* items are only ever looked up within a delivery (did, item): no index on item alone */
    "DROP INDEX IF EXISTS alert_delivery_item_item;"
    "CREATE TABLE IF NOT EXISTS alert_sent(uid INTEGER NOT NULL, channel INTEGER NOT NULL,"
    " item TEXT NOT NULL, did INTEGER, mid INTEGER, sent_at INTEGER NOT NULL,"
    " PRIMARY KEY(uid, channel, item)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS alert_bounce(uid INTEGER PRIMARY KEY,"
    " token TEXT NOT NULL UNIQUE, hard INTEGER NOT NULL DEFAULT 0,"
    " soft INTEGER NOT NULL DEFAULT 0, last_at INTEGER, last_kind TEXT, last_code TEXT,"
    " suspended_at INTEGER, ok_since INTEGER);";

int al_schema(sqlite3 *db, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db, schema_sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "alert tables: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    /* alert_bounce.ok_since came later (hard bounces are forgotten, bounce.h): added to a
     * database made before it. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info('alert_bounce')"
                               " WHERE name = 'ok_since'", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "alert tables: %s", sqlite3_errmsg(db));
        return -1;
    }
    int have = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (have == 0 && sqlite3_exec(db, "ALTER TABLE alert_bounce ADD COLUMN ok_since INTEGER",
                                  NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "alert tables: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return have < 0 ? (snprintf(err, errlen, "alert tables: %s", sqlite3_errmsg(db)), -1) : 0;
}

int al_fail(struct alerts *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->err, sizeof a->err, fmt, ap);
    va_end(ap);
    return -1;
}

int al_fail_db(struct alerts *a, const char *what)
{
    return al_fail(a, "%s: %s", what, sqlite3_errmsg(a->db));
}

sqlite3_stmt *al_stmt(struct alerts *a, const char *sql)
{
    for (size_t i = 0; i < a->ncache; i++)
        if (a->cache[i].sql == sql) {
            sqlite3_reset(a->cache[i].st);
            sqlite3_clear_bindings(a->cache[i].st);
            return a->cache[i].st;
        }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(a->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        al_fail(a, "prepare: %s (%.80s)", sqlite3_errmsg(a->db), sql);
        return NULL;
    }
    if (a->ncache < ALERT_STMT_CACHE) {
        a->cache[a->ncache].sql = sql;
        a->cache[a->ncache].st = st;
        a->ncache++;
    } else {
        /* Should not happen (the SQL texts are a fixed set): keep working, leak-free. */
        sqlite3_finalize(a->cache[0].st);
        a->cache[0].sql = sql;
        a->cache[0].st = st;
    }
    return st;
}

int al_exec(struct alerts *a, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(a->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        al_fail(a, "%s: %s", sql, msg ? msg : sqlite3_errmsg(a->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Transactions nest: the outermost is BEGIN IMMEDIATE (so a writer never has to upgrade a
 * read lock), inner ones are savepoints. A dry run wraps a whole pass in one. */
int al_begin(struct alerts *a)
{
    if (a->depth == 0 && !sqlite3_get_autocommit(a->db))
        return al_fail(a, "a transaction is already open on this connection");
    if (al_exec(a, a->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT al"))
        return -1;
    a->depth++;
    return 0;
}

int al_commit(struct alerts *a)
{
    if (a->depth <= 0)
        return al_fail(a, "commit without a transaction");
    if (al_exec(a, a->depth == 1 ? "COMMIT" : "RELEASE al"))
        return -1;
    a->depth--;
    return 0;
}

void al_rollback(struct alerts *a)
{
    if (a->depth <= 0)
        return;
    if (a->depth == 1)
        sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
    else
        sqlite3_exec(a->db, "ROLLBACK TO al; RELEASE al", NULL, NULL, NULL);
    a->depth--;
}

const char *al_col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

void al_copy(char *dst, size_t n, const char *src)
{
    if (!n)
        return;
    size_t l = src ? strlen(src) : 0;
    if (l >= n) {
        l = n - 1;
        /* do not cut a UTF-8 sequence in half */
        while (l > 0 && ((unsigned char)src[l] & 0xC0) == 0x80)
            l--;
    }
    if (l)
        memcpy(dst, src, l);
    dst[l] = '\0';
}

static int load_secret(struct alerts *a)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT value FROM alert_meta WHERE key='secret'");
    if (!st)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == ALERT_SECRET_LEN) {
        memcpy(a->secret, sqlite3_column_blob(st, 0), ALERT_SECRET_LEN);
        sqlite3_reset(st);
        return 0;
    }
    sqlite3_reset(st);
    if (ac_random(a->secret, sizeof a->secret))
        return al_fail(a, "no randomness from the kernel for the server secret");
    /* INSERT OR IGNORE then read back: two processes starting at once agree on one secret. */
    st = al_stmt(a, "INSERT OR IGNORE INTO alert_meta(key, value) VALUES('secret', ?1)");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, a->secret, ALERT_SECRET_LEN, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        return al_fail_db(a, "store the secret");
    st = al_stmt(a, "SELECT value FROM alert_meta WHERE key='secret'");
    if (!st || sqlite3_step(st) != SQLITE_ROW || sqlite3_column_bytes(st, 0) != ALERT_SECRET_LEN)
        return al_fail(a, "cannot read the server secret back");
    memcpy(a->secret, sqlite3_column_blob(st, 0), ALERT_SECRET_LEN);
    sqlite3_reset(st);
    return 0;
}

int alerts_open(sqlite3 *db, const struct alerts_opts *o, struct alerts **out, char *err,
                size_t errlen)
{
    *out = NULL;
    struct alerts *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    a->db = db;
    if (o && o->cfg)
        a->cfg = *o->cfg;
    else
        cfg_defaults(&a->cfg);
    a->search = o && o->search ? *o->search : alert_search_builtin;
    a->clock = o ? o->clock : NULL;
    a->clock_ctx = o ? o->clock_ctx : NULL;
    sqlite3_busy_timeout(db, 10000);
#ifdef KW_HAVE_DUTCH
    text_register_fts5(db); /* the batch index of saved searches uses it */
#endif
    if (al_schema(db, err, errlen) || load_secret(a)) {
        if (a->err[0])
            snprintf(err, errlen, "%s", a->err);
        alerts_close(a);
        return -1;
    }
    *out = a;
    return 0;
}

void alerts_close(struct alerts *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->ncache; i++)
        sqlite3_finalize(a->cache[i].st);
    free(a);
}

const char *alerts_errmsg(const struct alerts *a)
{
    return a->err;
}

int64_t alerts_now(const struct alerts *a)
{
    return a->clock ? a->clock(a->clock_ctx) : (int64_t)time(NULL);
}

sqlite3 *alerts_db(struct alerts *a)
{
    return a->db;
}
