/*
 * rules_python.h - shared between the Python rule walk's files:
 * rules_python.c (the walk: identifiers, error facts, holes),
 * rules_python_kinds.c (what the walk does with each node type),
 * rules_python_yields.c (generators, for the extractor) and
 * rules_python_security.c (the security catalog and its checks).
 */
#ifndef ANK_RULES_PYTHON_H
#define ANK_RULES_PYTHON_H

#include "rules.h"

/* Field ids, looked up once per file (a lookup by name scans the
 * grammar's field names). */
enum {
    F_ARGUMENTS,
    F_ATTRIBUTE,
    F_BODY,
    F_FUNCTION,
    F_LEFT,
    F_NAME,
    F_OBJECT,
    F_OPERATOR,
    F_PARAMETERS,
    F_RIGHT,
    F_TYPE,
    F_VALUE,
    F_COUNT_
};

/* What enter does with a node, by node type (cached per symbol). */
typedef enum py_kind {
    K_UNKNOWN, /* not classified yet */
    K_DESCEND, /* nothing to do here, look inside */
    K_SKIP,    /* leaves, imports, annotations: nothing inside */
    K_INERT,   /* expressions: skipped when their text is inert */
    K_ASSIGNMENT,
    K_EXPRESSION_STATEMENT,
    K_AS_PATTERN_TARGET,
    K_CALL,
    K_CLASS,
    K_COMMENT,
    K_EXCEPT,
    K_FOR,
    K_FOR_IN,
    K_FUNCTION,
    K_GLOBAL,
    K_KEYWORD_ARGUMENT,
    K_NAMED_EXPRESSION,
    K_NONLOCAL,
    K_PARAMETERS,
    K_RAISE,
    K_STRING,
    K_TRY,
    K_LAMBDA,
    K_YIELD
} py_kind;

typedef struct py_scope {
    TSNode node;
    bool function; /* a def (else a class) */
} py_scope;

/* A function, lambda or class the walk is inside: a yield belongs to the
 * innermost one, and makes it a generator when it is in the body of a
 * function (as the extractor has it, lang_python.c find_yield).  The
 * extractor leaves is_generator to the walk when the walk follows it. */
typedef struct py_barrier {
    TSNode node;
    ank_signature *sig;            /* a function's, when it has one */
    uint32_t body_start, body_end; /* a function's body */
    bool yields;                   /* a yield found in the body */
} py_barrier;

/* A name bound in a scope, for reporting each name once per scope. */
typedef struct py_seen {
    uint32_t scope; /* start byte of the function, UINT32_MAX: module */
    uint32_t start; /* the name in src */
    uint32_t len;
    uint32_t hash; /* 0: empty slot */
    uint32_t ident; /* 1 + its index in x->rules->idents; 0: none */
    bool final;     /* declared Final */
} py_seen;

typedef struct py_walk {
    py_scope *scopes;
    uint32_t nscopes;
    uint32_t nfunctions; /* function scopes on the stack */
    TSNode outer_fn;     /* the outermost def on the stack */
    uint32_t depth;      /* of the node being entered below the root */
    TSNode top_stmt;     /* the module-level statement being walked */
    TSNode module_fn;    /* where module-level error facts go */
    bool have_module_fn;
    TSNode skip;         /* a node not to enter (a checked literal) */
    TSNode entered[2];   /* nodes enter has already looked at */
    uint32_t nentered;
    TSNode hole_raise;   /* a placeholder raise: not counted */
    py_seen *seen;
    uint32_t nseen, cap;
    py_barrier *barriers; /* in x->scratch */
    uint32_t nbarriers;
    size_t first, count; /* the extractor's constraints of this file */
    size_t cursor;       /* next signature to look at (document order) */
    bool stub;           /* a .pyi file */
    bool root_module;    /* the tree's root is a `module` */
    uint8_t *kinds;      /* what enter does, by node symbol (py_kind; 0:
                            not classified yet; rules_python_kinds.c) */
    uint32_t nsymbols;
    TSFieldId fields[F_COUNT_];
} py_walk;

static inline TSNode fld(const py_walk *w, TSNode n, int f)
{
    if (ts_node_is_null(n) || w->fields[f] == 0)
        return (TSNode){{0}, NULL, NULL};
    return ts_node_child_by_field_id(n, w->fields[f]);
}

static inline bool is_null(TSNode n) { return ts_node_is_null(n); }

static inline TSNode null_node(void)
{
    TSNode n = {{0}, NULL, NULL};
    return n;
}

static inline const char *src_of(const ank_x *x, TSNode n, uint32_t *len)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > x->len)
        e = x->len;
    if (s > e)
        s = e;
    *len = e - s;
    return x->src + s;
}

/* Strip parentheses: `((x))` -> `x` (a loop, not recursion). */
static inline TSNode unparen(TSNode n)
{
    while (ank__x_is(n, "parenthesized_expression") &&
           ts_node_named_child_count(n) == 1)
        n = ts_node_named_child(n, 0);
    return n;
}

/* An f-string (or t-string): a string with an interpolation. */
static inline bool is_fstring(TSNode n)
{
    return ank__x_is(n, "string") &&
           !is_null(ank__x_child_of_type(n, "interpolation"));
}

static inline bool is_stringish(TSNode n)
{
    return ank__x_is(n, "string") || ank__x_is(n, "concatenated_string");
}

/* Generators (rules_python_yields.c).  push_barrier: entering a
 * function (with its signature `sig`, NULL for one that is not declared,
 * and its body), lambda or class; false when out of memory.  mark_yield:
 * a yield the walk visits.  passed_over: a node the walk does not enter.
 * pop_barrier: leaving `n`; a declared function with a yield in its body
 * becomes a generator. */
bool ank__rules_python_push_barrier(ank_x *x, py_walk *w, TSNode n,
                                    ank_signature *sig, TSNode body);
void ank__rules_python_mark_yield(py_walk *w, TSNode n);
void ank__rules_python_passed_over(ank_x *x, py_walk *w, TSNode n);
void ank__rules_python_pop_barrier(py_walk *w, TSNode n);

/* What enter does with `n` (rules_python_kinds.c). */
py_kind ank__rules_python_kind_of(py_walk *w, TSNode n);

/* Point w->kinds and w->nsymbols at the table of kinds for `lang`. */
void ank__rules_python_kinds(py_walk *w, const TSLanguage *lang);

/* Does s[0, n) contain `needle` (lower case; `fold` compares s folded to
 * lower case)? */
bool ank__rules_python_contains(const char *s, size_t n, const char *needle,
                                bool fold);

/* Can nothing the walk looks for be inside `n`?  (No '(', '#', ":=" or
 * "for" in its text, at most INERT_MAX bytes.)  _text: the same for a
 * text; *eq and *quote tell whether '=' and a quote occur in it. */
#define INERT_MAX 256
bool ank__rules_python_inert(const ank_x *x, TSNode n);
bool ank__rules_python_inert_text(const char *s, uint32_t len, bool *eq,
                                  bool *quote);

/* A call `name(...)` or `obj.attr(...)`: *obj is null for the first form,
 * *fname the called name node. */
void ank__rules_python_callee(const py_walk *w, TSNode call, TSNode *obj,
                              TSNode *fname);

/* A call's catalog checks; ANK_WALK_SKIP when nothing can be inside it. */
ank_walk ank__rules_python_visit_call(ank_x *x, const py_walk *w,
                                      TSNode call);

/* A hard-coded secret: `target` (a name, or an attribute) assigned the
 * string `value`; the finding is located at `at`. */
void ank__rules_python_check_secret(ank_x *x, const py_walk *w, TSNode at,
                                    TSNode target, TSNode value);

#endif
