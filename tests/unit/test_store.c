/* Unit tests of the store: upsert and reference replacement, tombstones, typed values,
 * quarantine, state, reopening. Entities are read by the real feed parser from XML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "feed/feed.h"
#include "store/store.h"

#define TK                                                                                        \
    "xmlns=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" "                                        \
    "xmlns:tk=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" "                                     \
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
#define DOC_ID "3ccf529a-1e25-49d3-81a8-c60621884b39"
#define ZAAK_A "0006f304-7f6f-45f7-923e-9975c29d77c6"
#define ZAAK_B "0006f304-7f6f-45f7-923e-9975c29d77c7"
#define KSD "7eb61ff4-c6c3-476f-8123-fd5394fd0e1a"
#define VERSIE "4d36edbd-2607-4568-8920-b96cdffbed8f"

struct fx {
    char path[64];
    struct store *s;
    struct feed_entry_parser *ep;
    struct kw_entity e;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/kw_test_store_%d.db", (int)getpid());
    unlink(f->path);
    char err[256];
    assert_int_equal(store_open(f->path, 0, &f->s, err, sizeof err), 0);
    f->ep = feed_entry_parser_new();
    kw_entity_init(&f->e);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->s);
    feed_entry_parser_free(f->ep);
    kw_entity_free(&f->e);
    char p[96];
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

static void apply(struct fx *f, const char *content, int64_t token, enum store_outcome want)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "<entry><title>x</title><updated>2025-02-19T15:23:40Z</updated>"
                   "<link rel=\"next\" href=\"x?category=X&amp;skiptoken=%lld\"/>"
                   "<content type=\"application/xml\">%s</content></entry>",
               (long long)token, content);
    char err[256];
    if (feed_entry_parse(f->ep, NULL, 0, b.data, b.len, &f->e, err, sizeof err))
        fail_msg("parse: %s", err);
    struct store_apply_info info;
    if (store_apply(f->s, &f->e, &info))
        fail_msg("apply: %s", store_errmsg(f->s));
    assert_int_equal(info.outcome, want);
    buf_free(&b);
}

static int64_t count(struct fx *f, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(store_db(f->s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static const char *text(struct fx *f, const char *sql)
{
    static char out[256];
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(store_db(f->s), sql, -1, &st, NULL), SQLITE_OK);
    out[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(out, sizeof out, "%s", t ? (const char *)t : "<null>");
    }
    sqlite3_finalize(st);
    return out;
}

static const char doc_v1[] =
    "<document " TK " id=\"" DOC_ID "\" tk:bijgewerkt=\"2025-02-19T15:23:02.563Z\""
    " tk:verwijderd=\"false\" tk:contentType=\"application/pdf\" tk:contentLength=\"21998\">"
    "<huidigeDocumentVersie ref=\"" VERSIE "\"/><kamerstukdossier ref=\"" KSD "\"/>"
    "<soort>Motie (gewijzigd/nader)</soort><documentNummer>2025D06779</documentNummer>"
    "<titel>Vreemdelingenbeleid</titel><onderwerp>Gewijzigde motie van het lid Podt</onderwerp>"
    "<datum>2025-02-18T00:00:00</datum><volgnummer>3384</volgnummer>"
    "<vergaderjaar>2024-2025</vergaderjaar><kamer>2</kamer><citeertitel xsi:nil=\"true\"/>"
    "<zaak ref=\"" ZAAK_A "\"/><zaak ref=\"" ZAAK_B "\"/></document>";

/* The same document later: one zaak dropped, the dossier dropped, a bad integer. */
static const char doc_v2[] =
    "<document " TK " id=\"" DOC_ID "\" tk:bijgewerkt=\"2025-03-01T10:00:00Z\""
    " tk:verwijderd=\"false\" tk:contentType=\"application/pdf\" tk:contentLength=\"22000\">"
    "<soort>Motie (gewijzigd/nader)</soort><documentNummer>2025D06779</documentNummer>"
    "<onderwerp>Nieuw onderwerp</onderwerp><datum>2025-02-18T00:00:00</datum>"
    "<volgnummer>drie</volgnummer><zaak ref=\"" ZAAK_B "\"/></document>";

static const char doc_tomb[] = "<document " TK " id=\"" DOC_ID "\""
                               " tk:bijgewerkt=\"2025-06-12T10:55:28.783Z\" tk:verwijderd=\"true\"/>";

static void test_upsert_replaces_references(void **state)
{
    struct fx *f = *state;
    assert_int_equal(store_begin(f->s), 0);
    apply(f, doc_v1, 22461307, STORE_CREATED);
    assert_int_equal(count(f, "SELECT count(*) FROM Document_zaak WHERE src='" DOC_ID "'"), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM Document_kamerstukdossier"), 1);
    assert_string_equal(text(f, "SELECT huidigeDocumentVersie_id FROM Document"), VERSIE);
    /* naive local midnight in winter is 23:00 UTC the day before */
    assert_string_equal(text(f, "SELECT datum FROM Document"), "2025-02-17T23:00:00Z");
    assert_string_equal(text(f, "SELECT bijgewerkt FROM Document"), "2025-02-19T15:23:02Z");
    assert_int_equal(count(f, "SELECT volgnummer FROM Document"), 3384);
    assert_int_equal(count(f, "SELECT kamer FROM Document"), 2);
    assert_string_equal(text(f, "SELECT citeertitel FROM Document"), "<null>");
    assert_int_equal(count(f, "SELECT content_length FROM Document"), 21998);
    int64_t rid = count(f, "SELECT rid FROM Document");

    apply(f, doc_v2, 22500000, STORE_UPDATED);
    assert_int_equal(count(f, "SELECT count(*) FROM Document"), 1);
    assert_int_equal(count(f, "SELECT rid FROM Document"), rid); /* stable for the FTS index */
    assert_int_equal(count(f, "SELECT count(*) FROM Document_zaak"), 1);
    assert_string_equal(text(f, "SELECT dst FROM Document_zaak"), ZAAK_B);
    assert_int_equal(count(f, "SELECT count(*) FROM Document_kamerstukdossier"), 0);
    assert_string_equal(text(f, "SELECT huidigeDocumentVersie_id FROM Document"), "<null>");
    assert_string_equal(text(f, "SELECT titel FROM Document"), "<null>");
    assert_string_equal(text(f, "SELECT onderwerp FROM Document"), "Nieuw onderwerp");
    assert_int_equal(count(f, "SELECT skiptoken FROM Document"), 22500000);
    /* the bad integer is NULL in the table and kept in field_error */
    assert_string_equal(text(f, "SELECT volgnummer FROM Document"), "<null>");
    assert_string_equal(text(f, "SELECT value FROM field_error WHERE field='volgnummer'"), "drie");
    assert_int_equal(store_commit(f->s), 0);
}

static void test_tombstone_and_revival(void **state)
{
    struct fx *f = *state;
    assert_int_equal(store_begin(f->s), 0);
    apply(f, doc_v1, 1, STORE_CREATED);
    apply(f, doc_tomb, 2, STORE_DELETED);
    assert_int_equal(count(f, "SELECT count(*) FROM Document"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM Document_zaak"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM Document_kamerstukdossier"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM tombstone WHERE category='Document'"), 1);
    /* a tombstone of something never seen is still remembered */
    apply(f,
          "<ns1:verslag xmlns:ns1=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\""
          " id=\"8176b1f5-b5a8-46f1-9d2c-5e66fd14604f\" ns1:verwijderd=\"true\"/>",
          3, STORE_DELETED_UNKNOWN);
    assert_int_equal(count(f, "SELECT count(*) FROM tombstone"), 2);
    /* the same GUID coming back is live again and no longer counted as deleted */
    apply(f, doc_v1, 4, STORE_CREATED);
    assert_int_equal(count(f, "SELECT count(*) FROM tombstone WHERE category='Document'"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM Document_zaak"), 2);
    assert_int_equal(store_commit(f->s), 0);
    struct store_counts c;
    assert_int_equal(store_counts(f->s, "Document", &c), 0);
    assert_int_equal(c.live, 1);
    assert_int_equal(c.deleted, 0);
    assert_int_equal(store_counts(f->s, "Verslag", &c), 0);
    assert_int_equal(c.deleted, 1);
}

static void test_placeholder_and_unknown_refs(void **state)
{
    struct fx *f = *state;
    assert_int_equal(store_begin(f->s), 0);
    apply(f, "<persoon " TK " id=\"16ed90a7-0000-4000-8000-000000000001\" tk:verwijderd=\"false\"/>",
          5, STORE_CREATED);
    assert_int_equal(count(f, "SELECT placeholder FROM Persoon"), 1);
    apply(f,
          "<stemming " TK " id=\"5c3ec1b8-c901-491d-be6f-b30c12449fb8\" tk:verwijderd=\"false\">"
          "<besluit ref=\"6cf2853e-594e-415c-8026-ee18c38d9c4b\"/><soort>Tegen</soort>"
          "<fractieGrootte>8</fractieGrootte><vergissing>False</vergissing></stemming>",
          6, STORE_CREATED);
    assert_string_equal(text(f, "SELECT besluit_id FROM Stemming"),
                        "6cf2853e-594e-415c-8026-ee18c38d9c4b");
    assert_int_equal(count(f, "SELECT vergissing FROM Stemming"), 0);
    assert_int_equal(store_commit(f->s), 0);
    struct store_counts c;
    assert_int_equal(store_counts(f->s, "Persoon", &c), 0);
    assert_int_equal(c.live, 1);
    assert_int_equal(c.placeholders, 1);
}

static void test_rollback_and_state(void **state)
{
    struct fx *f = *state;
    struct store_state st;
    assert_int_equal(store_get_state(f->s, "Document", &st), 0);
    assert_int_equal(st.skiptoken, -1);
    assert_int_equal(store_begin(f->s), 0);
    apply(f, doc_v1, 7, STORE_CREATED);
    assert_int_equal(store_set_state(f->s, "Document", 7), 0);
    assert_int_equal(store_rollback(f->s), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM Document"), 0);
    assert_int_equal(store_get_state(f->s, "Document", &st), 0);
    assert_int_equal(st.skiptoken, -1);
    assert_int_equal(store_begin(f->s), 0);
    apply(f, doc_v1, 7, STORE_CREATED);
    assert_int_equal(store_set_state(f->s, "Document", 7), 0);
    assert_int_equal(store_commit(f->s), 0);
    assert_int_equal(store_get_state(f->s, "Document", &st), 0);
    assert_int_equal(st.skiptoken, 7);
    assert_true(st.synced_at[0] != '\0');
    assert_int_equal(store_set_error(f->s, "Zaak", "HTTP 500"), 0);
    struct store_counts c;
    assert_int_equal(store_counts(f->s, "Zaak", &c), 0);
    assert_string_equal(c.last_error, "HTTP 500");
}

static void test_quarantine(void **state)
{
    struct fx *f = *state;
    assert_int_equal(store_begin(f->s), 0);
    const char raw[] = "<entry><title>" DOC_ID "</title>& broken</entry>";
    assert_int_equal(store_quarantine(f->s, "Document", 9, DOC_ID, "malformed XML", raw,
                                      sizeof raw - 1),
                     0);
    /* idempotent when the same page is read again */
    assert_int_equal(store_quarantine(f->s, "Document", 9, DOC_ID, "malformed XML", raw,
                                      sizeof raw - 1),
                     0);
    assert_int_equal(count(f, "SELECT count(*) FROM quarantine"), 1);
    /* a readable version of the same entity resolves it */
    apply(f, doc_v1, 10, STORE_CREATED);
    assert_int_equal(count(f, "SELECT count(*) FROM quarantine"), 0);
    assert_int_equal(store_commit(f->s), 0);
}

static void test_reopen_and_readonly(void **state)
{
    struct fx *f = *state;
    assert_int_equal(store_begin(f->s), 0);
    apply(f, doc_v1, 11, STORE_CREATED);
    assert_int_equal(store_commit(f->s), 0);
    store_close(f->s);
    char err[256];
    assert_int_equal(store_open(f->path, 0, &f->s, err, sizeof err), 0);
    struct store *ro;
    assert_int_equal(store_open(f->path, STORE_READONLY, &ro, err, sizeof err), 0);
    struct store_counts c;
    assert_int_equal(store_counts(ro, "Document", &c), 0);
    assert_int_equal(c.live, 1);
    store_close(ro);
    assert_int_equal(store_open("/tmp/kw-no-such-dir/x.db", STORE_READONLY, &ro, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "cannot open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_upsert_replaces_references, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tombstone_and_revival, setup, teardown),
        cmocka_unit_test_setup_teardown(test_placeholder_and_unknown_refs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_and_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quarantine, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_and_readonly, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
