/*
 * snippet — kw_snippet(fts, open, close, ellipsis, ntokens), the FTS5 auxiliary function that
 * makes the search result snippets.
 *
 * Why not FTS5's snippet(): it tokenizes the whole text of every column of each hit to score
 * every possible window, so a hit in a 500-page document costs the whole document. This one
 * reads the hits' token positions (xInst), picks a window of ntokens around the first
 * instances only, and tokenizes a column just up to the end of that window.
 *
 * The column: the one with the most distinct phrases hit, then the most hits (the first on a
 * tie). The window: among the column's first SNIP_CANDIDATES hits, the one whose window (it
 * starts SNIP_LEAD tokens before the hit) holds the most distinct phrases, then the most hits;
 * the earliest on a tie. Every phrase instance inside the window is marked from the start of
 * its first token to the end of its last one; `ellipsis` stands before and after the window
 * when text was left out there. No hit: the first ntokens of the first non-empty column.
 */
#include "search/search_int.h"

#include <stdlib.h>
#include <string.h>

#define SNIP_CANDIDATES 16
#define SNIP_LEAD 3
#define SNIP_MAX_INST 4096 /* instances looked at per row */
#define SNIP_MAX_TOKENS 64

struct inst {
    int phrase, off, len; /* token offset and phrase length in tokens */
};

/* The walk over the column's tokens. */
struct walk {
    int lo, hi;           /* window: token positions [lo, hi) */
    int pos;              /* position of the current token */
    int seen;             /* tokens seen (non-colocated) */
    int start_byte, end_byte;
    bool more_after;      /* a token beyond the window exists */
    /* per position in the window: marks; open_at[k] != 0 opens before token lo+k, close_at[k]
     * closes after token lo+k */
    unsigned char open_at[SNIP_MAX_TOKENS], close_at[SNIP_MAX_TOKENS];
    int tok_start[SNIP_MAX_TOKENS], tok_end[SNIP_MAX_TOKENS];
};

static int on_token(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    (void)tok;
    (void)len;
    struct walk *w = ctx;
    if (flags & FTS5_TOKEN_COLOCATED) {
        if (w->seen > 0 && w->pos >= w->lo && w->pos < w->hi) {
            int k = w->pos - w->lo;
            if (end > w->tok_end[k])
                w->tok_end[k] = end; /* an identifier's parts span the same text */
        }
        return SQLITE_OK;
    }
    w->pos = w->seen++;
    if (w->pos >= w->hi) {
        w->more_after = true;
        return SQLITE_DONE;
    }
    if (w->pos >= w->lo) {
        int k = w->pos - w->lo;
        w->tok_start[k] = start;
        w->tok_end[k] = end;
    }
    return SQLITE_OK;
}

static int cmp_inst(const void *a, const void *b)
{
    const struct inst *x = a, *y = b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    return x->phrase - y->phrase;
}

/* Distinct phrases (bits of the first 64) and hits of insts[from..n) within [lo, lo + ntok). */
static void window_score(const struct inst *in, int n, int lo, int ntok, int *distinct,
                         int *hits)
{
    unsigned long long seen = 0;
    *distinct = 0;
    *hits = 0;
    for (int i = 0; i < n; i++) {
        if (in[i].off < lo)
            continue;
        if (in[i].off >= lo + ntok)
            break;
        unsigned long long bit = 1ull << (in[i].phrase & 63);
        if (!(seen & bit)) {
            seen |= bit;
            (*distinct)++;
        }
        (*hits)++;
    }
}

static void kw_snippet(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int nval, sqlite3_value **val)
{
    const char *open = nval > 0 ? (const char *)sqlite3_value_text(val[0]) : "[";
    const char *close = nval > 1 ? (const char *)sqlite3_value_text(val[1]) : "]";
    const char *ellipsis = nval > 2 ? (const char *)sqlite3_value_text(val[2]) : "...";
    int ntok = nval > 3 ? sqlite3_value_int(val[3]) : 24;
    if (!open)
        open = "";
    if (!close)
        close = "";
    if (!ellipsis)
        ellipsis = "";
    if (ntok < 1)
        ntok = 1;
    if (ntok > SNIP_MAX_TOKENS)
        ntok = SNIP_MAX_TOKENS;

    int ncol = api->xColumnCount(fts), ninst = 0;
    int rc = api->xInstCount(fts, &ninst);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    if (ninst > SNIP_MAX_INST)
        ninst = SNIP_MAX_INST;
    struct inst *in = ninst ? malloc((size_t)ninst * sizeof *in) : NULL;
    if (ninst && !in) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    /* the column */
    int best_col = -1, best_d = -1, best_h = -1;
    for (int c = 0; c < ncol; c++) {
        unsigned long long seen = 0;
        int d = 0, h = 0;
        for (int i = 0; i < ninst; i++) {
            int p, col, off;
            if (api->xInst(fts, i, &p, &col, &off) != SQLITE_OK || col != c)
                continue;
            unsigned long long bit = 1ull << (p & 63);
            if (!(seen & bit)) {
                seen |= bit;
                d++;
            }
            h++;
        }
        if (h && (d > best_d || (d == best_d && h > best_h))) {
            best_col = c;
            best_d = d;
            best_h = h;
        }
    }
    int n = 0;
    const char *text = NULL;
    int tlen = 0;
    if (best_col < 0) {
        /* no hit: the start of the first non-empty column */
        for (int c = 0; c < ncol; c++) {
            if (api->xColumnText(fts, c, &text, &tlen) == SQLITE_OK && text && tlen > 0) {
                best_col = c;
                break;
            }
        }
        if (best_col < 0) {
            free(in);
            sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
            return;
        }
    } else {
        for (int i = 0; i < ninst; i++) {
            int p, col, off;
            if (api->xInst(fts, i, &p, &col, &off) != SQLITE_OK || col != best_col)
                continue;
            int len = api->xPhraseSize(fts, p);
            in[n++] = (struct inst){p, off, len > 0 ? len : 1};
        }
        qsort(in, (size_t)n, sizeof *in, cmp_inst);
        rc = api->xColumnText(fts, best_col, &text, &tlen);
        if (rc != SQLITE_OK) {
            free(in);
            sqlite3_result_error_code(ctx, rc);
            return;
        }
    }
    /* the window */
    int lo = 0;
    if (n > 0) {
        int bd = -1, bh = -1;
        for (int i = 0; i < n && i < SNIP_CANDIDATES; i++) {
            int start = in[i].off - SNIP_LEAD;
            if (start < 0)
                start = 0;
            int d, h;
            window_score(in, n, start, ntok, &d, &h);
            if (d > bd || (d == bd && h > bh)) {
                bd = d;
                bh = h;
                lo = start;
            }
        }
    }
    struct walk *w = calloc(1, sizeof *w);
    if (!w) {
        free(in);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    w->lo = lo;
    w->hi = lo + ntok;
    w->pos = -1;
    for (int i = 0; i < n; i++) {
        if (in[i].off < lo)
            continue;
        if (in[i].off >= w->hi)
            break;
        int last = in[i].off + in[i].len - 1;
        if (last >= w->hi)
            last = w->hi - 1;
        w->open_at[in[i].off - lo] = 1;
        w->close_at[last - lo] = 1;
    }
    free(in);
    rc = text && tlen > 0 ? api->xTokenize(fts, text, tlen, w, on_token) : SQLITE_OK;
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        free(w);
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    int got = w->seen - lo; /* tokens of the window that exist */
    if (w->more_after)
        got = ntok;
    if (got > ntok)
        got = ntok;
    struct buf out = BUF_INIT;
    if (got <= 0) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        free(w);
        return;
    }
    if (lo > 0)
        buf_adds(&out, ellipsis);
    int depth = 0;
    int at = w->tok_start[0];
    for (int k = 0; k < got; k++) {
        int s = w->tok_start[k], e = w->tok_end[k];
        if (s < at)
            s = at; /* overlapping spans (colocated parts): never go back */
        if (e < s)
            e = s;
        buf_add(&out, text + at, (size_t)(s - at));
        if (w->open_at[k] && depth++ == 0)
            buf_adds(&out, open);
        buf_add(&out, text + s, (size_t)(e - s));
        if (w->close_at[k] && depth > 0 && --depth == 0)
            buf_adds(&out, close);
        at = e;
    }
    if (depth > 0)
        buf_adds(&out, close);
    if (w->more_after)
        buf_adds(&out, ellipsis);
    free(w);
    size_t len;
    char *s = buf_detach(&out, &len);
    if (len > 0x7FFFFFFF) {
        free(s);
        sqlite3_result_error_toobig(ctx);
        return;
    }
    sqlite3_result_text(ctx, s, (int)len, free);
}

int search_register_snippet(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return SQLITE_ERROR;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api || api->iVersion < 2)
        return SQLITE_ERROR;
    return api->xCreateFunction(api, "kw_snippet", NULL, kw_snippet, NULL);
}
