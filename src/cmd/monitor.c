/*
 * kamerwacht monitor — manage users and monitors from the command line (operators, tests):
 * add, list, remove, preview, links, webhook, export, delete-user, outbox.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts/alerts.h"
#include "cmd/cmd.h"
#include "store/store.h"
#include "util/buf.h"

static const char monitor_usage[] =
    "usage: kamerwacht monitor --db FILE <action> ...\n"
    "\n"
    "  add EMAIL KIND:WHAT [--freq immediate|daily|weekly]\n"
    "                         follow something (the user is created when new). KIND is one of\n"
    "                         zoek, dossier, zaak, persoon, commissie, activiteit, fractie,\n"
    "                         toezeggingen, antwoord, voldaan. Examples:\n"
    "                           dossier:31293   dossier:36200-VII   zaak:2024Z01234\n"
    "                           persoon:<nummer|id>   commissie:FIN   fractie:VVD\n"
    "                           'zoek:stikstof \"piekbelasters\" -mest'\n"
    "                           toezeggingen:ministerie=Financiën   toezeggingen:fractie=VVD\n"
    "                           antwoord:2024Z01234 (or the question's 2024D number)\n"
    "                           voldaan:TZ202401-012\n"
    "                         A new monitor sends nothing that is already in the mirror.\n"
    "  list [EMAIL]           monitors (of one user)\n"
    "  remove EMAIL ID        stop a monitor\n"
    "  preview KIND:WHAT [--days N]   what it would have sent over the last N (30) days\n"
    "  links EMAIL            manage, unsubscribe and feed URLs (work without signing in)\n"
    "  webhook EMAIL URL|none set or clear the user's webhook; prints the signing secret\n"
    "  export EMAIL           everything stored about the user, as JSON\n"
    "  delete-user EMAIL      delete the account and all its data\n"
    "  outbox                 deliveries: status, attempts, last error\n"
    "\n"
    "  --db FILE              the SQLite store\n"
    "  --base-url URL         base of the links (default http://127.0.0.1:8089)\n";

static int split_kind(const char *spec, enum monitor_kind *k, const char **arg)
{
    const char *colon = strchr(spec, ':');
    if (!colon) {
        fprintf(stderr, "kamerwacht monitor: '%s' is not KIND:WHAT (e.g. dossier:31293)\n", spec);
        return -1;
    }
    char kind[32];
    size_t n = (size_t)(colon - spec);
    if (n >= sizeof kind || (memcpy(kind, spec, n), kind[n] = '\0', monitor_kind_parse(kind, k))) {
        fprintf(stderr, "kamerwacht monitor: unknown kind '%.*s'\n", (int)n, spec);
        return -1;
    }
    *arg = colon + 1;
    return 0;
}

static int user_of(struct alerts *a, const char *email, int64_t *uid)
{
    int rc = alerts_user_find(a, email, uid);
    if (rc < 0)
        fprintf(stderr, "kamerwacht monitor: %s\n", alerts_errmsg(a));
    else if (rc == 0)
        fprintf(stderr, "kamerwacht monitor: no user %s\n", email);
    return rc == 1 ? 0 : -1;
}

static int act_add(struct alerts *a, int argc, char **argv)
{
    enum monitor_freq f = FREQ_IMMEDIATE;
    const char *pos[2] = {NULL, NULL};
    size_t np = 0;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if ((m = cmd_opt(argc, argv, &i, "--freq", &v))) {
            if (m < 0 || monitor_freq_parse(v, &f)) {
                fprintf(stderr, "kamerwacht monitor: --freq is immediate, daily or weekly\n");
                return 2;
            }
        } else if (np < 2) {
            pos[np++] = argv[i];
        } else {
            fprintf(stderr, "%s", monitor_usage);
            return 2;
        }
    }
    enum monitor_kind k;
    const char *arg;
    if (np != 2 || split_kind(pos[1], &k, &arg))
        return 2;
    char label[512], err[512];
    if (alerts_monitor_check(a, k, arg, label, sizeof label, err, sizeof err)) {
        fprintf(stderr, "kamerwacht monitor: %s\n", err);
        return 1;
    }
    int64_t uid, mid;
    bool created;
    if (alerts_user_ensure(a, pos[0], &uid, &created) ||
        alerts_monitor_add(a, uid, k, arg, f, &mid)) {
        fprintf(stderr, "kamerwacht monitor: %s\n", alerts_errmsg(a));
        return 1;
    }
    printf("monitor %lld for %s%s: %s (%s)\n", (long long)mid, pos[0],
           created ? " (new user)" : "", label, monitor_freq_name(f));
    return 0;
}

static int act_list(struct alerts *a, const char *email)
{
    int64_t uid = 0;
    if (email && user_of(a, email, &uid))
        return 1;
    struct monitor_info *ms;
    size_t n;
    if (alerts_monitor_list(a, uid, &ms, &n)) {
        fprintf(stderr, "kamerwacht monitor: %s\n", alerts_errmsg(a));
        return 1;
    }
    printf("%-5s %-5s %-12s %-10s %-9s %6s %s\n", "id", "user", "kind", "freq", "watermark",
           "sent", "label");
    for (size_t i = 0; i < n; i++)
        printf("%-5lld %-5lld %-12s %-10s %-9lld %6lld %s%s\n", (long long)ms[i].mid,
               (long long)ms[i].uid, monitor_kind_name(ms[i].kind), monitor_freq_name(ms[i].freq),
               (long long)ms[i].watermark, (long long)ms[i].sent_count, ms[i].label,
               ms[i].active ? "" : "  (stopped)");
    free(ms);
    return 0;
}

static int act_preview(struct alerts *a, int argc, char **argv)
{
    long long days = 30;
    const char *spec = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if ((m = cmd_opt(argc, argv, &i, "--days", &v))) {
            if (m < 0 || cmd_parse_uint("--days", v, 3650, &days))
                return 2;
        } else {
            spec = argv[i];
        }
    }
    enum monitor_kind k;
    const char *arg;
    if (!spec || split_kind(spec, &k, &arg))
        return 2;
    char label[512], err[512];
    if (alerts_monitor_check(a, k, arg, label, sizeof label, err, sizeof err)) {
        fprintf(stderr, "kamerwacht monitor: %s\n", err);
        return 1;
    }
    struct preview_item *items;
    size_t n;
    if (alerts_preview(a, k, arg, (int)days, 1000, &items, &n)) {
        fprintf(stderr, "kamerwacht monitor: %s\n", alerts_errmsg(a));
        return 1;
    }
    printf("%s: %zu items in the last %lld days\n", label, n, days);
    for (size_t i = 0; i < n; i++) {
        char when[32];
        time_t t = (time_t)items[i].at;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d", &tm);
        printf("%s  %-14s %s\n    %s\n", when, items[i].ident, items[i].title, items[i].url);
        if (items[i].reason[0]) { /* why, as the mail says it: matched words between asterisks */
            fputs("    waarom: ", stdout);
            for (const char *r = items[i].reason; *r; r++)
                fputs(*r == '\x01' || *r == '\x02' ? "*" : *r == '\n' ? "\n            "
                                                                     : (char[2]){*r, 0},
                      stdout);
            putchar('\n');
        }
    }
    free(items);
    return 0;
}

int cmd_monitor(int argc, char **argv)
{
    const char *db = NULL, *base = NULL;
    int i = 1;
    for (; i < argc; i++) {
        const char *v;
        int m;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(monitor_usage, stdout);
            return 0;
        } else if ((m = cmd_opt(argc, argv, &i, "--db", &v))) {
            if (m < 0)
                return 2;
            db = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--base-url", &v))) {
            if (m < 0)
                return 2;
            base = v;
        } else {
            break;
        }
    }
    if (!db || i >= argc) {
        fprintf(stderr, "%s", monitor_usage);
        return 2;
    }
    const char *action = argv[i++];
    char err[1024];
    struct kw_config cfg;
    cfg_defaults(&cfg);
    if (base)
        snprintf(cfg.base_url, sizeof cfg.base_url, "%s", base);
    struct store *s;
    if (store_open(db, 0, &s, err, sizeof err)) {
        fprintf(stderr, "kamerwacht monitor: %s\n", err);
        return 1;
    }
    struct alerts_opts ao = {&cfg, NULL, NULL, NULL};
    struct alerts *a;
    if (alerts_open(store_db(s), &ao, &a, err, sizeof err)) {
        fprintf(stderr, "kamerwacht monitor: %s\n", err);
        store_close(s);
        return 1;
    }
    int rc = 2;
    int rest = argc - i;
    char **rv = argv + i;
    int64_t uid;
    if (!strcmp(action, "add")) {
        rc = act_add(a, rest, rv);
    } else if (!strcmp(action, "list") && rest <= 1) {
        rc = act_list(a, rest ? rv[0] : NULL);
    } else if (!strcmp(action, "preview")) {
        rc = act_preview(a, rest, rv);
    } else if (!strcmp(action, "remove") && rest == 2) {
        long long mid;
        rc = 1;
        if (!user_of(a, rv[0], &uid) && !cmd_parse_uint("ID", rv[1], 1LL << 62, &mid)) {
            int r = alerts_monitor_remove(a, uid, mid);
            if (r == 1)
                rc = 0, printf("monitor %lld removed\n", mid);
            else
                fprintf(stderr, "kamerwacht monitor: %s\n",
                        r < 0 ? alerts_errmsg(a) : "no such monitor of this user");
        }
    } else if (!strcmp(action, "links") && rest == 1) {
        rc = 1;
        char m[1024], u[1024], f[1024];
        if (!user_of(a, rv[0], &uid) && !alerts_manage_url(a, uid, m, sizeof m) &&
            !alerts_unsubscribe_url(a, uid, 0, u, sizeof u) && !alerts_feed_url(a, uid, f, sizeof f)) {
            printf("manage %s\nunsubscribe %s\nfeed %s\n", m, u, f);
            struct monitor_info *ms;
            size_t n;
            if (!alerts_monitor_list(a, uid, &ms, &n)) {
                for (size_t k = 0; k < n; k++)
                    if (!alerts_unsubscribe_url(a, uid, ms[k].mid, u, sizeof u))
                        printf("unsubscribe-monitor %lld %s\n", (long long)ms[k].mid, u);
                free(ms);
            }
            rc = 0;
        }
    } else if (!strcmp(action, "webhook") && rest == 2) {
        rc = 1;
        char secret[64];
        bool clear = !strcmp(rv[1], "none");
        if (!user_of(a, rv[0], &uid)) {
            if (alerts_user_webhook(a, uid, clear ? NULL : rv[1], secret, sizeof secret))
                fprintf(stderr, "kamerwacht monitor: %s\n", alerts_errmsg(a));
            else {
                if (clear)
                    printf("webhook removed\n");
                else
                    printf("webhook set; signing secret %s\n", secret);
                rc = 0;
            }
        }
    } else if (!strcmp(action, "export") && rest == 1) {
        rc = 1;
        struct buf b = BUF_INIT;
        if (!user_of(a, rv[0], &uid)) {
            if (alerts_user_export(a, uid, &b))
                fprintf(stderr, "kamerwacht monitor: %s\n", alerts_errmsg(a));
            else
                printf("%s\n", buf_cstr(&b)), rc = 0;
        }
        buf_free(&b);
    } else if (!strcmp(action, "delete-user") && rest == 1) {
        rc = 1;
        if (!user_of(a, rv[0], &uid)) {
            if (alerts_user_delete(a, uid))
                fprintf(stderr, "kamerwacht monitor: %s\n", alerts_errmsg(a));
            else
                printf("user %s and all their data deleted\n", rv[0]), rc = 0;
        }
    } else if (!strcmp(action, "outbox") && rest == 0) {
        sqlite3_stmt *st;
        rc = 1;
        if (sqlite3_prepare_v2(alerts_db(a),
                               "SELECT did, coalesce(uid, 0), CASE channel WHEN 1 THEN 'webhook'"
                               " ELSE 'mail' END, status, attempts, next_try_at,"
                               " (SELECT count(*) FROM alert_delivery_item i WHERE i.did = d.did),"
                               " coalesce(last_error, '') FROM alert_delivery d ORDER BY did",
                               -1, &st, NULL) == SQLITE_OK) {
            printf("%-6s %-5s %-8s %-7s %8s %12s %6s %s\n", "id", "user", "channel", "status",
                   "attempts", "next_try", "items", "last error");
            while (sqlite3_step(st) == SQLITE_ROW)
                printf("%-6lld %-5lld %-8s %-7s %8d %12lld %6d %s\n",
                       (long long)sqlite3_column_int64(st, 0), (long long)sqlite3_column_int64(st, 1),
                       sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
                       sqlite3_column_int(st, 4), (long long)sqlite3_column_int64(st, 5),
                       sqlite3_column_int(st, 6), sqlite3_column_text(st, 7));
            sqlite3_finalize(st);
            rc = 0;
        }
    } else {
        fprintf(stderr, "kamerwacht monitor: unknown action or wrong arguments: %s\n%s", action,
                monitor_usage);
    }
    alerts_close(a);
    store_close(s);
    return rc;
}
