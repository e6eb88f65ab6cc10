/*
 * measure.c - how every figure is taken: the counting allocator, the
 * clock, the statistics, timing with a warm-up and alternated regions,
 * instruction counting through callgrind's client requests, and the
 * calibration workload.
 *
 * Under --instructions the program runs inside
 * `valgrind --tool=callgrind --collect-atstart=no --instr-atstart=no`:
 * collection is switched on only around the measured calls, and each
 * region's count is dumped under its own name ("name|part#reps"), which
 * the gate reads back (gate.c).  Nothing else is counted: set-up, warm-up
 * and the driver itself run with collection off.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_DUMP_STATS_AT(s) ((void)(s))
#endif

bench_config bench_cfg = {.samples = 30, .lines = 1000};

int bench_wanted(const char *name, unsigned flags)
{
    if (bench_cfg.instructions && (flags & BENCH_NOGATE))
        return 0;
    if (bench_cfg.gate && (flags & BENCH_NOGATE))
        return 0;
    if (!bench_cfg.nfilters)
        return !(bench_cfg.quick && (flags & BENCH_HEAVY));
    for (int i = 0; i < bench_cfg.nfilters; i++) {
        const char *p = bench_cfg.filters[i];
        size_t n = strlen(p);
        if (fnmatch(p, name, 0) == 0)
            return 1;
        if (n && strncmp(p, name, n) == 0 &&
            (name[n] == '\0' || name[n] == '/' || p[n - 1] == '/'))
            return 1;
    }
    return 0;
}

/* ----------------------------------------------------- counting allocator */

_Atomic size_t bench_live_bytes, bench_peak_bytes, bench_allocations;

/* A block of `old` bytes is now `n` bytes: count the difference, and
 * raise the peak to match. */
static void count(size_t n, size_t old)
{
    if (n < old) {
        atomic_fetch_sub(&bench_live_bytes, old - n);
        return;
    }
    size_t live = atomic_fetch_add(&bench_live_bytes, n - old) + (n - old);
    size_t peak = atomic_load(&bench_peak_bytes);
    while (live > peak &&
           !atomic_compare_exchange_weak(&bench_peak_bytes, &peak, live))
        ;
}

/* Each block carries its size in a 16-byte header (keeps alignment). */
static void *c_malloc(size_t n)
{
    size_t *p = malloc(n + 16);
    if (!p)
        return NULL;
    *p = n;
    atomic_fetch_add(&bench_allocations, 1);
    count(n, 0);
    return (char *)p + 16;
}

static void *c_calloc(size_t c, size_t n)
{
    if (n && c > SIZE_MAX / n)
        return NULL;
    void *p = c_malloc(c * n);
    if (p)
        memset(p, 0, c * n);
    return p;
}

static void c_free(void *p)
{
    if (!p)
        return;
    size_t *h = (size_t *)((char *)p - 16);
    atomic_fetch_sub(&bench_live_bytes, *h);
    free(h);
}

static void *c_realloc(void *p, size_t n)
{
    if (!p)
        return c_malloc(n);
    size_t *h = (size_t *)((char *)p - 16);
    size_t old = *h;
    h = realloc(h, n + 16);
    if (!h)
        return NULL;
    *h = n;
    atomic_fetch_add(&bench_allocations, 1);
    count(n, old);
    return (char *)h + 16;
}

const ank_allocator bench_counting_allocator = {c_malloc, c_calloc,
                                                c_realloc, c_free};

/* ------------------------------------------------------------- timing */

volatile uint64_t bench_sink;

unsigned bench_compile_jobs(void) { return bench_cfg.instructions ? 1 : 0; }

double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Square root by Newton's method (the program does not link libm). */
static double root(double x)
{
    if (x <= 0)
        return 0;
    double r = x > 1 ? x : 1;
    for (int i = 0; i < 200; i++) {
        double next = (r + x / r) / 2;
        if (next >= r)
            break;
        r = next;
    }
    return r;
}

bench_stats bench_stats_of(double *v, int n)
{
    bench_stats s = {0, 0, 0, 0, 0, n};
    if (n < 1)
        return s;
    qsort(v, (size_t)n, sizeof *v, by_double);
    double sum = 0, sq = 0;
    for (int i = 0; i < n; i++)
        sum += v[i];
    s.mean = sum / n;
    for (int i = 0; i < n; i++)
        sq += (v[i] - s.mean) * (v[i] - s.mean);
    s.sd = n > 1 ? root(sq / (n - 1)) : 0;
    s.min = v[0];
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    /* nearest rank */
    int rank = (95 * n + 99) / 100;
    s.p95 = v[(rank < 1 ? 1 : rank) - 1];
    return s;
}

double bench_median(double *v, int n)
{
    return bench_stats_of(v, n).median;
}

/* Count `reps` calls of each region, dumped one by one. */
static void count_regions(const char *name, const bench_region *regions,
                          int n, int reps)
{
    /* Counts do not vary: repeat only enough to amortize the toggles
     * around very short calls. */
    reps = reps / 100 > 1 ? reps / 100 : 1;
    /* The warm-up runs uninstrumented, at a fraction of callgrind's cost;
     * instrumentation is switched on only for the counted calls. */
    for (int k = 0; k < n; k++)
        regions[k].fn(regions[k].arg);
    CALLGRIND_START_INSTRUMENTATION;
    for (int k = 0; k < n; k++) {
        char key[160];
        snprintf(key, sizeof key, "%s%s%s#%d", name,
                 regions[k].part ? "|" : "",
                 regions[k].part ? regions[k].part : "", reps);
        CALLGRIND_TOGGLE_COLLECT;
        for (int r = 0; r < reps; r++)
            regions[k].fn(regions[k].arg);
        CALLGRIND_TOGGLE_COLLECT;
        CALLGRIND_DUMP_STATS_AT(key);
    }
    CALLGRIND_STOP_INSTRUMENTATION;
}

void bench_measure(const char *name, const bench_region *regions, int n,
                   int reps, int warmups, bench_stats *stats, double **raw)
{
    int samples = bench_cfg.samples;
    if (bench_cfg.instructions) {
        count_regions(name, regions, n, reps);
        for (int k = 0; k < n; k++) {
            stats[k] = (bench_stats){0, 0, 0, 0, 0, 0};
            if (raw)
                memset(raw[k], 0, sizeof(double) * (size_t)samples);
        }
        return;
    }
    double *t = malloc(sizeof(double) * (size_t)samples * (size_t)n);
    if (!t) {
        fprintf(stderr, "ananke-bench: out of memory\n");
        exit(2);
    }
    for (int w = 0; w < warmups; w++)
        for (int k = 0; k < n; k++)
            regions[k].fn(regions[k].arg);
    for (int s = 0; s < samples; s++)
        for (int j = 0; j < n; j++) {
            /* alternate the order too, so no region always runs first */
            int k = s % 2 ? n - 1 - j : j;
            double t0 = bench_now_ms();
            for (int r = 0; r < reps; r++)
                regions[k].fn(regions[k].arg);
            t[(size_t)k * (size_t)samples + (size_t)s] =
                (bench_now_ms() - t0) / reps;
        }
    for (int k = 0; k < n; k++) {
        double *v = t + (size_t)k * (size_t)samples;
        if (raw)
            memcpy(raw[k], v, sizeof(double) * (size_t)samples);
        stats[k] = bench_stats_of(v, samples);
    }
    free(t);
}

bench_stats bench_time(const char *name, bench_fn fn, void *arg, int reps)
{
    bench_region r = {NULL, fn, arg};
    bench_stats s;
    bench_measure(name, &r, 1, reps, 3, &s, NULL);
    return s;
}

/* ------------------------------------------------------------ calibration */

/* Dependent integer arithmetic and loads from a 256 KiB table: the kind of
 * work a parser does, fixed forever. */
static void calibration_work(void *arg)
{
    static uint32_t table[65536];
    (void)arg;
    uint32_t x = 2463534242u;
    for (uint32_t i = 0; i < 65536; i++)
        table[i] = i * 2654435761u;
    uint64_t acc = 0;
    for (int i = 0; i < 400000; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        acc += table[x & 65535] ^ (acc >> 3);
    }
    bench_sink += acc;
}

double bench_calibrate(void)
{
    enum { N = 15 };
    double t[N];
    calibration_work(NULL);
    for (int i = 0; i < N; i++) {
        double t0 = bench_now_ms();
        calibration_work(NULL);
        t[i] = bench_now_ms() - t0;
    }
    return bench_median(t, N);
}
