/*
 * ir.c - the `ananke.ir/1` document: assembly, serialisation, counts.
 *
 * Key order is fixed (format, generator, input, emit, artifacts,
 * conflicts, merged) and jansson keeps insertion order, so the bytes
 * depend only on the input and the options.
 */
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "ir.h"

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
    ank__jset(b, doc, "artifacts", json_incref(cc->artifacts));
    ank__jset(b, doc, "conflicts", json_incref(cc->conflicts));
    ank__jset(b, doc, "merged", json_incref(cc->merged));
    ank_ir *ir = b->status == ANK_OK ? ank__calloc(1, sizeof *ir) : NULL;
    if (!ir) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        json_decref(doc);
        return NULL;
    }
    ir->doc = doc;
    ir->nartifacts = json_array_size(cc->artifacts);
    ir->nconflicts = json_array_size(cc->conflicts);
    return ir;
}

ANK_API void ank_ir_free(ank_ir *ir)
{
    if (!ir)
        return;
    json_decref(ir->doc);
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
    char *text = json_dumps(ir->doc, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
    if (!text)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    size_t n = strlen(text);
    char *copy = ank__malloc(n + 2);
    if (!copy) {
        ank_free(text);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    memcpy(copy, text, n);
    copy[n] = '\n';
    copy[n + 1] = '\0';
    ank_free(text);
    *out = copy;
    if (length)
        *length = n + 1;
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
