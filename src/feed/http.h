/*
 * http — the SyncFeed's HTTP client (libcurl): one connection reused from request to
 * request, bodies streamed to a sink as they arrive, never held whole in memory.
 * Library code: reports errors as values with a message, never prints or exits.
 */
#ifndef KW_FEED_HTTP_H
#define KW_FEED_HTTP_H

#include <stddef.h>

struct feed_http_opts {
    const char *user_agent;
    long connect_timeout_s; /* default 10 */
    long read_timeout_s;    /* no byte for this long aborts the transfer; default 60 */
};

struct feed_http;

/* Call once per process before any other function here. */
void feed_http_global_init(void);

struct feed_http *feed_http_new(const struct feed_http_opts *o);
void feed_http_free(struct feed_http *h);

/* The sink gets the body of a 200 answer; it returns 0 to go on or -1 to abort. */
typedef int (*feed_sink)(void *ctx, const char *data, size_t n);

enum feed_http_result {
    FEED_HTTP_OK = 0,     /* 200, body complete */
    FEED_HTTP_STATUS,     /* another HTTP status; *status says which */
    FEED_HTTP_TRANSPORT,  /* connection, timeout or a body cut short */
    FEED_HTTP_ABORTED,    /* the sink aborted */
};

enum feed_http_result feed_http_get(struct feed_http *h, const char *url, feed_sink sink,
                                    void *ctx, long *status, char *err, size_t errlen);

#endif
