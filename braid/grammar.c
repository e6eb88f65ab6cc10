/*
 * grammar.c - the grammar model of grammar.h: the arena, expressions and
 * rules (grammar_print.c prints them).
 *
 * The grammar, every node and every rule live in the grammar's arena.
 * Constructors normalise as they build, so the printers never see
 * degenerate shapes: a sequence holds no empty items, no nested
 * sequences of up to FLAT_MAX items and no two adjacent literals; an
 * alternation holds at least two items, none
 * empty (an empty member turns the alternation into an optional) and no
 * nested alternations of up to FLAT_MAX items (a longer one stays a single
 * item: copying it into every place a generator uses it could grow the
 * model exponentially with nesting); a
 * repetition is never of the empty string, never {1,1} and never {0,0};
 * classes are sorted, merged, clipped to Unicode scalar values.  Each node
 * also records what the Lark printer needs to fold it into one regex
 * (nullable, lexical, first characters).  Failures are sticky: out of
 * memory sets `nomem` (reported as ANK_ERR_NOMEM; so is a literal, class,
 * list or hint longer than the 32 bits a node's counts hold), a misuse
 * (empty alternation, empty class, second definition, min > max) sets
 * `misuse` (ANK_ERR_INTERNAL); both hand back the grammar's `fail` node,
 * which poisons whatever is built from it.  Nodes are written whole, not
 * taken zeroed from the arena; a node and its text, ranges or items are
 * one allocation.  A rule's body may instead be prebuilt text (GK_TEXT,
 * for fixed rules that many grammars hold), which is never an item.
 * ank__g_seq_ready and ank__g_alt_ready trust their caller that the items
 * are normalised already and only gather the node's facts.
 */
#include "grammar_int.h"

#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/text.h"
#include "sort.h"

/* Bounds above this are not folded into a Lark regex. */
#define REGEX_MAX_COUNT 100

/* Nested sequences and alternations up to this long are flattened. */
#define FLAT_MAX 64

/* What a constructor hands back when it has no grammar at all. */
static ank_gexpr no_grammar = {.kind = GK_FAIL};

/* The first block of a grammar's arena, which also holds the grammar
 * itself: room for the ~20-node grammars compiled by the hundred, and
 * for their printer (ank__gprint_new() takes the room left), so that
 * such a grammar costs one malloc (of 4 KB, with the block's header).
 * Later blocks grow as they would after a default first block. */
#define GRAM_FIRST_BLOCK 4064

ank_gram *ank__gram_new(void)
{
    ank_arena arena = {NULL, GRAM_FIRST_BLOCK, 0};
    ank_gram *g = ank__arena_take(&arena, sizeof *g);
    if (!g)
        return NULL;
    *g = (ank_gram){.arena = arena};
    g->arena.next_size = 2 * ANK_ARENA_FIRST_BLOCK;
    g->fail.kind = GK_FAIL;
    g->empty.kind = GK_EMPTY;
    g->empty.nullable = true;
    g->rules = g->rules_local, g->caprules = GRAM_LOCAL_RULES;
    g->keys = g->keys_local, g->capkeys = GRAM_LOCAL_KEYS;
    return g;
}

void ank__gram_free(ank_gram *g)
{
    if (!g)
        return;
    if (g->rules != g->rules_local)
        ank__free(g->rules);
    if (g->keys != g->keys_local)
        ank__free(g->keys);
    ank_arena arena = g->arena; /* which holds g */
    ank__arena_release(&arena);
}

bool ank__gram_failed(const ank_gram *g) { return !g || g->nomem; }

void *ank__gram_alloc(ank_gram *g, size_t size)
{
    void *p = g ? ank__arena_alloc(&g->arena, size) : NULL;
    if (!p && g)
        g->nomem = true;
    return p;
}

static ank_gexpr *oom(ank_gram *g) { return g->nomem = true, &g->fail; }
static ank_gexpr *misuse(ank_gram *g) { return g->misuse = true, &g->fail; }

/* An array grown to hold one more of `size` bytes: the new array, or NULL
 * (and the grammar failed) when out of memory.  Arrays start in the
 * grammar itself (`local`), so most grammars never allocate them. */
static void *grow(ank_gram *g, void *array, const void *local, size_t n,
                  size_t *cap, size_t size)
{
    if (n < *cap)
        return array;
    size_t want = 2 * *cap;
    void *grown = want <= SIZE_MAX / size
                      ? array == local ? ank__malloc(want * size)
                                       : ank__realloc(array, want * size)
                      : NULL;
    if (!grown) {
        g->nomem = true;
        return NULL;
    }
    if (array == local)
        memcpy(grown, local, n * size);
    *cap = want;
    return grown;
}

/* The bits lo..hi of a word, 0 <= lo <= hi <= 63. */
static inline uint64_t bits(uint32_t lo, uint32_t hi)
{
    return (~(uint64_t)0 >> (63 - hi)) & (~(uint64_t)0 << lo);
}

/* Add the ASCII part of [lo, hi] (lo < 0x80) to first[]. */
static inline void add_ascii(uint64_t first[2], uint32_t lo, uint32_t hi)
{
    if (hi > 0x7F)
        hi = 0x7F;
    if (lo < 64)
        first[0] |= bits(lo, hi < 63 ? hi : 63);
    if (hi >= 64)
        first[1] |= bits(lo > 64 ? lo - 64 : 0, hi - 64);
}

/* A node of `kind` with `extra` bytes after it, every field but the
 * kind and id zero; NULL when out of memory.  Nodes are written whole
 * rather than taken zeroed from the arena. */
static ank_gexpr *node(ank_gram *g, gkind kind, size_t extra)
{
    if (g->nnodes >= UINT32_MAX || extra > SIZE_MAX / 2)
        return NULL; /* ids are 32 bits */
    ank_gexpr *e = ank__arena_take(&g->arena, sizeof *e + extra);
    if (e)
        *e = (ank_gexpr){.kind = kind, .id = (uint32_t)++g->nnodes};
    return e;
}

/* ---------------------------------------------------------- expressions */

ank_gexpr *ank__g_empty(ank_gram *g) { return g ? &g->empty : &no_grammar; }

ank_gexpr *ank__g_lit(ank_gram *g, const char *text, size_t len)
{
    if (!g)
        return &no_grammar;
    if (len == 0)
        return &g->empty;
    /* the node and its text in one allocation */
    ank_gexpr *e = len <= UINT32_MAX ? node(g, GK_LIT, len + 1) : NULL;
    if (!e)
        return oom(g);
    char *copy = (char *)(e + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    e->text = copy, e->n = (uint32_t)len, e->lexical = true;
    unsigned char c = (unsigned char)text[0];
    if (c < 0x80)
        e->first[c >> 6] = (uint64_t)1 << (c & 63);
    else
        e->wide = true;
    return e;
}

ank_gexpr *ank__g_str(ank_gram *g, const char *text)
{
    return ank__g_lit(g, text, text ? strlen(text) : 0);
}

/* Pairs normalised on the stack; larger classes use heap scratch. */
#define CLASS_STACK 32

/* Are ranges[0, 2 * nranges) what normalise() would leave: Unicode scalar
 * values, ascending, neither overlapping nor adjacent?  (Most callers
 * pass them so.) */
static bool normalised(const uint32_t *ranges, size_t nranges)
{
    for (size_t i = 0; i < nranges; i++) {
        uint32_t lo = ranges[2 * i], hi = ranges[2 * i + 1];
        if (lo > hi || hi > ANK_GRAM_MAX_CP || (lo <= 0xDFFF && hi >= 0xD800) ||
            (i && lo <= ranges[2 * i - 1] + 1))
            return false;
    }
    return true;
}

/* Clip ranges[0, 2 * nranges) to Unicode scalar values into r (room for
 * 4 * nranges values: a range around the surrogates splits in two), sort
 * and merge; the pair count, or SIZE_MAX when a range has lo > hi. */
static size_t normalise(const uint32_t *ranges, size_t nranges, uint32_t *r)
{
    size_t n = 0;
    for (size_t i = 0; i < nranges; i++) {
        uint32_t lo = ranges[2 * i], hi = ranges[2 * i + 1];
        if (lo > hi)
            return SIZE_MAX;
        if (lo > ANK_GRAM_MAX_CP)
            continue;
        if (hi > ANK_GRAM_MAX_CP)
            hi = ANK_GRAM_MAX_CP;
        n += ank__scalar_ranges(lo, hi, r + 2 * n);
    }
    ank__sort_pairs(r, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && r[2 * i] <= r[2 * (m - 1) + 1] + 1) {
            if (r[2 * i + 1] > r[2 * (m - 1) + 1])
                r[2 * (m - 1) + 1] = r[2 * i + 1];
            continue;
        }
        r[2 * m] = r[2 * i], r[2 * m + 1] = r[2 * i + 1], m++;
    }
    return m;
}

/* The class node of the normalised pairs r[0, 2 * m). */
static ank_gexpr *class_node(ank_gram *g, bool negated, const uint32_t *r,
                             size_t m)
{
    /* A class that matches nothing is a mistake of the caller. */
    bool everything = m == 2 && r[0] == 0 && r[1] == 0xD7FF &&
                      r[2] == 0xE000 && r[3] == ANK_GRAM_MAX_CP;
    if ((!negated && m == 0) || (negated && everything))
        return misuse(g);
    /* One code point is a literal (which every engine handles, unlike
     * non-ASCII classes in XGrammar). */
    if (!negated && m == 1 && r[0] == r[1]) {
        char utf8[4];
        return ank__g_lit(g, utf8, ank__utf8_put(utf8, r[0]));
    }
    /* the node and its ranges in one allocation */
    ank_gexpr *e = node(g, GK_CLASS, 2 * m * sizeof *r);
    if (!e)
        return oom(g);
    uint32_t *copy = (uint32_t *)(void *)(e + 1);
    if (m)
        memcpy(copy, r, 2 * m * sizeof *copy);
    e->negated = negated, e->ranges = m ? copy : NULL, e->n = (uint32_t)m;
    e->lexical = true;
    /* The ranges are ascending: the ASCII ones come first, the last says
     * whether any is wide.  A negated class may start with what they leave
     * out, which always includes the surrogates: it is wide. */
    uint64_t first[2] = {0, 0};
    for (size_t i = 0; i < m && r[2 * i] < 0x80; i++)
        add_ascii(first, r[2 * i], r[2 * i + 1]);
    bool wide = m && r[2 * m - 1] >= 0x80;
    e->first[0] = negated ? ~first[0] : first[0];
    e->first[1] = negated ? ~first[1] : first[1];
    e->wide = negated || wide;
    return e;
}

ank_gexpr *ank__g_class(ank_gram *g, bool negated, const uint32_t *ranges,
                        size_t nranges)
{
    if (!g)
        return &no_grammar;
    if (nranges > UINT32_MAX / 2 || nranges > SIZE_MAX / 4 / sizeof(uint32_t))
        return oom(g);
    if (normalised(ranges, nranges)) /* nothing to sort or merge */
        return class_node(g, negated, ranges, nranges);
    uint32_t local[4 * CLASS_STACK], *r = local;
    if (nranges > CLASS_STACK &&
        !(r = ank__malloc(4 * nranges * sizeof *r)))
        return oom(g);
    size_t m = normalise(ranges, nranges, r);
    ank_gexpr *e = m == SIZE_MAX ? misuse(g) : class_node(g, negated, r, m);
    if (r != local)
        ank__free(r);
    return e;
}

/* Items gathered before a node is made: on the stack up to LIST_STACK,
 * then in heap scratch, so that the arena receives only the final array,
 * of exactly its length. */
#define LIST_STACK 16

typedef struct list {
    ank_gexpr **v;
    size_t n, cap;
    ank_gexpr *local[LIST_STACK];
} list;

static void list_init(list *l) { l->v = l->local, l->n = 0, l->cap = LIST_STACK; }

static void list_done(list *l)
{
    if (l->v != l->local)
        ank__free(l->v);
}

/* Append `e`, flattening short nodes of `kind` (their items are flat
 * already); false when out of memory. */
static bool push_item(list *l, ank_gexpr *e, gkind kind)
{
    bool flat = e->kind == kind && e->n <= FLAT_MAX;
    for (size_t i = 0; flat && i < e->n; i++)
        if (!push_item(l, e->items[i], kind))
            return false;
    if (flat)
        return true;
    if (l->n == l->cap) {
        size_t want = 2 * l->cap;
        ank_gexpr **grown = l->v == l->local ? ank__malloc(want * sizeof *grown)
                            : ank__realloc(l->v, want * sizeof *grown);
        if (!grown)
            return false;
        if (l->v == l->local)
            memcpy(grown, l->local, l->n * sizeof *grown);
        l->v = grown, l->cap = want;
    }
    l->v[l->n++] = e;
    return true;
}

/* A node of `kind` with a copy of items[0, n), in one arena allocation
 * (the array right after the node); NULL when out of memory. */
static ank_gexpr *node_items(ank_gram *g, gkind kind, ank_gexpr *const *items,
                             size_t n)
{
    if (n > UINT32_MAX)
        return NULL;
    ank_gexpr *e = node(g, kind, n * sizeof(ank_gexpr *));
    if (!e)
        return NULL;
    ank_gexpr **copy = (ank_gexpr **)(void *)(e + 1);
    memcpy(copy, items, n * sizeof *copy);
    e->items = copy;
    e->n = (uint32_t)n;
    return e;
}

/* The literals items[0..n) joined into one. */
static ank_gexpr *join_lits(ank_gram *g, ank_gexpr *const *items, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += items[i]->n;
    ank_gexpr *e = len <= UINT32_MAX ? node(g, GK_LIT, len + 1) : NULL;
    if (!e)
        return NULL;
    char *text = (char *)(e + 1);
    for (size_t i = 0, at = 0; i < n; at += items[i++]->n)
        memcpy(text + at, items[i]->text, items[i]->n);
    text[len] = '\0';
    uint32_t id = e->id;
    *e = *items[0];
    e->text = text, e->n = (uint32_t)len, e->id = id;
    return e;
}

/* The sequence node of k >= 2 normalised items. */
static ank_gexpr *seq_node(ank_gram *g, ank_gexpr *const *out, size_t k)
{
    /* in locals: stores to *e could alias the items */
    uint64_t f0 = 0, f1 = 0;
    bool lexical = true, nullable = true, wide = false;
    for (size_t i = 0; i < k; i++) {
        const ank_gexpr *x = out[i];
        lexical = lexical && x->lexical;
        if (nullable)
            f0 |= x->first[0], f1 |= x->first[1], wide = wide || x->wide;
        nullable = nullable && x->nullable;
    }
    ank_gexpr *e = node_items(g, GK_SEQ, out, k);
    if (!e)
        return oom(g);
    e->first[0] = f0, e->first[1] = f1;
    e->lexical = lexical, e->nullable = nullable, e->wide = wide;
    return e;
}

/* The sequence of the flat items out[0, m), literals not yet joined. */
static ank_gexpr *make_seq(ank_gram *g, ank_gexpr **out, size_t m)
{
    size_t k = 0;
    for (size_t i = 0, j; i < m; i = j) { /* join runs of literals */
        for (j = i + 1; out[i]->kind == GK_LIT && j < m &&
                        out[j]->kind == GK_LIT;)
            j++;
        out[k] = j - i > 1 ? join_lits(g, out + i, j - i) : out[i];
        if (!out[k++])
            return oom(g);
    }
    if (k == 0)
        return &g->empty;
    if (k == 1)
        return out[0];
    return seq_node(g, out, k);
}

/* Are items[0, n) already what normalising would leave: none missing,
 * failed, empty or a sequence to flatten, no two literals adjacent? */
static bool seq_ready(ank_gexpr *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ank_gexpr *x = items[i];
        if (!x || x->kind == GK_FAIL || x->kind == GK_EMPTY ||
            (x->kind == GK_SEQ && x->n <= FLAT_MAX) ||
            (x->kind == GK_LIT && i && items[i - 1]->kind == GK_LIT))
            return false;
    }
    return true;
}

ank_gexpr *ank__g_seq(ank_gram *g, ank_gexpr *const *items, size_t n)
{
    if (!g)
        return &no_grammar;
    if (n >= 2 && seq_ready(items, n)) /* the common case: copy as is */
        return seq_node(g, items, n);
    list l;
    list_init(&l);
    ank_gexpr *e = NULL;
    for (size_t i = 0; i < n && !e; i++) {
        ank_gexpr *x = items[i] ? items[i] : &g->fail;
        if (x->kind == GK_FAIL)
            e = &g->fail;
        else if (x->kind != GK_EMPTY && !push_item(&l, x, GK_SEQ))
            e = oom(g);
    }
    if (!e)
        e = make_seq(g, l.v, l.n);
    list_done(&l);
    return e;
}

/* An alternation's facts, gathered item by item: an item that may be
 * empty or shares a first character with an earlier one keeps the
 * alternation out of one Lark regex. */
typedef struct alt_facts {
    uint64_t f0, f1;
    bool lexical, nullable, wide;
} alt_facts;

static inline void alt_add(alt_facts *a, const ank_gexpr *x)
{
    if (a->lexical) { /* past the first clash nothing else matters */
        bool clash = x->nullable || (x->wide && a->wide) ||
                     ((x->first[0] & a->f0) | (x->first[1] & a->f1));
        a->lexical = x->lexical && !clash;
    }
    a->nullable = a->nullable || x->nullable;
    a->f0 |= x->first[0], a->f1 |= x->first[1];
    a->wide = a->wide || x->wide;
}

/* The alternation node of the flat items out[0, m), m >= 2, whose facts
 * are `a`. */
static ank_gexpr *alt_node(ank_gram *g, ank_gexpr *const *out, size_t m,
                           const alt_facts *a)
{
    ank_gexpr *e = node_items(g, GK_ALT, out, m);
    if (!e)
        return oom(g);
    e->first[0] = a->f0, e->first[1] = a->f1;
    e->lexical = a->lexical, e->nullable = a->nullable, e->wide = a->wide;
    return e;
}

/* The alternation of the flat items out[0, m), m >= 2. */
static ank_gexpr *make_alt(ank_gram *g, ank_gexpr *const *out, size_t m)
{
    alt_facts a = {0, 0, true, false, false};
    for (size_t i = 0; i < m; i++)
        alt_add(&a, out[i]);
    return alt_node(g, out, m, &a);
}

/* Are items[0, n) already what normalising would leave: none missing,
 * failed, empty, optional or an alternation to flatten?  Their facts in
 * *a when they are. */
static bool alt_ready(ank_gexpr *const *items, size_t n, alt_facts *a)
{
    for (size_t i = 0; i < n; i++) {
        const ank_gexpr *x = items[i];
        if (!x || x->kind == GK_FAIL || x->kind == GK_EMPTY ||
            (x->kind == GK_ALT && x->n <= FLAT_MAX) ||
            (x->kind == GK_REP && x->min == 0 && x->max == 1))
            return false;
        alt_add(a, x);
    }
    return true;
}

ank_gexpr *ank__g_alt(ank_gram *g, ank_gexpr *const *items, size_t n)
{
    if (!g)
        return &no_grammar;
    if (n == 0)
        return misuse(g);
    alt_facts facts = {0, 0, true, false, false};
    if (n >= 2 && alt_ready(items, n, &facts)) /* the common case: as is */
        return alt_node(g, items, n, &facts);
    list l;
    list_init(&l);
    ank_gexpr *e = NULL;
    bool optional = false;
    for (size_t i = 0; i < n && !e; i++) {
        ank_gexpr *x = items[i] ? items[i] : &g->fail;
        if (x->kind == GK_FAIL) {
            e = &g->fail;
            continue;
        }
        if (x->kind == GK_EMPTY) {
            optional = true;
            continue;
        }
        /* (x)? as a member is x plus the empty string. */
        if (x->kind == GK_REP && x->min == 0 && x->max == 1) {
            optional = true;
            x = x->sub;
        }
        if (!push_item(&l, x, GK_ALT))
            e = oom(g);
    }
    if (!e)
        e = l.n == 0 ? &g->empty : l.n == 1 ? l.v[0] : make_alt(g, l.v, l.n);
    list_done(&l);
    if (e->kind == GK_FAIL || e->kind == GK_EMPTY)
        return e;
    return optional ? ank__g_rep(g, e, 0, 1) : e;
}

ank_gexpr *ank__g_seq2(ank_gram *g, ank_gexpr *a, ank_gexpr *b)
{
    ank_gexpr *items[2] = {a, b};
    /* the common case, two items to keep as they are (seq_ready) */
    if (g && a && b && a->kind > GK_EMPTY && b->kind > GK_EMPTY &&
        a->kind != GK_SEQ && b->kind != GK_SEQ &&
        (a->kind != GK_LIT || b->kind != GK_LIT))
        return seq_node(g, items, 2);
    return ank__g_seq(g, items, 2);
}

ank_gexpr *ank__g_seq_ready(ank_gram *g, ank_gexpr *const *items, size_t n)
{
    if (!g)
        return &no_grammar;
    for (size_t i = 0; i < n; i++)
        if (items[i]->kind == GK_FAIL)
            return &g->fail;
    return seq_node(g, items, n);
}

ank_gexpr *ank__g_alt_ready(ank_gram *g, ank_gexpr *const *items, size_t n)
{
    if (!g)
        return &no_grammar;
    /* alt_add()'s facts; past the first clash only the unions */
    alt_facts a = {0, 0, true, false, false};
    bool failed = false;
    size_t i = 0;
    for (; i < n && a.lexical; i++) {
        failed |= items[i]->kind == GK_FAIL;
        alt_add(&a, items[i]);
    }
    for (; i < n; i++) {
        const ank_gexpr *x = items[i];
        failed |= x->kind == GK_FAIL;
        a.nullable |= x->nullable;
        a.f0 |= x->first[0], a.f1 |= x->first[1];
        a.wide |= x->wide;
    }
    if (failed)
        return &g->fail;
    return alt_node(g, items, n, &a);
}

ank_gexpr *ank__g_alt2(ank_gram *g, ank_gexpr *a, ank_gexpr *b)
{
    ank_gexpr *items[2] = {a, b};
    return ank__g_alt(g, items, 2);
}

ank_gexpr *ank__g_rep(ank_gram *g, ank_gexpr *e, uint32_t min, uint32_t max)
{
    if (!g)
        return &no_grammar;
    if (!e || e->kind == GK_FAIL)
        return &g->fail;
    if (min > max)
        return misuse(g);
    if (max == 0 || e->kind == GK_EMPTY)
        return &g->empty;
    if (min == 1 && max == 1)
        return e;
    /* (x?)? and (x*)? are x? and x*. */
    if (e->kind == GK_REP && e->min == 0 && min == 0 && max == 1)
        return e;
    ank_gexpr *r = node(g, GK_REP, 0);
    if (!r)
        return oom(g);
    r->sub = e, r->min = min, r->max = max;
    r->nullable = min == 0 || e->nullable;
    r->first[0] = e->first[0], r->first[1] = e->first[1], r->wide = e->wide;
    r->lexical = e->lexical && min <= REGEX_MAX_COUNT &&
                 (max <= REGEX_MAX_COUNT || max == ANK_G_INF);
    return r;
}

ank_gexpr *ank__g_ref(ank_gram *g, ank_grule *rule)
{
    if (!g || !rule)
        return g ? &g->fail : &no_grammar;
    ank_gexpr *e = node(g, GK_REF, 0);
    if (!e)
        return oom(g);
    e->rule = rule;
    return e;
}

/* ---------------------------------------------------------------- rules */

ank_grule *ank__gram_declare(ank_gram *g, const char *hint)
{
    ank_grule **grown = g ? grow(g, g->rules, g->rules_local, g->nrules,
                                  &g->caprules, sizeof *grown)
                          : NULL;
    if (!grown)
        return NULL;
    g->rules = grown;
    /* the rule and its hint in one allocation */
    const char *h = hint ? hint : "rule";
    size_t len = strlen(h);
    ank_grule *r = len <= UINT32_MAX && g->nrules < UINT32_MAX
                       ? ank__arena_take(&g->arena, sizeof *r + len + 1)
                       : NULL;
    if (!r) {
        g->nomem = true;
        return NULL;
    }
    memcpy(r + 1, h, len + 1);
    r->hint = (const char *)(r + 1);
    r->len = (uint32_t)len;
    r->body = NULL;
    r->index = (uint32_t)g->nrules;
    g->rules[g->nrules++] = r;
    return r;
}

void ank__gram_define(ank_gram *g, ank_grule *rule, ank_gexpr *body)
{
    if (!g || !rule)
        return;
    if (rule->body) {
        g->misuse = true;
        return;
    }
    rule->body = body ? body : &g->fail;
}

void ank__gram_define_text(ank_gram *g, ank_grule *rule,
                           const ank_gram_text *text)
{
    if (!g || !rule)
        return;
    ank_gexpr *e = node(g, GK_TEXT, 0);
    if (e)
        e->canned = text;
    ank__gram_define(g, rule, e ? e : oom(g));
}

bool ank__gram_prebuilt(const ank_gram *g) { return g && !g->spelled; }

void ank__gram_spell_out(ank_gram *g)
{
    if (g)
        g->spelled = true;
}

ank_grule *ank__gram_rule(ank_gram *g, const char *hint, ank_gexpr *body)
{
    ank_grule *r = ank__gram_declare(g, hint);
    ank__gram_define(g, r, body);
    return r;
}

void ank__gram_set_root(ank_gram *g, ank_grule *rule)
{
    if (g)
        g->root = rule;
}

/* --------------------------------------------------------- shared rules */

ank_grule *ank__gram_lookup(const ank_gram *g, const char *key)
{
    for (size_t i = 0; g && key && i < g->nkeys; i++)
        if (strcmp(g->keys[i].key, key) == 0)
            return g->keys[i].rule;
    return NULL;
}

void ank__gram_register_new(ank_gram *g, const char *key, ank_grule *rule)
{
    if (!g || !key)
        return;
    gkey *grown = grow(g, g->keys, g->keys_local, g->nkeys, &g->capkeys,
                       sizeof *grown);
    const char *k = grown ? ank__arena_strdup(&g->arena, key) : NULL;
    if (grown)
        g->keys = grown;
    if (!k)
        g->nomem = true;
    else
        g->keys[g->nkeys++] = (gkey){k, rule};
}

void ank__gram_register(ank_gram *g, const char *key, ank_grule *rule)
{
    if (!g || !key)
        return;
    for (size_t i = 0; i < g->nkeys; i++)
        if (strcmp(g->keys[i].key, key) == 0) {
            g->keys[i].rule = rule;
            return;
        }
    ank__gram_register_new(g, key, rule);
}

/* Can `e` match some text, given which rules can (`ok`, by index)? */
static bool expr_productive(const ank_gexpr *e, const uint8_t *ok)
{
    switch (e->kind) {
    case GK_FAIL:
        return false;
    case GK_SEQ:
        for (uint32_t i = 0; i < e->n; i++)
            if (!expr_productive(e->items[i], ok))
                return false;
        return true;
    case GK_ALT:
        for (uint32_t i = 0; i < e->n; i++)
            if (expr_productive(e->items[i], ok))
                return true;
        return false;
    case GK_REP:
        return e->min == 0 || expr_productive(e->sub, ok);
    case GK_REF:
        return e->rule && ok[e->rule->index];
    default: /* empty, literals, classes, prebuilt text */
        return true;
    }
}

int ank__gram_productive(const ank_gram *g, const ank_grule *rule)
{
    if (!g || !rule || g->nomem)
        return -1;
    uint8_t *ok = ank__calloc(g->nrules + 1, 1);
    if (!ok)
        return -1;
    /* rules become productive until none changes (a rule's index is its
     * place in g->rules) */
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < g->nrules; i++) {
            const ank_grule *r = g->rules[i];
            if (!ok[i] && r->body && expr_productive(r->body, ok))
                ok[i] = 1, changed = true;
        }
    }
    int result = ok[rule->index];
    ank__free(ok);
    return result;
}
