/*
 * json_write.c - write a result as an `ananke.constraints/1` JSON document,
 * as NDJSON (one constraint per line) or as text lines.
 *
 * Invariant: keys come in a fixed order and every key of an object is
 * always written (absent values are null, false or []), so the same result
 * always gives the same bytes.
 */
#include <stdio.h>
#include <string.h>

#include "../ffi/buf.h"
#include "jw.h"
#include "result.h"

/* ------------------------------------------------------------ payloads */

static void write_typeref(jw *w, const char *key, const ank_typeref *t);
static void write_fields(jw *w, const char *key, const ank_field *f,
                         uint32_t n);

static void write_type(jw *w, const ank_type *t)
{
    static const char *const kind_names[] = {
        "named", "optional", "pointer",  "array",   "map",
        "tuple", "union",    "intersection", "function", "literal",
        "object", "error_union", "unknown"};
    static const char *const literal_names[] = {"string", "number", "boolean",
                                                "null"};
    if (!t) {
        jw_null(w);
        return;
    }
    jw_open(w, '{');
    KSTR(w, "kind", kind_names[t->kind]);
    switch (t->kind) {
    case ANK_TYPE_NAMED:
        KSTR(w, "name", t->name);
        if (t->nitems) {
            jw_key(w, "args");
            jw_open(w, '[');
            for (uint32_t i = 0; i < t->nitems; i++)
                write_type(w, t->items[i]);
            jw_close(w, ']');
        }
        break;
    case ANK_TYPE_OPTIONAL:
        jw_key(w, "of");
        write_type(w, t->a);
        break;
    case ANK_TYPE_POINTER:
        jw_key(w, "of");
        write_type(w, t->a);
        KBOOL(w, "nullable", (t->flags & ANK_TYPE_NULLABLE) != 0);
        KBOOL(w, "mutable", (t->flags & ANK_TYPE_MUTABLE) != 0);
        break;
    case ANK_TYPE_ARRAY:
        jw_key(w, "of");
        write_type(w, t->a);
        if (t->length >= 0)
            KUINT(w, "length", (uint64_t)t->length);
        if (t->name)
            KSTR(w, "container", t->name);
        if (t->flags & ANK_TYPE_CONST)
            KBOOL(w, "const", true);
        break;
    case ANK_TYPE_MAP:
        jw_key(w, "key");
        write_type(w, t->a);
        jw_key(w, "value");
        write_type(w, t->b);
        if (t->name)
            KSTR(w, "container", t->name);
        break;
    case ANK_TYPE_TUPLE:
    case ANK_TYPE_UNION:
    case ANK_TYPE_INTERSECTION:
    case ANK_TYPE_FUNCTION:
        jw_key(w, t->kind == ANK_TYPE_TUPLE      ? "items"
                  : t->kind == ANK_TYPE_FUNCTION ? "params"
                                                 : "members");
        jw_open(w, '[');
        for (uint32_t i = 0; i < t->nitems; i++)
            write_type(w, t->items[i]);
        jw_close(w, ']');
        if (t->kind == ANK_TYPE_FUNCTION) {
            jw_key(w, "returns");
            write_type(w, t->b);
        }
        break;
    case ANK_TYPE_LITERAL:
        KSTR(w, "type", literal_names[t->literal & 3]);
        KSTR(w, "value", t->name);
        break;
    case ANK_TYPE_OBJECT:
        write_fields(w, "fields", t->fields, t->nfields);
        break;
    case ANK_TYPE_ERROR_UNION:
        jw_key(w, "error");
        write_type(w, t->a);
        jw_key(w, "ok");
        write_type(w, t->b);
        break;
    case ANK_TYPE_UNKNOWN:
        KSTR(w, "text", t->name);
        break;
    }
    jw_close(w, '}');
}

static void write_typeref(jw *w, const char *key, const ank_typeref *t)
{
    jw_key(w, key);
    if (!t->text) {
        jw_null(w);
        return;
    }
    jw_open(w, '{');
    KSTR(w, "text", t->text);
    jw_key(w, "tree");
    write_type(w, t->tree);
    jw_close(w, '}');
}

static void write_fields(jw *w, const char *key, const ank_field *f,
                         uint32_t n)
{
    jw_key(w, key);
    jw_open(w, '[');
    for (uint32_t i = 0; i < n; i++, f++) {
        jw_open(w, '{');
        KSTR(w, "name", f->name);
        write_typeref(w, "type", &f->type);
        KBOOL(w, "optional", f->optional);
        KSTR(w, "default", f->default_text);
        KSTR(w, "doc", f->doc);
        KBOOL(w, "readonly", f->readonly);
        KBOOL(w, "static", f->is_static);
        KBOOL(w, "embedded", f->embedded);
        KBOOL(w, "skip", f->skip);
        KSTR(w, "rename", f->rename);
        KSTR(w, "tag", f->tag);
        jw_strings(w, "attributes", f->attributes, f->nattributes);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_generics(jw *w, const ank_generic *g, uint32_t n)
{
    jw_key(w, "generics");
    jw_open(w, '[');
    for (uint32_t i = 0; i < n; i++) {
        jw_open(w, '{');
        KSTR(w, "name", g[i].name);
        KSTR(w, "bound", g[i].bound);
        KSTR(w, "default", g[i].default_text);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_signature(jw *w, const ank_signature *s)
{
    KSTR(w, "receiver", s->receiver);
    KSTR(w, "signature", s->signature);
    jw_key(w, "parameters");
    jw_open(w, '[');
    for (uint32_t i = 0; i < s->nparams; i++) {
        const ank_param *p = &s->params[i];
        jw_open(w, '{');
        KSTR(w, "name", p->name);
        write_typeref(w, "type", &p->type);
        KSTR(w, "default", p->default_text);
        KBOOL(w, "optional", p->flags & ANK_PARAM_OPTIONAL);
        KBOOL(w, "variadic", p->flags & ANK_PARAM_VARIADIC);
        KBOOL(w, "keyword_only", p->flags & ANK_PARAM_KEYWORD_ONLY);
        KBOOL(w, "positional_only", p->flags & ANK_PARAM_POSITIONAL_ONLY);
        KBOOL(w, "kwargs", p->flags & ANK_PARAM_KWARGS);
        KBOOL(w, "self", p->flags & ANK_PARAM_SELF);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    write_typeref(w, "returns", &s->returns);
    KBOOL(w, "async", s->is_async);
    KBOOL(w, "generator", s->is_generator);
    KBOOL(w, "static", s->is_static);
    KBOOL(w, "abstract", s->is_abstract);
    KSTR(w, "visibility", ank__visibility_name(s->visibility));
    KBOOL(w, "exported", s->exported);
    jw_strings(w, "decorators", s->decorators, s->ndecorators);
    write_generics(w, s->generics, s->ngenerics);
    KSTR(w, "error_style", ank__error_style_name(s->error_style));
    KSTR(w, "doc", s->doc);
}

static void write_shape(jw *w, const ank_shape *s)
{
    KSTR(w, "shape", ank__shape_kind_name(s->shape));
    KBOOL(w, "exported", s->exported);
    KSTR(w, "visibility", ank__visibility_name(s->visibility));
    KSTR(w, "doc", s->doc);
    write_generics(w, s->generics, s->ngenerics);
    jw_strings(w, "bases", s->bases, s->nbases);
    jw_strings(w, "attributes", s->attributes, s->nattributes);
    KSTR(w, "rename_all", s->rename_all);
    write_typeref(w, "aliased", &s->aliased);
    write_fields(w, "fields", s->fields, s->nfields);
    jw_key(w, "variants");
    jw_open(w, '[');
    for (uint32_t i = 0; i < s->nvariants; i++) {
        const ank_variant *v = &s->variants[i];
        jw_open(w, '{');
        KSTR(w, "name", v->name);
        KSTR(w, "value", v->value);
        KSTR(w, "doc", v->doc);
        KSTR(w, "rename", v->rename);
        KBOOL(w, "tuple", v->tuple);
        write_fields(w, "fields", v->fields, v->nfields);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_strings(w, "methods", s->methods, s->nmethods);
}

static void write_import(jw *w, const ank_import *m)
{
    KSTR(w, "module", m->module);
    KSTR(w, "alias", m->alias);
    jw_key(w, "names");
    jw_open(w, '[');
    for (uint32_t i = 0; i < m->nnames; i++) {
        jw_open(w, '{');
        KSTR(w, "name", m->names[i].name);
        KSTR(w, "alias", m->names[i].alias);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    KSTR(w, "origin", ank__origin_name(m->origin));
    KBOOL(w, "wildcard", m->wildcard);
    KBOOL(w, "type_only", m->type_only);
    KBOOL(w, "side_effect", m->side_effect);
}

static void write_span(jw *w, const char *file, const ank_span *s)
{
    jw_open(w, '{');
    KSTR(w, "file", file);
    KUINT(w, "start_line", s->start_line);
    KUINT(w, "start_column", s->start_column);
    KUINT(w, "end_line", s->end_line);
    KUINT(w, "end_column", s->end_column);
    KUINT(w, "start_byte", s->start_byte);
    KUINT(w, "end_byte", s->end_byte);
    jw_close(w, '}');
}

static void write_naming(jw *w, const ank_naming *n)
{
    KSTR(w, "class", ank__id_class_name(n->id_class));
    KSTR(w, "style", ank__style_name(n->style));
    KUINT(w, "support", n->support);
    KUINT(w, "total", n->total);
    jw_key(w, "styles");
    jw_open(w, '{');
    for (int s = 0; s < ANK_STYLE_COUNT_; s++)
        KUINT(w, ank__style_name((ank_style)s), n->counts[s]);
    jw_close(w, '}');
    KUINT(w, "files", n->files);
    KBOOL(w, "project", n->project);
    KUINT(w, "outliers_total", n->noutliers_total);
    jw_key(w, "outliers");
    jw_open(w, '[');
    for (uint32_t i = 0; i < n->noutliers; i++) {
        const ank_naming_outlier *o = &n->outliers[i];
        jw_open(w, '{');
        KSTR(w, "name", o->name);
        KSTR(w, "style", ank__style_name(o->style));
        jw_key(w, "location");
        write_span(w, o->file, &o->span);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_errors(jw *w, const ank_error_facts *f)
{
    KSTR(w, "function", f->function);
    KBOOL(w, "project", f->project);
    KUINT(w, "functions", f->functions);
    jw_key(w, "counts");
    jw_open(w, '{');
    for (uint32_t i = 0; i < f->ncounts; i++)
        KUINT(w, f->counts[i].name, f->counts[i].count);
    jw_close(w, '}');
    jw_strings(w, "caught", f->caught, f->ncaught);
}

static void write_finding(jw *w, const ank_finding *f, bool forbid)
{
    KSTR(w, "pattern", f->pattern->id);
    KSTR(w, "cwe", f->pattern->cwe);
    KSTR(w, "message", f->pattern->message);
    if (forbid) {
        KUINT(w, "count", f->count);
        KUINT(w, "files", f->files);
    }
}

static void write_hole(jw *w, const ank_hole *h)
{
    static const char *const origins[] = {"parameter", "field", "module"};
    KSTR(w, "function", h->function);
    KSTR(w, "function_name", h->function_name);
    KSTR(w, "marker", h->marker);
    write_typeref(w, "returns", &h->returns);
    jw_key(w, "replace");
    jw_open(w, '{');
    KUINT(w, "start_byte", h->replace.start_byte);
    KUINT(w, "end_byte", h->replace.end_byte);
    jw_close(w, '}');
    jw_key(w, "bindings");
    jw_open(w, '[');
    for (uint32_t i = 0; i < h->nbindings; i++) {
        jw_open(w, '{');
        KSTR(w, "name", h->bindings[i].name);
        write_typeref(w, "type", &h->bindings[i].type);
        KSTR(w, "origin", origins[h->bindings[i].origin]);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_strings(w, "applies", h->applies, h->napplies);
}

static void write_layering(jw *w, const ank_layering *l)
{
    KSTR(w, "unit", l->unit);
    KUINT(w, "files", l->files);
    KUINT(w, "resolved", l->resolved);
    jw_key(w, "imports");
    jw_open(w, '[');
    for (uint32_t i = 0; i < l->nimports; i++) {
        const ank_layer_edge *e = &l->imports[i];
        jw_open(w, '{');
        KSTR(w, "unit", e->unit);
        KUINT(w, "count", e->count);
        jw_key(w, "first");
        jw_open(w, '{');
        KSTR(w, "file", e->file);
        KUINT(w, "line", e->line);
        KUINT(w, "column", e->column);
        jw_close(w, '}');
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_strings(w, "imported_by", l->imported_by, l->nimported_by);
    jw_strings(w, "boundaries", l->boundaries, l->nboundaries);
}

static void write_constraint(jw *w, const ank_constraint *c)
{
    jw_open(w, '{');
    KSTR(w, "id", c->id);
    KSTR(w, "kind", ank__kind_name(c->kind));
    KSTR(w, "category", ank__category_name(ank__kind_category(c->kind)));
    KSTR(w, "severity", ank__severity_name(c->severity));
    jw_key(w, "confidence");
    jw_fraction(w, c->confidence);
    KSTR(w, "language", ank_lang_name(c->language));
    jw_key(w, "location");
    if (c->file)
        write_span(w, c->file, &c->span);
    else
        jw_null(w); /* project-level */
    KSTR(w, "name", c->name);
    KSTR(w, "evidence", c->evidence);
    jw_key(w, "payload");
    jw_open(w, '{');
    switch (c->kind) {
    case ANK_KIND_FUNCTION_SIGNATURE:
        write_signature(w, &c->u.sig);
        break;
    case ANK_KIND_TYPE_SHAPE:
        write_shape(w, &c->u.shape);
        break;
    case ANK_KIND_IMPORT_MODULE:
        write_import(w, &c->u.import);
        break;
    case ANK_KIND_NAMING_CONVENTION:
        write_naming(w, &c->u.naming);
        break;
    case ANK_KIND_ERROR_STYLE:
        write_errors(w, &c->u.errors);
        break;
    case ANK_KIND_SECURITY_FINDING:
    case ANK_KIND_SECURITY_FORBID:
        write_finding(w, &c->u.finding, c->kind == ANK_KIND_SECURITY_FORBID);
        break;
    case ANK_KIND_HOLE:
        write_hole(w, &c->u.hole);
        break;
    case ANK_KIND_ARCHITECTURE_LAYERING:
        write_layering(w, &c->u.layering);
        break;
    default:
        break;
    }
    jw_close(w, '}');
    jw_close(w, '}');
}

/* ---------------------------------------------------------- documents */

void ank__write_json(const ank_result *r, const char *const *kinds,
                     ank_buf *out)
{
    jw w = {.out = out, .pretty = 1};
    jw_open(&w, '{');
    KSTR(&w, "format", ANK_CONSTRAINTS_FORMAT);
    jw_key(&w, "generator");
    jw_open(&w, '{');
    KSTR(&w, "name", "ananke");
    KSTR(&w, "version", ANK_VERSION_STRING);
    jw_close(&w, '}');
    jw_key(&w, "files");
    jw_open(&w, '[');
    for (size_t i = 0; i < r->nfiles; i++) {
        const ank_file_record *f = &r->files[i];
        jw_open(&w, '{');
        KSTR(&w, "path", f->path);
        KSTR(&w, "language", ank_lang_name(f->lang));
        KUINT(&w, "bytes", f->bytes);
        KUINT(&w, "lines", f->lines);
        KUINT(&w, "constraints", f->count);
        KUINT(&w, "parse_errors_total", f->nerrors_total);
        jw_key(&w, "parse_errors");
        jw_open(&w, '[');
        for (uint32_t e = 0; e < f->nerrors; e++) {
            const ank_parse_error *pe = &f->errors[e];
            jw_open(&w, '{');
            KUINT(&w, "line", pe->line);
            KUINT(&w, "column", pe->column);
            KUINT(&w, "offset", pe->offset);
            KSTR(&w, "kind", pe->missing ? "missing" : "error");
            KSTR(&w, "message", pe->message);
            jw_close(&w, '}');
        }
        jw_close(&w, ']');
        jw_close(&w, '}');
        ank__buf_drain(out, ANK_WRITE_CHUNK);
    }
    jw_close(&w, ']');
    jw_key(&w, "skipped");
    jw_open(&w, '[');
    for (size_t i = 0; i < r->nskipped; i++) {
        jw_open(&w, '{');
        KSTR(&w, "path", r->skipped[i].path);
        KSTR(&w, "reason", r->skipped[i].reason);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_key(&w, "constraints");
    jw_open(&w, '[');
    for (size_t i = 0; i < r->count; i++) {
        if (ank__kind_wanted(r->items[i], kinds)) {
            write_constraint(&w, r->items[i]);
            ank__buf_drain(out, ANK_WRITE_CHUNK);
        }
    }
    jw_close(&w, ']');
    jw_close(&w, '}');
    ank__buf_putc(out, '\n');
}

void ank__write_ndjson(const ank_result *r, const char *const *kinds,
                       ank_buf *out)
{
    for (size_t i = 0; i < r->count; i++) {
        if (!ank__kind_wanted(r->items[i], kinds))
            continue;
        jw w = {.out = out, .pretty = 0};
        write_constraint(&w, r->items[i]);
        ank__buf_putc(out, '\n');
        ank__buf_drain(out, ANK_WRITE_CHUNK);
    }
}

/* The text form shows a declaration on one line: runs of white space fold
 * to one space, and long text is cut. */
static void put_folded(ank_buf *out, const char *s, size_t max)
{
    size_t n = 0;
    int space = 0;
    for (; *s && n < max; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space && n > 0) {
            ank__buf_putc(out, ' ');
            n++;
        }
        space = 0;
        ank__buf_putc(out, (char)c);
        n++;
    }
    if (*s)
        ank__buf_puts(out, "…");
}

/* What the text form shows after a constraint's kind and name. */
static void text_detail(ank_buf *out, const ank_constraint *c)
{
    switch (c->kind) {
    case ANK_KIND_FUNCTION_SIGNATURE:
        ank__buf_puts(out, "  ");
        put_folded(out, c->u.sig.signature ? c->u.sig.signature : "", 160);
        break;
    case ANK_KIND_TYPE_SHAPE:
        ank__buf_printf(out, "  %s", ank__shape_kind_name(c->u.shape.shape));
        break;
    case ANK_KIND_NAMING_CONVENTION:
        ank__buf_printf(out, "  %s (%u of %u", ank__style_name(c->u.naming.style),
                        c->u.naming.support, c->u.naming.total);
        if (c->u.naming.noutliers_total)
            ank__buf_printf(out, "; outliers: %s%s", c->u.naming.outliers[0].name,
                            c->u.naming.noutliers_total > 1 ? ", ..." : "");
        ank__buf_putc(out, ')');
        return; /* the confidence is the ratio shown */
    case ANK_KIND_ERROR_STYLE:
        for (uint32_t i = 0; i < c->u.errors.ncounts; i++)
            ank__buf_printf(out, "%s%s=%u", i ? " " : "  ",
                            c->u.errors.counts[i].name,
                            c->u.errors.counts[i].count);
        break;
    case ANK_KIND_SECURITY_FINDING:
        ank__buf_printf(out, "  %s %s", c->u.finding.pattern->cwe,
                        c->u.finding.pattern->message);
        break;
    case ANK_KIND_SECURITY_FORBID:
        ank__buf_printf(out, "  %s never used (%u finding%s in %u files)",
                        c->u.finding.pattern->cwe, c->u.finding.count,
                        c->u.finding.count == 1 ? "" : "s",
                        c->u.finding.files);
        break;
    case ANK_KIND_HOLE:
        ank__buf_printf(out, "  %s", c->u.hole.marker ? c->u.hole.marker : "");
        if (c->u.hole.returns.text) {
            ank__buf_puts(out, " -> ");
            put_folded(out, c->u.hole.returns.text, 80);
        }
        break;
    case ANK_KIND_ARCHITECTURE_LAYERING: {
        const ank_layering *l = &c->u.layering;
        ank__buf_puts(out, "  imports ");
        if (!l->nimports)
            ank__buf_puts(out, "no other unit");
        for (uint32_t i = 0; i < l->nimports; i++)
            ank__buf_printf(out, "%s%s (%u)", i ? ", " : "",
                            l->imports[i].unit, l->imports[i].count);
        for (uint32_t i = 0; i < l->nboundaries; i++)
            ank__buf_printf(out, "%s%s", i ? ", " : "; never ",
                            l->boundaries[i]);
        break;
    }
    default:
        break;
    }
    if (c->confidence < 1)
        ank__buf_printf(out, "  (confidence %.2f)", c->confidence);
}

static void text_line(ank_buf *out, const ank_constraint *c)
{
    if (c->file)
        ank__buf_printf(out, "%s:%u:%u: ", c->file, c->span.start_line,
                        c->span.start_column);
    else
        ank__buf_printf(out, "project: %s: ", ank_lang_name(c->language));
    ank__buf_printf(out, "%s %s", ank__kind_name(c->kind),
                    c->name ? c->name : "");
    text_detail(out, c);
    ank__buf_putc(out, '\n');
}

void ank__write_text(const ank_result *r, const char *const *kinds,
                     ank_buf *out)
{
    size_t next = 0;
    for (size_t i = 0; i < r->nfiles; i++) {
        const ank_file_record *f = &r->files[i];
        for (uint32_t e = 0; e < f->nerrors; e++)
            ank__buf_printf(out, "%s:%u:%u: %s\n", f->path, f->errors[e].line,
                            f->errors[e].column, f->errors[e].message);
        for (; next < f->first + f->count && next < r->count; next++)
            if (ank__kind_wanted(r->items[next], kinds))
                text_line(out, r->items[next]);
        ank__buf_drain(out, ANK_WRITE_CHUNK);
    }
    for (; next < r->count; next++)
        if (ank__kind_wanted(r->items[next], kinds))
            text_line(out, r->items[next]);
    for (size_t i = 0; i < r->nskipped; i++)
        ank__buf_printf(out, "%s: skipped (%s)\n", r->skipped[i].path,
                        r->skipped[i].reason);
}
