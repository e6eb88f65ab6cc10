/*
 * completion_alts.h - the store of a completion grammar's alternatives
 * (ank_calt, completion_rules.h): finding an equal one through the hash
 * table (and its set of classes in theirs) and appending an index to
 * the list of the nonterminal being expanded are inline here, so that
 * adding an alternative stays inlined in the expansion; making a new one
 * and growing the storage are in completion_alts.c.  Private to completion*.c.
 */
#ifndef ANK_COMPLETION_ALTS_H
#define ANK_COMPLETION_ALTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "completion_rules.h"

/* Nonterminals fit the 16 bits of ank__calt_key() (0xFFFF: no inside). */
_Static_assert(ANK_COMPLETION_MAX_RULES < 0xFFFF, "packed keys");

static inline bool ank__calt_same(const uint64_t *a, const uint64_t *b,
                                  size_t gw)
{
    for (size_t w = 0; w < gw; w++)
        if (a[w] != b[w])
            return false;
    return true;
}

/* An alternative's key (ank_calt); inner UINT32_MAX for none, closer 0
 * for none, set: its classes' (ank__cset_of()). */
static inline uint64_t ank__calt_key(uint32_t target, uint32_t inner,
                                     uint8_t closer, uint32_t set)
{
    uint64_t in = inner == UINT32_MAX ? 0xFFFF : inner;
    uint64_t rank = closer == ')' ? 1 : closer == ']' ? 2 : closer == '}' ? 3
                                                                        : 0;
    return in << 48 | (uint64_t)target << 32 | rank << ANK_CALT_POS | set;
}

static inline uint32_t ank__calt_hash(uint64_t key)
{
    return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 32);
}

/* The alternatives' table holds at most half as many as its slots, so
 * their indices + 1 fit 16 bits while it has at most this many. */
#define ANK_CALT_TAB16 (2 * (size_t)0xFFFF)

/* Slot h of the alternatives' table: index + 1, 0 when empty. */
static inline uint32_t ank__calt_entry(const ank_cbuild *b, size_t h)
{
    return b->atcap <= ANK_CALT_TAB16 ? ((const uint16_t *)b->atab)[h]
                                      : ((const uint32_t *)b->atab)[h];
}

/* The alternatives' table slot of key, hashed as `hash`: the
 * alternative's index + 1 there, or a free slot (0) where it would go. */
static inline size_t ank__calt_slot(const ank_cbuild *b, uint64_t key,
                                    uint32_t hash)
{
    size_t mask = b->atcap - 1, h = hash & mask;
    for (uint32_t x; (x = ank__calt_entry(b, h)) != 0 &&
                     b->alts[x - 1].key != key;)
        h = (h + 1) & mask;
    return h;
}

static inline uint32_t ank__cset_hash(const uint64_t *bits, size_t gw)
{
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (size_t w = 0; w < gw; w++)
        h = (h ^ bits[w]) * 0xBF58476D1CE4E5B9ull;
    return (uint32_t)(h >> 32);
}

/* Double the sets' table (first 64 slots); false (and b failed) when out
 * of memory. */
bool ank__cset_grow_table(ank_cbuild *b);

/* A new set of classes; its index, or UINT32_MAX (and b failed). */
uint32_t ank__cset_new(ank_cbuild *b, const uint64_t *bits, uint32_t hash,
                       size_t h);

/* The index of the set of classes `bits` (gw words), made when new;
 * UINT32_MAX (and b failed) when out of memory or past ANK_CALT_LOW. */
static inline uint32_t ank__cset_of(ank_cbuild *b, const uint64_t *bits,
                                    size_t gw)
{
    uint32_t hash = ank__cset_hash(bits, gw);
    size_t mask = b->stcap - 1, h = hash & mask;
    for (; b->stab[h]; h = (h + 1) & mask) {
        uint32_t s = b->stab[h] - 1;
        if (ank__calt_same(b->sbits + (size_t)s * gw, bits, gw))
            return s;
    }
    return ank__cset_new(b, bits, hash, h);
}

/* Append alternative `a` to the nonterminal being expanded (there is
 * room: ank__calt_room()); true. */
static inline bool ank__calt_push(ank_cbuild *b, uint32_t a)
{
    if (b->cur16)
        b->cur16[b->nalt++] = (uint16_t)a;
    else
        b->cur32[b->nalt++] = a;
    return true;
}

/* Room for n + 1 entries in two arrays of one capacity *cap, the first
 * `first` entries: *x of xsize bytes an entry, *y of ysize; both grow
 * (doubling) together.  False (and b failed) when out of memory. */
bool ank__calt_grow2_slow(ank_cbuild *b, void **x, size_t xsize, void **y,
                          size_t ysize, size_t *cap, size_t first);

static inline bool ank__calt_grow2(ank_cbuild *b, void **x, size_t xsize,
                                   void **y, size_t ysize, size_t *cap,
                                   size_t n, size_t first)
{
    return n < *cap || ank__calt_grow2_slow(b, x, xsize, y, ysize, cap, first);
}

/* Room in the current chunk of lists for the alternatives of one more
 * nonterminal (at most b->maxalts); false (and b failed) when out of
 * memory or out of chunks. */
bool ank__calt_room(ank_cbuild *b);

/* Double the alternatives' table (first 2 * b->guess slots); false (and
 * b failed) when out of memory. */
bool ank__calt_grow_table(ank_cbuild *b);

/* The new alternative of key (its set included), hashed as `hash`, whose
 * free table slot is h (ank__calt_slot()); its index, or UINT32_MAX (and
 * b failed) when out of memory. */
uint32_t ank__calt_new(ank_cbuild *b, uint64_t key, uint32_t hash, size_t h);

#endif
