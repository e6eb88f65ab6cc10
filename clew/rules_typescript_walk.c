/*
 * rules_typescript_walk.c - the driver of the TypeScript rule walk
 * (rules_typescript.c has what it matches): node kinds by symbol, the
 * trigger words found once per file, and a walk that visits, inside
 * functions, only the nodes whose text holds one.
 *
 * Invariants:
 *  - Iterative: one tree cursor and a stack of levels (x->scratch) as deep
 *    as the tree.
 *  - `enter` and `leave` are called as ank__x_walk calls them, in the same
 *    order, except for the nodes inside functions that hold no trigger
 *    word: `enter` would pass over them (ank__ts_may_hold), so they are
 *    not visited.
 */
#include "rules_typescript.h"

/* ---------------------------------------------------------- node kinds */

static const struct {
    const char *name;
    kind k;
} kind_names[] = {
    {"function_declaration", K_FUNC},
    {"generator_function_declaration", K_FUNC},
    {"function_expression", K_FUNC},
    {"function", K_FUNC}, /* older grammars' function expression */
    {"generator_function", K_FUNC},
    {"arrow_function", K_FUNC},
    {"method_definition", K_FUNC},
    {"statement_block", K_BLOCK},
    {"for_statement", K_SCOPE},
    {"switch_body", K_SCOPE},
    {"for_in_statement", K_FOR_IN},
    {"catch_clause", K_CATCH},
    {"internal_module", K_NAMESPACE},
    {"module", K_NAMESPACE},
    {"ambient_declaration", K_AMBIENT},
    {"lexical_declaration", K_DECL},
    {"variable_declaration", K_DECL},
    {"try_statement", K_TRY},
    {"throw_statement", K_THROW},
    {"call_expression", K_CALL},
    {"new_expression", K_NEW},
    {"assignment_expression", K_ASSIGN},
    {"augmented_assignment_expression", K_ASSIGN},
    {"jsx_attribute", K_JSX_ATTR},
    {"predefined_type", K_PREDEF},
    {"comment", K_COMMENT},
    {"type_annotation", K_TYPE},
    {"opting_type_annotation", K_TYPE},
    {"omitting_type_annotation", K_TYPE},
    {"type_predicate_annotation", K_TYPE},
    {"asserts_annotation", K_TYPE},
    {"type_arguments", K_TYPE},
    {"type_parameters", K_TYPE},
    {"interface_declaration", K_TYPE},
    {"type_alias_declaration", K_TYPE},
    {"implements_clause", K_TYPE},
    {"extends_type_clause", K_TYPE},
    {"import_statement", K_TYPE}, /* nothing but comments to find */
    {"string", K_SKIP},
    {"regex", K_SKIP},
    {"number", K_SKIP},
    {"jsx_text", K_SKIP},
    {"identifier", K_SKIP},
    {"property_identifier", K_SKIP},
    {"private_property_identifier", K_SKIP},
    {"shorthand_property_identifier", K_SKIP},
    {"type_identifier", K_SKIP},
    {"statement_identifier", K_SKIP},
    {"this", K_SKIP},
    {"super", K_SKIP},
    {"true", K_SKIP},
    {"false", K_SKIP},
    {"null", K_SKIP},
    {"undefined", K_SKIP},
};

#define KIND_TABLE 2048

kind ank__ts_kind_of(TSNode n)
{
    /* Symbols differ between the TypeScript and TSX grammars: the table is
     * reset when the language changes.  Thread-local, like the field ids
     * of lang_typescript_types.c. */
    static _Thread_local const TSLanguage *lang;
    static _Thread_local unsigned char table[KIND_TABLE];
    const TSLanguage *l = ts_node_language(n);
    if (l != lang) {
        memset(table, K_UNSET, sizeof table);
        lang = l;
    }
    TSSymbol s = ts_node_symbol(n);
    if (s < KIND_TABLE && table[s] != K_UNSET)
        return (kind)table[s];
    const char *name = ts_node_type(n);
    kind k = K_OTHER;
    for (size_t i = 0; i < sizeof kind_names / sizeof *kind_names; i++)
        if (name[0] == kind_names[i].name[0] &&
            strcmp(name, kind_names[i].name) == 0) {
            k = kind_names[i].k;
            break;
        }
    if (s < KIND_TABLE)
        table[s] = (unsigned char)k;
    return k;
}

/* ------------------------------------------------------- the filter */

/*
 * The words every match inside a function needs in its text (trigger_at):
 * eval, exec, Function, catch, const, let, var, throw, try, HTML, any,
 * @ts- and the hole marker, and the names bound to exec (a call of `run`
 * from `{ exec: run }`).  A node whose text has none can be passed over
 * whole.  Finding them is one pass over the text (and one per name bound
 * by `require` during the walk); a word inside a longer one, a string or
 * a comment only makes the walk descend.
 */
static bool word_at(const char *p, uint32_t left, const char *w, uint32_t n)
{
    return n <= left && memcmp(p, w, n) == 0;
}

static bool trigger_at(const char *p, uint32_t left)
{
    switch (p[0]) {
    case 'e':
        return word_at(p, left, "eval", 4) || word_at(p, left, "exec", 4);
    case 'F':
        return word_at(p, left, "Function", 8);
    case 'c':
        return word_at(p, left, "catch", 5) || word_at(p, left, "const", 5);
    case 'l':
        return word_at(p, left, "let", 3);
    case 'v':
        return word_at(p, left, "var", 3);
    case 't':
        return word_at(p, left, "throw", 5) || word_at(p, left, "try", 3);
    case 'H':
        return word_at(p, left, "HTML", 4);
    case 'a':
        return word_at(p, left, "any", 3) ||
               word_at(p, left, ANK_HOLE_MARKER, sizeof ANK_HOLE_MARKER - 1);
    case '@':
        return word_at(p, left, "@ts-", 4);
    default:
        return false;
    }
}

/* Merge the places where `name` occurs into the trigger list (it stays
 * sorted); the walk's position in it is found again by may_hold. */
void ank__ts_add_triggers(ank_x *x, walk *w, const char *name, uint32_t len)
{
    /* A name that starts with a trigger word is found already. */
    if (!w->filter || len == 0 || trigger_at(name, len))
        return;
    uint32_t *merged = NULL, n = 0, i = 0;
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    for (uint32_t at = 0; at + len <= x->len; at++) {
        if (x->src[at] != name[0] || memcmp(x->src + at, name, len) != 0)
            continue;
        for (; i < w->ntriggers && w->triggers[i] <= at; i++) {
            uint32_t *slot = ANK_X_PUSH(x, merged, n);
            if (!slot)
                goto fail;
            *slot = w->triggers[i];
        }
        if (n == 0 || merged[n - 1] != at) {
            uint32_t *slot = ANK_X_PUSH(x, merged, n);
            if (!slot)
                goto fail;
            *slot = at;
        }
    }
    for (; i < w->ntriggers; i++) {
        uint32_t *slot = ANK_X_PUSH(x, merged, n);
        if (!slot)
            goto fail;
        *slot = w->triggers[i];
    }
    w->triggers = merged;
    w->ntriggers = n;
    w->next = 0;
    x->arena = keep;
    return;
fail:
    w->filter = false;
    x->arena = keep;
}

void ank__ts_find_triggers(ank_x *x, walk *w)
{
    w->filter = true;
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    /* The second bytes of the trigger words, by their first byte
     * (trigger_at's cases; 0 for bytes no word starts with).  A byte is
     * looked at further only when the next one fits: one compare per
     * byte that is rarely true, where testing the first byte alone would
     * pass a quarter of them (e, c, t, a, l are common) and mispredict on
     * each. */
    static const unsigned char second_a[256] = {
        ['e'] = 'v', ['F'] = 'u', ['c'] = 'a', ['l'] = 'e', ['v'] = 'a',
        ['t'] = 'h', ['H'] = 'T', ['a'] = 'n', ['@'] = 't',
    };
    static const unsigned char second_b[256] = {
        ['e'] = 'x', ['F'] = 'u', ['c'] = 'o', ['l'] = 'e', ['v'] = 'a',
        ['t'] = 'r', ['H'] = 'T', ['a'] = 'n', ['@'] = 't',
    };
    const unsigned char *src = (const unsigned char *)x->src;
    for (uint32_t i = 0; i + 1 < x->len; i++) {
        unsigned char c = src[i], next = src[i + 1];
        if ((next != second_a[c]) & (next != second_b[c]))
            continue;
        if (!trigger_at(x->src + i, x->len - i))
            continue;
        uint32_t *slot = ANK_X_PUSH(x, w->triggers, w->ntriggers);
        if (!slot) {
            w->filter = false;
            break;
        }
        *slot = i;
    }
    x->arena = keep;
    /* Calls of names bound to exec need their names as triggers too. */
    for (uint32_t i = 0; i < w->nexecs; i++)
        ank__ts_add_triggers(x, w, w->execs[i].s, w->execs[i].len);
}

/* --------------------------------------------------- the walk driver */

/*
 * Like ank__x_walk (the same enter/leave calls, in the same order, for
 * every node that `enter` could match), but inside functions a node's
 * children are not stepped through one by one: the cursor jumps to the
 * child that holds the next trigger word (goto_first_child_for_byte),
 * and leaves a parent as soon as no trigger is left inside it.  A cursor
 * step over a sibling is several hundred instructions, hidden nodes
 * included; the children a jump passes over cost a few dozen each.
 */

typedef struct level {
    uint32_t end; /* of the parent */
    uint32_t idx; /* visible index of the cursor's node in the parent */
    bool error;   /* the parent has errors: a child ending at its end may
                     be followed by a MISSING one */
} level;

typedef struct levels {
    level *at;
    uint32_t n, cap;
} levels;

/* A jump scans the parent's children from the first: past this index,
 * stepping to the next sibling is cheaper. */
#define RESCAN_MAX 24

static bool filtered(const walk *w)
{
    return w->filter && w->fdepth > 0;
}

/* The first trigger at or after byte b; UINT32_MAX when none. */
static uint32_t trigger_from(walk *w, uint32_t b)
{
    while (w->next < w->ntriggers && w->triggers[w->next] < b)
        w->next++;
    return w->next < w->ntriggers ? w->triggers[w->next] : UINT32_MAX;
}

static bool push_level(ank_x *x, levels *l, TSNode parent, uint32_t idx)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 64;
        level *at = ank__arena_alloc(x->scratch, cap * sizeof *at);
        if (!at) {
            ank__x_fail(x, ANK_ERR_NOMEM);
            return false;
        }
        if (l->n)
            memcpy(at, l->at, l->n * sizeof *at);
        l->at = at;
        l->cap = cap;
    }
    l->at[l->n].end = ts_node_end_byte(parent);
    l->at[l->n].idx = idx;
    l->at[l->n].error = ts_node_has_error(parent);
    l->n++;
    return true;
}

/* Move to the first child of `node` (the cursor's node) worth entering. */
static bool down(ank_x *x, walk *w, levels *l, TSTreeCursor *c,
                 TSNode node)
{
    uint32_t idx = 0;
    if (filtered(w)) {
        uint32_t t = trigger_from(w, ts_node_start_byte(node));
        if (t >= ts_node_end_byte(node))
            return false;
        int64_t i = ts_tree_cursor_goto_first_child_for_byte(c, t);
        if (i < 0)
            return false;
        idx = i > RESCAN_MAX ? RESCAN_MAX : (uint32_t)i;
    } else if (!ts_tree_cursor_goto_first_child(c)) {
        return false;
    }
    if (push_level(x, l, node, idx))
        return true;
    ts_tree_cursor_goto_parent(c);
    return false;
}

typedef enum across_step { MOVED, AT_END, AT_PARENT } across_step;

/* Move from `cur` to the next sibling worth entering. */
static across_step across(walk *w, level *lv, TSTreeCursor *c, TSNode cur)
{
    if (!filtered(w)) {
        /* A child ending where its parent ends is the last: no need to
         * ask (the question climbs through hidden nodes to fail). */
        if (!lv->error && ts_node_end_byte(cur) >= lv->end)
            return AT_END;
        return ts_tree_cursor_goto_next_sibling(c) ? MOVED : AT_END;
    }
    uint32_t t = trigger_from(w, ts_node_end_byte(cur));
    if (t >= lv->end)
        return AT_END;
    if (lv->idx < RESCAN_MAX) {
        ts_tree_cursor_goto_parent(c);
        int64_t i = ts_tree_cursor_goto_first_child_for_byte(c, t);
        if (i < 0)
            return AT_PARENT;
        lv->idx = i > RESCAN_MAX ? RESCAN_MAX : (uint32_t)i;
        return MOVED;
    }
    while (ts_tree_cursor_goto_next_sibling(c))
        if (ts_node_end_byte(ts_tree_cursor_current_node(c)) > t)
            return MOVED;
    return AT_END;
}

void ank__ts_walk_tree(ank_x *x, walk *w, ank_enter_fn enter,
                       ank_leave_fn leave)
{
    TSTreeCursor c = ts_tree_cursor_new(x->root);
    levels l = {NULL, 0, 0};
    if (!down(x, w, &l, &c, x->root)) {
        ts_tree_cursor_delete(&c);
        return;
    }
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&c);
        if (ts_node_is_named(node) && x->status == ANK_OK &&
            enter(x, node, w) == ANK_WALK_DESCEND) {
            if (down(x, w, &l, &c, node))
                continue;
            leave(x, node, w);
        }
        if (x->status != ANK_OK)
            break;
        /* Move on, climbing out of finished parents. */
        for (;;) {
            across_step step = across(w, &l.at[l.n - 1], &c, node);
            if (step == MOVED)
                break;
            if (step == AT_END)
                ts_tree_cursor_goto_parent(&c);
            if (--l.n == 0) {
                ts_tree_cursor_delete(&c);
                return;
            }
            node = ts_tree_cursor_current_node(&c);
            leave(x, node, w);
        }
    }
    ts_tree_cursor_delete(&c);
}

