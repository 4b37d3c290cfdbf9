/*
 * kamerwacht sync — mirror the SyncFeed into the SQLite store.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "feed/http.h"
#include "sync/sync.h"

static const char sync_usage[] =
    "usage: kamerwacht sync --db FILE [--source URL] [--category C ...] [options]\n"
    "\n"
    "Follows every SyncFeed category (or the ones named) from the stored skiptoken and\n"
    "applies each page in one transaction, so an interrupted sync resumes where it stopped.\n"
    "\n"
    "  --db FILE            the SQLite store (created when missing)\n"
    "  --source URL         feed base URL (default " SYNC_DEFAULT_SOURCE ")\n"
    "  --category C         a category such as Document; repeat or separate with commas\n"
    "  --pause-ms N         pause between pages (default 100)\n"
    "  --max-retries N      retries of a failing page before giving up (default 8)\n"
    "  --retry-base-ms N    first retry pause, doubled each time (default 1000)\n"
    "  --timeout S          abort a transfer that sends nothing for S seconds (default 60)\n"
    "  --quiet              no progress line\n"
    "  --help               this text\n";

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

struct progress_state {
    bool tty;
    size_t last_index;
    bool printed;
};

static void on_progress(void *ctx, const struct sync_progress *p)
{
    struct progress_state *ps = ctx;
    const struct sync_cat_report *c = p->cat;
    double rate = p->elapsed > 0 ? (double)p->total_entries / p->elapsed : 0;
    if (!ps->tty) {
        if (p->waiting)
            fprintf(stderr, "sync: %s: %s; retrying in %.1f s\n", c->category, p->waiting,
                    p->wait_s);
        return;
    }
    if (ps->printed && ps->last_index != p->index)
        fputc('\n', stderr);
    ps->last_index = p->index;
    ps->printed = true;
    if (p->waiting)
        fprintf(stderr, "\r\033[K[%zu/%zu] %-30s retry in %.1f s: %.60s", p->index + 1, p->count,
                c->category, p->wait_s, p->waiting);
    else
        fprintf(stderr, "\r\033[K[%zu/%zu] %-30s %10lld entries  %8.0f/s  skiptoken %lld",
                p->index + 1, p->count, c->category, (long long)c->entries, rate,
                (long long)c->skiptoken_to);
    fflush(stderr);
}

static void print_summary(const struct sync_report *r)
{
    printf("%-32s %9s %9s %9s %9s %6s %12s\n", "category", "entries", "created", "updated",
           "deleted", "quar.", "skiptoken");
    int64_t cr = 0, up = 0, de = 0, qu = 0;
    for (size_t i = 0; i < r->ncats; i++) {
        const struct sync_cat_report *c = &r->cats[i];
        cr += c->created, up += c->updated, de += c->deleted, qu += c->quarantined;
        if (!c->entries && !c->failed)
            continue;
        printf("%-32s %9lld %9lld %9lld %9lld %6lld %12lld%s\n", c->category,
               (long long)c->entries, (long long)c->created, (long long)c->updated,
               (long long)c->deleted, (long long)c->quarantined, (long long)c->skiptoken_to,
               c->failed ? "  FAILED" : "");
    }
    double mb = (double)r->bytes / 1e6;
    printf("%-32s %9lld %9lld %9lld %9lld %6lld\n", "total", (long long)r->entries,
           (long long)cr, (long long)up, (long long)de, (long long)qu);
    printf("%lld entries, %.1f MB in %.1f s: %.0f entities/s, %.1f MB/s\n",
           (long long)r->entries, mb, r->seconds,
           r->seconds > 0 ? (double)r->entries / r->seconds : 0,
           r->seconds > 0 ? mb / r->seconds : 0);
}

static int add_categories(const char *list, const char **cats, size_t *n, char **owned)
{
    char *copy = strdup(list);
    if (!copy)
        return -1;
    *owned = copy;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (!kw_type_by_category(tok)) {
            fprintf(stderr,
                    "kamerwacht sync: unknown category '%s' (names are like Document, Zaak,"
                    " ZaakActor; 'kamerwacht status' lists them)\n",
                    tok);
            return -1;
        }
        if (*n >= SYNC_MAX_CATEGORIES)
            return -1;
        cats[(*n)++] = tok;
    }
    return 0;
}

int cmd_sync(int argc, char **argv)
{
    struct sync_opts o;
    sync_opts_default(&o);
    const char *db = NULL;
    const char *cats[SYNC_MAX_CATEGORIES];
    char *owned[SYNC_MAX_CATEGORIES] = {0};
    size_t ncats = 0, nowned = 0;
    bool quiet = false;
    int rc = 2;
    for (int i = 1; i < argc; i++) {
        const char *v;
        long long x;
        int m;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(sync_usage, stdout);
            rc = 0;
            goto out;
        } else if (!strcmp(argv[i], "--quiet")) {
            quiet = true;
        } else if ((m = cmd_opt(argc, argv, &i, "--db", &v))) {
            if (m < 0)
                goto out;
            db = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--source", &v))) {
            if (m < 0)
                goto out;
            o.source = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--category", &v))) {
            if (m < 0 || nowned >= SYNC_MAX_CATEGORIES ||
                add_categories(v, cats, &ncats, &owned[nowned++]))
                goto out;
        } else if ((m = cmd_opt(argc, argv, &i, "--pause-ms", &v))) {
            if (m < 0 || cmd_parse_uint("--pause-ms", v, 600000, &x))
                goto out;
            o.pause_ms = (long)x;
        } else if ((m = cmd_opt(argc, argv, &i, "--max-retries", &v))) {
            if (m < 0 || cmd_parse_uint("--max-retries", v, 1000, &x))
                goto out;
            o.max_retries = (int)x;
        } else if ((m = cmd_opt(argc, argv, &i, "--retry-base-ms", &v))) {
            if (m < 0 || cmd_parse_uint("--retry-base-ms", v, 3600000, &x))
                goto out;
            o.retry_base_ms = x ? (long)x : 1;
        } else if ((m = cmd_opt(argc, argv, &i, "--timeout", &v))) {
            if (m < 0 || cmd_parse_uint("--timeout", v, 86400, &x))
                goto out;
            o.read_timeout_s = x ? (long)x : 1;
        } else {
            fprintf(stderr, "kamerwacht sync: unknown option '%s'\n%s", argv[i], sync_usage);
            goto out;
        }
    }
    if (!db) {
        fprintf(stderr, "kamerwacht sync: --db FILE is required\n%s", sync_usage);
        goto out;
    }
    if (ncats) {
        o.categories = cats;
        o.ncategories = ncats;
    }
    rc = 1;
    char err[512];
    struct store *s;
    if (store_open(db, 0, &s, err, sizeof err)) {
        fprintf(stderr, "kamerwacht sync: %s\n", err);
        goto out;
    }
    feed_http_global_init();
    struct progress_state ps = {isatty(STDERR_FILENO) && !quiet, 0, false};
    o.progress = quiet ? NULL : on_progress;
    o.progress_ctx = &ps;
    o.stop = &stop_requested;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    struct sync_report *r = malloc(sizeof *r);
    if (!r) {
        store_close(s);
        goto out;
    }
    int res = sync_run(s, &o, r);
    if (ps.printed)
        fputc('\n', stderr);
    print_summary(r);
    for (size_t i = 0; i < r->ncats; i++)
        if (r->cats[i].failed)
            fprintf(stderr, "kamerwacht sync: %s: %s\n", r->cats[i].category,
                    r->cats[i].error);
    if (r->stopped)
        fprintf(stderr, "kamerwacht sync: stopped on request; progress is kept, run the same "
                        "command to resume\n");
    else if (res)
        fprintf(stderr, "kamerwacht sync: not every category is up to date; progress is kept, "
                        "run the same command again to resume\n");
    rc = res ? 1 : 0;
    free(r);
    store_close(s);
out:
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    return rc;
}
