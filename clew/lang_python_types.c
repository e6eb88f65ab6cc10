/*
 * lang_python_types.c - Python annotations as normalized type trees:
 * typing generics by their last name segment (List, Optional, Union,
 * Literal, Callable, ...), PEP 604 unions, forward references.  Unions
 * that include None become optional(rest).  Recursion is bounded by
 * ANK_TYPE_MAX_DEPTH.
 */
#include "extract.h"
#include "lang_python.h"

static ank_type *build_type(ank_x *x, TSNode n, int depth);

/* The last dotted segment of a name ("typing.List" -> "List"). */
const char *ank__python_last_segment(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

static bool name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

/* ---------------------------------------------------------- type trees */

/* The i-th type argument: named child `first + i` of `container`. */
static TSNode arg_at(TSNode container, uint32_t first, uint32_t i)
{
    return ts_node_named_child(container, first + i);
}

static ank_type *type_args(ank_x *x, ank_type *t, TSNode container,
                           uint32_t first, int depth)
{
    uint32_t n = ts_node_named_child_count(container);
    for (uint32_t i = first; t && i < n; i++) {
        TSNode a = ts_node_named_child(container, i);
        if (ank__x_is(a, "comment"))
            continue;
        if (!ank__x_type_push(x, t, build_type(x, a, depth + 1)))
            return NULL;
    }
    return t;
}

/* A `type` wrapper node's content. */
TSNode ank__python_unwrap(TSNode n)
{
    return ank__x_is(n, "type") && ts_node_named_child_count(n) == 1
               ? ts_node_named_child(n, 0)
               : n;
}

/* Union members, with nested unions flattened; None members make the
 * result optional(rest). */
static ank_type *union_of(ank_x *x, ank_type *u)
{
    if (!u)
        return NULL;
    ank_type *rest = ank__x_type(x, ANK_TYPE_UNION);
    if (!rest)
        return NULL;
    bool has_none = false;
    for (uint32_t i = 0; i < u->nitems; i++) {
        ank_type *m = u->items[i];
        if (m->kind == ANK_TYPE_LITERAL && m->literal == ANK_LIT_NULL)
            has_none = true;
        else if (m->kind == ANK_TYPE_UNION)
            for (uint32_t j = 0; j < m->nitems; j++)
                ank__x_type_push(x, rest, m->items[j]);
        else
            ank__x_type_push(x, rest, m);
    }
    if (x->status != ANK_OK)
        return NULL;
    ank_type *inner = rest->nitems == 1 ? rest->items[0] : rest;
    if (rest->nitems == 0)
        return u->nitems ? u->items[0] : rest;
    return has_none ? ank__x_type_wrap(x, ANK_TYPE_OPTIONAL, inner) : inner;
}

static const char *const array_names[] = {
    "list", "List", "Sequence", "MutableSequence", "Iterable", "Iterator",
    "Collection", "set", "Set", "frozenset", "FrozenSet", "MutableSet",
    "AbstractSet", "deque", "Deque", NULL};
static const char *const map_names[] = {
    "dict", "Dict", "Mapping", "MutableMapping", "DefaultDict",
    "defaultdict", "OrderedDict", "Counter", NULL};
/* Wrappers that do not change the shape of the data. */
static const char *const transparent_names[] = {
    "ClassVar", "Final", "Required", "NotRequired", "ReadOnly", NULL};

/* `Annotated[T, m, ...]`: a named type whose first item is T's and whose
 * others are the metadata as written (unknown types: they are values,
 * such as pydantic's Field(ge=0), that braid reads for constraints). */
static ank_type *annotated(ank_x *x, const char *full, TSNode container,
                           uint32_t first, int depth)
{
    ank_type *t = ank__x_type_named(x, full);
    uint32_t n = ts_node_named_child_count(container);
    for (uint32_t i = first; t && i < n; i++) {
        TSNode a = ts_node_named_child(container, i);
        if (ank__x_is(a, "comment"))
            continue;
        ank_type *item = t->nitems == 0
                             ? build_type(x, a, depth + 1)
                             : ank__x_type_unknown(x, ank__python_unwrap(a));
        if (!ank__x_type_push(x, t, item))
            return NULL;
    }
    return t;
}

/* `Name[args]`: subscripted generics, judged by the last segment of the
 * name.  The arguments are the named children of `container` from
 * `first` on. */
static ank_type *generic(ank_x *x, TSNode head, TSNode container,
                         uint32_t first, int depth)
{
    const char *full = ank__x_text(x, head);
    if (!full)
        return NULL;
    const char *name = ank__python_last_segment(full);
    uint32_t count = ts_node_is_null(container)
                         ? 0
                         : ts_node_named_child_count(container);
    uint32_t nargs = count > first ? count - first : 0;
    TSNode arg0 = nargs > 0 ? arg_at(container, first, 0) : head;
    TSNode arg1 = nargs > 1 ? arg_at(container, first, 1) : head;

    if (strcmp(name, "Optional") == 0 && nargs == 1)
        return ank__x_type_wrap(x, ANK_TYPE_OPTIONAL,
                                build_type(x, arg0, depth + 1));
    if (strcmp(name, "Union") == 0)
        return union_of(x, type_args(x, ank__x_type(x, ANK_TYPE_UNION),
                                     container, first, depth));
    if (strcmp(name, "Annotated") == 0 && nargs >= 1)
        return annotated(x, full, container, first, depth);
    if (name_in(name, transparent_names) && nargs >= 1)
        return build_type(x, arg0, depth + 1);
    if (strcmp(name, "Literal") == 0) {
        /* Strings here are values, not forward references. */
        ank_type *u = ank__x_type(x, ANK_TYPE_UNION);
        for (uint32_t i = 0; u && i < nargs; i++) {
            TSNode a = ank__python_unwrap(arg_at(container, first, i));
            ank__x_type_push(x, u, ank__x_is(a, "string")
                                       ? ank__x_type_literal(x, ANK_LIT_STRING,
                                                             ank__x_unquote(x, a))
                                       : build_type(x, a, depth + 1));
        }
        return u && u->nitems == 1 ? u->items[0] : u;
    }
    if (strcmp(name, "tuple") == 0 || strcmp(name, "Tuple") == 0) {
        /* tuple[T, ...] is a homogeneous sequence. */
        if (nargs == 2 && ank__x_is(ank__python_unwrap(arg1), "ellipsis")) {
            ank_type *t = ank__x_type_wrap(x, ANK_TYPE_ARRAY,
                                           build_type(x, arg0, depth + 1));
            if (t)
                t->name = full;
            return t;
        }
        return type_args(x, ank__x_type(x, ANK_TYPE_TUPLE), container, first,
                         depth);
    }
    if (name_in(name, array_names) && nargs == 1) {
        ank_type *t = ank__x_type_wrap(x, ANK_TYPE_ARRAY,
                                       build_type(x, arg0, depth + 1));
        if (t)
            t->name = full;
        return t;
    }
    if (name_in(name, map_names) && nargs == 2) {
        ank_type *t = ank__x_type_wrap(x, ANK_TYPE_MAP,
                                       build_type(x, arg0, depth + 1));
        if (t) {
            t->b = build_type(x, arg1, depth + 1);
            t->name = full;
        }
        return t;
    }
    if (strcmp(name, "Callable") == 0 && nargs == 2) {
        ank_type *f = ank__x_type(x, ANK_TYPE_FUNCTION);
        if (!f)
            return NULL;
        TSNode plist = ank__python_unwrap(arg0);
        if (ank__x_is(plist, "list"))
            type_args(x, f, plist, 0, depth);
        f->b = build_type(x, arg1, depth + 1);
        return f;
    }
    return type_args(x, ank__x_type_named(x, full), container, first, depth);
}

/* pydantic's conlist(T, ...), conset(T, ...), confrozenset(T, ...): a
 * named type whose first item is T's and whose second is the call as
 * written (an unknown type), for the constraints it states; any other
 * call is unknown. */
static ank_type *constrained(ank_x *x, TSNode call, int depth)
{
    const char *callee = ank__x_text(x, ank__x_field(call, "function"));
    const char *name = ank__python_last_segment(callee ? callee : "");
    static const char *const names[] = {"conlist", "conset", "confrozenset",
                                        NULL};
    if (!callee || !name_in(name, names))
        return ank__x_type_unknown(x, call);
    TSNode args = ank__x_field(call, "arguments"), item = {0};
    uint32_t n = ts_node_named_child_count(args);
    for (uint32_t i = 0; i < n && ts_node_is_null(item); i++) {
        TSNode a = ts_node_named_child(args, i);
        if (!ank__x_is(a, "keyword_argument"))
            item = a;
        else if (ank__x_text_eq(x, ank__x_field(a, "name"), "item_type"))
            item = ank__x_field(a, "value");
    }
    if (ts_node_is_null(item))
        return ank__x_type_unknown(x, call);
    ank_type *t = ank__x_type_named(x, callee);
    if (t && ank__x_type_push(x, t, build_type(x, item, depth + 1)) &&
        ank__x_type_push(x, t, ank__x_type_unknown(x, call)))
        return t;
    return NULL;
}

/* A forward reference "Name" is a named type; anything more complex is
 * kept as text. */
static ank_type *string_type(ank_x *x, TSNode n)
{
    const char *s = ank__x_unquote(x, n);
    if (!s)
        return NULL;
    bool simple = *s != '\0';
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
              (unsigned char)*p >= 0x80))
            simple = false;
    if (simple)
        return ank__x_type_named(x, s);
    return ank__x_type_unknown(x, n);
}

static ank_type *build_type(ank_x *x, TSNode n, int depth)
{
    if (ts_node_is_null(n))
        return NULL;
    if (depth >= ANK_TYPE_MAX_DEPTH)
        return ank__x_type_unknown(x, n);
    const char *t = ts_node_type(n);
    if (strcmp(t, "type") == 0)
        return ts_node_named_child_count(n) == 1
                   ? build_type(x, ts_node_named_child(n, 0), depth + 1)
                   : ank__x_type_unknown(x, n);
    if (strcmp(t, "identifier") == 0 || strcmp(t, "attribute") == 0)
        return ank__x_type_named(x, ank__x_text(x, n));
    if (strcmp(t, "none") == 0)
        return ank__x_type_literal(x, ANK_LIT_NULL, "null");
    if (strcmp(t, "true") == 0 || strcmp(t, "false") == 0)
        return ank__x_type_literal(x, ANK_LIT_BOOLEAN, t);
    if (strcmp(t, "integer") == 0 || strcmp(t, "float") == 0)
        return ank__x_type_literal(x, ANK_LIT_NUMBER, ank__x_text(x, n));
    if (strcmp(t, "unary_operator") == 0) /* Literal[-1] */
        return ank__x_type_literal(x, ANK_LIT_NUMBER, ank__x_text(x, n));
    if (strcmp(t, "string") == 0)
        return string_type(x, n);
    if (strcmp(t, "generic_type") == 0)
        return generic(x, ts_node_named_child(n, 0),
                       ank__x_child_of_type(n, "type_parameter"), 0, depth);
    if (strcmp(t, "subscript") == 0)
        return generic(x, ank__x_field(n, "value"), n, 1, depth);
    if (strcmp(t, "binary_operator") == 0) {
        TSNode op = ank__x_field(n, "operator");
        if (!ank__x_text_eq(x, op, "|"))
            return ank__x_type_unknown(x, n);
        ank_type *u = ank__x_type(x, ANK_TYPE_UNION);
        ank__x_type_push(x, u, build_type(x, ank__x_field(n, "left"), depth + 1));
        ank__x_type_push(x, u, build_type(x, ank__x_field(n, "right"), depth + 1));
        return union_of(x, u);
    }
    if (strcmp(t, "list") == 0 || strcmp(t, "tuple") == 0)
        return type_args(x, ank__x_type(x, ANK_TYPE_TUPLE), n, 0, depth);
    if (strcmp(t, "call") == 0)
        return constrained(x, n, depth);
    return ank__x_type_unknown(x, n);
}

/* ---------------------------------------------------- implicit aliases */

/* Names that, bare, are types and little else. */
static const char *const leaf_names[] = {
    "int", "float", "str", "bool", "bytes", "bytearray", "complex", "Any",
    "datetime", "date", "time", "timedelta", "Decimal", "UUID", NULL};
/* Names that, subscripted, make a type expression. */
static const char *const alias_generic_names[] = {
    "Optional", "Union", "Literal", "Annotated", "Callable", "tuple", "Tuple",
    "type", "Type", NULL};

/* The last segment of a name, an identifier or a dotted attribute, as
 * text in the arena; NULL for anything else. */
static const char *segment_of(ank_x *x, TSNode n)
{
    if (ank__x_is(n, "attribute"))
        n = ank__x_field(n, "attribute");
    return ank__x_is(n, "identifier") ? ank__x_text(x, n) : NULL;
}

/* Is `n` written as only a type can be: a builtin leaf type, a
 * subscripted typing generic or collection, or a `|` union of such (None
 * allowed beside them)?  `none_ok`: a bare None is a member, not the
 * whole. */
static bool type_expression(ank_x *x, TSNode n, bool none_ok, int depth)
{
    if (depth >= ANK_TYPE_MAX_DEPTH)
        return false;
    if (ank__x_is(n, "none"))
        return none_ok;
    if (ank__x_is(n, "binary_operator"))
        return ank__x_text_eq(x, ank__x_field(n, "operator"), "|") &&
               type_expression(x, ank__x_field(n, "left"), true, depth + 1) &&
               type_expression(x, ank__x_field(n, "right"), true, depth + 1) &&
               !(ank__x_is(ank__x_field(n, "left"), "none") &&
                 ank__x_is(ank__x_field(n, "right"), "none"));
    const char *seg;
    if (ank__x_is(n, "subscript")) {
        seg = segment_of(x, ank__x_field(n, "value"));
        return seg && (name_in(seg, alias_generic_names) ||
                       name_in(seg, array_names) || name_in(seg, map_names));
    }
    seg = segment_of(x, n);
    return seg && name_in(seg, leaf_names);
}

TSNode ank__python_alias_value(ank_x *x, TSNode assignment, bool *defined)
{
    TSNode none = {{0}, NULL, NULL};
    TSNode left = ank__x_field(assignment, "left");
    TSNode right = ank__x_field(assignment, "right");
    *defined = false;
    if (!ank__x_is(left, "identifier") ||
        !ts_node_is_null(ank__x_field(assignment, "type")) ||
        ts_node_is_null(right))
        return none;
    if (ank__x_is(right, "call")) {
        /* NewType("Name", T) */
        const char *callee = segment_of(x, ank__x_field(right, "function"));
        TSNode args = ank__x_field(right, "arguments");
        if (!callee || strcmp(callee, "NewType") != 0 ||
            ts_node_named_child_count(args) != 2 ||
            !ank__x_is(ts_node_named_child(args, 0), "string"))
            return none;
        *defined = true;
        return ts_node_named_child(args, 1);
    }
    /* CapWords after any leading underscores, as PEP 8 names types */
    const char *name = ank__x_text(x, left);
    while (name && *name == '_')
        name++;
    if (!name || !(*name >= 'A' && *name <= 'Z') ||
        !type_expression(x, right, false, 0))
        return none;
    return right;
}

ank_typeref ank__python_typeref(ank_x *x, TSNode n)
{
    ank_typeref r = {NULL, NULL};
    if (ts_node_is_null(n))
        return r;
    r.text = ank__x_text_capped(x, n, ANK_SIGNATURE_MAX);
    r.tree = build_type(x, n, 0);
    if (!r.tree)
        r.text = NULL;
    return r;
}

