/*
 * http — libcurl GET streaming into a sink; see http.h.
 */
#include "feed/http.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define ERROR_BODY_KEEP 300 /* bytes of a non-200 body kept for the message */

struct feed_http {
    CURL *curl;
    struct feed_http_opts o;
};

struct transfer {
    CURL *curl;
    feed_sink sink;
    void *ctx;
    long status;
    bool aborted;
    struct buf errbody;
};

void feed_http_global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct feed_http *feed_http_new(const struct feed_http_opts *o)
{
    struct feed_http *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->o = *o;
    if (!h->o.connect_timeout_s)
        h->o.connect_timeout_s = 10;
    if (!h->o.read_timeout_s)
        h->o.read_timeout_s = 60;
    h->curl = curl_easy_init();
    if (!h->curl) {
        free(h);
        return NULL;
    }
    return h;
}

void feed_http_free(struct feed_http *h)
{
    if (!h)
        return;
    curl_easy_cleanup(h->curl);
    free(h);
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *userdata)
{
    struct transfer *t = userdata;
    size_t n = size * nmemb;
    if (t->status == 0)
        curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &t->status);
    if (t->status != 200) {
        if (t->errbody.len < ERROR_BODY_KEEP)
            buf_add(&t->errbody, p,
                    n < ERROR_BODY_KEEP - t->errbody.len ? n : ERROR_BODY_KEEP - t->errbody.len);
        return n;
    }
    if (t->sink(t->ctx, p, n) != 0) {
        t->aborted = true;
        return 0;
    }
    return n;
}

/* One line of the error body, for the message: tags stripped, spaces squeezed. */
static void describe_body(const struct buf *b, char *out, size_t outlen)
{
    size_t o = 0;
    bool tag = false, space = false;
    for (size_t i = 0; i < b->len && o + 1 < outlen; i++) {
        char c = b->data[i];
        if (c == '<') {
            tag = true;
            continue;
        }
        if (c == '>') {
            tag = false;
            space = true;
            continue;
        }
        if (tag)
            continue;
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = true;
            continue;
        }
        if ((unsigned char)c < 0x20)
            continue;
        if (space && o > 0 && o + 2 < outlen)
            out[o++] = ' ';
        space = false;
        out[o++] = c;
    }
    out[o] = '\0';
}

enum feed_http_result feed_http_get(struct feed_http *h, const char *url, feed_sink sink,
                                    void *ctx, long *status, char *err, size_t errlen)
{
    struct transfer t = {.curl = h->curl, .sink = sink, .ctx = ctx};
    buf_init(&t.errbody);
    CURL *c = h->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_USERAGENT, h->o.user_agent);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->o.connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, h->o.read_timeout_s);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    CURLcode rc = curl_easy_perform(c);
    if (t.status == 0)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &t.status);
    *status = t.status;
    enum feed_http_result res = FEED_HTTP_OK;
    if (t.aborted) {
        snprintf(err, errlen, "transfer aborted while processing the page");
        res = FEED_HTTP_ABORTED;
    } else if (rc != CURLE_OK) {
        snprintf(err, errlen, "%s", curl_easy_strerror(rc));
        res = FEED_HTTP_TRANSPORT;
    } else if (t.status != 200) {
        char body[160];
        describe_body(&t.errbody, body, sizeof body);
        snprintf(err, errlen, "HTTP %ld%s%s", t.status, body[0] ? ": " : "", body);
        res = FEED_HTTP_STATUS;
    }
    buf_free(&t.errbody);
    return res;
}
