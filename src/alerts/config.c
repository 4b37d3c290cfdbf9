/*
 * config — a line-oriented `key = value` reader with sections, driven by one table of keys
 * (section, name, type, where in struct kw_config, limits); see config.h.
 */
#include "alerts/config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ktype { K_STR, K_PATH, K_URL, K_INT, K_DUR, K_BOOL, K_TLS, K_LOG, K_ADDR, K_MAIL };

struct key {
    const char *section, *name;
    enum ktype type;
    size_t off, size; /* offset in struct kw_config; size for strings */
    long min, max;    /* for K_INT and K_DUR (seconds) */
};

#define S(sec, name, t, field) {sec, name, t, offsetof(struct kw_config, field), \
                                sizeof(((struct kw_config *)0)->field), 0, 0}
#define N(sec, name, t, field, lo, hi) {sec, name, t, offsetof(struct kw_config, field), 0, lo, hi}

static const struct key keys[] = {
    S("site", "base_url", K_URL, base_url),
    N("site", "serve", K_BOOL, serve, 0, 1),
    S("site", "listen", K_ADDR, listen),
    S("site", "trusted_proxy", K_STR, trusted_proxy),
    N("site", "port", K_INT, port, 0, 65535), /* 0: any free port (tests) */
    N("site", "threads", K_INT, threads, 0, 256),
    S("data", "dir", K_STR, data_dir),
    S("data", "db", K_PATH, db),
    S("data", "files", K_PATH, files_dir),
    S("sync", "source", K_URL, source),
    N("sync", "interval", K_DUR, interval_s, 10, 7 * 86400),
    N("sync", "pause_ms", K_INT, pause_ms, 0, 600000),
    N("sync", "fetch", K_BOOL, fetch, 0, 1),
    N("sync", "index", K_BOOL, index, 0, 1),
    S("smtp", "host", K_STR, smtp_host),
    N("smtp", "port", K_INT, smtp_port, 1, 65535),
    N("smtp", "tls", K_TLS, smtp_tls, 0, 0),
    S("smtp", "username", K_STR, smtp_user),
    S("smtp", "password", K_STR, smtp_password),
    S("smtp", "password_file", K_PATH, smtp_password_file),
    S("smtp", "ca_file", K_PATH, smtp_ca_file),
    S("smtp", "from", K_STR, mail_from),
    S("smtp", "helo", K_STR, helo),
    N("smtp", "timeout", K_DUR, smtp_timeout_s, 1, 3600),
    N("alerts", "delivery_interval", K_DUR, delivery_interval_s, 1, 86400),
    N("alerts", "max_attempts", K_INT, max_attempts, 1, 1000),
    N("alerts", "retry_base", K_DUR, retry_base_s, 1, 86400),
    N("alerts", "retry_max", K_DUR, retry_max_s, 1, 7 * 86400),
    N("alerts", "signin_per_address", K_INT, signin_per_address, 1, 1000),
    N("alerts", "signin_per_client", K_INT, signin_per_client, 1, 100000),
    N("alerts", "signin_per_hour", K_INT, signin_per_hour, 1, 1000000),
    S("alerts", "bounce_address", K_MAIL, bounce_address),
    N("alerts", "hard_bounces", K_INT, hard_bounces, 1, 1000),
    N("alerts", "webhook_private", K_BOOL, webhook_private, 0, 1),
    N("log", "level", K_LOG, log_level, 0, 0),
};

void cfg_defaults(struct kw_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->base_url, sizeof c->base_url, "http://127.0.0.1:8089");
    c->serve = true;
    snprintf(c->listen, sizeof c->listen, "127.0.0.1");
    c->port = 8089;
    snprintf(c->data_dir, sizeof c->data_dir, ".");
    snprintf(c->db, sizeof c->db, "kamerwacht.db");
    snprintf(c->files_dir, sizeof c->files_dir, "files");
    snprintf(c->source, sizeof c->source, "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0");
    c->interval_s = 15 * 60;
    c->pause_ms = 100;
    c->fetch = true;
    c->index = true;
    c->smtp_port = 25;
    c->smtp_tls = CFG_TLS_NONE;
    snprintf(c->mail_from, sizeof c->mail_from, "Kamerwacht <kamerwacht@localhost>");
    snprintf(c->helo, sizeof c->helo, "localhost");
    c->smtp_timeout_s = 60;
    c->delivery_interval_s = 60;
    c->max_attempts = 20;
    c->retry_base_s = 60;
    c->retry_max_s = 6 * 3600;
    c->signin_per_address = 3;
    c->signin_per_client = 10;
    c->signin_per_hour = 200;
    c->hard_bounces = 3;
    c->log_level = CFG_LOG_INFO;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static int set_str(char *dst, size_t size, const char *v, char *why, size_t whylen)
{
    if (strlen(v) >= size) {
        snprintf(why, whylen, "the value is longer than %zu bytes", size - 1);
        return -1;
    }
    memcpy(dst, v, strlen(v) + 1);
    return 0;
}

static int parse_long(const char *v, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end)
        return -1;
    *out = x;
    return 0;
}

static int parse_duration(const char *v, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || x < 0)
        return -1;
    long mul;
    if (!strcmp(end, "s"))
        mul = 1;
    else if (!strcmp(end, "m") || !strcmp(end, "min"))
        mul = 60;
    else if (!strcmp(end, "h"))
        mul = 3600;
    else if (!strcmp(end, "d"))
        mul = 86400;
    else
        return -1;
    if (x > 100L * 365 * 86400 / mul)
        return -1;
    *out = x * mul;
    return 0;
}

static int set_value(struct kw_config *c, const struct key *k, const char *v, char *why,
                     size_t whylen)
{
    char *base = (char *)c;
    long x;
    switch (k->type) {
    case K_STR:
    case K_PATH:
        return set_str(base + k->off, k->size, v, why, whylen);
    case K_URL:
        if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) {
            snprintf(why, whylen, "give an absolute http:// or https:// URL, not '%.200s'", v);
            return -1;
        }
        if (set_str(base + k->off, k->size, v, why, whylen))
            return -1;
        { /* no trailing slash: links are base + "/path" */
            char *s = base + k->off;
            size_t n = strlen(s);
            while (n > 8 && s[n - 1] == '/')
                s[--n] = '\0';
        }
        return 0;
    case K_MAIL: { /* a bare address whose local part can take "+token" (VERP) */
        const char *at = strchr(v, '@');
        bool ok = at && at > v && at[1] && !strchr(at + 1, '@') && !strchr(v, '+') &&
                  strlen(v) < 200;
        for (const char *p = v; ok && *p; p++)
            if (*p <= ' ' || *p >= 0x7f || strchr("<>()[],;:\\\"", *p))
                ok = false;
        if (!ok) {
            snprintf(why, whylen, "give a bare address without '+' such as "
                                  "bounces@kamerwacht.example.nl, not '%.200s'", v);
            return -1;
        }
        return set_str(base + k->off, k->size, v, why, whylen);
    }
    case K_ADDR: {
        int a, b, d, e;
        char tail;
        if (sscanf(v, "%d.%d.%d.%d%c", &a, &b, &d, &e, &tail) != 4 || a < 0 || a > 255 ||
            b < 0 || b > 255 || d < 0 || d > 255 || e < 0 || e > 255) {
            snprintf(why, whylen, "give an IPv4 address such as 127.0.0.1, not '%.200s'", v);
            return -1;
        }
        return set_str(base + k->off, k->size, v, why, whylen);
    }
    case K_INT:
        if (parse_long(v, &x) || x < k->min || x > k->max) {
            snprintf(why, whylen, "give a whole number from %ld to %ld, not '%.200s'", k->min,
                     k->max, v);
            return -1;
        }
        if (k->off == offsetof(struct kw_config, pause_ms))
            *(long *)(base + k->off) = x;
        else
            *(int *)(base + k->off) = (int)x;
        return 0;
    case K_DUR:
        if (parse_duration(v, &x) || x < k->min || x > k->max) {
            snprintf(why, whylen,
                     "give a duration with its unit (30s, 15m, 2h, 1d) from %lds to %lds, "
                     "not '%.200s'",
                     k->min, k->max, v);
            return -1;
        }
        *(long *)(base + k->off) = x;
        return 0;
    case K_BOOL:
        if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
            *(bool *)(base + k->off) = true;
        else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
            *(bool *)(base + k->off) = false;
        else {
            snprintf(why, whylen, "give yes or no, not '%.200s'", v);
            return -1;
        }
        return 0;
    case K_TLS:
        if (!strcmp(v, "none"))
            c->smtp_tls = CFG_TLS_NONE;
        else if (!strcmp(v, "starttls"))
            c->smtp_tls = CFG_TLS_STARTTLS;
        else if (!strcmp(v, "tls"))
            c->smtp_tls = CFG_TLS_IMPLICIT;
        else {
            snprintf(why, whylen, "give none, starttls or tls, not '%.200s'", v);
            return -1;
        }
        return 0;
    case K_LOG:
        if (!strcmp(v, "error"))
            c->log_level = CFG_LOG_ERROR;
        else if (!strcmp(v, "warn") || !strcmp(v, "warning"))
            c->log_level = CFG_LOG_WARN;
        else if (!strcmp(v, "info"))
            c->log_level = CFG_LOG_INFO;
        else if (!strcmp(v, "debug"))
            c->log_level = CFG_LOG_DEBUG;
        else {
            snprintf(why, whylen, "give error, warn, info or debug, not '%.200s'", v);
            return -1;
        }
        return 0;
    }
    return -1;
}

static bool known_section(const char *s)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strcmp(keys[i].section, s))
            return true;
    return false;
}

/* Joins a relative path to the data directory. */
static int resolve(char *path, size_t size, const char *dir)
{
    if (!path[0] || path[0] == '/' || !strcmp(dir, "."))
        return 0;
    char tmp[CFG_PATH * 2 + 2];
    snprintf(tmp, sizeof tmp, "%s/%s", dir, path);
    if (strlen(tmp) >= size)
        return -1;
    memcpy(path, tmp, strlen(tmp) + 1);
    return 0;
}

int cfg_parse(struct kw_config *c, const char *name, const char *text, char *err, size_t errlen)
{
    char section[64] = "";
    bool seen[sizeof keys / sizeof keys[0]] = {false};
    int lineno = 0;
    const char *p = text;
    snprintf(c->file, sizeof c->file, "%s", name);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        if (n >= CFG_MAX_LINE) {
            snprintf(err, errlen, "%s:%d: the line is longer than %d bytes", name, lineno,
                     CFG_MAX_LINE - 1);
            return -1;
        }
        char line[CFG_MAX_LINE];
        memcpy(line, p, n);
        line[n] = '\0';
        p = nl ? nl + 1 : p + n;
        char *s = trim(line);
        if (!*s || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end || *trim(end + 1)) {
                snprintf(err, errlen, "%s:%d: a section header looks like [smtp]", name, lineno);
                return -1;
            }
            *end = '\0';
            char *sec = trim(s + 1);
            if (!known_section(sec) || strlen(sec) >= sizeof section) {
                snprintf(err, errlen,
                         "%s:%d: unknown section [%.60s] (known: site, data, sync, smtp, "
                         "alerts, log)",
                         name, lineno, sec);
                return -1;
            }
            snprintf(section, sizeof section, "%s", sec);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, "%s:%d: expected 'key = value' or '[section]'", name, lineno);
            return -1;
        }
        *eq = '\0';
        char *key = trim(s), *val = trim(eq + 1);
        size_t vl = strlen(val);
        if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
            val[vl - 1] = '\0';
            val++;
        }
        if (!section[0]) {
            snprintf(err, errlen, "%s:%d: '%.60s' comes before any [section]", name, lineno, key);
            return -1;
        }
        size_t i;
        for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, key))
                break;
        if (i == sizeof keys / sizeof keys[0]) {
            snprintf(err, errlen, "%s:%d: [%s] has no key '%.60s'", name, lineno, section, key);
            return -1;
        }
        if (seen[i]) {
            snprintf(err, errlen, "%s:%d: [%s] %s is given twice", name, lineno, section, key);
            return -1;
        }
        seen[i] = true;
        char why[400];
        if (set_value(c, &keys[i], val, why, sizeof why)) {
            snprintf(err, errlen, "%s:%d: [%s] %s: %s", name, lineno, section, key, why);
            return -1;
        }
    }
    if (resolve(c->db, sizeof c->db, c->data_dir) ||
        resolve(c->files_dir, sizeof c->files_dir, c->data_dir) ||
        resolve(c->smtp_password_file, sizeof c->smtp_password_file, c->data_dir)) {
        snprintf(err, errlen, "%s: a path joined to [data] dir is too long", name);
        return -1;
    }
    return 0;
}

#define CFG_MAX_FILE (256 * 1024)

int cfg_load(struct kw_config *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *text = malloc(CFG_MAX_FILE + 1);
    if (!text) {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    size_t n = fread(text, 1, CFG_MAX_FILE + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || n > CFG_MAX_FILE) {
        snprintf(err, errlen, "%s: %s", path, bad ? "read error" : "larger than 256 KiB");
        free(text);
        return -1;
    }
    text[n] = '\0';
    if (memchr(text, '\0', n)) {
        snprintf(err, errlen, "%s: contains a NUL byte; not a text file", path);
        free(text);
        return -1;
    }
    int rc = cfg_parse(c, path, text, err, errlen);
    free(text);
    return rc;
}

int cfg_read_secrets(struct kw_config *c, char *err, size_t errlen)
{
    if (!c->smtp_password_file[0])
        return 0;
    FILE *f = fopen(c->smtp_password_file, "r");
    if (!f) {
        snprintf(err, errlen, "%s: [smtp] password_file %s: %s", c->file, c->smtp_password_file,
                 strerror(errno));
        return -1;
    }
    char line[CFG_STR];
    if (!fgets(line, sizeof line, f))
        line[0] = '\0';
    fclose(f);
    snprintf(c->smtp_password, sizeof c->smtp_password, "%s", trim(line));
    return 0;
}
