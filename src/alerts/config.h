/*
 * config — the one configuration file of `kamerwacht run` (and, optionally, of
 * `kamerwacht alerts`): the site's base URL, the data directory, the feed, the intervals,
 * the web server, SMTP, delivery and logging.
 *
 * Grammar (one construct per line):
 *     # comment            ; comment           blank lines
 *     [section]
 *     key = value          (value runs to the end of the line; surrounding blanks are
 *                           dropped; "double quotes" around it are removed)
 * Every key belongs to a section and must be known: a misspelt key, an unknown section, a
 * value of the wrong shape (a duration without its unit, a port over 65535, a URL without
 * its scheme) or a key given twice is an error that names the file and the line:
 *     "kamerwacht.conf:12: [smtp] port: give a whole number from 1 to 65535, not 'abc'"
 * Durations carry a unit: 30s, 15m, 2h, 1d. Relative paths are taken relative to the data
 * directory. Defaults are documented in contrib/kamerwacht.conf.
 * Nothing here opens anything but the file itself; the caller owns struct kw_config (no heap).
 */
#ifndef KW_ALERTS_CONFIG_H
#define KW_ALERTS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CFG_STR 512
#define CFG_PATH 1024
#define CFG_MAX_LINE 4096

enum cfg_tls {
    CFG_TLS_NONE = 0, /* plain SMTP (a relay on localhost) */
    CFG_TLS_STARTTLS, /* smtp:// upgraded with STARTTLS, required */
    CFG_TLS_IMPLICIT, /* smtps:// */
};

enum cfg_log { CFG_LOG_ERROR = 0, CFG_LOG_WARN, CFG_LOG_INFO, CFG_LOG_DEBUG };

struct kw_config {
    char file[CFG_PATH];      /* where it was read from */
    /* [site] */
    char base_url[CFG_STR];   /* absolute, e.g. https://kamerwacht.nl; links in mail and feeds */
    bool serve;               /* serve the website in the daemon's process */
    char listen[64];          /* IPv4 address */
    char trusted_proxy[CFG_STR]; /* reverse proxies whose X-Forwarded-For is believed */
    int port;
    int threads;              /* 0: one per CPU */
    /* [data] */
    char data_dir[CFG_PATH];
    char db[CFG_PATH];        /* resolved against data_dir */
    char files_dir[CFG_PATH]; /* resolved against data_dir */
    /* [sync] */
    char source[CFG_STR];
    long interval_s;          /* one sync -> fetch -> index -> alerts cycle every ... */
    long pause_ms;
    bool fetch, index;        /* run the fetch and index stages */
    /* [smtp] */
    char smtp_host[CFG_STR];  /* empty: mail is queued but not sent */
    int smtp_port;
    enum cfg_tls smtp_tls;
    char smtp_user[CFG_STR];
    char smtp_password[CFG_STR];
    char smtp_password_file[CFG_PATH];
    char smtp_ca_file[CFG_PATH];
    char mail_from[CFG_STR];  /* "Kamerwacht <alerts@example.nl>" or a bare address */
    char helo[CFG_STR];
    long smtp_timeout_s;
    /* [alerts] */
    long delivery_interval_s; /* how often the outbox is tried between cycles */
    int max_attempts;         /* then the delivery is 'failed' and shown on the account page */
    long retry_base_s, retry_max_s;
    int signin_per_address;   /* sign-in mails per address per hour */
    int signin_per_client;    /* sign-in requests per client per hour */
    int signin_per_hour;      /* sign-in mails per hour for the whole site */
    char bounce_address[CFG_STR]; /* "bounces@b.example.nl": mail goes out with the envelope
                                     sender bounces+<token>@b.example.nl (VERP); empty: off */
    int hard_bounces;         /* this many hard bounces suspend an account's mail */
    bool webhook_private;     /* webhooks may go to loopback/private/link-local addresses */
    /* [log] */
    enum cfg_log log_level;
};

/* Fills c with the defaults (no file read). */
void cfg_defaults(struct kw_config *c);
/* Reads path over the defaults. Returns 0, or -1 with "file:line: message" in err. */
int cfg_load(struct kw_config *c, const char *path, char *err, size_t errlen);
/* The same for a text already in memory (tests); name is used in messages. */
int cfg_parse(struct kw_config *c, const char *name, const char *text, char *err, size_t errlen);
/* Reads smtp_password_file into smtp_password when set. Returns 0 or -1 with err. */
int cfg_read_secrets(struct kw_config *c, char *err, size_t errlen);

#endif
