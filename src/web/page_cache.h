/*
 * page_cache — rendered GET answers of the site, kept for a few seconds.
 *
 * A page is a pure function of the database, the request (path, query parameters, JSON or
 * not) and the clock. So an answer may be served again while the database is unchanged and
 * the answer is young (PAGE_CACHE_TTL_S, which also bounds staleness of time-dependent parts
 * such as "today" and of document text still being extracted). A change of the database by
 * any process (PRAGMA data_version, looked at no more than once a second) empties the cache.
 * Only 200 answers without extra headers and at most PAGE_CACHE_MAX_BODY bytes are kept.
 * Thread-safe (one mutex); memory is bounded by PAGE_CACHE_SLOTS x the largest body.
 */
#ifndef KW_WEB_PAGE_CACHE_H
#define KW_WEB_PAGE_CACHE_H

#include "web/http.h"

#define PAGE_CACHE_SLOTS 512
#define PAGE_CACHE_TTL_S 10
#define PAGE_CACHE_MAX_BODY (256u << 10)

struct page_cache;

/* db_path: the store, opened read-only here to watch for changes. NULL on failure. */
struct page_cache *page_cache_new(const char *db_path);
void page_cache_free(struct page_cache *c);

/* Fills rs from the cache and returns 1 on a hit; 0 on a miss. */
int page_cache_get(struct page_cache *c, const struct http_request *rq, struct http_response *rs);
/* Offers a freshly rendered answer (status, headers and size decide whether it is kept). */
void page_cache_put(struct page_cache *c, const struct http_request *rq,
                    const struct http_response *rs);

#endif
