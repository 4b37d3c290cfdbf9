/*
 * wfmt — the writers' restricted printf; see wfmt.h.
 */
#include "web/wfmt.h"

#include <string.h>

/* Writes at most 20 digits to out. */
static size_t u64_digits(char *out, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

size_t wfmt_u64(char out[24], uint64_t v)
{
    return u64_digits(out, v);
}

size_t wfmt_i64(char out[24], int64_t v)
{
    if (v >= 0)
        return u64_digits(out, (uint64_t)v);
    out[0] = '-';
    /* Negate in unsigned arithmetic so INT64_MIN works. */
    return 1 + u64_digits(out + 1, (uint64_t)0 - (uint64_t)v);
}

static size_t hex_u64(char out[24], uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = digits[v & 15];
        v >>= 4;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

enum len_mod { LEN_NONE, LEN_L, LEN_LL, LEN_Z };

int wfmt_run(void *w, wfmt_put_fn raw, wfmt_put_fn escaped, const char *fmt, va_list ap)
{
    const char *p = fmt;
    char num[24];
    while (*p) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            raw(w, p, strlen(p));
            break;
        }
        if (pct > p)
            raw(w, p, (size_t)(pct - p));
        p = pct + 1;
        if (*p == '%') {
            raw(w, "%", 1);
            p++;
            continue;
        }
        if (p[0] == '.' && p[1] == '*' && p[2] == 's') {
            int n = va_arg(ap, int);
            const char *s = va_arg(ap, const char *);
            if (s && n > 0)
                escaped(w, s, strnlen(s, (size_t)n));
            p += 3;
            continue;
        }
        enum len_mod mod = LEN_NONE;
        if (p[0] == 'l' && p[1] == 'l') {
            mod = LEN_LL;
            p += 2;
        } else if (p[0] == 'l') {
            mod = LEN_L;
            p++;
        } else if (p[0] == 'z') {
            mod = LEN_Z;
            p++;
        }
        size_t n;
        switch (*p) {
        case 's': {
            if (mod != LEN_NONE)
                return -1;
            const char *s = va_arg(ap, const char *);
            if (s)
                escaped(w, s, strlen(s));
            break;
        }
        case 'd':
        case 'i': {
            int64_t v = mod == LEN_LL  ? (int64_t)va_arg(ap, long long)
                        : mod == LEN_L ? (int64_t)va_arg(ap, long)
                        : mod == LEN_Z ? (int64_t)va_arg(ap, ptrdiff_t)
                                       : (int64_t)va_arg(ap, int);
            n = wfmt_i64(num, v);
            raw(w, num, n);
            break;
        }
        case 'u':
        case 'x': {
            uint64_t v = mod == LEN_LL  ? (uint64_t)va_arg(ap, unsigned long long)
                         : mod == LEN_L ? (uint64_t)va_arg(ap, unsigned long)
                         : mod == LEN_Z ? (uint64_t)va_arg(ap, size_t)
                                        : (uint64_t)va_arg(ap, unsigned);
            n = *p == 'u' ? wfmt_u64(num, v) : hex_u64(num, v);
            raw(w, num, n);
            break;
        }
        default:
            return -1;
        }
        p++;
    }
    return 0;
}
