/*
 * search — running a parsed query (query.h) against the index (index.h).
 *
 * What it is for: `kamerwacht search`, the website's search page and alerts call search_run()
 * and render the struct search_result it fills.
 *
 * How a query runs, and what it promises:
 *  - Ranking happens inside the FTS subquery, filters after it: relevance takes the best
 *    SEARCH_CANDIDATES rows (SEARCH_CANDIDATES_FILTERED with filters) by kw_rank — BM25F with
 *    column weights title 10, meta 4, body 1, each column normalised by its own average length
 *    (rank.c) — ranking only the newest SEARCH_RANK_WINDOW matches when there are more; a bare
 *    word is matched as the OR of the exact forms filed under its key in search_term, such as
 *    ("|=motie" OR "|=moties"), rather than as FTS5 synonyms (same rows, far faster; at most
 *    SEARCH_EXPAND_MAX forms, the most frequent, with a note when a word has more), and
 *    kw_rank gets each term's row count from search_df instead of walking its rows; then
 *    joins search_doc for the filters and blends in recency and the kind of object:
 *        score = bm25f × (1 + 0.5 × 0.5^(age_days / 730)) × prior(type)
 *    prior: document and dossier 1.0, activiteit and toezegging 0.9, verslag 0.8, zaak 0.75
 *    (a zaak repeats its letter's onderwerp), geschenk 0.7; age relative to the newest object
 *    in the index, so scores and cursors stay stable until the index changes. Without filters
 *    the type is looked up only for candidates whose bound (the prior is at most 1) can still
 *    reach the page, and the window is ranked during the count's walk (one FTS walk instead of
 *    two, which matters for phrases and NEAR: FTS5 checks positions in every row holding all
 *    their words). Newest/oldest
 *    walk the FTS rowids, which are in date order, and stop after the page. A selective filter
 *    (≤ SEARCH_FILTER_DRIVE objects) drives the query from the filter's objects instead.
 *  - Identifiers recognised by the parser put their objects first (when they satisfy the
 *    filters; when the query holds more than identifiers, also the words).
 *  - total: exact up to SEARCH_COUNT_CAP matches; above that, without filters, the walk over
 *    the matches (newest first) counts on and makes it exact up to SEARCH_COUNT_EXACT_MAX (when
 *    it finishes within the deadline); else "at least" that many with total_exact = false. Facets (type,
 *    soort, year) are exact over the same first SEARCH_COUNT_CAP matches, newest first;
 *    facets_exact says whether that was all of them.
 *  - Snippets: kw_snippet() (snippet.c: around the first hits, without tokenizing the whole
 *    text) with private-use markers, then HTML-escaped, markers turned into
 *    <mark>…</mark>: document text can never inject markup.
 *  - Pagination: keyset, with an opaque cursor (base64url of sort, stage, key, rid and a hash
 *    of the query); a cursor from another query or a damaged one restarts at page one (noted).
 *  - A per-query deadline (sqlite3_progress_handler): nothing takes seconds; a phase that runs
 *    out of time returns what it has and sets timed_out.
 *  - Few results for bare words: the query is retried with the words also as prefixes (finds
 *    compounds: stikstof → stikstofuitstoot), noted in `notes`.
 *  - A prefix (word*) outside phrases and NEAR stands for the SEARCH_PREFIX_TERMS words with
 *    that start that occur in the most objects (noted in `notes` when there are more), looked
 *    up once per search: FTS5 would otherwise merge every such word for each statement.
 * The connection must have had search_register() called. Errors: -1 with a message.
 */
#ifndef KW_SEARCH_SEARCH_H
#define KW_SEARCH_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "search/query.h"
#include "util/buf.h"

struct sqlite3;

#define SEARCH_DEFAULT_LIMIT 20
#define SEARCH_MAX_LIMIT 200
#define SEARCH_CANDIDATES 2000
#define SEARCH_CANDIDATES_FILTERED 10000
#define SEARCH_RANK_WINDOW 5000
#define SEARCH_COUNT_CAP 2000
#define SEARCH_COUNT_EXACT_MAX 25000
#define SEARCH_FILTER_DRIVE 2000
#define SEARCH_DEADLINE_MS 500
#define SEARCH_PIN_MAX 10
#define SEARCH_WIDEN_BELOW 3 /* retry with prefixes when fewer matches than this */
#define SEARCH_PREFIX_TERMS 64 /* a prefix* stands for at most this many words */
#define SEARCH_PREFIX_TERMS_S "64"

enum search_sort { SEARCH_SORT_RELEVANCE, SEARCH_SORT_NEWEST, SEARCH_SORT_OLDEST };

/* "relevance", "newest", "oldest" (and Dutch relevantie, nieuwste, oudste) -> 0; -1 unknown. */
int search_sort_parse(const char *s, enum search_sort *out);

struct search_params {
    enum search_sort sort;
    int limit;            /* 1..SEARCH_MAX_LIMIT; 0 = default */
    const char *cursor;   /* from a previous result's next, or NULL */
    long deadline_ms;     /* 0 = SEARCH_DEADLINE_MS */
    bool no_facets;       /* skip counting and facets (alerts) */
};

struct search_hit {
    int type;        /* enum search_type */
    int64_t rid;
    char *id;        /* the human identifier (2021D35262) or, without one, the GUID */
    char *guid;
    char *title;
    char *date;      /* YYYY-MM-DD or NULL */
    char *soort;     /* or NULL */
    char *snippet;   /* HTML: escaped text with <mark>…</mark>; "" when none */
    bool pinned;     /* put first as the object of an identifier in the query */
    double score;    /* relevance (0 for other sorts) */
};

struct search_facet {
    char *value;
    int64_t count;
};

struct search_facets {
    struct search_facet *v; /* sorted by count, descending (years: descending year) */
    size_t n;
};

struct search_result {
    int64_t total;
    bool total_exact;
    struct search_hit *hits;
    size_t nhits;
    struct search_facets types, soorten, years;
    bool facets_exact;
    char *next;      /* cursor of the next page, or NULL */
    bool timed_out;
    bool widened;    /* the prefix retry was used */
    bool loosened;   /* no hit had all the words: these have some (the OR retry) */
    char *notes;     /* Dutch remarks to add to the query's understood line, or NULL */
    double ms;
};

int search_run(struct sqlite3 *db, const struct search_query *q, const struct search_params *p,
               struct search_result *r, char *err, size_t errlen);
void search_result_free(struct search_result *r);

/* Appends s[0..n) HTML-escaped, the snippet markers U+E000/U+E001 turned into <mark>/</mark>
 * (balanced: an open mark is closed at the end). */
void search_snippet_html(const char *s, size_t n, struct buf *out);

/* True when q has filters beyond its words (type:, van:/tot:, soort:, dossier:, ...). */
bool search_query_has_filters(const struct search_query *q);
/* Does the indexed object with this GUID satisfy q's filters? 1 yes, 0 no, 2 unknown (q has
 * filters but the object is not in the index yet), -1 on a database error. For callers that
 * match the words themselves, such as saved searches against a batch of new items. */
int search_query_accepts(struct sqlite3 *db, const struct search_query *q, const char *guid);

#endif
