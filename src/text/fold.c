/*
 * fold — Unicode folding for Dutch search; see fold.h for the promises.
 *
 * Design: ASCII goes through two 128-entry tables (class and folded byte). Latin-1 and Latin
 * Extended-A (U+00C0–U+017F) go through one table of base letters, with a marker for the few
 * that fold to two letters (æ ß þ ĳ œ). Everything else is a short chain of range tests, ordered
 * by how often Dutch parliamentary text meets them: typography (U+2000–U+206F) first.
 */
#include "text/fold.h"

#include <string.h>

#define S TEXT_CC_SEP
#define W TEXT_CC_SPACE
#define L TEXT_CC_LETTER
#define D TEXT_CC_DIGIT
#define H TEXT_CC_HYPHEN
#define A TEXT_CC_APOS

/* clang-format off */
const unsigned char text_ascii_class[128] = {
    W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, /* controls */
    W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
    W, S, S, S, S, S, S, A, S, S, S, S, S, H, S, S, /*  !"#$%&'()*+,-./ */
    D, D, D, D, D, D, D, D, D, D, S, S, S, S, S, S, /* 0-9 :;<=>? */
    S, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* @A-O */
    L, L, L, L, L, L, L, L, L, L, L, S, S, S, S, S, /* P-Z [\]^_ */
    A, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* `a-o (backtick as apostrophe) */
    L, L, L, L, L, L, L, L, L, L, L, S, S, S, S, W, /* p-z {|}~ DEL */
};
#undef S
#undef W
#undef L
#undef D
#undef H
#undef A

/* Controls and DEL become ' ', A-Z a-z, '`' an apostrophe; the rest stays. */
const char text_ascii_fold[128] = {
    ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
    ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
    ' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '[', '\\', ']', '^', '_',
    '\'', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', ' ',
};

/*
 * Base letter of U+00C0..U+017F. '\1' marks a letter that folds to two letters, '\2' a symbol
 * (× ÷) that stays as it is.
 */
static const char latin_base[0x180 - 0xC0 + 1] =
    "aaaaaa\1ceeeeiiii"  /* C0 */
    "dnooooo\2ouuuuy\1\1" /* D0 */
    "aaaaaa\1ceeeeiiii"  /* E0 */
    "dnooooo\2ouuuuy\1y" /* F0 */
    "aaaaaaccccccccdd"   /* 100 */
    "ddeeeeeeeeeegggg"   /* 110 */
    "gggghhhhiiiiiiii"   /* 120 */
    "ii\1\1jjkkklllllll" /* 130 */
    "lllnnnnnnnnnoooo"   /* 140 */
    "oo\1\1rrrrrrssssss" /* 150 */
    "ssttttttuuuuuuuu"   /* 160 */
    "uuuuwwyyyzzzzzzs";  /* 170 */

/* clang-format on */

static const char *latin_pair(unsigned cp)
{
    switch (cp) {
    case 0xC6:
    case 0xE6:
        return "ae";
    case 0xDE:
    case 0xFE:
        return "th";
    case 0xDF:
        return "ss";
    case 0x132:
    case 0x133:
        return "ij";
    default: /* 0x152, 0x153 */
        return "oe";
    }
}

static void put(struct text_fold_step *st, enum text_cc cls, const char *s)
{
    size_t n = strlen(s);
    st->cls = (unsigned char)cls;
    st->outlen = (unsigned char)n;
    memcpy(st->out, s, n);
}

static void put_cp(struct text_fold_step *st, enum text_cc cls, unsigned cp)
{
    st->cls = (unsigned char)cls;
    if (cp < 0x80) {
        st->out[0] = (char)cp;
        st->outlen = 1;
    } else if (cp < 0x800) {
        st->out[0] = (char)(0xC0 | (cp >> 6));
        st->out[1] = (char)(0x80 | (cp & 0x3F));
        st->outlen = 2;
    } else if (cp < 0x10000) {
        st->out[0] = (char)(0xE0 | (cp >> 12));
        st->out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        st->out[2] = (char)(0x80 | (cp & 0x3F));
        st->outlen = 3;
    } else {
        st->out[0] = (char)(0xF0 | (cp >> 18));
        st->out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        st->out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        st->out[3] = (char)(0x80 | (cp & 0x3F));
        st->outlen = 4;
    }
}

static void put_none(struct text_fold_step *st, enum text_cc cls)
{
    st->cls = (unsigned char)cls;
    st->outlen = 0;
}

/* U+0080..U+07FF */
static void fold_2byte(unsigned cp, struct text_fold_step *st)
{
    if (cp >= 0xC0 && cp < 0x180) {
        char c = latin_base[cp - 0xC0];
        if (c == '\1')
            put(st, TEXT_CC_LETTER, latin_pair(cp));
        else if (c == '\2')
            put_cp(st, TEXT_CC_SEP, cp);
        else {
            st->cls = TEXT_CC_LETTER;
            st->out[0] = c;
            st->outlen = 1;
        }
        return;
    }
    if (cp < 0xC0) {
        switch (cp) {
        case 0xA0:
            put(st, TEXT_CC_SPACE, " ");
            return;
        case 0xAD: /* soft hyphen */
            put_none(st, TEXT_CC_DROP);
            return;
        case 0xB4: /* acute accent, typed as an apostrophe: "agenda´s" */
            put(st, TEXT_CC_APOS, "'");
            return;
        case 0xB2:
            put(st, TEXT_CC_DIGIT, "2");
            return;
        case 0xB3:
            put(st, TEXT_CC_DIGIT, "3");
            return;
        case 0xB9:
            put(st, TEXT_CC_DIGIT, "1");
            return;
        case 0xAB: /* « » */
        case 0xBB:
            put(st, TEXT_CC_SEP, "\"");
            return;
        default:
            if (cp < 0xA0)
                put(st, TEXT_CC_SPACE, " "); /* C1 controls */
            else
                put_cp(st, TEXT_CC_SEP, cp);
            return;
        }
    }
    if (cp >= 0x218 && cp <= 0x21B) { /* ș ț (Romanian names) */
        put(st, TEXT_CC_LETTER, cp < 0x21A ? "s" : "t");
        return;
    }
    if (cp >= 0x300 && cp <= 0x36F) { /* combining diacritics: é written as e + U+0301 */
        put_none(st, TEXT_CC_DROP);
        return;
    }
    if (cp == 0x2BC || cp == 0x2BB || cp == 0x2BD) {
        put(st, TEXT_CC_APOS, "'");
        return;
    }
    if (cp >= 0x2C2 && cp <= 0x2FF) { /* spacing modifier symbols ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝ */
        put_cp(st, TEXT_CC_SEP, cp);
        return;
    }
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) /* Greek capitals */
        cp += 0x20;
    else if (cp >= 0x400 && cp <= 0x40F) /* Cyrillic Ѐ..Џ */
        cp += 0x50;
    else if (cp >= 0x410 && cp <= 0x42F) /* Cyrillic А..Я */
        cp += 0x20;
    else if (cp == 0x37E || cp == 0x387 || (cp >= 0x55A && cp <= 0x55F) || cp == 0x589 ||
             cp == 0x5BE || cp == 0x5C0 || cp == 0x5C3 || cp == 0x5F3 || cp == 0x5F4 ||
             (cp >= 0x60C && cp <= 0x61F && cp != 0x610) || cp == 0x6D4) {
        put_cp(st, TEXT_CC_SEP, cp); /* Greek, Armenian, Hebrew, Arabic punctuation */
        return;
    }
    put_cp(st, TEXT_CC_LETTER, cp);
}

/* U+2000..U+206F: general punctuation. */
static void fold_punct(unsigned cp, struct text_fold_step *st)
{
    if (cp <= 0x200B || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F)
        put(st, TEXT_CC_SPACE, " ");
    else if (cp <= 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064))
        put_none(st, TEXT_CC_DROP); /* ZWNJ, ZWJ, direction marks, word joiner */
    else if (cp <= 0x2015)
        put(st, TEXT_CC_HYPHEN, "-");
    else if ((cp >= 0x2018 && cp <= 0x201B) || cp == 0x2032 || cp == 0x2035)
        put(st, TEXT_CC_APOS, "'");
    else if ((cp >= 0x201C && cp <= 0x201F) || cp == 0x2033 || cp == 0x2036)
        put(st, TEXT_CC_SEP, "\"");
    else if (cp == 0x2026)
        put(st, TEXT_CC_SEP, "...");
    else
        put_cp(st, TEXT_CC_SEP, cp);
}

/* U+0800..U+FFFF */
static void fold_3byte(unsigned cp, struct text_fold_step *st)
{
    if (cp >= 0x2000 && cp <= 0x206F) {
        fold_punct(cp, st);
        return;
    }
    if (cp >= 0x2070 && cp <= 0x2089) { /* superscript and subscript digits */
        static const signed char sup[26] = {0,  1,  -1, -1, 4, 5, 6, 7, 8, 9, -1, -1, -1,
                                            -1, -1, -1, 0,  1, 2, 3, 4, 5, 6, 7,  8,  9};
        int d = sup[cp - 0x2070];
        if (d < 0)
            put_cp(st, TEXT_CC_SEP, cp);
        else {
            st->cls = TEXT_CC_DIGIT;
            st->out[0] = (char)('0' + d);
            st->outlen = 1;
        }
        return;
    }
    if (cp == 0x2212) { /* minus sign */
        put(st, TEXT_CC_HYPHEN, "-");
        return;
    }
    if (cp >= 0x1E00 && cp <= 0x1FFF) { /* Latin Extended Additional, Greek Extended */
        put_cp(st, TEXT_CC_LETTER, cp);
        return;
    }
    if ((cp >= 0x2070 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
        (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xFFF0) {
        put_cp(st, TEXT_CC_SEP, cp); /* symbols, arrows, math, private use, specials, U+FFFD */
        return;
    }
    if (cp == 0x3000) {
        put(st, TEXT_CC_SPACE, " ");
        return;
    }
    if (cp >= 0xFB00 && cp <= 0xFB06) {
        static const char *const lig[7] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
        put(st, TEXT_CC_LETTER, lig[cp - 0xFB00]);
        return;
    }
    if ((cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF) { /* variation selectors, BOM */
        put_none(st, TEXT_CC_DROP);
        return;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) { /* fullwidth ASCII */
        unsigned c = cp - 0xFF01 + 0x21;
        st->cls = text_ascii_class[c];
        st->out[0] = text_ascii_fold[c];
        st->outlen = 1;
        return;
    }
    if ((cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF5F && cp <= 0xFF65)) {
        put_cp(st, TEXT_CC_SEP, cp); /* vertical and small forms, halfwidth punctuation */
        return;
    }
    put_cp(st, TEXT_CC_LETTER, cp);
}

/* U+10000..U+10FFFF */
static void fold_4byte(unsigned cp, struct text_fold_step *st)
{
    if (cp >= 0xE0000 && cp <= 0xE007F)
        put_none(st, TEXT_CC_DROP); /* tag characters */
    else if ((cp >= 0x1F000 && cp <= 0x1FAFF) || cp >= 0xF0000)
        put_cp(st, TEXT_CC_SEP, cp); /* emoji and pictographs, private use */
    else
        put_cp(st, TEXT_CC_LETTER, cp);
}

static void invalid(struct text_fold_step *st)
{
    st->consumed = 1;
    put(st, TEXT_CC_SEP, "\xEF\xBF\xBD");
}

static int cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

void text_fold_step(const unsigned char *s, size_t n, struct text_fold_step *st)
{
    unsigned c = s[0];
    if (c < 0x80) {
        st->consumed = 1;
        st->cls = text_ascii_class[c];
        st->out[0] = text_ascii_fold[c];
        st->outlen = 1;
        return;
    }
    if (c < 0xC2) { /* stray continuation byte or overlong two-byte lead */
        invalid(st);
        return;
    }
    if (c < 0xE0) {
        if (n < 2 || !cont(s[1])) {
            invalid(st);
            return;
        }
        st->consumed = 2;
        fold_2byte(((c & 0x1Fu) << 6) | (s[1] & 0x3Fu), st);
        return;
    }
    if (c < 0xF0) {
        if (n < 3 || !cont(s[1]) || !cont(s[2])) {
            invalid(st);
            return;
        }
        unsigned cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            invalid(st);
            return;
        }
        st->consumed = 3;
        fold_3byte(cp, st);
        return;
    }
    if (c < 0xF5) {
        if (n < 4 || !cont(s[1]) || !cont(s[2]) || !cont(s[3])) {
            invalid(st);
            return;
        }
        unsigned cp =
            ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
        if (cp < 0x10000 || cp > 0x10FFFF) {
            invalid(st);
            return;
        }
        st->consumed = 4;
        fold_4byte(cp, st);
        return;
    }
    invalid(st);
}

void text_fold(const char *in, size_t n, struct buf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;
    buf_grow(out, n);
    while (i < n) {
        if (s[i] < 0x80) {
            buf_addc(out, text_ascii_fold[s[i]]);
            i++;
            continue;
        }
        struct text_fold_step st;
        text_fold_step(s + i, n - i, &st);
        buf_add(out, st.out, st.outlen);
        i += st.consumed;
    }
}
