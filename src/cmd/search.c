/*
 * kamerwacht search — search the index in Dutch, as text or JSON.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "search/index.h"
#include "search/query.h"
#include "search/search.h"
#include "store/store.h"
#include "util/buf.h"

static const char search_usage[] =
    "usage: kamerwacht search --db FILE [--json] [--sort relevance|newest|oldest] [--limit N]\n"
    "                         [--after CURSOR] [--FILTER VALUE ...] [--] QUERY ...\n"
    "\n"
    "Words are all required and found in every inflection (moties finds motie); \"quoted\n"
    "phrases\" are exact; OR, NOT and -word, NEAR(a b), prefix*, (parentheses). Filters, in the\n"
    "query or as options: soort: dossier: zaak: commissie: fractie: persoon: van:YYYY-MM-DD\n"
    "tot:YYYY-MM-DD jaar: type:document|zaak|activiteit|toezegging|verslag|geschenk|dossier.\n"
    "Identifiers (2021D35262, 2021Z16384, 31293-593, kst-31293-593, 31293) put their object\n"
    "first. Any input gives results and a line saying how the query was understood.\n"
    "\n"
    "  --db FILE        the SQLite store with its index ('kamerwacht index')\n"
    "  --json           {\"query\": {\"input\", \"understood\"}, \"total\", \"hits\": [...],\n"
    "                   \"facets\": {\"type\", \"soort\", \"year\"}, \"next\"}\n"
    "  --sort S         relevance (default), newest or oldest\n"
    "  --limit N        hits per page (default 20, at most 200)\n"
    "  --deadline-ms N  give up a query after N ms (default 500; KW_SEARCH_DEADLINE_MS)\n"
    "  --after CURSOR   the next page: the \"next\" value of the previous page\n"
    "  --soort V, --dossier V, --zaak V, --commissie V, --fractie V, --persoon V,\n"
    "  --van DATE, --tot DATE, --type T   the same filters as options\n"
    "  --help           this text\n";

static const char *const filter_opts[] = {"soort",   "dossier", "zaak", "commissie", "fractie",
                                          "persoon", "van",     "tot",  "type",      "jaar"};
#define NFILTER_OPTS (sizeof filter_opts / sizeof filter_opts[0])

/* Snippet HTML for a terminal: [marked] words, entities decoded. */
static void print_snippet(const char *html)
{
    static const struct {
        const char *from, *to;
    } map[] = {{"<mark>", "["}, {"</mark>", "]"}, {"&amp;", "&"},  {"&lt;", "<"},
               {"&gt;", ">"},   {"&quot;", "\""}, {"&#39;", "'"}};
    for (const char *p = html; *p;) {
        size_t k;
        for (k = 0; k < sizeof map / sizeof map[0]; k++) {
            size_t l = strlen(map[k].from);
            if (!strncmp(p, map[k].from, l)) {
                fputs(map[k].to, stdout);
                p += l;
                break;
            }
        }
        if (k == sizeof map / sizeof map[0])
            putchar(*p++);
    }
}

static json_t *facets_json(const struct search_facets *f)
{
    json_t *o = json_object();
    for (size_t i = 0; i < f->n; i++)
        json_object_set_new(o, f->v[i].value, json_integer(f->v[i].count));
    return o;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static void print_json(const struct search_query *q, const struct search_result *r,
                       const char *understood)
{
    json_t *root = json_object();
    json_t *qo = json_object();
    json_object_set_new(qo, "input", json_string(q->input));
    json_object_set_new(qo, "understood", json_string(understood));
    json_object_set_new(root, "query", qo);
    json_object_set_new(root, "total", json_integer(r->total));
    json_object_set_new(root, "total_exact", json_boolean(r->total_exact));
    json_t *hits = json_array();
    for (size_t i = 0; i < r->nhits; i++) {
        const struct search_hit *h = &r->hits[i];
        json_t *o = json_object();
        json_object_set_new(o, "type", str_or_null(search_type_name(h->type)));
        json_object_set_new(o, "id", json_string(h->id));
        json_object_set_new(o, "guid", str_or_null(h->guid));
        json_object_set_new(o, "title", json_string(h->title));
        json_object_set_new(o, "date", str_or_null(h->date));
        json_object_set_new(o, "soort", str_or_null(h->soort));
        json_object_set_new(o, "snippet", json_string(h->snippet));
        if (h->pinned)
            json_object_set_new(o, "pinned", json_true());
        json_array_append_new(hits, o);
    }
    json_object_set_new(root, "hits", hits);
    json_t *facets = json_object();
    json_object_set_new(facets, "type", facets_json(&r->types));
    json_object_set_new(facets, "soort", facets_json(&r->soorten));
    json_object_set_new(facets, "year", facets_json(&r->years));
    json_object_set_new(facets, "exact", json_boolean(r->facets_exact));
    json_object_set_new(root, "facets", facets);
    json_object_set_new(root, "next", str_or_null(r->next));
    json_object_set_new(root, "ms", json_real(r->ms));
    char *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    puts(out ? out : "{}");
    free(out);
    json_decref(root);
}

static void print_text(const struct search_result *r, const char *understood)
{
    printf("Gezocht: %s\n", understood);
    printf("%s%lld resultaten (%.1f ms)\n", r->total_exact ? "" : "minstens ",
           (long long)r->total, r->ms);
    if (r->types.n) {
        printf("Soorten objecten:");
        for (size_t i = 0; i < r->types.n; i++)
            printf(" %s %lld", r->types.v[i].value, (long long)r->types.v[i].count);
        printf("\n");
    }
    for (size_t i = 0; i < r->nhits; i++) {
        const struct search_hit *h = &r->hits[i];
        printf("%2zu. [%s %s] %s%s%s%s%s\n", i + 1, search_type_name(h->type), h->id,
               h->date ? h->date : "", h->date ? " " : "", h->soort ? h->soort : "",
               h->soort ? " — " : "", h->title);
        if (h->snippet[0]) {
            printf("    ");
            print_snippet(h->snippet);
            printf("\n");
        }
    }
    if (r->next)
        printf("Volgende pagina: --after %s\n", r->next);
}

int cmd_search(int argc, char **argv)
{
    const char *db = NULL, *after = NULL;
    const char *fvals[NFILTER_OPTS] = {0};
    bool json = false;
    struct search_params p = {SEARCH_SORT_RELEVANCE, SEARCH_DEFAULT_LIMIT, NULL, 0, false};
    struct buf text = BUF_INIT;
    int rc = 2;
    bool words_only = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        long long x;
        int m;
        if (words_only || argv[i][0] != '-' || argv[i][1] != '-' || !strcmp(argv[i], "-")) {
            if (!words_only && argv[i][0] == '-' && argv[i][1] == 'h' && !argv[i][2]) {
                fputs(search_usage, stdout);
                rc = 0;
                goto out;
            }
            if (text.len)
                buf_addc(&text, ' ');
            buf_adds(&text, argv[i]);
            continue;
        }
        if (!strcmp(argv[i], "--")) {
            words_only = true;
        } else if (!strcmp(argv[i], "--help")) {
            fputs(search_usage, stdout);
            rc = 0;
            goto out;
        } else if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if ((m = cmd_opt(argc, argv, &i, "--db", &v))) {
            if (m < 0)
                goto out;
            db = v;
        } else if ((m = cmd_opt(argc, argv, &i, "--sort", &v))) {
            if (m < 0)
                goto out;
            if (search_sort_parse(v, &p.sort)) {
                fprintf(stderr, "kamerwacht search: --sort is relevance, newest or oldest\n");
                goto out;
            }
        } else if ((m = cmd_opt(argc, argv, &i, "--limit", &v))) {
            if (m < 0 || cmd_parse_uint("--limit", v, SEARCH_MAX_LIMIT, &x))
                goto out;
            p.limit = x ? (int)x : 1;
        } else if ((m = cmd_opt(argc, argv, &i, "--deadline-ms", &v))) {
            if (m < 0 || cmd_parse_uint("--deadline-ms", v, 600000, &x))
                goto out;
            p.deadline_ms = x ? (long)x : 1;
        } else if ((m = cmd_opt(argc, argv, &i, "--after", &v))) {
            if (m < 0)
                goto out;
            after = v;
        } else {
            size_t k;
            for (k = 0; k < NFILTER_OPTS; k++) {
                char name[32];
                snprintf(name, sizeof name, "--%s", filter_opts[k]);
                if ((m = cmd_opt(argc, argv, &i, name, &v))) {
                    if (m < 0)
                        goto out;
                    fvals[k] = v;
                    break;
                }
            }
            if (k == NFILTER_OPTS) {
                fprintf(stderr, "kamerwacht search: unknown option '%s' (use -- before a query "
                                "that starts with --)\n%s",
                        argv[i], search_usage);
                goto out;
            }
        }
    }
    if (!p.deadline_ms && getenv("KW_SEARCH_DEADLINE_MS"))
        p.deadline_ms = atol(getenv("KW_SEARCH_DEADLINE_MS"));
    if (!db) {
        fprintf(stderr, "kamerwacht search: --db FILE is required\n%s", search_usage);
        goto out;
    }
    p.cursor = after;
    rc = 1;
    char err[512];
    struct store *s;
    if (store_open(db, STORE_READONLY, &s, err, sizeof err)) {
        fprintf(stderr, "kamerwacht search: %s\n", err);
        goto out;
    }
    sqlite3 *h = store_db(s);
    struct search_index_status st;
    if (search_index_status(h, &st, err, sizeof err) || !st.present) {
        fprintf(stderr, "kamerwacht search: no index in %s yet; run 'kamerwacht index' first\n",
                db);
        store_close(s);
        goto out;
    }
    if (search_register(h) != SQLITE_OK) {
        fprintf(stderr, "kamerwacht search: cannot register the Dutch tokenizer\n");
        store_close(s);
        goto out;
    }
    struct search_query q;
    search_query_parse(&q, text.data ? text.data : "", text.len);
    for (size_t k = 0; k < NFILTER_OPTS; k++)
        if (fvals[k])
            search_query_add_filter(&q, filter_opts[k], fvals[k]);
    search_query_build(&q);
    struct search_result r;
    if (search_run(h, &q, &p, &r, err, sizeof err)) {
        fprintf(stderr, "kamerwacht search: %s\n", err);
        search_query_free(&q);
        store_close(s);
        goto out;
    }
    struct buf u = BUF_INIT;
    buf_adds(&u, q.understood);
    if (r.notes)
        buf_printf(&u, "%s%s", strstr(q.understood, " · let op: ") ? "; " : " · let op: ",
                   r.notes);
    if (!st.analyzer_current)
        buf_adds(&u, " (de index is met een oudere analyzer gebouwd: draai 'kamerwacht index')");
    if (json)
        print_json(&q, &r, buf_cstr(&u));
    else
        print_text(&r, buf_cstr(&u));
    buf_free(&u);
    search_result_free(&r);
    search_query_free(&q);
    store_close(s);
    rc = 0;
out:
    buf_free(&text);
    return rc;
}
