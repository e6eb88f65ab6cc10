/*
 * schema_container.h - pointer, array, map and tuple types
 * (schema_container.c).
 */
#ifndef ANK_BRAID_SCHEMA_CONTAINER_H
#define ANK_BRAID_SCHEMA_CONTAINER_H

#include "schema_walk.h"

/* POINTER, ARRAY, MAP and TUPLE types, as each language writes them. */
json_t *ank__schema_container(ank_swalk *w, const ank_type *t,
                              const ank_sframe *f);

#endif
