/*
 * grammar_print.c - ank__gram_write: the grammar model printed as GBNF
 * (llama.cpp, XGrammar) or as Lark (llguidance, Python Lark), with rule
 * names sanitised for the dialect.
 *
 * Printing walks the rules breadth-first from the root, in the order the
 * references are met, naming each rule as it is first reached; names are
 * made unique, so output depends only on the grammar.  The printer only
 * reads the grammar; on failure it leaves `out` as it found it (unless
 * `out` itself failed).  docs/grammars.md describes both dialects.
 *
 * Expressions are a DAG: a generator may use one node in several places
 * (a JSON array's item is written for the first element and again after
 * each comma).  Printed as a tree, nesting doubles the text at each level.
 * So before printing, the nodes reachable from the root are counted and
 * sized; a node met more than once whose printed size would exceed
 * HOIST_SIZE becomes a helper rule of its own, printed once and named
 * wherever it occurs.  Every inline copy is then at most HOIST_SIZE nodes,
 * and the output is linear in the size of the DAG.
 *
 * Text goes out through grammar_text.h, whose cursor makes an append a
 * bounds check and a copy; grammar_text.c escapes literals and classes.
 * ank__gram_write_json writes the same text JSON-escaped as it goes (a
 * grammar is most often wanted as a JSON string, and its text is dense
 * with quotes and backslashes, so escaping it afterwards would cost more
 * than printing it); the only fixed text that changes is "" and the
 * newline.  Copies of shared text copy escaped bytes, which is right.
 */
#include "grammar_int.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "grammar_text.h"

/* Lark (Python's at least) slows down sharply on long sequences, so its
 * printer cuts a sequence of more than PART items into "part" rules of at
 * most PART items each, nested as deep as needed. */
#define PART 16

/* A node used more than once is printed inline up to this many nodes (a
 * name counted as one); a larger one becomes a helper rule. */
#define HOIST_SIZE 32

/* A rule-free repetition folds into one Lark regex only up to this many
 * nodes of fully expanded operand. */
#define REGEX_TREE_MAX 4096

/* How often a node is referenced, and so how it is printed. */
enum { UNSEEN, ONCE, SHARED, HOISTED /* shared, printed as a helper rule */ };

/* facts.len of a node whose text must be printed afresh each time: it
 * holds a Lark sequence cut into part rules, new ones at each copy. */
#define FRESH UINT32_MAX

/*
 * What the printer knows of a node, by node id (12 bytes: one per node of
 * a large grammar).  Sizes saturate: they are only compared with
 * HOIST_SIZE and REGEX_TREE_MAX.
 *
 * A shared node that is not hoisted prints the same text wherever it
 * occurs (a name is fixed once given, and nothing else depends on the
 * place), so after the first time its text is copied from where it was
 * first printed: in a grammar of many small shared nodes, most of the
 * output is such copies.
 */
typedef struct facts {
    /* HOISTED: 1 + the queue index of its helper rule, once queued;
     * SHARED: where its text (without parentheses) starts in the output */
    uint32_t at;
    uint32_t len;  /* SHARED: its text's length once printed; or FRESH */
    uint16_t tree; /* size fully expanded */
    uint8_t size;  /* printed size in nodes, helpers counted as one */
    uint8_t state;
} facts;

/* A rule to print: a grammar rule, a helper rule for a shared node
 * (`expr`), or items[0..n) of a long sequence (a part rule). */
typedef struct entry {
    const ank_grule *rule;
    const ank_gexpr *expr;
    ank_gexpr *const *items;
    size_t n;
    size_t name, len; /* the name is names[name .. name + len) */
    size_t base;   /* the entry whose name helpers of this one build on */
    unsigned next; /* the next suffix to try for names built on this one */
} entry;

/* Per grammar rule, by rule index; todo[] lists rules in the order
 * counting reaches them and shares the array. */
typedef struct rinfo {
    const ank_grule *todo;
    uint32_t entry; /* 1 + its queue index, once queued */
    bool seen;      /* reached while counting */
} rinfo;

typedef struct printer {
    const ank_gram *g;
    bool lark;
    gtext t;            /* the output */
    char *names;        /* every queued name, back to back */
    size_t nnames, capnames;
    entry *queue;       /* in print order */
    size_t nqueue, cap;
    uint32_t *taken;    /* a hash set of queue index + 1 (0: free) */
    size_t taken_cap;
    /* names, queue and taken start in the block that holds rules[] and
     * are freed only once they have grown out of it */
    bool own_names, own_queue, own_taken;
    facts *facts;       /* per node id */
    /* the reachable sequences, alternations and repetitions, operands
     * first */
    const ank_gexpr **order;
    size_t norder;
    rinfo *rules;
    size_t ntodo;
    size_t current;        /* the entry being printed */
    const ank_gexpr *top;  /* its whole body: never replaced by a name */
    bool bad;            /* a failed node or undefined rule was reached */
    bool nomem;
} printer;

/* Precedence of the place an expression is printed in. */
enum { P_ALT, P_SEQ, P_REP };

static void put_quant(printer *p, uint32_t min, uint32_t max)
{
    if (min == 0 && max == 1) {
        gtext_putc(&p->t, '?');
    } else if (min == 0 && max == ANK_G_INF) {
        gtext_putc(&p->t, '*');
    } else if (min == 1 && max == ANK_G_INF) {
        gtext_putc(&p->t, '+');
    } else {
        gtext_putc(&p->t, '{');
        ank__gtext_uint(&p->t, min);
        if (min != max) {
            gtext_putc(&p->t, ',');
            if (max != ANK_G_INF)
                ank__gtext_uint(&p->t, max);
        }
        gtext_putc(&p->t, '}');
    }
}

/* A rule-free expression as regex source (between the slashes). */
static void put_regex(printer *p, const ank_gexpr *e, int prec)
{
    bool group = (e->kind == GK_ALT && prec != P_ALT) ||
                 (prec == P_REP && (e->kind == GK_SEQ || e->kind == GK_REP ||
                                    (e->kind == GK_LIT && e->n > 1)));
    if (group)
        GTEXT_PUTS(&p->t, "(?:");
    if (e->kind == GK_LIT)
        ank__gtext_lit(&p->t, e->text, e->n, GT_RE, 0);
    else if (e->kind == GK_CLASS)
        ank__gtext_class(&p->t, e->negated, e->ranges, e->n, true);
    else if (e->kind == GK_REP) {
        put_regex(p, e->sub, P_REP);
        put_quant(p, e->min, e->max);
    } else {
        for (size_t i = 0; i < e->n; i++) {
            if (i && e->kind == GK_ALT)
                gtext_putc(&p->t, '|');
            put_regex(p, e->items[i], P_SEQ);
        }
    }
    if (group)
        gtext_putc(&p->t, ')');
}

static uint32_t enqueue(printer *p, const ank_grule *r,
                        const ank_gexpr *expr, ank_gexpr *const *items,
                        size_t n);

/* The name of queue entry `k` (1-based; 0, after a failure, writes
 * nothing). */
static inline void put_name(printer *p, uint32_t k)
{
    if (k)
        gtext_put(&p->t, p->names + p->queue[k - 1].name, p->queue[k - 1].len);
}

/* ------------------------------------------------------ sharing analysis */

/* The facts slot of a node; a node of another grammar (a misuse, which
 * visit() reports) shares the slot of the empty node.  Once counting has
 * found no such node, printing indexes by id directly. */
static inline size_t slot(const printer *p, const ank_gexpr *e)
{
    return e->id <= p->g->nnodes ? e->id : 0;
}

/* Does Lark print the repetition `e` as one regex? */
static bool folds(const printer *p, const ank_gexpr *e)
{
    return p->lark && e->lexical && !e->sub->nullable &&
           !(e->min == 0 && e->max == 1) &&
           p->facts[slot(p, e->sub)].tree <= REGEX_TREE_MAX;
}

/* Does Lark write the operand of `e` twice (x{m,} as x ~ m x*)? */
static bool twice(const printer *p, const ank_gexpr *e)
{
    return p->lark && e->kind == GK_REP && e->min >= 2 &&
           e->max == ANK_G_INF;
}

/* Queue a rule for counting, once; rules of another grammar are left to
 * enqueue() to report. */
static void reach(printer *p, const ank_grule *r)
{
    const ank_gram *g = p->g;
    if (!r || r->index >= g->nrules || g->rules[r->index] != r ||
        p->rules[r->index].seen)
        return;
    p->rules[r->index].seen = true;
    p->rules[p->ntodo++].todo = r;
}

static void count(printer *p, const ank_gexpr *e);

/* One more reference to `e`: the first time, count what it holds, or
 * size it right away when it holds nothing. */
static inline void visit(printer *p, const ank_gexpr *e)
{
    size_t id = e->id;
    if (id > p->g->nnodes) {
        p->bad = true;
        id = 0;
    }
    facts *f = &p->facts[id];
    if (f->state != UNSEEN) {
        f->state = SHARED;
        return;
    }
    *f = (facts){.state = ONCE};
    if (e->kind == GK_SEQ || e->kind == GK_ALT || e->kind == GK_REP) {
        count(p, e);
        return;
    }
    f->size = 1, f->tree = 1;
    if (e->kind == GK_REF)
        reach(p, e->rule);
}

/* Count the references held by a sequence, alternation or repetition
 * met for the first time, then add it to order[] (after its operands). */
static void count(printer *p, const ank_gexpr *e)
{
    if (e->kind == GK_REP) {
        visit(p, e->sub);
        if (twice(p, e))
            p->facts[slot(p, e->sub)].state = SHARED;
    } else {
        for (size_t i = 0; i < e->n; i++)
            visit(p, e->items[i]);
    }
    p->order[p->norder++] = e;
}

/* What a node adds to the printed size of an expression holding it. */
static inline unsigned weight(const facts *f)
{
    return f->state == HOISTED ? 1 : f->size;
}

/* Does `sub`, held by a node, make that node FRESH? */
static inline bool fresh(const facts *sub)
{
    return sub->len == FRESH && sub->state != HOISTED;
}

/* Size a sequence, alternation or repetition (its operands are sized
 * already) and decide whether it is hoisted. */
static void measure(printer *p, const ank_gexpr *e)
{
    facts *f = &p->facts[e->id];
    uint64_t size = 1, tree = 1;
    bool renew = p->lark && e->kind == GK_SEQ && e->n > PART;
    if (e->kind == GK_REP) {
        const facts *sub = &p->facts[e->sub->id];
        tree += sub->tree;
        if (folds(p, e))
            size += sub->tree;
        else
            size += (twice(p, e) ? 2u : 1u) * weight(sub);
        renew = fresh(sub);
    } else {
        for (size_t i = 0; i < e->n; i++) {
            const facts *item = &p->facts[e->items[i]->id];
            size += weight(item);
            tree += item->tree;
            renew |= fresh(item);
        }
    }
    f->size = size > UINT8_MAX ? UINT8_MAX : (uint8_t)size;
    f->tree = tree > UINT16_MAX ? UINT16_MAX : (uint16_t)tree;
    if (f->state == SHARED && size > HOIST_SIZE)
        f->state = HOISTED;
    if (renew)
        f->len = FRESH;
}

/* Count and size everything reachable from the root; the size of the
 * text to come, roughly, in nodes. */
static size_t analyse(printer *p)
{
    const ank_gram *g = p->g;
    size_t est = 0;
    reach(p, g->root);
    for (size_t i = 0; i < p->ntodo; i++)
        if (p->rules[i].todo->body)
            visit(p, p->rules[i].todo->body);
    /* order[] lists operands first (an expression DAG has no cycles), so
     * one pass sizes everything; nodes of another grammar stop here. */
    for (size_t i = 0; i < p->norder && !p->bad; i++) {
        measure(p, p->order[i]);
        if (p->facts[p->order[i]->id].state == HOISTED)
            est += p->facts[p->order[i]->id].size;
    }
    for (size_t i = 0; i < p->ntodo; i++)
        if (p->rules[i].todo->body)
            est += p->facts[slot(p, p->rules[i].todo->body)].size;
    return est;
}

/* ------------------------------------------------------------- printing */

static void put_expr(printer *p, const ank_gexpr *e, int prec);

/* Items of a sequence; in Lark, more than PART of them go to part rules
 * of `span` items each, so no printed sequence is longer than PART. */
static void put_items(printer *p, ank_gexpr *const *items, size_t n,
                      bool alt)
{
    size_t span = 1;
    if (p->lark && !alt)
        while (n > span * PART)
            span *= PART;
    if (span == 1) {
        for (size_t i = 0; i < n; i++) {
            if (i && alt)
                GTEXT_PUTS(&p->t, " | ");
            else if (i)
                gtext_putc(&p->t, ' ');
            /* put_expr()'s most common case, without the call */
            const facts *f = &p->facts[items[i]->id];
            if (f->state == SHARED && f->len - 1u < FRESH - 1u &&
                items[i]->kind != GK_ALT)
                gtext_repeat(&p->t, f->at, f->len);
            else
                put_expr(p, items[i], P_SEQ);
        }
        return;
    }
    for (size_t i = 0; i < n; i += span) {
        if (i)
            gtext_putc(&p->t, ' ');
        put_name(p, enqueue(p, NULL, NULL, items + i,
                            n - i < span ? n - i : span));
    }
}

/* A repetition in Lark, which has no {m,n}. */
static void put_lark_rep(printer *p, const ank_gexpr *e)
{
    uint32_t min = e->min, max = e->max;
    if (folds(p, e)) {
        /* A repetition of rule-free text is one greedy regex lexeme; a
         * regex may not match the empty string, so x* is /(x)+/?. */
        gtext_putc(&p->t, '/');
        put_regex(p, e->sub, P_REP);
        put_quant(p, min ? min : 1, max);
        if (min)
            gtext_putc(&p->t, '/');
        else
            GTEXT_PUTS(&p->t, "/?");
        return;
    }
    put_expr(p, e->sub, P_REP);
    if (min <= 1 && (max == 1 || max == ANK_G_INF)) {
        put_quant(p, min, max);
    } else {
        GTEXT_PUTS(&p->t, " ~ ");
        ank__gtext_uint(&p->t, min);
        if (min == max)
            return;
        if (max != ANK_G_INF) {
            GTEXT_PUTS(&p->t, " .. ");
            ank__gtext_uint(&p->t, max);
        } else { /* no open range in Lark: x ~ m x* */
            gtext_putc(&p->t, ' ');
            put_expr(p, e->sub, P_REP);
            gtext_putc(&p->t, '*');
        }
    }
}

/* Does `e`, printed in a place of precedence `prec`, need parentheses? */
static inline bool grouped(const ank_gexpr *e, int prec)
{
    return e->kind == GK_ALT ? prec != P_ALT
           : prec == P_REP && (e->kind == GK_SEQ || e->kind == GK_REP);
}

static void put_expr(printer *p, const ank_gexpr *e, int prec)
{
    facts *f = &p->facts[e->id];
    gtext *t = &p->t;
    if (f->state == HOISTED && e != p->top) {
        if (!f->at)
            f->at = enqueue(p, NULL, e, NULL, 0);
        put_name(p, f->at);
        return;
    }
    bool group = grouped(e, prec);
    if (group)
        gtext_putc(t, '(');
    if (f->state == SHARED && f->len != 0 && f->len != FRESH) {
        gtext_repeat(t, f->at, f->len);
        if (group)
            gtext_putc(t, ')');
        return;
    }
    size_t at = t->len;
    switch (e->kind) {
    case GK_FAIL:
        p->bad = true;
        break;
    case GK_EMPTY:
        if (!p->lark)
            GTEXT_PUTS2(t, "\"\"", "\\\"\\\"");
        break;
    case GK_LIT:
        ank__gtext_lit(t, e->text, e->n, p->lark ? GT_LARK_LIT : GT_GBNF_LIT,
                       '"');
        break;
    case GK_CLASS:
        if (p->lark)
            gtext_putc(t, '/');
        ank__gtext_class(t, e->negated, e->ranges, e->n, p->lark);
        if (p->lark)
            gtext_putc(t, '/');
        break;
    case GK_REF: {
        const ank_grule *r = e->rule;
        const ank_gram *g = p->g;
        /* the rule is most often named already */
        uint32_t k = r->index < g->nrules && g->rules[r->index] == r
                     ? p->rules[r->index].entry : 0;
        put_name(p, k ? k : enqueue(p, r, NULL, NULL, 0));
        break;
    }
    case GK_SEQ:
    case GK_ALT:
        put_items(p, e->items, e->n, e->kind == GK_ALT);
        break;
    case GK_REP:
        if (p->lark) {
            put_lark_rep(p, e);
        } else {
            put_expr(p, e->sub, P_REP);
            put_quant(p, e->min, e->max);
        }
        break;
    }
    /* the first time a shared node is printed: keep where */
    if (f->state == SHARED && f->len == 0 && t->len < FRESH)
        f->at = (uint32_t)at, f->len = (uint32_t)(t->len - at);
    if (group)
        gtext_putc(t, ')');
}

/* ----------------------------------------------------------------- names */

/* ank__array_reserve() for an array that may still be in the block
 * (*own false), which is copied out rather than reallocated. */
static bool grow(void **array, size_t *cap, size_t count, size_t extra,
                 size_t elem, bool *own)
{
    if (*own)
        return ank__array_reserve(array, cap, count, extra, elem);
    if (extra <= *cap - count)
        return true;
    void *fresh = NULL;
    size_t ncap = 0;
    if (!ank__array_reserve(&fresh, &ncap, 0, count + extra, elem))
        return false;
    if (count)
        memcpy(fresh, *array, count * elem);
    *array = fresh, *cap = ncap, *own = true;
    return true;
}

/* Room for `extra` more bytes of names. */
static bool names_reserve(printer *p, size_t extra)
{
    return grow((void **)&p->names, &p->capnames, p->nnames, extra, 1,
                &p->own_names);
}

/* The dialect's form of a rule name hint, written after the names
 * (uncommitted): GBNF [a-zA-Z0-9-], Lark [a-z][a-z0-9_]* (camelCase
 * becomes camel_case); never empty, never starting with a digit.  Returns
 * its length, with room after it for a suffix; 0 when out of memory. */
static size_t sanitize(printer *p, const char *hint)
{
    bool lark = p->lark;
    size_t n = strlen(hint), k = 0;
    if (!names_reserve(p, 2 * n + 32))
        return 0;
    char *s = p->names + p->nnames, sep = lark ? '_' : '-';
    /* kind: 0 other, 1 lower case or digit, 2 upper case */
    for (size_t i = 0, prev = 0; i < n; i++) {
        char c = hint[i];
        size_t kind = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                      ? 1 : c >= 'A' && c <= 'Z' ? 2 : 0;
        if (kind == 2 && lark) {
            if (prev == 1 && k > 0 && s[k - 1] != sep)
                s[k++] = sep;
            s[k++] = (char)(c - 'A' + 'a');
        } else if (kind) {
            s[k++] = c;
        } else if (k > 0 && s[k - 1] != sep) {
            s[k++] = sep;
        }
        prev = kind;
    }
    while (k > 0 && s[k - 1] == sep)
        k--;
    if (k == 0)
        memcpy(s, "rule", k = 4);
    else if (s[0] >= '0' && s[0] <= '9')
        memmove(s + 1, s, k++), s[0] = 'r';
    return k;
}

/* The name of queue entry `from` copied after the names (uncommitted),
 * with room for a suffix: a sanitised name sanitises to itself.  Returns
 * its length; 0 when out of memory. */
static size_t copy_name(printer *p, size_t from)
{
    size_t len = p->queue[from].len;
    if (!names_reserve(p, len + 32))
        return 0;
    memcpy(p->names + p->nnames, p->names + p->queue[from].name, len);
    return len;
}

static size_t name_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The slot of the name set that holds the uncommitted name of `len`
 * bytes, or the free slot where it would go. */
static size_t name_slot(const printer *p, size_t len)
{
    const char *name = p->names + p->nnames;
    size_t mask = p->taken_cap - 1, i = name_hash(name, len) & mask;
    for (; p->taken[i]; i = (i + 1) & mask) {
        const entry *q = &p->queue[p->taken[i] - 1];
        if (q->len == len && memcmp(p->names + q->name, name, len) == 0)
            break;
    }
    return i;
}

static void set_add(uint32_t *set, size_t cap, const char *name, size_t len,
                    uint32_t k)
{
    size_t h = name_hash(name, len) & (cap - 1);
    while (set[h])
        h = (h + 1) & (cap - 1);
    set[h] = k;
}

/* Room in the name set for `n` names, keeping it at most half full. */
static bool set_reserve(printer *p, size_t n)
{
    if (2 * n <= p->taken_cap)
        return true;
    size_t cap = p->taken_cap ? p->taken_cap : 64;
    while (cap < 2 * n)
        cap *= 2;
    uint32_t *set = ank__calloc(cap, sizeof *set);
    if (!set)
        return false;
    for (size_t i = 0; i < p->nqueue; i++)
        set_add(set, cap, p->names + p->queue[i].name, p->queue[i].len,
                (uint32_t)i + 1);
    if (p->own_taken)
        ank__free(p->taken);
    p->taken = set, p->taken_cap = cap, p->own_taken = true;
    return true;
}

/* The uncommitted name (`len` bytes, room for a suffix) with the first
 * free suffix from `*next` on: names are never given back, so every
 * suffix below it is taken.  Returns the new length; *slot is its free
 * slot in the name set. */
static size_t suffix(printer *p, size_t len, unsigned *next, size_t *slot)
{
    char *name = p->names + p->nnames;
    unsigned i = *next;
    size_t k;
    do {
        char digits[10];
        size_t d = sizeof digits;
        unsigned v = i++;
        do
            digits[--d] = (char)('0' + v % 10);
        while ((v /= 10) != 0);
        name[len] = p->lark ? '_' : '-';
        memcpy(name + len + 1, digits + d, sizeof digits - d);
        k = len + 1 + sizeof digits - d;
    } while (p->taken[*slot = name_slot(p, k)]);
    *next = i;
    return k;
}

/* The queue entry (1-based) of a rule, of a helper rule for the shared
 * node `expr`, or of a part rule (`r` and `expr` NULL), queued for
 * printing the first time it is reached; 0 after a failure.  Helpers are
 * named after the grammar rule they are first met in, parts after the
 * entry they are cut from. */
static uint32_t enqueue(printer *p, const ank_grule *r,
                        const ank_gexpr *expr, ank_gexpr *const *items,
                        size_t n)
{
    if (r && (r->index >= p->g->nrules || p->g->rules[r->index] != r)) {
        p->bad = true; /* a rule of another grammar */
        return 0;
    }
    if ((r && p->rules[r->index].entry) || p->nomem)
        return r ? p->rules[r->index].entry : 0;
    if (p->nqueue >= UINT32_MAX - 1 ||
        !grow((void **)&p->queue, &p->cap, p->nqueue, 1, sizeof *p->queue,
              &p->own_queue) ||
        !set_reserve(p, p->nqueue + 1)) {
        p->nomem = true;
        return 0;
    }
    size_t from = p->nqueue == 0 ? 0 : expr ? p->queue[p->current].base
                                             : p->current;
    size_t self = p->nqueue, base = r || self == 0 ? self : p->queue[from].base;
    size_t len = self == 0 ? sanitize(p, p->lark ? "start" : "root")
                 : r ? sanitize(p, r->hint) : copy_name(p, from);
    if (len == 0) {
        p->nomem = true;
        return 0;
    }
    size_t slot;
    if (self > 0 && !r) {
        len = suffix(p, len, &p->queue[from].next, &slot);
    } else if (p->taken[slot = name_slot(p, len)]) {
        unsigned next = 2;
        len = suffix(p, len, &next, &slot);
    }
    p->taken[slot] = (uint32_t)p->nqueue + 1;
    p->queue[p->nqueue++] = (entry){r, expr, items, n, p->nnames, len, base, 2};
    p->nnames += len;
    if (r)
        p->rules[r->index].entry = (uint32_t)p->nqueue;
    return (uint32_t)p->nqueue;
}

static ank_status write_grammar(const ank_gram *g, ank_gram_dialect dialect,
                                bool json, ank_buf *out)
{
    if (!g || g->nomem || out->failed)
        return ANK_ERR_NOMEM;
    if (!g->root || g->misuse)
        return ANK_ERR_INTERNAL;
    size_t start = out->len;
    printer p = {.g = g, .lark = dialect == ANK_GRAM_LARK};
    ank__gtext_begin(&p.t, out);
    p.t.json = json;
    /* One block for rules[nr], queue[nq], order[nn], facts[nn] (of which
     * only the states need clearing: visit() fills in the rest),
     * taken[ns] and names[nc]: room for about as many queue entries and
     * names as there are rules. */
    size_t nr = g->nrules + 1, nn = g->nnodes + 1, nq = nr + 8, ns = 64;
    size_t nc = 16 * nr + 64;
    while (ns < 2 * nq)
        ns *= 2;
    if (nr < SIZE_MAX / 256 && nn < SIZE_MAX / 256)
        p.rules = ank__malloc(nr * sizeof *p.rules + nq * sizeof *p.queue +
                              nn * (sizeof *p.order + sizeof *p.facts) +
                              ns * sizeof *p.taken + nc);
    if (!p.rules) {
        p.nomem = true;
    } else {
        p.queue = (entry *)(p.rules + nr), p.cap = nq;
        p.order = (const ank_gexpr **)(p.queue + nq);
        p.facts = (facts *)(p.order + nn);
        p.taken = (uint32_t *)(p.facts + nn), p.taken_cap = ns;
        p.names = (char *)(p.taken + ns), p.capnames = nc;
        memset(p.rules, 0, nr * sizeof *p.rules);
        memset(p.taken, 0, ns * sizeof *p.taken);
        for (size_t i = 0; i < nn; i++)
            p.facts[i].state = UNSEEN;
        /* most of the text in one allocation: about 8 bytes a node */
        size_t est = analyse(&p);
        if (!p.bad)
            gtext_room(&p.t, est < SIZE_MAX / 16 ? 8 * est + 64 : 0);
        enqueue(&p, g->root, NULL, NULL, 0);
    }
    for (size_t i = 0; i < p.nqueue && !p.bad && !p.nomem; i++) {
        entry e = p.queue[i];
        const ank_gexpr *body = e.rule ? e.rule->body : e.expr;
        if (e.rule && !body) {
            p.bad = true; /* referenced, never defined */
            break;
        }
        p.current = i;
        p.top = body;
        gtext_put(&p.t, p.names + e.name, e.len);
        if (!p.lark)
            GTEXT_PUTS(&p.t, " ::= ");
        else if (body && body->kind == GK_EMPTY)
            gtext_putc(&p.t, ':');
        else
            GTEXT_PUTS(&p.t, ": ");
        if (body)
            put_expr(&p, body, P_ALT);
        else
            put_items(&p, e.items, e.n, false);
        GTEXT_PUTS2(&p.t, "\n", "\\n");
    }
    ank__gtext_end(&p.t);
    if (p.own_names)
        ank__free(p.names);
    if (p.own_queue)
        ank__free(p.queue);
    if (p.own_taken)
        ank__free(p.taken);
    ank__free(p.rules);
    ank_status st = p.nomem || out->failed ? ANK_ERR_NOMEM
                    : p.bad               ? ANK_ERR_INTERNAL
                                          : ANK_OK;
    if (st != ANK_OK && out->data && !out->failed) {
        out->len = start;
        out->data[start] = '\0';
    }
    return st;
}

ank_status ank__gram_write(const ank_gram *g, ank_gram_dialect dialect,
                           ank_buf *out)
{
    return write_grammar(g, dialect, false, out);
}

ank_status ank__gram_write_json(const ank_gram *g, ank_gram_dialect dialect,
                                ank_buf *out)
{
    return write_grammar(g, dialect, true, out);
}
