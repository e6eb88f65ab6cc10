/*
 * allocator.c - built against the installed library by install.sh: the
 * allocator given in ank_options sees every allocation (ananke's,
 * tree-sitter's and jansson's) and every one is freed again; a newer
 * caller's larger options struct with a zero tail is accepted and a
 * struct_size below the first version's is refused.  The counts are
 * atomic, as an allocator must be thread-safe: a compile may allocate from
 * a second thread.
 *
 *   allocator FILE   prints "allocator: ok" or what went wrong
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ananke.h>

/* Atomic: a compile may allocate from a second thread. */
static _Atomic long live, total;

static void *c_malloc(size_t n)
{
    void *p = malloc(n);
    live += p != NULL;
    total += p != NULL;
    return p;
}

static void *c_calloc(size_t c, size_t n)
{
    void *p = calloc(c, n);
    live += p != NULL;
    total += p != NULL;
    return p;
}

static void *c_realloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!p && q) {
        live++;
        total++;
    }
    return q;
}

static void c_free(void *p)
{
    live -= p != NULL;
    free(p);
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    static const ank_allocator counting = {c_malloc, c_calloc, c_realloc,
                                           c_free};
    ank_options o = ANK_OPTIONS_INIT;
    o.allocator = &counting;
    ank_context *ctx = NULL;
    ank_result *r = NULL;
    ank_ir *ir = NULL;
    char *json = NULL;
    size_t n = 0;
    ank_error e;
    if (ank_context_new(&o, &ctx, &e) != ANK_OK ||
        ank_extract_path(ctx, argv[1], &r, &e) != ANK_OK ||
        ank_compile(ctx, r, NULL, &ir, &e) != ANK_OK ||
        ank_ir_json(ir, &json, &n, &e) != ANK_OK) {
        printf("allocator: failed: %s\n", e.message);
        return 1;
    }
    ank_free(json);
    ank_ir_free(ir);
    ank_result_free(r);
    ank_context_free(ctx);
    if (live != 0 || total < 100) {
        printf("allocator: %ld blocks live, %ld allocated\n", live, total);
        return 1;
    }
    /* A newer caller's larger struct with a zero tail is accepted; a
     * struct_size shorter than the first version of the struct is
     * refused. */
    o = (ank_options)ANK_OPTIONS_INIT;
    struct {
        ank_options o;
        char tail[8];
    } newer;
    memset(&newer, 0, sizeof newer);
    newer.o.struct_size = sizeof newer;
    if (ank_context_new(&newer.o, &ctx, &e) != ANK_OK) {
        printf("allocator: a larger struct with a zero tail was refused: %s\n",
               e.message);
        return 1;
    }
    ank_context_free(ctx);
    o.struct_size = sizeof(size_t);
    if (ank_context_new(&o, &ctx, &e) != ANK_ERR_INVALID_ARGUMENT) {
        printf("allocator: a struct_size of %zu was accepted\n",
               sizeof(size_t));
        return 1;
    }
    printf("allocator: ok (%ld allocations counted)\n", total);
    return 0;
}
