/*
 * dfa_min.h - DFA minimisation (dfa_min.c).
 */
#ifndef ANK_BRAID_DFA_MIN_H
#define ANK_BRAID_DFA_MIN_H

#include <stddef.h>
#include <stdint.h>

/*
 * Hopcroft: the coarsest partition of the n states (k columns, moves
 * trans[s * k + a]) that separates accepting from rejecting states and is
 * stable (equivalent states move to equivalent states), into cls[]
 * numbered by smallest state.  Blocks are runs of `elems`; a splitter's
 * predecessors are moved to the front of their blocks, which then split.
 * Returns the block count, 0 when out of memory.
 */
uint32_t ank__dfa_refine(size_t n, size_t k, const uint32_t *trans,
                         const uint8_t *acc, uint32_t *cls);

#endif
