/*
 * schema_enum.h - enum and union shapes (schema_enum.c).
 */
#ifndef ANK_BRAID_SCHEMA_ENUM_H
#define ANK_BRAID_SCHEMA_ENUM_H

#include "schema_walk.h"

/* The body of an ENUM or UNION shape: literal enums, serde's enum
 * representations, Zig's tagged unions. */
json_t *ank__schema_variants(ank_swalk *w, const ank_constraint *s,
                             const ank_sframe *f);
/* The enum values of an enum-like shape (TS enum, Python Enum, Go defined
 * type with constants, Rust with serde_repr): a new array, or NULL with a
 * note when a value cannot be computed (Go: NULL without a note, the
 * underlying type is used instead), or NULL after a failure. */
json_t *ank__schema_enum_values(ank_swalk *w, const ank_constraint *shape);

#endif
