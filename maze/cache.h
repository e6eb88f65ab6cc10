/*
 * cache.h - a content-addressed cache of byte strings in two layers: an
 * in-memory LRU bounded by bytes, and a SQLite database shared by every
 * process of the user.  Keys are XXH3-128 digests of whatever determines
 * the value; values carry a checksum, and an entry that fails it is
 * dropped and reported as a miss, never served.
 *
 * Thread safety: one ank_cache may be used from several threads at once
 * (an internal mutex); several processes may open the same database.
 */
#ifndef ANK_MAZE_CACHE_H
#define ANK_MAZE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ffi/ananke.h"

typedef struct ank_cache ank_cache;

typedef struct ank_cache_key {
    uint64_t hi, lo;
} ank_cache_key;

/* A key built from parts: each part is hashed with its length, so
 * ("ab","c") and ("a","bc") differ. */
typedef struct ank_cache_part {
    const void *data;
    size_t length;
} ank_cache_part;

ank_cache_key ank__cache_key(const ank_cache_part *parts, size_t nparts);

/* Default layer sizes. */
#define ANK_CACHE_MEMORY_DEFAULT ((size_t)64 << 20)
#define ANK_CACHE_DISK_DEFAULT ((uint64_t)512 << 20)

typedef struct ank_cache_options {
    const char *dir;       /* NULL: $XDG_CACHE_HOME/ananke, else
                              ~/.cache/ananke */
    size_t memory_bytes;   /* 0: ANK_CACHE_MEMORY_DEFAULT */
    uint64_t disk_bytes;   /* 0: ANK_CACHE_DISK_DEFAULT */
    bool no_disk;          /* memory layer only */
} ank_cache_options;

typedef struct ank_cache_stats {
    uint64_t memory_hits, disk_hits, misses, puts;
    uint64_t corrupt;          /* entries dropped because they failed the
                                  checksum or could not be decoded */
    uint64_t memory_entries, memory_bytes;
    uint64_t disk_entries, disk_bytes; /* from the database */
} ank_cache_stats;

/* Open a cache.  The directory is created 0700.  When it or the database
 * cannot be used (unwritable, not a database, locked for too long) the
 * cache still opens, memory only, and ank__cache_warning() says why.
 * Errors: ANK_ERR_NOMEM only. */
ank_status ank__cache_open(const ank_cache_options *options, ank_cache **out,
                           ank_error *error);
void ank__cache_close(ank_cache *cache); /* accepts NULL */

/* What went wrong with the disk layer, or NULL (borrowed): why it is off,
 * or that a corrupt database was moved aside and rebuilt (the disk layer
 * then works). */
const char *ank__cache_warning(const ank_cache *cache);

/* The database file's path (borrowed); NULL exactly when memory only. */
const char *ank__cache_path(const ank_cache *cache);

/* Look `key` up in memory, then on disk (a disk hit is copied into memory).
 * On a hit *data receives a new copy (free with ank__free) and true is
 * returned.  A miss, a corrupt entry, an I/O error and out-of-memory all
 * return false. */
bool ank__cache_get(ank_cache *cache, ank_cache_key key, void **data,
                    size_t *length);

/* Store a copy of the value in both layers; evicts least-recently-used
 * entries beyond the size caps.  Failures to write the disk layer are not
 * errors (the value stays in memory).  Errors: ANK_ERR_NOMEM. */
ank_status ank__cache_put(ank_cache *cache, ank_cache_key key,
                          const void *data, size_t length);

/* The largest value worth putting: an eighth of the larger layer (the
 * memory layer's when there is no disk layer).  A larger value would push
 * most of that layer's other values out, or not fit in it at all, so a
 * caller that builds a value only to store it checks this first. */
size_t ank__cache_value_max(ank_cache *cache);

/* Remove every entry of both layers. */
ank_status ank__cache_clear(ank_cache *cache, ank_error *error);

void ank__cache_stats(ank_cache *cache, ank_cache_stats *out);

#endif
