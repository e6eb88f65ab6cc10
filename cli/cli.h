/*
 * cli.h - shared pieces of the command-line tool.
 */
#ifndef ANK_CLI_H
#define ANK_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "ananke.h"
#include "../maze/pipeline.h"

/* Exit codes, documented in README and `ananke --help`. */
enum {
    CLI_EXIT_OK = 0,    /* success; skipped files and syntax errors included */
    CLI_EXIT_FAIL = 1,  /* a named path is missing or unreadable, or the
                           output could not be written */
    CLI_EXIT_USAGE = 2  /* bad command line */
};

extern const char *cli_program;

/* Print "ananke: message" to stderr. */
void cli_error(const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Read a whole file or stream.  Fails with ANK_ERR_TOO_LARGE over `max`.
 * *data is malloc'ed (free with free). */
ank_status cli_read_file(const char *path, size_t max, char **data,
                         size_t *length, ank_error *error);
ank_status cli_read_stream(FILE *stream, size_t max, char **data,
                           size_t *length, ank_error *error);

/* Write a file through a temporary file in the same directory and a
 * rename, so a failure never leaves a partial file, as it is made: open a
 * temporary file next to `path` (borrowed until commit or abort), write to it (an
 * ank_buf_sink: returns 0 or the first errno, which sticks), then either
 * commit (fsync and rename over `path`; reports a write error too) or
 * abort (remove the temporary file).  A `path` that exists and is not a
 * regular file (a device, a FIFO) is written in place. */
typedef struct cli_atomic {
    const char *path;
    char *tmp;
    int fd;
    int err;
    int direct; /* writing to `path` itself */
} cli_atomic;
ank_status cli_atomic_open(cli_atomic *f, const char *path, ank_error *error);
int cli_atomic_write(void *file, const char *data, size_t length);
ank_status cli_atomic_commit(cli_atomic *f, ank_error *error);
void cli_atomic_abort(cli_atomic *f);

/* One extraction run over paths named on the command line (extract,
 * holes and run share it). */
typedef struct cli_extraction {
    ank_lang lang;      /* forced language, or ANK_LANG_UNKNOWN */
    size_t max_size;
    unsigned flags;     /* ank_clew_options.flags */
    int quiet;
    unsigned jobs;         /* --jobs; 0: the number of online processors */
    int no_cache;          /* --no-cache */
    const char *cache_dir; /* --cache-dir, or NULL for the default */
    int stats;             /* --stats */
    int no_ignore, hidden; /* --no-ignore, --hidden */
    ank_result *result; /* made by cli_collect */
    ank_cache *cache;   /* opened by cli_collect unless --no-cache or
                                unusable; closed by cli_extraction_free */
    size_t extracted, unsupported, skipped;
    int failed;
    ank_pipeline_stats run_stats; /* of the last cli_collect */
} cli_extraction;

/* Long options every extracting command takes; `c` values for
 * cli_extraction_option. */
enum {
    CLI_OPT_NO_CACHE = 0x200,
    CLI_OPT_CACHE_DIR,
    CLI_OPT_STATS,
    CLI_OPT_NO_IGNORE,
    CLI_OPT_HIDDEN
};
#define CLI_EXTRACTION_LONGOPTS                                         \
    {"jobs", required_argument, NULL, 'j'},                             \
    {"no-cache", no_argument, NULL, CLI_OPT_NO_CACHE},                  \
    {"cache-dir", required_argument, NULL, CLI_OPT_CACHE_DIR},          \
    {"stats", no_argument, NULL, CLI_OPT_STATS},                        \
    {"no-ignore", no_argument, NULL, CLI_OPT_NO_IGNORE},                \
    {"hidden", no_argument, NULL, CLI_OPT_HIDDEN}

/* Apply option `c` (from CLI_EXTRACTION_LONGOPTS, or -j) with `arg`.
 * Returns 1 when handled, 0 when `c` is not one of them, -1 for an
 * invalid value (the message is printed: exit with CLI_EXIT_USAGE). */
int cli_extraction_option(cli_extraction *x, int c, const char *arg);
/* Their lines for --help. */
void cli_extraction_usage(FILE *out);

/* Check that every named path exists (`-` is standard input and needs a
 * forced language), then extract them all into a new finished result.
 * Returns an exit code, having printed any error.  Free with
 * cli_extraction_free whatever it returns. */
int cli_collect(cli_extraction *x, char **paths, int npaths);
/* The summary line on stderr (unless quiet). */
void cli_extraction_summary(const cli_extraction *x);
void cli_extraction_free(cli_extraction *x);

/* A size with an optional K, M or G suffix; 0 when invalid. */
int cli_parse_size(const char *text, size_t *out);

/* Write an IR document into directory `dir`: ir.json and one file per
 * artifact (docs/ir.md lists the layout), built in a temporary directory
 * beside it and renamed into place, so a failure leaves nothing behind.
 * An existing `dir` is replaced only when it is empty or holds an ir.json
 * (an earlier output). */
ank_status cli_write_ir_dir(const char *dir, const char *ir, size_t length,
                            ank_error *error);

int cli_extract(int argc, char **argv);
int cli_holes(int argc, char **argv);
int cli_tree(int argc, char **argv);
int cli_compile(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_cache(int argc, char **argv);
int cli_mask(int argc, char **argv);

#endif
