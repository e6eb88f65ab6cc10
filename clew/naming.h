/*
 * naming.h - naming conventions: the style of an identifier, per-file and
 * project-level naming.convention constraints.
 */
#ifndef ANK_NAMING_H
#define ANK_NAMING_H

#include "extract.h"

/* Add the file's naming.convention constraints (one per identifier class
 * that has identifiers), from its declarations, the identifiers its rule
 * walk reported and its file name.  `first` is the file's first
 * constraint. */
void ank__naming_file(ank_x *x, size_t first);

#endif
