/*
 * completion.c - the grammar of a hole's completion: balanced brackets
 * outside literals and comments, Python's indentation, and no match of the
 * forbidden patterns (docs/regex.md).
 *
 * Two automata run side by side over the text: a small lexer (per
 * language; its states say whether we are in code, a string, a comment;
 * some of its transitions open or close a bracket) and D, the complement
 * of the DFA that accepts texts containing a forbidden match.  A
 * nonterminal N(l, q, e) derives the texts that, read from lexer state l
 * and D state q, never reach D's dead state and stop in end spec e: a set
 * of lexer states times a set of D states.  Spec 0 is the completion's
 * (lexer states where the text may end, accepting D states); the inside of
 * a bracket closed by c after which D is in t stops where c closes a
 * bracket and takes D to t.  So a bracket's inside "returns" the D state
 * after its closer, which is exact, and brackets whose specs are equal
 * share nonterminals: when no pattern has a closer before its end there is
 * one spec for all closers.  Rules are right-linear per (l, q, e) plus one
 * alternative per opener and target:
 *   N(l, q, e) ::= "" (when (l, q) is in e)
 *               |  [chars] N(l', q', e) ...
 *               |  [opener] N(in, q', e_ct) "c" N(ret, t, e) ...
 * Only the nonterminals reachable from the start are made, then the ones
 * that derive nothing are dropped.  Invariants: every loop is bounded by
 * the counts of lexer states (MAXL), D states, classes and
 * ANK_COMPLETION_MAX_RULES.
 *
 * The lexers are built in completion_lexer.c and the nonterminals in
 * completion_rules.c; this file checks the arguments, writes the
 * productive nonterminals into the grammar, and runs both automata over a
 * text for ank__completion_check.
 */
#include "completion.h"

#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "completion_rules.h"
#include "regex.h"
#include "sort.h"

#define NONE UINT32_MAX

/* ----------------------------------------------------------- output */

/*
 * Nodes are immutable, so emit shares them: one reference per rule, one
 * class per distinct set of classes, one sequence per distinct
 * alternative (classes, inside, closer, target).  They are at most five
 * nodes, which the printers write inline wherever they occur
 * (grammar_print.c), so the text is what separate copies would print.
 * An alternative is looked up once, by its classes and its packed
 * (target, inside, closer); only a new one looks up its class.
 */
typedef struct shared_class {
    uint32_t hash; /* first: see find() */
    uint32_t set;  /* a group whose bitset is the key */
    ank_gexpr *cls;
} shared_class;

typedef struct shared_alt {
    uint32_t hash; /* first: see find() */
    uint32_t set;  /* a group whose bitset is the classes */
    uint64_t key;  /* pack() */
    ank_gexpr *seq;
} shared_alt;

/* Entries made so far, found through an open-addressing table of entry
 * index + 1 (0 free) kept at most half full. */
typedef struct shared {
    void *v;       /* shared_class or shared_alt */
    size_t n, cap;
    uint32_t *tab;
    size_t tcap;
} shared;

/* A productive group of the nonterminal being written, by print order. */
typedef struct sort_key {
    uint64_t key; /* inside, then target, then closer */
    uint32_t group;
} sort_key;

typedef struct emitter {
    ank_cbuild *b;
    ank_gram *g;
    shared classes, alts;
    uint32_t *ranges;      /* scratch: 2 per segment, and 2 */
} emitter;

/* Targets and insides are below 2^20 (ANK_COMPLETION_MAX_RULES). */
_Static_assert(ANK_COMPLETION_MAX_RULES < (1 << 20) - 1, "packed keys");

static uint64_t pack(const ank_cgroup *a)
{
    return (uint64_t)a->target | (uint64_t)(a->inner + 1) << 20 |
           (uint64_t)a->closer << 40;
}

static bool emit_nomem(emitter *em)
{
    return ank__completion_fail(em->b, ANK_ERR_NOMEM, "out of memory");
}

/* The bits of a group's classes, and `key`, hashed. */
static uint32_t hash_of(const uint64_t *w, size_t n, uint64_t key)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ w[i]) * 0xBF58476D1CE4E5B9ull;
    return (uint32_t)(h >> 32);
}

static bool same_bits(const uint64_t *a, const uint64_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* Add entry `e` of `size` bytes (which starts with its hash) to `t`,
 * in table slot `h` unless the table grows; false when out of memory. */
static bool insert(emitter *em, shared *t, const void *e, size_t size,
                   size_t h)
{
    uint32_t hash = *(const uint32_t *)e;
    if (t->n == t->cap && !ank__array_reserve(&t->v, &t->cap, t->n, 1, size))
        return emit_nomem(em);
    if (2 * (t->n + 1) > t->tcap) {
        size_t cap = 2 * t->tcap, mask = cap - 1;
        uint32_t *tab = ank__calloc(cap, sizeof *tab);
        if (!tab)
            return emit_nomem(em);
        for (size_t i = 0; i < t->n; i++) {
            const char *x = (const char *)t->v + i * size;
            for (h = *(const uint32_t *)x & mask; tab[h]; h = (h + 1) & mask)
                ;
            tab[h] = (uint32_t)i + 1;
        }
        for (h = hash & mask; tab[h]; h = (h + 1) & mask)
            ;
        ank__free(t->tab);
        t->tab = tab;
        t->tcap = cap;
    }
    memcpy((char *)t->v + t->n * size, e, size);
    t->tab[h] = (uint32_t)++t->n;
    return true;
}

/* The class of the union of a group's classes: its segments in code
 * point order, adjacent ones merged.  A class holding all of non-ASCII is
 * written as the negation of its ASCII complement: XGrammar reads negated
 * classes right but not positive ones that reach past ASCII. */
static ank_gexpr *make_class(emitter *em, const uint64_t *bits)
{
    const ank_cbuild *b = em->b;
    uint32_t *r = em->ranges;
    size_t k = 0;
    for (size_t i = 0; i < b->nsegs; i++) {
        const ank_cseg *s = &b->segs[i];
        if (!(bits[s->cls / 64] >> (s->cls % 64) & 1))
            continue;
        if (k && s->lo == r[2 * k - 1] + 1) {
            r[2 * k - 1] = s->hi;
        } else {
            r[2 * k] = s->lo;
            r[2 * k + 1] = s->hi;
            k++;
        }
    }
    if (k == 0 || r[2 * k - 1] != 0x10FFFF || r[2 * k - 2] > 0x80)
        return ank__g_class(em->g, false, r, k);
    /* the ASCII gaps, in place: each gap ends before a range starts */
    size_t gaps = 0;
    uint32_t from = 0;
    for (size_t i = 0; i < k; i++) {
        uint32_t lo = r[2 * i], hi = r[2 * i + 1];
        if (lo > from) {
            r[2 * gaps] = from;
            r[2 * gaps + 1] = lo - 1;
            gaps++;
        }
        from = hi + 1;
    }
    return ank__g_class(em->g, true, r, gaps);
}

/* The class of group `set`, made once per distinct set; NULL on failure. */
static ank_gexpr *class_of(emitter *em, uint32_t set)
{
    const ank_cbuild *b = em->b;
    const uint64_t *bits = b->gbits + set * b->gwords;
    const shared *t = &em->classes;
    uint32_t hash = hash_of(bits, b->gwords, 0);
    size_t mask = t->tcap - 1, h = hash & mask;
    for (; t->tab[h]; h = (h + 1) & mask) {
        const shared_class *x = (const shared_class *)t->v + t->tab[h] - 1;
        if (x->hash == hash &&
            same_bits(b->gbits + x->set * b->gwords, bits, b->gwords))
            return x->cls;
    }
    shared_class x = {hash, set, make_class(em, bits)};
    if (ank__gram_failed(em->g))
        return emit_nomem(em), NULL;
    return insert(em, &em->classes, &x, sizeof x, h) ? x.cls : NULL;
}

/* The reference to nonterminal i's rule, made once. */
static ank_gexpr *ref_of(emitter *em, uint32_t i)
{
    ank_nterm *n = &em->b->nts[i];
    if (!n->ref)
        n->ref = ank__g_ref(em->g, n->rule);
    return n->ref;
}

/* The new alternative of group `a` (key, hash), whose free table slot
 * is h.  NULL on failure. */
static ank_gexpr *__attribute__((noinline))
new_alternative(emitter *em, const ank_cgroup *a, uint64_t key, uint32_t hash,
                size_t h)
{
    ank_gexpr *cls = class_of(em, a->set), *seq;
    if (!cls)
        return NULL;
    ank_gexpr *next = ref_of(em, a->target);
    if (a->inner == NONE) {
        seq = ank__g_seq2(em->g, cls, next);
    } else {
        char closer = (char)a->closer;
        ank_gexpr *items[4] = {cls, ref_of(em, a->inner),
                               ank__g_lit(em->g, &closer, 1), next};
        seq = ank__g_seq(em->g, items, 4);
    }
    if (ank__gram_failed(em->g))
        return emit_nomem(em), NULL;
    shared_alt x = {hash, a->set, key, seq};
    return insert(em, &em->alts, &x, sizeof x, h) ? seq : NULL;
}

/* The alternative of group `a`: its class, then the bracket's inside and
 * closer when it opens one, then its target; made once per distinct
 * alternative.  NULL on failure. */
static inline ank_gexpr *alternative(emitter *em, const ank_cgroup *a)
{
    const ank_cbuild *b = em->b;
    const uint64_t *bits = b->gbits + a->set * b->gwords;
    const shared *t = &em->alts;
    uint64_t key = pack(a);
    uint32_t hash = hash_of(bits, b->gwords, key);
    size_t mask = t->tcap - 1, h = hash & mask;
    for (; t->tab[h]; h = (h + 1) & mask) {
        const shared_alt *x = (const shared_alt *)t->v + t->tab[h] - 1;
        if (x->key == key &&
            same_bits(b->gbits + x->set * b->gwords, bits, b->gwords))
            return x->seq;
    }
    return new_alternative(em, a, key, hash, h);
}

static int cmp_key(const void *x, const void *y)
{
    const sort_key *a = x, *c = y;
    return a->key < c->key ? -1 : a->key > c->key;
}

/* Alternatives print by inside (none last), then target, then closer. */
static void sort_keys(sort_key *v, size_t m)
{
    if (m > SORT_SMALL) {
        qsort(v, m, sizeof *v, cmp_key);
        return;
    }
    for (size_t s = 1; s < m; s++) {
        sort_key x = v[s];
        size_t j = s;
        for (; j > 0 && v[j - 1].key > x.key; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* "`name`_`i`" into hint, cut to 31 bytes as snprintf would: distinct
 * hints spare the printer renaming. */
static void make_hint(char hint[32], const char *name, size_t i)
{
    char digits[24];
    size_t n = 0, k = 0;
    do
        digits[k++] = (char)('0' + i % 10);
    while ((i /= 10) > 0);
    for (; *name && n < 31; name++)
        hint[n++] = *name;
    if (n < 31)
        hint[n++] = '_';
    while (k && n < 31)
        hint[n++] = digits[--k];
    hint[n] = '\0';
}

/* One rule per productive nonterminal. */
static ank_grule *emit(ank_cbuild *b, ank_gram *g)
{
    emitter em = {.b = b, .g = g};
    size_t maxgroups = 0;
    for (size_t i = 0; i < b->nnts; i++) {
        ank_nterm *n = &b->nts[i];
        char hint[32];
        if (n->productive) {
            make_hint(hint, b->lx.name[n->l], i);
            n->rule = ank__gram_declare(g, hint);
        }
        if (n->ngroups > maxgroups)
            maxgroups = n->ngroups;
    }
    sort_key *list = ank__malloc((maxgroups + 1) * sizeof(sort_key));
    ank_gexpr **items = ank__malloc((maxgroups + 1) * sizeof(ank_gexpr *));
    em.ranges = ank__malloc((2 * b->nsegs + 2) * sizeof(uint32_t));
    em.classes.tab = ank__calloc(em.classes.tcap = 256, sizeof(uint32_t));
    em.alts.tab = ank__calloc(em.alts.tcap = 1024, sizeof(uint32_t));
    if (!list || !items || !em.ranges || !em.classes.tab || !em.alts.tab) {
        emit_nomem(&em);
        goto done;
    }
    for (size_t i = 0; i < b->nnts && b->status == ANK_OK; i++) {
        const ank_nterm *n = &b->nts[i];
        if (!n->productive)
            continue;
        size_t m = 0;
        for (uint32_t j = n->first; j < n->first + n->ngroups; j++) {
            const ank_cgroup *a = &b->groups[j];
            if (b->nts[a->target].productive &&
                (a->inner == NONE || b->nts[a->inner].productive))
                list[m++] = (sort_key){(uint64_t)a->inner << 32 |
                                           (uint64_t)a->target << 8 |
                                           a->closer,
                                       j};
        }
        sort_keys(list, m);
        for (size_t j = 0; j < m; j++)
            if (!(items[j] = alternative(&em, &b->groups[list[j].group])))
                goto done;
        /* as ank__g_alt() would write an empty first alternative */
        ank_gexpr *body = m == 1 ? items[0] : NULL;
        if (n->eps && m == 0)
            body = ank__g_empty(g);
        else if (!body)
            body = ank__g_alt(g, items, m);
        if (n->eps && m)
            body = ank__g_rep(g, body, 0, 1);
        ank__gram_define(g, n->rule, body);
    }
done:
    ank__free(list);
    ank__free(items);
    ank__free(em.ranges);
    ank__free(em.classes.v);
    ank__free(em.classes.tab);
    ank__free(em.alts.v);
    ank__free(em.alts.tab);
    if (b->status == ANK_OK && ank__gram_failed(g))
        emit_nomem(&em);
    return b->status == ANK_OK ? b->nts[0].rule : NULL;
}

static void release(ank_cbuild *b)
{
    ank__dfa_free(b->d);
    ank__free(b->cls);
    ank__free(b->segs);
    for (int l = 0; l < MAXL; l++)
        ank__free(b->lex[l]);
    ank__free(b->dfirst);
    ank__free(b->dcount);
    ank__free(b->dq2);
    ank__free(b->dbits);
    ank__free(b->elex_to);
    ank__free(b->eq2);
    ank__free(b->ebits);
    ank__free(b->efirst);
    for (int k = 0; k < 3; k++) {
        ank__free(b->targets[k]);
        ank__free(b->end_of[k]);
    }
    ank__free(b->elex);
    ank__free(b->eq);
    ank__free(b->nts);
    ank__free(b->groups);
    ank__free(b->gbits);
    ank__free(b->table);
    ank__free(b->slot);
    ank__free(b->qmark);
    ank__free(b->qgroup);
    ank__free(b);
}

/* Check the arguments, make the lexer and D (complemented).  NULL with
 * `error` set on failure. */
static ank_cbuild *prepare(ank_lang lang, const char *indent,
                      const char *const *forbid, size_t nforbid,
                      ank_error *error)
{
    if ((nforbid && !forbid) || lang <= ANK_LANG_UNKNOWN ||
        lang >= ANK_LANG_COUNT_) {
        ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                  "completion grammar: bad argument");
        return NULL;
    }
    if (strspn(indent, " \t") != strlen(indent)) {
        ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                  "completion grammar: indentation must be spaces and tabs");
        return NULL;
    }
    if (strlen(indent) > ANK_COMPLETION_MAX_INDENT) {
        ank__fail(error, ANK_ERR_LIMIT, "completion grammar: indentation "
                                        "deeper than 40 bytes");
        return NULL;
    }
    ank_cbuild *b = ank__calloc(1, sizeof *b);
    if (!b) {
        ank__fail(error, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    b->error = error;
    if (lang == ANK_LANG_PYTHON)
        ank__completion_python_lexer(&b->lx, indent);
    else
        ank__completion_brace_lexer(&b->lx, lang);
    b->status = ank__dfa_build(forbid, nforbid, false, &b->d, error);
    if (b->status == ANK_OK) {
        ank__dfa_complement(b->d);
        if (!ank__dfa_live(b->d, 0))
            ank__completion_fail(b, ANK_ERR_FORMAT, "the forbidden patterns "
                                                    "match every text");
    }
    if (b->status != ANK_OK) {
        release(b);
        return NULL;
    }
    return b;
}

ank_grule *ank__grammar_completion(ank_gram *g, ank_lang lang,
                                   const char *indent,
                                   const char *const *forbid, size_t nforbid,
                                   ank_error *error)
{
    if (!g) {
        ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                  "completion grammar: bad argument");
        return NULL;
    }
    ank_cbuild *b = prepare(lang, indent ? indent : "", forbid, nforbid, error);
    if (!b)
        return NULL;
    ank_grule *root = ank__completion_rules(b) ? emit(b, g) : NULL;
    release(b);
    return root;
}

/* ------------------------------------------------------------ check */

static ank_status reject_at(ank_cbuild *b, size_t at, const char *why)
{
    return ank__error_set(b->error, ANK_ERR_FORMAT, 0, 0, (int64_t)at,
                          "completion: %s (at byte %zu)", why, at);
}

ank_status ank__completion_check(ank_lang lang, const char *indent,
                                 const char *const *forbid, size_t nforbid,
                                 const char *text, size_t len,
                                 ank_error *error)
{
    if (!text && len) {
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "completion: NULL text");
    }
    ank_cbuild *b = prepare(lang, indent ? indent : "", forbid, nforbid, error);
    if (!b)
        return error ? error->code : ANK_ERR_INVALID_ARGUMENT;
    /* the open brackets: their closers and the lexer states after them */
    uint8_t *stack = ank__malloc(2 * (len + 1));
    size_t depth = 0;
    uint32_t l = 0, q = 0;
    ank_status st = ANK_OK;
    if (!stack)
        st = ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < len && st == ANK_OK;) {
        size_t at = i;
        uint32_t cp = ank__regex_utf8_next(text, len, &i);
        if (cp == NONE) {
            st = reject_at(b, at, "invalid UTF-8");
            break;
        }
        ank_lex_act a = b->lx.tab[l][cp < 128 ? cp : 128];
        q = ank__dfa_next(b->d, q, ank__dfa_class_of(b->d, cp));
        if (!ank__dfa_live(b->d, q))
            st = reject_at(b, at, "a forbidden pattern matches here");
        else if (a.kind == A_REJECT)
            st = reject_at(b, at, strcmp(b->lx.name[l], "indent") &&
                                          strcmp(b->lx.name[l], "blank")
                                      ? "unexpected character"
                                      : "the line lacks the body's "
                                        "indentation");
        else if (a.kind == A_GO)
            l = a.next;
        else if (a.kind == A_OPEN) {
            stack[2 * depth] = a.closer;
            stack[2 * depth++ + 1] = a.next;
            l = a.inner;
        } else if (depth == 0 || stack[2 * (depth - 1)] != cp) {
            st = reject_at(b, at, "unbalanced closing bracket");
        } else {
            l = stack[2 * --depth + 1];
        }
    }
    if (st == ANK_OK && depth)
        st = reject_at(b, len, "unclosed bracket");
    else if (st == ANK_OK && !b->lx.end_ok[l])
        st = reject_at(b, len, "the text ends inside a literal or comment");
    else if (st == ANK_OK && !ank__dfa_accepting(b->d, q))
        st = reject_at(b, len, "a forbidden pattern matches at the end");
    ank__free(stack);
    release(b);
    return st;
}
