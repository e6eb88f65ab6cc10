/*
 * gmatch_earley.c - the byte-level Earley recognizer of gmatch_earley.h.
 *
 * Invariant: items[set_start[k] ..] of set k hold no duplicate (item,
 * origin) pair, its kernel (what the scan added) first, up to
 * kernel_end[k]; the closure of a set is complete before the next byte
 * is scanned, and sets below the last are never changed, so popping is
 * a truncation.  A set whose kernel equals its predecessor's, origins
 * included, takes a copy of that set's closure (a repetition read byte
 * after byte: gbnf_read.h folds helpers so that this is the usual case).
 */
#include "gmatch_earley.h"

#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"

void ank__earley_init(ank_earley *e, const ank_gbnf *g)
{
    memset(e, 0, sizeof *e);
    e->g = g;
    e->budget = UINT64_MAX;
}

void ank__earley_release(ank_earley *e)
{
    ank__free(e->items);
    ank__free(e->set_start);
    ank__free(e->kernel_end);
    ank__free(e->idx);
    ank__free(e->idx_end);
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

/* Grow the items to room for n more; false (and e->nomem) when out of
 * memory, (and e->over) past ANK__EARLEY_MAX_ITEMS. */
static bool items_grow(ank_earley *e, size_t n)
{
    if (n > ANK__EARLEY_MAX_ITEMS - e->nitems) {
        e->over = true;
        return false;
    }
    size_t cap = e->icap ? e->icap : 1024;
    while (cap - e->nitems < n)
        cap *= 2;
    ank_eitem *p = ank__realloc(e->items, cap * sizeof *p);
    if (!p) {
        e->nomem = true;
        return false;
    }
    e->items = p;
    e->icap = cap;
    return true;
}

/* Room for n more items (add() is the hot path: the check stays
 * inline); false as items_grow(). */
static inline bool items_room(ank_earley *e, size_t n)
{
    return e->icap - e->nitems >= n || items_grow(e, n);
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
    if (!items_room(e, 1))
        return;
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

/* One of the per-set arrays, *p of `size`-byte elements, grown to n;
 * false (and e->nomem) when out of memory, *p then as it was. */
static bool grow_per_set(ank_earley *e, void **p, size_t n, size_t size)
{
    void *q = ank__realloc(*p, n * size);
    if (!q) {
        e->nomem = true;
        return false;
    }
    *p = q;
    return true;
}

static bool push_set(ank_earley *e)
{
    if (e->nsets == e->scap) {
        size_t n = e->scap ? e->scap * 2 : 256;
        if (!grow_per_set(e, (void **)&e->set_start, n, sizeof(uint32_t)) ||
            !grow_per_set(e, (void **)&e->kernel_end, n, sizeof(uint32_t)) ||
            !grow_per_set(e, (void **)&e->idx_end, n, sizeof(uint32_t)) ||
            !grow_per_set(e, (void **)&e->bottom, n, 1))
            return false;
        e->scap = n;
    }
    e->set_start[e->nsets] = (uint32_t)e->nitems;
    e->idx_end[e->nsets] = e->nsets ? e->idx_end[e->nsets - 1] : 0;
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

/* complete() through set o's index, from lo (its start). */
static void complete_indexed(ank_earley *e, size_t start, size_t o,
                             uint32_t lhs, size_t lo)
{
    size_t hi = e->idx_end[o];
    uint64_t key = (uint64_t)lhs << 32;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (e->idx[m] < key)
            lo = m + 1;
        else
            hi = m;
    }
    size_t first = lo;
    for (hi = e->idx_end[o]; lo < hi && e->idx[lo] >> 32 == lhs; lo++) {
        ank_eitem p = e->items[(uint32_t)e->idx[lo]];
        add(e, start, p.item + 1, p.origin);
    }
    e->work += lo - first;
}

/* Complete rule lhs from set o into the set that starts at `start`:
 * every item of set o waiting on lhs moves past it.  A large set is
 * searched through its index, in the order a scan of it would take. */
static inline void complete(ank_earley *e, size_t start, size_t o,
                            uint32_t lhs)
{
    size_t a = e->set_start[o], z = e->set_start[o + 1];
    if (z - a >= ANK__EARLEY_INDEX_MIN && e->idx_end) {
        size_t lo = o ? e->idx_end[o - 1] : 0;
        if (lo < e->idx_end[o]) { /* else none, for want of memory */
            complete_indexed(e, start, o, lhs, lo);
            return;
        }
    }
    const ank_gbnf *g = e->g;
    e->work += z - a;
    for (size_t y = a; y < z; y++) {
        ank_eitem p = e->items[y];
        if (g->sym[p.item] == (int32_t)lhs)
            add(e, start, p.item + 1, p.origin);
    }
}

static int u64_cmp(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Index the last set, complete and large (completions from it would
 * scan it whole each time).  Without memory for it, it is scanned
 * instead (push_set() left its index empty). */
static void index_big(ank_earley *e)
{
    const ank_gbnf *g = e->g;
    size_t k = e->nsets - 1, lo = e->idx_end[k];
    size_t a = e->set_start[k], n = e->nitems - a;
    if (e->idxcap - lo < n) {
        size_t cap = e->idxcap ? e->idxcap : 1024;
        while (cap - lo < n)
            cap *= 2;
        uint64_t *p = ank__realloc(e->idx, cap * sizeof *p);
        if (!p)
            return;
        e->idx = p;
        e->idxcap = cap;
    }
    size_t m = lo;
    for (size_t x = a; x < e->nitems; x++)
        if (g->sym[e->items[x].item] >= 0)
            e->idx[m++] = (uint64_t)(uint32_t)g->sym[e->items[x].item] << 32 |
                          (uint32_t)x;
    qsort(e->idx + lo, m - lo, sizeof *e->idx, u64_cmp);
    e->idx_end[k] = (uint32_t)m;
}

static void closure(ank_earley *e)
{
    const ank_gbnf *g = e->g;
    size_t k = e->nsets - 1, start = e->set_start[k];
    for (size_t x = start; x < e->nitems && !e->nomem; x++) {
        if (++e->work > e->budget) {
            e->over = true;
            break;
        }
        ank_eitem it = e->items[x];
        int32_t s = g->sym[it.item];
        if (s == ANK__GBNF_END) {
            uint32_t lhs = g->item_rule[it.item];
            if (it.origin < 0) {
                bottom(e, k, start, it.origin, lhs);
            } else if ((size_t)it.origin < k) {
                complete(e, start, (size_t)it.origin, lhs);
            }
        } else if (s >= 0) {
            for (uint32_t p = g->rule_prod[s]; p < g->rule_prod[s + 1]; p++)
                add(e, start, g->prod_item[p], (int32_t)k);
            if (g->nullable[s])
                add(e, start, it.item + 1, it.origin);
        }
    }
}

/* Does set k's kernel hold exactly the items, origins included, of set
 * k - 1's?  Then set k - 1's closure, with the origin of the items
 * predicted there moved to k, is set k's: a closure reads only the
 * kernel, the sets its origins name (all below k - 1), and its own
 * index (the origin of what it predicts); no item completes at its own
 * origin. */
static bool same_kernel(const ank_earley *e, size_t k)
{
    size_t a = e->set_start[k - 1], n = e->kernel_end[k - 1] - a;
    size_t b = e->set_start[k];
    return e->kernel_end[k] - b == n &&
           memcmp(e->items + a, e->items + b, n * sizeof *e->items) == 0;
}

static void copy_closure(ank_earley *e, size_t k)
{
    size_t from = e->kernel_end[k - 1], to = e->set_start[k];
    if (!items_room(e, to - from))
        return;
    int32_t was = (int32_t)(k - 1);
    if ((e->work += to - from) > e->budget) {
        e->over = true;
        return;
    }
    for (size_t x = from; x < to; x++) {
        ank_eitem it = e->items[x];
        if (it.origin == was)
            it.origin = (int32_t)k;
        e->items[e->nitems++] = it;
    }
    e->bottom[k] = e->bottom[k - 1];
    e->reused++;
}

bool ank__earley_start(ank_earley *e, uint32_t item, int32_t origin)
{
    e->nsets = 0;
    e->nitems = 0;
    e->nomem = false;
    if (!push_set(e))
        return false;
    add(e, 0, item, origin);
    e->kernel_end[0] = (uint32_t)e->nitems;
    closure(e);
    if (!ank__earley_failed(e) && e->nitems >= ANK__EARLEY_INDEX_MIN)
        index_big(e);
    return !ank__earley_failed(e);
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
    if (e->nitems == to || ank__earley_failed(e)) {
        e->nsets--;
        e->nitems = to;
        return false;
    }
    size_t k = e->nsets - 1;
    e->kernel_end[k] = (uint32_t)e->nitems;
    if (k >= 2 && same_kernel(e, k))
        copy_closure(e, k);
    else
        closure(e);
    if (ank__earley_failed(e)) {
        e->nsets--;
        e->nitems = to;
        return false;
    }
    if (e->nitems - e->set_start[k] >= ANK__EARLEY_INDEX_MIN)
        index_big(e);
    return true;
}

static int item_cmp(const void *x, const void *y)
{
    const ank_eitem *a = x, *b = y;
    if (a->item != b->item)
        return a->item < b->item ? -1 : 1;
    return (a->origin > b->origin) - (a->origin < b->origin);
}

bool ank__earley_recheck(const ank_earley *e)
{
    size_t k = e->nsets - 1, start = e->set_start[k];
    size_t kend = e->kernel_end[k], n = e->nitems - start;
    ank_earley t;
    ank__earley_init(&t, e->g);
    t.approx = e->approx;
    t.icap = e->nitems + 1;
    t.items = ank__malloc(t.icap * sizeof *t.items);
    t.scap = e->nsets;
    t.set_start = ank__malloc(t.scap * sizeof *t.set_start);
    t.kernel_end = ank__malloc(t.scap * sizeof *t.kernel_end);
    t.bottom = ank__malloc(t.scap);
    ank_eitem *mine = ank__malloc((n + 1) * sizeof *mine);
    bool same = false;
    if (t.items && t.set_start && t.kernel_end && t.bottom && mine) {
        memcpy(t.items, e->items, kend * sizeof *t.items);
        memcpy(t.set_start, e->set_start, t.scap * sizeof *t.set_start);
        memcpy(t.kernel_end, e->kernel_end, t.scap * sizeof *t.kernel_end);
        memcpy(t.bottom, e->bottom, t.scap);
        t.bottom[k] = 0;
        t.nitems = kend;
        t.nsets = e->nsets;
        closure(&t);
        if (!t.nomem && t.nitems - start == n && t.bottom[k] == e->bottom[k]) {
            memcpy(mine, e->items + start, n * sizeof *mine);
            qsort(mine, n, sizeof *mine, item_cmp);
            qsort(t.items + start, n, sizeof *mine, item_cmp);
            same = memcmp(mine, t.items + start, n * sizeof *mine) == 0;
        }
    }
    ank__free(mine);
    ank__earley_release(&t);
    return same;
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
