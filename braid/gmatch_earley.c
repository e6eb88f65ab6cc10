/*
 * gmatch_earley.c - the byte-level Earley recognizer of gmatch_earley.h.
 *
 * Invariant: items[set_start[k] ..] of set k hold no duplicate (item,
 * origin) pair; the closure of a set is complete before the next byte is
 * scanned, and sets below the last are never changed, so popping is a
 * truncation.
 */
#include "gmatch_earley.h"

#include <string.h>

#include "../ffi/alloc.h"

void ank__earley_init(ank_earley *e, const ank_gbnf *g)
{
    memset(e, 0, sizeof *e);
    e->g = g;
}

void ank__earley_release(ank_earley *e)
{
    ank__free(e->items);
    ank__free(e->set_start);
    ank__free(e->bottom);
    ank__free(e->hkey);
    ank__free(e->hstamp);
    memset(e, 0, sizeof *e);
}

static inline uint64_t key_of(uint32_t item, int32_t origin)
{
    return (uint64_t)item << 32 | (uint32_t)origin;
}

static inline size_t hash_of(uint64_t k, size_t mask)
{
    k *= 0x9E3779B97F4A7C15ull;
    return (size_t)(k >> 29) & mask;
}

static bool rehash(ank_earley *e, size_t start)
{
    size_t n = e->hcap ? e->hcap * 2 : 256;
    uint64_t *k = ank__malloc(n * sizeof *k);
    uint32_t *st = ank__calloc(n, sizeof *st);
    if (!k || !st) {
        ank__free(k);
        ank__free(st);
        e->nomem = true;
        return false;
    }
    ank__free(e->hkey);
    ank__free(e->hstamp);
    e->hkey = k;
    e->hstamp = st;
    e->hcap = n;
    e->stamp = 1;
    for (size_t x = start; x < e->nitems; x++) {
        uint64_t key = key_of(e->items[x].item, e->items[x].origin);
        size_t h = hash_of(key, n - 1);
        while (st[h] == 1)
            h = (h + 1) & (n - 1);
        st[h] = 1;
        k[h] = key;
    }
    return true;
}

/* Add (item, origin) to the set that starts at `start` unless present. */
static void add(ank_earley *e, size_t start, uint32_t item, int32_t origin)
{
    if ((e->nitems - start + 1) * 2 > e->hcap && !rehash(e, start))
        return;
    uint64_t key = key_of(item, origin);
    size_t mask = e->hcap - 1, h = hash_of(key, mask);
    while (e->hstamp[h] == e->stamp) {
        if (e->hkey[h] == key)
            return;
        h = (h + 1) & mask;
    }
    if (e->nitems == e->icap) {
        size_t n = e->icap ? e->icap * 2 : 1024;
        ank_eitem *p = ank__realloc(e->items, n * sizeof *p);
        if (!p) {
            e->nomem = true;
            return;
        }
        e->items = p;
        e->icap = n;
    }
    e->hstamp[h] = e->stamp;
    e->hkey[h] = key;
    e->items[e->nitems++] = (ank_eitem){item, origin};
}

static void new_stamp(ank_earley *e)
{
    if (++e->stamp == 0) {
        if (e->hstamp)
            memset(e->hstamp, 0, e->hcap * sizeof *e->hstamp);
        e->stamp = 1;
    }
}

static bool push_set(ank_earley *e)
{
    if (e->nsets == e->scap) {
        size_t n = e->scap ? e->scap * 2 : 256;
        uint32_t *s = ank__realloc(e->set_start, n * sizeof *s);
        if (!s) {
            e->nomem = true;
            return false;
        }
        e->set_start = s;
        uint8_t *b = ank__realloc(e->bottom, n);
        if (!b) {
            e->nomem = true;
            return false;
        }
        e->bottom = b;
        e->scap = n;
    }
    e->set_start[e->nsets] = (uint32_t)e->nitems;
    e->bottom[e->nsets] = 0;
    e->nsets++;
    new_stamp(e);
    return true;
}

/* A rule completed at a virtual origin (see the header). */
static void bottom(ank_earley *e, size_t k, size_t start, int32_t origin,
                   uint32_t lhs)
{
    const ank_gbnf *g = e->g;
    if (e->approx) {
        uint32_t a = g->use_off[lhs], z = g->use_off[lhs + 1];
        if (z - a > ANK__EARLEY_MAX_USES) {
            e->bottom[k] = 1;
            return;
        }
        for (uint32_t u = a; u < z; u++)
            add(e, start, g->use_list[u] + 1, -1);
        return;
    }
    uint32_t use = g->use_site[lhs];
    if (g->named[lhs] || use == ANK__GBNF_NONE) {
        e->bottom[k] = 1;
        return;
    }
    add(e, start, use + 1, origin - 1);
    for (uint32_t p = g->rule_prod[lhs]; p < g->rule_prod[lhs + 1]; p++) {
        uint32_t first = g->prod_item[p];
        if (g->sym[first] == (int32_t)lhs)
            add(e, start, first + 1, origin);
    }
}

static void closure(ank_earley *e)
{
    const ank_gbnf *g = e->g;
    size_t k = e->nsets - 1, start = e->set_start[k];
    for (size_t x = start; x < e->nitems && !e->nomem; x++) {
        ank_eitem it = e->items[x];
        int32_t s = g->sym[it.item];
        if (s == ANK__GBNF_END) {
            uint32_t lhs = g->item_rule[it.item];
            if (it.origin < 0) {
                bottom(e, k, start, it.origin, lhs);
            } else if ((size_t)it.origin < k) {
                size_t a = e->set_start[it.origin], z = e->set_start[it.origin + 1];
                for (size_t y = a; y < z; y++) {
                    ank_eitem p = e->items[y];
                    if (g->sym[p.item] == (int32_t)lhs)
                        add(e, start, p.item + 1, p.origin);
                }
            }
        } else if (s >= 0) {
            for (uint32_t p = g->rule_prod[s]; p < g->rule_prod[s + 1]; p++)
                add(e, start, g->prod_item[p], (int32_t)k);
            if (g->nullable[s])
                add(e, start, it.item + 1, it.origin);
        }
    }
}

bool ank__earley_start(ank_earley *e, uint32_t item, int32_t origin)
{
    e->nsets = 0;
    e->nitems = 0;
    e->nomem = false;
    if (!push_set(e))
        return false;
    add(e, 0, item, origin);
    closure(e);
    return !e->nomem;
}

bool ank__earley_scan(ank_earley *e, uint8_t byte)
{
    const ank_gbnf *g = e->g;
    size_t from = e->set_start[e->nsets - 1], to = e->nitems;
    if (!push_set(e))
        return false;
    for (size_t x = from; x < to; x++) {
        ank_eitem it = e->items[x];
        int32_t s = g->sym[it.item];
        if (s < 0 && s != ANK__GBNF_END && ank__gbnf_term_has(g, s, byte))
            add(e, to, it.item + 1, it.origin);
    }
    if (e->nitems == to || e->nomem) {
        e->nsets--;
        e->nitems = to;
        return false;
    }
    closure(e);
    if (e->nomem) {
        e->nsets--;
        e->nitems = to;
        return false;
    }
    return true;
}

bool ank__earley_can_end(const ank_earley *e)
{
    const ank_gbnf *g = e->g;
    for (size_t x = e->set_start[e->nsets - 1]; x < e->nitems; x++) {
        ank_eitem it = e->items[x];
        if (it.origin == 0 && g->item_rule[it.item] == 0 &&
            g->sym[it.item] == ANK__GBNF_END)
            return true;
    }
    return false;
}

void ank__earley_next_bytes(const ank_earley *e, uint8_t set[32])
{
    const ank_gbnf *g = e->g;
    memset(set, 0, 32);
    for (size_t x = e->set_start[e->nsets - 1]; x < e->nitems; x++) {
        int32_t s = g->sym[e->items[x].item];
        if (s < 0 && s != ANK__GBNF_END)
            for (int i = 0; i < 32; i++)
                set[i] |= g->term[-1 - s][i];
    }
}
