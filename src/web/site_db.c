/*
 * site_db — per-thread read-only connections, the prepared-statement cache, query results
 * copied into rows, and the request context shared by all pages.
 */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/index.h"
#include "web/site_int.h"

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Interrupts a statement that runs past the request's deadline. */
static int progress(void *p)
{
    struct site_conn *c = p;
    return c->deadline_ms && now_ms() > c->deadline_ms;
}

static void conn_free(void *p)
{
    struct site_conn *c = p;
    if (!c)
        return;
    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(c->st[i]);
    sqlite3_close(c->db);
    free(c);
}

void site_conn_key_destroy(void *p);
void site_conn_key_destroy(void *p)
{
    conn_free(p);
}

static struct site_conn *conn_get(struct site *s)
{
    struct site_conn *c = pthread_getspecific(s->conn_key);
    if (c)
        return c;
    c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (sqlite3_open_v2(s->db_path, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        fprintf(stderr, "kamerwacht serve: cannot open %s: %s\n", s->db_path,
                c->db ? sqlite3_errmsg(c->db) : "out of memory");
        conn_free(c);
        return NULL;
    }
    sqlite3_busy_timeout(c->db, 2000);
    sqlite3_exec(c->db, "PRAGMA query_only=1; PRAGMA cache_size=-16000; PRAGMA mmap_size=268435456",
                 NULL, NULL, NULL);
    sqlite3_progress_handler(c->db, 20000, progress, c);
    search_register(c->db); /* the Dutch tokenizer for the search index, when there is one */
    pthread_setspecific(s->conn_key, c);
    return c;
}

void site_conn_close_current(struct site *s);
void site_conn_close_current(struct site *s)
{
    struct site_conn *c = pthread_getspecific(s->conn_key);
    if (c) {
        pthread_setspecific(s->conn_key, NULL);
        conn_free(c);
    }
}

/* ---- rows ---- */

int rows_col(const struct rows *r, const char *name)
{
    size_t slot = ((uintptr_t)name >> 3) % 32;
    if (r->ck[slot] == name)
        return r->cv[slot];
    int found = -1;
    for (size_t c = 0; c < r->ncol && found < 0; c++)
        if (!strcmp(r->names[c], name))
            found = (int)c;
    struct rows *w = (struct rows *)r; /* the cache is not part of the value */
    w->ck[slot] = name;
    w->cv[slot] = found;
    return found;
}

const char *rv(const struct rows *r, size_t i, const char *name)
{
    int c = rows_col(r, name);
    if (c < 0 || i >= r->n)
        return NULL;
    uint32_t o = r->off[i * r->ncol + (size_t)c];
    return o == ROWS_NULL ? NULL : r->text.data + o;
}

const char *rs_(const struct rows *r, size_t i, const char *name)
{
    const char *v = rv(r, i, name);
    return v ? v : "";
}

int64_t ri(const struct rows *r, size_t i, const char *name)
{
    const char *v = rv(r, i, name);
    return v ? strtoll(v, NULL, 10) : 0;
}

bool rnull(const struct rows *r, size_t i, const char *name)
{
    return rv(r, i, name) == NULL;
}

static void json_cell(struct jsonw *j, const struct rows *r, size_t i, size_t c)
{
    uint32_t o = r->off[i * r->ncol + c];
    if (o == ROWS_NULL) {
        jw_null(j);
        return;
    }
    const char *v = r->text.data + o;
    switch (r->type[i * r->ncol + c]) {
    case SQLITE_INTEGER:
        jw_int(j, strtoll(v, NULL, 10));
        break;
    case SQLITE_FLOAT:
        jw_double(j, strtod(v, NULL));
        break;
    default:
        jw_str(j, v);
    }
}

void rows_json_fields(struct jsonw *j, const struct rows *r, size_t i)
{
    for (size_t c = 0; c < r->ncol; c++) {
        if (r->names[c][0] == '_') /* internal columns (grouping keys) stay out */
            continue;
        jw_key(j, r->names[c]);
        json_cell(j, r, i, c);
    }
}

void rows_json(struct jsonw *j, const struct rows *r, const char *match_col, const char *match)
{
    jw_arr_begin(j);
    for (size_t i = 0; r && i < r->n; i++) {
        if (match_col) {
            const char *v = rv(r, i, match_col);
            if (!v || !match || strcmp(v, match))
                continue;
        }
        jw_obj_begin(j);
        rows_json_fields(j, r, i);
        jw_obj_end(j);
    }
    jw_arr_end(j);
}

static void rows_free(struct rows *r)
{
    for (size_t c = 0; c < r->ncol; c++)
        free(r->names[c]);
    free(r->names);
    free(r->off);
    free(r->type);
    buf_free(&r->text);
    free(r);
}

static int rows_load(struct rows *r, sqlite3_stmt *st)
{
    r->ncol = (size_t)sqlite3_column_count(st);
    r->names = calloc(r->ncol ? r->ncol : 1, sizeof *r->names);
    if (!r->names)
        return -1;
    for (size_t c = 0; c < r->ncol; c++) {
        r->names[c] = strdup(sqlite3_column_name(st, (int)c));
        if (!r->names[c])
            return -1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (r->n >= SITE_MAX_ROWS)
            break;
        if (r->n == r->cap) {
            size_t cap = r->cap ? r->cap * 2 : 16;
            uint32_t *off = realloc(r->off, cap * (r->ncol ? r->ncol : 1) * sizeof *off);
            if (!off)
                return -1;
            r->off = off;
            uint8_t *type = realloc(r->type, cap * (r->ncol ? r->ncol : 1));
            if (!type)
                return -1;
            r->type = type;
            r->cap = cap;
        }
        for (size_t c = 0; c < r->ncol; c++) {
            size_t k = r->n * r->ncol + c;
            int t = sqlite3_column_type(st, (int)c);
            r->type[k] = (uint8_t)t;
            if (t == SQLITE_NULL) {
                r->off[k] = ROWS_NULL;
                continue;
            }
            const unsigned char *v = sqlite3_column_text(st, (int)c);
            int len = sqlite3_column_bytes(st, (int)c);
            if (r->text.len + (size_t)len + 1 >= ROWS_NULL)
                return -1;
            r->off[k] = (uint32_t)r->text.len;
            buf_add(&r->text, v ? (const char *)v : "", (size_t)len);
            buf_addc(&r->text, '\0');
        }
        r->n++;
    }
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

struct rows *Q(struct req *q, enum site_q id, const char *types, ...)
{
    struct site_conn *c = q->conn;
    if (!c->st[id]) {
        const char *sql = id == Q_COUNT_CATEGORY ? q->site->count_sql : site_sql[id];
        if (!sql || !*sql)
            return NULL;
        if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st[id],
                               NULL) != SQLITE_OK) {
            fprintf(stderr, "kamerwacht serve: query %d: %s\n", (int)id, sqlite3_errmsg(c->db));
            return NULL;
        }
    }
    sqlite3_stmt *st = c->st[id];
    va_list ap;
    va_start(ap, types);
    for (int k = 0; types[k]; k++) {
        switch (types[k]) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (s)
                sqlite3_bind_text(st, k + 1, s, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(st, k + 1);
            break;
        }
        case 'i':
            sqlite3_bind_int64(st, k + 1, va_arg(ap, int64_t));
            break;
        default:
            sqlite3_bind_null(st, k + 1);
        }
    }
    va_end(ap);
    struct rows *r = calloc(1, sizeof *r);
    if (!r) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return NULL;
    }
    r->next = q->rows;
    q->rows = r;
    c->deadline_ms = now_ms() + SITE_QUERY_MS;
    sqlite3_progress_handler(c->db, 20000, progress, c); /* search_run() sets its own */
    int rc = rows_load(r, st);
    c->deadline_ms = 0;
    if (rc)
        fprintf(stderr, "kamerwacht serve: query %d failed: %s\n", (int)id,
                sqlite3_errmsg(c->db));
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc ? NULL : r;
}

void rows_id_list(const struct rows *r, const char *col, struct buf *out)
{
    struct jsonw j;
    buf_reset(out);
    jw_init(&j, out);
    jw_arr_begin(&j);
    for (size_t i = 0; r && i < r->n; i++) {
        const char *v = rv(r, i, col);
        if (v)
            jw_str(&j, v);
    }
    jw_arr_end(&j);
}

/* ---- request ---- */

int req_init(struct req *q, void *site, const struct http_request *rq, struct http_response *rs)
{
    memset(q, 0, sizeof *q);
    q->site = site;
    q->rq = rq;
    q->rs = rs;
    q->now = (int64_t)time(NULL);
    const char *f = http_param(rq, "format");
    if (f && !strcmp(f, "atom"))
        q->fmt = FMT_ATOM;
    else if (f && (!strcmp(f, "ics") || !strcmp(f, "ical")))
        q->fmt = FMT_ICAL;
    else if (rq->want_json)
        q->fmt = FMT_JSON;
    size_t pl = strlen(rq->path);
    if (pl >= 5 && !strcmp(rq->path + pl - 5, "/atom"))
        q->fmt = FMT_ATOM;
    else if (pl >= 4 && !strcmp(rq->path + pl - 4, ".ics"))
        q->fmt = FMT_ICAL;
    q->conn = conn_get(q->site);
    return q->conn ? 0 : 500;
}

int req_done(struct req *q, int rc)
{
    while (q->rows) {
        struct rows *n = q->rows->next;
        rows_free(q->rows);
        q->rows = n;
    }
    return rc;
}

void req_start(struct req *q)
{
    struct buf *b = &q->rs->body;
    switch (q->fmt) {
    case FMT_JSON:
        jw_init(&q->j, b);
        q->rs->content_type = HTTP_CT_JSON;
        break;
    case FMT_ATOM:
        q->x = xml_on(b);
        q->rs->content_type = HTTP_CT_ATOM;
        break;
    case FMT_ICAL:
        q->c = ical_on(b);
        q->rs->content_type = HTTP_CT_ICAL;
        break;
    default:
        q->h = html_on(b);
        q->rs->content_type = HTTP_CT_HTML;
    }
}
