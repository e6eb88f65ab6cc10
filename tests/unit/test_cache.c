/*
 * test_cache.c - the two-layer cache: key encoding, the memory LRU's order
 * and byte cap, the SQLite layer across reopen, format-version changes,
 * corrupt entries and files, unwritable directories, the disk size cap,
 * out-of-memory at every allocation, two threads and two processes at
 * once.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>
#include <xxhash.h>

#include "../../ffi/alloc.h"
#include "../../maze/cache.h"
#include "../../maze/lru.h"
#include "test.h"
#include "tests.h"

static ank_cache_key key_of(const char *text)
{
    ank_cache_part part = {text, strlen(text)};
    return ank__cache_key(&part, 1);
}

static bool same_key(ank_cache_key a, ank_cache_key b)
{
    return a.hi == b.hi && a.lo == b.lo;
}

/* Remove a directory tree made by a test. */
static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char child[4096];
            snprintf(child, sizeof child, "%s/%s", path, e->d_name);
            remove_tree(child);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static char *make_temp_dir(char *buf, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, size, "%s/ananke-cache-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(buf);
}

static ank_cache *open_at(const char *dir, size_t memory, uint64_t disk)
{
    ank_cache_options o = {.dir = dir, .memory_bytes = memory,
                           .disk_bytes = disk};
    ank_cache *c = NULL;
    CHECK_INT(ank__cache_open(&o, &c, NULL), ANK_OK);
    return c;
}

/* get `key` and compare with `want` (NULL: expect a miss). */
static bool get_is(ank_cache *c, ank_cache_key key, const char *want)
{
    void *data = NULL;
    size_t n = 0;
    bool hit = ank__cache_get(c, key, &data, &n);
    bool ok = want ? hit && n == strlen(want) && memcmp(data, want, n) == 0
                   : !hit && data == NULL;
    ank__free(data);
    return ok;
}

/* Run one SQL statement on the database file directly. */
static int sql(const char *path, const char *statement)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, statement, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

static void key_parts(void)
{
    ank_cache_part ab_c[] = {{"ab", 2}, {"c", 1}};
    ank_cache_part a_bc[] = {{"a", 1}, {"bc", 2}};
    ank_cache_part abc[] = {{"abc", 3}};
    ank_cache_part empty_x[] = {{"", 0}, {"x", 1}};
    ank_cache_part x_empty[] = {{"x", 1}, {NULL, 0}};
    ank_cache_part x[] = {{"x", 1}};
    ank_cache_key k1 = ank__cache_key(ab_c, 2);
    CHECK(same_key(k1, ank__cache_key(ab_c, 2)));
    CHECK(!same_key(k1, ank__cache_key(a_bc, 2)));
    CHECK(!same_key(k1, ank__cache_key(abc, 1)));
    CHECK(!same_key(ank__cache_key(empty_x, 2), ank__cache_key(x, 1)));
    CHECK(!same_key(ank__cache_key(x_empty, 2), ank__cache_key(x, 1)));
    CHECK(!same_key(ank__cache_key(empty_x, 2), ank__cache_key(x_empty, 2)));
    CHECK(!same_key(ank__cache_key(NULL, 0), ank__cache_key(x_empty + 1, 1)));
    /* the encoding: each part as its length (8 bytes, little-endian), then
     * its bytes, all through one XXH3-128 */
    static const unsigned char bytes[] = {2, 0, 0, 0, 0, 0, 0, 0, 'a', 'b',
                                          1, 0, 0, 0, 0, 0, 0, 0, 'c'};
    XXH128_hash_t h = XXH3_128bits(bytes, sizeof bytes);
    CHECK(k1.hi == h.high64 && k1.lo == h.low64);
}

static void memory_lru(void)
{
    size_t unit = ank__lru_charge(100);
    ank_cache_options o = {.memory_bytes = 3 * unit, .no_disk = true};
    ank_cache *c = NULL;
    CHECK_INT(ank__cache_open(&o, &c, NULL), ANK_OK);
    if (!c)
        return;
    CHECK(ank__cache_warning(c) == NULL);
    CHECK(ank__cache_path(c) == NULL);
    /* memory only: an eighth of the memory layer is worth putting */
    CHECK_INT(ank__cache_value_max(c), 3 * unit / 8);
    char v[4][101];
    const char *names[4] = {"A", "B", "C", "D"};
    for (int i = 0; i < 4; i++) {
        memset(v[i], 'a' + i, 100);
        v[i][100] = '\0';
    }
    for (int i = 0; i < 3; i++)
        CHECK_INT(ank__cache_put(c, key_of(names[i]), v[i], 100), ANK_OK);
    ank_cache_stats s;
    ank__cache_stats(c, &s);
    CHECK_INT(s.memory_entries, 3);
    CHECK_INT(s.memory_bytes, 3 * unit);
    CHECK_INT(s.puts, 3);
    CHECK(get_is(c, key_of("A"), v[0])); /* A is now the most recent */
    CHECK_INT(ank__cache_put(c, key_of("D"), v[3], 100), ANK_OK);
    CHECK(get_is(c, key_of("B"), NULL)); /* B was the least recent */
    CHECK(get_is(c, key_of("C"), v[2]));
    CHECK(get_is(c, key_of("A"), v[0]));
    CHECK(get_is(c, key_of("D"), v[3]));
    ank__cache_stats(c, &s);
    CHECK_INT(s.memory_entries, 3);
    CHECK_INT(s.memory_hits, 4);
    CHECK_INT(s.misses, 1);
    CHECK_INT(s.disk_hits, 0);
    /* order now C, A, D (oldest first); 200 bytes need two slots freed */
    char big[200];
    memset(big, 'z', sizeof big);
    CHECK_INT(ank__cache_put(c, key_of("E"), big, sizeof big), ANK_OK);
    ank__cache_stats(c, &s);
    CHECK_INT(s.memory_entries, 2);
    CHECK_INT(s.memory_bytes, unit + ank__lru_charge(200));
    CHECK(s.memory_bytes <= 3 * unit);
    CHECK(get_is(c, key_of("C"), NULL));
    CHECK(get_is(c, key_of("A"), NULL));
    CHECK(get_is(c, key_of("D"), v[3]));
    /* replacing a value re-charges it */
    CHECK_INT(ank__cache_put(c, key_of("D"), "dd", 2), ANK_OK);
    CHECK(get_is(c, key_of("D"), "dd"));
    ank__cache_stats(c, &s);
    CHECK_INT(s.memory_bytes, ank__lru_charge(2) + ank__lru_charge(200));
    /* a value over the cap is not kept, and nothing else is evicted */
    char *huge = ank__malloc(4 * unit);
    if (huge) {
        memset(huge, 'h', 4 * unit);
        CHECK_INT(ank__cache_put(c, key_of("H"), huge, 4 * unit), ANK_OK);
        CHECK(get_is(c, key_of("H"), NULL));
        CHECK(get_is(c, key_of("D"), "dd"));
        ank__free(huge);
    }
    /* many keys: the table grows and every survivor is still found */
    for (int i = 0; i < 1000; i++) {
        char name[16];
        snprintf(name, sizeof name, "k%d", i);
        CHECK_INT(ank__cache_put(c, key_of(name), name, strlen(name)), ANK_OK);
    }
    ank__cache_stats(c, &s);
    CHECK(s.memory_bytes <= 3 * unit);
    CHECK(get_is(c, key_of("k999"), "k999"));
    CHECK(get_is(c, key_of("k0"), NULL));
    CHECK_INT(ank__cache_clear(c, NULL), ANK_OK);
    ank__cache_stats(c, &s);
    CHECK_INT(s.memory_entries, 0);
    CHECK_INT(s.memory_bytes, 0);
    CHECK(get_is(c, key_of("k999"), NULL));
    ank__cache_close(c);
    ank__cache_close(NULL);
}

static void disk_round_trip(const char *tmp)
{
    char dir[4096], db[4200];
    snprintf(dir, sizeof dir, "%s/round/a/b", tmp);
    snprintf(db, sizeof db, "%s/cache.db", dir);
    ank_cache *c = open_at(dir, 0, 0);
    if (!c)
        return;
    CHECK(ank__cache_warning(c) == NULL);
    CHECK_STR(ank__cache_path(c), db);
    struct stat st;
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK_INT(ank__cache_put(c, key_of("one"), "hello", 5), ANK_OK);
    CHECK_INT(ank__cache_put(c, key_of("empty"), "", 0), ANK_OK);
    ank__cache_close(c);

    c = open_at(dir, 0, 0);
    if (!c)
        return;
    ank_cache_stats s;
    ank__cache_stats(c, &s);
    CHECK_INT(s.disk_entries, 2);
    CHECK_INT(s.disk_bytes, 5);
    CHECK_INT(s.memory_entries, 0);
    CHECK(get_is(c, key_of("one"), "hello"));
    CHECK(get_is(c, key_of("one"), "hello"));
    CHECK(get_is(c, key_of("empty"), ""));
    CHECK(get_is(c, key_of("two"), NULL));
    ank__cache_stats(c, &s);
    CHECK_INT(s.disk_hits, 2);
    CHECK_INT(s.memory_hits, 1);
    CHECK_INT(s.misses, 1);
    CHECK_INT(s.corrupt, 0);
    CHECK_INT(s.memory_entries, 2);

    /* a second cache on the same file sees the first one's writes */
    ank_cache *other = open_at(dir, 0, 0);
    if (other) {
        CHECK_INT(ank__cache_put(other, key_of("two"), "2", 1), ANK_OK);
        CHECK(get_is(c, key_of("two"), "2"));
        ank__cache_close(other);
    }
    CHECK_INT(ank__cache_clear(c, NULL), ANK_OK);
    ank__cache_stats(c, &s);
    CHECK_INT(s.disk_entries, 0);
    CHECK_INT(s.disk_bytes, 0);
    CHECK(get_is(c, key_of("one"), NULL));
    ank__cache_close(c);
}

static void version_change(const char *tmp)
{
    char dir[4096], db[4200];
    snprintf(dir, sizeof dir, "%s/version", tmp);
    snprintf(db, sizeof db, "%s/cache.db", dir);
    ank_cache *c = open_at(dir, 0, 0);
    if (!c)
        return;
    CHECK_INT(ank__cache_put(c, key_of("v"), "value", 5), ANK_OK);
    ank__cache_close(c);
    /* the same format keeps the entry */
    c = open_at(dir, 0, 0);
    CHECK(c && get_is(c, key_of("v"), "value"));
    ank__cache_close(c);
    CHECK_INT(sql(db, "PRAGMA user_version = 99"), SQLITE_OK);
    c = open_at(dir, 0, 0);
    if (!c)
        return;
    CHECK(ank__cache_warning(c) == NULL);
    ank_cache_stats s;
    ank__cache_stats(c, &s);
    CHECK_INT(s.disk_entries, 0);
    CHECK(get_is(c, key_of("v"), NULL));
    CHECK_INT(ank__cache_put(c, key_of("v"), "new", 3), ANK_OK);
    ank__cache_close(c);
    c = open_at(dir, 0, 0);
    CHECK(c && get_is(c, key_of("v"), "new"));
    ank__cache_close(c);
}

static void corrupt_entries(const char *tmp)
{
    char dir[4096], db[4200];
    snprintf(dir, sizeof dir, "%s/corrupt", tmp);
    snprintf(db, sizeof db, "%s/cache.db", dir);
    ank_cache *c = open_at(dir, 0, 0);
    if (!c)
        return;
    const char *names[] = {"flipped", "short", "null", "text", "orphan",
                           "sound"};
    for (int i = 0; i < 6; i++)
        CHECK_INT(ank__cache_put(c, key_of(names[i]), "0123456789", 10),
                  ANK_OK);
    ank__cache_close(c);
    /* values in put order: same length, other bytes / truncated / NULL /
     * text instead of a blob / missing */
    CHECK_INT(sql(db, "UPDATE blobs SET value = X'3031323334353637383A'"
                      " WHERE id = 1;"
                      "UPDATE blobs SET value = substr(value, 1, 4)"
                      " WHERE id = 2;"
                      "UPDATE blobs SET value = NULL WHERE id = 3;"
                      "UPDATE blobs SET value = '0123456789' WHERE id = 4;"
                      "DELETE FROM blobs WHERE id = 5;"),
              SQLITE_OK);
    c = open_at(dir, 0, 0);
    if (!c)
        return;
    for (int i = 0; i < 5; i++)
        CHECK(get_is(c, key_of(names[i]), NULL));
    CHECK(get_is(c, key_of("sound"), "0123456789"));
    ank_cache_stats s;
    ank__cache_stats(c, &s);
    CHECK_INT(s.corrupt, 5);
    CHECK_INT(s.misses, 5);
    CHECK_INT(s.disk_hits, 1);
    CHECK_INT(s.disk_entries, 1); /* the corrupt rows are gone */
    /* recomputed and stored again, it is served */
    CHECK_INT(ank__cache_put(c, key_of("flipped"), "fresh", 5), ANK_OK);
    ank__cache_close(c);
    c = open_at(dir, 0, 0);
    CHECK(c && get_is(c, key_of("flipped"), "fresh"));
    ank__cache_close(c);
}

static void write_file(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(fwrite(text, 1, n, f) == n);
    fclose(f);
}

static void damaged_file(const char *tmp)
{
    char dir[4096], db[4200], aside[4300];
    snprintf(dir, sizeof dir, "%s/garbage", tmp);
    snprintf(db, sizeof db, "%s/cache.db", dir);
    snprintf(aside, sizeof aside, "%s.corrupt", db);
    mkdir(dir, 0700);
    char junk[8192];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)("not a database "[i % 15]);
    write_file(db, junk, sizeof junk);
    ank_cache *c = open_at(dir, 0, 0);
    if (!c)
        return;
    const char *w = ank__cache_warning(c);
    CHECK(w && strstr(w, "moved it to") && strstr(w, "cache.db.corrupt"));
    CHECK_STR(ank__cache_path(c), db);
    CHECK(access(aside, F_OK) == 0);
    CHECK_INT(ank__cache_put(c, key_of("g"), "good", 4), ANK_OK);
    ank__cache_close(c);
    c = open_at(dir, 0, 0);
    CHECK(c && ank__cache_warning(c) == NULL);
    CHECK(c && get_is(c, key_of("g"), "good"));
    ank__cache_close(c);

    /* a database cut short: the header survives, the pages do not */
    c = open_at(dir, 0, 0);
    for (int i = 0; c && i < 50; i++) {
        char name[16];
        snprintf(name, sizeof name, "t%d", i);
        CHECK_INT(ank__cache_put(c, key_of(name), junk, 2000), ANK_OK);
    }
    ank__cache_close(c);
    CHECK(truncate(db, 6000) == 0);
    c = open_at(dir, 0, 0);
    if (!c)
        return;
    /* served values are never wrong: each is a miss or the right bytes */
    for (int i = 0; i < 50; i++) {
        char name[16];
        void *data = NULL;
        size_t n = 0;
        snprintf(name, sizeof name, "t%d", i);
        if (ank__cache_get(c, key_of(name), &data, &n))
            CHECK(n == 2000 && memcmp(data, junk, n) == 0);
        ank__free(data);
    }
    CHECK_INT(ank__cache_put(c, key_of("after"), "ok", 2), ANK_OK);
    CHECK(get_is(c, key_of("after"), "ok"));
    ank__cache_close(c);
    c = open_at(dir, 0, 0);
    CHECK(c && get_is(c, key_of("after"), "ok"));
    ank__cache_close(c);
}

static void memory_only_works(ank_cache *c)
{
    CHECK(ank__cache_warning(c) != NULL);
    CHECK(ank__cache_path(c) == NULL);
    CHECK_INT(ank__cache_put(c, key_of("m"), "mem", 3), ANK_OK);
    CHECK(get_is(c, key_of("m"), "mem"));
    ank_cache_stats s;
    ank__cache_stats(c, &s);
    CHECK_INT(s.memory_hits, 1);
    CHECK_INT(s.disk_entries, 0);
    CHECK_INT(ank__cache_clear(c, NULL), ANK_OK);
}

static void unwritable_dir(const char *tmp)
{
    /* below a regular file: no one can create it, root included */
    char file[4096], dir[4200];
    snprintf(file, sizeof file, "%s/plain-file", tmp);
    snprintf(dir, sizeof dir, "%s/sub", file);
    write_file(file, "x", 1);
    ank_cache *c = open_at(dir, 0, 0);
    if (c) {
        CHECK(strstr(ank__cache_warning(c), "cannot be created") != NULL);
        memory_only_works(c);
    }
    ank__cache_close(c);
    if (geteuid() == 0) /* root writes into read-only directories */
        return;
    snprintf(dir, sizeof dir, "%s/readonly", tmp);
    mkdir(dir, 0700);
    CHECK(chmod(dir, 0500) == 0);
    c = open_at(dir, 0, 0);
    if (c) {
        CHECK(strstr(ank__cache_warning(c), "not writable") != NULL);
        memory_only_works(c);
    }
    ank__cache_close(c);
    chmod(dir, 0700);
}

static void disk_cap(const char *tmp)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/cap", tmp);
    char value[1500];
    /* memory of one byte holds nothing: every get goes to the disk */
    ank_cache *c = open_at(dir, 1, 10000);
    if (!c)
        return;
    /* the larger layer is the disk's */
    CHECK_INT(ank__cache_value_max(c), 1250);
    for (int i = 0; i < 10; i++) {
        char name[16];
        snprintf(name, sizeof name, "c%d", i);
        memset(value, 'a' + i, sizeof value);
        CHECK_INT(ank__cache_put(c, key_of(name), value, sizeof value),
                  ANK_OK);
    }
    /* the 7th put went over 10000 and evicted down to 9000, and so on */
    ank_cache_stats s;
    ank__cache_stats(c, &s);
    CHECK_INT(s.memory_entries, 0);
    CHECK_INT(s.disk_entries, 6);
    CHECK_INT(s.disk_bytes, 9000);
    void *data;
    size_t n;
    for (int i = 0; i < 10; i++) {
        char name[16];
        snprintf(name, sizeof name, "c%d", i);
        bool hit = ank__cache_get(c, key_of(name), &data, &n);
        CHECK(hit == (i >= 4));
        CHECK(!hit || (n == 1500 && ((char *)data)[0] == 'a' + i));
        ank__free(data);
    }
    /* c4 was read last, so it is now newer than c5: c5 goes first */
    CHECK(ank__cache_get(c, key_of("c4"), &data, &n));
    ank__free(data);
    CHECK_INT(ank__cache_put(c, key_of("c10"), value, sizeof value), ANK_OK);
    CHECK(ank__cache_get(c, key_of("c4"), &data, &n));
    ank__free(data);
    CHECK(!ank__cache_get(c, key_of("c5"), &data, &n));
    ank__cache_stats(c, &s);
    CHECK_INT(s.disk_entries, 6);
    /* a value over the whole cap is not written */
    char *huge = ank__malloc(20000);
    if (huge) {
        memset(huge, 'h', 20000);
        CHECK_INT(ank__cache_put(c, key_of("huge"), huge, 20000), ANK_OK);
        ank__free(huge);
    }
    ank__cache_stats(c, &s);
    CHECK_INT(s.disk_entries, 6);
    CHECK_INT(s.disk_bytes, 9000);
    ank__cache_close(c);
}

/* Every allocation fails in turn: open, put, get, stats, clear and close
 * must survive each, and the leak check in main.c sees everything freed. */
static void out_of_memory(const char *tmp)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/oom", tmp);
    bool completed = false;
    for (uint64_t k = 1; k < 1000 && !completed; k++) {
        ank_cache_options o = {.dir = dir, .memory_bytes = 4096};
        ank_cache *c = NULL;
        ank__alloc_fail_after(k);
        ank_status st = ank__cache_open(&o, &c, NULL);
        bool ok = st == ANK_OK;
        if (ok) {
            for (int i = 0; i < 3; i++) {
                char name[8] = {'o', (char)('0' + i), 0};
                ok &= ank__cache_put(c, key_of(name), name, 2) == ANK_OK;
            }
            void *data = NULL;
            size_t n;
            for (int i = 0; i < 3; i++) {
                char name[8] = {'o', (char)('0' + i), 0};
                bool hit = ank__cache_get(c, key_of(name), &data, &n);
                ok &= hit;
                if (hit)
                    CHECK(n == 2 && memcmp(data, name, 2) == 0);
                ank__free(data);
            }
            ank_cache_stats s;
            ank__cache_stats(c, &s);
            ok &= ank__cache_clear(c, NULL) == ANK_OK;
        }
        ank__cache_close(c);
        ank__alloc_fail_after(0);
        CHECK(st == ANK_OK || (st == ANK_ERR_NOMEM && c == NULL));
        completed = ok;
    }
    CHECK(completed);
}

#define THREAD_ROUNDS 3000
#define THREAD_KEYS 48

typedef struct worker {
    ank_cache *cache;
    unsigned seed;
    void **got; /* values received, freed after the join: the test
                   allocator's counter is not atomic */
    size_t ngot;
    int wrong, failed;
} worker;

static void value_for(int k, char *out, size_t *n)
{
    *n = (size_t)snprintf(out, 64, "value-%d-%0*d", k, k % 40, k);
}

static void *hammer(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < THREAD_ROUNDS; i++) {
        w->seed = w->seed * 1103515245u + 12345u;
        int k = (int)((w->seed >> 8) % THREAD_KEYS);
        char name[16], want[64];
        size_t n;
        snprintf(name, sizeof name, "t%d", k);
        value_for(k, want, &n);
        if ((w->seed >> 20) % 3 == 0) {
            if (ank__cache_put(w->cache, key_of(name), want, n) != ANK_OK)
                w->failed++;
            continue;
        }
        void *data = NULL;
        size_t got = 0;
        if (ank__cache_get(w->cache, key_of(name), &data, &got)) {
            if (got != n || memcmp(data, want, n) != 0)
                w->wrong++;
            w->got[w->ngot++] = data;
        }
    }
    return NULL;
}

static void two_threads(const char *tmp)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/threads", tmp);
    /* room for a quarter of the keys: memory evictions and disk hits */
    ank_cache *c = open_at(dir, (THREAD_KEYS / 4) * ank__lru_charge(64), 0);
    if (!c)
        return;
    worker w[2] = {{.cache = c, .seed = 1}, {.cache = c, .seed = 2}};
    pthread_t t[2];
    int started = 0;
    for (int i = 0; i < 2; i++) {
        w[i].got = ank__calloc(THREAD_ROUNDS, sizeof *w[i].got);
        CHECK(w[i].got != NULL);
    }
    for (int i = 0; i < 2 && w[0].got && w[1].got; i++)
        if (pthread_create(&t[i], NULL, hammer, &w[i]) == 0)
            started++;
    CHECK_INT(started, 2);
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    ank_cache_stats s;
    ank__cache_stats(c, &s);
    for (int i = 0; i < 2; i++) {
        CHECK_INT(w[i].wrong, 0);
        CHECK_INT(w[i].failed, 0);
        for (size_t j = 0; j < w[i].ngot; j++)
            ank__free(w[i].got[j]);
        ank__free(w[i].got);
    }
    CHECK(s.memory_hits > 0 && s.disk_hits > 0);
    CHECK_INT(s.corrupt, 0);
    CHECK_INT(s.memory_hits + s.disk_hits + s.misses + s.puts,
              2 * THREAD_ROUNDS);
    CHECK(s.disk_entries <= THREAD_KEYS);
    ank__cache_close(c);
}

/* One process's share of two_processes: puts and checked gets on a
 * shared set of keys, through the disk (the memory layer holds nothing).
 * Returns the number of wrong values and failed calls. */
static int hammer_process(const char *dir, unsigned seed)
{
    ank_cache_options o = {.dir = dir, .memory_bytes = 1};
    ank_cache *c = NULL;
    if (ank__cache_open(&o, &c, NULL) != ANK_OK)
        return 1;
    int bad = ank__cache_path(c) == NULL;
    uint64_t written = 0;
    for (int i = 0; i < 600 && !bad; i++) {
        seed = seed * 1103515245u + 12345u;
        int k = (int)((seed >> 8) % THREAD_KEYS);
        char name[16], want[64];
        size_t n, got;
        void *data = NULL;
        snprintf(name, sizeof name, "p%d", k);
        value_for(k, want, &n);
        if ((seed >> 20) % 2 == 0) {
            bad += ank__cache_put(c, key_of(name), want, n) != ANK_OK;
            written |= (uint64_t)1 << k;
        } else if (ank__cache_get(c, key_of(name), &data, &got))
            bad += got != n || memcmp(data, want, n) != 0;
        ank__free(data);
    }
    /* nothing is ever evicted here, so every key written is on disk */
    for (int k = 0; k < THREAD_KEYS; k++) {
        char name[16], want[64];
        size_t n, got;
        void *data = NULL;
        snprintf(name, sizeof name, "p%d", k);
        value_for(k, want, &n);
        if (written >> k & 1)
            bad += !ank__cache_get(c, key_of(name), &data, &got) ||
                   got != n || memcmp(data, want, n) != 0;
        ank__free(data);
    }
    ank_cache_stats s;
    ank__cache_stats(c, &s);
    bad += s.corrupt != 0 || s.disk_hits == 0;
    ank__cache_close(c);
    return bad;
}

/* Two processes on one database at once: every value either reads back
 * right or is a miss, and no write is lost to locking. */
static void two_processes(const char *tmp)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/processes", tmp);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(hammer_process(dir, 7) ? 1 : 0);
    CHECK(pid > 0);
    CHECK_INT(hammer_process(dir, 8), 0);
    int status = 0;
    if (pid > 0) {
        CHECK(waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    ank_cache *c = open_at(dir, 0, 0);
    if (!c)
        return;
    ank_cache_stats s;
    ank__cache_stats(c, &s);
    CHECK(s.disk_entries > 0 && s.disk_entries <= THREAD_KEYS);
    for (int k = 0; k < THREAD_KEYS; k++) {
        char name[16], want[64];
        size_t n;
        snprintf(name, sizeof name, "p%d", k);
        value_for(k, want, &n);
        void *data = NULL;
        size_t got;
        if (ank__cache_get(c, key_of(name), &data, &got))
            CHECK(got == n && memcmp(data, want, n) == 0);
        ank__free(data);
    }
    ank__cache_close(c);
}

void test_cache(void)
{
    key_parts();
    memory_lru();
    char tmp[512];
    if (!make_temp_dir(tmp, sizeof tmp)) {
        CHECK(!"mkdtemp failed");
        return;
    }
    disk_round_trip(tmp);
    version_change(tmp);
    corrupt_entries(tmp);
    damaged_file(tmp);
    unwritable_dir(tmp);
    disk_cap(tmp);
    out_of_memory(tmp);
    two_threads(tmp);
    two_processes(tmp);
    remove_tree(tmp);
}
