/*
 * store.h - the cache's disk layer: one SQLite database of checksummed
 * byte strings by 128-bit key, with a size cap and least-recently-used
 * eviction, shared by every process that opens the same file (WAL mode).
 * One ank_store is not thread safe (the cache holds its mutex around every
 * call); several processes may each have their own.
 */
#ifndef ANK_MAZE_STORE_H
#define ANK_MAZE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache.h"

/* The layout of the database; another value in `PRAGMA user_version`
 * drops every entry when the database is opened. */
#define ANK_STORE_FORMAT 1

typedef struct ank_store ank_store;

typedef enum ank_store_result {
    ANK_STORE_HIT,
    ANK_STORE_MISS,
    ANK_STORE_CORRUPT, /* the entry failed its checks and was deleted */
    ANK_STORE_FAILED,  /* I/O error, locked for too long, out of memory */
    ANK_STORE_BROKEN   /* the database file itself is damaged: close the
                          store and reopen it, naming its file damaged */
} ank_store_result;

/* Which file a store has open (device and inode), so that a damaged one
 * is replaced only while the path still names it. */
typedef struct ank_store_file {
    uint64_t dev, ino;
} ank_store_file;

/* Open or create the database at `path` (its directory must exist).  When
 * the file turns out not to be a usable database, or it is `damaged` (a
 * store's file found damaged while in use; NULL normally), it is moved
 * aside to `path`.corrupt, unless another process has replaced it
 * already, and a new one is made; `note` then says so (it is ""
 * otherwise).  Errors: ANK_ERR_IO with the reason in `note` (the store
 * cannot be used), ANK_ERR_NOMEM. */
ank_status ank__store_open(const char *path, uint64_t cap,
                           const ank_store_file *damaged, ank_store **out,
                           char *note, size_t note_size);
void ank__store_file(const ank_store *store, ank_store_file *out);
void ank__store_close(ank_store *store); /* accepts NULL */

/* On ANK_STORE_HIT *data is a new copy (ank__free) of *length bytes. */
ank_store_result ank__store_get(ank_store *store, ank_cache_key key,
                                void **data, size_t *length);

/* Insert or replace, then evict least-recently-used entries down to 90% of
 * the cap when the total exceeds it.  A value larger than the cap is not
 * stored.  Returns ANK_STORE_HIT when stored. */
ank_store_result ank__store_put(ank_store *store, ank_cache_key key,
                                const void *data, size_t length);

/* Delete every entry and shrink the file when no other process is using
 * it.  Returns ANK_STORE_HIT on success. */
ank_store_result ank__store_clear(ank_store *store);

/* Entries and value bytes in the database; false when it cannot be read. */
bool ank__store_count(ank_store *store, uint64_t *entries, uint64_t *bytes);

/* The last SQLite error message (borrowed). */
const char *ank__store_error(ank_store *store);

#endif
