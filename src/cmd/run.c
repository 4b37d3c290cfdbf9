/*
 * kamerwacht run — the daemon: every [sync] interval one cycle of sync -> fetch -> index ->
 * alerts, the website (with the alert pages) served from the same process, the outbox tried
 * between cycles, and a graceful stop on SIGTERM/SIGINT: a sync stops after the page it is
 * applying (committed), a fetch stops after the transfers under way (each file is renamed
 * into place whole or not at all), an index run after the batch it is writing (one
 * transaction), an alerts pass finishes (each user's mail is one transaction), then the server
 * drains and the process exits 0.
 *
 * Every stage is a library call on the daemon's one store connection (sync_run, fetch_run,
 * search_index_update, alerts_pass): no child processes. A stage that fails is logged with
 * its level and the cycle goes on with the next.
 */
#include <curl/curl.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alerts/alerts.h"
#include "alerts/web.h"
#include "cmd/cmd.h"
#include "feed/http.h"
#include "fetch/fetch.h"
#include "search/index.h"
#include "store/store.h"
#include "sync/sync.h"
#include "web/http.h"
#include "web/site.h"

static const char run_usage[] =
    "usage: kamerwacht run --config FILE [--once] [--port-file F]\n"
    "\n"
    "Keeps everything fresh: every [sync] interval it syncs the feed, fetches files, updates\n"
    "the search index and runs an alerts pass; between cycles it retries the outbox. With\n"
    "[site] serve = yes the website and the alert pages are served from this process.\n"
    "SIGTERM or SIGINT stop it gracefully. See contrib/kamerwacht.conf for the settings.\n"
    "\n"
    "  --config FILE   the configuration (errors name the line)\n"
    "  --once          one cycle, then stop (tests, cron)\n"
    "  --port-file F   write the web server's port to F (with [site] port = 0... see docs)\n"
    "  --check         only read the configuration and report problems\n";

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t outbox_kick;
static enum cfg_log log_level = CFG_LOG_INFO;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void on_queued(void *ctx)
{
    (void)ctx;
    outbox_kick = 1;
}

static void logmsg(enum cfg_log level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logmsg(enum cfg_log level, const char *fmt, ...)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};
    if (level > log_level)
        return;
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s %-5s ", when, names[level]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* The fetch stage: fetch_run on the daemon's store. A run that went through with single
 * failures is "done" (they are retried later, as `kamerwacht fetch` does). */
static void stage_fetch(struct store *s, const struct kw_config *cfg)
{
    struct fetch_opts o;
    fetch_opts_default(&o);
    char source[CFG_STR];
    snprintf(source, sizeof source, "%s", cfg->source);
    size_t l = strlen(source);
    while (l && source[l - 1] == '/')
        source[--l] = '\0';
    o.dir = cfg->files_dir;
    o.source = source;
    o.stop = &stop_requested;
    struct fetch_report *r = calloc(1, sizeof *r);
    if (!r) {
        logmsg(CFG_LOG_ERROR, "fetch: out of memory");
        return;
    }
    char err[512] = "";
    if (fetch_run(s, &o, r, err, sizeof err)) {
        logmsg(CFG_LOG_ERROR, "fetch: %s", err);
    } else {
        logmsg(r->failed ? CFG_LOG_WARN : CFG_LOG_INFO,
               "fetch: %lld files, %lld fetched (%.1f MB in %.1f s), %lld failed, %lld waiting "
               "for a retry, %lld skipped%s",
               (long long)r->candidates, (long long)r->fetched, (double)r->bytes / 1e6,
               r->seconds, (long long)r->failed, (long long)r->deferred, (long long)r->skipped,
               r->stopped ? " (stopped)" : "");
        for (size_t i = 0; i < r->nfailed_list; i++)
            logmsg(CFG_LOG_DEBUG, "fetch: failed %s %s: %s",
                   fetch_category_name(r->failed_list[i].category), r->failed_list[i].id,
                   r->failed_list[i].why);
    }
    free(r);
}

/* The index stage: search_index_update on the daemon's store connection (its extraction
 * workers open their own read connections by path). */
static void stage_index(struct store *s, const struct kw_config *cfg)
{
    struct search_index_opts o;
    memset(&o, 0, sizeof o);
    o.db_path = cfg->db;
    o.files_dir = cfg->files_dir;
    o.stop = &stop_requested;
    char err[512] = "";
    if (access(cfg->files_dir, R_OK | X_OK) != 0) {
        /* Without the files every document would look changed and lose its text: index
         * metadata only while the index holds no text, as `kamerwacht index` does. */
        struct search_index_status st;
        if (search_index_status(store_db(s), &st, err, sizeof err)) {
            logmsg(CFG_LOG_ERROR, "index: %s", err);
            return;
        }
        if (st.present && st.text_status[SEARCH_TEXT_OK] > 0) {
            logmsg(CFG_LOG_WARN, "index: skipped: the files directory %s cannot be read and "
                                 "the index holds the text of %lld files",
                   cfg->files_dir, (long long)st.text_status[SEARCH_TEXT_OK]);
            return;
        }
        o.files_dir = NULL;
    }
    struct search_index_report r;
    if (search_index_update(store_db(s), &o, &r, err, sizeof err)) {
        logmsg(CFG_LOG_ERROR, "index: %s", err);
        return;
    }
    logmsg(CFG_LOG_INFO, "index: %lld added, %lld updated, %lld deleted, %lld unchanged in %.1f s%s",
           (long long)r.added, (long long)r.updated, (long long)r.deleted,
           (long long)r.unchanged, r.seconds, r.stopped ? " (stopped)" : "");
}

static void cycle(struct store *s, struct alerts *a, const struct kw_config *cfg)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct sync_opts so;
    sync_opts_default(&so);
    so.source = cfg->source;
    so.pause_ms = cfg->pause_ms;
    so.stop = &stop_requested;
    struct sync_report *sr = malloc(sizeof *sr);
    if (!sr)
        return;
    int rc = sync_run(s, &so, sr);
    logmsg(rc ? CFG_LOG_WARN : CFG_LOG_INFO, "sync: %lld entries, %.1f MB in %.1f s%s",
           (long long)sr->entries, (double)sr->bytes / 1e6, sr->seconds,
           sr->stopped ? " (stopped)" : rc ? " (not every category is up to date)" : "");
    for (size_t i = 0; i < sr->ncats; i++)
        if (sr->cats[i].failed)
            logmsg(CFG_LOG_WARN, "sync: %s: %s", sr->cats[i].category, sr->cats[i].error);
    free(sr);
    if (stop_requested)
        return;
    if (cfg->fetch)
        stage_fetch(s, cfg);
    if (stop_requested)
        return;
    if (cfg->index)
        stage_index(s, cfg);
    if (stop_requested)
        return;
    struct alerts_report ar;
    if (alerts_pass(a, NULL, &ar))
        logmsg(CFG_LOG_ERROR, "alerts: %s", alerts_errmsg(a));
    else
        logmsg(CFG_LOG_INFO,
               "alerts: %lld new, %lld changed (%lld re-emitted unchanged); %lld items for "
               "%lld users; %lld sent, %lld to retry, %lld held (mail suspended)",
               (long long)ar.ingested_new, (long long)ar.ingested_changed,
               (long long)ar.reemitted_unchanged, (long long)ar.items_queued,
               (long long)ar.users_mailed, (long long)ar.delivered,
               (long long)ar.delivery_retry_later,
               (long long)(ar.delivery_suspended + ar.mails_held));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    logmsg(CFG_LOG_INFO, "cycle done in %.1f s", (double)(t1.tv_sec - t0.tv_sec));
}

int cmd_run(int argc, char **argv)
{
    const char *config = NULL, *port_file = NULL;
    bool once = false, check = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(run_usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--once")) {
            once = true;
        } else if (!strcmp(argv[i], "--check")) {
            check = true;
        } else if ((m = cmd_opt(argc, argv, &i, "--config", &v))) {
            if (m < 0)
                return 2;
            config = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--port-file", &v))) {
            if (m < 0)
                return 2;
            port_file = v;
        } else {
            fprintf(stderr, "kamerwacht run: unknown option '%s'\n%s", argv[i], run_usage);
            return 2;
        }
    }
    if (!config) {
        fprintf(stderr, "kamerwacht run: --config FILE is required\n%s", run_usage);
        return 2;
    }
    static struct kw_config cfg;
    char err[1024];
    cfg_defaults(&cfg);
    if (cfg_load(&cfg, config, err, sizeof err) || cfg_read_secrets(&cfg, err, sizeof err)) {
        fprintf(stderr, "kamerwacht run: %s\n", err);
        return 1;
    }
    if (check) {
        printf("%s: ok (database %s, every %ld s, %s)\n", config, cfg.db, cfg.interval_s,
               cfg.smtp_host[0] ? "mail on" : "no [smtp] host: mail stays queued");
        return 0;
    }
    log_level = cfg.log_level;
    struct store *s;
    if (store_open(cfg.db, 0, &s, err, sizeof err)) {
        logmsg(CFG_LOG_ERROR, "%s", err);
        return 1;
    }
    feed_http_global_init();
    struct alerts_opts ao = {&cfg, NULL, NULL, NULL};
    struct alerts *a;
    if (alerts_open(store_db(s), &ao, &a, err, sizeof err)) {
        logmsg(CFG_LOG_ERROR, "%s", err);
        store_close(s);
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct site *site = NULL;
    struct alerts_web *aw = NULL;
    struct http_server *srv = NULL;
    int rc = 0;
    if (cfg.serve) {
        struct site_config sc = {cfg.db, cfg.files_dir, NULL, 0, cfg.base_url};
        if (site_open(&sc, &site, err, sizeof err)) {
            logmsg(CFG_LOG_ERROR, "site: %s", err);
            rc = 1;
            goto out;
        }
        struct alerts_web_opts wo = {.db_path = cfg.db, .cfg = &cfg, .on_queued = on_queued,
                                     .fallback = site_handle, .fallback_ctx = site};
        if (alerts_web_open(&wo, &aw, err, sizeof err)) {
            logmsg(CFG_LOG_ERROR, "alert pages: %s", err);
            rc = 1;
            goto out;
        }
        struct http_config hc = {.address = cfg.listen, .port = (uint16_t)cfg.port,
                                 .threads = (unsigned)cfg.threads, .error_page = site_error_page,
                                 .trusted_proxies = cfg.trusted_proxy};
        srv = http_start(&hc, alerts_web_handle, aw, err, sizeof err);
        if (!srv) {
            logmsg(CFG_LOG_ERROR, "web: %s", err);
            rc = 1;
            goto out;
        }
        site_set_server(site, srv);
        logmsg(CFG_LOG_INFO, "serving http://%s:%u/ as %s", cfg.listen, (unsigned)http_port(srv),
               cfg.base_url);
        if (port_file) {
            FILE *f = fopen(port_file, "w");
            if (f) {
                fprintf(f, "%u\n", (unsigned)http_port(srv));
                fclose(f);
            }
        }
    }
    logmsg(CFG_LOG_INFO, "running: a cycle every %ld s on %s", cfg.interval_s, cfg.db);
    while (!stop_requested) {
        cycle(s, a, &cfg);
        if (once)
            break;
        /* Between cycles: the outbox every delivery_interval, or at once after a sign-in. */
        time_t next = time(NULL) + cfg.interval_s, next_delivery = time(NULL) + cfg.delivery_interval_s;
        while (!stop_requested && time(NULL) < next) {
            if (outbox_kick || time(NULL) >= next_delivery) {
                outbox_kick = 0;
                struct alerts_report r;
                memset(&r, 0, sizeof r);
                if (alerts_deliver(a, &r))
                    logmsg(CFG_LOG_ERROR, "outbox: %s", alerts_errmsg(a));
                else if (r.delivered || r.delivery_failed)
                    logmsg(CFG_LOG_INFO, "outbox: %lld sent, %lld to retry, %lld given up",
                           (long long)r.delivered, (long long)r.delivery_retry_later,
                           (long long)r.delivery_gave_up);
                next_delivery = time(NULL) + cfg.delivery_interval_s;
            }
            struct timespec ts = {0, 250 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    if (stop_requested)
        logmsg(CFG_LOG_INFO, "stopping on request");
out:
    if (srv)
        http_stop(srv, 5000);
    alerts_web_close(aw);
    if (site)
        site_close(site);
    alerts_close(a);
    store_close(s);
    logmsg(CFG_LOG_INFO, "stopped");
    return rc;
}
