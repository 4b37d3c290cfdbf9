/*
 * site — the route table of the website and its life cycle (open, per-thread connections,
 * close). Every route answers HTML, JSON (?format=json or Accept), and where it makes sense
 * Atom (…/atom or ?format=atom) and iCal.
 */
#include <libxml/parser.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "model/model.h"
#include "web/page_cache.h"
#include "web/site_int.h"

void site_conn_key_destroy(void *p);
void site_conn_close_current(struct site *s);


static const struct route routes[] = {
    {HTTP_GET, "/", page_front},
    {HTTP_GET, "/atom", page_front},
    {HTTP_GET, "/document/:nummer", page_document},
    {HTTP_GET, "/document/:nummer/bestand", page_document_file},
    {HTTP_GET, "/zaak/:nummer", page_zaak},
    {HTTP_GET, "/zaak/:nummer/atom", page_zaak},
    {HTTP_GET, "/dossier/:nummer", page_dossier},
    {HTTP_GET, "/dossier/:nummer/atom", page_dossier},
    {HTTP_GET, "/kamerstuk/:id", page_redirect_kst},
    {HTTP_GET, "/activiteit/:nummer", page_activiteit},
    {HTTP_GET, "/activiteit/:nummer/agenda.ics", page_activiteit},
    {HTTP_GET, "/persoon/:nummer", page_persoon},
    {HTTP_GET, "/persoon/:nummer/atom", page_persoon},
    {HTTP_GET, "/persoon/:nummer/foto", page_persoon_foto},
    {HTTP_GET, "/persoon/:nummer/agenda.ics", page_persoon},
    {HTTP_GET, "/commissie/:afkorting", page_commissie},
    {HTTP_GET, "/commissie/:afkorting/atom", page_commissie},
    {HTTP_GET, "/commissie/:afkorting/agenda.ics", page_commissie},
    {HTTP_GET, "/commissies", page_commissies},
    {HTTP_GET, "/kamerleden", page_kamerleden},
    {HTTP_GET, "/geschenken", page_geschenken},
    {HTTP_GET, "/geschenken/atom", page_geschenken},
    {HTTP_GET, "/activiteiten", page_activiteiten},
    {HTTP_GET, "/activiteiten/ongepland", page_ongepland},
    {HTTP_GET, "/agenda.ics", page_agenda_ics},
    {HTTP_GET, "/besluiten", page_besluiten},
    {HTTP_GET, "/besluiten/atom", page_besluiten},
    {HTTP_GET, "/stemmingen", page_stemmingen},
    {HTTP_GET, "/stemmingen/atom", page_stemmingen},
    {HTTP_GET, "/dossiers", page_dossiers},
    {HTTP_GET, "/open-vragen", page_open_vragen},
    {HTTP_GET, "/toezeggingen", page_toezeggingen},
    {HTTP_GET, "/toezeggingen/atom", page_toezeggingen},
    {HTTP_GET, "/toezegging/:nummer", page_toezegging},
    {HTTP_GET, "/verslagen", page_verslagen},
    {HTTP_GET, "/verslagen/atom", page_verslagen},
    {HTTP_GET, "/verslag/:id", page_verslag},
    {HTTP_GET, "/over", page_over},
    {HTTP_GET, "/zoeken", page_zoeken},
    {HTTP_GET, "/status", page_status},
    {HTTP_GET, "/metrics", page_metrics},
    {HTTP_GET, "/static/kamerwacht.css", page_css},
    {HTTP_GET, "/document.html", page_redirect_old},
    {HTTP_GET, "/zaak.html", page_redirect_old},
    {HTTP_GET, "/ksd.html", page_redirect_old},
    {HTTP_GET, "/persoon.html", page_redirect_old},
    {HTTP_GET, "/activiteit.html", page_redirect_old},
    {HTTP_GET, "/verslag.html", page_redirect_old},
    {HTTP_GET, "/toezegging.html", page_redirect_old},
    {HTTP_GET, "/commissie.html", page_redirect_old},
    {HTTP_GET, "/index.html", page_redirect_old},
    {HTTP_GET, "/index.xml", page_redirect_old},
    {HTTP_GET, "/get/:nummer", page_redirect_old},
    {HTTP_GET, "/getraw/:nummer", page_redirect_old},
    {HTTP_GET, "/op/:id", page_redirect_kst},
    {HTTP_GET, "/search.html", page_redirect_old},
    {HTTP_GET, "/activiteiten.html", page_redirect_old},
    {HTTP_GET, "/ongeplande-activiteiten.html", page_redirect_old},
    {HTTP_GET, "/besluiten.html", page_redirect_old},
    {HTTP_GET, "/stemmingen.html", page_redirect_old},
    {HTTP_GET, "/commissies.html", page_redirect_old},
    {HTTP_GET, "/geschenken.html", page_redirect_old},
    {HTTP_GET, "/kamerleden.html", page_redirect_old},
    {HTTP_GET, "/kamerstukdossiers.html", page_redirect_old},
    {HTTP_GET, "/open-vragen.html", page_redirect_old},
    {HTTP_GET, "/toezeggingen.html", page_redirect_old},
    {HTTP_GET, "/verslagen.html", page_redirect_old},
};

int site_handle(void *ctx, const struct http_request *rq, struct http_response *rs)
{
    const struct route *row;
    struct route_args args;
    int rc = route_match(routes, sizeof routes / sizeof routes[0], rq->method, rq->path, &row,
                         &args);
    if (rc == 405)
        http_add_header(rs, "Allow", "GET, HEAD");
    if (rc)
        return rc;
    struct site *site = ctx;
    /* Operational answers are always computed afresh. */
    bool cache = strcmp(rq->path, "/metrics") != 0 && strcmp(rq->path, "/status") != 0;
    if (cache && page_cache_get(site->pages, rq, rs))
        return 0;
    rc = row->fn(ctx, rq, &args, rs);
    if (rc == 0 && cache)
        page_cache_put(site->pages, rq, rs);
    return rc;
}

/* "SELECT 'Activiteit' AS category, (SELECT count(*) FROM "Activiteit" WHERE placeholder = 0)
 * AS live UNION ALL ...": table names come from the compile-time model only. */
static char *build_count_sql(void)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < kw_ntypes; i++) {
        const char *c = kw_types[i].category;
        if (i)
            buf_adds(&b, " UNION ALL ");
        buf_printf(&b, "SELECT '%s' AS category, (SELECT count(*) FROM \"%s\" WHERE placeholder"
                       " = 0) AS live, (SELECT count(*) FROM tombstone WHERE category = '%s')"
                       " AS deleted",
                   c, c, c);
    }
    size_t n;
    return buf_detach(&b, &n);
}

int site_open(const struct site_config *cfg, struct site **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!cfg->db_path) {
        snprintf(err, errlen, "no database given");
        return -1;
    }
    sqlite3 *db;
    if (sqlite3_open_v2(cfg->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", cfg->db_path,
                 db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return -1;
    }
    sqlite3_stmt *st;
    int ok = sqlite3_prepare_v2(db, "SELECT count(*) FROM \"Document\"", -1, &st, NULL) ==
             SQLITE_OK;
    if (ok)
        sqlite3_finalize(st);
    else
        snprintf(err, errlen, "%s is not a kamerwacht store (run kamerwacht sync first): %s",
                 cfg->db_path, sqlite3_errmsg(db));
    sqlite3_close(db);
    if (!ok)
        return -1;

    struct site *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->cfg = *cfg;
    s->db_path = strdup(cfg->db_path);
    s->files_dir = cfg->files_dir ? strdup(cfg->files_dir) : NULL;
    if (cfg->cache_dir)
        s->cache_dir = strdup(cfg->cache_dir);
    else if (cfg->files_dir) {
        size_t n = strlen(cfg->files_dir) + 16;
        s->cache_dir = malloc(n);
        if (s->cache_dir)
            snprintf(s->cache_dir, n, "%s/.kwcache", cfg->files_dir);
    }
    if (!s->cfg.text_wait_ms)
        s->cfg.text_wait_ms = 2000;
    s->cfg.db_path = s->db_path;
    s->cfg.files_dir = s->files_dir;
    s->cfg.cache_dir = s->cache_dir;
    s->base_url = strdup(cfg->base_url ? cfg->base_url : "");
    s->cfg.base_url = s->base_url;
    atomic_init(&s->base, s->base_url);
    s->count_sql = build_count_sql();
    s->started = (int64_t)time(NULL);
    if (pthread_key_create(&s->conn_key, site_conn_key_destroy)) {
        snprintf(err, errlen, "cannot create a thread key");
        free(s);
        return -1;
    }
    if (s->cache_dir) {
        mkdir(s->cache_dir, 0755);
        struct stat stt;
        if (stat(s->cache_dir, &stt) || !S_ISDIR(stt.st_mode)) {
            fprintf(stderr, "kamerwacht serve: text cache %s unusable; document text disabled\n",
                    s->cache_dir);
            free(s->cache_dir);
            s->cache_dir = NULL;
            s->cfg.cache_dir = NULL;
        }
    }
    xmlInitParser();
    if (s->files_dir && s->cache_dir)
        s->jobs = text_jobs_new(s);
    const char *pc = getenv("KW_PAGE_CACHE");
    if (!pc || strcmp(pc, "0") != 0)
        s->pages = page_cache_new(s->db_path);
    *out = s;
    return 0;
}

void site_set_base_url(struct site *s, const char *base)
{
    if (!base || !*base || (s->base_url && *s->base_url) || s->base_late)
        return;
    s->base_late = strdup(base);
    if (s->base_late) {
        size_t n = strlen(s->base_late);
        while (n && s->base_late[n - 1] == '/')
            s->base_late[--n] = '\0';
        atomic_store(&s->base, s->base_late);
    }
}

void site_set_server(struct site *s, struct http_server *srv)
{
    s->server = srv;
}

void site_close(struct site *s)
{
    if (!s)
        return;
    text_jobs_free(s->jobs);
    page_cache_free(s->pages);
    site_conn_close_current(s);
    pthread_key_delete(s->conn_key);
    free(s->db_path);
    free(s->files_dir);
    free(s->cache_dir);
    free(s->count_sql);
    free(s->base_url);
    free(s->base_late);
    free(s);
}
