/*
 * rules_go_names.c - the names the Go rule walk (rules_go.c) reports for
 * naming conventions: the identifiers of an expression list (short
 * variable declarations, range clauses, receive statements, type switch
 * aliases) and the names of const and var specs, with their types.
 *
 * Invariants: children are read by index when few, or with the walk
 * state's second cursor (reset for each use); a list or spec whose text
 * holds plain names only is read from the text as far as it can be, and
 * from the tree otherwise; the names reported, and their order, are those
 * of the tree.
 */
#include "rules_go.h"

/* Lists up to this long are read by index, which costs less than
 * resetting a cursor; longer ones with the cursor (linear). */
#define LIST_BY_INDEX 4

/* If src[s, e) is `count` names separated by commas and white space, the
 * set of those that are `_` (bit i: the i-th); otherwise 0. */
static uint32_t plain_blanks(const ank_x *x, uint32_t s, uint32_t e,
                             uint32_t count)
{
    if (e > x->len)
        return 0;
    uint32_t blanks = 0, i = 0, len = 0;
    bool blank = false;
    for (uint32_t k = s; k <= e; k++) {
        char c = k < e ? x->src[k] : ',';
        if (c == ',') {
            if (len == 0 || i >= count)
                return 0;
            if (blank && len == 1)
                blanks |= 1u << i;
            i++;
            len = 0;
        } else if (ident_byte(c)) {
            if (len > 0 && !ident_byte(x->src[k - 1]))
                return 0; /* two words in one item */
            blank = len == 0 && c == '_';
            len++;
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            return 0;
        }
    }
    return i == count ? blanks : 0;
}

void ank__rules_go_list_variables(ank_x *x, go_walk *w, TSNode list)
{
    if (ts_node_is_null(list))
        return;
    if (ts_node_child_count(list) == 1) { /* one name, no comment */
        TSNode n = ts_node_child(list, 0);
        if (!is_blank(x, w, n))
            ank__rules_identifier(x, ANK_ID_VARIABLE, n, NULL, w->depth == 0);
        return;
    }
    uint32_t count = ts_node_named_child_count(list);
    if (count <= LIST_BY_INDEX) {
        /* A list of plain names (no comment): the text tells which are
         * `_`, which then need no lookup. */
        uint32_t s = ts_node_start_byte(list), e = ts_node_end_byte(list);
        uint32_t blanks =
            ts_node_has_error(list) ? 0 : plain_blanks(x, s, e, count);
        for (uint32_t i = 0; i < count; i++) {
            if (blanks & (1u << i))
                continue;
            TSNode n = ts_node_named_child(list, i);
            if (ts_node_symbol(n) != w->t->sym.comment && !is_blank(x, w, n))
                ank__rules_identifier(x, ANK_ID_VARIABLE, n, NULL,
                                      w->depth == 0);
        }
        return;
    }
    for (TSNode n = first(w, &w->cb, list); !ts_node_is_null(n);
         n = next(w, &w->cb))
        if (!is_blank(x, w, n))
            ank__rules_identifier(x, ANK_ID_VARIABLE, n, NULL, w->depth == 0);
}

/*
 * The usual spec, one name and no comment, read by index: `name`,
 * `name type`, `name = value` or `name type = value` (2 to 4 children,
 * the value an expression_list).  False when `spec` is not one of those.
 */
static bool read_spec_short(ank_x *x, go_walk *w, TSNode spec, go_spec *sp)
{
    uint32_t count = ts_node_child_count(spec);
    uint32_t s = ts_node_start_byte(spec), e = ts_node_end_byte(spec);
    if (count > 4 || ts_node_has_error(spec) || e > x->len ||
        memchr(x->src + s, '/', e - s) != NULL)
        return false;
    TSNode name = ts_node_child(spec, 0);
    if (!is(name, w->t->sym.identifier))
        return false;
    TSNode type = null_node(), value = null_node();
    if (count >= 2) {
        TSNode c1 = ts_node_child(spec, 1);
        uint32_t eq = count - 2; /* where `=` is, when there is a value */
        if (count == 2) {
            if (!ts_node_is_named(c1))
                return false;
            type = c1;
        } else {
            TSNode op = eq == 1 ? c1 : ts_node_child(spec, eq);
            if (ts_node_is_named(op) || x->src[ts_node_start_byte(op)] != '=')
                return false;
            if (eq == 2) {
                if (!ts_node_is_named(c1))
                    return false;
                type = c1;
            }
            value = ts_node_child(spec, count - 1);
            if (!is(value, w->t->sym.expression_list))
                return false;
        }
    }
    sp->names[0] = sp->last_name = name;
    sp->nnames = 1;
    sp->more = false;
    sp->type = type;
    sp->value = value;
    return true;
}

void ank__rules_go_read_spec(ank_x *x, go_walk *w, TSNode spec, go_spec *sp)
{
    const go_fields *F = &w->t->fld;
    if (read_spec_short(x, w, spec, sp))
        return;
    sp->nnames = 0;
    sp->more = false;
    sp->last_name = sp->type = sp->value = null_node();
    TSTreeCursor *c = &w->cb;
    ts_tree_cursor_reset(c, spec);
    for (bool more = ts_tree_cursor_goto_first_child(c); more;
         more = ts_tree_cursor_goto_next_sibling(c)) {
        TSFieldId f = ts_tree_cursor_current_field_id(c);
        if (f == F->name) {
            sp->last_name = ts_tree_cursor_current_node(c);
            if (sp->nnames < SPEC_NAMES)
                sp->names[sp->nnames++] = sp->last_name;
            else
                sp->more = true;
        } else if (f == F->type && ts_node_is_null(sp->type)) {
            sp->type = ts_tree_cursor_current_node(c);
        } else if (f == F->value && ts_node_is_null(sp->value)) {
            sp->value = ts_tree_cursor_current_node(c);
        }
    }
    if (ts_node_has_error(spec)) { /* as the field lookup finds them */
        sp->type = FLD(w, spec, type);
        sp->value = FLD(w, spec, value);
    }
}

void ank__rules_go_spec_names(ank_x *x, go_walk *w, TSNode spec,
                              const go_spec *sp, ank_id_class cls,
                              TSNode type_node)
{
    ank_typeref type = {NULL, NULL};
    bool typed = false;
    TSTreeCursor *c = &w->cb;
    if (sp->more) {
        ts_tree_cursor_reset(c, spec);
        if (!ts_tree_cursor_goto_first_child(c))
            return;
    }
    for (uint32_t i = 0;; i++) {
        TSNode id;
        if (!sp->more) {
            if (i == sp->nnames)
                break;
            id = sp->names[i];
        } else {
            if (i > 0 && !ts_tree_cursor_goto_next_sibling(c))
                break;
            if (ts_tree_cursor_current_field_id(c) != w->t->fld.name)
                continue;
            id = ts_tree_cursor_current_node(c);
        }
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

