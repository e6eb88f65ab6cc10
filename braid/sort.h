/*
 * sort.h - sorting the short arrays that grammar and DFA construction sort
 * by the ten thousand: insertion sort up to SORT_SMALL elements (no calls
 * through a comparison pointer, no scratch allocation), qsort beyond.
 */
#ifndef ANK_BRAID_SORT_H
#define ANK_BRAID_SORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define SORT_SMALL 24

static inline int sort_cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Ascending. */
static inline void ank__sort_u32(uint32_t *v, size_t n)
{
    if (n > SORT_SMALL) {
        qsort(v, n, sizeof *v, sort_cmp_u32);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Pairs (v[2i], v[2i+1]) ascending by their first element. */
static inline void ank__sort_pairs(uint32_t *v, size_t n)
{
    if (n > SORT_SMALL) {
        qsort(v, n, 2 * sizeof *v, sort_cmp_u32);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t a = v[2 * i], b = v[2 * i + 1];
        size_t j = i;
        for (; j > 0 && v[2 * (j - 1)] > a; j--) {
            v[2 * j] = v[2 * (j - 1)];
            v[2 * j + 1] = v[2 * (j - 1) + 1];
        }
        v[2 * j] = a;
        v[2 * j + 1] = b;
    }
}

#endif
