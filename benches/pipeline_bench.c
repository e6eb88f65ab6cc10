/*
 * pipeline_bench.c - pipeline/<lang>: what a program embedding ananke pays
 * for one small file from nothing: a new context, ank_extract, ank_compile
 * with everything emitted, and freeing it all.  Cold: no cache is involved
 * (ank_extract never caches) and the context is new each time.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct pipe_job {
    ank_lang lang;
    const char *src;
    size_t len;
} pipe_job;

static void do_pipeline(void *arg)
{
    pipe_job *p = arg;
    ank_context *ctx = NULL;
    ank_result *r = NULL;
    ank_ir *ir = NULL;
    ank_compile_options o = {.jobs = bench_compile_jobs()};
    if (ank_context_new(NULL, &ctx, NULL) != ANK_OK ||
        ank_extract(ctx, p->lang, p->src, p->len, "bench", &r, NULL) !=
            ANK_OK ||
        ank_compile(ctx, r, &o, &ir, NULL) != ANK_OK) {
        fprintf(stderr, "ananke-bench: pipeline failed\n");
        exit(2);
    }
    bench_sink += ank_result_count(r) + ank_ir_artifact_count(ir);
    ank_ir_free(ir);
    ank_result_free(r);
    ank_context_free(ctx);
}

void bench_pipeline(void)
{
    bench_heading("pipeline: extract then compile a small file, cold");
    for (size_t l = 0; l < BENCH_LANGS; l++) {
        char name[64];
        const char *lname = ank_lang_name(bench_langs[l]);
        snprintf(name, sizeof name, "pipeline/%s", lname);
        if (!bench_wanted(name, 0))
            continue;
        pipe_job p = {bench_langs[l], NULL, 0};
        int lines = 0;
        char *src = bench_input(l, "small", &p.len, &lines);
        p.src = src;
        bench_stats st = bench_time(name, do_pipeline, &p, 1);
        free(src);
        bench_result *r = bench_result_add(name);
        bench_set_time(r, st, "ms");
        bench_figure_add(r, "lines", lines, "lines");
        snprintf(r->text, sizeof r->text, "%s (small, %d lines): %.3fms",
                 lname, lines, st.median);
        char what[96];
        snprintf(what, sizeof what,
                 "%.3f ms: target < 1 ms, critical 5 ms", st.median);
        bench_judge(r, st.median, 1, 5, what);
        bench_print(r);
    }
}
