/*
 * kamerwacht status — what the mirror holds, per category.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "fetch/fetch.h"
#include "search/index.h"
#include "search/query.h"
#include "store/store.h"

static const char status_usage[] =
    "usage: kamerwacht status --db FILE [--json]\n"
    "\n"
    "Per category: live entities (placeholders included), deleted ones, the stored skiptoken,\n"
    "quarantined entries and the time of the last successful sync.\n"
    "\n"
    "  --db FILE   the SQLite store\n"
    "  --json      {\"categories\": {\"Document\": {\"live\": N, \"deleted\": N, \"skiptoken\": N,\n"
    "               \"quarantined\": N, \"synced_at\": \"...\"}, ...},\n"
    "               \"files\": {\"Document\": {\"candidates\": N, \"present\": N, \"missing\": N,\n"
    "               \"failed\": N, \"flagged\": N, \"skipped\": N}, \"Verslag\": ..., \"Persoon\": ...},\n"
    "               \"index\": {\"present\", \"objects\", \"text\": {\"ok\": N, \"failed\": N, ...},\n"
    "               \"failures\": [...], sizes}}\n";

/* The files of `kamerwacht fetch`: a table, or the "files" object of the JSON. */
static int status_files(struct store *s, bool json, json_t **files_out)
{
    struct fetch_counts fc[FETCH_NCATEGORIES];
    char err[512];
    if (fetch_counts(s, fc, err, sizeof err)) {
        fprintf(stderr, "kamerwacht status: %s\n", err);
        return 1;
    }
    json_t *files = json ? json_object() : NULL;
    if (!json)
        printf("\n%-32s %9s %9s %9s %7s %7s %7s\n", "files (kamerwacht fetch)", "in mirror",
               "present", "missing", "failed", "flagged", "skipped");
    for (int c = 0; c < FETCH_NCATEGORIES; c++) {
        const struct fetch_counts *k = &fc[c];
        const char *name = fetch_category_name((enum fetch_category)c);
        if (!json) {
            printf("%-32s %9lld %9lld %9lld %7lld %7lld %7lld\n", name, (long long)k->candidates,
                   (long long)k->present, (long long)k->missing, (long long)k->failed,
                   (long long)k->flagged, (long long)k->skipped);
            continue;
        }
        json_t *o = json_object();
        json_object_set_new(o, "candidates", json_integer(k->candidates));
        json_object_set_new(o, "present", json_integer(k->present));
        json_object_set_new(o, "missing", json_integer(k->missing));
        json_object_set_new(o, "failed", json_integer(k->failed));
        json_object_set_new(o, "flagged", json_integer(k->flagged));
        json_object_set_new(o, "skipped", json_integer(k->skipped));
        json_object_set_new(files, name, o);
    }
    *files_out = files;
    return 0;
}

/* The full-text index of `kamerwacht index`: a few lines, or the "index" object of the JSON. */
static int status_index(struct store *s, bool json, json_t **index_out)
{
    struct search_index_status st;
    char err[512];
    if (search_index_status(store_db(s), &st, err, sizeof err)) {
        fprintf(stderr, "kamerwacht status: %s\n", err);
        return 1;
    }
    if (!json) {
        if (!st.present) {
            printf("\nsearch index: not built (run 'kamerwacht index')\n");
            return 0;
        }
        printf("\nsearch index: %lld objects, updated %s%s\n", (long long)st.objects[0],
               st.updated_at[0] ? st.updated_at : "never",
               st.analyzer_current ? "" : "  (analyzer changed: run 'kamerwacht index')");
        for (int t = 1; t <= SEARCH_T_MAX; t++)
            if (st.objects[t])
                printf("  %-12s %9lld\n", search_type_name(t), (long long)st.objects[t]);
        printf("  text:");
        for (int k = 1; k < SEARCH_TEXT_NSTATUS; k++)
            printf(" %s %lld", search_text_status_name(k), (long long)st.text_status[k]);
        printf("\n  size: text %.1f MB, stored compressed %.1f MB, FTS index %.1f MB\n",
               (double)st.raw_bytes / 1e6, (double)st.z_bytes / 1e6, (double)st.fts_bytes / 1e6);
        for (int i = 0; i < st.nfailures; i++)
            printf("  failed: %s %s %s: %s\n", st.failures[i].type,
                   st.failures[i].nummer[0] ? st.failures[i].nummer : st.failures[i].id,
                   st.failures[i].status, st.failures[i].reason);
        return 0;
    }
    json_t *o = json_object();
    json_object_set_new(o, "present", json_boolean(st.present));
    if (st.present) {
        json_object_set_new(o, "analyzer", json_string(st.analyzer));
        json_object_set_new(o, "analyzer_current", json_boolean(st.analyzer_current));
        json_object_set_new(o, "updated_at",
                            st.updated_at[0] ? json_string(st.updated_at) : json_null());
        json_t *objs = json_object();
        for (int t = 1; t <= SEARCH_T_MAX; t++)
            json_object_set_new(objs, search_type_name(t), json_integer(st.objects[t]));
        json_object_set_new(o, "objects", objs);
        json_t *text = json_object();
        for (int k = 0; k < SEARCH_TEXT_NSTATUS; k++)
            json_object_set_new(text, search_text_status_name(k), json_integer(st.text_status[k]));
        json_object_set_new(o, "text", text);
        json_object_set_new(o, "text_bytes", json_integer(st.raw_bytes));
        json_object_set_new(o, "stored_bytes", json_integer(st.z_bytes));
        json_object_set_new(o, "fts_bytes", json_integer(st.fts_bytes));
        json_t *fails = json_array();
        for (int i = 0; i < st.nfailures; i++) {
            json_t *f = json_object();
            json_object_set_new(f, "type", json_string(st.failures[i].type));
            json_object_set_new(f, "id", json_string(st.failures[i].id));
            json_object_set_new(f, "status", json_string(st.failures[i].status));
            json_object_set_new(f, "reason", json_string(st.failures[i].reason));
            json_array_append_new(fails, f);
        }
        json_object_set_new(o, "failures", fails);
    }
    *index_out = o;
    return 0;
}

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
    json_t *files = NULL, *index = NULL;
    if (rc == 0)
        rc = status_files(s, json, &files);
    if (rc == 0)
        rc = status_index(s, json, &index);
    if (json && rc == 0) {
        json_t *root = json_object();
        json_object_set_new(root, "categories", cats);
        json_object_set_new(root, "files", files);
        json_object_set_new(root, "index", index);
        char *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(out ? out : "{}");
        free(out);
        json_decref(root);
    } else {
        json_decref(cats);
        json_decref(files);
        json_decref(index);
    }
    store_close(s);
    return rc;
}
