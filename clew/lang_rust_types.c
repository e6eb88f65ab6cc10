/*
 * lang_rust_types.c - Rust type syntax to the normalized type tree (the
 * table is in docs/languages/rust.md).
 *
 * Invariants: the builder recurses only through ank__rust_type with a depth
 * that grows by one per level and stops at ANK_TYPE_MAX_DEPTH with an
 * UNKNOWN node; path walks are loops.  Every allocation goes through the
 * extract helpers and a NULL result means x->status is set.
 */
#include <stdlib.h>

#include "lang_rust.h"

static const char *const array_containers[] = {
    "Vec", "VecDeque", "HashSet", "BTreeSet", "LinkedList", NULL};
static const char *const map_containers[] = {"HashMap", "BTreeMap", "IndexMap",
                                             NULL};

static const char *in_list(ank_x *x, TSNode n, const char *const *list)
{
    for (; *list; list++)
        if (ank__x_text_eq(x, n, *list))
            return *list;
    return NULL;
}

static bool is_comment(TSNode n)
{
    return ank__x_is(n, "line_comment") || ank__x_is(n, "block_comment");
}

TSNode ank__rust_kids_first(ank_rust_kids *k, TSNode parent, bool named_only)
{
    TSNode null = {{0}, NULL, NULL};
    k->open = !ts_node_is_null(parent);
    k->named_only = named_only;
    if (!k->open)
        return null;
    k->cursor = ts_tree_cursor_new(parent);
    if (!ts_tree_cursor_goto_first_child(&k->cursor))
        return null;
    TSNode c = ts_tree_cursor_current_node(&k->cursor);
    return !named_only || ts_node_is_named(c) ? c : ank__rust_kids_next(k);
}

TSNode ank__rust_kids_next(ank_rust_kids *k)
{
    TSNode null = {{0}, NULL, NULL};
    while (k->open && ts_tree_cursor_goto_next_sibling(&k->cursor)) {
        TSNode c = ts_tree_cursor_current_node(&k->cursor);
        if (!k->named_only || ts_node_is_named(c))
            return c;
    }
    return null;
}

void ank__rust_kids_close(ank_rust_kids *k)
{
    if (k->open)
        ts_tree_cursor_delete(&k->cursor);
    k->open = false;
}

TSNode ank__rust_leaf(TSNode n)
{
    for (;;) {
        if (ank__x_is(n, "reference_type") || ank__x_is(n, "pointer_type") ||
            ank__x_is(n, "generic_type")) {
            n = ank__x_field(n, "type");
        } else if (ank__x_is(n, "scoped_type_identifier") ||
                   ank__x_is(n, "scoped_identifier")) {
            n = ank__x_field(n, "name");
        } else {
            return n;
        }
    }
}

ank_error_style ank__rust_error_style(ank_x *x, TSNode ret)
{
    if (ts_node_is_null(ret) || ank__x_is(ret, "reference_type") ||
        ank__x_is(ret, "pointer_type"))
        return ANK_ERRSTYLE_NONE;
    TSNode leaf = ank__rust_leaf(ret);
    if (ank__x_text_eq(x, leaf, "Result"))
        return ANK_ERRSTYLE_RESULT;
    if (ank__x_text_eq(x, leaf, "Option"))
        return ANK_ERRSTYLE_OPTION;
    return ANK_ERRSTYLE_NONE;
}

/* The value of an integer literal (`4`, `0x10`, `1_000usize`), or -1. */
static int64_t int_value(ank_x *x, TSNode lit)
{
    uint32_t s = ts_node_start_byte(lit), e = ts_node_end_byte(lit);
    char buf[40];
    size_t n = 0;
    int base = 10;
    if (e > x->len || e <= s)
        return -1;
    const char *p = x->src + s, *end = x->src + e;
    if (end - p > 2 && p[0] == '0' &&
        (p[1] == 'x' || p[1] == 'o' || p[1] == 'b')) {
        base = p[1] == 'x' ? 16 : p[1] == 'o' ? 8 : 2;
        p += 2;
    }
    for (; p < end && *p != 'u' && *p != 'i'; p++) {
        if (*p == '_')
            continue;
        if (n + 1 >= sizeof buf)
            return -1;
        buf[n++] = *p;
    }
    buf[n] = '\0';
    if (n == 0)
        return -1;
    char *stop = NULL;
    long long v = strtoll(buf, &stop, base);
    return *stop == '\0' && v >= 0 ? (int64_t)v : -1;
}

/* One argument of a generic type; `skip` is set for lifetimes. */
static ank_type *type_arg(ank_x *x, TSNode a, int depth, bool *skip)
{
    *skip = false;
    const char *t = ts_node_type(a);
    if (strcmp(t, "lifetime") == 0 || is_comment(a)) {
        *skip = true;
        return NULL;
    }
    if (strcmp(t, "integer_literal") == 0 || strcmp(t, "float_literal") == 0 ||
        strcmp(t, "negative_literal") == 0)
        return ank__x_type_literal(x, ANK_LIT_NUMBER, ank__x_text(x, a));
    if (strcmp(t, "boolean_literal") == 0)
        return ank__x_type_literal(x, ANK_LIT_BOOLEAN, ank__x_text(x, a));
    if (strcmp(t, "string_literal") == 0 || strcmp(t, "char_literal") == 0)
        return ank__x_type_literal(x, ANK_LIT_STRING, ank__x_unquote(x, a));
    /* type_binding (`Item = u8`), const blocks and the like. */
    if (strcmp(t, "type_binding") == 0 || strcmp(t, "block") == 0)
        return ank__x_type_unknown(x, a);
    return ank__rust_type(x, a, depth);
}

static ank_type *generic_type(ank_x *x, TSNode n, int depth)
{
    TSNode path = ank__x_field(n, "type");
    TSNode args = ank__x_field(n, "type_arguments");
    TSNode leaf = ank__rust_leaf(path);
    ank_type *named = ank__x_type_named(x, ank__x_text(x, path));
    if (!named)
        return NULL;
    ank_rust_kids k;
    bool ok = true;
    for (TSNode c = ank__rust_kids_first(&k, args, true); ok && !ts_node_is_null(c);
         c = ank__rust_kids_next(&k)) {
        bool skip;
        ank_type *a = type_arg(x, c, depth, &skip);
        ok = skip || (a && ank__x_type_push(x, named, a));
    }
    ank__rust_kids_close(&k);
    if (!ok)
        return NULL;
    const char *container;
    if ((container = in_list(x, leaf, array_containers)) && named->nitems >= 1) {
        ank_type *t = ank__x_type_wrap(x, ANK_TYPE_ARRAY, named->items[0]);
        if (t)
            t->name = container;
        return t;
    }
    if ((container = in_list(x, leaf, map_containers)) && named->nitems >= 2) {
        ank_type *t = ank__x_type(x, ANK_TYPE_MAP);
        if (t) {
            t->a = named->items[0];
            t->b = named->items[1];
            t->name = container;
        }
        return t;
    }
    if (ank__x_text_eq(x, leaf, "Option") && named->nitems == 1)
        return ank__x_type_wrap(x, ANK_TYPE_OPTIONAL, named->items[0]);
    return named;
}

static ank_type *function_type(ank_x *x, TSNode n, int depth)
{
    ank_type *t = ank__x_type(x, ANK_TYPE_FUNCTION);
    if (!t)
        return NULL;
    TSNode params = ank__x_field(n, "parameters");
    ank_rust_kids k;
    bool ok = true;
    for (TSNode p = ank__rust_kids_first(&k, params, true);
         ok && !ts_node_is_null(p); p = ank__rust_kids_next(&k)) {
        if (is_comment(p) || ank__x_is(p, "attribute_item"))
            continue;
        ank_type *pt;
        if (ank__x_is(p, "parameter"))
            pt = ank__rust_type(x, ank__x_field(p, "type"), depth);
        else if (ank__x_is(p, "variadic_parameter"))
            pt = ank__x_type_unknown(x, p);
        else
            pt = ank__rust_type(x, p, depth);
        ok = pt && ank__x_type_push(x, t, pt);
    }
    ank__rust_kids_close(&k);
    if (!ok)
        return NULL;
    TSNode ret = ank__x_field(n, "return_type");
    if (!ts_node_is_null(ret) && !(t->b = ank__rust_type(x, ret, depth)))
        return NULL;
    return t;
}

ank_type *ank__rust_type(ank_x *x, TSNode n, int depth)
{
    if (ts_node_is_null(n))
        return ank__x_type(x, ANK_TYPE_UNKNOWN);
    if (depth >= ANK_TYPE_MAX_DEPTH)
        return ank__x_type_unknown(x, n);
    const char *t = ts_node_type(n);
    if (ank__x_text_eq(x, n, "_")) /* inferred: nothing to say */
        return ank__x_type_unknown(x, n);
    if (strcmp(t, "primitive_type") == 0 || strcmp(t, "type_identifier") == 0 ||
        strcmp(t, "scoped_type_identifier") == 0 ||
        strcmp(t, "never_type") == 0 || strcmp(t, "dynamic_type") == 0 ||
        strcmp(t, "abstract_type") == 0 || strcmp(t, "bounded_type") == 0)
        return ank__x_type_named(x, ank__x_text(x, n));
    if (strcmp(t, "unit_type") == 0)
        return ank__x_type(x, ANK_TYPE_TUPLE);
    if (strcmp(t, "reference_type") == 0 || strcmp(t, "pointer_type") == 0) {
        ank_type *inner = ank__rust_type(x, ank__x_field(n, "type"), depth + 1);
        ank_type *p = inner ? ank__x_type_wrap(x, ANK_TYPE_POINTER, inner)
                            : NULL;
        if (!p)
            return NULL;
        if (!ts_node_is_null(ank__x_child_of_type(n, "mutable_specifier")))
            p->flags |= ANK_TYPE_MUTABLE;
        if (t[0] == 'p') {
            p->flags |= ANK_TYPE_NULLABLE;
            if (!(p->flags & ANK_TYPE_MUTABLE))
                p->flags |= ANK_TYPE_CONST;
        }
        return p;
    }
    if (strcmp(t, "generic_type") == 0)
        return generic_type(x, n, depth + 1);
    if (strcmp(t, "array_type") == 0) {
        ank_type *el = ank__rust_type(x, ank__x_field(n, "element"), depth + 1);
        ank_type *a = el ? ank__x_type_wrap(x, ANK_TYPE_ARRAY, el) : NULL;
        TSNode len = ank__x_field(n, "length");
        if (a && ank__x_is(len, "integer_literal"))
            a->length = int_value(x, len);
        return a;
    }
    if (strcmp(t, "tuple_type") == 0) {
        ank_type *tup = ank__x_type(x, ANK_TYPE_TUPLE);
        ank_rust_kids k;
        bool ok = tup != NULL;
        for (TSNode c = ank__rust_kids_first(&k, n, true);
             ok && !ts_node_is_null(c); c = ank__rust_kids_next(&k))
            ok = is_comment(c) ||
                 ank__x_type_push(x, tup, ank__rust_type(x, c, depth + 1));
        ank__rust_kids_close(&k);
        return ok ? tup : NULL;
    }
    if (strcmp(t, "function_type") == 0) {
        /* `Fn(A) -> B` (the trait form) stays a name; `fn(A) -> B` is a
         * function pointer. */
        if (!ts_node_is_null(ank__x_field(n, "trait")))
            return ank__x_type_named(x, ank__x_text(x, n));
        return function_type(x, n, depth + 1);
    }
    return ank__x_type_unknown(x, n);
}

bool ank__rust_typeref(ank_x *x, TSNode n, ank_typeref *out)
{
    /* A type the parser had to invent (MISSING) was not written. */
    if (ts_node_is_null(n) || ts_node_is_missing(n) ||
        ts_node_end_byte(n) == ts_node_start_byte(n))
        return true;
    out->text = ank__x_text_capped(x, n, ANK_SIGNATURE_MAX);
    out->tree = ank__rust_type(x, n, 0);
    return out->text && out->tree;
}
