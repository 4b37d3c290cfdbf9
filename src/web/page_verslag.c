/*
 * page_verslag — /verslag/<id> (a Verslag GUID, or a Vergadering GUID for its newest
 * verslag): the stenographic report rendered from its VLOS XML file, speaker by speaker.
 * The text comes from text_extract() through the same off-request cache as documents; its
 * VLOS reader writes each speech turn as a line "De heer Name (Party):" followed by the
 * spoken paragraphs, which become a speaker heading and paragraphs here.
 */
#include <stdio.h>
#include <string.h>

#include "web/site_int.h"

static bool speaker_line(const char *s, size_t n)
{
    if (n < 4 || n > 160 || s[n - 1] != ':')
        return false;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && i + 2 < n && s[i + 1] == ' ')
            return false; /* a sentence, not a name */
    return true;
}

static void html_vlos(struct html *h, const char *t, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t st = i;
        while (i < n && !(t[i] == '\n' && i + 1 < n && t[i + 1] == '\n'))
            i++;
        size_t end = i;
        while (i < n && t[i] == '\n')
            i++;
        while (st < end && (t[st] == '\n' || t[st] == ' '))
            st++;
        if (st >= end)
            continue;
        const char *nl = memchr(t + st, '\n', end - st);
        size_t first = nl ? (size_t)(nl - (t + st)) : end - st;
        if (speaker_line(t + st, first)) {
            html_lit(h, "<p class=\"spreker\">");
            html_textn(h, t + st, first);
            html_lit(h, "</p>\n");
            st += first + (nl ? 1 : 0);
            if (st >= end)
                continue;
        }
        html_lit(h, "<p>");
        html_autolink(h, t + st, end - st);
        html_lit(h, "</p>\n");
    }
}

PAGE(page_verslag)
{
    REQ_OPEN(q);
    struct rows *v = Q(&q, Q_VERSLAG, "s", route_arg(a, "id"));
    if (!v)
        return req_done(&q, 500);
    if (!v->n)
        return req_done(&q, site_not_found(&q, "Er is geen verslag met deze code."));
    struct buf text = BUF_INIT;
    enum text_state ts = text_get(q.site, rv(v, 0, "id"), rv(v, 0, "content_type"),
                                  q.site->cfg.text_wait_ms, &text);
    req_start(&q);
    if (q.fmt == FMT_JSON) {
        jw_obj_begin(&q.j);
        jw_kv_str(&q.j, "type", "verslag");
        jw_key(&q.j, "verslag");
        jw_obj_begin(&q.j);
        rows_json_fields(&q.j, v, 0);
        jw_obj_end(&q.j);
        jw_key(&q.j, "tekst");
        if (ts == TC_READY)
            jw_strn(&q.j, text.data ? text.data : "", text.len);
        else
            jw_null(&q.j);
        jw_obj_end(&q.j);
        buf_free(&text);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    const char *title = rv(v, 0, "titel") ? rv(v, 0, "titel") : "Verslag";
    struct page_meta m = {.title = title, .description = "Stenografisch verslag"};
    page_begin(&q, &m);
    html_lit(h, "<h1>");
    html_text(h, title);
    html_lit(h, "</h1>\n<dl class=\"facts\"><dt>Datum</dt><dd>");
    html_day(h, rv(v, 0, "datum"));
    if (rv(v, 0, "aanvangstijd")) {
        html_lit(h, ", ");
        html_clock(h, rv(v, 0, "aanvangstijd"));
        if (rv(v, 0, "sluiting")) {
            html_lit(h, "\xE2\x80\x93");
            html_clock(h, rv(v, 0, "sluiting"));
        }
    }
    html_lit(h, "</dd><dt>Vergadering</dt><dd>");
    html_text(h, rv(v, 0, "vergadering_soort"));
    if (rv(v, 0, "zaal")) {
        html_lit(h, ", ");
        html_text(h, rv(v, 0, "zaal"));
    }
    html_lit(h, "</dd><dt>Versie</dt><dd>");
    html_text(h, rv(v, 0, "soort"));
    html_lit(h, ", ");
    html_text(h, rv(v, 0, "status"));
    html_lit(h, " (bijgewerkt ");
    html_datetime(h, rv(v, 0, "bijgewerkt"));
    html_lit(h, ")</dd></dl>\n");
    if (!strcmp(rs_(v, 0, "status"), "Ongecorrigeerd"))
        html_lit(h, "<p class=\"notice\">Dit is een ongecorrigeerde versie; de tekst kan nog "
                    "veranderen.</p>\n");
    html_lit(h, "<h2>Tekst</h2>\n");
    if (ts == TC_READY && text.len) {
        html_lit(h, "<div class=\"verslag\" lang=\"nl\">");
        html_vlos(h, text.data, text.len);
        html_lit(h, "</div>\n");
    } else if (ts == TC_READY) {
        html_lit(h, "<p class=\"notice\">Deze versie van het verslag bevat nog geen tekst "
                    "(alleen de opzet).</p>\n");
    } else if (ts == TC_PENDING) {
        html_lit(h, "<p class=\"notice\">Het verslag wordt nog omgezet. Vernieuw de pagina over "
                    "enkele seconden.</p>\n");
    } else if (ts == TC_NO_FILE) {
        html_lit(h, "<p class=\"notice\">Het verslag is nog niet gedownload.</p>\n");
    } else {
        html_lit(h, "<p class=\"notice\">Het verslag kon niet worden gelezen.</p>\n");
    }
    buf_free(&text);
    return page_done(&q);
}
