/*
 * schema_ref.h - names, generic bindings and references to shapes
 * (schema_ref.c).
 */
#ifndef ANK_BRAID_SCHEMA_REF_H
#define ANK_BRAID_SCHEMA_REF_H

#include "schema_walk.h"

/* The shape `name` denotes from w->scope: scope "a.b.S" tries a.b.S.name,
 * a.b.name, a.name, name.  With `last`, only the last segment of a
 * qualified name is tried (a module-qualified reference).  NULL when none
 * (or out of memory; w->b tells). */
const ank_constraint *ank__schema_lookup(ank_swalk *w, const char *name,
                                         bool last);
/* The shape a type name denotes from w->scope, or NULL: the full name
 * first, then its last segment. */
const ank_constraint *ank__schema_resolve(ank_swalk *w, const char *name);
/* Is `name` a generic parameter of frame f (or of the frames lexically
 * around it)?  Then *arg is its argument (NULL when none), read in *argf. */
bool ank__schema_bound(const ank_sframe *f, const char *name,
                       const ank_type **arg, const ank_sframe **argf);
/* The frame of shape s's parameters bound to `args` (read in `outer`). */
ank_sframe ank__schema_frame_of(const ank_constraint *s, ank_type *const *args,
                                uint32_t nargs, const ank_sframe *outer);
/* How many type (not lifetime) parameters shape s declares. */
uint32_t ank__schema_type_params(const ank_constraint *s);
/* The defs key of `title` (sanitized; "Type" when nothing is left) into
 * `key`, which has room for strlen(title) + 16 bytes; its length. */
size_t ank__schema_def_key(const char *title, char *key);
/* {"$ref": ...} to shape s instantiated with `args` (read in f): "#" for
 * the root shape, else its def, built on first use. */
json_t *ank__schema_ref_shape(ank_swalk *w, const ank_constraint *s,
                              ank_type *const *args, uint32_t nargs,
                              const ank_sframe *f);

#endif
