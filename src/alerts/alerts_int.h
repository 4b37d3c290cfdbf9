/*
 * alerts_int — what the files of src/alerts share: the struct alerts, its statement cache,
 * small SQL helpers and the internal steps of a pass. Not for use outside src/alerts.
 *
 * A struct alerts is used by one thread at a time (the web layer holds a mutex around it);
 * it owns no connection, only the statements it prepared on the caller's.
 */
#ifndef KW_ALERTS_ALERTS_INT_H
#define KW_ALERTS_ALERTS_INT_H

#include <sqlite3.h>
#include <stdarg.h>

#include "alerts/alerts.h"
#include "alerts/crypto.h"

#define ALERT_STMT_CACHE 96
#define ALERT_SECRET_LEN 32
#define ALERT_MAX_ITEMS_PER_MAIL 200   /* more are summarised as "and N more" with a link */
#define ALERT_PREVIEW_DAYS 30
#define ALERT_SIGNIN_TTL (30 * 60)     /* a sign-in link is valid 30 minutes */
#define ALERT_SESSION_TTL (90 * 86400) /* a session, renewed on use */

struct alerts {
    sqlite3 *db;
    struct kw_config cfg;
    struct alert_search_ops search;
    int64_t (*clock)(void *ctx);
    void *clock_ctx;
    uint8_t secret[ALERT_SECRET_LEN];
    struct {
        const char *sql; /* the literal's address is the key */
        sqlite3_stmt *st;
    } cache[ALERT_STMT_CACHE];
    size_t ncache;
    int depth; /* open transactions (savepoints inside the outermost) */
    char err[768];
};

/* A prepared statement for a literal SQL text, reset and with bindings cleared; NULL on
 * error (message in a->err). */
sqlite3_stmt *al_stmt(struct alerts *a, const char *sql);
int al_fail(struct alerts *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int al_fail_db(struct alerts *a, const char *what);
int al_exec(struct alerts *a, const char *sql);
int al_begin(struct alerts *a);   /* BEGIN IMMEDIATE */
int al_commit(struct alerts *a);
void al_rollback(struct alerts *a);
/* Text of column i, "" when NULL. */
const char *al_col(sqlite3_stmt *st, int i);
void al_copy(char *dst, size_t n, const char *src);

/* Schema (db.c). */
int al_schema(sqlite3 *db, char *err, size_t errlen);

/* Ingest (ingest.c): the highest sequence assigned so far. */
int64_t al_max_seq(struct alerts *a);

/* Matching (match.c). */
struct match_row {
    char item[128];      /* ledger key */
    char category[24];
    char id[40];
    int64_t seq;
    char *reason; /* NULL: none (a saved search's is made later, by the explainer) */
};
struct match_set {
    struct match_row *rows;
    size_t n, cap;
    size_t *slot; /* rows by item: open addressing, index + 1; nslot a power of two */
    size_t nslot;
};
void match_set_free(struct match_set *s);
/* Items of one monitor with seq in (from, to]; with at_from > 0, instead every item with
 * at >= at_from (the preview). */
int al_match(struct alerts *a, enum monitor_kind kind, const char *arg, int64_t from, int64_t to,
             int64_t at_from, struct match_set *out);
/* Several saved searches at once against the batch (from, to] (the fast path of a pass):
 * out[i] receives the hits of queries[i]. */
int al_match_searches(struct alerts *a, const char *const *queries, size_t nq, int64_t from,
                      int64_t to, int64_t at_from, struct match_set *out);

/* The reasons saved searches matched items, for one pass (search_builtin.c): "gevonden:
 * terms\n" + a snippet with the terms marked \x01..\x02. Each item's text is read from the
 * store and indexed once per pass, each query parsed once, and each (query, item) reason made
 * once and shared by every user with that query. */
struct al_explainer;
struct al_explainer *al_explainer_new(sqlite3 *db, char *err, size_t errlen);
/* The reason (valid until the next call of forget/free), "" when there is none to give (a
 * query the parser refuses, an item gone from the store, no snippet), NULL on error. */
const char *al_explain(struct al_explainer *x, const char *query, const char *item,
                       const char *category, const char *id);
/* Drops the indexed texts and the reasons (after a rolled-back transaction, which took the
 * indexed texts with it). */
void al_explainer_forget_texts(struct al_explainer *x);
void al_explainer_counts(const struct al_explainer *x, size_t *made, size_t *reused);
void al_explainer_free(struct al_explainer *x);

/* Item details for display (compose.c). */
struct item_view {
    char title[512];
    char ident[64];
    char soort[128];
    char url[768];
    char date[32];
};
int al_item_view(struct alerts *a, const char *category, const char *id, const char *item,
                 struct item_view *v);

/* What one pass found for one user (pass.c builds it, compose.c renders it). */
#define HIT_MAX_VIA 6
struct hit {
    char item[128], category[24], id[40];
    int64_t seq;
    size_t nvia;            /* monitors that matched, in monitor order; [0] is the group */
    struct {
        int64_t mid;
        char reason[512];
    } via[HIT_MAX_VIA];
};
struct user_batch {
    int64_t uid;
    char email[256];
    const struct monitor_info *mons; /* the user's monitors that ran (by mid) */
    size_t nmons;
    struct hit *hits;
    size_t n, cap;
};
const struct monitor_info *batch_monitor(const struct user_batch *u, int64_t mid);
/* Puts the hits in mail order: grouped by their first monitor, by sequence inside. */
void al_sort_hits(struct user_batch *u);
/* Renders the mail of a batch: subject, text and HTML parts (links made absolute). */
int al_compose_mail(struct alerts *a, const struct user_batch *u, struct buf *subject,
                    struct buf *text, struct buf *html);
/* The webhook body of a batch. */
int al_compose_webhook(struct alerts *a, const struct user_batch *u, struct buf *json);

/* Links (accounts.c). */
int al_user_salt(struct alerts *a, int64_t uid, char *salt, size_t n); /* 1/0/-1 */
void al_link_mac(struct alerts *a, char scope, int64_t id, const char *salt,
                 char out[AC_MAC_TEXT]);

/* Outbox (outbox.c). */
enum { CH_MAIL = 0, CH_WEBHOOK = 1 };
int al_outbox_put(struct alerts *a, int64_t uid, const char *rcpt, int channel,
                  const char *message_id, const char *payload, size_t len, int64_t *did);
int al_outbox_item(struct alerts *a, int64_t did, const char *item, int64_t mid,
                   const char *title, const char *url);

#endif
