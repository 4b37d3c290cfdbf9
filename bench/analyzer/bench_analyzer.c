/*
 * bench_analyzer — how fast the Dutch analyzer is, and what its exact forms cost in an FTS5 index.
 *
 * Usage: bench_analyzer [MB of text to analyze, default 50] [MB to index in FTS5, default 0]
 *                       [index]   (only the index mode: for callgrind instruction counts)
 *
 * The text is generated: parliamentary Dutch words with inflections, about one word in five a
 * random compound of two words (so the vocabulary has a long tail, as real text does, and the
 * stem cache is not flattered), plus identifiers, numbers and punctuation. The same seed gives
 * the same text. Prints MB/s per mode on one core and the ratio of tokens to words; with a
 * second argument also the size of the FTS5 index (sum of %_data blocks) for kw_dutch,
 * kw_dutch stems_only and unicode61 remove_diacritics 2.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/analyze.h"
#include "text/fold.h"
#include "text/fts5_dutch.h"
#include "util/buf.h"

static const char *const words[] = {
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "te",
    "dat",
    "die",
    "voor",
    "met",
    "is",
    "zijn",
    "niet",
    "aan",
    "om",
    "ook",
    "als",
    "bij",
    "door",
    "over",
    "wordt",
    "worden",
    "naar",
    "uit",
    "kan",
    "heeft",
    "hebben",
    "ik",
    "u",
    "uw",
    "Kamer",
    "minister",
    "ministerie",
    "ministeries",
    "motie",
    "moties",
    "commissie",
    "commissies",
    "wetsvoorstel",
    "wetsvoorstellen",
    "gemeente",
    "gemeenten",
    "gemeentes",
    "kamerlid",
    "Kamerleden",
    "toezegging",
    "toezeggingen",
    "subsidie",
    "subsidies",
    "onderwijs",
    "leerlingen",
    "leerling",
    "scholen",
    "school",
    "docenten",
    "digitalisering",
    "digitale",
    "privacy",
    "gegevens",
    "persoonsgegevens",
    "geïnformeerd",
    "informeren",
    "brief",
    "brieven",
    "vragen",
    "vraag",
    "antwoord",
    "antwoorden",
    "debat",
    "begroting",
    "financiële",
    "middelen",
    "kwaliteit",
    "veiligheid",
    "overheid",
    "organisaties",
    "stikstof",
    "woningen",
    "huurwoningen",
    "zorg",
    "zorgverzekeraars",
    "toeslagen",
    "besluit",
    "besluiten",
    "regering",
    "kabinet",
    "coalitie",
    "oppositie",
    "Europese",
    "Unie",
    "Nederland",
    "Tweede",
    "Eerste",
    "Staten-Generaal",
    "vergadering",
    "vergaderingen",
    "stemmingen",
    "amendement",
    "amendementen",
    "uitvoering",
    "evaluatie",
    "onderzoek",
    "onderzoeken",
    "rapport",
    "advies",
    "adviezen",
    "maatregelen",
    "informatie-uitwisseling",
    "samenwerking",
    "ontwikkeling",
    "ontwikkelingen",
    "verbetering",
    "toegankelijkheid",
    "beschikbaarheid",
    "coördinatie",
    "beëindigd",
    "continuïteit",
    "mogelijk",
    "belangrijk",
    "zorgvuldig",
    "effectief",
    "structurele",
    "jaarlijks",
    "huidige",
    "nieuwe",
    "verschillende",
    "daarnaast",
    "tegelijkertijd",
    "bovendien",
    "echter",
    "hierover",
    "waarmee",
    "zodat",
    "omdat",
    "wanneer",
};

static const char *const heads[] = {
    "onderwijs", "zorg",    "kamer",       "woning",   "energie", "klimaat",  "stikstof",
    "privacy",   "asiel",   "belasting",   "pensioen", "arbeids", "jeugd",    "defensie",
    "verkeers",  "water",   "landbouw",    "gemeente", "rijks",   "subsidie", "begrotings",
    "wets",      "beleids", "uitvoerings", "toezicht",
};

static const char *const ids[] = {
    "2021D35262", "2021Z16384", "kst-31293-593", "36600-XV",       "F-35",   "COVID-19", "21501-07",
    "31293-593",  "2024A01234", "€ 24 miljoen",  "1 januari 2022", "31 293", "art. 3.2", "(ICT)",
};

static const char *const punct[] = {", ", ". ", "; ", ": ", " (", ") ", " – ", "? ", ".\n\n"};

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Roughly Zipf: small indexes much more often. */
static size_t zipf(size_t n)
{
    uint32_t r = next() % 1000;
    size_t k = (size_t)((double)n * (r / 1000.0) * (r / 1000.0) * (r / 1000.0));
    return k < n ? k : n - 1;
}

static size_t generate(struct buf *b, size_t bytes)
{
    size_t nwords = 0;
    while (b->len < bytes) {
        uint32_t r = next() % 100;
        if (r < 3) {
            buf_adds(b, ids[next() % N(ids)]);
        } else if (r < 23) {
            const char *h = heads[next() % N(heads)];
            const char *t = words[30 + next() % (N(words) - 30)];
            buf_adds(b, h);
            for (const char *p = t; *p; p++)
                buf_addc(b, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
        } else {
            buf_adds(b, words[zipf(N(words))]);
        }
        nwords++;
        if (next() % 9 == 0)
            buf_adds(b, punct[next() % N(punct)]);
        else
            buf_addc(b, ' ');
    }
    return nwords;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct counts {
    size_t tokens, positions;
};

static int count(void *ctx, int flags, const char *tok, int len, int start, int end)
{
    struct counts *c = ctx;
    c->tokens++;
    if (!(flags & TEXT_TOKEN_COLOCATED))
        c->positions++;
    return 0;
}

#define DOC 4096 /* analyze in document-sized pieces, as FTS5 would */

static void bench_mode(const char *name, enum text_mode mode, const struct buf *text)
{
    struct text_analyzer *a = text_analyzer_new();
    struct counts c = {0, 0};
    double t0 = now();
    for (size_t off = 0; off < text->len; off += DOC) {
        size_t n = text->len - off < DOC ? text->len - off : DOC;
        text_analyze(a, mode, text->data + off, n, count, &c);
    }
    double dt = now() - t0;
    printf("%-22s %8.1f MB/s  %zu positions, %zu tokens (%.2f tokens per position)\n", name,
           (double)text->len / 1e6 / dt, c.positions, c.tokens,
           (double)c.tokens / (double)(c.positions ? c.positions : 1));
    text_analyzer_free(a);
}

static void bench_fold(const struct buf *text)
{
    struct buf out = BUF_INIT;
    double t0 = now();
    for (size_t off = 0; off < text->len; off += DOC) {
        size_t n = text->len - off < DOC ? text->len - off : DOC;
        buf_reset(&out);
        text_fold(text->data + off, n, &out);
    }
    double dt = now() - t0;
    printf("%-22s %8.1f MB/s\n", "text_fold", (double)text->len / 1e6 / dt);
    buf_free(&out);
}

static int exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, err ? err : "?");
        sqlite3_free(err);
    }
    return rc;
}

static void bench_fts(const char *tokenize, const struct buf *text, size_t bytes)
{
    sqlite3 *db;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK || text_register_fts5(db) != SQLITE_OK) {
        fprintf(stderr, "cannot open SQLite with FTS5\n");
        exit(1);
    }
    char sql[256];
    snprintf(sql, sizeof sql, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='%s')", tokenize);
    if (exec(db, sql) != SQLITE_OK)
        exit(1);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO t(body) VALUES (?)", -1, &st, NULL);
    double t0 = now();
    exec(db, "BEGIN");
    size_t limit = bytes < text->len ? bytes : text->len;
    for (size_t off = 0; off < limit; off += DOC) {
        size_t n = limit - off < DOC ? limit - off : DOC;
        sqlite3_bind_text(st, 1, text->data + off, (int)n, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    exec(db, "COMMIT");
    exec(db, "INSERT INTO t(t) VALUES ('optimize')");
    double dt = now() - t0;
    sqlite3_finalize(st);
    sqlite3_int64 size = 0;
    sqlite3_prepare_v2(db, "SELECT sum(length(block)) FROM t_data", -1, &st, NULL);
    if (sqlite3_step(st) == SQLITE_ROW)
        size = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    printf("FTS5 %-32s %6.1f MB/s  index %.1f MB = %.2f x text\n", tokenize,
           (double)limit / 1e6 / dt, (double)size / 1e6, (double)size / (double)limit);
    sqlite3_close(db);
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 50;
    size_t fts_mb = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 0;
    if (mb == 0)
        mb = 1;
    struct buf text = BUF_INIT;
    size_t nwords = generate(&text, mb * 1000000);
    printf("%s\n", text_analyzer_version());
    printf("text: %.1f MB, %zu generated words (identifiers count as one)\n",
           (double)text.len / 1e6, nwords);
    if (argc > 3 && strcmp(argv[3], "index") == 0) {
        bench_mode("index (stem + exact)", TEXT_MODE_INDEX, &text);
        buf_free(&text);
        return 0;
    }
    bench_fold(&text);
    bench_mode("index (stem + exact)", TEXT_MODE_INDEX, &text);
    bench_mode("index stems_only", TEXT_MODE_INDEX_STEMS, &text);
    bench_mode("query stem", TEXT_MODE_QUERY_STEM, &text);
    bench_mode("query exact", TEXT_MODE_QUERY_EXACT, &text);
    if (fts_mb) {
        bench_fts("kw_dutch", &text, fts_mb * 1000000);
        bench_fts("kw_dutch stems_only", &text, fts_mb * 1000000);
        bench_fts("unicode61 remove_diacritics 2", &text, fts_mb * 1000000);
    }
    buf_free(&text);
    return 0;
}
