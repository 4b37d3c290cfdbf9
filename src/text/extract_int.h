/*
 * extract_int — what the extractors share and nobody else sees: the text sink that every
 * in-process extractor writes through, and the per-format entry points.
 *
 * The sink keeps the output tidy as it is written: runs of white space become one space,
 * paragraph breaks become one blank line, nothing is kept past the cap (a sink that reached
 * it says so in `full`, and its parsers stop).
 */
#ifndef KW_TEXT_EXTRACT_INT_H
#define KW_TEXT_EXTRACT_INT_H

#include <libxml/parser.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/extract.h"
#include "util/buf.h"

/* In-process limits (named constants, see extract.h for the caller's limits). */
#define TEXT_ZIP_MAX_ENTRIES 20000                 /* members of an OOXML/ODF archive */
#define TEXT_ZIP_MAX_MEMBER ((int64_t)96 << 20)    /* inflated bytes of one XML member */
#define TEXT_ZIP_MAX_TOTAL ((int64_t)192 << 20)    /* inflated bytes read from one archive */
#define TEXT_ZIP_MAX_SLIDES 2000                   /* slides of a presentation */
#define TEXT_INPROC_MAX_INPUT ((int64_t)256 << 20) /* HTML / XML / plain text file size */

struct text_sink {
    struct buf *out;
    size_t max; /* cap on out->len */
    bool space; /* a space is pending before the next word */
    bool full;  /* the cap was reached; the rest was dropped */
};

void sink_init(struct text_sink *s, struct buf *out, size_t max);
/* Appends text (UTF-8), squeezing white space. */
void sink_text(struct text_sink *s, const char *p, size_t n);
/* A line break (1) or a paragraph break (2); leading breaks are dropped, never more than 2. */
void sink_break(struct text_sink *s, int lines);
/* A literal tab between words (table cells). */
void sink_tab(struct text_sink *s);

/* Normalises converter output in place: valid UTF-8 (bad bytes become U+FFFD), CR LF and CR to
 * LF, form feeds to paragraph breaks, other control characters dropped, trailing blanks of each
 * line removed, at most one blank line in a row, no leading or trailing blank lines. */
void text_clean(struct buf *b);
/* Re-encodes b from Windows-1252 to UTF-8. */
void text_from_cp1252(struct buf *b);
/* Is the whole of p valid UTF-8? */
bool text_is_utf8(const char *p, size_t n);
/* Cuts b back to a UTF-8 character boundary at or before n bytes. */
void text_cut_utf8(struct buf *b, size_t n);
/* Does b contain a letter or digit (anything but white space and punctuation)? */
bool text_has_words(const struct buf *b);

/* Streams bytes through a libxml2 SAX2 push parser built from `sax` (its error callbacks are
 * replaced by silent ones); user data is `user`. The handlers may stop the parser with
 * xmlStopParser() (when the sink is full). With html set, libxml2's HTML parser is used. */
struct sax_run {
    xmlParserCtxtPtr ctx;
    bool html;
    bool stopped;    /* a handler stopped the parser */
    char error[160]; /* the parser's first complaint, "" when none */
};
int sax_begin(struct sax_run *r, xmlSAXHandler *sax, void *user, bool html, const char *name);
/* Feeds a chunk; returns -1 once the parser gave up (malformed input or stopped). */
int sax_feed(struct sax_run *r, const char *p, size_t n);
/* Ends the parse; returns 0 when the document was well-formed (always 0 for HTML). */
int sax_end(struct sax_run *r);
/* Feeds the file at path in chunks (at most max_bytes); 1 when it is larger. */
int sax_feed_file(struct sax_run *r, const char *path, int64_t max_bytes, char *why, size_t whylen);
/* Silent error callbacks for libxml2. */
void sax_quiet(void *ctx, const char *msg, ...);
void sax_quiet_structured(void *ctx, xmlErrorPtr e);

enum zip_kind { ZIP_DOCX, ZIP_ODF, ZIP_XLSX, ZIP_PPTX, ZIP_OTHER };

/* Which OOXML/ODF document is the archive at path? ZIP_OTHER when unknown or unreadable. */
enum zip_kind extract_zip_kind(const char *path);
/* DOCX, ODT/ODS/ODP, XLSX, PPTX: text of the document members (libzip + libxml2 SAX2). */
enum text_extract_status extract_zip(const char *path, enum zip_kind kind, struct text_sink *s,
                                     char *why, size_t whylen);
/* VLOS XML (a verslag): headings, then per speech turn "speaker (party):" and the text. */
enum text_extract_status extract_vlos(const char *path, struct text_sink *s, char *why,
                                      size_t whylen);
/* HTML (libxml2's HTML parser, streaming); scripts, styles and comments dropped. With xml
 * set, any XML document: its character data. */
enum text_extract_status extract_markup(const char *path, bool xml, struct text_sink *s, char *why,
                                        size_t whylen);
/* The same for HTML held in memory (unrtf's output). */
enum text_extract_status extract_html_mem(const char *p, size_t n, struct text_sink *s, char *why,
                                          size_t whylen);

#endif
