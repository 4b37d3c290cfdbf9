/*
 * gz — gzip via zlib with per-thread deflate states, and a direct-mapped cache of
 * compressed bodies guarded by striped mutexes; see gz.h.
 */
#include "web/gz.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct tls_deflate {
    z_stream zs;
    int level;
};

static pthread_key_t deflate_key;
static pthread_once_t deflate_once = PTHREAD_ONCE_INIT;

static void deflate_free(void *p)
{
    struct tls_deflate *t = p;
    deflateEnd(&t->zs);
    free(t);
}

static void deflate_key_init(void)
{
    if (pthread_key_create(&deflate_key, deflate_free) != 0)
        abort();
}

static z_stream *thread_stream(int level)
{
    pthread_once(&deflate_once, deflate_key_init);
    struct tls_deflate *t = pthread_getspecific(deflate_key);
    if (t && t->level != level) {
        deflate_free(t);
        t = NULL;
        pthread_setspecific(deflate_key, NULL);
    }
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t)
            return NULL;
        /* windowBits 15 + 16: a gzip header and trailer instead of zlib's. */
        if (deflateInit2(&t->zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            free(t);
            return NULL;
        }
        t->level = level;
        pthread_setspecific(deflate_key, t);
        return &t->zs;
    }
    deflateReset(&t->zs);
    return &t->zs;
}

int gz_compress(const void *in, size_t n, struct buf *out, int level)
{
    if (level < 1 || level > 9)
        level = 6;
    if (n > (size_t)UINT32_MAX)
        return -1;
    z_stream *zs = thread_stream(level);
    if (!zs)
        return -1;
    size_t start = out->len;
    size_t bound = deflateBound(zs, (uLong)n) + 32;
    buf_grow(out, bound);
    zs->next_in = (Bytef *)(uintptr_t)in; /* zlib does not write through next_in */
    zs->avail_in = (uInt)n;
    zs->next_out = (Bytef *)out->data + start;
    zs->avail_out = (uInt)bound;
    int rc = deflate(zs, Z_FINISH);
    if (rc != Z_STREAM_END) {
        out->data[start] = '\0';
        return -1;
    }
    out->len = start + (bound - zs->avail_out);
    out->data[out->len] = '\0';
    return 0;
}

#define GZ_SLOTS 1024
#define GZ_STRIPES 32

struct gz_slot {
    uint64_t hash;
    size_t raw_len;
    char *data;
    size_t len;
};

struct gz_cache {
    pthread_mutex_t locks[GZ_STRIPES];
    struct gz_slot slots[GZ_SLOTS];
    size_t budget;
    atomic_size_t used;
};

struct gz_cache *gz_cache_new(size_t budget_bytes)
{
    struct gz_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    for (int i = 0; i < GZ_STRIPES; i++)
        pthread_mutex_init(&c->locks[i], NULL);
    c->budget = budget_bytes;
    atomic_init(&c->used, 0);
    return c;
}

void gz_cache_free(struct gz_cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < GZ_SLOTS; i++)
        free(c->slots[i].data);
    for (int i = 0; i < GZ_STRIPES; i++)
        pthread_mutex_destroy(&c->locks[i]);
    free(c);
}

static size_t slot_of(uint64_t hash, size_t raw_len)
{
    return (size_t)((hash ^ raw_len) % GZ_SLOTS);
}

int gz_cache_get(struct gz_cache *c, uint64_t hash, size_t raw_len, struct buf *out)
{
    size_t i = slot_of(hash, raw_len);
    pthread_mutex_t *m = &c->locks[i % GZ_STRIPES];
    int hit = 0;
    pthread_mutex_lock(m);
    struct gz_slot *s = &c->slots[i];
    if (s->data && s->hash == hash && s->raw_len == raw_len) {
        buf_add(out, s->data, s->len);
        hit = 1;
    }
    pthread_mutex_unlock(m);
    return hit;
}

void gz_cache_put(struct gz_cache *c, uint64_t hash, size_t raw_len, const void *gz, size_t n)
{
    if (n > c->budget / 16)
        return;
    size_t i = slot_of(hash, raw_len);
    pthread_mutex_t *m = &c->locks[i % GZ_STRIPES];
    pthread_mutex_lock(m);
    struct gz_slot *s = &c->slots[i];
    size_t freed = s->data ? s->len : 0;
    /* Reserve first, so concurrent puts in other stripes cannot overshoot the budget. */
    size_t total = atomic_fetch_add(&c->used, n) + n;
    char *copy = total - freed > c->budget ? NULL : malloc(n ? n : 1);
    if (!copy) {
        atomic_fetch_sub(&c->used, n);
        pthread_mutex_unlock(m);
        return;
    }
    memcpy(copy, gz, n);
    free(s->data);
    s->data = copy;
    s->len = n;
    s->hash = hash;
    s->raw_len = raw_len;
    atomic_fetch_sub(&c->used, freed);
    pthread_mutex_unlock(m);
}
