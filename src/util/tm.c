/*
 * tm — parsing the feed's timestamps and converting Europe/Amsterdam civil time; see tm.h.
 * Calendar arithmetic follows the well-known days-from-civil algorithm (era of 400 years).
 */
#include "util/tm.h"

#include <stdio.h>
#include <string.h>

int64_t tm_days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void tm_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400) + (*m <= 2);
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int y, unsigned m)
{
    static const unsigned dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Day number of the last Sunday of month m in year y. */
static int64_t last_sunday(int y, unsigned m)
{
    int64_t last = tm_days_from_civil(y, m, days_in_month(y, m));
    int64_t wd = (last + 4) % 7; /* 1970-01-01 was a Thursday; 0 = Sunday */
    if (wd < 0)
        wd += 7;
    return last - wd;
}

static int64_t first_sunday(int y, unsigned m)
{
    int64_t first = tm_days_from_civil(y, m, 1);
    int64_t wd = (first + 4) % 7;
    if (wd < 0)
        wd += 7;
    return first + (7 - wd) % 7;
}

int tm_amsterdam_offset(int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int y;
    unsigned m, d;
    tm_civil_from_days(days, &y, &m, &d);
    int64_t start, end;
    if (y >= 1981) {
        start = last_sunday(y, 3) * 86400 + 3600;
        end = last_sunday(y, y >= 1996 ? 10 : 9) * 86400 + 3600;
    } else if (y >= 1977) {
        start = first_sunday(y, 4) * 86400 + 3600;
        end = (y == 1978 ? first_sunday(y, 10) : last_sunday(y, 9)) * 86400 + 3600;
    } else {
        return 3600;
    }
    return t >= start && t < end ? 7200 : 3600;
}

int64_t tm_from_amsterdam(int64_t local)
{
    int64_t summer = local - 7200;
    if (tm_amsterdam_offset(summer) == 7200)
        return summer;
    return local - 3600;
}

static int digits(const char *s, size_t n, size_t at, size_t count, int *out)
{
    if (at + count > n)
        return -1;
    int v = 0;
    for (size_t i = 0; i < count; i++) {
        char c = s[at + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return 0;
}

int tm_valid_date(const char *s, size_t n)
{
    int y, m, d;
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    if (digits(s, n, 0, 4, &y) || digits(s, n, 5, 2, &m) || digits(s, n, 8, 2, &d))
        return 0;
    return m >= 1 && m <= 12 && d >= 1 && (unsigned)d <= days_in_month(y, (unsigned)m);
}

int tm_parse(const char *s, size_t n, int64_t *utc, enum tm_kind *kind)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    if (n < 10 || !tm_valid_date(s, 10))
        return -1;
    int y = 0, mo = 0, d = 0, hh = 0, mi = 0, ss = 0;
    digits(s, n, 0, 4, &y);
    digits(s, n, 5, 2, &mo);
    digits(s, n, 8, 2, &d);
    int64_t days = tm_days_from_civil(y, (unsigned)mo, (unsigned)d);
    if (n == 10) {
        if (utc)
            *utc = tm_from_amsterdam(days * 86400);
        if (kind)
            *kind = TM_DATE;
        return 0;
    }
    if (s[10] != 'T' && s[10] != ' ')
        return -1;
    size_t i = 11;
    if (digits(s, n, i, 2, &hh) || i + 2 >= n || s[i + 2] != ':' || digits(s, n, i + 3, 2, &mi))
        return -1;
    i += 5;
    if (i < n && s[i] == ':') {
        if (digits(s, n, i + 1, 2, &ss))
            return -1;
        i += 3;
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            size_t f = ++i;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
            if (i == f || i - f > 9)
                return -1;
        }
    }
    if (hh > 24 || mi > 59 || ss > 60 || (hh == 24 && (mi || ss)))
        return -1;
    int64_t t = days * 86400 + hh * 3600 + mi * 60 + (ss == 60 ? 59 : ss);
    if (i == n) {
        t = tm_from_amsterdam(t);
    } else if (s[i] == 'Z' && i + 1 == n) {
        /* already UTC */
    } else if ((s[i] == '+' || s[i] == '-') && (n - i == 6 || n - i == 5 || n - i == 3)) {
        int oh, om = 0;
        if (digits(s, n, i + 1, 2, &oh))
            return -1;
        if (n - i == 6 && (s[i + 3] != ':' || digits(s, n, i + 4, 2, &om)))
            return -1;
        if (n - i == 5 && digits(s, n, i + 3, 2, &om))
            return -1;
        if (oh > 14 || om > 59)
            return -1;
        int64_t off = oh * 3600 + om * 60;
        t -= s[i] == '+' ? off : -off;
    } else {
        return -1;
    }
    if (utc)
        *utc = t;
    if (kind)
        *kind = TM_DATETIME;
    return 0;
}

static char *put2(char *o, unsigned v)
{
    o[0] = (char)('0' + v / 10 % 10);
    o[1] = (char)('0' + v % 10);
    return o + 2;
}

/* Hand-written rather than snprintf: this runs for every timestamp of every entity. */
static void format_at(int64_t t, char *out, size_t outlen, const char *zone)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    int y;
    unsigned m, d;
    tm_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        char tmp[96];
        snprintf(tmp, sizeof tmp, "%04d-%02u-%02uT%02d:%02d:%02d%s", y, m, d, (int)(secs / 3600),
                 (int)(secs / 60 % 60), (int)(secs % 60), zone);
        size_t n = strlen(tmp) < outlen ? strlen(tmp) : outlen - 1;
        memcpy(out, tmp, n);
        out[n] = '\0';
        return;
    }
    size_t zl = strlen(zone);
    if (outlen < 20 + zl) {
        if (outlen)
            out[0] = '\0';
        return;
    }
    char *o = out;
    o = put2(o, (unsigned)y / 100);
    o = put2(o, (unsigned)y % 100);
    *o++ = '-';
    o = put2(o, m);
    *o++ = '-';
    o = put2(o, d);
    *o++ = 'T';
    o = put2(o, (unsigned)(secs / 3600));
    *o++ = ':';
    o = put2(o, (unsigned)(secs / 60 % 60));
    *o++ = ':';
    o = put2(o, (unsigned)(secs % 60));
    memcpy(o, zone, zl + 1);
}

void tm_format_utc(int64_t t, char out[TM_UTC_LEN])
{
    format_at(t, out, TM_UTC_LEN, "Z");
}

void tm_format_local(int64_t t, char out[TM_LOCAL_LEN])
{
    int off = tm_amsterdam_offset(t);
    format_at(t + off, out, TM_LOCAL_LEN, off == 7200 ? "+02:00" : "+01:00");
}
