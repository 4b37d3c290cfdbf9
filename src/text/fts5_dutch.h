/*
 * fts5_dutch — the Dutch analyzer as an SQLite FTS5 tokenizer named "kw_dutch", and the helper
 * that writes MATCH terms for it.
 *
 * What it is for: `CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='kw_dutch')` indexes
 * Dutch text with the rules of analyze.h, and the search module builds MATCH expressions with
 * text_query_term() that find inflections for bare words, exact forms for quoted words, and
 * never raise an FTS5 syntax error.
 *
 * The contract between index and query (what the tokenizer does per FTS5 flag):
 *  - DOCUMENT and AUX (insert, delete, snippet/highlight): TEXT_MODE_INDEX — every word as
 *    "=" + its folded form, preceded by its stem when that differs; identifiers whole plus
 *    colocated parts.
 *  - QUERY: the string is split at ASCII white space. A piece starting with '=' is an exact
 *    form: the rest is analyzed in TEXT_MODE_QUERY_EXACT, so "=moties" stays "=moties" (already
 *    analyzed exact tokens pass through unchanged). Any other piece is analyzed as a bare word
 *    (TEXT_MODE_QUERY_STEM): folded and stemmed (with the "=" + stem synonym, analyze.h), so a
 *    raw `MATCH 'Moties'` also works. With FTS5_TOKENIZE_PREFIX (a trailing *), bare pieces
 *    are folded and marked as exact forms, not stemmed: "digitalis" * finds every word that
 *    starts with digitalis. A piece starting with '~' (TEXT_STEM_MARK, not with a prefix) is
 *    stemmed without the synonym (TEXT_MODE_QUERY_STEM_ONLY): the search module writes a bare
 *    word as ("~w" OR "=s"), which FTS5 evaluates much faster than the colocated pair.
 *  Stems are never passed through unchanged: re-stemming a stem is not a no-op, so
 *  text_query_term() hands FTS5 the folded word and leaves stemming to the tokenizer.
 *
 * Tokenizer arguments: none for normal use. `tokenize='kw_dutch stems_only'` leaves out the
 * exact forms (quoted words then match nothing); it exists to measure what exact forms cost.
 */
#ifndef KW_TEXT_FTS5_DUTCH_H
#define KW_TEXT_FTS5_DUTCH_H

#include <sqlite3.h>
#include <stddef.h>

#include "text/analyze.h"
#include "util/buf.h"

/* Registers "kw_dutch" on db. Returns an SQLite result code (SQLITE_ERROR without FTS5). */
int text_register_fts5(sqlite3 *db);

/*
 * Appends to out one FTS5 string (double-quoted, '"' doubled) that matches word[0..n):
 *  - exact == 0 (a bare word): the folded word; the tokenizer stems it, so "moties" finds motie,
 *    moties, motie's. Several words in `word` become a phrase of stems.
 *  - exact != 0 (a word of a quoted phrase): its exact forms, "=moties", which match only
 *    moties (and Moties, MOTIES). For a phrase, join the terms of its words with " + ".
 *  - exact | TEXT_TERM_PREFIX: the word is the start of a prefix search (" *" follows): stop
 *    words count (van* must find vanaf), which they do not otherwise (analyze.h): "van" alone
 *    returns 0, and a phrase leaves its stop words out ("minister van onderwijs" gives
 *    "=minister =onderwijs").
 * Identifiers and numbers are the same in both cases ("2021d35262", "f-35", "31293-593").
 * The result can be used wherever FTS5 takes a string: alone, after "col:", inside NEAR(), with
 * AND/OR/NOT between terms, with " *" after it for a prefix search.
 * Returns the number of index tokens the term stands for; 0 means the word holds nothing
 * searchable (only punctuation, say) and nothing was appended: leave the term out. Returns -1
 * (nothing appended) when out of memory. Any bytes are accepted, including invalid UTF-8.
 */
#define TEXT_TERM_EXACT 1
#define TEXT_TERM_PREFIX 2
int text_query_term(const char *word, size_t n, int exact, struct buf *out);

/*
 * The tokens FTS5 looks up for the query string text[0..n) (the inside of one FTS5 string),
 * exactly as the tokenizer produces them with FTS5_TOKENIZE_QUERY (and _PREFIX when prefix):
 * for the search module, which looks up term statistics before ranking. Returns 0, the
 * callback's non-zero value, or a TEXT_E* error.
 */
int text_query_tokens(struct text_analyzer *a, const char *text, size_t n, int prefix,
                      text_token_cb cb, void *ctx);

#endif
