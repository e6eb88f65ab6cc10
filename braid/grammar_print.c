/*
 * grammar_print.c - ank__gram_write: the grammar model printed as GBNF
 * (llama.cpp, XGrammar) or as Lark (llguidance, Python Lark), with each
 * dialect's escaping of literals, classes and regexes, and rule names
 * sanitised for the dialect.
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
 */
#include "grammar_int.h"

#include <stdio.h>
#include <string.h>

#include "../ffi/alloc.h"

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

/* What the printer knows of a node, by node id. */
typedef struct facts {
    size_t size;  /* printed size in nodes, helpers counted as one */
    size_t tree;  /* size fully expanded (saturating) */
    const char *helper; /* the helper rule's name, once queued */
    unsigned char uses; /* references met, saturating at 2 */
    bool measured, hoist;
} facts;

/* A rule to print: a grammar rule, a helper rule for a shared node
 * (`expr`), or items[0..n) of a long sequence (a part rule). */
typedef struct entry {
    const ank_grule *rule;
    const ank_gexpr *expr;
    ank_gexpr *const *items;
    size_t n;
    char *name;
    size_t base;   /* the entry whose name helpers of this one build on */
    unsigned next; /* the next suffix to try for names built on this one */
} entry;

typedef struct printer {
    const ank_gram *g;
    ank_gram_dialect d;
    ank_buf *out;
    const char **names; /* per rule index, once reached (owned by queue) */
    entry *queue;       /* in print order */
    size_t nqueue, cap;
    char **taken;       /* a hash set of the queued names */
    size_t taken_cap;
    facts *facts;       /* per node id */
    const ank_grule **todo; /* rules reached while counting */
    bool *seen;             /* per rule index */
    size_t current;        /* the entry being printed */
    const ank_gexpr *top;  /* its whole body: never replaced by a name */
    bool bad;            /* a failed node or undefined rule was reached */
    bool nomem;
} printer;

/* The next code point of UTF-8 text; an invalid byte reads as U+FFFD. */
static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0];
    size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4 : 0;
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    *len = 1;
    if (k == 1)
        return c;
    if (k == 0 || k > n)
        return 0xFFFD;
    uint32_t cp = c & (0x7Fu >> k);
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < least[k] || cp > ANK_GRAM_MAX_CP ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    *len = k;
    return cp;
}

/* \n \r \t and \\ are written the same way everywhere; returns false for
 * other code points. */
static bool common_escape(ank_buf *out, uint32_t cp)
{
    const char *e = cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : cp == '\t' ? "\\t"
                    : cp == '\\' ? "\\\\" : NULL;
    if (e)
        ank__buf_puts(out, e);
    return e != NULL;
}

/* Code points above ASCII as \uHHHH or \UHHHHHHHH (all dialects). */
static void put_wide(ank_buf *out, uint32_t cp)
{
    ank__buf_printf(out, cp <= 0xFFFF ? "\\u%04X" : "\\U%08X", (unsigned)cp);
}

/*
 * One code point inside a GBNF literal or class.  llama.cpp knows the
 * escapes \x \u \U \t \r \n \\ \" \[ \] only, so `-` and `^` in classes
 * are written in hex; XGrammar reads \x greedily (\x01b is U+001B), so a
 * hex digit right after a \x escape is itself escaped (*after_x).
 */
static void gbnf_char(ank_buf *out, uint32_t cp, bool in_class,
                      bool *after_x)
{
    bool was_x = *after_x;
    bool hexdigit = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'f') ||
                    (cp >= 'A' && cp <= 'F');
    *after_x = false;
    if (common_escape(out, cp))
        return;
    if (cp == (in_class ? ']' : '"'))
        ank__buf_printf(out, "\\%c", (char)cp);
    else if (cp < 0x20 || cp == 0x7F || (in_class && (cp == '-' || cp == '^')) ||
             (was_x && hexdigit)) {
        ank__buf_printf(out, "\\x%02X", (unsigned)cp);
        *after_x = true;
    } else if (cp >= 0x80)
        put_wide(out, cp);
    else
        ank__buf_putc(out, (char)cp);
}

/* One code point inside a Lark "..." literal: JSON string syntax, which is
 * what llguidance reads and Python Lark reads the same way. */
static void lark_lit_char(ank_buf *out, uint32_t cp)
{
    char utf8[4];
    if (common_escape(out, cp))
        return;
    if (cp == '"')
        ank__buf_puts(out, "\\\"");
    else if (cp < 0x20 || cp == 0x7F)
        ank__buf_printf(out, "\\u%04X", (unsigned)cp);
    else
        ank__buf_append(out, utf8, ank__utf8_put(utf8, cp));
}

/* One code point inside a regex, in a class or not: the common subset of
 * Python's re and Rust's regex crate. */
static void regex_char(ank_buf *out, uint32_t cp, bool in_class)
{
    if (common_escape(out, cp))
        return;
    if (cp < 0x20 || cp == 0x7F)
        ank__buf_printf(out, "\\x%02X", (unsigned)cp);
    else if (cp >= 0x80)
        put_wide(out, cp);
    else if (strchr(in_class ? "[]^-/" : ".+*?()|[]{}^$/", (int)cp))
        ank__buf_printf(out, "\\%c", (char)cp);
    else
        ank__buf_putc(out, (char)cp);
}

static void put_class(printer *p, const ank_gexpr *e, bool regex)
{
    bool after_x = false;
    if (regex && e->negated && e->n == 0) { /* "[^]" is no regex */
        ank__buf_puts(p->out, "[\\x00-\\U0010FFFF]");
        return;
    }
    ank__buf_puts(p->out, e->negated ? "[^" : "[");
    for (size_t i = 0; i < e->n; i++) {
        uint32_t lo = e->ranges[2 * i], hi = e->ranges[2 * i + 1];
        for (uint32_t c = lo, j = 0; j < (lo == hi ? 1u : 2u); c = hi, j++) {
            if (j == 1 && hi > lo + 1)
                ank__buf_putc(p->out, '-'), after_x = false;
            if (regex)
                regex_char(p->out, c, true);
            else
                gbnf_char(p->out, c, true, &after_x);
        }
    }
    ank__buf_putc(p->out, ']');
}

static void put_lit(printer *p, const ank_gexpr *e, bool regex)
{
    const unsigned char *s = (const unsigned char *)e->text;
    bool after_x = false;
    if (!regex)
        ank__buf_putc(p->out, '"');
    for (size_t i = 0, len; i < e->n; i += len) {
        uint32_t cp = utf8_next(s + i, e->n - i, &len);
        if (regex)
            regex_char(p->out, cp, false);
        else if (p->d == ANK_GRAM_GBNF)
            gbnf_char(p->out, cp, false, &after_x);
        else
            lark_lit_char(p->out, cp);
    }
    if (!regex)
        ank__buf_putc(p->out, '"');
}

/* Precedence of the place an expression is printed in. */
enum { P_ALT, P_SEQ, P_REP };

static void put_quant(ank_buf *out, uint32_t min, uint32_t max)
{
    if (min == 0 && max == 1)
        ank__buf_putc(out, '?');
    else if (min == 0 && max == ANK_G_INF)
        ank__buf_putc(out, '*');
    else if (min == 1 && max == ANK_G_INF)
        ank__buf_putc(out, '+');
    else if (min == max)
        ank__buf_printf(out, "{%u}", (unsigned)min);
    else if (max == ANK_G_INF)
        ank__buf_printf(out, "{%u,}", (unsigned)min);
    else
        ank__buf_printf(out, "{%u,%u}", (unsigned)min, (unsigned)max);
}

/* A rule-free expression as regex source (between the slashes). */
static void put_regex(printer *p, const ank_gexpr *e, int prec)
{
    bool group = (e->kind == GK_ALT && prec != P_ALT) ||
                 (prec == P_REP && (e->kind == GK_SEQ || e->kind == GK_REP ||
                                    (e->kind == GK_LIT && e->n > 1)));
    if (group)
        ank__buf_puts(p->out, "(?:");
    if (e->kind == GK_LIT)
        put_lit(p, e, true);
    else if (e->kind == GK_CLASS)
        put_class(p, e, true);
    else if (e->kind == GK_REP) {
        put_regex(p, e->sub, P_REP);
        put_quant(p->out, e->min, e->max);
    } else {
        for (size_t i = 0; i < e->n; i++) {
            if (i && e->kind == GK_ALT)
                ank__buf_putc(p->out, '|');
            put_regex(p, e->items[i], P_SEQ);
        }
    }
    if (group)
        ank__buf_putc(p->out, ')');
}

static const char *enqueue(printer *p, const ank_grule *r,
                           const ank_gexpr *expr, ank_gexpr *const *items,
                           size_t n);

static void put_expr(printer *p, const ank_gexpr *e, int prec);

/* ------------------------------------------------------ sharing analysis */

/* The facts of a node; a node of another grammar (a misuse, which
 * count() reports) shares the slot of the empty node. */
static facts *fact(const printer *p, const ank_gexpr *e)
{
    return &p->facts[e->id <= p->g->nnodes ? e->id : 0];
}

static size_t sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* Does Lark print the repetition `e` as one regex? */
static bool folds(const printer *p, const ank_gexpr *e)
{
    return p->d == ANK_GRAM_LARK && e->lexical && !e->sub->nullable &&
           !(e->min == 0 && e->max == 1) &&
           fact(p, e->sub)->tree <= REGEX_TREE_MAX;
}

/* Does Lark write the operand of `e` twice (x{m,} as x ~ m x*)? */
static bool twice(const printer *p, const ank_gexpr *e)
{
    return p->d == ANK_GRAM_LARK && e->kind == GK_REP && e->min >= 2 &&
           e->max == ANK_G_INF;
}

/* Queue a rule for counting, once; rules of another grammar are left to
 * enqueue() to report. */
static void reach(printer *p, const ank_grule *r, size_t *ntodo)
{
    const ank_gram *g = p->g;
    if (!r || r->index >= g->nrules || g->rules[r->index] != r ||
        p->seen[r->index])
        return;
    p->seen[r->index] = true;
    p->todo[(*ntodo)++] = r;
}

/* Count the references to `e` and, the first time, to what it holds. */
static void count(printer *p, const ank_gexpr *e, size_t *ntodo)
{
    facts *f = fact(p, e);
    if (e->id > p->g->nnodes)
        p->bad = true;
    if (f->uses > 0) {
        f->uses = 2;
        return;
    }
    f->uses = 1;
    if (e->kind == GK_REF)
        reach(p, e->rule, ntodo);
    for (size_t i = 0; (e->kind == GK_SEQ || e->kind == GK_ALT) && i < e->n;
         i++)
        count(p, e->items[i], ntodo);
    if (e->kind == GK_REP) {
        count(p, e->sub, ntodo);
        if (twice(p, e))
            count(p, e->sub, ntodo);
    }
}

/* Size `e` (after its operands) and decide whether it is hoisted; returns
 * what it adds to the printed size of an expression holding it. */
static size_t measure(printer *p, const ank_gexpr *e)
{
    facts *f = fact(p, e);
    if (!f->measured) {
        size_t size = 1, tree = 1;
        f->measured = true;
        for (size_t i = 0; (e->kind == GK_SEQ || e->kind == GK_ALT) &&
                           i < e->n; i++) {
            size = sat_add(size, measure(p, e->items[i]));
            tree = sat_add(tree, fact(p, e->items[i])->tree);
        }
        if (e->kind == GK_REP) {
            size_t sub = measure(p, e->sub), subtree = fact(p, e->sub)->tree;
            tree = sat_add(tree, subtree);
            if (folds(p, e))
                size = sat_add(size, subtree);
            else
                size = sat_add(sat_add(size, sub), twice(p, e) ? sub : 0);
        }
        f->size = size, f->tree = tree;
        f->hoist = f->uses > 1 && size > HOIST_SIZE &&
                   (e->kind == GK_SEQ || e->kind == GK_ALT || e->kind == GK_REP);
    }
    return f->hoist ? 1 : f->size;
}

/* Count and size everything reachable from the root. */
static void analyse(printer *p)
{
    const ank_gram *g = p->g;
    p->facts = ank__calloc(g->nnodes + 1, sizeof *p->facts);
    p->todo = ank__calloc(g->nrules + 1, sizeof *p->todo);
    p->seen = ank__calloc(g->nrules + 1, sizeof *p->seen);
    if (!p->facts || !p->todo || !p->seen) {
        p->nomem = true;
        return;
    }
    size_t ntodo = 0;
    reach(p, g->root, &ntodo);
    for (size_t i = 0; i < ntodo; i++)
        if (p->todo[i]->body)
            count(p, p->todo[i]->body, &ntodo);
    for (size_t i = 0; i < ntodo; i++)
        if (p->todo[i]->body)
            measure(p, p->todo[i]->body);
}

/* Items of a sequence; in Lark, more than PART of them go to part rules
 * of `span` items each, so no printed sequence is longer than PART. */
static void put_items(printer *p, ank_gexpr *const *items, size_t n,
                      bool alt)
{
    size_t span = 1;
    if (p->d == ANK_GRAM_LARK && !alt)
        while (n > span * PART)
            span *= PART;
    for (size_t i = 0; i < n; i += span) {
        if (i)
            ank__buf_puts(p->out, alt ? " | " : " ");
        if (span == 1) {
            put_expr(p, items[i], P_SEQ);
            continue;
        }
        const char *name = enqueue(p, NULL, NULL, items + i,
                                   n - i < span ? n - i : span);
        if (name)
            ank__buf_puts(p->out, name);
    }
}

static void put_expr(printer *p, const ank_gexpr *e, int prec)
{
    ank_buf *out = p->out;
    bool lark = p->d == ANK_GRAM_LARK;
    uint32_t min = e->min, max = e->max;
    facts *f = fact(p, e);
    if (f->hoist && e != p->top) {
        if (!f->helper)
            f->helper = enqueue(p, NULL, e, NULL, 0);
        if (f->helper)
            ank__buf_puts(out, f->helper);
    } else if (e->kind == GK_FAIL) {
        p->bad = true;
    } else if (e->kind == GK_EMPTY) {
        if (!lark)
            ank__buf_puts(out, "\"\"");
    } else if (e->kind == GK_LIT) {
        put_lit(p, e, false);
    } else if (e->kind == GK_CLASS) {
        if (lark)
            ank__buf_putc(out, '/');
        put_class(p, e, lark);
        if (lark)
            ank__buf_putc(out, '/');
    } else if (e->kind == GK_REF) {
        const char *name = enqueue(p, e->rule, NULL, NULL, 0);
        if (name)
            ank__buf_puts(out, name);
    } else if (e->kind == GK_SEQ || e->kind == GK_ALT) {
        bool alt = e->kind == GK_ALT;
        bool group = alt ? prec != P_ALT : prec == P_REP;
        if (group)
            ank__buf_putc(out, '(');
        put_items(p, e->items, e->n, alt);
        if (group)
            ank__buf_putc(out, ')');
    } else if (!lark) {
        if (prec == P_REP)
            ank__buf_putc(out, '(');
        put_expr(p, e->sub, P_REP);
        put_quant(out, min, max);
        if (prec == P_REP)
            ank__buf_putc(out, ')');
    } else {
        if (prec == P_REP)
            ank__buf_putc(out, '(');
        if (folds(p, e)) {
            /* A repetition of rule-free text is one greedy regex lexeme; a
             * regex may not match the empty string, so x* is /(x)+/?. */
            ank__buf_putc(out, '/');
            put_regex(p, e->sub, P_REP);
            put_quant(out, min ? min : 1, max);
            ank__buf_puts(out, min ? "/" : "/?");
        } else {
            put_expr(p, e->sub, P_REP);
            if (min <= 1 && (max == 1 || max == ANK_G_INF))
                put_quant(out, min, max);
            else if (min == max)
                ank__buf_printf(out, " ~ %u", (unsigned)min);
            else if (max != ANK_G_INF)
                ank__buf_printf(out, " ~ %u .. %u", (unsigned)min,
                                (unsigned)max);
            else { /* no open range in Lark: x ~ m x* */
                ank__buf_printf(out, " ~ %u ", (unsigned)min);
                put_expr(p, e->sub, P_REP);
                ank__buf_putc(out, '*');
            }
        }
        if (prec == P_REP)
            ank__buf_putc(out, ')');
    }
}

/* The dialect's form of a rule name hint: GBNF [a-zA-Z0-9-], Lark
 * [a-z][a-z0-9_]* (camelCase becomes camel_case); never empty, never
 * starting with a digit.  Allocated, with room for a suffix. */
static char *sanitize(const char *hint, bool lark)
{
    size_t n = strlen(hint), k = 0;
    char *s = ank__malloc(2 * n + 32), sep = lark ? '_' : '-';
    for (size_t i = 0; s && i < n; i++) {
        char c = hint[i], prev = i ? hint[i - 1] : '\0';
        bool upper = c >= 'A' && c <= 'Z';
        if ((c >= 'a' && c <= 'z') || upper || (c >= '0' && c <= '9')) {
            if (lark && upper && k > 0 && s[k - 1] != sep &&
                ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9')))
                s[k++] = sep;
            s[k++] = lark && upper ? (char)(c - 'A' + 'a') : c;
        } else if (k > 0 && s[k - 1] != sep) {
            s[k++] = sep;
        }
    }
    if (!s)
        return NULL;
    while (k > 0 && s[k - 1] == sep)
        k--;
    if (k == 0)
        memcpy(s, "rule", k = 4);
    else if (s[0] >= '0' && s[0] <= '9')
        memmove(s + 1, s, k++), s[0] = 'r';
    s[k] = '\0';
    return s;
}

static size_t name_hash(const char *s)
{
    size_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static bool name_taken(const printer *p, const char *name)
{
    for (size_t i = p->taken_cap ? name_hash(name) & (p->taken_cap - 1) : 0;
         p->taken_cap && p->taken[i]; i = (i + 1) & (p->taken_cap - 1))
        if (strcmp(p->taken[i], name) == 0)
            return true;
    return false;
}

/* Add a name (owned by the queue) to the set, kept at most half full. */
static bool take_name(printer *p, char *name)
{
    if (2 * (p->nqueue + 1) > p->taken_cap) {
        size_t cap = p->taken_cap ? 2 * p->taken_cap : 64;
        char **set = ank__calloc(cap, sizeof *set);
        if (!set)
            return false;
        for (size_t i = 0; i < p->nqueue; i++) {
            size_t h = name_hash(p->queue[i].name) & (cap - 1);
            while (set[h])
                h = (h + 1) & (cap - 1);
            set[h] = p->queue[i].name;
        }
        ank__free(p->taken);
        p->taken = set, p->taken_cap = cap;
    }
    size_t h = name_hash(name) & (p->taken_cap - 1);
    while (p->taken[h])
        h = (h + 1) & (p->taken_cap - 1);
    p->taken[h] = name;
    return true;
}

/* `name` (room for a suffix) with the first free suffix from `*next` on:
 * names are never given back, so every suffix below it is taken. */
static void suffix(const printer *p, char *name, unsigned *next)
{
    size_t len = strlen(name);
    unsigned i = *next;
    do
        snprintf(name + len, 24, "%c%u", p->d == ANK_GRAM_LARK ? '_' : '-',
                 i++);
    while (name_taken(p, name));
    *next = i;
}

/* The name of a rule, of a helper rule for the shared node `expr`, or of a
 * part rule (`r` and `expr` NULL), queued for printing the first time it
 * is reached; NULL after a failure.  Helpers are named after the grammar
 * rule they are first met in, parts after the entry they are cut from. */
static const char *enqueue(printer *p, const ank_grule *r,
                           const ank_gexpr *expr, ank_gexpr *const *items,
                           size_t n)
{
    bool lark = p->d == ANK_GRAM_LARK;
    if (r && (r->index >= p->g->nrules || p->g->rules[r->index] != r)) {
        p->bad = true; /* a rule of another grammar */
        return NULL;
    }
    if ((r && p->names[r->index]) || p->nomem)
        return r ? p->names[r->index] : NULL;
    if (p->nqueue == p->cap) {
        entry *grown = ank__realloc(p->queue, (2 * p->cap + 64) * sizeof *grown);
        if (!grown) {
            p->nomem = true;
            return NULL;
        }
        p->queue = grown, p->cap = 2 * p->cap + 64;
    }
    size_t from = p->nqueue == 0 ? 0 : expr ? p->queue[p->current].base
                                             : p->current;
    size_t self = p->nqueue, base = r || self == 0 ? self : p->queue[from].base;
    char *name = self == 0 ? sanitize(lark ? "start" : "root", lark)
                 : sanitize(r ? r->hint : p->queue[from].name, lark);
    if (!name) {
        p->nomem = true;
        return NULL;
    }
    if (self > 0 && !r) {
        suffix(p, name, &p->queue[from].next);
    } else if (self > 0 && name_taken(p, name)) {
        unsigned next = 2;
        suffix(p, name, &next);
    }
    if (!take_name(p, name)) {
        ank__free(name);
        p->nomem = true;
        return NULL;
    }
    p->queue[p->nqueue++] = (entry){r, expr, items, n, name, base, 2};
    if (r)
        p->names[r->index] = name;
    return name;
}

ank_status ank__gram_write(const ank_gram *g, ank_gram_dialect dialect,
                           ank_buf *out)
{
    if (!g || g->nomem || out->failed)
        return ANK_ERR_NOMEM;
    if (!g->root || g->misuse)
        return ANK_ERR_INTERNAL;
    size_t start = out->len;
    printer p = {.g = g, .d = dialect, .out = out};
    p.names = ank__calloc(g->nrules + 1, sizeof *p.names);
    if (!p.names)
        p.nomem = true;
    else
        analyse(&p);
    if (!p.nomem)
        enqueue(&p, g->root, NULL, NULL, 0);
    for (size_t i = 0; i < p.nqueue && !p.bad && !p.nomem; i++) {
        entry e = p.queue[i];
        const ank_gexpr *body = e.rule ? e.rule->body : e.expr;
        if (e.rule && !body) {
            p.bad = true; /* referenced, never defined */
            break;
        }
        p.current = i;
        p.top = body;
        ank__buf_puts(out, e.name);
        ank__buf_puts(out, dialect == ANK_GRAM_LARK ? ":" : " ::=");
        if (!(dialect == ANK_GRAM_LARK && body && body->kind == GK_EMPTY))
            ank__buf_putc(out, ' ');
        if (body)
            put_expr(&p, body, P_ALT);
        else
            put_items(&p, e.items, e.n, false);
        ank__buf_putc(out, '\n');
    }
    for (size_t i = 0; i < p.nqueue; i++)
        ank__free(p.queue[i].name);
    ank__free(p.queue);
    ank__free(p.names);
    ank__free(p.taken);
    ank__free(p.facts);
    ank__free(p.todo);
    ank__free(p.seen);
    ank_status st = p.nomem || out->failed ? ANK_ERR_NOMEM
                    : p.bad               ? ANK_ERR_INTERNAL
                                          : ANK_OK;
    if (st != ANK_OK && out->data && !out->failed) {
        out->len = start;
        out->data[start] = '\0';
    }
    return st;
}
