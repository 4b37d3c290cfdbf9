/*
 * bench_core — the sync's CPU path without the network: N synthetic entries (a realistic mix of
 * Stemming, Document and Zaak entries in the real serialisation) pushed through the page
 * splitter, the entry parser and the store, in pages of 250 with one transaction each.
 * Prints entities/s for parse only and for parse + store. Run under
 * `valgrind --tool=callgrind` for repeatable instruction counts.
 *
 *   bench_core [ENTITIES (default 200000)] [DB (default /tmp/kw-bench-core.db)]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "feed/feed.h"
#include "store/store.h"

#define TK                                                                                        \
    "xmlns=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" "                                        \
    "xmlns:tk=\"http://www.tweedekamer.nl/xsd/tkData/v1-0\" "                                     \
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void guid(char *out, unsigned kind, unsigned long n)
{
    snprintf(out, 37, "%08x-0000-4000-8000-%012lx", kind & 0xffffu, n & 0xffffffffffffUL);
}

static void entry(struct buf *b, unsigned long i)
{
    char id[37], r1[37], r2[37];
    unsigned long tok = 21000000 + i * 3;
    switch (i % 5) {
    case 0:
    case 1:
    case 2:
        guid(id, 1, i);
        guid(r1, 2, i / 15);
        guid(r2, 3, i % 15);
        buf_printf(b,
                   "<entry><title>%s</title><id>https://x/Entiteiten/%s</id><author><name>Tweede "
                   "Kamer der Staten-Generaal</name></author><updated>2025-10-03T09:58:16Z</"
                   "updated><category term=\"stemming\"/><link rel=\"next\" "
                   "href=\"https://x/SyncFeed/2.0/Feed?category=Stemming&amp;skiptoken=%lu\"/>"
                   "<content type=\"application/xml\"><stemming " TK
                   " id=\"%s\" tk:bijgewerkt=\"2025-10-03T09:58:11.047Z\" "
                   "tk:verwijderd=\"false\"><besluit ref=\"%s\"/><fractie ref=\"%s\"/><soort>"
                   "Tegen</soort><fractieGrootte>8</fractieGrootte><actorNaam>BBB</actorNaam>"
                   "<actorFractie>BBB</actorFractie><vergissing>false</vergissing><sidActorLid "
                   "xsi:nil=\"true\"/><sidActorFractie>S-1-365867521-2120874753-3989062109-"
                   "1173306659-2208517255-2082135607</sidActorFractie></stemming></content>"
                   "</entry>\n",
                   id, id, tok, id, r1, r2);
        break;
    case 3:
        guid(id, 4, i);
        guid(r1, 5, i);
        guid(r2, 6, i / 3);
        buf_printf(b,
                   "<entry><title>%s</title><id>https://x/Entiteiten/%s</id><author><name>Tweede "
                   "Kamer der Staten-Generaal</name></author><updated>2025-02-19T15:23:40Z</"
                   "updated><category term=\"document\"/><link rel=\"enclosure\" "
                   "href=\"https://x/SyncFeed/2.0/Resources/%s\"/><link rel=\"next\" "
                   "href=\"https://x/SyncFeed/2.0/Feed?category=Document&amp;skiptoken=%lu\"/>"
                   "<content type=\"application/xml\"><document " TK
                   " id=\"%s\" tk:bijgewerkt=\"2025-02-19T15:23:02.563Z\" tk:verwijderd=\"false\" "
                   "tk:contentType=\"application/pdf\" tk:contentLength=\"21998\">"
                   "<huidigeDocumentVersie ref=\"%s\"/><kamerstukdossier ref=\"%s\"/><soort>Motie "
                   "(gewijzigd/nader)</soort><documentNummer>2025D%05lu</documentNummer><titel>"
                   "Vreemdelingenbeleid</titel><onderwerp>Gewijzigde motie van het lid Podt c.s. "
                   "over een betere schaderegeling voor schade veroorzaakt door overlastgevende "
                   "asielzoekers (t.v.v. 19637-3370)</onderwerp><datum>2025-02-18T00:00:00</datum>"
                   "<volgnummer>3384</volgnummer><vergaderjaar>2024-2025</vergaderjaar><kamer>2</"
                   "kamer><citeertitel xsi:nil=\"true\"/><alias xsi:nil=\"true\"/>"
                   "<datumRegistratie>2025-02-18T00:00:00</datumRegistratie><datumOntvangst "
                   "xsi:nil=\"true\"/><aanhangselnummer xsi:nil=\"true\"/><kenmerkAfzender "
                   "xsi:nil=\"true\"/><organisatie>Tweede Kamer</organisatie><zaak ref=\"%s\"/>"
                   "</document></content></entry>\n",
                   id, id, id, tok, id, r1, r2, i % 100000, r2);
        break;
    default:
        guid(id, 7, i);
        guid(r1, 6, i / 3);
        buf_printf(b,
                   "<entry><title>%s</title><id>https://x/Entiteiten/%s</id><author><name>Tweede "
                   "Kamer der Staten-Generaal</name></author><updated>2024-02-28T15:27:59Z</"
                   "updated><category term=\"zaak\"/><link rel=\"next\" "
                   "href=\"https://x/SyncFeed/2.0/Feed?category=Zaak&amp;skiptoken=%lu\"/>"
                   "<content type=\"application/xml\"><zaak " TK
                   " id=\"%s\" tk:bijgewerkt=\"2024-02-28T15:27:00.3Z\" tk:verwijderd=\"false\">"
                   "<kamerstukdossier ref=\"%s\"/><nummer>2021Z%05lu</nummer><soort>Brief "
                   "regering</soort><onderwerp>Digitalisering in het funderend onderwijs</"
                   "onderwerp><gestartOp>2021-09-24T00:00:00</gestartOp><organisatie>Tweede "
                   "Kamer</organisatie><titel>Primair Onderwijs</titel><citeertitel "
                   "xsi:nil=\"true\"/><alias xsi:nil=\"true\"/><grondslagvoorhang "
                   "xsi:nil=\"true\"/><termijn xsi:nil=\"true\"/><vergaderjaar>2021-2022</"
                   "vergaderjaar><volgnummer>593</volgnummer><status>Vrijgegeven</status>"
                   "<huidigeBehandelstatus xsi:nil=\"true\"/><afgedaan>true</afgedaan>"
                   "<grootProject>false</grootProject><kabinetsappreciatie xsi:nil=\"true\"/>"
                   "</zaak></content></entry>\n",
                   id, id, tok, id, r1, i % 100000);
    }
}

static const char head[] =
    "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
    "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><title>Gegevensmagazijn "
    "SyncFeed</title><link rel=\"self\" href=\"https://x/Feed\"/><updated>2019-08-29T18:37:46."
    "0616108+02:00</updated>\n";

struct ctx {
    struct store *s;
    long n;
};

static int on_entity(void *c, struct kw_entity *e)
{
    struct ctx *x = c;
    x->n++;
    if (x->s && store_apply(x->s, e, NULL)) {
        fprintf(stderr, "%s\n", store_errmsg(x->s));
        return -1;
    }
    return 0;
}

/* All pages of the run, generated before the clock starts. */
static struct buf *make_pages(long total, size_t *npages, double *mb)
{
    size_t n = (size_t)((total + 249) / 250);
    struct buf *pages = calloc(n, sizeof *pages);
    double bytes = 0;
    for (size_t pg = 0; pg < n; pg++) {
        buf_adds(&pages[pg], head);
        for (long k = (long)pg * 250; k < (long)(pg + 1) * 250 && k < total; k++)
            entry(&pages[pg], (unsigned long)k);
        buf_adds(&pages[pg], "</feed>\n");
        bytes += (double)pages[pg].len;
    }
    *npages = n;
    *mb = bytes / 1e6;
    return pages;
}

static double run(const struct buf *pages, size_t npages, struct store *s)
{
    struct feed_page *p = feed_page_new();
    struct ctx c = {s, 0};
    struct feed_page_cb cb = {on_entity, NULL, &c};
    double t0 = now_s();
    for (size_t i = 0; i < npages; i++) {
        const struct buf *page = &pages[i];
        if (s)
            store_begin(s);
        feed_page_begin(p, &cb);
        for (size_t off = 0; off < page->len; off += 16384)
            feed_page_push(p, page->data + off,
                           page->len - off < 16384 ? page->len - off : 16384);
        struct feed_page_result r;
        char err[256];
        if (feed_page_end(p, &r, err, sizeof err))
            fprintf(stderr, "page: %s\n", err);
        if (s) {
            store_set_state(s, "Stemming", (int64_t)i);
            store_commit(s);
        }
    }
    double t = now_s() - t0;
    feed_page_free(p);
    return t;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 200000;
    const char *db = argc > 2 ? argv[2] : "/tmp/kw-bench-core.db";
    char p[512];
    unlink(db);
    snprintf(p, sizeof p, "%s-wal", db);
    unlink(p);
    double mb;
    size_t np;
    struct buf *pages = make_pages(n, &np, &mb);
    if (getenv("BENCH_CORE_DUMP")) {
        /* the same pages as files, for the xmllint --stream parse floor */
        for (size_t i = 0; i < np; i++) {
            char name[600];
            snprintf(name, sizeof name, "%s/page%05zu.xml", getenv("BENCH_CORE_DUMP"), i);
            FILE *f = fopen(name, "w");
            if (f) {
                fwrite(pages[i].data, 1, pages[i].len, f);
                fclose(f);
            }
        }
    }
    double t = run(pages, np, NULL);
    printf("parse only      %8ld entities in %.2f s: %8.0f entities/s, %6.1f MB/s\n", n, t,
           n / t, mb / t);
    struct store *s;
    char err[256];
    if (store_open(db, 0, &s, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    t = run(pages, np, s);
    printf("parse + store   %8ld entities in %.2f s: %8.0f entities/s, %6.1f MB/s\n", n, t,
           n / t, mb / t);
    store_close(s);
    return 0;
}
