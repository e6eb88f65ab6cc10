/*
 * dfa_min.c - DFA minimisation by Hopcroft's algorithm, on a transition
 * table (dfa.c builds the table by subset construction and reads the
 * partition back).
 *
 * Invariant: O(k n log n) for n states and k columns; the only memory is
 * one block of 2nk + 9n + 1 words, freed before returning.
 */
#include "dfa_min.h"

#include <string.h>

#include "../ffi/alloc.h"

uint32_t ank__dfa_refine(size_t n, size_t k, const uint32_t *trans,
                         const uint8_t *acc, uint32_t *cls)
{
    size_t nk = n * k;
    uint32_t *mem = ank__calloc(2 * nk + 9 * n + 1, 4), count = 0;
    if (!mem)
        return 0;
    uint32_t *pstart = mem, *pred = pstart + nk + 1, *elems = pred + nk;
    uint32_t *loc = elems + n, *first = loc + n, *end = first + n;
    uint32_t *marked = end + n, *work = marked + n, *touched = work + n;
    uint32_t *snap = touched + n, *queued = snap + n;
    uint32_t nblocks = 0, nwork = 0;
    /* predecessors by (column, state): pred[pstart[a * n + t] ..] */
    for (size_t s = 0; s < n; s++)
        for (size_t a = 0; a < k; a++)
            pstart[a * n + trans[s * k + a] + 1]++;
    for (size_t i = 0; i < nk; i++)
        pstart[i + 1] += pstart[i];
    for (size_t s = 0; s < n; s++)
        for (size_t a = 0; a < k; a++)
            pred[pstart[a * n + trans[s * k + a]]++] = (uint32_t)s;
    for (size_t i = nk; i > 0; i--)
        pstart[i] = pstart[i - 1];
    pstart[0] = 0;
    /* the states like state 0 in block 0, the others in block 1 */
    size_t at = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t from = at;
        for (size_t s = 0; s < n; s++)
            if ((acc[s] == acc[0]) == (pass == 0)) {
                loc[s] = (uint32_t)at;
                elems[at++] = (uint32_t)s;
                cls[s] = nblocks;
            }
        if (at > from) {
            first[nblocks] = (uint32_t)from, end[nblocks] = (uint32_t)at;
            queued[nblocks] = 1;
            work[nwork++] = nblocks++;
        }
    }
    while (nwork) {
        uint32_t S = work[--nwork];
        size_t nsnap = end[S] - first[S];
        queued[S] = 0;
        memcpy(snap, elems + first[S], nsnap * 4);
        for (size_t a = 0; a < k; a++) {
            size_t ntouched = 0;
            for (size_t i = 0; i < nsnap; i++) {
                size_t key = a * n + snap[i];
                for (uint32_t j = pstart[key]; j < pstart[key + 1]; j++) {
                    uint32_t p = pred[j], Y = cls[p];
                    uint32_t to = first[Y] + marked[Y]++, q = elems[to];
                    if (marked[Y] == 1)
                        touched[ntouched++] = Y;
                    elems[to] = p, elems[loc[p]] = q; /* p to the front */
                    loc[q] = loc[p], loc[p] = to;
                }
            }
            for (size_t i = 0; i < ntouched; i++) {
                uint32_t Y = touched[i], m = marked[Y];
                marked[Y] = 0;
                if (m == end[Y] - first[Y])
                    continue;
                uint32_t Z = nblocks++; /* the marked front of Y */
                first[Z] = first[Y], end[Z] = first[Y] + m;
                first[Y] = end[Z];
                for (uint32_t j = first[Z]; j < end[Z]; j++)
                    cls[elems[j]] = Z;
                if (!queued[Y] && end[Y] - first[Y] < m)
                    Z = Y; /* the smaller half is enough */
                if (!queued[Z]) {
                    queued[Z] = 1;
                    work[nwork++] = Z;
                }
            }
        }
    }
    /* number the blocks by their smallest state */
    for (size_t i = 0; i < nblocks; i++)
        work[i] = UINT32_MAX;
    for (size_t s = 0; s < n; s++) {
        if (work[cls[s]] == UINT32_MAX)
            work[cls[s]] = count++;
        cls[s] = work[cls[s]];
    }
    ank__free(mem);
    return count;
}

