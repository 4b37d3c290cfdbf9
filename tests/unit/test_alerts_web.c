/* Unit tests of accounts and the alert pages, called as plain handlers (no socket): sign-in
 * tokens are single use and expire after 30 minutes; forms without a valid CSRF token are
 * refused; the sign-in answer does not reveal whether an address is known; rate limits; the
 * one-click unsubscribe; the export and the deletion of an account. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "alerts/accounts.h"
#include "alerts/alerts.h"
#include "alerts/bounce.h"
#include "alerts/web.h"
#include "store/store.h"

struct fx {
    char dir[128], db[160];
    struct store *s;
    struct alerts_web *w;
    struct alerts *a; /* a second handle on the same file, for checks */
    int64_t now;
};

static int64_t fx_clock(void *ctx)
{
    return ((struct fx *)ctx)->now;
}

/* The peer address of the next request ("" unknown). */
static char client_addr[48];

/* The cookie header of the next request. */
static char cookie[512];
static const char *cookie_of(const struct http_request *rq)
{
    (void)rq;
    return cookie;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/kw_test_alerts_web_%d", (int)getpid());
    snprintf(f->db, sizeof f->db, "%s/k.db", f->dir);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", f->dir, f->dir);
    assert_int_equal(system(cmd), 0);
    char err[512];
    assert_int_equal(store_open(f->db, 0, &f->s, err, sizeof err), 0);
    f->now = 1750000000;
    struct kw_config cfg;
    cfg_defaults(&cfg);
    snprintf(cfg.base_url, sizeof cfg.base_url, "https://kamerwacht.test");
    cfg.signin_per_address = 3;
    struct alerts_web_opts o = {.db_path = f->db, .cfg = &cfg, .cookie_of = cookie_of,
                                .clock = fx_clock, .clock_ctx = f};
    assert_int_equal(alerts_web_open(&o, &f->w, err, sizeof err), 0);
    struct alerts_opts ao = {&cfg, NULL, fx_clock, f};
    assert_int_equal(alerts_open(store_db(f->s), &ao, &f->a, err, sizeof err), 0);
    sqlite3_exec(store_db(f->s),
                 "INSERT INTO \"Kamerstukdossier\"(id, skiptoken, nummer, titel) VALUES('k1', 1,"
                 " 31293, 'Primair onderwijs')",
                 NULL, NULL, NULL);
    cookie[0] = '\0';
    client_addr[0] = '\0';
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    alerts_web_close(f->w);
    alerts_close(f->a);
    store_close(f->s);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd)) {
    }
    free(f);
    return 0;
}

struct req {
    struct http_request rq;
    struct http_param form[8];
};

static int call(struct fx *f, enum http_method m, const char *path, const char *const *kv,
                struct http_response *rs)
{
    struct req r;
    memset(&r, 0, sizeof r);
    r.rq.method = m;
    r.rq.path = path;
    r.rq.body = "";
    r.rq.accept = r.rq.accept_encoding = r.rq.if_none_match = r.rq.content_type = "";
    snprintf(r.rq.client, sizeof r.rq.client, "%s", client_addr);
    size_t n = 0;
    for (; kv && kv[2 * n]; n++) {
        r.form[n].name = kv[2 * n];
        r.form[n].value = kv[2 * n + 1];
    }
    r.rq.form = r.form;
    r.rq.nform = n;
    memset(rs, 0, sizeof *rs);
    rs->status = 200;
    rs->content_type = HTTP_CT_HTML;
    return alerts_web_handle(f->w, &r.rq, rs);
}

static void done(struct http_response *rs)
{
    buf_free(&rs->body);
    buf_free(&rs->headers);
}

/* Value of a response header (headers are stored as name\0value\0 pairs). */
static const char *header(const struct http_response *rs, const char *name)
{
    for (size_t i = 0; i < rs->headers.len;) {
        const char *n = rs->headers.data + i;
        const char *v = n + strlen(n) + 1;
        if (!strcmp(n, name))
            return v;
        i += strlen(n) + 1 + strlen(v) + 1;
    }
    return NULL;
}

/* Takes "name=value" of a Set-Cookie into the cookie jar. */
static void keep_cookie(const struct http_response *rs)
{
    for (size_t i = 0; i < rs->headers.len;) {
        const char *n = rs->headers.data + i;
        const char *v = n + strlen(n) + 1;
        if (!strcmp(n, "Set-Cookie")) {
            size_t l = strcspn(v, ";");
            size_t cl = strlen(cookie);
            snprintf(cookie + cl, sizeof cookie - cl, "%s%.*s", cl ? "; " : "", (int)l, v);
        }
        i += strlen(n) + 1 + strlen(v) + 1;
    }
}

static void csrf_for(struct fx *f, const char *name, char out[32])
{
    const char *p = strstr(cookie, name);
    assert_non_null(p);
    char v[64];
    size_t l = strcspn(p + strlen(name) + 1, ";");
    snprintf(v, sizeof v, "%.*s", (int)l, p + strlen(name) + 1);
    alerts_web_csrf(f->w, v, out);
}

/* The sign-in token of the last queued sign-in mail (decoded from the stored message). */
static void last_token(struct fx *f, char out[64])
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(store_db(f->s), "SELECT payload FROM alert_delivery"
                                                        " WHERE uid IS NULL ORDER BY did DESC LIMIT 1",
                                        -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *m = (const char *)sqlite3_column_text(st, 0);
    /* quoted-printable may have broken the line: undo soft breaks */
    char flat[8192];
    size_t o = 0;
    for (const char *p = m; *p && o < sizeof flat - 1; p++) {
        if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
            p += 2;
            continue;
        }
        flat[o++] = *p;
    }
    flat[o] = '\0';
    const char *t = strstr(flat, "/aanmelden/");
    assert_non_null(t);
    t += strlen("/aanmelden/");
    size_t l = strcspn(t, "\r\n ");
    snprintf(out, 64, "%.*s", (int)l, t);
    sqlite3_finalize(st);
}

static void sign_in(struct fx *f, const char *email)
{
    struct http_response rs;
    assert_int_equal(call(f, HTTP_GET, "/aanmelden", NULL, &rs), 0);
    keep_cookie(&rs);
    done(&rs);
    char csrf[32];
    csrf_for(f, "kw_pre", csrf);
    const char *kv[] = {"email", email, "csrf", csrf, NULL};
    assert_int_equal(call(f, HTTP_POST, "/aanmelden", kv, &rs), 0);
    assert_int_equal(rs.status, 200);
    done(&rs);
    char token[64], path[128];
    last_token(f, token);
    snprintf(path, sizeof path, "/aanmelden/%s", token);
    assert_int_equal(call(f, HTTP_GET, path, NULL, &rs), 0); /* a scanner may GET: harmless */
    done(&rs);
    const char *kv2[] = {"csrf", csrf, NULL};
    assert_int_equal(call(f, HTTP_POST, path, kv2, &rs), 0);
    assert_int_equal(rs.status, 303);
    const char *sc = header(&rs, "Set-Cookie");
    assert_non_null(sc);
    assert_non_null(strstr(sc, "HttpOnly"));
    assert_non_null(strstr(sc, "SameSite=Lax"));
    assert_non_null(strstr(sc, "Secure"));
    keep_cookie(&rs);
    done(&rs);
}

static void test_tokens_single_use_and_expiry(void **state)
{
    struct fx *f = *state;
    char tok[AC_TOKEN_TEXT], tok2[AC_TOKEN_TEXT];
    int64_t uid;
    bool created;
    struct alerts *a = f->a;
    assert_int_equal(acct_signin_create(a, "x@example.nl", tok), 0);
    assert_int_equal(acct_signin_create(a, "x@example.nl", tok2), 0);
    assert_int_equal(acct_signin_consume(a, tok, &uid, &created), 1);
    assert_true(created);
    assert_int_equal(acct_signin_consume(a, tok, &uid, &created), 0); /* reused */
    assert_int_equal(acct_signin_consume(a, "nonsense", &uid, &created), 0);
    f->now += 30 * 60 + 1;
    assert_int_equal(acct_signin_consume(a, tok2, &uid, &created), 0); /* expired */
    /* tokens are stored hashed */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(store_db(f->s), "SELECT count(*) FROM alert_signin"
                                        " WHERE hash = ?1", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, tok, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
}

static void test_email_and_csrf(void **state)
{
    struct fx *f = *state;
    char out[256], t1[AC_MAC_TEXT];
    assert_true(acct_email_normalise("  Anna.de-Vries+kw@Example.NL ", out, sizeof out));
    assert_string_equal(out, "anna.de-vries+kw@example.nl");
    assert_false(acct_email_normalise("anna@localhost", out, sizeof out));
    assert_false(acct_email_normalise("a b@example.nl", out, sizeof out));
    assert_false(acct_email_normalise("a@b@example.nl", out, sizeof out));
    assert_false(acct_email_normalise("a@example.nl\r\nBcc: x@y.nl", out, sizeof out));
    acct_csrf(f->a, "session-1", t1);
    assert_true(acct_csrf_ok(f->a, "session-1", t1));
    assert_false(acct_csrf_ok(f->a, "session-2", t1));
    assert_false(acct_csrf_ok(f->a, "session-1", ""));
    assert_false(acct_csrf_ok(f->a, "session-1", NULL));
}

static void test_signin_flow_and_reuse(void **state)
{
    struct fx *f = *state;
    sign_in(f, "anna@example.nl");
    struct http_response rs;
    assert_int_equal(call(f, HTTP_GET, "/account", NULL, &rs), 0);
    assert_int_equal(rs.status, 200);
    assert_non_null(strstr(buf_cstr(&rs.body), "anna@example.nl"));
    done(&rs);
    /* the same link once more: refused */
    char token[64], path[128], csrf[32];
    last_token(f, token);
    snprintf(path, sizeof path, "/aanmelden/%s", token);
    csrf_for(f, "kw_pre", csrf);
    const char *kv[] = {"csrf", csrf, NULL};
    assert_int_equal(call(f, HTTP_POST, path, kv, &rs), 0);
    assert_int_equal(rs.status, 410);
    done(&rs);
}

static void test_forms_need_csrf(void **state)
{
    struct fx *f = *state;
    struct http_response rs;
    /* sign-in request without token */
    const char *kv[] = {"email", "anna@example.nl", NULL};
    assert_int_equal(call(f, HTTP_POST, "/aanmelden", kv, &rs), 403);
    done(&rs);
    sign_in(f, "anna@example.nl");
    const char *add[] = {"kind", "dossier", "arg", "31293", "opslaan", "1", NULL};
    assert_int_equal(call(f, HTTP_POST, "/account/volger", add, &rs), 403);
    done(&rs);
    const char *add_bad[] = {"kind", "dossier", "arg", "31293", "opslaan", "1", "csrf", "AAAA", NULL};
    assert_int_equal(call(f, HTTP_POST, "/account/volger", add_bad, &rs), 403);
    done(&rs);
    assert_int_equal(call(f, HTTP_POST, "/account/verwijderen", NULL, &rs), 403);
    done(&rs);
    int64_t uid;
    assert_int_equal(alerts_user_find(f->a, "anna@example.nl", &uid), 1);
    struct monitor_info *ms;
    size_t n;
    assert_int_equal(alerts_monitor_list(f->a, uid, &ms, &n), 0);
    assert_int_equal(n, 0);
    free(ms);
    /* with the token: preview first, then saved */
    char csrf[32];
    csrf_for(f, "kw_sid", csrf);
    const char *prev[] = {"kind", "dossier", "arg", "31293", "csrf", csrf, NULL};
    assert_int_equal(call(f, HTTP_POST, "/account/volger", prev, &rs), 0);
    assert_non_null(strstr(buf_cstr(&rs.body), "Voorvertoning"));
    done(&rs);
    const char *save[] = {"kind", "dossier", "arg", "31293", "opslaan", "1", "csrf", csrf, NULL};
    assert_int_equal(call(f, HTTP_POST, "/account/volger", save, &rs), 0);
    assert_int_equal(rs.status, 303);
    done(&rs);
    assert_int_equal(alerts_monitor_list(f->a, uid, &ms, &n), 0);
    assert_int_equal(n, 1);
    free(ms);
}

/* A suspended address is shown on the account page with a button (CSRF-checked) that
 * resumes mail. */
static void test_suspended_mail_resume_button(void **state)
{
    struct fx *f = *state;
    struct http_response rs;
    sign_in(f, "stuit@example.nl");
    int64_t uid;
    assert_int_equal(alerts_user_find(f->a, "stuit@example.nl", &uid), 1);
    assert_int_equal(call(f, HTTP_GET, "/account", NULL, &rs), 0);
    assert_null(strstr(buf_cstr(&rs.body), "/account/hervatten"));
    done(&rs);
    for (int i = 0; i < 3; i++)
        assert_int_equal(alerts_bounce_count(f->a, uid, true, "smtp 550 5.1.1"), i == 2);
    assert_int_equal(alerts_user_suspended(f->a, uid), 1);
    assert_int_equal(call(f, HTTP_GET, "/account", NULL, &rs), 0);
    assert_non_null(strstr(buf_cstr(&rs.body), "Gepauzeerd sinds"));
    assert_non_null(strstr(buf_cstr(&rs.body), "smtp 550 5.1.1"));
    assert_non_null(strstr(buf_cstr(&rs.body), "action=\"/account/hervatten\""));
    done(&rs);
    const char *bad[] = {"csrf", "AAAA", NULL};
    assert_int_equal(call(f, HTTP_POST, "/account/hervatten", bad, &rs), 403);
    done(&rs);
    assert_int_equal(alerts_user_suspended(f->a, uid), 1);
    char csrf[32];
    csrf_for(f, "kw_sid", csrf);
    const char *ok[] = {"csrf", csrf, NULL};
    assert_int_equal(call(f, HTTP_POST, "/account/hervatten", ok, &rs), 0);
    assert_non_null(strstr(buf_cstr(&rs.body), "weer bezorgd"));
    done(&rs);
    assert_int_equal(alerts_user_suspended(f->a, uid), 0);
}

static void test_signin_rate_limit_and_no_enumeration(void **state)
{
    struct fx *f = *state;
    struct http_response rs;
    assert_int_equal(call(f, HTTP_GET, "/aanmelden", NULL, &rs), 0);
    keep_cookie(&rs);
    done(&rs);
    char csrf[32];
    csrf_for(f, "kw_pre", csrf);
    const char *kv[] = {"email", "nieuw@example.nl", "csrf", csrf, NULL};
    char first[4096] = "";
    for (int i = 0; i < 3; i++) {
        assert_int_equal(call(f, HTTP_POST, "/aanmelden", kv, &rs), 0);
        assert_int_equal(rs.status, 200);
        if (!i)
            snprintf(first, sizeof first, "%s", buf_cstr(&rs.body));
        done(&rs);
    }
    assert_int_equal(call(f, HTTP_POST, "/aanmelden", kv, &rs), 0);
    assert_int_equal(rs.status, 429);
    done(&rs);
    f->now += 3601;
    assert_int_equal(call(f, HTTP_POST, "/aanmelden", kv, &rs), 0);
    assert_int_equal(rs.status, 200);
    done(&rs);
    /* a known address gets the same page */
    int64_t uid;
    assert_int_equal(alerts_user_ensure(f->a, "bekend@example.nl", &uid, NULL), 0);
    const char *kv2[] = {"email", "bekend@example.nl", "csrf", csrf, NULL};
    assert_int_equal(call(f, HTTP_POST, "/aanmelden", kv2, &rs), 0);
    assert_int_equal(rs.status, 200);
    done(&rs);
    assert_non_null(strstr(first, "Als het adres klopt"));
}

static int64_t rows(struct fx *f, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(store_db(f->s), q, -1, &st, NULL), SQLITE_OK);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* Sign-in mails are limited per client too (signin_per_client, default 10 an hour): one
 * client asking for links to ever new addresses is stopped, another client is not; the
 * address is kept in memory only. */
static void test_signin_rate_limit_per_client(void **state)
{
    struct fx *f = *state;
    struct http_response rs;
    assert_int_equal(call(f, HTTP_GET, "/aanmelden", NULL, &rs), 0);
    keep_cookie(&rs);
    done(&rs);
    char csrf[32];
    csrf_for(f, "kw_pre", csrf);
    snprintf(client_addr, sizeof client_addr, "192.0.2.7");
    char email[64];
    for (int i = 0; i < 10; i++) {
        snprintf(email, sizeof email, "spam%d@example.nl", i);
        const char *kv[] = {"email", email, "csrf", csrf, NULL};
        assert_int_equal(call(f, HTTP_POST, "/aanmelden", kv, &rs), 0);
        assert_int_equal(rs.status, 200);
        done(&rs);
    }
    const char *kv[] = {"email", "spam10@example.nl", "csrf", csrf, NULL};
    assert_int_equal(call(f, HTTP_POST, "/aanmelden", kv, &rs), 0);
    assert_int_equal(rs.status, 429);
    done(&rs);
    snprintf(client_addr, sizeof client_addr, "192.0.2.8");
    assert_int_equal(call(f, HTTP_POST, "/aanmelden", kv, &rs), 0);
    assert_int_equal(rs.status, 200);
    done(&rs);
    assert_int_equal(rows(f, "SELECT count(*) FROM alert_signin"), 11);
    assert_int_equal(rows(f, "SELECT count(*) FROM alert_delivery WHERE uid IS NULL"), 11);
}

static void test_unsubscribe_and_delete(void **state)
{
    struct fx *f = *state;
    struct http_response rs;
    int64_t uid, mid;
    assert_int_equal(alerts_user_ensure(f->a, "bert@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, &mid), 0);
    char url[1024];
    assert_int_equal(alerts_unsubscribe_url(f->a, uid, mid, url, sizeof url), 0);
    const char *path = strstr(url, "/afmelden/");
    /* a forged mac is refused */
    char forged[1024];
    snprintf(forged, sizeof forged, "%.*sAAAAAAAAAAAAAAAAAAAAAAAA", (int)(strrchr(path, '/') - path + 1), path);
    assert_int_equal(call(f, HTTP_POST, forged, NULL, &rs), 404);
    done(&rs);
    /* one-click: a POST without cookies */
    const char *kv[] = {"List-Unsubscribe", "One-Click", NULL};
    assert_int_equal(call(f, HTTP_POST, path, kv, &rs), 0);
    assert_int_equal(rs.status, 200);
    done(&rs);
    struct monitor_info m;
    assert_int_equal(alerts_monitor_get(f->a, mid, &m), 1);
    assert_false(m.active);
    /* the manage page works without signing in */
    assert_int_equal(alerts_manage_url(f->a, uid, url, sizeof url), 0);
    assert_int_equal(call(f, HTTP_GET, strstr(url, "/beheer/"), NULL, &rs), 0);
    assert_non_null(strstr(buf_cstr(&rs.body), "Dossier 31293"));
    done(&rs);
    /* the feed too */
    assert_int_equal(alerts_feed_url(f->a, uid, url, sizeof url), 0);
    assert_int_equal(call(f, HTTP_GET, strstr(url, "/volg/"), NULL, &rs), 0);
    assert_string_equal(rs.content_type, HTTP_CT_ATOM);
    done(&rs);

    /* deletion through the account page removes everything */
    sign_in(f, "bert@example.nl");
    assert_int_equal(call(f, HTTP_GET, "/account/export", NULL, &rs), 0);
    assert_non_null(strstr(buf_cstr(&rs.body), "\"email\":\"bert@example.nl\""));
    done(&rs);
    char csrf[32];
    csrf_for(f, "kw_sid", csrf);
    const char *del[] = {"csrf", csrf, NULL};
    assert_int_equal(call(f, HTTP_POST, "/account/verwijderen", del, &rs), 0);
    done(&rs);
    static const char *const tables[] = {"alert_user", "alert_monitor", "alert_session",
                                         "alert_sent", "alert_delivery", "alert_signin"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char q[128];
        snprintf(q, sizeof q, "SELECT count(*) FROM %s", tables[i]);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(store_db(f->s), q, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        if (sqlite3_column_int(st, 0) != 0)
            fprintf(stderr, "%s still has rows\n", tables[i]);
        assert_int_equal(sqlite3_column_int(st, 0), 0);
        sqlite3_finalize(st);
    }
    /* the old links are dead */
    assert_int_equal(call(f, HTTP_GET, strstr(url, "/volg/"), NULL, &rs), 404);
    done(&rs);
}

static void test_rate_limiter(void **state)
{
    (void)state;
    struct ratelimit *r = malloc(sizeof *r);
    rl_init(r, 2, 60);
    assert_true(rl_allow(r, "a", 100));
    assert_true(rl_allow(r, "a", 101));
    assert_false(rl_allow(r, "a", 102));
    assert_true(rl_allow(r, "b", 102));
    assert_true(rl_allow(r, "a", 161));
    rl_destroy(r);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tokens_single_use_and_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_email_and_csrf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signin_flow_and_reuse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forms_need_csrf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suspended_mail_resume_button, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signin_rate_limit_and_no_enumeration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signin_rate_limit_per_client, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsubscribe_and_delete, setup, teardown),
        cmocka_unit_test(test_rate_limiter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
