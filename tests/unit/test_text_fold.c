/* Unit tests for text/fold: Dutch folding, typography, invalid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/fold.h"

static char *fold_str(const char *in, size_t n)
{
    struct buf b = BUF_INIT;
    text_fold(in, n, &b);
    size_t len;
    return buf_detach(&b, &len);
}

static void assert_folds(const char *in, const char *want)
{
    char *got = fold_str(in, strlen(in));
    assert_string_equal(got, want);
    free(got);
}

static void test_dutch_diacritics(void **state)
{
    assert_folds("geïnformeerd", "geinformeerd");
    assert_folds("GEÏNFORMEERD", "geinformeerd");
    assert_folds("beëindigd coördinatie financiële", "beeindigd coordinatie financiele");
    assert_folds("één café Curaçao", "een cafe curacao");
    assert_folds("Ĳsselmeer ĳs", "ijsselmeer ijs");
    assert_folds("Straße Œuvre Æsop Þór", "strasse oeuvre aesop thor");
    assert_folds("ÀÁÂÃÄÅ àáâãäå ÿ Ÿ", "aaaaaa aaaaaa y y");
    assert_folds("Łódź Dvořák Erdoğan Şahin Gyöngyösi Ștefan",
                 "lodz dvorak erdogan sahin gyongyosi stefan");
}

static void test_decomposed_and_ligatures(void **state)
{
    /* e + COMBINING DIAERESIS, soft hyphen inside a word, fi ligature, CO₂, m² */
    assert_folds("gee\xCC\x88n", "geen");
    assert_folds("informa\xC2\xADtie", "informatie");
    assert_folds("\xEF\xAC\x81nanci\xC3\xABn", "financien");
    assert_folds("CO\xE2\x82\x82 m\xC2\xB2", "co2 m2");
}

static void test_typography(void **state)
{
    assert_folds("agenda’s ‘zo’ „quote” “x”", "agenda's 'zo' \"quote\" \"x\"");
    assert_folds("2021–2022 a—b −5 a‐b", "2021-2022 a-b -5 a-b");
    assert_folds("a\xC2\xA0"
                 "b\xE2\x80\xAF"
                 "c\tD\n",
                 "a b c d ");
    assert_folds("wacht…", "wacht...");
    assert_folds("ＡＢＣ１２", "abc12");
}

static void test_classes(void **state)
{
    struct text_fold_step st;
    text_fold_step((const unsigned char *)"\xE2\x80\x99", 3, &st);
    assert_int_equal(st.cls, TEXT_CC_APOS);
    assert_int_equal(st.consumed, 3);
    text_fold_step((const unsigned char *)"\xC2\xAD", 2, &st);
    assert_int_equal(st.cls, TEXT_CC_DROP);
    assert_int_equal(st.outlen, 0);
    text_fold_step((const unsigned char *)"\xE2\x80\x93", 3, &st);
    assert_int_equal(st.cls, TEXT_CC_HYPHEN);
    text_fold_step((const unsigned char *)"\xF0\x9F\x94\x8D", 4, &st); /* magnifying glass */
    assert_int_equal(st.cls, TEXT_CC_SEP);
    assert_int_equal(st.consumed, 4);
    text_fold_step((const unsigned char *)"\xCE\x9B", 2, &st); /* Greek capital lambda */
    assert_int_equal(st.cls, TEXT_CC_LETTER);
    assert_memory_equal(st.out, "\xCE\xBB", 2);
    text_fold_step((const unsigned char *)"\xD0\x96", 2, &st); /* Cyrillic capital zhe */
    assert_memory_equal(st.out, "\xD0\xB6", 2);
}

static void test_invalid_utf8(void **state)
{
    /* stray continuation, overlong '/', truncated sequences, surrogate, > U+10FFFF, 0xFF */
    static const char *bad[] = {"\x80",         "\xC0\xAF",         "\xE2\x80", "\xF0\x9F\x94",
                                "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF",     "\xC3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = strlen(bad[i]);
        /* exact-size heap copy so ASan catches any read past the end */
        char *p = malloc(n);
        memcpy(p, bad[i], n);
        char *got = fold_str(p, n);
        /* every invalid byte is one U+FFFD */
        assert_int_equal(strlen(got), 3 * n);
        for (size_t k = 0; k < n; k++)
            assert_memory_equal(got + 3 * k, "\xEF\xBF\xBD", 3);
        free(got);
        free(p);
    }
    char nul[] = {'a', '\0', 'B'};
    char *got = fold_str(nul, sizeof nul);
    assert_string_equal(got, "a b");
    free(got);
}

static void test_idempotent(void **state)
{
    const char *in = "Geïnformeerd – ’s-Gravenhage ﬁ CO₂ \xFF\xC3 Ĳs ΑΒΓ Привет ½ 🔍 x\xCC\x88";
    char *once = fold_str(in, strlen(in));
    char *twice = fold_str(once, strlen(once));
    assert_string_equal(once, twice);
    free(once);
    free(twice);
}

static void test_all_bytes_no_crash(void **state)
{
    /* every two-byte combination, folded at an exact-size allocation */
    char *p = malloc(2);
    for (int a = 0; a < 256; a++) {
        for (int b = 0; b < 256; b++) {
            p[0] = (char)a;
            p[1] = (char)b;
            char *got = fold_str(p, 2);
            assert_true(strlen(got) <= 8);
            free(got);
        }
    }
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dutch_diacritics),   cmocka_unit_test(test_decomposed_and_ligatures),
        cmocka_unit_test(test_typography),         cmocka_unit_test(test_classes),
        cmocka_unit_test(test_invalid_utf8),       cmocka_unit_test(test_idempotent),
        cmocka_unit_test(test_all_bytes_no_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
