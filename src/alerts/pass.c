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

static struct hit *hit_for(struct user_batch *u, const struct match_row *r)
{
    for (size_t i = 0; i < u->n; i++)
        if (!strcmp(u->hits[i].item, r->item))
            return &u->hits[i];
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 16;
        struct hit *p = realloc(u->hits, u->cap * sizeof *p);
        if (!p)
            abort();
        u->hits = p;
    }
    struct hit *h = &u->hits[u->n++];
    memset(h, 0, sizeof *h);
    al_copy(h->item, sizeof h->item, r->item);
    al_copy(h->category, sizeof h->category, r->category);
    al_copy(h->id, sizeof h->id, r->id);
    h->seq = r->seq;
    return h;
}

/* Already sent to this user, or waiting in the outbox for them? */
static int known(struct alerts *a, int64_t uid, const char *item)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT 1 FROM alert_sent WHERE uid = ?1 AND item = ?2"
                                  " UNION ALL SELECT 1 FROM alert_delivery_item i"
                                  " JOIN alert_delivery d ON d.did = i.did WHERE i.item = ?2"
                                  " AND d.uid = ?1 AND d.status = 'queued' LIMIT 1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, item, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : al_fail_db(a, "ledger");
}

static int add_rows(struct alerts *a, struct user_batch *u, const struct monitor_info *m,
                    const struct match_set *ms)
{
    for (size_t i = 0; i < ms->n; i++) {
        const struct match_row *r = &ms->rows[i];
        if (r->seq <= m->watermark)
            continue; /* from a shared search batch that started lower */
        int k = known(a, u->uid, r->item);
        if (k < 0)
            return -1;
        if (k)
            continue;
        struct hit *h = hit_for(u, r);
        if (h->nvia < HIT_MAX_VIA) {
            h->via[h->nvia].mid = m->mid;
            al_copy(h->via[h->nvia].reason, sizeof h->via[h->nvia].reason, r->reason);
            h->nvia++;
        }
    }
    return 0;
}

static const char sql_text_of[] =
    "SELECT coalesce(onderwerp, '') || ' ' || coalesce(titel, ''), coalesce(soort, '') || ' ' ||"
    " coalesce(documentNummer, '') || ' ' || coalesce(citeertitel, '') FROM \"Document\""
    " WHERE id = ?1 AND ?2 = 'Document' UNION ALL SELECT coalesce(tekst, ''),"
    " coalesce(ministerie, '') || ' ' || coalesce(nummer, '') || ' ' || coalesce(naam, '')"
    " FROM \"Toezegging\" WHERE id = ?1 AND ?2 = 'Toezegging'";

#define EXPLAIN_MAX ALERT_MAX_ITEMS_PER_MAIL /* snippets per user and pass: what a mail shows */

/* Search hits carry no reason yet (see search_builtin.c): make the highlighted snippet for
 * the ones that will be mailed. */
static int explain_searches(struct alerts *a, struct user_batch *u)
{
    struct buf why = BUF_INIT;
    for (size_t i = 0; i < u->n; i++) {
        struct hit *h = &u->hits[i];
        for (size_t k = 0; k < h->nvia; k++) {
            const struct monitor_info *m = batch_monitor(u, h->via[k].mid);
            if (!m || m->kind != MON_SEARCH || h->via[k].reason[0])
                continue;
            if (i >= EXPLAIN_MAX) { /* a flood: name the query, skip the snippets */
                snprintf(h->via[k].reason, sizeof h->via[k].reason, "zoekopdracht: %.400s",
                         m->arg);
                continue;
            }
            sqlite3_stmt *st = al_stmt(a, sql_text_of);
            if (!st) {
                buf_free(&why);
                return -1;
            }
            sqlite3_bind_text(st, 1, h->id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, h->category, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW) {
                char title[2048], body[1024];
                al_copy(title, sizeof title, al_col(st, 0));
                al_copy(body, sizeof body, al_col(st, 1));
                sqlite3_reset(st);
                if (al_search_explain(a->db, m->arg, title, body, &why) == 0)
                    al_copy(h->via[k].reason, sizeof h->via[k].reason, buf_cstr(&why));
            } else {
                sqlite3_reset(st);
            }
            if (!h->via[k].reason[0])
                snprintf(h->via[k].reason, sizeof h->via[k].reason, "zoekopdracht: %.400s",
                         m->arg);
        }
    }
    buf_free(&why);
    return 0;
}

static int queue_user(struct alerts *a, struct user_batch *u, const struct alerts_pass_opts *o,
                      int64_t top, struct alerts_report *r)
{
    if (u->n && explain_searches(a, u))
        return -1;
    if (al_begin(a))
        return -1;
    if (u->n) {
        struct buf subject = BUF_INIT, text = BUF_INIT, html = BUF_INIT, msg = BUF_INIT;
        char mid_text[160], unsub[1024];
        int rc = al_compose_mail(a, u, &subject, &text, &html);
        if (!rc)
            rc = smtp_message_id(a->cfg.mail_from, mid_text, sizeof mid_text) ? al_fail(a, "random")
                 : alerts_unsubscribe_url(a, u->uid, 0, unsub, sizeof unsub);
        if (!rc) {
            struct mail m = {a->cfg.mail_from, u->email, buf_cstr(&subject), mid_text, unsub,
                             buf_cstr(&text), buf_cstr(&html), alerts_now(a)};
            smtp_build(&m, &msg);
            if (o && o->on_mail)
                o->on_mail(o->on_mail_ctx, u->email, buf_cstr(&subject), buf_cstr(&text));
        }
        int64_t did = 0;
        if (!rc)
            rc = al_outbox_put(a, u->uid, NULL, CH_MAIL, mid_text, msg.data, msg.len, &did);
        for (size_t i = 0; i < u->n && !rc; i++) {
            struct item_view v;
            rc = al_item_view(a, u->hits[i].category, u->hits[i].id, u->hits[i].item, &v);
            if (!rc)
                rc = al_outbox_item(a, did, u->hits[i].item, u->hits[i].via[0].mid, v.title,
                                    v.url);
        }
        /* The webhook, when the user has one, gets the same items. */
        sqlite3_stmt *st = rc ? NULL : al_stmt(a, "SELECT 1 FROM alert_user WHERE uid = ?1"
                                                  " AND webhook_url IS NOT NULL");
        if (st) {
            sqlite3_bind_int64(st, 1, u->uid);
            bool hook = sqlite3_step(st) == SQLITE_ROW;
            sqlite3_reset(st);
            if (hook) {
                struct buf json = BUF_INIT;
                int64_t wdid = 0;
                rc = al_compose_webhook(a, u, &json);
                if (!rc)
                    rc = al_outbox_put(a, u->uid, NULL, CH_WEBHOOK, "", json.data, json.len, &wdid);
                for (size_t i = 0; i < u->n && !rc; i++)
                    rc = al_outbox_item(a, wdid, u->hits[i].item, u->hits[i].via[0].mid, NULL, NULL);
                buf_free(&json);
            }
        } else if (!rc) {
            rc = -1;
        }
        buf_free(&subject);
        buf_free(&text);
        buf_free(&html);
        buf_free(&msg);
        if (rc) {
            al_rollback(a);
            return -1;
        }
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
    for (size_t i = 0; i < ndue && !rc;) {
        struct user_batch u;
        memset(&u, 0, sizeof u);
        u.uid = all[i].uid;
        u.mons = &all[i];
        size_t j = i;
        while (j < ndue && all[j].uid == u.uid)
            j++;
        u.nmons = j - i;
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
                rc = add_rows(a, &u, m, &results[k]);
        }
        if (!rc)
            rc = queue_user(a, &u, o, top, r);
        free(u.hits);
        i = j;
    }
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
