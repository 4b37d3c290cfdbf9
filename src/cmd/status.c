/*
 * kamerwacht status — what the mirror holds, per category.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/store.h"

static const char status_usage[] =
    "usage: kamerwacht status --db FILE [--json]\n"
    "\n"
    "Per category: live entities (placeholders included), deleted ones, the stored skiptoken,\n"
    "quarantined entries and the time of the last successful sync.\n"
    "\n"
    "  --db FILE   the SQLite store\n"
    "  --json      {\"categories\": {\"Document\": {\"live\": N, \"deleted\": N, \"skiptoken\": N,\n"
    "               \"quarantined\": N, \"synced_at\": \"...\"}, ...}}\n";

int cmd_status(int argc, char **argv)
{
    const char *db = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(status_usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if ((m = cmd_opt(argc, argv, &i, "--db", &v))) {
            if (m < 0)
                return 2;
            db = v;
        } else {
            fprintf(stderr, "kamerwacht status: unknown option '%s'\n%s", argv[i], status_usage);
            return 2;
        }
    }
    if (!db) {
        fprintf(stderr, "kamerwacht status: --db FILE is required\n%s", status_usage);
        return 2;
    }
    char err[512];
    struct store *s;
    if (store_open(db, STORE_READONLY, &s, err, sizeof err)) {
        fprintf(stderr, "kamerwacht status: %s\n", err);
        return 1;
    }
    json_t *cats = json_object();
    int rc = 0;
    if (!json)
        printf("%-32s %9s %7s %7s %6s %12s  %s\n", "category", "live", "placeh.", "deleted",
               "quar.", "skiptoken", "synced at (UTC)");
    for (size_t i = 0; i < kw_ntypes; i++) {
        const char *cat = kw_types[i].category;
        struct store_counts c;
        if (store_counts(s, cat, &c)) {
            fprintf(stderr, "kamerwacht status: %s\n", store_errmsg(s));
            rc = 1;
            break;
        }
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "live", json_integer(c.live));
            json_object_set_new(o, "placeholders", json_integer(c.placeholders));
            json_object_set_new(o, "deleted", json_integer(c.deleted));
            json_object_set_new(o, "skiptoken",
                                c.skiptoken >= 0 ? json_integer(c.skiptoken) : json_null());
            json_object_set_new(o, "quarantined", json_integer(c.quarantined));
            json_object_set_new(o, "synced_at",
                                c.synced_at[0] ? json_string(c.synced_at) : json_null());
            json_object_set_new(o, "last_error",
                                c.last_error[0] ? json_string(c.last_error) : json_null());
            json_object_set_new(cats, cat, o);
        } else {
            char tok[24] = "-";
            if (c.skiptoken >= 0)
                snprintf(tok, sizeof tok, "%lld", (long long)c.skiptoken);
            printf("%-32s %9lld %7lld %7lld %6lld %12s  %s%s%s\n", cat, (long long)c.live,
                   (long long)c.placeholders, (long long)c.deleted, (long long)c.quarantined,
                   tok, c.synced_at[0] ? c.synced_at : "never",
                   c.last_error[0] ? "  last error: " : "", c.last_error);
        }
    }
    if (json && rc == 0) {
        json_t *root = json_object();
        json_object_set_new(root, "categories", cats);
        char *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(out ? out : "{}");
        free(out);
        json_decref(root);
    } else {
        json_decref(cats);
    }
    store_close(s);
    return rc;
}
