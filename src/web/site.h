/*
 * site — the Kamerwacht website: every page of the mirror as HTML, JSON, Atom and iCal,
 * served from the SQLite store (read-only) and the downloaded files.
 *
 * Promises:
 *  - site_handle() is an http_handler: re-entrant, safe on every thread of the HTTP pool.
 *    Each thread gets its own read-only SQLite connection on first use, with its prepared
 *    statements cached; the connection is closed when the thread ends (or by site_close()
 *    for the calling thread).
 *  - Pages are produced only through the escaping writers (html.h, json.h, xmlw.h, ical.h);
 *    no value from the database or the request reaches the output unescaped.
 *  - A page costs a bounded number of queries (none per row), each with a LIMIT and a time
 *    limit. Readable text of documents is extracted off the request path (one background
 *    worker, cached on disk); a request waits for it at most cfg.text_wait_ms.
 *  - site_handle() can be called without any socket (tests build a struct http_request).
 * Memory: the site owns copies of the configuration strings.
 */
#ifndef KW_WEB_SITE_H
#define KW_WEB_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "web/http.h"

struct site_config {
    const char *db_path;   /* SQLite store, opened read-only */
    const char *files_dir; /* downloaded files: FILES/aa/bb/<guid>; may be NULL */
    const char *cache_dir; /* extracted text cache; NULL = FILES/.kwcache (none without FILES) */
    unsigned text_wait_ms; /* how long a page waits for a text conversion; 0 = 2000 */
    /* Absolute URL of the site ("https://kamerwacht.nl", no trailing '/') for the links and
     * ids of feeds, which must be absolute. NULL or "": SITE_DEFAULT_BASE until
     * site_set_base_url() gives the address actually listened on. */
    const char *base_url;
};

struct site;

int site_open(const struct site_config *cfg, struct site **out, char *err, size_t errlen);
/* Closes the calling thread's connection and frees the site; call after http_stop(). */
void site_close(struct site *s);
#define SITE_DEFAULT_BASE "http://localhost"
/* Sets the base URL when none was configured (for 'serve' with port 0, once the port is
 * known); ignored when one was, or after the first call. Safe while requests run. */
void site_set_base_url(struct site *s, const char *base);
/* Lets /metrics report the server's counters. */
void site_set_server(struct site *s, struct http_server *srv);

/* http_handler: routes and answers one request (ctx is the struct site). */
int site_handle(void *ctx, const struct http_request *rq, struct http_response *rs);
/* http_error_fn: the error page in the site's layout. */
void site_error_page(void *ctx, int status, bool want_json, struct http_response *rs);

#endif
