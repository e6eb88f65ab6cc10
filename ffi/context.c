/*
 * context.c - the context API: options with a struct_size for ABI growth,
 * extraction from memory and from a path into finished results,
 * compilation from a result or from JSON text, and JSON output with owned
 * buffers.
 *
 * Every entry point checks its arguments before doing any work, so a bad
 * call leaves nothing behind: *out is NULL and the error says why.  A
 * context owns its extractor and is used by one thread at a time; results
 * and documents do not refer back to it.
 */
#include "context.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "status.h"
#include "text.h"

/* The options struct as the first ABI version defines it: a caller's
 * struct_size may not be smaller. */
#define OPTIONS_V1_SIZE \
    (offsetof(ank_options, allocator) + sizeof(const ank_allocator *))

#define KNOWN_FLAGS (ANK_CLEW_DECLARATIONS_ONLY | ANK_STRICT_UTF8)

ANK_API unsigned ank_abi_version(void) { return ANK_ABI_VERSION; }

size_t ank__utf8_check(const char *text, size_t length)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < length) {
        if (s[i] < 0x80) {
            i += ank__ascii_prefix(text + i, length - i);
            continue;
        }
        uint32_t cp;
        size_t n = ank__utf8_decode(s + i, length - i, &cp);
        if (!n)
            return i;
        i += n;
    }
    return length;
}

/* Fill an error located at byte `offset` of `text`: 1-based line and
 * column (in bytes), as everywhere else. */
static ank_status fail_at(ank_error *error, ank_status code, const char *text,
                          size_t offset, const char *what)
{
    uint32_t line = 1, column = 1;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    return ank__error_set(error, code, line, column, (int64_t)offset,
                          "%s at byte %zu (line %u, column %u)", what, offset,
                          (unsigned)line, (unsigned)column);
}

/* Copy the caller's options into `o`, checking the struct's size: a
 * smaller struct is an error, a larger one must be zero past the fields
 * this library knows. */
static ank_status read_options(const ank_options *in, ank_options *o,
                               ank_error *error)
{
    memset(o, 0, sizeof *o);
    if (!in)
        return ANK_OK;
    if (in->struct_size < OPTIONS_V1_SIZE)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_options.struct_size is %zu; set it to "
                         "sizeof(ank_options)",
                         in->struct_size);
    if (in->struct_size > sizeof *o) {
        const unsigned char *extra = (const unsigned char *)in + sizeof *o;
        for (size_t i = 0; i < in->struct_size - sizeof *o; i++)
            if (extra[i])
                return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                                 "ank_options sets a field this library "
                                 "(ABI %d, %s) does not know",
                                 ANK_ABI_VERSION, ANK_VERSION_STRING);
    }
    memcpy(o, in, in->struct_size < sizeof *o ? in->struct_size : sizeof *o);
    if (o->flags & ~KNOWN_FLAGS)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_options.flags has unknown bits 0x%x",
                         o->flags & ~KNOWN_FLAGS);
    const ank_allocator *a = o->allocator;
    if (a && (!a->malloc_fn || !a->calloc_fn || !a->realloc_fn || !a->free_fn))
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_options.allocator must give all four functions");
    return ANK_OK;
}

ANK_API ank_status ank_context_new(const ank_options *options,
                                   ank_context **out, ank_error *error)
{
    ank__error_clear(error);
    if (!out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_context_new: out is NULL");
    *out = NULL;
    ank_options o;
    ank_status st = read_options(options, &o, error);
    if (st != ANK_OK)
        return st;
    if (o.allocator)
        ank_set_allocator(o.allocator);
    ank_context *ctx = ank__calloc(1, sizeof *ctx);
    if (!ctx)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    ctx->max_file_size = o.max_file_size ? o.max_file_size
                                         : ANK_DEFAULT_MAX_FILE_SIZE;
    ctx->max_json_size = o.max_json_size ? o.max_json_size
                                         : ANK_DEFAULT_MAX_JSON_SIZE;
    ctx->flags = o.flags;
    ctx->jobs = o.jobs;
    ctx->no_cache = o.no_cache;
    if (o.cache_dir) {
        ctx->cache_dir = ank__strndup(o.cache_dir, strlen(o.cache_dir));
        if (!ctx->cache_dir) {
            ank_context_free(ctx);
            return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
        }
    }
    ank_clew_options co = {ctx->max_file_size,
                           o.flags & ANK_CLEW_DECLARATIONS_ONLY};
    st = ank_clew_new(&co, &ctx->clew, error);
    if (st != ANK_OK) {
        ank_context_free(ctx);
        return st;
    }
    *out = ctx;
    return ANK_OK;
}

ANK_API void ank_context_free(ank_context *ctx)
{
    if (!ctx)
        return;
    ank__context_release_tree(ctx);
    ank_clew_free(ctx->clew);
    ank__free(ctx->cache_dir);
    ank__free(ctx);
}

/* A path given to the ABI is written into JSON and messages: it must be
 * UTF-8 and not empty. */
static ank_status check_path(const char *path, ank_error *error)
{
    size_t n = strlen(path);
    if (n == 0)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT, "the path is empty");
    size_t bad = ank__utf8_check(path, n);
    if (bad < n)
        return ank__error_set(error, ANK_ERR_INVALID_ARGUMENT, 0, 0,
                              (int64_t)bad,
                              "the path is not valid UTF-8 (byte %zu)", bad);
    return ANK_OK;
}

/* Text passed with a length must not run past its end: trailing NUL bytes
 * mean the caller gave a buffer's size (unless the length is `exact`, read
 * from a file).  A NUL elsewhere is binary data (`inner_nul`). */
static ank_status check_text(const char *text, size_t length, bool exact,
                             ank_status inner_nul, ank_error *error)
{
    if (!length)
        return ANK_OK;
    if (!exact && text[length - 1] == '\0') {
        size_t end = length;
        while (end > 0 && text[end - 1] == '\0')
            end--;
        return ank__error_set(error, ANK_ERR_INVALID_ARGUMENT, 0, 0,
                              (int64_t)end,
                              "length mismatch: the input ends in NUL bytes "
                              "from byte %zu of %zu; pass the text's length",
                              end, length);
    }
    const char *nul = memchr(text, '\0', length);
    if (nul)
        return fail_at(error, inner_nul, text, (size_t)(nul - text),
                       "binary data: a NUL byte");
    return ANK_OK;
}

/* ank_extract, with the length `exact` when it was read from a file. */
static ank_status extract(ank_context *ctx, ank_lang lang, const char *source,
                          size_t length, const char *path, bool exact,
                          ank_result **out, ank_error *error)
{
    if (out)
        *out = NULL;
    if (!ctx || !out || (!source && length))
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_extract: %s is NULL",
                         !ctx ? "ctx" : !out ? "out" : "source");
    if ((int)lang < ANK_LANG_UNKNOWN || (int)lang >= ANK_LANG_COUNT_)
        return ank__fail(error, ANK_ERR_UNSUPPORTED_LANGUAGE,
                         "unknown language value %d", (int)lang);
    ank_status st = path ? check_path(path, error) : ANK_OK;
    if (st != ANK_OK)
        return st;
    if (lang == ANK_LANG_UNKNOWN &&
        ank_lang_from_path(path) == ANK_LANG_UNKNOWN)
        return ank__fail(error, ANK_ERR_UNSUPPORTED_LANGUAGE,
                         "%s: no language given and none known for the "
                         "file name",
                         path ? path : "<stdin>");
    if (length > ctx->max_file_size)
        return ank__fail(error, ANK_ERR_TOO_LARGE,
                         "%s: %zu bytes is over the limit of %zu",
                         path ? path : "<stdin>", length, ctx->max_file_size);
    if ((st = check_text(source, length, exact, ANK_ERR_BINARY, error)) !=
        ANK_OK)
        return st;
    if (ctx->flags & ANK_STRICT_UTF8) {
        size_t bad = ank__utf8_check(source, length);
        if (bad < length)
            return fail_at(error, ANK_ERR_INVALID_ARGUMENT, source, bad,
                           "invalid UTF-8");
    }
    ank_result *r = ank_result_new();
    if (!r)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    st = ank_clew_extract(ctx->clew, lang, source, length, path, r, error);
    if (st == ANK_OK)
        st = ank_result_finish(r, error);
    if (st != ANK_OK) {
        ank_result_free(r);
        return st;
    }
    *out = r;
    return ANK_OK;
}

ANK_API ank_status ank_extract(ank_context *ctx, ank_lang lang,
                               const char *source, size_t length,
                               const char *path, ank_result **out,
                               ank_error *error)
{
    ank__error_clear(error);
    return extract(ctx, lang, source, length, path, false, out, error);
}

/* Read a whole regular file of at most `max` bytes into ank__malloc'ed
 * memory. */
static ank_status read_file(const char *path, size_t max, char **out,
                            size_t *length, ank_error *error)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return ank__fail(error,
                         errno == ENOENT || errno == ENOTDIR ? ANK_ERR_NOT_FOUND
                                                             : ANK_ERR_IO,
                         "%s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return ank__fail(error, ANK_ERR_IO, "%s: not a regular file", path);
    }
    if ((unsigned long long)sb.st_size > max) {
        close(fd);
        return ank__fail(error, ANK_ERR_TOO_LARGE,
                         "%s: %lld bytes is over the limit of %zu", path,
                         (long long)sb.st_size, max);
    }
    size_t cap = (size_t)sb.st_size, n = 0;
    char *buf = ank__malloc(cap + 1);
    if (!buf) {
        close(fd);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    /* Read to the end even if the file grew since fstat, up to `max`. */
    for (;;) {
        if (n == cap) {
            if (cap >= max)
                break;
            size_t grow = cap < 4096 ? 4096 : cap;
            size_t ncap = grow > max - cap ? max : cap + grow;
            char *p = ank__realloc(buf, ncap + 1);
            if (!p) {
                ank__free(buf);
                close(fd);
                return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
            }
            buf = p;
            cap = ncap;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            ank__free(buf);
            close(fd);
            return ank__fail(error, ANK_ERR_IO, "%s: %s", path, strerror(e));
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    *out = buf;
    *length = n;
    return ANK_OK;
}

ANK_API ank_status ank_extract_path(ank_context *ctx, const char *path,
                                    ank_result **out, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!ctx || !path || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_extract_path: %s is NULL",
                         !ctx ? "ctx" : !path ? "path" : "out");
    ank_status st = check_path(path, error);
    if (st != ANK_OK)
        return st;
    if (ank_lang_from_path(path) == ANK_LANG_UNKNOWN)
        return ank__fail(error, ANK_ERR_UNSUPPORTED_LANGUAGE,
                         "%s: no language known for the file name", path);
    char *text = NULL;
    size_t length = 0;
    st = read_file(path, ctx->max_file_size, &text, &length, error);
    if (st != ANK_OK)
        return st;
    st = extract(ctx, ANK_LANG_UNKNOWN, text, length, path, true, out, error);
    ank__free(text);
    return st;
}

ANK_API ank_status ank_compile(ank_context *ctx, const ank_result *result,
                               const ank_compile_options *options,
                               ank_ir **out, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!ctx || !result || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_compile: %s is NULL",
                         !ctx ? "ctx" : !result ? "result" : "out");
    return ank_braid_compile(result, options, out, error);
}

/* An `ananke.constraints/1` document's text as a new result, with the
 * context's checks. */
static ank_status read_json(const ank_context *ctx, const char *json,
                            size_t length, ank_result **out, ank_error *error)
{
    if (length > ctx->max_json_size)
        return ank__fail(error, ANK_ERR_TOO_LARGE,
                         "the document's %zu bytes are over the limit of %zu",
                         length, ctx->max_json_size);
    ank_status st = check_text(json, length, false, ANK_ERR_JSON, error);
    return st != ANK_OK ? st : ank_result_read(json, length, out, error);
}

ANK_API ank_status ank_compile_json(ank_context *ctx, const char *json,
                                    size_t length,
                                    const ank_compile_options *options,
                                    ank_ir **out, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!ctx || !json || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_compile_json: %s is NULL",
                         !ctx ? "ctx" : !json ? "json" : "out");
    ank_result *r = NULL;
    ank_status st = read_json(ctx, json, length, &r, error);
    if (st == ANK_OK)
        st = ank_braid_compile(r, options, out, error);
    ank_result_free(r);
    return st;
}

ANK_API ank_status ank_compile_json_write(ank_context *ctx, const char *json,
                                          size_t length,
                                          const ank_compile_options *options,
                                          ank_write_fn write, void *context,
                                          ank_compile_counts *counts,
                                          ank_error *error)
{
    ank__error_clear(error);
    if (counts)
        *counts = (ank_compile_counts){0, 0};
    if (!ctx || !json || !write)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_compile_json_write: %s is NULL",
                         !ctx ? "ctx" : !json ? "json" : "write");
    ank_result *r = NULL;
    ank_status st = read_json(ctx, json, length, &r, error);
    if (st == ANK_OK)
        st = ank_braid_compile_write(r, options, write, context, counts,
                                     error);
    ank_result_free(r);
    return st;
}

ANK_API ank_status ank_result_json(const ank_result *result, char **out,
                                   size_t *length, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (length)
        *length = 0;
    if (!result || !out || !length)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_result_json: %s is NULL",
                         !result ? "result" : !out ? "out" : "length");
    return ank_result_write(result, ANK_FORMAT_JSON, out, length, error);
}

ANK_API ank_status ank_ir_json(const ank_ir *ir, char **out, size_t *length,
                               ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (length)
        *length = 0;
    if (!ir || !out || !length)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_ir_json: %s is NULL",
                         !ir ? "ir" : !out ? "out" : "length");
    return ank_ir_write(ir, out, length, error);
}
