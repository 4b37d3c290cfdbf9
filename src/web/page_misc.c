/*
 * page_misc — the small pages: /over (what Kamerwacht is, data source and licence,
 * freshness per category, privacy), /zoeken (search form; identifiers are resolved, full-text
 * search arrives with src/search), /status (JSON freshness and counts), /metrics (Prometheus
 * text), /static/kamerwacht.css, and the 301 redirects that keep OpenTK-style links working.
 */
#include <stdio.h>
#include <string.h>

#include "search/index.h"
#include "search/search.h"
#include "web/site_css.h"
#include "web/site_int.h"

static const char *param(const struct req *q, const char *name)
{
    const char *v = http_param(q->rq, name);
    return v && *v ? v : NULL;
}

PAGE(page_css)
{
    (void)ctx;
    (void)rq;
    (void)a;
    struct html h = html_on(&rs->body);
    html_lit(&h, KW_SITE_CSS);
    rs->content_type = HTTP_CT_CSS;
    rs->cache = HTTP_CACHE_PUBLIC;
    rs->max_age = 86400;
    return 0;
}

struct cat_state {
    struct rows *counts, *state;
};

static size_t state_row(const struct rows *st, const char *cat)
{
    for (size_t i = 0; i < st->n; i++)
        if (!strcmp(rs_(st, i, "category"), cat))
            return i;
    return (size_t)-1;
}

PAGE(page_status)
{
    REQ_OPEN(q);
    struct rows *c = Q(&q, Q_COUNT_CATEGORY, "");
    struct rows *st = Q(&q, Q_STATE, "");
    if (!c || !st)
        return req_done(&q, 500);
    q.fmt = FMT_JSON;
    req_start(&q);
    rs->cache = HTTP_CACHE_NO_STORE;
    struct jsonw *j = &q.j;
    jw_obj_begin(j);
    jw_kv_str(j, "type", "status");
    jw_kv_str(j, "version", KW_VERSION);
    jw_kv_int(j, "uptime_s", q.now - q.site->started);
    char now[TM_UTC_LEN];
    tm_format_utc(q.now, now);
    jw_kv_str(j, "now", now);
    jw_key(j, "categories");
    jw_arr_begin(j);
    for (size_t i = 0; i < c->n; i++) {
        const char *cat = rv(c, i, "category");
        size_t s = state_row(st, cat);
        jw_obj_begin(j);
        jw_kv_str(j, "category", cat);
        jw_kv_int(j, "live", ri(c, i, "live"));
        jw_kv_int(j, "deleted", ri(c, i, "deleted"));
        if (s != (size_t)-1) {
            jw_kv_int(j, "skiptoken", ri(st, s, "skiptoken"));
            jw_kv_str(j, "synced_at", rv(st, s, "synced_at"));
            int64_t t = nl_utc(rv(st, s, "synced_at"));
            if (t)
                jw_kv_int(j, "age_s", q.now - t);
            else
                jw_kv_null(j, "age_s");
            jw_kv_str(j, "last_error", rv(st, s, "last_error"));
        } else {
            jw_kv_null(j, "skiptoken");
            jw_kv_null(j, "synced_at");
            jw_kv_null(j, "age_s");
            jw_kv_null(j, "last_error");
        }
        jw_obj_end(j);
    }
    jw_arr_end(j);
    jw_obj_end(j);
    return req_done(&q, 0);
}

static void metric(struct html *h, const char *name, const char *help, const char *type)
{
    html_lit(h, "# HELP ");
    html_text(h, name);
    html_lit(h, " ");
    html_text(h, help);
    html_lit(h, "\n# TYPE ");
    html_text(h, name);
    html_lit(h, " ");
    html_text(h, type);
    html_lit(h, "\n");
}

static void sample(struct html *h, const char *name, int64_t v)
{
    html_text(h, name);
    html_lit(h, " ");
    html_int(h, v);
    html_lit(h, "\n");
}

PAGE(page_metrics)
{
    REQ_OPEN(q);
    struct rows *c = Q(&q, Q_COUNT_CATEGORY, "");
    struct rows *st = Q(&q, Q_STATE, "");
    if (!c || !st)
        return req_done(&q, 500);
    /* Prometheus text format: metric names and category labels are fixed identifiers;
     * the HTML writer escapes anything else that could appear. */
    struct html h = html_on(&rs->body);
    rs->content_type = HTTP_CT_PROMETHEUS;
    rs->cache = HTTP_CACHE_NO_STORE;
    if (q.site->server) {
        struct http_stats s;
        http_get_stats(q.site->server, &s);
        metric(&h, "kamerwacht_http_requests_total", "Requests answered.", "counter");
        sample(&h, "kamerwacht_http_requests_total", (int64_t)s.requests);
        metric(&h, "kamerwacht_http_responses_total", "Responses by status class.", "counter");
        html_lit(&h, "kamerwacht_http_responses_total{class=\"2xx\"} ");
        html_int(&h, (int64_t)s.status_2xx);
        html_lit(&h, "\nkamerwacht_http_responses_total{class=\"3xx\"} ");
        html_int(&h, (int64_t)s.status_3xx);
        html_lit(&h, "\nkamerwacht_http_responses_total{class=\"4xx\"} ");
        html_int(&h, (int64_t)s.status_4xx);
        html_lit(&h, "\nkamerwacht_http_responses_total{class=\"5xx\"} ");
        html_int(&h, (int64_t)s.status_5xx);
        html_lit(&h, "\n");
        metric(&h, "kamerwacht_http_not_modified_total", "304 answers (ETag).", "counter");
        sample(&h, "kamerwacht_http_not_modified_total", (int64_t)s.not_modified);
        metric(&h, "kamerwacht_http_gzip_cache_hits_total", "Compressed bodies from cache.",
               "counter");
        sample(&h, "kamerwacht_http_gzip_cache_hits_total", (int64_t)s.gzip_cache_hits);
        metric(&h, "kamerwacht_http_sent_bytes_total", "Body bytes sent.", "counter");
        sample(&h, "kamerwacht_http_sent_bytes_total", (int64_t)s.bytes_out);
        metric(&h, "kamerwacht_http_request_duration_seconds", "Time to answer a request.",
               "histogram");
        static const char *const le[HTTP_LATENCY_BUCKETS] = {
            "0.00025", "0.0005", "0.001", "0.002", "0.004", "0.008", "0.016",
            "0.032",   "0.064",  "0.128", "0.256", "0.512", "+Inf"};
        for (int i = 0; i < HTTP_LATENCY_BUCKETS; i++) {
            html_lit(&h, "kamerwacht_http_request_duration_seconds_bucket{le=\"");
            html_text(&h, le[i]);
            html_lit(&h, "\"} ");
            html_int(&h, (int64_t)s.latency[i]);
            html_lit(&h, "\n");
        }
        html_lit(&h, "kamerwacht_http_request_duration_seconds_sum ");
        html_int(&h, (int64_t)(s.latency_us_sum / 1000000));
        html_lit(&h, ".");
        char frac[8];
        snprintf(frac, sizeof frac, "%06llu", (unsigned long long)(s.latency_us_sum % 1000000));
        html_text(&h, frac);
        html_lit(&h, "\nkamerwacht_http_request_duration_seconds_count ");
        html_int(&h, (int64_t)s.requests);
        html_lit(&h, "\n");
    }
    metric(&h, "kamerwacht_uptime_seconds", "Seconds since the server started.", "gauge");
    sample(&h, "kamerwacht_uptime_seconds", q.now - q.site->started);
    metric(&h, "kamerwacht_entities", "Live entities per category.", "gauge");
    for (size_t i = 0; i < c->n; i++) {
        html_lit(&h, "kamerwacht_entities{category=\"");
        html_text(&h, rv(c, i, "category"));
        html_lit(&h, "\"} ");
        html_int(&h, ri(c, i, "live"));
        html_lit(&h, "\n");
    }
    metric(&h, "kamerwacht_sync_age_seconds", "Seconds since the last sync per category.",
           "gauge");
    for (size_t i = 0; i < st->n; i++) {
        int64_t t = nl_utc(rv(st, i, "synced_at"));
        if (!t)
            continue;
        html_lit(&h, "kamerwacht_sync_age_seconds{category=\"");
        html_text(&h, rv(st, i, "category"));
        html_lit(&h, "\"} ");
        html_int(&h, q.now - t);
        html_lit(&h, "\n");
    }
    return req_done(&q, 0);
}

PAGE(page_over)
{
    REQ_OPEN(q);
    struct rows *st = Q(&q, Q_STATE, "");
    if (!st)
        return req_done(&q, 500);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        jw_obj_begin(&q.j);
        jw_kv_str(&q.j, "type", "over");
        jw_kv_str(&q.j, "bron", "Tweede Kamer der Staten-Generaal, SyncFeed (CC0)");
        jw_key(&q.j, "bijgewerkt");
        rows_json(&q.j, st, NULL, NULL);
        jw_obj_end(&q.j);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Wat is Kamerwacht?",
                          .description = "Over Kamerwacht, de gegevens en privacy"};
    page_begin(&q, &m);
    html_lit(h, "<h1>Wat is Kamerwacht?</h1>\n"
                "<p>Kamerwacht is een onafhankelijke, open kopie van alles wat de Tweede Kamer "
                "publiceert: documenten, zaken, activiteiten, besluiten, stemmingen, "
                "toezeggingen, verslagen en Kamerleden. Alles is doorklikbaar: bij een brief zie "
                "je het dossier, de zaak, wie erover besloot en hoe er gestemd is.</p>\n"
                "<h2>De gegevens</h2>\n<p>De gegevens komen uit de open-data-dienst "
                "(SyncFeed) van de Tweede Kamer der Staten-Generaal en zijn vrij van rechten "
                "(CC0). Kamerwacht haalt wijzigingen regelmatig op; hieronder staat per soort "
                "gegeven wanneer dat voor het laatst gebeurde. Tijden zijn Nederlandse tijd.</p>\n"
                "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Soort</th>"
                "<th scope=\"col\">Laatst bijgewerkt</th><th scope=\"col\">Opmerking</th>"
                "</tr></thead><tbody>\n");
    for (size_t i = 0; i < st->n; i++) {
        html_lit(h, "<tr><th scope=\"row\">");
        html_text(h, rv(st, i, "category"));
        html_lit(h, "</th><td>");
        html_datetime(h, rv(st, i, "synced_at"));
        html_td_text(h, rv(st, i, "last_error") ? "laatste poging mislukt" : "");
        html_lit(h, "</td></tr>\n");
    }
    html_lit(h, "</tbody></table></div>\n"
                "<h2>Voor programmeurs</h2>\n<p>Elke pagina is ook als JSON op te vragen met "
                "<code>?format=json</code> (of de header <code>Accept: application/json</code>). "
                "Lijsten, dossiers, zaken, commissies en personen zijn te volgen via Atom "
                "(<code>/atom</code> achter het adres), de agenda via iCal "
                "(<a href=\"/agenda.ics\">/agenda.ics</a>, ook per commissie en per persoon). "
                "<a href=\"/status\">/status</a> geeft de versheid per soort gegeven. De vorm "
                "van de JSON staat in <code>docs/api.md</code> van de broncode.</p>\n"
                "<h2>Privacy</h2>\n<p>Kamerwacht gebruikt geen cookies, geen trackers, geen "
                "advertenties en laadt niets van andere partijen: geen lettertypen, scripts of "
                "afbeeldingen van elders. Wat je zoekt of bekijkt wordt niet aan een account of "
                "persoon gekoppeld; de server houdt alleen tellingen bij (aantal verzoeken, "
                "snelheid), geen lijst van bezoekers.</p>\n"
                "<h2>Toegankelijkheid</h2>\n<p>De site werkt zonder JavaScript, is te bedienen "
                "met het toetsenbord en volgt WCAG 2.1 niveau AA. Kleuren bij stemmingen "
                "staan altijd naast tekst en getallen.</p>\n");
    return page_done(&q);
}

static const char *hit_path(const struct search_hit *hit, char *out, size_t len)
{
    const char *id = hit->id ? hit->id : hit->guid;
    if (!id)
        return NULL;
    switch (hit->type) {
    case SEARCH_T_DOCUMENT: snprintf(out, len, "/document/%.60s", id); break;
    case SEARCH_T_ZAAK: snprintf(out, len, "/zaak/%.60s", id); break;
    case SEARCH_T_ACTIVITEIT: snprintf(out, len, "/activiteit/%.60s", id); break;
    case SEARCH_T_TOEZEGGING: snprintf(out, len, "/toezegging/%.60s", id); break;
    case SEARCH_T_VERSLAG: snprintf(out, len, "/verslag/%.60s", hit->guid ? hit->guid : id); break;
    default:
        if (hit->type == SEARCH_T_GESCHENK)
            return NULL;
        snprintf(out, len, "/dossier/%.60s", id); /* dossiers */
    }
    return out;
}

static const char *const search_filters[] = {"soort", "type", "van", "tot", "commissie",
                                             "fractie", "persoon", "dossier", "jaar"};

static void search_link(struct req *q, const char *term, const char *key, const char *value,
                        const char *label, int64_t count)
{
    struct html *h = &q->h;
    html_lit(h, "<li><a href=\"/zoeken?q=");
    html_url_part(h, term);
    for (size_t i = 0; i < sizeof search_filters / sizeof search_filters[0]; i++) {
        const char *v = param(q, search_filters[i]);
        if (v && strcmp(search_filters[i], key)) {
            html_lit(h, "&amp;");
            html_text(h, search_filters[i]);
            html_lit(h, "=");
            html_url_part(h, v);
        }
    }
    html_lit(h, "&amp;");
    html_text(h, key);
    html_lit(h, "=");
    html_url_part(h, value);
    html_lit(h, "\">");
    html_text(h, label);
    html_lit(h, "</a> (");
    html_int(h, count);
    html_lit(h, ")</li>");
}

static void search_facet_list(struct req *q, const char *term, const char *title,
                              const char *key, const struct search_facets *f)
{
    if (!f->n)
        return;
    struct html *h = &q->h;
    html_lit(h, "<section class=\"counts\"><h3>");
    html_text(h, title);
    html_lit(h, "</h3><ul>");
    for (size_t i = 0; i < f->n && i < 20; i++) {
        const char *v = f->v[i].value;
        search_link(q, term, key, v, v, f->v[i].count);
    }
    html_lit(h, "</ul></section>\n");
}

/* Full-text search through src/search when the database has an index. */
static int search_page(struct req *q, const char *term)
{
    struct sqlite3 *db = q->conn->db;
    struct search_index_status st;
    char err[256];
    bool have = term && search_index_status(db, &st, err, sizeof err) == 0 && st.present;
    struct search_query sq;
    struct search_result r;
    bool ran = false;
    memset(&r, 0, sizeof r);
    if (have) {
        search_query_parse(&sq, term, strlen(term));
        for (size_t i = 0; i < sizeof search_filters / sizeof search_filters[0]; i++)
            if (param(q, search_filters[i]))
                search_query_add_filter(&sq, search_filters[i], param(q, search_filters[i]));
        search_query_build(&sq);
        struct search_params p = {.limit = SEARCH_DEFAULT_LIMIT, .cursor = param(q, "na")};
        if (param(q, "sorteer"))
            search_sort_parse(param(q, "sorteer"), &p.sort);
        ran = search_run(db, &sq, &p, &r, err, sizeof err) == 0;
        if (!ran)
            fprintf(stderr, "kamerwacht serve: search: %s\n", err);
    }
    req_start(q);
    if (q->fmt == FMT_JSON) {
        struct jsonw *j = &q->j;
        jw_obj_begin(j);
        jw_kv_str(j, "type", "zoeken");
        jw_kv_str(j, "q", term);
        jw_kv_bool(j, "beschikbaar", have);
        jw_kv_str(j, "begrepen", ran ? sq.understood : NULL);
        jw_kv_int(j, "totaal", ran ? r.total : 0);
        jw_kv_bool(j, "totaal_exact", ran && r.total_exact);
        jw_kv_str(j, "volgende", ran ? r.next : NULL);
        jw_key(j, "resultaten");
        jw_arr_begin(j);
        for (size_t i = 0; ran && i < r.nhits; i++) {
            const struct search_hit *hit = &r.hits[i];
            char path[96];
            jw_obj_begin(j);
            jw_kv_str(j, "soort_object", search_type_name(hit->type));
            jw_kv_str(j, "id", hit->id);
            jw_kv_str(j, "guid", hit->guid);
            jw_kv_str(j, "titel", hit->title);
            jw_kv_str(j, "datum", hit->date);
            jw_kv_str(j, "soort", hit->soort);
            jw_kv_str(j, "fragment_html", hit->snippet);
            jw_kv_str(j, "pad", hit_path(hit, path, sizeof path));
            jw_obj_end(j);
        }
        jw_arr_end(j);
        jw_obj_end(j);
    } else if (q->fmt == FMT_ATOM) {
        atom_begin(q, term ? term : "Zoeken", NULL);
        for (size_t i = 0; ran && i < r.nhits; i++) {
            char path[96];
            if (hit_path(&r.hits[i], path, sizeof path))
                atom_entry(q, path, r.hits[i].title, r.hits[i].date, r.hits[i].soort,
                           search_type_name(r.hits[i].type));
        }
        atom_end(q);
    } else {
        struct html *h = &q->h;
        struct page_meta m = {.title = term ? term : "Uitgebreid zoeken", .atom = false};
        page_begin(q, &m);
        html_lit(h, "<h1>Uitgebreid zoeken</h1>\n<form class=\"filters\" method=\"get\" "
                    "action=\"/zoeken\" role=\"search\"><label>Zoek in de Kamerstukken <input "
                    "type=\"search\" name=\"q\" size=\"40\" value=\"");
        html_text(h, term);
        html_lit(h, "\"></label><label>Volgorde <select name=\"sorteer\">");
        const char *so = param(q, "sorteer");
        html_lit(h, "<option value=\"relevantie\">relevantie</option><option value=\"nieuwste\"");
        if (so && !strcmp(so, "nieuwste"))
            html_lit(h, " selected");
        html_lit(h, ">nieuwste eerst</option><option value=\"oudste\"");
        if (so && !strcmp(so, "oudste"))
            html_lit(h, " selected");
        html_lit(h, ">oudste eerst</option></select></label><button type=\"submit\">Zoek</button>"
                    "</form>\n<p class=\"meta\">Woorden worden allemaal gezocht (moties vindt ook "
                    "motie); \"zinsdeel\" zoekt letterlijk, woord* op begin, -woord sluit uit, "
                    "OF voor alternatieven; filters als soort:motie, fractie:VVD, van:2024-01-01. "
                    "Nummers (2021D35262, 2021Z16384, kst-31293-593, 31293) gaan direct naar hun "
                    "pagina.</p>\n");
        if (term && !have) {
            html_lit(h, "<p class=\"notice\">Zoeken in de volledige tekst is nog niet "
                        "beschikbaar op deze server (er is nog geen zoekindex). Dossiers zoeken op "
                        "titel kan bij <a href=\"/dossiers?q=");
            html_url_part(h, term);
            html_lit(h, "\">kamerstukdossiers</a>.</p>\n");
        } else if (term && !ran) {
            html_lit(h, "<p class=\"notice\">Het zoeken lukte nu niet. Probeer het zo opnieuw."
                        "</p>\n");
        } else if (term) {
            html_lit(h, "<p>");
            html_text(h, sq.understood);
            html_lit(h, ". <strong>");
            if (!r.total_exact)
                html_lit(h, "meer dan ");
            html_int(h, r.total);
            html_lit(h, "</strong> ");
            html_text(h, r.total == 1 && r.total_exact ? "resultaat" : "resultaten");
            html_paren(h, r.notes);
            html_lit(h, ". <a href=\"/zoeken?q=");
            html_url_part(h, term);
            html_lit(h, "&amp;format=atom\">Volg deze zoekvraag (Atom)</a></p>\n"
                        "<ol class=\"plain results\">\n");
            for (size_t i = 0; i < r.nhits; i++) {
                const struct search_hit *hit = &r.hits[i];
                char path[96];
                html_lit(h, "<li><h2 class=\"hit\">");
                if (hit_path(hit, path, sizeof path)) {
                    html_lit(h, "<a href=\"");
                    html_url(h, path);
                    html_lit(h, "\">");
                    html_text(h, hit->title && *hit->title ? hit->title : hit->id);
                    html_lit(h, "</a>");
                } else {
                    html_text(h, hit->title);
                }
                html_lit(h, "</h2><p class=\"meta\"><span class=\"soort\">");
                html_text(h, hit->soort ? hit->soort : search_type_name(hit->type));
                html_lit(h, "</span> ");
                html_text(h, hit->id);
                if (hit->date) {
                    html_lit(h, " \xC2\xB7 ");
                    html_date(h, hit->date);
                }
                html_lit(h, "</p><p>");
                html_marked(h, hit->snippet);
                html_lit(h, "</p></li>\n");
            }
            html_lit(h, "</ol>\n");
            if (r.next) {
                html_lit(h, "<nav class=\"pager\" aria-label=\"Pagina's\"><a href=\"/zoeken?q=");
                html_url_part(h, term);
                if (so) {
                    html_lit(h, "&amp;sorteer=");
                    html_url_part(h, so);
                }
                for (size_t i = 0; i < sizeof search_filters / sizeof search_filters[0]; i++)
                    if (param(q, search_filters[i])) {
                        html_lit(h, "&amp;");
                        html_text(h, search_filters[i]);
                        html_lit(h, "=");
                        html_url_part(h, param(q, search_filters[i]));
                    }
                html_lit(h, "&amp;na=");
                html_url_part(h, r.next);
                html_lit(h, "\">volgende resultaten \xE2\x86\x92</a></nav>\n");
            }
            search_facet_list(q, term, "Soort object", "type", &r.types);
            search_facet_list(q, term, "Soort document", "soort", &r.soorten);
            search_facet_list(q, term, "Jaar", "jaar", &r.years);
        }
        page_end(q);
    }
    if (ran)
        search_result_free(&r);
    if (have)
        search_query_free(&sq);
    return 0;
}

PAGE(page_zoeken)
{
    REQ_OPEN(q);
    const char *term = param(&q, "q");
    /* identifiers go straight to their page */
    if (term) {
        while (*term == ' ')
            term++;
        if (is_tk_number(term, 'D'))
            return req_done(&q, site_redirect(rs, 302, "/document/", term, NULL));
        if (is_tk_number(term, 'Z'))
            return req_done(&q, site_redirect(rs, 302, "/zaak/", term, NULL));
        if (is_tk_number(term, 'A'))
            return req_done(&q, site_redirect(rs, 302, "/activiteit/", term, NULL));
        if (!strncmp(term, "kst-", 4))
            return req_done(&q, site_redirect(rs, 302, "/kamerstuk/", term, NULL));
        char nr[16], toev[64];
        if (!dossier_parse(term, nr, sizeof nr, toev, sizeof toev) && strlen(nr) >= 4)
            return req_done(&q, site_redirect(rs, 302, "/dossier/", term, NULL));
    }
    return req_done(&q, search_page(&q, term));
}

/* OpenTK links: /document.html?nummer=..., /ksd.html?ksd=...&toevoeging=..., ... */
PAGE(page_redirect_old)
{
    (void)ctx;
    const char *p = rq->path;
    const char *nummer = http_param(rq, "nummer");
    struct {
        const char *old, *fresh;
    } plain[] = {
        {"/index.html", "/"},
        {"/index.xml", "/atom"},
        {"/activiteiten.html", "/activiteiten"},
        {"/ongeplande-activiteiten.html", "/activiteiten/ongepland"},
        {"/besluiten.html", "/besluiten"},
        {"/stemmingen.html", "/stemmingen"},
        {"/commissies.html", "/commissies"},
        {"/commissie.html", "/commissies"},
        {"/geschenken.html", "/geschenken"},
        {"/kamerleden.html", "/kamerleden"},
        {"/kamerstukdossiers.html", "/dossiers"},
        {"/open-vragen.html", "/open-vragen"},
        {"/toezeggingen.html", "/toezeggingen"},
        {"/verslagen.html", "/verslagen"},
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        if (strcmp(p, plain[i].old))
            continue;
        /* keep the filters (commissie, fractie, ministerie) */
        struct buf qs = BUF_INIT;
        for (size_t k = 0; k < rq->nparams; k++) {
            const char *n = rq->params[k].name;
            if (strcmp(n, "commissie") && strcmp(n, "fractie") && strcmp(n, "ministerie"))
                continue;
            buf_addc(&qs, qs.len ? '&' : '?');
            buf_adds(&qs, n);
            buf_addc(&qs, '=');
            for (const unsigned char *v = (const unsigned char *)rq->params[k].value; *v; v++) {
                bool ok = (*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
                          (*v >= '0' && *v <= '9') || *v == '-' || *v == '.' || *v == '_';
                if (ok)
                    buf_addc(&qs, (char)*v);
                else
                    buf_printf(&qs, "%%%02X", *v);
            }
        }
        int r = site_redirect(rs, 301, plain[i].fresh, NULL, buf_cstr(&qs));
        buf_free(&qs);
        return r;
    }
    if (!strcmp(p, "/document.html") && nummer && *nummer)
        return strlen(nummer) > 13 ? site_redirect(rs, 301, "/verslag/", nummer, NULL)
                                   : site_redirect(rs, 301, "/document/", nummer, NULL);
    if (!strcmp(p, "/zaak.html") && nummer && *nummer)
        return site_redirect(rs, 301, "/zaak/", nummer, NULL);
    if (!strcmp(p, "/persoon.html") && nummer && *nummer)
        return site_redirect(rs, 301, "/persoon/", nummer, NULL);
    if (!strcmp(p, "/activiteit.html") && nummer && *nummer)
        return site_redirect(rs, 301, "/activiteit/", nummer, NULL);
    if (!strcmp(p, "/toezegging.html") && nummer && *nummer)
        return site_redirect(rs, 301, "/toezegging/", nummer, NULL);
    if (!strcmp(p, "/verslag.html")) {
        const char *id = http_param(rq, "vergaderingid");
        if (id && *id)
            return site_redirect(rs, 301, "/verslag/", id, NULL);
    }
    if (!strcmp(p, "/ksd.html")) {
        const char *ksd = http_param(rq, "ksd"), *toev = http_param(rq, "toevoeging");
        if (ksd && *ksd) {
            char id[160];
            dossier_id(ksd, toev, id, sizeof id);
            return site_redirect(rs, 301, "/dossier/", id, NULL);
        }
    }
    if (!strcmp(p, "/search.html")) {
        const char *term = http_param(rq, "q");
        struct buf sfx = BUF_INIT;
        if (term && *term) {
            buf_adds(&sfx, "?q=");
            for (const unsigned char *v = (const unsigned char *)term; *v; v++) {
                bool ok = (*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
                          (*v >= '0' && *v <= '9') || *v == '-' || *v == '.' || *v == '_';
                if (ok)
                    buf_addc(&sfx, (char)*v);
                else
                    buf_printf(&sfx, "%%%02X", *v);
            }
        }
        int r = site_redirect(rs, 301, "/zoeken", NULL, buf_cstr(&sfx));
        buf_free(&sfx);
        return r;
    }
    if (!strncmp(p, "/get/", 5))
        return site_redirect(rs, 301, "/document/", route_arg(a, "nummer"), NULL);
    if (!strncmp(p, "/getraw/", 8))
        return site_redirect(rs, 301, "/document/", route_arg(a, "nummer"), "/bestand");
    return 400;
}
