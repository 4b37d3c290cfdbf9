/*
 * kamerwacht alerts — one alerts pass: ingest what the last sync brought, match every due
 * monitor, queue one mail per user, deliver what is due (with retries of earlier failures).
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alerts.h"
#include "alerts/bounce.h"
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
    "Monitors are added with 'kamerwacht monitor' or on the website.\n"
    "Bounces: 'kamerwacht alerts bounce --help'.\n";

static const char bounce_usage[] =
    "usage: kamerwacht alerts bounce --config FILE [--db FILE] [--recipient ADDRESS]\n"
    "\n"
    "Reads one bounce message on standard input, as an MTA's pipe transport delivers it\n"
    "(a delivery status notification per RFC 3464, or a plain text bounce), finds the\n"
    "account (from the VERP token of [alerts] bounce_address in its recipient, else from the\n"
    "failed recipient it names) and records a hard or soft bounce. After [alerts]\n"
    "hard_bounces hard bounces the account's mail is suspended until the user resumes it on\n"
    "the account page or signs in by link. Only counts, times and the last status code are\n"
    "kept; nothing else of the message.\n"
    "\n"
    "  --config FILE        kamerwacht.conf (bounce_address, hard_bounces, [data] db)\n"
    "  --db FILE            the SQLite store (default: [data] db of --config)\n"
    "  --recipient ADDRESS  the address the bounce was delivered to (e.g. Postfix's\n"
    "                       ${recipient}); the token is also looked for in the headers\n"
    "  --now SECONDS        pretend the time is this (tests)\n"
    "\n"
    "Exit status: 0 when the message was read (also when it is no bounce or names no\n"
    "account: the MTA should not bounce the bounce), 75 (EX_TEMPFAIL) when the database\n"
    "could not be written (the MTA tries again later), 2 on a usage error.\n"
    "Postfix, master.cf:\n"
    "  kwbounce unix - n n - - pipe flags=Rq user=kamerwacht argv=/usr/bin/kamerwacht\n"
    "    alerts bounce --config /etc/kamerwacht.conf --recipient ${recipient}\n";

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

static int cmd_bounce(int argc, char **argv)
{
    const char *db = NULL, *config = NULL, *rcpt = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        long long x;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(bounce_usage, stdout);
            return 0;
        } else if ((m = cmd_opt(argc, argv, &i, "--db", &v))) {
            if (m < 0)
                return 2;
            db = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--config", &v))) {
            if (m < 0)
                return 2;
            config = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--recipient", &v))) {
            if (m < 0)
                return 2;
            rcpt = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--now", &v))) {
            if (m < 0 || cmd_parse_uint("--now", v, 1LL << 40, &x))
                return 2;
            fixed_now = x;
        } else {
            fprintf(stderr, "kamerwacht alerts bounce: unknown option '%s'\n%s", argv[i],
                    bounce_usage);
            return 2;
        }
    }
    char err[1024];
    struct kw_config cfg;
    cfg_defaults(&cfg);
    if (config && cfg_load(&cfg, config, err, sizeof err)) {
        fprintf(stderr, "kamerwacht alerts bounce: %s\n", err);
        return 2;
    }
    if (!db)
        db = config ? cfg.db : NULL;
    if (!db) {
        fprintf(stderr, "kamerwacht alerts bounce: --config FILE (or --db) is required\n%s",
                bounce_usage);
        return 2;
    }
    /* The message: at most BOUNCE_MAX_INPUT bytes are kept; the rest is read and dropped so
     * the MTA's pipe does not fail. */
    char *msg = malloc(BOUNCE_MAX_INPUT);
    if (!msg)
        return 75;
    size_t len = 0, got;
    char sink[4096];
    while (len < BOUNCE_MAX_INPUT && (got = fread(msg + len, 1, BOUNCE_MAX_INPUT - len, stdin)) > 0)
        len += got;
    while (fread(sink, 1, sizeof sink, stdin) > 0) {
    }
    struct bounce_info b;
    bounce_parse(msg, len, cfg.bounce_address, rcpt, &b);
    free(msg);
    if (b.kind == BOUNCE_NONE) {
        fprintf(stderr, "kamerwacht alerts bounce: not a bounce (no failure status found); "
                        "nothing recorded\n");
        return 0;
    }
    struct store *s;
    if (store_open(db, 0, &s, err, sizeof err)) {
        fprintf(stderr, "kamerwacht alerts bounce: %s\n", err);
        return 75;
    }
    struct alerts_opts ao = {&cfg, NULL, fixed_now ? fixed_clock : NULL, NULL};
    struct alerts *a;
    if (alerts_open(store_db(s), &ao, &a, err, sizeof err)) {
        fprintf(stderr, "kamerwacht alerts bounce: %s\n", err);
        store_close(s);
        return 75;
    }
    int64_t uid = 0;
    bool suspended = false;
    int rc = alerts_bounce_record(a, &b, &uid, &suspended);
    if (rc < 0)
        fprintf(stderr, "kamerwacht alerts bounce: %s\n", alerts_errmsg(a));
    else if (rc == 0)
        fprintf(stderr, "kamerwacht alerts bounce: %s bounce (%s) names no account; nothing "
                        "recorded\n", b.kind == BOUNCE_HARD ? "hard" : "soft",
                b.status[0] ? b.status : "no status");
    else
        printf("%s bounce (%s) recorded for account %lld%s\n",
               b.kind == BOUNCE_HARD ? "hard" : "soft", b.status[0] ? b.status : "no status",
               (long long)uid, suspended ? "; its mail is suspended" : "");
    alerts_close(a);
    store_close(s);
    return rc < 0 ? 75 : 0;
}

int cmd_alerts(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "bounce"))
        return cmd_bounce(argc - 1, argv + 1);
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
               "match: %lld monitors, %lld items for %lld users (%lld search reasons made, %lld"
               " shared) in %.2f s%s\n"
               "deliver: %lld sent, %lld to retry later, %lld given up, %lld held (mail "
               "suspended), %lld hard bounces in %.2f s\n",
               (long long)r.ingested_new, (long long)r.ingested_changed,
               (long long)r.ingested_baseline, (long long)r.reemitted_unchanged,
               (long long)r.seq_from, (long long)r.seq_to, r.seconds_ingest,
               (long long)r.monitors_run, (long long)r.items_queued, (long long)r.users_mailed,
               (long long)r.snippets_made, (long long)r.snippets_reused, r.seconds_match, po.dry_run ? " (dry run: nothing kept)" : "",
               (long long)r.delivered, (long long)r.delivery_retry_later,
               (long long)r.delivery_gave_up, (long long)(r.delivery_suspended + r.mails_held),
               (long long)r.bounces_hard, r.seconds_deliver);
    alerts_close(a);
    store_close(s);
    return rc ? 1 : 0;
}
