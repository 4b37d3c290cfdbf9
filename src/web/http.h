/*
 * http — the HTTP core of the website: a libmicrohttpd server wrapper that turns each request
 * into a validated struct http_request, hands it to one handler, and finishes the handler's
 * struct http_response the same way for every page.
 *
 * What the core promises, so page handlers never have to:
 *  - Limits (the HTTP_MAX_* constants below) are enforced before the handler runs; a request
 *    over a limit gets 414, 413, 431 or 400 with a friendly Dutch page (or JSON error object
 *    when the client asked for JSON). Error pages never contain internal details.
 *  - The path the handler sees is percent-decoded, valid UTF-8, free of control characters,
 *    with "//" collapsed, "." segments removed and no trailing slash (except "/"); a ".."
 *    segment, an encoded NUL or a malformed escape is refused with 400 before any handler.
 *  - Query and urlencoded form parameters are decoded ('+' is a space), valid UTF-8, without
 *    NUL, at most HTTP_MAX_PARAMS of each.
 *  - Every response carries the security headers (strict Content-Security-Policy,
 *    X-Content-Type-Options, Referrer-Policy, X-Frame-Options), a Cache-Control line, and
 *    Vary: Accept, Accept-Encoding. A 200 answer to GET/HEAD gets a strong ETag computed
 *    from the body and a 304 when If-None-Match matches. Bodies over HTTP_GZIP_MIN bytes of
 *    a textual type are gzip-encoded when the client accepts gzip. HEAD gets GET's headers
 *    without a body. Keep-alive works (responses are queued on the second callback).
 *  - Only GET, HEAD and POST reach the handler; other methods get 405.
 *
 * Threads: the handler runs on several threads at once (a pool of cfg.threads), so it must
 * be re-entrant; the core holds no lock while it runs.
 */
#ifndef KW_WEB_HTTP_H
#define KW_WEB_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Limits, each refused with the status named beside it. */
#define HTTP_MAX_URL 2048          /* path + '?' + query, raw: 414 */
#define HTTP_MAX_QUERY 4096        /* raw query string: 414 (also capped by HTTP_MAX_URL) */
#define HTTP_MAX_HEADER_BYTES 8192 /* all request header lines together: 431 */
#define HTTP_MAX_BODY (64 * 1024)  /* POST body: 413 */
#define HTTP_MAX_PARAMS 64         /* query or form parameters: 400 */
/* Memory libmicrohttpd may use per connection for the request line and headers; a request
 * that does not fit is answered by libmicrohttpd itself (414/431 without our page). */
#define HTTP_CONN_MEMORY (32 * 1024)
#define HTTP_GZIP_MIN 1024         /* bodies up to this size are sent uncompressed */

#define HTTP_CSP                                                                             \
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "      \
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

/* Content types for http_response.content_type (static strings). */
#define HTTP_CT_HTML "text/html; charset=utf-8"
#define HTTP_CT_JSON "application/json"
#define HTTP_CT_ATOM "application/atom+xml; charset=utf-8"
#define HTTP_CT_ICAL "text/calendar; charset=utf-8"
#define HTTP_CT_TEXT "text/plain; charset=utf-8"
#define HTTP_CT_PROMETHEUS "text/plain; version=0.0.4; charset=utf-8"
#define HTTP_CT_CSS "text/css; charset=utf-8"
#define HTTP_CT_JS "text/javascript; charset=utf-8"
#define HTTP_CT_SVG "image/svg+xml"

enum http_method { HTTP_GET = 1, HTTP_HEAD, HTTP_POST, HTTP_OTHER };

struct http_param {
    const char *name;
    const char *value; /* "" for a bare "name" without '=' */
};

/* One request as the handler sees it. Everything it points to lives until the response has
 * been sent; the handler must not keep pointers beyond its return. Header strings are ""
 * when the header was absent. */
struct http_request {
    enum http_method method;
    const char *path;
    const struct http_param *params;
    size_t nparams;
    const struct http_param *form; /* application/x-www-form-urlencoded POST body */
    size_t nform;
    const char *body;               /* raw POST body (NUL-terminated), "" otherwise */
    size_t body_len;
    const char *accept;
    const char *accept_encoding;
    const char *if_none_match;
    const char *if_modified_since;
    const char *range;    /* the Range header, used by the core for file answers */
    const char *if_range;
    const char *content_type;
    const char *cookie;  /* the Cookie header */
    /* The peer's address as text, for in-memory rate limits only: it is never to be stored
     * or logged (privacy statement). "" when unknown. */
    char client[48];
    bool want_json;   /* ?format=json, or Accept prefers application/json over text/html */
    bool accept_gzip;
};

/* First value of a query parameter, or NULL. */
const char *http_param(const struct http_request *rq, const char *name);
/* First value of a form field, or NULL. */
const char *http_form(const struct http_request *rq, const char *name);

enum http_cache {
    HTTP_CACHE_REVALIDATE = 0, /* default: "no-cache" (may store, must ask again; ETag/304) */
    HTTP_CACHE_NO_STORE,       /* private or per-user answers */
    HTTP_CACHE_PUBLIC,         /* "public, max-age=<max_age>" */
    HTTP_CACHE_IMMUTABLE,      /* versioned static files: one year, immutable */
};

/* What the handler fills. The core initialises it (status 200, HTML, REVALIDATE) before the
 * handler runs and owns and frees it afterwards. */
struct http_response {
    int status;
    const char *content_type; /* must point to static storage (one of HTTP_CT_*) */
    struct buf body;
    enum http_cache cache;
    unsigned max_age;         /* seconds, for HTTP_CACHE_PUBLIC */
    struct buf headers;       /* extra headers, see http_add_header() */
    /* A file answer (see http_response_file()): the body is streamed from file_fd instead
     * of taken from body. The response owns the descriptor. */
    bool has_file;
    int file_fd;
    uint64_t file_size;
    int64_t file_mtime;       /* seconds since the epoch */
    uint64_t file_id;         /* device and inode, for the ETag */
};

/* Makes rs a file answer streamed from disk: opens path read-only, refuses anything but a
 * regular file. Returns 0, -1 when there is no such readable regular file. For a 200 answer
 * the core then sends the file without reading it into memory, with Content-Length,
 * Last-Modified, a strong ETag from (device, inode, size, mtime), Accept-Ranges, 304 for a
 * matching If-None-Match or an If-Modified-Since not older than the file, and a single
 * byte range as 206 (or 416 when the range lies outside the file); If-Range is honoured.
 * Never gzip-encoded. The core closes the file; a handler that answers an error status
 * after this call need not do anything. */
int http_response_file(struct http_response *rs, const char *path);
/* Frees what a response holds (body, headers, an open file) — for callers that run a
 * handler without the core, like tests. */
void http_response_release(struct http_response *rs);

/* Adds a response header (name and value are copied). Refuses, returning -1, a name that is
 * not an HTTP token and a value containing CR, LF, NUL or other control characters, and
 * the headers the core sets itself. */
int http_add_header(struct http_response *rs, const char *name, const char *value);

/* The page handler. Returns 0 when rs holds the answer, or an HTTP status >= 400 to have the
 * core answer with its standard error page for that status instead (rs->body is discarded).
 * Any other return value is treated as 500. */
typedef int (*http_handler)(void *ctx, const struct http_request *rq, struct http_response *rs);

/* Renders the error answer for status into rs (body empty, headers reset beforehand). The
 * default is http_error_page(); the site layer may supply its own to match its layout. It
 * must not reveal internal details: it is given nothing but the status. */
typedef void (*http_error_fn)(void *ctx, int status, bool want_json, struct http_response *rs);

struct http_config {
    const char *address;   /* IPv4 literal to listen on; NULL = 127.0.0.1 */
    uint16_t port;         /* 0 = any free port (see http_port()) */
    unsigned threads;      /* 0 = number of online CPUs */
    unsigned timeout_s;    /* idle connection timeout; 0 = 30 s */
    unsigned max_conns;    /* 0 = 1024 */
    int gzip_level;        /* 0 = 1 (fastest; compressed bodies are cached anyway) */
    size_t gzip_cache;     /* bytes of compressed bodies kept; 0 = 16 MiB */
    http_error_fn error_page; /* NULL = http_error_page(); called with the handler's ctx */
    /* Addresses of reverse proxies in front of us (IP literals separated by commas or
     * spaces), or NULL. A request from one of them takes its client address from
     * X-Forwarded-For: the rightmost entry that is not itself a trusted proxy. */
    const char *trusted_proxies;
};

struct http_server;

/* Starts listening and serving. Returns NULL and a message in err on failure (address not
 * parseable, port taken, ...). ctx is passed to every handler call; the caller keeps it
 * alive until http_stop() returns. */
struct http_server *http_start(const struct http_config *cfg, http_handler fn, void *ctx,
                               char *err, size_t errlen);
/* The port actually bound (useful with port 0). */
uint16_t http_port(const struct http_server *s);
/* Stops accepting connections, lets running requests finish (waiting at most grace_ms),
 * then closes everything and frees s. */
void http_stop(struct http_server *s, unsigned grace_ms);

/* Counters for /metrics. Latency buckets: le 0.25, 0.5, 1, 2, 4, ... 512 ms, +Inf. */
#define HTTP_LATENCY_BUCKETS 13
struct http_stats {
    uint64_t requests;
    uint64_t status_2xx, status_3xx, status_4xx, status_5xx;
    uint64_t not_modified;
    uint64_t gzip_cache_hits;
    uint64_t bytes_out;          /* body bytes handed to the socket layer */
    uint64_t latency_us_sum;
    uint64_t latency[HTTP_LATENCY_BUCKETS]; /* cumulative, Prometheus-style */
};
void http_get_stats(const struct http_server *s, struct http_stats *out);

/* ---- Building blocks, exposed for the router and for tests (no socket needed). ---- */

/* Decodes and normalises a raw request path into out (outlen >= strlen(raw)+2). Returns 0,
 * or 400 when the path is refused (see the promises above). */
int http_path_normalise(const char *raw, char *out, size_t outlen);
/* Parses a raw query string (or urlencoded body) of n bytes, which need not be
 * NUL-terminated: decoded names and values are written into store (storelen >= n +
 * 2 * HTTP_MAX_PARAMS + 1 always suffices) and params[0..*nparams) point into it; empty
 * pieces and pieces with an empty name are skipped. Returns 0, or 400 for a malformed
 * escape, an encoded NUL, invalid UTF-8 or more than HTTP_MAX_PARAMS parameters. */
int http_query_parse(const char *raw, size_t n, char *store, size_t storelen,
                     struct http_param *params, size_t *nparams);
/* 1 when an Accept-Encoding value allows gzip (q > 0). */
int http_accepts_gzip(const char *accept_encoding);
/* 1 when Accept prefers JSON: application/json appears, and before any text/html. */
int http_prefers_json(const char *accept);
/* 1 when an If-None-Match value matches the body hash (either representation, weak or
 * strong comparison, or "*"). */
int http_etag_matches(const char *if_none_match, uint64_t hash);
/* The ETag value for a body hash: "\"<16 hex>\"" or "\"<16 hex>-gz\"". out >= 24 bytes. */
void http_etag_format(uint64_t hash, bool gzip, char out[24]);
/* A Range header value against a representation of size bytes: 0 when the whole body is
 * to be sent (no header, not "bytes=", several ranges, or malformed: RFC 9110 lets a server
 * ignore those), 1 with the inclusive range [*first, *last] for one satisfiable range, -1
 * when no byte of the range exists (416). */
int http_range_parse(const char *range, uint64_t size, uint64_t *first, uint64_t *last);
/* An HTTP date (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") into out[30]. */
void http_date_format(int64_t t, char out[30]);
/* Parses an IMF-fixdate; -1 when s is not one (obsolete forms are not accepted). */
int64_t http_date_parse(const char *s);
/* Renders the standard error page for status into rs (HTML, or JSON when want_json). */
void http_error_page(struct http_response *rs, int status, bool want_json);
/* The short Dutch title used for a status ("Niet gevonden"). */
const char *http_status_title(int status);

#endif
