/*
 * ffi_bench.c - what the C ABI and the Python binding cost on top of the
 * work itself.
 *
 *   ffi/extract_roundtrip     a generated 100-line Python file extracted to
 *                             JSON through the context API (ank_extract,
 *                             ank_result_json), alternated with the same
 *                             through the extractor API (ank_clew_extract,
 *                             ank_result_finish, ank_result_write); the
 *                             median of the paired differences is a figure
 *   ffi/abi_overhead          what ank_extract adds on success, timed alone:
 *                             its argument checks, the path's UTF-8 and the
 *                             scan of the text for NUL bytes (target < 1 us)
 *   ffi/string_borrow_100     a 100-byte string through ank_constraint_attr
 *   ffi/string_copy_100       the same copied into the caller's memory
 *   ffi/vector_accessors_100  100 constraints walked with typed accessors
 *   ffi/vector_json_100       100 constraints written as JSON
 *   ffi/python/...            the same through the Python binding, in a
 *                             subprocess, when python3 and libananke.so
 *                             are there (not counted by the gate)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ffi/context.h"
#include "bench.h"
#include "gen.h"

typedef struct ffi_env {
    ank_clew *clew;
    ank_context *ctx;
    const char *src;
    size_t len;
    ank_result *hundred;
    const ank_constraint *c0;
} ffi_env;

static void internal_call(void *arg)
{
    ffi_env *e = arg;
    ank_result *r = ank_result_new();
    char *json = NULL;
    size_t n = 0;
    if (r && ank_clew_extract(e->clew, ANK_LANG_PYTHON, e->src, e->len,
                              "bench.py", r, NULL) == ANK_OK &&
        ank_result_finish(r, NULL) == ANK_OK &&
        ank_result_write(r, ANK_FORMAT_JSON, &json, &n, NULL) == ANK_OK)
        bench_sink += n;
    ank_free(json);
    ank_result_free(r);
}

static void abi_call(void *arg)
{
    ffi_env *e = arg;
    ank_result *r = NULL;
    char *json = NULL;
    size_t n = 0;
    if (ank_extract(e->ctx, ANK_LANG_PYTHON, e->src, e->len, "bench.py", &r,
                    NULL) == ANK_OK &&
        ank_result_json(r, &json, &n, NULL) == ANK_OK)
        bench_sink += n;
    ank_free(json);
    ank_result_free(r);
}

static void abi_checks(void *arg)
{
    ffi_env *e = arg;
    bench_sink += ank__utf8_check("bench.py", strlen("bench.py"));
    bench_sink += (uintptr_t)memchr(e->src, '\0', e->len);
    bench_sink += (unsigned char)e->src[e->len - 1];
}

static void string_borrow(void *arg)
{
    ffi_env *e = arg;
    bench_sink += (uintptr_t)ank_constraint_attr(e->c0, ANK_ATTR_SIGNATURE);
}

static void string_copy(void *arg)
{
    ffi_env *e = arg;
    const char *t = ank_constraint_attr(e->c0, ANK_ATTR_SIGNATURE);
    size_t k = strlen(t);
    char *copy = malloc(k + 1);
    if (copy) {
        memcpy(copy, t, k + 1);
        bench_sink += (uint8_t)copy[k / 2];
    }
    free(copy);
}

static void vector_accessors(void *arg)
{
    ffi_env *e = arg;
    for (size_t i = 0; i < ank_result_count(e->hundred); i++) {
        const ank_constraint *c = ank_result_get(e->hundred, i);
        ank_location l = ank_constraint_location(c);
        bench_sink += (uintptr_t)ank_constraint_kind(c) +
                      (uintptr_t)ank_constraint_name(c) +
                      (uintptr_t)ank_constraint_id(c) + l.start_line;
    }
}

static void vector_json(void *arg)
{
    ffi_env *e = arg;
    char *json = NULL;
    size_t k = 0;
    if (ank_result_json(e->hundred, &json, &k, NULL) == ANK_OK)
        bench_sink += k;
    ank_free(json);
}

/* A TypeScript file of `count` exported functions with a 100-byte
 * signature each. */
static char *functions(int count, size_t *len)
{
    size_t cap = (size_t)count * 160 + 1, n = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < count; i++)
        n += (size_t)snprintf(s + n, cap - n,
                              "export function load%03d(itemNameStringValue: "
                              "string, countOfItems: number, flags: boolean): "
                              "Promise<string> { return x; }\n",
                              i);
    *len = n;
    return s;
}

/* A declarations-only result of exactly 100 constraints: the functions
 * plus the project-level ones finishing adds.  The source is kept in
 * *src for the Python side. */
static ank_result *hundred(ank_context *ctx, char **src, size_t *len)
{
    for (int k = 100; k > 0; k--) {
        *src = functions(k, len);
        ank_result *r = NULL;
        if (*src && ank_extract(ctx, ANK_LANG_TYPESCRIPT, *src, *len,
                                "many.ts", &r, NULL) == ANK_OK &&
            ank_result_count(r) == 100)
            return r;
        ank_result_free(r);
        free(*src);
        *src = NULL;
    }
    return NULL;
}

/* One simple timed benchmark: headline in `unit`, judged when target > 0. */
static bench_result *simple(const char *name, bench_fn fn, ffi_env *e,
                            int reps, const char *unit, const char *label,
                            double target_us)
{
    if (!bench_wanted(name, 0))
        return NULL;
    bench_stats st = bench_time(name, fn, e, reps);
    bench_result *r = bench_result_add(name);
    bench_set_time(r, st, unit);
    snprintf(r->text, sizeof r->text, "%s: %.4g %s", label, r->value, unit);
    if (target_us > 0) {
        char what[96];
        double us = st.median * 1e3;
        snprintf(what, sizeof what, "%.3f us: target < %g us, critical %g",
                 us, target_us, target_us * 10);
        bench_judge(r, us, target_us, target_us * 10, what);
    }
    bench_print(r);
    return r;
}

static void roundtrip(ffi_env *e)
{
    const char *name = "ffi/extract_roundtrip";
    if (!bench_wanted(name, 0))
        return;
    /* the difference is small against the work: take many pairs */
    int saved = bench_cfg.samples;
    if (!bench_cfg.instructions)
        bench_cfg.samples = saved * 10 < 100 ? 100 : saved * 10;
    int n = bench_cfg.samples;
    double *raw[2] = {malloc(sizeof(double) * (size_t)n),
                      malloc(sizeof(double) * (size_t)n)};
    double *diff = malloc(sizeof(double) * (size_t)n);
    if (!raw[0] || !raw[1] || !diff)
        exit(2);
    bench_region reg[2] = {{NULL, abi_call, e}, {"internal", internal_call, e}};
    bench_stats st[2];
    bench_measure(name, reg, 2, 1, 20, st, raw);
    for (int i = 0; i < n; i++)
        diff[i] = (raw[0][i] - raw[1][i]) * 1e3;
    double md = bench_median(diff, n);
    bench_cfg.samples = saved;
    bench_result *r = bench_result_add(name);
    bench_set_time(r, st[0], "us");
    bench_figure_add(r, "internal_us", st[1].median * 1e3, "us");
    bench_figure_add(r, "difference_us", md, "us");
    snprintf(r->text, sizeof r->text,
             "100 lines to JSON: ank_extract %.1f us, internal %.1f us, "
             "difference %.2f us (noise: the work varies by more)",
             st[0].median * 1e3, st[1].median * 1e3, md);
    bench_print(r);
    free(raw[0]);
    free(raw[1]);
    free(diff);
}

/* The Python side: prints "name median_us" lines. */
static const char python_script[] =
    "import sys, time\n"
    "from ananke import Ananke\n"
    "src = open(sys.argv[1]).read()\n"
    "many = open(sys.argv[2]).read()\n"
    "samples = int(sys.argv[3])\n"
    "an = Ananke()\n"
    "an100 = Ananke(declarations_only=True)\n"
    "def med(fn, reps):\n"
    "    ts = []\n"
    "    for _ in range(samples):\n"
    "        t0 = time.perf_counter()\n"
    "        for _ in range(reps):\n"
    "            fn()\n"
    "        ts.append((time.perf_counter() - t0) * 1e6 / reps)\n"
    "    ts.sort()\n"
    "    return ts[len(ts) // 2]\n"
    "for _ in range(20):\n"
    "    an.extract_json(src, 'python', 'bench.py')\n"
    "print('extract_json', med(lambda: an.extract_json(src, 'python', "
    "'bench.py'), 10))\n"
    "print('extract_dict', med(lambda: an.extract(src, 'python', "
    "'bench.py'), 10))\n"
    "lib = an._lib\n"
    "r = an100._result(many, 'typescript', 'many.ts')\n"
    "c = lib.ank_result_get(r, 0)\n"
    "print('string_100', med(lambda: lib.ank_constraint_attr(c, 2)"
    ".decode(), 2000))\n"
    "def walk():\n"
    "    for i in range(lib.ank_result_count(r)):\n"
    "        k = lib.ank_result_get(r, i)\n"
    "        (lib.ank_constraint_kind(k), lib.ank_constraint_name(k),\n"
    "         lib.ank_constraint_id(k))\n"
    "print('vector_accessors_100', med(walk, 20))\n"
    "print('vector_json_100', med(lambda: an100.extract(many, 'typescript', "
    "'many.ts'), 10))\n"
    "lib.ank_result_free(r)\n";

static int write_temp(char *path, size_t size, const char *suffix,
                      const char *data, size_t len)
{
    snprintf(path, size, "/tmp/ank-bench-%ld%s", (long)getpid(), suffix);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static void python_round_trip(ffi_env *e, const char *many, size_t mlen,
                              double c_us)
{
    if (!bench_wanted("ffi/python", BENCH_NOGATE))
        return;
    const char *python = access("/usr/bin/python3", X_OK) == 0
                             ? "/usr/bin/python3"
                             : "python3";
    /* The library and the package, found from the benchmark's own path. */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", bench_cfg.self);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    char lib[4200], f1[64], f2[64], f3[64];
    snprintf(lib, sizeof lib, "%s/libananke.so", dir);
    if (access(lib, R_OK) != 0) {
        if (!bench_cfg.quiet)
            printf("  ffi/python: skipped (%s not built)\n", lib);
        return;
    }
    if (write_temp(f1, sizeof f1, ".py", e->src, e->len) ||
        write_temp(f2, sizeof f2, ".ts", many, mlen) ||
        write_temp(f3, sizeof f3, "-run.py", python_script,
                   sizeof python_script - 1)) {
        fprintf(stderr, "ananke-bench: cannot write to /tmp\n");
        return;
    }
    char cmd[9000];
    snprintf(cmd, sizeof cmd,
             "ANANKE_LIBRARY='%s' PYTHONPATH=ffi/python %s %s %s %s %d 2>&1",
             lib, python, f3, f1, f2,
             bench_cfg.samples < 5 ? 5 : bench_cfg.samples);
    FILE *p = popen(cmd, "r");
    char line[512];
    int got = 0;
    while (p && fgets(line, sizeof line, p)) {
        char key[64], name[96];
        double us;
        if (sscanf(line, "%63s %lf", key, &us) != 2) {
            printf("  python: %s", line);
            continue;
        }
        snprintf(name, sizeof name, "ffi/python/%s", key);
        bench_result *r = bench_result_add(name);
        snprintf(r->unit, sizeof r->unit, "us");
        r->value = us;
        snprintf(r->text, sizeof r->text, "%s through Python: %.3f us", key,
                 us);
        if (strcmp(key, "extract_json") == 0) {
            char what[96];
            snprintf(what, sizeof what,
                     "%.2fx the C ABI's %.1f us: target < 2x, critical 4x",
                     us / c_us, c_us);
            bench_judge(r, us / c_us, 2, 4, what);
        }
        bench_print(r);
        got++;
    }
    int status = p ? pclose(p) : -1;
    if (!got || status != 0)
        fprintf(stderr, "ananke-bench: python round trip failed (status %d)\n",
                status);
    remove(f1);
    remove(f2);
    remove(f3);
}

void bench_ffi(void)
{
    bench_heading("ffi: the C ABI and the Python binding");
    size_t len = 0, mlen = 0;
    int lines = 0;
    char *src = bench_generate(ANK_LANG_PYTHON, 100, &len, &lines);
    char *many = NULL;
    ffi_env e = {.src = src, .len = len};
    ank_options o = ANK_OPTIONS_INIT, o100 = ANK_OPTIONS_INIT;
    o100.flags = ANK_CLEW_DECLARATIONS_ONLY;
    ank_context *ctx100 = NULL;
    if (!src || ank_clew_new(NULL, &e.clew, NULL) != ANK_OK ||
        ank_context_new(&o, &e.ctx, NULL) != ANK_OK ||
        ank_context_new(&o100, &ctx100, NULL) != ANK_OK ||
        !(e.hundred = hundred(ctx100, &many, &mlen))) {
        fprintf(stderr, "ananke-bench: ffi set-up failed\n");
        goto out;
    }
    e.c0 = ank_result_get(e.hundred, 0);
    roundtrip(&e);
    simple("ffi/abi_overhead", abi_checks, &e, 20000, "us",
           "ank_extract's own checks on 100 lines", 1.0);
    char label[64];
    snprintf(label, sizeof label, "%zu-byte string, borrowed",
             strlen(ank_constraint_attr(e.c0, ANK_ATTR_SIGNATURE)));
    simple("ffi/string_borrow_100", string_borrow, &e, 100000, "ns", label,
           0);
    snprintf(label, sizeof label, "%zu-byte string, copied out",
             strlen(ank_constraint_attr(e.c0, ANK_ATTR_SIGNATURE)));
    simple("ffi/string_copy_100", string_copy, &e, 100000, "ns", label, 0);
    simple("ffi/vector_accessors_100", vector_accessors, &e, 1000, "us",
           "100 constraints, typed accessors", 0);
    simple("ffi/vector_json_100", vector_json, &e, 20, "us",
           "100 constraints, as JSON text", 0);
    if (!bench_cfg.instructions) {
        bench_result *c = bench_result_find("ffi/extract_roundtrip");
        double c_us = c ? c->value : 0;
        if (!c) {
            bench_stats st = bench_time("ffi/extract_roundtrip", abi_call, &e,
                                        1);
            c_us = st.median * 1e3;
        }
        python_round_trip(&e, many, mlen, c_us);
    }
out:
    ank_result_free(e.hundred);
    ank_context_free(ctx100);
    ank_context_free(e.ctx);
    ank_clew_free(e.clew);
    free(src);
    free(many);
}
