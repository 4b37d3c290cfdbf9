/*
 * resources — the files behind the enclosures, rendered on demand from a short description
 * so that a corpus of 300,000 documents needs no gigabytes on disk.
 *
 * A description ("meta") is: kind (1 byte), topic (1 byte), 2 reserved bytes, a 64-bit seed
 * (little-endian), then NUL-terminated strings whose meaning depends on the kind:
 *   documents (PDF/DOCX/RTF/HTML): documentNummer, soort, titel, onderwerp, Dutch date,
 *     vergaderjaar, Kamerstuk heading, signer, signer's function, identifiers joined by '|'
 *   VLOS: soort, status, Timestamp, vergadering soort, titel, zaal, vergaderjaar, nummer,
 *     datum, aanvangstijd, sluiting, parlisid, activiteit soort, onderwerp, then speakers
 *     as "soort|fractie|aanhef|voornaam|achternaam|functie"
 *   JPEG: an optional label.
 * res_render() is a pure function of the description: gen calls it once to learn the
 * contentLength, serve calls it again to send the bytes.
 *
 * PDFs are hand-written PDF 1.4 with the standard Helvetica font in WinAnsiEncoding, so
 * pdftotext extracts é, ë, ï and € intact. DOCX goes through libzip, JPEG through libjpeg.
 */
#include "tkfake.h"

#include <stdio.h>
/* jpeglib.h needs FILE first */
#include <jpeglib.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define META_HDR 12
#define MAXS 64

struct meta {
    enum res_kind kind;
    int topic;
    uint64_t seed;
    const char *s[MAXS];
    int ns;
};

void res_meta_begin(struct buf *m, enum res_kind kind, int topic, uint64_t seed)
{
    unsigned char h[META_HDR] = {(unsigned char)kind, (unsigned char)topic, 0, 0};
    for (int i = 0; i < 8; i++)
        h[4 + i] = (unsigned char)(seed >> (8 * i));
    buf_reset(m);
    buf_add(m, h, sizeof h);
}

void res_meta_str(struct buf *m, const char *s)
{
    buf_add(m, s, strlen(s) + 1);
}

enum res_kind res_meta_kind(const char *m, size_t n)
{
    return n >= META_HDR ? (enum res_kind)(unsigned char)m[0] : RES_NONE;
}

static void meta_parse(const char *m, size_t n, struct meta *out)
{
    memset(out, 0, sizeof *out);
    if (n < META_HDR)
        return;
    out->kind = (enum res_kind)(unsigned char)m[0];
    out->topic = (unsigned char)m[1];
    for (int i = 0; i < 8; i++)
        out->seed |= (uint64_t)(unsigned char)m[4 + i] << (8 * i);
    size_t at = META_HDR;
    while (at < n && out->ns < MAXS) {
        out->s[out->ns++] = m + at;
        at += strlen(m + at) + 1;
    }
    for (int i = out->ns; i < MAXS; i++)
        out->s[i] = "";
}

const char *res_content_type(enum res_kind k)
{
    switch (k) {
    case RES_PDF:
    case RES_PDF_SEED:
    case RES_PDF_TRUNC:
    case RES_RANDOM_PDF: return "application/pdf";
    case RES_DOCX: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case RES_RTF: return "application/rtf";
    case RES_DOC_RTF: return "application/msword";
    case RES_HTML: return "text/html";
    case RES_JPEG_PERSON:
    case RES_JPEG_FRACTIE: return "image/jpeg";
    case RES_VLOS: return "text/xml";
    default: return "application/octet-stream";
    }
}

/* ---- document text ---------------------------------------------------------------------- */

static int split_ids(char *ids, const char **out, int max)
{
    int n = 0;
    for (char *p = ids; *p && n < max;) {
        out[n++] = p;
        char *bar = strchr(p, '|');
        if (!bar)
            break;
        *bar = '\0';
        p = bar + 1;
    }
    return n;
}

/* The document's text as paragraphs separated by "\n\n" (single "\n" inside headings). */
static void doc_text(const struct meta *m, struct buf *out)
{
    if (m->kind == RES_PDF_SEED) {
        buf_add(out, tk_seed_letter, tk_seed_letter_len);
        return;
    }
    struct rng r;
    rng_seed(&r, m->seed);
    const struct topic *t = &text_topics[(size_t)m->topic % text_ntopics];
    char idbuf[512];
    snprintf(idbuf, sizeof idbuf, "%s", m->s[9]);
    const char *ids[8];
    int nids = idbuf[0] ? split_ids(idbuf, ids, 8) : 0;
    const char *soort = m->s[1];

    if (strncmp(soort, "Motie", 5) == 0) {
        buf_printf(out, "Tweede Kamer der Staten-Generaal\nVergaderjaar %s\n\n%s\n%s\n\n",
                   m->s[5], m->s[6], m->s[2]);
        buf_printf(out, "%s\n\nVoorgesteld %s\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\n"
                        "overwegende dat ",
                   m->s[3], m->s[4]);
        text_paragraph(&r, t, ids, (size_t)nids, out);
        buf_adds(out, "\n\nconstaterende dat ");
        text_paragraph(&r, t, ids, (size_t)nids, out);
        buf_adds(out, "\n\nverzoekt de regering werk te maken van ");
        text_kern(&r, t, out);
        buf_printf(out, " en de Kamer hierover voor het einde van het jaar te informeren,\n\n"
                        "en gaat over tot de orde van de dag.\n\n%s\n",
                   m->s[7]);
        return;
    }
    if (strcmp(soort, "Schriftelijke vragen") == 0) {
        buf_printf(out, "%s\n\nVragen van het lid %s aan de %s (ingezonden %s).\n\n", m->s[3],
                   m->s[7], t->bewinds, m->s[4]);
        int nq = rng_range(&r, 3, 7);
        for (int q = 1; q <= nq; q++) {
            buf_printf(out, "Vraag %d\n", q);
            buf_adds(out, "Bent u bekend met berichten over ");
            text_kern(&r, t, out);
            buf_adds(out, "? Hoe beoordeelt u de gevolgen voor de betrokken ");
            buf_adds(out, t->nouns[rng_below(&r, 6)][1]);
            buf_adds(out, "?\n\n");
        }
        return;
    }
    if (strcmp(soort, "Antwoord schriftelijke vragen") == 0) {
        buf_printf(out, "%s\n\nAntwoord van de %s (ontvangen %s).\n\n", m->s[3], m->s[8],
                   m->s[4]);
        int nq = rng_range(&r, 3, 6);
        for (int q = 1; q <= nq; q++) {
            buf_printf(out, "Vraag %d\nBent u bekend met de berichtgeving over %s?\n\n", q,
                       t->kern[rng_below(&r, 4)]);
            buf_printf(out, "Antwoord %d\n", q);
            text_paragraph(&r, t, ids, (size_t)nids, out);
            buf_adds(out, "\n\n");
        }
        return;
    }
    buf_printf(out, "Tweede Kamer der Staten-Generaal\nVergaderjaar %s\n\n", m->s[5]);
    if (m->s[6][0])
        buf_printf(out, "%s %s\n\n", m->s[6], m->s[2]);
    buf_printf(out, "%s\n\n%s\n\nDen Haag, %s\n\n", m->s[1], m->s[3], m->s[4]);
    int np = rng_range(&r, 3, 6);
    for (int i = 0; i < np; i++) {
        text_paragraph(&r, t, ids, (size_t)nids, out);
        buf_adds(out, "\n\n");
    }
    if (m->s[8][0])
        buf_printf(out, "De %s,\n\n%s\n", m->s[8], m->s[7]);
}

/* ---- PDF -------------------------------------------------------------------------------- */

/* UTF-8 to Windows-1252 (the WinAnsiEncoding of PDF); unmappable characters become '?'. */
static void to_cp1252(const char *s, size_t n, struct buf *out)
{
    static const struct {
        unsigned cp;
        unsigned char b;
    } extra[] = {{0x20ac, 0x80}, {0x201a, 0x82}, {0x201e, 0x84}, {0x2026, 0x85},
                 {0x2018, 0x91}, {0x2019, 0x92}, {0x201c, 0x93}, {0x201d, 0x94},
                 {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97}, {0x0160, 0x8a},
                 {0x0161, 0x9a}, {0x0152, 0x8c}, {0x0153, 0x9c}, {0x017d, 0x8e},
                 {0x017e, 0x9e}, {0x0178, 0x9f}};
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp;
        size_t len;
        if (c < 0x80) {
            cp = c, len = 1;
        } else if ((c & 0xe0) == 0xc0 && i + 1 < n) {
            cp = (unsigned)(c & 0x1f) << 6 | ((unsigned char)s[i + 1] & 0x3f), len = 2;
        } else if ((c & 0xf0) == 0xe0 && i + 2 < n) {
            cp = (unsigned)(c & 0x0f) << 12 | ((unsigned)((unsigned char)s[i + 1] & 0x3f) << 6) |
                 ((unsigned char)s[i + 2] & 0x3f);
            len = 3;
        } else {
            cp = '?', len = (c & 0xf8) == 0xf0 ? 4 : 1;
        }
        i += len;
        unsigned char b = '?';
        if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff))
            b = (unsigned char)cp;
        else
            for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++)
                if (extra[k].cp == cp)
                    b = extra[k].b;
        if (cp == 0xfe0f) /* variation selector: drop */
            continue;
        buf_addc(out, (char)b);
    }
}

#define PDF_COLS 92
#define PDF_LINES 62

/* Splits cp1252 text into lines of at most PDF_COLS characters at spaces. */
static void wrap_lines(const char *s, size_t n, struct buf *lines, size_t *count)
{
    *count = 0;
    size_t i = 0;
    while (i <= n) {
        size_t end = i;
        while (end < n && s[end] != '\n')
            end++;
        size_t p = i;
        do {
            size_t take = end - p;
            if (take > PDF_COLS) {
                take = PDF_COLS;
                while (take > 20 && s[p + take] != ' ')
                    take--;
            }
            buf_add(lines, s + p, take);
            buf_addc(lines, '\0');
            (*count)++;
            p += take;
            while (p < end && s[p] == ' ')
                p++;
        } while (p < end);
        i = end + 1;
    }
}

static void pdf_string(struct buf *out, const char *s)
{
    buf_addc(out, '(');
    for (; *s; s++) {
        if (*s == '(' || *s == ')' || *s == '\\')
            buf_addc(out, '\\');
        buf_addc(out, *s);
    }
    buf_addc(out, ')');
}

static void render_pdf(const struct meta *m, struct buf *out)
{
    struct buf text = BUF_INIT, win = BUF_INIT, lines = BUF_INIT, stream = BUF_INIT;
    doc_text(m, &text);
    to_cp1252(text.data, text.len, &win);
    size_t nlines;
    wrap_lines(win.data, win.len, &lines, &nlines);
    size_t npages = (nlines + PDF_LINES - 1) / PDF_LINES;
    if (npages == 0)
        npages = 1;
    size_t nobj = 4 + 2 * npages; /* catalog, pages, font, info, page+content per page */
    uint64_t *off = calloc(nobj + 1, sizeof *off);
    size_t base = out->len;
#define MARK(i) (off[i] = out->len - base)
    buf_adds(out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    MARK(1);
    buf_adds(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    MARK(2);
    buf_adds(out, "2 0 obj\n<< /Type /Pages /Kids [");
    for (size_t p = 0; p < npages; p++)
        buf_printf(out, "%s%zu 0 R", p ? " " : "", 5 + 2 * p);
    buf_printf(out, "] /Count %zu >>\nendobj\n", npages);
    MARK(3);
    buf_adds(out, "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                  "/Encoding /WinAnsiEncoding >>\nendobj\n");
    MARK(4);
    struct buf title = BUF_INIT;
    to_cp1252(m->s[0], strlen(m->s[0]), &title);
    buf_adds(out, "4 0 obj\n<< /Title ");
    pdf_string(out, buf_cstr(&title));
    buf_adds(out, " /Producer (tkfake) >>\nendobj\n");
    const char *ln = lines.data;
    for (size_t p = 0; p < npages; p++) {
        buf_reset(&stream);
        buf_adds(&stream, "BT\n/F1 10 Tf\n12 TL\n50 790 Td\n");
        for (size_t l = 0; l < PDF_LINES && p * PDF_LINES + l < nlines; l++) {
            pdf_string(&stream, ln);
            buf_adds(&stream, " Tj T*\n");
            ln += strlen(ln) + 1;
        }
        buf_adds(&stream, "ET\n");
        MARK(5 + 2 * p);
        buf_printf(out,
                   "%zu 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                   "/Resources << /Font << /F1 3 0 R >> >> /Contents %zu 0 R >>\nendobj\n",
                   5 + 2 * p, 6 + 2 * p);
        MARK(6 + 2 * p);
        buf_printf(out, "%zu 0 obj\n<< /Length %zu >>\nstream\n", 6 + 2 * p, stream.len);
        buf_add(out, stream.data, stream.len);
        buf_adds(out, "endstream\nendobj\n");
    }
    size_t xref = out->len - base;
    buf_printf(out, "xref\n0 %zu\n0000000000 65535 f \n", nobj + 1);
    for (size_t i = 1; i <= nobj; i++)
        buf_printf(out, "%010llu 00000 n \n", (unsigned long long)off[i]);
    buf_printf(out, "trailer\n<< /Size %zu /Root 1 0 R /Info 4 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
               nobj + 1, xref);
#undef MARK
    free(off);
    buf_free(&text);
    buf_free(&win);
    buf_free(&lines);
    buf_free(&stream);
    buf_free(&title);
}

/* ---- DOCX, RTF, HTML -------------------------------------------------------------------- */

static void xml_text(struct buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '&')
            buf_adds(out, "&amp;");
        else if (c == '<')
            buf_adds(out, "&lt;");
        else if (c == '>')
            buf_adds(out, "&gt;");
        else
            buf_addc(out, c);
    }
}

/* Calls fn for each paragraph (text between blank lines; single newlines become spaces). */
static void each_para(const char *s, size_t n, void (*fn)(struct buf *, const char *, size_t),
                      struct buf *out)
{
    size_t i = 0;
    while (i < n) {
        const char *e = strstr(s + i, "\n\n");
        size_t end = e ? (size_t)(e - s) : n;
        if (end > i)
            fn(out, s + i, end - i);
        i = end + 2;
    }
}

static void docx_para(struct buf *out, const char *s, size_t n)
{
    buf_adds(out, "<w:p><w:r><w:t xml:space=\"preserve\">");
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n')
            buf_adds(out, "</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">");
        else
            xml_text(out, s + i, 1);
    buf_adds(out, "</w:t></w:r></w:p>");
}

static void render_docx(const struct meta *m, struct buf *out)
{
    struct buf text = BUF_INIT, doc = BUF_INIT;
    doc_text(m, &text);
    buf_adds(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                   "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/"
                   "2006/main\"><w:body>");
    each_para(text.data, text.len, docx_para, &doc);
    buf_adds(&doc, "<w:sectPr/></w:body></w:document>");
    static const char types[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" "
        "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
        "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    static const char rels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
        "2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml"};
    const char *datas[] = {types, rels, doc.data};
    size_t lens[] = {sizeof types - 1, sizeof rels - 1, doc.len};

    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    if (!za) {
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        buf_free(&text);
        buf_free(&doc);
        return;
    }
    zip_source_keep(src);
    for (int i = 0; i < 3; i++) {
        zip_source_t *s = zip_source_buffer(za, datas[i], lens[i], 0);
        zip_int64_t idx = zip_file_add(za, names[i], s, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(s);
            continue;
        }
        zip_file_set_mtime(za, (zip_uint64_t)idx, 1609459200, 0); /* fixed: determinism */
        zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1);
    }
    if (zip_close(za) == 0 && zip_source_open(src) == 0) {
        char chunk[8192];
        zip_int64_t got;
        while ((got = zip_source_read(src, chunk, sizeof chunk)) > 0)
            buf_add(out, chunk, (size_t)got);
        zip_source_close(src);
    } else {
        zip_discard(za);
    }
    zip_source_free(src);
    zip_error_fini(&ze);
    buf_free(&text);
    buf_free(&doc);
}

static void rtf_para(struct buf *out, const char *s, size_t n)
{
    struct buf win = BUF_INIT;
    to_cp1252(s, n, &win);
    for (size_t i = 0; i < win.len; i++) {
        unsigned char c = (unsigned char)win.data[i];
        if (c == '\\' || c == '{' || c == '}')
            buf_printf(out, "\\%c", c);
        else if (c == '\n')
            buf_adds(out, "\\line ");
        else if (c >= 0x80)
            buf_printf(out, "\\'%02x", c);
        else
            buf_addc(out, (char)c);
    }
    buf_adds(out, "\\par\n");
    buf_free(&win);
}

static void render_rtf(const struct meta *m, struct buf *out)
{
    struct buf text = BUF_INIT;
    doc_text(m, &text);
    buf_adds(out, "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Helvetica;}}\n"
                  "\\f0\\fs20\n");
    each_para(text.data, text.len, rtf_para, out);
    buf_adds(out, "}\n");
    buf_free(&text);
}

static void html_para(struct buf *out, const char *s, size_t n)
{
    buf_adds(out, "<p>");
    xml_text(out, s, n);
    buf_adds(out, "</p>\n");
}

static void render_html(const struct meta *m, struct buf *out)
{
    struct buf text = BUF_INIT;
    doc_text(m, &text);
    buf_adds(out, "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>");
    xml_text(out, m->s[3], strlen(m->s[3]));
    buf_adds(out, "</title></head>\n<body>\n");
    each_para(text.data, text.len, html_para, out);
    buf_adds(out, "</body></html>\n");
    buf_free(&text);
}

/* ---- JPEG ------------------------------------------------------------------------------- */

static void render_jpeg(const struct meta *m, struct buf *out)
{
    struct rng r;
    rng_seed(&r, m->seed);
    bool person = m->kind == RES_JPEG_PERSON;
    int w = person ? 120 : 160, h = person ? 160 : 100;
    int br = rng_range(&r, 40, 220), bg = rng_range(&r, 40, 220), bb = rng_range(&r, 40, 220);
    unsigned char *rows = malloc((size_t)w * (size_t)h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char *px = rows + ((size_t)y * (size_t)w + (size_t)x) * 3;
            int v = (int)rng_below(&r, 24);
            int rr = br + v - y / 3, gg = bg + v - x / 4, bl = bb + v;
            if (person) {
                int dx = x - w / 2, dy = y - h * 2 / 5, dy2 = y - h;
                if (dx * dx + dy * dy < (w / 4) * (w / 4))
                    rr = 230 + v / 2, gg = 190 + v / 2, bl = 160 + v / 2; /* face */
                else if (dx * dx + dy2 * dy2 < (w / 2) * (w / 2))
                    rr = 40 + v, gg = 50 + v, bl = 90 + v; /* shoulders */
            } else if (y > h / 3 && y < h * 2 / 3) {
                rr = 255 - br, gg = 255 - bg, bl = 255 - bb; /* band */
            }
            px[0] = (unsigned char)(rr < 0 ? 0 : rr > 255 ? 255 : rr);
            px[1] = (unsigned char)(gg < 0 ? 0 : gg > 255 ? 255 : gg);
            px[2] = (unsigned char)(bl < 0 ? 0 : bl > 255 ? 255 : bl);
        }
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    unsigned char *mem = NULL;
    unsigned long memlen = 0;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &mem, &memlen);
    cinfo.image_width = (JDIMENSION)w;
    cinfo.image_height = (JDIMENSION)h;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, 85, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = rows + (size_t)cinfo.next_scanline * (size_t)w * 3;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    buf_add(out, mem, memlen);
    free(mem);
    free(rows);
}

/* ---- VLOS ------------------------------------------------------------------------------- */

static void vlos_el(struct buf *out, const char *name, const char *val)
{
    if (!val[0]) {
        buf_printf(out, "<%s />", name);
        return;
    }
    buf_printf(out, "<%s>", name);
    xml_text(out, val, strlen(val));
    buf_printf(out, "</%s>", name);
}

static void vlos_id(struct rng *r, char out[37])
{
    uint8_t g[16];
    tk_guid_from(rng_next(r), rng_next(r), g);
    tk_guid_fmt(g, out);
}

static void render_vlos(const struct meta *m, struct buf *out)
{
    struct rng r;
    rng_seed(&r, m->seed);
    const struct topic *t = &text_topics[(size_t)m->topic % text_ntopics];
    bool casco = strcmp(m->s[1], "Casco") == 0;
    char id[37], id2[37];
    vlos_id(&r, id);
    buf_printf(out,
               "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<vlosCoreDocument xmlns=\"http://"
               "www.tweedekamer.nl/ggm/vergaderverslag/v1.0\" MessageID=\"%s\" "
               "Source=\"VLOS2.0\" MessageType=\"vlos2document\" Timestamp=\"%s\" soort=\"%s\" "
               "status=\"%s\" technischeaanpassing=\"false\" publiceren=\"Ja\" versie=\"1.3\">\n",
               id, m->s[2], m->s[0], m->s[1]);
    vlos_id(&r, id);
    buf_printf(out, "<vergadering soort=\"%s\" objectid=\"%s\" kamer=\"Tweede Kamer\">", m->s[3],
               id);
    vlos_el(out, "titel", m->s[4]);
    vlos_el(out, "zaal", m->s[5]);
    vlos_el(out, "vergaderjaar", m->s[6]);
    vlos_el(out, "vergaderingnummer", m->s[7]);
    vlos_el(out, "datum", m->s[8]);
    vlos_el(out, "aanvangstijd", m->s[9]);
    vlos_el(out, "sluiting", m->s[10]);
    buf_adds(out, "\n");
    vlos_id(&r, id);
    buf_printf(out, "<activiteit soort=\"%s\" objectid=\"%s\">", m->s[12], id);
    vlos_el(out, "titel", m->s[13]);
    vlos_el(out, "onderwerp", m->s[13]);
    vlos_el(out, "parlisid", m->s[11]);
    vlos_el(out, "aanvangstijd", m->s[9]);
    vlos_el(out, "eindtijd", m->s[10]);
    buf_adds(out, "<voortzetting>false</voortzetting>\n");
    vlos_id(&r, id);
    buf_printf(out, "<activiteithoofd soort=\"Algemeen\" objectid=\"%s\">", id);
    vlos_el(out, "titel", m->s[13]);
    vlos_el(out, "markeertijdbegin", m->s[9]);
    vlos_el(out, "markeertijdeind", m->s[10]);
    buf_adds(out, "\n");
    int nsp = m->ns - 14;
    for (int i = 0; i < nsp; i++) {
        char sp[256];
        snprintf(sp, sizeof sp, "%s", m->s[14 + i]);
        const char *f[6] = {"", "", "", "", "", ""};
        char *p = sp;
        for (int k = 0; k < 6 && p; k++) {
            f[k] = p;
            p = strchr(p, '|');
            if (p)
                *p++ = '\0';
        }
        vlos_id(&r, id);
        vlos_id(&r, id2);
        buf_printf(out, "<activiteitdeel soort=\"Spreekbeurt\" objectid=\"%s\">", id);
        buf_printf(out, "<titel>Spreekbeurt - %s</titel>", f[4]);
        buf_printf(out, "<activiteititem soort=\"Woordvoerder\" objectid=\"%s\">", id2);
        buf_printf(out, "<woordvoerder><spreker soort=\"%s\" objectid=\"%s\">", f[0], id2);
        vlos_el(out, "fractie", f[1]);
        vlos_el(out, "aanhef", f[2]);
        char vn[160];
        snprintf(vn, sizeof vn, "%s %s", f[2], f[4]);
        vlos_el(out, "verslagnaam", f[4]);
        vlos_el(out, "weergavenaam", vn);
        vlos_el(out, "voornaam", f[3]);
        vlos_el(out, "achternaam", f[4]);
        vlos_el(out, "functie", f[5]);
        buf_adds(out, "</spreker>");
        vlos_el(out, "markeertijdbegin", m->s[9]);
        vlos_el(out, "markeertijdeind", m->s[10]);
        buf_printf(out, "<isvoorzitter>%s</isvoorzitter><isdraad>false</isdraad>",
                   i == 0 ? "true" : "false");
        if (casco) {
            buf_adds(out, "<tekst />");
        } else {
            buf_adds(out, "<tekst>");
            int na = rng_range(&r, 1, 3);
            for (int a = 0; a < na; a++) {
                struct buf para = BUF_INIT;
                text_paragraph(&r, t, NULL, 0, &para);
                buf_adds(out, "<alinea><alineaitem>");
                xml_text(out, para.data, para.len);
                buf_adds(out, "</alineaitem></alinea>");
                buf_free(&para);
            }
            buf_adds(out, "</tekst>");
        }
        buf_adds(out, "</woordvoerder></activiteititem></activiteitdeel>\n");
    }
    buf_adds(out, "</activiteithoofd></activiteit></vergadering></vlosCoreDocument>\n");
}

/* ---- dispatch --------------------------------------------------------------------------- */

void res_render(const char *meta, size_t n, struct buf *out)
{
    struct meta m;
    meta_parse(meta, n, &m);
    switch (m.kind) {
    case RES_PDF:
    case RES_PDF_SEED: render_pdf(&m, out); break;
    case RES_PDF_TRUNC: {
        size_t start = out->len;
        render_pdf(&m, out);
        buf_truncate(out, start + (out->len - start) * 3 / 5);
        break;
    }
    case RES_RANDOM_PDF: {
        struct rng r;
        rng_seed(&r, m.seed);
        uint32_t len = 1000 + rng_below(&r, 12000);
        for (uint32_t i = 0; i < len; i++)
            buf_addc(out, (char)(rng_next(&r) >> 56));
        break;
    }
    case RES_DOCX: render_docx(&m, out); break;
    case RES_RTF:
    case RES_DOC_RTF: render_rtf(&m, out); break;
    case RES_HTML: render_html(&m, out); break;
    case RES_JPEG_PERSON:
    case RES_JPEG_FRACTIE: render_jpeg(&m, out); break;
    case RES_VLOS: render_vlos(&m, out); break;
    default: break;
    }
}
