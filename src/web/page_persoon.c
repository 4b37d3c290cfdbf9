/*
 * page_persoon — people and committees: /persoon/<nummer> (party history, committees,
 * documents, zaken, open written questions, activities, commitments made to them, gifts;
 * Atom of their documents; iCal of their activities), /persoon/<nummer>/foto (the photo from
 * FILES), /kamerleden (sitting members by party), /geschenken, /commissies and
 * /commissie/<afkorting> (members, activities, zaken; Atom; iCal).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/site_int.h"

static void person_name(const struct rows *p, size_t i, char *out, size_t len)
{
    const char *first = rv(p, i, "roepnaam") ? rv(p, i, "roepnaam") : rv(p, i, "initialen");
    const char *tv = rv(p, i, "tussenvoegsel");
    snprintf(out, len, "%s%s%s%s%s", first ? first : "", first ? " " : "", tv ? tv : "",
             tv ? " " : "", rs_(p, i, "achternaam"));
}

static void html_acts_table(struct html *h, const struct rows *acts, bool with_relatie)
{
    html_lit(h, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Datum</th>"
                "<th scope=\"col\">Activiteit</th><th scope=\"col\">Soort</th>");
    if (with_relatie)
        html_lit(h, "<th scope=\"col\">Rol</th>");
    html_lit(h, "<th scope=\"col\">Status</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < acts->n; i++) {
        html_lit(h, "<tr><td>");
        html_date(h, rv(acts, i, "datum"));
        html_lit(h, "</td><th scope=\"row\">");
        link_activiteit(h, rv(acts, i, "nummer"), rv(acts, i, "onderwerp"));
        html_lit(h, "</th><td>");
        html_text(h, rv(acts, i, "soort"));
        if (with_relatie) {
            html_td_text(h, rv(acts, i, "relatie"));
        }
        html_td_text(h, rv(acts, i, "status"));
        html_lit(h, "</td></tr>\n");
    }
    html_lit(h, "</tbody></table></div>\n");
}

static void html_doc_list(struct html *h, const struct rows *docs)
{
    html_lit(h, "<ul class=\"docs\">\n");
    for (size_t i = 0; i < docs->n; i++) {
        html_lit(h, "<li>");
        html_date(h, rv(docs, i, "datum"));
        html_lit(h, " ");
        link_document(h, rv(docs, i, "nummer"), NULL);
        html_soort_onderwerp(h, docs, i);
        html_lit(h, "</li>\n");
    }
    html_lit(h, "</ul>\n");
}

/* ---- list items of the person and commissie pages ---- */

static void item_fractie(struct html *h, const struct rows *fr, size_t i)
{
    html_text(h, rv(fr, i, "afkorting"));
    html_lit(h, " (");
    html_text(h, rv(fr, i, "functie"));
    html_lit(h, ") vanaf ");
    html_date(h, rv(fr, i, "van"));
    if (rv(fr, i, "totEnMet")) {
        html_lit(h, " tot ");
        html_date(h, rv(fr, i, "totEnMet"));
    }
}

static void item_commissie(struct html *h, const struct rows *com, size_t i)
{
    html_lit(h, "<a href=\"/commissie/");
    html_url_part(h, rv(com, i, "afkorting"));
    html_lit(h, "\">");
    html_text(h, rv(com, i, "naamNl"));
    html_lit(h, "</a> (");
    html_text(h, rv(com, i, "functie"));
    html_lit(h, ")");
    if (rv(com, i, "totEnMet")) {
        html_lit(h, " tot ");
        html_date(h, rv(com, i, "totEnMet"));
    }
}

static void item_vraag(struct html *h, const struct rows *vragen, size_t i)
{
    html_date(h, rv(vragen, i, "gestartOp"));
    html_lit(h, " ");
    link_zaak(h, rv(vragen, i, "nummer"), NULL);
    html_lit(h, " ");
    html_text(h, rv(vragen, i, "onderwerp"));
}

static void item_toezegging(struct html *h, const struct rows *tz, size_t i)
{
    html_lit(h, "<a href=\"/toezegging/");
    html_url_part(h, rs_(tz, i, "nummer"));
    html_lit(h, "\">");
    html_text(h, rv(tz, i, "nummer"));
    html_lit(h, "</a>: ");
    html_text(h, rv(tz, i, "tekst"));
    html_lit(h, " <span class=\"meta\">(");
    html_text(h, rv(tz, i, "status"));
    html_lit(h, ")</span>");
}

static void item_geschenk(struct html *h, const struct rows *gifts, size_t i)
{
    html_date(h, rv(gifts, i, "datum"));
    html_lit(h, ": ");
    html_text(h, rv(gifts, i, "omschrijving"));
}

static void item_lid(struct html *h, const struct rows *leden, size_t i)
{
    char name[256];
    person_name(leden, i, name, sizeof name);
    link_persoon(h, rv(leden, i, "nummer"), name);
    html_paren(h, rv(leden, i, "fractie"));
    html_lit(h, " <span class=\"meta\">");
    html_text(h, rv(leden, i, "functie"));
    html_lit(h, "</span>");
}

PAGE(page_persoon)
{
    REQ_OPEN(q);
    const char *nummer = route_arg(a, "nummer");
    struct rows *p = Q(&q, Q_PERSOON, "s", nummer);
    if (!p)
        return req_done(&q, 500);
    if (!p->n)
        return req_done(&q, site_not_found(&q, "Er is geen persoon met dit nummer."));
    const char *id = rv(p, 0, "id");
    char name[256];
    person_name(p, 0, name, sizeof name);
    if (q.fmt == FMT_ICAL) {
        char from[TM_UTC_LEN];
        nl_day_start_utc(q.now, -90, from);
        struct rows *acts = Q(&q, Q_AGENDA, "sss", from, NULL, nummer);
        if (!acts)
            return req_done(&q, 500);
        req_start(&q);
        ical_calendar(&q, name, acts);
        return req_done(&q, 0);
    }
    struct rows *docs = Q(&q, Q_PERSOON_DOCS, "s", id);
    if (!docs)
        return req_done(&q, 500);
    if (q.fmt == FMT_ATOM) {
        req_start(&q);
        atom_begin(&q, name, rv(p, 0, "bijgewerkt"));
        for (size_t i = 0; i < docs->n; i++)
            atom_row(&q, "/document/", docs, i, "bijgewerkt");
        atom_end(&q);
        return req_done(&q, 0);
    }
    struct rows *fr = Q(&q, Q_PERSOON_FRACTIE, "s", id);
    struct rows *com = Q(&q, Q_PERSOON_COMMISSIES, "s", id);
    struct rows *zaken = Q(&q, Q_PERSOON_ZAKEN, "s", id);
    struct rows *acts = Q(&q, Q_PERSOON_ACTIVITEITEN, "s", id);
    struct rows *gifts = Q(&q, Q_PERSOON_GESCHENKEN, "s", id);
    struct rows *tz = Q(&q, Q_PERSOON_TOEZEGGINGEN, "s", id);
    struct rows *vragen = Q(&q, Q_PERSOON_VRAGEN, "s", id);
    if (!fr || !com || !zaken || !acts || !gifts || !tz || !vragen)
        return req_done(&q, 500);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        struct jsonw *j = &q.j;
        jw_obj_begin(j);
        jw_kv_str(j, "type", "persoon");
        jw_key(j, "persoon");
        jw_obj_begin(j);
        rows_json_fields(j, p, 0);
        jw_kv_str(j, "naam", name);
        jw_obj_end(j);
        jw_key(j, "fracties");
        rows_json(j, fr, NULL, NULL);
        jw_key(j, "commissies");
        rows_json(j, com, NULL, NULL);
        jw_key(j, "documenten");
        rows_json(j, docs, NULL, NULL);
        jw_key(j, "zaken");
        rows_json(j, zaken, NULL, NULL);
        jw_key(j, "open_vragen");
        rows_json(j, vragen, NULL, NULL);
        jw_key(j, "activiteiten");
        rows_json(j, acts, NULL, NULL);
        jw_key(j, "toezeggingen");
        rows_json(j, tz, NULL, NULL);
        jw_key(j, "geschenken");
        rows_json(j, gifts, NULL, NULL);
        jw_obj_end(j);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    char ics[96];
    snprintf(ics, sizeof ics, "/persoon/%.40s/agenda.ics", nummer);
    struct page_meta m = {.title = name, .description = rv(p, 0, "functie"), .atom = true,
                          .ical = true, .ical_href = ics};
    page_begin(&q, &m);
    html_lit(h, "<h1>");
    html_text(h, name);
    html_lit(h, "</h1>\n");
    if (rv(p, 0, "content_type")) {
        html_lit(h, "<img class=\"portrait\" width=\"160\" src=\"/persoon/");
        html_url_part(h, nummer);
        html_lit(h, "/foto\" alt=\"Foto van ");
        html_text(h, name);
        html_lit(h, "\">\n");
    }
    html_lit(h, "<dl class=\"facts\"><dt>Functie</dt><dd>");
    html_text(h, rv(p, 0, "functie"));
    html_lit(h, "</dd>");
    if (fr->n) {
        html_lit(h, "<dt>Fractie</dt><dd>");
        html_text(h, rv(fr, 0, "naamNl") ? rv(fr, 0, "naamNl") : rv(fr, 0, "afkorting"));
        if (rv(fr, 0, "totEnMet")) {
            html_lit(h, " (tot ");
            html_date(h, rv(fr, 0, "totEnMet"));
            html_lit(h, ")");
        }
        html_lit(h, "</dd>");
    }
    html_fact(h, "Woonplaats", rv(p, 0, "woonplaats"));
    if (rv(p, 0, "geboortedatum")) {
        html_lit(h, "<dt>Geboren</dt><dd>");
        html_date(h, rv(p, 0, "geboortedatum"));
        if (rv(p, 0, "geboorteplaats")) {
            html_lit(h, ", ");
            html_text(h, rv(p, 0, "geboorteplaats"));
        }
        html_lit(h, "</dd>");
    }
    html_lit(h, "</dl>\n<p class=\"links\"><a href=\"/persoon/");
    html_url_part(h, nummer);
    html_lit(h, "/atom\">Volg (Atom)</a> <a href=\"");
    html_url(h, ics);
    html_lit(h, "\">Agenda (iCal)</a> <a href=\"/persoon/");
    html_url_part(h, nummer);
    html_lit(h, "?format=json\">JSON</a></p>\n");
    if (fr->n > 1) {
        html_lit(h, "<h2>Fractiegeschiedenis</h2>\n");
        html_ul(h, fr, item_fractie);
    }
    if (com->n) {
        html_lit(h, "<h2>Commissies</h2>\n");
        html_ul(h, com, item_commissie);
    }
    if (vragen->n) {
        html_lit(h, "<h2>Onbeantwoorde schriftelijke vragen</h2>\n");
        html_ul(h, vragen, item_vraag);
    }
    if (docs->n) {
        html_lit(h, "<h2>Documenten</h2>\n");
        html_doc_list(h, docs);
    }
    if (zaken->n) {
        html_lit(h, "<h2>Zaken</h2>\n");
        html_ul(h, zaken, html_zaak_item);
    }
    if (acts->n) {
        html_lit(h, "<h2>Activiteiten</h2>\n");
        html_acts_table(h, acts, true);
    }
    if (tz->n) {
        html_lit(h, "<h2>Toezeggingen aan ");
        html_text(h, name);
        html_lit(h, "</h2>\n");
        html_ul(h, tz, item_toezegging);
    }
    if (gifts->n) {
        html_lit(h, "<h2>Geschenken</h2>\n");
        html_ul(h, gifts, item_geschenk);
    }
    return page_done(&q);
}

PAGE(page_persoon_foto)
{
    REQ_OPEN(q);
    struct rows *p = Q(&q, Q_PERSOON_PHOTO, "s", route_arg(a, "nummer"));
    if (!p)
        return req_done(&q, 500);
    char path[4096];
    if (!p->n || files_path(q.site, rv(p, 0, "id"), path, sizeof path) ||
        read_file(path, 8u << 20, &rs->body)) {
        buf_reset(&rs->body);
        return req_done(&q, site_not_found(&q, "Van deze persoon is geen foto beschikbaar."));
    }
    const char *ct = rs_(p, 0, "content_type");
    rs->content_type = !strcmp(ct, "image/png") ? "image/png" : "image/jpeg";
    rs->cache = HTTP_CACHE_PUBLIC;
    rs->max_age = 86400;
    return req_done(&q, 0);
}

PAGE(page_kamerleden)
{
    REQ_OPEN(q);
    struct rows *k = Q(&q, Q_KAMERLEDEN, "");
    if (!k)
        return req_done(&q, 500);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        json_rows_answer(&q, "kamerleden", "kamerleden", k);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Kamerleden"};
    page_begin(&q, &m);
    html_lit(h, "<h1>Kamerleden</h1>\n<p>De zittende leden van de Tweede Kamer, per fractie (");
    html_int(h, (int64_t)k->n);
    html_lit(h, " leden).</p>\n");
    const char *cur = NULL;
    for (size_t i = 0; i < k->n; i++) {
        const char *f = rs_(k, i, "fractie");
        if (!cur || strcmp(cur, f)) {
            if (cur)
                html_lit(h, "</ul>\n");
            size_t n = 0;
            for (size_t j = i; j < k->n && !strcmp(rs_(k, j, "fractie"), f); j++)
                n++;
            html_lit(h, "<h2>");
            html_text(h, rv(k, i, "fractie_naam") ? rv(k, i, "fractie_naam")
                         : *f                     ? f
                                                  : "Fractie onbekend");
            html_lit(h, " (");
            html_int(h, (int64_t)n);
            html_lit(h, ")</h2>\n<ul class=\"persons\">\n");
            cur = f;
        }
        char name[256];
        person_name(k, i, name, sizeof name);
        html_lit(h, "<li>");
        if (ri(k, i, "foto")) {
            html_lit(h, "<img loading=\"lazy\" width=\"128\" src=\"/persoon/");
            html_url_part(h, rs_(k, i, "nummer"));
            html_lit(h, "/foto\" alt=\"\">");
        }
        link_persoon(h, rv(k, i, "nummer"), name);
        if (rv(k, i, "functie") && strcmp(rv(k, i, "functie"), "Lid")) {
            html_lit(h, "<br><span class=\"meta\">");
            html_text(h, rv(k, i, "functie"));
            html_lit(h, "</span>");
        }
        html_lit(h, "</li>\n");
    }
    if (cur)
        html_lit(h, "</ul>\n");
    return page_done(&q);
}

PAGE(page_geschenken)
{
    REQ_OPEN(q);
    int64_t page = param_int(&q, "pagina", 1, 1, 10000);
    struct rows *g = Q(&q, Q_GESCHENKEN, "ii", (int64_t)SITE_PAGE + 1, (page - 1) * SITE_PAGE);
    if (!g)
        return req_done(&q, 500);
    bool more = g->n > SITE_PAGE;
    if (more)
        g->n = SITE_PAGE;
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        json_list_answer(&q, "geschenken", page, more, "geschenken", g);
        return req_done(&q, 0);
    }
    if (q.fmt == FMT_ATOM) {
        atom_begin(&q, "Geschenken", g->n ? rv(g, 0, "bijgewerkt") : NULL);
        for (size_t i = 0; i < g->n; i++) {
            char name[256], path[96];
            person_name(g, i, name, sizeof name);
            snprintf(path, sizeof path, "/persoon/%.40s#geschenk-%.20s",
                     rs_(g, i, "persoon_nummer"), rs_(g, i, "datum"));
            atom_entry(&q, path, name, rv(g, i, "bijgewerkt"), rv(g, i, "omschrijving"), NULL);
        }
        atom_end(&q);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Geschenken", .atom = true};
    page_begin(&q, &m);
    html_lit(h, "<h1>Geschenken</h1>\n<p>Geschenken en voordelen die Kamerleden hebben gemeld, "
                "nieuwste eerst.</p>\n<div class=\"table-wrap\"><table><thead><tr>"
                "<th scope=\"col\">Datum</th><th scope=\"col\">Kamerlid</th>"
                "<th scope=\"col\">Omschrijving</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < g->n; i++) {
        char name[256];
        person_name(g, i, name, sizeof name);
        html_lit(h, "<tr><td>");
        html_date(h, rv(g, i, "datum"));
        html_lit(h, "</td><th scope=\"row\">");
        link_persoon(h, rv(g, i, "persoon_nummer"), name);
        html_lit(h, "</th><td>");
        html_text(h, rv(g, i, "omschrijving"));
        html_lit(h, "</td></tr>\n");
    }
    html_lit(h, "</tbody></table></div>\n");
    return list_done(&q, page, more);
}

PAGE(page_commissies)
{
    REQ_OPEN(q);
    struct rows *c = Q(&q, Q_COMMISSIES, "");
    if (!c)
        return req_done(&q, 500);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        json_rows_answer(&q, "commissies", "commissies", c);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Commissies"};
    page_begin(&q, &m);
    html_lit(h, "<h1>Commissies</h1>\n<div class=\"table-wrap\"><table><thead><tr>"
                "<th scope=\"col\">Commissie</th><th scope=\"col\">Afkorting</th>"
                "<th scope=\"col\">Soort</th><th scope=\"col\">Laatste activiteit</th>"
                "</tr></thead><tbody>\n");
    for (size_t i = 0; i < c->n; i++) {
        html_lit(h, "<tr><th scope=\"row\"><a href=\"/commissie/");
        html_url_part(h, rv(c, i, "afkorting"));
        html_lit(h, "\">");
        html_text(h, rv(c, i, "naamNl") ? rv(c, i, "naamNl") : rv(c, i, "afkorting"));
        html_lit(h, "</a>");
        if (rv(c, i, "datumInactief"))
            html_lit(h, " <span class=\"meta\">(opgeheven)</span>");
        html_lit(h, "</th><td>");
        html_text(h, rv(c, i, "afkorting"));
        html_td_text(h, rv(c, i, "soort"));
        html_td_date(h, rv(c, i, "laatste_activiteit"));
        html_lit(h, "</td></tr>\n");
    }
    html_lit(h, "</tbody></table></div>\n");
    return page_done(&q);
}

/* What a commissie page shows. c and leden are NULL for a commissie known only from actor
 * records (an afkorting or name in ZaakActor, a voortouwafkorting of an Activiteit). */
struct com_page {
    const char *afk, *naam;
    const struct rows *c, *leden, *acts, *zaken;
};

static void commissie_atom(struct req *q, const struct com_page *p)
{
    const struct rows *acts = p->acts, *zaken = p->zaken;
    atom_begin(q, p->naam, p->c ? rv(p->c, 0, "bijgewerkt") : acts->n ? rv(acts, 0, "bijgewerkt")
                                                                      : rv(zaken, 0, "bijgewerkt"));
    for (size_t i = 0; i < acts->n; i++)
        atom_row(q, "/activiteit/", acts, i, "bijgewerkt");
    for (size_t i = 0; i < zaken->n; i++)
        atom_row(q, "/zaak/", zaken, i, "bijgewerkt");
    atom_end(q);
}

static void commissie_json(struct req *q, const struct com_page *p)
{
    struct jsonw *j = &q->j;
    jw_obj_begin(j);
    jw_kv_str(j, "type", p->c ? "commissie" : "commissie_actor");
    jw_key(j, "commissie");
    jw_obj_begin(j);
    if (p->c) {
        rows_json_fields(j, p->c, 0);
    } else {
        jw_kv_str(j, "afkorting", p->afk);
        jw_kv_str(j, "naam", p->naam);
    }
    jw_obj_end(j);
    if (p->leden) {
        jw_key(j, "leden");
        rows_json(j, p->leden, NULL, NULL);
    }
    jw_key(j, "activiteiten");
    rows_json(j, p->acts, NULL, NULL);
    jw_key(j, "zaken");
    rows_json(j, p->zaken, NULL, NULL);
    jw_obj_end(j);
}

static void commissie_html(struct req *q, const struct com_page *p)
{
    struct html *h = &q->h;
    const char *afk = p->afk;
    const struct rows *c = p->c, *leden = p->leden, *acts = p->acts, *zaken = p->zaken;
    char ics[96];
    snprintf(ics, sizeof ics, "/commissie/%.40s/agenda.ics", afk);
    struct page_meta m = {.title = p->naam, .atom = true, .ical = true, .ical_href = ics};
    page_begin(q, &m);
    html_lit(h, "<h1>");
    html_text(h, p->naam);
    html_lit(h, "</h1>\n<p class=\"sub\">");
    html_text(h, afk);
    if (c && rv(c, 0, "soort")) {
        html_lit(h, " \xC2\xB7 ");
        html_text(h, rv(c, 0, "soort"));
    }
    html_lit(h, "</p>\n");
    if (!c)
        html_lit(h, "<p class=\"notice\">Deze commissie komt in de gegevens van de Tweede Kamer "
                    "alleen voor als deelnemer aan zaken of activiteiten, niet als commissie met "
                    "leden. Hieronder staat wat zij onder deze naam deed.</p>\n");
    html_lit(h, "<p class=\"links\"><a href=\"/commissie/");
    html_url_part(h, afk);
    html_lit(h, "/atom\">Volg (Atom)</a> <a href=\"");
    html_url(h, ics);
    html_lit(h, "\">Agenda (iCal; agenda-apps halen dit eens per paar uur op)</a> "
                "<a href=\"/activiteiten?commissie=");
    html_url_part(h, afk);
    html_lit(h, "\">Komende activiteiten</a></p>\n");
    if (leden && leden->n) {
        html_lit(h, "<h2>Leden</h2>\n");
        html_ul(h, leden, item_lid);
    }
    if (acts->n) {
        html_lit(h, "<h2>Activiteiten</h2>\n");
        html_acts_table(h, acts, false);
    }
    if (zaken->n) {
        html_lit(h, "<h2>Zaken</h2>\n");
        html_ul(h, zaken, html_zaak_item);
    }
    page_end(q);
}

/* The route after /commissie/<afkorting>, kept on a redirect. */
static const char *commissie_suffix(const struct http_request *rq)
{
    size_t n = strlen(rq->path);
    if (n >= 5 && !strcmp(rq->path + n - 5, "/atom"))
        return "/atom";
    if (n >= 11 && !strcmp(rq->path + n - 11, "/agenda.ics"))
        return "/agenda.ics";
    const char *f = http_param(rq, "format");
    if (f && (!strcmp(f, "json") || !strcmp(f, "atom")))
        return !strcmp(f, "json") ? "?format=json" : "?format=atom";
    return NULL;
}

PAGE(page_commissie)
{
    REQ_OPEN(q);
    const char *afk = route_arg(a, "afkorting");
    struct rows *c = Q(&q, Q_COMMISSIE, "s", afk);
    if (!c)
        return req_done(&q, 500);
    if (!c->n) {
        /* Known only from an actor record: the real commissie when one matches, else a page
         * of what the actor did, so that no link to a commissie ends in a 404. */
        struct rows *real = Q(&q, Q_COMMISSIE_RESOLVE, "s", afk);
        if (!real)
            return req_done(&q, 500);
        if (real->n && strcasecmp(rs_(real, 0, "afkorting"), afk))
            return req_done(&q, site_redirect(rs, 302, "/commissie/", rv(real, 0, "afkorting"),
                                              commissie_suffix(rq)));
        c = NULL;
    }
    const char *id = c ? rv(c, 0, "id") : NULL;
    if (c)
        afk = rv(c, 0, "afkorting");
    struct rows *acts = Q(&q, Q_COMMISSIE_ACTIVITEITEN, "ss", id, afk);
    struct rows *zaken = c ? Q(&q, Q_COMMISSIE_ZAKEN, "s", id) : Q(&q, Q_ACTOR_ZAKEN, "s", afk);
    struct rows *leden = c ? Q(&q, Q_COMMISSIE_LEDEN, "s", id) : NULL;
    if (!acts || !zaken || (c && !leden))
        return req_done(&q, 500);
    if (!c && !acts->n && !zaken->n)
        return req_done(&q, site_not_found(&q, "Er is geen commissie met deze afkorting."));
    const char *naam = afk;
    if (c && rv(c, 0, "naamNl"))
        naam = rv(c, 0, "naamNl");
    else if (!c && zaken->n && rv(zaken, 0, "naam"))
        naam = rv(zaken, 0, "naam");
    else if (!c && acts->n && rv(acts, 0, "voortouwnaam"))
        naam = rv(acts, 0, "voortouwnaam");
    struct com_page p = {afk, naam, c, leden, acts, zaken};
    if (q.fmt == FMT_ICAL) {
        char from[TM_UTC_LEN];
        nl_day_start_utc(q.now, -90, from);
        struct rows *agenda = Q(&q, Q_AGENDA, "sss", from, afk, NULL);
        if (!agenda)
            return req_done(&q, 500);
        req_start(&q);
        ical_calendar(&q, naam, agenda);
        return req_done(&q, 0);
    }
    req_start(&q);
    if (q.fmt == FMT_ATOM)
        commissie_atom(&q, &p);
    else if (q.fmt == FMT_JSON)
        commissie_json(&q, &p);
    else
        commissie_html(&q, &p);
    return req_done(&q, 0);
}
