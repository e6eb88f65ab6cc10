/*
 * rules_go.h - private interface of the Go rule walk: the walk state
 * (rules_go.c), the grammar tables (rules_go_tables.c) and the security
 * rules (rules_go_security.c), with the small node helpers they use.
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
        parameter_decl, type_identifier, expression_list;
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
    /* Per structural symbol: the token it starts with (rules_go.c). */
    uint8_t keyword[GO_SYMBOLS_MAX];
} go_tables;

typedef struct go_fn {
    TSNode node;
    uint32_t body_start, body_end; /* 0, 0 when there is no body */
} go_fn;

/* A name assigned from fmt.Sprintf: src[start, start + len). */
typedef struct go_taint {
    uint32_t start, len;
} go_taint;

typedef struct go_walk {
    const go_tables *t; /* the shared tables, or `own` */
    uint32_t *triggers; /* start bytes of trigger words, ascending */
    uint32_t ntriggers, ntriggers_alloc;
    uint32_t next_trigger; /* first trigger not before the current node */
    uint32_t *sprintfs; /* start bytes of "Sprintf", ascending */
    uint32_t nsprintfs, nsprintfs_alloc;
    go_fn *fns;
    uint32_t depth, nfns; /* in use / allocated (high-water mark) */
    go_taint *taints;
    uint32_t ntaints, ntaints_alloc;
    TSNode const_type; /* the type the current const spec list repeats */
    uint32_t goal; /* set by enter: descend to the child ending past it */
    uint32_t *levels; /* end byte of each node the walk is inside */
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
