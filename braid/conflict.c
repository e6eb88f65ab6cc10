/*
 * conflict.c - merge duplicate constraints, order types by dependency, and
 * find the contradictions a compile reports.
 *
 * Duplicates: signatures with the same language, name and signature text,
 * and type shapes with the same language, name and content (shape kind,
 * fields, variants, aliased type) become one artifact with every source
 * and a count.  Shapes with one name and different content are distinct
 * definitions (ordinals 0, 1, ...) and a conflict.
 *
 * Conflicts (docs/ir.md gives each resolution rule):
 *   naming       a class's dominant style has close competition;
 *   type.shape   one type name with different shapes in different files;
 *   hole.forbid  a hole's signature already uses a forbidden pattern.
 *
 * Invariant: everything is in input order or sorted on stable keys, so the
 * document does not depend on hash values or addresses.
 */
#define XXH_STATIC_LINKING_ONLY
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../ffi/alloc.h"
#include "conflict.h"
#include "regex.h"
#include "schema_json.h"

/* At most this many locations are listed per side. */
#define SIDE_LOCATIONS 5

/* ------------------------------------------------------------ content */

static void hash_str(XXH3_state_t *h, const char *s)
{
    XXH3_64bits_update(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static void hash_fields(XXH3_state_t *h, const ank_field *f, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        hash_str(h, f[i].name);
        hash_str(h, f[i].type.text);
        hash_str(h, f[i].rename);
        unsigned char flags =
            (unsigned char)(f[i].optional | f[i].skip << 1 |
                            f[i].embedded << 2 | f[i].readonly << 3);
        XXH3_64bits_update(h, &flags, 1);
    }
}

static uint64_t content_hash(const ank_constraint *c)
{
    XXH3_state_t h;
    XXH3_64bits_reset(&h);
    if (c->kind == ANK_KIND_FUNCTION_SIGNATURE) {
        hash_str(&h, c->u.sig.signature);
        return XXH3_64bits_digest(&h);
    }
    const ank_shape *s = &c->u.shape;
    unsigned char kind = (unsigned char)s->shape;
    XXH3_64bits_update(&h, &kind, 1);
    hash_str(&h, s->aliased.text);
    hash_str(&h, s->rename_all);
    hash_fields(&h, s->fields, s->nfields);
    for (uint32_t i = 0; i < s->nvariants; i++) {
        hash_str(&h, s->variants[i].name);
        hash_str(&h, s->variants[i].value);
        hash_str(&h, s->variants[i].rename);
        hash_fields(&h, s->variants[i].fields, s->variants[i].nfields);
    }
    return XXH3_64bits_digest(&h);
}

/* ---------------------------------------------------------- duplicates */

typedef struct keyed {
    const ank_constraint *c;
    size_t order;
    size_t dup; /* index of its dup */
} keyed;

static int by_identity(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->c->kind != b->c->kind)
        return a->c->kind < b->c->kind ? -1 : 1;
    ank_lang la = ank__braid_lang(a->c->language);
    ank_lang lb = ank__braid_lang(b->c->language);
    if (la != lb)
        return la < lb ? -1 : 1;
    int n = strcmp(a->c->name, b->c->name);
    if (n)
        return n;
    return a->order < b->order ? -1 : a->order > b->order;
}

static bool same_identity(const ank_constraint *a, const ank_constraint *b)
{
    return a->kind == b->kind &&
           ank__braid_lang(a->language) == ank__braid_lang(b->language) &&
           strcmp(a->name, b->name) == 0;
}

static int dup_by_order(const void *pa, const void *pb)
{
    const ank_dup *a = pa, *b = pb;
    return a->order < b->order ? -1 : a->order > b->order;
}

static bool dedupable(const ank_constraint *c)
{
    return c->name && (c->kind == ANK_KIND_FUNCTION_SIGNATURE ||
                       c->kind == ANK_KIND_TYPE_SHAPE);
}

static void location(ank_bctx *b, json_t *side, const ank_constraint *c)
{
    ank__jset(b, side, "constraint", ank__jstr(c->id));
    if (!c->file) {
        ank__jset(b, side, "file", json_null());
        return;
    }
    /* a path can be any bytes: written as the constraints document does */
    ank__jset(b, side, "file", ank__schema_str(c->file));
    ank__jset(b, side, "line", json_integer(c->span.start_line));
    ank__jset(b, side, "column", json_integer(c->span.start_column));
}

static json_t *conflict_new(ank_bctx *b, const char *kind, const char *lang,
                            const char *name, const char *resolution)
{
    json_t *o = json_object();
    ank__jset(b, o, "kind", ank__jstr(kind));
    ank__jset(b, o, "language", ank__jstr(lang));
    ank__jset(b, o, "name", ank__jstr(name));
    ank__jset(b, o, "resolution", ank__jstr(resolution));
    return o;
}

/* Two shapes of one name: every distinct definition is a side. */
static void shape_conflict(ank_bctx *b, ank_cstate *cc, const ank_dup *dups,
                           size_t n)
{
    json_t *o = conflict_new(
        b, "type.shape", ank_lang_name(dups[0].first->language),
        dups[0].first->name,
        "references resolve to the first definition in input order; every "
        "definition keeps its own schema artifact (its ordinal tells them "
        "apart)");
    json_t *sides = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *side = json_object();
        location(b, side, dups[i].first);
        ank__jset(b, side, "count", json_integer((json_int_t)dups[i].count));
        ank__jpush(b, sides, side);
    }
    ank__jset(b, o, "sides", sides);
    ank__jpush(b, cc->conflicts, o);
}

static void merged_entry(ank_bctx *b, ank_cstate *cc, const ank_dup *d)
{
    json_t *o = json_object();
    ank__jset(b, o, "kind", ank__jstr(ank__kind_name(d->first->kind)));
    ank__jset(b, o, "language", ank__jstr(ank_lang_name(d->first->language)));
    ank__jset(b, o, "name", ank__jstr(d->first->name));
    ank__jset(b, o, "count", json_integer((json_int_t)d->count));
    json_t *src = json_array();
    for (size_t i = 0; i < d->count; i++)
        ank__jpush(b, src, ank__jstr(d->members[i]->id));
    ank__jset(b, o, "sources", src);
    ank__jpush(b, cc->merged, o);
}

/* Group the signatures and shapes into dups (see the file header). */
static void group(ank_bctx *b, ank_cstate *cc, keyed *k, size_t n)
{
    qsort(k, n, sizeof *k, by_identity);
    cc->dups = ank__arena_alloc(&b->arena, n * sizeof *cc->dups);
    if (!cc->dups) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; i < n;) {
        size_t end = i + 1;
        while (end < n && same_identity(k[i].c, k[end].c))
            end++;
        size_t base = cc->ndups;
        for (size_t j = i; j < end; j++) {
            /* a name met once has nothing to merge with: no hash */
            uint64_t h = end - i > 1 ? content_hash(k[j].c) : 0;
            size_t d = base;
            while (d < cc->ndups && cc->dups[d].content != h)
                d++;
            if (d == cc->ndups)
                cc->dups[cc->ndups++] = (ank_dup){
                    .first = k[j].c,
                    .ordinal = (uint32_t)(d - base),
                    .order = k[j].order,
                    .content = h};
            cc->dups[d].count++;
            k[j].dup = d;
        }
        for (size_t d = base; d < cc->ndups; d++) {
            cc->dups[d].members = ank__arena_alloc(
                &b->arena, cc->dups[d].count * sizeof *cc->dups[d].members);
            if (!cc->dups[d].members) {
                ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
                return;
            }
            cc->dups[d].count = 0;
        }
        for (size_t j = i; j < end; j++) {
            ank_dup *d = &cc->dups[k[j].dup];
            d->members[d->count++] = k[j].c;
        }
        if (cc->ndups - base > 1 && k[i].c->kind == ANK_KIND_TYPE_SHAPE)
            shape_conflict(b, cc, cc->dups + base, cc->ndups - base);
        i = end;
    }
    qsort(cc->dups, cc->ndups, sizeof *cc->dups, dup_by_order);
    for (size_t d = 0; d < cc->ndups; d++)
        if (cc->dups[d].count > 1)
            merged_entry(b, cc, &cc->dups[d]);
}

/* ------------------------------------------------- dependency order */

/* A shape dup by the address of its first constraint, which is what
 * ank__braid_shape returns for a name. */
typedef struct shape_ref {
    const ank_constraint *c;
    size_t dup;
} shape_ref;

typedef struct order_state {
    ank_bctx *b;
    ank_cstate *cc;
    shape_ref *refs; /* sorted by address */
    size_t n;
    unsigned char *mark; /* per dup: 0 new, 1 on the path, 2 done */
} order_state;

static int by_address(const void *pa, const void *pb)
{
    uintptr_t a = (uintptr_t)((const shape_ref *)pa)->c;
    uintptr_t b = (uintptr_t)((const shape_ref *)pb)->c;
    return a < b ? -1 : a > b;
}

static void visit(order_state *s, size_t d);

static void visit_type(order_state *s, ank_lang lang, const ank_type *t,
                       int depth)
{
    if (!t || depth > ANK_TYPE_MAX_DEPTH + 1)
        return;
    if (t->kind == ANK_TYPE_NAMED && t->name) {
        shape_ref key = {ank__braid_shape(s->b, lang, t->name), 0};
        const shape_ref *hit =
            key.c ? bsearch(&key, s->refs, s->n, sizeof key, by_address) : NULL;
        if (hit)
            visit(s, hit->dup);
    }
    visit_type(s, lang, t->a, depth + 1);
    visit_type(s, lang, t->b, depth + 1);
    for (uint32_t i = 0; i < t->nitems; i++)
        visit_type(s, lang, t->items[i], depth + 1);
    for (uint32_t i = 0; i < t->nfields; i++)
        visit_type(s, lang, t->fields[i].type.tree, depth + 1);
}

static void visit(order_state *s, size_t d)
{
    if (s->mark[d])
        return; /* done, or a cycle: broken here */
    s->mark[d] = 1;
    const ank_constraint *c = s->cc->dups[d].first;
    const ank_shape *sh = &c->u.shape;
    visit_type(s, c->language, sh->aliased.tree, 0);
    for (uint32_t i = 0; i < sh->nfields; i++)
        visit_type(s, c->language, sh->fields[i].type.tree, 0);
    for (uint32_t v = 0; v < sh->nvariants; v++)
        for (uint32_t i = 0; i < sh->variants[v].nfields; i++)
            visit_type(s, c->language, sh->variants[v].fields[i].type.tree, 0);
    s->mark[d] = 2;
    s->cc->shape_order[s->cc->nshape_order++] = &s->cc->dups[d];
}

static void dependency_order(ank_bctx *b, ank_cstate *cc)
{
    order_state s = {.b = b, .cc = cc};
    size_t shapes = 0;
    for (size_t d = 0; d < cc->ndups; d++)
        shapes += cc->dups[d].first->kind == ANK_KIND_TYPE_SHAPE;
    if (!shapes)
        return;
    cc->shape_order = ank__arena_alloc(&b->arena, shapes * sizeof(ank_dup *));
    s.refs = ank__arena_alloc(&b->arena, shapes * sizeof *s.refs);
    s.mark = ank__arena_alloc(&b->arena, cc->ndups);
    if (!cc->shape_order || !s.refs || !s.mark) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    for (size_t d = 0; d < cc->ndups; d++)
        if (cc->dups[d].first->kind == ANK_KIND_TYPE_SHAPE)
            s.refs[s.n++] = (shape_ref){cc->dups[d].first, d};
    qsort(s.refs, s.n, sizeof *s.refs, by_address);
    for (size_t d = 0; d < cc->ndups; d++)
        if (cc->dups[d].first->kind == ANK_KIND_TYPE_SHAPE)
            visit(&s, d);
}

void ank__conflict_dedupe(ank_bctx *b, ank_cstate *cc)
{
    const ank_result *r = b->in;
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++)
        n += dedupable(r->items[i]);
    if (!n)
        return;
    keyed *k = ank__malloc(n * sizeof *k);
    if (!k) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    for (size_t i = 0, j = 0; i < r->count; i++)
        if (dedupable(r->items[i]))
            k[j++] = (keyed){r->items[i], i, 0};
    group(b, cc, k, n);
    ank__free(k);
    if (b->status == ANK_OK)
        dependency_order(b, cc);
}

/* -------------------------------------------------------------- naming */

/* The competing style: the commonest style among the listed outliers,
 * with the share of all outliers it stands for. */
static void naming_conflict(ank_bctx *b, ank_cstate *cc,
                            const ank_constraint *c)
{
    const ank_naming *n = &c->u.naming;
    if (!n->noutliers || n->style == ANK_STYLE_OTHER)
        return;
    uint32_t per[ANK_STYLE_COUNT_] = {0};
    for (uint32_t i = 0; i < n->noutliers; i++)
        per[n->outliers[i].style]++;
    int rival = -1;
    for (int s = 0; s < ANK_STYLE_COUNT_; s++)
        if (s != ANK_STYLE_OTHER && per[s] && (rival < 0 || per[s] > per[rival]))
            rival = s;
    if (rival < 0)
        return;
    /* outliers written in the rival style, estimated over all of them */
    double rival_support =
        (double)n->noutliers_total * per[rival] / (double)n->noutliers;
    if (rival_support * 2 < n->support)
        return;
    char name[64], resolution[256];
    snprintf(name, sizeof name, "%s", ank__id_class_name(n->id_class));
    snprintf(resolution, sizeof resolution,
             "the dominant style wins: generated %s names use %s (%u of %u); "
             "the naming grammar and regex accept only it",
             ank__id_class_name(n->id_class), ank__style_name(n->style),
             n->support, n->total);
    json_t *o = conflict_new(b, "naming", ank_lang_name(c->language), name,
                             resolution);
    json_t *sides = json_array();
    json_t *major = json_object();
    ank__jset(b, major, "style", ank__jstr(ank__style_name(n->style)));
    ank__jset(b, major, "support", json_integer(n->support));
    location(b, major, c);
    /* where the dominant style holds: files whose own result agrees */
    json_t *where = json_array();
    const ank_result *r = b->in;
    for (size_t i = 0; i < r->count && json_array_size(where) < SIDE_LOCATIONS;
         i++) {
        const ank_constraint *f = r->items[i];
        if (f->kind == ANK_KIND_NAMING_CONVENTION && f->file &&
            ank__braid_lang(f->language) == ank__braid_lang(c->language) &&
            f->u.naming.id_class == n->id_class &&
            f->u.naming.style == n->style) {
            json_t *loc = json_object();
            location(b, loc, f);
            ank__jpush(b, where, loc);
        }
    }
    ank__jset(b, major, "locations", where);
    ank__jpush(b, sides, major);
    json_t *minor = json_object();
    ank__jset(b, minor, "style", ank__jstr(ank__style_name((ank_style)rival)));
    ank__jset(b, minor, "support", json_integer((json_int_t)(rival_support + 0.5)));
    location(b, minor, c);
    json_t *locs = json_array();
    for (uint32_t i = 0; i < n->noutliers && json_array_size(locs) < SIDE_LOCATIONS;
         i++) {
        const ank_naming_outlier *o2 = &n->outliers[i];
        if (o2->style != (ank_style)rival)
            continue;
        json_t *loc = json_object();
        ank__jset(b, loc, "name", ank__jstr(o2->name));
        ank__jset(b, loc, "file",
                  o2->file ? ank__schema_str(o2->file) : json_null());
        ank__jset(b, loc, "line", json_integer(o2->span.start_line));
        ank__jset(b, loc, "column", json_integer(o2->span.start_column));
        ank__jpush(b, locs, loc);
    }
    ank__jset(b, minor, "locations", locs);
    ank__jpush(b, sides, minor);
    ank__jset(b, o, "sides", sides);
    ank__jpush(b, cc->conflicts, o);
}

/* --------------------------------------------------------- hole.forbid */

/* The forbidden patterns compiled so far in one ank__conflict_find: each
 * is compiled once however many holes name it.  Memory comes from the
 * library's allocator. */
typedef struct pattern_cache {
    pcre2_general_context *gc;
    pcre2_match_data *match;
    struct {
        const char *re;
        pcre2_code *code; /* NULL when PCRE2 rejects it */
    } entry[64];
    size_t n;
} pattern_cache;

static void cache_release(pattern_cache *pc)
{
    for (size_t i = 0; i < pc->n; i++)
        pcre2_code_free(pc->entry[i].code);
    pcre2_match_data_free(pc->match);
    pcre2_general_context_free(pc->gc);
}

/* Does `re` match somewhere in `text`?  Out of memory is recorded in b. */
static bool regex_finds(ank_bctx *b, pattern_cache *pc, const char *re,
                        const char *text)
{
    size_t i = 0;
    while (i < pc->n && pc->entry[i].re != re)
        i++;
    if (i == pc->n) {
        if (!pc->gc)
            pc->gc = pcre2_general_context_create(ank__regex_pcre_malloc,
                                                 ank__regex_pcre_free, NULL);
        pcre2_compile_context *cctx =
            pc->gc ? pcre2_compile_context_create(pc->gc) : NULL;
        int code = 0;
        PCRE2_SIZE off;
        pcre2_code *p = cctx ? pcre2_compile((PCRE2_SPTR)re,
                                             PCRE2_ZERO_TERMINATED, PCRE2_UTF,
                                             &code, &off, cctx)
                             : NULL;
        pcre2_compile_context_free(cctx);
        if (!cctx || (!p && code == PCRE2_ERROR_HEAP_FAILED)) {
            ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
            return false;
        }
        if (pc->n == sizeof pc->entry / sizeof *pc->entry) {
            /* more distinct patterns than slots: match uncached */
            pcre2_match_data *m = p ? pcre2_match_data_create_from_pattern(
                                          p, pc->gc)
                                    : NULL;
            bool found = m && pcre2_match(p, (PCRE2_SPTR)text,
                                          PCRE2_ZERO_TERMINATED, 0, 0, m,
                                          NULL) >= 0;
            pcre2_match_data_free(m);
            pcre2_code_free(p);
            return found;
        }
        pc->entry[pc->n].re = re;
        pc->entry[pc->n++].code = p;
    }
    pcre2_code *p = pc->entry[i].code;
    if (!p)
        return false;
    if (!pc->match) /* one match block serves every pattern: ovector of 1 */
        pc->match = pcre2_match_data_create(1, pc->gc);
    if (!pc->match) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return false;
    }
    return pcre2_match(p, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, 0,
                       pc->match, NULL) >= 0;
}

static void hole_conflicts(ank_bctx *b, ank_cstate *cc, pattern_cache *pc,
                           const ank_constraint *h)
{
    const ank_constraint *fn = ank__braid_find(b, h->u.hole.function);
    if (!fn || fn->kind != ANK_KIND_FUNCTION_SIGNATURE || !fn->u.sig.signature)
        return;
    for (uint32_t i = 0; i < h->u.hole.napplies; i++) {
        const ank_constraint *f = ank__braid_find(b, h->u.hole.applies[i]);
        if (!f || f->kind != ANK_KIND_SECURITY_FORBID)
            continue;
        const char *need[2];
        const char *re =
            ank__regex_pattern_need(f->u.finding.pattern->id, need);
        const char *sig = fn->u.sig.signature;
        /* most signatures hold none of a pattern's literals: no compile,
         * no match */
        if (!re ||
            !(strstr(sig, need[0]) || (need[1] && strstr(sig, need[1]))) ||
            !regex_finds(b, pc, re, sig))
            continue;
        char resolution[256];
        snprintf(resolution, sizeof resolution,
                 "the forbid wins: the completion grammar excludes %s; the "
                 "signature is kept as the prefix and needs a person's review",
                 f->u.finding.pattern->id);
        json_t *o = conflict_new(b, "hole.forbid", ank_lang_name(h->language),
                                 h->name ? h->name : "", resolution);
        json_t *sides = json_array();
        json_t *hole = json_object();
        location(b, hole, h);
        ank__jset(b, hole, "signature", ank__jstr(fn->u.sig.signature));
        ank__jpush(b, sides, hole);
        json_t *forbid = json_object();
        location(b, forbid, f);
        ank__jset(b, forbid, "pattern", ank__jstr(f->u.finding.pattern->id));
        ank__jset(b, forbid, "count", json_integer(f->u.finding.count));
        ank__jset(b, forbid, "files", json_integer(f->u.finding.files));
        ank__jpush(b, sides, forbid);
        ank__jset(b, o, "sides", sides);
        ank__jpush(b, cc->conflicts, o);
    }
}

void ank__conflict_find(ank_bctx *b, ank_cstate *cc)
{
    const ank_result *r = b->in;
    pattern_cache pc = {0};
    for (size_t i = 0; i < r->count && b->status == ANK_OK; i++) {
        const ank_constraint *c = r->items[i];
        if (c->kind == ANK_KIND_NAMING_CONVENTION && c->u.naming.project)
            naming_conflict(b, cc, c);
        else if (c->kind == ANK_KIND_HOLE)
            hole_conflicts(b, cc, &pc, c);
    }
    cache_release(&pc);
}
