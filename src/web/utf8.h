/*
 * utf8 — validation of one UTF-8 sequence, shared by the escaping writers of this module.
 *
 * Promise: utf8_seq() accepts exactly the well-formed sequences of the Unicode standard
 * (no overlong forms, no surrogates, nothing above U+10FFFF, no truncated tails), so every
 * writer that copies only what it accepts emits valid UTF-8. Header-only and pure.
 */
#ifndef KW_WEB_UTF8_H
#define KW_WEB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The replacement character U+FFFD, written for every byte that starts no valid sequence. */
#define UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* s[0] must be >= 0x80 and n >= 1 the bytes available. Returns the length (2..4) of the
 * valid sequence at s and stores its code point in *cp, or returns 0 when s[0] starts no
 * valid sequence (the caller then replaces that single byte and goes on with the next). */
static inline size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        uint32_t v = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = v;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        uint32_t v = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
                     ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        if (v < 0x10000 || v > 0x10FFFF)
            return 0;
        *cp = v;
        return 4;
    }
    return 0;
}

#endif
