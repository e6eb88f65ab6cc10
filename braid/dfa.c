/*
 * dfa.c - deterministic automata from regexes of the subset (regex.h):
 * Thompson NFA, subset construction, Hopcroft minimisation, over an
 * alphabet of Unicode code point ranges.
 *
 * Invariants: the alphabet is first cut at every range boundary of every
 * class in the input, and intervals that every class treats alike share a
 * column, so an NFA character edge is a bitset of columns; after
 * minimisation columns that agree merge into classes.
 * DFA state 0 is the start and is never shared with a later state: `^`
 * holds only there.  The NFA sets stored per DFA state hold only the
 * states that matter later (character edges, `$` edges, the final state).
 * In the contains form every state whose set holds the final state is
 * accepting and absorbing (whatever follows a match, the text contains
 * it).  Every size is bounded by the limits in dfa.h.
 */
#include "dfa.h"
#include "dfa_min.h"

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
    /* the alphabet: interval i is [cuts[i], cuts[i + 1] - 1], in column
     * icol[i]; intervals that every set treats alike share a column */
    uint32_t *cuts, *icol;
    size_t ncuts, ncols;
    size_t words; /* uint64_t per bitset (of columns) */
    uint64_t *bitsets;
    nst *st;
    size_t nst, stcap;
    uint32_t start, accept;
    /* closure scratch: bitsets of nwords words over the NFA states */
    uint64_t *seen, *kept;
    size_t nwords;
    uint32_t *stack;
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

static bool has_bit(const uint64_t *w, size_t i)
{
    return w[i / 64] >> (i % 64) & 1;
}

static void set_bit(uint64_t *w, size_t i)
{
    w[i / 64] |= (uint64_t)1 << (i % 64);
}

static uint64_t hash_words(const uint32_t *s, size_t n, size_t step)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i * step]) * 1099511628211ull;
    return h ^ (h >> 32);
}

/*
 * Number the n rows into classes of equal rows, in order of first
 * appearance, into cls[].  Row r is e[i * step] for i < width, where e =
 * entries + r * stride.  Returns the class count, 0 when out of memory.
 */
static uint32_t group_rows(size_t n, const uint32_t *entries, size_t stride,
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
        uint64_t h = hash_words(e, width, step);
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

/* Cut the alphabet at every range boundary, give intervals that every
 * set treats alike one column (numbered in order of first interval, so the
 * automaton is the one the intervals would give: fewer columns to walk in
 * construction and minimisation), and give each set its bitset of
 * columns. */
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
    for (size_t i = 0; i < rx->nnodes; i++)
        sets += rx->nodes[i].kind == ANK_RX_SET;
    size_t w = sets ? (sets + 31) / 32 : 1; /* per interval: its sets */
    uint32_t *rows = ank__calloc(m * w, 4);
    b->icol = ank__malloc(m * 4);
    if (!rows || !b->icol) {
        ank__free(rows);
        return nomem(b);
    }
    sets = 0;
    for (size_t i = 0; i < rx->nnodes; i++) {
        const ank_rx_node *x = &rx->nodes[i];
        b->bits[i] = x->kind == ANK_RX_SET ? (uint32_t)sets++ : NONE;
        for (uint32_t r = 0; x->kind == ANK_RX_SET && r < x->rcount; r++) {
            uint32_t lo = rx->ranges[2 * (x->rstart + r)];
            uint32_t hi = rx->ranges[2 * (x->rstart + r) + 1];
            for (uint32_t k = interval_of(b->cuts, m, lo);
                 k < m && b->cuts[k] <= hi; k++)
                rows[k * w + b->bits[i] / 32] |= 1u << (b->bits[i] % 32);
        }
    }
    b->ncols = group_rows(m, rows, w, w, 1, b->icol);
    b->words = (b->ncols + 63) / 64;
    if (b->ncols)
        b->bitsets = ank__calloc(sets ? sets * b->words : 1, 8);
    for (size_t i = 0; b->bitsets && i < m; i++)
        for (size_t s = 0; s < sets; s++)
            if (rows[i * w + s / 32] >> (s % 32) & 1)
                set_bit(b->bitsets + s * b->words, b->icol[i]);
    ank__free(rows);
    return b->bitsets ? true : nomem(b);
}

static uint32_t nfa_new(builder *b, int kind)
{
    if (b->nst >= ANK_DFA_MAX_NFA_STATES) {
        bfail(b, ANK_ERR_LIMIT, "regex automaton exceeds 200000 NFA states "
                                "(large repetition bounds?)");
        return NONE;
    }
    if (!ank__array_reserve((void **)&b->st, &b->stcap, b->nst, 1,
                            sizeof(nst)))
        return nomem(b), NONE;
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
    size_t sp = 0, m = 0, w = b->nwords;
    uint64_t *seen = b->seen, *kept = b->kept;
    memset(seen, 0, 2 * w * sizeof *seen); /* kept follows seen */
    for (size_t i = 0; i < n; i++)
        if (!has_bit(seen, seeds[i])) {
            set_bit(seen, seeds[i]);
            b->stack[sp++] = seeds[i];
        }
    while (sp) {
        uint32_t s = b->stack[--sp];
        const nst *x = &b->st[s];
        uint32_t next[2] = {NONE, NONE};
        if (x->kind == S_SET || (x->kind == S_EOL && !eol) ||
            s == b->accept)
            set_bit(kept, s);
        if (x->kind == S_EPS) {
            next[0] = x->out;
            next[1] = x->out2;
        } else if ((x->kind == S_BOL && bol) || (x->kind == S_EOL && eol)) {
            next[0] = x->out;
        }
        for (int k = 0; k < 2; k++)
            if (next[k] != NONE && !has_bit(seen, next[k])) {
                set_bit(seen, next[k]);
                b->stack[sp++] = next[k];
            }
    }
    for (size_t k = 0; k < w; k++)
        for (uint64_t bits = kept[k]; bits; bits &= bits - 1)
            out[m++] = (uint32_t)(k * 64 + (size_t)__builtin_ctzll(bits));
    return m;
}

/* ------------------------------------------------------------- DFA */

/* Lists of NFA states found again by content: list i is pool[ent[i].off
 * ..] of ent[i].len, with value ent[i].val; those of value NONE are not
 * found. */
typedef struct settab {
    uint32_t *pool;
    struct { uint32_t off, len, val; } *ent;
    size_t npool, pcap, n, cap;
    uint32_t *table; /* open addressing, at most half full: list + 1 */
    size_t tcap;
} settab;

/* Subset construction: DFA state i has the NFA set states[i]; `memo`
 * maps the NFA states some set moves to on a column (before the closure)
 * to the state they lead to. */
typedef struct subsets {
    settab states, memo;
    uint8_t *acc;
    uint32_t *trans; /* states.n * ncols */
    size_t acap, trcap;
} subsets;

/* The table slot of list s[0, n): where it is, or where it would go. */
static size_t tab_slot(const settab *t, const uint32_t *s, size_t n)
{
    size_t mask = t->tcap - 1, h = (size_t)hash_words(s, n, 1) & mask;
    for (; t->table[h]; h = (h + 1) & mask) {
        uint32_t i = t->table[h] - 1;
        if (t->ent[i].len == n &&
            (n == 0 || !memcmp(t->pool + t->ent[i].off, s, n * 4)))
            break;
    }
    return h;
}

/* The value of list s[0, n), or NONE. */
static uint32_t tab_find(const settab *t, const uint32_t *s, size_t n)
{
    uint32_t i = t->tcap ? t->table[tab_slot(t, s, n)] : 0;
    return i ? t->ent[i - 1].val : NONE;
}

/* Add list s[0, n) with value `val`; false when out of memory. */
static bool tab_add(builder *b, settab *t, const uint32_t *s, size_t n,
                    uint32_t val)
{
    if (2 * (t->n + 1) > t->tcap) {
        uint32_t *table = ank__calloc(t->tcap ? 2 * t->tcap : 64, 4);
        if (!table)
            return nomem(b);
        ank__free(t->table);
        t->table = table;
        t->tcap = t->tcap ? 2 * t->tcap : 64;
        for (size_t i = 0; i < t->n; i++)
            if (t->ent[i].val != NONE)
                t->table[tab_slot(t, t->pool + t->ent[i].off,
                                  t->ent[i].len)] = (uint32_t)i + 1;
    }
    if (!ank__array_reserve((void **)&t->ent, &t->cap, t->n, 1,
                            sizeof *t->ent) ||
        !ank__array_reserve((void **)&t->pool, &t->pcap, t->npool, n, 4))
        return nomem(b);
    if (val != NONE)
        t->table[tab_slot(t, s, n)] = (uint32_t)t->n + 1;
    if (n)
        memcpy(t->pool + t->npool, s, n * 4);
    t->ent[t->n].off = (uint32_t)t->npool;
    t->ent[t->n].len = (uint32_t)n;
    t->ent[t->n++].val = val;
    t->npool += n;
    return true;
}

/* The DFA state of NFA set s[0, n) (sorted), made when new; NONE on
 * failure.  `shared`: found again when met again (all but the start). */
static uint32_t intern(builder *b, subsets *d, const uint32_t *s, size_t n,
                       bool shared)
{
    uint32_t id = shared ? tab_find(&d->states, s, n) : NONE;
    if (id != NONE)
        return id;
    if (d->states.n >= ANK_DFA_MAX_STATES)
        return bfail(b, ANK_ERR_LIMIT, "regex automaton exceeds 4096 "
                                       "states"), NONE;
    id = (uint32_t)d->states.n;
    if (!ank__array_reserve((void **)&d->acc, &d->acap, id, 1, 1) ||
        !ank__array_reserve((void **)&d->trans, &d->trcap, id, 1,
                            b->ncols * 4))
        return nomem(b), NONE;
    return tab_add(b, &d->states, s, n, shared ? id : NONE) ? id : NONE;
}

/* The final state is the NFA's largest, so the last of a sorted set. */
static bool has_accept(const builder *b, const uint32_t *s, size_t n)
{
    return n && s[n - 1] == b->accept;
}

/* The state that moved[0, n) lead to (made when new; the start state
 * joins them in the contains form); NONE on failure.  `seeds` is
 * scratch of n + 1 entries. */
static uint32_t step(builder *b, subsets *d, bool contains,
                     const uint32_t *moved, size_t n, uint32_t *seeds,
                     uint32_t *set, uint32_t *sink)
{
    uint32_t target = tab_find(&d->memo, moved, n);
    if (target != NONE)
        return target;
    if (n)
        memcpy(seeds, moved, n * 4);
    if (contains) /* a match may start anywhere */
        seeds[n++] = b->start;
    size_t m = closure(b, seeds, n, false, false, set);
    if (contains && has_accept(b, set, m)) {
        if (*sink == NONE)
            *sink = intern(b, d, &b->accept, 1, true);
        target = *sink;
    } else {
        target = intern(b, d, set, m, true);
    }
    if (target != NONE && !tab_add(b, &d->memo, seeds, n - contains, target))
        target = NONE;
    return target;
}

/* The NFA states that the set s[0, n) moves to on each column: column
 * i's are out[at[i] .. at[i + 1]), in set order (so sorted as step()
 * expects them).  Walks each member's columns once rather than every
 * member per column.  False when out of memory. */
static bool moves(builder *b, const uint32_t *s, size_t n, uint32_t *at,
                  uint32_t **out, size_t *cap)
{
    size_t k = b->ncols, w = b->words, total = 0;
    memset(at, 0, (k + 1) * sizeof *at);
    for (size_t j = 0; j < n; j++) {
        const nst *x = &b->st[s[j]];
        if (x->kind != S_SET)
            continue;
        const uint64_t *bits = b->bitsets + x->bits * w;
        for (size_t v = 0; v < w; v++)
            for (uint64_t m = bits[v]; m; m &= m - 1)
                at[v * 64 + (size_t)__builtin_ctzll(m) + 1]++;
    }
    for (size_t i = 0; i < k; i++)
        total += at[i + 1], at[i + 1] = (uint32_t)total - at[i + 1];
    /* at[i + 1] is now where column i starts; filling moves it to where
     * column i ends, which is where column i + 1 starts */
    if (!ank__array_reserve((void **)out, cap, 0, total + 1, 4))
        return nomem(b);
    for (size_t j = 0; j < n; j++) {
        const nst *x = &b->st[s[j]];
        if (x->kind != S_SET)
            continue;
        const uint64_t *bits = b->bitsets + x->bits * w;
        for (size_t v = 0; v < w; v++)
            for (uint64_t m = bits[v]; m; m &= m - 1)
                (*out)[at[v * 64 + (size_t)__builtin_ctzll(m) + 1]++] = x->out;
    }
    return true;
}

/* Build every state reachable from the start, breadth first. */
static bool construct(builder *b, subsets *d, bool contains)
{
    size_t k = b->ncols, mcap = 0;
    uint32_t *seeds = ank__malloc((b->nst + 2) * 4);
    uint32_t *set = ank__malloc((b->nst + 1) * 4);
    uint32_t *at = ank__malloc((k + 1) * 4), *mv = NULL;
    uint32_t sink = NONE, none = NONE; /* none: where no move leads */
    const settab *st = &d->states;
    bool ok = seeds && set && at;
    if (!ok)
        nomem(b);
    size_t m = ok ? closure(b, &b->start, 1, true, false, set) : 0;
    ok = ok && intern(b, d, set, m, false) != NONE;
    for (uint32_t t = 0; ok && t < st->n; t++) {
        const uint32_t *s = st->pool + st->ent[t].off;
        bool matched = contains && has_accept(b, s, st->ent[t].len);
        /* accepting at the end: the set reaches the final state through
         * `$` edges (and `^` ones at the start) */
        d->acc[t] = matched ||
                    has_accept(b, set, closure(b, s, st->ent[t].len, t == 0,
                                               true, set));
        if (matched) { /* whatever follows a match, the text contains it */
            for (size_t i = 0; i < k; i++)
                d->trans[t * k + i] = t;
            continue;
        }
        ok = moves(b, s, st->ent[t].len, at, &mv, &mcap);
        for (size_t i = 0; i < k && ok; i++) {
            size_t from = i ? at[i] : 0, ns = at[i + 1] - from;
            size_t prev = i > 1 ? at[i - 1] : 0;
            uint32_t target;
            /* the same moves as the column before, or none: known */
            if (i && ns == from - prev && !memcmp(mv + prev, mv + from, ns * 4))
                target = d->trans[t * k + i - 1];
            else if (ns == 0 && none != NONE)
                target = none;
            else
                target = step(b, d, contains, mv + from, ns, seeds, set,
                              &sink);
            if (ns == 0)
                none = target;
            ok = target != NONE;
            d->trans[t * k + i] = target;
        }
    }
    ank__free(seeds);
    ank__free(set);
    ank__free(at);
    ank__free(mv);
    return ok;
}

/* ------------------------------------------------------ minimisation */

/* Minimise (dfa_min.c), then merge the alphabet columns that agree. */
static ank_dfa *minimize(builder *b, const subsets *d)
{
    size_t n = d->states.n, k = b->ncols, nint = b->ncuts;
    uint32_t *cls = ank__malloc(n * 4);
    uint32_t *col = ank__malloc(k * 4), *rows = NULL;
    ank_dfa *out = ank__calloc(1, sizeof *out);
    uint32_t count;
    if (!cls || !col || !out || !(count = ank__dfa_refine(n, k, d->trans, d->acc, cls)))
        goto nomem;
    rows = ank__malloc((size_t)count * k * 4);
    if (!rows)
        goto nomem;
    for (size_t s = 0; s < n; s++)
        for (size_t i = 0; i < k; i++)
            rows[(size_t)cls[s] * k + i] = cls[d->trans[s * k + i]];
    uint32_t nc = group_rows(k, rows, 1, count, k, col);
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
        out->accept[cls[s]] = d->acc[s];
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
    nomem(b);
    ank__dfa_free(out);
    out = NULL;
done:
    ank__free(cls);
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
        b.nwords = (b.nst + 63) / 64;
        b.seen = ank__calloc(2 * b.nwords, sizeof(uint64_t));
        b.kept = b.seen ? b.seen + b.nwords : NULL;
        b.stack = ank__malloc(b.nst * 4);
        if (!b.seen || !b.stack)
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
    ank__free(b.icol);
    ank__free(b.seen);
    ank__free(b.stack);
    settab *tabs[2] = {&d.states, &d.memo};
    for (int i = 0; i < 2; i++) {
        ank__free(tabs[i]->pool);
        ank__free(tabs[i]->ent);
        ank__free(tabs[i]->table);
    }
    ank__free(d.acc);
    ank__free(d.trans);
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
