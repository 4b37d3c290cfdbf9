/*
 * outbox — every mail and webhook call goes through alert_delivery: queued in the same
 * transaction that moves the watermarks, sent outside any transaction, and only then, in one
 * transaction, marked sent with its items entered in the sent ledger. A temporary failure
 * leaves the row queued with the same bytes and Message-ID and a next_try_at that doubles
 * (retry_base, 2 x retry_base, ... up to retry_max); after max_attempts, or at once on a
 * permanent refusal, the row is 'failed' and the account page shows it. Bodies and the
 * recipient of sign-in mails are erased once a row is done.
 *
 * Bounces: a permanent refusal of an account's mail (5xx to RCPT TO or DATA) also counts a
 * hard bounce on the account (bounce.c); at the configured number its mail is suspended, and
 * from then on its queued mails become 'suspended' instead of being sent (webhooks go on).
 * With a bounce address configured, an account's mail carries its VERP envelope sender.
 */
#include "alerts/alerts_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts/bounce.h"
#include "alerts/smtp.h"
#include "alerts/webhook.h"

int al_outbox_put(struct alerts *a, int64_t uid, const char *rcpt, int channel,
                  const char *message_id, const char *payload, size_t len, int64_t *did)
{
    sqlite3_stmt *st = al_stmt(a, "INSERT INTO alert_delivery(uid, rcpt, channel, status,"
                                  " next_try_at, created_at, message_id, payload)"
                                  " VALUES(?1, ?2, ?3, 'queued', ?4, ?4, ?5, ?6)");
    if (!st)
        return -1;
    if (uid)
        sqlite3_bind_int64(st, 1, uid);
    if (rcpt)
        sqlite3_bind_text(st, 2, rcpt, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, channel);
    sqlite3_bind_int64(st, 4, alerts_now(a));
    sqlite3_bind_text(st, 5, message_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob64(st, 6, payload, len, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        return al_fail_db(a, "queue");
    if (did)
        *did = sqlite3_last_insert_rowid(a->db);
    return 0;
}

int al_outbox_item(struct alerts *a, int64_t did, const char *item, int64_t mid,
                   const char *title, const char *url)
{
    sqlite3_stmt *st = al_stmt(a, "INSERT OR IGNORE INTO alert_delivery_item(did, item, mid,"
                                  " title, url) VALUES(?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, did);
    sqlite3_bind_text(st, 2, item, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, mid);
    sqlite3_bind_text(st, 4, title, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, url, -1, SQLITE_TRANSIENT);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "queue item");
}

struct due {
    int64_t did, uid;
    int channel, attempts;
    char rcpt[320];
    char message_id[160];
    char *payload;
    size_t len;
};

static int mark_sent(struct alerts *a, const struct due *d)
{
    static const char *const sqls[] = {
        "INSERT OR IGNORE INTO alert_sent(uid, channel, item, did, mid, sent_at)"
        " SELECT ?2, ?3, item, did, mid, ?4 FROM alert_delivery_item WHERE did = ?1",
        "UPDATE alert_monitor SET last_sent_at = ?4, sent_count = sent_count +"
        " (SELECT count(*) FROM alert_delivery_item i WHERE i.did = ?1 AND i.mid ="
        " alert_monitor.mid) WHERE mid IN (SELECT mid FROM alert_delivery_item WHERE did = ?1)"
        " AND ?3 = 0",
        "UPDATE alert_delivery SET status = 'sent', sent_at = ?4, attempts = attempts + 1,"
        " last_error = NULL, payload = NULL, rcpt = NULL WHERE did = ?1",
    };
    if (al_begin(a))
        return -1;
    for (size_t i = 0; i < sizeof sqls / sizeof sqls[0]; i++) {
        sqlite3_stmt *st = al_stmt(a, sqls[i]);
        if (!st)
            goto fail;
        sqlite3_bind_int64(st, 1, d->did);
        sqlite3_bind_int64(st, 2, d->uid);
        sqlite3_bind_int(st, 3, d->channel);
        sqlite3_bind_int64(st, 4, alerts_now(a));
        if (sqlite3_step(st) != SQLITE_DONE) {
            al_fail_db(a, "mark sent");
            goto fail;
        }
    }
    if (d->uid && d->channel == CH_MAIL && alerts_bounce_delivered(a, d->uid))
        goto fail;
    if (!d->uid) { /* a sign-in mail: nothing to keep */
        sqlite3_stmt *st = al_stmt(a, "DELETE FROM alert_delivery WHERE did = ?1 AND uid IS NULL");
        if (!st)
            goto fail;
        sqlite3_bind_int64(st, 1, d->did);
        if (sqlite3_step(st) != SQLITE_DONE) {
            al_fail_db(a, "forget sign-in mail");
            goto fail;
        }
    }
    return al_commit(a);
fail:
    al_rollback(a);
    return -1;
}

static int mark_failed(struct alerts *a, const struct due *d, bool permanent, const char *why,
                       bool *gave_up)
{
    int attempts = d->attempts + 1;
    *gave_up = permanent || attempts >= a->cfg.max_attempts;
    int64_t delay = a->cfg.retry_base_s;
    for (int i = 1; i < attempts && delay < a->cfg.retry_max_s; i++)
        delay *= 2;
    if (delay > a->cfg.retry_max_s)
        delay = a->cfg.retry_max_s;
    sqlite3_stmt *st = al_stmt(a, "UPDATE alert_delivery SET attempts = ?2, last_error = ?3,"
                                  " next_try_at = ?4, status = CASE WHEN ?5 THEN 'failed'"
                                  " ELSE 'queued' END,"
                                  " payload = CASE WHEN ?5 AND uid IS NULL THEN NULL ELSE payload END,"
                                  " rcpt = CASE WHEN ?5 THEN NULL ELSE rcpt END WHERE did = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->did);
    sqlite3_bind_int(st, 2, attempts);
    sqlite3_bind_text(st, 3, why, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, alerts_now(a) + delay);
    sqlite3_bind_int(st, 5, *gave_up);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "mark failed");
}

/* An account whose mail is suspended: the row is kept (the feed shows its items), unsent. */
static int mark_suspended(struct alerts *a, const struct due *d)
{
    sqlite3_stmt *st = al_stmt(a, "UPDATE alert_delivery SET status = 'suspended',"
                                  " payload = NULL, last_error = 'bezorging per e-mail gepauzeerd'"
                                  " WHERE did = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->did);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "suspend delivery");
}

/* Who receives a row: the user's address or webhook, or the stored address of a sign-in
 * mail. Returns 1, 0 when there is nobody any more (account deleted, webhook removed). */
static int recipient(struct alerts *a, const struct due *d, char *to, size_t tolen, char *secret,
                     size_t secretlen)
{
    if (!d->uid) {
        al_copy(to, tolen, d->rcpt);
        return to[0] != '\0';
    }
    sqlite3_stmt *st = al_stmt(a, "SELECT email, coalesce(webhook_url, ''),"
                                  " coalesce(webhook_secret, '') FROM alert_user WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->uid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        al_copy(to, tolen, al_col(st, d->channel == CH_WEBHOOK ? 1 : 0));
        al_copy(secret, secretlen, al_col(st, 2));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return al_fail_db(a, "recipient");
    return rc == SQLITE_ROW && to[0];
}

#define DELIVER_BATCH 200

static int deliver_batch(struct alerts *a, struct alerts_report *r, struct due *ds, size_t *count,
                         int64_t *after, bool *smtp_down_io);

int alerts_deliver(struct alerts *a, struct alerts_report *r)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct due *ds = calloc(DELIVER_BATCH, sizeof *ds);
    if (!ds)
        abort();
    int rc = 0;
    /* One server that is down is not hammered once per row: after a temporary failure of
     * the SMTP connection, the remaining mails of this call wait for the next. */
    bool smtp_down = false;
    int64_t after = 0;
    size_t n = DELIVER_BATCH;
    /* Everything due, in batches of DELIVER_BATCH rows by did (each row once per call, so a
     * row that failed again is not retried in the same call). */
    while (rc == 0 && n == DELIVER_BATCH) {
        rc = deliver_batch(a, r, ds, &n, &after, &smtp_down);
    }
    free(ds);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds_deliver += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return rc;
}

static int deliver_batch(struct alerts *a, struct alerts_report *r, struct due *ds, size_t *count,
                         int64_t *after, bool *smtp_down_io)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT did, coalesce(uid, 0), coalesce(rcpt, ''), channel,"
                                  " attempts, coalesce(message_id, ''), payload"
                                  " FROM alert_delivery WHERE status = 'queued'"
                                  " AND next_try_at <= ?1 AND did > ?3 ORDER BY did LIMIT ?2");
    *count = 0;
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, alerts_now(a));
    sqlite3_bind_int(st, 2, DELIVER_BATCH);
    sqlite3_bind_int64(st, 3, *after);
    memset(ds, 0, DELIVER_BATCH * sizeof *ds);
    size_t n = 0;
    while (n < DELIVER_BATCH && sqlite3_step(st) == SQLITE_ROW) {
        struct due *d = &ds[n++];
        d->did = sqlite3_column_int64(st, 0);
        d->uid = sqlite3_column_int64(st, 1);
        al_copy(d->rcpt, sizeof d->rcpt, al_col(st, 2));
        d->channel = sqlite3_column_int(st, 3);
        d->attempts = sqlite3_column_int(st, 4);
        al_copy(d->message_id, sizeof d->message_id, al_col(st, 5));
        d->len = (size_t)sqlite3_column_bytes(st, 6);
        d->payload = malloc(d->len + 1);
        if (!d->payload)
            abort();
        if (d->len)
            memcpy(d->payload, sqlite3_column_blob(st, 6), d->len);
        d->payload[d->len] = '\0';
    }
    sqlite3_reset(st);
    *count = n;
    if (n)
        *after = ds[n - 1].did;
    int rc = 0;
    bool smtp_down = *smtp_down_io;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct due *d = &ds[i];
        char to[1024] = "", secret[128] = "", err[512] = "";
        int who = recipient(a, d, to, sizeof to, secret, sizeof secret);
        if (who < 0) {
            rc = -1;
            break;
        }
        bool gave_up = false;
        if (!who) {
            rc = mark_failed(a, d, true, "no recipient any more", &gave_up);
            r->delivery_gave_up++;
            continue;
        }
        char envelope[CFG_STR + 64] = "";
        if (d->uid && d->channel == CH_MAIL) {
            int sus = alerts_user_suspended(a, d->uid);
            if (sus == 1) {
                rc = mark_suspended(a, d);
                r->delivery_suspended++;
                continue;
            }
            if (sus < 0 || alerts_bounce_envelope(a, d->uid, envelope, sizeof envelope) < 0) {
                rc = -1;
                break;
            }
        }
        struct smtp_reply reply = {0, "", false};
        int res;
        if (d->channel == CH_WEBHOOK) {
            char idtext[32];
            snprintf(idtext, sizeof idtext, "%lld", (long long)d->did);
            res = (int)webhook_post(to, secret, idtext, d->payload, d->len, alerts_now(a),
                                    a->cfg.webhook_private, err,
                                    sizeof err);
        } else if (smtp_down) {
            res = SMTP_TEMPORARY;
            snprintf(err, sizeof err, "SMTP server unavailable in this round");
        } else {
            res = (int)smtp_send(&a->cfg, envelope[0] ? envelope : NULL, to, d->payload, d->len,
                                 &reply, err, sizeof err);
            if (res == SMTP_TEMPORARY)
                smtp_down = true;
        }
        if (res == 0) {
            rc = mark_sent(a, d);
            r->delivered++;
        } else {
            rc = mark_failed(a, d, res == 2, err, &gave_up);
            if (!rc && res == SMTP_PERMANENT && d->channel == CH_MAIL && d->uid) {
                char code[32];
                snprintf(code, sizeof code, "smtp %d%s%s", reply.code, reply.enhanced[0] ? " " : "",
                         reply.enhanced);
                if (alerts_bounce_count(a, d->uid, true, code) < 0)
                    rc = -1;
                r->bounces_hard++;
            }
            if (gave_up)
                r->delivery_gave_up++;
            else
                r->delivery_retry_later++;
            r->delivery_failed++;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(ds[i].payload);
    *smtp_down_io = smtp_down;
    return rc;
}
