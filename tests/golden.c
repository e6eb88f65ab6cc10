/*
 * golden.c - data-driven golden tests.
 *
 *   golden [--update] [--filter TEXT] ROOT
 *
 * Every directory ROOT/clew/<case>/ holds one input file named `input.<ext>`
 * (the extension picks the language) and `expected.json`, the reviewed
 * output of `ananke extract --format json input.<ext>` run inside the case
 * directory (project-level constraints included).  A case may hold a
 * directory `input/` instead: it is extracted as a tree (ank_extract_tree,
 * one thread, no cache) from inside the case directory, so paths read
 * `input/...`.  Each case checks that the output equals expected.json byte
 * for byte, that a second extraction gives identical bytes, and that the
 * output parses as JSON (jansson), and that reading it back
 * (ank_result_read) and writing it again gives the same bytes.  --update
 * rewrites expected.json instead.
 * Ends with "golden: N passed, N failed".
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ananke.h"

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p) {
                free(buf);
                buf = NULL;
            } else {
                buf = p;
            }
        }
    }
    fclose(f);
    if (buf)
        *len = n;
    return buf;
}

static int write_all(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    int ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static char *extract(ank_clew *clew, const char *name, const char *src,
                     size_t len, size_t *out_len, char *why, size_t whylen)
{
    ank_result *r = ank_result_new();
    ank_error e;
    char *text = NULL;
    if (!r) {
        snprintf(why, whylen, "out of memory");
        return NULL;
    }
    if (ank_clew_extract(clew, ANK_LANG_UNKNOWN, src, len, name, r, &e) !=
        ANK_OK) {
        snprintf(why, whylen, "extract: %s", e.message);
    } else if (ank_result_finish(r, &e) != ANK_OK) {
        snprintf(why, whylen, "finish: %s", e.message);
    } else if (ank_result_write(r, ANK_FORMAT_JSON, &text, out_len, &e) !=
               ANK_OK) {
        snprintf(why, whylen, "write: %s", e.message);
    }
    ank_result_free(r);
    return text;
}

/* Extract the case's `input/` tree from inside the case directory. */
static char *extract_tree(ank_context *ctx, const char *dir, size_t *out_len,
                          char *why, size_t whylen)
{
    int here = open(".", O_RDONLY);
    char *text = NULL;
    if (here < 0 || chdir(dir) != 0) {
        snprintf(why, whylen, "cannot enter %s", dir);
        if (here >= 0)
            close(here);
        return NULL;
    }
    ank_result *r = NULL;
    ank_error e;
    if (ank_extract_tree(ctx, "input", &r, NULL, &e) != ANK_OK)
        snprintf(why, whylen, "extract: %s", e.message);
    else if (ank_result_write(r, ANK_FORMAT_JSON, &text, out_len, &e) !=
             ANK_OK)
        snprintf(why, whylen, "write: %s", e.message);
    ank_result_free(r);
    if (fchdir(here) != 0) {
        snprintf(why, whylen, "cannot return from %s", dir);
        ank_free(text);
        text = NULL;
    }
    close(here);
    return text;
}

/* Report the first line where `a` and `b` differ. */
static void show_difference(const char *a, const char *b)
{
    int line = 1;
    const char *la = a, *lb = b;
    while (*a && *a == *b) {
        if (*a == '\n') {
            line++;
            la = a + 1;
            lb = b + 1;
        }
        a++, b++;
    }
    int na = (int)strcspn(la, "\n"), nb = (int)strcspn(lb, "\n");
    fprintf(stderr, "    line %d\n    expected: %.*s\n    actual:   %.*s\n",
            line, na, la, nb, lb);
}

/* Does the document survive ank_result_read and a second write unchanged? */
static int round_trips(const char *dir, const char *text, size_t len)
{
    ank_result *r = NULL;
    ank_error e;
    char *again = NULL;
    size_t again_len = 0;
    if (ank_result_read(text, len, &r, &e) != ANK_OK) {
        fprintf(stderr, "FAIL %s: reading the output back: %u:%u: %s\n", dir,
                e.line, e.column, e.message);
        return 0;
    }
    int ok = ank_result_write(r, ANK_FORMAT_JSON, &again, &again_len, &e) ==
             ANK_OK;
    if (!ok) {
        fprintf(stderr, "FAIL %s: writing it again: %s\n", dir, e.message);
    } else if (again_len != len || memcmp(again, text, len) != 0) {
        fprintf(stderr, "FAIL %s: read and written again, it differs\n", dir);
        show_difference(text, again);
        ok = 0;
    }
    ank_free(again);
    ank_result_free(r);
    return ok;
}

static int run_case(ank_clew *clew, ank_context *ctx, const char *dir,
                    int update)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char input[1024] = "";
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, "input.", 6) == 0)
            snprintf(input, sizeof input, "%s", e->d_name);
    closedir(d);
    char path[4096], expected_path[4096], why[512] = "";
    struct stat st;
    int tree = snprintf(path, sizeof path, "%s/input", dir) <
                   (int)sizeof path &&
               stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (tree)
        snprintf(input, sizeof input, "input");
    if (!input[0]) {
        fprintf(stderr, "FAIL %s: no input.* file\n", dir);
        return 0;
    }
    if (snprintf(path, sizeof path, "%s/%s", dir, input) >= (int)sizeof path ||
        snprintf(expected_path, sizeof expected_path, "%s/expected.json",
                 dir) >= (int)sizeof expected_path) {
        fprintf(stderr, "FAIL %s: path too long\n", dir);
        return 0;
    }
    size_t slen = 0, alen = 0, blen = 0, elen = 0;
    char *a = NULL, *b = NULL;
    if (tree) {
        a = extract_tree(ctx, dir, &alen, why, sizeof why);
        b = a ? extract_tree(ctx, dir, &blen, why, sizeof why) : NULL;
    } else {
        char *src = read_all(path, &slen);
        if (!src) {
            fprintf(stderr, "FAIL %s: cannot read %s\n", dir, input);
            return 0;
        }
        a = extract(clew, input, src, slen, &alen, why, sizeof why);
        b = a ? extract(clew, input, src, slen, &blen, why, sizeof why) : NULL;
        free(src);
    }
    int ok = 0;
    if (!a || !b) {
        fprintf(stderr, "FAIL %s: %s\n", dir, why);
    } else if (alen != blen || memcmp(a, b, alen) != 0) {
        fprintf(stderr, "FAIL %s: two runs gave different bytes\n", dir);
    } else {
        json_error_t jerr;
        json_t *doc = json_loadb(a, alen, 0, &jerr);
        if (!doc) {
            fprintf(stderr, "FAIL %s: output is not JSON: %d:%d: %s\n", dir,
                    jerr.line, jerr.column, jerr.text);
        } else if (update) {
            json_decref(doc);
            ok = write_all(expected_path, a, alen);
            if (!ok)
                fprintf(stderr, "FAIL %s: cannot write expected.json\n", dir);
        } else {
            json_decref(doc);
            char *expected = read_all(expected_path, &elen);
            if (!expected) {
                fprintf(stderr,
                        "FAIL %s: no expected.json (run make golden-update "
                        "and review it)\n",
                        dir);
            } else if (elen != alen || memcmp(expected, a, alen) != 0) {
                fprintf(stderr, "FAIL %s: output differs from expected.json\n",
                        dir);
                show_difference(expected, a);
            } else {
                ok = round_trips(dir, a, alen);
            }
            free(expected);
        }
    }
    ank_free(a);
    ank_free(b);
    return ok;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    int update = 0;
    const char *root = NULL, *filter = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--update") == 0)
            update = 1;
        else if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc)
            filter = argv[++i];
        else
            root = argv[i];
    }
    if (!root) {
        fprintf(stderr, "usage: golden [--update] [--filter TEXT] ROOT\n");
        return 2;
    }
    ank_clew *clew = NULL;
    ank_context *ctx = NULL;
    ank_error err;
    ank_options options = ANK_OPTIONS_INIT;
    options.jobs = 1;
    options.no_cache = 1;
    if (ank_clew_new(NULL, &clew, &err) != ANK_OK ||
        ank_context_new(&options, &ctx, &err) != ANK_OK) {
        fprintf(stderr, "golden: %s\n", err.message);
        ank_clew_free(clew);
        return 1;
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/clew", root);
    DIR *d = opendir(dir);
    char **cases = NULL;
    size_t ncases = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (filter && !strstr(e->d_name, filter))
            continue;
        char **p = realloc(cases, (ncases + 1) * sizeof *cases);
        if (!p)
            break;
        cases = p;
        cases[ncases++] = strdup(e->d_name);
    }
    if (d)
        closedir(d);
    qsort(cases, ncases, sizeof *cases, by_name);
    int passed = 0, failed = 0;
    for (size_t i = 0; i < ncases; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, cases[i]);
        if (run_case(clew, ctx, path, update))
            passed++;
        else
            failed++;
        free(cases[i]);
    }
    free(cases);
    ank_clew_free(clew);
    ank_context_free(ctx);
    printf("golden: %d passed, %d failed%s\n", passed, failed,
           update ? " (expected.json rewritten)" : "");
    return failed ? 1 : 0;
}
