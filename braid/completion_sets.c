/*
 * completion_alts.c - the slow paths of the store of a completion
 * grammar's alternatives (completion_alts.h has the inline lookup):
 * making a new alternative, growing the alternatives and their table, and
 * the chunks that hold the nonterminals' lists of alternatives.
 *
 * Invariants: the alternatives are all distinct by key (which holds the
 * index of their set of classes), in alts of capacity alcap; the table
 * (atcap slots, a power of 2) holds index + 1 of every alternative by
 * open addressing and is at most half full (0: empty slot), in 16 bits
 * while that fits (ANK_CALT_TAB16 slots at most); so does stab
 * (stcap slots) of the sets, all distinct, b->gwords words each in sbits
 * (of capacity scap), fewer than ANK_CALT_LOW; list
 * chunks never move once made, at most 64 of them, and hold 16-bit
 * indices until the alternatives might pass 0xFFFF (their bit in
 * b->wide says 32-bit).
 */
#include "completion_alts.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"

bool ank__calt_grow2_slow(ank_cbuild *b, void **x, size_t xsize, void **y,
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

/* When the current chunk lacks room: a new chunk of a quarter of all
 * entries so far (so the room left over stays small), at least 4096
 * entries, and of 32-bit indices from when they might no longer fit 16
 * bits. */
bool ank__calt_room(ank_cbuild *b)
{
    bool wide = b->nalts + b->maxalts > 0xFFFF;
    if (b->nchunks && b->chunkcap - b->nalt >= b->maxalts &&
        (b->cur16 || wide))
        return true;
    b->nused += b->nalt;
    size_t cap = b->nused / 4 > 4096 ? b->nused / 4 : 4096;
    if (cap < b->maxalts)
        cap = b->maxalts;
    if (b->nchunks == sizeof b->chunk / sizeof *b->chunk)
        return ank__completion_fail(b, ANK_ERR_LIMIT, "too many rules");
    void *chunk = ank__malloc(cap * (wide ? 4 : 2));
    if (!chunk)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    if (wide)
        b->wide |= (uint64_t)1 << b->nchunks;
    b->cur16 = wide ? NULL : chunk;
    b->cur32 = wide ? chunk : NULL;
    b->chunk[b->nchunks++] = chunk;
    b->chunkcap = cap;
    b->nalt = 0;
    return true;
}

/* Set slot h of the alternatives' table to x. */
static void set_entry(ank_cbuild *b, size_t h, uint32_t x)
{
    if (b->atcap <= ANK_CALT_TAB16)
        ((uint16_t *)b->atab)[h] = (uint16_t)x;
    else
        ((uint32_t *)b->atab)[h] = x;
}

bool ank__calt_grow_table(ank_cbuild *b)
{
    size_t cap = b->atcap ? 2 * b->atcap : 2 * b->guess;
    void *tab = ank__calloc(cap, cap <= ANK_CALT_TAB16 ? 2 : 4);
    if (!tab)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    ank__free(b->atab);
    b->atab = tab;
    b->atcap = cap;
    for (size_t j = 0; j < b->nalts; j++) { /* all distinct */
        size_t h = ank__calt_hash(b->alts[j].key) & (cap - 1);
        while (ank__calt_entry(b, h))
            h = (h + 1) & (cap - 1);
        set_entry(b, h, (uint32_t)j + 1);
    }
    return true;
}

uint32_t ank__calt_new(ank_cbuild *b, uint64_t key, uint32_t hash, size_t h)
{
    if (b->nalts == b->alcap) {
        size_t cap = b->alcap ? 2 * b->alcap : b->guess;
        ank_calt *alts = ank__realloc(b->alts, cap * sizeof *alts);
        if (!alts)
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   UINT32_MAX;
        b->alts = alts;
        b->alcap = cap;
    }
    if (2 * (b->nalts + 1) > b->atcap) {
        if (!ank__calt_grow_table(b))
            return UINT32_MAX;
        h = ank__calt_slot(b, key, hash);
    }
    uint32_t i = (uint32_t)b->nalts++;
    b->alts[i].key = key;
    set_entry(b, h, i + 1);
    return i;
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
    if (b->nsets >= ANK_CALT_LOW)
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
