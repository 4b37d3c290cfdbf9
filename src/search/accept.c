/*
 * accept — does one indexed object satisfy the filters of a query (type:, van:/tot:, soort:,
 * dossier:, zaak:, commissie:, fractie:, persoon:)? Used where the words are matched
 * elsewhere, such as saved searches run against a batch of new items. The filter semantics
 * are those of search.c: values of one kind are alternatives, kinds must all hold, a value
 * matches a stored value that starts with it at a word boundary, and soort: also accepts the
 * singular of a plural (moties -> motie).
 */
#include "search/search.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "search/search_int.h"

bool search_query_has_filters(const struct search_query *q)
{
    return q->type_mask || q->nfilters || q->van_day != INT64_MIN || q->tot_day != INT64_MAX;
}

/* Does object rid have a value of `kind` that starts with v at a word boundary? */
static int value_matches(sqlite3 *db, int64_t rid, int kind, const char *v)
{
    static const char sql[] =
        "SELECT 1 FROM search_filter WHERE rid=?1 AND kind=?2 AND substr(value, 1, ?3)=?4"
        " AND (length(value)=?3 OR substr(value, ?3 + 1, 1) IN (' ', '-', '(', ','))"
        " LIMIT 1";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, rid);
    sqlite3_bind_int(st, 2, kind);
    sqlite3_bind_int(st, 3, (int)strlen(v));
    sqlite3_bind_text(st, 4, v, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int kind_holds(sqlite3 *db, int64_t rid, const struct search_query *q, int kind)
{
    bool any = false;
    for (size_t i = 0; i < q->nfilters; i++) {
        if (q->filters[i].kind != kind)
            continue;
        any = true;
        const char *v = q->filters[i].value;
        int m = value_matches(db, rid, kind, v);
        size_t n = strlen(v);
        char alt[512];
        if (m == 0 && kind == SF_SOORT && n > 3 && n < sizeof alt && v[n - 1] == 's') {
            snprintf(alt, sizeof alt, "%.*s", (int)(n - 1), v);
            m = value_matches(db, rid, kind, alt);
        }
        if (m == 0 && kind == SF_SOORT && n > 4 && n < sizeof alt && !strcmp(v + n - 2, "en")) {
            snprintf(alt, sizeof alt, "%.*s", (int)(n - 2), v);
            m = value_matches(db, rid, kind, alt);
        }
        if (m != 0)
            return m; /* 1, or -1 on error */
    }
    return any ? 0 : 1;
}

int search_query_accepts(struct sqlite3 *db, const struct search_query *q, const char *guid)
{
    if (!search_query_has_filters(q))
        return 1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT rid, type, date FROM search_doc WHERE id=?1 LIMIT 1", -1,
                           &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, guid, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? 2 : -1; /* not indexed: the filters cannot be checked */
    }
    int64_t rid = sqlite3_column_int64(st, 0);
    int type = sqlite3_column_int(st, 1);
    const char *date = (const char *)sqlite3_column_text(st, 2);
    int ok = 1;
    if (q->type_mask && !((q->type_mask >> type) & 1u))
        ok = 0;
    if (ok && (q->van_day != INT64_MIN || q->tot_day != INT64_MAX)) {
        int64_t day;
        char tmp[11];
        if (!date || search_day_of(date, &day, tmp) || day < q->van_day || day > q->tot_day)
            ok = 0;
    }
    sqlite3_finalize(st);
    for (int kind = 1; ok == 1 && kind <= SF_MAX; kind++)
        ok = kind_holds(db, rid, q, kind);
    return ok;
}
