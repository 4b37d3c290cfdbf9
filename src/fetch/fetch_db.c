/*
 * fetch_db — the resource table, the work-list queries and the counts for `status`.
 *
 * Table and column names in the SQL below are compile-time constants (the three categories);
 * values are always bound.
 */
#include <stdio.h>
#include <string.h>

#include "fetch/fetch_int.h"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS resource("
    " id TEXT PRIMARY KEY,"    /* the entity's GUID */
    " category TEXT NOT NULL," /* Document, Verslag, Persoon */
    " url TEXT NOT NULL,"      /* where it was fetched from */
    " path TEXT,"              /* the stored file, relative to the files directory */
    " bytes INTEGER,"          /* its size */
    " content_type TEXT,"      /* contentType of the entity */
    " content_length INTEGER," /* contentLength when the file was stored */
    " bijgewerkt TEXT,"        /* the entity's bijgewerkt when the file was stored */
    " size_mismatch INTEGER NOT NULL DEFAULT 0," /* bytes != content_length: stored, flagged */
    " versions INTEGER NOT NULL DEFAULT 0,"      /* earlier files kept as <path>.1 .. .N */
    " fetched_at TEXT,"                          /* UTC time the file was stored */
    " attempts INTEGER NOT NULL DEFAULT 0,"      /* failures (or mismatches) in a row */
    " last_error TEXT,"                          /* why the last attempt failed */
    " next_try_at TEXT,"      /* UTC; no new attempt before (unless the entity changes) */
    " tried_bijgewerkt TEXT," /* the entity version last attempted */
    " skipped TEXT"           /* why it is not downloaded on purpose (too large) */
    ") WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS resource_category ON resource(category);";

int fetchdb_ensure(sqlite3 *db, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db, schema, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "cannot create the resource table: %s",
                 msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

bool fetchdb_has_table(sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1", -1,
                           &st, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(st, 1, "resource", -1, SQLITE_STATIC);
    bool have = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return have;
}

static const char *const tables[FETCH_NCATEGORIES] = {"Document", "Verslag", "Persoon"};

const char *fetch_category_name(enum fetch_category c)
{
    return c < FETCH_NCATEGORIES ? tables[c] : "?";
}

/* An entity with a file: not a placeholder, a contentType or an enclosure, and a
 * contentLength that is not 0. */
static void has_file(struct buf *b, const char *alias)
{
    buf_printf(b,
               "%s.placeholder = 0 AND (%s.content_type IS NOT NULL OR %s.enclosure IS NOT NULL)"
               " AND COALESCE(%s.content_length, 1) > 0",
               alias, alias, alias, alias);
}

/* Candidates of category c as "FROM ... WHERE ..." over alias e. */
static void candidates(struct buf *b, enum fetch_category c, bool join)
{
    buf_printf(b, " FROM \"%s\" e", tables[c]);
    if (join)
        buf_adds(b, " LEFT JOIN resource r ON r.id = e.id");
    buf_adds(b, " WHERE ");
    has_file(b, "e");
    if (c == FETCH_VERSLAG) {
        /* only the newest verslag of its vergadering */
        buf_adds(b, " AND NOT EXISTS (SELECT 1 FROM \"Verslag\" w"
                    " WHERE w.vergadering_id = e.vergadering_id AND ");
        has_file(b, "w");
        buf_adds(b, " AND (COALESCE(w.bijgewerkt, '') > COALESCE(e.bijgewerkt, '')"
                    " OR (COALESCE(w.bijgewerkt, '') = COALESCE(e.bijgewerkt, '')"
                    " AND w.id > e.id)))");
    }
}

void fetchdb_worklist_sql(struct buf *b, enum fetch_category c)
{
    buf_adds(b, "SELECT e.id, e.content_type, e.content_length, e.enclosure, e.bijgewerkt,"
                " r.id, r.path, r.bytes, r.content_length, r.bijgewerkt, r.size_mismatch,"
                " r.next_try_at, r.tried_bijgewerkt, r.skipped, r.attempts, r.versions");
    candidates(b, c, true);
    buf_adds(b, " AND e.id > ?1 ORDER BY e.id LIMIT ?2");
}

void fetchdb_count_sql(struct buf *b, enum fetch_category c, bool with_resource)
{
    if (!with_resource) {
        buf_adds(b, "SELECT COUNT(*), 0, 0, 0, 0");
        candidates(b, c, false);
        return;
    }
    buf_adds(b, "SELECT COUNT(*),"
                " COALESCE(SUM(r.path IS NOT NULL AND r.bijgewerkt IS e.bijgewerkt"
                "  AND r.content_length IS e.content_length), 0),"
                " COALESCE(SUM(r.skipped IS NOT NULL AND r.tried_bijgewerkt IS e.bijgewerkt), 0),"
                " COALESCE(SUM(r.last_error IS NOT NULL AND r.size_mismatch = 0), 0),"
                " COALESCE(SUM(r.path IS NOT NULL AND r.size_mismatch = 1), 0)");
    candidates(b, c, true);
}

int fetch_counts(struct store *s, struct fetch_counts out[FETCH_NCATEGORIES], char *err,
                 size_t errlen)
{
    sqlite3 *db = store_db(s);
    bool with = fetchdb_has_table(db);
    memset(out, 0, sizeof *out * FETCH_NCATEGORIES);
    struct buf sql = BUF_INIT;
    int rc = 0;
    for (int c = 0; c < FETCH_NCATEGORIES && rc == 0; c++) {
        buf_reset(&sql);
        fetchdb_count_sql(&sql, (enum fetch_category)c, with);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, buf_cstr(&sql), -1, &st, NULL) != SQLITE_OK) {
            snprintf(err, errlen, "counting the files of %s: %s", tables[c], sqlite3_errmsg(db));
            rc = -1;
            break;
        }
        if (sqlite3_step(st) == SQLITE_ROW) {
            struct fetch_counts *k = &out[c];
            k->candidates = sqlite3_column_int64(st, 0);
            k->present = sqlite3_column_int64(st, 1);
            k->skipped = sqlite3_column_int64(st, 2);
            k->failed = sqlite3_column_int64(st, 3);
            k->flagged = sqlite3_column_int64(st, 4);
            k->missing = k->candidates - k->present - k->skipped;
            if (k->missing < 0)
                k->missing = 0;
        } else {
            snprintf(err, errlen, "counting the files of %s: %s", tables[c], sqlite3_errmsg(db));
            rc = -1;
        }
        sqlite3_finalize(st);
    }
    buf_free(&sql);
    return rc;
}
