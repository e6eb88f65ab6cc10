/*
 * ir_text.c - JSON text as jansson prints it, without jansson's printer.
 *
 * A document keeps its artifacts as compact text (ir.c), so every compile
 * prints each one; jansson's printer hands its output to a callback a few
 * bytes at a time and escapes strings one code point at a time, ~75
 * instructions a byte, most of a compile.  This printer writes runs of
 * plain bytes with one copy.  Its output is byte for byte jansson's for
 * the flags named in ir_text.h: keys in insertion order, "," and ":"
 * with no spaces, strings escaped as jansson escapes them (\" \\ \b \f \n
 * \r \t, other control characters as \u00XX with upper-case hex,
 * everything else as is), integers in decimal, and reals through
 * jansson itself (they are rare, and its format has corner cases).
 *
 * The indenter inserts what JSON_INDENT(2) adds: a newline and two spaces
 * a level after an opening bracket and after a comma, a newline before a
 * closing bracket, a space after a colon; empty containers stay [] and {}.
 */
#include "ir_text.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../ffi/alloc.h"

static const char hex[] = "0123456789ABCDEF";

/* What each byte becomes in a JSON string: 0 as itself, 'u' as \u00XX,
 * else a backslash and that character. */
static const unsigned char escape[256] = {
    ['\0'] = 'u', [1] = 'u', [2] = 'u', [3] = 'u', [4] = 'u', [5] = 'u',
    [6] = 'u', [7] = 'u', ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n',
    [11] = 'u', ['\f'] = 'f', ['\r'] = 'r', [14] = 'u', [15] = 'u',
    [16] = 'u', [17] = 'u', [18] = 'u', [19] = 'u', [20] = 'u', [21] = 'u',
    [22] = 'u', [23] = 'u', [24] = 'u', [25] = 'u', [26] = 'u', [27] = 'u',
    [28] = 'u', [29] = 'u', [30] = 'u', [31] = 'u', ['"'] = '"',
    ['\\'] = '\\'};

/* Bytes are escaped CHUNK at a time into room reserved for the worst
 * case (six output bytes each, and a vector's width of slack), so the
 * loop has no bounds checks. */
#define CHUNK 512
#define SLACK 16

/* Which of the 16 bytes at p need escaping (bit i for p[i]), and in *ctl
 * which of those take six bytes (\u00XX) rather than two.
 * With SSE2 a block costs a load and three compares. */
#if defined(__SSE2__)
#include <emmintrin.h>

static unsigned specials(const unsigned char *p, unsigned *ctl)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i c = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0x1f)),
                               _mm_set1_epi8(0x1f));
    __m128i quote = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
    __m128i slash = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
    unsigned mask = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(c, _mm_or_si128(quote, slash)));
    *ctl = (unsigned)_mm_movemask_epi8(c);
    if (*ctl) { /* \b \t \n \f \r have two-byte escapes */
        __m128i s = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\b')),
                         _mm_cmpeq_epi8(x, _mm_set1_epi8('\t'))),
            _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
                             _mm_cmpeq_epi8(x, _mm_set1_epi8('\f'))),
                _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
        *ctl &= ~(unsigned)_mm_movemask_epi8(s);
    }
    return mask;
}
#else
static unsigned specials(const unsigned char *p, unsigned *ctl)
{
    unsigned mask = 0;
    *ctl = 0;
    for (unsigned i = 0; i < 16; i++) {
        mask |= (unsigned)(escape[p[i]] != 0) << i;
        *ctl |= (unsigned)(escape[p[i]] == 'u') << i;
    }
    return mask;
}
#endif

/* Copy the 16 bytes at p to d; returns how many lead up to the first one
 * that needs escaping (16 when none). */
static unsigned plain_run(const unsigned char *p, char *d)
{
    unsigned ctl, mask = specials(p, &ctl);
    memcpy(d, p, 16);
    return mask ? (unsigned)__builtin_ctz(mask) : 16;
}

/* Most strings are short and need no escapes: ids, kinds, names. */
#define SHORT 48

void ank__ir_text_string(ank_buf *out, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    if (n <= SHORT && !out->failed && n + 3 < out->cap - out->len) {
        char *d = out->data + out->len + 1;
        size_t i = 0;
        while (i < n && !escape[s[i]]) {
            d[i] = (char)s[i];
            i++;
        }
        if (i == n) {
            d[-1] = '"';
            d[n] = '"';
            d[n + 1] = '\0';
            out->len += n + 2;
            return;
        }
    }
    ank__buf_putc(out, '"');
    for (size_t at = 0; at < n;) {
        size_t k = n - at < CHUNK ? n - at : CHUNK;
        if (!ank__buf_reserve(out, 6 * k + SLACK))
            return;
        char *d = out->data + out->len;
        const unsigned char *p = s + at, *end = p + k;
        while (p < end) {
            if (end - p >= 16) {
                unsigned run = plain_run(p, d);
                p += run, d += run;
                if (run == 16)
                    continue;
            }
            unsigned char c = *p++, e = escape[c];
            if (!e) {
                *d++ = (char)c;
            } else if (e != 'u') {
                d[0] = '\\';
                d[1] = (char)e;
                d += 2;
            } else {
                memcpy(d, "\\u00", 4);
                d[4] = hex[c >> 4];
                d[5] = hex[c & 15];
                d += 6;
            }
        }
        out->len = (size_t)(d - out->data);
        at += k;
    }
    ank__buf_putc(out, '"'); /* and the terminating NUL */
}

void ank__ir_text_integer(ank_buf *out, json_int_t v)
{
    char digits[24];
    size_t n = sizeof digits;
    /* negate in unsigned arithmetic: INT64_MIN has no positive */
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        digits[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        digits[--n] = '-';
    ank__buf_append(out, digits + n, sizeof digits - n);
}

void ank__ir_text_compact(ank_buf *out, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        ank__buf_putc(out, '{');
        bool first = true;
        /* jansson's iterator walks keys in insertion order */
        for (void *it = json_object_iter((json_t *)v); it;
             it = json_object_iter_next((json_t *)v, it)) {
            if (!first)
                ank__buf_putc(out, ',');
            first = false;
            ank__ir_text_string(out, json_object_iter_key(it),
                       json_object_iter_key_len(it));
            ank__buf_putc(out, ':');
            ank__ir_text_compact(out, json_object_iter_value(it));
        }
        ank__buf_putc(out, '}');
        break;
    }
    case JSON_ARRAY:
        ank__buf_putc(out, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                ank__buf_putc(out, ',');
            ank__ir_text_compact(out, json_array_get(v, i));
        }
        ank__buf_putc(out, ']');
        break;
    case JSON_STRING:
        ank__ir_text_string(out, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        ank__ir_text_integer(out, json_integer_value(v));
        break;
    case JSON_REAL: {
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(6));
        if (text)
            ank__buf_puts(out, text);
        else
            out->failed = 1;
        ank__free(text);
        break;
    }
    case JSON_TRUE:
        ank__buf_append(out, "true", 4);
        break;
    case JSON_FALSE:
        ank__buf_append(out, "false", 5);
        break;
    default:
        ank__buf_append(out, "null", 4);
        break;
    }
}

void ank__ir_text_newline(ank_buf *out, unsigned depth)
{
    static const char spaces[] = "                                ";
    ank__buf_putc(out, '\n');
    for (size_t n = 2 * (size_t)depth; n;) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        ank__buf_append(out, spaces, k);
        n -= k;
    }
}

/* The closing quote of the JSON string whose text starts at s[i] (n when
 * it never closes).  Inside a string only '"' and '\\' can be special
 * (control characters are escaped), so specials() finds them 16 bytes at
 * a time, and every one found in a block is dealt with before the next
 * block is read: most of a document is long grammar texts, dense with
 * escaped quotes. */
static size_t string_end(const char *s, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    while (n - i >= 16) {
        unsigned ctl, mask = specials(u + i, &ctl);
        size_t next = i + 16;
        while (mask) {
            unsigned p = (unsigned)__builtin_ctz(mask);
            if (u[i + p] == '"')
                return i + p;
            if (u[i + p] != '\\') { /* a raw control character */
                mask &= mask - 1;
                continue;
            }
            /* a backslash: it and the byte it escapes */
            if (p == 15)
                next = i + 17;
            mask &= ~(3u << p);
        }
        i = next;
    }
    while (i < n) {
        if (s[i] == '"')
            return i;
        i += s[i] == '\\' ? 2 : 1;
    }
    return n;
}

void ank__ir_text_indent(ank_buf *out, const char *s, size_t n, unsigned depth)
{
    size_t run = 0; /* start of the bytes not yet copied */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') {
            i = string_end(s, n, i + 1);
            continue;
        }
        if ((c == '{' || c == '[') && i + 1 < n &&
            (s[i + 1] == '}' || s[i + 1] == ']')) {
            i++; /* an empty container stays as it is */
        } else if (c == '{' || c == '[') {
            ank__buf_append(out, s + run, i + 1 - run);
            ank__ir_text_newline(out, ++depth);
            run = i + 1;
        } else if (c == '}' || c == ']') {
            ank__buf_append(out, s + run, i - run);
            ank__ir_text_newline(out, --depth);
            run = i;
        } else if (c == ',') {
            ank__buf_append(out, s + run, i + 1 - run);
            ank__ir_text_newline(out, depth);
            run = i + 1;
        } else if (c == ':') {
            ank__buf_append(out, s + run, i + 1 - run);
            ank__buf_putc(out, ' ');
            run = i + 1;
        }
    }
    ank__buf_append(out, s + run, n - run);
}
