/*
 * hash — FNV-1a over bytes: the one string hash of the project's open-addressing tables.
 */
#ifndef KW_UTIL_HASH_H
#define KW_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t hash_fnv1a(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

#endif
