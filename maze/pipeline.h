/*
 * pipeline.h - extract many files at once: read and hash each file on a
 * thread pool, take its per-file result from the cache or extract it (and
 * store it), then merge every result in the order the files were given
 * and finish the project result.
 */
#ifndef ANK_MAZE_PIPELINE_H
#define ANK_MAZE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ffi/ananke.h"
#include "cache.h"


typedef struct ank_pipeline_file {
    /* given */
    const char *path;   /* read from here; also the path in the result */
    ank_lang lang;      /* the language to extract it as */
    const char *text;   /* when not NULL, extract these `length` bytes
                           (standard input) instead of reading `path` */
    size_t length;
    /* set by the run; a file given with status other than ANK_OK is not
     * read and is listed as skipped for that status, with `message` */
    ank_status status;  /* ANK_OK, or why the file was skipped */
    char *message;      /* why, for people (ank__malloc'ed), or NULL */
    bool cached;        /* its result came from the cache */
} ank_pipeline_file;

typedef struct ank_pipeline_options {
    unsigned jobs;              /* 0: the number of online processors */
    ank_clew_options clew;      /* flags and max_file_size */
    ank_cache *cache;           /* NULL: every file is extracted */
    /* Called after each file, from the worker threads one at a time. */
    void (*progress)(void *context, size_t done, size_t total);
    void *progress_context;
} ank_pipeline_options;

typedef struct ank_pipeline_stats {
    uint64_t files;       /* files given */
    uint64_t parsed;      /* files handed to the extractor */
    uint64_t hits;        /* files whose result came from the cache */
    uint64_t memory_hits, disk_hits; /* the cache's own hits, by layer */
    uint64_t misses;      /* files looked up and not found (all files
                             without a cache) */
    uint64_t errors;      /* files skipped */
    unsigned jobs;        /* workers used */
    /* Seconds.  walk is the caller's (the pipeline does not list files);
     * read (with hashing), lookup (cache gets), extract (with encoding and
     * storing) and decode are summed over the workers; merge, finish and
     * total are wall time. */
    double walk, read, lookup, extract, decode, merge, finish, total;
} ank_pipeline_stats;

/*
 * Extract `files` into `into` (a new, unfinished result) and finish it.
 * One file's failure (unreadable, binary, too large, changed while it was
 * read, ...) never stops the run: the file gets a status and message and
 * is listed in the result's skipped files, in order.  Returns ANK_OK, or
 * ANK_ERR_NOMEM / ANK_ERR_LANGUAGE_ABI / ANK_ERR_INTERNAL (the run is
 * abandoned and `into` must be freed); `stats` (nullable) is filled either
 * way, but for `walk`.
 */
ank_status ank__pipeline_run(ank_pipeline_file *files, size_t nfiles,
                             const ank_pipeline_options *options,
                             ank_result *into, ank_pipeline_stats *stats,
                             ank_error *error);

/* Tests only (NULL otherwise): called on the worker thread between a
 * file's first stat and the read of its bytes, with the attempt number (a
 * file that changed is read once more), so that a test can change it
 * there. */
extern void (*ank__pipeline_read_hook)(const char *path, int attempt);

/* Free the messages the run left in `files`. */
void ank__pipeline_files_release(ank_pipeline_file *files, size_t nfiles);

/* Monotonic seconds, for stage timings. */
double ank__pipeline_now(void);

#endif
