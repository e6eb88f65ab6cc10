/*
 * alloc.c - the one allocator hook.
 *
 * ank_set_allocator() installs a set of functions that ananke's own code
 * calls through ank__malloc() and friends, and forwards the same functions
 * to tree-sitter (ts_set_allocator) and jansson (json_set_alloc_funcs), so
 * that a counting allocator sees every byte the library uses.
 */
#include "alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <tree_sitter/api.h>

#include "ananke.h"

static ank_allocator current = {malloc, calloc, realloc, free};

/* Failure injection: remaining successes before failing; 0 means off.
 * Atomic: a compile may allocate from two threads. */
static _Atomic uint64_t fail_countdown;
static _Atomic int fail_armed;

static int injected_failure(void)
{
    if (!atomic_load_explicit(&fail_armed, memory_order_relaxed))
        return 0;
    uint64_t left = atomic_load(&fail_countdown);
    while (left &&
           !atomic_compare_exchange_weak(&fail_countdown, &left, left - 1))
        ;
    return left == 0;
}

void ank__alloc_fail_after(uint64_t n)
{
    atomic_store(&fail_countdown, n ? n - 1 : 0);
    atomic_store(&fail_armed, n != 0);
}

void *ank__malloc(size_t size)
{
    if (injected_failure())
        return NULL;
    return current.malloc_fn(size ? size : 1);
}

void *ank__calloc(size_t count, size_t size)
{
    if (injected_failure())
        return NULL;
    return current.calloc_fn(count ? count : 1, size ? size : 1);
}

void *ank__realloc(void *ptr, size_t size)
{
    if (injected_failure())
        return NULL;
    return current.realloc_fn(ptr, size ? size : 1);
}

void ank__free(void *ptr)
{
    if (ptr)
        current.free_fn(ptr);
}

bool ank__array_reserve(void **array, size_t *cap, size_t count, size_t extra,
                        size_t elem)
{
    if (extra > SIZE_MAX / elem - count)
        return false;
    size_t need = count + extra;
    if (need <= *cap)
        return true;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 / elem ? need : ncap * 2;
    void *p = ank__realloc(*array, ncap * elem);
    if (!p)
        return false;
    *array = p;
    *cap = ncap;
    return true;
}

char *ank__strndup(const char *text, size_t length)
{
    char *copy = ank__malloc(length + 1);
    if (!copy)
        return NULL;
    if (length)
        memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

/* jansson takes only malloc and free. */
static void *json_malloc_hook(size_t size) { return current.malloc_fn(size); }
static void json_free_hook(void *ptr) { current.free_fn(ptr); }

ANK_API void ank_set_allocator(const ank_allocator *allocator)
{
    if (allocator && allocator->malloc_fn && allocator->calloc_fn &&
        allocator->realloc_fn && allocator->free_fn)
        current = *allocator;
    else
        current = (ank_allocator){malloc, calloc, realloc, free};
    ts_set_allocator(current.malloc_fn, current.calloc_fn, current.realloc_fn,
                     current.free_fn);
    json_set_alloc_funcs(json_malloc_hook, json_free_hook);
}

ANK_API void ank_free(void *ptr) { ank__free(ptr); }
