/*
 * page_misc — the small pages: /over (what Kamerwacht is, data source and licence,
 * freshness per category, privacy), /zoeken (search form; identifiers are resolved, full-text
 * search arrives with src/search), /status (JSON freshness and counts), /metrics (Prometheus
 * text), /static/kamerwacht.css, and the 301 redirects that keep OpenTK-style links working.
 */
#include <stdio.h>
#include <string.h>

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
    struct req q;
    int rc = req_init(&q, ctx, rq, rs);
    if (rc)
        return rc;
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
    struct req q;
    int rc = req_init(&q, ctx, rq, rs);
    if (rc)
        return rc;
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
    struct req q;
    int rc = req_init(&q, ctx, rq, rs);
    if (rc)
        return rc;
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
        html_lit(h, "</td><td>");
        html_text(h, rv(st, i, "last_error") ? "laatste poging mislukt" : "");
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
    page_end(&q);
    return req_done(&q, 0);
}

static int redirect_to(struct http_response *rs, int status, const char *prefix, const char *id,
                       const char *suffix)
{
    struct buf loc = BUF_INIT;
    buf_adds(&loc, prefix);
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                  *p == '-' || *p == '.' || *p == '_' || *p == '~';
        if (ok)
            buf_addc(&loc, (char)*p);
        else
            buf_printf(&loc, "%%%02X", *p);
    }
    buf_adds(&loc, suffix ? suffix : "");
    rs->status = status;
    http_add_header(rs, "Location", buf_cstr(&loc));
    buf_free(&loc);
    return 0;
}

PAGE(page_zoeken)
{
    struct req q;
    int rc = req_init(&q, ctx, rq, rs);
    if (rc)
        return rc;
    const char *term = param(&q, "q");
    /* identifiers go straight to their page */
    if (term) {
        while (*term == ' ')
            term++;
        if (is_tk_number(term, 'D'))
            return req_done(&q, redirect_to(rs, 302, "/document/", term, NULL));
        if (is_tk_number(term, 'Z'))
            return req_done(&q, redirect_to(rs, 302, "/zaak/", term, NULL));
        if (is_tk_number(term, 'A'))
            return req_done(&q, redirect_to(rs, 302, "/activiteit/", term, NULL));
        if (!strncmp(term, "kst-", 4))
            return req_done(&q, redirect_to(rs, 302, "/kamerstuk/", term, NULL));
        char nr[16], toev[64];
        if (!dossier_parse(term, nr, sizeof nr, toev, sizeof toev) && strlen(nr) >= 4)
            return req_done(&q, redirect_to(rs, 302, "/dossier/", term, NULL));
    }
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        jw_obj_begin(&q.j);
        jw_kv_str(&q.j, "type", "zoeken");
        jw_kv_str(&q.j, "q", term);
        jw_kv_bool(&q.j, "beschikbaar", false);
        jw_key(&q.j, "resultaten");
        jw_arr_begin(&q.j);
        jw_arr_end(&q.j);
        jw_obj_end(&q.j);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = "Uitgebreid zoeken"};
    page_begin(&q, &m);
    html_lit(h, "<h1>Uitgebreid zoeken</h1>\n<form class=\"filters\" method=\"get\" "
                "action=\"/zoeken\" role=\"search\"><label>Zoek in de Kamerstukken <input "
                "type=\"search\" name=\"q\" size=\"40\" value=\"");
    html_text(h, term);
    html_lit(h, "\"></label><button type=\"submit\">Zoek</button></form>\n"
                "<p class=\"notice\">Zoeken in de volledige tekst is nog niet beschikbaar op deze "
                "server. Nummers werken wel: een documentnummer (2021D35262), zaaknummer "
                "(2021Z16384), activiteitnummer, kamerstuk (kst-31293-593) of dossiernummer "
                "(31293) brengt je direct naar de pagina. Dossiers zoeken op titel kan bij "
                "<a href=\"/dossiers\">kamerstukdossiers</a>.</p>\n");
    if (term) {
        html_lit(h, "<p><a href=\"/dossiers?q=");
        html_url_part(h, term);
        html_lit(h, "\">Zoek &#8216;");
        html_text(h, term);
        html_lit(h, "&#8217; in de titels van kamerstukdossiers</a></p>\n");
    }
    page_end(&q);
    return req_done(&q, 0);
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
        int r = redirect_to(rs, 301, plain[i].fresh, NULL, buf_cstr(&qs));
        buf_free(&qs);
        return r;
    }
    if (!strcmp(p, "/document.html") && nummer && *nummer)
        return strlen(nummer) > 13 ? redirect_to(rs, 301, "/verslag/", nummer, NULL)
                                   : redirect_to(rs, 301, "/document/", nummer, NULL);
    if (!strcmp(p, "/zaak.html") && nummer && *nummer)
        return redirect_to(rs, 301, "/zaak/", nummer, NULL);
    if (!strcmp(p, "/persoon.html") && nummer && *nummer)
        return redirect_to(rs, 301, "/persoon/", nummer, NULL);
    if (!strcmp(p, "/activiteit.html") && nummer && *nummer)
        return redirect_to(rs, 301, "/activiteit/", nummer, NULL);
    if (!strcmp(p, "/toezegging.html") && nummer && *nummer)
        return redirect_to(rs, 301, "/toezegging/", nummer, NULL);
    if (!strcmp(p, "/verslag.html")) {
        const char *id = http_param(rq, "vergaderingid");
        if (id && *id)
            return redirect_to(rs, 301, "/verslag/", id, NULL);
    }
    if (!strcmp(p, "/ksd.html")) {
        const char *ksd = http_param(rq, "ksd"), *toev = http_param(rq, "toevoeging");
        if (ksd && *ksd) {
            char id[160];
            dossier_id(ksd, toev, id, sizeof id);
            return redirect_to(rs, 301, "/dossier/", id, NULL);
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
        int r = redirect_to(rs, 301, "/zoeken", NULL, buf_cstr(&sfx));
        buf_free(&sfx);
        return r;
    }
    if (!strncmp(p, "/get/", 5))
        return redirect_to(rs, 301, "/document/", route_arg(a, "nummer"), NULL);
    if (!strncmp(p, "/getraw/", 8))
        return redirect_to(rs, 301, "/document/", route_arg(a, "nummer"), "/bestand");
    return 400;
}
