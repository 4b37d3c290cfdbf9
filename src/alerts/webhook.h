/*
 * webhook — POST of a JSON document to a user's URL, signed with HMAC-SHA256.
 *
 * Headers sent: Content-Type: application/json, X-Kamerwacht-Timestamp: <unix seconds>,
 * X-Kamerwacht-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + "." + body)>,
 * X-Kamerwacht-Delivery: <delivery id> (the same on every retry: receivers deduplicate on it).
 * Promise: WEBHOOK_OK only for a 2xx answer; 4xx other than 408/429 is permanent; everything
 * else (5xx, timeouts, refused connections) is temporary and retried by the outbox. Redirects
 * are not followed; only http and https are allowed; at most 10 seconds per attempt.
 * Unless allow_private, the connection is refused (permanently) when the address it would go
 * to is loopback, private, link-local, CGNAT, multicast or unspecified (IPv4, IPv6 and mapped
 * IPv4): the URL is the user's, and the server must not become their way into the internal
 * network (the check is on the resolved address at connect time, so DNS tricks do not help).
 * Environment proxies are not used.
 */
#ifndef KW_ALERTS_WEBHOOK_H
#define KW_ALERTS_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

enum webhook_result { WEBHOOK_OK = 0, WEBHOOK_TEMPORARY = 1, WEBHOOK_PERMANENT = 2 };

/* The signature header value for (secret, timestamp, body) into out (>= 72 bytes). */
void webhook_signature(const char *secret, int64_t ts, const char *body, size_t len, char *out,
                       size_t outlen);
enum webhook_result webhook_post(const char *url, const char *secret, const char *delivery_id,
                                 const char *body, size_t len, int64_t now, bool allow_private,
                                 char *err, size_t errlen);
/* True when the address is one a webhook must not reach without allow_private. */
bool webhook_address_internal(const struct sockaddr *sa);

#endif
