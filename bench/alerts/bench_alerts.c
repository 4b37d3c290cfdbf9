/*
 * bench_alerts — how long matching saved searches takes: N saved searches (default 10,000)
 * against a batch of M new documents (default 2,000) with Dutch titles, using the same path
 * as a pass (the batch indexed into a temporary FTS5 table with the Dutch tokenizer, each
 * saved query run against it). Then the same in a real alerts pass over a store: ingest of
 * the batch, matching, and composing/queueing one mail per user (2,000 users x 5 searches).
 * Then volume: U users (default 1,000) who each follow the dossier that all M new documents
 * belong to, so one pass queues U x M items: the cost per queued item of the ledger check
 * and the outbox (CPU time, as the machine may be shared).
 *
 *   bench_alerts [searches] [docs] [volume-users]     (volume-users 0 skips that part)
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

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void drop_db(const char *path)
{
    char p2[96];
    unlink(path);
    snprintf(p2, sizeof p2, "%s-wal", path);
    unlink(p2);
    snprintf(p2, sizeof p2, "%s-shm", path);
    unlink(p2);
}

/* U users x one dossier monitor each; M new documents all in that dossier; one pass. */
static int volume(size_t users, size_t nd, char (*titles)[512])
{
    char path[64], err[512];
    snprintf(path, sizeof path, "/tmp/bench_alerts_vol_%d.db", (int)getpid());
    drop_db(path);
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
    sqlite3_exec(db, "INSERT INTO \"Kamerstukdossier\"(id, skiptoken, nummer, titel)"
                     " VALUES('k1', 1, 31293, 'Primair onderwijs');"
                     "INSERT INTO \"Document\"(id, skiptoken, soort, onderwerp) VALUES('seed', 2,"
                     " 'Brief regering', 'begin')", NULL, NULL, NULL);
    struct alerts_report r;
    struct alerts_pass_opts po = {.no_delivery = true};
    if (alerts_pass(a, &po, &r)) {
        fprintf(stderr, "pass: %s\n", alerts_errmsg(a));
        return 1;
    }
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (size_t u = 0; u < users; u++) {
        char email[64];
        snprintf(email, sizeof email, "vol%zu@example.nl", u);
        int64_t uid;
        if (alerts_user_ensure(a, email, &uid, NULL) ||
            alerts_monitor_add(a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, NULL)) {
            fprintf(stderr, "%s\n", alerts_errmsg(a));
            return 1;
        }
    }
    sqlite3_stmt *st, *link;
    sqlite3_prepare_v2(db, "INSERT INTO \"Document\"(id, skiptoken, soort, documentNummer,"
                           " onderwerp, datum) VALUES(?1, ?2, 'Brief regering', ?3, ?4,"
                           " '2025-06-01T10:00:00Z')", -1, &st, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO \"Document_kamerstukdossier\"(src, dst) VALUES(?1, 'k1')",
                       -1, &link, NULL);
    for (size_t i = 0; i < nd; i++) {
        char id[32], nr[32];
        snprintf(id, sizeof id, "vdoc-%zu", i);
        snprintf(nr, sizeof nr, "2025D%05zu", i);
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, (int64_t)i + 10);
        sqlite3_bind_text(st, 3, nr, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, titles[i], -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
        sqlite3_bind_text(link, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_step(link);
        sqlite3_reset(link);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(link);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    double c0 = cpu_s(), t0 = now_s();
    if (alerts_pass(a, &po, &r)) {
        fprintf(stderr, "pass: %s\n", alerts_errmsg(a));
        return 1;
    }
    double c1 = cpu_s(), t1 = now_s();
    printf("volume: %zu users x %lld new documents: %lld items queued in %lld mails; match and "
           "queue %.3f s wall, pass %.3f s wall, %.3f s CPU: %.2f us CPU per queued item\n",
           users, (long long)r.ingested_new, (long long)r.items_queued,
           (long long)r.users_mailed, r.seconds_match, t1 - t0, c1 - c0,
           r.items_queued ? (c1 - c0) * 1e6 / (double)r.items_queued : 0.0);
    /* A second pass with nothing new must queue nothing. */
    if (alerts_pass(a, &po, &r) || r.items_queued) {
        fprintf(stderr, "second pass queued %lld items\n", (long long)r.items_queued);
        return 1;
    }
    alerts_close(a);
    store_close(s);
    drop_db(path);
    return 0;
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
    size_t vol_users = argc > 3 ? (size_t)atol(argv[3]) : 1000;
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
    double m0 = cpu_s();
    double t0 = now_s();
    if (alert_search_builtin.match(db, qs, nq, docs, nd, on_hit, &c, err, sizeof err)) {
        fprintf(stderr, "match: %s\n", err);
        return 1;
    }
    double t1 = now_s();
    double m1 = cpu_s();
    printf("matching: %zu saved searches x %zu new documents: %.3f s wall, %.3f s CPU (%.1f us "
           "CPU per search), %ld hits\n", nq, nd, t1 - t0, m1 - m0, (m1 - m0) * 1e6 / (double)nq,
           c.hits);

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
    double c0 = cpu_s();
    if (alerts_pass(a, &po, &r)) {
        fprintf(stderr, "pass: %s\n", alerts_errmsg(a));
        return 1;
    }
    double c1 = cpu_s();
    t1 = now_s();
    printf("pass: %lld monitors of %zu users over %lld new documents: ingest %.3f s, match and "
           "queue %.3f s (%lld items in %lld mails; snippets %lld made, %lld shared), total "
           "%.3f s wall, %.3f s CPU\n",
           (long long)r.monitors_run, users, (long long)r.ingested_new, r.seconds_ingest,
           r.seconds_match, (long long)r.items_queued, (long long)r.users_mailed,
           (long long)r.snippets_made, (long long)r.snippets_reused, t1 - t0, c1 - c0);
    alerts_close(a);
    store_close(s);
    drop_db(path);
    int rc = vol_users ? volume(vol_users, nd, titles) : 0;
    free(titles);
    free(queries);
    free(docs);
    free(qs);
    return rc;
}
