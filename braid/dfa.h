/*
 * dfa.h - deterministic automata over Unicode code points, built from
 * regexes of the subset braid emits (regex.h, docs/regex.md): Thompson
 * NFA, subset construction, Moore minimisation.
 *
 * The alphabet is partitioned into classes: code points that every
 * transition treats alike share a class, and each class is a sorted list of
 * inclusive [lo, hi] ranges.  The automaton is complete (every state has a
 * transition on every class); state 0 is the start state.
 */
#ifndef ANK_DFA_H
#define ANK_DFA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ananke.h"

/* Size limits: a build that needs more fails with ANK_ERR_LIMIT. */
#define ANK_DFA_MAX_STATES 4096
#define ANK_DFA_MAX_NFA_STATES 200000

typedef struct ank_dfa ank_dfa;

/* A DFA accepting exactly the strings that CONTAIN a match of any of the
 * `n` regexes (Σ* (r1|r2|...) Σ*), or, when `anchored`, the strings that
 * match one of them entirely.  `^` and `$` hold at the start and the end
 * of the whole string.  With n == 0 the contains form accepts nothing and
 * the anchored form nothing either.  ANK_OK, ANK_ERR_FORMAT (a regex
 * outside the subset), ANK_ERR_LIMIT or ANK_ERR_NOMEM. */
ank_status ank__dfa_build(const char *const *regexes, size_t n, bool anchored,
                          ank_dfa **out, ank_error *error);
void ank__dfa_free(ank_dfa *d);

/* Does the automaton accept the UTF-8 text s[0, len)?  A byte that does
 * not start a valid sequence reads as U+FFFD. */
bool ank__dfa_match(const ank_dfa *d, const char *s, size_t len);

/* Swap accepting and rejecting states (the language's complement). */
void ank__dfa_complement(ank_dfa *d);

uint32_t ank__dfa_nstates(const ank_dfa *d);
uint32_t ank__dfa_nclasses(const ank_dfa *d);
/* The class of code point `cp` (any value up to 0x10FFFF). */
uint32_t ank__dfa_class_of(const ank_dfa *d, uint32_t cp);
/* The ranges of class `cls`: *nranges pairs, lo then hi, sorted. */
const uint32_t *ank__dfa_class_ranges(const ank_dfa *d, uint32_t cls,
                                      size_t *nranges);
uint32_t ank__dfa_next(const ank_dfa *d, uint32_t state, uint32_t cls);
bool ank__dfa_accepting(const ank_dfa *d, uint32_t state);
/* Can an accepting state still be reached from `state`? */
bool ank__dfa_live(const ank_dfa *d, uint32_t state);

#endif
