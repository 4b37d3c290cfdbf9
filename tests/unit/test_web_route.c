/*
 * Tests of the router and of the request building blocks (path normalisation, query
 * decoding, Accept/Accept-Encoding/If-None-Match reading), all without a socket.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "web/hash.h"
#include "web/http.h"
#include "web/route.h"

static int h_doc(void *ctx, const struct http_request *rq, const struct route_args *a,
                 struct http_response *rs)
{
    return 1;
}
static int h_doc_versions(void *ctx, const struct http_request *rq, const struct route_args *a,
                          struct http_response *rs)
{
    return 2;
}
static int h_root(void *ctx, const struct http_request *rq, const struct route_args *a,
                  struct http_response *rs)
{
    return 3;
}
static int h_search_post(void *ctx, const struct http_request *rq, const struct route_args *a,
                         struct http_response *rs)
{
    return 4;
}

static const struct route table[] = {
    {HTTP_GET, "/", h_root},
    {HTTP_GET, "/document/:nummer", h_doc},
    {HTTP_GET, "/document/:nummer/versie/:v", h_doc_versions},
    {HTTP_POST, "/zoek", h_search_post},
};
#define NT (sizeof table / sizeof table[0])

static int match(enum http_method m, const char *path, const struct route **row,
                 struct route_args *a)
{
    return route_match(table, NT, m, path, row, a);
}

static void test_route_match(void **state)
{
    const struct route *row;
    struct route_args a;
    assert_int_equal(match(HTTP_GET, "/", &row, &a), 0);
    assert_ptr_equal(row->fn, h_root);
    assert_int_equal(match(HTTP_GET, "/document/2024D12345", &row, &a), 0);
    assert_ptr_equal(row->fn, h_doc);
    assert_string_equal(route_arg(&a, "nummer"), "2024D12345");
    assert_null(route_arg(&a, "num"));
    assert_null(route_arg(&a, "nummerx"));
    assert_int_equal(match(HTTP_HEAD, "/document/x/versie/3", &row, &a), 0);
    assert_ptr_equal(row->fn, h_doc_versions);
    assert_string_equal(route_arg(&a, "nummer"), "x");
    assert_string_equal(route_arg(&a, "v"), "3");
    assert_int_equal(match(HTTP_GET, "/document/é ü", &row, &a), 0);
    assert_string_equal(route_arg(&a, "nummer"), "é ü");
    assert_int_equal(match(HTTP_POST, "/zoek", &row, &a), 0);
}

static void test_route_reject(void **state)
{
    const struct route *row;
    struct route_args a;
    assert_int_equal(match(HTTP_GET, "/documenten", &row, &a), 404);
    assert_int_equal(match(HTTP_GET, "/document", &row, &a), 404);
    assert_int_equal(match(HTTP_GET, "/document/", &row, &a), 404);
    assert_int_equal(match(HTTP_GET, "/document/a/b", &row, &a), 404);
    assert_int_equal(match(HTTP_GET, "", &row, &a), 404);
    assert_int_equal(match(HTTP_GET, "document/x", &row, &a), 404);
    assert_int_equal(match(HTTP_GET, "/zoek", &row, &a), 405);
    assert_int_equal(match(HTTP_POST, "/document/x", &row, &a), 405);
    assert_int_equal(match(HTTP_GET, "/document/..", &row, &a), 400);
    assert_int_equal(match(HTTP_GET, "/document/.", &row, &a), 400);
    assert_int_equal(match(HTTP_GET, "/document/a\x01", &row, &a), 400);
    char longpath[300] = "/document/";
    memset(longpath + 10, 'x', ROUTE_MAX_SEGMENT + 1);
    assert_int_equal(match(HTTP_GET, longpath, &row, &a), 400);
    longpath[10 + ROUTE_MAX_SEGMENT] = '\0';
    assert_int_equal(match(HTTP_GET, longpath, &row, &a), 0);
    assert_int_equal(strlen(route_arg(&a, "nummer")), ROUTE_MAX_SEGMENT);
}

static int norm(const char *raw, char *out)
{
    return http_path_normalise(raw, out, 512);
}

static void test_path_normalise(void **state)
{
    char out[512];
    assert_int_equal(norm("/", out), 0);
    assert_string_equal(out, "/");
    assert_int_equal(norm("//a///b/", out), 0);
    assert_string_equal(out, "/a/b");
    assert_int_equal(norm("/a/./b/.", out), 0);
    assert_string_equal(out, "/a/b");
    assert_int_equal(norm("/document/2024D%31%32", out), 0);
    assert_string_equal(out, "/document/2024D12");
    assert_int_equal(norm("/%C3%A9+x", out), 0);
    assert_string_equal(out, "/é+x"); /* '+' is literal in a path */
    assert_int_equal(norm("/a/../etc/passwd", out), 400);
    assert_int_equal(norm("/a/%2e%2e/b", out), 400);
    assert_int_equal(norm("/a/%2E%2E", out), 400);
    assert_int_equal(norm("/a%00b", out), 400);
    assert_int_equal(norm("/a%0ab", out), 400);
    assert_int_equal(norm("/a%", out), 400);
    assert_int_equal(norm("/a%4", out), 400);
    assert_int_equal(norm("/a%zz", out), 400);
    assert_int_equal(norm("/a%C3", out), 400);
    assert_int_equal(norm("/a\x7f", out), 400);
    assert_int_equal(norm("a/b", out), 400);
    assert_int_equal(http_path_normalise("/abc", out, 4), 400); /* too small a buffer */
}

static void test_query_parse(void **state)
{
    char store[512];
    struct http_param p[HTTP_MAX_PARAMS];
    size_t n;
    const char *q = "q=kamer+vragen%21&&x&format=json&e=&q=2&=skip&u=%E2%82%AC";
    assert_int_equal(http_query_parse(q, strlen(q), store, sizeof store, p, &n), 0);
    assert_int_equal(n, 6);
    assert_string_equal(p[0].name, "q");
    assert_string_equal(p[0].value, "kamer vragen!");
    assert_string_equal(p[1].name, "x");
    assert_string_equal(p[1].value, "");
    assert_string_equal(p[2].value, "json");
    assert_string_equal(p[3].name, "e");
    assert_string_equal(p[4].value, "2");
    assert_string_equal(p[5].value, "€");

    struct http_request rq = {0};
    rq.params = p;
    rq.nparams = n;
    assert_string_equal(http_param(&rq, "q"), "kamer vragen!");
    assert_null(http_param(&rq, "nope"));

    const char *bad[] = {"a=%00", "a=%", "a=%g1", "a=%C3", "%FF=1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(http_query_parse(bad[i], strlen(bad[i]), store, sizeof store, p, &n), 400);

    char many[1024] = "";
    for (int i = 0; i <= HTTP_MAX_PARAMS; i++)
        strcat(many, "a=1&");
    assert_int_equal(http_query_parse(many, strlen(many), store, sizeof store, p, &n), 400);
    many[strlen(many) - 4] = '\0'; /* exactly the maximum */
    assert_int_equal(http_query_parse(many, strlen(many), store, sizeof store, p, &n), 0);
    assert_int_equal(n, HTTP_MAX_PARAMS);
}

static void test_headers(void **state)
{
    assert_true(http_accepts_gzip("gzip, deflate, br"));
    assert_true(http_accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    assert_true(http_accepts_gzip("*"));
    assert_false(http_accepts_gzip(""));
    assert_false(http_accepts_gzip("identity"));
    assert_false(http_accepts_gzip("gzip;q=0"));
    assert_false(http_accepts_gzip("gzip;q=0.000, *"));
    assert_false(http_accepts_gzip("*;q=0"));
    assert_false(http_accepts_gzip("gzipx"));

    assert_true(http_prefers_json("application/json"));
    assert_true(http_prefers_json("application/json, text/html;q=0.5"));
    assert_false(http_prefers_json("text/html,application/xhtml+xml,application/json;q=0.9"));
    assert_false(http_prefers_json("*/*"));
    assert_false(http_prefers_json(""));

    uint64_t h = hash64("body", 4);
    char tag[24], gz[24];
    http_etag_format(h, false, tag);
    http_etag_format(h, true, gz);
    assert_int_equal(strlen(tag), 18);
    assert_int_equal(strlen(gz), 21);
    assert_true(http_etag_matches(tag, h));
    assert_true(http_etag_matches(gz, h));
    char list[80];
    snprintf(list, sizeof list, "\"0000000000000000\", W/%s", tag);
    assert_true(http_etag_matches(list, h));
    assert_true(http_etag_matches("*", h));
    assert_false(http_etag_matches("\"0000000000000000\"", h));
    assert_false(http_etag_matches("", h));
    assert_false(http_etag_matches("\"", h));
    assert_false(http_etag_matches("garbage, \"abc", h));
    assert_true(hash64("body", 4) != hash64("bodz", 4));
    assert_true(hash64("", 0) != hash64("\0", 1));
}

static void test_add_header(void **state)
{
    struct http_response rs;
    memset(&rs, 0, sizeof rs);
    assert_int_equal(http_add_header(&rs, "Location", "/document/x"), 0);
    assert_int_equal(http_add_header(&rs, "X-Bad", "a\r\nSet-Cookie: x=1"), -1);
    assert_int_equal(http_add_header(&rs, "Bad Name", "x"), -1);
    assert_int_equal(http_add_header(&rs, "content-security-policy", "none"), -1);
    assert_int_equal(http_add_header(&rs, "", "x"), -1);
    buf_free(&rs.headers);

    struct http_response err;
    memset(&err, 0, sizeof err);
    http_error_page(&err, 404, false);
    assert_int_equal(err.status, 404);
    assert_non_null(strstr(buf_cstr(&err.body), "Niet gevonden"));
    assert_non_null(strstr(buf_cstr(&err.body), "<html lang=\"nl\">"));
    http_error_page(&err, 500, true);
    assert_string_equal(err.content_type, HTTP_CT_JSON);
    assert_non_null(strstr(buf_cstr(&err.body), "\"status\":500"));
    buf_free(&err.body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_match),  cmocka_unit_test(test_route_reject),
        cmocka_unit_test(test_path_normalise), cmocka_unit_test(test_query_parse),
        cmocka_unit_test(test_headers),      cmocka_unit_test(test_add_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
