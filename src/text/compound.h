/*
 * compound — splitting Dutch compound words (klimaatbeleid = klimaat + beleid) so that a search
 * for either part finds the compound.
 *
 * Dutch writes compounds as one word, and Snowball does not split them; a user who searches
 * "stikstof" expects "stikstofproblematiek" too, and "woningen" should find "huurwoningen".
 * The split is dictionary based: a word of at least COMPOUND_MIN_WORD letters is cut into a
 * modifier and a head that are both words of the Dutch word list (Debian's wdutch, OpenTaal),
 * with an optional linking "s", "e" or "en" between them, preferring the longest modifier.
 * Particles that form words rather than compounds (onder-, over-, voor-, door-, ...) are never
 * modifiers, and suffix-like heads (-heid, -schap, -lijk, ...) are never heads.
 *
 * The word list is read once per process (about 330,000 words into a 4 MiB set of 64-bit
 * hashes). Without it (no wdutch, or KW_COMPOUND_DICT set to an empty string) nothing is split.
 * compound_signature() names the list, so an index built with another list is rebuilt.
 */
#ifndef KW_TEXT_COMPOUND_H
#define KW_TEXT_COMPOUND_H

#include <stdbool.h>
#include <stddef.h>

#define COMPOUND_DEFAULT_DICT "/usr/share/dict/dutch"
#define COMPOUND_MIN_WORD 9 /* letters; shorter words are never split */
#define COMPOUND_MIN_PART 4 /* letters of the modifier and of the head */

struct compound_split {
    size_t mod_len;    /* the modifier is w[0..mod_len) */
    size_t head_start; /* the head is w[head_start..n); a link ("s", "e", "en") lies between */
};

/*
 * Splits the folded word w[0..n) (lower case, letters only). Returns true and fills *out when
 * it is a compound of two dictionary words. Thread-safe; loads the word list on first use.
 */
bool compound_split(const char *w, size_t n, struct compound_split *out);

/* "wdutch:<words>:<hash>" or "none": what the analyzer version records. */
const char *compound_signature(void);

#endif
