/*
 * fuzz_input — one fuzz target over everything that reads untrusted bytes without a network:
 * the SyncFeed page splitter and entity parser (the feed is the outside world), the
 * timestamp parser, the Dutch analyzer and the search query language (what users type).
 *
 * The first byte picks the chunk size the page is pushed in (1..256 bytes, or all at once),
 * so the splitter's resumption across chunk boundaries is exercised too. The target checks
 * invariants as it goes and aborts when one breaks: a fuzzer then keeps the input.
 *
 * Built two ways: with clang -fsanitize=fuzzer (cmake -DKW_FUZZ=ON; run build/fuzz_input
 * tests/fuzz/seeds), and linked with replay.c into the ctest `fuzz/replay`, which runs the
 * seeds and a fixed number of deterministic mutations of them under the sanitizers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"
#include "search/query.h"
#include "search/search_int.h"
#include "text/fts5_dutch.h"
#include "text/analyze.h"
#include "util/tm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
    size_t entities, bad;
};

static int on_entity(void *ctx, struct kw_entity *e)
{
    struct seen *s = ctx;
    s->entities++;
    if (!e->type || strlen(e->id) != KW_GUID_LEN)
        abort(); /* an entity is handed on only with a type and a well-formed id */
    for (size_t i = 0; i < e->type->nfields; i++) {
        const char *v = kw_entity_text(e, &e->fields[i]);
        if (e->fields[i].state == KW_PRESENT && strlen(v) > e->fields[i].len)
            abort();
    }
    return 0;
}

static int on_bad(void *ctx, const char *raw, size_t len, const char *guid, int64_t skiptoken,
                  const char *error)
{
    struct seen *s = ctx;
    s->bad++;
    if (!error || !error[0] || !guid || (raw == NULL && len))
        abort(); /* a bad entry always comes with a reason */
    (void)skiptoken;
    return 0;
}

static int on_token(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    size_t n = *(size_t *)ctx;
    if (len <= 0 || start < 0 || end < start || (size_t)end > n)
        abort();
    (void)flags;
    (void)tok;
    return 0;
}

static struct feed_page *page;
static struct text_analyzer *analyzer, *keyer;

/* every exact form the index holds has keys, the first one not colocated */
static int on_key(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    (void)start, (void)end;
    int *nkeys = ctx;
    if (len <= 0 || (*nkeys == 0 && flags))
        abort();
    (*nkeys)++;
    return 0;
}

static int on_exact(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    (void)ctx, (void)flags, (void)start, (void)end;
    if (len > 1 && tok[0] == TEXT_EXACT_MARK) {
        int nkeys = 0;
        if (text_term_keys(keyer, tok + 1, (size_t)len - 1, on_key, &nkeys) != 0 || nkeys < 1)
            abort();
    }
    return 0;
}

static int on_match_token(void *ctx, int string, int prefix, const char *tok, int len)
{
    (void)ctx, (void)prefix, (void)tok;
    if (string < 0 || len <= 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!page) {
        feed_global_init();
        page = feed_page_new();
        analyzer = text_analyzer_new();
        keyer = text_analyzer_new();
        if (!page || !analyzer || !keyer)
            abort();
    }
    if (size == 0)
        return 0;
    size_t chunk = data[0] ? data[0] : size;
    const char *in = (const char *)data + 1;
    size_t n = size - 1;

    /* the feed page, pushed in chunks */
    struct seen s = {0, 0};
    struct feed_page_cb cb = {on_entity, on_bad, &s};
    feed_page_begin(page, &cb);
    for (size_t off = 0; off < n; off += chunk)
        if (feed_page_push(page, in + off, n - off < chunk ? n - off : chunk))
            abort(); /* the callbacks never abort, so neither may the page */
    struct feed_page_result res;
    char err[256];
    if (feed_page_end(page, &res, err, sizeof err) != 0 && !err[0])
        abort(); /* a refused page says why */
    if (res.bad > res.entries || s.entities + s.bad > res.entries)
        abort();

    /* a timestamp */
    int64_t t;
    enum tm_kind kind;
    if (tm_parse(in, n < 64 ? n : 64, &t, &kind) == 0) {
        char out[TM_UTC_LEN];
        tm_format_utc(t, out);
        if (strlen(out) != TM_UTC_LEN - 1)
            abort();
    }

    /* the analyzer in every mode, and the query language */
    size_t an = n < 4096 ? n : 4096;
    for (int m = TEXT_MODE_INDEX; m <= TEXT_MODE_QUERY_PREFIX; m++)
        text_analyze(analyzer, (enum text_mode)m, in, an, on_token, &an);
    struct search_query q;
    search_query_parse(&q, in, an);
    search_query_build(&q);
    if (!q.understood)
        abort(); /* every query is understood somehow */
    text_analyze(analyzer, TEXT_MODE_INDEX_EXACT, in, an, on_exact, NULL);
    if (q.match) {
        /* the words a hit is marked for, and a snippet of the input marked with them */
        for (int exact = 0; exact <= 1; exact++)
            if (text_match_tokens(analyzer, q.match, exact, on_match_token, NULL) != 0)
                abort();
        struct search_snip_terms *st = search_snip_terms_new(q.match);
        if (st) {
            const char *col[3] = {in, NULL, in};
            size_t len[3] = {an < 200 ? an : 200, 0, an};
            struct buf out = BUF_INIT;
            search_snippet_text(st, col, len, false, &out);
            buf_free(&out);
            search_snip_terms_free(st);
        }
    }
    search_query_free(&q);
    return 0;
}
