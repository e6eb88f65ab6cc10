/*
 * gmatch_share.h - the scanning items of a grammar (gbnf_read.h) whose
 * token classes (gmatch_cache.h) are equal because what can follow them
 * is the same grammar up to the names of helper rules.
 *
 * A grammar such as `a ::= "_" x | "__" x | x` repeats one tail in many
 * places; its token class is computed once and shared.
 */
#ifndef ANK_GMATCH_SHARE_H
#define ANK_GMATCH_SHARE_H

#include <stdint.h>

#include "gbnf_read.h"

/* A new array of g->nitems entries (free with ank__free): for a scanning
 * item i, rep[i] is the first scanning item whose class equals i's (i
 * itself when there is none before it); for the other items, rep[i] = i.
 * NULL when out of memory. */
uint32_t *ank__gmatch_share(const ank_gbnf *g);

#endif
