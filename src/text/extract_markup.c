/*
 * extract_markup — the libxml2 push-parser plumbing shared by the XML extractors, and the
 * HTML and generic-XML extractors.
 *
 * Nothing here builds a tree: every parse streams through SAX callbacks into the text sink,
 * so memory stays flat whatever the file's size. The parsers run with NONET, without entity
 * substitution and with their messages silenced.
 */
#include <errno.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/extract_int.h"

#define SAX_CHUNK 65536

void sax_quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

void sax_quiet_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

int sax_begin(struct sax_run *r, xmlSAXHandler *sax, void *user, bool html, const char *name)
{
    memset(r, 0, sizeof *r);
    r->html = html;
    sax->initialized = XML_SAX2_MAGIC;
    sax->serror = sax_quiet_structured;
    sax->error = sax_quiet;
    sax->warning = sax_quiet;
    sax->fatalError = sax_quiet;
    if (html) {
        r->ctx = htmlCreatePushParserCtxt(sax, user, NULL, 0, name, XML_CHAR_ENCODING_NONE);
        if (r->ctx)
            htmlCtxtUseOptions(r->ctx, HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                           HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
    } else {
        r->ctx = xmlCreatePushParserCtxt(sax, user, NULL, 0, name);
        if (r->ctx)
            xmlCtxtUseOptions(r->ctx, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                          XML_PARSE_NOCDATA);
    }
    return r->ctx ? 0 : -1;
}

static void note_error(struct sax_run *r)
{
    if (r->error[0] || r->stopped)
        return;
    xmlErrorPtr e = xmlCtxtGetLastError(r->ctx);
    if (e && e->message) {
        snprintf(r->error, sizeof r->error, "line %d: %s", e->line, e->message);
        size_t l = strlen(r->error);
        while (l && (r->error[l - 1] == '\n' || r->error[l - 1] == ' '))
            r->error[--l] = '\0';
    }
}

int sax_feed(struct sax_run *r, const char *p, size_t n)
{
    while (n > 0) {
        int part = n > SAX_CHUNK ? SAX_CHUNK : (int)n;
        int rc = r->html ? htmlParseChunk(r->ctx, p, part, 0) : xmlParseChunk(r->ctx, p, part, 0);
        if (r->stopped)
            return -1;
        if (rc != 0 && !r->html) {
            note_error(r);
            return -1;
        }
        p += part;
        n -= (size_t)part;
    }
    return 0;
}

int sax_end(struct sax_run *r)
{
    int ok = 1;
    if (!r->stopped) {
        if (r->html)
            htmlParseChunk(r->ctx, NULL, 0, 1);
        else
            xmlParseChunk(r->ctx, NULL, 0, 1);
    }
    if (!r->html && !r->stopped && !r->ctx->wellFormed) {
        note_error(r);
        ok = 0;
    }
    if (r->ctx->myDoc)
        xmlFreeDoc(r->ctx->myDoc);
    if (r->html)
        htmlFreeParserCtxt(r->ctx);
    else
        xmlFreeParserCtxt(r->ctx);
    r->ctx = NULL;
    return ok ? 0 : -1;
}

int sax_feed_file(struct sax_run *r, const char *path, int64_t max_bytes, char *why, size_t whylen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, whylen, "cannot open: %s", strerror(errno));
        return -1;
    }
    char *chunk = malloc(SAX_CHUNK);
    if (!chunk)
        abort();
    int64_t total = 0;
    int rc = 0;
    size_t n;
    while ((n = fread(chunk, 1, SAX_CHUNK, f)) > 0) {
        total += (int64_t)n;
        if (total > max_bytes) {
            rc = 1;
            break;
        }
        if (sax_feed(r, chunk, n))
            break;
    }
    if (rc == 0 && ferror(f)) {
        snprintf(why, whylen, "read error: %s", strerror(errno));
        rc = -1;
    }
    fclose(f);
    free(chunk);
    return rc;
}

/* ---- HTML and generic XML ------------------------------------------------------------------ */

struct markup {
    struct text_sink *s;
    struct sax_run *run;
    int skip; /* inside script, style, template */
    bool xml; /* data-like XML: every element boundary separates words */
};

static bool name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (!strcasecmp(name, *list))
            return true;
    return false;
}

static const char *const skipped_elems[] = {"script", "style", "template", "noembed", NULL};
static const char *const block_elems[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "title", "table", "ul", "ol", "dl", "section",
    "article", "header", "footer", "blockquote", "pre", "address", "figure", "figcaption", "main",
    "nav", "aside", "hr", "form", "fieldset",
    /* paragraph-like elements of XML vocabularies (officiële publicaties, VLOS, DocBook) */
    "al", "alinea", "para", "titel", "kop", "lid", "artikel", NULL};
static const char *const line_elems[] = {"br", "li", "tr", "dt", "dd", "option", "caption", NULL};
static const char *const cell_elems[] = {"td", "th", NULL};

static void stop_if_full(struct markup *m)
{
    if (m->s->full && !m->run->stopped) {
        m->run->stopped = true;
        xmlStopParser(m->run->ctx);
    }
}

static void markup_open(struct markup *m, const char *name)
{
    if (name_in(name, skipped_elems)) {
        m->skip++;
        return;
    }
    if (m->skip)
        return;
    if (name_in(name, block_elems))
        sink_break(m->s, 2);
    else if (name_in(name, line_elems))
        sink_break(m->s, 1);
    else if (name_in(name, cell_elems))
        sink_tab(m->s);
}

static void markup_close(struct markup *m, const char *name)
{
    if (name_in(name, skipped_elems)) {
        if (m->skip)
            m->skip--;
        return;
    }
    if (m->skip)
        return;
    if (name_in(name, block_elems))
        sink_break(m->s, 2);
    else if (name_in(name, line_elems) && strcasecmp(name, "br"))
        sink_break(m->s, 1);
    else if (m->xml)
        m->s->space = true;
    stop_if_full(m);
}

static void on_html_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
    (void)attrs;
    markup_open(ctx, (const char *)name);
}

static void on_html_end(void *ctx, const xmlChar *name)
{
    struct markup *m = ctx;
    if (!strcasecmp((const char *)name, "br") || !strcasecmp((const char *)name, "td") ||
        !strcasecmp((const char *)name, "th")) {
        if (!m->skip && strcasecmp((const char *)name, "br"))
            m->s->space = true;
        return;
    }
    markup_close(m, (const char *)name);
}

static void on_xml_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                         int nns, const xmlChar **ns, int nattrs, int ndefaulted,
                         const xmlChar **attrs)
{
    (void)prefix, (void)uri, (void)nns, (void)ns, (void)nattrs, (void)ndefaulted, (void)attrs;
    markup_open(ctx, (const char *)local);
}

static void on_xml_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix, (void)uri;
    markup_close(ctx, (const char *)local);
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    struct markup *m = ctx;
    if (m->skip || len <= 0)
        return;
    sink_text(m->s, (const char *)ch, (size_t)len);
    stop_if_full(m);
}

static void on_ignore(void *ctx, const xmlChar *ch, int len)
{
    (void)ctx, (void)ch, (void)len;
}

static void markup_sax(xmlSAXHandler *sax, bool xml)
{
    memset(sax, 0, sizeof *sax);
    if (xml) {
        sax->startElementNs = on_xml_start;
        sax->endElementNs = on_xml_end;
    } else {
        sax->startElement = on_html_start;
        sax->endElement = on_html_end;
        sax->cdataBlock = on_ignore; /* the HTML parser hands script and style bodies here */
    }
    sax->characters = on_chars;
}

static enum text_extract_status markup_result(struct sax_run *run, int fed, int ended,
                                              struct text_sink *s, bool xml, char *why,
                                              size_t whylen)
{
    if (s->full) {
        snprintf(why, whylen, "text reached the cap of %zu bytes", s->max);
        return TEXT_TOO_LARGE;
    }
    if (fed == 1) {
        snprintf(why, whylen, "larger than the in-process limit of %lld MiB",
                 (long long)(TEXT_INPROC_MAX_INPUT >> 20));
        return TEXT_TOO_LARGE;
    }
    if (fed < 0)
        return TEXT_FAILED; /* cannot open or read; why says so */
    if (xml && ended) {
        if (!text_has_words(s->out)) {
            snprintf(why, whylen, "not well-formed XML: %s", run->error);
            return TEXT_FAILED;
        }
        snprintf(why, whylen, "not well-formed XML (text up to the error kept): %s", run->error);
    }
    return TEXT_OK;
}

enum text_extract_status extract_markup(const char *path, bool xml, struct text_sink *s, char *why,
                                        size_t whylen)
{
    xmlSAXHandler sax;
    markup_sax(&sax, xml);
    struct sax_run run;
    struct markup m = {s, &run, 0, xml};
    if (sax_begin(&run, &sax, &m, !xml, path)) {
        snprintf(why, whylen, "cannot create the %s parser", xml ? "XML" : "HTML");
        return TEXT_FAILED;
    }
    int fed = sax_feed_file(&run, path, TEXT_INPROC_MAX_INPUT, why, whylen);
    int ended = sax_end(&run);
    return markup_result(&run, fed, ended, s, xml, why, whylen);
}

enum text_extract_status extract_html_mem(const char *p, size_t n, struct text_sink *s, char *why,
                                          size_t whylen)
{
    xmlSAXHandler sax;
    markup_sax(&sax, false);
    struct sax_run run;
    struct markup m = {s, &run, 0, false};
    if (sax_begin(&run, &sax, &m, true, "memory")) {
        snprintf(why, whylen, "cannot create the HTML parser");
        return TEXT_FAILED;
    }
    sax_feed(&run, p, n);
    sax_end(&run);
    return markup_result(&run, 0, 0, s, false, why, whylen);
}
