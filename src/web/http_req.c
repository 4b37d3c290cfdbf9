/*
 * http_req — turning raw request pieces into the validated form handlers see: path
 * normalisation, query/form decoding, and reading Accept, Accept-Encoding and If-None-Match.
 * Pure functions on strings; the socket side lives in http.c.
 */
#include "web/http.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/tm.h"
#include "web/utf8.h"

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes s[0..n) into out (which has room for n bytes); '+' becomes a space when
 * plus is set. Returns the decoded length, or -1 for a malformed escape. */
static long pct_decode(const char *s, size_t n, int plus, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n)
                return -1;
            int hi = hexval((unsigned char)s[i + 1]), lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            out[o++] = (char)(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && plus) {
            out[o++] = ' ';
        } else {
            out[o++] = (char)c;
        }
    }
    return (long)o;
}

/* Valid UTF-8 without NUL; with strict also without any control character. */
static int text_ok(const char *s, size_t n, int strict)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == 0 || (strict && (c < 0x20 || c == 0x7F)))
                return 0;
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = utf8_seq(p + i, n - i, &cp);
        if (!len)
            return 0;
        i += len;
    }
    return 1;
}

int http_path_normalise(const char *raw, char *out, size_t outlen)
{
    size_t n = strlen(raw);
    if (n + 2 > outlen || raw[0] != '/')
        return 400;
    long dn = pct_decode(raw, n, 0, out);
    if (dn < 0 || !text_ok(out, (size_t)dn, 1))
        return 400;
    /* Rewrite segment by segment in place; the write position never passes the read one. */
    size_t r = 0, w = 0, len = (size_t)dn;
    while (r < len) {
        while (r < len && out[r] == '/')
            r++;
        size_t seg = r;
        while (r < len && out[r] != '/')
            r++;
        size_t sl = r - seg;
        if (sl == 0 || (sl == 1 && out[seg] == '.'))
            continue;
        if (sl == 2 && out[seg] == '.' && out[seg + 1] == '.')
            return 400;
        out[w++] = '/';
        memmove(out + w, out + seg, sl);
        w += sl;
    }
    if (w == 0)
        out[w++] = '/';
    out[w] = '\0';
    return 0;
}

int http_query_parse(const char *raw, size_t n, char *store, size_t storelen,
                     struct http_param *params, size_t *nparams)
{
    size_t np = 0, used = 0;
    *nparams = 0;
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && raw[i] != '&')
            i++;
        size_t end = i;
        if (i < n)
            i++; /* skip '&' */
        if (end == start)
            continue;
        const char *eq = memchr(raw + start, '=', end - start);
        size_t nlen = eq ? (size_t)(eq - (raw + start)) : end - start;
        size_t vlen = eq ? (size_t)(raw + end - eq - 1) : 0;
        if (nlen == 0)
            continue;
        if (np >= HTTP_MAX_PARAMS)
            return 400;
        if (used + nlen + vlen + 2 > storelen)
            return 400;
        char *name = store + used;
        long dn = pct_decode(raw + start, nlen, 1, name);
        if (dn < 0 || !text_ok(name, (size_t)dn, 0))
            return 400;
        name[dn] = '\0';
        used += (size_t)dn + 1;
        char *value = store + used;
        long dv = eq ? pct_decode(eq + 1, vlen, 1, value) : 0;
        if (dv < 0 || !text_ok(value, (size_t)dv, 0))
            return 400;
        value[dv] = '\0';
        used += (size_t)dv + 1;
        params[np].name = name;
        params[np].value = value;
        np++;
    }
    *nparams = np;
    return 0;
}

static const char *find_value(const struct http_param *p, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].name, name) == 0)
            return p[i].value;
    return NULL;
}

const char *http_param(const struct http_request *rq, const char *name)
{
    return find_value(rq->params, rq->nparams, name);
}

const char *http_form(const struct http_request *rq, const char *name)
{
    return find_value(rq->form, rq->nform, name);
}

/* Reads the q parameter of one list element (between ';' and the element's end). A missing
 * q counts as 1. Returns 1 when q > 0. */
static int q_positive(const char *params, const char *end)
{
    const char *p = params;
    while (p < end) {
        while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
            p++;
        if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            p += 2;
            /* q is 0 only when every digit is 0 ("0", "0.0", "0.000"). */
            for (; p < end && *p != ';'; p++)
                if (*p >= '1' && *p <= '9')
                    return 1;
            return 0;
        }
        while (p < end && *p != ';')
            p++;
    }
    return 1;
}

int http_accepts_gzip(const char *ae)
{
    int gzip = -1, star = -1;
    const char *p = ae;
    while (p && *p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *tok = p;
        while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
            p++;
        size_t tl = (size_t)(p - tok);
        const char *elem_end = strchr(p, ',');
        if (!elem_end)
            elem_end = p + strlen(p);
        int ok = q_positive(p, elem_end);
        if ((tl == 4 && strncasecmp(tok, "gzip", 4) == 0) ||
            (tl == 6 && strncasecmp(tok, "x-gzip", 6) == 0))
            gzip = ok;
        else if (tl == 1 && *tok == '*')
            star = ok;
        p = elem_end;
    }
    return gzip >= 0 ? gzip : star == 1;
}

/* Case-insensitive search; returns the offset or -1. */
static long find_ci(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, nl) == 0)
            return (long)(p - hay);
    return -1;
}

int http_prefers_json(const char *accept)
{
    if (!accept)
        return 0;
    long j = find_ci(accept, "application/json");
    if (j < 0)
        return 0;
    long h = find_ci(accept, "text/html");
    return h < 0 || j < h;
}

void http_etag_format(uint64_t hash, bool gzip, char out[24])
{
    snprintf(out, 24, "\"%016" PRIx64 "%s\"", hash, gzip ? "-gz" : "");
}

int http_etag_matches(const char *inm, uint64_t hash)
{
    char hex[17];
    snprintf(hex, sizeof hex, "%016" PRIx64, hash);
    const char *p = inm;
    while (p && *p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return 1;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        if (*p != '"') {
            /* Not an entity-tag: skip to the next list element. */
            while (*p && *p != ',')
                p++;
            continue;
        }
        const char *tag = ++p;
        while (*p && *p != '"')
            p++;
        size_t tl = (size_t)(p - tag);
        if (*p == '"')
            p++;
        if ((tl == 16 || (tl == 19 && memcmp(tag + 16, "-gz", 3) == 0)) &&
            memcmp(tag, hex, 16) == 0)
            return 1;
    }
    return 0;
}

/* ---- byte ranges and HTTP dates (file answers) ---- */

/* Reads decimal digits at *p into *v; 0, or -1 when there are none or they overflow. */
static int read_u64(const char **p, uint64_t *v)
{
    const char *s = *p;
    uint64_t n = 0;
    if (*s < '0' || *s > '9')
        return -1;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (n > (UINT64_MAX - 9) / 10)
            return -1;
        n = n * 10 + (uint64_t)(*s - '0');
    }
    *p = s;
    *v = n;
    return 0;
}

int http_range_parse(const char *range, uint64_t size, uint64_t *first, uint64_t *last)
{
    if (!range || strncasecmp(range, "bytes", 5))
        return 0;
    const char *p = range + 5;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p++ != '=')
        return 0;
    while (*p == ' ' || *p == '\t')
        p++;
    uint64_t a = 0, b = UINT64_MAX;
    bool suffix = *p == '-';
    if (suffix) {
        p++;
        if (read_u64(&p, &b))
            return 0;
    } else {
        if (read_u64(&p, &a) || *p++ != '-')
            return 0;
        if (*p >= '0' && *p <= '9') {
            if (read_u64(&p, &b) || b < a)
                return 0;
        }
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p) /* several ranges or trailing junk: send the whole representation */
        return 0;
    if (suffix) {
        if (b == 0 || size == 0)
            return -1;
        *first = b >= size ? 0 : size - b;
        *last = size - 1;
        return 1;
    }
    if (a >= size)
        return -1;
    *first = a;
    *last = b >= size ? size - 1 : b;
    return 1;
}

static const char wdays[7][4] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void http_date_format(int64_t t, char out[30])
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t sec = t - days * 86400;
    int y;
    unsigned m, d;
    tm_civil_from_days(days, &y, &m, &d);
    int wd = (int)(((days % 7) + 7) % 7);
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%s, %02u %s %04d %02d:%02d:%02d GMT", wdays[wd], d % 100,
             months[(m - 1) % 12], y % 10000, (int)(sec / 3600), (int)(sec / 60 % 60),
             (int)(sec % 60));
    snprintf(out, 30, "%.29s", tmp);
}

int64_t http_date_parse(const char *s)
{
    /* "Sun, 06 Nov 1994 08:49:37 GMT": exactly 29 characters */
    if (!s || strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
        s[16] != ' ' || s[19] != ':' || s[22] != ':' || strcmp(s + 25, " GMT"))
        return -1;
    int idx[] = {5, 6, 12, 13, 14, 15, 17, 18, 20, 21, 23, 24};
    for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++)
        if (s[idx[i]] < '0' || s[idx[i]] > '9')
            return -1;
#define D2(i) ((s[i] - '0') * 10 + (s[(i) + 1] - '0'))
    unsigned d = (unsigned)D2(5);
    int y = D2(12) * 100 + D2(14);
    int hh = D2(17), mm = D2(20), ss = D2(23);
#undef D2
    unsigned m = 0;
    for (unsigned i = 0; i < 12; i++)
        if (!strncmp(s + 8, months[i], 3))
            m = i + 1;
    if (!m || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60)
        return -1;
    char ymd[48];
    snprintf(ymd, sizeof ymd, "%04d-%02u-%02u", y, m, d);
    if (!tm_valid_date(ymd, 10))
        return -1;
    return tm_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}
