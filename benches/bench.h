/*
 * bench.h - what the benchmark's parts share (clew_bench.c defines it):
 * the counting allocator's figures, the clock and the result sink.
 */
#ifndef ANK_BENCH_H
#define ANK_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "ananke.h"

/* Bytes live now, their peak (reset it before a measurement) and the
 * number of allocations, through ank_set_allocator. */
extern size_t bench_live_bytes, bench_peak_bytes, bench_allocations;
/* Results are added here so the compiler cannot drop the work. */
extern volatile uint64_t bench_sink;
/* A monotonic clock in milliseconds. */
double bench_now_ms(void);
/* The median of v[0..n) (sorts v). */
double bench_median(double *v, int n);

/* braid_bench.c: compile time and memory by constraint density. */
void bench_braid(int samples);
/* ffi_bench.c: the C ABI's overhead, marshaling, the Python binding. */
void bench_ffi(int samples, const char *self);
/* maze_bench.c: cache lookups; tree extraction cold and warm (`root`
 * NULL: Python's standard library). */
void bench_cache(int samples);
void bench_tree(int samples, const char *root);

#endif
