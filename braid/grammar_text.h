/*
 * grammar_text.h - writing grammar text for grammar_print.c: a cursor over
 * an ank_buf whose common case is a bounds check and a store, each
 * dialect's escaping of literals and character classes (inline for the
 * common all-ASCII case), quantifiers, regexes and rule names.
 *
 * A cursor in JSON mode (`json`) writes the text as the contents of a JSON
 * string, escaped as jansson escapes it, in the same pass: the printer
 * writes '"', '\\' and the newline that ends a rule as \" \\ \n, and
 * never writes another control character or invalid UTF-8 (a control
 * character in a literal or class is a dialect escape; a byte above ASCII
 * is escaped, or in a Lark literal the UTF-8 of a valid code point).
 */
#ifndef ANK_BRAID_GRAMMAR_TEXT_H
#define ANK_BRAID_GRAMMAR_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../ffi/buf.h"
#include "grammar.h"

/*
 * Bytes go straight to data + len while n < lim - len, where lim is the
 * buffer's capacity (so the NUL still fits), or len itself when there is
 * no data yet or the buffer failed; only then is buf.c called.  buf->len
 * falls behind until ank__gtext_end().
 */
typedef struct gtext {
    ank_buf *buf;
    char *data;
    size_t len, lim;
    bool json; /* write the text JSON-escaped */
} gtext;

/* Start writing at the end of `buf` (`json` is left as it is). */
void ank__gtext_begin(gtext *t, ank_buf *buf);
/* Bring buf->len up to date and NUL-terminate. */
void ank__gtext_end(gtext *t);
/* Make room for n more bytes (and the NUL); false once the buffer failed. */
bool ank__gtext_grow(gtext *t, size_t n);

static inline bool gtext_room(gtext *t, size_t n)
{
    return n < t->lim - t->len || ank__gtext_grow(t, n);
}

static inline void gtext_put(gtext *t, const char *s, size_t n)
{
    if (gtext_room(t, n)) {
        memcpy(t->data + t->len, s, n);
        t->len += n;
    }
}

static inline void gtext_putc(gtext *t, char c)
{
    if (gtext_room(t, 1))
        t->data[t->len++] = c;
}

/* Again the `n` bytes written at offset `at` (before the cursor). */
static inline void gtext_repeat(gtext *t, size_t at, size_t n)
{
    if (n <= 32 && 32 < t->lim - t->len) {
        /* Most repeats are short: copy 32 bytes, both halves loaded
         * before either is stored.  What is read past at + n (at most up
         * to len + 32, inside the buffer) lands past the n bytes kept. */
        char lo[16], hi[16];
        memcpy(lo, t->data + at, 16);
        memcpy(hi, t->data + at + 16, 16);
        memcpy(t->data + t->len, lo, 16);
        memcpy(t->data + t->len + 16, hi, 16);
        t->len += n;
        return;
    }
    if (gtext_room(t, n)) {
        memcpy(t->data + t->len, t->data + at, n);
        t->len += n;
    }
}

/* At w: " | " when `sep` (3) is not 0, then the k (1..64) bytes at
 * `from`, earlier text of the same buffer; the end.  Copies whole
 * 16-byte blocks, all loaded before any is stored, so it reads up to 64
 * bytes from `from` and writes up to sep + 64 bytes at w: the caller
 * keeps that much room (what lands past the k bytes is written over
 * later). */
static inline char *gtext_copy64(char *w, const char *from, uint32_t k,
                                 size_t sep)
{
    char a[16], b[16];
    memcpy(a, from, 16);
    memcpy(b, from + 16, 16);
    if (k > 32) {
        char c[16], d[16];
        memcpy(c, from + 32, 16);
        memcpy(d, from + 48, 16);
        memcpy(w + sep + 32, c, 16);
        memcpy(w + sep + 48, d, 16);
    }
    memcpy(w, " | ", 4);
    memcpy(w + sep, a, 16);
    memcpy(w + sep + 16, b, 16);
    return w + sep + k;
}

/* How many bytes past its end gtext_put_slack() may read of its source. */
#define GTEXT_SLACK 16

/* gtext_put() of a source with GTEXT_SLACK readable bytes after it: a
 * short one is copied as one block, of which what lies past n bytes is
 * written over later. */
static inline void gtext_put_slack(gtext *t, const char *s, size_t n)
{
    if (n <= GTEXT_SLACK && GTEXT_SLACK < t->lim - t->len) {
        memcpy(t->data + t->len, s, GTEXT_SLACK);
        t->len += n;
        return;
    }
    gtext_put(t, s, n);
}

/* A string constant, without strlen. */
#define GTEXT_PUTS(t, lit) gtext_put((t), "" lit, sizeof(lit) - 1)

/* A string constant holding '"', '\\' or a newline: `lit` as it is, or
 * `esc`, its JSON-escaped form, in JSON mode. */
#define GTEXT_PUTS2(t, lit, esc)                                           \
    ((t)->json ? GTEXT_PUTS((t), esc) : GTEXT_PUTS((t), lit))

/* A number in decimal. */
void ank__gtext_uint(gtext *t, uint32_t v);

/* A repetition's quantifier as GBNF and regexes write it: ? * + {m}
 * {m,} {m,n}. */
void ank__gtext_quant(gtext *t, uint32_t min, uint32_t max);

/* A rule-free expression as regex source, as the operand of a quantifier
 * when `rep`. */
void ank__gtext_regex(gtext *t, const ank_gexpr *e, bool rep);

/* The dialect's form of a rule name hint of `n` bytes, written to `s`
 * (room for 2 * n + 4 bytes): GBNF [a-zA-Z0-9-], Lark [a-z][a-z0-9_]*
 * (camelCase becomes camel_case); never empty, never starting with a
 * digit.  Returns its length; *upper tells whether the hint holds an
 * upper-case letter (when it does not, the two forms differ only in the
 * separator, '-' or '_').  A name in that form is its own form. */
size_t ank__gtext_name(char *s, const char *hint, size_t n, bool lark,
                       bool *upper);

/* A name of ank__gtext_name() from a hint without upper-case letters,
 * `len` bytes, in the other dialect's form (its separators swapped),
 * written to `s`.  Returns len.  Works eight bytes at a time: reads and
 * writes up to 7 bytes past `len` (of `name` and of `s`). */
size_t ank__gtext_name_swap(char *s, const char *name, size_t len, bool lark);

/* A hash of a name that reads '_' as '-', so that both forms of a name
 * hash alike.  Reads up to 7 bytes past `len` (and ignores them). */
uint32_t ank__gtext_name_hash(const char *s, size_t len);

/* Where text is written: the five syntaxes the printers use. */
enum {
    GT_GBNF_LIT = 1,   /* GBNF "..." */
    GT_GBNF_CLASS = 2, /* GBNF [...] */
    GT_LARK_LIT = 4,   /* Lark "..." */
    GT_RE = 8,         /* a regex, outside a class */
    GT_RE_CLASS = 16   /* a regex class */
};

/* The index of syntax m among the five. */
static inline unsigned gtext_index(unsigned m)
{
    return m == GT_GBNF_LIT ? 0 : m == GT_GBNF_CLASS ? 1
           : m == GT_LARK_LIT ? 2 : m == GT_RE ? 3 : 4;
}

/* How an ASCII character is written in one syntax and JSON mode when it
 * takes no \x, \u or \U escape: at most 4 bytes (\\\\ or \\\" in
 * JSON); len is 0 for a character that takes one. */
typedef struct gout {
    unsigned char len;
    char text[4];
} gout;

/* By JSON mode, by syntax (gtext_index()), by character. */
extern const gout ank__gtext_ascii[2][5][128];

/* A quote, '"' or \" in JSON mode. */
static inline char *gtext_quote(const gtext *t, char *w)
{
    if (t->json)
        *w++ = '\\';
    *w++ = '"';
    return w;
}

/* ank__gtext_lit(t, text, n, m, '"') inline, for the common case of a
 * short literal in which no byte takes a \x, \u or \U escape (m is
 * GT_GBNF_LIT or GT_LARK_LIT); false, with nothing written, otherwise. */
static inline bool gtext_lit_ascii(gtext *t, const char *text, size_t n,
                                   unsigned m)
{
    const gout *out = ank__gtext_ascii[t->json][gtext_index(m)];
    if (n > 64 || !gtext_room(t, 4 * n + 8))
        return false;
    char *w = gtext_quote(t, t->data + t->len);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 128 || !out[c].len)
            return false;
        memcpy(w, out[c].text, 4);
        w += out[c].len;
    }
    w = gtext_quote(t, w);
    t->len = (size_t)(w - t->data);
    return true;
}

/* ank__gtext_class() inline, for the common case of a few ranges in
 * which no bound takes a \x, \u or \U escape; false, with nothing
 * written, otherwise. */
static inline bool gtext_class_ascii(gtext *t, bool negated,
                                     const uint32_t *ranges, size_t n,
                                     bool regex)
{
    const gout *out = ank__gtext_ascii[t->json][regex ? 4 : 1];
    if (n == 0 || n > 16 || !gtext_room(t, 9 * n + 4))
        return false;
    char *w = t->data + t->len;
    *w++ = '[';
    if (negated)
        *w++ = '^';
    for (size_t i = 0; i < n; i++) {
        uint32_t lo = ranges[2 * i], hi = ranges[2 * i + 1];
        if (hi >= 128 || !out[lo].len || !out[hi].len)
            return false;
        memcpy(w, out[lo].text, 4);
        w += out[lo].len;
        if (hi == lo)
            continue;
        if (hi > lo + 1)
            *w++ = '-';
        memcpy(w, out[hi].text, 4);
        w += out[hi].len;
    }
    *w++ = ']';
    t->len = (size_t)(w - t->data);
    return true;
}

/* `n` bytes of UTF-8 `text` escaped for syntax `mode` (GT_GBNF_LIT,
 * GT_LARK_LIT or GT_RE), between `quote`s unless `quote` is 0.  An
 * invalid byte is written as U+FFFD. */
void ank__gtext_lit(gtext *t, const char *text, size_t n, unsigned mode,
                    char quote);

/* A class of `n` inclusive [lo, hi] code point ranges (2 * n values), or
 * of their complement, as GBNF or (`regex`) regex source. */
void ank__gtext_class(gtext *t, bool negated, const uint32_t *ranges,
                      size_t n, bool regex);

#endif
