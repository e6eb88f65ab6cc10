/*
 * ir_text.c - JSON text as jansson prints it, without jansson's printer.
 *
 * A document keeps its artifacts as compact text (ir.c), so every compile
 * prints each one; jansson's printer hands its output to a callback a few
 * bytes at a time and escapes strings one code point at a time, ~75
 * instructions a byte, most of a compile.  This printer writes runs of
 * plain bytes with one copy, and checks and copies a short string (ids,
 * keys, names: most of them) with a few block loads.  Its output is byte for byte jansson's for
 * the flags named in ir_text.h: keys in insertion order, "," and ":"
 * with no spaces, strings escaped as jansson escapes them (\" \\ \b \f \n
 * \r \t, other control characters as \u00XX with upper-case hex,
 * everything else as is), integers in decimal, and reals through
 * jansson itself (they are rare, and its format has corner cases).
 *
 * The indenter inserts what JSON_INDENT(2) adds: a newline and two spaces
 * a level after an opening bracket and after a comma, a newline before a
 * closing bracket, a space after a colon; empty containers stay [] and {}.
 * It can take the text in pieces cut anywhere (a streamed document's
 * large artifacts): what it needs of the text before a cut is the depth,
 * whether the cut is inside a string or an escape, and an opening bracket
 * at the very end, held back until the next piece says whether it opens
 * an empty container.
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
 * loop has no bounds checks; fewer when the room the buffer has is
 * enough for no more (but at least FEW), so that it does not grow to
 * six times a text that is mostly plain. */
#define CHUNK 512
#define FEW 64
#define SLACK 16

#if defined(__SSE2__)
#include <emmintrin.h>

/* Bit i set when byte i of x needs escaping (a control character, '"' or
 * '\\'), or with `high` is not ASCII: a few compares for 16 bytes. */
static inline unsigned special_bits(__m128i x, bool high)
{
    __m128i c = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0x1f)),
                               _mm_set1_epi8(0x1f));
    __m128i quote = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
    __m128i slash = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
    unsigned m = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(c, _mm_or_si128(quote, slash)));
    return high ? m | (unsigned)_mm_movemask_epi8(x) : m;
}

/* Which of the 16 bytes at p need escaping (bit i for p[i]). */
static inline unsigned specials(const unsigned char *p)
{
    return special_bits(_mm_loadu_si128((const __m128i *)(const void *)p),
                        false);
}
#else
static unsigned specials(const unsigned char *p)
{
    unsigned mask = 0;
    for (unsigned i = 0; i < 16; i++)
        mask |= (unsigned)(escape[p[i]] != 0) << i;
    return mask;
}
#endif

/* Copy s[0..n) to d (which has room for n bytes) up to the first byte that
 * needs escaping (or, with `high`, is not ASCII), and return its offset
 * (n when there is none); bytes past it may have been copied too.  Most
 * strings are short and plain (ids, kinds, names, keys), so the check
 * takes whole blocks: a string of 4 to 16 bytes is two overlapping loads,
 * a longer one 16 bytes at a time with its last block overlapping the one
 * before.  Nothing is read or written outside s[0..n) and d[0..n). */
static inline __attribute__((always_inline)) size_t
copy_plain(const unsigned char *s, size_t n, char *d, bool high)
{
#if defined(__SSE2__)
    if (n >= 16) {
        size_t i = 0;
        for (; n - i >= 16; i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            _mm_storeu_si128((__m128i *)(void *)(d + i), x);
            unsigned m = special_bits(x, high);
            if (m)
                return i + (size_t)__builtin_ctz(m);
        }
        if (i < n) { /* bytes before i are plain: a bit here is past them */
            __m128i x = _mm_loadu_si128(
                (const __m128i *)(const void *)(s + n - 16));
            _mm_storeu_si128((__m128i *)(void *)(d + n - 16), x);
            unsigned m = special_bits(x, high);
            if (m)
                return n - 16 + (size_t)__builtin_ctz(m);
        }
        return n;
    }
    if (n >= 8) {
        __m128i lo = _mm_loadl_epi64((const __m128i *)(const void *)s);
        __m128i hi = _mm_loadl_epi64((const __m128i *)(const void *)(s + n - 8));
        _mm_storel_epi64((__m128i *)(void *)d, lo);
        _mm_storel_epi64((__m128i *)(void *)(d + n - 8), hi);
        unsigned m = special_bits(_mm_unpacklo_epi64(lo, hi), high);
        if (!m)
            return n;
        return m & 0xff ? (size_t)__builtin_ctz(m)
                        : n - 8 + (size_t)__builtin_ctz(m >> 8);
    }
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4);
        memcpy(d, &lo, 4);
        memcpy(d + n - 4, &hi, 4);
        /* the upper eight bytes are zeros, which would count as controls */
        unsigned m = special_bits(_mm_unpacklo_epi32(
                                      _mm_cvtsi32_si128((int)lo),
                                      _mm_cvtsi32_si128((int)hi)),
                                  high) & 0xff;
        if (!m)
            return n;
        return m & 0xf ? (size_t)__builtin_ctz(m)
                       : n - 4 + (size_t)__builtin_ctz(m >> 4);
    }
#endif
    size_t i = 0;
    while (i < n && !escape[s[i]] && !(high && s[i] >= 0x80)) {
        d[i] = (char)s[i];
        i++;
    }
    return i;
}

/* Write byte c, which needs escaping, at d; returns the end. */
static inline char *escape_byte(char *d, unsigned char c)
{
    unsigned char e = escape[c];
    if (e != 'u') {
        d[0] = '\\';
        d[1] = (char)e;
        return d + 2;
    }
    memcpy(d, "\\u00", 4);
    d[4] = hex[c >> 4];
    d[5] = hex[c & 15];
    return d + 6;
}

/* Append s[0..n) escaped, and the closing quote.  Kept out of line so
 * that the plain case stays a leaf with little to save and restore. */
static void __attribute__((noinline))
escape_text(ank_buf *out, const unsigned char *s, size_t n)
{
    for (size_t at = 0; at < n;) {
        size_t room = out->failed ? 0 : out->cap - out->len;
        size_t fit = room > SLACK + 6 * FEW ? (room - SLACK - 1) / 6 : FEW;
        size_t k = n - at < CHUNK ? n - at : CHUNK;
        k = k < fit ? k : fit;
        if (!ank__buf_reserve(out, 6 * k + SLACK))
            return;
        char *d = out->data + out->len;
        const unsigned char *p = s + at, *end = p + k;
        /* A block's bytes up to its first special go out with one copy;
         * its later specials and the bytes between them one by one, and
         * what follows its last special is read again with the next. */
        while (end - p >= 16) {
            unsigned mask = specials(p);
            memcpy(d, p, 16);
            if (!mask) {
                p += 16, d += 16;
                continue;
            }
            unsigned i = (unsigned)__builtin_ctz(mask);
            d += i;
            /* the bytes between specials: a whole vector's width copied
             * where the input has it (the output always has the room) */
            bool wide = end - p >= 32;
            for (;;) {
                d = escape_byte(d, p[i++]);
                mask &= mask - 1;
                if (!mask)
                    break;
                unsigned next = (unsigned)__builtin_ctz(mask);
                if (wide) {
                    memcpy(d, p + i, 16);
                    d += next - i;
                    i = next;
                } else {
                    while (i < next)
                        *d++ = (char)p[i++];
                }
            }
            p += i;
        }
        while (p < end) {
            unsigned char c = *p++;
            if (escape[c])
                d = escape_byte(d, c);
            else
                *d++ = (char)c;
        }
        out->len = (size_t)(d - out->data);
        at += k;
    }
    ank__buf_putc(out, '"'); /* and the terminating NUL */
}

void ank__ir_text_string(ank_buf *out, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t done = 0; /* bytes of s in the buffer, after the opening quote */
    if (!out->failed && n + 3 < out->cap - out->len) {
        char *d = out->data + out->len;
        d[0] = '"';
        done = copy_plain(s, n, d + 1, false);
        if (done == n) {
            d[n + 1] = '"';
            d[n + 2] = '\0';
            out->len += n + 2;
            return;
        }
        d[1 + done] = '\0';
        out->len += 1 + done;
    } else {
        ank__buf_putc(out, '"');
    }
    escape_text(out, s + done, n - done);
}

bool ank__ir_text_ascii(ank_buf *out, const char *text, size_t n)
{
    if ((out->failed || n + 3 > out->cap - out->len) &&
        !ank__buf_reserve(out, n + 2))
        return true;
    char *d = out->data + out->len;
    d[0] = '"';
    if (copy_plain((const unsigned char *)text, n, d + 1, true) < n) {
        d[0] = '\0';
        return false;
    }
    d[n + 1] = '"';
    d[n + 2] = '\0';
    out->len += n + 2;
    return true;
}

void ank__ir_text_key(ank_buf *out, const char *key, size_t n)
{
    char last = out->len ? out->data[out->len - 1] : '{';
    if (last != '{' && last != '[')
        ank__buf_putc(out, ',');
    ank__ir_text_string(out, key, n);
    ank__buf_putc(out, ':');
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

/* A member's key: `sep` ('{' or ','), the quoted key and ':'.  A key
 * with nothing to escape (nearly all) is written with one copy where the
 * buffer has the room. */
static inline void member_key(ank_buf *out, char sep, const char *key,
                              size_t n)
{
    if (!out->failed && n + 5 < out->cap - out->len) {
        char *d = out->data + out->len;
        d[0] = sep;
        d[1] = '"';
        if (copy_plain((const unsigned char *)key, n, d + 2, false) == n) {
            d[n + 2] = '"';
            d[n + 3] = ':';
            d[n + 4] = '\0';
            out->len += n + 4;
            return;
        }
        d[0] = '\0';
    }
    ank__buf_putc(out, sep);
    ank__ir_text_string(out, key, n);
    ank__buf_putc(out, ':');
}

void ank__ir_text_compact(ank_buf *out, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        /* jansson's iterator walks keys in insertion order */
        void *it = json_object_iter((json_t *)v);
        if (!it) {
            ank__buf_append(out, "{}", 2);
            break;
        }
        for (char sep = '{'; it;
             it = json_object_iter_next((json_t *)v, it), sep = ',') {
            member_key(out, sep, json_object_iter_key(it),
                       json_object_iter_key_len(it));
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

/* The closing quote of the JSON string whose text continues at s[i], or
 * n when it goes on past s[0..n) (with *split set when s ends in the
 * middle of an escape: the byte after the backslash comes next).  Inside
 * a string only '"' and '\\' can be special (control characters are
 * escaped), so specials() finds them 16 bytes at a time, and every one
 * found in a block is dealt with before the next block is read: most of a
 * document is long grammar texts, dense with escaped quotes. */
static size_t string_end(const char *s, size_t n, size_t i, bool *split)
{
    const unsigned char *u = (const unsigned char *)s;
    while (n - i >= 16) {
        unsigned mask = specials(u + i);
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
        if (next > n) {
            *split = true;
            return n;
        }
        i = next;
    }
    while (i < n) {
        if (s[i] == '"')
            return i;
        if (s[i] == '\\' && i + 1 == n) {
            *split = true;
            return n;
        }
        i += s[i] == '\\' ? 2 : 1;
    }
    return n;
}

void ank__ir_text_indent(ank_buf *out, const char *s, size_t n, unsigned depth)
{
    ank_indent st = {.depth = depth};
    ank__ir_text_indent_more(out, &st, s, n);
    ank__ir_text_indent_end(out, &st);
}

void ank__ir_text_indent_more(ank_buf *out, ank_indent *st, const char *s,
                              size_t n)
{
    size_t i = 0, run = 0; /* run: start of the bytes not yet copied */
    if (st->held && n) {
        char c = st->held;
        st->held = '\0';
        ank__buf_putc(out, c);
        if (s[0] == '}' || s[0] == ']') { /* an empty container */
            ank__buf_putc(out, s[0]);
            i = run = 1;
        } else {
            ank__ir_text_newline(out, ++st->depth);
        }
    }
    if (st->in_string && i < n) {
        bool skip = st->escape;
        st->escape = false;
        size_t end = string_end(s, n, i + skip, &st->escape);
        if (end >= n) {
            ank__buf_append(out, s + run, n - run);
            return;
        }
        st->in_string = false;
        i = end + 1;
    }
    for (; i < n; i++) {
        char c = s[i];
        if (c == '"') {
            i = string_end(s, n, i + 1, &st->escape);
            if (i >= n)
                st->in_string = true;
            continue;
        }
        if ((c == '{' || c == '[') && i + 1 == n) {
            /* empty or not, the next piece tells */
            ank__buf_append(out, s + run, i - run);
            st->held = c;
            return;
        }
        if ((c == '{' || c == '[') && (s[i + 1] == '}' || s[i + 1] == ']')) {
            i++; /* an empty container stays as it is */
        } else if (c == '{' || c == '[') {
            ank__buf_append(out, s + run, i + 1 - run);
            ank__ir_text_newline(out, ++st->depth);
            run = i + 1;
        } else if (c == '}' || c == ']') {
            ank__buf_append(out, s + run, i - run);
            ank__ir_text_newline(out, --st->depth);
            run = i;
        } else if (c == ',') {
            ank__buf_append(out, s + run, i + 1 - run);
            ank__ir_text_newline(out, st->depth);
            run = i + 1;
        } else if (c == ':') {
            ank__buf_append(out, s + run, i + 1 - run);
            ank__buf_putc(out, ' ');
            run = i + 1;
        }
    }
    ank__buf_append(out, s + run, n - run);
}

void ank__ir_text_indent_end(ank_buf *out, ank_indent *st)
{
    if (st->held) /* text that ends in an opening bracket: not JSON */
        ank__buf_putc(out, st->held);
    *st = (ank_indent){.depth = st->depth};
}
