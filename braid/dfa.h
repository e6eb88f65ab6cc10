/*
 * dfa.h - deterministic automata over Unicode code points, built from
 * regexes of the subset braid emits (regex.h, docs/regex.md): Thompson
 * NFA, subset construction, Hopcroft minimisation.
 *
 * The alphabet is partitioned into classes: code points that every
 * transition treats alike share a class, and each class is a sorted list of
 * inclusive [lo, hi] ranges.  The automaton is complete (every state has a
 * transition on every class); state 0 is the start state.  The structure
 * is here, read-only to users, so that the per-state queries inline into
 * the loops that walk an automaton.
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

typedef struct ank_dfa {
    uint32_t nstates, nclasses;
    uint32_t *next;      /* nstates * nclasses */
    uint8_t *accept, *live;
    uint32_t nint;       /* alphabet intervals, adjacent ones of one class
                            merged */
    uint32_t *lo, *cls;  /* interval i starts at lo[i], has class cls[i] */
    uint32_t *ranges;    /* class c: pairs rstart[c] .. rstart[c + 1] - 1 */
    uint32_t *rstart;
} ank_dfa;

/* A DFA accepting exactly the strings that CONTAIN a match of any of the
 * `n` regexes (Σ* (r1|r2|...) Σ*), or, when `anchored`, the strings that
 * match one of them entirely.  `^` and `$` hold at the start and the end
 * of the whole string.  With n == 0 the contains form accepts nothing and
 * the anchored form nothing either.  ANK_OK, ANK_ERR_FORMAT (a regex
 * outside the subset), ANK_ERR_LIMIT or ANK_ERR_NOMEM. */
ank_status ank__dfa_build(const char *const *regexes, size_t n, bool anchored,
                          ank_dfa **out, ank_error *error);
/* ank__dfa_build() then ank__dfa_complement(), without finding the live
 * states of the automaton before it is complemented. */
ank_status ank__dfa_build_complement(const char *const *regexes, size_t n,
                                     bool anchored, ank_dfa **out,
                                     ank_error *error);
void ank__dfa_free(ank_dfa *d);

/* Does the automaton accept the UTF-8 text s[0, len)?  A byte that does
 * not start a valid sequence reads as U+FFFD. */
bool ank__dfa_match(const ank_dfa *d, const char *s, size_t len);

/* Swap accepting and rejecting states (the language's complement). */
void ank__dfa_complement(ank_dfa *d);

/* The class of code point `cp` (any value up to 0x10FFFF). */
uint32_t ank__dfa_class_of(const ank_dfa *d, uint32_t cp);

static inline uint32_t ank__dfa_nstates(const ank_dfa *d)
{
    return d->nstates;
}

static inline uint32_t ank__dfa_nclasses(const ank_dfa *d)
{
    return d->nclasses;
}

/* The ranges of class `cls`: *nranges pairs, lo then hi, sorted. */
static inline const uint32_t *ank__dfa_class_ranges(const ank_dfa *d,
                                                    uint32_t cls,
                                                    size_t *nranges)
{
    *nranges = d->rstart[cls + 1] - d->rstart[cls];
    return d->ranges + 2 * d->rstart[cls];
}

/* The transitions of `state`: the next state by class, nclasses of them. */
static inline const uint32_t *ank__dfa_row(const ank_dfa *d, uint32_t state)
{
    return d->next + (size_t)state * d->nclasses;
}

static inline uint32_t ank__dfa_next(const ank_dfa *d, uint32_t state,
                                     uint32_t cls)
{
    return d->next[(size_t)state * d->nclasses + cls];
}

static inline bool ank__dfa_accepting(const ank_dfa *d, uint32_t state)
{
    return d->accept[state];
}

/* Can an accepting state still be reached from `state`? */
static inline bool ank__dfa_live(const ank_dfa *d, uint32_t state)
{
    return d->live[state];
}

#endif
