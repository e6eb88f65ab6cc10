/*
 * schema_utility.h - TypeScript's utility types (schema_utility.c).
 */
#ifndef ANK_BRAID_SCHEMA_UTILITY_H
#define ANK_BRAID_SCHEMA_UTILITY_H

#include "schema_walk.h"

/* The schema of TypeScript's `Partial<T>`, `Required<T>`, `Pick<T, K>`,
 * `Omit<T, K>` or `NonNullable<T>` when `t` (named `n`) is one of them:
 * *known is then true, and the result NULL only after a failure recorded
 * in w->b.  *known is false, and NULL returned, for any other type. */
json_t *ank__schema_ts_utility(ank_swalk *w, const char *n, const ank_type *t,
                               const ank_sframe *f, bool *known);

#endif
