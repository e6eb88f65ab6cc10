/*
 * main.c - runs every unit test under a counting allocator installed with
 * ank_set_allocator, so that tree-sitter, jansson and ananke allocate
 * through it; after the last test every allocation must have been freed.
 *
 *   unit [NAME-SUBSTRING]
 */
#include <stdint.h>
#include <stdlib.h>

#include "test.h"
#include "tests.h"

int test_failures;

const ank_constraint *test_nth_of_kind(const ank_result *r, const char *kind,
                                       size_t n)
{
    for (size_t i = 0; i < ank_result_count(r); i++) {
        const ank_constraint *c = ank_result_get(r, i);
        if (strcmp(ank_constraint_kind(c), kind) == 0 && n-- == 0)
            return c;
    }
    return NULL;
}

size_t test_count_kind(const ank_result *r, const char *kind)
{
    size_t n = 0;
    for (size_t i = 0; i < ank_result_count(r); i++)
        n += strcmp(ank_constraint_kind(ank_result_get(r, i)), kind) == 0;
    return n;
}

const char *test_q(const char *text)
{
    static char out[8192];
    size_t n = 0;
    for (; *text && n + 1 < sizeof out; text++)
        out[n++] = *text == '\'' ? '"' : *text;
    out[n] = '\0';
    return out;
}

ank_result *test_extract(const test_src *files, size_t n)
{
    ank_clew *clew = NULL;
    CHECK_INT(ank_clew_new(NULL, &clew, NULL), ANK_OK);
    ank_result *r = ank_result_new();
    CHECK(r != NULL);
    for (size_t i = 0; clew && r && i < n; i++)
        CHECK_INT(ank_clew_extract(clew, ANK_LANG_UNKNOWN, files[i].text,
                                   strlen(files[i].text), files[i].path, r,
                                   NULL),
                  ANK_OK);
    CHECK_INT(ank_result_finish(r, NULL), ANK_OK);
    ank_clew_free(clew);
    return r;
}

static const test_case tests[] = {
#define TEST_ROW_(name) {#name, name},
    TEST_LIST(TEST_ROW_)
#undef TEST_ROW_
};

/* Each block carries its size in a 16-byte header.  The count is atomic:
 * the cache and pipeline tests allocate from several threads. */
static _Atomic long long live_blocks;

static void *count_malloc(size_t n)
{
    size_t *p = malloc(n + 16);
    if (!p)
        return NULL;
    *p = n;
    live_blocks++;
    return (char *)p + 16;
}

static void *count_calloc(size_t c, size_t n)
{
    if (n && c > SIZE_MAX / n)
        return NULL;
    void *p = count_malloc(c * n);
    if (p)
        memset(p, 0, c * n);
    return p;
}

static void count_free(void *p)
{
    if (!p)
        return;
    live_blocks--;
    free((char *)p - 16);
}

static void *count_realloc(void *p, size_t n)
{
    if (!p)
        return count_malloc(n);
    size_t *h = realloc((char *)p - 16, n + 16);
    if (!h)
        return NULL;
    *h = n;
    return (char *)h + 16;
}

int main(int argc, char **argv)
{
    const ank_allocator counting = {count_malloc, count_calloc, count_realloc,
                                    count_free};
    ank_set_allocator(&counting);
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (argc > 1 && !strstr(tests[i].name, argv[1]))
            continue;
        int before = test_failures;
        tests[i].fn();
        if (test_failures == before) {
            passed++;
        } else {
            failed++;
            fprintf(stderr, "FAIL %s\n", tests[i].name);
        }
    }
    if (live_blocks != 0) {
        fprintf(stderr, "FAIL leak check: %lld blocks still allocated\n",
                live_blocks);
        failed++;
    } else {
        passed++;
    }
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
