/*
 * vocab.h - a tokenizer's vocabulary as byte strings, for token masks:
 * every token id with the exact bytes it stands for, which ids are special
 * (never produced by a grammar, only EOS ends one), and the tokens in byte
 * order with their common prefixes, the order mask computations walk.
 *
 * Loaded from a Hugging Face tokenizer.json (byte-level BPE with the GPT-2
 * byte-to-unicode mapping; SentencePiece-style with U+2581 for space and
 * <0xXX> byte-fallback tokens; added and special tokens) or from a plain
 * list (one token a line, escaped).  Immutable once loaded: may be shared
 * by any number of threads and matchers.
 */
#ifndef ANK_VOCAB_H
#define ANK_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ananke.h"

/* ank_vocab is declared in ananke.h (the public loader). */

/* Number of token ids: one past the largest id (ids may have gaps). */
uint32_t ank__vocab_size(const ank_vocab *v);

/* The bytes of token `id` (borrowed; *len receives the length), or NULL
 * for an id with no token (a gap) or out of range.  Special tokens have
 * their text as bytes but are marked special. */
const uint8_t *ank__vocab_bytes(const ank_vocab *v, uint32_t id, size_t *len);

/* Special (control) tokens: added tokens marked special, and the EOS ids.
 * A grammar never allows them, except EOS when the grammar can end. */
bool ank__vocab_special(const ank_vocab *v, uint32_t id);

/* The end-of-sequence ids (detected, or configured at load). */
const uint32_t *ank__vocab_eos(const ank_vocab *v, size_t *n);

/* The non-special, non-empty tokens sorted by their bytes (memcmp order,
 * shorter first on a tie of the common part): sorted id at position i is
 * order->ids[i]; order->lcp[i] is the length of the common prefix of
 * tokens i-1 and i (0 for i == 0).  A mask walk keeps a matcher state per
 * prefix length: at position i it rewinds to depth lcp[i] and feeds the
 * rest of the token; when a byte is rejected at depth d, every following
 * position with lcp > d can be skipped (ank__vocab_run_end()).
 * order->next[i] is the first position after i whose lcp is below
 * lcp[i] (n when none). */
typedef struct ank_token_order {
    uint32_t n;
    const uint32_t *ids;
    const uint32_t *lcp;
    const uint32_t *next;
} ank_token_order;

/* The first position from i on whose lcp is at most d: past the tokens
 * that share more than d bytes with the one before i.  Each step skips a
 * run whose lcp is at least that of its first position, and lowers the
 * lcp reached, so it takes at most the longest token's length steps. */
static inline uint32_t ank__vocab_run_end(const ank_token_order *o,
                                          uint32_t i, uint32_t d)
{
    while (i < o->n && o->lcp[i] > d)
        i = o->next[i];
    return i;
}

const ank_token_order *ank__vocab_order(const ank_vocab *v);

/* Is `id` one of the EOS ids? */
bool ank__vocab_eos_id(const ank_vocab *v, uint32_t id);

/* The length of the longest token, in bytes. */
size_t ank__vocab_max_len(const ank_vocab *v);

#endif
