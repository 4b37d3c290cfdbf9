/*
 * crypto — the few cryptographic primitives the alerts need: SHA-256, HMAC-SHA256 (both from
 * OpenSSL's libcrypto), random bytes from the kernel (getrandom), hex and base64url text, and
 * a constant-time comparison.
 *
 * Promises: random tokens come from getrandom() and never from a PRNG seeded by us; a failure
 * to obtain randomness is reported, never papered over. Comparisons of secrets take time
 * independent of where they differ. Nothing here allocates.
 */
#ifndef KW_ALERTS_CRYPTO_H
#define KW_ALERTS_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AC_SHA256_LEN 32
#define AC_TOKEN_BYTES 24                /* 192 bits of randomness per token */
#define AC_TOKEN_TEXT 33                 /* base64url of 24 bytes (32 chars) + NUL */
#define AC_HEX_LEN (2 * AC_SHA256_LEN + 1) /* hex of a digest + NUL */

void ac_sha256(const void *data, size_t n, uint8_t out[AC_SHA256_LEN]);
void ac_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n,
                    uint8_t out[AC_SHA256_LEN]);
/* Fills buf with n random bytes from the kernel. Returns 0, or -1 when none could be had. */
int ac_random(void *buf, size_t n);
/* A fresh random token as base64url text (AC_TOKEN_TEXT bytes with the NUL). */
int ac_token(char out[AC_TOKEN_TEXT]);
/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void ac_hex(const uint8_t *in, size_t n, char *out);
/* base64url without padding of n bytes into out (4 * ceil(n / 3) + 1 bytes suffice). */
void ac_b64url(const uint8_t *in, size_t n, char *out);
/* Hex of the SHA-256 of a NUL-terminated string. */
void ac_sha256_hex(const char *s, char out[AC_HEX_LEN]);
/* Truncated HMAC as base64url: the first 18 bytes (24 characters + NUL) of
 * HMAC-SHA256(key, msg). For unforgeable links and CSRF tokens. */
#define AC_MAC_TEXT 25
void ac_mac_text(const uint8_t *key, size_t keylen, const char *msg, char out[AC_MAC_TEXT]);
/* Constant-time equality of two NUL-terminated strings (length differences leak only the
 * fact that they differ). */
bool ac_streq_ct(const char *a, const char *b);

#endif
