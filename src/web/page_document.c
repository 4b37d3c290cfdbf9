/*
 * page_document — /document/<nummer>: everything the mirror knows about one document
 * (metadata, current version, links to the file, tweedekamer.nl and the official
 * publication, signatories, dossiers, zaken with actors, decisions and votes, activities,
 * bijlagen and parent, question/answer, other documents of the zaak) and its readable text
 * with references as links; and /document/<nummer>/bestand, the original file.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "web/site_int.h"

struct doc_page {
    struct rows *d, *actors, *dossiers, *zaken, *acts, *bijlagen, *bron, *zaakdocs;
    struct zaak_ctx z;
    bool has_file;
    enum text_state tstate;
    struct buf text;
};

static bool starts(const char *s, const char *p)
{
    return s && !strncmp(s, p, strlen(p));
}

static void tk_url(struct html *h, const struct doc_page *p)
{
    const char *zaak = p->zaken->n ? rv(p->zaken, 0, "nummer") : NULL;
    if (zaak) {
        html_lit(h, "https://www.tweedekamer.nl/kamerstukken/detail?id=");
        html_url_part(h, zaak);
        html_lit(h, "&amp;did=");
    } else {
        html_lit(h, "https://www.tweedekamer.nl/downloads/document?id=");
    }
    html_url_part(h, rv(p->d, 0, "nummer"));
}

static void tk_url_buf(struct buf *b, const struct doc_page *p)
{
    const char *zaak = p->zaken->n ? rv(p->zaken, 0, "nummer") : NULL;
    if (zaak)
        buf_printf(b, "https://www.tweedekamer.nl/kamerstukken/detail?id=%s&did=%s", zaak,
                   rs_(p->d, 0, "nummer"));
    else
        buf_printf(b, "https://www.tweedekamer.nl/downloads/document?id=%s",
                   rs_(p->d, 0, "nummer"));
}

static const char *ext_of(const char *extensie, const char *ct)
{
    if (extensie && extensie[0] == '.' && strlen(extensie) < 8)
        return extensie + 1;
    if (!ct)
        return "bin";
    if (strstr(ct, "pdf"))
        return "pdf";
    if (strstr(ct, "wordprocessingml"))
        return "docx";
    if (strstr(ct, "msword"))
        return "doc";
    if (strstr(ct, "xml"))
        return "xml";
    if (strstr(ct, "html"))
        return "html";
    if (strstr(ct, "jpeg"))
        return "jpg";
    return "bin";
}

static void html_list_docs(struct html *h, const struct rows *r, const char *filter_soort,
                           bool prefix)
{
    html_lit(h, "<ul class=\"docs\">\n");
    for (size_t i = 0; i < r->n; i++) {
        const char *soort = rv(r, i, "soort");
        if (filter_soort && !(prefix ? starts(soort, filter_soort)
                                     : soort && !strcmp(soort, filter_soort)))
            continue;
        html_lit(h, "<li>");
        link_document(h, rv(r, i, "nummer"), NULL);
        html_lit(h, " <span class=\"soort\">");
        html_text(h, soort);
        html_lit(h, "</span> ");
        html_text(h, rv(r, i, "onderwerp"));
        if (rv(r, i, "datum")) {
            html_lit(h, " <span class=\"meta\">(");
            html_date(h, rv(r, i, "datum"));
            html_lit(h, ")</span>");
        }
        html_lit(h, "</li>\n");
    }
    html_lit(h, "</ul>\n");
}

static size_t count_soort(const struct rows *r, const char *p)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += starts(rv(r, i, "soort"), p);
    return n;
}

static void html_question_answer(struct html *h, const struct doc_page *p)
{
    const char *soort = rv(p->d, 0, "soort");
    if (soort && !strcmp(soort, "Schriftelijke vragen")) {
        html_lit(h, "<h2 id=\"antwoord\">Antwoord</h2>\n");
        if (count_soort(p->zaakdocs, "Antwoord schriftelijke vragen"))
            html_list_docs(h, p->zaakdocs, "Antwoord schriftelijke vragen", true);
        else
            html_lit(h, "<p>Deze vragen zijn (nog) niet beantwoord.</p>\n");
        if (count_soort(p->zaakdocs, "Mededeling")) {
            html_lit(h, "<p>Mededelingen (uitstel of intrekking):</p>\n");
            html_list_docs(h, p->zaakdocs, "Mededeling", true);
        }
    } else if (starts(soort, "Antwoord schriftelijke vragen") &&
               count_soort(p->zaakdocs, "Schriftelijke vragen")) {
        html_lit(h, "<h2 id=\"vragen\">Vragen</h2>\n");
        html_list_docs(h, p->zaakdocs, "Schriftelijke vragen", false);
    }
}

static void html_text_section(struct req *q, struct doc_page *p)
{
    struct html *h = &q->h;
    html_lit(h, "<h2 id=\"tekst\">Tekst</h2>\n");
    switch (p->tstate) {
    case TC_READY:
        if (!p->text.len) {
            html_lit(h, "<p class=\"notice\">Dit document bevat geen leesbare tekst (bijvoorbeeld "
                        "een scan). Open het origineel.</p>\n");
            return;
        }
        html_lit(h, "<div class=\"tekst\" lang=\"nl\">");
        html_reflow(h, p->text.data, p->text.len);
        html_lit(h, "</div>\n");
        return;
    case TC_PENDING:
        html_lit(h, "<p class=\"notice\">De tekst van dit document wordt nog omgezet. Vernieuw de "
                    "pagina over enkele seconden.</p>\n");
        return;
    case TC_FAILED:
        html_lit(h, "<p class=\"notice\">De tekst kon niet uit het bestand worden gehaald. Open "
                    "het origineel.</p>\n");
        return;
    case TC_NO_FILE:
        html_lit(h, "<p class=\"notice\">Het bestand van dit document is nog niet gedownload; "
                    "de tekst volgt zodra dat gebeurd is.</p>\n");
        return;
    default:
        html_lit(h, "<p class=\"notice\">Tekstweergave is op deze server niet beschikbaar.</p>\n");
    }
}

static void item_actor(struct html *h, const struct rows *a, size_t i)
{
    link_persoon(h, rv(a, i, "persoon_nummer"), rv(a, i, "naam"));
    html_paren(h, rv(a, i, "fractie") && *rv(a, i, "fractie") ? rv(a, i, "fractie") : NULL);
    if (rv(a, i, "functie")) {
        html_lit(h, ", ");
        html_text(h, rv(a, i, "functie"));
    }
    if (rv(a, i, "relatie")) {
        html_lit(h, " <span class=\"meta\">\xE2\x80\x94 ");
        html_text(h, rv(a, i, "relatie"));
        html_lit(h, "</span>");
    }
}

static void item_activiteit(struct html *h, const struct rows *a, size_t i)
{
    html_date(h, rv(a, i, "datum"));
    html_lit(h, " ");
    link_activiteit(h, rv(a, i, "nummer"), rv(a, i, "onderwerp"));
    html_lit(h, " <span class=\"meta\">(");
    html_text(h, rv(a, i, "soort"));
    html_lit(h, ")</span>");
    if (rv(a, i, "agendapunt")) {
        html_lit(h, " \xE2\x80\x94 agendapunt: ");
        html_text(h, rv(a, i, "agendapunt"));
    }
}

static void html_page(struct req *q, struct doc_page *p)
{
    struct html *h = &q->h;
    const struct rows *d = p->d;
    const char *nummer = rv(d, 0, "nummer");
    const char *onderwerp = rv(d, 0, "onderwerp");
    struct page_meta m = {.title = onderwerp ? onderwerp : nummer,
                          .description = rv(d, 0, "titel")};
    page_begin(q, &m);
    html_lit(h, "<article class=\"document\">\n<h1>");
    html_text(h, onderwerp ? onderwerp : nummer);
    html_lit(h, "</h1>\n");
    if (rv(d, 0, "titel") && (!onderwerp || strcmp(rv(d, 0, "titel"), onderwerp))) {
        html_lit(h, "<p class=\"sub\">");
        html_text(h, rv(d, 0, "titel"));
        html_lit(h, "</p>\n");
    }
    html_lit(h, "<p><span class=\"soort\">");
    html_text(h, rv(d, 0, "soort"));
    html_lit(h, "</span></p>\n<dl class=\"facts\">\n<dt>Nummer</dt><dd>");
    html_text(h, nummer);
    html_lit(h, "</dd>\n<dt>Datum</dt><dd>");
    html_date(h, rv(d, 0, "datum"));
    html_lit(h, "</dd>\n<dt>Bijgewerkt</dt><dd>");
    html_datetime(h, rv(d, 0, "bijgewerkt"));
    html_lit(h, "</dd>\n");
    if (rv(d, 0, "versie")) {
        html_lit(h, "<dt>Versie</dt><dd>");
        html_text(h, rv(d, 0, "versie"));
        html_lit(h, "</dd>\n");
    }
    int64_t vn = ri(d, 0, "volgnummer");
    if (vn > 0 && p->dossiers->n) {
        char id[160];
        dossier_id(rv(p->dossiers, 0, "nummer"), rv(p->dossiers, 0, "toevoeging"), id, sizeof id);
        html_lit(h, "<dt>Kamerstuk</dt><dd>");
        html_text(h, id);
        html_lit(h, ", nr. ");
        html_int(h, vn);
        html_lit(h, "</dd>\n");
    }
    if (rv(d, 0, "vergaderjaar")) {
        html_lit(h, "<dt>Vergaderjaar</dt><dd>");
        html_text(h, rv(d, 0, "vergaderjaar"));
        html_lit(h, "</dd>\n");
    }
    if (rv(d, 0, "externeidentifier") && *rv(d, 0, "externeidentifier")) {
        html_lit(h, "<dt>Publicatie</dt><dd>");
        html_text(h, rv(d, 0, "externeidentifier"));
        html_lit(h, "</dd>\n");
    }
    if (rv(d, 0, "aanhangselnummer")) {
        html_lit(h, "<dt>Aanhangselnummer</dt><dd>");
        html_text(h, rv(d, 0, "aanhangselnummer"));
        html_lit(h, "</dd>\n");
    }
    if (rv(d, 0, "kenmerkAfzender")) {
        html_lit(h, "<dt>Kenmerk afzender</dt><dd>");
        html_text(h, rv(d, 0, "kenmerkAfzender"));
        html_lit(h, "</dd>\n");
    }
    html_lit(h, "</dl>\n<p class=\"links\">");
    if (p->has_file) {
        html_lit(h, "<a href=\"/document/");
        html_url_part(h, nummer);
        html_lit(h, "/bestand\">Origineel document (.");
        html_text(h, ext_of(rv(d, 0, "extensie"), rv(d, 0, "content_type")));
        if (ri(d, 0, "content_length") > 0) {
            html_lit(h, ", ");
            html_int(h, (ri(d, 0, "content_length") + 1023) / 1024);
            html_lit(h, " kB");
        }
        html_lit(h, ")</a> ");
    } else {
        html_lit(h, "<span class=\"meta\">Origineel nog niet gedownload</span> ");
    }
    html_lit(h, "<a href=\"");
    tk_url(h, p);
    html_lit(h, "\">Pagina op tweedekamer.nl</a> ");
    const char *ext = rv(d, 0, "externeidentifier");
    if (ext && *ext) {
        html_lit(h, "<a href=\"https://zoek.officielebekendmakingen.nl/");
        html_url_part(h, ext);
        html_lit(h, ".html\">Offici\xC3\xABle publicatie (");
        html_text(h, ext);
        html_lit(h, ")</a> ");
    }
    html_lit(h, "<a href=\"/document/");
    html_url_part(h, nummer);
    html_lit(h, "?format=json\">JSON</a></p>\n");

    if (p->dossiers->n || p->bron->n) {
        html_lit(h, "<h2>Onderdeel van</h2>\n<ul>\n");
        for (size_t i = 0; i < p->bron->n; i++) {
            html_lit(h, "<li>Bijlage bij ");
            link_document(h, rv(p->bron, i, "nummer"), NULL);
            html_soort_onderwerp(h, p->bron, i);
            html_lit(h, "</li>\n");
        }
        for (size_t i = 0; i < p->dossiers->n; i++) {
            html_lit(h, "<li>Kamerstukdossier ");
            link_dossier(h, rv(p->dossiers, i, "nummer"), rv(p->dossiers, i, "toevoeging"), NULL);
            if (i == 0 && vn > 0) {
                html_lit(h, " nr. ");
                html_int(h, vn);
                html_lit(h, " (");
                html_text(h, rv(p->dossiers, i, "nummer"));
                html_lit(h, "-");
                html_int(h, vn);
                html_lit(h, ")");
            }
            html_lit(h, ": ");
            html_text(h, rv(p->dossiers, i, "titel"));
            html_lit(h, "</li>\n");
        }
        html_lit(h, "</ul>\n");
    }

    if (p->actors->n) {
        html_lit(h, "<h2>Gerelateerde personen</h2>\n");
        html_ul(h, p->actors, item_actor);
    }

    html_question_answer(h, p);

    if (p->zaken->n) {
        html_lit(h, "<h2>Zaken</h2>\n");
        for (size_t i = 0; i < p->zaken->n; i++)
            html_zaak_block(q, &p->z, i, 3);
    }
    if (p->acts->n) {
        html_lit(h, "<h2>Activiteiten</h2>\n");
        html_ul(h, p->acts, item_activiteit);
    }
    if (p->bijlagen->n) {
        html_lit(h, "<h2>Bijlagen</h2>\n");
        html_list_docs(h, p->bijlagen, NULL, false);
    }
    if (p->zaakdocs->n) {
        html_lit(h, "<h2>Andere documenten in dezelfde zaak</h2>\n");
        html_list_docs(h, p->zaakdocs, NULL, false);
    }
    html_text_section(q, p);
    html_lit(h, "</article>\n");
    page_end(q);
}

static const char *tstate_name(enum text_state s)
{
    switch (s) {
    case TC_READY: return "ok";
    case TC_PENDING: return "pending";
    case TC_FAILED: return "failed";
    case TC_NO_FILE: return "no_file";
    default: return "disabled";
    }
}

static void json_page(struct req *q, struct doc_page *p)
{
    struct jsonw *j = &q->j;
    const char *nummer = rv(p->d, 0, "nummer");
    jw_obj_begin(j);
    jw_kv_str(j, "type", "document");
    jw_key(j, "document");
    jw_obj_begin(j);
    rows_json_fields(j, p->d, 0);
    jw_obj_end(j);
    jw_key(j, "links");
    jw_obj_begin(j);
    struct buf b = BUF_INIT;
    buf_printf(&b, "/document/%s", nummer);
    jw_kv_str(j, "html", buf_cstr(&b));
    buf_adds(&b, "/bestand");
    jw_kv_str(j, "bestand", p->has_file ? buf_cstr(&b) : NULL);
    buf_reset(&b);
    tk_url_buf(&b, p);
    jw_kv_str(j, "tweedekamer", buf_cstr(&b));
    buf_reset(&b);
    const char *ext = rv(p->d, 0, "externeidentifier");
    if (ext && *ext)
        buf_printf(&b, "https://zoek.officielebekendmakingen.nl/%s.html", ext);
    jw_kv_str(j, "officielebekendmakingen", ext && *ext ? buf_cstr(&b) : NULL);
    buf_free(&b);
    jw_obj_end(j);
    jw_key(j, "actoren");
    rows_json(j, p->actors, NULL, NULL);
    jw_key(j, "dossiers");
    rows_json(j, p->dossiers, NULL, NULL);
    jw_key(j, "bron");
    rows_json(j, p->bron, NULL, NULL);
    jw_key(j, "bijlagen");
    rows_json(j, p->bijlagen, NULL, NULL);
    jw_key(j, "zaken");
    jw_arr_begin(j);
    for (size_t i = 0; i < p->zaken->n; i++)
        json_zaak(q, &p->z, i);
    jw_arr_end(j);
    jw_key(j, "activiteiten");
    rows_json(j, p->acts, NULL, NULL);
    jw_key(j, "zaakdocumenten");
    rows_json(j, p->zaakdocs, NULL, NULL);
    jw_key(j, "tekst");
    jw_obj_begin(j);
    jw_kv_str(j, "status", tstate_name(p->tstate));
    jw_key(j, "tekst");
    if (p->tstate == TC_READY)
        jw_strn(j, p->text.data ? p->text.data : "", p->text.len);
    else
        jw_null(j);
    jw_obj_end(j);
    jw_obj_end(j);
}

PAGE(page_document)
{
    REQ_OPEN(q);
    const char *nummer = route_arg(a, "nummer");
    struct doc_page p;
    memset(&p, 0, sizeof p);
    p.d = Q(&q, Q_DOC, "s", nummer);
    if (!p.d)
        return req_done(&q, 500);
    if (!p.d->n)
        return req_done(&q, site_not_found(&q, "Er is geen document met dit nummer in onze kopie "
                                               "van de Kamergegevens."));
    const char *id = rv(p.d, 0, "id");
    p.actors = Q(&q, Q_DOC_ACTORS, "s", id);
    p.dossiers = Q(&q, Q_DOC_DOSSIERS, "ss", id, rv(p.d, 0, "titel"));
    p.zaken = Q(&q, Q_DOC_ZAKEN, "s", id);
    p.acts = Q(&q, Q_DOC_ACTIVITEITEN, "s", id);
    p.bijlagen = Q(&q, Q_DOC_BIJLAGEN, "s", id);
    p.bron = Q(&q, Q_DOC_BRON, "s", id);
    p.zaakdocs = Q(&q, Q_DOC_ZAAKDOCS, "s", id);
    if (!p.actors || !p.dossiers || !p.zaken || !p.acts || !p.bijlagen || !p.bron || !p.zaakdocs ||
        zaak_ctx_load(&q, p.zaken, &p.z))
        return req_done(&q, 500);
    char path[4096];
    struct stat st;
    p.has_file = files_path(q.site, id, path, sizeof path) == 0 && stat(path, &st) == 0;
    p.tstate = text_get(q.site, id, rv(p.d, 0, "content_type"), q.site->cfg.text_wait_ms, &p.text);
    req_start(&q);
    if (q.fmt == FMT_JSON)
        json_page(&q, &p);
    else
        html_page(&q, &p);
    buf_free(&p.text);
    return req_done(&q, 0);
}

/* The static content type for a file: only types we know, else octet-stream. */
static const char *file_ct(const char *ct)
{
    static const struct {
        const char *prefix, *value;
    } known[] = {
        {"application/pdf", "application/pdf"},
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"application/msword", "application/msword"},
        {"application/rtf", "application/rtf"},
        {"text/xml", "text/xml; charset=utf-8"},
        {"application/xml", "application/xml"},
        {"image/jpeg", "image/jpeg"},
        {"image/png", "image/png"},
        {"application/vnd.ms-excel", "application/vnd.ms-excel"},
        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    };
    for (size_t i = 0; ct && i < sizeof known / sizeof known[0]; i++)
        if (!strncmp(ct, known[i].prefix, strlen(known[i].prefix)))
            return known[i].value;
    return "application/octet-stream";
}

/* An ASCII file name (letters, digits, '-', '.') and its RFC 5987 UTF-8 form. */
static void disposition(const char *nummer, const char *onderwerp, const char *ext,
                        struct buf *out)
{
    struct buf ascii = BUF_INIT, utf = BUF_INIT;
    struct buf name = BUF_INIT;
    buf_printf(&name, "%s-%s", nummer, onderwerp ? onderwerp : "");
    size_t max = 120, n = 0;
    bool dash = false;
    for (const unsigned char *s = (const unsigned char *)buf_cstr(&name); *s && n < max; s++, n++) {
        unsigned char c = *s;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (ok) {
            buf_addc(&ascii, (char)c);
            dash = false;
        } else if (!dash && c < 0x80) {
            buf_addc(&ascii, '-');
            dash = true;
        }
        if (ok || c == '-' || c == '.' || c == '_')
            buf_addc(&utf, (char)c);
        else if (c >= 0x80 || c == ' ')
            buf_printf(&utf, "%%%02X", c);
        else
            buf_addc(&utf, '-');
    }
    while (ascii.len && ascii.data[ascii.len - 1] == '-')
        buf_truncate(&ascii, ascii.len - 1);
    buf_printf(out, "inline; filename=\"%s.%s\"; filename*=UTF-8''%s.%s", buf_cstr(&ascii), ext,
               buf_cstr(&utf), ext);
    buf_free(&ascii);
    buf_free(&utf);
    buf_free(&name);
}

PAGE(page_document_file)
{
    REQ_OPEN(q);
    struct rows *d = Q(&q, Q_DOC_FILE, "s", route_arg(a, "nummer"));
    if (!d)
        return req_done(&q, 500);
    if (!d->n)
        return req_done(&q, site_not_found(&q, "Er is geen document met dit nummer."));
    char path[4096];
    if (files_path(q.site, rv(d, 0, "id"), path, sizeof path))
        return req_done(&q, site_not_found(&q, "Het bestand van dit document is (nog) niet "
                                               "gedownload."));
    /* Streamed from disk by the core (ranges, 304), never read into memory here. */
    if (http_response_file(rs, path))
        return req_done(&q, site_not_found(&q, "Het bestand van dit document is (nog) niet "
                                               "gedownload. Probeer het later opnieuw, of open "
                                               "het op tweedekamer.nl."));
    const char *ct = rv(d, 0, "content_type");
    rs->content_type = file_ct(ct);
    struct buf cd = BUF_INIT;
    disposition(rv(d, 0, "nummer"), rv(d, 0, "onderwerp"), ext_of(rv(d, 0, "extensie"), ct), &cd);
    http_add_header(rs, "Content-Disposition", buf_cstr(&cd));
    buf_free(&cd);
    rs->cache = HTTP_CACHE_PUBLIC;
    rs->max_age = 3600;
    return req_done(&q, 0);
}
