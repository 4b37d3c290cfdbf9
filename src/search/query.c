/*
 * query — the forgiving parser of the search language and the FTS5 MATCH builder; see query.h.
 *
 * Three passes over a bounded input: clean (valid UTF-8, typographic quotes and dashes made
 * plain, "Kamerstuk 31293, nr. 593" rewritten to 31293-593), lex into a token array, parse by
 * recursive descent into a small AST (depth-limited). search_query_build() then walks the AST
 * once and writes, side by side, the MATCH string (terms only through text_query_term()) and the
 * Dutch rendering for `understood`. Every repair the parser makes is a note in `understood`.
 */
#include "search/query.h"
#include "search/search_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/fold.h"
#include "text/fts5_dutch.h"
#include "util/buf.h"
#include "util/tm.h"

#define MAX_TOKENS 1200
#define MAX_NODES 1200
#define MAX_DEPTH 24
#define NEAR_DEFAULT 10
#define NEAR_MAX 100

/* ---- types and names ---- */

static const char *const type_names[SEARCH_T_MAX + 1] = {
    NULL, "document", "zaak", "activiteit", "toezegging", "verslag", "geschenk", "dossier",
};

const char *search_type_name(int type)
{
    return type >= 1 && type <= SEARCH_T_MAX ? type_names[type] : NULL;
}

int search_type_parse(const char *s, size_t n)
{
    static const struct {
        const char *name;
        int type;
    } syn[] = {
        {"document", SEARCH_T_DOCUMENT},     {"documenten", SEARCH_T_DOCUMENT},
        {"doc", SEARCH_T_DOCUMENT},          {"stuk", SEARCH_T_DOCUMENT},
        {"stukken", SEARCH_T_DOCUMENT},      {"zaak", SEARCH_T_ZAAK},
        {"zaken", SEARCH_T_ZAAK},            {"activiteit", SEARCH_T_ACTIVITEIT},
        {"activiteiten", SEARCH_T_ACTIVITEIT}, {"agenda", SEARCH_T_ACTIVITEIT},
        {"debat", SEARCH_T_ACTIVITEIT},      {"debatten", SEARCH_T_ACTIVITEIT},
        {"toezegging", SEARCH_T_TOEZEGGING}, {"toezeggingen", SEARCH_T_TOEZEGGING},
        {"verslag", SEARCH_T_VERSLAG},       {"verslagen", SEARCH_T_VERSLAG},
        {"geschenk", SEARCH_T_GESCHENK},     {"geschenken", SEARCH_T_GESCHENK},
        {"gift", SEARCH_T_GESCHENK},         {"gifts", SEARCH_T_GESCHENK},
        {"cadeau", SEARCH_T_GESCHENK},       {"dossier", SEARCH_T_DOSSIER},
        {"dossiers", SEARCH_T_DOSSIER},      {"kamerstukdossier", SEARCH_T_DOSSIER},
    };
    for (size_t i = 0; i < sizeof syn / sizeof syn[0]; i++)
        if (strlen(syn[i].name) == n && strncasecmp(syn[i].name, s, n) == 0)
            return syn[i].type;
    return 0;
}

char *search_fold(const char *s, size_t n)
{
    struct buf b = BUF_INIT;
    text_fold(s, n, &b);
    /* collapse white space */
    struct buf o = BUF_INIT;
    int sp = 0;
    for (size_t i = 0; i < b.len; i++) {
        char c = b.data[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            sp = o.len > 0;
            continue;
        }
        if (sp)
            buf_addc(&o, ' ');
        sp = 0;
        buf_addc(&o, c);
    }
    buf_free(&b);
    size_t len;
    return buf_detach(&o, &len);
}

/* ---- word lists ---- */

static const char *const stop_words[] = {
    "de",    "het",   "een",  "en",   "of",    "van",   "in",    "op",    "over", "voor",
    "met",   "aan",   "te",   "bij",  "uit",   "door",  "naar",  "om",    "als",  "dat",
    "die",   "dit",   "deze", "er",   "is",    "zijn",  "was",   "wordt", "ook",  "niet",
    "tot",   "maar",  "nog",  "dan",  "hun",   "hij",   "zij",   "ze",    "wij",  "we",
    "u",     "ik",    "je",   "mijn", "uw",    "zo",    "al",    "na",    "per",  "tegen",
    "onder", "welke", "wat",  "wie",  "hoe",   "waar",  "ten",   "der",   "den",  "des",
    "hebben", "heeft", "kan", "moet", "worden", "werd",  "wel",  "geen",
};

static const char *const ref_words[] = {
    "kamerstuk", "kamerstukken", "dossier", "zaak", "document", "nr", "nummer",
    "kst", "activiteit", "toezegging", "zaaknummer", "documentnummer", "ii",
};

static bool in_list(const char *const *list, size_t n, const char *w, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && strncasecmp(list[i], w, len) == 0)
            return true;
    return false;
}

#define IN_LIST(l, w, n) in_list(l, sizeof l / sizeof l[0], w, n)

/* ---- identifiers ---- */

static bool all_digits(const char *s, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static bool all_alnum(const char *s, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]))
            return false;
    return true;
}

static bool is_guid(const char *s, size_t n)
{
    if (n != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return false;
        } else if (!isxdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return true;
}

/* What kind of identifier w[0..n) is, or NULL. */
static const char *ident_kind(const char *w, size_t n)
{
    if (n == 10 && all_digits(w, 4) && all_digits(w + 5, 5)) {
        char c = (char)tolower((unsigned char)w[4]);
        if (c == 'd')
            return "document";
        if (c == 'z')
            return "zaak";
        if (c == 'a')
            return "activiteit";
    }
    if (n == 5 && all_digits(w, 5))
        return "dossier";
    if (n >= 7 && all_digits(w, 5) && w[5] == '-') {
        const char *r = w + 6;
        size_t rn = n - 6;
        const char *dash = memchr(r, '-', rn);
        size_t first = dash ? (size_t)(dash - r) : rn;
        if (first == 0 || first > 8 || !all_alnum(r, first))
            return NULL;
        if (dash && !all_digits(dash + 1, rn - first - 1))
            return NULL;
        return all_digits(r, first) && !dash && first > 2 ? "kamerstuk" : "dossier";
    }
    static const char *const pre[] = {"kst-", "stb-", "stcrt-", "blg-", "trb-", "ah-tk-",
                                      "h-tk-", "kv-tk-"};
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
        size_t l = strlen(pre[i]);
        if (n > l && strncasecmp(w, pre[i], l) == 0 && isdigit((unsigned char)w[l]))
            return "publicatie";
    }
    if (n >= 10 && n <= 14 && (w[0] == 't' || w[0] == 'T') && (w[1] == 'z' || w[1] == 'Z') &&
        all_digits(w + 2, 6) && w[8] == '-' && all_digits(w + 9, n - 9))
        return "toezegging";
    if (is_guid(w, n))
        return "guid";
    return NULL;
}

/* ---- the parser's state ---- */

enum tk { TK_WORD, TK_PHRASE, TK_LPAREN, TK_RPAREN, TK_OR, TK_AND, TK_NOT, TK_NEAR, TK_END };

struct token {
    enum tk kind;
    size_t off, len; /* text in input (word/phrase content, or the operator as typed) */
    bool neg, prefix;
};

enum nk { NK_TERM, NK_AND, NK_OR, NK_NOT, NK_NEAR };

struct node {
    enum nk kind;
    int first, last, next; /* children list; -1 = none */
    size_t off, len;       /* term text in input */
    bool phrase, prefix;
    int near_dist;
};

struct ast {
    struct token *toks;
    size_t ntoks, pos;
    struct node *nodes;
    int nnodes;
    int root;
    int nterms;
    bool terms_cut;
    struct buf notes;
    const char *in;
};

static void note(struct ast *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct ast *a, const char *fmt, ...)
{
    /* No duplicate notes. */
    char tmp[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (a->notes.len && strstr(a->notes.data, tmp))
        return;
    if (a->notes.len)
        buf_adds(&a->notes, "; ");
    buf_adds(&a->notes, tmp);
}

/* Copies at most 40 bytes of s for a note, not cutting a UTF-8 sequence. */
static void shorten(const char *s, size_t n, char *out, size_t outlen)
{
    size_t m = n;
    if (m > 40) {
        m = 40;
        while (m > 0 && ((unsigned char)s[m] & 0xC0) == 0x80)
            m--;
    }
    if (m >= outlen)
        m = outlen - 1;
    memcpy(out, s, m);
    out[m] = '\0';
    if (m < n && m + 4 < outlen)
        strcat(out, "…");
}

/* ---- pass 1: clean ---- */

static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 4, cp = c & 0x07;
    else
        return 0;
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((need == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return need;
}

/* Maps typographic quotes, dashes and spaces to ASCII; 0 = keep the sequence. */
static char plain_of(const unsigned char *s, size_t len)
{
    if (len == 2) {
        if (s[0] == 0xC2 && (s[1] == 0xAB || s[1] == 0xBB))
            return '"'; /* « » */
        if (s[0] == 0xC2 && s[1] == 0xA0)
            return ' ';
    }
    if (len == 3 && s[0] == 0xE2 && s[1] == 0x80) {
        switch (s[2]) {
        case 0x9C: case 0x9D: case 0x9E: case 0x9F: case 0xB3:
            return '"';
        case 0x98: case 0x99: case 0x9A: case 0x9B: case 0xB2:
            return '\'';
        case 0x93: case 0x94: case 0x90: case 0x91: case 0x92:
            return '-';
        case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86:
        case 0x87: case 0x88: case 0x89: case 0x8A: case 0x8B: case 0xAF:
            return ' ';
        default:
            break;
        }
    }
    if (len == 3 && s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92)
        return '-'; /* minus sign */
    if (len == 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] == 0x82)
        return '"'; /* fullwidth quote */
    if (len == 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return ' ';
    return 0;
}

static void clean_input(struct ast *a, const char *in, size_t n, struct buf *out)
{
    if (n > SEARCH_MAX_INPUT) {
        size_t m = SEARCH_MAX_INPUT;
        while (m > 0 && ((unsigned char)in[m] & 0xC0) == 0x80)
            m--;
        note(a, "zoekvraag ingekort tot %d tekens", SEARCH_MAX_INPUT);
        n = m;
    }
    bool bad = false;
    const unsigned char *s = (const unsigned char *)in;
    for (size_t i = 0; i < n;) {
        size_t l = utf8_len(s + i, n - i);
        if (l == 0) {
            bad = true;
            buf_addc(out, ' ');
            i++;
            continue;
        }
        if (l == 1) {
            unsigned char c = s[i];
            buf_addc(out, (c < 0x20 || c == 0x7F) ? ' ' : (char)c);
        } else {
            char p = plain_of(s + i, l);
            if (p)
                buf_addc(out, p);
            else
                buf_add(out, s + i, l);
        }
        i += l;
    }
    if (bad)
        note(a, "ongeldige tekens genegeerd");
}

static bool ci_prefix(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    return n >= l && strncasecmp(s, lit, l) == 0;
}

static bool is_space(char c)
{
    return c == ' ';
}

/* Rewrites "Kamerstuk(ken) [II] [2021/22,] 31293[-XV], nr. 593" and "31 293, nr. 593" into
 * "31293[-XV]-593" (a token the index knows). */
static void rewrite_kamerstuk(struct ast *a, struct buf *b)
{
    for (size_t i = 0; i < b->len; i++) {
        char *s = b->data;
        if (!isdigit((unsigned char)s[i]) || (i > 0 && isalnum((unsigned char)s[i - 1])))
            continue;
        size_t p = i;
        char dossier[40];
        size_t dn = 0;
        /* 5 digits, or "NN NNN" */
        while (p < b->len && isdigit((unsigned char)s[p]) && dn < 6)
            dossier[dn++] = s[p++];
        if (dn == 2 && p + 3 < b->len && s[p] == ' ' && all_digits(s + p + 1, 3) &&
            !isdigit((unsigned char)s[p + 4])) {
            memcpy(dossier + 2, s + p + 1, 3);
            dn = 5;
            p += 4;
        }
        if (dn != 5 || (p < b->len && isdigit((unsigned char)s[p])))
            continue;
        if (p < b->len && s[p] == '-') { /* toevoeging */
            size_t q = p + 1, t = 0;
            while (q < b->len && isalnum((unsigned char)s[q]) && t < 8)
                q++, t++;
            if (t == 0 || (q < b->len && isalnum((unsigned char)s[q])))
                continue;
            dossier[dn++] = '-';
            for (size_t k = p + 1; k < q; k++)
                dossier[dn++] = (char)tolower((unsigned char)s[k]);
            p = q;
        }
        size_t q = p;
        while (q < b->len && (s[q] == ',' || is_space(s[q])))
            q++;
        size_t w = q;
        if (ci_prefix(s + q, b->len - q, "nummer"))
            q += 6;
        else if (ci_prefix(s + q, b->len - q, "nr"))
            q += 2;
        else
            continue;
        if (q < b->len && s[q] == '.')
            q++;
        if (q == w || (q < b->len && isalpha((unsigned char)s[q])))
            continue;
        while (q < b->len && is_space(s[q]))
            q++;
        size_t ns = q;
        while (q < b->len && isdigit((unsigned char)s[q]) && q - ns < 5)
            q++;
        if (q == ns || q - ns > 4 || (q < b->len && isalnum((unsigned char)s[q])))
            continue;
        /* look back for "Kamerstuk(ken) [I|II] [YYYY/YY[YY]][,]" */
        size_t start = i, k = i;
        while (k > 0 && (is_space(s[k - 1]) || s[k - 1] == ','))
            k--;
        size_t y = k;
        while (y > 0 && (isdigit((unsigned char)s[y - 1]) || s[y - 1] == '/' || s[y - 1] == '-'))
            y--;
        if (y < k && k - y >= 7 && k - y <= 9 && isdigit((unsigned char)s[y])) {
            k = y;
            while (k > 0 && is_space(s[k - 1]))
                k--;
        }
        if (k >= 2 && (s[k - 1] == 'I' || s[k - 1] == 'i')) {
            size_t r = k;
            while (r > 0 && (s[r - 1] == 'I' || s[r - 1] == 'i') && k - r < 2)
                r--;
            if (r > 0 && is_space(s[r - 1])) {
                k = r;
                while (k > 0 && is_space(s[k - 1]))
                    k--;
            }
        }
        static const char *const kst[] = {"kamerstukken", "kamerstuk"};
        for (size_t m = 0; m < 2; m++) {
            size_t l = strlen(kst[m]);
            if (k >= l && strncasecmp(s + k - l, kst[m], l) == 0 &&
                (k == l || !isalpha((unsigned char)s[k - l - 1]))) {
                start = k - l;
                break;
            }
        }
        char repl[64];
        int rl = snprintf(repl, sizeof repl, "%.*s-%.*s", (int)dn, dossier, (int)(q - ns),
                          s + ns);
        if (rl <= 0 || (size_t)rl >= sizeof repl)
            continue;
        note(a, "Kamerstukverwijzing gelezen als %s", repl);
        struct buf nb = BUF_INIT;
        buf_add(&nb, s, start);
        buf_add(&nb, repl, (size_t)rl);
        buf_add(&nb, s + q, b->len - q);
        buf_free(b);
        *b = nb;
        i = start + (size_t)rl;
    }
}

/* ---- pass 2: lex ---- */

static bool word_end(char c)
{
    return c == ' ' || c == '(' || c == ')' || c == '"';
}

static void push(struct ast *a, enum tk kind, size_t off, size_t len, bool neg, bool prefix)
{
    if (a->ntoks >= MAX_TOKENS - 1)
        return;
    a->toks[a->ntoks++] = (struct token){kind, off, len, neg, prefix};
}

struct filter_key {
    const char *name;
    int kind; /* SF_*, or negative for dates/type */
};
enum { FK_VAN = -1, FK_TOT = -2, FK_TYPE = -3, FK_JAAR = -4 };
static const struct filter_key filter_keys[] = {
    {"soort", SF_SOORT},         {"dossier", SF_DOSSIER},       {"kamerstukdossier", SF_DOSSIER},
    {"zaak", SF_ZAAK},           {"commissie", SF_COMMISSIE},   {"fractie", SF_FRACTIE},
    {"partij", SF_FRACTIE},      {"persoon", SF_PERSOON},       {"lid", SF_PERSOON},
    {"van", FK_VAN},             {"vanaf", FK_VAN},             {"na", FK_VAN},
    {"tot", FK_TOT},             {"totenmet", FK_TOT},          {"voor", FK_TOT},
    {"type", FK_TYPE},           {"jaar", FK_JAAR},
};

static const struct filter_key *find_key(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof filter_keys / sizeof filter_keys[0]; i++)
        if (strlen(filter_keys[i].name) == n && strncasecmp(filter_keys[i].name, s, n) == 0)
            return &filter_keys[i];
    return NULL;
}

static void apply_filter(struct search_query *q, struct ast *a, const struct filter_key *k,
                         const char *v, size_t vn);

static bool is_op_word(const char *w, size_t n, enum tk *kind)
{
    static const struct {
        const char *w;
        bool caps_only;
        enum tk kind;
    } ops[] = {
        {"OR", false, TK_OR},  {"||", false, TK_OR},  {"|", false, TK_OR},
        {"OF", true, TK_OR},   {"AND", false, TK_AND}, {"&&", false, TK_AND},
        {"&", false, TK_AND},  {"EN", true, TK_AND},  {"NOT", false, TK_NOT},
        {"NIET", true, TK_NOT},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t l = strlen(ops[i].w);
        if (l != n)
            continue;
        if (ops[i].caps_only ? strncmp(ops[i].w, w, n) == 0 : strncasecmp(ops[i].w, w, n) == 0) {
            *kind = ops[i].kind;
            return true;
        }
    }
    return false;
}

/* Reads a filter value starting at *i (just after "key:"); returns its span. */
static void filter_value(const char *s, size_t n, size_t *i, size_t *voff, size_t *vlen)
{
    size_t p = *i;
    if (p < n && s[p] == '"') {
        const char *e = memchr(s + p + 1, '"', n - p - 1);
        size_t end = e ? (size_t)(e - s) : n;
        *voff = p + 1;
        *vlen = end - p - 1;
        *i = e ? end + 1 : n;
        return;
    }
    if (p < n && s[p] == ' ') { /* "soort: motie" */
        while (p < n && s[p] == ' ')
            p++;
        if (p < n && s[p] == '"') {
            *i = p;
            filter_value(s, n, i, voff, vlen);
            return;
        }
    }
    size_t b = p;
    while (p < n && !word_end(s[p]))
        p++;
    *voff = b;
    *vlen = p - b;
    *i = p;
}

static void lex(struct search_query *q, struct ast *a)
{
    const char *s = a->in;
    size_t n = strlen(s);
    size_t i = 0;
    while (i < n) {
        if (s[i] == ' ') {
            i++;
            continue;
        }
        bool neg = false;
        while (i < n && (s[i] == '-' || s[i] == '+')) {
            if (s[i] == '-')
                neg = true;
            i++;
        }
        if (i >= n || s[i] == ' ') {
            if (neg)
                note(a, "los '-' genegeerd");
            continue;
        }
        char c = s[i];
        if (c == '(') {
            push(a, TK_LPAREN, i, 1, neg, false);
            i++;
            continue;
        }
        if (c == ')') {
            push(a, TK_RPAREN, i, 1, false, false);
            i++;
            continue;
        }
        if (c == '"') {
            const char *e = memchr(s + i + 1, '"', n - i - 1);
            size_t end = e ? (size_t)(e - s) : n;
            if (!e)
                note(a, "ontbrekend aanhalingsteken aangevuld");
            bool prefix = false;
            size_t after = e ? end + 1 : n;
            while (after < n && s[after] == '*')
                prefix = true, after++;
            push(a, TK_PHRASE, i + 1, end - i - 1, neg, prefix);
            i = after;
            continue;
        }
        if (c == '\'' && i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\'') {
            /* '...' as a phrase when a closing ' ends a later word */
            size_t close = 0;
            for (size_t k = i + 2; k < n; k++)
                if (s[k] == '\'' && s[k - 1] != ' ' && (k + 1 == n || word_end(s[k + 1]))) {
                    close = k;
                    break;
                }
            if (close && memchr(s + i + 1, ' ', close - i - 1)) {
                push(a, TK_PHRASE, i + 1, close - i - 1, neg, false);
                i = close + 1;
                continue;
            }
        }
        size_t b = i;
        while (i < n && !word_end(s[i]))
            i++;
        size_t len = i - b;
        /* NEAR( */
        if (len == 4 && strncasecmp(s + b, "near", 4) == 0 && i < n && s[i] == '(') {
            push(a, TK_NEAR, b, 4, neg, false);
            i++;
            continue;
        }
        /* key:value */
        const char *colon = memchr(s + b, ':', len);
        if (colon) {
            const struct filter_key *k = find_key(s + b, (size_t)(colon - (s + b)));
            if (k) {
                size_t vi = (size_t)(colon - s) + 1, voff, vlen;
                filter_value(s, n, &vi, &voff, &vlen);
                i = vi;
                if (neg)
                    note(a, "uitsluiten met -%.*s: kan niet; als filter gebruikt",
                         (int)(colon - (s + b)), s + b);
                apply_filter(q, a, k, s + voff, vlen);
                continue;
            }
        }
        enum tk op;
        if (!neg && is_op_word(s + b, len, &op)) {
            push(a, op, b, len, false, false);
            continue;
        }
        bool prefix = false;
        size_t wl = len;
        while (wl > 0 && s[b + wl - 1] == '*')
            wl--, prefix = true;
        if (wl == 0) {
            note(a, "los '*' genegeerd");
            continue;
        }
        push(a, TK_WORD, b, wl, neg, prefix);
    }
    push(a, TK_END, n, 0, false, false);
}

/* ---- filters ---- */

static int parse_date(const char *s, size_t n, bool end, int64_t *day)
{
    int y = 0, m = 0, d = 0;
    char tmp[32];
    if (n == 0 || n >= sizeof tmp)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (tmp[i] == '/' || tmp[i] == '.')
            tmp[i] = '-';
    char rest;
    if (sscanf(tmp, "%4d-%2d-%2d%c", &y, &m, &d, &rest) == 3 && n == 10) {
    } else if (sscanf(tmp, "%2d-%2d-%4d%c", &d, &m, &y, &rest) == 3 && y >= 1000) {
    } else if (sscanf(tmp, "%4d-%2d%c", &y, &m, &rest) == 2 && n == 7) {
        d = 0;
    } else if (n == 4 && all_digits(tmp, 4)) {
        y = atoi(tmp);
        m = 0, d = 0;
    } else {
        return -1;
    }
    if (y < 1800 || y > 2200 || m < 0 || m > 12)
        return -1;
    if (m == 0)
        m = end ? 12 : 1;
    if (d == 0) {
        if (end) {
            /* last day of the month: first of the next minus one */
            int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
            *day = tm_days_from_civil(ny, (unsigned)nm, 1) - 1;
            return 0;
        }
        d = 1;
    }
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    if (!tm_valid_date(iso, 10))
        return -1;
    *day = tm_days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

static void apply_filter(struct search_query *q, struct ast *a, const struct filter_key *k,
                         const char *v, size_t vn)
{
    char shown[64];
    while (vn > 0 && (v[vn - 1] == ' ' || v[vn - 1] == ',' || v[vn - 1] == ';'))
        vn--;
    while (vn > 0 && *v == ' ')
        v++, vn--;
    shorten(v, vn, shown, sizeof shown);
    if (vn == 0) {
        note(a, "filter %s: zonder waarde genegeerd", k->name);
        return;
    }
    if (k->kind == FK_TYPE) {
        int t = search_type_parse(v, vn);
        if (!t && vn > 1 && (v[vn - 1] == 's' || v[vn - 1] == 'S'))
            t = search_type_parse(v, vn - 1);
        if (!t) {
            note(a, "onbekend type '%s' genegeerd (document, zaak, activiteit, toezegging, "
                    "verslag, geschenk, dossier)",
                 shown);
            return;
        }
        q->type_mask |= 1u << t;
        return;
    }
    if (k->kind == FK_VAN || k->kind == FK_TOT || k->kind == FK_JAAR) {
        int64_t d1, d2;
        bool ok = parse_date(v, vn, false, &d1) == 0 && parse_date(v, vn, true, &d2) == 0;
        if (!ok) {
            note(a, "datum '%s' niet begrepen (JJJJ-MM-DD); genegeerd", shown);
            return;
        }
        if (k->kind != FK_TOT && (q->van_day == INT64_MIN || d1 > q->van_day))
            q->van_day = d1;
        if (k->kind != FK_VAN && (q->tot_day == INT64_MAX || d2 < q->tot_day))
            q->tot_day = d2;
        return;
    }
    if (q->nfilters >= SEARCH_MAX_FILTERS) {
        note(a, "te veel filters; %s:%s genegeerd", k->name, shown);
        return;
    }
    char *f = search_fold(v, vn);
    if (k->kind == SF_DOSSIER) { /* "31 293" -> "31293" */
        char *w = f;
        for (char *r = f; *r; r++)
            if (*r != ' ')
                *w++ = *r;
        *w = '\0';
    }
    if (!*f) {
        free(f);
        note(a, "filter %s: zonder waarde genegeerd", k->name);
        return;
    }
    q->filters[q->nfilters].kind = k->kind;
    q->filters[q->nfilters].value = f;
    q->nfilters++;
}

int search_query_add_filter(struct search_query *q, const char *key, const char *value)
{
    const struct filter_key *k = find_key(key, strlen(key));
    if (!k)
        return -1;
    struct ast *a = q->ast;
    struct buf clean = BUF_INIT;
    clean_input(a, value, strlen(value), &clean);
    apply_filter(q, a, k, buf_cstr(&clean), clean.len);
    buf_free(&clean);
    return 0;
}

/* ---- pass 3: parse ---- */

static int new_node(struct ast *a, enum nk kind)
{
    if (a->nnodes >= MAX_NODES)
        return -1;
    int i = a->nnodes++;
    a->nodes[i] = (struct node){kind, -1, -1, -1, 0, 0, false, false, NEAR_DEFAULT};
    return i;
}

static void add_child(struct ast *a, int parent, int child)
{
    if (parent < 0 || child < 0)
        return;
    struct node *p = &a->nodes[parent];
    if (p->last < 0)
        p->first = child;
    else
        a->nodes[p->last].next = child;
    p->last = child;
}

static const struct token *peek(struct ast *a)
{
    return &a->toks[a->pos];
}

static int wrap_not(struct ast *a, int child)
{
    if (child < 0)
        return -1;
    int n = new_node(a, NK_NOT);
    add_child(a, n, child);
    return n;
}

static int term_node(struct ast *a, const struct token *t, bool phrase)
{
    if (a->nterms >= SEARCH_MAX_TERMS) {
        if (!a->terms_cut)
            note(a, "meer dan %d zoektermen: de rest genegeerd", SEARCH_MAX_TERMS);
        a->terms_cut = true;
        return -1;
    }
    int n = new_node(a, NK_TERM);
    if (n < 0)
        return -1;
    a->nterms++;
    a->nodes[n].off = t->off;
    a->nodes[n].len = t->len;
    a->nodes[n].phrase = phrase;
    a->nodes[n].prefix = t->prefix;
    return n;
}

static int parse_or(struct ast *a, int depth);

static int parse_near(struct ast *a)
{
    int n = new_node(a, NK_NEAR);
    bool comma = false;
    for (;;) {
        const struct token *t = peek(a);
        if (t->kind == TK_END) {
            note(a, "NEAR( zonder ')' gesloten");
            break;
        }
        a->pos++;
        if (t->kind == TK_RPAREN)
            break;
        if (t->kind == TK_PHRASE) {
            add_child(a, n, term_node(a, t, true));
            continue;
        }
        if (t->kind != TK_WORD) {
            note(a, "'%.*s' binnen NEAR() genegeerd", (int)t->len, a->in + t->off);
            continue;
        }
        /* "b, 5" / "b,5" / ", 5": the distance */
        const char *w = a->in + t->off;
        size_t len = t->len;
        const char *cm = memchr(w, ',', len);
        if (comma && all_digits(w, len)) {
            int d = atoi(w);
            a->nodes[n].near_dist = d < 1 ? 1 : d > NEAR_MAX ? NEAR_MAX : d;
            comma = false;
            continue;
        }
        if (cm) {
            size_t before = (size_t)(cm - w), after = len - before - 1;
            if (before > 0) {
                struct token sub = *t;
                sub.len = before;
                add_child(a, n, term_node(a, &sub, false));
            }
            if (after > 0 && all_digits(cm + 1, after)) {
                int d = atoi(cm + 1);
                a->nodes[n].near_dist = d < 1 ? 1 : d > NEAR_MAX ? NEAR_MAX : d;
            } else {
                comma = true;
            }
            continue;
        }
        add_child(a, n, term_node(a, t, false));
    }
    return n;
}

static int parse_primary(struct ast *a, int depth)
{
    const struct token *t = peek(a);
    int n = -1;
    switch (t->kind) {
    case TK_WORD:
        a->pos++;
        n = term_node(a, t, false);
        break;
    case TK_PHRASE:
        a->pos++;
        n = term_node(a, t, true);
        break;
    case TK_NEAR:
        a->pos++;
        n = parse_near(a);
        break;
    case TK_LPAREN:
        a->pos++;
        if (depth >= MAX_DEPTH) {
            note(a, "te diep geneste haakjes genegeerd");
            return -1;
        }
        n = parse_or(a, depth + 1);
        if (peek(a)->kind == TK_RPAREN)
            a->pos++;
        else
            note(a, "ontbrekend ')' aangevuld");
        break;
    default:
        return -1;
    }
    return t->neg ? wrap_not(a, n) : n;
}

static int parse_unary(struct ast *a, int depth)
{
    int nots = 0;
    const struct token *t = peek(a);
    while (t->kind == TK_NOT) {
        a->pos++;
        const struct token *u = peek(a);
        if (u->kind == TK_END || u->kind == TK_RPAREN || u->kind == TK_OR) {
            note(a, "'%.*s' zonder woord erna genegeerd", (int)t->len, a->in + t->off);
            return -1;
        }
        nots++;
        t = u;
    }
    int n = parse_primary(a, depth);
    return nots % 2 ? wrap_not(a, n) : n;
}

static int parse_and(struct ast *a, int depth)
{
    int n = new_node(a, NK_AND);
    bool pending_and = false;
    for (;;) {
        const struct token *t = peek(a);
        if (t->kind == TK_END || t->kind == TK_OR)
            break;
        if (t->kind == TK_RPAREN) {
            if (depth > 0)
                break;
            note(a, "losse ')' genegeerd");
            a->pos++;
            continue;
        }
        if (t->kind == TK_AND) {
            if (n >= 0 && a->nodes[n].first < 0)
                note(a, "'%.*s' aan het begin genegeerd", (int)t->len, a->in + t->off);
            pending_and = true;
            a->pos++;
            continue;
        }
        size_t before = a->pos;
        int c = parse_unary(a, depth);
        add_child(a, n, c);
        pending_and = false;
        if (a->pos == before) /* nothing consumed: skip the token */
            a->pos++;
    }
    if (pending_and)
        note(a, "EN/AND aan het eind genegeerd");
    return n;
}

static int parse_or(struct ast *a, int depth)
{
    int n = new_node(a, NK_OR);
    bool first = true;
    for (;;) {
        int c = parse_and(a, depth);
        bool empty = c < 0 || a->nodes[c].first < 0;
        const struct token *t = peek(a);
        if (empty && (t->kind == TK_OR || !first))
            note(a, "OF/OR zonder woord %s genegeerd", first ? "ervoor" : "erna");
        if (!empty)
            add_child(a, n, c);
        first = false;
        if (t->kind != TK_OR)
            break;
        a->pos++;
    }
    return n;
}

void search_query_parse(struct search_query *q, const char *input, size_t n)
{
    memset(q, 0, sizeof *q);
    q->van_day = INT64_MIN;
    q->tot_day = INT64_MAX;
    struct ast *a = calloc(1, sizeof *a);
    if (!a)
        abort();
    q->ast = a;
    a->toks = calloc(MAX_TOKENS, sizeof *a->toks);
    a->nodes = calloc(MAX_NODES, sizeof *a->nodes);
    if (!a->toks || !a->nodes)
        abort();
    struct buf clean = BUF_INIT;
    clean_input(a, input ? input : "", input ? n : 0, &clean);
    rewrite_kamerstuk(a, &clean);
    const char *syn, *official;
    if (search_expand_synonyms(&clean, &syn, &official))
        note(a, "%s: ook \"%s\"", syn, official);
    size_t len;
    q->input = buf_detach(&clean, &len);
    a->in = q->input;
    lex(q, a);
    /* lower-case operators typed as words are noted when taken as operators */
    for (size_t i = 0; i < a->ntoks; i++) {
        const struct token *t = &a->toks[i];
        const char *w = a->in + t->off;
        bool canonical = (t->len == 2 && (!strncmp(w, "OR", 2) || !strncmp(w, "OF", 2) ||
                                          !strncmp(w, "EN", 2))) ||
                         (t->len == 3 && (!strncmp(w, "AND", 3) || !strncmp(w, "NOT", 3))) ||
                         (t->len == 4 && !strncmp(w, "NIET", 4));
        if ((t->kind == TK_AND || t->kind == TK_NOT || t->kind == TK_OR) && !canonical)
            note(a, "'%.*s' gelezen als %s", (int)t->len, w,
                 t->kind == TK_AND ? "EN" : t->kind == TK_OR ? "OF" : "NIET");
    }
    a->root = parse_or(a, 0);
    while (peek(a)->kind != TK_END) { /* stray ')' at top level, handled by parse_and */
        a->pos++;
        int more = parse_or(a, 0);
        for (int c = a->nodes[more].first; c >= 0; c = a->nodes[c].next)
            add_child(a, a->root, c);
    }
}

/* ---- build ---- */

struct out {
    struct buf m;    /* MATCH */
    struct buf w;    /* wide MATCH (bare words also as prefixes) */
    struct buf u;    /* understood */
    int nterms;
};

struct bctx {
    struct search_query *q;
    struct ast *a;
    bool has_ident;
    int top;            /* the AND group that may consist of exclusions only, or -1 */
    struct buf dropped; /* stop words left out */
    struct buf ignored; /* the analyzer's stop words: not in the index, never searched */
};

static bool is_bare(const struct node *n)
{
    return n->kind == NK_TERM && !n->phrase && !n->prefix;
}

/* Is w[0..n) (any case, maybe with trailing punctuation) one of the analyzer's stop words? */
static bool index_stop(const char *w, size_t n)
{
    while (n > 0 && strchr(".,;:!?", w[n - 1]))
        n--;
    char low[8];
    if (n == 0 || n >= sizeof low)
        return false;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)w[i]);
    return text_is_stop_word(low, n);
}

static void add_ignored(struct bctx *b, const char *w, size_t n)
{
    char shown[64];
    shorten(w, n, shown, sizeof shown);
    size_t l = strlen(shown);
    while (l > 0 && strchr(".,;:!?", shown[l - 1]))
        shown[--l] = '\0';
    /* each word once */
    const char *p = b->ignored.len ? buf_cstr(&b->ignored) : "";
    for (const char *q = p; (q = strstr(q, shown)) != NULL; q += l)
        if ((q == p || q[-1] == ' ') && (q[l] == ',' || q[l] == '\0'))
            return;
    if (b->ignored.len)
        buf_adds(&b->ignored, ", ");
    buf_adds(&b->ignored, shown);
}

/* Notes the stop words of a quoted phrase, which the analyzer leaves out of it. */
static void phrase_ignored(struct bctx *b, const char *w, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && !isalnum((unsigned char)w[i]) && (unsigned char)w[i] < 0x80)
            i++;
        size_t s = i;
        while (i < n && (isalnum((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80 ||
                         w[i] == '\'' || w[i] == '-'))
            i++;
        if (i > s && index_stop(w + s, i - s))
            add_ignored(b, w + s, i - s);
    }
}

static bool term_is_stop(struct bctx *b, const struct node *n)
{
    if (!is_bare(n))
        return false;
    const char *w = b->a->in + n->off;
    size_t len = n->len;
    while (len > 0 && strchr(".,;:!?", w[len - 1]))
        len--;
    if (IN_LIST(stop_words, w, len) || index_stop(w, len))
        return true;
    return b->has_ident && IN_LIST(ref_words, w, len);
}

static const char *term_ident(struct bctx *b, const struct node *n, size_t *len)
{
    if (n->kind != NK_TERM || n->phrase || n->prefix)
        return NULL;
    const char *w = b->a->in + n->off;
    size_t l = n->len;
    while (l > 0 && strchr(".,;:!?", w[l - 1]))
        l--;
    *len = l;
    return ident_kind(w, l) ? w : NULL;
}

static void add_ident(struct search_query *q, const char *w, size_t n)
{
    if (q->nidents >= SEARCH_MAX_IDENTS)
        return;
    char *s = malloc(n + 1);
    if (!s)
        abort();
    for (size_t i = 0; i < n; i++)
        s[i] = (char)tolower((unsigned char)w[i]);
    s[n] = '\0';
    for (size_t i = 0; i < q->nidents; i++)
        if (!strcmp(q->idents[i], s)) {
            free(s);
            return;
        }
    q->idents[q->nidents++] = s;
}

static void out_init(struct out *o)
{
    buf_init(&o->m);
    buf_init(&o->w);
    buf_init(&o->u);
    o->nterms = 0;
}

static void out_free(struct out *o)
{
    buf_free(&o->m);
    buf_free(&o->w);
    buf_free(&o->u);
}

static bool build(struct bctx *b, int ni, bool negated, struct out *o);

static void build_term(struct bctx *b, const struct node *n, bool negated, struct out *o)
{
    const char *w = b->a->in + n->off;
    size_t len = n->len;
    char shown[64];
    shorten(w, len, shown, sizeof shown);
    if (n->phrase) {
        phrase_ignored(b, w, len);
        int c = text_query_term(w, len, TEXT_TERM_EXACT, &o->m);
        if (c <= 0) {
            if (len)
                note(b->a, "\"%s\" bevat niets om op te zoeken", shown);
            return;
        }
        text_query_term(w, len, TEXT_TERM_EXACT, &o->w);
        if (n->prefix) {
            buf_adds(&o->m, " *");
            buf_adds(&o->w, " *");
        }
        buf_printf(&o->u, "\"%s\"%s", shown, n->prefix ? "*" : "");
        o->nterms += 1;
        return;
    }
    size_t il;
    if (!negated && term_ident(b, n, &il)) {
        add_ident(b->q, w, il);
        w = w, len = il;
    }
    bool prefix = n->prefix;
    if (prefix) {
        char *f = search_fold(w, len);
        size_t fl = strlen(f);
        size_t chars = 0;
        for (size_t i = 0; i < fl; i++)
            chars += ((unsigned char)f[i] & 0xC0) != 0x80;
        free(f);
        if (chars < SEARCH_MIN_PREFIX) {
            note(b->a, "'%s*' te kort voor een voorvoegsel: als woord gezocht", shown);
            prefix = false;
        }
    }
    int c = text_query_term(w, len, prefix ? TEXT_TERM_PREFIX : 0, &o->m);
    if (c <= 0) {
        if (c == 0 && !prefix && index_stop(w, len))
            add_ignored(b, w, len);
        return;
    }
    if (prefix) {
        buf_adds(&o->m, " *");
        text_query_term(w, len, TEXT_TERM_PREFIX, &o->w);
        buf_adds(&o->w, " *");
    } else {
        size_t il2;
        bool wide = !negated && c == 1 && len >= SEARCH_MIN_PREFIX && !term_ident(b, n, &il2);
        if (wide)
            buf_addc(&o->w, '(');
        text_query_term(w, len, 0, &o->w);
        if (wide) {
            buf_adds(&o->w, " OR ");
            text_query_term(w, len, 0, &o->w);
            buf_adds(&o->w, " *)");
        }
    }
    buf_printf(&o->u, "%s%s", shown, prefix ? "*" : "");
    o->nterms += 1;
}

/* A parenthesised group that only excludes: OR -> AND -> NOT, NOT, ... */
static bool only_exclusions(const struct ast *a, const struct node *k)
{
    if (k->kind != NK_OR || k->first < 0 || a->nodes[k->first].next >= 0)
        return false;
    const struct node *g = &a->nodes[k->first];
    if (g->kind != NK_AND || g->first < 0)
        return false;
    for (int x = g->first; x >= 0; x = a->nodes[x].next)
        if (a->nodes[x].kind != NK_NOT)
            return false;
    return true;
}

/* Appends the pieces of an AND group; returns whether anything positive was written. */
static bool build_and(struct bctx *b, const struct node *n, bool negated, struct out *o)
{
    struct ast *a = b->a;
    /* Are there positive terms besides stop words? */
    int strong = 0, kids = 0;
    for (int c = n->first; c >= 0; c = a->nodes[c].next) {
        kids++;
        if (a->nodes[c].kind != NK_NOT && !term_is_stop(b, &a->nodes[c]) &&
            !only_exclusions(a, &a->nodes[c]))
            strong++;
    }
    struct out pos, neg;
    out_init(&pos);
    out_init(&neg);
    int npos = 0, nneg = 0;
    int bare_words[2] = {-1, -1}, nbare = 0;
    for (int c = n->first; c >= 0; c = a->nodes[c].next) {
        const struct node *k = &a->nodes[c];
        if (only_exclusions(a, k)) { /* "(NOT a) b": the exclusions join this group */
            const struct node *g = &a->nodes[k->first];
            for (int x = g->first; x >= 0; x = a->nodes[x].next) {
                struct out one;
                out_init(&one);
                if (build(b, a->nodes[x].first, true, &one)) {
                    if (nneg) {
                        buf_adds(&neg.m, " OR ");
                        buf_adds(&neg.w, " OR ");
                    }
                    buf_add(&neg.m, one.m.data, one.m.len);
                    buf_add(&neg.w, one.m.data, one.m.len);
                    buf_printf(&neg.u, " NIET %s", buf_cstr(&one.u));
                    nneg++;
                }
                out_free(&one);
            }
            continue;
        }
        if (k->kind == NK_NOT) {
            struct out one;
            out_init(&one);
            if (build(b, k->first, true, &one)) {
                if (nneg) {
                    buf_adds(&neg.m, " OR ");
                    buf_adds(&neg.w, " OR ");
                }
                buf_add(&neg.m, one.m.data, one.m.len);
                buf_add(&neg.w, one.m.data, one.m.len); /* exclusions stay narrow */
                buf_printf(&neg.u, " NIET %s", buf_cstr(&one.u));
                nneg++;
            }
            out_free(&one);
            continue;
        }
        if (strong > 0 && term_is_stop(b, k)) {
            if (index_stop(a->in + k->off, k->len)) {
                add_ignored(b, a->in + k->off, k->len);
                continue;
            }
            if (b->dropped.len)
                buf_adds(&b->dropped, ", ");
            char shown[64];
            shorten(a->in + k->off, k->len, shown, sizeof shown);
            buf_adds(&b->dropped, shown);
            continue;
        }
        struct out one;
        out_init(&one);
        if (build(b, c, negated, &one)) {
            if (npos) {
                buf_adds(&pos.m, " AND ");
                buf_adds(&pos.w, " AND ");
                buf_adds(&pos.u, " ");
            }
            buf_add(&pos.m, one.m.data, one.m.len);
            buf_add(&pos.w, one.w.data, one.w.len);
            buf_add(&pos.u, one.u.data, one.u.len);
            pos.nterms += one.nterms;
            if (is_bare(k) && nbare < 2)
                bare_words[nbare] = c;
            nbare += is_bare(k);
            npos++;
        }
        out_free(&one);
    }
    bool any = npos > 0;
    if (!any && nneg > 0) {
        if (negated || b->q->neg_match || b->top < 0 || n != &a->nodes[b->top]) {
            note(a, "alleen uitsluiten binnen een groep kan niet; genegeerd");
        } else {
            /* a query that only excludes: handled by search.h via neg_match */
            size_t l;
            b->q->neg_match = buf_detach(&neg.m, &l);
            buf_printf(&o->u, "alles%s", buf_cstr(&neg.u));
        }
        out_free(&pos);
        out_free(&neg);
        return false;
    }
    if (!any) {
        out_free(&pos);
        out_free(&neg);
        return false;
    }
    /* Two bare words may also be one compound: "privacy convenant" -> privacyconvenant. */
    bool compound = npos == 2 && nbare == 2 && nneg == 0 && !negated && kids == 2;
    size_t il;
    if (compound && (term_ident(b, &a->nodes[bare_words[0]], &il) ||
                     term_ident(b, &a->nodes[bare_words[1]], &il)))
        compound = false;
    bool wrap = npos > 1 || nneg > 0 || compound;
    if (wrap) {
        buf_addc(&o->m, '(');
        buf_addc(&o->w, '(');
    }
    if (compound) {
        buf_addc(&o->m, '(');
        buf_addc(&o->w, '(');
    }
    buf_add(&o->m, pos.m.data, pos.m.len);
    buf_add(&o->w, pos.w.data, pos.w.len);
    if (compound) {
        const struct node *x = &a->nodes[bare_words[0]], *y = &a->nodes[bare_words[1]];
        struct buf joined = BUF_INIT;
        buf_add(&joined, a->in + x->off, x->len);
        buf_add(&joined, a->in + y->off, y->len);
        struct buf t = BUF_INIT;
        if (text_query_term(joined.data, joined.len, 0, &t) == 1) {
            buf_adds(&o->m, ") OR ");
            buf_add(&o->m, t.data, t.len);
            buf_adds(&o->w, ") OR ");
            buf_add(&o->w, t.data, t.len);
        } else {
            buf_addc(&o->m, ')');
            buf_addc(&o->w, ')');
        }
        buf_free(&t);
        buf_free(&joined);
    }
    if (nneg) {
        buf_adds(&o->m, ") NOT (");
        buf_add(&o->m, neg.m.data, neg.m.len);
        buf_adds(&o->w, ") NOT (");
        buf_add(&o->w, neg.w.data, neg.w.len);
    }
    if (wrap) {
        buf_addc(&o->m, ')');
        buf_addc(&o->w, ')');
    }
    buf_add(&o->u, pos.u.data, pos.u.len);
    buf_add(&o->u, neg.u.data, neg.u.len);
    o->nterms += pos.nterms;
    out_free(&pos);
    out_free(&neg);
    return true;
}

static bool build_or(struct bctx *b, const struct node *n, bool negated, struct out *o)
{
    struct ast *a = b->a;
    struct out acc;
    out_init(&acc);
    int k = 0;
    for (int c = n->first; c >= 0; c = a->nodes[c].next) {
        struct out one;
        out_init(&one);
        bool ok = build(b, c, negated, &one);
        if (ok) {
            if (k) {
                buf_adds(&acc.m, " OR ");
                buf_adds(&acc.w, " OR ");
                buf_adds(&acc.u, " OF ");
            }
            buf_add(&acc.m, one.m.data, one.m.len);
            buf_add(&acc.w, one.w.data, one.w.len);
            buf_add(&acc.u, one.u.data, one.u.len);
            acc.nterms += one.nterms;
            k++;
        } else if (one.u.len) {
            buf_add(&o->u, one.u.data, one.u.len); /* the "alles NIET x" rendering */
        }
        out_free(&one);
    }
    if (k > 1) {
        buf_addc(&o->m, '(');
        buf_addc(&o->w, '(');
        buf_addc(&o->u, '(');
    }
    buf_add(&o->m, acc.m.data, acc.m.len);
    buf_add(&o->w, acc.w.data, acc.w.len);
    buf_add(&o->u, acc.u.data, acc.u.len);
    if (k > 1) {
        buf_addc(&o->m, ')');
        buf_addc(&o->w, ')');
        buf_addc(&o->u, ')');
    }
    o->nterms += acc.nterms;
    out_free(&acc);
    return k > 0;
}

static bool build_near(struct bctx *b, const struct node *n, bool negated, struct out *o)
{
    struct ast *a = b->a;
    struct out acc;
    out_init(&acc);
    int k = 0;
    for (int c = n->first; c >= 0; c = a->nodes[c].next) {
        struct out one;
        out_init(&one);
        if (build(b, c, negated, &one) && one.m.len) {
            if (k) {
                buf_addc(&acc.m, ' ');
                buf_addc(&acc.u, ' ');
            }
            buf_add(&acc.m, one.m.data, one.m.len);
            buf_add(&acc.u, one.u.data, one.u.len);
            acc.nterms += one.nterms;
            k++;
        }
        out_free(&one);
    }
    if (k == 0) {
        out_free(&acc);
        return false;
    }
    if (k == 1) {
        buf_add(&o->m, acc.m.data, acc.m.len);
        buf_add(&o->w, acc.m.data, acc.m.len);
        buf_add(&o->u, acc.u.data, acc.u.len);
        note(a, "NEAR() met één term: gewoon gezocht");
    } else {
        buf_printf(&o->m, "NEAR(%s, %d)", buf_cstr(&acc.m), n->near_dist);
        buf_printf(&o->w, "NEAR(%s, %d)", buf_cstr(&acc.m), n->near_dist);
        buf_printf(&o->u, "NABIJ(%s, %d)", buf_cstr(&acc.u), n->near_dist);
    }
    o->nterms += acc.nterms;
    out_free(&acc);
    return true;
}

static bool build(struct bctx *b, int ni, bool negated, struct out *o)
{
    if (ni < 0)
        return false;
    const struct node *n = &b->a->nodes[ni];
    switch (n->kind) {
    case NK_TERM: {
        size_t before = o->m.len;
        build_term(b, n, negated, o);
        return o->m.len > before;
    }
    case NK_AND:
        return build_and(b, n, negated, o);
    case NK_OR:
        return build_or(b, n, negated, o);
    case NK_NEAR:
        return build_near(b, n, negated, o);
    case NK_NOT: {
        /* a NOT outside an AND group: make it a group of one */
        struct node g = {NK_AND, ni, ni, -1, 0, 0, false, false, 0};
        int saved_next = b->a->nodes[ni].next;
        b->a->nodes[ni].next = -1;
        bool r = build_and(b, &g, negated, o);
        b->a->nodes[ni].next = saved_next;
        return r;
    }
    }
    return false;
}

/* Does the tree hold an identifier anywhere (for the reference-word rule)? */
static bool tree_has_ident(struct bctx *b)
{
    for (int i = 0; i < b->a->nnodes; i++) {
        size_t l;
        if (term_ident(b, &b->a->nodes[i], &l))
            return true;
    }
    return false;
}

/* Are all strong positive terms at the top level identifiers? */
static bool only_idents(struct bctx *b)
{
    struct ast *a = b->a;
    const struct node *root = &a->nodes[a->root];
    if (root->first < 0 || a->nodes[root->first].next >= 0)
        return false; /* OR of several groups */
    const struct node *g = &a->nodes[root->first];
    int idents = 0;
    for (int c = g->first; c >= 0; c = a->nodes[c].next) {
        const struct node *k = &a->nodes[c];
        size_t l;
        if (k->kind == NK_NOT || term_is_stop(b, k))
            continue;
        if (!term_ident(b, k, &l))
            return false;
        idents++;
    }
    return idents > 0;
}

static void describe_filters(struct search_query *q, struct buf *u)
{
    static const char *const names[SF_MAX + 1] = {"",        "dossier", "zaak",  "commissie",
                                                  "fractie", "persoon", "soort"};
    for (int kind = 1; kind <= SF_MAX; kind++) {
        bool first = true;
        for (size_t i = 0; i < q->nfilters; i++) {
            if (q->filters[i].kind != kind)
                continue;
            if (first)
                buf_printf(u, " · %s: \"%s\"", names[kind], q->filters[i].value);
            else
                buf_printf(u, " of \"%s\"", q->filters[i].value);
            first = false;
        }
    }
    if (q->type_mask) {
        buf_adds(u, " · type: ");
        bool first = true;
        for (int t = 1; t <= SEARCH_T_MAX; t++)
            if (q->type_mask & (1u << t)) {
                buf_printf(u, "%s%s", first ? "" : " of ", search_type_name(t));
                first = false;
            }
    }
    int y;
    unsigned m, d;
    if (q->van_day != INT64_MIN) {
        tm_civil_from_days(q->van_day, &y, &m, &d);
        buf_printf(u, " · van %04d-%02u-%02u", y, m, d);
    }
    if (q->tot_day != INT64_MAX) {
        tm_civil_from_days(q->tot_day, &y, &m, &d);
        buf_printf(u, " · tot en met %04d-%02u-%02u", y, m, d);
    }
}

/* Where the top-level operator of m[0..n) at depth 0 or 1 is: the offset of the first " AND ",
 * " OR " or " NOT " outside quotes at that depth, or n. */
static size_t find_op(const char *m, size_t n, int want_depth, const char *op)
{
    int depth = 0;
    bool quoted = false;
    size_t ol = strlen(op);
    for (size_t i = 0; i < n; i++) {
        char c = m[i];
        if (quoted) {
            if (c == '"')
                quoted = false; /* a doubled "" reopens at once: still inside */
        } else if (c == '"') {
            quoted = true;
        } else if (c == '(') {
            depth++;
        } else if (c == ')') {
            depth--;
        } else if (depth == want_depth && i + ol <= n && !strncmp(m + i, op, ol)) {
            return i;
        }
    }
    return n;
}

/* True when m[0..n) is one parenthesised group: "(...)" with its own closing paren last. */
static bool one_group(const char *m, size_t n)
{
    if (n < 2 || m[0] != '(' || m[n - 1] != ')')
        return false;
    int depth = 0;
    bool quoted = false;
    for (size_t i = 0; i < n; i++) {
        char c = m[i];
        if (quoted)
            quoted = c != '"';
        else if (c == '"')
            quoted = true;
        else if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0 && i != n - 1)
            return false;
    }
    return depth == 0;
}

/* "(A AND B AND C)" -> "(A OR B OR C)": the same pieces, any of them; what a query whose
 * words never occur together falls back to. Also through "(... ) NOT (...)" and the
 * two-word form "((A AND B) OR "ab")". NULL when m is not such an AND of two or more. */
static char *loosen_n(const char *m, size_t n)
{
    size_t i = find_op(m, n, 0, " NOT ");
    if (i < n) {
        char *left = loosen_n(m, i);
        if (!left)
            return NULL;
        struct buf b = BUF_INIT;
        buf_adds(&b, left);
        buf_add(&b, m + i, n - i);
        free(left);
        size_t l;
        return buf_detach(&b, &l);
    }
    if (!one_group(m, n))
        return NULL;
    i = find_op(m, n, 1, " OR ");
    if (i < n) {
        /* ((A AND B) OR "ab"): the words, or the two written as one */
        const char *r = m + i + 4;
        size_t rn = n - 1 - (i + 4);
        if (find_op(r, rn, 0, " OR ") < rn || rn < 2 || r[0] != '"' || r[rn - 1] != '"' ||
            memchr(r, ' ', rn))
            return NULL;
        /* only when "ab" is the two words of the left side written together */
        const char *l = m + 1;
        size_t ln = i - 1;
        size_t a = find_op(l, ln, 1, " AND ");
        if (!one_group(l, ln) || a >= ln)
            return NULL;
        const char *x = l + 1, *y = l + a + 5;
        size_t xn = a - 1, yn = ln - 1 - (a + 5);
        if (xn < 2 || yn < 2 || x[0] != '"' || x[xn - 1] != '"' || y[0] != '"' ||
            y[yn - 1] != '"' || (xn - 2) + (yn - 2) != rn - 2 ||
            memcmp(r + 1, x + 1, xn - 2) != 0 || memcmp(r + 1 + (xn - 2), y + 1, yn - 2) != 0)
            return NULL;
        return loosen_n(l, ln);
    }
    struct buf b = BUF_INIT;
    size_t from = 0;
    int parts = 0;
    while ((i = find_op(m + from, n - from, from == 0 ? 1 : 0, " AND ")) < n - from) {
        buf_add(&b, m + from, i);
        buf_adds(&b, " OR ");
        from += i + 5;
        parts++;
    }
    buf_add(&b, m + from, n - from);
    if (parts < 1) {
        buf_free(&b);
        return NULL;
    }
    size_t l;
    return buf_detach(&b, &l);
}

static char *loosen(const char *m)
{
    return loosen_n(m, strlen(m));
}

void search_query_build(struct search_query *q)
{
    struct ast *a = q->ast;
    if (!a)
        return;
    struct bctx b = {q, a, false, -1, BUF_INIT, BUF_INIT};
    b.has_ident = tree_has_ident(&b);
    const struct node *root = &a->nodes[a->root];
    if (root->first >= 0 && a->nodes[root->first].next < 0)
        b.top = root->first;
    struct out o;
    out_init(&o);
    bool any = build(&b, a->root, false, &o);
    size_t l;
    q->match = any ? buf_detach(&o.m, &l) : strdup("");
    q->wide_match = any ? buf_detach(&o.w, &l) : NULL;
    if (q->wide_match && !strcmp(q->wide_match, q->match)) {
        free(q->wide_match);
        q->wide_match = NULL;
    }
    if (!q->match)
        abort();
    q->loose_match = loosen(q->match);
    q->nterms = o.nterms;
    q->ident_only = any && only_idents(&b);
    if (q->van_day != INT64_MIN && q->tot_day != INT64_MAX && q->van_day > q->tot_day)
        note(a, "van-datum ligt na tot-datum: niets kan voldoen");

    struct buf u = BUF_INIT;
    if (o.u.len)
        buf_add(&u, o.u.data, o.u.len);
    else if (!any && !q->neg_match)
        buf_adds(&u, "(geen zoekwoorden: de nieuwste stukken)");
    describe_filters(q, &u);
    for (size_t i = 0; i < q->nidents; i++) {
        const char *kind = ident_kind(q->idents[i], strlen(q->idents[i]));
        buf_printf(&u, "%s%s (%s)", i ? ", " : " · herkend: ", q->idents[i],
                   kind ? kind : "nummer");
    }
    if (b.dropped.len)
        buf_printf(&u, " · niet verplicht: %s", buf_cstr(&b.dropped));
    if (b.ignored.len)
        buf_printf(&u, " · genegeerd (te algemeen, niet geïndexeerd): %s", buf_cstr(&b.ignored));
    if (a->notes.len)
        buf_printf(&u, " · let op: %s", buf_cstr(&a->notes));
    q->understood = buf_detach(&u, &l);
    buf_free(&b.dropped);
    buf_free(&b.ignored);
    out_free(&o);
}

void search_query_free(struct search_query *q)
{
    if (!q)
        return;
    struct ast *a = q->ast;
    if (a) {
        free(a->toks);
        free(a->nodes);
        buf_free(&a->notes);
        free(a);
    }
    free(q->input);
    free(q->match);
    free(q->neg_match);
    free(q->wide_match);
    free(q->loose_match);
    free(q->understood);
    for (size_t i = 0; i < q->nfilters; i++)
        free(q->filters[i].value);
    for (size_t i = 0; i < q->nidents; i++)
        free(q->idents[i]);
    memset(q, 0, sizeof *q);
}
