/*
 * extract.h - what a language extractor sees: the context of one file and
 * the helpers shared by every language (node text, spans, doc comments, an
 * iterative tree walk, arena arrays, type-tree nodes).
 *
 * Rules for extractors:
 *  - Never recurse over the syntax tree without a bound: use ank__x_walk
 *    (iterative) for the tree, and pass a depth to type builders, which stop
 *    at ANK_TYPE_MAX_DEPTH with ank__x_type_unknown.
 *  - Allocate only through the helpers (arena); on failure they set
 *    x->status and return NULL: stop early, the driver discards the file.
 *  - Every constraint is created with ank__x_add, which fills the id-less
 *    common part (span, evidence, confidence, language, file).
 */
#ifndef ANK_EXTRACT_H
#define ANK_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "constraint.h"
#include "result.h"

typedef struct ank_x {
    ank_result *result;
    ank_arena *arena;
    const char *src;  /* the text after any byte-order mark */
    uint32_t len;
    uint32_t bom;     /* bytes skipped before `src` (0 or 3) */
    const char *path; /* arena copy, shared by all constraints of the file */
    ank_lang lang;
    TSNode root;
    ank_status status; /* sticky: ANK_OK until something fails */
    struct ank_rules *rules; /* what the rule walk reports (rules.h) */
    ank_arena *scratch;      /* per-file memory, released after the file */
    bool with_rules; /* the language's rule walk follows the extractor:
                        what that walk finds on its way need not be
                        searched for twice (lang_python.c) */
} ank_x;

/* One extractor per language (clew/lang_*.c). */
void ank__extract_typescript(ank_x *x);
void ank__extract_python(ank_x *x);
void ank__extract_rust(ank_x *x);
void ank__extract_go(ank_x *x);
void ank__extract_zig(ank_x *x);

/* ------------------------------------------------------------ nodes */

static inline bool ank__x_is(TSNode n, const char *type)
{
    return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

/* The id of field `name` in the language of `n` (0 when it has none).
 * Cached per thread by the address of `name`, so pass string literals. */
TSFieldId ank__x_field_id(TSNode n, const char *name);

/* The child in `field`; a null node for a null `n` or no such child. */
static inline TSNode ank__x_field(TSNode n, const char *field)
{
    if (ts_node_is_null(n))
        return n;
    TSFieldId id = ank__x_field_id(n, field);
    if (id == 0) {
        TSNode null = {{0}, NULL, NULL};
        return null;
    }
    return ts_node_child_by_field_id(n, id);
}

/* The first named child of type `type`, or a null node (also for a null
 * `n`). */
TSNode ank__x_child_of_type(TSNode n, const char *type);

/* Copy of a node's text / of src[start, end) into the arena.  NULL on
 * failure (and for a null node). */
const char *ank__x_text(ank_x *x, TSNode n);
const char *ank__x_slice(ank_x *x, uint32_t start, uint32_t end);

/* A node's text cut at `max` bytes (at a UTF-8 boundary, "…" added), for
 * texts that can grow with the input, such as type annotations. */
const char *ank__x_text_capped(ank_x *x, TSNode n, size_t max);

/* Compare a node's text with a string without copying. */
bool ank__x_text_eq(ank_x *x, TSNode n, const char *text);

/* Text from the start of `decl` to the start of `body` (or the end of decl
 * when body is null), trailing white space removed, cut at
 * ANK_SIGNATURE_MAX. */
const char *ank__x_text_until(ank_x *x, TSNode decl, TSNode body);

/* A string literal's value: quotes removed, common escapes decoded. */
const char *ank__x_unquote(ank_x *x, TSNode literal);

/* A new arena string "a" + sep + "b", or a copy of b when a is NULL;
 * NULL when b is NULL or on failure. */
const char *ank__x_join(ank_x *x, const char *a, const char *sep,
                        const char *b);

/* Where `n` is in the original input; all zero for a null node. */
ank_span ank__x_span(const ank_x *x, TSNode n);

/* ------------------------------------------------------- constraints */

/* A new constraint of `kind` named `name` (a string already in the arena,
 * e.g. from ank__x_text; not copied) located at `node`; its evidence is the
 * text of `node`.  Confidence is lowered when `node` contains a syntax error.
 * NULL on failure. */
ank_constraint *ank__x_add(ank_x *x, ank_kind kind, TSNode node,
                           const char *name);

/* The same without evidence (NULL), for constraints that have none. */
ank_constraint *ank__x_add_bare(ank_x *x, ank_kind kind, TSNode node,
                                const char *name);

/* First non-empty line of a comment or docstring body, markers stripped. */
const char *ank__x_doc_first_line(ank_x *x, const char *text, size_t len);

/* ------------------------------------------------------------ walking */

typedef enum ank_walk {
    ANK_WALK_DESCEND, /* visit the children */
    ANK_WALK_SKIP     /* do not look inside this node */
} ank_walk;

typedef ank_walk (*ank_enter_fn)(ank_x *x, TSNode node, void *data);
typedef void (*ank_leave_fn)(ank_x *x, TSNode node, void *data);

/* Depth-first over the named descendants of `root` (not root itself),
 * iteratively.  `leave` (nullable) runs after a descended node's children.
 * Stops early when x->status is set. */
void ank__x_walk(ank_x *x, TSNode root, ank_enter_fn enter, ank_leave_fn leave,
                 void *data);

/* ------------------------------------------------------------- arrays */

/* Grow an arena array that holds `n` elements so it can hold n + 1.
 * Capacity doubles from 4, so this only reallocates when n is 0 or a power
 * of two >= 4.  Returns the (possibly moved) array, NULL on failure. */
void *ank__x_grow(ank_x *x, void *array, uint32_t n, size_t elem);

/* Append a zeroed element to `array` (an lvalue pointer) whose length is
 * `n` (an lvalue uint32_t); evaluates to a pointer to it, or NULL. */
#define ANK_X_PUSH(x, array, n)                                          \
    (((array) = ank__x_grow((x), (array), (n), sizeof *(array))) != NULL \
         ? &(array)[(n)++]                                               \
         : NULL)

/* Append a string (already in the arena) to a string list. */
bool ank__x_push_str(ank_x *x, const char ***list, uint32_t *n,
                     const char *s);

/* ---------------------------------------------------------- type trees */

ank_type *ank__x_type(ank_x *x, ank_type_kind kind);
ank_type *ank__x_type_named(ank_x *x, const char *name);
/* An UNKNOWN node holding the text of `n`. */
ank_type *ank__x_type_unknown(ank_x *x, TSNode n);
/* Wrap: kind with a = inner. */
ank_type *ank__x_type_wrap(ank_x *x, ank_type_kind kind, ank_type *inner);
/* Append a type to t->items. */
bool ank__x_type_push(ank_x *x, ank_type *t, ank_type *item);
/* A literal type; `value` is in the arena. */
ank_type *ank__x_type_literal(ank_x *x, ank_literal_kind lit,
                              const char *value);

/* Mark the context failed with `status` (keeps the first failure). */
void ank__x_fail(ank_x *x, ank_status status);

#endif
