/*
 * braid_bench.c - compile time and memory by constraint density.
 *
 *   braid/density/<n>   n = 5, 20, 50, 100, 250: one compile of a result
 *                       of n constraints with everything emitted, with the
 *                       default options (a second thread builds the
 *                       completion grammars and some signatures' parts);
 *                       parts: the same on one thread (jobs = 1), the
 *                       compile without the generation specs, and
 *                       conflict detection on its own (duplicates,
 *                       dependency order, the shape, naming and hole
 *                       conflicts, without building any artifact).
 *                       Counted in instructions, every part runs on one
 *                       thread: the count is of all the work
 *   memory/compile/<n>  peak heap and allocations of one compile streamed
 *                       into a sink (ank_braid_compile_write, as the
 *                       command line compiles), which is what the compile
 *                       itself needs, on one thread: the figure that
 *                       gates.  Also the peak of the same with jobs = 2
 *                       (a streamed compile starts no second thread, so
 *                       they agree unless that changes), and of a compile
 *                       that keeps its document (ank_braid_compile),
 *                       which holds the whole text.  Not judged: see the
 *                       next
 *   memory/compile/per-constraint
 *                       what a constraint costs, judged against 2 KB: the
 *                       most that each constraint added between two
 *                       densities whose inputs have the same kinds of
 *                       constraint (the larger of the two peaks at each),
 *                       and the peak per constraint at the largest.  A
 *                       peak is mostly fixed cost at small sizes: a
 *                       compile of one schema and its grammar needs about
 *                       12 KB, and the first hole of a language its
 *                       completion grammar (about 80 KB for TypeScript),
 *                       whatever the number of constraints; so the peak
 *                       per constraint at 5 or 20 says how large those
 *                       are, which each density's own entry shows
 *
 * The input is a TypeScript file generated to give exactly n constraints
 * (interfaces that each use one of the first four, exported functions, a
 * hole every tenth function, and the project summaries; for n = 5,
 * declarations only), extracted once.  Every sample compiles that result
 * afresh: braid keeps nothing between compiles.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../braid/braid.h"
#include "../braid/conflict.h"
#include "bench.h"

/* A TypeScript source with `decls` declarations. */
static char *generate(int decls, size_t *len)
{
    size_t cap = (size_t)decls * 200 + 64, n = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    for (int i = 0; i < decls; i++) {
        if (i % 2 == 0)
            n += (size_t)snprintf(s + n, cap - n,
                                  "export interface Item%d {\n  sku: string;\n"
                                  "  count: number;\n  next?: Item%d;\n}\n\n",
                                  i, (i / 2) % 4 * 2);
        else if (i % 10 == 9)
            n += (size_t)snprintf(s + n, cap - n,
                                  "export function load%d(item: Item%d, n: "
                                  "number): string {\n  throw new Error(\"not "
                                  "implemented\");\n}\n\n",
                                  i, i - 1);
        else
            n += (size_t)snprintf(s + n, cap - n,
                                  "export function load%d(item: Item%d, n: "
                                  "number): string {\n  return item.sku;\n}\n\n",
                                  i, i - 1);
    }
    *len = n;
    return s;
}

/* A finished result of exactly `target` constraints (or the nearest below
 * it), extracted once. */
static ank_result *result_of(ank_clew *const clews[2], int target,
                             size_t *count)
{
    for (int mode = 0; mode < 2; mode++)
        for (int decls = target; decls > 0; decls--) {
            size_t len = 0;
            char *src = generate(decls, &len);
            ank_result *r = ank_result_new();
            if (!src || !r ||
                ank_clew_extract(clews[mode], ANK_LANG_TYPESCRIPT, src, len,
                                 "bench.ts", r, NULL) != ANK_OK ||
                /* declarations only: no project summaries either */
                (mode == 0 && ank_result_finish(r, NULL) != ANK_OK)) {
                free(src);
                ank_result_free(r);
                return NULL;
            }
            free(src);
            *count = ank_result_count(r);
            if (*count <= (size_t)target)
                return r;
            ank_result_free(r);
        }
    return NULL;
}

typedef struct compile_job {
    const ank_result *result;
    ank_compile_options options;
    const ank_ir *ir; /* compiled once, for the write part */
} compile_job;

static void do_compile(void *arg)
{
    compile_job *j = arg;
    ank_ir *ir = NULL;
    if (ank_braid_compile(j->result, &j->options, &ir, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: compile failed\n");
        exit(2);
    }
    bench_sink += ank_ir_artifact_count(ir) + ank_ir_conflict_count(ir);
    ank_ir_free(ir);
}

/* A sink that takes the text and keeps none of it. */
static int discard(void *context, const char *data, size_t length)
{
    (void)data;
    *(size_t *)context += length;
    return 0;
}

/* One compile streamed into that sink. */
static void do_stream(void *arg)
{
    compile_job *j = arg;
    size_t written = 0;
    ank_compile_counts counts;
    if (ank_braid_compile_write(j->result, &j->options, discard, &written,
                                &counts, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: streamed compile failed\n");
        exit(2);
    }
    bench_sink += written + counts.artifacts;
}

/* A compiled document written out as text. */
static void do_write(void *arg)
{
    compile_job *j = arg;
    char *text = NULL;
    size_t len = 0;
    if (ank_ir_write(j->ir, &text, &len, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: writing the document failed\n");
        exit(2);
    }
    bench_sink += len;
    ank_free(text);
}

/* What ank_braid_compile does before and after building artifacts to find
 * the conflicts, alone. */
static void do_conflicts(void *arg)
{
    compile_job *j = arg;
    ank_bctx b;
    if (ank__bctx_init(&b, j->result) == ANK_OK) {
        ank_cstate cc = {.emit = ANK_EMIT_ALL,
                          .conflicts = json_array(),
                          .merged = json_array(),
                          .tools = json_object()};
        if (cc.conflicts && cc.merged && cc.tools) {
            ank__conflict_dedupe(&b, &cc);
            ank__conflict_find(&b, &cc);
        }
        bench_sink += json_array_size(cc.conflicts) + cc.ndups;
        json_decref(cc.conflicts);
        json_decref(cc.merged);
        json_decref(cc.tools);
    }
    ank__bctx_release(&b);
}

/* What one density's memory figures give the per-constraint entry. */
typedef struct memory_point {
    size_t count;
    double peak;  /* the larger of the two streamed peaks */
    const char *kinds[32]; /* its constraints' kinds, each once, sorted */
    size_t nkinds;
} memory_point;

static int kind_order(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The kinds of r's constraints, each once, sorted, into p. */
static void kinds_of(const ank_result *r, memory_point *p)
{
    p->nkinds = 0;
    for (size_t i = 0; i < ank_result_count(r); i++) {
        const char *k = ank_constraint_kind(ank_result_get(r, i));
        size_t j = 0;
        while (j < p->nkinds && strcmp(p->kinds[j], k) != 0)
            j++;
        if (j == p->nkinds && p->nkinds < sizeof p->kinds / sizeof *p->kinds)
            p->kinds[p->nkinds++] = k;
    }
    qsort(p->kinds, p->nkinds, sizeof *p->kinds, kind_order);
}

static bool same_kinds(const memory_point *a, const memory_point *b)
{
    if (a->nkinds != b->nkinds)
        return false;
    for (size_t i = 0; i < a->nkinds; i++)
        if (strcmp(a->kinds[i], b->kinds[i]) != 0)
            return false;
    return true;
}

/* memory/compile/<n>; true, with p filled in, when it was measured. */
static bool compile_memory(int n, const ank_result *r, size_t count,
                           memory_point *p)
{
    char name[48];
    snprintf(name, sizeof name, "memory/compile/%d", n);
    if (bench_cfg.instructions || !bench_wanted(name, 0))
        return false;
    compile_job j = {r, {.emit = ANK_EMIT_ALL, .jobs = 1}, NULL};
    size_t base = bench_live_bytes, before = bench_allocations;
    bench_peak_bytes = bench_live_bytes;
    do_stream(&j);
    size_t peak = bench_peak_bytes - base;
    size_t allocs = bench_allocations - before;
    j.options.jobs = 2;
    base = bench_live_bytes;
    bench_peak_bytes = bench_live_bytes;
    do_stream(&j);
    size_t peak_two = bench_peak_bytes - base;
    j.options.jobs = 1;
    base = bench_live_bytes;
    bench_peak_bytes = bench_live_bytes;
    do_compile(&j);
    size_t peak_kept = bench_peak_bytes - base;
    j.options.emit = ANK_EMIT_ALL & ~ANK_EMIT_SPECS;
    base = bench_live_bytes;
    bench_peak_bytes = bench_live_bytes;
    do_stream(&j);
    size_t peak_ns = bench_peak_bytes - base;
    bench_result *m = bench_result_add(name);
    snprintf(m->unit, sizeof m->unit, "bytes");
    m->value = (double)peak;
    snprintf(m->metric, sizeof m->metric, "peak_bytes");
    m->gate_value = (double)peak;
    double per = (double)peak / (double)count;
    bench_figure_add(m, "constraints", (double)count, "count");
    bench_figure_add(m, "allocations", (double)allocs, "count");
    bench_figure_add(m, "bytes_per_constraint", per, "bytes");
    bench_figure_add(m, "two_threads_bytes", (double)peak_two, "bytes");
    bench_figure_add(m, "two_threads_bytes_per_constraint",
                     (double)peak_two / (double)count, "bytes");
    bench_figure_add(m, "no_specs_bytes", (double)peak_ns, "bytes");
    bench_figure_add(m, "no_specs_bytes_per_constraint",
                     (double)peak_ns / (double)count, "bytes");
    bench_figure_add(m, "kept_bytes", (double)peak_kept, "bytes");
    bench_figure_add(m, "kept_bytes_per_constraint",
                     (double)peak_kept / (double)count, "bytes");
    snprintf(m->text, sizeof m->text,
             "%zu constraints, streamed: peak %.1f KB (%.0f B/constraint), "
             "%zu allocations; two threads %.1f KB; without specs %.1f KB; "
             "the document kept: %.1f KB",
             count, peak / 1024.0, per, allocs, peak_two / 1024.0,
             peak_ns / 1024.0, peak_kept / 1024.0);
    bench_print(m);
    p->count = count;
    p->peak = (double)(peak_two > peak ? peak_two : peak);
    kinds_of(r, p);
    return true;
}

/* memory/compile/per-constraint from the densities measured, in
 * increasing order. */
static void memory_per_constraint(const memory_point *pts, size_t n)
{
    if (n < 2 || !bench_wanted("memory/compile/per-constraint", 0))
        return;
    double most = 0, at_last = pts[n - 1].peak / (double)pts[n - 1].count;
    size_t from = 0, to = 0, pairs = 0;
    for (size_t i = 1; i < n; i++) {
        if (!same_kinds(&pts[i - 1], &pts[i]) ||
            pts[i].count <= pts[i - 1].count)
            continue;
        double slope = (pts[i].peak - pts[i - 1].peak) /
                       (double)(pts[i].count - pts[i - 1].count);
        if (!pairs++ || slope > most)
            most = slope, from = pts[i - 1].count, to = pts[i].count;
    }
    bench_result *m = bench_result_add("memory/compile/per-constraint");
    snprintf(m->unit, sizeof m->unit, "bytes");
    m->value = pairs && most > at_last ? most : at_last;
    bench_figure_add(m, "marginal_bytes", pairs ? most : 0, "bytes");
    bench_figure_add(m, "marginal_from", (double)from, "count");
    bench_figure_add(m, "marginal_to", (double)to, "count");
    bench_figure_add(m, "largest_bytes_per_constraint", at_last, "bytes");
    char what[160];
    if (pairs)
        snprintf(m->text, sizeof m->text,
                 "each constraint added at most %.0f B (from %zu to %zu "
                 "constraints, the same kinds); %.0f B per constraint at %zu",
                 most, from, to, at_last, pts[n - 1].count);
    else
        snprintf(m->text, sizeof m->text,
                 "no two densities with the same kinds; %.0f B per "
                 "constraint at %zu",
                 at_last, pts[n - 1].count);
    snprintf(what, sizeof what,
             "%.0f B/constraint (the larger of the two): target < 2048, "
             "critical 8192",
             m->value);
    bench_judge(m, m->value, 2048, 8192, what);
    bench_print(m);
}

void bench_braid(void)
{
    static const int densities[] = {5, 20, 50, 100, 250};
    memory_point pts[sizeof densities / sizeof *densities];
    size_t npts = 0;
    ank_clew_options decl = {.flags = ANK_CLEW_DECLARATIONS_ONLY};
    ank_clew *clews[2] = {NULL, NULL};
    if (ank_clew_new(NULL, &clews[0], NULL) != ANK_OK ||
        ank_clew_new(&decl, &clews[1], NULL) != ANK_OK) {
        ank_clew_free(clews[0]);
        return;
    }
    bench_heading("braid: compile by constraint density (everything "
                  "emitted), %d samples",
                  bench_cfg.samples);
    for (size_t d = 0; d < sizeof densities / sizeof *densities; d++) {
        char name[48], mname[48];
        snprintf(name, sizeof name, "braid/density/%d", densities[d]);
        snprintf(mname, sizeof mname, "memory/compile/%d", densities[d]);
        /* quick: the ends of the range and the smallest */
        int want_time = bench_wanted(name, d == 2 || d == 3 ? BENCH_HEAVY : 0);
        if (!want_time && (bench_cfg.instructions || !bench_wanted(mname, 0)))
            continue;
        size_t count = 0;
        ank_result *r = result_of(clews, densities[d], &count);
        if (!r || !count) {
            fprintf(stderr, "ananke-bench: %s: no input of that size\n", name);
            ank_result_free(r);
            continue;
        }
        if (want_time) {
            unsigned jobs = bench_compile_jobs();
            compile_job all = {r, {.emit = ANK_EMIT_ALL, .jobs = jobs}, NULL};
            compile_job ns = {
                r, {.emit = ANK_EMIT_ALL & ~ANK_EMIT_SPECS, .jobs = jobs}, NULL};
            compile_job one = {r, {.emit = ANK_EMIT_ALL, .jobs = 1}, NULL};
            ank_ir *ir = NULL;
            if (ank_braid_compile(r, &all.options, &ir, NULL) != ANK_OK) {
                fprintf(stderr, "ananke-bench: %s: compile failed\n", name);
                exit(2);
            }
            compile_job wr = {r, all.options, ir};
            bench_region reg[6] = {{NULL, do_compile, &all},
                                   {"no_specs", do_compile, &ns},
                                   {"conflicts", do_conflicts, &all},
                                   {"write", do_write, &wr},
                                   {"streamed", do_stream, &all},
                                   {"one_thread", do_compile, &one}};
            bench_stats st[6];
            bench_measure(name, reg, 6, 1, 2, st, NULL);
            ank_ir_free(ir);
            bench_result *b = bench_result_add(name);
            bench_set_time(b, st[0], "ms");
            double per_us = st[0].median * 1e3 / (double)count;
            bench_figure_add(b, "constraints", (double)count, "count");
            bench_figure_add(b, "us_per_constraint", per_us, "us");
            bench_figure_add(b, "no_specs_ms", st[1].median, "ms");
            bench_figure_add(b, "no_specs_us_per_constraint",
                             st[1].median * 1e3 / (double)count, "us");
            bench_figure_add(b, "conflicts_ms", st[2].median, "ms");
            bench_figure_add(b, "write_ms", st[3].median, "ms");
            bench_figure_add(b, "streamed_ms", st[4].median, "ms");
            bench_figure_add(b, "one_thread_ms", st[5].median, "ms");
            snprintf(b->text, sizeof b->text,
                     "%zu constraints: %.3fms (%.2f us/constraint); one "
                     "thread %.3fms; without specs %.3fms; conflict "
                     "detection %.4fms; writing the document %.3fms; "
                     "compiled and written, streamed %.3fms",
                     count, st[0].median, per_us, st[5].median, st[1].median,
                     st[2].median, st[3].median, st[4].median);
            /* the target, 250 constraints in 2 ms, is 8 us a constraint */
            double target = 0.008 * (double)count;
            char what[128];
            snprintf(what, sizeof what,
                     "%.3f ms for %zu: target < %.2f ms (2 ms per 250), "
                     "critical %.2f",
                     st[0].median, count, target, target * 5);
            bench_judge(b, st[0].median, target, target * 5, what);
            bench_print(b);
        }
        npts += compile_memory(densities[d], r, count, &pts[npts]);
        ank_result_free(r);
    }
    memory_per_constraint(pts, npts);
    ank_clew_free(clews[0]);
    ank_clew_free(clews[1]);
}
