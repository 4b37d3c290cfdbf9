/*
 * fetch_int — what the fetch module's files share: the resource table and the work-list
 * queries (fetch_db.c) used by the download engine (fetch.c).
 */
#ifndef KW_FETCH_FETCH_INT_H
#define KW_FETCH_FETCH_INT_H

#include <sqlite3.h>

#include "fetch/fetch.h"
#include "util/buf.h"

/* Creates the resource table when missing. */
int fetchdb_ensure(sqlite3 *db, char *err, size_t errlen);
/* Does the resource table exist? (a read-only store before the first fetch has none) */
bool fetchdb_has_table(sqlite3 *db);

/* SQL for one category: "SELECT <cols> FROM <table> e LEFT JOIN resource r ... WHERE e.id > ?1
 * AND <has a file> ORDER BY e.id LIMIT ?2". Columns: see enum wl_col. */
void fetchdb_worklist_sql(struct buf *b, enum fetch_category c);
/* SQL counting the candidates of a category (with the resource table: the fetch_counts). */
void fetchdb_count_sql(struct buf *b, enum fetch_category c, bool with_resource);

enum wl_col {
    WL_ID,
    WL_CTYPE,
    WL_CLEN,
    WL_ENCLOSURE,
    WL_BIJGEWERKT,
    WL_R_ID,
    WL_R_PATH,
    WL_R_BYTES,
    WL_R_CLEN,
    WL_R_BIJGEWERKT,
    WL_R_MISMATCH,
    WL_R_NEXT_TRY,
    WL_R_TRIED,
    WL_R_SKIPPED,
    WL_R_ATTEMPTS,
    WL_R_VERSIONS
};

/* The three writes of the engine. */
#define FETCHDB_PUT_STORED                                                                         \
    "INSERT OR REPLACE INTO resource(id, category, url, path, bytes, content_type,"                \
    " content_length, bijgewerkt, size_mismatch, versions, fetched_at, attempts, last_error,"      \
    " next_try_at, tried_bijgewerkt, skipped)"                                                     \
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?8, NULL)"
#define FETCHDB_PUT_FAILED                                                                         \
    "INSERT INTO resource(id, category, url, content_type, attempts, last_error, next_try_at,"     \
    " tried_bijgewerkt) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"                                    \
    " ON CONFLICT(id) DO UPDATE SET category=excluded.category, url=excluded.url,"                 \
    " attempts=excluded.attempts, last_error=excluded.last_error,"                                 \
    " next_try_at=excluded.next_try_at, tried_bijgewerkt=excluded.tried_bijgewerkt"
#define FETCHDB_PUT_SKIPPED                                                                        \
    "INSERT INTO resource(id, category, url, content_type, skipped, tried_bijgewerkt)"             \
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)"                                                              \
    " ON CONFLICT(id) DO UPDATE SET category=excluded.category, url=excluded.url,"                 \
    " skipped=excluded.skipped, tried_bijgewerkt=excluded.tried_bijgewerkt"

#endif
