/*
 * completion_print.h - a completion grammar printed straight from its
 * nonterminals (completion_rules.h), in GBNF or Lark,
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

/* A printer of `b` (its rules made and marked productive: after
 * ank__completion_rules), which lists each rule's alternatives again as
 * it prints (ank__completion_sorted()), so b must outlive it and is not
 * owned; printing adds to b's sets of classes and may record a failure
 * in b.  NULL with b->status set when out of memory; NULL with b->status
 * still ANK_OK when this grammar is one whose text this printer does not
 * reproduce (a lexer state's name that the model's printer would rename,
 * or a class of surrogates alone, which the model rejects): the caller
 * prints it through the model then. */
ank_cprint *ank__cprint_new(ank_cbuild *b);

/* Append the grammar in `dialect`, JSON-escaped when `json`, to `out`:
 * ANK_OK, or ANK_ERR_NOMEM with `out` as it was (unless it failed
 * itself), as ank__gprint_write does.  When `out` has a sink, it is
 * drained (ank__buf_drain) between rules every few tens of kilobytes, so
 * the text never sits in memory whole. */
ank_status ank__cprint_write(ank_cprint *p, ank_gram_dialect dialect,
                             bool json, ank_buf *out);

/* Both dialects at once, into `gbnf` and `lark` (neither with a sink),
 * listing each rule's alternatives once for both: what printing them one
 * after the other gives, in half the listing. */
ank_status ank__cprint_write_both(ank_cprint *p, bool json, ank_buf *gbnf,
                                  ank_buf *lark);

/* NULL is a no-op. */
void ank__cprint_free(ank_cprint *p);

#endif
