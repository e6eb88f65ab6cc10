/*
 * layering.h - architecture.layering constraints: which top-level units
 * (directories) of a project import which, per language.
 */
#ifndef ANK_LAYERING_H
#define ANK_LAYERING_H

#include "extract.h"

/* A language with more units than this gets no layering constraints: the
 * boundary lists grow with the square of the number of units. */
#define ANK_LAYERING_UNITS_MAX 256

/* Add one architecture.layering constraint per unit of x->lang (TSX files
 * count as TypeScript) from the import.module constraints of the result's
 * files, when the language has at least two units.  Allocates through x
 * (x->arena must be the result's arena); failures set x->status. */
void ank__layering_for(ank_x *x);

#endif
