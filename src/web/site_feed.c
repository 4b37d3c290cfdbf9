/*
 * site_feed — Atom (RFC 4287) and iCalendar (RFC 5545) output shared by the pages.
 *
 * Atom (RFC 4287) wants absolute IRIs in link/@href and id. Links are the site's base URL
 * (configured, or the address 'serve' listens on) plus the path; entry and feed ids are tag
 * URIs built from the object's path on this site ("tag:kamerwacht,2024:/document/2021D35262"),
 * so they stay the same across restarts, hosts, base URLs and re-syncs. Paths are written
 * percent-encoded per segment in both, so neither ever holds a space or markup. Calendar events use the Activiteit GUID as UID and a SEQUENCE derived
 * from bijgewerkt (minutes since 2015), so a changed activity replaces the old one in the
 * subscriber's calendar; cancelled activities stay in the feed with STATUS:CANCELLED.
 */
#include <stdio.h>
#include <string.h>

#include "web/site_int.h"
#include "web/url.h"

#define SEQ_EPOCH 1420070400 /* 2015-01-01T00:00:00Z */

const char *site_base(const struct req *q)
{
    const char *b = atomic_load(&q->site->base);
    return b && *b ? b : SITE_DEFAULT_BASE;
}

/* path ("/a/b c#x y") percent-encoded per segment ("/a/b%20c#x%20y"), appended to out; a
 * '#' starts the fragment (gifts are entries of a person's page). */
static void path_encoded(struct buf *out, const char *path)
{
    for (const char *p = path ? path : ""; *p;) {
        if (*p == '/') {
            buf_addc(out, '/');
            p++;
            continue;
        }
        if (*p == '#') {
            buf_addc(out, '#');
            url_put_component(out, p + 1, strlen(p + 1));
            return;
        }
        size_t n = strcspn(p, "/#");
        url_put_component(out, p, n);
        p += n;
    }
}

/* The absolute link: base URL, the encoded path and, with rq, the request's parameters. */
static void xml_href(struct req *q, const char *path, const struct http_request *rq)
{
    struct buf u = BUF_INIT;
    buf_adds(&u, site_base(q));
    path_encoded(&u, path);
    for (size_t i = 0; rq && i < rq->nparams; i++) {
        buf_addc(&u, i ? '&' : '?');
        url_put_component(&u, rq->params[i].name, strlen(rq->params[i].name));
        buf_addc(&u, '=');
        url_put_component(&u, rq->params[i].value, strlen(rq->params[i].value));
    }
    xml_url(&q->x, buf_cstr(&u));
    buf_free(&u);
}

/* <id>tag:kamerwacht,2024:/encoded/path</id> */
static void xml_tag_id(struct req *q, const char *path)
{
    struct buf u = BUF_INIT;
    buf_adds(&u, "tag:kamerwacht,2024:");
    path_encoded(&u, path);
    xml_lit(&q->x, "<id>");
    xml_text(&q->x, buf_cstr(&u));
    xml_lit(&q->x, "</id>\n");
    buf_free(&u);
}

void atom_begin(struct req *q, const char *title, const char *updated)
{
    struct xmlw *x = &q->x;
    int64_t t = nl_utc(updated);
    xml_lit(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
               "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"nl\">\n");
    xml_tag_id(q, q->rq->path);
    xml_lit(x, "<title>");
    xml_text(x, title);
    xml_lit(x, " \xC2\xB7 Kamerwacht</title>\n<updated>");
    xml_time(x, t ? t : q->now);
    xml_lit(x, "</updated>\n<author><name>Kamerwacht (gegevens: Tweede Kamer der "
               "Staten-Generaal)</name></author>\n<rights>CC0: gegevens van de Tweede Kamer"
               "</rights>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
    xml_href(q, q->rq->path, q->rq);
    xml_lit(x, "\"/>\n");
}

void atom_entry(struct req *q, const char *path, const char *title, const char *updated,
                const char *summary, const char *category)
{
    struct xmlw *x = &q->x;
    int64_t t = nl_utc(updated);
    xml_lit(x, "<entry>\n");
    xml_tag_id(q, path);
    xml_lit(x, "<title>");
    xml_text(x, title && *title ? title : path);
    xml_lit(x, "</title>\n<updated>");
    xml_time(x, t ? t : q->now);
    xml_lit(x, "</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
    xml_href(q, path, NULL);
    xml_lit(x, "\"/>\n");
    if (category && *category) {
        xml_lit(x, "<category term=\"");
        xml_text(x, category);
        xml_lit(x, "\"/>\n");
    }
    if (summary && *summary) {
        xml_lit(x, "<summary type=\"text\">");
        xml_text(x, summary);
        xml_lit(x, "</summary>\n");
    }
    xml_lit(x, "</entry>\n");
}

void atom_row(struct req *q, const char *prefix, const struct rows *r, size_t i,
              const char *updated_col)
{
    char path[96];
    snprintf(path, sizeof path, "%.20s%.40s", prefix, rs_(r, i, "nummer"));
    atom_entry(q, path, rv(r, i, "onderwerp"), rv(r, i, updated_col), rv(r, i, "soort"),
               rv(r, i, "soort"));
}

void atom_end(struct req *q)
{
    xml_lit(&q->x, "</feed>\n");
}

void atom_rows(struct req *q, const char *feed_title, const struct rows *r, const char *path_prefix,
               const char *key_col, const char *title_col, const char *summary_col,
               const char *category_col)
{
    atom_begin(q, feed_title, r->n ? rv(r, 0, "bijgewerkt") : NULL);
    for (size_t i = 0; i < r->n; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s%.60s", path_prefix, rs_(r, i, key_col));
        atom_entry(q, path, rv(r, i, title_col), rv(r, i, "bijgewerkt"), rv(r, i, summary_col),
                   category_col ? rv(r, i, category_col) : NULL);
    }
    atom_end(q);
}

static void ical_local_date(struct ical *c, const char *s)
{
    struct nl_time t;
    if (nl_parse(s, &t))
        return;
    ical_date(c, t.y, t.mon, t.d);
}

void ical_calendar(struct req *q, const char *name, const struct rows *acts)
{
    struct ical *c = &q->c;
    ical_line(c, "BEGIN:VCALENDAR");
    ical_line(c, "VERSION:2.0");
    ical_line(c, "PRODID:-//Kamerwacht//Agenda Tweede Kamer//NL");
    ical_line(c, "CALSCALE:GREGORIAN");
    ical_line(c, "METHOD:PUBLISH");
    ical_prop_text(c, "X-WR-CALNAME", name);
    ical_line(c, "X-WR-TIMEZONE:Europe/Amsterdam");
    ical_line(c, "REFRESH-INTERVAL;VALUE=DURATION:PT4H");
    ical_line(c, "X-PUBLISHED-TTL:PT4H");
    for (size_t i = 0; acts && i < acts->n; i++) {
        const char *guid = rv(acts, i, "guid");
        if (!guid)
            continue;
        ical_line(c, "BEGIN:VEVENT");
        ical_lit(c, "UID:");
        ical_text(c, guid);
        ical_lit(c, "@kamerwacht");
        ical_crlf(c);
        int64_t mod = nl_utc(rv(acts, i, "bijgewerkt"));
        ical_lit(c, "DTSTAMP:");
        ical_utc(c, mod ? mod : q->now);
        ical_crlf(c);
        if (mod) {
            ical_lit(c, "LAST-MODIFIED:");
            ical_utc(c, mod);
            ical_crlf(c);
        }
        ical_lit(c, "SEQUENCE:");
        ical_int(c, mod > SEQ_EPOCH ? (mod - SEQ_EPOCH) / 60 : 0);
        ical_crlf(c);
        int64_t start = nl_utc(rv(acts, i, "aanvangstijd"));
        int64_t end = nl_utc(rv(acts, i, "eindtijd"));
        if (start) {
            ical_lit(c, "DTSTART:");
            ical_utc(c, start);
            ical_crlf(c);
            ical_lit(c, "DTEND:");
            ical_utc(c, end > start ? end : start + 3600);
            ical_crlf(c);
        } else {
            ical_lit(c, "DTSTART;VALUE=DATE:");
            ical_local_date(c, rv(acts, i, "datum"));
            ical_crlf(c);
        }
        const char *on = rv(acts, i, "onderwerp");
        ical_prop_text(c, "SUMMARY", on && *on ? on : rs_(acts, i, "soort"));
        struct buf d = BUF_INIT;
        buf_printf(&d, "%s", rs_(acts, i, "soort"));
        if (rv(acts, i, "voortouwnaam"))
            buf_printf(&d, "\n%s", rv(acts, i, "voortouwnaam"));
        if (rv(acts, i, "status"))
            buf_printf(&d, "\nStatus: %s", rv(acts, i, "status"));
        if (ri(acts, i, "besloten"))
            buf_adds(&d, "\nBesloten activiteit");
        ical_prop_text(c, "DESCRIPTION", buf_cstr(&d));
        buf_free(&d);
        const char *loc = rv(acts, i, "zaal") ? rv(acts, i, "zaal") : rv(acts, i, "locatie");
        if (loc)
            ical_prop_text(c, "LOCATION", loc);
        if (rv(acts, i, "nummer")) {
            struct buf u = BUF_INIT;
            buf_printf(&u, "%s/activiteit/%s", site_base(q), rv(acts, i, "nummer"));
            ical_prop_text(c, "URL", buf_cstr(&u));
            buf_free(&u);
        }
        const char *st = rs_(acts, i, "status");
        if (!strcmp(st, "Geannuleerd") || !strcmp(st, "Vervallen"))
            ical_line(c, "STATUS:CANCELLED");
        else if (!strcmp(st, "Gepland") || !strcmp(st, "Uitgevoerd"))
            ical_line(c, "STATUS:CONFIRMED");
        else
            ical_line(c, "STATUS:TENTATIVE");
        ical_line(c, "END:VEVENT");
    }
    ical_line(c, "END:VCALENDAR");
}
