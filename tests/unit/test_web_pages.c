/* Unit tests of the website pages, without a socket: a store is filled through the real feed
 * parser and store_apply() with hostile values (markup, quotes, broken UTF-8), and every
 * page is rendered through site_handle() and checked in each of its formats: HTML escaped
 * and valid UTF-8, JSON parseable with the values intact, Atom well-formed XML, iCal with
 * CRLF lines, UID and SEQUENCE. Also the content of the document page, vote tallies,
 * redirects of old links and error pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sqlite3.h>

#include "feed/feed.h"
#include "store/store.h"
#include "web/http.h"
#include "web/site.h"
#include "web/site_int.h"

#define TK                                                                                        \
    "xmlns=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" "                                        \
    "xmlns:tk=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" "                                     \
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
#define LIVE " tk:bijgewerkt=\"2025-02-19T15:23:02Z\" tk:verwijderd=\"false\""
#define G_DOC "00000000-0000-4000-8000-00000000d001"
#define G_BIJ "00000000-0000-4000-8000-00000000d002"
#define G_VER "00000000-0000-4000-8000-00000000f001"
#define G_ACT "00000000-0000-4000-8000-00000000a001"
#define G_ZAAK "00000000-0000-4000-8000-00000000e001"
#define G_KSD "00000000-0000-4000-8000-00000000c001"
#define G_BES "00000000-0000-4000-8000-00000000b001"
#define G_AP "00000000-0000-4000-8000-00000000b002"
#define G_ACTIV "00000000-0000-4000-8000-00000000b003"
#define G_PER "00000000-0000-4000-8000-00000000b004"
#define G_ST1 "00000000-0000-4000-8000-00000000b005"
#define G_ST2 "00000000-0000-4000-8000-00000000b006"
#define G_ZA "00000000-0000-4000-8000-00000000b007"
#define G_VQ "00000000-0000-4000-8000-00000000b008"
#define G_ZQ "00000000-0000-4000-8000-00000000b009"
#define G_COM "00000000-0000-4000-8000-00000000b00a"
#define G_ZA2 "00000000-0000-4000-8000-00000000b00b"
#define G_ZA3 "00000000-0000-4000-8000-00000000b00c"

#define XSS "&lt;script&gt;alert(1)&lt;/script&gt;"

static const char *const entities[] = {
    "<document " TK " id=\"" G_DOC "\"" LIVE " tk:contentType=\"application/pdf\""
    " tk:contentLength=\"100\"><huidigeDocumentVersie ref=\"" G_VER "\"/>"
    "<kamerstukdossier ref=\"" G_KSD "\"/><zaak ref=\"" G_ZAAK "\"/>"
    "<soort>Motie</soort><documentNummer>2099D00001</documentNummer>"
    "<titel>" XSS "</titel><onderwerp>Onderwerp &quot;quoted&quot; &amp; 'single' "
    "&lt;b&gt;vet&lt;/b&gt;</onderwerp><datum>2021-09-24T00:00:00</datum>"
    "<volgnummer>5</volgnummer><vergaderjaar>2021-2022</vergaderjaar></document>",
    "<document " TK " id=\"" G_BIJ "\"" LIVE "><bronDocument ref=\"" G_DOC "\"/>"
    "<soort>Bijlage</soort><documentNummer>2099D00002</documentNummer>"
    "<onderwerp>Bijlage &lt;i&gt;x&lt;/i&gt;</onderwerp><datum>2021-09-24T00:00:00</datum>"
    "</document>",
    "<documentVersie " TK " id=\"" G_VER "\"" LIVE "><document ref=\"" G_DOC "\"/>"
    "<versienummer>3</versienummer><extensie>.pdf</extensie>"
    "<externeidentifier>kst-99999-5&quot;&gt;&lt;script&gt;</externeidentifier>"
    "</documentVersie>",
    "<documentActor " TK " id=\"" G_ACT "\"" LIVE "><document ref=\"" G_DOC "\"/>"
    "<persoon ref=\"" G_PER "\"/><actorNaam>&lt;img src=x onerror=alert(1)&gt;</actorNaam>"
    "<actorFractie>X&amp;Y</actorFractie><functie>Tweede Kamerlid</functie>"
    "<relatie>Eerste ondertekenaar</relatie></documentActor>",
    "<zaak " TK " id=\"" G_ZAAK "\"" LIVE "><kamerstukdossier ref=\"" G_KSD "\"/>"
    "<nummer>2099Z00001</nummer><soort>Motie</soort>"
    "<onderwerp>&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</onderwerp>"
    "<gestartOp>2021-09-24T00:00:00</gestartOp><afgedaan>false</afgedaan></zaak>",
    "<zaakActor " TK " id=\"" G_ZA "\"" LIVE "><zaak ref=\"" G_ZAAK "\"/>"
    "<persoon ref=\"" G_PER "\"/><actorNaam>A. &lt;Lid&gt;</actorNaam>"
    "<actorFractie>P&amp;Q</actorFractie><relatie>Indiener</relatie></zaakActor>",
    "<kamerstukdossier " TK " id=\"" G_KSD "\"" LIVE "><nummer>99999</nummer>"
    "<titel>&quot;&gt;&lt;svg onload=alert(3)&gt;</titel><hoogsteVolgnummer>5</hoogsteVolgnummer>"
    "</kamerstukdossier>",
    "<activiteit " TK " id=\"" G_ACTIV "\"" LIVE "><nummer>2099A00001</nummer>"
    "<soort>Stemmingen</soort><onderwerp>Stemmingen; over, &lt;script&gt;</onderwerp>"
    "<datum>2021-10-05T00:00:00</datum><aanvangstijd>2021-10-05T15:00:00</aanvangstijd>"
    "<eindtijd>2021-10-05T16:00:00</eindtijd><status>Uitgevoerd</status>"
    "<voortouwafkorting>X&lt;Y</voortouwafkorting></activiteit>",
    "<agendapunt " TK " id=\"" G_AP "\"" LIVE "><activiteit ref=\"" G_ACTIV "\"/>"
    "<nummer>2099P00001</nummer><onderwerp>Stemmingen over moties</onderwerp>"
    "<volgorde>1</volgorde></agendapunt>",
    "<besluit " TK " id=\"" G_BES "\"" LIVE "><agendapunt ref=\"" G_AP "\"/>"
    "<zaak ref=\"" G_ZAAK "\"/><stemmingsSoort>Met handopsteken</stemmingsSoort>"
    "<besluitSoort>Stemmen - aangenomen</besluitSoort><besluitTekst>Aangenomen.</besluitTekst>"
    "</besluit>",
    "<stemming " TK " id=\"" G_ST1 "\"" LIVE "><besluit ref=\"" G_BES "\"/><soort>Voor</soort>"
    "<fractieGrootte>80</fractieGrootte><actorNaam>P1</actorNaam>"
    "<actorFractie>&lt;b&gt;P1&lt;/b&gt;</actorFractie><vergissing>false</vergissing>"
    "</stemming>",
    "<stemming " TK " id=\"" G_ST2 "\"" LIVE "><besluit ref=\"" G_BES "\"/><soort>Tegen</soort>"
    "<fractieGrootte>70</fractieGrootte><actorNaam>P2</actorNaam><actorFractie>P2</actorFractie>"
    "<vergissing>true</vergissing></stemming>",
    "<persoon " TK " id=\"" G_PER "\"" LIVE "><nummer>99001</nummer><initialen>A.</initialen>"
    "<roepnaam>Anna</roepnaam><achternaam>&lt;script&gt;alert(4)&lt;/script&gt;</achternaam>"
    "<functie>Tweede Kamerlid</functie></persoon>",
    /* a commissie, named in a zaak by another afkorting; and one known only as an actor */
    "<commissie " TK " id=\"" G_COM "\"" LIVE "><nummer>2099C1</nummer><soort>Vaste commissie"
    "</soort><afkorting>OCW</afkorting><naamNl>vaste commissie voor Onderwijs</naamNl>"
    "</commissie>",
    "<zaakActor " TK " id=\"" G_ZA2 "\"" LIVE "><zaak ref=\"" G_ZAAK "\"/>"
    "<commissie ref=\"" G_COM "\"/><actorNaam>vaste commissie voor OCW</actorNaam>"
    "<actorAfkorting>vcOCW</actorAfkorting><relatie>Voortouwcommissie</relatie></zaakActor>",
    "<zaakActor " TK " id=\"" G_ZA3 "\"" LIVE "><zaak ref=\"" G_ZAAK "\"/>"
    "<actorNaam>vaste commissie voor &lt;VWS&gt;</actorNaam>"
    "<actorAfkorting>VWS</actorAfkorting><relatie>Volgcommissie</relatie></zaakActor>",
    /* an unanswered written question */
    "<zaak " TK " id=\"" G_ZQ "\"" LIVE "><nummer>2099Z00002</nummer>"
    "<soort>Schriftelijke vragen</soort><onderwerp>Vragen over &lt;iframe&gt;</onderwerp>"
    "<gestartOp>2025-01-01T00:00:00</gestartOp></zaak>",
    "<document " TK " id=\"" G_VQ "\"" LIVE "><zaak ref=\"" G_ZQ "\"/>"
    "<soort>Schriftelijke vragen</soort><documentNummer>2099D00003</documentNummer>"
    "<onderwerp>Vragen over &lt;iframe&gt;</onderwerp><datum>2025-01-01T00:00:00</datum>"
    "</document>",
};

struct fx {
    char path[64];
    struct site *site;
};

static void apply(struct store *s, struct feed_entry_parser *ep, struct kw_entity *e,
                  const char *content, int64_t token)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "<entry><title>x</title><updated>2025-02-19T15:23:40Z</updated>"
                   "<link rel=\"next\" href=\"x?category=X&amp;skiptoken=%lld\"/>"
                   "<content type=\"application/xml\">%s</content></entry>",
               (long long)token, content);
    char err[256];
    if (feed_entry_parse(ep, NULL, 0, b.data, b.len, e, err, sizeof err))
        fail_msg("parse: %s", err);
    struct store_apply_info info;
    if (store_apply(s, e, &info))
        fail_msg("apply: %s", store_errmsg(s));
    buf_free(&b);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/kw_test_web_pages_%d.db", (int)getpid());
    unlink(f->path);
    char err[256];
    struct store *s;
    assert_int_equal(store_open(f->path, 0, &s, err, sizeof err), 0);
    struct feed_entry_parser *ep = feed_entry_parser_new();
    struct kw_entity e;
    kw_entity_init(&e);
    assert_int_equal(store_begin(s), 0);
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
        apply(s, ep, &e, entities[i], (int64_t)i + 1);
    assert_int_equal(store_set_state(s, "Document", 42), 0);
    assert_int_equal(store_commit(s), 0);
    /* broken UTF-8 cannot come through the XML parser; put it in as a stored value */
    assert_int_equal(sqlite3_exec(store_db(s),
                                  "UPDATE Document SET citeertitel = CAST(X'41FF42C3' AS TEXT),"
                                  " kenmerkAfzender = CAST(X'E282' AS TEXT) || '<u>'"
                                  " WHERE documentNummer = '2099D00001'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    kw_entity_free(&e);
    feed_entry_parser_free(ep);
    store_close(s);
    struct site_config cfg = {.db_path = f->path, .base_url = "https://kamerwacht.example"};
    assert_int_equal(site_open(&cfg, &f->site, err, sizeof err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    site_close(f->site);
    char p[96];
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

struct answer {
    int status;
    const char *ct;
    struct buf body, headers;
};

/* GET url (path?query) as the HTTP core would hand it over. */
static void get(struct fx *f, const char *url, const char *accept, struct answer *ans)
{
    char path[512];
    const char *qm = strchr(url, '?');
    size_t pl = qm ? (size_t)(qm - url) : strlen(url);
    assert_true(pl < sizeof path);
    memcpy(path, url, pl);
    path[pl] = '\0';
    static char store[4096];
    static struct http_param params[HTTP_MAX_PARAMS];
    size_t np = 0;
    const char *query = qm ? qm + 1 : "";
    assert_int_equal(http_query_parse(query, strlen(query), store, sizeof store, params, &np), 0);
    struct http_request rq = {0};
    rq.method = HTTP_GET;
    rq.path = path;
    rq.params = params;
    rq.nparams = np;
    rq.accept = accept ? accept : "";
    rq.accept_encoding = rq.if_none_match = rq.content_type = rq.body = "";
    rq.want_json = http_prefers_json(rq.accept);
    const char *fmt = http_param(&rq, "format");
    if (fmt)
        rq.want_json = !strcmp(fmt, "json");
    struct http_response rs;
    memset(&rs, 0, sizeof rs);
    rs.status = 200;
    rs.content_type = HTTP_CT_HTML;
    int rc = site_handle(f->site, &rq, &rs);
    if (rc) {
        buf_reset(&rs.body);
        site_error_page(f->site, rc, rq.want_json, &rs);
        rs.status = rc;
    }
    ans->status = rs.status;
    ans->ct = rs.content_type;
    ans->body = rs.body;
    ans->headers = rs.headers;
}

static void answer_free(struct answer *a)
{
    buf_free(&a->body);
    buf_free(&a->headers);
}

static bool valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!len || i + len > n)
            return false;
        for (size_t k = 1; k < len; k++)
            if (((unsigned char)s[i + k] & 0xC0) != 0x80)
                return false;
        i += len;
    }
    return true;
}

static void assert_no_raw_markup(const struct answer *a)
{
    const char *b = buf_cstr(&a->body);
    assert_null(strstr(b, "<script"));
    assert_null(strstr(b, "<img src=x"));
    assert_null(strstr(b, "<svg onload"));
    assert_null(strstr(b, "<iframe"));
    assert_null(strstr(b, "<b>P1"));
    assert_null(strstr(b, "<u>"));
    assert_true(valid_utf8(a->body.data ? a->body.data : "", a->body.len));
}

static void test_document_html(void **state)
{
    struct fx *f = *state;
    struct answer a;
    get(f, "/document/2099D00001", NULL, &a);
    assert_int_equal(a.status, 200);
    assert_string_equal(a.ct, HTTP_CT_HTML);
    const char *b = buf_cstr(&a.body);
    assert_no_raw_markup(&a);
    assert_non_null(strstr(b, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(b, "Onderwerp &quot;quoted&quot; &amp; &#39;single&#39; &lt;b&gt;vet"));
    assert_non_null(strstr(b, "24 september 2021"));        /* local date, not 23 september */
    assert_non_null(strstr(b, "<dt>Versie</dt><dd>3</dd>"));
    assert_non_null(strstr(b, "99999"));                    /* the dossier */
    assert_non_null(strstr(b, "nr. 5"));
    assert_non_null(strstr(b, "/zaak/2099Z00001"));
    assert_non_null(strstr(b, "/document/2099D00002"));     /* the bijlage */
    assert_non_null(strstr(b, "/persoon/99001"));
    assert_non_null(strstr(b, "Voor: 80"));
    assert_non_null(strstr(b, "Tegen: 70"));
    assert_non_null(strstr(b, "totaal 150 zetels"));
    assert_non_null(strstr(b, "vergissing"));
    assert_non_null(strstr(b, "https://www.tweedekamer.nl/kamerstukken/detail?id=2099Z00001&amp;"
                              "did=2099D00001"));
    /* the hostile externeidentifier is percent-encoded in the URL, escaped in the text */
    assert_non_null(strstr(b, "https://zoek.officielebekendmakingen.nl/kst-99999-5%22%3E%3Cscript"
                              "%3E.html"));
    assert_non_null(strstr(b, "lang=\"nl\""));
    assert_non_null(strstr(b, "href=\"#inhoud\""));
    assert_non_null(strstr(b, "aria-label=\"Hoofdmenu\""));
    answer_free(&a);

    get(f, "/document/2099D00002", NULL, &a); /* the bijlage names its parent */
    assert_int_equal(a.status, 200);
    assert_non_null(strstr(buf_cstr(&a.body), "Bijlage bij <a href=\"/document/2099D00001\""));
    answer_free(&a);
}

static void test_document_json(void **state)
{
    struct fx *f = *state;
    static const char *const urls[] = {"/document/2099D00001?format=json",
                                       "/document/2099D00001"};
    for (int k = 0; k < 2; k++) {
        struct answer a;
        get(f, urls[k], k ? "application/json" : NULL, &a);
        assert_int_equal(a.status, 200);
        assert_string_equal(a.ct, HTTP_CT_JSON);
        assert_null(strstr(buf_cstr(&a.body), "</script"));
        assert_null(strstr(buf_cstr(&a.body), "<"));
        json_error_t err;
        json_t *j = json_loadb(a.body.data, a.body.len, 0, &err);
        if (!j)
            fail_msg("JSON: %s", err.text);
        json_t *d = json_object_get(j, "document");
        assert_string_equal(json_string_value(json_object_get(d, "titel")),
                            "<script>alert(1)</script>");
        assert_string_equal(json_string_value(json_object_get(d, "nummer")), "2099D00001");
        assert_int_equal(json_integer_value(json_object_get(d, "versie")), 3);
        assert_true(json_is_array(json_object_get(j, "zaken")));
        json_t *z = json_array_get(json_object_get(j, "zaken"), 0);
        json_t *b = json_array_get(json_object_get(z, "besluiten"), 0);
        json_t *u = json_object_get(b, "uitslag");
        assert_int_equal(json_integer_value(json_object_get(u, "voor")), 80);
        assert_int_equal(json_integer_value(json_object_get(u, "tegen")), 70);
        assert_int_equal(json_integer_value(json_object_get(u, "totaal")), 150);
        for (const char *const *key = (const char *const[]){"links", "actoren", "dossiers",
                                                            "bijlagen", "bron", "activiteiten",
                                                            "zaakdocumenten", "tekst", NULL};
             *key; key++)
            assert_non_null(json_object_get(j, *key));
        json_decref(j);
        answer_free(&a);
    }
}

static void check_xml(const struct answer *a)
{
    xmlDocPtr doc = xmlReadMemory(a->body.data, (int)a->body.len, "feed.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        fail_msg("not well-formed XML: %.300s", buf_cstr(&a->body));
    xmlNodePtr root = xmlDocGetRootElement(doc);
    assert_string_equal((const char *)root->name, "feed");
    xmlFreeDoc(doc);
}

static void test_atom(void **state)
{
    struct fx *f = *state;
    static const char *const urls[] = {"/atom", "/zaak/2099Z00001/atom", "/dossier/99999/atom",
                                       "/persoon/99001/atom", "/besluiten/atom",
                                       "/stemmingen/atom", "/?format=atom"};
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        struct answer a;
        get(f, urls[i], NULL, &a);
        assert_int_equal(a.status, 200);
        assert_string_equal(a.ct, HTTP_CT_ATOM);
        assert_no_raw_markup(&a);
        check_xml(&a);
        answer_free(&a);
    }
    struct answer a;
    get(f, "/zaak/2099Z00001/atom", NULL, &a);
    assert_non_null(strstr(buf_cstr(&a.body),
                           "<id>tag:kamerwacht,2024:/document/2099D00001</id>"));
    assert_non_null(strstr(buf_cstr(&a.body),
                           "href=\"https://kamerwacht.example/document/2099D00001\""));
    answer_free(&a);
}

/* Every link/@href of a feed starts with base and every id is a tag URI of a path in
 * URI characters: absolute IRIs, as RFC 4287 requires. Returns the number checked. */
static int check_absolute(const struct answer *a, const char *base)
{
    xmlDocPtr doc = xmlReadMemory(a->body.data, (int)a->body.len, "feed.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(doc);
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(xc, BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
    int n = 0;
    static const char *const exprs[] = {"//a:link/@href", "//a:id"};
    for (size_t e = 0; e < 2; e++) {
        xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST exprs[e], xc);
        assert_non_null(o);
        for (int i = 0; o->nodesetval && i < o->nodesetval->nodeNr; i++) {
            xmlChar *v = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
            const char *s = (const char *)v;
            if (e == 0 && strncmp(s, base, strlen(base)))
                fail_msg("link not absolute: %s", s);
            if (e == 1 && (strncmp(s, "tag:kamerwacht,2024:/", 21) ||
                           strspn(s + 21, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789/%._~-#") != strlen(s + 21) ||
                           (strchr(s, '#') && strchr(strchr(s, '#') + 1, '#'))))
                fail_msg("id not a tag URI of a path: %s", s);
            xmlFree(v);
            n++;
        }
        xmlXPathFreeObject(o);
    }
    xmlXPathFreeContext(xc);
    xmlFreeDoc(doc);
    return n;
}

static const char *const all_feeds[] = {
    "/atom", "/?format=atom", "/zaak/2099Z00001/atom", "/dossier/99999/atom",
    "/persoon/99001/atom", "/commissie/OCW/atom", "/commissie/VWS/atom",
    "/commissie/X<Y/atom", "/geschenken/atom", "/besluiten/atom", "/stemmingen/atom",
    "/toezeggingen/atom", "/verslagen/atom", "/besluiten?format=atom&pagina=1"};

static void test_feeds_absolute(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < sizeof all_feeds / sizeof all_feeds[0]; i++) {
        struct answer a;
        get(f, all_feeds[i], NULL, &a);
        if (a.status != 200)
            fail_msg("%s: %d", all_feeds[i], a.status);
        assert_string_equal(a.ct, HTTP_CT_ATOM);
        assert_true(check_absolute(&a, "https://kamerwacht.example/") >= 2);
        answer_free(&a);
    }
    struct answer a;
    /* the self link keeps the parameters; an odd path is encoded in link and id alike */
    get(f, "/besluiten?format=atom&pagina=1", NULL, &a);
    assert_non_null(strstr(buf_cstr(&a.body), "href=\"https://kamerwacht.example/besluiten?"
                                              "format=atom&amp;pagina=1\""));
    answer_free(&a);
    /* a decision is a fragment of its zaak page: the '#' stays a fragment */
    get(f, "/besluiten/atom", NULL, &a);
    assert_non_null(strstr(buf_cstr(&a.body), "href=\"https://kamerwacht.example/zaak/2099Z00001"
                                              "#besluit-" G_BES "\""));
    assert_non_null(strstr(buf_cstr(&a.body), "<id>tag:kamerwacht,2024:/zaak/2099Z00001#besluit-"
                                              G_BES "</id>"));
    answer_free(&a);
    get(f, "/commissie/X<Y/atom", NULL, &a);
    assert_non_null(strstr(buf_cstr(&a.body), "<id>tag:kamerwacht,2024:/commissie/X%3CY/atom</id>"));
    assert_non_null(strstr(buf_cstr(&a.body), "href=\"https://kamerwacht.example/commissie/X%3CY/atom\""));
    answer_free(&a);

    /* no base URL configured: still absolute, and the one set later (serve on port 0) wins */
    struct site *s2;
    char err[256];
    struct site_config cfg = {.db_path = f->path};
    assert_int_equal(site_open(&cfg, &s2, err, sizeof err), 0);
    struct site *keep = f->site;
    f->site = s2;
    get(f, "/geschenken/atom", NULL, &a);
    assert_int_equal(a.status, 200);
    assert_true(check_absolute(&a, SITE_DEFAULT_BASE "/") >= 2);
    answer_free(&a);
    site_set_base_url(s2, "http://127.0.0.1:4321/");
    get(f, "/toezeggingen/atom", NULL, &a);
    assert_int_equal(a.status, 200);
    assert_true(check_absolute(&a, "http://127.0.0.1:4321/") >= 2);
    answer_free(&a);
    f->site = keep;
    site_close(s2);
    /* a configured base is not replaced */
    site_set_base_url(f->site, "http://elders.example");
    get(f, "/verslagen/atom?x=1", NULL, &a);
    assert_true(check_absolute(&a, "https://kamerwacht.example/") >= 2);
    answer_free(&a);
}

static void test_ical(void **state)
{
    struct fx *f = *state;
    struct answer a;
    get(f, "/activiteit/2099A00001/agenda.ics", NULL, &a);
    assert_int_equal(a.status, 200);
    assert_string_equal(a.ct, HTTP_CT_ICAL);
    const char *b = buf_cstr(&a.body);
    assert_non_null(strstr(b, "BEGIN:VCALENDAR\r\n"));
    assert_non_null(strstr(b, "UID:" G_ACTIV "@kamerwacht\r\n"));
    assert_non_null(strstr(b, "SEQUENCE:"));
    assert_non_null(strstr(b, "DTSTART:20211005T130000Z\r\n")); /* 15:00 summer time */
    assert_non_null(strstr(b, "SUMMARY:Stemmingen\\; over\\, <script>\r\n"));
    assert_non_null(strstr(b, "END:VCALENDAR\r\n"));
    for (size_t i = 0; i < a.body.len; i++)
        if (b[i] == '\n')
            assert_true(i > 0 && b[i - 1] == '\r');
    answer_free(&a);
}

static void test_pages_escape(void **state)
{
    struct fx *f = *state;
    static const char *const urls[] = {
        "/", "/zaak/2099Z00001", "/dossier/99999", "/persoon/99001", "/activiteit/2099A00001",
        "/activiteiten?van=2021-10-01", "/besluiten", "/stemmingen", "/open-vragen", "/dossiers",
        "/geschenken", "/kamerleden", "/commissies", "/toezeggingen", "/verslagen", "/over",
        "/zoeken?q=%3Cscript%3Ealert(5)%3C%2Fscript%3E", "/activiteiten/ongepland",
        "/dossiers?q=%22%3E%3Cscript%3E"};
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        struct answer a;
        get(f, urls[i], NULL, &a);
        if (a.status != 200)
            fail_msg("%s: status %d", urls[i], a.status);
        assert_no_raw_markup(&a);
        assert_non_null(strstr(buf_cstr(&a.body), "</html>"));
        answer_free(&a);
        /* and as JSON */
        char u[256];
        snprintf(u, sizeof u, "%s%cformat=json", urls[i], strchr(urls[i], '?') ? '&' : '?');
        get(f, u, NULL, &a);
        assert_int_equal(a.status, 200);
        json_error_t err;
        json_t *j = json_loadb(a.body.data, a.body.len, 0, &err);
        if (!j)
            fail_msg("%s: JSON: %s", u, err.text);
        assert_non_null(json_object_get(j, "type"));
        json_decref(j);
        answer_free(&a);
    }
}

static void test_open_questions_and_votes(void **state)
{
    struct fx *f = *state;
    struct answer a;
    get(f, "/open-vragen?format=json", NULL, &a);
    json_t *j = json_loadb(a.body.data, a.body.len, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "aantal")), 1);
    json_t *v = json_array_get(json_object_get(j, "vragen"), 0);
    assert_string_equal(json_string_value(json_object_get(v, "nummer")), "2099Z00002");
    assert_true(json_is_true(json_object_get(v, "te_laat")));
    json_decref(j);
    answer_free(&a);

    get(f, "/stemmingen?format=json", NULL, &a);
    j = json_loadb(a.body.data, a.body.len, 0, NULL);
    assert_non_null(j);
    json_t *s = json_array_get(json_object_get(j, "stemmingen"), 0);
    json_t *u = json_object_get(s, "uitslag");
    assert_int_equal(json_integer_value(json_object_get(u, "voor")) +
                         json_integer_value(json_object_get(u, "tegen")),
                     json_integer_value(json_object_get(u, "totaal")));
    assert_int_equal(json_integer_value(json_object_get(u, "vergissingen")), 1);
    json_decref(j);
    answer_free(&a);

    get(f, "/stemmingen?fractie=P2&stem=Voor", NULL, &a); /* P2 voted against */
    assert_non_null(strstr(buf_cstr(&a.body), "Geen stemmingen gevonden"));
    answer_free(&a);
    get(f, "/stemmingen?uitslag=kapot", NULL, &a);
    assert_int_equal(a.status, 400);
    answer_free(&a);
}

static void test_errors_and_redirects(void **state)
{
    struct fx *f = *state;
    struct answer a;
    get(f, "/document/2099D99999", NULL, &a);
    assert_int_equal(a.status, 404);
    assert_non_null(strstr(buf_cstr(&a.body), "Niet gevonden"));
    assert_non_null(strstr(buf_cstr(&a.body), "aria-label=\"Hoofdmenu\""));
    answer_free(&a);
    get(f, "/document/2099D99999?format=json", NULL, &a);
    assert_int_equal(a.status, 404);
    assert_non_null(strstr(buf_cstr(&a.body), "\"error\""));
    answer_free(&a);
    get(f, "/document/2099D00001/bestand", NULL, &a); /* no FILES: friendly 404 */
    assert_int_equal(a.status, 404);
    answer_free(&a);
    get(f, "/bestaat/niet", NULL, &a);
    assert_int_equal(a.status, 404);
    answer_free(&a);

    static const struct {
        const char *from, *to;
    } r[] = {
        {"/document.html?nummer=2099D00001", "/document/2099D00001"},
        {"/zaak.html?nummer=2099Z00001", "/zaak/2099Z00001"},
        {"/ksd.html?ksd=36600&toevoeging=XV", "/dossier/36600-XV"},
        {"/persoon.html?nummer=99001", "/persoon/99001"},
        {"/activiteit.html?nummer=2099A00001", "/activiteit/2099A00001"},
        {"/kamerstuk/kst-99999-5", "/document/2099D00001"},
        {"/kamerstuk/99999-5", "/document/2099D00001"},
        {"/open-vragen.html?fractie=P%26Q", "/open-vragen?fractie=P%26Q"},
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        get(f, r[i].from, NULL, &a);
        if (a.status != 301)
            fail_msg("%s: %d", r[i].from, a.status);
        /* headers: "Location\0value\0" */
        assert_string_equal(a.headers.data, "Location");
        assert_string_equal(a.headers.data + 9, r[i].to);
        answer_free(&a);
    }
}

/* Every /commissie/ link on the pages that show actors resolves: to the commissie itself,
 * by a redirect to the real one, or to a page of what the actor did; never a 404. */
static void test_commissie_links(void **state)
{
    struct fx *f = *state;
    struct answer a;
    static const char *const pages[] = {"/zaak/2099Z00001", "/document/2099D00001",
                                        "/activiteit/2099A00001", "/dossier/99999"};
    int links = 0;
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        get(f, pages[i], NULL, &a);
        assert_int_equal(a.status, 200);
        struct buf body = a.body;
        buf_free(&a.headers);
        for (const char *p = buf_cstr(&body); (p = strstr(p, "href=\"/commissie/"));) {
            p += 6;
            size_t n = strcspn(p, "\"");
            char raw[256], path[256];
            assert_true(n < sizeof raw);
            memcpy(raw, p, n);
            raw[n] = '\0';
            /* undo the HTML escaping of the attribute, then decode as the core does */
            char *amp;
            while ((amp = strstr(raw, "&amp;")))
                memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
            assert_int_equal(http_path_normalise(raw, path, sizeof path), 0);
            struct answer b;
            get(f, path, NULL, &b);
            if (b.status != 200 && b.status != 302)
                fail_msg("%s links to %s: %d", pages[i], path, b.status);
            answer_free(&b);
            links++;
        }
        buf_free(&body);
    }
    assert_true(links >= 3); /* vcOCW, VWS (zaak) and X<Y (activiteit voortouw) */

    /* the commissie itself */
    get(f, "/commissie/OCW", NULL, &a);
    assert_int_equal(a.status, 200);
    assert_non_null(strstr(buf_cstr(&a.body), "vaste commissie voor Onderwijs"));
    assert_null(strstr(buf_cstr(&a.body), "alleen voor als deelnemer"));
    answer_free(&a);
    /* another afkorting or the name of a commissie that exists: redirected, route kept */
    static const struct {
        const char *from, *to;
    } r[] = {
        {"/commissie/vcOCW", "/commissie/OCW"},
        {"/commissie/vcocw/atom", "/commissie/OCW/atom"},
        {"/commissie/vcOCW/agenda.ics", "/commissie/OCW/agenda.ics"},
        {"/commissie/vaste commissie voor OCW?format=json", "/commissie/OCW?format=json"},
        {"/commissie/vaste commissie voor onderwijs", "/commissie/OCW"},
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        get(f, r[i].from, NULL, &a);
        if (a.status != 302)
            fail_msg("%s: %d", r[i].from, a.status);
        assert_string_equal(a.headers.data, "Location");
        assert_string_equal(a.headers.data + 9, r[i].to);
        answer_free(&a);
    }
    /* known only as an actor: a page of what it did, in every format */
    get(f, "/commissie/VWS", NULL, &a);
    assert_int_equal(a.status, 200);
    assert_no_raw_markup(&a);
    assert_non_null(strstr(buf_cstr(&a.body), "<h1>vaste commissie voor &lt;VWS&gt;</h1>"));
    assert_non_null(strstr(buf_cstr(&a.body), "alleen voor als deelnemer"));
    assert_non_null(strstr(buf_cstr(&a.body), "href=\"/zaak/2099Z00001\""));
    assert_non_null(strstr(buf_cstr(&a.body), "Volgcommissie"));
    answer_free(&a);
    get(f, "/commissie/VWS?format=json", NULL, &a);
    assert_int_equal(a.status, 200);
    json_error_t je;
    json_t *root = json_loadb(a.body.data, a.body.len, 0, &je);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(root, "type")), "commissie_actor");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(root, "commissie"), "naam")),
        "vaste commissie voor <VWS>");
    assert_int_equal(json_array_size(json_object_get(root, "zaken")), 1);
    json_decref(root);
    answer_free(&a);
    get(f, "/commissie/VWS/atom", NULL, &a);
    assert_int_equal(a.status, 200);
    check_xml(&a);
    assert_non_null(strstr(buf_cstr(&a.body), "/zaak/2099Z00001</id>"));
    answer_free(&a);
    /* a voortouw afkorting of an activiteit without a commissie */
    get(f, "/commissie/X<Y", NULL, &a);
    assert_int_equal(a.status, 200);
    assert_non_null(strstr(buf_cstr(&a.body), "href=\"/activiteit/2099A00001\""));
    answer_free(&a);
    get(f, "/commissie/X<Y/agenda.ics", NULL, &a);
    assert_int_equal(a.status, 200);
    assert_string_equal(a.ct, HTTP_CT_ICAL);
    answer_free(&a);
    /* nothing by that name at all */
    get(f, "/commissie/GEENCIE", NULL, &a);
    assert_int_equal(a.status, 404);
    answer_free(&a);
}

static void test_status_metrics_css(void **state)
{
    struct fx *f = *state;
    struct answer a;
    get(f, "/status", NULL, &a);
    json_t *j = json_loadb(a.body.data, a.body.len, 0, NULL);
    assert_non_null(j);
    json_t *cats = json_object_get(j, "categories");
    assert_true(json_array_size(cats) >= 30);
    bool seen = false;
    for (size_t i = 0; i < json_array_size(cats); i++) {
        json_t *c = json_array_get(cats, i);
        if (!strcmp(json_string_value(json_object_get(c, "category")), "Document")) {
            seen = true;
            assert_int_equal(json_integer_value(json_object_get(c, "live")), 3);
            assert_int_equal(json_integer_value(json_object_get(c, "skiptoken")), 42);
        }
    }
    assert_true(seen);
    json_decref(j);
    answer_free(&a);
    get(f, "/metrics", NULL, &a);
    assert_string_equal(a.ct, HTTP_CT_PROMETHEUS);
    assert_non_null(strstr(buf_cstr(&a.body), "kamerwacht_entities{category=\"Document\"} 3\n"));
    answer_free(&a);
    get(f, "/static/kamerwacht.css", NULL, &a);
    assert_string_equal(a.ct, HTTP_CT_CSS);
    assert_non_null(strstr(buf_cstr(&a.body), ":focus-visible"));
    answer_free(&a);
}

static void expect_autolink(const char *in, const char *want)
{
    struct buf b = BUF_INIT;
    struct html h = html_on(&b);
    html_autolink(&h, in, strlen(in));
    if (strcmp(buf_cstr(&b), want))
        fail_msg("autolink(%s)\n got: %s\nwant: %s", in, buf_cstr(&b), want);
    buf_free(&b);
}

static void expect_marked(const char *in, const char *want)
{
    struct buf b = BUF_INIT;
    struct html h = html_on(&b);
    html_marked(&h, in);
    if (strcmp(buf_cstr(&b), want))
        fail_msg("marked(%s)\n got: %s\nwant: %s", in, buf_cstr(&b), want);
    buf_free(&b);
}

static void test_autolink(void **state)
{
    (void)state;
    expect_marked("a &lt;b&gt; <mark>motie</mark> &amp; &quot;x&quot;",
                  "a &lt;b&gt; <mark>motie</mark> &amp; &quot;x&quot;");
    expect_marked("<script>x</script><mark>y", "&lt;script&gt;x&lt;/script&gt;<mark>y</mark>");
    expect_marked("&amp;lt;script&amp;gt;", "&amp;lt;script&amp;gt;");
    expect_autolink("zie 2021D35262 en 2021Z16384.",
                    "zie <a href=\"/document/2021D35262\">2021D35262</a> en "
                    "<a href=\"/zaak/2021Z16384\">2021Z16384</a>.");
    expect_autolink("Kamerstuk 35 300 VIII, nr. 176",
                    "<a href=\"/kamerstuk/35300-VIII-176\">Kamerstuk 35 300 VIII, nr. 176</a>");
    expect_autolink("Kamerstuk 32 034, nr. 38",
                    "<a href=\"/kamerstuk/32034-38\">Kamerstuk 32 034, nr. 38</a>");
    expect_autolink("(31293, nr. 593)", "(<a href=\"/kamerstuk/31293-593\">31293, nr. 593</a>)");
    expect_autolink("Kamerstuk 31293-593 gaat",
                    "<a href=\"/kamerstuk/31293-593\">Kamerstuk 31293-593</a> gaat");
    expect_autolink("kst-36600-XV-12;", "<a href=\"/kamerstuk/kst-36600-XV-12\">kst-36600-XV-12</a>;");
    expect_autolink("31 293 Primair Onderwijs", "31 293 Primair Onderwijs");
    expect_autolink("x2021D35262 12021D35262", "x2021D35262 12021D35262");
    expect_autolink("https://www.kennisnet.nl/a?b=1&c=2.",
                    "<a rel=\"nofollow noopener\" href=\"https://www.kennisnet.nl/a?b=1&amp;c=2\">"
                    "https://www.kennisnet.nl/a?b=1&amp;c=2</a>.");
    expect_autolink("<script>2021D35262\"", "&lt;script&gt;<a href=\"/document/2021D35262\">"
                                            "2021D35262</a>&quot;");
    expect_autolink("javascript:alert(1) http://xy.nl\"onmouseover=", "javascript:alert(1) "
                    "<a rel=\"nofollow noopener\" href=\"http://xy.nl\">http://xy.nl</a>"
                    "&quot;onmouseover=");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_html),
        cmocka_unit_test(test_document_json),
        cmocka_unit_test(test_atom),
        cmocka_unit_test(test_ical),
        cmocka_unit_test(test_pages_escape),
        cmocka_unit_test(test_open_questions_and_votes),
        cmocka_unit_test(test_errors_and_redirects),
        cmocka_unit_test(test_commissie_links),
        cmocka_unit_test(test_feeds_absolute),
        cmocka_unit_test(test_status_metrics_css),
        cmocka_unit_test(test_autolink),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
