/*
 * grammar_print.c - the printer of grammar_print.h: the grammar model
 * printed as GBNF (llama.cpp, XGrammar) or as Lark (llguidance, Python
 * Lark), with rule names sanitised for the dialect, one grammar in both.
 *
 * Printing walks the rules breadth-first from the root, in the order the
 * references are met, naming each rule as it is first reached
 * (grammar_names.c); names are made unique, so output depends only on the
 * grammar.  The printer's state is in grammar_print_int.h.  The printer only
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
 * Counting (which nodes and rules are reached, which nodes are met more
 * than once, how large each is fully expanded) does not depend on the
 * dialect and is done once per printer; each print starts from its facts
 * (kept beside each node's printing facts, which a later print resets), and
 * a rule's sanitised name is reused by the other dialect.  Printed sizes
 * do depend on the dialect (Lark folds some
 * repetitions into regexes and cuts long sequences), and matter only for
 * a node met more than once: when counting found no such sequence,
 * alternation or repetition, nothing can be hoisted and they are not
 * computed at all; nor are they when no shared node is larger than
 * HOIST_SIZE fully expanded.  When Lark's sizes cannot differ from GBNF's,
 * a print after one in the other dialect keeps its sizing, and takes its
 * names from it too (see ank__gprint_write()).
 *
 * A rule whose body is prebuilt text (GK_TEXT, grammar.h) is written as
 * that text, in the dialect's form, JSON-escaped or not.
 *
 * Most items printed are names of rules queued already and copies of the
 * text of shared nodes: put_items() writes each with its separator as one
 * block copy, the cursor kept in locals.
 *
 * Text goes out through grammar_text.h, whose cursor makes an append a
 * bounds check and a copy; grammar_text.c escapes literals and classes
 * and writes quantifiers, regexes and the dialect's form of rule names.
 * ank__gram_write_json writes the same text JSON-escaped as it goes (a
 * grammar is most often wanted as a JSON string, and its text is dense
 * with quotes and backslashes, so escaping it afterwards would cost more
 * than printing it); the only fixed text that changes is "" and the
 * newline.  Copies of shared text copy escaped bytes, which is right.
 */
#include "grammar_int.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "grammar_print_int.h"
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


/* Precedence of the place an expression is printed in. */
enum { P_ALT, P_SEQ, P_REP };

static inline bool composite(const ank_gexpr *e)
{
    /* GK_SEQ, GK_ALT or GK_REP, which are consecutive */
    return (unsigned)e->kind - GK_SEQ <= GK_REP - GK_SEQ;
}

/* Does Lark write the operand of `e` twice (x{m,} as x ~ m x*)? */
static inline bool twice(const ank_gexpr *e)
{
    return e->kind == GK_REP && e->min >= 2 && e->max == ANK_G_INF;
}

/* ------------------------------------------------------------- counting */

/* Queue a rule for counting, once; a rule of another grammar, or one
 * never defined, makes the grammar unprintable. */
static void reach(printer *p, const ank_grule *r)
{
    const ank_gram *g = p->g;
    if (r->index >= g->nrules || g->rules[r->index] != r) {
        p->bad = true;
        return;
    }
    rinfo *info = &p->rules[r->index];
    if (info->seen)
        return;
    if (!r->body)
        p->bad = true;
    info->seen = true;
    p->rules[p->ntodo++].todo = r;
}

static size_t count(printer *p, const ank_gexpr *e);

/* One more reference to `e`: the first time, count what it holds.
 * Returns its size fully expanded.  (The facts and the node count come
 * in from locals: a store to a facts byte could alias them.) */
static inline size_t visit(printer *p, facts *fs, size_t nnodes,
                           const ank_gexpr *e)
{
    if (e->id > nnodes) {
        p->bad = true; /* a node of another grammar */
        return 1;
    }
    facts *f = &fs[e->id];
    if (f->state != UNSEEN) {
        f->state = f->counted = SHARED;
        if (composite(e))
            p->shared = true;
        return f->tree;
    }
    *f = (facts){.state = ONCE, .counted = ONCE, .size = 1, .tree = 1};
    if (composite(e))
        return count(p, e);
    if (e->kind == GK_REF)
        reach(p, e->rule);
    else if (e->kind == GK_FAIL)
        p->bad = true;
    return 1;
}

/* Count the references held by a sequence, alternation or repetition
 * met for the first time, then add it to order[] (after its operands).
 * Returns its size fully expanded. */
static size_t count(printer *p, const ank_gexpr *e)
{
    facts *fs = p->facts;
    size_t tree = 1, nnodes = p->g->nnodes;
    if (e->kind == GK_REP) {
        tree += visit(p, fs, nnodes, e->sub);
        p->twice |= twice(e);
    } else {
        ank_gexpr *const *items = e->items;
        size_t n = e->n;
        for (size_t i = 0; i < n; i++)
            tree += visit(p, fs, nnodes, items[i]);
    }
    if (tree > UINT16_MAX)
        tree = UINT16_MAX;
    fs[e->id].tree = (uint16_t)tree;
    p->order[p->norder++] = e;
    return tree;
}

/* Might a node's printed size in Lark differ from GBNF's: is a
 * repetition reached that Lark writes twice or might fold, or a sequence
 * it cuts?  Found the first time it is asked. */
static bool lark_sizes(printer *p)
{
    if (p->lark_sizes == 0) {
        bool differ = p->twice;
        for (size_t i = 0; i < p->norder && !differ; i++) {
            const ank_gexpr *e = p->order[i];
            differ = e->kind == GK_REP
                         ? e->lexical && !(e->min == 0 && e->max == 1)
                         : e->kind == GK_SEQ && e->n > PART;
        }
        p->lark_sizes = differ ? 2 : 1;
    }
    return p->lark_sizes == 2;
}

/* Count everything reachable from the root. */
static void analyse(printer *p)
{
    reach(p, p->g->root);
    for (size_t i = 0; i < p->ntodo && !p->bad; i++)
        p->trees += visit(p, p->facts, p->g->nnodes, p->rules[i].todo->body);
}

/* --------------------------------------------------------------- sizing */

/* Does Lark print the repetition `e` as one regex? */
static bool folds(const printer *p, const ank_gexpr *e)
{
    return p->lark && e->lexical && !e->sub->nullable &&
           !(e->min == 0 && e->max == 1) &&
           p->facts[e->sub->id].tree <= REGEX_TREE_MAX;
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
    uint64_t size = 1;
    bool renew = p->lark && e->kind == GK_SEQ && e->n > PART;
    if (e->kind == GK_REP) {
        const facts *sub = &p->facts[e->sub->id];
        if (folds(p, e))
            size += sub->tree;
        else
            size += (p->lark && twice(e) ? 2u : 1u) * weight(sub);
        renew = fresh(sub);
    } else if (!p->lark) { /* nothing is FRESH in GBNF */
        for (size_t i = 0; i < e->n; i++)
            size += weight(&p->facts[e->items[i]->id]);
    } else {
        for (size_t i = 0; i < e->n; i++) {
            const facts *item = &p->facts[e->items[i]->id];
            size += weight(item);
            renew |= fresh(item);
        }
    }
    f->size = size > UINT8_MAX ? UINT8_MAX : (uint8_t)size;
    if (f->state == SHARED && size > HOIST_SIZE)
        f->state = HOISTED;
    if (renew)
        f->len = FRESH;
}

static size_t size_est(printer *p);

/* Facts for printing in the dialect: counting's, with what Lark shares
 * besides, sized when a sequence, alternation or repetition is shared.
 * Returns the size of the text to come, roughly, in nodes. */
static size_t prepare(printer *p)
{
    size_t n = p->g->nnodes + 1;
    if (p->printed && (p->sized_lark == p->lark || !lark_sizes(p))) {
        /* Sized as this dialect sizes already (printing changes only
         * where text was put and which helper a node is): forget those. */
        for (size_t i = 0; i < n; i++) {
            facts *f = &p->facts[i];
            f->at = 0;
            if (f->len != FRESH)
                f->len = 0;
        }
        return p->est;
    }
    /* back to counting's facts (size is set again where it is used) */
    for (size_t i = 0; p->printed && i < n; i++) {
        facts *f = &p->facts[i];
        f->at = 0, f->len = 0, f->state = f->counted;
    }
    p->printed = true;
    p->sized_lark = p->lark;
    p->est = size_est(p);
    return p->est;
}

/* prepare(): size the nodes afresh for the dialect. */
static size_t size_est(printer *p)
{
    bool sized = p->shared;
    for (size_t i = 0; p->lark && p->twice && i < p->norder; i++) {
        const ank_gexpr *e = p->order[i];
        if (twice(e)) {
            p->facts[e->sub->id].state = SHARED;
            sized |= composite(e->sub);
        }
    }
    if (!sized)
        return p->trees;
    if (!p->lark || !lark_sizes(p)) {
        /* A printed size is at most the size fully expanded here, so when
         * no shared node is larger than HOIST_SIZE fully expanded, none
         * is hoisted, and each size is the tree's, saturated. */
        size_t i = 0;
        while (i < p->norder && (p->facts[p->order[i]->id].state != SHARED ||
                                 p->facts[p->order[i]->id].tree <= HOIST_SIZE))
            i++;
        if (i == p->norder) {
            size_t est = 0;
            for (i = 0; i < p->ntodo; i++) {
                size_t tree = p->facts[p->rules[i].todo->body->id].tree;
                est += tree < UINT8_MAX ? tree : UINT8_MAX;
            }
            return est;
        }
    }
    /* order[] lists operands first (an expression DAG has no cycles), so
     * one pass sizes everything */
    size_t est = 0;
    for (size_t i = 0; i < p->norder; i++) {
        measure(p, p->order[i]);
        if (p->facts[p->order[i]->id].state == HOISTED)
            est += p->facts[p->order[i]->id].size;
    }
    for (size_t i = 0; i < p->ntodo; i++)
        est += p->facts[p->rules[i].todo->body->id].size;
    return est;
}

/* ------------------------------------------------------------- printing */

/* The name of queue entry `k` (1-based; 0, after a failure, writes
 * nothing).  The names array has room for GTEXT_SLACK bytes after every
 * name, so short names are copied as a block. */
static inline void put_name(printer *p, uint32_t k)
{
    if (k)
        gtext_put_slack(&p->t, p->names + p->queue[k - 1].name,
                        p->queue[k - 1].len);
}

/* A literal or a class as the dialect writes it. */
static inline void put_lit(printer *p, const ank_gexpr *e)
{
    unsigned m = p->lark ? GT_LARK_LIT : GT_GBNF_LIT;
    if (!gtext_lit_ascii(&p->t, e->text, e->n, m))
        ank__gtext_lit(&p->t, e->text, e->n, m, '"');
}

static inline void put_class(printer *p, const ank_gexpr *e)
{
    if (p->lark)
        gtext_putc(&p->t, '/');
    if (!gtext_class_ascii(&p->t, e->negated, e->ranges, e->n, p->lark))
        ank__gtext_class(&p->t, e->negated, e->ranges, e->n, p->lark);
    if (p->lark)
        gtext_putc(&p->t, '/');
}

/* The name of a rule, queued the first time it is reached. */
static inline void put_ref(printer *p, const ank_grule *r)
{
    uint32_t k = p->rules[r->index].entry;
    put_name(p, k ? k : ank__gprint_enqueue(p, r, NULL, NULL, 0));
}

static void put_expr(printer *p, const ank_gexpr *e, int prec);
static void put_items(printer *p, ank_gexpr *const *items, size_t n,
                      bool alt);

/* put_expr(p, e, P_SEQ) of an item of put_items() that is no rule and no
 * copy of text printed before (or an alternation), its common cases
 * without the recursion: a literal met once, a sequence. */
static void put_item(printer *p, const ank_gexpr *e)
{
    facts *f = &p->facts[e->id];
    if (f->state == ONCE && e->kind == GK_LIT) {
        put_lit(p, e);
    } else if (e->kind == GK_SEQ && f->state != HOISTED) {
        /* not grouped, not a copy, and an item is never the entry's own
         * body */
        size_t at = p->t.len;
        put_items(p, e->items, e->n, false);
        if (f->state == SHARED && f->len == 0 && p->t.len < FRESH)
            f->at = (uint32_t)at, f->len = (uint32_t)(p->t.len - at);
    } else {
        put_expr(p, e, P_SEQ);
    }
}

/* Items of a sequence or alternation, separated by ' ' or " | "; in
 * Lark, a sequence of more than PART items goes to part rules of `span`
 * items each, so no printed sequence is longer than PART. */
static void put_items(printer *p, ank_gexpr *const *items, size_t n,
                      bool alt)
{
    size_t span = 1;
    if (p->lark && !alt)
        while (n > span * PART)
            span *= PART;
    if (span == 1) {
        gtext *t = &p->t;
        size_t nsep = alt ? 3 : 1;
        /* the cursor in locals while the fast path runs */
        char *data = t->data;
        size_t len = t->len, lim = t->lim;
        size_t sep = 0; /* before the first item, none */
        for (size_t i = 0; i < n; i++, sep = nsep) {
            const ank_gexpr *e = items[i];
            /* Most items are copies of the text of shared nodes printed
             * before (a node's length is set only then, FRESH aside) or
             * names of rules queued already: the separator and a block
             * of 32 or 64 bytes in one go.  What a copy reads past its
             * text lies in the buffer, as for gtext_repeat(); the bytes
             * it needs lie before the cursor, where nothing is stored.
             * Names have GTEXT_SLACK bytes after them. */
            if (e->kind != GK_REF) {
                const facts *f = &p->facts[e->id];
                uint32_t k = f->len;
                if (k - 1u < 64u && e->kind != GK_ALT && 68 < lim - len) {
                    gtext_copy64(data + len, data + f->at, k, sep);
                    len += sep + k;
                    continue;
                }
            } else {
                uint32_t q = p->rules[e->rule->index].entry;
                const entry *en = q ? &p->queue[q - 1] : NULL;
                if (en && en->len <= 32 && 36 < lim - len) {
                    const char *from = p->names + en->name;
                    char *w = data + len;
                    memcpy(w, " | ", 4);
                    memcpy(w + sep, from, 16);
                    if (en->len > 16)
                        memcpy(w + sep + 16, from + 16, 16);
                    len += sep + en->len;
                    continue;
                }
            }
            t->len = len;
            if (sep == 3)
                GTEXT_PUTS(t, " | ");
            else if (sep)
                gtext_putc(t, ' ');
            if (e->kind == GK_REF)
                put_ref(p, e->rule);
            else if (p->facts[e->id].len - 1u < FRESH - 1u &&
                     e->kind != GK_ALT) /* a long copy */
                gtext_repeat(t, p->facts[e->id].at, p->facts[e->id].len);
            else
                put_item(p, e);
            data = t->data, len = t->len, lim = t->lim;
        }
        t->len = len;
        return;
    }
    for (size_t i = 0; i < n; i += span) {
        if (i)
            gtext_putc(&p->t, ' ');
        put_name(p, ank__gprint_enqueue(p, NULL, NULL, items + i,
                            n - i < span ? n - i : span));
    }
}

/* ank__gtext_quant(), the common ?, * and + without the call. */
static inline void put_quant(printer *p, uint32_t min, uint32_t max)
{
    if (min <= 1 && max == ANK_G_INF)
        gtext_putc(&p->t, min ? '+' : '*');
    else if (min == 0 && max == 1)
        gtext_putc(&p->t, '?');
    else
        ank__gtext_quant(&p->t, min, max);
}

/* A repetition in Lark, which has no {m,n}. */
static void put_lark_rep(printer *p, const ank_gexpr *e)
{
    uint32_t min = e->min, max = e->max;
    if (folds(p, e)) {
        /* A repetition of rule-free text is one greedy regex lexeme; a
         * regex may not match the empty string, so x* is /(x)+/?. */
        gtext_putc(&p->t, '/');
        ank__gtext_regex(&p->t, e->sub, true);
        ank__gtext_quant(&p->t, min ? min : 1, max);
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
            f->at = ank__gprint_enqueue(p, NULL, e, NULL, 0);
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
    case GK_FAIL: /* counting stops printing first */
        break;
    case GK_EMPTY:
        if (!p->lark)
            GTEXT_PUTS2(t, "\"\"", "\\\"\\\"");
        break;
    case GK_LIT:
        put_lit(p, e);
        break;
    case GK_CLASS:
        put_class(p, e);
        break;
    case GK_REF:
        put_ref(p, e->rule);
        break;
    case GK_TEXT:
        gtext_put(t, e->canned->text[p->lark][t->json],
                  e->canned->len[p->lark][t->json]);
        break;
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

/* ------------------------------------------------------------ the printer */

ank_status ank__gprint_new(const ank_gram *g, ank_gprint **out)
{
    *out = NULL;
    if (!g || g->nomem)
        return ANK_ERR_NOMEM;
    if (!g->root || g->misuse)
        return ANK_ERR_INTERNAL;
    /* One block for the printer, rules[nr], queue[nq], order[nn],
     * facts[nn] and names[nc]: room for about as many queue entries as
     * there are rules (and a few helpers), and for their names in two
     * prints. */
    size_t nr = g->nrules + 1, nn = g->nnodes + 1, nq = nr + 4;
    size_t nc = 32 * nr + 64;
    if (nr >= SIZE_MAX / 256 || nn >= SIZE_MAX / 256)
        return ANK_ERR_NOMEM;
    size_t size = sizeof(printer) + nr * sizeof(rinfo) + nq * sizeof(entry) +
                  nn * (sizeof(const ank_gexpr *) + sizeof(facts)) + nc;
    /* The printer takes the room left in the newest block of the
     * grammar's arena when it fits there (memory reserved already, kept
     * until the grammar is freed), and costs no malloc. */
    printer *p = ank__arena_take_spare(&((ank_gram *)g)->arena, size);
    bool in_arena = p != NULL;
    if (!p)
        p = ank__malloc(size);
    if (!p)
        return ANK_ERR_NOMEM;
    *p = (printer){.g = g, .in_arena = in_arena};
    p->rules = (rinfo *)(p + 1);
    p->queue = (entry *)(p->rules + nr), p->cap = nq;
    p->order = (const ank_gexpr **)(p->queue + nq);
    p->facts = (facts *)(p->order + nn);
    p->names = (char *)(p->facts + nn), p->capnames = nc;
    memset(p->rules, 0, nr * sizeof *p->rules);
    memset(p->facts, 0, nn * sizeof *p->facts); /* all UNSEEN */
    analyse(p);
    if (p->bad) {
        ank__gprint_free(p);
        return ANK_ERR_INTERNAL;
    }
    *out = p;
    return ANK_OK;
}

void ank__gprint_free(ank_gprint *p)
{
    if (!p)
        return;
    if (p->own_names)
        ank__free(p->names);
    if (p->own_queue)
        ank__free(p->queue);
    ank__free(p->taken);
    if (!p->in_arena)
        ank__free(p);
}

/* One print (ank__gprint_write()) from the queue's start; false when
 * out of memory, or when a replay's premise failed. */
static bool print(printer *p, bool json, ank_buf *out)
{
    /* names an earlier print kept stay valid, unless it failed */
    bool keep = !p->nomem;
    p->nomem = false;
    p->nqueue = 0;
    p->root_helpers = false;
    if (p->taken_cap && !p->replay)
        memset(p->taken, 0, p->taken_cap * sizeof *p->taken);
    for (size_t i = 0; i < p->ntodo; i++) {
        rinfo *info = &p->rules[p->rules[i].todo->index];
        info->entry = 0;
        if (!keep)
            info->name = 0, info->flags = 0;
    }
    if (!keep)
        p->nnames = 0;
    ank__gtext_begin(&p->t, out);
    p->t.json = json;
    /* most of the text in one allocation: about 8 bytes a node */
    size_t est = prepare(p);
    gtext_room(&p->t, est < SIZE_MAX / 16 ? 8 * est + 64 : 0);
    ank__gprint_enqueue(p, p->g->root, NULL, NULL, 0);
    for (size_t i = 0; i < p->nqueue && !p->nomem; i++) {
        entry e = p->queue[i];
        const ank_gexpr *body = e.rule ? e.rule->body : e.expr;
        p->current = i;
        p->top = body;
        gtext_put_slack(&p->t, p->names + e.name, e.len);
        if (!p->lark)
            GTEXT_PUTS(&p->t, " ::= ");
        else if (body && body->kind == GK_EMPTY)
            gtext_putc(&p->t, ':');
        else
            GTEXT_PUTS(&p->t, ": ");
        if (body)
            put_expr(p, body, P_ALT);
        else
            put_items(p, e.items, e.n, false);
        GTEXT_PUTS2(&p->t, "\n", "\\n");
    }
    ank__gtext_end(&p->t);
    return !p->nomem && !out->failed;
}

/* Does a rule's sanitised name keep the names of one dialect from
 * mapping onto the other's one for one: does it hold an upper-case letter
 * or is it a root name (or is it not kept)?  todo[0], the root, is named
 * for its place.  So are the helper and part rules named after the root
 * (their base is entry 0): "root-2" in GBNF is "start_2" in Lark. */
static bool names_clash(const printer *p)
{
    for (size_t i = 1; i < p->ntodo; i++) {
        const rinfo *info = &p->rules[p->rules[i].todo->index];
        const char *name = p->names + info->name - 1;
        if (!info->name || (info->flags & R_UPPER) ||
            (info->len == 4 && memcmp(name, "root", 4) == 0) ||
            (info->len == 5 && memcmp(name, "start", 5) == 0))
            return true;
    }
    return p->root_helpers;
}

/*
 * Naming is most of the cost of printing a grammar of many small rules.
 * When the last print, in the other dialect, was complete, Lark sizes
 * nodes as GBNF does (so both hoist the same nodes and cut no sequence)
 * and no rule's sanitised name holds an upper-case letter or is a root
 * name ("root", "start") and no helper is named after the root, this
 * print reaches its rules and helpers in the same order, and every name
 * differs from the last print's only in its
 * separators (both forms of a name are the same but for '-' against '_',
 * and no candidate name can be the other dialect's root name), so it
 * takes them from there (replay() in grammar_names.c).  Should the
 * premise ever fail, the print is done again by naming.
 */
ank_status ank__gprint_write(ank_gprint *p, ank_gram_dialect dialect,
                             bool json, ank_buf *out)
{
    if (out->failed)
        return ANK_ERR_NOMEM;
    size_t start = out->len;
    p->lark = dialect == ANK_GRAM_LARK;
    p->replay = !p->nomem && p->last_ok && p->last_lark != p->lark &&
                !lark_sizes(p) && !names_clash(p);
    bool ok = print(p, json, out);
    if (p->replay_broken) {
        p->replay = p->replay_broken = p->nomem = false;
        if (out->data && !out->failed)
            out->len = start, out->data[start] = '\0';
        ok = print(p, json, out);
    }
    p->replay = false;
    p->last_ok = ok, p->last_lark = p->lark;
    p->last_n = (uint32_t)p->nqueue;
    ank_status st = ok ? ANK_OK : ANK_ERR_NOMEM;
    if (st != ANK_OK && out->data && !out->failed) {
        out->len = start;
        out->data[start] = '\0';
    }
    return st;
}
