/*
 * schema_object.h - object schemas and the members that fill them
 * (schema_object.c).
 */
#ifndef ANK_BRAID_SCHEMA_OBJECT_H
#define ANK_BRAID_SCHEMA_OBJECT_H

#include "schema_walk.h"

/* An object being built: its properties as (name, schema) pairs in order
 * (kv[2i] the name as a shared string, kv[2i+1] its schema; a reference
 * to each), and the required names (borrowed from kv).  The jansson
 * values are made when it is finished, shared by every object of the
 * compile with the same members (schema_memo.c). */
typedef struct ank_sobj {
    json_t **kv;
    size_t n, cap; /* n properties; room for cap pointers */
    json_t **req;
    size_t nreq, capreq;
    json_t *extra; /* additionalProperties schema (serde flatten of a map) */
    bool open;     /* members are unknown: other properties allowed */
    json_t *kv_small[16], *req_small[8]; /* the first ones: not moved */
} ank_sobj;

/* Objects.  start: false after a failure; named: add the
 * members of the object-like shape (or inline object) `t` names, false
 * when it names none; set: add property `name` (valid UTF-8, as every
 * key; p stolen), where a
 * `promoted` one (from a base or an embedded struct) does not replace one
 * already there; finish: the object schema, or NULL after a failure (the
 * builder is released either way); property: a field's schema after its
 * description, then its default when that is a JSON literal. */
bool ank__schema_obj_start(ank_swalk *w, ank_sobj *o);
bool ank__schema_obj_named(ank_swalk *w, ank_sobj *o, const ank_type *t,
                           const ank_sframe *f, bool promoted, unsigned hops);
void ank__schema_obj_set(ank_swalk *w, ank_sobj *o, const char *name, json_t *p,
                         bool required, bool promoted);
/* Take the property named `name` (a shared name, as o holds it) out of
 * the required ones, if it is there. */
void ank__schema_obj_unrequire(ank_sobj *o, const json_t *name);
json_t *ank__schema_obj_finish(ank_swalk *w, ank_sobj *o);
/* finish into `into` (an object holding the keys that come first; NULL:
 * a new object): into with a new reference, or NULL after a failure. */
json_t *ank__schema_obj_finish_into(ank_swalk *w, ank_sobj *o, json_t *into);
json_t *ank__schema_property(ank_swalk *w, const char *doc,
                             const ank_typeref *ty, const char *def,
                             const ank_sframe *f);
/* A shape whose value is an object with its fields as members. */
bool ank__schema_object_like(const ank_constraint *s);
/* The object of shape s's members, bases first (written into `into` as
 * ank__schema_obj_finish_into does). */
json_t *ank__schema_object_of(ank_swalk *w, const ank_constraint *s,
                              const ank_sframe *f, json_t *into);
/* prefixItems array of positional fields, the first `required`
 * of them required. */
json_t *ank__schema_tuple(ank_swalk *w, const ank_field *fields, uint32_t n,
                          uint32_t required, const ank_sframe *f);

/* Add fields (`rule`: serde rename_all for their names) as each language
 * serialises them: skipped, renamed, embedded structs merged, static and
 * private members left out with a note. */
void ank__schema_obj_fields(ank_swalk *w, ank_sobj *o, const char *rule,
                            const ank_field *fields, uint32_t n,
                            const ank_sframe *f, bool promoted, unsigned hops);
/* Add the members of shape s (its bases' first), parameters bound by nf. */
void ank__schema_members(ank_swalk *w, ank_sobj *o, const ank_constraint *s,
                         const ank_sframe *nf, bool promoted, unsigned hops);
/* Is t TypeScript's `undefined` or `void` (a property that may be absent)? */
bool ank__schema_ts_undefined(ank_swalk *w, const ank_type *t);

#endif
