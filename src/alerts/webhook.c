/*
 * webhook — one signed POST per delivery through libcurl; see webhook.h.
 */
#include "alerts/webhook.h"

#include <curl/curl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "alerts/crypto.h"
#include "util/buf.h"

void webhook_signature(const char *secret, int64_t ts, const char *body, size_t len, char *out,
                       size_t outlen)
{
    struct buf m = BUF_INIT;
    buf_printf(&m, "%lld.", (long long)ts);
    buf_add(&m, body, len);
    uint8_t d[AC_SHA256_LEN];
    ac_hmac_sha256(secret, strlen(secret), m.data, m.len, d);
    buf_free(&m);
    char hex[AC_HEX_LEN];
    ac_hex(d, sizeof d, hex);
    snprintf(out, outlen, "sha256=%s", hex);
}

bool webhook_address_internal(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        const uint8_t *b =
            (const uint8_t *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr;
        return b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 169 && b[1] == 254) ||
               (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) ||
               (b[0] == 100 && (b[1] & 0xC0) == 64) || b[0] >= 224;
    }
    if (sa->sa_family == AF_INET6) {
        const uint8_t *b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
        static const uint8_t zero[16], mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
        if (!memcmp(b, mapped, 12)) { /* ::ffff:a.b.c.d: the IPv4 rules */
            struct sockaddr_in v4 = {.sin_family = AF_INET};
            memcpy(&v4.sin_addr.s_addr, b + 12, 4);
            return webhook_address_internal((const struct sockaddr *)(const void *)&v4);
        }
        if (!memcmp(b, zero, 15) && (b[15] == 0 || b[15] == 1)) /* :: and ::1 */
            return true;
        return (b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || b[0] == 0xFF;
    }
    return true; /* anything else is not a webhook address */
}

struct guard {
    bool allow_private, refused;
};

static curl_socket_t open_guarded(void *ctx, curlsocktype purpose, struct curl_sockaddr *addr)
{
    struct guard *g = ctx;
    (void)purpose;
    if (!g->allow_private && webhook_address_internal(&addr->addr)) {
        g->refused = true;
        return CURL_SOCKET_BAD;
    }
    return socket(addr->family, addr->socktype, addr->protocol);
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

enum webhook_result webhook_post(const char *url, const char *secret, const char *delivery_id,
                                 const char *body, size_t len, int64_t now, bool allow_private,
                                 char *err, size_t errlen)
{
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, errlen, "libcurl: cannot create a handle");
        return WEBHOOK_TEMPORARY;
    }
    char sig[96], h1[128], h2[64], h3[96];
    webhook_signature(secret, now, body, len, sig, sizeof sig);
    snprintf(h1, sizeof h1, "X-Kamerwacht-Signature: %s", sig);
    snprintf(h2, sizeof h2, "X-Kamerwacht-Timestamp: %lld", (long long)now);
    snprintf(h3, sizeof h3, "X-Kamerwacht-Delivery: %s", delivery_id);
    struct curl_slist *hs = curl_slist_append(NULL, "Content-Type: application/json");
    hs = curl_slist_append(hs, h1);
    hs = curl_slist_append(hs, h2);
    hs = curl_slist_append(hs, h3);
    char curlerr[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curlerr);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "kamerwacht-webhook/" KW_VERSION);
    curl_easy_setopt(c, CURLOPT_PROXY, ""); /* straight to the address that is checked */
    struct guard g = {allow_private, false};
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_guarded);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &g);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hs);
    curl_easy_cleanup(c);
    if (g.refused) {
        snprintf(err, errlen, "webhook address refused: loopback, private or link-local"
                              " ([alerts] webhook_private)");
        return WEBHOOK_PERMANENT;
    }
    if (rc != CURLE_OK) {
        snprintf(err, errlen, "%s%s%s", curl_easy_strerror(rc), curlerr[0] ? ": " : "", curlerr);
        return WEBHOOK_TEMPORARY;
    }
    if (code >= 200 && code < 300)
        return WEBHOOK_OK;
    snprintf(err, errlen, "HTTP %ld", code);
    return code >= 400 && code < 500 && code != 408 && code != 429 ? WEBHOOK_PERMANENT
                                                                   : WEBHOOK_TEMPORARY;
}
