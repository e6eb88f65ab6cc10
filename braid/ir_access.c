/*
 * ir_access.c - typed accessors over a compiled document's artifacts
 * (docs/ir.md), so callers get ids, names, grammar texts and schemas
 * without parsing the document's JSON.
 *
 * An artifact is kept as compact JSON text (ir.c) and parsed into a tree
 * the first time it is asked for; the tree is published with a
 * compare-and-swap, so threads that race agree on one, and it is only read
 * afterwards: jansson lookups on a tree nobody modifies are safe from
 * several threads.  Borrowed strings point into the tree and live as long
 * as the document.  A first access that runs out of memory answers as if
 * the artifact were absent (NULL, 0, ANK_NPOS).
 */
#include <string.h>

#include "../ffi/status.h"
#include "ir.h"

const json_t *ank__ir_artifact(const ank_ir *ir, size_t index)
{
    if (!ir || index >= ir->nartifacts)
        return NULL;
    json_t *tree = atomic_load_explicit(&ir->trees[index],
                                        memory_order_acquire);
    if (tree)
        return tree;
    const ank_islot *s = &ir->artifacts[index];
    json_t *parsed = json_loadb(s->text, s->len, JSON_ALLOW_NUL, NULL);
    if (!parsed)
        return NULL; /* out of memory: the text is our own JSON */
    /* another thread may have parsed it first: keep the published tree */
    if (atomic_compare_exchange_strong_explicit(&ir->trees[index], &tree,
                                                parsed, memory_order_acq_rel,
                                                memory_order_acquire))
        return parsed;
    json_decref(parsed);
    return tree;
}

static const char *str_of(const json_t *v, size_t *length)
{
    if (!json_is_string(v)) {
        if (length)
            *length = 0;
        return NULL;
    }
    if (length)
        *length = json_string_length(v);
    return json_string_value(v);
}

static const char *key_of(const ank_ir *ir, size_t index, const char *key)
{
    return str_of(json_object_get(ank__ir_artifact(ir, index), key), NULL);
}

ANK_API const char *ank_ir_artifact_id(const ank_ir *ir, size_t index)
{
    return key_of(ir, index, "id");
}

ANK_API const char *ank_ir_artifact_kind(const ank_ir *ir, size_t index)
{
    return key_of(ir, index, "kind");
}

ANK_API const char *ank_ir_artifact_name(const ank_ir *ir, size_t index)
{
    return key_of(ir, index, "name");
}

ANK_API const char *ank_ir_artifact_language(const ank_ir *ir, size_t index)
{
    return key_of(ir, index, "language");
}

ANK_API const char *ank_ir_artifact_purpose(const ank_ir *ir, size_t index)
{
    const char *target = key_of(ir, index, "target");
    return target ? target : key_of(ir, index, "purpose");
}

ANK_API size_t ank_ir_artifact_source_count(const ank_ir *ir, size_t index)
{
    return json_array_size(json_object_get(ank__ir_artifact(ir, index), "sources"));
}

ANK_API const char *ank_ir_artifact_source(const ank_ir *ir, size_t index,
                                           size_t source)
{
    const json_t *sources = json_object_get(ank__ir_artifact(ir, index), "sources");
    return str_of(json_array_get(sources, source), NULL);
}

ANK_API size_t ank_ir_artifact_find(const ank_ir *ir, const char *kind,
                                    const char *source, size_t start)
{
    if (!ir || !source)
        return ANK_NPOS;
    for (size_t i = start; i < ir->nartifacts; i++) {
        const json_t *a = ank__ir_artifact(ir, i);
        const char *k = str_of(json_object_get(a, "kind"), NULL);
        if (kind && (!k || strcmp(k, kind) != 0))
            continue;
        const json_t *sources = json_object_get(a, "sources");
        for (size_t j = 0; j < json_array_size(sources); j++) {
            const char *id = str_of(json_array_get(sources, j), NULL);
            if (id && strcmp(id, source) == 0)
                return i;
        }
    }
    return ANK_NPOS;
}

/* Grammar texts sit at the top of a grammar artifact and under "grammar"
 * in a schema; a spec names its completion grammar artifact by id. */
static const json_t *grammar_text(const ank_ir *ir, const json_t *a,
                                  const char *dialect)
{
    const json_t *v = json_object_get(a, dialect);
    if (v)
        return v;
    if ((v = json_object_get(json_object_get(a, "grammar"), dialect)))
        return v;
    const char *ref =
        str_of(json_object_get(json_object_get(a, "spec"), "completion"), NULL);
    if (!ref)
        return NULL;
    for (size_t i = 0; i < ir->nartifacts; i++) {
        const json_t *g = ank__ir_artifact(ir, i);
        const char *id = str_of(json_object_get(g, "id"), NULL);
        if (id && strcmp(id, ref) == 0)
            return json_object_get(g, dialect);
    }
    return NULL;
}

ANK_API const char *ank_ir_artifact_text(const ank_ir *ir, size_t index,
                                         ank_ir_part part, size_t *length)
{
    const json_t *a = ank__ir_artifact(ir, index), *v = NULL;
    switch (part) {
    case ANK_PART_GBNF:
        v = a ? grammar_text(ir, a, "gbnf") : NULL;
        break;
    case ANK_PART_LARK:
        v = a ? grammar_text(ir, a, "lark") : NULL;
        break;
    case ANK_PART_PATTERN:
        v = json_object_get(a, "pattern");
        break;
    case ANK_PART_SIGNATURE:
        v = json_object_get(a, "text");
        if (!v)
            v = json_object_get(json_object_get(a, "spec"), "prefix");
        break;
    default:
        break;
    }
    return str_of(v, length);
}

ANK_API ank_status ank_ir_artifact_json(const ank_ir *ir, size_t index,
                                        ank_ir_part part, char **out,
                                        size_t *length, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (length)
        *length = 0;
    if (!ir || !out || !length)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_ir_artifact_json: %s is NULL",
                         !ir ? "ir" : !out ? "out" : "length");
    const json_t *a = ank__ir_artifact(ir, index);
    if (!a && index < ir->nartifacts)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    if (!a)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "artifact %zu is out of range (%zu artifacts)", index,
                         ir->nartifacts);
    static const char *const keys[] = {
        [ANK_PART_SCHEMA] = "schema",
        [ANK_PART_TOOL] = "tool",
        [ANK_PART_SPEC] = "spec",
    };
    const json_t *v = NULL;
    if (part == ANK_PART_ARTIFACT)
        v = a;
    else if (part >= ANK_PART_SCHEMA && part <= ANK_PART_SPEC)
        v = json_object_get(a, keys[part]);
    else
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "part %d is not a JSON part (use "
                         "ank_ir_artifact_text for texts)",
                         (int)part);
    if (!v)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "artifact %zu (a %s) has no %s", index,
                         str_of(json_object_get(a, "kind"), NULL),
                         keys[part]);
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
                                   JSON_REAL_PRECISION(6));
    if (!text)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    /* jansson allocates through the same hook as ank__malloc, so the
     * buffer is the caller's to release with ank_free. */
    *out = text;
    *length = strlen(text);
    return ANK_OK;
}
