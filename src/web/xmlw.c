/*
 * xmlw — table-driven XML escaping; see xmlw.h. Same chunked structure as html.c.
 */
#include "web/xmlw.h"

#include <string.h>

#include "util/tm.h"
#include "web/url.h"
#include "web/utf8.h"
#include "web/wfmt.h"

enum { K = 0, E = 1, D = 2, H = 3 };

static const unsigned char xml_class[256] = {
    /* 0x00 */ D, D, D, D, D, D, D, D, D, K, K, D, D, K, D, D,
    /* 0x10 */ D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D,
    /* 0x20 */ K, K, E, K, K, K, E, E, K, K, K, K, K, K, K, K,
    /* 0x30 */ K, K, K, K, K, K, K, K, K, K, K, K, E, K, E, K,
    /* 0x40 */ K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
    /* 0x50 */ K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
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

#define CHUNK 4096

void xml_raw_(struct xmlw *x, const char *s, size_t n)
{
    buf_add(x->b, s, n);
}

void xml_textn(struct xmlw *x, const char *s, size_t n)
{
    struct buf *b = x->b;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        size_t chunk = (size_t)(end - p) < CHUNK ? (size_t)(end - p) : CHUNK;
        buf_grow(b, chunk * 6);
        char *o = b->data + b->len;
        const unsigned char *cend = p + chunk;
        while (p < cend) {
            const unsigned char *run = p;
            while (p < cend && xml_class[*p] == K)
                p++;
            if (p > run) {
                memcpy(o, run, (size_t)(p - run));
                o += p - run;
                if (p == cend)
                    break;
            }
            switch (xml_class[*p]) {
            case E:
                switch (*p) {
                case '&': memcpy(o, "&amp;", 5), o += 5; break;
                case '<': memcpy(o, "&lt;", 4), o += 4; break;
                case '>': memcpy(o, "&gt;", 4), o += 4; break;
                case '"': memcpy(o, "&quot;", 6), o += 6; break;
                default: memcpy(o, "&#39;", 5), o += 5; break;
                }
                p++;
                break;
            case D:
                p++;
                break;
            default: {
                uint32_t cp;
                size_t len = utf8_seq(p, (size_t)(end - p), &cp);
                if (!len) {
                    memcpy(o, UTF8_REPLACEMENT, 3);
                    o += 3;
                    p++;
                } else {
                    if (cp != 0xFFFE && cp != 0xFFFF) {
                        memcpy(o, p, len);
                        o += len;
                    }
                    p += len;
                }
            }
            }
        }
        b->len = (size_t)(o - b->data);
        b->data[b->len] = '\0';
    }
}

void xml_text(struct xmlw *x, const char *s)
{
    if (s)
        xml_textn(x, s, strlen(s));
}

void xml_int(struct xmlw *x, int64_t v)
{
    char num[24];
    buf_add(x->b, num, wfmt_i64(num, v));
}

int xml_url(struct xmlw *x, const char *url)
{
    if (!url)
        url = "";
    return url_put_href(x->b, url, strlen(url));
}

void xml_url_part(struct xmlw *x, const char *s)
{
    if (s)
        url_put_component(x->b, s, strlen(s));
}

void xml_time(struct xmlw *x, int64_t t)
{
    char out[TM_UTC_LEN];
    tm_format_utc(t, out);
    buf_adds(x->b, out);
}

static void put_raw(void *w, const char *s, size_t n)
{
    buf_add(((struct xmlw *)w)->b, s, n);
}

static void put_text(void *w, const char *s, size_t n)
{
    xml_textn(w, s, n);
}

int xml_fmt_(struct xmlw *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = wfmt_run(x, put_raw, put_text, fmt, ap);
    va_end(ap);
    return rc;
}
