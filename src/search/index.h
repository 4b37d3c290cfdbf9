/*
 * index — the Dutch full-text index of the mirror, kept in the mirror's own SQLite file.
 *
 * What it is for: `kamerwacht index` brings the index up to date with the store (and the
 * downloaded files); search.h reads it; `kamerwacht status` reports on it.
 *
 * Schema (all names start with search_):
 *   search_meta(key, value)        schema version, analyzer version, sizes, time of last run
 *   search_doc(rid, type, id, nummer, title, meta, date, soort, sig, text_status, text_reason,
 *              text_len)           one row per indexed object; UNIQUE(id, type)
 *   search_text(rid, z)            the extracted text, zlib-compressed (4-byte length + stream)
 *   search_filter(kind, value, rid) filter values (query.h SF_*), folded
 *   search_ident(ident, rid)       identifiers that put an object first (2021d35262, kst-…)
 *   search_df(term, doc)           rows of each FTS term in >= SEARCH_DF_MIN rows, for ranking;
 *                                  rewritten when the index is optimized or rebuilt
 *   search_term(key, term)         every exact form the index holds (term, without "="), filed
 *                                  under each of its keys (text_term_keys: stem, compound parts);
 *                                  a bare query word is looked up here (fts5_dutch.h); written in
 *                                  the transaction of the rows that brought the form; a form
 *                                  whose last row left stays (it costs an empty look-up)
 *   search_content                 VIEW (rid, title, meta, body = kw_inflate(z))
 *   search_fts(title, meta, body)  FTS5, tokenize 'kw_dutch' (exact forms only), external
 *                                  content search_content
 * The text is stored once, compressed; FTS5 reads it back through the view for snippets.
 * rid = ((day + SEARCH_DAY_BIAS) << SEARCH_SEQ_BITS) | seq, where day is the object's date in
 * days since 1970 (Europe/Amsterdam): rowid order is date order, so "newest first" and date
 * filters are rowid ranges FTS5 walks directly.
 *
 * Promises:
 *  - Incremental: a signature per object (its bijgewerkt, its references' and related rows'
 *    changes, the size and mtime of its file) decides what is re-indexed; objects that left the
 *    store leave the index. Each batch is one transaction, so an interrupted run loses nothing.
 *  - A different analyzer (text_analyzer_version()) rebuilds the FTS index from the stored text
 *    without extracting again; a different schema version (or `rebuild`) starts over.
 *  - Extraction runs in worker threads (own read-only connections); one writer inserts.
 *  - Failures of extraction are recorded per object (text_status, text_reason) and counted.
 *  - Every connection that reads search_fts must first call search_register().
 * Errors are returned as -1 with a message; nothing here prints or exits.
 */
#ifndef KW_SEARCH_INDEX_H
#define KW_SEARCH_INDEX_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sqlite3;

#define SEARCH_SCHEMA_VERSION "1"
#define SEARCH_DAY_BIAS 100000 /* days; dates before ~1696 count as undated */
#define SEARCH_SEQ_BITS 20
#define SEARCH_BATCH_OBJECTS 1000         /* objects per transaction */
#define SEARCH_BATCH_BYTES (16u << 20)    /* or this much text */
#define SEARCH_BULK_OBJECTS 5000          /* more changes than this: merge lazily, optimize */
#define SEARCH_MAX_TEXT (32u << 20)       /* extracted text kept per object */
#define SEARCH_EXTRACT_TIMEOUT_MS 60000
#define SEARCH_EXTRACT_MEMORY_MB 1024
#define SEARCH_TITLE_MAX 300              /* bytes of a long title (toezegging tekst) */

/* What happened to an object's text. Stored: never renumber. */
enum search_text_status {
    SEARCH_TEXT_NONE = 0,        /* the object has no file (zaak, activiteit, ...) */
    SEARCH_TEXT_OK = 1,
    SEARCH_TEXT_MISSING = 2,     /* the file is not downloaded (yet) */
    SEARCH_TEXT_EMPTY = 3,
    SEARCH_TEXT_UNSUPPORTED = 4,
    SEARCH_TEXT_FAILED = 5,
    SEARCH_TEXT_TIMEOUT = 6,
    SEARCH_TEXT_TOO_LARGE = 7,
};
#define SEARCH_TEXT_NSTATUS 8
const char *search_text_status_name(int status);

/* Registers the kw_dutch tokenizer and kw_inflate() on db. Returns an SQLite result code. */
int search_register(struct sqlite3 *db);

/* The rid range of a day range [from, to] (days since 1970; INT64_MIN/MAX = open). */
void search_rid_range(int64_t from_day, int64_t to_day, int64_t *lo, int64_t *hi);
/* The day of a rid; INT64_MIN for undated objects. */
int64_t search_rid_day(int64_t rid);

struct search_index_progress {
    const char *phase; /* "vergelijken", "indexeren", "opnieuw opbouwen", "optimaliseren" */
    int64_t done, total;
    int64_t text_bytes;
    int64_t failures;
    double elapsed;
};

struct search_index_opts {
    const char *db_path;   /* the store's file: workers open their own read connections */
    const char *files_dir; /* FILES root (FILES/aa/bb/<guid>), or NULL: metadata only */
    int threads;           /* extraction workers; <= 0: one per core */
    bool rebuild;          /* forget the index and extract everything again */
    bool optimize;         /* merge the FTS index into one segment at the end */
    void (*progress)(void *ctx, const struct search_index_progress *p);
    void *progress_ctx;
    volatile sig_atomic_t *stop; /* set asynchronously to stop after the current batch */
};

struct search_index_report {
    int64_t added, updated, deleted, unchanged;
    int64_t text_status[SEARCH_TEXT_NSTATUS]; /* of the objects written in this run */
    int64_t text_bytes;                       /* raw text written in this run */
    double seconds, scan_seconds, write_seconds;
    bool analyzer_rebuilt, schema_reset, optimized, stopped;
};

/*
 * Brings the index in db (a writable connection to the store, registered or not) up to date.
 * Returns 0, or -1 with a message in err.
 */
int search_index_update(struct sqlite3 *db, const struct search_index_opts *o,
                        struct search_index_report *r, char *err, size_t errlen);

struct search_index_failure {
    char type[16], id[48], nummer[32], status[16], reason[200];
};

struct search_index_status {
    bool present;                 /* the index tables exist */
    char analyzer[200];           /* recorded analyzer version */
    bool analyzer_current;        /* equal to text_analyzer_version() */
    char updated_at[32];          /* last completed run (UTC) */
    int64_t objects[8];           /* per enum search_type (index 0: all) */
    int64_t text_status[SEARCH_TEXT_NSTATUS];
    int64_t raw_bytes, z_bytes, fts_bytes; /* as measured at the end of the last run */
    struct search_index_failure failures[5];
    int nfailures;                /* examples shown (most recent first) */
};

/* Reads the index's state (works on a read-only connection). present=false when absent. */
int search_index_status(struct sqlite3 *db, struct search_index_status *st, char *err,
                        size_t errlen);

#endif
