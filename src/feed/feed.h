/*
 * feed — reading SyncFeed pages: a streaming splitter that cuts an Atom page into entries, a
 * namespace-aware parser that turns one entry into a kw_entity, and the page bookkeeping
 * (feed-level next/resume links, completeness).
 *
 * Memory is bounded by the largest single entry (FEED_MAX_ENTRY), whatever the page size:
 * bytes are pushed in as they arrive and each entry is parsed and handed on as soon as its
 * closing tag is seen. An entry that is not well-formed XML or not a known entity is handed to
 * the `bad` callback with its raw text and the parser's message, and the page goes on; a page
 * that ends before `</feed>` (a cut connection) is reported as incomplete by feed_page_end().
 *
 * Elements are matched by local name, never by prefix: the default tkData namespace, `tk:`
 * and `ns1:` all read the same. This module does no network and no storage I/O.
 */
#ifndef KW_FEED_FEED_H
#define KW_FEED_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "model/entity.h"

#define FEED_MAX_ENTRY (16u << 20) /* an entry larger than this is quarantined */
#define FEED_MAX_HEAD (1u << 20)   /* feed header and trailer, together */

struct feed_page_cb {
    /* A readable entity. Return 0 to go on, -1 to abort the page (e.g. a storage error). */
    int (*entity)(void *ctx, struct kw_entity *e);
    /* An entry that could not be read. guid is "" and skiptoken -1 when not found in it. */
    int (*bad)(void *ctx, const char *raw, size_t len, const char *guid, int64_t skiptoken,
               const char *error);
    void *ctx;
};

struct feed_page_result {
    size_t entries;         /* entries seen, good and bad */
    size_t bad;             /* of which could not be read */
    int64_t max_skiptoken;  /* highest per-entry skiptoken seen; -1 if none */
    int64_t next_skiptoken; /* feed-level rel="next"; -1 if absent */
    int64_t resume_skiptoken; /* feed-level rel="resume"; -1 if absent */
};

struct feed_page;

/* Initialises the XML library; call once from the main thread before parsing in others. */
void feed_global_init(void);

struct feed_page *feed_page_new(void);
void feed_page_free(struct feed_page *p);
/* Starts a new page; the callbacks are used until feed_page_end(). */
void feed_page_begin(struct feed_page *p, const struct feed_page_cb *cb);
/* Pushes the next bytes of the body. Returns 0, or -1 when a callback aborted. */
int feed_page_push(struct feed_page *p, const char *data, size_t n);
/* Finishes the page. Returns 0 when the page was complete and its envelope readable;
 * -1 with a message in err otherwise (then nothing of it may be committed). */
int feed_page_end(struct feed_page *p, struct feed_page_result *res, char *err, size_t errlen);

/* Parses one <entry> element (xml, len) in the context of the feed's root start tag
 * (root, rlen; may be NULL for the Atom default). Fills e. Returns 0, or -1 with a message. */
struct feed_entry_parser;
struct feed_entry_parser *feed_entry_parser_new(void);
void feed_entry_parser_free(struct feed_entry_parser *ep);
int feed_entry_parse(struct feed_entry_parser *ep, const char *root, size_t rlen,
                     const char *xml, size_t len, struct kw_entity *e, char *err, size_t errlen);

/* The integer after "skiptoken=" in an href; -1 when absent. */
int64_t feed_href_skiptoken(const char *href, size_t n);

#endif
