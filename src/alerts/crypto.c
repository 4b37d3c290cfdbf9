/*
 * crypto — SHA-256 and HMAC through libcrypto's EVP interface, randomness through getrandom();
 * see crypto.h.
 */
#include "alerts/crypto.h"

#include <errno.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>
#include <sys/random.h>

void ac_sha256(const void *data, size_t n, uint8_t out[AC_SHA256_LEN])
{
    unsigned int len = 0;
    EVP_Digest(data, n, out, &len, EVP_sha256(), NULL);
}

void ac_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n,
                    uint8_t out[AC_SHA256_LEN])
{
    unsigned int len = 0;
    HMAC(EVP_sha256(), key, (int)keylen, data, n, out, &len);
}

int ac_random(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        ssize_t r = getrandom(p, n, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

int ac_token(char out[AC_TOKEN_TEXT])
{
    uint8_t raw[AC_TOKEN_BYTES];
    if (ac_random(raw, sizeof raw))
        return -1;
    ac_b64url(raw, sizeof raw, out);
    return 0;
}

void ac_hex(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

void ac_b64url(const uint8_t *in, size_t n, char *out)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = tab[v >> 18 & 63];
        out[o++] = tab[v >> 12 & 63];
        out[o++] = tab[v >> 6 & 63];
        out[o++] = tab[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        out[o++] = tab[v >> 18 & 63];
        out[o++] = tab[v >> 12 & 63];
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        out[o++] = tab[v >> 18 & 63];
        out[o++] = tab[v >> 12 & 63];
        out[o++] = tab[v >> 6 & 63];
    }
    out[o] = '\0';
}

void ac_sha256_hex(const char *s, char out[AC_HEX_LEN])
{
    uint8_t d[AC_SHA256_LEN];
    ac_sha256(s, strlen(s), d);
    ac_hex(d, sizeof d, out);
}

void ac_mac_text(const uint8_t *key, size_t keylen, const char *msg, char out[AC_MAC_TEXT])
{
    uint8_t d[AC_SHA256_LEN];
    ac_hmac_sha256(key, keylen, msg, strlen(msg), d);
    ac_b64url(d, 18, out);
}

bool ac_streq_ct(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char diff = la != lb;
    size_t n = la < lb ? la : lb;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}
