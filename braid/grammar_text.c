/*
 * grammar_text.c - the output cursor of grammar_text.h and the escaping of
 * literals and classes in GBNF, Lark literals and regexes.
 *
 * Escaping writes through a local pointer into room made beforehand (a
 * code point never takes more than ESC_MAX bytes), so the per-character
 * cost is a table lookup and a store.
 */
#include "grammar_text.h"

#include "../ffi/text.h"

/* The most bytes one code point is written as: \UHHHHHHHH. */
#define ESC_MAX 10

/* Literals are escaped CHUNK input bytes at a time, each of which takes at
 * most 6 bytes of output (\u00HH, or \uFFFD for an invalid byte). */
#define CHUNK 256

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
#define PLAIN_IN(c) ((c) >= 0x20 && (c) < 0x7F ? GT_ALL & ~ESCAPED_IN(c) : 0)
#define P4(c) PLAIN_IN(c), PLAIN_IN((c) + 1), PLAIN_IN((c) + 2), PLAIN_IN((c) + 3)
#define P16(c) P4(c), P4((c) + 4), P4((c) + 8), P4((c) + 12)
#define P64(c) P16(c), P16((c) + 16), P16((c) + 32), P16((c) + 48)

/* The syntaxes in which each byte is written as itself: printable ASCII
 * but for the escaped; nothing above ASCII. */
static const unsigned char plain_in[256] = {P64(0), P64(64)};

/* Is the code point written as itself in syntax `m`?  (A GBNF hex digit
 * right after a \x escape is not; callers check that.) */
static inline bool plain(uint32_t cp, unsigned m)
{
    return cp < 128 && (plain_in[cp] & m);
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

/* \ `kind` and `ndigits` upper-case hex digits of v. */
static char *hex(char *w, char kind, uint32_t v, int ndigits)
{
    w[0] = '\\', w[1] = kind;
    for (int i = ndigits + 1; i >= 2; i--, v >>= 4)
        w[i] = "0123456789ABCDEF"[v & 0xF];
    return w + 2 + ndigits;
}

/* Code points above ASCII as \uHHHH or \UHHHHHHHH (all dialects). */
static char *wide(char *w, uint32_t cp)
{
    return cp <= 0xFFFF ? hex(w, 'u', cp, 4) : hex(w, 'U', cp, 8);
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
 */
static char *escape(char *w, uint32_t cp, unsigned m, bool *after_x)
{
    bool was_x = *after_x;
    *after_x = false;
    char named = cp == '\n' ? 'n' : cp == '\r' ? 'r' : cp == '\t' ? 't'
                 : cp == '\\' ? '\\' : 0;
    if (named) {
        w[0] = '\\', w[1] = named;
        return w + 2;
    }
    bool control = cp < 0x20 || cp == 0x7F;
    if (m & (GT_GBNF_LIT | GT_GBNF_CLASS)) {
        if (cp == (m == GT_GBNF_CLASS ? ']' : '"')) {
            w[0] = '\\', w[1] = (char)cp;
            return w + 2;
        }
        if (control || (m == GT_GBNF_CLASS && (cp == '-' || cp == '^')) ||
            (was_x && is_hex(cp))) {
            *after_x = true;
            return hex(w, 'x', cp, 2);
        }
        if (cp >= 0x80)
            return wide(w, cp);
    } else if (m == GT_LARK_LIT) {
        if (cp == '"') {
            w[0] = '\\', w[1] = '"';
            return w + 2;
        }
        if (control)
            return hex(w, 'u', cp, 4);
        return w + ank__utf8_put(w, cp);
    } else {
        if (control)
            return hex(w, 'x', cp, 2);
        if (cp >= 0x80)
            return wide(w, cp);
        if (!plain(cp, m)) {
            w[0] = '\\', w[1] = (char)cp;
            return w + 2;
        }
    }
    *w = (char)cp;
    return w + 1;
}

/* One code point, at most ESC_MAX bytes. */
static inline char *put_cp(char *w, uint32_t cp, unsigned m, bool *after_x)
{
    if (plain(cp, m) && !(*after_x && is_hex(cp))) {
        *after_x = false;
        *w = (char)cp;
        return w + 1;
    }
    return escape(w, cp, m, after_x);
}

void ank__gtext_lit(gtext *t, const char *text, size_t n, unsigned mode,
                    char quote)
{
    const unsigned char *s = (const unsigned char *)text;
    bool after_x = false;
    size_t i = 0;
    do {
        size_t end = n - i <= CHUNK ? n : i + CHUNK;
        /* the last code point may run past `end`; and the quotes */
        if (!gtext_room(t, 6 * (end - i) + ESC_MAX + 2))
            return;
        char *w = t->data + t->len;
        if (i == 0 && quote)
            *w++ = quote;
        while (i < end) {
            unsigned c = s[i];
            size_t len = 1;
            if ((plain_in[c] & mode) && !after_x) {
                *w++ = (char)c;
            } else if ((plain_in[c] & mode) && !is_hex(c)) {
                after_x = false;
                *w++ = (char)c;
            } else {
                w = escape(w, utf8_next(s + i, n - i, &len), mode, &after_x);
            }
            i += len;
        }
        if (i >= n && quote)
            *w++ = quote;
        t->len = (size_t)(w - t->data);
    } while (i < n);
}

void ank__gtext_class(gtext *t, bool negated, const uint32_t *ranges,
                      size_t n, bool regex)
{
    unsigned m = regex ? GT_RE_CLASS : GT_GBNF_CLASS;
    bool after_x = false;
    if (regex && negated && n == 0) { /* "[^]" is no regex */
        GTEXT_PUTS(t, "[\\x00-\\U0010FFFF]");
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
        w = put_cp(w, lo, m, &after_x);
        if (hi == lo)
            continue;
        if (hi > lo + 1)
            *w++ = '-', after_x = false;
        w = put_cp(w, hi, m, &after_x);
    }
    t->len = (size_t)(w - t->data);
    gtext_putc(t, ']');
}
