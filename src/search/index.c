/*
 * index — building and updating the full-text index; see index.h for the schema and promises.
 *
 * A run: (1) check the schema and analyzer versions (reset or rebuild the FTS table from the
 * stored text); (2) load every indexed object's (type, id) -> (rid, signature) into a hash
 * table and scan the store type by type, so each object is new, changed, unchanged, or (never
 * seen) deleted; (3) delete what left; (4) workers build the new and changed objects (metadata,
 * file extraction, compression) on their own read-only connections and hand them through a
 * bounded queue to this thread, the only writer, which commits every SEARCH_BATCH_OBJECTS
 * objects or SEARCH_BATCH_BYTES of text; (5) record sizes and the time of the run.
 */
#include "search/search_int.h"

#include <errno.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "text/analyze.h"
#include "text/fts5_dutch.h"
#include "util/tm.h"

static int refresh_df(sqlite3 *db, char *err, size_t errlen);
static int save_terms(sqlite3 *db, char *err, size_t errlen);

#define QUEUE_SLOTS 64
#define QUEUE_BYTES (256u << 20)

static const char *const status_names[SEARCH_TEXT_NSTATUS] = {
    "none", "ok", "missing", "empty", "unsupported", "failed", "timeout", "too-large",
};

const char *search_text_status_name(int status)
{
    return status >= 0 && status < SEARCH_TEXT_NSTATUS ? status_names[status] : "unknown";
}

/* ---- rids ---- */

static int64_t day_key(int64_t day)
{
    if (day == INT64_MIN)
        return 0;
    int64_t k = day + SEARCH_DAY_BIAS;
    if (k < 1)
        return 0;
    if (k > ((int64_t)1 << 40))
        k = (int64_t)1 << 40;
    return k;
}

void search_rid_range(int64_t from_day, int64_t to_day, int64_t *lo, int64_t *hi)
{
    *lo = from_day == INT64_MIN ? 0 : day_key(from_day) << SEARCH_SEQ_BITS;
    *hi = to_day == INT64_MAX ? INT64_MAX : ((day_key(to_day) + 1) << SEARCH_SEQ_BITS) - 1;
}

int64_t search_rid_day(int64_t rid)
{
    int64_t k = rid >> SEARCH_SEQ_BITS;
    return k == 0 ? INT64_MIN : k - SEARCH_DAY_BIAS;
}

/* ---- SQL functions ---- */

static void fn_inflate(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
        sqlite3_result_null(ctx);
        return;
    }
    const unsigned char *z = sqlite3_value_blob(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    struct buf out = BUF_INIT;
    if (search_inflate(z, (size_t)n, &out) != 0) {
        buf_free(&out);
        sqlite3_result_error(ctx, "kw_inflate: damaged text", -1);
        return;
    }
    size_t len;
    char *s = buf_detach(&out, &len);
    if (len > (size_t)0x7FFFFFFF) {
        free(s);
        sqlite3_result_error_toobig(ctx);
        return;
    }
    sqlite3_result_text(ctx, s, (int)len, free);
}

int search_register(sqlite3 *db)
{
    int rc = text_register_fts5(db);
    if (rc == SQLITE_OK)
        rc = search_register_rank(db);
    if (rc == SQLITE_OK)
        rc = search_register_snippet(db);
    if (rc == SQLITE_OK)
        rc = search_register_doccache(db);
    if (rc != SQLITE_OK)
        return rc;
    return sqlite3_create_function_v2(db, "kw_inflate", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                      fn_inflate, NULL, NULL, NULL);
}

/* ---- schema ---- */

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS search_meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS search_doc(rid INTEGER PRIMARY KEY, type INTEGER NOT NULL,"
    " id TEXT NOT NULL, nummer TEXT, title TEXT, meta TEXT, date TEXT, soort TEXT,"
    " sig INTEGER NOT NULL, text_status INTEGER NOT NULL DEFAULT 0, text_reason TEXT,"
    " text_len INTEGER NOT NULL DEFAULT 0, UNIQUE(id, type));"
    "CREATE INDEX IF NOT EXISTS search_doc_status ON search_doc(text_status)"
    " WHERE text_status > 1;"
    "CREATE TABLE IF NOT EXISTS search_text(rid INTEGER PRIMARY KEY, z BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS search_filter(kind INTEGER NOT NULL, value TEXT NOT NULL,"
    " rid INTEGER NOT NULL, PRIMARY KEY(kind, value, rid)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS search_filter_rid ON search_filter(rid);"
    "CREATE TABLE IF NOT EXISTS search_ident(ident TEXT NOT NULL, rid INTEGER NOT NULL,"
    " PRIMARY KEY(ident, rid)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS search_ident_rid ON search_ident(rid);"
    "CREATE TABLE IF NOT EXISTS search_df(term TEXT PRIMARY KEY, doc INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS search_term(key TEXT NOT NULL, term TEXT NOT NULL,"
    " PRIMARY KEY(key, term)) WITHOUT ROWID;"
    "CREATE VIEW IF NOT EXISTS search_content AS SELECT d.rid AS rid, d.title AS title,"
    " d.meta AS meta, kw_inflate(t.z) AS body FROM search_doc d"
    " LEFT JOIN search_text t ON t.rid=d.rid;";

static const char fts_sql[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, meta, body,"
    " tokenize='kw_dutch', content='search_content', content_rowid='rid');"
    "INSERT INTO search_fts(search_fts, rank) VALUES('rank', 'kw_rank(" SEARCH_RANK_WEIGHTS ")');"
    "INSERT INTO search_fts(search_fts, rank) VALUES('hashsize', 67108864);"
    "INSERT INTO search_fts(search_fts, rank) VALUES('pgsz', 8000);";

static const char drop_sql[] =
    "DROP TABLE IF EXISTS search_fts; DROP VIEW IF EXISTS search_content;"
    "DROP TABLE IF EXISTS search_ident; DROP TABLE IF EXISTS search_filter;"
    "DROP TABLE IF EXISTS search_df; DROP TABLE IF EXISTS search_term;"
    "DROP TABLE IF EXISTS search_text; DROP TABLE IF EXISTS search_doc;"
    "DROP TABLE IF EXISTS search_meta;";

static int exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int meta_get(sqlite3 *db, const char *key, char *out, size_t outlen)
{
    out[0] = '\0';
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT value FROM search_meta WHERE key=?1", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
        found = 1;
    }
    sqlite3_finalize(st);
    return found;
}

static int meta_set(sqlite3 *db, const char *key, const char *value)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO search_meta(key, value) VALUES(?1, ?2)",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(st);
    return rc;
}

static bool table_exists(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st;
    bool found = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE name=?1", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
    }
    return found;
}

/* ---- the keys of the exact forms (search_term) ---- */

struct keys_ctx {
    sqlite3_stmt *ins;
    struct text_analyzer *an;
    const char *term;
    size_t n;
};

static int put_key(void *ctx, int flags, const char *key, int len, int start, int end)
{
    (void)flags;
    (void)start;
    (void)end;
    struct keys_ctx *c = ctx;
    sqlite3_bind_text(c->ins, 1, key, len, SQLITE_STATIC);
    sqlite3_bind_text(c->ins, 2, c->term, (int)c->n, SQLITE_STATIC);
    int rc = sqlite3_step(c->ins);
    sqlite3_reset(c->ins);
    return rc == SQLITE_DONE ? 0 : 1;
}

static int put_term(void *ctx, const char *term, size_t n)
{
    struct keys_ctx *c = ctx;
    c->term = term;
    c->n = n;
    return text_term_keys(c->an, term, n, put_key, c);
}

/*
 * Files the exact forms the tokenizer indexed since the last call under their keys
 * (text_term_keys: the stem, and a compound's parts), inside the caller's transaction, so that
 * the forms of every committed row can be found from a bare word. A form already filed is
 * ignored. Must run before every COMMIT of index rows.
 */
static int save_terms(sqlite3 *db, char *err, size_t errlen)
{
    struct keys_ctx c = {NULL, text_analyzer_new(), NULL, 0};
    if (!c.an) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO search_term(key, term) VALUES(?1, ?2)", -1,
                           &c.ins, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        text_analyzer_free(c.an);
        return -1;
    }
    int rc = text_fts5_drain(db, put_term, &c);
    if (rc)
        snprintf(err, errlen, "filing the index's words: %s",
                 rc == TEXT_ENOMEM ? "out of memory" : sqlite3_errmsg(db));
    sqlite3_finalize(c.ins);
    text_analyzer_free(c.an);
    return rc ? -1 : 0;
}

/* Creates, resets or rebuilds the index tables as the versions demand. */
static int ensure_schema(sqlite3 *db, const struct search_index_opts *o,
                         struct search_index_report *r, char *err, size_t errlen)
{
    char have[256];
    bool exists = table_exists(db, "search_meta");
    if (exists && (o->rebuild || meta_get(db, "schema", have, sizeof have) != 1 ||
                   strcmp(have, SEARCH_SCHEMA_VERSION) != 0)) {
        if (exec(db, "BEGIN IMMEDIATE", err, errlen))
            return -1;
        if (exec(db, drop_sql, err, errlen)) {
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
        if (exec(db, "COMMIT", err, errlen))
            return -1;
        r->schema_reset = true;
        exists = false;
    }
    if (exec(db, "BEGIN IMMEDIATE", err, errlen))
        return -1;
    if (exec(db, schema_sql, err, errlen))
        goto fail;
    if (!exists || !table_exists(db, "search_fts")) {
        if (exec(db, fts_sql, err, errlen))
            goto fail;
        if (meta_set(db, "schema", SEARCH_SCHEMA_VERSION) ||
            meta_set(db, "analyzer", text_analyzer_version()))
            goto fail_db;
    }
    if (meta_get(db, "analyzer", have, sizeof have) != 1 ||
        strcmp(have, text_analyzer_version()) != 0) {
        /* The analyzer changed: the stored text is still good, the tokens are not. */
        if (o->progress) {
            struct search_index_progress p = {"opnieuw opbouwen", 0, 0, 0, 0, 0};
            o->progress(o->progress_ctx, &p);
        }
        text_fts5_record(db, 1);
        int bad = exec(db, "DROP TABLE IF EXISTS search_fts; DELETE FROM search_term", err,
                       errlen) ||
                  exec(db, fts_sql, err, errlen) ||
                  exec(db, "INSERT INTO search_fts(search_fts) VALUES('rebuild')", err, errlen) ||
                  save_terms(db, err, errlen);
        text_fts5_record(db, 0);
        if (bad)
            goto fail;
        if (meta_set(db, "analyzer", text_analyzer_version()))
            goto fail_db;
        r->analyzer_rebuilt = true;
    }
    return exec(db, "COMMIT", err, errlen);
fail_db:
    snprintf(err, errlen, "%s", sqlite3_errmsg(db));
fail:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* ---- the hash table of indexed objects ---- */

struct entry {
    char *id;
    int type;
    bool seen;
    int64_t rid, sig;
};

struct table {
    struct entry *e;
    size_t cap, n;
};

static uint64_t hash_key(int type, const char *id)
{
    uint64_t h = 14695981039346656037ull ^ (uint64_t)type;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return h;
}

static struct entry *table_find(struct table *t, int type, const char *id, bool insert)
{
    if (insert && (t->n + 1) * 2 > t->cap) {
        struct table nt = {calloc(t->cap ? t->cap * 2 : 1024, sizeof(struct entry)),
                           t->cap ? t->cap * 2 : 1024, 0};
        if (!nt.e)
            abort();
        for (size_t i = 0; i < t->cap; i++)
            if (t->e[i].id) {
                struct entry *d = table_find(&nt, t->e[i].type, t->e[i].id, true);
                *d = t->e[i];
                nt.n++;
            }
        free(t->e);
        *t = nt;
    }
    if (!t->cap)
        return NULL;
    size_t mask = t->cap - 1, i = (size_t)hash_key(type, id) & mask;
    while (t->e[i].id) {
        if (t->e[i].type == type && !strcmp(t->e[i].id, id))
            return &t->e[i];
        i = (i + 1) & mask;
    }
    return insert ? &t->e[i] : NULL;
}

static void table_free(struct table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->e[i].id);
    free(t->e);
}

static int load_indexed(sqlite3 *db, struct table *t, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT rid, type, id, sig FROM search_doc", -1, &st, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        return -1;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 2);
        int type = sqlite3_column_int(st, 1);
        if (!id)
            continue;
        struct entry *e = table_find(t, type, id, true);
        if (e->id)
            continue;
        e->id = strdup(id);
        if (!e->id)
            abort();
        e->type = type;
        e->rid = sqlite3_column_int64(st, 0);
        e->sig = sqlite3_column_int64(st, 3);
        t->n++;
    }
    sqlite3_finalize(st);
    return 0;
}

/* ---- jobs ---- */

struct job {
    int type;
    int64_t erid, old_rid, sig;
};

struct jobs {
    struct job *j;
    size_t n, cap;
    struct table *t;
    int64_t unchanged;
};

static int on_scanned(void *ctx, int type, int64_t erid, const char *id, int64_t sig)
{
    struct jobs *js = ctx;
    struct entry *e = table_find(js->t, type, id, false);
    if (e && e->seen)
        return 0; /* the same id twice (cannot happen with UNIQUE ids; be safe) */
    if (e) {
        e->seen = true;
        if (e->sig == sig) {
            js->unchanged++;
            return 0;
        }
    }
    if (js->n == js->cap) {
        js->cap = js->cap ? 2 * js->cap : 1024;
        js->j = realloc(js->j, js->cap * sizeof *js->j);
        if (!js->j)
            abort();
    }
    js->j[js->n++] = (struct job){type, erid, e ? e->rid : 0, sig};
    return 0;
}

/* ---- the queue between workers and the writer ---- */

struct queue {
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    struct obj *slot[QUEUE_SLOTS];
    size_t head, count, bytes;
    atomic_size_t next_job;
    const struct jobs *jobs;
    int workers_left;
    volatile sig_atomic_t *stop;
    atomic_int abort;
    char err[256];
    const char *db_path, *files_dir;
};

static void queue_put(struct queue *q, struct obj *o)
{
    size_t sz = o->body.len + o->zlen;
    pthread_mutex_lock(&q->mu);
    while (q->count == QUEUE_SLOTS || (q->count > 0 && q->bytes + sz > QUEUE_BYTES))
        pthread_cond_wait(&q->not_full, &q->mu);
    q->slot[(q->head + q->count) % QUEUE_SLOTS] = o;
    q->count++;
    q->bytes += sz;
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->mu);
}

/* NULL when every worker is done and the queue is empty. */
static struct obj *queue_get(struct queue *q)
{
    pthread_mutex_lock(&q->mu);
    while (q->count == 0 && q->workers_left > 0)
        pthread_cond_wait(&q->not_empty, &q->mu);
    struct obj *o = NULL;
    if (q->count) {
        o = q->slot[q->head];
        q->head = (q->head + 1) % QUEUE_SLOTS;
        q->count--;
        q->bytes -= o->body.len + o->zlen;
        pthread_cond_broadcast(&q->not_full);
    }
    pthread_mutex_unlock(&q->mu);
    return o;
}

static bool stopping(struct queue *q)
{
    return atomic_load(&q->abort) || (q->stop && *q->stop);
}

static void *worker(void *arg)
{
    struct queue *q = arg;
    char err[256] = "";
    struct collector *c = collector_new(q->db_path, q->files_dir, err, sizeof err);
    if (!c) {
        pthread_mutex_lock(&q->mu);
        if (!q->err[0])
            snprintf(q->err, sizeof q->err, "%s", err);
        pthread_mutex_unlock(&q->mu);
        atomic_store(&q->abort, 1);
    }
    while (c && !stopping(q)) {
        size_t i = atomic_fetch_add(&q->next_job, 1);
        if (i >= q->jobs->n)
            break;
        const struct job *j = &q->jobs->j[i];
        struct obj *o = calloc(1, sizeof *o);
        if (!o)
            abort();
        o->type = j->type;
        o->erid = j->erid;
        o->old_rid = j->old_rid;
        o->sig = j->sig;
        if (collector_build(c, o) != 0 && !o->vanished) {
            /* keep the object with its metadata; the failure is recorded */
            o->text_status = SEARCH_TEXT_FAILED;
        }
        queue_put(q, o);
    }
    collector_free(c);
    pthread_mutex_lock(&q->mu);
    q->workers_left--;
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* ---- the writer ---- */

enum {
    W_OLD, W_FTS_DEL, W_DOC_DEL, W_TEXT_DEL, W_FILTER_DEL, W_IDENT_DEL, W_MAXRID, W_DOC_INS,
    W_TEXT_INS, W_FTS_INS, W_FILTER_INS, W_IDENT_INS, W_N
};

static const char *const writer_sql[W_N] = {
    [W_OLD] = "SELECT d.title, d.meta, t.z FROM search_doc d LEFT JOIN search_text t"
              " ON t.rid=d.rid WHERE d.rid=?1",
    [W_FTS_DEL] = "INSERT INTO search_fts(search_fts, rowid, title, meta, body)"
                  " VALUES('delete', ?1, ?2, ?3, ?4)",
    [W_DOC_DEL] = "DELETE FROM search_doc WHERE rid=?1",
    [W_TEXT_DEL] = "DELETE FROM search_text WHERE rid=?1",
    [W_FILTER_DEL] = "DELETE FROM search_filter WHERE rid=?1",
    [W_IDENT_DEL] = "DELETE FROM search_ident WHERE rid=?1",
    [W_MAXRID] = "SELECT max(rid) FROM search_doc WHERE rid BETWEEN ?1 AND ?2",
    [W_DOC_INS] = "INSERT INTO search_doc(rid, type, id, nummer, title, meta, date, soort, sig,"
                  " text_status, text_reason, text_len) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                  " ?9, ?10, ?11, ?12)",
    [W_TEXT_INS] = "INSERT INTO search_text(rid, z) VALUES(?1, ?2)",
    [W_FTS_INS] = "INSERT INTO search_fts(rowid, title, meta, body) VALUES(?1, ?2, ?3, ?4)",
    [W_FILTER_INS] = "INSERT OR IGNORE INTO search_filter(kind, value, rid) VALUES(?1, ?2, ?3)",
    [W_IDENT_INS] = "INSERT OR IGNORE INTO search_ident(ident, rid) VALUES(?1, ?2)",
};

struct writer {
    sqlite3 *db;
    sqlite3_stmt *st[W_N];
    char *err;
    size_t errlen;
};

static int wfail(struct writer *w, const char *what)
{
    snprintf(w->err, w->errlen, "%s: %s", what, sqlite3_errmsg(w->db));
    return -1;
}

static int wstep(struct writer *w, int i)
{
    sqlite3_stmt *st = w->st[i];
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return wfail(w, "index write");
    return 0;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Removes an indexed object: the FTS5 'delete' needs exactly the values that were indexed. */
static int remove_rid(struct writer *w, int64_t rid)
{
    sqlite3_stmt *st = w->st[W_OLD];
    sqlite3_bind_int64(st, 1, rid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct buf body = BUF_INIT;
        if (sqlite3_column_type(st, 2) == SQLITE_BLOB &&
            search_inflate(sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
                           &body) != 0) {
            buf_free(&body);
            sqlite3_reset(st);
            snprintf(w->err, w->errlen, "stored text of rid %lld is damaged", (long long)rid);
            return -1;
        }
        sqlite3_stmt *d = w->st[W_FTS_DEL];
        sqlite3_bind_int64(d, 1, rid);
        sqlite3_bind_value(d, 2, sqlite3_column_value(st, 0));
        sqlite3_bind_value(d, 3, sqlite3_column_value(st, 1));
        if (body.len)
            sqlite3_bind_text(d, 4, body.data, (int)body.len, SQLITE_STATIC);
        else
            sqlite3_bind_null(d, 4);
        int r = wstep(w, W_FTS_DEL);
        buf_free(&body);
        sqlite3_reset(st);
        if (r)
            return -1;
    } else {
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return wfail(w, "index read");
        return 0;
    }
    for (int i = W_DOC_DEL; i <= W_IDENT_DEL; i++) {
        sqlite3_bind_int64(w->st[i], 1, rid);
        if (wstep(w, i))
            return -1;
    }
    return 0;
}

static int new_rid(struct writer *w, int64_t day, int64_t old_rid, int64_t *rid)
{
    int64_t base = day_key(day) << SEARCH_SEQ_BITS;
    int64_t top = base | (((int64_t)1 << SEARCH_SEQ_BITS) - 1);
    if (old_rid >= base && old_rid <= top && old_rid > 0) {
        *rid = old_rid; /* same day: keep the rid (and pagination cursors) stable */
        return 0;
    }
    sqlite3_stmt *st = w->st[W_MAXRID];
    sqlite3_bind_int64(st, 1, base);
    sqlite3_bind_int64(st, 2, top);
    int64_t max = 0;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        max = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    int64_t next = max ? max + 1 : base + 1;
    if (next > top) {
        snprintf(w->err, w->errlen, "more than %lld objects on one day",
                 (long long)(top - base));
        return -1;
    }
    *rid = next;
    return 0;
}

static int insert_obj(struct writer *w, struct obj *o)
{
    if (o->old_rid && remove_rid(w, o->old_rid))
        return -1;
    if (o->vanished)
        return 0;
    int64_t rid;
    if (new_rid(w, o->day, o->old_rid, &rid))
        return -1;
    sqlite3_stmt *st = w->st[W_DOC_INS];
    sqlite3_bind_int64(st, 1, rid);
    sqlite3_bind_int(st, 2, o->type);
    sqlite3_bind_text(st, 3, o->id, -1, SQLITE_STATIC);
    bind_text_or_null(st, 4, o->nummer);
    bind_text_or_null(st, 5, o->title);
    bind_text_or_null(st, 6, o->meta);
    bind_text_or_null(st, 7, o->date);
    bind_text_or_null(st, 8, o->soort);
    sqlite3_bind_int64(st, 9, o->sig);
    sqlite3_bind_int(st, 10, o->text_status);
    bind_text_or_null(st, 11, o->reason[0] ? o->reason : NULL);
    sqlite3_bind_int64(st, 12, (int64_t)o->body.len);
    if (wstep(w, W_DOC_INS))
        return -1;
    if (o->z) {
        st = w->st[W_TEXT_INS];
        sqlite3_bind_int64(st, 1, rid);
        sqlite3_bind_blob(st, 2, o->z, (int)o->zlen, SQLITE_STATIC);
        if (wstep(w, W_TEXT_INS))
            return -1;
    }
    st = w->st[W_FTS_INS];
    sqlite3_bind_int64(st, 1, rid);
    bind_text_or_null(st, 2, o->title);
    bind_text_or_null(st, 3, o->meta);
    if (o->body.len)
        sqlite3_bind_text(st, 4, o->body.data, (int)o->body.len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 4);
    if (wstep(w, W_FTS_INS))
        return -1;
    for (size_t i = 0; i < o->nfilters; i++) {
        st = w->st[W_FILTER_INS];
        sqlite3_bind_int(st, 1, o->filters[i].kind);
        sqlite3_bind_text(st, 2, o->filters[i].value, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, rid);
        if (wstep(w, W_FILTER_INS))
            return -1;
    }
    for (size_t i = 0; i < o->nidents; i++) {
        st = w->st[W_IDENT_INS];
        sqlite3_bind_text(st, 1, o->idents[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, rid);
        if (wstep(w, W_IDENT_INS))
            return -1;
    }
    return 0;
}

static void writer_close(struct writer *w)
{
    for (int i = 0; i < W_N; i++)
        sqlite3_finalize(w->st[i]);
}

static int writer_open(struct writer *w, sqlite3 *db, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    w->db = db;
    w->err = err;
    w->errlen = errlen;
    for (int i = 0; i < W_N; i++)
        if (sqlite3_prepare_v3(db, writer_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &w->st[i],
                               NULL) != SQLITE_OK) {
            wfail(w, "prepare");
            writer_close(w);
            return -1;
        }
    return 0;
}

/* ---- the run ---- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static void progress(const struct search_index_opts *o, const char *phase, int64_t done,
                     int64_t total, const struct search_index_report *r, double t0)
{
    if (!o->progress)
        return;
    int64_t fails = 0;
    for (int s = SEARCH_TEXT_EMPTY; s < SEARCH_TEXT_NSTATUS; s++)
        fails += r->text_status[s];
    struct search_index_progress p = {phase, done, total, r->text_bytes, fails, now_s() - t0};
    o->progress(o->progress_ctx, &p);
}

static int64_t query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

static void record_sizes(sqlite3 *db)
{
    char v[32];
    snprintf(v, sizeof v, "%lld", (long long)query_int(db, "SELECT total(text_len) FROM search_doc"));
    meta_set(db, "raw_bytes", v);
    snprintf(v, sizeof v, "%lld", (long long)query_int(db, "SELECT total(length(z)) FROM search_text"));
    meta_set(db, "z_bytes", v);
    int64_t fts = query_int(db, "SELECT total(length(block)) FROM search_fts_data") +
                  query_int(db, "SELECT total(length(sz)) FROM search_fts_docsize") +
                  query_int(db, "SELECT total(length(term)) + 8 * count(*) FROM search_fts_idx") +
                  query_int(db, "SELECT total(length(key) + length(term)) + 4 * count(*)"
                                " FROM search_term");
    snprintf(v, sizeof v, "%lld", (long long)fts);
    meta_set(db, "fts_bytes", v);
    char when[TM_UTC_LEN];
    tm_format_utc((int64_t)time(NULL), when);
    meta_set(db, "updated_at", when);
}

static int write_all(sqlite3 *db, const struct search_index_opts *o, struct jobs *js,
                     struct table *t, struct search_index_report *r, double t0, char *err,
                     size_t errlen)
{
    struct writer w;
    if (writer_open(&w, db, err, errlen))
        return -1;
    text_fts5_record(db, 1);
    int rc = 0;
    int64_t total = (int64_t)js->n, done = 0;
    /* deletions first: objects that left the store */
    if (exec(db, "BEGIN IMMEDIATE", err, errlen)) {
        writer_close(&w);
        return -1;
    }
    int64_t in_batch = 0;
    for (size_t i = 0; i < t->cap && rc == 0; i++) {
        if (!t->e[i].id || t->e[i].seen)
            continue;
        rc = remove_rid(&w, t->e[i].rid);
        r->deleted++;
        if (++in_batch >= SEARCH_BATCH_OBJECTS * 4) {
            rc = rc ? rc : save_terms(db, err, errlen);
            rc = rc ? rc : exec(db, "COMMIT; BEGIN IMMEDIATE", err, errlen);
            in_batch = 0;
        }
    }
    if (rc) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        text_fts5_record(db, 0);
        writer_close(&w);
        return -1;
    }

    struct queue q;
    memset(&q, 0, sizeof q);
    pthread_mutex_init(&q.mu, NULL);
    pthread_cond_init(&q.not_empty, NULL);
    pthread_cond_init(&q.not_full, NULL);
    atomic_init(&q.next_job, 0);
    atomic_init(&q.abort, 0);
    q.jobs = js;
    q.stop = o->stop;
    q.db_path = o->db_path;
    q.files_dir = o->files_dir;
    int nthreads = o->threads > 0 ? o->threads : cpu_count();
    if ((size_t)nthreads > js->n)
        nthreads = js->n ? (int)js->n : 1;
    pthread_t th[64];
    if (nthreads > 64)
        nthreads = 64;
    q.workers_left = nthreads; /* before any worker can finish and count itself out */
    xmlInitParser();
    int started = 0;
    for (int i = 0; i < nthreads; i++) {
        if (pthread_create(&th[i], NULL, worker, &q) != 0) {
            pthread_mutex_lock(&q.mu);
            q.workers_left -= nthreads - i;
            pthread_cond_broadcast(&q.not_empty);
            pthread_mutex_unlock(&q.mu);
            break;
        }
        started++;
    }
    if (started == 0) {
        snprintf(err, errlen, "cannot start worker threads");
        rc = -1;
    }
    size_t batch_bytes = 0;
    in_batch = 0;
    double last = 0;
    struct obj *ob;
    while (rc == 0 && (ob = queue_get(&q)) != NULL) {
        rc = insert_obj(&w, ob);
        if (rc == 0 && !ob->vanished) {
            if (ob->old_rid)
                r->updated++;
            else
                r->added++;
            r->text_status[ob->text_status]++;
            r->text_bytes += (int64_t)ob->body.len;
        } else if (rc == 0 && ob->old_rid) {
            r->deleted++;
        }
        batch_bytes += ob->body.len;
        obj_free(ob);
        free(ob);
        done++;
        if (rc == 0 && (++in_batch >= SEARCH_BATCH_OBJECTS || batch_bytes >= SEARCH_BATCH_BYTES)) {
            rc = save_terms(db, err, errlen);
            rc = rc ? rc : exec(db, "COMMIT; BEGIN IMMEDIATE", err, errlen);
            in_batch = 0;
            batch_bytes = 0;
        }
        double tnow = now_s();
        if (tnow - last > 0.2) {
            progress(o, "indexeren", done, total, r, t0);
            last = tnow;
        }
    }
    if (rc) {
        atomic_store(&q.abort, 1);
        /* drain so the workers can finish */
        while ((ob = queue_get(&q)) != NULL) {
            obj_free(ob);
            free(ob);
        }
    }
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    if (rc == 0 && q.err[0]) {
        snprintf(err, errlen, "%s", q.err);
        rc = -1;
    }
    if (rc == 0 && o->stop && *o->stop)
        r->stopped = true;
    if (rc == 0)
        rc = save_terms(db, err, errlen);
    if (rc == 0)
        rc = exec(db, "COMMIT", err, errlen);
    else
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    progress(o, "indexeren", done, total, r, t0);
    pthread_mutex_destroy(&q.mu);
    pthread_cond_destroy(&q.not_empty);
    pthread_cond_destroy(&q.not_full);
    text_fts5_record(db, 0);
    writer_close(&w);
    return rc;
}

int search_index_update(sqlite3 *db, const struct search_index_opts *o,
                        struct search_index_report *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    double t0 = now_s();
    if (!o->db_path) {
        snprintf(err, errlen, "the index needs the database's file name");
        return -1;
    }
    if (search_register(db) != SQLITE_OK) {
        snprintf(err, errlen, "cannot register the kw_dutch tokenizer (SQLite without FTS5?)");
        return -1;
    }
    if (ensure_schema(db, o, r, err, errlen))
        return -1;
    struct table t = {NULL, 0, 0};
    struct jobs js = {NULL, 0, 0, &t, 0};
    int rc = load_indexed(db, &t, err, errlen);
    progress(o, "vergelijken", 0, 0, r, t0);
    for (size_t i = 0; rc == 0 && i < search_ntypes; i++)
        rc = collect_scan(db, search_types[i], o->files_dir, on_scanned, &js, err, errlen);
    r->unchanged = js.unchanged;
    r->scan_seconds = now_s() - t0;
    double tw = now_s();
    /* A big run: a large page cache, fewer checkpoints, and FTS5 merging lazily (the index is
     * optimized at the end); the FTS5 settings are restored afterwards. */
    int64_t cache = query_int(db, "PRAGMA cache_size");
    bool bulk = js.n > SEARCH_BULK_OBJECTS;
    if (rc == 0) {
        sqlite3_exec(db, "PRAGMA cache_size=-262144; PRAGMA wal_autocheckpoint=16384", NULL,
                     NULL, NULL);
        if (bulk)
            rc = exec(db, "INSERT INTO search_fts(search_fts, rank) VALUES('automerge', 0);"
                          "INSERT INTO search_fts(search_fts, rank) VALUES('crisismerge', 128)",
                      err, errlen);
    }
    if (rc == 0)
        rc = write_all(db, o, &js, &t, r, t0, err, errlen);
    if (bulk)
        sqlite3_exec(db, "INSERT INTO search_fts(search_fts, rank) VALUES('automerge', 4);"
                         "INSERT INTO search_fts(search_fts, rank) VALUES('crisismerge', 16)",
                     NULL, NULL, NULL);
    char pragma[96];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size=%lld; PRAGMA wal_autocheckpoint=1000",
             (long long)cache);
    sqlite3_exec(db, pragma, NULL, NULL, NULL);
    r->write_seconds = now_s() - tw;
    table_free(&t);
    free(js.j);
    if (rc)
        return -1;
    int64_t written = r->added + r->updated;
    int64_t total = query_int(db, "SELECT count(*) FROM search_doc");
    if (!r->stopped && (o->optimize || (written > 1000 && written * 4 >= total))) {
        progress(o, "optimaliseren", written, written, r, t0);
        if (exec(db, "INSERT INTO search_fts(search_fts) VALUES('optimize')", err, errlen))
            return -1;
        r->optimized = true;
    }
    if (exec(db, "BEGIN IMMEDIATE", err, errlen))
        return -1;
    if ((r->optimized || r->analyzer_rebuilt ||
         (written > 0 && query_int(db, "SELECT count(*) FROM (SELECT 1 FROM search_df LIMIT 1)") == 0)) &&
        refresh_df(db, err, errlen)) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    record_sizes(db);
    if (exec(db, "COMMIT", err, errlen))
        return -1;
    r->seconds = now_s() - t0;
    return 0;
}

/*
 * search_df: the number of rows of every index term that occurs in at least SEARCH_DF_MIN
 * rows, so that ranking need not walk every row of a common term for its idf (rank.c). One
 * pass over the index; written when the index was optimized or rebuilt (or when it is still
 * empty), so between such runs the counts lag behind a little, which the idf tolerates. Terms
 * not in the table are counted exactly at query time: they are rare.
 */
static int refresh_df(sqlite3 *db, char *err, size_t errlen)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_rowvocab USING"
             " fts5vocab(main, search_fts, row);"
             "DELETE FROM search_df;"
             "INSERT INTO search_df(term, doc) SELECT term, doc FROM temp.search_fts_rowvocab"
             " WHERE doc >= %d;"
             "DROP TABLE temp.search_fts_rowvocab;",
             SEARCH_DF_MIN);
    return exec(db, sql, err, errlen);
}

/* ---- status ---- */

int search_index_status(sqlite3 *db, struct search_index_status *st, char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    if (!table_exists(db, "search_meta") || !table_exists(db, "search_doc"))
        return 0;
    st->present = true;
    meta_get(db, "analyzer", st->analyzer, sizeof st->analyzer);
    st->analyzer_current = strcmp(st->analyzer, text_analyzer_version()) == 0;
    meta_get(db, "updated_at", st->updated_at, sizeof st->updated_at);
    char v[64];
    if (meta_get(db, "raw_bytes", v, sizeof v) == 1)
        st->raw_bytes = strtoll(v, NULL, 10);
    if (meta_get(db, "z_bytes", v, sizeof v) == 1)
        st->z_bytes = strtoll(v, NULL, 10);
    if (meta_get(db, "fts_bytes", v, sizeof v) == 1)
        st->fts_bytes = strtoll(v, NULL, 10);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT type, text_status, count(*) FROM search_doc"
                               " GROUP BY type, text_status", -1, &q, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        return -1;
    }
    while (sqlite3_step(q) == SQLITE_ROW) {
        int type = sqlite3_column_int(q, 0), s = sqlite3_column_int(q, 1);
        int64_t n = sqlite3_column_int64(q, 2);
        if (type >= 1 && type <= SEARCH_T_MAX)
            st->objects[type] += n;
        st->objects[0] += n;
        if (s >= 0 && s < SEARCH_TEXT_NSTATUS)
            st->text_status[s] += n;
    }
    sqlite3_finalize(q);
    if (sqlite3_prepare_v2(db, "SELECT type, id, nummer, text_status, text_reason FROM search_doc"
                               " WHERE text_status > 2 ORDER BY rid DESC LIMIT 5", -1, &q,
                           NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        return -1;
    }
    while (sqlite3_step(q) == SQLITE_ROW && st->nfailures < 5) {
        struct search_index_failure *f = &st->failures[st->nfailures++];
        const char *tn = search_type_name(sqlite3_column_int(q, 0));
        snprintf(f->type, sizeof f->type, "%s", tn ? tn : "?");
        const char *s1 = (const char *)sqlite3_column_text(q, 1);
        const char *s2 = (const char *)sqlite3_column_text(q, 2);
        const char *s4 = (const char *)sqlite3_column_text(q, 4);
        snprintf(f->id, sizeof f->id, "%s", s1 ? s1 : "");
        snprintf(f->nummer, sizeof f->nummer, "%s", s2 ? s2 : "");
        snprintf(f->status, sizeof f->status, "%s",
                 search_text_status_name(sqlite3_column_int(q, 3)));
        snprintf(f->reason, sizeof f->reason, "%s", s4 ? s4 : "");
    }
    sqlite3_finalize(q);
    return 0;
}
