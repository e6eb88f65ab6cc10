/*
 * cache.c - the two-layer cache of cache.h: the memory LRU (lru.c) in
 * front of the SQLite store (store.c), both behind one mutex.
 *
 * Invariants: every call that touches a layer, and every allocation the
 * cache makes, happens with the mutex held.  `path` lives as long as the
 * cache; `store` is NULL when the disk layer is off, and then `warning`
 * says why (unless the caller asked for memory only).  The warning is set
 * at most once after open, so a pointer to it stays meaningful.  A
 * database found damaged while running is moved aside and recreated once;
 * if that fails too the cache goes on in memory only.
 */
#include "cache.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "lru.h"
#include "store.h"

#define WARNING_SIZE 768

struct ank_cache {
    pthread_mutex_t lock;
    ank_lru lru;
    ank_store *store;
    char *path; /* the database file, NULL when the disk layer was never
                   tried */
    uint64_t disk_bytes;
    bool recreated; /* the one runtime recreation was spent */
    ank_cache_stats counters;
    char warning[WARNING_SIZE]; /* "" when there is nothing to say */
};

ank_cache_key ank__cache_key(const ank_cache_part *parts, size_t nparts)
{
    XXH3_state_t state;
    XXH3_128bits_reset(&state);
    for (size_t i = 0; i < nparts; i++) {
        unsigned char len[8];
        uint64_t n = parts[i].length;
        for (int b = 0; b < 8; b++)
            len[b] = (unsigned char)(n >> (8 * b));
        XXH3_128bits_update(&state, len, sizeof len);
        if (n)
            XXH3_128bits_update(&state, parts[i].data, parts[i].length);
    }
    XXH128_hash_t h = XXH3_128bits_digest(&state);
    return (ank_cache_key){h.high64, h.low64};
}

/* The cache directory: the option, $XDG_CACHE_HOME/ananke (when absolute,
 * as the XDG rules say), or $HOME/.cache/ananke.  NULL with *nomem set on
 * allocation failure, or with *nomem clear when there is none. */
static char *cache_dir(const ank_cache_options *o, bool *nomem)
{
    const char *base, *suffix;
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (o->dir && o->dir[0])
        base = o->dir, suffix = "";
    else if (xdg && xdg[0] == '/')
        base = xdg, suffix = "/ananke";
    else if (home && home[0])
        base = home, suffix = "/.cache/ananke";
    else {
        *nomem = false;
        return NULL;
    }
    size_t n = strlen(base) + strlen(suffix);
    char *dir = ank__malloc(n + 1);
    *nomem = dir == NULL;
    if (dir)
        snprintf(dir, n + 1, "%s%s", base, suffix);
    return dir;
}

/* mkdir -p with mode 0700 for what it creates.  0, or -1 with errno. */
static int make_dirs(char *dir)
{
    int err = 0;
    for (char *p = dir + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            err = errno;
        *p = c;
        if (!c)
            break;
    }
    struct stat st;
    if (stat(dir, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = err ? err : ENOTDIR;
        return -1;
    }
    return 0;
}

/* Set up the disk layer; ANK_OK also when it is off (with a warning). */
static ank_status open_disk(ank_cache *c, const ank_cache_options *o)
{
    bool nomem;
    char *dir = cache_dir(o, &nomem);
    if (!dir) {
        if (nomem)
            return ANK_ERR_NOMEM;
        snprintf(c->warning, WARNING_SIZE,
                 "no cache directory (neither XDG_CACHE_HOME nor HOME is "
                 "set); caching in memory only");
        return ANK_OK;
    }
    if (make_dirs(dir) != 0) {
        snprintf(c->warning, WARNING_SIZE,
                 "cache directory %s cannot be created: %s; caching in "
                 "memory only",
                 dir, strerror(errno));
        ank__free(dir);
        return ANK_OK;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(c->warning, WARNING_SIZE,
                 "cache directory %s is not writable: %s; caching in memory "
                 "only",
                 dir, strerror(errno));
        ank__free(dir);
        return ANK_OK;
    }
    size_t n = strlen(dir) + sizeof "/cache.db";
    c->path = ank__malloc(n);
    if (c->path)
        snprintf(c->path, n, "%s/cache.db", dir);
    ank__free(dir);
    if (!c->path)
        return ANK_ERR_NOMEM;
    char note[WARNING_SIZE - 64];
    ank_status st = ank__store_open(c->path, c->disk_bytes, NULL, &c->store,
                                    note, sizeof note);
    if (st == ANK_ERR_NOMEM)
        return st;
    if (st != ANK_OK)
        snprintf(c->warning, WARNING_SIZE, "%s; caching in memory only",
                 note);
    else if (note[0])
        snprintf(c->warning, WARNING_SIZE, "%s", note);
    return ANK_OK;
}

ank_status ank__cache_open(const ank_cache_options *options, ank_cache **out,
                           ank_error *error)
{
    static const ank_cache_options defaults = {0};
    const ank_cache_options *o = options ? options : &defaults;
    *out = NULL;
    ank_cache *c = ank__calloc(1, sizeof *c);
    if (!c)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        ank__free(c);
        return ank__fail(error, ANK_ERR_NOMEM, "cannot create a mutex");
    }
    ank__lru_init(&c->lru, o->memory_bytes ? o->memory_bytes
                                           : ANK_CACHE_MEMORY_DEFAULT);
    c->disk_bytes = o->disk_bytes ? o->disk_bytes : ANK_CACHE_DISK_DEFAULT;
    if (!o->no_disk && open_disk(c, o) != ANK_OK) {
        ank__cache_close(c);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    *out = c;
    ank__error_clear(error);
    return ANK_OK;
}

void ank__cache_close(ank_cache *c)
{
    if (!c)
        return;
    ank__store_close(c->store);
    ank__lru_release(&c->lru);
    ank__free(c->path);
    pthread_mutex_destroy(&c->lock);
    ank__free(c);
}

static void lock(const ank_cache *c)
{
    pthread_mutex_lock((pthread_mutex_t *)&c->lock);
}

static void unlock(const ank_cache *c)
{
    pthread_mutex_unlock((pthread_mutex_t *)&c->lock);
}

const char *ank__cache_warning(const ank_cache *c)
{
    lock(c);
    const char *w = c->warning[0] ? c->warning : NULL;
    unlock(c);
    return w;
}

const char *ank__cache_path(const ank_cache *c)
{
    lock(c);
    const char *p = c->store ? c->path : NULL;
    unlock(c);
    return p;
}

/* The database turned out damaged while in use: recreate it once. */
static void recreate(ank_cache *c)
{
    ank_store_file damaged;
    ank__store_file(c->store, &damaged);
    ank__store_close(c->store);
    c->store = NULL;
    char note[WARNING_SIZE - 64] = "";
    ank_status st = ANK_ERR_IO;
    if (!c->recreated) {
        c->recreated = true;
        st = ank__store_open(c->path, c->disk_bytes, &damaged, &c->store,
                             note, sizeof note);
    }
    if (c->warning[0])
        return;
    if (st == ANK_OK && note[0])
        snprintf(c->warning, WARNING_SIZE, "%s", note);
    else if (st == ANK_OK)
        snprintf(c->warning, WARNING_SIZE,
                 "cache database %s was damaged; another process has "
                 "replaced it",
                 c->path);
    else
        snprintf(c->warning, WARNING_SIZE,
                 "cache database %s is damaged%s%s; caching in memory only",
                 c->path, note[0] ? ": " : "", note);
}

bool ank__cache_get(ank_cache *c, ank_cache_key key, void **data,
                    size_t *length)
{
    *data = NULL;
    *length = 0;
    lock(c);
    size_t n;
    const void *v = ank__lru_get(&c->lru, key, &n);
    if (v) {
        void *copy = ank__malloc(n);
        if (copy) {
            memcpy(copy, v, n);
            c->counters.memory_hits++;
            *data = copy;
            *length = n;
        } else {
            c->counters.misses++;
        }
        unlock(c);
        return copy != NULL;
    }
    ank_store_result r =
        c->store ? ank__store_get(c->store, key, data, length) : ANK_STORE_MISS;
    if (r == ANK_STORE_HIT) {
        c->counters.disk_hits++;
        ank__lru_put(&c->lru, key, *data, *length); /* failure: stays cold */
    } else {
        c->counters.misses++;
        if (r == ANK_STORE_CORRUPT)
            c->counters.corrupt++;
        else if (r == ANK_STORE_BROKEN)
            recreate(c);
    }
    unlock(c);
    return r == ANK_STORE_HIT;
}

ank_status ank__cache_put(ank_cache *c, ank_cache_key key, const void *data,
                          size_t length)
{
    lock(c);
    c->counters.puts++;
    if (c->store && ank__store_put(c->store, key, data, length) ==
                        ANK_STORE_BROKEN) {
        recreate(c);
        if (c->store)
            ank__store_put(c->store, key, data, length);
    }
    ank_status st = ank__lru_put(&c->lru, key, data, length);
    unlock(c);
    return st;
}

size_t ank__cache_value_max(ank_cache *c)
{
    lock(c);
    uint64_t cap = c->store ? c->disk_bytes : 0;
    if (cap < c->lru.cap)
        cap = c->lru.cap;
    unlock(c);
    cap /= 8;
    return cap < SIZE_MAX ? (size_t)cap : SIZE_MAX;
}

ank_status ank__cache_clear(ank_cache *c, ank_error *error)
{
    lock(c);
    ank__lru_release(&c->lru);
    ank_status st = ANK_OK;
    if (c->store) {
        ank_store_result r = ank__store_clear(c->store);
        if (r == ANK_STORE_BROKEN) {
            recreate(c); /* a new database is an empty one */
        } else if (r != ANK_STORE_HIT) {
            st = ank__fail(error, ANK_ERR_IO, "cannot clear %s: %s", c->path,
                           ank__store_error(c->store));
        }
    }
    unlock(c);
    if (st == ANK_OK)
        ank__error_clear(error);
    return st;
}

void ank__cache_stats(ank_cache *c, ank_cache_stats *out)
{
    lock(c);
    *out = c->counters;
    out->memory_entries = c->lru.entries;
    out->memory_bytes = c->lru.bytes;
    out->disk_entries = out->disk_bytes = 0;
    if (c->store)
        ank__store_count(c->store, &out->disk_entries, &out->disk_bytes);
    unlock(c);
}
