/*
 * sync — the SyncFeed follower; see sync.h.
 */
#include "sync/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed/feed.h"
#include "feed/http.h"
#include "util/buf.h"

struct page_ctx {
    struct store *store;
    struct feed_page *page;
    const struct kw_type *type;
    struct sync_cat_report *cat;
    int64_t last_token;  /* highest skiptoken seen so far on this page (or before it) */
    uint64_t bytes;
    bool store_failed;
    char store_error[256];
    /* counts of this page, added to cat only when the page commits */
    int64_t created, updated, deleted, quarantined, placeholders, bad_values, unknown,
        anomalies;
};

/* A batch of pages is committed at least this often; with a pause between pages (polite mode,
 * the real API) every page is committed at once. */
#define SYNC_BATCH_ENTRIES 20000
#define SYNC_BATCH_SECONDS 2.0

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms, volatile sig_atomic_t *stop)
{
    while (ms > 0 && !(stop && *stop)) {
        long step = ms > 100 ? 100 : ms;
        struct timespec ts = {step / 1000, (step % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        ms -= step;
    }
}

void sync_opts_default(struct sync_opts *o)
{
    memset(o, 0, sizeof *o);
    o->source = SYNC_DEFAULT_SOURCE;
    o->pause_ms = 100;
    o->max_retries = 8;
    o->retry_base_ms = 1000;
    o->retry_max_ms = 120000;
    o->connect_timeout_s = 10;
    o->read_timeout_s = 60;
    o->user_agent = "Kamerwacht/" KW_VERSION " (open parliament monitor; SyncFeed mirror)";
}

static int quarantine(struct page_ctx *c, const char *raw, size_t len, const char *guid,
                      int64_t skiptoken, const char *error)
{
    if (skiptoken > c->last_token)
        c->last_token = skiptoken;
    if (store_quarantine(c->store, c->type->category, skiptoken >= 0 ? skiptoken : c->last_token,
                         guid, error, raw, len)) {
        c->store_failed = true;
        snprintf(c->store_error, sizeof c->store_error, "%s", store_errmsg(c->store));
        return -1;
    }
    c->quarantined++;
    return 0;
}

static int on_bad(void *ctx, const char *raw, size_t len, const char *guid, int64_t skiptoken,
                  const char *error)
{
    return quarantine(ctx, raw, len, guid, skiptoken, error);
}

static int on_entity(void *ctx, struct kw_entity *e)
{
    struct page_ctx *c = ctx;
    if (e->skiptoken > c->last_token)
        c->last_token = e->skiptoken;
    else if (e->skiptoken < 0)
        e->skiptoken = c->last_token;
    if (e->type != c->type) {
        char msg[160];
        snprintf(msg, sizeof msg, "a %s entity in the %s feed", e->type->category,
                 c->type->category);
        return quarantine(c, "", 0, e->id, e->skiptoken, msg);
    }
    struct store_apply_info info;
    if (store_apply(c->store, e, &info)) {
        c->store_failed = true;
        snprintf(c->store_error, sizeof c->store_error, "%s", store_errmsg(c->store));
        return -1;
    }
    switch (info.outcome) {
    case STORE_CREATED:
        c->created++;
        break;
    case STORE_UPDATED:
        c->updated++;
        break;
    default:
        c->deleted++;
    }
    c->placeholders += e->placeholder;
    c->bad_values += info.bad_values;
    c->unknown += e->unknown;
    c->anomalies += e->anomalies;
    return 0;
}

static int on_bytes(void *ctx, const char *data, size_t n)
{
    struct page_ctx *c = ctx;
    c->bytes += n;
    return feed_page_push(c->page, data, n);
}

enum page_status { PAGE_OK, PAGE_RETRY, PAGE_FAIL, PAGE_FATAL };

/* Fetches and applies one page in one transaction. On PAGE_OK, *more says whether another
 * page follows and cat->skiptoken_to holds the new resume point. */
static enum page_status sync_page(struct feed_http *http, struct page_ctx *c, const char *url,
                                  bool *more, char *err, size_t errlen)
{
    struct sync_cat_report *cat = c->cat;
    int64_t old = cat->skiptoken_to;
    c->last_token = old;
    c->bytes = 0;
    c->store_failed = false;
    c->created = c->updated = c->deleted = c->quarantined = 0;
    c->placeholders = c->bad_values = c->unknown = c->anomalies = 0;
    /* Pages are applied inside a longer transaction that is committed in batches (see
     * sync_category): far fewer commits and WAL writes. A page that fails undoes the whole
     * uncommitted batch, which sync_category then replays page by page. No savepoint per page:
     * its sub-journal copied every page the feed page touched, which cost a third of the time. */
    if (!store_in_transaction(c->store) && store_begin(c->store)) {
        snprintf(err, errlen, "%s", store_errmsg(c->store));
        return PAGE_FATAL;
    }
    struct feed_page_cb cb = {on_entity, on_bad, c};
    feed_page_begin(c->page, &cb);
    long status = 0;
    enum feed_http_result hr = feed_http_get(http, url, on_bytes, c, &status, err, errlen);
    struct feed_page_result res;
    enum page_status ps = PAGE_OK;
    if (c->store_failed) {
        snprintf(err, errlen, "storage failed: %s", c->store_error);
        ps = PAGE_FATAL;
    } else if (hr == FEED_HTTP_STATUS) {
        ps = (status >= 500 || status == 429 || status == 408) ? PAGE_RETRY : PAGE_FAIL;
    } else if (hr != FEED_HTTP_OK) {
        ps = PAGE_RETRY;
    } else if (feed_page_end(c->page, &res, err, errlen)) {
        ps = PAGE_RETRY;
    }
    cat->bytes += c->bytes;
    if (ps != PAGE_OK) {
        if (ps == PAGE_FATAL)
            store_rollback(c->store);
        return ps; /* the caller undoes the batch */
    }
    int64_t token = res.max_skiptoken;
    if (token < 0 && res.next_skiptoken >= 0)
        token = res.next_skiptoken;
    if (token < old)
        token = old;
    if (store_set_state(c->store, cat->category, token)) {
        snprintf(err, errlen, "storage failed: %s", store_errmsg(c->store));
        store_rollback(c->store);
        return PAGE_FATAL;
    }
    cat->skiptoken_to = token;
    cat->pages++;
    cat->entries += (int64_t)res.entries;
    cat->created += c->created;
    cat->updated += c->updated;
    cat->deleted += c->deleted;
    cat->quarantined += c->quarantined;
    cat->placeholders += c->placeholders;
    cat->bad_values += c->bad_values;
    cat->unknown_elements += c->unknown;
    cat->anomalies += c->anomalies;
    *more = res.entries > 0 && token > old &&
            (res.next_skiptoken >= 0 || res.resume_skiptoken < 0);
    return PAGE_OK;
}

static void build_url(struct buf *url, const char *source, const char *category, int64_t token)
{
    buf_reset(url);
    buf_adds(url, source);
    while (url->len && url->data[url->len - 1] == '/')
        buf_truncate(url, url->len - 1);
    buf_adds(url, "/Feed?category=");
    buf_adds(url, category);
    if (token >= 0)
        buf_printf(url, "&skiptoken=%lld", (long long)token);
}

static long backoff_ms(const struct sync_opts *o, int attempt)
{
    double d = (double)o->retry_base_ms;
    for (int i = 0; i < attempt && d < (double)o->retry_max_ms; i++)
        d *= 2;
    if (d > (double)o->retry_max_ms)
        d = (double)o->retry_max_ms;
    long ms = (long)d;
    return ms + (ms >= 4 ? rand() % (ms / 4) : 0);
}

static void report_progress(const struct sync_opts *o, struct sync_report *r, size_t idx,
                            const struct sync_cat_report *cat, double t0, const char *waiting,
                            double wait_s)
{
    if (!o->progress)
        return;
    struct sync_progress p = {cat, idx, r->ncats, r->entries + cat->entries, now_s() - t0,
                              waiting, wait_s};
    o->progress(o->progress_ctx, &p);
}

/* Commits the pages applied so far (with their skiptoken) and remembers the category's
 * counters as they are now committed. */
static int commit_batch(struct page_ctx *c, struct sync_cat_report *saved, char *err,
                        size_t errlen)
{
    if (store_in_transaction(c->store) && store_commit(c->store)) {
        snprintf(err, errlen, "storage failed: %s", store_errmsg(c->store));
        store_rollback(c->store);
        return -1;
    }
    *saved = *c->cat;
    return 0;
}

/* Undoes the uncommitted pages: the store and the counters go back to the last commit; the
 * retries and bytes that happened stay counted. */
static void undo_batch(struct page_ctx *c, const struct sync_cat_report *saved)
{
    store_rollback(c->store);
    struct sync_cat_report *cat = c->cat;
    int64_t retries = cat->retries;
    uint64_t bytes = cat->bytes;
    *cat = *saved;
    cat->retries = retries;
    cat->bytes = bytes;
}

/* Brings one category up to date. Returns PAGE_OK, PAGE_FAIL or PAGE_FATAL. */
static enum page_status sync_category(const struct sync_opts *o, struct feed_http *http,
                                      struct page_ctx *c, struct sync_report *r, size_t idx,
                                      double t0)
{
    struct sync_cat_report *cat = c->cat;
    struct store_state st;
    if (store_get_state(c->store, cat->category, &st)) {
        snprintf(cat->error, sizeof cat->error, "%s", store_errmsg(c->store));
        return PAGE_FATAL;
    }
    cat->skiptoken_from = cat->skiptoken_to = st.skiptoken;
    /* A first load fills the table without its secondary indexes, which are built once at
     * the end: far less random B-tree work than keeping them up to date row by row. */
    int bulk = st.skiptoken < 0 ? store_bulk_begin(c->store, cat->category) : 0;
    if (bulk < 0) {
        snprintf(cat->error, sizeof cat->error, "%s", store_errmsg(c->store));
        return PAGE_FATAL;
    }
    struct sync_cat_report saved = *cat; /* the counters as of the last commit */
    struct buf url = BUF_INIT;
    double start = now_s(), batch_start = start;
    int64_t careful_until = -2; /* commit every page up to this skiptoken (after a failure) */
    int attempt = 0;
    enum page_status ps = PAGE_OK;
    for (;;) {
        if (o->stop && *o->stop) {
            r->stopped = true;
            break;
        }
        build_url(&url, o->source, cat->category, cat->skiptoken_to);
        bool more = false;
        char err[512] = "";
        ps = sync_page(http, c, buf_cstr(&url), &more, err, sizeof err);
        if (ps == PAGE_FATAL) {
            snprintf(cat->error, sizeof cat->error, "%s (%s)", err, buf_cstr(&url));
            break;
        }
        if (ps != PAGE_OK) {
            /* Undo the batch. If it held good pages, replay them first, committing each, so
             * that they are kept whatever happens to the failing page. */
            bool replay = cat->pages > saved.pages;
            int64_t failed_at = cat->skiptoken_to;
            undo_batch(c, &saved);
            batch_start = now_s();
            if (replay) {
                careful_until = failed_at;
                continue;
            }
            if (ps == PAGE_RETRY && attempt < o->max_retries && !(o->stop && *o->stop)) {
                long wait = backoff_ms(o, attempt++);
                cat->retries++;
                report_progress(o, r, idx, cat, t0, err, (double)wait / 1000.0);
                sleep_ms(wait, o->stop);
                continue;
            }
            ps = PAGE_FAIL;
            snprintf(cat->error, sizeof cat->error, "%s (%s%s)", err, buf_cstr(&url),
                     attempt ? ", after retries" : "");
            break;
        }
        attempt = 0;
        report_progress(o, r, idx, cat, t0, NULL, 0);
        if (!more || o->pause_ms > 0 || cat->skiptoken_to <= careful_until ||
            cat->entries - saved.entries >= SYNC_BATCH_ENTRIES ||
            now_s() - batch_start >= SYNC_BATCH_SECONDS) {
            if (commit_batch(c, &saved, err, sizeof err)) {
                ps = PAGE_FATAL;
                snprintf(cat->error, sizeof cat->error, "%s", err);
                break;
            }
            batch_start = now_s();
        }
        if (!more)
            break;
        sleep_ms(o->pause_ms, o->stop);
    }
    if (ps != PAGE_FATAL && commit_batch(c, &saved, cat->error, sizeof cat->error))
        ps = PAGE_FATAL;
    if (bulk > 0) {
        if (ps == PAGE_FATAL)
            store_rollback(c->store);
        if (store_bulk_end(c->store, cat->category) && ps != PAGE_FATAL) {
            snprintf(cat->error, sizeof cat->error, "%s", store_errmsg(c->store));
            ps = PAGE_FATAL;
        }
    }
    cat->seconds = now_s() - start;
    buf_free(&url);
    if (ps == PAGE_FAIL) {
        cat->failed = true;
        store_set_error(c->store, cat->category, cat->error);
    } else if (ps == PAGE_OK && !r->stopped) {
        store_set_error(c->store, cat->category, NULL);
    }
    return ps;
}

int sync_run(struct store *s, const struct sync_opts *o, struct sync_report *r)
{
    memset(r, 0, sizeof *r);
    double t0 = now_s();
    size_t n = o->categories ? o->ncategories : kw_ntypes;
    if (n > SYNC_MAX_CATEGORIES)
        n = SYNC_MAX_CATEGORIES;
    for (size_t i = 0; i < n; i++) {
        const char *name = o->categories ? o->categories[i] : kw_types[i].category;
        r->cats[i].category = name;
        r->cats[i].skiptoken_from = r->cats[i].skiptoken_to = -1;
    }
    r->ncats = n;
    struct feed_http_opts ho = {o->user_agent, o->connect_timeout_s, o->read_timeout_s};
    struct feed_http *http = feed_http_new(&ho);
    struct feed_page *page = feed_page_new();
    if (!http || !page) {
        feed_http_free(http);
        feed_page_free(page);
        r->failed = r->fatal = true;
        return -1;
    }
    for (size_t i = 0; i < n && !r->fatal && !r->stopped; i++) {
        struct sync_cat_report *cat = &r->cats[i];
        const struct kw_type *t = kw_type_by_category(cat->category);
        if (!t) {
            snprintf(cat->error, sizeof cat->error, "unknown category");
            cat->failed = r->failed = true;
            continue;
        }
        struct page_ctx c = {.store = s, .page = page, .type = t, .cat = cat};
        enum page_status ps = sync_category(o, http, &c, r, i, t0);
        r->entries += cat->entries;
        r->bytes += cat->bytes;
        if (ps == PAGE_FATAL) {
            cat->failed = r->failed = r->fatal = true;
            if (!cat->error[0])
                snprintf(cat->error, sizeof cat->error, "%s", c.store_error);
        } else if (ps == PAGE_FAIL) {
            r->failed = true;
        }
    }
    r->seconds = now_s() - t0;
    feed_page_free(page);
    feed_http_free(http);
    return r->failed || r->stopped ? -1 : 0;
}
