/*
 * fs.c - file input and output for the command-line tool: whole-file reads
 * with a size limit, and atomic output files.
 */
#include <errno.h>
#include <fcntl.h>
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

ank_status cli_atomic_open(cli_atomic *f, const char *path, ank_error *error)
{
    size_t n = strlen(path);
    f->path = path;
    f->err = 0;
    f->direct = 0;
    /* A device, FIFO or socket (-o /dev/null, -o /dev/stdout) is written
     * in place: renaming over it would replace it with a regular file. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode))
            return set_error(error, ANK_ERR_IO, "%s: %s", path, EISDIR);
        f->tmp = NULL;
        f->fd = open(path, O_WRONLY | O_NOCTTY);
        if (f->fd < 0)
            return set_error(error, ANK_ERR_IO, "%s: %s", path, errno);
        f->direct = 1;
        return ANK_OK;
    }
    f->tmp = malloc(n + 16);
    if (!f->tmp)
        return set_error(error, ANK_ERR_NOMEM, "%s: %s", path, ENOMEM);
    memcpy(f->tmp, path, n);
    memcpy(f->tmp + n, ".tmp.XXXXXX", 12);
    f->fd = mkstemp(f->tmp);
    if (f->fd < 0) {
        int err = errno;
        free(f->tmp);
        f->tmp = NULL;
        return set_error(error, ANK_ERR_IO, "%s: %s", path, err);
    }
    return ANK_OK;
}

int cli_atomic_write(void *file, const char *data, size_t length)
{
    cli_atomic *f = file;
    size_t done = 0;
    while (!f->err && done < length) {
        ssize_t w = write(f->fd, data + done, length - done);
        if (w < 0 && errno != EINTR)
            f->err = errno;
        else if (w > 0)
            done += (size_t)w;
    }
    return f->err;
}

void cli_atomic_abort(cli_atomic *f)
{
    if (f->direct) {
        close(f->fd);
        f->direct = 0;
        return;
    }
    if (!f->tmp)
        return;
    close(f->fd);
    unlink(f->tmp);
    free(f->tmp);
    f->tmp = NULL;
}

ank_status cli_atomic_commit(cli_atomic *f, ank_error *error)
{
    int err = f->err;
    if (f->direct) {
        if (close(f->fd) != 0 && !err)
            err = errno;
        f->direct = 0;
        return err ? set_error(error, ANK_ERR_IO, "%s: %s", f->path, err)
                   : ANK_OK;
    }
    if (!err && fsync(f->fd) != 0)
        err = errno;
    if (close(f->fd) != 0 && !err)
        err = errno;
    f->fd = -1;
    /* mkstemp creates 0600; give the file the usual permissions. */
    if (!err) {
        mode_t mask = umask(0);
        umask(mask);
        chmod(f->tmp, 0666 & ~mask);
    }
    if (!err && rename(f->tmp, f->path) != 0)
        err = errno;
    if (err)
        unlink(f->tmp);
    free(f->tmp);
    f->tmp = NULL;
    return err ? set_error(error, ANK_ERR_IO, "%s: %s", f->path, err) : ANK_OK;
}
