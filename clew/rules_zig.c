/*
 * rules_zig.c - the Zig rule walk (rules.h): constants and variables for
 * naming conventions, error-handling counters per function ("try",
 * "catch", "catch_unreachable", "error_union_return" and the `error.X`
 * names a `catch |e| switch (e)` handles), the security catalog
 * (ank__patterns_zig) and holes (`@panic("TODO")` statements and
 * "ananke:hole" comments).  docs/languages/zig.md, section "Rules", is the
 * reference for what counts.
 *
 * Invariants:
 *  - one iterative ank__x_walk over the whole tree; function bodies, tests
 *    and comptime blocks are entered.  Strings and comments are never
 *    looked into (a comment is only searched for the hole marker).
 *  - node kinds are compared as grammar symbols looked up once per thread;
 *    strcmp is used only on the few nodes a rule is about.
 *  - the enclosing functions live in a stack in the walk's data (pushed on
 *    enter, popped on leave), allocated in x->scratch.  A function counts
 *    as "reported" when the extractor wrote a function.signature at its
 *    start: those are found with one cursor that only moves forward over
 *    the extractor's constraints (both walks go in source order).  Error
 *    facts go to the innermost reported function; holes and
 *    error_union_return only to a function that is itself reported.
 *  - a subtree whose text holds none of the words a rule starts with
 *    (index_hints: `@`, `|`, `//`, try, catch, var, const, fn, `-c"`) is
 *    not entered: a pre-filter only, every match is made on the tree.
 *  - every loop over a chain of nodes is bounded (ZR_CHAIN_MAX).
 * The catalog and the security matchers are in rules_zig_match.c.
 */
#include "rules_zig.h"

/* ------------------------------------------------------------ symbols */

enum {
    S_COMMENT,
    S_STRING,
    S_MULTILINE_STRING,
    S_FUNCTION,
    S_TEST,
    S_COMPTIME_DECL,
    S_VARIABLE,
    S_PAYLOAD,
    S_TRY,
    S_CATCH,
    S_BUILTIN,
    S_EXPRESSION_STATEMENT,
    S_DEFER,
    S_ERRDEFER,
    S_COMPTIME_STMT,
    S_NOSUSPEND,
    S_SUSPEND,
    S_INITIALIZER_LIST,
    /* Never looked into: types and parameter lists. */
    S_PARAMETERS,
    S_BUILTIN_TYPE,
    S_POINTER_TYPE,
    S_SLICE_TYPE,
    S_ARRAY_TYPE,
    S_NULLABLE_TYPE,
    S_ERROR_UNION_TYPE,
    S_COUNT_
};

static const char *const symbol_names[S_COUNT_] = {
    [S_COMMENT] = "comment",
    [S_STRING] = "string",
    [S_MULTILINE_STRING] = "multiline_string",
    [S_FUNCTION] = "function_declaration",
    [S_TEST] = "test_declaration",
    [S_COMPTIME_DECL] = "comptime_declaration",
    [S_VARIABLE] = "variable_declaration",
    [S_PAYLOAD] = "payload",
    [S_TRY] = "try_expression",
    [S_CATCH] = "catch_expression",
    [S_BUILTIN] = "builtin_function",
    [S_EXPRESSION_STATEMENT] = "expression_statement",
    [S_DEFER] = "defer_statement",
    [S_ERRDEFER] = "errdefer_statement",
    [S_COMPTIME_STMT] = "comptime_statement",
    [S_NOSUSPEND] = "nosuspend_statement",
    [S_SUSPEND] = "suspend_statement",
    [S_INITIALIZER_LIST] = "initializer_list",
    [S_PARAMETERS] = "parameters",
    [S_BUILTIN_TYPE] = "builtin_type",
    [S_POINTER_TYPE] = "pointer_type",
    [S_SLICE_TYPE] = "slice_type",
    [S_ARRAY_TYPE] = "array_type",
    [S_NULLABLE_TYPE] = "nullable_type",
    [S_ERROR_UNION_TYPE] = "error_union_type",
};

/* ------------------------------------------------------- small helpers */

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

/* ---------------------------------------------------------- walk state */

typedef struct zr_fn {
    TSNode node;
    TSNode owner;  /* innermost reported function (maybe this one), or null */
    bool reported; /* the extractor wrote its function.signature */
} zr_fn;

typedef struct zr_walk {
    TSSymbol sym[S_COUNT_];
    zr_fn *fns;
    uint32_t nfns;
    uint32_t bodies;  /* function bodies, tests, comptime blocks entered */
    size_t sig_next;  /* cursor over the extractor's constraints */
    size_t sig_end;
    uint32_t wrapped_end; /* end of the last defer / errdefer / ... */
    uint32_t *hints;  /* sorted start bytes of the texts a rule needs */
    uint32_t nhints;
} zr_walk;

static bool is_sym(const zr_walk *w, TSNode n, int s)
{
    return !ts_node_is_null(n) && ts_node_symbol(n) == w->sym[s];
}

static bool is_null(TSNode n) { return ts_node_is_null(n); }

static TSNode null_node(void)
{
    TSNode n = {{0}, NULL, NULL};
    return n;
}

/* The innermost reported function around the walk, or a null node. */
static TSNode owner(const zr_walk *w)
{
    return w->nfns ? w->fns[w->nfns - 1].owner : null_node();
}

/* The innermost function, when the extractor reported it (holes). */
static TSNode reported_here(const zr_walk *w)
{
    if (w->nfns && w->fns[w->nfns - 1].reported)
        return w->fns[w->nfns - 1].node;
    return null_node();
}

/* The function.signature the extractor wrote for `fn`, or NULL. */
static const ank_constraint *signature_of(ank_x *x, zr_walk *w, TSNode fn)
{
    uint32_t at = ts_node_start_byte(fn) + x->bom;
    ank_constraint **items = x->result->items;
    while (w->sig_next < w->sig_end &&
           items[w->sig_next]->span.start_byte < at)
        w->sig_next++;
    for (size_t i = w->sig_next;
         i < w->sig_end && items[i]->span.start_byte == at; i++)
        if (items[i]->kind == ANK_KIND_FUNCTION_SIGNATURE)
            return items[i];
    return NULL;
}

/* ------------------------------------------------------- small helpers */

/* The anonymous child token of `n` of type `type`, or a null node. */
static TSNode token_child(TSNode n, const char *type)
{
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode k = ts_node_child(n, i);
        if (!ts_node_is_named(k) && strcmp(ts_node_type(k), type) == 0)
            return k;
    }
    return null_node();
}

/* ------------------------------------------------ constants / variables */

/* Same rule as the extractor (docs/languages/zig.md, type-alias rule): a
 * TitleCase last name (`Foo`, `a.B`, `T`), not ALL_CAPS. */
static bool is_title_case(const char *s, uint32_t len)
{
    if (len == 0 || !(s[0] >= 'A' && s[0] <= 'Z'))
        return false;
    if (len == 1)
        return true;
    for (uint32_t i = 0; i < len; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            return true;
    return false;
}

static bool last_name_is_title(const ank_x *x, TSNode n)
{
    if (ank__x_is(n, "field_expression"))
        n = ank__x_field(n, "member");
    if (!ank__x_is(n, "identifier"))
        return false;
    uint32_t len;
    const char *s = ank__rules_zig_bytes(x, n, &len);
    if (len >= 3 && s[0] == '@' && s[1] == '"') { /* @"Name" */
        s += 2;
        len -= 3;
    }
    return is_title_case(s, len);
}

/* Is the value of a `const` a type, a container, an error set or an
 * import (which the extractor reports, or which are not values)? */
static bool is_type_like(ank_x *x, TSNode v)
{
    static const char *const type_nodes[] = {
        "builtin_type",          "pointer_type",
        "slice_type",            "array_type",
        "nullable_type",         "error_union_type",
        "function_signature",    "struct_declaration",
        "enum_declaration",      "union_declaration",
        "opaque_declaration",    "error_set_declaration",
        "anyframe_type",         NULL};
    v = ank__rules_zig_unparen(v);
    if (is_null(v))
        return false;
    const char *t = ts_node_type(v);
    for (const char *const *p = type_nodes; *p; p++)
        if (strcmp(t, *p) == 0)
            return true;
    if (strcmp(t, "binary_expression") == 0 &&
        !is_null(token_child(v, "||")))
        return true; /* merged error sets */
    TSNode base = ank__zig_find_base(v);
    if (ank__x_is(base, "builtin_function")) {
        TSNode id = ank__rules_zig_builtin_name(base);
        if (ank__x_text_eq(x, id, "@import") ||
            ank__x_text_eq(x, id, "@cImport"))
            return true;
        if (ts_node_eq(base, v))
            return ank__x_text_eq(x, id, "@This") ||
                   ank__x_text_eq(x, id, "@Vector") ||
                   ank__x_text_eq(x, id, "@Type") ||
                   ank__x_text_eq(x, id, "@TypeOf");
    }
    /* `?a.B` parses as `(?a).B`: the prefix makes it a type. */
    if (ank__zig_is_prefix_type(base))
        return true;
    if (strcmp(t, "call_expression") == 0)
        return last_name_is_title(x, ank__x_field(v, "function"));
    return last_name_is_title(x, v);
}

/* One declared name of a variable_declaration. */
typedef struct zr_decl {
    TSNode name;
    TSNode type;
    bool is_const;
} zr_decl;

static void report_decl(ank_x *x, const zr_walk *w, const zr_decl *d)
{
    if (ank__x_text_eq(x, d->name, "_") || ts_node_end_byte(d->name) ==
                                               ts_node_start_byte(d->name))
        return;
    ank_typeref ref = {0};
    if (!is_null(d->type) &&
        !ank__zig_fill_typeref(x, &ref, d->type, NULL, 0))
        return;
    ank__rules_identifier(x, d->is_const ? ANK_ID_CONSTANT : ANK_ID_VARIABLE,
                          d->name, is_null(d->type) ? NULL : &ref,
                          w->bodies == 0);
}

/*
 * `const a = v;`, `var b: T = v;`, `const a, var b = v;`.  The alias the
 * grammar gives to plain assignments (`x = v;`, `_ = v;`) has no `const`
 * or `var` token and declares nothing.
 */
static void on_variable(ank_x *x, zr_walk *w, TSNode n)
{
    zr_decl d[2];
    uint32_t nd = 0, total = 0;
    TSNode value = null_node();
    bool after_eq = false, undefined_value = false, want_type = false;
    bool pending = false, pending_const = false;
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ts_node_is_named(k)) {
                const char *t = ts_node_type(k);
                if (after_eq) {
                    if (strcmp(t, "undefined") == 0)
                        undefined_value = true;
                } else if (strcmp(t, "const") == 0 || strcmp(t, "var") == 0) {
                    pending = true;
                    pending_const = t[0] == 'c';
                } else if (strcmp(t, ":") == 0) {
                    want_type = nd > 0;
                } else if (strcmp(t, "=") == 0) {
                    after_eq = true;
                }
                continue;
            }
            if (is_sym(w, k, S_COMMENT))
                continue;
            if (after_eq) {
                if (is_null(value))
                    value = k;
                continue;
            }
            if (pending && ank__x_is(k, "identifier")) {
                pending = false;
                total++;
                /* Destructuring: report each name as soon as the next one
                 * starts, keeping at most two pending. */
                if (nd == 2) {
                    report_decl(x, w, &d[0]);
                    d[0] = d[1];
                    nd = 1;
                }
                d[nd].name = k;
                d[nd].type = null_node();
                d[nd].is_const = pending_const;
                nd++;
                want_type = false;
            } else if (want_type) {
                d[nd - 1].type = k;
                want_type = false;
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    if (nd == 0)
        return;
    if (total == 1) {
        zr_decl *one = &d[0];
        if (one->is_const &&
            (is_null(one->type) ? !is_null(value) && is_type_like(x, value)
                                : ank__x_text_eq(x, one->type, "type")))
            return; /* a type, container, error set or import */
        ank__rules_zig_check_decl(x, n, one->name, one->type, value,
                                  undefined_value);
    }
    for (uint32_t i = 0; i < nd && x->status == ANK_OK; i++)
        report_decl(x, w, &d[i]);
}

/* `|x|`, `|*x|`, `|x, i|`: captures are variables, never module-level
 * (not even in a file-level `const x = if (o) |v| v else 0;`). */
static void on_payload(ank_x *x, TSNode n)
{
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (ank__x_is(k, "identifier") && !ank__x_text_eq(x, k, "_") &&
                ts_node_end_byte(k) > ts_node_start_byte(k))
                ank__rules_identifier(x, ANK_ID_VARIABLE, k, NULL, false);
        } while (x->status == ANK_OK && ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

/* ------------------------------------------------------- error handling */

/* `catch |e| switch (e) { error.A, error.B => ... }`: A and B are caught. */
static void record_caught(ank_x *x, TSNode fn, TSNode payload, TSNode sw)
{
    TSNode capture = ts_node_named_child(payload, 0);
    TSNode subject = ts_node_named_child(sw, 0);
    if (!ank__x_is(capture, "identifier") || !ank__x_is(subject, "identifier"))
        return;
    uint32_t a, b;
    const char *pa = ank__rules_zig_bytes(x, capture, &a);
    const char *sb = ank__rules_zig_bytes(x, subject, &b);
    if (a != b || memcmp(pa, sb, a) != 0)
        return;
    TSTreeCursor c = ts_tree_cursor_new(sw);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ank__x_is(k, "switch_case"))
                continue;
            uint32_t count = ts_node_named_child_count(k);
            for (uint32_t i = 0; i < count && x->status == ANK_OK; i++) {
                TSNode e = ts_node_named_child(k, i);
                if (ank__x_is(e, "error_type"))
                    ank__rules_caught(x, fn, e);
            }
        } while (x->status == ANK_OK && ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

static void on_catch(ank_x *x, const zr_walk *w, TSNode n)
{
    uint32_t count = ts_node_child_count(n);
    TSNode last = count ? ts_node_child(n, count - 1) : null_node();
    bool unreachable = !is_null(last) && !ts_node_is_named(last) &&
                       strcmp(ts_node_type(last), "unreachable") == 0;
    TSNode fn = owner(w);
    if (!is_null(fn))
        ank__rules_count(x, fn, unreachable ? "catch_unreachable" : "catch",
                         1);
    if (unreachable) {
        ank__rules_zig_check_catch(x, n);
        return;
    }
    if (is_null(fn))
        return;
    /* `x catch |e| switch (e) {...}`: the capture is the second named
     * child. */
    TSNode handler = ank__rules_zig_unparen(ank__zig_find_last(n));
    TSNode payload = ts_node_named_child(n, 1);
    if (ank__x_is(handler, "switch_expression") &&
        is_sym(w, payload, S_PAYLOAD))
        record_caught(x, fn, payload, handler);
}

/* ---------------------------------------------------------------- holes */

/* The marker for `@panic("...")` whose message, leading blanks skipped,
 * starts with "todo", "not implemented", "not yet implemented" or
 * "unimplemented" (any case) followed by the end or a non-word
 * character; NULL for any other statement. */
static const char *panic_marker(ank_x *x, TSNode stmt)
{
    static const struct {
        const char *prefix, *marker;
    } forms[] = {
        {"todo", "@panic(\"TODO\")"},
        {"not implemented", "@panic(\"not implemented\")"},
        {"not yet implemented", "@panic(\"not implemented\")"},
        {"unimplemented", "@panic(\"not implemented\")"},
    };
    TSNode call = ts_node_named_child(stmt, 0);
    if (!ank__x_is(call, "builtin_function") ||
        !ank__x_text_eq(x, ank__rules_zig_builtin_name(call), "@panic"))
        return NULL;
    TSNode args = ank__x_child_of_type(call, "arguments");
    if (is_null(args) || ts_node_named_child_count(args) != 1)
        return NULL;
    TSNode msg = ts_node_named_child(args, 0);
    if (!ank__x_is(msg, "string"))
        return NULL;
    uint32_t len;
    const char *s = ank__rules_zig_bytes(x, msg, &len);
    if (len < 2)
        return NULL;
    s++;       /* the quotes */
    len -= 2;
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        size_t m = strlen(forms[f].prefix);
        if (len < m)
            continue;
        size_t k = 0;
        while (k < m && lower(s[k]) == forms[f].prefix[k])
            k++;
        if (k == m && (len == m || !is_alnum(s[m])))
            return forms[f].marker;
    }
    return NULL;
}

static void on_comment(ank_x *x, const zr_walk *w, TSNode n)
{
    TSNode fn = reported_here(w);
    if (is_null(fn))
        return;
    uint32_t len;
    const char *s = ank__rules_zig_bytes(x, n, &len);
    size_t m = strlen(ANK_HOLE_MARKER);
    bool found = false;
    for (uint32_t i = 0; i + m <= len && !found; i++)
        found = memcmp(s + i, ANK_HOLE_MARKER, m) == 0;
    if (found)
        ank__rules_hole(x, fn, ts_node_start_byte(n), ts_node_end_byte(n),
                        ANK_HOLE_MARKER);
}

/* ------------------------------------------------------- the pre-filter */


/*
 * Byte offsets where a rule might start: `@` (builtins), `|` (captures),
 * `//` (comments), the words try, catch, var, fn and const (not after `]`,
 * `*` or `)`, as in `[]const u8`), and `-c"` / `/c"` (shell arguments).
 * A node whose text holds none of them cannot hold anything the walk
 * reports, so it is not entered.  This only prunes: every match is still
 * made on the syntax tree.  One pass over the source; offsets sorted.
 */
static bool is_keyword(const char *s, uint32_t n)
{
    switch (n) {
    case 2: return memcmp(s, "fn", 2) == 0;
    case 3: return memcmp(s, "try", 3) == 0 || memcmp(s, "var", 3) == 0;
    case 5: return memcmp(s, "catch", 5) == 0 || memcmp(s, "const", 5) == 0;
    default: return false;
    }
}

static void index_hints(ank_x *x, zr_walk *w)
{
    const char *src = x->src;
    uint32_t len = x->len;
    bool word[256];
    for (int c = 0; c < 256; c++)
        word[c] = c >= 0x80 || is_alnum((char)c);
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    for (uint32_t i = 0; i < len && x->status == ANK_OK; i++) {
        unsigned char c = (unsigned char)src[i];
        uint32_t at = i;
        bool hit = false;
        if (word[c]) {
            while (i + 1 < len && word[(unsigned char)src[i + 1]])
                i++;
            if (c != 'c' && c != 'f' && c != 't' && c != 'v')
                continue;
            hit = is_keyword(src + at, i + 1 - at);
            if (hit && c == 'c' && src[at + 1] == 'o') {
                uint32_t b = at;
                while (b > 0 && (src[b - 1] == ' ' || src[b - 1] == '\t'))
                    b--;
                hit = !(b > 0 && (src[b - 1] == ']' || src[b - 1] == '*' ||
                                  src[b - 1] == ')'));
            }
        } else if (c == '@' || c == '|') {
            hit = true;
        } else if (c == '/' || c == '-') {
            hit = i + 1 < len &&
                  ((c == '/' && src[i + 1] == '/') ||
                   (i + 2 < len && (src[i + 1] == 'c' || src[i + 1] == 'C') &&
                    src[i + 2] == '"'));
        }
        if (hit) {
            uint32_t *slot = ANK_X_PUSH(x, w->hints, w->nhints);
            if (slot)
                *slot = at;
        }
    }
    x->arena = keep;
}

/* Does [start, end) hold a hint? */
static bool has_hint(const zr_walk *w, TSNode n)
{
    uint32_t start = ts_node_start_byte(n), end = ts_node_end_byte(n);
    uint32_t lo = 0, hi = w->nhints;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (w->hints[mid] < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->nhints && w->hints[lo] < end;
}

/* ----------------------------------------------------------------- walk */

static ank_walk on_enter(ank_x *x, TSNode n, void *data)
{
    zr_walk *w = data;
    TSSymbol s = ts_node_symbol(n);
    const TSSymbol *sym = w->sym;
    if (s == sym[S_COMMENT]) {
        if (w->bodies > 0)
            on_comment(x, w, n);
        return ANK_WALK_SKIP;
    }
    if (s == sym[S_STRING] || s == sym[S_MULTILINE_STRING])
        return ANK_WALK_SKIP;
    if (s == sym[S_FUNCTION]) {
        const ank_constraint *sig = signature_of(x, w, n);
        if (sig && sig->u.sig.error_style == ANK_ERRSTYLE_ERROR_UNION)
            ank__rules_count(x, n, "error_union_return", 1);
        if (!has_hint(w, n))
            return ANK_WALK_SKIP;
        /* The function stack lives in the per-file scratch arena. */
        ank_arena *keep = x->arena;
        x->arena = x->scratch;
        zr_fn *f = ANK_X_PUSH(x, w->fns, w->nfns);
        x->arena = keep;
        if (!f)
            return ANK_WALK_SKIP;
        f->node = n;
        f->reported = sig != NULL;
        f->owner = sig ? n : w->nfns > 1 ? w->fns[w->nfns - 2].owner
                                         : null_node();
        w->bodies++;
        return ANK_WALK_DESCEND;
    }
    if (s == sym[S_TEST] || s == sym[S_COMPTIME_DECL]) {
        if (!has_hint(w, n))
            return ANK_WALK_SKIP;
        w->bodies++;
        return ANK_WALK_DESCEND;
    }
    if (s == sym[S_VARIABLE]) {
        on_variable(x, w, n);
    } else if (s == sym[S_PAYLOAD]) {
        on_payload(x, n);
        return ANK_WALK_SKIP;
    } else if (s == sym[S_TRY]) {
        TSNode fn = owner(w);
        if (!is_null(fn))
            ank__rules_count(x, fn, "try", 1);
    } else if (s == sym[S_CATCH]) {
        on_catch(x, w, n);
    } else if (s == sym[S_BUILTIN]) {
        ank__rules_zig_check_builtin(x, n);
    } else if (s == sym[S_EXPRESSION_STATEMENT]) {
        TSNode fn = reported_here(w);
        /* The statement of a `defer` ends where the defer does. */
        const char *marker =
            is_null(fn) || ts_node_end_byte(n) == w->wrapped_end
                ? NULL
                : panic_marker(x, n);
        if (marker)
            ank__rules_hole(x, fn, ts_node_start_byte(n), ts_node_end_byte(n),
                            marker);
    } else if (s == sym[S_DEFER] || s == sym[S_ERRDEFER] ||
               s == sym[S_COMPTIME_STMT] || s == sym[S_NOSUSPEND] ||
               s == sym[S_SUSPEND]) {
        /* `defer @panic("TODO");` is not a placeholder statement. */
        w->wrapped_end = ts_node_end_byte(n);
    } else if (s == sym[S_INITIALIZER_LIST]) {
        ank__rules_zig_check_list(x, n);
    } else {
        for (int i = S_PARAMETERS; i < S_COUNT_; i++)
            if (s == sym[i])
                return ANK_WALK_SKIP;
    }
    /* Leaves, and subtrees with nothing a rule looks for, are not
     * entered. */
    return ts_node_child_count(n) && has_hint(w, n) ? ANK_WALK_DESCEND
                                                    : ANK_WALK_SKIP;
}

static void on_leave(ank_x *x, TSNode n, void *data)
{
    zr_walk *w = data;
    TSSymbol s = ts_node_symbol(n);
    (void)x;
    if (s == w->sym[S_FUNCTION]) {
        if (w->nfns > 0)
            w->nfns--;
        if (w->bodies > 0)
            w->bodies--;
    } else if (s == w->sym[S_TEST] || s == w->sym[S_COMPTIME_DECL]) {
        if (w->bodies > 0)
            w->bodies--;
    }
}

/* The grammar symbols of symbol_names, looked up once per thread and
 * language (a lookup scans the language's symbol names). */
static void load_symbols(const TSLanguage *lang, TSSymbol *sym)
{
    static _Thread_local const TSLanguage *cached_lang;
    static _Thread_local TSSymbol cached[S_COUNT_];
    if (cached_lang != lang) {
        for (int i = 0; i < S_COUNT_; i++) {
            cached[i] = ts_language_symbol_for_name(
                lang, symbol_names[i], (uint32_t)strlen(symbol_names[i]),
                true);
            /* 0 is "end": an unknown name must never match a node. */
            if (cached[i] == 0)
                cached[i] = (TSSymbol)-1;
        }
        cached_lang = lang;
    }
    memcpy(sym, cached, sizeof cached);
}

void ank__rules_zig(ank_x *x)
{
    zr_walk w;
    memset(&w, 0, sizeof w);
    load_symbols(ts_node_language(x->root), w.sym);
    const ank_file_record *f = &x->result->files[x->result->nfiles - 1];
    w.sig_next = f->first;
    w.sig_end = x->result->count;
    index_hints(x, &w);
    if (x->status == ANK_OK)
        ank__x_walk(x, x->root, on_enter, on_leave, &w);
}
