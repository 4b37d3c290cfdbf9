/*
 * serve — `tkfake serve`: the SyncFeed API over a generated corpus, with libmicrohttpd.
 *
 * Routes (as the real server, see tk-opendata.md §2):
 *   GET /SyncFeed/2.0/Feed?category=X&skiptoken=N   one category, entries with skiptoken > N
 *   GET /SyncFeed/2.0/Feed?skiptoken=N              all categories in global order
 *   GET /SyncFeed/2.0/Entiteiten/<guid>             the newest visible version's entity XML
 *   GET /SyncFeed/2.0/Resources/<guid>              the file; unknown: 500 with the real body
 *   GET /_tkfake/generation, POST /_tkfake/generation?set=G, GET /_tkfake/stats
 *
 * A page is assembled from the stored entity XML with memcpy; only the feed header and the
 * per-entry wrapper (title, id, updated, category, links) are formatted per request. The view
 * of a generation (per category, the visible records in skiptoken order) is built once, on
 * first use, and kept. Faults are driven by per-server request counters, so a retry of a
 * failed request succeeds.
 */
#include "tkfake.h"

#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <time.h>

#define MAX_PAGE_SIZE 10000
#define ERROR_BODY "<Error><Message>An error has occurred.</Message></Error>"

struct view {
    uint32_t *all;
    size_t nall;
    uint32_t *bycat[64];
    size_t ncat[64];
    int64_t updated; /* the feed's <updated> */
};

struct server {
    struct corpus c;
    const char *dir;
    char base[256];
    int page_size;
    atomic_int gen;
    struct view **views; /* per generation, built lazily */
    pthread_mutex_t lock;
    long fail_every, slow_every, slow_ms, truncate_every, bad_size_every;
    bool fault_cat[64], fault_filter;
    atomic_long requests, feed_requests, resource_requests, entity_requests, eligible;
    atomic_long f_fail, f_slow, f_truncate, f_bad_size;
};

static int marker;

static const struct view *get_view(struct server *s, int g)
{
    pthread_mutex_lock(&s->lock);
    struct view *v = s->views[g];
    if (!v) {
        v = calloc(1, sizeof *v);
        size_t n = 0, nc[64] = {0};
        for (size_t i = 0; i < s->c.nrecs; i++)
            if (rec_visible(&s->c.recs[i], g)) {
                n++;
                nc[s->c.recs[i].cat & 63]++;
            }
        v->all = malloc((n ? n : 1) * sizeof *v->all);
        for (size_t k = 0; k < kw_ntypes; k++)
            v->bycat[k] = malloc((nc[k] ? nc[k] : 1) * sizeof(uint32_t));
        for (size_t i = 0; i < s->c.nrecs; i++) {
            const struct tk_rec *r = &s->c.recs[i];
            if (!rec_visible(r, g))
                continue;
            v->all[v->nall++] = (uint32_t)i;
            v->bycat[r->cat][v->ncat[r->cat]++] = (uint32_t)i;
            if (r->updated > v->updated)
                v->updated = r->updated;
        }
        v->updated += 1800;
        s->views[g] = v;
    }
    pthread_mutex_unlock(&s->lock);
    return v;
}

/* First position in list whose skiptoken > after. */
static size_t first_after(const struct server *s, const uint32_t *list, size_t n, uint64_t after)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->c.recs[list[mid]].skiptoken <= after)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const char RIGHTS[] =
    "Het is gebruikers toegestaan de informatie en gegevens van deze internetsite met "
    "bronvermelding over te nemen, te verveelvoudigen en openbaar te maken, tenzij anders is "
    "aangegeven. Deze gegevens zijn gepubliceerd onder de CC0 1.0-licentie (tkfake: synthetische "
    "gegevens voor tests).";

static void feed_link(struct buf *b, const struct server *s, const char *cat, bool have_tok,
                      uint64_t tok)
{
    buf_printf(b, "%s/SyncFeed/2.0/Feed", s->base);
    if (cat && have_tok)
        buf_printf(b, "?category=%s&amp;skiptoken=%llu", cat, (unsigned long long)tok);
    else if (cat)
        buf_printf(b, "?category=%s", cat);
    else if (have_tok)
        buf_printf(b, "?skiptoken=%llu", (unsigned long long)tok);
}

/* Builds one feed page; *cut (if not NULL) gets a position inside the middle entry. */
static void build_page(struct server *s, const struct view *v, const char *category,
                       bool have_tok, uint64_t after, struct buf *b, size_t *cut)
{
    const struct kw_type *t = category ? kw_type_by_category(category) : NULL;
    const uint32_t *list = NULL;
    size_t n = 0;
    if (!category) {
        list = v->all, n = v->nall;
    } else if (t) {
        size_t k = kw_type_index(t);
        list = v->bycat[k], n = v->ncat[k];
    }
    size_t from = list ? first_after(s, list, n, have_tok ? after : 0) : 0;
    if (!have_tok)
        from = 0;
    size_t to = from + (size_t)s->page_size;
    if (to > n)
        to = n;
    bool more = to < n;
    uint64_t last = to > from ? s->c.recs[list[to - 1]].skiptoken : after;
    char ts[TK_TS_LEN], g[37];

    buf_grow(b, (to - from) * 1400 + 2048);
    buf_adds(b, "<?xml version=\"1.0\"?>\n<feed xmlns=\"" KW_NS_ATOM
                "\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"" KW_NS_XSI
                "\">\n<title>Gegevensmagazijn SyncFeed</title>\n<link rel=\"self\" href=\"");
    feed_link(b, s, category, have_tok, after);
    buf_adds(b, "\"/>\n");
    if (more) {
        buf_adds(b, "<link rel=\"next\" href=\"");
        feed_link(b, s, category, true, last);
    } else {
        buf_adds(b, "<link rel=\"resume\" href=\"");
        feed_link(b, s, category, have_tok || to > from, last);
    }
    tk_ts_offset7(v->updated, 616108, ts);
    buf_printf(b, "\"/>\n<updated>%s</updated>\n<author><name>Tweede Kamer der Staten-Generaal"
                  "</name><uri>https://opendata.tweedekamer.nl</uri><email>opendata@tweedekamer."
                  "nl</email></author>\n<rights>%s</rights>\n",
               ts, RIGHTS);
    size_t mid = from + (to - from) / 2;
    for (size_t i = from; i < to; i++) {
        const struct tk_rec *r = &s->c.recs[list[i]];
        const struct kw_type *rt = &kw_types[r->cat];
        tk_guid_fmt(r->guid, g);
        tk_ts_utc(r->updated, ts);
        buf_printf(b, "<entry><title>%s</title><id>%s/SyncFeed/2.0/Entiteiten/%s</id><author>"
                      "<name>Tweede Kamer der Staten-Generaal</name></author><updated>%s"
                      "</updated><category term=\"%s\"/>",
                   g, s->base, g, ts, rt->element);
        if (r->flags & EF_RES)
            buf_printf(b, "<link rel=\"enclosure\" href=\"%s/SyncFeed/2.0/Resources/%s\"/>",
                       s->base, g);
        buf_adds(b, "<link rel=\"next\" href=\"");
        feed_link(b, s, category ? rt->category : NULL, true, r->skiptoken);
        buf_adds(b, "\"/><content type=\"application/xml\">");
        if (cut && i == mid)
            *cut = b->len + r->length / 2;
        corpus_expand(b, s->c.entries + r->offset, r->length);
        buf_adds(b, "</content></entry>\n");
    }
    buf_adds(b, "</feed>\n");
    if (cut && to == from)
        *cut = b->len / 2;
}

/* ---- HTTP plumbing --------------------------------------------------------------------------- */

static enum MHD_Result send_buf(struct MHD_Connection *conn, unsigned status, const char *ctype,
                                struct buf *b)
{
    size_t len;
    char *data = buf_detach(b, &len);
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", ctype);
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *conn, unsigned status, const char *ctype,
                                 const char *text)
{
    struct buf b = BUF_INIT;
    buf_adds(&b, text);
    return send_buf(conn, status, ctype, &b);
}

struct trunc {
    char *data;
    size_t cut;
};

static ssize_t trunc_read(void *cls, uint64_t pos, char *out, size_t max)
{
    struct trunc *t = cls;
    if (pos >= t->cut)
        return MHD_CONTENT_READER_END_WITH_ERROR; /* drop the connection mid-entry */
    size_t n = t->cut - (size_t)pos;
    if (n > max)
        n = max;
    memcpy(out, t->data + pos, n);
    return (ssize_t)n;
}

static void trunc_free(void *cls)
{
    struct trunc *t = cls;
    free(t->data);
    free(t);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static bool fault_applies(const struct server *s, const char *category)
{
    if (!s->fault_filter)
        return true;
    const struct kw_type *t = category ? kw_type_by_category(category) : NULL;
    return t && s->fault_cat[kw_type_index(t)];
}

static void maybe_slow(struct server *s)
{
    if (s->slow_every <= 0)
        return;
    long n = atomic_fetch_add(&s->eligible, 1) + 1;
    if (n % s->slow_every == 0) {
        atomic_fetch_add(&s->f_slow, 1);
        sleep_ms(s->slow_ms);
    }
}

static enum MHD_Result do_feed(struct server *s, struct MHD_Connection *conn)
{
    const char *category = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "category");
    const char *tok = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "skiptoken");
    if (category && !*category)
        category = NULL;
    bool have_tok = tok && *tok;
    uint64_t after = have_tok ? strtoull(tok, NULL, 10) : 0;
    bool eligible = fault_applies(s, category);
    long n = 0;
    if (eligible) {
        n = atomic_fetch_add(&s->feed_requests, 1) + 1;
        maybe_slow(s);
    }
    if (eligible && s->fail_every > 0 && n % s->fail_every == 0) {
        atomic_fetch_add(&s->f_fail, 1);
        return send_text(conn, 500, "application/xml; charset=utf-8", ERROR_BODY);
    }
    const struct view *v = get_view(s, atomic_load(&s->gen));
    struct buf b = BUF_INIT;
    bool truncate = eligible && s->truncate_every > 0 && n % s->truncate_every == 0;
    size_t cut = 0;
    build_page(s, v, category, have_tok, after, &b, truncate ? &cut : NULL);
    if (!truncate)
        return send_buf(conn, 200, "application/atom+xml; charset=utf-8", &b);
    atomic_fetch_add(&s->f_truncate, 1);
    struct trunc *t = malloc(sizeof *t);
    size_t len;
    t->data = buf_detach(&b, &len);
    t->cut = cut < len ? cut : len / 2;
    struct MHD_Response *r =
        MHD_create_response_from_callback(len, 16384, trunc_read, t, trunc_free);
    MHD_add_response_header(r, "Content-Type", "application/atom+xml; charset=utf-8");
    enum MHD_Result ret = MHD_queue_response(conn, 200, r);
    MHD_destroy_response(r);
    return ret;
}

static long lookup(struct server *s, const char *rest)
{
    uint8_t g[16];
    if (tk_guid_parse(rest, g) != 0)
        return -1;
    return corpus_find(&s->c, g, atomic_load(&s->gen));
}

static enum MHD_Result do_entity(struct server *s, struct MHD_Connection *conn, const char *rest)
{
    atomic_fetch_add(&s->entity_requests, 1);
    long r = lookup(s, rest);
    if (r < 0)
        return send_text(conn, 404, "text/plain; charset=utf-8", "Not found\n");
    const struct tk_rec *rec = &s->c.recs[r];
    struct buf b = BUF_INIT;
    buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    corpus_expand(&b, s->c.entries + rec->offset, rec->length);
    buf_addc(&b, '\n');
    return send_buf(conn, 200, "application/xml; charset=utf-8", &b);
}

static enum MHD_Result do_resource(struct server *s, struct MHD_Connection *conn,
                                   const char *rest)
{
    long r = lookup(s, rest);
    const struct tk_rec *rec = r >= 0 ? &s->c.recs[r] : NULL;
    if (!rec || !(rec->flags & EF_RES) || (rec->flags & EF_TOMB))
        return send_text(conn, 500, "application/xml; charset=utf-8", ERROR_BODY);
    const char *cat = kw_types[rec->cat].category;
    bool eligible = fault_applies(s, cat);
    long n = atomic_fetch_add(&s->resource_requests, 1) + 1;
    if (eligible)
        maybe_slow(s);
    const char *meta = s->c.resmeta + rec->res_off;
    struct buf b = BUF_INIT;
    res_render(meta, rec->res_meta_len, &b);
    if (eligible && s->bad_size_every > 0 && n % s->bad_size_every == 0) {
        atomic_fetch_add(&s->f_bad_size, 1);
        if (b.len > 16)
            buf_truncate(&b, b.len - b.len / 10 - 1);
        else
            buf_adds(&b, "extra bytes");
    }
    return send_buf(conn, 200, res_content_type(res_meta_kind(meta, rec->res_meta_len)), &b);
}

static enum MHD_Result do_control(struct server *s, struct MHD_Connection *conn,
                                  const char *method, const char *what)
{
    struct buf b = BUF_INIT;
    if (!strcmp(what, "generation")) {
        if (!strcmp(method, "POST")) {
            const char *set = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "set");
            int g = set ? atoi(set) : 0;
            if (g < 1 || g > (int)s->c.hdr->ngen)
                return send_text(conn, 400, "text/plain; charset=utf-8",
                                 "set=G must be a generation of this corpus\n");
            get_view(s, g);
            atomic_store(&s->gen, g);
        }
        buf_printf(&b, "%d\n", atomic_load(&s->gen));
        return send_buf(conn, 200, "text/plain; charset=utf-8", &b);
    }
    if (!strcmp(what, "stats")) {
        buf_printf(&b,
                   "{\"generation\": %d, \"generations\": %u, \"entities\": %zu, \"requests\": %ld, "
                   "\"feed_requests\": %ld, \"entity_requests\": %ld, \"resource_requests\": %ld, "
                   "\"faults\": {\"fail\": %ld, \"slow\": %ld, \"truncate\": %ld, \"bad_size\": "
                   "%ld}}\n",
                   atomic_load(&s->gen), s->c.hdr->ngen, get_view(s, atomic_load(&s->gen))->nall,
                   atomic_load(&s->requests), atomic_load(&s->feed_requests),
                   atomic_load(&s->entity_requests), atomic_load(&s->resource_requests),
                   atomic_load(&s->f_fail), atomic_load(&s->f_slow), atomic_load(&s->f_truncate),
                   atomic_load(&s->f_bad_size));
        return send_buf(conn, 200, "application/json", &b);
    }
    return send_text(conn, 404, "text/plain; charset=utf-8", "Not found\n");
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **req_cls)
{
    struct server *s = cls;
    (void)version;
    (void)upload;
    if (*req_cls == NULL) { /* queue on the second call, or keep-alive is lost */
        *req_cls = &marker;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0;
        return MHD_YES;
    }
    atomic_fetch_add(&s->requests, 1);
    static const char feed[] = "/SyncFeed/2.0/Feed", ent[] = "/SyncFeed/2.0/Entiteiten/",
                      res[] = "/SyncFeed/2.0/Resources/", ctl[] = "/_tkfake/";
    if (!strncmp(url, ctl, sizeof ctl - 1))
        return do_control(s, conn, method, url + sizeof ctl - 1);
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return send_text(conn, 405, "text/plain; charset=utf-8", "Method not allowed\n");
    if (!strcmp(url, feed) || !strcmp(url, "/SyncFeed/2.0/Feed/"))
        return do_feed(s, conn);
    if (!strncmp(url, ent, sizeof ent - 1))
        return do_entity(s, conn, url + sizeof ent - 1);
    if (!strncmp(url, res, sizeof res - 1))
        return do_resource(s, conn, url + sizeof res - 1);
    return send_text(conn, 404, "text/plain; charset=utf-8", "Not found\n");
}

/* ---- command line --------------------------------------------------------------------------- */

static int usage(FILE *f, int rc)
{
    fprintf(f,
            "usage: tkfake serve --dir DIR --listen 127.0.0.1:PORT [options]\n\n"
            "Serves the SyncFeed API from a corpus written by 'tkfake gen'.\n\n"
            "  --generation G        view of generation G (default: the last)\n"
            "  --page-size N         entries per page (default 250)\n"
            "  --base-url URL        base of all hrefs (default http://127.0.0.1:PORT)\n"
            "  --port-file F         write the bound port to F (use with --listen 127.0.0.1:0)\n"
            "  --fail-every N        every Nth feed request: HTTP 500 with the real error body\n"
            "  --slow-every N --slow-ms M   delay every Nth request by M ms\n"
            "  --truncate-every N    every Nth feed request: connection closed mid-entry\n"
            "  --bad-size-every N    every Nth resource: body length differs from contentLength\n"
            "  --fault-categories A,B  restrict faults to these categories\n\n"
            "Control: GET /_tkfake/generation, POST /_tkfake/generation?set=G, GET /_tkfake/stats\n");
    return rc;
}

static bool parse_categories(struct server *s, const char *list)
{
    char tmp[2048];
    snprintf(tmp, sizeof tmp, "%s", list);
    char *save = NULL;
    for (char *p = strtok_r(tmp, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        const struct kw_type *t = kw_type_by_category(p);
        if (!t) {
            fprintf(stderr, "tkfake serve: unknown category '%s'\n", p);
            return false;
        }
        s->fault_cat[kw_type_index(t)] = true;
    }
    s->fault_filter = true;
    return true;
}

int cmd_serve(int argc, char **argv)
{
    static struct server srv;
    struct server *s = &srv;
    const char *listen = NULL, *port_file = NULL, *base = NULL;
    int gen = 0;
    s->page_size = 250;
    s->slow_ms = 200;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return usage(stdout, 0);
        if (!v) {
            fprintf(stderr, "tkfake serve: unknown or incomplete option '%s'\n", a);
            return usage(stderr, 2);
        }
        i++;
        if (!strcmp(a, "--dir"))
            s->dir = v;
        else if (!strcmp(a, "--listen"))
            listen = v;
        else if (!strcmp(a, "--generation"))
            gen = atoi(v);
        else if (!strcmp(a, "--page-size"))
            s->page_size = atoi(v);
        else if (!strcmp(a, "--base-url"))
            base = v;
        else if (!strcmp(a, "--port-file"))
            port_file = v;
        else if (!strcmp(a, "--fail-every"))
            s->fail_every = atol(v);
        else if (!strcmp(a, "--slow-every"))
            s->slow_every = atol(v);
        else if (!strcmp(a, "--slow-ms"))
            s->slow_ms = atol(v);
        else if (!strcmp(a, "--truncate-every"))
            s->truncate_every = atol(v);
        else if (!strcmp(a, "--bad-size-every"))
            s->bad_size_every = atol(v);
        else if (!strcmp(a, "--fault-categories")) {
            if (!parse_categories(s, v))
                return 2;
        } else {
            fprintf(stderr, "tkfake serve: unknown option '%s'\n", a);
            return usage(stderr, 2);
        }
    }
    if (!s->dir || !listen || s->page_size < 1 || s->page_size > MAX_PAGE_SIZE)
        return usage(stderr, 2);
    const char *colon = strrchr(listen, ':');
    if (!colon || strncmp(listen, "127.0.0.1", (size_t)(colon - listen)) != 0 ||
        colon - listen != 9) {
        fprintf(stderr, "tkfake serve: --listen must be 127.0.0.1:PORT\n");
        return 2;
    }
    int port = atoi(colon + 1);
    char err[512];
    if (corpus_open(&s->c, s->dir, err, sizeof err) != 0) {
        fprintf(stderr, "tkfake serve: %s\n", err);
        return 1;
    }
    if (gen == 0)
        gen = (int)s->c.hdr->ngen;
    if (gen < 1 || gen > (int)s->c.hdr->ngen) {
        fprintf(stderr, "tkfake serve: the corpus has generations 1..%u\n", s->c.hdr->ngen);
        return 2;
    }
    atomic_store(&s->gen, gen);
    s->views = calloc(s->c.hdr->ngen + 1, sizeof *s->views);
    pthread_mutex_init(&s->lock, NULL);
    const struct view *v = get_view(s, gen);

    /* signals are taken by sigwait in this thread; MHD's threads inherit the mask */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, (uint16_t)port, NULL,
        NULL, handler, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "tkfake serve: cannot listen on %s\n", listen);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int bound = info ? info->port : port;
    if (base)
        snprintf(s->base, sizeof s->base, "%s", base);
    else
        snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", bound);
    size_t bl = strlen(s->base);
    while (bl && s->base[bl - 1] == '/')
        s->base[--bl] = '\0';
    if (port_file) {
        char tmp[4200];
        snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
        FILE *f = fopen(tmp, "w");
        if (!f || fprintf(f, "%d\n", bound) < 0 || fclose(f) != 0 || rename(tmp, port_file) != 0) {
            fprintf(stderr, "tkfake serve: %s: %s\n", port_file, strerror(errno));
            MHD_stop_daemon(d);
            return 1;
        }
    }
    fprintf(stderr, "tkfake: serving %s (generation %d, %zu entities) at http://127.0.0.1:%d\n",
            s->dir, gen, v->nall, bound);
    int sig = 0;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    for (unsigned g = 0; g <= s->c.hdr->ngen; g++) {
        struct view *w = s->views[g];
        if (!w)
            continue;
        free(w->all);
        for (size_t k = 0; k < kw_ntypes; k++)
            free(w->bycat[k]);
        free(w);
    }
    free(s->views);
    corpus_close(&s->c);
    fprintf(stderr, "tkfake: stopped (signal %d)\n", sig);
    return 0;
}
