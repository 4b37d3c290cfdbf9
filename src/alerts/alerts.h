/*
 * alerts — follow anything in the mirror and be told once, with the reason.
 *
 * The pieces (one file each): accounts.c (users, sign-in tokens, sessions, CSRF, rate
 * limits), monitors.c (what a user follows), ingest.c (our own ingest sequence), match.c
 * (which new items each monitor catches), compose.c (one mail per user and pass), outbox.c
 * (delivery with retries, the sent ledger), smtp.c, webhook.c, feed.c (personal Atom), and
 * web_*.c (the pages). All state lives in tables named alert_* inside the store's SQLite
 * database (see db.c for the schema).
 *
 * Promises:
 *  - "New" is defined by our own ingest sequence (alert_item.seq), never by a document's
 *    date: an entity gets a new sequence number when it first appears in the mirror or when
 *    a field that matters (or its links) really changed — a mass re-emission by the feed that
 *    bumps the skiptoken without a real change does not count. Entities present at the very
 *    first scan form the baseline (sequence 0) and are never "new".
 *  - A monitor's watermark is a sequence number: a monitor sees exactly the items with a
 *    sequence above it, so back-dated documents are caught and nothing is seen twice. A
 *    brand-new monitor starts at the current sequence: it sends nothing that was already in
 *    the mirror (its preview shows what it would have sent over the last 30 days).
 *  - An item reaches a user at most once per channel, whatever number of monitors match it:
 *    composing skips items in the sent ledger and items already waiting in the outbox.
 *  - One mail per user per pass, grouped by monitor; each item names every monitor that
 *    matched and why (the matched terms, highlighted, for searches).
 *  - An item enters the sent ledger only when its delivery was accepted (SMTP 250, webhook
 *    2xx). A failed delivery stays queued with the same bytes and Message-ID and is retried
 *    with exponential backoff; after max_attempts it is marked failed and shown to the user.
 *    A permanent refusal of the recipient (SMTP 5xx to RCPT/DATA) fails it at once and counts
 *    a hard bounce; after cfg.hard_bounces the account's mail is suspended (bounce.h) while
 *    its feed and webhook go on.
 *    Queueing (outbox row + watermarks) is one transaction per user, so a crash loses
 *    nothing and doubles nothing.
 *  - Only the e-mail address and the monitors are kept about a person (plus the technical
 *    ledger and outbox, whose mail bodies are dropped once delivered); no IP addresses.
 * Library code: errors come back as -1 with a message in alerts_errmsg(); nothing prints.
 */
#ifndef KW_ALERTS_ALERTS_H
#define KW_ALERTS_ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alerts/config.h"
#include "util/buf.h"

struct sqlite3;
struct alerts;

/* Kinds of monitor. The text names are used on the command line and in the database. */
enum monitor_kind {
    MON_SEARCH = 0,  /* "zoek": a saved search (query language of src/search) */
    MON_DOSSIER,     /* "dossier": a Kamerstukdossier, "31293" or "36200-VII" or its id */
    MON_ZAAK,        /* "zaak": "2024Z12345" or id */
    MON_PERSOON,     /* "persoon": nummer or id */
    MON_COMMISSIE,   /* "commissie": afkorting, nummer or id */
    MON_ACTIVITEIT,  /* "activiteit": nummer or id */
    MON_FRACTIE,     /* "fractie": afkorting or id */
    MON_TOEZEGGINGEN,/* "toezeggingen": "ministerie=Financiën", "commissie=FIN",
                        "fractie=VVD" or "alle" */
    MON_ANTWOORD,    /* "antwoord": the answer to this written question (zaak or document
                        nummer) arrived */
    MON_VOLDAAN,     /* "voldaan": this toezegging (nummer or id) was fulfilled */
    MON_NKINDS
};

enum monitor_freq { FREQ_IMMEDIATE = 0, FREQ_DAILY, FREQ_WEEKLY };

const char *monitor_kind_name(enum monitor_kind k);
int monitor_kind_parse(const char *s, enum monitor_kind *k);
const char *monitor_freq_name(enum monitor_freq f);
int monitor_freq_parse(const char *s, enum monitor_freq *f);

/* ---- the saved-search interface (wired to src/search when it exists) ---- */

/* One document of the batch being matched. */
struct alert_doc {
    int64_t seq;
    const char *category, *id;
    const char *title; /* onderwerp / titel */
    const char *text;  /* more text when available (may be NULL) */
};
/* Called once per (query, document) hit. snippet: text with the matched terms marked by
 * \x01 ... \x02 (converted to <mark> or *...* by the composer); terms: the matched terms,
 * comma-separated. */
typedef void (*alert_hit_fn)(void *ctx, size_t query_index, size_t doc_index,
                             const char *snippet, const char *terms);
/* A matcher of many saved queries against a batch of new documents. Returns 0 or -1. Bad
 * queries are skipped (reported through bad_query when not NULL). */
struct alert_search_ops {
    int (*match)(void *ctx, const char *const *queries, size_t nq, const struct alert_doc *docs,
                 size_t nd, alert_hit_fn hit, void *hit_ctx, char *err, size_t errlen);
    /* Checks one query; returns 0 or -1 with a message for the user. */
    int (*check)(void *ctx, const char *query, char *err, size_t errlen);
    void *ctx;
};
/* The built-in matcher: a temporary FTS5 table over the batch with the Dutch tokenizer when
 * src/text is present (plain unicode61 otherwise); words are ANDed, "quoted phrases" exact,
 * OR and -word understood. Replaced by src/search's parser once available. */
extern const struct alert_search_ops alert_search_builtin;

/* ---- opening ---- */

struct alerts_opts {
    const struct kw_config *cfg; /* base_url, smtp, retry policy; NULL: defaults */
    const struct alert_search_ops *search; /* NULL: alert_search_builtin */
    int64_t (*clock)(void *ctx);           /* NULL: time(NULL); tests move time */
    void *clock_ctx;
};

/* Opens the alerts on an open store connection (creates the alert_* tables). The
 * connection stays the caller's; it must outlive the struct alerts. */
int alerts_open(struct sqlite3 *db, const struct alerts_opts *o, struct alerts **out, char *err,
                size_t errlen);
void alerts_close(struct alerts *a);
const char *alerts_errmsg(const struct alerts *a);
int64_t alerts_now(const struct alerts *a);
struct sqlite3 *alerts_db(struct alerts *a);

/* ---- one pass ---- */

struct alerts_report {
    int64_t ingested_new, ingested_changed, ingested_baseline, reemitted_unchanged;
    int64_t seq_from, seq_to;
    int64_t monitors_run, users_mailed, items_queued;
    int64_t delivered, delivery_failed, delivery_retry_later, delivery_gave_up;
    int64_t delivery_suspended; /* mails not sent: the account's mail is suspended */
    int64_t bounces_hard;       /* permanent SMTP refusals counted against an account */
    int64_t mails_held;         /* mails not composed: the account's mail is suspended */
    int64_t snippets_made, snippets_reused; /* search reasons made, and shared between users */
    double seconds_ingest, seconds_match, seconds_deliver;
};

struct alerts_pass_opts {
    bool dry_run;         /* match and compose, print nothing, roll everything back */
    bool no_delivery;     /* queue only */
    bool force_due;       /* treat daily/weekly monitors as due */
    /* With dry_run: receives each mail that would be queued (rcpt, subject, text part). */
    void (*on_mail)(void *ctx, const char *rcpt, const char *subject, const char *text);
    void *on_mail_ctx;
};

/* Ingest, match every due monitor, queue one mail per user, then deliver what is due. */
int alerts_pass(struct alerts *a, const struct alerts_pass_opts *o, struct alerts_report *r);
/* Only the ingest step (the daemon runs it right after a sync). */
int alerts_ingest(struct alerts *a, struct alerts_report *r);
/* Only delivery of due outbox rows. */
int alerts_deliver(struct alerts *a, struct alerts_report *r);

/* ---- users and monitors (the CLI and the pages) ---- */

struct monitor_info {
    int64_t mid, uid;
    enum monitor_kind kind;
    char arg[512];
    char label[512];
    enum monitor_freq freq;
    int64_t watermark, created_at, last_run_at, last_sent_at, sent_count;
    bool active;
};

/* Finds or creates the user with this address (lower-cased, checked). *created tells. */
int alerts_user_ensure(struct alerts *a, const char *email, int64_t *uid, bool *created);
int alerts_user_find(struct alerts *a, const char *email, int64_t *uid); /* 1 found, 0, -1 */
int alerts_user_email(struct alerts *a, int64_t uid, char *out, size_t outlen); /* 1/0/-1 */
/* Deletes the user with every monitor, session, ledger and outbox row of theirs. */
int alerts_user_delete(struct alerts *a, int64_t uid);
/* Sets (or with NULL url clears) the webhook of a user; a secret is generated and returned. */
int alerts_user_webhook(struct alerts *a, int64_t uid, const char *url, char *secret_out,
                        size_t secret_len);
/* Everything stored about a user as one JSON document (the account export). */
int alerts_user_export(struct alerts *a, int64_t uid, struct buf *out);

/* Validates arg for kind (and, for a search, the query); fills a human label. Returns 0, or
 * -1 with a message for the user in err. */
int alerts_monitor_check(struct alerts *a, enum monitor_kind kind, const char *arg, char *label,
                         size_t labellen, char *err, size_t errlen);
/* Adds a monitor with its watermark at the current sequence. */
int alerts_monitor_add(struct alerts *a, int64_t uid, enum monitor_kind kind, const char *arg,
                       enum monitor_freq freq, int64_t *mid);
int alerts_monitor_list(struct alerts *a, int64_t uid, struct monitor_info **out, size_t *n);
int alerts_monitor_get(struct alerts *a, int64_t mid, struct monitor_info *m); /* 1/0/-1 */
int alerts_monitor_remove(struct alerts *a, int64_t uid, int64_t mid);        /* 1/0/-1 */
int alerts_monitor_set_freq(struct alerts *a, int64_t uid, int64_t mid, enum monitor_freq f);
/* Stops all mail of a user (RFC 8058 one-click): every monitor inactive. */
int alerts_user_unsubscribe_all(struct alerts *a, int64_t uid);

/* One item a monitor would send. */
struct preview_item {
    char item[128];       /* ledger key, e.g. "Document:<id>" */
    char title[512];
    char ident[64];       /* documentNummer, zaak nummer, ... */
    char url[768];
    char reason[512];     /* why it matched (snippet with \x01..\x02 marks for searches) */
    int64_t at;           /* when it entered our mirror (or the entity's date for the baseline) */
};
/* What the monitor (kind, arg) would have sent over the last `days` days, newest first,
 * at most max items. */
int alerts_preview(struct alerts *a, enum monitor_kind kind, const char *arg, int days,
                   size_t max, struct preview_item **out, size_t *n);

/* ---- links without signing in (HMAC of the server secret; rotate with the user's salt) -- */

/* "<base>/beheer/<uid>/<mac>" etc. into out. */
int alerts_manage_url(struct alerts *a, int64_t uid, char *out, size_t outlen);
int alerts_unsubscribe_url(struct alerts *a, int64_t uid, int64_t mid, char *out, size_t outlen);
int alerts_feed_url(struct alerts *a, int64_t uid, char *out, size_t outlen);
/* Checks such a link's mac: scope 'b' manage, 'u' unsubscribe all, 'm' one monitor (id = mid),
 * 'f' feed. Returns 1 valid, 0 not, -1 error. For 'm' *uid is filled from the monitor. */
int alerts_link_check(struct alerts *a, char scope, int64_t id, const char *mac, int64_t *uid);

/* The personal Atom feed of a user (the latest 100 items matched for them). */
int alerts_feed_atom(struct alerts *a, int64_t uid, struct buf *out);

#endif
