/*
 * rules_rust_prune.c - what the Rust rule walk (rules_rust.c) does with a
 * node: its kind by node type (act on it, look inside, or skip it with
 * everything inside), and for a small node whether its bytes can hold
 * anything the rules look for at all.
 *
 * Invariants: both are pure.  Subtrees skipped by kind hold no code the
 * rules match (types, literals, paths, parameters, struct/enum/use items,
 * ...); the byte check looks only at nodes up to PRUNE_MAX bytes, so it
 * costs at most PRUNE_MAX per node visited, and it answers false only when
 * none of the marks and words any rule needs occurs in the bytes.
 */
#include <stddef.h>

#include "rules_rust.h"

/* Subtrees up to this many bytes are pruned by their text (may_matter). */
#define PRUNE_MAX 96

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* The kind of a node type.  Skipped: leaves, paths, literals, types,
 * parameter lists, patterns (read by bind_pattern), token trees outside
 * macro calls, and items that hold no code (struct, enum, union, type
 * alias, use).  `match_pattern` holds a guard expression and is entered. */
ank_rust_node_kind ank__rules_rust_classify(const char *t)
{
    static const struct {
        const char *type;
        ank_rust_node_kind kind;
    } table[] = {
        {"line_comment", K_COMMENT},
        {"block_comment", K_COMMENT},
        {"attribute_item", K_ATTRIBUTE},
        {"inner_attribute_item", K_SKIP},
        {"call_expression", K_CALL},
        {"const_item", K_CONST},
        {"static_item", K_CONST},
        {"expression_statement", K_EXPR_STMT},
        {"function_item", K_FUNCTION},
        {"function_signature_item", K_FUNCTION_SIG},
        {"for_expression", K_FOR},
        {"let_declaration", K_LET},
        {"macro_invocation", K_MACRO},
        {"mod_item", K_MOD},
        {"try_expression", K_TRY},
        {"unsafe_block", K_UNSAFE_BLOCK},
        {"match_pattern", K_DESCEND},
        {"closure_parameters", K_SKIP},
        {"enum_item", K_SKIP},
        {"lifetime", K_SKIP},
        {"parameters", K_SKIP},
        {"self", K_SKIP},
        {"struct_item", K_SKIP},
        {"type_arguments", K_SKIP},
        {"type_parameters", K_SKIP},
        {"type_item", K_SKIP},
        {"token_tree", K_SKIP},
        {"trait_bounds", K_SKIP},
        {"use_declaration", K_SKIP},
        {"union_item", K_SKIP},
        {"visibility_modifier", K_SKIP},
        {"where_clause", K_SKIP},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(t, table[i].type) == 0)
            return table[i].kind;
    size_t len = strlen(t);
    if (ends_with(t, len, "identifier") || ends_with(t, len, "_literal") ||
        ends_with(t, len, "_type") || ends_with(t, len, "_specifier") ||
        ends_with(t, len, "_pattern"))
        return K_SKIP;
    return K_DESCEND;
}

/* Could the bytes of `n` hold anything the rules look for?  False only
 * when none of `?`, `!` (macros), `#` (attributes), `/` (comments) and the
 * words unwrap, expect, unsafe, transmute, arg, let, for, fn, const,
 * static occur in them: then no node inside can match, and the subtree is
 * skipped.  Only nodes up to PRUNE_MAX bytes are checked, so the byte
 * scans cost at most PRUNE_MAX per node visited. */
bool ank__rules_rust_may_matter(const ank_x *x, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e - s > PRUNE_MAX || e > x->len)
        return true;
    /* A byte is looked at further only when the next one is the second
     * letter of a word starting with it (or it is a mark that matters on
     * its own): one test per byte, rarely true, where a switch on every
     * byte would mispredict on most. */
    static const unsigned char second_a[256] = {
        ['a'] = 'r', ['c'] = 'o', ['e'] = 'x', ['f'] = 'o',
        ['l'] = 'e', ['s'] = 't', ['t'] = 'r', ['u'] = 'n',
    };
    static const unsigned char second_b[256] = {
        ['a'] = 'r', ['c'] = 'o', ['e'] = 'x', ['f'] = 'n',
        ['l'] = 'e', ['s'] = 't', ['t'] = 'r', ['u'] = 'n',
    };
    static const bool mark[256] = {
        ['?'] = true, ['!'] = true, ['#'] = true, ['/'] = true,
    };
#define WORD(w) (end - p >= (ptrdiff_t)sizeof w - 1 && \
                 memcmp(p, w, sizeof w - 1) == 0)
    for (const char *p = x->src + s, *end = x->src + e; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        unsigned char next = p + 1 < end ? (unsigned char)p[1] : 0;
        if ((next != second_a[c]) & (next != second_b[c]) & !mark[c])
            continue;
        switch (*p) {
        case '?':
        case '!':
        case '#':
        case '/':
            return true;
        case 'a':
            if (WORD("arg"))
                return true;
            break;
        case 'c':
            if (WORD("const"))
                return true;
            break;
        case 'e':
            if (WORD("expect"))
                return true;
            break;
        case 'f':
            if (WORD("for") || WORD("fn"))
                return true;
            break;
        case 'l':
            if (WORD("let"))
                return true;
            break;
        case 's':
            if (WORD("static"))
                return true;
            break;
        case 't':
            if (WORD("transmute"))
                return true;
            break;
        case 'u':
            if (WORD("unwrap") || WORD("unsafe"))
                return true;
            break;
        default:
            break;
        }
    }
#undef WORD
    return false;
}
