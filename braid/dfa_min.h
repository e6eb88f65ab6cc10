/*
 * dfa_min.h - the alphabet of an automaton under construction and its
 * minimisation (dfa_min.c); private to dfa*.c.
 */
#ifndef ANK_BRAID_DFA_MIN_H
#define ANK_BRAID_DFA_MIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dfa.h"
#include "regex.h"

/* The alphabet of some regexes: interval i is [cuts[i], cuts[i + 1] - 1]
 * (the last ends at U+10FFFF), in column icol[i]; intervals that every
 * set treats alike share a column.  Parse node j, when a set, is set
 * bits[j] (else UINT32_MAX), whose columns are the bitset of `words`
 * words at bitsets + bits[j] * words. */
typedef struct ank_dfa_alpha {
    uint32_t *cuts, *icol, *bits;
    size_t ncuts, ncols, words;
    uint64_t *bitsets;
} ank_dfa_alpha;

/* The alphabet of the regexes parsed into rx, into the empty *a; false
 * when out of memory (what was made stays in *a for the caller to free). */
bool ank__dfa_cut_alphabet(const ank_rx *rx, ank_dfa_alpha *a);

/* The minimal automaton of n states over a's columns, its columns that
 * agree merged into classes (live not yet computed); NULL when out of
 * memory.  State s accepts when acc[s]; it moves on column c to dflt[c]
 * but for its exceptions j in estart[s] .. estart[s + 1] - 1: on column
 * ecol[j] to etgt[j].  dflt[c] >= n: every state has an exception on c.
 * The work is in proportion to the exceptions, not to n * columns. */
ank_dfa *ank__dfa_minimize(const ank_dfa_alpha *a, size_t n,
                           const uint32_t *estart, const uint32_t *ecol,
                           const uint16_t *etgt, const uint32_t *dflt,
                           const uint8_t *acc);

/* d->live[s]: an accepting state can be reached from s. */
void ank__dfa_find_live(ank_dfa *d);

/* Lists of numbers (NFA states; gmatch_share.c's keys) found again by
 * content: list i is pool[ent[i].off ..] of ent[i].len, hashed
 * ent[i].hash, with value ent[i].val; those of value ANK_RX_NONE are not
 * found. */
typedef struct ank_dfa_tab {
    uint32_t *pool;
    struct { uint32_t off, len, val, hash; } *ent;
    size_t npool, pcap, n, cap;
    uint32_t *table; /* open addressing, at most half full: list + 1 */
    size_t tcap;
} ank_dfa_tab;

/* The value of list s[0, n), hashed h, or ANK_RX_NONE. */
uint32_t ank__dfa_tab_find(const ank_dfa_tab *t, const uint32_t *s,
                           size_t n, uint32_t h);

/* Add list s[0, n), hashed h, with value `val` (found again unless
 * ANK_RX_NONE); false when out of memory. */
bool ank__dfa_tab_add(ank_dfa_tab *t, const uint32_t *s, size_t n, uint32_t h,
                      uint32_t val);

/* The interval of the sorted starts[0, n) (starts[0] == 0) holding cp. */
uint32_t ank__dfa_interval_of(const uint32_t *starts, size_t n, uint32_t cp);

/* A hash of s[0], s[step], ... (n values). */
uint64_t ank__dfa_hash_words(const uint32_t *s, size_t n, size_t step);

/*
 * Number the n rows into classes of equal rows, in order of first
 * appearance, into cls[].  Row r is e[i * step] for i < width, where e =
 * entries + r * stride.  Returns the class count, 0 when out of memory.
 */
uint32_t ank__dfa_group_rows(size_t n, const uint32_t *entries, size_t stride,
                             size_t width, size_t step, uint32_t *cls);

#endif
