/*
 * rules_rust.c - the Rust rule walk (rules.h): constants and variables for
 * naming conventions, error-handling counters per function, security
 * findings and holes.  docs/languages/rust.md ("Rules") has the rules.
 *
 * Invariants:
 *  - One ank__x_walk over the tree, entering function bodies.  Subtrees
 *    that cannot hold anything the rules look for (types, literals, paths,
 *    parameters, struct/enum/use items, ...) are skipped, which keeps the
 *    walk well under the cost of the parse.  The only other traversals are
 *    iterative and local: a let/for pattern and a macro's token tree are
 *    each walked once with their own tree cursor, and a method chain is
 *    followed down at most CHAIN_MAX links.
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
#include "lang_rust.h"
#include "rules.h"

/* Subtrees up to this many bytes are pruned by their text (may_matter). */
#define PRUNE_MAX 96
/* Method calls followed from `.arg("-c")` down to `Command::new`. */
#define CHAIN_MAX 32

enum {
    PAT_UNSAFE_BLOCK,
    PAT_UNSAFE_FN,
    PAT_SHELL_COMMAND,
    PAT_TRANSMUTE,
    PAT_COUNT_
};

static const ank_pattern patterns[PAT_COUNT_] = {
    [PAT_UNSAFE_BLOCK] = {"rust.unsafe_block", "CWE-242", ANK_SEV_WARNING,
                          "unsafe block: memory safety rests on invariants "
                          "the compiler does not check"},
    [PAT_UNSAFE_FN] = {"rust.unsafe_fn", "CWE-242", ANK_SEV_WARNING,
                       "unsafe fn: callers must uphold a safety contract the "
                       "compiler does not check"},
    [PAT_SHELL_COMMAND] = {"rust.shell_command", "CWE-78", ANK_SEV_ERROR,
                           "Command::new of a shell with -c runs a command "
                           "string: built from input, it injects commands"},
    [PAT_TRANSMUTE] = {"rust.transmute", "CWE-843", ANK_SEV_WARNING,
                       "mem::transmute reinterprets the bits of a value as "
                       "another type, escaping type checks"},
};

const ank_pattern *ank__patterns_rust(size_t *n)
{
    *n = PAT_COUNT_;
    return patterns;
}

typedef struct fields {
    TSFieldId name, type, pattern, function, field, value, path, arguments,
        macro, body, return_type;
} fields;

/* What the walk does with a node, by node type (cached per symbol). */
typedef enum node_kind {
    K_UNKNOWN, /* not classified yet */
    K_DESCEND, /* nothing to do here, look inside */
    K_SKIP,    /* nothing to do here or inside */
    K_COMMENT,
    K_ATTRIBUTE,
    K_CALL,
    K_CONST, /* const and static items */
    K_EXPR_STMT,
    K_FUNCTION,
    K_FUNCTION_SIG,
    K_FOR,
    K_LET,
    K_MACRO,
    K_MOD,
    K_TRY,
    K_UNSAFE_BLOCK
} node_kind;

typedef struct walk_state {
    fields f;
    uint8_t *kinds;    /* node_kind by symbol (0: not classified yet) */
    uint32_t nsymbols;
    TSNode fn;         /* outermost function_item with a body, or null */
    uint32_t body_start, body_end; /* its body's bytes */
    TSNode test;       /* outermost test item, or null */
    TSNode last_shell; /* the Command::new call reported last */
    bool pending_test; /* the attributes above the next item mark a test */
} walk_state;

static const TSNode null_node = {{0}, NULL, NULL};

static void init_fields(fields *f, const TSLanguage *l)
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

/* The child in field `id`; null for a null node or an unknown field. */
static TSNode fld(TSNode n, TSFieldId id)
{
    return ts_node_is_null(n) || id == 0 ? null_node
                                         : ts_node_child_by_field_id(n, id);
}

static bool in_fn(const walk_state *w) { return !ts_node_is_null(w->fn); }

static bool in_body(const walk_state *w, TSNode n)
{
    return in_fn(w) && ts_node_start_byte(n) >= w->body_start &&
           ts_node_end_byte(n) <= w->body_end;
}

static void count(ank_x *x, walk_state *w, const char *counter)
{
    if (in_fn(w))
        ank__rules_count(x, w->fn, counter, 1);
}

/* unwrap/expect are counted outside test code only. */
static void count_unwrap(ank_x *x, walk_state *w, const char *counter)
{
    if (ts_node_is_null(w->test))
        count(x, w, counter);
}

/* The node naming a path's last segment: `a::b` -> `b`, `a` -> `a`. */
static TSNode last_segment(const walk_state *w, TSNode n)
{
    return ank__x_is(n, "scoped_identifier") ? fld(n, w->f.name) : n;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
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
static void bind_pattern(ank_x *x, walk_state *w, TSNode pat, TSNode type)
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

static void do_const(ank_x *x, walk_state *w, TSNode n)
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

/* -------------------------------------------------------------- security */

/* Does function_item / function_signature_item `n` say `unsafe`?  The
 * qualifiers come before the `fn` keyword. */
static bool is_unsafe_fn(TSNode n)
{
    bool found = false;
    ank_rust_kids k;
    for (TSNode c = ank__rust_kids_first(&k, n, false);
         !ts_node_is_null(c) && !ank__x_is(c, "fn");
         c = ank__rust_kids_next(&k)) {
        if (!ank__x_is(c, "function_modifiers"))
            continue;
        ank_rust_kids m;
        for (TSNode q = ank__rust_kids_first(&m, c, false);
             !found && !ts_node_is_null(q); q = ank__rust_kids_next(&m))
            found = ank__x_is(q, "unsafe");
        ank__rust_kids_close(&m);
        break;
    }
    ank__rust_kids_close(&k);
    return found;
}

static bool is_shell(ank_x *x, TSNode lit)
{
    static const char *const shells[] = {
        "\"sh\"",          "\"bash\"",           "\"zsh\"",
        "\"dash\"",        "\"/bin/sh\"",        "\"/bin/bash\"",
        "\"/bin/zsh\"",    "\"/bin/dash\"",      "\"/usr/bin/sh\"",
        "\"/usr/bin/bash\"", "\"cmd\"",          "\"cmd.exe\"",
        NULL};
    if (!ank__x_is(lit, "string_literal"))
        return false;
    for (const char *const *s = shells; *s; s++)
        if (ank__x_text_eq(x, lit, *s))
            return true;
    return false;
}

static bool is_shell_flag(ank_x *x, TSNode lit)
{
    return ank__x_is(lit, "string_literal") &&
           (ank__x_text_eq(x, lit, "\"-c\"") ||
            ank__x_text_eq(x, lit, "\"/C\"") ||
            ank__x_text_eq(x, lit, "\"/c\""));
}

/* The first argument of a call (comments passed over). */
static TSNode first_arg(const walk_state *w, TSNode call)
{
    ank_rust_kids k;
    TSNode a = ank__rust_kids_first(&k, fld(call, w->f.arguments), true);
    while (ank__x_is(a, "line_comment") || ank__x_is(a, "block_comment"))
        a = ank__rust_kids_next(&k);
    ank__rust_kids_close(&k);
    return a;
}

/* `.arg("-c")` or `.args(["-c", ..])` / `.args(&["-c", ..])`. */
static bool passes_shell_flag(ank_x *x, const walk_state *w, TSNode call,
                              bool single)
{
    TSNode a = first_arg(w, call);
    if (single)
        return is_shell_flag(x, a);
    if (ank__x_is(a, "reference_expression"))
        a = fld(a, w->f.value);
    if (!ank__x_is(a, "array_expression"))
        return false;
    bool found = false;
    ank_rust_kids k;
    for (TSNode e = ank__rust_kids_first(&k, a, true);
         !found && !ts_node_is_null(e); e = ank__rust_kids_next(&k))
        found = is_shell_flag(x, e);
    ank__rust_kids_close(&k);
    return found;
}

/* From the receiver of `.arg("-c")` down the method chain to a
 * `Command::new(<shell>)` call; the finding is located there. */
static void find_shell_command(ank_x *x, walk_state *w, TSNode v)
{
    for (int i = 0; i < CHAIN_MAX && ank__x_is(v, "call_expression"); i++) {
        TSNode f = fld(v, w->f.function);
        if (ank__x_is(f, "field_expression")) {
            v = fld(f, w->f.value);
            continue;
        }
        if (ank__x_is(f, "scoped_identifier") &&
            ank__x_text_eq(x, fld(f, w->f.name), "new") &&
            ank__x_text_eq(x, last_segment(w, fld(f, w->f.path)),
                           "Command") &&
            is_shell(x, first_arg(w, v)) && !ts_node_eq(v, w->last_shell)) {
            /* Once per chain, however many `-c` it passes. */
            w->last_shell = v;
            ank__rules_finding(x, &patterns[PAT_SHELL_COMMAND], v);
        }
        return;
    }
}

/* `transmute(..)`, `mem::transmute(..)`, `std::mem::transmute::<A, B>(..)`
 * (paths ending in `mem` or `intrinsics`), and the same with
 * `transmute_copy`. */
static bool is_transmute(ank_x *x, const walk_state *w, TSNode f)
{
    if (ank__x_is(f, "generic_function"))
        f = fld(f, w->f.function);
    TSNode name = f;
    if (ank__x_is(f, "scoped_identifier")) {
        TSNode path = last_segment(w, fld(f, w->f.path));
        if (!ank__x_text_eq(x, path, "mem") &&
            !ank__x_text_eq(x, path, "intrinsics"))
            return false;
        name = fld(f, w->f.name);
    } else if (!ank__x_is(f, "identifier")) {
        return false;
    }
    return ank__x_text_eq(x, name, "transmute") ||
           ank__x_text_eq(x, name, "transmute_copy");
}

static void do_call(ank_x *x, walk_state *w, TSNode n)
{
    TSNode f = fld(n, w->f.function);
    if (ank__x_is(f, "field_expression")) {
        TSNode method = fld(f, w->f.field);
        uint32_t len = ts_node_end_byte(method) - ts_node_start_byte(method);
        if (len == 6 && ank__x_text_eq(x, method, "unwrap")) {
            count_unwrap(x, w, "unwrap");
        } else if (len == 6 && ank__x_text_eq(x, method, "expect")) {
            count_unwrap(x, w, "expect");
        } else if ((len == 3 && ank__x_text_eq(x, method, "arg")) ||
                   (len == 4 && ank__x_text_eq(x, method, "args"))) {
            if (passes_shell_flag(x, w, n, len == 3))
                find_shell_command(x, w, fld(f, w->f.value));
        }
        return;
    }
    if (is_transmute(x, w, f))
        ank__rules_finding(x, &patterns[PAT_TRANSMUTE], n);
}

/* ------------------------------------------------------------ macros */

typedef enum macro_kind {
    MAC_OTHER,
    MAC_PANIC,
    MAC_TODO,
    MAC_UNIMPL
} macro_kind;

static macro_kind macro_of(ank_x *x, const walk_state *w, TSNode n)
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

static void hole_at(ank_x *x, walk_state *w, TSNode range, macro_kind k)
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
static void scan_tokens(ank_x *x, walk_state *w, TSNode tree)
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
static bool is_test_attribute(ank_x *x, const walk_state *w, TSNode item)
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

static ank_walk enter_function(ank_x *x, walk_state *w, TSNode n, bool test)
{
    if (is_unsafe_fn(n))
        ank__rules_finding(x, &patterns[PAT_UNSAFE_FN], n);
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

static ank_walk enter_comment(ank_x *x, walk_state *w, TSNode n)
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

static ank_walk enter_macro(ank_x *x, walk_state *w, TSNode n)
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

/* The kind of a node type.  Skipped: leaves, paths, literals, types,
 * parameter lists, patterns (read by bind_pattern), token trees outside
 * macro calls, and items that hold no code (struct, enum, union, type
 * alias, use).  `match_pattern` holds a guard expression and is entered. */
static node_kind classify(const char *t)
{
    static const struct {
        const char *type;
        node_kind kind;
    } table[] = {
        {"line_comment", K_COMMENT},
        {"block_comment", K_COMMENT},
        {"attribute_item", K_ATTRIBUTE},
        {"inner_attribute_item", K_SKIP},
        {"call_expression", K_CALL},
        {"const_item", K_CONST},
        {"static_item", K_CONST},
        {"expression_statement", K_EXPR_STMT},
        {"function_item", K_FUNCTION},
        {"function_signature_item", K_FUNCTION_SIG},
        {"for_expression", K_FOR},
        {"let_declaration", K_LET},
        {"macro_invocation", K_MACRO},
        {"mod_item", K_MOD},
        {"try_expression", K_TRY},
        {"unsafe_block", K_UNSAFE_BLOCK},
        {"match_pattern", K_DESCEND},
        {"closure_parameters", K_SKIP},
        {"enum_item", K_SKIP},
        {"lifetime", K_SKIP},
        {"parameters", K_SKIP},
        {"self", K_SKIP},
        {"struct_item", K_SKIP},
        {"type_arguments", K_SKIP},
        {"type_parameters", K_SKIP},
        {"type_item", K_SKIP},
        {"token_tree", K_SKIP},
        {"trait_bounds", K_SKIP},
        {"use_declaration", K_SKIP},
        {"union_item", K_SKIP},
        {"visibility_modifier", K_SKIP},
        {"where_clause", K_SKIP},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(t, table[i].type) == 0)
            return table[i].kind;
    size_t len = strlen(t);
    if (ends_with(t, len, "identifier") || ends_with(t, len, "_literal") ||
        ends_with(t, len, "_type") || ends_with(t, len, "_specifier") ||
        ends_with(t, len, "_pattern"))
        return K_SKIP;
    return K_DESCEND;
}

/* Could the bytes of `n` hold anything the rules look for?  False only
 * when none of `?`, `!` (macros), `#` (attributes), `/` (comments) and the
 * words unwrap, expect, unsafe, transmute, arg, let, for, fn, const,
 * static occur in them: then no node inside can match, and the subtree is
 * skipped.  Only nodes up to PRUNE_MAX bytes are checked, so the byte
 * scans cost at most PRUNE_MAX per node visited. */
static bool may_matter(const ank_x *x, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e - s > PRUNE_MAX || e > x->len)
        return true;
    /* A byte is looked at further only when the next one is the second
     * letter of a word starting with it (or it is a mark that matters on
     * its own): one test per byte, rarely true, where a switch on every
     * byte would mispredict on most. */
    static const unsigned char second_a[256] = {
        ['a'] = 'r', ['c'] = 'o', ['e'] = 'x', ['f'] = 'o',
        ['l'] = 'e', ['s'] = 't', ['t'] = 'r', ['u'] = 'n',
    };
    static const unsigned char second_b[256] = {
        ['a'] = 'r', ['c'] = 'o', ['e'] = 'x', ['f'] = 'n',
        ['l'] = 'e', ['s'] = 't', ['t'] = 'r', ['u'] = 'n',
    };
    static const bool mark[256] = {
        ['?'] = true, ['!'] = true, ['#'] = true, ['/'] = true,
    };
#define WORD(w) (end - p >= (ptrdiff_t)sizeof w - 1 && \
                 memcmp(p, w, sizeof w - 1) == 0)
    for (const char *p = x->src + s, *end = x->src + e; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        unsigned char next = p + 1 < end ? (unsigned char)p[1] : 0;
        if ((next != second_a[c]) & (next != second_b[c]) & !mark[c])
            continue;
        switch (*p) {
        case '?':
        case '!':
        case '#':
        case '/':
            return true;
        case 'a':
            if (WORD("arg"))
                return true;
            break;
        case 'c':
            if (WORD("const"))
                return true;
            break;
        case 'e':
            if (WORD("expect"))
                return true;
            break;
        case 'f':
            if (WORD("for") || WORD("fn"))
                return true;
            break;
        case 'l':
            if (WORD("let"))
                return true;
            break;
        case 's':
            if (WORD("static"))
                return true;
            break;
        case 't':
            if (WORD("transmute"))
                return true;
            break;
        case 'u':
            if (WORD("unwrap") || WORD("unsafe"))
                return true;
            break;
        default:
            break;
        }
    }
#undef WORD
    return false;
}

/* Kinds by symbol and the field ids, for the grammar of `cached_lang`:
 * per thread, kept from file to file (classifying is a chain of string
 * compares per symbol, and a field id a search of the field names). */
#define KIND_TABLE 1024
static _Thread_local const TSLanguage *cached_lang;
static _Thread_local uint8_t kinds_table[KIND_TABLE];
static _Thread_local fields cached_fields;

static void load_tables(walk_state *w, const TSLanguage *lang)
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

static node_kind kind_of(walk_state *w, TSNode n)
{
    TSSymbol sym = ts_node_symbol(n);
    if (!w->kinds || sym >= w->nsymbols)
        return classify(ts_node_type(n));
    if (w->kinds[sym] == K_UNKNOWN)
        w->kinds[sym] = (uint8_t)classify(ts_node_type(n));
    return (node_kind)w->kinds[sym];
}

static ank_walk enter(ank_x *x, TSNode n, void *data)
{
    walk_state *w = data;
    node_kind k = kind_of(w, n);
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
        do_call(x, w, n);
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
        if (is_unsafe_fn(n))
            ank__rules_finding(x, &patterns[PAT_UNSAFE_FN], n);
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
        ank__rules_finding(x, &patterns[PAT_UNSAFE_BLOCK], n);
        break;
    case K_SKIP:
        return ANK_WALK_SKIP;
    default:
        break;
    }
    return may_matter(x, n) ? ANK_WALK_DESCEND : ANK_WALK_SKIP;
}

static void leave(ank_x *x, TSNode n, void *data)
{
    walk_state *w = data;
    (void)x;
    if (ts_node_eq(n, w->fn))
        w->fn = null_node;
    if (ts_node_eq(n, w->test))
        w->test = null_node;
}

void ank__rules_rust(ank_x *x)
{
    walk_state w;
    memset(&w, 0, sizeof w);
    const TSLanguage *lang = ts_tree_language(x->root.tree);
    load_tables(&w, lang);
    ank__x_walk(x, x->root, enter, leave, &w);
}
