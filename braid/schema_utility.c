/*
 * schema_utility.c - TypeScript's utility types: Partial<T> (no member
 * required), Required<T> (every member required), Pick<T, K> and
 * Omit<T, K> (the members K names, or all the others), each built from
 * T's members as an intersection merges them; NonNullable<T> (T without
 * null and undefined); and Record<K, V> whose K lists its keys (each a
 * required member; any other Record is a map, schema_container.c).
 *
 * Invariants: K is read only as string literals (written as such, or
 * reached through bound type parameters and type aliases); a K braid
 * cannot list, and a T that is not an object type, give {} with a note,
 * never a guess.  Type arguments are only read, never changed: a union
 * without its null members is a copy on the heap, gone with the call.
 */
#include <string.h>

#include "../ffi/alloc.h"
#include "schema_json.h"
#include "schema_object.h"
#include "schema_ref.h"
#include "schema_utility.h"

/* Parameters and aliases followed before giving up. */
#define MAX_HOPS 16

#define MAX_KEYS ANK_SCHEMA_MAX_KEYS

enum { PARTIAL, REQUIRED, PICK, OMIT };

/* What each operation says when it cannot be applied. */
static const char *const not_object[] = {
    "Partial: not an object type braid can read",
    "Required: not an object type braid can read",
    "Pick: not an object type braid can read",
    "Omit: not an object type braid can read",
};

/* The named type k resolves to through a bound parameter or a type alias
 * (its frame in *kf), or NULL. */
static const ank_type *follow(ank_swalk *w, const ank_type *k,
                              const ank_sframe *f, ank_sframe *nf,
                              const ank_sframe **kf)
{
    const ank_type *arg;
    const ank_sframe *af;
    if (!k->nitems && ank__schema_bound(f, k->name, &arg, &af)) {
        *kf = af;
        return arg;
    }
    const ank_constraint *s = ank__schema_resolve(w, k->name);
    if (!s || s->u.shape.shape != ANK_SHAPE_TYPE_ALIAS ||
        !s->u.shape.aliased.tree)
        return NULL;
    *nf = ank__schema_frame_of(
        s, k->items, ank__schema_type_params(s) ? k->nitems : 0, f);
    *kf = nf;
    return s->u.shape.aliased.tree;
}

/* The string literals k stands for, appended to keys[*n..MAX_KEYS):
 * false when k is anything else. */
static bool key_names(ank_swalk *w, const ank_type *k, const ank_sframe *f,
                      const char **keys, size_t *n, unsigned hops)
{
    if (!k || hops > MAX_HOPS)
        return false;
    if (k->kind == ANK_TYPE_LITERAL) {
        if (k->literal != ANK_LIT_STRING || *n == MAX_KEYS)
            return false;
        keys[(*n)++] = k->name ? k->name : "";
        return true;
    }
    if (k->kind == ANK_TYPE_UNION) {
        for (uint32_t i = 0; i < k->nitems; i++)
            if (!key_names(w, k->items[i], f, keys, n, hops + 1))
                return false;
        return true;
    }
    if (k->kind != ANK_TYPE_NAMED)
        return false;
    ank_sframe nf;
    const ank_sframe *kf;
    const ank_type *to = follow(w, k, f, &nf, &kf);
    return to && key_names(w, to, kf, keys, n, hops + 1);
}

bool ank__schema_ts_record_keys(ank_swalk *w, const ank_type *t,
                                const ank_sframe *f, const char **keys,
                                size_t *n)
{
    *n = 0;
    return (w->lang == ANK_LANG_TYPESCRIPT || w->lang == ANK_LANG_TSX) &&
           t->kind == ANK_TYPE_MAP && t->name && strcmp(t->name, "Record") == 0 &&
           key_names(w, t->a, f, keys, n, 0);
}

void ank__schema_ts_record_members(ank_swalk *w, ank_sobj *o,
                                   const ank_type *t, const ank_sframe *f,
                                   const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n && !w->b->status; i++) {
        char *owned; /* a key as every key: valid UTF-8 */
        const char *key = ank__schema_key(keys[i], &owned);
        if (!key) {
            nomem(w);
            return;
        }
        size_t mark = ank__schema_enter(w, "properties", key);
        ank__schema_obj_set(w, o, key, ank__schema_walk(w, t->b, f), true,
                            false);
        ank__schema_leave(w, mark);
        ank__free(owned);
    }
}

static bool listed(const json_t *name, const char *const *keys, size_t n)
{
    const char *s = json_string_value(name);
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, keys[i]) == 0)
            return true;
    return false;
}

/* Remove o's property i, and its name from the required ones. */
static void drop_member(ank_sobj *o, size_t i)
{
    ank__schema_obj_unrequire(o, o->kv[2 * i]);
    json_decref(o->kv[2 * i]);
    json_decref(o->kv[2 * i + 1]);
    memmove(o->kv + 2 * i, o->kv + 2 * i + 2,
            2 * (o->n - i - 1) * sizeof *o->kv);
    o->n--;
}

/* Partial, Required, Pick or Omit of t->items[0]. */
static json_t *members_of(ank_swalk *w, const ank_type *t, const ank_sframe *f,
                          int op)
{
    const char *keys[MAX_KEYS];
    size_t nkeys = 0;
    if ((op == PICK || op == OMIT) &&
        !key_names(w, t->items[1], f, keys, &nkeys, 0))
        return ank__schema_any(w, NULL,
                               op == PICK
                                   ? "Pick: keys that are not string "
                                     "literals braid can list"
                                   : "Omit: keys that are not string "
                                     "literals braid can list");
    ank_sobj o;
    if (!ank__schema_obj_start(w, &o))
        return NULL;
    w->again = false;
    if (!ank__schema_obj_named(w, &o, t->items[0], f, false, 0)) {
        json_decref(ank__schema_obj_finish(w, &o));
        if (w->b->status)
            return NULL;
        return ank__schema_any(w, NULL,
                               w->again ? "utility type: over a type it is "
                                          "inside of (not expanded again)"
                                        : not_object[op]);
    }
    if (op == PICK || op == OMIT) {
        for (size_t i = o.n; i-- > 0;)
            if (listed(o.kv[2 * i], keys, nkeys) != (op == PICK))
                drop_member(&o, i);
    } else if (op == PARTIAL) {
        o.nreq = 0; /* the required names are borrowed from kv */
    } else {
        /* set again as required, in place: the names are shared */
        for (size_t i = 0; i < o.n && !w->b->status; i++)
            ank__schema_obj_set(w, &o, json_string_value(o.kv[2 * i]),
                                json_incref(o.kv[2 * i + 1]), true, false);
    }
    return ank__schema_obj_finish(w, &o);
}

static bool nullish(ank_swalk *w, const ank_type *t)
{
    return (t->kind == ANK_TYPE_LITERAL && t->literal == ANK_LIT_NULL) ||
           ank__schema_ts_undefined(w, t);
}

/* t without null and undefined. */
static json_t *non_nullable(ank_swalk *w, const ank_type *t,
                            const ank_sframe *f, unsigned hops)
{
    if (!t || hops > MAX_HOPS)
        return ank__schema_walk(w, t, f);
    if (t->kind == ANK_TYPE_OPTIONAL)
        return non_nullable(w, t->a, f, hops + 1);
    if (nullish(w, t))
        return ank__schema_any(w, NULL,
                               "no JSON value: NonNullable of null or "
                               "undefined is never");
    if (t->kind == ANK_TYPE_NAMED) {
        ank_sframe nf;
        const ank_sframe *tf;
        const ank_type *to = follow(w, t, f, &nf, &tf);
        return to ? non_nullable(w, to, tf, hops + 1)
                  : ank__schema_walk(w, t, f);
    }
    if (t->kind != ANK_TYPE_UNION)
        return ank__schema_walk(w, t, f);
    ank_type u = *t;
    ank_type **items = ank__malloc((t->nitems ? t->nitems : 1) * sizeof *items);
    if (!items) {
        nomem(w);
        return NULL;
    }
    u.items = items;
    u.nitems = 0;
    for (uint32_t i = 0; i < t->nitems; i++)
        if (!nullish(w, t->items[i]))
            items[u.nitems++] = t->items[i];
    json_t *r = u.nitems == 1 ? non_nullable(w, items[0], f, hops + 1)
                : u.nitems     ? ank__schema_walk(w, &u, f)
                               : non_nullable(w, t->items[0], f, hops + 1);
    ank__free(items);
    return r;
}

json_t *ank__schema_ts_utility(ank_swalk *w, const char *n, const ank_type *t,
                               const ank_sframe *f, bool *known)
{
    static const char *const names[] = {"Partial", "Required", "Pick", "Omit"};
    static const uint32_t nargs[] = {1, 1, 2, 2};
    *known = true;
    if (strcmp(n, "NonNullable") == 0 && t->nitems == 1)
        return non_nullable(w, t->items[0], f, 0);
    for (int op = PARTIAL; op <= OMIT; op++)
        if (strcmp(n, names[op]) == 0 && t->nitems == nargs[op])
            return members_of(w, t, f, op);
    *known = false;
    return NULL;
}
