/*
 * text.h - small character helpers shared by the readers, the grammar
 * builders and the extractors: hex digits, ASCII runs and UTF-8 encoding.
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
