/*
 * result.c - constraint sets: the names of the closed enumerations, file
 * bookkeeping, source ordering and stable ids, and the public accessors.
 *
 * Ids: XXH3-64 over (language, path, kind, name, ordinal), where ordinal
 * counts earlier constraints of the same kind and name in the same file.
 * The same declaration keeps its id when unrelated code moves around it.
 */
#include "result.h"

#include <stdlib.h>
#include <string.h>

/* XXH3_state_t on the stack needs the static-linking declarations. */
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "../ffi/alloc.h"
#include "../ffi/buf.h"
#include "../ffi/status.h"

/* ------------------------------------------------------------- names */

static const struct {
    const char *name;
    ank_category category;
} kinds[] = {
#define ANK_KIND_ROW_(e, name, cat) {name, cat},
    ANK_KIND_LIST(ANK_KIND_ROW_)
#undef ANK_KIND_ROW_
};

const char *ank__kind_name(ank_kind kind)
{
    return (unsigned)kind < ANK_KIND_COUNT_ ? kinds[kind].name : "unknown";
}

ank_category ank__kind_category(ank_kind kind)
{
    return (unsigned)kind < ANK_KIND_COUNT_ ? kinds[kind].category
                                            : ANK_CAT_SEMANTIC;
}

#define NAME_OF(table, value) \
    ((unsigned)(value) < sizeof table / sizeof table[0] ? table[value] : "unknown")

const char *ank__category_name(ank_category category)
{
    static const char *const t[] = {"syntactic", "type", "semantic",
                                    "architectural", "operational", "security"};
    return NAME_OF(t, category);
}

const char *ank__severity_name(ank_severity severity)
{
    static const char *const t[] = {"error", "warning", "info"};
    return NAME_OF(t, severity);
}

const char *ank__error_style_name(ank_error_style style)
{
    static const char *const t[] = {"none",        "result",      "option",
                                    "error_return", "error_union", "promise",
                                    "exception"};
    return NAME_OF(t, style);
}

const char *ank__visibility_name(ank_visibility visibility)
{
    static const char *const t[] = {"public", "module",     "package",
                                    "crate",  "restricted", "protected",
                                    "private"};
    return NAME_OF(t, visibility);
}

const char *ank__shape_kind_name(ank_shape_kind kind)
{
    static const char *const t[] = {
        "interface", "type_alias", "class",     "enum",      "struct",
        "tuple_struct", "union",   "trait",     "defined",   "dataclass",
        "pydantic",  "typeddict",  "namedtuple", "protocol"};
    return NAME_OF(t, kind);
}

const char *ank__id_class_name(ank_id_class id_class)
{
    static const char *const t[] = {"function", "method",   "type", "constant",
                                    "variable", "field",    "module"};
    return NAME_OF(t, id_class);
}

const char *ank__style_name(ank_style style)
{
    static const char *const t[] = {"snake_case", "camelCase", "PascalCase",
                                    "SCREAMING_SNAKE_CASE", "kebab-case",
                                    "flatcase", "other"};
    return NAME_OF(t, style);
}

const char *ank__origin_name(ank_import_origin origin)
{
    static const char *const t[] = {"relative", "stdlib", "external"};
    return NAME_OF(t, origin);
}

/* ------------------------------------------------------------ results */

ANK_API ank_result *ank_result_new(void)
{
    return ank__calloc(1, sizeof(ank_result));
}

ANK_API void ank_result_free(ank_result *result)
{
    if (!result)
        return;
    ank__arena_release(&result->arena);
    ank__free(result->items);
    ank__free(result->files);
    ank__free(result->skipped);
    ank__free(result);
}

ank_status ank__result_merge(ank_result *into, ank_result *from)
{
    if (!into || !from || into == from || into->finished || from->finished)
        return ANK_ERR_INVALID_ARGUMENT;
    if (!ank__array_reserve((void **)&into->items, &into->cap, into->count,
                            from->count, sizeof *into->items) ||
        !ank__array_reserve((void **)&into->files, &into->capfiles,
                            into->nfiles, from->nfiles, sizeof *into->files) ||
        !ank__array_reserve((void **)&into->skipped, &into->capskipped,
                            into->nskipped, from->nskipped,
                            sizeof *into->skipped))
        return ANK_ERR_NOMEM;
    for (size_t i = 0; i < from->nfiles; i++) {
        ank_file_record *f = &into->files[into->nfiles++];
        *f = from->files[i];
        f->first += into->count;
    }
    if (from->count)
        memcpy(into->items + into->count, from->items,
               from->count * sizeof *from->items);
    into->count += from->count;
    if (from->nskipped)
        memcpy(into->skipped + into->nskipped, from->skipped,
               from->nskipped * sizeof *from->skipped);
    into->nskipped += from->nskipped;
    ank__arena_adopt(&into->arena, &from->arena);
    from->count = from->nfiles = from->nskipped = 0;
    return ANK_OK;
}

ank_constraint *ank__result_push(ank_result *result)
{
    if (!ank__array_reserve((void **)&result->items, &result->cap,
                            result->count, 1, sizeof *result->items))
        return NULL;
    ank_constraint *c = ank__arena_alloc(&result->arena, sizeof *c);
    if (!c)
        return NULL;
    c->confidence = 1.0;
    result->items[result->count++] = c;
    return c;
}

ank_file_record *ank__result_begin_file(ank_result *result, const char *path,
                                        ank_lang lang)
{
    if (!ank__array_reserve((void **)&result->files, &result->capfiles,
                            result->nfiles, 1, sizeof *result->files))
        return NULL;
    const char *copy = ank__arena_strdup(&result->arena, path);
    if (!copy)
        return NULL;
    ank_file_record *f = &result->files[result->nfiles++];
    memset(f, 0, sizeof *f);
    f->path = copy;
    f->lang = lang;
    f->first = result->count;
    return f;
}

void ank__result_abort_file(ank_result *result)
{
    if (!result->nfiles)
        return;
    result->count = result->files[--result->nfiles].first;
}

/* Summaries of a whole file (naming conventions) come after its
 * declarations. */
static int file_wide(const ank_constraint *c)
{
    return c->kind == ANK_KIND_NAMING_CONVENTION;
}

static int by_source_order(const void *pa, const void *pb)
{
    const ank_constraint *a = *(ank_constraint *const *)pa;
    const ank_constraint *b = *(ank_constraint *const *)pb;
    if (file_wide(a) != file_wide(b))
        return file_wide(a) - file_wide(b);
    if (a->span.start_byte != b->span.start_byte)
        return a->span.start_byte < b->span.start_byte ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    int c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
    if (c)
        return c;
    if (a->language != b->language)
        return a->language < b->language ? -1 : 1;
    return a->span.end_byte < b->span.end_byte ? -1
           : a->span.end_byte > b->span.end_byte;
}

/* Same kind and name sort together, then in source order. */
static int by_identity(const void *pa, const void *pb)
{
    const ank_constraint *a = *(ank_constraint *const *)pa;
    const ank_constraint *b = *(ank_constraint *const *)pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    int c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
    if (c)
        return c;
    if (a->language != b->language)
        return a->language < b->language ? -1 : 1;
    return by_source_order(pa, pb);
}

void ank__hash_id(const char *const *parts, size_t nparts, uint32_t ordinal,
                  char id[17])
{
    XXH3_state_t state;
    XXH3_64bits_reset(&state);
    for (size_t i = 0; i < nparts; i++)
        XXH3_64bits_update(&state, parts[i], strlen(parts[i]) + 1);
    unsigned char ord[4] = {(unsigned char)(ordinal >> 24),
                            (unsigned char)(ordinal >> 16),
                            (unsigned char)(ordinal >> 8),
                            (unsigned char)ordinal};
    XXH3_64bits_update(&state, ord, sizeof ord);
    uint64_t h = XXH3_64bits_digest(&state);
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, h >>= 4)
        id[i] = hex[h & 15];
    id[16] = '\0';
}

static void assign_id(ank_constraint *c, const char *path, uint32_t ordinal)
{
    const char *parts[] = {ank_lang_name(c->language), path,
                           ank__kind_name(c->kind), c->name ? c->name : ""};
    ank__hash_id(parts, 4, ordinal, c->id);
}

/* Sort `items` into source order and give them ids: see the file header. */
static ank_status order_and_name(ank_constraint **items, size_t count,
                                 const char *path)
{
    if (count == 0)
        return ANK_OK;
    ank_constraint **tmp = ank__malloc(count * sizeof *tmp);
    if (!tmp)
        return ANK_ERR_NOMEM;
    memcpy(tmp, items, count * sizeof *tmp);
    qsort(tmp, count, sizeof *tmp, by_identity);
    uint32_t ordinal = 0;
    for (size_t i = 0; i < count; i++) {
        if (i > 0 && tmp[i - 1]->kind == tmp[i]->kind &&
            tmp[i - 1]->language == tmp[i]->language &&
            strcmp(tmp[i - 1]->name ? tmp[i - 1]->name : "",
                   tmp[i]->name ? tmp[i]->name : "") == 0)
            ordinal++;
        else
            ordinal = 0;
        assign_id(tmp[i], path, ordinal);
    }
    ank__free(tmp);
    qsort(items, count, sizeof *items, by_source_order);
    return ANK_OK;
}

ank_status ank__result_end_file(ank_result *result)
{
    ank_file_record *f = &result->files[result->nfiles - 1];
    f->count = result->count - f->first;
    if (f->count == 0)
        return ANK_OK; /* items may still be NULL */
    return order_and_name(result->items + f->first, f->count, f->path);
}

ank_status ank__result_end_project(ank_result *result, size_t first)
{
    if (result->count == first)
        return ANK_OK; /* items may still be NULL */
    return order_and_name(result->items + first, result->count - first, "");
}

ANK_API ank_status ank_result_add_skipped(ank_result *result, const char *path,
                                          const char *reason, ank_error *error)
{
    if (!result || !path || !reason)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "result, path and reason are required");
    if (!ank__array_reserve((void **)&result->skipped, &result->capskipped,
                            result->nskipped, 1, sizeof *result->skipped))
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    const char *p = ank__arena_strdup(&result->arena, path);
    const char *r = ank__arena_strdup(&result->arena, reason);
    if (!p || !r)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    result->skipped[result->nskipped++] = (ank_skipped){p, r};
    return ANK_OK;
}

ANK_API size_t ank_result_file_count(const ank_result *result)
{
    return result ? result->nfiles : 0;
}

ANK_API ank_status ank_result_file(const ank_result *result, size_t index,
                                   ank_file_info *info)
{
    if (!result || !info || index >= result->nfiles)
        return ANK_ERR_INVALID_ARGUMENT;
    const ank_file_record *f = &result->files[index];
    info->path = f->path;
    info->language = f->lang;
    info->bytes = f->bytes;
    info->lines = f->lines;
    info->constraints = (uint32_t)f->count;
    info->parse_errors = f->nerrors_total;
    return ANK_OK;
}

ANK_API size_t ank_result_count(const ank_result *result)
{
    return result ? result->count : 0;
}

ANK_API const ank_constraint *ank_result_get(const ank_result *result,
                                             size_t index)
{
    if (!result || index >= result->count)
        return NULL;
    return result->items[index];
}

ANK_API const char *ank_constraint_kind(const ank_constraint *c)
{
    return c ? ank__kind_name(c->kind) : NULL;
}

ANK_API const char *ank_constraint_name(const ank_constraint *c)
{
    return c ? c->name : NULL;
}

ANK_API const char *ank_constraint_id(const ank_constraint *c)
{
    return c ? c->id : NULL;
}

ANK_API double ank_constraint_confidence(const ank_constraint *c)
{
    return c ? c->confidence : 0.0;
}

ANK_API ank_location ank_constraint_location(const ank_constraint *c)
{
    ank_location loc = {0};
    if (!c)
        return loc;
    loc.file = c->file;
    loc.start_line = c->span.start_line;
    loc.start_column = c->span.start_column;
    loc.end_line = c->span.end_line;
    loc.end_column = c->span.end_column;
    loc.start_byte = c->span.start_byte;
    loc.end_byte = c->span.end_byte;
    return loc;
}

/* Check the options and write the document into `buf` (which may drain
 * to a sink); the caller releases `buf`. */
static ank_status write_document(const ank_result *result,
                                 const ank_write_options *options,
                                 ank_buf *buf, ank_error *error)
{
    for (const char *const *k = options->kinds; k && *k; k++) {
        int known = 0;
        for (int i = 0; i < ANK_KIND_COUNT_; i++)
            known |= strcmp(*k, ank__kind_name((ank_kind)i)) == 0;
        if (!known)
            return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                             "unknown constraint kind '%s'", *k);
    }
    switch (options->format) {
    case ANK_FORMAT_JSON:
        ank__write_json(result, options->kinds, buf);
        break;
    case ANK_FORMAT_NDJSON:
        ank__write_ndjson(result, options->kinds, buf);
        break;
    case ANK_FORMAT_TEXT:
        ank__write_text(result, options->kinds, buf);
        break;
    case ANK_FORMAT_SARIF:
        ank__write_sarif(result, buf);
        break;
    default:
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT, "unknown format %d",
                         (int)options->format);
    }
    ank__buf_drain(buf, 0);
    if (buf->sink_error)
        return ank__fail(error, ANK_ERR_IO, "%s", strerror(buf->sink_error));
    if (buf->failed)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    return ANK_OK;
}

ANK_API ank_status ank_result_write_with(const ank_result *result,
                                         const ank_write_options *options,
                                         char **out, size_t *length,
                                         ank_error *error)
{
    if (out)
        *out = NULL;
    if (!result || !options || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "result, options and out are required");
    ank_buf buf = ANK_BUF_INIT;
    ank_status s = write_document(result, options, &buf, error);
    if (s != ANK_OK) {
        ank__buf_release(&buf);
        return s;
    }
    *out = ank__buf_take(&buf, length);
    if (!*out)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    return ANK_OK;
}

ank_status ank__result_write_sink(const ank_result *result,
                                  const ank_write_options *options,
                                  ank_buf_sink sink, void *context,
                                  ank_error *error)
{
    if (!result || !options || !sink)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "result, options and sink are required");
    ank_buf buf = ANK_BUF_INIT;
    buf.sink = sink;
    buf.sink_context = context;
    ank_status s = write_document(result, options, &buf, error);
    ank__buf_release(&buf);
    return s;
}

ANK_API ank_status ank_result_write(const ank_result *result,
                                    ank_format format, char **out,
                                    size_t *length, ank_error *error)
{
    ank_write_options options = {format, NULL};
    return ank_result_write_with(result, &options, out, length, error);
}

bool ank__kind_wanted(const ank_constraint *c, const char *const *wanted)
{
    if (!wanted)
        return true;
    for (; *wanted; wanted++)
        if (strcmp(*wanted, ank__kind_name(c->kind)) == 0)
            return true;
    return false;
}
