/*
 * lang_typescript.c - the TypeScript/TSX extractor: function signatures,
 * type shapes (interfaces, type aliases, classes, enums) and imports.
 * Serves both grammars (x->lang tells which parsed the file; node names are
 * the same).  docs/languages/typescript.md describes the output.  This file
 * walks the tree, tracks scopes and exports, and emits functions and
 * shapes; the members of class and interface bodies are read by
 * lang_typescript_members.c, imports by lang_typescript_imports.c.
 *
 * Invariants: the tree is visited with ank__x_walk, which only descends
 * into export/declare wrappers, namespaces and ERROR nodes; everything else
 * is handled where it is met and skipped, so function bodies are never
 * scanned.  A stack of scope frames (a linked list reused through a free
 * list, so memory is bounded by the nesting depth) carries the qualified
 * name prefix and the export state; a frame is popped when the walk leaves
 * the node that pushed it.  Flat lists are read with tree cursors
 * (tree-sitter's indexed child and sibling calls rescan the parent, which
 * is quadratic on long lists); doc comments are found going forward
 * (ank__typescript_doc_step) for the same reason.  After any helper NULL
 * with x->status set, we stop.
 */
#include "lang_typescript.h"
#include "lang_typescript_imports.h"
#include "lang_typescript_members.h"

#include <stdlib.h>

/* ------------------------------------------------------------- scopes */

typedef enum scope_kind {
    SCOPE_EXPORT,   /* export_statement: its declaration is export-marked */
    SCOPE_AMBIENT,  /* declare ...: passes the mark through */
    SCOPE_NAMESPACE /* namespace/module/declare global body */
} scope_kind;

typedef struct scope {
    struct scope *up;
    TSNode node;        /* popped when the walk leaves this node */
    scope_kind kind;
    const char *prefix; /* NAMESPACE: qualified name of the namespace */
    bool exported;      /* NAMESPACE: members marked `export` are exported */
    bool implicit;      /* NAMESPACE: every member is exported (ambient) */
    TSNode doc;         /* doc comment above `node` */
} scope;

typedef struct ctx {
    scope *top, *free;
    const char **exports; /* names in top-level `export { a, b as c }` */
    uint32_t nexports;
    ank_ts_doc doc;       /* comments seen by the walk */
    TSNode cur_doc;       /* doc comment above the node being entered */
} ctx;

/* Where a declaration sits: qualified prefix, export state, and its doc
 * comment (the one above its outermost export/declare wrapper). */
typedef struct place {
    const char *prefix;
    bool exported;
    TSNode doc;
    TSNode export_stmt; /* null when not directly exported */
} place;

static bool scope_push(ank_x *x, ctx *c, TSNode node, scope_kind kind)
{
    scope *s = c->free;
    if (s) {
        c->free = s->up;
    } else {
        uint32_t n = 0;
        scope *arr = NULL;
        if (!(s = ANK_X_PUSH(x, arr, n)))
            return false;
    }
    memset(s, 0, sizeof *s);
    s->node = node;
    s->kind = kind;
    s->doc = c->cur_doc;
    s->up = c->top;
    c->top = s;
    return true;
}

static void leave(ank_x *x, TSNode node, void *data)
{
    ctx *c = data;
    (void)x;
    c->doc.open = false; /* comments inside `node` are not above its sibling */
    if (c->top && ts_node_eq(c->top->node, node)) {
        scope *s = c->top;
        c->top = s->up;
        s->up = c->free;
        c->free = s;
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is the text of `name` in the (sorted) export list? */
static bool in_export_list(ctx *c, ank_x *x, TSNode name)
{
    uint32_t s = ts_node_start_byte(name), e = ts_node_end_byte(name);
    if (e > x->len || s > e)
        return false;
    size_t len = e - s, lo = 0, hi = c->nexports;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = c->exports[mid];
        int cmp = strncmp(m, x->src + s, len);
        if (cmp == 0 && m[len] != '\0')
            cmp = 1; /* m is longer */
        if (cmp == 0)
            return true;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static place place_of(ctx *c, ank_x *x, TSNode decl, TSNode name)
{
    place p = {NULL, false, c->cur_doc, {{0}, NULL, NULL}};
    (void)decl;
    bool marked = false;
    scope *s = c->top;
    for (; s && s->kind != SCOPE_NAMESPACE; s = s->up) {
        if (s->kind == SCOPE_EXPORT) {
            marked = true;
            if (ts_node_is_null(p.export_stmt))
                p.export_stmt = s->node;
        }
        p.doc = s->doc;
    }
    if (s) {
        p.prefix = s->prefix;
        p.exported = s->implicit || (marked && s->exported);
    } else {
        p.exported = marked || (!ts_node_is_null(name) &&
                                in_export_list(c, x, name));
    }
    return p;
}

static const char *qualify(ank_x *x, const place *p, const char *name)
{
    return ank__x_join(x, p->prefix, ".", name);
}

/* --------------------------------------------------------- functions */

/* The signature text: from `start` to the body, or without the trailing
 * `;` when there is no body. */
const char *ank__typescript_signature_text(ank_x *x, TSNode start,
                                           TSNode decl, TSNode body)
{
    if (ts_node_is_null(body)) {
        uint32_t count = ts_node_child_count(decl);
        TSNode last = count ? ts_node_child(decl, count - 1) : body;
        if (!ts_node_is_null(last) && !ts_node_is_named(last) &&
            strcmp(ts_node_type(last), ";") == 0)
            body = last;
    }
    return ank__x_text_until(x, start, body);
}

/* Fill what every function-like node has: parameters, return type,
 * generics, async/generator, error style. */
bool ank__typescript_fill_function(ank_x *x, ank_signature *s, TSNode fn)
{
    TSNode params = ank__typescript_field(fn, ANK_TS_F_PARAMETERS);
    if (ts_node_is_null(params))
        params = ank__typescript_field(fn, ANK_TS_F_PARAMETER);
    TSNode ret = ank__typescript_field(fn, ANK_TS_F_RETURN_TYPE);
    if (ts_node_is_null(ret) && ank__x_is(fn, "construct_signature"))
        ret = ank__typescript_field(fn, ANK_TS_F_TYPE);
    const char *type = ts_node_type(fn);
    s->is_async = ank__typescript_has_token(fn, "async");
    s->is_generator = strstr(type, "generator") != NULL ||
                      ank__typescript_has_token(fn, "*");
    if (!ank__typescript_params(x, params, &s->params, &s->nparams) ||
        !ank__typescript_typeref(x, ret, &s->returns) ||
        !ank__typescript_generics(x, ank__typescript_field(fn, ANK_TS_F_TYPE_PARAMETERS),
                                  &s->generics, &s->ngenerics))
        return false;
    const ank_type *t = s->returns.tree;
    if ((t && t->kind == ANK_TYPE_NAMED && t->name &&
         strcmp(t->name, "Promise") == 0) ||
        (!t && s->is_async))
        s->error_style = ANK_ERRSTYLE_PROMISE;
    return true;
}

/* A top-level or namespace-level function: declaration, overload
 * signature, `const f = () => ...` (fn = the value, decl = the statement or
 * declarator), or an anonymous `export default function`. */
static void emit_function(ank_x *x, ctx *c, TSNode decl, TSNode fn,
                          TSNode name_node, const char *name)
{
    place p = place_of(c, x, decl, name_node);
    if (!name)
        name = ank__x_text(x, name_node);
    const char *qname = qualify(x, &p, name);
    ank_constraint *k = ank__x_add(x, ANK_KIND_FUNCTION_SIGNATURE, decl, qname);
    if (!k)
        return;
    ank_signature *s = &k->u.sig;
    TSNode body = ank__typescript_field(fn, ANK_TS_F_BODY);
    s->signature = ank__typescript_signature_text(x, decl, fn, body);
    s->is_abstract = ts_node_is_null(body);
    s->exported = p.exported;
    s->visibility = p.exported ? ANK_VIS_PUBLIC : ANK_VIS_MODULE;
    s->doc = ank__typescript_doc_text(x, p.doc);
    ank__typescript_fill_function(x, s, fn);
}

static bool is_function_value(TSNode value)
{
    return ank__x_is(value, "arrow_function") ||
           ank__x_is(value, "function_expression") ||
           ank__x_is(value, "generator_function");
}

static void emit_variables(ank_x *x, ctx *c, TSNode decl)
{
    uint32_t declarators = 0;
    ank_ts_kids k;
    TSNode d;
    ank__typescript_kids_open(&k, decl, true);
    while (ank__typescript_kids_next(&k, &d))
        declarators += ank__x_is(d, "variable_declarator");
    ank__typescript_kids_close(&k);
    ank__typescript_kids_open(&k, decl, true);
    while (x->status == ANK_OK && ank__typescript_kids_next(&k, &d)) {
        TSNode value = ank__typescript_field(d, ANK_TS_F_VALUE);
        TSNode name = ank__typescript_field(d, ANK_TS_F_NAME);
        if (ank__x_is(d, "variable_declarator") && is_function_value(value) &&
            ank__x_is(name, "identifier"))
            emit_function(x, c, declarators == 1 ? decl : d, value, name,
                          NULL);
    }
    ank__typescript_kids_close(&k);
}

/* ------------------------------------------------------------ shapes */

static ank_constraint *add_shape(ank_x *x, ctx *c, TSNode decl,
                                 TSNode name_node, ank_shape_kind kind,
                                 place *p)
{
    *p = place_of(c, x, decl, name_node);
    const char *name = ts_node_is_null(name_node) ? "default"
                                                  : ank__x_text(x, name_node);
    ank_constraint *k = ank__x_add(x, ANK_KIND_TYPE_SHAPE, decl,
                                   qualify(x, p, name));
    if (!k)
        return NULL;
    ank_shape *sh = &k->u.shape;
    sh->shape = kind;
    sh->exported = p->exported;
    sh->visibility = p->exported ? ANK_VIS_PUBLIC : ANK_VIS_MODULE;
    sh->doc = ank__typescript_doc_text(x, p->doc);
    ank__typescript_generics(x, ank__typescript_field(decl, ANK_TS_F_TYPE_PARAMETERS),
                             &sh->generics, &sh->ngenerics);
    return x->status == ANK_OK ? k : NULL;
}

/* The text of each named child (`implements A, B`, `extends A, B`). */
static void add_texts(ank_x *x, TSNode n, const char ***list, uint32_t *len)
{
    ank_ts_kids k;
    TSNode t;
    ank__typescript_kids_open(&k, n, true);
    while (x->status == ANK_OK && ank__typescript_kids_next(&k, &t))
        ank__x_push_str(x, list, len, ank__x_text(x, t));
    ank__typescript_kids_close(&k);
}

static void emit_class(ank_x *x, ctx *c, TSNode decl)
{
    place p;
    ank_constraint *k = add_shape(x, c, decl, ank__typescript_field(decl, ANK_TS_F_NAME),
                                  ANK_SHAPE_CLASS, &p);
    if (!k)
        return;
    ank_shape *sh = &k->u.shape;
    if (!ts_node_is_null(p.export_stmt)) /* @dec export class */
        ank__typescript_decorators(x, p.export_stmt, &sh->attributes,
                                   &sh->nattributes);
    ank__typescript_decorators(x, decl, &sh->attributes, &sh->nattributes);
    ank_ts_kids kids;
    TSNode clause;
    ank__typescript_kids_open(&kids, ank__x_child_of_type(decl, "class_heritage"),
                              true);
    while (x->status == ANK_OK && ank__typescript_kids_next(&kids, &clause)) {
        if (ank__x_is(clause, "extends_clause")) {
            /* `extends Base<T>`: value and type arguments are siblings. */
            TSNode v = ank__typescript_field(clause, ANK_TS_F_VALUE);
            TSNode targs = ank__typescript_field(clause, ANK_TS_F_TYPE_ARGUMENTS);
            if (!ts_node_is_null(v))
                ank__x_push_str(
                    x, &sh->bases, &sh->nbases,
                    ank__x_slice(x, ts_node_start_byte(v),
                                 ts_node_end_byte(ts_node_is_null(targs) ? v
                                                                         : targs)));
        } else if (ank__x_is(clause, "implements_clause")) {
            add_texts(x, clause, &sh->bases, &sh->nbases);
        }
    }
    ank__typescript_kids_close(&kids);
    ank__typescript_class_body(x, k, p.exported,
                               ank__typescript_field(decl, ANK_TS_F_BODY));
}

static void emit_interface(ank_x *x, ctx *c, TSNode decl)
{
    place p;
    ank_constraint *k = add_shape(x, c, decl, ank__typescript_field(decl, ANK_TS_F_NAME),
                                  ANK_SHAPE_INTERFACE, &p);
    if (!k)
        return;
    add_texts(x, ank__x_child_of_type(decl, "extends_type_clause"),
              &k->u.shape.bases, &k->u.shape.nbases);
    ank__typescript_type_members(x, k, p.exported,
                                 ank__typescript_field(decl, ANK_TS_F_BODY));
}

static void emit_alias(ank_x *x, ctx *c, TSNode decl)
{
    place p;
    ank_constraint *k = add_shape(x, c, decl, ank__typescript_field(decl, ANK_TS_F_NAME),
                                  ANK_SHAPE_TYPE_ALIAS, &p);
    if (!k)
        return;
    ank_shape *sh = &k->u.shape;
    TSNode value = ank__typescript_field(decl, ANK_TS_F_VALUE);
    if (!ank__typescript_typeref(x, value, &sh->aliased))
        return;
    if (ank__x_is(value, "object_type")) {
        ank__typescript_type_members(x, k, p.exported, value);
        return;
    }
    /* A union of literal types is an enumeration of its values. */
    const ank_type *t = sh->aliased.tree;
    if (!t || t->kind != ANK_TYPE_UNION)
        return;
    for (uint32_t i = 0; i < t->nitems; i++)
        if (t->items[i]->kind != ANK_TYPE_LITERAL)
            return;
    for (uint32_t i = 0; i < t->nitems; i++) {
        ank_variant *v = ANK_X_PUSH(x, sh->variants, sh->nvariants);
        if (!v)
            return;
        v->name = t->items[i]->name;
    }
}

static void emit_enum(ank_x *x, ctx *c, TSNode decl)
{
    place p;
    ank_constraint *k = add_shape(x, c, decl, ank__typescript_field(decl, ANK_TS_F_NAME),
                                  ANK_SHAPE_ENUM, &p);
    if (!k)
        return;
    ank_shape *sh = &k->u.shape;
    ank_ts_doc doc = {{{0}, NULL, NULL}, 0, false};
    ank_ts_kids kids;
    TSNode m;
    ank__typescript_kids_open(&kids, ank__typescript_field(decl, ANK_TS_F_BODY), false);
    while (x->status == ANK_OK && ank__typescript_kids_next(&kids, &m)) {
        TSNode d = ank__typescript_doc_step(x, &doc, m);
        TSNode name = m, value = {{0}, NULL, NULL};
        if (!ts_node_is_named(m) || ank__typescript_is_comment(m))
            continue;
        if (ank__x_is(m, "enum_assignment")) {
            name = ank__typescript_field(m, ANK_TS_F_NAME);
            value = ank__typescript_field(m, ANK_TS_F_VALUE);
        }
        ank_variant *v = ANK_X_PUSH(x, sh->variants, sh->nvariants);
        if (!v)
            break;
        v->name = ank__typescript_name(x, name);
        v->value = ank__x_text(x, value);
        v->doc = ank__typescript_doc_text(x, d);
    }
    ank__typescript_kids_close(&kids);
}

/* Local names exported by the file's top-level `export { a, b as c }`,
 * `export default a` and `export = a`. */
static void collect_exports(ank_x *x, ctx *c)
{
    ank_ts_kids k, spec_kids;
    TSNode s, spec;
    ank__typescript_kids_open(&k, x->root, true);
    while (x->status == ANK_OK && ank__typescript_kids_next(&k, &s)) {
        if (!ank__x_is(s, "export_statement") ||
            !ts_node_is_null(ank__typescript_field(s, ANK_TS_F_SOURCE)))
            continue;
        ank__typescript_kids_open(&spec_kids,
                                  ank__x_child_of_type(s, "export_clause"), true);
        while (ank__typescript_kids_next(&spec_kids, &spec))
            if (ank__x_is(spec, "export_specifier"))
                ank__x_push_str(x, &c->exports, &c->nexports,
                                ank__x_text(x, ank__typescript_field(spec, ANK_TS_F_NAME)));
        ank__typescript_kids_close(&spec_kids);
        TSNode value = ank__typescript_field(s, ANK_TS_F_VALUE);
        if (ts_node_is_null(value))
            value = ank__x_child_of_type(s, "identifier"); /* export = a */
        if (ank__x_is(value, "identifier"))
            ank__x_push_str(x, &c->exports, &c->nexports, ank__x_text(x, value));
    }
    ank__typescript_kids_close(&k);
    if (c->nexports > 1)
        qsort(c->exports, c->nexports, sizeof *c->exports, by_name);
}

/* -------------------------------------------------------------- walk */

static ank_walk enter_namespace(ank_x *x, ctx *c, TSNode n)
{
    TSNode name = ank__typescript_field(n, ANK_TS_F_NAME);
    place p = place_of(c, x, n, name);
    bool ambient_module = ank__x_is(name, "string"); /* declare module "m" */
    bool ambient = false;
    for (scope *s = c->top; s && s->kind != SCOPE_NAMESPACE; s = s->up)
        ambient |= s->kind == SCOPE_AMBIENT;
    const char *qname = ts_node_is_null(name)
                            ? p.prefix
                            : qualify(x, &p, ank__typescript_name(x, name));
    if (x->status != ANK_OK || !scope_push(x, c, n, SCOPE_NAMESPACE))
        return ANK_WALK_SKIP;
    c->top->prefix = qname;
    c->top->exported = p.exported;
    /* Members of an ambient declaration are exported without the keyword:
     * always for `declare module "m"` and `declare global` (the caller's
     * case), and as far as the namespace itself is for `declare namespace`. */
    c->top->implicit = ambient && (ambient_module || p.exported);
    if (c->top->up && c->top->up->kind == SCOPE_NAMESPACE &&
        c->top->up->implicit)
        c->top->implicit = true;
    return ANK_WALK_DESCEND;
}

static ank_walk enter(ank_x *x, TSNode n, void *data)
{
    ctx *c = data;
    const char *type = ts_node_type(n);
    TSNode doc = ank__typescript_doc_step(x, &c->doc, n);
    if (strcmp(type, "comment") == 0)
        return ANK_WALK_SKIP;
    c->cur_doc = doc;
    if (strcmp(type, "export_statement") == 0) {
        TSNode source = ank__typescript_field(n, ANK_TS_F_SOURCE);
        if (!ts_node_is_null(source)) {
            ank__typescript_reexport(x, n, source);
            return ANK_WALK_SKIP;
        }
        TSNode value = ank__typescript_field(n, ANK_TS_F_VALUE);
        if (ank__x_is(value, "function_expression") ||
            ank__x_is(value, "arrow_function") ||
            ank__x_is(value, "generator_function")) {
            /* export default function () {}: skipped, so leave() is not
             * called for it and the frame is popped here. */
            if (scope_push(x, c, n, SCOPE_EXPORT)) {
                TSNode name = ank__typescript_field(value, ANK_TS_F_NAME);
                emit_function(x, c, value, value, name,
                              ts_node_is_null(name) ? "default" : NULL);
                leave(x, n, c);
            }
            return ANK_WALK_SKIP;
        }
        if (ts_node_is_null(ank__typescript_field(n, ANK_TS_F_DECLARATION)) &&
            !ank__x_is(value, "class"))
            return ANK_WALK_SKIP;
        return scope_push(x, c, n, SCOPE_EXPORT) ? ANK_WALK_DESCEND
                                                 : ANK_WALK_SKIP;
    }
    if (strcmp(type, "ambient_declaration") == 0) {
        TSNode inner = ts_node_named_child(n, 0);
        if (ank__x_is(inner, "statement_block")) { /* declare global { } */
            if (!scope_push(x, c, n, SCOPE_NAMESPACE))
                return ANK_WALK_SKIP;
            scope *up = c->top->up;
            while (up && up->kind != SCOPE_NAMESPACE)
                up = up->up;
            c->top->prefix = up ? up->prefix : NULL;
            c->top->exported = c->top->implicit = true;
            return ANK_WALK_DESCEND;
        }
        return scope_push(x, c, n, SCOPE_AMBIENT) ? ANK_WALK_DESCEND
                                                  : ANK_WALK_SKIP;
    }
    if (strcmp(type, "expression_statement") == 0)
        return ank__x_is(ts_node_named_child(n, 0), "internal_module")
                   ? ANK_WALK_DESCEND
                   : ANK_WALK_SKIP;
    if (strcmp(type, "internal_module") == 0 || strcmp(type, "module") == 0)
        return enter_namespace(x, c, n);
    if (strcmp(type, "statement_block") == 0)
        /* Only namespace bodies are entered, never function bodies. */
        return c->top && (ts_node_eq(ank__typescript_field(c->top->node, ANK_TS_F_BODY), n) ||
                          ts_node_eq(ts_node_named_child(c->top->node, 0), n))
                   ? ANK_WALK_DESCEND
                   : ANK_WALK_SKIP;
    if (strcmp(type, "ERROR") == 0)
        return ANK_WALK_DESCEND; /* keep the valid declarations inside */
    if (strcmp(type, "import_statement") == 0)
        ank__typescript_import(x, n);
    else if (strcmp(type, "function_declaration") == 0 ||
             strcmp(type, "generator_function_declaration") == 0 ||
             strcmp(type, "function_signature") == 0)
        emit_function(x, c, n, n, ank__typescript_field(n, ANK_TS_F_NAME), NULL);
    else if (strcmp(type, "lexical_declaration") == 0 ||
             strcmp(type, "variable_declaration") == 0)
        emit_variables(x, c, n);
    else if (strcmp(type, "class_declaration") == 0 ||
             strcmp(type, "abstract_class_declaration") == 0 ||
             strcmp(type, "class") == 0)
        emit_class(x, c, n);
    else if (strcmp(type, "interface_declaration") == 0)
        emit_interface(x, c, n);
    else if (strcmp(type, "type_alias_declaration") == 0)
        emit_alias(x, c, n);
    else if (strcmp(type, "enum_declaration") == 0)
        emit_enum(x, c, n);
    return ANK_WALK_SKIP;
}

void ank__extract_typescript(ank_x *x)
{
    ctx c = {0};
    collect_exports(x, &c);
    if (x->status == ANK_OK)
        ank__x_walk(x, x->root, enter, leave, &c);
}
