/*
 * schema_object.c - JSON objects: the builder (properties and required
 * names), the members of object-like shapes and inline object types as
 * each language serialises them (serde renames and skips, Go's embedded
 * structs and serde's flatten merged in, bases' members first; static,
 * private, unexported and function members left out with a note), and
 * positional fields as prefixItems tuples.
 *
 * Invariants: `required` names each property at most once, in the order
 * of `properties`; a member promoted from a base or an embedded struct
 * never replaces a nearer one of the same name; an object is closed
 * (additionalProperties false) unless some of its members are unknown;
 * merging stops after ANK_SCHEMA_MAX_MERGE levels; NULL only after a
 * failure in w->b.  The builder gathers pointers only: its "properties"
 * and "required" values are made when it is finished, and shared by every
 * object of the compile with the same members (schema_memo.c), so they
 * are never changed after that.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "schema_field.h"
#include "schema_json.h"
#include "schema_lang.h"
#include "schema_memo.h"
#include "schema_object.h"
#include "schema_ref.h"
#include "schema_utility.h"

/* ---------------------------------------------------------------- objects */

bool ank__schema_object_like(const ank_constraint *s)
{
    switch (s->u.shape.shape) {
    case ANK_SHAPE_INTERFACE:
        return s->language != ANK_LANG_GO;
    case ANK_SHAPE_CLASS:
    case ANK_SHAPE_STRUCT:
    case ANK_SHAPE_DATACLASS:
    case ANK_SHAPE_PYDANTIC:
    case ANK_SHAPE_TYPEDDICT:
    case ANK_SHAPE_PROTOCOL:
        return true;
    case ANK_SHAPE_TYPE_ALIAS:
        return s->u.shape.aliased.tree &&
               s->u.shape.aliased.tree->kind == ANK_TYPE_OBJECT;
    default:
        return false;
    }
}

/* A property: its description, the schema of its type (with what a
 * pydantic Field() default constrains), then its default when that is a
 * JSON literal.  The schema of the type may be shared
 * (schema_memo.c): it is copied only when a key is added. */
json_t *ank__schema_property(ank_swalk *w, const char *doc,
                             const ank_typeref *ty, const char *def,
                             const ank_sframe *f)
{
    w->text = ty->text;
    json_t *s = ank__schema_walk(w, ty->tree, f), *p;
    if (w->lang == ANK_LANG_PYTHON && def)
        s = ank__schema_field_constraints(w, s, def);
    p = s;
    json_t *lit = ank__schema_literal(w, def);
    if (!lit && w->lang == ANK_LANG_PYTHON && def && !w->b->status)
        lit = ank__schema_field_default(w, def);
    if (doc || (s && lit && s->refcount > 1)) {
        /* the description goes first: a new object, then s's keys */
        p = json_object();
        if (doc)
            ank__schema_put(w, p, "description", ank__schema_str(doc));
        if (!s || !p || json_object_update(p, s))
            nomem(w);
        json_decref(s);
    }
    if (lit)
        ank__schema_put(w, p, "default", lit);
    return checked(w, p);
}

/* Room for `need` pointers in *a (its first room `small`, in the
 * builder). */
static bool room(json_t ***a, size_t *cap, size_t need, json_t **small)
{
    if (need <= *cap)
        return true;
    size_t ncap = *cap * 2 > need ? *cap * 2 : need;
    json_t **p = ncap < SIZE_MAX / sizeof *p ? ank__malloc(ncap * sizeof *p)
                                             : NULL;
    if (!p)
        return false;
    memcpy(p, *a, *cap * sizeof *p);
    if (*a != small)
        ank__free(*a);
    *a = p;
    *cap = ncap;
    return true;
}

/* The position among o's properties of name nm (a shared name). */
static size_t property_index(const ank_sobj *o, const json_t *nm)
{
    size_t i = 0;
    while (i < o->n && o->kv[2 * i] != nm)
        i++;
    return i;
}

void ank__schema_obj_unrequire(ank_sobj *o, const json_t *name)
{
    for (size_t i = 0; i < o->nreq; i++) {
        if (o->req[i] == name) {
            memmove(o->req + i, o->req + i + 1,
                    (o->nreq - i - 1) * sizeof *o->req);
            o->nreq--;
            return;
        }
    }
}

void ank__schema_obj_set(ank_swalk *w, ank_sobj *o, const char *name, json_t *p,
                         bool required, bool promoted)
{
    json_t *nm = p ? ank__schema_shared_str(w, name, strlen(name)) : NULL;
    if (!nm) {
        json_decref(p);
        nomem(w);
        return;
    }
    /* shared names: the same name is the same pointer */
    size_t at = 0;
    while (at < o->n && o->kv[2 * at] != nm)
        at++;
    if (at < o->n) {
        json_decref(nm);
        if (promoted) {
            json_decref(p); /* a nearer member of the same name wins */
            return;
        }
        /* replaced where it is, as jansson does; `required` again below */
        json_decref(o->kv[2 * at + 1]);
        o->kv[2 * at + 1] = p;
        nm = o->kv[2 * at];
        ank__schema_obj_unrequire(o, nm);
    } else if (room(&o->kv, &o->cap, 2 * o->n + 2, o->kv_small)) {
        o->kv[2 * o->n] = nm;
        o->kv[2 * o->n + 1] = p;
        o->n++;
    } else {
        json_decref(nm);
        json_decref(p);
        nomem(w);
        return;
    }
    if (!required)
        return;
    if (!room(&o->req, &o->capreq, o->nreq + 1, o->req_small)) {
        nomem(w);
        return;
    }
    /* in the order of the properties: a new member goes last, a replaced
     * one (not the last property) after the required ones before it */
    size_t pos = o->nreq;
    if (at + 1 < o->n)
        while (pos > 0 && property_index(o, o->req[pos - 1]) > at)
            pos--;
    memmove(o->req + pos + 1, o->req + pos, (o->nreq - pos) * sizeof *o->req);
    o->req[pos] = nm;
    o->nreq++;
}

/* A TypeScript index signature's key type: 's' string, 'n' number,
 * 'y' symbol, else 0 (a template literal, a union: read as string). */
static char index_key(const ank_type *k)
{
    if (!k || k->kind != ANK_TYPE_NAMED)
        return 0;
    return is(k->name, "string") ? 's'
           : is(k->name, "number") ? 'n'
           : is(k->name, "symbol") ? 'y'
                                   : 0;
}

/* The members of the map type t beyond an object's named ones (serde's
 * flatten of a map, a TypeScript index signature or a Record in an
 * intersection): additionalProperties.  `text` is for notes. */
static void map_members(ank_swalk *w, ank_sobj *o, const ank_type *t,
                        const char *text, const ank_sframe *f)
{
    bool ts = w->lang == ANK_LANG_TYPESCRIPT || w->lang == ANK_LANG_TSX;
    const char *keys[ANK_SCHEMA_MAX_KEYS];
    size_t nkeys;
    if (ts && ank__schema_ts_record_keys(w, t, f, keys, &nkeys)) {
        ank__schema_ts_record_members(w, o, t, f, keys, nkeys);
        return;
    }
    char key = ts ? index_key(t->a) : 's';
    if (key == 'y') {
        ank__schema_note(w, text, "symbol index signature: JSON.stringify "
                                  "leaves it out");
        return;
    }
    if (o->extra && key == 'n')
        return; /* a string index signature already takes every key */
    size_t mark = ank__schema_enter(w, "additionalProperties", NULL);
    json_decref(o->extra);
    o->extra = ank__schema_walk(w, t->b, f);
    if (key == 'n')
        ank__schema_note(w, text, "number index signature: its keys are not "
                                  "checked to be numbers");
    ank__schema_leave(w, mark);
}

bool ank__schema_obj_named(ank_swalk *w, ank_sobj *o, const ank_type *t,
                           const ank_sframe *f, bool promoted, unsigned hops)
{
    while (t && t->kind == ANK_TYPE_POINTER)
        t = t->a;
    const ank_type *arg;
    const ank_sframe *af;
    if (t && t->kind == ANK_TYPE_NAMED && !t->nitems &&
        ank__schema_bound(f, t->name, &arg, &af))
        return ank__schema_obj_named(w, o, arg, af, promoted, hops);
    if (t && t->kind == ANK_TYPE_OBJECT) {
        ank__schema_obj_fields(w, o, NULL, t->fields, t->nfields, f, promoted,
                               hops);
        return true;
    }
    if (t && t->kind == ANK_TYPE_MAP &&
        (w->lang == ANK_LANG_TYPESCRIPT || w->lang == ANK_LANG_TSX)) {
        map_members(w, o, t, w->text, f);
        return true;
    }
    const ank_constraint *s =
        t && t->kind == ANK_TYPE_NAMED ? ank__schema_resolve(w, t->name) : NULL;
    if (!s || !ank__schema_object_like(s) || hops >= ANK_SCHEMA_MAX_MERGE)
        return false;
    ank_sframe nf = ank__schema_frame_of(
        s, t->items, ank__schema_type_params(s) ? t->nitems : 0, f);
    if (promoted) {
        ank__schema_members(w, o, s, &nf, promoted, hops);
        return true;
    }
    /* an intersection (`self: Window & typeof globalThis` in Window)
     * would otherwise merge the same members inside them for ever */
    unsigned i = 0;
    while (i < w->nmerging && w->merging[i] != s)
        i++;
    if (i < w->nmerging || w->nmerging == ANK_SCHEMA_MAX_MERGE) {
        w->again = true;
        return false;
    }
    w->merging[w->nmerging++] = s;
    ank__schema_members(w, o, s, &nf, promoted, hops);
    w->nmerging--;
    return true;
}

bool ank__schema_obj_start(ank_swalk *w, ank_sobj *o)
{
    o->kv = o->kv_small;
    o->cap = sizeof o->kv_small / sizeof *o->kv_small;
    o->n = 0;
    o->req = o->req_small;
    o->capreq = sizeof o->req_small / sizeof *o->req_small;
    o->nreq = 0;
    o->extra = NULL;
    o->open = false;
    return !w->b->status;
}

json_t *ank__schema_obj_finish(ank_swalk *w, ank_sobj *o)
{
    return ank__schema_obj_finish_into(w, o, NULL);
}

json_t *ank__schema_obj_finish_into(ank_swalk *w, ank_sobj *o, json_t *into)
{
    json_t *s = NULL;
    if (!w->b->status) {
        s = into ? json_incref(into) : json_object();
        ank__schema_put(w, s, "type", ank__schema_shared_lit(w, "object"));
        ank__schema_put(w, s, "properties",
                        ank__schema_shared_object(w, o->kv, o->n));
        ank__schema_put(w, s, "required",
                        ank__schema_shared_array(w, o->req, o->nreq));
        if (o->extra)
            ank__schema_put(w, s, "additionalProperties",
                            json_incref(o->extra));
        else if (!o->open)
            ank__schema_put(w, s, "additionalProperties", json_false());
    }
    for (size_t i = 0; i < 2 * o->n; i++)
        json_decref(o->kv[i]);
    if (o->kv != o->kv_small)
        ank__free(o->kv);
    if (o->req != o->req_small)
        ank__free(o->req);
    json_decref(o->extra);
    o->kv = o->kv_small;
    o->req = o->req_small;
    o->n = o->nreq = 0;
    o->extra = NULL;
    return checked(w, s);
}

/* The object of a shape's members, bases first. */
json_t *ank__schema_object_of(ank_swalk *w, const ank_constraint *s,
                              const ank_sframe *f, json_t *into)
{
    ank_sobj o;
    if (!ank__schema_obj_start(w, &o))
        return NULL;
    ank__schema_members(w, &o, s, f, false, 0);
    if (s->language == ANK_LANG_PYTHON && s->u.shape.shape == ANK_SHAPE_CLASS &&
        !o.n) {
        o.open = true;
        ank__schema_note(
            w, s->name,
            "no annotated fields: attributes assigned in methods are not read");
    }
    return ank__schema_obj_finish_into(w, &o, into);
}

json_t *ank__schema_tuple(ank_swalk *w, const ank_field *fields, uint32_t n,
                          uint32_t required, const ank_sframe *f)
{
    json_t *s = ank__schema_typed(w, "array");
    if (n == 0) {
        ank__schema_put(w, s, "maxItems", json_integer(0));
        return checked(w, s);
    }
    json_t *items = json_array();
    for (uint32_t i = 0; i < n; i++) {
        size_t mark = ank__schema_enter_index(w, "prefixItems", i);
        w->text = fields[i].type.text;
        ank__schema_push(w, items, ank__schema_walk(w, fields[i].type.tree, f));
        ank__schema_leave(w, mark);
    }
    ank__schema_put(w, s, "prefixItems", items);
    ank__schema_put(w, s, "items", json_false());
    ank__schema_put(w, s, "minItems", json_integer(required));
    return checked(w, s);
}

/* -------------------------------------------------------------- members */

bool ank__schema_ts_undefined(ank_swalk *w, const ank_type *t)
{
    return (w->lang == ANK_LANG_TYPESCRIPT || w->lang == ANK_LANG_TSX) &&
           t->kind == ANK_TYPE_NAMED &&
           (is(t->name, "undefined") || is(t->name, "void"));
}

/* May a TS property of type t be left out (`T | undefined`)? */
static bool ts_absent(ank_swalk *w, const ank_type *t)
{
    for (uint32_t i = 0; t && t->kind == ANK_TYPE_UNION && i < t->nitems; i++)
        if (ank__schema_ts_undefined(w, t->items[i]))
            return true;
    return false;
}

/* Go's embedded struct, serde's flatten, and a TypeScript index
 * signature: the members move up (a map's are the members beyond the
 * named ones: additionalProperties). */
static void merge_embedded(ank_swalk *w, ank_sobj *o, const ank_field *fd,
                           const ank_sframe *f, unsigned hops)
{
    const ank_type *t = fd->type.tree;
    while (t && t->kind == ANK_TYPE_POINTER)
        t = t->a;
    if (t && t->kind == ANK_TYPE_MAP &&
        (w->lang == ANK_LANG_RUST || w->lang == ANK_LANG_TYPESCRIPT ||
         w->lang == ANK_LANG_TSX)) {
        map_members(w, o, t, fd->type.text, f);
        return;
    }
    if (ank__schema_obj_named(w, o, t, f, true, hops + 1) || w->b->status)
        return;
    const ank_constraint *s =
        t && t->kind == ANK_TYPE_NAMED ? ank__schema_resolve(w, t->name) : NULL;
    if (s && w->lang == ANK_LANG_GO) {
        /* a non-struct embedded type is a field named after the type */
        char *owned;
        const char *key = ank__schema_key(fd->name, &owned);
        size_t mark = ank__schema_enter(w, "properties", key ? key : "");
        json_t *p =
            key ? ank__schema_property(w, fd->doc, &fd->type, NULL, f) : NULL;
        ank__schema_leave(w, mark);
        ank__schema_obj_set(w, o, key ? key : "", p, !fd->optional, true);
        if (!key)
            nomem(w);
        ank__free(owned);
        return;
    }
    o->open = true;
    ank__schema_note(w, fd->type.text,
                     "embedded type unknown: its members are not included");
}

/* Why a field is left out of the object, or NULL. */
static const char *dropped(ank_swalk *w, const ank_field *fd, const char *name)
{
    if (fd->is_static)
        return "static member: not part of an instance; left out";
    if (name[0] == '#')
        return "private #field: JSON.stringify leaves it out";
    if (w->lang == ANK_LANG_GO && !(name[0] & 0x80) &&
        !isupper((unsigned char)name[0]))
        return "unexported field: encoding/json leaves it out";
    if (fd->type.tree && fd->type.tree->kind == ANK_TYPE_FUNCTION)
        return "function-typed member: not a JSON value; left out";
    const ank_type *t = fd->type.tree;
    if (w->lang == ANK_LANG_GO && t && t->kind == ANK_TYPE_NAMED &&
        (is(t->name, "chan") || is(t->name, "<-chan") ||
         is(t->name, "chan<-") || is(t->name, "complex64") ||
         is(t->name, "complex128")))
        return "channel or complex member: encoding/json cannot write it; "
               "left out";
    return NULL;
}

static void add_field(ank_swalk *w, ank_sobj *o, const char *rule,
                      const ank_field *fd, const ank_sframe *f, bool promoted,
                      unsigned hops)
{
    const char *name = fd->name ? fd->name : "";
    if (fd->skip || (fd->embedded && w->lang == ANK_LANG_ZIG))
        return; /* serde skip, json:"-"; usingnamespace adds no field */
    if (fd->embedded && !fd->rename) {
        merge_embedded(w, o, fd, f, hops);
        return;
    }
    bool rust = w->lang == ANK_LANG_RUST;
    if (rust && !strncmp(name, "r#", 2))
        name += 2;
    char *owned = NULL;
    const char *key = fd->rename ? ank__schema_key(fd->rename, &owned)
                      : rust     ? (owned = ank__schema_rename(rule, name, false))
                                 : ank__schema_key(name, &owned);
    if (!key) {
        nomem(w);
        return;
    }
    size_t mark = ank__schema_enter(w, "properties", key);
    const char *drop = dropped(w, fd, name);
    if (drop) {
        ank__schema_note(w, fd->type.text ? fd->type.text : name, drop);
    } else {
        json_t *p =
            ank__schema_property(w, fd->doc, &fd->type, fd->default_text, f);
        ank__schema_obj_set(w, o, key, p,
                            !fd->optional && !ts_absent(w, fd->type.tree),
                            promoted);
    }
    ank__schema_leave(w, mark);
    ank__free(owned);
}

void ank__schema_obj_fields(ank_swalk *w, ank_sobj *o, const char *rule,
                            const ank_field *fields, uint32_t n,
                            const ank_sframe *f, bool promoted, unsigned hops)
{
    for (uint32_t i = 0; i < n && !w->b->status; i++)
        add_field(w, o, rule, &fields[i], f, promoted, hops);
}

/* Python bases that bring no data members. */
static bool framework_base(ank_lang lang, const char *name)
{
    static const char *const py[] = {
        "object",   "BaseModel", "TypedDict", "NamedTuple", "Generic",
        "Protocol", "ABC",       "Enum",      "IntEnum",    "StrEnum",
        "Flag",     "IntFlag",   "str",       "int",        "dict"};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; lang == ANK_LANG_PYTHON && i < sizeof py / sizeof *py;
         i++)
        if (is(py[i], dot ? dot + 1 : name))
            return true;
    return false;
}

/* Members inherited from base classes and extended interfaces come first;
 * a base's type arguments are not read (its parameters map to {}). */
static void add_bases(ank_swalk *w, ank_sobj *o, const ank_constraint *s,
                      unsigned hops)
{
    if (w->lang == ANK_LANG_GO || w->lang == ANK_LANG_RUST ||
        w->lang == ANK_LANG_ZIG)
        return;
    for (uint32_t i = 0; i < s->u.shape.nbases && !w->b->status; i++) {
        const char *text = s->u.shape.bases[i];
        char *name = ank__strndup(text, strcspn(text, "<[("));
        const ank_constraint *base = NULL;
        if (!name)
            nomem(w);
        else if (!framework_base(w->lang, name))
            base = ank__schema_resolve(w, name);
        if (base && ank__schema_object_like(base) && base != s &&
            hops < ANK_SCHEMA_MAX_MERGE) {
            ank_sframe nf = {.gen = base->u.shape.generics,
                             .ngen = base->u.shape.ngenerics};
            ank__schema_members(w, o, base, &nf, true, hops + 1);
        } else if (name && !framework_base(w->lang, name)) {
            o->open = true;
            ank__schema_note(w, text,
                             "base type unknown: its members are not included");
        }
        ank__free(name);
    }
}

void ank__schema_members(ank_swalk *w, ank_sobj *o, const ank_constraint *s,
                         const ank_sframe *nf, bool promoted, unsigned hops)
{
    const char *scope = w->scope;
    w->scope = s->name;
    add_bases(w, o, s, hops);
    ank__schema_obj_fields(w, o, s->u.shape.rename_all, s->u.shape.fields,
                           s->u.shape.nfields, nf, promoted, hops);
    w->scope = scope;
}
