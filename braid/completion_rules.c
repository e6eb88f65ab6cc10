/*
 * completion_rules.c - the nonterminals of a completion grammar
 * (completion.c describes the construction and cuts the code points into
 * classes that the lexer and D treat alike).  N(l, q, e) is made when
 * first reached from N(0, 0, 0) and expanded in the order made: listing
 * its alternatives makes the nonterminals they lead to.  An alternative
 * holds the classes of a nonterminal that lead to the same place: one per
 * (lexer state, D state) gone to, and per opener one per state a closer
 * can take D to, the bracket's inside ending in that closer's end spec.
 * They are found a bitset at a time: the classes by which D's state goes
 * to one live state, intersected with those by which the lexer's goes to
 * one state (both cut once per state and kept).
 *
 * The alternatives are not stored: a grammar has about ten times as many
 * as nonterminals, most of its peak of memory when they were, so the
 * printers and the marks of productivity list a nonterminal's again when
 * they need them (ank__completion_alts()), which costs time instead.
 * Productivity: the expansion marks a nonterminal that may end, or has
 * an alternative into nonterminals that may, and keeps the alternatives
 * of the others as (target, inside) pairs; a fixpoint over those, last to
 * first (the targets of a nonterminal tend to be made after it), marks
 * the rest.
 *
 * Invariants: nonterminals are numbered in the order a walk over each
 * nonterminal's classes would make them, and found directly by (q, l)
 * for the end specs made while those indices stay small (spec 0 first),
 * else through an open-addressing table at most half full
 * (ANK_COMPLETION_MAX_RULES caps them); equal end specs are stored once;
 * a nonterminal has at most one alternative per (target, inner, closer);
 * listing a made nonterminal makes nothing; the first failure sticks in
 * b->status.
 */
#include "completion_rules.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "completion_sets.h"

#define NONE UINT32_MAX

/* The nonterminals of an end spec are indexed directly by (q, l) while
 * the end specs' indices hold at most this many pairs in all (128 KB);
 * past it they are found through the hash table. */
#define TOP_MAX 65536

static const char closers[] = ")]}";

bool ank__completion_fail(ank_cbuild *b, ank_status code, const char *msg)
{
    if (b->status == ANK_OK)
        b->status = ank__fail(b->error, code, "completion grammar: %s", msg);
    return false;
}

/* ------------------------------------------------------ nonterminals */

static uint64_t key_of(uint32_t l, uint32_t q, uint32_t e)
{
    return ((uint64_t)e << 40) | ((uint64_t)q << 8) | l;
}

static size_t hash_key(uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20);
}

/* Double the nonterminal table. */
static bool grow_table(ank_cbuild *b)
{
    size_t cap = b->tcap ? 2 * b->tcap : 1024, mask = cap - 1;
    uint64_t *table = ank__calloc(cap, sizeof(uint64_t));
    uint32_t *slot = ank__malloc(cap * sizeof(uint32_t));
    if (!table || !slot) {
        ank__free(table);
        ank__free(slot);
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < b->tcap; i++) {
        if (!b->table[i])
            continue;
        size_t h = hash_key(b->table[i] - 1) & mask;
        while (table[h])
            h = (h + 1) & mask;
        table[h] = b->table[i];
        slot[h] = b->slot[i];
    }
    ank__free(b->table);
    ank__free(b->slot);
    b->table = table;
    b->slot = slot;
    b->tcap = cap;
    return true;
}

/* The new nonterminal of `key`, whose free table slot is h; NONE on
 * failure.  Apart from nterm_of(), so that finding one stays cheap. */
static uint32_t __attribute__((noinline))
new_nterm(ank_cbuild *b, uint64_t key, size_t h)
{
    size_t mask;
    if (b->nnts >= ANK_COMPLETION_MAX_RULES) {
        ank__completion_fail(b, ANK_ERR_LIMIT,
                             "more than 20000 rules (forbidden patterns "
                             "times lexer states)");
        return NONE;
    }
    if (b->nnts == b->ntcap) {
        /* from the guess (about 4 a D state), by a quarter: the
         * nonterminals are much of the expansion's peak */
        size_t cap = b->ntcap ? b->ntcap + b->ntcap / 4 : b->guess;
        ank_nterm *nts = ank__realloc(b->nts, cap * sizeof(ank_nterm));
        if (!nts)
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   NONE;
        b->nts = nts;
        b->ntcap = cap;
    }
    if (h != SIZE_MAX && 2 * (b->tn + 1) > b->tcap) {
        if (!grow_table(b)) /* keep the table half empty */
            return NONE;
        mask = b->tcap - 1;
        for (h = hash_key(key) & mask; b->table[h]; h = (h + 1) & mask)
            ;
    }
    ank_nterm *n = &b->nts[b->nnts];
    memset(n, 0, sizeof *n);
    n->l = (uint8_t)(key & 0xFF);
    n->q = (uint16_t)(key >> 8);
    n->e = (uint16_t)(key >> 40);
    if (h != SIZE_MAX) {
        b->table[h] = key + 1;
        b->slot[h] = (uint32_t)b->nnts;
        b->tn++;
    }
    return (uint32_t)b->nnts++;
}

/* The direct index of end spec e's nonterminals, or NULL. */
static inline uint16_t *top_of(const ank_cbuild *b, uint32_t e)
{
    return e < b->nends ? b->top[e] : NULL;
}

/* The nonterminal (l, q, e), made when new; NONE on failure.  Those of an
 * end spec with a direct index (most) are found there. */
static inline uint32_t nterm_of(ank_cbuild *b, uint32_t l, uint32_t q,
                                uint32_t e)
{
    uint16_t *top = top_of(b, e);
    if (top) {
        uint16_t *at = &top[(size_t)q * (size_t)b->lx.n + l];
        if (*at != 0xFFFF)
            return *at;
        uint32_t i = new_nterm(b, key_of(l, q, e), SIZE_MAX);
        *at = (uint16_t)i; /* NONE: 0xFFFF, none yet */
        return i;
    }
    uint64_t key = key_of(l, q, e);
    if (!b->tcap) /* the table is made when first needed */
        return new_nterm(b, key, 0);
    size_t mask = b->tcap - 1, h = hash_key(key);
    for (h &= mask; b->table[h]; h = (h + 1) & mask)
        if (b->table[h] == key + 1)
            return b->slot[h];
    return new_nterm(b, key, h);
}

/* The nonterminal (l, q, e) when it has been made, else NONE. */
static inline uint32_t nterm_find(const ank_cbuild *b, uint32_t l, uint32_t q,
                                  uint32_t e)
{
    const uint16_t *top = top_of(b, e);
    if (top) {
        uint16_t i = top[(size_t)q * (size_t)b->lx.n + l];
        return i == 0xFFFF ? NONE : i;
    }
    if (!b->tcap)
        return NONE;
    uint64_t key = key_of(l, q, e);
    size_t mask = b->tcap - 1, h = hash_key(key);
    for (h &= mask; b->table[h]; h = (h + 1) & mask)
        if (b->table[h] == key + 1)
            return b->slot[h];
    return NONE;
}

/* Add the end spec (lex, qs) unless an equal one exists; its index. */
static uint32_t add_end(ank_cbuild *b, uint64_t lex, const uint64_t *qs)
{
    for (size_t e = 0; e < b->nends; e++)
        if (b->elex[e] == lex &&
            !memcmp(b->eq + e * b->words, qs, b->words * sizeof(uint64_t)))
            return (uint32_t)e;
    if (b->nends == b->ecap) {
        size_t cap = b->ecap ? 2 * b->ecap : 8;
        uint64_t *l = ank__realloc(b->elex, cap * sizeof(uint64_t));
        if (l)
            b->elex = l;
        uint64_t *q = ank__realloc(b->eq, cap * b->words * sizeof(uint64_t));
        if (q)
            b->eq = q;
        uint16_t **top = ank__realloc(b->top, cap * sizeof *top);
        if (top)
            b->top = top;
        if (!l || !q || !top)
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   NONE;
        b->ecap = cap;
    }
    /* a direct index of its nonterminals while all of them stay small */
    size_t n = (size_t)b->nq * (size_t)b->lx.n;
    b->top[b->nends] = NULL;
    if (b->ntop + n <= TOP_MAX) {
        if (!(b->top[b->nends] = ank__malloc(n * sizeof **b->top)))
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   NONE;
        memset(b->top[b->nends], 0xFF, n * sizeof **b->top);
        b->ntop += n;
    }
    b->elex[b->nends] = lex;
    memcpy(b->eq + b->nends * b->words, qs, b->words * sizeof(uint64_t));
    return (uint32_t)b->nends++;
}

/* The end spec of a bracket closed by closers[k] after which D is in t:
 * the lexer states where that closer closes, the D states it takes to t.
 * Brackets whose specs agree share their nonterminals. */
static uint32_t end_of(ank_cbuild *b, int k, uint32_t t)
{
    if (b->end_of[k][t] != NONE)
        return b->end_of[k][t];
    uint64_t lex = 0, *qs = ank__calloc(b->words, sizeof(uint64_t));
    if (!qs)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"), NONE;
    for (int l = 0; l < b->lx.n; l++) {
        ank_lex_act a = b->lx.tab[l][(unsigned char)closers[k]];
        if (a.kind == A_CLOSE && a.closer == closers[k])
            lex |= (uint64_t)1 << l;
    }
    const uint16_t *col = b->ccol + (size_t)k * b->nq;
    for (uint32_t q = 0; q < b->nq; q++)
        if (col[q] == t)
            qs[q / 64] |= (uint64_t)1 << (q % 64);
    uint32_t e = add_end(b, lex, qs);
    ank__free(qs);
    return b->end_of[k][t] = e;
}

/* Add class c, an opener, to the opener group (target, inner, closer) of
 * the nonterminal being listed (few: one per opener and closer
 * target). */
static void add_open(ank_cbuild *b, size_t c, uint32_t target,
                     uint32_t inner, uint8_t closer)
{
    if (target == NONE || inner == NONE)
        return;
    size_t gw = b->gwords, g = 0;
    while (g < b->nopens && (b->opens[g].inner != inner ||
                             b->opens[g].target != target ||
                             b->opens[g].closer != closer))
        g++;
    if (g == b->nopens) {
        if (!ank__cset_grow2(b, (void **)&b->opens, sizeof *b->opens,
                             (void **)&b->obits, gw * sizeof *b->obits,
                             &b->ocap, g, 16))
            return;
        b->opens[g].target = target;
        b->opens[g].inner = inner;
        b->opens[g].closer = closer;
        memset(b->obits + g * gw, 0, gw * sizeof *b->obits);
        b->nopens++;
    }
    b->obits[g * gw + c / 64] |= (uint64_t)1 << (c % 64);
}

/* Lexer state l's classes as bitsets (ank_clex). */
static ank_clex *make_lex(ank_cbuild *b, uint32_t l)
{
    size_t gw = b->gwords, n = b->ncls;
    /* go, open, a part of bits per state gone to (at most one per class
     * and per lexer state); next and part_of */
    size_t np = n < (size_t)b->lx.n ? n : (size_t)b->lx.n;
    ank_clex *x = ank__calloc(1, sizeof *x + (np + 2) * gw * 8 + np + n + 2);
    if (!x) {
        ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    x->go = (uint64_t *)(x + 1);
    x->open = x->go + gw;
    x->bits = x->open + gw;
    x->next = (uint8_t *)(x->bits + np * gw);
    x->part_of = x->next + np + 1;
    uint32_t parts = 0, part_to[MAXL];
    memset(part_to, 0xFF, sizeof part_to);
    for (size_t c = 0; c < n; c++) {
        ank_lex_act a = b->lx.tab[l][b->cls[c].bucket];
        uint64_t bit = (uint64_t)1 << (c % 64);
        if (a.kind == A_OPEN)
            x->open[c / 64] |= bit;
        if (a.kind != A_GO)
            continue;
        if (part_to[a.next] == NONE) {
            part_to[a.next] = parts;
            x->next[parts++] = a.next;
        }
        x->go[c / 64] |= bit;
        x->bits[part_to[a.next] * gw + c / 64] |= bit;
        x->part_of[c] = (uint8_t)part_to[a.next];
    }
    return b->lex[l] = x;
}

/* D state q's parts: its live successors with the classes that lead to
 * each, at dq2[nparts ..] (room for nclasses more) with their bitsets at
 * dbits[(nparts - base) * gw ..] (base: q's first part); qmark[q2] ==
 * q + 1 says that q2's part is qgroup[q2]. */
static void parts_of(ank_cbuild *b, uint32_t q, size_t gw, size_t base,
                     uint32_t *qmark, uint32_t *qgroup)
{
    uint32_t nd = ank__dfa_nclasses(b->d);
    const uint32_t *row = ank__dfa_row(b->d, q);
    for (uint32_t dc = 0; dc < nd; dc++) {
        uint32_t q2 = row[dc];
        if (!ank__dfa_live(b->d, q2))
            continue;
        if (qmark[q2] != q + 1) {
            qmark[q2] = q + 1;
            qgroup[q2] = (uint32_t)b->nparts;
            b->dq2[b->nparts] = (uint16_t)q2;
            memset(b->dbits + (b->nparts++ - base) * gw, 0, gw * 8);
        }
        uint64_t *to = b->dbits + (qgroup[q2] - base) * gw;
        for (size_t w = 0; w < gw; w++)
            to[w] |= b->dcbits[dc * gw + w];
    }
}

/* parts_of() for up to 64 classes (most grammars): a part's bitset is one
 * word, set by its first class rather than cleared and or-ed, and the
 * arrays stay in registers over the row (a function of its own: a
 * constant gw passed to parts_of() did not stay a specialized copy). */
static void parts_of1(ank_cbuild *b, uint32_t q, size_t base,
                      uint32_t *qmark, uint32_t *qgroup)
{
    const ank_dfa *d = b->d;
    uint32_t nd = ank__dfa_nclasses(d), mark = q + 1;
    const uint32_t *row = ank__dfa_row(d, q);
    const uint64_t *dcbits = b->dcbits;
    uint64_t *bits = b->dbits;
    uint16_t *q2s = b->dq2;
    size_t np = b->nparts;
    for (uint32_t dc = 0; dc < nd; dc++) {
        uint32_t q2 = row[dc];
        if (!ank__dfa_live(d, q2))
            continue;
        if (qmark[q2] == mark) {
            bits[qgroup[q2] - base] |= dcbits[dc];
            continue;
        }
        qmark[q2] = mark;
        qgroup[q2] = (uint32_t)np;
        q2s[np] = (uint16_t)q2;
        bits[np++ - base] = dcbits[dc];
    }
    b->nparts = np;
}

/* Every live D state's parts (the expansion reaches nearly all), each
 * state's bitsets made into sets of classes at once (parts share many),
 * grown by half and then cut to size; then D and the classes of its
 * classes are freed, so that the expansion's peak holds none of them.
 * False when out of memory. */
static bool make_parts(ank_cbuild *b)
{
    uint32_t n = b->nq, nd = ank__dfa_nclasses(b->d);
    size_t gw = b->gwords;
    uint32_t *qmark = ank__calloc(2 * (size_t)n + 1, sizeof *qmark);
    b->dfirst = ank__malloc((n + 1) * sizeof *b->dfirst);
    b->dbits = ank__malloc(((size_t)nd + 1) * gw * 8);
    if (!qmark || !b->dfirst || !b->dbits) {
        ank__free(qmark);
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    }
    for (uint32_t q = 0; q < n && b->status == ANK_OK; q++) {
        size_t base = b->nparts;
        b->dfirst[q] = (uint32_t)base;
        if (!ank__dfa_live(b->d, q))
            continue;
        if (b->pcap - b->nparts < nd) {
            size_t cap = b->pcap + b->pcap / 2;
            if (cap < b->nparts + nd)
                cap = b->nparts + nd > 4 * (size_t)n ? b->nparts + nd
                                                      : 4 * (size_t)n;
            uint16_t *q2s = ank__realloc(b->dq2, cap * sizeof *q2s);
            if (q2s)
                b->dq2 = q2s;
            uint16_t *set = q2s ? ank__realloc(b->dset, cap * sizeof *set)
                                : NULL;
            if (!set) {
                ank__free(qmark);
                return ank__completion_fail(b, ANK_ERR_NOMEM,
                                            "out of memory");
            }
            b->dset = set;
            b->pcap = cap;
        }
        if (gw == 1)
            parts_of1(b, q, base, qmark, qmark + n);
        else
            parts_of(b, q, gw, base, qmark, qmark + n);
        for (size_t p = base; p < b->nparts; p++) {
            uint32_t set = ank__cset_of(b, b->dbits + (p - base) * gw, gw);
            b->dset[p] = (uint16_t)set; /* ANK_CSET_MAX; NONE: failed */
        }
    }
    b->dfirst[n] = (uint32_t)b->nparts;
    ank__free(qmark);
    /* the room left goes back (each kept whole when that fails) */
    uint16_t *q2s = ank__realloc(b->dq2, (b->nparts + 1) * sizeof *q2s);
    if (q2s)
        b->dq2 = q2s;
    uint16_t *sets = ank__realloc(b->dset, (b->nparts + 1) * sizeof *sets);
    if (sets)
        b->dset = sets;
    ank__free(b->dbits);
    b->dbits = NULL;
    ank__dfa_free(b->d);
    b->d = NULL;
    ank__free(b->dcbits);
    b->dcbits = NULL;
    return b->status == ANK_OK;
}

/* Room for one more alternative in b->alts (and its key in b->keys);
 * false (and b failed) when out of memory. */
static bool __attribute__((noinline)) grow_alts(ank_cbuild *b)
{
    size_t cap = b->altcap ? 2 * b->altcap : 64;
    ank_calt *alts = ank__realloc(b->alts, cap * sizeof *alts);
    if (alts)
        b->alts = alts;
    uint64_t *keys = alts ? ank__realloc(b->keys, cap * sizeof *keys) : NULL;
    if (!keys)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    b->keys = keys;
    b->altcap = cap;
    return true;
}

static inline void push_alt(ank_cbuild *b, ank_calt a)
{
    if (b->nalts < b->altcap || grow_alts(b))
        b->alts[b->nalts++] = a;
}

/* May N(l, q, e) derive the empty text (l and q are in end spec e)? */
static inline bool eps_of(const ank_cbuild *b, uint32_t l, uint32_t q,
                          uint32_t e)
{
    return (b->elex[e] >> l & 1) &&
           (b->eq[e * b->words + q / 64] >> (q % 64) & 1);
}

/* Keep nonterminal i's alternatives (b->alts, as listed while making it)
 * as (target, inside) pairs, for mark_productive(). */
static void __attribute__((noinline)) keep_pairs(ank_cbuild *b, uint32_t i)
{
    if (!ank__array_reserve((void **)&b->left, &b->left_cap, b->nleft, 2,
                            sizeof *b->left) ||
        !ank__array_reserve((void **)&b->first, &b->first_cap, b->nleft, 2,
                            sizeof *b->first) ||
        !ank__array_reserve((void **)&b->pairs, &b->pairs_cap, 2 * b->npairs,
                            2 * b->nalts + 1, sizeof *b->pairs)) {
        ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    b->left[b->nleft] = (uint16_t)i;
    b->first[b->nleft++] = (uint32_t)b->npairs;
    for (size_t k = 0; k < b->nalts; k++) {
        b->pairs[2 * b->npairs] = b->alts[k].target;
        b->pairs[2 * b->npairs++ + 1] = b->alts[k].inner;
    }
    b->first[b->nleft] = (uint32_t)b->npairs;
}

/*
 * List the alternatives of nonterminal i, with gw == b->gwords (a
 * constant where expand() and ank__completion_alts() call it, so the
 * loops over words vanish for up to 128 classes).  `make` (the
 * expansion): make the nonterminals they lead to, numbered in the order
 * a walk over the classes would make them: the alternatives that may
 * make one (a new target, an opener) wait and are made in the order of
 * their first classes; nothing is listed.  Otherwise every target exists
 * and the alternatives go to b->alts.
 */
static inline __attribute__((always_inline)) void
list_with(ank_cbuild *b, uint32_t i, size_t gw, bool make)
{
    const ank_nterm n = b->nts[i];
    b->nalts = 0;
    const ank_clex *x = b->lex[n.l] ? b->lex[n.l] : make_lex(b, n.l);
    if (!x)
        return;
    /* the classes of a part not yet cut: past 256 classes, the scratch
     * after the last class's */
    uint64_t *efirst = b->efirst, rest[4];
    uint64_t *r = gw <= 4 ? rest : b->ebits + b->ncls * gw;
    /* making: pairs are kept until a witness is found (none needed for a
     * nonterminal that may end) */
    bool witness = make && eps_of(b, n.l, n.q, n.e);
    memset(efirst, 0, gw * 8);
    for (uint32_t p = b->dfirst[n.q], pend = b->dfirst[n.q + 1]; p < pend;
         p++) {
        const uint64_t *dbits = b->sbits + (size_t)b->dset[p] * gw;
        uint32_t q2 = b->dq2[p];
        bool any = false, opened = false;
        for (size_t w = 0; w < gw; w++) {
            uint64_t o = dbits[w] & x->open[w];
            r[w] = dbits[w] & x->go[w];
            any = any || r[w];
            opened = opened || o;
            for (; o; o &= o - 1) { /* each opener on its own */
                size_t c = w * 64 + (size_t)__builtin_ctzll(o);
                efirst[w] |= o & -o;
                b->elex_to[c] = NONE;
                b->eq2[c] = q2;
            }
        }
        /* cut the rest by the lexer state it goes to */
        for (size_t w = 0; any && w < gw; w++) {
            while (r[w]) {
                size_t c = w * 64 + (size_t)__builtin_ctzll(r[w]);
                uint8_t part = x->part_of[c];
                const uint64_t *lbits = x->bits + part * gw;
                uint64_t *to = b->ebits + c * gw;
                for (size_t v = w; v < gw; v++) {
                    to[v] = r[v] & lbits[v];
                    r[v] &= ~to[v];
                }
                for (size_t v = 0; v < w; v++)
                    to[v] = 0;
                if (make)
                    witness = witness || eps_of(b, x->next[part], q2, n.e);
                uint32_t t = nterm_find(b, x->next[part], q2, n.e);
                if (t != NONE) {
                    if (make && !witness)
                        push_alt(b, (ank_calt){(uint16_t)t, 0xFFFF, 0, 0, 0,
                                               false, 0});
                    else if (!make) {
                        bool whole = !opened;
                        for (size_t v = 0; v < gw && whole; v++)
                            whole = to[v] == dbits[v];
                        push_alt(b, (ank_calt){(uint16_t)t, 0xFFFF,
                                               (uint32_t)c, b->dset[p],
                                               part, whole, 0});
                    }
                    continue;
                }
                efirst[w] |= (uint64_t)1 << (c % 64);
                b->elex_to[c] = x->next[part];
                b->eq2[c] = q2;
            }
        }
    }
    b->nopens = 0;
    for (size_t w = 0; w < gw && b->status == ANK_OK; w++) {
        for (uint64_t f = efirst[w]; f && b->status == ANK_OK; f &= f - 1) {
            size_t c = w * 64 + (size_t)__builtin_ctzll(f);
            uint32_t q2 = b->eq2[c];
            if (b->elex_to[c] != NONE) { /* new: only when making */
                uint32_t t = make ? nterm_of(b, b->elex_to[c], q2, n.e)
                                  : NONE;
                if (t != NONE && !witness)
                    push_alt(b, (ank_calt){(uint16_t)t, 0xFFFF, 0, 0, 0,
                                           false, 0});
                continue;
            }
            ank_lex_act a = b->lx.tab[n.l][b->cls[c].bucket];
            int k = (int)(strchr(closers, a.closer) - closers);
            for (size_t j = 0; j < b->ntargets[k]; j++) {
                uint32_t t = b->targets[k][j];
                if (make) {
                    uint32_t e = end_of(b, k, t);
                    uint32_t in = e == NONE ? NONE
                                            : nterm_of(b, a.inner, q2, e);
                    uint32_t to = nterm_of(b, a.next, t, n.e);
                    if (in != NONE && to != NONE && !witness)
                        push_alt(b, (ank_calt){(uint16_t)to, (uint16_t)in,
                                               0, 0, 0, false, 0});
                    witness = witness ||
                              (e != NONE && eps_of(b, a.inner, q2, e) &&
                               eps_of(b, a.next, t, n.e));
                    continue;
                }
                uint32_t e = b->end_of[k][t];
                uint32_t inner =
                    e == NONE ? NONE : nterm_find(b, a.inner, q2, e);
                add_open(b, c, nterm_find(b, a.next, t, n.e), inner,
                         (uint8_t)a.closer);
            }
        }
    }
    if (make) {
        /* an alternative into nonterminals that may end is a witness;
         * without one, the alternatives are kept as pairs */
        b->nts[i].eps = eps_of(b, n.l, n.q, n.e);
        b->nts[i].productive = witness;
        if (!b->nts[i].productive)
            keep_pairs(b, i);
        return;
    }
    for (size_t g = 0; g < b->nopens; g++) {
        const ank_copen *o = &b->opens[g];
        push_alt(b, (ank_calt){(uint16_t)o->target, (uint16_t)o->inner,
                               (uint32_t)g, 0, 0, false, (char)o->closer});
    }
}

/* list_with() with gw a constant for up to 128 classes (most grammars):
 * the loops over words unrolled (and `make` a constant where called). */
static inline __attribute__((always_inline)) void
list(ank_cbuild *b, uint32_t i, bool make)
{
    if (b->gwords == 1)
        list_with(b, i, 1, make);
    else if (b->gwords == 2)
        list_with(b, i, 2, make);
    else
        list_with(b, i, b->gwords, make);
}

static void expand(ank_cbuild *b, uint32_t i) { list(b, i, true); }

/* Does alternative k of the last list lead only to productive ones? */
static bool usable(const ank_cbuild *b, size_t k)
{
    const ank_calt *a = &b->alts[k];
    return b->nts[a->target].productive &&
           (a->inner == 0xFFFF || b->nts[a->inner].productive);
}

void ank__completion_alts(ank_cbuild *b, uint32_t i, bool only_usable)
{
    list(b, i, false);
    if (!only_usable)
        return;
    size_t m = 0;
    for (size_t k = 0; k < b->nalts; k++)
        if (usable(b, k))
            b->alts[m++] = b->alts[k];
    b->nalts = m;
}

size_t ank__completion_sorted(ank_cbuild *b, uint32_t i)
{
    ank__completion_alts(b, i, true);
    uint64_t *keys = b->keys;
    size_t m = 0, n = b->nalts, jo = n;
    /* by insertion; the openers' alternatives, listed last, sort first (an
     * inside is below 0xFFFF): taken first, the list is nearer its order */
    while (jo > 0 && b->alts[jo - 1].closer)
        jo--;
    for (size_t h = 0; h < 2; h++)
        for (size_t k = h ? 0 : jo, end = h ? jo : n; k < end; k++) {
            const ank_calt *a = &b->alts[k];
            uint64_t rank = a->closer == ')' ? 1 : a->closer == ']' ? 2
                            : a->closer == '}' ? 3 : 0;
            uint64_t key = (uint64_t)a->inner << 48 |
                           (uint64_t)a->target << 32 | rank << 30 | k;
            size_t j = m++;
            for (; j > 0 && keys[j - 1] > key; j--)
                keys[j] = keys[j - 1];
            keys[j] = key;
        }
    return m;
}

/* Which nonterminals derive some text, besides those the expansion
 * marked (which may end, or have an alternative into ones that may): a
 * fixpoint over the alternatives of the others, which the expansion kept
 * as pairs (keep_pairs()); then the pairs go. */
static void mark_productive(ank_cbuild *b)
{
    ank_nterm *nts = b->nts;
    for (bool changed = b->nleft > 0; changed;) {
        changed = false;
        for (size_t k = b->nleft; k-- > 0;) {
            ank_nterm *n = &nts[b->left[k]];
            bool p = n->productive;
            for (size_t j = b->first[k]; !p && j < b->first[k + 1]; j++)
                p = nts[b->pairs[2 * j]].productive &&
                    (b->pairs[2 * j + 1] == 0xFFFF ||
                     nts[b->pairs[2 * j + 1]].productive);
            if (p && !n->productive)
                n->productive = changed = true;
        }
    }
    void **p[] = {(void **)&b->left, (void **)&b->first, (void **)&b->pairs};
    for (size_t i = 0; i < sizeof p / sizeof *p; i++) {
        ank__free(*p[i]);
        *p[i] = NULL;
    }
}

/* For each closer, D's moves by it, the live states it leads live
 * states to, and an empty end spec map; the lister's scratch. */
static bool closer_targets(ank_cbuild *b)
{
    uint32_t n = b->nq = ank__dfa_nstates(b->d);
    size_t gw = b->gwords;
    b->ccol = ank__malloc((3 * (size_t)n + 1) * sizeof *b->ccol);
    b->elex_to = ank__malloc((b->ncls + 1) * sizeof(uint32_t));
    b->eq2 = ank__malloc((b->ncls + 1) * sizeof(uint32_t));
    b->ebits = ank__malloc((b->ncls + 1) * gw * sizeof(uint64_t));
    b->efirst = ank__malloc(gw * sizeof(uint64_t));
    if (!b->ccol || !b->elex_to || !b->eq2 || !b->ebits || !b->efirst)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    for (int k = 0; k < 3; k++) {
        uint16_t *col = b->ccol + (size_t)k * n;
        b->targets[k] = ank__malloc((n + 1) * sizeof(uint32_t));
        b->end_of[k] = ank__malloc((n + 1) * sizeof(uint32_t));
        if (!b->targets[k] || !b->end_of[k])
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
        memset(b->end_of[k], 0xFF, (n + 1) * sizeof(uint32_t));
        for (uint32_t p = 0; p < n; p++) {
            uint32_t t = ank__dfa_next(b->d, p, b->closer_class[k]);
            col[p] = (uint16_t)t;
            if (ank__dfa_live(b->d, p) && ank__dfa_live(b->d, t) &&
                b->end_of[k][t] == NONE) {
                b->end_of[k][t] = 0; /* seen */
                b->targets[k][b->ntargets[k]++] = t;
            }
        }
        memset(b->end_of[k], 0xFF, (n + 1) * sizeof(uint32_t));
        uint32_t *t = ank__realloc(b->targets[k],
                                   (b->ntargets[k] + 1) * sizeof *t);
        if (t) /* kept whole when that fails */
            b->targets[k] = t;
    }
    return true;
}

/* End spec 0: where the completion may end (and D accepts). */
static bool top_end(ank_cbuild *b)
{
    uint32_t n = ank__dfa_nstates(b->d);
    b->words = (n + 63) / 64;
    uint64_t lex = 0, *qs = ank__calloc(b->words, sizeof(uint64_t));
    if (!qs)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    for (int l = 0; l < b->lx.n; l++)
        if (b->lx.end_ok[l])
            lex |= (uint64_t)1 << l;
    for (uint32_t q = 0; q < n; q++)
        if (ank__dfa_accepting(b->d, q))
            qs[q / 64] |= (uint64_t)1 << (q % 64);
    add_end(b, lex, qs);
    ank__free(qs);
    return b->status == ANK_OK;
}

/* Free what only the expansion needs (D too), before the marks of
 * productivity and emit's nodes come: the grammar's peak is then what
 * those add to the nonterminals. */

/* Free what only making the nonterminals needs: D's moves by the
 * closers, and the end specs (each nonterminal knows whether it may end
 * here). */
static void drop_scratch(ank_cbuild *b)
{
    void **p[] = {(void **)&b->ccol, (void **)&b->elex, (void **)&b->eq};
    for (size_t i = 0; i < sizeof p / sizeof *p; i++) {
        ank__free(*p[i]);
        *p[i] = NULL;
    }
}

/* The nonterminals reachable from N(0, 0, 0). */
static bool rules(ank_cbuild *b)
{
    /* first room for about 4 nonterminals per D state (typical), so that
     * most grammars copy them a few times at most */
    b->guess = 128;
    while (b->guess < 4 * (size_t)ank__dfa_nstates(b->d) && b->guess < 2048)
        b->guess *= 2;
    if (!ank__cset_grow_table(b) || !closer_targets(b) || !top_end(b) ||
        !make_parts(b))
        return false;
    nterm_of(b, 0, 0, 0);
    for (size_t i = 0; i < b->nnts && b->status == ANK_OK; i++)
        expand(b, (uint32_t)i);
    return b->status == ANK_OK;
}

bool ank__completion_rules(ank_cbuild *b)
{
    bool ok = rules(b);
    drop_scratch(b);
    if (!ok)
        return false;
    mark_productive(b);
    if (!b->nts[0].productive)
        return ank__completion_fail(b, ANK_ERR_FORMAT,
                                    "no text avoids the forbidden patterns");
    return b->status == ANK_OK;
}
