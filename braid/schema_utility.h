/*
 * schema_utility.h - TypeScript's utility types (schema_utility.c).
 */
#ifndef ANK_BRAID_SCHEMA_UTILITY_H
#define ANK_BRAID_SCHEMA_UTILITY_H

#include "schema_object.h"
#include "schema_walk.h"

/* The schema of TypeScript's `Partial<T>`, `Required<T>`, `Pick<T, K>`,
 * `Omit<T, K>` or `NonNullable<T>` when `t` (named `n`) is one of them:
 * *known is then true, and the result NULL only after a failure recorded
 * in w->b.  *known is false, and NULL returned, for any other type. */
json_t *ank__schema_ts_utility(ank_swalk *w, const char *n, const ank_type *t,
                               const ank_sframe *f, bool *known);

/* Keys of a Pick, Omit or Record braid lists at most. */
#define ANK_SCHEMA_MAX_KEYS 128

/* Is `t` TypeScript's Record<K, V> (or a mapped type written as one) whose
 * K is string literals braid can list?  Then keys[0..*n) are they, at most
 * ANK_SCHEMA_MAX_KEYS. */
bool ank__schema_ts_record_keys(ank_swalk *w, const ank_type *t,
                                const ank_sframe *f, const char **keys,
                                size_t *n);

/* Add such a Record's members to `o`: each of the keys, required, with
 * V's schema. */
void ank__schema_ts_record_members(ank_swalk *w, ank_sobj *o,
                                   const ank_type *t, const ank_sframe *f,
                                   const char *const *keys, size_t n);

#endif
