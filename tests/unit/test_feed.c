/* Unit tests of the feed reader: hand-written entries in the real serialisations (default
 * namespace, ns1 prefix, xsi:nil, tombstones, placeholders, unknown elements, nested fields),
 * one generated entry for every category of the model, and pages pushed in arbitrary pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "feed/feed.h"

#define ROOT                                                                                      \
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" " \
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
#define TK                                                                                        \
    "xmlns=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" "                                        \
    "xmlns:tk=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" "                                     \
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
#define ENTRY_HEAD(guid, term, token)                                                             \
    "<entry><title>" guid "</title>"                                                              \
    "<id>https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0/Entiteiten/" guid "</id>"           \
    "<author><name>Tweede Kamer der Staten-Generaal</name></author>"                              \
    "<updated>2023-08-29T11:23:19Z</updated><category term=\"" term "\"/>"                        \
    "<link rel=\"next\" href=\"https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0/"             \
    "Feed?category=X&amp;skiptoken=" token "\"/>"

static const char fractie[] =
    ENTRY_HEAD("62c1a13c-85ff-40ed-90f7-a9546d61f869", "fractie", "16662060")
    "<link rel=\"enclosure\" href=\"https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0/"
    "Resources/62c1a13c-85ff-40ed-90f7-a9546d61f869\"/>"
    "<content type=\"application/xml\"><fractie " TK
    " id=\"62c1a13c-85ff-40ed-90f7-a9546d61f869\" tk:bijgewerkt=\"2023-08-29T11:09:50Z\""
    " tk:verwijderd=\"false\" tk:contentType=\"image/jpeg\" tk:contentLength=\"5362\">"
    "<nummer>2752</nummer><afkorting>CDA</afkorting>"
    "<naamNl>Christen-Democratisch Appèl</naamNl><naamEn>Christian Democratic Appeal</naamEn>"
    "<aantalZetels>14</aantalZetels><aantalStemmen>990601</aantalStemmen>"
    "<datumActief>1980-10-11</datumActief><datumInactief xsi:nil=\"true\"/>"
    "</fractie></content></entry>";

static const char verslag_ns1[] =
    ENTRY_HEAD("8176b1f5-b5a8-46f1-9d2c-5e66fd14604f", "verslag", "21000007")
    "<content type=\"application/xml\">"
    "<ns1:verslag xmlns:ns1=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\""
    " id=\"8176b1f5-b5a8-46f1-9d2c-5e66fd14604f\""
    " ns1:bijgewerkt=\"2024-04-09T20:08:55.5222825+02:00\" ns1:verwijderd=\"false\""
    " ns1:contentType=\"text/xml\" ns1:contentLength=\"92511\">"
    "<ns1:vergadering ref=\"7b123e97-8255-4ac9-adb8-da471891ebca\"/>"
    "<ns1:soort>Voorpublicatie</ns1:soort><ns1:status>Casco</ns1:status>"
    "</ns1:verslag></content></entry>";

static const char toezegging_tomb[] =
    ENTRY_HEAD("0a0b0c0d-0000-4000-8000-00000000000a", "toezegging", "21000009")
    "<content type=\"application/xml\">"
    "<ns1:toezegging xmlns:ns1=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\""
    " id=\"0a0b0c0d-0000-4000-8000-00000000000a\" ns1:bijgewerkt=\"2024-04-09T20:08:55+02:00\""
    " ns1:verwijderd=\"true\"/></content></entry>";

static const char document_tomb[] =
    ENTRY_HEAD("9cbb13d7-e636-4b7f-8f5d-cb3a14896d38", "document", "21000011")
    "<content type=\"application/xml\"><document " TK
    " id=\"9cbb13d7-e636-4b7f-8f5d-cb3a14896d38\" tk:bijgewerkt=\"2025-06-12T10:55:28.783Z\""
    " tk:verwijderd=\"True\"/></content></entry>";

static const char persoon_placeholder[] =
    ENTRY_HEAD("16ed90a7-0000-4000-8000-000000000001", "persoon", "21000013")
    "<content type=\"application/xml\"><persoon " TK
    " id=\"16ed90a7-0000-4000-8000-000000000001\" tk:bijgewerkt=\"2019-08-12T12:56:35.4070000\""
    " tk:verwijderd=\"false\"/></content></entry>";

static const char besluit_unknown[] =
    ENTRY_HEAD("6cf2853e-594e-415c-8026-ee18c38d9c4b", "besluit", "23884120")
    "<content type=\"application/xml\"><besluit " TK
    " id=\"6cf2853e-594e-415c-8026-ee18c38d9c4b\" tk:bijgewerkt=\"2025-10-02T22:04:30.527Z\""
    " tk:verwijderd=\"false\">"
    "<agendapunt ref=\"81238dd0-31dc-42c7-bf98-1e0156bb695e\"/>"
    "<stemmingsSoort>Met handopsteken</stemmingsSoort>"
    "<besluitSoort>Stemmen - verworpen</besluitSoort><besluitTekst>Verworpen.</besluitTekst>"
    "<opmerking xsi:nil=\"true\"/><nieuwVeld>iets</nieuwVeld><status>Besluit</status>"
    "<agendapuntZaakBesluitVolgorde>1</agendapuntZaakBesluitVolgorde>"
    "<zaak ref=\"50fc1cbd-318f-481f-948d-9326fcdb7151\"/>"
    "<zaak ref=\"50FC1CBD-318F-481F-948D-9326FCDB7152\"/>"
    "</besluit></content></entry>";

static const char nevenfunctie[] =
    ENTRY_HEAD("aaaaaaaa-0000-4000-8000-000000000002", "persoonNevenfunctie", "21000015")
    "<content type=\"application/xml\"><persoonNevenfunctie " TK
    " id=\"aaaaaaaa-0000-4000-8000-000000000002\" tk:bijgewerkt=\"2023-01-01T10:00:00Z\""
    " tk:verwijderd=\"false\"><persoon ref=\"16ed90a7-0000-4000-8000-000000000001\"/>"
    "<omschrijving>Voorzitter stichting &amp; vereniging &lt;b&gt;</omschrijving>"
    "<periode><van>2019-05</van><totEnMet xsi:nil=\"true\"/></periode>"
    "<vergoeding><soort>Onbezoldigd</soort><toelichting/></vergoeding>"
    "<isActief>true</isActief><gewicht>3</gewicht></persoonNevenfunctie></content></entry>";

static const char malformed[] =
    ENTRY_HEAD("bbbbbbbb-0000-4000-8000-000000000003", "zaak", "21000017")
    "<content type=\"application/xml\"><zaak " TK
    " id=\"bbbbbbbb-0000-4000-8000-000000000003\" tk:bijgewerkt=\"2023-01-01T10:00:00Z\""
    " tk:verwijderd=\"false\"><onderwerp>Kosten & baten</onderwerp></zaak></content></entry>";

struct parsed {
    struct feed_entry_parser *ep;
    struct kw_entity e;
    char err[256];
};

static int setup(void **state)
{
    struct parsed *p = calloc(1, sizeof *p);
    p->ep = feed_entry_parser_new();
    kw_entity_init(&p->e);
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    struct parsed *p = *state;
    feed_entry_parser_free(p->ep);
    kw_entity_free(&p->e);
    free(p);
    return 0;
}

static int parse(struct parsed *p, const char *xml)
{
    return feed_entry_parse(p->ep, ROOT, strlen(ROOT), xml, strlen(xml), &p->e, p->err,
                            sizeof p->err);
}

static const char *field(struct parsed *p, const char *name)
{
    struct kw_member m = kw_member_lookup(p->e.type, name, strlen(name));
    assert_true(m.field >= 0);
    struct kw_value *v = &p->e.fields[m.field];
    if (v->state == KW_ABSENT)
        return "<absent>";
    if (v->state == KW_NIL)
        return "<nil>";
    return kw_entity_text(&p->e, v);
}

static void test_fractie_default_namespace(void **state)
{
    struct parsed *p = *state;
    assert_int_equal(parse(p, fractie), 0);
    assert_string_equal(p->e.type->category, "Fractie");
    assert_string_equal(p->e.id, "62c1a13c-85ff-40ed-90f7-a9546d61f869");
    assert_int_equal(p->e.skiptoken, 16662060);
    assert_false(p->e.deleted);
    assert_false(p->e.placeholder);
    assert_int_equal(p->e.content_length, 5362);
    assert_string_equal(kw_entity_text(&p->e, &p->e.content_type), "image/jpeg");
    assert_non_null(strstr(kw_entity_text(&p->e, &p->e.enclosure), "/Resources/62c1a13c"));
    assert_string_equal(kw_entity_text(&p->e, &p->e.bijgewerkt), "2023-08-29T11:09:50Z");
    assert_string_equal(kw_entity_text(&p->e, &p->e.updated), "2023-08-29T11:23:19Z");
    assert_string_equal(field(p, "naamNl"), "Christen-Democratisch Appèl");
    assert_string_equal(field(p, "aantalZetels"), "14");
    assert_string_equal(field(p, "datumInactief"), "<nil>");
    assert_int_equal(p->e.unknown, 0);
}

static void test_verslag_ns1(void **state)
{
    struct parsed *p = *state;
    assert_int_equal(parse(p, verslag_ns1), 0);
    assert_string_equal(p->e.type->category, "Verslag");
    assert_string_equal(field(p, "soort"), "Voorpublicatie");
    assert_string_equal(field(p, "status"), "Casco");
    assert_int_equal(p->e.content_length, 92511);
    assert_int_equal(p->e.nrefs, 1);
    assert_string_equal(p->e.refs[0].guid, "7b123e97-8255-4ac9-adb8-da471891ebca");
    assert_string_equal(kw_entity_text(&p->e, &p->e.bijgewerkt),
                        "2024-04-09T20:08:55.5222825+02:00");
}

static void test_tombstones(void **state)
{
    struct parsed *p = *state;
    assert_int_equal(parse(p, toezegging_tomb), 0);
    assert_string_equal(p->e.type->category, "Toezegging");
    assert_true(p->e.deleted);
    assert_false(p->e.placeholder);
    assert_int_equal(parse(p, document_tomb), 0);
    assert_string_equal(p->e.type->category, "Document");
    assert_true(p->e.deleted); /* "True" counts as true */
    assert_int_equal(p->e.nrefs, 0);
}

static void test_placeholder(void **state)
{
    struct parsed *p = *state;
    assert_int_equal(parse(p, persoon_placeholder), 0);
    assert_string_equal(p->e.type->category, "Persoon");
    assert_true(p->e.placeholder);
    assert_false(p->e.deleted);
    assert_string_equal(field(p, "achternaam"), "<absent>");
}

static void test_unknown_elements_and_multi_refs(void **state)
{
    struct parsed *p = *state;
    assert_int_equal(parse(p, besluit_unknown), 0);
    assert_int_equal(p->e.unknown, 1);
    assert_string_equal(p->e.first_unknown, "nieuwVeld");
    assert_string_equal(field(p, "opmerking"), "<nil>");
    assert_string_equal(field(p, "status"), "Besluit");
    assert_int_equal(p->e.nrefs, 3);
    /* upper-case GUIDs are normalised */
    assert_string_equal(p->e.refs[2].guid, "50fc1cbd-318f-481f-948d-9326fcdb7152");
}

static void test_nested_fields(void **state)
{
    struct parsed *p = *state;
    assert_int_equal(parse(p, nevenfunctie), 0);
    assert_string_equal(field(p, "omschrijving"), "Voorzitter stichting & vereniging <b>");
    assert_string_equal(field(p, "periode/van"), "2019-05");
    assert_string_equal(field(p, "periode/totEnMet"), "<nil>");
    assert_string_equal(field(p, "vergoeding/soort"), "Onbezoldigd");
    assert_string_equal(field(p, "vergoeding/toelichting"), "");
    assert_string_equal(field(p, "isActief"), "true");
    assert_int_equal(p->e.unknown, 0);
}

static void test_malformed(void **state)
{
    struct parsed *p = *state;
    assert_int_equal(parse(p, malformed), -1);
    assert_non_null(strstr(p->err, "malformed XML"));
    const char *no_guid = "<entry><title>nope</title><content><zaak " TK
                          " tk:verwijderd=\"false\"/></content></entry>";
    assert_int_equal(parse(p, no_guid), -1);
    assert_non_null(strstr(p->err, "GUID"));
    const char *unknown_type =
        "<entry><title>bbbbbbbb-0000-4000-8000-000000000003</title><content><kabinet " TK
        " id=\"bbbbbbbb-0000-4000-8000-000000000003\"/></content></entry>";
    assert_int_equal(parse(p, unknown_type), -1);
    assert_non_null(strstr(p->err, "unknown entity element"));
    const char *no_content = "<entry><title>bbbbbbbb-0000-4000-8000-000000000003</title></entry>";
    assert_int_equal(parse(p, no_content), -1);
}

/* Builds an entry of type t with every field and reference of the model filled in. */
static void build_full_entry(struct buf *b, const struct kw_type *t, int n)
{
    const char *pfx = t->ns1 ? "ns1:" : "";
    buf_printf(b, "<entry><title>00000000-0000-4000-8000-%012d</title>", n);
    buf_printf(b, "<link rel=\"next\" href=\"x/Feed?category=%s&amp;skiptoken=%d\"/>",
               t->category, 1000 + n);
    buf_adds(b, "<content type=\"application/xml\">");
    if (t->ns1)
        buf_printf(b, "<ns1:%s xmlns:ns1=\"" KW_NS_TKDATA "\" xmlns:xsi=\"" KW_NS_XSI "\"",
                   t->element);
    else
        buf_printf(b, "<%s " TK, t->element);
    buf_printf(b, " id=\"00000000-0000-4000-8000-%012d\" %sbijgewerkt=\"2024-01-01T10:00:00Z\""
                  " %sverwijderd=\"false\">",
               n, t->ns1 ? "ns1:" : "tk:", t->ns1 ? "ns1:" : "tk:");
    for (size_t r = 0; r < t->nrefs; r++)
        buf_printf(b, "<%s%s ref=\"11111111-0000-4000-8000-%012zu\"/>", pfx, t->refs[r].xml, r);
    for (size_t f = 0; f < t->nfields; f++) {
        const char *x = t->fields[f].xml;
        const char *slash = strchr(x, '/');
        if (slash)
            buf_printf(b, "<%s%.*s><%s%s>v%zu</%s%s></%s%.*s>", pfx, (int)(slash - x), x, pfx,
                       slash + 1, f, pfx, slash + 1, pfx, (int)(slash - x), x);
        else
            buf_printf(b, "<%s%s>v%zu</%s%s>", pfx, x, f, pfx, x);
    }
    buf_printf(b, "</%s%s></content></entry>", pfx, t->element);
}

static void test_every_category(void **state)
{
    struct parsed *p = *state;
    assert_int_equal(kw_ntypes, 37);
    for (size_t i = 0; i < kw_ntypes; i++) {
        const struct kw_type *t = &kw_types[i];
        assert_true(t->nfields <= KW_MAX_FIELDS);
        struct buf b = BUF_INIT;
        build_full_entry(&b, t, (int)i);
        if (parse(p, buf_cstr(&b)) != 0)
            fail_msg("%s: %s", t->category, p->err);
        assert_ptr_equal(p->e.type, t);
        assert_int_equal(p->e.skiptoken, 1000 + (int)i);
        assert_int_equal(p->e.unknown, 0);
        assert_int_equal(p->e.nrefs, t->nrefs);
        for (size_t f = 0; f < t->nfields; f++) {
            char want[32];
            snprintf(want, sizeof want, "v%zu", f);
            assert_string_equal(kw_entity_text(&p->e, &p->e.fields[f]), want);
        }
        buf_free(&b);
    }
}

/* --- pages --- */

struct page_seen {
    int good, bad;
    char ids[16][40];
    char bad_error[256];
    int64_t bad_token;
};

static int on_entity(void *ctx, struct kw_entity *e)
{
    struct page_seen *s = ctx;
    snprintf(s->ids[s->good++ % 16], 40, "%s", e->id);
    return 0;
}

static int on_bad(void *ctx, const char *raw, size_t len, const char *guid, int64_t skiptoken,
                  const char *error)
{
    struct page_seen *s = ctx;
    s->bad++;
    s->bad_token = skiptoken;
    snprintf(s->bad_error, sizeof s->bad_error, "%s", error);
    assert_string_equal(guid, "bbbbbbbb-0000-4000-8000-000000000003");
    assert_true(len > 0 && strncmp(raw, "<entry", 6) == 0);
    return 0;
}

static void make_page(struct buf *b, bool complete)
{
    buf_adds(b, "<?xml version=\"1.0\"?>\n" ROOT "<title>Gegevensmagazijn SyncFeed</title>"
                "<link rel=\"self\" href=\"x/Feed?category=X\"/>"
                "<link rel=\"next\" href=\"x/Feed?category=X&amp;skiptoken=23884120\"/>"
                "<updated>2019-08-29T18:37:46.0616108+02:00</updated>"
                "<author><name>Tweede Kamer der Staten-Generaal</name></author>"
                "<rights>Het is gebruikers toegestaan ...</rights>\n");
    const char *entries[] = {fractie,       verslag_ns1, toezegging_tomb,
                             document_tomb, malformed,   persoon_placeholder,
                             besluit_unknown};
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        buf_adds(b, entries[i]);
        buf_addc(b, '\n');
    }
    if (complete)
        buf_adds(b, "</feed>\n");
}

static void run_page(const struct buf *b, size_t chunk, struct page_seen *seen,
                     struct feed_page_result *res, int *rc, char *err)
{
    struct feed_page *pg = feed_page_new();
    struct feed_page_cb cb = {on_entity, on_bad, seen};
    memset(seen, 0, sizeof *seen);
    feed_page_begin(pg, &cb);
    for (size_t off = 0; off < b->len; off += chunk) {
        size_t n = b->len - off < chunk ? b->len - off : chunk;
        assert_int_equal(feed_page_push(pg, b->data + off, n), 0);
    }
    *rc = feed_page_end(pg, res, err, 256);
    feed_page_free(pg);
}

static void test_page_any_chunking(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    make_page(&b, true);
    size_t chunks[] = {1, 2, 3, 7, 64, 1000, 1 << 20};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        struct page_seen seen;
        struct feed_page_result res;
        int rc;
        char err[256];
        run_page(&b, chunks[i], &seen, &res, &rc, err);
        assert_int_equal(rc, 0);
        assert_int_equal(res.entries, 7);
        assert_int_equal(res.bad, 1);
        assert_int_equal(seen.good, 6);
        assert_int_equal(seen.bad, 1);
        assert_int_equal(seen.bad_token, 21000017);
        assert_non_null(strstr(seen.bad_error, "malformed"));
        assert_string_equal(seen.ids[0], "62c1a13c-85ff-40ed-90f7-a9546d61f869");
        assert_int_equal(res.max_skiptoken, 23884120);
        assert_int_equal(res.next_skiptoken, 23884120);
        assert_int_equal(res.resume_skiptoken, -1);
    }
    buf_free(&b);
}

static void test_page_cut_short(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    make_page(&b, true);
    /* Cut inside the last entry, and after it but before </feed>. */
    size_t cuts[] = {b.len - 200, b.len - 4};
    for (size_t i = 0; i < 2; i++) {
        struct buf c = BUF_INIT;
        buf_add(&c, b.data, cuts[i]);
        struct page_seen seen;
        struct feed_page_result res;
        int rc;
        char err[256];
        run_page(&c, 100, &seen, &res, &rc, err);
        assert_int_equal(rc, -1);
        assert_non_null(strstr(err, "cut short"));
        buf_free(&c);
    }
    buf_free(&b);
}

static void test_page_errors(void **state)
{
    (void)state;
    const char *bodies[] = {"<Error><Message>An error has occurred.</Message></Error>",
                            "<html><body>502 Bad Gateway</body></html>", ""};
    for (size_t i = 0; i < 3; i++) {
        struct buf b = BUF_INIT;
        buf_adds(&b, bodies[i]);
        struct page_seen seen;
        struct feed_page_result res;
        int rc;
        char err[256];
        run_page(&b, 10, &seen, &res, &rc, err);
        assert_int_equal(rc, -1);
        buf_free(&b);
    }
    /* An empty, complete feed with a resume link is fine. */
    struct buf b = BUF_INIT;
    buf_adds(&b, ROOT "<title>t</title><link rel=\"resume\" href=\"x/Feed?skiptoken=5426068\"/>"
                      "</feed>");
    struct page_seen seen;
    struct feed_page_result res;
    int rc;
    char err[256];
    run_page(&b, 5, &seen, &res, &rc, err);
    assert_int_equal(rc, 0);
    assert_int_equal(res.entries, 0);
    assert_int_equal(res.resume_skiptoken, 5426068);
    assert_int_equal(res.next_skiptoken, -1);
    buf_free(&b);
}

static void test_href_skiptoken(void **state)
{
    (void)state;
    const char *a = "https://x/SyncFeed/2.0/Feed?category=Persoon&skiptoken=11902974";
    assert_int_equal(feed_href_skiptoken(a, strlen(a)), 11902974);
    const char *b = "https://x/Feed?skiptoken=12&category=Zaak";
    assert_int_equal(feed_href_skiptoken(b, strlen(b)), 12);
    const char *c = "https://x/Feed?category=Zaak&myskiptoken=12";
    assert_int_equal(feed_href_skiptoken(c, strlen(c)), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fractie_default_namespace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verslag_ns1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tombstones, setup, teardown),
        cmocka_unit_test_setup_teardown(test_placeholder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_elements_and_multi_refs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_category, setup, teardown),
        cmocka_unit_test(test_page_any_chunking),
        cmocka_unit_test(test_page_cut_short),
        cmocka_unit_test(test_page_errors),
        cmocka_unit_test(test_href_skiptoken),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
