/*
 * Tests of the HTTP core on a live server: 127.0.0.1, port 0, talked to with libcurl.
 * Keep-alive, ETag/304, gzip, limits (414/413/400), HEAD, security headers, friendly error
 * pages, JSON negotiation, form posts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "util/buf.h"
#include "web/html.h"
#include "web/http.h"
#include "web/json.h"
#include "web/route.h"

/* ---- the pages under test ---- */

static int page_hello(void *ctx, const struct http_request *rq, const struct route_args *a,
                      struct http_response *rs)
{
    struct html h = html_on(&rs->body);
    html_lit(&h, "<!DOCTYPE html><title>hallo</title><p>hallo</p>");
    return 0;
}

static int page_big(void *ctx, const struct http_request *rq, const struct route_args *a,
                    struct http_response *rs)
{
    struct html h = html_on(&rs->body);
    html_lit(&h, "<!DOCTYPE html><title>groot</title><ul>");
    for (int i = 0; i < 200; i++)
        html_fmt(&h, "<li>regel %d: %s</li>", i, "Kamerstuk & motie <over> \"zaken\"");
    html_lit(&h, "</ul>");
    return 0;
}

static int page_fail(void *ctx, const struct http_request *rq, const struct route_args *a,
                     struct http_response *rs)
{
    struct html h = html_on(&rs->body);
    html_lit(&h, "secret internal detail: sqlite3_prepare failed at store.c:42");
    return 500;
}

static int page_echo(void *ctx, const struct http_request *rq, const struct route_args *a,
                     struct http_response *rs)
{
    if (rq->want_json) {
        struct jsonw j;
        jw_init(&j, &rs->body);
        jw_obj_begin(&j);
        jw_kv_str(&j, "name", route_arg(a, "name"));
        jw_kv_str(&j, "q", http_param(rq, "q"));
        jw_obj_end(&j);
        rs->content_type = HTTP_CT_JSON;
        return 0;
    }
    struct html h = html_on(&rs->body);
    html_lit(&h, "name=[");
    html_text(&h, route_arg(a, "name"));
    html_lit(&h, "] q=[");
    html_text(&h, http_param(rq, "q"));
    html_lit(&h, "] path=[");
    html_text(&h, rq->path);
    html_lit(&h, "]");
    rs->cache = HTTP_CACHE_PUBLIC;
    rs->max_age = 60;
    return 0;
}

static int page_form(void *ctx, const struct http_request *rq, const struct route_args *a,
                     struct http_response *rs)
{
    struct html h = html_on(&rs->body);
    html_lit(&h, "a=[");
    html_text(&h, http_form(rq, "a"));
    html_lit(&h, "] len=");
    html_uint(&h, rq->body_len);
    rs->cache = HTTP_CACHE_NO_STORE;
    return 0;
}

static int page_redirect(void *ctx, const struct http_request *rq, const struct route_args *a,
                         struct http_response *rs)
{
    rs->status = 301;
    http_add_header(rs, "Location", "/hallo");
    return 0;
}

static const struct route routes[] = {
    {HTTP_GET, "/hallo", page_hello},   {HTTP_GET, "/groot", page_big},
    {HTTP_GET, "/stuk", page_fail},     {HTTP_GET, "/echo/:name", page_echo},
    {HTTP_POST, "/formulier", page_form}, {HTTP_GET, "/oud", page_redirect},
};

static struct router router = {routes, sizeof routes / sizeof routes[0], NULL};
static struct http_server *server;
static char base[64];

static int setup(void **state)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct http_config cfg = {0};
    cfg.threads = 2;
    char err[256];
    server = http_start(&cfg, route_handler, &router, err, sizeof err);
    if (!server) {
        fprintf(stderr, "http_start: %s\n", err);
        return -1;
    }
    snprintf(base, sizeof base, "http://127.0.0.1:%u", (unsigned)http_port(server));
    return 0;
}

static int teardown(void **state)
{
    http_stop(server, 1000);
    curl_global_cleanup();
    return 0;
}

/* ---- a small client ---- */

struct reply {
    long status;
    struct buf body;
    struct buf headers;
    long connects;
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    buf_add(ud, p, size * n);
    return size * n;
}

static CURL *client(void)
{
    CURL *c = curl_easy_init();
    assert_non_null(c);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    return c;
}

/* GET (or whatever c is set up for) base+path; extra may be NULL. */
static void fetch(CURL *c, const char *path, struct curl_slist *extra, struct reply *r)
{
    buf_free(&r->body);
    buf_free(&r->headers);
    struct buf url = BUF_INIT;
    buf_adds(&url, base);
    buf_adds(&url, path);
    curl_easy_setopt(c, CURLOPT_URL, buf_cstr(&url));
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->headers);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, extra);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        fail_msg("curl: %s", curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &r->connects);
    buf_free(&url);
}

/* The value of a response header (copied into out), or NULL. */
static const char *hdr(const struct reply *r, const char *name, char *out, size_t outlen)
{
    size_t nl = strlen(name);
    const char *p = buf_cstr(&r->headers);
    while (p && *p) {
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ')
                v++;
            size_t len = strcspn(v, "\r\n");
            if (len >= outlen)
                len = outlen - 1;
            memcpy(out, v, len);
            out[len] = '\0';
            return out;
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return NULL;
}

static void reply_free(struct reply *r)
{
    buf_free(&r->body);
    buf_free(&r->headers);
}

static void assert_security_headers(const struct reply *r)
{
    char v[512];
    assert_non_null(hdr(r, "Content-Security-Policy", v, sizeof v));
    assert_string_equal(v, HTTP_CSP);
    assert_non_null(hdr(r, "X-Content-Type-Options", v, sizeof v));
    assert_string_equal(v, "nosniff");
    assert_non_null(hdr(r, "Referrer-Policy", v, sizeof v));
    assert_string_equal(v, "same-origin");
    assert_non_null(hdr(r, "Cache-Control", v, sizeof v));
}

/* ---- tests ---- */

static void test_keepalive(void **state)
{
    CURL *c = client();
    struct reply r = {0};
    fetch(c, "/hallo", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.connects, 1);
    char v[128];
    assert_null(hdr(&r, "Connection", v, sizeof v) && strcasecmp(v, "close") == 0 ? v : NULL);
    fetch(c, "/groot", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.connects, 0); /* the connection was reused */
    fetch(c, "/hallo", NULL, &r);
    assert_int_equal(r.connects, 0);
    assert_string_equal(buf_cstr(&r.body), "<!DOCTYPE html><title>hallo</title><p>hallo</p>");
    assert_security_headers(&r);
    assert_non_null(hdr(&r, "Content-Type", v, sizeof v));
    assert_string_equal(v, HTTP_CT_HTML);
    reply_free(&r);
    curl_easy_cleanup(c);
}

static void test_etag_304(void **state)
{
    CURL *c = client();
    struct reply r = {0};
    fetch(c, "/groot", NULL, &r);
    assert_int_equal(r.status, 200);
    char etag[64], line[128];
    assert_non_null(hdr(&r, "ETag", etag, sizeof etag));
    assert_int_equal(strlen(etag), 18);
    assert_int_equal(etag[0], '"');
    size_t len = r.body.len;
    assert_true(len > 1024);

    snprintf(line, sizeof line, "If-None-Match: %s", etag);
    struct curl_slist *h = curl_slist_append(NULL, line);
    fetch(c, "/groot", h, &r);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.body.len, 0);
    char again[64];
    assert_non_null(hdr(&r, "ETag", again, sizeof again));
    assert_string_equal(again, etag);
    assert_security_headers(&r);
    curl_slist_free_all(h);

    h = curl_slist_append(NULL, "If-None-Match: \"0123456789abcdef\"");
    fetch(c, "/groot", h, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body.len, len);
    curl_slist_free_all(h);

    /* Errors carry no ETag. */
    fetch(c, "/bestaat-niet", NULL, &r);
    assert_int_equal(r.status, 404);
    assert_null(hdr(&r, "ETag", again, sizeof again));
    reply_free(&r);
    curl_easy_cleanup(c);
}

static void test_gzip(void **state)
{
    CURL *c = client();
    struct reply plain = {0}, r = {0};
    fetch(c, "/groot", NULL, &plain);
    char v[128];
    assert_null(hdr(&plain, "Content-Encoding", v, sizeof v));

    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    for (int round = 0; round < 2; round++) { /* the second one is served from the cache */
        fetch(c, "/groot", NULL, &r);
        assert_int_equal(r.status, 200);
        assert_non_null(hdr(&r, "Content-Encoding", v, sizeof v));
        assert_string_equal(v, "gzip");
        assert_non_null(hdr(&r, "Vary", v, sizeof v));
        assert_non_null(strstr(v, "Accept-Encoding"));
        assert_non_null(hdr(&r, "ETag", v, sizeof v));
        assert_non_null(strstr(v, "-gz\""));
        curl_off_t down = 0;
        curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &down);
        assert_true((size_t)down < plain.body.len / 2);
        assert_int_equal(r.body.len, plain.body.len);
        assert_memory_equal(r.body.data, plain.body.data, r.body.len);
    }
    /* The gzip ETag revalidates too. */
    char line[256];
    snprintf(line, sizeof line, "If-None-Match: %s", v);
    struct curl_slist *h = curl_slist_append(NULL, line);
    fetch(c, "/groot", h, &r);
    assert_int_equal(r.status, 304);
    curl_slist_free_all(h);

    /* Small bodies stay uncompressed. */
    fetch(c, "/hallo", NULL, &r);
    assert_null(hdr(&r, "Content-Encoding", v, sizeof v));

    struct http_stats st;
    http_get_stats(server, &st);
    assert_true(st.gzip_cache_hits >= 1);
    reply_free(&plain);
    reply_free(&r);
    curl_easy_cleanup(c);
}

static void test_limits(void **state)
{
    CURL *c = client();
    struct reply r = {0};
    char *path = malloc(10 * 1024 + 16);
    strcpy(path, "/hallo?q=");
    memset(path + 9, 'a', 10 * 1024);
    path[9 + 10 * 1024] = '\0';
    fetch(c, path, NULL, &r);
    assert_int_equal(r.status, 414);
    assert_non_null(strstr(buf_cstr(&r.body), "Adres te lang"));
    assert_security_headers(&r);

    memset(path + 1, 'b', 10 * 1024); /* a long path without a query */
    fetch(c, path, NULL, &r);
    assert_int_equal(r.status, 414);
    free(path);

    fetch(c, "/echo/../../etc/passwd", NULL, &r);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(buf_cstr(&r.body), "Ongeldig verzoek"));
    fetch(c, "/echo/a%00b", NULL, &r);
    assert_int_equal(r.status, 400);
    fetch(c, "/echo/x?q=%ZZ", NULL, &r);
    assert_int_equal(r.status, 400);

    struct buf many = BUF_INIT;
    buf_adds(&many, "/hallo?");
    for (int i = 0; i <= HTTP_MAX_PARAMS; i++)
        buf_printf(&many, "p%d=1&", i);
    fetch(c, buf_cstr(&many), NULL, &r);
    assert_int_equal(r.status, 400);
    buf_free(&many);

    /* Too many header bytes. */
    struct buf big = BUF_INIT;
    buf_adds(&big, "X-Filler: ");
    for (int i = 0; i < HTTP_MAX_HEADER_BYTES; i++)
        buf_addc(&big, 'x');
    struct curl_slist *h = curl_slist_append(NULL, buf_cstr(&big));
    fetch(c, "/hallo", h, &r);
    assert_int_equal(r.status, 431);
    curl_slist_free_all(h);
    buf_free(&big);

    /* A method the site does not serve. */
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
    fetch(c, "/hallo", NULL, &r);
    assert_int_equal(r.status, 405);
    char v[64];
    assert_non_null(hdr(&r, "Allow", v, sizeof v));
    reply_free(&r);
    curl_easy_cleanup(c);
}

static void test_head(void **state)
{
    CURL *c = client();
    struct reply r = {0};
    fetch(c, "/groot", NULL, &r);
    size_t len = r.body.len;
    char etag[64], v[64];
    hdr(&r, "ETag", etag, sizeof etag);
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    fetch(c, "/groot", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body.len, 0);
    assert_non_null(hdr(&r, "Content-Length", v, sizeof v));
    assert_int_equal(strtoul(v, NULL, 10), len);
    assert_non_null(hdr(&r, "ETag", v, sizeof v));
    assert_string_equal(v, etag);
    assert_security_headers(&r);
    /* A second HEAD on the same connection still works. */
    fetch(c, "/hallo", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.connects, 0);
    reply_free(&r);
    curl_easy_cleanup(c);
}

static void test_errors_are_friendly(void **state)
{
    CURL *c = client();
    struct reply r = {0};
    fetch(c, "/stuk", NULL, &r);
    assert_int_equal(r.status, 500);
    assert_null(strstr(buf_cstr(&r.body), "secret"));
    assert_null(strstr(buf_cstr(&r.body), "sqlite"));
    assert_non_null(strstr(buf_cstr(&r.body), "Er ging iets mis"));
    assert_non_null(strstr(buf_cstr(&r.body), "lang=\"nl\""));
    char v[64];
    assert_non_null(hdr(&r, "Cache-Control", v, sizeof v));
    assert_string_equal(v, "no-store");
    assert_security_headers(&r);

    fetch(c, "/nergens", NULL, &r);
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(buf_cstr(&r.body), "Niet gevonden"));

    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    fetch(c, "/nergens", h, &r);
    assert_int_equal(r.status, 404);
    assert_non_null(hdr(&r, "Content-Type", v, sizeof v));
    assert_string_equal(v, HTTP_CT_JSON);
    assert_non_null(strstr(buf_cstr(&r.body), "\"status\":404"));
    curl_slist_free_all(h);
    reply_free(&r);
    curl_easy_cleanup(c);
}

static void test_params_and_json(void **state)
{
    CURL *c = client();
    struct reply r = {0};
    fetch(c, "/echo/%3Cb%3E%C3%A9?q=a+b%26%3Cscript%3E", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(buf_cstr(&r.body),
                        "name=[&lt;b&gt;é] q=[a b&amp;&lt;script&gt;] path=[/echo/&lt;b&gt;é]");
    char v[64];
    assert_non_null(hdr(&r, "Cache-Control", v, sizeof v));
    assert_string_equal(v, "public, max-age=60");

    fetch(c, "/echo/x?q=%3C/script%3E&format=json", NULL, &r);
    assert_string_equal(buf_cstr(&r.body), "{\"name\":\"x\",\"q\":\"\\u003c/script\\u003e\"}");
    assert_non_null(hdr(&r, "Content-Type", v, sizeof v));
    assert_string_equal(v, HTTP_CT_JSON);

    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    fetch(c, "/echo/y", h, &r);
    assert_string_equal(buf_cstr(&r.body), "{\"name\":\"y\",\"q\":null}");
    curl_slist_free_all(h);

    /* Redirect with a handler-set header. */
    fetch(c, "/oud", NULL, &r);
    assert_int_equal(r.status, 301);
    assert_non_null(hdr(&r, "Location", v, sizeof v));
    assert_string_equal(v, "/hallo");
    reply_free(&r);
    curl_easy_cleanup(c);
}

static void test_post(void **state)
{
    CURL *c = client();
    struct reply r = {0};
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, "a=%3Ci%3E+x&b=2");
    fetch(c, "/formulier", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(buf_cstr(&r.body), "a=[&lt;i&gt; x] len=15");

    size_t big = HTTP_MAX_BODY + 1;
    char *data = malloc(big);
    memset(data, 'x', big);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)big);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
    fetch(c, "/formulier", NULL, &r);
    assert_int_equal(r.status, 413);
    assert_non_null(strstr(buf_cstr(&r.body), "te groot"));

    /* Exactly at the limit is fine. */
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)HTTP_MAX_BODY);
    fetch(c, "/formulier", NULL, &r);
    assert_int_equal(r.status, 200);
    free(data);

    /* GET on a POST-only route. */
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    fetch(c, "/formulier", NULL, &r);
    assert_int_equal(r.status, 405);
    reply_free(&r);
    curl_easy_cleanup(c);
}

static void test_stats(void **state)
{
    struct http_stats st;
    http_get_stats(server, &st);
    assert_true(st.requests > 10);
    assert_true(st.status_2xx > 0 && st.status_4xx > 0 && st.status_5xx > 0);
    assert_true(st.not_modified > 0);
    assert_int_equal(st.latency[HTTP_LATENCY_BUCKETS - 1], st.requests);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keepalive),       cmocka_unit_test(test_etag_304),
        cmocka_unit_test(test_gzip),            cmocka_unit_test(test_limits),
        cmocka_unit_test(test_head),            cmocka_unit_test(test_errors_are_friendly),
        cmocka_unit_test(test_params_and_json), cmocka_unit_test(test_post),
        cmocka_unit_test(test_stats),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
