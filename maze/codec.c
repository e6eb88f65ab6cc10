/*
 * codec.c - one file's extraction as bytes (the encoder).
 *
 * Layout: a 3-byte header (0xA7, 'K', ANK_CODEC_FORMAT), a value tag ('F'
 * file, 'E' skipped file), the payload, and an 8-byte little-endian XXH3-64
 * of everything before it.  Integers are LEB128 varints (signed ones
 * zigzagged), doubles their 8 IEEE bytes, strings a varint of length + 1
 * (0 is NULL) and the bytes.  A "file" pointer (constraint, outlier and
 * identifier locations) is a tag: 0 NULL, 1 the file's own path (decoded
 * as the shared pointer), 2 a string follows.
 *
 * The decoder is codec_read.c.
 */
#include "codec.h"

#include <string.h>

#include <xxhash.h>

#include "../clew/lang.h"
#include "codec_int.h"


/* ------------------------------------------------------------ writing */

typedef struct writer {
    ank_buf *out;
    const char *path; /* the file's path: file pointers equal to it are 1 */
    int too_deep;
} writer;

static void put_u8(writer *w, unsigned v)
{
    ank__buf_putc(w->out, (char)(unsigned char)v);
}

static void put_uv(writer *w, uint64_t v)
{
    unsigned char b[10];
    size_t n = 0;
    do {
        b[n] = (unsigned char)(v & 0x7F);
        v >>= 7;
        if (v)
            b[n] |= 0x80;
        n++;
    } while (v);
    ank__buf_append(w->out, b, n);
}

static void put_sv(writer *w, int64_t v)
{
    put_uv(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void put_f64(writer *w, double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(u >> (8 * i));
    ank__buf_append(w->out, b, 8);
}

static void put_str(writer *w, const char *s)
{
    if (!s) {
        put_uv(w, 0);
        return;
    }
    size_t n = strlen(s);
    put_uv(w, (uint64_t)n + 1);
    ank__buf_append(w->out, s, n);
}

static void put_file(writer *w, const char *file)
{
    if (!file) {
        put_u8(w, 0);
    } else if (file == w->path || strcmp(file, w->path) == 0) {
        put_u8(w, 1);
    } else {
        put_u8(w, 2);
        put_str(w, file);
    }
}

static void put_strs(writer *w, const char *const *s, uint32_t n)
{
    put_uv(w, n);
    for (uint32_t i = 0; i < n; i++)
        put_str(w, s[i]);
}

static void put_span(writer *w, const ank_span *s)
{
    put_uv(w, s->start_line);
    put_uv(w, s->start_column);
    put_uv(w, s->end_line);
    put_uv(w, s->end_column);
    put_uv(w, s->start_byte);
    put_uv(w, s->end_byte);
}

static void put_fields(writer *w, const ank_field *f, uint32_t n, int depth);

static void put_type(writer *w, const ank_type *t, int depth)
{
    if (!t) {
        put_u8(w, 0);
        return;
    }
    if (depth >= MAX_DEPTH) {
        w->too_deep = 1;
        put_u8(w, 0);
        return;
    }
    put_u8(w, 1 + (unsigned)t->kind);
    put_u8(w, t->literal);
    put_u8(w, t->flags);
    put_sv(w, t->length);
    put_str(w, t->name);
    put_type(w, t->a, depth + 1);
    put_type(w, t->b, depth + 1);
    put_uv(w, t->nitems);
    for (uint32_t i = 0; i < t->nitems; i++)
        put_type(w, t->items[i], depth + 1);
    put_fields(w, t->fields, t->nfields, depth + 1);
}

static void put_typeref(writer *w, const ank_typeref *t, int depth)
{
    put_str(w, t->text);
    put_type(w, t->tree, depth);
}

static void put_fields(writer *w, const ank_field *f, uint32_t n, int depth)
{
    put_uv(w, n);
    for (uint32_t i = 0; i < n; i++, f++) {
        put_str(w, f->name);
        put_span(w, &f->name_span);
        put_typeref(w, &f->type, depth);
        put_str(w, f->default_text);
        put_str(w, f->doc);
        put_str(w, f->tag);
        put_str(w, f->rename);
        put_strs(w, f->attributes, f->nattributes);
        put_u8(w, (unsigned)f->optional | (unsigned)f->readonly << 1 |
                      (unsigned)f->skip << 2 | (unsigned)f->embedded << 3 |
                      (unsigned)f->is_static << 4);
    }
}

static void put_generics(writer *w, const ank_generic *g, uint32_t n)
{
    put_uv(w, n);
    for (uint32_t i = 0; i < n; i++) {
        put_str(w, g[i].name);
        put_str(w, g[i].bound);
        put_str(w, g[i].default_text);
    }
}

static void put_signature(writer *w, const ank_signature *s)
{
    put_str(w, s->receiver);
    put_str(w, s->signature);
    put_uv(w, s->nparams);
    for (uint32_t i = 0; i < s->nparams; i++) {
        const ank_param *p = &s->params[i];
        put_str(w, p->name);
        put_span(w, &p->name_span);
        put_typeref(w, &p->type, 0);
        put_str(w, p->default_text);
        put_uv(w, p->flags);
    }
    put_typeref(w, &s->returns, 0);
    put_generics(w, s->generics, s->ngenerics);
    put_strs(w, s->decorators, s->ndecorators);
    put_str(w, s->doc);
    put_u8(w, s->visibility);
    put_u8(w, s->error_style);
    put_u8(w, (unsigned)s->exported | (unsigned)s->is_async << 1 |
                  (unsigned)s->is_generator << 2 | (unsigned)s->is_static << 3 |
                  (unsigned)s->is_abstract << 4);
}

static void put_shape(writer *w, const ank_shape *s)
{
    put_u8(w, s->shape);
    put_typeref(w, &s->aliased, 0);
    put_fields(w, s->fields, s->nfields, 0);
    put_uv(w, s->nvariants);
    for (uint32_t i = 0; i < s->nvariants; i++) {
        const ank_variant *v = &s->variants[i];
        put_str(w, v->name);
        put_str(w, v->value);
        put_str(w, v->doc);
        put_str(w, v->rename);
        put_fields(w, v->fields, v->nfields, 0);
        put_u8(w, v->tuple);
    }
    put_strs(w, s->methods, s->nmethods);
    put_strs(w, s->bases, s->nbases);
    put_generics(w, s->generics, s->ngenerics);
    put_strs(w, s->attributes, s->nattributes);
    put_str(w, s->doc);
    put_str(w, s->rename_all);
    put_u8(w, s->visibility);
    put_u8(w, s->exported);
}

static void put_import(writer *w, const ank_import *m)
{
    put_str(w, m->module);
    put_str(w, m->alias);
    put_uv(w, m->nnames);
    for (uint32_t i = 0; i < m->nnames; i++) {
        put_str(w, m->names[i].name);
        put_str(w, m->names[i].alias);
    }
    put_u8(w, m->origin);
    put_u8(w, (unsigned)m->wildcard | (unsigned)m->type_only << 1 |
                  (unsigned)m->side_effect << 2);
}

static void put_naming(writer *w, const ank_naming *n)
{
    put_u8(w, n->id_class);
    put_u8(w, n->style);
    put_uv(w, n->support);
    put_uv(w, n->total);
    for (int s = 0; s < ANK_STYLE_COUNT_; s++)
        put_uv(w, n->counts[s]);
    put_uv(w, n->noutliers);
    for (uint32_t i = 0; i < n->noutliers; i++) {
        const ank_naming_outlier *o = &n->outliers[i];
        put_str(w, o->name);
        put_u8(w, o->style);
        put_file(w, o->file);
        put_span(w, &o->span);
    }
    put_uv(w, n->noutliers_total);
    put_uv(w, n->files);
    put_u8(w, n->project);
    put_uv(w, n->nids);
    for (uint32_t i = 0; i < n->nids; i++) {
        const ank_named_id *d = &n->ids[i];
        put_str(w, d->name);
        put_file(w, d->file);
        put_span(w, &d->span);
        put_u8(w, d->mask);
        put_u8(w, d->primary);
    }
}

static void put_errors(writer *w, const ank_error_facts *f)
{
    put_str(w, f->function);
    put_strs(w, f->caught, f->ncaught);
    put_uv(w, f->ncounts);
    for (uint32_t i = 0; i < f->ncounts; i++) {
        put_str(w, f->counts[i].name);
        put_uv(w, f->counts[i].count);
    }
    put_uv(w, f->functions);
    put_u8(w, f->project);
}

static void put_hole(writer *w, const ank_hole *h)
{
    put_str(w, h->function);
    put_str(w, h->function_name);
    put_str(w, h->marker);
    put_typeref(w, &h->returns, 0);
    put_span(w, &h->replace);
    put_uv(w, h->nbindings);
    for (uint32_t i = 0; i < h->nbindings; i++) {
        put_str(w, h->bindings[i].name);
        put_typeref(w, &h->bindings[i].type, 0);
        put_u8(w, h->bindings[i].origin);
    }
    put_strs(w, h->applies, h->napplies);
    put_uv(w, h->function_start);
}

static void put_constraint(writer *w, const ank_constraint *c)
{
    ank__buf_append(w->out, c->id, 16);
    put_u8(w, c->kind);
    put_u8(w, c->severity);
    put_u8(w, c->language);
    put_f64(w, c->confidence);
    put_file(w, c->file);
    put_span(w, &c->span);
    put_str(w, c->name);
    put_str(w, c->evidence);
    switch (c->kind) {
    case ANK_KIND_FUNCTION_SIGNATURE:
        put_signature(w, &c->u.sig);
        break;
    case ANK_KIND_TYPE_SHAPE:
        put_shape(w, &c->u.shape);
        break;
    case ANK_KIND_IMPORT_MODULE:
        put_import(w, &c->u.import);
        break;
    case ANK_KIND_NAMING_CONVENTION:
        put_naming(w, &c->u.naming);
        break;
    case ANK_KIND_ERROR_STYLE:
        put_errors(w, &c->u.errors);
        break;
    case ANK_KIND_SECURITY_FINDING:
    case ANK_KIND_SECURITY_FORBID:
        put_str(w, c->u.finding.pattern ? c->u.finding.pattern->id : NULL);
        put_uv(w, c->u.finding.count);
        put_uv(w, c->u.finding.files);
        put_u8(w, c->u.finding.project);
        break;
    case ANK_KIND_HOLE:
        put_hole(w, &c->u.hole);
        break;
    default:
        break;
    }
}

static void put_header(writer *w, unsigned tag)
{
    put_u8(w, MAGIC0);
    put_u8(w, MAGIC1);
    put_u8(w, ANK_CODEC_FORMAT);
    put_u8(w, tag);
}

/* Close the value that starts at `start` with its checksum. */
static ank_status put_trailer(writer *w, size_t start)
{
    if (w->out->failed)
        return ANK_ERR_NOMEM;
    uint64_t h = XXH3_64bits(w->out->data + start, w->out->len - start);
    unsigned char b[TRAILER];
    for (int i = 0; i < TRAILER; i++)
        b[i] = (unsigned char)(h >> (8 * i));
    ank__buf_append(w->out, b, TRAILER);
    return w->out->failed ? ANK_ERR_NOMEM : ANK_OK;
}

ank_status ank__codec_encode_file(const ank_result *result, size_t index,
                                  ank_buf *out)
{
    if (!result || index >= result->nfiles)
        return ANK_ERR_INVALID_ARGUMENT;
    const ank_file_record *f = &result->files[index];
    size_t start = out->len;
    writer w = {.out = out, .path = f->path};
    put_header(&w, TAG_FILE);
    put_str(&w, f->path);
    put_u8(&w, f->lang);
    put_uv(&w, f->bytes);
    put_uv(&w, f->lines);
    put_uv(&w, f->nerrors_total);
    put_uv(&w, f->nerrors);
    for (uint32_t i = 0; i < f->nerrors; i++) {
        const ank_parse_error *e = &f->errors[i];
        put_uv(&w, e->line);
        put_uv(&w, e->column);
        put_uv(&w, e->offset);
        put_u8(&w, e->missing);
        put_str(&w, e->message);
    }
    put_uv(&w, f->count);
    for (size_t i = 0; i < f->count; i++)
        put_constraint(&w, result->items[f->first + i]);
    if (w.too_deep) {
        if (!out->failed)
            out->len = start;
        return ANK_ERR_LIMIT;
    }
    return put_trailer(&w, start);
}

ank_status ank__codec_encode_failure(ank_status status, const char *message,
                                     ank_buf *out)
{
    size_t start = out->len;
    writer w = {.out = out, .path = ""};
    put_header(&w, TAG_FAILURE);
    put_uv(&w, (uint64_t)status);
    put_str(&w, message ? message : "");
    return put_trailer(&w, start);
}
