/*
 * lang_typescript_types.c - TypeScript type expressions to normalized type
 * trees, and the pieces built from them: parameters, generic parameters and
 * property fields.  docs/languages/typescript.md has the mapping table.
 *
 * Invariants: type builders recurse only through ank__typescript_type with
 * depth + 1 and return UNKNOWN at ANK_TYPE_MAX_DEPTH; unions and
 * intersections are flattened with the iterative ank__x_walk, and chains of
 * parentheses or annotations are unwrapped in a loop, so no input nesting
 * reaches the C stack.  Every helper NULL stops the builder (x->status).
 */
#include "lang_typescript.h"

static const char *const field_names[ANK_TS_F_COUNT_] = {
    "alias",
    "body",
    "constraint",
    "declaration",
    "index_type",
    "name",
    "parameter",
    "parameters",
    "pattern",
    "return_type",
    "source",
    "type",
    "type_arguments",
    "type_parameters",
    "value"};

TSNode ank__typescript_field(TSNode n, ank_ts_field f)
{
    /* Ids differ between the TypeScript and TSX grammars: the table is
     * refilled when the language changes.  Thread-local, so extractions
     * on several threads do not race. */
    static _Thread_local const TSLanguage *lang;
    static _Thread_local TSFieldId ids[ANK_TS_F_COUNT_];
    TSNode none = {{0}, NULL, NULL};
    if (ts_node_is_null(n))
        return none;
    const TSLanguage *l = ts_node_language(n);
    if (l != lang) {
        for (int i = 0; i < ANK_TS_F_COUNT_; i++)
            ids[i] = ts_language_field_id_for_name(
                l, field_names[i], (uint32_t)strlen(field_names[i]));
        lang = l;
    }
    return ids[f] ? ts_node_child_by_field_id(n, ids[f]) : none;
}

bool ank__typescript_is_comment(TSNode n)
{
    return strcmp(ts_node_type(n), "comment") == 0;
}

uint32_t ank__typescript_count_named(TSNode n)
{
    return ts_node_is_null(n) ? 0 : ts_node_named_child_count(n);
}

void ank__typescript_kids_open(ank_ts_kids *k, TSNode parent, bool named)
{
    k->started = false;
    k->named = named;
    k->open = !ts_node_is_null(parent);
    if (k->open)
        k->cursor = ts_tree_cursor_new(parent);
}

bool ank__typescript_kids_next(ank_ts_kids *k, TSNode *child)
{
    if (!k->open)
        return false;
    for (;;) {
        bool moved = k->started ? ts_tree_cursor_goto_next_sibling(&k->cursor)
                                : ts_tree_cursor_goto_first_child(&k->cursor);
        k->started = true;
        if (!moved)
            return false;
        TSNode c = ts_tree_cursor_current_node(&k->cursor);
        if (k->named &&
            (!ts_node_is_named(c) || ank__typescript_is_comment(c)))
            continue;
        *child = c;
        return true;
    }
}

void ank__typescript_kids_close(ank_ts_kids *k)
{
    if (k->open)
        ts_tree_cursor_delete(&k->cursor);
    k->open = false;
}

TSNode ank__typescript_doc_step(ank_x *x, ank_ts_doc *d, TSNode n)
{
    TSNode none = {{0}, NULL, NULL};
    uint32_t start = ts_node_start_point(n).row;
    bool adjacent = d->open && start <= d->end_row + 1;
    if (ank__typescript_is_comment(n)) {
        uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
        if (e > x->len || e - s < 3 || memcmp(x->src + s, "/**", 3) != 0) {
            d->open = false; /* a plain comment: nothing above it counts */
            return none;
        }
        if (!adjacent)
            d->top = n;
        d->open = true;
        d->end_row = ts_node_end_point(n).row;
        return none;
    }
    d->open = false;
    return adjacent ? d->top : none;
}

const char *ank__typescript_doc_text(ank_x *x, TSNode comment)
{
    if (ts_node_is_null(comment))
        return NULL;
    uint32_t s = ts_node_start_byte(comment), e = ts_node_end_byte(comment);
    if (e > x->len || s > e)
        return NULL;
    return ank__x_doc_first_line(x, x->src + s, e - s);
}

bool ank__typescript_has_token(TSNode n, const char *tok)
{
    uint32_t count = ts_node_is_null(n) ? 0 : ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(n, i);
        if (!ts_node_is_named(c) && strcmp(ts_node_type(c), tok) == 0)
            return true;
    }
    return false;
}

const char *ank__typescript_name(ank_x *x, TSNode name)
{
    if (ank__x_is(name, "string"))
        return ank__x_unquote(x, name);
    return ank__x_text(x, name);
}

const char *ank__typescript_decorator(ank_x *x, TSNode decorator)
{
    TSNode inner = ts_node_named_child(decorator, 0);
    return ts_node_is_null(inner) ? ank__x_text(x, decorator)
                                  : ank__x_text(x, inner);
}

/* The first named child that is not a comment. */
static TSNode first_named(TSNode n)
{
    TSNode c = {{0}, NULL, NULL};
    ank_ts_kids k;
    ank__typescript_kids_open(&k, n, true);
    if (!ank__typescript_kids_next(&k, &c))
        c = (TSNode){{0}, NULL, NULL};
    ank__typescript_kids_close(&k);
    return c;
}

/* Look through type annotations (`: T`) and parentheses, iteratively. */
static TSNode unwrap(TSNode n)
{
    while (ank__x_is(n, "type_annotation") ||
           ank__x_is(n, "opting_type_annotation") ||
           ank__x_is(n, "adding_type_annotation") ||
           ank__x_is(n, "omitting_type_annotation") ||
           ank__x_is(n, "parenthesized_type")) {
        TSNode inner = first_named(n);
        if (ts_node_is_null(inner))
            break;
        n = inner;
    }
    return n;
}

static bool typeref_at(ank_x *x, TSNode n, int depth, ank_typeref *out);

/* ---------------------------------------------------- unions, members */

typedef struct flatten {
    ank_type *t;
    const char *kind; /* "union_type" or "intersection_type" */
    int depth;
} flatten;

static ank_walk flatten_enter(ank_x *x, TSNode n, void *data)
{
    flatten *f = data;
    if (ank__typescript_is_comment(n))
        return ANK_WALK_SKIP;
    if (ank__x_is(n, f->kind))
        return ANK_WALK_DESCEND;
    /* (A | B) | C is one union: look into parentheses around the same
     * operator. */
    if (ank__x_is(n, "parenthesized_type") &&
        ank__x_is(unwrap(n), f->kind))
        return ANK_WALK_DESCEND;
    ank__x_type_push(x, f->t, ank__typescript_type(x, n, f->depth + 1));
    return ANK_WALK_SKIP;
}

static ank_type *flattened(ank_x *x, TSNode n, ank_type_kind kind, int depth)
{
    flatten f = {ank__x_type(x, kind), ts_node_type(n), depth};
    if (!f.t)
        return NULL;
    ank__x_walk(x, n, flatten_enter, NULL, &f);
    return x->status == ANK_OK ? f.t : NULL;
}

/* ---------------------------------------------------------- generics */

/* Array<T>, ReadonlyArray<T> -> array; Record/Map/ReadonlyMap<K, V> ->
 * map; anything else -> named with args. */
static ank_type *generic(ank_x *x, TSNode n, int depth)
{
    const char *name = ank__x_text(x, ank__typescript_field(n, ANK_TS_F_NAME));
    TSNode targs = ank__typescript_field(n, ANK_TS_F_TYPE_ARGUMENTS);
    ank_type *args = ank__x_type(x, ANK_TYPE_NAMED);
    if (!name || !args)
        return NULL;
    ank_ts_kids k;
    TSNode c;
    bool ok = true;
    ank__typescript_kids_open(&k, targs, true);
    while (ok && ank__typescript_kids_next(&k, &c))
        ok = ank__x_type_push(x, args, ank__typescript_type(x, c, depth + 1));
    ank__typescript_kids_close(&k);
    if (!ok)
        return NULL;
    if (args->nitems == 1 && (strcmp(name, "Array") == 0 ||
                              strcmp(name, "ReadonlyArray") == 0)) {
        ank_type *t = ank__x_type_wrap(x, ANK_TYPE_ARRAY, args->items[0]);
        if (t)
            t->name = name;
        return t;
    }
    if (args->nitems == 2 &&
        (strcmp(name, "Record") == 0 || strcmp(name, "Map") == 0 ||
         strcmp(name, "ReadonlyMap") == 0)) {
        ank_type *t = ank__x_type(x, ANK_TYPE_MAP);
        if (t) {
            t->a = args->items[0];
            t->b = args->items[1];
            t->name = name;
        }
        return t;
    }
    args->name = name;
    return args;
}

/* ------------------------------------------------------------ tuples */

static ank_type *tuple(ank_x *x, TSNode n, int depth)
{
    ank_type *t = ank__x_type(x, ANK_TYPE_TUPLE);
    if (!t)
        return NULL;
    ank_ts_kids k;
    TSNode c;
    bool ok = true;
    ank__typescript_kids_open(&k, n, true);
    while (ok && ank__typescript_kids_next(&k, &c)) {
        ank_type *item;
        if (ank__x_is(c, "required_parameter") ||
            ank__x_is(c, "optional_parameter")) {
            /* Named member `a: T`, `b?: T`, `...c: T[]`. */
            TSNode ty = ank__typescript_field(c, ANK_TS_F_TYPE);
            item = ts_node_is_null(ty)
                       ? ank__x_type_unknown(x, c)
                       : ank__typescript_type(x, ty, depth + 1);
            if (item && ank__x_is(c, "optional_parameter"))
                item = ank__x_type_wrap(x, ANK_TYPE_OPTIONAL, item);
        } else if (ank__x_is(c, "optional_type")) {
            item = ank__x_type_wrap(
                x, ANK_TYPE_OPTIONAL,
                ank__typescript_type(x, first_named(c), depth + 1));
        } else if (ank__x_is(c, "rest_type")) {
            /* `...T[]`: the rest element is its array type. */
            item = ank__typescript_type(x, first_named(c), depth + 1);
        } else {
            item = ank__typescript_type(x, c, depth + 1);
        }
        ok = ank__x_type_push(x, t, item);
    }
    ank__typescript_kids_close(&k);
    return ok ? t : NULL;
}

/* --------------------------------------------------- objects, functions */

static ank_type *function_type(ank_x *x, TSNode n, TSNode params,
                               TSNode returns, int depth)
{
    ank_type *t = ank__x_type(x, ANK_TYPE_FUNCTION);
    if (!t)
        return NULL;
    ank_ts_kids k;
    TSNode p;
    bool ok = true;
    ank__typescript_kids_open(&k, params, true);
    while (ok && ank__typescript_kids_next(&k, &p)) {
        TSNode ty = ank__typescript_field(p, ANK_TS_F_TYPE);
        /* An untyped parameter is implicitly `any`. */
        ank_type *pt = ts_node_is_null(ty)
                           ? ank__x_type_named(x, "any")
                           : ank__typescript_type(x, ty, depth + 1);
        if (pt && ank__x_is(p, "optional_parameter"))
            pt = ank__x_type_wrap(x, ANK_TYPE_OPTIONAL, pt); /* `b?: T` */
        ok = ank__x_type_push(x, t, pt);
    }
    ank__typescript_kids_close(&k);
    if (!ok)
        return NULL;
    (void)n;
    if (!ts_node_is_null(returns)) {
        t->b = ank__typescript_type(x, returns, depth + 1);
        if (!t->b)
            return NULL;
    }
    return t;
}

/* A method signature in a type literal: a field of function type. */
static bool method_field(ank_x *x, TSNode m, TSNode doc, int depth,
                         ank_field **fields, uint32_t *n)
{
    ank_field *f = ANK_X_PUSH(x, *fields, *n);
    if (!f)
        return false;
    TSNode name = ank__typescript_field(m, ANK_TS_F_NAME);
    f->name = ank__typescript_name(x, name);
    f->name_span = ank__x_span(x, name);
    f->optional = ank__typescript_has_token(m, "?");
    f->doc = ank__typescript_doc_text(x, doc);
    /* The text of the member from its parameters on, e.g. `(x: T): U`. */
    TSNode params = ank__typescript_field(m, ANK_TS_F_PARAMETERS);
    TSNode tp = ank__typescript_field(m, ANK_TS_F_TYPE_PARAMETERS);
    TSNode from = ts_node_is_null(tp) ? params : tp;
    f->type.text = ank__x_slice(x, ts_node_start_byte(from),
                                ts_node_end_byte(m));
    f->type.tree = function_type(x, m, params, ank__typescript_field(m, ANK_TS_F_RETURN_TYPE),
                                 depth);
    return f->name && f->type.text && f->type.tree;
}

bool ank__typescript_index_field(ank_x *x, TSNode sig, int depth,
                                 ank_field **fields, uint32_t *n)
{
    TSNode key = ank__typescript_field(sig, ANK_TS_F_INDEX_TYPE);
    TSNode value = ank__typescript_field(sig, ANK_TS_F_TYPE);
    if (ts_node_is_null(key) || ts_node_is_null(value))
        return true; /* a mapped type's clause: no field */
    ank_field *f = ANK_X_PUSH(x, *fields, *n);
    ank_type *t = f ? ank__x_type(x, ANK_TYPE_MAP) : NULL;
    if (!t)
        return false;
    TSNode name = ank__typescript_field(sig, ANK_TS_F_NAME);
    f->name = ank__typescript_name(x, name);
    f->name_span = ank__x_span(x, name);
    f->embedded = true;
    f->readonly = ank__typescript_has_token(sig, "readonly");
    f->type.text = ank__x_text_capped(x, sig, ANK_SIGNATURE_MAX);
    t->a = ank__typescript_type(x, key, depth + 1);
    t->b = ank__typescript_type(x, value, depth + 1);
    f->type.tree = t;
    return f->name && f->type.text && t->a && t->b;
}

bool ank__typescript_property_field(ank_x *x, TSNode prop, TSNode doc,
                                    int depth, ank_field **fields,
                                    uint32_t *n)
{
    ank_field *f = ANK_X_PUSH(x, *fields, *n);
    if (!f)
        return false;
    TSNode name = ank__typescript_field(prop, ANK_TS_F_NAME);
    f->name = ank__typescript_name(x, name);
    f->name_span = ank__x_span(x, name);
    f->optional = ank__typescript_has_token(prop, "?");
    f->readonly = ank__typescript_has_token(prop, "readonly");
    f->doc = ank__typescript_doc_text(x, doc);
    if (!typeref_at(x, ank__typescript_field(prop, ANK_TS_F_TYPE), depth, &f->type))
        return false;
    return f->name != NULL;
}

/* Does the subtree `n` name the type `name` (a mapped type's key
 * parameter)?  Unsure past the depth limit: then it does. */
static bool names_type(ank_x *x, TSNode n, const char *name, int depth)
{
    if (depth >= ANK_TYPE_MAX_DEPTH)
        return true;
    if (ank__x_is(n, "type_identifier") && ank__x_text_eq(x, n, name))
        return true;
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        if (names_type(x, ts_node_named_child(n, i), name, depth + 1))
            return true;
    return false;
}

/* `{[K in X]: V}` whose V does not use K, without `as`: Record<X, V> (a
 * map, with no container when `?` or `+?` makes every key optional, which
 * Record's are not); NULL for any other mapped type (its value depends on
 * the key). */
static ank_type *mapped_record(ank_x *x, TSNode sig, int depth)
{
    TSNode clause = ank__x_child_of_type(sig, "mapped_type_clause");
    TSNode key = ank__typescript_field(clause, ANK_TS_F_TYPE);
    TSNode value = ank__typescript_field(sig, ANK_TS_F_TYPE);
    const char *k = ank__x_text(x, ank__typescript_field(clause, ANK_TS_F_NAME));
    if (!k || ts_node_is_null(key) || ts_node_is_null(value) ||
        !ts_node_is_null(ank__typescript_field(clause, ANK_TS_F_ALIAS)) ||
        names_type(x, value, k, 0))
        return NULL;
    ank_type *t = ank__x_type(x, ANK_TYPE_MAP);
    if (!t)
        return NULL;
    bool optional = ank__x_is(value, "opting_type_annotation") ||
                    ank__x_is(value, "adding_type_annotation");
    t->name = optional ? NULL : "Record";
    t->a = ank__typescript_type(x, key, depth + 1);
    t->b = ank__typescript_type(x, value, depth + 1);
    return t->a && t->b ? t : NULL;
}

static ank_type *object(ank_x *x, TSNode n, int depth)
{
    uint32_t members = 0;
    bool mapped = false;
    TSNode index = {{0}, NULL, NULL}, c;
    ank_ts_kids k;
    ank__typescript_kids_open(&k, n, true);
    while (ank__typescript_kids_next(&k, &c)) {
        members++;
        if (ank__x_is(c, "index_signature")) {
            index = c;
            /* A mapped type `{[K in keyof T]: ...}` is not a record. */
            mapped |= !ts_node_is_null(
                ank__x_child_of_type(c, "mapped_type_clause"));
        }
    }
    ank__typescript_kids_close(&k);
    if (mapped) {
        ank_type *t = members == 1 ? mapped_record(x, index, depth) : NULL;
        return t ? t : ank__x_type_unknown(x, n);
    }
    if (members == 1 && !ts_node_is_null(index)) {
        ank_type *t = ank__x_type(x, ANK_TYPE_MAP);
        if (!t)
            return NULL;
        TSNode key = ank__typescript_field(index, ANK_TS_F_INDEX_TYPE);
        TSNode value = ank__typescript_field(index, ANK_TS_F_TYPE);
        t->a = ts_node_is_null(key) ? ank__x_type_unknown(x, index)
                                    : ank__typescript_type(x, key, depth + 1);
        t->b = ts_node_is_null(value)
                   ? ank__x_type_unknown(x, index)
                   : ank__typescript_type(x, value, depth + 1);
        return t->a && t->b ? t : NULL;
    }
    ank_type *t = ank__x_type(x, ANK_TYPE_OBJECT);
    if (!t)
        return NULL;
    ank_ts_doc doc = {{{0}, NULL, NULL}, 0, false};
    bool ok = true;
    ank__typescript_kids_open(&k, n, false);
    while (ok && ank__typescript_kids_next(&k, &c)) {
        TSNode d = ank__typescript_doc_step(x, &doc, c);
        if (ank__x_is(c, "property_signature"))
            ok = ank__typescript_property_field(x, c, d, depth + 1,
                                                &t->fields, &t->nfields);
        else if (ank__x_is(c, "method_signature"))
            ok = method_field(x, c, d, depth + 1, &t->fields, &t->nfields);
        else if (ank__x_is(c, "index_signature"))
            ok = ank__typescript_index_field(x, c, depth + 1, &t->fields,
                                             &t->nfields);
        /* Call and construct signatures have no field form: left out. */
    }
    ank__typescript_kids_close(&k);
    return ok ? t : NULL;
}

/* ---------------------------------------------------------- literals */

static ank_type *literal(ank_x *x, TSNode n)
{
    TSNode v = first_named(n);
    const char *type = ts_node_is_null(v) ? "" : ts_node_type(v);
    if (strcmp(type, "string") == 0)
        return ank__x_type_literal(x, ANK_LIT_STRING, ank__x_unquote(x, v));
    if (strcmp(type, "number") == 0 || strcmp(type, "unary_expression") == 0)
        return ank__x_type_literal(x, ANK_LIT_NUMBER, ank__x_text(x, v));
    if (strcmp(type, "true") == 0 || strcmp(type, "false") == 0)
        return ank__x_type_literal(x, ANK_LIT_BOOLEAN, ank__x_text(x, v));
    if (strcmp(type, "null") == 0)
        return ank__x_type_literal(x, ANK_LIT_NULL, "null");
    if (strcmp(type, "undefined") == 0)
        return ank__x_type_named(x, "undefined");
    return ank__x_type_unknown(x, n);
}

/* -------------------------------------------------------------- types */

ank_type *ank__typescript_type(ank_x *x, TSNode n, int depth)
{
    n = unwrap(n);
    if (x->status != ANK_OK)
        return NULL;
    if (ts_node_is_null(n)) { /* a missing node in broken input */
        ank_type *t = ank__x_type(x, ANK_TYPE_UNKNOWN);
        if (t)
            t->name = "";
        return t;
    }
    if (depth >= ANK_TYPE_MAX_DEPTH)
        return ank__x_type_unknown(x, n);
    const char *type = ts_node_type(n);
    if (strcmp(type, "predefined_type") == 0 ||
        strcmp(type, "type_identifier") == 0 ||
        strcmp(type, "nested_type_identifier") == 0 ||
        strcmp(type, "identifier") == 0)
        return ank__x_type_named(x, ank__x_text(x, n));
    if (strcmp(type, "this_type") == 0)
        return ank__x_type_named(x, "this");
    if (strcmp(type, "generic_type") == 0)
        return generic(x, n, depth);
    if (strcmp(type, "array_type") == 0)
        return ank__x_type_wrap(
            x, ANK_TYPE_ARRAY, ank__typescript_type(x, first_named(n), depth + 1));
    if (strcmp(type, "readonly_type") == 0)
        return ank__typescript_type(x, first_named(n), depth + 1);
    if (strcmp(type, "union_type") == 0)
        return flattened(x, n, ANK_TYPE_UNION, depth);
    if (strcmp(type, "intersection_type") == 0)
        return flattened(x, n, ANK_TYPE_INTERSECTION, depth);
    if (strcmp(type, "tuple_type") == 0)
        return tuple(x, n, depth);
    if (strcmp(type, "object_type") == 0)
        return object(x, n, depth);
    if (strcmp(type, "function_type") == 0)
        return function_type(x, n, ank__typescript_field(n, ANK_TS_F_PARAMETERS),
                             ank__typescript_field(n, ANK_TS_F_RETURN_TYPE), depth);
    if (strcmp(type, "literal_type") == 0)
        return literal(x, n);
    if (strcmp(type, "type_predicate_annotation") == 0 ||
        strcmp(type, "type_predicate") == 0)
        return ank__x_type_named(x, "boolean"); /* `x is T` */
    /* typeof, keyof, T[K], conditional, mapped, template literal, infer,
     * constructor types, asserts: no normalized form. */
    return ank__x_type_unknown(x, n);
}

bool ank__typescript_typeref(ank_x *x, TSNode n, ank_typeref *out)
{
    return typeref_at(x, n, 0, out);
}

static bool typeref_at(ank_x *x, TSNode n, int depth, ank_typeref *out)
{
    out->text = NULL;
    out->tree = NULL;
    if (ts_node_is_null(n))
        return true;
    /* Look through `: ` annotations only; parentheses are part of the
     * written type. */
    while (ank__x_is(n, "type_annotation") ||
           ank__x_is(n, "opting_type_annotation") ||
           ank__x_is(n, "adding_type_annotation") ||
           ank__x_is(n, "omitting_type_annotation")) {
        TSNode inner = first_named(n);
        if (ts_node_is_null(inner))
            break;
        n = inner;
    }
    if (ank__x_is(n, "type_predicate_annotation") ||
        ank__x_is(n, "asserts_annotation")) {
        TSNode inner = first_named(n);
        if (!ts_node_is_null(inner))
            n = inner;
    }
    out->text = ank__x_text_capped(x, n, ANK_SIGNATURE_MAX);
    out->tree = ank__typescript_type(x, n, depth);
    return out->text && out->tree;
}

/* ------------------------------------------------------- parameters */

static bool param(ank_x *x, TSNode c, ank_param **out, uint32_t *n);

bool ank__typescript_params(ank_x *x, TSNode params, ank_param **out,
                            uint32_t *n)
{
    if (ts_node_is_null(params))
        return true;
    if (ank__x_is(params, "identifier")) { /* x => ... */
        ank_param *p = ANK_X_PUSH(x, *out, *n);
        if (p)
            p->name_span = ank__x_span(x, params);
        return p && (p->name = ank__x_text(x, params)) != NULL;
    }
    ank_ts_kids k;
    TSNode c;
    bool ok = true;
    ank__typescript_kids_open(&k, params, true);
    while (ok && ank__typescript_kids_next(&k, &c))
        ok = param(x, c, out, n);
    ank__typescript_kids_close(&k);
    return ok;
}

static bool param(ank_x *x, TSNode c, ank_param **out, uint32_t *n)
{
    bool required = ank__x_is(c, "required_parameter");
    if (!required && !ank__x_is(c, "optional_parameter"))
        return true;
    ank_param *p = ANK_X_PUSH(x, *out, *n);
    if (!p)
        return false;
    TSNode pattern = ank__typescript_field(c, ANK_TS_F_PATTERN);
    p->name_span = ank__x_span(x, pattern);
    if (ank__x_is(pattern, "rest_pattern")) {
        TSNode inner = first_named(pattern);
        p->name = ank__x_text(x, ts_node_is_null(inner) ? pattern : inner);
        p->name_span = ank__x_span(x, ts_node_is_null(inner) ? pattern : inner);
        p->flags |= ANK_PARAM_VARIADIC;
    } else if (ank__x_is(pattern, "this")) {
        p->name = "this";
        p->flags |= ANK_PARAM_SELF;
    } else {
        p->name = ank__x_text(x, pattern); /* destructuring: as written */
    }
    if (!required)
        p->flags |= ANK_PARAM_OPTIONAL;
    TSNode value = ank__typescript_field(c, ANK_TS_F_VALUE);
    if (!ts_node_is_null(value)) {
        p->flags |= ANK_PARAM_OPTIONAL;
        if (!(p->default_text = ank__x_text(x, value)))
            return false;
    }
    ank__typescript_typeref(x, ank__typescript_field(c, ANK_TS_F_TYPE), &p->type);
    return x->status == ANK_OK; /* a missing name in broken input is NULL */
}

bool ank__typescript_generics(ank_x *x, TSNode tparams, ank_generic **out,
                              uint32_t *n)
{
    ank_ts_kids k;
    TSNode c;
    ank__typescript_kids_open(&k, tparams, true);
    while (x->status == ANK_OK && ank__typescript_kids_next(&k, &c)) {
        if (!ank__x_is(c, "type_parameter"))
            continue;
        ank_generic *g = ANK_X_PUSH(x, *out, *n);
        if (!g)
            break;
        g->name = ank__x_text(x, ank__typescript_field(c, ANK_TS_F_NAME));
        g->bound = ank__x_text(x, first_named(ank__typescript_field(c, ANK_TS_F_CONSTRAINT)));
        g->default_text = ank__x_text(x, first_named(ank__typescript_field(c, ANK_TS_F_VALUE)));
    }
    ank__typescript_kids_close(&k);
    return x->status == ANK_OK;
}
