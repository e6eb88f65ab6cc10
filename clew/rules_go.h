/*
 * rules_go.h - private interface of the Go rule walk: the walk state
 * (rules_go.c), the byte scan it starts with (rules_go_scan.c), the
 * names it reports (rules_go_names.c), the grammar tables
 * (rules_go_tables.c) and the security rules (rules_go_security.c), with
 * the small node helpers they use.
 */
#ifndef ANK_RULES_GO_H
#define ANK_RULES_GO_H

#include "lang_go.h"
#include "rules.h"

/* Symbols of the node types the walk looks at. */
typedef struct go_syms {
    TSSymbol comment, interpreted, raw, func_decl, method_decl, func_lit,
        const_decl, const_spec, var_spec, short_var, assign, range_clause,
        receive, type_switch, if_stmt, expr_stmt, call, keyed, selector,
        qualified, identifier, binary, paren, nil, true_, literal_element,
        parameter_decl, type_identifier, expression_list, for_stmt;
} go_syms;

/* Field ids (by name, a lookup is a linear search). */
typedef struct go_fields {
    TSFieldId alias, arguments, body, condition, field, function, key, left,
        name, operand, operator, package, result, right, type, value;
} go_fields;

#define FLD(w, n, f) ts_node_child_by_field_id((n), (w)->t->fld.f)

/* Symbols above this are treated as structural (correct, only slower). */
#define GO_SYMBOLS_MAX 512

/* The anonymous token a structural node starts with: the walk enters such
 * a node past it (ts_tree_cursor_goto_first_child_for_byte), a step saved. */
enum { KW_NONE, KW_BRACE, KW_PAREN, KW_FUNC, KW_IF, KW_FOR, KW_SWITCH,
       KW_SELECT, KW_CASE, KW_DEFAULT, KW_CONST, KW_VAR, KW_COUNT_ };
typedef struct go_keyword {
    const char *text;
    uint32_t len;
} go_keyword;
extern const go_keyword ank__rules_go_keywords[KW_COUNT_];

/* What the walk needs to know about the grammar, computed once. */
typedef struct go_tables {
    const TSLanguage *lang;
    go_syms sym;
    go_fields fld;
    /* Per symbol: always descend (statements and what holds them); other
     * nodes are entered only when their bytes contain a trigger word. */
    bool structural[GO_SYMBOLS_MAX];
    /* Per structural symbol (and function_type): the token it starts
     * with (rules_go.c). */
    uint8_t keyword[GO_SYMBOLS_MAX];
    /* Per symbol: GO_KEEP and GO_ALL_CHILDREN below. */
    uint8_t flags[GO_SYMBOLS_MAX];
} go_tables;

/* A node entered whatever its bytes hold (functions: the walk keeps their
 * stack in enter/leave; const and var declarations: their specs). */
#define GO_KEEP 1
/* A node whose named children are all visited (const and var specs). */
#define GO_ALL_CHILDREN 2
/* A node no rule can match in (imports). */
#define GO_SKIP 4

typedef struct go_fn {
    TSNode node;
    uint32_t body_start, body_end; /* 0, 0 when there is no body */
} go_fn;

/* A name assigned from fmt.Sprintf: src[start, start + len). */
typedef struct go_taint {
    uint32_t start, len;
} go_taint;

/* A node the walk is inside: a child ending at or after `limit` is its
 * last named one; `prune`: the children after one can be skipped when no
 * mark lies between (see rules_go_scan.c). */
typedef struct go_level {
    uint32_t limit;
    bool prune;
} go_level;

typedef struct go_walk {
    const go_tables *t; /* the shared tables, or `own` */
    uint32_t *triggers; /* start bytes of trigger words, ascending */
    uint32_t ntriggers, ntriggers_alloc;
    uint32_t next_trigger; /* first trigger not before the current node */
    uint32_t *sprintfs; /* start bytes of "Sprintf", ascending */
    uint32_t nsprintfs, nsprintfs_alloc;
    uint32_t *marks; /* start bytes of every word a rule needs, ascending */
    uint32_t nmarks, nmarks_alloc;
    uint32_t next_mark; /* first mark not before the last query's start */
    uint32_t *eqs; /* while a name is tainted: each `=` of the function */
    uint32_t neqs, neqs_alloc, next_eq;
    bool eqs_found; /* eqs holds those of the current outermost function */
    go_fn *fns;
    uint32_t depth, nfns; /* in use / allocated (high-water mark) */
    go_taint *taints;
    uint32_t ntaints, ntaints_alloc;
    TSNode const_type; /* the type the current const spec list repeats */
    uint32_t at_end; /* the end byte of the node enter is given */
    bool at_error;   /* ... and whether it holds a syntax error */
    uint32_t goal; /* set by enter: descend to the child ending past it */
    uint32_t past; /* set by plain_rules: what is before it is done */
    bool prune; /* set by enter: the node's children may be pruned */
    go_level *levels; /* each node the walk is inside */
    uint32_t nlevels, nlevels_alloc; /* in use / allocated */
    TSTreeCursor ca, cb;
    go_tables own; /* last: not cleared per file (ank__rules_go_tables) */
} go_walk;

static inline bool is(TSNode n, TSSymbol s)
{
    return !ts_node_is_null(n) && ts_node_symbol(n) == s;
}

static inline TSNode null_node(void)
{
    TSNode n = {{0}, NULL, NULL};
    return n;
}

/* Grow an array in the scratch arena (the result's arena without one). */
#define SCRATCH_PUSH(x, array, n)                                   \
    do {                                                            \
        ank_arena *keep_ = (x)->arena;                              \
        if ((x)->scratch)                                           \
            (x)->arena = (x)->scratch;                              \
        (void)ANK_X_PUSH((x), (array), (n));                        \
        (x)->arena = keep_;                                         \
    } while (0)

/* -------------------------------------------------------------- lists */

/* Skip to the first named, non-comment node at or after the cursor. */
static inline TSNode settle(go_walk *w, TSTreeCursor *c, bool more)
{
    for (; more; more = ts_tree_cursor_goto_next_sibling(c)) {
        TSNode n = ts_tree_cursor_current_node(c);
        if (ts_node_is_named(n) && ts_node_symbol(n) != w->t->sym.comment)
            return n;
    }
    return null_node();
}

/* The first named, non-comment child of `parent` (cursor reset to it). */
static inline TSNode first(go_walk *w, TSTreeCursor *c, TSNode parent)
{
    if (ts_node_is_null(parent))
        return parent;
    ts_tree_cursor_reset(c, parent);
    return settle(w, c, ts_tree_cursor_goto_first_child(c));
}

static inline TSNode next(go_walk *w, TSTreeCursor *c)
{
    return settle(w, c, ts_tree_cursor_goto_next_sibling(c));
}

/* The `i`-th named, non-comment child (small i: argument positions). */
static inline TSNode nth(go_walk *w, TSNode parent, uint32_t i)
{
    TSNode n = first(w, &w->ca, parent);
    while (i-- > 0 && !ts_node_is_null(n))
        n = next(w, &w->ca);
    return n;
}

/* The last named, non-comment child. */
static inline TSNode last(go_walk *w, TSTreeCursor *c, TSNode parent)
{
    TSNode out = null_node();
    for (TSNode n = first(w, c, parent); !ts_node_is_null(n); n = next(w, c))
        out = n;
    return out;
}

/* Does `n` have an anonymous child token `tok` (":=")? */
static inline bool is_blank(ank_x *x, go_walk *w, TSNode n)
{
    return !is(n, w->t->sym.identifier) || ank__x_text_eq(x, n, "_");
}

/* The value of a string literal (in the scratch arena), else NULL. */
static inline const char *string_value(ank_x *x, go_walk *w, TSNode n)
{
    if (!is(n, w->t->sym.interpreted) && !is(n, w->t->sym.raw))
        return NULL;
    ank_arena *keep = x->arena;
    if (x->scratch)
        x->arena = x->scratch;
    const char *v = ank__x_unquote(x, n);
    x->arena = keep;
    return v;
}

static inline bool ident_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || (unsigned char)c >= 0x80;
}

/* --------------------------------------------------- rules_go_names.c */

/* What plain_rules reads of a const_spec or var_spec, in one pass over
 * its children: the children in field "name" (the first SPEC_NAMES of
 * them, `more` when there are others), the last of them, and the type and
 * value fields (the first child in each). */
#define SPEC_NAMES 8
typedef struct go_spec {
    TSNode names[SPEC_NAMES];
    uint32_t nnames;
    bool more;
    TSNode last_name, type, value;
} go_spec;

/* Report every nameable identifier of the expression list `list` as a
 * variable (module level outside any function). */
void ank__rules_go_list_variables(ank_x *x, go_walk *w, TSNode list);
/* Read a const_spec or var_spec (one pass; the field lookups' results). */
void ank__rules_go_read_spec(ank_x *x, go_walk *w, TSNode spec, go_spec *sp);
/* Report the names of a spec read by ank__rules_go_read_spec, typed with
 * the type node `type_node` (null: none written). */
void ank__rules_go_spec_names(ank_x *x, go_walk *w, TSNode spec,
                              const go_spec *sp, ank_id_class cls,
                              TSNode type_node);

/* ---------------------------------------------------- rules_go_scan.c */

/* Fill the trigger, Sprintf and mark lists of `w` (empty before). */
void ank__rules_go_scan(ank_x *x, go_walk *w);

/* Record the `=` of the current outermost function's body in w->eqs
 * (once per function): called when a name gets tainted. */
void ank__rules_go_scan_eqs(ank_x *x, go_walk *w);

/* The first entry of list[0, n) at or after `from`, UINT32_MAX if none;
 * *next is where the previous query ended.  Queries come in pre-order, so
 * `from` rarely decreases: the index moves forward, and is searched for
 * again from the start when it does. */
static inline uint32_t next_in(const uint32_t *list, uint32_t n,
                               uint32_t *next, uint32_t from)
{
    uint32_t i = *next;
    if (i > 0 && list[i - 1] >= from) {
        uint32_t lo = 0, hi = i;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (list[mid] < from)
                lo = mid + 1;
            else
                hi = mid;
        }
        i = lo;
    }
    while (i < n && list[i] < from)
        i++;
    *next = i;
    return i < n ? list[i] : UINT32_MAX;
}

/* Where the first node at or after `from` that may need a visit can be:
 * the next mark or, while a name is tainted (an assignment may clear it),
 * the next `=`. */
static inline uint32_t next_mark(go_walk *w, uint32_t from)
{
    uint32_t m = next_in(w->marks, w->nmarks, &w->next_mark, from);
    if (w->ntaints > 0) {
        uint32_t e = next_in(w->eqs, w->neqs, &w->next_eq, from);
        if (e < m)
            m = e;
    }
    return m;
}

/* ------------------------------------------------- rules_go_tables.c */

/* The tables for `lang`: computed once per process and shared; `own` is
 * filled (and returned) only until they are. */
const go_tables *ank__rules_go_tables(go_tables *own, const TSLanguage *lang);

/* ------------------------------------------------ rules_go_security.c */

/* Calls through a selector: exec.Command(Context), the query methods. */
void ank__rules_go_method_call(ank_x *x, go_walk *w, TSNode call, TSNode f);
/* unsafe.Pointer in an expression / as a type; InsecureSkipVerify. */
void ank__rules_go_selector(ank_x *x, go_walk *w, TSNode n);
void ank__rules_go_qualified(ank_x *x, go_walk *w, TSNode n);
void ank__rules_go_keyed(ank_x *x, go_walk *w, TSNode n);
/* Does the text of `n` contain "Sprintf"? */
bool ank__rules_go_has_sprintf(const go_walk *w, TSNode n);
/* Track names assigned from fmt.Sprintf: `left` an expression list, or a
 * var_spec whose names pair with `right` when `spec` is set. */
void ank__rules_go_assign_pairs(ank_x *x, go_walk *w, TSNode left,
                                TSNode right, bool spec);

#endif
