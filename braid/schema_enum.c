/*
 * schema_enum.c - enums and unions: the member values of literal enums
 * (TypeScript enums, Python Enum with auto(), Go's typed constants and
 * iota, serde_repr), serde's enum representations (externally tagged by
 * default, internally, adjacently, untagged) and Zig's enums and tagged
 * unions (externally tagged, as std.json writes them).
 *
 * Invariants: enum values come once each, in declaration order; a value
 * braid cannot compute gives no enum but a note (Go: no note, the
 * underlying type is used); NULL only after a failure recorded in w->b.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "schema_enum.h"
#include "schema_json.h"
#include "schema_lang.h"
#include "schema_object.h"

/* ---------------------------------------------------------------- enums */

static bool has_base(const ank_shape *sh, const char *name)
{
    for (uint32_t i = 0; i < sh->nbases; i++)
        if (is(ank__schema_last_segment(sh->bases[i], "."), name))
            return true;
    return false;
}

/* Append v (stolen) unless an equal value is there: Python aliases. */
static void add_value(ank_swalk *w, json_t *arr, json_t *v)
{
    if (!v || !arr) {
        json_decref(v);
        nomem(w);
        return;
    }
    size_t i;
    json_t *x;
    json_array_foreach (arr, i, x) {
        if (json_equal(x, v)) {
            json_decref(v);
            return;
        }
    }
    if (json_array_append_new(arr, v))
        nomem(w);
}

/* Go's `const ( A T = iota; B; C )`: 0, 1, 2 (or from 1 with iota + 1). */
static json_t *go_iota(ank_swalk *w, const ank_shape *sh)
{
    const char *first = sh->variants[0].value;
    json_int_t start;
    if (first && is(first, "iota"))
        start = 0;
    else if (first && (is(first, "iota + 1") || is(first, "iota+1")))
        start = 1;
    else
        return NULL;
    for (uint32_t i = 1; i < sh->nvariants; i++)
        if (sh->variants[i].value)
            return NULL;
    json_t *arr = json_array();
    for (uint32_t i = 0; i < sh->nvariants; i++)
        add_value(w, arr, json_integer(start + (json_int_t)i));
    return arr;
}

json_t *ank__schema_enum_values(ank_swalk *w, const ank_constraint *shape)
{
    const ank_shape *sh = &shape->u.shape;
    bool go = w->lang == ANK_LANG_GO, py = w->lang == ANK_LANG_PYTHON;
    if (go) {
        bool all = true;
        for (uint32_t i = 0; i < sh->nvariants; i++)
            all = all && sh->variants[i].value;
        if (!sh->nvariants || !all || strstr(sh->variants[0].value, "iota"))
            return sh->nvariants ? go_iota(w, sh) : NULL;
    }
    bool str_auto = py && has_base(sh, "StrEnum");
    bool flag = py && (has_base(sh, "Flag") || has_base(sh, "IntFlag"));
    /* TS and serde_repr count from 0, Python's auto() from 1. */
    json_int_t next = py ? 1 : 0;
    bool counting = true;
    json_t *arr = json_array();
    for (uint32_t i = 0; i < sh->nvariants && arr; i++) {
        const ank_variant *v = &sh->variants[i];
        json_t *val = NULL;
        if (py && v->value && ank__schema_ends_with(v->value, "auto()") &&
            !flag) {
            if (str_auto) {
                char *low = ank__schema_rename("lowercase", v->name, true);
                val = low ? ank__schema_str(low) : NULL;
                ank__free(low);
                if (!val)
                    nomem(w);
            } else if (counting && !(val = json_integer(next++))) {
                nomem(w);
            }
        } else if (!v->value && !py && !go && counting) {
            if (!(val = json_integer(next++)))
                nomem(w);
        } else if (v->value) {
            val = ank__schema_literal(w, v->value);
            if (json_is_integer(val) && json_integer_value(val) < INT64_MAX)
                next = json_integer_value(val) + 1;
            else if (val)
                counting = false;
        }
        if (w->b->status) {
            json_decref(val);
            break;
        }
        if (!val) {
            if (go) { /* not an enum we can list: the underlying type */
                json_decref(arr);
                return NULL;
            }
            json_decref(arr);
            ank__schema_note(
                w, v->value ? v->value : v->name,
                "enum member value is not a literal braid can compute");
            return NULL;
        }
        add_value(w, arr, val);
    }
    if (!arr || w->b->status) {
        json_decref(arr);
        nomem(w);
        return NULL;
    }
    return arr;
}

/* ------------------------------------------------------------- variants */

typedef enum repr { EXTERNAL, INTERNAL, ADJACENT, UNTAGGED } repr;

static bool has_attr(const ank_shape *sh, const char *text)
{
    for (uint32_t i = 0; i < sh->nattributes; i++)
        if (strstr(sh->attributes[i], text))
            return true;
    return false;
}

/* The value of `key = "..."` in a serde(...) attribute, as a new string;
 * NULL when absent (*failed on out of memory). */
static char *serde_value(const ank_shape *sh, const char *key, bool *failed)
{
    size_t n = strlen(key);
    for (uint32_t i = 0; i < sh->nattributes; i++) {
        const char *a = sh->attributes[i];
        if (strncmp(a, "serde(", 6))
            continue;
        for (const char *p = strstr(a, key); p; p = strstr(p + 1, key)) {
            const char *q = p + n;
            if ((p[-1] != '(' && p[-1] != ' ' && p[-1] != ',') ||
                isalnum((unsigned char)*q) || *q == '_')
                continue;
            while (*q == ' ')
                q++;
            if (*q++ != '=')
                continue;
            while (*q == ' ')
                q++;
            const char *end = *q == '"' ? strchr(q + 1, '"') : NULL;
            if (!end)
                continue;
            char *v = ank__strndup(q + 1, (size_t)(end - q - 1));
            char *c = v ? ank__schema_clean(v) : NULL;
            ank__free(v);
            *failed = *failed || !c;
            return c;
        }
    }
    return NULL;
}

/* The data a variant carries, or NULL for a unit variant. */
static json_t *payload(ank_swalk *w, const ank_variant *v, const ank_sframe *f)
{
    if (v->tuple && v->nfields == 1) {
        w->text = v->fields[0].type.text;
        return ank__schema_walk(w, v->fields[0].type.tree, f);
    }
    if (v->tuple)
        return ank__schema_tuple(w, v->fields, v->nfields, v->nfields, f);
    ank_sobj o;
    if (!ank__schema_obj_start(w, &o))
        return NULL;
    ank__schema_obj_fields(w, &o, NULL, v->fields, v->nfields, f, false, 0);
    return ank__schema_obj_finish(w, &o);
}

static json_t *tag_const(ank_swalk *w, const char *name)
{
    json_t *c = json_object();
    ank__schema_put(w, c, "const", ank__schema_str(name));
    return c;
}

/* One alternative of a serde enum (Zig's tagged unions are EXTERNAL). */
static json_t *alternative(ank_swalk *w, const ank_variant *v, const char *name,
                           repr how, const char *tag, const char *content,
                           const ank_sframe *f)
{
    bool unit = !v->nfields && !v->tuple;
    ank_sobj o;
    if (how == UNTAGGED)
        return unit ? ank__schema_leaf(w, "null") : payload(w, v, f);
    if (!ank__schema_obj_start(w, &o))
        return NULL;
    if (how == EXTERNAL) {
        size_t mark = ank__schema_enter(w, "properties", name);
        json_t *p = unit ? ank__schema_typed(w, "object") : payload(w, v, f);
        if (unit) /* std.json writes a void payload as {} */
            ank__schema_put(w, p, "additionalProperties", json_false());
        ank__schema_obj_set(w, &o, name, p, true, false);
        ank__schema_leave(w, mark);
    } else {
        ank__schema_obj_set(w, &o, tag, tag_const(w, name), true, false);
        if (how == ADJACENT && !unit) {
            size_t mark = ank__schema_enter(w, "properties", content);
            ank__schema_obj_set(w, &o, content, payload(w, v, f), true, false);
            ank__schema_leave(w, mark);
        } else if (v->tuple && v->nfields == 1) {
            w->text = v->fields[0].type.text;
            if (!ank__schema_obj_named(w, &o, v->fields[0].type.tree, f, false,
                                       0) &&
                !w->b->status) {
                json_decref(ank__schema_obj_finish(w, &o));
                return ank__schema_any(w, NULL,
                                       "internally tagged variant holds no "
                                       "struct: serde rejects it");
            }
        } else if (v->tuple) {
            json_decref(ank__schema_obj_finish(w, &o));
            return ank__schema_any(
                w, NULL, "internally tagged tuple variant: serde rejects it");
        } else {
            ank__schema_obj_fields(w, &o, NULL, v->fields, v->nfields, f, false,
                                   0);
        }
    }
    return ank__schema_obj_finish(w, &o);
}

/* serde's enum representations (externally tagged by default) and Zig's
 * tagged unions: unit variants of an external enum are strings, the
 * others objects; several alternatives make an anyOf. */
static json_t *tagged(ank_swalk *w, const ank_constraint *s,
                      const ank_sframe *f)
{
    const ank_shape *sh = &s->u.shape;
    bool rust = w->lang == ANK_LANG_RUST, failed = false;
    char *tag = rust ? serde_value(sh, "tag", &failed) : NULL;
    char *content = tag ? serde_value(sh, "content", &failed) : NULL;
    repr how = rust && has_attr(sh, "untagged") ? UNTAGGED
               : tag && content                 ? ADJACENT
               : tag                            ? INTERNAL
                                                : EXTERNAL;
    uint32_t units = 0;
    for (uint32_t i = 0; rust && how == EXTERNAL && i < sh->nvariants; i++)
        units += !sh->variants[i].nfields && !sh->variants[i].tuple;
    size_t nalts = sh->nvariants - units + (units > 0);
    json_t *names = json_array(), *alts = json_array(), *out = NULL;
    if (units)
        ank__schema_push(w, alts, json_object());
    for (uint32_t i = 0; i < sh->nvariants && !w->b->status && !failed; i++) {
        const ank_variant *v = &sh->variants[i];
        char *name = v->rename ? ank__schema_clean(v->rename)
                     : rust ? ank__schema_rename(sh->rename_all, v->name, true)
                            : ank__schema_clean(v->name);
        if (!name) {
            failed = true;
            break;
        }
        if (units && !v->nfields && !v->tuple) {
            ank__schema_push(w, names, ank__schema_str(name));
        } else {
            size_t mark =
                nalts > 1
                    ? ank__schema_enter_index(w, "anyOf", json_array_size(alts))
                    : w->npath;
            ank__schema_push(w, alts,
                             alternative(w, v, name, how, tag, content, f));
            ank__schema_leave(w, mark);
        }
        ank__free(name);
    }
    if (failed)
        nomem(w);
    if (units && !w->b->status) {
        json_t *e = json_array_get(alts, 0);
        ank__schema_put(w, e, "enum", json_incref(names));
    }
    if (!w->b->status && json_array_size(alts) == 1) {
        out = json_incref(json_array_get(alts, 0));
    } else if (!w->b->status && json_array_size(alts) > 1) {
        out = json_object();
        ank__schema_put(w, out, "anyOf", json_incref(alts));
    } else if (!w->b->status) {
        out = ank__schema_any(w, s->name, "enum without variants: no value");
    }
    json_decref(names);
    json_decref(alts);
    ank__free(tag);
    ank__free(content);
    if (w->b->status) {
        json_decref(out);
        return NULL;
    }
    return out;
}

json_t *ank__schema_variants(ank_swalk *w, const ank_constraint *s,
                             const ank_sframe *f)
{
    const ank_shape *sh = &s->u.shape;
    if (sh->shape == ANK_SHAPE_UNION) {
        if (w->lang == ANK_LANG_ZIG && has_attr(sh, "tagged"))
            return tagged(w, s, f);
        return ank__schema_any(
            w, s->name,
            w->lang == ANK_LANG_RUST
                ? "union: serde cannot write it"
                : "untagged union: std.json cannot write it");
    }
    if (w->lang == ANK_LANG_RUST && !has_attr(sh, "Serialize_repr") &&
        !has_attr(sh, "Deserialize_repr"))
        return tagged(w, s, f);
    if (!sh->nvariants)
        return ank__schema_any(w, s->name, "enum without variants: no value");
    json_t *values;
    if (w->lang == ANK_LANG_ZIG) { /* std.json writes the tag name */
        values = json_array();
        for (uint32_t i = 0; i < sh->nvariants; i++)
            ank__schema_push(w, values, ank__schema_str(sh->variants[i].name));
    } else {
        values = ank__schema_enum_values(w, s);
        if (!values)
            return w->b->status ? NULL : json_object();
    }
    json_t *o = json_object();
    ank__schema_put(w, o, "enum", values);
    if (w->b->status) {
        json_decref(o);
        return NULL;
    }
    return o;
}
