/*
 * spec.h - generation specs (spec.c): what a code generator needs to fill
 * one hole or write one function's body.
 */
#ifndef ANK_SPEC_H
#define ANK_SPEC_H

#include "braid.h"

/* Add a spec artifact for every hole, and for every function that
 * cc->spec_functions names (ANK_ERR_INVALID_ARGUMENT when a name matches
 * no signature). */
void ank__spec_all(ank_bctx *b, ank_cstate *cc);

/* Build the completion grammars that ank__spec_all will use, before any
 * other artifact: each is held out of the document until the first spec
 * that uses it places it, so the grammar's working memory (its rules,
 * their analysis, ~1 MB for TypeScript) is never at its peak alongside
 * the whole document's text.  The bytes of the document do not change. */
void ank__spec_prepare(ank_bctx *b, ank_cstate *cc);

#endif
