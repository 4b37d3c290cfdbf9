/*
 * compound — dictionary-based splitting of Dutch compounds; see compound.h.
 */
#include "text/compound.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"
#include "util/buf.h"

static uint64_t *set;   /* open addressing; 0 is empty */
static size_t set_mask; /* capacity - 1 */
static size_t set_words;
static char signature[96] = "none";
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static uint64_t hash_word(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ? h : 1;
}

static bool set_has_hash(uint64_t h);

static bool set_has(const char *s, size_t n)
{
    return set && set_has_hash(hash_word(s, n));
}

static void set_add(uint64_t h)
{
    for (size_t i = h & set_mask;; i = (i + 1) & set_mask) {
        if (set[i] == h)
            return;
        if (!set[i]) {
            set[i] = h;
            set_words++;
            return;
        }
    }
}

static bool set_has_hash(uint64_t h)
{
    for (size_t i = h & set_mask;; i = (i + 1) & set_mask) {
        if (set[i] == h)
            return true;
        if (!set[i])
            return false;
    }
}

/* A line of the word list is kept when it is a lower-case word of letters only (proper nouns,
 * abbreviations and multi-word entries are no compound parts). */
static bool keep_word(const char *line, size_t n, struct buf *folded)
{
    if (n < 3 || n > 60 || line[0] < 'a' || line[0] > 'z')
        return false;
    buf_reset(folded);
    text_fold(line, n, folded);
    if (folded->len < 3)
        return false;
    for (size_t i = 0; i < folded->len; i++)
        if (folded->data[i] < 'a' || folded->data[i] > 'z')
            return false;
    return true;
}

static void fill_lists(void);

static void load(void)
{
    fill_lists();
    const char *path = getenv("KW_COMPOUND_DICT");
    if (!path)
        path = COMPOUND_DEFAULT_DICT;
    if (!*path)
        return;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t cap = 1u << 20; /* 1 M slots, 8 MiB: room for the 413 k lines of wdutch */
    set = calloc(cap, sizeof *set);
    if (!set) {
        fclose(f);
        return;
    }
    set_mask = cap - 1;
    struct buf folded = BUF_INIT;
    char line[256];
    uint64_t all = 1469598103934665603ull;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        if (!keep_word(line, n, &folded))
            continue;
        if (set_words * 10 >= cap * 7)
            break; /* an unexpectedly large list: stop before the table degrades */
        uint64_t h = hash_word(folded.data, folded.len);
        set_add(h);
        all = (all ^ h) * 1099511628211ull;
    }
    buf_free(&folded);
    fclose(f);
    if (set_words == 0) {
        free(set);
        set = NULL;
        return;
    }
    snprintf(signature, sizeof signature, "wdutch:%zu:%016llx", set_words,
             (unsigned long long)all);
}

const char *compound_signature(void)
{
    pthread_once(&load_once, load);
    return signature;
}

/* The short word lists below, as small sets of hashes (filled with the word list). */
#define SMALL_SLOTS 256
struct small_set {
    uint64_t slot[SMALL_SLOTS];
};
static struct small_set particle_set, suffix_set, whole_set;

static void small_fill(struct small_set *ss, const char *const *list)
{
    for (; *list; list++) {
        uint64_t h = hash_word(*list, strlen(*list));
        size_t i = h & (SMALL_SLOTS - 1);
        while (ss->slot[i] && ss->slot[i] != h)
            i = (i + 1) & (SMALL_SLOTS - 1);
        ss->slot[i] = h;
    }
}

static bool small_has(const struct small_set *ss, uint64_t h)
{
    for (size_t i = h & (SMALL_SLOTS - 1);; i = (i + 1) & (SMALL_SLOTS - 1)) {
        if (ss->slot[i] == h)
            return true;
        if (!ss->slot[i])
            return false;
    }
}

static bool in_set(const struct small_set *ss, const char *w, size_t n)
{
    return small_has(ss, hash_word(w, n));
}

/* Prefixes that make new words rather than compounds: onderwijs is not about "wijs". */
static const char *const particles[] = {
    "onder", "over", "voor", "door", "tegen", "achter", "boven", "binnen", "buiten", "samen",
    "terug", "rond", "neer", "voort", "tussen", "weder", "toch", "haar", "hier", "daar", "waar",
    "eens", "zelf", "mede", "niet", "hoog", "laag", "half", "heel", "vol", "alle", "vrij",
    "wijd", "open", "dicht", "toe", "aan", "uit", "bij", "mee", "ver", "her", "ont", "mis",
    "weg", "tot", "per", "pre", "pro", "non", "overeen", "tegemoet", NULL};

/* Heads that are suffixes in disguise: gezondheid is not about "heid". */
static const char *const suffixes[] = {
    "heid", "heden", "schap", "schappen", "lijk", "lijke", "lijker", "lijkheid", "baar", "bare",
    "baarheid", "loos", "loze", "zaam", "zame", "achtig", "achtige", "matig", "matige", "ling",
    "lingen", "isme", "ismen", "iteit", "iteiten", "atie", "aties", "erij", "erijen", "ster",
    "sters", "tjes", "etje", "etjes", "waard", "waardig", "waardige", "ende", "elijk", "elijke",
    "ing", "ingen", "wijs", "wijze", "halve", "ziek", "zieke", "rijk", "rijke", "rijker",
    "schappelijk", "schappelijke", NULL};

static const struct {
    const char *s;
    size_t n;
} links[] = {{"", 0}, {"s", 1}, {"en", 2}, {"er", 2}}; /* no "e": digitalis-e-ring */

/* Words that look like compounds of two dictionary words but are not (amen + dement). */
static const char *const whole[] = {
    "amendement", "amendementen", "maatschappelijk", "maatschappelijke", "gemeenschappelijk",
    "gemeenschappelijke", "infrastructuur", "infrastructuren", "krijgsmacht", "herinvoering",
    "kansspelen", "kansspel", "stenogram", "stenogrammen", NULL};

static void fill_lists(void)
{
    small_fill(&particle_set, particles);
    small_fill(&suffix_set, suffixes);
    small_fill(&whole_set, whole);
}

static bool valid_split(const char *w, size_t n, size_t m, size_t k)
{
    size_t h = m + links[k].n;
    /* a three-letter modifier only with a linking s: wet-s-voorstel */
    if ((m < COMPOUND_MIN_PART && links[k].n != 1) || h + COMPOUND_MIN_PART > n)
        return false;
    if (links[k].n && memcmp(w + m, links[k].s, links[k].n) != 0)
        return false;
    /* Syllable boundaries that only look like word boundaries: a doubled consonant
     * (toezeg-ging, aanvul-lende) and a split "sch" (vers-chillen). */
    if (!links[k].n && (w[m - 1] == w[h] || (w[m - 1] == 's' && w[h] == 'c')))
        return false;
    /* the modifier with its link is a particle: buit-en-land is buiten-land */
    if (links[k].n && in_set(&particle_set, w, h))
        return false;
    return set_has(w + h, n - h) && !in_set(&suffix_set, w + h, n - h);
}

bool compound_split(const char *w, size_t n, struct compound_split *out)
{
    pthread_once(&load_once, load);
    if (!set || n < COMPOUND_MIN_WORD || n > 60)
        return false;
    for (size_t i = 0; i < n; i++)
        if (w[i] < 'a' || w[i] > 'z')
            return false;
    /* Of all splits, the most balanced one (the longest shorter part; then the longer
     * modifier): aardgas-winning, not aard-gaswinning; studenten-huisvesting, not
     * studentenhuis-vesting; arbeidsmarkt-beleid, not arbeid-s-marktbeleid. The modifier's
     * hash grows a letter at a time. */
    size_t best_score = 0;
    uint64_t ph[61]; /* ph[m]: the hash of w[0..m) */
    ph[0] = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        ph[i + 1] = (ph[i] ^ (unsigned char)w[i]) * 1099511628211ull;
    for (size_t m = 3; m + COMPOUND_MIN_PART <= n; m++) {
        uint64_t hm = ph[m] ? ph[m] : 1;
        if (!set_has_hash(hm) || small_has(&particle_set, hm))
            continue;
        /* a particle's superlative is a syllable, not a word here: verst-erking, voorst-ellen */
        if (w[m - 2] == 's' && w[m - 1] == 't' && small_has(&particle_set, ph[m - 2] ? ph[m - 2] : 1))
            continue;
        size_t score_if = m < n - m ? m : n - m; /* an upper bound for this modifier */
        if (score_if < best_score)
            continue;
        for (size_t k = 0; k < sizeof links / sizeof links[0]; k++) {
            if (!valid_split(w, n, m, k))
                continue;
            size_t h = m + links[k].n, score = m < n - h ? m : n - h;
            if (score >= best_score) {
                best_score = score;
                out->mod_len = m;
                out->head_start = h;
            }
            break; /* the first link that fits */
        }
    }
    return best_score > 0 && !in_set(&whole_set, w, n);
}
