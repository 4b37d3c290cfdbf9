/*
 * webhook — one signed POST per delivery through libcurl; see webhook.h.
 */
#include "alerts/webhook.h"

#include <curl/curl.h>
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

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

enum webhook_result webhook_post(const char *url, const char *secret, const char *delivery_id,
                                 const char *body, size_t len, int64_t now, char *err,
                                 size_t errlen)
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
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hs);
    curl_easy_cleanup(c);
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
