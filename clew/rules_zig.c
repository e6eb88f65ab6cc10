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
 *  - one iterative walk over the whole tree (walk(): a cursor and a stack
 *    of the entered nodes' ends, no recursion); function bodies, tests
 *    and comptime blocks are entered.  Strings and comments are never
 *    looked into (a comment is only searched for the hole marker).
 *  - the walk visits only nodes that hold a hint (rules_zig_hints.c: the
 *    words and signs a rule starts with); a pre-filter only, every match
 *    is made on the tree.  From a node it goes to the child holding the
 *    next hint (the next sibling, or a jump from the parent with
 *    ts_tree_cursor_goto_first_child_for_byte), and passes over the hints
 *    of the tokens of the node it just entered (`const`, `fn`, `try`,
 *    the name of a builtin).
 *  - node kinds are classified once per grammar symbol (kind_of, per
 *    thread and language); strcmp is used only on the few nodes a rule is
 *    about.
 *  - the enclosing functions live in a stack in the walk's data (pushed on
 *    enter, popped on leave), allocated in x->scratch.  A function counts
 *    as "reported" when the extractor wrote a function.signature at its
 *    start: those are found with one cursor that only moves forward over
 *    the extractor's constraints (both walks go in source order).  Error
 *    facts go to the innermost reported function; holes and
 *    error_union_return only to a function that is itself reported.
 *  - every loop over a chain of nodes is bounded (ZR_CHAIN_MAX).
 * The catalog and the security matchers are in rules_zig_match.c, the
 * pre-filter in rules_zig_hints.c.
 */
#include "rules_zig.h"

/* ------------------------------------------------------------ symbols */

/* What the walk does at a node, by its grammar symbol (kinds_of). */
enum {
    K_UNKNOWN, /* not classified yet */
    K_OTHER,
    K_COMMENT,
    K_STRING, /* string, multiline_string: never looked into */
    K_FUNCTION,
    K_BODY, /* test_declaration, comptime_declaration */
    K_VARIABLE,
    K_PAYLOAD,
    K_TRY,
    K_CATCH,
    K_BUILTIN,
    K_EXPRESSION_STATEMENT,
    K_WRAPPER, /* defer, errdefer, comptime, nosuspend, suspend statements */
    K_INITIALIZER_LIST,
    K_SKIP, /* never looked into: types and parameter lists */
    K_IDENTIFIER,
    /* Anonymous tokens of a variable_declaration. */
    K_TOK_CONST,
    K_TOK_VAR,
    K_TOK_COLON,
    K_TOK_EQ,
    K_TOK_UNDEFINED
};

static const struct {
    const char *name;
    bool named;
    unsigned char kind;
} kind_names[] = {
    {"comment", true, K_COMMENT},
    {"string", true, K_STRING},
    {"multiline_string", true, K_STRING},
    {"function_declaration", true, K_FUNCTION},
    {"test_declaration", true, K_BODY},
    {"comptime_declaration", true, K_BODY},
    {"variable_declaration", true, K_VARIABLE},
    {"payload", true, K_PAYLOAD},
    {"try_expression", true, K_TRY},
    {"catch_expression", true, K_CATCH},
    {"builtin_function", true, K_BUILTIN},
    {"expression_statement", true, K_EXPRESSION_STATEMENT},
    {"defer_statement", true, K_WRAPPER},
    {"errdefer_statement", true, K_WRAPPER},
    {"comptime_statement", true, K_WRAPPER},
    {"nosuspend_statement", true, K_WRAPPER},
    {"suspend_statement", true, K_WRAPPER},
    {"initializer_list", true, K_INITIALIZER_LIST},
    {"parameters", true, K_SKIP},
    {"builtin_type", true, K_SKIP},
    {"pointer_type", true, K_SKIP},
    {"slice_type", true, K_SKIP},
    {"array_type", true, K_SKIP},
    {"nullable_type", true, K_SKIP},
    {"error_union_type", true, K_SKIP},
    {"identifier", true, K_IDENTIFIER},
    {"const", false, K_TOK_CONST},
    {"var", false, K_TOK_VAR},
    {":", false, K_TOK_COLON},
    {"=", false, K_TOK_EQ},
    {"undefined", false, K_TOK_UNDEFINED},
};

/* Kinds by grammar symbol, filled lazily (one strcmp chain per symbol the
 * first time it is met), per thread and language. */
#define ZR_KIND_TABLE 1024
static _Thread_local const TSLanguage *kinds_lang;
static _Thread_local unsigned char kinds[ZR_KIND_TABLE];

static unsigned char classify(TSNode n)
{
    const char *t = ts_node_type(n);
    bool named = ts_node_is_named(n);
    for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
        if (kind_names[i].named == named && t[0] == kind_names[i].name[0] &&
            strcmp(t, kind_names[i].name) == 0)
            return kind_names[i].kind;
    return K_OTHER;
}

static unsigned char kind_of(TSNode n)
{
    TSSymbol s = ts_node_symbol(n);
    if (s >= ZR_KIND_TABLE)
        return classify(n);
    if (kinds[s] == K_UNKNOWN)
        kinds[s] = classify(n);
    return kinds[s];
}

static void load_kinds(const TSLanguage *lang)
{
    if (kinds_lang != lang) {
        memset(kinds, K_UNKNOWN, sizeof kinds);
        kinds_lang = lang;
    }
}

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

/* Keyword tokens of the declaration being entered: their hints are
 * passed over (nothing but the declaration itself is there). */
#define ZR_KEYWORDS 8

typedef struct zr_walk {
    zr_fn *fns;
    uint32_t nfns;
    uint32_t bodies;  /* function bodies, tests, comptime blocks entered */
    size_t sig_next;  /* cursor over the extractor's constraints */
    size_t sig_end;
    uint32_t wrapped_end; /* end of the last defer / errdefer / ... */
    uint32_t *hints;  /* sorted start bytes of the texts a rule needs */
    uint32_t nhints;
    uint32_t hi;      /* the first hint at or after the walk's position */
    uint32_t keywords[ZR_KEYWORDS];
    uint32_t nkeywords;
} zr_walk;

static bool is_kind(TSNode n, unsigned char k)
{
    return !ts_node_is_null(n) && kind_of(n) == k;
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
    w->nkeywords = 0;
    /* A declaration has a handful of children: ts_node_child is cheaper
     * here than stepping a cursor.  The grammar puts only `;` after the
     * value (or `undefined`), and nothing of a declaration after the
     * target of a plain assignment: the loop stops there. */
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode k = ts_node_child(n, i);
        unsigned char kind = kind_of(k);
        if (!ts_node_is_named(k)) {
            if (after_eq) {
                if (kind == K_TOK_UNDEFINED) {
                    undefined_value = true;
                    break;
                }
            } else if (kind == K_TOK_CONST || kind == K_TOK_VAR) {
                pending = true;
                pending_const = kind == K_TOK_CONST;
                if (w->nkeywords < ZR_KEYWORDS)
                    w->keywords[w->nkeywords++] = ts_node_start_byte(k);
            } else if (kind == K_TOK_COLON) {
                want_type = nd > 0;
            } else if (kind == K_TOK_EQ) {
                after_eq = true;
            }
            continue;
        }
        if (kind == K_COMMENT)
            continue;
        if (after_eq) {
            value = k;
            break;
        }
        if (pending && kind == K_IDENTIFIER) {
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
        } else if (nd == 0 && !pending && kind != K_STRING &&
                   !ts_node_is_error(k)) {
            return; /* `x = v;` (`extern "c" var` has a string first) */
        }
    }
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
            if (kind_of(k) == K_IDENTIFIER && !ank__x_text_eq(x, k, "_") &&
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
        is_kind(payload, K_PAYLOAD))
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

/* Does [start, end) of `n`, a node the walk is at, hold a hint?  The
 * walk keeps w->hi at the first hint at or after its position, which is
 * never past the start of the node it is at: O(1) in practice. */
static bool has_hint(const zr_walk *w, TSNode n)
{
    uint32_t start = ts_node_start_byte(n), end = ts_node_end_byte(n);
    uint32_t i = w->hi;
    while (i < w->nhints && w->hints[i] < start)
        i++;
    return i < w->nhints && w->hints[i] < end;
}

/* Let the walk pass over a hint at `at` (a token that is a leaf of the
 * node just entered: landing on it would do nothing). */
static void pass_hint(zr_walk *w, uint32_t at)
{
    if (w->nkeywords == ZR_KEYWORDS)
        w->nkeywords = 0;
    w->keywords[w->nkeywords++] = at;
}

/* Pass over the hint of the `fn` keyword of a function. */
static void pass_fn_keyword(ank_x *x, zr_walk *w, TSNode fn)
{
    uint32_t i = w->hi, start = ts_node_start_byte(fn);
    while (i < w->nhints && w->hints[i] < start)
        i++;
    if (i >= w->nhints)
        return;
    uint32_t at = w->hints[i];
    /* Only a keyword hint starts with 'f'; before the `fn` of a function
     * there are only keywords, strings and comments (whose `//` would
     * come first). */
    if (at + 2 <= x->len && x->src[at] == 'f' && x->src[at + 1] == 'n')
        pass_hint(w, at);
}

/* ----------------------------------------------------------------- walk */

static ank_walk on_enter(ank_x *x, TSNode n, zr_walk *w)
{
    switch (kind_of(n)) {
    case K_COMMENT:
        if (w->bodies > 0)
            on_comment(x, w, n);
        return ANK_WALK_SKIP;
    case K_STRING:
    case K_SKIP:
        return ANK_WALK_SKIP;
    case K_FUNCTION: {
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
        pass_fn_keyword(x, w, n);
        return ANK_WALK_DESCEND;
    }
    case K_BODY:
        if (!has_hint(w, n))
            return ANK_WALK_SKIP;
        w->bodies++;
        return ANK_WALK_DESCEND;
    case K_VARIABLE:
        on_variable(x, w, n);
        break;
    case K_PAYLOAD:
        on_payload(x, n);
        return ANK_WALK_SKIP;
    case K_TRY: {
        TSNode fn = owner(w);
        if (!is_null(fn))
            ank__rules_count(x, fn, "try", 1);
        /* Its first child is the `try` keyword. */
        pass_hint(w, ts_node_start_byte(n));
        break;
    }
    case K_CATCH:
        on_catch(x, w, n);
        break;
    case K_BUILTIN:
        ank__rules_zig_check_builtin(x, n);
        /* Its first child is the name, `@ptrCast`: a leaf. */
        pass_hint(w, ts_node_start_byte(n));
        break;
    case K_EXPRESSION_STATEMENT: {
        TSNode fn = reported_here(w);
        /* The statement of a `defer` ends where the defer does. */
        const char *marker =
            is_null(fn) || ts_node_end_byte(n) == w->wrapped_end
                ? NULL
                : panic_marker(x, n);
        if (marker)
            ank__rules_hole(x, fn, ts_node_start_byte(n), ts_node_end_byte(n),
                            marker);
        break;
    }
    case K_WRAPPER:
        /* `defer @panic("TODO");` is not a placeholder statement. */
        w->wrapped_end = ts_node_end_byte(n);
        break;
    case K_INITIALIZER_LIST:
        ank__rules_zig_check_list(x, n);
        break;
    default:
        break;
    }
    /* Leaves, and subtrees with nothing a rule looks for, are not
     * entered. */
    return ts_node_child_count(n) && has_hint(w, n) ? ANK_WALK_DESCEND
                                                    : ANK_WALK_SKIP;
}

static void on_leave(zr_walk *w, TSNode n)
{
    unsigned char k = kind_of(n);
    if (k == K_FUNCTION) {
        if (w->nfns > 0)
            w->nfns--;
        if (w->bodies > 0)
            w->bodies--;
    } else if (k == K_BODY) {
        if (w->bodies > 0)
            w->bodies--;
    }
}

/* Move w->hi to the first hint at or after `pos`, passing over the hints
 * of the keywords of the declaration entered last; the hint's offset, or
 * UINT32_MAX when none is left. */
static uint32_t next_hint(zr_walk *w, uint32_t pos)
{
    for (;;) {
        while (w->hi < w->nhints && w->hints[w->hi] < pos)
            w->hi++;
        if (w->hi >= w->nhints)
            return UINT32_MAX;
        uint32_t at = w->hints[w->hi];
        bool keyword = false;
        for (uint32_t i = 0; i < w->nkeywords && !keyword; i++)
            keyword = w->keywords[i] == at;
        if (!keyword)
            return at;
        pos = at + 1;
    }
}

/*
 * Depth-first over the named descendants of the root that hold a hint, in
 * source order, iteratively.  Like ank__x_walk (on_enter decides whether
 * to descend, on_leave runs after a descended node), except that the
 * children of a node are not all stepped over: the walk goes to the child
 * holding the next hint, by stepping to the next sibling when that one
 * holds it, else by a jump from the parent
 * (ts_tree_cursor_goto_first_child_for_byte, which passes over whole
 * hidden subtrees).  A child without a hint cannot hold anything a rule
 * reports (see index_hints), so not visiting it changes nothing.  `ends`
 * is the stack of the descended nodes' ends; `in_parent` says whether the
 * cursor is at the innermost descended node (else at a child of it that
 * is done with).
 */
static bool push_end(ank_x *x, uint32_t **ends, uint32_t *depth, uint32_t e)
{
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    uint32_t *top = ANK_X_PUSH(x, *ends, *depth);
    x->arena = keep;
    if (top)
        *top = e;
    return top != NULL;
}

static void walk(ank_x *x, zr_walk *w)
{
    uint32_t *ends = NULL, depth = 0;
    uint32_t pos = ts_node_start_byte(x->root);
    if (!push_end(x, &ends, &depth, ts_node_end_byte(x->root)))
        return;
    TSTreeCursor c = ts_tree_cursor_new(x->root);
    bool in_parent = true;
    while (x->status == ANK_OK) {
        uint32_t end = ends[depth - 1];
        uint32_t at = next_hint(w, pos);
        TSNode n;
        if (!in_parent) {
            /* At a child done with: the next sibling, when it holds the
             * hint, else back to the parent. */
            if (at < end && ts_tree_cursor_goto_next_sibling(&c)) {
                n = ts_tree_cursor_current_node(&c);
                if (ts_node_end_byte(n) > at)
                    goto land;
            }
            ts_tree_cursor_goto_parent(&c);
            in_parent = true;
        }
        if (at >= end || ts_tree_cursor_goto_first_child_for_byte(&c, at) < 0) {
            /* Nothing left in this node: leave it. */
            pos = end;
            if (--depth == 0)
                break;
            on_leave(w, ts_tree_cursor_current_node(&c));
            in_parent = false;
            continue;
        }
        n = ts_tree_cursor_current_node(&c);
    land:;
        uint32_t start = ts_node_start_byte(n);
        if (start > pos)
            pos = start;
        while (w->hi < w->nhints && w->hints[w->hi] < pos)
            w->hi++;
        if (ts_node_is_named(n) && on_enter(x, n, w) == ANK_WALK_DESCEND) {
            if (!push_end(x, &ends, &depth, ts_node_end_byte(n)))
                break;
            in_parent = true;
            continue;
        }
        pos = ts_node_end_byte(n);
        in_parent = false;
    }
    ts_tree_cursor_delete(&c);
}

void ank__rules_zig(ank_x *x)
{
    zr_walk w;
    memset(&w, 0, sizeof w);
    load_kinds(ts_node_language(x->root));
    const ank_file_record *f = &x->result->files[x->result->nfiles - 1];
    w.sig_next = f->first;
    w.sig_end = x->result->count;
    ank__rules_zig_index_hints(x, &w.hints, &w.nhints);
    if (x->status == ANK_OK)
        walk(x, &w);
}
