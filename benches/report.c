/*
 * report.c - the run's results: the list every category fills, the
 * verdict against each category's target and critical limit, the human
 * lines, the machine and build description, and the --json document.
 *
 * A status is OK up to the target, SLOW up to the critical limit and FAIL
 * beyond it; a result that was not judged prints no status.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#ifndef ANK_BENCH_FLAGS
#define ANK_BENCH_FLAGS "unknown"
#endif

static bench_result *results;
static size_t nresults, cap;

bench_result *bench_result_find(const char *name)
{
    for (size_t i = 0; i < nresults; i++)
        if (strcmp(results[i].name, name) == 0)
            return &results[i];
    return NULL;
}

bench_result *bench_result_add(const char *name)
{
    bench_result *r = bench_result_find(name);
    if (r)
        return r;
    if (nresults == cap) {
        size_t n = cap ? cap * 2 : 64;
        bench_result *p = realloc(results, n * sizeof *p);
        if (!p) {
            fprintf(stderr, "ananke-bench: out of memory\n");
            exit(2);
        }
        results = p;
        cap = n;
    }
    r = &results[nresults++];
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", name);
    r->gate_value = -1;
    return r;
}

bench_result *bench_results(size_t *count)
{
    *count = nresults;
    return results;
}

void bench_results_clear(void)
{
    free(results);
    results = NULL;
    nresults = cap = 0;
}

void bench_set_time(bench_result *r, bench_stats ms, const char *unit)
{
    double k = strcmp(unit, "us") == 0 ? 1e3 : strcmp(unit, "ns") == 0 ? 1e6
                                                                       : 1;
    r->stats = (bench_stats){ms.min * k, ms.median * k, ms.mean * k,
                             ms.p95 * k, ms.sd * k, ms.n};
    r->value = r->stats.median;
    snprintf(r->unit, sizeof r->unit, "%s", unit);
    r->normalized = ms.median; /* in ms until main divides by calibration */
}

void bench_figure_add(bench_result *r, const char *name, double value,
                      const char *unit)
{
    bench_figure *f = NULL;
    for (int i = 0; i < r->nfig; i++)
        if (strcmp(r->fig[i].name, name) == 0)
            f = &r->fig[i];
    if (!f) {
        if (r->nfig == BENCH_MAX_FIGURES)
            return;
        f = &r->fig[r->nfig++];
    }
    snprintf(f->name, sizeof f->name, "%s", name);
    snprintf(f->unit, sizeof f->unit, "%s", unit);
    f->value = value;
}

static void judge(bench_result *r, int over_target, int over_critical,
                  const char *what)
{
    bench_status s = over_critical ? BENCH_FAIL
                     : over_target ? BENCH_SLOW
                                   : BENCH_OK;
    /* a result judged twice keeps the worse verdict */
    if (s >= r->status) {
        r->status = s;
        snprintf(r->check, sizeof r->check, "%s", what);
    }
}

void bench_judge(bench_result *r, double measured, double target,
                 double critical, const char *what)
{
    judge(r, measured > target, measured > critical, what);
}

void bench_judge_min(bench_result *r, double measured, double target,
                     double critical, const char *what)
{
    judge(r, measured < target, measured < critical, what);
}

static const char *status_text(bench_status s)
{
    switch (s) {
    case BENCH_OK: return "\u2713 OK";
    case BENCH_SLOW: return "\u26a0 SLOW";
    case BENCH_FAIL: return "\u2717 FAIL";
    default: return "";
    }
}

/* A category's heading waits for its first line. */
static char heading[256];

void bench_print(const bench_result *r)
{
    if (bench_cfg.quiet || bench_cfg.instructions)
        return;
    if (heading[0]) {
        printf("\n%s\n", heading);
        heading[0] = '\0';
    }
    if (r->status == BENCH_UNJUDGED)
        printf("  %-30s %s\n", r->name, r->text);
    else
        printf("  %-30s %s  %s  [%s]\n", r->name, r->text,
               status_text(r->status), r->check);
    fflush(stdout);
}

void bench_heading(const char *fmt, ...)
{
    if (bench_cfg.quiet || bench_cfg.instructions)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(heading, sizeof heading, fmt, ap);
    va_end(ap);
}

const char *bench_grouped(double v, char *buf, size_t size)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", v < 0 ? -v : v);
    size_t n = strlen(digits), o = 0;
    if (v < 0 && o + 1 < size)
        buf[o++] = '-';
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

/* ------------------------------------------------------------ machine */

void bench_machine_get(bench_machine *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->cpu, sizeof m->cpu, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            colon++;
            while (*colon == ' ' || *colon == '\t')
                colon++;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(m->cpu, sizeof m->cpu, "%s", colon);
            break;
        }
    }
    if (f)
        fclose(f);
    m->cores = sysconf(_SC_NPROCESSORS_ONLN);
#if defined(__clang__)
    snprintf(m->compiler, sizeof m->compiler, "clang %s", __clang_version__);
#elif defined(__GNUC__)
    snprintf(m->compiler, sizeof m->compiler, "gcc %s", __VERSION__);
#else
    snprintf(m->compiler, sizeof m->compiler, "unknown");
#endif
    snprintf(m->flags, sizeof m->flags, "%s", ANK_BENCH_FLAGS);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(m->date, sizeof m->date, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ------------------------------------------------------------ --json */

static json_t *stats_json(const bench_result *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "unit", json_string(r->unit));
    json_object_set_new(o, "samples", json_integer(r->stats.n));
    json_object_set_new(o, "min", json_real(r->stats.min));
    json_object_set_new(o, "median", json_real(r->stats.median));
    json_object_set_new(o, "mean", json_real(r->stats.mean));
    json_object_set_new(o, "p95", json_real(r->stats.p95));
    json_object_set_new(o, "sd", json_real(r->stats.sd));
    json_object_set_new(o, "normalized", json_real(r->normalized));
    return o;
}

int bench_write_json(const char *path, const bench_machine *m,
                     double calibration_ms)
{
    json_t *doc = json_object(), *list = json_array();
    json_t *mach = json_object(), *build = json_object();
    json_object_set_new(doc, "format", json_string("ananke.bench/1"));
    json_object_set_new(doc, "version", json_string(ank_version()));
    json_object_set_new(doc, "date", json_string(m->date));
    json_object_set_new(mach, "cpu", json_string(m->cpu));
    json_object_set_new(mach, "cores", json_integer(m->cores));
    json_object_set_new(doc, "machine", mach);
    json_object_set_new(build, "compiler", json_string(m->compiler));
    json_object_set_new(build, "flags", json_string(m->flags));
    json_object_set_new(doc, "build", build);
    json_object_set_new(doc, "samples", json_integer(bench_cfg.samples));
    json_object_set_new(doc, "quick", json_boolean(bench_cfg.quick));
    json_object_set_new(doc, "inputs",
                        json_string(bench_cfg.fixtures ? bench_cfg.fixtures
                                                       : "generated"));
    json_object_set_new(doc, "calibration_ms", json_real(calibration_ms));
    for (size_t i = 0; i < nresults; i++) {
        const bench_result *r = &results[i];
        json_t *o = json_object(), *figs = json_object();
        json_object_set_new(o, "name", json_string(r->name));
        if (r->stats.n)
            json_object_set_new(o, "time", stats_json(r));
        else if (r->unit[0])
            json_object_set_new(o, r->unit, json_real(r->value));
        if (r->metric[0]) {
            json_t *g = json_object();
            json_object_set_new(g, "metric", json_string(r->metric));
            json_object_set_new(g, "value", json_real(r->gate_value));
            json_object_set_new(o, "gate", g);
        }
        for (int k = 0; k < r->nfig; k++) {
            json_t *f = json_object();
            json_object_set_new(f, "value", json_real(r->fig[k].value));
            json_object_set_new(f, "unit", json_string(r->fig[k].unit));
            json_object_set_new(figs, r->fig[k].name, f);
        }
        json_object_set_new(o, "figures", figs);
        static const char *const names[] = {"", "ok", "slow", "fail"};
        if (r->status != BENCH_UNJUDGED) {
            json_object_set_new(o, "status", json_string(names[r->status]));
            json_object_set_new(o, "check", json_string(r->check));
        }
        json_array_append_new(list, o);
    }
    json_object_set_new(doc, "benchmarks", list);
    int rc = json_dump_file(doc, path, JSON_INDENT(2) | JSON_REAL_PRECISION(9));
    json_decref(doc);
    return rc == 0 ? 0 : -1;
}
