/*
 * main.c - ananke-bench: every benchmark category, measured one way.
 *
 *   ananke-bench [--samples N] [--quick] [--filter PATTERN]... [--json FILE]
 *                [--fixtures DIR] [--tree DIR] [--lines N] [--list]
 *   ananke-bench --gate baselines.json [--update [--passes N]] [--quick]
 *                [--filter ...]
 *
 * Each category registers here; each benchmark has a stable name
 * (clew/<lang>/<size>, braid/density/<n>, cache/hit, ...) that --filter
 * selects by glob or by prefix.  Every run reports the machine and the
 * build flags, and the calibration workload's time, which wall-clock
 * figures are normalized by.  The gate (gate.c) runs the same benchmarks,
 * then counts their instructions under callgrind and compares with the
 * baselines.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "gate.h"

static const struct {
    const char *name;
    const char *what;
    void (*run)(void);
} categories[] = {
    {"clew", "clew/<lang>/<size>: extraction vs the bare parse", bench_clew},
    {"multi_lang", "multi_lang/<size>: the five languages in a row",
     bench_multi_lang},
    {"clew/walk_vs_query", "design check: queries vs the cursor walk",
     bench_walk_strategy},
    {"memory/extract", "memory/extract/<lang>: heap of a 100-line extraction",
     bench_memory_clew},
    {"braid", "braid/density/<n>, memory/compile/<n>: compile by density",
     bench_braid},
    {"pipeline", "pipeline/<lang>: extract then compile, small file, cold",
     bench_pipeline},
    {"ffi", "ffi/*: the C ABI's overhead, marshaling, Python", bench_ffi},
    {"cache", "cache/hit, cache/miss, cache/sqlite_hit", bench_cache},
    {"orchestrate", "orchestrate/tree_cold, orchestrate/tree_warm",
     bench_tree},
    {"mask", "mask/compile/<what>, mask/step/<what>: token masks",
     bench_mask},
};

static void usage(void)
{
    fprintf(stderr,
            "usage: ananke-bench [--samples N] [--quick] [--filter PATTERN]... "
            "[--json FILE]\n"
            "                    [--fixtures DIR] [--tree DIR] [--lines N] "
            "[--list]\n"
            "       ananke-bench --gate BASELINES [--update [--passes N]] [--quick] "
            "[--filter PATTERN]...\n");
}

/* build/fixtures next to this program, when `make fixtures` made it. */
static const char *default_fixtures(const char *self)
{
    static char dir[4096];
    const char *slash = strrchr(self, '/');
    int n = slash ? (int)(slash - self) : 1;
    snprintf(dir, sizeof dir, "%.*s/fixtures", n, slash ? self : ".");
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/typescript/small.ts", dir);
    return access(probe, R_OK) == 0 ? dir : NULL;
}

static void add_filters(const char *arg)
{
    /* comma-separated patterns; the copy lives as long as the program */
    char *copy = strdup(arg);
    for (char *p = copy, *save = NULL; p; p = NULL) {
        char *tok;
        while ((tok = strtok_r(p, ",", &save))) {
            p = NULL;
            const char **f = realloc(bench_cfg.filters,
                                     sizeof *f * (size_t)(bench_cfg.nfilters + 1));
            if (!f)
                exit(2);
            f[bench_cfg.nfilters++] = tok;
            bench_cfg.filters = f;
        }
    }
}

int main(int argc, char **argv)
{
    const char *json = NULL, *gate = NULL;
    int update = 0, list = 0, passes = 0;
    bench_cfg.self = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (strcmp(a, "--samples") == 0 && more)
            bench_cfg.samples = atoi(argv[++i]);
        else if (strcmp(a, "--lines") == 0 && more)
            bench_cfg.lines = atoi(argv[++i]);
        else if (strcmp(a, "--quick") == 0)
            bench_cfg.quick = 1;
        else if (strcmp(a, "--filter") == 0 && more)
            add_filters(argv[++i]);
        else if (strcmp(a, "--json") == 0 && more)
            json = argv[++i];
        else if (strcmp(a, "--fixtures") == 0 && more)
            bench_cfg.fixtures = argv[++i];
        else if (strcmp(a, "--tree") == 0 && more)
            bench_cfg.tree = argv[++i];
        else if (strcmp(a, "--gate") == 0 && more)
            gate = argv[++i];
        else if (strcmp(a, "--update") == 0)
            update = 1;
        else if (strcmp(a, "--passes") == 0 && more)
            passes = atoi(argv[++i]);
        else if (strcmp(a, "--instructions") == 0)
            bench_cfg.instructions = 1;
        else if (strcmp(a, "--list") == 0)
            list = 1;
        /* the category switches of earlier versions */
        else if (strcmp(a, "--braid") == 0)
            add_filters("braid,memory/compile");
        else if (strcmp(a, "--ffi") == 0)
            add_filters("ffi");
        else if (strcmp(a, "--cache") == 0)
            add_filters("cache,orchestrate");
        else {
            usage();
            return 2;
        }
    }
    if (list) {
        for (size_t c = 0; c < sizeof categories / sizeof *categories; c++)
            printf("%-20s %s\n", categories[c].name, categories[c].what);
        return 0;
    }
    int explicit_samples = 0;
    for (int i = 1; i < argc; i++)
        explicit_samples |= strcmp(argv[i], "--samples") == 0;
    if (bench_cfg.quick && !explicit_samples)
        bench_cfg.samples = gate ? 5 : 10;
    if (bench_cfg.samples < 1 || bench_cfg.lines < 10 || (update && !gate) ||
        passes < 0) {
        usage();
        return 2;
    }
    if (!bench_cfg.fixtures)
        bench_cfg.fixtures = default_fixtures(argv[0]);
    /* jansson seeds its hash tables at random; a fixed seed keeps the
     * instruction counts repeatable */
    json_object_seed(0x616e6b65u);
    ank_set_allocator(&bench_counting_allocator);

    if (bench_cfg.instructions) {
        if (!bench_gate_child_start()) {
            fprintf(stderr, "ananke-bench: --instructions runs under "
                            "callgrind; use --gate\n");
            return 2;
        }
        bench_cfg.quiet = 1;
        bench_cfg.samples = 1;
        for (size_t c = 0; c < sizeof categories / sizeof *categories; c++)
            if (categories[c].run)
                categories[c].run();
        return 0;
    }
    if (gate) {
        if (!bench_cfg.fixtures) {
            fprintf(stderr, "ananke-bench: the gate measures the fixtures: "
                            "make fixtures, or give --fixtures DIR\n");
            return 2;
        }
        bench_cfg.gate = 1;
        bench_cfg.quiet = 1;
    }

    bench_machine m;
    bench_machine_get(&m);
    double cal_before = bench_calibrate();
    printf("ananke %s, ananke-bench\n", ank_version());
    printf("machine: %s, %ld cores\n", m.cpu, m.cores);
    printf("build: %s, %s\n", m.compiler, m.flags);
    printf("run: %s, %d samples after a warm-up%s; inputs: %s\n", m.date,
           bench_cfg.samples, bench_cfg.quick ? " (quick)" : "",
           bench_cfg.fixtures ? bench_cfg.fixtures
                              : "generated (make fixtures for the fixtures)");
    for (size_t c = 0; c < sizeof categories / sizeof *categories; c++)
        if (categories[c].run)
            categories[c].run();
    double cal_after = bench_calibrate();
    double cal = (cal_before + cal_after) / 2;
    printf("\ncalibration: %.3f ms (%.3f before, %.3f after); wall-clock "
           "figures are normalized by it\n",
           cal, cal_before, cal_after);
    size_t n;
    bench_result *rs = bench_results(&n);
    size_t by[4] = {0};
    for (size_t i = 0; i < n; i++) {
        if (rs[i].stats.n)
            rs[i].normalized /= cal;
        by[rs[i].status]++;
    }
    int status = 0;
    if (gate)
        status = bench_gate(gate, update, passes, &m, cal);
    else
        printf("%zu benchmarks: %zu \u2713 OK, %zu \u26a0 SLOW, %zu \u2717 "
               "FAIL, %zu without a target\n",
               n, by[BENCH_OK], by[BENCH_SLOW], by[BENCH_FAIL],
               by[BENCH_UNJUDGED]);
    if (json && bench_write_json(json, &m, cal) != 0) {
        fprintf(stderr, "ananke-bench: cannot write %s\n", json);
        status = status ? status : 2;
    }
    bench_results_clear();
    free(bench_cfg.filters);
    return status;
}
