/*
 * query — the search language of Kamerwacht: a forgiving parser of what Dutch users type, and a
 * builder of safe FTS5 MATCH strings for the kw_dutch tokenizer.
 *
 * What it is for: `kamerwacht search`, the website and saved-search alerts all turn user input
 * into a struct search_query here, then hand it to search.h.
 *
 * Promises:
 *  - Never a syntax error. Any byte string (unbalanced quotes or parentheses, lone operators,
 *    `NEAR(`, `*`, `:`, SQL, invalid UTF-8, 10 KB of input) parses; what could not be taken
 *    literally is reported in `understood`, a Dutch description of how the query was read.
 *  - The MATCH strings contain user text only inside FTS5 strings built by text_query_term(),
 *    so FTS5 never sees a user's operator, column name or quote: no FTS5 syntax error either.
 *  - Bounded: input is cut at SEARCH_MAX_INPUT bytes, terms at SEARCH_MAX_TERMS, filter values
 *    at SEARCH_MAX_FILTERS; each cut is reported.
 *  - Pure: no I/O, no SQLite; thread-safe.
 *
 * The language (grammar, loosest binding first):
 *    query   := or
 *    or      := and ( OR and )*              OR, or, OF (capitals), |, ||
 *    and     := unary ( [AND] unary )*       words are all required; AND, and, EN (capitals), &&
 *    unary   := NOT unary | -primary | primary      NOT, not, NIET (capitals); -word, -"…", -(…)
 *    primary := ( or ) | "phrase" | word | word* | NEAR(term term … [, N]) | key:value
 *  - A bare word is stemmed (moties finds motie); a "phrase" (also “…”, „…”, '…') matches the
 *    exact forms of its words in order; word* is a prefix (at least 3 characters).
 *  - Lower-case Dutch "of", "en", "niet" are words (stop words), not operators: in natural Dutch
 *    they are far more often meant as words. Capitals OF/EN/NIET and English or/and/not (any
 *    case) are operators.
 *  - The analyzer's stop words (text_is_stop_word(): de, het, een, van, over, …) are not in
 *    the index: they are left out of bare words and of "phrases" alike, and `understood` lists
 *    them as 'genegeerd'; a query of stop words only searches no words (the newest objects,
 *    with that line). A few more common words (niet, tegen, geen, …) are not required when a
 *    group has other words ('niet verplicht'); next to an identifier, reference words
 *    (kamerstuk, nr, dossier, zaak, …) are dropped too.
 *  - Filters: soort: dossier: zaak: commissie: fractie: persoon: van: tot: type: jaar:, with
 *    "quoted values". The same key twice means either value; different keys must all hold.
 *    A filter may stand anywhere; it applies to the whole query.
 *  - Identifiers are recognised: 2021D35262 (document), 2021Z16384 (zaak), 2024A01234
 *    (activiteit), 31293 (dossier), 31293-593 / 36600-XV (dossier-volgnummer / toevoeging),
 *    kst-31293-593, TZ202112-012 (toezegging), a GUID, and "Kamerstuk(ken) [II 2021/22,] 31293,
 *    nr. 593". Their objects are put first by search.h.
 */
#ifndef KW_SEARCH_QUERY_H
#define KW_SEARCH_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEARCH_MAX_INPUT 1024 /* bytes of user input considered */
#define SEARCH_MAX_TERMS 32   /* words, phrases and prefixes in one query */
#define SEARCH_MAX_FILTERS 16 /* filter values in one query */
#define SEARCH_MAX_IDENTS 8   /* identifiers recognised in one query */
#define SEARCH_MIN_PREFIX 3   /* characters before a '*' */

/* The kinds of indexed objects. Values are stored in the index: never renumber. */
enum search_type {
    SEARCH_T_DOCUMENT = 1,
    SEARCH_T_ZAAK = 2,
    SEARCH_T_ACTIVITEIT = 3,
    SEARCH_T_TOEZEGGING = 4,
    SEARCH_T_VERSLAG = 5,
    SEARCH_T_GESCHENK = 6,
    SEARCH_T_DOSSIER = 7,
};
#define SEARCH_T_MAX 7

/* "document", "zaak", ...; NULL for an unknown value. */
const char *search_type_name(int type);
/* Accepts the names above and Dutch plurals/synonyms (documenten, zaken, moties are not types);
 * returns 0 when unknown. */
int search_type_parse(const char *s, size_t n);

/* Filter kinds kept in the index's search_filter table. Stored values: never renumber. */
enum search_filter_kind {
    SF_DOSSIER = 1,   /* "31293", "36600-xv" */
    SF_ZAAK = 2,      /* "2021z16384" */
    SF_COMMISSIE = 3, /* folded afkorting and name: "ocw", "vaste commissie voor ..." */
    SF_FRACTIE = 4,   /* folded afkorting and name: "vvd", "d66" */
    SF_PERSOON = 5,   /* folded surnames and full names: "omtzigt", "pieter omtzigt" */
    SF_SOORT = 6,     /* folded soort: "brief regering", "motie (gewijzigd/nader)" */
};
#define SF_MAX 6

struct search_filter {
    int kind;    /* enum search_filter_kind */
    char *value; /* folded (lower case, no diacritics); matched as a prefix */
};

struct search_query {
    char *input;      /* the input as considered: valid UTF-8, quotes normalised, cut */
    char *match;      /* FTS5 MATCH of the positive part; "" when there is none */
    char *neg_match;  /* when the query only excludes: MATCH of what to exclude; else NULL */
    char *wide_match; /* `match` with bare words also as prefixes (compounds), or NULL */
    char *loose_match; /* the top-level AND of `match` as an OR (any of the words), or NULL */
    char *understood; /* Dutch: how the query was read */
    unsigned type_mask;                 /* bit (1 << type); 0 = every type */
    int64_t van_day, tot_day;           /* days since 1970-01-01; INT64_MIN / INT64_MAX = open */
    struct search_filter filters[SEARCH_MAX_FILTERS];
    size_t nfilters;
    char *idents[SEARCH_MAX_IDENTS];    /* lower case: "2021d35262", "31293-593", guid, ... */
    size_t nidents;
    bool ident_only;                    /* the positive part is only identifiers */
    int nterms;                         /* terms in match */
    void *ast;                          /* parser state between parse and build */
};

/*
 * Parses input[0..n) (any bytes). Then call search_query_add_filter() for filters given as
 * options, and search_query_build() once. Out of memory aborts (util/buf.h policy).
 */
void search_query_parse(struct search_query *q, const char *input, size_t n);

/* Adds a filter given outside the query text (key without ':', e.g. "soort", "van").
 * Returns 0, or -1 when the key is unknown; a bad value is reported in `understood`. */
int search_query_add_filter(struct search_query *q, const char *key, const char *value);

/* Builds match, neg_match, wide_match, loose_match and understood. */
void search_query_build(struct search_query *q);

void search_query_free(struct search_query *q);

/* Folds s[0..n) as the analyzer does (lower case, no diacritics) into a malloc'd string. */
char *search_fold(const char *s, size_t n);

#endif
