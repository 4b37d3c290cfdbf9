/*
 * webhook — POST of a JSON document to a user's URL, signed with HMAC-SHA256.
 *
 * Headers sent: Content-Type: application/json, X-Kamerwacht-Timestamp: <unix seconds>,
 * X-Kamerwacht-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + "." + body)>,
 * X-Kamerwacht-Delivery: <delivery id> (the same on every retry: receivers deduplicate on it).
 * Promise: WEBHOOK_OK only for a 2xx answer; 4xx other than 408/429 is permanent; everything
 * else (5xx, timeouts, refused connections) is temporary and retried by the outbox. Redirects
 * are not followed; only http and https are allowed; at most 10 seconds per attempt.
 */
#ifndef KW_ALERTS_WEBHOOK_H
#define KW_ALERTS_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

enum webhook_result { WEBHOOK_OK = 0, WEBHOOK_TEMPORARY = 1, WEBHOOK_PERMANENT = 2 };

/* The signature header value for (secret, timestamp, body) into out (>= 72 bytes). */
void webhook_signature(const char *secret, int64_t ts, const char *body, size_t len, char *out,
                       size_t outlen);
enum webhook_result webhook_post(const char *url, const char *secret, const char *delivery_id,
                                 const char *body, size_t len, int64_t now, char *err,
                                 size_t errlen);

#endif
