/*
 * walk.h - list the source files under a root, the way git sees the tree:
 * .gitignore, .ignore and .git/info/exclude honoured with git's semantics,
 * hidden and dependency directories skipped, symlinks never followed out of
 * the root.  Output is sorted by path (strcmp), whatever the file system's
 * order.
 */
#ifndef ANK_MAZE_WALK_H
#define ANK_MAZE_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "../ffi/ananke.h"

typedef struct ank_walk_options {
    bool no_ignore; /* do not read .gitignore, .ignore, .git/info/exclude */
    bool hidden;    /* descend into hidden and dependency directories
                       (never into .git) */
} ank_walk_options;

/* A path that could not be listed (unreadable directory, symlink loop,
 * symlink out of the root) and why.  The walk goes on past it. */
typedef struct ank_walk_problem {
    char *path;
    char *message;
} ank_walk_problem;

typedef struct ank_paths {
    char **items; /* sorted; each from ank__malloc */
    size_t count, cap;
    ank_walk_problem *problems; /* in path order */
    size_t nproblems, capproblems;
} ank_paths;

/* List the regular files under `root` (a directory or one file) into `out`
 * (zero-initialised by the caller), with paths spelled `root/...`.  A root
 * that is a file gives that file, whatever the ignore rules and its
 * extension say; a directory root is walked even when the rules of a
 * work tree above it exclude it.  Only files with an extension
 * ank_lang_from_path() knows are listed unless `all_files`.  `options`
 * may be NULL (all false).  Returns ANK_ERR_NOT_FOUND when the root does
 * not exist, ANK_ERR_IO when it cannot be read, ANK_ERR_NOMEM (with `out`
 * freed); problems below the root are recorded, not returned. */
ank_status ank__walk(const char *root, const ank_walk_options *options,
                     bool all_files, ank_paths *out, ank_error *error);

/* Free what `paths` holds and zero it.  Accepts an empty value. */
void ank__paths_free(ank_paths *paths);

#endif
