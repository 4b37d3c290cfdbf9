/* Unit tests of the configuration reader: defaults, every section, and errors that name the
 * file and the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alerts/config.h"

static void test_full(void **state)
{
    (void)state;
    struct kw_config c;
    char err[512];
    cfg_defaults(&c);
    const char *text = "# Kamerwacht\n"
                       "[site]\nbase_url = https://kamerwacht.example.nl/\nport = 8090\n"
                       "serve = no\n\n"
                       "[data]\ndir = /var/lib/kamerwacht\ndb = kw.db\nfiles = /srv/files\n"
                       "[sync]\ninterval = 15m\nsource = \"http://127.0.0.1:8081/SyncFeed/2.0\"\n"
                       "[smtp]\nhost = smtp.example.nl\nport = 587\ntls = starttls\n"
                       "username = kw\npassword = geheim\nfrom = Kamerwacht <a@example.nl>\n"
                       "[alerts]\nretry_base = 30s\nretry_max = 2h\nmax_attempts = 7\n"
                       "[log]\nlevel = debug\n";
    assert_int_equal(cfg_parse(&c, "k.conf", text, err, sizeof err), 0);
    assert_string_equal(c.base_url, "https://kamerwacht.example.nl");
    assert_int_equal(c.port, 8090);
    assert_false(c.serve);
    assert_string_equal(c.db, "/var/lib/kamerwacht/kw.db");
    assert_string_equal(c.files_dir, "/srv/files");
    assert_int_equal(c.interval_s, 900);
    assert_string_equal(c.source, "http://127.0.0.1:8081/SyncFeed/2.0");
    assert_int_equal(c.smtp_port, 587);
    assert_int_equal(c.smtp_tls, CFG_TLS_STARTTLS);
    assert_string_equal(c.smtp_password, "geheim");
    assert_int_equal(c.retry_base_s, 30);
    assert_int_equal(c.retry_max_s, 7200);
    assert_int_equal(c.max_attempts, 7);
    assert_int_equal(c.log_level, CFG_LOG_DEBUG);
}

static void expect_error(const char *text, const char *want)
{
    struct kw_config c;
    char err[512] = "";
    cfg_defaults(&c);
    assert_int_equal(cfg_parse(&c, "kamerwacht.conf", text, err, sizeof err), -1);
    if (!strstr(err, want)) {
        fprintf(stderr, "got '%s', want '%s'\n", err, want);
        fail();
    }
}

static void test_errors_name_the_line(void **state)
{
    (void)state;
    expect_error("[smtp]\nhost = x\nprot = 25\n", "kamerwacht.conf:3: [smtp] has no key 'prot'");
    expect_error("[sync]\n\ninterval = 15\n", "kamerwacht.conf:3: [sync] interval: give a duration");
    expect_error("[smtp]\nport = 70000\n", "kamerwacht.conf:2: [smtp] port: give a whole number");
    expect_error("# x\n[smpt]\n", "kamerwacht.conf:2: unknown section [smpt]");
    expect_error("[site]\nbase_url = kamerwacht.nl\n", "kamerwacht.conf:2: [site] base_url: give an absolute");
    expect_error("host = x\n", "kamerwacht.conf:1: 'host' comes before any [section]");
    expect_error("[smtp]\nhost\n", "kamerwacht.conf:2: expected 'key = value'");
    expect_error("[smtp]\nhost = a\nhost = b\n", "kamerwacht.conf:3: [smtp] host is given twice");
    expect_error("[smtp]\ntls = ssl\n", "kamerwacht.conf:2: [smtp] tls: give none, starttls or tls");
    expect_error("[site]\nlisten = localhost\n", "kamerwacht.conf:2: [site] listen: give an IPv4");
    expect_error("[site\n", "kamerwacht.conf:1: a section header");
    expect_error("[alerts]\nbounce_address = bounces+x@b.nl\n",
                 "kamerwacht.conf:2: [alerts] bounce_address: give a bare address without '+'");
    expect_error("[alerts]\nbounce_address = Bounces <b@b.nl>\n",
                 "kamerwacht.conf:2: [alerts] bounce_address: give a bare address");
    expect_error("[alerts]\nbounce_address = b.nl\n", "kamerwacht.conf:2: [alerts] bounce_address");
    expect_error("[alerts]\nhard_bounces = 0\n",
                 "kamerwacht.conf:2: [alerts] hard_bounces: give a whole number from 1");
}

static void test_bounce_settings(void **state)
{
    (void)state;
    struct kw_config c;
    char err[512];
    cfg_defaults(&c);
    assert_string_equal(c.bounce_address, ""); /* VERP off unless configured */
    assert_int_equal(c.hard_bounces, 3);
    assert_int_equal(cfg_parse(&c, "k.conf", "[alerts]\nbounce_address = bounces@b.kamerwacht.nl\n"
                                             "hard_bounces = 5\n", err, sizeof err), 0);
    assert_string_equal(c.bounce_address, "bounces@b.kamerwacht.nl");
    assert_int_equal(c.hard_bounces, 5);
}

static void test_load_missing_file(void **state)
{
    (void)state;
    struct kw_config c;
    char err[512];
    cfg_defaults(&c);
    assert_int_equal(cfg_load(&c, "/nonexistent/kamerwacht.conf", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/kamerwacht.conf"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_errors_name_the_line),
        cmocka_unit_test(test_bounce_settings),
        cmocka_unit_test(test_load_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
