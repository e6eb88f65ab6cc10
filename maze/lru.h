/*
 * lru.h - the cache's memory layer: byte strings by 128-bit key, bounded by
 * bytes, least recently used evicted first.  Not thread safe (the cache
 * holds its mutex around every call).
 */
#ifndef ANK_MAZE_LRU_H
#define ANK_MAZE_LRU_H

#include <stddef.h>

#include "cache.h"

typedef struct ank_lru_entry ank_lru_entry;

typedef struct ank_lru {
    ank_lru_entry **buckets; /* chained hash table, power-of-two size */
    size_t nbuckets;
    ank_lru_entry *head, *tail; /* most / least recently used */
    size_t entries;
    size_t bytes; /* charged bytes: ank__lru_charge() of every entry */
    size_t cap;
} ank_lru;

/* An empty LRU holding at most `cap` charged bytes.  Allocates nothing. */
void ank__lru_init(ank_lru *lru, size_t cap);

/* Free every entry and the table; the LRU is empty and usable again. */
void ank__lru_release(ank_lru *lru);

/* The bytes an entry with a value of `length` bytes is charged: the value,
 * the key, the links and its share of the table. */
size_t ank__lru_charge(size_t length);

/* The value stored under `key`, borrowed until the next put, remove or
 * release, and marked most recently used; NULL when absent. */
const void *ank__lru_get(ank_lru *lru, ank_cache_key key, size_t *length);

/* Store a copy of the value under `key` (replacing any), then evict least
 * recently used entries until the total fits the cap.  A value whose
 * charge alone exceeds the cap is not stored (ANK_OK).  Errors:
 * ANK_ERR_NOMEM, and then the LRU is unchanged. */
ank_status ank__lru_put(ank_lru *lru, ank_cache_key key, const void *data,
                        size_t length);

/* Drop the entry under `key` if there is one. */
void ank__lru_remove(ank_lru *lru, ank_cache_key key);

#endif
