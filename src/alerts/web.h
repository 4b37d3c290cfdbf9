/*
 * web — the pages of the alerts: signing in by e-mail link, the account page (monitors with
 * preview, frequency, webhook, personal feed, delivery status, export, deletion), and the
 * pages reached from a mail without signing in (manage, one-click unsubscribe, Atom feed).
 *
 * How it plugs into the website: alerts_routes() is a route table whose handlers expect a
 * struct alerts_web as ctx; alerts_web_handle() is an http_handler that answers those routes
 * and hands every other request to a fallback handler (the site), so the daemon serves both
 * from one server without the site knowing about alerts.
 *
 * Promises:
 *  - Every POST that changes an account checks a CSRF token bound to the session (or, before
 *    signing in, to a random pre-session cookie); without a valid token the answer is 403 and
 *    nothing changes. The one-click unsubscribe POST (RFC 8058) is authorised by the HMAC in
 *    its URL instead, as mail clients send it without cookies.
 *  - Cookies: kw_sid (session) and kw_pre (pre-session), HttpOnly, SameSite=Lax, Path=/,
 *    Secure when the configured base URL is https.
 *  - A sign-in request answers the same whether the address is known or not, and is limited
 *    per address, per client and for the whole site (in memory, see accounts.h). The mail is
 *    queued in the outbox; on_queued lets the daemon deliver it at once.
 *  - Pages use the escaping writers only; no IP address is read or stored.
 *  - Handlers are safe on every thread of the HTTP pool: one mutex guards the connection.
 */
#ifndef KW_ALERTS_WEB_H
#define KW_ALERTS_WEB_H

#include <stddef.h>

#include "alerts/config.h"
#include "web/http.h"
#include "web/route.h"

struct alerts_web;

struct alerts_web_opts {
    const char *db_path;         /* the store; opened read-write (WAL) by the web layer */
    const struct kw_config *cfg; /* base URL, mail sender, rate limits */
    /* The raw Cookie header of a request, or NULL; NULL here means rq->cookie (tests set it). */
    const char *(*cookie_of)(const struct http_request *rq);
    /* An opaque client key for the per-client rate limit (never stored); NULL here means the
     * peer address rq->client, kept only in the in-memory rate-limit window. */
    const char *(*client_of)(const struct http_request *rq);
    void (*on_queued)(void *ctx); /* a sign-in mail was queued */
    void *on_queued_ctx;
    http_handler fallback;        /* for every other path (the site); NULL: 404 */
    void *fallback_ctx;
    int64_t (*clock)(void *ctx);  /* tests */
    void *clock_ctx;
};

int alerts_web_open(const struct alerts_web_opts *o, struct alerts_web **out, char *err,
                    size_t errlen);
void alerts_web_close(struct alerts_web *w);

/* The table of alert pages (handlers take a struct alerts_web as ctx). */
const struct route *alerts_routes(size_t *n);
/* http_handler: the alert pages, else the fallback. ctx is the struct alerts_web. */
int alerts_web_handle(void *ctx, const struct http_request *rq, struct http_response *rs);

/* For tests: the CSRF token a page would embed for this binding (session or pre-session id). */
void alerts_web_csrf(struct alerts_web *w, const char *binding, char out[32]);

#endif
