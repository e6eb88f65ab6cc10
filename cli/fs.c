/*
 * fs.c - file input and output for the command-line tool: whole-file reads
 * with a size limit, and atomic output files.
 */
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
