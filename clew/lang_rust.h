/*
 * lang_rust.h - private interface between the two halves of the Rust
 * extractor: lang_rust.c (items, imports, attributes) and lang_rust_types.c
 * (type syntax -> normalized type tree, path helpers).
 */
#ifndef ANK_LANG_RUST_H
#define ANK_LANG_RUST_H

#include "extract.h"

/* The normalized tree of a type node; depth counts from 0 and the subtree
 * becomes UNKNOWN at ANK_TYPE_MAX_DEPTH.  NULL only on allocation failure. */
ank_type *ank__rust_type(ank_x *x, TSNode n, int depth);

/* Fill `out` with the exact text and the tree of type node `n` (left empty
 * for a null node).  False on allocation failure. */
bool ank__rust_typeref(ank_x *x, TSNode n, ank_typeref *out);

/* The node naming the last path segment of a type: `a::b::C<T>` -> `C`,
 * `&'a mut T` -> the segment of T.  Iterative. */
TSNode ank__rust_leaf(TSNode n);

/* Result / Option judged by the last path segment of a return type. */
ank_error_style ank__rust_error_style(ank_x *x, TSNode ret);

/* Iteration over children with a tree cursor: ts_node_named_child(i) and
 * the sibling functions search again from the parent (found from the
 * root), which is quadratic on long lists and deep nesting.
 *
 *   ank_rust_kids k;
 *   for (TSNode c = ank__rust_kids_first(&k, n, true); !ts_node_is_null(c);
 *        c = ank__rust_kids_next(&k))
 *       ...
 *   ank__rust_kids_close(&k);
 */
typedef struct ank_rust_kids {
    TSTreeCursor cursor;
    bool open;
    bool named_only;
} ank_rust_kids;

TSNode ank__rust_kids_first(ank_rust_kids *k, TSNode parent, bool named_only);
TSNode ank__rust_kids_next(ank_rust_kids *k);
void ank__rust_kids_close(ank_rust_kids *k);

/* Child counts that are 0 for a null node (absent optional field). */
static inline uint32_t ank__rust_nnamed(TSNode n)
{
    return ts_node_is_null(n) ? 0 : ts_node_named_child_count(n);
}

static inline uint32_t ank__rust_nchildren(TSNode n)
{
    return ts_node_is_null(n) ? 0 : ts_node_child_count(n);
}

#endif
