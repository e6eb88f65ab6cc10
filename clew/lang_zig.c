/*
 * lang_zig.c - the Zig extractor: function signatures, container shapes
 * (struct / enum / union / opaque, error sets), type aliases and @import,
 * at file level and inside container bodies (names qualified "Outer.Inner").
 *
 * Invariants: the tree is walked once with ank__x_walk; a container is
 * entered only through the `const Name = struct {...}` declaration that
 * names it (its scope is pushed on enter and popped on leave), function
 * bodies, tests and comptime blocks are never entered, and container
 * nesting deeper than ZIG_MAX_NESTING is not entered (names stay bounded).
 * Type trees come from lang_zig_types.c and are depth-bounded.
 */
#include "lang_zig.h"

#define ZIG_MAX_NESTING 32

typedef struct zig_scope {
    const char *name;   /* qualified: "Outer.Inner" */
    const char *simple; /* "Inner" */
    TSNode body;        /* the container declaration to walk into */
} zig_scope;

typedef struct zig_walk {
    zig_scope *scopes;
    uint32_t nscopes;
} zig_walk;

static const zig_scope *top_scope(const zig_walk *w)
{
    return w->nscopes ? &w->scopes[w->nscopes - 1] : NULL;
}

static bool is_container(const char *type)
{
    return strcmp(type, "struct_declaration") == 0 ||
           strcmp(type, "enum_declaration") == 0 ||
           strcmp(type, "union_declaration") == 0 ||
           strcmp(type, "opaque_declaration") == 0;
}

static bool is_empty(TSNode n)
{
    return ts_node_end_byte(n) == ts_node_start_byte(n);
}

/* ------------------------------------------------------- confidence */

/* Does the error inside `n` sit at `n` itself (an ERROR, a MISSING node, or
 * an anonymous MISSING token among its children)? */
static bool error_here(TSNode n)
{
    if (ts_node_is_error(n) || ts_node_is_missing(n))
        return true;
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        if (ts_node_has_error(ts_node_named_child(n, i)))
            return false;
    return true;
}

static ank_walk real_error_enter(ank_x *x, TSNode n, void *data)
{
    bool *real = data;
    (void)x;
    if (*real || !ts_node_has_error(n))
        return ANK_WALK_SKIP;
    /* The grammar needs at least one member in a container body, so a
     * valid empty `struct {}` parses as one zero-width field whose name is
     * MISSING: that is not an error in the source. */
    if (ank__x_is(n, "container_field") && is_empty(n) &&
        is_container(ts_node_type(ts_node_parent(n))))
        return ANK_WALK_SKIP;
    if (error_here(n)) {
        *real = true;
        return ANK_WALK_SKIP;
    }
    return ANK_WALK_DESCEND;
}

/* Undo the driver's lowered confidence when the only "errors" are the
 * empty-container artifacts above. */
static void settle_confidence(ank_x *x, ank_constraint *c, TSNode n)
{
    if (c->confidence >= 1 || error_here(n))
        return;
    bool real = false;
    ank__x_walk(x, n, real_error_enter, NULL, &real);
    if (!real)
        c->confidence = 1.0;
}

/* ---------------------------------------------------------- imports */

/* The string argument of `@import("...")`, or a null node. */
static TSNode import_string(ank_x *x, TSNode n)
{
    TSNode null = {{0}, NULL, NULL};
    if (!ank__x_is(n, "builtin_function") ||
        !ank__x_text_eq(x, ank__x_child_of_type(n, "builtin_identifier"),
                        "@import"))
        return null;
    TSNode args = ank__x_child_of_type(n, "arguments");
    TSNode s = ts_node_is_null(args) ? null : ts_node_named_child(args, 0);
    return ank__x_is(s, "string") ? s : null;
}

static ank_import_origin origin_of(const char *m)
{
    size_t n = strlen(m);
    if (strcmp(m, "std") == 0 || strcmp(m, "builtin") == 0 ||
        strcmp(m, "root") == 0)
        return ANK_ORIGIN_STDLIB;
    if ((n >= 4 && (strcmp(m + n - 4, ".zig") == 0 ||
                    strcmp(m + n - 4, ".zon") == 0)) ||
        strchr(m, '/'))
        return ANK_ORIGIN_RELATIVE;
    return ANK_ORIGIN_EXTERNAL;
}

/* `@import("m")` or `@import("m").a.b` as an import constraint on `decl`;
 * false (nothing added) when `value` is neither. */
static bool try_import(ank_x *x, TSNode decl, TSNode value, const char *alias,
                       bool wildcard)
{
    TSNode members[ZIG_MAX_NESTING];
    int count = 0;
    TSNode base = value;
    while (ank__x_is(base, "field_expression") && count < ZIG_MAX_NESTING) {
        members[count++] = ank__x_field(base, "member");
        base = ank__x_field(base, "object");
    }
    TSNode str = import_string(x, base);
    if (ts_node_is_null(str))
        return false;
    const char *module = ank__x_unquote(x, str);
    ank_constraint *c = module ? ank__x_add(x, ANK_KIND_IMPORT_MODULE, decl,
                                            module)
                               : NULL;
    if (!c)
        return true;
    settle_confidence(x, c, decl);
    ank_import *im = &c->u.import;
    im->module = module;
    im->alias = alias;
    im->origin = origin_of(module);
    im->wildcard = wildcard;
    if (count > 0) {
        /* `const Alloc = @import("std").mem.Allocator`: the name imported is
         * "mem.Allocator", renamed when the const's name differs. */
        const char *path = NULL;
        while (count > 0)
            path = ank__x_join(x, path, ".",
                               ank__zig_get_name(x, members[--count]));
        ank_import_name *nm = path ? ANK_X_PUSH(x, im->names, im->nnames)
                                   : NULL;
        if (!nm)
            return true;
        nm->name = path;
        const char *dot = strrchr(path, '.');
        const char *last = dot ? dot + 1 : path;
        nm->alias = alias && strcmp(alias, last) != 0 ? alias : NULL;
    }
    return true;
}

/* -------------------------------------------------------- functions */

static bool is_self_param(const zig_scope *s, const ank_param *p)
{
    if (p->name && strcmp(p->name, "self") == 0)
        return true;
    const ank_type *t = p->type.tree;
    if (!s || !t)
        return false;
    if (t->kind == ANK_TYPE_POINTER)
        t = t->a;
    return t && t->kind == ANK_TYPE_NAMED && t->name &&
           (strcmp(t->name, "Self") == 0 || strcmp(t->name, s->simple) == 0 ||
            strcmp(t->name, s->name) == 0);
}

static bool fill_params(ank_x *x, const zig_scope *s, ank_signature *sig,
                        TSNode params)
{
    const char *self_name = s ? s->name : NULL;
    bool ok = true;
    TSTreeCursor c = ts_tree_cursor_new(params);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ank__x_is(k, "parameter"))
                continue;
            ank_param *p = ANK_X_PUSH(x, sig->params, sig->nparams);
            if (!p) {
                ok = false;
                break;
            }
            TSNode name = ank__x_field(k, "name"), type = ank__x_field(k, "type");
            if (ts_node_is_null(name) && ts_node_is_null(type)) {
                if (ank__x_text_eq(x, k, "..."))
                    p->flags |= ANK_PARAM_VARIADIC;
                continue;
            }
            if (!ts_node_is_null(name))
                p->name_span = ank__x_span(x, name);
            if (!ts_node_is_null(name) && !(p->name = ank__zig_get_name(x, name))) {
                ok = false;
                break;
            }
            if (!ank__zig_fill_typeref(x, &p->type, type, self_name, 0)) {
                ok = false;
                break;
            }
            bool comptime = ank__zig_has_token(k, "comptime") ||
                            ank__x_is(type, "comptime_type_expression");
            if (comptime && p->name) {
                ank_generic *g = ANK_X_PUSH(x, sig->generics, sig->ngenerics);
                if (!g) {
                    ok = false;
                    break;
                }
                g->name = p->name;
                g->bound = p->type.text;
            }
            if (sig->nparams == 1 && is_self_param(s, p))
                p->flags |= ANK_PARAM_SELF;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return ok;
}

static void on_function(ank_x *x, zig_walk *w, TSNode n)
{
    TSNode name = ank__x_field(n, "name");
    if (ts_node_is_null(name) || is_empty(name))
        return;
    const zig_scope *s = top_scope(w);
    const char *qname =
        ank__x_join(x, s ? s->name : NULL, ".", ank__zig_get_name(x, name));
    ank_constraint *c =
        qname ? ank__x_add(x, ANK_KIND_FUNCTION_SIGNATURE, n, qname) : NULL;
    if (!c)
        return;
    settle_confidence(x, c, n);
    ank_signature *sig = &c->u.sig;
    sig->receiver = s ? s->name : NULL;
    sig->visibility = ANK_VIS_MODULE;
    TSNode body = ank__x_field(n, "body"), end = body, extern_tok = body;
    bool after_extern = false, ok = true;
    TSTreeCursor cur = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&cur)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&cur);
            const char *t = ts_node_type(k);
            bool was_extern = after_extern;
            after_extern = false;
            if (!ts_node_is_named(k)) {
                if (strcmp(t, "pub") == 0 || strcmp(t, "export") == 0) {
                    sig->visibility = ANK_VIS_PUBLIC;
                    sig->exported = true;
                }
                if (strcmp(t, "export") == 0 || strcmp(t, "extern") == 0 ||
                    strcmp(t, "inline") == 0 || strcmp(t, "noinline") == 0)
                    ok = ank__x_push_str(x, &sig->decorators,
                                         &sig->ndecorators, ank__x_text(x, k));
                if (strcmp(t, "extern") == 0) {
                    after_extern = true;
                    extern_tok = k;
                }
                if (strcmp(t, ";") == 0 && ts_node_is_null(body))
                    end = k;
            } else if (strcmp(t, "string") == 0 && was_extern) {
                /* extern "c": one decorator with the library name. */
                sig->decorators[sig->ndecorators - 1] =
                    ank__x_slice(x, ts_node_start_byte(extern_tok),
                                 ts_node_end_byte(k));
            } else if (strcmp(t, "calling_convention") == 0 ||
                       strcmp(t, "byte_alignment") == 0 ||
                       strcmp(t, "link_section") == 0 ||
                       strcmp(t, "address_space") == 0) {
                ok = ank__x_push_str(x, &sig->decorators, &sig->ndecorators,
                                     ank__x_text(x, k));
            } else if (strcmp(t, "parameters") == 0) {
                ok = fill_params(x, s, sig, k);
            }
        } while (ok && ts_tree_cursor_goto_next_sibling(&cur));
    }
    ts_tree_cursor_delete(&cur);
    if (!ok)
        return;
    sig->signature = ank__x_text_until(x, n, end);
    TSNode ret = ank__x_field(n, "type");
    if (!ank__zig_fill_typeref(x, &sig->returns, ret, s ? s->name : NULL, 0))
        return;
    if (sig->returns.tree && sig->returns.tree->kind == ANK_TYPE_ERROR_UNION)
        sig->error_style = ANK_ERRSTYLE_ERROR_UNION;
    sig->doc = ank__zig_doc(x, n);
}

/* ----------------------------------------------------------- shapes */

static ank_shape *new_shape(ank_x *x, TSNode decl, const char *qname, bool pub,
                            ank_shape_kind kind)
{
    ank_constraint *c = ank__x_add(x, ANK_KIND_TYPE_SHAPE, decl, qname);
    if (!c)
        return NULL;
    settle_confidence(x, c, decl);
    ank_shape *sh = &c->u.shape;
    sh->shape = kind;
    sh->visibility = pub ? ANK_VIS_PUBLIC : ANK_VIS_MODULE;
    sh->exported = pub;
    sh->doc = ank__zig_doc(x, decl);
    return x->status == ANK_OK ? sh : NULL;
}

static bool add_variant_payload(ank_x *x, ank_variant *v, TSNode type,
                                const char *self_name)
{
    if (ts_node_is_null(type) || ank__x_text_eq(x, type, "void"))
        return true;
    ank_field *f = ANK_X_PUSH(x, v->fields, v->nfields);
    if (!f)
        return false;
    v->tuple = true;
    f->name = "0";
    return ank__zig_fill_typeref(x, &f->type, type, self_name, 0);
}

/* One member of a container body; false on failure. */
static bool add_member(ank_x *x, ank_shape *sh, TSNode k, const char *kind,
                       const char *qname, uint32_t *positional)
{
    const char *t = ts_node_type(k);
    if (strcmp(t, "function_declaration") == 0) {
        TSNode name = ank__x_field(k, "name");
        return ts_node_is_null(name) ||
               ank__x_push_str(x, &sh->methods, &sh->nmethods,
                               ank__zig_get_name(x, name));
    }
    if (strcmp(t, "using_namespace_declaration") == 0) {
        TSNode e = ank__zig_find_last(k);
        ank_field *f = ts_node_is_null(e) ? NULL
                                          : ANK_X_PUSH(x, sh->fields,
                                                       sh->nfields);
        if (!f)
            return ts_node_is_null(e);
        f->embedded = true;
        f->name = ank__x_text(x, e);
        return f->name && ank__zig_fill_typeref(x, &f->type, e, qname, 0);
    }
    TSNode name = ank__x_field(k, "name"), type = ank__x_field(k, "type");
    if (strcmp(t, "container_field") != 0 || is_empty(k) ||
        ts_node_is_null(name))
        return true;
    if (strcmp(kind, "struct_declaration") == 0 ||
        strcmp(kind, "opaque_declaration") == 0) {
        ank_field *f = ANK_X_PUSH(x, sh->fields, sh->nfields);
        bool named = !ts_node_is_null(type);
        bool ok = f && ank__zig_fill_field(x, f, k, named ? 0 : *positional,
                                           qname, 0);
        if (!named)
            (*positional)++;
        return ok;
    }
    if (ank__x_text_eq(x, name, "_") && ts_node_is_null(type))
        return ank__x_push_str(x, &sh->attributes, &sh->nattributes,
                               "non_exhaustive");
    ank_variant *v = ANK_X_PUSH(x, sh->variants, sh->nvariants);
    if (!v || !(v->name = ank__zig_get_name(x, name)))
        return false;
    TSNode value = ank__zig_find_value(k);
    if (!ts_node_is_null(value) && !(v->value = ank__x_text(x, value)))
        return false;
    v->doc = ank__zig_doc(x, k);
    if (strcmp(kind, "union_declaration") == 0)
        return add_variant_payload(x, v, type, qname);
    return x->status == ANK_OK;
}

/* The first line of a `//!` comment opening the body, or NULL. */
static const char *body_doc(ank_x *x, TSNode comment)
{
    uint32_t s = ts_node_start_byte(comment), e = ts_node_end_byte(comment);
    if (e > x->len || e - s < 3 || memcmp(x->src + s, "//!", 3) != 0)
        return NULL;
    return ank__x_doc_first_line(x, x->src + s, e - s);
}

static ank_walk on_container(ank_x *x, zig_walk *w, TSNode decl, TSNode value,
                             const char *qname, const char *simple, bool pub)
{
    const char *kind = ts_node_type(value);
    bool opaque = strcmp(kind, "opaque_declaration") == 0;
    ank_shape *sh = new_shape(
        x, decl, qname, pub,
        strcmp(kind, "enum_declaration") == 0    ? ANK_SHAPE_ENUM
        : strcmp(kind, "union_declaration") == 0 ? ANK_SHAPE_UNION
                                                 : ANK_SHAPE_STRUCT);
    if (!sh)
        return ANK_WALK_SKIP;
    if (opaque && !ank__x_push_str(x, &sh->attributes, &sh->nattributes,
                                   "opaque"))
        return ANK_WALK_SKIP;
    TSNode backing = {{0}, NULL, NULL};
    bool in_body = false, leading = true, tagged = false, ok = true;
    uint32_t positional = 0;
    TSTreeCursor c = ts_tree_cursor_new(value);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            const char *t = ts_node_type(k);
            if (!in_body) {
                if (strcmp(t, "{") == 0)
                    in_body = true;
                else if (strcmp(t, "packed") == 0 || strcmp(t, "extern") == 0)
                    ok = ank__x_push_str(x, &sh->attributes, &sh->nattributes,
                                         ank__x_text(x, k));
                else if (strcmp(t, "enum") == 0) /* union(enum) */
                    tagged = true;
                else if (ts_node_is_named(k) && strcmp(t, "comment") != 0)
                    backing = k;
                continue;
            }
            if (strcmp(t, "comment") == 0) {
                if (leading && !sh->doc)
                    sh->doc = body_doc(x, k);
                continue;
            }
            leading = false;
            ok = add_member(x, sh, k, kind, qname, &positional);
        } while (ok && ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    if (!ok || x->status != ANK_OK)
        return ANK_WALK_SKIP;
    /* union(Tag) is tagged too; its tag type goes in `aliased`. */
    if (strcmp(kind, "union_declaration") == 0 &&
        (tagged || !ts_node_is_null(backing)) &&
        !ank__x_push_str(x, &sh->attributes, &sh->nattributes, "tagged"))
        return ANK_WALK_SKIP;
    if (!ts_node_is_null(backing) &&
        !ank__zig_fill_typeref(x, &sh->aliased, backing, qname, 0))
        return ANK_WALK_SKIP;
    if (sh->shape == ANK_SHAPE_STRUCT && positional > 0 &&
        positional == sh->nfields)
        sh->shape = ANK_SHAPE_TUPLE_STRUCT;
    if (w->nscopes >= ZIG_MAX_NESTING)
        return ANK_WALK_SKIP;
    zig_scope *scope = ANK_X_PUSH(x, w->scopes, w->nscopes);
    if (!scope)
        return ANK_WALK_SKIP;
    scope->name = qname;
    scope->simple = simple;
    scope->body = value;
    return ANK_WALK_DESCEND;
}

static bool is_error_set(ank_x *x, TSNode v)
{
    (void)x;
    return ank__x_is(v, "error_set_declaration") ||
           (ank__x_is(v, "binary_expression") &&
            ank__zig_has_token(v, "||"));
}

static bool add_error_names(ank_x *x, ank_shape *sh, TSNode set)
{
    TSTreeCursor c = ts_tree_cursor_new(set);
    bool ok = true;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ank__x_is(k, "identifier"))
                continue;
            ank_variant *v = ANK_X_PUSH(x, sh->variants, sh->nvariants);
            ok = v && (v->name = ank__zig_get_name(x, k)) != NULL;
            if (ok)
                v->doc = ank__zig_doc(x, k);
        } while (ok && ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return ok && x->status == ANK_OK;
}

/* `error{A, B}` or a merge `error{A} || Other || error{B}`: an enum of
 * error names; merged named sets are listed as bases. */
static void on_error_set(ank_x *x, TSNode decl, TSNode value, const char *qname,
                         bool pub)
{
    ank_shape *sh = new_shape(x, decl, qname, pub, ANK_SHAPE_ENUM);
    if (!sh || !ank__x_push_str(x, &sh->attributes, &sh->nattributes,
                                "error_set"))
        return;
    /* `||` is left-associative: collect the right operands down the left
     * spine, then visit them in source order. */
    TSNode *ops = NULL;
    uint32_t nops = 0;
    TSNode n = value;
    for (;;) {
        TSNode *slot = ANK_X_PUSH(x, ops, nops);
        if (!slot)
            return;
        if (!ank__x_is(n, "binary_expression") || !ank__zig_has_token(n, "||")) {
            *slot = n;
            break;
        }
        *slot = ank__x_field(n, "right");
        n = ank__x_field(n, "left");
    }
    while (nops > 0) {
        TSNode op = ops[--nops];
        while (ank__x_is(op, "parenthesized_expression"))
            op = ank__zig_find_last(op);
        bool ok = ank__x_is(op, "error_set_declaration")
                      ? add_error_names(x, sh, op)
                      : ank__x_push_str(x, &sh->bases, &sh->nbases,
                                        ank__x_text(x, op));
        if (!ok)
            return;
    }
}

static bool is_title_case(const char *s)
{
    if (!s || !(s[0] >= 'A' && s[0] <= 'Z'))
        return false;
    if (s[1] == '\0')
        return true;
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            return true;
    return false;
}

/* The last name of `a`, `a.b.C` (NULL for anything else). */
static const char *last_name(ank_x *x, TSNode n)
{
    if (ank__x_is(n, "field_expression"))
        return ank__zig_get_name(x, ank__x_field(n, "member"));
    if (ank__x_is(n, "identifier"))
        return ank__zig_get_name(x, n);
    return NULL;
}

/* Is the value of `const X = value` clearly a type?  See docs/languages/
 * zig.md: type syntax, type-returning builtins, and (by Zig's naming
 * convention) TitleCase names and calls of TitleCase functions. */
static bool is_type_value(ank_x *x, TSNode v)
{
    static const char *const type_nodes[] = {
        "builtin_type",  "pointer_type",     "slice_type",
        "array_type",    "nullable_type",    "error_union_type",
        "function_signature", NULL};
    for (int i = 0; i < ANK_TYPE_MAX_DEPTH &&
                    ank__x_is(v, "parenthesized_expression");
         i++)
        v = ank__zig_find_last(v);
    if (ts_node_is_null(v))
        return false;
    const char *t = ts_node_type(v);
    for (const char *const *p = type_nodes; *p; p++)
        if (strcmp(t, *p) == 0)
            return true;
    if (strcmp(t, "builtin_function") == 0) {
        TSNode id = ank__x_child_of_type(v, "builtin_identifier");
        return ank__x_text_eq(x, id, "@This") ||
               ank__x_text_eq(x, id, "@Vector") ||
               ank__x_text_eq(x, id, "@Type") ||
               ank__x_text_eq(x, id, "@TypeOf");
    }
    /* `?a.B` parses as `(?a).B`: the prefix makes it a type. */
    if (ank__zig_is_prefix_type(ank__zig_find_base(v)))
        return true;
    if (strcmp(t, "call_expression") == 0)
        return is_title_case(last_name(x, ank__x_field(v, "function")));
    return is_title_case(last_name(x, v));
}

static ank_walk on_variable(ank_x *x, zig_walk *w, TSNode n)
{
    TSNode id = ank__x_child_of_type(n, "identifier");
    TSNode value = ank__zig_find_value(n);
    if (ts_node_is_null(id) || is_empty(id) || ts_node_is_null(value))
        return ANK_WALK_SKIP;
    const zig_scope *s = top_scope(w);
    const char *simple = ank__zig_get_name(x, id);
    const char *qname = ank__x_join(x, s ? s->name : NULL, ".", simple);
    if (!qname || try_import(x, n, value, simple, false))
        return ANK_WALK_SKIP;
    if (!ank__zig_has_token(n, "const"))
        return ANK_WALK_SKIP;
    bool pub = ank__zig_has_token(n, "pub");
    if (is_container(ts_node_type(value)))
        return on_container(x, w, n, value, qname, simple, pub);
    TSNode inner = value;
    for (int i = 0; i < ZIG_MAX_NESTING &&
                    ank__x_is(inner, "parenthesized_expression");
         i++)
        inner = ank__zig_find_last(inner);
    if (is_error_set(x, inner)) {
        on_error_set(x, n, inner, qname, pub);
        return ANK_WALK_SKIP;
    }
    TSNode annot = ank__x_field(n, "type");
    if (ts_node_is_null(annot) ? is_type_value(x, value)
                               : ank__x_text_eq(x, annot, "type")) {
        ank_shape *sh = new_shape(x, n, qname, pub, ANK_SHAPE_TYPE_ALIAS);
        if (sh)
            ank__zig_fill_typeref(x, &sh->aliased, value, s ? s->name : NULL,
                                  0);
    }
    return ANK_WALK_SKIP;
}

/* ------------------------------------------------------------ walk */

static ank_walk on_enter(ank_x *x, TSNode n, void *data)
{
    zig_walk *w = data;
    const char *t = ts_node_type(n);
    if (strcmp(t, "variable_declaration") == 0)
        return on_variable(x, w, n);
    if (strcmp(t, "function_declaration") == 0) {
        on_function(x, w, n);
        return ANK_WALK_SKIP;
    }
    if (strcmp(t, "using_namespace_declaration") == 0) {
        try_import(x, n, ank__zig_find_last(n), NULL, true);
        return ANK_WALK_SKIP;
    }
    /* Declarations the parser could not place still count. */
    if (strcmp(t, "ERROR") == 0)
        return ANK_WALK_DESCEND;
    const zig_scope *s = top_scope(w);
    if (s && is_container(t) && ts_node_eq(n, s->body))
        return ANK_WALK_DESCEND;
    return ANK_WALK_SKIP;
}

static void on_leave(ank_x *x, TSNode n, void *data)
{
    zig_walk *w = data;
    (void)x;
    /* Only a variable_declaration naming a container is descended into,
     * and that pushed one scope. */
    if (ank__x_is(n, "variable_declaration") && w->nscopes > 0)
        w->nscopes--;
}

void ank__extract_zig(ank_x *x)
{
    zig_walk w = {NULL, 0};
    ank__x_walk(x, x->root, on_enter, on_leave, &w);
}
