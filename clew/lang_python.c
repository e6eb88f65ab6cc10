/*
 * lang_python.c - Python extractor: function and method signatures, class
 * shapes (plain, dataclass, pydantic, TypedDict, NamedTuple, Protocol,
 * Enum), type aliases and imports.
 *
 * The walk enters module-level compound statements (if TYPE_CHECKING:,
 * try/except around imports) and class bodies, never function bodies.  A
 * stack of enclosing classes gives receivers and qualified names; it lives
 * in the arena, so 10,000 nested classes cost memory, not stack.
 * Export rule: a module-level name is exported when `__all__` lists it, or,
 * when the module has no `__all__`, when it does not start with `_`.
 */
#include "extract.h"
#include "lang_python.h"
#include "python_stdlib.h"

typedef struct py_scope {
    const char *name;     /* qualified class name */
    ank_constraint *shape;
    bool exported;
    bool total_false; /* TypedDict(..., total=False) */
} py_scope;

typedef struct py_state {
    py_scope *scopes;
    uint32_t nscopes;
    const char **all;     /* names in __all__ */
    uint32_t nall;
    bool has_all;
} py_state;

/* ------------------------------------------------------------- helpers */

static bool starts_with_underscore(const char *name)
{
    return name && name[0] == '_';
}

static bool is_dunder(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n > 4 && name[0] == '_' && name[1] == '_' && name[n - 1] == '_' &&
           name[n - 2] == '_';
}

/* A body's docstring: the first statement when it is a string. */
static const char *docstring(ank_x *x, TSNode body)
{
    if (ts_node_is_null(body) || ts_node_named_child_count(body) == 0)
        return NULL;
    TSNode first = ts_node_named_child(body, 0);
    if (!ank__x_is(first, "expression_statement"))
        return NULL;
    TSNode s = ts_node_named_child(first, 0);
    if (!ank__x_is(s, "string"))
        return NULL;
    uint32_t a = ts_node_start_byte(s), b = ts_node_end_byte(s);
    /* Skip a string prefix such as r or u before the quotes. */
    while (a < b && x->src[a] != '"' && x->src[a] != '\'')
        a++;
    return ank__x_doc_first_line(x, x->src + a, b - a);
}

/* ---------------------------------------------------------- signatures */

/* Does a function body yield (outside nested functions, lambdas and
 * classes)? */
static ank_walk find_yield(ank_x *x, TSNode n, void *data)
{
    (void)x;
    const char *t = ts_node_type(n);
    if (strcmp(t, "yield") == 0) {
        *(bool *)data = true;
        return ANK_WALK_SKIP;
    }
    if (*(bool *)data || strcmp(t, "function_definition") == 0 ||
        strcmp(t, "class_definition") == 0 || strcmp(t, "lambda") == 0)
        return ANK_WALK_SKIP;
    return ANK_WALK_DESCEND;
}

bool ank__python_yields(ank_x *x, TSNode n)
{
    bool yields = false;
    if (find_yield(x, n, &yields) == ANK_WALK_DESCEND)
        ank__x_walk(x, n, find_yield, NULL, &yields);
    return yields;
}

static void add_param(ank_x *x, ank_signature *s, TSNode p, uint32_t *mode,
                      bool first_is_self)
{
    enum { POSITIONAL = 1, KEYWORD_ONLY = 2 };
    const char *t = ts_node_type(p);
    if (strcmp(t, "positional_separator") == 0) {
        for (uint32_t i = 0; i < s->nparams; i++)
            if (!(s->params[i].flags & ANK_PARAM_SELF))
                s->params[i].flags |= ANK_PARAM_POSITIONAL_ONLY;
        return;
    }
    if (strcmp(t, "keyword_separator") == 0) {
        *mode |= KEYWORD_ONLY;
        return;
    }
    if (strcmp(t, "comment") == 0)
        return;
    ank_param *param = ANK_X_PUSH(x, s->params, s->nparams);
    if (!param)
        return;
    TSNode name = p, type = {{0}, NULL, NULL}, value = {{0}, NULL, NULL};
    if (strcmp(t, "typed_parameter") == 0) {
        name = ts_node_named_child(p, 0);
        type = ank__x_field(p, "type");
    } else if (strcmp(t, "default_parameter") == 0 ||
               strcmp(t, "typed_default_parameter") == 0) {
        name = ank__x_field(p, "name");
        type = ank__x_field(p, "type");
        value = ank__x_field(p, "value");
    }
    const char *nt = ts_node_type(name);
    if (strcmp(nt, "list_splat_pattern") == 0) {
        param->flags |= ANK_PARAM_VARIADIC;
        name = ts_node_named_child(name, 0);
        *mode |= KEYWORD_ONLY;
    } else if (strcmp(nt, "dictionary_splat_pattern") == 0) {
        param->flags |= ANK_PARAM_KWARGS;
        name = ts_node_named_child(name, 0);
    } else if (*mode & KEYWORD_ONLY) {
        param->flags |= ANK_PARAM_KEYWORD_ONLY;
    }
    param->name = ank__x_text(x, name);
    param->name_span = ank__x_span(x, name);
    param->type = ank__python_typeref(x, type);
    if (!ts_node_is_null(value)) {
        param->default_text = ank__x_text(x, value);
        param->flags |= ANK_PARAM_OPTIONAL;
    }
    if (first_is_self && s->nparams == 1 &&
        !(param->flags & (ANK_PARAM_VARIADIC | ANK_PARAM_KWARGS)))
        param->flags |= ANK_PARAM_SELF;
}

/* PEP 695 type parameters (`def f[T: Bound, U]`, `class C[T]`,
 * `type A[T] = ...`), from the type_parameter node. */
static void type_params_of(ank_x *x, TSNode tparams, ank_generic **list,
                           uint32_t *n)
{
    uint32_t count = ts_node_is_null(tparams) ? 0
                                              : ts_node_named_child_count(tparams);
    for (uint32_t i = 0; i < count; i++) {
        TSNode tp = ank__python_unwrap(ts_node_named_child(tparams, i));
        ank_generic *g = ANK_X_PUSH(x, *list, *n);
        if (!g)
            return;
        if (ank__x_is(tp, "constrained_type")) {
            g->name = ank__x_text(x, ts_node_named_child(tp, 0));
            g->bound = ank__x_text(x, ts_node_named_child(tp, 1));
        } else {
            g->name = ank__x_text(x, tp);
        }
    }
}

static void type_params(ank_x *x, TSNode decl, ank_generic **list, uint32_t *n)
{
    type_params_of(x, ank__x_field(decl, "type_parameters"), list, n);
}

/* What follows the `:` that ends a `def` header: the body, or a comment
 * placed before it, which is not part of the signature. */
static TSNode after_colon(TSNode def, TSNode body)
{
    uint32_t n = ts_node_child_count(def);
    for (uint32_t i = 0; i + 1 < n; i++) {
        TSNode c = ts_node_child(def, i);
        if (!ts_node_is_named(c) && strcmp(ts_node_type(c), ":") == 0)
            return ts_node_child(def, i + 1);
    }
    return body;
}

static ank_visibility visibility_of(bool exported, const char *name)
{
    if (exported)
        return ANK_VIS_PUBLIC;
    return starts_with_underscore(name) ? ANK_VIS_PRIVATE : ANK_VIS_MODULE;
}

static bool exported_name(const py_state *st, const char *name)
{
    if (st->has_all) {
        for (uint32_t i = 0; i < st->nall; i++)
            if (strcmp(st->all[i], name) == 0)
                return true;
        return false;
    }
    return !starts_with_underscore(name);
}

/* Decorator texts without '@', into `list`. */
static void decorators(ank_x *x, TSNode decorated, const char ***list,
                       uint32_t *n)
{
    if (ts_node_is_null(decorated))
        return;
    uint32_t count = ts_node_named_child_count(decorated);
    for (uint32_t i = 0; i < count; i++) {
        TSNode d = ts_node_named_child(decorated, i);
        if (ank__x_is(d, "decorator"))
            ank__x_push_str(x, list, n, ank__x_text(x, ts_node_named_child(d, 0)));
    }
}

/* A constraint for a `def` or `class`, its name qualified by the enclosing
 * classes; *name gets the bare name. */
static ank_constraint *add_declaration(ank_x *x, py_state *st, TSNode node,
                                       ank_kind kind, const char **name)
{
    *name = ank__x_text(x, ank__x_field(node, "name"));
    py_scope *scope = st->nscopes ? &st->scopes[st->nscopes - 1] : NULL;
    const char *qname = ank__x_join(x, scope ? scope->name : NULL, ".", *name);
    return ank__x_add(x, kind, node, qname);
}

static void extract_function(ank_x *x, py_state *st, TSNode fn,
                             TSNode decorated)
{
    const char *name;
    ank_constraint *c = add_declaration(x, st, fn, ANK_KIND_FUNCTION_SIGNATURE,
                                        &name);
    if (!c)
        return;
    py_scope *scope = st->nscopes ? &st->scopes[st->nscopes - 1] : NULL;
    ank_signature *s = &c->u.sig;
    TSNode body = ank__x_field(fn, "body");
    s->signature = ank__x_text_until(x, fn, after_colon(fn, body));
    decorators(x, decorated, &s->decorators, &s->ndecorators);
    for (uint32_t i = 0; i < s->ndecorators; i++) {
        const char *d = ank__python_last_segment(s->decorators[i]);
        if (strcmp(d, "staticmethod") == 0)
            s->is_static = true;
        else if (strcmp(d, "abstractmethod") == 0)
            s->is_abstract = true;
    }
    if (scope) {
        s->receiver = scope->name;
        ank_shape *shape = &scope->shape->u.shape;
        if (shape->shape == ANK_SHAPE_PROTOCOL)
            s->is_abstract = true;
        ank__x_push_str(x, &shape->methods, &shape->nmethods, name);
    }
    for (uint32_t i = 0; i < ts_node_child_count(fn); i++)
        if (ank__x_is(ts_node_child(fn, i), "async"))
            s->is_async = true;

    TSNode params = ank__x_field(fn, "parameters");
    uint32_t mode = 0, count = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < count && x->status == ANK_OK; i++)
        add_param(x, s, ts_node_named_child(params, i), &mode,
                  scope && !s->is_static);
    s->returns = ank__python_typeref(x, ank__x_field(fn, "return_type"));

    type_params(x, fn, &s->generics, &s->ngenerics);

    /* The rule walk, when it follows, goes through the body anyway and
     * marks the generators (rules_python.c): the body is walked once. */
    bool yields = false;
    if (!ts_node_is_null(body) && !x->with_rules)
        ank__x_walk(x, body, find_yield, NULL, &yields);
    s->is_generator = yields;
    s->doc = docstring(x, body);
    if (scope) {
        bool private_ = starts_with_underscore(name) && !is_dunder(name);
        s->visibility = private_ ? ANK_VIS_PRIVATE : ANK_VIS_PUBLIC;
        s->exported = scope->exported && !private_;
    } else {
        s->exported = exported_name(st, name);
        s->visibility = visibility_of(s->exported, name);
    }
}

/* --------------------------------------------------------------- classes */

/* The kind of a class defined earlier in this file, when it is one of the
 * kinds a subclass inherits (a subclass of a BaseModel is a model). */
static bool inherited_kind(ank_x *x, const char *base, ank_shape_kind *out)
{
    const ank_result *r = x->result;
    size_t first = r->files[r->nfiles - 1].first;
    for (size_t i = r->count; i-- > first;) {
        const ank_constraint *c = r->items[i];
        if (c->kind != ANK_KIND_TYPE_SHAPE || strcmp(c->name, base) != 0)
            continue;
        switch (c->u.shape.shape) {
        case ANK_SHAPE_PYDANTIC:
        case ANK_SHAPE_TYPEDDICT:
        case ANK_SHAPE_NAMEDTUPLE:
        case ANK_SHAPE_ENUM:
        case ANK_SHAPE_PROTOCOL:
            *out = c->u.shape.shape;
            return true;
        default:
            return false;
        }
    }
    return false;
}

static ank_shape_kind class_kind(ank_x *x, const ank_shape *sh)
{
    for (uint32_t i = 0; i < sh->nattributes; i++) {
        const char *a = sh->attributes[i];
        size_t n = strcspn(a, "(");
        const char *d = a;
        for (size_t k = 0; k < n; k++)
            if (a[k] == '.')
                d = a + k + 1;
        if ((size_t)(a + n - d) == 9 && strncmp(d, "dataclass", 9) == 0)
            return ANK_SHAPE_DATACLASS;
    }
    for (uint32_t i = 0; i < sh->nbases; i++) {
        const char *b = ank__python_last_segment(sh->bases[i]);
        if (strcmp(b, "BaseModel") == 0)
            return ANK_SHAPE_PYDANTIC;
        if (strcmp(b, "TypedDict") == 0)
            return ANK_SHAPE_TYPEDDICT;
        if (strcmp(b, "NamedTuple") == 0)
            return ANK_SHAPE_NAMEDTUPLE;
        if (strcmp(b, "Enum") == 0 || strcmp(b, "IntEnum") == 0 ||
            strcmp(b, "StrEnum") == 0 || strcmp(b, "Flag") == 0 ||
            strcmp(b, "IntFlag") == 0)
            return ANK_SHAPE_ENUM;
        if (strncmp(b, "Protocol", 8) == 0)
            return ANK_SHAPE_PROTOCOL;
        ank_shape_kind k;
        if (inherited_kind(x, sh->bases[i], &k))
            return k;
    }
    return ANK_SHAPE_CLASS;
}

static void extract_class(ank_x *x, py_state *st, TSNode cls, TSNode decorated)
{
    const char *name;
    ank_constraint *c = add_declaration(x, st, cls, ANK_KIND_TYPE_SHAPE, &name);
    if (!c)
        return;
    py_scope *outer = st->nscopes ? &st->scopes[st->nscopes - 1] : NULL;
    const char *qname = c->name;
    ank_shape *sh = &c->u.shape;
    decorators(x, decorated, &sh->attributes, &sh->nattributes);
    TSNode supers = ank__x_field(cls, "superclasses");
    bool total_false = false;
    uint32_t ns = ts_node_is_null(supers) ? 0 : ts_node_named_child_count(supers);
    for (uint32_t i = 0; i < ns; i++) {
        TSNode b = ts_node_named_child(supers, i);
        if (ank__x_is(b, "keyword_argument")) {
            TSNode v = ank__x_field(b, "value");
            if (ank__x_text_eq(x, ank__x_field(b, "name"), "total") &&
                ank__x_is(v, "false"))
                total_false = true;
            ank__x_push_str(x, &sh->attributes, &sh->nattributes,
                            ank__x_text(x, b));
        } else if (!ank__x_is(b, "comment")) {
            ank__x_push_str(x, &sh->bases, &sh->nbases, ank__x_text(x, b));
        }
    }
    sh->shape = class_kind(x, sh);
    type_params(x, cls, &sh->generics, &sh->ngenerics);
    TSNode body = ank__x_field(cls, "body");
    sh->doc = docstring(x, body);
    if (outer) {
        sh->exported = outer->exported && !starts_with_underscore(name);
    } else {
        sh->exported = exported_name(st, name);
    }
    sh->visibility = outer && !starts_with_underscore(name)
                         ? ANK_VIS_PUBLIC
                         : visibility_of(sh->exported, name);
    py_scope *scope = ANK_X_PUSH(x, st->scopes, st->nscopes);
    if (!scope)
        return;
    scope->name = qname;
    scope->shape = c;
    scope->exported = sh->exported;
    scope->total_false = total_false;
}

/* `name: T = value` in a class body (field), or `NAME = value` in an Enum
 * (variant). */
static void class_member(ank_x *x, py_scope *scope, TSNode assign)
{
    ank_shape *sh = &scope->shape->u.shape;
    TSNode left = ank__x_field(assign, "left");
    TSNode type = ank__x_field(assign, "type");
    TSNode right = ank__x_field(assign, "right");
    if (!ank__x_is(left, "identifier"))
        return;
    const char *name = ank__x_text(x, left);
    if (!name)
        return;
    if (ts_node_is_null(type)) {
        if (sh->shape != ANK_SHAPE_ENUM || starts_with_underscore(name) ||
            ts_node_is_null(right))
            return;
        ank_variant *v = ANK_X_PUSH(x, sh->variants, sh->nvariants);
        if (!v)
            return;
        v->name = name;
        v->value = ank__x_text(x, right);
        return;
    }
    ank_field *f = ANK_X_PUSH(x, sh->fields, sh->nfields);
    if (!f)
        return;
    f->name = name;
    f->name_span = ank__x_span(x, left);
    f->type = ank__python_typeref(x, type);
    /* ClassVar and Final are kept in the text; flags record them. */
    TSNode head = ts_node_named_child(ts_node_named_child(type, 0), 0);
    const char *h = ank__x_is(head, "identifier") || ank__x_is(head, "attribute")
                        ? ank__python_last_segment(ank__x_text(x, head) ? ank__x_text(x, head) : "")
                        : "";
    if (strcmp(h, "ClassVar") == 0)
        f->is_static = true;
    if (strcmp(h, "Final") == 0 || strcmp(h, "ReadOnly") == 0)
        f->readonly = true;
    if (strcmp(h, "NotRequired") == 0 ||
        (sh->shape == ANK_SHAPE_TYPEDDICT && scope->total_false &&
         strcmp(h, "Required") != 0))
        f->optional = true;
    if (!ts_node_is_null(right)) {
        bool declared_optional = f->optional;
        f->default_text = ank__x_text(x, right);
        f->optional = true;
        /* pydantic Field(alias="x") / dataclasses field(...) */
        if (ank__x_is(right, "call")) {
            TSNode args = ank__x_field(right, "arguments");
            uint32_t na = ts_node_named_child_count(args);
            const char *callee = ank__x_text(x, ank__x_field(right, "function"));
            const char *fn = ank__python_last_segment(callee ? callee : "");
            /* Field() and field() give a default only as a first
             * positional argument other than `...`, or as default= or
             * default_factory=; without one the field is required. */
            bool field_call = !strcmp(fn, "Field") || !strcmp(fn, "field");
            bool has_default = !field_call;
            for (uint32_t i = 0; i < na; i++) {
                TSNode kw = ts_node_named_child(args, i);
                bool keyword = ank__x_is(kw, "keyword_argument");
                TSNode arg = keyword ? ank__x_field(kw, "name") : kw;
                if (i == 0 && !keyword && !ank__x_is(kw, "ellipsis") &&
                    !ank__x_is(kw, "comment"))
                    has_default = true;
                if (keyword && (ank__x_text_eq(x, arg, "default") ||
                                ank__x_text_eq(x, arg, "default_factory")))
                    has_default = true;
                if (keyword && ank__x_text_eq(x, arg, "alias") &&
                    ank__x_is(ank__x_field(kw, "value"), "string"))
                    f->rename = ank__x_unquote(x, ank__x_field(kw, "value"));
            }
            f->optional = declared_optional || has_default;
        }
    }
    if (sh->shape == ANK_SHAPE_DATACLASS || sh->shape == ANK_SHAPE_PYDANTIC)
        for (uint32_t i = 0; i < sh->nattributes; i++)
            if (strstr(sh->attributes[i], "frozen=True"))
                f->readonly = true;
}

/* ---------------------------------------------------------------- imports */

static ank_import_origin origin_of(const char *module)
{
    if (!module || module[0] == '.')
        return ANK_ORIGIN_RELATIVE;
    size_t top = strcspn(module, ".");
    return ank__python_is_stdlib(module, top) ? ANK_ORIGIN_STDLIB
                                              : ANK_ORIGIN_EXTERNAL;
}

static void import_plain(ank_x *x, TSNode stmt)
{
    uint32_t n = ts_node_named_child_count(stmt);
    for (uint32_t i = 0; i < n; i++) {
        TSNode item = ts_node_named_child(stmt, i);
        TSNode name = item, alias = {{0}, NULL, NULL};
        if (ank__x_is(item, "aliased_import")) {
            name = ank__x_field(item, "name");
            alias = ank__x_field(item, "alias");
        } else if (!ank__x_is(item, "dotted_name")) {
            continue;
        }
        const char *module = ank__x_text(x, name);
        ank_constraint *c = ank__x_add(x, ANK_KIND_IMPORT_MODULE, stmt, module);
        if (!c)
            return;
        c->u.import.module = module;
        c->u.import.alias = ank__x_text(x, alias);
        c->u.import.origin = origin_of(module);
    }
}

static void import_from(ank_x *x, TSNode stmt, bool future)
{
    TSNode mod = ank__x_field(stmt, "module_name");
    const char *module = future ? "__future__" : ank__x_text(x, mod);
    ank_constraint *c = ank__x_add(x, ANK_KIND_IMPORT_MODULE, stmt, module);
    if (!c)
        return;
    ank_import *im = &c->u.import;
    im->module = module;
    im->origin = origin_of(module);
    uint32_t n = ts_node_named_child_count(stmt);
    for (uint32_t i = 0; i < n; i++) {
        TSNode item = ts_node_named_child(stmt, i);
        if (ts_node_eq(item, mod))
            continue;
        if (ank__x_is(item, "wildcard_import")) {
            im->wildcard = true;
            continue;
        }
        TSNode name = item, alias = {{0}, NULL, NULL};
        if (ank__x_is(item, "aliased_import")) {
            name = ank__x_field(item, "name");
            alias = ank__x_field(item, "alias");
        } else if (!ank__x_is(item, "dotted_name")) {
            continue;
        }
        ank_import_name *in = ANK_X_PUSH(x, im->names, im->nnames);
        if (!in)
            return;
        in->name = ank__x_text(x, name);
        in->alias = ank__x_text(x, alias);
    }
}

/* --------------------------------------------------------------- the walk */

/* An implicit alias (`X = list[int]`) is recognized by the form of its
 * value and the case of its name, not declared: its confidence is this
 * much of a declaration's. */
#define IMPLICIT_ALIAS_CONFIDENCE 0.9

/* `X: TypeAlias = T`, `type X = T`, and the implicit `X = T` and
 * `X = NewType("X", T)` (ank__python_alias_value); a NewType is a defined
 * type, the others aliases. */
static ank_constraint *type_alias(ank_x *x, py_state *st, TSNode where,
                                  TSNode name, TSNode value, ank_shape_kind kind)
{
    /* `type Pair[T] = ...`: the name is a generic_type inside `type`. */
    TSNode generic_head = ank__python_unwrap(name);
    TSNode tparams = {{0}, NULL, NULL};
    if (ank__x_is(generic_head, "generic_type")) {
        tparams = ank__x_child_of_type(generic_head, "type_parameter");
        name = ts_node_named_child(generic_head, 0);
    }
    const char *n = ank__x_text(x, ank__python_unwrap(name));
    ank_constraint *c = ank__x_add(x, ANK_KIND_TYPE_SHAPE, where, n);
    if (!c)
        return NULL;
    type_params_of(x, tparams, &c->u.shape.generics, &c->u.shape.ngenerics);
    c->u.shape.shape = kind;
    c->u.shape.aliased = ank__python_typeref(x, value);
    c->u.shape.exported = exported_name(st, n);
    c->u.shape.visibility = visibility_of(c->u.shape.exported, n);
    return c;
}

/* One field `name: type` (name a string literal) of a functional
 * TypedDict or NamedTuple. */
static void functional_field(ank_x *x, ank_shape *sh, TSNode name,
                             TSNode type, bool optional)
{
    if (!ank__x_is(name, "string") || ts_node_is_null(type))
        return;
    ank_field *f = ANK_X_PUSH(x, sh->fields, sh->nfields);
    if (!f)
        return;
    f->name = ank__x_unquote(x, name);
    f->name_span = ank__x_span(x, name);
    f->type = ank__python_typeref(x, type);
    /* NotRequired[...] and Required[...] as in the class form */
    const char *head = ank__x_is(type, "subscript")
                           ? ank__x_text(x, ank__x_field(type, "value"))
                           : NULL;
    head = head ? ank__python_last_segment(head) : "";
    f->optional = strcmp(head, "NotRequired") == 0 ||
                  (optional && strcmp(head, "Required") != 0);
}

/* `X = TypedDict("X", {"k": T, ...}, total=False)` and
 * `X = NamedTuple("X", [("k", T), ...])` in the module: the shapes their
 * class forms declare.  False when `a` is neither. */
static bool functional_shape(ank_x *x, py_state *st, TSNode stmt, TSNode a)
{
    TSNode left = ank__x_field(a, "left"), call = ank__x_field(a, "right");
    if (!ank__x_is(left, "identifier") || !ank__x_is(call, "call") ||
        !ts_node_is_null(ank__x_field(a, "type")))
        return false;
    const char *callee = ank__x_text(x, ank__x_field(call, "function"));
    const char *fn = ank__python_last_segment(callee ? callee : "");
    bool typeddict = strcmp(fn, "TypedDict") == 0;
    TSNode args = ank__x_field(call, "arguments");
    TSNode title = ts_node_named_child(args, 0);
    TSNode spec = ts_node_named_child(args, 1);
    if ((!typeddict && strcmp(fn, "NamedTuple") != 0) ||
        !ank__x_is(title, "string") ||
        !ank__x_is(spec, typeddict ? "dictionary" : "list"))
        return false;
    bool total_false = false;
    uint32_t na = ts_node_named_child_count(args);
    for (uint32_t i = 2; i < na; i++) {
        TSNode kw = ts_node_named_child(args, i);
        if (ank__x_is(kw, "keyword_argument") &&
            ank__x_text_eq(x, ank__x_field(kw, "name"), "total") &&
            ank__x_text_eq(x, ank__x_field(kw, "value"), "False"))
            total_false = true;
    }
    const char *name = ank__x_text(x, left);
    ank_constraint *c = name ? ank__x_add(x, ANK_KIND_TYPE_SHAPE, stmt, name)
                             : NULL;
    if (!c)
        return true;
    ank_shape *sh = &c->u.shape;
    sh->shape = typeddict ? ANK_SHAPE_TYPEDDICT : ANK_SHAPE_NAMEDTUPLE;
    sh->exported = exported_name(st, name);
    sh->visibility = visibility_of(sh->exported, name);
    uint32_t n = ts_node_named_child_count(spec);
    for (uint32_t i = 0; i < n; i++) {
        TSNode item = ts_node_named_child(spec, i);
        if (typeddict && ank__x_is(item, "pair"))
            functional_field(x, sh, ank__x_field(item, "key"),
                             ank__x_field(item, "value"), total_false);
        else if (!typeddict && ank__x_is(item, "tuple") &&
                 ts_node_named_child_count(item) == 2)
            functional_field(x, sh, ts_node_named_child(item, 0),
                             ts_node_named_child(item, 1), false);
    }
    return true;
}

static ank_walk enter(ank_x *x, TSNode n, void *data)
{
    py_state *st = data;
    const char *t = ts_node_type(n);
    py_scope *scope = st->nscopes ? &st->scopes[st->nscopes - 1] : NULL;
    if (strcmp(t, "decorated_definition") == 0) {
        TSNode def = ank__x_field(n, "definition");
        if (ank__x_is(def, "function_definition")) {
            extract_function(x, st, def, n);
            return ANK_WALK_SKIP;
        }
        if (ank__x_is(def, "class_definition")) {
            extract_class(x, st, def, n);
            return ANK_WALK_DESCEND;
        }
        return ANK_WALK_SKIP;
    }
    if (strcmp(t, "function_definition") == 0) {
        extract_function(x, st, n, (TSNode){{0}, NULL, NULL});
        return ANK_WALK_SKIP;
    }
    if (strcmp(t, "class_definition") == 0) {
        /* A decorated class was pushed by its decorated_definition. */
        if (!ank__x_is(ts_node_parent(n), "decorated_definition"))
            extract_class(x, st, n, (TSNode){{0}, NULL, NULL});
        return ANK_WALK_DESCEND;
    }
    if (strcmp(t, "import_statement") == 0) {
        if (!scope)
            import_plain(x, n);
        return ANK_WALK_SKIP;
    }
    if (strcmp(t, "import_from_statement") == 0 ||
        strcmp(t, "future_import_statement") == 0) {
        if (!scope)
            import_from(x, n, t[0] == 'f');
        return ANK_WALK_SKIP;
    }
    if (strcmp(t, "type_alias_statement") == 0) {
        if (!scope)
            type_alias(x, st, n, ank__x_field(n, "left"), ank__x_field(n, "right"),
                       ANK_SHAPE_TYPE_ALIAS);
        return ANK_WALK_SKIP;
    }
    if (strcmp(t, "expression_statement") == 0) {
        TSNode a = ts_node_named_child(n, 0);
        if (!ank__x_is(a, "assignment"))
            return ANK_WALK_SKIP;
        if (scope) {
            class_member(x, scope, a);
        } else {
            TSNode type = ank__x_field(a, "type");
            TSNode right = ank__x_field(a, "right");
            bool defined;
            TSNode aliased;
            if (functional_shape(x, st, n, a)) {
                /* a TypedDict or NamedTuple */
            } else if (!ts_node_is_null(type) && !ts_node_is_null(right) &&
                (ank__x_text_eq(x, type, "TypeAlias") ||
                 ank__x_text_eq(x, type, "typing.TypeAlias"))) {
                type_alias(x, st, n, ank__x_field(a, "left"), right,
                           ANK_SHAPE_TYPE_ALIAS);
            } else if (!ts_node_is_null(
                           aliased = ank__python_alias_value(x, a, &defined))) {
                ank_constraint *c = type_alias(
                    x, st, n, ank__x_field(a, "left"), aliased,
                    defined ? ANK_SHAPE_DEFINED : ANK_SHAPE_TYPE_ALIAS);
                /* recognized by the form of its value */
                if (c && !defined)
                    c->confidence *= IMPLICIT_ALIAS_CONFIDENCE;
            }
        }
        return ANK_WALK_SKIP;
    }
    /* Blocks of classes and module-level compound statements are entered;
     * any other statement or expression is not. */
    if (strcmp(t, "block") == 0 || strcmp(t, "if_statement") == 0 ||
        strcmp(t, "else_clause") == 0 || strcmp(t, "elif_clause") == 0 ||
        strcmp(t, "try_statement") == 0 || strcmp(t, "except_clause") == 0 ||
        strcmp(t, "finally_clause") == 0 || strcmp(t, "with_statement") == 0 ||
        strcmp(t, "ERROR") == 0)
        return scope && strcmp(t, "block") != 0 && strcmp(t, "ERROR") != 0
                   ? ANK_WALK_SKIP
                   : ANK_WALK_DESCEND;
    return ANK_WALK_SKIP;
}

static void leave(ank_x *x, TSNode n, void *data)
{
    (void)x;
    py_state *st = data;
    if (ank__x_is(n, "class_definition") && st->nscopes > 0)
        st->nscopes--;
}

/* Collect `__all__ = [...]` / `__all__ += [...]` at module level. */
static void collect_all(ank_x *x, py_state *st)
{
    uint32_t n = ts_node_named_child_count(x->root);
    for (uint32_t i = 0; i < n; i++) {
        TSNode s = ts_node_named_child(x->root, i);
        TSNode a = ts_node_named_child(s, 0);
        if (!ank__x_is(s, "expression_statement") ||
            !(ank__x_is(a, "assignment") || ank__x_is(a, "augmented_assignment")))
            continue;
        if (!ank__x_text_eq(x, ank__x_field(a, "left"), "__all__"))
            continue;
        TSNode list = ank__x_field(a, "right");
        st->has_all = true;
        uint32_t m = ts_node_named_child_count(list);
        for (uint32_t j = 0; j < m; j++) {
            TSNode item = ts_node_named_child(list, j);
            if (ank__x_is(item, "string"))
                ank__x_push_str(x, &st->all, &st->nall, ank__x_unquote(x, item));
        }
    }
}

void ank__extract_python(ank_x *x)
{
    py_state st = {0};
    collect_all(x, &st);
    ank__x_walk(x, x->root, enter, leave, &st);
}
