/*
 * fs.c - file input and output for the command-line tool: whole-file reads
 * with a size limit, a sorted directory walk with an explicit stack (no
 * recursion, no followed directory links), and atomic output files.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static ank_status set_error(ank_error *error, ank_status code,
                            const char *format, const char *path, int err)
{
    if (error) {
        error->code = code;
        error->line = error->column = 0;
        error->offset = -1;
        snprintf(error->message, sizeof error->message, format, path,
                 strerror(err));
    }
    return code;
}

ank_status cli_read_stream(FILE *stream, size_t max, char **data,
                           size_t *length, ank_error *error)
{
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return set_error(error, ANK_ERR_NOMEM, "%s: %s", "<stdin>", ENOMEM);
    for (;;) {
        if (len == cap) {
            char *p = cap * 2 > cap ? realloc(buf, cap * 2) : NULL;
            if (!p) {
                free(buf);
                return set_error(error, ANK_ERR_NOMEM, "%s: %s", "<stdin>",
                                 ENOMEM);
            }
            buf = p;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, stream);
        len += n;
        if (len > max) {
            free(buf);
            if (error) {
                error->code = ANK_ERR_TOO_LARGE;
                snprintf(error->message, sizeof error->message,
                         "input is over the limit of %zu bytes", max);
            }
            return ANK_ERR_TOO_LARGE;
        }
        if (n == 0) {
            if (ferror(stream)) {
                int err = errno;
                free(buf);
                return set_error(error, ANK_ERR_IO, "%s: %s", "<input>", err);
            }
            break;
        }
    }
    *data = buf;
    *length = len;
    return ANK_OK;
}

ank_status cli_read_file(const char *path, size_t max, char **data,
                         size_t *length, ank_error *error)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return set_error(error,
                         errno == ENOENT ? ANK_ERR_NOT_FOUND : ANK_ERR_IO,
                         "%s: %s", path, errno);
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size > max) {
        fclose(f);
        if (error) {
            error->code = ANK_ERR_TOO_LARGE;
            snprintf(error->message, sizeof error->message,
                     "%s: %lld bytes is over the limit of %zu", path,
                     (long long)st.st_size, max);
        }
        return ANK_ERR_TOO_LARGE;
    }
    ank_status s = cli_read_stream(f, max, data, length, error);
    fclose(f);
    if (s != ANK_OK && error) {
        if (s == ANK_ERR_TOO_LARGE)
            snprintf(error->message, sizeof error->message,
                     "%s: over the limit of %zu bytes", path, max);
        else
            snprintf(error->message, sizeof error->message, "%s: %s", path,
                     ank_strerror(s));
    }
    return s;
}

void cli_paths_free(cli_paths *paths)
{
    for (size_t i = 0; i < paths->count; i++)
        free(paths->items[i]);
    free(paths->items);
    paths->items = NULL;
    paths->count = paths->cap = 0;
}

static int paths_push(cli_paths *paths, char *item)
{
    if (paths->count == paths->cap) {
        size_t cap = paths->cap ? paths->cap * 2 : 64;
        char **p = realloc(paths->items, cap * sizeof *p);
        if (!p)
            return 0;
        paths->items = p;
        paths->cap = cap;
    }
    paths->items[paths->count++] = item;
    return 1;
}

static char *join_path(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    int slash = a > 0 && dir[a - 1] != '/';
    char *p = malloc(a + slash + b + 1);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    if (slash)
        p[a] = '/';
    memcpy(p + a + slash, name, b + 1);
    return p;
}

/* Directories never worth extracting: version control, dependencies, build
 * output and caches. */
static int skipped_dir(const char *name)
{
    static const char *const names[] = {"node_modules", "__pycache__",
                                        "target", "zig-cache", "zig-out",
                                        NULL};
    if (name[0] == '.')
        return 1;
    for (const char *const *n = names; *n; n++)
        if (strcmp(name, *n) == 0)
            return 1;
    return 0;
}

static int by_strcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

ank_status cli_walk(const char *root, cli_paths *out, ank_error *error)
{
    struct stat st;
    if (stat(root, &st) != 0)
        return set_error(error,
                         errno == ENOENT ? ANK_ERR_NOT_FOUND : ANK_ERR_IO,
                         "%s: %s", root, errno);
    size_t first = out->count;
    if (!S_ISDIR(st.st_mode)) {
        char *copy = strdup(root);
        if (!copy || !paths_push(out, copy)) {
            free(copy);
            return set_error(error, ANK_ERR_NOMEM, "%s: %s", root, ENOMEM);
        }
        return ANK_OK;
    }
    cli_paths stack = {0};
    char *start = strdup(root);
    if (!start || !paths_push(&stack, start)) {
        free(start);
        return set_error(error, ANK_ERR_NOMEM, "%s: %s", root, ENOMEM);
    }
    ank_status status = ANK_OK;
    while (stack.count > 0 && status == ANK_OK) {
        char *dir = stack.items[--stack.count];
        DIR *d = opendir(dir);
        if (!d) {
            if (strcmp(dir, root) == 0)
                status = set_error(error, ANK_ERR_IO, "%s: %s", dir, errno);
            else
                cli_error("%s: %s (skipped)", dir, strerror(errno));
            free(dir);
            continue;
        }
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *path = join_path(dir, e->d_name);
            if (!path) {
                status = set_error(error, ANK_ERR_NOMEM, "%s: %s", dir, ENOMEM);
                break;
            }
            struct stat ls;
            if (lstat(path, &ls) != 0) {
                free(path);
                continue;
            }
            int pushed;
            if (S_ISDIR(ls.st_mode)) {
                if (skipped_dir(e->d_name)) {
                    free(path);
                    continue;
                }
                pushed = paths_push(&stack, path);
            } else if (S_ISREG(ls.st_mode) ||
                       (S_ISLNK(ls.st_mode) && stat(path, &st) == 0 &&
                        S_ISREG(st.st_mode))) {
                /* Links to files are read; links to directories are not
                 * followed, so the walk cannot loop. */
                pushed = paths_push(out, path);
            } else {
                free(path);
                continue;
            }
            if (!pushed) {
                free(path);
                status = set_error(error, ANK_ERR_NOMEM, "%s: %s", dir, ENOMEM);
                break;
            }
        }
        closedir(d);
        free(dir);
    }
    cli_paths_free(&stack);
    qsort(out->items + first, out->count - first, sizeof *out->items,
          by_strcmp);
    return status;
}

ank_status cli_write_atomic(const char *path, const char *data, size_t length,
                            ank_error *error)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return set_error(error, ANK_ERR_NOMEM, "%s: %s", path, ENOMEM);
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp.XXXXXX", 12);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        return set_error(error, ANK_ERR_IO, "%s: %s", path, err);
    }
    size_t done = 0;
    int err = 0;
    while (done < length) {
        ssize_t w = write(fd, data + done, length - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            err = errno;
            break;
        }
        done += (size_t)w;
    }
    if (!err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    /* mkstemp creates 0600; give the file the usual permissions. */
    if (!err) {
        mode_t mask = umask(0);
        umask(mask);
        chmod(tmp, 0666 & ~mask);
    }
    if (!err && rename(tmp, path) != 0)
        err = errno;
    if (err) {
        unlink(tmp);
        free(tmp);
        return set_error(error, ANK_ERR_IO, "%s: %s", path, err);
    }
    free(tmp);
    return ANK_OK;
}
