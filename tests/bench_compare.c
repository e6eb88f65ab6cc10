/*
 * bench_compare.c - the regression gate's comparison logic
 * (benches/compare.c): improvement, regression, a missing baseline, a new
 * benchmark, the spread, malformed documents and the round trip of
 * bench_baselines_write.  Prints "bench_compare: N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../benches/compare.h"
#include "unit/test.h"

int test_failures;

#define DOC_HEAD "{\"format\": \"ananke.bench-baselines/1\", "

static const char baselines[] =
    DOC_HEAD "\"tolerance\": 0.10, \"benchmarks\": {"
    "\"clew/go/small\": {\"metric\": \"instructions\", \"unit\": "
    "\"instructions/call\", \"value\": 1000000, \"spread\": 0,"
    " \"wall\": {\"median_ms\": 0.5, \"normalized\": 0.25},"
    " \"machine\": \"m\", \"build\": \"gcc, -O2\", \"date\": \"d\"},"
    "\"braid/density/5\": {\"metric\": \"instructions\", \"unit\": "
    "\"instructions/call\", \"value\": 2000, \"spread\": 100},"
    "\"memory/extract/go\": {\"metric\": \"peak_bytes\", \"unit\": "
    "\"bytes\", \"value\": 100000},"
    "\"cache/hit\": {\"metric\": \"instructions\", \"unit\": "
    "\"instructions/call\", \"value\": 500}}}";

static int parse(const char *text, bench_baselines *b, char *err, size_t n)
{
    return bench_baselines_parse(text, strlen(text), "baselines.json", b, err,
                                 n);
}

static bench_measured fig(const char *name, const char *metric, double v)
{
    return (bench_measured){
        name, metric,
        strcmp(metric, "peak_bytes") == 0 ? "bytes" : "instructions/call", v,
        0, -1, -1};
}

static void test_parse(void)
{
    bench_baselines b;
    char err[512] = "";
    CHECK_INT(parse(baselines, &b, err, sizeof err), 0);
    CHECK_INT(b.count, 4);
    CHECK(b.tolerance > 0.0999 && b.tolerance < 0.1001);
    CHECK_STR(b.items[0].name, "clew/go/small");
    CHECK_STR(b.items[0].build, "gcc, -O2");
    CHECK(b.items[0].wall_norm == 0.25);
    CHECK(b.items[1].spread == 100);
    CHECK_STR(b.items[2].metric, "peak_bytes");
    CHECK(b.items[2].wall_norm < 0); /* no wall figure */
    CHECK_STR(b.items[2].machine, "");
    bench_baselines_free(&b);
}

/* Within tolerance, beyond it both ways, a new figure and a baseline
 * nothing measured. */
static void test_verdicts(void)
{
    bench_baselines b;
    char err[512];
    CHECK_INT(parse(baselines, &b, err, sizeof err), 0);
    bench_measured m[4] = {
        fig("clew/go/small", "instructions", 1050000), /* +5%: same */
        fig("memory/extract/go", "peak_bytes", 111000), /* +11%: regressed */
        fig("cache/hit", "instructions", 440),          /* -12%: improved */
        fig("multi_lang/small", "instructions", 7),     /* new */
    };
    m[0].wall_norm = 0.5; /* twice the baseline's: reported, not gated */
    bench_comparison c[8];
    size_t n = 0;
    size_t bad = bench_compare(&b, m, 4, c, &n);
    CHECK_INT(bad, 1);
    CHECK_INT(n, 5);
    CHECK_STR(c[0].name, "clew/go/small");
    CHECK_INT(c[0].verdict, BENCH_SAME);
    CHECK(c[0].change > 0.0499 && c[0].change < 0.0501);
    CHECK(c[0].has_wall && c[0].wall_change > 0.999 && c[0].wall_change < 1.001);
    CHECK_INT(c[1].verdict, BENCH_REGRESSED);
    CHECK_INT(c[2].verdict, BENCH_IMPROVED);
    CHECK_INT(c[3].verdict, BENCH_NEW);
    /* braid/density/5 was not measured: reported last, not a failure */
    CHECK_STR(c[4].name, "braid/density/5");
    CHECK_INT(c[4].verdict, BENCH_MISSING);
    char text[300];
    bench_comparison_text(&c[2], text, sizeof text);
    CHECK(strstr(text, "improved") && strstr(text, "update the baseline"));
    bench_comparison_text(&c[1], text, sizeof text);
    CHECK(strncmp(text, "REGRESSED", 9) == 0 && strstr(text, "+11.00%"));
    bench_comparison_text(&c[0], text, sizeof text);
    CHECK(strstr(text, "not gated") != NULL);
    bench_comparison_text(&c[3], text, sizeof text);
    CHECK(strstr(text, "no baseline") != NULL);
    bench_baselines_free(&b);
}

/* Exactly at the limit passes; the spread widens it; another metric is
 * not compared. */
static void test_limits(void)
{
    bench_baselines b;
    char err[512];
    CHECK_INT(parse(baselines, &b, err, sizeof err), 0);
    bench_measured m[3] = {
        fig("clew/go/small", "instructions", 1100000), /* +10.0% exactly */
        /* +14%: beyond 10%, but within 10% + spread 100/2000 = 15% */
        fig("braid/density/5", "instructions", 2280),
        fig("cache/hit", "peak_bytes", 10000), /* metric changed */
    };
    bench_comparison c[8];
    size_t n = 0;
    CHECK_INT(bench_compare(&b, m, 3, c, &n), 0);
    CHECK_INT(c[0].verdict, BENCH_SAME);
    CHECK_INT(c[1].verdict, BENCH_SAME);
    CHECK(c[1].limit > 0.1499 && c[1].limit < 0.1501);
    CHECK_INT(c[2].verdict, BENCH_INCOMPARABLE);
    m[1].value = 2320; /* +16% */
    CHECK_INT(bench_compare(&b, m, 3, c, &n), 1);
    CHECK_INT(c[1].verdict, BENCH_REGRESSED);
    bench_baselines_free(&b);
}

/* An empty baselines file: every figure is new, nothing fails. */
static void test_no_baselines(void)
{
    bench_baselines b;
    char err[512];
    CHECK_INT(parse(DOC_HEAD "\"benchmarks\": {}}", &b, err, sizeof err), 0);
    CHECK(b.tolerance > 0.0999 && b.tolerance < 0.1001); /* the default */
    bench_measured m[1] = {fig("cache/hit", "instructions", 1)};
    bench_comparison c[2];
    size_t n = 0;
    CHECK_INT(bench_compare(&b, m, 1, c, &n), 0);
    CHECK_INT(n, 1);
    CHECK_INT(c[0].verdict, BENCH_NEW);
    bench_baselines_free(&b);
    /* a missing file says how to make one */
    CHECK_INT(bench_baselines_load("/nonexistent/baselines.json", &b, err,
                                   sizeof err),
              -1);
    CHECK(strstr(err, "/nonexistent/baselines.json") &&
          strstr(err, "make bench-update"));
}

/* Each malformed document fails with a message naming what is wrong. */
static void test_malformed(void)
{
    static const struct {
        const char *text;
        const char *says;
    } cases[] = {
        {"{\"format\": \"ananke.bench-baselines/1\",\n \"benchmarks\": {,}}",
         "baselines.json:2:"},
        {"[1, 2]", "must be a JSON object"},
        {"{\"format\": \"other/1\", \"benchmarks\": {}}", "\"format\" must be"},
        {DOC_HEAD "\"tolerance\": 2, \"benchmarks\": {}}", "\"tolerance\""},
        {DOC_HEAD "\"tolerance\": \"10%\", \"benchmarks\": {}}",
         "\"tolerance\""},
        {DOC_HEAD "\"benchmarks\": []}", "\"benchmarks\" must be an object"},
        {DOC_HEAD "\"benchmarks\": {\"a/b\": 5}}",
         "benchmarks.\"a/b\": must be an object"},
        {DOC_HEAD "\"benchmarks\": {\"a/b\": {\"unit\": \"x\", \"value\": 1}}}",
         "benchmarks.\"a/b\": \"metric\""},
        {DOC_HEAD "\"benchmarks\": {\"a/b\": {\"metric\": \"instructions\", "
                  "\"unit\": \"x\", \"value\": -3}}}",
         "benchmarks.\"a/b\": \"value\" must be a positive number"},
        {DOC_HEAD "\"benchmarks\": {\"a/b\": {\"metric\": \"instructions\", "
                  "\"unit\": \"x\", \"value\": \"12\"}}}",
         "\"value\" must be a positive number"},
        {DOC_HEAD "\"benchmarks\": {\"a/b\": {\"metric\": \"instructions\", "
                  "\"unit\": \"x\", \"value\": 1, \"spread\": -1}}}",
         "\"spread\" must be a number >= 0"},
        {DOC_HEAD "\"benchmarks\": {\"a/b\": {\"metric\": \"instructions\", "
                  "\"unit\": \"x\", \"value\": 1, \"wall\": 3}}}",
         "\"wall\" must be an object"},
        {DOC_HEAD "\"benchmarks\": {\"a\": {\"metric\": \"i\", \"unit\": "
                  "\"x\", \"value\": 1}, \"a\": {\"metric\": \"i\", "
                  "\"unit\": \"x\", \"value\": 2}}}",
         "duplicate"},
        {"", "not valid JSON"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bench_baselines b;
        char err[512] = "";
        int rc = parse(cases[i].text, &b, err, sizeof err);
        CHECK_INT(rc, -1);
        if (!strstr(err, cases[i].says) || !strstr(err, "baselines.json")) {
            test_failures++;
            fprintf(stderr, "    case %zu: \"%s\" does not say \"%s\"\n", i,
                    err, cases[i].says);
        }
        CHECK(b.doc == NULL && b.items == NULL);
    }
}

/* Written baselines read back; an update of some figures keeps the
 * others. */
static void test_write(void)
{
    char path[] = "/tmp/bench-compare-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    close(fd);
    bench_measured m[2] = {fig("b/two", "instructions", 1234.56),
                           fig("a/one", "peak_bytes", 4096)};
    m[0].spread = 3;
    m[0].wall_ms = 0.75;
    m[0].wall_norm = 0.3;
    char err[512];
    CHECK_INT(bench_baselines_write(path, NULL, m, 2, "cpu", "gcc", "today",
                                    err, sizeof err),
              0);
    bench_baselines b;
    CHECK_INT(bench_baselines_load(path, &b, err, sizeof err), 0);
    CHECK_INT(b.count, 2);
    if (b.count == 2) {
        CHECK_STR(b.items[0].name, "a/one"); /* sorted */
        CHECK_STR(b.items[1].name, "b/two");
        CHECK(b.items[1].value > 1234.55 && b.items[1].value < 1234.65);
        CHECK(b.items[1].spread == 3);
        CHECK(b.items[1].wall_norm > 0.2999 && b.items[1].wall_norm < 0.3001);
        CHECK_STR(b.items[1].date, "today");
        CHECK_STR(b.items[0].unit, "bytes");
    }
    /* the same figures compare as unchanged */
    bench_comparison c[4];
    size_t n = 0;
    CHECK_INT(bench_compare(&b, m, 2, c, &n), 0);
    CHECK_INT(c[0].verdict, BENCH_SAME);
    CHECK_INT(c[1].verdict, BENCH_SAME);
    /* update one, keep the other */
    bench_measured one = fig("a/one", "peak_bytes", 8192);
    CHECK_INT(bench_baselines_write(path, &b, &one, 1, "cpu", "gcc", "later",
                                    err, sizeof err),
              0);
    bench_baselines_free(&b);
    CHECK_INT(bench_baselines_load(path, &b, err, sizeof err), 0);
    CHECK_INT(b.count, 2);
    if (b.count == 2) {
        CHECK(b.items[0].value == 8192);
        CHECK_STR(b.items[0].date, "later");
        CHECK_STR(b.items[1].date, "today");
    }
    bench_baselines_free(&b);
    remove(path);
}

int main(void)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
        {"parse", test_parse},       {"verdicts", test_verdicts},
        {"limits", test_limits},     {"no_baselines", test_no_baselines},
        {"malformed", test_malformed}, {"write", test_write},
    };
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
        int before = test_failures;
        tests[i].fn();
        if (test_failures == before) {
            passed++;
        } else {
            failed++;
            fprintf(stderr, "  FAIL %s\n", tests[i].name);
        }
    }
    printf("bench_compare: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
