/*
 * rng — the generator's only source of randomness (xoshiro256**, seeded through splitmix64),
 * GUIDs, and the timestamp spellings the real feed uses. Everything is a pure function of its
 * inputs, so a corpus is a pure function of the command line.
 */
#include "tkfake.h"

#include <stdio.h>
#include <string.h>

#include "util/tm.h"

uint64_t tk_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t tk_mix(uint64_t a, uint64_t b)
{
    uint64_t x = a ^ (b * 0xd1b54a32d192ed03ULL);
    tk_splitmix64(&x);
    return tk_splitmix64(&x);
}

void rng_seed(struct rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = tk_splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int rng_range(struct rng *r, int lo, int hi)
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

double rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

bool rng_chance(struct rng *r, double p)
{
    return rng_unit(r) < p;
}

size_t rng_weighted(struct rng *r, const unsigned *w, size_t n)
{
    unsigned total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    unsigned x = rng_below(r, total);
    for (size_t i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

void tk_guid_from(uint64_t a, uint64_t b, uint8_t out[16])
{
    for (int i = 0; i < 8; i++) {
        out[i] = (uint8_t)(a >> (56 - 8 * i));
        out[8 + i] = (uint8_t)(b >> (56 - 8 * i));
    }
    out[6] = (uint8_t)((out[6] & 0x0f) | 0x40); /* version 4 */
    out[8] = (uint8_t)((out[8] & 0x3f) | 0x80); /* RFC 4122 variant */
}

void tk_guid_fmt(const uint8_t g[16], char out[37])
{
    static const char hex[] = "0123456789abcdef";
    int o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[g[i] >> 4];
        out[o++] = hex[g[i] & 15];
    }
    out[o] = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int tk_guid_parse(const char *s, uint8_t out[16])
{
    if (!kw_is_guid(s, strlen(s) < 36 ? strlen(s) : 36) || (s[36] != '\0' && s[36] != '/'))
        return -1;
    int o = 0;
    for (int i = 0; i < 36 && o < 16; i++) {
        if (s[i] == '-')
            continue;
        out[o++] = (uint8_t)(hexval(s[i]) << 4 | hexval(s[i + 1]));
        i++;
    }
    return 0;
}

static void civil(int64_t t, int *y, unsigned *m, unsigned *d, int *hh, int *mi, int *ss)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    tm_civil_from_days(days, y, m, d);
    *hh = (int)(secs / 3600);
    *mi = (int)(secs / 60 % 60);
    *ss = (int)(secs % 60);
}

static int base(int64_t t, char *out)
{
    int y, hh, mi, ss;
    unsigned m, d;
    civil(t, &y, &m, &d, &hh, &mi, &ss);
    return snprintf(out, TK_TS_LEN, "%04d-%02u-%02uT%02d:%02d:%02d", y, m, d, hh, mi, ss);
}

void tk_ts_utc_ms(int64_t t, uint32_t frac7, char out[TK_TS_LEN])
{
    int n = base(t, out);
    unsigned ms = frac7 / 10000;
    if (ms) {
        char f[8];
        snprintf(f, sizeof f, "%03u", ms);
        int l = 3;
        while (l > 1 && f[l - 1] == '0')
            l--;
        f[l] = '\0';
        n += snprintf(out + n, (size_t)(TK_TS_LEN - n), ".%s", f);
    }
    snprintf(out + n, (size_t)(TK_TS_LEN - n), "Z");
}

void tk_ts_local7(int64_t t, uint32_t frac7, char out[TK_TS_LEN])
{
    int n = base(t + tm_amsterdam_offset(t), out);
    snprintf(out + n, (size_t)(TK_TS_LEN - n), ".%07u", frac7 % 10000000u);
}

void tk_ts_offset7(int64_t t, uint32_t frac7, char out[TK_TS_LEN])
{
    int off = tm_amsterdam_offset(t);
    int n = base(t + off, out);
    snprintf(out + n, (size_t)(TK_TS_LEN - n), ".%07u%s", frac7 % 10000000u,
             off == 7200 ? "+02:00" : "+01:00");
}

void tk_ts_utc(int64_t t, char out[TK_TS_LEN])
{
    int n = base(t, out);
    snprintf(out + n, (size_t)(TK_TS_LEN - n), "Z");
}

void tk_ts_naive(int64_t t, char out[TK_TS_LEN])
{
    base(t + tm_amsterdam_offset(t), out);
}

void tk_ts_date(int64_t t, char out[TK_TS_LEN])
{
    base(t + tm_amsterdam_offset(t), out);
    out[10] = '\0';
}

void tk_local_civil(int64_t t, int *y, int *mo, int *d, int *hh, int *mi)
{
    unsigned m, dd;
    int ss;
    civil(t + tm_amsterdam_offset(t), y, &m, &dd, hh, mi, &ss);
    *mo = (int)m;
    *d = (int)dd;
}

int64_t tk_make_time(int y, int mo, int d, int hh, int mi, int ss)
{
    int64_t local = tm_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + hh * 3600 +
                    mi * 60 + ss;
    return tm_from_amsterdam(local);
}

int64_t tk_local_midnight(int64_t t)
{
    int y, mo, d, hh, mi;
    tk_local_civil(t, &y, &mo, &d, &hh, &mi);
    return tk_make_time(y, mo, d, 0, 0, 0);
}

void tk_vergaderjaar(int64_t t, char out[16])
{
    int y, mo, d, hh, mi;
    tk_local_civil(t, &y, &mo, &d, &hh, &mi);
    int start = mo >= 9 ? y : y - 1;
    snprintf(out, 16, "%d-%d", start, start + 1);
}

void tk_dutch_date(int64_t t, char out[48])
{
    static const char *const maand[] = {"januari", "februari", "maart",     "april",
                                        "mei",     "juni",     "juli",      "augustus",
                                        "september", "oktober", "november", "december"};
    int y, mo, d, hh, mi;
    tk_local_civil(t, &y, &mo, &d, &hh, &mi);
    snprintf(out, 48, "%d %s %d", d, maand[mo - 1], y);
}
