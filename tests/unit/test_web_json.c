/*
 * Tests of the streaming JSON writer: escaping of hostile strings, nesting and misuse, and
 * a round trip through jansson.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>
#include <jansson.h>

#include "util/buf.h"
#include "web/json.h"

static const char *str_of(struct buf *b, const char *s, size_t n)
{
    buf_reset(b);
    jw_put_string(b, s, n);
    return buf_cstr(b);
}

static void test_json_escapes(void **state)
{
    struct buf b = BUF_INIT;
    assert_string_equal(str_of(&b, "</script><!--", 13), "\"\\u003c/script\\u003e\\u003c!--\"");
    assert_string_equal(str_of(&b, "a\"b\\c&d", 7), "\"a\\\"b\\\\c\\u0026d\"");
    assert_string_equal(str_of(&b, "\n\r\t\b\f\x01\x1f", 7), "\"\\n\\r\\t\\b\\f\\u0001\\u001f\"");
    assert_string_equal(str_of(&b, "a\0b", 3), "\"a\\u0000b\"");
    assert_string_equal(str_of(&b, "x\xE2\x80\xA8y\xE2\x80\xA9z", 9), "\"x\\u2028y\\u2029z\"");
    assert_string_equal(str_of(&b, "bad\xC3(\xFF", 6), "\"bad\\ufffd(\\ufffd\"");
    assert_string_equal(str_of(&b, "geïnformeerd €", strlen("geïnformeerd €")),
                        "\"geïnformeerd €\"");
    buf_free(&b);
}

static void test_json_nesting(void **state)
{
    struct buf b = BUF_INIT;
    struct jsonw j;
    jw_init(&j, &b);
    jw_obj_begin(&j);
    jw_kv_str(&j, "nummer", "2024D12345");
    jw_kv_int(&j, "n", -3);
    jw_key(&j, "items");
    jw_arr_begin(&j);
    jw_int(&j, 1);
    jw_obj_begin(&j);
    jw_kv_null(&j, "x");
    jw_kv_bool(&j, "y", true);
    jw_obj_end(&j);
    jw_arr_begin(&j);
    jw_arr_end(&j);
    jw_str(&j, NULL);
    jw_double(&j, 0.5);
    jw_double(&j, NAN);
    jw_arr_end(&j);
    jw_key(&j, "empty");
    jw_obj_begin(&j);
    jw_obj_end(&j);
    jw_obj_end(&j);
    assert_true(jw_done(&j));
    assert_string_equal(buf_cstr(&b), "{\"nummer\":\"2024D12345\",\"n\":-3,\"items\":[1,{\"x\":null,"
                                      "\"y\":true},[],null,0.5,null],\"empty\":{}}");
    buf_free(&b);
}

static void test_json_misuse(void **state)
{
    struct buf b = BUF_INIT;
    struct jsonw j;

    jw_init(&j, &b); /* value in an object without a key */
    jw_obj_begin(&j);
    jw_int(&j, 1);
    assert_false(jw_ok(&j));

    jw_init(&j, &b); /* key in an array */
    jw_arr_begin(&j);
    jw_key(&j, "k");
    assert_false(jw_ok(&j));

    jw_init(&j, &b); /* wrong closer */
    jw_arr_begin(&j);
    jw_obj_end(&j);
    assert_false(jw_ok(&j));

    jw_init(&j, &b); /* closing with a key pending */
    jw_obj_begin(&j);
    jw_key(&j, "k");
    jw_obj_end(&j);
    assert_false(jw_ok(&j));

    jw_init(&j, &b); /* two top-level values */
    jw_int(&j, 1);
    assert_true(jw_done(&j));
    jw_int(&j, 2);
    assert_false(jw_ok(&j));

    jw_init(&j, &b); /* unfinished */
    jw_arr_begin(&j);
    assert_true(jw_ok(&j));
    assert_false(jw_done(&j));

    jw_init(&j, &b); /* too deep */
    for (int i = 0; i <= JW_MAX_DEPTH; i++)
        jw_arr_begin(&j);
    assert_false(jw_ok(&j));

    jw_init(&j, &b); /* exactly the maximum depth works */
    buf_reset(&b);
    for (int i = 0; i < JW_MAX_DEPTH; i++)
        jw_arr_begin(&j);
    for (int i = 0; i < JW_MAX_DEPTH; i++)
        jw_arr_end(&j);
    assert_true(jw_done(&j));
    buf_free(&b);
}

static void test_json_roundtrip(void **state)
{
    const char *hostile[] = {
        "<script>alert(1)</script>", "\"quoted\" 'single'", "back\\slash", "line\nbreak\ttab",
        "nul-free \x01\x02\x7f", "u2028 \xE2\x80\xA8 u2029 \xE2\x80\xA9", "emoji 😀 é €",
        "invalid \xC0\xAF \xED\xA0\x80 \xF8", "]]> & </script>",
    };
    size_t n = sizeof hostile / sizeof hostile[0];
    struct buf b = BUF_INIT;
    struct jsonw j;
    jw_init(&j, &b);
    jw_obj_begin(&j);
    jw_key(&j, "strings");
    jw_arr_begin(&j);
    for (size_t i = 0; i < n; i++)
        jw_str(&j, hostile[i]);
    jw_arr_end(&j);
    jw_kv_int(&j, "min", INT64_MIN);
    jw_key(&j, "max");
    jw_uint(&j, UINT64_MAX / 2);
    jw_key(&j, "pi");
    jw_double(&j, 3.141592653589793);
    jw_key(&j, "nested");
    for (int i = 0; i < 10; i++) {
        jw_obj_begin(&j);
        jw_key(&j, hostile[i % 7]); /* valid UTF-8 keys only */
    }
    jw_null(&j);
    for (int i = 0; i < 10; i++)
        jw_obj_end(&j);
    jw_obj_end(&j);
    assert_true(jw_done(&j));
    assert_null(strstr(buf_cstr(&b), "</"));

    json_error_t err;
    json_t *root = json_loads(buf_cstr(&b), 0, &err);
    if (!root)
        fail_msg("jansson: %s at %d", err.text, err.position);
    json_t *arr = json_object_get(root, "strings");
    assert_int_equal(json_array_size(arr), n);
    for (size_t i = 0; i < n; i++) {
        const char *got = json_string_value(json_array_get(arr, i));
        assert_non_null(got);
        if (i != 7) /* all valid UTF-8 strings come back unchanged */
            assert_string_equal(got, hostile[i]);
    }
    assert_string_equal(json_string_value(json_array_get(arr, 7)),
                        "invalid \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
                        "\xEF\xBF\xBD");
    assert_true(json_integer_value(json_object_get(root, "min")) == INT64_MIN);
    assert_true(json_real_value(json_object_get(root, "pi")) == 3.141592653589793);
    json_t *node = json_object_get(root, "nested");
    for (int i = 0; i < 10; i++) {
        assert_true(json_is_object(node));
        node = json_object_get(node, hostile[i % 7]);
    }
    assert_true(json_is_null(node));
    json_decref(root);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_escapes),
        cmocka_unit_test(test_json_nesting),
        cmocka_unit_test(test_json_misuse),
        cmocka_unit_test(test_json_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
