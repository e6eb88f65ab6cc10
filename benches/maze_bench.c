/*
 * maze_bench.c - the cache's own costs, named as cache figures:
 *
 *   cache/hit         a hit in the in-memory layer (value of 2 KiB, the
 *                     size of a small file's encoded constraints);
 *   cache/sqlite_hit  a hit that the memory layer misses and SQLite serves:
 *                     every sample reopens the cache, so each key is read
 *                     from the database once;
 *   cache/miss        a lookup of a key that neither layer holds;
 *   orchestrate/tree_cold/jobs1, /jobs2
 *                     ank_extract_tree on a directory (default: Python's
 *                     standard library) with an empty cache directory
 *                     each sample: every file read, parsed, extracted,
 *                     encoded and stored, with 1 and 2 threads;
 *   orchestrate/tree_warm
 *                     the same tree again from a new context on the filled
 *                     cache, as a second run of the tool sees it: every
 *                     file read and hashed, every result from SQLite.
 *
 * The database lives in a fresh temporary directory, removed at the end.
 * Per-operation times are the median over samples of batches of lookups.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ffi/alloc.h"
#include "../maze/cache.h"
#include "bench.h"

#define VALUE_BYTES 2048
#define KEYS 1000

static ank_cache_key key_of(uint32_t i)
{
    ank_cache_part p = {&i, sizeof i};
    return ank__cache_key(&p, 1);
}

static ank_cache *open_at(const char *dir)
{
    ank_cache_options o = {.dir = dir};
    ank_cache *c = NULL;
    if (ank__cache_open(&o, &c, NULL) != ANK_OK)
        return NULL;
    if (ank__cache_warning(c)) {
        fprintf(stderr, "  cache: %s\n", ank__cache_warning(c));
        ank__cache_close(c);
        return NULL;
    }
    return c;
}

/* Look up keys [0, KEYS) (offset by `miss` to miss); ns per lookup. */
static double lookups(ank_cache *c, uint32_t miss)
{
    double t0 = bench_now_ms();
    for (uint32_t i = 0; i < KEYS; i++) {
        void *v = NULL;
        size_t n = 0;
        if (ank__cache_get(c, key_of(i + miss), &v, &n)) {
            bench_sink += n;
            ank__free(v);
        }
    }
    return (bench_now_ms() - t0) * 1e6 / KEYS;
}

/* Remove a cache directory's database and the directory. */
static void remove_cache(const char *dir)
{
    static const char *const files[] = {"cache.db", "cache.db-wal",
                                        "cache.db-shm", "cache.db.corrupt"};
    char path[4096];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* One ank_extract_tree of `root` with `jobs` threads on the cache in
 * `dir`; milliseconds, or -1 on failure. */
static double tree_once(const char *root, const char *dir, unsigned jobs,
                        ank_tree_stats *st)
{
    ank_options o = ANK_OPTIONS_INIT;
    o.cache_dir = dir;
    o.jobs = jobs;
    ank_context *ctx = NULL;
    ank_result *r = NULL;
    if (ank_context_new(&o, &ctx, NULL) != ANK_OK)
        return -1;
    double t0 = bench_now_ms();
    ank_status s = ank_extract_tree(ctx, root, &r, st, NULL);
    double t = bench_now_ms() - t0;
    bench_sink += r ? ank_result_count(r) : 0;
    ank_result_free(r);
    ank_context_free(ctx);
    return s == ANK_OK ? t : -1;
}

void bench_tree(int samples, const char *root)
{
    glob_t g = {0};
    if (!root) {
        if (glob("/usr/lib/python3.[0-9]*", 0, NULL, &g) != 0 || !g.gl_pathc) {
            printf("  orchestrate: no /usr/lib/python3.N; give --tree DIR\n");
            globfree(&g);
            return;
        }
        root = g.gl_pathv[0];
    }
    double *t[3];
    for (int k = 0; k < 3; k++)
        t[k] = calloc((size_t)samples, sizeof(double));
    ank_tree_stats st[3] = {{0}};
    int ok = t[0] && t[1] && t[2];
    for (int s = 0; s < samples && ok; s++) {
        for (unsigned jobs = 1; jobs <= 2 && ok; jobs++) {
            char dir[] = "/tmp/ananke-bench-XXXXXX";
            ok = mkdtemp(dir) != NULL;
            if (!ok)
                break;
            t[jobs - 1][s] = tree_once(root, dir, jobs, &st[jobs - 1]);
            if (jobs == 2)
                t[2][s] = tree_once(root, dir, 2, &st[2]);
            remove_cache(dir);
            ok = t[jobs - 1][s] >= 0 && t[2][s] >= 0;
        }
    }
    if (ok) {
        double cold1 = bench_median(t[0], samples);
        double cold2 = bench_median(t[1], samples);
        double warm = bench_median(t[2], samples);
        printf("maze: %s (%zu files), median of %d samples\n", root,
               st[0].files, samples);
        printf("  %-28s %10.1f ms  parsed %zu\n", "orchestrate/tree_cold/jobs1",
               cold1, st[0].parsed);
        printf("  %-28s %10.1f ms  parsed %zu  %.2fx jobs1 (target >= 1.7x)\n",
               "orchestrate/tree_cold/jobs2", cold2, st[1].parsed,
               cold1 / cold2);
        printf("  %-28s %10.1f ms  parsed %zu  %.1f%% of cold (target < "
               "10%%)\n",
               "orchestrate/tree_warm", warm, st[2].parsed,
               100.0 * warm / cold2);
    } else {
        printf("  orchestrate: extracting %s failed\n", root);
    }
    for (int k = 0; k < 3; k++)
        free(t[k]);
    globfree(&g);
}

void bench_cache(int samples)
{
    char dir[] = "/tmp/ananke-bench-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("ananke-bench: mkdtemp");
        return;
    }
    double *mem = malloc((size_t)samples * sizeof *mem);
    double *disk = malloc((size_t)samples * sizeof *disk);
    double *miss = malloc((size_t)samples * sizeof *miss);
    char *value = malloc(VALUE_BYTES);
    ank_cache *c = mem && disk && miss && value ? open_at(dir) : NULL;
    if (!c)
        goto done;
    for (uint32_t i = 0; i < VALUE_BYTES; i++)
        value[i] = (char)(i * 31u);
    for (uint32_t i = 0; i < KEYS; i++)
        ank__cache_put(c, key_of(i), value, VALUE_BYTES);
    lookups(c, 0); /* warm-up */
    for (int s = 0; s < samples; s++) {
        mem[s] = lookups(c, 0);
        miss[s] = lookups(c, KEYS);
    }
    ank__cache_close(c);
    for (int s = 0; s < samples && (c = open_at(dir)); s++) {
        disk[s] = lookups(c, 0);
        ank_cache_stats st;
        ank__cache_stats(c, &st);
        if (st.disk_hits != KEYS)
            fprintf(stderr, "  cache/sqlite_hit: %llu disk hits of %d\n",
                    (unsigned long long)st.disk_hits, KEYS);
        ank__cache_close(c);
        c = NULL;
    }
    printf("maze: cache lookups (%d-byte values, %d keys), median of %d "
           "samples\n", VALUE_BYTES, KEYS, samples);
    printf("  %-20s %10.0f ns   (target < 1000 ns, goal 100 ns)\n",
           "cache/hit", bench_median(mem, samples));
    printf("  %-20s %10.0f ns\n", "cache/miss", bench_median(miss, samples));
    printf("  %-20s %10.0f ns   (target < 50000 ns)\n", "cache/sqlite_hit",
           bench_median(disk, samples));
done:
    free(mem);
    free(disk);
    free(miss);
    free(value);
    remove_cache(dir);
}
