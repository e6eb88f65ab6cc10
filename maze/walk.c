/*
 * walk.c - list the files under a root as git would see them.
 *
 * Depth first, one directory at a time: its names are read and the handle
 * closed before descending, so open descriptors do not grow with depth.
 * Two spellings of the current path are kept side by side: `path`, as the
 * caller will see it ("root/a/b"), and `rel`, relative to the top of the
 * git work tree (or to the root outside one), which the ignore rules match.
 * `chain` holds the device and inode of every directory from the root down
 * to the current one: a directory link resolving to one of them is a loop.
 *
 * Invariants: an excluded directory is never entered, so nothing below it
 * can be re-included (git's rule); the ignore stack holds one entry per
 * directory from the top down to the current one; the output is sorted
 * with strcmp once the walk is over.
 */
#define _XOPEN_SOURCE 700 /* realpath() is an XSI interface */

#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../ffi/alloc.h"
#include "../ffi/buf.h"
#include "../ffi/status.h"
#include "ignore.h"

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct walker {
    const ank_walk_options *options;
    bool all_files;
    bool ignoring;
    ank_paths *out;
    ank_ignore_stack ignore;
    char *root_real;
    size_t root_real_len;
    ank_buf path, rel;
    dir_id *chain;
    size_t depth, chain_cap;
    bool nomem;
    char resolved[PATH_MAX];
} walker;

/* ------------------------------------------------------------- results */

static bool push_item(ank_paths *out, const char *text)
{
    if (!ank__array_reserve((void **)&out->items, &out->cap, out->count, 1,
                            sizeof *out->items))
        return false;
    char *copy = ank__strndup(text, strlen(text));
    if (!copy)
        return false;
    out->items[out->count++] = copy;
    return true;
}

static void add_item(walker *w, const char *text)
{
    if (!push_item(w->out, text))
        w->nomem = true;
}

static void add_problem(walker *w, const char *path, const char *message)
{
    ank_paths *out = w->out;
    if (!ank__array_reserve((void **)&out->problems, &out->capproblems,
                            out->nproblems, 1, sizeof *out->problems)) {
        w->nomem = true;
        return;
    }
    char *p = ank__strndup(path, strlen(path));
    char *m = ank__strndup(message, strlen(message));
    if (!p || !m) {
        ank__free(p);
        ank__free(m);
        w->nomem = true;
        return;
    }
    out->problems[out->nproblems++] = (ank_walk_problem){p, m};
}

void ank__paths_free(ank_paths *paths)
{
    if (!paths)
        return;
    for (size_t i = 0; i < paths->count; i++)
        ank__free(paths->items[i]);
    for (size_t i = 0; i < paths->nproblems; i++) {
        ank__free(paths->problems[i].path);
        ank__free(paths->problems[i].message);
    }
    ank__free(paths->items);
    ank__free(paths->problems);
    *paths = (ank_paths){0};
}

static int by_strcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_problem(const void *a, const void *b)
{
    const ank_walk_problem *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : strcmp(x->message, y->message);
}

/* --------------------------------------------------------------- helpers */

/* Append "/name" (or "name" to an empty or '/'-ended buffer); returns the
 * old length, to truncate back to. */
static size_t buf_enter(ank_buf *b, const char *name)
{
    size_t old = b->len;
    if (b->len > 0 && b->data[b->len - 1] != '/')
        ank__buf_putc(b, '/');
    ank__buf_puts(b, name);
    return old;
}

static void buf_leave(ank_buf *b, size_t len)
{
    if (!b->failed && b->data) {
        b->len = len;
        b->data[len] = '\0';
    }
}

/* Directories skipped unless options->hidden: hidden ones and the usual
 * dependency and cache directories.  `vendor` is left to the ignore
 * rules. */
static bool skipped_dir(const char *name)
{
    static const char *const names[] = {"node_modules", "target", "zig-cache",
                                        "__pycache__", NULL};
    if (name[0] == '.')
        return true;
    for (const char *const *n = names; *n; n++)
        if (strcmp(name, *n) == 0)
            return true;
    return false;
}

static bool inside_root(const walker *w, const char *real)
{
    size_t n = w->root_real_len;
    if (strncmp(real, w->root_real, n) != 0)
        return false;
    return real[n] == '\0' || real[n] == '/' || w->root_real[n - 1] == '/';
}

static bool in_chain(const walker *w, const struct stat *st)
{
    for (size_t i = 0; i < w->depth; i++)
        if (w->chain[i].dev == st->st_dev && w->chain[i].ino == st->st_ino)
            return true;
    return false;
}

/* Does the link at `path` resolve inside the root?  If not, or if it
 * cannot be resolved, the problem is recorded. */
static bool link_inside(walker *w, const char *path)
{
    if (!realpath(path, w->resolved)) {
        add_problem(w, path, strerror(errno));
        return false;
    }
    if (!inside_root(w, w->resolved)) {
        add_problem(w, path, "symlink leaves the root");
        return false;
    }
    return true;
}

static bool chain_push(walker *w, const struct stat *st)
{
    if (!ank__array_reserve((void **)&w->chain, &w->chain_cap, w->depth, 1,
                            sizeof *w->chain))
        return false;
    w->chain[w->depth++] = (dir_id){st->st_dev, st->st_ino};
    return true;
}

/* The ignore list of directory `dir` (file system path) whose path
 * relative to the top is `rel` ("" for the top).  NULL when the directory
 * has no ignore file; unreadable ones become problems. */
static ank_ignore_list *read_dir_list(walker *w, const char *dir,
                                      const char *rel)
{
    static const char *const files[] = {".gitignore", ".ignore"};
    ank_buf base = ANK_BUF_INIT, file = ANK_BUF_INIT;
    ank__buf_puts(&base, rel);
    if (rel[0])
        ank__buf_putc(&base, '/');
    ank_ignore_list *list =
        base.failed ? NULL : ank__ignore_list_new(base.data ? base.data : "");
    if (!list)
        w->nomem = true;
    for (size_t i = 0; i < 2 && list && !w->nomem; i++) {
        file.len = 0;
        ank__buf_puts(&file, dir);
        buf_enter(&file, files[i]);
        if (file.failed) {
            w->nomem = true;
            break;
        }
        ank_error e;
        ank_status s = ank__ignore_list_add_file(list, file.data, true, &e);
        if (s == ANK_ERR_NOMEM)
            w->nomem = true;
        else if (s != ANK_OK)
            add_problem(w, file.data, e.message);
    }
    ank__buf_release(&base);
    ank__buf_release(&file);
    if (w->nomem || (list && list->count == 0)) {
        ank__ignore_list_free(list);
        return NULL;
    }
    return list;
}

static bool excluded(const walker *w, bool is_dir)
{
    return w->ignoring &&
           ank__ignore_excluded(&w->ignore, w->rel.data ? w->rel.data : "",
                                is_dir);
}

/* ------------------------------------------------------------------ walk */

static void walk_dir(walker *w);

/* One directory entry; w->path and w->rel already name it. */
static void visit(walker *w, const char *name)
{
    const char *path = w->path.data;
    if (strcmp(name, ".git") == 0)
        return; /* git's own directory, or a file pointing to it */
    struct stat st;
    if (lstat(path, &st) != 0)
        return; /* gone since readdir */
    bool link = S_ISLNK(st.st_mode);
    if (link && stat(path, &st) != 0)
        return; /* a dangling link */
    if (S_ISDIR(st.st_mode)) {
        if (!w->options->hidden && skipped_dir(name))
            return;
        if (excluded(w, true))
            return;
        if (link) {
            if (!link_inside(w, path))
                return;
            if (in_chain(w, &st)) {
                add_problem(w, path, "symlink loop");
                return;
            }
        } else if (in_chain(w, &st)) {
            return; /* a bind mount of an ancestor */
        }
        if (!chain_push(w, &st)) {
            w->nomem = true;
            return;
        }
        walk_dir(w);
        w->depth--;
    } else if (S_ISREG(st.st_mode)) {
        if (excluded(w, false))
            return;
        if (!w->all_files && ank_lang_from_path(name) == ANK_LANG_UNKNOWN)
            return;
        if (link && !link_inside(w, path))
            return;
        add_item(w, path);
    }
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ank__free(names[i]);
    ank__free(names);
}

/* Read the names of w->path (minus . and ..), sorted; NULL with *n = 0 on
 * an empty directory or a failure (recorded). */
static char **read_names(walker *w, size_t *n)
{
    *n = 0;
    DIR *d = opendir(w->path.data);
    if (!d) {
        add_problem(w, w->path.data, strerror(errno));
        return NULL;
    }
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!ank__array_reserve((void **)&names, &cap, *n, 1, sizeof *names))
            goto nomem;
        names[*n] = ank__strndup(e->d_name, strlen(e->d_name));
        if (!names[*n])
            goto nomem;
        ++*n;
        errno = 0;
    }
    if (errno != 0)
        add_problem(w, w->path.data, strerror(errno));
    closedir(d);
    if (*n > 1)
        qsort(names, *n, sizeof *names, by_strcmp);
    return names;
nomem:
    closedir(d);
    free_names(names, *n);
    *n = 0;
    w->nomem = true;
    return NULL;
}

static void walk_dir(walker *w)
{
    size_t n;
    char **names = read_names(w, &n);
    if (w->nomem)
        return;
    bool pushed = false;
    if (w->ignoring && names) {
        ank_ignore_list *list =
            read_dir_list(w, w->path.data, w->rel.data ? w->rel.data : "");
        if (!w->nomem && ank__ignore_push(&w->ignore, list) != ANK_OK) {
            ank__ignore_list_free(list);
            w->nomem = true;
        }
        pushed = !w->nomem;
    }
    for (size_t i = 0; i < n && !w->nomem; i++) {
        size_t path_len = buf_enter(&w->path, names[i]);
        size_t rel_len = buf_enter(&w->rel, names[i]);
        if (w->path.failed || w->rel.failed) {
            w->nomem = true;
            break;
        }
        visit(w, names[i]);
        buf_leave(&w->path, path_len);
        buf_leave(&w->rel, rel_len);
    }
    if (pushed)
        ank__ignore_pop(&w->ignore);
    free_names(names, n);
}

/* -------------------------------------------------------------- git setup */

/* The first line of a small file, trailing newline and spaces removed;
 * NULL when unreadable (or out of memory, which sets w->nomem). */
static char *first_line(walker *w, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char line[PATH_MAX + 16];
    char *got = fgets(line, sizeof line, f);
    fclose(f);
    if (!got)
        return NULL;
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
                     line[n - 1] == ' '))
        n--;
    char *copy = ank__strndup(line, n);
    if (!copy)
        w->nomem = true;
    return copy;
}

/* `rel` resolved against directory `dir` unless absolute. */
static void join_into(ank_buf *b, const char *dir, const char *rel)
{
    b->len = 0;
    if (rel[0] != '/') {
        ank__buf_puts(b, dir);
        ank__buf_putc(b, '/');
    }
    ank__buf_puts(b, rel);
}

/* info/exclude of the repository whose work tree is `top`: .git is a
 * directory, or a file "gitdir: X" (worktrees, submodules), and the
 * exclude file lives in the common directory. */
static void read_info_exclude(walker *w, const char *top)
{
    ank_buf gitdir = ANK_BUF_INIT, tmp = ANK_BUF_INIT;
    join_into(&gitdir, top, ".git");
    struct stat st;
    if (!gitdir.failed && stat(gitdir.data, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *line = first_line(w, gitdir.data);
        if (line && strncmp(line, "gitdir: ", 8) == 0)
            join_into(&gitdir, top, line + 8);
        ank__free(line);
    }
    join_into(&tmp, gitdir.failed ? "" : gitdir.data, "commondir");
    char *common = tmp.failed ? NULL : first_line(w, tmp.data);
    if (common) {
        join_into(&tmp, gitdir.data, common);
        ank_buf swap = gitdir;
        gitdir = tmp;
        tmp = swap;
    }
    ank__free(common);
    join_into(&tmp, gitdir.failed ? "" : gitdir.data, "info/exclude");
    if (gitdir.failed || tmp.failed)
        w->nomem = true;
    ank_ignore_list *list = w->nomem ? NULL : ank__ignore_list_new("");
    if (!w->nomem && !list)
        w->nomem = true;
    if (list) {
        ank_error e;
        ank_status s = ank__ignore_list_add_file(list, tmp.data, false, &e);
        if (s == ANK_ERR_NOMEM)
            w->nomem = true;
        else if (s != ANK_OK)
            add_problem(w, tmp.data, e.message);
        if (w->nomem || list->count == 0)
            ank__ignore_list_free(list);
        else
            w->ignore.exclude = list;
    }
    ank__buf_release(&gitdir);
    ank__buf_release(&tmp);
}

/* When the root lies inside a git work tree: read info/exclude and the
 * ignore files of the directories from the top of the work tree down to
 * the root's parent, and start `rel` at the root's path below the top. */
static void enter_repository(walker *w)
{
    ank_buf probe = ANK_BUF_INIT;
    size_t top = w->root_real_len;
    bool found = false;
    for (;;) {
        probe.len = 0;
        ank__buf_append(&probe, w->root_real, top);
        ank__buf_puts(&probe, top > 0 && w->root_real[top - 1] == '/'
                                  ? ".git"
                                  : "/.git");
        if (probe.failed) {
            w->nomem = true;
            break;
        }
        struct stat st;
        if (lstat(probe.data, &st) == 0) {
            found = true;
            break;
        }
        if (top <= 1)
            break;
        while (top > 1 && w->root_real[top - 1] != '/')
            top--;
        if (top > 1)
            top--; /* drop the slash too, but keep "/" */
    }
    if (!found || w->nomem) {
        ank__buf_release(&probe);
        return;
    }
    probe.len = 0;
    ank__buf_append(&probe, w->root_real, top);
    char *topdir = probe.failed ? NULL : ank__buf_take(&probe, NULL);
    if (!topdir) {
        w->nomem = true;
        ank__buf_release(&probe);
        return;
    }
    read_info_exclude(w, topdir);
    /* The root's path below the top, one component at a time. */
    const char *below = w->root_real + top;
    while (*below == '/')
        below++;
    ank_buf dir = ANK_BUF_INIT;
    ank__buf_puts(&dir, topdir);
    const char *p = below;
    while (*p && !w->nomem) {
        ank_ignore_list *list =
            read_dir_list(w, dir.data, w->rel.data ? w->rel.data : "");
        if (!w->nomem && ank__ignore_push(&w->ignore, list) != ANK_OK) {
            ank__ignore_list_free(list);
            w->nomem = true;
        }
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (w->rel.len)
            ank__buf_putc(&w->rel, '/');
        ank__buf_append(&w->rel, p, n);
        if (dir.len && dir.data[dir.len - 1] != '/')
            ank__buf_putc(&dir, '/');
        ank__buf_append(&dir, p, n);
        if (dir.failed || w->rel.failed)
            w->nomem = true;
        p += n;
        while (*p == '/')
            p++;
    }
    ank__buf_release(&dir);
    ank__free(topdir);
}

/* ------------------------------------------------------------------ entry */

static ank_status finish(walker *w, ank_status status, ank_error *error)
{
    ank__ignore_stack_free(&w->ignore);
    ank__buf_release(&w->path);
    ank__buf_release(&w->rel);
    ank__free(w->chain);
    ank__free(w->root_real);
    if (w->nomem) {
        ank__paths_free(w->out);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    if (status != ANK_OK) {
        ank__paths_free(w->out);
        return status;
    }
    ank_paths *out = w->out;
    if (out->count > 1)
        qsort(out->items, out->count, sizeof *out->items, by_strcmp);
    if (out->nproblems > 1)
        qsort(out->problems, out->nproblems, sizeof *out->problems,
              by_problem);
    return ANK_OK;
}

ank_status ank__walk(const char *root, const ank_walk_options *options,
                     bool all_files, ank_paths *out, ank_error *error)
{
    static const ank_walk_options defaults = {0};
    if (!root || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "walk: a root and an output are required");
    walker *w = ank__calloc(1, sizeof *w);
    if (!w)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    w->options = options ? options : &defaults;
    w->all_files = all_files;
    w->ignoring = !w->options->no_ignore;
    w->out = out;

    ank_status status = ANK_OK;
    struct stat st;
    if (stat(root, &st) != 0) {
        int err = errno;
        status = ank__fail(error, err == ENOENT ? ANK_ERR_NOT_FOUND : ANK_ERR_IO,
                           "%s: %s", root, strerror(err));
    } else if (!S_ISDIR(st.st_mode)) {
        add_item(w, root);
    } else if (!realpath(root, w->resolved)) {
        status = ank__fail(error, ANK_ERR_IO, "%s: %s", root, strerror(errno));
    } else {
        w->root_real_len = strlen(w->resolved);
        w->root_real = ank__strndup(w->resolved, w->root_real_len);
        ank__buf_puts(&w->path, root);
        ank__buf_puts(&w->rel, "");
        if (!w->root_real || w->path.failed || w->rel.failed)
            w->nomem = true;
        if (!w->nomem && w->ignoring)
            enter_repository(w);
        if (!w->nomem && !chain_push(w, &st))
            w->nomem = true;
        if (!w->nomem) {
            DIR *d = opendir(root);
            if (!d) {
                status = ank__fail(error, ANK_ERR_IO, "%s: %s", root,
                                   strerror(errno));
            } else {
                closedir(d);
                walk_dir(w);
            }
        }
    }
    ank_status s = finish(w, status, error);
    ank__free(w);
    return s;
}
