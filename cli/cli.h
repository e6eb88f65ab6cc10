/*
 * cli.h - shared pieces of the command-line tool.
 */
#ifndef ANK_CLI_H
#define ANK_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "ananke.h"

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

/* A list of paths. */
typedef struct cli_paths {
    char **items;
    size_t count, cap;
} cli_paths;

void cli_paths_free(cli_paths *paths);

/* Collect the regular files below `root` (recursively, not following links
 * to directories, skipping hidden and dependency directories), appending to
 * `out` in sorted order.  Returns ANK_OK or an error for `root` itself;
 * unreadable subdirectories are reported on stderr and skipped. */
ank_status cli_walk(const char *root, cli_paths *out, ank_error *error);

/* Write `data` to `path` through a temporary file in the same directory and
 * a rename, so a failure never leaves a partial file. */
ank_status cli_write_atomic(const char *path, const char *data, size_t length,
                            ank_error *error);

int cli_extract(int argc, char **argv);
int cli_holes(int argc, char **argv);
int cli_tree(int argc, char **argv);

#endif
