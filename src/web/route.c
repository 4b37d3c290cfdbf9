/*
 * route — table-driven segment matching; see route.h.
 */
#include "web/route.h"

#include <string.h>

const char *route_arg(const struct route_args *a, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < a->n; i++)
        if (a->arg[i].name_len == nl && memcmp(a->arg[i].name, name, nl) == 0)
            return a->arg[i].value;
    return NULL;
}

enum seg_result { SEG_MATCH, SEG_NO, SEG_BAD };

static int capture_ok(const char *s, size_t n)
{
    if (n == 0 || n > ROUTE_MAX_SEGMENT)
        return 0;
    if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            return 0;
    }
    return 1;
}

/* Matches path against one pattern, filling args. */
static enum seg_result match_pattern(const char *pattern, const char *path, struct route_args *args)
{
    args->n = 0;
    const char *p = pattern, *u = path;
    if (*p != '/' || *u != '/')
        return SEG_NO;
    for (;;) {
        /* Both point at a '/' or at the end. */
        if (!*p || !*u)
            return !*p && !*u ? SEG_MATCH : SEG_NO;
        p++;
        u++;
        const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
        size_t pl = pe ? (size_t)(pe - p) : strlen(p);
        size_t ul = ue ? (size_t)(ue - u) : strlen(u);
        if (pl > 0 && p[0] == ':') {
            if (ul == 0)
                return SEG_NO;
            if (!capture_ok(u, ul) || args->n >= ROUTE_MAX_ARGS)
                return SEG_BAD;
            args->arg[args->n].name = p + 1;
            args->arg[args->n].name_len = pl - 1;
            memcpy(args->arg[args->n].value, u, ul);
            args->arg[args->n].value[ul] = '\0';
            args->n++;
        } else if (pl != ul || memcmp(p, u, pl) != 0) {
            return SEG_NO;
        }
        p += pl;
        u += ul;
    }
}

int route_match(const struct route *table, size_t n, enum http_method method, const char *path,
                const struct route **found, struct route_args *args)
{
    int result = 404;
    enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;
    struct route_args scratch;
    for (size_t i = 0; i < n; i++) {
        enum seg_result r = match_pattern(table[i].pattern, path, &scratch);
        if (r == SEG_BAD) {
            if (result == 404)
                result = 400;
            continue;
        }
        if (r != SEG_MATCH)
            continue;
        if (table[i].method != want) {
            result = 405;
            continue;
        }
        *found = &table[i];
        *args = scratch;
        return 0;
    }
    return result;
}

int route_handler(void *router, const struct http_request *rq, struct http_response *rs)
{
    const struct router *r = router;
    const struct route *row;
    struct route_args args;
    int rc = route_match(r->table, r->n, rq->method, rq->path, &row, &args);
    if (rc)
        return rc;
    return row->fn(r->ctx, rq, &args, rs);
}
