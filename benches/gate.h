/*
 * gate.h - the regression gate (gate.c).
 */
#ifndef ANK_BENCH_GATE_H
#define ANK_BENCH_GATE_H

#include "bench.h"

/* After a native run has filled the results (wall clock and memory):
 * count the instructions of every countable benchmark by running this
 * program again under callgrind, then compare everything with the
 * baselines in `path` (or, with `update`, rewrite them; `passes` counting
 * runs, 0: two for an update, whose difference is the spread, else one).  Returns the
 * exit status: 0 pass, 1 a regression beyond tolerance, 2 an error (no
 * valgrind, malformed or missing baselines). */
int bench_gate(const char *path, int update, int passes,
               const bench_machine *m, double calibration_ms);

/* Under --instructions: whether callgrind is watching, and switch
 * instrumentation on (collection stays off outside measured regions). */
int bench_gate_child_start(void);

#endif
