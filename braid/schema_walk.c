/*
 * schema_walk.c - the walk from a type tree to a schema: named types (a
 * bound generic parameter, Self, a shape of the input, a builtin, else {}
 * with a note), unions flattened into one anyOf or one enum, intersections
 * merged into one object, literals as const, and the body of each kind of
 * shape.  Containers, objects, enums and builtins are their own modules.
 *
 * Invariants: nothing is dropped silently (what braid cannot map is {}
 * plus a note at its JSON pointer); a name is looked up among the input's
 * shapes before the builtins, so a user's type wins; a union holds no
 * member twice; NULL is returned only after a failure recorded in w->b,
 * and every value is released on every path.
 */
#include <string.h>

#include "schema_container.h"
#include "schema_enum.h"
#include "schema_field.h"
#include "schema_json.h"
#include "schema_lang.h"
#include "schema_object.h"
#include "schema_ref.h"
#include "schema_walk.h"

/* ------------------------------------------------------ combining schemas */

static bool is_null_type(const json_t *s)
{
    const char *t = json_string_value(json_object_get(s, "type"));
    return json_object_size(s) == 1 && t && is(t, "null");
}

/* arr += v (borrowed) unless an equal value is there. */
static void add_unique(ank_swalk *w, json_t *arr, json_t *v)
{
    size_t i;
    json_t *x;
    json_array_foreach (arr, i, x) {
        if (json_equal(x, v))
            return;
    }
    ank__schema_push(w, arr, json_incref(v));
}

json_t *ank__schema_nullable(ank_swalk *w, json_t *s)
{
    if (!s || json_object_size(s) == 0 || is_null_type(s))
        return s;
    json_t *nul = ank__schema_leaf(w, "null");
    json_t *any = json_object_get(s, "anyOf");
    if (any && json_object_size(s) == 1) {
        add_unique(w, any, nul);
        json_decref(nul);
        return checked(w, s);
    }
    json_t *arr = json_array(), *o = json_object();
    ank__schema_push(w, arr, s);
    ank__schema_push(w, arr, nul);
    ank__schema_put(w, o, "anyOf", arr);
    return checked(w, o);
}

/* A member that is one value or a list of them: {"const": v}, {"enum":
 * [...]}, {"type": "null"}. */
static bool literal_member(const json_t *s)
{
    return json_object_size(s) == 1 &&
           (json_object_get(s, "const") ||
            json_is_array(json_object_get(s, "enum")) || is_null_type(s));
}

/* The union of `members` (stolen): nested anyOf flattened, duplicates
 * left out; all literals: one enum; any member {}: {}. */
static json_t *combine(ank_swalk *w, json_t *members)
{
    json_t *flat = json_array(), *out = NULL, *m;
    size_t i, lits = 0;
    json_array_foreach (members, i, m) {
        json_t *any = json_object_get(m, "anyOf");
        if (any && json_object_size(m) == 1) {
            size_t k;
            json_t *x;
            json_array_foreach (any, k, x)
                add_unique(w, flat, x);
        } else {
            add_unique(w, flat, m);
        }
    }
    json_array_foreach (flat, i, m) {
        if (!json_object_size(m)) {
            out = json_object();
            goto done;
        }
        lits += literal_member(m);
    }
    if (json_array_size(flat) == 1) {
        out = json_incref(json_array_get(flat, 0));
    } else if (lits == json_array_size(flat)) {
        json_t *values = json_array();
        json_array_foreach (flat, i, m) {
            json_t *e = json_object_get(m, "enum");
            if (e) {
                size_t k;
                json_t *x;
                json_array_foreach (e, k, x)
                    add_unique(w, values, x);
            } else {
                add_unique(w, values,
                           is_null_type(m) ? json_null()
                                           : json_object_get(m, "const"));
            }
        }
        out = json_object();
        ank__schema_put(w, out, "enum", values);
    } else {
        out = json_object();
        ank__schema_put(w, out, "anyOf", json_incref(flat));
    }
done:
    if (!out)
        nomem(w);
    json_decref(flat);
    json_decref(members);
    return checked(w, out);
}

/* ------------------------------------------------------------- the walk */

static json_t *named(ank_swalk *w, const ank_type *t, const ank_sframe *f)
{
    const ank_type *arg;
    const ank_sframe *af;
    if (!t->nitems && ank__schema_bound(f, t->name, &arg, &af))
        return arg ? ank__schema_walk(w, arg, af)
                   : ank__schema_any(
                         w, t->name,
                         "type parameter without an argument: any value");
    const char *n = t->name;
    if (w->self && ((n[0] == 'S' && is(n, "Self")) ||
                    (n[0] == 't' && (is(n, "this") || is(n, "typing.Self"))))) {
        const ank_sframe *sf = w->self_frame;
        return ank__schema_ref_shape(w, w->self, sf ? sf->args : NULL,
                                     sf ? sf->nargs : 0, sf ? sf->outer : NULL);
    }
    const ank_constraint *s = ank__schema_lookup(w, t->name, false);
    if (s || w->b->status)
        return s ? ank__schema_ref_shape(w, s, t->items, t->nitems, f) : NULL;
    bool known;
    json_t *r = ank__schema_builtin(w, t, f, &known);
    if (known || w->b->status)
        return r;
    s = ank__schema_lookup(w, t->name, true);
    if (s || w->b->status)
        return s ? ank__schema_ref_shape(w, s, t->items, t->nitems, f) : NULL;
    return ank__schema_any(
        w, t->name, "unknown type: not a shape of the input nor a builtin");
}

static json_t *union_of(ank_swalk *w, const ank_type *t, const ank_sframe *f)
{
    json_t *members = json_array();
    for (uint32_t i = 0; i < t->nitems && !w->b->status; i++) {
        if (ank__schema_ts_undefined(w, t->items[i]))
            continue; /* the property may be left out (ts_absent) */
        size_t mark =
            ank__schema_enter_index(w, "anyOf", json_array_size(members));
        ank__schema_push(w, members, ank__schema_walk(w, t->items[i], f));
        ank__schema_leave(w, mark);
    }
    if (w->b->status || !json_array_size(members)) {
        json_decref(members);
        return w->b->status
                   ? NULL
                   : ank__schema_any(
                         w, NULL,
                         "no JSON value: JSON.stringify leaves it out");
    }
    return combine(w, members);
}

static json_t *intersection(ank_swalk *w, const ank_type *t,
                            const ank_sframe *f)
{
    ank_sobj o;
    if (!ank__schema_obj_start(w, &o))
        return NULL;
    for (uint32_t i = 0; i < t->nitems && !w->b->status; i++) {
        w->again = false;
        if (!ank__schema_obj_named(w, &o, t->items[i], f, false, 0) &&
            !w->b->status) {
            json_decref(ank__schema_obj_finish(w, &o));
            return ank__schema_any(
                w, NULL,
                w->again ? "intersection: merges a type it is inside of (not "
                           "expanded again)"
                         : "intersection: only object types can be merged");
        }
    }
    return ank__schema_obj_finish(w, &o);
}

static json_t *literal(ank_swalk *w, const ank_type *t)
{
    json_t *v = NULL;
    const char *text = t->name ? t->name : "";
    if (t->literal == ANK_LIT_NULL)
        return ank__schema_leaf(w, "null");
    if (t->literal == ANK_LIT_STRING)
        v = ank__schema_str(text);
    else if (t->literal == ANK_LIT_BOOLEAN)
        v = json_boolean(text[0] == 't' || text[0] == 'T');
    else if ((v = ank__schema_literal(w, text)) && !json_is_number(v))
        v = (json_decref(v), NULL);
    if (!v)
        return w->b->status || t->literal != ANK_LIT_NUMBER
                   ? (nomem(w), NULL)
                   : ank__schema_any(
                         w, text, "number literal braid cannot read exactly");
    json_t *o = json_object();
    ank__schema_put(w, o, "const", v);
    return checked(w, o);
}

json_t *ank__schema_walk(ank_swalk *w, const ank_type *t, const ank_sframe *f)
{
    if (w->b->status)
        return NULL;
    if (!t) {
        json_t *o = json_object();
        if (!o)
            nomem(w);
        return o;
    }
    switch (t->kind) {
    case ANK_TYPE_NAMED:
        return named(w, t, f);
    case ANK_TYPE_OPTIONAL:
        return ank__schema_nullable(w, ank__schema_walk(w, t->a, f));
    case ANK_TYPE_POINTER:
    case ANK_TYPE_ARRAY:
    case ANK_TYPE_MAP:
    case ANK_TYPE_TUPLE:
        return ank__schema_container(w, t, f);
    case ANK_TYPE_UNION:
        return union_of(w, t, f);
    case ANK_TYPE_INTERSECTION:
        return intersection(w, t, f);
    case ANK_TYPE_LITERAL:
        return literal(w, t);
    case ANK_TYPE_OBJECT: {
        ank_sobj o;
        if (!ank__schema_obj_start(w, &o))
            return NULL;
        ank__schema_obj_fields(w, &o, NULL, t->fields, t->nfields, f, false, 0);
        return ank__schema_obj_finish(w, &o);
    }
    case ANK_TYPE_FUNCTION:
        return ank__schema_any(w, NULL, "function type: not a JSON value");
    case ANK_TYPE_ERROR_UNION:
        return ank__schema_any(w, NULL, "error union: not a JSON value");
    default:
        if (w->lang == ANK_LANG_PYTHON && t->kind == ANK_TYPE_UNKNOWN) {
            json_t *c = ank__schema_constrained_type(w, t->name);
            if (c || w->b->status)
                return c;
        }
        return ank__schema_any(w, t->name,
                               "unsupported type: braid cannot interpret it");
    }
}

/* The body of shape s: `into` itself (filled, with a new reference) for
 * objects, else a new value. */
static json_t *body_of(ank_swalk *w, const ank_constraint *s,
                       const ank_sframe *f, json_t *into)
{
    const ank_shape *sh = &s->u.shape;
    switch (sh->shape) {
    case ANK_SHAPE_TRAIT:
        return ank__schema_any(w, s->name, "trait: any implementing type");
    case ANK_SHAPE_NAMEDTUPLE: {
        uint32_t req = 0;
        while (req < sh->nfields && !sh->fields[req].optional)
            req++;
        return ank__schema_tuple(w, sh->fields, sh->nfields, req, f);
    }
    case ANK_SHAPE_TUPLE_STRUCT:
        if (s->language == ANK_LANG_RUST && sh->nfields == 1) {
            w->text = sh->fields[0].type.text; /* a newtype is its field */
            return ank__schema_walk(w, sh->fields[0].type.tree, f);
        }
        return ank__schema_tuple(w, sh->fields, sh->nfields, sh->nfields, f);
    case ANK_SHAPE_TYPE_ALIAS:
    case ANK_SHAPE_DEFINED:
        if (s->language == ANK_LANG_GO && sh->nvariants) {
            json_t *v = ank__schema_enum_values(w, s), *o = NULL;
            if (v) {
                o = json_object();
                ank__schema_put(w, o, "enum", v);
            }
            if (o || w->b->status)
                return checked(w, o);
        }
        w->text = sh->aliased.text;
        return sh->aliased.tree
                   ? ank__schema_walk(w, sh->aliased.tree, f)
                   : ank__schema_any(w, s->name,
                                     "alias of no type braid can read");
    case ANK_SHAPE_ENUM:
    case ANK_SHAPE_UNION:
        return ank__schema_variants(w, s, f);
    case ANK_SHAPE_INTERFACE:
        if (s->language == ANK_LANG_GO)
            return ank__schema_any(
                w, s->name,
                "interface type: the value's dynamic type decides its JSON");
        return ank__schema_object_of(w, s, f, into);
    default:
        if (s->language == ANK_LANG_RUST && !sh->nfields && s->evidence &&
            !strchr(s->evidence, '{'))
            return ank__schema_leaf(w, "null"); /* unit struct */
        return ank__schema_object_of(w, s, f, into);
    }
}

bool ank__schema_shape_body(ank_swalk *w, const ank_constraint *s,
                            const ank_sframe *f, json_t *into)
{
    if (!into) {
        nomem(w);
        return false;
    }
    json_t *body = body_of(w, s, f, into);
    if (body != into && (!body || json_object_update(into, body)))
        nomem(w);
    json_decref(body);
    return !w->b->status;
}
