/*
 * rules.c - recording what rule walks report, and linking it to the
 * declarations once ids exist.
 *
 * Error facts and holes are located by node; a function is found again as
 * the innermost function.signature whose span contains the node, so rule
 * walks need not know which node the extractor used for the declaration.
 */
#include "rules.h"

#include "../ffi/alloc.h"

static ank_constraint **file_items(ank_x *x, size_t *n)
{
    const ank_file_record *f = &x->result->files[x->result->nfiles - 1];
    *n = x->result->count - f->first;
    return x->result->items + f->first;
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

static ank_constraint *errors_for(ank_x *x, TSNode fn)
{
    ank_rules *r = x->rules;
    uint32_t start = ts_node_start_byte(fn) + x->bom;
    if (r->last_errors && r->last_errors->span.start_byte == start)
        return r->last_errors;
    size_t n;
    ank_constraint **items = file_items(x, &n);
    for (size_t i = n; i-- > 0;)
        if (items[i]->kind == ANK_KIND_ERROR_STYLE &&
            items[i]->span.start_byte == start)
            return r->last_errors = items[i];
    ank_constraint *c = ank__x_add(x, ANK_KIND_ERROR_STYLE, fn, NULL);
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

void ank__rules_hole(ank_x *x, TSNode fn, uint32_t start_byte,
                     uint32_t end_byte, const char *marker)
{
    if (x->status != ANK_OK)
        return;
    ank_constraint *c = ank__x_add(x, ANK_KIND_HOLE, fn, NULL);
    if (!c)
        return;
    ank_hole *h = &c->u.hole;
    h->marker = marker;
    h->function_start = ts_node_start_byte(fn) + x->bom;
    /* Locate the hole at what it replaces. */
    if (end_byte > x->len)
        end_byte = x->len;
    if (start_byte > end_byte)
        start_byte = end_byte;
    TSNode at = ts_node_descendant_for_byte_range(x->root, start_byte,
                                                  end_byte);
    ank_span s = ank__x_span(x, at);
    s.start_byte = start_byte + x->bom;
    s.end_byte = end_byte + x->bom;
    h->replace = s;
    c->span = s;
    c->evidence = ank__x_slice(x, start_byte, end_byte);
}

/* ------------------------------------------------------------- linking */

/* The innermost signature whose span contains byte `at`. */
static const ank_constraint *enclosing_signature(ank_constraint **items,
                                                 size_t n, uint32_t at)
{
    const ank_constraint *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const ank_constraint *c = items[i];
        if (c->kind != ANK_KIND_FUNCTION_SIGNATURE ||
            c->span.start_byte > at || c->span.end_byte <= at)
            continue;
        if (!best || c->span.end_byte - c->span.start_byte <
                         best->span.end_byte - best->span.start_byte)
            best = c;
    }
    return best;
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
                      ank_constraint *c)
{
    ank_hole *h = &c->u.hole;
    const ank_constraint *fn = enclosing_signature(items, n, h->function_start);
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

void ank__rules_name(ank_x *x, size_t first)
{
    ank_constraint **items = x->result->items + first;
    size_t n = x->result->count - first;
    for (size_t i = 0; i < n; i++) {
        ank_constraint *c = items[i];
        uint32_t at;
        if (c->kind == ANK_KIND_HOLE)
            at = c->u.hole.function_start;
        else if (c->kind == ANK_KIND_ERROR_STYLE)
            at = c->span.start_byte;
        else
            continue;
        const ank_constraint *fn = enclosing_signature(items, n, at);
        c->name = fn ? fn->name : "<module>";
    }
}

void ank__rules_link(ank_x *x, size_t first)
{
    ank_constraint **items = x->result->items + first;
    size_t n = x->result->count - first;
    for (size_t i = 0; i < n && x->status == ANK_OK; i++) {
        ank_constraint *c = items[i];
        if (c->kind == ANK_KIND_HOLE) {
            link_hole(x, items, n, c);
        } else if (c->kind == ANK_KIND_ERROR_STYLE) {
            const ank_constraint *fn =
                enclosing_signature(items, n, c->span.start_byte);
            if (fn)
                c->u.errors.function = fn->id;
        }
    }
}
