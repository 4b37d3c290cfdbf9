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
#define BATCH_TOKENIZER "kw_dutch"
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

int al_search_explain(sqlite3 *db, const char *query, const char *title, const char *body,
                      struct buf *out)
{
    buf_reset(out);
    struct buf m = BUF_INIT, terms = BUF_INIT;
    char qerr[256];
    if (to_match(query, &m, qerr, sizeof qerr)) {
        buf_free(&m);
        return 0;
    }
    char err[256];
    if (db_exec(db,
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.alert_one USING fts5(title, body,"
                " tokenize='" BATCH_TOKENIZER "'); DELETE FROM temp.alert_one;",
                err, sizeof err)) {
        buf_free(&m);
        return -1;
    }
    sqlite3_stmt *ins = NULL, *q = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, "INSERT INTO temp.alert_one(rowid, title, body) VALUES(1, ?1, ?2)",
                           -1, &ins, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT snippet(alert_one, -1, char(1), char(2), '…', 24)"
                               " FROM temp.alert_one WHERE alert_one MATCH ?1", -1, &q, NULL) ==
            SQLITE_OK) {
        sqlite3_bind_text(ins, 1, title ? title : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, body ? body : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 1, buf_cstr(&m), -1, SQLITE_STATIC);
        if (sqlite3_step(ins) == SQLITE_DONE) {
            rc = 0;
            if (sqlite3_step(q) == SQLITE_ROW) {
                const char *snip = (const char *)sqlite3_column_text(q, 0);
                marked_terms(snip ? snip : "", &terms);
                if (terms.len)
                    buf_printf(out, "gevonden: %s\n", buf_cstr(&terms));
                buf_adds(out, snip ? snip : "");
            }
        }
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(q);
    sqlite3_exec(db, "DELETE FROM temp.alert_one", NULL, NULL, NULL);
    buf_free(&m);
    buf_free(&terms);
    return rc;
}
