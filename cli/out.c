/*
 * out.c - write an IR document as a directory:
 *
 *   DIR/ir.json                                the whole document
 *   DIR/schema/<lang>/<name>-<id>.schema.json  each JSON Schema
 *   DIR/schema/<lang>/<name>-<id>.gbnf|.lark   the grammar of its JSON text
 *   DIR/tool/<lang>/<name>-<id>.json           each tool definition
 *   DIR/grammar/<lang>/<name>-<id>.gbnf|.lark  signature, identifier and
 *                                              completion grammars
 *   DIR/regex/<lang>/<name>-<id>.regex         each regex, one line
 *   DIR/spec/<lang>/<name>-<id>.json           each generation spec (its
 *                                              completion is a grammar)
 *
 * Names keep [A-Za-z0-9_.-] and turn anything else into '_'; the id makes
 * them unique.  Everything is written into a temporary directory beside DIR
 * first and renamed into place at the end, so a failure leaves nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

typedef struct out {
    char root[PATH_MAX]; /* the temporary directory */
    int err;             /* first errno */
    char failed[PATH_MAX];
} out;

static void fail(out *o, const char *path, int err)
{
    if (!o->err) {
        o->err = err;
        snprintf(o->failed, sizeof o->failed, "%s", path);
    }
}

static void mkdirs(out *o, const char *rel)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", o->root, rel) >= (int)sizeof path) {
        fail(o, rel, ENAMETOOLONG);
        return;
    }
    for (char *p = path + strlen(o->root) + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            fail(o, path, errno);
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        fail(o, path, errno);
}

static void put(out *o, const char *rel, const char *data, size_t len)
{
    char path[PATH_MAX];
    if (o->err)
        return;
    if (snprintf(path, sizeof path, "%s/%s", o->root, rel) >= (int)sizeof path) {
        fail(o, rel, ENAMETOOLONG);
        return;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        fail(o, path, errno);
        return;
    }
    if (fwrite(data, 1, len, f) != len)
        fail(o, path, errno);
    if (fclose(f) != 0)
        fail(o, path, errno);
}

static void put_json(out *o, const char *rel, const json_t *v)
{
    char *text = json_dumps(v, JSON_INDENT(2));
    if (!text) {
        fail(o, rel, ENOMEM);
        return;
    }
    put(o, rel, text, strlen(text));
    ank_free(text);
}

/* `name` made safe for a file name. */
static void safe_name(const char *name, char *buf, size_t size)
{
    size_t i = 0;
    for (; name[i] && i + 1 < size && i < 80; i++) {
        unsigned char c = (unsigned char)name[i];
        buf[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                         (c == '.' && i > 0)
                     ? (char)c
                     : '_';
    }
    buf[i] = '\0';
}

static void put_text_member(out *o, const char *base, const json_t *obj,
                            const char *key, const char *ext)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        return;
    char rel[512];
    snprintf(rel, sizeof rel, "%s%s", base, ext);
    put(o, rel, json_string_value(v), json_string_length(v));
}

static void put_artifact(out *o, const json_t *a)
{
    const char *kind = json_string_value(json_object_get(a, "kind"));
    const char *lang = json_string_value(json_object_get(a, "language"));
    const char *name = json_string_value(json_object_get(a, "name"));
    const char *id = json_string_value(json_object_get(a, "id"));
    if (!kind || !lang || !name || !id)
        return;
    char dir[128], safe[96], base[400];
    snprintf(dir, sizeof dir, "%.16s/%.16s", kind, lang);
    mkdirs(o, dir);
    safe_name(name, safe, sizeof safe);
    snprintf(base, sizeof base, "%s/%s-%.16s", dir, safe, id);
    char rel[512];
    if (strcmp(kind, "schema") == 0) {
        const json_t *s = json_object_get(a, "schema");
        snprintf(rel, sizeof rel, "%s.schema.json", base);
        if (s)
            put_json(o, rel, s);
        const json_t *g = json_object_get(a, "grammar");
        put_text_member(o, base, g, "gbnf", ".gbnf");
        put_text_member(o, base, g, "lark", ".lark");
    } else if (strcmp(kind, "tool") == 0) {
        snprintf(rel, sizeof rel, "%s.json", base);
        put_json(o, rel, json_object_get(a, "tool"));
    } else if (strcmp(kind, "grammar") == 0) {
        put_text_member(o, base, a, "gbnf", ".gbnf");
        put_text_member(o, base, a, "lark", ".lark");
    } else if (strcmp(kind, "regex") == 0) {
        const char *p = json_string_value(json_object_get(a, "pattern"));
        if (p) {
            snprintf(rel, sizeof rel, "%s.regex", base);
            size_t n = strlen(p);
            char *line = malloc(n + 2);
            if (!line) {
                fail(o, rel, ENOMEM);
                return;
            }
            memcpy(line, p, n);
            line[n] = '\n';
            put(o, rel, line, n + 1);
            free(line);
        }
    } else if (strcmp(kind, "spec") == 0) {
        const json_t *s = json_object_get(a, "spec");
        snprintf(rel, sizeof rel, "%s.json", base);
        put_json(o, rel, s);
    }
}

/* Remove a directory tree that this program wrote (no symlinks inside). */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char child[PATH_MAX];
            if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >=
                (int)sizeof child)
                continue;
            struct stat st;
            if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(child);
            else
                unlink(child);
        }
        closedir(d);
    }
    rmdir(path);
}

/* May `dir` be replaced?  Absent, empty, or an earlier output. */
static int replaceable(const char *dir, int *exists)
{
    struct stat st;
    *exists = stat(dir, &st) == 0;
    if (!*exists)
        return 1;
    if (!S_ISDIR(st.st_mode))
        return 0;
    char probe[PATH_MAX];
    snprintf(probe, sizeof probe, "%s/ir.json", dir);
    if (access(probe, F_OK) == 0)
        return 1;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int empty = 1;
    struct dirent *e;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

static ank_status io_error(ank_error *error, const char *path, int err)
{
    if (error) {
        error->code = ANK_ERR_IO;
        error->line = error->column = 0;
        error->offset = -1;
        snprintf(error->message, sizeof error->message, "%.200s: %s", path,
                 strerror(err));
    }
    return ANK_ERR_IO;
}

ank_status cli_write_ir_dir(const char *dir, const char *ir, size_t length,
                            ank_error *error)
{
    int exists;
    if (!replaceable(dir, &exists))
        return io_error(error, dir, ENOTEMPTY);
    json_error_t je;
    json_t *doc = json_loadb(ir, length, 0, &je);
    if (!doc)
        return io_error(error, dir, EINVAL);
    out o = {0};
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (snprintf(o.root, sizeof o.root, "%.*s.tmp.XXXXXX", (int)n, dir) >=
            (int)sizeof o.root ||
        !mkdtemp(o.root)) {
        int err = errno ? errno : ENAMETOOLONG;
        json_decref(doc);
        return io_error(error, dir, err);
    }
    chmod(o.root, 0777 & ~(mode_t)0022);
    put(&o, "ir.json", ir, length);
    const json_t *arts = json_object_get(doc, "artifacts");
    for (size_t i = 0; i < json_array_size(arts) && !o.err; i++)
        put_artifact(&o, json_array_get(arts, i));
    json_decref(doc);
    if (o.err) {
        int err = o.err;
        char failed[PATH_MAX];
        snprintf(failed, sizeof failed, "%s", o.failed);
        remove_tree(o.root);
        return io_error(error, failed, err);
    }
    /* Swap the new tree in; an earlier output goes once the new one is in
     * place. */
    char old[PATH_MAX] = "";
    if (exists) {
        snprintf(old, sizeof old, "%.*s.old.XXXXXX", (int)n, dir);
        if (!mkdtemp(old) || rename(dir, old) != 0) {
            int err = errno;
            if (old[0])
                rmdir(old);
            remove_tree(o.root);
            return io_error(error, dir, err);
        }
    }
    if (rename(o.root, dir) != 0) {
        int err = errno;
        if (exists)
            rename(old, dir);
        remove_tree(o.root);
        return io_error(error, dir, err);
    }
    if (exists)
        remove_tree(old);
    return ANK_OK;
}
