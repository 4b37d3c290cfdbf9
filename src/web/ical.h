/*
 * ical — the escaping writer for iCalendar (RFC 5545) output, used by the agenda feed.
 *
 * Same discipline as html.h: fixed text only through ical_lit() (string literals only),
 * values through ical_text(), ical_int(), ical_utc(), ical_date(). Every content line is
 * ended by ical_crlf().
 *
 * Promises:
 *  - ical_text() writes a TEXT value: \ ; , are escaped as \\ \; \, and every line break
 *    (LF, CR or CRLF) as \n; other control characters except tab are dropped; every byte
 *    that starts no valid UTF-8 sequence becomes U+FFFD.
 *  - Lines are folded so that no line exceeds 75 octets (ICAL_LINE_MAX) before its CRLF;
 *    a fold (CRLF + space) never splits a UTF-8 sequence or an escape pair such as "\,".
 *  - Line ends are always CRLF.
 * Memory: borrows the caller's struct buf; nothing to free.
 */
#ifndef KW_WEB_ICAL_H
#define KW_WEB_ICAL_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define ICAL_LINE_MAX 75

struct ical {
    struct buf *b;
    size_t col; /* octets on the current line so far */
};

static inline struct ical ical_on(struct buf *b)
{
    struct ical c = {b, 0};
    return c;
}

/* Fixed text (a property name, "BEGIN:VEVENT", a parameter). Must not contain CR or LF. */
#define ical_lit(c, s) ical_raw_((c), "" s "", sizeof(s) - 1)
/* Not for direct use: only ical_lit() may call it. */
void ical_raw_(struct ical *c, const char *s, size_t n);

void ical_text(struct ical *c, const char *s);
void ical_textn(struct ical *c, const char *s, size_t n);
void ical_int(struct ical *c, int64_t v);
/* Seconds since the epoch as a UTC DATE-TIME: 20240409T180855Z. */
void ical_utc(struct ical *c, int64_t t);
/* A DATE value: 20240409. */
void ical_date(struct ical *c, int y, unsigned m, unsigned d);
/* Ends the current content line. */
void ical_crlf(struct ical *c);

/* "NAME:escaped value" CRLF, and a whole fixed line. */
#define ical_prop_text(c, name, s) (ical_lit((c), name ":"), ical_text((c), (s)), ical_crlf(c))
#define ical_line(c, s) (ical_lit((c), s), ical_crlf(c))

#endif
