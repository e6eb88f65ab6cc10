/*
 * completion_print.h - a completion grammar printed straight from its
 * nonterminals and alternatives (completion_rules.h), in GBNF or Lark,
 * plain or JSON-escaped: byte for byte the text the grammar model's
 * printer gives of the grammar completion.c's emit() would make of them,
 * without making it.  Private to completion*.c.
 */
#ifndef ANK_COMPLETION_PRINT_H
#define ANK_COMPLETION_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ffi/buf.h"
#include "completion_rules.h"
#include "grammar.h"

typedef struct ank_cprint ank_cprint;

/* The code point ranges of the union of the classes of `bits` (gwords
 * words): their segments in order, adjacent ones merged, written to `r`
 * (room for 2 * nsegs + 2 values) with `segs` as scratch (swords words).
 * A set holding all of non-ASCII comes as the negation of its ASCII gaps
 * (*negated true): XGrammar reads negated classes right but not positive
 * ones that reach past ASCII.  Returns the number of ranges. */
size_t ank__completion_ranges(const ank_cbuild *b, const uint64_t *bits,
                              uint32_t *r, uint64_t *segs, bool *negated);

/* What printing needs of `b` (its rules made and marked productive: after
 * ank__completion_rules).  It frees b's tables as their last use is past
 * (ank__completion_drop_rules) and makes its own nonterminals,
 * alternatives and lists in place of b's (nts, alts, the list chunks), so
 * b may only be released afterwards,
 * unless it returns NULL with b->status still ANK_OK: then b is whole,
 * for the model.  NULL with b->status set on failure (ANK_ERR_NOMEM, or
 * ANK_ERR_LIMIT as emit() would fail); NULL with b->status still ANK_OK
 * when this grammar is one whose text this printer does not reproduce (a
 * lexer state's name that the model's printer would rename, or a class
 * the model rejects) or whose alternatives are more than its 16-bit
 * tables number (or b->wide): the caller prints it through the model
 * then. */
ank_cprint *ank__cprint_new(ank_cbuild *b);

/* Append the grammar in `dialect`, JSON-escaped when `json`, to `out`:
 * ANK_OK, or ANK_ERR_NOMEM with `out` as it was (unless it failed
 * itself), as ank__gprint_write does.  When `out` has a sink, it is
 * drained (ank__buf_drain) between rules every few tens of kilobytes, so
 * the text never sits in memory whole. */
ank_status ank__cprint_write(ank_cprint *p, ank_gram_dialect dialect,
                             bool json, ank_buf *out);

/* NULL is a no-op. */
void ank__cprint_free(ank_cprint *p);

#endif
