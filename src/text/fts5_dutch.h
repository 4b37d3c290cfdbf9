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
 *  - DOCUMENT and AUX (insert, delete, snippet/highlight): TEXT_MODE_INDEX_EXACT — every word
 *    as "=" + its folded form and nothing else; identifiers whole plus colocated parts. No
 *    stems: one token per word keeps the index small and indexing fast.
 *  - Bare words find their inflections and the compounds they are part of through a table the
 *    search module keeps beside the index: (key, exact form) for the keys text_term_keys()
 *    gives each exact form. To fill it, the indexer turns recording on (text_fts5_record) and
 *    drains the exact forms indexed since the last drain (text_fts5_drain) before it commits.
 *    At query time it looks a bare word's key up and writes the forms as "|form" pieces.
 *  - QUERY: the string is split at ASCII white space. A piece starting with '=' is an exact
 *    form: the rest is analyzed in TEXT_MODE_QUERY_EXACT, so "=moties" stays "=moties" (already
 *    analyzed exact tokens pass through unchanged). A piece starting with '|' (TEXT_ALT_MARK)
 *    lists index tokens, each after a '|', given verbatim and colocated (FTS5 query synonyms):
 *    "|=motie|=moties". Any other piece is a bare word not rewritten by the search module: it
 *    finds the word that is its own stem only ("~" key read as "=" + stem). With
 *    FTS5_TOKENIZE_PREFIX (a trailing *), bare pieces are folded and marked as exact forms, not
 *    stemmed: "digitalis" * finds every word that starts with digitalis.
 *  Stems are never passed through unchanged: re-stemming a stem is not a no-op, so
 *  text_query_term() hands FTS5 the folded word and leaves stemming to the tokenizer.
 *
 * Tokenizer arguments: none for the full-text index. `tokenize='kw_dutch all_forms'` indexes
 * in TEXT_MODE_INDEX instead (stems, exact forms and compound parts side by side, so a bare
 * query word needs no table of keys and is stemmed by the tokenizer: TEXT_MODE_QUERY_STEM, no
 * '|' pieces): for small throw-away indexes such as a
 * batch of new items matched against saved searches. `tokenize='kw_dutch stems_only'` leaves
 * out the exact forms (quoted words then match nothing); it exists to measure what they cost.
 */
#ifndef KW_TEXT_FTS5_DUTCH_H
#define KW_TEXT_FTS5_DUTCH_H

#include <sqlite3.h>
#include <stddef.h>

#include "text/analyze.h"
#include "util/buf.h"

/* The first byte of a query piece of verbatim, colocated index tokens (see above). */
#define TEXT_ALT_MARK '|'

/* Registers "kw_dutch" on db. Returns an SQLite result code (SQLITE_ERROR without FTS5). */
int text_register_fts5(sqlite3 *db);

/*
 * Recording of exact forms on db's connection (kw_dutch registered): while on, every exact form
 * the tokenizer indexes into a document is kept once in a set. Turning it off forgets the set.
 * Returns 0, or -1 when kw_dutch is not registered on db.
 */
int text_fts5_record(sqlite3 *db, int on);

/*
 * Calls fn(ctx, form, n) for every exact form (without the "=") recorded since the last drain;
 * forms already passed on are not passed again while the set stays within its memory bound
 * (64 MB), after which it starts afresh. Returns 0, fn's non-zero value, -1 (not registered)
 * or TEXT_ENOMEM (a form could not be recorded: the caller must not commit).
 */
int text_fts5_drain(sqlite3 *db, int (*fn)(void *ctx, const char *term, size_t n), void *ctx);

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

/*
 * The tokens FTS5 looks up for the strings of the MATCH expression m that are not under NOT
 * (the right operand of NOT: one string or phrase, one NEAR(), or one parenthesised group),
 * in order: cb(ctx, string, prefix, tok, len) with the string's number in m (from 0, counting
 * every string) and prefix != 0 when a '*' follows it (then every index token that starts with
 * tok matches). index_exact != 0: as the full-text index's tokenizer reads them ('|' pieces,
 * bare words by their exact form); 0: as a tokenize='kw_dutch all_forms' table reads them.
 * For marking the words of a hit. Returns 0, cb's non-zero value or a TEXT_E* error.
 */
typedef int (*text_match_cb)(void *ctx, int string, int prefix, const char *tok, int len);
int text_match_tokens(struct text_analyzer *a, const char *m, int index_exact, text_match_cb cb,
                      void *ctx);

#endif
