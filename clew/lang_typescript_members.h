/*
 * lang_typescript_members.h - private interface between the TypeScript
 * extractor (lang_typescript.c) and its reader of class and interface
 * members (lang_typescript_members.c).  Used by nothing else.
 */
#ifndef ANK_LANG_TYPESCRIPT_MEMBERS_H
#define ANK_LANG_TYPESCRIPT_MEMBERS_H

#include "extract.h"

/* lang_typescript_members.c */

/* Push the text (without `@`) of each decorator child of `n` on *list. */
void ank__typescript_decorators(ank_x *x, TSNode n, const char ***list,
                                uint32_t *len);

/* Methods and fields of a class body into the shape `k`; methods are
 * exported when the class is and they are public. */
void ank__typescript_class_body(ank_x *x, ank_constraint *k, bool exported,
                                TSNode body);

/* Properties and methods of an interface body or object type literal. */
void ank__typescript_type_members(ank_x *x, ank_constraint *k, bool exported,
                                  TSNode body);

/* lang_typescript.c */

/* The signature text: from `start` to the body, or without the trailing
 * `;` when there is no body. */
const char *ank__typescript_signature_text(ank_x *x, TSNode start,
                                           TSNode decl, TSNode body);

/* Fill what every function-like node has: parameters, return type,
 * generics, async/generator, error style.  False on failure. */
bool ank__typescript_fill_function(ank_x *x, ank_signature *s, TSNode fn);

#endif
