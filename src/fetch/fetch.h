/*
 * fetch — the files behind the mirror's enclosures, downloaded into a local directory.
 *
 * What it is for: the indexer and the website need the documents (Document), the newest
 * verslag of each vergadering (Verslag, VLOS XML) and the photos of persons (Persoon) on disk.
 *
 * Work list. From the store: every Document and Persoon with a file (a contentType or an
 * enclosure, and a contentLength that is not 0), and per Vergadering only the newest Verslag
 * (greatest bijgewerkt, then greatest id; Casco versions included). The URL is the entity's
 * stored enclosure, or <source>/Resources/<guid> when it has none.
 *
 * Layout. DIR/aa/bb/<guid>, aa and bb the first four hex digits of the lower-case GUID. A
 * download goes to DIR/aa/bb/<guid>.part, is fsync'ed and renamed over the final name, so a
 * file under its final name is always complete; a kill -9 leaves at most a .part file, which
 * the next attempt overwrites. The directories are fsync'ed in batches (every 1024 renames and
 * at the end); each run also checks every stored file's size, so a file lost to a power cut
 * is fetched again. When a new download differs from the
 * file already there, the earlier file is kept as DIR/aa/bb/<guid>.<n> (n = 1, 2, ...; the
 * highest is the most recent earlier version) before the new one takes the name.
 *
 * Bookkeeping, in the store's database (created on first use):
 *   resource(id PRIMARY KEY, category, url, path, bytes, content_type, content_length,
 *            bijgewerkt, size_mismatch, versions, fetched_at, attempts, last_error,
 *            next_try_at, tried_bijgewerkt, skipped)
 *   path/bytes/content_length/bijgewerkt describe the stored file (path relative to DIR);
 *   attempts/last_error/next_try_at the failures in a row of the URL; tried_bijgewerkt the
 *   entity version last attempted; skipped why a file is not downloaded on purpose.
 *
 * Promises:
 *  - Resumable: a run downloads only what is missing on disk or changed in the store
 *    (bijgewerkt or contentLength), so a re-run after a complete run transfers nothing.
 *  - At most `jobs` transfers at a time (curl multi, one thread).
 *  - A body whose length differs from contentLength is stored but flagged (size_mismatch); a
 *    flagged file and a failing URL (any non-200, transport error, timeout) are tried again
 *    only after a pause that doubles per failure in a row (retry_base_s, 2x, 4x ... up to
 *    FETCH_RETRY_MAX_S), not on every run, unless the entity changes or retry_all is set.
 *  - A file whose contentLength exceeds max_bytes is not downloaded (and a body that grows past
 *    it is abandoned); it is recorded as skipped and reported.
 *  - Entity ids that are not GUIDs are never turned into paths.
 *  - One fetch per directory at a time (a lock file, DIR/.fetch.lock).
 * Library code: errors come back as -1 with a message; it never prints or exits.
 */
#ifndef KW_FETCH_FETCH_H
#define KW_FETCH_FETCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define FETCH_DEFAULT_SOURCE "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0"
#define FETCH_DEFAULT_JOBS 4
#define FETCH_MAX_JOBS 64
#define FETCH_DEFAULT_MAX_MB 250
#define FETCH_RETRY_BASE_S 3600       /* first pause after a failure */
#define FETCH_RETRY_MAX_S (7 * 86400) /* longest pause */
#define FETCH_REPORT_LIST 20          /* skipped/failed files named in a report */
#define FETCH_PATH_MAX 4096

enum fetch_category { FETCH_DOCUMENT, FETCH_VERSLAG, FETCH_PERSOON, FETCH_NCATEGORIES };

/* "Document", "Verslag", "Persoon". */
const char *fetch_category_name(enum fetch_category c);

struct fetch_progress {
    int64_t candidates; /* entities with a file, in the chosen categories */
    int64_t checked;    /* of those, looked at so far */
    int64_t fetched, failed, bytes;
    int active; /* transfers under way */
    double elapsed;
};

struct fetch_opts {
    const char *dir;    /* the files directory (created when missing) */
    const char *source; /* feed base URL for entities without an enclosure */
    int jobs;           /* parallel transfers; default FETCH_DEFAULT_JOBS */
    int64_t max_bytes;  /* larger files are skipped; default FETCH_DEFAULT_MAX_MB MB */
    bool categories[FETCH_NCATEGORIES]; /* all false means all */
    bool retry_all;                     /* ignore next_try_at */
    long retry_base_s;                  /* default FETCH_RETRY_BASE_S */
    long connect_timeout_s;             /* default 10 */
    long read_timeout_s; /* a transfer that sends nothing for this long fails; default 60 */
    const char *user_agent;
    void (*progress)(void *ctx, const struct fetch_progress *p); /* at most 5 times a second */
    void *progress_ctx;
    volatile sig_atomic_t *stop; /* set (by a signal handler) to stop soon; may be NULL */
};

void fetch_opts_default(struct fetch_opts *o);

struct fetch_item_note {
    char id[40];
    enum fetch_category category;
    int64_t bytes; /* contentLength */
    char why[160];
};

struct fetch_report {
    int64_t candidates, present, fetched, unchanged, versions_kept, flagged, failed, deferred,
        skipped, bytes;
    double seconds;
    bool stopped;
    struct fetch_item_note skipped_list[FETCH_REPORT_LIST];
    size_t nskipped_list;
    struct fetch_item_note failed_list[FETCH_REPORT_LIST];
    size_t nfailed_list;
};

/* Downloads what is missing or changed. Returns 0 when the run went through (individual
 * failures are in the report and the table), -1 with err set when it could not run at all
 * (directory, lock, database). */
int fetch_run(struct store *s, const struct fetch_opts *o, struct fetch_report *r, char *err,
              size_t errlen);

struct fetch_counts {
    int64_t candidates; /* entities with a file (Verslag: newest per Vergadering) */
    int64_t present;    /* stored for the entity's current version */
    int64_t missing;    /* candidates neither present nor skipped */
    int64_t failed;     /* last attempt failed; waiting for its next try */
    int64_t flagged;    /* stored, but its size differs from contentLength */
    int64_t skipped;    /* too large */
};

/* Per category, from the database alone (no disk access); works on a read-only store and
 * before the first fetch. */
int fetch_counts(struct store *s, struct fetch_counts out[FETCH_NCATEGORIES], char *err,
                 size_t errlen);

/* DIR/aa/bb/<guid> (lower case) for a GUID; -1 when id is not a GUID or the path is too long.
 * rel (may be NULL) gets the part after DIR/. */
int fetch_path(const char *dir, const char *id, char *path, size_t pathlen, char *rel,
               size_t rellen);

#endif
