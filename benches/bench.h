/*
 * bench.h - what the benchmark driver's parts share: the run's
 * configuration, the counting allocator's figures, the clock and sink,
 * timing with statistics (or instruction counting under callgrind), and
 * the list of results every category fills.
 *
 * The driver's own memory (sample arrays, inputs, results) comes from the
 * C library, never from the counting allocator, so it never shows in the
 * memory figures.
 */
#ifndef ANK_BENCH_H
#define ANK_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "ananke.h"

/* ------------------------------------------------------------ the run */

typedef struct bench_config {
    int samples;          /* timed samples per benchmark, after a warm-up */
    int quick;            /* the quick set (no heavy benchmarks) */
    int instructions;     /* under callgrind: count, do not time */
    int gate;             /* only what the gate compares */
    int quiet;            /* no human lines */
    int lines;            /* generated inputs' size for the design check */
    const char *fixtures; /* `make fixtures` output, or NULL: generated */
    const char *tree;     /* orchestrate's root, or NULL: Python's stdlib */
    const char *self;     /* this program's path */
    const char **filters; /* --filter patterns */
    int nfilters;
} bench_config;

extern bench_config bench_cfg;

/* Benchmark flags for bench_wanted. */
#define BENCH_HEAVY 1u  /* not in --quick unless a filter names it */
#define BENCH_NOGATE 2u /* not countable: never under --instructions */

/* Whether the benchmark `name` runs: it matches a --filter pattern (a
 * glob, or a prefix ending at a '/'), or there is none and it is not
 * excluded by `flags`. */
int bench_wanted(const char *name, unsigned flags);

/* ------------------------------------------------- counting allocator */

/* Bytes live now, their peak (reset it before a measurement) and the
 * number of allocations, through ank_set_allocator; atomic, as a compile
 * and a tree walk allocate from several threads. */
extern _Atomic size_t bench_live_bytes, bench_peak_bytes, bench_allocations;
extern const ank_allocator bench_counting_allocator;

/* Results are added here so the compiler cannot drop the work. */
extern volatile uint64_t bench_sink;
/* A monotonic clock in milliseconds. */
double bench_now_ms(void);

/* ank_compile_options.jobs for a measured compile: 0 (the default, a
 * second thread when there is a completion grammar to build) when timed;
 * 1 when counted, as callgrind counts only the thread that switched
 * collection on, and the count is to be of all the work. */
unsigned bench_compile_jobs(void);

/* ---------------------------------------------------------- statistics */

typedef struct bench_stats {
    double min, median, mean, p95, sd;
    int n;
} bench_stats;

/* Statistics of v[0..n) (sorts v). */
bench_stats bench_stats_of(double *v, int n);
/* The median of v[0..n) (sorts v). */
double bench_median(double *v, int n);

/* ------------------------------------------------------------- timing */

typedef void (*bench_fn)(void *arg);

/* Code measured together: the regions of a group are timed in
 * alternation, sample by sample, so that all see the same machine state. */
typedef struct bench_region {
    const char *part; /* NULL: the benchmark's own figure; else a part of it */
    bench_fn fn;
    void *arg;
} bench_region;

/* Measure the regions of benchmark `name`, each call repeated `reps`
 * times per sample.  Timing: `warmups` rounds, then bench_cfg.samples
 * samples; stats[k] gets region k's statistics in ms per call and, when
 * `raw` is given, raw[k] (bench_cfg.samples doubles) the samples in order.
 * Under --instructions: each region is run once uncollected, then `reps`
 * times with callgrind collecting, and dumped as "name|part#reps"; the
 * stats are zero. */
void bench_measure(const char *name, const bench_region *regions, int n,
                   int reps, int warmups, bench_stats *stats, double **raw);
/* One region, its statistics in ms per call. */
bench_stats bench_time(const char *name, bench_fn fn, void *arg, int reps);

/* A fixed CPU workload's median time in ms: the unit that wall-clock
 * figures are normalized by. */
double bench_calibrate(void);

/* ------------------------------------------------------------ results */

typedef enum bench_status {
    BENCH_UNJUDGED,
    BENCH_OK,
    BENCH_SLOW,
    BENCH_FAIL
} bench_status;

#define BENCH_MAX_FIGURES 16

typedef struct bench_figure {
    char name[40];
    char unit[16];
    double value;
} bench_figure;

typedef struct bench_result {
    char name[80];
    char unit[16];      /* of `value`: "ms", "us", "ns", "bytes" */
    double value;       /* the headline figure (a median time, or bytes) */
    bench_stats stats;  /* the headline time's, in `unit` (n 0: not timed) */
    double normalized;  /* the headline time in calibration units */
    char metric[24];    /* what the gate compares: "instructions",
                           "peak_bytes", or "" */
    double gate_value;  /* instructions per call or peak bytes; < 0: none */
    double gate_spread; /* its spread between repeated measurements */
    bench_figure fig[BENCH_MAX_FIGURES];
    int nfig;
    char text[200];  /* the human line: "typescript (small, 88 lines): ..." */
    char check[160]; /* what the status judges, with target and limit */
    bench_status status;
} bench_result;

/* A new result named `name` (or the existing one of that name). */
bench_result *bench_result_add(const char *name);
bench_result *bench_result_find(const char *name);
bench_result *bench_results(size_t *count);
void bench_results_clear(void);

/* Set the headline figure from timing statistics in ms per call, shown
 * in `unit` ("ms", "us" or "ns"). */
void bench_set_time(bench_result *r, bench_stats ms, const char *unit);
/* Record an extra figure. */
void bench_figure_add(bench_result *r, const char *name, double value,
                      const char *unit);
/* Judge `measured` (lower is better) against a target and a critical
 * limit: OK up to the target, SLOW up to the limit, FAIL beyond; `what`
 * describes it for the report. */
void bench_judge(bench_result *r, double measured, double target,
                 double critical, const char *what);
/* The same for a figure where higher is better. */
void bench_judge_min(bench_result *r, double measured, double target,
                     double critical, const char *what);
/* Print the human line of `r` (nothing when quiet or counting). */
void bench_print(const bench_result *r);
/* Print a category's heading. */
void bench_heading(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* `v` with thousands separators ("419,000"), into buf. */
const char *bench_grouped(double v, char *buf, size_t size);

/* ------------------------------------------------------------ machine */

typedef struct bench_machine {
    char cpu[128];
    long cores;
    char compiler[96];
    char flags[160];
    char date[32]; /* UTC, ISO 8601 */
} bench_machine;

void bench_machine_get(bench_machine *m);

/* Write every result, the machine and the calibration as JSON. 0 or -1. */
int bench_write_json(const char *path, const bench_machine *m,
                     double calibration_ms);

/* --------------------------------------------------------- categories */

void bench_clew(void);
void bench_multi_lang(void);
void bench_walk_strategy(void);
void bench_memory_clew(void);
void bench_braid(void);
void bench_ffi(void);
void bench_pipeline(void);
void bench_cache(void);
void bench_tree(void);
void bench_mask(void);

/* clew_bench.c: the five languages, for the other categories. */
#define BENCH_LANGS 5
extern const ank_lang bench_langs[BENCH_LANGS];
/* The fixture of language index `l` and size `size` ("small" ...), read
 * (malloc'ed; *len, *lines), or generated when there are no fixtures. */
char *bench_input(size_t l, const char *size, size_t *len, int *lines);

#endif
