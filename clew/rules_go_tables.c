/*
 * rules_go_tables.c - what the Go rule walk (rules_go.c) needs to know about
 * the grammar: the symbols of the node types it compares against, which
 * node types are structural (always entered) and the token each starts
 * with, and the field ids it reads.
 *
 * Invariants: computed once per process in one pass over the grammar's
 * symbols and one over its field names (a lookup by name scans them all,
 * per name), and published atomically; the results are those of
 * ts_language_symbol_for_name / ts_language_field_id_for_name.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "rules_go.h"

/* The field ids the walk uses, found in one pass over the grammar's field
 * names (a lookup by name scans them all, per name).  Sorted by name. */
#define FIELD(name) {#name, sizeof(#name) - 1, offsetof(go_fields, name)}
static const struct {
    const char *name;
    size_t len;
    size_t slot;
} field_names[] = {
    FIELD(alias),    FIELD(arguments), FIELD(body),     FIELD(condition),
    FIELD(field),    FIELD(function),  FIELD(key),      FIELD(left),
    FIELD(name),     FIELD(operand),   FIELD(operator), FIELD(package),
    FIELD(result),   FIELD(right),     FIELD(type),     FIELD(value),
};

static void init_fields(go_fields *f, const TSLanguage *l)
{
    uint32_t count = ts_language_field_count(l);
    for (uint32_t i = 1; i <= count; i++) {
        const char *name = ts_language_field_name_for_id(l, (TSFieldId)i);
        if (!name)
            continue;
        for (size_t k = 0; k < sizeof field_names / sizeof field_names[0] &&
                           field_names[k].name[0] <= name[0];
             k++) {
            TSFieldId *id = (TSFieldId *)((char *)f + field_names[k].slot);
            if (!*id && field_names[k].name[0] == name[0] &&
                strncmp(field_names[k].name, name, field_names[k].len) == 0 &&
                name[field_names[k].len] == 0)
                *id = (TSFieldId)i;
        }
    }
}

const go_keyword ank__rules_go_keywords[KW_COUNT_] = {
    [KW_NONE] = {"", 0},          [KW_BRACE] = {"{", 1},
    [KW_PAREN] = {"(", 1},        [KW_FUNC] = {"func", 4},
    [KW_IF] = {"if", 2},          [KW_FOR] = {"for", 3},
    [KW_SWITCH] = {"switch", 6},  [KW_SELECT] = {"select", 6},
    [KW_CASE] = {"case", 4},      [KW_DEFAULT] = {"default", 7},
    [KW_CONST] = {"const", 5},    [KW_VAR] = {"var", 3},
};

/* Node types the walk compares against (`slot` is the go_syms member), and
 * the nodes that can hold statements or specs other than through a
 * function literal (`slot` STRUCTURAL; from the grammar's node-types.json).
 * Both are resolved in one pass over the grammar's symbols, with the walk's
 * flags for some node types (`slot` OTHER). */
#define STRUCTURAL SIZE_MAX
#define OTHER (SIZE_MAX - 1)
#define SYM(name, member) {name, sizeof(name) - 1, offsetof(go_syms, member), 0, 0}
#define STRUCT(name, kw) {name, sizeof(name) - 1, STRUCTURAL, kw, 0}
#define FLAGS(name, kw, flags) {name, sizeof(name) - 1, OTHER, kw, flags}
static const struct {
    const char *name;
    size_t len;
    size_t slot;
    uint8_t keyword; /* the token it starts with (keywords[]) */
    uint8_t flags;   /* OTHER: go_tables.flags */
} names[] = {
    SYM("comment", comment),
    SYM("interpreted_string_literal", interpreted),
    SYM("raw_string_literal", raw),
    SYM("function_declaration", func_decl),
    SYM("method_declaration", method_decl),
    SYM("func_literal", func_lit),
    SYM("const_declaration", const_decl),
    SYM("const_spec", const_spec),
    SYM("var_spec", var_spec),
    SYM("short_var_declaration", short_var),
    SYM("assignment_statement", assign),
    SYM("range_clause", range_clause),
    SYM("receive_statement", receive),
    SYM("type_switch_statement", type_switch),
    SYM("if_statement", if_stmt),
    SYM("expression_statement", expr_stmt),
    SYM("call_expression", call),
    SYM("keyed_element", keyed),
    SYM("selector_expression", selector),
    SYM("qualified_type", qualified),
    SYM("identifier", identifier),
    SYM("expression_list", expression_list),
    SYM("binary_expression", binary),
    SYM("parenthesized_expression", paren),
    SYM("nil", nil),
    SYM("true", true_),
    SYM("literal_element", literal_element),
    SYM("parameter_declaration", parameter_decl),
    SYM("type_identifier", type_identifier),
    SYM("for_statement", for_stmt),
    STRUCT("block", KW_BRACE),
    STRUCT("statement_list", KW_NONE),
    STRUCT("source_file", KW_NONE),
    STRUCT("function_declaration", KW_FUNC),
    STRUCT("method_declaration", KW_FUNC),
    STRUCT("func_literal", KW_FUNC),
    STRUCT("if_statement", KW_IF),
    STRUCT("for_statement", KW_FOR),
    STRUCT("for_clause", KW_NONE),
    STRUCT("expression_switch_statement", KW_SWITCH),
    STRUCT("type_switch_statement", KW_SWITCH),
    STRUCT("select_statement", KW_SELECT),
    STRUCT("expression_case", KW_CASE),
    STRUCT("type_case", KW_CASE),
    STRUCT("default_case", KW_DEFAULT),
    STRUCT("communication_case", KW_CASE),
    STRUCT("labeled_statement", KW_NONE),
    STRUCT("const_declaration", KW_CONST),
    STRUCT("var_declaration", KW_VAR),
    STRUCT("var_spec_list", KW_PAREN),
    FLAGS("function_declaration", KW_NONE, GO_KEEP),
    FLAGS("method_declaration", KW_NONE, GO_KEEP),
    FLAGS("func_literal", KW_NONE, GO_KEEP),
    FLAGS("const_declaration", KW_NONE, GO_KEEP | GO_ALL_CHILDREN),
    FLAGS("var_declaration", KW_NONE, GO_KEEP | GO_ALL_CHILDREN),
    FLAGS("var_spec_list", KW_NONE, GO_KEEP | GO_ALL_CHILDREN),
    /* Imports hold names and strings only. */
    FLAGS("import_declaration", KW_NONE, GO_SKIP),
    /* Entered only for the marks after its `func` (unsafe.Pointer). */
    FLAGS("function_type", KW_FUNC, 0),
};

/*
 * One pass over the symbols (a lookup by name scans them all, per name).
 * A go_syms member gets what ts_language_symbol_for_name(name, named)
 * returns: the first named symbol (visible or a supertype) of that name,
 * which is its own public symbol.  Structural is by name, any symbol.
 */
#define NNAMES (sizeof names / sizeof names[0])
#define BUCKETS 64
static unsigned bucket(const char *name, size_t len)
{
    return (unsigned)(len * 7 + (unsigned char)name[0] +
                      (unsigned char)name[len - 1]) % BUCKETS;
}

static void init_symbols(go_tables *t, const TSLanguage *l)
{
    /* Chains of names[] by bucket (index + 1; 0 ends a chain). */
    uint8_t head[BUCKETS] = {0}, chain[NNAMES];
    for (size_t k = NNAMES; k-- > 0;) {
        unsigned b = bucket(names[k].name, names[k].len);
        chain[k] = head[b];
        head[b] = (uint8_t)(k + 1);
    }
    uint32_t count = ts_language_symbol_count(l);
    bool found[NNAMES] = {false};
    if (count < GO_SYMBOLS_MAX)
        memset(t->structural + count, true, GO_SYMBOLS_MAX - count);
    for (uint32_t i = 0; i < count; i++) {
        const char *name = ts_language_symbol_name(l, (TSSymbol)i);
        if (!name || !name[0])
            continue;
        size_t len = strlen(name);
        for (unsigned e = head[bucket(name, len)]; e; e = chain[e - 1]) {
            size_t k = e - 1;
            if (names[k].len != len || memcmp(names[k].name, name, len) != 0)
                continue;
            TSSymbolType type = ts_language_symbol_type(l, (TSSymbol)i);
            bool named =
                type == TSSymbolTypeRegular || type == TSSymbolTypeSupertype;
            if (names[k].slot == OTHER) {
                if (i < GO_SYMBOLS_MAX) {
                    t->flags[i] |= names[k].flags;
                    if (names[k].keyword)
                        t->keyword[i] = names[k].keyword;
                }
            } else if (names[k].slot == STRUCTURAL) {
                if (i < GO_SYMBOLS_MAX) {
                    t->structural[i] = true;
                    t->keyword[i] = names[k].keyword;
                }
            } else if (named && !found[k]) {
                found[k] = true;
                *(TSSymbol *)((char *)&t->sym + names[k].slot) = (TSSymbol)i;
            }
        }
    }
}

static void init_tables(go_tables *t, const TSLanguage *l)
{
    memset(t, 0, sizeof *t);
    t->lang = l;
    init_fields(&t->fld, l);
    init_symbols(t, l);
}

/*
 * The tables are the same for every file: the first thread to finish
 * computing them publishes a copy (state 0 -> 1 while copying -> 2), which
 * every walk then reads in place; the others use their own until it is
 * published.
 */
static go_tables shared_tables;
static atomic_int shared_state;

const go_tables *ank__rules_go_tables(go_tables *own, const TSLanguage *l)
{
    if (atomic_load_explicit(&shared_state, memory_order_acquire) == 2 &&
        shared_tables.lang == l)
        return &shared_tables;
    init_tables(own, l);
    int expected = 0;
    if (atomic_compare_exchange_strong(&shared_state, &expected, 1)) {
        shared_tables = *own;
        atomic_store_explicit(&shared_state, 2, memory_order_release);
    }
    return own;
}
