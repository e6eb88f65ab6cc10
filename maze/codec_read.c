/*
 * codec_read.c - the decoder of codec.c's bytes (layout there).
 *
 * Invariants: it never reads past the end, never trusts a count beyond the
 * bytes left (every element takes at least one byte), bounds recursion in
 * type trees, checks every enumeration against its range, and leaves the
 * result as it was when anything is wrong.
 */
#include "codec.h"

#include <string.h>

#include <xxhash.h>

#include "../clew/lang.h"
#include "codec_int.h"

typedef struct reader {
    const unsigned char *p, *end;
    ank_arena *arena;
    const char *path; /* the decoded file's path */
    ank_status status; /* sticky */
} reader;

static int bad(reader *r)
{
    if (r->status == ANK_OK)
        r->status = ANK_ERR_FORMAT;
    return 0;
}

static unsigned get_u8(reader *r)
{
    if (r->status != ANK_OK || r->p >= r->end)
        return bad(r);
    return *r->p++;
}

/* An enumeration value below `limit`. */
static unsigned get_enum(reader *r, unsigned limit)
{
    unsigned v = get_u8(r);
    if (v >= limit)
        return (unsigned)bad(r);
    return v;
}

static uint64_t get_uv(reader *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->status != ANK_OK || r->p >= r->end)
            return (uint64_t)bad(r);
        unsigned b = *r->p++;
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return v;
    }
    return (uint64_t)bad(r);
}

static uint32_t get_u32(reader *r)
{
    uint64_t v = get_uv(r);
    if (v > UINT32_MAX)
        return (uint32_t)bad(r);
    return (uint32_t)v;
}

static int64_t get_sv(reader *r)
{
    uint64_t u = get_uv(r);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static double get_f64(reader *r)
{
    if (r->status != ANK_OK || r->end - r->p < 8)
        return bad(r);
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static const char *get_str(reader *r)
{
    uint64_t n = get_uv(r);
    if (n == 0 || r->status != ANK_OK)
        return NULL;
    n--;
    if (n > (uint64_t)(r->end - r->p)) {
        bad(r);
        return NULL;
    }
    char *s = ank__arena_strndup(r->arena, (const char *)r->p, (size_t)n);
    if (!s) {
        r->status = ANK_ERR_NOMEM;
        return NULL;
    }
    r->p += n;
    return s;
}

static const char *get_file(reader *r)
{
    switch (get_u8(r)) {
    case 0:
        return NULL;
    case 1:
        return r->path;
    case 2:
        return get_str(r);
    default:
        bad(r);
        return NULL;
    }
}

/* A count of elements that follow, each at least one byte, and an arena
 * array for them (NULL when the count is 0 or on failure).  The array has
 * the capacity ank__x_grow assumes for its count (4, or the next power of
 * two), since finishing a result appends to some arrays (hole.applies). */
static void *get_array(reader *r, uint32_t *count, size_t elem)
{
    *count = 0;
    uint32_t n = get_u32(r);
    if (r->status != ANK_OK || n == 0)
        return NULL;
    if (n > (size_t)(r->end - r->p)) {
        bad(r);
        return NULL;
    }
    size_t cap = 4;
    while (cap < n)
        cap *= 2;
    void *a = ank__arena_alloc(r->arena, cap * elem);
    if (!a) {
        r->status = ANK_ERR_NOMEM;
        return NULL;
    }
    *count = n;
    return a;
}

static const char **get_strs(reader *r, uint32_t *n)
{
    const char **s = get_array(r, n, sizeof *s);
    for (uint32_t i = 0; i < *n && r->status == ANK_OK; i++)
        s[i] = get_str(r);
    return s;
}

static void get_span(reader *r, ank_span *s)
{
    s->start_line = get_u32(r);
    s->start_column = get_u32(r);
    s->end_line = get_u32(r);
    s->end_column = get_u32(r);
    s->start_byte = get_u32(r);
    s->end_byte = get_u32(r);
}

static ank_field *get_fields(reader *r, uint32_t *n, int depth);

static ank_type *get_type(reader *r, int depth)
{
    unsigned tag = get_enum(r, 2 + ANK_TYPE_UNKNOWN);
    if (tag == 0 || r->status != ANK_OK)
        return NULL;
    if (depth >= MAX_DEPTH) {
        bad(r);
        return NULL;
    }
    ank_type *t = ank__arena_alloc(r->arena, sizeof *t);
    if (!t) {
        r->status = ANK_ERR_NOMEM;
        return NULL;
    }
    t->kind = (ank_type_kind)(tag - 1);
    t->literal = (uint8_t)get_enum(r, ANK_LIT_NULL + 1);
    t->flags = (uint8_t)get_u8(r);
    t->length = get_sv(r);
    t->name = get_str(r);
    t->a = get_type(r, depth + 1);
    t->b = get_type(r, depth + 1);
    t->items = get_array(r, &t->nitems, sizeof *t->items);
    for (uint32_t i = 0; i < t->nitems && r->status == ANK_OK; i++)
        t->items[i] = get_type(r, depth + 1);
    t->fields = get_fields(r, &t->nfields, depth + 1);
    return t;
}

static void get_typeref(reader *r, ank_typeref *t, int depth)
{
    t->text = get_str(r);
    t->tree = get_type(r, depth);
}

static ank_field *get_fields(reader *r, uint32_t *n, int depth)
{
    ank_field *f = get_array(r, n, sizeof *f);
    for (uint32_t i = 0; i < *n && r->status == ANK_OK; i++) {
        f[i].name = get_str(r);
        get_span(r, &f[i].name_span);
        get_typeref(r, &f[i].type, depth);
        f[i].default_text = get_str(r);
        f[i].doc = get_str(r);
        f[i].tag = get_str(r);
        f[i].rename = get_str(r);
        f[i].attributes = get_strs(r, &f[i].nattributes);
        unsigned b = get_enum(r, 32);
        f[i].optional = b & 1;
        f[i].readonly = b >> 1 & 1;
        f[i].skip = b >> 2 & 1;
        f[i].embedded = b >> 3 & 1;
        f[i].is_static = b >> 4 & 1;
    }
    return f;
}

static ank_generic *get_generics(reader *r, uint32_t *n)
{
    ank_generic *g = get_array(r, n, sizeof *g);
    for (uint32_t i = 0; i < *n && r->status == ANK_OK; i++) {
        g[i].name = get_str(r);
        g[i].bound = get_str(r);
        g[i].default_text = get_str(r);
    }
    return g;
}

static void get_signature(reader *r, ank_signature *s)
{
    s->receiver = get_str(r);
    s->signature = get_str(r);
    s->params = get_array(r, &s->nparams, sizeof *s->params);
    for (uint32_t i = 0; i < s->nparams && r->status == ANK_OK; i++) {
        ank_param *p = &s->params[i];
        p->name = get_str(r);
        get_span(r, &p->name_span);
        get_typeref(r, &p->type, 0);
        p->default_text = get_str(r);
        p->flags = get_u32(r);
    }
    get_typeref(r, &s->returns, 0);
    s->generics = get_generics(r, &s->ngenerics);
    s->decorators = get_strs(r, &s->ndecorators);
    s->doc = get_str(r);
    s->visibility = (ank_visibility)get_enum(r, ANK_VIS_PRIVATE + 1);
    s->error_style = (ank_error_style)get_enum(r, ANK_ERRSTYLE_EXCEPTION + 1);
    unsigned b = get_enum(r, 32);
    s->exported = b & 1;
    s->is_async = b >> 1 & 1;
    s->is_generator = b >> 2 & 1;
    s->is_static = b >> 3 & 1;
    s->is_abstract = b >> 4 & 1;
}

static void get_shape(reader *r, ank_shape *s)
{
    s->shape = (ank_shape_kind)get_enum(r, ANK_SHAPE_PROTOCOL + 1);
    get_typeref(r, &s->aliased, 0);
    s->fields = get_fields(r, &s->nfields, 0);
    s->variants = get_array(r, &s->nvariants, sizeof *s->variants);
    for (uint32_t i = 0; i < s->nvariants && r->status == ANK_OK; i++) {
        ank_variant *v = &s->variants[i];
        v->name = get_str(r);
        v->value = get_str(r);
        v->doc = get_str(r);
        v->rename = get_str(r);
        v->fields = get_fields(r, &v->nfields, 0);
        v->tuple = get_enum(r, 2);
    }
    s->methods = get_strs(r, &s->nmethods);
    s->bases = get_strs(r, &s->nbases);
    s->generics = get_generics(r, &s->ngenerics);
    s->attributes = get_strs(r, &s->nattributes);
    s->doc = get_str(r);
    s->rename_all = get_str(r);
    s->visibility = (ank_visibility)get_enum(r, ANK_VIS_PRIVATE + 1);
    s->exported = get_enum(r, 2);
}

static void get_import(reader *r, ank_import *m)
{
    m->module = get_str(r);
    m->alias = get_str(r);
    m->names = get_array(r, &m->nnames, sizeof *m->names);
    for (uint32_t i = 0; i < m->nnames && r->status == ANK_OK; i++) {
        m->names[i].name = get_str(r);
        m->names[i].alias = get_str(r);
    }
    m->origin = (ank_import_origin)get_enum(r, ANK_ORIGIN_EXTERNAL + 1);
    unsigned b = get_enum(r, 8);
    m->wildcard = b & 1;
    m->type_only = b >> 1 & 1;
    m->side_effect = b >> 2 & 1;
}

static void get_naming(reader *r, ank_naming *n)
{
    n->id_class = (ank_id_class)get_enum(r, ANK_ID_CLASS_COUNT_);
    n->style = (ank_style)get_enum(r, ANK_STYLE_COUNT_);
    n->support = get_u32(r);
    n->total = get_u32(r);
    for (int s = 0; s < ANK_STYLE_COUNT_; s++)
        n->counts[s] = get_u32(r);
    n->outliers = get_array(r, &n->noutliers, sizeof *n->outliers);
    for (uint32_t i = 0; i < n->noutliers && r->status == ANK_OK; i++) {
        ank_naming_outlier *o = &n->outliers[i];
        o->name = get_str(r);
        o->style = (ank_style)get_enum(r, ANK_STYLE_COUNT_);
        o->file = get_file(r);
        get_span(r, &o->span);
    }
    n->noutliers_total = get_u32(r);
    n->files = get_u32(r);
    n->project = get_enum(r, 2);
    n->ids = get_array(r, &n->nids, sizeof *n->ids);
    for (uint32_t i = 0; i < n->nids && r->status == ANK_OK; i++) {
        ank_named_id *d = &n->ids[i];
        d->name = get_str(r);
        d->file = get_file(r);
        get_span(r, &d->span);
        d->mask = (uint8_t)get_u8(r);
        d->primary = (uint8_t)get_enum(r, ANK_STYLE_COUNT_);
    }
}

static void get_errors(reader *r, ank_error_facts *f)
{
    f->function = get_str(r);
    f->caught = get_strs(r, &f->ncaught);
    f->counts = get_array(r, &f->ncounts, sizeof *f->counts);
    for (uint32_t i = 0; i < f->ncounts && r->status == ANK_OK; i++) {
        f->counts[i].name = get_str(r);
        f->counts[i].count = get_u32(r);
        if (!f->counts[i].name)
            bad(r);
    }
    f->functions = get_u32(r);
    f->project = get_enum(r, 2);
}

/* The catalog entry named `id`: the language's own catalog first. */
static const ank_pattern *find_pattern(ank_lang lang, const char *id)
{
    for (int pass = 0; pass < 2 && id; pass++) {
        for (int l = ANK_LANG_UNKNOWN + 1; l < ANK_LANG_COUNT_; l++) {
            if ((pass == 0) != (l == (int)lang))
                continue;
            const ank_lang_def *def = ank__lang_def((ank_lang)l);
            size_t np = 0;
            const ank_pattern *p = def && def->patterns ? def->patterns(&np)
                                                        : NULL;
            for (size_t i = 0; i < np; i++)
                if (strcmp(p[i].id, id) == 0)
                    return &p[i];
        }
    }
    return NULL;
}

static void get_finding(reader *r, ank_lang lang, ank_finding *f)
{
    const char *id = get_str(r);
    f->pattern = find_pattern(lang, id);
    if (!f->pattern)
        bad(r); /* a pattern this build does not know */
    f->count = get_u32(r);
    f->files = get_u32(r);
    f->project = get_enum(r, 2);
}

static void get_hole(reader *r, ank_hole *h)
{
    h->function = get_str(r);
    h->function_name = get_str(r);
    h->marker = get_str(r);
    get_typeref(r, &h->returns, 0);
    get_span(r, &h->replace);
    h->bindings = get_array(r, &h->nbindings, sizeof *h->bindings);
    for (uint32_t i = 0; i < h->nbindings && r->status == ANK_OK; i++) {
        h->bindings[i].name = get_str(r);
        get_typeref(r, &h->bindings[i].type, 0);
        h->bindings[i].origin =
            (ank_binding_origin)get_enum(r, ANK_BIND_MODULE + 1);
    }
    h->applies = get_strs(r, &h->napplies);
    h->function_start = get_u32(r);
}

static void get_constraint(reader *r, ank_constraint *c)
{
    if (r->end - r->p < 16) {
        bad(r);
        return;
    }
    memcpy(c->id, r->p, 16);
    c->id[16] = '\0';
    r->p += 16;
    c->kind = (ank_kind)get_enum(r, ANK_KIND_COUNT_);
    c->severity = (ank_severity)get_enum(r, ANK_SEV_INFO + 1);
    c->language = (ank_lang)get_enum(r, ANK_LANG_COUNT_);
    c->confidence = get_f64(r);
    c->file = get_file(r);
    get_span(r, &c->span);
    c->name = get_str(r);
    c->evidence = get_str(r);
    if (r->status != ANK_OK)
        return;
    switch (c->kind) {
    case ANK_KIND_FUNCTION_SIGNATURE:
        get_signature(r, &c->u.sig);
        break;
    case ANK_KIND_TYPE_SHAPE:
        get_shape(r, &c->u.shape);
        break;
    case ANK_KIND_IMPORT_MODULE:
        get_import(r, &c->u.import);
        break;
    case ANK_KIND_NAMING_CONVENTION:
        get_naming(r, &c->u.naming);
        break;
    case ANK_KIND_ERROR_STYLE:
        get_errors(r, &c->u.errors);
        break;
    case ANK_KIND_SECURITY_FINDING:
    case ANK_KIND_SECURITY_FORBID:
        get_finding(r, c->language, &c->u.finding);
        break;
    case ANK_KIND_HOLE:
        get_hole(r, &c->u.hole);
        break;
    default:
        break;
    }
}

static ank_status get_file_value(reader *r, ank_result *into)
{
    /* The path comes first; read it into a scratch arena (then
     * begin_file copies it into the result). */
    ank_arena scratch = ANK_ARENA_INIT;
    r->arena = &scratch;
    const char *path = get_str(r);
    ank_lang lang = (ank_lang)get_enum(r, ANK_LANG_COUNT_);
    if (r->status == ANK_OK && !path)
        bad(r);
    if (r->status != ANK_OK) {
        ank__arena_release(&scratch);
        return r->status;
    }
    ank_file_record *f = ank__result_begin_file(into, path, lang);
    ank__arena_release(&scratch);
    if (!f)
        return ANK_ERR_NOMEM;
    r->arena = &into->arena;
    r->path = f->path;
    f->bytes = get_u32(r);
    f->lines = get_u32(r);
    f->nerrors_total = get_u32(r);
    f->errors = get_array(r, &f->nerrors, sizeof *f->errors);
    for (uint32_t i = 0; i < f->nerrors && r->status == ANK_OK; i++) {
        ank_parse_error *e = &f->errors[i];
        e->line = get_u32(r);
        e->column = get_u32(r);
        e->offset = get_u32(r);
        e->missing = get_enum(r, 2);
        e->message = get_str(r);
    }
    uint64_t n = get_uv(r);
    if (n > (uint64_t)(r->end - r->p))
        bad(r);
    for (uint64_t i = 0; i < n && r->status == ANK_OK; i++) {
        ank_constraint *c = ank__result_push(into);
        if (!c)
            r->status = ANK_ERR_NOMEM;
        else
            get_constraint(r, c);
    }
    if (r->status == ANK_OK && r->p != r->end)
        bad(r); /* bytes left over */
    if (r->status != ANK_OK) {
        ank__result_abort_file(into);
        return r->status;
    }
    /* `f` may have moved if pushing grew the files array: it did not
     * (only items grow), but take the newest record to be clear. */
    f = &into->files[into->nfiles - 1];
    f->count = into->count - f->first;
    return ANK_OK;
}

ank_status ank__codec_decode(const void *data, size_t length,
                             ank_result *into, ank_error *stored)
{
    const unsigned char *p = data;
    if (!p || !into || into->finished || length < 4 + TRAILER ||
        p[0] != MAGIC0 || p[1] != MAGIC1 || p[2] != ANK_CODEC_FORMAT)
        return ANK_ERR_FORMAT;
    size_t body = length - TRAILER;
    uint64_t want = 0;
    for (int i = 0; i < TRAILER; i++)
        want |= (uint64_t)p[body + (size_t)i] << (8 * i);
    if (XXH3_64bits(p, body) != want)
        return ANK_ERR_FORMAT;
    reader r = {.p = p + 4, .end = p + body, .status = ANK_OK};
    if (stored) {
        memset(stored, 0, sizeof *stored);
        stored->offset = -1;
    }
    if (p[3] == TAG_FILE)
        return get_file_value(&r, into);
    if (p[3] != TAG_FAILURE)
        return ANK_ERR_FORMAT;
    uint64_t status = get_uv(&r);
    uint64_t n = get_uv(&r);
    if (r.status != ANK_OK || status == ANK_OK || status > ANK_ERR_FORMAT ||
        n == 0 || n - 1 != (uint64_t)(r.end - r.p))
        return ANK_ERR_FORMAT;
    if (stored) {
        size_t len = (size_t)(n - 1);
        if (len >= sizeof stored->message)
            len = sizeof stored->message - 1;
        memcpy(stored->message, r.p, len);
        stored->message[len] = '\0';
        stored->code = (ank_status)status;
    }
    return ANK_OK;
}
