/*
 * conflict.h - duplicates, dependency order and conflicts (conflict.c).
 */
#ifndef ANK_CONFLICT_H
#define ANK_CONFLICT_H

#include "braid.h"

/* Fill cc->dups (signatures and shapes merged on content, by first
 * appearance), cc->shape_order (a type after the types it uses; cycles
 * broken where first met), cc->merged, and the type.shape conflicts. */
void ank__conflict_dedupe(ank_bctx *b, ank_cstate *cc);

/* Add the naming and hole.forbid conflicts to cc->conflicts. */
void ank__conflict_find(ank_bctx *b, ank_cstate *cc);

#endif
