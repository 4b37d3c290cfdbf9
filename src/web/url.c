/*
 * url — href sanitising and percent-encoding; see url.h.
 */
#include "web/url.h"

#include <string.h>
#include <strings.h>

static const char hexdig[] = "0123456789ABCDEF";

int url_scheme_ok(const char *s, size_t n)
{
    /* A ':' before the first '/', '?' or '#' makes the prefix a scheme (or something a
     * browser might take for one). Only an exact allowed name passes; everything else,
     * including odd prefixes such as " javascript" or "java\tscript", is refused. */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '/' || c == '?' || c == '#')
            return 1;
        if (c == ':') {
            return (i == 4 && strncasecmp(s, "http", 4) == 0) ||
                   (i == 5 && strncasecmp(s, "https", 5) == 0) ||
                   (i == 6 && strncasecmp(s, "mailto", 6) == 0);
        }
    }
    return 1;
}

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Bytes an href may carry as they are: the URL syntax characters except '&' (escaped as
 * an entity) and '%' (kept only when it starts a valid escape). */
static int href_keep(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    return c != 0 && strchr("-._~:/?#[]@!$()*+,;=", c) != NULL;
}

int url_put_href(struct buf *b, const char *s, size_t n)
{
    if (!url_scheme_ok(s, n)) {
        buf_addc(b, '#');
        return -1;
    }
    buf_grow(b, n * 5); /* "&amp;" is the longest output of one byte */
    char *o = b->data + b->len;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (href_keep(c)) {
            *o++ = (char)c;
        } else if (c == '&') {
            memcpy(o, "&amp;", 5);
            o += 5;
        } else if (c == '%' && i + 2 < n && is_hex(p[i + 1]) && is_hex(p[i + 2])) {
            *o++ = '%';
        } else {
            *o++ = '%';
            *o++ = hexdig[c >> 4];
            *o++ = hexdig[c & 15];
        }
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return 0;
}

void url_put_component(struct buf *b, const char *s, size_t n)
{
    buf_grow(b, n * 3);
    char *o = b->data + b->len;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hexdig[c >> 4];
            *o++ = hexdig[c & 15];
        }
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}
