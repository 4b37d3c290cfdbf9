/*
 * End-to-end tests of the kw_dutch FTS5 tokenizer with MATCH terms from text_query_term().
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

static sqlite3 *open_db(const char *tokenize)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(text_register_fts5(db), SQLITE_OK);
    char sql[200];
    snprintf(sql, sizeof sql, "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='%s')",
             tokenize);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
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
    return db;
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
            if (text_query_term(p, (size_t)(e - p), 0, &out) <= 0)
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

/* Tokens joined: '|' before a colocated one, ' ' before the next position. */
static int collect(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    (void)start;
    (void)end;
    struct buf *b = ctx;
    if (b->len)
        buf_addc(b, (flags & TEXT_TOKEN_COLOCATED) ? '|' : ' ');
    buf_add(b, tok, (size_t)len);
    return 0;
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
    /* a raw MATCH without text_query_term still works for bare words */
    char *got = match_rows(db, "Moties");
    assert_string_equal(got, "2,3");
    free(got);
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
    /* bare "=motie" must not become an exact query, nor "~motie" a lone stem */
    assert_finds(db, "=moties", "2,3");
    assert_finds(db, "~motie", "2,3");
    sqlite3_close(db);
}

/* "~w": the stem token alone. ("~w" OR "=s") finds what the bare word (stem plus "=" + stem
 * synonym) finds: search.c writes bare words that way. */
static void test_stem_only_pieces(void **state)
{
    (void)state;
    sqlite3 *db = open_db("kw_dutch");
    char *got = match_rows(db, "\"~motie\""); /* only row 3's "moties" has the stem token */
    assert_string_equal(got, "3");
    free(got);
    got = match_rows(db, "\"=motie\"");
    assert_string_equal(got, "2");
    free(got);
    got = match_rows(db, "(\"~moties\" OR \"=motie\")");
    assert_string_equal(got, "2,3");
    free(got);
    got = match_rows(db, "\"motie\"");
    assert_string_equal(got, "2,3");
    free(got);
    /* with a prefix the mark is no stem request: the piece is folded, '~' a separator */
    got = match_rows(db, "\"~digitalis\" *");
    assert_string_equal(got, "1");
    free(got);
    /* the query tokens as FTS5 sees them */
    struct text_analyzer *a = text_analyzer_new();
    struct buf b = BUF_INIT;
    assert_int_equal(text_query_tokens(a, "moties", 6, 0, collect, &b), 0);
    assert_string_equal(buf_cstr(&b), "motie|=motie");
    buf_reset(&b);
    assert_int_equal(text_query_tokens(a, "~moties", 7, 0, collect, &b), 0);
    assert_string_equal(buf_cstr(&b), "motie");

    buf_reset(&b);
    assert_int_equal(text_query_tokens(a, "motie", 5, 0, collect, &b), 0);
    assert_string_equal(buf_cstr(&b), "motie|=motie");
    buf_reset(&b);
    assert_int_equal(text_query_tokens(a, "~motie", 6, 0, collect, &b), 0);
    assert_string_equal(buf_cstr(&b), "motie");
    buf_reset(&b);
    assert_int_equal(text_query_tokens(a, "=moties", 7, 0, collect, &b), 0);
    assert_string_equal(buf_cstr(&b), "=moties");
    buf_free(&b);
    text_analyzer_free(a);
    sqlite3_close(db);
}

static void test_bad_argument_and_stems_only(void **state)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(text_register_fts5(db), SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(b, tokenize='kw_dutch bogus')", NULL,
                     NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    db = open_db("kw_dutch stems_only");
    assert_finds(db, "moties", "2,3");
    assert_finds(db, "\"moties\"", ""); /* no exact forms in this index */
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_term_strings),
        cmocka_unit_test(test_end_to_end),
        cmocka_unit_test(test_snippet_offsets),
        cmocka_unit_test(test_hostile_queries),
        cmocka_unit_test(test_stem_only_pieces),
        cmocka_unit_test(test_bad_argument_and_stems_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
