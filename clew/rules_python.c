/*
 * rules_python.c - the Python rule walk (rules.h): constants and variables
 * for naming conventions, error-handling facts, security findings (the
 * checks are in rules_python_security.c) and holes.
 *
 * One iterative ank__x_walk over the whole tree, entering function bodies.
 * What enter does is decided by node symbol (classified once per symbol and
 * file); subtrees that cannot hold a match are skipped by type (leaves,
 * imports, annotations) or by an inert text (no call, comment, walrus or
 * comprehension).  An expression statement's only child, and a simple
 * assignment's value, are looked at by enter directly (at most two levels
 * deep), so that the walk does not step into them when nothing is inside.
 * Invariants:
 *  - No recursion over the tree: nested targets and literal displays are
 *    looked at with further ank__x_walk calls or bounded loops; the stack
 *    of enclosing functions and classes lives in the scratch arena.
 *  - Patterns are matched on syntax nodes only.  Plain strings are not
 *    entered (an f-string is, for the calls in its interpolations), and
 *    comments are only searched for ANK_HOLE_MARKER.
 *  - Error facts and hole comments are reported against the outermost
 *    enclosing `def` (the one the extractor declares: nested functions have
 *    no signature of their own); code outside any function against one
 *    module-level statement (the first that needs it), so a module has one
 *    error.style.
 *  - An identifier is reported once per scope (function or module): the
 *    first binding of a name decides its class.
 *  - Generators: the extractor does not walk function bodies for yields
 *    when this walk follows it (x->with_rules); the walk marks them on its
 *    way (rules_python_yields.c).
 * The rules are documented in docs/languages/python.md, "## Rules".
 */
#include "rules_python.h"

#include "../ffi/arena.h"
#include "lang_python.h"

/* ------------------------------------------------------------- state */
static const char *const field_names[F_COUNT_] = {
    "arguments",
    "attribute",
    "body",
    "function",
    "left",
    "name",
    "object",
    "operator",
    "parameters",
    "right",
    "type",
    "value",
};

static bool in_function(const py_walk *w) { return w->nfunctions > 0; }

static bool in_class_body(const py_walk *w)
{
    return w->nscopes > 0 && !w->scopes[w->nscopes - 1].function;
}

/* The innermost function's start byte, UINT32_MAX at module level. */
static uint32_t scope_key(const py_walk *w)
{
    for (uint32_t i = w->nscopes; i-- > 0;)
        if (w->scopes[i].function)
            return ts_node_start_byte(w->scopes[i].node);
    return UINT32_MAX;
}

/* The node error facts of the current position are reported against. */
static TSNode fact_fn(py_walk *w)
{
    if (in_function(w))
        return w->outer_fn;
    if (!w->have_module_fn) {
        w->module_fn = w->top_stmt;
        w->have_module_fn = true;
    }
    return w->module_fn;
}

/* ---------------------------------------------------------- helpers */

/* A string whose prefix has f or t (it may hold interpolations). */
static bool may_interpolate(const ank_x *x, TSNode n)
{
    uint32_t len;
    const char *p = src_of(x, n, &len);
    for (uint32_t i = 0; i < len && p[i] != '"' && p[i] != '\''; i++)
        if (p[i] == 'f' || p[i] == 'F' || p[i] == 't' || p[i] == 'T')
            return true;
    return false;
}

/* ----------------------------------------------------- identifiers */

static uint32_t hash_name(const char *s, uint32_t n, uint32_t scope)
{
    uint32_t h = 2166136261u ^ scope;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h ? h : 1;
}

/* The module scope's key (see report_name). */
#define MODULE_SCOPE (UINT32_MAX ^ 0x80000000u)

/* The entry of `name` (len bytes at src offset `start`) in `scope`; with
 * `add`, a new entry when there is none (*fresh set).  NULL when absent
 * and not added, or out of memory. */
static py_seen *binding(ank_x *x, py_walk *w, uint32_t scope, TSNode name,
                        bool add, bool *fresh)
{
    uint32_t len;
    const char *s = src_of(x, name, &len);
    uint32_t h = hash_name(s, len, scope);
    if (fresh)
        *fresh = false;
    if (add && w->nseen * 2 >= w->cap) {
        uint32_t cap = w->cap ? w->cap * 2 : 64;
        py_seen *t = ank__arena_alloc(x->scratch, (size_t)cap * sizeof *t);
        if (!t) {
            ank__x_fail(x, ANK_ERR_NOMEM);
            return NULL;
        }
        memset(t, 0, (size_t)cap * sizeof *t);
        for (uint32_t i = 0; i < w->cap; i++) {
            if (!w->seen[i].hash)
                continue;
            uint32_t j = w->seen[i].hash & (cap - 1);
            while (t[j].hash)
                j = (j + 1) & (cap - 1);
            t[j] = w->seen[i];
        }
        w->seen = t;
        w->cap = cap;
    }
    if (w->cap == 0)
        return NULL;
    uint32_t j = h & (w->cap - 1);
    while (w->seen[j].hash) {
        py_seen *e = &w->seen[j];
        if (e->hash == h && e->scope == scope && e->len == len &&
            memcmp(x->src + e->start, s, len) == 0)
            return e;
        j = (j + 1) & (w->cap - 1);
    }
    if (!add)
        return NULL;
    py_seen *e = &w->seen[j];
    e->hash = h;
    e->scope = scope;
    e->start = ts_node_start_byte(name);
    e->len = len;
    w->nseen++;
    if (fresh)
        *fresh = true;
    return e;
}

/* A module-level constant bound again is a variable after all (unless it
 * was declared Final). */
static void demote(ank_x *x, const py_seen *e)
{
    if (e && e->ident && !e->final && e->ident <= x->rules->nidents)
        x->rules->idents[e->ident - 1].id_class = ANK_ID_VARIABLE;
}

typedef struct py_target {
    py_walk *w;
    ank_id_class id_class;
    const ank_typeref *type;
    bool module_level;
    bool final;
    uint32_t scope;
} py_target;

static void report_name(ank_x *x, py_target *t, TSNode name)
{
    uint32_t len;
    const char *s = src_of(x, name, &len);
    if (len == 0 || (len == 1 && s[0] == '_'))
        return;
    /* __all__, __version__: names the language fixes, not a style. */
    if (len > 4 && s[0] == '_' && s[1] == '_' && s[len - 1] == '_' &&
        s[len - 2] == '_')
        return;
    /* The module flag is part of the scope: a comprehension's variable at
     * module level is not a module-level name. */
    uint32_t scope = t->scope ^ (t->module_level ? 0x80000000u : 0);
    bool fresh;
    py_seen *e = binding(x, t->w, scope, name, true, &fresh);
    if (!e)
        return;
    if (!fresh) {
        if (scope == MODULE_SCOPE)
            demote(x, e);
        return;
    }
    uint32_t before = x->rules ? x->rules->nidents : 0;
    ank__rules_identifier(x, t->id_class, name, t->type, t->module_level);
    if (x->rules && x->rules->nidents > before) {
        e->ident = x->rules->nidents;
        e->final = t->final;
    }
}

/* Inside a destructuring target: names and nested patterns. */
static ank_walk target_enter(ank_x *x, TSNode n, void *data)
{
    const char *t = ts_node_type(n);
    if (strcmp(t, "identifier") == 0) {
        report_name(x, data, n);
        return ANK_WALK_SKIP;
    }
    if (strcmp(t, "pattern_list") == 0 || strcmp(t, "tuple_pattern") == 0 ||
        strcmp(t, "list_pattern") == 0 || strcmp(t, "tuple") == 0 ||
        strcmp(t, "list") == 0 || strcmp(t, "expression_list") == 0 ||
        strcmp(t, "parenthesized_expression") == 0 ||
        strcmp(t, "list_splat_pattern") == 0 ||
        strcmp(t, "list_splat") == 0)
        return ANK_WALK_DESCEND;
    return ANK_WALK_SKIP; /* attributes, subscripts: not names */
}

/* Report the names bound by an assignment target. */
static void report_target(ank_x *x, py_walk *w, TSNode target,
                          ank_id_class id_class, const ank_typeref *type,
                          bool module_level, bool final)
{
    if (is_null(target) || in_class_body(w))
        return;
    py_target t = {w, id_class, type, module_level, final, scope_key(w)};
    if (ank__x_is(target, "identifier"))
        report_name(x, &t, target);
    else if (target_enter(x, target, &t) == ANK_WALK_DESCEND)
        ank__x_walk(x, target, target_enter, NULL, &t);
}

/* Is the expression made of literals only (numbers, strings without
 * interpolation, True/False/None, signs, displays of those)? */
static ank_walk literal_enter(ank_x *x, TSNode n, void *data)
{
    (void)x;
    static const char *const ok[] = {
        "integer",       "float",        "string",
        "string_start",  "string_content", "string_end",
        "escape_sequence", "escape_interpolation", "concatenated_string",
        "true",          "false",        "none",
        "unary_operator", "tuple",       "list",
        "set",           "dictionary",   "pair",
        "expression_list", "parenthesized_expression", "comment",
        NULL};
    bool *literal = data;
    const char *t = ts_node_type(n);
    for (const char *const *p = ok; *p; p++)
        if (strcmp(t, *p) == 0)
            return *literal ? ANK_WALK_DESCEND : ANK_WALK_SKIP;
    *literal = false;
    return ANK_WALK_SKIP;
}

static bool is_literal(ank_x *x, TSNode n)
{
    bool literal = true;
    literal_enter(x, n, &literal);
    if (literal)
        ank__x_walk(x, n, literal_enter, NULL, &literal);
    return literal;
}

/* `Final`, `Final[...]`, `typing.Final[...]` (the annotation's text). */
static bool is_final(const ank_x *x, TSNode type, bool *bare)
{
    uint32_t len;
    const char *s = src_of(x, type, &len);
    static const char *const prefixes[] = {"typing_extensions.", "typing.",
                                           "t.", NULL};
    for (const char *const *p = prefixes; *p; p++) {
        size_t l = strlen(*p);
        if (len > l && memcmp(s, *p, l) == 0) {
            s += l;
            len -= (uint32_t)l;
            break;
        }
    }
    if (len < 5 || memcmp(s, "Final", 5) != 0)
        return false;
    *bare = len == 5;
    return len == 5 || s[5] == '[';
}

/* `T = TypeVar("T")` and other assignments that declare types. */
static bool declares_type(ank_x *x, const py_walk *w, TSNode value)
{
    if (!ank__x_is(value, "call"))
        return false;
    TSNode obj, name;
    ank__rules_python_callee(w, value, &obj, &name);
    static const char *const makers[] = {"TypeVar", "ParamSpec",
                                         "TypeVarTuple", "NewType",
                                         "NamedTuple", "TypedDict", NULL};
    for (const char *const *m = makers; *m; m++)
        if (ank__x_text_eq(x, name, *m))
            return true;
    return false;
}

/* -------------------------------------------------------------- holes */

/* The extractor's signature for the def at byte `start`, if any: both
 * walks go in document order, so a cursor finds it.  A def without one
 * (nested in a function) leaves the cursor where it was. */
static ank_signature *signature_at(ank_x *x, py_walk *w, uint32_t start)
{
    ank_constraint **items = x->result->items;
    size_t from = w->cursor;
    start += x->bom;
    for (int pass = 0; pass < 2; pass++) {
        for (; w->cursor < w->count; w->cursor++) {
            ank_constraint *c = items[w->cursor];
            if (c->span.start_byte > start)
                break;
            if (c->span.start_byte == start &&
                c->kind == ANK_KIND_FUNCTION_SIGNATURE)
                return &c->u.sig;
        }
        w->cursor = w->first; /* out of order after all: look again */
    }
    w->cursor = from;
    return NULL;
}

static bool comment_has_marker(const ank_x *x, TSNode c)
{
    uint32_t len;
    const char *s = src_of(x, c, &len);
    return ank__rules_python_contains(s, len, ANK_HOLE_MARKER, false);
}

static bool is_docstring(TSNode stmt)
{
    return ank__x_is(stmt, "expression_statement") &&
           ts_node_named_child_count(stmt) == 1 &&
           is_stringish(ts_node_named_child(stmt, 0));
}

/* The marker of a placeholder statement, or NULL. */
static const char *placeholder(ank_x *x, const py_walk *w, TSNode stmt)
{
    const char *t = ts_node_type(stmt);
    if (strcmp(t, "pass_statement") == 0)
        return "pass";
    if (strcmp(t, "expression_statement") == 0)
        return ts_node_named_child_count(stmt) == 1 &&
                       ank__x_is(ts_node_named_child(stmt, 0), "ellipsis")
                   ? "..."
                   : NULL;
    if (strcmp(t, "raise_statement") != 0)
        return NULL;
    TSNode e = ts_node_named_child(stmt, 0);
    if (ank__x_is(e, "call"))
        e = fld(w, e, F_FUNCTION);
    return ank__x_is(e, "identifier") &&
                   ank__x_text_eq(x, e, "NotImplementedError")
               ? "raise NotImplementedError"
               : NULL;
}

/* Does a comment among the named children of `n` hold the marker?  (A
 * comment before a body's first statement is a child of the def.) */
static bool has_marker_comment(const ank_x *x, TSNode n)
{
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (ank__x_is(c, "comment") && comment_has_marker(x, c))
            return true;
    }
    return false;
}

/* A declared function (its signature `s`) whose body is only a
 * placeholder (after an optional docstring; comments aside). */
static void body_hole(ank_x *x, py_walk *w, TSNode fn, TSNode body,
                      const ank_signature *s)
{
    uint32_t n = ts_node_named_child_count(body), stmts = 0;
    TSNode only = null_node();
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(body, i);
        if (ank__x_is(c, "comment"))
            continue;
        if (stmts++ == 0 && is_docstring(c))
            continue;
        if (!is_null(only))
            return;
        only = c;
    }
    const char *marker = is_null(only) ? NULL : placeholder(x, w, only);
    if (!marker)
        return;
    /* A placeholder raise is not error handling, hole or not. */
    if (marker[0] == 'r')
        w->hole_raise = only;
    if (w->stub || has_marker_comment(x, body) || has_marker_comment(x, fn))
        return; /* a stub; or the marker comment is the hole */
    if (!s || s->is_abstract)
        return;
    for (uint32_t i = 0; i < s->ndecorators; i++)
        if (strcmp(ank__python_last_segment(s->decorators[i]), "overload") == 0)
            return;
    ank__rules_hole(x, fn, ts_node_start_byte(only), ts_node_end_byte(only),
                    marker);
}

/* --------------------------------------------------------- error facts */

/* The types an except clause names: each element of a tuple. */
static void except_clause(ank_x *x, py_walk *w, TSNode clause)
{
    TSNode fn = fact_fn(w);
    ank__rules_count(x, fn, "except", 1);
    TSNode v = fld(w, clause, F_VALUE);
    if (is_null(v)) {
        /* Older grammars: the first named child that is not the block. */
        uint32_t n = ts_node_named_child_count(clause);
        for (uint32_t i = 0; i < n && is_null(v); i++) {
            TSNode c = ts_node_named_child(clause, i);
            if (!ank__x_is(c, "block") && !ank__x_is(c, "comment"))
                v = c;
        }
    }
    if (is_null(v)) {
        ank__rules_count(x, fn, "bare_except", 1);
        return;
    }
    if (ank__x_is(v, "as_pattern"))
        v = ts_node_named_child(v, 0);
    v = unparen(v);
    if (ank__x_is(v, "tuple") || ank__x_is(v, "expression_list")) {
        uint32_t n = ts_node_named_child_count(v);
        for (uint32_t i = 0; i < n; i++) {
            TSNode e = ts_node_named_child(v, i);
            if (!ank__x_is(e, "comment"))
                ank__rules_caught(x, fn, unparen(e));
        }
    } else {
        ank__rules_caught(x, fn, v);
    }
}

/* --------------------------------------------------------- assignments */

static ank_walk enter(ank_x *x, TSNode n, void *data);

/* `n` was looked at by enter already (with its statement or assignment):
 * when the walk reaches it, it only descends. */
static void mark_entered(py_walk *w, TSNode n)
{
    w->entered[w->nentered < 2 ? w->nentered++ : 1] = n;
}

static void assignment_facts(ank_x *x, py_walk *w, TSNode a, TSNode left,
                             TSNode type, TSNode value)
{
    ank__rules_python_check_secret(x, w, a, left, value);
    if (!is_null(value) && ank__rules_python_inert(x, value))
        w->skip = value; /* nothing to find inside */
    if (in_class_body(w))
        return; /* class attributes are fields */
    bool module_level = !in_function(w);
    ank_typeref tr = {NULL, NULL}, *trp = NULL;
    bool bare = false;
    bool final = !is_null(type) && is_final(x, type, &bare);
    if (!is_null(type)) {
        if (ank__x_text_eq(x, type, "TypeAlias") ||
            ank__x_text_eq(x, type, "typing.TypeAlias"))
            return; /* a type alias: a type.shape */
        if (!bare) {
            tr = ank__python_typeref(x, type);
            trp = &tr;
        }
    }
    bool defined;
    if (declares_type(x, w, value) ||
        (module_level && !is_null(ank__python_alias_value(x, a, &defined))))
        return; /* NewType and implicit aliases are type.shapes too */
    /* Constants (PEP 8: "defined on a module level"): names annotated
     * Final, and single assignments written directly in the module (not
     * under if/try) of a literal value or to a SCREAMING_SNAKE_CASE name,
     * which is how Python marks a constant. */
    ank_id_class cls = ANK_ID_VARIABLE;
    /* Directly in a statement of the module: a's parent is at depth 0. */
    bool top = module_level && w->root_module && w->depth == 1;
    if (module_level && final) {
        cls = ANK_ID_CONSTANT;
    } else if (top && !is_null(value) && is_null(type) &&
               is_literal(x, value)) {
        cls = ANK_ID_CONSTANT;
        w->skip = value; /* nothing to find inside a literal */
    } else if (top && !is_null(value) && ank__x_is(left, "identifier") &&
               ank__rules_screaming(x, left)) {
        cls = ANK_ID_CONSTANT;
    }
    report_target(x, w, left, cls, trp, module_level, final);
}

/* An assignment's facts; true when nothing is left to find inside it (so
 * the walk need not visit its children): a single target that is a name
 * or inert, a value that is inert or a literal, and no comment among its
 * children. */
static bool assignment(ank_x *x, py_walk *w, TSNode a)
{
    TSNode left = fld(w, a, F_LEFT);
    TSNode right = fld(w, a, F_RIGHT);
    uint32_t nchildren = ts_node_child_count(a);
    /* `left = right` has no room for a type (`left: type = right`). */
    TSNode type = nchildren == 3 && !is_null(left) && !is_null(right)
                      ? null_node()
                      : fld(w, a, F_TYPE);
    /* a = b = value: the value is at the end of the chain. */
    TSNode value = right;
    while (!is_null(value) && ank__rules_python_kind_of(w, value) == K_ASSIGNMENT)
        value = fld(w, value, F_RIGHT);
    assignment_facts(x, w, a, left, type, value);
    if (!ts_node_eq(value, right) || is_null(left))
        return false;
    uint32_t children = 1 + (is_null(type) ? 0 : 2) + (is_null(right) ? 0 : 2);
    if (nchildren != children)
        return false;
    if (ank__rules_python_kind_of(w, left) != K_SKIP && !ank__rules_python_inert(x, left))
        return false;
    if (is_null(value) || (!is_null(w->skip) && ts_node_eq(w->skip, value))) {
        w->skip = null_node();
        return true;
    }
    if (x->status != ANK_OK)
        return true;
    /* The value is the only child left that matters: look at it here (it
     * is no assignment or statement, so this goes one level deeper at
     * most), and skip the assignment when nothing is inside it. */
    w->depth++;
    ank_walk r = enter(x, value, w);
    w->depth--;
    if (r == ANK_WALK_SKIP)
        return true;
    w->depth--; /* counted again when the walk enters the value */
    mark_entered(w, value);
    return false;
}

/* ------------------------------------------------------------- walk */

/* A function's parameters are bound in its scope: assigning to one does
 * not declare a variable. */
static void parameters(ank_x *x, py_walk *w, TSNode fn)
{
    TSNode params = fld(w, fn, F_PARAMETERS);
    uint32_t n = ts_node_named_child_count(params), scope = scope_key(w);
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ts_node_named_child(params, i);
        TSNode name = fld(w, p, F_NAME);
        if (is_null(name))
            name = ank__x_is(p, "identifier") ? p : ts_node_named_child(p, 0);
        if (ank__x_is(name, "identifier"))
            binding(x, w, scope, name, true, NULL);
    }
}

/* The scope stack lives in the scratch arena. */
static bool push_scope(ank_x *x, py_walk *w, TSNode n, bool function)
{
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    py_scope *s = ANK_X_PUSH(x, w->scopes, w->nscopes);
    x->arena = keep;
    if (!s)
        return false;
    s->node = n;
    s->function = function;
    w->nfunctions += function;
    return true;
}

static ank_walk enter(ank_x *x, TSNode n, void *data)
{
    py_walk *w = data;
    if (w->depth == 0)
        w->top_stmt = n;
    for (uint32_t i = 0; i < w->nentered; i++)
        if (ts_node_eq(n, w->entered[i])) {
            /* Looked at with its statement or assignment. */
            w->entered[i] = w->entered[--w->nentered];
            w->depth++;
            return ANK_WALK_DESCEND;
        }
    if (!is_null(w->skip) && ts_node_eq(n, w->skip)) {
        w->skip = null_node();
        return ANK_WALK_SKIP;
    }
    switch (ank__rules_python_kind_of(w, n)) {
    case K_UNKNOWN:
    case K_DESCEND:
        break;
    case K_SKIP:
        return ANK_WALK_SKIP;
    case K_EXPRESSION_STATEMENT:
        /* Look at its only child here (one level, not recursion: that
         * child is no statement): when nothing is left to find in it, the
         * walk need not step into the statement at all. */
        if (ts_node_child_count(n) == 1) {
            TSNode c = ts_node_child(n, 0);
            if (!ts_node_is_named(c) || ank__rules_python_kind_of(w, c) == K_EXPRESSION_STATEMENT)
                break;
            w->depth++;
            ank_walk r = enter(x, c, w);
            w->depth--;
            if (r == ANK_WALK_SKIP)
                return ANK_WALK_SKIP;
            w->depth--; /* counted again when the walk enters c */
            mark_entered(w, c);
        }
        break;
    case K_INERT:
        if (ank__rules_python_inert(x, n))
            return ANK_WALK_SKIP;
        break;
    case K_ASSIGNMENT:
        if (assignment(x, w, n))
            return ANK_WALK_SKIP;
        break;
    case K_AS_PATTERN_TARGET:
        report_target(x, w, ts_node_named_child(n, 0), ANK_ID_VARIABLE, NULL,
                      !in_function(w), false);
        break;
    case K_PARAMETERS: {
        /* The names are bound by parameters(); defaults are searched only
         * when they may hold a call. */
        uint32_t len;
        const char *s = src_of(x, n, &len);
        bool eq, quote;
        if (len >= 2 &&
            ank__rules_python_inert_text(s + 1, len - 2, &eq, &quote))
            return ANK_WALK_SKIP;
        break;
    }
    case K_CALL:
        if (ank__rules_python_visit_call(x, w, n) == ANK_WALK_SKIP)
            return ANK_WALK_SKIP;
        break;
    case K_COMMENT:
        if (in_function(w) && comment_has_marker(x, n))
            ank__rules_hole(x, w->outer_fn, ts_node_start_byte(n),
                            ts_node_end_byte(n), ANK_HOLE_MARKER);
        return ANK_WALK_SKIP;
    case K_CLASS:
        if (!push_scope(x, w, n, false) ||
            !ank__rules_python_push_barrier(x, w, n, NULL, null_node()))
            return ANK_WALK_SKIP;
        break;
    case K_EXCEPT:
        except_clause(x, w, n);
        break;
    case K_FUNCTION: {
        /* Only functions outside functions are declared (have one). */
        TSNode body = fld(w, n, F_BODY);
        ank_signature *sig =
            in_function(w) ? NULL : signature_at(x, w, ts_node_start_byte(n));
        if (!in_function(w)) {
            w->outer_fn = n;
            body_hole(x, w, n, body, sig);
        }
        if (!push_scope(x, w, n, true) || !ank__rules_python_push_barrier(x, w, n, sig, body))
            return ANK_WALK_SKIP;
        parameters(x, w, n);
        break;
    }
    case K_LAMBDA:
        if (!ank__rules_python_push_barrier(x, w, n, NULL, null_node()))
            return ANK_WALK_SKIP;
        break;
    case K_YIELD:
        ank__rules_python_mark_yield(w, n);
        break;
    case K_FOR:
        report_target(x, w, fld(w, n, F_LEFT), ANK_ID_VARIABLE, NULL,
                      !in_function(w), false);
        break;
    case K_FOR_IN:
        report_target(x, w, fld(w, n, F_LEFT), ANK_ID_VARIABLE, NULL, false,
                      false);
        break;
    case K_GLOBAL:
        if (in_function(w)) {
            /* Assignments to these names rebind module-level names: not
             * local variables, and the module's are not constants. */
            uint32_t k = ts_node_named_child_count(n), scope = scope_key(w);
            for (uint32_t i = 0; i < k; i++) {
                TSNode name = ts_node_named_child(n, i);
                binding(x, w, scope, name, true, NULL);
                demote(x, binding(x, w, MODULE_SCOPE, name, false, NULL));
            }
            return ANK_WALK_SKIP;
        }
        break;
    case K_KEYWORD_ARGUMENT:
        ank__rules_python_check_secret(x, w, n, fld(w, n, F_NAME),
                                       fld(w, n, F_VALUE));
        if (ank__rules_python_inert(x, n))
            return ANK_WALK_SKIP;
        break;
    case K_NAMED_EXPRESSION:
        report_target(x, w, fld(w, n, F_NAME), ANK_ID_VARIABLE, NULL,
                      !in_function(w), false);
        break;
    case K_NONLOCAL: {
        uint32_t k = ts_node_named_child_count(n), scope = scope_key(w);
        for (uint32_t i = 0; i < k; i++)
            binding(x, w, scope, ts_node_named_child(n, i), true, NULL);
        return ANK_WALK_SKIP;
    }
    case K_RAISE:
        if (!(!is_null(w->hole_raise) && ts_node_eq(n, w->hole_raise)))
            ank__rules_count(x, fact_fn(w), "raise", 1);
        break;
    case K_STRING:
        if (!may_interpolate(x, n) || ank__rules_python_inert(x, n))
            return ANK_WALK_SKIP;
        break;
    case K_TRY:
        ank__rules_count(x, fact_fn(w), "try", 1);
        break;
    }
    if (x->status != ANK_OK)
        return ANK_WALK_SKIP;
    w->depth++;
    return ANK_WALK_DESCEND;
}

/* enter, for the walk: what it passes over is looked at for yields. */
static ank_walk walk_enter(ank_x *x, TSNode n, void *data)
{
    ank_walk r = enter(x, n, data);
    if (r == ANK_WALK_SKIP && x->status == ANK_OK)
        ank__rules_python_passed_over(x, data, n);
    return r;
}

static void leave(ank_x *x, TSNode n, void *data)
{
    (void)x;
    py_walk *w = data;
    w->depth--;
    ank__rules_python_pop_barrier(w, n);
    if (w->nscopes == 0 || !ts_node_eq(n, w->scopes[w->nscopes - 1].node))
        return;
    if (w->scopes[--w->nscopes].function)
        w->nfunctions--;
}

void ank__rules_python(ank_x *x)
{
    py_walk w;
    memset(&w, 0, sizeof w);
    w.outer_fn = w.top_stmt = w.module_fn = w.skip = w.hole_raise =
        null_node();
    const ank_file_record *f = &x->result->files[x->result->nfiles - 1];
    w.first = w.cursor = f->first;
    w.count = x->result->count;
    size_t plen = x->path ? strlen(x->path) : 0;
    w.stub = plen >= 4 && strcmp(x->path + plen - 4, ".pyi") == 0;
    const TSLanguage *lang = ts_node_language(x->root);
    w.root_module = ank__x_is(x->root, "module");
    ank__rules_python_kinds(&w, lang);
    for (int i = 0; i < F_COUNT_; i++)
        w.fields[i] = ank__x_field_id(x->root, field_names[i]);
    ank__x_walk(x, x->root, walk_enter, leave, &w);
}
