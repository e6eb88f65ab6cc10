/*
 * rules_rust.c - the Rust rule walk (rules.h): constants and variables for
 * naming conventions, error-handling counters per function, security
 * findings and holes.  docs/languages/rust.md ("Rules") has the rules.
 * This file holds the walk, the names and the macros; the security rules
 * and their catalog are in rules_rust_security.c, what the walk skips is
 * decided in rules_rust_prune.c.
 *
 * Invariants:
 *  - One ank__x_walk over the tree, entering function bodies.  Subtrees
 *    that cannot hold anything the rules look for (types, literals, paths,
 *    parameters, struct/enum/use items, ...) are skipped, which keeps the
 *    walk well under the cost of the parse (rules_rust_prune.c).  The only
 *    other traversals are iterative and local: a let/for pattern and a
 *    macro's token tree are each walked once with their own tree cursor,
 *    and a method chain is followed down at most CHAIN_MAX links
 *    (rules_rust_security.c).
 *  - "The function" of a node is the OUTERMOST function_item with a body
 *    around it: that is the one the extractor gave a function.signature
 *    (the extractor never enters function bodies).  Items nested in a body
 *    (fn, closures, impl methods) count toward it.  It is kept in the walk
 *    state as a node and cleared in `leave`; so is the outermost test item
 *    (`#[test]` fn, `#[cfg(test)]` mod or fn).
 *  - Nothing is matched inside comments or string literals: findings come
 *    from call, macro, fn and block nodes; strings are only compared as the
 *    arguments of a matched call; comments are only searched for
 *    ANK_HOLE_MARKER.
 *  - Field ids and node kinds are looked up once per grammar and thread
 *    (by name, each lookup scans the grammar's tables), not per file.
 */
#include <stddef.h>

#include "../ffi/arena.h"
#include "rules_rust.h"

static void init_fields(ank_rust_fields *f, const TSLanguage *l)
{
#define FIELD(m) f->m = ts_language_field_id_for_name(l, #m, sizeof #m - 1)
    FIELD(name);
    FIELD(type);
    FIELD(pattern);
    FIELD(function);
    FIELD(field);
    FIELD(value);
    FIELD(path);
    FIELD(arguments);
    FIELD(macro);
    FIELD(body);
    FIELD(return_type);
#undef FIELD
}

static bool in_body(const ank_rust_walk *w, TSNode n)
{
    return in_fn(w) && ts_node_start_byte(n) >= w->body_start &&
           ts_node_end_byte(n) <= w->body_end;
}

/* --------------------------------------------------------------- names */

/* Pattern nodes whose children may bind names. */
static bool is_binding_container(const char *t)
{
    static const char *const kinds[] = {
        "tuple_pattern", "tuple_struct_pattern", "struct_pattern",
        "field_pattern", "slice_pattern",        "ref_pattern",
        "mut_pattern",   "reference_pattern",    "captured_pattern",
        NULL};
    for (const char *const *k = kinds; *k; k++)
        if (strcmp(t, *k) == 0)
            return true;
    return false;
}

static void report_variable(ank_x *x, TSNode name, const ank_typeref *type)
{
    if (!ank__x_text_eq(x, name, "_"))
        ank__rules_identifier(x, ANK_ID_VARIABLE, name, type, false);
}

/* Report the names a let/for pattern binds; `type` applies only when the
 * pattern is a plain identifier.  Walked with one cursor, iteratively.
 * Or-patterns (`Ok(x) | Err(x)`), rare in a let, are not read. */
static void bind_pattern(ank_x *x, ank_rust_walk *w, TSNode pat, TSNode type)
{
    if (ank__x_is(pat, "identifier")) {
        ank_typeref ref = {0};
        bool typed =
            !ts_node_is_null(type) && ank__rust_typeref(x, type, &ref);
        report_variable(x, pat, typed ? &ref : NULL);
        return;
    }
    if (ts_node_is_null(pat) || !is_binding_container(ts_node_type(pat)))
        return;
    TSTreeCursor c = ts_tree_cursor_new(pat);
    uint32_t depth = 0;
    bool descend = true;
    for (;;) {
        if (descend && ts_tree_cursor_goto_first_child(&c)) {
            depth++;
        } else {
            while (!ts_tree_cursor_goto_next_sibling(&c)) {
                if (depth == 0 || !ts_tree_cursor_goto_parent(&c) ||
                    --depth == 0)
                    goto done;
            }
        }
        descend = false;
        TSNode n = ts_tree_cursor_current_node(&c);
        if (!ts_node_is_named(n) || x->status != ANK_OK)
            continue;
        /* The path of `Some(x)` / `Point { .. }` and a field's name in
         * `y: renamed` are not bindings. */
        TSFieldId f = ts_tree_cursor_current_field_id(&c);
        if (f == w->f.type && f != 0)
            continue;
        const char *t = ts_node_type(n);
        if (strcmp(t, "identifier") == 0 ||
            strcmp(t, "shorthand_field_identifier") == 0)
            report_variable(x, n, NULL);
        else
            descend = is_binding_container(t);
    }
done:
    ts_tree_cursor_delete(&c);
}

static void do_const(ank_x *x, ank_rust_walk *w, TSNode n)
{
    TSNode name = fld(n, w->f.name);
    if (ts_node_is_null(name) || ank__x_text_eq(x, name, "_"))
        return;
    TSNode type = fld(n, w->f.type);
    ank_typeref ref = {0};
    bool typed = !ts_node_is_null(type) && ank__rust_typeref(x, type, &ref);
    ank__rules_identifier(x, ANK_ID_CONSTANT, name, typed ? &ref : NULL,
                          !in_fn(w));
}

/* ------------------------------------------------------------ macros */

typedef enum macro_kind {
    MAC_OTHER,
    MAC_PANIC,
    MAC_TODO,
    MAC_UNIMPL
} macro_kind;

static macro_kind macro_of(ank_x *x, const ank_rust_walk *w, TSNode n)
{
    TSNode name = last_segment(w, fld(n, w->f.macro));
    if (ank__x_text_eq(x, name, "panic") ||
        ank__x_text_eq(x, name, "unreachable"))
        return MAC_PANIC;
    if (ank__x_text_eq(x, name, "todo"))
        return MAC_TODO;
    if (ank__x_text_eq(x, name, "unimplemented"))
        return MAC_UNIMPL;
    return MAC_OTHER;
}

static void hole_at(ank_x *x, ank_rust_walk *w, TSNode range, macro_kind k)
{
    ank__rules_hole(x, w->fn, ts_node_start_byte(range),
                    ts_node_end_byte(range),
                    k == MAC_TODO ? "todo!()" : "unimplemented!()");
}

/* A token that can end an operand, so that a `?` after it is the `?`
 * operator (`x?`, `f(a)?`, `self?`), not `?Sized`. */
static bool ends_operand(TSNode t)
{
    if (ts_node_is_null(t))
        return false;
    if (ts_node_is_named(t))
        return !ank__x_is(t, "line_comment") && !ank__x_is(t, "block_comment");
    return ank__x_is(t, "self");
}

/* Could the text of `n` hold a `?`, `unwrap` or `expect` token?  A byte
 * pre-check that spares most token trees the token scan. */
static bool may_count(const ank_x *x, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > x->len)
        e = x->len;
    for (const char *p = x->src + s, *end = x->src + e; p < end; p++) {
        if (*p == '?')
            return true;
        if ((*p == 'u' || *p == 'e') && end - p >= 6 &&
            (memcmp(p, "unwrap", 6) == 0 || memcmp(p, "expect", 6) == 0))
            return true;
    }
    return false;
}

/* Macro arguments are token trees, not expressions: `x.unwrap()` and `x?`
 * are read from the token sequence (`.` `unwrap` `(..)`; `?` after a token
 * that ends an operand), nested groups included.  One cursor, iterative. */
static void scan_tokens(ank_x *x, ank_rust_walk *w, TSNode tree)
{
    TSTreeCursor c = ts_tree_cursor_new(tree);
    TSNode p1 = null_node, p2 = null_node; /* the two tokens before */
    uint32_t depth = 0;
    bool descend = true;
    for (;;) {
        TSNode n;
        if (descend && ts_tree_cursor_goto_first_child(&c)) {
            depth++;
            p1 = p2 = null_node;
        } else {
            while (!ts_tree_cursor_goto_next_sibling(&c)) {
                if (depth == 0 || !ts_tree_cursor_goto_parent(&c))
                    goto done;
                if (--depth == 0)
                    goto done;
                /* Back in the enclosing group: the group just left is the
                 * token before the next one. */
                p1 = ts_tree_cursor_current_node(&c);
                p2 = null_node;
            }
        }
        n = ts_tree_cursor_current_node(&c);
        const char *t = ts_node_type(n);
        descend = false;
        if (t[0] == '?' && t[1] == '\0') {
            if (ends_operand(p1))
                count(x, w, "question_mark");
        } else if (strcmp(t, "token_tree") == 0) {
            uint32_t s = ts_node_start_byte(n);
            if (s < x->len && x->src[s] == '(' && ank__x_is(p2, ".") &&
                ank__x_is(p1, "identifier")) {
                if (ank__x_text_eq(x, p1, "unwrap"))
                    count_unwrap(x, w, "unwrap");
                else if (ank__x_text_eq(x, p1, "expect"))
                    count_unwrap(x, w, "expect");
            }
            descend = true;
            continue; /* p1/p2 are set when the group is left */
        } else if (strcmp(t, "line_comment") == 0 ||
                   strcmp(t, "block_comment") == 0) {
            continue;
        }
        p2 = p1;
        p1 = n;
    }
done:
    ts_tree_cursor_delete(&c);
}

/* ------------------------------------------------------------- the walk */

/* `#[test]`, `#[tokio::test]` (any path ending in `test`), `#[cfg(test)]`. */
static bool is_test_attribute(ank_x *x, const ank_rust_walk *w, TSNode item)
{
    TSNode attr = ank__x_child_of_type(item, "attribute");
    ank_rust_kids k;
    TSNode path = ank__rust_kids_first(&k, attr, true);
    ank__rust_kids_close(&k);
    TSNode args = fld(attr, w->f.arguments);
    if (ts_node_is_null(args))
        return ank__x_text_eq(x, last_segment(w, path), "test");
    if (!ank__x_text_eq(x, path, "cfg"))
        return false;
    TSNode only = ank__rust_kids_first(&k, args, true);
    bool single = ank__x_text_eq(x, only, "test") &&
                  ts_node_is_null(ank__rust_kids_next(&k));
    ank__rust_kids_close(&k);
    return single;
}

static ank_walk enter_function(ank_x *x, ank_rust_walk *w, TSNode n, bool test)
{
    if (ank__rules_rust_unsafe_fn(n))
        ank__rules_finding(x, &ank__rules_rust_patterns[PAT_UNSAFE_FN], n);
    TSNode body = fld(n, w->f.body);
    if (ts_node_is_null(body))
        return ANK_WALK_SKIP;
    if (test && ts_node_is_null(w->test))
        w->test = n;
    if (!in_fn(w)) {
        w->fn = n;
        w->body_start = ts_node_start_byte(body);
        w->body_end = ts_node_end_byte(body);
        switch (ank__rust_error_style(x, fld(n, w->f.return_type))) {
        case ANK_ERRSTYLE_RESULT:
            count(x, w, "result_return");
            break;
        case ANK_ERRSTYLE_OPTION:
            count(x, w, "option_return");
            break;
        default:
            break;
        }
    }
    return ANK_WALK_DESCEND;
}

static ank_walk enter_comment(ank_x *x, ank_rust_walk *w, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > x->len || !in_body(w, n))
        return ANK_WALK_SKIP;
    size_t m = sizeof ANK_HOLE_MARKER - 1;
    for (uint32_t i = s; i + m <= e; i++) {
        if (x->src[i] == 'a' && memcmp(x->src + i, ANK_HOLE_MARKER, m) == 0) {
            ank__rules_hole(x, w->fn, s, e, ANK_HOLE_MARKER);
            break;
        }
    }
    return ANK_WALK_SKIP;
}

static ank_walk enter_macro(ank_x *x, ank_rust_walk *w, TSNode n)
{
    macro_kind k = macro_of(x, w, n);
    if (k == MAC_PANIC)
        count(x, w, "panic");
    else if (k != MAC_OTHER && in_body(w, n))
        hole_at(x, w, n, k);
    uint32_t nkids = ts_node_child_count(n);
    if (in_fn(w) && k == MAC_OTHER && nkids > 0) {
        TSNode args = ts_node_child(n, nkids - 1);
        if (ank__x_is(args, "token_tree") && may_count(x, args))
            scan_tokens(x, w, args);
    }
    return ANK_WALK_SKIP;
}

/* Kinds by symbol and the field ids, for the grammar of `cached_lang`:
 * per thread, kept from file to file (classifying is a chain of string
 * compares per symbol, and a field id a search of the field names). */
#define KIND_TABLE 1024
static _Thread_local const TSLanguage *cached_lang;
static _Thread_local uint8_t kinds_table[KIND_TABLE];
static _Thread_local ank_rust_fields cached_fields;

static void load_tables(ank_rust_walk *w, const TSLanguage *lang)
{
    if (cached_lang != lang) {
        memset(kinds_table, K_UNKNOWN, sizeof kinds_table);
        init_fields(&cached_fields, lang);
        cached_lang = lang;
    }
    uint32_t n = ts_language_symbol_count(lang);
    w->f = cached_fields;
    w->kinds = kinds_table;
    w->nsymbols = n < KIND_TABLE ? n : KIND_TABLE;
}

static ank_rust_node_kind kind_of(ank_rust_walk *w, TSNode n)
{
    TSSymbol sym = ts_node_symbol(n);
    if (!w->kinds || sym >= w->nsymbols)
        return ank__rules_rust_classify(ts_node_type(n));
    if (w->kinds[sym] == K_UNKNOWN)
        w->kinds[sym] = (uint8_t)ank__rules_rust_classify(ts_node_type(n));
    return (ank_rust_node_kind)w->kinds[sym];
}

static ank_walk enter(ank_x *x, TSNode n, void *data)
{
    ank_rust_walk *w = data;
    ank_rust_node_kind k = kind_of(w, n);
    /* Comments and attributes leave the pending attributes to the item
     * that follows them. */
    if (k == K_COMMENT)
        return enter_comment(x, w, n);
    if (k == K_ATTRIBUTE) {
        if (is_test_attribute(x, w, n))
            w->pending_test = true;
        return ANK_WALK_SKIP;
    }
    bool test = w->pending_test;
    w->pending_test = false;
    switch (k) {
    case K_CALL:
        ank__rules_rust_call(x, w, n);
        break;
    case K_CONST:
        do_const(x, w, n);
        break;
    case K_EXPR_STMT:
        if (in_fn(w)) {
            /* `todo!();`: the statement with its `;` is the hole. */
            TSNode m = ts_node_named_child(n, 0);
            if (ank__x_is(m, "macro_invocation") && in_body(w, n)) {
                macro_kind mk = macro_of(x, w, m);
                if (mk == MAC_TODO || mk == MAC_UNIMPL) {
                    hole_at(x, w, n, mk);
                    return ANK_WALK_SKIP;
                }
            }
        }
        break;
    case K_FUNCTION:
        return enter_function(x, w, n, test);
    case K_FUNCTION_SIG:
        if (ank__rules_rust_unsafe_fn(n))
            ank__rules_finding(x, &ank__rules_rust_patterns[PAT_UNSAFE_FN], n);
        return ANK_WALK_SKIP;
    case K_FOR:
        bind_pattern(x, w, fld(n, w->f.pattern), null_node);
        break;
    case K_LET:
        bind_pattern(x, w, fld(n, w->f.pattern), fld(n, w->f.type));
        break;
    case K_MACRO:
        return enter_macro(x, w, n);
    case K_MOD:
        /* Not pruned: `leave` must see the node that set w->test. */
        if (test && ts_node_is_null(w->test) &&
            !ts_node_is_null(fld(n, w->f.body)))
            w->test = n;
        return ANK_WALK_DESCEND;
    case K_TRY:
        count(x, w, "question_mark");
        break;
    case K_UNSAFE_BLOCK:
        ank__rules_finding(x, &ank__rules_rust_patterns[PAT_UNSAFE_BLOCK], n);
        break;
    case K_SKIP:
        return ANK_WALK_SKIP;
    default:
        break;
    }
    return ank__rules_rust_may_matter(x, n) ? ANK_WALK_DESCEND : ANK_WALK_SKIP;
}

static void leave(ank_x *x, TSNode n, void *data)
{
    ank_rust_walk *w = data;
    (void)x;
    if (ts_node_eq(n, w->fn))
        w->fn = null_node;
    if (ts_node_eq(n, w->test))
        w->test = null_node;
}

void ank__rules_rust(ank_x *x)
{
    ank_rust_walk w;
    memset(&w, 0, sizeof w);
    const TSLanguage *lang = ts_tree_language(x->root.tree);
    load_tables(&w, lang);
    ank__x_walk(x, x->root, enter, leave, &w);
}
