/*
 * sync — following the SyncFeed into the store: per category, page after page from the
 * stored skiptoken; pages are applied in batches, each committed together with the skiptoken
 * it leads to.
 *
 * Promises:
 *  - Nothing of a page is committed unless the whole page was read: an HTTP error, a
 *    timeout, a body cut short or an unreadable envelope undoes the uncommitted batch; its
 *    good pages are replayed (each committed) and the failing page is fetched again after a
 *    pause that doubles each time (with jitter), up to max_retries; then the sync stops with
 *    the reason, keeping all progress made before.
 *  - An entry that cannot be read is quarantined (raw XML and the parser's message) and the
 *    sync goes on past it.
 *  - Memory stays bounded by the largest entry, whatever the page size.
 *  - One request at a time, a pause between pages. A reader thread fetches and parses while
 *    the caller's thread stores (see sync.c); the store is only touched by the caller's thread.
 * This module joins feed/ and store/; it prints nothing (progress goes to a callback).
 */
#ifndef KW_SYNC_SYNC_H
#define KW_SYNC_SYNC_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define SYNC_DEFAULT_SOURCE "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0"
#define SYNC_MAX_CATEGORIES 64

struct sync_cat_report {
    const char *category;
    int64_t pages, entries, created, updated, deleted, quarantined;
    int64_t placeholders, bad_values, unknown_elements, anomalies, retries;
    int64_t skiptoken_from, skiptoken_to;
    uint64_t bytes;
    double seconds;
    bool failed;
    char error[768];
};

struct sync_progress {
    const struct sync_cat_report *cat; /* the category being synced */
    size_t index, count;               /* its position among the categories */
    int64_t total_entries;
    double elapsed;                    /* seconds since the sync began */
    const char *waiting;               /* non-NULL while backing off: why */
    double wait_s;
};

struct sync_opts {
    const char *source;              /* base URL ending in /SyncFeed/2.0 */
    const char *const *categories;   /* NULL: every category of the model */
    size_t ncategories;
    long pause_ms;                   /* between pages */
    int max_retries;                 /* per page */
    long retry_base_ms, retry_max_ms;
    long connect_timeout_s, read_timeout_s;
    const char *user_agent;
    void (*progress)(void *ctx, const struct sync_progress *p);
    void *progress_ctx;
    volatile sig_atomic_t *stop;     /* set (e.g. by SIGTERM) to stop after the current page */
};

struct sync_report {
    struct sync_cat_report cats[SYNC_MAX_CATEGORIES];
    size_t ncats;
    int64_t entries;
    uint64_t bytes;
    double seconds;
    bool failed;      /* some category could not be brought up to date */
    bool fatal;       /* storage failed: nothing more was tried */
    bool stopped;     /* stopped on request */
};

void sync_opts_default(struct sync_opts *o);
/* Runs the sync. Returns 0 when every category is up to date, -1 otherwise (see report). */
int sync_run(struct store *s, const struct sync_opts *o, struct sync_report *r);

#endif
