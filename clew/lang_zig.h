/*
 * lang_zig.h - private interface between lang_zig.c (declarations:
 * functions, containers, imports) and lang_zig_types.c (type trees, fields,
 * small node helpers) of the Zig extractor.
 */
#ifndef ANK_LANG_ZIG_H
#define ANK_LANG_ZIG_H

#include "extract.h"

/* The text of an identifier node as a name: `@"a b"` becomes `a b`. */
const char *ank__zig_get_name(ank_x *x, TSNode id);

/* The first line of the `///` doc comment directly above `n` (read from
 * the source text, so its cost does not grow with the siblings), or NULL. */
const char *ank__zig_doc(ank_x *x, TSNode n);

/* Does `n` have a direct (anonymous or named) child of type `type`? */
bool ank__zig_has_token(TSNode n, const char *type);

/* The last named child of `n` that is not a comment, or a null node. */
TSNode ank__zig_find_last(TSNode n);

/* The expression after the `=` of a declaration or field, or a null node. */
TSNode ank__zig_find_value(TSNode n);

/* Is `n` a prefix type operator (?T, *T, []T, [N]T, E!T)? */
bool ank__zig_is_prefix_type(TSNode n);

/* The node at the bottom of a chain of `.member` and calls. */
TSNode ank__zig_find_base(TSNode n);

/* The normalized type tree of the type expression `n`.  `self_name` is the
 * name @This() stands for (the innermost container), NULL at file level.
 * Stops at ANK_TYPE_MAX_DEPTH with an UNKNOWN node.  NULL on failure. */
ank_type *ank__zig_build_type(ank_x *x, TSNode n, const char *self_name,
                              int depth);

/* text + tree of the type expression `n` (left empty for a null node).
 * false on failure. */
bool ank__zig_fill_typeref(ank_x *x, ank_typeref *ref, TSNode n,
                           const char *self_name, int depth);

/* One container_field as a struct field.  `index` names a positional
 * (tuple) field that has no `name:`.  false on failure. */
bool ank__zig_fill_field(ank_x *x, ank_field *f, TSNode field, uint32_t index,
                         const char *self_name, int depth);

#endif
