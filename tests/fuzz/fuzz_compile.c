/*
 * fuzz_compile.c - fuzz target for the JSON entry points: a constraints
 * document goes through ank_result_read and ank_braid_compile, and through
 * the context's ank_compile_json and ank_compile_json_write; every document
 * that compiles is written out (and streamed, ank_braid_compile_write,
 * which must give the same bytes) and its artifacts read through the typed
 * accessors; the context's streamed compile gives the same bytes, or the
 * same failure with nothing written.  Nothing may
 * crash, leak or trip a sanitizer, and a failure must be a clean status
 * with a message.
 *
 * Built with clang -fsanitize=fuzzer (make fuzz-compile) it is a libFuzzer
 * target.  Built without (the default, in make test) it is a replayer:
 *
 *   fuzz_compile FILE...
 *
 * runs each file as an input and ends with
 * "fuzz_compile: N passed, N failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ananke.h"
#include "replay.h"


static int clean_failure(ank_status s, const ank_error *e)
{
    return (s == ANK_ERR_JSON || s == ANK_ERR_FORMAT || s == ANK_ERR_LIMIT ||
            s == ANK_ERR_INVALID_ARGUMENT || s == ANK_ERR_TOO_LARGE) &&
           e->code == s && e->message[0] != '\0';
}

/* A streamed document, gathered with plain malloc. */
typedef struct gathered {
    char *data;
    size_t len;
} gathered;

static int gather(void *context, const char *data, size_t length)
{
    gathered *g = context;
    char *grown = realloc(g->data, g->len + length);
    if (!grown)
        return 12; /* ENOMEM */
    memcpy(grown + g->len, data, length);
    g->data = grown;
    g->len += length;
    return 0;
}

/* Write the document and walk its artifacts; 0 when all is well.  The
 * same compile streamed gives the same bytes. */
static int check_ir(const ank_ir *ir, const ank_result *r,
                    const ank_compile_options *opts)
{
    char *text = NULL;
    size_t n = 0;
    int bad = ank_ir_json(ir, &text, &n, NULL) != ANK_OK || strlen(text) != n;
    if (!bad && r) {
        gathered g = {NULL, 0};
        ank_compile_counts c;
        bad = ank_braid_compile_write(r, opts, gather, &g, &c, NULL) !=
                  ANK_OK ||
              g.len != n || memcmp(g.data, text, n) != 0 ||
              c.artifacts != ank_ir_artifact_count(ir) ||
              c.conflicts != ank_ir_conflict_count(ir);
        free(g.data);
    }
    ank_free(text);
    for (size_t i = 0; !bad && i < ank_ir_artifact_count(ir); i++) {
        bad |= ank_ir_artifact_id(ir, i) == NULL;
        bad |= ank_ir_artifact_kind(ir, i) == NULL;
        for (int p = ANK_PART_GBNF; p <= ANK_PART_SIGNATURE; p++) {
            size_t len = 0;
            const char *t = ank_ir_artifact_text(ir, i, (ank_ir_part)p, &len);
            bad |= t && strlen(t) > len; /* JSON strings may hold NUL */
        }
        if (ank_ir_artifact_json(ir, i, ANK_PART_ARTIFACT, &text, &n, NULL) !=
                ANK_OK ||
            strlen(text) != n)
            bad = 1;
        ank_free(text);
    }
    return bad;
}

static int run(const uint8_t *data, size_t size)
{
    static ank_context *ctx;
    if (!ctx && ank_context_new(NULL, &ctx, NULL) != ANK_OK)
        return 1;
    ank_error e;
    int bad = 0;

    ank_result *r = NULL;
    ank_status s = ank_result_read((const char *)data, size, &r, &e);
    if (s == ANK_OK) {
        ank_ir *ir = NULL;
        s = ank_braid_compile(r, NULL, &ir, &e);
        if (s == ANK_OK)
            bad |= check_ir(ir, r, NULL);
        else
            bad |= !clean_failure(s, &e);
        ank_ir_free(ir);
        /* Reading what was written gives the same bytes. */
        char *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        ank_result *again = NULL;
        if (ank_result_json(r, &a, &na, NULL) != ANK_OK ||
            ank_result_read(a, na, &again, NULL) != ANK_OK ||
            ank_result_json(again, &b, &nb, NULL) != ANK_OK || na != nb ||
            memcmp(a, b, na) != 0)
            bad = 1;
        ank_free(a);
        ank_free(b);
        ank_result_free(again);
    } else {
        bad |= !clean_failure(s, &e) || r != NULL;
    }
    ank_result_free(r);

    /* The same input through the context, with specs only. */
    ank_ir *ir = NULL;
    ank_compile_options co = {.emit = ANK_EMIT_SPECS | ANK_EMIT_GBNF};
    s = ank_compile_json(ctx, (const char *)data, size, &co, &ir, &e);
    if (s == ANK_OK)
        bad |= check_ir(ir, NULL, NULL);
    else
        bad |= !clean_failure(s, &e) || ir != NULL;
    gathered g = {NULL, 0};
    ank_error e2;
    ank_status s2 = ank_compile_json_write(ctx, (const char *)data, size, &co,
                                           gather, &g, NULL, &e2);
    char *text = NULL;
    size_t n = 0;
    if (s2 != s)
        bad = 1;
    else if (s == ANK_OK)
        bad |= ank_ir_json(ir, &text, &n, NULL) != ANK_OK || g.len != n ||
               memcmp(g.data, text, n) != 0;
    else if (e2.code != e.code || strcmp(e2.message, e.message) != 0 ||
             (g.len && (s == ANK_ERR_JSON || s == ANK_ERR_TOO_LARGE)))
        bad = 1;
    ank_free(text);
    free(g.data);
    ank_ir_free(ir);
    return bad;
}

ANK_FUZZ_MAIN("fuzz_compile", run)
