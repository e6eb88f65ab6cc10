/*
 * completion_lexer.h - the lexers of completion grammars: per language, a
 * table automaton over input buckets whose states say whether the text
 * is in code, a string or a comment, and whose actions open and close
 * brackets.  Private to completion*.c.
 */
#ifndef ANK_COMPLETION_LEXER_H
#define ANK_COMPLETION_LEXER_H

#include <stdbool.h>
#include <stdint.h>

#include "../clew/constraint.h"

#define MAXL 64 /* Python: 20 states and up to 40 of indentation */
#define NB 129 /* lexer input buckets: ASCII, then all of non-ASCII */

enum { A_REJECT, A_GO, A_OPEN, A_CLOSE };

/* GO: to `next`.  OPEN: a bracket closed by `closer`; its inside starts in
 * `inner`, after the closer the lexer is in `next`.  CLOSE: closes a
 * bracket whose closer is this character. */
typedef struct ank_lex_act {
    uint8_t kind, next, inner, closer;
} ank_lex_act;

/* tab: room for MAXL rows while the lexer is filled (the caller's), its
 * n rows after. */
typedef struct ank_lexer {
    int n;
    ank_lex_act (*tab)[NB];
    bool end_ok[MAXL]; /* the completion may end here */
    const char *name[MAXL];
} ank_lexer;

/* Fill the empty lexer `lx` (its tab with room for MAXL rows) for a
 * language with C-like brackets (TypeScript, TSX, Go, Rust, Zig): state 0
 * is code. */
void ank__completion_brace_lexer(ank_lexer *lx, ank_lang lang);
/* Fill the empty lexer `lx` for Python, whose lines after the first must
 * start with `indent` (spaces and tabs, at most
 * ANK_COMPLETION_MAX_INDENT bytes): state 0 is code. */
void ank__completion_python_lexer(ank_lexer *lx, const char *indent);

#endif
