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
#include <unistd.h>

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

/* A file on disk, streamed by the core: 200000 bytes of a known pattern. */
#define FILE_SIZE 200000
static char file_path[64];
static unsigned char pattern(size_t i)
{
    return (unsigned char)(i * 7 + i / 251);
}

static int page_file(void *ctx, const struct http_request *rq, const struct route_args *a,
                     struct http_response *rs)
{
    if (http_response_file(rs, file_path))
        return 404;
    rs->content_type = "application/pdf";
    http_add_header(rs, "Content-Disposition", "inline; filename=\"x.pdf\"");
    rs->cache = HTTP_CACHE_PUBLIC;
    rs->max_age = 3600;
    return 0;
}

static int page_nofile(void *ctx, const struct http_request *rq, const struct route_args *a,
                       struct http_response *rs)
{
    char p[96];
    snprintf(p, sizeof p, "%s.missing", file_path);
    if (http_response_file(rs, p) == 0)
        return 0;
    /* a directory is not a file either */
    if (http_response_file(rs, "/tmp") == 0)
        return 0;
    return 404;
}

/* Sets a file answer and then fails: the core must not leak or send the file. */
static int page_file_fail(void *ctx, const struct http_request *rq, const struct route_args *a,
                          struct http_response *rs)
{
    if (http_response_file(rs, file_path))
        return 404;
    return 500;
}

/* The client address the core determined, as text. */
static int page_client(void *ctx, const struct http_request *rq, const struct route_args *a,
                       struct http_response *rs)
{
    struct html h = html_on(&rs->body);
    html_text(&h, rq->client);
    return 0;
}

static const struct route routes[] = {
    {HTTP_GET, "/client", page_client},
    {HTTP_GET, "/bestand", page_file}, {HTTP_GET, "/geen-bestand", page_nofile},
    {HTTP_GET, "/bestand-stuk", page_file_fail},
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
    snprintf(file_path, sizeof file_path, "/tmp/kw-web-test-http-%d.pdf", (int)getpid());
    FILE *fp = fopen(file_path, "wb");
    if (!fp)
        return -1;
    for (size_t i = 0; i < FILE_SIZE; i++)
        fputc(pattern(i), fp);
    fclose(fp);
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
    unlink(file_path);
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

static void assert_pattern(const struct buf *b, size_t from, size_t len)
{
    assert_int_equal(b->len, len);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)b->data[i] != pattern(from + i))
            fail_msg("byte %zu of the answer differs", i);
}

static void test_file(void **state)
{
    CURL *c = client();
    struct reply r = {0};
    char v[128], etag[64], lastmod[64];
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip"); /* a file is never gzipped */
    fetch(c, "/bestand", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_pattern(&r.body, 0, FILE_SIZE);
    assert_null(hdr(&r, "Content-Encoding", v, sizeof v));
    assert_non_null(hdr(&r, "Content-Length", v, sizeof v));
    assert_int_equal(strtoul(v, NULL, 10), FILE_SIZE);
    assert_non_null(hdr(&r, "Content-Type", v, sizeof v));
    assert_string_equal(v, "application/pdf");
    assert_non_null(hdr(&r, "Content-Disposition", v, sizeof v));
    assert_string_equal(v, "inline; filename=\"x.pdf\"");
    assert_non_null(hdr(&r, "Accept-Ranges", v, sizeof v));
    assert_string_equal(v, "bytes");
    assert_non_null(hdr(&r, "ETag", etag, sizeof etag));
    assert_int_equal(etag[0], '"');
    assert_non_null(hdr(&r, "Last-Modified", lastmod, sizeof lastmod));
    assert_true(http_date_parse(lastmod) > 0);
    assert_security_headers(&r);

    /* one range, an open range and a suffix range */
    struct {
        const char *range;
        size_t from, len;
    } ranges[] = {{"Range: bytes=10-19", 10, 10},
                  {"Range: bytes=199990-", 199990, 10},
                  {"Range: bytes=-7", FILE_SIZE - 7, 7},
                  {"Range: bytes=150000-999999999", 150000, FILE_SIZE - 150000}};
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        struct curl_slist *h = curl_slist_append(NULL, ranges[i].range);
        fetch(c, "/bestand", h, &r);
        curl_slist_free_all(h);
        assert_int_equal(r.status, 206);
        assert_pattern(&r.body, ranges[i].from, ranges[i].len);
        char want[96];
        snprintf(want, sizeof want, "bytes %zu-%zu/%d", ranges[i].from,
                 ranges[i].from + ranges[i].len - 1, FILE_SIZE);
        assert_non_null(hdr(&r, "Content-Range", v, sizeof v));
        assert_string_equal(v, want);
        assert_non_null(hdr(&r, "ETag", v, sizeof v));
        assert_string_equal(v, etag);
    }
    /* a range past the end: 416 with the size */
    struct curl_slist *h = curl_slist_append(NULL, "Range: bytes=200000-");
    fetch(c, "/bestand", h, &r);
    curl_slist_free_all(h);
    assert_int_equal(r.status, 416);
    assert_non_null(hdr(&r, "Content-Range", v, sizeof v));
    assert_string_equal(v, "bytes */200000");
    /* several ranges: the whole file (allowed by RFC 9110) */
    h = curl_slist_append(NULL, "Range: bytes=0-1,5-6");
    fetch(c, "/bestand", h, &r);
    curl_slist_free_all(h);
    assert_int_equal(r.status, 200);
    assert_pattern(&r.body, 0, FILE_SIZE);

    /* If-Range with an old validator: the whole file; with the current one: the range */
    h = curl_slist_append(NULL, "Range: bytes=0-3");
    h = curl_slist_append(h, "If-Range: \"0000000000000000\"");
    fetch(c, "/bestand", h, &r);
    curl_slist_free_all(h);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body.len, FILE_SIZE);
    char line[128];
    snprintf(line, sizeof line, "If-Range: %s", etag);
    h = curl_slist_append(NULL, "Range: bytes=0-3");
    h = curl_slist_append(h, line);
    fetch(c, "/bestand", h, &r);
    curl_slist_free_all(h);
    assert_int_equal(r.status, 206);
    assert_pattern(&r.body, 0, 4);

    /* 304 on the ETag and on Last-Modified; not on an older date */
    snprintf(line, sizeof line, "If-None-Match: %s", etag);
    h = curl_slist_append(NULL, line);
    fetch(c, "/bestand", h, &r);
    curl_slist_free_all(h);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.body.len, 0);
    snprintf(line, sizeof line, "If-Modified-Since: %s", lastmod);
    h = curl_slist_append(NULL, line);
    fetch(c, "/bestand", h, &r);
    curl_slist_free_all(h);
    assert_int_equal(r.status, 304);
    h = curl_slist_append(NULL, "If-Modified-Since: Thu, 01 Jan 1970 00:00:01 GMT");
    fetch(c, "/bestand", h, &r);
    curl_slist_free_all(h);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body.len, FILE_SIZE);

    /* HEAD: the length, no body */
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    fetch(c, "/bestand", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body.len, 0);
    assert_non_null(hdr(&r, "Content-Length", v, sizeof v));
    assert_int_equal(strtoul(v, NULL, 10), FILE_SIZE);
    curl_easy_setopt(c, CURLOPT_NOBODY, 0L);
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);

    /* a missing file or a directory: the handler's 404; a failing handler: no file sent */
    fetch(c, "/geen-bestand", NULL, &r);
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(buf_cstr(&r.body), "Niet gevonden"));
    fetch(c, "/bestand-stuk", NULL, &r);
    assert_int_equal(r.status, 500);
    assert_true(r.body.len < 2000);
    reply_free(&r);
    curl_easy_cleanup(c);
}

static void test_range_and_dates(void **state)
{
    uint64_t a = 1, b = 1;
    assert_int_equal(http_range_parse("", 100, &a, &b), 0);
    assert_int_equal(http_range_parse("items=0-1", 100, &a, &b), 0);
    assert_int_equal(http_range_parse("bytes=5-2", 100, &a, &b), 0);
    assert_int_equal(http_range_parse("bytes=0-1,3-4", 100, &a, &b), 0);
    assert_int_equal(http_range_parse("bytes=x-", 100, &a, &b), 0);
    assert_int_equal(http_range_parse("bytes=99999999999999999999-", 100, &a, &b), 0);
    assert_int_equal(http_range_parse("bytes=0-0", 100, &a, &b), 1);
    assert_true(a == 0 && b == 0);
    assert_int_equal(http_range_parse("bytes = 90-", 100, &a, &b), 1);
    assert_true(a == 90 && b == 99);
    assert_int_equal(http_range_parse("bytes=-500", 100, &a, &b), 1);
    assert_true(a == 0 && b == 99);
    assert_int_equal(http_range_parse("bytes=100-", 100, &a, &b), -1);
    assert_int_equal(http_range_parse("bytes=-0", 100, &a, &b), -1);
    assert_int_equal(http_range_parse("bytes=0-", 0, &a, &b), -1);

    char d[30];
    http_date_format(784111777, d);
    assert_string_equal(d, "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_int_equal(http_date_parse(d), 784111777);
    http_date_format(1709251200, d); /* a leap day */
    assert_string_equal(d, "Fri, 01 Mar 2024 00:00:00 GMT");
    assert_int_equal(http_date_parse("Thu, 29 Feb 2024 23:59:59 GMT"), 1709251199);
    assert_int_equal(http_date_parse("Thu, 30 Feb 2024 00:00:00 GMT"), -1);
    assert_int_equal(http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT"), -1);
    assert_int_equal(http_date_parse("Sun, 06 Nov 1994 08:49:37 UTC"), -1);
    assert_int_equal(http_date_parse("Sun, 06 Xyz 1994 08:49:37 GMT"), -1);
}

/* Behind a trusted reverse proxy the client is the rightmost X-Forwarded-For entry that is
 * not a trusted proxy; from anyone else the header is ignored. */
static void test_forwarded_for(void **state)
{
    struct http_config cfg = {0};
    cfg.threads = 1;
    cfg.trusted_proxies = "10.9.9.9, 127.0.0.1";
    char err[256];
    struct http_server *proxied = http_start(&cfg, route_handler, &router, err, sizeof err);
    assert_non_null(proxied);
    char saved[64];
    snprintf(saved, sizeof saved, "%s", base);
    static const char *const cases[][2] = {
        {"X-Forwarded-For: 203.0.113.7", "203.0.113.7"},
        {"X-Forwarded-For: 198.51.100.1, 203.0.113.7", "203.0.113.7"}, /* the client wrote the first */
        {"X-Forwarded-For: 203.0.113.7, 10.9.9.9", "203.0.113.7"},      /* two proxies */
        {"X-Forwarded-For: 2001:db8::1", "2001:db8::1"},
        {"X-Forwarded-For: <script>", "127.0.0.1"},                        /* not an address */
        {"X-Forwarded-For: 203.0.113.7 , nonsense", "127.0.0.1"},
        {"X-Other: 1", "127.0.0.1"},
    };
    CURL *c = client();
    struct reply r = {0};
    for (int pass = 0; pass < 2; pass++) {
        snprintf(base, sizeof base, "http://127.0.0.1:%u",
                 (unsigned)http_port(pass == 0 ? proxied : server));
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            struct curl_slist *h = curl_slist_append(NULL, cases[i][0]);
            fetch(c, "/client", h, &r);
            curl_slist_free_all(h);
            assert_int_equal(r.status, 200);
            /* the server without trusted proxies always sees the peer */
            const char *want = pass == 0 ? cases[i][1] : "127.0.0.1";
            if (strcmp(buf_cstr(&r.body), want) != 0)
                fail_msg("%s: client %s, want %s", cases[i][0], buf_cstr(&r.body), want);
        }
    }
    snprintf(base, sizeof base, "%s", saved);
    reply_free(&r);
    curl_easy_cleanup(c);
    http_stop(proxied, 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keepalive),       cmocka_unit_test(test_etag_304),
        cmocka_unit_test(test_gzip),            cmocka_unit_test(test_limits),
        cmocka_unit_test(test_head),            cmocka_unit_test(test_errors_are_friendly),
        cmocka_unit_test(test_params_and_json), cmocka_unit_test(test_post),
        cmocka_unit_test(test_stats),           cmocka_unit_test(test_file),
        cmocka_unit_test(test_range_and_dates), cmocka_unit_test(test_forwarded_for),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
