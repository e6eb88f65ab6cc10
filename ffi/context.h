/*
 * context.h - the inside of an ank_context (context.c).
 */
#ifndef ANK_CONTEXT_H
#define ANK_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "ananke.h"

struct ank_cache;

struct ank_context {
    ank_clew *clew;
    size_t max_file_size; /* resolved: never 0 */
    size_t max_json_size; /* resolved: never 0 */
    unsigned flags;
    unsigned jobs;        /* tree extraction's threads; 0: one per core */
    char *cache_dir;      /* owned, nullable: the default directory */
    int no_cache;
    struct ank_cache *cache; /* opened by the first tree extraction */
    bool cache_tried;        /* ... which set cache_warning if it failed */
    char *cache_warning;     /* owned, nullable */
};

/* tree.c: close what tree extraction opened. */
void ank__context_release_tree(ank_context *ctx);

/* Offset of the first byte of `text` that is not part of a well-formed
 * UTF-8 sequence (overlongs, surrogates and code points past U+10FFFF are
 * ill-formed), or `length` when it is all valid. */
size_t ank__utf8_check(const char *text, size_t length);

#endif
