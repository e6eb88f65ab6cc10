/*
 * json_read.c - read an `ananke.constraints/1` document back into a
 * result: the inverse of json_write.c, so braid can compile constraints
 * that were written to a file or piped between processes.
 *
 * Invariants: reading what json_write.c wrote and writing it again gives
 * the same bytes; every value is type-checked, and the first problem stops
 * the read with ANK_ERR_JSON (not JSON: jansson's line and column) or
 * ANK_ERR_FORMAT (JSON of the wrong shape: the path of the offending value
 * in the message, and its line and column when it can be found in the
 * text).  Nothing of a failed read survives.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "lang.h"
#include "result.h"

typedef struct rd {
    ank_result *r;
    const char *text;
    size_t length;
    ank_error *error;
    ank_status status;
    int depth;
    char where[96]; /* the constraint being read: "constraints[3]" */
} rd;

/* Line and column of the first occurrence of `needle` in the text (1-based;
 * zero when absent). */
static void locate(const rd *d, const char *needle, uint32_t *line,
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
static void bad(rd *d, const char *near, const char *fmt, const char *key,
                const char *detail)
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

static void nomem(rd *d)
{
    if (d->status == ANK_OK)
        d->status = ank__fail(d->error, ANK_ERR_NOMEM, "out of memory");
}

/* ------------------------------------------------------------- scalars */

/* A string member (copied into the result's arena), or NULL when absent or
 * null.  A non-string is an error. */
static const char *str(rd *d, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        bad(d, key, "\"%s\" must be a string%s", key, NULL);
        return NULL;
    }
    char *s = ank__arena_strndup(&d->r->arena, json_string_value(v),
                                 json_string_length(v));
    if (!s)
        nomem(d);
    return s;
}

static bool boolean(rd *d, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return false;
    if (!json_is_boolean(v)) {
        bad(d, key, "\"%s\" must be true or false%s", key, NULL);
        return false;
    }
    return json_is_true(v);
}

static uint32_t u32(rd *d, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        json_integer_value(v) > UINT32_MAX) {
        bad(d, key, "\"%s\" must be an integer from 0 to 4294967295%s", key,
            NULL);
        return 0;
    }
    return (uint32_t)json_integer_value(v);
}

/* An array member, or NULL when absent or null (treated as empty). */
static const json_t *array(rd *d, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_array(v)) {
        bad(d, key, "\"%s\" must be an array%s", key, NULL);
        return NULL;
    }
    return v;
}

static const json_t *object(rd *d, const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_object(v)) {
        bad(d, key, "\"%s\" must be an object%s", key, NULL);
        return NULL;
    }
    return v;
}

/* The index of `key`'s value among the names `name(0..count-1)`, or
 * `fallback` when absent.  An unknown name is an error. */
#define ENUM_MEMBER(d, obj, key, type, name_fn, count, fallback)            \
    ((type)enum_member((d), (obj), (key), (count), (fallback),              \
                       enum_names_##name_fn))

static int enum_member(rd *d, const json_t *obj, const char *key, int count,
                       int fallback, const char *(*name)(int))
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
    bad(d, json_is_string(v) ? json_string_value(v) : key,
        "unknown \"%s\" value%s", key, detail);
    return fallback;
}

/* Adapters from the typed name functions to int-indexed ones. */
#define ENUM_NAMES(fn, type) \
    static const char *enum_names_##fn(int i) { return fn((type)i); }
ENUM_NAMES(ank__kind_name, ank_kind)
ENUM_NAMES(ank__severity_name, ank_severity)
ENUM_NAMES(ank__visibility_name, ank_visibility)
ENUM_NAMES(ank__error_style_name, ank_error_style)
ENUM_NAMES(ank__shape_kind_name, ank_shape_kind)
ENUM_NAMES(ank__origin_name, ank_import_origin)
ENUM_NAMES(ank__id_class_name, ank_id_class)
ENUM_NAMES(ank__style_name, ank_style)

/* Arena array of n elements of `size` (NULL for n == 0 or on failure). */
static void *arr_alloc(rd *d, size_t n, size_t size)
{
    if (!n)
        return NULL;
    void *p = ank__arena_alloc(&d->r->arena, n * size);
    if (!p)
        nomem(d);
    return p;
}

static const char **strings(rd *d, const json_t *obj, const char *key,
                            uint32_t *n)
{
    const json_t *a = array(d, obj, key);
    *n = 0;
    size_t count = a ? json_array_size(a) : 0;
    const char **out = arr_alloc(d, count, sizeof *out);
    if (!out)
        return NULL;
    for (size_t i = 0; i < count && d->status == ANK_OK; i++) {
        json_t *v = json_array_get(a, i);
        if (!json_is_string(v)) {
            bad(d, key, "\"%s\" must hold strings%s", key, NULL);
            return NULL;
        }
        out[i] = ank__arena_strndup(&d->r->arena, json_string_value(v),
                                    json_string_length(v));
        if (!out[i])
            nomem(d);
    }
    *n = (uint32_t)count;
    return out;
}

/* --------------------------------------------------------------- types */

static void read_fields(rd *d, const json_t *obj, const char *key,
                        ank_field **out, uint32_t *n);

static ank_type *read_type(rd *d, const json_t *v)
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
        bad(d, NULL, "a type must be an object%s%s", "", NULL);
        return NULL;
    }
    if (++d->depth > ANK_TYPE_MAX_DEPTH + 1) { /* the cut-off leaf */
        bad(d, NULL, "a type is nested deeper than %s levels%s", "49", NULL);
        return NULL;
    }
    ank_type *t = ank__arena_alloc(&d->r->arena, sizeof *t);
    if (!t) {
        nomem(d);
        return NULL;
    }
    t->length = -1;
    const char *kind = str(d, v, "kind");
    int k = -1;
    for (int i = 0; kind && i < (int)(sizeof kinds / sizeof *kinds); i++)
        if (strcmp(kinds[i], kind) == 0)
            k = i;
    if (k < 0) {
        bad(d, kind ? kind : "kind", "unknown type kind \"%s\"%s",
            kind ? kind : "(none)", NULL);
        d->depth--;
        return NULL;
    }
    t->kind = (ank_type_kind)k;
    const json_t *items = NULL;
    switch (t->kind) {
    case ANK_TYPE_NAMED:
        t->name = str(d, v, "name");
        items = array(d, v, "args");
        break;
    case ANK_TYPE_OPTIONAL:
        t->a = read_type(d, json_object_get(v, "of"));
        break;
    case ANK_TYPE_POINTER:
        t->a = read_type(d, json_object_get(v, "of"));
        t->flags |= boolean(d, v, "nullable") ? ANK_TYPE_NULLABLE : 0;
        t->flags |= boolean(d, v, "mutable") ? ANK_TYPE_MUTABLE : 0;
        break;
    case ANK_TYPE_ARRAY:
        t->a = read_type(d, json_object_get(v, "of"));
        if (json_object_get(v, "length"))
            t->length = u32(d, v, "length");
        t->name = str(d, v, "container");
        t->flags |= boolean(d, v, "const") ? ANK_TYPE_CONST : 0;
        break;
    case ANK_TYPE_MAP:
        t->a = read_type(d, json_object_get(v, "key"));
        t->b = read_type(d, json_object_get(v, "value"));
        t->name = str(d, v, "container");
        break;
    case ANK_TYPE_TUPLE:
        items = array(d, v, "items");
        break;
    case ANK_TYPE_UNION:
    case ANK_TYPE_INTERSECTION:
        items = array(d, v, "members");
        break;
    case ANK_TYPE_FUNCTION:
        items = array(d, v, "params");
        t->b = read_type(d, json_object_get(v, "returns"));
        break;
    case ANK_TYPE_LITERAL: {
        const char *lit = str(d, v, "type");
        t->literal = 4;
        for (uint8_t i = 0; lit && i < 4; i++)
            if (strcmp(literals[i], lit) == 0)
                t->literal = i;
        if (t->literal == 4)
            bad(d, lit ? lit : "type", "unknown literal type \"%s\"%s",
                lit ? lit : "(none)", NULL);
        t->name = str(d, v, "value");
        break;
    }
    case ANK_TYPE_OBJECT:
        read_fields(d, v, "fields", &t->fields, &t->nfields);
        break;
    case ANK_TYPE_ERROR_UNION:
        t->a = read_type(d, json_object_get(v, "error"));
        t->b = read_type(d, json_object_get(v, "ok"));
        break;
    case ANK_TYPE_UNKNOWN:
        t->name = str(d, v, "text");
        break;
    }
    if (items) {
        size_t n = json_array_size(items);
        t->items = arr_alloc(d, n, sizeof *t->items);
        for (size_t i = 0; t->items && i < n && d->status == ANK_OK; i++)
            t->items[i] = read_type(d, json_array_get(items, i));
        t->nitems = t->items ? (uint32_t)n : 0;
    }
    d->depth--;
    return t;
}

static ank_typeref read_typeref(rd *d, const json_t *obj, const char *key)
{
    ank_typeref ref = {NULL, NULL};
    const json_t *v = object(d, obj, key);
    if (!v)
        return ref;
    ref.text = str(d, v, "text");
    ref.tree = read_type(d, json_object_get(v, "tree"));
    if (ref.text && !ref.tree && d->status == ANK_OK)
        bad(d, key, "\"%s\" has text but no tree%s", key, NULL);
    return ref;
}

static void read_fields(rd *d, const json_t *obj, const char *key,
                        ank_field **out, uint32_t *n)
{
    const json_t *a = array(d, obj, key);
    size_t count = a ? json_array_size(a) : 0;
    *out = arr_alloc(d, count, sizeof **out);
    *n = *out ? (uint32_t)count : 0;
    for (size_t i = 0; *out && i < count && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_field *f = &(*out)[i];
        if (!json_is_object(v)) {
            bad(d, key, "\"%s\" must hold objects%s", key, NULL);
            return;
        }
        f->name = str(d, v, "name");
        f->type = read_typeref(d, v, "type");
        f->optional = boolean(d, v, "optional");
        f->default_text = str(d, v, "default");
        f->doc = str(d, v, "doc");
        f->readonly = boolean(d, v, "readonly");
        f->is_static = boolean(d, v, "static");
        f->embedded = boolean(d, v, "embedded");
        f->skip = boolean(d, v, "skip");
        f->rename = str(d, v, "rename");
        f->tag = str(d, v, "tag");
        f->attributes = strings(d, v, "attributes", &f->nattributes);
    }
}

static void read_generics(rd *d, const json_t *obj, ank_generic **out,
                          uint32_t *n)
{
    const json_t *a = array(d, obj, "generics");
    size_t count = a ? json_array_size(a) : 0;
    *out = arr_alloc(d, count, sizeof **out);
    *n = *out ? (uint32_t)count : 0;
    for (size_t i = 0; *out && i < count && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        (*out)[i].name = str(d, v, "name");
        (*out)[i].bound = str(d, v, "bound");
        (*out)[i].default_text = str(d, v, "default");
    }
}

/* ------------------------------------------------------------ payloads */

static void read_signature(rd *d, const json_t *p, ank_signature *s)
{
    static const struct {
        const char *key;
        uint32_t flag;
    } flags[] = {{"optional", ANK_PARAM_OPTIONAL},
                 {"variadic", ANK_PARAM_VARIADIC},
                 {"keyword_only", ANK_PARAM_KEYWORD_ONLY},
                 {"positional_only", ANK_PARAM_POSITIONAL_ONLY},
                 {"kwargs", ANK_PARAM_KWARGS},
                 {"self", ANK_PARAM_SELF}};
    s->receiver = str(d, p, "receiver");
    s->signature = str(d, p, "signature");
    const json_t *a = array(d, p, "parameters");
    size_t count = a ? json_array_size(a) : 0;
    s->params = arr_alloc(d, count, sizeof *s->params);
    s->nparams = s->params ? (uint32_t)count : 0;
    for (size_t i = 0; i < s->nparams && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_param *q = &s->params[i];
        q->name = str(d, v, "name");
        q->type = read_typeref(d, v, "type");
        q->default_text = str(d, v, "default");
        for (size_t k = 0; k < sizeof flags / sizeof *flags; k++)
            q->flags |= boolean(d, v, flags[k].key) ? flags[k].flag : 0;
    }
    s->returns = read_typeref(d, p, "returns");
    s->is_async = boolean(d, p, "async");
    s->is_generator = boolean(d, p, "generator");
    s->is_static = boolean(d, p, "static");
    s->is_abstract = boolean(d, p, "abstract");
    s->visibility = ENUM_MEMBER(d, p, "visibility", ank_visibility,
                                ank__visibility_name, ANK_VIS_PRIVATE + 1,
                                ANK_VIS_PUBLIC);
    s->exported = boolean(d, p, "exported");
    s->decorators = strings(d, p, "decorators", &s->ndecorators);
    read_generics(d, p, &s->generics, &s->ngenerics);
    s->error_style = ENUM_MEMBER(d, p, "error_style", ank_error_style,
                                 ank__error_style_name,
                                 ANK_ERRSTYLE_EXCEPTION + 1, ANK_ERRSTYLE_NONE);
    s->doc = str(d, p, "doc");
}

static void read_shape(rd *d, const json_t *p, ank_shape *s)
{
    s->shape = ENUM_MEMBER(d, p, "shape", ank_shape_kind, ank__shape_kind_name,
                           ANK_SHAPE_PROTOCOL + 1, ANK_SHAPE_STRUCT);
    s->exported = boolean(d, p, "exported");
    s->visibility = ENUM_MEMBER(d, p, "visibility", ank_visibility,
                                ank__visibility_name, ANK_VIS_PRIVATE + 1,
                                ANK_VIS_PUBLIC);
    s->doc = str(d, p, "doc");
    read_generics(d, p, &s->generics, &s->ngenerics);
    s->bases = strings(d, p, "bases", &s->nbases);
    s->attributes = strings(d, p, "attributes", &s->nattributes);
    s->rename_all = str(d, p, "rename_all");
    s->aliased = read_typeref(d, p, "aliased");
    read_fields(d, p, "fields", &s->fields, &s->nfields);
    const json_t *a = array(d, p, "variants");
    size_t count = a ? json_array_size(a) : 0;
    s->variants = arr_alloc(d, count, sizeof *s->variants);
    s->nvariants = s->variants ? (uint32_t)count : 0;
    for (size_t i = 0; i < s->nvariants && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_variant *var = &s->variants[i];
        var->name = str(d, v, "name");
        var->value = str(d, v, "value");
        var->doc = str(d, v, "doc");
        var->rename = str(d, v, "rename");
        var->tuple = boolean(d, v, "tuple");
        read_fields(d, v, "fields", &var->fields, &var->nfields);
    }
    s->methods = strings(d, p, "methods", &s->nmethods);
}

static void read_import(rd *d, const json_t *p, ank_import *m)
{
    m->module = str(d, p, "module");
    m->alias = str(d, p, "alias");
    const json_t *a = array(d, p, "names");
    size_t count = a ? json_array_size(a) : 0;
    m->names = arr_alloc(d, count, sizeof *m->names);
    m->nnames = m->names ? (uint32_t)count : 0;
    for (size_t i = 0; i < m->nnames && d->status == ANK_OK; i++) {
        m->names[i].name = str(d, json_array_get(a, i), "name");
        m->names[i].alias = str(d, json_array_get(a, i), "alias");
    }
    m->origin = ENUM_MEMBER(d, p, "origin", ank_import_origin, ank__origin_name,
                            ANK_ORIGIN_EXTERNAL + 1, ANK_ORIGIN_EXTERNAL);
    m->wildcard = boolean(d, p, "wildcard");
    m->type_only = boolean(d, p, "type_only");
    m->side_effect = boolean(d, p, "side_effect");
}

static const char *intern_file(rd *d, const char *path);

static void read_span(rd *d, const json_t *v, const char **file, ank_span *s)
{
    *file = intern_file(d, str(d, v, "file"));
    s->start_line = u32(d, v, "start_line");
    s->start_column = u32(d, v, "start_column");
    s->end_line = u32(d, v, "end_line");
    s->end_column = u32(d, v, "end_column");
    s->start_byte = u32(d, v, "start_byte");
    s->end_byte = u32(d, v, "end_byte");
}

static void read_naming(rd *d, const json_t *p, ank_naming *n)
{
    n->id_class = ENUM_MEMBER(d, p, "class", ank_id_class, ank__id_class_name,
                              ANK_ID_CLASS_COUNT_, ANK_ID_FUNCTION);
    n->style = ENUM_MEMBER(d, p, "style", ank_style, ank__style_name,
                           ANK_STYLE_COUNT_, ANK_STYLE_OTHER);
    n->support = u32(d, p, "support");
    n->total = u32(d, p, "total");
    const json_t *styles = object(d, p, "styles");
    for (int s = 0; styles && s < ANK_STYLE_COUNT_; s++)
        n->counts[s] = u32(d, styles, ank__style_name((ank_style)s));
    n->files = u32(d, p, "files");
    n->project = boolean(d, p, "project");
    n->noutliers_total = u32(d, p, "outliers_total");
    const json_t *a = array(d, p, "outliers");
    size_t count = a ? json_array_size(a) : 0;
    if (count > ANK_NAMING_OUTLIERS_MAX) {
        bad(d, "outliers", "\"%s\" lists more than 20 entries%s", "outliers",
            NULL);
        return;
    }
    n->outliers = arr_alloc(d, count, sizeof *n->outliers);
    n->noutliers = n->outliers ? (uint32_t)count : 0;
    for (size_t i = 0; i < n->noutliers && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_naming_outlier *o = &n->outliers[i];
        o->name = str(d, v, "name");
        o->style = ENUM_MEMBER(d, v, "style", ank_style, ank__style_name,
                               ANK_STYLE_COUNT_, ANK_STYLE_OTHER);
        const json_t *loc = object(d, v, "location");
        if (loc)
            read_span(d, loc, &o->file, &o->span);
    }
}

static void read_errors(rd *d, const json_t *p, ank_error_facts *f)
{
    f->function = str(d, p, "function");
    f->project = boolean(d, p, "project");
    f->functions = u32(d, p, "functions");
    const json_t *counts = object(d, p, "counts");
    size_t count = counts ? json_object_size(counts) : 0;
    f->counts = arr_alloc(d, count, sizeof *f->counts);
    const char *key;
    json_t *v;
    uint32_t i = 0;
    if (f->counts)
        json_object_foreach((json_t *)counts, key, v) {
            f->counts[i].name = ank__arena_strdup(&d->r->arena, key);
            if (!f->counts[i].name)
                nomem(d);
            f->counts[i].count = u32(d, counts, key);
            i++;
        }
    f->ncounts = i;
    f->caught = strings(d, p, "caught", &f->ncaught);
}

/* The catalog entry a finding names: the language's own when it has the
 * id, else a copy of what the document says. */
static void read_finding(rd *d, const json_t *p, ank_constraint *c)
{
    const char *id = str(d, p, "pattern");
    if (!id) {
        bad(d, "pattern", "a finding needs a \"%s\"%s", "pattern", NULL);
        return;
    }
    const ank_lang_def *def = ank__lang_def(c->language);
    size_t n = 0;
    const ank_pattern *catalog = def && def->patterns ? def->patterns(&n) : NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(catalog[i].id, id) == 0)
            c->u.finding.pattern = &catalog[i];
    if (!c->u.finding.pattern) {
        ank_pattern *own = ank__arena_alloc(&d->r->arena, sizeof *own);
        if (!own) {
            nomem(d);
            return;
        }
        own->id = id;
        own->cwe = str(d, p, "cwe");
        own->message = str(d, p, "message");
        own->severity = c->severity;
        c->u.finding.pattern = own;
    }
    c->u.finding.count = u32(d, p, "count");
    c->u.finding.files = u32(d, p, "files");
    c->u.finding.project = c->file == NULL;
}

static void read_hole(rd *d, const json_t *p, ank_hole *h)
{
    static const char *const origins[] = {"parameter", "field", "module"};
    h->function = str(d, p, "function");
    h->function_name = str(d, p, "function_name");
    h->marker = str(d, p, "marker");
    h->returns = read_typeref(d, p, "returns");
    const json_t *rep = object(d, p, "replace");
    if (rep) {
        h->replace.start_byte = u32(d, rep, "start_byte");
        h->replace.end_byte = u32(d, rep, "end_byte");
    }
    const json_t *a = array(d, p, "bindings");
    size_t count = a ? json_array_size(a) : 0;
    h->bindings = arr_alloc(d, count, sizeof *h->bindings);
    h->nbindings = h->bindings ? (uint32_t)count : 0;
    for (size_t i = 0; i < h->nbindings && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_binding *b = &h->bindings[i];
        b->name = str(d, v, "name");
        b->type = read_typeref(d, v, "type");
        const char *origin = str(d, v, "origin");
        int k = -1;
        for (int o = 0; origin && o < 3; o++)
            if (strcmp(origins[o], origin) == 0)
                k = o;
        if (k < 0)
            bad(d, origin ? origin : "origin", "unknown binding origin \"%s\"%s",
                origin ? origin : "(none)", NULL);
        b->origin = k < 0 ? ANK_BIND_PARAMETER : (ank_binding_origin)k;
    }
    h->applies = strings(d, p, "applies", &h->napplies);
}

static void read_layering(rd *d, const json_t *p, ank_layering *l)
{
    l->unit = str(d, p, "unit");
    l->files = u32(d, p, "files");
    l->resolved = u32(d, p, "resolved");
    const json_t *a = array(d, p, "imports");
    size_t count = a ? json_array_size(a) : 0;
    l->imports = arr_alloc(d, count, sizeof *l->imports);
    l->nimports = l->imports ? (uint32_t)count : 0;
    for (uint32_t i = 0; i < l->nimports && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_layer_edge *e = &l->imports[i];
        const json_t *first = json_is_object(v) ? object(d, v, "first") : NULL;
        e->unit = first ? str(d, v, "unit") : NULL;
        if (!e->unit) {
            bad(d, "imports", "\"%s\" must hold {unit, count, first}%s",
                "imports", NULL);
            return;
        }
        e->count = u32(d, v, "count");
        const char *file = str(d, first, "file");
        if (!file)
            bad(d, "first", "\"%s\" needs a \"file\"%s", "first", NULL);
        e->file = intern_file(d, file);
        e->line = u32(d, first, "line");
        e->column = u32(d, first, "column");
    }
    l->imported_by = strings(d, p, "imported_by", &l->nimported_by);
    l->boundaries = strings(d, p, "boundaries", &l->nboundaries);
}

/* ----------------------------------------------------------- documents */

/* The file record's own copy of `path` (constraints share it), or NULL
 * when `path` is NULL.  An unknown path is an error. */
static const char *intern_file(rd *d, const char *path)
{
    if (!path)
        return NULL;
    for (size_t i = 0; i < d->r->nfiles; i++)
        if (strcmp(d->r->files[i].path, path) == 0)
            return d->r->files[i].path;
    bad(d, path, "location names \"%s\", which \"files\" does not list%s",
        path, NULL);
    return NULL;
}

static void read_files(rd *d, const json_t *doc)
{
    const json_t *files = array(d, doc, "files");
    for (size_t i = 0; files && i < json_array_size(files) &&
                       d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(files, i);
        snprintf(d->where, sizeof d->where, "files[%zu]", i);
        if (!json_is_object(v)) {
            bad(d, NULL, "must be an object%s%s", "", NULL);
            return;
        }
        const char *path = str(d, v, "path");
        const char *lang = str(d, v, "language");
        ank_lang l = lang ? ank_lang_from_name(lang) : ANK_LANG_UNKNOWN;
        if (!path || l == ANK_LANG_UNKNOWN) {
            bad(d, lang ? lang : "path", "needs a \"path\" and a known "
                "\"language\"%s%s", "", NULL);
            return;
        }
        ank_file_record *f = ank__result_begin_file(d->r, path, l);
        if (!f) {
            nomem(d);
            return;
        }
        f->bytes = u32(d, v, "bytes");
        f->lines = u32(d, v, "lines");
        f->nerrors_total = u32(d, v, "parse_errors_total");
        const json_t *errs = array(d, v, "parse_errors");
        size_t n = errs ? json_array_size(errs) : 0;
        f->errors = arr_alloc(d, n, sizeof *f->errors);
        f->nerrors = f->errors ? (uint32_t)n : 0;
        for (size_t e = 0; e < f->nerrors && d->status == ANK_OK; e++) {
            const json_t *pe = json_array_get(errs, e);
            f->errors[e].line = u32(d, pe, "line");
            f->errors[e].column = u32(d, pe, "column");
            f->errors[e].offset = u32(d, pe, "offset");
            const char *kind = str(d, pe, "kind");
            f->errors[e].missing = kind && strcmp(kind, "missing") == 0;
            f->errors[e].message = str(d, pe, "message");
        }
    }
    d->where[0] = '\0';
}

static void read_constraint(rd *d, const json_t *v)
{
    if (!json_is_object(v)) {
        bad(d, NULL, "must be an object%s%s", "", NULL);
        return;
    }
    ank_constraint *c = ank__result_push(d->r);
    if (!c) {
        nomem(d);
        return;
    }
    const char *id = str(d, v, "id");
    if (!id || strlen(id) != 16 || strspn(id, "0123456789abcdef") != 16) {
        bad(d, id ? id : "id", "\"id\" must be 16 hex digits%s%s", "", NULL);
        return;
    }
    memcpy(c->id, id, 17);
    json_t *kind = json_object_get(v, "kind");
    if (!json_is_string(kind)) {
        bad(d, "kind", "needs a \"kind\"%s%s", "", NULL);
        return;
    }
    c->kind = ENUM_MEMBER(d, v, "kind", ank_kind, ank__kind_name,
                          ANK_KIND_COUNT_, ANK_KIND_FUNCTION_SIGNATURE);
    c->severity = ENUM_MEMBER(d, v, "severity", ank_severity,
                              ank__severity_name, ANK_SEV_INFO + 1,
                              ANK_SEV_INFO);
    json_t *conf = json_object_get(v, "confidence");
    if (!json_is_number(conf) || json_number_value(conf) < 0 ||
        json_number_value(conf) > 1)
        bad(d, "confidence", "\"%s\" must be a number from 0 to 1%s",
            "confidence", NULL);
    else
        c->confidence = json_number_value(conf);
    const char *lang = str(d, v, "language");
    c->language = lang ? ank_lang_from_name(lang) : ANK_LANG_UNKNOWN;
    if (c->language == ANK_LANG_UNKNOWN)
        bad(d, lang ? lang : "language", "unknown language \"%s\"%s",
            lang ? lang : "(none)", NULL);
    const json_t *loc = object(d, v, "location");
    if (loc)
        read_span(d, loc, &c->file, &c->span);
    c->name = str(d, v, "name");
    c->evidence = str(d, v, "evidence");
    const json_t *p = object(d, v, "payload");
    if (!p) {
        bad(d, "payload", "needs a \"%s\" object%s", "payload", NULL);
        return;
    }
    if (d->status != ANK_OK)
        return;
    switch (c->kind) {
    case ANK_KIND_FUNCTION_SIGNATURE:
        read_signature(d, p, &c->u.sig);
        break;
    case ANK_KIND_TYPE_SHAPE:
        read_shape(d, p, &c->u.shape);
        break;
    case ANK_KIND_IMPORT_MODULE:
        read_import(d, p, &c->u.import);
        break;
    case ANK_KIND_NAMING_CONVENTION:
        read_naming(d, p, &c->u.naming);
        break;
    case ANK_KIND_ERROR_STYLE:
        read_errors(d, p, &c->u.errors);
        break;
    case ANK_KIND_SECURITY_FINDING:
    case ANK_KIND_SECURITY_FORBID:
        read_finding(d, p, c);
        break;
    case ANK_KIND_HOLE:
        read_hole(d, p, &c->u.hole);
        break;
    case ANK_KIND_ARCHITECTURE_LAYERING:
        read_layering(d, p, &c->u.layering);
        break;
    default:
        break;
    }
}

/* Constraints of a file come together, in file order, then the project's;
 * record each file's range. */
static void assign_ranges(rd *d)
{
    ank_result *r = d->r;
    size_t i = 0;
    for (size_t f = 0; f < r->nfiles; f++) {
        r->files[f].first = i;
        while (i < r->count && r->items[i]->file == r->files[f].path)
            i++;
        r->files[f].count = i - r->files[f].first;
    }
    r->project_first = i;
    for (; i < r->count; i++)
        if (r->items[i]->file) {
            snprintf(d->where, sizeof d->where, "constraints[%zu]", i);
            bad(d, r->items[i]->id, "is out of file order (constraints of a "
                "file come together, files in \"files\" order)%s%s", "",
                NULL);
            return;
        }
}

ANK_API ank_status ank_result_read(const char *json, size_t length,
                                   ank_result **out, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!json || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_result_read: %s is NULL", json ? "out" : "json");
    json_error_t je;
    json_t *doc = json_loadb(json, length, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        return ank__error_set(error, ANK_ERR_JSON, (uint32_t)je.line,
                              (uint32_t)je.column, je.position, "%s",
                              je.text);
    rd d = {.text = json, .length = length, .error = error};
    d.r = ank_result_new();
    if (!d.r) {
        json_decref(doc);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    json_t *format = json_object_get(doc, "format");
    if (!json_is_object(doc))
        bad(&d, NULL, "the document must be a JSON object%s%s", "", NULL);
    else if (!json_is_string(format) ||
             strcmp(json_string_value(format), ANK_CONSTRAINTS_FORMAT) != 0)
        bad(&d, json_is_string(format) ? json_string_value(format) : "format",
            "\"format\" must be \"%s\"%s", ANK_CONSTRAINTS_FORMAT,
            json_is_string(format) ? "" : " (missing)");
    if (d.status == ANK_OK)
        read_files(&d, doc);
    const json_t *cs = d.status == ANK_OK ? array(&d, doc, "constraints") : NULL;
    for (size_t i = 0; cs && i < json_array_size(cs) && d.status == ANK_OK;
         i++) {
        snprintf(d.where, sizeof d.where, "constraints[%zu]", i);
        read_constraint(&d, json_array_get(cs, i));
    }
    d.where[0] = '\0';
    const json_t *skipped = d.status == ANK_OK ? array(&d, doc, "skipped")
                                               : NULL;
    for (size_t i = 0; skipped && i < json_array_size(skipped) &&
                       d.status == ANK_OK; i++) {
        const json_t *v = json_array_get(skipped, i);
        const char *path = str(&d, v, "path");
        const char *reason = str(&d, v, "reason");
        if (path && reason && d.status == ANK_OK)
            d.status = ank_result_add_skipped(d.r, path, reason, error);
    }
    if (d.status == ANK_OK)
        assign_ranges(&d);
    json_decref(doc);
    if (d.status != ANK_OK) {
        ank_result_free(d.r);
        return d.status;
    }
    d.r->finished = true;
    *out = d.r;
    return ANK_OK;
}
