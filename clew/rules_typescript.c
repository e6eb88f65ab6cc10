/*
 * rules_typescript.c - the TypeScript/TSX rule walk (rules.h): constants
 * and variables for naming conventions, error-handling facts, security
 * findings and holes.  docs/languages/typescript.md ("## Rules") is the
 * reference for what is reported.
 *
 * Invariants:
 *  - One walk over the whole tree (it enters function bodies), driven by
 *    ank__ts_walk_tree (rules_typescript_walk.c): inside functions it
 *    visits only the nodes whose text holds a trigger word (eval, exec,
 *    Function, catch, const, let, var, throw, try, HTML, any, @ts-, the
 *    hole marker, and the names bound to exec), since nothing else there
 *    can match.  The only other visits are bounded by the node at hand: a
 *    declarator's value (is it a literal?), a destructuring pattern (its
 *    names), an outermost function's body (is it a placeholder?) and a
 *    call's first argument.  None of them recurses: the value and pattern
 *    visits use ank__x_walk or an explicit stack in x->scratch.
 *  - Node kinds are told by symbol through a thread-local table filled
 *    lazily (one pass over the names per symbol and grammar, not per
 *    node).
 *  - A stack of frames (x->scratch, popped by `leave` when the walk leaves
 *    the node that pushed it) tracks the functions and, outside functions,
 *    the blocks the walk is in; memory is bounded by the nesting depth.
 *  - Error facts and holes belong to the OUTERMOST function-like node
 *    around them: the extractor only makes signatures for functions that
 *    are not inside another function's body, so callbacks and local
 *    helpers count towards the function that contains them.  Outside any
 *    function nothing is counted.
 *  - Patterns match syntax nodes only; string literals are skipped; the
 *    only comments looked at are `@ts-ignore`/`@ts-nocheck` directives and
 *    hole markers.
 */
#include "rules_typescript.h"

/* ------------------------------------------------------------- catalog */

enum {
    P_EVAL,
    P_NEW_FUNCTION,
    P_INNER_HTML,
    P_DANGEROUS_HTML,
    P_EXEC,
    P_ANY,
    P_TS_IGNORE,
    P_TS_NOCHECK,
    P_COUNT_
};

static const ank_pattern patterns[P_COUNT_] = {
    [P_EVAL] = {"typescript.eval", "CWE-95", ANK_SEV_ERROR,
                "eval() runs a string as code"},
    [P_NEW_FUNCTION] = {"typescript.new_function", "CWE-95", ANK_SEV_ERROR,
                        "the Function constructor compiles a string as code"},
    [P_INNER_HTML] = {"typescript.inner_html", "CWE-79", ANK_SEV_ERROR,
                      "assigning innerHTML/outerHTML injects unescaped HTML"},
    [P_DANGEROUS_HTML] = {"typescript.dangerously_set_inner_html", "CWE-79",
                          ANK_SEV_ERROR,
                          "dangerouslySetInnerHTML renders unescaped HTML"},
    [P_EXEC] = {"typescript.child_process_exec", "CWE-78", ANK_SEV_ERROR,
                "child_process exec with a command built from values runs "
                "them through a shell"},
    [P_ANY] = {"typescript.explicit_any", "CWE-843", ANK_SEV_WARNING,
               "an explicit `any` turns type checking off"},
    [P_TS_IGNORE] = {"typescript.ts_ignore", "CWE-843", ANK_SEV_WARNING,
                     "@ts-ignore hides the type error on the next line"},
    [P_TS_NOCHECK] = {"typescript.ts_nocheck", "CWE-843", ANK_SEV_WARNING,
                      "@ts-nocheck turns type checking off for the file"},
};

const ank_pattern *ank__patterns_typescript(size_t *n)
{
    *n = P_COUNT_;
    return patterns;
}

static TSNode null_node(void)
{
    TSNode n = {{0}, NULL, NULL};
    return n;
}

static bool push_frame(ank_x *x, walk *w, TSNode node, bool function)
{
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    frame *f = ANK_X_PUSH(x, w->frames, w->nframes);
    x->arena = keep;
    if (!f)
        return false;
    f->node = node;
    f->function = function;
    if (function)
        w->fdepth++;
    else
        w->ldepth++;
    return true;
}

static void leave(ank_x *x, TSNode node, void *data)
{
    walk *w = data;
    (void)x;
    if (w->nframes == 0 || !ts_node_eq(w->frames[w->nframes - 1].node, node))
        return;
    if (w->frames[--w->nframes].function)
        w->fdepth--;
    else
        w->ldepth--;
}

/* ------------------------------------------------------------- helpers */

static bool text_is(ank_x *x, TSNode n, const char *s)
{
    return !ts_node_is_null(n) && ank__x_text_eq(x, n, s);
}

static bool ref_eq(ank_x *x, TSNode n, const name_ref *r)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    return e <= x->len && e - s == r->len &&
           memcmp(x->src + s, r->s, r->len) == 0;
}

static void bind_name(name_ref *list, uint32_t *n, const char *s,
                      uint32_t len)
{
    if (s && *n < BOUND_MAX) {
        list[*n].s = s;
        list[*n].len = len;
        (*n)++;
    }
}

static void bind_node(ank_x *x, name_ref *list, uint32_t *n, TSNode node)
{
    uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
    if (!ts_node_is_null(node) && e <= x->len && s < e)
        bind_name(list, n, x->src + s, e - s);
}

static bool bound(ank_x *x, const name_ref *list, uint32_t n, TSNode node)
{
    for (uint32_t i = 0; i < n; i++)
        if (ref_eq(x, node, &list[i]))
            return true;
    return false;
}

/* Does src[s, e) contain `needle`? */
static bool contains(const char *src, uint32_t s, uint32_t e,
                     const char *needle)
{
    size_t len = strlen(needle);
    for (uint32_t i = s; i + len <= e; i++)
        if (src[i] == needle[0] && memcmp(src + i, needle, len) == 0)
            return true;
    return false;
}

static bool node_contains(ank_x *x, TSNode n, const char *needle)
{
    uint32_t e = ts_node_end_byte(n);
    return e <= x->len && contains(x->src, ts_node_start_byte(n), e, needle);
}

/* The first named child that is not a comment; null when none. */
static TSNode first_kid(TSNode n)
{
    ank_ts_kids k;
    TSNode c;
    ank__typescript_kids_open(&k, n, true);
    if (!ank__typescript_kids_next(&k, &c))
        c = null_node();
    ank__typescript_kids_close(&k);
    return c;
}

static bool is_child_process(const char *s, size_t len)
{
    return (len == 13 && memcmp(s, "child_process", 13) == 0) ||
           (len == 18 && memcmp(s, "node:child_process", 18) == 0);
}

/* `require("child_process")` or `require("node:child_process")`. */
static bool is_require_cp(ank_x *x, TSNode n)
{
    if (!ank__x_is(n, "call_expression"))
        return false;
    TSNode fn = ank__x_field(n, "function");
    if (!ank__x_is(fn, "identifier") || !text_is(x, fn, "require"))
        return false;
    TSNode arg = first_kid(ank__x_field(n, "arguments"));
    if (!ank__x_is(arg, "string"))
        return false;
    uint32_t s = ts_node_start_byte(arg), e = ts_node_end_byte(arg);
    return e <= x->len && e - s >= 2 &&
           is_child_process(x->src + s + 1, e - s - 2);
}

static bool is_exec_name(ank_x *x, TSNode n)
{
    return text_is(x, n, "exec") || text_is(x, n, "execSync");
}

/* ------------------------------------------------------- identifiers */

/* Literal check: every node of a value must be one of these. */
static ank_walk literal_enter(ank_x *x, TSNode n, void *data)
{
    bool *ok = data;
    const char *t = ts_node_type(n);
    (void)x;
    if (!*ok)
        return ANK_WALK_SKIP;
    if (strcmp(t, "string") == 0 || strcmp(t, "number") == 0 ||
        strcmp(t, "true") == 0 || strcmp(t, "false") == 0 ||
        strcmp(t, "null") == 0 || strcmp(t, "comment") == 0)
        return ANK_WALK_SKIP;
    if (strcmp(t, "array") == 0 || strcmp(t, "object") == 0 ||
        strcmp(t, "pair") == 0 || strcmp(t, "parenthesized_expression") == 0 ||
        strcmp(t, "template_string") == 0 ||
        strcmp(t, "string_fragment") == 0 ||
        strcmp(t, "escape_sequence") == 0 ||
        strcmp(t, "property_identifier") == 0) /* a pair's key */
        return ANK_WALK_DESCEND;
    if (strcmp(t, "unary_expression") == 0) {
        TSNode op = ank__x_field(n, "operator");
        TSNode arg = ank__x_field(n, "argument");
        if ((text_is(x, op, "-") || text_is(x, op, "+")) &&
            ank__x_is(arg, "number"))
            return ANK_WALK_SKIP;
    } else if (strcmp(t, "as_expression") == 0) {
        /* `[...] as const`: the only named child is the value. */
        if (ts_node_named_child_count(n) == 1 &&
            ank__typescript_has_token(n, "const"))
            return ANK_WALK_DESCEND;
    }
    *ok = false;
    return ANK_WALK_SKIP;
}

/* Is `value` a literal: string, number, `-1`, template without
 * substitutions, true/false/null, an array or object of literals (nested),
 * or any of these `as const`? */
static bool is_literal(ank_x *x, TSNode value)
{
    if (ts_node_is_null(value))
        return false;
    bool ok = true;
    /* ank__x_walk visits descendants only: check the value itself too. */
    if (literal_enter(x, value, &ok) == ANK_WALK_SKIP)
        return ok;
    ank__x_walk(x, value, literal_enter, NULL, &ok);
    return ok;
}

static bool is_function_value(TSNode v)
{
    kind k = ts_node_is_null(v) ? K_OTHER : ank__ts_kind_of(v);
    return k == K_FUNC || ank__x_is(v, "class");
}

/* Report every name bound by a destructuring pattern as a variable.  An
 * explicit stack (x->scratch): patterns nest without bound. */
static void report_pattern(ank_x *x, TSNode pat, bool module_level)
{
    TSNode *stack = NULL;
    uint32_t n = 0;
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    TSNode *slot = ANK_X_PUSH(x, stack, n);
    if (slot)
        *slot = pat;
    while (n > 0 && x->status == ANK_OK) {
        TSNode p = stack[--n];
        const char *t = ts_node_type(p);
        TSNode next[1] = {null_node()};
        if (strcmp(t, "identifier") == 0 ||
            strcmp(t, "shorthand_property_identifier_pattern") == 0) {
            if (!text_is(x, p, "_")) {
                x->arena = keep;
                ank__rules_identifier(x, ANK_ID_VARIABLE, p, NULL,
                                      module_level);
                x->arena = x->scratch;
            }
            continue;
        }
        if (strcmp(t, "object_pattern") == 0 ||
            strcmp(t, "array_pattern") == 0 ||
            strcmp(t, "rest_pattern") == 0) {
            ank_ts_kids k;
            TSNode c;
            ank__typescript_kids_open(&k, p, true);
            while (ank__typescript_kids_next(&k, &c) && (slot = ANK_X_PUSH(x, stack, n)))
                *slot = c;
            ank__typescript_kids_close(&k);
            continue;
        }
        if (strcmp(t, "pair_pattern") == 0)
            next[0] = ank__typescript_field(p, ANK_TS_F_VALUE);
        else if (strcmp(t, "assignment_pattern") == 0 ||
                 strcmp(t, "object_assignment_pattern") == 0)
            next[0] = ank__x_field(p, "left");
        if (!ts_node_is_null(next[0]) && (slot = ANK_X_PUSH(x, stack, n)))
            *slot = next[0];
    }
    x->arena = keep;
}

/* A name bound by a declaration, a catch clause or a for-in/of. */
static void report_binding(ank_x *x, ank_id_class cls, TSNode name,
                           TSNode type, bool module_level)
{
    if (ts_node_is_null(name))
        return;
    if (!ank__x_is(name, "identifier")) {
        report_pattern(x, name, module_level);
        return;
    }
    if (text_is(x, name, "_"))
        return;
    ank_typeref ref = {0};
    if (!ts_node_is_null(type) && !ank__typescript_typeref(x, type, &ref))
        return;
    ank__rules_identifier(x, cls, name, ts_node_is_null(type) ? NULL : &ref,
                          module_level);
}

/* Bind a name to exec; the walk must then look at its calls. */
static void bind_exec(ank_x *x, walk *w, TSNode node)
{
    uint32_t n = w->nexecs;
    bind_node(x, w->execs, &w->nexecs, node);
    if (w->nexecs > n)
        ank__ts_add_triggers(x, w, w->execs[n].s, w->execs[n].len);
}

/* Remember names bound to child_process by `require`. */
static void note_require(ank_x *x, walk *w, TSNode name, TSNode value)
{
    if (ank__x_is(name, "identifier")) {
        if (is_require_cp(x, value))
            bind_node(x, w->modules, &w->nmodules, name);
        return;
    }
    if (!ank__x_is(name, "object_pattern") || !is_require_cp(x, value))
        return;
    /* const { exec, execSync: run } = require("child_process") */
    ank_ts_kids k;
    TSNode c;
    ank__typescript_kids_open(&k, name, true);
    while (ank__typescript_kids_next(&k, &c)) {
        if (ank__x_is(c, "shorthand_property_identifier_pattern") &&
            is_exec_name(x, c)) {
            bind_exec(x, w, c);
        } else if (ank__x_is(c, "pair_pattern") &&
                   is_exec_name(x, ank__x_field(c, "key"))) {
            TSNode v = ank__typescript_field(c, ANK_TS_F_VALUE);
            if (ank__x_is(v, "identifier"))
                bind_exec(x, w, v);
        }
    }
    ank__typescript_kids_close(&k);
}

static void on_declaration(ank_x *x, walk *w, TSNode decl)
{
    bool module_level = w->fdepth == 0 && w->ldepth == 0;
    TSNode kw = ank__x_field(decl, "kind");
    bool is_const = ank__x_is(decl, "lexical_declaration") &&
                    text_is(x, kw, "const");
    ank_ts_kids k;
    TSNode d;
    ank__typescript_kids_open(&k, decl, true);
    while (x->status == ANK_OK && ank__typescript_kids_next(&k, &d)) {
        if (!ank__x_is(d, "variable_declarator"))
            continue;
        TSNode name = ank__typescript_field(d, ANK_TS_F_NAME);
        TSNode value = ank__typescript_field(d, ANK_TS_F_VALUE);
        if (is_function_value(value))
            continue; /* a function: it comes from the declarations */
        note_require(x, w, name, value);
        /* Constants: module-level `const`s of a literal value or with a
         * SCREAMING_SNAKE_CASE name; a `const` inside a function is a
         * variable that is not reassigned. */
        bool constant = is_const && module_level &&
                        ank__x_is(name, "identifier") &&
                        (is_literal(x, value) || ank__rules_screaming(x, name));
        ank_id_class cls = constant ? ANK_ID_CONSTANT : ANK_ID_VARIABLE;
        report_binding(x, cls, name, ank__typescript_field(d, ANK_TS_F_TYPE),
                       module_level);
    }
    ank__typescript_kids_close(&k);
}

/* Names bound to child_process by the imports the extractor found. */
static void note_imports(ank_x *x, walk *w)
{
    const ank_file_record *f = &x->result->files[x->result->nfiles - 1];
    for (size_t i = f->first; i < x->result->count; i++) {
        const ank_constraint *c = x->result->items[i];
        if (c->kind != ANK_KIND_IMPORT_MODULE || !c->u.import.module ||
            !is_child_process(c->u.import.module,
                              strlen(c->u.import.module)))
            continue;
        const ank_import *im = &c->u.import;
        if (im->alias)
            bind_name(w->modules, &w->nmodules, im->alias,
                      (uint32_t)strlen(im->alias));
        for (uint32_t j = 0; j < im->nnames; j++) {
            const ank_import_name *nm = &im->names[j];
            const char *local = nm->alias ? nm->alias : nm->name;
            if (!nm->name || !local)
                continue;
            if (strcmp(nm->name, "default") == 0)
                bind_name(w->modules, &w->nmodules, local,
                          (uint32_t)strlen(local));
            else if (strcmp(nm->name, "exec") == 0 ||
                     strcmp(nm->name, "execSync") == 0)
                bind_name(w->execs, &w->nexecs, local,
                          (uint32_t)strlen(local));
        }
    }
}

/* ------------------------------------------------------------- holes */

/* Lower-case copy of src[s, e) into buf (cut at cap - 1); its length. */
static size_t lower(const char *src, uint32_t s, uint32_t e, char *buf,
                    size_t cap)
{
    size_t n = 0;
    for (uint32_t i = s; i < e && n + 1 < cap; i++) {
        char ch = src[i];
        buf[n++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    }
    buf[n] = '\0';
    return n;
}

/* A placeholder message: contains "not implemented" or "not yet
 * implemented", or starts with "todo" not followed by a letter;
 * case-insensitive. */
static bool placeholder_message(ank_x *x, TSNode lit)
{
    uint32_t s = ts_node_start_byte(lit), e = ts_node_end_byte(lit);
    if (e > x->len || e - s < 2)
        return false;
    if (ank__x_is(lit, "template_string") &&
        !ts_node_is_null(ank__x_child_of_type(lit, "template_substitution")))
        return false;
    char buf[128];
    size_t n = lower(x->src, s + 1, e - 1, buf, sizeof buf);
    size_t i = 0;
    while (i < n && (buf[i] == ' ' || buf[i] == '\t'))
        i++;
    if (strstr(buf, "not implemented") || strstr(buf, "not yet implemented"))
        return true;
    return n - i >= 4 && memcmp(buf + i, "todo", 4) == 0 &&
           !(buf[i + 4] >= 'a' && buf[i + 4] <= 'z');
}

/* `throw new Error("not implemented")` or `throw Error(...)`. */
static bool placeholder_throw(ank_x *x, TSNode stmt)
{
    if (ank__ts_kind_of(stmt) != K_THROW)
        return false;
    TSNode e = first_kid(stmt);
    TSNode callee;
    if (ank__x_is(e, "new_expression"))
        callee = ank__x_field(e, "constructor");
    else if (ank__x_is(e, "call_expression"))
        callee = ank__x_field(e, "function");
    else
        return false;
    if (!ank__x_is(callee, "identifier") || !text_is(x, callee, "Error"))
        return false;
    TSNode msg = first_kid(ank__x_field(e, "arguments"));
    return (ank__x_is(msg, "string") || ank__x_is(msg, "template_string")) &&
           placeholder_message(x, msg);
}

/* The outermost function `fn`: is its body a placeholder? */
static void check_body(ank_x *x, walk *w, TSNode fn)
{
    TSNode body = ank__typescript_field(fn, ANK_TS_F_BODY);
    if (ank__ts_kind_of(body) != K_BLOCK)
        return;
    TSNode stmt = null_node(), first = null_node(), last = null_node();
    uint32_t nstmts = 0;
    bool todo = false, marker = false;
    ank_ts_kids k;
    TSNode c;
    ank__typescript_kids_open(&k, body, false);
    while (nstmts < 2 && ank__typescript_kids_next(&k, &c)) {
        if (!ts_node_is_named(c))
            continue;
        if (ank__ts_kind_of(c) == K_COMMENT) {
            if (ts_node_is_null(first))
                first = c;
            last = c;
            todo = todo || node_contains(x, c, "TODO");
            marker = marker || node_contains(x, c, ANK_HOLE_MARKER);
        } else {
            stmt = c;
            nstmts++;
        }
    }
    ank__typescript_kids_close(&k);
    if (nstmts == 1 && placeholder_throw(x, stmt)) {
        w->hole_throw = stmt;
        ank__rules_hole(x, fn, ts_node_start_byte(stmt),
                        ts_node_end_byte(stmt), "throw new Error");
    } else if (nstmts == 0 && todo && !marker) {
        /* Marker comments are holes of their own (on_comment). */
        ank__rules_hole(x, fn, ts_node_start_byte(first),
                        ts_node_end_byte(last), "TODO");
    }
}

/* -------------------------------------------------------- the walk */

static void on_comment(ank_x *x, walk *w, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > x->len)
        return;
    /* TypeScript's directive form: slashes and stars, blanks, @ts-... */
    uint32_t i = s;
    while (i < e && (x->src[i] == '/' || x->src[i] == '*'))
        i++;
    while (i < e && (x->src[i] == ' ' || x->src[i] == '\t'))
        i++;
    if (e - i >= 4 && memcmp(x->src + i, "@ts-", 4) == 0) {
        const char *d = x->src + i + 4;
        uint32_t left = e - i - 4;
        if (left >= 6 && memcmp(d, "ignore", 6) == 0)
            ank__rules_finding(x, &patterns[P_TS_IGNORE], n);
        else if (left >= 7 && memcmp(d, "nocheck", 7) == 0)
            ank__rules_finding(x, &patterns[P_TS_NOCHECK], n);
    }
    if (w->fdepth > 0 && contains(x->src, s, e, ANK_HOLE_MARKER))
        ank__rules_hole(x, w->outer, s, e, ANK_HOLE_MARKER);
}

/* A command built from values: a template with substitutions or a `+`
 * concatenation (parentheses looked through). */
static bool built_command(ank_x *x, TSNode arg)
{
    for (int i = 0; i < 64 && ank__x_is(arg, "parenthesized_expression"); i++)
        arg = first_kid(arg);
    if (ank__x_is(arg, "template_string"))
        return !ts_node_is_null(
            ank__x_child_of_type(arg, "template_substitution"));
    return ank__x_is(arg, "binary_expression") &&
           text_is(x, ank__x_field(arg, "operator"), "+");
}

static void on_call(ank_x *x, walk *w, TSNode n)
{
    TSNode callee = ank__x_field(n, "function");
    if (ank__x_is(callee, "identifier")) {
        if (text_is(x, callee, "eval"))
            ank__rules_finding(x, &patterns[P_EVAL], n);
        else if (text_is(x, callee, "Function"))
            ank__rules_finding(x, &patterns[P_NEW_FUNCTION], n);
        else if (bound(x, w->execs, w->nexecs, callee) &&
                 built_command(x, first_kid(ank__x_field(n, "arguments"))))
            ank__rules_finding(x, &patterns[P_EXEC], n);
        return;
    }
    if (!ank__x_is(callee, "member_expression"))
        return;
    TSNode prop = ank__x_field(callee, "property");
    TSNode obj = ank__x_field(callee, "object");
    if (text_is(x, prop, "catch")) {
        if (w->fdepth > 0)
            ank__rules_count(x, w->outer, "promise_catch", 1);
    } else if (text_is(x, prop, "eval")) {
        if (ank__x_is(obj, "identifier") &&
            (text_is(x, obj, "globalThis") || text_is(x, obj, "window")))
            ank__rules_finding(x, &patterns[P_EVAL], n);
    } else if (is_exec_name(x, prop)) {
        bool cp = ank__x_is(obj, "identifier")
                      ? bound(x, w->modules, w->nmodules, obj)
                      : is_require_cp(x, obj);
        if (cp && built_command(x, first_kid(ank__x_field(n, "arguments"))))
            ank__rules_finding(x, &patterns[P_EXEC], n);
    }
}

static void on_catch(ank_x *x, walk *w, TSNode n)
{
    TSNode param = ank__typescript_field(n, ANK_TS_F_PARAMETER);
    TSNode type = ank__typescript_field(n, ANK_TS_F_TYPE);
    report_binding(x, ANK_ID_VARIABLE, param, type, false);
    if (w->fdepth == 0)
        return;
    ank__rules_count(x, w->outer, "catch", 1);
    if (!ts_node_is_null(type))
        ank__rules_caught(x, w->outer, first_kid(type));
}

static ank_walk enter(ank_x *x, TSNode n, void *data)
{
    walk *w = data;
    kind k = ank__ts_kind_of(n);
    /* Inside a function only what the walk matches matters: a node whose
     * text holds none of its words is passed over. */
    if (w->fdepth > 0 && k != K_SKIP && !ank__ts_may_hold(w, n))
        return ANK_WALK_SKIP;
    switch (k) {
    case K_FUNC:
        if (w->fdepth == 0) {
            w->outer = n;
            w->hole_throw = null_node();
            check_body(x, w, n);
        }
        push_frame(x, w, n, true);
        break;
    case K_BLOCK:
        if (w->fdepth == 0 && !ts_node_eq(n, w->ns_body))
            push_frame(x, w, n, false);
        break;
    case K_SCOPE:
        if (w->fdepth == 0)
            push_frame(x, w, n, false);
        break;
    case K_FOR_IN:
        if (!ts_node_is_null(ank__x_field(n, "kind")))
            report_binding(x, ANK_ID_VARIABLE, ank__x_field(n, "left"),
                           null_node(), false);
        if (w->fdepth == 0)
            push_frame(x, w, n, false);
        break;
    case K_CATCH:
        on_catch(x, w, n);
        if (w->fdepth == 0)
            push_frame(x, w, n, false);
        break;
    case K_NAMESPACE:
        w->ns_body = ank__typescript_field(n, ANK_TS_F_BODY);
        break;
    case K_AMBIENT:
        w->ns_body = ank__x_child_of_type(n, "statement_block");
        break;
    case K_DECL:
        on_declaration(x, w, n);
        break;
    case K_TRY:
        if (w->fdepth > 0)
            ank__rules_count(x, w->outer, "try", 1);
        break;
    case K_THROW:
        if (w->fdepth > 0 && !ts_node_eq(n, w->hole_throw))
            ank__rules_count(x, w->outer, "throw", 1);
        break;
    case K_CALL:
        on_call(x, w, n);
        break;
    case K_NEW: {
        TSNode ctor = ank__x_field(n, "constructor");
        if (ank__x_is(ctor, "identifier") && text_is(x, ctor, "Function"))
            ank__rules_finding(x, &patterns[P_NEW_FUNCTION], n);
        break;
    }
    case K_ASSIGN: {
        TSNode left = ank__x_field(n, "left");
        if (ank__x_is(left, "member_expression")) {
            TSNode prop = ank__x_field(left, "property");
            if (text_is(x, prop, "innerHTML") || text_is(x, prop, "outerHTML"))
                ank__rules_finding(x, &patterns[P_INNER_HTML], n);
        }
        break;
    }
    case K_JSX_ATTR: {
        TSNode name = ts_node_named_child(n, 0);
        if (ank__x_is(name, "property_identifier") &&
            text_is(x, name, "dangerouslySetInnerHTML"))
            ank__rules_finding(x, &patterns[P_DANGEROUS_HTML], n);
        break;
    }
    case K_PREDEF:
        if (text_is(x, n, "any"))
            ank__rules_finding(x, &patterns[P_ANY], n);
        return ANK_WALK_SKIP;
    case K_COMMENT:
        on_comment(x, w, n);
        return ANK_WALK_SKIP;
    case K_TYPE:
        /* Types hold no code: descend only when an `any`, a directive or
         * a marker may be inside. */
        if (!ank__ts_may_hold(w, n))
            return ANK_WALK_SKIP;
        break;
    case K_SKIP:
        return ANK_WALK_SKIP;
    default:
        break;
    }
    return ANK_WALK_DESCEND;
}

void ank__rules_typescript(ank_x *x)
{
    walk w;
    memset(&w, 0, sizeof w);
    w.outer = null_node();
    w.hole_throw = null_node();
    w.ns_body = null_node();
    note_imports(x, &w);
    ank__ts_find_triggers(x, &w);
    ank__ts_walk_tree(x, &w, enter, leave);
}
