/*
 * clew_bench.c - extraction against a bare tree-sitter parse, per language,
 * and the heap used to extract a small file.
 *
 *   ananke-bench [--samples N] [--lines N] [--quick]
 *
 * Inputs are generated here (gen.c) at a given number of lines: imports,
 * documented functions with bodies, methods and type declarations, the mix
 * a real source file has.  For each language the same text is parsed bare
 * (ts_parser_parse_string + ts_tree_delete) and extracted
 * (ank_clew_extract into a fresh result, then freed) in alternation, so
 * both see the same machine state.  Nothing is cached between runs: every
 * sample parses the file again.  Figures are medians over the samples,
 * after a warm-up.
 *
 * Memory: a counting allocator installed with ank_set_allocator sees every
 * allocation of ananke, tree-sitter and jansson; the peak of live bytes is
 * reported for extracting a 100-line file with a fresh extractor (cold)
 * and with one that has already parsed (warm).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tree_sitter/api.h>

#include "ananke.h"
#include "bench.h"
#include "gen.h"


const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_rust(void);
const TSLanguage *tree_sitter_go(void);
const TSLanguage *tree_sitter_zig(void);

/* `query` finds the declaration nodes each extractor looks at; it is used
 * only to compare a query-based design with the cursor walk. */
static const struct {
    ank_lang lang;
    const TSLanguage *(*grammar)(void);
    const char *query;
} langs[] = {
    {ANK_LANG_TYPESCRIPT, tree_sitter_typescript,
     "(function_declaration) @d (class_declaration) @d (method_definition) @d "
     "(public_field_definition) @d (interface_declaration) @d "
     "(type_alias_declaration) @d (enum_declaration) @d (import_statement) @d"},
    {ANK_LANG_PYTHON, tree_sitter_python,
     "(function_definition) @d (class_definition) @d (import_statement) @d "
     "(import_from_statement) @d"},
    {ANK_LANG_RUST, tree_sitter_rust,
     "(function_item) @d (struct_item) @d (enum_item) @d (impl_item) @d "
     "(trait_item) @d (use_declaration) @d"},
    {ANK_LANG_GO, tree_sitter_go,
     "(function_declaration) @d (method_declaration) @d (type_spec) @d "
     "(import_spec) @d"},
    {ANK_LANG_ZIG, tree_sitter_zig,
     "(function_declaration) @d (variable_declaration) @d "
     "(container_field) @d"},
};

/* ----------------------------------------------------- counting allocator */

size_t bench_live_bytes, bench_peak_bytes, bench_allocations;

static void *c_malloc(size_t n)
{
    size_t *p = malloc(n + 16);
    if (!p)
        return NULL;
    *p = n;
    bench_live_bytes += n;
    bench_allocations++;
    if (bench_live_bytes > bench_peak_bytes)
        bench_peak_bytes = bench_live_bytes;
    return (char *)p + 16;
}

static void *c_calloc(size_t c, size_t n)
{
    if (n && c > SIZE_MAX / n)
        return NULL;
    void *p = c_malloc(c * n);
    if (p)
        memset(p, 0, c * n);
    return p;
}

static void c_free(void *p)
{
    if (!p)
        return;
    size_t *h = (size_t *)((char *)p - 16);
    bench_live_bytes -= *h;
    free(h);
}

static void *c_realloc(void *p, size_t n)
{
    if (!p)
        return c_malloc(n);
    size_t *h = (size_t *)((char *)p - 16);
    size_t old = *h;
    h = realloc(h, n + 16);
    if (!h)
        return NULL;
    *h = n;
    bench_live_bytes = bench_live_bytes - old + n;
    bench_allocations++;
    if (bench_live_bytes > bench_peak_bytes)
        bench_peak_bytes = bench_live_bytes;
    return (char *)h + 16;
}

/* ------------------------------------------------------------- timing */

volatile uint64_t bench_sink; /* results are consumed here */

double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct stats {
    double min, median, p95;
} stats;

static stats summarize(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_double);
    stats s = {v[0], v[n / 2], v[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1]};
    return s;
}

double bench_median(double *v, int n)
{
    return summarize(v, n).median;
}

static double time_parse(TSParser *p, const char *src, size_t len)
{
    double t0 = bench_now_ms();
    TSTree *tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
    bench_sink += ts_node_child_count(ts_tree_root_node(tree));
    ts_tree_delete(tree);
    return bench_now_ms() - t0;
}

static double time_extract(ank_clew *clew, ank_lang lang, const char *src,
                           size_t len)
{
    double t0 = bench_now_ms();
    ank_result *r = ank_result_new();
    if (ank_clew_extract(clew, lang, src, len, "bench", r, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: extraction failed\n");
        exit(1);
    }
    bench_sink += ank_result_count(r);
    ank_result_free(r);
    return bench_now_ms() - t0;
}

/* One benchmark input. */
typedef struct input {
    size_t lang; /* index into langs */
    const char *label;
    char *src;
    size_t len;
    int lines;
} input;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, r;
    char *buf = malloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

static int count_newlines(const char *s, size_t n)
{
    int lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += s[i] == '\n';
    return lines;
}

static void bench_speed(const input *inputs, size_t ninputs, int samples)
{
    printf("extraction vs bare parse, median of %d samples; decl = "
           "declarations only, full = every kind\n", samples);
    printf("  %-11s %-7s %6s %8s %9s %9s %9s %10s %9s %10s\n", "language",
           "input", "lines", "bytes", "parse ms", "decl ms", "full ms",
           "decl/parse", "new kinds", "lines/s");
    double *tp = malloc(sizeof(double) * (size_t)samples);
    double *td = malloc(sizeof(double) * (size_t)samples);
    double *tf = malloc(sizeof(double) * (size_t)samples);
    ank_clew *full = NULL, *decl = NULL;
    ank_clew_options dopt = {.flags = ANK_CLEW_DECLARATIONS_ONLY};
    if (!tp || !td || !tf || ank_clew_new(NULL, &full, NULL) != ANK_OK ||
        ank_clew_new(&dopt, &decl, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: set-up failed\n");
        exit(1);
    }
    for (size_t k = 0; k < ninputs; k++) {
        const input *in = &inputs[k];
        ank_lang lang = langs[in->lang].lang;
        TSParser *p = ts_parser_new();
        ts_parser_set_language(p, langs[in->lang].grammar());
        for (int w = 0; w < 3; w++) { /* warm-up */
            time_parse(p, in->src, in->len);
            time_extract(decl, lang, in->src, in->len);
            time_extract(full, lang, in->src, in->len);
        }
        for (int i = 0; i < samples; i++) {
            tp[i] = time_parse(p, in->src, in->len);
            td[i] = time_extract(decl, lang, in->src, in->len);
            tf[i] = time_extract(full, lang, in->src, in->len);
        }
        stats sp = summarize(tp, samples), sd = summarize(td, samples),
              sf = summarize(tf, samples);
        double ratio = sd.median / sp.median;
        double extra = (sf.median - sd.median) / sd.median * 100.0;
        printf("  %-11s %-7s %6d %8zu %9.3f %9.3f %9.3f %9.2fx %+8.1f%% %10.0f"
               "  %s\n",
               ank_lang_name(lang), in->label, in->lines, in->len, sp.median,
               sd.median, sf.median, ratio, extra, in->lines / (sf.median / 1e3),
               ratio <= 1.3 && extra <= 15.0 ? "ok" : "OVER target");
        ts_parser_delete(p);
    }
    printf("  targets: declarations <= 1.3x the bare parse; new kinds <= +15%% "
           "over declarations (times are noisy: benches/rules_cost.sh counts "
           "instructions)\n");
    ank_clew_free(full);
    ank_clew_free(decl);
    free(tp);
    free(td);
    free(tf);
}

/* Design check: matching the declaration nodes with a compiled query (only
 * finding them, building nothing) against declaration extraction beyond the
 * parse (finding them and building every constraint). */
static void bench_walk_strategy(int lines, int samples)
{
    printf("query-based matching vs the cursor walk, %d-line files, median "
           "of %d samples\n", lines, samples);
    printf("  %-11s %16s %22s\n", "language", "query match ms",
           "walk + build ms");
    double *tq = malloc(sizeof(double) * (size_t)samples);
    double *te = malloc(sizeof(double) * (size_t)samples);
    /* The declaration walk is what a query would replace. */
    ank_clew_options decl = {.flags = ANK_CLEW_DECLARATIONS_ONLY};
    ank_clew *clew = NULL;
    if (!tq || !te || ank_clew_new(&decl, &clew, NULL) != ANK_OK)
        exit(1);
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        size_t len = 0;
        int got = 0;
        char *src = bench_generate(langs[l].lang, lines, &len, &got);
        uint32_t off;
        TSQueryError qerr;
        TSQuery *q = ts_query_new(langs[l].grammar(), langs[l].query,
                                  (uint32_t)strlen(langs[l].query), &off, &qerr);
        if (!q) {
            fprintf(stderr, "ananke-bench: query error at %u\n", off);
            exit(1);
        }
        TSParser *p = ts_parser_new();
        ts_parser_set_language(p, langs[l].grammar());
        TSTree *tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
        TSQueryCursor *qc = ts_query_cursor_new();
        for (int i = -3; i < samples; i++) {
            double t0 = bench_now_ms();
            ts_query_cursor_exec(qc, q, ts_tree_root_node(tree));
            TSQueryMatch m;
            uint64_t n = 0;
            while (ts_query_cursor_next_match(qc, &m))
                n += m.capture_count;
            bench_sink += n;
            double t1 = bench_now_ms();
            double parse = time_parse(p, src, len);
            double extract = time_extract(clew, langs[l].lang, src, len);
            if (i >= 0) {
                tq[i] = t1 - t0;
                te[i] = extract - parse; /* paired: same machine state */
            }
        }
        stats sq = summarize(tq, samples), se = summarize(te, samples);
        printf("  %-11s %16.3f %22.3f\n", ank_lang_name(langs[l].lang),
               sq.median, se.median);
        ts_query_cursor_delete(qc);
        ts_tree_delete(tree);
        ts_parser_delete(p);
        ts_query_delete(q);
        free(src);
    }
    ank_clew_free(clew);
    free(tq);
    free(te);
}

/* Peak live bytes while extracting `src` with a fresh extractor (cold) and
 * again with the same one (warm), and the allocations of the warm run. */
static void heap_of(ank_lang lang, unsigned flags, const char *src, size_t len,
                    size_t *cold, size_t *warm, size_t *count)
{
    size_t base = bench_live_bytes;
    bench_peak_bytes = bench_live_bytes;
    ank_clew_options o = {.flags = flags};
    ank_clew *clew = NULL;
    ank_clew_new(&o, &clew, NULL);
    ank_result *r = ank_result_new();
    ank_clew_extract(clew, lang, src, len, "bench", r, NULL);
    *cold = bench_peak_bytes - base;
    ank_result_free(r);
    size_t warm_base = bench_live_bytes;
    bench_peak_bytes = bench_live_bytes;
    size_t before = bench_allocations;
    r = ank_result_new();
    ank_clew_extract(clew, lang, src, len, "bench", r, NULL);
    *warm = bench_peak_bytes - warm_base;
    *count = bench_allocations - before;
    bench_sink += ank_result_count(r);
    ank_result_free(r);
    ank_clew_free(clew);
}

static void bench_memory(void)
{
    printf("peak heap extracting a 100-line file (all allocations: ananke, "
           "tree-sitter); decl = declarations only, full = every kind\n");
    printf("  %-11s %9s %9s %9s %12s %14s\n", "language", "decl cold",
           "decl warm", "full warm", "allocations", "bare parse KB");
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        size_t len = 0, dc, dw, dn, fc, fw, fn;
        int got = 0;
        char *src = bench_generate(langs[l].lang, 100, &len, &got);
        heap_of(langs[l].lang, ANK_CLEW_DECLARATIONS_ONLY, src, len, &dc, &dw,
                &dn);
        heap_of(langs[l].lang, 0, src, len, &fc, &fw, &fn);
        /* The floor: tree-sitter alone, parser and tree. */
        size_t bare_base = bench_live_bytes;
        bench_peak_bytes = bench_live_bytes;
        TSParser *p = ts_parser_new();
        ts_parser_set_language(p, langs[l].grammar());
        TSTree *tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
        size_t bare = bench_peak_bytes - bare_base;
        ts_tree_delete(tree);
        ts_parser_delete(p);
        printf("  %-11s %9.1f %9.1f %9.1f %12zu %14.1f  %s\n",
               ank_lang_name(langs[l].lang), dc / 1024.0, dw / 1024.0,
               fw / 1024.0, fn, bare / 1024.0,
               dc < 100 * 1024 ? "ok (target < 100 KB)" : "OVER 100 KB target");
        (void)fc;
        free(src);
    }
}

static const char *const sizes[] = {"small", "medium", "large", "xlarge"};
static const char *const exts[] = {"ts", "py", "rs", "go", "zig"};

int main(int argc, char **argv)
{
    int samples = 30, lines = 1000, braid_only = 0, ffi_only = 0;
    int cache_only = 0;
    const char *tree = NULL;
    const char *fixtures = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--samples") == 0 && i + 1 < argc)
            samples = atoi(argv[++i]);
        else if (strcmp(argv[i], "--lines") == 0 && i + 1 < argc)
            lines = atoi(argv[++i]);
        else if (strcmp(argv[i], "--quick") == 0)
            samples = 5;
        else if (strcmp(argv[i], "--braid") == 0)
            braid_only = 1;
        else if (strcmp(argv[i], "--ffi") == 0)
            ffi_only = 1;
        else if (strcmp(argv[i], "--cache") == 0)
            cache_only = 1;
        else if (strcmp(argv[i], "--tree") == 0 && i + 1 < argc)
            tree = argv[++i], cache_only = 1;
        else if (strcmp(argv[i], "--fixtures") == 0 && i + 1 < argc)
            fixtures = argv[++i];
        else {
            fprintf(stderr,
                    "usage: ananke-bench [--samples N] [--lines N] [--quick] [--braid] "
                    "[--ffi] [--cache [--tree DIR]] [--fixtures DIR]\n");
            return 2;
        }
    }
    if (samples < 1 || lines < 10) {
        fprintf(stderr, "ananke-bench: need samples >= 1 and lines >= 10\n");
        return 2;
    }
    const ank_allocator counting = {c_malloc, c_calloc, c_realloc, c_free};
    ank_set_allocator(&counting);
    printf("ananke %s\n", ank_version());
    if (braid_only) {
        bench_braid(samples);
        return 0;
    }
    if (cache_only) {
        bench_cache(samples);
        bench_tree(samples < 5 ? samples : 5, tree);
        return 0;
    }
    if (ffi_only) {
        bench_ffi(samples, argv[0]);
        return 0;
    }
    bench_memory();
    /* Generated inputs of --lines lines, or every fixture (make fixtures). */
    input inputs[sizeof langs / sizeof langs[0] * 4];
    size_t ninputs = 0;
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        if (!fixtures) {
            input *in = &inputs[ninputs++];
            in->lang = l;
            in->label = "gen";
            in->src = bench_generate(langs[l].lang, lines, &in->len, &in->lines);
            continue;
        }
        for (size_t z = 0; z < 4; z++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s/%s.%s", fixtures,
                     ank_lang_name(langs[l].lang), sizes[z], exts[l]);
            input *in = &inputs[ninputs];
            in->src = read_file(path, &in->len);
            if (!in->src) {
                fprintf(stderr, "ananke-bench: cannot read %s (make fixtures)\n",
                        path);
                return 1;
            }
            in->lang = l;
            in->label = sizes[z];
            in->lines = count_newlines(in->src, in->len);
            ninputs++;
        }
    }
    bench_speed(inputs, ninputs, samples);
    bench_walk_strategy(lines, samples);
    bench_braid(samples);
    bench_ffi(samples, argv[0]);
    for (size_t k = 0; k < ninputs; k++)
        free(inputs[k].src);
    return 0;
}
