/*
 * ir.h - the compiled document (ir.c).
 */
#ifndef ANK_IR_H
#define ANK_IR_H

#include "braid.h"

struct ank_ir {
    json_t *doc;
    size_t nartifacts;
    size_t nconflicts;
};

/* Assemble the document from a finished compile (takes its own references
 * to the compile's arrays).  NULL after recording a failure in b. */
ank_ir *ank__ir_new(ank_bctx *b, ank_cstate *cc);

#endif
