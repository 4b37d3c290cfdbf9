/*
 * The search index end to end on a small hand-made mirror: build, search (ranking, identifiers,
 * filters, snippets, pagination), incremental update, change, deletion, file change and an
 * analyzer-version change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "feed/feed.h"
#include "search/index.h"
#include "search/query.h"
#include "search/search.h"
#include "store/store.h"

#define TK                                                                                     \
    "xmlns=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" "                                     \
    "xmlns:tk=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" "                                  \
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""

#define LETTER "11111111-2222-3333-4444-000000000001"
#define MOTIE "11111111-2222-3333-4444-000000000002"
#define ZAAK "11111111-2222-3333-4444-000000000003"
#define DOSSIER "11111111-2222-3333-4444-000000000004"
#define VERSIE "11111111-2222-3333-4444-000000000005"
#define OMTZIGT "11111111-2222-3333-4444-000000000006"
#define ACTOR "11111111-2222-3333-4444-000000000007"
#define ACT "11111111-2222-3333-4444-000000000008"
#define PUNT "11111111-2222-3333-4444-000000000009"
#define TZ "11111111-2222-3333-4444-00000000000a"
#define GIFT "11111111-2222-3333-4444-00000000000b"

struct fx {
    char dir[64], path[96], files[96];
    struct store *s;
    struct feed_entry_parser *ep;
    struct kw_entity e;
    int64_t token;
};

static struct fx *F;

static void apply(const char *content)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "<entry><title>x</title><updated>2025-02-19T15:23:40Z</updated>"
                   "<link rel=\"next\" href=\"x?category=X&amp;skiptoken=%lld\"/>"
                   "<content type=\"application/xml\">%s</content></entry>",
               (long long)++F->token, content);
    char err[256];
    if (feed_entry_parse(F->ep, NULL, 0, b.data, b.len, &F->e, err, sizeof err))
        fail_msg("parse: %s", err);
    struct store_apply_info info;
    if (store_apply(F->s, &F->e, &info))
        fail_msg("apply: %s", store_errmsg(F->s));
    buf_free(&b);
}

static void write_file(const char *guid, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%.2s", F->files, guid);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/%.2s/%.2s", F->files, guid, guid + 2);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/%.2s/%.2s/%s", F->files, guid, guid + 2, guid);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char letter_text[] =
    "Tweede Kamer der Staten-Generaal\n\nDe voortschrijdende digitalisering in het funderend "
    "onderwijs biedt kansen. Leerlingen moeten over een laptop of tablet kunnen beschikken. "
    "SIVON heeft namens de scholen een DPIA uitgevoerd. Het Privacyconvenant regelt de "
    "verwerking van persoonsgegevens. Ik heb uw Kamer hierover eerder geïnformeerd. <script>x</script>";

static void letter(const char *bijgewerkt, const char *onderwerp)
{
    char x[2048];
    snprintf(x, sizeof x,
             "<document " TK " id=\"" LETTER "\" tk:bijgewerkt=\"%s\" tk:verwijderd=\"false\""
             " tk:contentType=\"text/plain\" tk:contentLength=\"900\">"
             "<soort>Brief regering</soort><documentNummer>2021D35262</documentNummer>"
             "<titel>Primair Onderwijs</titel><onderwerp>%s</onderwerp>"
             "<datum>2021-09-24T00:00:00</datum><volgnummer>593</volgnummer>"
             "<vergaderjaar>2021-2022</vergaderjaar><kamer>2</kamer><organisatie>Tweede Kamer"
             "</organisatie><huidigeDocumentVersie ref=\"" VERSIE "\"/>"
             "<zaak ref=\"" ZAAK "\"/><kamerstukdossier ref=\"" DOSSIER "\"/></document>",
             bijgewerkt, onderwerp);
    apply(x);
}

static void build_mirror(void)
{
    store_begin(F->s);
    apply("<kamerstukdossier " TK " id=\"" DOSSIER "\" tk:bijgewerkt=\"2021-01-01T00:00:00Z\""
          " tk:verwijderd=\"false\"><titel>Primair Onderwijs</titel><nummer>31293</nummer>"
          "</kamerstukdossier>");
    apply("<zaak " TK " id=\"" ZAAK "\" tk:bijgewerkt=\"2021-09-24T10:00:00Z\""
          " tk:verwijderd=\"false\"><nummer>2021Z16384</nummer><soort>Brief regering</soort>"
          "<onderwerp>Digitalisering in het funderend onderwijs</onderwerp>"
          "<gestartOp>2021-09-24T09:00:00</gestartOp><kamerstukdossier ref=\"" DOSSIER "\"/>"
          "</zaak>");
    letter("2021-09-24T12:00:00Z", "Digitalisering in het funderend onderwijs");
    apply("<documentVersie " TK " id=\"" VERSIE "\" tk:bijgewerkt=\"2021-09-24T12:00:00Z\""
          " tk:verwijderd=\"false\"><versienummer>1</versienummer>"
          "<externeidentifier>kst-31293-593</externeidentifier>"
          "<document ref=\"" LETTER "\"/></documentVersie>");
    apply("<persoon " TK " id=\"" OMTZIGT "\" tk:bijgewerkt=\"2020-01-01T00:00:00Z\""
          " tk:verwijderd=\"false\"><achternaam>Omtzigt</achternaam><roepnaam>Pieter</roepnaam>"
          "<initialen>P.H.</initialen></persoon>");
    apply("<document " TK " id=\"" MOTIE "\" tk:bijgewerkt=\"2022-03-01T12:00:00Z\""
          " tk:verwijderd=\"false\"><soort>Motie</soort><documentNummer>2022D01234</documentNummer>"
          "<titel>Stikstofbeleid</titel><onderwerp>Motie van het lid Omtzigt over de"
          " stikstofuitstoot van boeren</onderwerp><datum>2022-03-01T00:00:00</datum></document>");
    apply("<documentActor " TK " id=\"" ACTOR "\" tk:bijgewerkt=\"2022-03-01T12:00:00Z\""
          " tk:verwijderd=\"false\"><actorNaam>P.H. Omtzigt</actorNaam><actorFractie>CDA"
          "</actorFractie><relatie>Eerste ondertekenaar</relatie><document ref=\"" MOTIE "\"/>"
          "<persoon ref=\"" OMTZIGT "\"/></documentActor>");
    apply("<activiteit " TK " id=\"" ACT "\" tk:bijgewerkt=\"2022-05-01T12:00:00Z\""
          " tk:verwijderd=\"false\"><soort>Commissiedebat</soort><nummer>2022A01000</nummer>"
          "<onderwerp>Onderwijsdebat</onderwerp><datum>2022-05-10T10:00:00</datum>"
          "<voortouwafkorting>OCW</voortouwafkorting><voortouwnaam>Vaste commissie voor"
          " Onderwijs, Cultuur en Wetenschap</voortouwnaam></activiteit>");
    apply("<agendapunt " TK " id=\"" PUNT "\" tk:bijgewerkt=\"2022-05-01T12:00:00Z\""
          " tk:verwijderd=\"false\"><onderwerp>Lerarentekort in het voortgezet onderwijs"
          "</onderwerp><volgorde>1</volgorde><activiteit ref=\"" ACT "\"/></agendapunt>");
    apply("<ns1:toezegging xmlns:ns1=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\""
          " id=\"" TZ "\" ns1:bijgewerkt=\"2022-05-11T12:00:00Z\" ns1:verwijderd=\"false\">"
          "<ns1:nummer>TZ202205-001</ns1:nummer><ns1:tekst>De minister stuurt de Kamer voor de"
          " zomer een brief over het lerarentekort.</ns1:tekst><ns1:naam>Wiersma, D.</ns1:naam>"
          "<ns1:aanmaakdatum>2022-05-11T00:00:00</ns1:aanmaakdatum><ns1:status>Openstaand"
          "</ns1:status><ns1:activiteit ref=\"" ACT "\"/></ns1:toezegging>");
    apply("<persoonGeschenk " TK " id=\"" GIFT "\" tk:bijgewerkt=\"2022-06-01T12:00:00Z\""
          " tk:verwijderd=\"false\"><omschrijving>Fles wijn na een werkbezoek</omschrijving>"
          "<datum>2022-06-01</datum><persoon ref=\"" OMTZIGT "\"/></persoonGeschenk>");
    /* 45 zaken about stikstof for the pagination test, one per day */
    for (int i = 0; i < 45; i++) {
        char x[1024];
        snprintf(x, sizeof x,
                 "<zaak " TK " id=\"22222222-2222-3333-4444-%012d\""
                 " tk:bijgewerkt=\"2023-01-01T00:00:00Z\" tk:verwijderd=\"false\">"
                 "<nummer>2023Z%05d</nummer><soort>Motie</soort><onderwerp>Stikstof en"
                 " natuur, deel %d</onderwerp><gestartOp>2023-%02d-%02dT10:00:00</gestartOp>"
                 "</zaak>",
                 i, i, i, 1 + i / 28, 1 + i % 28);
        apply(x);
    }
    assert_int_equal(store_commit(F->s), 0);
}

static int setup(void **state)
{
    F = calloc(1, sizeof *F);
    snprintf(F->dir, sizeof F->dir, "/tmp/kw_test_search_%d", (int)getpid());
    mkdir(F->dir, 0755);
    snprintf(F->path, sizeof F->path, "%s/k.db", F->dir);
    snprintf(F->files, sizeof F->files, "%s/files", F->dir);
    mkdir(F->files, 0755);
    char err[256];
    assert_int_equal(store_open(F->path, 0, &F->s, err, sizeof err), 0);
    F->ep = feed_entry_parser_new();
    kw_entity_init(&F->e);
    build_mirror();
    write_file(LETTER, letter_text);
    *state = F;
    return 0;
}

static int teardown(void **state)
{
    store_close(F->s);
    feed_entry_parser_free(F->ep);
    kw_entity_free(&F->e);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", F->dir);
    if (!getenv("KW_KEEP_TEST_DB") && system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", F->dir);
    free(F);
    return 0;
}

static struct search_index_report run_index(void)
{
    struct search_index_opts o;
    memset(&o, 0, sizeof o);
    o.db_path = F->path;
    o.files_dir = F->files;
    o.threads = 2;
    struct search_index_report r;
    char err[256];
    if (search_index_update(store_db(F->s), &o, &r, err, sizeof err))
        fail_msg("index: %s", err);
    return r;
}

struct found {
    struct search_result r;
    char understood[1024];
};

static void search(const char *text, enum search_sort sort, int limit, const char *cursor,
                   struct found *f)
{
    struct search_query q;
    search_query_parse(&q, text, strlen(text));
    search_query_build(&q);
    snprintf(f->understood, sizeof f->understood, "%s", q.understood);
    struct search_params p = {sort, limit, cursor, 2000, false};
    char err[256];
    if (search_run(store_db(F->s), &q, &p, &f->r, err, sizeof err))
        fail_msg("search %s: %s", text, err);
    search_query_free(&q);
}

/* The id of the first hit ("" when none). */
static void assert_first(const char *text, const char *want)
{
    struct found f;
    search(text, SEARCH_SORT_RELEVANCE, 5, NULL, &f);
    const char *got = f.r.nhits ? f.r.hits[0].id : "";
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "query [%s] (%s): first %s, want %s; total %lld timed_out %d notes %s; hits:",
                text, f.understood, got, want, (long long)f.r.total, f.r.timed_out,
                f.r.notes ? f.r.notes : "-");
        for (size_t i = 0; i < f.r.nhits; i++)
            fprintf(stderr, " %s", f.r.hits[i].id);
        fprintf(stderr, "\n");
    }
    assert_string_equal(got, want);
    search_result_free(&f.r);
}

static int64_t total_of(const char *text)
{
    struct found f;
    search(text, SEARCH_SORT_NEWEST, 5, NULL, &f);
    int64_t n = f.r.total;
    search_result_free(&f.r);
    return n;
}

static void test_build_and_search(void **state)
{
    (void)state;
    struct search_index_report r = run_index();
    assert_int_equal(r.added, 1 + 1 + 2 + 1 + 1 + 1 + 45); /* dossier, zaak, 2 docs, act, tz,
                                                               gift, 45 zaken */
    assert_int_equal(r.text_status[SEARCH_TEXT_OK], 1);
    assert_int_equal(r.text_status[SEARCH_TEXT_MISSING], 1); /* the motie has no file */
    assert_first("digitalisering funderend onderwijs", "2021D35262");
    assert_first("privacyconvenant", "2021D35262");
    assert_first("SIVON", "2021D35262");
    assert_first("geinformeerd", "2021D35262");
    assert_first("\"funderend onderwijs\"", "2021D35262");
    assert_first("2021D35262", "2021D35262");
    assert_first("2021Z16384", "2021Z16384");
    assert_first("31293-593", "2021D35262");
    assert_first("kst-31293-593", "2021D35262");
    assert_first("Kamerstuk 31293, nr. 593", "2021D35262");
    assert_first("31293", "31293");
    assert_first("dossier:31293 laptop", "2021D35262");
    assert_first("motie Omtzigt", "2022D01234");
    assert_first("moties over stikstofuitstoot", "2022D01234");
    assert_first("persoon:omtzigt type:document", "2022D01234");
    assert_first("lerarentekort type:activiteit", "2022A01000");
    assert_first("commissie:OCW type:activiteit", "2022A01000");
    assert_first("commissie:onderwijs lerarentekort type:activiteit", "2022A01000");
    assert_first("lerarentekort type:toezegging", "TZ202205-001");
    assert_first("wijn", GIFT);
    assert_first("stikstof soort:motie van:2022-01-01 tot:2022-12-31", "2022D01234");
    /* hostile input never fails */
    assert_true(total_of("\"unbalanced (NEAR( * : -") >= 0);
    assert_int_equal(total_of("stikstof NOT natuur"), 1);
    assert_int_equal(total_of("-natuur type:zaak"), 1); /* the zaak 2021Z16384 */
    /* snippets are escaped, with marks */
    struct found f;
    search("script privacyconvenant", SEARCH_SORT_RELEVANCE, 5, NULL, &f);
    assert_true(f.r.nhits >= 1);
    assert_non_null(strstr(f.r.hits[0].snippet, "<mark>"));
    assert_null(strstr(f.r.hits[0].snippet, "<script>"));
    assert_non_null(strstr(f.r.hits[0].snippet, "&lt;"));
    search_result_free(&f.r);
}

/* rank of each row of MATCH m under rank function fn, into out[rowid] (rowids 1..7) */
static void ranks(sqlite3 *db, const char *m, const char *fn, double out[8])
{
    for (int i = 0; i < 8; i++)
        out[i] = 0;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid, rank FROM t WHERE t MATCH ?1 AND"
                                            " rank MATCH ?2", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, fn, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        assert_true(id >= 1 && id < 8);
        out[id] = sqlite3_column_double(st, 1);
        assert_true(out[id] < 0);
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(st);
}

static int64_t rows_of(sqlite3 *db, const char *m)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &st,
                                        NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* kw_rank's hints: phrases of one group are one term; known row counts replace the walk. */
static void test_rank_hints(void **state)
{
    (void)state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(search_register(db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(title, meta, body,"
                                      " tokenize='kw_dutch');"
                                      "INSERT INTO t VALUES('motie', '', 'de motie');"
                                      "INSERT INTO t VALUES('', '', 'twee moties en een motie');"
                                      "INSERT INTO t VALUES('', '', 'moties moties moties');"
                                      "INSERT INTO t VALUES('', '', 'iets anders');"
                                      "INSERT INTO t VALUES('', '', 'nog iets anders');"
                                      "INSERT INTO t VALUES('', '', 'de motie van Kwint');"
                                      "INSERT INTO t VALUES('', '', 'anders');",
                                      NULL, NULL, NULL),
                     SQLITE_OK);
    const char *m = "(\"|=moties\" OR \"=motie\")";
    int64_t n0 = rows_of(db, "\"|=moties\""), n1 = rows_of(db, "\"=motie\"");
    assert_int_equal(n0, 2);
    assert_int_equal(n1, 3);
    double counted[8], known[8], wrong[8], apart[8], plain[8];
    ranks(db, m, "kw_rank(10.0, 4.0, 1.0, '0 -1 0 -1')", counted);
    char fn[128];
    snprintf(fn, sizeof fn, "kw_rank(10.0, 4.0, 1.0, '0 %lld 0 %lld')", (long long)n0,
             (long long)n1);
    ranks(db, m, fn, known);
    ranks(db, m, "kw_rank(10.0, 4.0, 1.0, '0 1 0 0')", wrong);
    ranks(db, m, "kw_rank(10.0, 4.0, 1.0, '7 -1 8 -1')", apart);
    ranks(db, m, "kw_rank(10.0, 4.0, 1.0)", plain);
    bool wrong_differs = false, apart_differs = false;
    for (int i = 1; i < 8; i++) {
        assert_true(counted[i] == known[i]); /* the same numbers, counted or told */
        assert_true(apart[i] == plain[i]);   /* separate groups: as without hints */
        if (counted[i] != wrong[i])
            wrong_differs = true;
        if (counted[i] != apart[i])
            apart_differs = true;
    }
    assert_true(wrong_differs); /* the told counts are used */
    assert_true(apart_differs); /* grouping changes the score */
    /* a row with both forms scores as one word with tf 2, not as two words */
    assert_true(counted[2] < 0 && counted[4] == 0);
    /* the wrong number of hints is ignored */
    double odd[8];
    ranks(db, m, "kw_rank(10.0, 4.0, 1.0, '0 1 0')", odd);
    for (int i = 1; i < 8; i++)
        assert_true(odd[i] == plain[i]);
    sqlite3_close(db);
}

/* rank of MATCH m for every row in one statement (one FTS5 cursor ranks them all: no ORDER BY
 * rank, which evaluates the rank again for the output), by rowid (= 1000 * i + 7, i < n) */
static void ranks_all(sqlite3 *db, const char *m, double *out, int n)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid, rank FROM search_fts WHERE search_fts"
                                            " MATCH ?1", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC);
    int got = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t i = (sqlite3_column_int64(st, 0) - 7) / 1000;
        assert_true(i >= 0 && i < n);
        out[i] = sqlite3_column_double(st, 1);
        got++;
    }
    assert_int_equal(got, n);
    sqlite3_finalize(st);
}

/* The same, one statement per row: kw_rank asks FTS5 for the column lengths of that row. */
static void ranks_one_by_one(sqlite3 *db, const char *m, double *out, int n)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rank FROM search_fts WHERE search_fts"
                                            " MATCH ?1 AND rowid=?2", -1, &st, NULL),
                     SQLITE_OK);
    for (int i = 0; i < n; i++) {
        sqlite3_bind_text(st, 1, m, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, 1000 * (int64_t)i + 7);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        out[i] = sqlite3_column_double(st, 0);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
}

/* kw_rank's in-memory column lengths give the scores FTS5's own lengths give, and follow
 * changes to the index even when the totals stay the same. */
static void test_rank_length_cache(void **state)
{
    (void)state;
    char path[] = "/tmp/kw-test-rankcache-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(search_register(db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE search_fts USING fts5(title, meta,"
                                      " body, tokenize='kw_dutch');"
                                      "INSERT INTO search_fts(search_fts, rank)"
                                      " VALUES('rank', 'kw_rank(10.0, 4.0, 1.0)')",
                                      NULL, NULL, NULL),
                     SQLITE_OK);
    enum { N = 700 };
    sqlite3_stmt *ins;
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO search_fts(rowid, title, meta, body)"
                                            " VALUES(?1, ?2, '', ?3)", -1, &ins, NULL),
                     SQLITE_OK);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (int i = 0; i < N; i++) {
        char body[2048] = "motie";
        for (int k = 0; k < i % 37; k++)
            strcat(body, " stikstof boeren");
        sqlite3_bind_int64(ins, 1, 1000 * (int64_t)i + 7);
        sqlite3_bind_text(ins, 2, i % 5 ? "brief" : "motie over stikstof", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, body, -1, SQLITE_TRANSIENT);
        assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    static double all[N], one[N];
    for (int round = 0; round < 2; round++) {
        ranks_all(db, "motie", all, N);
        ranks_one_by_one(db, "motie", one, N);
        for (int i = 0; i < N; i++)
            assert_true(all[i] == one[i]);
        /* the bodies of rows 400 and 430 (ranked after the first RANK_CACHE_AFTER rows, so
         * from the cache) change places: row count and totals stay, only lengths move */
        assert_int_equal(sqlite3_exec(db, "CREATE TEMP TABLE IF NOT EXISTS sw(b);"
                                          "DELETE FROM sw;"
                                          "INSERT INTO sw SELECT body FROM search_fts"
                                          " WHERE rowid=400007;"
                                          "UPDATE search_fts SET body=(SELECT body FROM"
                                          " search_fts WHERE rowid=430007) WHERE rowid=400007;"
                                          "UPDATE search_fts SET body=(SELECT b FROM sw)"
                                          " WHERE rowid=430007",
                                          NULL, NULL, NULL),
                         SQLITE_OK);
        double swapped[N];
        ranks_one_by_one(db, "motie", swapped, N);
        assert_true(swapped[400] != one[400]);
    }
    sqlite3_close(db);
    unlink(path);
}

static void test_pagination(void **state)
{
    (void)state;
    run_index();
    enum search_sort sorts[] = {SEARCH_SORT_NEWEST, SEARCH_SORT_OLDEST, SEARCH_SORT_RELEVANCE};
    for (size_t s = 0; s < 3; s++) {
        char *cursor = NULL;
        int64_t seen[100];
        int n = 0, pages = 0;
        char prev_date[16] = "";
        do {
            struct found f;
            search("stikstof natuur", sorts[s], 20, cursor, &f);
            assert_int_equal(f.r.total, 45);
            for (size_t i = 0; i < f.r.nhits; i++) {
                for (int k = 0; k < n; k++)
                    assert_true(seen[k] != f.r.hits[i].rid);
                assert_true(n < 100);
                seen[n++] = f.r.hits[i].rid;
                const char *d = f.r.hits[i].date;
                if (sorts[s] == SEARCH_SORT_NEWEST && prev_date[0])
                    assert_true(strcmp(d, prev_date) <= 0);
                if (sorts[s] == SEARCH_SORT_OLDEST && prev_date[0])
                    assert_true(strcmp(d, prev_date) >= 0);
                snprintf(prev_date, sizeof prev_date, "%s", d);
            }
            free(cursor);
            cursor = f.r.next ? strdup(f.r.next) : NULL;
            search_result_free(&f.r);
            pages++;
        } while (cursor && pages < 10);
        assert_int_equal(n, 45);
        assert_int_equal(pages, 3);
    }
    /* a cursor of another query restarts, with a note */
    struct found f;
    search("stikstof natuur", SEARCH_SORT_NEWEST, 20, NULL, &f);
    char *c = strdup(f.r.next);
    search_result_free(&f.r);
    search("onderwijs", SEARCH_SORT_NEWEST, 20, c, &f);
    assert_non_null(f.r.notes);
    search_result_free(&f.r);
    search("stikstof natuur", SEARCH_SORT_NEWEST, 20, "garbage!!", &f);
    assert_int_equal(f.r.nhits, 20);
    search_result_free(&f.r);
    free(c);
}

/* Relevance without filters looks up the types (for the prior) of only the candidates that can
 * reach the page, and counts with facets — and ranks — in one walk; a filter that every object
 * passes takes the joins and its own ranking statement. Every page, count and facet must be the
 * same. */
static void test_relevance_lazy_types(void **state)
{
    (void)state;
    run_index();
    const char *all = " type:document type:zaak type:activiteit type:toezegging type:verslag"
                      " type:geschenk type:dossier";
    const char *queries[] = {"onderwijs", "digitalisering onderwijs", "stikstof natuur"};
    int types_seen = 0;
    for (size_t qi = 0; qi < sizeof queries / sizeof queries[0]; qi++) {
        char q2[400];
        snprintf(q2, sizeof q2, "%s%s", queries[qi], all);
        char *c1 = NULL, *c2 = NULL;
        int pages = 0;
        do {
            struct found a, b;
            search(queries[qi], SEARCH_SORT_RELEVANCE, 1, c1, &a);
            search(q2, SEARCH_SORT_RELEVANCE, 1, c2, &b);
            assert_int_equal(a.r.nhits, b.r.nhits);
            /* the count and the facets: one walk over the matches (no filters) or the join */
            assert_int_equal(a.r.total, b.r.total);
            assert_true(a.r.total_exact && b.r.total_exact);
            const struct search_facets *fa[] = {&a.r.types, &a.r.soorten, &a.r.years},
                                       *fb[] = {&b.r.types, &b.r.soorten, &b.r.years};
            for (int k = 0; k < 3; k++) {
                assert_int_equal(fa[k]->n, fb[k]->n);
                for (size_t i = 0; i < fa[k]->n; i++) {
                    assert_string_equal(fa[k]->v[i].value, fb[k]->v[i].value);
                    assert_int_equal(fa[k]->v[i].count, fb[k]->v[i].count);
                }
            }
            assert_true(a.r.types.n > 0);
            for (size_t i = 0; i < a.r.nhits; i++) {
                assert_int_equal(a.r.hits[i].rid, b.r.hits[i].rid);
                types_seen |= 1 << a.r.hits[i].type;
            }
            free(c1);
            free(c2);
            c1 = a.r.next ? strdup(a.r.next) : NULL;
            c2 = b.r.next ? strdup(b.r.next) : NULL;
            assert_true((c1 == NULL) == (c2 == NULL));
            search_result_free(&a.r);
            search_result_free(&b.r);
            pages++;
        } while (c1 && pages < 60);
        free(c1);
        free(c2);
        assert_true(pages >= 2);
    }
    assert_true(types_seen & (types_seen - 1)); /* more than one type: the prior matters */
}

/* The facet counts of the one walk, from SQL and then from the connection's in-memory copy of
 * type and soort (loaded after enough look-ups), equal those of the join; after a change to
 * search_doc the copy is not used until it is loaded again. */
static void soort_counts(const char *q, const char *soort, int64_t *n)
{
    struct found f;
    search(q, SEARCH_SORT_RELEVANCE, 20, NULL, &f);
    *n = 0;
    for (size_t i = 0; i < f.r.soorten.n; i++)
        if (!strcmp(f.r.soorten.v[i].value, soort))
            *n = f.r.soorten.v[i].count;
    assert_true(f.r.types.n > 0);
    search_result_free(&f.r);
}

static void test_doccache_facets(void **state)
{
    (void)state;
    run_index();
    const char *q = "stikstof natuur";
    const char *all = "stikstof natuur type:document type:zaak type:activiteit"
                      " type:toezegging type:verslag type:geschenk type:dossier";
    int64_t walk, join;
    for (int round = 0; round < 150; round++) { /* 45 look-ups each: the copy gets loaded */
        soort_counts(q, "Motie", &walk);
        soort_counts(all, "Motie", &join);
        assert_int_equal(walk, join);
    }
    assert_int_equal(walk, 45);
    assert_int_equal(sqlite3_exec(store_db(F->s), "UPDATE search_doc SET soort='Brief' WHERE rid IN"
                                                  " (SELECT rid FROM search_doc WHERE"
                                                  " soort='Motie' ORDER BY rid LIMIT 10)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    int64_t brief_walk, brief_join;
    soort_counts(q, "Motie", &walk);
    soort_counts(all, "Motie", &join);
    soort_counts(q, "Brief", &brief_walk);
    soort_counts(all, "Brief", &brief_join);
    assert_int_equal(walk, join);
    assert_int_equal(brief_walk, brief_join);
    assert_true(brief_walk > 0);
    assert_int_equal(walk + brief_walk, 45);
}

static void test_incremental(void **state)
{
    (void)state;
    run_index();
    struct search_index_report r = run_index();
    assert_int_equal(r.added + r.updated + r.deleted, 0);
    assert_true(r.unchanged > 50);

    /* a metadata change re-indexes the object */
    store_begin(F->s);
    letter("2021-10-01T12:00:00Z", "Onderwijsdigitalisering en tablets");
    store_commit(F->s);
    r = run_index();
    assert_int_equal(r.updated, 1);
    assert_int_equal(r.added + r.deleted, 0);
    assert_first("tablets", "2021D35262");
    assert_int_equal(total_of("\"funderend onderwijs\" type:document"), 1); /* still in text */
    assert_int_equal(total_of("onderwijsdigitalisering"), 1);

    /* the file changes: re-extracted */
    write_file(LETTER, "Een geheel nieuwe tekst over zeewierboerderijen en nog wat meer.");
    r = run_index();
    assert_int_equal(r.updated, 1);
    assert_int_equal(total_of("zeewierboerderijen"), 1);
    assert_int_equal(total_of("privacyconvenant"), 0);
    /* a form new to the index is filed under its key in the same run: its inflection and its
     * compound part find it; the exact form of the other inflection does not */
    assert_int_equal(total_of("zeewierboerderij"), 1);
    assert_int_equal(total_of("boerderij"), 1);
    assert_int_equal(total_of("\"zeewierboerderij\""), 0);

    /* a deleted object leaves the index */
    store_begin(F->s);
    apply("<document " TK " id=\"" MOTIE "\" tk:bijgewerkt=\"2022-04-01T12:00:00Z\""
          " tk:verwijderd=\"true\"/>");
    store_commit(F->s);
    r = run_index();
    assert_int_equal(r.deleted, 1);
    assert_int_equal(total_of("2022D01234"), 0);

    /* a different analyzer rebuilds from the stored text */
    sqlite3_exec(store_db(F->s), "UPDATE search_meta SET value='kw_dutch/0' WHERE key='analyzer'",
                 NULL, NULL, NULL);
    r = run_index();
    assert_true(r.analyzer_rebuilt);
    assert_int_equal(r.added + r.updated, 0);
    assert_int_equal(total_of("zeewierboerderijen"), 1);
    assert_int_equal(total_of("zeewierboerderij"), 1); /* the keys were filed again */
    assert_int_equal(total_of("boerderij"), 1);
    assert_first("2021D35262", "2021D35262");

    struct search_index_status st;
    char err[256];
    assert_int_equal(search_index_status(store_db(F->s), &st, err, sizeof err), 0);
    assert_true(st.present);
    assert_true(st.analyzer_current);
    assert_true(st.objects[0] > 50);
    assert_true(st.raw_bytes > 0);
}


/* The snippet of the first hit of text. */
static char *first_snippet(const char *text)
{
    struct found f;
    search(text, SEARCH_SORT_RELEVANCE, 5, NULL, &f);
    char *s = strdup(f.r.nhits && f.r.hits[0].snippet ? f.r.hits[0].snippet : "");
    search_result_free(&f.r);
    return s;
}

static void test_snippets(void **state)
{
    (void)state;
    /* a mark early in a long text; the words of a phrase side by side share one mark */
    struct buf t = BUF_INIT;
    buf_adds(&t, "Over het funderend onderwijs en de zeewierboerderijen. ");
    for (int i = 0; i < 20000; i++)
        buf_adds(&t, "vulwoord ");
    buf_adds(&t, "Ten slotte de kokkelvisserij in de Waddenzee. ");
    for (int i = 0; i < 100; i++)
        buf_adds(&t, "slotwoord ");
    write_file(LETTER, buf_cstr(&t));
    buf_free(&t);
    run_index();
    char *s = first_snippet("zeewierboerderij");
    assert_non_null(strstr(s, "<mark>zeewierboerderijen</mark>"));
    assert_non_null(strstr(s, "…")); /* the text goes on */
    free(s);
    s = first_snippet("\"funderend onderwijs\"");
    assert_non_null(strstr(s, "<mark>funderend onderwijs</mark>"));
    free(s);
    /* a word only there is not marked: the excluded one */
    s = first_snippet("zeewierboerderij -kabeljauw");
    assert_non_null(strstr(s, "<mark>zeewierboerderijen</mark>"));
    free(s);
    /* the only mark lies beyond the part of the text read (180 KB in): still found and marked */
    s = first_snippet("kokkelvisserij");
    if (!strstr(s, "<mark>kokkelvisserij</mark>"))
        fprintf(stderr, "snippet: %s\n", s);
    assert_non_null(strstr(s, "<mark>kokkelvisserij</mark>"));
    assert_non_null(strstr(s, "Waddenzee"));
    free(s);
}

/* Filters checked for one object, as saved searches do for a batch of new items. */
static int accepts(const char *text, const char *guid)
{
    struct search_query q;
    memset(&q, 0, sizeof q);
    search_query_parse(&q, text, strlen(text));
    search_query_build(&q);
    int rc = search_query_accepts(store_db(F->s), &q, guid);
    search_query_free(&q);
    return rc;
}

static void test_filters_accept(void **state)
{
    (void)state;
    run_index();
    assert_int_equal(accepts("stikstof", MOTIE), 1); /* no filters */
    assert_int_equal(accepts("stikstof soort:motie", MOTIE), 1);
    assert_int_equal(accepts("stikstof soort:moties", MOTIE), 1);
    assert_int_equal(accepts("digitalisering soort:motie", ZAAK), 0); /* a Brief regering */
    assert_int_equal(accepts("x type:toezegging", TZ), 1);
    assert_int_equal(accepts("x type:toezegging", MOTIE), 0);
    assert_int_equal(accepts("x van:2022-01-01 tot:2022-12-31", MOTIE), 1);
    assert_int_equal(accepts("x van:2023-01-01", MOTIE), 0);
    assert_int_equal(accepts("x persoon:omtzigt", MOTIE), 1);
    assert_int_equal(accepts("x persoon:omtzigt", LETTER), 0);
    assert_int_equal(accepts("x dossier:31293", LETTER), 1);
    assert_int_equal(accepts("x soort:motie", "99999999-9999-4999-8999-999999999999"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_build_and_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pagination, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relevance_lazy_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_doccache_facets, setup, teardown),
        cmocka_unit_test(test_rank_hints),
        cmocka_unit_test(test_rank_length_cache),
        cmocka_unit_test_setup_teardown(test_incremental, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snippets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters_accept, setup, teardown),
    };
    if (getenv("KW_TEST_FILTER"))
        cmocka_set_test_filter(getenv("KW_TEST_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
