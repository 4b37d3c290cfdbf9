/*
 * search_int — what the search module's files share and nobody else sees: the object an
 * indexing worker builds for the writer, and the per-type collectors that build it.
 */
#ifndef KW_SEARCH_SEARCH_INT_H
#define KW_SEARCH_SEARCH_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "search/index.h"
#include "search/query.h"
#include "util/buf.h"

struct obj_kv {
    int kind;
    char *value;
};

/* One object ready for the index. Every string is malloc'd (or NULL) and owned here. */
struct obj {
    int type;
    int64_t erid;    /* rowid in the store's entity table */
    int64_t old_rid; /* its current rid in the index, 0 when new */
    int64_t sig;
    int64_t day;     /* INT64_MIN: undated */
    char *id, *nummer, *title, *meta, *date, *soort;
    struct buf body;       /* raw text for FTS5 */
    unsigned char *z;      /* compressed body (4-byte LE length + zlib), NULL when empty */
    size_t zlen;
    int text_status;
    char reason[256];
    struct obj_kv *filters;
    size_t nfilters, capfilters;
    char **idents;
    size_t nidents, capidents;
    bool vanished; /* the entity left the store since the scan: delete only */
};

void obj_free(struct obj *o);
void obj_filter(struct obj *o, int kind, const char *value); /* folds value; skips empties */
void obj_ident(struct obj *o, const char *ident);             /* lower-cases */
/* Makes s valid UTF-8 without NULs or the snippet marker code points, in place. */
void search_clean_text(struct buf *s);

/* Types indexed, in scan order. */
extern const int search_types[];
extern const size_t search_ntypes;

/* Rewrites bare words that are common names of official ones ("kamervragen") in b into
 * (word OR "official") (synonym.c). Returns how many; *first and *official name the first. */
size_t search_expand_synonyms(struct buf *b, const char **first, const char **official);

/* Calls cb for every object of `type` that belongs in the index, with its signature. */
typedef int (*scan_cb)(void *ctx, int type, int64_t erid, const char *id, int64_t sig);
int collect_scan(sqlite3 *db, int type, const char *files_dir, scan_cb cb, void *ctx, char *err,
                 size_t errlen);

struct collector;
/* A worker's reader: its own read-only connection to db_path. */
struct collector *collector_new(const char *db_path, const char *files_dir, char *err,
                                size_t errlen);
/* Fills o (type, erid, old_rid, sig already set). Returns 0, or -1 with o->reason set. */
int collector_build(struct collector *c, struct obj *o);
void collector_free(struct collector *c);

/* Column weights of kw_rank: title, meta, body. */
#define SEARCH_RANK_WEIGHTS "10.0, 4.0, 1.0"
/* search_df keeps the number of rows of every index term found in at least this many rows
 * (index.c writes it when it optimizes the index; search.c passes the counts to kw_rank). */
#define SEARCH_DF_MIN 1000
/* A bare word is looked up as at most this many exact forms (its inflections and the compounds
 * it is part of), the most frequent first; a query string as at most this many positions. */
#define SEARCH_EXPAND_MAX 500
#define SEARCH_EXPAND_MAX_S "500"
#define SEARCH_MAX_POSITIONS 64
/* A bare word with at least this many rare forms (fewer than SEARCH_DF_MIN rows each) looks
 * them up as one FTS5 phrase of synonyms (search.c). */
#define SEARCH_PACK_RARE 4

/* Registers the FTS5 ranking function kw_rank (rank.c). */
int search_register_rank(sqlite3 *db);
/* The per-connection cache of every object's type and soort (doccache.c), for the facets.
 * search_doccache() finds a connection's cache (NULL when not registered); _ready() says
 * whether it is current, loading it when enough look-ups went through SQL (call it while a
 * statement reads the index, so that the data version is that statement's); _get() answers
 * from it (false: not there); _missed() counts a look-up that went through SQL. */
struct doccache;
int search_register_doccache(sqlite3 *db);
struct doccache *search_doccache(sqlite3 *db);
bool search_doccache_ready(struct doccache *c);
void search_doccache_missed(struct doccache *c);
bool search_doccache_get(struct doccache *c, int64_t rid, int *type, const char **soort);

/* Registers the FTS5 snippet function kw_snippet (snippet.c). */
int search_register_snippet(sqlite3 *db);

/*
 * Snippets made from the text, without FTS5 (snippet.c): a query's marked tokens are read once
 * from its MATCH (text_match_tokens, not under NOT), and each hit's columns are analyzed as the
 * index analyzes them, the body only up to SEARCH_SNIP_SCAN bytes and only until the window is
 * settled. Same window rules and output as kw_snippet, except that every marked token is
 * marked (a phrase's words also where they stand apart) and marked neighbours share one mark.
 * Cost per hit: the analysis of the text read, independent of how many index terms the query
 * stands for (kw_snippet looks each one up in the index for every hit).
 */
#define SEARCH_SNIP_SCAN (128 * 1024)
struct search_snip_terms;
struct search_snip_terms *search_snip_terms_new(const char *match);
void search_snip_terms_free(struct search_snip_terms *t);
/* Returns 1 with the snippet (open U+E000, close U+E001, "…") in out, or 0 when no column
 * within the bytes read holds a marked token and the body was read only in part (then ask
 * kw_snippet). col[i] may be NULL. */
int search_snippet_text(const struct search_snip_terms *t, const char *const col[3],
                        const size_t len[3], bool body_cut, struct buf *out);

/* Inflates at most max bytes of a search_text value into out; returns the bytes added, -1 when
 * damaged; *cut is set when the text is longer. */
long search_inflate_prefix(const unsigned char *z, size_t zlen, size_t max, struct buf *out,
                           bool *cut);

/* zlib helpers: the stored form is a 4-byte little-endian length and a zlib stream. */
int search_deflate(const char *text, size_t n, unsigned char **out, size_t *outlen);
int search_inflate(const unsigned char *z, size_t zlen, struct buf *out);

/* The civil date (Europe/Amsterdam) of a stored UTC date-time or plain date; -1 if none. */
int search_day_of(const char *s, int64_t *day, char date[11]);

#endif
