/*
 * braid_bench.c - compile time and memory by constraint density.
 *
 * For n = 5, 20, 50, 100, 250: a TypeScript file generated to give exactly
 * n constraints (interfaces that each use one of the first four, exported
 * functions, a hole every tenth function, and the project summaries; for
 * n = 5, declarations only) is extracted once; then
 * every sample compiles the same result afresh (braid keeps nothing between
 * compiles), once with everything emitted and once without the generation
 * specs, whose completion grammars dominate.  Reported: median ms per
 * compile, µs per constraint, peak heap of one compile and bytes per
 * constraint, against the targets (250 constraints under 2 ms; under 2 KB
 * per constraint).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void bench_braid(int samples)
{
    static const int densities[] = {5, 20, 50, 100, 250};
    /* every kind; declarations only (for the smallest density) */
    ank_clew_options decl = {.max_file_size = ANK_DEFAULT_MAX_FILE_SIZE,
                             .flags = ANK_CLEW_DECLARATIONS_ONLY};
    ank_clew *clews[2] = {NULL, NULL};
    if (ank_clew_new(NULL, &clews[0], NULL) != ANK_OK ||
        ank_clew_new(&decl, &clews[1], NULL) != ANK_OK) {
        ank_clew_free(clews[0]);
        return;
    }
    printf("braid: compile by constraint density (everything emitted), median "
           "of %d samples\n", samples);
    printf("  %-26s %9s %12s %12s %10s %12s\n", "benchmark", "constraints",
           "ms/compile", "us/constr.", "peak KB", "B/constr.");
    double *t = malloc((size_t)samples * sizeof *t);
    for (size_t d = 0; t && d < sizeof densities / sizeof *densities; d++) {
        size_t count = 0;
        ank_result *r = result_of(clews, densities[d], &count);
        if (!r || !count) {
            printf("  braid/density/%d: no input of that size\n", densities[d]);
            ank_result_free(r);
            continue;
        }
        for (int specs = 1; specs >= 0; specs--) {
            ank_compile_options o = {
                .emit = specs ? ANK_EMIT_ALL : ANK_EMIT_ALL & ~ANK_EMIT_SPECS};
            ank_ir *ir = NULL;
            /* warm-up, and the memory figure of one compile */
            bench_peak_bytes = bench_live_bytes;
            size_t base = bench_live_bytes;
            if (ank_braid_compile(r, &o, &ir, NULL) != ANK_OK)
                continue;
            size_t peak = bench_peak_bytes - base;
            ank_ir_free(ir);
            for (int s = 0; s < samples; s++) {
                double t0 = bench_now_ms();
                ank_braid_compile(r, &o, &ir, NULL);
                t[s] = bench_now_ms() - t0;
                bench_sink += ank_ir_artifact_count(ir);
                ank_ir_free(ir);
            }
            double med = bench_median(t, samples);
            char name[48];
            snprintf(name, sizeof name, "braid/density/%d%s", densities[d],
                     specs ? "" : "/no-specs");
            double per = (double)peak / (double)count;
            int over = (densities[d] == 250 && med > 2.0) || per > 2048;
            printf("  %-26s %9zu %12.3f %12.2f %10.1f %12.0f  %s\n", name,
                   count, med, med * 1000.0 / (double)count, peak / 1024.0,
                   per, over ? "OVER target" : "ok");
        }
        ank_result_free(r);
    }
    printf("  targets: 250 constraints in under 2 ms; under 2048 bytes per "
           "constraint\n");
    free(t);
    ank_clew_free(clews[0]);
    ank_clew_free(clews[1]);
}
