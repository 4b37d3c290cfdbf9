/*
 * fold — Unicode folding for Dutch search: lower case, diacritics removed, typography normalised.
 *
 * What it is for: the analyzer (analyze.h) folds every character of a document and of a query the
 * same way, so "Geïnformeerd", "geinformeerd" and "GEÏNFORMEERD" become one word, "’" and "'"
 * one apostrophe, and "–" one hyphen.
 *
 * Promises:
 *  - Input is any byte string; it need not be valid UTF-8 or NUL-free. Each invalid byte becomes
 *    U+FFFD (class TEXT_CC_SEP). Nothing is read at or past s + n.
 *  - text_fold_step() consumes at least one byte whenever n > 0, so a loop over it ends.
 *  - Folding is idempotent: folding folded text gives the same text.
 *  - What folds: ASCII A–Z; Latin-1 À–ÿ (æ→ae, ß→ss, þ→th); Latin Extended-A (ĳ→ij, œ→oe, ł→l,
 *    ő→o, š→s ...); Romanian ș/ț; Greek and Cyrillic capitals to lower case; fullwidth ASCII;
 *    the ligatures ﬀ ﬁ ﬂ ﬃ ﬄ; super/subscript digits (CO₂ → co2). Combining marks (U+0300–036F),
 *    soft hyphens, zero-width joiners and variation selectors vanish (class TEXT_CC_DROP).
 *    Typographic apostrophes (’ ‘ ‚ ‛ ′ ´ `) become "'", quotes become '"', dashes and the minus
 *    sign become "-", the ellipsis "...", exotic spaces and C0/C1 controls a plain space.
 *  - Table-driven: ASCII and two-byte sequences cost one table look-up.
 */
#ifndef KW_TEXT_FOLD_H
#define KW_TEXT_FOLD_H

#include <stddef.h>

#include "util/buf.h"

/* What a folded character is to the tokenizer. */
enum text_cc {
    TEXT_CC_SEP = 0, /* punctuation, symbols, emoji, U+FFFD: ends a word */
    TEXT_CC_SPACE,   /* white space and control characters: ends a word */
    TEXT_CC_LETTER,  /* a letter of any script (after folding) */
    TEXT_CC_DIGIT,   /* 0-9, also super/subscript and fullwidth digits */
    TEXT_CC_HYPHEN,  /* '-' and the Unicode dashes */
    TEXT_CC_APOS,    /* "'" and typographic apostrophes */
    TEXT_CC_DROP     /* vanishes without ending a word: soft hyphen, combining mark, ZWJ */
};

/* One folded code point. `out` holds `outlen` (0..4) bytes, not NUL-terminated. */
struct text_fold_step {
    unsigned char consumed; /* input bytes eaten, 1..4 */
    unsigned char cls;      /* enum text_cc */
    unsigned char outlen;
    char out[4];
};

/* Folds the code point at s (n > 0 bytes available) into *st. Never reads past s + n. */
void text_fold_step(const unsigned char *s, size_t n, struct text_fold_step *st);

/* Appends the folded form of in[0..n) to out. */
void text_fold(const char *in, size_t n, struct buf *out);

/* ASCII fast path: class and folded byte of an ASCII byte c < 0x80. */
extern const unsigned char text_ascii_class[128];
extern const char text_ascii_fold[128];

#endif
