/*
 * bench_writers — throughput of the escaping writers and of whole page renderings.
 * Each measurement runs for about half a second on one thread and prints a rate.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "page.h"
#include "util/buf.h"
#include "web/gz.h"
#include "web/hash.h"
#include "web/html.h"
#include "web/ical.h"
#include "web/json.h"
#include "web/xmlw.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum kind { K_HTML, K_JSON, K_XML, K_ICAL };

static void escape_once(enum kind k, struct buf *out, const struct buf *in)
{
    buf_reset(out);
    switch (k) {
    case K_HTML: {
        struct html h = html_on(out);
        html_textn(&h, in->data, in->len);
        break;
    }
    case K_JSON: jw_put_string(out, in->data, in->len); break;
    case K_XML: {
        struct xmlw x = xml_on(out);
        xml_textn(&x, in->data, in->len);
        break;
    }
    case K_ICAL: {
        struct ical c = ical_on(out);
        ical_textn(&c, in->data, in->len);
        break;
    }
    }
}

static volatile size_t sink;

static void bench_escape(const char *label, enum kind k, const struct buf *in)
{
    struct buf out = BUF_INIT;
    double t0 = now(), t;
    size_t bytes = 0;
    do {
        for (int i = 0; i < 16; i++) {
            escape_once(k, &out, in);
            bytes += in->len;
        }
        t = now();
    } while (t - t0 < 0.5);
    sink += out.len;
    printf("  %-30s %8.0f MB/s\n", label, (double)bytes / (t - t0) / 1e6);
    buf_free(&out);
}

static void bench_page(const char *label, void (*render)(struct buf *))
{
    struct buf out = BUF_INIT;
    render(&out);
    size_t size = out.len;
    double t0 = now(), t;
    long n = 0;
    do {
        for (int i = 0; i < 64; i++) {
            buf_reset(&out);
            render(&out);
            n++;
        }
        t = now();
    } while (t - t0 < 0.5);
    sink += out.len;
    printf("  %-30s %8.0f pages/s  (%zu bytes, %.0f MB/s)\n", label, (double)n / (t - t0), size,
           (double)n * (double)size / (t - t0) / 1e6);
    buf_free(&out);
}

int main(void)
{
    /* Realistic Dutch text with a few characters to escape, and a hostile mix. */
    const char *plain = "De Minister van Binnenlandse Zaken heeft de Kamer geïnformeerd over de "
                        "voortgang van de digitalisering; de commissie vraagt om een reactie op "
                        "het rapport \"Werk aan uitvoering\" & de kosten (€ 12 mln). ";
    const char *hostile = "<script>alert('x')</script>&\"\x01\xff,;\\\n";
    struct buf in = BUF_INIT, bad = BUF_INIT;
    while (in.len < 64 * 1024)
        buf_adds(&in, plain);
    while (bad.len < 64 * 1024)
        buf_adds(&bad, hostile);

    printf("escapers, 64 KB input, realistic Dutch text:\n");
    bench_escape("html_text", K_HTML, &in);
    bench_escape("jw string", K_JSON, &in);
    bench_escape("xml_text", K_XML, &in);
    bench_escape("ical_text (with folding)", K_ICAL, &in);
    printf("escapers, 64 KB input, hostile (every 2nd byte escaped):\n");
    bench_escape("html_text", K_HTML, &bad);
    bench_escape("jw string", K_JSON, &bad);
    bench_escape("xml_text", K_XML, &bad);
    bench_escape("ical_text (with folding)", K_ICAL, &bad);

    printf("whole renderings of a %d-row document list:\n", PAGE_ROWS);
    bench_page("HTML page", page_html);
    bench_page("JSON document", page_json);
    bench_page("Atom feed", page_atom);

    struct buf page = BUF_INIT, gz = BUF_INIT;
    page_html(&page);
    double t0 = now(), t;
    size_t bytes = 0;
    uint64_t acc = 0;
    do {
        for (int i = 0; i < 256; i++) {
            acc += hash64(page.data, page.len);
            bytes += page.len;
        }
        t = now();
    } while (t - t0 < 0.5);
    sink += (size_t)acc;
    printf("hash64 (ETag) on the HTML page:   %8.0f MB/s\n", (double)bytes / (t - t0) / 1e6);
    for (int level = 1; level <= 6; level += 5) {
        long n = 0;
        t0 = now();
        do {
            for (int i = 0; i < 16; i++) {
                buf_reset(&gz);
                gz_compress(page.data, page.len, &gz, level);
                n++;
            }
            t = now();
        } while (t - t0 < 0.5);
        printf("gzip level %d on the HTML page:    %8.0f pages/s (%zu -> %zu bytes)\n", level,
               (double)n / (t - t0), page.len, gz.len);
    }
    buf_free(&page);
    buf_free(&gz);
    buf_free(&in);
    buf_free(&bad);
    return 0;
}
