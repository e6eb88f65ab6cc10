/*
 * rules_go.c - the Go rule walk (rules.h): constants and variables for
 * naming conventions, error-handling counters per function, security
 * findings and holes.  The byte scan it starts with is in rules_go_scan.c,
 * the names it reports in rules_go_names.c, the security catalog and its
 * rules in rules_go_security.c, the grammar tables in rules_go_tables.c,
 * shared state in rules_go.h.  docs/languages/go.md ("Rules") describes
 * the output.
 *
 * Invariants:
 *  - One iterative walk over the tree (walk: ank__x_walk's loop, one
 *    cursor), entering function bodies; nothing here recurses over the
 *    tree.  It saves cursor steps, which cost a climb through hidden nodes
 *    each: a node is entered at the child holding the first mark after the
 *    token it starts with (a function whose header holds no trigger word
 *    straight at its body), and a child reaching its level's limit (the
 *    parent's end, less trailing blanks and one closing bracket) is taken
 *    as the last; the open levels are kept on a stack in the scratch
 *    arena.  Nodes with errors are walked child by child, unpruned.
 *  - Pruning: the scan before the walk records where the words and tokens
 *    the rules need occur (marks; triggers, the subset that rules on
 *    expressions need).  Every node a rule fires on holds a mark in its
 *    bytes (and a trigger, for the rules on expressions), so a subtree or
 *    the rest of a level without a mark is passed over, and a node that is
 *    not structural without a trigger is not entered: pruning loses
 *    nothing.  While a name is tainted (SQL rule) the `=` of the function
 *    count as marks.  Declarations and specs (GO_ALL_CHILDREN) and
 *    functions (GO_KEEP) are always entered; imports never (GO_SKIP).
 *  - Lists (expression lists, argument lists, spec names) are read by
 *    index when short, else iterated with two tree cursors kept in the walk
 *    state and reset for each use, never nested.
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
#include <stddef.h>
#include <stdint.h>

#include "rules_go.h"

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

/* Does the range clause or receive statement `n`, whose `left` field is
 * `left`, define its names (an anonymous ":=" child)?  The operator is
 * the token right after `left`: its text is read there; the child scan is
 * the fallback when a comment comes between or the node has errors. */
static bool defines(ank_x *x, TSNode n, TSNode left)
{
    if (ts_node_is_null(left))
        return has_token(n, ":=");
    uint32_t i = ts_node_end_byte(left), end = ts_node_end_byte(n);
    if (end > x->len || ts_node_has_error(n))
        return has_token(n, ":=");
    while (i < end && (x->src[i] == ' ' || x->src[i] == '\t' ||
                       x->src[i] == '\n' || x->src[i] == '\r'))
        i++;
    if (i + 1 < end && x->src[i] == ':' && x->src[i + 1] == '=')
        return true;
    if (i < end && x->src[i] == '/')
        return has_token(n, ":=");
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
    if (w->depth == 1) { /* a new outermost function */
        w->ntaints = 0;
        w->eqs_found = false;
    }
}

/* The function that error facts and holes are reported on. */
static TSNode outer_fn(const go_walk *w) { return w->fns[0].node; }

/* Could the header src[start, end) of a function declaration end in a
 * result of type `error`: `error` or `..., error)` at its end?  False
 * only when it cannot; a header holding a comment is not read. */
static bool may_return_error(const ank_x *x, uint32_t start, uint32_t end)
{
    const char *src = x->src;
    if (end > x->len || end <= start ||
        memchr(src + start, '/', end - start) != NULL)
        return true;
    while (end > start && (src[end - 1] == ' ' || src[end - 1] == '\t' ||
                           src[end - 1] == '\n' || src[end - 1] == '\r'))
        end--;
    if (end > start && src[end - 1] == ')') {
        end--;
        while (end > start &&
               (src[end - 1] == ' ' || src[end - 1] == '\t' ||
                src[end - 1] == '\n' || src[end - 1] == '\r' ||
                src[end - 1] == ','))
            end--;
    }
    return end - start >= 5 && memcmp(src + end - 5, "error", 5) == 0 &&
           (end - start == 5 || !ident_byte(src[end - 6]));
}

/* Is the last result type of the declaration `n`, whose body starts at
 * `body_start` (0: none), the type `error`? */
static bool returns_error(ank_x *x, go_walk *w, TSNode n, uint32_t body_start)
{
    bool plain = !ts_node_has_error(n);
    if (plain && !may_return_error(x, ts_node_start_byte(n),
                                   body_start ? body_start
                                              : ts_node_end_byte(n)))
        return false;
    TSNode result = FLD(w, n, result);
    if (ts_node_is_null(result))
        return false;
    TSNode type = result;
    if (!is(result, w->t->sym.type_identifier)) {
        /* Without a comment in the header (read above), the last named
         * child is the last parameter, found by index. */
        uint32_t count = plain ? ts_node_named_child_count(result) : 0;
        TSNode decl = count ? ts_node_named_child(result, count - 1)
                            : last(w, &w->ca, result);
        if (!is(decl, w->t->sym.parameter_decl))
            return false;
        type = FLD(w, decl, type);
    }
    return is(type, w->t->sym.type_identifier) && ank__x_text_eq(x, type, "error");
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
    if (!is(n, w->t->sym.call))
        return false;
    TSNode f = FLD(w, n, function);
    return is(f, w->t->sym.identifier) && ank__x_text_eq(x, f, "panic");
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
    if (!is(n, w->t->sym.identifier))
        return false;
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e - s < 3)
        return false;
    const char *p = x->src + e - 3;
    return (p[0] == 'e' || p[0] == 'E') && p[1] == 'r' && p[2] == 'r';
}

static TSNode unparen(go_walk *w, TSNode n)
{
    for (int i = 0; i < 8 && is(n, w->t->sym.paren); i++)
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
    return (is(r, w->t->sym.nil) && is_err_name(x, w, l)) ||
           (is(l, w->t->sym.nil) && is_err_name(x, w, r));
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
        if (!is(c, w->t->sym.binary))
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

/* `v, _ := f()`, `_ = f()`, `var v, _ = f()`: the last name `last` is
 * `_` and the last of the values `values` a call. */
static bool is_discard(ank_x *x, go_walk *w, TSNode last_name, TSNode values)
{
    if (!is(last_name, w->t->sym.identifier) ||
        !ank__x_text_eq(x, last_name, "_"))
        return false;
    return is(last(w, &w->ca, values), w->t->sym.call);
}

/* The same for an assignment or short variable declaration whose left
 * side is `left`. */
static bool is_discard_assign(ank_x *x, go_walk *w, TSNode stmt, TSNode left)
{
    /* Cheap test first: the left side's text ends in a lone `_`. */
    uint32_t s = ts_node_start_byte(left), e = ts_node_end_byte(left);
    if (e <= s || e > x->len || x->src[e - 1] != '_' ||
        (e - 1 > s && ident_byte(x->src[e - 2])))
        return false;
    return is_discard(x, w, last(w, &w->ca, left), FLD(w, stmt, right));
}

/* ---------------------------------------------------------------- walk */

static void call_rules(ank_x *x, go_walk *w, TSNode n)
{
    TSNode f = FLD(w, n, function);
    if (is(f, w->t->sym.identifier)) {
        if (w->depth > 0 && ank__x_text_eq(x, f, "panic"))
            ank__rules_count(x, outer_fn(w), "panic", 1);
    } else if (is(f, w->t->sym.selector)) {
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

/* Is there a trigger word in [start, end), the bytes of the node entered?
 * Nodes come in pre-order, so their start bytes never decrease and the
 * index only moves forward. */
static bool has_trigger(go_walk *w, uint32_t start, uint32_t end)
{
    while (w->next_trigger < w->ntriggers &&
           w->triggers[w->next_trigger] < start)
        w->next_trigger++;
    return w->next_trigger < w->ntriggers &&
           w->triggers[w->next_trigger] < end;
}

/* The `left` of a short variable declaration or an assignment: in a tree
 * without errors, its first child (an expression_list), which costs less
 * to reach than a field lookup. */
static TSNode left_of(go_walk *w, TSNode n)
{
    if (!ts_node_has_error(n) && ts_node_child_count(n) > 0) {
        TSNode c = ts_node_child(n, 0);
        if (ts_node_symbol(c) == w->t->sym.expression_list)
            return c;
    }
    return FLD(w, n, left);
}

/* Does the text of `n` contain "nil"?  (Every error comparison does.) */
static bool mentions_nil(const ank_x *x, TSNode n)
{
    if (ts_node_is_null(n))
        return false;
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > x->len || ts_node_has_error(n))
        return true; /* let the full test decide */
    for (uint32_t i = s; i + 3 <= e; i++)
        if (x->src[i] == 'n' && x->src[i + 1] == 'i' && x->src[i + 2] == 'l')
            return true;
    return false;
}

/* Is there a trigger word in [from, to)?  `from` is at or after the start
 * of the node just tested by has_trigger. */
static bool trigger_in(const go_walk *w, uint32_t from, uint32_t to)
{
    uint32_t i = w->next_trigger;
    while (i < w->ntriggers && w->triggers[i] < from)
        i++;
    return i < w->ntriggers && w->triggers[i] < to;
}

/* The variables a range clause or receive statement `n` defines. */
static void defined_variables(ank_x *x, go_walk *w, TSNode n)
{
    TSNode left = left_of(w, n);
    if (defines(x, n, left))
        ank__rules_go_list_variables(x, w, left);
}

/* Rules that need no trigger word: declarations, assignments, ifs. */
static void plain_rules(ank_x *x, go_walk *w, TSSymbol t, TSNode n)
{
    const go_syms *S = &w->t->sym;
    if (t == S->short_var || t == S->assign) {
        TSNode left = left_of(w, n);
        if (t == S->short_var)
            ank__rules_go_list_variables(x, w, left);
        if (w->depth > 0 && (w->ntaints > 0 || ank__rules_go_has_sprintf(w, n)))
            ank__rules_go_assign_pairs(x, w, left, FLD(w, n, right), false);
        if (w->depth > 0 && is_discard_assign(x, w, n, left))
            ank__rules_count(x, outer_fn(w), "err_discard", 1);
    } else if (t == S->if_stmt) {
        TSNode cond = w->depth > 0 ? FLD(w, n, condition) : null_node();
        if (mentions_nil(x, cond) && is_err_check(x, w, cond))
            ank__rules_count(x, outer_fn(w), "err_check", 1);
    } else if (t == S->func_decl || t == S->method_decl) {
        push_fn(x, w, n, FLD(w, n, body));
        if (x->status == ANK_OK &&
            returns_error(x, w, n, w->fns[w->depth - 1].body_start))
            ank__rules_count(x, n, "error_return", 1);
    } else if (t == S->func_lit) {
        push_fn(x, w, n, FLD(w, n, body));
    } else if (t == S->const_decl) {
        w->const_type = null_node();
    } else if (t == S->const_spec) {
        go_spec sp;
        ank__rules_go_read_spec(x, w, n, &sp);
        /* A spec without values repeats the previous spec's type. */
        if (!ts_node_is_null(sp.value))
            w->const_type = sp.type;
        ank__rules_go_spec_names(x, w, n, &sp, ANK_ID_CONSTANT, w->const_type);
    } else if (t == S->var_spec) {
        go_spec sp;
        ank__rules_go_read_spec(x, w, n, &sp);
        ank__rules_go_spec_names(x, w, n, &sp, ANK_ID_VARIABLE, sp.type);
        ank__rules_go_assign_pairs(x, w, n, sp.value, true);
        if (w->depth > 0 && is_discard(x, w, sp.last_name, sp.value))
            ank__rules_count(x, outer_fn(w), "err_discard", 1);
    } else if (t == S->range_clause || t == S->receive) {
        defined_variables(x, w, n);
    } else if (t == S->for_stmt) {
        /* A range clause without a trigger word is read from here, and
         * the walk enters the loop past it (enter): nothing in it needs a
         * visit of its own. */
        TSNode clause = w->at_error ? null_node() : ts_node_child(n, 1);
        if (is(clause, S->range_clause)) {
            uint32_t end = ts_node_end_byte(clause);
            if (!trigger_in(w, ts_node_start_byte(clause), end)) {
                defined_variables(x, w, clause);
                w->past = end;
            }
        }
    } else if (t == S->type_switch) {
        ank__rules_go_list_variables(x, w, FLD(w, n, alias));
    }
}

/* Rules that fire only on nodes whose text holds a trigger word. */
static ank_walk trigger_rules(ank_x *x, go_walk *w, TSSymbol t, TSNode n)
{
    const go_syms *S = &w->t->sym;
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

/*
 * Where to enter the node `n` (symbol `t`) that starts with a keyword
 * (keyword[]): past that token (anonymous, so the walk would not call enter
 * on it; enter then moves on to the first mark), or for a
 * function whose header (parameters, result, type parameters) holds no
 * trigger word, straight at its body: nothing in such a header matches a
 * rule (a comment there is outside the body, so never a hole).  0 when
 * the children are to be entered from the first.
 */
static uint32_t entry_goal(ank_x *x, go_walk *w, TSSymbol t, TSNode n)
{
    if (t >= GO_SYMBOLS_MAX || !w->t->keyword[t] || w->at_error)
        return 0;
    uint8_t k = w->t->keyword[t];
    uint32_t start = ts_node_start_byte(n), len = ank__rules_go_keywords[k].len;
    if (start + len > x->len || memcmp(x->src + start, ank__rules_go_keywords[k].text, len))
        return 0;
    if (k == KW_FUNC && w->depth > 0) {
        const go_fn *f = &w->fns[w->depth - 1];
        if (f->body_start > start && ts_node_eq(f->node, n) &&
            !trigger_in(w, start + 1, f->body_start))
            return f->body_start;
    }
    return start + len;
}

static ank_walk enter(ank_x *x, go_walk *w, TSNode n)
{
    const go_syms *S = &w->t->sym;
    TSSymbol t = ts_node_symbol(n);
    if (t == S->identifier || t == S->interpreted || t == S->raw)
        return ANK_WALK_SKIP;
    uint32_t start = ts_node_start_byte(n);
    bool trigger = has_trigger(w, start, w->at_end);
    if (t == S->comment) {
        if (trigger)
            comment_hole(x, w, n);
        return ANK_WALK_SKIP;
    }
    plain_rules(x, w, t, n);
    if (trigger) {
        if (trigger_rules(x, w, t, n) == ANK_WALK_SKIP)
            return ANK_WALK_SKIP;
    } else if (t < GO_SYMBOLS_MAX && !w->t->structural[t]) {
        return ANK_WALK_SKIP;
    }
    uint8_t flags = t < GO_SYMBOLS_MAX ? w->t->flags[t] : 0;
    if (flags & GO_SKIP)
        return ANK_WALK_SKIP;
    w->goal = entry_goal(x, w, t, n);
    if (w->past > w->goal)
        w->goal = w->past;
    w->prune = !(flags & GO_ALL_CHILDREN) && !w->at_error;
    if (w->prune && !(flags & GO_KEEP)) {
        /* Nothing below can match without a mark (rules_go_scan.c), so
         * the walk goes straight to the child holding the first one (the
         * token the node starts with, passed over by the goal, is its
         * own) or, with none, not in. */
        uint32_t m = next_mark(w, w->goal ? w->goal : start);
        if (m >= w->at_end)
            return ANK_WALK_SKIP;
        w->goal = m > start ? m : 0; /* 0: the first child, found faster */
    }
    return ANK_WALK_DESCEND;
}

static void leave(go_walk *w, TSNode n)
{
    TSSymbol t = ts_node_symbol(n);
    if (w->depth > 0 &&
        (t == w->t->sym.func_decl || t == w->t->sym.method_decl ||
         t == w->t->sym.func_lit) &&
        ts_node_eq(n, w->fns[w->depth - 1].node))
        w->depth--;
}

/*
 * Enter a level of the walk: the children of a node spanning [start, end),
 * `error` if it holds a syntax error.  Its limit is where its bytes end but
 * for the white space and semicolons they end with, and one closing bracket
 * before those: no named node is made of such bytes (but `;`, an empty
 * statement, on which no rule fires), so a child reaching the limit is the
 * last one to visit.  Only a MISSING node, in a tree with errors, has no
 * width: those levels have no limit.
 */
static bool blank_byte(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == ';';
}

static void push_level(ank_x *x, go_walk *w, uint32_t start, uint32_t end,
                       bool error, bool prune)
{
    if (w->nlevels == w->nlevels_alloc) {
        SCRATCH_PUSH(x, w->levels, w->nlevels_alloc);
        if (x->status != ANK_OK)
            return;
    }
    go_level *l = &w->levels[w->nlevels++];
    l->prune = prune;
    if (error || end > x->len) {
        l->limit = UINT32_MAX;
        return;
    }
    const char *src = x->src;
    while (end > start && blank_byte(src[end - 1]))
        end--;
    if (end > start && (src[end - 1] == '}' || src[end - 1] == ')'))
        for (end--; end > start && blank_byte(src[end - 1]);)
            end--;
    l->limit = end;
}

/* Are the children of the current level after one ending at `end` all
 * free of marks, so that none needs a visit? */
static bool rest_unmarked(go_walk *w, uint32_t end)
{
    const go_level *l = &w->levels[w->nlevels - 1];
    return l->prune && next_mark(w, end) >= l->limit;
}

/*
 * ank__x_walk with three additions: a node is entered at the child that
 * enter chose (ts_tree_cursor_goto_first_child_for_byte), skipping
 * children that cannot match; a child that reaches its level's limit is
 * known to be the last, and one after which no mark comes before the limit
 * is taken as the last to visit, so the walk climbs without asking the
 * cursor for a next sibling (each question costs a climb through hidden
 * nodes).  Iterative, one cursor and a stack of levels (scratch arena);
 * enter is called on named nodes in pre-order and leave on each entered
 * node after its children, as there.
 */
static void walk(ank_x *x, go_walk *w)
{
    TSNode root = x->root;
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool root_error = ts_node_has_error(root);
    push_level(x, w, ts_node_start_byte(root), ts_node_end_byte(root),
               root_error, !root_error);
    if (x->status != ANK_OK || !ts_tree_cursor_goto_first_child(&c)) {
        ts_tree_cursor_delete(&c);
        return;
    }
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&c);
        uint32_t end = ts_node_end_byte(node);
        if (ts_node_is_named(node) && x->status == ANK_OK) {
            w->goal = w->past = 0;
            w->at_end = end;
            /* Only a node with an error holds one. */
            w->at_error = w->levels[w->nlevels - 1].limit == UINT32_MAX &&
                          ts_node_has_error(node);
            if (enter(x, w, node) == ANK_WALK_DESCEND) {
                bool error = w->at_error;
                bool in = (w->goal &&
                           ts_tree_cursor_goto_first_child_for_byte(
                               &c, w->goal) >= 0) ||
                          ts_tree_cursor_goto_first_child(&c);
                if (in) {
                    push_level(x, w, ts_node_start_byte(node), end, error,
                               w->prune);
                    if (x->status != ANK_OK)
                        break;
                    continue;
                }
                leave(w, node);
            }
        }
        if (x->status != ANK_OK)
            break;
        /* Move to the next sibling, climbing out of finished parents. */
        while (end >= w->levels[w->nlevels - 1].limit ||
               rest_unmarked(w, end) ||
               !ts_tree_cursor_goto_next_sibling(&c)) {
            if (w->nlevels <= 1 || !ts_tree_cursor_goto_parent(&c)) {
                ts_tree_cursor_delete(&c);
                return;
            }
            w->nlevels--;
            node = ts_tree_cursor_current_node(&c);
            leave(w, node);
            end = ts_node_end_byte(node);
        }
    }
    ts_tree_cursor_delete(&c);
}

void ank__rules_go(ank_x *x)
{
    go_walk w;
    memset(&w, 0, offsetof(go_walk, own));
    w.t = ank__rules_go_tables(&w.own, ts_node_language(x->root));
    w.const_type = null_node();
    ank__rules_go_scan(x, &w);
    w.ca = ts_tree_cursor_new(x->root);
    w.cb = ts_tree_cursor_new(x->root);
    walk(x, &w);
    ts_tree_cursor_delete(&w.ca);
    ts_tree_cursor_delete(&w.cb);
}
