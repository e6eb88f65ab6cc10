/*
 * rules_zig.h - private interface between rules_zig.c (the walk: names,
 * error-handling facts, holes), rules_zig_match.c (the security catalog
 * and its matchers, and the small node helpers both use) and
 * rules_zig_hints.c (the walk's pre-filter).
 */
#ifndef ANK_RULES_ZIG_H
#define ANK_RULES_ZIG_H

#include "rules.h"

#include "lang_zig.h"

/* Bound of every loop down a chain of nodes (parentheses, callee paths). */
#define ZR_CHAIN_MAX 32

/* The source bytes of `n` (*len gets their count; never past the text). */
const char *ank__rules_zig_bytes(const ank_x *x, TSNode n, uint32_t *len);

/* Does text[0, len) contain `needle` (lower case; ASCII case-insensitive)? */
bool ank__rules_zig_contains(const char *text, uint32_t len,
                             const char *needle);

/* `n` with parentheses around it looked through (at most ZR_CHAIN_MAX). */
TSNode ank__rules_zig_unparen(TSNode n);

/* The name node (`@ptrCast`) of a builtin_function, or a null node. */
TSNode ank__rules_zig_builtin_name(TSNode call);

/* The sorted byte offsets of x->src where a rule might start (*hints, in
 * x->scratch; *nhints gets their count): a node holding none of them is
 * not visited.  On failure x->status is set. */
void ank__rules_zig_index_hints(ank_x *x, uint32_t **hints,
                                uint32_t *nhints);

/* Security findings of the catalog (docs/languages/zig.md, "Rules"):
 * at a builtin call (@ptrCast, @intFromPtr, @ptrFromInt,
 * @setRuntimeSafety(false)); at an initializer list (`sh -c` argv); at a
 * `catch unreachable` (`catch_expr`) whose operand is an I/O call; at the
 * declaration `decl` of one name (`name`, its written `type` or a null
 * node, its `value` or a null node, `undefined_value` when the value is
 * the `undefined` keyword). */
void ank__rules_zig_check_builtin(ank_x *x, TSNode call);
void ank__rules_zig_check_list(ank_x *x, TSNode list);
void ank__rules_zig_check_catch(ank_x *x, TSNode catch_expr);
void ank__rules_zig_check_decl(ank_x *x, TSNode decl, TSNode name,
                               TSNode type, TSNode value,
                               bool undefined_value);

#endif
