/*
 * lang_rust.c - the Rust extractor: function signatures (free functions,
 * methods of impl blocks and traits, extern block declarations), type
 * shapes (struct, tuple struct, enum, union, type alias, trait) and imports
 * (use, extern crate, `mod foo;`).  docs/languages/rust.md has the rules.
 *
 * Invariants: the tree is walked with ank__x_walk; only module-level
 * containers (mod bodies, impl/trait bodies, extern blocks, ERROR nodes)
 * are entered, never function bodies.  Enclosing containers form a linked
 * scope stack in the arena, pushed on enter and popped on leave, at most
 * SCOPE_MAX deep.  Attributes and doc comments are collected going
 * forward (the walk, or a cursor over a field/variant list, sees them just
 * before their item) because looking back with the sibling functions costs
 * a search from the root per call.  Use trees are flattened with a fixed
 * explicit stack.  After any NULL from a helper we stop: x->status is set.
 */
#include <stdio.h>

#include "../ffi/arena.h"
#include "lang_rust.h"

/* Containers nested deeper than this are not entered (their qualified
 * names would grow quadratically). */
#define SCOPE_MAX 128
/* Use groups nested deeper than this are kept as one name. */
#define USE_MAX ANK_TYPE_MAX_DEPTH

typedef struct scope {
    struct scope *parent;
    TSNode node;
    const char *path;     /* qualified name prefix ("net.Stack") */
    const char *receiver; /* impl target / trait name; NULL in a mod */
    const char *abi;      /* extern block: `extern "C"` */
    bool public_members;  /* trait definition or trait impl */
    bool is_trait;        /* trait definition */
    uint32_t depth;
} scope;

/* What the attributes and doc comments above an item say. */
typedef struct item_prefix {
    const char **attrs;
    uint32_t nattrs;
    const char *doc;
    const char *rename;
    const char *rename_all;
    bool skip, optional, flatten;
} item_prefix;

typedef struct walk_state {
    scope *top;
    item_prefix pending; /* attributes and docs seen since the last item */
} walk_state;

static bool is_comment(TSNode n)
{
    return ank__x_is(n, "line_comment") || ank__x_is(n, "block_comment");
}

static const char *name_of(ank_x *x, TSNode n)
{
    return ank__x_text(x, ank__x_field(n, "name"));
}

static const char *qualify(ank_x *x, const scope *s, const char *name)
{
    return ank__x_join(x, s ? s->path : NULL, ".", name);
}

static ank_visibility visibility(TSNode item)
{
    TSNode v = ank__x_child_of_type(item, "visibility_modifier");
    if (ts_node_is_null(v))
        return ANK_VIS_PRIVATE;
    if (ank__rust_nnamed(v) == 0)
        return ANK_VIS_PUBLIC;
    return ts_node_is_null(ank__x_child_of_type(v, "crate"))
               ? ANK_VIS_RESTRICTED
               : ANK_VIS_CRATE;
}

/* ------------------------------------------------------------ attributes */

/* The `serde(...)` keys of attribute node `attr`: `key` and `key = "v"`
 * at the top level of the token tree. */
static void read_serde(ank_x *x, TSNode attr, item_prefix *p)
{
    ank_rust_kids k;
    TSNode path = ank__rust_kids_first(&k, attr, true);
    ank__rust_kids_close(&k);
    if (!ank__x_text_eq(x, path, "serde"))
        return;
    /* window: a = key, b = "=", c = value */
    TSNode a = {{0}, NULL, NULL}, b = a, c = a;
    TSNode args = ank__x_field(attr, "arguments");
    TSNode n = ank__rust_kids_first(&k, args, false);
    for (int tail = 2; tail > 0; n = ank__rust_kids_next(&k)) {
        if (ts_node_is_null(n))
            tail--; /* shift the last key into `a` */
        a = b;
        b = c;
        c = n;
        /* `default` is a keyword token, not an identifier. */
        if (!ank__x_is(a, "identifier") && !ank__x_is(a, "default"))
            continue;
        bool has = ank__x_is(b, "=") && ank__x_is(c, "string_literal");
        if (ank__x_text_eq(x, a, "rename") && has)
            p->rename = ank__x_unquote(x, c);
        else if (ank__x_text_eq(x, a, "rename_all") && has)
            p->rename_all = ank__x_unquote(x, c);
        else if (ank__x_text_eq(x, a, "skip") ||
                 ank__x_text_eq(x, a, "skip_serializing") ||
                 ank__x_text_eq(x, a, "skip_deserializing"))
            p->skip = true;
        else if (ank__x_text_eq(x, a, "default") ||
                 ank__x_text_eq(x, a, "skip_serializing_if"))
            p->optional = true;
        else if (ank__x_text_eq(x, a, "flatten"))
            p->flatten = true;
    }
    ank__rust_kids_close(&k);
}

/* Feed one node that precedes an item (in source order).  True when it is
 * part of the item's prefix: an outer attribute or a comment (only outer
 * doc comments give the doc). */
static bool prefix_take(ank_x *x, item_prefix *p, TSNode n)
{
    if (ank__x_is(n, "attribute_item")) {
        TSNode attr = ank__x_child_of_type(n, "attribute");
        if (!ts_node_is_null(attr)) {
            ank__x_push_str(x, &p->attrs, &p->nattrs, ank__x_text(x, attr));
            read_serde(x, attr, p);
        }
        return true;
    }
    if (!is_comment(n))
        return false;
    if (!p->doc && !ts_node_is_null(ank__x_field(n, "outer"))) {
        uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
        if (b <= x->len && a < b)
            p->doc = ank__x_doc_first_line(x, x->src + a, b - a);
    }
    return true;
}

/* -------------------------------------------------------------- generics */

/* `bounds` text without the leading colon. */
static const char *bounds_text(ank_x *x, TSNode bounds)
{
    if (ts_node_is_null(bounds))
        return NULL;
    uint32_t s = ts_node_start_byte(bounds), e = ts_node_end_byte(bounds);
    while (s < e && s < x->len &&
           (x->src[s] == ':' || x->src[s] == ' ' || x->src[s] == '\t'))
        s++;
    return ank__x_slice(x, s, e);
}

static bool read_generics(ank_x *x, TSNode item, ank_generic **out,
                          uint32_t *n)
{
    TSNode params = ank__x_field(item, "type_parameters");
    ank_rust_kids k;
    for (TSNode p = ank__rust_kids_first(&k, params, true);
         !ts_node_is_null(p) && x->status == ANK_OK; p = ank__rust_kids_next(&k)) {
        const char *t = ts_node_type(p);
        bool lifetime = strcmp(t, "lifetime_parameter") == 0;
        bool konst = strcmp(t, "const_parameter") == 0;
        if (!lifetime && !konst && strcmp(t, "type_parameter") != 0)
            continue;
        ank_generic *g = ANK_X_PUSH(x, *out, *n);
        if (!g || !(g->name = name_of(x, p)))
            break;
        if (konst) {
            g->bound = ank__x_text(x, ank__x_field(p, "type"));
            g->default_text = ank__x_text(x, ank__x_field(p, "value"));
        } else {
            g->bound = bounds_text(x, ank__x_field(p, "bounds"));
            g->default_text = ank__x_text(x, ank__x_field(p, "default_type"));
        }
    }
    ank__rust_kids_close(&k);
    /* where T: A  ->  appended to T's bound. */
    TSNode where = ank__x_child_of_type(item, "where_clause");
    for (TSNode pred = ank__rust_kids_first(&k, where, true);
         !ts_node_is_null(pred) && x->status == ANK_OK;
         pred = ank__rust_kids_next(&k)) {
        TSNode left = ank__x_field(pred, "left");
        if (!ank__x_is(pred, "where_predicate") || ts_node_is_null(left))
            continue;
        for (uint32_t i = 0; i < *n; i++) {
            ank_generic *g = &(*out)[i];
            if (!ank__x_text_eq(x, left, g->name))
                continue;
            const char *b = bounds_text(x, ank__x_field(pred, "bounds"));
            if (!b)
                break;
            g->bound = g->bound ? ank__x_join(x, g->bound, " + ", b) : b;
            break;
        }
    }
    ank__rust_kids_close(&k);
    return x->status == ANK_OK;
}

/* ------------------------------------------------------------- functions */

static bool read_param(ank_x *x, TSNode c, ank_signature *g);

static bool read_params(ank_x *x, TSNode fn, ank_signature *g)
{
    TSNode params = ank__x_field(fn, "parameters");
    ank_rust_kids k;
    bool ok = true;
    for (TSNode c = ank__rust_kids_first(&k, params, true);
         ok && !ts_node_is_null(c); c = ank__rust_kids_next(&k)) {
        ok = read_param(x, c, g);
    }
    ank__rust_kids_close(&k);
    return ok;
}

/* One child of a parameter list; attributes and comments are passed over. */
static bool read_param(ank_x *x, TSNode c, ank_signature *g)
{
    const char *t = ts_node_type(c);
    bool self = strcmp(t, "self_parameter") == 0;
    bool variadic = strcmp(t, "variadic_parameter") == 0;
    if (!self && !variadic && strcmp(t, "parameter") != 0)
        return true; /* attributes, comments */
    ank_param *p = ANK_X_PUSH(x, g->params, g->nparams);
    if (!p)
        return false;
    if (self) {
        p->name = "self";
        p->flags = ANK_PARAM_SELF;
        p->type.text = ank__x_text(x, c);
        ank_type *tree = ank__x_type_named(x, "Self");
        if (tree && ank__x_is(ts_node_child(c, 0), "&")) {
            tree = ank__x_type_wrap(x, ANK_TYPE_POINTER, tree);
            if (tree && !ts_node_is_null(
                            ank__x_child_of_type(c, "mutable_specifier")))
                tree->flags |= ANK_TYPE_MUTABLE;
        }
        return (p->type.tree = tree) && p->type.text;
    }
    TSNode pat = ank__x_field(c, "pattern");
    if (!ts_node_is_null(pat))
        p->name_span = ank__x_span(x, pat);
    if (!ts_node_is_null(pat) && !(p->name = ank__x_text(x, pat)))
        return false;
    if (variadic) {
        p->flags = ANK_PARAM_VARIADIC;
        return true;
    }
    if (ank__x_is(pat, "self"))
        p->flags = ANK_PARAM_SELF;
    return ank__rust_typeref(x, ank__x_field(c, "type"), &p->type);
}

static void do_function(ank_x *x, walk_state *w, TSNode n, item_prefix *p)
{
    scope *s = w->top;
    const char *name = qualify(x, s, name_of(x, n));
    if (!name)
        return;
    ank_constraint *c = ank__x_add(x, ANK_KIND_FUNCTION_SIGNATURE, n, name);
    if (!c)
        return;
    ank_signature *g = &c->u.sig;
    TSNode body = ank__x_field(n, "body");
    TSNode end = body;
    uint32_t nkids = ank__rust_nchildren(n);
    if (ts_node_is_null(end) && nkids > 0) {
        TSNode last = ts_node_child(n, nkids - 1);
        if (ank__x_is(last, ";"))
            end = last;
    }
    g->receiver = s ? s->receiver : NULL;
    g->signature = ank__x_text_until(x, n, end);
    g->decorators = p->attrs;
    g->ndecorators = p->nattrs;
    g->doc = p->doc;
    if (s && s->abi && !ank__x_push_str(x, &g->decorators, &g->ndecorators,
                                        s->abi))
        return;
    ank_rust_kids k;
    TSNode mods = ank__x_child_of_type(n, "function_modifiers");
    for (TSNode m = ank__rust_kids_first(&k, mods, false); !ts_node_is_null(m);
         m = ank__rust_kids_next(&k)) {
        if (ank__x_is(m, "async"))
            g->is_async = true;
        else
            ank__x_push_str(x, &g->decorators, &g->ndecorators,
                            ank__x_text(x, m));
    }
    ank__rust_kids_close(&k);

    g->visibility = s && s->public_members ? ANK_VIS_PUBLIC : visibility(n);
    g->exported = g->visibility == ANK_VIS_PUBLIC;
    if (x->status != ANK_OK ||
        !read_generics(x, n, &g->generics, &g->ngenerics) ||
        !read_params(x, n, g))
        return;
    TSNode ret = ank__x_field(n, "return_type");
    if (!ank__rust_typeref(x, ret, &g->returns))
        return;
    g->error_style = ank__rust_error_style(x, ret);
    g->is_abstract = s && s->is_trait && ts_node_is_null(body);
    g->is_static = s && s->receiver &&
                   !(g->nparams > 0 && (g->params[0].flags & ANK_PARAM_SELF));
}

/* ---------------------------------------------------------------- shapes */

static ank_shape *add_shape(ank_x *x, walk_state *w, TSNode n,
                            ank_shape_kind kind, const item_prefix *p)
{
    const char *name = qualify(x, w->top, name_of(x, n));
    if (!name)
        return NULL;
    ank_constraint *c = ank__x_add(x, ANK_KIND_TYPE_SHAPE, n, name);
    if (!c)
        return NULL;
    ank_shape *sh = &c->u.shape;
    sh->shape = kind;
    sh->attributes = p->attrs;
    sh->nattributes = p->nattrs;
    sh->doc = p->doc;
    sh->rename_all = p->rename_all;
    sh->visibility = visibility(n);
    sh->exported = sh->visibility == ANK_VIS_PUBLIC;
    if (!read_generics(x, n, &sh->generics, &sh->ngenerics))
        return NULL;
    return sh;
}

static bool add_field(ank_x *x, ank_field **fields, uint32_t *n,
                      const char *name, TSNode type, const item_prefix *p)
{
    ank_field *f = ANK_X_PUSH(x, *fields, *n);
    if (!f || !name || !ank__rust_typeref(x, type, &f->type))
        return false;
    f->name = name;
    f->doc = p->doc;
    f->rename = p->rename;
    f->attributes = p->attrs;
    f->nattributes = p->nattrs;
    f->skip = p->skip;
    f->embedded = p->flatten;
    f->optional = p->optional ||
                  (f->type.tree && f->type.tree->kind == ANK_TYPE_OPTIONAL);
    return true;
}

/* Fields of a `{ a: T }` or `(T, U)` body; `tuple` tells which it was. */
static bool read_fields(ank_x *x, TSNode body, ank_field **fields,
                        uint32_t *n, bool *tuple)
{
    *tuple = ank__x_is(body, "ordered_field_declaration_list");
    char index[16];
    uint32_t next = 0;
    item_prefix p;
    memset(&p, 0, sizeof p);
    ank_rust_kids k;
    bool ok = true;
    for (TSNode c = ank__rust_kids_first(&k, body, true);
         ok && !ts_node_is_null(c); c = ank__rust_kids_next(&k)) {
        if (prefix_take(x, &p, c) || ank__x_is(c, "visibility_modifier"))
            continue;
        if (ank__x_is(c, "field_declaration")) {
            ok = add_field(x, fields, n, name_of(x, c), ank__x_field(c, "type"),
                           &p);
            if (ok)
                (*fields)[*n - 1].name_span =
                    ank__x_span(x, ank__x_field(c, "name"));
        } else if (*tuple) {
            snprintf(index, sizeof index, "%u", next++);
            ok = add_field(x, fields, n, ank__x_join(x, "", "", index), c, &p);
        }
        memset(&p, 0, sizeof p);
    }
    ank__rust_kids_close(&k);
    return ok && x->status == ANK_OK;
}

static void do_struct(ank_x *x, walk_state *w, TSNode n, ank_shape_kind kind,
                      const item_prefix *p)
{
    TSNode body = ank__x_field(n, "body");
    bool tuple = ank__x_is(body, "ordered_field_declaration_list");
    ank_shape *sh =
        add_shape(x, w, n, tuple ? ANK_SHAPE_TUPLE_STRUCT : kind, p);
    if (sh && !ts_node_is_null(body))
        read_fields(x, body, &sh->fields, &sh->nfields, &tuple);
}

static bool read_variant(ank_x *x, ank_shape *sh, TSNode c,
                         const item_prefix *p)
{
    ank_variant *v = ANK_X_PUSH(x, sh->variants, sh->nvariants);
    if (!v || !(v->name = name_of(x, c)))
        return false;
    v->doc = p->doc;
    v->rename = p->rename;
    TSNode value = ank__x_field(c, "value");
    if (!ts_node_is_null(value) && !(v->value = ank__x_text(x, value)))
        return false;
    TSNode body = ank__x_field(c, "body");
    return ts_node_is_null(body) ||
           read_fields(x, body, &v->fields, &v->nfields, &v->tuple);
}

static void do_enum(ank_x *x, walk_state *w, TSNode n, const item_prefix *ip)
{
    ank_shape *sh = add_shape(x, w, n, ANK_SHAPE_ENUM, ip);
    if (!sh)
        return;
    item_prefix p;
    memset(&p, 0, sizeof p);
    ank_rust_kids k;
    bool ok = true;
    for (TSNode c = ank__rust_kids_first(&k, ank__x_field(n, "body"), true);
         ok && !ts_node_is_null(c); c = ank__rust_kids_next(&k)) {
        if (prefix_take(x, &p, c))
            continue;
        if (ank__x_is(c, "enum_variant"))
            ok = read_variant(x, sh, c, &p);
        memset(&p, 0, sizeof p);
    }
    ank__rust_kids_close(&k);
}

static void do_alias(ank_x *x, walk_state *w, TSNode n, const item_prefix *p)
{
    ank_shape *sh = add_shape(x, w, n, ANK_SHAPE_TYPE_ALIAS, p);
    if (sh)
        ank__rust_typeref(x, ank__x_field(n, "type"), &sh->aliased);
}

static void do_trait(ank_x *x, walk_state *w, TSNode n, const item_prefix *p)
{
    ank_shape *sh = add_shape(x, w, n, ANK_SHAPE_TRAIT, p);
    if (!sh)
        return;
    ank_rust_kids k;
    for (TSNode b = ank__rust_kids_first(&k, ank__x_field(n, "bounds"), true);
         !ts_node_is_null(b); b = ank__rust_kids_next(&k)) {
        if (!ank__x_is(b, "lifetime") && !is_comment(b))
            ank__x_push_str(x, &sh->bases, &sh->nbases, ank__x_text(x, b));
    }
    ank__rust_kids_close(&k);
    for (TSNode m = ank__rust_kids_first(&k, ank__x_field(n, "body"), true);
         !ts_node_is_null(m); m = ank__rust_kids_next(&k)) {
        if (ank__x_is(m, "function_item") ||
            ank__x_is(m, "function_signature_item"))
            ank__x_push_str(x, &sh->methods, &sh->nmethods, name_of(x, m));
    }
    ank__rust_kids_close(&k);
}

/* --------------------------------------------------------------- imports */

static ank_import_origin origin_of(const char *path)
{
    static const char *const stdlib[] = {"std", "core", "alloc", "proc_macro",
                                         "test", NULL};
    static const char *const relative[] = {"crate", "self", "super", NULL};
    if (!path)
        return ANK_ORIGIN_EXTERNAL;
    if (path[0] == ':' && path[1] == ':')
        path += 2;
    size_t len = strcspn(path, ":");
    for (const char *const *s = relative; *s; s++)
        if (strlen(*s) == len && memcmp(path, *s, len) == 0)
            return ANK_ORIGIN_RELATIVE;
    for (const char *const *s = stdlib; *s; s++)
        if (strlen(*s) == len && memcmp(path, *s, len) == 0)
            return ANK_ORIGIN_STDLIB;
    return ANK_ORIGIN_EXTERNAL;
}

static ank_import *add_import(ank_x *x, TSNode n, const char *module)
{
    if (!module)
        return NULL;
    ank_constraint *c = ank__x_add(x, ANK_KIND_IMPORT_MODULE, n, module);
    if (!c)
        return NULL;
    c->u.import.module = module;
    return &c->u.import;
}

static bool add_name(ank_x *x, ank_import *m, const char *name,
                     const char *alias)
{
    ank_import_name *in = ANK_X_PUSH(x, m->names, m->nnames);
    if (!in || !name)
        return false;
    in->name = name;
    in->alias = alias;
    return true;
}

/* The leaves of a use group, named relative to the module. */
static void flatten_use_list(ank_x *x, ank_import *m, TSNode list)
{
    struct {
        ank_rust_kids kids;
        TSNode next;
        const char *prefix;
    } stack[USE_MAX];
    int sp = 0;
    stack[sp].next = ank__rust_kids_first(&stack[sp].kids, list, true);
    stack[sp++].prefix = NULL;
    while (sp > 0) {
        TSNode c = stack[sp - 1].next;
        if (ts_node_is_null(c) || x->status != ANK_OK) {
            ank__rust_kids_close(&stack[--sp].kids);
            continue;
        }
        stack[sp - 1].next = ank__rust_kids_next(&stack[sp - 1].kids);
        const char *prefix = stack[sp - 1].prefix;
        if (is_comment(c))
            continue;
        if (ank__x_is(c, "scoped_use_list") && sp < USE_MAX) {
            TSNode path = ank__x_field(c, "path");
            stack[sp].prefix =
                ts_node_is_null(path)
                    ? prefix
                    : ank__x_join(x, prefix, "::", ank__x_text(x, path));
            stack[sp].next = ank__rust_kids_first(
                &stack[sp].kids, ank__x_field(c, "list"), true);
            sp++;
        } else if (ank__x_is(c, "use_as_clause")) {
            add_name(x, m,
                     ank__x_join(x, prefix, "::",
                                 ank__x_text(x, ank__x_field(c, "path"))),
                     ank__x_text(x, ank__x_field(c, "alias")));
        } else {
            add_name(x, m, ank__x_join(x, prefix, "::", ank__x_text(x, c)),
                     NULL);
        }
    }
}

static void do_use(ank_x *x, TSNode n)
{
    TSNode arg = ank__x_field(n, "argument");
    if (ts_node_is_null(arg))
        return;
    const char *t = ts_node_type(arg);
    ank_import *m = NULL;
    if (strcmp(t, "scoped_identifier") == 0 &&
        !ts_node_is_null(ank__x_field(arg, "path"))) {
        m = add_import(x, n, ank__x_text(x, ank__x_field(arg, "path")));
        if (m)
            add_name(x, m, name_of(x, arg), NULL);
    } else if (strcmp(t, "use_as_clause") == 0) {
        TSNode path = ank__x_field(arg, "path");
        const char *alias = ank__x_text(x, ank__x_field(arg, "alias"));
        if (ank__x_is(path, "scoped_identifier") &&
            !ts_node_is_null(ank__x_field(path, "path"))) {
            m = add_import(x, n, ank__x_text(x, ank__x_field(path, "path")));
            if (m)
                add_name(x, m, name_of(x, path), alias);
        } else if ((m = add_import(x, n, ank__x_text(x, path)))) {
            m->alias = alias;
        }
    } else if (strcmp(t, "use_wildcard") == 0) {
        TSNode path = ts_node_named_child(arg, 0);
        m = add_import(x, n, ts_node_is_null(path) ? ""
                                                   : ank__x_text(x, path));
        if (m)
            m->wildcard = true;
    } else if (strcmp(t, "scoped_use_list") == 0 || strcmp(t, "use_list") == 0) {
        TSNode path = ank__x_field(arg, "path");
        m = add_import(x, n, ts_node_is_null(path) ? ""
                                                   : ank__x_text(x, path));
        if (m)
            flatten_use_list(x, m, t[0] == 's' ? ank__x_field(arg, "list")
                                               : arg);
    } else {
        m = add_import(x, n, ank__x_text(x, arg));
    }
    if (m)
        m->origin = origin_of(m->module[0] || !m->nnames ? m->module
                                                         : m->names[0].name);
}

static void do_extern_crate(ank_x *x, TSNode n)
{
    ank_import *m = add_import(x, n, name_of(x, n));
    if (!m)
        return;
    TSNode alias = ank__x_field(n, "alias");
    if (!ts_node_is_null(alias) && !(m->alias = ank__x_text(x, alias)))
        return;
    m->origin = origin_of(m->module);
}

/* ------------------------------------------------------------------ walk */

static bool push_scope(ank_x *x, walk_state *w, TSNode n, const char *name,
                       const char *receiver)
{
    scope *s = ank__arena_alloc(x->arena, sizeof *s);
    if (!s) {
        ank__x_fail(x, ANK_ERR_NOMEM);
        return false;
    }
    memset(s, 0, sizeof *s);
    s->parent = w->top;
    s->node = n;
    s->depth = w->top ? w->top->depth + 1 : 1;
    s->receiver = receiver;
    s->path = name ? qualify(x, w->top, name) : w->top ? w->top->path : NULL;
    w->top = s;
    return x->status == ANK_OK;
}

static ank_walk enter(ank_x *x, TSNode n, void *data)
{
    walk_state *w = data;
    if (prefix_take(x, &w->pending, n))
        return ANK_WALK_SKIP;
    item_prefix p = w->pending;
    memset(&w->pending, 0, sizeof w->pending);
    const char *t = ts_node_type(n);
    bool in_type = w->top && w->top->receiver;
    if (strcmp(t, "function_item") == 0 ||
        strcmp(t, "function_signature_item") == 0) {
        do_function(x, w, n, &p);
        return ANK_WALK_SKIP;
    }
    if (strcmp(t, "declaration_list") == 0 || strcmp(t, "ERROR") == 0)
        return ANK_WALK_DESCEND;
    if (in_type)
        return ANK_WALK_SKIP; /* associated types and consts */
    if (strcmp(t, "use_declaration") == 0) {
        do_use(x, n);
    } else if (strcmp(t, "extern_crate_declaration") == 0) {
        do_extern_crate(x, n);
    } else if (strcmp(t, "struct_item") == 0) {
        do_struct(x, w, n, ANK_SHAPE_STRUCT, &p);
    } else if (strcmp(t, "union_item") == 0) {
        do_struct(x, w, n, ANK_SHAPE_UNION, &p);
    } else if (strcmp(t, "enum_item") == 0) {
        do_enum(x, w, n, &p);
    } else if (strcmp(t, "type_item") == 0) {
        do_alias(x, w, n, &p);
    } else if ((w->top ? w->top->depth : 0) >= SCOPE_MAX) {
        return ANK_WALK_SKIP;
    } else if (strcmp(t, "mod_item") == 0) {
        TSNode name = ank__x_field(n, "name");
        if (ts_node_is_null(ank__x_field(n, "body"))) {
            ank_import *m = add_import(x, n, ank__x_text(x, name));
            if (m)
                m->origin = ANK_ORIGIN_RELATIVE;
        } else if (push_scope(x, w, n, ank__x_text(x, name), NULL)) {
            return ANK_WALK_DESCEND;
        }
    } else if (strcmp(t, "trait_item") == 0) {
        do_trait(x, w, n, &p);
        const char *name = name_of(x, n);
        if (name && push_scope(x, w, n, name, name)) {
            w->top->public_members = w->top->is_trait = true;
            return ANK_WALK_DESCEND;
        }
    } else if (strcmp(t, "impl_item") == 0) {
        TSNode type = ank__x_field(n, "type");
        const char *name = ank__x_text(x, ank__rust_leaf(type));
        if (name && push_scope(x, w, n, name, name)) {
            w->top->public_members = !ts_node_is_null(ank__x_field(n, "trait"));
            return ANK_WALK_DESCEND;
        }
    } else if (strcmp(t, "foreign_mod_item") == 0) {
        if (push_scope(x, w, n, NULL, NULL)) {
            TSNode abi = ank__x_child_of_type(n, "extern_modifier");
            w->top->abi = ts_node_is_null(abi) ? "extern" : ank__x_text(x, abi);
            return ANK_WALK_DESCEND;
        }
    }
    return ANK_WALK_SKIP;
}

static void leave(ank_x *x, TSNode n, void *data)
{
    walk_state *w = data;
    (void)x;
    memset(&w->pending, 0, sizeof w->pending);
    if (w->top && ts_node_eq(n, w->top->node))
        w->top = w->top->parent;
}

void ank__extract_rust(ank_x *x)
{
    walk_state w;
    memset(&w, 0, sizeof w);
    ank__x_walk(x, x->root, enter, leave, &w);
}
