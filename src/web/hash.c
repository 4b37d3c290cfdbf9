/*
 * hash — four independent 64-bit multiply-rotate lanes over 32-byte blocks (so the CPU can
 * run them in parallel), a word-at-a-time tail, and a xor-shift-multiply finaliser that
 * spreads every input bit over the whole result.
 */
#include "web/hash.h"

#include <string.h>

#define P1 0x9E3779B97F4A7C15ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL

static inline uint64_t rotl(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t read64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t lane(uint64_t acc, uint64_t w)
{
    return rotl(acc + w * P2, 31) * P1;
}

static uint64_t finish(uint64_t h)
{
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

uint64_t hash64(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h;
    size_t left = n;
    if (left >= 32) {
        uint64_t a = P1 + P2, b = P2, c = 0, d = (uint64_t)0 - P1;
        do {
            a = lane(a, read64(p));
            b = lane(b, read64(p + 8));
            c = lane(c, read64(p + 16));
            d = lane(d, read64(p + 24));
            p += 32;
            left -= 32;
        } while (left >= 32);
        h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18);
    } else {
        h = P3;
    }
    h += (uint64_t)n;
    while (left >= 8) {
        h ^= lane(0, read64(p));
        h = rotl(h, 27) * P1 + P3;
        p += 8;
        left -= 8;
    }
    while (left) {
        h ^= (uint64_t)*p * P3;
        h = rotl(h, 11) * P1;
        p++;
        left--;
    }
    return finish(h);
}
