/*
 * compare.h - baselines.json and the regression gate's comparison
 * (compare.c).  Pure functions over figures: no measuring, no printing.
 */
#ifndef ANK_BENCH_COMPARE_H
#define ANK_BENCH_COMPARE_H

#include <stddef.h>

#define BENCH_BASELINES_FORMAT "ananke.bench-baselines/1"
#define BENCH_DEFAULT_TOLERANCE 0.10

/* One benchmark's baseline.  Strings are owned by the document. */
typedef struct bench_base {
    const char *name;
    const char *metric; /* "instructions", "peak_bytes" */
    const char *unit;
    double value;       /* > 0 */
    double spread;      /* >= 0: how far repeated measurements moved */
    double wall_ms;     /* wall-clock median then, < 0 when none */
    double wall_norm;   /* the same in calibration units, < 0 when none */
    const char *machine, *build, *date; /* "" when absent */
} bench_base;

typedef struct bench_baselines {
    void *doc; /* the parsed JSON, which owns the strings */
    double tolerance;
    bench_base *items;
    size_t count;
} bench_baselines;

/* Parse and check a baselines document (`source` names it in messages).
 * 0 on success; -1 with a message naming the file, and the line and
 * column or the benchmark and field at fault, in err. */
int bench_baselines_parse(const char *text, size_t len, const char *source,
                          bench_baselines *out, char *err, size_t errsize);
/* The same from a file; a missing file is an error saying how to make
 * one. */
int bench_baselines_load(const char *path, bench_baselines *out, char *err,
                         size_t errsize);
void bench_baselines_free(bench_baselines *b);

/* One measured figure. */
typedef struct bench_measured {
    const char *name;
    const char *metric; /* as bench_base */
    const char *unit;
    double value;
    double spread;
    double wall_ms;   /* < 0 when not timed */
    double wall_norm; /* < 0 when not timed */
} bench_measured;

typedef enum bench_verdict {
    BENCH_SAME,         /* within tolerance */
    BENCH_IMPROVED,     /* faster beyond tolerance: update the baseline */
    BENCH_REGRESSED,    /* slower beyond tolerance: the gate fails */
    BENCH_NEW,          /* measured, no baseline */
    BENCH_MISSING,      /* a baseline, not measured in this run */
    BENCH_INCOMPARABLE  /* the metric or unit differs from the baseline's */
} bench_verdict;

typedef struct bench_comparison {
    const char *name;
    bench_verdict verdict;
    double base, now;
    double change;      /* (now - base) / base */
    double limit;       /* the tolerance applied (with the spread) */
    double wall_change; /* normalized wall clock, when has_wall */
    int has_wall;
} bench_comparison;

/* Compare `n` measured figures with the baselines: out (room for
 * n + b->count) receives one comparison per measured figure, in order,
 * then one per baseline not measured.  A figure is regressed when it
 * exceeds the baseline by more than tolerance + spread / baseline, and
 * improved when it is below it by as much.  Returns the number of
 * regressions; *nout the number of comparisons. */
size_t bench_compare(const bench_baselines *b, const bench_measured *m,
                     size_t n, bench_comparison *out, size_t *nout);

/* A human line for one comparison ("regressed: +12.3% ..."). */
void bench_comparison_text(const bench_comparison *c, char *buf, size_t size);

/* Write a baselines document for the figures `m`, kept over the
 * baselines of `old` (nullable) that were not measured, sorted by name.
 * 0, or -1 with a message. */
int bench_baselines_write(const char *path, const bench_baselines *old,
                          const bench_measured *m, size_t n,
                          const char *machine, const char *build,
                          const char *date, char *err, size_t errsize);

/* The whole file at `path` (malloc'ed, *len its length), or NULL with
 * errno set. */
char *bench_read_file(const char *path, size_t *len);

#endif
