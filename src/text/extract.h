/*
 * extract — plain UTF-8 text out of the files behind the feed's enclosures.
 *
 * What it is for: the indexer hands it a downloaded Document, Verslag or photo and gets the
 * text to index and to cut snippets from.
 *
 * Promises:
 *  - The type is sniffed from the file's first bytes; content_type is only a hint for what
 *    magic bytes cannot tell (an OLE2 file: Word, Excel or PowerPoint):
 *      %PDF                      pdftotext -q -enc UTF-8 -nopgbrk; mutool draw -F txt when that
 *                                fails or finds no text
 *      PK (zip)                  by member names: DOCX (word/document.xml), ODF (content.xml),
 *                                XLSX (xl/sharedStrings.xml), PPTX (ppt/slides/) — in-process,
 *                                libzip + libxml2 SAX2, with zip-bomb limits
 *      D0 CF 11 E0 (OLE2)        catdoc -d utf-8, antiword -m UTF-8.txt as fallback; xls2csv and
 *                                catppt (catdoc's package) for Excel and PowerPoint
 *      {\rtf                     unrtf --html --nopict, read by the HTML extractor (its --text
 *                                output is Latin-1 and loses characters such as €)
 *      <?xml + vlosCoreDocument  VLOS: headings, then per speech turn "Name (Party):" and the
 *                                spoken text, in document order
 *      <html, <!DOCTYPE html     HTML: tags, scripts and styles dropped, entities decoded
 *      other XML                 its character data
 *      text                      UTF-8 as is, anything else read as Windows-1252
 *    Images and other binary files are TEXT_UNSUPPORTED, unless content_type announces a
 *    text format (then the file is damaged: TEXT_FAILED).
 *  - Converters run as subprocesses (subproc.h): no shell, a wall-clock timeout, an address
 *    space limit, a capped pipe. In-process parsers never load the network, never expand
 *    external entities, and stop at the output cap. A hostile or huge file cannot hang or
 *    crash the caller.
 *  - `out` (reset first) is always valid UTF-8 without NUL bytes: paragraphs separated by one
 *    blank line, lines without trailing blanks.
 *  - Thread-safe: libxml2 is initialised once, converters are separate processes.
 *
 * Status:
 *  TEXT_OK          out holds the text
 *  TEXT_EMPTY       the file was read but holds no words (a scanned PDF, a Casco verslag)
 *  TEXT_UNSUPPORTED not a text format (an image) or an unknown one; why names what was seen
 *  TEXT_FAILED      the file is damaged or the converters failed (or are not installed)
 *  TEXT_TIMEOUT     a converter did not finish within timeout_ms
 *  TEXT_TOO_LARGE   the text reached max_output, or the file exceeded an in-process limit;
 *                   out holds the text up to the cap (possibly empty), usable but incomplete
 * `why` (always set) says what happened in one line, for the failure record; on TEXT_OK it is
 * "" or a note such as "pdftotext: exit status 1 (partial text kept)".
 */
#ifndef KW_TEXT_EXTRACT_H
#define KW_TEXT_EXTRACT_H

#include <stddef.h>

#include "util/buf.h"

#define TEXT_EXTRACT_DEFAULT_TIMEOUT_MS 30000
#define TEXT_EXTRACT_DEFAULT_MEMORY_MB 512
#define TEXT_EXTRACT_DEFAULT_MAX_OUTPUT ((size_t)32 << 20)

struct text_extract_limits {
    long timeout_ms;    /* per converter run; default 30000 */
    long max_memory_mb; /* address space of a converter; default 512 */
    size_t max_output;  /* bytes of text; default 32 MiB */
};

enum text_extract_status {
    TEXT_OK = 0,
    TEXT_EMPTY,
    TEXT_UNSUPPORTED,
    TEXT_FAILED,
    TEXT_TIMEOUT,
    TEXT_TOO_LARGE
};

/* lim may be NULL (all defaults); a zero member takes its default. */
enum text_extract_status text_extract(const char *path, const char *content_type,
                                      const struct text_extract_limits *lim, struct buf *out,
                                      char *why, size_t whylen);

/* "ok", "empty", "unsupported", "failed", "timeout", "too-large". */
const char *text_extract_status_name(enum text_extract_status s);

/* The format text_extract() would use for the file, by its first bytes (and the hint):
 * "pdf", "docx", "odf", "xlsx", "pptx", "doc", "xls", "ppt", "rtf", "vlos", "html", "xml",
 * "text", "image", "empty", "unknown"; "unreadable" when it cannot be opened. */
const char *text_extract_sniff(const char *path, const char *content_type);

#endif
