/*
 * json — streaming JSON writer; see json.h.
 *
 * Nesting state is two 64-bit masks (object-or-array, has-items) indexed by depth, so the
 * writer is a few words on the stack and needs no allocation of its own.
 */
#include "web/json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "web/utf8.h"
#include "web/wfmt.h"

void jw_init(struct jsonw *j, struct buf *b)
{
    memset(j, 0, sizeof *j);
    j->b = b;
}

bool jw_ok(const struct jsonw *j)
{
    return !j->failed;
}

bool jw_done(const struct jsonw *j)
{
    return !j->failed && j->done && j->depth == 0;
}

static bool top_is_obj(const struct jsonw *j)
{
    return j->depth > 0 && (j->in_obj >> (j->depth - 1)) & 1;
}

/* Called before every value: places the comma and checks that a value may stand here. */
static bool before_value(struct jsonw *j)
{
    if (j->failed)
        return false;
    if (j->depth == 0) {
        if (j->done) {
            j->failed = true;
            return false;
        }
        return true;
    }
    if (top_is_obj(j)) {
        if (!j->after_key) {
            j->failed = true;
            return false;
        }
        j->after_key = false;
        return true;
    }
    uint64_t bit = (uint64_t)1 << (j->depth - 1);
    if (j->has_items & bit)
        buf_addc(j->b, ',');
    j->has_items |= bit;
    return true;
}

/* Called after every complete value. */
static void after_value(struct jsonw *j)
{
    if (j->depth == 0)
        j->done = true;
}

enum { K = 0, X = 1, /* escape */ H = 2 /* high byte */ };

static const unsigned char json_class[256] = {
    /* 0x00 */ X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    /* 0x10 */ X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    /* 0x20 */ K, K, X, K, K, K, X, K, K, K, K, K, K, K, K, K,
    /* 0x30 */ K, K, K, K, K, K, K, K, K, K, K, K, X, K, X, K,
    /* 0x40 */ K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
    /* 0x50 */ K, K, K, K, K, K, K, K, K, K, K, K, X, K, K, K,
    /* 0x60 */ K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
    /* 0x70 */ K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
    /* 0x80 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0x90 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xA0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xB0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xC0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xD0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xE0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
    /* 0xF0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};

static const char hexdig[] = "0123456789abcdef";

#define CHUNK 4096

void jw_put_string(struct buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    buf_addc(b, '"');
    while (p < end) {
        size_t chunk = (size_t)(end - p) < CHUNK ? (size_t)(end - p) : CHUNK;
        buf_grow(b, chunk * 6); /* "\u00XX" is the longest output per input byte */
        char *o = b->data + b->len;
        const unsigned char *cend = p + chunk;
        while (p < cend) {
            const unsigned char *run = p;
            while (p < cend && json_class[*p] == K)
                p++;
            if (p > run) {
                memcpy(o, run, (size_t)(p - run));
                o += p - run;
                if (p == cend)
                    break;
            }
            unsigned char c = *p;
            if (json_class[c] == X) {
                char e = 0;
                switch (c) {
                case '"': e = '"'; break;
                case '\\': e = '\\'; break;
                case '\n': e = 'n'; break;
                case '\r': e = 'r'; break;
                case '\t': e = 't'; break;
                case '\b': e = 'b'; break;
                case '\f': e = 'f'; break;
                default: break;
                }
                if (e) {
                    *o++ = '\\';
                    *o++ = e;
                } else {
                    memcpy(o, "\\u00", 4);
                    o[4] = hexdig[c >> 4];
                    o[5] = hexdig[c & 15];
                    o += 6;
                }
                p++;
                continue;
            }
            uint32_t cp;
            size_t len = utf8_seq(p, (size_t)(end - p), &cp);
            if (!len) {
                memcpy(o, "\\ufffd", 6);
                o += 6;
                p++;
            } else if (cp == 0x2028 || cp == 0x2029) {
                memcpy(o, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
                o += 6;
                p += len;
            } else {
                memcpy(o, p, len);
                o += len;
                p += len;
            }
        }
        b->len = (size_t)(o - b->data);
        b->data[b->len] = '\0';
    }
    buf_addc(b, '"');
}

static void open_container(struct jsonw *j, bool obj, char c)
{
    if (!before_value(j))
        return;
    if (j->depth >= JW_MAX_DEPTH) {
        j->failed = true;
        return;
    }
    uint64_t bit = (uint64_t)1 << j->depth;
    j->depth++;
    if (obj)
        j->in_obj |= bit;
    else
        j->in_obj &= ~bit;
    j->has_items &= ~bit;
    buf_addc(j->b, c);
}

static void close_container(struct jsonw *j, bool obj, char c)
{
    if (j->failed)
        return;
    if (j->depth == 0 || top_is_obj(j) != obj || j->after_key) {
        j->failed = true;
        return;
    }
    j->depth--;
    buf_addc(j->b, c);
    after_value(j);
}

void jw_obj_begin(struct jsonw *j)
{
    open_container(j, true, '{');
}

void jw_obj_end(struct jsonw *j)
{
    close_container(j, true, '}');
}

void jw_arr_begin(struct jsonw *j)
{
    open_container(j, false, '[');
}

void jw_arr_end(struct jsonw *j)
{
    close_container(j, false, ']');
}

void jw_key(struct jsonw *j, const char *key)
{
    if (j->failed)
        return;
    if (!top_is_obj(j) || j->after_key || !key) {
        j->failed = true;
        return;
    }
    uint64_t bit = (uint64_t)1 << (j->depth - 1);
    if (j->has_items & bit)
        buf_addc(j->b, ',');
    j->has_items |= bit;
    jw_put_string(j->b, key, strlen(key));
    buf_addc(j->b, ':');
    j->after_key = true;
}

static void put_scalar(struct jsonw *j, const char *s, size_t n)
{
    if (!before_value(j))
        return;
    buf_add(j->b, s, n);
    after_value(j);
}

void jw_strn(struct jsonw *j, const char *s, size_t n)
{
    if (!before_value(j))
        return;
    jw_put_string(j->b, s, n);
    after_value(j);
}

void jw_str(struct jsonw *j, const char *s)
{
    if (s)
        jw_strn(j, s, strlen(s));
    else
        jw_null(j);
}

void jw_int(struct jsonw *j, int64_t v)
{
    char num[24];
    put_scalar(j, num, wfmt_i64(num, v));
}

void jw_uint(struct jsonw *j, uint64_t v)
{
    char num[24];
    put_scalar(j, num, wfmt_u64(num, v));
}

void jw_double(struct jsonw *j, double v)
{
    if (!isfinite(v)) {
        jw_null(j);
        return;
    }
    char num[40];
    int n = snprintf(num, sizeof num, "%.17g", v);
    /* The C locale is assumed: the server never calls setlocale() for LC_NUMERIC. */
    put_scalar(j, num, (size_t)n);
}

void jw_bool(struct jsonw *j, bool v)
{
    if (v)
        put_scalar(j, "true", 4);
    else
        put_scalar(j, "false", 5);
}

void jw_null(struct jsonw *j)
{
    put_scalar(j, "null", 4);
}

void jw_kv_str(struct jsonw *j, const char *key, const char *s)
{
    jw_key(j, key);
    jw_str(j, s);
}

void jw_kv_int(struct jsonw *j, const char *key, int64_t v)
{
    jw_key(j, key);
    jw_int(j, v);
}

void jw_kv_bool(struct jsonw *j, const char *key, bool v)
{
    jw_key(j, key);
    jw_bool(j, v);
}

void jw_kv_null(struct jsonw *j, const char *key)
{
    jw_key(j, key);
    jw_null(j);
}
