/*
 * dfa.c - deterministic automata from regexes of the subset (regex.h):
 * Thompson NFA, subset construction, then Hopcroft minimisation, over an
 * alphabet of Unicode code point ranges (both in dfa_min.c).
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
 * it), and every other set holds the closure of the start, whose moves
 * are found once (see `base`): a state moves on the columns only they
 * move on to a default target, and only its other members' columns are
 * stepped and kept (the sparse rows ank__dfa_minimize takes).  States are
 * numbered in the order a breadth-first walk over the columns meets
 * them.  Every size is bounded by the limits in dfa.h.
 */
#include "dfa.h"
#include "dfa_min.h"

#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "regex.h"

#define NONE ANK_RX_NONE

/* ------------------------------------------------------------- NFA */

enum { S_EPS, S_SET, S_BOL, S_EOL };

typedef struct nst {
    uint8_t kind;
    uint32_t out, out2;
    uint32_t bits; /* S_SET: bitset index */
} nst;

typedef struct builder {
    ank_rx rx;
    ank_error *error;
    ank_status status;
    ank_dfa_alpha al;
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

static bool has_bit(const uint64_t *w, size_t i)
{
    return w[i / 64] >> (i % 64) & 1;
}

static void set_bit(uint64_t *w, size_t i)
{
    w[i / 64] |= (uint64_t)1 << (i % 64);
}

static uint32_t nfa_new(builder *b, int kind)
{
    if (b->nst >= ANK_DFA_MAX_NFA_STATES) {
        bfail(b, ANK_ERR_LIMIT, "regex automaton exceeds 200000 NFA states "
                                "(large repetition bounds?)");
        return NONE;
    }
    if (b->nst == b->stcap &&
        !ank__array_reserve((void **)&b->st, &b->stcap, b->nst, 1,
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
        b->st[a].bits = b->al.bits[n];
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

/* The closure of seeds[0, n) and more[0, nmore) into out (sorted): the
 * S_SET and S_EOL states and the final state reached through empty moves
 * (and `^` edges when `bol`, `$` edges when `eol`).  `init` (seen, then
 * kept: 2 * nwords words) is a closure to extend, or NULL.  Returns its
 * size. */
static size_t closure(builder *b, const uint32_t *seeds, size_t n,
                      const uint32_t *more, size_t nmore, bool bol, bool eol,
                      const uint64_t *init, uint32_t *out)
{
    size_t sp = 0, m = 0, w = b->nwords;
    uint64_t *seen = b->seen, *kept = b->kept;
    if (init) /* kept follows seen */
        memcpy(seen, init, 2 * w * sizeof *seen);
    else
        memset(seen, 0, 2 * w * sizeof *seen);
    for (size_t i = 0; i < n + nmore; i++) {
        uint32_t x = i < n ? seeds[i] : more[i - n];
        if (!has_bit(seen, x)) {
            set_bit(seen, x);
            b->stack[sp++] = x;
        }
    }
    while (sp) {
        uint32_t s = b->stack[--sp], next = NONE, next2 = NONE;
        const nst *x = &b->st[s];
        switch (x->kind) {
        case S_EPS:
            if (s == b->accept)
                set_bit(kept, s);
            next = x->out, next2 = x->out2;
            break;
        case S_SET:
            set_bit(kept, s);
            break;
        case S_BOL:
            next = bol ? x->out : NONE;
            break;
        default: /* S_EOL */
            if (eol)
                next = x->out;
            else
                set_bit(kept, s);
        }
        if (next != NONE && !has_bit(seen, next)) {
            set_bit(seen, next);
            b->stack[sp++] = next;
        }
        if (next2 != NONE && !has_bit(seen, next2)) {
            set_bit(seen, next2);
            b->stack[sp++] = next2;
        }
    }
    for (size_t k = 0; k < w; k++)
        for (uint64_t bits = kept[k]; bits; bits &= bits - 1)
            out[m++] = (uint32_t)(k * 64 + (size_t)__builtin_ctzll(bits));
    return m;
}

/* ------------------------------------------------------------- DFA */

/* Subset construction: DFA state i has the NFA set states[i]; `memo`
 * maps a base class and the NFA states the other members of some set
 * move to on a column of that class (before the closure) to the state
 * they lead to.  The moves are kept sparse: state t moves on column a to
 * dflt[a] but for its exceptions j in estart[t] .. estart[t + 1] - 1
 * (ecol[j] ascending), on ecol[j] to etgt[j]. */
typedef struct subsets {
    ank_dfa_tab states, memo;
    uint8_t *acc;
    uint32_t *estart; /* states.n + 1 */
    uint32_t *ecol;
    uint16_t *etgt;   /* states fit 16 bits: ANK_DFA_MAX_STATES */
    uint32_t *dflt;   /* per column: the target when only the start's
                         members move (NONE when never needed) */
    size_t acap, escap, ne, ecap;
} subsets;

static uint32_t tab_hash(const uint32_t *s, size_t n)
{
    return (uint32_t)ank__dfa_hash_words(s, n, 1);
}

static bool tab_add(builder *b, ank_dfa_tab *t, const uint32_t *s,
                    size_t n, uint32_t h, uint32_t val)
{
    return ank__dfa_tab_add(t, s, n, h, val) || nomem(b);
}

/* The DFA state of NFA set s[0, n) (sorted), made when new; NONE on
 * failure.  `shared`: found again when met again (all but the start). */
static uint32_t intern(builder *b, subsets *d, const uint32_t *s, size_t n,
                       bool shared)
{
    uint32_t h = tab_hash(s, n);
    uint32_t id = shared ? ank__dfa_tab_find(&d->states, s, n, h) : NONE;
    if (id != NONE)
        return id;
    if (d->states.n >= ANK_DFA_MAX_STATES)
        return bfail(b, ANK_ERR_LIMIT, "regex automaton exceeds 4096 "
                                       "states"), NONE;
    id = (uint32_t)d->states.n;
    if ((id == d->acap &&
         !ank__array_reserve((void **)&d->acc, &d->acap, id, 1, 1)) ||
        (id + 1 >= d->escap &&
         !ank__array_reserve((void **)&d->estart, &d->escap, id + 1, 1,
                             4)))
        return nomem(b), NONE;
    return tab_add(b, &d->states, s, n, h, shared ? id : NONE) ? id : NONE;
}

/* The final state is the NFA's largest, so the last of a sorted set. */
static bool has_accept(const builder *b, const uint32_t *s, size_t n)
{
    return n && s[n - 1] == b->accept;
}

/*
 * In the contains form every set but the sink's holds the closure of the
 * start (a match may start anywhere), whose members move alike from every
 * state: a state's moves on a column are the start's (its base moves)
 * and those of its other members.  So those are found once: `init` holds
 * the start's closure, columns with equal base moves share a base class,
 * and a column's target is found by its base class and the other
 * members' moves (a step).  The anchored form has no base (one empty
 * base class).
 */
typedef struct base {
    uint64_t *init;  /* seen, then kept: 2 * nwords words; NULL: none */
    uint32_t *bc;    /* per column, its base class */
    ank_dfa_tab moves; /* base class c: entry c, its base moves */
    uint32_t *empty; /* per base class: the target when no other member
                        moves, NONE until made */
    size_t nbc, known; /* base classes, those with their empty target */
    bool full;       /* all known */
} base;

/* The state that base class c and the other members' moves moved[0, n)
 * lead to (made when new; the sink when the set matches in the contains
 * form); NONE on failure.  `key` is scratch of n + 1 entries. */
static uint32_t step(builder *b, subsets *d, const base *bs, bool contains,
                     uint32_t c, const uint32_t *moved, size_t n,
                     uint32_t *key, uint32_t *set, uint32_t *sink)
{
    key[0] = c;
    if (n)
        memcpy(key + 1, moved, n * 4);
    uint32_t h = tab_hash(key, n + 1);
    uint32_t target = ank__dfa_tab_find(&d->memo, key, n + 1, h);
    if (target != NONE)
        return target;
    const ank_dfa_tab *bm = &bs->moves;
    size_t m = closure(b, moved, n, bm->pool + bm->ent[c].off, bm->ent[c].len,
                       false, false, bs->init, set);
    if (contains && has_accept(b, set, m)) {
        if (*sink == NONE)
            *sink = intern(b, d, &b->accept, 1, true);
        target = *sink;
    } else {
        target = intern(b, d, set, m, true);
    }
    if (target != NONE && !tab_add(b, &d->memo, key, n + 1, h, target))
        target = NONE;
    return target;
}

/* Scratch of moves(): per column, and a bitset of columns. */
typedef struct movebuf {
    uint32_t *cols;  /* the columns with moves, ascending */
    uint32_t *at;    /* cols[j]'s moves are out[at[j] .. at[j + 1]) */
    uint32_t *slot;  /* per column: its j */
    uint64_t *any;
    uint32_t *out;
    size_t cap;
} movebuf;

/* The NFA states that the set s[0, n) moves to, by column: the number
 * of columns with any (m->cols), each column's in set order (so sorted
 * as step() expects them).  Walks each member's columns rather than
 * every member per column.  SIZE_MAX when out of memory. */
static size_t moves(builder *b, const uint32_t *s, size_t n, movebuf *m)
{
    size_t w = b->al.words, ncols = 0, total = 0;
    memset(m->any, 0, w * sizeof *m->any);
    for (size_t j = 0; j < n; j++) {
        const nst *x = &b->st[s[j]];
        for (size_t v = 0; x->kind == S_SET && v < w; v++)
            m->any[v] |= b->al.bitsets[x->bits * w + v];
    }
    for (size_t v = 0; v < w; v++)
        for (uint64_t bits = m->any[v]; bits; bits &= bits - 1) {
            size_t col = v * 64 + (size_t)__builtin_ctzll(bits);
            m->slot[col] = (uint32_t)ncols;
            m->cols[ncols++] = (uint32_t)col;
            m->at[ncols] = 0;
        }
    for (size_t j = 0; j < n; j++) {
        const nst *x = &b->st[s[j]];
        if (x->kind != S_SET)
            continue;
        const uint64_t *bits = b->al.bitsets + x->bits * w;
        for (size_t v = 0; v < w; v++)
            for (uint64_t y = bits[v]; y; y &= y - 1)
                m->at[m->slot[v * 64 + (size_t)__builtin_ctzll(y)] + 1]++;
    }
    m->at[0] = 0;
    for (size_t j = 0; j < ncols; j++)
        total += m->at[j + 1], m->at[j + 1] = (uint32_t)total - m->at[j + 1];
    /* at[j + 1] is now where column j starts; filling moves it to where
     * column j ends, which is where column j + 1 starts */
    if (m->cap <= total &&
        !ank__array_reserve((void **)&m->out, &m->cap, 0, total + 1, 4))
        return nomem(b), SIZE_MAX;
    for (size_t j = 0; j < n; j++) {
        const nst *x = &b->st[s[j]];
        if (x->kind != S_SET)
            continue;
        const uint64_t *bits = b->al.bitsets + x->bits * w;
        for (size_t v = 0; v < w; v++)
            for (uint64_t y = bits[v]; y; y &= y - 1)
                m->out[m->at[m->slot[v * 64 + (size_t)__builtin_ctzll(y)] +
                             1]++] = x->out;
    }
    return ncols;
}

/* The base of the contains form (or none), with `set` and `mb` as
 * scratch; false when out of memory. */
static bool make_base(builder *b, base *bs, bool contains, uint32_t *set,
                      movebuf *mb)
{
    size_t k = b->al.ncols, m = 0;
    bs->bc = ank__malloc((k + 1) * 4);
    if (!bs->bc)
        return nomem(b);
    if (contains) {
        bs->init = ank__malloc(2 * b->nwords * sizeof *bs->init);
        if (!bs->init)
            return nomem(b);
        m = closure(b, &b->start, 1, NULL, 0, false, false, NULL, set);
        memcpy(bs->init, b->seen, 2 * b->nwords * sizeof *bs->init);
    }
    size_t ncols = moves(b, set, m, mb);
    if (ncols == SIZE_MAX)
        return false;
    uint32_t nbc = 0;
    for (size_t i = 0, j = 0; i < k; i++) {
        const uint32_t *mv = mb->out;
        size_t from = 0, ns = 0;
        if (j < ncols && mb->cols[j] == i)
            from = mb->at[j], ns = mb->at[j + 1] - from, j++;
        uint32_t h = tab_hash(mv + from, ns);
        uint32_t c = ank__dfa_tab_find(&bs->moves, mv + from, ns, h);
        if (c == NONE) {
            c = nbc++;
            if (!tab_add(b, &bs->moves, mv + from, ns, h, c))
                return false;
        }
        bs->bc[i] = c;
    }
    bs->nbc = nbc;
    bs->empty = ank__malloc((nbc + 1) * 4);
    if (!bs->empty)
        return nomem(b);
    memset(bs->empty, 0xFF, (nbc + 1) * 4);
    return true;
}

/* Does the set s[0, n) of state t accept at the end of the text: reach
 * the final state through `$` edges (and `^` ones at the start)?  Only
 * S_EOL members have such edges out of a closure. */
static bool accepts_at_end(builder *b, uint32_t t, const uint32_t *s,
                           size_t n, uint32_t *set)
{
    size_t i = 0;
    while (i < n && b->st[s[i]].kind != S_EOL)
        i++;
    if (i == n)
        return has_accept(b, s, n);
    return has_accept(b, set, closure(b, s, n, NULL, 0, t == 0, true, NULL,
                                      set));
}

/* The target of column i when only the start's members move on it; NONE
 * on failure.  Once every base class has one, bs->full is set. */
static uint32_t empty_target(builder *b, subsets *d, base *bs, bool contains,
                             size_t i, uint32_t *key, uint32_t *set,
                             uint32_t *sink)
{
    uint32_t c = bs->bc[i];
    if (bs->empty[c] != NONE)
        return bs->empty[c];
    uint32_t target = step(b, d, bs, contains, c, NULL, 0, key, set, sink);
    bs->empty[c] = target;
    if (target != NONE && ++bs->known == bs->nbc)
        bs->full = true;
    return target;
}

/* Room for k more exceptions (first for 16 rows' worth); false when out
 * of memory. */
static bool room(builder *b, subsets *d, size_t k)
{
    if (d->ecap - d->ne >= k)
        return true;
    size_t cap = d->ecap, more = d->ecap ? k : 16 * k;
    if (!ank__array_reserve((void **)&d->ecol, &cap, d->ne, more, 4) ||
        !ank__array_reserve((void **)&d->etgt, &d->ecap, d->ne, more, 2))
        return nomem(b);
    return true;
}

/* The state being built: its row's scratch.  sig[col] has bit j set
 * when ext[j] moves on column col (zero between rows); the (base class,
 * sig) pairs a row has stepped are kept by hash, current when their
 * stamp is the row's. */
typedef struct walk {
    builder *b;
    subsets *d;
    base *bs;
    bool contains;
    uint32_t *key, *set, sink, stamp;
    uint64_t *sig, *tsig;
    uint32_t *tbc, *ttgt, *tstamp;
    size_t mask;
} walk;

/* Make the empty targets of columns *i .. upto - 1 (unless all are
 * known), in column order; false on failure. */
static inline bool gaps(walk *w, size_t *i, size_t upto)
{
    if (w->bs->full) {
        *i = upto + 1;
        return true;
    }
    for (; *i < upto; ++*i)
        if (empty_target(w->b, w->d, w->bs, w->contains, *i, w->key, w->set,
                         &w->sink) == NONE)
            return false;
    *i = upto + 1;
    return true;
}

/* Add exception (col, target); false on failure (NONE). */
static inline bool keep(subsets *d, size_t col, uint32_t target)
{
    d->ecol[d->ne] = (uint32_t)col, d->etgt[d->ne++] = (uint16_t)target;
    return target != NONE;
}

/* The row of a state whose members other than the start's are ext[0,
 * ne), ne <= 64: columns on which the same of them move (and of one base
 * class) are stepped once.  False on failure. */
static bool row_small(walk *w, const uint32_t *ext, size_t ne,
                      uint64_t *any)
{
    builder *b = w->b;
    size_t nw = b->al.words, i = 0;
    uint32_t moved[64];
    memset(any, 0, nw * sizeof *any);
    for (size_t j = 0; j < ne; j++) {
        const nst *x = &b->st[ext[j]];
        const uint64_t *bits = b->al.bitsets + x->bits * nw;
        for (size_t v = 0; x->kind == S_SET && v < nw; v++) {
            any[v] |= bits[v];
            for (uint64_t y = bits[v]; y; y &= y - 1)
                w->sig[v * 64 + (size_t)__builtin_ctzll(y)] |=
                    (uint64_t)1 << j;
        }
    }
    w->stamp++;
    uint64_t prev = 0; /* the column before's sig (0: not stepped) */
    uint32_t pc = NONE, target = NONE;
    for (size_t v = 0; v < nw; v++)
        for (uint64_t y = any[v]; y; y &= y - 1) {
            size_t col = v * 64 + (size_t)__builtin_ctzll(y);
            uint64_t sg = w->sig[col];
            uint32_t c = w->bs->bc[col];
            w->sig[col] = 0;
            if (!gaps(w, &i, col))
                return false;
            if (sg == prev && c == pc) { /* as the last column stepped */
                if (!keep(w->d, col, target))
                    return false;
                continue;
            }
            prev = sg, pc = c;
            size_t at = (size_t)((sg ^ c * 0x9E3779B97F4A7C15ull) *
                                 0xFF51AFD7ED558CCDull >> 40) & w->mask;
            for (; w->tstamp[at] == w->stamp; at = (at + 1) & w->mask)
                if (w->tsig[at] == sg && w->tbc[at] == c)
                    break;
            if (w->tstamp[at] != w->stamp) {
                size_t n = 0;
                for (uint64_t z = sg; z; z &= z - 1)
                    moved[n++] = b->st[ext[__builtin_ctzll(z)]].out;
                w->tstamp[at] = w->stamp, w->tsig[at] = sg, w->tbc[at] = c;
                w->ttgt[at] = step(b, w->d, w->bs, w->contains, c, moved, n,
                                   w->key, w->set, &w->sink);
            }
            target = w->ttgt[at];
            if (!keep(w->d, col, target))
                return false;
        }
    return gaps(w, &i, b->al.ncols);
}

/* The row of a state whose members other than the start's are ext[0,
 * ne), any number of them.  False on failure. */
static bool row_large(walk *w, const uint32_t *ext, size_t ne, movebuf *mb)
{
    size_t ncols = moves(w->b, ext, ne, mb), i = 0;
    if (ncols == SIZE_MAX)
        return false;
    for (size_t j = 0; j < ncols; j++) {
        size_t col = mb->cols[j], from = mb->at[j];
        if (!gaps(w, &i, col) ||
            !keep(w->d, col,
                  step(w->b, w->d, w->bs, w->contains, w->bs->bc[col],
                       mb->out + from, mb->at[j + 1] - from, w->key, w->set,
                       &w->sink)))
            return false;
    }
    return gaps(w, &i, w->b->al.ncols);
}

/* Build every state reachable from the start, breadth first.  On the
 * columns on which only the start's members move a state moves to their
 * empty target (the default); only the columns its other members move on
 * are stepped, in column order (which is the order states are numbered
 * in), and kept as its exceptions. */
static bool construct(builder *b, subsets *d, bool contains)
{
    size_t k = b->al.ncols, tcap = 16;
    while (tcap < 2 * k)
        tcap *= 2;
    base bs;
    memset(&bs, 0, sizeof bs);
    walk w = {b, d, &bs, contains, ank__malloc((b->nst + 2) * 4),
              ank__malloc((b->nst + 1) * 4), NONE, 0,
              ank__calloc(k + tcap, 8), NULL, NULL, NULL, NULL, tcap - 1};
    uint32_t *ext = ank__malloc((b->nst + 1) * 4);
    uint32_t *tmem = ank__calloc(3 * tcap, 4);
    movebuf mb = {ank__malloc((3 * k + 2) * 4), NULL, NULL,
                  ank__malloc((b->al.words + 1) * 8), NULL, 0};
    const ank_dfa_tab *st = &d->states;
    bool ok = w.key && w.set && w.sig && ext && tmem && mb.cols && mb.any;
    if (!ok) {
        nomem(b);
    } else {
        mb.at = mb.cols + k;
        mb.slot = mb.at + k + 1;
        w.tsig = w.sig + k;
        w.tbc = tmem, w.ttgt = tmem + tcap, w.tstamp = tmem + 2 * tcap;
    }
    ok = ok && make_base(b, &bs, contains, w.set, &mb);
    bool base_eol = false; /* has the start's closure an S_EOL member? */
    for (size_t i = 0; ok && bs.init && i < b->nst; i++)
        base_eol |= has_bit(bs.init + b->nwords, i) && b->st[i].kind == S_EOL;
    size_t m = ok ? closure(b, &b->start, 1, NULL, 0, true, false, NULL,
                            w.set)
                  : 0;
    ok = ok && intern(b, d, w.set, m, false) != NONE;
    for (uint32_t t = 0; ok && t < st->n; t++) {
        const uint32_t *s = st->pool + st->ent[t].off;
        size_t n = st->ent[t].len, ne = 0;
        bool matched = contains && has_accept(b, s, n), eol = base_eol;
        d->estart[t] = (uint32_t)d->ne;
        if (!(ok = room(b, d, k)))
            break;
        if (matched) { /* whatever follows a match, the text contains it */
            d->acc[t] = 1;
            for (size_t i = 0; i < k; i++)
                keep(d, i, t);
            continue;
        }
        /* the members other than the start's (all of them but the
         * sink's hold the start's closure) */
        for (size_t j = 0; j < n; j++)
            if (!bs.init || !has_bit(bs.init + b->nwords, s[j])) {
                eol |= b->st[s[j]].kind == S_EOL;
                ext[ne++] = s[j];
            }
        d->acc[t] = eol ? accepts_at_end(b, t, s, n, w.set)
                        : has_accept(b, s, n);
        ok = ne <= 64 ? row_small(&w, ext, ne, mb.any)
                     : row_large(&w, ext, ne, &mb);
    }
    if (ok)
        d->estart[st->n] = (uint32_t)d->ne;
    d->dflt = ok ? ank__malloc((k + 1) * 4) : NULL;
    ok = ok && (d->dflt || nomem(b));
    for (size_t i = 0; ok && i < k; i++)
        d->dflt[i] = bs.empty[bs.bc[i]];
    ank__free(w.key);
    ank__free(w.set);
    ank__free(w.sig);
    ank__free(tmem);
    ank__free(ext);
    ank__free(mb.cols);
    ank__free(mb.any);
    ank__free(mb.out);
    ank__free(bs.init);
    ank__free(bs.bc);
    ank__free(bs.empty);
    ank__free(bs.moves.pool);
    ank__free(bs.moves.ent);
    ank__free(bs.moves.table);
    return ok;
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

static void free_tab(ank_dfa_tab *t)
{
    ank__free(t->pool);
    ank__free(t->ent);
    ank__free(t->table);
    memset(t, 0, sizeof *t);
}

/* Free what only the subset construction needed (the NFA, the sets'
 * tables) and give back the exceptions' spare room, so
 * that the minimisation's peak holds only its own arrays and what it
 * reads.  (The room is cut only when that does not fail.) */
static void construction_done(builder *b, subsets *d)
{
    ank__free(b->st);
    ank__free(b->seen);
    ank__free(b->stack);
    b->st = NULL;
    b->seen = b->kept = NULL;
    b->stack = NULL;
    free_tab(&d->states);
    free_tab(&d->memo);
    uint32_t *c = ank__realloc(d->ecol, (d->ne + 1) * 4);
    if (c)
        d->ecol = c;
    uint16_t *t = c ? ank__realloc(d->etgt, (d->ne + 1) * 2) : NULL;
    if (t) {
        d->etgt = t;
        d->ecap = d->ne + 1;
    }
}

/* ank__dfa_build(), the automaton complemented when `complement`. */
static ank_status build(const char *const *regexes, size_t n, bool anchored,
                        bool complement, ank_dfa **out, ank_error *error)
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
    if (b.status == ANK_OK && !ank__dfa_cut_alphabet(&b.rx, &b.al))
        nomem(&b);
    if (b.status == ANK_OK && build_nfa(&b, roots, n)) {
        /* the NFA and the alphabet hold all the construction reads */
        ank__regex_release(&b.rx);
        b.nwords = (b.nst + 63) / 64;
        b.seen = ank__calloc(2 * b.nwords, sizeof(uint64_t));
        b.kept = b.seen ? b.seen + b.nwords : NULL;
        b.stack = ank__malloc(b.nst * 4);
        if (!b.seen || !b.stack)
            nomem(&b);
        else if (construct(&b, &d, !anchored)) {
            size_t nstates = d.states.n;
            construction_done(&b, &d);
            if (!(*out = ank__dfa_minimize(&b.al, nstates, d.estart, d.ecol,
                                           d.etgt, d.dflt, d.acc)))
                nomem(&b);
        }
        for (uint32_t i = 0; *out && complement && i < (*out)->nstates; i++)
            (*out)->accept[i] = !(*out)->accept[i];
        if (*out)
            ank__dfa_find_live(*out);
    }
    ank__free(roots);
    ank__regex_release(&b.rx);
    ank__free(b.al.bits);
    ank__free(b.al.cuts);
    ank__free(b.al.bitsets);
    ank__free(b.st);
    ank__free(b.al.icol);
    ank__free(b.seen);
    ank__free(b.stack);
    free_tab(&d.states);
    free_tab(&d.memo);
    ank__free(d.acc);
    ank__free(d.estart);
    ank__free(d.ecol);
    ank__free(d.etgt);
    ank__free(d.dflt);
    return b.status;
}

ank_status ank__dfa_build(const char *const *regexes, size_t n, bool anchored,
                          ank_dfa **out, ank_error *error)
{
    return build(regexes, n, anchored, false, out, error);
}

ank_status ank__dfa_build_complement(const char *const *regexes, size_t n,
                                     bool anchored, ank_dfa **out,
                                     ank_error *error)
{
    return build(regexes, n, anchored, true, out, error);
}
