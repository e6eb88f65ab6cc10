/*
 * rmatch.h - token masks for a regex: the regex's code-point DFA
 * (dfa.h) expanded into a byte-level DFA (UTF-8 sequences through
 * intermediate states), and for every state the bitset of the tokens
 * whose bytes lead to a state from which the text can still match.
 *
 * A compiled regex (ank_rgram) is immutable and may be shared by threads
 * and matchers: a matcher's state is one uint32_t, a step one table
 * lookup, a mask one copy.
 */
#ifndef ANK_RMATCH_H
#define ANK_RMATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ananke.h"
#include "vocab.h"

typedef struct ank_rgram ank_rgram;

/* Limits: a regex that needs more fails with ANK_ERR_LIMIT. */
#define ANK_RMATCH_MAX_STATES 65536                   /* byte-level states */
#define ANK_RMATCH_MAX_MASK_BYTES ((size_t)256 << 20) /* distinct masks */

typedef enum ank_rmatch_mode {
    ANK_RMATCH_FULL,  /* the whole text matches the regex */
    ANK_RMATCH_FORBID /* no part of the text matches it */
} ank_rmatch_mode;

/* The dead state: nothing can follow, its mask is empty. */
#define ANK_RMATCH_DEAD 0u

/* Compile `pattern` (`length` bytes, no NUL) against `vocab` (borrowed;
 * must outlive the result).  ANK_ERR_INVALID_ARGUMENT (a NUL in the
 * pattern), ANK_ERR_FORMAT (outside braid's regex subset, with the
 * offset), ANK_ERR_LIMIT, ANK_ERR_NOMEM. */
ank_status ank__rgram_compile(const char *pattern, size_t length,
                              ank_rmatch_mode mode, const ank_vocab *vocab,
                              ank_rgram **out, ank_error *error);
void ank__rgram_free(ank_rgram *g);

/* The start state (ANK_RMATCH_DEAD when nothing can match at all). */
uint32_t ank__rgram_start(const ank_rgram *g);

/* The state after `byte` (ANK_RMATCH_DEAD when the text can no longer
 * match). */
uint32_t ank__rgram_step(const ank_rgram *g, uint32_t state, uint8_t byte);

/* Feed n bytes; ANK_RMATCH_DEAD as soon as one is rejected. */
uint32_t ank__rgram_feed(const ank_rgram *g, uint32_t state,
                         const uint8_t *bytes, size_t n);

/* May the text end in `state`? */
bool ank__rgram_accepting(const ank_rgram *g, uint32_t state);

/* The allowed tokens in `state` (EOS ids included when it accepts):
 * (ank__vocab_size + 31) / 32 words, borrowed. */
const uint32_t *ank__rgram_mask(const ank_rgram *g, uint32_t state);

/* The byte every continuation of `state` starts with, or -1 (none, or the
 * text may end there). */
int ank__rgram_forced(const ank_rgram *g, uint32_t state);

/* Sizes, for tests and benchmarks. */
uint32_t ank__rgram_nstates(const ank_rgram *g);
size_t ank__rgram_memory(const ank_rgram *g);

#endif
