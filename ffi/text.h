/*
 * text.h - small character helpers shared by the readers, the grammar
 * builders and the extractors: hex digits, ASCII runs, and UTF-8 decoding
 * and encoding.  ank__utf8_decode is the one UTF-8 decoder: every reader
 * of UTF-8 text goes through it, so all of them agree on what is valid.
 */
#ifndef ANK_TEXT_H
#define ANK_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The value of hex digit `c` (0-9, a-f, A-F), or -1. */
static inline int ank__hex_value(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* How many bytes s[0..n) starts with that are ASCII: eight at a time,
 * since most text the library checks (keys, ids, grammars) is ASCII. */
static inline size_t ank__ascii_prefix(const char *s, size_t n)
{
    size_t i = 0;
    for (uint64_t w; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
    }
    while (i < n && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

/* Decode the UTF-8 sequence at s[0..n) (n > 0): its length, 1 to 4, with
 * its code point in *cp; or 0 when it is not valid UTF-8 (a bad lead
 * byte, a missing or bad continuation byte, an overlong form, a surrogate
 * or a code point past U+10FFFF).  Bytes are read in order and no further
 * than the first bad one, so a NUL-terminated string may pass n = 4. */
static inline size_t ank__utf8_decode(const unsigned char *s, size_t n,
                                      uint32_t *cp)
{
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    uint32_t c = s[0];
    size_t k = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3
               : c < 0xF5 ? 4 : 0;
    if (k == 1) {
        *cp = c;
        return 1;
    }
    if (k == 0 || n < k)
        return 0;
    c &= 0x7Fu >> k;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3Fu);
    }
    if (c < least[k] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return k;
}

/* The parts of the code point range [lo, hi] (hi at most U+10FFFF) that
 * are Unicode scalar values, the surrogates cut out: 0, 1 or 2 ranges
 * written to `to` as (lo, hi) pairs (4 values when [lo, hi] spans the
 * surrogates); returns how many. */
static inline size_t ank__scalar_ranges(uint32_t lo, uint32_t hi,
                                        uint32_t *to)
{
    size_t m = 0;
    if (lo < 0xD800 && hi > 0xDFFF) {
        to[0] = lo, to[1] = 0xD7FF, m = 1;
        lo = 0xE000;
    }
    if (lo >= 0xD800 && lo <= 0xDFFF)
        lo = 0xE000;
    if (hi >= 0xD800 && hi <= 0xDFFF)
        hi = 0xD7FF;
    if (lo <= hi)
        to[2 * m] = lo, to[2 * m + 1] = hi, m++;
    return m;
}

/* Write code point `cp` (at most U+10FFFF; surrogates are the caller's
 * business) to `out` as 1 to 4 bytes of UTF-8; returns how many. */
static inline size_t ank__utf8_put(char *out, uint32_t cp)
{
    static const unsigned char lead[5] = {0, 0, 0xC0, 0xE0, 0xF0};
    size_t k = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (size_t i = k; i-- > 1; cp >>= 6)
        out[i] = (char)(0x80 | (cp & 0x3F));
    out[0] = (char)(lead[k] | cp);
    return k;
}

#endif
