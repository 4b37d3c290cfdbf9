/*
 * smtp — building an alert mail (RFC 5322 + MIME) and handing it to an SMTP server through
 * libcurl.
 *
 * Promises for smtp_build():
 *  - multipart/alternative with a text/plain part (quoted-printable) and a text/html part
 *    (base64), both UTF-8; CRLF line endings; no line over 998 octets.
 *  - Subject encoded per RFC 2047 (B, UTF-8) when it is not plain ASCII; header values never
 *    contain CR or LF (they are replaced by blanks), so no header can be injected.
 *  - Message-ID is given by the caller (stored with the outbox row: a retry sends the very
 *    same message), Date, MIME-Version, Auto-Submitted: auto-generated, Precedence: bulk, and
 *    when an unsubscribe URL is given List-Unsubscribe: <url> with
 *    List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058).
 * smtp_send() returns SMTP_OK only when the server accepted the message (250 after DATA).
 */
#ifndef KW_ALERTS_SMTP_H
#define KW_ALERTS_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alerts/config.h"
#include "util/buf.h"

struct mail {
    const char *from;        /* "Kamerwacht <a@b.nl>" or "a@b.nl" */
    const char *to;          /* a bare address */
    const char *subject;     /* UTF-8 */
    const char *message_id;  /* "<...@host>" */
    const char *unsubscribe; /* one-click URL, or NULL */
    const char *text;        /* UTF-8, LF or CRLF line ends */
    const char *html;        /* UTF-8, may be NULL (text only) */
    int64_t date;            /* seconds since the epoch */
};

void smtp_build(const struct mail *m, struct buf *out);
/* Encodes s as an RFC 2047 header value (only when needed) into out. */
void smtp_encode_header(const char *s, struct buf *out);
/* A fresh Message-ID "<random@domain-of-from>" into out (>= 128 bytes). */
int smtp_message_id(const char *from, char *out, size_t outlen);
/* The bare address inside "Name <addr>" (or s itself) into out. */
void smtp_bare_address(const char *s, char *out, size_t outlen);

enum smtp_result { SMTP_OK = 0, SMTP_TEMPORARY = 1, SMTP_PERMANENT = 2 };
/* What the server answered last (filled on every send). */
struct smtp_reply {
    int code;          /* the last reply code; 0: none (no connection, timeout) */
    char enhanced[16]; /* its enhanced status code (RFC 3463) such as "5.1.1", or "" */
    bool at_recipient; /* the reply answered RCPT TO or DATA: it concerns the recipient */
};
/* Sends msg[0..len) to rcpt with envelope sender envelope_from (NULL: the bare address of
 * cfg->mail_from). SMTP_PERMANENT only for a 5xx answer to RCPT TO or DATA (the address or
 * the message is refused for good); a 5xx earlier (AUTH, MAIL FROM: our own configuration)
 * and every 4xx, connection or TLS failure are SMTP_TEMPORARY. err receives the server's or
 * libcurl's reason on failure; reply (may be NULL) the last reply. */
enum smtp_result smtp_send(const struct kw_config *cfg, const char *envelope_from,
                           const char *rcpt, const char *msg, size_t len,
                           struct smtp_reply *reply, char *err, size_t errlen);
/* The reply code and enhanced status at the start of an SMTP reply line ("550 5.1.1 ...",
 * "550-5.1.1 ..."): fills r->code (0 when the line does not start with three digits) and
 * r->enhanced. */
void smtp_parse_reply(const char *line, size_t len, struct smtp_reply *r);

#endif
