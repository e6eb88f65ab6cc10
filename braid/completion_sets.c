/*
 * completion_sets.c - the slow paths of the store of a completion
 * grammar's sets of classes (completion_sets.h has the inline lookup):
 * making a new set, growing the sets and their table, and growing the
 * arrays others keep per set.
 *
 * Invariants: the sets are all distinct, b->gwords words each in sbits
 * (of capacity scap), at most ANK_CSET_MAX of them; the table (stcap
 * slots, a power of 2) holds index + 1 of every set by open addressing
 * and is at most half full (0: empty slot).
 */
#include "completion_sets.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"

bool ank__cset_grow2_slow(ank_cbuild *b, void **x, size_t xsize, void **y,
                          size_t ysize, size_t *cap, size_t first)
{
    size_t want = *cap ? 2 * *cap : first;
    void *gx = ank__realloc(*x, want * xsize);
    if (gx)
        *x = gx;
    void *gy = gx ? ank__realloc(*y, want * ysize) : NULL;
    if (gy)
        *y = gy;
    if (!gx || !gy)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    *cap = want;
    return true;
}

bool ank__cset_grow_table(ank_cbuild *b)
{
    size_t cap = b->stcap ? 2 * b->stcap : 64, gw = b->gwords;
    uint32_t *tab = ank__calloc(cap, sizeof *tab);
    if (!tab)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    ank__free(b->stab);
    b->stab = tab;
    b->stcap = cap;
    for (size_t s = 0; s < b->nsets; s++) { /* all distinct */
        size_t h = ank__cset_hash(b->sbits + s * gw, gw) & (cap - 1);
        while (tab[h])
            h = (h + 1) & (cap - 1);
        tab[h] = (uint32_t)s + 1;
    }
    return true;
}

uint32_t ank__cset_new(ank_cbuild *b, const uint64_t *bits, uint32_t hash,
                       size_t h)
{
    size_t gw = b->gwords;
    if (b->nsets >= ANK_CSET_MAX)
        return ank__completion_fail(b, ANK_ERR_LIMIT, "too many classes"),
               UINT32_MAX;
    if (b->nsets == b->scap) {
        size_t cap = b->scap ? 2 * b->scap : 32;
        uint64_t *sb = ank__realloc(b->sbits, cap * gw * sizeof *sb);
        if (!sb)
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   UINT32_MAX;
        b->sbits = sb;
        b->scap = cap;
    }
    if (2 * (b->nsets + 1) > b->stcap) {
        if (!ank__cset_grow_table(b))
            return UINT32_MAX;
        for (h = hash & (b->stcap - 1); b->stab[h];
             h = (h + 1) & (b->stcap - 1))
            ;
    }
    uint32_t s = (uint32_t)b->nsets++;
    memcpy(b->sbits + s * gw, bits, gw * sizeof *bits);
    b->stab[h] = s + 1;
    return s;
}

bool ank__cset_index_room(ank_cbuild *b, void **v, size_t *cap, size_t set,
                          size_t size)
{
    if (set < *cap)
        return true;
    size_t n = *cap ? *cap : 64;
    while (n <= set)
        n *= 2;
    char *grown = ank__realloc(*v, n * size);
    if (!grown)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    memset(grown + *cap * size, 0, (n - *cap) * size);
    *v = grown;
    *cap = n;
    return true;
}
