/* Unit tests of bounce_parse(): delivery status notifications as Postfix, Exim, Gmail and
 * Exchange send them (RFC 3464), plain text bounces (qmail, Exim without DSN), reports that
 * are no bounce (delivered, delayed), the VERP token in the bounce's own headers or the
 * envelope recipient, missing fields, and hostile input (NUL bytes, overlong lines, more than
 * BOUNCE_MAX_INPUT, lookalike tokens, our own quoted mail with numbers in it). Also the SMTP
 * reply-line reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alerts/bounce.h"
#include "alerts/smtp.h"

#define BA "bounces@b.kamerwacht.test"
#define TOK "0123456789abcdef01234567"

static void parse(const char *m, struct bounce_info *b)
{
    bounce_parse(m, strlen(m), BA, NULL, b);
}

static const char postfix_dsn[] =
    "Return-Path: <>\r\n"
    "Delivered-To: bounces+" TOK "@b.kamerwacht.test\r\n"
    "From: MAILER-DAEMON@mail.kamerwacht.test (Mail Delivery System)\r\n"
    "Subject: Undelivered Mail Returned to Sender\r\n"
    "To: bounces+" TOK "@b.kamerwacht.test\r\n"
    "Auto-Submitted: auto-replied\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/report; report-type=delivery-status;\r\n"
    "\tboundary=\"4C1B22C0.1718012345/mail.kamerwacht.test\"\r\n"
    "\r\n"
    "This is a MIME-encapsulated message.\r\n"
    "\r\n"
    "--4C1B22C0.1718012345/mail.kamerwacht.test\r\n"
    "Content-Description: Notification\r\n"
    "Content-Type: text/plain; charset=us-ascii\r\n"
    "\r\n"
    "This is the mail system at host mail.kamerwacht.test.\r\n"
    "\r\n"
    "I'm sorry to have to inform you that your message could not\r\n"
    "be delivered to one or more recipients.\r\n"
    "\r\n"
    "<Anna.Jansen@Example.NL>: host mx.example.nl[192.0.2.7] said: 550 5.1.1\r\n"
    "    <anna.jansen@example.nl>: Recipient address rejected: User unknown (in reply to\r\n"
    "    RCPT TO command)\r\n"
    "\r\n"
    "--4C1B22C0.1718012345/mail.kamerwacht.test\r\n"
    "Content-Description: Delivery report\r\n"
    "Content-Type: message/delivery-status\r\n"
    "\r\n"
    "Reporting-MTA: dns; mail.kamerwacht.test\r\n"
    "X-Postfix-Queue-ID: 4C1B22C0\r\n"
    "Arrival-Date: Mon, 10 Jun 2025 10:00:00 +0200 (CEST)\r\n"
    "\r\n"
    "Final-Recipient: rfc822; Anna.Jansen@Example.NL\r\n"
    "Original-Recipient: rfc822;anna.jansen@example.nl\r\n"
    "Action: failed\r\n"
    "Status: 5.1.1\r\n"
    "Remote-MTA: dns; mx.example.nl\r\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <anna.jansen@example.nl>: Recipient address\r\n"
    "    rejected: User unknown\r\n"
    "\r\n"
    "--4C1B22C0.1718012345/mail.kamerwacht.test\r\n"
    "Content-Description: Undelivered Message Headers\r\n"
    "Content-Type: text/rfc822-headers\r\n"
    "\r\n"
    "From: Kamerwacht <alerts@kamerwacht.test>\r\n"
    "To: anna.jansen@example.nl\r\n"
    "Subject: 4 nieuwe stukken: 450 banen weg\r\n"
    "\r\n"
    "--4C1B22C0.1718012345/mail.kamerwacht.test--\r\n";

static void test_postfix_dsn(void **state)
{
    (void)state;
    struct bounce_info b;
    parse(postfix_dsn, &b);
    assert_int_equal(b.kind, BOUNCE_HARD);
    assert_true(b.dsn);
    assert_string_equal(b.token, TOK);
    assert_true(b.nrcpt >= 1);
    assert_string_equal(b.rcpt[0], "anna.jansen@example.nl");
    assert_string_equal(b.status, "5.1.1");
    /* Without a configured bounce address no token is looked for; the recipient remains. */
    bounce_parse(postfix_dsn, strlen(postfix_dsn), NULL, NULL, &b);
    assert_string_equal(b.token, "");
    assert_string_equal(b.rcpt[0], "anna.jansen@example.nl");
    assert_int_equal(b.kind, BOUNCE_HARD);
}

/* Gmail-style: LF line ends, the token only in the envelope recipient the MTA passes. */
static const char gmail_dsn[] =
    "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
    "To: bounces+" TOK "@b.kamerwacht.test\n"
    "Subject: Delivery Status Notification (Failure)\n"
    "Content-Type: multipart/report; boundary=\"000000000000abc\"; report-type=delivery-status\n"
    "\n"
    "--000000000000abc\n"
    "Content-Type: text/plain; charset=\"UTF-8\"\n"
    "\n"
    "Address not found\n"
    "Your message wasn't delivered to bert@voorbeeld.nl because the address couldn't be found.\n"
    "\n"
    "--000000000000abc\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; googlemail.com\n"
    "\n"
    "Final-Recipient: rfc822; bert@voorbeeld.nl\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist.\n"
    "\n"
    "--000000000000abc--\n";

static void test_gmail_dsn_and_envelope(void **state)
{
    (void)state;
    struct bounce_info b;
    /* The token in To: is found... */
    parse(gmail_dsn, &b);
    assert_string_equal(b.token, TOK);
    /* ... and through the envelope recipient when the headers do not carry it. */
    const char *nohdr = strstr(gmail_dsn, "Subject:");
    bounce_parse(nohdr, strlen(nohdr), BA, "BOUNCES+" TOK "@B.Kamerwacht.Test", &b);
    assert_string_equal(b.token, TOK);
    assert_int_equal(b.kind, BOUNCE_HARD);
    assert_string_equal(b.rcpt[0], "bert@voorbeeld.nl");
    assert_string_equal(b.status, "5.1.1");
}

static void test_delayed_and_delivered(void **state)
{
    (void)state;
    struct bounce_info b;
    parse("To: bounces+" TOK "@b.kamerwacht.test\r\n\r\n"
          "Final-Recipient: rfc822; c@example.nl\r\nAction: delayed\r\nStatus: 4.4.1\r\n"
          "Will-Retry-Until: Tue, 11 Jun 2025 10:00:00 +0200\r\n", &b);
    assert_int_equal(b.kind, BOUNCE_SOFT);
    assert_string_equal(b.status, "4.4.1");
    parse("To: x@y.nl\r\n\r\nFinal-Recipient: rfc822; c@example.nl\r\nAction: delivered\r\n"
          "Status: 2.0.0\r\n", &b);
    assert_int_equal(b.kind, BOUNCE_NONE);
    parse("To: x@y.nl\r\n\r\nFinal-Recipient: rfc822; c@example.nl\r\nAction: relayed\r\n"
          "Status: 2.0.0\r\n", &b);
    assert_int_equal(b.kind, BOUNCE_NONE);
}

/* Exchange: 5.7.1 is a policy refusal (often about the sender), mailbox full is 5.2.2. */
static void test_policy_and_full_are_soft(void **state)
{
    (void)state;
    struct bounce_info b;
    parse("Subject: Undeliverable: Kamerwacht\r\n\r\nFinal-Recipient: rfc822;d@contoso.nl\r\n"
          "Action: failed\r\nStatus: 5.7.1\r\nDiagnostic-Code: smtp;550 5.7.1 RESOLVER.RST."
          "AuthRequired; authentication required\r\n", &b);
    assert_int_equal(b.kind, BOUNCE_SOFT);
    assert_string_equal(b.status, "5.7.1");
    parse("\r\nFinal-Recipient: rfc822;d@contoso.nl\r\nAction: failed\r\nStatus: 5.2.2\r\n", &b);
    assert_int_equal(b.kind, BOUNCE_SOFT);
    parse("\r\nFinal-Recipient: rfc822;d@contoso.nl\r\nAction: failed\r\nStatus: 5.4.4\r\n", &b);
    assert_int_equal(b.kind, BOUNCE_HARD);
}

/* Exim without a DSN part: X-Failed-Recipients and the reply in the text. */
static const char exim_plain[] =
    "From: Mail Delivery System <Mailer-Daemon@mx.provider.nl>\n"
    "To: bounces+" TOK "@b.kamerwacht.test\n"
    "Subject: Mail delivery failed: returning message to sender\n"
    "X-Failed-Recipients: eva@provider.nl\n"
    "\n"
    "This message was created automatically by mail delivery software.\n"
    "\n"
    "A message that you sent could not be delivered to one or more of its\n"
    "recipients. This is a permanent error. The following address(es) failed:\n"
    "\n"
    "  eva@provider.nl\n"
    "    SMTP error from remote mail server after RCPT TO:<eva@provider.nl>:\n"
    "    550 Unrouteable address\n"
    "\n"
    "------ This is a copy of the message, including all the headers. ------\n"
    "From: Kamerwacht <alerts@kamerwacht.test>\n"
    "To: frank@elders.nl\n"
    "\n"
    "450 banen en 5.1.1 in de titel\n";

static void test_exim_plain(void **state)
{
    (void)state;
    struct bounce_info b;
    parse(exim_plain, &b);
    assert_false(b.dsn);
    assert_int_equal(b.kind, BOUNCE_HARD);
    assert_string_equal(b.status, "550");
    assert_string_equal(b.rcpt[0], "eva@provider.nl");
    for (size_t i = 0; i < b.nrcpt; i++) /* the quoted original is not read */
        assert_string_not_equal(b.rcpt[i], "frank@elders.nl");
    assert_string_equal(b.token, TOK);
}

/* qmail: "said: 5xx" after a colon; the address in angle brackets. */
static void test_qmail_plain(void **state)
{
    (void)state;
    struct bounce_info b;
    parse("From: MAILER-DAEMON@qmail.example.org\nSubject: failure notice\n\n"
          "Hi. This is the qmail-send program at qmail.example.org.\n"
          "I'm afraid I wasn't able to deliver your message to the following addresses.\n\n"
          "<gijs@example.org>:\n192.0.2.9 does not like recipient.\n"
          "Remote host said: 550 sorry, no mailbox here by that name\n"
          "Giving up on 192.0.2.9.\n\n"
          "--- Below this line is a copy of the message.\n\n"
          "Subject: 500 stukken\n\n550 banen\n", &b);
    assert_int_equal(b.kind, BOUNCE_HARD);
    assert_string_equal(b.status, "550");
    assert_string_equal(b.rcpt[0], "gijs@example.org");
    /* a number in running text is no reply code */
    parse("Subject: hallo\n\nIk ben tot 5 juni weg. Over 550 banen praten we daarna.\n"
          "Groet, hans@example.org\n", &b);
    assert_string_equal(b.status, "");
    assert_int_equal(b.kind, BOUNCE_SOFT); /* unreadable, names someone: soft, never hard */
}

static void test_missing_fields(void **state)
{
    (void)state;
    struct bounce_info b;
    parse("", &b);
    assert_int_equal(b.kind, BOUNCE_NONE);
    assert_int_equal(b.nrcpt, 0);
    parse("Subject: only headers\r\nTo: nobody\r\n", &b);
    assert_int_equal(b.kind, BOUNCE_NONE);
    /* Action failed without Status: hard; Status without Action: by its class. */
    parse("\r\nFinal-Recipient: rfc822; h@example.nl\r\nAction: failed\r\n", &b);
    assert_int_equal(b.kind, BOUNCE_HARD);
    assert_string_equal(b.status, "");
    parse("\r\nFinal-Recipient: rfc822; h@example.nl\r\nStatus: 4.2.0\r\n", &b);
    assert_int_equal(b.kind, BOUNCE_SOFT);
    /* No recipient at all: the kind is still read, the account must come from a token. */
    parse("\r\nAction: failed\r\nStatus: 5.1.1\r\n", &b);
    assert_int_equal(b.kind, BOUNCE_HARD);
    assert_int_equal(b.nrcpt, 0);
    /* Broken fields: "Status: 5.x" and a Final-Recipient that is no address. */
    parse("\r\nFinal-Recipient: rfc822; not an address\r\nStatus: 5.x\r\n", &b);
    assert_int_equal(b.nrcpt, 0);
    assert_string_equal(b.status, "");
}

static void test_lookalike_tokens(void **state)
{
    (void)state;
    struct bounce_info b;
    parse("To: bounces+" TOK "@b.kamerwacht.test.evil.nl\r\n\r\nAction: failed\r\n", &b);
    assert_string_equal(b.token, ""); /* a longer domain */
    parse("To: xbounces+" TOK "@b.kamerwacht.test\r\n\r\nAction: failed\r\n", &b);
    assert_string_equal(b.token, ""); /* another local part */
    parse("To: bounces+0123456789abcdef0123456@b.kamerwacht.test\r\n\r\nAction: failed\r\n", &b);
    assert_string_equal(b.token, ""); /* 23 digits */
    parse("To: bounces+0123456789abcdef012345678@b.kamerwacht.test\r\n\r\nAction: failed\r\n", &b);
    assert_string_equal(b.token, ""); /* 25 digits */
    parse("To: bounces+0123456789abcdef0123456z@b.kamerwacht.test\r\n\r\nAction: failed\r\n", &b);
    assert_string_equal(b.token, ""); /* not hex */
    /* In the body (the quoted mail) it does not count: only the bounce's own headers. */
    parse("Subject: x\r\n\r\nTo: bounces+" TOK "@b.kamerwacht.test\r\nAction: failed\r\n", &b);
    assert_string_equal(b.token, "");
    /* Folded header. */
    parse("To: Kamerwacht bounces\r\n <bounces+" TOK "@b.kamerwacht.test>\r\n\r\nAction: failed\r\n",
          &b);
    assert_string_equal(b.token, TOK);
}

static void test_hostile_input(void **state)
{
    (void)state;
    struct bounce_info b;
    /* NUL bytes inside: read past, not stopped at. */
    static const char nul[] = "To: bounces+" TOK "@b.kamerwacht.test\r\n\r\n\0\0\0"
                              "Final-Recipient: rfc822; i@example.nl\r\nAction: failed\r\n"
                              "Status: 5.1.1\r\n";
    bounce_parse(nul, sizeof nul - 1, BA, NULL, &b);
    assert_int_equal(b.kind, BOUNCE_HARD);
    assert_string_equal(b.rcpt[0], "i@example.nl");
    /* 3 MiB: one endless header line, then one endless body line of '@' and digits. */
    size_t n = 3u << 20;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'A', n);
    memcpy(big, "To: ", 4);
    bounce_parse(big, n, BA, NULL, &b);
    assert_int_equal(b.kind, BOUNCE_NONE);
    memcpy(big, "X: y\r\n\r\n", 8);
    for (size_t i = 8; i < n; i++)
        big[i] = "@5.1.1 550-<>a."[i % 15];
    bounce_parse(big, n, BA, NULL, &b);
    assert_true(b.nrcpt <= BOUNCE_MAX_RCPT);
    assert_true(strlen(b.status) < sizeof b.status);
    /* The useful part after BOUNCE_MAX_INPUT is not read. */
    memset(big, '\n', n);
    const char tail[] = "Final-Recipient: rfc822; late@example.nl\nAction: failed\nStatus: 5.1.1\n";
    memcpy(big + BOUNCE_MAX_INPUT + 10, tail, sizeof tail - 1);
    bounce_parse(big, n, BA, NULL, &b);
    assert_int_equal(b.kind, BOUNCE_NONE);
    memcpy(big + 10, tail, sizeof tail - 1);
    bounce_parse(big, n, BA, NULL, &b);
    assert_int_equal(b.kind, BOUNCE_HARD);
    free(big);
    /* An address longer than any mailbox; more recipients than kept. */
    char many[4096] = "X-Failed-Recipients: ";
    for (int i = 0; i < 10; i++) {
        char one[64];
        snprintf(one, sizeof one, "%sr%d@example.nl", i ? ", " : "", i);
        strcat(many, one);
    }
    strcat(many, "\r\n\r\n550 5.1.1 no\r\n");
    parse(many, &b);
    assert_int_equal(b.nrcpt, BOUNCE_MAX_RCPT);
    char longaddr[1200];
    memset(longaddr, 'a', sizeof longaddr);
    memcpy(longaddr, "\r\nFinal-Recipient: rfc822; ", 27);
    memcpy(longaddr + 900, "@example.nl\r\nStatus: 5.1.1\r\n", 29);
    longaddr[929] = '\0';
    parse(longaddr, &b);
    assert_int_equal(b.nrcpt, 0);
    assert_int_equal(b.kind, BOUNCE_HARD);
}

static void test_smtp_reply_lines(void **state)
{
    (void)state;
    struct smtp_reply r;
    smtp_parse_reply("550 5.1.1 <x@y.nl>: User unknown\r\n", 34, &r);
    assert_int_equal(r.code, 550);
    assert_string_equal(r.enhanced, "5.1.1");
    smtp_parse_reply("451-4.7.1 Greylisted\r\n", 22, &r);
    assert_int_equal(r.code, 451);
    assert_string_equal(r.enhanced, "4.7.1");
    smtp_parse_reply("250 ok\r\n", 8, &r);
    assert_int_equal(r.code, 250);
    assert_string_equal(r.enhanced, "");
    smtp_parse_reply("550 4.1.1 mismatch\r\n", 20, &r); /* class must match the reply */
    assert_int_equal(r.code, 550);
    assert_string_equal(r.enhanced, "");
    smtp_parse_reply("55", 2, &r);
    assert_int_equal(r.code, 0);
    smtp_parse_reply("5500 no\r\n", 9, &r);
    assert_int_equal(r.code, 0);
    smtp_parse_reply("hello", 5, &r);
    assert_int_equal(r.code, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_postfix_dsn),
        cmocka_unit_test(test_gmail_dsn_and_envelope),
        cmocka_unit_test(test_delayed_and_delivered),
        cmocka_unit_test(test_policy_and_full_are_soft),
        cmocka_unit_test(test_exim_plain),
        cmocka_unit_test(test_qmail_plain),
        cmocka_unit_test(test_missing_fields),
        cmocka_unit_test(test_lookalike_tokens),
        cmocka_unit_test(test_hostile_input),
        cmocka_unit_test(test_smtp_reply_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
