/*
 * site_layout — the frame of every HTML page: head, skip link, header with the navigation
 * of the seed page, main landmark, footer; and the friendly error pages in that frame.
 */
#include <string.h>

#include "web/site_int.h"

struct nav_item {
    const char *href, *label, *prefix;
};

static const struct nav_item nav[] = {
    {"/", "overzicht", NULL},
    {"/activiteiten", "activiteiten", "/activiteit"},
    {"/activiteiten/ongepland", "ongeplande activiteiten", NULL},
    {"/besluiten", "besluiten", NULL},
    {"/commissies", "commissies", "/commissie"},
    {"/geschenken", "geschenken", NULL},
    {"/kamerleden", "kamerleden", "/persoon"},
    {"/dossiers", "kamerstukdossiers", "/dossier"},
    {"/open-vragen", "open vragen", NULL},
    {"/toezeggingen", "toezeggingen", "/toezegging"},
    {"/stemmingen", "stemmingen", NULL},
    {"/verslagen", "verslagen", "/verslag"},
    {"/zoeken", "uitgebreid zoeken", NULL},
    {"/over", "wat is dit?", NULL},
};

static bool prefix_match(const char *path, const char *p)
{
    size_t n = strlen(p);
    return !strncmp(path, p, n) && (path[n] == '\0' || path[n] == '/');
}

static bool nav_current(const char *path, const struct nav_item *it)
{
    if (!strcmp(path, it->href))
        return true;
    if (!strcmp(it->href, "/activiteiten") && !strcmp(path, "/activiteiten/ongepland"))
        return false;
    if (it->prefix && prefix_match(path, it->prefix))
        return true;
    return strcmp(it->href, "/") && prefix_match(path, it->href) &&
           strcmp(path, "/activiteiten/ongepland");
}

void html_path(struct html *h, const char *path)
{
    const char *p = path;
    while (*p) {
        if (*p == '/') {
            html_lit(h, "/");
            p++;
            continue;
        }
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char seg[ROUTE_MAX_SEGMENT + 1];
        if (n > ROUTE_MAX_SEGMENT)
            n = ROUTE_MAX_SEGMENT;
        memcpy(seg, p, n);
        seg[n] = '\0';
        html_url_part(h, seg);
        p += e ? (size_t)(e - p) : strlen(p);
    }
}

static void head(struct req *q, const struct page_meta *m, int status)
{
    struct html *h = &q->h;
    const char *path = q->rq ? q->rq->path : "/";
    html_lit(h, "<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>");
    html_text(h, m->title);
    html_lit(h, " \xC2\xB7 Kamerwacht</title>\n");
    if (m->description) {
        html_lit(h, "<meta name=\"description\" content=\"");
        html_text(h, m->description);
        html_lit(h, "\">\n<meta property=\"og:title\" content=\"");
        html_text(h, m->title);
        html_lit(h, "\">\n<meta property=\"og:description\" content=\"");
        html_text(h, m->description);
        html_lit(h, "\">\n");
    }
    html_lit(h, "<link rel=\"stylesheet\" href=\"/static/kamerwacht.css\">\n");
    if (status == 200) {
        html_lit(h, "<link rel=\"alternate\" type=\"application/json\" href=\"");
        html_path(h, path);
        html_lit(h, "?format=json\">\n");
        if (m->atom) {
            html_lit(h, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
            html_text(h, m->title);
            html_lit(h, " (Atom)\" href=\"");
            if (!strcmp(path, "/"))
                html_lit(h, "/atom");
            else {
                html_path(h, path);
                html_lit(h, "/atom");
            }
            html_lit(h, "\">\n");
        }
        if (m->ical && m->ical_href) {
            html_lit(h, "<link rel=\"alternate\" type=\"text/calendar\" title=\"Agenda (iCal)\" "
                        "href=\"");
            html_url(h, m->ical_href);
            html_lit(h, "\">\n");
        }
    }
    html_lit(h, "</head>\n<body>\n<a class=\"skip\" href=\"#inhoud\">Naar de inhoud</a>\n"
                "<header class=\"site\">\n<p class=\"brand\"><a href=\"/\">Kamerwacht</a> "
                "<span>de Tweede Kamer, open en doorzoekbaar</span></p>\n"
                "<nav aria-label=\"Hoofdmenu\"><ul>\n");
    for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
        html_lit(h, "<li><a href=\"");
        html_url(h, nav[i].href);
        html_lit(h, "\"");
        if (nav_current(path, &nav[i]))
            html_lit(h, " aria-current=\"page\"");
        html_lit(h, ">");
        html_text(h, nav[i].label);
        html_lit(h, "</a></li>\n");
    }
    html_lit(h, "</ul></nav>\n</header>\n<main id=\"inhoud\" tabindex=\"-1\">\n");
}

void page_begin(struct req *q, const struct page_meta *m)
{
    head(q, m, 200);
}

void page_end(struct req *q)
{
    struct html *h = &q->h;
    html_lit(h, "</main>\n<footer class=\"site\">\n<p>Gegevens: Tweede Kamer der "
                "Staten-Generaal, open data (CC0). Kamerwacht gebruikt geen cookies, trackers "
                "of diensten van derden. <a href=\"/over\">Over Kamerwacht</a> \xC2\xB7 "
                "<a href=\"");
    html_path(h, q->rq ? q->rq->path : "/");
    html_lit(h, "?format=json\">deze pagina als JSON</a> \xC2\xB7 "
                "<a href=\"/status\">status</a></p>\n</footer>\n</body>\n</html>\n");
}

static const char *status_text(int status)
{
    switch (status) {
    case 400:
        return "Dit verzoek begrijpen we niet. Controleer het adres of de ingevulde waarden.";
    case 404:
        return "Deze pagina bestaat niet (meer), of het nummer is onbekend in onze kopie van de "
               "Kamergegevens.";
    case 405:
        return "Deze methode wordt hier niet ondersteund.";
    case 413:
    case 414:
    case 431:
        return "Dit verzoek is te groot.";
    case 503:
        return "De site is even te druk. Probeer het zo opnieuw.";
    default:
        return "Er ging aan onze kant iets mis. Probeer het later opnieuw.";
    }
}

void site_error_body(struct req *q, int status, const char *detail)
{
    if (q->fmt == FMT_JSON) {
        jw_init(&q->j, &q->rs->body);
        jw_obj_begin(&q->j);
        jw_key(&q->j, "error");
        jw_obj_begin(&q->j);
        jw_kv_int(&q->j, "status", status);
        jw_kv_str(&q->j, "title", http_status_title(status));
        jw_kv_str(&q->j, "message", detail ? detail : status_text(status));
        jw_obj_end(&q->j);
        jw_obj_end(&q->j);
        q->rs->content_type = HTTP_CT_JSON;
        return;
    }
    q->fmt = FMT_HTML;
    q->h = html_on(&q->rs->body);
    q->rs->content_type = HTTP_CT_HTML;
    struct page_meta m = {.title = http_status_title(status)};
    head(q, &m, status);
    struct html *h = &q->h;
    html_lit(h, "<h1>");
    html_text(h, http_status_title(status));
    html_lit(h, "</h1>\n<p>");
    html_text(h, detail ? detail : status_text(status));
    html_lit(h, "</p>\n<p><a href=\"/\">Naar het overzicht</a> of <a href=\"/zoeken\">zoek"
                "</a>.</p>\n");
    page_end(q);
}

int site_not_found(struct req *q, const char *what)
{
    buf_reset(&q->rs->body);
    q->rs->status = 404;
    q->rs->cache = HTTP_CACHE_NO_STORE;
    site_error_body(q, 404, what);
    return 0;
}

void site_error_page(void *ctx, int status, bool want_json, struct http_response *rs)
{
    struct req q;
    memset(&q, 0, sizeof q);
    q.site = ctx;
    q.rs = rs;
    q.fmt = want_json ? FMT_JSON : FMT_HTML;
    site_error_body(&q, status, NULL);
}
