/*
 * The query language: parser and MATCH builder on many typed inputs, and a fuzz loop (fixed
 * seed) of hostile inputs whose MATCH strings must all run in FTS5 without an error.
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

#include "search/index.h"
#include "search/query.h"

struct qcase {
    const char *input;
    const char *match;      /* exact MATCH string, or NULL: not checked */
    const char *understood; /* a fragment of understood, or NULL */
};

static const struct qcase cases[] = {
    {"stikstof", "\"stikstof\"", "stikstof"},
    /* common names of official ones: kamervragen are Schriftelijke vragen */
    {"kamervragen jeugdzorg", "((\"kamervragen\" OR \"=schriftelijke =vragen\") AND \"jeugdzorg\")",
     "kamervragen: ook \"schriftelijke vragen\""},
    {"\"kamervragen\" jeugdzorg", "(\"=kamervragen\" AND \"jeugdzorg\")", NULL},
    {"-kamerbrief stikstof", "(\"stikstof\") NOT (\"kamerbrief\")", NULL},
    {"Moties", "\"moties\"", NULL},
    {"moties over stikstof", "(\"moties\" AND \"stikstof\")", "genegeerd (te algemeen, niet geïndexeerd): over"},
    {"digitalisering onderwijs",
     "((\"digitalisering\" AND \"onderwijs\") OR \"digitaliseringonderwijs\")", NULL},
    {"\"funderend onderwijs\"", "\"=funderend =onderwijs\"", "\"funderend onderwijs\""},
    {"\"funderend onderwijs", "\"=funderend =onderwijs\"", "aanhalingsteken"},
    {"\xe2\x80\x9c" "funderend onderwijs" "\xe2\x80\x9d", "\"=funderend =onderwijs\"", NULL},
    {"\xe2\x80\x9e" "funderend onderwijs" "\xe2\x80\x9d", "\"=funderend =onderwijs\"", NULL},
    {"'funderend onderwijs'", "\"=funderend =onderwijs\"", NULL},
    {"geïnformeerd", "\"geinformeerd\"", NULL},
    {"F-35", "\"f-35\"", NULL},
    {"2021D35262", "\"2021d35262\"", "herkend: 2021d35262 (document)"},
    {"2021z16384", "\"2021z16384\"", "(zaak)"},
    {"31293-593", "\"31293-593\"", "herkend: 31293-593"},
    {"kst-31293-593", "\"kst-31293-593\"", "herkend: kst-31293-593"},
    {"Kamerstuk 31293, nr. 593", "\"31293-593\"", "Kamerstukverwijzing"},
    {"Kamerstukken II 2021/22, 31293, nr. 593", "\"31293-593\"", NULL},
    {"kamerstuk 31293", "\"31293\"", "herkend: 31293 (dossier)"},
    {"stikstof OR ammoniak", "(\"stikstof\" OR \"ammoniak\")", NULL},
    {"stikstof or ammoniak", "(\"stikstof\" OR \"ammoniak\")", "'or' gelezen als OF"},
    {"stikstof OF ammoniak", "(\"stikstof\" OR \"ammoniak\")", NULL},
    {"stikstof of ammoniak", "(\"stikstof\" AND \"ammoniak\")", "genegeerd (te algemeen, niet geïndexeerd): of"},
    {"stikstof NOT boeren", "(\"stikstof\") NOT (\"boeren\")", "NIET boeren"},
    {"stikstof not boeren", "(\"stikstof\") NOT (\"boeren\")", "'not' gelezen als NIET"},
    {"stikstof -boeren", "(\"stikstof\") NOT (\"boeren\")", NULL},
    {"stikstof -\"grote boeren\"", "(\"stikstof\") NOT (\"=grote =boeren\")", NULL},
    {"(NOT boeren) stikstof", "(\"stikstof\") NOT (\"boeren\")", NULL},
    {"NEAR(privacy leerlingen, 5)", "NEAR(\"privacy\" \"leerlingen\", 5)", "NABIJ"},
    {"near(privacy leerlingen)", "NEAR(\"privacy\" \"leerlingen\", 10)", NULL},
    {"onderw*", "\"onderw\" *", NULL},
    {"on*", "\"on\"", "te kort"},
    {"(stikstof OR ammoniak) boeren",
     "((\"stikstof\" OR \"ammoniak\") AND \"boeren\")", NULL},
    {"soort:motie stikstof", "\"stikstof\"", "soort: \"motie\""},
    {"soort: \"Brief regering\"", "", "soort: \"brief regering\""},
    {"van:2021 tot:2021-06 stikstof", "\"stikstof\"", "tot en met 2021-06-30"},
    {"van:2021-13-45 stikstof", "\"stikstof\"", "niet begrepen"},
    {"type:zaken stikstof", "\"stikstof\"", "type: zaak"},
    {"type:foo stikstof", "\"stikstof\"", "onbekend type"},
    {"NOT stikstof", "", "alles NIET stikstof"},
    {"", "", "geen zoekwoorden"},
    /* stop words: left out of bare words and phrases alike, and said so */
    {"\"minister van onderwijs\"", "\"=minister =onderwijs\"", "niet geïndexeerd): van"},
    {"de het", "", "geen zoekwoorden: de nieuwste stukken) · genegeerd (te algemeen, niet geïndexeerd): de, het"},
    {"\"van de\"", "", "niet geïndexeerd): van, de"},
    {"van* motie", "(\"van\" * AND \"motie\")", NULL},
    {"*", "", "los '*'"},
    {"\"", "", NULL},
    {":", NULL, NULL},
    {"((((a", "\"a\"", "ontbrekend ')'"},
    {"a))) b", NULL, "losse ')'"},
    {"AND", "", NULL},
    {"stikstof AND", "\"stikstof\"", "aan het eind"},
    {"OR stikstof", "\"stikstof\"", NULL},
    {"de het een", "", "genegeerd (te algemeen, niet geïndexeerd): de, het, een"},
    {"x\xff\xfey", NULL, "ongeldige tekens"},
    {"'; DROP TABLE search_doc; --", NULL, NULL},
};

static sqlite3 *fts_db(void)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(search_register(db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE VIRTUAL TABLE t USING fts5(title, meta, body,"
                                  " tokenize='kw_dutch');"
                                  "INSERT INTO t VALUES('Digitalisering in het funderend"
                                  " onderwijs', 'Brief regering 2021D35262 kst-31293-593',"
                                  " 'De stikstof en ammoniak van boeren; privacy van leerlingen."
                                  " F-35.');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    return db;
}

/* Runs a MATCH (and the ranked form) and fails on any error. */
static void assert_runs(sqlite3 *db, const char *match, const char *input)
{
    if (!match || !*match)
        return;
    const char *sqls[] = {"SELECT rowid FROM t WHERE t MATCH ?1",
                          "SELECT rowid, kw_rank(t, 10.0, 4.0, 1.0),"
                          " snippet(t, -1, '[', ']', '…', 10) FROM t WHERE t MATCH ?1"};
    for (size_t k = 0; k < 2; k++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, sqls[k], -1, &st, NULL), SQLITE_OK);
        sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE)
            fail_msg("input [%s] MATCH [%s]: %s", input, match, sqlite3_errmsg(db));
        sqlite3_finalize(st);
    }
}

static void test_cases(void **state)
{
    (void)state;
    sqlite3 *db = fts_db();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct qcase *c = &cases[i];
        struct search_query q;
        search_query_parse(&q, c->input, strlen(c->input));
        search_query_build(&q);
        if (c->match && strcmp(q.match, c->match) != 0)
            fail_msg("[%s]: match [%s], want [%s]", c->input, q.match, c->match);
        if (c->understood && !strstr(q.understood, c->understood))
            fail_msg("[%s]: understood [%s] lacks [%s]", c->input, q.understood, c->understood);
        assert_runs(db, q.match, c->input);
        assert_runs(db, q.wide_match, c->input);
        assert_runs(db, q.neg_match, c->input);
        assert_runs(db, q.loose_match, c->input);
        search_query_free(&q);
    }
    sqlite3_close(db);
}

static void test_filters_and_idents(void **state)
{
    (void)state;
    struct search_query q;
    const char *in = "commissie:\"Onderwijs, Cultuur\" fractie:VVD persoon:Omtzigt dossier:\"31 293\" "
                     "zaak:2021Z16384 soort:moties type:document type:zaak jaar:2021 2021D35262";
    search_query_parse(&q, in, strlen(in));
    assert_int_equal(search_query_add_filter(&q, "soort", "Motie"), 0);
    assert_int_equal(search_query_add_filter(&q, "nope", "x"), -1);
    search_query_build(&q);
    assert_int_equal(q.nfilters, 7);
    assert_string_equal(q.filters[0].value, "onderwijs, cultuur");
    assert_string_equal(q.filters[1].value, "vvd");
    assert_string_equal(q.filters[2].value, "omtzigt");
    assert_string_equal(q.filters[3].value, "31293");
    assert_int_equal(q.type_mask, (1u << SEARCH_T_DOCUMENT) | (1u << SEARCH_T_ZAAK));
    assert_true(q.van_day != INT64_MIN && q.tot_day - q.van_day == 364);
    assert_int_equal(q.nidents, 1);
    assert_string_equal(q.idents[0], "2021d35262");
    assert_true(q.ident_only);
    search_query_free(&q);

    search_query_parse(&q, "2021D35262 privacy", 18);
    search_query_build(&q);
    assert_false(q.ident_only);
    assert_int_equal(q.nidents, 1);
    search_query_free(&q);

    search_query_parse(&q, "-2021D35262 privacy", 19);
    search_query_build(&q);
    assert_int_equal(q.nidents, 0); /* an excluded identifier is not put first */
    search_query_free(&q);
}

static void test_limits(void **state)
{
    (void)state;
    char big[10240];
    for (size_t i = 0; i < sizeof big - 1; i++)
        big[i] = "abc def (\"x NOT OR -y* NEAR( "[i % 29];
    big[sizeof big - 1] = '\0';
    struct search_query q;
    search_query_parse(&q, big, strlen(big));
    search_query_build(&q);
    assert_true(strlen(q.input) <= SEARCH_MAX_INPUT);
    assert_true(q.nterms <= SEARCH_MAX_TERMS);
    assert_non_null(strstr(q.understood, "ingekort"));
    sqlite3 *db = fts_db();
    assert_runs(db, q.match, "big");
    sqlite3_close(db);
    search_query_free(&q);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)rng_state;
}

static void test_fuzz(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "\"", "(", ")", "*", ":", "-", "+", "NEAR(", "NEAR", ",", "5", "OR", "or", "AND", "NOT",
        "not", "OF", "EN", "NIET", "||", "&&", "|", "'", "\xe2\x80\x9c", "\xe2\x80\x9d", "=",
        "^", "{", "}", "[", "]", "stikstof", "F-35", "31293-593", "kst-31293-593", "2021D35262",
        "soort:", "van:", "tot:2021", "type:", "dossier:", "motie", "de", "\xc3\xaf", "\xff",
        "\xe2\x80", "\x01", " ", " ", " ", "onderw*", "col:x", "title:", "'s-Gravenhage",
        "Kamerstuk 31293, nr. 593", "NEAR(a b, x)", "\\", ";", "DROP", "%", "_", "\t",
    };
    size_t npieces = sizeof pieces / sizeof pieces[0];
    sqlite3 *db = fts_db();
    char in[2048];
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = 0;
        if (iter % 5 == 0) { /* raw random bytes */
            size_t len = rnd() % 64;
            for (size_t i = 0; i < len; i++)
                in[n++] = (char)(rnd() & 0xFF);
        } else {
            int k = 1 + (int)(rnd() % 12);
            for (int i = 0; i < k; i++) {
                const char *p = pieces[rnd() % npieces];
                size_t l = strlen(p);
                if (n + l + 1 >= sizeof in)
                    break;
                memcpy(in + n, p, l);
                n += l;
                if (rnd() % 2)
                    in[n++] = ' ';
            }
        }
        struct search_query q;
        search_query_parse(&q, in, n);
        search_query_add_filter(&q, "van", rnd() % 2 ? "2021" : "x");
        search_query_build(&q);
        assert_non_null(q.match);
        assert_non_null(q.understood);
        assert_runs(db, q.match, "fuzz");
        assert_runs(db, q.wide_match, "fuzz");
        assert_runs(db, q.neg_match, "fuzz");
        assert_runs(db, q.loose_match, "fuzz");
        search_query_free(&q);
    }
    sqlite3_close(db);
}

/* The fallback when no hit has all the words: the same pieces joined by OR. */
static void test_loose(void **state)
{
    (void)state;
    static const char *const lc[][2] = {
        {"minister gezegd stikstof", "(\"minister\" OR \"gezegd\" OR \"stikstof\")"},
        {"stikstof woningen", "(\"stikstof\" OR \"woningen\")"}, /* not "stikstofwoningen" */
        {"\"x y\" z -w", "(\"=x =y\" OR \"z\") NOT (\"w\")"},
        {"stikstof", NULL},   /* one word: nothing to loosen */
        {"a b OR c", NULL},   /* the user chose the operators */
        {"a (b OR c)", "(\"a\" OR (\"b\" OR \"c\"))"},
    };
    for (size_t i = 0; i < sizeof lc / sizeof lc[0]; i++) {
        struct search_query q;
        search_query_parse(&q, lc[i][0], strlen(lc[i][0]));
        search_query_build(&q);
        if (lc[i][1] ? !q.loose_match || strcmp(q.loose_match, lc[i][1]) != 0
                        : q.loose_match != NULL)
            fail_msg("[%s]: loose [%s], want [%s]", lc[i][0],
                     q.loose_match ? q.loose_match : "(none)", lc[i][1] ? lc[i][1] : "(none)");
        search_query_free(&q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_filters_and_idents),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_fuzz),
        cmocka_unit_test(test_loose),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
