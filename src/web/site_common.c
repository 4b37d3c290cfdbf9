/*
 * site_common — pieces shared by several pages: links to objects, dossier ids, files under
 * FILES, query parameters, paging, vote tallies (with the seat bar as inline SVG) and the
 * zaak block (actors, decisions with votes, activities) that document, zaak, dossier and
 * activiteit pages all show.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/entity.h"
#include "web/site_int.h"

/* ---- links ---- */

static void link_rest(struct html *h, const char *id, const char *label)
{
    html_url_part(h, id);
    html_lit(h, "\">");
    html_text(h, label && *label ? label : id);
    html_lit(h, "</a>");
}

void link_document(struct html *h, const char *nummer, const char *label)
{
    if (!nummer) {
        html_text(h, label);
        return;
    }
    html_lit(h, "<a href=\"/document/");
    link_rest(h, nummer, label);
}

void link_zaak(struct html *h, const char *nummer, const char *label)
{
    if (!nummer) {
        html_text(h, label);
        return;
    }
    html_lit(h, "<a href=\"/zaak/");
    link_rest(h, nummer, label);
}

void link_persoon(struct html *h, const char *nummer, const char *label)
{
    if (!nummer) {
        html_text(h, label);
        return;
    }
    html_lit(h, "<a href=\"/persoon/");
    link_rest(h, nummer, label);
}

void link_activiteit(struct html *h, const char *nummer, const char *label)
{
    if (!nummer) {
        html_text(h, label);
        return;
    }
    html_lit(h, "<a href=\"/activiteit/");
    link_rest(h, nummer, label);
}

void dossier_id(const char *nummer, const char *toevoeging, char *out, size_t outlen)
{
    if (toevoeging && *toevoeging)
        snprintf(out, outlen, "%s-%s", nummer ? nummer : "", toevoeging);
    else
        snprintf(out, outlen, "%s", nummer ? nummer : "");
}

void link_dossier(struct html *h, const char *nummer, const char *toevoeging, const char *label)
{
    char id[160];
    dossier_id(nummer, toevoeging, id, sizeof id);
    if (!nummer) {
        html_text(h, label);
        return;
    }
    html_lit(h, "<a href=\"/dossier/");
    link_rest(h, id, label);
}

int dossier_parse(const char *s, char *nummer, size_t nlen, char *toev, size_t tlen)
{
    size_t i = 0;
    while (s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == 0 || i > 9 || i >= nlen)
        return -1;
    memcpy(nummer, s, i);
    nummer[i] = '\0';
    toev[0] = '\0';
    if (s[i] == '\0')
        return 0;
    if (s[i] != '-' || !s[i + 1] || strlen(s + i + 1) >= tlen)
        return -1;
    snprintf(toev, tlen, "%s", s + i + 1);
    return 0;
}

bool is_tk_number(const char *s, char letter)
{
    if (!s || strlen(s) != 10 || s[4] != letter)
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

/* ---- files ---- */

int files_path(const struct site *s, const char *guid, char *out, size_t outlen)
{
    if (!s->files_dir || !guid || !kw_is_guid(guid, strlen(guid)))
        return -1;
    int n = snprintf(out, outlen, "%s/%.2s/%.2s/%s", s->files_dir, guid, guid + 2, guid);
    return n > 0 && (size_t)n < outlen ? 0 : -1;
}

int read_file(const char *path, size_t max, struct buf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    if ((uint64_t)st.st_size > max) {
        close(fd);
        return -2;
    }
    buf_grow(out, (size_t)st.st_size);
    for (;;) {
        buf_grow(out, 65536);
        ssize_t n = read(fd, out->data + out->len, out->cap - out->len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        out->len += (size_t)n;
        out->data[out->len] = '\0';
        if (out->len > max) {
            close(fd);
            return -2;
        }
    }
    close(fd);
    return 0;
}

/* ---- parameters and paging ---- */

int64_t param_int(const struct req *q, const char *name, int64_t def, int64_t lo, int64_t hi)
{
    const char *v = q->rq ? http_param(q->rq, name) : NULL;
    if (!v || !*v)
        return def;
    char *end;
    long long x = strtoll(v, &end, 10);
    if (*end || x < lo || x > hi)
        return def;
    return x;
}

static void pager_link(struct req *q, int64_t page, const char *label)
{
    struct html *h = &q->h;
    html_lit(h, "<a href=\"");
    html_path(h, q->rq->path);
    html_lit(h, "?");
    for (size_t i = 0; i < q->rq->nparams; i++) {
        const char *n = q->rq->params[i].name;
        if (!strcmp(n, "pagina") || !strcmp(n, "format"))
            continue;
        html_url_part(h, n);
        html_lit(h, "=");
        html_url_part(h, q->rq->params[i].value);
        html_lit(h, "&amp;");
    }
    html_lit(h, "pagina=");
    html_int(h, page);
    html_lit(h, "\">");
    html_text(h, label);
    html_lit(h, "</a>");
}

void html_pager(struct req *q, int64_t page, bool more)
{
    if (page <= 1 && !more)
        return;
    html_lit(&q->h, "<nav class=\"pager\" aria-label=\"Pagina's\">");
    if (page > 1)
        pager_link(q, page - 1, "\xE2\x86\x90 vorige pagina");
    html_lit(&q->h, "<span>pagina ");
    html_int(&q->h, page);
    html_lit(&q->h, "</span>");
    if (more)
        pager_link(q, page + 1, "volgende pagina \xE2\x86\x92");
    html_lit(&q->h, "</nav>\n");
}

/* ---- votes ---- */

static bool vote_row(const struct rows *v, size_t i, const char *besluit)
{
    const char *b = rv(v, i, "_besluit");
    return b && besluit && !strcmp(b, besluit);
}

void tally_votes(const struct rows *v, const char *besluit, struct tally *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; v && i < v->n; i++)
        if (vote_row(v, i, besluit) && ri(v, i, "lid"))
            t->hoofdelijk = true;
    for (size_t i = 0; v && i < v->n; i++) {
        if (!vote_row(v, i, besluit))
            continue;
        bool lid = ri(v, i, "lid") != 0;
        if (t->hoofdelijk != lid)
            continue;
        int64_t w = t->hoofdelijk ? 1 : ri(v, i, "fractieGrootte");
        const char *s = rs_(v, i, "soort");
        if (!strcmp(s, "Voor"))
            t->voor += w;
        else if (!strcmp(s, "Tegen"))
            t->tegen += w;
        else
            t->niet += w;
        if (ri(v, i, "vergissing"))
            t->nvergissing++;
    }
    t->total = t->voor + t->tegen + t->niet;
}

void html_vote_bar(struct html *h, const struct tally *t)
{
    if (t->total <= 0)
        return;
    int64_t w = 600, x = 0;
    int64_t wv = t->voor * w / t->total, wt = t->tegen * w / t->total;
    int64_t wn = w - wv - wt;
    html_lit(h, "<svg class=\"votebar\" viewBox=\"0 0 600 30\" aria-hidden=\"true\" "
                "focusable=\"false\">");
    html_lit(h, "<rect x=\"0\" y=\"4\" height=\"22\" fill=\"#1a7f37\" width=\"");
    html_int(h, wv);
    html_lit(h, "\"/>");
    x += wv;
    html_lit(h, "<rect y=\"4\" height=\"22\" fill=\"#b42318\" x=\"");
    html_int(h, x);
    html_lit(h, "\" width=\"");
    html_int(h, wt);
    html_lit(h, "\"/>");
    x += wt;
    if (wn > 0) {
        html_lit(h, "<rect y=\"4\" height=\"22\" fill=\"#d1d5db\" x=\"");
        html_int(h, x);
        html_lit(h, "\" width=\"");
        html_int(h, wn);
        html_lit(h, "\"/>");
    }
    html_lit(h, "<line x1=\"300\" x2=\"300\" y1=\"0\" y2=\"30\" stroke=\"#111\" "
                "stroke-width=\"2\"/></svg>");
}

static void vote_summary(struct html *h, const struct tally *t)
{
    html_lit(h, "<p class=\"tally\"><span class=\"voor\">Voor: ");
    html_int(h, t->voor);
    html_lit(h, "</span> \xC2\xB7 <span class=\"tegen\">Tegen: ");
    html_int(h, t->tegen);
    html_lit(h, "</span>");
    if (t->niet) {
        html_lit(h, " \xC2\xB7 <span class=\"niet\">Niet deelgenomen: ");
        html_int(h, t->niet);
        html_lit(h, "</span>");
    }
    html_lit(h, " \xC2\xB7 totaal ");
    html_int(h, t->total);
    html_text(h, t->hoofdelijk ? " leden (hoofdelijke stemming)" : " zetels");
    if (t->nvergissing) {
        html_lit(h, " \xC2\xB7 ");
        html_int(h, t->nvergissing);
        html_text(h, t->nvergissing == 1 ? " stem als vergissing gemeld" :
                                           " stemmen als vergissing gemeld");
    }
    html_lit(h, "</p>");
}

static void vote_party_line(struct html *h, const struct rows *v, const char *besluit,
                            const char *soort, bool hoofdelijk)
{
    bool any = false;
    for (size_t i = 0; i < v->n; i++) {
        if (!vote_row(v, i, besluit) || strcmp(rs_(v, i, "soort"), soort) ||
            (ri(v, i, "lid") != 0) != hoofdelijk)
            continue;
        if (any)
            html_lit(h, ", ");
        any = true;
        const char *name = hoofdelijk ? rv(v, i, "actorNaam") : rv(v, i, "actorFractie");
        html_text(h, name ? name : rv(v, i, "actorNaam"));
        if (!hoofdelijk) {
            html_lit(h, " (");
            html_int(h, ri(v, i, "fractieGrootte"));
            html_lit(h, ")");
        }
        if (ri(v, i, "vergissing"))
            html_lit(h, " [vergissing]");
    }
    if (!any)
        html_lit(h, "\xE2\x80\x94");
}

void html_votes(struct html *h, const struct rows *v, const char *besluit, bool details)
{
    struct tally t;
    tally_votes(v, besluit, &t);
    if (!t.total)
        return;
    vote_summary(h, &t);
    html_vote_bar(h, &t);
    if (!details) {
        html_lit(h, "<p class=\"partijen\"><span class=\"voor\">Voor:</span> ");
        vote_party_line(h, v, besluit, "Voor", t.hoofdelijk);
        html_lit(h, "<br><span class=\"tegen\">Tegen:</span> ");
        vote_party_line(h, v, besluit, "Tegen", t.hoofdelijk);
        html_lit(h, "</p>\n");
        return;
    }
    html_lit(h, "<div class=\"table-wrap\"><table class=\"votes\"><caption class=\"meta\">");
    html_text(h, t.hoofdelijk ? "Stem per Kamerlid" : "Stem per fractie (zetels)");
    html_lit(h, "</caption><thead><tr>");
    if (t.hoofdelijk)
        html_lit(h, "<th scope=\"col\">Kamerlid</th><th scope=\"col\">Fractie</th>");
    else
        html_lit(h, "<th scope=\"col\">Fractie</th><th scope=\"col\" class=\"num\">Zetels</th>");
    html_lit(h, "<th scope=\"col\">Stem</th></tr></thead><tbody>\n");
    static const char *const order[] = {"Voor", "Tegen", NULL};
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < v->n; i++) {
            if (!vote_row(v, i, besluit) || (ri(v, i, "lid") != 0) != t.hoofdelijk)
                continue;
            const char *s = rs_(v, i, "soort");
            bool is_pass = pass < 2 ? !strcmp(s, order[pass])
                                    : strcmp(s, "Voor") && strcmp(s, "Tegen");
            if (!is_pass)
                continue;
            html_lit(h, "<tr><th scope=\"row\">");
            if (t.hoofdelijk) {
                link_persoon(h, rv(v, i, "persoon_nummer"), rs_(v, i, "actorNaam"));
                html_lit(h, "</th><td>");
                html_text(h, rv(v, i, "actorFractie"));
            } else {
                html_text(h, rv(v, i, "actorFractie") ? rv(v, i, "actorFractie")
                                                      : rv(v, i, "actorNaam"));
                html_lit(h, "</th><td class=\"num\">");
                html_int(h, ri(v, i, "fractieGrootte"));
            }
            html_lit(h, "</td><td class=\"");
            html_text(h, pass == 0 ? "voor" : pass == 1 ? "tegen" : "niet");
            html_lit(h, "\">");
            html_text(h, s);
            if (ri(v, i, "vergissing"))
                html_lit(h, " (vergissing)");
            html_lit(h, "</td></tr>\n");
        }
    }
    html_lit(h, "</tbody><tfoot><tr><th scope=\"row\">Totaal</th><td class=\"num\" colspan=\"2\">");
    html_text(h, "voor ");
    html_int(h, t.voor);
    html_text(h, ", tegen ");
    html_int(h, t.tegen);
    if (t.niet) {
        html_text(h, ", niet deelgenomen ");
        html_int(h, t.niet);
    }
    html_lit(h, "</td></tr></tfoot></table></div>\n");
}

void json_votes(struct jsonw *j, const struct rows *v, const char *besluit)
{
    struct tally t;
    tally_votes(v, besluit, &t);
    jw_key(j, "uitslag");
    if (!t.total) {
        jw_null(j);
    } else {
        jw_obj_begin(j);
        jw_kv_int(j, "voor", t.voor);
        jw_kv_int(j, "tegen", t.tegen);
        jw_kv_int(j, "niet_deelgenomen", t.niet);
        jw_kv_int(j, "totaal", t.total);
        jw_kv_bool(j, "hoofdelijk", t.hoofdelijk);
        jw_kv_int(j, "vergissingen", t.nvergissing);
        jw_obj_end(j);
    }
    jw_key(j, "stemmingen");
    rows_json(j, v, "_besluit", besluit);
}

/* ---- zaak block ---- */

int zaak_ctx_load(struct req *q, struct rows *zaken, struct zaak_ctx *z)
{
    memset(z, 0, sizeof *z);
    z->zaken = zaken;
    struct buf ids = BUF_INIT;
    rows_id_list(zaken, "id", &ids);
    z->actors = Q(q, Q_ZAKEN_ACTORS, "s", buf_cstr(&ids));
    z->besluiten = Q(q, Q_ZAKEN_BESLUITEN, "s", buf_cstr(&ids));
    z->votes = Q(q, Q_ZAKEN_STEMMINGEN, "s", buf_cstr(&ids));
    z->acts = Q(q, Q_ZAKEN_ACTIVITEITEN, "s", buf_cstr(&ids));
    buf_free(&ids);
    return z->actors && z->besluiten && z->votes && z->acts ? 0 : -1;
}

static void hopen(struct html *h, int level)
{
    switch (level) {
    case 2: html_lit(h, "<h2>"); break;
    case 3: html_lit(h, "<h3>"); break;
    case 4: html_lit(h, "<h4>"); break;
    default: html_lit(h, "<h5>");
    }
}

static void hclose(struct html *h, int level)
{
    switch (level) {
    case 2: html_lit(h, "</h2>\n"); break;
    case 3: html_lit(h, "</h3>\n"); break;
    case 4: html_lit(h, "</h4>\n"); break;
    default: html_lit(h, "</h5>\n");
    }
}

static bool match(const struct rows *r, size_t i, const char *col, const char *v)
{
    const char *x = rv(r, i, col);
    return x && v && !strcmp(x, v);
}

static const char *uitslag_class(const char *besluitsoort)
{
    if (besluitsoort && strstr(besluitsoort, "aangenomen"))
        return "uitslag-aangenomen";
    if (besluitsoort && strstr(besluitsoort, "verworpen"))
        return "uitslag-verworpen";
    return "uitslag-overig";
}

/* ---- small shared renderers ---- */

void json_rows_answer(struct req *q, const char *type, const char *key, const struct rows *r)
{
    jw_obj_begin(&q->j);
    jw_kv_str(&q->j, "type", type);
    jw_key(&q->j, key);
    rows_json(&q->j, r, NULL, NULL);
    jw_obj_end(&q->j);
}

void json_list_head(struct req *q, const char *type, int64_t page, bool more)
{
    jw_obj_begin(&q->j);
    jw_kv_str(&q->j, "type", type);
    jw_kv_int(&q->j, "pagina", page);
    jw_kv_bool(&q->j, "meer", more);
}

void json_list_answer(struct req *q, const char *type, int64_t page, bool more, const char *key,
                      const struct rows *r)
{
    json_list_head(q, type, page, more);
    jw_key(&q->j, key);
    rows_json(&q->j, r, NULL, NULL);
    jw_obj_end(&q->j);
}

int page_done(struct req *q)
{
    page_end(q);
    return req_done(q, 0);
}

int list_done(struct req *q, int64_t page, bool more)
{
    html_pager(q, page, more);
    return page_done(q);
}

void html_fact(struct html *h, const char *label, const char *value)
{
    if (!value)
        return;
    html_lit(h, "<dt>");
    html_text(h, label);
    html_lit(h, "</dt><dd>");
    html_text(h, value);
    html_lit(h, "</dd>");
}

void html_fact_date(struct html *h, const char *label, const char *value)
{
    if (!value)
        return;
    html_lit(h, "<dt>");
    html_text(h, label);
    html_lit(h, "</dt><dd>");
    html_date(h, value);
    html_lit(h, "</dd>");
}

void html_td_text(struct html *h, const char *s)
{
    html_lit(h, "</td><td>");
    html_text(h, s);
}

void html_td_date(struct html *h, const char *s)
{
    html_lit(h, "</td><td>");
    html_date(h, s);
}

void html_paren(struct html *h, const char *s)
{
    if (!s)
        return;
    html_lit(h, " (");
    html_text(h, s);
    html_lit(h, ")");
}

void html_soort_onderwerp(struct html *h, const struct rows *r, size_t i)
{
    html_lit(h, " <span class=\"soort\">");
    html_text(h, rv(r, i, "soort"));
    html_lit(h, "</span> ");
    html_text(h, rv(r, i, "onderwerp"));
}

void html_ul(struct html *h, const struct rows *r, html_item_fn item)
{
    html_lit(h, "<ul>\n");
    for (size_t i = 0; i < r->n; i++) {
        html_lit(h, "<li>");
        item(h, r, i);
        html_lit(h, "</li>\n");
    }
    html_lit(h, "</ul>\n");
}

void html_zaak_item(struct html *h, const struct rows *r, size_t i)
{
    html_date(h, rv(r, i, "gestartOp"));
    html_lit(h, " ");
    link_zaak(h, rv(r, i, "nummer"), NULL);
    html_soort_onderwerp(h, r, i);
    if (rows_col(r, "relatie") >= 0) {
        html_lit(h, " <span class=\"meta\">(");
        html_text(h, rv(r, i, "relatie"));
        html_lit(h, ")</span>");
    }
}

bool is_commissie_relatie(const char *relatie)
{
    static const char *const names[] = {"Voortouwcommissie", "Medevoortouwcommissie",
                                        "Volgcommissie"};
    for (size_t i = 0; relatie && i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(relatie, names[i]))
            return true;
    return false;
}

int site_redirect(struct http_response *rs, int status, const char *prefix, const char *id,
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

static void html_actor_name(struct html *h, const struct rows *a, size_t i)
{
    const char *naam = rv(a, i, "naam");
    link_persoon(h, rv(a, i, "persoon_nummer"), naam ? naam : rv(a, i, "afkorting"));
    const char *afk = rv(a, i, "afkorting");
    if (afk && !rv(a, i, "persoon_nummer") && is_commissie_relatie(rv(a, i, "relatie"))) {
        html_lit(h, " (<a href=\"/commissie/");
        html_url_part(h, afk);
        html_lit(h, "\">");
        html_text(h, afk);
        html_lit(h, "</a>)");
    }
    const char *fr = rv(a, i, "fractie");
    html_paren(h, fr && *fr ? fr : NULL);
    const char *fn = rv(a, i, "functie");
    if (fn && *fn && strcmp(fn, "Tweede Kamerlid")) {
        html_lit(h, ", ");
        html_text(h, fn);
    }
}

void html_zaak_block(struct req *q, const struct zaak_ctx *z, size_t i, int hlevel)
{
    struct html *h = &q->h;
    const struct rows *zk = z->zaken;
    const char *id = rv(zk, i, "id");
    int sub = hlevel ? hlevel + 1 : 2;
    html_lit(h, "<section class=\"zaak\">\n");
    if (hlevel) {
        hopen(h, hlevel);
        html_text(h, "Zaak ");
        link_zaak(h, rv(zk, i, "nummer"), NULL);
        html_text(h, ": ");
        html_text(h, rv(zk, i, "onderwerp"));
        hclose(h, hlevel);
    }
    html_lit(h, "<p class=\"meta\"><span class=\"soort\">");
    html_text(h, rv(zk, i, "soort"));
    html_lit(h, "</span> gestart op ");
    html_date(h, rv(zk, i, "gestartOp"));
    if (ri(zk, i, "afgedaan"))
        html_text(h, " \xC2\xB7 afgedaan");
    else if (!rnull(zk, i, "afgedaan"))
        html_text(h, " \xC2\xB7 lopend");
    if (rv(zk, i, "kabinetsappreciatie")) {
        html_text(h, " \xC2\xB7 kabinetsappreciatie: ");
        html_text(h, rv(zk, i, "kabinetsappreciatie"));
    }
    html_lit(h, "</p>\n");

    bool any = false;
    for (size_t k = 0; z->actors && k < z->actors->n; k++) {
        if (!match(z->actors, k, "_zaak", id))
            continue;
        if (!any)
            html_lit(h, "<ul class=\"actors\">\n");
        any = true;
        html_lit(h, "<li>");
        html_text(h, rv(z->actors, k, "relatie"));
        html_lit(h, ": ");
        html_actor_name(h, z->actors, k);
        html_lit(h, "</li>\n");
    }
    if (any)
        html_lit(h, "</ul>\n");

    any = false;
    for (size_t k = 0; z->besluiten && k < z->besluiten->n; k++) {
        const struct rows *b = z->besluiten;
        if (!match(b, k, "_zaak", id))
            continue;
        if (!any) {
            hopen(h, sub);
            html_text(h, "Besluiten");
            hclose(h, sub);
            html_lit(h, "<ol class=\"plain besluiten\">\n");
        }
        any = true;
        html_lit(h, "<li class=\"");
        html_text(h, uitslag_class(rv(b, k, "besluitSoort")));
        html_lit(h, "\"><p>");
        if (rv(b, k, "activiteit_datum")) {
            html_date(h, rv(b, k, "activiteit_datum"));
            html_lit(h, ", ");
        }
        if (rv(b, k, "activiteit_nummer")) {
            link_activiteit(h, rv(b, k, "activiteit_nummer"),
                            rv(b, k, "activiteit_onderwerp") ? rv(b, k, "activiteit_onderwerp")
                                                             : rv(b, k, "activiteit_soort"));
            html_lit(h, ": ");
        }
        html_lit(h, "<strong>");
        html_text(h, rv(b, k, "besluitTekst") ? rv(b, k, "besluitTekst")
                                              : rv(b, k, "besluitSoort"));
        html_lit(h, "</strong> <span class=\"meta\">(");
        html_text(h, rv(b, k, "besluitSoort"));
        if (rv(b, k, "stemmingsSoort")) {
            html_lit(h, ", ");
            html_text(h, rv(b, k, "stemmingsSoort"));
        }
        html_lit(h, ")</span></p>");
        if (rv(b, k, "opmerking")) {
            html_lit(h, "<p>");
            html_text(h, rv(b, k, "opmerking"));
            html_lit(h, "</p>");
        }
        html_votes(h, z->votes, rv(b, k, "id"), true);
        html_lit(h, "</li>\n");
    }
    if (any)
        html_lit(h, "</ol>\n");

    any = false;
    for (size_t k = 0; z->acts && k < z->acts->n; k++) {
        const struct rows *a = z->acts;
        if (!match(a, k, "_zaak", id))
            continue;
        if (!any) {
            hopen(h, sub);
            html_text(h, "Activiteiten");
            hclose(h, sub);
            html_lit(h, "<ul class=\"acts\">\n");
        }
        any = true;
        html_lit(h, "<li>");
        html_date(h, rv(a, k, "datum"));
        html_lit(h, " ");
        link_activiteit(h, rv(a, k, "nummer"), rv(a, k, "onderwerp"));
        html_lit(h, " <span class=\"meta\">(");
        html_text(h, rv(a, k, "soort"));
        if (rv(a, k, "voortouwafkorting")) {
            html_lit(h, ", ");
            html_text(h, rv(a, k, "voortouwafkorting"));
        }
        html_lit(h, ")</span>");
        if (rv(a, k, "agendapunt")) {
            html_lit(h, " \xE2\x80\x94 agendapunt: ");
            html_text(h, rv(a, k, "agendapunt"));
        }
        html_lit(h, "</li>\n");
    }
    if (any)
        html_lit(h, "</ul>\n");
    html_lit(h, "</section>\n");
}

void json_zaak(struct req *q, const struct zaak_ctx *z, size_t i)
{
    struct jsonw *j = &q->j;
    const char *id = rv(z->zaken, i, "id");
    jw_obj_begin(j);
    rows_json_fields(j, z->zaken, i);
    jw_key(j, "actoren");
    rows_json(j, z->actors, "_zaak", id);
    jw_key(j, "besluiten");
    jw_arr_begin(j);
    for (size_t k = 0; z->besluiten && k < z->besluiten->n; k++) {
        if (!match(z->besluiten, k, "_zaak", id))
            continue;
        jw_obj_begin(j);
        rows_json_fields(j, z->besluiten, k);
        json_votes(j, z->votes, rv(z->besluiten, k, "id"));
        jw_obj_end(j);
    }
    jw_arr_end(j);
    jw_key(j, "activiteiten");
    rows_json(j, z->acts, "_zaak", id);
    jw_obj_end(j);
}

/* ---- pre-escaped snippets ---- */

void html_marked(struct html *h, const char *s)
{
    static const struct {
        const char *ent, *text;
    } ents[] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""},
                {"&#39;", "'"}, {"&#x27;", "'"}, {"&apos;", "'"}};
    struct buf plain = BUF_INIT;
    bool open = false;
    for (const char *p = s ? s : ""; *p;) {
        bool opening = !strncmp(p, "<mark>", 6), closing = !strncmp(p, "</mark>", 7);
        if (opening || closing) {
            html_textn(h, plain.data ? plain.data : "", plain.len);
            buf_reset(&plain);
            if (closing && open)
                html_lit(h, "</mark>");
            else if (opening && !open)
                html_lit(h, "<mark>");
            open = opening;
            p += opening ? 6 : 7;
            continue;
        }
        bool done = false;
        for (size_t k = 0; *p == '&' && k < sizeof ents / sizeof ents[0] && !done; k++) {
            size_t n = strlen(ents[k].ent);
            if (!strncmp(p, ents[k].ent, n)) {
                buf_adds(&plain, ents[k].text);
                p += n;
                done = true;
            }
        }
        if (!done)
            buf_addc(&plain, *p++);
    }
    html_textn(h, plain.data ? plain.data : "", plain.len);
    if (open)
        html_lit(h, "</mark>");
    buf_free(&plain);
}
