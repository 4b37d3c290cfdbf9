/*
 * search_builtin — saved searches against a batch of new items: the batch goes into a
 * temporary FTS5 table (with the Dutch tokenizer of src/text when it is built), and each saved
 * query runs as one MATCH against it, so the cost is (queries x tiny index), independent of the
 * size of the mirror. The snippet marks matched terms with \x01 ... \x02.
 *
 * The query text is read by src/search's parser (search_query_parse/build) when that module is
 * built (KW_HAVE_SEARCH); otherwise by the small reader below: words are all required,
 * "quoted phrases" exact, OR between two terms, -word excluded, word* a prefix.
 */
#include "alerts/alerts_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef KW_HAVE_DUTCH
#include "text/fts5_dutch.h"
#define BATCH_TOKENIZER "kw_dutch all_forms" /* no table of keys: fts5_dutch.h */
#else
#define BATCH_TOKENIZER "unicode61 remove_diacritics 2"
#endif
#ifdef KW_HAVE_SEARCH
#include "search/query.h"
#include "search/search.h"
#endif

/* One FTS5 string for a word (quoted), stemmed unless exact. Returns 0 when nothing
 * searchable was in it. */
static int put_term(struct buf *out, const char *w, size_t n, int exact)
{
#ifdef KW_HAVE_DUTCH
    return text_query_term(w, n, exact, out) > 0;
#else
    (void)exact;
    size_t start = out->len;
    buf_addc(out, '"');
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '"')
            buf_addc(out, '"');
        if (isalnum((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80)
            any = 1;
        buf_addc(out, w[i]);
    }
    buf_addc(out, '"');
    if (!any)
        buf_truncate(out, start);
    return any;
#endif
}

#ifndef KW_HAVE_SEARCH
/* The fallback reader (see the top comment). Returns 0 with the MATCH text in out, or -1
 * with a message for the user. */
static int to_match(const char *q, struct buf *out, char *err, size_t errlen)
{
    struct buf pos = BUF_INIT, neg = BUF_INIT, term = BUF_INIT;
    const char *p = q;
    int npos = 0, pending_or = 0;
    while (*p) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        int negate = 0, exact = 0, prefix = 0;
        if (*p == '-' && p[1] && !isspace((unsigned char)p[1])) {
            negate = 1;
            p++;
        }
        const char *w = p;
        size_t n;
        if (*p == '"') {
            exact = 1;
            w = ++p;
            while (*p && *p != '"')
                p++;
            n = (size_t)(p - w);
            if (*p == '"')
                p++;
        } else {
            while (*p && !isspace((unsigned char)*p))
                p++;
            n = (size_t)(p - w);
        }
        if (!exact && !negate && n == 2 && !memcmp(w, "OR", 2)) {
            pending_or = npos > 0;
            continue;
        }
        if (!exact && n > 1 && w[n - 1] == '*') {
            prefix = 1;
            n--;
        }
        buf_reset(&term);
        if (exact) { /* a phrase: the exact forms of its words, in order */
            const char *s = w, *e = w + n;
            int words = 0;
            while (s < e) {
                while (s < e && isspace((unsigned char)*s))
                    s++;
                const char *ws = s;
                while (s < e && !isspace((unsigned char)*s))
                    s++;
                if (s > ws) {
                    size_t before = term.len;
                    if (words)
                        buf_adds(&term, " + ");
                    if (put_term(&term, ws, (size_t)(s - ws), 1))
                        words++;
                    else
                        buf_truncate(&term, before);
                }
            }
            if (!words)
                continue;
        } else if (!put_term(&term, w, n, 0)) {
            continue;
        } else if (prefix) {
            buf_adds(&term, " *");
        }
        if (negate) {
            buf_adds(&neg, " NOT (");
            buf_adds(&neg, buf_cstr(&term));
            buf_addc(&neg, ')');
            continue;
        }
        if (npos)
            buf_adds(&pos, pending_or ? " OR " : " AND ");
        buf_addc(&pos, '(');
        buf_adds(&pos, buf_cstr(&term));
        buf_addc(&pos, ')');
        npos++;
        pending_or = 0;
    }
    int rc = 0;
    if (!npos) {
        snprintf(err, errlen, "een zoekopdracht heeft minstens één woord nodig om te vinden");
        rc = -1;
    } else {
        buf_reset(out);
        if (neg.len)
            buf_addc(out, '(');
        buf_adds(out, buf_cstr(&pos));
        if (neg.len) {
            buf_addc(out, ')');
            buf_adds(out, buf_cstr(&neg));
        }
    }
    buf_free(&pos);
    buf_free(&neg);
    buf_free(&term);
    return rc;
}
#else
/* Reads q with src/search's parser; the parsed query is left in *sq (the caller frees it),
 * so its filters can be checked against each hit. */
static int to_match_q(const char *q, struct buf *out, struct search_query *sq, char *err,
                      size_t errlen)
{
    memset(sq, 0, sizeof *sq);
    search_query_parse(sq, q, strlen(q));
    search_query_build(sq);
    (void)put_term;
    if (!sq->match || !*sq->match) {
        snprintf(err, errlen, "een zoekopdracht heeft minstens één woord nodig om te vinden"
                              " (%s)", sq->understood ? sq->understood : "");
        return -1;
    }
    buf_reset(out);
    buf_adds(out, sq->match);
    return 0;
}

static int to_match(const char *q, struct buf *out, char *err, size_t errlen)
{
    struct search_query sq;
    int rc = to_match_q(q, out, &sq, err, errlen);
    search_query_free(&sq);
    return rc;
}
#endif

static int builtin_check(void *ctx, const char *query, char *err, size_t errlen)
{
    (void)ctx;
    struct buf m = BUF_INIT;
    int rc = to_match(query, &m, err, errlen);
    buf_free(&m);
    return rc;
}

/* The marked pieces of a snippet, distinct, comma-separated. */
static void marked_terms(const char *snip, struct buf *out)
{
    buf_reset(out);
    for (const char *p = snip; (p = strchr(p, '\x01'));) {
        const char *e = strchr(++p, '\x02');
        if (!e)
            break;
        size_t n = (size_t)(e - p);
        bool dup = false;
        for (const char *q = out->data; q && *q;) {
            const char *c = strstr(q, ", ");
            size_t l = c ? (size_t)(c - q) : strlen(q);
            if (l == n && !strncasecmp(q, p, n))
                dup = true;
            q = c ? c + 2 : q + l;
        }
        if (!dup && n) {
            if (out->len)
                buf_adds(out, ", ");
            buf_add(out, p, n);
        }
        p = e + 1;
    }
}

static int db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int builtin_match(void *ctx, const char *const *queries, size_t nq,
                         const struct alert_doc *docs, size_t nd, alert_hit_fn hit, void *hit_ctx,
                         char *err, size_t errlen)
{
    sqlite3 *db = ctx;
    if (db_exec(db,
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.alert_batch USING fts5(title, body,"
                " tokenize='" BATCH_TOKENIZER "');"
                "DELETE FROM temp.alert_batch;",
                err, errlen))
        return -1;
    sqlite3_stmt *ins = NULL, *q = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, "INSERT INTO temp.alert_batch(rowid, title, body) VALUES(?1, ?2, ?3)",
                           -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT rowid FROM temp.alert_batch WHERE alert_batch MATCH ?1",
                           -1, &q, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        goto out;
    }
    for (size_t i = 0; i < nd; i++) {
        sqlite3_bind_int64(ins, 1, (int64_t)i + 1);
        sqlite3_bind_text(ins, 2, docs[i].title ? docs[i].title : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, docs[i].text ? docs[i].text : "", -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            snprintf(err, errlen, "batch: %s", sqlite3_errmsg(db));
            goto out;
        }
        sqlite3_reset(ins);
    }
    struct buf m = BUF_INIT;
    char qerr[256];
    for (size_t qi = 0; qi < nq; qi++) {
#ifdef KW_HAVE_SEARCH
        /* The words are matched in the batch; the filters (soort:, dossier:, van:, type:...)
         * against the search index's record of each hit. */
        struct search_query sq;
        int bad = to_match_q(queries[qi], &m, &sq, qerr, sizeof qerr);
        bool filtered = !bad && search_query_has_filters(&sq);
        if (bad) {
            search_query_free(&sq);
            continue;
        }
#else
        if (to_match(queries[qi], &m, qerr, sizeof qerr))
            continue; /* checked when saved; a query the parser now refuses matches nothing */
#endif
        sqlite3_bind_text(q, 1, buf_cstr(&m), -1, SQLITE_TRANSIENT);
        while (sqlite3_step(q) == SQLITE_ROW) {
            int64_t row = sqlite3_column_int64(q, 0);
            if (row < 1 || (size_t)row > nd)
                continue;
#ifdef KW_HAVE_SEARCH
            /* An item the index does not know yet (2) is kept rather than lost: the
             * watermark moves past it after this pass. */
            if (filtered && search_query_accepts(db, &sq, docs[row - 1].id) == 0)
                continue;
#endif
            /* No snippet here: most hits are dropped by the ledger, and snippet() costs far
             * more than the match. al_search_explain() makes it for what is mailed. */
            hit(hit_ctx, qi, (size_t)row - 1, NULL, NULL);
        }
        sqlite3_reset(q);
#ifdef KW_HAVE_SEARCH
        search_query_free(&sq);
#endif
    }
    buf_free(&m);
    rc = 0;
out:
    sqlite3_finalize(ins);
    sqlite3_finalize(q);
    sqlite3_exec(db, "DELETE FROM temp.alert_batch", NULL, NULL, NULL);
    return rc;
}

const struct alert_search_ops alert_search_builtin = {builtin_match, builtin_check, NULL};

/* The explainer of one pass: each query is read once, each item's text once, and each
 * (query, item) reason is made once and then shared by every user whose monitor has that
 * query.
 *
 * With the Dutch analyzer (the normal build) the snippet is made here, not by FTS5: an item's
 * text is analyzed once (TEXT_MODE_INDEX, the tokens the index holds), a query's positive
 * strings (not under NOT) once into the tokens FTS5 looks up for them, and a token of the text
 * is marked when it equals one of them (or starts with it, for a prefix). That is what FTS5
 * compares too, so the same words are marked, except that the words of a phrase are marked
 * wherever they occur, not only side by side. The snippet is the column (title or the rest)
 * with most marked words, whole up to SNIP_TOKENS positions, else the window of SNIP_TOKENS
 * positions with most of them, with "…" where text was cut. One FTS5 query per (query, item)
 * cost ~45 µs, 10 s for a pass of 10,000 searches x 2,000 documents; this costs ~2 µs.
 * Without the analyzer, FTS5's snippet() over a temporary table of the items is used. */
#define SNIP_TOKENS 24

struct xq { /* a query read */
    char *query;
    char *match; /* NULL: the parser refuses it */
    char *terms; /* the positive tokens, each as a prefix flag byte ('0'/'1') + token + NUL */
    size_t nterms;
};
struct xr { /* a reason made */
    uint32_t q, row;
    char *reason;
};
struct xtok {
    uint32_t term; /* offset into xdoc.pool */
    int col, pos, start, end;
};
struct xdoc {
    char *item;
    char *text[2]; /* NULL: not in the store any more */
    struct xtok *tok;
    size_t ntok;
    char *pool;
};
struct al_explainer {
    sqlite3 *db;
    sqlite3_stmt *text_of, *ins, *snip;
#ifdef KW_HAVE_DUTCH
    struct text_analyzer *an;
#endif
    struct xq *qs;
    size_t nq, capq;
    size_t *qslot; /* open addressing: index + 1 into qs, by query text */
    size_t qslots;
    struct xdoc *docs; /* row - 1 */
    size_t ndocs, capdocs;
    size_t *islot; /* index + 1 into docs, by item */
    size_t islots;
    struct xr *rs;
    size_t nr, capr;
    size_t *rslot;
    size_t rslots;
    size_t made, reused;
};

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static uint64_t pair_hash(uint32_t q, uint32_t row)
{
    uint64_t h = ((uint64_t)q << 32 | row) * 0x9E3779B97F4A7C15u;
    return h ^ (h >> 29);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        abort();
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xrealloc(NULL, n);
    memcpy(d, s, n);
    return d;
}

/* Grows a slot table to keep it at most half full; key(i) gives the hash of entry i. */
static void slots_fit(size_t **slot, size_t *nslots, size_t n,
                      uint64_t (*key)(const struct al_explainer *, size_t),
                      const struct al_explainer *x)
{
    if ((n + 1) * 2 <= *nslots)
        return;
    size_t cap = *nslots ? *nslots * 2 : 256;
    size_t *s = calloc(cap, sizeof *s);
    if (!s)
        abort();
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)key(x, i) & (cap - 1);
        while (s[k])
            k = (k + 1) & (cap - 1);
        s[k] = i + 1;
    }
    free(*slot);
    *slot = s;
    *nslots = cap;
}

static uint64_t q_key(const struct al_explainer *x, size_t i) { return fnv(x->qs[i].query); }
static uint64_t i_key(const struct al_explainer *x, size_t i) { return fnv(x->docs[i].item); }
static uint64_t r_key(const struct al_explainer *x, size_t i)
{
    return pair_hash(x->rs[i].q, x->rs[i].row);
}

static const char sql_text_of[] =
    "SELECT trim(coalesce(onderwerp, '') || ' ' || coalesce(titel, '')), trim(coalesce(soort, '')"
    " || ' ' || coalesce(documentNummer, '') || ' ' || coalesce(citeertitel, '')) FROM"
    " \"Document\" WHERE id = ?1 AND ?2 = 'Document' UNION ALL SELECT coalesce(tekst, ''),"
    " trim(coalesce(ministerie, '') || ' ' || coalesce(nummer, '') || ' ' || coalesce(naam, ''))"
    " FROM \"Toezegging\" WHERE id = ?1 AND ?2 = 'Toezegging'";

struct al_explainer *al_explainer_new(sqlite3 *db, char *err, size_t errlen)
{
    struct al_explainer *x = calloc(1, sizeof *x);
    if (!x)
        abort();
    x->db = db;
#ifdef KW_HAVE_DUTCH
    x->an = text_analyzer_new();
    if (!x->an) {
        snprintf(err, errlen, "out of memory");
        al_explainer_free(x);
        return NULL;
    }
#else
    if (db_exec(db,
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.alert_snip USING fts5(title, body,"
                " tokenize='" BATCH_TOKENIZER "'); DELETE FROM temp.alert_snip;",
                err, errlen)) {
        al_explainer_free(x);
        return NULL;
    }
    if (sqlite3_prepare_v2(db, "INSERT INTO temp.alert_snip(rowid, title, body) VALUES(?1, ?2, ?3)",
                           -1, &x->ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT snippet(alert_snip, -1, char(1), char(2), '…', 24)"
                               " FROM temp.alert_snip WHERE alert_snip MATCH ?1 AND rowid = ?2",
                           -1, &x->snip, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        al_explainer_free(x);
        return NULL;
    }
#endif
    if (sqlite3_prepare_v2(db, sql_text_of, -1, &x->text_of, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        al_explainer_free(x);
        return NULL;
    }
    return x;
}

void al_explainer_forget_texts(struct al_explainer *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->ndocs; i++) {
        free(x->docs[i].item);
        free(x->docs[i].text[0]);
        free(x->docs[i].text[1]);
        free(x->docs[i].tok);
        free(x->docs[i].pool);
    }
    x->ndocs = 0;
    if (x->islot)
        memset(x->islot, 0, x->islots * sizeof *x->islot);
    for (size_t i = 0; i < x->nr; i++)
        free(x->rs[i].reason);
    x->nr = 0;
    if (x->rslot)
        memset(x->rslot, 0, x->rslots * sizeof *x->rslot);
#ifndef KW_HAVE_DUTCH
    sqlite3_exec(x->db, "DELETE FROM temp.alert_snip", NULL, NULL, NULL);
#endif
}

void al_explainer_free(struct al_explainer *x)
{
    if (!x)
        return;
    al_explainer_forget_texts(x);
    for (size_t i = 0; i < x->nq; i++) {
        free(x->qs[i].query);
        free(x->qs[i].match);
        free(x->qs[i].terms);
    }
    free(x->qs);
    free(x->qslot);
    free(x->docs);
    free(x->islot);
    free(x->rs);
    free(x->rslot);
    sqlite3_finalize(x->text_of);
    sqlite3_finalize(x->ins);
    sqlite3_finalize(x->snip);
#ifdef KW_HAVE_DUTCH
    text_analyzer_free(x->an);
#endif
    free(x);
}

void al_explainer_counts(const struct al_explainer *x, size_t *made, size_t *reused)
{
    *made = x ? x->made : 0;
    *reused = x ? x->reused : 0;
}

#ifdef KW_HAVE_DUTCH
struct collect {
    struct buf *b;
    size_t n;
};

static int collect_term(void *ctx, int string, int prefix, const char *tok, int len)
{
    (void)string;
    struct collect *c = ctx;
    buf_addc(c->b, prefix ? '1' : '0');
    buf_add(c->b, tok, (size_t)len);
    buf_addc(c->b, '\0');
    c->n++;
    return 0;
}

/* The tokens of the strings of an FTS5 expression that are not under NOT, as the batch table
 * (all_forms) looks them up. */
static void positive_terms(struct text_analyzer *an, const char *m, struct buf *out, size_t *n)
{
    struct collect c = {out, 0};
    text_match_tokens(an, m, 0, collect_term, &c);
    *n += c.n;
}

struct doc_tokens {
    struct xdoc *d;
    struct buf pool;
    size_t cap;
    int col, pos;
};

static int collect_doc(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    struct doc_tokens *t = ctx;
    if (!(flags & TEXT_TOKEN_COLOCATED))
        t->pos++;
    if (len <= 0)
        return 0;
    if (t->d->ntok == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->d->tok = xrealloc(t->d->tok, t->cap * sizeof *t->d->tok);
    }
    t->d->tok[t->d->ntok++] = (struct xtok){(uint32_t)t->pool.len, t->col, t->pos, start, end};
    buf_add(&t->pool, tok, (size_t)len);
    buf_addc(&t->pool, '\0');
    return 0;
}

static bool term_hit(const struct xq *q, const char *tok)
{
    const char *t = q->terms;
    for (size_t i = 0; i < q->nterms; i++) {
        size_t l = strlen(t + 1);
        if (t[0] == '1' ? !strncmp(tok, t + 1, l) : !strcmp(tok, t + 1))
            return true;
        t += l + 2;
    }
    return false;
}

/* The reason for one (query, item): see the top of the explainer. */
static void highlight(const struct xq *q, const struct xdoc *d, struct buf *out)
{
    buf_reset(out);
    if (!q->nterms || !d->ntok)
        return;
    bool *hit = calloc(d->ntok, sizeof *hit);
    if (!hit)
        abort();
    int best_col = -1, best_n = 0, count[2] = {0, 0};
    for (size_t i = 0; i < d->ntok; i++) {
        hit[i] = term_hit(q, d->pool + d->tok[i].term);
        if (hit[i] && (i == 0 || !hit[i - 1] || d->tok[i - 1].pos != d->tok[i].pos ||
                       d->tok[i - 1].col != d->tok[i].col))
            count[d->tok[i].col]++;
    }
    for (int c = 0; c < 2; c++)
        if (count[c] > best_n)
            best_n = count[c], best_col = c;
    if (best_col < 0) {
        free(hit);
        return;
    }
    /* The column's tokens [b, e), their positions [first, last]. */
    size_t b = 0, e;
    while (b < d->ntok && d->tok[b].col != best_col)
        b++;
    for (e = b; e < d->ntok && d->tok[e].col == best_col;)
        e++;
    int first = d->tok[b].pos, last = d->tok[e - 1].pos, from = first;
    if (last - first + 1 > SNIP_TOKENS) { /* the window with most marked positions */
        size_t np = (size_t)(last - first + 1);
        unsigned char *mark = calloc(np, 1);
        if (!mark)
            abort();
        for (size_t i = b; i < e; i++)
            if (hit[i])
                mark[d->tok[i].pos - first] = 1;
        int n = 0, most;
        for (size_t k = 0; k < SNIP_TOKENS; k++)
            n += mark[k];
        most = n;
        for (size_t w = 1; w + SNIP_TOKENS <= np; w++) { /* slide by one position */
            n += mark[w + SNIP_TOKENS - 1] - mark[w - 1];
            if (n > most)
                most = n, from = first + (int)w;
        }
        /* Centred on its marked positions, so they have words on both sides. */
        int fm = -1, lm = -1;
        for (int k = from; k < from + SNIP_TOKENS; k++)
            if (mark[k - first]) {
                if (fm < 0)
                    fm = k;
                lm = k;
            }
        if (fm >= 0) {
            int c = (fm + lm) / 2 - (SNIP_TOKENS - 1) / 2;
            from = c < first ? first : c > last - SNIP_TOKENS + 1 ? last - SNIP_TOKENS + 1 : c;
        }
        free(mark);
    }
    int to = from + SNIP_TOKENS - 1;
    const char *text = d->text[best_col];
    size_t tlen = strlen(text);
    size_t start = from == first ? 0 : tlen, stop = to >= last ? tlen : 0;
    for (size_t i = b; i < e; i++) {
        if (d->tok[i].pos >= from && d->tok[i].pos <= to) {
            if ((size_t)d->tok[i].start < start)
                start = (size_t)d->tok[i].start;
            if (to < last && (size_t)d->tok[i].end > stop)
                stop = (size_t)d->tok[i].end;
        }
    }
    if (stop > tlen)
        stop = tlen;
    if (start > stop)
        start = stop;
    struct buf snip = BUF_INIT, terms = BUF_INIT;
    if (start > 0)
        buf_adds(&snip, "…");
    size_t at = start;
    for (size_t i = b; i < e; i++) {
        if (!hit[i] || d->tok[i].pos < from || d->tok[i].pos > to)
            continue;
        size_t s0 = (size_t)d->tok[i].start, s1 = (size_t)d->tok[i].end;
        for (size_t k = i + 1; k < e && d->tok[k].pos == d->tok[i].pos; k++)
            if (hit[k] && (size_t)d->tok[k].end > s1)
                s1 = (size_t)d->tok[k].end; /* colocated: the widest marked form */
        if (s0 < at || s1 > stop || s0 >= s1)
            continue; /* inside one already marked */
        buf_add(&snip, text + at, s0 - at);
        buf_addc(&snip, '\x01');
        buf_add(&snip, text + s0, s1 - s0);
        buf_addc(&snip, '\x02');
        at = s1;
    }
    buf_add(&snip, text + at, stop - at);
    if (stop < tlen)
        buf_adds(&snip, "…");
    marked_terms(buf_cstr(&snip), &terms);
    if (terms.len)
        buf_printf(out, "gevonden: %s\n", buf_cstr(&terms));
    buf_adds(out, buf_cstr(&snip));
    buf_free(&snip);
    buf_free(&terms);
    free(hit);
}
#endif

static size_t query_of(struct al_explainer *x, const char *query)
{
    uint64_t h = fnv(query);
    if (x->qslots)
        for (size_t k = (size_t)h & (x->qslots - 1); x->qslot[k]; k = (k + 1) & (x->qslots - 1))
            if (!strcmp(x->qs[x->qslot[k] - 1].query, query))
                return x->qslot[k] - 1;
    if (x->nq == x->capq) {
        x->capq = x->capq ? x->capq * 2 : 64;
        x->qs = xrealloc(x->qs, x->capq * sizeof *x->qs);
    }
    struct buf m = BUF_INIT;
    char qerr[256];
    struct xq *q = &x->qs[x->nq++];
    memset(q, 0, sizeof *q);
    q->query = xstrdup(query);
    q->match = to_match(query, &m, qerr, sizeof qerr) ? NULL : xstrdup(buf_cstr(&m));
#ifdef KW_HAVE_DUTCH
    if (q->match) {
        struct buf t = BUF_INIT;
        positive_terms(x->an, q->match, &t, &q->nterms);
        q->terms = xrealloc(NULL, t.len + 1);
        memcpy(q->terms, t.data ? t.data : "", t.len);
        q->terms[t.len] = '\0';
        buf_free(&t);
    }
#endif
    buf_free(&m);
    slots_fit(&x->qslot, &x->qslots, x->nq - 1, q_key, x);
    size_t k = (size_t)h & (x->qslots - 1);
    while (x->qslot[k])
        k = (k + 1) & (x->qslots - 1);
    x->qslot[k] = x->nq;
    return x->nq - 1;
}

/* The row (index + 1) of an item's text, read from the store on first use (and analyzed, or
 * put in temp.alert_snip); -1 on error. A row whose text[0] is NULL is gone from the store. */
static int64_t row_of(struct al_explainer *x, const char *item, const char *category,
                      const char *id)
{
    uint64_t h = fnv(item);
    if (x->islots)
        for (size_t k = (size_t)h & (x->islots - 1); x->islot[k]; k = (k + 1) & (x->islots - 1))
            if (!strcmp(x->docs[x->islot[k] - 1].item, item))
                return (int64_t)x->islot[k];
    if (x->ndocs == x->capdocs) {
        x->capdocs = x->capdocs ? x->capdocs * 2 : 256;
        x->docs = xrealloc(x->docs, x->capdocs * sizeof *x->docs);
    }
    struct xdoc *d = &x->docs[x->ndocs];
    memset(d, 0, sizeof *d);
    sqlite3_bind_text(x->text_of, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(x->text_of, 2, category, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(x->text_of);
    if (rc == SQLITE_ROW) {
        d->text[0] = xstrdup(al_col(x->text_of, 0));
        d->text[1] = xstrdup(al_col(x->text_of, 1));
    }
    sqlite3_reset(x->text_of);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        free(d->text[0]);
        free(d->text[1]);
        return -1;
    }
    int64_t row = (int64_t)x->ndocs + 1;
    if (d->text[0]) {
#ifdef KW_HAVE_DUTCH
        struct doc_tokens t = {d, BUF_INIT, 0, 0, 0};
        for (int c = 0; c < 2; c++) {
            t.col = c;
            text_analyze(x->an, TEXT_MODE_INDEX, d->text[c], strlen(d->text[c]), collect_doc, &t);
        }
        buf_addc(&t.pool, '\0');
        d->pool = t.pool.data; /* owned by d */
#else
        sqlite3_bind_int64(x->ins, 1, row);
        sqlite3_bind_text(x->ins, 2, d->text[0], -1, SQLITE_STATIC);
        sqlite3_bind_text(x->ins, 3, d->text[1], -1, SQLITE_STATIC);
        rc = sqlite3_step(x->ins);
        sqlite3_reset(x->ins);
        if (rc != SQLITE_DONE) {
            free(d->text[0]);
            free(d->text[1]);
            return -1;
        }
#endif
    }
    d->item = xstrdup(item);
    x->ndocs++;
    slots_fit(&x->islot, &x->islots, x->ndocs - 1, i_key, x);
    size_t k = (size_t)h & (x->islots - 1);
    while (x->islot[k])
        k = (k + 1) & (x->islots - 1);
    x->islot[k] = x->ndocs;
    return row;
}

const char *al_explain(struct al_explainer *x, const char *query, const char *item,
                       const char *category, const char *id)
{
    size_t qi = query_of(x, query);
    if (!x->qs[qi].match)
        return "";
    int64_t row = row_of(x, item, category, id);
    if (row < 0)
        return NULL;
    if (!x->docs[row - 1].text[0])
        return "";
    uint32_t q32 = (uint32_t)qi, r32 = (uint32_t)row;
    uint64_t h = pair_hash(q32, r32);
    if (x->rslots)
        for (size_t k = (size_t)h & (x->rslots - 1); x->rslot[k]; k = (k + 1) & (x->rslots - 1)) {
            const struct xr *r = &x->rs[x->rslot[k] - 1];
            if (r->q == q32 && r->row == r32) {
                x->reused++;
                return r->reason;
            }
        }
    struct buf out = BUF_INIT;
#ifdef KW_HAVE_DUTCH
    highlight(&x->qs[qi], &x->docs[row - 1], &out);
#else
    struct buf terms = BUF_INIT;
    sqlite3_bind_text(x->snip, 1, x->qs[qi].match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(x->snip, 2, row);
    int rc = sqlite3_step(x->snip);
    if (rc == SQLITE_ROW) {
        const char *snip = (const char *)sqlite3_column_text(x->snip, 0);
        marked_terms(snip ? snip : "", &terms);
        if (terms.len)
            buf_printf(&out, "gevonden: %s\n", buf_cstr(&terms));
        buf_adds(&out, snip ? snip : "");
    }
    sqlite3_reset(x->snip);
    buf_free(&terms);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        buf_free(&out);
        return NULL;
    }
#endif
    if (x->nr == x->capr) {
        x->capr = x->capr ? x->capr * 2 : 256;
        x->rs = xrealloc(x->rs, x->capr * sizeof *x->rs);
    }
    x->rs[x->nr++] = (struct xr){q32, r32, xstrdup(buf_cstr(&out))};
    buf_free(&out);
    x->made++;
    slots_fit(&x->rslot, &x->rslots, x->nr - 1, r_key, x);
    size_t k = (size_t)h & (x->rslots - 1);
    while (x->rslot[k])
        k = (k + 1) & (x->rslots - 1);
    x->rslot[k] = x->nr;
    return x->rs[x->nr - 1].reason;
}
