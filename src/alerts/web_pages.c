/*
 * web_pages — the handlers of the alert pages; see web.h. Layout: a plain page with the
 * site's stylesheet; no inline style or script (the CSP forbids both).
 */
#include "alerts/web.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts/accounts.h"
#include "alerts/alerts_int.h"
#include "alerts/bounce.h"
#include "alerts/smtp.h"
#include "web/html.h"

struct alerts_web {
    pthread_mutex_t mu;
    sqlite3 *db;
    struct alerts *a;
    struct kw_config cfg;
    struct alerts_web_opts o;
    bool secure;
    struct ratelimit rl_addr, rl_client, rl_site;
};

/* ---- small helpers ---- */

static const char *cookie_header(struct alerts_web *w, const struct http_request *rq)
{
    if (w->o.cookie_of)
        return w->o.cookie_of(rq);
    return rq->cookie;
}

/* Value of cookie `name` into out; false when absent. Values are base64url tokens: anything
 * else is ignored. */
static bool get_cookie(struct alerts_web *w, const struct http_request *rq, const char *name,
                       char *out, size_t outlen)
{
    const char *h = cookie_header(w, rq);
    size_t nl = strlen(name);
    while (h && *h) {
        while (*h == ' ' || *h == ';')
            h++;
        const char *end = strchr(h, ';');
        size_t len = end ? (size_t)(end - h) : strlen(h);
        if (len > nl && !strncmp(h, name, nl) && h[nl] == '=') {
            size_t vl = len - nl - 1;
            if (vl == 0 || vl >= outlen)
                return false;
            for (size_t i = 0; i < vl; i++) {
                char c = h[nl + 1 + i];
                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_'))
                    return false;
            }
            memcpy(out, h + nl + 1, vl);
            out[vl] = '\0';
            return true;
        }
        h = end;
    }
    return false;
}

static void set_cookie(struct alerts_web *w, struct http_response *rs, const char *name,
                       const char *value, long max_age)
{
    char c[256];
    snprintf(c, sizeof c, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s", name, value,
             max_age, w->secure ? "; Secure" : "");
    http_add_header(rs, "Set-Cookie", c);
}

static void redirect(struct http_response *rs, const char *to)
{
    rs->status = 303;
    http_add_header(rs, "Location", to);
}

static void page_begin(struct html *h, const char *title)
{
    html_lit(h, "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>");
    html_text(h, title);
    html_lit(h, " — Kamerwacht</title><link rel=\"stylesheet\" href=\"/static/site.css\">"
                "</head>\n<body><header><a href=\"/\">Kamerwacht</a> · "
                "<a href=\"/account\">Mijn volgers</a></header>\n<main>\n<h1>");
    html_text(h, title);
    html_lit(h, "</h1>\n");
}

static void page_end(struct html *h)
{
    html_lit(h, "</main>\n</body></html>\n");
}

static void csrf_field(struct alerts_web *w, struct html *h, const char *binding)
{
    char tok[AC_MAC_TEXT];
    acct_csrf(w->a, binding, tok);
    html_lit(h, "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(h, tok);
    html_lit(h, "\">");
}

/* The pre-session id of this browser, made (and set as a cookie) when missing. */
static void pre_session(struct alerts_web *w, const struct http_request *rq,
                        struct http_response *rs, char out[AC_TOKEN_TEXT])
{
    if (get_cookie(w, rq, "kw_pre", out, AC_TOKEN_TEXT))
        return;
    if (ac_token(out))
        out[0] = '\0';
    else
        set_cookie(w, rs, "kw_pre", out, 86400);
}

/* The signed-in user: 1 with uid and sid, 0 when not signed in, -1 on error. */
static int session_user(struct alerts_web *w, const struct http_request *rq, int64_t *uid,
                        char sid[AC_TOKEN_TEXT])
{
    if (!get_cookie(w, rq, "kw_sid", sid, AC_TOKEN_TEXT))
        return 0;
    return acct_session_lookup(w->a, sid, uid);
}

static bool csrf_ok(struct alerts_web *w, const struct http_request *rq, const char *binding)
{
    return acct_csrf_ok(w->a, binding, http_form(rq, "csrf"));
}

static bool parse_id(const char *s, int64_t *out)
{
    if (!s || !*s || strlen(s) > 18)
        return false;
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return true;
}

static void message_page(struct http_response *rs, int status, const char *title, const char *msg)
{
    struct html h = html_on(&rs->body);
    rs->status = status;
    rs->cache = HTTP_CACHE_NO_STORE;
    page_begin(&h, title);
    html_lit(&h, "<p>");
    html_text(&h, msg);
    html_lit(&h, "</p>\n");
    page_end(&h);
}

/* ---- sign in ---- */

static void signin_form(struct alerts_web *w, struct html *h, const char *pre, const char *msg)
{
    page_begin(h, "Inloggen");
    if (msg) {
        html_lit(h, "<p class=\"melding\">");
        html_text(h, msg);
        html_lit(h, "</p>\n");
    }
    html_lit(h, "<p>Vul uw e-mailadres in. U krijgt een link om in te loggen; een wachtwoord is "
                "niet nodig. Wij bewaren alleen uw adres en uw volgers.</p>\n"
                "<form method=\"post\" action=\"/aanmelden\"><label>E-mailadres "
                "<input type=\"email\" name=\"email\" required autocomplete=\"email\"></label> ");
    csrf_field(w, h, pre);
    html_lit(h, "<button type=\"submit\">Stuur mij een link</button></form>\n");
    page_end(h);
}

static int page_signin(void *ctx, const struct http_request *rq, const struct route_args *args,
                       struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)args;
    char pre[AC_TOKEN_TEXT];
    pre_session(w, rq, rs, pre);
    rs->cache = HTTP_CACHE_NO_STORE;
    struct html h = html_on(&rs->body);
    signin_form(w, &h, pre, NULL);
    return 0;
}

static int queue_signin_mail(struct alerts_web *w, const char *email, const char *token)
{
    char link[1024], mid[160];
    snprintf(link, sizeof link, "%s/aanmelden/%s", w->cfg.base_url, token);
    struct buf text = BUF_INIT, msg = BUF_INIT;
    buf_printf(&text, "Iemand (hopelijk u) vroeg om in te loggen op Kamerwacht met dit adres.\n\n"
                      "Open deze link en klik op 'Inloggen' (de link werkt 30 minuten, één keer):\n"
                      "%s\n\nVroeg u dit niet? Dan kunt u dit bericht negeren.\n", link);
    int rc = smtp_message_id(w->cfg.mail_from, mid, sizeof mid);
    if (!rc) {
        struct mail m = {w->cfg.mail_from, email, "Inloggen op Kamerwacht", mid, NULL,
                         buf_cstr(&text), NULL, alerts_now(w->a)};
        smtp_build(&m, &msg);
        rc = al_outbox_put(w->a, 0, email, CH_MAIL, mid, msg.data, msg.len, NULL);
    }
    buf_free(&text);
    buf_free(&msg);
    return rc;
}

static int page_signin_post(void *ctx, const struct http_request *rq,
                            const struct route_args *args, struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)args;
    char pre[AC_TOKEN_TEXT];
    if (!get_cookie(w, rq, "kw_pre", pre, sizeof pre) || !csrf_ok(w, rq, pre))
        return 403;
    rs->cache = HTTP_CACHE_NO_STORE;
    struct html h = html_on(&rs->body);
    char email[ACCT_EMAIL_MAX + 1];
    const char *in = http_form(rq, "email");
    if (!in || !acct_email_normalise(in, email, sizeof email)) {
        rs->status = 400;
        signin_form(w, &h, pre, "Dat lijkt geen e-mailadres. Probeer het nog eens.");
        return 0;
    }
    int64_t now = alerts_now(w->a);
    const char *client = w->o.client_of ? w->o.client_of(rq) : rq->client[0] ? rq->client : NULL;
    if (!rl_allow(&w->rl_addr, email, now) || (client && !rl_allow(&w->rl_client, client, now)) ||
        !rl_allow(&w->rl_site, "*", now)) {
        message_page(rs, 429, "Even geduld",
                     "Er zijn te veel inloglinks aangevraagd. Probeer het over een uur opnieuw.");
        return 0;
    }
    char token[AC_TOKEN_TEXT];
    if (acct_signin_create(w->a, email, token) || queue_signin_mail(w, email, token))
        return 500;
    if (w->o.on_queued)
        w->o.on_queued(w->o.on_queued_ctx);
    page_begin(&h, "Kijk in uw mail");
    html_lit(&h, "<p>Als het adres klopt, is er nu een e-mail met een inloglink onderweg naar ");
    html_text(&h, email);
    html_lit(&h, ". De link werkt 30 minuten en één keer.</p>\n");
    page_end(&h);
    return 0;
}

/* The link in the mail opens this page; only the button (a POST) uses the token up, so a mail
 * scanner that follows links does not. */
static int page_token(void *ctx, const struct http_request *rq, const struct route_args *args,
                      struct http_response *rs)
{
    struct alerts_web *w = ctx;
    char pre[AC_TOKEN_TEXT];
    pre_session(w, rq, rs, pre);
    rs->cache = HTTP_CACHE_NO_STORE;
    struct html h = html_on(&rs->body);
    page_begin(&h, "Inloggen");
    html_lit(&h, "<form method=\"post\" action=\"/aanmelden/");
    html_url_part(&h, route_arg(args, "token"));
    html_lit(&h, "\">");
    csrf_field(w, &h, pre);
    html_lit(&h, "<button type=\"submit\">Inloggen</button></form>\n");
    page_end(&h);
    return 0;
}

static int page_token_post(void *ctx, const struct http_request *rq, const struct route_args *args,
                           struct http_response *rs)
{
    struct alerts_web *w = ctx;
    char pre[AC_TOKEN_TEXT];
    if (!get_cookie(w, rq, "kw_pre", pre, sizeof pre) || !csrf_ok(w, rq, pre))
        return 403;
    int64_t uid;
    bool created;
    int rc = acct_signin_consume(w->a, route_arg(args, "token"), &uid, &created);
    if (rc < 0)
        return 500;
    if (rc == 0) {
        message_page(rs, 410, "Link niet meer geldig",
                     "Deze inloglink is al gebruikt of verlopen. Vraag een nieuwe aan via "
                     "Inloggen.");
        return 0;
    }
    char sid[AC_TOKEN_TEXT];
    if (acct_session_create(w->a, uid, sid))
        return 500;
    set_cookie(w, rs, "kw_sid", sid, ALERT_SESSION_TTL);
    redirect(rs, "/account");
    rs->cache = HTTP_CACHE_NO_STORE;
    return 0;
}

/* ---- the account page ---- */

static const char *freq_nl(enum monitor_freq f)
{
    return f == FREQ_DAILY ? "dagelijks" : f == FREQ_WEEKLY ? "wekelijks" : "direct";
}

static void freq_select(struct html *h, enum monitor_freq cur)
{
    html_lit(h, "<select name=\"freq\">");
    for (int f = FREQ_IMMEDIATE; f <= FREQ_WEEKLY; f++) {
        html_lit(h, "<option value=\"");
        html_text(h, monitor_freq_name((enum monitor_freq)f));
        html_lit(h, "\"");
        if ((int)cur == f)
            html_lit(h, " selected");
        html_lit(h, ">");
        html_text(h, freq_nl((enum monitor_freq)f));
        html_lit(h, "</option>");
    }
    html_lit(h, "</select>");
}

static void time_text(int64_t t, char out[32])
{
    if (!t) {
        snprintf(out, 32, "nooit");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 32, "%Y-%m-%d %H:%M UTC", &tm);
}

static int account_page(struct alerts_web *w, int64_t uid, const char *sid, const char *msg,
                        struct http_response *rs)
{
    char email[ACCT_EMAIL_MAX + 1];
    if (alerts_user_email(w->a, uid, email, sizeof email) <= 0)
        return 500;
    struct monitor_info *ms;
    size_t n;
    if (alerts_monitor_list(w->a, uid, &ms, &n))
        return 500;
    rs->cache = HTTP_CACHE_NO_STORE;
    struct html h = html_on(&rs->body);
    page_begin(&h, "Mijn volgers");
    if (msg) {
        html_lit(&h, "<p class=\"melding\">");
        html_text(&h, msg);
        html_lit(&h, "</p>\n");
    }
    html_lit(&h, "<p>Ingelogd als ");
    html_text(&h, email);
    html_lit(&h, ".</p>\n<table><thead><tr><th>Volger</th><th>Hoe vaak</th><th>Verzonden</th>"
                 "<th>Laatst</th><th></th></tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
        char last[32];
        time_text(ms[i].last_sent_at, last);
        html_lit(&h, "<tr><td>");
        html_text(&h, ms[i].label);
        if (!ms[i].active)
            html_lit(&h, " <em>(gestopt)</em>");
        html_fmt(&h, "</td><td><form method=\"post\" action=\"/account/volger/%lld/frequentie\">",
                 (long long)ms[i].mid);
        csrf_field(w, &h, sid);
        freq_select(&h, ms[i].freq);
        html_lit(&h, " <button type=\"submit\">Opslaan</button></form></td><td>");
        html_int(&h, ms[i].sent_count);
        html_lit(&h, "</td><td>");
        html_text(&h, last);
        html_fmt(&h, "</td><td><form method=\"post\" action=\"/account/volger/%lld/verwijderen\">",
                 (long long)ms[i].mid);
        csrf_field(w, &h, sid);
        html_lit(&h, "<button type=\"submit\">Verwijderen</button></form></td></tr>\n");
    }
    free(ms);
    html_lit(&h, "</tbody></table>\n<h2>Iets nieuws volgen</h2>\n"
                 "<form method=\"post\" action=\"/account/volger\"><label>Soort <select name=\"kind\">"
                 "<option value=\"zoek\">zoekopdracht</option><option value=\"dossier\">dossier"
                 "</option><option value=\"zaak\">zaak</option><option value=\"persoon\">persoon"
                 "</option><option value=\"commissie\">commissie</option><option value=\"activiteit\">"
                 "activiteit</option><option value=\"fractie\">fractie</option><option value=\""
                 "toezeggingen\">toezeggingen (ministerie=…, commissie=…, fractie=…, alle)</option>"
                 "<option value=\"antwoord\">antwoord op schriftelijke vragen</option><option value=\""
                 "voldaan\">toezegging nagekomen</option></select></label> <label>Wat "
                 "<input name=\"arg\" required></label> <label>Hoe vaak ");
    freq_select(&h, FREQ_IMMEDIATE);
    html_lit(&h, "</label> ");
    csrf_field(w, &h, sid);
    html_lit(&h, "<button type=\"submit\">Bekijk eerst wat dit zou sturen</button></form>\n"
                 "<p>Een nieuwe volger stuurt alleen wat na het instellen in Kamerwacht "
                 "binnenkomt; de voorvertoning laat zien wat hij de afgelopen 30 dagen had "
                 "gestuurd.</p>\n");

    /* Bounces: a suspended address is said so, with the way back. */
    struct bounce_state bs;
    int hb = alerts_user_bounces(w->a, uid, &bs);
    if (hb > 0 && (bs.suspended_at || bs.hard || bs.soft)) {
        char when[32], last[32];
        time_text(bs.suspended_at, when);
        time_text(bs.last_at, last);
        html_lit(&h, "<h2>Bezorging per e-mail</h2>\n<p>");
        if (bs.suspended_at) {
            html_lit(&h, "<strong>Gepauzeerd sinds ");
            html_text(&h, when);
            html_lit(&h, "</strong>: berichten aan uw adres kwamen ");
            html_int(&h, bs.hard);
            html_lit(&h, " keer onbestelbaar terug. Uw volgers blijven werken; de Atom-feed en "
                         "de webhook krijgen alles, e-mail sturen we pas weer als u dat hier "
                         "hervat (of opnieuw inlogt via een link per e-mail).");
        } else {
            html_lit(&h, "Onbestelbaar teruggekomen sinds de laatste hervatting: ");
            html_int(&h, bs.hard);
            html_lit(&h, " keer definitief, ");
            html_int(&h, bs.soft);
            html_lit(&h, " keer tijdelijk.");
        }
        html_lit(&h, " Laatste melding: ");
        html_text(&h, last);
        if (bs.last_code[0]) {
            html_lit(&h, " (");
            html_text(&h, bs.last_code);
            html_lit(&h, ")");
        }
        html_lit(&h, ".</p>\n");
        if (bs.suspended_at) {
            html_lit(&h, "<form method=\"post\" action=\"/account/hervatten\">");
            csrf_field(w, &h, sid);
            html_lit(&h, "<button type=\"submit\">E-mail weer bezorgen</button></form>\n");
        }
    }

    /* Deliveries: so alerts never stop silently. */
    sqlite3_stmt *st = al_stmt(w->a, "SELECT did, CASE channel WHEN 1 THEN 'webhook' ELSE"
                                     " 'e-mail' END, status, attempts, created_at,"
                                     " coalesce(sent_at, 0), coalesce(last_error, ''),"
                                     " (SELECT count(*) FROM alert_delivery_item i WHERE i.did = d.did)"
                                     " FROM alert_delivery d WHERE uid = ?1 ORDER BY did DESC LIMIT 10");
    if (st) {
        sqlite3_bind_int64(st, 1, uid);
        html_lit(&h, "<h2>Laatste berichten</h2>\n<table><thead><tr><th>Kanaal</th><th>Stukken"
                     "</th><th>Status</th><th>Pogingen</th><th>Verzonden</th><th>Fout</th></tr>"
                     "</thead><tbody>\n");
        while (sqlite3_step(st) == SQLITE_ROW) {
            char sent[32];
            time_text(sqlite3_column_int64(st, 5), sent);
            const char *status = al_col(st, 2);
            html_lit(&h, "<tr><td>");
            html_text(&h, al_col(st, 1));
            html_lit(&h, "</td><td>");
            html_int(&h, sqlite3_column_int64(st, 7));
            html_lit(&h, "</td><td>");
            html_text(&h, !strcmp(status, "sent") ? "verzonden"
                          : !strcmp(status, "queued") ? "wacht (wordt opnieuw geprobeerd)"
                          : !strcmp(status, "suspended") ? "niet verzonden (gepauzeerd)"
                                                        : "mislukt");
            html_lit(&h, "</td><td>");
            html_int(&h, sqlite3_column_int64(st, 3));
            html_lit(&h, "</td><td>");
            html_text(&h, sent);
            html_lit(&h, "</td><td>");
            html_text(&h, al_col(st, 6));
            html_lit(&h, "</td></tr>\n");
        }
        sqlite3_reset(st);
        html_lit(&h, "</tbody></table>\n");
    }
    char feed[1024] = "";
    alerts_feed_url(w->a, uid, feed, sizeof feed);
    html_lit(&h, "<h2>Andere kanalen</h2>\n<p>Uw persoonlijke Atom-feed (geheim adres): <a href=\"");
    html_url(&h, feed);
    html_lit(&h, "\">");
    html_text(&h, feed);
    html_lit(&h, "</a></p>\n<form method=\"post\" action=\"/account/webhook\"><label>Webhook "
                 "(POST van JSON, ondertekend met HMAC-SHA256) <input name=\"url\" "
                 "placeholder=\"https://…\"></label> ");
    csrf_field(w, &h, sid);
    html_lit(&h, "<button type=\"submit\">Opslaan</button></form>\n"
                 "<h2>Uw gegevens</h2>\n<p><a href=\"/account/export\">Alles downloaden (JSON)"
                 "</a></p>\n<form method=\"post\" action=\"/account/verwijderen\">");
    csrf_field(w, &h, sid);
    html_lit(&h, "<button type=\"submit\">Account en alle gegevens verwijderen</button></form>\n"
                 "<form method=\"post\" action=\"/account/uitloggen\">");
    csrf_field(w, &h, sid);
    html_lit(&h, "<button type=\"submit\">Uitloggen</button></form>\n");
    page_end(&h);
    return 0;
}

/* Resolves the session for an account page; on "not signed in" answers with a redirect. */
#define REQUIRE_SESSION(w, rq, rs, uid, sid)                                                  \
    do {                                                                                       \
        int s_ = session_user(w, rq, &uid, sid);                                               \
        if (s_ < 0)                                                                            \
            return 500;                                                                        \
        if (s_ == 0) {                                                                         \
            if ((rq)->method == HTTP_POST)                                                     \
                return 403;                                                                    \
            redirect(rs, "/aanmelden");                                                        \
            return 0;                                                                          \
        }                                                                                      \
    } while (0)

static int page_account(void *ctx, const struct http_request *rq, const struct route_args *args,
                        struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)args;
    int64_t uid;
    char sid[AC_TOKEN_TEXT];
    REQUIRE_SESSION(w, rq, rs, uid, sid);
    return account_page(w, uid, sid, NULL, rs);
}

static int page_monitor_add(void *ctx, const struct http_request *rq,
                            const struct route_args *args, struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)args;
    int64_t uid;
    char sid[AC_TOKEN_TEXT];
    REQUIRE_SESSION(w, rq, rs, uid, sid);
    if (!csrf_ok(w, rq, sid))
        return 403;
    const char *ks = http_form(rq, "kind"), *arg = http_form(rq, "arg"), *fs = http_form(rq, "freq");
    enum monitor_kind k;
    enum monitor_freq f = FREQ_IMMEDIATE;
    if (!ks || monitor_kind_parse(ks, &k) || !arg || (fs && monitor_freq_parse(fs, &f)))
        return account_page(w, uid, sid, "Kies een soort volger en vul in wat u wilt volgen.", rs);
    char label[512], err[512];
    if (alerts_monitor_check(w->a, k, arg, label, sizeof label, err, sizeof err))
        return account_page(w, uid, sid, err, rs);
    const char *save = http_form(rq, "opslaan");
    if (save && !strcmp(save, "1")) {
        if (alerts_monitor_add(w->a, uid, k, arg, f, NULL))
            return 500;
        redirect(rs, "/account");
        return 0;
    }
    /* The preview: what this monitor would have sent over the last 30 days. */
    struct preview_item *items;
    size_t n;
    if (alerts_preview(w->a, k, arg, ALERT_PREVIEW_DAYS, 50, &items, &n))
        return 500;
    rs->cache = HTTP_CACHE_NO_STORE;
    struct html h = html_on(&rs->body);
    page_begin(&h, "Voorvertoning");
    html_lit(&h, "<p><strong>");
    html_text(&h, label);
    html_fmt(&h, "</strong> (%s) had de afgelopen 30 dagen deze stukken gestuurd:</p>\n<ul>\n",
             freq_nl(f));
    for (size_t i = 0; i < n; i++) {
        html_lit(&h, "<li><a href=\"");
        html_url(&h, items[i].url);
        html_lit(&h, "\">");
        html_text(&h, items[i].title);
        html_lit(&h, "</a> <small>");
        html_text(&h, items[i].ident);
        html_lit(&h, " · ");
        const char *r = items[i].reason;
        while (*r) { /* matched terms in <mark> */
            size_t m = strcspn(r, "\x01\x02");
            html_textn(&h, r, m);
            r += m;
            if (*r == '\x01')
                html_lit(&h, "<mark>");
            else if (*r == '\x02')
                html_lit(&h, "</mark>");
            if (*r)
                r++;
        }
        html_lit(&h, "</small></li>\n");
    }
    if (!n)
        html_lit(&h, "<li>niets in de afgelopen 30 dagen</li>\n");
    free(items);
    html_lit(&h, "</ul>\n<p>Vanaf nu stuurt deze volger alleen wat nieuw binnenkomt.</p>\n"
                 "<form method=\"post\" action=\"/account/volger\"><input type=\"hidden\" "
                 "name=\"kind\" value=\"");
    html_text(&h, monitor_kind_name(k));
    html_lit(&h, "\"><input type=\"hidden\" name=\"arg\" value=\"");
    html_text(&h, arg);
    html_lit(&h, "\"><input type=\"hidden\" name=\"freq\" value=\"");
    html_text(&h, monitor_freq_name(f));
    html_lit(&h, "\"><input type=\"hidden\" name=\"opslaan\" value=\"1\">");
    csrf_field(w, &h, sid);
    html_lit(&h, "<button type=\"submit\">Volger opslaan</button></form>\n"
                 "<p><a href=\"/account\">Terug</a></p>\n");
    page_end(&h);
    return 0;
}

static int page_monitor_freq(void *ctx, const struct http_request *rq,
                             const struct route_args *args, struct http_response *rs)
{
    struct alerts_web *w = ctx;
    int64_t uid, mid;
    char sid[AC_TOKEN_TEXT];
    REQUIRE_SESSION(w, rq, rs, uid, sid);
    if (!csrf_ok(w, rq, sid))
        return 403;
    enum monitor_freq f;
    const char *fs = http_form(rq, "freq");
    if (!parse_id(route_arg(args, "mid"), &mid) || !fs || monitor_freq_parse(fs, &f))
        return 400;
    int rc = alerts_monitor_set_freq(w->a, uid, mid, f);
    if (rc < 0)
        return 500;
    if (rc == 0)
        return 404;
    redirect(rs, "/account");
    return 0;
}

static int page_monitor_delete(void *ctx, const struct http_request *rq,
                               const struct route_args *args, struct http_response *rs)
{
    struct alerts_web *w = ctx;
    int64_t uid, mid;
    char sid[AC_TOKEN_TEXT];
    REQUIRE_SESSION(w, rq, rs, uid, sid);
    if (!csrf_ok(w, rq, sid))
        return 403;
    if (!parse_id(route_arg(args, "mid"), &mid))
        return 400;
    int rc = alerts_monitor_remove(w->a, uid, mid);
    if (rc < 0)
        return 500;
    if (rc == 0)
        return 404;
    redirect(rs, "/account");
    return 0;
}

static int page_webhook(void *ctx, const struct http_request *rq, const struct route_args *args,
                        struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)args;
    int64_t uid;
    char sid[AC_TOKEN_TEXT];
    REQUIRE_SESSION(w, rq, rs, uid, sid);
    if (!csrf_ok(w, rq, sid))
        return 403;
    const char *url = http_form(rq, "url");
    char secret[64] = "", msg[256];
    if (alerts_user_webhook(w->a, uid, url && *url ? url : NULL, secret, sizeof secret))
        return account_page(w, uid, sid, alerts_errmsg(w->a), rs);
    if (secret[0])
        snprintf(msg, sizeof msg, "Webhook opgeslagen. Uw geheime sleutel voor de handtekening "
                                  "(alleen nu zichtbaar): %s", secret);
    else
        snprintf(msg, sizeof msg, "Webhook verwijderd.");
    return account_page(w, uid, sid, msg, rs);
}

static int page_resume(void *ctx, const struct http_request *rq, const struct route_args *args,
                       struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)args;
    int64_t uid;
    char sid[AC_TOKEN_TEXT];
    REQUIRE_SESSION(w, rq, rs, uid, sid);
    if (!csrf_ok(w, rq, sid))
        return 403;
    if (alerts_user_resume(w->a, uid))
        return 500;
    return account_page(w, uid, sid, "E-mail wordt weer bezorgd.", rs);
}

static int page_export(void *ctx, const struct http_request *rq, const struct route_args *args,
                       struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)args;
    int64_t uid;
    char sid[AC_TOKEN_TEXT];
    REQUIRE_SESSION(w, rq, rs, uid, sid);
    if (alerts_user_export(w->a, uid, &rs->body))
        return 500;
    rs->content_type = HTTP_CT_JSON;
    rs->cache = HTTP_CACHE_NO_STORE;
    http_add_header(rs, "Content-Disposition", "attachment; filename=\"kamerwacht-account.json\"");
    return 0;
}

static int page_account_delete(void *ctx, const struct http_request *rq,
                               const struct route_args *args, struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)args;
    int64_t uid;
    char sid[AC_TOKEN_TEXT];
    REQUIRE_SESSION(w, rq, rs, uid, sid);
    if (!csrf_ok(w, rq, sid))
        return 403;
    if (alerts_user_delete(w->a, uid))
        return 500;
    set_cookie(w, rs, "kw_sid", "x", 0);
    message_page(rs, 200, "Account verwijderd",
                 "Uw account, uw volgers en alles wat we over u bewaarden zijn verwijderd.");
    return 0;
}

static int page_logout(void *ctx, const struct http_request *rq, const struct route_args *args,
                       struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)args;
    int64_t uid;
    char sid[AC_TOKEN_TEXT];
    REQUIRE_SESSION(w, rq, rs, uid, sid);
    if (!csrf_ok(w, rq, sid))
        return 403;
    if (acct_session_end(w->a, sid))
        return 500;
    set_cookie(w, rs, "kw_sid", "x", 0);
    redirect(rs, "/");
    return 0;
}

/* ---- from a mail, without signing in ---- */

static int check_link(struct alerts_web *w, const struct route_args *args, char scope,
                      const char *idname, int64_t *id, int64_t *uid)
{
    if (!parse_id(route_arg(args, idname), id))
        return 0;
    const char *mac = route_arg(args, "mac");
    return mac ? alerts_link_check(w->a, scope, *id, mac, uid) : 0;
}

static int page_manage(void *ctx, const struct http_request *rq, const struct route_args *args,
                       struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)rq;
    int64_t id, uid;
    int ok = check_link(w, args, 'b', "uid", &id, &uid);
    if (ok < 0)
        return 500;
    if (!ok)
        return 404;
    struct monitor_info *ms;
    size_t n;
    if (alerts_monitor_list(w->a, uid, &ms, &n))
        return 500;
    rs->cache = HTTP_CACHE_NO_STORE;
    struct html h = html_on(&rs->body);
    page_begin(&h, "Uw volgers");
    html_lit(&h, "<p>Hier kunt u volgers stoppen zonder in te loggen. Om volgers toe te voegen "
                 "of te wijzigen: <a href=\"/aanmelden\">inloggen</a>.</p>\n<ul>\n");
    for (size_t i = 0; i < n; i++) {
        char url[1024];
        if (alerts_unsubscribe_url(w->a, uid, ms[i].mid, url, sizeof url))
            continue;
        const char *path = strstr(url, "/afmelden/");
        html_lit(&h, "<li>");
        html_text(&h, ms[i].label);
        if (!ms[i].active) {
            html_lit(&h, " <em>(gestopt)</em></li>\n");
            continue;
        }
        html_lit(&h, " <form method=\"post\" action=\"");
        html_url(&h, path ? path : "#");
        html_lit(&h, "\"><button type=\"submit\">Stoppen</button></form></li>\n");
    }
    free(ms);
    char all[1024];
    if (!alerts_unsubscribe_url(w->a, uid, 0, all, sizeof all)) {
        const char *path = strstr(all, "/afmelden/");
        html_lit(&h, "</ul>\n<form method=\"post\" action=\"");
        html_url(&h, path ? path : "#");
        html_lit(&h, "\"><button type=\"submit\">Alle berichten stoppen</button></form>\n");
    }
    page_end(&h);
    return 0;
}

static int unsub_target(struct alerts_web *w, const struct route_args *args, char *scope,
                        int64_t *id, int64_t *uid)
{
    const char *s = route_arg(args, "scope");
    if (!s || (strcmp(s, "u") && strcmp(s, "m")))
        return 0;
    *scope = s[0];
    return check_link(w, args, *scope, "id", id, uid);
}

static int page_unsub_form(void *ctx, const struct http_request *rq,
                           const struct route_args *args, struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)rq;
    char scope;
    int64_t id, uid;
    int ok = unsub_target(w, args, &scope, &id, &uid);
    if (ok < 0)
        return 500;
    if (!ok)
        return 404;
    struct monitor_info m;
    if (scope == 'm' && alerts_monitor_get(w->a, id, &m) <= 0)
        return 404;
    rs->cache = HTTP_CACHE_NO_STORE;
    struct html h = html_on(&rs->body);
    page_begin(&h, "Afmelden");
    html_lit(&h, "<p>");
    if (scope == 'm') {
        html_lit(&h, "Volger stoppen: ");
        html_text(&h, m.label);
    } else {
        html_lit(&h, "Alle berichten van Kamerwacht aan dit adres stoppen.");
    }
    html_lit(&h, "</p>\n<form method=\"post\" action=\"\"><button type=\"submit\">Stoppen"
                 "</button></form>\n");
    page_end(&h);
    return 0;
}

/* RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" without cookies. */
static int page_unsub(void *ctx, const struct http_request *rq, const struct route_args *args,
                      struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)rq;
    char scope;
    int64_t id, uid;
    int ok = unsub_target(w, args, &scope, &id, &uid);
    if (ok < 0)
        return 500;
    if (!ok)
        return 404;
    int rc;
    if (scope == 'u') {
        rc = alerts_user_unsubscribe_all(w->a, uid);
    } else {
        sqlite3_stmt *st = al_stmt(w->a, "UPDATE alert_monitor SET active = 0 WHERE mid = ?1"
                                         " AND uid = ?2");
        rc = -1;
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, uid);
            rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        }
    }
    if (rc)
        return 500;
    char manage[1024] = "";
    alerts_manage_url(w->a, uid, manage, sizeof manage);
    rs->cache = HTTP_CACHE_NO_STORE;
    struct html h = html_on(&rs->body);
    page_begin(&h, "Afgemeld");
    html_lit(&h, "<p>");
    html_text(&h, scope == 'u' ? "U ontvangt geen berichten meer van Kamerwacht."
                               : "Deze volger is gestopt.");
    html_lit(&h, " <a href=\"");
    html_url(&h, manage);
    html_lit(&h, "\">Uw volgers bekijken</a></p>\n");
    page_end(&h);
    return 0;
}

static int page_feed(void *ctx, const struct http_request *rq, const struct route_args *args,
                     struct http_response *rs)
{
    struct alerts_web *w = ctx;
    (void)rq;
    int64_t id, uid;
    int ok = check_link(w, args, 'f', "uid", &id, &uid);
    if (ok < 0)
        return 500;
    if (!ok)
        return 404;
    if (alerts_feed_atom(w->a, uid, &rs->body))
        return 500;
    rs->content_type = HTTP_CT_ATOM;
    rs->cache = HTTP_CACHE_NO_STORE;
    return 0;
}

/* ---- the table and the wrapper ---- */

static const struct route routes[] = {
    {HTTP_GET, "/aanmelden", page_signin},
    {HTTP_POST, "/aanmelden", page_signin_post},
    {HTTP_GET, "/aanmelden/:token", page_token},
    {HTTP_POST, "/aanmelden/:token", page_token_post},
    {HTTP_GET, "/account", page_account},
    {HTTP_POST, "/account/volger", page_monitor_add},
    {HTTP_POST, "/account/volger/:mid/frequentie", page_monitor_freq},
    {HTTP_POST, "/account/volger/:mid/verwijderen", page_monitor_delete},
    {HTTP_POST, "/account/webhook", page_webhook},
    {HTTP_POST, "/account/hervatten", page_resume},
    {HTTP_GET, "/account/export", page_export},
    {HTTP_POST, "/account/verwijderen", page_account_delete},
    {HTTP_POST, "/account/uitloggen", page_logout},
    {HTTP_GET, "/beheer/:uid/:mac", page_manage},
    {HTTP_GET, "/afmelden/:scope/:id/:mac", page_unsub_form},
    {HTTP_POST, "/afmelden/:scope/:id/:mac", page_unsub},
    {HTTP_GET, "/volg/feed/:uid/:mac", page_feed},
};

const struct route *alerts_routes(size_t *n)
{
    *n = sizeof routes / sizeof routes[0];
    return routes;
}

int alerts_web_handle(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    struct alerts_web *w = ctx;
    const struct route *found;
    struct route_args args;
    int rc = route_match(routes, sizeof routes / sizeof routes[0], rq->method, rq->path, &found,
                         &args);
    if (rc == 404 && w->o.fallback)
        return w->o.fallback(w->o.fallback_ctx, rq, rs);
    if (rc)
        return rc;
    pthread_mutex_lock(&w->mu);
    rc = found->fn(w, rq, &args, rs);
    pthread_mutex_unlock(&w->mu);
    return rc;
}

void alerts_web_csrf(struct alerts_web *w, const char *binding, char out[32])
{
    char tok[AC_MAC_TEXT];
    acct_csrf(w->a, binding, tok);
    snprintf(out, 32, "%s", tok);
}

int alerts_web_open(const struct alerts_web_opts *o, struct alerts_web **out, char *err,
                    size_t errlen)
{
    *out = NULL;
    struct alerts_web *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    w->o = *o;
    if (o->cfg)
        w->cfg = *o->cfg;
    else
        cfg_defaults(&w->cfg);
    w->secure = !strncmp(w->cfg.base_url, "https://", 8);
    if (sqlite3_open_v2(o->db_path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", o->db_path, w->db ? sqlite3_errmsg(w->db) : "cannot open");
        sqlite3_close(w->db);
        free(w);
        return -1;
    }
    sqlite3_exec(w->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    struct alerts_opts ao = {&w->cfg, NULL, o->clock, o->clock_ctx};
    if (alerts_open(w->db, &ao, &w->a, err, errlen)) {
        sqlite3_close(w->db);
        free(w);
        return -1;
    }
    pthread_mutex_init(&w->mu, NULL);
    rl_init(&w->rl_addr, w->cfg.signin_per_address, 3600);
    rl_init(&w->rl_client, w->cfg.signin_per_client, 3600);
    rl_init(&w->rl_site, w->cfg.signin_per_hour, 3600);
    *out = w;
    return 0;
}

void alerts_web_close(struct alerts_web *w)
{
    if (!w)
        return;
    alerts_close(w->a);
    sqlite3_close(w->db);
    pthread_mutex_destroy(&w->mu);
    rl_destroy(&w->rl_addr);
    rl_destroy(&w->rl_client);
    rl_destroy(&w->rl_site);
    free(w);
}
