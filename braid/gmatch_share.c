/*
 * gmatch_share.c - find the scanning items whose token classes are equal
 * (gmatch_share.h) by hash-consing what follows each item.
 *
 * The token class of an item depends on the symbols after it in its
 * production and, when its rule is a helper used in one place, on that
 * helper's productions and on what follows the use site, up to the first
 * named rule (gmatch_cache.h, gmatch_earley.h).  Each of these is
 * interned as a sequence of numbers (in a list table of dfa_min.h), so
 * two items share a key exactly when their parses from a virtual origin
 * are the same up to renaming helper rules:
 *
 *   local(x) = LOC, symbol x, local(x + 1)     LEND at the production's end
 *   canon(h) = CANON, productions of h         (h itself written SELF)
 *   tail(r)  = HELP, canon(r), key(use + 1)    for a helper with one use
 *            | NAMED, r                        otherwise
 *   key(x)   = KEY, local(x), tail(rule of x)
 *
 * A rule is written by its number when it is named; a helper by its
 * canon, or by its number if its canon is not known (a cycle through
 * helpers, which the reader does not make; numbers only ever split keys).
 */
#include "gmatch_share.h"

#include <stdbool.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "dfa_min.h"

enum { T_LEND = 1, T_LOC, T_CANON, T_NAMED, T_HELP, T_KEY };
enum { K_TERM, K_RULE, K_CANON, K_SELF };
#define NONE UINT32_MAX

typedef struct share {
    const ank_gbnf *g;
    ank_dfa_tab tab; /* the sequences, numbered in order */
    bool nomem;
    uint32_t *local; /* per item */
    uint32_t *canon; /* per helper rule, NONE until known */
    uint32_t *tail;  /* per rule, NONE until known */
    uint8_t *state;  /* per rule: 0 new, 1 being visited, 2 done */
    uint32_t *seq;   /* scratch for a canon */
    size_t seqcap;
} share;

/* The number of sequence v[0, n); NONE (and s->nomem) when out of
 * memory. */
static uint32_t intern(share *s, const uint32_t *v, size_t n)
{
    if (s->nomem)
        return NONE;
    uint32_t h = (uint32_t)ank__dfa_hash_words(v, n, 1);
    uint32_t k = ank__dfa_tab_find(&s->tab, v, n, h);
    if (k != ANK_RX_NONE)
        return k;
    k = (uint32_t)s->tab.n;
    if (!ank__dfa_tab_add(&s->tab, v, n, h, k)) {
        s->nomem = true;
        return NONE;
    }
    return k;
}

static uint32_t intern4(share *s, uint32_t a, uint32_t b, uint32_t c,
                        uint32_t d, size_t len)
{
    uint32_t v[4] = {a, b, c, d};
    return intern(s, v, len);
}

/* The locals of every item of rule r's productions. */
static void locals_of(share *s, uint32_t r)
{
    const ank_gbnf *g = s->g;
    uint32_t lend = intern4(s, T_LEND, 0, 0, 0, 1);
    for (uint32_t p = g->rule_prod[r]; p < g->rule_prod[r + 1]; p++) {
        uint32_t end = g->prod_item[p];
        while (g->sym[end] != ANK__GBNF_END)
            end++;
        s->local[end] = lend;
        for (uint32_t x = end; x-- > g->prod_item[p];) {
            int32_t y = g->sym[x];
            uint32_t kind = K_TERM, val = (uint32_t)(-1 - (int64_t)y);
            if (y >= 0 && (uint32_t)y == r && !g->named[r]) {
                kind = K_SELF;
                val = 0;
            } else if (y >= 0) {
                bool canon = !g->named[y] && s->canon[y] != NONE;
                kind = canon ? K_CANON : K_RULE;
                val = canon ? s->canon[y] : (uint32_t)y;
            }
            s->local[x] = intern4(s, T_LOC, kind, val, s->local[x + 1], 4);
        }
    }
}

static bool canon_of(share *s, uint32_t h)
{
    const ank_gbnf *g = s->g;
    locals_of(s, h);
    size_t n = 2 + g->rule_prod[h + 1] - g->rule_prod[h];
    if (!ank__array_reserve((void **)&s->seq, &s->seqcap, 0, n, sizeof *s->seq))
        return false;
    s->seq[0] = T_CANON;
    s->seq[1] = (uint32_t)(n - 2);
    for (uint32_t p = g->rule_prod[h]; p < g->rule_prod[h + 1]; p++)
        s->seq[2 + p - g->rule_prod[h]] = s->local[g->prod_item[p]];
    s->canon[h] = intern(s, s->seq, n);
    return true;
}

/* The first helper that the items of rule r from production c[1], item
 * c[2] on refer to and that is not visited yet; NONE when there is none.
 * The cursor moves past it. */
static uint32_t next_helper(share *s, uint32_t r, uint32_t *c)
{
    const ank_gbnf *g = s->g;
    for (; c[1] < g->rule_prod[r + 1]; c[2] = NONE) {
        if (c[2] == NONE)
            c[2] = g->prod_item[c[1]];
        for (int32_t y; (y = g->sym[c[2]]) != ANK__GBNF_END;) {
            c[2]++;
            if (y >= 0 && (uint32_t)y != r && !g->named[y] && s->state[y] == 0)
                return (uint32_t)y;
        }
        c[1]++;
    }
    return NONE;
}

/* Canons of the helpers, those a helper refers to first: depth first, on
 * a stack of (rule, production, item) cursors. */
static bool canons(share *s)
{
    const ank_gbnf *g = s->g;
    uint32_t *stack = ank__malloc(3 * ((size_t)g->nrules + 1) * sizeof *stack);
    if (!stack)
        return false;
    bool ok = true;
    for (uint32_t h = 0; h < g->nrules && ok; h++) {
        if (g->named[h] || s->state[h])
            continue;
        size_t sp = 0;
        for (uint32_t y = h; y != NONE && ok;) {
            s->state[y] = 1;
            stack[sp] = y;
            stack[sp + 1] = g->rule_prod[y];
            stack[sp + 2] = NONE;
            sp += 3;
            for (y = NONE; sp && y == NONE && ok;) {
                uint32_t *c = &stack[sp - 3];
                y = next_helper(s, c[0], c);
                if (y == NONE) {
                    ok = canon_of(s, c[0]);
                    s->state[c[0]] = 2;
                    sp -= 3;
                }
            }
        }
    }
    ank__free(stack);
    return ok;
}

static uint32_t key_of(share *s, uint32_t x)
{
    return intern4(s, T_KEY, s->local[x], s->tail[s->g->item_rule[x]], 0, 3);
}

/* tail(r), and the tails of the helpers on the way from r to the first
 * named rule (kept in way[]).  state 3 marks a rule on the way. */
static void tail_of(share *s, uint32_t r, uint32_t *way)
{
    const ank_gbnf *g = s->g;
    size_t n = 0;
    uint32_t x = r;
    while (s->tail[x] == NONE && s->state[x] != 3 && !g->named[x] &&
           g->use_site[x] != ANK__GBNF_NONE) {
        s->state[x] = 3;
        way[n++] = x;
        x = g->item_rule[g->use_site[x]];
    }
    if (s->tail[x] == NONE) /* named, used in several places, or a cycle */
        s->tail[x] = intern4(s, T_NAMED, x, 0, 0, 2);
    while (n--) {
        uint32_t y = way[n];
        s->state[y] = 2;
        if (s->tail[y] != NONE)
            continue;
        bool canon = s->canon[y] != NONE;
        s->tail[y] = intern4(s, T_HELP, canon ? K_CANON : K_RULE,
                             canon ? s->canon[y] : y,
                             key_of(s, g->use_site[y] + 1), 4);
    }
}

static void share_release(share *s)
{
    ank__free(s->local);
    ank__free(s->canon);
    ank__free(s->tail);
    ank__free(s->state);
    ank__free(s->seq);
    ank__free(s->tab.pool);
    ank__free(s->tab.ent);
    ank__free(s->tab.table);
}

uint32_t *ank__gmatch_share(const ank_gbnf *g)
{
    share s = {.g = g};
    uint32_t *rep = ank__malloc((g->nitems + 1) * sizeof *rep);
    s.local = ank__malloc((g->nitems + 1) * sizeof *s.local);
    s.canon = ank__malloc((g->nrules + 1) * sizeof *s.canon);
    s.tail = ank__malloc((g->nrules + 1) * sizeof *s.tail);
    s.state = ank__calloc(g->nrules + 1, 1);
    bool ok = rep && s.local && s.canon && s.tail && s.state;
    if (ok) {
        memset(s.canon, 0xff, g->nrules * sizeof *s.canon);
        memset(s.tail, 0xff, g->nrules * sizeof *s.tail);
        ok = canons(&s);
    }
    for (uint32_t r = 0; r < g->nrules && ok; r++)
        if (g->named[r])
            locals_of(&s, r);
    uint32_t *way = ok ? ank__malloc((g->nrules + 1) * sizeof *way) : NULL;
    ok = ok && way;
    for (uint32_t r = 0; r < g->nrules && ok; r++)
        tail_of(&s, r, way);
    ank__free(way);
    /* rep[] first holds each scanning item's key, then the first item
     * with that key (first[] over the keys). */
    uint32_t *first = NULL;
    if (ok && !s.nomem) {
        for (uint32_t i = 0; i < g->nitems; i++)
            rep[i] = g->sym[i] < 0 && g->sym[i] != ANK__GBNF_END
                         ? key_of(&s, i)
                         : NONE;
        first = ank__malloc((s.tab.n + 1) * sizeof *first);
    }
    ok = ok && first && !s.nomem;
    if (ok) {
        memset(first, 0xff, s.tab.n * sizeof *first);
        for (uint32_t i = 0; i < g->nitems; i++) {
            uint32_t k = rep[i];
            if (k == NONE) {
                rep[i] = i;
                continue;
            }
            if (first[k] == NONE)
                first[k] = i;
            rep[i] = first[k];
        }
    }
    ank__free(first);
    share_release(&s);
    if (!ok) {
        ank__free(rep);
        return NULL;
    }
    return rep;
}
