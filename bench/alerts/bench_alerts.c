/*
 * bench_alerts — how long matching saved searches takes: N saved searches (default 10,000)
 * against a batch of M new documents (default 2,000) with Dutch titles, using the same path
 * as a pass (the batch indexed into a temporary FTS5 table with the Dutch tokenizer, each
 * saved query run against it). Then the same in a real alerts pass over a store: ingest of
 * the batch, matching, and composing/queueing one mail per user (2,000 users x 5 searches).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "alerts/alerts.h"
#include "store/store.h"

static const char *const words[] = {
    "stikstof", "boeren", "onderwijs", "leraren", "tekort", "kinderopvang", "toeslagen",
    "woningbouw", "huurprijzen", "energie", "klimaat", "gaswinning", "Groningen", "zorg",
    "ziekenhuizen", "pensioenen", "asiel", "migratie", "defensie", "F-35", "Oekraïne",
    "belasting", "begroting", "gemeenten", "provincies", "water", "dijken", "spoor", "wegen",
    "Schiphol", "luchtvaart", "visserij", "natuur", "jeugdzorg", "politie", "rechtspraak",
    "privacy", "digitale", "overheid", "cybersecurity", "inflatie", "koopkracht", "armoede",
    "studiefinanciering", "wetenschap", "cultuur", "sport", "verkiezingen", "Europese", "Unie",
    "handel", "export", "landbouw", "mest", "dierenwelzijn", "vaccinatie", "corona", "GGD",
    "arbeidsmarkt", "uitkeringen", "bijstand", "wet", "motie", "amendement", "brief", "regering",
    "minister", "staatssecretaris", "commissie", "debat", "verslag", "antwoord", "vragen",
    "wijziging", "evaluatie", "rapport", "onderzoek", "subsidie", "kosten", "investeringen",
};
#define NW (sizeof words / sizeof words[0])

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffff;
}

/* Pseudo-words stand for the long tail of a real vocabulary (names, places, programmes):
 * "project" + a number from 0..3999. A title has 6-13 common words and 2 rare ones. */
static void make_title(unsigned *s, char *out, size_t n)
{
    size_t l = (size_t)snprintf(out, n, "Brief regering over");
    int k = 6 + (int)(rnd(s) % 8);
    for (int i = 0; i < k && l < n - 40; i++)
        l += (size_t)snprintf(out + l, n - l, " %s", words[rnd(s) % NW]);
    for (int i = 0; i < 2 && l < n - 40; i++)
        l += (size_t)snprintf(out + l, n - l, " project%u", rnd(s) % 4000);
}

static void make_query(unsigned *s, char *out, size_t n)
{
    unsigned r = rnd(s) % 10;
    const char *a = words[rnd(s) % NW], *b = words[rnd(s) % NW], *c = words[rnd(s) % NW];
    if (r < 4)
        snprintf(out, n, "project%u", rnd(s) % 4000);
    else if (r < 7)
        snprintf(out, n, "%s %s", a, b);
    else if (r < 8)
        snprintf(out, n, "\"%s %s\"", a, b);
    else if (r < 9)
        snprintf(out, n, "%s OR %s", a, b);
    else
        snprintf(out, n, "%s %s -%s", a, b, c);
}

struct counter {
    long hits;
};

static void on_hit(void *ctx, size_t qi, size_t di, const char *snippet, const char *terms)
{
    (void)qi, (void)di, (void)snippet, (void)terms;
    ((struct counter *)ctx)->hits++;
}

int main(int argc, char **argv)
{
    size_t nq = argc > 1 ? (size_t)atol(argv[1]) : 10000;
    size_t nd = argc > 2 ? (size_t)atol(argv[2]) : 2000;
    unsigned seed = 42;
    setvbuf(stdout, NULL, _IOLBF, 0);
    char path[64];
    snprintf(path, sizeof path, "/tmp/bench_alerts_%d.db", (int)getpid());
    unlink(path);
    char err[512];
    struct store *s;
    if (store_open(path, 0, &s, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    sqlite3 *db = store_db(s);
    struct alerts *a;
    struct alerts_opts ao = {NULL, NULL, NULL, NULL};
    if (alerts_open(db, &ao, &a, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }

    /* 1. Matching alone. */
    char (*titles)[512] = calloc(nd, sizeof *titles);
    char (*queries)[128] = calloc(nq, sizeof *queries);
    struct alert_doc *docs = calloc(nd, sizeof *docs);
    const char **qs = calloc(nq, sizeof *qs);
    for (size_t i = 0; i < nd; i++) {
        make_title(&seed, titles[i], sizeof titles[i]);
        docs[i] = (struct alert_doc){(int64_t)i + 1, "Document", "x", titles[i], "Brief regering"};
    }
    for (size_t i = 0; i < nq; i++) {
        make_query(&seed, queries[i], sizeof queries[i]);
        qs[i] = queries[i];
    }
    struct counter c = {0};
    double t0 = now_s();
    if (alert_search_builtin.match(db, qs, nq, docs, nd, on_hit, &c, err, sizeof err)) {
        fprintf(stderr, "match: %s\n", err);
        return 1;
    }
    double t1 = now_s();
    printf("matching: %zu saved searches x %zu new documents: %.3f s (%.1f us per search), "
           "%ld hits\n", nq, nd, t1 - t0, (t1 - t0) * 1e6 / (double)nq, c.hits);

    /* 2. A whole pass: baseline, then the batch arrives, then the pass. */
    sqlite3_exec(db, "INSERT INTO \"Document\"(id, skiptoken, soort, onderwerp) VALUES('seed', 1,"
                     " 'Brief regering', 'begin')", NULL, NULL, NULL);
    struct alerts_report r;
    struct alerts_pass_opts po = {.no_delivery = true};
    alerts_pass(a, &po, &r);
    size_t users = nq / 5 ? nq / 5 : 1;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (size_t u = 0; u < users; u++) {
        char email[64];
        snprintf(email, sizeof email, "user%zu@example.nl", u);
        int64_t uid;
        alerts_user_ensure(a, email, &uid, NULL);
        for (size_t k = u * 5; k < u * 5 + 5 && k < nq; k++)
            if (alerts_monitor_add(a, uid, MON_SEARCH, queries[k], FREQ_IMMEDIATE, NULL)) {
                fprintf(stderr, "%s\n", alerts_errmsg(a));
                return 1;
            }
    }
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO \"Document\"(id, skiptoken, soort, documentNummer,"
                           " onderwerp, datum) VALUES(?1, ?2, 'Brief regering', ?3, ?4,"
                           " '2025-06-01T10:00:00Z')", -1, &st, NULL);
    for (size_t i = 0; i < nd; i++) {
        char id[32], nr[32];
        snprintf(id, sizeof id, "doc-%zu", i);
        snprintf(nr, sizeof nr, "2025D%05zu", i);
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, (int64_t)i + 10);
        sqlite3_bind_text(st, 3, nr, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, titles[i], -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    t0 = now_s();
    if (alerts_pass(a, &po, &r)) {
        fprintf(stderr, "pass: %s\n", alerts_errmsg(a));
        return 1;
    }
    t1 = now_s();
    printf("pass: %lld monitors of %zu users over %lld new documents: ingest %.3f s, match and "
           "queue %.3f s (%lld items in %lld mails), total %.3f s\n",
           (long long)r.monitors_run, users, (long long)r.ingested_new, r.seconds_ingest,
           r.seconds_match, (long long)r.items_queued, (long long)r.users_mailed, t1 - t0);
    alerts_close(a);
    store_close(s);
    unlink(path);
    char p2[96];
    snprintf(p2, sizeof p2, "%s-wal", path);
    unlink(p2);
    snprintf(p2, sizeof p2, "%s-shm", path);
    unlink(p2);
    free(titles);
    free(queries);
    free(docs);
    free(qs);
    return 0;
}
