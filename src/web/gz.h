/*
 * gz — gzip encoding of response bodies, with a small shared cache of compressed bodies.
 *
 * Pages are rendered from the same database state many times over, so the same body (same
 * 64-bit hash and length) is often compressed again and again; the cache keeps recent results
 * so that a popular page costs one deflate, not one per request.
 *
 * Promises: gz_compress() produces a complete gzip member (RFC 1952) that zlib, curl and
 * browsers decode to exactly the input. It keeps one deflate state per thread (reset between
 * uses, freed when the thread ends), so it is thread-safe and allocation-free after warm-up.
 * The cache is thread-safe; a hit copies the stored bytes into the caller's buffer. Its total
 * size stays under the byte budget given to gz_cache_new(); bodies larger than 1/16 of the
 * budget are never cached.
 */
#ifndef KW_WEB_GZ_H
#define KW_WEB_GZ_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Appends the gzip encoding of in[0..n) to out. Returns 0, or -1 if zlib failed (out is
 * then unchanged). level: 1 (fast) .. 9 (small). */
int gz_compress(const void *in, size_t n, struct buf *out, int level);

struct gz_cache;

/* Returns NULL when memory is short. The caller owns the cache and frees it with
 * gz_cache_free() after every user is gone. */
struct gz_cache *gz_cache_new(size_t budget_bytes);
void gz_cache_free(struct gz_cache *c);
/* On a hit appends the compressed body to out and returns 1; else returns 0. */
int gz_cache_get(struct gz_cache *c, uint64_t hash, size_t raw_len, struct buf *out);
/* Stores a copy of gz[0..n) under (hash, raw_len), replacing what was in its slot. */
void gz_cache_put(struct gz_cache *c, uint64_t hash, size_t raw_len, const void *gz, size_t n);

#endif
