/*
 * ir_text.h - JSON text in the two layouts jansson prints (ir_text.c).
 */
#ifndef ANK_IR_TEXT_H
#define ANK_IR_TEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../ffi/buf.h"

/* Append `v` as json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
 * JSON_REAL_PRECISION(6)) prints it.  Out of memory sets out->failed. */
void ank__ir_text_compact(ank_buf *out, const json_t *v);

/* Append s[0..n) as a JSON string, escaped as above (the bytes are taken
 * as they are: check that they are UTF-8 first). */
void ank__ir_text_string(ank_buf *out, const char *s, size_t n);

/* Append s[0..n) as a JSON string if it is ASCII with nothing to escape
 * (so valid UTF-8 with no check needed) and return true; otherwise append
 * nothing and return false.  Also true when out of memory (out->failed). */
bool ank__ir_text_ascii(ank_buf *out, const char *s, size_t n);

/* Append the key `key[0..n)` of a compact object being written: a comma
 * unless the text so far ends in an opening bracket (or is empty), the key
 * as a JSON string, and a colon. */
void ank__ir_text_key(ank_buf *out, const char *key, size_t n);

/* Append v in decimal, as jansson prints an integer. */
void ank__ir_text_integer(ank_buf *out, json_int_t v);

/* Append compact JSON text (no whitespace outside strings, as above) laid
 * out as JSON_INDENT(2) prints it, for a value nested `depth` levels
 * deep. */
void ank__ir_text_indent(ank_buf *out, const char *text, size_t n,
                         unsigned depth);

/* Where indenting a text given in pieces has got to. */
typedef struct ank_indent {
    unsigned depth;
    bool in_string, escape; /* inside a string; just after its backslash */
    char held;              /* an opening bracket not written yet, or 0 */
} ank_indent;

/* ank__ir_text_indent of a text given in pieces, cut anywhere: start with
 * {.depth = depth}, pass each piece in order, then end once.  The output
 * is that of indenting the whole text at once. */
void ank__ir_text_indent_more(ank_buf *out, ank_indent *st, const char *text,
                              size_t n);
/* Finish a text (leaves *st ready for the next, at the same depth). */
void ank__ir_text_indent_end(ank_buf *out, ank_indent *st);

/* A newline and the indentation of `depth` levels. */
void ank__ir_text_newline(ank_buf *out, unsigned depth);

#endif
