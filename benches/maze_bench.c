/*
 * maze_bench.c - the cache's own costs, named as cache figures, and whole
 * trees:
 *
 *   cache/hit            a hit in the in-memory layer (2 KiB values, the
 *                        size of a small file's encoded constraints)
 *   cache/miss           a lookup of a key that neither layer holds
 *   cache/sqlite_hit     a hit that SQLite serves: each sample opens the
 *                        cache afresh, reads every key from the database
 *                        once and closes it (the open is amortized over
 *                        the 1000 keys)
 *   orchestrate/tree_cold  ank_extract_tree on a directory (default:
 *                        Python's standard library) with an empty cache
 *                        directory each sample, two threads; a figure
 *                        with one thread
 *   orchestrate/tree_warm  the same tree again from a new context on the
 *                        filled cache, as a second run of the tool sees it
 *
 * Databases live in fresh temporary directories, removed at the end.
 * Lookups are timed in batches of 1000 keys.
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

typedef struct lookup_job {
    ank_cache *cache;
    const char *dir;
    uint32_t offset; /* KEYS: every lookup misses */
} lookup_job;

static void lookups(void *arg)
{
    lookup_job *j = arg;
    for (uint32_t i = 0; i < KEYS; i++) {
        void *v = NULL;
        size_t n = 0;
        if (ank__cache_get(j->cache, key_of(i + j->offset), &v, &n)) {
            bench_sink += n;
            ank__free(v);
        }
    }
}

static void disk_lookups(void *arg)
{
    lookup_job *j = arg;
    lookup_job k = {open_at(j->dir), j->dir, 0};
    if (!k.cache) {
        fprintf(stderr, "ananke-bench: cannot reopen the cache\n");
        exit(2);
    }
    lookups(&k);
    ank_cache_stats st;
    ank__cache_stats(k.cache, &st);
    if (st.disk_hits != KEYS)
        fprintf(stderr, "  cache/sqlite_hit: %llu disk hits of %d\n",
                (unsigned long long)st.disk_hits, KEYS);
    ank__cache_close(k.cache);
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

static void lookup_result(const char *name, const char *label,
                          bench_stats ms, double target_ns)
{
    bench_result *r = bench_result_add(name);
    /* ms per batch -> ns per lookup */
    double k = 1e6 / KEYS;
    bench_stats per = {ms.min * k, ms.median * k, ms.mean * k, ms.p95 * k,
                       ms.sd * k, ms.n};
    r->stats = per;
    r->value = per.median;
    r->normalized = ms.median;
    snprintf(r->unit, sizeof r->unit, "ns");
    snprintf(r->text, sizeof r->text, "%s: %.0f ns per lookup", label,
             per.median);
    bench_figure_add(r, "keys_per_sample", KEYS, "count");
    if (target_ns > 0) {
        char what[96];
        snprintf(what, sizeof what, "%.0f ns: target < %.0f ns, critical %.0f",
                 per.median, target_ns, target_ns * 10);
        bench_judge(r, per.median, target_ns, target_ns * 10, what);
    }
    bench_print(r);
}

void bench_cache(void)
{
    int hit = bench_wanted("cache/hit", 0), miss = bench_wanted("cache/miss", 0);
    int disk = bench_wanted("cache/sqlite_hit", 0);
    if (!hit && !miss && !disk)
        return;
    bench_heading("maze: cache lookups (%d-byte values, %d keys a sample)",
                  VALUE_BYTES, KEYS);
    char dir[] = "/tmp/ananke-bench-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("ananke-bench: mkdtemp");
        return;
    }
    char *value = malloc(VALUE_BYTES);
    lookup_job j = {value ? open_at(dir) : NULL, dir, 0};
    if (!j.cache)
        goto done;
    for (uint32_t i = 0; i < VALUE_BYTES; i++)
        value[i] = (char)(i * 31u);
    for (uint32_t i = 0; i < KEYS; i++)
        ank__cache_put(j.cache, key_of(i), value, VALUE_BYTES);
    if (hit)
        lookup_result("cache/hit", "in-memory hit",
                      bench_time("cache/hit", lookups, &j, 1), 1000);
    j.offset = KEYS;
    if (miss)
        lookup_result("cache/miss", "miss in both layers",
                      bench_time("cache/miss", lookups, &j, 1), 1000);
    ank__cache_close(j.cache);
    if (disk)
        lookup_result("cache/sqlite_hit", "hit served by SQLite",
                      bench_time("cache/sqlite_hit", disk_lookups, &j, 1),
                      50000);
done:
    free(value);
    remove_cache(dir);
}

/* ------------------------------------------------------------ trees */

typedef struct tree_job {
    const char *root;
    unsigned jobs;
    const char *dir; /* NULL: a fresh empty cache directory each call */
    ank_tree_stats st;
} tree_job;

static void tree_once(void *arg)
{
    tree_job *t = arg;
    char tmp[] = "/tmp/ananke-bench-XXXXXX";
    const char *dir = t->dir;
    if (!dir && !(dir = mkdtemp(tmp))) {
        perror("ananke-bench: mkdtemp");
        exit(2);
    }
    ank_options o = ANK_OPTIONS_INIT;
    o.cache_dir = dir;
    o.jobs = t->jobs;
    ank_context *ctx = NULL;
    ank_result *r = NULL;
    if (ank_context_new(&o, &ctx, NULL) != ANK_OK ||
        ank_extract_tree(ctx, t->root, &r, &t->st, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: extracting %s failed\n", t->root);
        exit(2);
    }
    bench_sink += ank_result_count(r);
    ank_result_free(r);
    ank_context_free(ctx);
    if (!t->dir)
        remove_cache(dir);
}

void bench_tree(void)
{
    int cold = bench_wanted("orchestrate/tree_cold", BENCH_HEAVY | BENCH_NOGATE);
    int warm = bench_wanted("orchestrate/tree_warm", BENCH_HEAVY | BENCH_NOGATE);
    if (!cold && !warm)
        return;
    glob_t g = {0};
    const char *root = bench_cfg.tree;
    if (!root) {
        if (glob("/usr/lib/python3.[0-9]*", 0, NULL, &g) != 0 || !g.gl_pathc) {
            fprintf(stderr, "ananke-bench: orchestrate: no /usr/lib/python3.N; "
                            "give --tree DIR\n");
            globfree(&g);
            return;
        }
        root = g.gl_pathv[0];
    }
    /* seconds a sample: a few samples are enough */
    int saved = bench_cfg.samples;
    bench_cfg.samples = saved < 5 ? saved : 5;
    bench_heading("maze: the tree %s, %d samples", root, bench_cfg.samples);
    tree_job two = {root, 2, NULL, {0}}, one = {root, 1, NULL, {0}};
    bench_stats st[2];
    bench_region reg[2] = {{NULL, tree_once, &two}, {"jobs1", tree_once, &one}};
    bench_measure("orchestrate/tree_cold", reg, 2, 1, 0, st, NULL);
    if (cold) {
        bench_result *r = bench_result_add("orchestrate/tree_cold");
        bench_set_time(r, st[0], "ms");
        bench_figure_add(r, "files", (double)two.st.files, "count");
        bench_figure_add(r, "parsed", (double)two.st.parsed, "count");
        bench_figure_add(r, "jobs1_ms", st[1].median, "ms");
        double speedup = st[1].median / st[0].median;
        bench_figure_add(r, "speedup_jobs2", speedup, "x");
        snprintf(r->text, sizeof r->text,
                 "%zu files, 2 threads: %.1fms; 1 thread %.1fms (%.2fx)",
                 two.st.files, st[0].median, st[1].median, speedup);
        char what[96];
        snprintf(what, sizeof what,
                 "%.2fx with 2 threads: target >= 1.7x, critical 1.2x",
                 speedup);
        bench_judge_min(r, speedup, 1.7, 1.2, what);
        bench_print(r);
    }
    if (warm) {
        char dir[] = "/tmp/ananke-bench-XXXXXX";
        if (mkdtemp(dir)) {
            tree_job fill = {root, 2, dir, {0}};
            tree_once(&fill);
            bench_stats w = bench_time("orchestrate/tree_warm", tree_once, &fill,
                                       1);
            bench_result *r = bench_result_add("orchestrate/tree_warm");
            bench_set_time(r, w, "ms");
            double share = 100.0 * w.median / st[0].median;
            bench_figure_add(r, "parsed", (double)fill.st.parsed, "count");
            bench_figure_add(r, "share_of_cold", share, "%");
            snprintf(r->text, sizeof r->text,
                     "%zu files from the cache: %.1fms, parsed %zu, %.1f%% of "
                     "cold",
                     fill.st.files, w.median, fill.st.parsed, share);
            char what[96];
            snprintf(what, sizeof what,
                     "%.1f%% of cold: target < 10%%, critical 25%%", share);
            bench_judge(r, share, 10, 25, what);
            bench_print(r);
            remove_cache(dir);
        }
    }
    bench_cfg.samples = saved;
    globfree(&g);
}
