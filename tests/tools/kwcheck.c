/*
 * kwcheck — test helper: compares a Kamerwacht store with the end state tkfake expects, and
 * dumps a store's logical content (every entity, reference, tombstone and quarantined entry,
 * without sync times and row ids) so that two stores can be compared with diff.
 *
 *   kwcheck expected DB EXPECTED.json   exit 0 when counts and spot checks all match
 *   kwcheck dump DB                     logical content on stdout, sorted
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/model.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/tm.h"

static int failures;

#define FAIL(...)                                                                                 \
    do {                                                                                          \
        fprintf(stderr, "kwcheck: " __VA_ARGS__);                                                 \
        fputc('\n', stderr);                                                                      \
        failures++;                                                                               \
    } while (0)

static void quote_ident(struct buf *b, const char *s)
{
    buf_addc(b, '"');
    buf_adds(b, s);
    buf_addc(b, '"');
}

/* The expected value of a field in the store's representation. */
static void normalise(const struct kw_field *f, const char *raw, struct buf *out)
{
    buf_reset(out);
    int64_t t;
    switch (f->type) {
    case KW_DATETIME:
        if (tm_parse(raw, strlen(raw), &t, NULL) == 0) {
            char s[TM_UTC_LEN];
            tm_format_utc(t, s);
            buf_adds(out, s);
            return;
        }
        break;
    case KW_BOOL:
        buf_adds(out, (!strcasecmp(raw, "true") || !strcmp(raw, "1")) ? "1" : "0");
        return;
    case KW_INT:
        buf_printf(out, "%lld", strtoll(raw, NULL, 10));
        return;
    case KW_DATE:
        buf_add(out, raw, strlen(raw) >= 10 ? 10 : strlen(raw));
        return;
    case KW_DECIMAL:
        buf_printf(out, "%.15g", strtod(raw, NULL));
        return;
    default:
        break;
    }
    buf_adds(out, raw);
}

static void check_counts(struct store *s, json_t *cats, json_t *quar)
{
    const char *name;
    json_t *v;
    json_object_foreach(cats, name, v)
    {
        struct store_counts c;
        if (store_counts(s, name, &c)) {
            FAIL("%s: %s", name, store_errmsg(s));
            continue;
        }
        json_int_t live = json_integer_value(json_object_get(v, "live"));
        json_int_t del = json_integer_value(json_object_get(v, "deleted"));
        json_t *ph = json_object_get(v, "placeholders");
        if (c.live != live)
            FAIL("%s: %lld live, expected %lld", name, (long long)c.live, (long long)live);
        if (c.deleted != del)
            FAIL("%s: %lld deleted, expected %lld", name, (long long)c.deleted, (long long)del);
        if (ph && c.placeholders != json_integer_value(ph))
            FAIL("%s: %lld placeholders, expected %lld", name, (long long)c.placeholders,
                 (long long)json_integer_value(ph));
        json_t *q = quar ? json_object_get(quar, name) : NULL;
        json_int_t wantq = q ? json_integer_value(q) : 0;
        if (c.quarantined != wantq)
            FAIL("%s: %lld quarantined, expected %lld", name, (long long)c.quarantined,
                 (long long)wantq);
    }
}

static void check_spot(sqlite3 *db, json_t *spot)
{
    const char *cat = json_string_value(json_object_get(spot, "category"));
    const char *id = json_string_value(json_object_get(spot, "id"));
    json_t *livej = json_object_get(spot, "live");
    const struct kw_type *t = cat ? kw_type_by_category(cat) : NULL;
    if (!t || !id) {
        FAIL("bad spot check");
        return;
    }
    struct buf sql = BUF_INIT, want = BUF_INIT;
    buf_adds(&sql, "SELECT * FROM ");
    quote_ident(&sql, cat);
    buf_adds(&sql, " WHERE id=?1");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, buf_cstr(&sql), -1, &st, NULL);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    bool live = !livej || json_is_true(livej);
    if (found != live)
        FAIL("%s %s: %s, expected %s", cat, id, found ? "present" : "absent",
             live ? "present" : "absent");
    json_t *fields = json_object_get(spot, "fields");
    if (found && fields) {
        const char *fname;
        json_t *fv;
        json_object_foreach(fields, fname, fv)
        {
            struct kw_member m = kw_member_lookup(t, fname, strlen(fname));
            if (m.field < 0) {
                FAIL("%s %s: the model has no field %s", cat, id, fname);
                continue;
            }
            const struct kw_field *f = &t->fields[m.field];
            int col = -1;
            for (int i = 0; i < sqlite3_column_count(st); i++)
                if (!strcmp(sqlite3_column_name(st, i), f->column))
                    col = i;
            const unsigned char *got = col >= 0 ? sqlite3_column_text(st, col) : NULL;
            if (json_is_null(fv)) {
                if (got)
                    FAIL("%s %s: %s = '%s', expected NULL", cat, id, fname, got);
                continue;
            }
            normalise(f, json_string_value(fv) ? json_string_value(fv) : "", &want);
            if (!got && want.len == 0 && f->type != KW_TEXT)
                continue;
            if (!got || strcmp((const char *)got, buf_cstr(&want)) != 0)
                FAIL("%s %s: %s = '%s', expected '%s'", cat, id, fname,
                     got ? (const char *)got : "NULL", buf_cstr(&want));
        }
    }
    sqlite3_finalize(st);
    json_t *refs = json_object_get(spot, "refs");
    if (found && refs) {
        const char *rname;
        json_t *rv;
        json_object_foreach(refs, rname, rv)
        {
            struct kw_member m = kw_member_lookup(t, rname, strlen(rname));
            if (m.ref < 0) {
                FAIL("%s %s: the model has no reference %s", cat, id, rname);
                continue;
            }
            const struct kw_ref *r = &t->refs[m.ref];
            buf_reset(&sql);
            if (r->many) {
                buf_adds(&sql, "SELECT dst FROM ");
                struct buf n = BUF_INIT;
                buf_printf(&n, "%s_%s", cat, rname);
                quote_ident(&sql, buf_cstr(&n));
                buf_free(&n);
                buf_adds(&sql, " WHERE src=?1 ORDER BY dst");
            } else {
                buf_adds(&sql, "SELECT ");
                struct buf n = BUF_INIT;
                buf_printf(&n, "%s_id", rname);
                quote_ident(&sql, buf_cstr(&n));
                buf_free(&n);
                buf_adds(&sql, " FROM ");
                quote_ident(&sql, cat);
                buf_adds(&sql, " WHERE id=?1");
            }
            sqlite3_prepare_v2(db, buf_cstr(&sql), -1, &st, NULL);
            sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
            struct buf got = BUF_INIT;
            while (sqlite3_step(st) == SQLITE_ROW)
                if (sqlite3_column_text(st, 0))
                    buf_printf(&got, "%s ", sqlite3_column_text(st, 0));
            sqlite3_finalize(st);
            /* expected list, sorted */
            size_t n = json_array_size(rv);
            const char **ids = calloc(n + 1, sizeof *ids);
            for (size_t i = 0; i < n; i++)
                ids[i] = json_string_value(json_array_get(rv, i));
            for (size_t i = 0; i < n; i++)
                for (size_t j = i + 1; j < n; j++)
                    if (strcmp(ids[i], ids[j]) > 0) {
                        const char *x = ids[i];
                        ids[i] = ids[j];
                        ids[j] = x;
                    }
            buf_reset(&want);
            for (size_t i = 0; i < n; i++)
                if (i == 0 || strcmp(ids[i], ids[i - 1]))
                    buf_printf(&want, "%s ", ids[i]);
            free(ids);
            if (strcmp(buf_cstr(&got), buf_cstr(&want)))
                FAIL("%s %s: %s -> [%s], expected [%s]", cat, id, rname, buf_cstr(&got),
                     buf_cstr(&want));
            buf_free(&got);
        }
    }
    buf_free(&sql);
    buf_free(&want);
}

static int cmd_expected(const char *dbpath, const char *jsonpath)
{
    json_error_t jerr;
    json_t *root = json_load_file(jsonpath, 0, &jerr);
    if (!root) {
        fprintf(stderr, "kwcheck: %s:%d: %s\n", jsonpath, jerr.line, jerr.text);
        return 2;
    }
    char err[512];
    struct store *s;
    if (store_open(dbpath, STORE_READONLY, &s, err, sizeof err)) {
        fprintf(stderr, "kwcheck: %s\n", err);
        return 2;
    }
    check_counts(s, json_object_get(root, "categories"), json_object_get(root, "quarantined"));
    json_t *spots = json_object_get(root, "spot_checks");
    size_t i;
    json_t *spot;
    json_array_foreach(spots, i, spot) check_spot(store_db(s), spot);
    printf("kwcheck: %zu categories, %zu spot checks, %d failures\n",
           json_object_size(json_object_get(root, "categories")), json_array_size(spots),
           failures);
    store_close(s);
    json_decref(root);
    return failures ? 1 : 0;
}

static void dump_query(sqlite3 *db, const char *label, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        FAIL("%s: %s", sql, sqlite3_errmsg(db));
        return;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        fputs(label, stdout);
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const unsigned char *v = sqlite3_column_text(st, i);
            printf("|%s", v ? (const char *)v : "\\N");
        }
        fputc('\n', stdout);
    }
    sqlite3_finalize(st);
}

static int cmd_dump(const char *dbpath)
{
    sqlite3 *db;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "kwcheck: cannot open %s\n", dbpath);
        return 2;
    }
    struct buf sql = BUF_INIT;
    for (size_t i = 0; i < kw_ntypes; i++) {
        const struct kw_type *t = &kw_types[i];
        buf_reset(&sql);
        /* every column but rid */
        buf_adds(&sql, "SELECT id, skiptoken, bijgewerkt, updated, placeholder");
        if (t->download)
            buf_adds(&sql, ", content_type, content_length, enclosure");
        for (size_t f = 0; f < t->nfields; f++) {
            buf_adds(&sql, ", ");
            quote_ident(&sql, t->fields[f].column);
        }
        for (size_t r = 0; r < t->nrefs; r++) {
            if (t->refs[r].many)
                continue;
            struct buf n = BUF_INIT;
            buf_printf(&n, "%s_id", t->refs[r].xml);
            buf_adds(&sql, ", ");
            quote_ident(&sql, buf_cstr(&n));
            buf_free(&n);
        }
        buf_adds(&sql, " FROM ");
        quote_ident(&sql, t->category);
        buf_adds(&sql, " ORDER BY id");
        dump_query(db, t->category, buf_cstr(&sql));
        for (size_t r = 0; r < t->nrefs; r++) {
            if (!t->refs[r].many)
                continue;
            struct buf n = BUF_INIT;
            buf_printf(&n, "%s_%s", t->category, t->refs[r].xml);
            buf_reset(&sql);
            buf_adds(&sql, "SELECT src, dst FROM ");
            quote_ident(&sql, buf_cstr(&n));
            buf_adds(&sql, " ORDER BY src, dst");
            dump_query(db, buf_cstr(&n), buf_cstr(&sql));
            buf_free(&n);
        }
    }
    dump_query(db, "tombstone", "SELECT * FROM tombstone ORDER BY category, id");
    dump_query(db, "quarantine",
               "SELECT category, skiptoken, guid, error, raw FROM quarantine"
               " ORDER BY category, skiptoken, guid");
    dump_query(db, "field_error", "SELECT * FROM field_error ORDER BY category, id, field");
    dump_query(db, "sync_state",
               "SELECT category, skiptoken, last_error FROM sync_state ORDER BY category");
    buf_free(&sql);
    sqlite3_close(db);
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "expected"))
        return cmd_expected(argv[2], argv[3]);
    if (argc == 3 && !strcmp(argv[1], "dump"))
        return cmd_dump(argv[2]);
    fprintf(stderr, "usage: kwcheck expected DB EXPECTED.json | kwcheck dump DB\n");
    return 2;
}
