/*
 * compose — one mail per user and pass: items grouped under the monitor that matched them
 * first, each with its title, identifier, date, link, the reason it matched (matched terms
 * highlighted for searches) and the other monitors that matched it too; every mail ends
 * with links to manage the monitors and to unsubscribe, valid without signing in. The HTML
 * part is produced through the escaping writer (web/html.h) only.
 */
#include "alerts/alerts_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/json.h"
#include "web/url.h"

static const char sql_view_doc[] =
    "SELECT coalesce(onderwerp, titel, ''), coalesce(documentNummer, ''), coalesce(soort, ''),"
    " substr(coalesce(datum, ''), 1, 10) FROM \"Document\" WHERE id = ?1";
static const char sql_view_tz[] =
    "SELECT coalesce(tekst, ''), coalesce(nummer, ''), 'Toezegging ' || coalesce(status, ''),"
    " substr(coalesce(aanmaakdatum, ''), 1, 10) FROM \"Toezegging\" WHERE id = ?1";
static const char sql_view_act[] =
    "SELECT coalesce(onderwerp, soort, ''), coalesce(nummer, ''), coalesce(soort, ''),"
    " substr(coalesce(datum, ''), 1, 10) FROM \"Activiteit\" WHERE id = ?1";

int al_item_view(struct alerts *a, const char *category, const char *id, const char *item,
                 struct item_view *v)
{
    memset(v, 0, sizeof *v);
    const char *sql, *path;
    if (!strcmp(category, "Document"))
        sql = sql_view_doc, path = "/document/";
    else if (!strcmp(category, "Toezegging"))
        sql = sql_view_tz, path = "/toezegging/";
    else if (!strcmp(category, "Activiteit"))
        sql = sql_view_act, path = "/activiteit/";
    else
        return al_fail(a, "no view for %s", category);
    sqlite3_stmt *st = al_stmt(a, sql);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        al_copy(v->title, sizeof v->title, al_col(st, 0));
        al_copy(v->ident, sizeof v->ident, al_col(st, 1));
        al_copy(v->soort, sizeof v->soort, al_col(st, 2));
        al_copy(v->date, sizeof v->date, al_col(st, 3));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) {
        snprintf(v->title, sizeof v->title, "(niet meer in de gegevens)");
        snprintf(v->ident, sizeof v->ident, "%.40s", id);
    }
    if (strstr(item, ":voldaan"))
        snprintf(v->soort, sizeof v->soort, "Toezegging nagekomen");
    struct buf u = BUF_INIT;
    buf_adds(&u, a->cfg.base_url);
    buf_adds(&u, path);
    const char *key = v->ident[0] ? v->ident : id;
    url_put_component(&u, key, strlen(key));
    al_copy(v->url, sizeof v->url, buf_cstr(&u));
    buf_free(&u);
    return 0;
}

const struct monitor_info *batch_monitor(const struct user_batch *u, int64_t mid)
{
    for (size_t i = 0; i < u->nmons; i++)
        if (u->mons[i].mid == mid)
            return &u->mons[i];
    return NULL;
}

/* Snippet marks \x01..\x02 as *term* in text. */
static void text_reason(struct buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\x01' || *s == '\x02')
            buf_addc(b, '*');
        else if (*s == '\n')
            buf_adds(b, "\n    ");
        else
            buf_addc(b, *s);
    }
}

static void html_reason(struct html *h, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\x01\x02\n");
        html_textn(h, s, n);
        s += n;
        if (*s == '\x01')
            html_lit(h, "<mark>");
        else if (*s == '\x02')
            html_lit(h, "</mark>");
        else if (*s == '\n')
            html_lit(h, "<br>");
        if (*s)
            s++;
    }
}

/* Order in which groups appear: by monitor id; items inside by sequence. */
static int cmp_hits(const void *x, const void *y)
{
    const struct hit *p = x, *q = y;
    if (p->via[0].mid != q->via[0].mid)
        return p->via[0].mid < q->via[0].mid ? -1 : 1;
    return p->seq < q->seq ? -1 : p->seq > q->seq ? 1 : strcmp(p->item, q->item);
}

void al_sort_hits(struct user_batch *u)
{
    if (u->n > 1)
        qsort(u->hits, u->n, sizeof *u->hits, cmp_hits);
}

int al_compose_mail(struct alerts *a, const struct user_batch *u, struct buf *subject,
                    struct buf *text, struct buf *html)
{
    qsort(u->hits, u->n, sizeof *u->hits, cmp_hits); /* already so when pass.c sorted them */
    char manage[1024], unsub_all[1024];
    if (alerts_manage_url(a, u->uid, manage, sizeof manage) ||
        alerts_unsubscribe_url(a, u->uid, 0, unsub_all, sizeof unsub_all))
        return -1;

    /* Subject: count and the labels of the groups. */
    size_t ngroups = 0;
    struct buf labels = BUF_INIT;
    for (size_t i = 0; i < u->n; i++) {
        if (i && u->hits[i].via[0].mid == u->hits[i - 1].via[0].mid)
            continue;
        const struct monitor_info *m = batch_monitor(u, u->hits[i].via[0].mid);
        if (ngroups++ < 3 && m) {
            if (labels.len)
                buf_adds(&labels, "; ");
            buf_adds(&labels, m->label);
        }
    }
    if (ngroups > 3)
        buf_printf(&labels, " en %zu meer", ngroups - 3);
    buf_printf(subject, "Kamerwacht: %zu %s — ", u->n, u->n == 1 ? "nieuw stuk" : "nieuwe stukken");
    buf_add(subject, labels.data, labels.len < 160 ? labels.len : 160);
    if (labels.len > 160) {
        while (subject->len && ((unsigned char)subject->data[subject->len - 1] & 0xC0) == 0x80)
            buf_truncate(subject, subject->len - 1);
        if (subject->len && (unsigned char)subject->data[subject->len - 1] >= 0xC0)
            buf_truncate(subject, subject->len - 1);
        buf_adds(subject, "…");
    }
    buf_free(&labels);

    struct html h = html_on(html);
    html_lit(&h, "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
                 "<title>Kamerwacht</title></head>\n<body style=\"font-family:sans-serif;"
                 "max-width:40em\">\n");
    html_fmt(&h, "<p>%zu %s op Kamerwacht.</p>\n", u->n,
             u->n == 1 ? "nieuw stuk voor u" : "nieuwe stukken voor u");
    buf_printf(text, "%zu %s op Kamerwacht.\n", u->n,
               u->n == 1 ? "nieuw stuk voor u" : "nieuwe stukken voor u");

    size_t shown = 0;
    for (size_t i = 0; i < u->n; i++) {
        const struct hit *x = &u->hits[i];
        const struct monitor_info *m = batch_monitor(u, x->via[0].mid);
        bool new_group = i == 0 || x->via[0].mid != u->hits[i - 1].via[0].mid;
        if (new_group) {
            if (i)
                html_lit(&h, "</ul>\n");
            char unsub[1024] = "";
            alerts_unsubscribe_url(a, u->uid, x->via[0].mid, unsub, sizeof unsub);
            buf_printf(text, "\n== %s ==\n", m ? m->label : "?");
            html_lit(&h, "<h2 style=\"font-size:1.1em\">");
            html_text(&h, m ? m->label : "?");
            html_lit(&h, "</h2>\n<p style=\"font-size:.85em\"><a href=\"");
            html_url(&h, unsub);
            html_lit(&h, "\">Deze volger stoppen</a></p>\n<ul>\n");
            buf_printf(text, "(deze volger stoppen: %s)\n", unsub);
        }
        if (shown >= ALERT_MAX_ITEMS_PER_MAIL)
            continue;
        shown++;
        struct item_view v;
        if (al_item_view(a, x->category, x->id, x->item, &v))
            return -1;
        buf_printf(text, "\n* %s%s%s\n  %s%s%s\n  %s\n  Waarom: ", v.soort, v.soort[0] ? ": " : "",
                   v.title, v.ident, v.date[0] ? " · " : "", v.date, v.url);
        text_reason(text, x->via[0].reason);
        buf_addc(text, '\n');
        html_lit(&h, "<li style=\"margin-bottom:1em\"><a href=\"");
        html_url(&h, v.url);
        html_lit(&h, "\">");
        html_text(&h, v.title);
        html_lit(&h, "</a><br><small>");
        html_text(&h, v.soort);
        html_lit(&h, " · ");
        html_text(&h, v.ident);
        if (v.date[0]) {
            html_lit(&h, " · ");
            html_text(&h, v.date);
        }
        html_lit(&h, "</small><br><small>Waarom: ");
        html_reason(&h, x->via[0].reason);
        html_lit(&h, "</small>");
        if (x->nvia > 1) {
            buf_adds(text, "  Ook gevonden door: ");
            html_lit(&h, "<br><small>Ook gevonden door: ");
            for (size_t k = 1; k < x->nvia; k++) {
                const struct monitor_info *o = batch_monitor(u, x->via[k].mid);
                buf_printf(text, "%s%s", k > 1 ? "; " : "", o ? o->label : "?");
                if (k > 1)
                    html_lit(&h, "; ");
                html_text(&h, o ? o->label : "?");
            }
            buf_addc(text, '\n');
            html_lit(&h, "</small>");
        }
        html_lit(&h, "</li>\n");
    }
    if (u->n)
        html_lit(&h, "</ul>\n");
    if (shown < u->n) {
        char feed[1024] = "";
        alerts_feed_url(a, u->uid, feed, sizeof feed);
        buf_printf(text, "\nEn nog %zu stukken: zie uw persoonlijke feed %s\n", u->n - shown, feed);
        html_fmt(&h, "<p>En nog %zu stukken: zie uw ", u->n - shown);
        html_lit(&h, "<a href=\"");
        html_url(&h, feed);
        html_lit(&h, "\">persoonlijke feed</a>.</p>\n");
    }
    buf_printf(text, "\n-- \nU ontvangt dit bericht omdat u met %s volgers hebt ingesteld op "
                     "Kamerwacht.\nVolgers beheren (zonder in te loggen): %s\n"
                     "Alle berichten stoppen: %s\n",
               u->email, manage, unsub_all);
    html_lit(&h, "<hr><p style=\"font-size:.85em\">U ontvangt dit bericht omdat u met ");
    html_text(&h, u->email);
    html_lit(&h, " volgers hebt ingesteld op Kamerwacht. <a href=\"");
    html_url(&h, manage);
    html_lit(&h, "\">Volgers beheren</a> (zonder in te loggen) · <a href=\"");
    html_url(&h, unsub_all);
    html_lit(&h, "\">Alle berichten stoppen</a></p>\n</body></html>\n");
    return 0;
}

int al_compose_webhook(struct alerts *a, const struct user_batch *u, struct buf *json)
{
    struct jsonw j;
    jw_init(&j, json);
    jw_obj_begin(&j);
    jw_kv_int(&j, "generated_at", alerts_now(a));
    jw_key(&j, "items");
    jw_arr_begin(&j);
    for (size_t i = 0; i < u->n; i++) {
        const struct hit *x = &u->hits[i];
        struct item_view v;
        if (al_item_view(a, x->category, x->id, x->item, &v))
            return -1;
        jw_obj_begin(&j);
        jw_kv_str(&j, "item", x->item);
        jw_kv_str(&j, "category", x->category);
        jw_kv_str(&j, "id", x->id);
        jw_kv_str(&j, "identifier", v.ident);
        jw_kv_str(&j, "soort", v.soort);
        jw_kv_str(&j, "title", v.title);
        jw_kv_str(&j, "date", v.date);
        jw_kv_str(&j, "url", v.url);
        jw_key(&j, "monitors");
        jw_arr_begin(&j);
        for (size_t k = 0; k < x->nvia; k++) {
            const struct monitor_info *m = batch_monitor(u, x->via[k].mid);
            jw_obj_begin(&j);
            jw_kv_int(&j, "id", x->via[k].mid);
            jw_kv_str(&j, "label", m ? m->label : "");
            jw_kv_str(&j, "kind", m ? monitor_kind_name(m->kind) : "");
            struct buf r = BUF_INIT;
            text_reason(&r, x->via[k].reason);
            jw_kv_str(&j, "reason", buf_cstr(&r));
            buf_free(&r);
            jw_obj_end(&j);
        }
        jw_arr_end(&j);
        jw_obj_end(&j);
    }
    jw_arr_end(&j);
    jw_obj_end(&j);
    return jw_done(&j) ? 0 : al_fail(a, "webhook JSON");
}
