/*
 * grammar_text.h - writing grammar text for grammar_print.c: a cursor over
 * an ank_buf whose common case is a bounds check and a store, and each
 * dialect's escaping of literals and character classes.
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

/* A string constant, without strlen. */
#define GTEXT_PUTS(t, lit) gtext_put((t), "" lit, sizeof(lit) - 1)

/* A string constant holding '"', '\\' or a newline: `lit` as it is, or
 * `esc`, its JSON-escaped form, in JSON mode. */
#define GTEXT_PUTS2(t, lit, esc)                                           \
    ((t)->json ? GTEXT_PUTS((t), esc) : GTEXT_PUTS((t), lit))

/* A number in decimal. */
void ank__gtext_uint(gtext *t, uint32_t v);

/* Where text is written: the five syntaxes the printers use. */
enum {
    GT_GBNF_LIT = 1,   /* GBNF "..." */
    GT_GBNF_CLASS = 2, /* GBNF [...] */
    GT_LARK_LIT = 4,   /* Lark "..." */
    GT_RE = 8,         /* a regex, outside a class */
    GT_RE_CLASS = 16   /* a regex class */
};

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
