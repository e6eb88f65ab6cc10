/*
 * dfa.c - deterministic automata from regexes of the subset (regex.h):
 * Thompson NFA, subset construction, Moore minimisation, over an alphabet
 * of Unicode code point ranges.
 *
 * Invariants: the alphabet is first cut at every range boundary of every
 * class in the input, so an NFA character edge is a bitset of intervals;
 * after minimisation intervals whose columns agree merge into classes.
 * DFA state 0 is the start and is never shared with a later state: `^`
 * holds only there.  The NFA sets stored per DFA state hold only the
 * states that matter later (character edges, `$` edges, the final state).
 * In the contains form every state whose set holds the final state is
 * accepting and absorbing (whatever follows a match, the text contains
 * it).  Every size is bounded by the limits in dfa.h.
 */
#include "dfa.h"

#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "regex.h"
#include "sort.h"

#define NONE ANK_RX_NONE
#define MAX_CP 0x10FFFFu

/* ------------------------------------------------------------- NFA */

enum { S_EPS, S_SET, S_BOL, S_EOL };

typedef struct nst {
    uint8_t kind;
    uint32_t out, out2;
    uint32_t bits; /* S_SET: bitset index */
} nst;

typedef struct builder {
    ank_rx rx;
    uint32_t *bits;   /* per parse node: bitset index of a SET */
    ank_error *error;
    ank_status status;
    /* the alphabet: interval i is [cuts[i], cuts[i + 1] - 1] */
    uint32_t *cuts;
    size_t ncuts;
    size_t words; /* uint64_t per bitset */
    uint64_t *bitsets;
    nst *st;
    size_t nst, stcap;
    uint32_t start, accept;
    uint32_t *mark, gen, *stack; /* closure scratch */
} builder;

static bool bfail(builder *b, ank_status code, const char *what)
{
    if (b->status == ANK_OK)
        b->status = ank__fail(b->error, code, "%s", what);
    return false;
}

static bool nomem(builder *b)
{
    return bfail(b, ANK_ERR_NOMEM, "out of memory");
}

/* The interval holding code point cp: the last start <= cp. */
static uint32_t interval_of(const uint32_t *starts, size_t n, uint32_t cp)
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

/* Cut the alphabet at every range boundary and give each set its bitset. */
static bool cut_alphabet(builder *b)
{
    const ank_rx *rx = &b->rx;
    b->cuts = ank__malloc((2 * rx->nranges + 1) * sizeof(uint32_t));
    b->bits = ank__malloc((rx->nnodes + 1) * sizeof(uint32_t));
    if (!b->cuts || !b->bits)
        return nomem(b);
    size_t n = 0, sets = 0;
    b->cuts[n++] = 0;
    for (size_t i = 0; i < rx->nranges; i++) {
        b->cuts[n++] = rx->ranges[2 * i];
        if (rx->ranges[2 * i + 1] < MAX_CP)
            b->cuts[n++] = rx->ranges[2 * i + 1] + 1;
    }
    ank__sort_u32(b->cuts, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || b->cuts[i] != b->cuts[m - 1])
            b->cuts[m++] = b->cuts[i];
    b->ncuts = m;
    b->words = (m + 63) / 64;
    for (size_t i = 0; i < rx->nnodes; i++)
        sets += rx->nodes[i].kind == ANK_RX_SET;
    b->bitsets = ank__calloc(sets ? sets * b->words : 1, sizeof(uint64_t));
    if (!b->bitsets)
        return nomem(b);
    sets = 0;
    for (size_t i = 0; i < rx->nnodes; i++) {
        const ank_rx_node *x = &rx->nodes[i];
        b->bits[i] = NONE;
        if (x->kind != ANK_RX_SET)
            continue;
        b->bits[i] = (uint32_t)sets;
        uint64_t *w = b->bitsets + sets++ * b->words;
        for (uint32_t r = 0; r < x->rcount; r++) {
            uint32_t lo = rx->ranges[2 * (x->rstart + r)];
            uint32_t hi = rx->ranges[2 * (x->rstart + r) + 1];
            for (uint32_t k = interval_of(b->cuts, m, lo);
                 k < m && b->cuts[k] <= hi; k++)
                w[k / 64] |= (uint64_t)1 << (k % 64);
        }
    }
    return true;
}

static uint32_t nfa_new(builder *b, int kind)
{
    if (b->nst >= ANK_DFA_MAX_NFA_STATES) {
        bfail(b, ANK_ERR_LIMIT, "regex automaton exceeds 200000 NFA states "
                                "(large repetition bounds?)");
        return NONE;
    }
    if (b->nst == b->stcap) {
        size_t c = b->stcap ? 2 * b->stcap : 256;
        nst *st = ank__realloc(b->st, c * sizeof(nst));
        if (!st)
            return nomem(b), NONE;
        b->st = st;
        b->stcap = c;
    }
    nst *s = &b->st[b->nst];
    s->kind = (uint8_t)kind;
    s->out = s->out2 = s->bits = NONE;
    return (uint32_t)b->nst++;
}

/* Thompson fragment of parse node n: entry *s, exit *e (an S_EPS whose
 * `out` is free).  Recursion follows the parse tree, whose depth the
 * parser bounds. */
static bool frag(builder *b, uint32_t n, uint32_t *s, uint32_t *e)
{
    const ank_rx_node *x = &b->rx.nodes[n];
    const ank_rx_node *nodes = b->rx.nodes;
    uint32_t cs, ce;
    switch (x->kind) {
    case ANK_RX_SET:
    case ANK_RX_BOL:
    case ANK_RX_EOL: {
        uint32_t a = nfa_new(b, x->kind == ANK_RX_SET   ? S_SET
                                : x->kind == ANK_RX_BOL ? S_BOL
                                                        : S_EOL);
        uint32_t z = nfa_new(b, S_EPS);
        if (a == NONE || z == NONE)
            return false;
        b->st[a].out = z;
        b->st[a].bits = b->bits[n];
        *s = a;
        *e = z;
        return true;
    }
    case ANK_RX_CAT: {
        uint32_t last = NONE;
        for (uint32_t c = x->child; c != NONE; c = nodes[c].next) {
            if (!frag(b, c, &cs, &ce))
                return false;
            if (last == NONE)
                *s = cs;
            else
                b->st[last].out = cs;
            last = ce;
        }
        *e = last;
        return true;
    }
    case ANK_RX_ALT: {
        uint32_t z = nfa_new(b, S_EPS), split = NONE;
        if (z == NONE)
            return false;
        for (uint32_t c = x->child; c != NONE; c = nodes[c].next) {
            if (!frag(b, c, &cs, &ce))
                return false;
            b->st[ce].out = z;
            uint32_t entry = cs;
            if (nodes[c].next != NONE) { /* a split: this branch or on */
                entry = nfa_new(b, S_EPS);
                if (entry == NONE)
                    return false;
                b->st[entry].out = cs;
            }
            if (split == NONE)
                *s = entry;
            else
                b->st[split].out2 = entry;
            split = entry;
        }
        *e = z;
        return true;
    }
    default: { /* ANK_RX_REP: min copies, then a loop or optional copies */
        uint32_t cur = nfa_new(b, S_EPS), end = nfa_new(b, S_EPS);
        if (cur == NONE || end == NONE)
            return false;
        *s = cur;
        *e = end;
        for (uint32_t i = 0; i < x->min; i++) {
            if (!frag(b, x->child, &cs, &ce))
                return false;
            b->st[cur].out = cs;
            cur = ce;
        }
        for (uint32_t i = x->min; x->max == NONE || i < x->max; i++) {
            uint32_t split = nfa_new(b, S_EPS);
            if (split == NONE || !frag(b, x->child, &cs, &ce))
                return false;
            b->st[cur].out = split;
            b->st[split].out = cs;
            b->st[split].out2 = end;
            if (x->max == NONE) {
                b->st[ce].out = split;
                return true;
            }
            cur = ce;
        }
        b->st[cur].out = end;
        return true;
    }
    }
}

/* The closure of seeds[0, n) into out (sorted): the S_SET and S_EOL states
 * and the final state reached through empty moves (and `^` edges when
 * `bol`, `$` edges when `eol`).  Returns its size. */
static size_t closure(builder *b, const uint32_t *seeds, size_t n, bool bol,
                      bool eol, uint32_t *out)
{
    size_t sp = 0, m = 0;
    if (++b->gen == 0) {
        memset(b->mark, 0, b->nst * sizeof(uint32_t));
        b->gen = 1;
    }
    for (size_t i = 0; i < n; i++)
        if (b->mark[seeds[i]] != b->gen) {
            b->mark[seeds[i]] = b->gen;
            b->stack[sp++] = seeds[i];
        }
    while (sp) {
        uint32_t s = b->stack[--sp];
        const nst *x = &b->st[s];
        uint32_t next[2] = {NONE, NONE};
        if (x->kind == S_SET || (x->kind == S_EOL && !eol) ||
            s == b->accept)
            out[m++] = s;
        if (x->kind == S_EPS) {
            next[0] = x->out;
            next[1] = x->out2;
        } else if ((x->kind == S_BOL && bol) || (x->kind == S_EOL && eol)) {
            next[0] = x->out;
        }
        for (int k = 0; k < 2; k++)
            if (next[k] != NONE && b->mark[next[k]] != b->gen) {
                b->mark[next[k]] = b->gen;
                b->stack[sp++] = next[k];
            }
    }
    ank__sort_u32(out, m);
    return m;
}

/* ------------------------------------------------------------- DFA */

struct ank_dfa {
    uint32_t nstates, nclasses;
    uint32_t *next;      /* nstates * nclasses */
    uint8_t *accept, *live;
    uint32_t nint;       /* alphabet intervals, adjacent ones of one class
                            merged */
    uint32_t *lo, *cls;  /* interval i starts at lo[i], has class cls[i] */
    uint32_t *ranges;    /* class c: pairs rstart[c] .. rstart[c + 1] - 1 */
    uint32_t *rstart;
};

/* Subset construction. */
typedef struct subsets {
    uint32_t *pool;      /* the NFA sets, one after another */
    size_t npool, pcap;
    uint32_t *off, *len; /* per DFA state: its set in the pool */
    uint8_t *acc;
    uint32_t *trans;     /* n * ncuts */
    size_t n, cap;
    uint32_t *table;     /* open addressing: state + 1, 0 empty */
    size_t tcap;
} subsets;

static uint64_t hash_words(const uint32_t *s, size_t n, size_t step,
                           const uint32_t *map, uint64_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (map ? map[s[i * step]] : s[i * step])) * 1099511628211ull;
    return h;
}

static bool reserve_states(builder *b, subsets *d)
{
    if (d->n < d->cap)
        return true;
    size_t c = d->cap ? 2 * d->cap : 64, k = b->ncuts;
    uint32_t *off = ank__realloc(d->off, c * 4);
    if (off)
        d->off = off;
    uint32_t *len = ank__realloc(d->len, c * 4);
    if (len)
        d->len = len;
    uint8_t *acc = ank__realloc(d->acc, c);
    if (acc)
        d->acc = acc;
    uint32_t *tr = ank__realloc(d->trans, c * k * 4);
    if (tr)
        d->trans = tr;
    if (!off || !len || !acc || !tr)
        return nomem(b);
    d->cap = c;
    return true;
}

/* The DFA state of NFA set s[0, n) (sorted), made when new; NONE on
 * failure.  `shared`: found again when met again (all but the start). */
static uint32_t intern(builder *b, subsets *d, const uint32_t *s, size_t n,
                       bool shared)
{
    size_t mask = d->tcap - 1;
    size_t h = (size_t)hash_words(s, n, 1, NULL, 14695981039346656037ull) &
               mask;
    for (; shared && d->table[h]; h = (h + 1) & mask) {
        uint32_t t = d->table[h] - 1;
        if (d->len[t] == n &&
            (n == 0 || !memcmp(d->pool + d->off[t], s, n * 4)))
            return t;
    }
    if (d->n >= ANK_DFA_MAX_STATES)
        return bfail(b, ANK_ERR_LIMIT, "regex automaton exceeds 4096 "
                                       "states"), NONE;
    if (!reserve_states(b, d))
        return NONE;
    if (d->npool + n > d->pcap) {
        size_t c = 2 * (d->pcap + n);
        uint32_t *pool = ank__realloc(d->pool, c * 4);
        if (!pool)
            return nomem(b), NONE;
        d->pool = pool;
        d->pcap = c;
    }
    uint32_t id = (uint32_t)d->n++;
    if (n)
        memcpy(d->pool + d->npool, s, n * 4);
    d->off[id] = (uint32_t)d->npool;
    d->len[id] = (uint32_t)n;
    d->npool += n;
    if (shared)
        d->table[h] = id + 1;
    return id;
}

/* The final state is the NFA's largest, so the last of a sorted set. */
static bool has_accept(const builder *b, const uint32_t *s, size_t n)
{
    return n && s[n - 1] == b->accept;
}

/* Does state t accept when the input ends there: its set reaches the
 * final state through `$` edges (and `^` ones at the start)? */
static bool accepts_at_end(builder *b, const subsets *d, uint32_t t,
                           uint32_t *tmp)
{
    size_t m = closure(b, d->pool + d->off[t], d->len[t], t == 0, true, tmp);
    return has_accept(b, tmp, m);
}

/* Build every state reachable from the start, breadth first. */
static bool construct(builder *b, subsets *d, bool contains)
{
    size_t k = b->ncuts, nnfa = b->nst;
    uint32_t *seeds = ank__malloc((nnfa + 1) * 4);
    uint32_t *prev = ank__malloc((nnfa + 1) * 4);
    uint32_t *set = ank__malloc((nnfa + 1) * 4);
    uint32_t sink = NONE;
    bool ok = false;
    if (!seeds || !prev || !set) {
        nomem(b);
        goto done;
    }
    size_t m = closure(b, &b->start, 1, true, false, set);
    if (intern(b, d, set, m, false) == NONE)
        goto done;
    for (uint32_t t = 0; t < d->n; t++) {
        bool matched =
            contains && has_accept(b, d->pool + d->off[t], d->len[t]);
        d->acc[t] = matched || accepts_at_end(b, d, t, set);
        if (matched) { /* whatever follows a match, the text contains it */
            for (size_t i = 0; i < k; i++)
                d->trans[t * k + i] = t;
            continue;
        }
        size_t nprev = SIZE_MAX;
        uint32_t target = NONE;
        for (size_t i = 0; i < k; i++) {
            const uint32_t *s = d->pool + d->off[t];
            size_t ns = 0;
            for (uint32_t j = 0; j < d->len[t]; j++) {
                const nst *x = &b->st[s[j]];
                if (x->kind == S_SET &&
                    (b->bitsets[x->bits * b->words + i / 64] >> (i % 64) & 1))
                    seeds[ns++] = x->out;
            }
            if (contains) /* a match may start anywhere */
                seeds[ns++] = b->start;
            /* neighbouring intervals often move alike */
            if (ns != nprev || memcmp(seeds, prev, ns * 4) != 0) {
                m = closure(b, seeds, ns, false, false, set);
                if (contains && has_accept(b, set, m)) {
                    if (sink == NONE)
                        sink = intern(b, d, &b->accept, 1, true);
                    target = sink;
                } else {
                    target = intern(b, d, set, m, true);
                }
                if (target == NONE)
                    goto done;
                memcpy(prev, seeds, ns * 4);
                nprev = ns;
            }
            d->trans[t * k + i] = target;
        }
    }
    ok = true;
done:
    ank__free(seeds);
    ank__free(prev);
    ank__free(set);
    return ok;
}

/* ------------------------------------------------------ minimisation */

/*
 * Number the n rows into classes of equal rows, in order of first
 * appearance, into cls[].  Row r is (base[r] when base is set, then
 * map[e[i * step]] for i < width, where e = entries + r * stride; no map:
 * the entries themselves).  Returns the class count, 0 when out of memory.
 */
static uint32_t group_rows(size_t n, const uint32_t *base,
                           const uint32_t *entries, size_t stride,
                           size_t width, size_t step, const uint32_t *map,
                           uint32_t *cls)
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
        uint64_t h = hash_words(e, width, step, map,
                                base ? base[r] : 14695981039346656037ull);
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
            if (base && base[rep[c]] != base[r])
                continue;
            while (i < width && (map ? map[f[i * step]] == map[e[i * step]]
                                     : f[i * step] == e[i * step]))
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

/* Moore: split accepting from rejecting, refine by successors until
 * stable; then merge the alphabet intervals whose columns agree. */
static ank_dfa *minimize(builder *b, const subsets *d)
{
    size_t n = d->n, k = b->ncuts;
    uint32_t *cls = ank__malloc(n * 4), *tmp = ank__malloc(n * 4);
    uint32_t *col = ank__malloc(k * 4), *rows = NULL;
    ank_dfa *out = ank__calloc(1, sizeof *out);
    uint32_t count = 0, c;
    if (!cls || !tmp || !col || !out)
        goto nomem;
    for (size_t s = 0; s < n; s++) {
        cls[s] = d->acc[s] != d->acc[0];
        count = cls[s] + 1 > count ? cls[s] + 1 : count;
    }
    while ((c = group_rows(n, cls, d->trans, k, k, 1, cls, tmp)) != count) {
        if (!c)
            goto nomem;
        memcpy(cls, tmp, n * 4);
        count = c;
    }
    rows = ank__malloc((size_t)count * k * 4);
    if (!rows)
        goto nomem;
    for (size_t s = 0; s < n; s++)
        for (size_t i = 0; i < k; i++)
            rows[(size_t)cls[s] * k + i] = cls[d->trans[s * k + i]];
    uint32_t nc = group_rows(k, NULL, rows, 1, count, k, NULL, col);
    out->nstates = count;
    out->nclasses = nc;
    out->next = ank__malloc((size_t)count * (nc ? nc : 1) * 4);
    out->accept = ank__calloc(count, 1);
    out->live = ank__calloc(count, 1);
    out->lo = ank__malloc(k * 4);
    out->cls = ank__malloc(k * 4);
    out->ranges = ank__malloc(k * 2 * 4);
    out->rstart = ank__calloc(nc + 1, 4);
    if (!nc || !out->next || !out->accept || !out->live || !out->lo ||
        !out->cls || !out->ranges || !out->rstart)
        goto nomem;
    for (size_t s = 0; s < count; s++)
        for (size_t i = 0; i < k; i++)
            out->next[s * nc + col[i]] = rows[s * k + i];
    for (size_t s = 0; s < n; s++)
        out->accept[cls[s]] = d->acc[s];
    for (size_t i = 0; i < k; i++)
        if (out->nint == 0 || out->cls[out->nint - 1] != col[i]) {
            out->lo[out->nint] = b->cuts[i];
            out->cls[out->nint++] = col[i];
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
    nomem(b);
    ank__dfa_free(out);
    out = NULL;
done:
    ank__free(cls);
    ank__free(tmp);
    ank__free(col);
    ank__free(rows);
    return out;
}

/* live[s]: an accepting state can be reached from s.  Fixpoint over the
 * states, last to first (successors tend to come later). */
static void compute_live(ank_dfa *d)
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

/* The NFA of all the regexes: a split over their fragments, each ending in
 * the final state, made last so that it has the largest index. */
static bool build_nfa(builder *b, const uint32_t *roots, size_t n)
{
    uint32_t *exits = ank__malloc((n + 1) * 4), *entries = NULL;
    bool ok = exits != NULL;
    if (ok)
        entries = ank__malloc((n + 1) * 4);
    ok = ok && entries;
    if (!ok)
        nomem(b);
    for (size_t i = 0; ok && i < n; i++)
        ok = frag(b, roots[i], &entries[i], &exits[i]);
    uint32_t split = ok ? nfa_new(b, S_EPS) : NONE;
    b->start = split;
    for (size_t i = 0; split != NONE && i < n; i++) {
        b->st[split].out = entries[i];
        if (i + 2 < n) {
            uint32_t next = nfa_new(b, S_EPS);
            b->st[split].out2 = next;
            split = next;
        } else if (i + 1 < n) {
            b->st[split].out2 = entries[i + 1];
            break;
        }
    }
    b->accept = split != NONE ? nfa_new(b, S_EPS) : NONE;
    ok = b->accept != NONE;
    for (size_t i = 0; ok && i < n; i++)
        b->st[exits[i]].out = b->accept;
    ank__free(exits);
    ank__free(entries);
    return ok;
}

ank_status ank__dfa_build(const char *const *regexes, size_t n, bool anchored,
                          ank_dfa **out, ank_error *error)
{
    builder b;
    subsets d;
    memset(&b, 0, sizeof b);
    memset(&d, 0, sizeof d);
    b.error = error;
    *out = NULL;
    uint32_t *roots = ank__malloc((n + 1) * sizeof(uint32_t));
    if (!roots)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n && b.status == ANK_OK; i++)
        b.status = ank__regex_parse(&b.rx, regexes[i], &roots[i], error);
    if (b.status == ANK_OK && cut_alphabet(&b) && build_nfa(&b, roots, n)) {
        b.mark = ank__calloc(b.nst, 4);
        b.stack = ank__malloc(b.nst * 4);
        d.tcap = 2 * ANK_DFA_MAX_STATES;
        d.table = ank__calloc(d.tcap, 4);
        d.pcap = 256;
        d.pool = ank__malloc(d.pcap * 4);
        if (!b.mark || !b.stack || !d.table || !d.pool)
            nomem(&b);
        else if (construct(&b, &d, !anchored))
            *out = minimize(&b, &d);
        if (*out)
            compute_live(*out);
    }
    ank__free(roots);
    ank__regex_release(&b.rx);
    ank__free(b.bits);
    ank__free(b.cuts);
    ank__free(b.bitsets);
    ank__free(b.st);
    ank__free(b.mark);
    ank__free(b.stack);
    ank__free(d.pool);
    ank__free(d.off);
    ank__free(d.len);
    ank__free(d.acc);
    ank__free(d.trans);
    ank__free(d.table);
    return b.status;
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
    return d->cls[interval_of(d->lo, d->nint, cp)];
}

bool ank__dfa_match(const ank_dfa *d, const char *s, size_t len)
{
    uint32_t state = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = ank__regex_utf8_next(s, len, &i);
        if (cp == NONE) {
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
    compute_live(d);
}

uint32_t ank__dfa_nstates(const ank_dfa *d) { return d->nstates; }
uint32_t ank__dfa_nclasses(const ank_dfa *d) { return d->nclasses; }

const uint32_t *ank__dfa_class_ranges(const ank_dfa *d, uint32_t cls,
                                      size_t *nranges)
{
    *nranges = d->rstart[cls + 1] - d->rstart[cls];
    return d->ranges + 2 * d->rstart[cls];
}

uint32_t ank__dfa_next(const ank_dfa *d, uint32_t state, uint32_t cls)
{
    return d->next[(size_t)state * d->nclasses + cls];
}

bool ank__dfa_accepting(const ank_dfa *d, uint32_t state)
{
    return d->accept[state];
}

bool ank__dfa_live(const ank_dfa *d, uint32_t state) { return d->live[state]; }
