/*
 * analyze — the Dutch text analyzer: folded, stemmed tokens with offsets into the original text.
 *
 * What it is for: turning document text and query words into the terms of the full-text index.
 * The FTS5 tokenizer (fts5_dutch.h) is a thin wrapper around text_analyze().
 *
 * Segmentation. Text is folded character by character (fold.h). A segment is a run of letters
 * and digits; an apostrophe between two letters stays inside it (agenda's, zzp'er). A chunk is
 * one or more segments joined by single hyphens. A chunk becomes tokens like this:
 *  - identifiers stay whole (lower case): 2021D35262, 2021Z16384 (one segment anyway);
 *    dossier numbers 31293-593, 36600-XV, 21501-07-1234 (five digits, then digits or up to five
 *    letters, then optionally digits); kst-…, stb-…, stcrt-…, blg-…, trb-…, kv-tk-…, ah-tk-…,
 *    h-tk-…; letters-digits such as F-35, COVID-19, A-4 (1–10 letters, 1–3 digits);
 *  - a segment with letters only is a word; any other segment (2021, 2e, co2) is emitted as is;
 *  - a chunk of two or more words (informatie-uitwisseling) gives each word its own position,
 *    and in the index also the stem of the joined word (informatieuitwissel) at the first
 *    position, so "informatie-uitwisseling", "informatieuitwisseling" and the AND of
 *    "informatie" and "uitwisseling" all find it.
 *
 * Tokens by mode (TEXT_EXACT_MARK is '='; "colocated" = same position, FTS5_TOKEN_COLOCATED):
 *   TEXT_MODE_INDEX        word: "=" + folded word (its exact form) always, and before it its
 *                          stem when the stem is a different string: "moties" → motie +=moties,
 *                          "motie" → =motie (one token instead of two for a word that is its
 *                          own stem).
 *                          identifier: the whole, then colocated parts a user may type alone:
 *                          kst-31293-593 → 31293-593, 31293; 21501-07-1234 → 21501, 21501-07;
 *                          36600-xv → 36600; f-35 → f35; covid-19 → covid19 and the word covid.
 *                          "31 293" (two digits, one space, three digits) adds 31293 at "293".
 *                          other segments: once.
 *                          This is what the in-memory matcher of saved searches (alerts) reads.
 *   TEXT_MODE_INDEX_EXACT  what the full-text index holds: every word as its exact form "=w"
 *                          alone, no stems and no compound parts; identifiers as in
 *                          TEXT_MODE_INDEX; a word chunk also gives its joined exact form
 *                          (=informatieuitwisseling) colocated at its first position. A bare
 *                          query word is looked up through its key instead (text_term_keys()),
 *                          so the index needs one token per word and no stemming at all.
 *   TEXT_MODE_INDEX_STEMS  every word as its stem only, no "=" forms (only to measure them).
 *   TEXT_MODE_QUERY_STEM   one position per word: its stem s; a word chunk as one joined stem;
 *                          identifiers whole. When s is its own stem, also "=" + s colocated
 *                          (FTS5 reads colocated query tokens as synonyms): a word equal to s
 *                          was indexed as "=s" alone. So the pair finds exactly the words
 *                          whose stem is s, as the single stem token did when every word had it.
 *   TEXT_MODE_QUERY_KEY    as QUERY_STEM, but a word (or a word chunk, joined) gives one token:
 *                          TEXT_KEY_MARK + its stem, the key to look up in the index's table
 *                          of keys and exact forms; identifiers and numbers stay as they are.
 *   TEXT_MODE_QUERY_EXACT  one token per position: "=" + folded word; identifiers whole.
 *   TEXT_MODE_QUERY_PREFIX as QUERY_EXACT: with FTS5's prefix flag "=abc" then finds every word
 *                          that starts with abc (every word has its "=" form).
 * So a bare word at query time meets the stems, and a quoted word meets only its own folded form.
 *
 * Stop words: a chunk that is one word on the short list of Dutch function words
 * (text_is_stop_word(): de, het, een, van, en, of, …) gives no token in any mode but
 * TEXT_MODE_QUERY_PREFIX, and takes no position: "minister van onderwijs" is indexed as
 * minister, onderwijs at consecutive positions, and the quoted phrase "minister van onderwijs"
 * becomes "=minister =onderwijs", which still finds it. A stop word inside a hyphenated chunk
 * or an identifier stays (in-en-uitvoer); a prefix (van*) keeps it, to find vanaf, vandaag.
 * Roughly a third of the running words of Dutch text are on the list; they carried no weight in
 * the ranking and made the index large and phrases of common words slow.
 *
 * Limits: a segment keeps its first TEXT_MAX_TOKEN bytes of folded text (the offsets still span
 * all of it); a chunk has at most TEXT_MAX_SEGS segments (a longer hyphen chain is cut into
 * chunks). Input may be any bytes; it is never read past n and never written.
 */
#ifndef KW_TEXT_ANALYZE_H
#define KW_TEXT_ANALYZE_H

#include <stddef.h>

/* Bump when any rule here, in fold.c or in stem.c changes what is emitted: the index is rebuilt. */
#define TEXT_ANALYZER_VERSION "6"

#define TEXT_MAX_TOKEN 128
#define TEXT_MAX_SEGS 8
#define TEXT_EXACT_MARK '='
/* The first byte of a TEXT_MODE_QUERY_KEY token: a stem, the key of its forms. */
#define TEXT_KEY_MARK '~'
/* Same value as FTS5_TOKEN_COLOCATED; fts5_dutch.c checks that at compile time. */
#define TEXT_TOKEN_COLOCATED 0x0001

/* Errors returned by text_analyze() besides a callback's own non-zero value. */
#define TEXT_ENOMEM (-1)  /* the stemmer could not be created or failed */
#define TEXT_ETOOBIG (-2) /* input longer than INT_MAX bytes */

enum text_mode {
    TEXT_MODE_INDEX,
    TEXT_MODE_INDEX_STEMS,
    TEXT_MODE_INDEX_EXACT,
    TEXT_MODE_QUERY_STEM,
    TEXT_MODE_QUERY_KEY,
    TEXT_MODE_QUERY_EXACT,
    TEXT_MODE_QUERY_PREFIX,
};

/*
 * Receives one token: flags is 0 or TEXT_TOKEN_COLOCATED; tok[0..len) is not NUL-terminated and
 * valid only during the call; [start, end) are byte offsets into the analyzed input. A non-zero
 * return stops the analysis, and text_analyze() returns that value. This is FTS5's xToken shape.
 */
typedef int (*text_token_cb)(void *ctx, int flags, const char *tok, int len, int start, int end);

struct text_analyzer;

/* Returns NULL when out of memory. The Snowball stemmer is created on first use. */
struct text_analyzer *text_analyzer_new(void);
void text_analyzer_free(struct text_analyzer *a);

/*
 * Analyzes in[0..n) and calls cb for every token in order. Returns 0, the callback's non-zero
 * value, TEXT_ENOMEM or TEXT_ETOOBIG. Not thread-safe per analyzer: use one per thread.
 */
int text_analyze(struct text_analyzer *a, enum text_mode mode, const char *in, size_t n,
                 text_token_cb cb, void *ctx);

/*
 * The keys of the exact form w[0..n) (a folded word or joined word chunk, without the "="): its
 * stem, then, for a compound of letters (klimaatbeleid), the stems of its two parts (klimaat,
 * beleid), each through cb (flags 0 for the stem, TEXT_TOKEN_COLOCATED for the parts). A bare
 * query word whose TEXT_MODE_QUERY_KEY key is k finds exactly the exact forms that have k among
 * their keys: the words TEXT_MODE_INDEX would have matched through its stem and part tokens.
 * Returns 0, cb's non-zero value or TEXT_ENOMEM.
 */
int text_term_keys(struct text_analyzer *a, const char *w, size_t n, text_token_cb cb, void *ctx);

/* Is the folded word w[0..n) a stop word (see above)? */
int text_is_stop_word(const char *w, size_t n);

/*
 * "kw_dutch/<TEXT_ANALYZER_VERSION> snowball-dutch/libstemmer-2.2 probe=<hex>": what an index
 * records and compares. The probe is a hash of the raw Snowball stems of a fixed word list, so a
 * different libstemmer build that stems differently also changes the string. Static storage;
 * thread-safe.
 */
const char *text_analyzer_version(void);

#endif
