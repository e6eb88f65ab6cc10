/*
 * arena.h - a bump allocator for data that lives exactly as long as its
 * owner (a result's constraints, strings and type trees).
 */
#ifndef ANK_ARENA_H
#define ANK_ARENA_H

#include <stddef.h>

typedef struct ank_arena_block ank_arena_block;

typedef struct ank_arena {
    ank_arena_block *head;
    size_t next_size;
    /* The largest block it grows to, 0 for ANK_ARENA_MAX_BLOCK: an arena
     * of a few tens of KB that must stay small caps it lower, as its
     * newest block may be up to half of it and still nearly empty. */
    size_t max_size;
} ank_arena;

#define ANK_ARENA_INIT {NULL, 0, 0}
/* An arena that stays small: blocks from 512 bytes, doubling to 2 KB. */
#define ANK_ARENA_SMALL {NULL, 512, ANK_ARENA_FIRST_BLOCK}

/* The size of an arena's first block unless next_size says otherwise;
 * each later block doubles, up to max_size.  A request larger than half
 * the next block gets a block of its own, behind the newest, so that the
 * room left in the newest is not given up. */
#define ANK_ARENA_FIRST_BLOCK 2048
#define ANK_ARENA_MAX_BLOCK (64 * 1024)

/* Zeroed, 8-byte aligned memory, or NULL when out of memory. */
void *ank__arena_alloc(ank_arena *arena, size_t size);

/* ank__arena_alloc() without the zeroing: for callers that write every
 * byte they later read. */
void *ank__arena_take(ank_arena *arena, size_t size);

/* ank__arena_take() from the room left in the newest block only: NULL,
 * and nothing reserved, when it does not fit there. */
void *ank__arena_take_spare(ank_arena *arena, size_t size);

/* Resize an array previously returned by this arena: grows in place when it
 * is the newest allocation, otherwise copies.  NULL when out of memory (the
 * old array stays valid). */
void *ank__arena_grow(ank_arena *arena, void *ptr, size_t old_size,
                      size_t new_size);

char *ank__arena_strndup(ank_arena *arena, const char *text, size_t length);
char *ank__arena_strdup(ank_arena *arena, const char *text);

/* Bytes reserved from the system allocator, for statistics. */
size_t ank__arena_reserved(const ank_arena *arena);

void ank__arena_release(ank_arena *arena);

/* Move every block of `from` into `into`: what was allocated from `from`
 * now lives as long as `into`.  `from` is left empty; `into` keeps
 * allocating from its own newest block. */
void ank__arena_adopt(ank_arena *into, ank_arena *from);

/* Forget every allocation but keep the largest block for reuse, so an arena
 * used once per file does not go back to malloc each time. */
void ank__arena_reset(ank_arena *arena);

#endif
