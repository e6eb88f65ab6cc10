/*
 * ffi_bench.c - what the C ABI and the Python binding cost on top of the
 * work itself.
 *
 *   ananke-bench --ffi [--samples N]
 *
 * On a generated 100-line Python file:
 *  - extraction to a JSON string, then freed, through the extractor API
 *    (ank_clew_extract, ank_result_finish, ank_result_write) and through
 *    the context API (ank_extract, ank_result_json), alternated; the
 *    difference of the medians is the ABI's overhead (target: under 1 µs);
 *  - marshaling: a 100-byte string (borrowed through ank_constraint_attr,
 *    and copied into the caller's memory as a binding does) and an array of
 *    100 constraints (walked through the typed accessors, and written as
 *    JSON);
 *  - the Python round trip, when python3 and the shared library are
 *    there: a subprocess times Ananke.extract_json and Ananke.extract (the
 *    dict) on the same file and the same 100-byte and 100-constraint
 *    marshaling; the extract_json median should be within 2x of the C
 *    time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ffi/context.h"
#include "bench.h"
#include "gen.h"

void bench_ffi(int samples, const char *self);

/* Median microseconds per call of `body` run `reps` times, over `samples`
 * samples. */
#define TIME_US(out, samples, reps, body)                                  \
    do {                                                                   \
        double *t_ = malloc(sizeof(double) * (size_t)(samples));           \
        for (int s_ = 0; t_ && s_ < (samples); s_++) {                     \
            double t0_ = bench_now_ms();                                   \
            for (int r_ = 0; r_ < (reps); r_++) {                          \
                body;                                                      \
            }                                                              \
            t_[s_] = (bench_now_ms() - t0_) * 1e3 / (reps);                \
        }                                                                  \
        (out) = t_ ? bench_median(t_, (samples)) : 0;                      \
        free(t_);                                                          \
    } while (0)

static void internal_call(ank_clew *clew, const char *src, size_t len)
{
    ank_result *r = ank_result_new();
    char *json = NULL;
    size_t n = 0;
    if (r && ank_clew_extract(clew, ANK_LANG_PYTHON, src, len, "bench.py", r,
                              NULL) == ANK_OK &&
        ank_result_finish(r, NULL) == ANK_OK &&
        ank_result_write(r, ANK_FORMAT_JSON, &json, &n, NULL) == ANK_OK)
        bench_sink += n;
    ank_free(json);
    ank_result_free(r);
}

static void abi_call(ank_context *ctx, const char *src, size_t len)
{
    ank_result *r = NULL;
    char *json = NULL;
    size_t n = 0;
    if (ank_extract(ctx, ANK_LANG_PYTHON, src, len, "bench.py", &r, NULL) ==
            ANK_OK &&
        ank_result_json(r, &json, &n, NULL) == ANK_OK)
        bench_sink += n;
    ank_free(json);
    ank_result_free(r);
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
                              "string, "
                              "countOfItems: number, flags: boolean): "
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
    "print('string100', med(lambda: lib.ank_constraint_attr(c, 2)"
    ".decode(), 2000))\n"
    "def walk():\n"
    "    for i in range(lib.ank_result_count(r)):\n"
    "        k = lib.ank_result_get(r, i)\n"
    "        (lib.ank_constraint_kind(k), lib.ank_constraint_name(k),\n"
    "         lib.ank_constraint_id(k))\n"
    "print('array100_accessors', med(walk, 20))\n"
    "print('array100_json', med(lambda: an100.extract(many, 'typescript', "
    "'many.ts'), 10))\n"
    "lib.ank_result_free(r)\n";

/* Median microseconds of abi_call. */
static double abi_median(ank_context *ctx, const char *src, size_t len,
                         int samples)
{
    int n = samples * 5 < 50 ? 50 : samples * 5;
    double *t = malloc(sizeof(double) * (size_t)n);
    if (!t)
        return 0;
    for (int i = 0; i < n; i++) {
        double t0 = bench_now_ms();
        abi_call(ctx, src, len);
        t[i] = (bench_now_ms() - t0) * 1e3;
    }
    double m = bench_median(t, n);
    free(t);
    return m;
}

static void python_round_trip(int samples, const char *self,
                              ank_context *ctx, const char *src, size_t len,
                              const char *many, size_t mlen)
{
    const char *python = access("/usr/bin/python3", X_OK) == 0
                             ? "/usr/bin/python3"
                             : "python3";
    /* The library and the package, found from the benchmark's own path. */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", self);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    char lib[4200], f1[64], f2[64], f3[64];
    snprintf(lib, sizeof lib, "%s/libananke.so", dir);
    if (access(lib, R_OK) != 0) {
        printf("  python round trip: skipped (%s not built)\n", lib);
        return;
    }
    snprintf(f1, sizeof f1, "/tmp/ank-bench-%ld.py", (long)getpid());
    snprintf(f2, sizeof f2, "/tmp/ank-bench-%ld.ts", (long)getpid());
    snprintf(f3, sizeof f3, "/tmp/ank-bench-%ld-run.py", (long)getpid());
    FILE *a = fopen(f1, "wb"), *b = fopen(f2, "wb"), *c = fopen(f3, "wb");
    if (a)
        fwrite(src, 1, len, a);
    if (b)
        fwrite(many, 1, mlen, b);
    if (c)
        fputs(python_script, c);
    if (a)
        fclose(a);
    if (b)
        fclose(b);
    if (c)
        fclose(c);
    char cmd[9000];
    snprintf(cmd, sizeof cmd,
             "ANANKE_LIBRARY='%s' PYTHONPATH=ffi/python %s %s %s %s %d "
             "2>&1",
             lib, python, f3, f1, f2, samples < 5 ? 5 : samples);
    /* The C time is taken just before and just after the subprocess, so
     * a change in machine load shows as a gap between the two. */
    double c_before = abi_median(ctx, src, len, samples);
    FILE *p = popen(cmd, "r");
    char line[512];
    struct {
        const char *name;
        double us;
    } got[8];
    int ngot = 0;
    while (p && fgets(line, sizeof line, p)) {
        char name[64];
        double us;
        if (sscanf(line, "%63s %lf", name, &us) != 2 || ngot == 8) {
            printf("  python: %s", line);
            continue;
        }
        static const char *const names[] = {
            "extract_json", "extract_dict", "string100",
            "array100_accessors", "array100_json"};
        for (size_t k = 0; k < sizeof names / sizeof *names; k++)
            if (strcmp(name, names[k]) == 0) {
                got[ngot].name = names[k];
                got[ngot++].us = us;
            }
    }
    int status = p ? pclose(p) : -1;
    double c_after = abi_median(ctx, src, len, samples);
    double c_us = (c_before + c_after) / 2, json_us = 0;
    if (!ngot || status != 0)
        printf("  python round trip: failed (status %d; is python3 there?)\n",
               status);
    for (int k = 0; k < ngot; k++) {
        double us = got[k].us;
        if (strcmp(got[k].name, "extract_json") == 0) {
            json_us = us;
            printf("  python extract_json (100 lines)   %9.1f us  %.2fx the "
                   "C ABI's %.1f us (%.1f before, %.1f after)  %s\n",
                   us, us / c_us, c_us, c_before, c_after,
                   us <= 2 * c_us ? "ok (target < 2x)" : "OVER 2x target");
        } else if (strcmp(got[k].name, "extract_dict") == 0) {
            printf("  python extract -> dict             %9.1f us  "
                   "(json.loads adds %.1f us)\n",
                   us, us - json_us);
        } else if (strcmp(got[k].name, "string100") == 0) {
            printf("  python 100-byte string (attr)      %9.3f us\n", us);
        } else if (strcmp(got[k].name, "array100_accessors") == 0) {
            printf("  python 100 constraints, accessors  %9.1f us\n", us);
        } else {
            printf("  python 100 constraints, to dicts   %9.1f us  (extract "
                   "and json.loads)\n",
                   us);
        }
    }
    remove(f1);
    remove(f2);
    remove(f3);
}

void bench_ffi(int samples, const char *self)
{
    printf("\nffi: the C ABI and the Python binding (medians)\n");
    size_t len = 0;
    int lines = 0;
    char *src = bench_generate(ANK_LANG_PYTHON, 100, &len, &lines);
    size_t mlen = 0;
    char *many = NULL;
    ank_clew *clew = NULL;
    ank_context *ctx = NULL;
    ank_options o = ANK_OPTIONS_INIT;
    ank_options o100 = ANK_OPTIONS_INIT;
    o100.flags = ANK_CLEW_DECLARATIONS_ONLY;
    ank_context *ctx100 = NULL;
    if (!src || ank_clew_new(NULL, &clew, NULL) != ANK_OK ||
        ank_context_new(&o, &ctx, NULL) != ANK_OK ||
        ank_context_new(&o100, &ctx100, NULL) != ANK_OK) {
        printf("  setup failed\n");
        goto out;
    }
    for (int w = 0; w < 20; w++) {
        internal_call(clew, src, len);
        abi_call(ctx, src, len);
    }
    /* Alternate, in both orders, so both see the same machine state. */
    int n = samples * 10 < 100 ? 100 : samples * 10;
    double *ti = malloc(sizeof(double) * (size_t)n);
    double *ta = malloc(sizeof(double) * (size_t)n);
    double *td = malloc(sizeof(double) * (size_t)n);
    if (!ti || !ta || !td) {
        free(ti);
        free(ta);
        free(td);
        goto out;
    }
    for (int i = 0; i < n; i++) {
        double t0 = bench_now_ms(), t1, t2;
        if (i % 2) {
            internal_call(clew, src, len);
            t1 = bench_now_ms();
            abi_call(ctx, src, len);
            t2 = bench_now_ms();
            ti[i] = (t1 - t0) * 1e3;
            ta[i] = (t2 - t1) * 1e3;
        } else {
            abi_call(ctx, src, len);
            t1 = bench_now_ms();
            internal_call(clew, src, len);
            t2 = bench_now_ms();
            ta[i] = (t1 - t0) * 1e3;
            ti[i] = (t2 - t1) * 1e3;
        }
        td[i] = ta[i] - ti[i];
    }
    double mi = bench_median(ti, n), ma = bench_median(ta, n);
    double md = bench_median(td, n);
    printf("  extract %d lines to JSON, internal  %9.1f us\n", lines, mi);
    printf("  the same through ank_extract        %9.1f us\n", ma);
    printf("  difference (median of pairs)        %9.2f us  (noise: the "
           "work varies by more)\n",
           md);
    /* The medians differ by less than the work varies, so the ABI's own
     * work is timed alone: on success ank_extract adds to the calls above
     * only its argument checks, the path's UTF-8 and the scan of the text
     * for NUL bytes (ank_result_json is a plain call). */
    double checks = 0;
    TIME_US(checks, samples, 20000, {
        bench_sink += ank__utf8_check("bench.py", strlen("bench.py"));
        bench_sink += (uintptr_t)memchr(src, '\0', len);
        bench_sink += (unsigned char)src[len - 1];
    });
    printf("  ABI overhead: its checks (%zu B)  %9.3f us  %s\n", len, checks,
           checks < 1.0 ? "ok (target < 1 us)" : "OVER 1 us target");
    free(ti);
    free(ta);
    free(td);

    /* Marshaling. */
    ank_result *r = hundred(ctx100, &many, &mlen);
    if (!r) {
        printf("  no file gives exactly 100 constraints\n");
        goto out;
    }
    const ank_constraint *c0 = ank_result_get(r, 0);
    const char *sig = ank_constraint_attr(c0, ANK_ATTR_SIGNATURE);
    size_t slen = sig ? strlen(sig) : 0;
    double us;
    TIME_US(us, samples, 100000,
            bench_sink += (uintptr_t)ank_constraint_attr(c0,
                                                         ANK_ATTR_SIGNATURE));
    printf("  %zu-byte string, borrowed           %9.4f us\n", slen, us);
    TIME_US(us, samples, 100000, {
        const char *t = ank_constraint_attr(c0, ANK_ATTR_SIGNATURE);
        char *copy = NULL;
        size_t k = strlen(t);
        copy = malloc(k + 1);
        if (copy) {
            memcpy(copy, t, k + 1);
            bench_sink += (uint8_t)copy[k / 2];
        }
        free(copy);
    });
    printf("  %zu-byte string, copied out          %9.4f us\n", slen, us);
    TIME_US(us, samples, 1000, {
        for (size_t i = 0; i < ank_result_count(r); i++) {
            const ank_constraint *c = ank_result_get(r, i);
            ank_location l = ank_constraint_location(c);
            bench_sink += (uintptr_t)ank_constraint_kind(c) +
                          (uintptr_t)ank_constraint_name(c) +
                          (uintptr_t)ank_constraint_id(c) + l.start_line;
        }
    });
    printf("  100 constraints, typed accessors    %9.3f us\n", us);
    TIME_US(us, samples, 100, {
        char *json = NULL;
        size_t k = 0;
        if (ank_result_json(r, &json, &k, NULL) == ANK_OK)
            bench_sink += k;
        ank_free(json);
    });
    printf("  100 constraints, as JSON text       %9.1f us\n", us);
    ank_result_free(r);

    python_round_trip(samples, self, ctx, src, len, many, mlen);
out:
    ank_context_free(ctx100);
    ank_context_free(ctx);
    ank_clew_free(clew);
    free(src);
    free(many);
}
