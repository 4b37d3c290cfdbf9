/*
 * wfmt — the small printf shared by the escaping writers (html_fmt, xml_fmt).
 *
 * Promise: every %s argument goes through the writer's escaping function, never raw; the
 * literal parts of the format and the digits of numbers go through its raw function (digits
 * are safe in every output language). Only this subset is understood:
 *   %s  %.*s  %d %i %ld %li %lld %lli %zd  %u %lu %llu %zu  %x %lx %llx  %%
 * Anything else (widths, flags, %f, %p, ...) stops the output at that point and makes
 * wfmt_run() return -1, so a bad format shows up in tests instead of misreading arguments.
 * A NULL %s argument writes nothing.
 */
#ifndef KW_WEB_WFMT_H
#define KW_WEB_WFMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*wfmt_put_fn)(void *writer, const char *s, size_t n);

int wfmt_run(void *writer, wfmt_put_fn raw, wfmt_put_fn escaped, const char *fmt, va_list ap);

/* Decimal digits of v into out (no NUL); returns the length (at most 20). */
size_t wfmt_u64(char out[24], uint64_t v);
/* Same with a leading '-' for negative values (at most 20 chars). */
size_t wfmt_i64(char out[24], int64_t v);

#endif
