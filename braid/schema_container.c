/*
 * schema_container.c - pointers, arrays, maps and tuples as each language
 * serialises them: Go's nil pointer as null, byte slices as strings, sets
 * with uniqueItems, fixed lengths as minItems/maxItems, map keys as
 * propertyNames when JSON object keys can say what they allow.
 *
 * Invariants: a map key type that cannot constrain string keys leaves
 * them open with a note, never silently; NULL only after a failure
 * recorded in w->b.
 */
#include <string.h>

#include "schema_container.h"
#include "schema_json.h"
#include "schema_lang.h"
#include "schema_object.h"
#include "schema_utility.h"

static bool container_in(const char *name, const char *const *list)
{
    if (!name)
        return false;
    const char *n =
        ank__schema_last_segment(ank__schema_last_segment(name, "::"), ".");
    for (; *list; list++)
        if (is(n, *list))
            return true;
    return false;
}

static json_t *array_of(ank_swalk *w, const ank_type *t, const ank_sframe *f)
{
    static const char *const sets[] = {
        "set",         "Set",     "frozenset", "FrozenSet", "MutableSet",
        "AbstractSet", "HashSet", "BTreeSet",  "IndexSet",  NULL};
    static const char *const go_bytes[] = {"byte", "uint8", NULL};
    static const char *const zig_bytes[] = {"u8", NULL};
    const ank_type *e = t->a;
    bool bytes =
        e && e->kind == ANK_TYPE_NAMED && !e->nitems && t->length < 0 &&
        ((w->lang == ANK_LANG_GO && container_in(e->name, go_bytes)) ||
         (w->lang == ANK_LANG_ZIG && container_in(e->name, zig_bytes)));
    if (bytes) /* encoding/json: base64; std.json: the bytes as a string */
        return w->lang == ANK_LANG_GO
                   ? ank__schema_leaf_format(w, "string", "contentEncoding",
                                             "base64")
                   : ank__schema_leaf(w, "string");
    json_t *o = ank__schema_typed(w, "array");
    size_t mark = ank__schema_enter(w, "items", NULL);
    ank__schema_put(w, o, "items", ank__schema_walk(w, e, f));
    ank__schema_leave(w, mark);
    if (container_in(t->name, sets))
        ank__schema_put(w, o, "uniqueItems", json_true());
    if (t->length >= 0) {
        ank__schema_put(w, o, "minItems", json_integer(t->length));
        ank__schema_put(w, o, "maxItems", json_integer(t->length));
    }
    return o;
}

/* Can the schema `k` of a map key constrain JSON object keys (strings)?
 * A $ref can when its def is a string type or an enum. */
static bool names_keys(ank_swalk *w, const json_t *k)
{
    const char *ref = json_string_value(json_object_get(k, "$ref"));
    if (ref && !strncmp(ref, "#/$defs/", 8))
        k = json_object_get(w->defs, ref + 8);
    const char *type = json_string_value(json_object_get(k, "type"));
    return json_object_get(k, "enum") || json_object_get(k, "const") ||
           (type && is(type, "string"));
}

static json_t *map_of(ank_swalk *w, const ank_type *t, const ank_sframe *f)
{
    const char *keys[ANK_SCHEMA_MAX_KEYS];
    size_t nkeys;
    if (ank__schema_ts_record_keys(w, t, f, keys, &nkeys)) {
        /* Record<"a" | "b", V>: exactly those keys */
        ank_sobj ob;
        if (!ank__schema_obj_start(w, &ob))
            return NULL;
        ank__schema_ts_record_members(w, &ob, t, f, keys, nkeys);
        return ank__schema_obj_finish(w, &ob);
    }
    json_t *o = ank__schema_typed(w, "object");
    size_t mark = ank__schema_enter(w, "additionalProperties", NULL);
    ank__schema_put(w, o, "additionalProperties", ank__schema_walk(w, t->b, f));
    ank__schema_leave(w, mark);
    mark = ank__schema_enter(w, "propertyNames", NULL);
    json_t *k = ank__schema_walk(w, t->a, f), *names = NULL;
    const char *type = json_string_value(json_object_get(k, "type"));
    if (!k || !json_object_size(k) ||
        (type && is(type, "string") && json_object_size(k) == 1)) {
        /* any string key */
    } else if (type && is(type, "integer")) {
        /* integer keys are written as strings, in decimal */
        const json_t *min = json_object_get(k, "minimum");
        bool unsigned_ = json_is_integer(min) && json_integer_value(min) >= 0;
        names = json_object();
        ank__schema_put(w, names, "pattern",
                        json_string(unsigned_ ? "^(0|[1-9][0-9]*)$"
                                              : "^-?(0|[1-9][0-9]*)$"));
    } else if (type && is(type, "number") &&
               (w->lang == ANK_LANG_TYPESCRIPT || w->lang == ANK_LANG_TSX ||
                w->lang == ANK_LANG_PYTHON)) {
        /* as JavaScript's String(n) and Python's json.dumps write them */
        names = json_object();
        ank__schema_put(w, names, "pattern",
                        json_string("^(-?(0|[1-9][0-9]*)(\\.[0-9]+)?"
                                    "(e[+-]?[0-9]+)?|-?Infinity|NaN)$"));
    } else if (names_keys(w, k)) {
        names = json_incref(k);
    } else {
        ank__schema_note(w, NULL,
                         "map key type: JSON object keys are strings; keys "
                         "left unconstrained");
    }
    json_decref(k);
    ank__schema_leave(w, mark);
    if (names)
        ank__schema_put(w, o, "propertyNames", names);
    return o;
}

static json_t *tuple_type(ank_swalk *w, const ank_type *t, const ank_sframe *f)
{
    if (!t->nitems) /* serde writes () as null */
        return w->lang == ANK_LANG_RUST ? ank__schema_leaf(w, "null")
                                        : ank__schema_tuple(w, NULL, 0, 0, f);
    bool ts = w->lang == ANK_LANG_TYPESCRIPT || w->lang == ANK_LANG_TSX;
    uint32_t req = t->nitems;
    json_t *items = json_array(), *o = ank__schema_typed(w, "array");
    for (uint32_t i = 0; i < t->nitems; i++) {
        const ank_type *m = t->items[i];
        if (ts && m->kind == ANK_TYPE_OPTIONAL) { /* [A, B?] */
            req = req < i ? req : i;
            m = m->a;
        }
        size_t mark = ank__schema_enter_index(w, "prefixItems", i);
        ank__schema_push(w, items, ank__schema_walk(w, m, f));
        ank__schema_leave(w, mark);
    }
    ank__schema_put(w, o, "prefixItems", items);
    ank__schema_put(w, o, "items", json_false());
    ank__schema_put(w, o, "minItems", json_integer(req));
    return o;
}

json_t *ank__schema_container(ank_swalk *w, const ank_type *t,
                              const ank_sframe *f)
{
    json_t *r;
    switch (t->kind) {
    case ANK_TYPE_POINTER:
        if (w->lang == ANK_LANG_GO) /* nil is null */
            return ank__schema_nullable(w, ank__schema_walk(w, t->a, f));
        if (t->flags & ANK_TYPE_NULLABLE)
            return ank__schema_any(w, NULL,
                                   w->lang == ANK_LANG_RUST
                                       ? "raw pointer: serde cannot write it"
                                       : "C pointer: std.json cannot write it");
        return ank__schema_walk(w, t->a, f);
    case ANK_TYPE_ARRAY:
        r = array_of(w, t, f);
        break;
    case ANK_TYPE_MAP:
        r = map_of(w, t, f);
        break;
    default:
        r = tuple_type(w, t, f);
        break;
    }
    if (w->b->status) {
        json_decref(r);
        return NULL;
    }
    return r;
}
