/*
 * page_lists — the list pages of the navigation: / (overzicht), /activiteiten,
 * /activiteiten/ongepland, /besluiten, /stemmingen, /dossiers, /open-vragen, /toezeggingen,
 * /toezegging/<nummer>, /verslagen. Each is paged (SITE_PAGE rows, "pagina" parameter) or
 * bounded by a LIMIT, filterable with plain GET forms, and available as JSON (and, for the
 * followable ones, Atom).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/tm.h"
#include "web/site_int.h"

#define PAGE_ROWS_PLUS_ONE ((int64_t)SITE_PAGE + 1)

static bool eq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* A non-empty query parameter, else NULL. */
static const char *param(const struct req *q, const char *name)
{
    const char *v = http_param(q->rq, name);
    return v && *v ? v : NULL;
}

/* ?name=YYYY-MM-DD as the UTC text of that local midnight; def_days (from today) when
 * absent; "" (no bound) when def_days is INT32_MIN. Returns 400 for a malformed date. */
static int day_param(const struct req *q, const char *name, int def_days, char out[TM_UTC_LEN])
{
    const char *v = param(q, name);
    out[0] = '\0';
    if (!v) {
        if (def_days != INT32_MIN)
            nl_day_start_utc(q->now, def_days, out);
        return 0;
    }
    if (strlen(v) != 10 || !tm_valid_date(v, 10))
        return 400;
    int y = atoi(v);
    unsigned m = (unsigned)atoi(v + 5), d = (unsigned)atoi(v + 8);
    tm_format_utc(tm_from_amsterdam(tm_days_from_civil(y, m, d) * 86400), out);
    return 0;
}

static void html_option(struct html *h, const char *value, const char *label, const char *cur)
{
    html_lit(h, "<option value=\"");
    html_text(h, value);
    html_lit(h, "\"");
    if (eq(value, cur))
        html_lit(h, " selected");
    html_lit(h, ">");
    html_text(h, label);
    html_lit(h, "</option>");
}

static void html_input_date(struct html *h, const char *name, const char *label,
                            const char *value)
{
    html_lit(h, "<label>");
    html_text(h, label);
    html_lit(h, " <input type=\"date\" name=\"");
    html_text(h, name);
    html_lit(h, "\" value=\"");
    html_text(h, value);
    html_lit(h, "\"></label>");
}

static bool trim_more(struct rows *r)
{
    bool more = r->n > SITE_PAGE;
    if (more)
        r->n = SITE_PAGE;
    return more;
}

/* ---- / ---- */

PAGE(page_front)
{
    REQ_OPEN(q);
    int64_t page = param_int(&q, "pagina", 1, 1, 1000);
    int64_t regering = param_int(&q, "regering", 0, 0, 1);
    struct rows *docs = Q(&q, Q_FRONT_DOCS, "iii", regering, PAGE_ROWS_PLUS_ONE,
                          (page - 1) * SITE_PAGE);
    if (!docs)
        return req_done(&q, 500);
    bool more = trim_more(docs);
    struct buf ids = BUF_INIT;
    rows_id_list(docs, "_id", &ids);
    struct rows *bij = Q(&q, Q_FRONT_BIJLAGEN, "s", buf_cstr(&ids));
    buf_free(&ids);
    char d0[TM_UTC_LEN], d1[TM_UTC_LEN];
    nl_day_start_utc(q.now, 0, d0);
    nl_day_start_utc(q.now, 1, d1);
    struct rows *today = Q(&q, Q_FRONT_VANDAAG, "ss", d0, d1);
    struct rows *vs = Q(&q, Q_FRONT_VERSLAGEN, "ii", (int64_t)10, (int64_t)0);
    if (!bij || !today || !vs)
        return req_done(&q, 500);
    req_start(&q);
    if (q.fmt == FMT_ATOM) {
        atom_begin(&q, regering ? "Nieuwe regeringsdocumenten" : "Nieuwe documenten",
                   docs->n ? rv(docs, 0, "bijgewerkt") : NULL);
        for (size_t i = 0; i < docs->n; i++)
            atom_row(&q, "/document/", docs, i, "bijgewerkt");
        atom_end(&q);
        return req_done(&q, 0);
    }
    if (q.fmt == FMT_JSON) {
        struct jsonw *j = &q.j;
        json_list_head(&q, "overzicht", page, more);
        jw_kv_bool(j, "regering", regering);
        jw_key(j, "documenten");
        jw_arr_begin(j);
        for (size_t i = 0; i < docs->n; i++) {
            jw_obj_begin(j);
            rows_json_fields(j, docs, i);
            jw_key(j, "bijlagen");
            rows_json(j, bij, "_parent", rv(docs, i, "_id"));
            jw_obj_end(j);
        }
        jw_arr_end(j);
        jw_key(j, "vandaag");
        rows_json(j, today, NULL, NULL);
        jw_key(j, "verslagen");
        rows_json(j, vs, NULL, NULL);
        jw_obj_end(j);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Overzicht",
                          .description = "Nieuwe documenten, activiteiten en verslagen van de "
                                         "Tweede Kamer",
                          .atom = true};
    page_begin(&q, &m);
    html_lit(h, "<h1>Overzicht</h1>\n<form class=\"filters\" method=\"get\" action=\"/\">"
                "<label><span>Toon</span><select name=\"regering\">");
    html_option(h, "0", "alle documenten", regering ? "1" : "0");
    html_option(h, "1", "alleen regeringsdocumenten", regering ? "1" : "0");
    html_lit(h, "</select></label><button type=\"submit\">Toon</button> <a href=\"/atom");
    if (regering)
        html_lit(h, "?regering=1");
    html_lit(h, "\">Volg via Atom</a></form>\n");
    if (page == 1) {
        html_lit(h, "<h2>Vandaag</h2>\n");
        if (!today->n)
            html_lit(h, "<p>Vandaag staan er geen activiteiten op de agenda.</p>\n");
        else {
            html_lit(h, "<ul>\n");
            for (size_t i = 0; i < today->n; i++) {
                html_lit(h, "<li>");
                html_clock(h, rv(today, i, "aanvangstijd"));
                html_lit(h, " ");
                link_activiteit(h, rv(today, i, "nummer"), rv(today, i, "onderwerp"));
                html_lit(h, " <span class=\"meta\">(");
                html_text(h, rv(today, i, "soort"));
                if (rv(today, i, "zaal")) {
                    html_lit(h, ", ");
                    html_text(h, rv(today, i, "zaal"));
                }
                html_lit(h, ")</span></li>\n");
            }
            html_lit(h, "</ul>\n");
        }
    }
    html_lit(h, "<h2>Nieuwste documenten</h2>\n<ul class=\"docs\">\n");
    for (size_t i = 0; i < docs->n; i++) {
        html_lit(h, "<li>");
        html_date(h, rv(docs, i, "datum"));
        html_lit(h, " <span class=\"soort\">");
        html_text(h, rv(docs, i, "soort"));
        html_lit(h, "</span> ");
        link_document(h, rv(docs, i, "nummer"), rv(docs, i, "onderwerp"));
        if (rv(docs, i, "voortouw")) {
            html_lit(h, " <span class=\"meta\">(");
            html_text(h, rv(docs, i, "voortouw"));
            html_lit(h, ")</span>");
        }
        bool any = false;
        for (size_t k = 0; k < bij->n; k++) {
            if (!eq(rv(bij, k, "_parent"), rv(docs, i, "_id")))
                continue;
            if (!any)
                html_lit(h, "<ul>");
            any = true;
            html_lit(h, "<li>Bijlage: ");
            link_document(h, rv(bij, k, "nummer"), rv(bij, k, "onderwerp"));
            html_lit(h, "</li>");
        }
        if (any)
            html_lit(h, "</ul>");
        html_lit(h, "</li>\n");
    }
    html_lit(h, "</ul>\n");
    html_pager(&q, page, more);
    if (page == 1 && vs->n) {
        html_lit(h, "<h2>Nieuwste verslagen</h2>\n<ul>\n");
        for (size_t i = 0; i < vs->n; i++) {
            html_lit(h, "<li>");
            html_date(h, rv(vs, i, "datum"));
            html_lit(h, " <a href=\"/verslag/");
            html_url_part(h, rs_(vs, i, "vergadering"));
            html_lit(h, "\">");
            html_text(h, rv(vs, i, "titel"));
            html_lit(h, "</a> <span class=\"meta\">(");
            html_text(h, rv(vs, i, "vergadering_soort"));
            html_lit(h, ", ");
            html_text(h, rv(vs, i, "status"));
            html_lit(h, ")</span></li>\n");
        }
        html_lit(h, "</ul>\n<p><a href=\"/verslagen\">Alle verslagen</a></p>\n");
    }
    return page_done(&q);
}

/* ---- activities ---- */

static void html_acts_by_day(struct html *h, const struct rows *acts, bool with_day)
{
    char cur[11] = "";
    bool open = false;
    for (size_t i = 0; i < acts->n; i++) {
        char day[11];
        nl_local_day(rv(acts, i, "datum"), day);
        if (with_day && strcmp(day, cur)) {
            if (open)
                html_lit(h, "</tbody></table></div>\n");
            memcpy(cur, day, sizeof cur);
            html_lit(h, "<h2 id=\"d");
            html_text(h, day);
            html_lit(h, "\">");
            html_day(h, rv(acts, i, "datum"));
            html_lit(h, "</h2>\n");
            open = false;
        }
        if (!open) {
            html_lit(h, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Tijd</th>"
                        "<th scope=\"col\">Activiteit</th><th scope=\"col\">Soort</th>"
                        "<th scope=\"col\">Commissie</th><th scope=\"col\">Zaal</th>"
                        "<th scope=\"col\">Status</th></tr></thead><tbody>\n");
            open = true;
        }
        html_lit(h, "<tr><td>");
        if (with_day)
            html_clock(h, rv(acts, i, "aanvangstijd"));
        else
            html_datetime(h, rv(acts, i, "bijgewerkt"));
        html_lit(h, "</td><th scope=\"row\">");
        link_activiteit(h, rv(acts, i, "nummer"),
                        rv(acts, i, "onderwerp") ? rv(acts, i, "onderwerp") : rv(acts, i, "soort"));
        if (ri(acts, i, "besloten"))
            html_lit(h, " <span class=\"soort\">besloten</span>");
        html_lit(h, "</th><td>");
        html_text(h, rv(acts, i, "soort"));
        html_lit(h, "</td><td>");
        if (rv(acts, i, "voortouwafkorting")) {
            html_lit(h, "<a href=\"/commissie/");
            html_url_part(h, rv(acts, i, "voortouwafkorting"));
            html_lit(h, "\">");
            html_text(h, rv(acts, i, "voortouwafkorting"));
            html_lit(h, "</a>");
        }
        html_td_text(h, rv(acts, i, "zaal") ? rv(acts, i, "zaal") : rv(acts, i, "locatie"));
        html_td_text(h, rv(acts, i, "status"));
        html_lit(h, "</td></tr>\n");
    }
    if (open)
        html_lit(h, "</tbody></table></div>\n");
}

static void html_commissie_select(struct html *h, const struct rows *com, const char *cur)
{
    html_lit(h, "<label>Commissie <select name=\"commissie\">");
    html_option(h, "", "alle commissies", cur ? cur : "");
    for (size_t i = 0; com && i < com->n; i++)
        html_option(h, rs_(com, i, "afkorting"),
                    rv(com, i, "naamNl") ? rv(com, i, "naamNl") : rs_(com, i, "afkorting"), cur);
    html_lit(h, "</select></label>");
}

PAGE(page_activiteiten)
{
    REQ_OPEN(q);
    char from[TM_UTC_LEN], to[TM_UTC_LEN];
    if (day_param(&q, "van", 0, from))
        return req_done(&q, 400);
    int64_t dagen = param_int(&q, "dagen", 14, 1, 92);
    int64_t page = param_int(&q, "pagina", 1, 1, 1000);
    int64_t t0 = nl_utc(from);
    nl_day_start_utc(t0 + 43200, (int)dagen, to);
    const char *com = param(&q, "commissie"), *soort = param(&q, "soort");
    struct rows *acts = Q(&q, Q_ACTIVITEITEN, "ssssii", from, to, com, soort,
                          (int64_t)4 * SITE_PAGE + 1, (page - 1) * 4 * SITE_PAGE);
    if (!acts)
        return req_done(&q, 500);
    bool more = acts->n > 4 * SITE_PAGE;
    if (more)
        acts->n = 4 * SITE_PAGE;
    req_start(&q);
    if (q.fmt == FMT_ICAL) {
        ical_calendar(&q, "Tweede Kamer: activiteiten", acts);
        return req_done(&q, 0);
    }
    if (q.fmt == FMT_JSON) {
        json_list_head(&q, "activiteiten", page, more);
        jw_kv_str(&q.j, "van", from);
        jw_kv_str(&q.j, "tot", to);
        jw_key(&q.j, "activiteiten");
        rows_json(&q.j, acts, NULL, NULL);
        jw_obj_end(&q.j);
        return req_done(&q, 0);
    }
    struct rows *coms = Q(&q, Q_COMMISSIES, "");
    struct rows *soorten = Q(&q, Q_ACTIVITEITEN_SOORTEN, "");
    struct html *h = &q.h;
    struct page_meta m = {.title = "Activiteiten", .ical = true, .ical_href = "/agenda.ics"};
    page_begin(&q, &m);
    char vanday[11];
    nl_local_day(from, vanday);
    html_lit(h, "<h1>Activiteiten</h1>\n<p>Debatten, commissievergaderingen en andere "
                "activiteiten van ");
    html_date(h, from);
    html_lit(h, " tot ");
    html_date(h, to);
    html_lit(h, ". <a href=\"/agenda.ics\">Hele agenda in je agenda-app (iCal)</a>; agenda-apps "
                "halen zo'n abonnement eens per paar uur op.</p>\n"
                "<form class=\"filters\" method=\"get\" action=\"/activiteiten\">");
    html_input_date(h, "van", "Vanaf", vanday);
    html_commissie_select(h, coms, com);
    html_lit(h, "<label>Soort <select name=\"soort\">");
    html_option(h, "", "alle soorten", soort ? soort : "");
    for (size_t i = 0; soorten && i < soorten->n; i++)
        html_option(h, rs_(soorten, i, "soort"), rs_(soorten, i, "soort"), soort);
    html_lit(h, "</select></label><button type=\"submit\">Filter</button></form>\n");
    if (!acts->n)
        html_lit(h, "<p>Geen activiteiten in deze periode. Kies een andere datum.</p>\n");
    html_acts_by_day(h, acts, true);
    return list_done(&q, page, more);
}

PAGE(page_agenda_ics)
{
    REQ_OPEN(q);
    char from[TM_UTC_LEN];
    nl_day_start_utc(q.now, -30, from);
    struct rows *acts = Q(&q, Q_AGENDA, "sss", from, param(&q, "commissie"), NULL);
    if (!acts)
        return req_done(&q, 500);
    q.fmt = FMT_ICAL;
    req_start(&q);
    ical_calendar(&q, "Tweede Kamer: activiteiten", acts);
    return req_done(&q, 0);
}

PAGE(page_ongepland)
{
    REQ_OPEN(q);
    int64_t page = param_int(&q, "pagina", 1, 1, 1000);
    const char *com = param(&q, "commissie");
    struct rows *acts = Q(&q, Q_ONGEPLAND, "iis", PAGE_ROWS_PLUS_ONE, (page - 1) * SITE_PAGE, com);
    if (!acts)
        return req_done(&q, 500);
    bool more = trim_more(acts);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        json_list_answer(&q, "ongeplande_activiteiten", page, more, "activiteiten", acts);
        return req_done(&q, 0);
    }
    struct rows *coms = Q(&q, Q_COMMISSIES, "");
    struct html *h = &q.h;
    struct page_meta m = {.title = "Ongeplande activiteiten"};
    page_begin(&q, &m);
    html_lit(h, "<h1>Ongeplande activiteiten</h1>\n<p>Activiteiten zonder vaste datum, laatst "
                "gewijzigde eerst (de eerste kolom is het moment van wijzigen).</p>\n"
                "<form class=\"filters\" method=\"get\" action=\"/activiteiten/ongepland\">");
    html_commissie_select(h, coms, com);
    html_lit(h, "<button type=\"submit\">Filter</button></form>\n");
    if (!acts->n)
        html_lit(h, "<p>Er zijn geen ongeplande activiteiten.</p>\n");
    html_acts_by_day(h, acts, false);
    return list_done(&q, page, more);
}

/* ---- decisions and votes ---- */

PAGE(page_besluiten)
{
    REQ_OPEN(q);
    char from[TM_UTC_LEN], to[TM_UTC_LEN];
    if (day_param(&q, "van", INT32_MIN, from) || day_param(&q, "tot", INT32_MIN, to))
        return req_done(&q, 400);
    int64_t page = param_int(&q, "pagina", 1, 1, 1000);
    struct rows *b = Q(&q, Q_BESLUITEN, "ssii", from[0] ? from : NULL, to[0] ? to : NULL,
                       PAGE_ROWS_PLUS_ONE, (page - 1) * SITE_PAGE);
    if (!b)
        return req_done(&q, 500);
    bool more = trim_more(b);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        json_list_answer(&q, "besluiten", page, more, "besluiten", b);
        return req_done(&q, 0);
    }
    if (q.fmt == FMT_ATOM) {
        atom_begin(&q, "Besluiten", b->n ? rv(b, 0, "activiteit_datum") : NULL);
        for (size_t i = 0; i < b->n; i++) {
            char path[96], title[600];
            snprintf(path, sizeof path, "/zaak/%.40s#besluit-%.40s", rs_(b, i, "zaak_nummer"),
                     rs_(b, i, "id"));
            snprintf(title, sizeof title, "%.300s: %.250s", rs_(b, i, "zaak_onderwerp"),
                     rs_(b, i, "besluitTekst"));
            atom_entry(&q, path, title, rv(b, i, "activiteit_datum"), rv(b, i, "besluitSoort"),
                       rv(b, i, "besluitSoort"));
        }
        atom_end(&q);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Besluiten", .atom = true};
    page_begin(&q, &m);
    char d0[11], d1[11];
    nl_local_day(from, d0);
    nl_local_day(to, d1);
    html_lit(h, "<h1>Besluiten</h1>\n<p>Besluiten van de Kamer en haar commissies, nieuwste "
                "eerst.</p>\n<form class=\"filters\" method=\"get\" action=\"/besluiten\">");
    html_input_date(h, "van", "Vanaf", d0);
    html_input_date(h, "tot", "Tot", d1);
    html_lit(h, "<button type=\"submit\">Filter</button></form>\n<div class=\"table-wrap\">"
                "<table><thead><tr><th scope=\"col\">Datum</th><th scope=\"col\">Zaak</th>"
                "<th scope=\"col\">Besluit</th><th scope=\"col\">Indiener</th></tr></thead>"
                "<tbody>\n");
    for (size_t i = 0; i < b->n; i++) {
        html_lit(h, "<tr><td>");
        html_date(h, rv(b, i, "activiteit_datum"));
        html_lit(h, "<br>");
        link_activiteit(h, rv(b, i, "activiteit_nummer"), rv(b, i, "activiteit_soort"));
        html_lit(h, "</td><th scope=\"row\">");
        link_zaak(h, rv(b, i, "zaak_nummer"), NULL);
        html_lit(h, " ");
        html_text(h, rv(b, i, "zaak_onderwerp") ? rv(b, i, "zaak_onderwerp")
                                                : rv(b, i, "agendapunt_onderwerp"));
        html_lit(h, "</th><td><strong>");
        html_text(h, rv(b, i, "besluitTekst"));
        html_lit(h, "</strong><br><span class=\"meta\">");
        html_text(h, rv(b, i, "besluitSoort"));
        html_lit(h, "</span>");
        if (rv(b, i, "opmerking")) {
            html_lit(h, "<br>");
            html_text(h, rv(b, i, "opmerking"));
        }
        html_td_text(h, rv(b, i, "indiener"));
        html_lit(h, "</td></tr>\n");
    }
    html_lit(h, "</tbody></table></div>\n");
    if (!b->n)
        html_lit(h, "<p>Geen besluiten gevonden.</p>\n");
    return list_done(&q, page, more);
}

static const char *outcome_class(const char *soort)
{
    if (soort && strstr(soort, "aangenomen"))
        return "uitslag-aangenomen";
    if (soort && strstr(soort, "verworpen"))
        return "uitslag-verworpen";
    return "uitslag-overig";
}

PAGE(page_stemmingen)
{
    REQ_OPEN(q);
    char from[TM_UTC_LEN], to[TM_UTC_LEN];
    if (day_param(&q, "van", INT32_MIN, from) || day_param(&q, "tot", INT32_MIN, to))
        return req_done(&q, 400);
    const char *uitslag = param(&q, "uitslag"), *fractie = param(&q, "fractie");
    const char *stem = param(&q, "stem"), *soort = param(&q, "soort");
    if (uitslag && strcmp(uitslag, "aangenomen") && strcmp(uitslag, "verworpen"))
        return req_done(&q, 400);
    if (stem && strcmp(stem, "Voor") && strcmp(stem, "Tegen"))
        return req_done(&q, 400);
    int64_t page = param_int(&q, "pagina", 1, 1, 1000);
    struct rows *b = Q(&q, Q_STEMMINGEN, "ssssssii", from[0] ? from : NULL, to[0] ? to : NULL,
                       uitslag, fractie, stem, soort, PAGE_ROWS_PLUS_ONE, (page - 1) * SITE_PAGE);
    if (!b)
        return req_done(&q, 500);
    bool more = trim_more(b);
    struct buf ids = BUF_INIT;
    rows_id_list(b, "id", &ids);
    struct rows *v = Q(&q, Q_STEMMINGEN_VOTES, "s", buf_cstr(&ids));
    buf_free(&ids);
    if (!v)
        return req_done(&q, 500);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        struct jsonw *j = &q.j;
        json_list_head(&q, "stemmingen", page, more);
        jw_key(j, "stemmingen");
        jw_arr_begin(j);
        for (size_t i = 0; i < b->n; i++) {
            jw_obj_begin(j);
            rows_json_fields(j, b, i);
            json_votes(j, v, rv(b, i, "id"));
            jw_obj_end(j);
        }
        jw_arr_end(j);
        jw_obj_end(j);
        return req_done(&q, 0);
    }
    if (q.fmt == FMT_ATOM) {
        atom_begin(&q, "Stemmingen", b->n ? rv(b, 0, "activiteit_datum") : NULL);
        for (size_t i = 0; i < b->n; i++) {
            char path[96], title[600];
            struct tally t;
            tally_votes(v, rv(b, i, "id"), &t);
            snprintf(path, sizeof path, "/zaak/%.40s#besluit-%.40s", rs_(b, i, "zaak_nummer"),
                     rs_(b, i, "id"));
            snprintf(title, sizeof title, "%.40s (%lld-%lld): %.400s", rs_(b, i, "besluitTekst"),
                     (long long)t.voor, (long long)t.tegen, rs_(b, i, "zaak_onderwerp"));
            atom_entry(&q, path, title, rv(b, i, "activiteit_datum"), rv(b, i, "zaak_titel"),
                       rv(b, i, "zaak_soort"));
        }
        atom_end(&q);
        return req_done(&q, 0);
    }
    struct rows *fr = Q(&q, Q_FRACTIES, "");
    struct html *h = &q.h;
    struct page_meta m = {.title = "Stemmingen", .atom = true};
    page_begin(&q, &m);
    char d0[11], d1[11];
    nl_local_day(from, d0);
    nl_local_day(to, d1);
    html_lit(h, "<h1>Stemmingen</h1>\n<p>Uitslagen van stemmingen over moties, amendementen en "
                "wetsvoorstellen, nieuwste eerst. De balk telt zetels (bij een hoofdelijke "
                "stemming: leden); de streep markeert de helft.</p>\n"
                "<form class=\"filters\" method=\"get\" action=\"/stemmingen\">");
    html_input_date(h, "van", "Vanaf", d0);
    html_input_date(h, "tot", "Tot", d1);
    html_lit(h, "<label>Uitslag <select name=\"uitslag\">");
    html_option(h, "", "alle", uitslag ? uitslag : "");
    html_option(h, "aangenomen", "aangenomen", uitslag);
    html_option(h, "verworpen", "verworpen", uitslag);
    html_lit(h, "</select></label><label>Soort <select name=\"soort\">");
    html_option(h, "", "alle", soort ? soort : "");
    html_option(h, "Motie", "moties", soort);
    html_option(h, "Amendement", "amendementen", soort);
    html_option(h, "Wetgeving", "wetsvoorstellen", soort);
    html_lit(h, "</select></label><label>Fractie <select name=\"fractie\">");
    html_option(h, "", "alle", fractie ? fractie : "");
    for (size_t i = 0; fr && i < fr->n; i++)
        html_option(h, rs_(fr, i, "afkorting"), rs_(fr, i, "afkorting"), fractie);
    html_lit(h, "</select></label><label>stemde <select name=\"stem\">");
    html_option(h, "", "voor of tegen", stem ? stem : "");
    html_option(h, "Voor", "voor", stem);
    html_option(h, "Tegen", "tegen", stem);
    html_lit(h, "</select></label><button type=\"submit\">Filter</button></form>\n");
    if (!b->n)
        html_lit(h, "<p>Geen stemmingen gevonden.</p>\n");
    for (size_t i = 0; i < b->n; i++) {
        html_lit(h, "<article class=\"");
        html_text(h, outcome_class(rv(b, i, "besluitSoort")));
        html_lit(h, "\"><h2>");
        if (rv(b, i, "document_nummer"))
            link_document(h, rv(b, i, "document_nummer"), rv(b, i, "zaak_onderwerp"));
        else
            html_text(h, rv(b, i, "zaak_onderwerp"));
        html_lit(h, "</h2>\n<p class=\"meta\">");
        html_date(h, rv(b, i, "activiteit_datum"));
        html_lit(h, " \xC2\xB7 <span class=\"soort\">");
        html_text(h, rv(b, i, "zaak_soort"));
        html_lit(h, "</span> ");
        link_zaak(h, rv(b, i, "zaak_nummer"), NULL);
        if (rv(b, i, "indiener")) {
            html_lit(h, " \xC2\xB7 ingediend door ");
            html_text(h, rv(b, i, "indiener"));
        }
        html_lit(h, "</p>\n<p><strong>");
        html_text(h, rv(b, i, "besluitTekst"));
        html_lit(h, "</strong> ");
        if (rv(b, i, "stemmingsSoort")) {
            html_lit(h, "<span class=\"meta\">(");
            html_text(h, rv(b, i, "stemmingsSoort"));
            html_lit(h, ")</span>");
        }
        html_lit(h, "</p>\n");
        html_votes(h, v, rv(b, i, "id"), false);
        html_lit(h, "<details><summary>Stem per fractie of Kamerlid</summary>");
        html_votes(h, v, rv(b, i, "id"), true);
        html_lit(h, "</details></article>\n");
    }
    return list_done(&q, page, more);
}

/* ---- dossiers ---- */

PAGE(page_dossiers)
{
    REQ_OPEN(q);
    const char *zoek = param(&q, "q");
    int64_t page = param_int(&q, "pagina", 1, 1, 1000);
    struct rows *k = Q(&q, Q_DOSSIERS, "sii", zoek, PAGE_ROWS_PLUS_ONE, (page - 1) * SITE_PAGE);
    if (!k)
        return req_done(&q, 500);
    bool more = trim_more(k);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        json_list_answer(&q, "dossiers", page, more, "dossiers", k);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Kamerstukdossiers"};
    page_begin(&q, &m);
    html_lit(h, "<h1>Kamerstukdossiers</h1>\n<p>Dossiers met het nieuwste document eerst.</p>\n"
                "<form class=\"filters\" method=\"get\" action=\"/dossiers\"><label>Titel of "
                "nummer <input type=\"search\" name=\"q\" value=\"");
    html_text(h, zoek);
    html_lit(h, "\"></label><button type=\"submit\">Zoek</button></form>\n"
                "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Dossier</th>"
                "<th scope=\"col\">Titel</th><th scope=\"col\" class=\"num\">Documenten</th>"
                "<th scope=\"col\">Laatste document</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < k->n; i++) {
        html_lit(h, "<tr><th scope=\"row\">");
        char id[96];
        dossier_id(rv(k, i, "nummer"), rv(k, i, "toevoeging"), id, sizeof id);
        link_dossier(h, rv(k, i, "nummer"), rv(k, i, "toevoeging"), id);
        html_lit(h, "</th><td>");
        html_text(h, rv(k, i, "titel"));
        if (ri(k, i, "afgesloten"))
            html_lit(h, " <span class=\"meta\">(afgesloten)</span>");
        html_lit(h, "</td><td class=\"num\">");
        html_int(h, ri(k, i, "documenten"));
        html_td_date(h, rv(k, i, "laatste_document"));
        html_lit(h, "</td></tr>\n");
    }
    html_lit(h, "</tbody></table></div>\n");
    if (!k->n)
        html_lit(h, "<p>Geen dossiers gevonden.</p>\n");
    return list_done(&q, page, more);
}

/* ---- open questions ---- */

#define OPEN_TERM_DAYS 21

/* "minister van Onderwijs, Cultuur en Wetenschap" -> "Onderwijs, Cultuur en Wetenschap" */
static const char *ministry_of(const char *functie)
{
    static const char *const pre[] = {"minister van ", "minister voor ", "staatssecretaris van ",
                                      "staatssecretaris voor ", "Minister van ", "Minister voor ",
                                      "Staatssecretaris van ", "Staatssecretaris voor "};
    if (!functie)
        return NULL;
    if (strstr(functie, "minister-president") || strstr(functie, "Minister-President"))
        return "Algemene Zaken";
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++)
        if (!strncmp(functie, pre[i], strlen(pre[i])))
            return functie + strlen(pre[i]);
    return functie;
}

struct count {
    const char *key, *label, *link;
    int n;
};

static void count_add(struct count *c, size_t *n, size_t cap, const char *key, const char *label,
                      const char *link)
{
    if (!key || !*key)
        return;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(c[i].key, key)) {
            c[i].n++;
            return;
        }
    if (*n < cap)
        c[(*n)++] = (struct count){key, label, link, 1};
}

static int count_cmp(const void *a, const void *b)
{
    const struct count *x = a, *y = b;
    return y->n != x->n ? y->n - x->n : strcmp(x->key, y->key);
}

static void html_counts(struct html *h, const char *title, struct count *c, size_t n,
                        const char *param_name)
{
    qsort(c, n, sizeof *c, count_cmp);
    html_lit(h, "<section class=\"counts\"><h3>");
    html_text(h, title);
    html_lit(h, "</h3><ul>");
    for (size_t i = 0; i < n && i < 40; i++) {
        html_lit(h, "<li>");
        if (param_name) {
            html_lit(h, "<a href=\"/open-vragen?");
            html_text(h, param_name);
            html_lit(h, "=");
            html_url_part(h, c[i].key);
            html_lit(h, "\">");
            html_text(h, c[i].label);
            html_lit(h, "</a>");
        } else if (c[i].link) {
            link_persoon(h, c[i].link, c[i].label);
        } else {
            html_text(h, c[i].label);
        }
        html_lit(h, ": ");
        html_int(h, c[i].n);
        html_lit(h, "</li>");
    }
    html_lit(h, "</ul></section>\n");
}

PAGE(page_open_vragen)
{
    REQ_OPEN(q);
    const char *fractie = param(&q, "fractie"), *ministerie = param(&q, "ministerie");
    char since[TM_UTC_LEN], late[TM_UTC_LEN];
    nl_day_start_utc(q.now, -5 * 366, since);
    nl_day_start_utc(q.now, -OPEN_TERM_DAYS, late);
    struct rows *z = Q(&q, Q_OPEN_VRAGEN, "sss", since, fractie, ministerie);
    if (!z)
        return req_done(&q, 500);
    struct buf ids = BUF_INIT;
    rows_id_list(z, "_id", &ids);
    struct rows *act = Q(&q, Q_OPEN_VRAGEN_ACTORS, "s", buf_cstr(&ids));
    buf_free(&ids);
    if (!act)
        return req_done(&q, 500);
    size_t nlate = 0;
    bool *is_late = calloc(z->n ? z->n : 1, sizeof *is_late);
    if (!is_late)
        return req_done(&q, 500);
    for (size_t i = 0; i < z->n; i++) {
        is_late[i] = strcmp(rs_(z, i, "gestartOp"), late) < 0 && ri(z, i, "uitstel") == 0;
        nlate += is_late[i];
    }
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        struct jsonw *j = &q.j;
        jw_obj_begin(j);
        jw_kv_str(j, "type", "open_vragen");
        jw_kv_int(j, "aantal", (int64_t)z->n);
        jw_kv_int(j, "te_laat", (int64_t)nlate);
        jw_kv_int(j, "termijn_dagen", OPEN_TERM_DAYS);
        jw_key(j, "vragen");
        jw_arr_begin(j);
        for (size_t i = 0; i < z->n; i++) {
            jw_obj_begin(j);
            rows_json_fields(j, z, i);
            jw_kv_bool(j, "te_laat", is_late[i]);
            jw_key(j, "actoren");
            rows_json(j, act, "_zaak", rv(z, i, "_id"));
            jw_obj_end(j);
        }
        jw_arr_end(j);
        jw_obj_end(j);
        free(is_late);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Open vragen"};
    page_begin(&q, &m);
    html_lit(h, "<h1>Open vragen</h1>\n<p>Schriftelijke vragen van de afgelopen vijf jaar zonder "
                "antwoord (en niet ingetrokken). Een antwoord hoort binnen drie weken te komen; "
                "\xE2\x80\x9Cte laat\xE2\x80\x9D betekent: ouder dan drie weken en geen "
                "uitstelbericht ontvangen.</p>\n<p><strong>");
    html_int(h, (int64_t)z->n);
    html_lit(h, "</strong> open vragen, waarvan <strong class=\"late\">");
    html_int(h, (int64_t)nlate);
    html_lit(h, "</strong> te laat zonder uitstel.");
    if (fractie || ministerie) {
        html_lit(h, " Filter: ");
        html_text(h, fractie ? fractie : ministerie);
        html_lit(h, " (<a href=\"/open-vragen\">alle vragen</a>)");
    }
    html_lit(h, "</p>\n");
    size_t cap = act->n + 1, nf = 0, np = 0, nm = 0;
    struct count *cf = calloc(cap, sizeof *cf), *cp = calloc(cap, sizeof *cp),
                 *cm = calloc(cap, sizeof *cm);
    if (cf && cp && cm) {
        for (size_t i = 0; i < act->n; i++) {
            const char *rel = rs_(act, i, "relatie");
            if (!strcmp(rel, "Indiener")) {
                count_add(cf, &nf, cap, rv(act, i, "fractie"), rv(act, i, "fractie"), NULL);
                count_add(cp, &np, cap, rv(act, i, "naam"), rv(act, i, "naam"),
                          rv(act, i, "persoon_nummer"));
            } else if (!strcmp(rel, "Gericht aan")) {
                const char *mi = ministry_of(rv(act, i, "functie"));
                count_add(cm, &nm, cap, mi, mi, NULL);
            }
        }
        html_lit(h, "<div class=\"counts-wrap\">");
        html_counts(h, "Per fractie (vragensteller)", cf, nf, "fractie");
        html_counts(h, "Per ministerie", cm, nm, "ministerie");
        html_counts(h, "Per Kamerlid", cp, np, NULL);
        html_lit(h, "</div>\n");
    }
    free(cf);
    free(cp);
    free(cm);
    html_lit(h, "<h2>Vragen</h2>\n<div class=\"table-wrap\"><table><thead><tr>"
                "<th scope=\"col\">Gesteld</th><th scope=\"col\">Vragen</th>"
                "<th scope=\"col\">Vragensteller</th><th scope=\"col\">Aan</th>"
                "<th scope=\"col\">Status</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < z->n && i < 1000; i++) {
        html_lit(h, "<tr><td>");
        html_date(h, rv(z, i, "gestartOp"));
        html_lit(h, "</td><th scope=\"row\">");
        if (rv(z, i, "document_nummer"))
            link_document(h, rv(z, i, "document_nummer"), rv(z, i, "onderwerp"));
        else
            html_text(h, rv(z, i, "onderwerp"));
        html_lit(h, " <span class=\"meta\">(");
        link_zaak(h, rv(z, i, "nummer"), NULL);
        html_lit(h, ")</span></th><td>");
        const char *id = rv(z, i, "_id");
        bool first = true;
        for (size_t k = 0; k < act->n; k++) {
            if (!eq(rv(act, k, "_zaak"), id) || strcmp(rs_(act, k, "relatie"), "Indiener"))
                continue;
            if (!first)
                html_lit(h, ", ");
            first = false;
            link_persoon(h, rv(act, k, "persoon_nummer"), rv(act, k, "naam"));
            html_paren(h, rv(act, k, "fractie"));
        }
        html_lit(h, "</td><td>");
        first = true;
        for (size_t k = 0; k < act->n; k++) {
            if (!eq(rv(act, k, "_zaak"), id) || strcmp(rs_(act, k, "relatie"), "Gericht aan"))
                continue;
            if (!first)
                html_lit(h, "; ");
            first = false;
            html_text(h, rv(act, k, "functie") ? rv(act, k, "functie") : rv(act, k, "naam"));
        }
        html_lit(h, "</td><td>");
        if (is_late[i])
            html_lit(h, "<span class=\"late\">te laat</span>");
        else if (ri(z, i, "uitstel"))
            html_lit(h, "uitstel gemeld");
        else
            html_lit(h, "binnen termijn");
        html_lit(h, "</td></tr>\n");
    }
    html_lit(h, "</tbody></table></div>\n");
    free(is_late);
    return page_done(&q);
}

/* ---- commitments ---- */

static void html_toezegging_row(struct html *h, const struct rows *t, size_t i)
{
    html_lit(h, "<tr><td>");
    html_date(h, rv(t, i, "aanmaakdatum"));
    html_lit(h, "</td><th scope=\"row\"><a href=\"/toezegging/");
    html_url_part(h, rs_(t, i, "nummer"));
    html_lit(h, "\">");
    html_text(h, rv(t, i, "nummer"));
    html_lit(h, "</a></th><td>");
    html_text(h, rv(t, i, "tekst"));
    html_td_text(h, rv(t, i, "naam"));
    if (rv(t, i, "ministerie")) {
        html_lit(h, "<br><span class=\"meta\">");
        html_text(h, rv(t, i, "ministerie"));
        html_lit(h, "</span>");
    }
    html_td_text(h, rv(t, i, "status"));
    html_lit(h, "</td></tr>\n");
}

PAGE(page_toezeggingen)
{
    REQ_OPEN(q);
    const char *status = param(&q, "status");
    int64_t open = !(status && !strcmp(status, "alle"));
    const char *min = param(&q, "ministerie"), *fr = param(&q, "fractie");
    int64_t page = param_int(&q, "pagina", 1, 1, 1000);
    struct rows *t = Q(&q, Q_TOEZEGGINGEN, "isssii", open, min, fr, NULL, PAGE_ROWS_PLUS_ONE,
                       (page - 1) * SITE_PAGE);
    struct rows *c = Q(&q, Q_TOEZEGGINGEN_COUNTS, "");
    if (!t || !c)
        return req_done(&q, 500);
    bool more = trim_more(t);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        json_list_head(&q, "toezeggingen", page, more);
        jw_key(&q.j, "toezeggingen");
        rows_json(&q.j, t, NULL, NULL);
        jw_key(&q.j, "open_per_ministerie");
        rows_json(&q.j, c, NULL, NULL);
        jw_obj_end(&q.j);
        return req_done(&q, 0);
    }
    if (q.fmt == FMT_ATOM) {
        atom_rows(&q, "Toezeggingen", t, "/toezegging/", "nummer", "tekst", "naam", "status");
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Toezeggingen", .atom = true};
    page_begin(&q, &m);
    html_lit(h, "<h1>Toezeggingen</h1>\n<p>Toezeggingen van bewindspersonen aan de Kamer. ");
    if (open)
        html_lit(h, "Alleen openstaande; <a href=\"/toezeggingen?status=alle\">toon ook voldane en "
                    "vervallen</a>.");
    else
        html_lit(h, "Alle toezeggingen; <a href=\"/toezeggingen\">alleen openstaande</a>.");
    html_lit(h, "</p>\n<section class=\"counts\"><h2>Open per ministerie</h2><ul>");
    for (size_t i = 0; i < c->n; i++) {
        html_lit(h, "<li>");
        if (rv(c, i, "ministerie")) {
            html_lit(h, "<a href=\"/toezeggingen?ministerie=");
            html_url_part(h, rv(c, i, "ministerie"));
            html_lit(h, "\">");
            html_text(h, rv(c, i, "ministerie"));
            html_lit(h, "</a>");
        } else {
            html_lit(h, "onbekend");
        }
        html_lit(h, ": ");
        html_int(h, ri(c, i, "aantal"));
        html_lit(h, "</li>");
    }
    html_lit(h, "</ul></section>\n<div class=\"table-wrap\"><table><thead><tr>"
                "<th scope=\"col\">Datum</th><th scope=\"col\">Nummer</th>"
                "<th scope=\"col\">Toezegging</th><th scope=\"col\">Door</th>"
                "<th scope=\"col\">Status</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < t->n; i++)
        html_toezegging_row(h, t, i);
    html_lit(h, "</tbody></table></div>\n");
    if (!t->n)
        html_lit(h, "<p>Geen toezeggingen gevonden.</p>\n");
    return list_done(&q, page, more);
}

PAGE(page_toezegging)
{
    REQ_OPEN(q);
    struct rows *t = Q(&q, Q_TOEZEGGINGEN, "isssii", (int64_t)0, NULL, NULL,
                       route_arg(a, "nummer"), (int64_t)1, (int64_t)0);
    if (!t)
        return req_done(&q, 500);
    if (!t->n)
        return req_done(&q, site_not_found(&q, "Er is geen toezegging met dit nummer."));
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        jw_obj_begin(&q.j);
        jw_kv_str(&q.j, "type", "toezegging");
        jw_key(&q.j, "toezegging");
        jw_obj_begin(&q.j);
        rows_json_fields(&q.j, t, 0);
        jw_obj_end(&q.j);
        jw_obj_end(&q.j);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    char title[96];
    snprintf(title, sizeof title, "Toezegging %.60s", rs_(t, 0, "nummer"));
    struct page_meta m = {.title = title, .description = rv(t, 0, "tekst")};
    page_begin(&q, &m);
    html_lit(h, "<h1>");
    html_text(h, title);
    html_lit(h, "</h1>\n<blockquote><p>");
    html_autolink(h, rs_(t, 0, "tekst"), strlen(rs_(t, 0, "tekst")));
    html_lit(h, "</p></blockquote>\n<dl class=\"facts\"><dt>Status</dt><dd>");
    html_text(h, rv(t, 0, "status"));
    html_lit(h, "</dd><dt>Toegezegd door</dt><dd>");
    html_text(h, rv(t, 0, "naam"));
    if (rv(t, 0, "functie")) {
        html_lit(h, ", ");
        html_text(h, rv(t, 0, "functie"));
    }
    html_lit(h, "</dd><dt>Ministerie</dt><dd>");
    html_text(h, rv(t, 0, "ministerie"));
    html_lit(h, "</dd><dt>Datum</dt><dd>");
    html_date(h, rv(t, 0, "aanmaakdatum"));
    html_lit(h, "</dd>");
    if (rv(t, 0, "activiteit_nummer")) {
        html_lit(h, "<dt>Gedaan tijdens</dt><dd>");
        link_activiteit(h, rv(t, 0, "activiteit_nummer"), rv(t, 0, "activiteit_onderwerp"));
        html_lit(h, " (");
        html_date(h, rv(t, 0, "activiteit_datum"));
        html_lit(h, ")</dd>");
    }
    if (rv(t, 0, "aan_persoon_nummer") || rv(t, 0, "aan_fractie")) {
        html_lit(h, "<dt>Toegezegd aan</dt><dd>");
        if (rv(t, 0, "aan_persoon_nummer"))
            link_persoon(h, rv(t, 0, "aan_persoon_nummer"), rv(t, 0, "aan_persoon"));
        html_paren(h, rv(t, 0, "aan_fractie"));
        html_lit(h, "</dd>");
    }
    html_fact_date(h, "Nakoming", rv(t, 0, "datumNakoming"));
    if (rv(t, 0, "kamerbriefNakoming")) {
        html_lit(h, "<dt>Kamerbrief nakoming</dt><dd>");
        html_autolink(h, rv(t, 0, "kamerbriefNakoming"), strlen(rv(t, 0, "kamerbriefNakoming")));
        html_lit(h, "</dd>");
    }
    html_lit(h, "</dl>\n");
    return page_done(&q);
}

/* ---- verslagen ---- */

PAGE(page_verslagen)
{
    REQ_OPEN(q);
    int64_t page = param_int(&q, "pagina", 1, 1, 1000);
    struct rows *v = Q(&q, Q_FRONT_VERSLAGEN, "ii", PAGE_ROWS_PLUS_ONE, (page - 1) * SITE_PAGE);
    if (!v)
        return req_done(&q, 500);
    bool more = trim_more(v);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        json_list_answer(&q, "verslagen", page, more, "verslagen", v);
        return req_done(&q, 0);
    }
    if (q.fmt == FMT_ATOM) {
        atom_rows(&q, "Verslagen", v, "/verslag/", "vergadering", "titel", "status",
                  "vergadering_soort");
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Verslagen", .atom = true};
    page_begin(&q, &m);
    html_lit(h, "<h1>Verslagen</h1>\n<p>Stenografische verslagen van plenaire en "
                "commissievergaderingen; per vergadering de nieuwste versie.</p>\n"
                "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Datum</th>"
                "<th scope=\"col\">Vergadering</th><th scope=\"col\">Soort</th>"
                "<th scope=\"col\">Zaal</th><th scope=\"col\">Versie</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < v->n; i++) {
        html_lit(h, "<tr><td>");
        html_date(h, rv(v, i, "datum"));
        html_lit(h, "</td><th scope=\"row\"><a href=\"/verslag/");
        html_url_part(h, rs_(v, i, "vergadering"));
        html_lit(h, "\">");
        html_text(h, rv(v, i, "titel") ? rv(v, i, "titel") : "verslag");
        html_lit(h, "</a></th><td>");
        html_text(h, rv(v, i, "vergadering_soort"));
        html_td_text(h, rv(v, i, "zaal"));
        html_td_text(h, rv(v, i, "soort"));
        html_lit(h, ", ");
        html_text(h, rv(v, i, "status"));
        html_lit(h, "</td></tr>\n");
    }
    html_lit(h, "</tbody></table></div>\n");
    return list_done(&q, page, more);
}
