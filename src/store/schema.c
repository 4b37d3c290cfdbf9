/*
 * schema — the SQLite schema, derived from the model, and its migrations.
 *
 * Identifiers in the DDL come from the compile-time model table (never from the feed or a
 * user) and are quoted; values are never spliced into SQL.
 */
#include "store/store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

void sql_ident(struct buf *b, const char *name)
{
    buf_addc(b, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            buf_addc(b, '"');
        buf_addc(b, *p);
    }
    buf_addc(b, '"');
}

/* "<category>_<ref>" */
void sql_rel_table(struct buf *b, const struct kw_type *t, const struct kw_ref *r)
{
    struct buf n = BUF_INIT;
    buf_adds(&n, t->category);
    buf_addc(&n, '_');
    buf_adds(&n, r->xml);
    sql_ident(b, buf_cstr(&n));
    buf_free(&n);
}

void sql_ref_column(struct buf *b, const struct kw_ref *r)
{
    struct buf n = BUF_INIT;
    buf_adds(&n, r->xml);
    buf_adds(&n, "_id");
    sql_ident(b, buf_cstr(&n));
    buf_free(&n);
}

static const char *sql_type(enum kw_ftype t)
{
    switch (t) {
    case KW_INT:
    case KW_BOOL:
        return "INTEGER";
    case KW_DECIMAL:
        return "REAL";
    default:
        return "TEXT";
    }
}

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

static const char base_schema[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS sync_state(category TEXT PRIMARY KEY, skiptoken INTEGER,"
    " synced_at TEXT, last_error TEXT) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS tombstone(category TEXT NOT NULL, id TEXT NOT NULL,"
    " skiptoken INTEGER, bijgewerkt TEXT, PRIMARY KEY(category, id)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS quarantine(qid INTEGER PRIMARY KEY, category TEXT NOT NULL,"
    " skiptoken INTEGER NOT NULL, guid TEXT NOT NULL, error TEXT NOT NULL, raw TEXT,"
    " seen_at TEXT NOT NULL, UNIQUE(category, skiptoken, guid));"
    "CREATE INDEX IF NOT EXISTS quarantine_guid ON quarantine(category, guid);"
    "CREATE TABLE IF NOT EXISTS field_error(category TEXT NOT NULL, id TEXT NOT NULL,"
    " field TEXT NOT NULL, value TEXT, PRIMARY KEY(category, id, field)) WITHOUT ROWID;";

static void create_type(struct buf *b, const struct kw_type *t)
{
    buf_adds(b, "CREATE TABLE IF NOT EXISTS ");
    sql_ident(b, t->category);
    buf_adds(b, "(rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
                " skiptoken INTEGER NOT NULL, bijgewerkt TEXT, updated TEXT,"
                " placeholder INTEGER NOT NULL DEFAULT 0");
    if (t->download)
        buf_adds(b, ", content_type TEXT, content_length INTEGER, enclosure TEXT");
    for (size_t i = 0; i < t->nfields; i++) {
        buf_adds(b, ", ");
        sql_ident(b, t->fields[i].column);
        buf_addc(b, ' ');
        buf_adds(b, sql_type(t->fields[i].type));
    }
    for (size_t i = 0; i < t->nrefs; i++) {
        if (t->refs[i].many)
            continue;
        buf_adds(b, ", ");
        sql_ref_column(b, &t->refs[i]);
        buf_adds(b, " TEXT");
    }
    buf_adds(b, ");\n");
}

/* Appends the CREATE INDEX statement to b, and the matching DROP INDEX to drop if not NULL. */
static void create_index(struct buf *b, struct buf *drop, const char *table, const char *suffix,
                         const char *cols)
{
    struct buf name = BUF_INIT;
    buf_adds(&name, table);
    buf_addc(&name, '_');
    buf_adds(&name, suffix);
    if (drop) {
        buf_adds(drop, "DROP INDEX IF EXISTS ");
        sql_ident(drop, buf_cstr(&name));
        buf_adds(drop, ";\n");
    }
    buf_adds(b, "CREATE INDEX IF NOT EXISTS ");
    sql_ident(b, buf_cstr(&name));
    buf_adds(b, " ON ");
    sql_ident(b, table);
    buf_addc(b, '(');
    buf_adds(b, cols);
    buf_adds(b, ");\n");
    buf_free(&name);
}

static void create_type_extras(struct buf *b, struct buf *drop, const struct kw_type *t)
{
    struct buf cols = BUF_INIT;
    for (size_t i = 0; i < t->nfields; i++) {
        if (!t->fields[i].indexed)
            continue;
        buf_reset(&cols);
        sql_ident(&cols, t->fields[i].column);
        create_index(b, drop, t->category, t->fields[i].column, buf_cstr(&cols));
    }
    for (size_t i = 0; i < t->nrefs; i++) {
        const struct kw_ref *r = &t->refs[i];
        if (!r->many) {
            struct buf suffix = BUF_INIT;
            buf_adds(&suffix, r->xml);
            buf_adds(&suffix, "_id");
            buf_reset(&cols);
            sql_ref_column(&cols, r);
            create_index(b, drop, t->category, buf_cstr(&suffix), buf_cstr(&cols));
            buf_free(&suffix);
            continue;
        }
        buf_adds(b, "CREATE TABLE IF NOT EXISTS ");
        sql_rel_table(b, t, r);
        buf_adds(b, "(src TEXT NOT NULL, dst TEXT NOT NULL, PRIMARY KEY(src, dst))"
                    " WITHOUT ROWID;\n");
        struct buf rel = BUF_INIT;
        buf_adds(&rel, t->category);
        buf_addc(&rel, '_');
        buf_adds(&rel, r->xml);
        create_index(b, drop, buf_cstr(&rel), "dst", "dst");
        buf_free(&rel);
    }
    buf_free(&cols);
}

void schema_index_sql(const struct kw_type *t, struct buf *create, struct buf *drop)
{
    create_type_extras(create, drop, t);
}

/* Adds columns for fields the model gained since the table was created. */
static int add_missing_columns(sqlite3 *db, const struct kw_type *t, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    struct buf sql = BUF_INIT;
    buf_adds(&sql, "SELECT name FROM pragma_table_info(?1)");
    if (sqlite3_prepare_v2(db, buf_cstr(&sql), -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        buf_free(&sql);
        return -1;
    }
    sqlite3_bind_text(st, 1, t->category, -1, SQLITE_STATIC);
    size_t n = t->nfields + t->nrefs;
    bool have[KW_MAX_FIELDS + 16] = {false};
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        for (size_t i = 0; i < t->nfields; i++)
            if (!strcmp(name, t->fields[i].column))
                have[i] = true;
        for (size_t i = 0; i < t->nrefs; i++) {
            size_t l = strlen(t->refs[i].xml);
            if (!strncmp(name, t->refs[i].xml, l) && !strcmp(name + l, "_id"))
                have[t->nfields + i] = true;
        }
    }
    sqlite3_finalize(st);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (have[i])
            continue;
        bool is_field = i < t->nfields;
        if (!is_field && t->refs[i - t->nfields].many)
            continue;
        buf_reset(&sql);
        buf_adds(&sql, "ALTER TABLE ");
        sql_ident(&sql, t->category);
        buf_adds(&sql, " ADD COLUMN ");
        if (is_field) {
            sql_ident(&sql, t->fields[i].column);
            buf_addc(&sql, ' ');
            buf_adds(&sql, sql_type(t->fields[i].type));
        } else {
            sql_ref_column(&sql, &t->refs[i - t->nfields]);
            buf_adds(&sql, " TEXT");
        }
        rc = exec(db, buf_cstr(&sql), err, errlen);
    }
    buf_free(&sql);
    return rc;
}

/* Migrations from version v to v + 1, for changes the model cannot express by adding. */
typedef int (*migration_fn)(sqlite3 *db, char *err, size_t errlen);
static const migration_fn migrations[] = {
    NULL, /* 0 -> 1: the initial schema, created below */
};

int schema_ensure(sqlite3 *db, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    int version = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            version = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    if (version > STORE_SCHEMA_VERSION) {
        snprintf(err, errlen,
                 "the database has schema version %d, newer than this kamerwacht (%d); "
                 "upgrade kamerwacht",
                 version, STORE_SCHEMA_VERSION);
        return -1;
    }
    if (exec(db, "BEGIN IMMEDIATE", err, errlen))
        return -1;
    for (int v = version; v > 0 && v < STORE_SCHEMA_VERSION; v++)
        if (migrations[v] && migrations[v](db, err, errlen))
            goto fail;
    struct buf ddl = BUF_INIT;
    buf_adds(&ddl, base_schema);
    for (size_t i = 0; i < kw_ntypes; i++) {
        create_type(&ddl, &kw_types[i]);
        create_type_extras(&ddl, NULL, &kw_types[i]);
    }
    int rc = exec(db, buf_cstr(&ddl), err, errlen);
    buf_free(&ddl);
    if (rc)
        goto fail;
    for (size_t i = 0; i < kw_ntypes; i++)
        if (add_missing_columns(db, &kw_types[i], err, errlen))
            goto fail;
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", STORE_SCHEMA_VERSION);
    if (exec(db, pragma, err, errlen))
        goto fail;
    return exec(db, "COMMIT", err, errlen);
fail:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}
