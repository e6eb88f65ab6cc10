/*
 * rules_go.c - the Go rule walk (rules.h): constants and variables for
 * naming conventions, error-handling counters per function, security
 * findings and holes.  The security catalog and its rules are in
 * rules_go_security.c, shared state in rules_go.h.  docs/languages/go.md
 * ("Rules") describes the output.
 *
 * Invariants:
 *  - One iterative ank__x_walk over the tree, entering function bodies;
 *    nothing here recurses over the tree.  Lists (expression lists,
 *    argument lists, spec names) are iterated with two tree cursors kept in
 *    the walk state and reset for each use, never nested.
 *  - Pruning: one byte scan before the walk records where trigger words
 *    occur (find_triggers).  Statement-holding nodes are always entered;
 *    any other node only when its bytes contain a trigger.  Every rule on a
 *    non-statement node needs one of those words in that node's text, so
 *    pruning loses nothing.  Nodes arrive in pre-order (start bytes never
 *    decrease), so the trigger index only moves forward.
 *  - Node types and fields are compared by symbol / field id, computed once
 *    per process (published atomically) rather than by name.  Comments are
 *    read only for the hole marker and string literals are never entered,
 *    so no pattern matches inside either.
 *  - The walk keeps a stack of the function nodes it is inside in the
 *    per-file scratch arena, grown to a high-water mark so that push/pop
 *    never reallocates.  Error facts and holes are reported on the
 *    OUTERMOST function node: closures have no function.signature of their
 *    own, so their facts belong to the function that contains them.
 *  - The SQL rule remembers, per outermost function, the names assigned
 *    from fmt.Sprintf (byte ranges of the source), in the same arena.
 */
#include <stdatomic.h>

#include "rules_go.h"

static TSSymbol sym(const TSLanguage *lang, const char *name)
{
    return ts_language_symbol_for_name(lang, name, (uint32_t)strlen(name),
                                       true);
}

static TSFieldId field_id(const TSLanguage *lang, const char *name)
{
    return ts_language_field_id_for_name(lang, name, (uint32_t)strlen(name));
}

/* Nodes that can hold statements or specs other than through a function
 * literal (from the grammar's node-types.json). */
static bool is_structural(const char *name)
{
    static const char *const names[] = {
        "block",           "statement_list",   "source_file",
        "function_declaration", "method_declaration", "func_literal",
        "if_statement",    "for_statement",    "for_clause",
        "expression_switch_statement", "type_switch_statement",
        "select_statement", "expression_case", "type_case",
        "default_case",    "communication_case", "labeled_statement",
        "const_declaration", "var_declaration", "var_spec_list",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static void init_tables(go_tables *t, const TSLanguage *l)
{
    t->lang = l;
    go_fields *f = &t->fld;
    f->alias = field_id(l, "alias");
    f->arguments = field_id(l, "arguments");
    f->body = field_id(l, "body");
    f->condition = field_id(l, "condition");
    f->field = field_id(l, "field");
    f->function = field_id(l, "function");
    f->key = field_id(l, "key");
    f->left = field_id(l, "left");
    f->name = field_id(l, "name");
    f->operand = field_id(l, "operand");
    f->operator = field_id(l, "operator");
    f->package = field_id(l, "package");
    f->result = field_id(l, "result");
    f->right = field_id(l, "right");
    f->type = field_id(l, "type");
    f->value = field_id(l, "value");
    go_syms *s = &t->sym;
    s->comment = sym(l, "comment");
    s->interpreted = sym(l, "interpreted_string_literal");
    s->raw = sym(l, "raw_string_literal");
    s->func_decl = sym(l, "function_declaration");
    s->method_decl = sym(l, "method_declaration");
    s->func_lit = sym(l, "func_literal");
    s->const_decl = sym(l, "const_declaration");
    s->const_spec = sym(l, "const_spec");
    s->var_spec = sym(l, "var_spec");
    s->short_var = sym(l, "short_var_declaration");
    s->assign = sym(l, "assignment_statement");
    s->range_clause = sym(l, "range_clause");
    s->receive = sym(l, "receive_statement");
    s->type_switch = sym(l, "type_switch_statement");
    s->if_stmt = sym(l, "if_statement");
    s->expr_stmt = sym(l, "expression_statement");
    s->call = sym(l, "call_expression");
    s->keyed = sym(l, "keyed_element");
    s->selector = sym(l, "selector_expression");
    s->qualified = sym(l, "qualified_type");
    s->identifier = sym(l, "identifier");
    s->binary = sym(l, "binary_expression");
    s->paren = sym(l, "parenthesized_expression");
    s->nil = sym(l, "nil");
    s->true_ = sym(l, "true");
    s->literal_element = sym(l, "literal_element");
    s->parameter_decl = sym(l, "parameter_declaration");
    s->type_identifier = sym(l, "type_identifier");
    uint32_t count = ts_language_symbol_count(l);
    for (uint32_t i = 0; i < GO_SYMBOLS_MAX; i++)
        t->structural[i] =
            i >= count || is_structural(ts_language_symbol_name(l, (TSSymbol)i));
}

/*
 * The tables are the same for every file: the first thread to finish
 * computing them publishes a copy (state 0 -> 1 while copying -> 2), the
 * others use their own until it is published.
 */
static go_tables shared_tables;
static atomic_int shared_state;

static void get_tables(go_tables *t, const TSLanguage *l)
{
    if (atomic_load_explicit(&shared_state, memory_order_acquire) == 2 &&
        shared_tables.lang == l) {
        *t = shared_tables;
        return;
    }
    init_tables(t, l);
    int expected = 0;
    if (atomic_compare_exchange_strong(&shared_state, &expected, 1)) {
        shared_tables = *t;
        atomic_store_explicit(&shared_state, 2, memory_order_release);
    }
}

static bool has_token(TSNode n, const char *tok)
{
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(n, i);
        if (!ts_node_is_named(c) && strcmp(ts_node_type(c), tok) == 0)
            return true;
    }
    return false;
}

/* ---------------------------------------------------------- functions */

static void push_fn(ank_x *x, go_walk *w, TSNode n, TSNode body)
{
    if (w->depth == w->nfns) {
        SCRATCH_PUSH(x, w->fns, w->nfns);
        if (x->status != ANK_OK)
            return;
    }
    go_fn *f = &w->fns[w->depth++];
    f->node = n;
    f->body_start = ts_node_is_null(body) ? 0 : ts_node_start_byte(body);
    f->body_end = ts_node_is_null(body) ? 0 : ts_node_end_byte(body);
    if (w->depth == 1)
        w->ntaints = 0; /* a new outermost function */
}

/* The function that error facts and holes are reported on. */
static TSNode outer_fn(const go_walk *w) { return w->fns[0].node; }

/* Is the last result type of the declaration `n` the type `error`? */
static bool returns_error(ank_x *x, go_walk *w, TSNode n)
{
    TSNode result = FLD(w, n, result);
    if (ts_node_is_null(result))
        return false;
    TSNode type = result;
    if (!is(result, w->t.sym.type_identifier)) {
        TSNode decl = last(w, &w->ca, result);
        if (!is(decl, w->t.sym.parameter_decl))
            return false;
        type = FLD(w, decl, type);
    }
    return is(type, w->t.sym.type_identifier) && ank__x_text_eq(x, type, "error");
}

/* --------------------------------------------------------- identifiers */

/* Report every nameable identifier of an expression list as a variable. */
static void list_variables(ank_x *x, go_walk *w, TSNode list)
{
    for (TSNode n = first(w, &w->cb, list); !ts_node_is_null(n);
         n = next(w, &w->cb))
        if (!is_blank(x, w, n))
            ank__rules_identifier(x, ANK_ID_VARIABLE, n, NULL, w->depth == 0);
}

/* The names of a const_spec or var_spec (children in field "name"). */
static void spec_names(ank_x *x, go_walk *w, TSNode spec, ank_id_class cls,
                       TSNode type_node)
{
    ank_typeref type = {NULL, NULL};
    bool typed = false;
    TSTreeCursor *c = &w->cb;
    ts_tree_cursor_reset(c, spec);
    for (bool more = ts_tree_cursor_goto_first_child(c); more;
         more = ts_tree_cursor_goto_next_sibling(c)) {
        const char *field = ts_tree_cursor_current_field_name(c);
        if (!field || strcmp(field, "name") != 0)
            continue;
        TSNode id = ts_tree_cursor_current_node(c);
        if (is_blank(x, w, id))
            continue;
        if (!typed && !ts_node_is_null(type_node)) {
            if (!ank__go_typeref(x, type_node, 0, &type))
                return;
            typed = true;
        }
        ank__rules_identifier(x, cls, id, typed ? &type : NULL,
                              w->depth == 0);
    }
}

/* ------------------------------------------------------------- holes */

static char lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

/* Does `s` start with `word` (lower case), case-insensitively, followed by
 * the end or a character that is not a letter, digit or underscore? */
static bool starts_word(const char *s, const char *word)
{
    size_t i = 0;
    for (; word[i]; i++)
        if (lower(s[i]) != word[i])
            return false;
    char c = lower(s[i]);
    return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
             (unsigned char)c >= 0x80);
}

/* The marker of a `panic("TODO")`-style statement, else NULL. */
static const char *panic_hole(ank_x *x, go_walk *w, TSNode call)
{
    TSNode args = FLD(w, call, arguments);
    TSNode arg = first(w, &w->ca, args);
    if (ts_node_is_null(arg) || !ts_node_is_null(next(w, &w->ca)))
        return NULL;
    const char *v = string_value(x, w, arg);
    if (!v)
        return NULL;
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
        v++;
    if (starts_word(v, "todo"))
        return "panic(\"TODO\")";
    if (starts_word(v, "not implemented"))
        return "panic(\"not implemented\")";
    if (starts_word(v, "unimplemented"))
        return "panic(\"unimplemented\")";
    return NULL;
}

static bool is_panic_call(ank_x *x, go_walk *w, TSNode n)
{
    if (!is(n, w->t.sym.call))
        return false;
    TSNode f = FLD(w, n, function);
    return is(f, w->t.sym.identifier) && ank__x_text_eq(x, f, "panic");
}

static bool contains(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (s[i] == needle[0] && memcmp(s + i, needle, m) == 0)
            return true;
    return false;
}

/* ------------------------------------------------------------ counters */

/* `err`, `readErr`, `ioerr`: names that hold an error by convention. */
static bool is_err_name(ank_x *x, go_walk *w, TSNode n)
{
    if (!is(n, w->t.sym.identifier))
        return false;
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e - s < 3)
        return false;
    const char *p = x->src + e - 3;
    return (p[0] == 'e' || p[0] == 'E') && p[1] == 'r' && p[2] == 'r';
}

static TSNode unparen(go_walk *w, TSNode n)
{
    for (int i = 0; i < 8 && is(n, w->t.sym.paren); i++)
        n = first(w, &w->ca, n);
    return n;
}

/* `err != nil`, `nil == ioErr`, in parentheses or not. */
static bool is_err_compare(ank_x *x, go_walk *w, TSNode cond)
{
    TSNode op = FLD(w, cond, operator);
    if (!ank__x_text_eq(x, op, "!=") && !ank__x_text_eq(x, op, "=="))
        return false;
    TSNode l = unparen(w, FLD(w, cond, left));
    TSNode r = unparen(w, FLD(w, cond, right));
    return (is(r, w->t.sym.nil) && is_err_name(x, w, l)) ||
           (is(l, w->t.sym.nil) && is_err_name(x, w, r));
}

/* An if condition that is an error comparison, or an && / || chain with
 * one among its first COND_MAX operands. */
#define COND_MAX 16
static bool is_err_check(ank_x *x, go_walk *w, TSNode cond)
{
    TSNode todo[COND_MAX];
    uint32_t n = 0, seen = 0;
    todo[n++] = cond;
    while (n > 0 && seen++ < COND_MAX) {
        TSNode c = unparen(w, todo[--n]);
        if (!is(c, w->t.sym.binary))
            continue;
        if (is_err_compare(x, w, c))
            return true;
        TSNode op = FLD(w, c, operator);
        if (n + 2 <= COND_MAX &&
            (ank__x_text_eq(x, op, "&&") || ank__x_text_eq(x, op, "||"))) {
            todo[n++] = FLD(w, c, right);
            todo[n++] = FLD(w, c, left);
        }
    }
    return false;
}

static bool is_ident_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || (unsigned char)c >= 0x80;
}

/* The last name of a var_spec. */
static TSNode last_spec_name(go_walk *w, TSNode spec)
{
    TSNode out = null_node();
    TSTreeCursor *c = &w->ca;
    ts_tree_cursor_reset(c, spec);
    for (bool more = ts_tree_cursor_goto_first_child(c); more;
         more = ts_tree_cursor_goto_next_sibling(c)) {
        const char *field = ts_tree_cursor_current_field_name(c);
        if (field && strcmp(field, "name") == 0)
            out = ts_tree_cursor_current_node(c);
    }
    return out;
}

/* `v, _ := f()`, `_ = f()`, `var v, _ = f()`: the last name is `_` and the
 * last value a call. */
static bool is_discard(ank_x *x, go_walk *w, TSNode stmt, bool spec)
{
    if (!spec) {
        /* Cheap test first: the left side's text ends in a lone `_`. */
        TSNode left = FLD(w, stmt, left);
        uint32_t s = ts_node_start_byte(left), e = ts_node_end_byte(left);
        if (e <= s || e > x->len || x->src[e - 1] != '_' ||
            (e - 1 > s && is_ident_byte(x->src[e - 2])))
            return false;
    }
    TSNode l = spec ? last_spec_name(w, stmt)
                    : last(w, &w->ca, FLD(w, stmt, left));
    if (!is(l, w->t.sym.identifier) || !ank__x_text_eq(x, l, "_"))
        return false;
    TSNode values = spec ? FLD(w, stmt, value) : FLD(w, stmt, right);
    return is(last(w, &w->ca, values), w->t.sym.call);
}

/* ---------------------------------------------------------------- walk */

static void call_rules(ank_x *x, go_walk *w, TSNode n)
{
    TSNode f = FLD(w, n, function);
    if (is(f, w->t.sym.identifier)) {
        if (w->depth > 0 && ank__x_text_eq(x, f, "panic"))
            ank__rules_count(x, outer_fn(w), "panic", 1);
    } else if (is(f, w->t.sym.selector)) {
        ank__rules_go_method_call(x, w, n, f);
    }
}

static void comment_hole(ank_x *x, go_walk *w, TSNode n)
{
    if (w->depth == 0)
        return;
    const go_fn *f = &w->fns[w->depth - 1];
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (s < f->body_start || e > f->body_end || e > x->len)
        return;
    if (contains(x->src + s, e - s, ANK_HOLE_MARKER))
        ank__rules_hole(x, outer_fn(w), s, e, ANK_HOLE_MARKER);
}

/* ---------------------------------------------------------- triggers */

/*
 * Every rule needs one of these words in the text of the node it fires on
 * (a closure's statements need `func` in the expressions around them), so
 * a node that is not structural and contains none of them is not entered.
 * The words are found in one scan of the source before the walk.
 */
static bool word_at(const char *p, size_t left, const char *word, size_t n)
{
    return left >= n && memcmp(p, word, n) == 0;
}

#define WORD(w) (w), sizeof(w) - 1

static void find_triggers(ank_x *x, go_walk *w)
{
    /* The first two bytes of each word: most bytes are rejected by one
     * table load, and the second byte rejects most of the rest. */
    static const char second[256] = {
        ['f'] = 'u', ['p'] = 'a', ['e'] = 'x', ['E'] = 'x', ['Q'] = 'u',
        ['S'] = 'p', ['u'] = 'n', ['I'] = 'n', ['a'] = 'n',
    };
    const char *src = x->src;
    const uint32_t len = x->len;
    for (uint32_t i = 0; i + 1 < len; i++) {
        char want = second[(unsigned char)src[i]];
        if (!want || src[i + 1] != want)
            continue;
        const char *p = src + i;
        size_t left = len - i;
        bool hit;
        switch (*p) {
        case 'f': hit = word_at(p, left, WORD("func")); break;
        case 'p': hit = word_at(p, left, WORD("panic")); break;
        case 'e': hit = word_at(p, left, WORD("exec")); break;
        case 'E': hit = word_at(p, left, WORD("Exec")); break;
        case 'Q': hit = word_at(p, left, WORD("Query")); break;
        case 'S':
            if (word_at(p, left, WORD("Sprintf"))) {
                if (w->nsprintfs == w->nsprintfs_alloc) {
                    SCRATCH_PUSH(x, w->sprintfs, w->nsprintfs_alloc);
                    if (x->status != ANK_OK)
                        return;
                }
                w->sprintfs[w->nsprintfs++] = i;
            }
            continue;
        case 'u': hit = word_at(p, left, WORD("unsafe")); break;
        case 'I': hit = word_at(p, left, WORD("InsecureSkipVerify")); break;
        case 'a': hit = word_at(p, left, WORD(ANK_HOLE_MARKER)); break;
        default: hit = false; break;
        }
        if (!hit)
            continue;
        if (w->ntriggers == w->ntriggers_alloc) {
            SCRATCH_PUSH(x, w->triggers, w->ntriggers_alloc);
            if (x->status != ANK_OK)
                return;
        }
        w->triggers[w->ntriggers++] = i;
    }
}

/* Does the text of `n` contain a trigger word?  Nodes come in pre-order,
 * so their start bytes never decrease and the index only moves forward. */
static bool has_trigger(go_walk *w, TSNode n)
{
    uint32_t start = ts_node_start_byte(n);
    while (w->next_trigger < w->ntriggers &&
           w->triggers[w->next_trigger] < start)
        w->next_trigger++;
    return w->next_trigger < w->ntriggers &&
           w->triggers[w->next_trigger] < ts_node_end_byte(n);
}

/* Rules that need no trigger word: declarations, assignments, ifs. */
static void plain_rules(ank_x *x, go_walk *w, TSSymbol t, TSNode n)
{
    const go_syms *S = &w->t.sym;
    if (t == S->short_var || t == S->assign) {
        TSNode left = FLD(w, n, left);
        if (t == S->short_var)
            list_variables(x, w, left);
        if (w->depth > 0 && (w->ntaints > 0 || ank__rules_go_has_sprintf(w, n)))
            ank__rules_go_assign_pairs(x, w, left, FLD(w, n, right), false);
        if (w->depth > 0 && is_discard(x, w, n, false))
            ank__rules_count(x, outer_fn(w), "err_discard", 1);
    } else if (t == S->if_stmt) {
        if (w->depth > 0 && is_err_check(x, w, FLD(w, n, condition)))
            ank__rules_count(x, outer_fn(w), "err_check", 1);
    } else if (t == S->func_decl || t == S->method_decl) {
        push_fn(x, w, n, FLD(w, n, body));
        if (x->status == ANK_OK && returns_error(x, w, n))
            ank__rules_count(x, n, "error_return", 1);
    } else if (t == S->func_lit) {
        push_fn(x, w, n, FLD(w, n, body));
    } else if (t == S->const_decl) {
        w->const_type = null_node();
    } else if (t == S->const_spec) {
        /* A spec without values repeats the previous spec's type. */
        if (!ts_node_is_null(FLD(w, n, value)))
            w->const_type = FLD(w, n, type);
        spec_names(x, w, n, ANK_ID_CONSTANT, w->const_type);
    } else if (t == S->var_spec) {
        spec_names(x, w, n, ANK_ID_VARIABLE, FLD(w, n, type));
        ank__rules_go_assign_pairs(x, w, n, FLD(w, n, value), true);
        if (w->depth > 0 && is_discard(x, w, n, true))
            ank__rules_count(x, outer_fn(w), "err_discard", 1);
    } else if (t == S->range_clause || t == S->receive) {
        if (has_token(n, ":="))
            list_variables(x, w, FLD(w, n, left));
    } else if (t == S->type_switch) {
        list_variables(x, w, FLD(w, n, alias));
    }
}

/* Rules that fire only on nodes whose text holds a trigger word. */
static ank_walk trigger_rules(ank_x *x, go_walk *w, TSSymbol t, TSNode n)
{
    const go_syms *S = &w->t.sym;
    if (t == S->call) {
        call_rules(x, w, n);
    } else if (t == S->selector) {
        ank__rules_go_selector(x, w, n);
    } else if (t == S->qualified) {
        ank__rules_go_qualified(x, w, n);
        return ANK_WALK_SKIP;
    } else if (t == S->expr_stmt) {
        TSNode call = ank__go_first_named(n);
        if (w->depth > 0 && is_panic_call(x, w, call)) {
            const char *marker = panic_hole(x, w, call);
            if (marker) {
                ank__rules_hole(x, outer_fn(w), ts_node_start_byte(n),
                                ts_node_end_byte(n), marker);
                return ANK_WALK_SKIP; /* a hole, not a panic */
            }
        }
    } else if (t == S->keyed) {
        ank__rules_go_keyed(x, w, n);
    }
    return ANK_WALK_DESCEND;
}

static ank_walk enter(ank_x *x, TSNode n, void *data)
{
    go_walk *w = data;
    const go_syms *S = &w->t.sym;
    TSSymbol t = ts_node_symbol(n);
    if (t == S->identifier || t == S->interpreted || t == S->raw)
        return ANK_WALK_SKIP;
    bool trigger = has_trigger(w, n);
    if (t == S->comment) {
        if (trigger)
            comment_hole(x, w, n);
        return ANK_WALK_SKIP;
    }
    plain_rules(x, w, t, n);
    if (trigger)
        return trigger_rules(x, w, t, n);
    return t >= GO_SYMBOLS_MAX || w->t.structural[t] ? ANK_WALK_DESCEND
                                                      : ANK_WALK_SKIP;
}

static void leave(ank_x *x, TSNode n, void *data)
{
    (void)x;
    go_walk *w = data;
    TSSymbol t = ts_node_symbol(n);
    if (w->depth > 0 &&
        (t == w->t.sym.func_decl || t == w->t.sym.method_decl ||
         t == w->t.sym.func_lit) &&
        ts_node_eq(n, w->fns[w->depth - 1].node))
        w->depth--;
}

void ank__rules_go(ank_x *x)
{
    go_walk w;
    memset(&w, 0, sizeof w);
    get_tables(&w.t, ts_node_language(x->root));
    w.const_type = null_node();
    find_triggers(x, &w);
    w.ca = ts_tree_cursor_new(x->root);
    w.cb = ts_tree_cursor_new(x->root);
    ank__x_walk(x, x->root, enter, leave, &w);
    ts_tree_cursor_delete(&w.ca);
    ts_tree_cursor_delete(&w.cb);
}
