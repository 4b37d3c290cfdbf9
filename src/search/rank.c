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
 * Hints: kw_rank(w_title, w_meta, w_body, g_0, n_0, g_1, n_1, …) with one pair per phrase of the
 * query (search.c passes them through `rank MATCH`). Phrases with the same g form one term of the
 * formula (a bare word written as ("~w" OR "=s") is one word: its tf is the sum of both, its
 * n_p the sum of theirs, at most N); n ≥ 0 is the number of rows the phrase occurs in, known
 * from the index's term statistics, and spares the walk over every matching row that
 * xQueryPhrase() would make; n < 0 means "count it" (rare terms, phrases). Without hints, or
 * with the wrong number of them, every phrase is its own term and is counted.
 */
#include "search/search_int.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_MAXCOL 8

struct rank_stats {
    int nphrase, ncol, ngroup;
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
    bool hints = nphrase > 0 && nval == ncolarg + 2 * nphrase;
    /* groups: phrases with equal hint g share a term, numbered in order of first appearance */
    s->ngroup = 0;
    for (int p = 0; p < nphrase; p++) {
        s->group[p] = -1;
        if (hints) {
            sqlite3_int64 g = sqlite3_value_int64(val[ncolarg + 2 * p]);
            for (int q = 0; q < p; q++)
                if (sqlite3_value_int64(val[ncolarg + 2 * q]) == g) {
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
    double *rows = s->idf; /* rows per term first, turned into idf below */
    for (int g = 0; g < s->ngroup; g++)
        rows[g] = 0;
    for (int p = 0; *rc == SQLITE_OK && p < nphrase; p++) {
        double known = hints ? sqlite3_value_double(val[ncolarg + 2 * p + 1]) : -1.0;
        if (known >= 0) {
            rows[s->group[p]] += known;
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
    if (*rc == SQLITE_OK)
        *rc = api->xSetAuxdata(fts, s, sqlite3_free);
    if (*rc != SQLITE_OK) {
        sqlite3_free(s);
        return NULL;
    }
    return s;
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
    for (int c = 0; c < s->ncol; c++) {
        w[c] = c < nval ? sqlite3_value_double(val[c]) : 1.0;
        int len = 0;
        if (api->xColumnSize(fts, c, &len) != SQLITE_OK)
            len = 0;
        norm[c] = 1.0 - RANK_B + RANK_B * (double)len / s->avglen[c];
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

int search_register_rank(sqlite3 *db)
{
    fts5_api *api = fts5_api_of(db);
    if (!api || api->iVersion < 2)
        return SQLITE_ERROR;
    return api->xCreateFunction(api, "kw_rank", NULL, kw_rank, NULL);
}
