/*
 * jw.h - a streaming JSON writer over ank_buf, pretty (2-space indent) or
 * compact.  Used by every JSON output of the library.
 */
#ifndef ANK_JW_H
#define ANK_JW_H

#include <stdbool.h>
#include <stdint.h>

#include "../ffi/buf.h"

#define JW_MAX_DEPTH 256

typedef struct jw {
    ank_buf *out;
    int pretty;
    int depth;
    unsigned char has_items[JW_MAX_DEPTH];
    int after_key;
} jw;

void ank__jw_open(jw *w, char c);  /* '{' or '[' */
void ank__jw_close(jw *w, char c); /* '}' or ']' */
void ank__jw_key(jw *w, const char *key);
void ank__jw_str(jw *w, const char *s); /* NULL writes null */
void ank__jw_uint(jw *w, uint64_t v);
void ank__jw_bool(jw *w, bool v);
void ank__jw_null(jw *w);
/* A number in [0, 1] with at most three decimals. */
void ank__jw_fraction(jw *w, double v);
/* "key": [strings] */
void ank__jw_strings(jw *w, const char *key, const char *const *items,
                     uint32_t n);
/* A JSON string literal (quotes included) of n bytes of text. */
void ank__jw_escaped(ank_buf *out, const char *text, size_t n);

#define jw_open ank__jw_open
#define jw_close ank__jw_close
#define jw_key ank__jw_key
#define jw_str ank__jw_str
#define jw_uint ank__jw_uint
#define jw_bool ank__jw_bool
#define jw_null ank__jw_null
#define jw_fraction ank__jw_fraction
#define jw_strings ank__jw_strings

#define KSTR(w, k, v) (jw_key(w, k), jw_str(w, v))
#define KBOOL(w, k, v) (jw_key(w, k), jw_bool(w, v))
#define KUINT(w, k, v) (jw_key(w, k), jw_uint(w, v))


#endif
