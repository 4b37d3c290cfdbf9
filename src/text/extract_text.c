/*
 * extract_text — the text sink of the in-process extractors and the clean-up every extractor's
 * output goes through: valid UTF-8, tidy white space, paragraphs separated by one blank line.
 */
#include <stdint.h>
#include <string.h>

#include "text/extract_int.h"

void sink_init(struct text_sink *s, struct buf *out, size_t max)
{
    s->out = out;
    s->max = max;
    s->space = false;
    s->full = false;
}

static char last_char(const struct text_sink *s)
{
    return s->out->len ? s->out->data[s->out->len - 1] : '\n';
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void mark_full(struct text_sink *s)
{
    s->full = true;
    text_cut_utf8(s->out, s->max);
}

void sink_text(struct text_sink *s, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && !s->full) {
        if (is_blank((unsigned char)p[i])) {
            s->space = true;
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !is_blank((unsigned char)p[j]))
            j++;
        char last = last_char(s);
        size_t need = (j - i) + (s->space && last != '\n' && last != '\t');
        if (s->out->len + need > s->max) {
            if (need > (j - i))
                buf_addc(s->out, ' ');
            size_t room = s->max > s->out->len ? s->max - s->out->len : 0;
            buf_add(s->out, p + i, room < j - i ? room : j - i);
            mark_full(s);
            return;
        }
        if (need > (j - i))
            buf_addc(s->out, ' ');
        buf_add(s->out, p + i, j - i);
        s->space = false;
        i = j;
    }
}

void sink_break(struct text_sink *s, int lines)
{
    s->space = false;
    if (s->full || s->out->len == 0)
        return;
    while (s->out->len &&
           (s->out->data[s->out->len - 1] == ' ' || s->out->data[s->out->len - 1] == '\t'))
        buf_truncate(s->out, s->out->len - 1);
    int have = 0;
    for (size_t i = s->out->len; i > 0 && s->out->data[i - 1] == '\n' && have < 2; i--)
        have++;
    if (s->out->len == 0)
        return;
    for (; have < lines && have < 2; have++) {
        if (s->out->len + 1 > s->max) {
            mark_full(s);
            return;
        }
        buf_addc(s->out, '\n');
    }
}

void sink_tab(struct text_sink *s)
{
    s->space = false;
    char last = last_char(s);
    if (s->full || last == '\n' || last == '\t')
        return;
    if (s->out->len + 1 > s->max) {
        mark_full(s);
        return;
    }
    buf_addc(s->out, '\t');
}

/* Length of a valid UTF-8 sequence at p (at most n bytes), or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, v = c & 0x07, min = 0x10000;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bool text_is_utf8(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0;
    uint32_t cp;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t l = utf8_seq(u + i, n - i, &cp);
        if (!l)
            return false;
        i += l;
    }
    return true;
}

void text_cut_utf8(struct buf *b, size_t n)
{
    if (n >= b->len)
        return;
    while (n > 0 && ((unsigned char)b->data[n] & 0xC0) == 0x80)
        n--;
    buf_truncate(b, n);
}

/* Appends a newline to o unless it already ends in two (and never at the start). */
static void add_newline(struct buf *o)
{
    while (o->len && (o->data[o->len - 1] == ' ' || o->data[o->len - 1] == '\t'))
        o->len--;
    if (o->data)
        o->data[o->len] = '\0';
    if (o->len == 0)
        return;
    if (o->len >= 2 && o->data[o->len - 1] == '\n' && o->data[o->len - 2] == '\n')
        return;
    buf_addc(o, '\n');
}

void text_clean(struct buf *b)
{
    struct buf o = BUF_INIT;
    buf_grow(&o, b->len + 16);
    const unsigned char *p = (const unsigned char *)b->data;
    size_t n = b->len, i = 0;
    static const char replacement[] = "\xEF\xBF\xBD";
    while (i < n) {
        unsigned char c = p[i];
        if (c == '\r') {
            add_newline(&o);
            i += (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c == '\n') {
            add_newline(&o);
            i++;
            continue;
        }
        if (c == '\f') {
            add_newline(&o);
            add_newline(&o);
            i++;
            continue;
        }
        if (c == '\t' || (c >= 0x20 && c < 0x7F)) {
            if (o.len == 0 && (c == ' ' || c == '\t')) { /* no blanks at the very start */
                i++;
                continue;
            }
            size_t j = i + 1; /* copy the whole run of plain ASCII at once */
            while (j < n && (p[j] == '\t' || (p[j] >= 0x20 && p[j] < 0x7F)))
                j++;
            buf_add(&o, p + i, j - i);
            i = j;
            continue;
        }
        if (c < 0x80) { /* other C0 controls and DEL */
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = utf8_seq(p + i, n - i, &cp);
        if (!l) {
            buf_add(&o, replacement, 3);
            i++;
            continue;
        }
        if (!(cp >= 0x80 && cp <= 0x9F) && cp != 0xFEFF) /* C1 controls, BOM */
            buf_add(&o, p + i, l);
        i += l;
    }
    while (o.len &&
           (o.data[o.len - 1] == '\n' || o.data[o.len - 1] == ' ' || o.data[o.len - 1] == '\t'))
        o.len--;
    if (o.data)
        o.data[o.len] = '\0';
    buf_free(b);
    *b = o;
}

/* Windows-1252 0x80-0x9F; 0 where undefined (kept as U+FFFD). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void text_from_cp1252(struct buf *b)
{
    struct buf o = BUF_INIT;
    buf_grow(&o, b->len + b->len / 4 + 16);
    for (size_t i = 0; i < b->len; i++) {
        unsigned char c = (unsigned char)b->data[i];
        uint32_t cp = c < 0x80 ? c : c < 0xA0 ? cp1252_high[c - 0x80] : c;
        if (cp == 0)
            cp = 0xFFFD;
        if (cp < 0x80) {
            buf_addc(&o, (char)cp);
        } else if (cp < 0x800) {
            buf_addc(&o, (char)(0xC0 | (cp >> 6)));
            buf_addc(&o, (char)(0x80 | (cp & 0x3F)));
        } else {
            buf_addc(&o, (char)(0xE0 | (cp >> 12)));
            buf_addc(&o, (char)(0x80 | ((cp >> 6) & 0x3F)));
            buf_addc(&o, (char)(0x80 | (cp & 0x3F)));
        }
    }
    buf_free(b);
    *b = o;
}

bool text_has_words(const struct buf *b)
{
    const unsigned char *p = (const unsigned char *)b->data;
    for (size_t i = 0; i < b->len;) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
                return true;
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = utf8_seq(p + i, b->len - i, &cp);
        if (!l) {
            i++;
            continue;
        }
        /* letters of Latin-1 and beyond, but not spaces, punctuation or the replacement */
        if ((cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x2BFF) &&
             cp != 0xFFFD && cp != 0x3000))
            return true;
        i += l;
    }
    return false;
}
