/*
 * extract_zip — DOCX, ODF, XLSX and PPTX in-process: the document members are inflated by
 * libzip straight into a libxml2 SAX2 push parser, never whole into memory.
 *
 * Which members:  DOCX  word/document.xml, then word/footnotes.xml and word/endnotes.xml
 *                 ODF   content.xml (text, spreadsheet and presentation alike)
 *                 XLSX  xl/sharedStrings.xml (the strings of all sheets; numbers are skipped)
 *                 PPTX  ppt/slides/slideN.xml in the order of N
 * Zip-bomb limits (extract_int.h): at most TEXT_ZIP_MAX_ENTRIES members, TEXT_ZIP_MAX_MEMBER
 * inflated bytes per member and TEXT_ZIP_MAX_TOTAL per archive, counted while inflating (the
 * sizes in the directory are checked first but not trusted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "text/extract_int.h"

#define ZIP_CHUNK 65536

struct ooxml {
    enum zip_kind kind;
    struct text_sink *s;
    struct sax_run *run;
    int in_text; /* inside an element whose character data is text */
    int skip;    /* inside paragraph properties (their w:tab are tab stops, not tabs) */
};

static bool is(const xmlChar *a, const char *b)
{
    return strcmp((const char *)a, b) == 0;
}

static void stop_if_full(struct ooxml *x)
{
    if (x->s->full && !x->run->stopped) {
        x->run->stopped = true;
        xmlStopParser(x->run->ctx);
    }
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
    (void)prefix, (void)uri, (void)nns, (void)ns, (void)ndefaulted;
    struct ooxml *x = ctx;
    switch (x->kind) {
    case ZIP_DOCX:
        if (is(local, "pPr"))
            x->skip++;
        else if (is(local, "t"))
            x->in_text++;
        else if (x->skip)
            ;
        else if (is(local, "tab"))
            sink_tab(x->s);
        else if (is(local, "br") || is(local, "cr"))
            sink_break(x->s, 1);
        break;
    case ZIP_ODF:
        if (is(local, "p") || is(local, "h"))
            x->in_text++;
        else if (is(local, "s"))
            x->s->space = true;
        else if (is(local, "tab"))
            sink_tab(x->s);
        else if (is(local, "line-break"))
            sink_break(x->s, 1);
        else if (is(local, "note-citation") || is(local, "tracked-changes"))
            x->skip++;
        break;
    case ZIP_XLSX:
        if (is(local, "t"))
            x->in_text++;
        else if (is(local, "rPh"))
            x->skip++;
        break;
    case ZIP_PPTX:
        if (is(local, "t"))
            x->in_text++;
        else if (is(local, "br"))
            sink_break(x->s, 1);
        break;
    default:
        break;
    }
    (void)nattrs, (void)attrs;
    stop_if_full(x);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix, (void)uri;
    struct ooxml *x = ctx;
    switch (x->kind) {
    case ZIP_DOCX:
        if (is(local, "pPr") && x->skip)
            x->skip--;
        else if (is(local, "t") && x->in_text)
            x->in_text--;
        else if (is(local, "p"))
            sink_break(x->s, 2);
        break;
    case ZIP_ODF:
        if ((is(local, "p") || is(local, "h")) && x->in_text) {
            x->in_text--;
            sink_break(x->s, 2);
        } else if ((is(local, "note-citation") || is(local, "tracked-changes")) && x->skip) {
            x->skip--;
        }
        break;
    case ZIP_XLSX:
        if (is(local, "t") && x->in_text)
            x->in_text--;
        else if (is(local, "rPh") && x->skip)
            x->skip--;
        else if (is(local, "si"))
            sink_break(x->s, 1);
        break;
    case ZIP_PPTX:
        if (is(local, "t") && x->in_text)
            x->in_text--;
        else if (is(local, "p"))
            sink_break(x->s, 1);
        break;
    default:
        break;
    }
    stop_if_full(x);
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    struct ooxml *x = ctx;
    if (x->in_text <= 0 || len <= 0 || (x->skip && x->kind != ZIP_DOCX))
        return;
    sink_text(x->s, (const char *)ch, (size_t)len);
    stop_if_full(x);
}

/* A member's status: OK, TOO_LARGE (limits) or FAILED (damaged archive, bad XML). */
static enum text_extract_status parse_member(zip_t *za, zip_int64_t idx, struct ooxml *x,
                                             int64_t *total, char *why, size_t whylen)
{
    zip_stat_t st;
    zip_stat_init(&st);
    const char *name = zip_get_name(za, (zip_uint64_t)idx, 0);
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        (st.size > (zip_uint64_t)TEXT_ZIP_MAX_MEMBER ||
         *total + (int64_t)st.size > TEXT_ZIP_MAX_TOTAL)) {
        snprintf(why, whylen, "zip member %s inflates to %llu bytes, over the limit", name,
                 (unsigned long long)st.size);
        return TEXT_TOO_LARGE;
    }
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!zf) {
        snprintf(why, whylen, "cannot open zip member %s: %s", name, zip_strerror(za));
        return TEXT_FAILED;
    }
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_chars;
    struct sax_run run;
    x->run = &run;
    x->in_text = x->skip = 0;
    if (sax_begin(&run, &sax, x, false, name)) {
        zip_fclose(zf);
        snprintf(why, whylen, "cannot create the XML parser");
        return TEXT_FAILED;
    }
    char *chunk = malloc(ZIP_CHUNK);
    if (!chunk)
        abort();
    enum text_extract_status res = TEXT_OK;
    int64_t member = 0;
    zip_int64_t n;
    while ((n = zip_fread(zf, chunk, ZIP_CHUNK)) > 0) {
        member += n;
        *total += n;
        if (member > TEXT_ZIP_MAX_MEMBER || *total > TEXT_ZIP_MAX_TOTAL) {
            snprintf(why, whylen, "zip member %s inflates past the limit of %lld MiB", name,
                     (long long)(TEXT_ZIP_MAX_MEMBER >> 20));
            res = TEXT_TOO_LARGE;
            break;
        }
        if (sax_feed(&run, chunk, (size_t)n))
            break;
    }
    if (n < 0 && res == TEXT_OK) {
        snprintf(why, whylen, "damaged zip member %s: %s", name, zip_file_strerror(zf));
        res = TEXT_FAILED;
    }
    free(chunk);
    zip_fclose(zf);
    int bad = sax_end(&run);
    if (res == TEXT_OK && bad && !run.stopped) {
        snprintf(why, whylen, "%s is not well-formed XML: %s", name, run.error);
        res = TEXT_FAILED;
    }
    return res;
}

static zip_t *open_zip(const char *path, char *why, size_t whylen)
{
    int err = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &err);
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        snprintf(why, whylen, "not a readable zip archive: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
    }
    return za;
}

enum zip_kind extract_zip_kind(const char *path)
{
    char why[128];
    zip_t *za = open_zip(path, why, sizeof why);
    if (!za)
        return ZIP_OTHER;
    enum zip_kind k = ZIP_OTHER;
    if (zip_name_locate(za, "word/document.xml", 0) >= 0)
        k = ZIP_DOCX;
    else if (zip_name_locate(za, "content.xml", 0) >= 0)
        k = ZIP_ODF;
    else if (zip_name_locate(za, "xl/workbook.xml", 0) >= 0 ||
             zip_name_locate(za, "xl/sharedStrings.xml", 0) >= 0)
        k = ZIP_XLSX;
    else if (zip_name_locate(za, "ppt/presentation.xml", 0) >= 0)
        k = ZIP_PPTX;
    zip_discard(za);
    return k;
}

struct slide {
    long number;
    zip_int64_t idx;
};

static int by_number(const void *a, const void *b)
{
    const struct slide *x = a, *y = b;
    return x->number < y->number ? -1 : x->number > y->number;
}

/* The slides of a presentation in their order; returns how many (at most max). */
static size_t find_slides(zip_t *za, zip_int64_t entries, struct slide *out, size_t max)
{
    static const char prefix[] = "ppt/slides/slide";
    size_t n = 0;
    for (zip_int64_t i = 0; i < entries && n < max; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
        if (!name || strncmp(name, prefix, sizeof prefix - 1))
            continue;
        char *end;
        long num = strtol(name + sizeof prefix - 1, &end, 10);
        if (end == name + sizeof prefix - 1 || strcmp(end, ".xml"))
            continue;
        out[n].number = num;
        out[n].idx = i;
        n++;
    }
    qsort(out, n, sizeof *out, by_number);
    return n;
}

enum text_extract_status extract_zip(const char *path, enum zip_kind kind, struct text_sink *s,
                                     char *why, size_t whylen)
{
    zip_t *za = open_zip(path, why, whylen);
    if (!za)
        return TEXT_FAILED;
    zip_int64_t entries = zip_get_num_entries(za, 0);
    if (entries > TEXT_ZIP_MAX_ENTRIES) {
        snprintf(why, whylen, "zip archive has %lld members, over the limit of %d",
                 (long long)entries, TEXT_ZIP_MAX_ENTRIES);
        zip_discard(za);
        return TEXT_TOO_LARGE;
    }
    static const char *const docx[] = {"word/document.xml", "word/footnotes.xml",
                                       "word/endnotes.xml", NULL};
    static const char *const odf[] = {"content.xml", NULL};
    static const char *const xlsx[] = {"xl/sharedStrings.xml", NULL};
    const char *const *members = kind == ZIP_DOCX   ? docx
                                 : kind == ZIP_ODF  ? odf
                                 : kind == ZIP_XLSX ? xlsx
                                                    : NULL;
    struct ooxml x = {.kind = kind, .s = s};
    int64_t total = 0;
    enum text_extract_status res = TEXT_OK;
    if (members) {
        for (size_t i = 0; members[i] && res == TEXT_OK && !s->full; i++) {
            zip_int64_t idx = zip_name_locate(za, members[i], 0);
            if (idx < 0) {
                if (i == 0 && kind != ZIP_XLSX) {
                    snprintf(why, whylen, "zip archive lacks %s", members[i]);
                    res = TEXT_FAILED;
                }
                continue;
            }
            res = parse_member(za, idx, &x, &total, why, whylen);
            sink_break(s, 2);
        }
    } else if (kind == ZIP_PPTX) {
        struct slide *slides = calloc(TEXT_ZIP_MAX_SLIDES, sizeof *slides);
        if (!slides)
            abort();
        size_t n = find_slides(za, entries, slides, TEXT_ZIP_MAX_SLIDES);
        for (size_t i = 0; i < n && res == TEXT_OK && !s->full; i++) {
            res = parse_member(za, slides[i].idx, &x, &total, why, whylen);
            sink_break(s, 2);
        }
        free(slides);
    } else {
        snprintf(why, whylen, "a zip archive that is not DOCX, ODF, XLSX or PPTX");
        res = TEXT_UNSUPPORTED;
    }
    zip_discard(za);
    if (res == TEXT_OK && s->full) {
        snprintf(why, whylen, "text reached the cap of %zu bytes", s->max);
        res = TEXT_TOO_LARGE;
    }
    /* a damaged later member still leaves the text before it */
    if (res == TEXT_FAILED && text_has_words(s->out)) {
        size_t l = strlen(why);
        snprintf(why + l, whylen > l ? whylen - l : 0, " (text before it kept)");
        res = TEXT_OK;
    }
    return res;
}
