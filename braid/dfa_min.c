/*
 * dfa_min.c - the alphabet of an automaton under construction and its
 * minimisation (dfa.c builds the transitions by subset construction in
 * between): code points cut into columns, Hopcroft's algorithm, and the
 * columns that agree merged into classes; also the tables of lists that
 * the construction finds sets in, and the finished automaton's queries.
 *
 * The transitions come sparse: per column a default target, and per
 * state the exceptions (automata that look for patterns send most moves
 * to the few states that the start's closure leads to).  Hopcroft lays
 * out only the exceptions, by target in runs, one per column that
 * reaches it, and gathers a splitter's runs by column; a column whose
 * default is in the splitter splits by its exceptions that leave it (the
 * complement of the predecessors, which splits alike).  Only the smaller
 * of the two first blocks starts as a splitter (with two blocks,
 * splitting by one splits by the other); a state alone in its block is
 * never marked.
 *
 * Invariant: refinement is O(e log n) for n states, k columns and e
 * exceptions; its memory is three blocks, of 6k + 12n + 4 words, 10e + 4
 * bytes and 2r + 1 words for the r nonempty runs (r <= e), freed before
 * returning.
 */
#include "dfa_min.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "sort.h"

#define MAX_CP 0x10FFFFu

/* The flag of a run's first predecessor while the runs are laid out:
 * states, at most ANK_DFA_MAX_STATES, fit the 15 bits below it, so the
 * exceptions' states and targets are laid out in 16 bits. */
#define RUN 0x8000u
_Static_assert(ANK_DFA_MAX_STATES <= RUN, "16-bit states");

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

/* The partition under refinement: block Y is elems[first[Y] .. end[Y]),
 * its marked[Y] first states those the current set holds (moved to the
 * front); loc[s] is where state s is in elems, cls[s] its block. */
typedef struct part {
    uint32_t *cls, *elems, *loc, *first, *end, *marked, *work, *touched;
    uint32_t *queued;
    uint32_t nblocks, nwork, ntouched;
} part;

/* Mark state p (at most once per set): to the front of its block.  A
 * block of one state cannot split: most are, late in refinement. */
static inline void mark(part *P, uint32_t p)
{
    uint32_t Y = P->cls[p];
    if (P->end[Y] - P->first[Y] == 1)
        return;
    uint32_t to = P->first[Y] + P->marked[Y]++, q = P->elems[to];
    if (P->marked[Y] == 1)
        P->touched[P->ntouched++] = Y;
    P->elems[to] = p, P->elems[P->loc[p]] = q;
    P->loc[q] = P->loc[p], P->loc[p] = to;
}

/* Split each block with marked states into its marked front (a new
 * block) and the rest; queue the smaller part, or both when the block
 * was queued. */
static inline void split(part *P)
{
    if (!P->ntouched)
        return;
    for (uint32_t i = 0; i < P->ntouched; i++) {
        uint32_t Y = P->touched[i], m = P->marked[Y];
        P->marked[Y] = 0;
        if (m == P->end[Y] - P->first[Y])
            continue;
        uint32_t Z = P->nblocks++;
        P->first[Z] = P->first[Y], P->end[Z] = P->first[Y] + m;
        P->first[Y] = P->end[Z];
        P->marked[Z] = P->queued[Z] = 0;
        for (uint32_t j = P->first[Z]; j < P->end[Z]; j++)
            P->cls[P->elems[j]] = Z;
        if (!P->queued[Y] && P->end[Y] - P->first[Y] < m)
            Z = Y; /* the smaller half is enough */
        if (!P->queued[Z]) {
            P->queued[Z] = 1;
            P->work[P->nwork++] = Z;
        }
    }
    P->ntouched = 0;
}

/*
 * Hopcroft: the coarsest partition of the n states (moves as in
 * ank__dfa_minimize, over k columns, def[a] >= n when column a has no
 * default) that separates accepting from rejecting states and is stable
 * (equivalent states move to equivalent states), into cls[] numbered by
 * smallest state.  Only the exceptions are laid out by target: a splitter
 * S splits by the predecessors of its states on column a, and when
 * def[a] is in S those are every state but the exceptions of a that
 * leave S, which split alike.  Returns the block count, 0 when out of
 * memory.
 */
static uint32_t refine(size_t n, size_t k, const uint32_t *estart,
                       const uint32_t *ecol, const uint16_t *etgt,
                       const uint32_t *def, const uint8_t *acc, uint32_t *cls)
{
    size_t ne = estart[n], nrun = 0;
    uint32_t count = 0, stamp = 0;
    /* per column: ecstart (k + 1), dcols, colpos, colend, ccols, cmark;
     * per state: dstart, tend, instart (n + 1 each), then the partition's
     * eight arrays and in[] */
    uint32_t *mem = ank__malloc((6 * k + 12 * n + 4) * 4);
    if (!mem)
        return 0;
    uint32_t *ecstart = mem, *dcols = ecstart + k + 1, *colpos = dcols + k;
    uint32_t *colend = colpos + k, *ccols = colend + k, *cmark = ccols + k;
    uint32_t *dstart = cmark + k, *tend = dstart + n + 1;
    uint32_t *instart = tend + n + 1;
    part P = {cls, instart + n + 1, NULL, NULL, NULL, NULL, NULL, NULL,
              NULL, 0, 0, 0};
    P.loc = P.elems + n, P.first = P.loc + n, P.end = P.first + n;
    P.marked = P.end + n, P.work = P.marked + n, P.touched = P.work + n;
    P.queued = P.touched + n;
    uint32_t *in = P.queued + n;
    memset(ecstart, 0, (k + 1) * 4);
    memset(dstart, 0, 2 * (n + 1) * 4); /* and tend */
    for (size_t j = 0; j < ne; j++) {
        ecstart[ecol[j] + 1]++;
        tend[etgt[j] + 1]++;
    }
    for (size_t a = 0; a < k; a++) {
        ecstart[a + 1] += ecstart[a];
        if (def[a] < n)
            dstart[def[a] + 1]++;
    }
    for (size_t t = 0; t < n; t++) {
        dstart[t + 1] += dstart[t];
        tend[t + 1] += tend[t];
    }
    /* the columns by their default target (P.loc: cursors) */
    memcpy(P.loc, dstart, n * 4);
    for (size_t a = 0; a < k; a++)
        if (def[a] < n)
            dcols[P.loc[def[a]]++] = (uint32_t)a;
    /* ecstate, ectgt: the exceptions by column, then state; pred: by
     * target, then column, then state, the first of each run flagged
     * (RUN), with its column in col[]; then the runs: state t's are
     * instart[t] .. instart[t + 1] - 1, run r has column incol[r] and the
     * predecessors pred[rstart[r] .. rstart[r + 1]) */
    uint32_t *mem2 = ank__malloc(ne * 10 + 4), *mem3 = NULL;
    if (!mem2) {
        ank__free(mem);
        return 0;
    }
    uint32_t *col = mem2;
    uint16_t *ecstate = (uint16_t *)(void *)(col + ne), *ectgt = ecstate + ne;
    uint16_t *pred = ectgt + ne;
    memcpy(colpos, ecstart, k * 4);
    for (size_t s = 0; s < n; s++)
        for (size_t j = estart[s]; j < estart[s + 1]; j++) {
            uint32_t at = colpos[ecol[j]]++;
            ecstate[at] = (uint16_t)s;
            ectgt[at] = etgt[j];
        }
    uint32_t *last = P.first;
    memset(last, 0xFF, n * 4);
    for (size_t a = 0; a < k; a++)
        for (size_t j = ecstart[a]; j < ecstart[a + 1]; j++) {
            uint32_t t = ectgt[j], to = tend[t]++;
            pred[to] = ecstate[j];
            if (last[t] != a) { /* t's run of column a starts here */
                last[t] = (uint32_t)a;
                pred[to] |= (uint16_t)RUN;
                col[to] = (uint32_t)a;
                nrun++;
            }
        }
    /* rstart (nrun + 1) and pos (nrun): once the runs are counted */
    mem3 = ank__malloc((2 * nrun + 1) * 4);
    if (!mem3) {
        ank__free(mem);
        ank__free(mem2);
        return 0;
    }
    uint32_t *incol = col, *rstart = mem3, *pos = rstart + nrun + 1;
    size_t r = 0;
    /* tend[t] is now where t's predecessors end */
    for (size_t t = 0, j = 0; t < n; t++) {
        instart[t] = (uint32_t)r;
        for (; j < tend[t]; j++)
            if (pred[j] & RUN) {
                pred[j] &= (uint16_t)~RUN;
                incol[r] = col[j]; /* r <= j: in place */
                rstart[r++] = (uint32_t)j;
            }
    }
    instart[n] = (uint32_t)r;
    rstart[r] = (uint32_t)ne;
    /* the states like state 0 in block 0, the others in block 1 */
    size_t at = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t from = at;
        for (size_t s = 0; s < n; s++)
            if ((acc[s] == acc[0]) == (pass == 0)) {
                P.loc[s] = (uint32_t)at;
                P.elems[at++] = (uint32_t)s;
                cls[s] = P.nblocks;
            }
        if (at > from) {
            P.first[P.nblocks] = (uint32_t)from;
            P.end[P.nblocks] = (uint32_t)at;
            P.marked[P.nblocks] = P.queued[P.nblocks] = 0;
            P.nblocks++;
        }
    }
    P.work[P.nwork] =
        P.nblocks == 2 && P.end[1] - P.first[1] < P.end[0] ? 1 : 0;
    P.queued[P.work[P.nwork++]] = 1;
    memset(colpos, 0, k * 4);
    memset(cmark, 0, k * 4);
    memset(in, 0, n * 4);
    while (P.nwork) {
        uint32_t S = P.work[--P.nwork], b = P.first[S], e = P.end[S];
        size_t ncols = 0, filled = 0, ncomp = 0;
        P.queued[S] = 0;
        stamp++;
        /* S's states, and the columns whose default target is in S */
        for (uint32_t i = b; i < e; i++) {
            uint32_t t = P.elems[i];
            in[t] = stamp;
            for (uint32_t j = dstart[t]; j < dstart[t + 1]; j++) {
                cmark[dcols[j]] = stamp;
                ccols[ncomp++] = dcols[j];
            }
        }
        /* S's runs on the other columns, by column into pos[] (at most
         * nrun): count, place, fill */
        for (uint32_t i = b; i < e; i++)
            for (uint32_t j = instart[P.elems[i]];
                 j < instart[P.elems[i] + 1]; j++)
                if (cmark[incol[j]] != stamp && colpos[incol[j]]++ == 0)
                    colend[ncols++] = incol[j];
        for (size_t c = 0; c < ncols; c++) {
            uint32_t a = colend[c], n_a = colpos[a];
            colpos[a] = (uint32_t)filled;
            filled += n_a;
        }
        for (uint32_t i = b; i < e; i++)
            for (uint32_t j = instart[P.elems[i]];
                 j < instart[P.elems[i] + 1]; j++)
                if (cmark[incol[j]] != stamp)
                    pos[colpos[incol[j]]++] = j;
        /* colpos[a] is now where column a's runs end */
        for (size_t c = 0, from = 0; c < ncols; c++) {
            uint32_t a = colend[c], to_run = colpos[a];
            colpos[a] = 0;
            for (; from < to_run; from++) {
                uint32_t run = pos[from];
                for (uint32_t j = rstart[run]; j < rstart[run + 1]; j++)
                    mark(&P, pred[j]);
            }
            split(&P);
        }
        /* a column whose default is in S: split by its exceptions that
         * leave S (the complement of S's predecessors) */
        for (size_t c = 0; c < ncomp; c++) {
            uint32_t a = ccols[c];
            for (uint32_t j = ecstart[a]; j < ecstart[a + 1]; j++)
                if (in[ectgt[j]] != stamp)
                    mark(&P, ecstate[j]);
            split(&P);
        }
    }
    /* number the blocks by their smallest state */
    for (size_t i = 0; i < P.nblocks; i++)
        P.work[i] = UINT32_MAX;
    for (size_t s = 0; s < n; s++) {
        if (P.work[cls[s]] == UINT32_MAX)
            P.work[cls[s]] = count++;
        cls[s] = P.work[cls[s]];
    }
    ank__free(mem);
    ank__free(mem2);
    ank__free(mem3);
    return count;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    return x;
}

/* Number the k columns of the count rows (rows[r * k + c]) into classes
 * of equal columns, in order of first appearance, into cls[], knowing
 * each column's hash (equal columns hash alike).  Returns the class
 * count, 0 when out of memory. */
static uint32_t group_cols(const uint32_t *rows, size_t count, size_t k,
                           const uint64_t *hash, uint32_t *cls)
{
    size_t cap = 16;
    while (cap < 2 * k)
        cap *= 2;
    uint32_t *table = ank__calloc(cap, 4), *rep = ank__malloc(k * 4 + 4);
    uint32_t nc = 0;
    if (!table || !rep)
        goto done;
    for (size_t c = 0; c < k; c++)
        for (size_t at = (size_t)hash[c] & (cap - 1);;
             at = (at + 1) & (cap - 1)) {
            if (!table[at]) {
                table[at] = nc + 1;
                rep[nc] = (uint32_t)c;
                cls[c] = nc++;
                break;
            }
            uint32_t f = rep[table[at] - 1];
            size_t r = 0;
            if (hash[f] == hash[c])
                while (r < count && rows[r * k + f] == rows[r * k + c])
                    r++;
            if (r == count) {
                cls[c] = table[at] - 1;
                break;
            }
        }
done:
    ank__free(table);
    ank__free(rep);
    return nc;
}

/* Minimise, then merge the alphabet columns that agree. */
ank_dfa *ank__dfa_minimize(const ank_dfa_alpha *b, size_t n,
                           const uint32_t *estart, const uint32_t *ecol,
                           const uint16_t *etgt, const uint32_t *dflt,
                           const uint8_t *acc)
{
    size_t k = b->ncols, nint = b->ncuts;
    uint32_t *cls = ank__malloc(n * 4);
    uint32_t *col = ank__malloc(k * 4), *rows = NULL;
    ank_dfa *out = ank__calloc(1, sizeof *out);
    uint32_t count = 0;
    if (!cls || !col || !out ||
        !(count = refine(n, k, estart, ecol, etgt, dflt, acc, cls)))
        goto nomem;
    rows = ank__malloc((size_t)count * k * 4);
    if (!rows)
        goto nomem;
    /* one row per block, from its smallest state (blocks are numbered
     * in that order): the defaults, then the exceptions.  Column c's
     * hash is sum over rows r of (rows[r * k + c] + 1) * mult(r): that
     * of the defaults plus what the exceptions change. */
    for (size_t i = 0; i < k; i++)
        col[i] = dflt[i] < n ? cls[dflt[i]] : 0;
    uint64_t sum = 0, *hash = ank__malloc(k * 8);
    if (!hash)
        goto nomem;
    memset(hash, 0, k * 8);
    for (size_t s = 0, next = 0; s < n; s++)
        if (cls[s] == next) {
            uint64_t mult = mix(next) | 1;
            uint32_t *row = rows + next++ * k;
            memcpy(row, col, k * 4);
            sum += mult;
            for (size_t j = estart[s]; j < estart[s + 1]; j++) {
                uint32_t c = ecol[j], v = cls[etgt[j]];
                hash[c] += ((uint64_t)v - col[c]) * mult;
                row[c] = v;
            }
        }
    for (size_t i = 0; i < k; i++)
        hash[i] += ((uint64_t)col[i] + 1) * sum;
    uint32_t nc = group_cols(rows, count, k, hash, col);
    ank__free(hash);
    out->nstates = count;
    out->nclasses = nc;
    if (nc == k) { /* no columns merged: the rows are the table */
        out->next = rows;
        rows = NULL;
    } else {
        out->next = ank__malloc((size_t)count * (nc ? nc : 1) * 4);
    }
    out->accept = ank__calloc(count, 1);
    out->live = ank__calloc(count, 1);
    out->lo = ank__malloc(nint * 4);
    out->cls = ank__malloc(nint * 4);
    out->ranges = ank__malloc(nint * 2 * 4);
    out->rstart = ank__calloc(nc + 1, 4);
    if (!nc || !out->next || !out->accept || !out->live || !out->lo ||
        !out->cls || !out->ranges || !out->rstart)
        goto nomem;
    for (size_t s = 0; rows && s < count; s++)
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

/* ------------------------------------------------------ list tables */

/* The table slot of list s[0, n), hashed h: where it is, or where it
 * would go. */
static size_t tab_slot(const ank_dfa_tab *t, const uint32_t *s,
                       size_t n, uint32_t h)
{
    size_t mask = t->tcap - 1, at = h & mask;
    for (; t->table[at]; at = (at + 1) & mask) {
        uint32_t i = t->table[at] - 1;
        if (t->ent[i].hash == h && t->ent[i].len == n &&
            (n == 0 || !memcmp(t->pool + t->ent[i].off, s, n * 4)))
            break;
    }
    return at;
}

uint32_t ank__dfa_tab_find(const ank_dfa_tab *t, const uint32_t *s,
                           size_t n, uint32_t h)
{
    uint32_t i = t->tcap ? t->table[tab_slot(t, s, n, h)] : 0;
    return i ? t->ent[i - 1].val : ANK_RX_NONE;
}

bool ank__dfa_tab_add(ank_dfa_tab *t, const uint32_t *s, size_t n, uint32_t h,
                      uint32_t val)
{
    if (2 * (t->n + 1) > t->tcap) {
        size_t cap = t->tcap ? 2 * t->tcap : 64, mask = cap - 1;
        uint32_t *table = ank__calloc(cap, 4);
        if (!table)
            return false;
        ank__free(t->table);
        t->table = table;
        t->tcap = cap;
        for (size_t i = 0; i < t->n; i++) {
            if (t->ent[i].val == ANK_RX_NONE)
                continue;
            size_t at = t->ent[i].hash & mask; /* all distinct */
            while (table[at])
                at = (at + 1) & mask;
            table[at] = (uint32_t)i + 1;
        }
    }
    /* (the calls only when growing: this is per state and per step) */
    if ((t->n == t->cap &&
         !ank__array_reserve((void **)&t->ent, &t->cap, t->n, 1,
                             sizeof *t->ent)) ||
        (t->pcap - t->npool < n &&
         !ank__array_reserve((void **)&t->pool, &t->pcap, t->npool, n, 4)))
        return false;
    if (val != ANK_RX_NONE)
        t->table[tab_slot(t, s, n, h)] = (uint32_t)t->n + 1;
    if (n)
        memcpy(t->pool + t->npool, s, n * 4);
    t->ent[t->n].off = (uint32_t)t->npool;
    t->ent[t->n].len = (uint32_t)n;
    t->ent[t->n].hash = h;
    t->ent[t->n++].val = val;
    t->npool += n;
    return true;
}

/* ------------------------------------------- the finished automaton */

/* Fixpoint over the states, last to first (successors tend to come
 * later). */
void ank__dfa_find_live(ank_dfa *d)
{
    for (uint32_t s = 0; s < d->nstates; s++)
        d->live[s] = d->accept[s];
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t s = d->nstates; s-- > 0;) {
            for (uint32_t c = 0; !d->live[s] && c < d->nclasses; c++)
                if (d->live[d->next[(size_t)s * d->nclasses + c]])
                    d->live[s] = changed = true;
        }
    }
}

void ank__dfa_free(ank_dfa *d)
{
    if (!d)
        return;
    ank__free(d->next);
    ank__free(d->accept);
    ank__free(d->live);
    ank__free(d->lo);
    ank__free(d->cls);
    ank__free(d->ranges);
    ank__free(d->rstart);
    ank__free(d);
}

/* ------------------------------------------------------------ queries */

uint32_t ank__dfa_class_of(const ank_dfa *d, uint32_t cp)
{
    return d->cls[ank__dfa_interval_of(d->lo, d->nint, cp)];
}

bool ank__dfa_match(const ank_dfa *d, const char *s, size_t len)
{
    uint32_t state = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = ank__regex_utf8_next(s, len, &i);
        if (cp == ANK_RX_NONE) {
            cp = 0xFFFD;
            i++;
        }
        state = d->next[(size_t)state * d->nclasses +
                        ank__dfa_class_of(d, cp)];
    }
    return d->accept[state];
}

void ank__dfa_complement(ank_dfa *d)
{
    for (uint32_t s = 0; s < d->nstates; s++)
        d->accept[s] = !d->accept[s];
    ank__dfa_find_live(d);
}
