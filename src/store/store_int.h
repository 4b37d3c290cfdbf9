/*
 * store_int — what the store's files share and nobody else sees.
 */
#ifndef KW_STORE_STORE_INT_H
#define KW_STORE_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"
#include "util/buf.h"

void sql_ident(struct buf *b, const char *name);
void sql_rel_table(struct buf *b, const struct kw_type *t, const struct kw_ref *r);
void sql_ref_column(struct buf *b, const struct kw_ref *r);
int schema_ensure(sqlite3 *db, char *err, size_t errlen);
/* The statements that create (and, into drop, remove) a type's secondary indexes. */
void schema_index_sql(const struct kw_type *t, struct buf *create, struct buf *drop);

#endif
