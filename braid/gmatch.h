/*
 * gmatch.h - a byte-level matcher for the GBNF grammars braid emits
 * (docs/grammars.md; entry rule "root"): which bytes and which tokens may
 * come next, after the bytes accepted so far.
 *
 * A compiled grammar (ank_ggram) may be shared by threads and matchers;
 * it holds what does not depend on the parse state, such as the
 * per-position sets of tokens whose verdict is fixed (context-independent
 * tokens), computed against a vocabulary: at compile time up to a budget,
 * and the rest, under a lock, the first time a parse needs them.  A matcher (ank_gmatch) is
 * one parse, used by one thread at a time.
 */
#ifndef ANK_GMATCH_H
#define ANK_GMATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ffi/buf.h"
#include "ananke.h"
#include "vocab.h"

typedef struct ank_ggram ank_ggram;
typedef struct ank_gmatch ank_gmatch;

/* Limits: a grammar or a parse that needs more fails with ANK_ERR_LIMIT
 * (the items a parse holds and visits per call: gmatch_earley.h). */
#define ANK_GMATCH_MAX_RULES 65536
#define ANK_GMATCH_MAX_BYTES ((size_t)1 << 20) /* bytes one parse accepts */

/* Compile GBNF text against `vocab` (borrowed; must outlive the grammar).
 * Errors: ANK_ERR_FORMAT with line and column (not GBNF of the subset,
 * an undefined rule, no "root"), ANK_ERR_LIMIT, ANK_ERR_NOMEM. */
ank_status ank__ggram_compile(const char *gbnf, size_t length,
                              const ank_vocab *vocab, ank_ggram **out,
                              ank_error *error);
void ank__ggram_free(ank_ggram *g);

/* The same, computing token classes at compile time only until
 * `eager_work` token bytes were fed (ank__ggram_compile: about a second's
 * worth); the rest are computed when first needed.  Masks are the same
 * either way.  The Earley items one token class may visit (and the
 * compile-time classes together): `class_work`; a mask or the forced
 * bytes: `mask_work` (ank__ggram_compile: ANK__EARLEY_MAX_WORK each;
 * tests lower them to reach the limits). */
ank_status ank__ggram_compile_with(const char *gbnf, size_t length,
                                   const ank_vocab *vocab, uint64_t eager_work,
                                   uint64_t class_work, uint64_t mask_work,
                                   ank_ggram **out, ank_error *error);

/* A new matcher at the start of the grammar.  ANK_ERR_NOMEM. */
ank_status ank__gmatch_new(const ank_ggram *g, ank_gmatch **out,
                           ank_error *error);
void ank__gmatch_free(ank_gmatch *m);

/* Accept `n` bytes: all of them, or none (false, the state unchanged):
 * refused by the grammar, or the parse failed (ank__gmatch_status). */
bool ank__gmatch_accept(ank_gmatch *m, const uint8_t *bytes, size_t n);

/* Why the last accept, mask or forced bytes failed, when not for the
 * grammar: ANK_ERR_LIMIT (the parse went past its limits,
 * gmatch_earley.h: an ambiguous grammar), ANK_ERR_NOMEM; else ANK_OK.
 * *at (nullable): the byte of the text where the parse stopped. */
ank_status ank__gmatch_status(const ank_gmatch *m, size_t *at);

/* Bytes accepted so far; ank__gmatch_rewind(m, k) returns to the state
 * after the first k of them (k <= that count).  Rewinding to 0 resets. */
size_t ank__gmatch_position(const ank_gmatch *m);
void ank__gmatch_rewind(ank_gmatch *m, size_t position);

/* May the text end here (is what was accepted a sentence of root)? */
bool ank__gmatch_can_end(const ank_gmatch *m);

/* Set bit i (bit i % 32 of words[i / 32], 1 = allowed) for every
 * non-special token that may come next, and the EOS ids when the text may
 * end; clear every other bit.  `nwords` >= (ank__vocab_size + 31) / 32.
 * ANK_ERR_NOMEM (the words are then all zero). */
ank_status ank__gmatch_fill_mask(ank_gmatch *m, uint32_t *words,
                                 size_t nwords);

/* Append to `out` the longest byte string every continuation starts with
 * (empty when the next byte is not forced). */
void ank__gmatch_forced(const ank_gmatch *m, ank_buf *out);

#endif
