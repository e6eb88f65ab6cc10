/*
 * dfa_min.c - the alphabet of an automaton under construction and its
 * minimisation (dfa.c builds the transition table by subset construction
 * in between): code points cut into columns, Hopcroft's algorithm, and
 * the columns that agree merged into classes.
 *
 * Hopcroft: the predecessors of each state are kept in runs, one per
 * column that reaches it, and a splitter's runs are gathered by column:
 * automata that look for patterns send most moves to a few states, so
 * most (column, state) pairs have none and cost nothing.  Only the
 * smaller of the two first blocks starts as a splitter (with two blocks,
 * splitting by one splits by the other).
 *
 * Invariant: refinement is O(k n log n) for n states and k columns; its
 * memory is two blocks, of 2nk + 2k + 2n + 1 words and of 2r + 9n + 2
 * words for the r nonempty runs (r <= nk), freed before returning.
 */
#include "dfa_min.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "sort.h"

#define MAX_CP 0x10FFFFu

/* The flag of a run's first predecessor while the runs are laid out
 * (states are fewer than 2^31). */
#define RUN 0x80000000u

uint32_t ank__dfa_interval_of(const uint32_t *starts, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (starts[mid] <= cp)
            lo = mid;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

uint64_t ank__dfa_hash_words(const uint32_t *s, size_t n, size_t step)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i * step]) * 1099511628211ull;
    return h ^ (h >> 32);
}

uint32_t ank__dfa_group_rows(size_t n, const uint32_t *entries, size_t stride,
                             size_t width, size_t step, uint32_t *cls)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    uint32_t *table = ank__calloc(cap, 4), *rep = ank__malloc(n * 4 + 4);
    uint32_t count = 0;
    if (!table || !rep)
        goto done;
    for (size_t r = 0; r < n; r++) {
        const uint32_t *e = entries + r * stride;
        uint64_t h = ank__dfa_hash_words(e, width, step);
        for (size_t slot = (size_t)h & (cap - 1);;
             slot = (slot + 1) & (cap - 1)) {
            if (!table[slot]) {
                table[slot] = count + 1;
                rep[count] = (uint32_t)r;
                cls[r] = count++;
                break;
            }
            uint32_t c = table[slot] - 1;
            const uint32_t *f = entries + (size_t)rep[c] * stride;
            size_t i = 0;
            while (i < width && f[i * step] == e[i * step])
                i++;
            if (i == width) {
                cls[r] = c;
                break;
            }
        }
    }
done:
    ank__free(table);
    ank__free(rep);
    return count;
}

/* Sort the n cuts (at most MAX_CP + 1: 21 bits) by three passes of
 * counting sort on 7 bits; false when out of memory. */
static bool sort_cuts(uint32_t *v, size_t n)
{
    if (n <= SORT_SMALL) {
        ank__sort_u32(v, n);
        return true;
    }
    uint32_t *tmp = ank__malloc(n * sizeof *tmp), count[129];
    if (!tmp)
        return false;
    for (int shift = 0; shift < 21; shift += 7) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[(v[i] >> shift & 127) + 1]++;
        for (size_t d = 0; d < 128; d++)
            count[d + 1] += count[d];
        for (size_t i = 0; i < n; i++)
            tmp[count[v[i] >> shift & 127]++] = v[i];
        memcpy(v, tmp, n * sizeof *v);
    }
    ank__free(tmp);
    return true;
}

/* Cut the alphabet at every range boundary, give intervals that every
 * set treats alike one column (numbered in order of first interval, so the
 * automaton is the one the intervals would give: fewer columns to walk in
 * construction and minimisation), and give each set its bitset of
 * columns. */
bool ank__dfa_cut_alphabet(const ank_rx *rx, ank_dfa_alpha *b)
{
    b->cuts = ank__malloc((2 * rx->nranges + 1) * sizeof(uint32_t));
    b->bits = ank__malloc((rx->nnodes + 1) * sizeof(uint32_t));
    if (!b->cuts || !b->bits)
        return false;
    size_t n = 0, sets = 0;
    b->cuts[n++] = 0;
    for (size_t i = 0; i < rx->nranges; i++) {
        b->cuts[n++] = rx->ranges[2 * i];
        if (rx->ranges[2 * i + 1] < MAX_CP)
            b->cuts[n++] = rx->ranges[2 * i + 1] + 1;
    }
    if (!sort_cuts(b->cuts, n))
        return false;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || b->cuts[i] != b->cuts[m - 1])
            b->cuts[m++] = b->cuts[i];
    b->ncuts = m;
    for (size_t i = 0; i < rx->nnodes; i++)
        sets += rx->nodes[i].kind == ANK_RX_SET;
    size_t w = sets ? (sets + 31) / 32 : 1; /* per interval: its sets */
    uint32_t *rows = ank__calloc(m * w, 4);
    b->icol = ank__malloc(m * 4);
    if (!rows || !b->icol) {
        ank__free(rows);
        return false;
    }
    sets = 0;
    for (size_t i = 0; i < rx->nnodes; i++) {
        const ank_rx_node *x = &rx->nodes[i];
        b->bits[i] = x->kind == ANK_RX_SET ? (uint32_t)sets++ : UINT32_MAX;
        for (uint32_t r = 0; x->kind == ANK_RX_SET && r < x->rcount; r++) {
            uint32_t lo = rx->ranges[2 * (x->rstart + r)];
            uint32_t hi = rx->ranges[2 * (x->rstart + r) + 1];
            for (uint32_t k = ank__dfa_interval_of(b->cuts, m, lo);
                 k < m && b->cuts[k] <= hi; k++)
                rows[k * w + b->bits[i] / 32] |= 1u << (b->bits[i] % 32);
        }
    }
    b->ncols = ank__dfa_group_rows(m, rows, w, w, 1, b->icol);
    b->words = (b->ncols + 63) / 64;
    if (b->ncols)
        b->bitsets = ank__calloc(sets ? sets * b->words : 1, 8);
    for (size_t i = 0; b->bitsets && i < m; i++)
        for (size_t v = 0; v < w; v++)
            for (uint32_t y = rows[i * w + v]; y; y &= y - 1) {
                uint64_t *to = b->bitsets +
                               (v * 32 + (size_t)__builtin_ctz(y)) * b->words;
                to[b->icol[i] / 64] |= (uint64_t)1 << (b->icol[i] % 64);
            }
    ank__free(rows);
    return b->bitsets != NULL;
}

/*
 * Hopcroft: the coarsest partition of the n states (k columns, moves
 * trans[s * k + a]) that separates accepting from rejecting states and is
 * stable (equivalent states move to equivalent states), into cls[]
 * numbered by smallest state.  Blocks are runs of `elems`; a splitter's
 * predecessors are moved to the front of their blocks, which then split.
 * Returns the block count, 0 when out of memory.
 */
static uint32_t refine(size_t n, size_t k, const uint32_t *trans,
                       const uint8_t *acc, uint32_t *cls)
{
    size_t nk = n * k, nrun = 0;
    uint32_t count = 0;
    /* pred: the states, by the state they move to and then by column,
     * the first of each run flagged (RUN), with its column in col[];
     * colpos, colend: per column; tend, last: per state */
    uint32_t *mem = ank__malloc((2 * nk + 2 * k + 2 * n + 1) * 4);
    if (!mem)
        return 0;
    uint32_t *pred = mem, *col = pred + nk, *colpos = col + nk;
    uint32_t *colend = colpos + k, *tend = colend + k, *last = tend + n + 1;
    memset(tend, 0, (n + 1) * 4);
    memset(last, 0xFF, n * 4);
    for (size_t i = 0; i < nk; i++)
        tend[trans[i] + 1]++;
    for (size_t t = 0; t < n; t++)
        tend[t + 1] += tend[t];
    for (size_t a = 0; a < k; a++)
        for (size_t s = 0; s < n; s++) {
            uint32_t t = trans[s * k + a], to = tend[t]++;
            pred[to] = (uint32_t)s;
            if (last[t] != a) { /* t's run of column a starts here */
                last[t] = (uint32_t)a;
                pred[to] |= RUN;
                col[to] = (uint32_t)a;
                nrun++;
            }
        }
    uint32_t *mem2 = ank__malloc((2 * nrun + 9 * n + 2) * 4);
    if (!mem2) {
        ank__free(mem);
        return 0;
    }
    /* state t's runs are instart[t] .. instart[t + 1] - 1; run r has
     * column incol[r] and the predecessors pred[rstart[r] ..
     * rstart[r + 1]) */
    uint32_t *incol = col, *rstart = mem2, *pos = rstart + nrun + 1;
    uint32_t *instart = pos + nrun, *elems = instart + n + 1, *loc = elems + n;
    uint32_t *first = loc + n;
    uint32_t *end = first + n, *marked = end + n, *work = marked + n;
    uint32_t *touched = work + n, *queued = touched + n;
    uint32_t nblocks = 0, nwork = 0;
    size_t r = 0;
    /* tend[t] is now where t's predecessors end */
    for (size_t t = 0, j = 0; t < n; t++) {
        instart[t] = (uint32_t)r;
        for (; j < tend[t]; j++)
            if (pred[j] & RUN) {
                pred[j] &= ~RUN;
                incol[r] = col[j]; /* r <= j: in place */
                rstart[r++] = (uint32_t)j;
            }
    }
    instart[n] = (uint32_t)r;
    rstart[r] = (uint32_t)nk;
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
            marked[nblocks] = queued[nblocks] = 0;
            nblocks++;
        }
    }
    work[nwork] = nblocks == 2 && end[1] - first[1] < end[0] ? 1 : 0;
    queued[work[nwork++]] = 1;
    memset(colpos, 0, k * 4);
    while (nwork) {
        uint32_t S = work[--nwork];
        queued[S] = 0;
        /* S's runs by column into pos[] (at most nrun): count, place,
         * fill */
        size_t ncols = 0, filled = 0;
        for (uint32_t i = first[S]; i < end[S]; i++)
            for (uint32_t j = instart[elems[i]]; j < instart[elems[i] + 1];
                 j++)
                if (colpos[incol[j]]++ == 0)
                    colend[ncols++] = incol[j];
        for (size_t c = 0; c < ncols; c++) {
            uint32_t a = colend[c], n_a = colpos[a];
            colpos[a] = (uint32_t)filled;
            filled += n_a;
        }
        for (uint32_t i = first[S]; i < end[S]; i++)
            for (uint32_t j = instart[elems[i]]; j < instart[elems[i] + 1];
                 j++)
                pos[colpos[incol[j]]++] = j;
        /* colpos[a] is now where column a's runs end */
        for (size_t c = 0, from = 0; c < ncols; c++) {
            uint32_t a = colend[c], to_run = colpos[a];
            size_t ntouched = 0;
            colpos[a] = 0;
            for (; from < to_run; from++) {
                uint32_t run = pos[from];
                for (uint32_t j = rstart[run]; j < rstart[run + 1]; j++) {
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
                marked[Z] = queued[Z] = 0;
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
    ank__free(mem2);
    return count;
}

/* Minimise, then merge the alphabet columns that agree. */
ank_dfa *ank__dfa_minimize(const ank_dfa_alpha *b, size_t n,
                           const uint32_t *trans, const uint8_t *acc)
{
    size_t k = b->ncols, nint = b->ncuts;
    uint32_t *cls = ank__malloc(n * 4);
    uint32_t *col = ank__malloc(k * 4), *rows = NULL;
    ank_dfa *out = ank__calloc(1, sizeof *out);
    uint32_t count;
    if (!cls || !col || !out || !(count = refine(n, k, trans, acc, cls)))
        goto nomem;
    rows = ank__malloc((size_t)count * k * 4);
    if (!rows)
        goto nomem;
    for (size_t s = 0; s < n; s++)
        for (size_t i = 0; i < k; i++)
            rows[(size_t)cls[s] * k + i] = cls[trans[s * k + i]];
    uint32_t nc = ank__dfa_group_rows(k, rows, 1, count, k, col);
    out->nstates = count;
    out->nclasses = nc;
    out->next = ank__malloc((size_t)count * (nc ? nc : 1) * 4);
    out->accept = ank__calloc(count, 1);
    out->live = ank__calloc(count, 1);
    out->lo = ank__malloc(nint * 4);
    out->cls = ank__malloc(nint * 4);
    out->ranges = ank__malloc(nint * 2 * 4);
    out->rstart = ank__calloc(nc + 1, 4);
    if (!nc || !out->next || !out->accept || !out->live || !out->lo ||
        !out->cls || !out->ranges || !out->rstart)
        goto nomem;
    for (size_t s = 0; s < count; s++)
        for (size_t i = 0; i < k; i++)
            out->next[s * nc + col[i]] = rows[s * k + i];
    for (size_t s = 0; s < n; s++)
        out->accept[cls[s]] = acc[s];
    for (size_t i = 0; i < nint; i++) {
        uint32_t ci = col[b->icol[i]];
        if (out->nint == 0 || out->cls[out->nint - 1] != ci) {
            out->lo[out->nint] = b->cuts[i];
            out->cls[out->nint++] = ci;
        }
    }
    /* each class's ranges, in code point order */
    for (size_t i = 0; i < out->nint; i++)
        out->rstart[out->cls[i] + 1]++;
    for (size_t i = 0; i < nc; i++) {
        out->rstart[i + 1] += out->rstart[i];
        col[i] = out->rstart[i];
    }
    for (size_t i = 0; i < out->nint; i++) {
        uint32_t at = col[out->cls[i]]++;
        out->ranges[2 * at] = out->lo[i];
        out->ranges[2 * at + 1] =
            i + 1 < out->nint ? out->lo[i + 1] - 1 : MAX_CP;
    }
    goto done;
nomem:
    ank__dfa_free(out);
    out = NULL;
done:
    ank__free(cls);
    ank__free(col);
    ank__free(rows);
    return out;
}
