/*
 * store — opening the mirror, applying entities, tombstones and quarantine; see store.h.
 *
 * Per entity type the statements are prepared once at open: an existence check, the upsert
 * (INSERT ... ON CONFLICT(id) DO UPDATE, which keeps the row's rid stable for the full-text
 * index), a delete, and per multi-valued reference a delete-by-source and an insert. The
 * existence check lets a first sync skip the reference deletes, which are only needed when an
 * entity is replaced.
 */
#include "store/store_int.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/tm.h"

/* The writer's page cache (negative: KiB). 32 MB keeps the upper levels of the id indexes of
 * the big tables cached during a first sync; peak RSS of a 2.2 M-entity sync stays < 64 MB
 * because CREATE INDEX runs with the smaller cache below. */
#define STORE_CACHE_KIB "-32000"
#define STORE_SORT_CACHE_KIB "-8000"

struct type_stmts {
    sqlite3_stmt *upsert, *del;
    sqlite3_stmt **rel_del, **rel_ins; /* per reference; NULL for single-valued ones */
};

struct store {
    sqlite3 *db;
    bool readonly;
    struct type_stmts *ts; /* kw_ntypes */
    sqlite3_stmt *tomb_put, *tomb_del, *ferr_del, *ferr_put, *q_put, *q_resolve;
    sqlite3_stmt *state_get, *state_put, *state_err;
    int64_t quarantined; /* rows in quarantine; 0 lets apply skip the resolve */
    /* Per type: may the tombstone / field_error tables hold rows of it? When not, a new
     * entity needs no delete there (the common case of a first sync). */
    bool *maybe_tomb, *maybe_ferr;
    /* Converted values of the statement being bound, one slot per parameter, so every bind
     * can be SQLITE_STATIC (no copy, no malloc per value). */
    char scratch[64][32];
    char err[512];
};

static int fail_db(struct store *s, const char *what)
{
    snprintf(s->err, sizeof s->err, "%s: %s", what, sqlite3_errmsg(s->db));
    return -1;
}

const char *store_errmsg(const struct store *s)
{
    return s->err;
}

sqlite3 *store_db(struct store *s)
{
    return s->db;
}

static int prep(struct store *s, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return fail_db(s, "prepare");
    return 0;
}

static int prep_buf(struct store *s, struct buf *b, sqlite3_stmt **st)
{
    int rc = prep(s, buf_cstr(b), st);
    buf_reset(b);
    return rc;
}

static int prepare_type(struct store *s, const struct kw_type *t, struct type_stmts *ts)
{
    struct buf b = BUF_INIT;
    int rc = 0;
    buf_adds(&b, "DELETE FROM ");
    sql_ident(&b, t->category);
    buf_adds(&b, " WHERE id=?1");
    rc |= prep_buf(s, &b, &ts->del);

    /* The upsert: fixed columns, then fields, then single-valued references. */
    struct buf cols = BUF_INIT, upd = BUF_INIT;
    buf_adds(&cols, "id, skiptoken, bijgewerkt, updated, placeholder");
    buf_adds(&upd, "skiptoken=excluded.skiptoken, bijgewerkt=excluded.bijgewerkt, "
                   "updated=excluded.updated, placeholder=excluded.placeholder");
    int n = 5;
    if (t->download) {
        buf_adds(&cols, ", content_type, content_length, enclosure");
        buf_adds(&upd, ", content_type=excluded.content_type, "
                       "content_length=excluded.content_length, enclosure=excluded.enclosure");
        n += 3;
    }
    for (size_t i = 0; i < t->nfields + t->nrefs; i++) {
        struct buf c = BUF_INIT;
        if (i < t->nfields)
            sql_ident(&c, t->fields[i].column);
        else if (!t->refs[i - t->nfields].many)
            sql_ref_column(&c, &t->refs[i - t->nfields]);
        else
            continue;
        buf_adds(&cols, ", ");
        buf_adds(&cols, buf_cstr(&c));
        buf_adds(&upd, ", ");
        buf_adds(&upd, buf_cstr(&c));
        buf_adds(&upd, "=excluded.");
        buf_adds(&upd, buf_cstr(&c));
        buf_free(&c);
        n++;
    }
    if (n >= (int)(sizeof s->scratch / sizeof s->scratch[0])) {
        snprintf(s->err, sizeof s->err, "%s has too many columns for the scratch area",
                 t->category);
        return -1;
    }
    buf_adds(&b, "INSERT INTO ");
    sql_ident(&b, t->category);
    buf_addc(&b, '(');
    buf_adds(&b, buf_cstr(&cols));
    buf_adds(&b, ") VALUES(");
    for (int i = 1; i <= n; i++)
        buf_printf(&b, "%s?%d", i > 1 ? "," : "", i);
    buf_adds(&b, ") ON CONFLICT(id) DO UPDATE SET ");
    buf_adds(&b, buf_cstr(&upd));
    rc |= prep_buf(s, &b, &ts->upsert);
    buf_free(&cols);
    buf_free(&upd);

    ts->rel_del = calloc(t->nrefs ? t->nrefs : 1, sizeof *ts->rel_del);
    ts->rel_ins = calloc(t->nrefs ? t->nrefs : 1, sizeof *ts->rel_ins);
    if (!ts->rel_del || !ts->rel_ins)
        abort();
    for (size_t i = 0; i < t->nrefs && rc == 0; i++) {
        if (!t->refs[i].many)
            continue;
        buf_adds(&b, "DELETE FROM ");
        sql_rel_table(&b, t, &t->refs[i]);
        buf_adds(&b, " WHERE src=?1");
        rc |= prep_buf(s, &b, &ts->rel_del[i]);
        buf_adds(&b, "INSERT OR IGNORE INTO ");
        sql_rel_table(&b, t, &t->refs[i]);
        buf_adds(&b, "(src, dst) VALUES(?1, ?2)");
        rc |= prep_buf(s, &b, &ts->rel_ins[i]);
    }
    buf_free(&b);
    return rc ? -1 : 0;
}

static int prepare_all(struct store *s)
{
    s->ts = calloc(kw_ntypes, sizeof *s->ts);
    if (!s->ts)
        abort();
    if (!s->readonly)
        for (size_t i = 0; i < kw_ntypes; i++)
            if (prepare_type(s, &kw_types[i], &s->ts[i]))
                return -1;
    int rc = 0;
    rc |= prep(s, "SELECT skiptoken, synced_at, last_error FROM sync_state WHERE category=?1",
               &s->state_get);
    if (s->readonly)
        return rc;
    rc |= prep(s, "INSERT INTO tombstone(category, id, skiptoken, bijgewerkt)"
                  " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(category, id) DO UPDATE SET"
                  " skiptoken=excluded.skiptoken, bijgewerkt=excluded.bijgewerkt",
               &s->tomb_put);
    rc |= prep(s, "DELETE FROM tombstone WHERE category=?1 AND id=?2", &s->tomb_del);
    rc |= prep(s, "DELETE FROM field_error WHERE category=?1 AND id=?2", &s->ferr_del);
    rc |= prep(s, "INSERT OR REPLACE INTO field_error(category, id, field, value)"
                  " VALUES(?1, ?2, ?3, ?4)",
               &s->ferr_put);
    rc |= prep(s, "INSERT OR REPLACE INTO quarantine(category, skiptoken, guid, error, raw,"
                  " seen_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
               &s->q_put);
    rc |= prep(s, "DELETE FROM quarantine WHERE category=?1 AND guid=?2", &s->q_resolve);
    rc |= prep(s, "INSERT INTO sync_state(category, skiptoken, synced_at) VALUES(?1, ?2, ?3)"
                  " ON CONFLICT(category) DO UPDATE SET skiptoken=excluded.skiptoken,"
                  " synced_at=excluded.synced_at, last_error=NULL",
               &s->state_put);
    rc |= prep(s, "INSERT INTO sync_state(category, last_error) VALUES(?1, ?2)"
                  " ON CONFLICT(category) DO UPDATE SET last_error=excluded.last_error",
               &s->state_err);
    return rc;
}

static int64_t count_quarantine(struct store *s)
{
    sqlite3_stmt *st;
    int64_t n = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM quarantine", -1, &st, NULL) ==
        SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return n;
}

static void load_maybe(struct store *s, const char *sql, bool *flags)
{
    sqlite3_stmt *st;
    if (s->readonly || sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const struct kw_type *t = kw_type_by_category((const char *)sqlite3_column_text(st, 0));
        if (t)
            flags[kw_type_index(t)] = true;
    }
    sqlite3_finalize(st);
}

int store_open(const char *path, int flags, struct store **out, char *err, size_t errlen)
{
    *out = NULL;
    struct store *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->readonly = flags & STORE_READONLY;
    int oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : "out of memory");
        store_close(s);
        return -1;
    }
    sqlite3_busy_timeout(s->db, 10000);
    const char *pragmas = s->readonly ? "PRAGMA query_only=1;"
                                      : "PRAGMA page_size=8192; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                        " PRAGMA cache_size=" STORE_CACHE_KIB ";"
                                        " PRAGMA wal_autocheckpoint=8192;"
                                        " PRAGMA journal_size_limit=67108864;"
                                        " PRAGMA foreign_keys=OFF;";
    char *msg = NULL;
    if (sqlite3_exec(s->db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        store_close(s);
        return -1;
    }
    if (!s->readonly) {
        if (schema_ensure(s->db, err, errlen)) {
            store_close(s);
            return -1;
        }
    } else {
        sqlite3_stmt *st;
        int version = 0;
        if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW)
                version = sqlite3_column_int(st, 0);
            sqlite3_finalize(st);
        }
        if (version == 0) {
            snprintf(err, errlen, "%s is not a kamerwacht database (run 'kamerwacht sync' first)",
                     path);
            store_close(s);
            return -1;
        }
    }
    if (prepare_all(s)) {
        snprintf(err, errlen, "%s", s->err);
        store_close(s);
        return -1;
    }
    s->quarantined = s->readonly ? 0 : count_quarantine(s);
    s->maybe_tomb = calloc(kw_ntypes, sizeof *s->maybe_tomb);
    s->maybe_ferr = calloc(kw_ntypes, sizeof *s->maybe_ferr);
    if (!s->maybe_tomb || !s->maybe_ferr)
        abort();
    load_maybe(s, "SELECT DISTINCT category FROM tombstone", s->maybe_tomb);
    load_maybe(s, "SELECT DISTINCT category FROM field_error", s->maybe_ferr);
    *out = s;
    return 0;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    if (s->ts) {
        for (size_t i = 0; i < kw_ntypes; i++) {
            struct type_stmts *ts = &s->ts[i];
            sqlite3_finalize(ts->upsert);
            sqlite3_finalize(ts->del);
            for (size_t r = 0; r < kw_types[i].nrefs && ts->rel_del; r++) {
                sqlite3_finalize(ts->rel_del[r]);
                sqlite3_finalize(ts->rel_ins[r]);
            }
            free(ts->rel_del);
            free(ts->rel_ins);
        }
        free(s->ts);
    }
    free(s->maybe_tomb);
    free(s->maybe_ferr);
    sqlite3_stmt *all[] = {s->tomb_put, s->tomb_del, s->ferr_del, s->ferr_put, s->q_put,
                           s->q_resolve, s->state_get, s->state_put, s->state_err};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sqlite3_finalize(all[i]);
    sqlite3_close(s->db);
    free(s);
}

static int exec_simple(struct store *s, const char *sql)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail_db(s, sql);
    return 0;
}

int store_begin(struct store *s)
{
    return exec_simple(s, "BEGIN IMMEDIATE");
}

int store_commit(struct store *s)
{
    return exec_simple(s, "COMMIT");
}

int store_rollback(struct store *s)
{
    if (sqlite3_get_autocommit(s->db))
        return 0;
    int rc = exec_simple(s, "ROLLBACK");
    s->quarantined = count_quarantine(s);
    return rc;
}

bool store_in_transaction(struct store *s)
{
    return !sqlite3_get_autocommit(s->db);
}

static int step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return fail_db(s, what);
    return 0;
}

static void now_utc(char out[TM_UTC_LEN])
{
    tm_format_utc((int64_t)time(NULL), out);
}

/* Binds a feed timestamp normalised to UTC; text that is no timestamp is kept as it is. */
static void bind_time(struct store *s0, sqlite3_stmt *st, int i, const struct kw_entity *e,
                      const struct kw_value *v)
{
    if (v->state != KW_PRESENT) {
        sqlite3_bind_null(st, i);
        return;
    }
    const char *s = kw_entity_text(e, v);
    int64_t t;
    if (tm_parse(s, v->len, &t, NULL) == 0) {
        char *out = s0->scratch[i];
        tm_format_utc(t, out);
        sqlite3_bind_text(st, i, out, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_text(st, i, s, (int)v->len, SQLITE_STATIC);
    }
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\n' ||
                  (*s)[*n - 1] == '\r'))
        (*n)--;
}

/* Binds one field converted to its column type. Returns false when the text did not fit the
 * type (NULL is bound then). */
static bool bind_field(struct store *s0, sqlite3_stmt *st, int i, const struct kw_field *f,
                       const struct kw_entity *e, const struct kw_value *v)
{
    if (v->state != KW_PRESENT) {
        sqlite3_bind_null(st, i);
        return true;
    }
    const char *s = kw_entity_text(e, v);
    size_t n = v->len;
    if (f->type == KW_TEXT) {
        sqlite3_bind_text(st, i, s, (int)n, SQLITE_STATIC);
        return true;
    }
    trim(&s, &n);
    if (n == 0) {
        sqlite3_bind_null(st, i);
        return true;
    }
    char tmp[64];
    if (n >= sizeof tmp) {
        sqlite3_bind_null(st, i);
        return false;
    }
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    char *end;
    switch (f->type) {
    case KW_INT: {
        errno = 0;
        long long x = strtoll(tmp, &end, 10);
        if (errno || *end)
            break;
        sqlite3_bind_int64(st, i, x);
        return true;
    }
    case KW_BOOL:
        if (!strcasecmp(tmp, "true") || !strcmp(tmp, "1")) {
            sqlite3_bind_int(st, i, 1);
            return true;
        }
        if (!strcasecmp(tmp, "false") || !strcmp(tmp, "0")) {
            sqlite3_bind_int(st, i, 0);
            return true;
        }
        break;
    case KW_DECIMAL: {
        for (char *p = tmp; *p; p++)
            if (*p == ',')
                *p = '.';
        errno = 0;
        double d = strtod(tmp, &end);
        if (errno || *end || !isfinite(d))
            break;
        sqlite3_bind_double(st, i, d);
        return true;
    }
    case KW_DATE:
        /* A date written as a midnight date-time is still that date. */
        if (tm_valid_date(tmp, n >= 10 ? 10 : n) && (n == 10 || tmp[10] == 'T')) {
            memcpy(s0->scratch[i], tmp, 10);
            sqlite3_bind_text(st, i, s0->scratch[i], 10, SQLITE_STATIC);
            return true;
        }
        break;
    case KW_DATETIME: {
        int64_t t;
        if (tm_parse(tmp, n, &t, NULL) == 0) {
            char *out = s0->scratch[i];
            tm_format_utc(t, out);
            sqlite3_bind_text(st, i, out, -1, SQLITE_STATIC);
            return true;
        }
        break;
    }
    case KW_TEXT:
        break;
    }
    sqlite3_bind_null(st, i);
    return false;
}

static int record_bad_value(struct store *s, const struct kw_entity *e, const char *field,
                            const struct kw_value *v)
{
    sqlite3_stmt *st = s->ferr_put;
    sqlite3_bind_text(st, 1, e->type->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, e->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, kw_entity_text(e, v), (int)v->len, SQLITE_TRANSIENT);
    return step_done(s, st, "record field error");
}

static int cat_id_step(struct store *s, sqlite3_stmt *st, const struct kw_entity *e,
                       const char *what)
{
    sqlite3_bind_text(st, 1, e->type->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, e->id, -1, SQLITE_STATIC);
    return step_done(s, st, what);
}

static int delete_relations(struct store *s, const struct kw_type *t, struct type_stmts *ts,
                            const char *id)
{
    for (size_t r = 0; r < t->nrefs; r++) {
        if (!t->refs[r].many)
            continue;
        sqlite3_bind_text(ts->rel_del[r], 1, id, -1, SQLITE_STATIC);
        if (step_done(s, ts->rel_del[r], "delete references"))
            return -1;
    }
    return 0;
}

/* A tombstone: the DELETE itself tells whether the entity was known. */
static int apply_delete(struct store *s, const struct kw_entity *e, struct type_stmts *ts,
                        struct store_apply_info *info)
{
    sqlite3_bind_text(ts->del, 1, e->id, -1, SQLITE_STATIC);
    if (step_done(s, ts->del, "delete entity"))
        return -1;
    bool existed = sqlite3_changes(s->db) > 0;
    if (existed) {
        if (delete_relations(s, e->type, ts, e->id))
            return -1;
        if (s->maybe_ferr[kw_type_index(e->type)] &&
            cat_id_step(s, s->ferr_del, e, "delete field errors"))
            return -1;
    }
    sqlite3_stmt *st = s->tomb_put;
    sqlite3_bind_text(st, 1, e->type->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, e->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, e->skiptoken);
    bind_time(s, st, 4, e, &e->bijgewerkt);
    if (step_done(s, st, "record tombstone"))
        return -1;
    s->maybe_tomb[kw_type_index(e->type)] = true;
    info->outcome = existed ? STORE_DELETED : STORE_DELETED_UNKNOWN;
    return 0;
}

int store_apply(struct store *s, const struct kw_entity *e, struct store_apply_info *info)
{
    struct store_apply_info dummy;
    if (!info)
        info = &dummy;
    info->bad_values = 0;
    const struct kw_type *t = e->type;
    struct type_stmts *ts = &s->ts[kw_type_index(t)];

    if (s->quarantined > 0 && cat_id_step(s, s->q_resolve, e, "resolve quarantine") == 0)
        s->quarantined -= sqlite3_changes(s->db);

    if (e->deleted)
        return apply_delete(s, e, ts, info);

    /* Upsert first: whether the row was new shows in last_insert_rowid, which only an actual
     * INSERT sets (rowids start at 1). That saves a separate look-up of the id per entity. */
    size_t ti = kw_type_index(t);
    sqlite3_set_last_insert_rowid(s->db, 0);
    sqlite3_stmt *st = ts->upsert;
    sqlite3_bind_text(st, 1, e->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, e->skiptoken);
    bind_time(s, st, 3, e, &e->bijgewerkt);
    bind_time(s, st, 4, e, &e->updated);
    sqlite3_bind_int(st, 5, e->placeholder);
    int col = 6;
    if (t->download) {
        if (e->content_type.state == KW_PRESENT)
            sqlite3_bind_text(st, col, kw_entity_text(e, &e->content_type),
                              (int)e->content_type.len, SQLITE_STATIC);
        col++;
        if (e->content_length >= 0)
            sqlite3_bind_int64(st, col, e->content_length);
        col++;
        if (e->enclosure.state == KW_PRESENT)
            sqlite3_bind_text(st, col, kw_entity_text(e, &e->enclosure),
                              (int)e->enclosure.len, SQLITE_STATIC);
        col++;
    }
    int bad[KW_MAX_FIELDS];
    int nbad = 0;
    for (size_t i = 0; i < t->nfields; i++, col++)
        if (!bind_field(s, st, col, &t->fields[i], e, &e->fields[i]))
            bad[nbad++] = (int)i;
    for (size_t r = 0; r < t->nrefs; r++) {
        if (t->refs[r].many)
            continue;
        for (size_t k = 0; k < e->nrefs; k++)
            if (e->refs[k].ref == r) {
                sqlite3_bind_text(st, col, e->refs[k].guid, KW_GUID_LEN, SQLITE_STATIC);
                break;
            }
        col++;
    }
    if (step_done(s, st, "upsert entity"))
        return -1;
    bool existed = sqlite3_last_insert_rowid(s->db) == 0;
    if (existed) {
        if (delete_relations(s, t, ts, e->id))
            return -1;
        if (s->maybe_ferr[ti] && cat_id_step(s, s->ferr_del, e, "delete field errors"))
            return -1;
    } else if (s->maybe_tomb[ti] && cat_id_step(s, s->tomb_del, e, "forget tombstone")) {
        return -1;
    }

    for (size_t k = 0; k < e->nrefs; k++) {
        int r = e->refs[k].ref;
        if (!t->refs[r].many)
            continue;
        sqlite3_stmt *ins = ts->rel_ins[r];
        sqlite3_bind_text(ins, 1, e->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, e->refs[k].guid, KW_GUID_LEN, SQLITE_STATIC);
        if (step_done(s, ins, "insert reference"))
            return -1;
    }
    for (int i = 0; i < nbad; i++)
        if (record_bad_value(s, e, t->fields[bad[i]].column, &e->fields[bad[i]]))
            return -1;
    if (nbad)
        s->maybe_ferr[ti] = true;
    info->bad_values = nbad;
    info->outcome = existed ? STORE_UPDATED : STORE_CREATED;
    return 0;
}

int store_quarantine(struct store *s, const char *category, int64_t skiptoken, const char *guid,
                     const char *error, const char *raw, size_t rawlen)
{
    char now[TM_UTC_LEN];
    now_utc(now);
    sqlite3_stmt *st = s->q_put;
    sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, skiptoken);
    sqlite3_bind_text(st, 3, guid ? guid : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, raw, (int)rawlen, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
    if (step_done(s, st, "quarantine entry"))
        return -1;
    s->quarantined++;
    return 0;
}

int store_get_state(struct store *s, const char *category, struct store_state *st)
{
    st->skiptoken = -1;
    st->synced_at[0] = st->last_error[0] = '\0';
    sqlite3_stmt *q = s->state_get;
    sqlite3_bind_text(q, 1, category, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        if (sqlite3_column_type(q, 0) != SQLITE_NULL)
            st->skiptoken = sqlite3_column_int64(q, 0);
        const unsigned char *a = sqlite3_column_text(q, 1);
        const unsigned char *b = sqlite3_column_text(q, 2);
        snprintf(st->synced_at, sizeof st->synced_at, "%s", a ? (const char *)a : "");
        snprintf(st->last_error, sizeof st->last_error, "%s", b ? (const char *)b : "");
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail_db(s, "read sync state");
    return 0;
}

int store_set_state(struct store *s, const char *category, int64_t skiptoken)
{
    char now[TM_UTC_LEN];
    now_utc(now);
    sqlite3_stmt *st = s->state_put;
    sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
    if (skiptoken >= 0)
        sqlite3_bind_int64(st, 2, skiptoken);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
    return step_done(s, st, "write sync state");
}

int store_set_error(struct store *s, const char *category, const char *error)
{
    sqlite3_stmt *st = s->state_err;
    sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
    if (error)
        sqlite3_bind_text(st, 2, error, -1, SQLITE_STATIC);
    return step_done(s, st, "write sync error");
}

static int exec_buf(struct store *s, struct buf *sql, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, buf_cstr(sql), NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(s->err, sizeof s->err, "%s: %s", what, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int store_bulk_begin(struct store *s, const char *category)
{
    const struct kw_type *t = kw_type_by_category(category);
    if (!t || s->readonly)
        return 0;
    struct buf sql = BUF_INIT, create = BUF_INIT, drop = BUF_INIT;
    buf_adds(&sql, "SELECT EXISTS(SELECT 1 FROM ");
    sql_ident(&sql, t->category);
    buf_adds(&sql, ")");
    sqlite3_stmt *st;
    int empty = 0;
    if (sqlite3_prepare_v2(s->db, buf_cstr(&sql), -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            empty = sqlite3_column_int(st, 0) == 0;
        sqlite3_finalize(st);
    }
    int rc = 0;
    if (empty) {
        schema_index_sql(t, &create, &drop);
        rc = exec_buf(s, &drop, "drop indexes for bulk load") ? -1 : 1;
    }
    buf_free(&sql);
    buf_free(&create);
    buf_free(&drop);
    return rc;
}

int store_bulk_end(struct store *s, const char *category)
{
    const struct kw_type *t = kw_type_by_category(category);
    if (!t || s->readonly)
        return 0;
    struct buf create = BUF_INIT, drop = BUF_INIT;
    schema_index_sql(t, &create, &drop);
    /* CREATE INDEX sorts in memory up to the cache size, on top of the cache itself: shrink
     * the cache while it runs, so the peak stays near the cache size of the load. */
    exec_simple(s, "PRAGMA cache_size=" STORE_SORT_CACHE_KIB);
    sqlite3_db_release_memory(s->db);
#ifdef __GLIBC__
    malloc_trim(0); /* give the freed cache pages back to the system before the sort */
#endif
    int rc = exec_buf(s, &create, "create indexes");
    exec_simple(s, "PRAGMA cache_size=" STORE_CACHE_KIB);
    buf_free(&create);
    buf_free(&drop);
    return rc;
}

static int64_t count_one(struct store *s, struct buf *sql, const char *bind)
{
    sqlite3_stmt *st;
    int64_t n = -1;
    if (sqlite3_prepare_v2(s->db, buf_cstr(sql), -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (bind)
        sqlite3_bind_text(st, 1, bind, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

int store_counts(struct store *s, const char *category, struct store_counts *c)
{
    memset(c, 0, sizeof *c);
    const struct kw_type *t = kw_type_by_category(category);
    if (!t) {
        snprintf(s->err, sizeof s->err, "unknown category %s", category);
        return -1;
    }
    struct buf sql = BUF_INIT;
    buf_adds(&sql, "SELECT count(*) FROM ");
    sql_ident(&sql, t->category);
    c->live = count_one(s, &sql, NULL);
    buf_adds(&sql, " WHERE placeholder=1");
    c->placeholders = count_one(s, &sql, NULL);
    buf_reset(&sql);
    buf_adds(&sql, "SELECT count(*) FROM tombstone WHERE category=?1");
    c->deleted = count_one(s, &sql, category);
    buf_reset(&sql);
    buf_adds(&sql, "SELECT count(*) FROM quarantine WHERE category=?1");
    c->quarantined = count_one(s, &sql, category);
    buf_free(&sql);
    struct store_state st;
    if (store_get_state(s, category, &st))
        return -1;
    c->skiptoken = st.skiptoken;
    snprintf(c->synced_at, sizeof c->synced_at, "%s", st.synced_at);
    snprintf(c->last_error, sizeof c->last_error, "%s", st.last_error);
    if (c->live < 0 || c->deleted < 0 || c->quarantined < 0)
        return fail_db(s, "count");
    return 0;
}
