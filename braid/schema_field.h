/*
 * schema_field.h - pydantic Field() constraints as schema keywords
 * (schema_field.c).
 */
#ifndef ANK_BRAID_SCHEMA_FIELD_H
#define ANK_BRAID_SCHEMA_FIELD_H

#include "schema_walk.h"

/* `p` (a property's schema; taken) with the keywords that the default
 * `def` states when it is a pydantic `Field(...)` call: the same object,
 * or a copy when `p` is shared.  NULL only after a failure recorded in
 * w->b. */
json_t *ank__schema_field_constraints(ank_swalk *w, json_t *p,
                                      const char *def);

#endif
