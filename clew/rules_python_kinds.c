/*
 * rules_python_kinds.c - what the Python rule walk (rules_python.c) does
 * with each node type.  The walk decides by node symbol: a symbol is
 * classified by its type name the first time a walk meets it and kept in a
 * table per thread (reset when the grammar changes), so no type names are
 * compared per node, nor per file.
 */
#include "rules_python.h"

static py_kind classify(const char *t)
{
    static const struct {
        const char *type;
        py_kind kind;
    } table[] = {
        {"identifier", K_SKIP},
        {"integer", K_SKIP},
        {"float", K_SKIP},
        {"true", K_SKIP},
        {"false", K_SKIP},
        {"none", K_SKIP},
        {"ellipsis", K_SKIP},
        {"dotted_name", K_SKIP},
        {"import_statement", K_SKIP},
        {"import_from_statement", K_SKIP},
        {"future_import_statement", K_SKIP},
        {"pass_statement", K_SKIP},
        {"break_statement", K_SKIP},
        {"continue_statement", K_SKIP},
        {"type", K_SKIP}, /* annotations */
        {"attribute", K_INERT},
        {"augmented_assignment", K_INERT},
        {"binary_operator", K_INERT},
        {"boolean_operator", K_INERT},
        {"comparison_operator", K_INERT},
        {"conditional_expression", K_INERT},
        {"dictionary", K_INERT},
        {"list", K_INERT},
        {"pair", K_INERT},
        {"return_statement", K_INERT},
        {"set", K_INERT},
        {"subscript", K_INERT},
        {"tuple", K_INERT},
        {"unary_operator", K_INERT},
        {"assignment", K_ASSIGNMENT},
        {"expression_statement", K_EXPRESSION_STATEMENT},
        {"as_pattern_target", K_AS_PATTERN_TARGET},
        {"call", K_CALL},
        {"class_definition", K_CLASS},
        {"comment", K_COMMENT},
        {"except_clause", K_EXCEPT},
        {"except_group_clause", K_EXCEPT},
        {"for_statement", K_FOR},
        {"for_in_clause", K_FOR_IN},
        {"function_definition", K_FUNCTION},
        {"global_statement", K_GLOBAL},
        {"keyword_argument", K_KEYWORD_ARGUMENT},
        {"named_expression", K_NAMED_EXPRESSION},
        {"nonlocal_statement", K_NONLOCAL},
        {"parameters", K_PARAMETERS},
        {"raise_statement", K_RAISE},
        {"string", K_STRING},
        {"try_statement", K_TRY},
        {"lambda", K_LAMBDA},
        {"yield", K_YIELD},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(t, table[i].type) == 0)
            return table[i].kind;
    return K_DESCEND;
}

/* Kinds by symbol, for the grammar of `kinds_lang`: per thread, kept from
 * file to file (classifying is a chain of string compares per symbol). */
#define KIND_TABLE 1024
static _Thread_local const TSLanguage *kinds_lang;
static _Thread_local uint8_t kinds_table[KIND_TABLE];

void ank__rules_python_kinds(py_walk *w, const TSLanguage *lang)
{
    if (kinds_lang != lang) {
        memset(kinds_table, K_UNKNOWN, sizeof kinds_table);
        kinds_lang = lang;
    }
    uint32_t n = ts_language_symbol_count(lang);
    w->kinds = kinds_table;
    w->nsymbols = n < KIND_TABLE ? n : KIND_TABLE;
}

py_kind ank__rules_python_kind_of(py_walk *w, TSNode n)
{
    TSSymbol sym = ts_node_symbol(n);
    if (!w->kinds || sym >= w->nsymbols)
        return classify(ts_node_type(n));
    if (w->kinds[sym] == K_UNKNOWN)
        w->kinds[sym] = (uint8_t)classify(ts_node_type(n));
    return (py_kind)w->kinds[sym];
}
