/*
 * page — a representative list page (50 rows of document metadata) rendered through the
 * HTML, JSON and Atom writers, shared by the writer benchmark and the benchmark server.
 */
#ifndef KW_BENCH_PAGE_H
#define KW_BENCH_PAGE_H

#include "util/buf.h"

#define PAGE_ROWS 50

void page_html(struct buf *b);
void page_json(struct buf *b);
void page_atom(struct buf *b);

#endif
