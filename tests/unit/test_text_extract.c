/* Unit tests for text/extract and text/subproc: every format on small fixtures
 * (tests/data/extract, written by make_fixtures.py), hostile input (truncated, random, a zip
 * bomb, mutated archives, entity bombs) and the limits of the subprocess runner. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include <cmocka.h>

#include "text/extract.h"
#include "text/extract_int.h"
#include "text/subproc.h"

#define FIX KW_TEST_DATA "/extract/"

static char tmpdir[256];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Extracts and checks the promises that hold for every result. */
static enum text_extract_status run(const char *path, const char *ctype,
                                    const struct text_extract_limits *lim, struct buf *out,
                                    char *why, size_t whylen)
{
    enum text_extract_status st = text_extract(path, ctype, lim, out, why, whylen);
    assert_true(text_is_utf8(out->data, out->len));
    assert_int_equal(strlen(buf_cstr(out)), out->len); /* no NUL inside */
    if (out->len) {
        assert_true(out->data[0] != '\n' && out->data[out->len - 1] != '\n');
        assert_null(strstr(out->data, "\n\n\n"));
        assert_null(strstr(out->data, " \n"));
    }
    if (st != TEXT_OK && st != TEXT_TOO_LARGE)
        assert_int_equal(out->len, 0);
    return st;
}

static char *extract_ok(const char *name, const char *ctype)
{
    struct buf out = BUF_INIT;
    char why[256];
    char path[512];
    snprintf(path, sizeof path, FIX "%s", name);
    enum text_extract_status st = run(path, ctype, NULL, &out, why, sizeof why);
    if (st != TEXT_OK)
        fail_msg("%s: %s: %s", name, text_extract_status_name(st), why);
    size_t len;
    return buf_detach(&out, &len);
}

static enum text_extract_status extract_status(const char *path, const char *ctype,
                                               const struct text_extract_limits *lim, char *why,
                                               size_t whylen)
{
    struct buf out = BUF_INIT;
    enum text_extract_status st = run(path, ctype, lim, &out, why, whylen);
    buf_free(&out);
    return st;
}

#define assert_has(hay, needle)                                                                    \
    do {                                                                                           \
        if (!strstr((hay), (needle)))                                                              \
            fail_msg("missing \"%s\" in:\n%s", (needle), (hay));                                   \
    } while (0)
#define assert_lacks(hay, needle)                                                                  \
    do {                                                                                           \
        if (strstr((hay), (needle)))                                                               \
            fail_msg("unexpected \"%s\" in:\n%s", (needle), (hay));                                \
    } while (0)

/* ---- the subprocess runner ---- */

static void test_subproc_timeout(void **state)
{
    (void)state;
    struct subproc_limits lim = {300, 256, 1 << 20};
    struct buf out = BUF_INIT;
    char why[256];
    const char *argv[] = {"sleep", "10", NULL};
    double t0 = now_s();
    assert_int_equal(subproc_run(argv, &lim, &out, NULL, why, sizeof why), SUBPROC_TIMEOUT);
    double took = now_s() - t0;
    assert_true(took < 2.0);
    assert_has(why, "killed");
    buf_free(&out);
}

static void test_subproc_output_cap(void **state)
{
    (void)state;
    struct subproc_limits lim = {5000, 256, 100000};
    struct buf out = BUF_INIT;
    char why[256];
    const char *argv[] = {"yes", "kamerwacht", NULL};
    double t0 = now_s();
    assert_int_equal(subproc_run(argv, &lim, &out, NULL, why, sizeof why), SUBPROC_CAPPED);
    assert_true(now_s() - t0 < 2.0);
    assert_int_equal(out.len, 100000);
    assert_memory_equal(out.data, "kamerwacht\nkamerwacht\n", 22);
    buf_free(&out);
}

static void test_subproc_exit_signal_noexec(void **state)
{
    (void)state;
    struct subproc_limits lim = {5000, 256, 1 << 20};
    struct buf out = BUF_INIT;
    char why[256];
    int code = -1;
    const char *f[] = {"false", NULL};
    assert_int_equal(subproc_run(f, &lim, &out, &code, why, sizeof why), SUBPROC_EXIT);
    assert_int_equal(code, 1);
    const char *seg[] = {"sh", "-c", "kill -SEGV $$", NULL};
    assert_int_equal(subproc_run(seg, &lim, &out, &code, why, sizeof why), SUBPROC_SIGNAL);
    assert_int_equal(code, 11);
    const char *none[] = {"kw-no-such-converter", NULL};
    assert_int_equal(subproc_run(none, &lim, &out, &code, why, sizeof why), SUBPROC_NOEXEC);
    assert_has(why, "not installed");
    const char *echo[] = {"printf", "a\\nb", NULL};
    assert_int_equal(subproc_run(echo, &lim, &out, &code, why, sizeof why), SUBPROC_OK);
    assert_string_equal(buf_cstr(&out), "a\nb");
    buf_free(&out);
}

static void test_subproc_memory_limit(void **state)
{
    (void)state;
    struct subproc_limits lim = {10000, 64, 1 << 20};
    struct buf out = BUF_INIT;
    char why[256];
    /* sort allocates its buffer up front; ask for far more than the limit */
    const char *argv[] = {"sort", "-S", "1G", "/dev/null", NULL};
    enum subproc_result r = subproc_run(argv, &lim, &out, NULL, why, sizeof why);
    assert_true(r == SUBPROC_EXIT || r == SUBPROC_SIGNAL || r == SUBPROC_OK);
    /* a program that really needs the memory cannot get it */
    const char *dd[] = {"dd", "if=/dev/zero", "of=/dev/null", "bs=512M", "count=1", NULL};
    r = subproc_run(dd, &lim, &out, NULL, why, sizeof why);
    assert_true(r == SUBPROC_EXIT || r == SUBPROC_SIGNAL);
    buf_free(&out);
}

/* ---- formats ---- */

static void test_pdf(void **state)
{
    (void)state;
    char *t = extract_ok("sample.pdf", "application/pdf");
    assert_has(t, "Motie van het lid Van Dijk over café-eigenaren");
    assert_has(t, "100 € te betalen");
    assert_has(t, "\n\nTweede pagina: F-35 en kst-36600-XV.");
    free(t);
    char why[256];
    assert_int_equal(extract_status(FIX "scanned.pdf", NULL, NULL, why, sizeof why), TEXT_EMPTY);
    /* cut short: both converters fail or keep what they can; never a crash */
    struct buf out = BUF_INIT;
    enum text_extract_status st = run(FIX "truncated.pdf", NULL, NULL, &out, why, sizeof why);
    assert_true(st == TEXT_OK || st == TEXT_FAILED || st == TEXT_EMPTY);
    if (st == TEXT_OK)
        assert_has(out.data, "Motie");
    else
        assert_true(why[0] != '\0');
    buf_free(&out);
}

static void test_pdf_output_cap(void **state)
{
    (void)state;
    struct text_extract_limits lim = {0, 0, 40};
    struct buf out = BUF_INIT;
    char why[256];
    assert_int_equal(run(FIX "sample.pdf", NULL, &lim, &out, why, sizeof why), TEXT_TOO_LARGE);
    assert_true(out.len <= 40 && out.len > 0);
    assert_has(out.data, "Motie");
    buf_free(&out);
}

static void test_docx(void **state)
{
    (void)state;
    char *t = extract_ok("sample.docx", NULL);
    assert_has(t, "Geachte voorzitter,\n\nHierbij zend ik u de beantwoording\tvan de vragen\n"
                  "over cafés & terrassen.\n\nDe minister van Financiën");
    assert_has(t, "Kamerstuk 36600-XV, nr. 12");
    assert_lacks(t, "PAGE");
    assert_lacks(t, "weg");
    free(t);
}

static void test_odt_xlsx_pptx(void **state)
{
    (void)state;
    char *t = extract_ok("sample.odt", NULL);
    assert_string_equal(t, "Verslag van een schriftelijk overleg\n\nDe vaste commissie heeft "
                           "vragen gesteld.\n\nRegel een\nregel twee\tna tab");
    free(t);
    t = extract_ok("sample.xlsx", NULL);
    assert_string_equal(t, "Begroting Defensie\nArtikel 12");
    free(t);
    t = extract_ok("sample.pptx", NULL);
    assert_string_equal(t, "Stikstofbeleid\nDia een\n\nDia twee\n\nDia tien");
    free(t);
}

static void test_rtf(void **state)
{
    (void)state;
    char *t = extract_ok("sample.rtf", "application/rtf");
    assert_has(t, "Aan de Voorzitter van de Tweede Kamer");
    assert_has(t, "Café en € 5 miljoen voor de kinderopvang.");
    assert_lacks(t, "UnRTF");
    assert_lacks(t, "Times New Roman");
    free(t);
}

static void test_html(void **state)
{
    (void)state;
    char *t = extract_ok("sample.html", "text/html");
    assert_has(t, "Antwoord op vragen van het lid Omtzigt");
    assert_has(t, "Vraag 1: Kent u het bericht “Toeslagen” & de cafés?");
    assert_has(t, "eerste\ntweede");
    assert_has(t, "Antwoord\xC2\xA0"
                  "1:\nJa.");
    assert_lacks(t, "geheim");
    assert_lacks(t, "color");
    assert_lacks(t, "commentaar");
    free(t);
}

static void test_vlos(void **state)
{
    (void)state;
    char *t = extract_ok("vlos.xml", "text/xml");
    assert_string_equal(t, "Klimaat Caribisch deel Koninkrijk\n\n"
                           "Klimaat Caribisch deel Koninkrijk\n\n"
                           "Klimaatadaptatie op Bonaire\n\n"
                           "De heer Sneller (D66):\n"
                           "Voorzitter. Bonaire loopt echt onder.\n\n"
                           "Tweede alinea van Sneller.\n\n"
                           "Mevrouw Kops (PVV):\n"
                           "Wat kost dat?");
    assert_string_equal(text_extract_sniff(FIX "vlos.xml", NULL), "vlos");
    free(t);
}

static void test_plain_text(void **state)
{
    (void)state;
    char *t = extract_ok("utf8.txt", "text/plain");
    assert_string_equal(t, "Schriftelijke vragen over de €-koers\nen de cafés.\n\nEinde.");
    free(t);
    t = extract_ok("cp1252.txt", NULL);
    assert_string_equal(t, "Financiën € 12 – café");
    free(t);
}

static void test_unsupported_and_broken(void **state)
{
    (void)state;
    char why[256];
    assert_int_equal(extract_status(FIX "random.bin", NULL, NULL, why, sizeof why),
                     TEXT_UNSUPPORTED);
    assert_int_equal(extract_status(FIX "random.bin", "application/pdf", NULL, why, sizeof why),
                     TEXT_FAILED);
    assert_has(why, "application/pdf");
    assert_int_equal(extract_status(FIX "image.jpg", "image/jpeg", NULL, why, sizeof why),
                     TEXT_UNSUPPORTED);
    assert_has(why, "image");
    assert_int_equal(
        extract_status(FIX "ole-random.doc", "application/msword", NULL, why, sizeof why),
        TEXT_FAILED);
    assert_has(why, "catdoc");
    assert_has(why, "antiword");
    assert_int_equal(extract_status(FIX "empty.txt", NULL, NULL, why, sizeof why), TEXT_EMPTY);
    assert_int_equal(extract_status(FIX "no-such-file", NULL, NULL, why, sizeof why), TEXT_FAILED);
    assert_has(why, "cannot open");
    assert_string_equal(text_extract_status_name(TEXT_TOO_LARGE), "too-large");
    assert_string_equal(text_extract_sniff(FIX "sample.docx", NULL), "docx");
    assert_string_equal(text_extract_sniff(FIX "sample.odt", NULL), "odf");
    assert_string_equal(text_extract_sniff(FIX "ole-random.doc", NULL), "doc");
}

/* ---- hostile archives and XML ---- */

static void write_docx(const char *path, const char *body_prefix, size_t fill, char fillc)
{
    static const char head[] = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas."
                               "openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>"
                               "<w:r><w:t>";
    static const char tail[] = "</w:t></w:r></w:p></w:body></w:document>";
    size_t n = strlen(head) + strlen(body_prefix) + fill + strlen(tail);
    char *xml = malloc(n);
    assert_non_null(xml);
    char *p = xml;
    memcpy(p, head, strlen(head)), p += strlen(head);
    memcpy(p, body_prefix, strlen(body_prefix)), p += strlen(body_prefix);
    for (size_t i = 0; i < fill; i++)
        *p++ = (i % 8 == 7) ? ' ' : fillc;
    memcpy(p, tail, strlen(tail));
    int err;
    unlink(path);
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(z);
    zip_source_t *src = zip_source_buffer(z, xml, n, 1); /* libzip frees xml */
    assert_non_null(src);
    assert_true(zip_file_add(z, "word/document.xml", src, ZIP_FL_ENC_UTF_8) >= 0);
    assert_int_equal(zip_close(z), 0);
}

static void test_zip_bomb(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/bomb.docx", tmpdir);
    write_docx(path, "", (size_t)200 << 20, 'a'); /* 200 MB that deflates to a few hundred KB */
    char why[256];
    double t0 = now_s();
    assert_int_equal(extract_status(path, NULL, NULL, why, sizeof why), TEXT_TOO_LARGE);
    assert_true(now_s() - t0 < 2.0);
    assert_has(why, "limit");
    unlink(path);

    /* within the archive limits but over the output cap: the text up to the cap is kept */
    snprintf(path, sizeof path, "%s/big.docx", tmpdir);
    write_docx(path, "Begin ", (size_t)4 << 20, 'b');
    struct text_extract_limits lim = {0, 0, 1 << 20};
    struct buf out = BUF_INIT;
    assert_int_equal(run(path, NULL, &lim, &out, why, sizeof why), TEXT_TOO_LARGE);
    assert_true(out.len <= (1 << 20) && out.len > 1000);
    assert_memory_equal(out.data, "Begin bbbbbbb", 13);
    buf_free(&out);
    unlink(path);
}

static void test_mutated_archives(void **state)
{
    (void)state;
    static const char *const names[] = {"sample.docx", "sample.odt", "sample.pptx", "vlos.xml",
                                        "sample.html"};
    char path[512];
    snprintf(path, sizeof path, "%s/mutant", tmpdir);
    srand(7);
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char src[512];
        snprintf(src, sizeof src, FIX "%s", names[k]);
        FILE *f = fopen(src, "rb");
        assert_non_null(f);
        char data[16384];
        size_t n = fread(data, 1, sizeof data, f);
        fclose(f);
        for (int round = 0; round < 40; round++) {
            char m[16384];
            memcpy(m, data, n);
            size_t len = n;
            if (round % 4 == 3)
                len = (size_t)rand() % n; /* cut short */
            for (int j = 0; j < 1 + round % 5; j++)
                m[(size_t)rand() % len] = (char)rand();
            FILE *o = fopen(path, "wb");
            assert_non_null(o);
            fwrite(m, 1, len, o);
            fclose(o);
            char why[256];
            extract_status(path, NULL, NULL, why, sizeof why); /* must just not crash */
        }
    }
    unlink(path);
}

static void test_entity_bomb(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/lol.xml", tmpdir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">", f);
    for (int i = 1; i <= 9; i++) {
        fprintf(f, "<!ENTITY lol%d \"", i);
        for (int j = 0; j < 10; j++)
            fprintf(f, "&lol%s;", i == 1 ? "" : (char[]){(char)('0' + i - 1), 0});
        fputs("\">", f);
    }
    fputs("<!ENTITY ext SYSTEM \"file:///etc/passwd\">]>\n<lolz>&lol9; &ext; tekst</lolz>\n", f);
    fclose(f);
    struct buf out = BUF_INIT;
    char why[256];
    double t0 = now_s();
    run(path, NULL, NULL, &out, why, sizeof why);
    assert_true(now_s() - t0 < 2.0);
    assert_true(out.len < 4096);
    assert_lacks(buf_cstr(&out), "root:");
    buf_free(&out);
    unlink(path);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kw-extract-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rmdir(tmpdir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subproc_timeout),
        cmocka_unit_test(test_subproc_output_cap),
        cmocka_unit_test(test_subproc_exit_signal_noexec),
        cmocka_unit_test(test_subproc_memory_limit),
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_pdf_output_cap),
        cmocka_unit_test(test_docx),
        cmocka_unit_test(test_odt_xlsx_pptx),
        cmocka_unit_test(test_rtf),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_vlos),
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_unsupported_and_broken),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_mutated_archives),
        cmocka_unit_test(test_entity_bomb),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
