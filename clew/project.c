/*
 * project.c - project-level constraints, made once every file is in:
 *
 *  - naming.convention per language and identifier class, recounted over
 *    the identifiers of every file (not an average of file results);
 *  - error.style per language: the per-function counters summed, and how
 *    many functions handle errors at all;
 *  - security.forbid per language and catalog pattern that the project
 *    never or almost never uses (at most one finding per 100 files of the
 *    language): generated code must not use it either.  Every hole of the
 *    language then lists the error-style summary and the forbids among the
 *    constraints that apply;
 *  - architecture.layering per language and unit (a top-level directory):
 *    which other units its imports reach and which it never imports
 *    (layering.c).
 *
 * Project constraints have no location (file NULL, written as null) and
 * are ordered by language, kind and name; their ids hash an empty path.
 * TypeScript and TSX count as one language.
 */
#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "extract.h"
#include "lang.h"
#include "layering.h"
#include "naming.h"

/* The language a constraint counts under. */
static ank_lang family(ank_lang lang)
{
    return lang == ANK_LANG_TSX ? ANK_LANG_TYPESCRIPT : lang;
}

static ank_constraint *add_project(ank_x *x, ank_kind kind, const char *name)
{
    ank_constraint *c = ank__result_push(x->result);
    if (!c) {
        ank__x_fail(x, ANK_ERR_NOMEM);
        return NULL;
    }
    c->kind = kind;
    c->language = x->lang;
    c->name = name;
    c->severity = ANK_SEV_INFO;
    return c;
}

static void naming_for(ank_x *x, size_t nitems, ank_id_class k)
{
    ank_constraint **items = x->result->items;
    uint32_t total = 0, files = 0;
    for (size_t i = 0; i < nitems; i++) {
        const ank_constraint *c = items[i];
        if (c->kind == ANK_KIND_NAMING_CONVENTION &&
            family(c->language) == x->lang && c->u.naming.id_class == k) {
            total += c->u.naming.nids;
            files++;
        }
    }
    if (files == 0)
        return;
    ank_named_id *all = ank__arena_alloc(x->arena, (size_t)total * sizeof *all);
    if (!all && total) {
        ank__x_fail(x, ANK_ERR_NOMEM);
        return;
    }
    uint32_t n = 0;
    for (size_t i = 0; i < nitems; i++) {
        const ank_constraint *c = items[i];
        if (c->kind == ANK_KIND_NAMING_CONVENTION &&
            family(c->language) == x->lang && c->u.naming.id_class == k) {
            memcpy(all + n, c->u.naming.ids,
                   (size_t)c->u.naming.nids * sizeof *all);
            n += c->u.naming.nids;
        }
    }
    ank_constraint *c = add_project(x, ANK_KIND_NAMING_CONVENTION,
                                    ank__id_class_name(k));
    if (!c)
        return;
    ank_naming *nm = &c->u.naming;
    nm->id_class = k;
    nm->project = true;
    nm->files = files;
    nm->ids = all;
    nm->nids = n;
    ank__naming_summarize(x, nm, x->lang, all, n);
    c->confidence = nm->total ? (double)nm->support / nm->total : 1.0;
    c->severity = ANK_SEV_WARNING;
}

static void errors_for(ank_x *x, size_t nitems)
{
    ank_constraint *sum = NULL;
    for (size_t i = 0; i < nitems && x->status == ANK_OK; i++) {
        const ank_constraint *c = x->result->items[i];
        if (c->kind != ANK_KIND_ERROR_STYLE || family(c->language) != x->lang)
            continue;
        if (!sum && !(sum = add_project(x, ANK_KIND_ERROR_STYLE, "project")))
            return;
        ank_error_facts *s = &sum->u.errors;
        s->project = true;
        s->functions++;
        const ank_error_facts *f = &c->u.errors;
        for (uint32_t k = 0; k < f->ncounts; k++) {
            uint32_t j = 0;
            while (j < s->ncounts && strcmp(s->counts[j].name, f->counts[k].name))
                j++;
            if (j == s->ncounts) {
                ank_count *slot = ANK_X_PUSH(x, s->counts, s->ncounts);
                if (!slot)
                    return;
                slot->name = f->counts[k].name;
            }
            s->counts[j].count += f->counts[k].count;
        }
        for (uint32_t k = 0; k < f->ncaught; k++) {
            uint32_t j = 0;
            while (j < s->ncaught && strcmp(s->caught[j], f->caught[k]))
                j++;
            if (j == s->ncaught)
                ank__x_push_str(x, &s->caught, &s->ncaught, f->caught[k]);
        }
    }
}

static void forbids_for(ank_x *x, size_t nitems, uint32_t files)
{
    size_t np = 0;
    const ank_pattern *patterns = ank__lang_def(x->lang)->patterns(&np);
    for (size_t p = 0; p < np && x->status == ANK_OK; p++) {
        uint32_t count = 0;
        for (size_t i = 0; i < nitems; i++) {
            const ank_constraint *c = x->result->items[i];
            if (c->kind == ANK_KIND_SECURITY_FINDING &&
                family(c->language) == x->lang &&
                strcmp(c->u.finding.pattern->id, patterns[p].id) == 0)
                count++;
        }
        if ((uint64_t)count * 100 > files)
            continue; /* the project uses it */
        ank_constraint *c = add_project(x, ANK_KIND_SECURITY_FORBID,
                                        patterns[p].id);
        if (!c)
            return;
        c->u.finding.pattern = &patterns[p];
        c->u.finding.count = count;
        c->u.finding.files = files;
        c->u.finding.project = true;
        c->severity = patterns[p].severity;
    }
}

ANK_API ank_status ank_result_finish(ank_result *result, ank_error *error)
{
    ank__error_clear(error);
    if (!result)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT, "result is NULL");
    if (result->finished)
        return ANK_OK;
    size_t nitems = result->count;
    ank_x x = {.result = result, .arena = &result->arena};
    for (int l = ANK_LANG_UNKNOWN + 1; l < ANK_LANG_COUNT_; l++) {
        if (l == ANK_LANG_TSX)
            continue;
        uint32_t files = 0;
        for (size_t f = 0; f < result->nfiles; f++)
            files += family(result->files[f].lang) == (ank_lang)l;
        if (files == 0)
            continue;
        x.lang = (ank_lang)l;
        for (int k = 0; k < ANK_ID_CLASS_COUNT_; k++)
            naming_for(&x, nitems, (ank_id_class)k);
        errors_for(&x, nitems);
        forbids_for(&x, nitems, files);
        if (x.status == ANK_OK)
            ank__layering_for(&x);
    }
    if (x.status == ANK_OK)
        x.status = ank__result_end_project(result, nitems);
    /* Holes are told how their project handles errors and what it
     * forbids. */
    for (size_t i = 0; i < nitems && x.status == ANK_OK; i++) {
        ank_constraint *h = result->items[i];
        if (h->kind != ANK_KIND_HOLE)
            continue;
        x.arena = &result->arena;
        for (size_t j = nitems; j < result->count; j++) {
            const ank_constraint *f = result->items[j];
            if ((f->kind == ANK_KIND_SECURITY_FORBID ||
                 f->kind == ANK_KIND_ERROR_STYLE) &&
                family(f->language) == family(h->language))
                ank__x_push_str(&x, &h->u.hole.applies, &h->u.hole.napplies,
                                f->id);
        }
    }
    if (x.status != ANK_OK) {
        result->count = nitems;
        return ank__fail(error, x.status, "%s", ank_strerror(x.status));
    }
    result->project_first = nitems;
    result->finished = true;
    return ANK_OK;
}
