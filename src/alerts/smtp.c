/*
 * smtp — MIME assembly by hand (so the stored bytes are exactly what is sent, on every retry)
 * and delivery with libcurl's SMTP: MAIL FROM, RCPT TO, DATA from a read callback.
 */
#include "alerts/smtp.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "alerts/crypto.h"

static void put_header_value(struct buf *out, const char *s)
{
    for (; *s; s++)
        buf_addc(out, (*s == '\r' || *s == '\n') ? ' ' : *s);
}

static bool is_ascii_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

static void b64(const unsigned char *in, size_t n, struct buf *out)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        char q[4] = {tab[v >> 18 & 63], tab[v >> 12 & 63], tab[v >> 6 & 63], tab[v & 63]};
        buf_add(out, q, 4);
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        char q[4] = {tab[v >> 18 & 63], tab[v >> 12 & 63], '=', '='};
        buf_add(out, q, 4);
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        char q[4] = {tab[v >> 18 & 63], tab[v >> 12 & 63], tab[v >> 6 & 63], '='};
        buf_add(out, q, 4);
    }
}

void smtp_encode_header(const char *s, struct buf *out)
{
    if (is_ascii_printable(s)) {
        put_header_value(out, s);
        return;
    }
    /* Encoded words of at most 45 input bytes (60 base64 chars + 12 = 72 < 75), cut only
     * between UTF-8 sequences, separated by folding white space. */
    size_t n = strlen(s), i = 0;
    bool first = true;
    while (i < n) {
        size_t take = n - i < 45 ? n - i : 45;
        while (take < n - i && take > 0 && ((unsigned char)s[i + take] & 0xC0) == 0x80)
            take--;
        if (take == 0)
            take = n - i < 45 ? n - i : 45;
        unsigned char chunk[48];
        for (size_t k = 0; k < take; k++)
            chunk[k] = (s[i + k] == '\r' || s[i + k] == '\n') ? ' ' : (unsigned char)s[i + k];
        if (!first)
            buf_adds(out, "\r\n ");
        buf_adds(out, "=?UTF-8?B?");
        b64(chunk, take, out);
        buf_adds(out, "?=");
        first = false;
        i += take;
    }
}

/* Quoted-printable (RFC 2045) with CRLF hard breaks and soft breaks before 76 columns. */
static void qp(const char *s, struct buf *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\r')
            continue;
        if (*p == '\n') {
            /* trailing blank before a hard break must be encoded */
            if (out->len && (out->data[out->len - 1] == ' ' || out->data[out->len - 1] == '\t')) {
                char c = out->data[out->len - 1];
                buf_truncate(out, out->len - 1);
                buf_addc(out, '=');
                buf_addc(out, hex[(unsigned char)c >> 4]);
                buf_addc(out, hex[(unsigned char)c & 15]);
            }
            buf_adds(out, "\r\n");
            col = 0;
            continue;
        }
        char enc[4];
        size_t len;
        if ((*p >= 33 && *p <= 126 && *p != '=') || *p == ' ' || *p == '\t') {
            enc[0] = (char)*p;
            len = 1;
        } else {
            enc[0] = '=';
            enc[1] = hex[*p >> 4];
            enc[2] = hex[*p & 15];
            len = 3;
        }
        /* a leading '.' is fine: curl dot-stuffs DATA itself */
        if (col + len > 75) {
            buf_adds(out, "=\r\n");
            col = 0;
        }
        buf_add(out, enc, len);
        col += len;
    }
}

static void b64_lines(const char *s, struct buf *out)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i += 57) {
        b64((const unsigned char *)s + i, n - i < 57 ? n - i : 57, out);
        buf_adds(out, "\r\n");
    }
}

void smtp_bare_address(const char *s, char *out, size_t outlen)
{
    const char *lt = strrchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt) {
        size_t n = (size_t)(gt - lt - 1);
        if (n >= outlen)
            n = outlen - 1;
        memcpy(out, lt + 1, n);
        out[n] = '\0';
    } else {
        snprintf(out, outlen, "%s", s);
    }
}

int smtp_message_id(const char *from, char *out, size_t outlen)
{
    char tok[AC_TOKEN_TEXT], addr[320];
    if (ac_token(tok))
        return -1;
    smtp_bare_address(from, addr, sizeof addr);
    const char *at = strchr(addr, '@');
    snprintf(out, outlen, "<%s@%s>", tok, at && at[1] ? at + 1 : "kamerwacht.invalid");
    return 0;
}

void smtp_build(const struct mail *m, struct buf *out)
{
    char date[64], boundary[64], tok[AC_TOKEN_TEXT];
    struct tm tm;
    time_t t = (time_t)m->date;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    if (ac_token(tok))
        snprintf(tok, sizeof tok, "kw%lld", (long long)m->date);
    snprintf(boundary, sizeof boundary, "=_kw_%s", tok);

    buf_adds(out, "From: ");
    put_header_value(out, m->from);
    buf_adds(out, "\r\nTo: ");
    put_header_value(out, m->to);
    buf_adds(out, "\r\nSubject: ");
    smtp_encode_header(m->subject, out);
    buf_printf(out, "\r\nDate: %s\r\nMessage-ID: ", date);
    put_header_value(out, m->message_id);
    buf_adds(out, "\r\nMIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n"
                  "Precedence: bulk\r\nX-Auto-Response-Suppress: All\r\n");
    if (m->unsubscribe) {
        buf_adds(out, "List-Unsubscribe: <");
        put_header_value(out, m->unsubscribe);
        buf_adds(out, ">\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    }
    if (!m->html) {
        buf_adds(out, "Content-Type: text/plain; charset=utf-8\r\n"
                      "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        qp(m->text, out);
        buf_adds(out, "\r\n");
        return;
    }
    buf_printf(out, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", boundary);
    buf_adds(out, "This is a message in MIME format.\r\n");
    buf_printf(out, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", boundary);
    qp(m->text, out);
    buf_printf(out, "\r\n--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\n", boundary);
    b64_lines(m->html, out);
    buf_printf(out, "--%s--\r\n", boundary);
}

struct reader {
    const char *p;
    size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
    struct reader *r = ud;
    size_t n = size * nmemb;
    if (n > r->left)
        n = r->left;
    memcpy(dst, r->p, n);
    r->p += n;
    r->left -= n;
    return n;
}

void smtp_parse_reply(const char *line, size_t len, struct smtp_reply *r)
{
    r->code = 0;
    r->enhanced[0] = '\0';
    if (len < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '9' ||
        line[2] < '0' || line[2] > '9' || (len > 3 && line[3] != ' ' && line[3] != '-' &&
                                           line[3] != '\r' && line[3] != '\n'))
        return;
    r->code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    /* "class.subject.detail": class 2, 4 or 5 equal to the reply's; 1-3 and 1-3 digits */
    size_t i = 4, start = 4;
    if (len <= i || line[i] != line[0])
        return;
    i++;
    for (int part = 0; part < 2; part++) {
        if (i >= len || line[i] != '.')
            return;
        i++;
        size_t d = 0;
        while (i < len && line[i] >= '0' && line[i] <= '9' && d < 3)
            i++, d++;
        if (!d)
            return;
    }
    if (i < len && line[i] != ' ' && line[i] != '\r' && line[i] != '\n')
        return;
    size_t n = i - start;
    if (n < sizeof r->enhanced) {
        memcpy(r->enhanced, line + start, n);
        r->enhanced[n] = '\0';
    }
}

/* Follows the dialogue (libcurl's debug callback) to know which command a reply answered. */
struct dialogue {
    bool at_recipient;      /* the last command sent was RCPT TO or DATA */
    struct smtp_reply last; /* the first refusal, else the last reply */
};

static int debug_cb(CURL *c, curl_infotype type, char *data, size_t size, void *ud)
{
    (void)c;
    struct dialogue *d = ud;
    if (type == CURLINFO_HEADER_OUT) {
        d->at_recipient = (size >= 8 && !strncasecmp(data, "RCPT TO:", 8)) ||
                          (size >= 4 && !strncasecmp(data, "DATA", 4));
    } else if (type == CURLINFO_HEADER_IN) {
        struct smtp_reply r;
        smtp_parse_reply(data, size, &r);
        if (r.code && d->last.code < 400) { /* the first refusal stays (not QUIT's 221) */
            r.at_recipient = d->at_recipient;
            d->last = r;
        }
    }
    return 0;
}

enum smtp_result smtp_send(const struct kw_config *cfg, const char *envelope_from,
                           const char *rcpt, const char *msg, size_t len,
                           struct smtp_reply *reply, char *err, size_t errlen)
{
    struct smtp_reply none = {0, "", false};
    if (reply)
        *reply = none;
    if (!cfg->smtp_host[0]) {
        snprintf(err, errlen, "no [smtp] host configured");
        return SMTP_TEMPORARY;
    }
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, errlen, "libcurl: cannot create a handle");
        return SMTP_TEMPORARY;
    }
    char url[2 * CFG_STR + 64], from[CFG_STR];
    snprintf(url, sizeof url, "%s://%s:%d/%s", cfg->smtp_tls == CFG_TLS_IMPLICIT ? "smtps" : "smtp",
             cfg->smtp_host, cfg->smtp_port, cfg->helo);
    smtp_bare_address(envelope_from ? envelope_from : cfg->mail_from, from, sizeof from);
    char fromarg[CFG_STR + 4];
    snprintf(fromarg, sizeof fromarg, "<%s>", from);
    char rcptarg[340];
    snprintf(rcptarg, sizeof rcptarg, "<%s>", rcpt);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcptarg);
    struct reader r = {msg, len};
    char curlerr[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, fromarg);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &r);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curlerr);
    struct dialogue dl = {false, {0, "", false}};
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, debug_cb);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, &dl);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg->smtp_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->smtp_timeout_s * 4);
    if (cfg->smtp_tls == CFG_TLS_STARTTLS)
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (cfg->smtp_ca_file[0])
        curl_easy_setopt(c, CURLOPT_CAINFO, cfg->smtp_ca_file);
    if (cfg->smtp_user[0]) {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password);
    }
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpts);
    curl_easy_cleanup(c);
    if (reply)
        *reply = dl.last;
    if (rc == CURLE_OK)
        return SMTP_OK;
    snprintf(err, errlen, "%s%s%s (SMTP %ld%s%s)", curl_easy_strerror(rc), curlerr[0] ? ": " : "",
             curlerr, code, dl.last.enhanced[0] ? " " : "", dl.last.enhanced);
    /* 5xx to RCPT or DATA: this address or message will not be taken, ever. Everything
     * else may pass later (a 5xx to AUTH or MAIL FROM is our configuration, not the
     * recipient's address: retried, and never counted against the account). */
    return code >= 500 && code < 600 && dl.last.at_recipient ? SMTP_PERMANENT : SMTP_TEMPORARY;
}
