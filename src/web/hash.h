/*
 * hash — a fast non-cryptographic 64-bit hash for ETags and cache keys.
 *
 * Promise: deterministic across runs and machines of the same endianness (no random seed),
 * so an ETag stays valid across restarts as long as the body is the same. Not for anything
 * an attacker must not be able to collide on purpose: it only names response bodies.
 */
#ifndef KW_WEB_HASH_H
#define KW_WEB_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash64(const void *data, size_t n);

#endif
