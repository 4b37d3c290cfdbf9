/*
 * sync — the SyncFeed follower; see sync.h.
 */
#include "sync/sync.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed/feed.h"
#include "feed/http.h"
#include "util/buf.h"

/*
 * The work is split over two threads, so that parsing and storing overlap:
 *
 *   reader thread:  HTTP GET page → split → parse → entity ──┐   (one request at a time)
 *                   page result (ok / retry / fail)  ────────┤ queue (bounded)
 *   caller thread:  store_apply per entity, skiptoken + counters per page, commits, undo ◄┘
 *
 * The reader follows the pages of one category on its own (it knows each page's next
 * skiptoken) and stops after a failed page; the caller then undoes the uncommitted batch and
 * starts a new reader at the right skiptoken. Entities travel by swapping their contents with
 * a queue slot (no copy); the queue holds at most QUEUE_SLOTS entries and QUEUE_BYTES of text,
 * so memory stays bounded whatever the page size.
 */
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

enum page_status { PAGE_OK, PAGE_RETRY, PAGE_FAIL, PAGE_FATAL };

enum item_kind {
    IT_ENTITY,    /* e */
    IT_BAD,       /* an unreadable entry: raw, guid, skiptoken, msg */
    IT_PAGE,      /* a page ended: ps, res, token, more, bytes, msg, url */
    IT_STOPPED    /* the reader stopped (abort or stop request) before finishing a page */
};

struct item {
    enum item_kind kind;
    struct kw_entity e;
    struct buf raw;
    char guid[KW_GUID_LEN + 1];
    int64_t skiptoken;
    /* IT_PAGE */
    enum page_status ps;
    struct feed_page_result res;
    int64_t token;
    bool more;
    uint64_t bytes;
    char msg[256];
    char url[400];
    size_t charge; /* bytes counted against QUEUE_BYTES */
};

#define QUEUE_SLOTS 512
#define QUEUE_BYTES (8u << 20)
#define SLOT_KEEP (256u << 10) /* a slot's buffers larger than this are freed after use */

struct queue {
    pthread_mutex_t mu;
    pthread_cond_t cond;
    struct item *slots;
    size_t head, count, bytes;
    bool producer_waits, consumer_waits;
    bool abort; /* the caller wants the reader to stop at once */
};

struct reader {
    pthread_t thread;
    struct queue *q;
    const struct sync_opts *o;
    struct feed_http *http;
    struct feed_page *page;
    const struct kw_type *type;
    int64_t token;      /* the skiptoken to start from */
    int64_t last_token; /* highest skiptoken seen so far on this page (or before it) */
    uint64_t bytes;     /* of the current page */
};

/* ---- the queue -------------------------------------------------------------------------- */

static int queue_init(struct queue *q)
{
    memset(q, 0, sizeof *q);
    q->slots = calloc(QUEUE_SLOTS, sizeof *q->slots);
    if (!q->slots)
        return -1;
    for (size_t i = 0; i < QUEUE_SLOTS; i++) {
        kw_entity_init(&q->slots[i].e);
        buf_init(&q->slots[i].raw);
    }
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cond, NULL);
    return 0;
}

static void queue_free(struct queue *q)
{
    if (!q->slots)
        return;
    for (size_t i = 0; i < QUEUE_SLOTS; i++) {
        kw_entity_free(&q->slots[i].e);
        buf_free(&q->slots[i].raw);
    }
    free(q->slots);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cond);
}

/* Waits for a free slot that can take `charge` more bytes. NULL when the caller aborted. The
 * slot is published with queue_push(). */
static struct item *queue_slot(struct queue *q, size_t charge)
{
    pthread_mutex_lock(&q->mu);
    while (!q->abort && (q->count == QUEUE_SLOTS ||
                         (q->count > 0 && q->bytes + charge > QUEUE_BYTES))) {
        q->producer_waits = true;
        pthread_cond_wait(&q->cond, &q->mu);
    }
    struct item *it = q->abort ? NULL : &q->slots[(q->head + q->count) % QUEUE_SLOTS];
    pthread_mutex_unlock(&q->mu);
    if (it)
        it->charge = charge;
    return it;
}

static void queue_push(struct queue *q, struct item *it)
{
    pthread_mutex_lock(&q->mu);
    q->count++;
    q->bytes += it->charge;
    if (q->consumer_waits) {
        q->consumer_waits = false;
        pthread_cond_broadcast(&q->cond);
    }
    pthread_mutex_unlock(&q->mu);
}

/* The oldest item; it stays in its slot until queue_done(). */
static struct item *queue_peek(struct queue *q)
{
    pthread_mutex_lock(&q->mu);
    while (q->count == 0) {
        q->consumer_waits = true;
        pthread_cond_wait(&q->cond, &q->mu);
    }
    struct item *it = &q->slots[q->head];
    pthread_mutex_unlock(&q->mu);
    return it;
}

static void queue_done(struct queue *q, struct item *it)
{
    if (it->e.arena.cap > SLOT_KEEP || it->e.caprefs > 4096) {
        kw_entity_free(&it->e);
        kw_entity_init(&it->e);
    }
    if (it->raw.cap > SLOT_KEEP)
        buf_free(&it->raw);
    pthread_mutex_lock(&q->mu);
    q->head = (q->head + 1) % QUEUE_SLOTS;
    q->count--;
    q->bytes -= it->charge;
    /* Wake the reader when a good part of the queue is free again, not at every item. */
    if (q->producer_waits && (q->count <= QUEUE_SLOTS / 2 || q->bytes <= QUEUE_BYTES / 2)) {
        q->producer_waits = false;
        pthread_cond_broadcast(&q->cond);
    }
    pthread_mutex_unlock(&q->mu);
}

static void queue_abort(struct queue *q, bool on)
{
    pthread_mutex_lock(&q->mu);
    q->abort = on;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->mu);
}

/* ---- the reader thread ------------------------------------------------------------------- */

static void note_token(struct reader *rd, int64_t t)
{
    if (t > rd->last_token)
        rd->last_token = t;
}

static int push_bad(struct reader *rd, const char *raw, size_t len, const char *guid,
                    int64_t skiptoken, const char *error)
{
    note_token(rd, skiptoken);
    struct item *it = queue_slot(rd->q, len);
    if (!it)
        return -1;
    it->kind = IT_BAD;
    buf_reset(&it->raw);
    buf_add(&it->raw, raw, len);
    snprintf(it->guid, sizeof it->guid, "%s", guid ? guid : "");
    it->skiptoken = skiptoken >= 0 ? skiptoken : rd->last_token;
    snprintf(it->msg, sizeof it->msg, "%s", error);
    queue_push(rd->q, it);
    return 0;
}

static int on_bad(void *ctx, const char *raw, size_t len, const char *guid, int64_t skiptoken,
                  const char *error)
{
    return push_bad(ctx, raw, len, guid, skiptoken, error);
}

static int on_entity(void *ctx, struct kw_entity *e)
{
    struct reader *rd = ctx;
    if (e->skiptoken > rd->last_token)
        rd->last_token = e->skiptoken;
    else if (e->skiptoken < 0)
        e->skiptoken = rd->last_token;
    if (e->type != rd->type) {
        char msg[160];
        snprintf(msg, sizeof msg, "a %s entity in the %s feed", e->type->category,
                 rd->type->category);
        return push_bad(rd, "", 0, e->id, e->skiptoken, msg);
    }
    struct item *it = queue_slot(rd->q, e->arena.len);
    if (!it)
        return -1;
    it->kind = IT_ENTITY;
    /* Swap, not copy: the parser resets the entity it gets back before the next entry. */
    struct kw_entity tmp = it->e;
    it->e = *e;
    *e = tmp;
    queue_push(rd->q, it);
    return 0;
}

static int on_bytes(void *ctx, const char *data, size_t n)
{
    struct reader *rd = ctx;
    rd->bytes += n;
    return feed_page_push(rd->page, data, n);
}

static bool stop_requested(const struct sync_opts *o)
{
    return o->stop && *o->stop;
}

static void build_url(struct buf *url, const char *source, const char *category, int64_t token);

/* Fetches and parses one page; the result goes into it (an IT_PAGE item, not yet pushed). */
static void read_page(struct reader *rd, const char *url, struct item *it)
{
    int64_t old = rd->token;
    rd->last_token = old;
    rd->bytes = 0;
    struct feed_page_cb cb = {on_entity, on_bad, rd};
    feed_page_begin(rd->page, &cb);
    long status = 0;
    char err[512] = "";
    enum feed_http_result hr = feed_http_get(rd->http, url, on_bytes, rd, &status, err, sizeof err);
    enum page_status ps = PAGE_OK;
    struct feed_page_result res;
    memset(&res, 0, sizeof res);
    if (hr == FEED_HTTP_STATUS)
        ps = (status >= 500 || status == 429 || status == 408) ? PAGE_RETRY : PAGE_FAIL;
    else if (hr != FEED_HTTP_OK)
        ps = PAGE_RETRY;
    else if (feed_page_end(rd->page, &res, err, sizeof err))
        ps = PAGE_RETRY;
    it->ps = ps;
    it->res = res;
    it->bytes = rd->bytes;
    it->more = false;
    it->token = old;
    snprintf(it->msg, sizeof it->msg, "%.*s", (int)sizeof it->msg - 1, err);
    snprintf(it->url, sizeof it->url, "%s", url);
    if (ps != PAGE_OK)
        return;
    int64_t token = res.max_skiptoken;
    if (token < 0 && res.next_skiptoken >= 0)
        token = res.next_skiptoken;
    if (token < old)
        token = old;
    it->token = token;
    it->more = res.entries > 0 && token > old &&
               (res.next_skiptoken >= 0 || res.resume_skiptoken < 0);
}

/* The pause between pages; ends early on a stop request or when the caller aborts. */
static void reader_pause(struct reader *rd)
{
    for (long ms = rd->o->pause_ms; ms > 0 && !stop_requested(rd->o); ms -= 20) {
        pthread_mutex_lock(&rd->q->mu);
        bool abort = rd->q->abort;
        pthread_mutex_unlock(&rd->q->mu);
        if (abort)
            return;
        struct timespec ts = {0, (ms > 20 ? 20 : ms) * 1000000L};
        nanosleep(&ts, NULL);
    }
}

static void *reader_main(void *arg)
{
    struct reader *rd = arg;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL); /* signals are the caller's thread's business */
    struct buf url = BUF_INIT;
    struct item page;
    memset(&page, 0, sizeof page);
    for (;;) {
        bool stopped = stop_requested(rd->o);
        if (!stopped) {
            build_url(&url, rd->o->source, rd->type->category, rd->token);
            read_page(rd, buf_cstr(&url), &page);
        }
        struct item *it = queue_slot(rd->q, 0);
        if (!it)
            break; /* aborted: the caller no longer listens */
        if (stopped) {
            it->kind = IT_STOPPED;
            queue_push(rd->q, it);
            break;
        }
        struct kw_entity keep = it->e;
        struct buf keepraw = it->raw;
        *it = page;
        it->e = keep;
        it->raw = keepraw;
        it->kind = IT_PAGE;
        it->charge = 0;
        queue_push(rd->q, it);
        if (page.ps != PAGE_OK || !page.more)
            break;
        rd->token = page.token;
        reader_pause(rd);
    }
    buf_free(&url);
    return NULL;
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

/* The caller's side: the store, the category's counters, the batch. */
struct writer {
    struct store *store;
    struct sync_cat_report *cat;
    const struct kw_type *type;
    struct queue *q;
    struct reader rd;
    bool reading; /* a reader thread runs */
    /* counts of the page being applied, added to cat when its end arrives */
    int64_t created, updated, deleted, quarantined, placeholders, bad_values, unknown,
        anomalies;
    char error[512];
};

static void page_counts_reset(struct writer *w)
{
    w->created = w->updated = w->deleted = w->quarantined = 0;
    w->placeholders = w->bad_values = w->unknown = w->anomalies = 0;
}

static int reader_start(struct writer *w, int64_t token)
{
    w->rd.token = token;
    if (pthread_create(&w->rd.thread, NULL, reader_main, &w->rd) != 0) {
        snprintf(w->error, sizeof w->error, "cannot start the feed reader thread");
        return -1;
    }
    w->reading = true;
    page_counts_reset(w);
    return 0;
}

/* Waits for the reader to end (it has sent its last item, or is told to stop at once) and
 * drops whatever it sent that was not applied. */
static void reader_stop(struct writer *w, bool now)
{
    if (!w->reading)
        return;
    if (now)
        queue_abort(w->q, true);
    pthread_join(w->rd.thread, NULL);
    w->reading = false;
    for (;;) {
        pthread_mutex_lock(&w->q->mu);
        size_t n = w->q->count;
        pthread_mutex_unlock(&w->q->mu);
        if (!n)
            break;
        queue_done(w->q, queue_peek(w->q));
    }
    queue_abort(w->q, false);
}

static int apply_entity(struct writer *w, struct kw_entity *e)
{
    struct store_apply_info info;
    if (store_apply(w->store, e, &info)) {
        snprintf(w->error, sizeof w->error, "storage failed: %s", store_errmsg(w->store));
        return -1;
    }
    switch (info.outcome) {
    case STORE_CREATED:
        w->created++;
        break;
    case STORE_UPDATED:
        w->updated++;
        break;
    default:
        w->deleted++;
    }
    w->placeholders += e->placeholder;
    w->bad_values += info.bad_values;
    w->unknown += e->unknown;
    w->anomalies += e->anomalies;
    return 0;
}

static int apply_bad(struct writer *w, struct item *it)
{
    if (store_quarantine(w->store, w->type->category, it->skiptoken, it->guid, it->msg,
                         it->raw.data ? it->raw.data : "", it->raw.len)) {
        snprintf(w->error, sizeof w->error, "storage failed: %s", store_errmsg(w->store));
        return -1;
    }
    w->quarantined++;
    return 0;
}

/* A page ended well: record its skiptoken and add its counts. */
static int apply_page(struct writer *w, const struct item *it)
{
    if (store_set_state(w->store, w->type->category, it->token)) {
        snprintf(w->error, sizeof w->error, "storage failed: %s", store_errmsg(w->store));
        return -1;
    }
    struct sync_cat_report *cat = w->cat;
    cat->skiptoken_to = it->token;
    cat->pages++;
    cat->entries += (int64_t)it->res.entries;
    cat->created += w->created;
    cat->updated += w->updated;
    cat->deleted += w->deleted;
    cat->quarantined += w->quarantined;
    cat->placeholders += w->placeholders;
    cat->bad_values += w->bad_values;
    cat->unknown_elements += w->unknown;
    cat->anomalies += w->anomalies;
    page_counts_reset(w);
    return 0;
}

/* Commits the pages applied so far (with their skiptoken) and remembers the category's
 * counters as they are now committed. */
static int commit_batch(struct writer *w, struct sync_cat_report *saved)
{
    if (store_in_transaction(w->store) && store_commit(w->store)) {
        snprintf(w->error, sizeof w->error, "storage failed: %s", store_errmsg(w->store));
        store_rollback(w->store);
        return -1;
    }
    *saved = *w->cat;
    return 0;
}

/* Undoes the uncommitted pages: the store and the counters go back to the last commit; the
 * retries and bytes that happened stay counted. */
static void undo_batch(struct writer *w, const struct sync_cat_report *saved)
{
    store_rollback(w->store);
    struct sync_cat_report *cat = w->cat;
    int64_t retries = cat->retries;
    uint64_t bytes = cat->bytes;
    *cat = *saved;
    cat->retries = retries;
    cat->bytes = bytes;
    page_counts_reset(w);
}

/* Brings one category up to date. Returns PAGE_OK, PAGE_FAIL or PAGE_FATAL. */
static enum page_status sync_category(const struct sync_opts *o, struct writer *w,
                                      struct sync_report *r, size_t idx, double t0)
{
    struct sync_cat_report *cat = w->cat;
    struct store_state st;
    if (store_get_state(w->store, cat->category, &st)) {
        snprintf(cat->error, sizeof cat->error, "%s", store_errmsg(w->store));
        return PAGE_FATAL;
    }
    cat->skiptoken_from = cat->skiptoken_to = st.skiptoken;
    if (stop_requested(o)) {
        r->stopped = true;
        return PAGE_OK;
    }
    /* A first load fills the table without its secondary indexes, which are built once at
     * the end: far less random B-tree work than keeping them up to date row by row. */
    int bulk = st.skiptoken < 0 ? store_bulk_begin(w->store, cat->category) : 0;
    if (bulk < 0) {
        snprintf(cat->error, sizeof cat->error, "%s", store_errmsg(w->store));
        return PAGE_FATAL;
    }
    struct sync_cat_report saved = *cat; /* the counters as of the last commit */
    double start = now_s(), batch_start = start;
    int64_t careful_until = -2; /* commit every page up to this skiptoken (after a failure) */
    int attempt = 0;
    enum page_status ps = PAGE_OK;
    w->error[0] = '\0';
    if (reader_start(w, cat->skiptoken_to)) {
        snprintf(cat->error, sizeof cat->error, "%s", w->error);
        ps = PAGE_FATAL;
    }
    while (w->reading) {
        struct item *it = queue_peek(w->q);
        if (it->kind != IT_STOPPED && !store_in_transaction(w->store) && store_begin(w->store)) {
            snprintf(w->error, sizeof w->error, "storage failed: %s", store_errmsg(w->store));
            queue_done(w->q, it);
            ps = PAGE_FATAL;
            break;
        }
        if (it->kind == IT_ENTITY || it->kind == IT_BAD) {
            int rc = it->kind == IT_ENTITY ? apply_entity(w, &it->e) : apply_bad(w, it);
            queue_done(w->q, it);
            if (rc) {
                ps = PAGE_FATAL;
                break;
            }
            continue;
        }
        if (it->kind == IT_STOPPED) {
            queue_done(w->q, it);
            reader_stop(w, false);
            r->stopped = true;
            break;
        }
        /* IT_PAGE */
        cat->bytes += it->bytes;
        if (it->ps != PAGE_OK) {
            enum page_status pps = it->ps;
            char err[sizeof it->msg], url[sizeof it->url];
            snprintf(err, sizeof err, "%s", it->msg);
            snprintf(url, sizeof url, "%s", it->url);
            queue_done(w->q, it);
            reader_stop(w, false); /* it has stopped after this page */
            /* Undo the batch. If it held good pages, replay them first, committing each, so
             * that they are kept whatever happens to the failing page. */
            bool replay = cat->pages > saved.pages;
            int64_t failed_at = cat->skiptoken_to;
            undo_batch(w, &saved);
            batch_start = now_s();
            if (replay) {
                careful_until = failed_at;
            } else if (pps == PAGE_RETRY && attempt < o->max_retries && !stop_requested(o)) {
                long wait = backoff_ms(o, attempt++);
                cat->retries++;
                report_progress(o, r, idx, cat, t0, err, (double)wait / 1000.0);
                sleep_ms(wait, o->stop);
            } else {
                ps = PAGE_FAIL;
                snprintf(cat->error, sizeof cat->error, "%s (%s%s)", err, url,
                         attempt ? ", after retries" : "");
                break;
            }
            if (stop_requested(o)) {
                r->stopped = true;
                break;
            }
            if (reader_start(w, cat->skiptoken_to)) {
                ps = PAGE_FATAL;
                break;
            }
            continue;
        }
        bool more = it->more;
        int rc = apply_page(w, it);
        queue_done(w->q, it);
        if (rc) {
            ps = PAGE_FATAL;
            break;
        }
        attempt = 0;
        report_progress(o, r, idx, cat, t0, NULL, 0);
        if (!more || o->pause_ms > 0 || cat->skiptoken_to <= careful_until ||
            cat->entries - saved.entries >= SYNC_BATCH_ENTRIES ||
            now_s() - batch_start >= SYNC_BATCH_SECONDS) {
            if (commit_batch(w, &saved)) {
                ps = PAGE_FATAL;
                break;
            }
            batch_start = now_s();
        }
        if (!more) {
            reader_stop(w, false);
            break;
        }
        if (stop_requested(o)) {
            /* Stop after the page just applied; what the reader read beyond it is dropped. */
            r->stopped = true;
            break;
        }
    }
    reader_stop(w, true);
    if (ps == PAGE_FATAL) {
        store_rollback(w->store);
        if (!cat->error[0])
            snprintf(cat->error, sizeof cat->error, "%s", w->error);
    } else if (commit_batch(w, &saved)) {
        /* Only whole pages are ever pending here: a stop or failure ends at a page boundary. */
        snprintf(cat->error, sizeof cat->error, "%s", w->error);
        ps = PAGE_FATAL;
    }
    if (bulk > 0 && store_bulk_end(w->store, cat->category) && ps != PAGE_FATAL) {
        snprintf(cat->error, sizeof cat->error, "%s", store_errmsg(w->store));
        ps = PAGE_FATAL;
    }
    cat->seconds = now_s() - start;
    if (ps == PAGE_FAIL) {
        cat->failed = true;
        store_set_error(w->store, cat->category, cat->error);
    } else if (ps == PAGE_OK && !r->stopped) {
        store_set_error(w->store, cat->category, NULL);
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
    feed_global_init(); /* in this thread, before a reader thread parses */
    struct feed_http_opts ho = {o->user_agent, o->connect_timeout_s, o->read_timeout_s};
    struct feed_http *http = feed_http_new(&ho);
    struct feed_page *page = feed_page_new();
    struct queue q;
    if (!http || !page || queue_init(&q)) {
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
        struct writer w = {.store = s, .cat = cat, .type = t, .q = &q};
        w.rd = (struct reader){.q = &q, .o = o, .http = http, .page = page, .type = t};
        enum page_status ps = sync_category(o, &w, r, i, t0);
        r->entries += cat->entries;
        r->bytes += cat->bytes;
        if (ps == PAGE_FATAL) {
            cat->failed = r->failed = r->fatal = true;
        } else if (ps == PAGE_FAIL) {
            r->failed = true;
        }
    }
    r->seconds = now_s() - t0;
    queue_free(&q);
    feed_page_free(page);
    feed_http_free(http);
    return r->failed || r->stopped ? -1 : 0;
}
