/* Unit tests of the alerts pass against a store filled by SQL and the in-house SMTP sink
 * (tests/tools/smtpsink.c) on a thread: what "new" means (ingest sequence, baseline,
 * re-emission without change, back-dated documents), the ledger across monitors, one mail per
 * user grouped by monitor with reasons, MIME headers, and the outbox: an SMTP server that
 * refuses and then accepts gets each mail exactly once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <dirent.h>
#include <pthread.h>
#include <sqlite3.h>

#define SMTPSINK_NO_MAIN
#include "../tools/smtpsink.c"

#include "alerts/accounts.h"
#include "alerts/alerts.h"
#include "alerts/bounce.h"
#include "alerts/smtp.h"
#include "alerts/webhook.h"
#include "store/store.h"

#include <openssl/hmac.h>

struct fx {
    char dir[128], db[160], maildir[160];
    struct store *s;
    sqlite3 *db3;
    struct alerts *a;
    struct kw_config cfg;
    struct smtpsink sink;
    pthread_t th;
    int64_t now;
    int64_t skip;
};

static int64_t fx_clock(void *ctx)
{
    return ((struct fx *)ctx)->now;
}

static void *sink_thread(void *p)
{
    smtpsink_serve(p);
    return NULL;
}

static void sql(struct fx *f, const char *fmt, ...)
{
    char q[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q, sizeof q, fmt, ap);
    va_end(ap);
    char *msg = NULL;
    if (sqlite3_exec(f->db3, q, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", q, msg);
        fail();
    }
}

static int64_t count(struct fx *f, const char *q)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(f->db3, q, -1, &st, NULL), SQLITE_OK);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* A Document (id dN, number 2025D0000N) in dossier k1 (31293) and/or zaak z1. */
static void doc(struct fx *f, int n, const char *onderwerp, bool in_dossier, bool in_zaak,
                const char *datum)
{
    f->skip++;
    sql(f, "INSERT INTO \"Document\"(id, skiptoken, soort, documentNummer, onderwerp, datum)"
           " VALUES('d%d', %lld, 'Brief regering', '2025D%05d', '%s', '%s')"
           " ON CONFLICT(id) DO UPDATE SET skiptoken=excluded.skiptoken, onderwerp=excluded.onderwerp",
        n, (long long)f->skip, n, onderwerp, datum);
    if (in_dossier)
        sql(f, "INSERT OR IGNORE INTO \"Document_kamerstukdossier\"(src, dst) VALUES('d%d', 'k1')", n);
    if (in_zaak)
        sql(f, "INSERT OR IGNORE INTO \"Document_zaak\"(src, dst) VALUES('d%d', 'z1')", n);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/kw_test_alerts_%d", (int)getpid());
    snprintf(f->db, sizeof f->db, "%s/k.db", f->dir);
    snprintf(f->maildir, sizeof f->maildir, "%s/mail", f->dir);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", f->dir, f->maildir);
    assert_int_equal(system(cmd), 0);
    char err[512];
    assert_int_equal(store_open(f->db, 0, &f->s, err, sizeof err), 0);
    f->db3 = store_db(f->s);
    f->now = 1750000000;
    f->sink.dir = f->maildir;
    f->sink.refuse_code = 451;
    assert_int_equal(sink_listen(&f->sink, "127.0.0.1", 0), 0);
    pthread_create(&f->th, NULL, sink_thread, &f->sink);
    cfg_defaults(&f->cfg);
    snprintf(f->cfg.smtp_host, sizeof f->cfg.smtp_host, "127.0.0.1");
    f->cfg.smtp_port = f->sink.port;
    f->cfg.smtp_timeout_s = 5;
    snprintf(f->cfg.base_url, sizeof f->cfg.base_url, "https://kamerwacht.test");
    snprintf(f->cfg.mail_from, sizeof f->cfg.mail_from, "Kamerwacht <alerts@kamerwacht.test>");
    f->cfg.retry_base_s = 60;
    f->cfg.max_attempts = 5;
    struct alerts_opts ao = {&f->cfg, NULL, fx_clock, f};
    assert_int_equal(alerts_open(f->db3, &ao, &f->a, err, sizeof err), 0);
    sql(f, "INSERT INTO \"Kamerstukdossier\"(id, skiptoken, nummer, titel) VALUES('k1', 1, 31293,"
           " 'Primair onderwijs')");
    sql(f, "INSERT INTO \"Zaak\"(id, skiptoken, nummer, onderwerp) VALUES('z1', 1, '2025Z00001',"
           " 'Lerarentekort')");
    f->skip = 10;
    doc(f, 1, "Oud stuk over stikstof", true, false, "2024-01-01T10:00:00Z");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    f->sink.stop = 1;
    /* wake the accept() with one connection */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)f->sink.port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    connect(fd, (struct sockaddr *)&sa, sizeof sa);
    close(fd);
    pthread_join(f->th, NULL);
    close(f->sink.fd);
    alerts_close(f->a);
    store_close(f->s);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd)) {
    }
    free(f);
    return 0;
}

static int mails(struct fx *f)
{
    DIR *d = opendir(f->maildir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        if (strstr(e->d_name, ".eml") && !strstr(e->d_name, ".tmp"))
            n++;
    if (d)
        closedir(d);
    return n;
}

static char *read_mail(struct fx *f, int n)
{
    char p[256];
    snprintf(p, sizeof p, "%s/msg-%04d.eml", f->maildir, n);
    FILE *fp = fopen(p, "rb");
    assert_non_null(fp);
    char *b = calloc(1, 1 << 20);
    size_t r = fread(b, 1, (1 << 20) - 1, fp);
    b[r] = '\0';
    fclose(fp);
    return b;
}

static void pass(struct fx *f, struct alerts_report *r)
{
    assert_int_equal(alerts_pass(f->a, NULL, r), 0);
}

static void test_baseline_then_new_once(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    int64_t uid, m1, m2;
    assert_int_equal(alerts_user_ensure(f->a, "Anna@Example.NL", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, &m1), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_SEARCH, "stikstof", FREQ_IMMEDIATE, &m2), 0);
    pass(f, &r); /* the baseline: what was there is never new */
    assert_int_equal(r.ingested_baseline, 1);
    assert_int_equal(r.items_queued, 0);
    assert_int_equal(mails(f), 0);

    /* A new, back-dated document in the dossier that also matches the search. */
    doc(f, 2, "Brief over stikstof en scholen", true, false, "2019-05-05T10:00:00Z");
    doc(f, 3, "Iets anders", false, false, "2025-06-01T10:00:00Z");
    f->now += 600;
    pass(f, &r);
    assert_int_equal(r.ingested_new, 2);
    assert_int_equal(r.items_queued, 1);
    assert_int_equal(r.delivered, 1);
    assert_int_equal(mails(f), 1);
    char *m = read_mail(f, 1);
    assert_non_null(strstr(m, "X-Sink-Rcpt: <anna@example.nl>"));
    assert_non_null(strstr(m, "List-Unsubscribe: <https://kamerwacht.test/afmelden/u/"));
    assert_non_null(strstr(m, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    assert_non_null(strstr(m, "Auto-Submitted: auto-generated\r\n"));
    assert_non_null(strstr(m, "Content-Type: multipart/alternative;"));
    assert_non_null(strstr(m, "Content-Type: text/html; charset=utf-8"));
    assert_non_null(strstr(m, "Message-ID: <"));
    assert_non_null(strstr(m, "Subject: =?UTF-8?B?")); /* the dash makes it non-ASCII */
    assert_non_null(strstr(m, "2025D00002"));
    assert_null(strstr(m, "2025D00003"));
    assert_null(strstr(m, "2025D00001"));
    /* both monitors matched; the item is listed once, naming the other monitor */
    assert_non_null(strstr(m, "Ook gevonden door: Zoekopdracht"));
    free(m);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_sent"), 1);

    /* Pass 3: nothing new, nothing sent. A re-emission without change is not new either. */
    doc(f, 2, "Brief over stikstof en scholen", true, false, "2019-05-05T10:00:00Z");
    f->now += 600;
    pass(f, &r);
    assert_int_equal(r.reemitted_unchanged, 1);
    assert_int_equal(r.ingested_changed, 0);
    assert_int_equal(r.items_queued, 0);
    assert_int_equal(mails(f), 1);

    /* A real change of an item already sent does not send it again (once per user). */
    doc(f, 2, "Brief over stikstof en scholen (herzien)", true, false, "2019-05-05T10:00:00Z");
    f->now += 600;
    pass(f, &r);
    assert_int_equal(r.ingested_changed, 1);
    assert_int_equal(r.items_queued, 0);
    assert_int_equal(mails(f), 1);
}

static void test_two_users_and_zaak(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    int64_t a, b;
    assert_int_equal(alerts_user_ensure(f->a, "a@example.nl", &a, NULL), 0);
    assert_int_equal(alerts_user_ensure(f->a, "b@example.nl", &b, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, a, MON_ZAAK, "2025Z00001", FREQ_IMMEDIATE, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, b, MON_DOSSIER, "31293", FREQ_DAILY, NULL), 0);
    pass(f, &r);
    doc(f, 4, "Over het lerarentekort", true, true, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    /* a gets it now; b's daily monitor is not due yet */
    assert_int_equal(r.users_mailed, 1);
    assert_int_equal(mails(f), 1);
    char *m = read_mail(f, 1);
    assert_non_null(strstr(m, "<a@example.nl>"));
    free(m);
    f->now += 86400;
    pass(f, &r);
    assert_int_equal(r.users_mailed, 1);
    assert_int_equal(mails(f), 2);
    m = read_mail(f, 2);
    assert_non_null(strstr(m, "<b@example.nl>"));
    assert_non_null(strstr(m, "2025D00004"));
    free(m);
}

static void test_outbox_retry_no_doubles(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    int64_t uid;
    assert_int_equal(alerts_user_ensure(f->a, "c@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, NULL), 0);
    pass(f, &r);
    f->sink.refuse = 2; /* the server says 451 twice */
    doc(f, 5, "Nieuw stuk", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.items_queued, 1);
    assert_int_equal(r.delivered, 0);
    assert_int_equal(r.delivery_retry_later, 1);
    assert_int_equal(mails(f), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_sent"), 0); /* not sent: not in ledger */
    /* Another pass before the backoff ends: nothing tried, nothing queued twice. */
    doc(f, 6, "Nog een stuk", false, false, "2025-06-01T10:00:00Z");
    f->now += 10;
    pass(f, &r);
    assert_int_equal(r.items_queued, 0);
    assert_int_equal(r.delivery_failed, 0);
    f->now += 60; /* first retry: refused again */
    assert_int_equal(alerts_deliver(f->a, &r), 0);
    assert_int_equal(mails(f), 0);
    f->now += 120; /* second retry after a doubled pause: accepted */
    memset(&r, 0, sizeof r);
    assert_int_equal(alerts_deliver(f->a, &r), 0);
    assert_int_equal(r.delivered, 1);
    assert_int_equal(mails(f), 1);
    assert_int_equal(f->sink.refused, 2);
    assert_int_equal(count(f, "SELECT attempts FROM alert_delivery"), 3);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_sent"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_delivery WHERE payload IS NOT NULL"), 0);
    f->now += 3600;
    memset(&r, 0, sizeof r);
    assert_int_equal(alerts_pass(f->a, NULL, &r), 0);
    assert_int_equal(r.delivered, 0);
    assert_int_equal(mails(f), 1);
}

static void test_smtp_down_then_up(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    int64_t uid;
    assert_int_equal(alerts_user_ensure(f->a, "d@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, NULL), 0);
    pass(f, &r);
    int port = f->cfg.smtp_port;
    f->cfg.smtp_port = 1; /* nothing listens there: connection refused */
    alerts_close(f->a);
    char err[256];
    struct alerts_opts ao = {&f->cfg, NULL, fx_clock, f};
    assert_int_equal(alerts_open(f->db3, &ao, &f->a, err, sizeof err), 0);
    doc(f, 7, "Stuk tijdens storing", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.delivery_retry_later, 1);
    alerts_close(f->a);
    f->cfg.smtp_port = port;
    assert_int_equal(alerts_open(f->db3, &ao, &f->a, err, sizeof err), 0);
    f->now += 3600;
    pass(f, &r);
    assert_int_equal(r.delivered, 1);
    assert_int_equal(mails(f), 1);
    pass(f, &r);
    assert_int_equal(mails(f), 1);
}

static void test_permanent_failure_shown(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    int64_t uid;
    assert_int_equal(alerts_user_ensure(f->a, "e@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, NULL), 0);
    pass(f, &r);
    f->sink.refuse = 1;
    f->sink.refuse_code = 550;
    doc(f, 8, "Stuk", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.delivery_gave_up, 1);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_delivery WHERE status = 'failed'"
                              " AND last_error LIKE '%550%'"), 1);
}

/* Reopens the alerts with f->cfg (after a change of configuration). */
static void reopen(struct fx *f)
{
    alerts_close(f->a);
    char err[256];
    struct alerts_opts ao = {&f->cfg, NULL, fx_clock, f};
    assert_int_equal(alerts_open(f->db3, &ao, &f->a, err, sizeof err), 0);
}

/* 550 to RCPT TO: the delivery fails for good at once (no retry), a hard bounce is counted,
 * and after hard_bounces of them the account's mail is suspended: its next alerts are kept
 * (feed) but not sent, until it is resumed; a sign-in by link resumes too. */
static void test_rcpt_550_suspends_after_n(void **state)
{
    struct fx *f = *state;
    f->cfg.hard_bounces = 3;
    reopen(f);
    struct alerts_report r;
    int64_t uid;
    assert_int_equal(alerts_user_ensure(f->a, "dood@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, NULL), 0);
    pass(f, &r);
    f->sink.refuse_rcpt_code = 550;
    for (int k = 0; k < 3; k++) {
        assert_int_equal(alerts_user_suspended(f->a, uid), 0);
        f->sink.refuse_rcpt = 1;
        doc(f, 20 + k, "Stuk voor een dood adres", true, false, "2025-06-01T10:00:00Z");
        f->now += 60;
        pass(f, &r);
        assert_int_equal(r.items_queued, 1);
        assert_int_equal(r.delivery_gave_up, 1);   /* at once, not after max_attempts */
        assert_int_equal(r.delivery_retry_later, 0);
        assert_int_equal(r.bounces_hard, 1);
    }
    assert_int_equal(f->sink.rcpt_refused, 3);
    assert_int_equal(mails(f), 0);
    assert_int_equal(alerts_user_suspended(f->a, uid), 1);
    struct bounce_state b;
    assert_int_equal(alerts_user_bounces(f->a, uid, &b), 1);
    assert_int_equal(b.hard, 3);
    assert_string_equal(b.last_code, "smtp 550 5.1.1");
    assert_int_equal(b.suspended_at, f->now);
    /* The failed rows are not tried again. */
    f->now += 86400;
    memset(&r, 0, sizeof r);
    assert_int_equal(alerts_deliver(f->a, &r), 0);
    assert_int_equal(r.delivered + r.delivery_failed, 0);
    /* Suspended: the next item is kept for the feed, nothing reaches the server. */
    doc(f, 30, "Stuk tijdens de pauze", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.items_queued, 1);
    assert_int_equal(r.mails_held, 1); /* kept without composing the mail */
    assert_int_equal(r.delivered, 0);
    assert_int_equal(mails(f), 0);
    assert_int_equal(f->sink.rcpt_refused, 3);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_delivery WHERE status = 'suspended'"
                              " AND payload IS NULL"), 1);
    struct buf atom = BUF_INIT;
    assert_int_equal(alerts_feed_atom(f->a, uid, &atom), 0);
    assert_non_null(strstr(buf_cstr(&atom), "2025D00030"));
    buf_free(&atom);
    struct buf ex = BUF_INIT;
    assert_int_equal(alerts_user_export(f->a, uid, &ex), 0);
    assert_non_null(strstr(buf_cstr(&ex), "\"hard\":3"));
    assert_non_null(strstr(buf_cstr(&ex), "\"mail_suspended_at\":"));
    buf_free(&ex);
    /* Resumed by signing in with a link sent to the address. */
    char tok[AC_TOKEN_TEXT];
    bool created;
    int64_t uid2;
    assert_int_equal(acct_signin_create(f->a, "dood@example.nl", tok), 0);
    assert_int_equal(acct_signin_consume(f->a, tok, &uid2, &created), 1);
    assert_int_equal(uid2, uid);
    assert_int_equal(alerts_user_suspended(f->a, uid), 0);
    doc(f, 31, "Stuk na hervatten", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.delivered, 1);
    assert_int_equal(mails(f), 1);
    char *m = read_mail(f, 1);
    assert_non_null(strstr(m, "2025D00031"));
    assert_null(strstr(m, "2025D00030")); /* held, not sent later */
    free(m);
    /* Deleting the account removes its bounce record. */
    assert_int_equal(alerts_user_delete(f->a, uid), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_bounce"), 0);
}

/* 451 to RCPT TO: temporary; retried with backoff, no bounce counted, delivered once. */
static void test_rcpt_451_retries(void **state)
{
    struct fx *f = *state;
    f->cfg.hard_bounces = 1;
    reopen(f);
    struct alerts_report r;
    int64_t uid;
    assert_int_equal(alerts_user_ensure(f->a, "vol@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, NULL), 0);
    pass(f, &r);
    f->sink.refuse_rcpt = 2;
    f->sink.refuse_rcpt_code = 451;
    doc(f, 40, "Stuk voor een vol adres", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.delivery_retry_later, 1);
    assert_int_equal(r.bounces_hard, 0);
    f->now += 60;
    memset(&r, 0, sizeof r);
    assert_int_equal(alerts_deliver(f->a, &r), 0);
    assert_int_equal(r.delivery_retry_later, 1);
    f->now += 120;
    memset(&r, 0, sizeof r);
    assert_int_equal(alerts_deliver(f->a, &r), 0);
    assert_int_equal(r.delivered, 1);
    assert_int_equal(f->sink.rcpt_refused, 2);
    assert_int_equal(mails(f), 1);
    assert_int_equal(alerts_user_suspended(f->a, uid), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_bounce WHERE hard > 0 OR soft > 0"), 0);
}

/* VERP: with a bounce address the envelope sender carries the account's token; a DSN sent
 * back to it is counted on that account, whatever address it names. */
static void test_verp_envelope_and_dsn(void **state)
{
    struct fx *f = *state;
    snprintf(f->cfg.bounce_address, sizeof f->cfg.bounce_address, "bounces@b.kamerwacht.test");
    f->cfg.hard_bounces = 2;
    reopen(f);
    struct alerts_report r;
    int64_t uid;
    assert_int_equal(alerts_user_ensure(f->a, "verp@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, NULL), 0);
    pass(f, &r);
    doc(f, 50, "Stuk", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(mails(f), 1);
    char *m = read_mail(f, 1);
    const char *from = strstr(m, "X-Sink-From: <bounces+");
    assert_non_null(from);
    char token[BOUNCE_TOKEN_LEN + 1];
    memcpy(token, from + 22, BOUNCE_TOKEN_LEN);
    token[BOUNCE_TOKEN_LEN] = '\0';
    assert_memory_equal(from + 22 + BOUNCE_TOKEN_LEN, "@b.kamerwacht.test>", 19);
    assert_non_null(strstr(m, "From: Kamerwacht <alerts@kamerwacht.test>")); /* header unchanged */
    free(m);
    char dsn[2048];
    snprintf(dsn, sizeof dsn,
             "From: MAILER-DAEMON@mx.example.org\r\nTo: bounces+%s@b.kamerwacht.test\r\n"
             "Subject: Undelivered Mail Returned to Sender\r\n"
             "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n"
             "--b1\r\nContent-Type: text/plain\r\n\r\nThe mail system could not deliver it.\r\n"
             "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
             "Final-Recipient: rfc822; someone-else@example.org\r\nAction: failed\r\n"
             "Status: 5.1.1\r\n\r\n--b1--\r\n", token);
    struct bounce_info b;
    bounce_parse(dsn, strlen(dsn), f->cfg.bounce_address, NULL, &b);
    assert_string_equal(b.token, token);
    int64_t who = 0;
    bool suspended = true;
    assert_int_equal(alerts_bounce_record(f->a, &b, &who, &suspended), 1);
    assert_int_equal(who, uid);
    assert_false(suspended);
    assert_int_equal(alerts_bounce_record(f->a, &b, &who, &suspended), 1);
    assert_true(suspended);
    /* The same report with a token nobody has, naming nobody we know: nothing recorded. */
    char *t = strstr(dsn, token);
    t[0] = t[0] == 'a' ? 'b' : 'a';
    bounce_parse(dsn, strlen(dsn), f->cfg.bounce_address, NULL, &b);
    assert_int_equal(alerts_bounce_record(f->a, &b, &who, &suspended), 0);
    /* The account page's button. */
    assert_int_equal(alerts_user_resume(f->a, uid), 0);
    assert_int_equal(alerts_user_suspended(f->a, uid), 0);
}

static void test_dry_run_changes_nothing(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    int64_t uid;
    assert_int_equal(alerts_user_ensure(f->a, "f@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, NULL), 0);
    pass(f, &r);
    doc(f, 9, "Stuk", true, false, "2025-06-01T10:00:00Z");
    struct alerts_pass_opts o = {.dry_run = true};
    assert_int_equal(alerts_pass(f->a, &o, &r), 0);
    assert_int_equal(r.items_queued, 1);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_delivery"), 0);
    pass(f, &r);
    assert_int_equal(r.items_queued, 1);
    assert_int_equal(mails(f), 1);
}

struct got {
    int n;
    char rcpt[4][64];
    char text[4][16384];
};

static void on_mail(void *ctx, const char *rcpt, const char *subject, const char *text)
{
    (void)subject;
    struct got *g = ctx;
    assert_true(g->n < 4);
    snprintf(g->rcpt[g->n], sizeof g->rcpt[g->n], "%s", rcpt);
    snprintf(g->text[g->n], sizeof g->text[g->n], "%s", text);
    g->n++;
}

static const char *mail_to(const struct got *g, const char *rcpt)
{
    for (int i = 0; i < g->n; i++)
        if (!strcmp(g->rcpt[i], rcpt))
            return g->text[i];
    fail_msg("no mail to %s", rcpt);
    return "";
}

/* A saved search says why: the matched words (stems too, exact forms of quoted words, not what
 * is under NOT), highlighted in a snippet of the title, a long title cut to a window around
 * them; the reason of one (query, item) is made once and shared by the users with that query. */
static void test_search_reasons(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    int64_t a, b;
    assert_int_equal(alerts_user_ensure(f->a, "a@example.nl", &a, NULL), 0);
    assert_int_equal(alerts_user_ensure(f->a, "b@example.nl", &b, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, a, MON_SEARCH, "boer stikstof", FREQ_IMMEDIATE, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, b, MON_SEARCH, "boer stikstof", FREQ_IMMEDIATE, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, b, MON_SEARCH,
                                        "\"Brabantse\" OR melkveehouders -varkens",
                                        FREQ_IMMEDIATE, NULL), 0);
    pass(f, &r);
    doc(f, 2, "Boeren en stikstof in Brabant", false, false, "2025-06-01T10:00:00Z");
    char longt[1024];
    size_t l = 0;
    for (int i = 1; i <= 50; i++) {
        l += (size_t)snprintf(longt + l, sizeof longt - l, "vul%02d ", i);
        if (i == 40)
            l += (size_t)snprintf(longt + l, sizeof longt - l, "stikstof boeren ");
    }
    doc(f, 3, longt, false, false, "2025-06-01T10:00:00Z");
    doc(f, 4, "Melkveehouders in de Brabantse Peel", false, false, "2025-06-01T10:00:00Z");
    doc(f, 5, "Brabant en varkens", false, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    struct got *g = calloc(1, sizeof *g);
    struct alerts_pass_opts o = {.dry_run = true, .on_mail = on_mail, .on_mail_ctx = g};
    assert_int_equal(alerts_pass(f->a, &o, &r), 0);
    assert_int_equal(g->n, 2);
    assert_int_equal(r.items_queued, 5);
    assert_int_equal(r.snippets_made, 3);   /* (q1, d2), (q1, d3), (q2, d4) */
    assert_int_equal(r.snippets_reused, 2); /* b's q1 reasons are a's */
    const char *ta = mail_to(g, "a@example.nl"), *tb = mail_to(g, "b@example.nl");
    assert_non_null(strstr(ta, "Waarom: gevonden: Boeren, stikstof\n    *Boeren* en *stikstof* in"
                               " Brabant"));
    assert_non_null(strstr(tb, "*Boeren* en *stikstof* in Brabant"));
    /* the long title: a window of 24 words around the matches (here up to the end) */
    assert_non_null(strstr(ta, "Waarom: gevonden: stikstof, boeren\n    …vul29 vul30 "));
    assert_non_null(strstr(ta, " vul40 *stikstof* *boeren* vul41 "));
    assert_non_null(strstr(ta, " vul49 vul50 \n"));
    /* exact form of the quoted word, stem of the bare one */
    assert_non_null(strstr(tb, "gevonden: Melkveehouders, Brabantse\n    *Melkveehouders* in de"
                               " *Brabantse* Peel"));
    assert_null(strstr(tb, "2025D00005")); /* -varkens */
    assert_null(strstr(tb, "*Brief"));
    free(g);
}

/* Hard bounces are forgotten after an accepted mail followed by 7 days without a bounce, not
 * when a bounce follows the acceptance within them. */
static void test_hard_bounces_forgotten(void **state)
{
    struct fx *f = *state;
    f->cfg.hard_bounces = 3;
    reopen(f);
    struct alerts_report r;
    struct bounce_state b;
    int64_t uid;
    assert_int_equal(alerts_user_ensure(f->a, "wisselend@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, NULL), 0);
    pass(f, &r);
    int n = 40;
    /* Two hard bounces, a mail accepted, a bounce an hour later: suspended at 3. */
    assert_int_equal(alerts_bounce_count(f->a, uid, true, "5.1.1"), 0);
    assert_int_equal(alerts_bounce_count(f->a, uid, true, "5.1.1"), 0);
    doc(f, n++, "Stuk", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.delivered, 1);
    int64_t t0 = f->now;
    assert_int_equal(alerts_user_bounces(f->a, uid, &b), 1);
    assert_int_equal(b.hard, 2);
    assert_int_equal(b.ok_since, t0);
    struct buf ex = BUF_INIT; /* the export has everything stored, this too */
    assert_int_equal(alerts_user_export(f->a, uid, &ex), 0);
    char want[64];
    snprintf(want, sizeof want, "\"mail_accepted_since\":%lld", (long long)t0);
    assert_non_null(strstr(buf_cstr(&ex), want));
    buf_free(&ex);
    f->now += 3600;
    assert_int_equal(alerts_bounce_count(f->a, uid, true, "5.1.1"), 1);
    assert_int_equal(alerts_user_bounces(f->a, uid, &b), 1);
    assert_int_equal(b.hard, 3);
    assert_int_equal(b.ok_since, 0);
    assert_int_equal(alerts_user_resume(f->a, uid), 0);

    /* Two hard bounces, then mails accepted for 7 days: forgotten at the next accepted one. */
    assert_int_equal(alerts_bounce_count(f->a, uid, true, "5.1.1"), 0);
    assert_int_equal(alerts_bounce_count(f->a, uid, true, "5.1.1"), 0);
    doc(f, n++, "Stuk", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.delivered, 1);
    int64_t t1 = f->now;
    doc(f, n++, "Stuk", true, false, "2025-06-01T10:00:00Z");
    f->now += 3 * 86400;
    pass(f, &r);
    assert_int_equal(r.delivered, 1);
    assert_int_equal(alerts_user_bounces(f->a, uid, &b), 1);
    assert_int_equal(b.hard, 2); /* 3 days: not yet */
    assert_int_equal(b.ok_since, t1); /* the first accepted mail counts */
    doc(f, n++, "Stuk", true, false, "2025-06-01T10:00:00Z");
    f->now = t1 + 7 * 86400;
    pass(f, &r);
    assert_int_equal(r.delivered, 1);
    assert_int_equal(alerts_user_bounces(f->a, uid, &b), 1);
    assert_int_equal(b.hard, 0);
    assert_int_equal(alerts_bounce_count(f->a, uid, true, "5.1.1"), 0);
    assert_int_equal(alerts_user_bounces(f->a, uid, &b), 1);
    assert_int_equal(b.hard, 1);

    /* Or at the next bounce, when it comes more than 7 days after an accepted mail. */
    assert_int_equal(alerts_bounce_count(f->a, uid, true, "5.1.1"), 0);
    doc(f, n++, "Stuk", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.delivered, 1);
    f->now += 8 * 86400;
    assert_int_equal(alerts_bounce_count(f->a, uid, true, "5.1.1"), 0);
    assert_int_equal(alerts_user_bounces(f->a, uid, &b), 1);
    assert_int_equal(b.hard, 1);
    assert_int_equal(alerts_user_suspended(f->a, uid), 0);
}

/* One pass delivers everything it queued, also more than one delivery batch (200 rows):
 * `kamerwacht alerts` run from cron must not leave most mails for later runs. */
static void test_one_pass_delivers_all(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    sql(f, "BEGIN");
    for (int i = 0; i < 203; i++) {
        char email[64];
        snprintf(email, sizeof email, "lezer%03d@example.nl", i);
        int64_t uid;
        assert_int_equal(alerts_user_ensure(f->a, email, &uid, NULL), 0);
        assert_int_equal(alerts_monitor_add(f->a, uid, MON_DOSSIER, "31293", FREQ_IMMEDIATE, NULL), 0);
    }
    sql(f, "COMMIT");
    pass(f, &r);
    doc(f, 50, "Stuk voor iedereen", true, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.users_mailed, 203);
    assert_int_equal(r.delivered, 203);
    assert_int_equal(mails(f), 203);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_delivery WHERE status = 'queued'"), 0);
}

/* The preview of a saved search says why each item would have been sent, as the mail does. */
static void test_search_preview_says_why(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    pass(f, &r);
    doc(f, 2, "Boeren en stikstof in Brabant", false, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    struct preview_item *items;
    size_t n;
    assert_int_equal(alerts_preview(f->a, MON_SEARCH, "boer stikstof", 30, 10, &items, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].item, "Document:d2");
    assert_string_equal(items[0].reason, "gevonden: Boeren, stikstof\n\x01" "Boeren\x02 en \x01"
                                         "stikstof\x02 in Brabant");
    free(items);
}

/* The kinds the other tests leave out, each followed by its own user: exactly the right
 * items reach each one - fractie (documents and toezeggingen of the party), commissie,
 * activiteit (documents and toezeggingen made there), "antwoord" (by the question's document
 * number) and toezeggingen per committee and per party. */
static void test_other_kinds(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    sql(f, "INSERT INTO \"Fractie\"(id, skiptoken, afkorting, naamNl) VALUES('f1', 1, 'GL', 'GroenLinks')");
    sql(f, "INSERT INTO \"Fractie\"(id, skiptoken, afkorting, naamNl) VALUES('f2', 1, 'SP', 'SP')");
    sql(f, "INSERT INTO \"Commissie\"(id, skiptoken, afkorting, naamNl, nummer) VALUES('c1', 1,"
           " 'OCW', 'Onderwijs', '2017C1')");
    sql(f, "INSERT INTO \"Activiteit\"(id, skiptoken, nummer, onderwerp, voortouwcommissie_id)"
           " VALUES('a1', 1, '2025A00001', 'Debat', 'c1')");
    sql(f, "INSERT INTO \"Activiteit\"(id, skiptoken, nummer, onderwerp) VALUES('a2', 1,"
           " '2025A00002', 'Ander debat')");
    sql(f, "INSERT INTO \"Zaak\"(id, skiptoken, nummer, onderwerp) VALUES('z2', 1, '2025Z00002',"
           " 'Vragen over scholen')");
    sql(f, "INSERT INTO \"Document\"(id, skiptoken, soort, documentNummer, onderwerp) VALUES('q1',"
           " 2, 'Schriftelijke vragen', '2025D00100', 'Vragen')");
    sql(f, "INSERT INTO \"Document_zaak\"(src, dst) VALUES('q1', 'z2')");
    /* (a category's first scan is its baseline: one toezegging is there already) */
    sql(f, "INSERT INTO \"Toezegging\"(id, skiptoken, nummer, tekst, activiteit_id) VALUES('t0',"
           " 1, 'TZ202401-001', 'Oud', 'a1')");
    pass(f, &r); /* the baseline */
    const char *who[][3] = {
        {"fractie@example.nl", "fractie", "GL"},
        {"commissie@example.nl", "commissie", "OCW"},
        {"activiteit@example.nl", "activiteit", "2025A00001"},
        {"antwoord@example.nl", "antwoord", "2025D00100"},
        {"tzcie@example.nl", "toezeggingen", "commissie=OCW"},
        {"tzfractie@example.nl", "toezeggingen", "fractie=gl"},
    };
    for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
        int64_t uid;
        enum monitor_kind k;
        assert_int_equal(alerts_user_ensure(f->a, who[i][0], &uid, NULL), 0);
        assert_int_equal(monitor_kind_parse(who[i][1], &k), 0);
        if (alerts_monitor_add(f->a, uid, k, who[i][2], FREQ_IMMEDIATE, NULL))
            fail_msg("%s:%s: %s", who[i][1], who[i][2], alerts_errmsg(f->a));
    }
    f->skip = 100;
    doc(f, 60, "Motie van GL", false, false, "2025-06-01T10:00:00Z");
    sql(f, "INSERT INTO \"DocumentActor\"(id, skiptoken, document_id, fractie_id, relatie)"
           " VALUES('da1', 1, 'd60', 'f1', 'Indiener')");
    doc(f, 61, "Brief aan de commissie", false, false, "2025-06-01T10:00:00Z");
    sql(f, "INSERT INTO \"DocumentActor\"(id, skiptoken, document_id, commissie_id, relatie)"
           " VALUES('da2', 1, 'd61', 'c1', 'Ontvanger')");
    doc(f, 62, "Verslag van het debat", false, false, "2025-06-01T10:00:00Z");
    sql(f, "INSERT INTO \"Document_activiteit\"(src, dst) VALUES('d62', 'a1')");
    doc(f, 63, "Antwoord op vragen over scholen", false, false, "2025-06-01T10:00:00Z");
    sql(f, "UPDATE \"Document\" SET soort = 'Antwoord schriftelijke vragen' WHERE id = 'd63'");
    sql(f, "INSERT INTO \"Document_zaak\"(src, dst) VALUES('d63', 'z2')");
    doc(f, 64, "Motie van de SP", false, false, "2025-06-01T10:00:00Z");
    sql(f, "INSERT INTO \"DocumentActor\"(id, skiptoken, document_id, fractie_id, relatie)"
           " VALUES('da3', 1, 'd64', 'f2', 'Indiener')");
    sql(f, "INSERT INTO \"Toezegging\"(id, skiptoken, nummer, tekst, activiteit_id) VALUES('t2',"
           " 110, 'TZ202506-002', 'Toegezegd in het debat', 'a1')");
    sql(f, "INSERT INTO \"Toezegging\"(id, skiptoken, nummer, tekst, toegezegdAanFractie_id,"
           " activiteit_id) VALUES('t3', 111, 'TZ202506-003', 'Toegezegd aan GL', 'f1', 'a2')");
    f->now += 60;
    pass(f, &r);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(f->db3,
        "SELECT u.email, group_concat(i.item, ' ') FROM (SELECT * FROM alert_delivery_item"
        " ORDER BY item) i JOIN alert_delivery d ON d.did = i.did JOIN alert_user u ON"
        " u.uid = d.uid WHERE d.channel = 0 GROUP BY u.email ORDER BY u.email", -1, &st, NULL),
        SQLITE_OK);
    struct buf got = BUF_INIT;
    while (sqlite3_step(st) == SQLITE_ROW)
        buf_printf(&got, "%s: %s\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    assert_string_equal(buf_cstr(&got),
                        "activiteit@example.nl: Document:d62 Toezegging:t2\n"
                        "antwoord@example.nl: Document:d63\n"
                        "commissie@example.nl: Document:d61\n"
                        "fractie@example.nl: Document:d60 Toezegging:t3\n"
                        "tzcie@example.nl: Toezegging:t2\n"
                        "tzfractie@example.nl: Toezegging:t3\n");
    buf_free(&got);
    assert_int_equal(r.users_mailed, 6);
    assert_int_equal(r.delivered, 6);
}

/* A one-shot HTTP receiver for webhooks: accepts one request, keeps its head and body,
 * answers 200. */
struct hook_rx {
    int fd, port;
    char head[4096];
    char body[16384];
    size_t body_len;
};

static void *hook_thread(void *p)
{
    struct hook_rx *h = p;
    int c = accept(h->fd, NULL, NULL);
    if (c < 0)
        return NULL;
    char buf[32768];
    size_t n = 0;
    char *end = NULL;
    size_t clen = 0;
    for (;;) {
        ssize_t k = read(c, buf + n, sizeof buf - 1 - n);
        if (k <= 0)
            break;
        n += (size_t)k;
        buf[n] = '\0';
        if (!end && (end = strstr(buf, "\r\n\r\n"))) {
            const char *cl = strstr(buf, "Content-Length:");
            clen = cl ? (size_t)atol(cl + 15) : 0;
        }
        if (end && n >= (size_t)(end + 4 - buf) + clen)
            break;
    }
    if (end) {
        snprintf(h->head, sizeof h->head, "%.*s", (int)(end - buf), buf);
        h->body_len = n - (size_t)(end + 4 - buf);
        if (h->body_len >= sizeof h->body)
            h->body_len = sizeof h->body - 1;
        memcpy(h->body, end + 4, h->body_len);
        h->body[h->body_len] = '\0';
    }
    const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    if (write(c, ok, sizeof ok - 1) < 0) {
    }
    close(c);
    return NULL;
}

static void hook_listen(struct hook_rx *h)
{
    memset(h, 0, sizeof *h);
    h->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    assert_int_equal(bind(h->fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(listen(h->fd, 4), 0);
    socklen_t l = sizeof sa;
    getsockname(h->fd, (struct sockaddr *)&sa, &l);
    h->port = ntohs(sa.sin_port);
}

static const char *head_value(const char *head, const char *name, char *out, size_t n)
{
    const char *p = strstr(head, name);
    assert_non_null(p);
    p += strlen(name);
    while (*p == ' ')
        p++;
    size_t l = strcspn(p, "\r\n");
    snprintf(out, n, "%.*s", (int)l, p);
    return out;
}

/* Webhooks: the same items as the mail, as JSON, signed with HMAC-SHA256 over
 * timestamp + "." + body (checked here with OpenSSL directly), entered in the sent ledger of
 * the webhook channel once the receiver said 2xx; they go on while the mail is suspended. */
static void test_webhook_signed(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    int64_t uid;
    assert_int_equal(alerts_user_ensure(f->a, "haak@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_SEARCH, "stikstof", FREQ_IMMEDIATE, NULL), 0);
    struct hook_rx h;
    hook_listen(&h);
    char url[128], secret[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/haak", h.port);
    assert_int_equal(alerts_user_webhook(f->a, uid, url, secret, sizeof secret), 0);
    pass(f, &r);
    /* By default a webhook may not reach loopback (nor private, link-local...) addresses:
     * refused at connect time, for good, without a connection. The mail goes. */
    doc(f, 69, "Eerste stuk over stikstof", false, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.delivered, 1);
    assert_int_equal(r.delivery_gave_up, 1);
    assert_int_equal(mails(f), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_delivery WHERE channel = 1 AND"
                              " status = 'failed' AND last_error LIKE '%webhook_private%'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_sent WHERE channel = 1"), 0);
    f->cfg.webhook_private = true;
    reopen(f);
    /* suspended mail: the webhook still gets the item, with the reason */
    for (int i = 0; i < 3; i++)
        alerts_bounce_count(f->a, uid, true, "5.1.1");
    assert_int_equal(alerts_user_suspended(f->a, uid), 1);
    pthread_t th;
    pthread_create(&th, NULL, hook_thread, &h);
    doc(f, 70, "Brief over stikstof", false, false, "2025-06-01T10:00:00Z");
    f->now += 60;
    pass(f, &r);
    pthread_join(th, NULL);
    close(h.fd);
    assert_int_equal(r.mails_held, 1);
    assert_int_equal(r.delivered, 1); /* the webhook */
    assert_non_null(strstr(h.head, "POST /haak HTTP/1.1"));
    assert_non_null(strstr(h.head, "Content-Type: application/json"));
    char ts[32], sig[128], want[128];
    head_value(h.head, "X-Kamerwacht-Timestamp:", ts, sizeof ts);
    head_value(h.head, "X-Kamerwacht-Signature:", sig, sizeof sig);
    assert_string_equal(ts, "1750000120");
    char signed_text[16448];
    int sl = snprintf(signed_text, sizeof signed_text, "%s.%s", ts, h.body);
    unsigned char mac[32];
    unsigned int ml = 0;
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)signed_text, (size_t)sl, mac,
         &ml);
    assert_int_equal(ml, 32);
    int w = snprintf(want, sizeof want, "sha256=");
    for (unsigned i = 0; i < ml; i++)
        w += snprintf(want + w, sizeof want - (size_t)w, "%02x", mac[i]);
    assert_string_equal(sig, want);
    assert_non_null(strstr(h.body, "\"item\":\"Document:d70\""));
    assert_non_null(strstr(h.body, "\"identifier\":\"2025D00070\""));
    if (!strstr(h.body, "\"reason\":\"gevonden: stikstof\\n    Brief over *stikstof*\""))
        fail_msg("%s", h.body);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_sent WHERE channel = 1"
                              " AND item = 'Document:d70'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM alert_sent WHERE channel = 0"), 1);
    assert_int_equal(mails(f), 1);
}

static int internal(const char *addr)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    if (strchr(addr, ':')) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
        s6->sin6_family = AF_INET6;
        assert_int_equal(inet_pton(AF_INET6, addr, &s6->sin6_addr), 1);
    } else {
        struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
        s4->sin_family = AF_INET;
        assert_int_equal(inet_pton(AF_INET, addr, &s4->sin_addr), 1);
    }
    return webhook_address_internal((struct sockaddr *)&ss);
}

static void test_webhook_internal_addresses(void **state)
{
    (void)state;
    const char *in[] = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::",
                        "fe80::1", "fd00::1", "fc00::2", "ff02::1", "::ffff:127.0.0.1",
                        "::ffff:10.0.0.1"};
    const char *out[] = {"8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1", "100.128.0.1",
                         "145.97.39.155", "2001:4860:4860::8888", "::ffff:8.8.8.8"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        if (!internal(in[i]))
            fail_msg("%s should be internal", in[i]);
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++)
        if (internal(out[i]))
            fail_msg("%s should be allowed", out[i]);
}

static void test_toezegging_voldaan(void **state)
{
    struct fx *f = *state;
    struct alerts_report r;
    int64_t uid;
    sql(f, "INSERT INTO \"Toezegging\"(id, skiptoken, nummer, status, ministerie, tekst)"
           " VALUES('t1', 50, 'TZ202501-001', 'Openstaand', 'Financiën', 'De minister zegt toe')");
    pass(f, &r);
    assert_int_equal(alerts_user_ensure(f->a, "g@example.nl", &uid, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_VOLDAAN, "TZ202501-001", FREQ_IMMEDIATE, NULL), 0);
    assert_int_equal(alerts_monitor_add(f->a, uid, MON_TOEZEGGINGEN, "ministerie=financiën",
                                        FREQ_IMMEDIATE, NULL), 0);
    sql(f, "UPDATE \"Toezegging\" SET skiptoken = 51, kamerbriefNakoming = 'Brief'"
           " WHERE id = 't1'");
    f->now += 60;
    pass(f, &r); /* changed, but not fulfilled: only the ministry monitor sends it */
    assert_int_equal(r.items_queued, 1);
    sql(f, "UPDATE \"Toezegging\" SET skiptoken = 52, status = 'Voldaan' WHERE id = 't1'");
    f->now += 60;
    pass(f, &r);
    assert_int_equal(r.items_queued, 1);
    assert_int_equal(mails(f), 2);
    char *m = read_mail(f, 2);
    assert_non_null(strstr(m, "Nakoming van toezegging TZ202501-001"));
    free(m);
}

static void test_mime_building(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    struct mail m = {"Kamerwacht <a@b.nl>", "x@y.nl", "Zaak \xc3\xa9\xc3\xa9n\r\nBcc: evil@x",
                     "<id@b.nl>", "https://k/afmelden/u/1/abc", "regel 1\nregel . 2\n", "<p>hoi</p>",
                     1700000000};
    smtp_build(&m, &b);
    const char *s = buf_cstr(&b);
    assert_null(strstr(s, "\r\nBcc:"));
    assert_non_null(strstr(s, "Subject: =?UTF-8?B?"));
    assert_non_null(strstr(s, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
    assert_non_null(strstr(s, "List-Unsubscribe: <https://k/afmelden/u/1/abc>\r\n"));
    for (const char *p = s; *p; p++)
        if (*p == '\n')
            assert_true(p > s && p[-1] == '\r');
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_baseline_then_new_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_users_and_zaak, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outbox_retry_no_doubles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_smtp_down_then_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permanent_failure_shown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dry_run_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rcpt_550_suspends_after_n, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rcpt_451_retries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verp_envelope_and_dsn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_toezegging_voldaan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_reasons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hard_bounces_forgotten, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_pass_delivers_all, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_preview_says_why, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_webhook_signed, setup, teardown),
        cmocka_unit_test(test_webhook_internal_addresses),
        cmocka_unit_test(test_mime_building),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
