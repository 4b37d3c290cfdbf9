/*
 * rank — kw_rank(w_title, w_meta, w_body), the FTS5 ranking function of the index: BM25F.
 *
 * Why not FTS5's bm25(): it normalises the weighted term frequency by the length of the whole
 * row, so a letter whose title matches but whose 20 pages of text are long loses to a short
 * record that only repeats the title (a zaak). BM25F normalises each column by its own
 * average length, then weighs and sums the columns:
 *     tf'(p) = Σ_c w_c · tf(p, c) / (1 − b + b · len_c / avglen_c)
 *     score  = Σ_p idf(p) · tf'(p) · (k1 + 1) / (tf'(p) + k1),   k1 = 1.2, b = 0.75
 *     idf(p) = ln(1 + (N − n_p + 0.5) / (n_p + 0.5))
 * The function returns −score, so that FTS5's ORDER BY rank (ascending) puts the best first,
 * like bm25(). Per-query statistics (N, average lengths, n_p) are computed once and kept as
 * auxiliary data.
 *
 * Hints: kw_rank(w_title, w_meta, w_body, 'g_0 n_0 g_1 n_1 …') with one pair per phrase of the
 * query, in one string (search.c passes them through `rank MATCH`; a string, because a bare
 * word can stand for more phrases than an SQL function takes arguments). Phrases with the same
 * g form one term of the formula (a bare word written as ("|=motie" OR "|=moties") is one word:
 * its tf is the sum of its forms', its n_p the sum of theirs, at most N); n ≥ 0 is the number
 * of rows the phrase occurs in, known
 * from the index's term statistics, and spares the walk over every matching row that
 * xQueryPhrase() would make; n < 0 means "count it" (rare terms, phrases). Without hints, or
 * with the wrong number of them, every phrase is its own term and is counted.
 *
 * Column lengths: FTS5's xColumnSize() reads the row's record of search_fts_docsize through a
 * B-tree lookup (~5,600 instructions), for every row ranked — up to SEARCH_RANK_WINDOW rows per
 * query. Each connection therefore keeps all column lengths in arrays sorted by rowid (20 bytes
 * a row; rowids are sparse, they hold the date), loaded by a query that ranks more than
 * RANK_CACHE_AFTER rows once the connection has ranked an eighth of the table's rows without it
 * (so that loading pays off); a lookup starts next to the previous one, as FTS5 ranks in rowid
 * order. It is used only
 * while it is known to be current: it records the database's data version
 * (SQLITE_FCNTL_DATA_VERSION changes on every commit, by this connection or any other), and
 * its row count and column totals must equal those FTS5 reports for the query's table, so it is
 * never used for another table or a changed index; otherwise xColumnSize() is asked as before.
 */
#include "search/search_int.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_MAXCOL 8
#define RANK_CACHE_AFTER 256 /* rows a query ranks before it loads the column lengths */
#define RANK_CACHE_COLS 3

/* Column lengths of every row of search_fts, by rowid (see above). One per connection. */
struct rank_cache {
    bool tried, loaded, failed; /* tried: loaded once at `version`, maybe without success */
    unsigned version;          /* SQLITE_FCNTL_DATA_VERSION when loaded */
    sqlite3_int64 nrow;        /* rows, and column totals, as loaded */
    sqlite3_int64 tot[RANK_CACHE_COLS];
    sqlite3_int64 *rid;        /* nrow rowids, ascending */
    uint32_t *len;             /* nrow * RANK_CACHE_COLS */
    size_t last;               /* index of the previous lookup */
    sqlite3_int64 spent;       /* rows ranked through xColumnSize() since the last load */
};

struct rank_stats {
    int nphrase, ncol, ngroup;
    int sized;                 /* rows whose lengths came from xColumnSize() */
    bool use_cache;            /* the cache matches this query's table and data version */
    unsigned version;
    sqlite3_int64 nrow, tot[RANK_CACHE_COLS];
    double avglen[RANK_MAXCOL];
    int *group;   /* per phrase: its term (index into idf) */
    double idf[]; /* per term; followed by the group array */
};

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)ctx)++;
    return SQLITE_OK;
}

static struct rank_stats *rank_stats(const Fts5ExtensionApi *api, Fts5Context *fts, int nval,
                                     sqlite3_value **val, int *rc)
{
    struct rank_stats *s = api->xGetAuxdata(fts, 0);
    if (s)
        return s;
    int nphrase = api->xPhraseCount(fts), ncol = api->xColumnCount(fts);
    int ncolarg = api->xColumnCount(fts);
    if (ncol > RANK_MAXCOL)
        ncol = RANK_MAXCOL;
    size_t np = (size_t)(nphrase > 0 ? nphrase : 1);
    s = sqlite3_malloc64(sizeof *s + sizeof(double) * np + sizeof(int) * np);
    if (!s) {
        *rc = SQLITE_NOMEM;
        return NULL;
    }
    memset(s, 0, sizeof *s);
    s->nphrase = nphrase;
    s->ncol = ncol;
    s->group = (int *)(s->idf + np);
    /* hints: "g n g n …", a pair per phrase (see above); any mismatch and there are none */
    double *known = sqlite3_malloc64(sizeof(double) * np * 2);
    if (!known) {
        sqlite3_free(s);
        *rc = SQLITE_NOMEM;
        return NULL;
    }
    double *hint_g = known + np;
    bool hints = nphrase > 0 && nval == ncolarg + 1 &&
                 sqlite3_value_type(val[ncolarg]) == SQLITE_TEXT;
    if (hints) {
        const char *h = (const char *)sqlite3_value_text(val[ncolarg]);
        for (int p = 0; hints && p < nphrase; p++) {
            char *e1 = NULL, *e2 = NULL;
            hint_g[p] = h ? strtod(h, &e1) : 0;
            known[p] = h && e1 != h ? strtod(e1, &e2) : 0;
            if (!h || e1 == h || e2 == e1)
                hints = false;
            else
                h = e2;
        }
        while (hints && h && (*h == ' '))
            h++;
        if (hints && h && *h)
            hints = false; /* more pairs than phrases */
    }
    /* groups: phrases with equal hint g share a term, numbered in order of first appearance */
    s->ngroup = 0;
    for (int p = 0; p < nphrase; p++) {
        s->group[p] = -1;
        if (hints) {
            for (int q = 0; q < p; q++)
                if (hint_g[q] == hint_g[p]) {
                    s->group[p] = s->group[q];
                    break;
                }
        }
        if (s->group[p] < 0)
            s->group[p] = s->ngroup++;
    }
    sqlite3_int64 nrow = 0;
    *rc = api->xRowCount(fts, &nrow);
    for (int c = 0; *rc == SQLITE_OK && c < ncol; c++) {
        sqlite3_int64 tot = 0;
        *rc = api->xColumnTotalSize(fts, c, &tot);
        s->avglen[c] = nrow > 0 && tot > 0 ? (double)tot / (double)nrow : 1.0;
    }
    s->nrow = nrow;
    for (int c = 0; *rc == SQLITE_OK && c < ncol && c < RANK_CACHE_COLS; c++)
        *rc = api->xColumnTotalSize(fts, c, &s->tot[c]);
    double *rows = s->idf; /* rows per term first, turned into idf below */
    for (int g = 0; g < s->ngroup; g++)
        rows[g] = 0;
    for (int p = 0; *rc == SQLITE_OK && p < nphrase; p++) {
        if (hints && known[p] >= 0) {
            rows[s->group[p]] += known[p];
            continue;
        }
        sqlite3_int64 hits = 0;
        *rc = api->xQueryPhrase(fts, p, &hits, count_row);
        rows[s->group[p]] += (double)hits;
    }
    for (int g = 0; g < s->ngroup; g++) {
        double n = (double)nrow, h = rows[g] < n ? rows[g] : n;
        s->idf[g] = log(1.0 + (n - h + 0.5) / (h + 0.5));
    }
    sqlite3_free(known);
    if (*rc == SQLITE_OK)
        *rc = api->xSetAuxdata(fts, s, sqlite3_free);
    if (*rc != SQLITE_OK) {
        sqlite3_free(s);
        return NULL;
    }
    return s;
}

/* FTS5's varint (SQLite's format); returns the bytes read, 0 when p[0..n) is cut short. */
static int get_varint(const unsigned char *p, int n, sqlite3_uint64 *v)
{
    sqlite3_uint64 x = 0;
    for (int i = 0; i < 9 && i < n; i++) {
        if (i == 8) {
            *v = (x << 8) | p[i];
            return 9;
        }
        x = (x << 7) | (p[i] & 0x7F);
        if (!(p[i] & 0x80)) {
            *v = x;
            return i + 1;
        }
    }
    return 0;
}

/* Loads every row's column lengths; leaves c->loaded false when they do not add up. */
static void cache_load(sqlite3 *db, struct rank_cache *c, const struct rank_stats *s)
{
    free(c->rid);
    free(c->len);
    c->rid = NULL;
    c->len = NULL;
    c->loaded = false;
    c->tried = true;
    c->version = s->version;
    if (s->nrow <= 0 || s->nrow > 100000000)
        return;
    size_t cap = (size_t)s->nrow;
    sqlite3_int64 *rid = malloc(cap * sizeof *rid);
    uint32_t *len = malloc(cap * RANK_CACHE_COLS * sizeof *len);
    sqlite3_stmt *st = NULL;
    bool ok = rid && len &&
              sqlite3_prepare_v2(db, "SELECT id, sz FROM search_fts_docsize ORDER BY id", -1,
                                 &st, NULL) == SQLITE_OK;
    if (!st)
        c->failed = true; /* no such table: not the index this cache is for */
    size_t rows = 0;
    sqlite3_int64 tot[RANK_CACHE_COLS] = {0};
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows == cap) {
            ok = false; /* more rows than FTS5 counts */
            break;
        }
        rid[rows] = sqlite3_column_int64(st, 0);
        const unsigned char *p = sqlite3_column_blob(st, 1);
        int n = sqlite3_column_bytes(st, 1);
        uint32_t *row = len + rows * RANK_CACHE_COLS;
        for (int k = 0, off = 0; k < RANK_CACHE_COLS; k++) {
            sqlite3_uint64 v = 0;
            int used = off < n ? get_varint(p + off, n - off, &v) : 0;
            if (!used || v > INT32_MAX) {
                ok = false;
                break;
            }
            off += used;
            row[k] = (uint32_t)v;
            tot[k] += (sqlite3_int64)v;
        }
        rows++;
    }
    if (rc != SQLITE_DONE)
        ok = false;
    if (rc == SQLITE_INTERRUPT)
        c->tried = false; /* the query's deadline, not the table: try again next time */
    sqlite3_finalize(st);
    /* the lengths must be those of the query's table, as FTS5 counts and sums them */
    for (int k = 0; ok && k < RANK_CACHE_COLS; k++)
        ok = tot[k] == s->tot[k];
    if (!ok || (sqlite3_int64)rows != s->nrow) {
        free(rid);
        free(len);
        return;
    }
    c->rid = rid;
    c->len = len;
    c->nrow = (sqlite3_int64)rows;
    c->last = 0;
    memcpy(c->tot, tot, sizeof tot);
    c->loaded = true;
    c->spent = 0;
}

/* The index of rowid id in c->rid, or (size_t)-1. */
static size_t cache_find(struct rank_cache *c, sqlite3_int64 id)
{
    size_t n = (size_t)c->nrow, i = c->last;
    /* FTS5 ranks rows in rowid order: the row is usually next to the previous one */
    for (size_t k = i > 0 ? i - 1 : 0; k < n && k <= i + 1; k++)
        if (c->rid[k] == id)
            return c->last = k;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->rid[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && c->rid[lo] == id)
        return c->last = lo;
    return (size_t)-1;
}

static bool cache_matches(const struct rank_cache *c, const struct rank_stats *s)
{
    if (!c->loaded || c->version != s->version || c->nrow != s->nrow)
        return false;
    for (int k = 0; k < RANK_CACHE_COLS; k++)
        if (c->tot[k] != s->tot[k])
            return false;
    return true;
}

/* The query's column lengths from the cache; false when it cannot say. */
static bool cached_sizes(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                         struct rank_stats *s, int *len)
{
    struct rank_cache *c = api->xUserData(fts);
    if (!c || s->ncol != RANK_CACHE_COLS)
        return false;
    if (!s->use_cache) {
        /* Loading reads every row (~500 instructions each) and saves ~5,600 per ranked row: it
         * waits until this connection has ranked an eighth of the rows without it, so that a
         * one-shot process never pays for it and a long-lived one earns it back. */
        if (s->sized < RANK_CACHE_AFTER || c->failed || c->spent < s->nrow / 8)
            return false;
        sqlite3 *db = sqlite3_context_db_handle(ctx);
        unsigned v = 0;
        if (sqlite3_file_control(db, NULL, SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK) {
            c->failed = true;
            return false;
        }
        s->version = v;
        /* a changed database, or lengths that did not add up for this version: (re)load */
        if (!c->tried || c->version != v)
            cache_load(db, c, s);
        s->use_cache = cache_matches(c, s);
        s->sized = s->use_cache ? s->sized : INT32_MIN; /* one attempt per query */
        if (!s->use_cache)
            return false;
    }
    size_t i = cache_find(c, api->xRowid(fts));
    if (i == (size_t)-1)
        return false;
    const uint32_t *row = c->len + i * RANK_CACHE_COLS;
    for (int k = 0; k < RANK_CACHE_COLS; k++)
        len[k] = (int)row[k];
    return true;
}

static void kw_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int nval, sqlite3_value **val)
{
    int rc = SQLITE_OK;
    struct rank_stats *s = rank_stats(api, fts, nval, val, &rc);
    if (!s) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double w[RANK_MAXCOL], norm[RANK_MAXCOL];
    int lens[RANK_MAXCOL] = {0};
    bool cached = cached_sizes(api, fts, ctx, s, lens);
    if (!cached) {
        s->sized++;
        struct rank_cache *c = api->xUserData(fts);
        if (c)
            c->spent++;
    }
    for (int c = 0; c < s->ncol; c++) {
        w[c] = c < nval ? sqlite3_value_double(val[c]) : 1.0;
        if (!cached && api->xColumnSize(fts, c, &lens[c]) != SQLITE_OK)
            lens[c] = 0;
        norm[c] = 1.0 - RANK_B + RANK_B * (double)lens[c] / s->avglen[c];
    }
    enum { STACK = 16 };
    double stack_tf[STACK * RANK_MAXCOL];
    size_t cells = (size_t)s->ngroup * (size_t)s->ncol;
    double *tf = cells <= STACK * RANK_MAXCOL ? stack_tf : calloc(cells, sizeof *tf);
    if (!tf) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    memset(tf, 0, cells * sizeof *tf);
    int ninst = 0;
    rc = api->xInstCount(fts, &ninst);
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int p, c, off;
        rc = api->xInst(fts, i, &p, &c, &off);
        if (rc == SQLITE_OK && p >= 0 && p < s->nphrase && c >= 0 && c < s->ncol)
            tf[(size_t)s->group[p] * (size_t)s->ncol + (size_t)c] += 1.0;
    }
    double score = 0;
    for (int p = 0; p < s->ngroup; p++) {
        double t = 0;
        for (int c = 0; c < s->ncol; c++)
            t += w[c] * tf[(size_t)p * (size_t)s->ncol + (size_t)c] / norm[c];
        if (t > 0)
            score += s->idf[p] * t * (RANK_K1 + 1.0) / (t + RANK_K1);
    }
    if (tf != stack_tf)
        free(tf);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    sqlite3_result_double(ctx, -score);
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

static void cache_free(void *p)
{
    struct rank_cache *c = p;
    if (c) {
        free(c->rid);
        free(c->len);
    }
    free(c);
}

int search_register_rank(sqlite3 *db)
{
    fts5_api *api = fts5_api_of(db);
    if (!api || api->iVersion < 2)
        return SQLITE_ERROR;
    struct rank_cache *c = calloc(1, sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    /* FTS5 calls cache_free when the function is replaced or the connection closes, also when
     * xCreateFunction fails */
    return api->xCreateFunction(api, "kw_rank", c, kw_rank, cache_free);
}
