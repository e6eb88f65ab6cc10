/*
 * completion_sets.h - the store of a completion grammar's sets of classes
 * (completion_rules.h): each distinct bitset of classes once, found
 * through a hash table; finding one is inline here, so that it stays
 * inlined where the printers and the parts of D look sets up; making a
 * new one and growing the storage are in completion_sets.c.  Private to
 * completion*.c.
 */
#ifndef ANK_COMPLETION_SETS_H
#define ANK_COMPLETION_SETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "completion_rules.h"

/* Sets past this many are ANK_ERR_LIMIT (so a set's index fits 16 bits,
 * as D's parts hold it). */
#define ANK_CSET_MAX 0xFFFF

static inline bool ank__cset_same(const uint64_t *a, const uint64_t *b,
                                  size_t gw)
{
    for (size_t w = 0; w < gw; w++)
        if (a[w] != b[w])
            return false;
    return true;
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
 * UINT32_MAX (and b failed) when out of memory or past ANK_CSET_MAX. */
static inline uint32_t ank__cset_of(ank_cbuild *b, const uint64_t *bits,
                                    size_t gw)
{
    uint32_t hash = ank__cset_hash(bits, gw);
    size_t mask = b->stcap - 1, h = hash & mask;
    for (; b->stab[h]; h = (h + 1) & mask) {
        uint32_t s = b->stab[h] - 1;
        if (ank__cset_same(b->sbits + (size_t)s * gw, bits, gw))
            return s;
    }
    return ank__cset_new(b, bits, hash, h);
}

/* Room in the array *v of *cap entries of `size` bytes, one per set of
 * classes, for the entry of set `set` (the capacity doubled from 64, the
 * new entries zeroed).  False (and b failed) when out of memory. */
bool ank__cset_index_room(ank_cbuild *b, void **v, size_t *cap, size_t set,
                          size_t size);

/* Room for n + 1 entries in two arrays of one capacity *cap, the first
 * `first` entries: *x of xsize bytes an entry, *y of ysize; both grow
 * (doubling) together.  False (and b failed) when out of memory. */
bool ank__cset_grow2_slow(ank_cbuild *b, void **x, size_t xsize, void **y,
                          size_t ysize, size_t *cap, size_t first);

static inline bool ank__cset_grow2(ank_cbuild *b, void **x, size_t xsize,
                                   void **y, size_t ysize, size_t *cap,
                                   size_t n, size_t first)
{
    return n < *cap || ank__cset_grow2_slow(b, x, xsize, y, ysize, cap, first);
}

#endif
