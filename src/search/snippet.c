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

#include "text/analyze.h"
#include "text/fts5_dutch.h"
#include "util/hash.h"

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

/* ---- snippets from the text (search_int.h) ---- */

#define TERMS_MAX 4096 /* marked tokens kept per query */

struct snip_term {
    char *tok;
    int len, string;
    uint32_t hash;
};

struct search_snip_terms {
    struct text_analyzer *an;
    struct snip_term *exact; /* open addressing, cap a power of two; tok NULL: empty */
    size_t cap, n;
    struct snip_term *prefix; /* a list: each is compared by its start */
    size_t nprefix;
};

static int add_term(void *ctx, int string, int prefix, const char *tok, int len)
{
    struct search_snip_terms *t = ctx;
    if (t->n + t->nprefix >= TERMS_MAX)
        return 0;
    if (prefix) {
        struct snip_term *p = realloc(t->prefix, (t->nprefix + 1) * sizeof *p);
        char *d = malloc((size_t)len + 1);
        if (!p || !d) {
            free(d);
            if (p)
                t->prefix = p;
            return SQLITE_NOMEM;
        }
        memcpy(d, tok, (size_t)len);
        d[len] = '\0';
        t->prefix = p;
        p[t->nprefix++] = (struct snip_term){d, len, string, 0};
        return 0;
    }
    uint32_t h = hash_fnv1a(tok, (size_t)len);
    size_t k = h & (t->cap - 1);
    for (; t->exact[k].tok; k = (k + 1) & (t->cap - 1))
        if (t->exact[k].hash == h && t->exact[k].len == len &&
            !memcmp(t->exact[k].tok, tok, (size_t)len))
            return 0; /* the first string that has it counts */
    char *d = malloc((size_t)len + 1);
    if (!d)
        return SQLITE_NOMEM;
    memcpy(d, tok, (size_t)len);
    d[len] = '\0';
    t->exact[k] = (struct snip_term){d, len, string, h};
    t->n++;
    return 0;
}

void search_snip_terms_free(struct search_snip_terms *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->cap; i++)
        free(t->exact[i].tok);
    for (size_t i = 0; i < t->nprefix; i++)
        free(t->prefix[i].tok);
    free(t->exact);
    free(t->prefix);
    text_analyzer_free(t->an);
    free(t);
}

struct search_snip_terms *search_snip_terms_new(const char *match)
{
    struct search_snip_terms *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cap = TERMS_MAX * 2;
    t->exact = calloc(t->cap, sizeof *t->exact);
    t->an = text_analyzer_new();
    if (!t->exact || !t->an || text_match_tokens(t->an, match, 1, add_term, t) != 0) {
        search_snip_terms_free(t);
        return NULL;
    }
    return t;
}

/* The string a token is marked for, or -1. */
static int term_of(const struct search_snip_terms *t, const char *tok, int len)
{
    uint32_t h = hash_fnv1a(tok, (size_t)len);
    for (size_t k = h & (t->cap - 1); t->exact[k].tok; k = (k + 1) & (t->cap - 1))
        if (t->exact[k].hash == h && t->exact[k].len == len &&
            !memcmp(t->exact[k].tok, tok, (size_t)len))
            return t->exact[k].string;
    for (size_t i = 0; i < t->nprefix; i++)
        if (t->prefix[i].len <= len && !memcmp(t->prefix[i].tok, tok, (size_t)t->prefix[i].len))
            return t->prefix[i].string;
    return -1;
}

struct ttok {
    int start, end, string; /* string: -1 when not marked */
};

/* One column's positions: per position its byte span and mark. */
struct tcol {
    const struct search_snip_terms *t;
    struct ttok *tok;
    int n, cap;
    int hits, distinct;
    unsigned long long seen;
    int stop_hits; /* > 0: stop SNIP_MAX_TOKENS positions after this many hits */
    int stop_at;
    bool more; /* stopped before the end */
};

static int on_col_token(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    struct tcol *c = ctx;
    int s = term_of(c->t, tok, len);
    if (flags & TEXT_TOKEN_COLOCATED) {
        if (c->n > 0) {
            struct ttok *p = &c->tok[c->n - 1];
            if (end > p->end)
                p->end = end;
            if (s >= 0 && p->string < 0) {
                p->string = s;
                goto counted;
            }
        }
        return 0;
    }
    if (c->stop_at > 0 && c->n >= c->stop_at) {
        c->more = true;
        return 1;
    }
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 256;
        struct ttok *p = realloc(c->tok, (size_t)cap * sizeof *p);
        if (!p)
            return SQLITE_NOMEM;
        c->tok = p;
        c->cap = cap;
    }
    c->tok[c->n++] = (struct ttok){start, end, s};
    if (s < 0)
        return 0;
counted:
    c->hits++;
    if (!(c->seen & (1ull << (s & 63)))) {
        c->seen |= 1ull << (s & 63);
        c->distinct++;
    }
    if (c->stop_hits > 0 && c->hits == c->stop_hits && c->stop_at == 0)
        c->stop_at = c->n + SNIP_MAX_TOKENS;
    return 0;
}

int search_snippet_text(const struct search_snip_terms *t, const char *const col[3],
                        const size_t len[3], bool body_cut, struct buf *out)
{
    struct tcol c[3];
    int best = -1;
    for (int i = 0; i < 3; i++) {
        memset(&c[i], 0, sizeof c[i]);
        c[i].t = t;
        c[i].stop_hits = i == 2 ? SNIP_CANDIDATES : 0;
        if (col[i] && len[i])
            text_analyze(t->an, TEXT_MODE_INDEX_EXACT, col[i], len[i], on_col_token, &c[i]);
        if (c[i].hits && (best < 0 || c[i].distinct > c[best].distinct ||
                          (c[i].distinct == c[best].distinct && c[i].hits > c[best].hits)))
            best = i;
    }
    int ok = 1;
    if (best < 0) {
        if (body_cut) {
            ok = 0; /* the mark may lie beyond what was read */
            goto done;
        }
        for (int i = 0; i < 3 && best < 0; i++)
            if (c[i].n)
                best = i; /* no mark: the start of the first column with text */
        if (best < 0)
            goto done;
    }
    /* the window: among the first SNIP_CANDIDATES marks, the one whose window (starting
     * SNIP_LEAD positions before it) holds most distinct strings, then most marks */
    const struct tcol *b = &c[best];
    int ntok = 24, lo = 0, bd = -1, bh = -1, cand = 0;
    for (int i = 0; i < b->n && cand < SNIP_CANDIDATES; i++) {
        if (b->tok[i].string < 0)
            continue;
        cand++;
        int start = i - SNIP_LEAD < 0 ? 0 : i - SNIP_LEAD, d = 0, h = 0;
        unsigned long long seen = 0;
        for (int k = start; k < start + ntok && k < b->n; k++) {
            int s = b->tok[k].string;
            if (s < 0)
                continue;
            h++;
            if (!(seen & (1ull << (s & 63)))) {
                seen |= 1ull << (s & 63);
                d++;
            }
        }
        if (d > bd || (d == bd && h > bh))
            bd = d, bh = h, lo = start;
    }
    int hi = lo + ntok < b->n ? lo + ntok : b->n;
    bool more_after = hi < b->n || b->more || (best == 2 && body_cut);
    const char *text = col[best];
    if (lo > 0)
        buf_adds(out, "…");
    int at = b->tok[lo].start;
    for (int k = lo; k < hi; k++) {
        int s = b->tok[k].start, e = b->tok[k].end;
        if (s < at)
            s = at;
        if (e < s)
            e = s;
        bool mark = b->tok[k].string >= 0;
        bool open = mark && (k == lo || b->tok[k - 1].string < 0);
        bool close = mark && (k + 1 == hi || b->tok[k + 1].string < 0);
        buf_add(out, text + at, (size_t)(s - at));
        if (open)
            buf_adds(out, "\xEE\x80\x80");
        buf_add(out, text + s, (size_t)(e - s));
        if (close)
            buf_adds(out, "\xEE\x80\x81");
        at = e;
    }
    if (more_after)
        buf_adds(out, "…");
done:
    for (int i = 0; i < 3; i++)
        free(c[i].tok);
    return ok;
}
