/*
 * buf — a growable byte buffer.
 *
 * Invariants: after buf_init() (or a zero-initialised struct buf), `data` is either NULL with
 * len == cap == 0, or points to `cap` bytes of which the first `len` are used and data[len] is
 * always '\0'. So buf_cstr() is always a valid C string (empty when nothing was written).
 * Allocation failure aborts the process: this low-level type never reports it upward, and it
 * never calls any higher layer.
 */
#ifndef KW_UTIL_BUF_H
#define KW_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data;
    size_t len;
    size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_init(struct buf *b);
void buf_free(struct buf *b);
/* Keeps the memory, forgets the contents. */
void buf_reset(struct buf *b);
/* Makes room for at least `extra` more bytes (plus the terminating NUL). */
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Removes the first n bytes (n <= len). */
void buf_consume(struct buf *b, size_t n);
/* Shortens to n bytes (n <= len). */
void buf_truncate(struct buf *b, size_t n);
/* Returns a C string; never NULL. */
const char *buf_cstr(const struct buf *b);
/* Hands the memory to the caller (who frees it) and leaves b empty. Never NULL. */
char *buf_detach(struct buf *b, size_t *len);

#endif
