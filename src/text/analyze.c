/*
 * analyze — the Dutch text analyzer; see analyze.h for the token rules.
 *
 * One pass over the input: each code point is folded (ASCII through two tables inline) and
 * appended to the current segment; a separator ends the chunk, which is then classified and
 * emitted. No allocation per token: segments live in fixed arrays inside the analyzer.
 */
#include "text/analyze.h"

#include <libstemmer.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/compound.h"
#include "text/fold.h"
#include "text/stem.h"

struct seg {
    int start, end; /* byte offsets in the original input */
    int off, len;   /* folded text in a->fold */
    unsigned char letters, digits, apos, full;
};

struct text_analyzer {
    struct text_stemmer *stemmer;
    enum text_mode mode;
    text_token_cb cb;
    void *ctx;
    int nseg;
    struct seg segs[TEXT_MAX_SEGS];
    char fold[TEXT_MAX_SEGS * TEXT_MAX_TOKEN];
    char tok[TEXT_MAX_SEGS * (TEXT_MAX_TOKEN + 1) + 2];
    char exact[TEXT_MAX_SEGS * (TEXT_MAX_TOKEN + 1) + 2]; /* "=" + a word or a stem */
    /* "31 293": the two digits of the chunk just emitted, if it was a lone two-digit number. */
    int num2;
    char num2_digits[2];
    int gap_spaces;
};

struct text_analyzer *text_analyzer_new(void)
{
    return calloc(1, sizeof(struct text_analyzer));
}

void text_analyzer_free(struct text_analyzer *a)
{
    if (!a)
        return;
    text_stemmer_free(a->stemmer);
    free(a);
}

/* ---- segment predicates ---- */

static const char *seg_text(const struct text_analyzer *a, const struct seg *s)
{
    return a->fold + s->off;
}

static int is_word(const struct seg *s)
{
    return s->letters && !s->digits;
}

static int is_alpha(const struct seg *s)
{
    return s->letters && !s->digits && !s->apos;
}

static int is_number(const struct seg *s)
{
    return s->digits && !s->letters;
}

static int seg_is(const struct text_analyzer *a, const struct seg *s, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)s->len == n && memcmp(seg_text(a, s), lit, n) == 0;
}

/* ---- stop words ---- */

/* Dutch function words that are neither indexed nor searched (analyze.h). Grouped by length so
 * that a token is compared only with the words of its own length (57 in all). */
static const char *const stop_by_len[][32] = {
    [1] = {"u"},
    [2] = {"de", "en", "of", "in", "op", "te", "om", "er", "is", "ze", "we", "ik", "je", "al",
           "zo"},
    [3] = {"het", "een", "van", "dat", "die", "met", "aan", "als", "bij", "tot", "uit", "was",
           "ook", "dan", "nog", "dit", "zij", "hij", "wij", "hun", "wel", "wat", "hoe", "wie",
           "ten", "der", "den", "des"},
    [4] = {"voor", "door", "naar", "zijn", "werd", "maar", "deze", "zich", "daar", "hier",
           "over"},
    [5] = {"wordt"},
    [6] = {"worden"},
};

int text_is_stop_word(const char *w, size_t n)
{
    if (n == 0 || n >= sizeof stop_by_len / sizeof stop_by_len[0])
        return 0;
    const char *const *l = stop_by_len[n];
    for (size_t i = 0; i < 32 && l[i]; i++)
        if (l[i][0] == w[0] && memcmp(l[i], w, n) == 0)
            return 1;
    return 0;
}

/* ---- emitting ---- */

static int emit(struct text_analyzer *a, int flags, const char *tok, size_t len, int start, int end)
{
    if (len == 0)
        return 0;
    return a->cb(a->ctx, flags, tok, (int)len, start, end);
}

/* Joins segments [from, to) into a->tok (after `skip` bytes already there) with `sep` between
 * them (0 for none); returns the total length. */
static size_t join(struct text_analyzer *a, size_t skip, int from, int to, char sep)
{
    size_t n = skip;
    for (int i = from; i < to; i++) {
        if (sep && i > from)
            a->tok[n++] = sep;
        memcpy(a->tok + n, seg_text(a, &a->segs[i]), (size_t)a->segs[i].len);
        n += (size_t)a->segs[i].len;
    }
    return n;
}

static int stem_into(struct text_analyzer *a, const char *w, size_t n, const char **out,
                     size_t *outlen)
{
    if (!a->stemmer) {
        a->stemmer = text_stemmer_new();
        if (!a->stemmer)
            return TEXT_ENOMEM;
    }
    *out = text_stem(a->stemmer, w, n, outlen);
    return *out ? 0 : TEXT_ENOMEM;
}

/* "=" + w[0..n) into a->exact; returns its length. */
static size_t mark_exact(struct text_analyzer *a, const char *w, size_t n)
{
    a->exact[0] = TEXT_EXACT_MARK;
    memcpy(a->exact + 1, w, n);
    return n + 1;
}

/* A word w at [start, end): its stem and/or its exact form, as the mode asks (analyze.h). */
static int emit_word(struct text_analyzer *a, int flags, const char *w, size_t n, int start,
                     int end)
{
    int rc;
    enum text_mode m = a->mode;
    if (m == TEXT_MODE_QUERY_EXACT || m == TEXT_MODE_QUERY_PREFIX ||
        m == TEXT_MODE_INDEX_EXACT)
        return emit(a, flags, a->exact, mark_exact(a, w, n), start, end);
    const char *st;
    size_t sl;
    if ((rc = stem_into(a, w, n, &st, &sl)) != 0)
        return rc;
    if (m == TEXT_MODE_INDEX_STEMS)
        return emit(a, flags, st, sl, start, end);
    if (m == TEXT_MODE_INDEX) {
        /* the exact form always; the stem only when it is a different token */
        if (sl == n && memcmp(st, w, n) == 0)
            return emit(a, flags, a->exact, mark_exact(a, w, n), start, end);
        if ((rc = emit(a, flags, st, sl, start, end)) != 0)
            return rc;
        return emit(a, TEXT_TOKEN_COLOCATED, a->exact, mark_exact(a, w, n), start, end);
    }
    if (m == TEXT_MODE_QUERY_KEY) {
        /* TEXT_KEY_MARK + the stem: the key under which text_term_keys() files the forms */
        a->exact[0] = TEXT_KEY_MARK;
        memcpy(a->exact + 1, st, sl);
        return emit(a, flags, a->exact, sl + 1, start, end);
    }
    /* TEXT_MODE_QUERY_STEM: the stem, and as a synonym "=" + stem when a word that is its own
     * stem was indexed as that exact form alone */
    size_t el = mark_exact(a, st, sl);
    if ((rc = emit(a, flags, a->exact + 1, sl, start, end)) != 0)
        return rc;
    if ((rc = stem_into(a, a->exact + 1, sl, &st, &sl)) != 0)
        return rc;
    if (sl + 1 == el && memcmp(st, a->exact + 1, sl) == 0)
        return emit(a, TEXT_TOKEN_COLOCATED, a->exact, el, start, end);
    return 0;
}

/* The parts of a compound word (klimaatbeleid: klimaat, beleid) as stems at its position, so
 * that a search for a part finds it; exact forms and phrases are not affected. Index only. */
static int emit_parts(struct text_analyzer *a, const char *w, size_t n, int start, int end)
{
    struct compound_split cs;
    if (!compound_split(w, n, &cs))
        return 0;
    const char *st;
    size_t sl;
    int rc;
    if ((rc = stem_into(a, w, cs.mod_len, &st, &sl)) != 0 ||
        (rc = emit(a, TEXT_TOKEN_COLOCATED, st, sl, start, end)) != 0)
        return rc;
    if ((rc = stem_into(a, w + cs.head_start, n - cs.head_start, &st, &sl)) != 0)
        return rc;
    return emit(a, TEXT_TOKEN_COLOCATED, st, sl, start, end);
}

static int index_mode(const struct text_analyzer *a);

static int emit_seg(struct text_analyzer *a, int i)
{
    const struct seg *s = &a->segs[i];
    if (is_word(s)) {
        size_t n = join(a, 1, i, i + 1, 0) - 1;
        int rc = emit_word(a, 0, a->tok + 1, n, s->start, s->end);
        if (rc == 0 && is_alpha(s) && index_mode(a) && a->mode != TEXT_MODE_INDEX_EXACT)
            rc = emit_parts(a, a->tok + 1, n, s->start, s->end);
        return rc;
    }
    return emit(a, 0, seg_text(a, s), (size_t)s->len, s->start, s->end);
}

static int index_mode(const struct text_analyzer *a)
{
    return a->mode == TEXT_MODE_INDEX || a->mode == TEXT_MODE_INDEX_STEMS ||
           a->mode == TEXT_MODE_INDEX_EXACT;
}

static int query_whole_chunk(const struct text_analyzer *a)
{
    return a->mode == TEXT_MODE_QUERY_STEM || a->mode == TEXT_MODE_QUERY_KEY;
}

/* Two or more words joined by hyphens: informatie-uitwisseling. */
static int emit_compound(struct text_analyzer *a, int from, int to)
{
    int rc;
    int start = a->segs[from].start, end = a->segs[to - 1].end;
    if (query_whole_chunk(a)) {
        size_t n = join(a, 1, from, to, 0) - 1;
        return emit_word(a, 0, a->tok + 1, n, start, end);
    }
    for (int i = from; i < to; i++) {
        if ((rc = emit_seg(a, i)) != 0)
            return rc;
        if (i == from && a->mode == TEXT_MODE_INDEX_EXACT) {
            /* the joined exact form; text_term_keys() files it under the joined stem */
            size_t n = join(a, 1, from, to, 0);
            a->tok[0] = TEXT_EXACT_MARK;
            if ((rc = emit(a, TEXT_TOKEN_COLOCATED, a->tok, n, start, end)) != 0)
                return rc;
        } else if (i == from && index_mode(a)) {
            size_t n = join(a, 0, from, to, 0);
            const char *st;
            size_t sl;
            if ((rc = stem_into(a, a->tok, n, &st, &sl)) != 0)
                return rc;
            if ((rc = emit(a, TEXT_TOKEN_COLOCATED, st, sl, start, end)) != 0)
                return rc;
        }
    }
    return 0;
}

enum id_kind { ID_NONE, ID_PREFIXED, ID_DOSSIER, ID_LETTERS_DIGITS };

/* Does an identifier start at segment `from`? Sets *kind and *prefix; returns its segment count. */
static int classify_id(const struct text_analyzer *a, int from, int to, enum id_kind *kind,
                       int *prefix)
{
    static const char *const prefixes[] = {"kst", "stb", "stcrt", "blg", "trb"};
    const struct seg *s = &a->segs[from];
    int n = to - from;
    *kind = ID_NONE;
    *prefix = 0;
    if (n < 2)
        return 0;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        if (seg_is(a, s, prefixes[i]) && s[1].digits) {
            *kind = ID_PREFIXED;
            *prefix = 1;
            return n;
        }
    }
    if (n >= 3 && (seg_is(a, s, "kv") || seg_is(a, s, "ah") || seg_is(a, s, "h")) &&
        seg_is(a, &s[1], "tk") && s[2].digits) {
        *kind = ID_PREFIXED;
        *prefix = 2;
        return n;
    }
    if (is_number(s) && s->len == 5 &&
        ((is_number(&s[1]) && s[1].len <= 4) || (is_alpha(&s[1]) && s[1].len <= 5))) {
        *kind = ID_DOSSIER;
        return (n >= 3 && is_number(&s[2]) && s[2].len <= 5) ? 3 : 2;
    }
    if (is_alpha(s) && s->len <= 10 && is_number(&s[1]) && s[1].len <= 3) {
        *kind = ID_LETTERS_DIGITS;
        return 2;
    }
    return 0;
}

/* The colocated shorter forms of a dossier number [from, to): 21501-07-1234 → 21501, 21501-07. */
static int emit_dossier_parts(struct text_analyzer *a, int from, int to, int start, int end)
{
    int rc;
    for (int j = from + 1; j < to; j++) {
        size_t n = join(a, 0, from, j, '-');
        if ((rc = emit(a, TEXT_TOKEN_COLOCATED, a->tok, n, start, end)) != 0)
            return rc;
    }
    return 0;
}

static int emit_id(struct text_analyzer *a, int from, int to, enum id_kind kind, int prefix)
{
    int rc;
    int start = a->segs[from].start, end = a->segs[to - 1].end;
    size_t n = join(a, 0, from, to, '-');
    if ((rc = emit(a, 0, a->tok, n, start, end)) != 0)
        return rc;
    if (!index_mode(a))
        return 0;
    if (kind == ID_PREFIXED) {
        int b = from + prefix;
        n = join(a, 0, b, to, '-');
        if ((rc = emit(a, TEXT_TOKEN_COLOCATED, a->tok, n, start, end)) != 0)
            return rc;
        enum id_kind k2;
        int p2;
        if (classify_id(a, b, to, &k2, &p2) == to - b && k2 == ID_DOSSIER)
            return emit_dossier_parts(a, b, to, start, end);
        return 0;
    }
    if (kind == ID_DOSSIER)
        return emit_dossier_parts(a, from, to, start, end);
    /* letters-digits: f-35 → f35; covid-19 → covid19 and the word covid */
    n = join(a, 0, from, to, 0);
    if ((rc = emit(a, TEXT_TOKEN_COLOCATED, a->tok, n, start, end)) != 0)
        return rc;
    if (a->segs[from].len >= 3) {
        n = join(a, 1, from, from + 1, 0) - 1;
        return emit_word(a, TEXT_TOKEN_COLOCATED, a->tok + 1, n, start, end);
    }
    return 0;
}

static int all_words(const struct text_analyzer *a, int from, int to)
{
    for (int i = from; i < to; i++)
        if (!is_word(&a->segs[i]))
            return 0;
    return 1;
}

/* "31 293": a lone three-digit number one space after a lone two-digit number. */
static int emit_spaced_number(struct text_analyzer *a)
{
    const struct seg *s = &a->segs[0];
    int rc = 0;
    if (a->nseg == 1 && is_number(s) && s->len == 3 && a->num2 && a->gap_spaces == 1 &&
        index_mode(a)) {
        char t[5];
        memcpy(t, a->num2_digits, 2);
        memcpy(t + 2, seg_text(a, s), 3);
        rc = emit(a, TEXT_TOKEN_COLOCATED, t, 5, s->start, s->end);
    }
    a->num2 = a->nseg == 1 && is_number(s) && s->len == 2;
    if (a->num2)
        memcpy(a->num2_digits, seg_text(a, s), 2);
    a->gap_spaces = 0;
    return rc;
}

static int flush(struct text_analyzer *a)
{
    int rc = 0;
    int from = 0, to = a->nseg;
    if (to == 0)
        return 0;
    while (from < to && rc == 0) {
        enum id_kind kind;
        int prefix;
        int k = classify_id(a, from, to, &kind, &prefix);
        if (k) {
            rc = emit_id(a, from, from + k, kind, prefix);
            from += k;
        } else if (to - from >= 2 && all_words(a, from, to)) {
            rc = emit_compound(a, from, to);
            from = to;
        } else {
            const struct seg *sg = &a->segs[from];
            /* a lone word that is a stop word has no token and no position (analyze.h) */
            if (!(to == 1 && a->mode != TEXT_MODE_QUERY_PREFIX && is_alpha(sg) &&
                  text_is_stop_word(seg_text(a, sg), (size_t)sg->len)))
                rc = emit_seg(a, from);
            if (rc == 0 && to - from == 1 && from == 0)
                rc = emit_spaced_number(a);
            from++;
        }
    }
    if (a->nseg != 1)
        a->num2 = 0;
    a->nseg = 0;
    return rc;
}

/* ---- the scanner ---- */

enum scan_state { OUTSIDE, IN_SEG, AFTER_APOS, AFTER_HYPHEN };

int text_analyze(struct text_analyzer *a, enum text_mode mode, const char *in, size_t n,
                 text_token_cb cb, void *ctx)
{
    if (n > INT_MAX)
        return TEXT_ETOOBIG;
    const unsigned char *s = (const unsigned char *)in;
    a->mode = mode;
    a->cb = cb;
    a->ctx = ctx;
    a->nseg = 0;
    a->num2 = 0;
    a->gap_spaces = 0;
    enum scan_state state = OUTSIDE;
    int foldlen = 0;
    struct seg *cur = NULL;
    int rc = 0;
    size_t i = 0;
    while (i < n) {
        struct text_fold_step st;
        if (s[i] < 0x80) {
            st.consumed = 1;
            st.cls = text_ascii_class[s[i]];
            st.out[0] = text_ascii_fold[s[i]];
            st.outlen = 1;
        } else {
            text_fold_step(s + i, n - i, &st);
        }
        switch (st.cls) {
        case TEXT_CC_LETTER:
        case TEXT_CC_DIGIT:
            if (state == AFTER_APOS && st.cls == TEXT_CC_DIGIT) {
                if ((rc = flush(a)) != 0)
                    return rc;
                state = OUTSIDE;
            }
            if (state == OUTSIDE || state == AFTER_HYPHEN) {
                if (state == OUTSIDE || a->nseg == TEXT_MAX_SEGS) {
                    if ((rc = flush(a)) != 0)
                        return rc;
                    foldlen = 0;
                }
                cur = &a->segs[a->nseg++];
                memset(cur, 0, sizeof *cur);
                cur->start = (int)i;
                cur->off = foldlen;
            } else if (state == AFTER_APOS && !cur->full) {
                if (cur->len + 1 <= TEXT_MAX_TOKEN) {
                    a->fold[foldlen++] = '\'';
                    cur->len++;
                    cur->apos = 1;
                } else {
                    cur->full = 1;
                }
            }
            if (!cur->full) {
                if (cur->len + st.outlen <= TEXT_MAX_TOKEN) {
                    memcpy(a->fold + foldlen, st.out, st.outlen);
                    foldlen += st.outlen;
                    cur->len += st.outlen;
                } else {
                    cur->full = 1;
                }
            }
            if (st.cls == TEXT_CC_LETTER)
                cur->letters = 1;
            else
                cur->digits = 1;
            state = IN_SEG;
            /* Fast path: the ASCII letters and digits that follow, straight into the segment. */
            size_t j = i + st.consumed;
            while (j < n && s[j] < 0x80 && !cur->full) {
                unsigned char c = text_ascii_class[s[j]];
                if (c != TEXT_CC_LETTER && c != TEXT_CC_DIGIT)
                    break;
                if (cur->len < TEXT_MAX_TOKEN) {
                    a->fold[foldlen++] = text_ascii_fold[s[j]];
                    cur->len++;
                } else {
                    cur->full = 1;
                }
                if (c == TEXT_CC_LETTER)
                    cur->letters = 1;
                else
                    cur->digits = 1;
                j++;
            }
            cur->end = (int)j;
            i = j;
            continue;
        case TEXT_CC_APOS:
            if (state == IN_SEG && cur->letters && !cur->digits) {
                state = AFTER_APOS;
            } else {
                if ((rc = flush(a)) != 0)
                    return rc;
                a->num2 = 0;
                state = OUTSIDE;
            }
            break;
        case TEXT_CC_HYPHEN:
            if (state == IN_SEG) {
                state = AFTER_HYPHEN;
            } else {
                if ((rc = flush(a)) != 0)
                    return rc;
                a->num2 = 0;
                state = OUTSIDE;
            }
            break;
        case TEXT_CC_DROP:
            break;
        case TEXT_CC_SPACE:
            if ((rc = flush(a)) != 0)
                return rc;
            a->gap_spaces++;
            state = OUTSIDE;
            break;
        default: /* TEXT_CC_SEP */
            if ((rc = flush(a)) != 0)
                return rc;
            a->num2 = 0;
            state = OUTSIDE;
            break;
        }
        i += st.consumed;
    }
    return flush(a);
}

/* ---- keys of an exact form ---- */

int text_term_keys(struct text_analyzer *a, const char *w, size_t n, text_token_cb cb, void *ctx)
{
    if (n == 0 || n > TEXT_MAX_SEGS * TEXT_MAX_TOKEN)
        return 0;
    const char *st;
    size_t sl;
    int rc;
    if ((rc = stem_into(a, w, n, &st, &sl)) != 0 || (rc = cb(ctx, 0, st, (int)sl, 0, (int)n)) != 0)
        return rc;
    if (memchr(w, '\'', n))
        return 0; /* as emit_seg: only words of letters alone are split */
    struct compound_split cs;
    if (!compound_split(w, n, &cs))
        return 0;
    if ((rc = stem_into(a, w, cs.mod_len, &st, &sl)) != 0 ||
        (rc = cb(ctx, TEXT_TOKEN_COLOCATED, st, (int)sl, 0, (int)cs.mod_len)) != 0)
        return rc;
    if ((rc = stem_into(a, w + cs.head_start, n - cs.head_start, &st, &sl)) != 0)
        return rc;
    return cb(ctx, TEXT_TOKEN_COLOCATED, st, (int)sl, (int)cs.head_start, (int)n);
}

/* ---- version ---- */

static char version[160];
static pthread_once_t version_once = PTHREAD_ONCE_INIT;

static void make_version(void)
{
    /* Words whose raw Snowball stems changed between releases or that our rules depend on. */
    static const char *const probe[] = {
        "gemeenten",  "moties",     "geinformeerd",    "informeren", "digitalisering",
        "overheid",   "kamerleden", "wetsvoorstellen", "huizen",     "financiele",
        "stemmingen", "woningen",   "organisaties",    "beeindigd",  "onderwijsinstellingen",
    };
    uint32_t h = 2166136261u;
    struct sb_stemmer *sb = sb_stemmer_new("dutch", "UTF_8");
    for (size_t i = 0; sb && i < sizeof probe / sizeof probe[0]; i++) {
        const sb_symbol *r =
            sb_stemmer_stem(sb, (const sb_symbol *)probe[i], (int)strlen(probe[i]));
        int len = r ? sb_stemmer_length(sb) : 0;
        for (int k = 0; k < len; k++)
            h = (h ^ r[k]) * 16777619u;
        h = (h ^ 0xFFu) * 16777619u;
    }
    if (sb)
        sb_stemmer_delete(sb);
    else
        h = 0;
    snprintf(version, sizeof version, "kw_dutch/%s %s probe=%08x compounds=%s",
             TEXT_ANALYZER_VERSION, text_stemmer_algorithm(), (unsigned)h, compound_signature());
}

const char *text_analyzer_version(void)
{
    pthread_once(&version_once, make_version);
    return version;
}
