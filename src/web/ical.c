/*
 * ical — RFC 5545 TEXT escaping and line folding; see ical.h.
 *
 * Output goes through put_unit(), which takes an indivisible piece (one escape pair or one
 * UTF-8 character) and folds before it when it would not fit; runs of plain ASCII are
 * copied in slices that exactly fill the rest of the line.
 */
#include "web/ical.h"

#include <stdio.h>
#include <string.h>

#include "util/tm.h"
#include "web/utf8.h"
#include "web/wfmt.h"

static void fold(struct ical *c)
{
    buf_add(c->b, "\r\n ", 3);
    c->col = 1;
}

static void put_unit(struct ical *c, const char *u, size_t n)
{
    if (c->col + n > ICAL_LINE_MAX)
        fold(c);
    buf_add(c->b, u, n);
    c->col += n;
}

/* Plain ASCII that needs no escaping: copied in slices that fill each line. */
static void put_run(struct ical *c, const char *s, size_t n)
{
    while (n) {
        if (c->col >= ICAL_LINE_MAX)
            fold(c);
        size_t room = ICAL_LINE_MAX - c->col;
        size_t take = n < room ? n : room;
        buf_add(c->b, s, take);
        c->col += take;
        s += take;
        n -= take;
    }
}

void ical_raw_(struct ical *c, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        const unsigned char *run = p;
        while (p < end && *p < 0x80)
            p++;
        put_run(c, (const char *)run, (size_t)(p - run));
        if (p < end) {
            uint32_t cp;
            size_t len = utf8_seq(p, (size_t)(end - p), &cp);
            if (!len)
                len = 1;
            put_unit(c, (const char *)p, len);
            p += len;
        }
    }
}

/* 1: copy; 0: needs handling. */
static const unsigned char ical_plain[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, /* tab is plain */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* ',' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, /* ';' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* '\\' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, /* DEL */
};

void ical_textn(struct ical *c, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        const unsigned char *run = p;
        while (p < end && *p < 0x80 && ical_plain[*p])
            p++;
        if (p > run)
            put_run(c, (const char *)run, (size_t)(p - run));
        if (p == end)
            break;
        unsigned char ch = *p;
        if (ch >= 0x80) {
            uint32_t cp;
            size_t len = utf8_seq(p, (size_t)(end - p), &cp);
            if (!len) {
                put_unit(c, UTF8_REPLACEMENT, 3);
                p++;
            } else {
                put_unit(c, (const char *)p, len);
                p += len;
            }
            continue;
        }
        switch (ch) {
        case '\\': put_unit(c, "\\\\", 2); break;
        case ';': put_unit(c, "\\;", 2); break;
        case ',': put_unit(c, "\\,", 2); break;
        case '\n': put_unit(c, "\\n", 2); break;
        case '\r':
            if (p + 1 == end || p[1] != '\n')
                put_unit(c, "\\n", 2); /* a lone CR; in CRLF the LF writes the \n */
            break;
        default: break; /* other controls and DEL are dropped */
        }
        p++;
    }
}

void ical_text(struct ical *c, const char *s)
{
    if (s)
        ical_textn(c, s, strlen(s));
}

void ical_int(struct ical *c, int64_t v)
{
    char num[24];
    put_run(c, num, wfmt_i64(num, v));
}

void ical_utc(struct ical *c, int64_t t)
{
    char iso[TM_UTC_LEN]; /* YYYY-MM-DDTHH:MM:SSZ */
    tm_format_utc(t, iso);
    char out[17] = {iso[0], iso[1], iso[2], iso[3], iso[5], iso[6], iso[8], iso[9], 'T',
                    iso[11], iso[12], iso[14], iso[15], iso[17], iso[18], 'Z', '\0'};
    put_run(c, out, 16);
}

void ical_date(struct ical *c, int y, unsigned m, unsigned d)
{
    char out[32];
    int n = snprintf(out, sizeof out, "%04d%02u%02u", y, m, d);
    put_run(c, out, (size_t)n);
}

void ical_crlf(struct ical *c)
{
    buf_add(c->b, "\r\n", 2);
    c->col = 0;
}
