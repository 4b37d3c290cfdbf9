/*
 * fts5_dutch — FTS5 tokenizer "kw_dutch" over the analyzer, and text_query_term(); see the header
 * for the index/query contract.
 */
#include "text/fts5_dutch.h"

#include <stdlib.h>
#include <string.h>

#include "text/analyze.h"
#include "text/fold.h"

_Static_assert(TEXT_TOKEN_COLOCATED == FTS5_TOKEN_COLOCATED, "colocated flag must match FTS5");

struct kw_tokenizer {
    struct text_analyzer *a;
    enum text_mode doc_mode;
};

static int map_rc(int rc)
{
    if (rc == TEXT_ENOMEM)
        return SQLITE_NOMEM;
    if (rc == TEXT_ETOOBIG)
        return SQLITE_TOOBIG;
    return rc;
}

static int tok_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
    enum text_mode mode = TEXT_MODE_INDEX;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "stems_only") == 0)
            mode = TEXT_MODE_INDEX_STEMS;
        else
            return SQLITE_ERROR;
    }
    struct kw_tokenizer *t = calloc(1, sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    t->a = text_analyzer_new();
    if (!t->a) {
        free(t);
        return SQLITE_NOMEM;
    }
    t->doc_mode = mode;
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
    struct kw_tokenizer *t = (struct kw_tokenizer *)p;
    if (!t)
        return;
    text_analyzer_free(t->a);
    free(t);
}

/* Adds the offset of a query piece to the offsets the analyzer reports. */
struct shift {
    void *ctx;
    int (*x_token)(void *, int, const char *, int, int, int);
    int base;
};

static int shifted(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    struct shift *s = ctx;
    return s->x_token(s->ctx, flags, tok, len, start + s->base, end + s->base);
}

static int is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int tokenize_query(struct text_analyzer *a, void *ctx, int flags, const char *text, int n,
                          int (*x_token)(void *, int, const char *, int, int, int))
{
    struct shift sh = {ctx, x_token, 0};
    int i = 0;
    while (i < n) {
        while (i < n && is_ascii_space(text[i]))
            i++;
        int b = i;
        while (i < n && !is_ascii_space(text[i]))
            i++;
        if (b == i)
            break;
        enum text_mode mode =
            (flags & FTS5_TOKENIZE_PREFIX) ? TEXT_MODE_QUERY_PREFIX : TEXT_MODE_QUERY_STEM;
        int from = b;
        if (text[b] == TEXT_EXACT_MARK) {
            mode = TEXT_MODE_QUERY_EXACT;
            from = b + 1;
        } else if (text[b] == TEXT_STEM_MARK && !(flags & FTS5_TOKENIZE_PREFIX)) {
            mode = TEXT_MODE_QUERY_STEM_ONLY;
            from = b + 1;
        }
        sh.base = from;
        int rc = text_analyze(a, mode, text + from, (size_t)(i - from), shifted, &sh);
        if (rc != 0)
            return map_rc(rc);
    }
    return SQLITE_OK;
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                        int (*x_token)(void *, int, const char *, int, int, int))
{
    struct kw_tokenizer *t = (struct kw_tokenizer *)p;
    if (n <= 0 || !text)
        return SQLITE_OK;
    if (flags & FTS5_TOKENIZE_QUERY)
        return tokenize_query(t->a, ctx, flags, text, n, x_token);
    return map_rc(text_analyze(t->a, t->doc_mode, text, (size_t)n, x_token, ctx));
}

static fts5_api *get_fts5_api(sqlite3 *db)
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

int text_query_tokens(struct text_analyzer *a, const char *text, size_t n, int prefix,
                      text_token_cb cb, void *ctx)
{
    if (n == 0 || !text)
        return 0;
    if (n > 0x7FFFFFFF)
        return TEXT_ETOOBIG;
    return tokenize_query(a, ctx, FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0), text,
                          (int)n, cb);
}

int text_register_fts5(sqlite3 *db)
{
    fts5_api *api = get_fts5_api(db);
    if (!api || api->iVersion < 2)
        return SQLITE_ERROR;
    fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    return api->xCreateTokenizer(api, "kw_dutch", NULL, &tok, NULL);
}

/* ---- building MATCH terms ---- */

struct collect {
    struct buf *b;
    int count;
};

static int collect_token(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    struct collect *c = ctx;
    if (c->count > 0)
        buf_addc(c->b, ' ');
    buf_add(c->b, tok, (size_t)len);
    c->count++;
    return 0;
}

static void add_quoted(struct buf *out, const char *s, size_t n, int bare)
{
    buf_addc(out, '"');
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"')
            c = bare ? ' ' : '"';
        if (bare && (c == TEXT_EXACT_MARK || c == TEXT_STEM_MARK))
            c = ' '; /* a bare word must not turn into an exact form or a lone stem */
        if (c == '"')
            buf_addc(out, '"');
        buf_addc(out, c);
    }
    buf_addc(out, '"');
}

int text_query_term(const char *word, size_t n, int exact, struct buf *out)
{
    struct text_analyzer *a = text_analyzer_new();
    if (!a)
        return -1;
    struct buf toks = BUF_INIT;
    struct collect c = {&toks, 0};
    /* Exact mode needs no stemmer; its token count is zero exactly when the bare one is. A
     * prefix keeps stop words (van* finds vanaf), so it is counted in prefix mode. */
    enum text_mode mode =
        (exact & TEXT_TERM_PREFIX) ? TEXT_MODE_QUERY_PREFIX : TEXT_MODE_QUERY_EXACT;
    int rc = text_analyze(a, mode, word ? word : "", word ? n : 0, collect_token, &c);
    text_analyzer_free(a);
    if (rc != 0) {
        buf_free(&toks);
        return -1;
    }
    if (c.count > 0) {
        if (exact & TEXT_TERM_EXACT) {
            add_quoted(out, toks.data, toks.len, 0);
        } else {
            struct buf folded = BUF_INIT;
            text_fold(word, n, &folded);
            add_quoted(out, folded.data, folded.len, 1);
            buf_free(&folded);
        }
    }
    buf_free(&toks);
    return c.count;
}
