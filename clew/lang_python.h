/*
 * lang_python.h - shared between the Python extractor's two files.
 */
#ifndef ANK_LANG_PYTHON_H
#define ANK_LANG_PYTHON_H

#include "extract.h"

/* An annotation as text and normalized tree ({NULL, NULL} for a null node). */
ank_typeref ank__python_typeref(ank_x *x, TSNode n);

/* The type a module-level `assignment` without an annotation declares an
 * alias of, or a null node: the second argument of `X = NewType("X", T)`
 * (*defined set), or the value of `X = T` when T is written as only a type
 * can be (a builtin leaf such as `int` or `datetime`, a subscripted typing
 * generic or collection such as `list[str]` or `Optional[int]`, or a `|`
 * union of such) and X is in CapWords.  `X: TypeAlias = T` is not this
 * function's. */
TSNode ank__python_alias_value(ank_x *x, TSNode assignment, bool *defined);

/* The content of a `type` wrapper node, or `n` itself. */
TSNode ank__python_unwrap(TSNode n);

/* The last dotted segment of a name ("typing.List" -> "List"). */
const char *ank__python_last_segment(const char *name);

/* Is `n` a yield, or does it hold one outside nested functions, lambdas
 * and classes?  (What makes the function whose body holds it a
 * generator.) */
bool ank__python_yields(ank_x *x, TSNode n);

#endif
