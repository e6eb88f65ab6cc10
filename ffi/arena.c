/*
 * arena.c - bump allocator.  Blocks form a list, newest first; the newest
 * hands out memory from `used` upwards, and `last` remembers its newest
 * allocation so that ank__arena_grow can extend it in place.  Blocks grow
 * by doubling up to the arena's max_size; a request larger than half the
 * next block gets an exact block of its own, linked behind the newest.
 */
#include "arena.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"

struct ank_arena_block {
    ank_arena_block *next;
    size_t size;
    size_t used;
    size_t last;
    max_align_t data[];
};

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static ank_arena_block *block_of(size_t size)
{
    ank_arena_block *block = ank__malloc(sizeof *block + size);
    if (block) {
        block->next = NULL;
        block->size = size;
        block->used = 0;
        block->last = 0;
    }
    return block;
}

/* A new newest block with room for `need` bytes. */
static ank_arena_block *new_block(ank_arena *arena, size_t need)
{
    size_t size = arena->next_size ? arena->next_size : ANK_ARENA_FIRST_BLOCK;
    size_t max = arena->max_size ? arena->max_size : ANK_ARENA_MAX_BLOCK;
    if (size < max)
        arena->next_size = size < max / 2 ? size * 2 : max;
    if (size < need)
        size = need;
    ank_arena_block *block = block_of(size);
    if (!block)
        return NULL;
    block->next = arena->head;
    arena->head = block;
    return block;
}

void *ank__arena_take(ank_arena *arena, size_t size)
{
    if (size > SIZE_MAX / 2)
        return NULL;
    size = align8(size ? size : 1);
    ank_arena_block *block = arena->head;
    if (block && block->size - block->used >= size) {
        char *p = (char *)block->data + block->used;
        block->last = block->used;
        block->used += size;
        return p;
    }
    size_t next = arena->next_size ? arena->next_size : ANK_ARENA_FIRST_BLOCK;
    if (block && size > next / 2) {
        /* a block of its own, behind the newest, whose room stays in use
         * (and whose newest allocation ank__arena_grow still extends) */
        ank_arena_block *own = block_of(size);
        if (!own)
            return NULL;
        own->used = size;
        own->next = block->next;
        block->next = own;
        return own->data;
    }
    block = new_block(arena, size);
    if (!block)
        return NULL;
    block->used = size;
    return block->data;
}

void *ank__arena_take_spare(ank_arena *arena, size_t size)
{
    ank_arena_block *block = arena->head;
    if (!block || size > SIZE_MAX / 2 ||
        block->size - block->used < align8(size ? size : 1))
        return NULL;
    return ank__arena_take(arena, size);
}

void *ank__arena_alloc(ank_arena *arena, size_t size)
{
    void *p = ank__arena_take(arena, size);
    if (p)
        memset(p, 0, size);
    return p;
}

void *ank__arena_grow(ank_arena *arena, void *ptr, size_t old_size,
                      size_t new_size)
{
    if (!ptr)
        return ank__arena_alloc(arena, new_size);
    if (new_size <= old_size)
        return ptr;
    ank_arena_block *block = arena->head;
    size_t extra = align8(new_size) - align8(old_size ? old_size : 1);
    if (block && (char *)block->data + block->last == (char *)ptr &&
        block->size - block->used >= extra) {
        memset((char *)ptr + old_size, 0, new_size - old_size);
        block->used += extra;
        return ptr;
    }
    void *copy = ank__arena_alloc(arena, new_size);
    if (!copy)
        return NULL;
    memcpy(copy, ptr, old_size);
    return copy;
}

char *ank__arena_strndup(ank_arena *arena, const char *text, size_t length)
{
    char *copy = ank__arena_take(arena, length + 1);
    if (!copy)
        return NULL;
    if (length)
        memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

char *ank__arena_strdup(ank_arena *arena, const char *text)
{
    return ank__arena_strndup(arena, text, strlen(text));
}

size_t ank__arena_reserved(const ank_arena *arena)
{
    size_t total = 0;
    for (const ank_arena_block *b = arena->head; b; b = b->next)
        total += sizeof *b + b->size;
    return total;
}

void ank__arena_release(ank_arena *arena)
{
    ank_arena_block *block = arena->head;
    while (block) {
        ank_arena_block *next = block->next;
        ank__free(block);
        block = next;
    }
    arena->head = NULL;
    arena->next_size = 0;
}

void ank__arena_adopt(ank_arena *into, ank_arena *from)
{
    ank_arena_block *first = from->head;
    from->head = NULL;
    from->next_size = 0;
    if (!first)
        return;
    if (!into->head) {
        into->head = first;
        return;
    }
    /* Behind the head, so that ank__arena_grow still sees its newest
     * allocation. */
    ank_arena_block *last = first;
    while (last->next)
        last = last->next;
    last->next = into->head->next;
    into->head->next = first;
}

void ank__arena_reset(ank_arena *arena)
{
    ank_arena_block *keep = NULL;
    for (ank_arena_block *b = arena->head; b; b = b->next)
        if (!keep || b->size > keep->size)
            keep = b;
    ank_arena_block *b = arena->head;
    while (b) {
        ank_arena_block *next = b->next;
        if (b != keep)
            ank__free(b);
        b = next;
    }
    arena->head = keep;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
        keep->last = 0;
    }
}

