/*
 * stem — Dutch stemming for the analyzer: Snowball "dutch" (libstemmer 2.2) plus the corrections
 * that parliamentary text needs.
 *
 * What it is for: mapping the inflections of a word to one index term, so a search for "moties"
 * finds "motie" and "wetsvoorstellen" finds "wetsvoorstel".
 *
 * Pipeline for a folded, lower-case word (see stem.c for the measured reasons):
 *   1. an override table of whole words (kamerleden → kamerlid, overheid stays overheid);
 *   2. plural rules Snowball 2.2 lacks: -'s, -ies, -ieën, consonant + -es (before stemming);
 *   3. Snowball dutch;
 *   4. after stemming: -ieel/-iaal → -iel/-ial, -iev/-ijv → -ief/-ijf, -uiz/-iez/-eiz/-ijz →
 *      -uis/-ies/-eis/-ijs, and a final double consonant undoubled (wetsvoorstell).
 * Words longer than TEXT_STEM_MAX bytes or holding non-ASCII bytes are returned unchanged.
 *
 * Promises: the stem of a word never depends on earlier calls (the cache only saves time), never
 * contains '=' or white space unless the word did, and is at most TEXT_STEM_MAX bytes long. A
 * text_stemmer is not thread-safe: use one per thread (FTS5 makes one per tokenizer instance).
 */
#ifndef KW_TEXT_STEM_H
#define KW_TEXT_STEM_H

#include <stddef.h>

#define TEXT_STEM_MAX 64

struct text_stemmer;

/* Returns NULL when libstemmer cannot create its "dutch" stemmer or memory runs out. */
struct text_stemmer *text_stemmer_new(void);
void text_stemmer_free(struct text_stemmer *s);

/*
 * Stems w[0..n) and returns the stem, *len set to its length. The returned memory belongs to s
 * and stays valid until the next call on s. Returns NULL only if libstemmer fails (out of memory).
 */
const char *text_stem(struct text_stemmer *s, const char *w, size_t n, size_t *len);

/* "snowball-dutch-2.2" style description of the algorithm underneath, for the analyzer version. */
const char *text_stemmer_algorithm(void);

#endif
