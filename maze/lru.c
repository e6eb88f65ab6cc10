/*
 * lru.c - the memory layer: a chained hash table keyed by the 128-bit cache
 * key, plus an intrusive doubly-linked list in recency order.  Get and put
 * are O(1) (amortised for the table's growth).
 *
 * Invariants: every entry is in exactly one bucket chain and in the list;
 * `bytes` is the sum of ank__lru_charge() over the entries and stays <=
 * `cap` after every put; `nbuckets` is 0 or a power of two.  Each entry is
 * one allocation holding its value.
 */
#include "lru.h"

#include <stdint.h>
#include <string.h>

#include "../ffi/alloc.h"

struct ank_lru_entry {
    ank_cache_key key;
    ank_lru_entry *prev, *next; /* recency list: prev is more recent */
    ank_lru_entry *chain;       /* next in the same bucket */
    size_t length;
    unsigned char data[];
};

#define MIN_BUCKETS 64

void ank__lru_init(ank_lru *lru, size_t cap)
{
    memset(lru, 0, sizeof *lru);
    lru->cap = cap;
}

void ank__lru_release(ank_lru *lru)
{
    ank_lru_entry *e = lru->head;
    while (e) {
        ank_lru_entry *next = e->next;
        ank__free(e);
        e = next;
    }
    ank__free(lru->buckets);
    ank__lru_init(lru, lru->cap);
}

size_t ank__lru_charge(size_t length)
{
    /* at a load factor between 1/2 and 1, an entry owns up to two slots */
    size_t overhead = sizeof(ank_lru_entry) + 2 * sizeof(ank_lru_entry *);
    return length > SIZE_MAX - overhead ? SIZE_MAX : length + overhead;
}

/* The key is already a uniform hash: its low bits pick the bucket. */
static size_t bucket_of(const ank_lru *lru, ank_cache_key key)
{
    return (size_t)(key.lo ^ key.hi) & (lru->nbuckets - 1);
}

static ank_lru_entry **find_slot(ank_lru *lru, ank_cache_key key)
{
    if (!lru->nbuckets)
        return NULL;
    ank_lru_entry **slot = &lru->buckets[bucket_of(lru, key)];
    while (*slot && ((*slot)->key.lo != key.lo || (*slot)->key.hi != key.hi))
        slot = &(*slot)->chain;
    return *slot ? slot : NULL;
}

static void list_unlink(ank_lru *lru, ank_lru_entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        lru->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        lru->tail = e->prev;
    e->prev = e->next = NULL;
}

static void list_push_front(ank_lru *lru, ank_lru_entry *e)
{
    e->prev = NULL;
    e->next = lru->head;
    if (lru->head)
        lru->head->prev = e;
    else
        lru->tail = e;
    lru->head = e;
}

/* Unlink the entry at `slot` from both structures and free it. */
static void drop(ank_lru *lru, ank_lru_entry **slot)
{
    ank_lru_entry *e = *slot;
    *slot = e->chain;
    list_unlink(lru, e);
    lru->entries--;
    lru->bytes -= ank__lru_charge(e->length);
    ank__free(e);
}

/* Double the table (or make the first one).  On allocation failure the
 * old table stays: chains get longer, nothing breaks. */
static int grow(ank_lru *lru)
{
    size_t n = lru->nbuckets ? lru->nbuckets * 2 : MIN_BUCKETS;
    if (n > SIZE_MAX / sizeof(ank_lru_entry *))
        return 0;
    ank_lru_entry **fresh = ank__calloc(n, sizeof *fresh);
    if (!fresh)
        return 0;
    for (size_t i = 0; i < lru->nbuckets; i++) {
        ank_lru_entry *e = lru->buckets[i];
        while (e) {
            ank_lru_entry *next = e->chain;
            size_t b = (size_t)(e->key.lo ^ e->key.hi) & (n - 1);
            e->chain = fresh[b];
            fresh[b] = e;
            e = next;
        }
    }
    ank__free(lru->buckets);
    lru->buckets = fresh;
    lru->nbuckets = n;
    return 1;
}

const void *ank__lru_get(ank_lru *lru, ank_cache_key key, size_t *length)
{
    ank_lru_entry **slot = find_slot(lru, key);
    if (!slot)
        return NULL;
    ank_lru_entry *e = *slot;
    if (lru->head != e) {
        list_unlink(lru, e);
        list_push_front(lru, e);
    }
    *length = e->length;
    return e->data;
}

void ank__lru_remove(ank_lru *lru, ank_cache_key key)
{
    ank_lru_entry **slot = find_slot(lru, key);
    if (slot)
        drop(lru, slot);
}

ank_status ank__lru_put(ank_lru *lru, ank_cache_key key, const void *data,
                        size_t length)
{
    size_t charge = ank__lru_charge(length);
    if (charge > lru->cap) {
        ank__lru_remove(lru, key);
        return ANK_OK;
    }
    if (!lru->nbuckets && !grow(lru))
        return ANK_ERR_NOMEM;
    ank_lru_entry *e = ank__malloc(sizeof *e + length);
    if (!e)
        return ANK_ERR_NOMEM;
    e->key = key;
    e->length = length;
    if (length)
        memcpy(e->data, data, length);
    ank__lru_remove(lru, key);
    if (lru->entries >= lru->nbuckets)
        grow(lru);
    size_t b = bucket_of(lru, key);
    e->chain = lru->buckets[b];
    lru->buckets[b] = e;
    list_push_front(lru, e);
    lru->entries++;
    lru->bytes += charge;
    while (lru->bytes > lru->cap && lru->tail != e) {
        ank_lru_entry *victim = lru->tail;
        drop(lru, find_slot(lru, victim->key));
    }
    return ANK_OK;
}
