/*
 * extract — type sniffing, the converter chains and the in-process extractors; see extract.h.
 *
 * A converter chain runs the first program and falls back to the second when the first fails
 * or finds no words. Partial output of a failed run is kept aside and used only when nothing
 * better comes: a damaged PDF often still yields its first pages.
 */
#include "text/extract.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "text/extract_int.h"
#include "text/subproc.h"

#define SNIFF_BYTES 8192
#define OLE_SCAN_MAX ((int64_t)64 << 20) /* bytes searched for the OLE2 stream names */
#define RTF_HTML_FACTOR 4                /* unrtf's HTML may be this much larger than the text */

enum fmt {
    FMT_PDF,
    FMT_DOCX,
    FMT_ODF,
    FMT_XLSX,
    FMT_PPTX,
    FMT_ZIP,
    FMT_DOC,
    FMT_XLS,
    FMT_PPT,
    FMT_RTF,
    FMT_VLOS,
    FMT_HTML,
    FMT_XML,
    FMT_TEXT,
    FMT_IMAGE,
    FMT_EMPTY,
    FMT_UNKNOWN,
    FMT_UNREADABLE
};

static const char *const fmt_names[] = {"pdf", "docx", "odf",   "xlsx",  "pptx",    "zip",
                                        "doc", "xls",  "ppt",   "rtf",   "vlos",    "html",
                                        "xml", "text", "image", "empty", "unknown", "unreadable"};

const char *text_extract_status_name(enum text_extract_status s)
{
    switch (s) {
    case TEXT_OK:
        return "ok";
    case TEXT_EMPTY:
        return "empty";
    case TEXT_UNSUPPORTED:
        return "unsupported";
    case TEXT_FAILED:
        return "failed";
    case TEXT_TIMEOUT:
        return "timeout";
    case TEXT_TOO_LARGE:
        return "too-large";
    }
    return "?";
}

static const char *find_bytes(const char *h, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0 || hn < nn)
        return NULL;
    for (const char *p = h; p + nn <= h + hn;) {
        p = memchr(p, needle[0], (size_t)(h + hn - p) - nn + 1);
        if (!p)
            return NULL;
        if (!memcmp(p, needle, nn))
            return p;
        p++;
    }
    return NULL;
}

static bool starts_ci(const char *p, size_t n, const char *prefix)
{
    size_t l = strlen(prefix);
    return n >= l && strncasecmp(p, prefix, l) == 0;
}

static bool contains_ci(const char *p, size_t n, const char *needle)
{
    size_t l = strlen(needle);
    for (size_t i = 0; i + l <= n; i++)
        if (strncasecmp(p + i, needle, l) == 0)
            return true;
    return false;
}

static bool hint_has(const char *ctype, const char *word)
{
    return ctype && contains_ci(ctype, strlen(ctype), word);
}

/* Does the content type announce a format we extract text from? */
static bool claims_text(const char *ctype)
{
    static const char *const kinds[] = {"pdf",         "word",       "rtf",          "opendocument",
                                        "html",        "xml",        "text/",        "excel",
                                        "spreadsheet", "powerpoint", "presentation", NULL};
    for (size_t i = 0; ctype && kinds[i]; i++)
        if (hint_has(ctype, kinds[i]))
            return true;
    return false;
}

/* Word, Excel or PowerPoint inside an OLE2 compound file: the hint, else the stream names
 * (UTF-16LE in the directory sectors). Word when nothing tells. */
static enum fmt ole_kind(const char *path, const char *ctype)
{
    if (hint_has(ctype, "excel") || hint_has(ctype, "spreadsheet"))
        return FMT_XLS;
    if (hint_has(ctype, "powerpoint") || hint_has(ctype, "presentation"))
        return FMT_PPT;
    if (hint_has(ctype, "msword") || hint_has(ctype, "word"))
        return FMT_DOC;
    static const char word[] = "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
    static const char book[] = "W\0o\0r\0k\0b\0o\0o\0k\0";
    static const char book5[] = "B\0o\0o\0k\0\0\0";
    static const char ppt[] = "P\0o\0w\0e\0r\0P\0o\0i\0n\0t\0 \0D\0o\0c\0";
    FILE *f = fopen(path, "rb");
    if (!f)
        return FMT_DOC;
    enum { CHUNK = 1 << 20, OVERLAP = 64 };
    char *b = malloc(CHUNK + OVERLAP);
    if (!b)
        abort();
    enum fmt k = FMT_DOC;
    size_t keep = 0, n;
    int64_t seen = 0;
    while (seen < OLE_SCAN_MAX && (n = fread(b + keep, 1, CHUNK, f)) > 0) {
        size_t len = keep + n;
        if (find_bytes(b, len, word, sizeof word - 1)) {
            k = FMT_DOC;
            break;
        }
        if (find_bytes(b, len, book, sizeof book - 1) ||
            find_bytes(b, len, book5, sizeof book5 - 1)) {
            k = FMT_XLS;
            break;
        }
        if (find_bytes(b, len, ppt, sizeof ppt - 1)) {
            k = FMT_PPT;
            break;
        }
        keep = len < OVERLAP ? len : OVERLAP;
        memmove(b, b + len - keep, keep);
        seen += (int64_t)n;
    }
    free(b);
    fclose(f);
    return k;
}

/* Text, if the head has no NUL and hardly any control characters. */
static bool looks_like_text(const unsigned char *p, size_t n)
{
    size_t ctrl = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0)
            return false;
        if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t' && p[i] != '\f')
            ctrl++;
    }
    return ctrl * 100 <= n;
}

static enum fmt sniff(const char *path, const char *ctype)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return FMT_UNREADABLE;
    char head[SNIFF_BYTES];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    const unsigned char *u = (const unsigned char *)head;
    if (n == 0)
        return FMT_EMPTY;
    if (find_bytes(head, n < 1024 ? n : 1024, "%PDF-", 5))
        return FMT_PDF;
    if (n >= 4 && !memcmp(head, "PK\3\4", 4)) {
        switch (extract_zip_kind(path)) {
        case ZIP_DOCX:
            return FMT_DOCX;
        case ZIP_ODF:
            return FMT_ODF;
        case ZIP_XLSX:
            return FMT_XLSX;
        case ZIP_PPTX:
            return FMT_PPTX;
        default:
            return FMT_ZIP;
        }
    }
    if (n >= 8 && !memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return ole_kind(path, ctype);
    if ((n >= 3 && !memcmp(head, "\xFF\xD8\xFF", 3)) || (n >= 4 && !memcmp(head, "\x89PNG", 4)) ||
        (n >= 4 && !memcmp(head, "GIF8", 4)) || (n >= 4 && !memcmp(head, "II*\0", 4)) ||
        (n >= 4 && !memcmp(head, "MM\0*", 4)))
        return FMT_IMAGE;
    size_t i = 0;
    if (n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
        i++;
    if (starts_ci(head + i, n - i, "{\\rtf"))
        return FMT_RTF;
    if (i < n && head[i] == '<' && looks_like_text(u, n)) {
        bool decl = starts_ci(head + i, n - i, "<?xml");
        if (contains_ci(head + i, n - i, "<vlosCoreDocument") ||
            contains_ci(head + i, n - i, "<vlosdocument"))
            return FMT_VLOS;
        if (contains_ci(head + i, n - i, "<!doctype html") || contains_ci(head + i, n - i, "<html"))
            return FMT_HTML;
        if (decl)
            return FMT_XML;
        return FMT_HTML; /* tag soup without a root: the forgiving parser */
    }
    if (hint_has(ctype, "image/"))
        return FMT_IMAGE;
    if (looks_like_text(u, n))
        return FMT_TEXT;
    return FMT_UNKNOWN;
}

const char *text_extract_sniff(const char *path, const char *content_type)
{
    return fmt_names[sniff(path, content_type)];
}

/* ---- converters ------------------------------------------------------------------------ */

static enum text_extract_status convert(const char *const argv[], const struct subproc_limits *sl,
                                        struct buf *out, char *why, size_t whylen)
{
    buf_reset(out);
    why[0] = '\0';
    enum subproc_result r = subproc_run(argv, sl, out, NULL, why, whylen);
    switch (r) {
    case SUBPROC_OK:
        text_clean(out);
        if (text_has_words(out))
            return TEXT_OK;
        snprintf(why, whylen, "%s found no text", argv[0]);
        return TEXT_EMPTY;
    case SUBPROC_CAPPED:
        text_cut_utf8(out, out->len);
        text_clean(out);
        return TEXT_TOO_LARGE;
    case SUBPROC_TIMEOUT:
        buf_reset(out);
        return TEXT_TIMEOUT;
    default:
        text_clean(out); /* partial output: the caller may keep it */
        return TEXT_FAILED;
    }
}

static void join_why(char *why, size_t whylen, const char *a, const char *b)
{
    snprintf(why, whylen, "%s%s%s", a, a[0] && b[0] ? "; " : "", b);
}

/* The first converter, then the second when the first failed or found nothing. */
static enum text_extract_status chain(const char *const first[], const char *const second[],
                                      const struct subproc_limits *sl, struct buf *out, char *why,
                                      size_t whylen)
{
    char why1[256], why2[256];
    enum text_extract_status s1 = convert(first, sl, out, why1, sizeof why1);
    if (s1 == TEXT_OK || s1 == TEXT_TOO_LARGE || s1 == TEXT_TIMEOUT || !second) {
        snprintf(why, whylen, "%s", why1);
        return s1;
    }
    struct buf partial = *out;
    buf_init(out);
    enum text_extract_status s2 = convert(second, sl, out, why2, sizeof why2);
    enum text_extract_status res;
    if (s2 == TEXT_OK || s2 == TEXT_TOO_LARGE) {
        snprintf(why, whylen, "%s", s2 == TEXT_OK ? why1 : why2);
        res = s2;
    } else if (s2 == TEXT_FAILED && text_has_words(out)) {
        join_why(why, whylen, why1, why2);
        snprintf(why + strlen(why), whylen - strlen(why), " (partial text kept)");
        res = TEXT_OK;
    } else if (text_has_words(&partial)) {
        buf_free(out);
        *out = partial;
        buf_init(&partial);
        join_why(why, whylen, why1, why2);
        snprintf(why + strlen(why), whylen - strlen(why), " (partial text kept)");
        res = TEXT_OK;
    } else {
        join_why(why, whylen, why1, why2);
        res = s1 == TEXT_EMPTY || s2 == TEXT_EMPTY ? TEXT_EMPTY
              : s2 == TEXT_TIMEOUT                 ? TEXT_TIMEOUT
                                                   : TEXT_FAILED;
        buf_reset(out);
    }
    buf_free(&partial);
    return res;
}

static const char *safe_path(const char *path, char *tmp, size_t tmplen)
{
    if (path[0] != '-')
        return path;
    snprintf(tmp, tmplen, "./%s", path);
    return tmp;
}

static enum text_extract_status run_rtf(const char *path, const struct subproc_limits *sl_in,
                                        struct buf *out, char *why, size_t whylen)
{
    struct subproc_limits sl = *sl_in;
    sl.max_output = sl_in->max_output * RTF_HTML_FACTOR;
    const char *argv[] = {"unrtf", "--html", "--nopict", path, NULL};
    struct buf html = BUF_INIT;
    enum subproc_result r = subproc_run(argv, &sl, &html, NULL, why, whylen);
    if (r == SUBPROC_TIMEOUT || r == SUBPROC_NOEXEC || (r != SUBPROC_OK && html.len == 0)) {
        buf_free(&html);
        return r == SUBPROC_TIMEOUT ? TEXT_TIMEOUT : TEXT_FAILED;
    }
    char why2[256] = "";
    struct text_sink s;
    sink_init(&s, out, sl_in->max_output);
    enum text_extract_status st = extract_html_mem(html.data, html.len, &s, why2, sizeof why2);
    buf_free(&html);
    if (r == SUBPROC_CAPPED)
        st = TEXT_TOO_LARGE;
    else if (r != SUBPROC_OK && st == TEXT_OK) {
        size_t l = strlen(why);
        snprintf(why + l, whylen - l, " (partial text kept)");
        return TEXT_OK;
    }
    if (st != TEXT_OK)
        snprintf(why, whylen, "%s", why2);
    else
        why[0] = '\0';
    return st;
}

static enum text_extract_status run_plain(const char *path, size_t max, struct buf *out, char *why,
                                          size_t whylen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, whylen, "cannot open: %s", strerror(errno));
        return TEXT_FAILED;
    }
    buf_grow(out, 65536);
    bool capped = false;
    for (;;) {
        if (out->cap - out->len < 2)
            buf_grow(out, out->len);
        size_t room = out->cap - out->len - 1;
        if (out->len + room > max)
            room = max - out->len;
        size_t n = fread(out->data + out->len, 1, room, f);
        out->len += n;
        out->data[out->len] = '\0';
        if (n == 0)
            break;
        if (out->len >= max) {
            capped = fgetc(f) != EOF;
            break;
        }
    }
    fclose(f);
    if (capped)
        text_cut_utf8(out, out->len);
    if (!text_is_utf8(out->data, out->len))
        text_from_cp1252(out);
    if (capped) {
        snprintf(why, whylen, "text reached the cap of %zu bytes", max);
        return TEXT_TOO_LARGE;
    }
    return TEXT_OK;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void init_xml(void)
{
    xmlInitParser();
}

static enum text_extract_status inprocess(enum fmt fmt, const char *path, size_t max,
                                          struct buf *out, char *why, size_t whylen)
{
    struct text_sink s;
    sink_init(&s, out, max);
    switch (fmt) {
    case FMT_DOCX:
        return extract_zip(path, ZIP_DOCX, &s, why, whylen);
    case FMT_ODF:
        return extract_zip(path, ZIP_ODF, &s, why, whylen);
    case FMT_XLSX:
        return extract_zip(path, ZIP_XLSX, &s, why, whylen);
    case FMT_PPTX:
        return extract_zip(path, ZIP_PPTX, &s, why, whylen);
    case FMT_VLOS:
        return extract_vlos(path, &s, why, whylen);
    case FMT_HTML:
        return extract_markup(path, false, &s, why, whylen);
    case FMT_XML:
        return extract_markup(path, true, &s, why, whylen);
    default:
        return run_plain(path, max, out, why, whylen);
    }
}

enum text_extract_status text_extract(const char *path, const char *content_type,
                                      const struct text_extract_limits *lim, struct buf *out,
                                      char *why, size_t whylen)
{
    struct subproc_limits sl = {TEXT_EXTRACT_DEFAULT_TIMEOUT_MS, TEXT_EXTRACT_DEFAULT_MEMORY_MB,
                                TEXT_EXTRACT_DEFAULT_MAX_OUTPUT};
    if (lim && lim->timeout_ms > 0)
        sl.timeout_ms = lim->timeout_ms;
    if (lim && lim->max_memory_mb > 0)
        sl.max_memory_mb = lim->max_memory_mb;
    if (lim && lim->max_output > 0)
        sl.max_output = lim->max_output;
    pthread_once(&xml_once, init_xml);
    buf_reset(out);
    why[0] = '\0';
    char tmp[4096];
    path = safe_path(path, tmp, sizeof tmp);
    enum fmt fmt = sniff(path, content_type);
    enum text_extract_status st;
    switch (fmt) {
    case FMT_UNREADABLE:
        snprintf(why, whylen, "cannot open: %s", strerror(errno));
        return TEXT_FAILED;
    case FMT_EMPTY:
        snprintf(why, whylen, "the file is empty");
        return TEXT_EMPTY;
    case FMT_IMAGE:
        snprintf(why, whylen, "an image (%s)", content_type ? content_type : "by its magic bytes");
        return TEXT_UNSUPPORTED;
    case FMT_ZIP:
        snprintf(why, whylen, "a zip archive that is not DOCX, ODF, XLSX or PPTX");
        return TEXT_UNSUPPORTED;
    case FMT_UNKNOWN:
        if (claims_text(content_type)) {
            snprintf(why, whylen, "announced as %s, but its bytes are not (damaged?)",
                     content_type);
            return TEXT_FAILED;
        }
        snprintf(why, whylen, "unknown binary format%s%s", content_type ? ": " : "",
                 content_type ? content_type : "");
        return TEXT_UNSUPPORTED;
    case FMT_PDF: {
        const char *a[] = {"pdftotext", "-q", "-enc", "UTF-8", "-nopgbrk", path, "-", NULL};
        const char *b[] = {"mutool", "draw", "-q", "-F", "txt", "-o", "-", path, NULL};
        st = chain(a, b, &sl, out, why, whylen);
        break;
    }
    case FMT_DOC: {
        const char *a[] = {"catdoc", "-d", "utf-8", "-w", path, NULL};
        const char *b[] = {"antiword", "-m", "UTF-8.txt", path, NULL};
        st = chain(a, b, &sl, out, why, whylen);
        break;
    }
    case FMT_XLS: {
        const char *a[] = {"xls2csv", "-d", "utf-8", path, NULL};
        st = chain(a, NULL, &sl, out, why, whylen);
        break;
    }
    case FMT_PPT: {
        const char *a[] = {"catppt", "-d", "utf-8", path, NULL};
        st = chain(a, NULL, &sl, out, why, whylen);
        break;
    }
    case FMT_RTF:
        st = run_rtf(path, &sl, out, why, whylen);
        break;
    default:
        st = inprocess(fmt, path, sl.max_output, out, why, whylen);
        break;
    }
    /* one last pass: the promises of extract.h hold whatever produced the text */
    text_clean(out);
    if (out->len > sl.max_output) {
        text_cut_utf8(out, sl.max_output);
        if (st == TEXT_OK) {
            st = TEXT_TOO_LARGE;
            snprintf(why, whylen, "text reached the cap of %zu bytes", sl.max_output);
        }
    }
    if (st == TEXT_OK && !text_has_words(out)) {
        st = TEXT_EMPTY;
        if (!why[0])
            snprintf(why, whylen, "no text in this %s file", fmt_names[fmt]);
    }
    if (st != TEXT_OK && st != TEXT_TOO_LARGE)
        buf_reset(out);
    return st;
}
