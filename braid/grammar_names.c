/*
 * grammar_names.c - the names of the rules the printer queues: a rule's
 * hint sanitised for the dialect (grammar_text.c), helper rules named
 * after the rule they are first met in and part rules after the entry
 * they are cut from, made unique with the first free numeric suffix.
 * A name is never given back, so the names of a print depend only on the
 * order rules are reached.  Up to SCAN_MAX queued names are checked one
 * by one; past that, through a hash set of queue indices, made at once
 * for every rule counting reached.  A rule's sanitised name is kept for
 * the other dialect's print, which may also replay the whole naming of
 * the print before it (replay()).
 */
#include <string.h>

#include "../ffi/alloc.h"
#include "grammar_print_int.h"

/* ank__array_reserve() for an array that may still be in the block
 * (*own false), which is copied out rather than reallocated. */
static bool grow(void **array, size_t *cap, size_t count, size_t extra,
                 size_t elem, bool *own)
{
    if (*own)
        return ank__array_reserve(array, cap, count, extra, elem);
    if (extra <= *cap - count)
        return true;
    void *fresh = NULL;
    size_t ncap = 0;
    if (!ank__array_reserve(&fresh, &ncap, 0, count + extra, elem))
        return false;
    if (count)
        memcpy(fresh, *array, count * elem);
    *array = fresh, *cap = ncap, *own = true;
    return true;
}

/* Room for `extra` more bytes of names, and GTEXT_SLACK after them. */
static bool names_reserve(printer *p, size_t extra)
{
    return extra + GTEXT_SLACK <= p->capnames - p->nnames ||
           grow((void **)&p->names, &p->capnames, p->nnames,
                extra + GTEXT_SLACK, 1, &p->own_names);
}

/* The dialect's form of the name hint of `r` (ank__gtext_name()), or of
 * the root's (`r` NULL), written after the names (uncommitted), with room
 * after it for a suffix.  Returns its length; 0 when out of memory.
 *
 * A rule's sanitised name is kept for later prints: a hint without
 * upper-case letters has the same form in both dialects but for the
 * separator ('-' in GBNF, '_' in Lark, neither of which the other form
 * holds), so another print only swaps separators. */
static size_t sanitize(printer *p, const ank_grule *r)
{
    const char *hint = r ? r->hint : p->lark ? "start" : "root";
    size_t n = r ? r->len : strlen(hint);
    if (!names_reserve(p, 2 * n + 16))
        return 0;
    char *w = p->names + p->nnames;
    rinfo *info = r ? &p->rules[r->index] : NULL;
    if (info && info->name && !(info->flags & R_UPPER))
        return ank__gtext_name_swap(w, p->names + info->name - 1, info->len,
                                    p->lark);
    bool upper;
    size_t len = ank__gtext_name(w, hint, n, p->lark, &upper);
    if (info && len <= UINT16_MAX && p->nnames < UINT32_MAX - 1) {
        info->name = (uint32_t)p->nnames + 1, info->len = (uint16_t)len;
        info->flags = upper ? R_UPPER : 0;
    }
    return len;
}

/* The name of queue entry `from` copied after the names (uncommitted),
 * with room for a suffix: a sanitised name sanitises to itself.  Returns
 * its length; 0 when out of memory. */
static size_t copy_name(printer *p, size_t from)
{
    size_t len = p->queue[from].len;
    if (!names_reserve(p, len + 16))
        return 0;
    memcpy(p->names + p->nnames, p->names + p->queue[from].name, len);
    return len;
}

/* ank__gtext_name_hash() of the uncommitted name of `len` bytes, the sanitised name
 * of `info`'s rule when `info` is not NULL. */
static uint32_t hash_of(const printer *p, size_t len, rinfo *info)
{
    if (info && (info->flags & R_HASHED))
        return info->hash;
    uint32_t h = ank__gtext_name_hash(p->names + p->nnames, len);
    if (info && info->name)
        info->hash = h, info->flags |= R_HASHED;
    return h;
}

/* Is the uncommitted name of `len` bytes taken?  With the hash set, *slot
 * is where it is, or the free slot where it would go.  `info`: as for
 * hash_of(). */
static bool taken(const printer *p, size_t len, rinfo *info, size_t *slot)
{
    const char *name = p->names + p->nnames;
    if (!p->taken_cap) {
        for (size_t i = 0; i < p->nqueue; i++) {
            const entry *q = &p->queue[i];
            if (q->len == len && p->names[q->name] == name[0] &&
                memcmp(p->names + q->name, name, len) == 0)
                return true;
        }
        return false;
    }
    size_t mask = p->taken_cap - 1, i = hash_of(p, len, info) & mask;
    for (; p->taken[i]; i = (i + 1) & mask) {
        const entry *q = &p->queue[p->taken[i] - 1];
        if (q->len == len && memcmp(p->names + q->name, name, len) == 0)
            break;
    }
    *slot = i;
    return p->taken[i] != 0;
}

static void set_add(uint32_t *set, size_t cap, const char *name, size_t len,
                    uint32_t k)
{
    size_t h = ank__gtext_name_hash(name, len) & (cap - 1);
    while (set[h])
        h = (h + 1) & (cap - 1);
    set[h] = k;
}

/* Room in the name set for `n` names, keeping it at most half full; no
 * set while a scan will do.  Every rule counting reached is queued, so
 * the set is made for them all at once rather than grown (the size it
 * ends at is the same). */
static bool set_reserve(printer *p, size_t n)
{
    if (2 * n <= p->taken_cap || (!p->taken_cap && n <= SCAN_MAX))
        return true;
    size_t cap = p->taken_cap ? p->taken_cap : 64;
    while (cap < 2 * n)
        cap *= 2;
    uint32_t *set = ank__calloc(cap, sizeof *set);
    if (!set)
        return false;
    for (size_t i = 0; i < p->nqueue; i++)
        set_add(set, cap, p->names + p->queue[i].name, p->queue[i].len,
                (uint32_t)i + 1);
    ank__free(p->taken);
    p->taken = set, p->taken_cap = cap;
    return true;
}

/* The uncommitted name (`len` bytes, room for a suffix) with the first
 * free suffix from `*next` on: names are never given back, so every
 * suffix below it is taken.  Returns the new length; *slot is its free
 * slot in the name set. */
static size_t suffix(printer *p, size_t len, unsigned *next, size_t *slot)
{
    char *name = p->names + p->nnames;
    unsigned i = *next;
    size_t k;
    do {
        char digits[10];
        size_t d = sizeof digits;
        unsigned v = i++;
        do
            digits[--d] = (char)('0' + v % 10);
        while ((v /= 10) != 0);
        name[len] = p->lark ? '_' : '-';
        memcpy(name + len + 1, digits + d, sizeof digits - d);
        k = len + 1 + sizeof digits - d;
    } while (taken(p, k, NULL, slot));
    *next = i;
    return k;
}

/*
 * enqueue() in a print that replays the last one, in the other dialect
 * (ank__gprint_write() says when): the queue fills in the same order, and
 * each entry is named as the entry it replaces was, separators swapped.
 * Reaching anything else means the premise failed: p->replay_broken (and
 * p->nomem, which stops the print) are set and 0 returned.
 */
static uint32_t replay(printer *p, const ank_grule *r, const ank_gexpr *expr,
                       ank_gexpr *const *items, size_t n)
{
    size_t self = p->nqueue;
    if (self >= p->last_n || p->queue[self].rule != r ||
        p->queue[self].expr != expr || p->queue[self].items != items ||
        p->queue[self].n != n) {
        p->replay_broken = p->nomem = true;
        return 0;
    }
    entry old = p->queue[self];
    if (!names_reserve(p, old.len + 16)) {
        p->nomem = true;
        return 0;
    }
    ank__gtext_name_swap(p->names + p->nnames, p->names + old.name, old.len,
                         p->lark);
    old.name = p->nnames;
    p->nnames += old.len;
    p->queue[p->nqueue++] = old;
    if (r)
        p->rules[r->index].entry = (uint32_t)p->nqueue;
    return (uint32_t)p->nqueue;
}

/* The queue entry (1-based) of a rule, of a helper rule for the shared
 * node `expr`, or of a part rule (`r` and `expr` NULL), queued for
 * printing the first time it is reached; 0 after a failure.  Helpers are
 * named after the grammar rule they are first met in, parts after the
 * entry they are cut from.  Counting has checked every rule reached. */
uint32_t ank__gprint_enqueue(printer *p, const ank_grule *r,
                             const ank_gexpr *expr, ank_gexpr *const *items,
                             size_t n)
{
    if ((r && p->rules[r->index].entry) || p->nomem)
        return r ? p->rules[r->index].entry : 0;
    if (p->nqueue >= UINT32_MAX - 1 ||
        (p->nqueue == p->cap &&
         !grow((void **)&p->queue, &p->cap, p->nqueue, 1, sizeof *p->queue,
               &p->own_queue)) ||
        (!p->replay &&
         !set_reserve(p, p->nqueue < p->ntodo ? p->ntodo : p->nqueue + 1))) {
        p->nomem = true;
        return 0;
    }
    if (p->replay && p->nqueue > 0)
        return replay(p, r, expr, items, n);
    size_t from = p->nqueue == 0 ? 0 : expr ? p->queue[p->current].base
                                             : p->current;
    size_t self = p->nqueue, base = r || self == 0 ? self : p->queue[from].base;
    size_t len = self == 0 ? sanitize(p, NULL)
                 : r ? sanitize(p, r) : copy_name(p, from);
    if (len == 0) {
        p->nomem = true;
        return 0;
    }
    /* (a replay names only the root here, and leaves the name set) */
    size_t slot = 0;
    if (self > 0 && !r) {
        len = suffix(p, len, &p->queue[from].next, &slot);
        p->root_helpers |= base == 0;
    } else if (!p->replay &&
               taken(p, len, self && r ? &p->rules[r->index] : NULL,
                     &slot)) {
        unsigned next = 2;
        len = suffix(p, len, &next, &slot);
    }
    if (p->taken_cap && !p->replay)
        p->taken[slot] = (uint32_t)p->nqueue + 1;
    p->queue[p->nqueue++] = (entry){r, expr, items, n, p->nnames, len, base, 2};
    p->nnames += len;
    if (r)
        p->rules[r->index].entry = (uint32_t)p->nqueue;
    return (uint32_t)p->nqueue;
}
