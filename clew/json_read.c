/*
 * json_read.c - read an `ananke.constraints/1` document back into a
 * result: the inverse of json_write.c, so braid can compile constraints
 * that were written to a file or piped between processes.  This file reads
 * the document, its files and each constraint's common members;
 * json_read_payload.c the payloads and json_read_value.c the values.
 *
 * Invariants: reading what json_write.c wrote and writing it again gives
 * the same bytes; every value is type-checked, and the first problem stops
 * the read with ANK_ERR_JSON (not JSON: jansson's line and column) or
 * ANK_ERR_FORMAT (JSON of the wrong shape: the path of the offending value
 * in the message, and its line and column when it can be found in the
 * text).  Nothing of a failed read survives.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "json_read.h"
#include "lang.h"

ENUM_NAMES(ank__kind_name, ank_kind)
ENUM_NAMES(ank__severity_name, ank_severity)

/* ----------------------------------------------------------- documents */

/* The file record's own copy of `path` (constraints share it), or NULL
 * when `path` is NULL.  An unknown path is an error. */
const char *ank__json_read_file(ank_jread *d, const char *path)
{
    if (!path)
        return NULL;
    for (size_t i = 0; i < d->r->nfiles; i++)
        if (strcmp(d->r->files[i].path, path) == 0)
            return d->r->files[i].path;
    ank__json_read_bad(d, path,
                       "location names \"%s\", which \"files\" does not list%s",
                       path, NULL);
    return NULL;
}

void ank__json_read_span(ank_jread *d, const json_t *v, const char **file,
                         ank_span *s)
{
    *file = ank__json_read_file(d, ank__json_read_str(d, v, "file"));
    s->start_line = ank__json_read_u32(d, v, "start_line");
    s->start_column = ank__json_read_u32(d, v, "start_column");
    s->end_line = ank__json_read_u32(d, v, "end_line");
    s->end_column = ank__json_read_u32(d, v, "end_column");
    s->start_byte = ank__json_read_u32(d, v, "start_byte");
    s->end_byte = ank__json_read_u32(d, v, "end_byte");
}

static void read_files(ank_jread *d, const json_t *doc)
{
    const json_t *files = ank__json_read_array(d, doc, "files");
    for (size_t i = 0; files && i < json_array_size(files) &&
                       d->status == ANK_OK; i++) {
        const json_t *v = json_array_get(files, i);
        snprintf(d->where, sizeof d->where, "files[%zu]", i);
        if (!json_is_object(v)) {
            ank__json_read_bad(d, NULL, "must be an object%s%s", "", NULL);
            return;
        }
        const char *path = ank__json_read_str(d, v, "path");
        const char *lang = ank__json_read_str(d, v, "language");
        ank_lang l = lang ? ank_lang_from_name(lang) : ANK_LANG_UNKNOWN;
        if (!path || l == ANK_LANG_UNKNOWN) {
            ank__json_read_bad(d, lang ? lang : "path",
                               "needs a \"path\" and a known "
                               "\"language\"%s%s",
                               "", NULL);
            return;
        }
        ank_file_record *f = ank__result_begin_file(d->r, path, l);
        if (!f) {
            ank__json_read_nomem(d);
            return;
        }
        f->bytes = ank__json_read_u32(d, v, "bytes");
        f->lines = ank__json_read_u32(d, v, "lines");
        f->nerrors_total = ank__json_read_u32(d, v, "parse_errors_total");
        const json_t *errs = ank__json_read_array(d, v, "parse_errors");
        size_t n = errs ? json_array_size(errs) : 0;
        f->errors = ank__json_read_alloc(d, n, sizeof *f->errors);
        f->nerrors = f->errors ? (uint32_t)n : 0;
        for (size_t e = 0; e < f->nerrors && d->status == ANK_OK; e++) {
            const json_t *pe = json_array_get(errs, e);
            f->errors[e].line = ank__json_read_u32(d, pe, "line");
            f->errors[e].column = ank__json_read_u32(d, pe, "column");
            f->errors[e].offset = ank__json_read_u32(d, pe, "offset");
            const char *kind = ank__json_read_str(d, pe, "kind");
            f->errors[e].missing = kind && strcmp(kind, "missing") == 0;
            f->errors[e].message = ank__json_read_str(d, pe, "message");
        }
    }
    d->where[0] = '\0';
}

static void read_constraint(ank_jread *d, const json_t *v)
{
    if (!json_is_object(v)) {
        ank__json_read_bad(d, NULL, "must be an object%s%s", "", NULL);
        return;
    }
    ank_constraint *c = ank__result_push(d->r);
    if (!c) {
        ank__json_read_nomem(d);
        return;
    }
    const char *id = ank__json_read_str(d, v, "id");
    if (!id || strlen(id) != 16 || strspn(id, "0123456789abcdef") != 16) {
        ank__json_read_bad(d, id ? id : "id",
                           "\"id\" must be 16 hex digits%s%s", "", NULL);
        return;
    }
    memcpy(c->id, id, 17);
    json_t *kind = json_object_get(v, "kind");
    if (!json_is_string(kind)) {
        ank__json_read_bad(d, "kind", "needs a \"kind\"%s%s", "", NULL);
        return;
    }
    c->kind = ENUM_MEMBER(d, v, "kind", ank_kind, ank__kind_name,
                          ANK_KIND_COUNT_, ANK_KIND_FUNCTION_SIGNATURE);
    c->severity = ENUM_MEMBER(d, v, "severity", ank_severity,
                              ank__severity_name, ANK_SEV_INFO + 1,
                              ANK_SEV_INFO);
    json_t *conf = json_object_get(v, "confidence");
    if (!json_is_number(conf) || json_number_value(conf) < 0 ||
        json_number_value(conf) > 1)
        ank__json_read_bad(d, "confidence",
                           "\"%s\" must be a number from 0 to 1%s",
                           "confidence", NULL);
    else
        c->confidence = json_number_value(conf);
    const char *lang = ank__json_read_str(d, v, "language");
    c->language = lang ? ank_lang_from_name(lang) : ANK_LANG_UNKNOWN;
    if (c->language == ANK_LANG_UNKNOWN)
        ank__json_read_bad(d, lang ? lang : "language",
                           "unknown language \"%s\"%s", lang ? lang : "(none)",
                           NULL);
    const json_t *loc = ank__json_read_object(d, v, "location");
    if (loc)
        ank__json_read_span(d, loc, &c->file, &c->span);
    c->name = ank__json_read_str(d, v, "name");
    c->evidence = ank__json_read_str(d, v, "evidence");
    const json_t *p = ank__json_read_object(d, v, "payload");
    if (!p) {
        ank__json_read_bad(d, "payload", "needs a \"%s\" object%s", "payload",
                           NULL);
        return;
    }
    if (d->status != ANK_OK)
        return;
    ank__json_read_payload(d, p, c);
}

/* Constraints of a file come together, in file order, then the project's;
 * record each file's range. */
static void assign_ranges(ank_jread *d)
{
    ank_result *r = d->r;
    size_t i = 0;
    for (size_t f = 0; f < r->nfiles; f++) {
        r->files[f].first = i;
        while (i < r->count && r->items[i]->file == r->files[f].path)
            i++;
        r->files[f].count = i - r->files[f].first;
    }
    r->project_first = i;
    for (; i < r->count; i++)
        if (r->items[i]->file) {
            snprintf(d->where, sizeof d->where, "constraints[%zu]", i);
            ank__json_read_bad(
                d, r->items[i]->id,
                "is out of file order (constraints of a "
                "file come together, files in \"files\" order)%s%s",
                "", NULL);
            return;
        }
}

ANK_API ank_status ank_result_read(const char *json, size_t length,
                                   ank_result **out, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!json || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_result_read: %s is NULL", json ? "out" : "json");
    json_error_t je;
    json_t *doc = json_loadb(json, length, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        return ank__error_set(error, ANK_ERR_JSON, (uint32_t)je.line,
                              (uint32_t)je.column, je.position, "%s",
                              je.text);
    ank_jread d = {.text = json, .length = length, .error = error};
    d.r = ank_result_new();
    if (!d.r) {
        json_decref(doc);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    json_t *format = json_object_get(doc, "format");
    if (!json_is_object(doc))
        ank__json_read_bad(&d, NULL, "the document must be a JSON object%s%s",
                           "", NULL);
    else if (!json_is_string(format) ||
             strcmp(json_string_value(format), ANK_CONSTRAINTS_FORMAT) != 0)
        ank__json_read_bad(
            &d, json_is_string(format) ? json_string_value(format) : "format",
            "\"format\" must be \"%s\"%s", ANK_CONSTRAINTS_FORMAT,
            json_is_string(format) ? "" : " (missing)");
    if (d.status == ANK_OK)
        read_files(&d, doc);
    const json_t *cs = d.status == ANK_OK
                           ? ank__json_read_array(&d, doc, "constraints")
                           : NULL;
    for (size_t i = 0; cs && i < json_array_size(cs) && d.status == ANK_OK;
         i++) {
        snprintf(d.where, sizeof d.where, "constraints[%zu]", i);
        read_constraint(&d, json_array_get(cs, i));
    }
    d.where[0] = '\0';
    const json_t *skipped =
        d.status == ANK_OK ? ank__json_read_array(&d, doc, "skipped") : NULL;
    for (size_t i = 0; skipped && i < json_array_size(skipped) &&
                       d.status == ANK_OK; i++) {
        const json_t *v = json_array_get(skipped, i);
        const char *path = ank__json_read_str(&d, v, "path");
        const char *reason = ank__json_read_str(&d, v, "reason");
        if (path && reason && d.status == ANK_OK)
            d.status = ank_result_add_skipped(d.r, path, reason, error);
    }
    if (d.status == ANK_OK)
        assign_ranges(&d);
    json_decref(doc);
    if (d.status != ANK_OK) {
        ank_result_free(d.r);
        return d.status;
    }
    d.r->finished = true;
    *out = d.r;
    return ANK_OK;
}
