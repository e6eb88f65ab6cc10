/*
 * tree.c - ank_extract_tree: a directory through the same walk, pipeline
 * and cache as `ananke extract DIR` (maze/walk.h, maze/pipeline.h,
 * maze/cache.h), for library callers.
 *
 * The context opens its cache on the first call and keeps it, so repeated
 * calls reuse the in-memory layer; a cache that cannot be opened is
 * remembered as a warning and the calls run uncached.  Files are listed
 * only when their extension names a language, so "not a source file" is
 * never an error; every other per-file failure is a skipped file.
 */
#include <string.h>

#include "../maze/cache.h"
#include "../maze/pipeline.h"
#include "../maze/walk.h"
#include "alloc.h"
#include "context.h"
#include "status.h"

void ank__context_release_tree(ank_context *ctx)
{
    ank__cache_close(ctx->cache);
    ctx->cache = NULL;
    ank__free(ctx->cache_warning);
    ctx->cache_warning = NULL;
    ctx->cache_tried = false;
}

ANK_API const char *ank_context_warning(const ank_context *ctx)
{
    return ctx ? ctx->cache_warning : NULL;
}

static void set_warning(ank_context *ctx, const char *text)
{
    ank__free(ctx->cache_warning);
    ctx->cache_warning = text ? ank__strndup(text, strlen(text)) : NULL;
}

/* The context's cache, opened on first use; NULL when off or unusable. */
static ank_status cache_of(ank_context *ctx, ank_cache **out,
                           ank_error *error)
{
    *out = NULL;
    if (ctx->no_cache)
        return ANK_OK;
    if (!ctx->cache_tried) {
        ank_cache_options o = {.dir = ctx->cache_dir};
        ank_status st = ank__cache_open(&o, &ctx->cache, error);
        if (st != ANK_OK)
            return st;
        ctx->cache_tried = true;
        set_warning(ctx, ank__cache_warning(ctx->cache));
    }
    *out = ctx->cache;
    return ANK_OK;
}

ANK_API ank_status ank_extract_tree(ank_context *ctx, const char *root,
                                    ank_result **out, ank_tree_stats *stats,
                                    ank_error *error)
{
    ank__error_clear(error);
    if (stats)
        memset(stats, 0, sizeof *stats);
    if (!out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_extract_tree: out is NULL");
    *out = NULL;
    if (!ctx || !root)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_extract_tree: %s is NULL", ctx ? "root" : "ctx");
    size_t n = strlen(root);
    if (n == 0 || ank__utf8_check(root, n) != n)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_extract_tree: the root must be a non-empty "
                         "UTF-8 path");

    ank_cache *cache = NULL;
    ank_status st = cache_of(ctx, &cache, error);
    if (st != ANK_OK)
        return st;
    ank_paths paths = {0};
    st = ank__walk(root, NULL, false, &paths, error);
    if (st != ANK_OK)
        return st;
    ank_pipeline_file *files =
        ank__calloc(paths.count ? paths.count : 1, sizeof *files);
    ank_result *r = ank_result_new();
    if (!files || !r) {
        st = ank__fail(error, ANK_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < paths.count; i++) {
        files[i].path = paths.items[i];
        files[i].lang = ank_lang_from_path(paths.items[i]);
    }
    ank_pipeline_options po = {
        .jobs = ctx->jobs,
        .clew = {.max_file_size = ctx->max_file_size,
                 .flags = ctx->flags & ANK_CLEW_DECLARATIONS_ONLY},
        .cache = cache};
    ank_pipeline_stats ps;
    st = ank__pipeline_run(files, paths.count, &po, r, &ps, error);
    if (st == ANK_OK && stats) {
        stats->files = paths.count;
        stats->parsed = (size_t)ps.parsed;
        stats->cached = (size_t)ps.hits;
        stats->skipped = (size_t)ps.errors;
    }
done:
    if (files)
        ank__pipeline_files_release(files, paths.count);
    ank__free(files);
    ank__paths_free(&paths);
    if (st != ANK_OK) {
        ank_result_free(r);
        return st;
    }
    *out = r;
    return ANK_OK;
}
