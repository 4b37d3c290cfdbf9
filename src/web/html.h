/*
 * html — the escaping writer through which every HTML page is produced.
 *
 * A page never appends to its buffer directly: it wraps the buffer in a struct html and
 * writes markup with html_lit(), which accepts only string literals (a variable does not
 * compile), and every value with html_text(), html_url(), html_int() or html_fmt(). So a
 * value cannot reach the page unescaped by accident; raw output exists only for markup that
 * is fixed at compile time.
 *
 * Promises:
 *  - html_text() output is safe both as element text and inside a double-quoted attribute
 *    value: & < > " ' become entities; C0 controls other than tab, LF and CR, DEL and the
 *    C1 controls U+0080-U+009F are dropped; every byte that starts no valid UTF-8 sequence
 *    becomes U+FFFD. The output is always valid UTF-8 when the literals are.
 *  - html_url() writes an href/src value: only relative, http, https and mailto URLs pass
 *    (see url.h); anything else becomes "#".
 *  - Attributes must always be double-quoted in the literals ("<a href=\"").
 * Memory: the writer borrows the caller's struct buf, which keeps ownership; the writer
 * itself holds no memory and needs no cleanup. Allocation failure aborts (see buf.h).
 */
#ifndef KW_WEB_HTML_H
#define KW_WEB_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct html {
    struct buf *b;
};

static inline struct html html_on(struct buf *b)
{
    struct html h = {b};
    return h;
}

/* Markup known at compile time. The "" s "" concatenation only compiles for a literal. */
#define html_lit(h, s) html_raw_((h), "" s "", sizeof(s) - 1)
/* Not for direct use: only html_lit() may call it. */
void html_raw_(struct html *h, const char *s, size_t n);

/* Text or attribute value, escaped. NULL writes nothing. */
void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t n);

void html_int(struct html *h, int64_t v);
void html_uint(struct html *h, uint64_t v);

/* An href/src attribute value. Returns 0, or -1 when the URL was refused ("#" written). */
int html_url(struct html *h, const char *url);
/* One path segment or query value, percent-encoded (everything but A-Za-z0-9-._~). */
void html_url_part(struct html *h, const char *s);

/* printf for HTML: literal format, %s arguments escaped like html_text(). The subset of
 * conversions is documented in wfmt.h. Returns 0, or -1 on an unsupported conversion. */
#define html_fmt(h, fmt, ...) html_fmt_((h), "" fmt "", __VA_ARGS__)
int html_fmt_(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
