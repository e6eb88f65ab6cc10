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

/* Before any other artifact: list the completion grammars that
 * ank__spec_all will write, with the specs that use each, as jobs of
 * cc->ahead (built ahead, on a second thread when there may be one).
 * Sets cc->specs (NULL when no spec has a grammar to write). */
void ank__spec_prepare(ank_bctx *b, ank_cstate *cc);

/* Free cc->specs; for every compile, failed or not. */
void ank__spec_release(ank_cstate *cc);

#endif
