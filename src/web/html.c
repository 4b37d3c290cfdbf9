/*
 * html — table-driven HTML escaping; see html.h.
 *
 * The input is processed in chunks for which the worst-case output (6 bytes per input byte,
 * "&quot;") is reserved once, so the inner loop writes through a plain pointer; runs of bytes
 * that need no escaping are copied with memcpy.
 */
#include "web/html.h"

#include <string.h>

#include "web/url.h"
#include "web/utf8.h"
#include "web/wfmt.h"

enum { K = 0, /* keep */ E = 1, /* entity */ D = 2, /* drop */ H = 3 /* UTF-8 lead or stray */ };

static const unsigned char html_class[256] = {
    /* 0x00 */ D, D, D, D, D, D, D, D, D, K, K, D, D, K, D, D,
    /* 0x10 */ D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D,
    /* 0x20 */ K, K, E, K, K, K, E, E, K, K, K, K, K, K, K, K,
    /* 0x30 */ K, K, K, K, K, K, K, K, K, K, K, K, E, K, E, K,
    /* 0x40 */ K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
    /* 0x50 */ K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
    /* 0x60 */ K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, K,
    /* 0x70 */ K, K, K, K, K, K, K, K, K, K, K, K, K, K, K, D,
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

void html_raw_(struct html *h, const char *s, size_t n)
{
    buf_add(h->b, s, n);
}

void html_textn(struct html *h, const char *s, size_t n)
{
    struct buf *b = h->b;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        size_t chunk = (size_t)(end - p) < CHUNK ? (size_t)(end - p) : CHUNK;
        buf_grow(b, chunk * 6);
        char *o = b->data + b->len;
        const unsigned char *cend = p + chunk;
        while (p < cend) {
            const unsigned char *run = p;
            while (p < cend && html_class[*p] == K)
                p++;
            if (p > run) {
                memcpy(o, run, (size_t)(p - run));
                o += p - run;
                if (p == cend)
                    break;
            }
            switch (html_class[*p]) {
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
                    if (cp > 0x9F) { /* C1 controls are dropped */
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

void html_text(struct html *h, const char *s)
{
    if (s)
        html_textn(h, s, strlen(s));
}

void html_int(struct html *h, int64_t v)
{
    char num[24];
    buf_add(h->b, num, wfmt_i64(num, v));
}

void html_uint(struct html *h, uint64_t v)
{
    char num[24];
    buf_add(h->b, num, wfmt_u64(num, v));
}

int html_url(struct html *h, const char *url)
{
    if (!url)
        url = "";
    return url_put_href(h->b, url, strlen(url));
}

void html_url_part(struct html *h, const char *s)
{
    if (s)
        url_put_component(h->b, s, strlen(s));
}

static void put_raw(void *w, const char *s, size_t n)
{
    buf_add(((struct html *)w)->b, s, n);
}

static void put_text(void *w, const char *s, size_t n)
{
    html_textn(w, s, n);
}

int html_fmt_(struct html *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = wfmt_run(h, put_raw, put_text, fmt, ap);
    va_end(ap);
    return rc;
}
