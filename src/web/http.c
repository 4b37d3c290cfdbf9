/*
 * http — the libmicrohttpd side of the core: daemon start/stop, request assembly with limits,
 * and the common finishing of every response (security headers, cache policy, ETag/304,
 * gzip). See http.h for the promises.
 *
 * libmicrohttpd 0.9.75 calls the access handler at least twice per request. We only create
 * per-request state on the first call and answer on a later one: answering on the first
 * call makes libmicrohttpd close a keep-alive connection.
 */
#include "web/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "web/gz.h"
#include "web/hash.h"

struct http_server {
    struct MHD_Daemon *d;
    http_handler fn;
    void *ctx;
    http_error_fn error_page;
    int gzip_level;
    struct gz_cache *gz;
    uint16_t port;
    char trusted[512]; /* ",addr,addr," or "" */
    atomic_uint_fast64_t requests, s2xx, s3xx, s4xx, s5xx, not_modified, gz_hits, bytes_out,
        latency_sum;
    atomic_uint_fast64_t latency[HTTP_LATENCY_BUCKETS];
};

/* Per-request state, created on the first callback and freed when the request completes. */
struct req_state {
    struct timespec t0;
    struct buf body;   /* POST body as received */
    struct buf query;  /* raw query string, rebuilt from libmicrohttpd's arguments */
    struct buf store;  /* decoded path, parameters and form fields */
    struct http_param params[HTTP_MAX_PARAMS];
    struct http_param form[HTTP_MAX_PARAMS];
    bool answered;     /* a response was queued early (limit hit during upload) */
};

static const char *header(struct MHD_Connection *c, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    return v ? v : "";
}

/* ---- response finishing ---- */

static int compressible(const char *ct)
{
    return strncmp(ct, "text/", 5) == 0 || strstr(ct, "json") || strstr(ct, "xml") ||
           strstr(ct, "javascript");
}

static const char *cache_control(const struct http_response *rs, char *tmp, size_t tmplen)
{
    switch (rs->cache) {
    case HTTP_CACHE_NO_STORE: return "no-store";
    case HTTP_CACHE_PUBLIC:
        snprintf(tmp, tmplen, "public, max-age=%u", rs->max_age);
        return tmp;
    case HTTP_CACHE_IMMUTABLE: return "public, max-age=31536000, immutable";
    default: return "no-cache";
    }
}

static void count_status(struct http_server *s, int status, const struct timespec *t0)
{
    atomic_fetch_add(&s->requests, 1);
    if (status < 300)
        atomic_fetch_add(&s->s2xx, 1);
    else if (status < 400)
        atomic_fetch_add(&s->s3xx, 1);
    else if (status < 500)
        atomic_fetch_add(&s->s4xx, 1);
    else
        atomic_fetch_add(&s->s5xx, 1);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t us = (int64_t)(now.tv_sec - t0->tv_sec) * 1000000 + (now.tv_nsec - t0->tv_nsec) / 1000;
    if (us < 0)
        us = 0;
    atomic_fetch_add(&s->latency_sum, (uint64_t)us);
    /* Bucket i holds latencies <= 250 us * 2^i; the last one everything else. */
    int b = 0;
    while (b < HTTP_LATENCY_BUCKETS - 1 && us > (int64_t)250 << b)
        b++;
    atomic_fetch_add(&s->latency[b], 1);
}

struct answer_ctx {
    bool get_or_head;
    bool accept_gzip;
    const char *if_none_match;
    const char *if_modified_since, *range, *if_range; /* file answers only; NULL = absent */
};

/* The headers every answer carries, and the handler's extra ones. */
static void add_common_headers(struct MHD_Response *r, const struct http_response *rs,
                               int status)
{
    char tmp[64];
    if (status != 304)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
    MHD_add_response_header(r, "Content-Security-Policy", HTTP_CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache_control(rs, tmp, sizeof tmp));
    MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept, Accept-Encoding");
}

static void add_extra_headers(struct MHD_Response *r, const struct http_response *rs)
{
    for (size_t off = 0; off < rs->headers.len;) {
        const char *name = rs->headers.data + off;
        const char *value = name + strlen(name) + 1;
        MHD_add_response_header(r, name, value);
        off = (size_t)(value + strlen(value) + 1 - rs->headers.data);
    }
}

static void drop_file(struct http_response *rs)
{
    if (rs->has_file)
        close(rs->file_fd);
    rs->has_file = false;
}

/* A 200 file answer: streamed from the descriptor (libmicrohttpd uses sendfile where it
 * can), with validators, conditional 304 and single byte ranges (206/416). */
static enum MHD_Result send_file(struct http_server *s, struct MHD_Connection *c,
                                 const struct answer_ctx *a, struct http_response *rs,
                                 const struct timespec *t0)
{
    struct {
        uint64_t id, size;
        int64_t mtime;
    } key = {rs->file_id, rs->file_size, rs->file_mtime};
    uint64_t h = hash64(&key, sizeof key);
    char etag[24], lastmod[30], crange[80];
    http_etag_format(h, false, etag);
    http_date_format(rs->file_mtime, lastmod);
    int status = 200;
    uint64_t first = 0, last = rs->file_size ? rs->file_size - 1 : 0;
    crange[0] = '\0';
    if (a->get_or_head) {
        if (a->if_none_match && a->if_none_match[0]) {
            if (http_etag_matches(a->if_none_match, h))
                status = 304;
        } else if (a->if_modified_since && a->if_modified_since[0]) {
            int64_t since = http_date_parse(a->if_modified_since);
            if (since >= 0 && rs->file_mtime <= since)
                status = 304;
        }
        /* If-Range: the range only applies to the representation the client already has. */
        bool range_ok = !(a->if_range && a->if_range[0]) || !strcmp(a->if_range, etag) ||
                        !strcmp(a->if_range, lastmod);
        if (status == 200 && range_ok && a->range && a->range[0]) {
            int rr = http_range_parse(a->range, rs->file_size, &first, &last);
            if (rr > 0) {
                status = 206;
                snprintf(crange, sizeof crange, "bytes %llu-%llu/%llu",
                         (unsigned long long)first, (unsigned long long)last,
                         (unsigned long long)rs->file_size);
            } else if (rr < 0) {
                status = 416;
                snprintf(crange, sizeof crange, "bytes */%llu",
                         (unsigned long long)rs->file_size);
            }
        }
    }
    if (status == 304)
        atomic_fetch_add(&s->not_modified, 1);

    struct MHD_Response *r;
    uint64_t len = status == 200 || status == 206 ? last - first + 1 : 0;
    if (len == 0 || rs->file_size == 0) {
        drop_file(rs);
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    } else {
        r = MHD_create_response_from_fd_at_offset64(len, rs->file_fd, first);
        if (r) { /* the response owns the descriptor now */
            rs->has_file = false;
            atomic_fetch_add(&s->bytes_out, len);
        } else {
            drop_file(rs);
        }
    }
    if (!r)
        return MHD_NO;
    add_common_headers(r, rs, status);
    if (status != 416) {
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
        MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, lastmod);
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
    if (crange[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, crange);
    if (status != 416)
        add_extra_headers(r, rs);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    count_status(s, status, t0);
    return ok;
}

static enum MHD_Result send_answer(struct http_server *s, struct MHD_Connection *c,
                                   const struct answer_ctx *a, struct http_response *rs,
                                   const struct timespec *t0)
{
    if (rs->has_file && rs->status == 200)
        return send_file(s, c, a, rs, t0);
    drop_file(rs);
    int status = rs->status;
    bool etag = status == 200 && a->get_or_head;
    bool gzip = a->accept_gzip && rs->body.len > HTTP_GZIP_MIN && compressible(rs->content_type);
    uint64_t h = 0;
    char etag_value[24];
    struct buf out = BUF_INIT;

    if (etag) {
        h = hash64(rs->body.data ? rs->body.data : "", rs->body.len);
        if (a->if_none_match[0] && http_etag_matches(a->if_none_match, h)) {
            status = 304;
            atomic_fetch_add(&s->not_modified, 1);
        }
    }
    if (status != 304 && gzip) {
        int cached = etag && s->gz && gz_cache_get(s->gz, h, rs->body.len, &out);
        if (cached) {
            atomic_fetch_add(&s->gz_hits, 1);
        } else if (gz_compress(rs->body.data, rs->body.len, &out, s->gzip_level) == 0 &&
                   out.len < rs->body.len) {
            if (etag && s->gz)
                gz_cache_put(s->gz, h, rs->body.len, out.data, out.len);
        } else {
            buf_free(&out);
            gzip = false;
        }
    }
    if (status != 304 && !gzip)
        out = rs->body, buf_init(&rs->body); /* hand the body over without copying */

    struct MHD_Response *r;
    if (status == 304 || out.len == 0) {
        buf_free(&out);
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    } else {
        size_t len;
        char *data = buf_detach(&out, &len);
        r = MHD_create_response_from_buffer_with_free_callback(len, data, free);
        if (!r)
            free(data);
        else
            atomic_fetch_add(&s->bytes_out, len);
    }
    if (!r)
        return MHD_NO;

    add_common_headers(r, rs, status);
    if (etag) {
        http_etag_format(h, gzip, etag_value);
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag_value);
    }
    if (gzip && status != 304)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    add_extra_headers(r, rs);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    count_status(s, status, t0);
    return ok;
}

static void response_init(struct http_response *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->status = 200;
    rs->content_type = HTTP_CT_HTML;
    rs->cache = HTTP_CACHE_REVALIDATE;
}

static void response_free(struct http_response *rs)
{
    http_response_release(rs);
}

static void render_error(struct http_server *s, struct http_response *rs, int status,
                         bool want_json)
{
    buf_reset(&rs->body);
    buf_reset(&rs->headers);
    drop_file(rs);
    rs->content_type = HTTP_CT_HTML;
    if (s->error_page)
        s->error_page(s->ctx, status, want_json, rs);
    else
        http_error_page(rs, status, want_json);
    rs->status = status;
    rs->cache = HTTP_CACHE_NO_STORE;
    if (status == 405)
        http_add_header(rs, "Allow", "GET, HEAD, POST");
}

/* An error answered without running the handler (limits, bad input). */
static enum MHD_Result answer_error(struct http_server *s, struct MHD_Connection *c,
                                    struct req_state *st, int status)
{
    struct http_response rs;
    response_init(&rs);
    const char *accept = header(c, MHD_HTTP_HEADER_ACCEPT);
    struct answer_ctx a = {false, http_accepts_gzip(header(c, MHD_HTTP_HEADER_ACCEPT_ENCODING)), "",
                           NULL, NULL, NULL};
    render_error(s, &rs, status, http_prefers_json(accept));
    enum MHD_Result ok = send_answer(s, c, &a, &rs, &st->t0);
    response_free(&rs);
    return ok;
}

/* ---- request assembly ---- */

static enum MHD_Result add_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                       size_t key_size, const char *value, size_t value_size)
{
    *(size_t *)cls += key_size + value_size + 4; /* ": " and CRLF */
    return MHD_YES;
}

static enum MHD_Result add_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                     size_t key_size, const char *value, size_t value_size)
{
    struct buf *q = cls;
    if (q->len > HTTP_MAX_QUERY)
        return MHD_NO; /* already over the limit: stop collecting */
    if (q->len)
        buf_addc(q, '&');
    buf_add(q, key, key_size);
    if (value) {
        buf_addc(q, '=');
        buf_add(q, value, value_size);
    }
    return MHD_YES;
}

static bool trusted_proxy(const struct http_server *s, const char *addr, size_t n)
{
    if (!s->trusted[0] || n == 0 || n > 45)
        return false;
    char key[48];
    snprintf(key, sizeof key, ",%.*s,", (int)n, addr);
    return strstr(s->trusted, key) != NULL;
}

/* Behind a trusted reverse proxy: the client is the rightmost X-Forwarded-For entry that is
 * not a trusted proxy itself (entries left of it could have been written by the client). */
static void forwarded_client(const struct http_server *s, struct MHD_Connection *c,
                             struct http_request *rq)
{
    if (!trusted_proxy(s, rq->client, strlen(rq->client)))
        return;
    const char *xff = header(c, "X-Forwarded-For");
    if (!xff)
        return;
    size_t end = strlen(xff);
    while (end > 0) {
        size_t b = end;
        while (b > 0 && xff[b - 1] != ',')
            b--;
        size_t from = b, to = end;
        while (from < to && (xff[from] == ' ' || xff[from] == '\t'))
            from++;
        while (to > from && (xff[to - 1] == ' ' || xff[to - 1] == '\t'))
            to--;
        if (!trusted_proxy(s, xff + from, to - from)) {
            char addr[48];
            unsigned char bin[16];
            if (to - from < sizeof addr) {
                memcpy(addr, xff + from, to - from);
                addr[to - from] = '\0';
                if (inet_pton(AF_INET, addr, bin) == 1 || inet_pton(AF_INET6, addr, bin) == 1)
                    snprintf(rq->client, sizeof rq->client, "%s", addr);
            }
            return; /* not an address: keep the proxy's */
        }
        end = b > 0 ? b - 1 : 0;
    }
}

/* Fills rq from the connection; returns 0 or the error status to answer with. */
static int build_request(const struct http_server *s, struct MHD_Connection *c,
                         const char *url, const char *method, struct req_state *st,
                         struct http_request *rq)
{
    memset(rq, 0, sizeof *rq);
    rq->accept = header(c, MHD_HTTP_HEADER_ACCEPT);
    rq->accept_encoding = header(c, MHD_HTTP_HEADER_ACCEPT_ENCODING);
    rq->if_none_match = header(c, MHD_HTTP_HEADER_IF_NONE_MATCH);
    rq->if_modified_since = header(c, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
    rq->range = header(c, MHD_HTTP_HEADER_RANGE);
    rq->if_range = header(c, MHD_HTTP_HEADER_IF_RANGE);
    rq->content_type = header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
    rq->cookie = header(c, MHD_HTTP_HEADER_COOKIE);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                      rq->client, sizeof rq->client);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                      rq->client, sizeof rq->client);
    }
    forwarded_client(s, c, rq);
    rq->accept_gzip = http_accepts_gzip(rq->accept_encoding);
    rq->want_json = http_prefers_json(rq->accept);
    rq->path = "/";
    rq->body = "";

    if (strcmp(method, "GET") == 0)
        rq->method = HTTP_GET;
    else if (strcmp(method, "HEAD") == 0)
        rq->method = HTTP_HEAD;
    else if (strcmp(method, "POST") == 0)
        rq->method = HTTP_POST;
    else
        rq->method = HTTP_OTHER;

    size_t header_bytes = 0;
    MHD_get_connection_values_n(c, MHD_HEADER_KIND, add_header_size, &header_bytes);
    if (header_bytes > HTTP_MAX_HEADER_BYTES)
        return 431;

    size_t path_len = strlen(url);
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, add_query_arg, &st->query);
    if (st->query.len > HTTP_MAX_QUERY || path_len + 1 + st->query.len > HTTP_MAX_URL)
        return 414;
    if (rq->method == HTTP_OTHER)
        return 405;

    size_t need = (path_len + 2) + (st->query.len + 2 * HTTP_MAX_PARAMS + 1) +
                  (st->body.len + 2 * HTTP_MAX_PARAMS + 1);
    buf_grow(&st->store, need);
    char *path = st->store.data;
    int rc = http_path_normalise(url, path, path_len + 2);
    if (rc)
        return rc;
    rq->path = path;
    char *qstore = path + path_len + 2;
    size_t qcap = st->query.len + 2 * HTTP_MAX_PARAMS + 1;
    rc = http_query_parse(st->query.data ? st->query.data : "", st->query.len, qstore, qcap,
                          st->params, &rq->nparams);
    if (rc)
        return rc;
    rq->params = st->params;
    const char *format = http_param(rq, "format");
    if (format)
        rq->want_json = strcmp(format, "json") == 0;

    if (rq->method == HTTP_POST && st->body.len) {
        rq->body = st->body.data;
        rq->body_len = st->body.len;
        if (strncasecmp(rq->content_type, "application/x-www-form-urlencoded", 33) == 0) {
            rc = http_query_parse(st->body.data, st->body.len, qstore + qcap,
                                  st->body.len + 2 * HTTP_MAX_PARAMS + 1, st->form, &rq->nform);
            if (rc)
                return rc;
            rq->form = st->form;
        }
    }
    return 0;
}

static enum MHD_Result serve(struct http_server *s, struct MHD_Connection *c, const char *url,
                             const char *method, struct req_state *st)
{
    struct http_request rq;
    struct http_response rs;
    response_init(&rs);
    int status = build_request(s, c, url, method, st, &rq);
    if (status == 0) {
        int rc = s->fn(s->ctx, &rq, &rs);
        if (rc != 0)
            status = rc >= 400 && rc <= 599 ? rc : 500;
        else if (rs.status < 200 || rs.status > 599 || !rs.content_type ||
                 strpbrk(rs.content_type, "\r\n"))
            status = 500;
    }
    if (status)
        render_error(s, &rs, status, rq.want_json);
    struct answer_ctx a = {rq.method == HTTP_GET || rq.method == HTTP_HEAD, rq.accept_gzip,
                           rq.if_none_match, rq.if_modified_since, rq.range, rq.if_range};
    enum MHD_Result ok = send_answer(s, c, &a, &rs, &st->t0);
    response_free(&rs);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    struct http_server *s = cls;
    struct req_state *st = *req_cls;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &st->t0);
        *req_cls = st;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > HTTP_MAX_BODY) {
            /* Refuse before reading the body; libmicrohttpd then closes the connection. */
            st->answered = true;
            return answer_error(s, c, st, 413);
        }
        return MHD_YES;
    }
    if (st->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (st->body.len + *upload_data_size > HTTP_MAX_BODY) {
            *upload_data_size = 0;
            st->answered = true;
            return answer_error(s, c, st, 413);
        }
        buf_add(&st->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    return serve(s, c, url, method, st);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct req_state *st = *req_cls;
    if (!st)
        return;
    buf_free(&st->body);
    buf_free(&st->query);
    buf_free(&st->store);
    free(st);
    *req_cls = NULL;
}

/* Keeps the URL and arguments exactly as received: http_req.c decodes them itself, with
 * stricter rules than libmicrohttpd's own unescaping. */
static size_t keep_raw(void *cls, struct MHD_Connection *c, char *s)
{
    return strlen(s);
}

/* ---- lifecycle ---- */

struct http_server *http_start(const struct http_config *cfg, http_handler fn, void *ctx,
                               char *err, size_t errlen)
{
    const char *address = cfg->address ? cfg->address : "127.0.0.1";
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(cfg->port);
    if (inet_pton(AF_INET, address, &sa.sin_addr) != 1) {
        snprintf(err, errlen, "not an IPv4 address: %s", address);
        return NULL;
    }
    struct http_server *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->fn = fn;
    s->ctx = ctx;
    s->error_page = cfg->error_page;
    if (cfg->trusted_proxies && *cfg->trusted_proxies) {
        /* ",a,b," so that a look-up is one strstr of ",addr," */
        size_t n = 0;
        s->trusted[n++] = ',';
        for (const char *p = cfg->trusted_proxies; *p && n + 2 < sizeof s->trusted; p++) {
            if (*p == ',' || *p == ' ' || *p == '\t') {
                if (s->trusted[n - 1] != ',')
                    s->trusted[n++] = ',';
            } else {
                s->trusted[n++] = *p;
            }
        }
        if (s->trusted[n - 1] != ',')
            s->trusted[n++] = ',';
        s->trusted[n] = '\0';
        if (n == 1)
            s->trusted[0] = '\0';
    }
    s->gzip_level = cfg->gzip_level > 0 ? cfg->gzip_level : 1;
    s->gz = gz_cache_new(cfg->gzip_cache ? cfg->gzip_cache : 16u << 20);

    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cfg->threads ? cfg->threads : (cpus > 0 ? (unsigned)cpus : 1);
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC;
    errno = 0;
    s->d = MHD_start_daemon(
        flags, cfg->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(threads > 1 ? threads : 0),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(cfg->timeout_s ? cfg->timeout_s : 30),
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(cfg->max_conns ? cfg->max_conns : 1024),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_UNESCAPE_CALLBACK, keep_raw,
        NULL, MHD_OPTION_END);
    if (!s->d) {
        snprintf(err, errlen, "cannot listen on %s:%u: %s", address, (unsigned)cfg->port,
                 errno ? strerror(errno) : "libmicrohttpd refused to start");
        gz_cache_free(s->gz);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : cfg->port;
    return s;
}

uint16_t http_port(const struct http_server *s)
{
    return s->port;
}

void http_stop(struct http_server *s, unsigned grace_ms)
{
    if (!s)
        return;
    MHD_socket fd = MHD_quiesce_daemon(s->d);
    for (unsigned waited = 0; waited < grace_ms; waited += 10) {
        const union MHD_DaemonInfo *info =
            MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!info || info->num_connections == 0)
            break;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    gz_cache_free(s->gz);
    free(s);
}

void http_get_stats(const struct http_server *s, struct http_stats *out)
{
    struct http_server *m = (struct http_server *)s; /* atomics are read-only here */
    memset(out, 0, sizeof *out);
    out->requests = atomic_load(&m->requests);
    out->status_2xx = atomic_load(&m->s2xx);
    out->status_3xx = atomic_load(&m->s3xx);
    out->status_4xx = atomic_load(&m->s4xx);
    out->status_5xx = atomic_load(&m->s5xx);
    out->not_modified = atomic_load(&m->not_modified);
    out->gzip_cache_hits = atomic_load(&m->gz_hits);
    out->bytes_out = atomic_load(&m->bytes_out);
    out->latency_us_sum = atomic_load(&m->latency_sum);
    uint64_t cum = 0;
    for (int i = 0; i < HTTP_LATENCY_BUCKETS; i++) {
        cum += atomic_load(&m->latency[i]);
        out->latency[i] = cum;
    }
}
