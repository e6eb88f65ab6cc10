/*
 * buf.c - growable byte buffer.  Invariant: when data != NULL,
 * data[len] == '\0' and len < cap.  Growth doubles the capacity (from
 * 256), by half again past BIG_CAP, where doubling could leave as much
 * unused as is held; or it gives exactly what was asked when that is
 * more, so that a writer that knows its size allocates once.  A buffer
 * with a sink and a limit grows up to the limit only: past it, it drains.
 */
#include "buf.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

/* Past this capacity a buffer grows by half, not by double. */
#define BIG_CAP ((size_t)256 * 1024)

void ank__buf_release(ank_buf *buf)
{
    ank__free(buf->data);
    *buf = (ank_buf)ANK_BUF_INIT;
}

int ank__buf_reserve(ank_buf *buf, size_t extra)
{
    if (buf->failed)
        return 0;
    if (extra >= (size_t)-1 / 2 - buf->len) {
        buf->failed = 1;
        return 0;
    }
    size_t need = buf->len + extra + 1;
    if (need <= buf->cap)
        return 1;
    if (buf->limit && buf->sink && need > buf->limit && buf->len) {
        ank__buf_drain(buf, 0);
        if (buf->failed)
            return 0;
        need = extra + 1;
        if (need <= buf->cap)
            return 1;
    }
    size_t cap = !buf->cap             ? 256
                 : buf->cap < BIG_CAP ? 2 * buf->cap
                                      : buf->cap + buf->cap / 2;
    if (buf->limit && buf->sink && cap > buf->limit)
        cap = buf->limit;
    if (cap < need)
        cap = need;
    char *data = ank__realloc(buf->data, cap);
    if (!data) {
        buf->failed = 1;
        return 0;
    }
    buf->data = data;
    buf->cap = cap;
    return 1;
}

/* A bounded buffer's append too long for it: what it holds, then the
 * data, to the sink. */
static void pass(ank_buf *buf, const void *data, size_t length)
{
    ank__buf_drain(buf, 0);
    if (buf->failed)
        return;
    int err = buf->sink(buf->sink_context, data, length);
    if (err) {
        buf->failed = 1;
        buf->sink_error = err;
    }
}

void ank__buf_append(ank_buf *buf, const void *data, size_t length)
{
    if (!(length < buf->cap - buf->len && !buf->failed)) {
        if (buf->limit && buf->sink && length >= buf->limit &&
            !buf->failed) {
            pass(buf, data, length);
            return;
        }
        if (!ank__buf_reserve(buf, length))
            return;
    }
    if (length)
        memcpy(buf->data + buf->len, data, length);
    buf->len += length;
    buf->data[buf->len] = '\0';
}

void ank__buf_puts(ank_buf *buf, const char *text)
{
    ank__buf_append(buf, text, strlen(text));
}

void ank__buf_printf(ank_buf *buf, const char *format, ...)
{
    char small[128];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (n < 0) {
        buf->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        ank__buf_append(buf, small, (size_t)n);
        return;
    }
    if (!ank__buf_reserve(buf, (size_t)n))
        return;
    va_start(args, format);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, format, args);
    va_end(args);
    buf->len += (size_t)n;
}

void ank__buf_drain(ank_buf *buf, size_t threshold)
{
    if (!buf->sink || buf->failed || buf->len == 0 || buf->len < threshold)
        return;
    int err = buf->sink(buf->sink_context, buf->data, buf->len);
    if (err) {
        buf->failed = 1;
        buf->sink_error = err;
        return;
    }
    buf->len = 0;
    buf->data[0] = '\0';
}

char *ank__buf_take(ank_buf *buf, size_t *length)
{
    if (!ank__buf_reserve(buf, 0)) {
        ank__buf_release(buf);
        return NULL;
    }
    char *data = buf->data;
    data[buf->len] = '\0'; /* also when nothing was ever appended */
    if (length)
        *length = buf->len;
    *buf = (ank_buf)ANK_BUF_INIT;
    return data;
}
