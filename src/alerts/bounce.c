/*
 * bounce — parsing bounce messages (see bounce.h for what counts as what) and the bounce
 * record of an account: alert_bounce(uid, token, hard, soft, last_at, last_kind, last_code,
 * suspended_at).
 *
 * The parser works on a bounded copy of the input (BOUNCE_MAX_INPUT bytes, NUL bytes made
 * blanks), line by line; every field it keeps is length-checked and reduced to a fixed set of
 * characters, so hostile input can at worst be misread, never overrun anything.
 */
#include "alerts/bounce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alerts_int.h"

static int lc(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool starts_ci(const char *s, size_t n, const char *p)
{
    size_t l = strlen(p);
    if (n < l)
        return false;
    for (size_t i = 0; i < l; i++)
        if (lc((unsigned char)s[i]) != lc((unsigned char)p[i]))
            return false;
    return true;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Characters of an address as we accept it (no quoting, no comments). */
static bool addr_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
           (c && strchr(".!#$%&'*+/=?^_`{|}~-@", c));
}

/* s[0..n) as a bare lower-case address: an optional "rfc822;" type, blanks and <> around it
 * are dropped. false when what is left is not local@domain.tld. */
static bool clean_address(const char *s, size_t n, char *out, size_t outlen)
{
    const char *semi = memchr(s, ';', n);
    if (semi) {
        n -= (size_t)(semi + 1 - s);
        s = semi + 1;
    }
    while (n && (*s == ' ' || *s == '\t' || *s == '<'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '>' || s[n - 1] == '.'))
        n--;
    if (!n || n >= outlen || n > 254)
        return false;
    size_t at = 0, nat = 0;
    for (size_t i = 0; i < n; i++) {
        if (!addr_char((unsigned char)s[i]))
            return false;
        if (s[i] == '@')
            at = i, nat++;
    }
    if (nat != 1 || at == 0 || at + 1 >= n || !memchr(s + at + 1, '.', n - at - 1))
        return false;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)lc((unsigned char)s[i]);
    out[n] = '\0';
    return true;
}

static void add_rcpt(struct bounce_info *b, const char *addr)
{
    for (size_t i = 0; i < b->nrcpt; i++)
        if (!strcmp(b->rcpt[i], addr))
            return;
    if (b->nrcpt < BOUNCE_MAX_RCPT)
        snprintf(b->rcpt[b->nrcpt++], sizeof b->rcpt[0], "%s", addr);
}

/* Looks for local+TOKEN@domain (case-insensitive) in v[0..n). */
static void find_token(const char *v, size_t n, const char *local, const char *domain,
                       struct bounce_info *b)
{
    size_t ll = strlen(local), dl = strlen(domain);
    if (b->token[0] || !ll || !dl)
        return;
    for (size_t i = 0; i + ll + 1 + BOUNCE_TOKEN_LEN + 1 + dl <= n; i++) {
        if (i && addr_char((unsigned char)v[i - 1]))
            continue; /* "xbounces+..." is not ours */
        if (!starts_ci(v + i, n - i, local) || v[i + ll] != '+')
            continue;
        const char *t = v + i + ll + 1;
        size_t k = 0;
        while (k < BOUNCE_TOKEN_LEN && is_hex((unsigned char)t[k]))
            k++;
        if (k != BOUNCE_TOKEN_LEN || t[k] != '@' || !starts_ci(t + k + 1, n - (size_t)(t + k + 1 - v), domain))
            continue;
        size_t end = (size_t)(t + k + 1 - v) + dl;
        bool final_dot = end < n && v[end] == '.' &&
                         (end + 1 >= n || !addr_char((unsigned char)v[end + 1]));
        if (end < n && addr_char((unsigned char)v[end]) && !final_dot)
            continue; /* a longer domain (a full stop after it is fine) */
        for (size_t j = 0; j < BOUNCE_TOKEN_LEN; j++)
            b->token[j] = (char)lc((unsigned char)t[j]);
        b->token[BOUNCE_TOKEN_LEN] = '\0';
        return;
    }
}

/* An enhanced status code "c.s.d" (c 2, 4 or 5; s, d 1-3 digits) at s[0..n) as a word. */
static size_t enhanced_at(const char *s, size_t n)
{
    if (!n || (s[0] != '2' && s[0] != '4' && s[0] != '5'))
        return 0;
    size_t i = 1;
    for (int part = 0; part < 2; part++) {
        if (i >= n || s[i] != '.')
            return 0;
        i++;
        size_t d = 0;
        while (i < n && is_digit((unsigned char)s[i]) && d < 3)
            i++, d++;
        if (!d)
            return 0;
    }
    if (i < n && (is_digit((unsigned char)s[i]) || s[i] == '.'))
        return 0;
    return i;
}

static void set_status(struct bounce_info *b, const char *s, size_t n)
{
    if (n >= sizeof b->status)
        n = sizeof b->status - 1;
    memcpy(b->status, s, n);
    b->status[n] = '\0';
}

/* The first enhanced code in a line (a word on its own); 1 when found. */
static int scan_enhanced(const char *s, size_t n, struct bounce_info *b)
{
    for (size_t i = 0; i < n; i++) {
        if (i && (is_digit((unsigned char)s[i - 1]) || s[i - 1] == '.'))
            continue;
        size_t k = enhanced_at(s + i, n - i);
        if (k && s[i] != '2') {
            set_status(b, s + i, k);
            return 1;
        }
    }
    return 0;
}

/* A reply code 4xx/5xx where MTAs put one: at the start of the line (after blanks) or right
 * after a colon ("... said: 550 ..."), followed by a blank or '-'. */
static int scan_reply(const char *s, size_t n, char out[4])
{
    for (size_t i = 0; i + 3 < n; i++) {
        if (s[i] != '4' && s[i] != '5')
            continue;
        size_t j = i;
        while (j && (s[j - 1] == ' ' || s[j - 1] == '\t'))
            j--;
        if (j && s[j - 1] != ':')
            continue;
        if (!is_digit((unsigned char)s[i + 1]) || !is_digit((unsigned char)s[i + 2]) ||
            (s[i + 3] != ' ' && s[i + 3] != '-'))
            continue;
        memcpy(out, s + i, 3);
        out[3] = '\0';
        return 1;
    }
    return 0;
}

/* Where a bounce starts quoting the message that bounced: our own text, never read for
 * codes or addresses. */
static bool quoted_original(const char *s, size_t n)
{
    static const char *const marks[] = {
        "content-type: message/rfc822", "content-type: text/rfc822-headers",
        "------ this is a copy of the message", "--- below this line is a copy",
        "----- original message", "original message follows",
        "content-type: message/global", "content-type: text/global-headers",
    };
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        for (size_t i = 0; i < n && i < 8; i++)
            if (starts_ci(s + i, n - i, marks[k]))
                return true;
    return false;
}

/* Body addresses of a plain bounce: words shaped like addresses, not the mailer's own. */
static void scan_addresses(const char *s, size_t n, const char *bounce_domain,
                           struct bounce_info *b)
{
    for (size_t i = 0; i < n && b->nrcpt < BOUNCE_MAX_RCPT; i++) {
        if (s[i] != '@')
            continue;
        size_t st = i, en = i + 1;
        while (st && addr_char((unsigned char)s[st - 1]) && s[st - 1] != '@')
            st--;
        while (en < n && addr_char((unsigned char)s[en]) && s[en] != '@')
            en++;
        char addr[256];
        if (!clean_address(s + st, en - st, addr, sizeof addr))
            continue;
        const char *dom = strchr(addr, '@') + 1;
        if (!strncmp(addr, "mailer-daemon@", 14) || !strncmp(addr, "postmaster@", 11) ||
            (bounce_domain[0] && !strcmp(dom, bounce_domain)))
            continue;
        add_rcpt(b, addr);
        i = en;
    }
}

static enum bounce_kind kind_of_status(const char *st)
{
    if (st[0] == '4')
        return BOUNCE_SOFT;
    if (st[0] != '5')
        return BOUNCE_NONE;
    if (!strcmp(st, "5.2.2") || !strncmp(st, "5.7.", 4))
        return BOUNCE_SOFT; /* mailbox full; policy: not a dead address */
    return BOUNCE_HARD;
}

/* One unfolded top-level header: the bounce's own recipient (our VERP address) and Exim's
 * X-Failed-Recipients. */
static void flush_header(const char *hdr, size_t hl, const char *local, const char *domain,
                         struct bounce_info *out)
{
    static const char *const rcpt_headers[] = {
        "to:", "delivered-to:", "x-original-to:", "envelope-to:", "x-envelope-to:",
    };
    for (size_t k = 0; k < sizeof rcpt_headers / sizeof rcpt_headers[0]; k++)
        if (starts_ci(hdr, hl, rcpt_headers[k]))
            find_token(hdr, hl, local, domain, out);
    if (starts_ci(hdr, hl, "x-failed-recipients:")) {
        const char *v = hdr + 20;
        size_t vl = hl - 20;
        while (vl) {
            const char *comma = memchr(v, ',', vl);
            size_t one = comma ? (size_t)(comma - v) : vl;
            char addr[256];
            if (clean_address(v, one, addr, sizeof addr))
                add_rcpt(out, addr);
            if (!comma)
                break;
            vl -= one + 1;
            v = comma + 1;
        }
    }
}

void bounce_parse(const char *msg, size_t len, const char *bounce_address,
                  const char *envelope_rcpt, struct bounce_info *out)
{
    memset(out, 0, sizeof *out);
    char local[CFG_STR] = "", domain[CFG_STR] = "";
    if (bounce_address && strchr(bounce_address, '@')) {
        const char *at = strchr(bounce_address, '@');
        snprintf(local, sizeof local, "%.*s", (int)(at - bounce_address), bounce_address);
        for (size_t i = 0; at[1 + i] && i + 1 < sizeof domain; i++)
            domain[i] = (char)lc((unsigned char)at[1 + i]);
    }
    if (envelope_rcpt)
        find_token(envelope_rcpt, strlen(envelope_rcpt), local, domain, out);
    if (len > BOUNCE_MAX_INPUT)
        len = BOUNCE_MAX_INPUT;
    char *m = malloc(len + 1);
    if (!m)
        abort();
    for (size_t i = 0; i < len; i++)
        m[i] = msg[i] ? msg[i] : ' ';
    m[len] = '\0';

    bool in_headers = true, quoted = false, action_seen = false;
    char action[16] = "", dsn_status[16] = "", final_rcpt[256] = "", orig_rcpt[256] = "";
    char enh[16] = "", reply[4] = "";
    size_t pos = 0;
    /* Top-level headers are unfolded into hdr before they are looked at. */
    char hdr[2048];
    size_t hl = 0;
    while (pos <= len) {
        const char *nl = memchr(m + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - m) : len;
        const char *s = m + pos;
        size_t n = end - pos;
        if (n && s[n - 1] == '\r')
            n--;
        pos = end + 1;
        if (in_headers) {
            bool cont = n && (s[0] == ' ' || s[0] == '\t');
            if ((!cont || !n) && hl) { /* the previous header is complete */
                flush_header(hdr, hl, local, domain, out);
                hl = 0;
            }
            if (!n) {
                in_headers = false;
                continue;
            }
            size_t take = n < sizeof hdr - hl ? n : sizeof hdr - hl;
            memcpy(hdr + hl, s, take);
            hl += take;
            if (!nl)
                break;
            continue;
        }
        if (!quoted && quoted_original(s, n))
            quoted = true;
        if (quoted)
            continue; /* the message that bounced: ours, not evidence */
        /* DSN fields (RFC 3464 section 2.3): the first per-recipient block counts. */
        if (!action_seen && starts_ci(s, n, "final-recipient:")) {
            if (!final_rcpt[0])
                clean_address(s + 16, n - 16, final_rcpt, sizeof final_rcpt);
            out->dsn = true;
        } else if (!action_seen && starts_ci(s, n, "original-recipient:")) {
            if (!orig_rcpt[0])
                clean_address(s + 19, n - 19, orig_rcpt, sizeof orig_rcpt);
            out->dsn = true;
        } else if (starts_ci(s, n, "action:") && !action[0]) {
            size_t i = 7, k = 0;
            while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
            while (i < n && k + 1 < sizeof action && s[i] >= 'A' && lc(s[i]) <= 'z')
                action[k++] = (char)lc((unsigned char)s[i++]);
            action[k] = '\0';
            action_seen = true;
            out->dsn = true;
        } else if (starts_ci(s, n, "status:") && !dsn_status[0]) {
            size_t i = 7;
            while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
            size_t k = enhanced_at(s + i, n - i);
            if (k && k < sizeof dsn_status) {
                memcpy(dsn_status, s + i, k);
                dsn_status[k] = '\0';
            }
            out->dsn = true;
        } else {
            if (!enh[0]) {
                struct bounce_info tmp;
                tmp.status[0] = '\0';
                if (scan_enhanced(s, n, &tmp))
                    snprintf(enh, sizeof enh, "%s", tmp.status);
            }
            if (!reply[0])
                scan_reply(s, n, reply);
            scan_addresses(s, n, domain, out);
        }
        if (!nl)
            break;
    }
    if (in_headers && hl)
        flush_header(hdr, hl, local, domain, out);
    free(m);

    /* The DSN's recipient goes first. */
    const char *dsn_rcpt = final_rcpt[0] ? final_rcpt : orig_rcpt;
    if (dsn_rcpt[0]) {
        struct bounce_info keep = *out;
        out->nrcpt = 0;
        add_rcpt(out, dsn_rcpt);
        for (size_t i = 0; i < keep.nrcpt; i++)
            add_rcpt(out, keep.rcpt[i]);
    }
    const char *st = dsn_status[0] ? dsn_status : enh[0] ? enh : reply;
    set_status(out, st, strlen(st));
    if (!strcmp(action, "delivered") || !strcmp(action, "relayed") ||
        !strcmp(action, "expanded")) {
        out->kind = BOUNCE_NONE;
    } else if (!strcmp(action, "delayed")) {
        out->kind = BOUNCE_SOFT;
    } else if (st[0]) {
        out->kind = kind_of_status(st);
        if (out->kind == BOUNCE_NONE && !strcmp(action, "failed"))
            out->kind = BOUNCE_HARD;
    } else if (!strcmp(action, "failed")) {
        out->kind = BOUNCE_HARD;
    } else {
        /* No code and no action: a bounce we cannot read. Soft when it names someone. */
        out->kind = out->nrcpt || out->token[0] ? BOUNCE_SOFT : BOUNCE_NONE;
    }
}

/* ---- the bounce record ---- */

static int ensure_record(struct alerts *a, int64_t uid)
{
    unsigned char raw[BOUNCE_TOKEN_LEN / 2];
    char tok[BOUNCE_TOKEN_LEN + 1];
    static const char hex[] = "0123456789abcdef";
    if (ac_random(raw, sizeof raw))
        return al_fail(a, "no randomness from the kernel");
    for (size_t i = 0; i < sizeof raw; i++) {
        tok[2 * i] = hex[raw[i] >> 4];
        tok[2 * i + 1] = hex[raw[i] & 15];
    }
    tok[BOUNCE_TOKEN_LEN] = '\0';
    sqlite3_stmt *st = al_stmt(a, "INSERT OR IGNORE INTO alert_bounce(uid, token)"
                                  " SELECT uid, ?2 FROM alert_user WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_text(st, 2, tok, -1, SQLITE_TRANSIENT);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "bounce record");
}

int alerts_bounce_envelope(struct alerts *a, int64_t uid, char *out, size_t outlen)
{
    if (outlen)
        out[0] = '\0';
    const char *at = strchr(a->cfg.bounce_address, '@');
    if (!a->cfg.bounce_address[0] || !at)
        return 0;
    if (ensure_record(a, uid))
        return -1;
    sqlite3_stmt *st = al_stmt(a, "SELECT token FROM alert_bounce WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(out, outlen, "%.*s+%s%s", (int)(at - a->cfg.bounce_address),
                 a->cfg.bounce_address, al_col(st, 0), at);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return 0; /* no such user (deleted meanwhile) */
    return rc == SQLITE_ROW ? 1 : al_fail_db(a, "bounce token");
}

int alerts_bounce_count(struct alerts *a, int64_t uid, bool hard, const char *code)
{
    char clean[32];
    size_t k = 0;
    for (const char *p = code ? code : ""; *p && k + 1 < sizeof clean; p++)
        if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || *p == '.' || *p == ' ')
            clean[k++] = *p;
    clean[k] = '\0';
    if (al_begin(a))
        return -1;
    if (ensure_record(a, uid))
        goto fail;
    /* A clean stretch long enough before this bounce: the earlier hard ones are forgotten. */
    sqlite3_stmt *st = al_stmt(a, "UPDATE alert_bounce SET hard = 0 WHERE uid = ?1"
                                  " AND ok_since IS NOT NULL AND ok_since <= ?2 - "
                                  BOUNCE_FORGET_SQL);
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_int64(st, 2, alerts_now(a));
    if (sqlite3_step(st) != SQLITE_DONE) {
        al_fail_db(a, "forget bounces");
        goto fail;
    }
    st = al_stmt(a, "UPDATE alert_bounce SET hard = hard + ?2, soft = soft + ?3, ok_since = NULL,"
                                  " last_at = ?4, last_kind = ?5, last_code = ?6,"
                                  " suspended_at = CASE WHEN suspended_at IS NULL AND"
                                  " hard + ?2 >= ?7 THEN ?4 ELSE suspended_at END"
                                  " WHERE uid = ?1 RETURNING suspended_at IS NOT NULL");
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_int(st, 2, hard ? 1 : 0);
    sqlite3_bind_int(st, 3, hard ? 0 : 1);
    sqlite3_bind_int64(st, 4, alerts_now(a));
    sqlite3_bind_text(st, 5, hard ? "hard" : "soft", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, clean, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 7, a->cfg.hard_bounces > 0 ? a->cfg.hard_bounces : 3);
    int rc = sqlite3_step(st);
    int suspended = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        al_fail_db(a, "count bounce");
        goto fail;
    }
    return al_commit(a) ? -1 : suspended;
fail:
    al_rollback(a);
    return -1;
}

int alerts_bounce_record(struct alerts *a, const struct bounce_info *b, int64_t *uid,
                         bool *suspended)
{
    *uid = 0;
    *suspended = false;
    if (b->kind == BOUNCE_NONE)
        return 0;
    if (b->token[0]) {
        sqlite3_stmt *st = al_stmt(a, "SELECT uid FROM alert_bounce WHERE token = ?1");
        if (!st)
            return -1;
        sqlite3_bind_text(st, 1, b->token, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *uid = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return al_fail_db(a, "bounce token");
    }
    for (size_t i = 0; !*uid && i < b->nrcpt; i++) {
        int rc = alerts_user_find(a, b->rcpt[i], uid);
        if (rc < 0)
            return -1;
        if (!rc)
            *uid = 0;
    }
    if (!*uid)
        return 0;
    int s = alerts_bounce_count(a, *uid, b->kind == BOUNCE_HARD, b->status);
    if (s < 0)
        return -1;
    *suspended = s == 1;
    return 1;
}

int alerts_bounce_delivered(struct alerts *a, int64_t uid)
{
    sqlite3_stmt *st = al_stmt(a, "UPDATE alert_bounce SET ok_since = coalesce(ok_since, ?2),"
                                  " hard = CASE WHEN ok_since <= ?2 - " BOUNCE_FORGET_SQL
                                  " THEN 0 ELSE hard END WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    sqlite3_bind_int64(st, 2, alerts_now(a));
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "delivered");
}

int alerts_user_resume(struct alerts *a, int64_t uid)
{
    sqlite3_stmt *st = al_stmt(a, "UPDATE alert_bounce SET hard = 0, soft = 0,"
                                  " suspended_at = NULL, ok_since = NULL WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : al_fail_db(a, "resume");
}

int alerts_user_suspended(struct alerts *a, int64_t uid)
{
    sqlite3_stmt *st = al_stmt(a, "SELECT 1 FROM alert_bounce WHERE uid = ?1"
                                  " AND suspended_at IS NOT NULL");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : al_fail_db(a, "suspended");
}

int alerts_user_bounces(struct alerts *a, int64_t uid, struct bounce_state *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = al_stmt(a, "SELECT hard, soft, coalesce(last_at, 0),"
                                  " coalesce(last_kind, ''), coalesce(last_code, ''),"
                                  " coalesce(suspended_at, 0), coalesce(ok_since, 0)"
                                  " FROM alert_bounce WHERE uid = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, uid);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->hard = sqlite3_column_int64(st, 0);
        out->soft = sqlite3_column_int64(st, 1);
        out->last_at = sqlite3_column_int64(st, 2);
        al_copy(out->last_kind, sizeof out->last_kind, al_col(st, 3));
        al_copy(out->last_code, sizeof out->last_code, al_col(st, 4));
        out->suspended_at = sqlite3_column_int64(st, 5);
        out->ok_since = sqlite3_column_int64(st, 6);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : al_fail_db(a, "bounces");
}
