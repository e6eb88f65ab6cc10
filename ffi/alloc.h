/*
 * alloc.h - the allocator hook shared by ananke, tree-sitter and jansson.
 */
#ifndef ANK_ALLOC_H
#define ANK_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *ank__malloc(size_t size);
void *ank__calloc(size_t count, size_t size);
void *ank__realloc(void *ptr, size_t size);
void ank__free(void *ptr);

/* Make room in an ank__malloc'ed array (*array, with room for *cap
 * elements of `elem` bytes, `count` of them in use) for `extra` more: the
 * room doubles, from 16.  False, with the array unchanged, on overflow or
 * out of memory. */
bool ank__array_reserve(void **array, size_t *cap, size_t count, size_t extra,
                        size_t elem);

/* A NUL-terminated copy of the first `length` bytes of `text`. */
char *ank__strndup(const char *text, size_t length);

/*
 * Failure injection for tests: after `n` more successful allocations made by
 * ananke's own code, every further one fails until this is called with 0.
 * Allocations made by tree-sitter are not affected (its runtime cannot
 * recover from a failed allocation).
 */
void ank__alloc_fail_after(uint64_t n);

#endif
