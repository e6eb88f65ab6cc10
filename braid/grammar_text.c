/*
 * grammar_text.c - the output cursor of grammar_text.h and the escaping of
 * literals and classes in GBNF, Lark literals and regexes.
 *
 * Escaping writes through a local pointer into room made beforehand (a
 * code point never takes more than ESC_MAX bytes), so the per-character
 * cost is a table lookup and a store.  In JSON mode the dialect's escape
 * and the JSON string's are composed: the table of plain bytes has a
 * column per syntax for each mode ('"' is plain in a regex, not in JSON),
 * and an escape writes each backslash of the dialect's as two and a '"'
 * as \".  The dialect's output holds no other byte that JSON escapes.
 */
#include "grammar_text.h"

#include "../ffi/text.h"

/* The most bytes one code point is written as: \UHHHHHHHH, and one more
 * backslash in JSON mode. */
#define ESC_MAX 11

/* Literals are escaped CHUNK input bytes at a time, each of which takes at
 * most 7 bytes of output (\u00HH, or \uFFFD for an invalid byte, and one
 * more backslash in JSON mode). */
#define CHUNK 256
#define BYTE_MAX 7

void ank__gtext_begin(gtext *t, ank_buf *buf)
{
    t->buf = buf;
    t->data = buf->data;
    t->len = buf->len;
    t->lim = buf->failed || !buf->data ? buf->len : buf->cap;
}

void ank__gtext_end(gtext *t)
{
    t->buf->len = t->len;
    if (t->data)
        t->data[t->len] = '\0';
}

bool ank__gtext_grow(gtext *t, size_t n)
{
    t->buf->len = t->len;
    ank__buf_reserve(t->buf, n);
    ank__gtext_begin(t, t->buf);
    return n < t->lim - t->len;
}

void ank__gtext_uint(gtext *t, uint32_t v)
{
    char digits[10];
    size_t i = sizeof digits;
    do
        digits[--i] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    gtext_put(t, digits + i, sizeof digits - i);
}

#define GT_ALL (GT_GBNF_LIT | GT_GBNF_CLASS | GT_LARK_LIT | GT_RE | GT_RE_CLASS)

/* The syntaxes that escape a printable ASCII character. */
#define ESCAPED_IN(c)                                                      \
    ((c) == '\\' ? GT_ALL                                                  \
     : (c) == '"' ? GT_GBNF_LIT | GT_LARK_LIT                              \
     : (c) == ']' || (c) == '^' ? GT_GBNF_CLASS | GT_RE | GT_RE_CLASS      \
     : (c) == '-' ? GT_GBNF_CLASS | GT_RE_CLASS                            \
     : (c) == '[' || (c) == '/' ? GT_RE | GT_RE_CLASS                      \
     : (c) == '.' || (c) == '+' || (c) == '*' || (c) == '?' ||             \
       (c) == '(' || (c) == ')' || (c) == '|' || (c) == '{' ||             \
       (c) == '}' || (c) == '$' ? GT_RE : 0)
/* The syntaxes shifted by JSON_SHIFT: the same in JSON mode. */
#define JSON_SHIFT 5
#define PLAIN_IN(c)                                                        \
    ((c) >= 0x20 && (c) < 0x7F                                             \
     ? (GT_ALL & ~ESCAPED_IN(c)) * ((c) == '"' ? 1u : 1u | 1u << JSON_SHIFT) \
     : 0)
#define P4(c) PLAIN_IN(c), PLAIN_IN((c) + 1), PLAIN_IN((c) + 2), PLAIN_IN((c) + 3)
#define P16(c) P4(c), P4((c) + 4), P4((c) + 8), P4((c) + 12)
#define P64(c) P16(c), P16((c) + 16), P16((c) + 32), P16((c) + 48)

/* The syntaxes in which each byte is written as itself: printable ASCII
 * but for the escaped; nothing above ASCII. */
static const uint16_t plain_in[256] = {P64(0), P64(64)};

/* The column of plain_in[] for syntax `m` of cursor t. */
static inline unsigned column(const gtext *t, unsigned m)
{
    return t->json ? m << JSON_SHIFT : m;
}

/* Is the code point written as itself in column `col`?  (A GBNF hex digit
 * right after a \x escape is not; callers check that.) */
static inline bool plain(uint32_t cp, unsigned col)
{
    return cp < 128 && (plain_in[cp] & col);
}

static inline bool is_hex(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

/* The next code point of UTF-8 text; an invalid byte reads as U+FFFD. */
static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0];
    size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4 : 0;
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    *len = 1;
    if (k == 1)
        return c;
    if (k == 0 || k > n)
        return 0xFFFD;
    uint32_t cp = c & (0x7Fu >> k);
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < least[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    *len = k;
    return cp;
}

/* A backslash of the dialect's: two in JSON. */
static inline char *slash(char *w, bool json)
{
    *w++ = '\\';
    if (json)
        *w++ = '\\';
    return w;
}

/* An ASCII character as written in the dialect's text. */
static inline char *ascii(char *w, char c, bool json)
{
    if (json && (c == '"' || c == '\\'))
        *w++ = '\\';
    *w++ = c;
    return w;
}

/* \ `kind` and `ndigits` upper-case hex digits of v. */
static char *hex(char *w, char kind, uint32_t v, int ndigits, bool json)
{
    w = slash(w, json);
    *w = kind;
    for (int i = ndigits; i >= 1; i--, v >>= 4)
        w[i] = "0123456789ABCDEF"[v & 0xF];
    return w + 1 + ndigits;
}

/* Code points above ASCII as \uHHHH or \UHHHHHHHH (all dialects). */
static char *wide(char *w, uint32_t cp, bool json)
{
    return cp <= 0xFFFF ? hex(w, 'u', cp, 4, json) : hex(w, 'U', cp, 8, json);
}

/*
 * A code point that is not plain() in syntax `m`, or a GBNF hex digit
 * after a \x escape.  \n \r \t and \\ are written the same way
 * everywhere.
 *
 * llama.cpp knows the escapes \x \u \U \t \r \n \\ \" \[ \] only, so `-`
 * and `^` in GBNF classes are written in hex; XGrammar reads \x greedily
 * (\x01b is U+001B), so a hex digit right after a \x escape is itself
 * escaped (*after_x, GBNF only).  Regexes use the common subset of
 * Python's re and Rust's regex crate; Lark literals are JSON strings,
 * which llguidance and Python Lark read the same way.
 *
 * In JSON mode (`json`) the same text is written JSON-escaped.
 */
static char *escape(char *w, uint32_t cp, unsigned m, bool *after_x,
                    bool json)
{
    bool was_x = *after_x;
    *after_x = false;
    char named = cp == '\n' ? 'n' : cp == '\r' ? 'r' : cp == '\t' ? 't'
                 : cp == '\\' ? '\\' : 0;
    if (named)
        return ascii(slash(w, json), named, json);
    bool control = cp < 0x20 || cp == 0x7F;
    if (m & (GT_GBNF_LIT | GT_GBNF_CLASS)) {
        if (cp == (m == GT_GBNF_CLASS ? ']' : '"'))
            return ascii(slash(w, json), (char)cp, json);
        if (control || (m == GT_GBNF_CLASS && (cp == '-' || cp == '^')) ||
            (was_x && is_hex(cp))) {
            *after_x = true;
            return hex(w, 'x', cp, 2, json);
        }
        if (cp >= 0x80)
            return wide(w, cp, json);
    } else if (m == GT_LARK_LIT) {
        if (cp == '"')
            return ascii(slash(w, json), '"', json);
        if (control)
            return hex(w, 'u', cp, 4, json);
        return w + ank__utf8_put(w, cp);
    } else {
        if (control)
            return hex(w, 'x', cp, 2, json);
        if (cp >= 0x80)
            return wide(w, cp, json);
        if (!plain(cp, m))
            return ascii(slash(w, json), (char)cp, json);
    }
    return ascii(w, (char)cp, json); /* '"' is plain but in JSON */
}

/* One code point, at most ESC_MAX bytes; `col` is column(t, m). */
static inline char *put_cp(char *w, uint32_t cp, unsigned m, unsigned col,
                           bool *after_x, bool json)
{
    if (plain(cp, col) && !(*after_x && is_hex(cp))) {
        *after_x = false;
        *w = (char)cp;
        return w + 1;
    }
    return escape(w, cp, m, after_x, json);
}

/* The quote around a literal. */
static inline char *quote_mark(char *w, char quote, bool json)
{
    return quote ? ascii(w, quote, json) : w;
}

void ank__gtext_lit(gtext *t, const char *text, size_t n, unsigned mode,
                    char quote)
{
    const unsigned char *s = (const unsigned char *)text;
    bool after_x = false, json = t->json;
    unsigned col = column(t, mode);
    size_t i = 0;
    do {
        size_t end = n - i <= CHUNK ? n : i + CHUNK;
        /* the last code point may run past `end`; and the quotes */
        if (!gtext_room(t, BYTE_MAX * (end - i) + ESC_MAX + 4))
            return;
        char *w = t->data + t->len;
        if (i == 0)
            w = quote_mark(w, quote, json);
        while (i < end) {
            unsigned c = s[i];
            size_t len = 1;
            if ((plain_in[c] & col) && !after_x) {
                *w++ = (char)c;
            } else if ((plain_in[c] & col) && !is_hex(c)) {
                after_x = false;
                *w++ = (char)c;
            } else {
                w = escape(w, utf8_next(s + i, n - i, &len), mode, &after_x,
                           json);
            }
            i += len;
        }
        if (i >= n)
            w = quote_mark(w, quote, json);
        t->len = (size_t)(w - t->data);
    } while (i < n);
}

void ank__gtext_class(gtext *t, bool negated, const uint32_t *ranges,
                      size_t n, bool regex)
{
    unsigned m = regex ? GT_RE_CLASS : GT_GBNF_CLASS, col = column(t, m);
    bool after_x = false, json = t->json;
    if (regex && negated && n == 0) { /* "[^]" is no regex */
        GTEXT_PUTS2(t, "[\\x00-\\U0010FFFF]", "[\\\\x00-\\\\U0010FFFF]");
        return;
    }
    if (!gtext_room(t, 2))
        return;
    char *w = t->data + t->len, *end = t->data + t->lim;
    *w++ = '[';
    if (negated)
        *w++ = '^';
    for (size_t i = 0; i < n; i++) {
        /* lo, '-', hi and the closing ']' */
        if (end - w <= 2 * ESC_MAX + 2) {
            t->len = (size_t)(w - t->data);
            if (!ank__gtext_grow(t, 2 * ESC_MAX + 2))
                return;
            w = t->data + t->len, end = t->data + t->lim;
        }
        uint32_t lo = ranges[2 * i], hi = ranges[2 * i + 1];
        w = put_cp(w, lo, m, col, &after_x, json);
        if (hi == lo)
            continue;
        if (hi > lo + 1)
            *w++ = '-', after_x = false;
        w = put_cp(w, hi, m, col, &after_x, json);
    }
    t->len = (size_t)(w - t->data);
    gtext_putc(t, ']');
}
