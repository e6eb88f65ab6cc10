/*
 * rules.c - recording what rule walks report, and linking it to the
 * declarations once ids exist.
 *
 * Error facts and holes are located by node; a function is found again as
 * the innermost function.signature whose span contains the node, so rule
 * walks need not know which node the extractor used for the declaration.
 */
#include "rules.h"
#include "naming.h"

#include <stdlib.h>

#include "../ffi/alloc.h"

bool ank__rules_screaming(ank_x *x, TSNode name)
{
    uint32_t a = ts_node_start_byte(name), b = ts_node_end_byte(name);
    if (b > x->len || a > b)
        return false;
    return ank__naming_screaming(x->src + a, b - a);
}

void ank__rules_identifier(ank_x *x, ank_id_class id_class, TSNode name,
                           const ank_typeref *type, bool module_level)
{
    if (x->status != ANK_OK || !x->rules || ts_node_is_null(name))
        return;
    ank_rules *r = x->rules;
    /* Identifiers live in the per-file scratch arena. */
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    ank_ident *id = ANK_X_PUSH(x, r->idents, r->nidents);
    x->arena = keep;
    if (!id)
        return;
    id->id_class = id_class;
    /* The name is kept with the result: it may become a binding. */
    id->name = ank__x_text(x, name);
    id->span = ank__x_span(x, name);
    id->module_level = module_level;
    if (type)
        id->type = *type;
}

/* Grow the error.style table (x->scratch) to twice its size. */
static bool errors_grow(ank_x *x, ank_rules *r)
{
    uint32_t cap = r->errors_cap ? r->errors_cap * 2 : 64;
    ank_constraint **t = ank__arena_alloc(x->scratch, cap * sizeof *t);
    if (!t) {
        ank__x_fail(x, ANK_ERR_NOMEM);
        return false;
    }
    for (uint32_t i = 0; i < r->errors_cap; i++) {
        ank_constraint *c = r->errors[i];
        if (!c)
            continue;
        uint32_t h = (c->span.start_byte * 2654435761u) & (cap - 1);
        while (t[h])
            h = (h + 1) & (cap - 1);
        t[h] = c;
    }
    r->errors = t;
    r->errors_cap = cap;
    return true;
}

/* The error.style of the function starting at `fn`, created on first use.
 * A hash table by start byte keeps this constant-time per count. */
static ank_constraint *errors_for(ank_x *x, TSNode fn)
{
    ank_rules *r = x->rules;
    uint32_t start = ts_node_start_byte(fn) + x->bom;
    if (r->last_errors && r->last_errors->span.start_byte == start)
        return r->last_errors;
    if (r->nerrors * 2 >= r->errors_cap && !errors_grow(x, r))
        return NULL;
    uint32_t mask = r->errors_cap - 1;
    uint32_t h = (start * 2654435761u) & mask;
    while (r->errors[h]) {
        if (r->errors[h]->span.start_byte == start)
            return r->last_errors = r->errors[h];
        h = (h + 1) & mask;
    }
    ank_constraint *c = ank__x_add(x, ANK_KIND_ERROR_STYLE, fn, NULL);
    if (!c)
        return NULL;
    r->errors[h] = c;
    r->nerrors++;
    return r->last_errors = c;
}

void ank__rules_count(ank_x *x, TSNode fn, const char *counter, uint32_t n)
{
    if (x->status != ANK_OK || !x->rules || n == 0)
        return;
    ank_constraint *c = errors_for(x, fn);
    if (!c)
        return;
    ank_error_facts *f = &c->u.errors;
    for (uint32_t i = 0; i < f->ncounts; i++) {
        if (strcmp(f->counts[i].name, counter) == 0) {
            f->counts[i].count += n;
            return;
        }
    }
    ank_count *slot = ANK_X_PUSH(x, f->counts, f->ncounts);
    if (slot) {
        slot->name = counter;
        slot->count = n;
    }
}

void ank__rules_caught(ank_x *x, TSNode fn, TSNode type)
{
    if (x->status != ANK_OK || !x->rules || ts_node_is_null(type))
        return;
    ank_constraint *c = errors_for(x, fn);
    if (!c)
        return;
    ank_error_facts *f = &c->u.errors;
    const char *t = ank__x_text_capped(x, type, ANK_EVIDENCE_MAX);
    if (!t)
        return;
    for (uint32_t i = 0; i < f->ncaught; i++)
        if (strcmp(f->caught[i], t) == 0)
            return;
    ank__x_push_str(x, &f->caught, &f->ncaught, t);
}

void ank__rules_finding(ank_x *x, const ank_pattern *pattern, TSNode node)
{
    if (x->status != ANK_OK || !pattern)
        return;
    ank_constraint *c = ank__x_add(x, ANK_KIND_SECURITY_FINDING, node,
                                   pattern->id);
    if (c)
        c->u.finding.pattern = pattern;
}

/*
 * The 1-based line and byte column of offset `at` in x->src.  Newlines are
 * counted from the nearest known position before `at`: the start of the
 * function `fn` (its line and column are in the node) or where the
 * previous call ended, whichever is later; from the start of the text when
 * neither is before `at`.  So a hole costs a scan of part of its function
 * only, not of the file.
 */
static void position_of(ank_x *x, TSNode fn, uint32_t at, uint32_t *line,
                        uint32_t *column)
{
    ank_rules *r = x->rules;
    uint32_t fn_start = ts_node_start_byte(fn);
    if (fn_start <= at && fn_start >= r->at_byte && fn_start <= x->len) {
        TSPoint p = ts_node_start_point(fn);
        r->at_byte = fn_start;
        r->at_line = p.row;
        r->at_line_start = fn_start - p.column;
    } else if (at < r->at_byte) {
        r->at_byte = r->at_line = r->at_line_start = 0;
    }
    const char *p = x->src + r->at_byte, *end = x->src + at;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        r->at_line++;
        r->at_line_start = (uint32_t)(++p - x->src);
    }
    r->at_byte = at;
    *line = r->at_line + 1;
    *column = at - r->at_line_start + 1 + (r->at_line == 0 ? x->bom : 0);
}

void ank__rules_hole(ank_x *x, TSNode fn, uint32_t start_byte,
                     uint32_t end_byte, const char *marker)
{
    if (x->status != ANK_OK)
        return;
    /* The evidence is what the hole replaces (below), not fn's text. */
    ank_constraint *c = x->rules ? ank__x_add_bare(x, ANK_KIND_HOLE, fn, NULL)
                                 : ank__x_add(x, ANK_KIND_HOLE, fn, NULL);
    if (!c)
        return;
    ank_hole *h = &c->u.hole;
    h->marker = marker;
    h->function_start = ts_node_start_byte(fn) + x->bom;
    /* Locate the hole exactly at what it replaces. */
    if (end_byte > x->len)
        end_byte = x->len;
    if (start_byte > end_byte)
        start_byte = end_byte;
    ank_span s;
    if (!x->rules)
        return;
    position_of(x, fn, start_byte, &s.start_line, &s.start_column);
    position_of(x, fn, end_byte, &s.end_line, &s.end_column);
    s.start_byte = start_byte + x->bom;
    s.end_byte = end_byte + x->bom;
    h->replace = s;
    c->span = s;
    c->evidence = ank__x_slice(x, start_byte, end_byte);
}

/* ------------------------------------------------------------- linking */

/* The file's signatures sorted by start byte, for finding the one around a
 * byte in logarithmic time. */
typedef struct sig_index {
    const ank_constraint **sigs;
    size_t n;
} sig_index;

static int by_start(const void *a, const void *b)
{
    const ank_constraint *x = *(const ank_constraint *const *)a;
    const ank_constraint *y = *(const ank_constraint *const *)b;
    if (x->span.start_byte != y->span.start_byte)
        return x->span.start_byte < y->span.start_byte ? -1 : 1;
    return x->span.end_byte > y->span.end_byte ? -1
           : x->span.end_byte < y->span.end_byte;
}

static bool index_signatures(ank_x *x, ank_constraint **items, size_t n,
                             sig_index *idx)
{
    idx->n = 0;
    idx->sigs = ank__arena_alloc(x->scratch, (n ? n : 1) * sizeof *idx->sigs);
    if (!idx->sigs) {
        ank__x_fail(x, ANK_ERR_NOMEM);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (items[i]->kind == ANK_KIND_FUNCTION_SIGNATURE)
            idx->sigs[idx->n++] = items[i];
    qsort(idx->sigs, idx->n, sizeof *idx->sigs, by_start);
    return true;
}

/* The innermost signature whose span contains byte `at`: among the
 * signatures that start at or before it, the latest one that also ends
 * after it (spans nest, so the latest start is the innermost). */
static const ank_constraint *enclosing_signature(const sig_index *idx,
                                                 uint32_t at)
{
    size_t lo = 0, hi = idx->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (idx->sigs[mid]->span.start_byte <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo-- > 0)
        if (idx->sigs[lo]->span.end_byte > at)
            return idx->sigs[lo];
    return NULL;
}

static void bind(ank_x *x, ank_hole *h, const char *name, ank_typeref type,
                 ank_binding_origin origin)
{
    if (!name)
        return;
    for (uint32_t i = 0; i < h->nbindings; i++)
        if (strcmp(h->bindings[i].name, name) == 0)
            return; /* an inner name shadows an outer one */
    ank_binding *b = ANK_X_PUSH(x, h->bindings, h->nbindings);
    if (b) {
        b->name = name;
        b->type = type;
        b->origin = origin;
    }
}

static void link_hole(ank_x *x, ank_constraint **items, size_t n,
                      const sig_index *idx, ank_constraint *c)
{
    ank_hole *h = &c->u.hole;
    const ank_constraint *fn = enclosing_signature(idx, h->function_start);
    if (fn) {
        const ank_signature *s = &fn->u.sig;
        h->function = fn->id;
        h->function_name = fn->name;
        h->returns = s->returns;
        for (uint32_t i = 0; i < s->nparams; i++)
            bind(x, h, s->params[i].name, s->params[i].type,
                 ANK_BIND_PARAMETER);
        /* Fields of the receiver's type, when it is declared in the file. */
        for (size_t i = 0; s->receiver && i < n; i++) {
            const ank_constraint *t = items[i];
            if (t->kind != ANK_KIND_TYPE_SHAPE || strcmp(t->name, s->receiver))
                continue;
            for (uint32_t f = 0; f < t->u.shape.nfields; f++)
                bind(x, h, t->u.shape.fields[f].name, t->u.shape.fields[f].type,
                     ANK_BIND_FIELD);
        }
    }
    for (uint32_t i = 0; x->rules && i < x->rules->nidents; i++) {
        const ank_ident *id = &x->rules->idents[i];
        if (id->module_level)
            bind(x, h, id->name, id->type, ANK_BIND_MODULE);
    }
    /* The file's naming conventions for what a body declares and calls. */
    for (size_t i = 0; i < n; i++) {
        const ank_constraint *k = items[i];
        if (k->kind == ANK_KIND_NAMING_CONVENTION &&
            (k->u.naming.id_class == ANK_ID_VARIABLE ||
             k->u.naming.id_class == ANK_ID_CONSTANT ||
             k->u.naming.id_class == ANK_ID_FUNCTION))
            ank__x_push_str(x, &h->applies, &h->napplies, k->id);
    }
}

/* The file's constraints from `first` on, and its signatures indexed;
 * false when there are none or on failure. */
static bool file_view(ank_x *x, size_t first, ank_constraint ***items,
                      size_t *n, sig_index *idx)
{
    *n = x->result->count - first;
    if (*n == 0)
        return false; /* items may still be NULL */
    *items = x->result->items + first;
    return index_signatures(x, *items, *n, idx);
}

void ank__rules_name(ank_x *x, size_t first)
{
    ank_constraint **items;
    size_t n;
    sig_index idx;
    if (!file_view(x, first, &items, &n, &idx))
        return;
    for (size_t i = 0; i < n; i++) {
        ank_constraint *c = items[i];
        uint32_t at;
        if (c->kind == ANK_KIND_HOLE)
            at = c->u.hole.function_start;
        else if (c->kind == ANK_KIND_ERROR_STYLE)
            at = c->span.start_byte;
        else
            continue;
        const ank_constraint *fn = enclosing_signature(&idx, at);
        c->name = fn ? fn->name : "<module>";
    }
}

void ank__rules_link(ank_x *x, size_t first)
{
    ank_constraint **items;
    size_t n;
    sig_index idx;
    if (!file_view(x, first, &items, &n, &idx))
        return;
    for (size_t i = 0; i < n && x->status == ANK_OK; i++) {
        ank_constraint *c = items[i];
        if (c->kind == ANK_KIND_HOLE) {
            link_hole(x, items, n, &idx, c);
        } else if (c->kind == ANK_KIND_ERROR_STYLE) {
            const ank_constraint *fn = enclosing_signature(&idx, c->span.start_byte);
            if (fn)
                c->u.errors.function = fn->id;
        }
    }
}
