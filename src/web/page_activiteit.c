/*
 * page_activiteit — /activiteit/<nummer>: one activity (debate, committee meeting, ...) with
 * its room, participants, agenda items with their documents and zaken, the decisions taken
 * there with votes, and commitments made; also as JSON and as a one-event iCal file
 * (/activiteit/<nummer>/agenda.ics).
 */
#include <stdio.h>
#include <string.h>

#include "web/site_int.h"

static bool eq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

static void html_docs_for(struct html *h, const struct rows *docs, const char *ap)
{
    bool any = false;
    for (size_t i = 0; i < docs->n; i++) {
        if (!eq(rs_(docs, i, "_agendapunt"), ap))
            continue;
        if (!any)
            html_lit(h, "<ul class=\"docs\">\n");
        any = true;
        html_lit(h, "<li>");
        link_document(h, rv(docs, i, "nummer"), NULL);
        html_soort_onderwerp(h, docs, i);
        html_lit(h, "</li>\n");
    }
    if (any)
        html_lit(h, "</ul>\n");
}

static void html_zaken_for(struct req *q, const struct rows *zaken, const struct zaak_ctx *z,
                           const char *ap, const char *act_nummer)
{
    struct html *h = &q->h;
    for (size_t i = 0; i < zaken->n; i++) {
        if (!eq(rs_(zaken, i, "_agendapunt"), ap))
            continue;
        html_lit(h, "<p>Zaak ");
        link_zaak(h, rv(zaken, i, "nummer"), NULL);
        html_soort_onderwerp(h, zaken, i);
        html_lit(h, "</p>\n");
        /* decisions on this zaak taken at this activity */
        const char *zid = rv(zaken, i, "id");
        for (size_t k = 0; z->besluiten && k < z->besluiten->n; k++) {
            const struct rows *b = z->besluiten;
            if (!eq(rv(b, k, "_zaak"), zid) || !eq(rv(b, k, "activiteit_nummer"), act_nummer))
                continue;
            html_lit(h, "<div class=\"besluit\"><p>Besluit: <strong>");
            html_text(h, rv(b, k, "besluitTekst") ? rv(b, k, "besluitTekst")
                                                  : rv(b, k, "besluitSoort"));
            html_lit(h, "</strong></p>");
            html_votes(h, z->votes, rv(b, k, "id"), false);
            html_lit(h, "</div>\n");
        }
    }
}

static const char *title_of(const struct rows *act)
{
    const char *t = rv(act, 0, "onderwerp");
    return t && *t ? t : rs_(act, 0, "soort");
}

static void item_deelnemer(struct html *h, const struct rows *actors, size_t i)
{
    if (rv(actors, i, "commissie_afkorting") && !rv(actors, i, "persoon_nummer")) {
        html_lit(h, "<a href=\"/commissie/");
        html_url_part(h, rv(actors, i, "commissie_afkorting"));
        html_lit(h, "\">");
        html_text(h, rv(actors, i, "naam"));
        html_lit(h, "</a>");
    } else {
        link_persoon(h, rv(actors, i, "persoon_nummer"), rv(actors, i, "naam"));
    }
    html_paren(h, rv(actors, i, "fractie"));
    html_lit(h, " <span class=\"meta\">\xE2\x80\x94 ");
    html_text(h, rv(actors, i, "relatie"));
    if (rv(actors, i, "spreektijd")) {
        html_lit(h, ", spreektijd ");
        html_text(h, rv(actors, i, "spreektijd"));
    }
    html_lit(h, "</span>");
}

static void item_toezegging(struct html *h, const struct rows *tz, size_t i)
{
    if (rv(tz, i, "nummer")) {
        html_lit(h, "<a href=\"/toezegging/");
        html_url_part(h, rv(tz, i, "nummer"));
        html_lit(h, "\">");
        html_text(h, rv(tz, i, "nummer"));
        html_lit(h, "</a>: ");
    }
    html_text(h, rv(tz, i, "tekst"));
    html_lit(h, " <span class=\"meta\">(");
    html_text(h, rv(tz, i, "naam"));
    html_lit(h, ", ");
    html_text(h, rv(tz, i, "status"));
    html_lit(h, ")</span>");
}

PAGE(page_activiteit)
{
    REQ_OPEN(q);
    struct rows *act = Q(&q, Q_ACT, "s", route_arg(a, "nummer"));
    if (!act)
        return req_done(&q, 500);
    if (!act->n)
        return req_done(&q, site_not_found(&q, "Er is geen activiteit met dit nummer."));
    const char *id = rv(act, 0, "id");
    const char *nummer = rv(act, 0, "nummer");
    if (q.fmt == FMT_ICAL) {
        struct rows *ev = Q(&q, Q_ACT_EVENT, "s", id);
        if (!ev)
            return req_done(&q, 500);
        req_start(&q);
        ical_calendar(&q, title_of(act), ev);
        return req_done(&q, 0);
    }
    struct rows *actors = Q(&q, Q_ACT_ACTORS, "s", id);
    struct rows *aps = Q(&q, Q_ACT_AGENDAPUNTEN, "s", id);
    struct rows *docs = Q(&q, Q_ACT_DOCS, "s", id);
    struct rows *zaken = Q(&q, Q_ACT_ZAKEN, "s", id);
    struct rows *zaal = Q(&q, Q_ACT_ZAAL, "s", id);
    struct rows *tz = Q(&q, Q_ACT_TOEZEGGINGEN, "s", id);
    struct zaak_ctx zc;
    if (!actors || !aps || !docs || !zaken || !zaal || !tz || zaak_ctx_load(&q, zaken, &zc))
        return req_done(&q, 500);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        struct jsonw *j = &q.j;
        jw_obj_begin(j);
        jw_kv_str(j, "type", "activiteit");
        jw_key(j, "activiteit");
        jw_obj_begin(j);
        rows_json_fields(j, act, 0);
        jw_kv_str(j, "zaal", zaal->n ? rv(zaal, 0, "naam") : NULL);
        jw_obj_end(j);
        jw_key(j, "actoren");
        rows_json(j, actors, NULL, NULL);
        jw_key(j, "agendapunten");
        jw_arr_begin(j);
        for (size_t i = 0; i < aps->n; i++) {
            jw_obj_begin(j);
            rows_json_fields(j, aps, i);
            jw_key(j, "documenten");
            rows_json(j, docs, "_agendapunt", rv(aps, i, "_id"));
            jw_key(j, "zaken");
            rows_json(j, zaken, "_agendapunt", rv(aps, i, "_id"));
            jw_obj_end(j);
        }
        jw_arr_end(j);
        jw_key(j, "documenten");
        rows_json(j, docs, "_agendapunt", "");
        jw_key(j, "zaken");
        jw_arr_begin(j);
        for (size_t i = 0; i < zaken->n; i++) {
            bool dup = false;
            for (size_t k = 0; k < i && !dup; k++)
                dup = eq(rv(zaken, k, "id"), rv(zaken, i, "id"));
            if (!dup)
                json_zaak(&q, &zc, i);
        }
        jw_arr_end(j);
        jw_key(j, "toezeggingen");
        rows_json(j, tz, NULL, NULL);
        jw_obj_end(j);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    const char *title = rv(act, 0, "onderwerp") ? rv(act, 0, "onderwerp") : rv(act, 0, "soort");
    char ics[96];
    snprintf(ics, sizeof ics, "/activiteit/%.40s/agenda.ics", nummer);
    struct page_meta m = {.title = title ? title : nummer, .description = rv(act, 0, "soort"),
                          .ical = true, .ical_href = ics};
    page_begin(&q, &m);
    html_lit(h, "<h1>");
    html_text(h, m.title);
    html_lit(h, "</h1>\n<p><span class=\"soort\">");
    html_text(h, rv(act, 0, "soort"));
    html_lit(h, "</span> ");
    if (ri(act, 0, "besloten"))
        html_lit(h, "<span class=\"soort\">besloten</span> ");
    html_text(h, rv(act, 0, "status"));
    html_lit(h, "</p>\n<dl class=\"facts\"><dt>Nummer</dt><dd>");
    html_text(h, nummer);
    html_lit(h, "</dd><dt>Datum</dt><dd>");
    if (rv(act, 0, "datum"))
        html_day(h, rv(act, 0, "datum"));
    else
        html_text(h, rv(act, 0, "datumSoort") ? rv(act, 0, "datumSoort") : "nog niet gepland");
    if (rv(act, 0, "aanvangstijd")) {
        html_lit(h, ", ");
        html_clock(h, rv(act, 0, "aanvangstijd"));
        if (rv(act, 0, "eindtijd")) {
            html_lit(h, "\xE2\x80\x93");
            html_clock(h, rv(act, 0, "eindtijd"));
        }
    }
    html_lit(h, "</dd>");
    if (zaal->n || rv(act, 0, "locatie")) {
        html_lit(h, "<dt>Plaats</dt><dd>");
        html_text(h, zaal->n ? rv(zaal, 0, "naam") : rv(act, 0, "locatie"));
        html_lit(h, "</dd>");
    }
    if (rv(act, 0, "voortouwafkorting")) {
        html_lit(h, "<dt>Voortouw</dt><dd><a href=\"/commissie/");
        html_url_part(h, rv(act, 0, "voortouwafkorting"));
        html_lit(h, "\">");
        html_text(h, rv(act, 0, "voortouwnaam") ? rv(act, 0, "voortouwnaam")
                                                : rv(act, 0, "voortouwafkorting"));
        html_lit(h, "</a></dd>");
    }
    html_lit(h, "<dt>Bijgewerkt</dt><dd>");
    html_datetime(h, rv(act, 0, "bijgewerkt"));
    html_lit(h, "</dd></dl>\n<p class=\"links\"><a href=\"");
    html_url(h, ics);
    html_lit(h, "\">In mijn agenda (iCal)</a> <a href=\"https://www.tweedekamer.nl/"
                "debat_en_vergadering/commissievergaderingen/details?id=");
    html_url_part(h, nummer);
    html_lit(h, "\">Pagina op tweedekamer.nl</a> <a href=\"/activiteit/");
    html_url_part(h, nummer);
    html_lit(h, "?format=json\">JSON</a></p>\n");
    if (rv(act, 0, "noot")) {
        html_lit(h, "<p class=\"notice\">");
        html_text(h, rv(act, 0, "noot"));
        html_lit(h, "</p>\n");
    }
    if (actors->n) {
        html_lit(h, "<h2>Deelnemers</h2>\n");
        html_ul(h, actors, item_deelnemer);
    }
    if (aps->n) {
        html_lit(h, "<h2>Agenda</h2>\n<ol>\n");
        for (size_t i = 0; i < aps->n; i++) {
            html_lit(h, "<li><h3>");
            html_text(h, rv(aps, i, "onderwerp"));
            html_lit(h, "</h3>");
            if (rv(aps, i, "rubriek")) {
                html_lit(h, "<p class=\"meta\">");
                html_text(h, rv(aps, i, "rubriek"));
                html_lit(h, "</p>");
            }
            if (rv(aps, i, "noot")) {
                html_lit(h, "<p>");
                html_autolink(h, rv(aps, i, "noot"), strlen(rv(aps, i, "noot")));
                html_lit(h, "</p>");
            }
            html_docs_for(h, docs, rv(aps, i, "_id"));
            html_zaken_for(&q, zaken, &zc, rv(aps, i, "_id"), nummer);
            html_lit(h, "</li>\n");
        }
        html_lit(h, "</ol>\n");
    }
    bool direct_docs = false;
    for (size_t i = 0; i < docs->n; i++)
        direct_docs = direct_docs || !*rs_(docs, i, "_agendapunt");
    if (direct_docs) {
        html_lit(h, "<h2>Documenten</h2>\n");
        html_docs_for(h, docs, "");
    }
    bool direct_zaken = false;
    for (size_t i = 0; i < zaken->n; i++)
        direct_zaken = direct_zaken || !*rs_(zaken, i, "_agendapunt");
    if (direct_zaken) {
        html_lit(h, "<h2>Zaken</h2>\n");
        html_zaken_for(&q, zaken, &zc, "", nummer);
    }
    if (tz->n) {
        html_lit(h, "<h2>Toezeggingen</h2>\n");
        html_ul(h, tz, item_toezegging);
    }
    return page_done(&q);
}
