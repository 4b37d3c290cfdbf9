/*
 * pass — one alerts pass: ingest, then per user every due monitor over its window
 * (watermark, top], items merged across monitors and filtered by the sent ledger and the
 * outbox, one mail (and one webhook call) queued, watermarks moved — in one transaction per
 * user — and finally delivery of what is due.
 *
 * Due: an immediate monitor on every pass; a daily one when a day (less five minutes, so a
 * schedule of whole cycles does not drift) has passed since it last ran or was created; a
 * weekly one likewise. A monitor that is not due keeps its watermark, so a digest covers
 * everything since the previous one. Saved searches of all users run together, once, against
 * the batch of items above the lowest of their watermarks.
 */
#include "alerts/alerts_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts/bounce.h"
#include "alerts/smtp.h"

#define DUE_SLACK 300

static bool is_due(const struct monitor_info *m, int64_t now, bool force)
{
    if (!m->active)
        return false;
    if (m->freq == FREQ_IMMEDIATE || force)
        return true;
    int64_t period = m->freq == FREQ_DAILY ? 86400 : 7 * 86400;
    int64_t last = m->last_run_at ? m->last_run_at : m->created_at;
    return now >= last + period - DUE_SLACK;
}

/* The hits of one user, found by item through an open-addressing hash of positions + 1
 * (a user may get thousands of items in one pass: no linear search per row). */
struct hit_index {
    size_t *slot;
    size_t cap; /* a power of two, at least twice the hits */
};

static uint64_t item_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static void index_grow(struct hit_index *x, const struct user_batch *u)
{
    size_t cap = x->cap ? x->cap * 2 : 64;
    size_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        abort();
    for (size_t i = 0; i < u->n; i++) {
        size_t k = (size_t)item_hash(u->hits[i].item) & (cap - 1);
        while (slot[k])
            k = (k + 1) & (cap - 1);
        slot[k] = i + 1;
    }
    free(x->slot);
    x->slot = slot;
    x->cap = cap;
}

static struct hit *hit_for(struct user_batch *u, struct hit_index *x, const struct match_row *r)
{
    if ((u->n + 1) * 2 > x->cap)
        index_grow(x, u);
    size_t k = (size_t)item_hash(r->item) & (x->cap - 1);
    for (; x->slot[k]; k = (k + 1) & (x->cap - 1))
        if (!strcmp(u->hits[x->slot[k] - 1].item, r->item))
            return &u->hits[x->slot[k] - 1];
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 16;
        struct hit *p = realloc(u->hits, u->cap * sizeof *p);
        if (!p)
            abort();
        u->hits = p;
    }
    x->slot[k] = u->n + 1;
    struct hit *h = &u->hits[u->n++];
    memset(h, 0, sizeof *h);
    al_copy(h->item, sizeof h->item, r->item);
    al_copy(h->category, sizeof h->category, r->category);
    al_copy(h->id, sizeof h->id, r->id);
    h->seq = r->seq;
    return h;
}

static void add_rows(struct user_batch *u, struct hit_index *x, const struct monitor_info *m,
                     const struct match_set *ms)
{
    for (size_t i = 0; i < ms->n; i++) {
        const struct match_row *r = &ms->rows[i];
        if (r->seq <= m->watermark)
            continue; /* from a shared search batch that started lower */
        struct hit *h = hit_for(u, x, r);
        if (h->nvia < HIT_MAX_VIA) {
            h->via[h->nvia].mid = m->mid;
            al_copy(h->via[h->nvia].reason, sizeof h->via[h->nvia].reason,
                    r->reason ? r->reason : "");
            h->nvia++;
        }
    }
}

/* The candidates of one user and the display data of the items of this pass, in temporary
 * tables of this connection: the ledger check and the outbox rows are then one statement
 * each, whatever the number of items. */
static const char sql_temp_tables[] =
    "CREATE TEMP TABLE IF NOT EXISTS al_cand(item TEXT PRIMARY KEY, pos INTEGER NOT NULL,"
    " mid INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TEMP TABLE IF NOT EXISTS al_view(item TEXT PRIMARY KEY, title TEXT, url TEXT)"
    " WITHOUT ROWID;"
    "DELETE FROM temp.al_view";

/* Drops the hits already sent to this user (on any channel) or waiting in one of their
 * queued deliveries; keeps the order of the rest. */
static int drop_known(struct alerts *a, struct user_batch *u)
{
    sqlite3_stmt *st = al_stmt(a, "DELETE FROM temp.al_cand");
    if (!st || sqlite3_step(st) != SQLITE_DONE)
        return st ? al_fail_db(a, "candidates") : -1;
    st = al_stmt(a, "INSERT INTO temp.al_cand(item, pos, mid) VALUES(?1, ?2, ?3)");
    if (!st)
        return -1;
    for (size_t i = 0; i < u->n; i++) {
        sqlite3_bind_text(st, 1, u->hits[i].item, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        sqlite3_bind_int64(st, 3, u->hits[i].via[0].mid);
        if (sqlite3_step(st) != SQLITE_DONE)
            return al_fail_db(a, "candidate");
        sqlite3_reset(st);
    }
    /* The user's queued deliveries first (CROSS JOIN keeps that order): a few rows by
     * (uid, status), then (did, item) lookups, never a scan of everyone's queue. */
    st = al_stmt(a, "DELETE FROM temp.al_cand WHERE EXISTS(SELECT 1 FROM alert_sent s"
                    " WHERE s.uid = ?1 AND s.channel IN (0, 1) AND s.item = al_cand.item)"
                    " OR EXISTS(SELECT 1 FROM alert_delivery d CROSS JOIN alert_delivery_item i"
                    " WHERE d.uid = ?1 AND d.status = 'queued' AND i.did = d.did"
                    " AND i.item = al_cand.item)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, u->uid);
    if (sqlite3_step(st) != SQLITE_DONE)
        return al_fail_db(a, "ledger");
    if (sqlite3_changes(a->db) == 0)
        return 0;
    st = al_stmt(a, "SELECT pos FROM temp.al_cand ORDER BY pos");
    if (!st)
        return -1;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t pos = (size_t)sqlite3_column_int64(st, 0);
        if (pos < u->n && pos != n)
            u->hits[n] = u->hits[pos];
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return al_fail_db(a, "ledger");
    u->n = n;
    return 0;
}

/* Title and link of every candidate not seen yet in this pass, into temp.al_view: one
 * al_item_view per item and pass, not per user and item. */
static int fill_views(struct alerts *a, const struct user_batch *u)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT c.pos FROM temp.al_cand c WHERE NOT EXISTS(SELECT 1"
                                  " FROM temp.al_view v WHERE v.item = c.item)");
    if (!st)
        return -1;
    size_t *todo = NULL, n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t pos = (size_t)sqlite3_column_int64(st, 0);
        if (pos >= u->n)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            size_t *p = realloc(todo, cap * sizeof *p);
            if (!p)
                abort();
            todo = p;
        }
        todo[n++] = pos;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(todo);
        return al_fail_db(a, "views");
    }
    rc = 0;
    for (size_t k = 0; k < n && !rc; k++) {
        const struct hit *h = &u->hits[todo[k]];
        struct item_view v;
        rc = al_item_view(a, h->category, h->id, h->item, &v);
        if (rc)
            break;
        st = al_stmt(a, "INSERT OR REPLACE INTO temp.al_view(item, title, url) VALUES(?1, ?2, ?3)");
        if (!st) {
            rc = -1;
            break;
        }
        sqlite3_bind_text(st, 1, h->item, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, v.title, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, v.url, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = al_fail_db(a, "view");
        sqlite3_reset(st);
    }
    free(todo);
    return rc;
}

/* The items of a queued delivery, all at once from the candidates of the user. */
static int put_items(struct alerts *a, int64_t did, bool with_view)
{
    sqlite3_stmt *st = al_stmt(a, with_view
        ? "INSERT OR IGNORE INTO alert_delivery_item(did, item, mid, title, url)"
          " SELECT ?1, c.item, c.mid, v.title, v.url FROM temp.al_cand c"
          " LEFT JOIN temp.al_view v ON v.item = c.item"
        : "INSERT OR IGNORE INTO alert_delivery_item(did, item, mid) SELECT ?1, c.item, c.mid"
          " FROM temp.al_cand c");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, did);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "queue items");
}

/* Search hits carry no reason yet (see search_builtin.c): the highlighted snippet for the
 * ones a mail shows (the first ALERT_MAX_ITEMS_PER_MAIL in mail order), made once per (query,
 * item) in the pass and shared between users; the rest name the query. */
static int explain_searches(struct alerts *a, struct al_explainer *x, struct user_batch *u)
{
    for (size_t i = 0; i < u->n; i++) {
        struct hit *h = &u->hits[i];
        for (size_t k = 0; k < h->nvia; k++) {
            const struct monitor_info *m = batch_monitor(u, h->via[k].mid);
            if (!m || m->kind != MON_SEARCH || h->via[k].reason[0])
                continue;
            if (i < ALERT_MAX_ITEMS_PER_MAIL) {
                const char *why = al_explain(x, m->arg, h->item, h->category, h->id);
                if (!why)
                    return al_fail_db(a, "snippet");
                al_copy(h->via[k].reason, sizeof h->via[k].reason, why);
            }
            if (!h->via[k].reason[0])
                snprintf(h->via[k].reason, sizeof h->via[k].reason, "zoekopdracht: %.400s",
                         m->arg);
        }
    }
    return 0;
}

/* An account whose mail is suspended (bounces) keeps its items (the Atom feed, the account
 * page) in a row that is never sent. */
static int hold_if_suspended(struct alerts *a, int64_t uid, int64_t did)
{
    int sus = alerts_user_suspended(a, uid);
    if (sus <= 0)
        return sus;
    sqlite3_stmt *st = al_stmt(a, "UPDATE alert_delivery SET status = 'suspended', payload = NULL,"
                                  " last_error = 'bezorging per e-mail gepauzeerd' WHERE did = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, did);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "hold");
}

static int has_webhook(struct alerts *a, int64_t uid)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT 1 FROM alert_user WHERE uid = ?1"
                                  " AND webhook_url IS NOT NULL");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : al_fail_db(a, "webhook");
}

static int queue_user(struct alerts *a, struct al_explainer *x, struct user_batch *u,
                      const struct alerts_pass_opts *o, int64_t top, struct alerts_report *r)
{
    if (al_begin(a))
        return -1;
    al_sort_hits(u); /* mail order, so the snippets go to the items the mail shows */
    int sus = 0, hook = 0;
    if (u->n && drop_known(a, u))
        goto fail;
    if (u->n && ((sus = alerts_user_suspended(a, u->uid)) < 0 ||
                 (hook = has_webhook(a, u->uid)) < 0))
        goto fail;
    /* A suspended account's mail is never sent: its items are kept (feed, account page)
     * without composing it; the snippets are made only when a webhook will carry them. */
    if (u->n && (!sus || hook) && explain_searches(a, x, u))
        goto fail;
    if (u->n) {
        struct buf subject = BUF_INIT, text = BUF_INIT, html = BUF_INIT, msg = BUF_INIT;
        char mid_text[160] = "", unsub[1024];
        int rc = fill_views(a, u);
        if (!rc && sus)
            r->mails_held++;
        if (!rc && !sus)
            rc = al_compose_mail(a, u, &subject, &text, &html);
        if (!rc && !sus)
            rc = smtp_message_id(a->cfg.mail_from, mid_text, sizeof mid_text) ? al_fail(a, "random")
                 : alerts_unsubscribe_url(a, u->uid, 0, unsub, sizeof unsub);
        if (!rc && !sus) {
            struct mail m = {a->cfg.mail_from, u->email, buf_cstr(&subject), mid_text, unsub,
                             buf_cstr(&text), buf_cstr(&html), alerts_now(a)};
            smtp_build(&m, &msg);
            if (o && o->on_mail)
                o->on_mail(o->on_mail_ctx, u->email, buf_cstr(&subject), buf_cstr(&text));
        }
        int64_t did = 0;
        if (!rc)
            rc = al_outbox_put(a, u->uid, NULL, CH_MAIL, mid_text, msg.data, msg.len, &did);
        if (!rc)
            rc = put_items(a, did, true);
        if (!rc && sus)
            rc = hold_if_suspended(a, u->uid, did);
        /* The webhook, when the user has one, gets the same items. */
        if (!rc && hook) {
            struct buf json = BUF_INIT;
            int64_t wdid = 0;
            rc = al_compose_webhook(a, u, &json);
            if (!rc)
                rc = al_outbox_put(a, u->uid, NULL, CH_WEBHOOK, "", json.data, json.len, &wdid);
            if (!rc)
                rc = put_items(a, wdid, false);
            buf_free(&json);
        }
        buf_free(&subject);
        buf_free(&text);
        buf_free(&html);
        buf_free(&msg);
        if (rc)
            goto fail;
        r->users_mailed++;
        r->items_queued += (int64_t)u->n;
    }
    int64_t now = alerts_now(a);
    for (size_t i = 0; i < u->nmons; i++) {
        sqlite3_stmt *st = al_stmt(a, "UPDATE alert_monitor SET watermark = max(watermark, ?2),"
                                      " last_run_at = ?3 WHERE mid = ?1");
        if (!st)
            goto fail;
        sqlite3_bind_int64(st, 1, u->mons[i].mid);
        sqlite3_bind_int64(st, 2, top);
        sqlite3_bind_int64(st, 3, now);
        if (sqlite3_step(st) != SQLITE_DONE) {
            al_fail_db(a, "watermark");
            goto fail;
        }
    }
    return al_commit(a);
fail:
    al_rollback(a);
    al_explainer_forget_texts(x); /* the rollback took the indexed texts along */
    return -1;
}

/* Saved searches of every due monitor, matched in one go. results[i] belongs to due[i]
 * (only for search monitors). */
static int run_searches(struct alerts *a, const struct monitor_info *due, size_t n, int64_t top,
                        struct match_set *results)
{
    size_t nq = 0;
    int64_t low = top;
    for (size_t i = 0; i < n; i++)
        if (due[i].kind == MON_SEARCH) {
            nq++;
            if (due[i].watermark < low)
                low = due[i].watermark;
        }
    if (!nq || low >= top)
        return 0;
    const char **qs = calloc(nq, sizeof *qs);
    size_t *which = calloc(nq, sizeof *which);
    struct match_set *sets = calloc(nq, sizeof *sets);
    if (!qs || !which || !sets)
        abort();
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (due[i].kind == MON_SEARCH) {
            qs[k] = due[i].arg;
            which[k++] = i;
        }
    int rc = al_match_searches(a, qs, nq, low, top, 0, sets);
    for (size_t q = 0; q < nq; q++)
        results[which[q]] = sets[q]; /* moved */
    free(qs);
    free(which);
    free(sets);
    return rc;
}

int alerts_pass(struct alerts *a, const struct alerts_pass_opts *o, struct alerts_report *r)
{
    memset(r, 0, sizeof *r);
    bool dry = o && o->dry_run;
    if (dry && al_begin(a))
        return -1;
    if (alerts_ingest(a, r))
        goto fail;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int64_t top = al_max_seq(a), now = alerts_now(a);
    if (top < 0)
        goto fail;
    struct monitor_info *all = NULL;
    size_t nall = 0;
    if (alerts_monitor_list(a, 0, &all, &nall))
        goto fail;
    /* Keep the due ones, in (uid, mid) order. */
    size_t ndue = 0;
    for (size_t i = 0; i < nall; i++)
        if (is_due(&all[i], now, o && o->force_due))
            all[ndue++] = all[i];
    struct match_set *results = calloc(ndue ? ndue : 1, sizeof *results);
    if (!results)
        abort();
    int rc = run_searches(a, all, ndue, top, results);
    if (!rc)
        rc = al_exec(a, sql_temp_tables);
    char xerr[256];
    struct al_explainer *x = rc ? NULL : al_explainer_new(a->db, xerr, sizeof xerr);
    if (!rc && !x)
        rc = al_fail(a, "snippets: %s", xerr);
    for (size_t i = 0; i < ndue && !rc;) {
        struct user_batch u;
        memset(&u, 0, sizeof u);
        u.uid = all[i].uid;
        u.mons = &all[i];
        size_t j = i;
        while (j < ndue && all[j].uid == u.uid)
            j++;
        u.nmons = j - i;
        struct hit_index hx = {NULL, 0};
        if (alerts_user_email(a, u.uid, u.email, sizeof u.email) <= 0) {
            i = j; /* monitors of a deleted user: nothing to do */
            continue;
        }
        for (size_t k = i; k < j && !rc; k++) {
            const struct monitor_info *m = &all[k];
            r->monitors_run++;
            if (m->watermark >= top)
                continue;
            if (m->kind != MON_SEARCH)
                rc = al_match(a, m->kind, m->arg, m->watermark, top, 0, &results[k]);
            if (!rc)
                add_rows(&u, &hx, m, &results[k]);
            match_set_free(&results[k]); /* a user at a time: memory stays bounded */
        }
        if (!rc)
            rc = queue_user(a, x, &u, o, top, r);
        free(hx.slot);
        free(u.hits);
        i = j;
    }
    size_t made = 0, reused = 0;
    al_explainer_counts(x, &made, &reused);
    r->snippets_made = (int64_t)made;
    r->snippets_reused = (int64_t)reused;
    al_explainer_free(x);
    for (size_t i = 0; i < ndue; i++)
        match_set_free(&results[i]);
    free(results);
    free(all);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds_match = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (rc)
        goto fail;
    if (dry) {
        al_rollback(a);
        return 0;
    }
    if (!(o && o->no_delivery) && alerts_deliver(a, r))
        return -1;
    return 0;
fail:
    if (dry)
        al_rollback(a);
    return -1;
}
