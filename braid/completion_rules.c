/*
 * completion_rules.c - the nonterminals of a completion grammar
 * (completion.c describes the construction).  The code points are cut
 * into classes that the lexer and D treat alike; N(l, q, e) is made when
 * first reached from N(0, 0, 0) and expanded in the order made, with one
 * alternative per class that keeps D live (per opener: one per state a
 * closer can take D to, the bracket's inside ending in that closer's end
 * spec).  The alternatives of a nonterminal that lead to the same place
 * are kept as one group with the bitset of their classes, which is what
 * the grammar prints (one class per group).  Productivity is then a
 * fixpoint over the groups.
 *
 * Invariants: nonterminals are found through an open-addressing table at
 * most half full (ANK_COMPLETION_MAX_RULES caps them); equal end specs
 * are stored once; a nonterminal has at most one group per (target,
 * inner, closer); the first failure sticks in b->status.
 */
#include "completion_rules.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"

#define NONE UINT32_MAX

static const char closers[] = ")]}";

bool ank__completion_fail(ank_cbuild *b, ank_status code, const char *msg)
{
    if (b->status == ANK_OK)
        b->status = ank__fail(b->error, code, "completion grammar: %s", msg);
    return false;
}

/* --------------------------------------------------------- alphabet */

/* Append lo..hi of class `cls` to the segments (room for one more). */
static void push_seg(ank_cbuild *b, uint32_t cls, uint32_t lo, uint32_t hi)
{
    ank_cseg *last = b->nsegs ? &b->segs[b->nsegs - 1] : NULL;
    if (last && last->cls == cls && last->hi + 1 == lo)
        last->hi = hi;
    else
        b->segs[b->nsegs++] = (ank_cseg){lo, hi, cls};
}

/* Cut the code points into classes of (D class, lexer column). */
static bool make_classes(ank_cbuild *b)
{
    int col[NB], ncol = 0;
    for (int k = 0; k < NB; k++) {
        col[k] = ncol;
        for (int j = 0; j < k; j++) {
            int s = 0;
            while (s < b->lx.n && !memcmp(&b->lx.tab[s][j], &b->lx.tab[s][k],
                                          sizeof(ank_lex_act)))
                s++;
            if (s == b->lx.n) {
                col[k] = col[j];
                break;
            }
        }
        if (col[k] == ncol)
            ncol++;
    }
    size_t nd = ank__dfa_nclasses(b->d), key_n = nd * (size_t)ncol;
    size_t nr, ranges = 0;
    for (uint32_t dc = 0; dc < nd; dc++)
        ank__dfa_class_ranges(b->d, dc, &nr), ranges += nr;
    uint32_t *index = ank__malloc(key_n * sizeof(uint32_t));
    b->cls = ank__calloc(key_n, sizeof(ank_cclass));
    /* a segment per ASCII code point and per range of D */
    b->segs = ank__malloc((128 + ranges) * sizeof(ank_cseg));
    if (!index || !b->cls || !b->segs) {
        ank__free(index);
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    }
    memset(index, 0xFF, key_n * sizeof(uint32_t));
    /* walk the code points in order, one D range at a time */
    for (uint32_t cp = 0; cp <= 0x10FFFF;) {
        uint32_t dc = ank__dfa_class_of(b->d, cp), hi = cp;
        const uint32_t *r = ank__dfa_class_ranges(b->d, dc, &nr);
        for (size_t i = 0; i < nr; i++)
            if (r[2 * i] <= cp && cp <= r[2 * i + 1])
                hi = r[2 * i + 1];
        if (cp < 128)
            hi = cp; /* ASCII: one code point at a time */
        uint8_t bucket = cp < 128 ? (uint8_t)cp : 128;
        size_t key = dc * (size_t)ncol + (size_t)col[bucket];
        if (index[key] == NONE) {
            index[key] = (uint32_t)b->ncls;
            b->cls[b->ncls].dclass = dc;
            b->cls[b->ncls++].bucket = bucket;
        }
        push_seg(b, index[key], cp, hi);
        cp = hi + 1;
    }
    for (int k = 0; k < 3; k++)
        b->closer_class[k] = ank__dfa_class_of(b->d, (uint32_t)closers[k]);
    ank__free(index);
    b->gwords = (b->ncls + 63) / 64;
    return true;
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

/* The nonterminal (l, q, e), made when new; NONE on failure. */
static uint32_t nterm_of(ank_cbuild *b, uint32_t l, uint32_t q, uint32_t e)
{
    uint64_t key = key_of(l, q, e);
    size_t mask = b->tcap - 1, h = hash_key(key);
    for (h &= mask; b->table[h]; h = (h + 1) & mask)
        if (b->table[h] == key + 1)
            return b->slot[h];
    if (b->nnts >= ANK_COMPLETION_MAX_RULES) {
        ank__completion_fail(b, ANK_ERR_LIMIT,
                             "more than 20000 rules (forbidden patterns "
                             "times lexer states)");
        return NONE;
    }
    if (b->nnts == b->ntcap) {
        size_t cap = b->ntcap ? 2 * b->ntcap : 256;
        ank_nterm *nts = ank__realloc(b->nts, cap * sizeof(ank_nterm));
        if (!nts)
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   NONE;
        b->nts = nts;
        b->ntcap = cap;
    }
    if (2 * (b->nnts + 1) > b->tcap) { /* keep the table half empty */
        if (!grow_table(b))
            return NONE;
        mask = b->tcap - 1;
        for (h = hash_key(key) & mask; b->table[h]; h = (h + 1) & mask)
            ;
    }
    ank_nterm *n = &b->nts[b->nnts];
    memset(n, 0, sizeof *n);
    n->l = (uint8_t)l;
    n->q = q;
    n->e = e;
    b->table[h] = key + 1;
    b->slot[h] = (uint32_t)b->nnts;
    return (uint32_t)b->nnts++;
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
        if (!l || !q)
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   NONE;
        b->ecap = cap;
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
    for (uint32_t q = 0; q < ank__dfa_nstates(b->d); q++)
        if (ank__dfa_next(b->d, q, b->closer_class[k]) == t)
            qs[q / 64] |= (uint64_t)1 << (q % 64);
    uint32_t e = add_end(b, lex, qs);
    ank__free(qs);
    return b->end_of[k][t] = e;
}

/* A new group of the nonterminal being expanded, with no classes yet;
 * NONE when out of memory. */
static uint32_t new_group(ank_cbuild *b, uint32_t target, uint32_t inner,
                          uint8_t closer)
{
    if (b->ngroups == b->gcap) {
        size_t cap = b->gcap ? 2 * b->gcap : 1024;
        ank_cgroup *g = ank__realloc(b->groups, cap * sizeof(ank_cgroup));
        if (g)
            b->groups = g;
        uint64_t *bits = ank__realloc(b->gbits,
                                      cap * b->gwords * sizeof(uint64_t));
        if (bits)
            b->gbits = bits;
        if (!g || !bits)
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   NONE;
        b->gcap = cap;
    }
    uint32_t i = (uint32_t)b->ngroups++;
    b->groups[i] = (ank_cgroup){target, inner, i, closer};
    for (size_t w = 0; w < b->gwords; w++)
        b->gbits[i * b->gwords + w] = 0;
    return i;
}

/* Nonterminal i's plain group to `target`, made when new; NONE on
 * failure. */
static uint32_t plain_group(ank_cbuild *b, uint32_t i, uint32_t target)
{
    if (target == NONE)
        return NONE;
    if (b->nts[target].mark != i + 1) {
        uint32_t g = new_group(b, target, NONE, 0);
        if (g == NONE)
            return NONE;
        b->nts[target].mark = i + 1;
        b->nts[target].group = g;
    }
    return b->nts[target].group;
}

static void add_class(ank_cbuild *b, uint32_t g, size_t c)
{
    b->gbits[g * b->gwords + c / 64] |= (uint64_t)1 << (c % 64);
}

/* Add class c, an opener, to the group (target, inner, closer) among
 * groups[first ..] (few: one per opener and closer target). */
static void add_open(ank_cbuild *b, uint32_t first, size_t c, uint32_t target,
                     uint32_t inner, uint8_t closer)
{
    if (target == NONE || inner == NONE)
        return;
    uint32_t g = first;
    while (g < b->ngroups && (b->groups[g].inner != inner ||
                              b->groups[g].target != target ||
                              b->groups[g].closer != closer))
        g++;
    if (g == b->ngroups && (g = new_group(b, target, inner, closer)) == NONE)
        return;
    add_class(b, g, c);
}

/* Make the alternatives of nonterminal i (which may make new ones). */
static void expand(ank_cbuild *b, uint32_t i)
{
    const ank_nterm n = b->nts[i];
    const ank_dfa *d = b->d;
    uint32_t first = (uint32_t)b->ngroups;
    bool eps = (b->elex[n.e] >> n.l & 1) &&
               (b->eq[n.e * b->words + n.q / 64] >> (n.q % 64) & 1);
    const uint32_t *row = ank__dfa_row(d, n.q);
    for (size_t c = 0; c < b->ncls && b->status == ANK_OK; c++) {
        ank_lex_act a = b->lx.tab[n.l][b->cls[c].bucket];
        uint32_t q2 = row[b->cls[c].dclass];
        if (a.kind != A_GO && a.kind != A_OPEN)
            continue;
        /* most classes lead to a few (lexer, D) states: look them up once */
        if (b->qmark[q2] == i + 1 &&
            (b->qgroup[q2] == NONE ||
             (a.kind == A_GO && b->qlex[q2] == a.next))) {
            if (b->qgroup[q2] != NONE)
                add_class(b, b->qgroup[q2], c);
            continue;
        }
        b->qmark[q2] = i + 1;
        b->qgroup[q2] = NONE;
        if (!ank__dfa_live(d, q2))
            continue;
        if (a.kind == A_GO) {
            uint32_t g = plain_group(b, i, nterm_of(b, a.next, q2, n.e));
            b->qlex[q2] = a.next;
            b->qgroup[q2] = g;
            if (g != NONE)
                add_class(b, g, c);
        } else {
            b->qmark[q2] = 0; /* live, and no plain target known */
            int k = (int)(strchr(closers, a.closer) - closers);
            for (size_t j = 0; j < b->ntargets[k]; j++) {
                uint32_t t = b->targets[k][j];
                uint32_t e = end_of(b, k, t);
                uint32_t inner = e == NONE ? NONE : nterm_of(b, a.inner, q2, e);
                add_open(b, first, c, nterm_of(b, a.next, t, n.e), inner,
                         (uint8_t)a.closer);
            }
        }
    }
    b->nts[i].eps = eps;
    b->nts[i].first = first;
    b->nts[i].ngroups = (uint32_t)b->ngroups - first;
}

/* Which nonterminals derive some text: a fixpoint, last to first (the
 * targets of a nonterminal tend to be made after it). */
static void mark_productive(ank_cbuild *b)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = b->nnts; i-- > 0;) {
            ank_nterm *n = &b->nts[i];
            bool p = n->eps;
            for (uint32_t j = 0; !p && j < n->ngroups; j++) {
                const ank_cgroup *a = &b->groups[n->first + j];
                p = b->nts[a->target].productive &&
                    (a->inner == NONE || b->nts[a->inner].productive);
            }
            if (p && !n->productive)
                n->productive = changed = true;
        }
    }
}

/* For each closer, the live states it leads live states to, and an empty
 * end spec map. */
static bool closer_targets(ank_cbuild *b)
{
    uint32_t n = ank__dfa_nstates(b->d);
    b->qmark = ank__calloc(n + 1, sizeof(uint32_t));
    b->qgroup = ank__malloc((n + 1) * sizeof(uint32_t));
    b->qlex = ank__malloc(n + 1);
    if (!b->qmark || !b->qgroup || !b->qlex)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    for (int k = 0; k < 3; k++) {
        b->targets[k] = ank__malloc((n + 1) * sizeof(uint32_t));
        b->end_of[k] = ank__malloc((n + 1) * sizeof(uint32_t));
        if (!b->targets[k] || !b->end_of[k])
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
        memset(b->end_of[k], 0xFF, (n + 1) * sizeof(uint32_t));
        for (uint32_t p = 0; p < n; p++) {
            uint32_t t = ank__dfa_next(b->d, p, b->closer_class[k]);
            if (ank__dfa_live(b->d, p) && ank__dfa_live(b->d, t) &&
                b->end_of[k][t] == NONE) {
                b->end_of[k][t] = 0; /* seen */
                b->targets[k][b->ntargets[k]++] = t;
            }
        }
        memset(b->end_of[k], 0xFF, (n + 1) * sizeof(uint32_t));
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

/* The nonterminals reachable from N(0, 0, 0), their alternatives, and
 * which of them derive some text. */
bool ank__completion_rules(ank_cbuild *b)
{
    if (!grow_table(b) || !make_classes(b) || !closer_targets(b) ||
        !top_end(b))
        return false;
    nterm_of(b, 0, 0, 0);
    for (size_t i = 0; i < b->nnts && b->status == ANK_OK; i++)
        expand(b, (uint32_t)i);
    if (b->status != ANK_OK)
        return false;
    mark_productive(b);
    if (!b->nts[0].productive)
        return ank__completion_fail(b, ANK_ERR_FORMAT,
                                    "no text avoids the forbidden patterns");
    return true;
}
