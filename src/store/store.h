/*
 * store — the SQLite mirror of the feed: schema from the model, upserts, tombstones,
 * quarantine, and per-category sync state.
 *
 * Promises:
 *  - The schema is derived from model/ (one table per category, one "<category>_<ref>" table
 *    per multi-valued reference, indexes created with the schema), versioned in
 *    PRAGMA user_version with migrations; a field added to the model becomes a column on open.
 *  - store_apply() replaces an entity and ALL its references: no stale relation survives an
 *    update. A tombstone deletes the entity and its own references and remembers the deletion.
 *    References to ids the store has never seen are kept as they are.
 *  - Nothing is committed behind the caller's back: the caller brackets its work with
 *    store_begin()/store_commit() (a batch of pages each) and stores the new skiptoken
 *    inside that same transaction, so a crash at any moment leaves either all of it or none.
 *  - SQL only through prepared statements, prepared once per store.
 * Errors are returned as -1 with a message in store_errmsg(); the store never exits.
 */
#ifndef KW_STORE_STORE_H
#define KW_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/entity.h"

#define STORE_SCHEMA_VERSION 1

struct store;
struct sqlite3;

enum store_open_flags {
    STORE_READONLY = 1,
};

int store_open(const char *path, int flags, struct store **out, char *err, size_t errlen);
void store_close(struct store *s);
const char *store_errmsg(const struct store *s);
struct sqlite3 *store_db(struct store *s);

int store_begin(struct store *s);
int store_commit(struct store *s);
int store_rollback(struct store *s);
/* True while a transaction is open. */
bool store_in_transaction(struct store *s);

enum store_outcome { STORE_CREATED, STORE_UPDATED, STORE_DELETED, STORE_DELETED_UNKNOWN };

struct store_apply_info {
    enum store_outcome outcome;
    int bad_values; /* field values that did not fit their type (stored as NULL, kept in
                       field_error) */
};

/* Upserts or deletes one entity (e->type must be set). */
int store_apply(struct store *s, const struct kw_entity *e, struct store_apply_info *info);

/* Records an entry that could not be read. Idempotent per (category, skiptoken, guid). */
int store_quarantine(struct store *s, const char *category, int64_t skiptoken, const char *guid,
                     const char *error, const char *raw, size_t rawlen);

struct store_state {
    int64_t skiptoken; /* -1: never synced */
    char synced_at[32];
    char last_error[256];
};
int store_get_state(struct store *s, const char *category, struct store_state *st);
/* Sets the resume point (and the time of this sync) of a category. */
int store_set_state(struct store *s, const char *category, int64_t skiptoken);
/* Records (or, with NULL, clears) the last error of a category, in its own transaction. */
int store_set_error(struct store *s, const char *category, const char *error);

/* Bulk loading of a category that is still empty: store_bulk_begin() drops the type's
 * secondary indexes (when its table is empty; returns 1 then, 0 when nothing was done) and
 * store_bulk_end() recreates them. Both run outside a transaction. Should the process die in
 * between, the next store_open() recreates the indexes, so they are never lost. */
int store_bulk_begin(struct store *s, const char *category);
int store_bulk_end(struct store *s, const char *category);

struct store_counts {
    int64_t live, placeholders, deleted, quarantined, skiptoken;
    char synced_at[32];
    char last_error[256];
};
int store_counts(struct store *s, const char *category, struct store_counts *c);

#endif
