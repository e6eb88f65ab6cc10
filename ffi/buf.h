/*
 * buf.h - a growable byte buffer with a sticky failure flag.
 *
 * Appends after an allocation failure do nothing; check `failed` once at the
 * end instead of after every append.  The data is always NUL-terminated
 * when `data` is not NULL.
 */
#ifndef ANK_BUF_H
#define ANK_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "status.h"

/* Where a draining buffer's bytes go: returns 0, or an errno value (the
 * public ank_write_fn, so a caller's callback is a sink as it is). */
typedef ank_write_fn ank_buf_sink;

typedef struct ank_buf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
    ank_buf_sink sink;  /* NULL: the buffer keeps everything */
    void *sink_context;
    int sink_error;     /* the sink's errno once it failed (failed is set) */
    /* With a sink, not 0: the buffer never grows past this many bytes;
     * what would not fit drains it first, and an append this long goes
     * straight to the sink.  Only for a buffer whose writers hold no
     * offset into it. */
    size_t limit;
} ank_buf;

#define ANK_BUF_INIT {NULL, 0, 0, 0, NULL, NULL, 0, 0}

void ank__buf_release(ank_buf *buf);
int ank__buf_reserve(ank_buf *buf, size_t extra);
void ank__buf_append(ank_buf *buf, const void *data, size_t length);
void ank__buf_puts(ank_buf *buf, const char *text);
/* One byte: inline, since writers call it for every separator. */
static inline void ank__buf_putc(ank_buf *buf, char c)
{
    if (!buf->failed && buf->len + 1 < buf->cap) {
        buf->data[buf->len++] = c;
        buf->data[buf->len] = '\0';
    } else {
        ank__buf_append(buf, &c, 1);
    }
}
void ank__buf_printf(ank_buf *buf, const char *format, ...) ANK_PRINTF(2, 3);

/* With a sink, hand the bytes written so far to it once there are at
 * least `threshold` of them (0: any), and start again at the front.
 * Writers call this only where nothing holds an offset into the buffer,
 * so that a large document streams through a small buffer.  Without a
 * sink, does nothing. */
void ank__buf_drain(ank_buf *buf, size_t threshold);

/* Hand the data over (NUL-terminated, freed with ank__free) and reset. */
char *ank__buf_take(ank_buf *buf, size_t *length);

#endif
