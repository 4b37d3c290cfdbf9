/*
 * json — a streaming JSON writer for the API shape of every page.
 *
 * Names use the prefix jw_ ("JSON writer"): jansson, which parses JSON elsewhere in the
 * program, owns the json_* namespace (json_null, json_string, ...).
 *
 * The writer tracks nesting itself: commas and colons are placed for the caller, and a value
 * written where none may stand (a value in an object without a key, a key in an array, a
 * second top-level value, closing the wrong container, nesting deeper than JW_MAX_DEPTH)
 * marks the writer as failed instead of producing broken JSON. jw_ok() tells whether the
 * document so far is well-formed and, with jw_done(), complete.
 *
 * Promises for strings (keys and values):
 *  - " and \ are escaped, control characters are written as \n \t \r \b \f or \u00XX;
 *  - < > & are written as \u003c \u003e \u0026, so the output may sit inside <script> or an
 *    HTML attribute without closing anything ("</script>" cannot appear);
 *  - U+2028 and U+2029 are written as \u2028 \u2029 (they end a line in older JavaScript);
 *  - every byte that starts no valid UTF-8 sequence becomes \ufffd; valid UTF-8 is copied
 *    as it is, so the output is valid UTF-8.
 * Numbers: integers exactly; doubles with 17
 * significant digits, NaN and infinities as null.
 * Memory: borrows the caller's struct buf (the caller owns it); nothing to free.
 */
#ifndef KW_WEB_JSON_H
#define KW_WEB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define JW_MAX_DEPTH 64

struct jsonw {
    struct buf *b;
    uint64_t in_obj;    /* bit d: the container at depth d+1 is an object */
    uint64_t has_items; /* bit d: the container at depth d+1 already holds an item */
    unsigned depth;
    bool after_key;     /* a key was written; its value is due */
    bool done;          /* the top-level value is complete */
    bool failed;
};

void jw_init(struct jsonw *j, struct buf *b);

void jw_obj_begin(struct jsonw *j);
void jw_obj_end(struct jsonw *j);
void jw_arr_begin(struct jsonw *j);
void jw_arr_end(struct jsonw *j);

/* A member name inside an object; the next call must write its value. */
void jw_key(struct jsonw *j, const char *key);

/* Values. jw_str(j, NULL) writes null. */
void jw_str(struct jsonw *j, const char *s);
void jw_strn(struct jsonw *j, const char *s, size_t n);
void jw_int(struct jsonw *j, int64_t v);
void jw_uint(struct jsonw *j, uint64_t v);
void jw_double(struct jsonw *j, double v);
void jw_bool(struct jsonw *j, bool v);
void jw_null(struct jsonw *j);

/* key + value in one call, for the common case. */
void jw_kv_str(struct jsonw *j, const char *key, const char *s);
void jw_kv_int(struct jsonw *j, const char *key, int64_t v);
void jw_kv_bool(struct jsonw *j, const char *key, bool v);
void jw_kv_null(struct jsonw *j, const char *key);

/* True while no misuse has happened. */
bool jw_ok(const struct jsonw *j);
/* True when exactly one complete top-level value has been written without misuse. */
bool jw_done(const struct jsonw *j);

/* The string escaping alone (with the quotes), for writers of other formats that embed
 * JSON strings. Same promises as above. */
void jw_put_string(struct buf *b, const char *s, size_t n);

#endif
