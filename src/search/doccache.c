/*
 * doccache — type and soort of every object, in memory, per connection (search_int.h).
 *
 * The facets of a search read type and soort of the newest SEARCH_COUNT_CAP matches: a B-tree
 * look-up into search_doc each (~3,700 instructions; 2,000 of them are ~2 ms of a query at
 * 200k documents). A connection that has done DOCCACHE_AFTER such look-ups loads every
 * object's (rid, type, soort) once — 11 bytes an object and the distinct soorten — and answers
 * from memory while the database's data version (SQLITE_FCNTL_DATA_VERSION, which changes on
 * every commit by any connection) is the one it was loaded at.
 *
 * The cache of a connection hangs on a registry entry that a dummy SQL function's destructor
 * removes when the connection closes; a connection is used by one thread at a time, so only
 * finding the entry takes the lock.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/search_int.h"

#define DOCCACHE_AFTER 4000 /* look-ups through SQL before the connection loads the cache */

struct doccache {
    sqlite3 *db;
    struct doccache *next;
    bool tried, loaded;
    unsigned version;
    int64_t spent; /* look-ups through SQL since the last load */
    size_t n, last;
    int64_t *rid; /* ascending */
    unsigned char *type;
    uint16_t *soort; /* index into soorten, 0: none */
    char **soorten;  /* [0] unused */
    size_t nsoorten;
};

static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static struct doccache *registry;

static void clear(struct doccache *c)
{
    free(c->rid);
    free(c->type);
    free(c->soort);
    for (size_t i = 1; i < c->nsoorten; i++)
        free(c->soorten[i]);
    free(c->soorten);
    c->rid = NULL;
    c->type = NULL;
    c->soort = NULL;
    c->soorten = NULL;
    c->n = c->nsoorten = c->last = 0;
    c->loaded = false;
}

static void unregister(void *p)
{
    struct doccache *c = p;
    pthread_mutex_lock(&registry_mu);
    for (struct doccache **pp = &registry; *pp; pp = &(*pp)->next)
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    pthread_mutex_unlock(&registry_mu);
    clear(c);
    free(c);
}

static void no_op(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_null(ctx);
}

int search_register_doccache(sqlite3 *db)
{
    struct doccache *c = calloc(1, sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    c->db = db;
    pthread_mutex_lock(&registry_mu);
    c->next = registry;
    registry = c;
    pthread_mutex_unlock(&registry_mu);
    /* the destructor runs when the function is replaced, the connection closes, or this call
     * fails: the entry never outlives its connection */
    return sqlite3_create_function_v2(db, "kw_doccache", 0, SQLITE_UTF8, c, no_op, NULL, NULL,
                                      unregister);
}

struct doccache *search_doccache(sqlite3 *db)
{
    pthread_mutex_lock(&registry_mu);
    struct doccache *c = registry;
    while (c && c->db != db)
        c = c->next;
    pthread_mutex_unlock(&registry_mu);
    return c;
}

static uint16_t soort_index(struct doccache *c, const char *s, bool *ok)
{
    if (!s)
        return 0;
    for (size_t i = 1; i < c->nsoorten; i++)
        if (!strcmp(c->soorten[i], s))
            return (uint16_t)i;
    if (c->nsoorten >= UINT16_MAX) {
        *ok = false;
        return 0;
    }
    if (c->nsoorten == 0)
        c->nsoorten = 1;
    char **v = realloc(c->soorten, (c->nsoorten + 1) * sizeof *v);
    if (!v)
        abort();
    c->soorten = v;
    if (!(v[c->nsoorten] = strdup(s)))
        abort();
    return (uint16_t)c->nsoorten++;
}

static void load(struct doccache *c, unsigned version)
{
    clear(c);
    c->tried = true;
    c->version = version;
    c->spent = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT rid, type, soort FROM search_doc ORDER BY rid", -1,
                           &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    size_t cap = 0;
    bool ok = true;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (c->n == cap) {
            cap = cap ? cap * 2 : 4096;
            int64_t *r = realloc(c->rid, cap * sizeof *r);
            if (!r)
                abort();
            c->rid = r;
            unsigned char *t = realloc(c->type, cap);
            if (!t)
                abort();
            c->type = t;
            uint16_t *s = realloc(c->soort, cap * sizeof *s);
            if (!s)
                abort();
            c->soort = s;
        }
        int type = sqlite3_column_int(st, 1);
        c->rid[c->n] = sqlite3_column_int64(st, 0);
        c->type[c->n] = type >= 0 && type <= 255 ? (unsigned char)type : 0;
        c->soort[c->n] = soort_index(c, (const char *)sqlite3_column_text(st, 2), &ok);
        c->n++;
    }
    if (ok && rc != SQLITE_DONE)
        ok = false;
    if (rc == SQLITE_INTERRUPT)
        c->tried = false; /* the query's deadline: try again later */
    sqlite3_finalize(st);
    if (!ok) {
        clear(c);
        return;
    }
    c->loaded = true;
}

bool search_doccache_ready(struct doccache *c)
{
    if (!c)
        return false;
    unsigned v = 0;
    if (sqlite3_file_control(c->db, NULL, SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK)
        return false;
    if (c->loaded && c->version == v)
        return true;
    if (c->spent < DOCCACHE_AFTER || (c->tried && c->version == v))
        return false;
    load(c, v);
    return c->loaded;
}

void search_doccache_missed(struct doccache *c)
{
    if (c)
        c->spent++;
}

bool search_doccache_get(struct doccache *c, int64_t rid, int *type, const char **soort)
{
    size_t n = c->n, i = c->last;
    size_t at = (size_t)-1;
    /* the walk goes by rowid: the object is usually next to the previous one */
    for (size_t k = i > 0 ? i - 1 : 0; k < n && k <= i + 1; k++)
        if (c->rid[k] == rid) {
            at = k;
            break;
        }
    if (at == (size_t)-1) {
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (c->rid[mid] < rid)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo >= n || c->rid[lo] != rid)
            return false;
        at = lo;
    }
    c->last = at;
    *type = c->type[at];
    *soort = c->soort[at] ? c->soorten[c->soort[at]] : NULL;
    return true;
}
