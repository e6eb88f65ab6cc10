/*
 * ir.c - the `ananke.ir/1` document: assembly, serialisation, counts.
 *
 * Key order is fixed (format, generator, input, emit, artifacts,
 * conflicts, merged) and jansson keeps insertion order, so the bytes
 * depend only on the input and the options.
 *
 * Artifacts are most of a document, and a jansson tree costs several
 * times its text (a hash table per object, two allocations per string).
 * So an artifact is a tree only while it is built: once complete it is
 * kept as its compact JSON text (ir_text.c).  The accessors parse one
 * back on first use (ir_access.c); ank_ir_write prints the rest of the
 * document with jansson and puts the artifacts in, indented as jansson
 * indents, so the bytes are those of one json_dumps of the whole tree.
 */
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/buf.h"
#include "../ffi/status.h"
#include "ir.h"
#include "ir_text.h"

/* How the rest of the document is printed (ir_text.h prints the
 * artifacts to match). */
#define DUMP_INDENTED (JSON_INDENT(2) | JSON_REAL_PRECISION(6))

/* Artifacts sit at this depth of the document: in its array, in its
 * object. */
#define ARTIFACT_DEPTH 2

/* A text this long keeps the buffer it was printed in. */
#define BIG_TEXT (64 * 1024)

/* Print an open artifact into its text (through cc's scratch buffer, so
 * the text is allocated once, at its size) and release its tree. */
static void close_slot(ank_bctx *b, ank_cstate *cc, ank_islot *s)
{
    if (!s->open)
        return;
    cc->scratch.len = 0;
    ank__ir_text_compact(&cc->scratch, s->open);
    size_t len = cc->scratch.len;
    if (cc->scratch.failed) {
        /* s->text stays NULL */
    } else if (len < BIG_TEXT) {
        s->text = ank__strndup(cc->scratch.data, len);
    } else { /* a completion grammar: hand the buffer over, not a copy */
        s->text = ank__buf_take(&cc->scratch, NULL);
        char *fit = s->text ? ank__realloc(s->text, len + 1) : NULL;
        s->text = fit ? fit : s->text;
    }
    if (s->text)
        s->len = len;
    else
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    json_decref(s->open);
    s->open = NULL;
}

void ank__ir_push(ank_bctx *b, ank_cstate *cc, json_t *a, bool open)
{
    if (!a || b->status != ANK_OK ||
        !ank__array_reserve((void **)&cc->artifacts, &cc->capartifacts,
                            cc->nartifacts, 1, sizeof *cc->artifacts)) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        json_decref(a);
        return;
    }
    ank_islot *s = &cc->artifacts[cc->nartifacts++];
    *s = (ank_islot){NULL, 0, a};
    if (!open)
        close_slot(b, cc, s);
}

static void release_slots(ank_islot *slots, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ank__free(slots[i].text);
        json_decref(slots[i].open);
    }
    ank__free(slots);
}

void ank__ir_release_artifacts(ank_cstate *cc)
{
    ank__buf_release(&cc->scratch);
    release_slots(cc->artifacts, cc->nartifacts);
    cc->artifacts = NULL;
    cc->nartifacts = cc->capartifacts = 0;
}

ank_ir *ank__ir_new(ank_bctx *b, ank_cstate *cc)
{
    static const struct {
        unsigned bit;
        const char *name;
    } emits[] = {{ANK_EMIT_SCHEMA, "schema"}, {ANK_EMIT_TOOLS, "tools"},
                 {ANK_EMIT_GBNF, "gbnf"},     {ANK_EMIT_LARK, "lark"},
                 {ANK_EMIT_REGEX, "regex"},   {ANK_EMIT_SPECS, "specs"}};
    json_t *doc = json_object();
    ank__jset(b, doc, "format", ank__jstr(ANK_IR_FORMAT));
    json_t *gen = json_object();
    ank__jset(b, gen, "name", ank__jstr("ananke"));
    ank__jset(b, gen, "version", ank__jstr(ANK_VERSION_STRING));
    ank__jset(b, doc, "generator", gen);
    json_t *input = json_object();
    ank__jset(b, input, "format", ank__jstr(ANK_CONSTRAINTS_FORMAT));
    ank__jset(b, input, "files", json_integer((json_int_t)b->in->nfiles));
    ank__jset(b, input, "constraints", json_integer((json_int_t)b->in->count));
    ank__jset(b, doc, "input", input);
    json_t *emit = json_array();
    for (size_t i = 0; i < sizeof emits / sizeof *emits; i++)
        if (cc->emit & emits[i].bit)
            ank__jpush(b, emit, ank__jstr(emits[i].name));
    ank__jset(b, doc, "emit", emit);
    ank__jset(b, doc, "artifacts", json_array()); /* a placeholder */
    ank__jset(b, doc, "conflicts", json_incref(cc->conflicts));
    ank__jset(b, doc, "merged", json_incref(cc->merged));
    for (size_t i = 0; i < cc->nartifacts && b->status == ANK_OK; i++)
        close_slot(b, cc, &cc->artifacts[i]);
    size_t n = cc->nartifacts;
    ank_ir *ir = b->status == ANK_OK ? ank__calloc(1, sizeof *ir) : NULL;
    if (ir && n) {
        ir->trees = ank__malloc(n * sizeof *ir->trees);
        if (!ir->trees) {
            ank__free(ir);
            ir = NULL;
        }
    }
    if (!ir) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        json_decref(doc);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        atomic_init(&ir->trees[i], NULL);
    ir->doc = doc;
    ir->artifacts = cc->artifacts;
    ir->nartifacts = n;
    cc->artifacts = NULL;
    cc->nartifacts = cc->capartifacts = 0;
    ank__buf_release(&cc->scratch);
    ir->nconflicts = json_array_size(cc->conflicts);
    return ir;
}

ANK_API void ank_ir_free(ank_ir *ir)
{
    if (!ir)
        return;
    json_decref(ir->doc);
    release_slots(ir->artifacts, ir->nartifacts);
    for (size_t i = 0; ir->trees && i < ir->nartifacts; i++)
        json_decref(atomic_load_explicit(&ir->trees[i], memory_order_relaxed));
    ank__free(ir->trees);
    ank__free(ir);
}

ANK_API ank_status ank_ir_write(const ank_ir *ir, char **out, size_t *length,
                                ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (length)
        *length = 0;
    if (!ir || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_ir_write: %s is NULL", ir ? "out" : "ir");
    char *rest = json_dumps(ir->doc, DUMP_INDENTED);
    if (!rest)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    /* the placeholder: the header before it holds no such key */
    static const char hole[] = "\"artifacts\": []";
    char *at = strstr(rest, hole);
    if (!at) {
        ank_free(rest);
        return ank__fail(error, ANK_ERR_INTERNAL,
                         "ank_ir_write: the document has no artifacts key");
    }
    size_t total = strlen(rest) + 2;
    for (size_t i = 0; i < ir->nartifacts; i++)
        total += ir->artifacts[i].len * 5 / 4 + 16;
    ank_buf text = ANK_BUF_INIT;
    ank__buf_reserve(&text, total);
    ank__buf_append(&text, rest, (size_t)(at - rest) + sizeof hole - 2);
    for (size_t i = 0; i < ir->nartifacts; i++) {
        if (i)
            ank__buf_putc(&text, ',');
        ank__ir_text_newline(&text, ARTIFACT_DEPTH);
        ank__ir_text_indent(&text, ir->artifacts[i].text, ir->artifacts[i].len,
                 ARTIFACT_DEPTH);
    }
    if (ir->nartifacts)
        ank__ir_text_newline(&text, ARTIFACT_DEPTH - 1);
    ank__buf_puts(&text, at + sizeof hole - 2);
    ank__buf_putc(&text, '\n');
    ank_free(rest);
    if (text.failed) {
        ank__buf_release(&text);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    size_t n = 0;
    *out = ank__buf_take(&text, &n);
    if (length)
        *length = n;
    return ANK_OK;
}

ANK_API size_t ank_ir_artifact_count(const ank_ir *ir)
{
    return ir ? ir->nartifacts : 0;
}

ANK_API size_t ank_ir_conflict_count(const ank_ir *ir)
{
    return ir ? ir->nconflicts : 0;
}
