/*
 * stem — Snowball dutch plus corrections; see stem.h.
 *
 * Why the corrections: Snowball 2.2 (Debian 12) removes a plural -s only after a consonant other
 * than j, and undoubles only k, d and t after removing -en. Measured with stemwords 2.2.0:
 *   moties → moties (motie → motie)         the whole -tie/-sie/-rie family: commissies,
 *   ministeries → ministeries                 subsidies, organisaties, provincies, petities ...
 *   agenda's → agenda'  nota's → nota'        apostrophe plurals
 *   gemeentes → gemeentes (gemeente → gemeent), colleges, procedures, bijlages, enquêtes
 *   wetsvoorstellen → wetsvoorstell, gezinnen → gezinn, bruggen → brugg, overleggen → overlegg
 *   financieel → financieel (financiële → financiel)
 *   overheid → over, eenheid → een, waarheid → waar, mens → men (collisions with common words)
 *   huizen → huiz, adviezen → adviez, brieven → briev, bedrijven → bedrijv (z/v not reverted)
 *   initiatieven → initiatiev, sociaal → sociaal (sociale → social)
 *   kamerleden → kamerled, steden → sted, kinderen → kinder (irregular plurals)
 * Rules 2 and 4 of stem.h fix the regular families; the override table the rest. Every entry was
 * checked against stemwords 2.2.0; tests/unit/test_text_stem.c asserts the pairs conflate.
 */
#include "text/stem.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"

/* The cache: direct-mapped on a hash of the word. Words up to CACHE_WORD bytes are cached. */
#define CACHE_SLOTS 4096
#define CACHE_WORD 30

struct cache_slot {
    unsigned char wlen; /* 0 = empty */
    unsigned char slen;
    char w[CACHE_WORD];
    char s[CACHE_WORD];
};

struct text_stemmer {
    struct sb_stemmer *sb;
    char work[TEXT_STEM_MAX + 1];
    char out[TEXT_STEM_MAX + 1];
    struct cache_slot cache[CACHE_SLOTS];
};

/*
 * Whole-word overrides: folded word → final stem. Sorted by word (strcmp order) for bsearch.
 * An entry's stem must equal the stem of its partner forms, which tests assert.
 */
struct override {
    const char *word;
    const char *stem;
};

static const struct override overrides[] = {
    {"advies", "advies"},
    {"bestuursleden", "bestuurslid"},
    {"bewindslieden", "bewindsperson"},
    {"centra", "centrum"},
    {"commissieleden", "commissielid"},
    {"criteria", "criterium"},
    {"eenheden", "eenheid"},
    {"eenheid", "eenheid"},
    {"fractieleden", "fractielid"},
    {"gegevens", "gegev"},
    {"gemeenteraadsleden", "gemeenteraadslid"},
    {"grenzen", "gren"},
    {"kabinetsleden", "kabinetslid"},
    {"kamerleden", "kamerlid"},
    {"kinderen", "kind"},
    {"leden", "lid"},
    {"luchthavens", "luchthav"},
    {"meerderheden", "meerderheid"},
    {"meerderheid", "meerderheid"},
    {"mens", "mens"},
    {"mensen", "mens"},
    {"minderheden", "minderheid"},
    {"minderheid", "minderheid"},
    {"musea", "museum"},
    {"overheden", "overheid"},
    {"overheid", "overheid"},
    {"persoonsgegevens", "persoonsgegev"},
    {"raadsleden", "raadslid"},
    {"schepen", "schip"},
    {"statenleden", "statenlid"},
    {"steden", "stad"},
    {"verlies", "verlies"},
    {"waarheden", "waarheid"},
    {"waarheid", "waarheid"},
    {"wapens", "wap"},
    {"windmolens", "windmol"},
};

/* Words that end in consonant + "es" but are not a plural of a word in -e. */
static const char *const es_exceptions[] = {"congres", "cortes", "diabetes", "mercedes"};

static int override_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct override *)elem)->word);
}

static const char *find_override(const char *w)
{
    const struct override *o = bsearch(w, overrides, sizeof overrides / sizeof overrides[0],
                                       sizeof overrides[0], override_cmp);
    return o ? o->stem : NULL;
}

struct text_stemmer *text_stemmer_new(void)
{
    struct text_stemmer *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->sb = sb_stemmer_new("dutch", "UTF_8");
    if (!s->sb) {
        free(s);
        return NULL;
    }
    return s;
}

void text_stemmer_free(struct text_stemmer *s)
{
    if (!s)
        return;
    sb_stemmer_delete(s->sb);
    free(s);
}

const char *text_stemmer_algorithm(void)
{
    return "snowball-dutch/libstemmer-2.2";
}

static int ends(const char *w, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Rule 2 of stem.h on s->work[0..n): returns the new length. */
static size_t plural_rules(const char *w, size_t n)
{
    if (n >= 4 && ends(w, n, "'s"))
        return n - 2; /* agenda's, nota's, euro's */
    if (n >= 6 && (ends(w, n, "ieen") || ends(w, n, "eeen")))
        return n - 2; /* categorieën, energieën, ideeën */
    if (n >= 6 && ends(w, n, "ies") && !ends(w, n, "kies"))
        return n - 1; /* moties, commissies, ministeries, subsidies */
    if (n >= 7 && ends(w, n, "es") && !is_vowel(w[n - 3]) && w[n - 3] >= 'a' && w[n - 3] <= 'z' &&
        w[n - 3] != 's') {
        for (size_t i = 0; i < sizeof es_exceptions / sizeof es_exceptions[0]; i++)
            if (strlen(es_exceptions[i]) == n && memcmp(es_exceptions[i], w, n) == 0)
                return n;
        return n - 1; /* gemeentes, colleges, procedures, bijlages */
    }
    return n;
}

/* Rule 4 of stem.h: returns the new length of the stem in st[0..n). */
static size_t after_rules(char *st, size_t n)
{
    if (n >= 6 && (ends(st, n, "ieel") || ends(st, n, "iaal"))) {
        st[n - 2] = 'l'; /* financieel → financiel like financiële, sociaal → social */
        return n - 1;
    }
    if (n >= 4 && (ends(st, n, "iev") || ends(st, n, "ijv"))) {
        st[n - 1] = 'f'; /* initiatiev → initiatief, bedrijv → bedrijf, briev → brief */
        return n;
    }
    if (n >= 4 &&
        (ends(st, n, "uiz") || ends(st, n, "iez") || ends(st, n, "eiz") || ends(st, n, "ijz"))) {
        st[n - 1] = 's'; /* huiz → huis, adviez → advies, reiz → reis, prijz → prijs */
        return n;
    }
    if (n >= 4 && st[n - 1] == st[n - 2] && st[n - 1] != '\0' && strchr("bfglmnprs", st[n - 1]))
        return n - 1; /* wetsvoorstell → wetsvoorstel */
    return n;
}

static uint32_t hash_word(const char *w, size_t n)
{
    return hash_fnv1a(w, n);
}

static const char *stem_uncached(struct text_stemmer *s, const char *w, size_t n, size_t *len)
{
    memcpy(s->work, w, n);
    s->work[n] = '\0';
    const char *o = find_override(s->work);
    if (o) {
        *len = strlen(o);
        memcpy(s->out, o, *len + 1);
        return s->out;
    }
    size_t m = plural_rules(s->work, n);
    const sb_symbol *r = sb_stemmer_stem(s->sb, (const sb_symbol *)s->work, (int)m);
    if (!r)
        return NULL;
    int rl = sb_stemmer_length(s->sb);
    size_t k = rl < 0 ? 0 : (size_t)rl;
    if (k > TEXT_STEM_MAX)
        k = TEXT_STEM_MAX;
    memcpy(s->out, r, k);
    k = after_rules(s->out, k);
    s->out[k] = '\0';
    *len = k;
    return s->out;
}

const char *text_stem(struct text_stemmer *s, const char *w, size_t n, size_t *len)
{
    if (n == 0 || n > TEXT_STEM_MAX) {
        *len = n;
        return w;
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)w[i] >= 0x80) {
            *len = n;
            return w;
        }
    }
    struct cache_slot *slot = NULL;
    if (n <= CACHE_WORD) {
        slot = &s->cache[hash_word(w, n) & (CACHE_SLOTS - 1)];
        if (slot->wlen == n && memcmp(slot->w, w, n) == 0) {
            *len = slot->slen;
            return slot->s;
        }
    }
    const char *r = stem_uncached(s, w, n, len);
    if (r && slot && *len <= CACHE_WORD) {
        slot->wlen = (unsigned char)n;
        slot->slen = (unsigned char)*len;
        memcpy(slot->w, w, n);
        memcpy(slot->s, r, *len);
    }
    return r;
}
