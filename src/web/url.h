/*
 * url — URLs made safe for an href/src attribute (HTML or XML), and URL components
 * percent-encoded. Used by html_url(), xml_url() and their *_url_part() siblings; pages
 * do not call this directly.
 *
 * Promise: url_put_href() writes only printable ASCII without any of  " ' < > \ ` space,
 * with every '&' written as "&amp;", so the result can sit inside a quoted attribute of
 * HTML or XML as is. A URL whose scheme is not http, https or mailto (javascript:, data:,
 * vbscript:, " javascript:" with a leading blank, ...) is never written: "#" is written
 * instead and the function returns -1. Relative URLs ("/x", "x?y", "#frag", "//host/p")
 * pass. url_put_component() leaves only A-Z a-z 0-9 - . _ ~ unencoded.
 */
#ifndef KW_WEB_URL_H
#define KW_WEB_URL_H

#include <stddef.h>

#include "util/buf.h"

/* 1 when s[0..n) is relative or uses an allowed scheme (http, https, mailto), else 0. */
int url_scheme_ok(const char *s, size_t n);
/* Returns 0, or -1 when the URL was refused and "#" written in its place. */
int url_put_href(struct buf *b, const char *s, size_t n);
void url_put_component(struct buf *b, const char *s, size_t n);

#endif
