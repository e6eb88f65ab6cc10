/*
 * json_read_payload.c - the payload of each kind of constraint in an
 * `ananke.constraints/1` document: signatures, shapes, imports, naming
 * conventions, error styles, security findings, holes and layering.
 *
 * Invariants: a payload reads into the constraint json_read.c pushed; the
 * first wrong value stops the read (ank__json_read_bad).  A finding whose
 * pattern id the language's catalog holds points at the catalog entry;
 * any other gets its own copy of what the document says.
 */
#include <jansson.h>
#include <string.h>

#include "json_read.h"
#include "lang.h"

ENUM_NAMES(ank__visibility_name, ank_visibility)
ENUM_NAMES(ank__error_style_name, ank_error_style)
ENUM_NAMES(ank__shape_kind_name, ank_shape_kind)
ENUM_NAMES(ank__origin_name, ank_import_origin)
ENUM_NAMES(ank__id_class_name, ank_id_class)
ENUM_NAMES(ank__style_name, ank_style)

static void read_signature(ank_jread *d, const json_t *p, ank_signature *s)
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
    s->receiver = ank__json_read_str(d, p, "receiver");
    s->signature = ank__json_read_str(d, p, "signature");
    const json_t *a = ank__json_read_array(d, p, "parameters");
    size_t count = a ? json_array_size(a) : 0;
    s->params = ank__json_read_alloc(d, count, sizeof *s->params);
    s->nparams = s->params ? (uint32_t)count : 0;
    for (size_t i = 0; i < s->nparams && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_param *q = &s->params[i];
        q->name = ank__json_read_str(d, v, "name");
        q->type = ank__json_read_typeref(d, v, "type");
        q->default_text = ank__json_read_str(d, v, "default");
        for (size_t k = 0; k < sizeof flags / sizeof *flags; k++)
            q->flags |=
                ank__json_read_bool(d, v, flags[k].key) ? flags[k].flag : 0;
    }
    s->returns = ank__json_read_typeref(d, p, "returns");
    s->is_async = ank__json_read_bool(d, p, "async");
    s->is_generator = ank__json_read_bool(d, p, "generator");
    s->is_static = ank__json_read_bool(d, p, "static");
    s->is_abstract = ank__json_read_bool(d, p, "abstract");
    s->visibility = ENUM_MEMBER(d, p, "visibility", ank_visibility,
                                ank__visibility_name, ANK_VIS_PRIVATE + 1,
                                ANK_VIS_PUBLIC);
    s->exported = ank__json_read_bool(d, p, "exported");
    s->decorators = ank__json_read_strings(d, p, "decorators", &s->ndecorators);
    ank__json_read_generics(d, p, &s->generics, &s->ngenerics);
    s->error_style = ENUM_MEMBER(d, p, "error_style", ank_error_style,
                                 ank__error_style_name,
                                 ANK_ERRSTYLE_EXCEPTION + 1, ANK_ERRSTYLE_NONE);
    s->doc = ank__json_read_str(d, p, "doc");
}

static void read_shape(ank_jread *d, const json_t *p, ank_shape *s)
{
    s->shape = ENUM_MEMBER(d, p, "shape", ank_shape_kind, ank__shape_kind_name,
                           ANK_SHAPE_PROTOCOL + 1, ANK_SHAPE_STRUCT);
    s->exported = ank__json_read_bool(d, p, "exported");
    s->visibility = ENUM_MEMBER(d, p, "visibility", ank_visibility,
                                ank__visibility_name, ANK_VIS_PRIVATE + 1,
                                ANK_VIS_PUBLIC);
    s->doc = ank__json_read_str(d, p, "doc");
    ank__json_read_generics(d, p, &s->generics, &s->ngenerics);
    s->bases = ank__json_read_strings(d, p, "bases", &s->nbases);
    s->attributes = ank__json_read_strings(d, p, "attributes", &s->nattributes);
    s->rename_all = ank__json_read_str(d, p, "rename_all");
    s->aliased = ank__json_read_typeref(d, p, "aliased");
    ank__json_read_fields(d, p, "fields", &s->fields, &s->nfields);
    const json_t *a = ank__json_read_array(d, p, "variants");
    size_t count = a ? json_array_size(a) : 0;
    s->variants = ank__json_read_alloc(d, count, sizeof *s->variants);
    s->nvariants = s->variants ? (uint32_t)count : 0;
    for (size_t i = 0; i < s->nvariants && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_variant *var = &s->variants[i];
        var->name = ank__json_read_str(d, v, "name");
        var->value = ank__json_read_str(d, v, "value");
        var->doc = ank__json_read_str(d, v, "doc");
        var->rename = ank__json_read_str(d, v, "rename");
        var->tuple = ank__json_read_bool(d, v, "tuple");
        ank__json_read_fields(d, v, "fields", &var->fields, &var->nfields);
    }
    s->methods = ank__json_read_strings(d, p, "methods", &s->nmethods);
}

static void read_import(ank_jread *d, const json_t *p, ank_import *m)
{
    m->module = ank__json_read_str(d, p, "module");
    m->alias = ank__json_read_str(d, p, "alias");
    const json_t *a = ank__json_read_array(d, p, "names");
    size_t count = a ? json_array_size(a) : 0;
    m->names = ank__json_read_alloc(d, count, sizeof *m->names);
    m->nnames = m->names ? (uint32_t)count : 0;
    for (size_t i = 0; i < m->nnames && d->status == ANK_OK; i++) {
        m->names[i].name = ank__json_read_str(d, json_array_get(a, i), "name");
        m->names[i].alias =
            ank__json_read_str(d, json_array_get(a, i), "alias");
    }
    m->origin = ENUM_MEMBER(d, p, "origin", ank_import_origin, ank__origin_name,
                            ANK_ORIGIN_EXTERNAL + 1, ANK_ORIGIN_EXTERNAL);
    m->wildcard = ank__json_read_bool(d, p, "wildcard");
    m->type_only = ank__json_read_bool(d, p, "type_only");
    m->side_effect = ank__json_read_bool(d, p, "side_effect");
}

static void read_naming(ank_jread *d, const json_t *p, ank_naming *n)
{
    n->id_class = ENUM_MEMBER(d, p, "class", ank_id_class, ank__id_class_name,
                              ANK_ID_CLASS_COUNT_, ANK_ID_FUNCTION);
    n->style = ENUM_MEMBER(d, p, "style", ank_style, ank__style_name,
                           ANK_STYLE_COUNT_, ANK_STYLE_OTHER);
    n->support = ank__json_read_u32(d, p, "support");
    n->total = ank__json_read_u32(d, p, "total");
    const json_t *styles = ank__json_read_object(d, p, "styles");
    for (int s = 0; styles && s < ANK_STYLE_COUNT_; s++)
        n->counts[s] =
            ank__json_read_u32(d, styles, ank__style_name((ank_style)s));
    n->files = ank__json_read_u32(d, p, "files");
    n->project = ank__json_read_bool(d, p, "project");
    n->noutliers_total = ank__json_read_u32(d, p, "outliers_total");
    const json_t *a = ank__json_read_array(d, p, "outliers");
    size_t count = a ? json_array_size(a) : 0;
    if (count > ANK_NAMING_OUTLIERS_MAX) {
        ank__json_read_bad(d, "outliers", "\"%s\" lists more than 20 entries%s",
                           "outliers", NULL);
        return;
    }
    n->outliers = ank__json_read_alloc(d, count, sizeof *n->outliers);
    n->noutliers = n->outliers ? (uint32_t)count : 0;
    for (size_t i = 0; i < n->noutliers && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_naming_outlier *o = &n->outliers[i];
        o->name = ank__json_read_str(d, v, "name");
        o->style = ENUM_MEMBER(d, v, "style", ank_style, ank__style_name,
                               ANK_STYLE_COUNT_, ANK_STYLE_OTHER);
        const json_t *loc = ank__json_read_object(d, v, "location");
        if (loc)
            ank__json_read_span(d, loc, &o->file, &o->span);
    }
}

static void read_errors(ank_jread *d, const json_t *p, ank_error_facts *f)
{
    f->function = ank__json_read_str(d, p, "function");
    f->project = ank__json_read_bool(d, p, "project");
    f->functions = ank__json_read_u32(d, p, "functions");
    const json_t *counts = ank__json_read_object(d, p, "counts");
    size_t count = counts ? json_object_size(counts) : 0;
    f->counts = ank__json_read_alloc(d, count, sizeof *f->counts);
    const char *key;
    json_t *v;
    uint32_t i = 0;
    if (f->counts)
        json_object_foreach((json_t *)counts, key, v) {
            f->counts[i].name = ank__arena_strdup(&d->r->arena, key);
            if (!f->counts[i].name)
                ank__json_read_nomem(d);
            f->counts[i].count = ank__json_read_u32(d, counts, key);
            i++;
        }
    f->ncounts = i;
    f->caught = ank__json_read_strings(d, p, "caught", &f->ncaught);
}

/* The catalog entry a finding names: the language's own when it has the
 * id, else a copy of what the document says. */
static void read_finding(ank_jread *d, const json_t *p, ank_constraint *c)
{
    const char *id = ank__json_read_str(d, p, "pattern");
    if (!id) {
        ank__json_read_bad(d, "pattern", "a finding needs a \"%s\"%s",
                           "pattern", NULL);
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
            ank__json_read_nomem(d);
            return;
        }
        own->id = id;
        own->cwe = ank__json_read_str(d, p, "cwe");
        own->message = ank__json_read_str(d, p, "message");
        own->severity = c->severity;
        c->u.finding.pattern = own;
    }
    c->u.finding.count = ank__json_read_u32(d, p, "count");
    c->u.finding.files = ank__json_read_u32(d, p, "files");
    c->u.finding.project = c->file == NULL;
}

static void read_hole(ank_jread *d, const json_t *p, ank_hole *h)
{
    static const char *const origins[] = {"parameter", "field", "module"};
    h->function = ank__json_read_str(d, p, "function");
    h->function_name = ank__json_read_str(d, p, "function_name");
    h->marker = ank__json_read_str(d, p, "marker");
    h->returns = ank__json_read_typeref(d, p, "returns");
    const json_t *rep = ank__json_read_object(d, p, "replace");
    if (rep) {
        h->replace.start_byte = ank__json_read_u32(d, rep, "start_byte");
        h->replace.end_byte = ank__json_read_u32(d, rep, "end_byte");
    }
    const json_t *a = ank__json_read_array(d, p, "bindings");
    size_t count = a ? json_array_size(a) : 0;
    h->bindings = ank__json_read_alloc(d, count, sizeof *h->bindings);
    h->nbindings = h->bindings ? (uint32_t)count : 0;
    for (size_t i = 0; i < h->nbindings && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_binding *b = &h->bindings[i];
        b->name = ank__json_read_str(d, v, "name");
        b->type = ank__json_read_typeref(d, v, "type");
        const char *origin = ank__json_read_str(d, v, "origin");
        int k = -1;
        for (int o = 0; origin && o < 3; o++)
            if (strcmp(origins[o], origin) == 0)
                k = o;
        if (k < 0)
            ank__json_read_bad(d, origin ? origin : "origin",
                               "unknown binding origin \"%s\"%s",
                               origin ? origin : "(none)", NULL);
        b->origin = k < 0 ? ANK_BIND_PARAMETER : (ank_binding_origin)k;
    }
    h->applies = ank__json_read_strings(d, p, "applies", &h->napplies);
}

static void read_layering(ank_jread *d, const json_t *p, ank_layering *l)
{
    l->unit = ank__json_read_str(d, p, "unit");
    l->files = ank__json_read_u32(d, p, "files");
    l->resolved = ank__json_read_u32(d, p, "resolved");
    const json_t *a = ank__json_read_array(d, p, "imports");
    size_t count = a ? json_array_size(a) : 0;
    l->imports = ank__json_read_alloc(d, count, sizeof *l->imports);
    l->nimports = l->imports ? (uint32_t)count : 0;
    for (uint32_t i = 0; i < l->nimports && d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(a, i);
        ank_layer_edge *e = &l->imports[i];
        const json_t *first =
            json_is_object(v) ? ank__json_read_object(d, v, "first") : NULL;
        e->unit = first ? ank__json_read_str(d, v, "unit") : NULL;
        if (!e->unit) {
            ank__json_read_bad(d, "imports",
                               "\"%s\" must hold {unit, count, first}%s",
                               "imports", NULL);
            return;
        }
        e->count = ank__json_read_u32(d, v, "count");
        const char *file = ank__json_read_str(d, first, "file");
        if (!file)
            ank__json_read_bad(d, "first", "\"%s\" needs a \"file\"%s", "first",
                               NULL);
        e->file = ank__json_read_file(d, file);
        e->line = ank__json_read_u32(d, first, "line");
        e->column = ank__json_read_u32(d, first, "column");
    }
    l->imported_by =
        ank__json_read_strings(d, p, "imported_by", &l->nimported_by);
    l->boundaries = ank__json_read_strings(d, p, "boundaries", &l->nboundaries);
}

void ank__json_read_payload(ank_jread *d, const json_t *p, ank_constraint *c)
{
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
