/*
 * spec_tools.h - the tool ids a spec lists (spec_tools.c).
 */
#ifndef ANK_BRAID_SPEC_TOOLS_H
#define ANK_BRAID_SPEC_TOOLS_H

#include "braid.h"

/* What listing keeps from one spec to the next: each file's ids. */
typedef struct ank_spec_tools {
    struct file_tools *files;
    size_t nfiles, capfiles;
    size_t *set; /* one file's tool ids, an open-addressed set of k + 1 */
    size_t capset, maskset;
} ank_spec_tools;

/* Append the distinct tool ids (cc->tools) of fn's file but fn's own (a
 * merged definition of fn keeps its id in the list), as JSON strings
 * separated by commas.  Failures are recorded in b.  `ps` starts zeroed. */
void ank__spec_tools_list(ank_bctx *b, ank_cstate *cc, ank_spec_tools *ps,
                          const ank_constraint *fn, ank_buf *t);

/* Release what listing kept (and zero *ps). */
void ank__spec_tools_release(ank_spec_tools *ps);

#endif
