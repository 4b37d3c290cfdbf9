/*
 * kamerwacht fetch — download the documents, verslagen and photos of the mirror.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "feed/http.h"
#include "fetch/fetch.h"

static const char fetch_usage[] =
    "usage: kamerwacht fetch --db FILE --files DIR [options]\n"
    "\n"
    "Downloads the files behind the mirror's enclosures: Documents, the newest Verslag of each\n"
    "Vergadering and the photos of Personen, into DIR/aa/bb/<guid>. A re-run downloads only\n"
    "what is missing or changed; an interrupted run (even kill -9) leaves no partial file under\n"
    "a final name. A changed file keeps its earlier version as <guid>.1, <guid>.2, ...\n"
    "A body whose size differs from contentLength is stored but flagged; a failing URL is tried\n"
    "again after 1 h, 2 h, 4 h ... (at most 7 days), not on every run.\n"
    "\n"
    "  --db FILE            the SQLite store (filled by 'kamerwacht sync')\n"
    "  --files DIR          where the files go (created when missing)\n"
    "  --source URL         feed base URL for entities without an enclosure\n"
    "                       (default " FETCH_DEFAULT_SOURCE ")\n"
    "  --jobs N             parallel downloads (default 4, at most 64)\n"
    "  --max-size MB        skip (and report) files larger than this (default 250)\n"
    "  --category C         Document, Verslag or Persoon; repeat or separate with commas\n"
    "  --retry-all          also retry failed and flagged files whose pause has not ended\n"
    "  --timeout S          a download that sends nothing for S seconds fails (default 60)\n"
    "  --quiet              no progress line\n"
    "  --help               this text\n"
    "\n"
    "'kamerwacht status' shows per category how many files are present, missing, failing,\n"
    "flagged and skipped. Exit status: 0 when the run went through (single failures are listed\n"
    "and retried later), 1 when it could not run, was stopped, or 3 or more downloads failed and\n"
    "none succeeded (the server is down or unreachable).\n";

/* This many failures and not one success: the server is down or unreachable (exit 1). */
#define FETCH_DOWN_AFTER 3

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

struct progress_state {
    bool tty;
    bool printed;
};

static void on_progress(void *ctx, const struct fetch_progress *p)
{
    struct progress_state *ps = ctx;
    if (!ps->tty)
        return;
    double mb = (double)p->bytes / 1e6;
    fprintf(stderr,
            "\r\033[Kchecked %lld/%lld  fetched %lld (%.1f MB, %.1f MB/s, %.0f files/s)  "
            "failed %lld  active %d",
            (long long)p->checked, (long long)p->candidates, (long long)p->fetched, mb,
            p->elapsed > 0 ? mb / p->elapsed : 0,
            p->elapsed > 0 ? (double)p->fetched / p->elapsed : 0, (long long)p->failed, p->active);
    fflush(stderr);
    ps->printed = true;
}

static void print_summary(const struct fetch_report *r)
{
    double mb = (double)r->bytes / 1e6;
    printf("%lld files in the mirror: %lld already present, %lld fetched (%.1f MB in %.1f s: "
           "%.1f MB/s, %.1f files/s)\n",
           (long long)r->candidates, (long long)r->present, (long long)r->fetched, mb, r->seconds,
           r->seconds > 0 ? mb / r->seconds : 0,
           r->seconds > 0 ? (double)r->fetched / r->seconds : 0);
    if (r->unchanged || r->versions_kept)
        printf("%lld fetched again unchanged, %lld earlier versions kept\n",
               (long long)r->unchanged, (long long)r->versions_kept);
    if (r->flagged)
        printf("%lld stored but flagged: their size differs from contentLength\n",
               (long long)r->flagged);
    if (r->deferred)
        printf("%lld failed before and wait for their next try (--retry-all tries now)\n",
               (long long)r->deferred);
    if (r->failed)
        printf("%lld failed this run; they are tried again later\n", (long long)r->failed);
    if (r->skipped)
        printf("%lld skipped: larger than --max-size\n", (long long)r->skipped);
    for (size_t i = 0; i < r->nskipped_list; i++)
        printf("  skipped %-9s %s  %s\n", fetch_category_name(r->skipped_list[i].category),
               r->skipped_list[i].id, r->skipped_list[i].why);
    if (r->skipped > (int64_t)r->nskipped_list)
        printf("  ... and %lld more\n", (long long)(r->skipped - (int64_t)r->nskipped_list));
    for (size_t i = 0; i < r->nfailed_list; i++)
        printf("  failed  %-9s %s  %s\n", fetch_category_name(r->failed_list[i].category),
               r->failed_list[i].id, r->failed_list[i].why);
    if (r->failed > (int64_t)r->nfailed_list)
        printf("  ... and %lld more\n", (long long)(r->failed - (int64_t)r->nfailed_list));
}

static int add_categories(const char *list, struct fetch_opts *o)
{
    char *copy = strdup(list);
    if (!copy)
        return -1;
    int rc = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok && rc == 0;
         tok = strtok_r(NULL, ",", &save)) {
        int found = -1;
        for (int c = 0; c < FETCH_NCATEGORIES; c++)
            if (!strcmp(tok, fetch_category_name((enum fetch_category)c)))
                found = c;
        if (found < 0) {
            fprintf(stderr,
                    "kamerwacht fetch: '%s' has no files to fetch; the categories are "
                    "Document, Verslag and Persoon\n",
                    tok);
            rc = -1;
        } else {
            o->categories[found] = true;
        }
    }
    free(copy);
    return rc;
}

int cmd_fetch(int argc, char **argv)
{
    struct fetch_opts o;
    fetch_opts_default(&o);
    const char *db = NULL;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        long long x;
        int m;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(fetch_usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--quiet")) {
            quiet = true;
        } else if (!strcmp(argv[i], "--retry-all")) {
            o.retry_all = true;
        } else if ((m = cmd_opt(argc, argv, &i, "--db", &v))) {
            if (m < 0)
                return 2;
            db = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--files", &v))) {
            if (m < 0)
                return 2;
            o.dir = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--source", &v))) {
            if (m < 0)
                return 2;
            o.source = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--jobs", &v))) {
            if (m < 0 || cmd_parse_uint("--jobs", v, FETCH_MAX_JOBS, &x))
                return 2;
            o.jobs = x ? (int)x : 1;
        } else if ((m = cmd_opt(argc, argv, &i, "--max-size", &v))) {
            if (m < 0 || cmd_parse_uint("--max-size", v, 1000000, &x))
                return 2;
            o.max_bytes = (x ? x : 1) << 20;
        } else if ((m = cmd_opt(argc, argv, &i, "--category", &v))) {
            if (m < 0 || add_categories(v, &o))
                return 2;
        } else if ((m = cmd_opt(argc, argv, &i, "--timeout", &v))) {
            if (m < 0 || cmd_parse_uint("--timeout", v, 86400, &x))
                return 2;
            o.read_timeout_s = x ? (long)x : 1;
        } else {
            fprintf(stderr, "kamerwacht fetch: unknown option '%s'\n%s", argv[i], fetch_usage);
            return 2;
        }
    }
    if (!db || !o.dir) {
        fprintf(stderr, "kamerwacht fetch: --db FILE and --files DIR are required\n%s",
                fetch_usage);
        return 2;
    }
    if (o.source) {
        size_t l = strlen(o.source);
        if (l && o.source[l - 1] == '/') {
            fprintf(stderr, "kamerwacht fetch: --source without a trailing '/', e.g. %s\n",
                    FETCH_DEFAULT_SOURCE);
            return 2;
        }
    }
    char err[512];
    struct store *s;
    if (store_open(db, 0, &s, err, sizeof err)) {
        fprintf(stderr, "kamerwacht fetch: %s\n", err);
        return 1;
    }
    feed_http_global_init();
    struct progress_state ps = {isatty(STDERR_FILENO) && !quiet, false};
    o.progress = quiet ? NULL : on_progress;
    o.progress_ctx = &ps;
    o.stop = &stop_requested;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    struct fetch_report *r = malloc(sizeof *r);
    if (!r) {
        store_close(s);
        return 1;
    }
    int res = fetch_run(s, &o, r, err, sizeof err);
    if (ps.printed)
        fputc('\n', stderr);
    int rc = 0;
    if (res) {
        fprintf(stderr, "kamerwacht fetch: %s\n", err);
        rc = 1;
    } else {
        print_summary(r);
        if (r->stopped) {
            fprintf(stderr, "kamerwacht fetch: stopped on request; run the same command to go "
                            "on\n");
            rc = 1;
        } else if (r->failed >= FETCH_DOWN_AFTER && r->fetched == 0) {
            fprintf(stderr,
                    "kamerwacht fetch: every download failed (first: %s); is the server "
                    "reachable?\n",
                    r->nfailed_list ? r->failed_list[0].why : "?");
            rc = 1;
        }
    }
    free(r);
    store_close(s);
    return rc;
}
