/*
 * access.h - typed accessors over a constraint's payload (access.c).  The
 * functions are the public ank_constraint_* ones declared in ananke.h;
 * nothing else is shared.
 */
#ifndef ANK_ACCESS_H
#define ANK_ACCESS_H

#include "../clew/constraint.h"

#endif
