/*
 * route — the URL router: a table of (method, pattern, handler) rows matched in order.
 *
 * Patterns are absolute paths whose segments are literals or captures: "/document/:nummer",
 * "/zaak/:nummer/besluiten", "/". Matching works on the normalised path the HTTP core hands
 * over (http_path_normalise()), segment by segment; a HEAD request matches GET rows.
 *
 * Promises: a captured value is non-empty, at most ROUTE_MAX_SEGMENT bytes, never "." or
 * "..", and contains no '/', NUL or control character; a path whose capture breaks one of
 * these rules is refused (400) rather than passed on. A path that matches a row's pattern
 * but not its method gives 405; no match at all gives 404. route_match() needs no socket and
 * no server, so routing is testable as a plain function.
 * Memory: captured values are copied into the caller's struct route_args; nothing to free.
 */
#ifndef KW_WEB_ROUTE_H
#define KW_WEB_ROUTE_H

#include <stddef.h>

#include "web/http.h"

#define ROUTE_MAX_ARGS 8
#define ROUTE_MAX_SEGMENT 128

struct route_args {
    size_t n;
    struct {
        const char *name; /* points into the pattern, after ':' */
        size_t name_len;
        char value[ROUTE_MAX_SEGMENT + 1];
    } arg[ROUTE_MAX_ARGS];
};

/* Captured value by name, or NULL. */
const char *route_arg(const struct route_args *a, const char *name);

typedef int (*route_fn)(void *ctx, const struct http_request *rq, const struct route_args *args,
                        struct http_response *rs);

struct route {
    enum http_method method; /* HTTP_GET (also serves HEAD) or HTTP_POST */
    const char *pattern;
    route_fn fn;
};

/* Finds the row for (method, path). Returns 0 with *found and *args set, or 404, 405 or 400
 * (see the promises above). */
int route_match(const struct route *table, size_t n, enum http_method method, const char *path,
                const struct route **found, struct route_args *args);

/* A routing table bound to the context its handlers receive; pass route_handler() and a
 * struct router to http_start(). */
struct router {
    const struct route *table;
    size_t n;
    void *ctx;
};

/* http_handler that routes: 404/405/400 go back to the core (standard error page; 405 with
 * an Allow header), otherwise the row's handler answers. */
int route_handler(void *router, const struct http_request *rq, struct http_response *rs);

#endif
