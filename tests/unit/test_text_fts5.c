/*
 * End-to-end tests of the kw_dutch FTS5 tokenizer with MATCH terms from text_query_term(), and
 * of its contract with the search module: the index holds exact forms, recorded while indexing
 * (text_fts5_record/drain) and filed under their keys (text_term_keys); a bare word is looked up
 * by its key (TEXT_MODE_QUERY_KEY) and written as "|=form|=form" pieces. The test does what
 * search.c does, in a table of its own.
 * The Dutch rows are sentences from Kamerbrief 2021D35262 (Kamerstuk 31293-593), copied here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "text/analyze.h"
#include "text/fts5_dutch.h"
#include "util/buf.h"

static const char *const rows[][2] = {
    /* 1 */ {"Digitalisering in het funderend onderwijs",
             "Nummer: 2021D35262. Officiële HTML versie (kst-31293-593). Voor de zomer hebben mijn "
             "collega Van Engelshoven en ik uw Kamer een aantal keer geïnformeerd over de DPIA."},
    /* 2 */
    {"Privacyconvenant",
     "Op deze manier geef ik invulling aan de motie van de leden Kwint en Van Meenen over "
     "het Privacyconvenant."},
    /* 3 */
    {"Bijlage",
     "In de bijlage vindt u een toelichting over de uitvoering van de genoemde moties en "
     "toezeggingen. Nummer: 2021D35263."},
    /* 4 */ {"Defensie", "De aanschaf van de F-35 en de informatie-uitwisseling met de NAVO."},
    /* 5 */ {"Luchtmacht", "Een F 35 plus een informatieuitwisseling, 31 293 Primair Onderwijs."},
    /* 6 */
    {"Kamerleden", "Het kamerlid stelde vragen; de Kamerleden stemden over wetsvoorstellen."},
};

/* Files a recorded exact form under its keys in table keys(key, term). */
struct filing {
    sqlite3_stmt *ins;
    struct text_analyzer *a;
    const char *term;
    size_t n;
};

static int file_key(void *ctx, int flags, const char *key, int len, int start, int end)
{
    (void)flags;
    (void)start;
    (void)end;
    struct filing *f = ctx;
    sqlite3_bind_text(f->ins, 1, key, len, SQLITE_TRANSIENT);
    sqlite3_bind_text(f->ins, 2, f->term, (int)f->n, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(f->ins), SQLITE_DONE);
    sqlite3_reset(f->ins);
    return 0;
}

static int file_term(void *ctx, const char *term, size_t n)
{
    struct filing *f = ctx;
    f->term = term;
    f->n = n;
    return text_term_keys(f->a, term, n, file_key, f);
}

static int drained;
static sqlite3 *keys_db; /* the table of keys for bare_match: the last opened */

static int count_term(void *ctx, const char *term, size_t n)
{
    (void)ctx;
    (void)term;
    (void)n;
    drained++;
    return 0;
}

static sqlite3 *open_db(const char *tokenize)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(text_register_fts5(db), SQLITE_OK);
    char sql[200];
    snprintf(sql, sizeof sql, "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='%s');"
             "CREATE TABLE keys(key TEXT, term TEXT, PRIMARY KEY(key, term)) WITHOUT ROWID",
             tokenize);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(text_fts5_record(db, 1), 0);
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db, "INSERT INTO t(rowid, title, body) VALUES (?,?,?)", -1, &st, NULL),
        SQLITE_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        sqlite3_bind_int(st, 1, (int)i + 1);
        sqlite3_bind_text(st, 2, rows[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, rows[i][1], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    struct filing f = {NULL, text_analyzer_new(), NULL, 0};
    assert_int_equal(
        sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO keys VALUES(?1, ?2)", -1, &f.ins, NULL),
        SQLITE_OK);
    assert_int_equal(text_fts5_drain(db, file_term, &f), 0);
    /* drained forms are not passed on twice */
    drained = 0;
    assert_int_equal(text_fts5_drain(db, count_term, NULL), 0);
    assert_int_equal(drained, 0);
    sqlite3_finalize(f.ins);
    text_analyzer_free(f.a);
    assert_int_equal(text_fts5_record(db, 0), 0);
    keys_db = db;
    return db;
}


/* One FTS5 string for a bare word, as search.c writes it: per position of its
 * TEXT_MODE_QUERY_KEY tokens a piece of the forms filed under the key, or the token itself. */
static int bare_piece(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    (void)flags;
    (void)start;
    (void)end;
    struct buf *b = ctx;
    if (b->len > 1)
        buf_addc(b, ' ');
    if (tok[0] != TEXT_KEY_MARK) {
        buf_printf(b, "|%.*s", len, tok);
        return 0;
    }
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(keys_db, "SELECT term FROM keys WHERE key=?1", -1, &st,
                                        NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, tok + 1, len - 1, SQLITE_TRANSIENT);
    int k = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        buf_printf(b, "|=%s", (const char *)sqlite3_column_text(st, 0));
        k++;
    }
    if (!k)
        buf_printf(b, "|=%.*s", len - 1, tok + 1);
    sqlite3_finalize(st);
    return 0;
}

static int bare_match(const char *w, size_t n, struct buf *out)
{
    struct buf t = BUF_INIT;
    int c = text_query_term(w, n, 0, &t); /* a bare word: folded, marks taken out */
    if (c > 0) {
        struct text_analyzer *a = text_analyzer_new();
        struct buf b = BUF_INIT;
        buf_addc(&b, '"');
        text_analyze(a, TEXT_MODE_QUERY_KEY, t.data + 1, t.len - 2, bare_piece, &b);
        buf_addc(&b, '"');
        buf_add(out, b.data, b.len);
        buf_free(&b);
        text_analyzer_free(a);
    }
    buf_free(&t);
    return c;
}

/* Runs MATCH expr and returns the matching rowids as "1,3" (empty: ""). */
static char *match_rows(sqlite3 *db, const char *expr)
{
    sqlite3_stmt *st;
    int rc =
        sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", -1, &st, NULL);
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
    struct buf out = BUF_INIT;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        buf_printf(&out, "%s%lld", out.len ? "," : "", (long long)sqlite3_column_int64(st, 0));
    if (rc != SQLITE_DONE)
        fprintf(stderr, "MATCH %s: %s\n", expr, sqlite3_errmsg(db));
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(st);
    size_t len;
    return buf_detach(&out, &len);
}

/* Tokens joined: '|' before a colocated one, ' ' before the next position. */
static int collect_tok(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    (void)start;
    (void)end;
    struct buf *b = ctx;
    if (b->len)
        buf_addc(b, (flags & TEXT_TOKEN_COLOCATED) ? '|' : ' ');
    buf_add(b, tok, (size_t)len);
    return 0;
}

/* A MATCH expression of the words of `query`: bare words AND-ed; "..." groups become phrases
 * of exact forms (what the search module will do). */
static char *build_match(const char *query)
{
    struct buf out = BUF_INIT;
    const char *p = query;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (*p == '"') {
            const char *e = strchr(p + 1, '"');
            if (!e)
                e = p + strlen(p);
            const char *w = p + 1;
            int first = 1;
            if (out.len)
                buf_adds(&out, " AND ");
            while (w < e) {
                const char *we = w;
                while (we < e && *we != ' ')
                    we++;
                if (we > w) {
                    size_t before = out.len;
                    if (!first)
                        buf_adds(&out, " + ");
                    if (text_query_term(w, (size_t)(we - w), 1, &out) > 0)
                        first = 0;
                    else
                        buf_truncate(&out, before);
                }
                w = we + (we < e);
            }
            p = *e ? e + 1 : e;
        } else {
            const char *e = p;
            while (*e && *e != ' ')
                e++;
            size_t before = out.len;
            if (out.len)
                buf_adds(&out, " AND ");
            if (bare_match(p, (size_t)(e - p), &out) <= 0)
                buf_truncate(&out, before);
            p = e;
        }
    }
    size_t len;
    return buf_detach(&out, &len);
}

static void assert_finds(sqlite3 *db, const char *query, const char *want)
{
    char *expr = build_match(query);
    char *got = match_rows(db, expr);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "query %s → MATCH %s → rows [%s], want [%s]\n", query, expr, got, want);
    assert_string_equal(got, want);
    free(got);
    free(expr);
}

static void test_query_term_strings(void **state)
{
    struct buf b = BUF_INIT;
    assert_int_equal(text_query_term("Moties", 6, 0, &b), 1);
    assert_string_equal(b.data, "\"moties\"");
    buf_reset(&b);
    assert_int_equal(text_query_term("Moties", 6, 1, &b), 1);
    assert_string_equal(b.data, "\"=moties\"");
    buf_reset(&b);
    assert_int_equal(text_query_term("informatie-uitwisseling", 23, 1, &b), 2);
    assert_string_equal(b.data, "\"=informatie =uitwisseling\"");
    buf_reset(&b);
    assert_int_equal(text_query_term("kst-31293-593", 13, 1, &b), 1);
    assert_string_equal(b.data, "\"kst-31293-593\"");
    buf_reset(&b);
    assert_int_equal(text_query_term("a\"b=c", 5, 0, &b), 3);
    assert_string_equal(b.data, "\"a b c\"");
    buf_reset(&b);
    assert_int_equal(text_query_term("\"*-()", 5, 0, &b), 0);
    assert_int_equal(text_query_term("", 0, 1, &b), 0);
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

static void test_end_to_end(void **state)
{
    sqlite3 *db = open_db("kw_dutch");
    assert_finds(db, "moties", "2,3");
    assert_finds(db, "motie", "2,3");
    assert_finds(db, "geinformeerd", "1");
    assert_finds(db, "GEÏNFORMEERD", "1");
    assert_finds(db, "2021D35262", "1");
    assert_finds(db, "2021d35263", "3");
    assert_finds(db, "kst-31293-593", "1");
    assert_finds(db, "31293-593", "1");
    assert_finds(db, "31293", "1,5"); /* row 5: "31 293" as printed in letters */
    assert_finds(db, "F-35", "4");
    assert_finds(db, "F35", "4");
    assert_finds(db, "informatie-uitwisseling", "4,5");
    assert_finds(db, "informatieuitwisseling", "4,5");
    /* compounds (the wdutch word list, installed by scripts/setup.sh): a part finds the word */
    assert_finds(db, "informatie uitwisseling", "4,5");
    assert_finds(db, "uitwisseling", "4,5");
    assert_finds(db, "\"uitwisseling\"", "4"); /* but not as an exact word */
    assert_finds(db, "convenant", "2");          /* Privacyconvenant */
    assert_finds(db, "voorstel", "6");           /* wetsvoorstellen: wet-s-voorstellen */
    assert_finds(db, "kamerleden", "6");
    assert_finds(db, "kamerlid", "6");
    assert_finds(db, "wetsvoorstel", "6");
    assert_finds(db, "toezegging", "3");
    /* phrases match exact forms only */
    assert_finds(db, "\"motie\"", "2");
    assert_finds(db, "\"moties\"", "3");
    assert_finds(db, "\"de motie\"", "2");
    /* stop words are left out of a phrase; the rest stays exact and adjacent */
    assert_finds(db, "\"de moties\"", "3");
    assert_finds(db, "\"uitvoering van de genoemde moties\"", "3");
    assert_finds(db, "\"uitvoering moties\"", "");
    assert_finds(db, "\"van de motie\"", "2");
    assert_finds(db, "\"genoemde moties\"", "3");
    assert_finds(db, "\"Kamerleden\"", "6");
    assert_finds(db, "\"kamerlid stelde\"", "6");
    assert_finds(db, "\"informatie-uitwisseling\"", "4");
    assert_finds(db, "\"F-35\"", "4");
    /* a raw MATCH of a bare word that was not looked up finds the word that is its stem */
    char *got = match_rows(db, "Moties");
    assert_string_equal(got, "2");
    free(got);
    got = match_rows(db, "\"|=motie|=moties\"");
    assert_string_equal(got, "2,3");
    free(got);
    got = match_rows(db, "(\"|=motie\" OR \"|=moties\")");
    assert_string_equal(got, "2,3");
    free(got);
    /* no stems in the index: a stem is no token */
    got = match_rows(db, "\"|motie\"");
    assert_string_equal(got, "");
    free(got);
    /* inside a phrase, a piece of alternatives is one position */
    got = match_rows(db, "\"=genoemde |=motie|=moties\"");
    assert_string_equal(got, "3");
    free(got);
    /* the keys of forms */
    struct text_analyzer *a = text_analyzer_new();
    struct buf b = BUF_INIT;
    static const struct {
        const char *form, *keys;
    } keys[] = {
        {"moties", "motie"},
        {"motie", "motie"},
        {"wetsvoorstellen", "wetsvoorstel|wet|voorstel"},
        {"privacyconvenant", "privacyconvenant|privacy|convenant"},
        {"informatieuitwisseling", "informatieuitwissel|informatie|uitwissel"},
        {"agenda's", "agenda"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        buf_reset(&b);
        assert_int_equal(text_term_keys(a, keys[i].form, strlen(keys[i].form), collect_tok, &b), 0);
        if (strcmp(buf_cstr(&b), keys[i].keys) != 0)
            fprintf(stderr, "keys of %s: %s\n", keys[i].form, buf_cstr(&b));
        assert_string_equal(buf_cstr(&b), keys[i].keys);
    }
    /* the query key of a word and of a word chunk */
    buf_reset(&b);
    assert_int_equal(text_analyze(a, TEXT_MODE_QUERY_KEY, "Moties F-35 informatie-uitwisseling",
                                  35, collect_tok, &b),
                     0);
    assert_string_equal(buf_cstr(&b), "~motie f-35 ~informatieuitwissel");
    buf_free(&b);
    text_analyzer_free(a);
    got = match_rows(db, "body:\"=moties\"");
    assert_string_equal(got, "3");
    free(got);
    /* prefix search on stems */
    got = match_rows(db, "\"digitalis\" *");
    assert_string_equal(got, "1");
    free(got);
    sqlite3_close(db);
}

static void test_snippet_offsets(void **state)
{
    sqlite3 *db = open_db("kw_dutch");
    char *expr = build_match("geinformeerd");
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT highlight(t, 1, '[', ']'), "
                           "snippet(t, 1, '<b>', '</b>', '…', 6) FROM t WHERE t MATCH ?",
                           -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *hl = (const char *)sqlite3_column_text(st, 0);
    assert_non_null(strstr(hl, "keer [geïnformeerd] over"));
    const char *sn = (const char *)sqlite3_column_text(st, 1);
    assert_non_null(strstr(sn, "<b>geïnformeerd</b>"));
    sqlite3_finalize(st);
    free(expr);

    /* identifiers and compounds are highlighted whole, on the original text */
    expr = build_match("kst-31293-593");
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT highlight(t, 1, '[', ']') FROM t WHERE t MATCH ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_non_null(strstr((const char *)sqlite3_column_text(st, 0), "([kst-31293-593])"));
    sqlite3_finalize(st);
    free(expr);
    sqlite3_close(db);
}

static void test_hostile_queries(void **state)
{
    sqlite3 *db = open_db("kw_dutch");
    static const char *const nasty[] = {
        "\"",
        "\"\"",
        "AND",
        "OR NOT",
        "NEAR(",
        "col:x",
        "*",
        "^motie",
        "a + b",
        "(((",
        "=motie",
        "motie\xFF\xFE",
        "'; DROP TABLE t; --",
        "\xE2\x80\x9Cmotie\xE2\x80\x9D",
        "-",
        "x\x01y",
    };
    for (size_t i = 0; i < sizeof nasty / sizeof nasty[0]; i++) {
        for (int exact = 0; exact <= 1; exact++) {
            struct buf b = BUF_INIT;
            if (text_query_term(nasty[i], strlen(nasty[i]), exact, &b) > 0) {
                char *got = match_rows(db, b.data); /* asserts no FTS5 error */
                free(got);
            } else {
                assert_int_equal(b.len, 0);
            }
            buf_free(&b);
        }
    }
    /* bare "=motie" must not become an exact query, nor "|=motie" a verbatim token */
    assert_finds(db, "=moties", "2,3");
    assert_finds(db, "~motie", "2,3");
    assert_finds(db, "|=moties", "2,3");
    assert_finds(db, "|moties", "2,3");
    sqlite3_close(db);
}

static void test_bad_argument(void **state)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(text_register_fts5(db), SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(b, tokenize='kw_dutch bogus')", NULL,
                     NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_term_strings),
        cmocka_unit_test(test_end_to_end),
        cmocka_unit_test(test_snippet_offsets),
        cmocka_unit_test(test_hostile_queries),
        cmocka_unit_test(test_bad_argument),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
