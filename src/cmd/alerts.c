/*
 * kamerwacht alerts — one alerts pass: ingest what the last sync brought, match every due
 * monitor, queue one mail per user, deliver what is due (with retries of earlier failures).
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alerts.h"
#include "cmd/cmd.h"
#include "store/store.h"

static const char alerts_usage[] =
    "usage: kamerwacht alerts --db FILE [--config FILE] [options]\n"
    "\n"
    "Runs one alerts pass: items that are new or really changed in the mirror since each\n"
    "monitor's watermark (our own ingest sequence) are mailed once per user, grouped by\n"
    "monitor; failed deliveries from earlier passes are retried.\n"
    "\n"
    "  --db FILE         the SQLite store (default: [data] db of --config)\n"
    "  --config FILE     kamerwacht.conf: base URL, SMTP, retry policy\n"
    "  --smtp HOST:PORT  plain SMTP relay (overrides the configuration)\n"
    "  --base-url URL    links in the mails (overrides the configuration)\n"
    "  --from ADDRESS    sender (overrides the configuration)\n"
    "  --dry-run         show what would be mailed; change nothing\n"
    "  --no-deliver      queue only\n"
    "  --deliver-only    only try the outbox\n"
    "  --force-due       treat daily and weekly monitors as due now\n"
    "  --now SECONDS     pretend the time is this (tests of digests and retries)\n"
    "  --quiet           no summary\n"
    "\n"
    "Monitors are added with 'kamerwacht monitor' or on the website.\n";

static int64_t fixed_now;
static int64_t fixed_clock(void *ctx)
{
    (void)ctx;
    return fixed_now;
}

static void show_mail(void *ctx, const char *rcpt, const char *subject, const char *text)
{
    (void)ctx;
    printf("=== to %s: %s\n%s\n", rcpt, subject, text);
}

int cmd_alerts(int argc, char **argv)
{
    const char *db = NULL, *config = NULL, *smtp = NULL, *base = NULL, *from = NULL;
    struct alerts_pass_opts po = {0};
    bool quiet = false, deliver_only = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        long long x;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(alerts_usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--dry-run")) {
            po.dry_run = true;
        } else if (!strcmp(argv[i], "--no-deliver")) {
            po.no_delivery = true;
        } else if (!strcmp(argv[i], "--deliver-only")) {
            deliver_only = true;
        } else if (!strcmp(argv[i], "--force-due")) {
            po.force_due = true;
        } else if (!strcmp(argv[i], "--quiet")) {
            quiet = true;
        } else if ((m = cmd_opt(argc, argv, &i, "--db", &v))) {
            if (m < 0)
                return 2;
            db = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--config", &v))) {
            if (m < 0)
                return 2;
            config = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--smtp", &v))) {
            if (m < 0)
                return 2;
            smtp = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--base-url", &v))) {
            if (m < 0)
                return 2;
            base = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--from", &v))) {
            if (m < 0)
                return 2;
            from = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--now", &v))) {
            if (m < 0 || cmd_parse_uint("--now", v, 1LL << 40, &x))
                return 2;
            fixed_now = x;
        } else {
            fprintf(stderr, "kamerwacht alerts: unknown option '%s'\n%s", argv[i], alerts_usage);
            return 2;
        }
    }
    char err[1024];
    struct kw_config cfg;
    cfg_defaults(&cfg);
    if (config && (cfg_load(&cfg, config, err, sizeof err) || cfg_read_secrets(&cfg, err, sizeof err))) {
        fprintf(stderr, "kamerwacht alerts: %s\n", err);
        return 1;
    }
    if (!db)
        db = config ? cfg.db : NULL;
    if (!db) {
        fprintf(stderr, "kamerwacht alerts: --db FILE (or --config) is required\n%s", alerts_usage);
        return 2;
    }
    if (smtp) {
        const char *colon = strrchr(smtp, ':');
        size_t hl = colon ? (size_t)(colon - smtp) : strlen(smtp);
        if (hl >= sizeof cfg.smtp_host) {
            fprintf(stderr, "kamerwacht alerts: --smtp: host too long\n");
            return 2;
        }
        memcpy(cfg.smtp_host, smtp, hl);
        cfg.smtp_host[hl] = '\0';
        cfg.smtp_port = colon ? atoi(colon + 1) : 25;
        cfg.smtp_tls = CFG_TLS_NONE;
    }
    if (base)
        snprintf(cfg.base_url, sizeof cfg.base_url, "%s", base);
    if (from)
        snprintf(cfg.mail_from, sizeof cfg.mail_from, "%s", from);
    if (po.dry_run)
        po.on_mail = show_mail;

    struct store *s;
    if (store_open(db, 0, &s, err, sizeof err)) {
        fprintf(stderr, "kamerwacht alerts: %s\n", err);
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct alerts_opts ao = {&cfg, NULL, fixed_now ? fixed_clock : NULL, NULL};
    struct alerts *a;
    if (alerts_open(store_db(s), &ao, &a, err, sizeof err)) {
        fprintf(stderr, "kamerwacht alerts: %s\n", err);
        store_close(s);
        return 1;
    }
    struct alerts_report r;
    memset(&r, 0, sizeof r);
    int rc = deliver_only ? alerts_deliver(a, &r) : alerts_pass(a, &po, &r);
    if (rc)
        fprintf(stderr, "kamerwacht alerts: %s\n", alerts_errmsg(a));
    else if (!quiet)
        printf("ingest: %lld new, %lld changed, %lld baseline, %lld re-emitted unchanged "
               "(sequence %lld -> %lld) in %.2f s\n"
               "match: %lld monitors, %lld items for %lld users in %.2f s%s\n"
               "deliver: %lld sent, %lld to retry later, %lld given up in %.2f s\n",
               (long long)r.ingested_new, (long long)r.ingested_changed,
               (long long)r.ingested_baseline, (long long)r.reemitted_unchanged,
               (long long)r.seq_from, (long long)r.seq_to, r.seconds_ingest,
               (long long)r.monitors_run, (long long)r.items_queued, (long long)r.users_mailed,
               r.seconds_match, po.dry_run ? " (dry run: nothing kept)" : "",
               (long long)r.delivered, (long long)r.delivery_retry_later,
               (long long)r.delivery_gave_up, r.seconds_deliver);
    alerts_close(a);
    store_close(s);
    return rc ? 1 : 0;
}
