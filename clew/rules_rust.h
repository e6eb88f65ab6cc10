/*
 * rules_rust.h - private interface of the Rust rule walk: the walk state
 * (rules_rust.c), the security catalog and rules (rules_rust_security.c)
 * and the node classification and byte pruning the walk skips subtrees
 * with (rules_rust_prune.c), with the small node helpers they share.
 */
#ifndef ANK_RULES_RUST_H
#define ANK_RULES_RUST_H

#include "lang_rust.h"
#include "rules.h"

/* The security catalog (rules_rust_security.c), by PAT_ index. */
enum {
    PAT_UNSAFE_BLOCK,
    PAT_UNSAFE_FN,
    PAT_SHELL_COMMAND,
    PAT_TRANSMUTE,
    PAT_COUNT_
};
extern const ank_pattern ank__rules_rust_patterns[PAT_COUNT_];

/* The field ids the walk reads (looked up once per grammar and thread). */
typedef struct ank_rust_fields {
    TSFieldId name, type, pattern, function, field, value, path, arguments,
        macro, body, return_type;
} ank_rust_fields;

/* What the walk does with a node, by node type (cached per symbol). */
typedef enum ank_rust_node_kind {
    K_UNKNOWN, /* not classified yet */
    K_DESCEND, /* nothing to do here, look inside */
    K_SKIP,    /* nothing to do here or inside */
    K_COMMENT,
    K_ATTRIBUTE,
    K_CALL,
    K_CONST, /* const and static items */
    K_EXPR_STMT,
    K_FUNCTION,
    K_FUNCTION_SIG,
    K_FOR,
    K_LET,
    K_MACRO,
    K_MOD,
    K_TRY,
    K_UNSAFE_BLOCK
} ank_rust_node_kind;

typedef struct ank_rust_walk {
    ank_rust_fields f;
    uint8_t *kinds;    /* node kind by symbol (0: not classified yet) */
    uint32_t nsymbols;
    TSNode fn;         /* outermost function_item with a body, or null */
    uint32_t body_start, body_end; /* its body's bytes */
    TSNode test;       /* outermost test item, or null */
    TSNode last_shell; /* the Command::new call reported last */
    bool pending_test; /* the attributes above the next item mark a test */
} ank_rust_walk;

static const TSNode null_node = {{0}, NULL, NULL};

/* The child in field `id`; null for a null node or an unknown field. */
static inline TSNode fld(TSNode n, TSFieldId id)
{
    return ts_node_is_null(n) || id == 0 ? null_node
                                         : ts_node_child_by_field_id(n, id);
}

static inline bool in_fn(const ank_rust_walk *w)
{
    return !ts_node_is_null(w->fn);
}

static inline void count(ank_x *x, ank_rust_walk *w, const char *counter)
{
    if (in_fn(w))
        ank__rules_count(x, w->fn, counter, 1);
}

/* unwrap/expect are counted outside test code only. */
static inline void count_unwrap(ank_x *x, ank_rust_walk *w, const char *counter)
{
    if (ts_node_is_null(w->test))
        count(x, w, counter);
}

/* The node naming a path's last segment: `a::b` -> `b`, `a` -> `a`. */
static inline TSNode last_segment(const ank_rust_walk *w, TSNode n)
{
    return ank__x_is(n, "scoped_identifier") ? fld(n, w->f.name) : n;
}

/* rules_rust_security.c */

/* Does function_item / function_signature_item `n` say `unsafe`? */
bool ank__rules_rust_unsafe_fn(TSNode n);

/* A call_expression: unwrap/expect counters, Command::new of a shell
 * passed -c, mem::transmute. */
void ank__rules_rust_call(ank_x *x, ank_rust_walk *w, TSNode n);

/* rules_rust_prune.c */

/* The kind of a node type (never K_UNKNOWN). */
ank_rust_node_kind ank__rules_rust_classify(const char *t);

/* Could the bytes of `n` hold anything the rules look for?  False only
 * when no node inside can match (checked for small nodes only). */
bool ank__rules_rust_may_matter(const ank_x *x, TSNode n);

#endif
