/*
 * jw.c - a streaming JSON writer over ank_buf.
 *
 * Invariants: separators and indentation are placed by the writer (callers
 * only open, close and write values and keys); strings are emitted as valid
 * UTF-8, with each invalid byte replaced by U+FFFD and control characters
 * escaped.
 */
#include "jw.h"

#include <stdio.h>
#include <string.h>

#include "../ffi/text.h"

/* ---------------------------------------------------------- the writer */

/* A newline and the indentation of depth d: one append of a prefix of
 * this string (deeper levels are written in more than one piece). */
static const char indent[] = "\n"
    "                                                                ";

static void newline(jw *w)
{
    if (!w->pretty)
        return;
    size_t n = 2 * (size_t)(w->depth > 0 ? w->depth : 0);
    size_t first = n < sizeof indent - 2 ? n : sizeof indent - 2;
    ank__buf_append(w->out, indent, first + 1);
    for (n -= first; n > 0;) {
        size_t k = n < sizeof indent - 2 ? n : sizeof indent - 2;
        ank__buf_append(w->out, indent + 1, k);
        n -= k;
    }
}

/* Separator before a value or key in the current container. */
static void pre(jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth == 0)
        return;
    int d = w->depth < JW_MAX_DEPTH ? w->depth : JW_MAX_DEPTH - 1;
    if (w->has_items[d])
        ank__buf_putc(w->out, ',');
    w->has_items[d] = 1;
    newline(w);
}

void ank__jw_open(jw *w, char c)
{
    pre(w);
    ank__buf_putc(w->out, c);
    w->depth++;
    if (w->depth < JW_MAX_DEPTH)
        w->has_items[w->depth] = 0;
}

void ank__jw_close(jw *w, char c)
{
    int d = w->depth < JW_MAX_DEPTH ? w->depth : JW_MAX_DEPTH - 1;
    int had = w->has_items[d];
    w->depth--;
    if (had)
        newline(w);
    ank__buf_putc(w->out, c);
}

/* Does text need no escaping: printable ASCII but '"' and '\\'? */
static bool plain(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] >= 0x80 || s[i] == '"' || s[i] == '\\')
            return false;
    return true;
}

void ank__jw_escaped(ank_buf *out, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    if (plain(s, n)) { /* the common case: one copy */
        if (ank__buf_reserve(out, n + 2)) {
            char *d = out->data + out->len;
            d[0] = '"';
            memcpy(d + 1, s, n);
            d[n + 1] = '"';
            d[n + 2] = '\0';
            out->len += n + 2;
        }
        return;
    }
    ank__buf_putc(out, '"');
    size_t run = 0; /* start of the pending run of bytes copied verbatim */
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = c >= 0x80 ? ank__utf8_decode(s + i, n - i, &cp) : 1;
        if (c >= 0x80 && len > 0) {
            i += len;
            continue;
        }
        ank__buf_append(out, s + run, i - run);
        switch (c) {
        case '"': ank__buf_append(out, "\\\"", 2); break;
        case '\\': ank__buf_append(out, "\\\\", 2); break;
        case '\n': ank__buf_append(out, "\\n", 2); break;
        case '\r': ank__buf_append(out, "\\r", 2); break;
        case '\t': ank__buf_append(out, "\\t", 2); break;
        case '\b': ank__buf_append(out, "\\b", 2); break;
        case '\f': ank__buf_append(out, "\\f", 2); break;
        default:
            if (c < 0x20)
                ank__buf_printf(out, "\\u%04x", c);
            else
                ank__buf_append(out, "\xEF\xBF\xBD", 3); /* invalid UTF-8 */
        }
        i++;
        run = i;
    }
    ank__buf_append(out, s + run, n - run);
    ank__buf_putc(out, '"');
}

void ank__jw_key(jw *w, const char *key)
{
    size_t n = strlen(key);
    size_t depth = w->depth > 0 ? (size_t)w->depth : 0;
    if (!w->after_key && w->depth > 0 && w->pretty &&
        2 * depth < sizeof indent - 1 && plain((const unsigned char *)key, n)) {
        /* the common case in one reserve: ',' newline indent "key": */
        int d = w->depth < JW_MAX_DEPTH ? w->depth : JW_MAX_DEPTH - 1;
        size_t sep = w->has_items[d] ? 1 : 0;
        size_t total = sep + 1 + 2 * depth + n + 4;
        /* The indentation is copied whole, a constant size the compiler
         * turns into a few vector moves, and then cut to length. */
        if (ank__buf_reserve(w->out, total + sizeof indent)) {
            char *o = w->out->data + w->out->len;
            if (sep)
                *o++ = ',';
            memcpy(o, indent, sizeof indent - 1);
            o += 1 + 2 * depth;
            *o++ = '"';
            memcpy(o, key, n);
            o += n;
            memcpy(o, "\": ", 4);
            w->out->len += total;
            w->out->data[w->out->len] = '\0';
        }
        w->has_items[d] = 1;
        w->after_key = 1;
        return;
    }
    pre(w);
    ank__jw_escaped(w->out, key, n);
    ank__buf_append(w->out, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
    w->after_key = 1;
}

void ank__jw_str(jw *w, const char *s)
{
    pre(w);
    if (s)
        ank__jw_escaped(w->out, s, strlen(s));
    else
        ank__buf_append(w->out, "null", 4);
}

void ank__jw_uint(jw *w, uint64_t v)
{
    pre(w);
    char tmp[20];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    ank__buf_append(w->out, tmp + i, sizeof tmp - i);
}

void ank__jw_bool(jw *w, bool v)
{
    pre(w);
    ank__buf_puts(w->out, v ? "true" : "false");
}

void ank__jw_null(jw *w)
{
    pre(w);
    ank__buf_append(w->out, "null", 4);
}

/* Numbers in [0, 1] with at most three decimals, trailing zeros trimmed. */
void ank__jw_fraction(jw *w, double v)
{
    char tmp[32];
    if (!(v >= 0))
        v = 0;
    if (v > 1)
        v = 1;
    snprintf(tmp, sizeof tmp, "%.3f", v);
    size_t n = strlen(tmp);
    while (n > 1 && tmp[n - 1] == '0')
        n--;
    if (tmp[n - 1] == '.')
        n--;
    pre(w);
    ank__buf_append(w->out, tmp, n);
}

void ank__jw_strings(jw *w, const char *key, const char *const *items,
                       uint32_t n)
{
    ank__jw_key(w, key);
    ank__jw_open(w, '[');
    for (uint32_t i = 0; i < n; i++)
        ank__jw_str(w, items[i]);
    ank__jw_close(w, ']');
}

