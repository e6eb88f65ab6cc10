/*
 * json_read.h - private interface of the constraints reader: the read
 * state and the value readers (json_read_value.c) that the document
 * (json_read.c) and the payloads (json_read_payload.c) are read with.
 *
 * Every reader takes the state first, does nothing useful once
 * d->status is not ANK_OK, and records only the first problem.
 */
#ifndef ANK_JSON_READ_H
#define ANK_JSON_READ_H

#include <jansson.h>

#include "result.h"

typedef struct ank_jread {
    ank_result *r;
    const char *text;
    size_t length;
    ank_error *error;
    ank_status status;
    int depth;
    char where[96]; /* the constraint being read: "constraints[3]" */
} ank_jread;

/* A wrong value: the message names where it is (d->where, then `fmt`
 * formatted with `key` and `detail`); the position is that of `near` (a
 * quoted value or key) when the text contains it.  ANK_ERR_FORMAT. */
void ank__json_read_bad(ank_jread *d, const char *near, const char *fmt,
                        const char *key, const char *detail);
void ank__json_read_nomem(ank_jread *d);

/* Members of `obj`: NULL, false or 0 when absent or null; a member of
 * another JSON type is an error.  Strings are copied into the result's
 * arena. */
const char *ank__json_read_str(ank_jread *d, const json_t *obj,
                               const char *key);
bool ank__json_read_bool(ank_jread *d, const json_t *obj, const char *key);
uint32_t ank__json_read_u32(ank_jread *d, const json_t *obj, const char *key);
const json_t *ank__json_read_array(ank_jread *d, const json_t *obj,
                                   const char *key);
const json_t *ank__json_read_object(ank_jread *d, const json_t *obj,
                                    const char *key);
const char **ank__json_read_strings(ank_jread *d, const json_t *obj,
                                    const char *key, uint32_t *n);

/* The index of `key`'s value among the names `name(0..count-1)`, or
 * `fallback` when absent.  An unknown name is an error. */
int ank__json_read_enum(ank_jread *d, const json_t *obj, const char *key,
                        int count, int fallback, const char *(*name)(int));

/* ank__json_read_enum through a typed name function `name_fn`, which
 * ENUM_NAMES(name_fn, type) adapts (once per file that uses it). */
#define ENUM_MEMBER(d, obj, key, type, name_fn, count, fallback)            \
    ((type)ank__json_read_enum((d), (obj), (key), (count), (fallback),      \
                               enum_names_##name_fn))

/* Adapters from the typed name functions to int-indexed ones. */
#define ENUM_NAMES(fn, type) \
    static const char *enum_names_##fn(int i) { return fn((type)i); }

/* Arena array of n elements of `size` (NULL for n == 0 or on failure). */
void *ank__json_read_alloc(ank_jread *d, size_t n, size_t size);

/* A {text, tree} type member; text without a tree is an error. */
ank_typeref ank__json_read_typeref(ank_jread *d, const json_t *obj,
                                   const char *key);
void ank__json_read_fields(ank_jread *d, const json_t *obj, const char *key,
                           ank_field **out, uint32_t *n);
void ank__json_read_generics(ank_jread *d, const json_t *obj,
                             ank_generic **out, uint32_t *n);

/* json_read.c: the file record's own copy of `path` (NULL for NULL; an
 * unknown path is an error), and a location object. */
const char *ank__json_read_file(ank_jread *d, const char *path);
void ank__json_read_span(ank_jread *d, const json_t *v, const char **file,
                         ank_span *s);

/* json_read_payload.c: the payload object `p` of constraint `c`, by its
 * kind (c->kind, c->language, c->severity and c->file already read). */
void ank__json_read_payload(ank_jread *d, const json_t *p, ank_constraint *c);

#endif
