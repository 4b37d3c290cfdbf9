/*
 * fts5_dutch — FTS5 tokenizer "kw_dutch" over the analyzer, and text_query_term(); see the header
 * for the index/query contract.
 */
#include "text/fts5_dutch.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyze.h"
#include "text/fold.h"
#include "util/hash.h"

_Static_assert(TEXT_TOKEN_COLOCATED == FTS5_TOKEN_COLOCATED, "colocated flag must match FTS5");

/* ---- the set of exact forms indexed on a connection (text_fts5_record) ---- */

#define TERMSET_MAX_BYTES (64u << 20) /* arena size above which a drain forgets the set */

struct termset {
    uint32_t *slot; /* 0 empty, else index + 1 into ent */
    size_t cap;     /* power of two */
    struct term_ent {
        uint32_t hash, off, len;
    } *ent;
    size_t n, nalloc;
    char *arena;
    size_t used, arena_cap;
    size_t pending; /* ent[pending..n) were added since the last drain */
};

/* One per connection: the user data of the "kw_dutch" registration. */
struct text_fts5 {
    int recording;
    int failed; /* out of memory while recording: the next drain reports it */
    struct termset set;
};

static void termset_free(struct termset *t)
{
    free(t->slot);
    free(t->ent);
    free(t->arena);
    memset(t, 0, sizeof *t);
}

static int termset_grow(struct termset *t)
{
    size_t cap = t->cap ? t->cap * 2 : 4096;
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        size_t j = t->ent[i].hash & (cap - 1);
        while (slot[j])
            j = (j + 1) & (cap - 1);
        slot[j] = (uint32_t)(i + 1);
    }
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
    return 0;
}

/* Adds s[0..n) unless present. Returns 0 or -1 (out of memory). */
static int termset_add(struct termset *t, const char *s, size_t n)
{
    if ((t->n + 1) * 10 > t->cap * 7 && termset_grow(t))
        return -1;
    uint32_t h = hash_fnv1a(s, n);
    size_t j = h & (t->cap - 1);
    for (uint32_t e; (e = t->slot[j]) != 0; j = (j + 1) & (t->cap - 1)) {
        const struct term_ent *x = &t->ent[e - 1];
        if (x->hash == h && x->len == n && memcmp(t->arena + x->off, s, n) == 0)
            return 0;
    }
    if (t->n == t->nalloc) {
        size_t na = t->nalloc ? t->nalloc * 2 : 4096;
        struct term_ent *ne = realloc(t->ent, na * sizeof *ne);
        if (!ne)
            return -1;
        t->ent = ne;
        t->nalloc = na;
    }
    if (t->used + n > t->arena_cap) {
        size_t na = t->arena_cap ? t->arena_cap * 2 : 65536;
        while (na < t->used + n)
            na *= 2;
        char *a = realloc(t->arena, na);
        if (!a)
            return -1;
        t->arena = a;
        t->arena_cap = na;
    }
    memcpy(t->arena + t->used, s, n);
    t->ent[t->n] = (struct term_ent){h, (uint32_t)t->used, (uint32_t)n};
    t->used += n;
    t->slot[j] = (uint32_t)++t->n;
    return 0;
}

struct kw_tokenizer {
    struct text_analyzer *a;
    enum text_mode doc_mode;
    struct text_fts5 *conn;
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
    enum text_mode mode = TEXT_MODE_INDEX_EXACT;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "stems_only") == 0)
            mode = TEXT_MODE_INDEX_STEMS;
        else if (strcmp(argv[i], "all_forms") == 0)
            mode = TEXT_MODE_INDEX;
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
    t->conn = user;
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

/* FTS5 query side of a bare word's key: without the table of keys (rewritten by the search
 * module) the best is the word that is its own stem. */
static int key_as_exact(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    struct shift *s = ctx;
    if (len > 1 && tok[0] == TEXT_KEY_MARK) {
        char t[TEXT_MAX_SEGS * (TEXT_MAX_TOKEN + 1) + 2];
        if ((size_t)len > sizeof t)
            len = (int)sizeof t;
        memcpy(t, tok, (size_t)len);
        t[0] = TEXT_EXACT_MARK;
        return s->x_token(s->ctx, flags, t, len, start + s->base, end + s->base);
    }
    return s->x_token(s->ctx, flags, tok, len, start + s->base, end + s->base);
}

/* A piece "|t1|t2|…": index tokens given verbatim, colocated (FTS5 query synonyms). */
static int alternatives(struct shift *sh, const char *text, int b, int e)
{
    int first = 1;
    for (int i = b; i < e;) {
        while (i < e && text[i] == TEXT_ALT_MARK)
            i++;
        int s = i;
        while (i < e && text[i] != TEXT_ALT_MARK)
            i++;
        if (i > s) {
            int rc = sh->x_token(sh->ctx, first ? 0 : FTS5_TOKEN_COLOCATED, text + s, i - s, b,
                                 e);
            if (rc)
                return rc;
            first = 0;
        }
    }
    return SQLITE_OK;
}

static int tokenize_query(struct text_analyzer *a, void *ctx, int flags, const char *text, int n,
                          int (*x_token)(void *, int, const char *, int, int, int), int fts)
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
        } else if (fts && text[b] == TEXT_ALT_MARK && !(flags & FTS5_TOKENIZE_PREFIX)) {
            int rc = alternatives(&sh, text, b, i);
            if (rc)
                return rc;
            continue;
        }
        if (fts && mode == TEXT_MODE_QUERY_STEM)
            mode = TEXT_MODE_QUERY_KEY;
        sh.base = from;
        int rc = text_analyze(a, mode, text + from, (size_t)(i - from),
                              mode == TEXT_MODE_QUERY_KEY ? key_as_exact : shifted, &sh);
        if (rc != 0)
            return map_rc(rc);
    }
    return SQLITE_OK;
}

/* Passes a document token on, and keeps its exact form in the connection's set. */
struct record {
    void *ctx;
    int (*x_token)(void *, int, const char *, int, int, int);
    struct text_fts5 *conn;
};

static int recorded(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    struct record *r = ctx;
    if (len > 1 && tok[0] == TEXT_EXACT_MARK &&
        termset_add(&r->conn->set, tok + 1, (size_t)len - 1) != 0)
        r->conn->failed = 1;
    return r->x_token(r->ctx, flags, tok, len, start, end);
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                        int (*x_token)(void *, int, const char *, int, int, int))
{
    struct kw_tokenizer *t = (struct kw_tokenizer *)p;
    if (n <= 0 || !text)
        return SQLITE_OK;
    if (flags & FTS5_TOKENIZE_QUERY)
        return tokenize_query(t->a, ctx, flags, text, n, x_token,
                              t->doc_mode == TEXT_MODE_INDEX_EXACT);
    if (t->conn && t->conn->recording && (flags & FTS5_TOKENIZE_DOCUMENT) &&
        t->doc_mode == TEXT_MODE_INDEX_EXACT) {
        struct record r = {ctx, x_token, t->conn};
        return map_rc(text_analyze(t->a, t->doc_mode, text, (size_t)n, recorded, &r));
    }
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
                          (int)n, cb, 0);
}

static void conn_free(void *p)
{
    struct text_fts5 *c = p;
    if (!c)
        return;
    termset_free(&c->set);
    free(c);
}

int text_register_fts5(sqlite3 *db)
{
    fts5_api *api = get_fts5_api(db);
    if (!api || api->iVersion < 2)
        return SQLITE_ERROR;
    /* Once per connection: a second registration would give tables opened later another
     * set than the one text_fts5_record() finds. */
    void *user = NULL;
    fts5_tokenizer have;
    if (api->xFindTokenizer(api, "kw_dutch", &user, &have) == SQLITE_OK &&
        have.xCreate == tok_create)
        return SQLITE_OK;
    struct text_fts5 *c = calloc(1, sizeof *c);
    if (!c)
        return SQLITE_NOMEM;
    fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    /* on failure SQLite has already called conn_free */
    return api->xCreateTokenizer(api, "kw_dutch", c, &tok, conn_free);
}

static struct text_fts5 *conn_of(sqlite3 *db)
{
    fts5_api *api = get_fts5_api(db);
    void *user = NULL;
    fts5_tokenizer tok;
    if (!api || api->xFindTokenizer(api, "kw_dutch", &user, &tok) != SQLITE_OK)
        return NULL;
    return user;
}

int text_fts5_record(sqlite3 *db, int on)
{
    struct text_fts5 *c = conn_of(db);
    if (!c)
        return -1;
    c->recording = on;
    if (!on) {
        termset_free(&c->set);
        c->failed = 0;
    }
    return 0;
}

int text_fts5_drain(sqlite3 *db, int (*fn)(void *ctx, const char *term, size_t n), void *ctx)
{
    struct text_fts5 *c = conn_of(db);
    if (!c)
        return -1;
    if (c->failed)
        return TEXT_ENOMEM;
    struct termset *t = &c->set;
    for (; t->pending < t->n; t->pending++) {
        const struct term_ent *e = &t->ent[t->pending];
        int rc = fn(ctx, t->arena + e->off, e->len);
        if (rc)
            return rc;
    }
    if (t->used > TERMSET_MAX_BYTES)
        termset_free(t); /* bounded memory: what comes again is passed on again */
    return 0;
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
        if (bare && (c == TEXT_EXACT_MARK || c == TEXT_KEY_MARK || c == TEXT_ALT_MARK))
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

/* ---- the positive tokens of a MATCH expression ---- */

struct match_tok {
    text_match_cb cb;
    void *ctx;
    int string, prefix;
};

static int match_tok(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    (void)flags, (void)start, (void)end;
    struct match_tok *m = ctx;
    return len > 0 ? m->cb(m->ctx, m->string, m->prefix, tok, len) : 0;
}

static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int text_match_tokens(struct text_analyzer *a, const char *m, int index_exact, text_match_cb cb,
                      void *ctx)
{
    int depth = 0, neg_group = -1, string = 0, rc = 0;
    bool pending_not = false, neg_phrase = false;
    struct buf str = BUF_INIT;
    const char *p = m;
    while (*p && rc == 0) {
        if (*p == '"') {
            buf_reset(&str);
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"') {
                    buf_addc(&str, '"');
                    p++;
                } else if (*p == '"') {
                    break;
                } else {
                    buf_addc(&str, *p);
                }
            }
            if (*p)
                p++;
            const char *q = p;
            while (*q == ' ')
                q++;
            int prefix = *q == '*';
            if (pending_not) {
                pending_not = false;
                neg_phrase = true;
            }
            if (!neg_phrase && neg_group < 0 && str.len) {
                struct match_tok mt = {cb, ctx, string, prefix};
                rc = tokenize_query(a, &mt,
                                    FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0),
                                    str.data, (int)str.len, match_tok, index_exact);
            }
            string++;
            continue;
        }
        if (*p == '(') {
            depth++;
            if (pending_not && neg_group < 0)
                neg_group = depth;
            pending_not = false;
            neg_phrase = false;
        } else if (*p == ')') {
            if (depth == neg_group)
                neg_group = -1;
            depth--;
            neg_phrase = false;
        } else if (is_word_char(*p)) {
            const char *w = p;
            while (is_word_char(*p))
                p++;
            size_t l = (size_t)(p - w);
            if (l == 3 && !memcmp(w, "NOT", 3)) {
                pending_not = true;
                neg_phrase = false;
            } else if ((l == 3 && !memcmp(w, "AND", 3)) || (l == 2 && !memcmp(w, "OR", 2))) {
                neg_phrase = false;
            }
            continue; /* NEAR: its group follows ('(' takes a pending NOT) */
        }
        p++;
    }
    buf_free(&str);
    return rc;
}
