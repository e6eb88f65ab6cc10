/*
 * json_read_value.c - the members of an `ananke.constraints/1` document
 * that json_read.c and json_read_payload.c read: strings, booleans,
 * integers, arrays, objects and enumerated names, and type trees with
 * their fields and generic parameters.
 *
 * Invariants: every value is type-checked and the first wrong one is
 * reported (ank__json_read_bad) with the path in the message and its line
 * and column when the text holds it; later problems are ignored.  Absent
 * and null members read as empty (NULL, false, 0); strings and arrays are
 * copied into the result's arena.  Type trees are cut off one level past
 * ANK_TYPE_MAX_DEPTH, as clew cuts them.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../ffi/status.h"
#include "json_read.h"

/* Line and column of the first occurrence of `needle` in the text (1-based;
 * zero when absent). */
static void locate(const ank_jread *d, const char *needle, uint32_t *line,
                   uint32_t *column, int64_t *offset)
{
    *line = *column = 0;
    *offset = -1;
    size_t n = strlen(needle);
    if (!n || n > d->length)
        return;
    for (size_t i = 0; i + n <= d->length; i++) {
        if (memcmp(d->text + i, needle, n) != 0)
            continue;
        uint32_t l = 1, c = 1;
        for (size_t k = 0; k < i; k++) {
            if (d->text[k] == '\n') {
                l++;
                c = 1;
            } else {
                c++;
            }
        }
        *line = l;
        *column = c;
        *offset = (int64_t)i;
        return;
    }
}

/* A wrong value: the message names where it is; the position is that of
 * `near` (a quoted value or key) when the text contains it. */
void ank__json_read_bad(ank_jread *d, const char *near, const char *fmt,
                        const char *key, const char *detail)
{
    if (d->status != ANK_OK)
        return;
    uint32_t line = 0, column = 0;
    int64_t offset = -1;
    if (near) {
        char quoted[128];
        snprintf(quoted, sizeof quoted, "\"%s\"", near);
        locate(d, quoted, &line, &column, &offset);
    }
    char what[160];
    snprintf(what, sizeof what, fmt, key, detail ? detail : "");
    d->status = ank__error_set(d->error, ANK_ERR_FORMAT, line, column, offset,
                               "%s%s%s", d->where, d->where[0] ? ": " : "",
                               what);
}

void ank__json_read_nomem(ank_jread *d)
{
    if (d->status == ANK_OK)
        d->status = ank__fail(d->error, ANK_ERR_NOMEM, "out of memory");
}

/* ------------------------------------------------------------- scalars */

/* A string member (copied into the result's arena), or NULL when absent or
 * null.  A non-string is an error. */
const char *ank__json_read_str(ank_jread *d, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        ank__json_read_bad(d, key, "\"%s\" must be a string%s", key, NULL);
        return NULL;
    }
    char *s = ank__arena_strndup(&d->r->arena, json_string_value(v),
                                 json_string_length(v));
    if (!s)
        ank__json_read_nomem(d);
    return s;
}

bool ank__json_read_bool(ank_jread *d, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return false;
    if (!json_is_boolean(v)) {
        ank__json_read_bad(d, key, "\"%s\" must be true or false%s", key, NULL);
        return false;
    }
    return json_is_true(v);
}

uint32_t ank__json_read_u32(ank_jread *d, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        json_integer_value(v) > UINT32_MAX) {
        ank__json_read_bad(d, key,
                           "\"%s\" must be an integer from 0 to 4294967295%s",
                           key, NULL);
        return 0;
    }
    return (uint32_t)json_integer_value(v);
}

/* An array member, or NULL when absent or null (treated as empty). */
const json_t *ank__json_read_array(ank_jread *d, const json_t *obj,
                                   const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_array(v)) {
        ank__json_read_bad(d, key, "\"%s\" must be an array%s", key, NULL);
        return NULL;
    }
    return v;
}

const json_t *ank__json_read_object(ank_jread *d, const json_t *obj,
                                    const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_object(v)) {
        ank__json_read_bad(d, key, "\"%s\" must be an object%s", key, NULL);
        return NULL;
    }
    return v;
}

/* The index of `key`'s value among the names `name(0..count-1)`, or
 * `fallback` when absent.  An unknown name is an error. */
int ank__json_read_enum(ank_jread *d, const json_t *obj, const char *key,
                        int count, int fallback, const char *(*name)(int))
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return fallback;
    if (json_is_string(v))
        for (int i = 0; i < count; i++)
            if (strcmp(name(i), json_string_value(v)) == 0)
                return i;
    char detail[96] = "";
    if (json_is_string(v))
        snprintf(detail, sizeof detail, " \"%.80s\"", json_string_value(v));
    ank__json_read_bad(d, json_is_string(v) ? json_string_value(v) : key,
                       "unknown \"%s\" value%s", key, detail);
    return fallback;
}

/* Arena array of n elements of `size` (NULL for n == 0 or on failure). */
void *ank__json_read_alloc(ank_jread *d, size_t n, size_t size)
{
    if (!n)
        return NULL;
    void *p = ank__arena_alloc(&d->r->arena, n * size);
    if (!p)
        ank__json_read_nomem(d);
    return p;
}

const char **ank__json_read_strings(ank_jread *d, const json_t *obj,
                                    const char *key, uint32_t *n)
{
    const json_t *a = ank__json_read_array(d, obj, key);
    *n = 0;
    size_t count = a ? json_array_size(a) : 0;
    const char **out = ank__json_read_alloc(d, count, sizeof *out);
    if (!out)
        return NULL;
    for (size_t i = 0; i < count && d->status == ANK_OK; i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_string(v)) {
            ank__json_read_bad(d, key, "\"%s\" must hold strings%s", key, NULL);
            return NULL;
        }
        out[i] = ank__arena_strndup(&d->r->arena, json_string_value(v),
                                    json_string_length(v));
        if (!out[i])
            ank__json_read_nomem(d);
    }
    *n = (uint32_t)count;
    return out;
}

/* --------------------------------------------------------------- types */

static ank_type *read_type(ank_jread *d, const json_t *v)
{
    static const char *const kinds[] = {
        "named", "optional", "pointer",  "array",   "map",
        "tuple", "union",    "intersection", "function", "literal",
        "object", "error_union", "unknown"};
    static const char *const literals[] = {"string", "number", "boolean",
                                           "null"};
    if (!v || json_is_null(v) || d->status != ANK_OK)
        return NULL;
    if (!json_is_object(v)) {
        ank__json_read_bad(d, NULL, "a type must be an object%s%s", "", NULL);
        return NULL;
    }
    if (++d->depth > ANK_TYPE_MAX_DEPTH + 1) { /* the cut-off leaf */
        ank__json_read_bad(d, NULL, "a type is nested deeper than %s levels%s",
                           "49", NULL);
        return NULL;
    }
    ank_type *t = ank__arena_alloc(&d->r->arena, sizeof *t);
    if (!t) {
        ank__json_read_nomem(d);
        return NULL;
    }
    t->length = -1;
    const char *kind = ank__json_read_str(d, v, "kind");
    int k = -1;
    for (int i = 0; kind && i < (int)(sizeof kinds / sizeof *kinds); i++)
        if (strcmp(kinds[i], kind) == 0)
            k = i;
    if (k < 0) {
        ank__json_read_bad(d, kind ? kind : "kind",
                           "unknown type kind \"%s\"%s", kind ? kind : "(none)",
                           NULL);
        d->depth--;
        return NULL;
    }
    t->kind = (ank_type_kind)k;
    const json_t *items = NULL;
    switch (t->kind) {
    case ANK_TYPE_NAMED:
        t->name = ank__json_read_str(d, v, "name");
        items = ank__json_read_array(d, v, "args");
        break;
    case ANK_TYPE_OPTIONAL:
        t->a = read_type(d, json_object_get(v, "of"));
        break;
    case ANK_TYPE_POINTER:
        t->a = read_type(d, json_object_get(v, "of"));
        t->flags |=
            ank__json_read_bool(d, v, "nullable") ? ANK_TYPE_NULLABLE : 0;
        t->flags |= ank__json_read_bool(d, v, "mutable") ? ANK_TYPE_MUTABLE : 0;
        break;
    case ANK_TYPE_ARRAY:
        t->a = read_type(d, json_object_get(v, "of"));
        if (json_object_get(v, "length"))
            t->length = ank__json_read_u32(d, v, "length");
        t->name = ank__json_read_str(d, v, "container");
        t->flags |= ank__json_read_bool(d, v, "const") ? ANK_TYPE_CONST : 0;
        break;
    case ANK_TYPE_MAP:
        t->a = read_type(d, json_object_get(v, "key"));
        t->b = read_type(d, json_object_get(v, "value"));
        t->name = ank__json_read_str(d, v, "container");
        break;
    case ANK_TYPE_TUPLE:
        items = ank__json_read_array(d, v, "items");
        break;
    case ANK_TYPE_UNION:
    case ANK_TYPE_INTERSECTION:
        items = ank__json_read_array(d, v, "members");
        break;
    case ANK_TYPE_FUNCTION:
        items = ank__json_read_array(d, v, "params");
        t->b = read_type(d, json_object_get(v, "returns"));
        break;
    case ANK_TYPE_LITERAL: {
        const char *lit = ank__json_read_str(d, v, "type");
        t->literal = 4;
        for (uint8_t i = 0; lit && i < 4; i++)
            if (strcmp(literals[i], lit) == 0)
                t->literal = i;
        if (t->literal == 4)
            ank__json_read_bad(d, lit ? lit : "type",
                               "unknown literal type \"%s\"%s",
                               lit ? lit : "(none)", NULL);
        t->name = ank__json_read_str(d, v, "value");
        break;
    }
    case ANK_TYPE_OBJECT:
        ank__json_read_fields(d, v, "fields", &t->fields, &t->nfields);
        break;
    case ANK_TYPE_ERROR_UNION:
        t->a = read_type(d, json_object_get(v, "error"));
        t->b = read_type(d, json_object_get(v, "ok"));
        break;
    case ANK_TYPE_UNKNOWN:
        t->name = ank__json_read_str(d, v, "text");
        break;
    }
    if (items) {
        size_t n = json_array_size(items);
        t->items = ank__json_read_alloc(d, n, sizeof *t->items);
        for (size_t i = 0; t->items && i < n && d->status == ANK_OK; i++)
            t->items[i] = read_type(d, json_array_get(items, i));
        t->nitems = t->items ? (uint32_t)n : 0;
    }
    d->depth--;
    return t;
}

ank_typeref ank__json_read_typeref(ank_jread *d, const json_t *obj,
                                   const char *key)
{
    ank_typeref ref = {NULL, NULL};
    const json_t *v = ank__json_read_object(d, obj, key);
    if (!v)
        return ref;
    ref.text = ank__json_read_str(d, v, "text");
    ref.tree = read_type(d, json_object_get(v, "tree"));
    if (ref.text && !ref.tree && d->status == ANK_OK)
        ank__json_read_bad(d, key, "\"%s\" has text but no tree%s", key, NULL);
    return ref;
}

void ank__json_read_fields(ank_jread *d, const json_t *obj, const char *key,
                           ank_field **out, uint32_t *n)
{
    const json_t *a = ank__json_read_array(d, obj, key);
    size_t count = a ? json_array_size(a) : 0;
    *out = ank__json_read_alloc(d, count, sizeof **out);
    *n = *out ? (uint32_t)count : 0;
    for (size_t i = 0; *out && i < count && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_field *f = &(*out)[i];
        if (!json_is_object(v)) {
            ank__json_read_bad(d, key, "\"%s\" must hold objects%s", key, NULL);
            return;
        }
        f->name = ank__json_read_str(d, v, "name");
        f->type = ank__json_read_typeref(d, v, "type");
        f->optional = ank__json_read_bool(d, v, "optional");
        f->default_text = ank__json_read_str(d, v, "default");
        f->doc = ank__json_read_str(d, v, "doc");
        f->readonly = ank__json_read_bool(d, v, "readonly");
        f->is_static = ank__json_read_bool(d, v, "static");
        f->embedded = ank__json_read_bool(d, v, "embedded");
        f->skip = ank__json_read_bool(d, v, "skip");
        f->rename = ank__json_read_str(d, v, "rename");
        f->tag = ank__json_read_str(d, v, "tag");
        f->attributes =
            ank__json_read_strings(d, v, "attributes", &f->nattributes);
    }
}

void ank__json_read_generics(ank_jread *d, const json_t *obj, ank_generic **out,
                             uint32_t *n)
{
    const json_t *a = ank__json_read_array(d, obj, "generics");
    size_t count = a ? json_array_size(a) : 0;
    *out = ank__json_read_alloc(d, count, sizeof **out);
    *n = *out ? (uint32_t)count : 0;
    for (size_t i = 0; *out && i < count && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        (*out)[i].name = ank__json_read_str(d, v, "name");
        (*out)[i].bound = ank__json_read_str(d, v, "bound");
        (*out)[i].default_text = ank__json_read_str(d, v, "default");
    }
}
