/* Unit tests of util/tm: the feed's timestamp forms and Europe/Amsterdam time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/tm.h"

static const char *utc_of(const char *s)
{
    static char out[TM_UTC_LEN];
    int64_t t;
    if (tm_parse(s, strlen(s), &t, NULL))
        return "ERROR";
    tm_format_utc(t, out);
    return out;
}

static void test_forms(void **state)
{
    (void)state;
    assert_string_equal(utc_of("2023-08-29T11:09:50Z"), "2023-08-29T11:09:50Z");
    assert_string_equal(utc_of("2025-02-19T15:23:02.563Z"), "2025-02-19T15:23:02Z");
    /* zone-less: Dutch wall clock, summer time (+2) */
    assert_string_equal(utc_of("2019-08-12T12:56:35.4070000"), "2019-08-12T10:56:35Z");
    /* zone-less in winter (+1) */
    assert_string_equal(utc_of("2008-01-26T12:13:04.6270000"), "2008-01-26T11:13:04Z");
    assert_string_equal(utc_of("2024-04-09T20:08:55.5222825+02:00"), "2024-04-09T18:08:55Z");
    assert_string_equal(utc_of("2024-12-09T20:08:55-05:00"), "2024-12-10T01:08:55Z");
    /* a date alone is local midnight */
    assert_string_equal(utc_of("2021-09-24"), "2021-09-23T22:00:00Z");
    assert_string_equal(utc_of("2021-09-24T00:00:00"), "2021-09-23T22:00:00Z");
    assert_string_equal(utc_of(" 2021-09-24T10:00 "), "2021-09-24T08:00:00Z");
}

static void test_rejects(void **state)
{
    (void)state;
    const char *bad[] = {"", "2021", "2021-13-01", "2021-02-30", "2021-09-24X10:00:00",
                         "2021-09-24T25:00:00", "2021-09-24T10:00:00+2", "yesterday",
                         "2021-09-24T10:00:00.", "2021-09-24T10:00:00Zjunk"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(tm_parse(bad[i], strlen(bad[i]), NULL, NULL), -1);
    assert_true(tm_valid_date("2024-02-29", 10));
    assert_false(tm_valid_date("2023-02-29", 10));
}

static void test_dst_edges(void **state)
{
    (void)state;
    /* 2024: summer time from 31 March 01:00 UTC to 27 October 01:00 UTC */
    int64_t t;
    tm_parse("2024-03-31T00:59:59Z", 20, &t, NULL);
    assert_int_equal(tm_amsterdam_offset(t), 3600);
    tm_parse("2024-03-31T01:00:00Z", 20, &t, NULL);
    assert_int_equal(tm_amsterdam_offset(t), 7200);
    tm_parse("2024-10-27T00:59:59Z", 20, &t, NULL);
    assert_int_equal(tm_amsterdam_offset(t), 7200);
    tm_parse("2024-10-27T01:00:00Z", 20, &t, NULL);
    assert_int_equal(tm_amsterdam_offset(t), 3600);
    /* 1990: summer time ended on the last Sunday of September */
    tm_parse("1990-10-15T12:00:00Z", 20, &t, NULL);
    assert_int_equal(tm_amsterdam_offset(t), 3600);
    char out[TM_LOCAL_LEN];
    tm_parse("2021-09-24T09:56:00Z", 20, &t, NULL);
    tm_format_local(t, out);
    assert_string_equal(out, "2021-09-24T11:56:00+02:00");
    /* the repeated autumn hour reads as summer time */
    assert_string_equal(utc_of("2024-10-27T02:30:00"), "2024-10-27T00:30:00Z");
}

static void test_civil_roundtrip(void **state)
{
    (void)state;
    for (int64_t d = -800000; d < 800000; d += 997) {
        int y;
        unsigned m, dd;
        tm_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(tm_days_from_civil(y, m, dd), d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_dst_edges),
        cmocka_unit_test(test_civil_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
