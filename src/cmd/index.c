/*
 * kamerwacht index — extract the text of the downloaded files and bring the Dutch full-text
 * index up to date with the mirror.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "search/index.h"
#include "store/store.h"

static const char index_usage[] =
    "usage: kamerwacht index --db FILE [--files DIR] [options]\n"
    "\n"
    "Indexes documents (titel, onderwerp, text), zaken, activiteiten (with their agendapunten),\n"
    "toezeggingen, verslagen, gifts and dossiers. Only new and changed objects are (re)indexed;\n"
    "objects that left the mirror leave the index. Text comes from the files that\n"
    "'kamerwacht fetch' downloaded (DIR/aa/bb/<guid>); extraction failures are recorded and\n"
    "shown by 'kamerwacht status'. A new analyzer version rebuilds the index from the stored\n"
    "text.\n"
    "\n"
    "  --db FILE      the SQLite store (the index lives in it)\n"
    "  --files DIR    the downloaded files; without it, metadata only\n"
    "  --threads N    extraction workers (default: one per core)\n"
    "  --rebuild      forget the index and extract everything again\n"
    "  --optimize     merge the index into one segment at the end\n"
    "  --quiet        no progress line\n"
    "  --help         this text\n";

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void on_progress(void *ctx, const struct search_index_progress *p)
{
    (void)ctx;
    double mb = (double)p->text_bytes / 1e6;
    if (p->total > 0)
        fprintf(stderr, "\r\033[Kindex: %s %lld/%lld objecten, %.1f MB tekst (%.1f MB/s), %lld "
                        "zonder tekst",
                p->phase, (long long)p->done, (long long)p->total, mb,
                p->elapsed > 0 ? mb / p->elapsed : 0.0, (long long)p->failures);
    else
        fprintf(stderr, "\r\033[Kindex: %s ...", p->phase);
    fflush(stderr);
}

static void print_report(const struct search_index_report *r)
{
    printf("index: %lld added, %lld updated, %lld deleted, %lld unchanged in %.1f s"
           " (scan %.1f s)\n",
           (long long)r->added, (long long)r->updated, (long long)r->deleted,
           (long long)r->unchanged, r->seconds, r->scan_seconds);
    double mb = (double)r->text_bytes / 1e6;
    printf("text: %.1f MB indexed, %.1f MB/s", mb,
           r->write_seconds > 0 ? mb / r->write_seconds : 0.0);
    for (int s = SEARCH_TEXT_OK; s < SEARCH_TEXT_NSTATUS; s++)
        if (r->text_status[s])
            printf(", %s %lld", search_text_status_name(s), (long long)r->text_status[s]);
    printf("\n");
    if (r->schema_reset)
        printf("index: started over (new index schema or --rebuild)\n");
    if (r->analyzer_rebuilt)
        printf("index: the analyzer changed; rebuilt from the stored text\n");
    if (r->optimized)
        printf("index: optimized\n");
}

int cmd_index(int argc, char **argv)
{
    struct search_index_opts o;
    memset(&o, 0, sizeof o);
    const char *db = NULL;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        long long x;
        int m;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(index_usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--quiet")) {
            quiet = true;
        } else if (!strcmp(argv[i], "--rebuild")) {
            o.rebuild = true;
        } else if (!strcmp(argv[i], "--optimize")) {
            o.optimize = true;
        } else if ((m = cmd_opt(argc, argv, &i, "--db", &v))) {
            if (m < 0)
                return 2;
            db = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--files", &v))) {
            if (m < 0)
                return 2;
            o.files_dir = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--threads", &v))) {
            if (m < 0 || cmd_parse_uint("--threads", v, 64, &x))
                return 2;
            o.threads = (int)x;
        } else {
            fprintf(stderr, "kamerwacht index: unknown option '%s'\n%s", argv[i], index_usage);
            return 2;
        }
    }
    if (!db) {
        fprintf(stderr, "kamerwacht index: --db FILE is required\n%s", index_usage);
        return 2;
    }
    if (o.files_dir && access(o.files_dir, R_OK | X_OK) != 0) {
        fprintf(stderr, "kamerwacht index: cannot read the files directory %s\n", o.files_dir);
        return 2;
    }
    char err[512];
    struct store *s;
    if (store_open(db, 0, &s, err, sizeof err)) {
        fprintf(stderr, "kamerwacht index: %s\n", err);
        return 1;
    }
    if (!o.files_dir && !o.rebuild) {
        /* Without the files every document would look changed and lose its text. */
        struct search_index_status st;
        if (search_index_status(store_db(s), &st, err, sizeof err) == 0 && st.present &&
            st.text_status[SEARCH_TEXT_OK] > 0) {
            fprintf(stderr, "kamerwacht index: this index holds the text of %lld files; pass "
                            "--files DIR (or --rebuild to index metadata only)\n",
                    (long long)st.text_status[SEARCH_TEXT_OK]);
            store_close(s);
            return 2;
        }
    }
    o.db_path = db;
    bool tty = isatty(STDERR_FILENO) && !quiet;
    o.progress = tty ? on_progress : NULL;
    o.stop = &stop_requested;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    struct search_index_report r;
    int rc = search_index_update(store_db(s), &o, &r, err, sizeof err);
    if (tty)
        fputc('\n', stderr);
    store_close(s);
    if (rc) {
        fprintf(stderr, "kamerwacht index: %s\n", err);
        return 1;
    }
    if (!quiet)
        print_report(&r);
    if (r.stopped) {
        fprintf(stderr, "kamerwacht index: stopped on request; run the same command to go on\n");
        return 1;
    }
    return 0;
}
