/*
 * bctx.c - the compile context: sticky failure, the type index and
 * jansson helpers that fold allocation failure into the context.
 *
 * Invariants: `shapes` is sorted by (language, name, input order), and
 * `shape_index` holds the first of each (language, name), so a lookup
 * finds the first definition of a name deterministically; `by_id` holds
 * every constraint, in input order along each probe sequence, so a lookup
 * finds the first constraint with the id.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../ffi/alloc.h"
#include "../ffi/context.h"
#include "braid.h"
#include "schema_memo.h"

typedef struct indexed {
    const ank_constraint *c;
    size_t order; /* position in the input */
} indexed;

static int shape_cmp(const void *pa, const void *pb)
{
    const indexed *a = pa, *b = pb;
    ank_lang la = ank__braid_lang(a->c->language);
    ank_lang lb = ank__braid_lang(b->c->language);
    if (la != lb)
        return la < lb ? -1 : 1;
    int c = strcmp(a->c->name, b->c->name);
    if (c)
        return c;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* A slot of the shape index: shapes[index - 1] (0: empty) and the hash
 * of its (language, name). */
struct ank_shape_slot {
    uint32_t index;
    uint32_t hash;
};

static uint64_t name_hash(ank_lang lang, const char *name)
{
    return XXH3_64bits_withSeed(name, strlen(name), (uint64_t)lang);
}

/* Index the first shape of each (language, name): a name that is no
 * shape's (most names looked up are builtins) costs a hash and a probe or
 * two instead of a binary search with its string compares. */
static bool index_shapes(ank_bctx *b)
{
    size_t cap = 16;
    while (cap < 2 * b->nshapes)
        cap *= 2;
    b->shape_index = ank__arena_alloc(&b->arena, cap * sizeof *b->shape_index);
    if (!b->shape_index)
        return false;
    b->shape_mask = cap - 1;
    for (size_t i = 0; i < b->nshapes; i++) {
        const ank_constraint *c = b->shapes[i];
        ank_lang lang = ank__braid_lang(c->language);
        if (i && ank__braid_lang(b->shapes[i - 1]->language) == lang &&
            strcmp(b->shapes[i - 1]->name, c->name) == 0)
            continue; /* a later definition of the same name */
        uint64_t h = name_hash(lang, c->name);
        size_t k = h & b->shape_mask;
        while (b->shape_index[k].index)
            k = (k + 1) & b->shape_mask;
        b->shape_index[k] = (struct ank_shape_slot){(uint32_t)i + 1,
                                                    (uint32_t)h};
    }
    return true;
}

ank_status ank__bctx_init(ank_bctx *b, const ank_result *in)
{
    memset(b, 0, sizeof *b);
    b->in = in;
    /* a few tens of KB at most (the shapes and their index, the
     * duplicates), live through the whole compile: the room left in a
     * large block would cost more than the mallocs of small ones */
    b->arena = (ank_arena)ANK_ARENA_SMALL;
    size_t n = 0;
    for (size_t i = 0; i < in->count; i++)
        n += in->items[i]->kind == ANK_KIND_TYPE_SHAPE && in->items[i]->name;
    if (n >= UINT32_MAX)
        return b->status = ANK_ERR_NOMEM;
    if (n) {
        indexed *tmp = ank__malloc(n * sizeof *tmp);
        b->shapes = ank__arena_alloc(&b->arena, n * sizeof *b->shapes);
        if (!tmp || !b->shapes) {
            ank__free(tmp);
            return b->status = ANK_ERR_NOMEM;
        }
        for (size_t i = 0, k = 0; i < in->count; i++)
            if (in->items[i]->kind == ANK_KIND_TYPE_SHAPE && in->items[i]->name)
                tmp[k++] = (indexed){in->items[i], i};
        qsort(tmp, n, sizeof *tmp, shape_cmp);
        for (size_t i = 0; i < n; i++)
            b->shapes[i] = tmp[i].c;
        b->nshapes = n;
        ank__free(tmp);
        if (!index_shapes(b))
            return b->status = ANK_ERR_NOMEM;
    }
    return ANK_OK;
}

void ank__bctx_release(ank_bctx *b)
{
    ank__schema_memo_free(b->smemo);
    b->smemo = NULL;
    ank__arena_release(&b->arena);
    b->shapes = NULL;
    b->nshapes = 0;
    b->shape_index = NULL;
    b->by_id = NULL;
}

ank_status ank__bctx_fail(ank_bctx *b, ank_status status, const char *fmt, ...)
{
    if (b->status == ANK_OK) {
        b->status = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(b->message, sizeof b->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

const ank_constraint *ank__braid_shape(const ank_bctx *b, ank_lang lang,
                                       const char *name)
{
    if (!b->nshapes)
        return NULL;
    lang = ank__braid_lang(lang);
    uint64_t h = name_hash(lang, name);
    for (size_t k = h & b->shape_mask; b->shape_index[k].index;
         k = (k + 1) & b->shape_mask) {
        const ank_constraint *c = b->shapes[b->shape_index[k].index - 1];
        if (b->shape_index[k].hash == (uint32_t)h &&
            ank__braid_lang(c->language) == lang && strcmp(c->name, name) == 0)
            return c;
    }
    return NULL;
}

static uint64_t id_hash(const char *id)
{
    return XXH3_64bits(id, strlen(id));
}

/* Hash every id (open addressing, at most two-thirds full), in input order so
 * that the first of equal ids wins: a lookup is a hash and a probe or
 * two, where a sorted table cost a sort and a binary search of string
 * compares. */
static bool index_ids(ank_bctx *b)
{
    const ank_result *r = b->in;
    if (r->count >= UINT32_MAX)
        return false;
    size_t cap = 16;
    while (cap < r->count + r->count / 2)
        cap *= 2;
    b->by_id = ank__arena_alloc(&b->arena, cap * sizeof *b->by_id);
    if (!b->by_id)
        return false;
    b->id_mask = cap - 1;
    for (size_t i = 0; i < r->count; i++) {
        size_t k = id_hash(r->items[i]->id) & b->id_mask;
        while (b->by_id[k])
            k = (k + 1) & b->id_mask;
        b->by_id[k] = (uint32_t)i + 1;
    }
    return true;
}

const ank_constraint *ank__braid_find(ank_bctx *b, const char *id)
{
    const ank_result *r = b->in;
    if (!id || !r->count)
        return NULL;
    if (!b->by_id && !index_ids(b)) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (size_t k = id_hash(id) & b->id_mask; b->by_id[k];
         k = (k + 1) & b->id_mask) {
        const ank_constraint *c = r->items[b->by_id[k] - 1];
        if (strcmp(c->id, id) == 0)
            return c;
    }
    return NULL;
}

/* Text checked here is set with jansson's _nocheck calls: its own UTF-8
 * check costs several instructions a byte, ank__utf8_check about one on
 * ASCII.  Text that fails goes to the checking calls, which refuse it. */
static bool valid(const char *s, size_t n) { return ank__utf8_check(s, n) == n; }

void ank__jset(ank_bctx *b, json_t *obj, const char *key, json_t *v)
{
    size_t n = key ? strlen(key) : 0;
    int rc = !v || !obj || !key ? -1
             : valid(key, n)    ? json_object_setn_new_nocheck(obj, key, n, v)
                                : json_object_setn_new(obj, key, n, v);
    if (rc != 0)
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
}

json_t *ank__jstr(const char *s)
{
    return s ? ank__jtext(s, strlen(s)) : NULL;
}

json_t *ank__jtext(const char *s, size_t n)
{
    if (!s)
        s = "", n = 0;
    return valid(s, n) ? json_stringn_nocheck(s, n) : json_stringn(s, n);
}

void ank__jpush(ank_bctx *b, json_t *arr, json_t *v)
{
    if (!v || !arr || json_array_append_new(arr, v) != 0)
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
}
