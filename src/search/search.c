/*
 * search — query execution over the index; see search.h for the ranking formula, the counting
 * and facet rules and the pagination contract.
 *
 * Statement shapes (d = search_doc, f = search_fts; ?1 MATCH, ?2..?3 rid range, ?4 limit,
 * ?5 exclusion MATCH, ?10.. filter values):
 *   count/facets  SELECT d.type, d.soort, d.rid FROM f JOIN d WHERE MATCH AND range [drive]
 *                 [filters] ORDER BY rowid DESC LIMIT cap
 *   relevance     SELECT c.rid, c.r FROM (SELECT rowid, rank FROM f WHERE MATCH AND range
 *                 [drive] ORDER BY rank LIMIT n) c JOIN d WHERE [filters]
 *   newest        SELECT f.rowid FROM f JOIN d WHERE MATCH AND range [drive] [filters]
 *                 ORDER BY f.rowid DESC LIMIT page
 * "drive" is `rowid IN (SELECT rid FROM search_filter WHERE …)`, used when one filter kind
 * selects at most SEARCH_FILTER_DRIVE objects.
 */
#include "search/search.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "search/index.h"
#include "search/search_int.h"
#include "text/fts5_dutch.h"
#include "util/tm.h"

#define TEXT_PREFIX_BUF 600

#define P_FILTER0 10
#define MAX_BINDS 128
#define RECENCY_WEIGHT 0.5
#define RECENCY_HALF_LIFE_DAYS 730.0

int search_sort_parse(const char *s, enum search_sort *out)
{
    static const struct {
        const char *name;
        enum search_sort sort;
    } names[] = {
        {"relevance", SEARCH_SORT_RELEVANCE}, {"relevantie", SEARCH_SORT_RELEVANCE},
        {"newest", SEARCH_SORT_NEWEST},       {"nieuwste", SEARCH_SORT_NEWEST},
        {"new", SEARCH_SORT_NEWEST},          {"oldest", SEARCH_SORT_OLDEST},
        {"oudste", SEARCH_SORT_OLDEST},       {"old", SEARCH_SORT_OLDEST},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(s, names[i].name)) {
            *out = names[i].sort;
            return 0;
        }
    return -1;
}

/* ---- snippets ---- */

void search_snippet_html(const char *s, size_t n, struct buf *out)
{
    bool open = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xEE && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x80 || (unsigned char)s[i + 2] == 0x81)) {
            bool start = (unsigned char)s[i + 2] == 0x80;
            if (start && !open) {
                buf_adds(out, "<mark>");
                open = true;
            } else if (!start && open) {
                buf_adds(out, "</mark>");
                open = false;
            }
            i += 2;
            continue;
        }
        switch (c) {
        case '&': buf_adds(out, "&amp;"); break;
        case '<': buf_adds(out, "&lt;"); break;
        case '>': buf_adds(out, "&gt;"); break;
        case '"': buf_adds(out, "&quot;"); break;
        case '\'': buf_adds(out, "&#39;"); break;
        case '\n': case '\r': case '\t': buf_addc(out, ' '); break;
        default: buf_addc(out, (char)c); break;
        }
    }
    if (open)
        buf_adds(out, "</mark>");
}

/* ---- the run's state ---- */

struct cand {
    int64_t rid;
    double score;
};

struct bind {
    bool text;
    int64_t i;
    char *s;
};

struct run {
    sqlite3 *db;
    const struct search_query *q;
    struct search_result *r;
    enum search_sort sort;
    int limit;
    double deadline;
    bool interrupted;
    char *err;
    size_t errlen;

    const char *match; /* NULL: no MATCH */
    int64_t lo, hi;
    struct buf filters;           /* " AND …" over d */
    struct buf drive;             /* " IN (SELECT rid …)" or empty */
    struct buf kind_cond[SF_MAX + 1]; /* per kind: condition over f.kind/f.value */
    struct bind binds[MAX_BINDS];
    int nbinds;
    int64_t newest_day;

    int64_t pins[SEARCH_PIN_MAX * SEARCH_MAX_IDENTS];
    bool pin_matches[SEARCH_PIN_MAX * SEARCH_MAX_IDENTS];
    int npins;
    struct buf notes;
    sqlite3_stmt *vocab;  /* prefix expansion (fts5vocab), prepared on first use */
    char *match_buf;      /* the expanded MATCH strings, owned here */
    char *wide_buf;
    char *loose_buf;
    char *rank_fn;        /* kw_rank(...) with hints for the current match, or NULL */
    struct text_analyzer *an; /* for rewrite_bare(), created on first use */
    sqlite3_stmt *df;     /* SELECT doc FROM search_df WHERE term=?1; NULL when absent */
    bool df_tried;
    sqlite3_stmt *forms;  /* a key's exact forms from search_term; NULL when absent */
    bool forms_tried, forms_cut;
    char *neg_buf;        /* q->neg_match with its bare words rewritten */
    struct search_snip_terms *snip_terms; /* the marked tokens of match, for snippets */
    sqlite3_stmt *snip;   /* kw_snippet of one row, prepared when needed */
    /* The relevance window read by count_pass's one walk: rowid and rank (in .score) of the
     * newest SEARCH_RANK_WINDOW matches of walk_match (NULL: none) */
    struct cand *walk;
    size_t nwalk;
    const char *walk_match;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int on_progress(void *arg)
{
    struct run *x = arg;
    if (now_ms() > x->deadline) {
        x->interrupted = true;
        return 1;
    }
    return 0;
}

static void add_note(struct run *x, const char *s)
{
    if (x->notes.len && strstr(x->notes.data, s))
        return;
    if (x->notes.len)
        buf_adds(&x->notes, "; ");
    buf_adds(&x->notes, s);
}

static int bind_text(struct run *x, const char *s)
{
    if (x->nbinds >= MAX_BINDS)
        return -1;
    struct bind *b = &x->binds[x->nbinds];
    b->text = true;
    b->s = strdup(s);
    if (!b->s)
        abort();
    return P_FILTER0 + x->nbinds++;
}

static int bind_int(struct run *x, int64_t v)
{
    if (x->nbinds >= MAX_BINDS)
        return -1;
    x->binds[x->nbinds].text = false;
    x->binds[x->nbinds].i = v;
    return P_FILTER0 + x->nbinds++;
}

/* One value of a filter: equal, or a word prefix of the stored value. */
static void value_cond(struct run *x, struct buf *c, const char *v)
{
    char hi[600];
    snprintf(hi, sizeof hi, "%s\xf4\x8f\xbf\xbf", v);
    int a = bind_text(x, v), b = bind_text(x, hi), l = bind_int(x, (int64_t)strlen(v));
    if (a < 0 || b < 0 || l < 0)
        return;
    if (c->len)
        buf_adds(c, " OR ");
    buf_printf(c,
               "(f.value>=?%d AND f.value<?%d AND (length(f.value)=?%d OR"
               " substr(f.value,?%d+1,1) IN (' ','-','(',',')))",
               a, b, l, l);
}

static void build_filters(struct run *x)
{
    const struct search_query *q = x->q;
    if (q->type_mask)
        buf_printf(&x->filters, " AND ((?%d >> d.type) & 1)", bind_int(x, q->type_mask));
    for (int kind = 1; kind <= SF_MAX; kind++) {
        struct buf *c = &x->kind_cond[kind];
        for (size_t i = 0; i < q->nfilters; i++) {
            if (q->filters[i].kind != kind)
                continue;
            const char *v = q->filters[i].value;
            value_cond(x, c, v);
            size_t n = strlen(v);
            if (kind == SF_SOORT && n > 3) { /* soort:moties, soort:amendementen */
                char alt[512];
                if (v[n - 1] == 's' && n < sizeof alt) {
                    snprintf(alt, sizeof alt, "%.*s", (int)(n - 1), v);
                    value_cond(x, c, alt);
                }
                if (n > 4 && !strcmp(v + n - 2, "en") && n < sizeof alt) {
                    snprintf(alt, sizeof alt, "%.*s", (int)(n - 2), v);
                    value_cond(x, c, alt);
                }
            }
        }
        if (!c->len)
            continue;
        buf_printf(&x->filters,
                   " AND EXISTS(SELECT 1 FROM search_filter f WHERE f.rid=d.rid AND +f.kind=%d"
                   " AND (%s))",
                   kind, buf_cstr(c));
    }
}

static void bind_all(struct run *x, sqlite3_stmt *st, int64_t lo, int64_t hi, int64_t limit)
{
    if (x->match)
        sqlite3_bind_text(st, 1, x->match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, lo);
    sqlite3_bind_int64(st, 3, hi);
    sqlite3_bind_int64(st, 4, limit);
    if (x->q->neg_match)
        sqlite3_bind_text(st, 5, x->neg_buf ? x->neg_buf : x->q->neg_match, -1, SQLITE_STATIC);
    int max = sqlite3_bind_parameter_count(st);
    for (int i = 0; i < x->nbinds && P_FILTER0 + i <= max; i++) {
        if (x->binds[i].text)
            sqlite3_bind_text(st, P_FILTER0 + i, x->binds[i].s, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(st, P_FILTER0 + i, x->binds[i].i);
    }
}

static sqlite3_stmt *prepare(struct run *x, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(x->db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(x->err, x->errlen, "search: %s", sqlite3_errmsg(x->db));
        return NULL;
    }
    return st;
}

/* After a loop of steps: SQLITE_DONE, or an interrupt (kept as timed_out), or an error. */
static int finish(struct run *x, sqlite3_stmt *st, int rc)
{
    if (rc == SQLITE_INTERRUPT || (rc != SQLITE_DONE && rc != SQLITE_ROW && x->interrupted)) {
        x->r->timed_out = true;
        sqlite3_finalize(st);
        return 0;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        snprintf(x->err, x->errlen, "search: %s", sqlite3_errmsg(x->db));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

/* Picks a filter kind that selects few objects to drive the query from. */
static int choose_drive(struct run *x)
{
    int best = 0;
    int64_t best_n = SEARCH_FILTER_DRIVE + 1;
    for (int kind = 1; kind <= SF_MAX; kind++) {
        if (!x->kind_cond[kind].len)
            continue;
        struct buf sql = BUF_INIT;
        buf_printf(&sql,
                   "SELECT count(*) FROM (SELECT 1 FROM search_filter f WHERE f.kind=%d AND (%s)"
                   " LIMIT %d)",
                   kind, buf_cstr(&x->kind_cond[kind]), SEARCH_FILTER_DRIVE + 1);
        sqlite3_stmt *st = prepare(x, buf_cstr(&sql));
        buf_free(&sql);
        if (!st)
            return -1;
        bind_all(x, st, 0, 0, 0);
        int rc = sqlite3_step(st);
        int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : SEARCH_FILTER_DRIVE + 1;
        if (finish(x, st, rc))
            return -1;
        if (n < best_n) {
            best_n = n;
            best = kind;
        }
    }
    if (best)
        buf_printf(&x->drive, " IN (SELECT f.rid FROM search_filter f WHERE f.kind=%d AND (%s))",
                   best, buf_cstr(&x->kind_cond[best]));
    return 0;
}

/* FROM … WHERE … over d (and f when there is a MATCH), without ORDER BY. */
static void from_where(struct run *x, struct buf *sql, const char *cols)
{
    if (x->match) {
        buf_printf(sql,
                   "SELECT %s FROM search_fts f JOIN search_doc d ON d.rid=f.rowid"
                   " WHERE f.search_fts MATCH ?1 AND f.rowid BETWEEN ?2 AND ?3",
                   cols);
        if (x->drive.len)
            buf_printf(sql, " AND f.rowid%s", buf_cstr(&x->drive));
    } else {
        buf_printf(sql, "SELECT %s FROM search_doc d WHERE d.rid BETWEEN ?2 AND ?3", cols);
        if (x->drive.len)
            buf_printf(sql, " AND d.rid%s", buf_cstr(&x->drive));
        if (x->q->neg_match)
            buf_adds(sql, " AND d.rid NOT IN (SELECT rowid FROM search_fts"
                          " WHERE search_fts MATCH ?5)");
    }
    buf_add(sql, x->filters.data, x->filters.len);
}

/* ---- facets ---- */

struct soort_count {
    char *s;
    int64_t n;
};

static void facet_add(struct search_facets *f, const char *value, int64_t n)
{
    struct search_facet *v = realloc(f->v, (f->n + 1) * sizeof *v);
    if (!v)
        abort();
    f->v = v;
    f->v[f->n].value = strdup(value);
    if (!f->v[f->n].value)
        abort();
    f->v[f->n].count = n;
    f->n++;
}

static int cmp_facet(const void *a, const void *b)
{
    const struct search_facet *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

static int cmp_year(const void *a, const void *b)
{
    const struct search_facet *x = a, *y = b;
    return strcmp(y->value, x->value);
}

/* One pass over the first SEARCH_COUNT_CAP matches: total and facets. */
static int count_pass(struct run *x, int64_t cap, bool facets)
{
    /* Words without filters: one walk over the matches, newest first, that reads type and
     * soort of the first `cap` (doc) and counts on up to SEARCH_COUNT_EXACT_MAX, instead of a
     * join for the facets and then a second walk for the count: a phrase of two common words
     * is checked in every row holding both, so each walk is expensive. */
    bool one_walk = x->match && !x->filters.len && !x->drive.len && cap < SEARCH_COUNT_EXACT_MAX;
    /* For relevance the same walk ranks the newest SEARCH_RANK_WINDOW matches — the window
     * stream_relevance() would otherwise walk to again (FTS5 ranks a row only when its rank
     * is read). */
    bool rank = one_walk && x->sort == SEARCH_SORT_RELEVANCE;
    free(x->walk);
    x->walk = NULL;
    x->nwalk = 0;
    x->walk_match = NULL;
    if (rank && !(x->walk = malloc(SEARCH_RANK_WINDOW * sizeof *x->walk)))
        abort();
    sqlite3_stmt *doc = NULL;
    struct buf sql = BUF_INIT;
    if (one_walk) {
        /* (SQLite computes every result column of a row, read or not: the rank only in the
         * statement that stops after the window; a second one counts on from there) */
        buf_adds(&sql, rank ? "SELECT NULL, NULL, f.rowid, f.rank FROM search_fts f"
                            : "SELECT NULL, NULL, f.rowid FROM search_fts f");
        buf_adds(&sql, " WHERE f.search_fts MATCH ?1 AND f.rowid BETWEEN ?2 AND ?3");
        if (rank && x->rank_fn)
            buf_adds(&sql, " AND f.rank MATCH ?6");
        buf_adds(&sql, " ORDER BY f.rowid DESC LIMIT ?4");
        if (facets && !(doc = prepare(x, "SELECT type, soort FROM search_doc WHERE rid=?1"))) {
            buf_free(&sql);
            return -1;
        }
    } else {
        from_where(x, &sql, "d.type, d.soort, d.rid");
        buf_adds(&sql, x->match ? " ORDER BY f.rowid DESC LIMIT ?4"
                                : " ORDER BY d.rid DESC LIMIT ?4");
    }
    sqlite3_stmt *st = prepare(x, buf_cstr(&sql));
    buf_free(&sql);
    if (!st) {
        sqlite3_finalize(doc);
        return -1;
    }
    bind_all(x, st, x->lo, x->hi,
             rank ? SEARCH_RANK_WINDOW : (one_walk ? SEARCH_COUNT_EXACT_MAX : cap) + 1);
    if (rank && x->rank_fn)
        sqlite3_bind_text(st, 6, x->rank_fn, -1, SQLITE_STATIC);
    int64_t types[SEARCH_T_MAX + 1] = {0};
    int64_t years[500] = {0};
    enum { NS = 512 };
    struct soort_count soorten[NS];
    memset(soorten, 0, sizeof soorten);
    int64_t n = 0;
    int rc;
    int drc = SQLITE_OK;
    struct doccache *dc = doc ? search_doccache(x->db) : NULL;
    bool dc_ready = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        n++;
        if (n == 1 && dc) /* the walk's read transaction is open: its data version */
            dc_ready = search_doccache_ready(dc);
        if (rank && n <= SEARCH_RANK_WINDOW) {
            x->walk[x->nwalk].rid = sqlite3_column_int64(st, 2);
            x->walk[x->nwalk++].score = sqlite3_column_double(st, 3);
        }
        if (n > cap && !one_walk)
            break;
        if (n > cap || !facets)
            continue;
        sqlite3_stmt *from = st;
        int t;
        const char *s;
        if (dc_ready && search_doccache_get(dc, sqlite3_column_int64(st, 2), &t, &s)) {
            from = NULL;
        } else if (doc) {
            search_doccache_missed(dc);
            sqlite3_bind_int64(doc, 1, sqlite3_column_int64(st, 2));
            drc = sqlite3_step(doc);
            if (drc == SQLITE_DONE) { /* gone since: the join would not have it either */
                n--;
                sqlite3_reset(doc);
                continue;
            }
            if (drc != SQLITE_ROW)
                break;
            from = doc;
        }
        if (from) {
            t = sqlite3_column_int(from, 0);
            s = (const char *)sqlite3_column_text(from, 1);
        }
        if (t >= 1 && t <= SEARCH_T_MAX)
            types[t]++;
        int64_t day = search_rid_day(sqlite3_column_int64(st, 2));
        if (day != INT64_MIN) {
            int y;
            unsigned m, dd;
            tm_civil_from_days(day, &y, &m, &dd);
            if (y >= 1800 && y < 2300)
                years[y - 1800]++;
        }
        if (!s) {
            if (doc)
                sqlite3_reset(doc);
            continue;
        }
        uint64_t h = 14695981039346656037ull;
        for (const char *p = s; *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ull;
        for (size_t i = h % NS, k = 0; k < NS; i = (i + 1) % NS, k++) {
            if (!soorten[i].s) {
                soorten[i].s = strdup(s);
                if (!soorten[i].s)
                    abort();
                soorten[i].n = 1;
                break;
            }
            if (!strcmp(soorten[i].s, s)) {
                soorten[i].n++;
                break;
            }
        }
        if (doc)
            sqlite3_reset(doc);
    }
    bool failed = false;
    if (doc && drc != SQLITE_OK && drc != SQLITE_ROW && drc != SQLITE_DONE) {
        failed = finish(x, doc, drc) != 0; /* finalizes doc */
        doc = NULL;
    }
    sqlite3_finalize(doc);
    if (rc != SQLITE_ROW && finish(x, st, rc))
        failed = true;
    else if (rc == SQLITE_ROW)
        sqlite3_finalize(st);
    if (failed) {
        for (int i = 0; i < NS; i++)
            free(soorten[i].s);
        return -1;
    }
    /* a walk that ended early (deadline, error) has not seen the whole window */
    if (rank && !failed && !x->r->timed_out && rc == SQLITE_DONE) {
        x->walk_match = x->match;
        if (n == SEARCH_RANK_WINDOW) { /* count on below the window's oldest row */
            sqlite3_stmt *c = prepare(x, "SELECT count(*) FROM (SELECT 1 FROM search_fts"
                                         " WHERE search_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3"
                                         " LIMIT ?4)");
            if (!c)
                failed = true;
            if (c) {
                bind_all(x, c, x->lo, x->walk[x->nwalk - 1].rid - 1,
                         SEARCH_COUNT_EXACT_MAX + 1 - SEARCH_RANK_WINDOW);
                int crc = sqlite3_step(c);
                if (crc == SQLITE_ROW) {
                    n += sqlite3_column_int64(c, 0);
                    sqlite3_finalize(c);
                } else if (finish(x, c, crc)) {
                    failed = true;
                }
            }
        }
    }
    if (failed) {
        for (int i = 0; i < NS; i++)
            free(soorten[i].s);
        return -1;
    }
    bool capped = n > cap;
    x->r->total = capped ? cap : n;
    x->r->total_exact = !capped && !x->r->timed_out;
    x->r->facets_exact = x->r->total_exact;
    if (one_walk) {
        x->r->total = n > SEARCH_COUNT_EXACT_MAX ? SEARCH_COUNT_EXACT_MAX : n;
        x->r->total_exact = n <= SEARCH_COUNT_EXACT_MAX && !x->r->timed_out;
    }
    if (facets) {
        for (int t = 1; t <= SEARCH_T_MAX; t++)
            if (types[t])
                facet_add(&x->r->types, search_type_name(t), types[t]);
        for (int y = 499; y >= 0; y--)
            if (years[y]) {
                char ys[8];
                snprintf(ys, sizeof ys, "%d", y + 1800);
                facet_add(&x->r->years, ys, years[y]);
            }
        for (int i = 0; i < NS; i++)
            if (soorten[i].s)
                facet_add(&x->r->soorten, soorten[i].s, soorten[i].n);
        if (x->r->types.n)
            qsort(x->r->types.v, x->r->types.n, sizeof *x->r->types.v, cmp_facet);
        if (x->r->soorten.n)
            qsort(x->r->soorten.v, x->r->soorten.n, sizeof *x->r->soorten.v, cmp_facet);
        if (x->r->years.n)
            qsort(x->r->years.v, x->r->years.n, sizeof *x->r->years.v, cmp_year);
    }
    for (int i = 0; i < NS; i++)
        free(soorten[i].s);
    /* Above the cap, a plain FTS count (no join) is cheaper, but still a walk over every
     * match (~1,000 instructions a row for three common words): it stops after
     * SEARCH_COUNT_EXACT_MAX, and more is "at least" that many. */
    if (capped && !one_walk && x->match && !x->filters.len && !x->drive.len && !x->interrupted) {
        sqlite3_stmt *c = prepare(x, "SELECT count(*) FROM (SELECT 1 FROM search_fts"
                                     " WHERE search_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3"
                                     " LIMIT ?4)");
        if (!c)
            return -1;
        bind_all(x, c, x->lo, x->hi, SEARCH_COUNT_EXACT_MAX + 1);
        rc = sqlite3_step(c);
        if (rc == SQLITE_ROW) {
            int64_t all = sqlite3_column_int64(c, 0);
            x->r->total = all > SEARCH_COUNT_EXACT_MAX ? SEARCH_COUNT_EXACT_MAX : all;
            x->r->total_exact = all <= SEARCH_COUNT_EXACT_MAX;
        }
        if (rc == SQLITE_ROW)
            sqlite3_finalize(c);
        else if (finish(x, c, rc))
            return -1;
    }
    return 0;
}

/* ---- prefixes ---- */

/*
 * FTS5 answers `"=abc" *` by merging the doclists of every term that starts with =abc, and it
 * does so again for every statement that uses the MATCH (count, window, rank, each snippet).
 * So a prefix term that stands alone (not inside a phrase or NEAR) is replaced, once per
 * search, by an OR of the SEARCH_PREFIX_TERMS indexed exact forms with that prefix that occur
 * in the most objects (fts5vocab); the OR is merged lazily, row by row.
 */
static int prefix_terms(struct run *x, const char *tok, size_t n, struct buf *out, bool *cut)
{
    if (!x->vocab) {
        sqlite3_exec(x->db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_vocab USING"
                            " fts5vocab(main, search_fts, row)", NULL, NULL, NULL);
        if (sqlite3_prepare_v2(x->db, "SELECT term FROM temp.search_fts_vocab WHERE term >= ?1"
                               " AND term < ?2 ORDER BY doc DESC LIMIT ?3", -1, &x->vocab,
                               NULL) != SQLITE_OK) {
            x->vocab = NULL;
            return 0; /* keep the prefix query as it is */
        }
    }
    char lo[TEXT_PREFIX_BUF], hi[TEXT_PREFIX_BUF + 8];
    if (n + 1 > sizeof lo)
        return 0;
    memcpy(lo, tok, n);
    lo[n] = '\0';
    snprintf(hi, sizeof hi, "%s\xf4\x8f\xbf\xbf", lo);
    sqlite3_bind_text(x->vocab, 1, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(x->vocab, 2, hi, -1, SQLITE_STATIC);
    sqlite3_bind_int(x->vocab, 3, SEARCH_PREFIX_TERMS + 1);
    int k = 0, rc;
    while ((rc = sqlite3_step(x->vocab)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(x->vocab, 0);
        if (!t)
            continue;
        if (k == SEARCH_PREFIX_TERMS) {
            *cut = true;
            break;
        }
        buf_adds(out, k ? " OR \"" : "(\"");
        for (const char *c = t; *c; c++) {
            if (*c == '"')
                buf_addc(out, '"');
            buf_addc(out, *c);
        }
        buf_addc(out, '"');
        k++;
    }
    sqlite3_reset(x->vocab);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE && x->interrupted)
        x->r->timed_out = true;
    if (k)
        buf_addc(out, ')');
    return k;
}

/* A copy of match with its stand-alone prefix terms expanded (see above). */
/* Copies the MATCH syntax at m[*i] (outside a string) to out: "NEAR(" as a whole, anything
 * else a byte at a time, keeping *near, the parenthesis depth inside a NEAR( ). */
static void copy_syntax(const char *m, size_t *i, int *near, struct buf *out)
{
    if (*near) {
        if (m[*i] == '(')
            (*near)++;
        else if (m[*i] == ')')
            (*near)--;
    } else if (!strncmp(m + *i, "NEAR(", 5)) {
        buf_adds(out, "NEAR(");
        *i += 5;
        *near = 1;
        return;
    }
    buf_addc(out, m[(*i)++]);
}

static char *expand_prefixes(struct run *x, const char *m, bool *cut)
{
    struct buf out = BUF_INIT;
    int near = 0; /* parenthesis depth inside NEAR( ) */
    size_t i = 0, n = strlen(m);
    while (i < n) {
        if (m[i] == '"') {
            size_t b = i++;
            bool space = false;
            while (i < n && !(m[i] == '"' && (i + 1 >= n || m[i + 1] != '"'))) {
                if (m[i] == '"')
                    i++;
                else if (m[i] == ' ')
                    space = true;
                i++;
            }
            size_t e = i < n ? ++i : i; /* past the closing quote */
            size_t j = e;
            while (j < n && m[j] == ' ')
                j++;
            if (j < n && m[j] == '*' && !near && !space && e - b > 2) {
                /* the term's exact form: "=abc" or "abc" (bare prefixes are exact forms too) */
                struct buf t = BUF_INIT;
                const char *w = m + b + 1;
                size_t wl = e - b - 2;
                if (wl && w[0] == '=')
                    w++, wl--;
                if (text_query_term(w, wl, TEXT_TERM_EXACT | TEXT_TERM_PREFIX, &t) == 1 && t.len > 3 && t.data[1] == '=' &&
                    !memchr(t.data + 1, ' ', t.len - 2) && !memchr(t.data + 1, '"', t.len - 2)) {
                    size_t before = out.len;
                    if (prefix_terms(x, t.data + 1, t.len - 2, &out, cut) > 0) {
                        buf_free(&t);
                        i = j + 1;
                        continue;
                    }
                    out.len = before;
                }
                buf_free(&t);
            }
            buf_add(&out, m + b, e - b);
            continue;
        }
        copy_syntax(m, &i, &near, &out);
    }
    size_t l;
    return buf_detach(&out, &l);
}

/* ---- bare words: their exact forms, and the hints for kw_rank ---- */

/*
 * The index holds exact forms only (fts5_dutch.h). A bare word's key (its stem, analyze.h
 * TEXT_MODE_QUERY_KEY) is looked up in search_term, which lists every indexed exact form filed
 * under that key: the word's inflections and the compounds it is a part of. A bare word that
 * stands alone (not inside NEAR, one position) becomes the FTS5 OR of its forms,
 * ("|=motie" OR "|=moties"), merged lazily row by row; inside NEAR( ), or a bare string of
 * several positions (co2-uitstoot), each position becomes one piece of colocated forms
 * ("|=motie|=moties"), which FTS5 reads as synonyms (slower, but a phrase needs it). kw_rank is
 * told which phrases belong to one word and, from search_df, how many rows the common forms
 * occur in, so it need not walk all their rows for the idf.
 */

struct qtok {
    struct buf text; /* the tokens, each followed by '\0' */
    int n, over;
};

static int collect_qtok(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    (void)flags;
    (void)start;
    (void)end;
    struct qtok *q = ctx;
    if (q->n >= SEARCH_MAX_POSITIONS) {
        q->over = 1;
        return 0;
    }
    buf_add(&q->text, tok, (size_t)len);
    buf_addc(&q->text, '\0');
    q->n++;
    return 0;
}

/* Rows of an index term according to search_df, or -1 when unknown (rare or no table). */
static double term_rows(struct run *x, const char *term)
{
    if (!x->df_tried) {
        x->df_tried = true;
        if (sqlite3_prepare_v2(x->db, "SELECT doc FROM search_df WHERE term=?1", -1, &x->df,
                               NULL) != SQLITE_OK)
            x->df = NULL;
    }
    if (!x->df)
        return -1;
    double n = -1;
    sqlite3_bind_text(x->df, 1, term, -1, SQLITE_STATIC);
    if (sqlite3_step(x->df) == SQLITE_ROW)
        n = (double)sqlite3_column_int64(x->df, 0);
    sqlite3_reset(x->df);
    return n;
}

/* The exact forms filed under key (without the "="), each followed by '\0', into out; returns
 * how many (at most SEARCH_EXPAND_MAX, the most frequent first when there are more). rows, when
 * not NULL, gets each form's rows from search_df, -1 when it has none (a rare form). */
static int key_forms(struct run *x, const char *key, size_t n, struct buf *out, double *rows,
                     bool *cut)
{
    if (!x->forms_tried) {
        x->forms_tried = true;
        /* frequent forms first (search_df knows the common ones), so a cut keeps them */
        if (sqlite3_prepare_v2(x->db, "SELECT t.term, d.doc FROM search_term t LEFT JOIN search_df d"
                                      " ON d.term='='||t.term WHERE t.key=?1"
                                      " ORDER BY d.doc DESC LIMIT ?2", -1, &x->forms,
                               NULL) != SQLITE_OK)
            x->forms = NULL;
    }
    if (!x->forms)
        return 0;
    sqlite3_bind_text(x->forms, 1, key, (int)n, SQLITE_STATIC);
    sqlite3_bind_int(x->forms, 2, SEARCH_EXPAND_MAX + 1);
    int k = 0;
    while (sqlite3_step(x->forms) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(x->forms, 0);
        int tl = sqlite3_column_bytes(x->forms, 0);
        if (!t || !tl)
            continue;
        if (k == SEARCH_EXPAND_MAX) {
            *cut = true;
            break;
        }
        buf_add(out, t, (size_t)tl);
        buf_addc(out, '\0');
        if (rows)
            rows[k] = sqlite3_column_type(x->forms, 1) == SQLITE_NULL
                          ? -1
                          : (double)sqlite3_column_int64(x->forms, 1);
        k++;
    }
    sqlite3_reset(x->forms);
    return k;
}

/* One alternative of a piece: "|=" + form. */
static void put_form(struct buf *out, const char *form)
{
    buf_addc(out, TEXT_ALT_MARK);
    buf_addc(out, TEXT_EXACT_MARK);
    buf_adds(out, form);
}

/* Appends one piece for the query token tok: the colocated forms of a key ("|=a|=b"), else
 * the token verbatim ("|tok"). A key without forms matches nothing ("|=key"). */
static void add_piece(struct run *x, const char *tok, struct buf *out, bool *cut)
{
    if (tok[0] != TEXT_KEY_MARK) {
        buf_addc(out, TEXT_ALT_MARK);
        buf_adds(out, tok);
        return;
    }
    struct buf f = BUF_INIT;
    if (key_forms(x, tok + 1, strlen(tok + 1), &f, NULL, cut) == 0)
        put_form(out, tok + 1);
    for (size_t i = 0; i < f.len; i += strlen(f.data + i) + 1)
        put_form(out, f.data + i);
    buf_free(&f);
}

/* A copy of m with every bare word replaced by its exact forms; *rank_fn: kw_rank(...) with its
 * hints, or NULL (both malloc'd). *cut is set when a word had more than SEARCH_EXPAND_MAX
 * forms. */
static char *rewrite_bare(struct run *x, const char *m, char **rank_fn, bool *cut)
{
    struct buf out = BUF_INIT, hints = BUF_INIT;
    int nphrase = 0, nword = 0, near = 0;
    size_t i = 0, n = strlen(m);
    if (!x->an && !(x->an = text_analyzer_new()))
        abort();
    while (i < n) {
        if (m[i] != '"') {
            copy_syntax(m, &i, &near, &out);
            continue;
        }
        /* one FTS5 string: its text unquoted into w */
        struct buf w = BUF_INIT;
        size_t b = i++;
        while (i < n) {
            if (m[i] == '"') {
                if (i + 1 < n && m[i + 1] == '"') {
                    buf_addc(&w, '"');
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            buf_addc(&w, m[i++]);
        }
        size_t j = i;
        while (j < n && m[j] == ' ')
            j++;
        bool prefix = j < n && m[j] == '*';
        bool bare = !prefix && w.len && w.data[0] != TEXT_EXACT_MARK &&
                    w.data[0] != TEXT_ALT_MARK;
        for (size_t k = 0; bare && k < w.len; k++)
            if (w.data[k] == ' ' || w.data[k] == '\t' || w.data[k] == '\n' ||
                w.data[k] == '\r' || w.data[k] == '\f' || w.data[k] == '\v')
                bare = false; /* several pieces: written by hand, left to the tokenizer */
        struct qtok qt = {BUF_INIT, 0, 0};
        if (bare)
            text_analyze(x->an, TEXT_MODE_QUERY_KEY, w.data, w.len, collect_qtok, &qt);
        if (!bare || qt.n == 0 || qt.over) {
            buf_add(&out, m + b, i - b);
            double rows = -1;
            if (!prefix && w.len && w.data[0] == TEXT_EXACT_MARK) {
                struct buf t = BUF_INIT;
                if (text_query_term(w.data + 1, w.len - 1, TEXT_TERM_EXACT, &t) == 1 &&
                    t.len > 2) {
                    t.data[t.len - 1] = '\0';
                    rows = term_rows(x, t.data + 1);
                }
                buf_free(&t);
            }
            buf_printf(&hints, " %d %.0f", nword, rows);
            nphrase++;
        } else if (!near && qt.n == 1 && qt.text.data[0] == TEXT_KEY_MARK) {
            /* a word alone: the OR of its forms, one term for kw_rank */
            struct buf f = BUF_INIT;
            const char *key = qt.text.data + 1;
            double rows[SEARCH_EXPAND_MAX];
            int k = key_forms(x, key, strlen(key), &f, rows, cut);
            bool any_known = false;
            for (int e = 0; e < k; e++)
                any_known |= rows[e] >= 0;
            size_t p;
            if (k == 0) {
                buf_addc(&out, '"');
                put_form(&out, key);
                buf_addc(&out, '"');
                buf_printf(&hints, " %d 0", nword);
                nphrase++;
            }
            /* FTS5 advances an OR by looking at every operand for every row, so many rare
             * forms (compounds, mostly) go into one operand of colocated pieces, which is
             * looked at only for the rows that hold one of them */
            int nrare = 0;
            for (int e = 0; e < k; e++)
                nrare += rows[e] < 0;
            bool pack = nrare >= SEARCH_PACK_RARE;
            int nop = k - (pack ? nrare : 0) + (pack ? 1 : 0);
            if (nop > 1)
                buf_addc(&out, '(');
            p = 0;
            int op = 0;
            for (int e = 0; e < k; e++, p += strlen(f.data + p) + 1) {
                if (pack && rows[e] < 0)
                    continue;
                buf_printf(&out, "%s\"", op++ ? " OR " : "");
                put_form(&out, f.data + p);
                buf_addc(&out, '"');
                /* a rare form beside a common one adds little to the word's rows: no walk */
                buf_printf(&hints, " %d %.0f", nword, rows[e] < 0 && any_known ? 0 : rows[e]);
                nphrase++;
            }
            if (pack) {
                buf_printf(&out, "%s\"", op++ ? " OR " : "");
                p = 0;
                for (int e = 0; e < k; e++, p += strlen(f.data + p) + 1)
                    if (rows[e] < 0)
                        put_form(&out, f.data + p);
                buf_addc(&out, '"');
                buf_printf(&hints, " %d %s", nword, any_known ? "0" : "-1");
                nphrase++;
            }
            if (nop > 1)
                buf_addc(&out, ')');
            buf_free(&f);
        } else {
            /* one phrase of pieces: colocated forms per position */
            buf_addc(&out, '"');
            struct buf piece = BUF_INIT;
            for (size_t p = 0, e = 0; e < (size_t)qt.n; e++, p += strlen(qt.text.data + p) + 1) {
                piece.len = 0;
                add_piece(x, qt.text.data + p, &piece, cut);
                if (e)
                    buf_addc(&out, ' ');
                buf_add(&out, piece.data, piece.len); /* tokens hold no '"' */
            }
            buf_free(&piece);
            buf_addc(&out, '"');
            buf_printf(&hints, " %d %.0f", nword,
                       qt.n == 1 && qt.text.data[0] != TEXT_KEY_MARK ? term_rows(x, qt.text.data)
                                                                      : -1.0);
            nphrase++;
        }
        nword++;
        buf_free(&qt.text);
        buf_free(&w);
    }
    *rank_fn = NULL;
    if (nphrase > 0) {
        struct buf fn = BUF_INIT;
        buf_printf(&fn, "kw_rank(" SEARCH_RANK_WEIGHTS ", '%s')", buf_cstr(&hints) + 1);
        size_t l;
        *rank_fn = buf_detach(&fn, &l);
    }
    buf_free(&hints);
    size_t l;
    return buf_detach(&out, &l);
}

/* Counts again with another MATCH (alt: the query widened or loosened) and keeps it when it
 * finds more than the first: returns 1 when kept (x->match and the result's total and facets
 * are then alt's), 0 when not (all as it was), or count_pass's error. *buf owns alt's
 * rewritten text. */
static int retry_with(struct run *x, const char *alt, char **buf, bool *cut, bool facets)
{
    struct search_result *r = x->r, other;
    memset(&other, 0, sizeof other);
    x->r = &other;
    const char *saved = x->match;
    char *saved_rank = x->rank_fn;
    bool saved_cut = *cut;
    char *e = strchr(alt, '*') ? expand_prefixes(x, alt, cut) : NULL;
    free(*buf);
    x->match = *buf = rewrite_bare(x, e ? e : alt, &x->rank_fn, &x->forms_cut);
    free(e);
    int rc = count_pass(x, facets ? SEARCH_COUNT_CAP : SEARCH_WIDEN_BELOW, facets);
    x->r = r;
    bool keep = rc == 0 && other.total > r->total;
    if (keep) {
        free(saved_rank);
        r->total = other.total;
        r->total_exact = other.total_exact;
        r->facets_exact = other.facets_exact;
        struct search_facets t;
        t = r->types, r->types = other.types, other.types = t;
        t = r->soorten, r->soorten = other.soorten, other.soorten = t;
        t = r->years, r->years = other.years, other.years = t;
    } else {
        free(x->rank_fn);
        x->rank_fn = saved_rank;
        x->match = saved;
        *cut = saved_cut;
    }
    if (other.timed_out)
        r->timed_out = true;
    search_result_free(&other);
    return rc ? rc : keep;
}


/* ---- pins ---- */

static bool is_pinned(const struct run *x, int64_t rid)
{
    for (int i = 0; i < x->npins; i++)
        if (x->pins[i] == rid)
            return true;
    return false;
}

static int find_pins(struct run *x)
{
    const struct search_query *q = x->q;
    if (!q->nidents)
        return 0;
    struct buf sql = BUF_INIT;
    buf_adds(&sql, "SELECT i.rid FROM search_ident i JOIN search_doc d ON d.rid=i.rid"
                   " WHERE i.ident=?1 AND i.rid BETWEEN ?2 AND ?3");
    buf_add(&sql, x->filters.data, x->filters.len);
    buf_adds(&sql, " ORDER BY d.type, i.rid DESC LIMIT ?4");
    sqlite3_stmt *st = prepare(x, buf_cstr(&sql));
    buf_free(&sql);
    if (!st)
        return -1;
    sqlite3_stmt *chk = NULL;
    if (x->match && !q->ident_only &&
        !(chk = prepare(x, "SELECT 1 FROM search_fts WHERE search_fts MATCH ?1 AND rowid=?2"))) {
        sqlite3_finalize(st);
        return -1;
    }
    for (size_t i = 0; i < q->nidents; i++) {
        bind_all(x, st, x->lo, x->hi, SEARCH_PIN_MAX);
        sqlite3_bind_text(st, 1, q->idents[i], -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int64_t rid = sqlite3_column_int64(st, 0);
            if (is_pinned(x, rid) || x->npins >= SEARCH_PIN_MAX * SEARCH_MAX_IDENTS)
                continue;
            bool matches = true;
            if (chk) {
                sqlite3_bind_text(chk, 1, x->match, -1, SQLITE_STATIC);
                sqlite3_bind_int64(chk, 2, rid);
                matches = sqlite3_step(chk) == SQLITE_ROW;
                sqlite3_reset(chk);
                if (!matches)
                    continue;
            }
            x->pin_matches[x->npins] = matches;
            x->pins[x->npins++] = rid;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(chk);
    /* Do the ident-only pins match the MATCH (for the count)? */
    if (x->match && q->ident_only) {
        sqlite3_stmt *c = prepare(x, "SELECT 1 FROM search_fts WHERE search_fts MATCH ?1"
                                     " AND rowid=?2");
        if (!c)
            return -1;
        for (int i = 0; i < x->npins; i++) {
            sqlite3_bind_text(c, 1, x->match, -1, SQLITE_STATIC);
            sqlite3_bind_int64(c, 2, x->pins[i]);
            x->pin_matches[i] = sqlite3_step(c) == SQLITE_ROW;
            sqlite3_reset(c);
        }
        sqlite3_finalize(c);
    }
    return 0;
}

/* ---- cursors ---- */

struct cursor {
    int sort, stage; /* stage 0: pins (key = index), 1: stream */
    double score;
    int64_t key;
    uint32_t qhash;
};

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *cursor_encode(const struct cursor *c)
{
    uint64_t bits;
    memcpy(&bits, &c->score, sizeof bits);
    char raw[128];
    int n = snprintf(raw, sizeof raw, "1.%d.%d.%016llx.%lld.%08x", c->sort, c->stage,
                     (unsigned long long)bits, (long long)c->key, (unsigned)c->qhash);
    struct buf out = BUF_INIT;
    for (int i = 0; i < n; i += 3) {
        unsigned v = (unsigned)(unsigned char)raw[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)(unsigned char)raw[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)raw[i + 2];
        buf_addc(&out, b64[(v >> 18) & 63]);
        buf_addc(&out, b64[(v >> 12) & 63]);
        if (i + 1 < n)
            buf_addc(&out, b64[(v >> 6) & 63]);
        if (i + 2 < n)
            buf_addc(&out, b64[v & 63]);
    }
    size_t l;
    return buf_detach(&out, &l);
}

static int cursor_decode(const char *s, struct cursor *c)
{
    char raw[128];
    size_t n = 0;
    unsigned v = 0;
    int bits = 0;
    for (const char *p = s; *p; p++) {
        const char *k = strchr(b64, *p);
        if (!k || !*p)
            return -1;
        v = (v << 6) | (unsigned)(k - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n + 1 >= sizeof raw)
                return -1;
            raw[n++] = (char)((v >> bits) & 0xFF);
        }
    }
    raw[n] = '\0';
    unsigned long long sb;
    long long key;
    unsigned qh;
    int sort, stage;
    char tail;
    if (sscanf(raw, "1.%d.%d.%16llx.%lld.%8x%c", &sort, &stage, &sb, &key, &qh, &tail) != 5)
        return -1;
    c->sort = sort;
    c->stage = stage;
    memcpy(&c->score, &sb, sizeof c->score);
    c->key = key;
    c->qhash = qh;
    return 0;
}

static uint32_t query_hash(const struct run *x)
{
    uint64_t h = 14695981039346656037ull;
    const char *parts[] = {x->q->match, x->q->neg_match ? x->q->neg_match : "",
                           x->q->understood};
    for (size_t i = 0; i < 3; i++)
        for (const char *p = parts[i]; p && *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return (uint32_t)(h ^ (h >> 32));
}

/* ---- the stream of ordinary hits ---- */


static int cmp_cand(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->rid > y->rid ? -1 : x->rid < y->rid ? 1 : 0;
}

/* By FTS5 rank (in .score), best (lowest) first; then newest first. */
static int cmp_rank(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return x->rid > y->rid ? -1 : x->rid < y->rid ? 1 : 0;
}

/* Documents are what people look for; a zaak repeats its letter's onderwerp. */
static double type_prior(int type)
{
    switch (type) {
    case SEARCH_T_DOCUMENT: return 1.0;
    case SEARCH_T_DOSSIER: return 1.0;
    case SEARCH_T_ACTIVITEIT: return 0.9;
    case SEARCH_T_TOEZEGGING: return 0.9;
    case SEARCH_T_VERSLAG: return 0.8;
    case SEARCH_T_ZAAK: return 0.75;
    default: return 0.7;
    }
}

static double recency(const struct run *x, int64_t rid)
{
    int64_t day = search_rid_day(rid);
    if (day == INT64_MIN || x->newest_day == INT64_MIN)
        return 1.0;
    double age = (double)(x->newest_day - day);
    if (age < 0)
        age = 0;
    return 1.0 + RECENCY_WEIGHT * pow(0.5, age / RECENCY_HALF_LIFE_DAYS);
}

/* Is candidate c on the page side of the cursor (after it in the order of cmp_cand)? */
static bool past_cursor(const struct cursor *after, const struct cand *c)
{
    return !after || c->score < after->score ||
           (c->score == after->score && c->rid < after->key);
}

/*
 * all[0..*n) holds upper bounds of the scores (bm25f × recency, the prior left out, which is at
 * most 1), sorted by cmp_cand. Multiplies in the prior of the candidates that can still be among
 * the first want + 1 after the cursor — in bound order, until the next bound is below the
 * want + 1-th exact score found — and drops the rest; then sorts the kept ones again. The page
 * is the same as with every candidate's prior: a dropped one's exact score is at most its
 * bound, below want + 1 exact scores after the cursor.
 */
static int lazy_types(struct run *x, const struct cursor *after, int want, struct cand *all,
                      size_t *n)
{
    if (want < 0)
        want = 0;
    int need = want + 1, nbest = 0;
    double *best = malloc((size_t)need * sizeof *best); /* descending */
    if (!best)
        abort();
    sqlite3_stmt *st = prepare(x, "SELECT type FROM search_doc WHERE rid=?1");
    if (!st) {
        free(best);
        return -1;
    }
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++) {
        if (nbest == need && all[i].score < best[need - 1])
            break; /* this bound and all after it are below: none can reach the page */
        sqlite3_bind_int64(st, 1, all[i].rid);
        int rc = sqlite3_step(st);
        int type = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            continue; /* gone since the FTS statement, as the join would have dropped it */
        if (rc != SQLITE_ROW) {
            int failed = finish(x, st, rc);
            st = NULL;
            if (failed) {
                free(best);
                return -1;
            }
            /* out of time: the rest keep their bounds */
            memmove(all + kept, all + i, (*n - i) * sizeof *all);
            kept += *n - i;
            break;
        }
        struct cand c = {all[i].rid, all[i].score * type_prior(type)};
        all[kept++] = c;
        if (!past_cursor(after, &c) || (nbest == need && c.score <= best[need - 1]))
            continue;
        int j = nbest < need ? nbest++ : need - 1;
        while (j > 0 && best[j - 1] < c.score) {
            best[j] = best[j - 1];
            j--;
        }
        best[j] = c.score;
    }
    sqlite3_finalize(st);
    free(best);
    *n = kept;
    qsort(all, kept, sizeof *all, cmp_cand);
    return 0;
}

/* Relevance: candidates ranked by FTS5, blended in C. Fills out[] after the cursor. */
static int stream_relevance(struct run *x, const struct cursor *after, int want,
                            struct cand *out, int *nout, bool *more)
{
    int64_t lo = x->lo;
    int64_t ncand = x->filters.len ? SEARCH_CANDIDATES_FILTERED : SEARCH_CANDIDATES;
    /* Without filters the type (for the prior) is looked up only for the candidates that can
     * still reach the page (see lazy_types), not joined for all of them. */
    bool lazy = !x->filters.len;
    struct cand *all = NULL;
    size_t n = 0, cap = 0;
    if (x->walk_match && x->walk_match == x->match && lazy && !x->drive.len) {
        /* count_pass ranked the window: its best ncand, as ORDER BY rank LIMIT would take */
        if (!(all = malloc((x->nwalk ? x->nwalk : 1) * sizeof *all)))
            abort();
        for (size_t i = 0; i < x->nwalk; i++)
            if (!is_pinned(x, x->walk[i].rid))
                all[n++] = x->walk[i];
        if (n)
            qsort(all, n, sizeof *all, cmp_rank);
        if (n > (size_t)ncand)
            n = (size_t)ncand;
        for (size_t i = 0; i < n; i++)
            all[i].score = -all[i].score * recency(x, all[i].rid);
        goto ranked;
    }
    /* Many matches: rank the newest SEARCH_RANK_WINDOW of them. */
    if (x->r->total_exact ? x->r->total > SEARCH_RANK_WINDOW : true) {
        struct buf sql = BUF_INIT;
        buf_adds(&sql, "SELECT f.rowid FROM search_fts f WHERE f.search_fts MATCH ?1 AND"
                       " f.rowid BETWEEN ?2 AND ?3");
        if (x->drive.len)
            buf_printf(&sql, " AND f.rowid%s", buf_cstr(&x->drive));
        buf_adds(&sql, " ORDER BY f.rowid DESC LIMIT 1 OFFSET ?4");
        sqlite3_stmt *st = prepare(x, buf_cstr(&sql));
        buf_free(&sql);
        if (!st)
            return -1;
        bind_all(x, st, x->lo, x->hi, SEARCH_RANK_WINDOW - 1);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            lo = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        } else if (finish(x, st, rc)) {
            return -1;
        }
    }
    struct buf sql = BUF_INIT;
    buf_adds(&sql, lazy ? "SELECT c.rid, c.r FROM" : "SELECT c.rid, c.r, d.type FROM");
    buf_adds(&sql, " (SELECT f.rowid AS rid, f.rank AS r FROM search_fts f"
                   " WHERE f.search_fts MATCH ?1 AND f.rowid BETWEEN ?2 AND ?3");
    if (x->rank_fn)
        buf_adds(&sql, " AND f.rank MATCH ?6");
    if (x->drive.len)
        buf_printf(&sql, " AND f.rowid%s", buf_cstr(&x->drive));
    buf_adds(&sql, lazy ? " ORDER BY f.rank LIMIT ?4) c"
                        : " ORDER BY f.rank LIMIT ?4) c JOIN search_doc d ON d.rid=c.rid WHERE 1");
    buf_add(&sql, x->filters.data, x->filters.len);
    sqlite3_stmt *st = prepare(x, buf_cstr(&sql));
    buf_free(&sql);
    if (!st)
        return -1;
    bind_all(x, st, lo, x->hi, ncand);
    if (x->rank_fn)
        sqlite3_bind_text(st, 6, x->rank_fn, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t rid = sqlite3_column_int64(st, 0);
        if (is_pinned(x, rid))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            all = realloc(all, cap * sizeof *all);
            if (!all)
                abort();
        }
        all[n].rid = rid;
        /* lazy: an upper bound (every prior is at most 1), made exact by lazy_types() */
        all[n].score = -sqlite3_column_double(st, 1) * recency(x, rid);
        if (!lazy)
            all[n].score *= type_prior(sqlite3_column_int(st, 2));
        n++;
    }
    if (finish(x, st, rc)) {
        free(all);
        return -1;
    }
ranked:
    if (n)
        qsort(all, n, sizeof *all, cmp_cand);
    if (lazy && n && lazy_types(x, after, want, all, &n)) {
        free(all);
        return -1;
    }
    *nout = 0;
    *more = false;
    for (size_t i = 0; i < n; i++) {
        if (after && (all[i].score > after->score ||
                      (all[i].score == after->score && all[i].rid >= after->key)))
            continue;
        if (*nout == want) {
            *more = true;
            break;
        }
        out[(*nout)++] = all[i];
    }
    free(all);
    return 0;
}

/* Newest/oldest (and queries without words): rowid order, stop after the page. */
static int stream_ordered(struct run *x, const struct cursor *after, int want, struct cand *out,
                          int *nout, bool *more)
{
    bool desc = x->sort != SEARCH_SORT_OLDEST;
    int64_t lo = x->lo, hi = x->hi;
    if (after) {
        if (desc)
            hi = after->key - 1 < hi ? after->key - 1 : hi;
        else
            lo = after->key + 1 > lo ? after->key + 1 : lo;
    }
    struct buf sql = BUF_INIT;
    from_where(x, &sql, x->match ? "f.rowid" : "d.rid");
    buf_printf(&sql, " ORDER BY %s %s LIMIT ?4", x->match ? "f.rowid" : "d.rid",
               desc ? "DESC" : "ASC");
    sqlite3_stmt *st = prepare(x, buf_cstr(&sql));
    buf_free(&sql);
    if (!st)
        return -1;
    bind_all(x, st, lo, hi, want + 1 + x->npins);
    *nout = 0;
    *more = false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t rid = sqlite3_column_int64(st, 0);
        if (is_pinned(x, rid))
            continue;
        if (*nout == want) {
            *more = true;
            break;
        }
        out[(*nout)++] = (struct cand){rid, 0};
    }
    if (rc == SQLITE_ROW) {
        sqlite3_finalize(st);
        return 0;
    }
    return finish(x, st, rc);
}

/* ---- hits ---- */

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

/* The snippet of a hit, raw (markers as kw_snippet's) into raw: from its text when the query's
 * marked tokens are known (search_int.h), else (or when the mark may lie beyond the text read)
 * through kw_snippet. */
static void hit_snippet(struct run *x, sqlite3_stmt *doc, struct search_hit *h, struct buf *raw)
{
    if (x->snip_terms) {
        const char *col[3] = {(const char *)sqlite3_column_text(doc, 3),
                              (const char *)sqlite3_column_text(doc, 6), NULL};
        size_t len[3] = {(size_t)sqlite3_column_bytes(doc, 3),
                         (size_t)sqlite3_column_bytes(doc, 6), 0};
        struct buf body = BUF_INIT;
        bool cut = false;
        if (sqlite3_column_type(doc, 7) == SQLITE_BLOB &&
            search_inflate_prefix(sqlite3_column_blob(doc, 7),
                                  (size_t)sqlite3_column_bytes(doc, 7), SEARCH_SNIP_SCAN, &body,
                                  &cut) >= 0) {
            col[2] = body.data;
            len[2] = body.len;
        }
        int ok = search_snippet_text(x->snip_terms, col, len, cut, raw);
        buf_free(&body);
        if (ok)
            return;
        buf_reset(raw);
    }
    if (!x->snip && !(x->snip = prepare(x, "SELECT kw_snippet(search_fts, char(57344),"
                                           " char(57345), '…', 24) FROM search_fts"
                                           " WHERE search_fts MATCH ?1 AND rowid=?2")))
        return;
    sqlite3_bind_text(x->snip, 1, x->match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(x->snip, 2, h->rid);
    if (sqlite3_step(x->snip) == SQLITE_ROW && sqlite3_column_text(x->snip, 0))
        buf_add(raw, sqlite3_column_text(x->snip, 0), (size_t)sqlite3_column_bytes(x->snip, 0));
    sqlite3_reset(x->snip);
}

static int fill_hit(struct run *x, sqlite3_stmt *doc, struct search_hit *h)
{
    sqlite3_bind_int64(doc, 1, h->rid);
    struct buf html = BUF_INIT, raw = BUF_INIT;
    if (sqlite3_step(doc) == SQLITE_ROW) {
        h->type = sqlite3_column_int(doc, 0);
        h->guid = col_dup(doc, 1);
        h->id = col_dup(doc, 2);
        if (!h->id)
            h->id = col_dup(doc, 1);
        h->title = col_dup(doc, 3);
        h->date = col_dup(doc, 4);
        h->soort = col_dup(doc, 5);
        if (x->match)
            hit_snippet(x, doc, h, &raw);
    }
    sqlite3_reset(doc);
    if (raw.len)
        search_snippet_html(raw.data, raw.len, &html);
    buf_free(&raw);
    size_t l;
    h->snippet = buf_detach(&html, &l);
    if (!h->snippet)
        h->snippet = strdup("");
    if (!h->id)
        h->id = strdup("");
    if (!h->title)
        h->title = strdup("");
    if (!h->id || !h->title || !h->snippet)
        abort();
    return 0;
}

static int fill_hits(struct run *x)
{
    sqlite3_stmt *doc = prepare(x, "SELECT d.type, d.id, d.nummer, d.title, d.date, d.soort,"
                                   " d.meta, t.z FROM search_doc d LEFT JOIN search_text t"
                                   " ON t.rid=d.rid WHERE d.rid=?1");
    if (!doc)
        return -1;
    if (x->match && !x->snip_terms)
        x->snip_terms = search_snip_terms_new(x->match); /* NULL: kw_snippet does it */
    for (size_t i = 0; i < x->r->nhits; i++)
        fill_hit(x, doc, &x->r->hits[i]);
    sqlite3_finalize(doc);
    return 0;
}

/* ---- the run ---- */

static int64_t newest_day(sqlite3 *db)
{
    sqlite3_stmt *st;
    int64_t d = INT64_MIN;
    if (sqlite3_prepare_v2(db, "SELECT max(rid) FROM search_doc", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            d = search_rid_day(sqlite3_column_int64(st, 0));
        sqlite3_finalize(st);
    }
    return d;
}

static void run_free(struct run *x)
{
    buf_free(&x->filters);
    buf_free(&x->drive);
    for (int k = 0; k <= SF_MAX; k++)
        buf_free(&x->kind_cond[k]);
    for (int i = 0; i < x->nbinds; i++)
        if (x->binds[i].text)
            free(x->binds[i].s);
    buf_free(&x->notes);
    sqlite3_finalize(x->vocab);
    sqlite3_finalize(x->df);
    sqlite3_finalize(x->forms);
    sqlite3_finalize(x->snip);
    search_snip_terms_free(x->snip_terms);
    free(x->neg_buf);
    free(x->walk);
    text_analyzer_free(x->an);
    free(x->rank_fn);
    free(x->match_buf);
    free(x->wide_buf);
    free(x->loose_buf);
}

static int page(struct run *x, const struct cursor *cur)
{
    struct search_result *r = x->r;
    int want = x->limit;
    r->hits = calloc((size_t)want, sizeof *r->hits);
    if (!r->hits)
        abort();
    struct cursor next = {(int)x->sort, 0, 0, 0, query_hash(x)};
    bool have_next = false;
    int pin_from = cur && cur->stage == 0 ? (int)cur->key : cur ? x->npins : 0;
    for (int i = pin_from; i < x->npins; i++) {
        if ((int)r->nhits == want) {
            next.stage = 0;
            next.key = i;
            have_next = true;
            break;
        }
        r->hits[r->nhits].rid = x->pins[i];
        r->hits[r->nhits].pinned = true;
        r->nhits++;
    }
    if (!have_next && (int)r->nhits < want) {
        int need = want - (int)r->nhits;
        struct cand *c = calloc((size_t)need + 1, sizeof *c);
        if (!c)
            abort();
        int n = 0;
        bool more = false;
        const struct cursor *after = cur && cur->stage == 1 ? cur : NULL;
        int rc = x->match && x->sort == SEARCH_SORT_RELEVANCE
                     ? stream_relevance(x, after, need, c, &n, &more)
                     : stream_ordered(x, after, need, c, &n, &more);
        if (rc) {
            free(c);
            return -1;
        }
        for (int i = 0; i < n; i++) {
            r->hits[r->nhits].rid = c[i].rid;
            r->hits[r->nhits].score = c[i].score;
            r->nhits++;
        }
        if (more && n > 0) {
            next.stage = 1;
            next.key = c[n - 1].rid;
            next.score = c[n - 1].score;
            have_next = true;
        }
        free(c);
    }
    if (have_next)
        r->next = cursor_encode(&next);
    return fill_hits(x);
}

int search_run(sqlite3 *db, const struct search_query *q, const struct search_params *p,
               struct search_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    double t0 = now_ms();
    struct run x;
    memset(&x, 0, sizeof x);
    x.db = db;
    x.q = q;
    x.r = r;
    x.err = err;
    x.errlen = errlen;
    x.sort = p ? p->sort : SEARCH_SORT_RELEVANCE;
    x.limit = p && p->limit > 0 ? (p->limit > SEARCH_MAX_LIMIT ? SEARCH_MAX_LIMIT : p->limit)
                                : SEARCH_DEFAULT_LIMIT;
    long deadline = p && p->deadline_ms > 0 ? p->deadline_ms : SEARCH_DEADLINE_MS;
    x.deadline = t0 + (double)deadline;
    x.match = q->match && q->match[0] ? q->match : NULL;
    search_rid_range(q->van_day, q->tot_day, &x.lo, &x.hi);
    x.newest_day = newest_day(db);
    build_filters(&x);

    struct cursor cur, *curp = NULL;
    if (p && p->cursor && *p->cursor) {
        if (cursor_decode(p->cursor, &cur) == 0 && cur.qhash == query_hash(&x) &&
            cur.sort == (int)x.sort && (cur.stage == 0 || cur.stage == 1))
            curp = &cur;
        else
            add_note(&x, "cursor past niet bij deze zoekvraag: eerste pagina");
    }

    sqlite3_progress_handler(db, 500, on_progress, &x);
    bool cut = false;
    if (x.match) {
        char *e = strchr(x.match, '*') ? expand_prefixes(&x, x.match, &cut) : NULL;
        x.match = x.match_buf = rewrite_bare(&x, e ? e : x.match, &x.rank_fn, &x.forms_cut);
        free(e);
    }
    if (q->neg_match) {
        char *unused = NULL;
        x.neg_buf = rewrite_bare(&x, q->neg_match, &unused, &x.forms_cut);
        free(unused);
    }
    int rc = choose_drive(&x);
    if (rc == 0)
        rc = find_pins(&x);
    bool facets = !(p && p->no_facets);
    if (rc == 0)
        rc = count_pass(&x, facets ? SEARCH_COUNT_CAP : SEARCH_WIDEN_BELOW, facets);
    if (rc == 0 && x.match && q->wide_match && r->total < SEARCH_WIDEN_BELOW && !x.interrupted &&
        (rc = retry_with(&x, q->wide_match, &x.wide_buf, &cut, facets)) > 0) {
        /* few hits: also look for the words as the start of longer words (compounds) */
        r->widened = true;
        add_note(&x, "weinig treffers: ook woorden die zo beginnen (samenstellingen)");
    }
    if (rc >= 0 && x.match && q->loose_match && r->total == 0 && !x.interrupted &&
        (rc = retry_with(&x, q->loose_match, &x.loose_buf, &cut, facets)) > 0) {
        /* nothing has all the words: show what has most of them, and say so */
        r->loosened = true;
        add_note(&x, "geen resultaten met alle woorden: hieronder wat de meeste ervan bevat");
    }
    if (rc > 0)
        rc = 0;
    /* pins that do not match the words still count */
    for (int i = 0; rc == 0 && x.match && i < x.npins; i++)
        if (!x.pin_matches[i])
            r->total++;
    if (rc == 0 && x.interrupted) {
        /* give the page its own short budget so a slow count still shows hits */
        x.interrupted = false;
        x.deadline = now_ms() + (double)deadline / 2;
    }
    if (rc == 0)
        rc = page(&x, curp);
    sqlite3_progress_handler(db, 0, NULL, NULL);
    if (cut && rc == 0)
        add_note(&x, "voorvoegsel*: alleen de " SEARCH_PREFIX_TERMS_S
                     " meest voorkomende woorden die zo beginnen");
    if (x.forms_cut && rc == 0)
        add_note(&x, "een woord heeft meer dan " SEARCH_EXPAND_MAX_S
                     " vormen en samenstellingen: alleen de meest voorkomende gezocht");
    if (r->timed_out)
        add_note(&x, "zoeken afgebroken na de tijdslimiet: aantallen en volgorde onvolledig");
    if (x.notes.len) {
        size_t l;
        r->notes = buf_detach(&x.notes, &l);
    }
    run_free(&x);
    r->ms = now_ms() - t0;
    return rc;
}

static void facets_free(struct search_facets *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->v[i].value);
    free(f->v);
    f->v = NULL;
    f->n = 0;
}

void search_result_free(struct search_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nhits; i++) {
        struct search_hit *h = &r->hits[i];
        free(h->id);
        free(h->guid);
        free(h->title);
        free(h->date);
        free(h->soort);
        free(h->snippet);
    }
    free(r->hits);
    facets_free(&r->types);
    facets_free(&r->soorten);
    facets_free(&r->years);
    free(r->next);
    free(r->notes);
    memset(r, 0, sizeof *r);
}
