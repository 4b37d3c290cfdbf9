/*
 * xmlw — the escaping writer for XML output (Atom feeds, sitemaps).
 *
 * Same discipline as html.h: markup only through xml_lit(), which accepts string literals
 * only; every value through xml_text(), xml_url(), xml_int(), xml_time() or xml_fmt().
 *
 * Promises:
 *  - xml_text() output is well-formed XML 1.0 character data and attribute content (in
 *    double quotes): & < > " ' are escaped, so "]]>" cannot appear; characters XML 1.0
 *    forbids (C0 controls other than tab, LF, CR; U+FFFE; U+FFFF) are dropped; every byte
 *    that starts no valid UTF-8 sequence becomes U+FFFD.
 *  - xml_url() behaves like html_url() (only relative, http, https, mailto; else "#").
 *  - xml_time() writes RFC 3339 UTC ("2024-04-09T18:08:55Z"), as Atom requires.
 * Memory: borrows the caller's struct buf; nothing to free.
 */
#ifndef KW_WEB_XMLW_H
#define KW_WEB_XMLW_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct xmlw {
    struct buf *b;
};

static inline struct xmlw xml_on(struct buf *b)
{
    struct xmlw x = {b};
    return x;
}

#define xml_lit(x, s) xml_raw_((x), "" s "", sizeof(s) - 1)
/* Not for direct use: only xml_lit() may call it. */
void xml_raw_(struct xmlw *x, const char *s, size_t n);

void xml_text(struct xmlw *x, const char *s);
void xml_textn(struct xmlw *x, const char *s, size_t n);
void xml_int(struct xmlw *x, int64_t v);
/* Returns 0, or -1 when the URL was refused ("#" written). */
int xml_url(struct xmlw *x, const char *url);
/* A path segment or query value, percent-encoded. */
void xml_url_part(struct xmlw *x, const char *s);
/* Seconds since the epoch as RFC 3339 UTC. */
void xml_time(struct xmlw *x, int64_t t);

#define xml_fmt(x, fmt, ...) xml_fmt_((x), "" fmt "", __VA_ARGS__)
int xml_fmt_(struct xmlw *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
