/*
 * sort.h - sorting the short arrays that grammar and DFA construction sort
 * by the ten thousand: insertion sort up to SORT_SMALL elements, heapsort
 * beyond (no calls through a comparison pointer, no scratch allocation);
 * input already in order is only checked.
 */
#ifndef ANK_BRAID_SORT_H
#define ANK_BRAID_SORT_H

#include <stddef.h>
#include <stdint.h>

#define SORT_SMALL 24

/* Sift v[i] down the max-heap v[0, n) of elements of `w` values, keyed
 * by their first value. */
static inline void sort_sift(uint32_t *v, size_t i, size_t n, size_t w)
{
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            return;
        if (c + 1 < n && v[w * (c + 1)] > v[w * c])
            c++;
        if (v[w * c] <= v[w * i])
            return;
        for (size_t k = 0; k < w; k++) {
            uint32_t t = v[w * c + k];
            v[w * c + k] = v[w * i + k];
            v[w * i + k] = t;
        }
        i = c;
    }
}

/* Elements of `w` values (1 or 2) ascending by their first value: not
 * stable. */
static inline void sort_by_first(uint32_t *v, size_t n, size_t w)
{
    size_t i = 1;
    while (i < n && v[w * (i - 1)] <= v[w * i])
        i++;
    if (i >= n)
        return; /* in order already */
    if (n > SORT_SMALL) {
        for (size_t j = n / 2; j-- > 0;)
            sort_sift(v, j, n, w);
        for (size_t j = n; j-- > 1;) {
            for (size_t k = 0; k < w; k++) {
                uint32_t t = v[k];
                v[k] = v[w * j + k];
                v[w * j + k] = t;
            }
            sort_sift(v, 0, j, w);
        }
        return;
    }
    for (; i < n; i++) {
        uint32_t a = v[w * i], b = w > 1 ? v[w * i + 1] : 0;
        size_t j = i;
        for (; j > 0 && v[w * (j - 1)] > a; j--)
            for (size_t k = 0; k < w; k++)
                v[w * j + k] = v[w * (j - 1) + k];
        v[w * j] = a;
        if (w > 1)
            v[w * j + 1] = b;
    }
}

static inline void sort_sift64(uint64_t *v, size_t i, size_t n)
{
    for (size_t c; (c = 2 * i + 1) < n; i = c) {
        if (c + 1 < n && v[c + 1] > v[c])
            c++;
        if (v[c] <= v[i])
            return;
        uint64_t t = v[c];
        v[c] = v[i];
        v[i] = t;
    }
}

/* Ascending. */
static inline void ank__sort_u64(uint64_t *v, size_t n)
{
    if (n > SORT_SMALL) {
        for (size_t j = n / 2; j-- > 0;)
            sort_sift64(v, j, n);
        for (size_t j = n; j-- > 1;) {
            uint64_t t = v[0];
            v[0] = v[j];
            v[j] = t;
            sort_sift64(v, 0, j);
        }
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Ascending. */
static inline void ank__sort_u32(uint32_t *v, size_t n)
{
    sort_by_first(v, n, 1);
}

/* Pairs (v[2i], v[2i+1]) ascending by their first element. */
static inline void ank__sort_pairs(uint32_t *v, size_t n)
{
    sort_by_first(v, n, 2);
}

#endif
