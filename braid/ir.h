/*
 * ir.h - the compiled document (ir.c) and its accessors (ir_access.c).
 */
#ifndef ANK_IR_H
#define ANK_IR_H

#include <stdatomic.h>

#include "braid.h"

struct ank_ir {
    /* Everything but the artifacts, with "artifacts": [] in their place. */
    json_t *doc;
    ank_islot *artifacts; /* compact JSON texts, never open */
    size_t nartifacts;
    /* Each artifact's tree, parsed on first access (ir_access.c); a
     * compare-and-swap publishes it, so readers on several threads agree
     * on one tree. */
    _Atomic(json_t *) *trees;
    size_t nconflicts;
};

/* Add artifact `a` (taken) to the document.  A closed artifact is kept as
 * its compact text and its tree released; an `open` one stays a tree, for
 * the caller to add to (through its own reference), until ank__ir_new.
 * Out of memory is recorded in b. */
void ank__ir_push(ank_bctx *b, ank_cstate *cc, json_t *a, bool open);

/* Release what is left of the artifacts of a compile (all of them when it
 * did not become a document) and the scratch buffer. */
void ank__ir_release_artifacts(ank_cstate *cc);

/* Assemble the document from a finished compile: closes the open
 * artifacts, takes them from cc, and takes its own references to the
 * conflicts and merged arrays.  NULL after recording a failure in b. */
ank_ir *ank__ir_new(ank_bctx *b, ank_cstate *cc);

/* Artifact `index`'s tree (borrowed: it lives as long as ir), parsed on
 * first use; NULL when out of range or out of memory. */
const json_t *ank__ir_artifact(const ank_ir *ir, size_t index);

#endif
