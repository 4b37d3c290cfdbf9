/*
 * Tests of the HTML, XML/Atom and iCal escaping writers against hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "web/html.h"
#include "web/ical.h"
#include "web/xmlw.h"

static const char *html_of(struct buf *b, const char *s)
{
    buf_reset(b);
    struct html h = html_on(b);
    html_text(&h, s);
    return buf_cstr(b);
}

static void test_html_script(void **state)
{
    struct buf b = BUF_INIT;
    assert_string_equal(html_of(&b, "<script>alert(1)</script>"),
                        "&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_string_equal(html_of(&b, "a\"b'c&d"), "a&quot;b&#39;c&amp;d");
    assert_string_equal(html_of(&b, "\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
    assert_string_equal(html_of(&b, ""), "");
    struct html h = html_on(&b);
    buf_reset(&b);
    html_text(&h, NULL);
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

static void test_html_utf8_and_controls(void **state)
{
    struct buf b = BUF_INIT;
    /* Valid Dutch text passes unchanged. */
    assert_string_equal(html_of(&b, "geïnformeerd – €5 “ok”"), "geïnformeerd – €5 “ok”");
    /* Stray continuation byte, truncated sequence, overlong '<', surrogate, > U+10FFFF. */
    assert_string_equal(html_of(&b, "a\x80" "b"), "a\xEF\xBF\xBD" "b");
    assert_string_equal(html_of(&b, "x\xC3"), "x\xEF\xBF\xBD");
    assert_string_equal(html_of(&b, "\xC0\xBC" "script"), "\xEF\xBF\xBD\xEF\xBF\xBDscript");
    assert_string_equal(html_of(&b, "\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_string_equal(html_of(&b, "\xF4\x90\x80\x80"),
                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    /* Controls dropped, tab/newline kept; C1 control U+0085 dropped. */
    assert_string_equal(html_of(&b, "a\x01\x1b[31mb\tc\nd\x7f" "e\xC2\x85" "f"), "a[31mb\tc\nd" "ef");
    /* An embedded NUL (via textn) is dropped, the rest survives. */
    buf_reset(&b);
    struct html h = html_on(&b);
    html_textn(&h, "a\0<b", 4);
    assert_string_equal(buf_cstr(&b), "a&lt;b");
    assert_int_equal(b.len, 6);
    buf_free(&b);
}

static void test_html_long_input(void **state)
{
    /* Longer than one internal chunk, with escapes and a multi-byte character straddling
     * the chunk border. */
    struct buf in = BUF_INIT, out = BUF_INIT;
    for (int i = 0; i < 5000; i++)
        buf_adds(&in, i % 7 ? "ab" : "<é");
    struct html h = html_on(&out);
    html_text(&h, buf_cstr(&in));
    struct buf want = BUF_INIT;
    for (int i = 0; i < 5000; i++)
        buf_adds(&want, i % 7 ? "ab" : "&lt;é");
    assert_string_equal(buf_cstr(&out), buf_cstr(&want));
    buf_free(&in);
    buf_free(&out);
    buf_free(&want);
}

static const char *url_of(struct buf *b, const char *u, int *rc)
{
    buf_reset(b);
    struct html h = html_on(b);
    *rc = html_url(&h, u);
    return buf_cstr(b);
}

static void test_html_url(void **state)
{
    struct buf b = BUF_INIT;
    int rc;
    assert_string_equal(url_of(&b, "javascript:alert(1)", &rc), "#");
    assert_int_equal(rc, -1);
    assert_string_equal(url_of(&b, "JaVaScRiPt:alert(1)", &rc), "#");
    assert_string_equal(url_of(&b, " javascript:alert(1)", &rc), "#");
    assert_string_equal(url_of(&b, "java\tscript:alert(1)", &rc), "#");
    assert_string_equal(url_of(&b, "data:text/html,<script>", &rc), "#");
    assert_string_equal(url_of(&b, "vbscript:x", &rc), "#");
    assert_string_equal(url_of(&b, "https://www.tweedekamer.nl/a?b=1&c=2", &rc),
                        "https://www.tweedekamer.nl/a?b=1&amp;c=2");
    assert_int_equal(rc, 0);
    assert_string_equal(url_of(&b, "HTTP://x.nl/", &rc), "HTTP://x.nl/");
    assert_string_equal(url_of(&b, "mailto:a@b.nl", &rc), "mailto:a@b.nl");
    assert_string_equal(url_of(&b, "/document/2024D123", &rc), "/document/2024D123");
    assert_string_equal(url_of(&b, "zoek?q=a b\"<>", &rc), "zoek?q=a%20b%22%3C%3E");
    assert_string_equal(url_of(&b, "/x?q=%41%zz'", &rc), "/x?q=%41%25zz%27");
    assert_string_equal(url_of(&b, "/é", &rc), "/%C3%A9");
    /* A ':' after the first '/' is not a scheme. */
    assert_string_equal(url_of(&b, "/a:b", &rc), "/a:b");

    buf_reset(&b);
    struct html h = html_on(&b);
    html_url_part(&h, "a/b c&d?é");
    assert_string_equal(buf_cstr(&b), "a%2Fb%20c%26d%3F%C3%A9");
    buf_free(&b);
}

static void test_html_fmt(void **state)
{
    struct buf b = BUF_INIT;
    struct html h = html_on(&b);
    assert_int_equal(html_fmt(&h, "<td class=\"n\">%d</td><td>%s</td>%zu %lld %u %x %%", -42,
                              "<b>", (size_t)7, (long long)INT64_MIN, 5u, 255u),
                     0);
    assert_string_equal(buf_cstr(&b),
                        "<td class=\"n\">-42</td><td>&lt;b&gt;</td>7 -9223372036854775808 5 ff %");
    buf_reset(&b);
    assert_int_equal(html_fmt(&h, "[%.*s]", 3, "<<<<<<"), 0);
    assert_string_equal(buf_cstr(&b), "[&lt;&lt;&lt;]");
    buf_reset(&b);
    assert_int_equal(html_fmt(&h, "a%5db", 3), -1); /* unsupported: output stops */
    assert_string_equal(buf_cstr(&b), "a");
    buf_reset(&b);
    html_lit(&h, "<p>");
    html_int(&h, 12);
    html_uint(&h, UINT64_MAX);
    assert_string_equal(buf_cstr(&b), "<p>1218446744073709551615");
    buf_free(&b);
}

static const char *xml_of(struct buf *b, const char *s)
{
    buf_reset(b);
    struct xmlw x = xml_on(b);
    xml_text(&x, s);
    return buf_cstr(b);
}

static void test_xml(void **state)
{
    struct buf b = BUF_INIT;
    assert_string_equal(xml_of(&b, "a]]>b"), "a]]&gt;b");
    assert_string_equal(xml_of(&b, "<![CDATA[x]]>"), "&lt;![CDATA[x]]&gt;");
    assert_string_equal(xml_of(&b, "&amp; \"'"), "&amp;amp; &quot;&#39;");
    /* Forbidden in XML 1.0: C0 except tab/LF/CR, U+FFFE, U+FFFF. */
    assert_string_equal(xml_of(&b, "a\x01\x08\x0b\x0c\x1f" "b\t\r\nc"), "ab\t\r\nc");
    assert_string_equal(xml_of(&b, "x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");
    assert_string_equal(xml_of(&b, "bad\xFFutf8"), "bad\xEF\xBF\xBDutf8");
    assert_string_equal(xml_of(&b, "ok é ✓ 😀"), "ok é ✓ 😀");
    buf_reset(&b);
    struct xmlw x = xml_on(&b);
    xml_lit(&x, "<updated>");
    xml_time(&x, 1712686135);
    xml_lit(&x, "</updated><link href=\"");
    xml_url(&x, "javascript:x");
    xml_lit(&x, "\"/>");
    assert_string_equal(buf_cstr(&b), "<updated>2024-04-09T18:08:55Z</updated><link href=\"#\"/>");
    buf_reset(&b);
    assert_int_equal(xml_fmt(&x, "<title>%s</title>", "A & B"), 0);
    assert_string_equal(buf_cstr(&b), "<title>A &amp; B</title>");
    buf_free(&b);
}

/* Checks RFC 5545 line rules: CRLF only, no line over 75 octets, folds not inside a UTF-8
 * sequence, and unfolding restores the expected content. */
static void check_ical_lines(const char *out, const char *unfolded_want)
{
    struct buf unfolded = BUF_INIT;
    const char *p = out;
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol);
        size_t len = (size_t)(eol - p);
        assert_true(len <= 75);
        assert_null(memchr(p, '\n', len));
        assert_null(memchr(p, '\r', len));
        /* The byte after a fold must not be a UTF-8 continuation byte. */
        if (eol[2] == ' ')
            assert_true(((unsigned char)eol[3] & 0xC0) != 0x80);
        if (p != out && p[-1] == '\n' && p[0] == ' ')
            buf_add(&unfolded, p + 1, len - 1);
        else {
            if (unfolded.len)
                buf_adds(&unfolded, "|");
            buf_add(&unfolded, p, len);
        }
        p = eol + 2;
    }
    assert_string_equal(buf_cstr(&unfolded), unfolded_want);
    buf_free(&unfolded);
}

static void test_ical(void **state)
{
    struct buf b = BUF_INIT;
    struct ical c = ical_on(&b);
    ical_line(&c, "BEGIN:VEVENT");
    ical_prop_text(&c, "SUMMARY", "Debat over wet A, B; C\\D\nregel 2\r\nregel 3\rx\x01y");
    ical_lit(&c, "DTSTART:");
    ical_utc(&c, 1712686135);
    ical_crlf(&c);
    ical_lit(&c, "DTEND;VALUE=DATE:");
    ical_date(&c, 2024, 4, 9);
    ical_crlf(&c);
    ical_lit(&c, "SEQUENCE:");
    ical_int(&c, 3);
    ical_crlf(&c);
    ical_line(&c, "END:VEVENT");
    check_ical_lines(buf_cstr(&b), "BEGIN:VEVENT|SUMMARY:Debat over wet A\\, B\\; C\\\\D\\nregel 2"
                                   "\\nregel 3\\nxy|DTSTART:20240409T180855Z|DTEND;VALUE=DATE:"
                                   "20240409|SEQUENCE:3|END:VEVENT");
    buf_free(&b);
}

static void test_ical_folding(void **state)
{
    struct buf in = BUF_INIT, want = BUF_INIT;
    /* 3-byte and 4-byte characters, plus escapes, in a long value: every possible fold
     * position relative to a multi-byte character is hit somewhere. */
    buf_adds(&want, "DESCRIPTION:");
    for (int i = 0; i < 200; i++) {
        const char *piece = i % 3 == 0 ? "€" : i % 3 == 1 ? "😀," : "ab";
        buf_adds(&in, piece);
        buf_adds(&want, i % 3 == 1 ? "😀\\," : piece);
    }
    struct buf b = BUF_INIT;
    struct ical c = ical_on(&b);
    ical_prop_text(&c, "DESCRIPTION", buf_cstr(&in));
    check_ical_lines(buf_cstr(&b), buf_cstr(&want));
    /* An escape pair is never split by a fold either. */
    for (const char *p = buf_cstr(&b); (p = strstr(p, "\r\n ")); p += 3)
        assert_true(p[-1] != '\\' || p[-2] == '\\');

    /* Pure ASCII fills lines to exactly 75 octets. */
    buf_reset(&b);
    buf_reset(&in);
    for (int i = 0; i < 300; i++)
        buf_addc(&in, (char)('a' + i % 26));
    c = ical_on(&b);
    ical_prop_text(&c, "X", buf_cstr(&in));
    assert_int_equal(strstr(buf_cstr(&b), "\r\n") - buf_cstr(&b), 75);
    buf_free(&in);
    buf_free(&want);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_script),     cmocka_unit_test(test_html_utf8_and_controls),
        cmocka_unit_test(test_html_long_input), cmocka_unit_test(test_html_url),
        cmocka_unit_test(test_html_fmt),        cmocka_unit_test(test_xml),
        cmocka_unit_test(test_ical),            cmocka_unit_test(test_ical_folding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
