/*
 * gate.c - the regression gate: instruction counts of the measured
 * regions, taken by running this program again under callgrind, checked
 * against baselines.json.
 *
 * The child runs as
 *   valgrind --tool=callgrind --collect-atstart=no --instr-atstart=no
 *            --callgrind-out-file=DIR/cg.out ananke-bench --instructions ...
 * and dumps one profile per region (measure.c); each dump's description
 * names the region ("name|part#reps") and its "totals:" line is the count.
 * Counts do not depend on the machine's load, which is why they gate;
 * wall-clock medians, normalized by the calibration workload, are shown
 * beside them and never fail the gate.  Memory peaks, counted through the
 * allocator hook in the native run, are as repeatable and gate too.
 */
#include "gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compare.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif

int bench_gate_child_start(void)
{
#ifdef HAVE_CALLGRIND
    /* instrumentation stays off (--instr-atstart=no) but for the
     * counted calls (measure.c) */
    return RUNNING_ON_VALGRIND ? 1 : 0;
#else
    return 0;
#endif
}

/* Run the child under callgrind with its dumps in `dir`.  0 or -1. */
static int run_child(const char *dir)
{
    char out[4200], self[4096];
    snprintf(out, sizeof out, "--callgrind-out-file=%s/cg.out", dir);
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        snprintf(self, sizeof self, "%s", bench_cfg.self);
    else
        self[n] = '\0';
    const char *argv[64];
    int argc = 0;
    char lines[32];
    snprintf(lines, sizeof lines, "%d", bench_cfg.lines);
    argv[argc++] = "valgrind";
    argv[argc++] = "--tool=callgrind";
    argv[argc++] = "--collect-atstart=no";
    argv[argc++] = "--instr-atstart=no";
    argv[argc++] = "-q";
    argv[argc++] = out;
    argv[argc++] = self;
    argv[argc++] = "--instructions";
    argv[argc++] = "--lines";
    argv[argc++] = lines;
    if (bench_cfg.quick)
        argv[argc++] = "--quick";
    if (bench_cfg.fixtures) {
        argv[argc++] = "--fixtures";
        argv[argc++] = bench_cfg.fixtures;
    }
    for (int i = 0; i < bench_cfg.nfilters && argc < 60; i += 1) {
        argv[argc++] = "--filter";
        argv[argc++] = bench_cfg.filters[i];
    }
    argv[argc] = NULL;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp("valgrind", (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        fprintf(stderr, "ananke-bench: the gate needs valgrind "
                        "(apt-get install valgrind)\n");
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "ananke-bench: the counting run failed (status %d)\n",
                status);
        return -1;
    }
    return 0;
}

static void copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    n = n < size - 1 ? n : size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Record one dump's count. */
static void take(const char *key, double total, int pass)
{
    char name[160];
    copy(name, sizeof name, key);
    char *hash = strrchr(name, '#');
    int reps = hash ? atoi(hash + 1) : 1;
    if (hash)
        *hash = '\0';
    char *bar = strchr(name, '|');
    if (bar)
        *bar++ = '\0';
    double per = total / (reps > 0 ? reps : 1);
    bench_result *r = bench_result_add(name);
    if (bar) {
        char fig[48];
        snprintf(fig, sizeof fig, "instructions_%s", bar);
        bench_figure_add(r, fig, per, "instructions");
        return;
    }
    if (pass == 0) {
        snprintf(r->metric, sizeof r->metric, "instructions");
        r->gate_value = per;
        r->gate_spread = 0;
    } else {
        double d = per - r->gate_value;
        d = d < 0 ? -d : d;
        if (d > r->gate_spread)
            r->gate_spread = d;
    }
}

/* Read DIR/cg.out.1, .2, ... and remove them.  The number read. */
static int read_dumps(const char *dir, int pass)
{
    int count = 0;
    for (int i = 1;; i++) {
        char path[4200], line[1024], key[160] = "";
        snprintf(path, sizeof path, "%s/cg.out.%d", dir, i);
        FILE *f = fopen(path, "r");
        if (!f)
            break;
        double total = -1;
        static const char trigger[] = "desc: Trigger: Client Request: ";
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = '\0';
            if (strncmp(line, trigger, sizeof trigger - 1) == 0)
                copy(key, sizeof key, line + sizeof trigger - 1);
            else if (strncmp(line, "totals:", 7) == 0)
                total = strtod(line + 7, NULL);
        }
        fclose(f);
        remove(path);
        if (key[0] && total >= 0) {
            take(key, total, pass);
            count++;
        }
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/cg.out", dir);
    remove(path);
    return count;
}

/* Count instructions: `passes` runs of the child. */
static int count_instructions(int passes)
{
    char dir[] = "/tmp/ananke-bench-cg-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("ananke-bench: mkdtemp");
        return -1;
    }
    int rc = 0;
    for (int pass = 0; pass < passes && rc == 0; pass++) {
        if (run_child(dir) != 0 || read_dumps(dir, pass) == 0) {
            fprintf(stderr, "ananke-bench: no instruction counts\n");
            rc = -1;
        }
    }
    rmdir(dir);
    /* the deterministic version of the extraction target */
    size_t n;
    bench_result *rs = bench_results(&n);
    for (size_t i = 0; i < n; i++) {
        double parse = -1, decl = -1;
        for (int k = 0; k < rs[i].nfig; k++) {
            if (strcmp(rs[i].fig[k].name, "instructions_parse") == 0)
                parse = rs[i].fig[k].value;
            if (strcmp(rs[i].fig[k].name, "instructions_decl") == 0)
                decl = rs[i].fig[k].value;
        }
        if (parse > 0 && decl > 0)
            bench_figure_add(&rs[i], "decl_over_parse_instructions",
                             decl / parse, "x");
    }
    return rc;
}

int bench_gate(const char *path, int update, int passes,
               const bench_machine *m, double calibration_ms)
{
    char build[300], machine[200], err[600];
    snprintf(build, sizeof build, "%s, %s", m->compiler, m->flags);
    snprintf(machine, sizeof machine, "%s, %ld cores", m->cpu, m->cores);
    bench_baselines base = {0};
    int have = bench_baselines_load(path, &base, err, sizeof err) == 0;
    if (!have && !update) {
        fprintf(stderr, "ananke-bench: %s\n", err);
        return 2;
    }
    if (!have && access(path, F_OK) == 0) {
        /* an update does not silently replace a file it cannot read */
        fprintf(stderr, "ananke-bench: %s\n", err);
        return 2;
    }
    if (!passes)
        passes = update ? 2 : 1;
    printf("gate: counting instructions under callgrind (%d run%s)...\n",
           passes, passes > 1 ? "s, for the spread" : "");
    if (count_instructions(passes) != 0) {
        bench_baselines_free(&base);
        return 2;
    }
    size_t n, k = 0;
    bench_result *rs = bench_results(&n);
    bench_measured *ms = calloc(n + 1, sizeof *ms);
    if (!ms)
        return 2;
    for (size_t i = 0; i < n; i++) {
        const bench_result *r = &rs[i];
        if (!r->metric[0] || r->gate_value <= 0)
            continue;
        int timed = r->stats.n > 0;
        ms[k++] = (bench_measured){
            r->name,
            r->metric,
            strcmp(r->metric, "instructions") == 0 ? "instructions/call"
                                                   : "bytes",
            r->gate_value,
            r->gate_spread,
            timed ? r->normalized * calibration_ms : -1,
            timed ? r->normalized : -1};
    }
    int status = 0;
    if (update) {
        if (bench_baselines_write(path, bench_cfg.nfilters ? &base : NULL, ms,
                                  k, machine, build, m->date, err,
                                  sizeof err) != 0) {
            fprintf(stderr, "ananke-bench: %s\n", err);
            status = 2;
        } else {
            printf("gate: %zu baselines written to %s (review the diff)\n", k,
                   path);
        }
    } else {
        bench_comparison *cs = calloc(k + base.count + 1, sizeof *cs);
        size_t nc = 0, regressed = 0, counts[6] = {0};
        if (!cs) {
            free(ms);
            bench_baselines_free(&base);
            return 2;
        }
        regressed = bench_compare(&base, ms, k, cs, &nc);
        int warned = 0;
        for (size_t i = 0; i < base.count && !warned; i++)
            if (base.items[i].build[0] &&
                strcmp(base.items[i].build, build) != 0) {
                printf("gate: note: baselines were built with \"%s\"; this is "
                       "\"%s\": counts may differ for that reason\n",
                       base.items[i].build, build);
                warned = 1;
            }
        printf("gate: %zu benchmarks against %s (tolerance \u00b1%.0f%%); "
               "wall clock in units of a %.3f ms calibration run\n",
               k, path, base.tolerance * 100, calibration_ms);
        for (size_t i = 0; i < nc; i++) {
            char text[300];
            bench_comparison_text(&cs[i], text, sizeof text);
            printf("  %-32s %s\n", cs[i].name, text);
            counts[cs[i].verdict]++;
        }
        printf("gate: %zu regressed, %zu improved, %zu unchanged, %zu new, "
               "%zu missing, %zu not comparable: %s\n",
               counts[BENCH_REGRESSED], counts[BENCH_IMPROVED],
               counts[BENCH_SAME], counts[BENCH_NEW], counts[BENCH_MISSING],
               counts[BENCH_INCOMPARABLE], regressed ? "FAIL" : "pass");
        for (size_t i = 0; i < nc; i++)
            if (cs[i].verdict == BENCH_REGRESSED)
                printf("gate: FAIL %s %+.1f%%\n", cs[i].name,
                       cs[i].change * 100);
        status = regressed ? 1 : 0;
        free(cs);
    }
    free(ms);
    bench_baselines_free(&base);
    return status;
}
