/*
 * schema_walk.h - the state of one schema walk (schema_walk.c), shared by
 * every braid/schema_*.c module: where referenced shapes and notes go, the
 * JSON pointer of the value being built, the shape "#" and `Self` stand
 * for, and the generic arguments bound while an instantiation is mapped.
 * Every function of these modules records a failure in w->b before it
 * returns NULL.
 */
#ifndef ANK_BRAID_SCHEMA_WALK_H
#define ANK_BRAID_SCHEMA_WALK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "braid.h"

/* Bases and embedded structs merged inside one another, at most; and
 * intersections merging shapes inside one another. */
#define ANK_SCHEMA_MAX_MERGE 16

/* The type arguments bound to a generic declaration's parameters while one
 * instantiation is mapped.  `args[i]` belongs to the i-th parameter that is
 * not a lifetime, and is read in `outer`.  Frames live on the C stack. */
typedef struct ank_sframe {
    const ank_generic *gen;
    uint32_t ngen;
    ank_type *const *args;
    uint32_t nargs;
    const struct ank_sframe *outer;
    const struct ank_sframe *up; /* lexically enclosing parameters */
} ank_sframe;

/* One step of the JSON pointer of the value being built: a name (escaped
 * when written), an array index, or text written as it is.  Names are
 * borrowed: each stays valid until the step is left. */
typedef struct ank_sseg {
    const char *name; /* NULL: the index */
    size_t index;
    bool raw;
} ank_sseg;

typedef struct ank_swalk {
    ank_bctx *b;
    ank_lang lang;
    json_t *defs; /* where referenced shapes go */
    json_t *notes;
    const char *defs_path;      /* JSON pointer of `defs` (a constant:
                                   the memo keeps it) */
    const ank_constraint *root; /* the shape "#" stands for, or NULL */
    const ank_constraint *self; /* the shape `Self`/`this` names */
    const ank_sframe *self_frame;
    const char *scope; /* qualified name that resolves names */
    const char *text;  /* source text of the type being mapped */
    ank_sseg *path;    /* from path_base on: the steps of the JSON pointer
                          of the value being built (a def's pointer goes
                          after the pointer of the value that referenced
                          it); written out only for a note */
    size_t npath, cappath, path_base;
    ank_sseg *path_small; /* the caller's room for the first steps */
    bool path_failed;
    unsigned depth;    /* shape bodies being built */
    /* the shapes an enclosing intersection is merging in the body being
     * built (its own when a member's type intersects it again); `again`
     * says the last merge stopped at one of them */
    const ank_constraint *merging[ANK_SCHEMA_MAX_MERGE];
    unsigned nmerging;
    bool again;
} ank_swalk;

static inline void nomem(ank_swalk *w)
{
    ank__bctx_fail(w->b, ANK_ERR_NOMEM, "out of memory");
}

static inline bool is(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

/* v, or NULL (v released) once a failure is recorded. */
static inline json_t *checked(ank_swalk *w, json_t *v)
{
    if (w->b->status) {
        json_decref(v);
        return NULL;
    }
    return v;
}

/* Map `t` read in frame `f`; NULL t: {}.  NULL only after a failure. */
json_t *ank__schema_walk(ank_swalk *w, const ank_type *t, const ank_sframe *f);
/* Add the schema of shape s's body (its parameters bound by f) to `into`,
 * an object that holds what comes before it (title, description).  False
 * after a failure (NULL into: out of memory). */
bool ank__schema_shape_body(ank_swalk *w, const ank_constraint *s,
                            const ank_sframe *f, json_t *into);
/* anyOf [s, {"type": "null"}] (s stolen); s itself when it already admits
 * null or is {}. */
json_t *ank__schema_nullable(ank_swalk *w, json_t *s);

#endif
