/*
 * completion_rules.c - the nonterminals of a completion grammar
 * (completion.c describes the construction).  The code points are cut
 * into classes that the lexer and D treat alike; N(l, q, e) is made when
 * first reached from N(0, 0, 0) and expanded in the order made, with one
 * alternative per class that keeps D live (per opener: one per state a
 * closer can take D to, the bracket's inside ending in that closer's end
 * spec).  The alternatives of a nonterminal that lead to the same place
 * are kept as one group with the bitset of their classes, which is what
 * the grammar prints (one class per group).  Groups are found a bitset
 * at a time: the classes by which D's state goes to one live state,
 * intersected with those by which the lexer's goes to one state (both
 * cut once per state and kept).  Productivity is then a fixpoint over
 * the groups.
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
    n->l = (uint8_t)(key & 0xFF);
    n->q = (uint32_t)(key >> 8);
    n->e = (uint32_t)(key >> 40);
    b->table[h] = key + 1;
    b->slot[h] = (uint32_t)b->nnts;
    return (uint32_t)b->nnts++;
}

/* The nonterminal (l, q, e), made when new; NONE on failure. */
static inline uint32_t nterm_of(ank_cbuild *b, uint32_t l, uint32_t q,
                                uint32_t e)
{
    uint64_t key = key_of(l, q, e);
    size_t mask = b->tcap - 1, h = hash_key(key);
    for (h &= mask; b->table[h]; h = (h + 1) & mask)
        if (b->table[h] == key + 1)
            return b->slot[h];
    return new_nterm(b, key, h);
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

/* Double the room for groups; false when out of memory. */
static bool __attribute__((noinline)) grow_groups(ank_cbuild *b)
{
    size_t cap = b->gcap ? 2 * b->gcap : 1024;
    ank_cgroup *g = ank__realloc(b->groups, cap * sizeof(ank_cgroup));
    if (g)
        b->groups = g;
    uint64_t *gbits = ank__realloc(b->gbits,
                                   cap * b->gwords * sizeof(uint64_t));
    if (gbits)
        b->gbits = gbits;
    if (!g || !gbits)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    b->gcap = cap;
    return true;
}

/* A new group of the nonterminal being expanded, with the classes of
 * `bits` (none when NULL); NONE when out of memory. */
static inline uint32_t new_group(ank_cbuild *b, uint32_t target,
                                 uint32_t inner, uint8_t closer,
                                 const uint64_t *bits)
{
    if (b->ngroups == b->gcap && !grow_groups(b))
        return NONE;
    uint32_t i = (uint32_t)b->ngroups++;
    b->groups[i] = (ank_cgroup){target, inner, i, closer};
    uint64_t *to = b->gbits + i * b->gwords;
    for (size_t w = 0; w < b->gwords; w++)
        to[w] = bits ? bits[w] : 0;
    return i;
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
    if (g == b->ngroups &&
        (g = new_group(b, target, inner, closer, NULL)) == NONE)
        return;
    b->gbits[g * b->gwords + c / 64] |= (uint64_t)1 << (c % 64);
}

/* Lexer state l's classes as bitsets (ank_clex). */
static ank_clex *make_lex(ank_cbuild *b, uint32_t l)
{
    size_t gw = b->gwords, n = b->ncls;
    /* go, open, up to n parts of bits; next and part_of */
    ank_clex *x = ank__calloc(1, sizeof *x + (n + 2) * gw * 8 + 2 * n + 2);
    if (!x) {
        ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    x->go = (uint64_t *)(x + 1);
    x->open = x->go + gw;
    x->bits = x->open + gw;
    x->next = (uint8_t *)(x->bits + n * gw);
    x->part_of = x->next + n + 1;
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
 * each.  False when out of memory. */
static bool make_parts(ank_cbuild *b, uint32_t q)
{
    size_t gw = b->gwords, first = b->nparts;
    const uint32_t *row = ank__dfa_row(b->d, q);
    for (size_t c = 0; c < b->ncls; c++) {
        uint32_t q2 = row[b->cls[c].dclass];
        if (!ank__dfa_live(b->d, q2))
            continue;
        if (b->qmark[q2] != q + 1) {
            if (b->nparts == b->pcap) {
                size_t cap = b->pcap ? 2 * b->pcap : 1024;
                uint32_t *q2s = ank__realloc(b->dq2, cap * sizeof *q2s);
                if (q2s)
                    b->dq2 = q2s;
                uint64_t *bits = ank__realloc(b->dbits, cap * gw * 8);
                if (bits)
                    b->dbits = bits;
                if (!q2s || !bits)
                    return ank__completion_fail(b, ANK_ERR_NOMEM,
                                                "out of memory");
                b->pcap = cap;
            }
            b->qmark[q2] = q + 1;
            b->qgroup[q2] = (uint32_t)b->nparts;
            b->dq2[b->nparts] = q2;
            memset(b->dbits + b->nparts++ * gw, 0, gw * 8);
        }
        b->dbits[b->qgroup[q2] * gw + c / 64] |= (uint64_t)1 << (c % 64);
    }
    b->dfirst[q] = (uint32_t)first;
    b->dcount[q] = (uint32_t)(b->nparts - first);
    return true;
}

/*
 * Make the alternatives of nonterminal i (which may make new ones).
 * Each (lexer, D) state that i's classes lead to is a plain group: the
 * classes of one D part that go to one lexer state.  They are found a
 * set of classes at a time, then made in the order of their first
 * classes (with the openers among them), which is the order a walk over
 * the classes would make the nonterminals in.
 */
static void expand(ank_cbuild *b, uint32_t i)
{
    const ank_nterm n = b->nts[i];
    uint32_t first = (uint32_t)b->ngroups;
    size_t gw = b->gwords;
    bool eps = (b->elex[n.e] >> n.l & 1) &&
               (b->eq[n.e * b->words + n.q / 64] >> (n.q % 64) & 1);
    const ank_clex *x = b->lex[n.l] ? b->lex[n.l] : make_lex(b, n.l);
    if (!x || (b->dfirst[n.q] == NONE && !make_parts(b, n.q)))
        return;
    /* the classes of a part not yet cut: past 256 classes, the scratch
     * after the last class's */
    uint64_t *efirst = b->efirst, rest[4];
    uint64_t *r = gw <= 4 ? rest : b->ebits + b->ncls * gw;
    memset(efirst, 0, gw * 8);
    for (uint32_t p = b->dfirst[n.q]; p < b->dfirst[n.q] + b->dcount[n.q];
         p++) {
        const uint64_t *dbits = b->dbits + p * gw;
        uint32_t q2 = b->dq2[p];
        bool any = false;
        for (size_t w = 0; w < gw; w++) {
            uint64_t o = dbits[w] & x->open[w];
            r[w] = dbits[w] & x->go[w];
            any = any || r[w];
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
                const uint64_t *lbits = x->bits + x->part_of[c] * gw;
                uint64_t *to = b->ebits + c * gw;
                for (size_t v = w; v < gw; v++) {
                    to[v] = r[v] & lbits[v];
                    r[v] &= ~to[v];
                }
                for (size_t v = 0; v < w; v++)
                    to[v] = 0;
                efirst[w] |= (uint64_t)1 << (c % 64);
                b->elex_to[c] = x->next[x->part_of[c]];
                b->eq2[c] = q2;
            }
        }
    }
    for (size_t w = 0; w < gw && b->status == ANK_OK; w++) {
        for (uint64_t f = efirst[w]; f && b->status == ANK_OK; f &= f - 1) {
            size_t c = w * 64 + (size_t)__builtin_ctzll(f);
            uint32_t q2 = b->eq2[c];
            if (b->elex_to[c] != NONE) {
                uint32_t t = nterm_of(b, b->elex_to[c], q2, n.e);
                if (t != NONE)
                    new_group(b, t, NONE, 0, b->ebits + c * gw);
                continue;
            }
            ank_lex_act a = b->lx.tab[n.l][b->cls[c].bucket];
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
 * end spec map; expand's scratch. */
static bool closer_targets(ank_cbuild *b)
{
    uint32_t n = ank__dfa_nstates(b->d);
    size_t gw = b->gwords;
    b->qmark = ank__calloc(n + 1, sizeof(uint32_t));
    b->qgroup = ank__malloc((n + 1) * sizeof(uint32_t));
    b->dfirst = ank__malloc((n + 1) * sizeof(uint32_t));
    b->dcount = ank__malloc((n + 1) * sizeof(uint32_t));
    b->elex_to = ank__malloc((b->ncls + 1) * sizeof(uint32_t));
    b->eq2 = ank__malloc((b->ncls + 1) * sizeof(uint32_t));
    b->ebits = ank__malloc((b->ncls + 1) * gw * sizeof(uint64_t));
    b->efirst = ank__malloc(gw * sizeof(uint64_t));
    if (!b->qmark || !b->qgroup || !b->dfirst || !b->dcount || !b->elex_to ||
        !b->eq2 || !b->ebits || !b->efirst)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    memset(b->dfirst, 0xFF, (n + 1) * sizeof(uint32_t));
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
