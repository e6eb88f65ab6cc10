/*
 * rules_go_security.c - the Go security catalog and its rules: shell
 * commands through exec, disabled TLS verification, SQL built with
 * fmt.Sprintf (directly or through a variable), unsafe.Pointer.
 *
 * Invariants: matched on syntax nodes handed over by the walk
 * (rules_go.c), never on comments or string contents; the names assigned
 * from fmt.Sprintf are kept per outermost function in the walk state
 * (scratch arena), found again by comparing source bytes.
 */
#include "rules_go.h"

/* ------------------------------------------------------------ catalog */

enum {
    PAT_EXEC_SHELL,
    PAT_TLS_SKIP_VERIFY,
    PAT_SQL_SPRINTF,
    PAT_UNSAFE_POINTER,
    PAT_COUNT_
};

static const ank_pattern patterns[PAT_COUNT_] = {
    [PAT_EXEC_SHELL] = {"go.exec_shell", "CWE-78", ANK_SEV_ERROR,
                        "exec.Command runs a shell with -c: the command line "
                        "is open to shell injection"},
    [PAT_TLS_SKIP_VERIFY] = {"go.tls_insecure_skip_verify", "CWE-295",
                             ANK_SEV_ERROR,
                             "InsecureSkipVerify: true disables TLS "
                             "certificate verification"},
    [PAT_SQL_SPRINTF] = {"go.sql_sprintf", "CWE-89", ANK_SEV_ERROR,
                         "SQL query built with fmt.Sprintf: use placeholders "
                         "and query arguments"},
    [PAT_UNSAFE_POINTER] = {"go.unsafe_pointer", "CWE-242", ANK_SEV_WARNING,
                            "unsafe.Pointer bypasses Go's type and memory "
                            "safety"},
};

const ank_pattern *ank__patterns_go(size_t *n)
{
    *n = PAT_COUNT_;
    return patterns;
}

/* ---------------------------------------------------------- SQL taint */

static bool is_pkg_call(ank_x *x, go_walk *w, TSNode call, const char *pkg,
                        const char *fn)
{
    if (!is(call, w->t->sym.call))
        return false;
    TSNode f = FLD(w, call, function);
    if (!is(f, w->t->sym.selector))
        return false;
    TSNode op = FLD(w, f, operand);
    return is(op, w->t->sym.identifier) && ank__x_text_eq(x, op, pkg) &&
           ank__x_text_eq(x, FLD(w, f, field), fn);
}

static bool is_sprintf(ank_x *x, go_walk *w, TSNode n)
{
    return is_pkg_call(x, w, n, "fmt", "Sprintf");
}

/* Does the text of `n` contain "Sprintf"? (binary search) */
bool ank__rules_go_has_sprintf(const go_walk *w, TSNode n)
{
    if (ts_node_is_null(n))
        return false;
    uint32_t start = ts_node_start_byte(n), lo = 0, hi = w->nsprintfs;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (w->sprintfs[mid] < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->nsprintfs && w->sprintfs[lo] < ts_node_end_byte(n);
}

static int find_taint(const ank_x *x, const go_walk *w, TSNode id)
{
    uint32_t s = ts_node_start_byte(id), len = ts_node_end_byte(id) - s;
    for (uint32_t i = 0; i < w->ntaints; i++)
        if (w->taints[i].len == len &&
            memcmp(x->src + w->taints[i].start, x->src + s, len) == 0)
            return (int)i;
    return -1;
}

/* `name = value` inside a function: remember names assigned from
 * fmt.Sprintf, forget names assigned anything else. */
static void assigned(ank_x *x, go_walk *w, TSNode name, TSNode value)
{
    if (w->depth == 0 || is_blank(x, w, name))
        return;
    int at = find_taint(x, w, name);
    bool tainted = !ts_node_is_null(value) && is_sprintf(x, w, value);
    if (tainted && at < 0) {
        if (w->ntaints == w->ntaints_alloc) {
            SCRATCH_PUSH(x, w->taints, w->ntaints_alloc);
            if (x->status != ANK_OK)
                return;
        }
        go_taint *t = &w->taints[w->ntaints++];
        t->start = ts_node_start_byte(name);
        t->len = ts_node_end_byte(name) - t->start;
        /* The walk now visits every assignment: one may clear the name. */
        ank__rules_go_scan_eqs(x, w);
    } else if (!tainted && at >= 0) {
        w->taints[at] = w->taints[--w->ntaints];
    }
}

/* Pair the names of `left` (an expression list, or a spec's name fields
 * when `spec` is set) with the expressions of `right`. */
void ank__rules_go_assign_pairs(ank_x *x, go_walk *w, TSNode left,
                                 TSNode right, bool spec)
{
    if (w->depth == 0 || (w->ntaints == 0 && !ank__rules_go_has_sprintf(w, right)))
        return;
    TSNode r = first(w, &w->cb, right);
    if (spec) {
        TSTreeCursor *c = &w->ca;
        ts_tree_cursor_reset(c, left);
        for (bool more = ts_tree_cursor_goto_first_child(c); more;
             more = ts_tree_cursor_goto_next_sibling(c)) {
            if (ts_tree_cursor_current_field_id(c) != w->t->fld.name)
                continue;
            assigned(x, w, ts_tree_cursor_current_node(c), r);
            if (!ts_node_is_null(r))
                r = next(w, &w->cb);
        }
        return;
    }
    for (TSNode l = first(w, &w->ca, left); !ts_node_is_null(l);
         l = next(w, &w->ca)) {
        assigned(x, w, l, r);
        if (!ts_node_is_null(r))
            r = next(w, &w->cb);
    }
}

/* ------------------------------------------------------------ findings */

/* Is `path` a Unix shell ("sh", "/bin/bash", ...)? */
static bool is_shell(const char *path)
{
    static const char *const shells[] = {"sh", "bash", "zsh", "dash", "ksh"};
    const char *base = strrchr(path, '/');
    if (base && path[0] != '/')
        return false;
    base = base ? base + 1 : path;
    for (size_t i = 0; i < sizeof shells / sizeof shells[0]; i++)
        if (strcmp(base, shells[i]) == 0)
            return true;
    return false;
}

/* "-c", or a cluster of short options that contains c ("-ec", "-lc"). */
static bool is_dash_c(const char *arg)
{
    if (arg[0] != '-' || !arg[1])
        return false;
    bool c = false;
    for (const char *p = arg + 1; *p; p++) {
        if (!(*p >= 'a' && *p <= 'z'))
            return false;
        c = c || *p == 'c';
    }
    return c;
}

static void exec_shell(ank_x *x, go_walk *w, TSNode call, uint32_t at)
{
    TSNode args = FLD(w, call, arguments);
    const char *shell = string_value(x, w, nth(w, args, at));
    if (!shell || !is_shell(shell))
        return;
    const char *flag = string_value(x, w, nth(w, args, at + 1));
    if (flag && is_dash_c(flag))
        ank__rules_finding(x, &patterns[PAT_EXEC_SHELL], call);
}

static void sql_query(ank_x *x, go_walk *w, TSNode call, uint32_t at)
{
    TSNode q = nth(w, FLD(w, call, arguments), at);
    if (is_sprintf(x, w, q) ||
        (is(q, w->t->sym.identifier) && find_taint(x, w, q) >= 0))
        ank__rules_finding(x, &patterns[PAT_SQL_SPRINTF], call);
}

/* Method names that take a query, and the query argument's position. */
static int query_position(ank_x *x, TSNode field)
{
    static const struct {
        const char *name;
        int at;
    } methods[] = {{"Query", 0},        {"QueryRow", 0},
                   {"Exec", 0},         {"QueryContext", 1},
                   {"QueryRowContext", 1}, {"ExecContext", 1}};
    uint32_t len = ts_node_end_byte(field) - ts_node_start_byte(field);
    if (len < 4 || len > 15)
        return -1;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (ank__x_text_eq(x, field, methods[i].name))
            return methods[i].at;
    return -1;
}

/* exec.Command / exec.CommandContext and the query methods: `call` is a
 * call whose function is the selector `f`. */
void ank__rules_go_method_call(ank_x *x, go_walk *w, TSNode call, TSNode f)
{
    TSNode field = FLD(w, f, field);
    TSNode op = FLD(w, f, operand);
    if (is(op, w->t->sym.identifier) && ank__x_text_eq(x, op, "exec")) {
        if (ank__x_text_eq(x, field, "Command"))
            exec_shell(x, w, call, 0);
        else if (ank__x_text_eq(x, field, "CommandContext"))
            exec_shell(x, w, call, 1);
        return;
    }
    int at = query_position(x, field);
    if (at >= 0)
        sql_query(x, w, call, (uint32_t)at);
}


/* `unsafe.Pointer` in an expression. */
void ank__rules_go_selector(ank_x *x, go_walk *w, TSNode n)
{
    TSNode op = FLD(w, n, operand);
    if (is(op, w->t->sym.identifier) && ank__x_text_eq(x, op, "unsafe") &&
        ank__x_text_eq(x, FLD(w, n, field), "Pointer"))
        ank__rules_finding(x, &patterns[PAT_UNSAFE_POINTER], n);
}

/* `unsafe.Pointer` as a type. */
void ank__rules_go_qualified(ank_x *x, go_walk *w, TSNode n)
{
    if (ank__x_text_eq(x, FLD(w, n, package), "unsafe") &&
        ank__x_text_eq(x, FLD(w, n, name), "Pointer"))
        ank__rules_finding(x, &patterns[PAT_UNSAFE_POINTER], n);
}

/* `InsecureSkipVerify: true` in a composite literal. */
void ank__rules_go_keyed(ank_x *x, go_walk *w, TSNode n)
{
    TSNode key = FLD(w, n, key);
    TSNode value = FLD(w, n, value);
    if (is(key, w->t->sym.literal_element))
        key = ank__go_first_named(key);
    if (is(value, w->t->sym.literal_element))
        value = ank__go_first_named(value);
    if (is(value, w->t->sym.true_) &&
        ank__x_text_eq(x, key, "InsecureSkipVerify"))
        ank__rules_finding(x, &patterns[PAT_TLS_SKIP_VERIFY], n);
}
