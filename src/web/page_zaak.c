/*
 * page_zaak — /zaak/<nummer> (a case with its actors, documents, decisions with votes,
 * activities and related cases), /dossier/<nummer>[-<toevoeging>] (all documents of a
 * kamerstukdossier in volgnummer order with their bijlagen, its zaken, and a timeline of
 * documents, decisions and activities), and /kamerstuk/<id> (a citation such as 31293-593 or
 * kst-31293-593 resolved to its document). Zaak and dossier also as Atom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/site_int.h"

static void html_docs_table(struct html *h, const struct rows *docs, bool with_nr)
{
    html_lit(h, "<div class=\"table-wrap\"><table><thead><tr>");
    if (with_nr)
        html_lit(h, "<th scope=\"col\" class=\"num\">Nr.</th>");
    html_lit(h, "<th scope=\"col\">Datum</th><th scope=\"col\">Document</th>"
                "<th scope=\"col\">Soort</th><th scope=\"col\">Onderwerp</th></tr></thead>"
                "<tbody>\n");
    for (size_t i = 0; i < docs->n; i++) {
        if (rv(docs, i, "bron_nummer"))
            continue;
        html_lit(h, "<tr");
        if (with_nr && ri(docs, i, "volgnummer") > 0) {
            html_lit(h, " id=\"nr-");
            html_int(h, ri(docs, i, "volgnummer"));
            html_lit(h, "\"");
        }
        html_lit(h, ">");
        if (with_nr) {
            html_lit(h, "<td class=\"num\">");
            if (ri(docs, i, "volgnummer") > 0)
                html_int(h, ri(docs, i, "volgnummer"));
            html_lit(h, "</td>");
        }
        html_lit(h, "<td>");
        html_date(h, rv(docs, i, "datum"));
        html_lit(h, "</td><th scope=\"row\">");
        link_document(h, rv(docs, i, "nummer"), NULL);
        html_lit(h, "</th><td>");
        html_text(h, rv(docs, i, "soort"));
        html_td_text(h, rv(docs, i, "onderwerp"));
        /* bijlagen folded under their parent */
        bool any = false;
        for (size_t k = 0; k < docs->n; k++) {
            const char *b = rv(docs, k, "bron_nummer");
            if (!b || strcmp(b, rs_(docs, i, "nummer")))
                continue;
            if (!any)
                html_lit(h, "<ul class=\"plain bijlagen\">");
            any = true;
            html_lit(h, "<li>Bijlage ");
            link_document(h, rv(docs, k, "nummer"), NULL);
            html_lit(h, ": ");
            html_text(h, rv(docs, k, "onderwerp"));
            html_lit(h, "</li>");
        }
        if (any)
            html_lit(h, "</ul>");
        html_lit(h, "</td></tr>\n");
    }
    html_lit(h, "</tbody></table></div>\n");
    /* bijlagen whose parent is not in this list */
    bool any = false;
    for (size_t k = 0; k < docs->n; k++) {
        const char *b = rv(docs, k, "bron_nummer");
        if (!b)
            continue;
        bool parent_here = false;
        for (size_t i = 0; i < docs->n && !parent_here; i++)
            parent_here = !rv(docs, i, "bron_nummer") && !strcmp(rs_(docs, i, "nummer"), b);
        if (parent_here)
            continue;
        if (!any)
            html_lit(h, "<p>Overige bijlagen:</p><ul class=\"docs\">");
        any = true;
        html_lit(h, "<li>");
        link_document(h, rv(docs, k, "nummer"), NULL);
        html_lit(h, " (bijlage bij ");
        link_document(h, b, NULL);
        html_lit(h, "): ");
        html_text(h, rv(docs, k, "onderwerp"));
        html_lit(h, "</li>");
    }
    if (any)
        html_lit(h, "</ul>\n");
}

/* Indices of rows sorted by a date column, newest first (for feeds). */
static size_t *by_date_desc(const struct rows *r, const char *col)
{
    size_t *ix = malloc((r->n ? r->n : 1) * sizeof *ix);
    if (!ix)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        ix[i] = i;
    for (size_t i = 1; i < r->n; i++) { /* insertion sort: feeds are small */
        size_t v = ix[i], k = i;
        while (k > 0 && strcmp(rs_(r, ix[k - 1], col), rs_(r, v, col)) < 0) {
            ix[k] = ix[k - 1];
            k--;
        }
        ix[k] = v;
    }
    return ix;
}

static void atom_docs(struct req *q, const char *title, const char *updated,
                      const struct rows *docs)
{
    req_start(q);
    atom_begin(q, title, updated);
    size_t *ix = by_date_desc(docs, "datum");
    for (size_t k = 0; ix && k < docs->n && k < 100; k++)
        atom_row(q, "/document/", docs, ix[k], "datum");
    free(ix);
    atom_end(q);
}

static void item_related(struct html *h, const struct rows *rel, size_t i)
{
    html_text(h, rv(rel, i, "relatie"));
    html_lit(h, ": ");
    link_zaak(h, rv(rel, i, "nummer"), NULL);
    html_lit(h, " ");
    html_text(h, rv(rel, i, "onderwerp"));
}

static void item_dossier_zaak(struct html *h, const struct rows *zaken, size_t i)
{
    link_zaak(h, rv(zaken, i, "nummer"), NULL);
    html_soort_onderwerp(h, zaken, i);
}

PAGE(page_zaak)
{
    REQ_OPEN(q);
    struct rows *z = Q(&q, Q_ZAAK, "s", route_arg(a, "nummer"));
    if (!z)
        return req_done(&q, 500);
    if (!z->n)
        return req_done(&q, site_not_found(&q, "Er is geen zaak met dit nummer."));
    struct zaak_ctx zc;
    if (zaak_ctx_load(&q, z, &zc))
        return req_done(&q, 500);
    struct buf ids = BUF_INIT;
    rows_id_list(z, "id", &ids);
    struct rows *docs = Q(&q, Q_ZAKEN_DOCS, "s", buf_cstr(&ids));
    struct rows *ksd = Q(&q, Q_ZAKEN_DOSSIERS, "s", buf_cstr(&ids));
    struct rows *rel = Q(&q, Q_ZAKEN_RELATED, "s", buf_cstr(&ids));
    buf_free(&ids);
    if (!docs || !ksd || !rel)
        return req_done(&q, 500);
    const char *nummer = rv(z, 0, "nummer");
    req_start(&q);
    if (q.fmt == FMT_ATOM) {
        char title[128];
        snprintf(title, sizeof title, "Zaak %.40s", nummer);
        atom_docs(&q, title, rv(z, 0, "bijgewerkt"), docs);
        return req_done(&q, 0);
    }
    if (q.fmt == FMT_JSON) {
        struct jsonw *j = &q.j;
        jw_obj_begin(j);
        jw_kv_str(j, "type", "zaak");
        jw_key(j, "zaak");
        json_zaak(&q, &zc, 0);
        jw_key(j, "documenten");
        rows_json(j, docs, NULL, NULL);
        jw_key(j, "dossiers");
        rows_json(j, ksd, NULL, NULL);
        jw_key(j, "gerelateerd");
        rows_json(j, rel, NULL, NULL);
        jw_obj_end(j);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    struct page_meta m = {.title = rv(z, 0, "onderwerp") ? rv(z, 0, "onderwerp") : nummer,
                          .description = rv(z, 0, "soort"), .atom = true};
    page_begin(&q, &m);
    html_lit(h, "<h1>");
    html_text(h, m.title);
    html_lit(h, "</h1>\n<p class=\"sub\">Zaak ");
    html_text(h, nummer);
    if (rv(z, 0, "titel")) {
        html_lit(h, " \xC2\xB7 ");
        html_text(h, rv(z, 0, "titel"));
    }
    html_lit(h, "</p>\n<dl class=\"facts\"><dt>Nummer</dt><dd>");
    html_text(h, nummer);
    html_lit(h, "</dd><dt>Bijgewerkt</dt><dd>");
    html_datetime(h, rv(z, 0, "bijgewerkt"));
    html_lit(h, "</dd>");
    html_fact(h, "Vergaderjaar", rv(z, 0, "vergaderjaar"));
    html_fact_date(h, "Termijn", rv(z, 0, "termijn"));
    if (ksd->n) {
        html_lit(h, "<dt>Kamerstukdossier</dt><dd>");
        for (size_t i = 0; i < ksd->n; i++) {
            if (i)
                html_lit(h, "; ");
            link_dossier(h, rv(ksd, i, "nummer"), rv(ksd, i, "toevoeging"), NULL);
            if (i == 0 && ri(z, 0, "volgnummer") > 0) {
                html_lit(h, " nr. ");
                html_int(h, ri(z, 0, "volgnummer"));
            }
            html_lit(h, " ");
            html_text(h, rv(ksd, i, "titel"));
        }
        html_lit(h, "</dd>");
    }
    html_lit(h, "</dl>\n<p class=\"links\"><a href=\"https://www.tweedekamer.nl/kamerstukken/"
                "detail?id=");
    html_url_part(h, nummer);
    if (docs->n) {
        html_lit(h, "&amp;did=");
        html_url_part(h, rv(docs, 0, "nummer"));
    }
    html_lit(h, "\">Pagina op tweedekamer.nl</a> <a href=\"/zaak/");
    html_url_part(h, nummer);
    html_lit(h, "/atom\">Volg deze zaak (Atom)</a> <a href=\"/zaak/");
    html_url_part(h, nummer);
    html_lit(h, "?format=json\">JSON</a></p>\n");
    html_zaak_block(&q, &zc, 0, 0);
    html_lit(h, "<h2>Documenten</h2>\n");
    if (docs->n)
        html_docs_table(h, docs, false);
    else
        html_lit(h, "<p>Geen documenten bekend.</p>\n");
    if (rel->n) {
        html_lit(h, "<h2>Gerelateerde zaken</h2>\n");
        html_ul(h, rel, item_related);
    }
    return page_done(&q);
}

/* ---- dossier ---- */

enum ev_kind { EV_DOC, EV_BESLUIT, EV_ACT };
struct ev {
    char date[24];
    enum ev_kind kind;
    size_t i;
};

static int ev_cmp(const void *a, const void *b)
{
    const struct ev *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    return c ? c : (int)x->kind - (int)y->kind;
}

static void html_timeline(struct req *q, const struct rows *docs, const struct zaak_ctx *z)
{
    struct html *h = &q->h;
    size_t cap = docs->n + z->besluiten->n + z->acts->n, n = 0;
    struct ev *ev = calloc(cap ? cap : 1, sizeof *ev);
    if (!ev)
        return;
    for (size_t i = 0; i < docs->n; i++)
        if (rv(docs, i, "datum") && !rv(docs, i, "bron_nummer")) {
            snprintf(ev[n].date, sizeof ev[n].date, "%s", rv(docs, i, "datum"));
            ev[n].kind = EV_DOC, ev[n++].i = i;
        }
    for (size_t i = 0; i < z->besluiten->n; i++)
        if (rv(z->besluiten, i, "activiteit_datum")) {
            /* a besluit linked to several zaken of the dossier once */
            bool dup = false;
            for (size_t k = 0; k < i && !dup; k++)
                dup = !strcmp(rs_(z->besluiten, k, "id"), rs_(z->besluiten, i, "id"));
            if (dup)
                continue;
            snprintf(ev[n].date, sizeof ev[n].date, "%s", rv(z->besluiten, i, "activiteit_datum"));
            ev[n].kind = EV_BESLUIT, ev[n++].i = i;
        }
    for (size_t i = 0; i < z->acts->n; i++)
        if (rv(z->acts, i, "datum")) {
            bool dup = false;
            for (size_t k = 0; k < i && !dup; k++)
                dup = !strcmp(rs_(z->acts, k, "nummer"), rs_(z->acts, i, "nummer"));
            if (dup)
                continue;
            snprintf(ev[n].date, sizeof ev[n].date, "%s", rv(z->acts, i, "datum"));
            ev[n].kind = EV_ACT, ev[n++].i = i;
        }
    qsort(ev, n, sizeof *ev, ev_cmp);
    html_lit(h, "<h2 id=\"tijdlijn\">Tijdlijn</h2>\n<ol class=\"timeline\">\n");
    for (size_t k = 0; k < n; k++) {
        size_t i = ev[k].i;
        html_lit(h, "<li>");
        html_date(h, ev[k].date);
        html_lit(h, " ");
        if (ev[k].kind == EV_DOC) {
            html_lit(h, "<span class=\"soort\">");
            html_text(h, rv(docs, i, "soort"));
            html_lit(h, "</span> ");
            link_document(h, rv(docs, i, "nummer"), NULL);
            if (ri(docs, i, "volgnummer") > 0) {
                html_lit(h, " (nr. ");
                html_int(h, ri(docs, i, "volgnummer"));
                html_lit(h, ")");
            }
            html_lit(h, ": ");
            html_text(h, rv(docs, i, "onderwerp"));
        } else if (ev[k].kind == EV_BESLUIT) {
            const struct rows *b = z->besluiten;
            html_lit(h, "<span class=\"soort\">Besluit</span> ");
            for (size_t zi = 0; zi < z->zaken->n; zi++)
                if (!strcmp(rs_(z->zaken, zi, "id"), rs_(b, i, "_zaak"))) {
                    link_zaak(h, rv(z->zaken, zi, "nummer"), NULL);
                    html_lit(h, " ");
                    html_text(h, rv(z->zaken, zi, "onderwerp"));
                    html_lit(h, ": ");
                }
            html_lit(h, "<strong>");
            html_text(h, rv(b, i, "besluitTekst") ? rv(b, i, "besluitTekst")
                                                  : rv(b, i, "besluitSoort"));
            html_lit(h, "</strong>");
            html_votes(h, z->votes, rv(b, i, "id"), false);
        } else {
            html_lit(h, "<span class=\"soort\">");
            html_text(h, rv(z->acts, i, "soort"));
            html_lit(h, "</span> ");
            link_activiteit(h, rv(z->acts, i, "nummer"), rv(z->acts, i, "onderwerp"));
        }
        html_lit(h, "</li>\n");
    }
    html_lit(h, "</ol>\n");
    free(ev);
}

PAGE(page_dossier)
{
    REQ_OPEN(q);
    char nummer[16], toev[64];
    if (dossier_parse(route_arg(a, "nummer"), nummer, sizeof nummer, toev, sizeof toev))
        return req_done(&q, site_not_found(&q, "Een kamerstukdossier heeft een nummer zoals "
                                               "31293 of 36600-XV."));
    int64_t page = param_int(&q, "pagina", 1, 1, 1000);
    struct rows *k = Q(&q, Q_DOSSIER, "is", (int64_t)strtoll(nummer, NULL, 10),
                       toev[0] ? toev : NULL);
    if (!k)
        return req_done(&q, 500);
    if (!k->n)
        return req_done(&q, site_not_found(&q, "Er is geen kamerstukdossier met dit nummer."));
    const char *id = rv(k, 0, "id");
    struct rows *docs = Q(&q, Q_DOSSIER_DOCS, "sii", id, (int64_t)501, (page - 1) * 500);
    struct rows *zaken = Q(&q, Q_DOSSIER_ZAKEN, "s", id);
    struct zaak_ctx zc;
    if (!docs || !zaken || zaak_ctx_load(&q, zaken, &zc))
        return req_done(&q, 500);
    bool more = docs->n > 500;
    if (more)
        docs->n = 500;
    char did[96];
    dossier_id(rv(k, 0, "nummer"), rv(k, 0, "toevoeging"), did, sizeof did);
    req_start(&q);
    if (q.fmt == FMT_ATOM) {
        char title[256];
        snprintf(title, sizeof title, "Kamerstukdossier %s", did);
        atom_docs(&q, title, rv(k, 0, "bijgewerkt"), docs);
        return req_done(&q, 0);
    }
    if (q.fmt == FMT_JSON) {
        struct jsonw *j = &q.j;
        jw_obj_begin(j);
        jw_kv_str(j, "type", "dossier");
        jw_key(j, "dossier");
        jw_obj_begin(j);
        rows_json_fields(j, k, 0);
        jw_obj_end(j);
        jw_kv_int(j, "pagina", page);
        jw_kv_bool(j, "meer", more);
        jw_key(j, "documenten");
        rows_json(j, docs, NULL, NULL);
        jw_key(j, "zaken");
        jw_arr_begin(j);
        for (size_t i = 0; i < zaken->n; i++)
            json_zaak(&q, &zc, i);
        jw_arr_end(j);
        jw_obj_end(j);
        return req_done(&q, 0);
    }
    struct html *h = &q.h;
    char title[512];
    snprintf(title, sizeof title, "Kamerstukdossier %s: %s", did, rs_(k, 0, "titel"));
    struct page_meta m = {.title = title, .description = rv(k, 0, "titel"), .atom = true};
    page_begin(&q, &m);
    html_lit(h, "<h1>");
    html_text(h, title);
    html_lit(h, "</h1>\n<dl class=\"facts\"><dt>Nummer</dt><dd>");
    html_text(h, did);
    html_lit(h, "</dd>");
    html_fact(h, "Citeertitel", rv(k, 0, "citeertitel"));
    html_lit(h, "<dt>Hoogste volgnummer</dt><dd>");
    html_int(h, ri(k, 0, "hoogsteVolgnummer"));
    html_lit(h, "</dd><dt>Status</dt><dd>");
    html_text(h, ri(k, 0, "afgesloten") ? "afgesloten" : "open");
    html_lit(h, "</dd></dl>\n<p class=\"links\"><a href=\"/dossier/");
    html_url_part(h, did);
    html_lit(h, "/atom\">Volg dit dossier (Atom)</a> <a href=\"https://zoek."
                "officielebekendmakingen.nl/dossier/");
    html_url_part(h, did);
    html_lit(h, "\">Dossier op officielebekendmakingen.nl</a> <a href=\"/dossier/");
    html_url_part(h, did);
    html_lit(h, "?format=json\">JSON</a></p>\n<h2 id=\"documenten\">Documenten</h2>\n");
    if (docs->n)
        html_docs_table(h, docs, true);
    else
        html_lit(h, "<p>Geen documenten bekend.</p>\n");
    html_pager(&q, page, more);
    if (zaken->n) {
        html_lit(h, "<h2 id=\"zaken\">Zaken</h2>\n");
        html_ul(h, zaken, item_dossier_zaak);
    }
    html_timeline(&q, docs, &zc);
    return page_done(&q);
}

/* ---- /kamerstuk/<id>, /op/<id> ---- */

static int redirect(struct http_response *rs, const char *prefix, const char *id)
{
    struct buf loc = BUF_INIT;
    buf_adds(&loc, prefix);
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                  *p == '-' || *p == '.' || *p == '_' || *p == '~';
        if (ok)
            buf_addc(&loc, (char)*p);
        else
            buf_printf(&loc, "%%%02X", *p);
    }
    rs->status = 301;
    http_add_header(rs, "Location", buf_cstr(&loc));
    buf_free(&loc);
    return 0;
}

PAGE(page_redirect_kst)
{
    REQ_OPEN(q);
    const char *id = route_arg(a, "id");
    if (!strncmp(id, "kst-", 4)) {
        struct rows *r = Q(&q, Q_DOC_EXISTS, "s", id);
        if (!r)
            return req_done(&q, 500);
        if (r->n)
            return req_done(&q, redirect(rs, "/document/", rv(r, 0, "nummer")));
        id += 4;
    }
    /* <nummer>[-<toevoeging>]-<volgnummer> */
    char buf[160];
    snprintf(buf, sizeof buf, "%s", id);
    char *last = strrchr(buf, '-');
    if (!last || !last[1])
        return req_done(&q, site_not_found(&q, "Dit kamerstuknummer begrijpen we niet."));
    *last = '\0';
    char *end;
    long long vn = strtoll(last + 1, &end, 10);
    char nummer[16], toev[64];
    if (*end || vn <= 0 || dossier_parse(buf, nummer, sizeof nummer, toev, sizeof toev))
        return req_done(&q, site_not_found(&q, "Dit kamerstuknummer begrijpen we niet."));
    struct rows *r = Q(&q, Q_REDIRECT_KST, "isi", (int64_t)strtoll(nummer, NULL, 10),
                       toev[0] ? toev : NULL, (int64_t)vn);
    if (!r)
        return req_done(&q, 500);
    if (r->n)
        return req_done(&q, redirect(rs, "/document/", rv(r, 0, "nummer")));
    struct rows *k = Q(&q, Q_DOSSIER, "is", (int64_t)strtoll(nummer, NULL, 10),
                       toev[0] ? toev : NULL);
    if (k && k->n) {
        redirect(rs, "/dossier/", buf);
        rs->status = 302; /* the document itself may still arrive */
        return req_done(&q, 0);
    }
    return req_done(&q, site_not_found(&q, "Dit kamerstuk staat (nog) niet in onze kopie."));
}
