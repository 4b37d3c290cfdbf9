/*
 * page_cache — a small direct-mapped cache of rendered pages; see page_cache.h.
 */
#include "web/page_cache.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/hash.h"

struct slot {
    char *key;
    uint64_t hash;
    int64_t born;
    int64_t version;
    const char *content_type;
    enum http_cache cache;
    unsigned max_age;
    struct buf body;
};

struct page_cache {
    pthread_mutex_t mu;
    sqlite3 *db;         /* read-only, only for PRAGMA data_version */
    sqlite3_stmt *dv;
    int64_t version;     /* data_version when last looked at */
    int64_t checked;     /* when (seconds) */
    struct slot slots[PAGE_CACHE_SLOTS];
};

static int64_t now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

struct page_cache *page_cache_new(const char *db_path)
{
    struct page_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    pthread_mutex_init(&c->mu, NULL);
    if (sqlite3_open_v2(db_path, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "PRAGMA data_version", -1, &c->dv, NULL) != SQLITE_OK) {
        page_cache_free(c);
        return NULL;
    }
    c->version = -1;
    return c;
}

void page_cache_free(struct page_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++) {
        free(c->slots[i].key);
        buf_free(&c->slots[i].body);
    }
    sqlite3_finalize(c->dv);
    sqlite3_close(c->db);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

/* The request's identity: JSON or not, path, and every parameter in order. */
static void make_key(const struct http_request *rq, struct buf *k)
{
    buf_addc(k, rq->want_json ? 'J' : 'H');
    buf_adds(k, rq->path);
    for (size_t i = 0; i < rq->nparams; i++) {
        buf_addc(k, i ? '&' : '?');
        buf_adds(k, rq->params[i].name);
        buf_addc(k, '=');
        buf_adds(k, rq->params[i].value);
    }
}

/* Current data_version (cached for a second); called with the mutex held. */
static int64_t version(struct page_cache *c, int64_t now)
{
    if (c->version >= 0 && now == c->checked)
        return c->version;
    int64_t v = -1;
    if (sqlite3_step(c->dv) == SQLITE_ROW)
        v = sqlite3_column_int64(c->dv, 0);
    sqlite3_reset(c->dv);
    c->checked = now;
    c->version = v;
    return v;
}

static bool cacheable(const struct http_request *rq)
{
    return rq->method == HTTP_GET || rq->method == HTTP_HEAD;
}

int page_cache_get(struct page_cache *c, const struct http_request *rq, struct http_response *rs)
{
    if (!c || !cacheable(rq))
        return 0;
    struct buf k = BUF_INIT;
    make_key(rq, &k);
    uint64_t h = hash64(k.data, k.len);
    struct slot *s = &c->slots[h % PAGE_CACHE_SLOTS];
    int hit = 0;
    pthread_mutex_lock(&c->mu);
    int64_t now = now_s();
    if (s->key && s->hash == h && strcmp(s->key, k.data) == 0 &&
        now - s->born < PAGE_CACHE_TTL_S && s->version == version(c, now) && s->version >= 0) {
        rs->status = 200;
        rs->content_type = s->content_type;
        rs->cache = s->cache;
        rs->max_age = s->max_age;
        buf_reset(&rs->body);
        buf_add(&rs->body, s->body.data ? s->body.data : "", s->body.len);
        hit = 1;
    }
    pthread_mutex_unlock(&c->mu);
    buf_free(&k);
    return hit;
}

void page_cache_put(struct page_cache *c, const struct http_request *rq,
                    const struct http_response *rs)
{
    if (!c || !cacheable(rq) || rs->status != 200 || rs->has_file || rs->headers.len ||
        rs->body.len > PAGE_CACHE_MAX_BODY || rs->cache == HTTP_CACHE_NO_STORE)
        return;
    struct buf k = BUF_INIT;
    make_key(rq, &k);
    uint64_t h = hash64(k.data, k.len);
    struct slot *s = &c->slots[h % PAGE_CACHE_SLOTS];
    pthread_mutex_lock(&c->mu);
    int64_t now = now_s();
    free(s->key);
    size_t n;
    s->key = buf_detach(&k, &n);
    s->hash = h;
    s->born = now;
    s->version = version(c, now);
    s->content_type = rs->content_type;
    s->cache = rs->cache;
    s->max_age = rs->max_age;
    buf_reset(&s->body);
    buf_add(&s->body, rs->body.data ? rs->body.data : "", rs->body.len);
    pthread_mutex_unlock(&c->mu);
}
