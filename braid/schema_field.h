/*
 * schema_field.h - pydantic Field() constraints as schema keywords
 * (schema_field.c).
 */
#ifndef ANK_BRAID_SCHEMA_FIELD_H
#define ANK_BRAID_SCHEMA_FIELD_H

#include "schema_walk.h"

/* `p` (a property's schema; taken) with the keywords that `call` states
 * when it is a pydantic Field(...) (a field's default, or Annotated
 * metadata), an annotated_types marker such as Ge(0) or Len(1, 8), or
 * FastAPI's Query(...) and its kin: the same object, or a copy when `p`
 * is shared.  NULL only after a failure recorded in w->b. */
json_t *ank__schema_field_constraints(ank_swalk *w, json_t *p,
                                      const char *call);

/* The schema of the constrained type `text` when it is conint(...),
 * confloat(...) or constr(...) (new), else NULL (also after a failure
 * recorded in w->b). */
json_t *ank__schema_constrained_type(ank_swalk *w, const char *text);

/* The schema of pydantic's named constrained type `name` (PositiveInt,
 * NonNegativeFloat, ...; new), else NULL (also after a failure recorded
 * in w->b). */
json_t *ank__schema_named_constrained(ank_swalk *w, const char *name);

/* The default that the pydantic Field(...) call `def` gives when it is a
 * literal (its first positional argument other than `...`, or default=),
 * as a new JSON value; else NULL. */
json_t *ank__schema_field_default(ank_swalk *w, const char *def);

#endif
