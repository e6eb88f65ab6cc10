/*
 * completion_print.c - a completion grammar printed straight from its
 * nonterminals, as the grammar model's printer prints the grammar
 * completion.c's emit() makes of them, without the model's nodes, rules
 * or printer tables.
 *
 * That grammar has one shape: per productive nonterminal N(l, q, e) a rule
 * named after its hint "<lexer state>_<index>" (the start rule: root in
 * GBNF, start in Lark), whose body is its usable alternatives in key
 * order (ank__completion_sorted()), each `class target` or `class inner
 * "closer" target`, joined by " | ", the whole as `( ... )?` when the
 * nonterminal may derive the empty text ("" alone in GBNF, nothing in
 * Lark, when that is all it derives).  The model's printer writes the
 * rules breadth-first from the root in the order the references are met,
 * which is what ank__cprint_write() does, listing each rule's
 * alternatives again (they are not stored: completion_rules.c); it hoists
 * nothing (no shared node is larger than HOIST_SIZE), cuts no sequence
 * (none is longer than PART items) and folds no repetition in this
 * shape, and its second dialect only swaps the separators of the first's
 * names.  A class prints as the model's class node would, after
 * ank__g_class()'s normalising (surrogates cut out, one code point a
 * literal), through grammar_text.h's writers.
 *
 * Names: a lexer state's name of lower-case words and digits joined by
 * single '_' makes hints that are their own names but for the separator,
 * and distinct hints (the index follows the last '_'), so no name takes a
 * suffix.  ank__cprint_new() returns NULL for a lexer whose names are not
 * so (none today), or when a class holds only surrogates (which the model
 * rejects), and the caller falls back to the model.
 *
 * A class is made the first time a print meets its set of classes (one
 * per distinct set), and its text is written the first time a print meets
 * it and copied after, as the model's printer does for shared nodes.
 * Writing into a buffer with a sink drains it between rules, and copies
 * only from text still in the buffer.
 */
#include "completion_print.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "../ffi/text.h"
#include "completion_sets.h"
#include "grammar_text.h"

#define NONE UINT32_MAX
/* A buffer with a sink (a streamed document) is drained after the rule
 * that takes it past this many bytes; room is made for that and a long
 * rule more (a longer one grows the buffer). */
#define DRAIN_AT (6 * 1024)
#define RULE_ROOM (2 * 1024)
/* An alternative without an inside (ank__completion_sorted()'s keys). */
#define NO_INNER 0xFFFF

enum { C_CLASS, C_NEGATED, C_LIT };

/* A distinct class: ranges[2 * first ..] of n pairs, as the model's node
 * holds them; C_LIT: ranges[2 * first] is its one code point. */
typedef struct pclass {
    uint32_t first, n;
    uint8_t kind;
} pclass;

/* The table of alt_class(): key + 1 (0: empty), the class. */
#define CACHE_BITS 9
typedef struct pcache {
    uint32_t key, cls;
} pcache;

struct ank_cprint {
    ank_cbuild *b; /* the nonterminals (not owned) */
    size_t nnts;
    pclass *cls;
    size_t ncls, clcap;
    uint32_t *setcls; /* per set of b, its class + 1 (0: none yet) */
    size_t setcap;
    uint32_t *ranges;
    size_t nranges, rcap;
    uint32_t *r;    /* ank__completion_ranges()'s scratch */
    pcache *cache;  /* 2^CACHE_BITS entries */
    uint64_t *segs;
    /* per print: the queue of rules, which are queued; per class, its
     * text: its length (0: not written yet) times 2^32 plus where it
     * starts, counted from the writer's base (the text of a piece drained
     * since lies below it) */
    uint16_t *queue; /* ANK_COMPLETION_MAX_RULES fit */
    uint8_t *queued;
    uint64_t *text[2]; /* clcap entries each: a text's per print (the
                          second once both are printed at once) */
    bool both;
    size_t est;   /* the last print's length */
    size_t guess; /* the first print's */
    /* per lexer state, its name and separator in GBNF and Lark (the
     * start of a name), zero-padded to 32 bytes: prefix[2 * l + lark];
     * and its length */
    char (*prefix)[32];
    uint8_t plen[MAXL];
};

/* ------------------------------------------------------------- classes */

size_t ank__completion_ranges(const ank_cbuild *b, const uint64_t *bits,
                              uint32_t *r, uint64_t *segs, bool *negated)
{
    size_t k = 0, sw = b->swords;
    memset(segs, 0, sw * sizeof *segs);
    for (size_t w = 0; w < b->gwords; w++)
        for (uint64_t y = bits[w]; y; y &= y - 1) {
            const uint64_t *from =
                b->segbits + (w * 64 + (size_t)__builtin_ctzll(y)) * sw;
            for (size_t v = 0; v < sw; v++)
                segs[v] |= from[v];
        }
    for (size_t v = 0; v < sw; v++)
        for (uint64_t y = segs[v]; y; y &= y - 1) {
            const ank_cseg *s = &b->segs[v * 64 + (size_t)__builtin_ctzll(y)];
            if (k && s->lo == r[2 * k - 1] + 1) {
                r[2 * k - 1] = s->hi;
            } else {
                r[2 * k] = s->lo;
                r[2 * k + 1] = s->hi;
                k++;
            }
        }
    *negated = false;
    if (k == 0 || r[2 * k - 1] != 0x10FFFF || r[2 * k - 2] > 0x80)
        return k;
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
    *negated = true;
    return gaps;
}

/* Append class `c`, of the ranges r[0, 2k), to p->ranges as the model's
 * node holds it.  The ranges are ascending, apart and within Unicode, so
 * ank__g_class() only cuts out the surrogates (which may split one range,
 * and leave none adjacent); one code point is a literal.  False when out
 * of memory, or (*odd) for a class the model rejects: no code point. */
static bool add_class(ank_cprint *p, pclass *c, const uint32_t *r, size_t k,
                      bool negated, bool *odd)
{
    if (p->rcap - p->nranges < 2 * k + 2) {
        /* by half: the classes are made while the first print runs, at
         * the compile's peak of memory */
        size_t cap = p->rcap + p->rcap / 2 + 2 * k + 64;
        uint32_t *grown = ank__realloc(p->ranges, cap * sizeof *grown);
        if (!grown)
            return false;
        p->ranges = grown;
        p->rcap = cap;
    }
    uint32_t *to = p->ranges + p->nranges;
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        m += ank__scalar_ranges(r[2 * i], r[2 * i + 1], to + 2 * m);
    if (!negated && m == 0) {
        *odd = true;
        return false;
    }
    c->first = (uint32_t)(p->nranges / 2);
    c->n = (uint32_t)m;
    c->kind = negated ? C_NEGATED
              : m == 1 && to[0] == to[1] ? C_LIT : C_CLASS;
    p->nranges += 2 * m;
    return true;
}

/* ----------------------------------------------------------- building */

/* Is a lexer state's name one whose hints are their own names but for
 * the separator, with room in 31 bytes for "_" and `digits` digits? */
static bool plain_name(const char *name, size_t digits)
{
    size_t n = strlen(name);
    if (n == 0 || n + 1 + digits > 31 || name[0] < 'a' || name[0] > 'z' ||
        name[n - 1] == '_')
        return false;
    for (size_t i = 1; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              (c == '_' && name[i - 1] != '_')))
            return false;
    }
    return true;
}

/* Does class c of b hold only surrogates (which the model's class
 * rejects)? */
static bool surrogates_only(const ank_cbuild *b, size_t c)
{
    const uint64_t *segs = b->segbits + c * b->swords;
    for (size_t v = 0; v < b->swords; v++)
        for (uint64_t y = segs[v]; y; y &= y - 1) {
            const ank_cseg *g = &b->segs[v * 64 + (size_t)__builtin_ctzll(y)];
            if (g->lo < 0xD800 || g->hi > 0xDFFF)
                return false;
        }
    return true;
}

ank_cprint *ank__cprint_new(ank_cbuild *b)
{
    size_t nnts = b->nnts, digits = 1;
    for (size_t v = nnts ? nnts - 1 : 0; v >= 10; v /= 10)
        digits++;
    for (int l = 0; l < b->lx.n; l++)
        if (!plain_name(b->lx.name[l], digits))
            return NULL; /* the model names these */
    for (size_t c = 0; c < b->ncls; c++)
        if (surrogates_only(b, c))
            return NULL; /* the model rejects such a class */
    ank_cprint *p = ank__calloc(1, sizeof *p);
    if (p) {
        p->b = b;
        p->nnts = nnts;
        /* about 11 alternatives of 24 bytes a rule, and its name */
        p->guess = 24 * 12 * nnts + 64;
        p->r = ank__malloc((2 * b->nsegs + 2) * sizeof *p->r);
        p->segs = ank__malloc((b->swords + 1) * sizeof *p->segs);
        p->queue = ank__malloc((nnts + 1) * sizeof *p->queue);
        p->queued = ank__malloc(nnts + 1);
        p->prefix = ank__calloc(2 * (size_t)b->lx.n, sizeof *p->prefix);
        p->cache = ank__calloc((size_t)1 << CACHE_BITS, sizeof *p->cache);
    }
    if (!p || !p->r || !p->segs || !p->queue || !p->queued || !p->prefix ||
        !p->cache) {
        ank__cprint_free(p);
        ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (int l = 0; l < b->lx.n; l++) {
        size_t n = strlen(b->lx.name[l]);
        for (int lark = 0; lark < 2; lark++) {
            char *w = p->prefix[2 * l + lark], sep = lark ? '_' : '-';
            memcpy(w, b->lx.name[l], n);
            w[n] = '_';
            for (size_t k = 0; k <= n; k++)
                if (w[k] == '_')
                    w[k] = sep;
        }
        p->plen[l] = (uint8_t)(n + 1);
    }
    return p;
}

void ank__cprint_free(ank_cprint *p)
{
    if (!p)
        return;
    ank__free(p->cls);
    ank__free(p->setcls);
    ank__free(p->ranges);
    ank__free(p->r);
    ank__free(p->segs);
    ank__free(p->queue);
    ank__free(p->queued);
    ank__free(p->text[0]);
    ank__free(p->text[1]);
    ank__free(p->prefix);
    ank__free(p->cache);
    ank__free(p);
}

/* class_of_set() the first time. */
static uint32_t __attribute__((noinline))
new_class(ank_cprint *p, uint32_t set, const uint64_t *bits)
{
    ank_cbuild *b = p->b;
    if (set == NONE || !ank__cset_index_room(b, (void **)&p->setcls,
                                             &p->setcap, set,
                                             sizeof *p->setcls))
        return NONE;
    if (p->ncls == p->clcap) {
        size_t cap = p->clcap ? 2 * p->clcap : 64;
        pclass *cls = ank__realloc(p->cls, cap * sizeof *cls);
        if (cls)
            p->cls = cls;
        /* the second only once both dialects are printed at once */
        for (int d = 0; d < 1 + p->both && cls; d++) {
            uint64_t *text = ank__realloc(p->text[d], cap * sizeof *text);
            if (!text) {
                cls = NULL;
                break;
            }
            memset(text + p->clcap, 0, (cap - p->clcap) * sizeof *text);
            p->text[d] = text;
        }
        if (!cls)
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   NONE;
        p->clcap = cap;
    }
    bool negated, odd = false;
    size_t k = ank__completion_ranges(b, bits, p->r, p->segs, &negated);
    if (!add_class(p, &p->cls[p->ncls], p->r, k, negated, &odd))
        /* odd: no class of b holds only surrogates (ank__cprint_new) */
        return ank__completion_fail(b, odd ? ANK_ERR_INTERNAL : ANK_ERR_NOMEM,
                                    odd ? "a class of no code point"
                                        : "out of memory"),
               NONE;
    p->setcls[set] = (uint32_t)++p->ncls;
    return (uint32_t)p->ncls - 1;
}

/* The class of set `set` of b, whose classes are `bits`, made the first
 * time; NONE when out of memory (b failed). */
static inline uint32_t class_of_set(ank_cprint *p, uint32_t set,
                                    const uint64_t *bits)
{
    if (set < p->setcap && p->setcls[set])
        return p->setcls[set] - 1;
    return new_class(p, set, bits);
}

/* The class of the classes `bits`. */
static uint32_t class_of(ank_cprint *p, const uint64_t *bits)
{
    return class_of_set(p, ank__cset_of(p->b, bits, p->b->gwords), bits);
}

/* The class of alternative a of a nonterminal of lexer state l, its
 * classes `bits`: a whole D part's is that part's set's; one cut from a
 * part by the lexer is a function of the part's set, l and the lexer's
 * part, remembered (last come, in a small table) so that most are not
 * looked up by their bits. */
static uint32_t alt_class(ank_cprint *p, uint32_t l, const ank_calt *a,
                          const uint64_t *bits)
{
    if (a->closer)
        return class_of(p, bits);
    if (a->whole)
        return class_of_set(p, a->dset, bits);
    uint32_t key = (uint32_t)a->dset << 16 | l << 8 | a->lpart;
    pcache *e = &p->cache[(key * 0x9E3779B1u) >> (32 - CACHE_BITS)];
    if (e->key == key + 1)
        return e->cls;
    uint32_t c = class_of(p, bits);
    if (c != NONE)
        *e = (pcache){key + 1, c};
    return c;
}

/* ------------------------------------------------------------ writing */

/* One text being written: its dialect, and which of p->text keeps where
 * the classes' texts are (keep()). */
typedef struct wout {
    gtext t;
    bool lark;
    uint8_t slot;
    uint32_t base; /* where the buffer's first byte is in p->text */
    ank_buf *buf;
    size_t start, drained;
} wout;

/* The texts written in one pass (one, or both dialects), and the rules
 * queued, which all of them write in the same order. */
/* An alternative's texts, written once and copied after: its key (its
 * class, target, inside and closer, + 1) and per text where it is
 * (keep()'s form). */
typedef struct walt {
    uint64_t key;
    uint64_t text[2];
} walt;

typedef struct writer {
    ank_cprint *p;
    wout o[2];
    size_t nout;
    size_t nq; /* rules queued */
    /* without a sink (no text drains), the alternatives' texts: tab (of
     * tcap slots, a power of 2, at most half full) holds index + 1 of
     * each of alt[0, nalt) by open addressing; tcap 0: not kept */
    uint16_t *tab;
    size_t tcap;
    walt *alt;
    size_t nalt, acap;
} writer;

/* "00" to "99". */
static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                            "25262728293031323334353637383940414243444546474849"
                            "50515253545556575859606162636465666768697071727374"
                            "75767778798081828384858687888990919293949596979899";
_Static_assert(ANK_COMPLETION_MAX_RULES <= 100000, "indices of 5 digits");

/* Queue nonterminal i the first time it is met. */
static inline void meet(writer *w, uint32_t i)
{
    ank_cprint *p = w->p;
    if (!p->queued[i]) {
        p->queued[i] = 1;
        p->queue[w->nq++] = (uint16_t)i;
    }
}

/* Nonterminal i's name. */
static inline void put_ref(const ank_cprint *p, wout *o, uint32_t i)
{
    gtext *t = &o->t;
    if (!gtext_room(t, 48))
        return;
    char *d = t->data + t->len;
    if (i == 0) {
        memcpy(d, o->lark ? "start" : "root\0", 5);
        t->len += o->lark ? 5 : 4;
        return;
    }
    /* the prefix is copied at a fixed size (what lies past it is written
     * over), then the index's digits (at most 5), two at a time from the
     * last, straight into the text */
    uint8_t l = p->b->nts[i].l;
    size_t k = p->plen[l];
    memcpy(d, p->prefix[2 * l + o->lark], 32);
    size_t nd = 1 + (i >= 10) + (i >= 100) + (i >= 1000) + (i >= 10000);
    char *e = d + k + nd;
    uint32_t v = i;
    for (; v >= 100; v /= 100) {
        e -= 2;
        memcpy(e, pairs + 2 * (v % 100), 2);
    }
    if (v >= 10)
        memcpy(e - 2, pairs + 2 * v, 2);
    else
        e[-1] = (char)('0' + v);
    t->len += k + nd;
}

/* Keep where the text of class `x`, begun at `at`, is. */
static inline void keep(const ank_cprint *p, wout *o, size_t x, size_t at)
{
    if (o->t.len < UINT32_MAX - o->base)
        p->text[o->slot][x] = (uint64_t)(o->t.len - at) << 32 |
                              (at + o->base);
}

/* The text of class `x` as keep() has it, where it starts in the
 * buffer; 0 when not written since the buffer last drained. */
static inline uint64_t kept(const ank_cprint *p, const wout *o, size_t x)
{
    uint64_t v = p->text[o->slot][x];
    return (uint32_t)v >= o->base ? v - o->base : 0;
}

/* Class c as the model's printer writes its node. */
static void put_class(const ank_cprint *p, wout *o, uint32_t c)
{
    gtext *t = &o->t;
    uint64_t v = kept(p, o, c);
    if (v) {
        gtext_repeat(t, (uint32_t)v, v >> 32);
        return;
    }
    size_t at = t->len;
    const pclass *k = &p->cls[c];
    const uint32_t *r = p->ranges + 2 * (size_t)k->first;
    if (k->kind == C_LIT) {
        char utf8[4];
        size_t n = ank__utf8_put(utf8, r[0]);
        unsigned m = o->lark ? GT_LARK_LIT : GT_GBNF_LIT;
        if (!gtext_lit_ascii(t, utf8, n, m))
            ank__gtext_lit(t, utf8, n, m, '"');
    } else {
        bool neg = k->kind == C_NEGATED;
        if (o->lark)
            gtext_putc(t, '/');
        if (!gtext_class_ascii(t, neg, r, k->n, o->lark))
            ank__gtext_class(t, neg, r, k->n, o->lark);
        if (o->lark)
            gtext_putc(t, '/');
    }
    keep(p, o, c, at);
}

/* An alternative of class c: `class target` or `class inner "closer"
 * target`. */
static void put_alt(const ank_cprint *p, wout *o, const ank_calt *a,
                    uint32_t c)
{
    gtext *t = &o->t;
    put_class(p, o, c);
    gtext_putc(t, ' ');
    if (a->inner != NO_INNER) {
        put_ref(p, o, a->inner);
        gtext_putc(t, ' ');
        unsigned m = o->lark ? GT_LARK_LIT : GT_GBNF_LIT;
        if (!gtext_lit_ascii(t, &a->closer, 1, m))
            ank__gtext_lit(t, &a->closer, 1, m, '"');
        gtext_putc(t, ' ');
    }
    put_ref(p, o, a->target);
}

/* The start of nonterminal i's rule of m alternatives: its name, the
 * separator, and `(` when it derives the empty text too; "" in GBNF
 * (nothing in Lark) when that is all. */
static void put_head(const ank_cprint *p, wout *o, uint32_t i, size_t m)
{
    gtext *t = &o->t;
    put_ref(p, o, i);
    if (!o->lark)
        GTEXT_PUTS(t, " ::= ");
    else if (m == 0)
        gtext_putc(t, ':');
    else
        GTEXT_PUTS(t, ": ");
    if (m == 0 && !o->lark)
        GTEXT_PUTS2(t, "\"\"", "\\\"\\\"");
    if (m && p->b->nts[i].eps)
        gtext_putc(t, '(');
}

/* The entry of the alternative of `key` in w's table, made (its texts
 * not yet written) when new; NULL when there is no table or no room. */
static walt *walt_of(writer *w, uint64_t key)
{
    size_t mask = w->tcap - 1,
           h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 40) & mask;
    for (uint16_t x; (x = w->tab[h]) != 0; h = (h + 1) & mask)
        if (w->alt[x - 1].key == key)
            return &w->alt[x - 1];
    if (2 * (w->nalt + 1) > w->tcap || w->nalt == w->acap)
        return NULL; /* written afresh each time: slower, not wrong */
    w->tab[h] = (uint16_t)++w->nalt;
    walt *e = &w->alt[w->nalt - 1];
    *e = (walt){key, {0, 0}};
    return e;
}

/* Nonterminal i's rule in each text: its usable alternatives in print
 * order (b->keys) joined by " | ", as `( ... )?` when it derives the
 * empty text too. */
static void put_rule(writer *w, uint32_t i)
{
    ank_cprint *p = w->p;
    ank_cbuild *b = p->b;
    size_t m = ank__completion_sorted(b, i);
    for (size_t d = 0; d < w->nout; d++)
        put_head(p, &w->o[d], i, m);
    for (size_t j = 0; j < m; j++) {
        size_t k = (size_t)(b->keys[j] & ANK_CKEY_INDEX);
        const ank_calt *a = &b->alts[k];
        uint32_t c = alt_class(p, b->nts[i].l, a, ank__calt_bits(b, k));
        if (c == NONE)
            return;
        if (a->inner != NO_INNER)
            meet(w, a->inner);
        meet(w, a->target);
        /* the key: the sort key's target, inside and closer, the class
         * for the index */
        walt *e =
            w->tcap ? walt_of(w, (b->keys[j] & ~ANK_CKEY_INDEX) | c) : NULL;
        for (size_t d = 0; d < w->nout; d++) {
            wout *o = &w->o[d];
            if (j)
                GTEXT_PUTS(&o->t, " | ");
            if (e && e->text[d]) {
                gtext_repeat(&o->t, (uint32_t)e->text[d], e->text[d] >> 32);
                continue;
            }
            size_t at = o->t.len;
            put_alt(p, o, a, c);
            if (e && o->t.len < UINT32_MAX)
                e->text[d] = (uint64_t)(o->t.len - at) << 32 | at;
        }
    }
    bool eps = b->nts[i].eps;
    for (size_t d = 0; d < w->nout; d++) {
        if (m && eps)
            GTEXT_PUTS(&w->o[d].t, ")?");
        GTEXT_PUTS2(&w->o[d].t, "\n", "\\n");
    }
}

/* The text so far of o goes to its buffer's sink; classes met again
 * are written afresh, not copied from it: the base passes what they kept
 * (cleared when it would pass 32 bits). */
static void drain(ank_cprint *p, wout *o)
{
    ank__gtext_end(&o->t);
    ank_buf *out = o->buf;
    size_t len = out->len;
    ank__buf_drain(out, 0);
    if (!out->failed) {
        o->drained += len - o->start;
        o->start = 0;
        if (len < UINT32_MAX / 2 - o->base) {
            o->base += (uint32_t)len;
        } else if (p->clcap) {
            o->base = 0;
            memset(p->text[o->slot], 0, p->clcap * sizeof(uint64_t));
        } else {
            o->base = 0;
        }
    }
    ank__gtext_begin(&o->t, out);
}

/* Write the grammar into outs[0, n) (dialects[d] each), JSON-escaped when
 * `json`. */
static ank_status write_all(ank_cprint *p, const ank_gram_dialect *dialects,
                            ank_buf **outs, size_t n, bool json)
{
    ank_cbuild *b = p->b;
    writer w = {.p = p, .nout = n};
    for (size_t d = 0; d < n; d++) {
        ank_buf *out = outs[d];
        if (out->failed)
            return ANK_ERR_NOMEM;
        /* what a sink's buffer holds (the other dialect's last rules)
         * goes first, so that its room is a piece's, not that as well */
        ank__buf_drain(out, 0);
        if (out->failed)
            return ANK_ERR_NOMEM;
    }
    if (b->status != ANK_OK)
        return b->status;
    if (n == 2 && !p->both) {
        /* the second dialect's offsets, from now on grown with the
         * classes */
        if (p->clcap &&
            !(p->text[1] = ank__calloc(p->clcap, sizeof *p->text[1])))
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   ANK_ERR_NOMEM;
        p->both = true;
    }
    for (size_t d = 0; d < n; d++) {
        wout *o = &w.o[d];
        o->lark = dialects[d] == ANK_GRAM_LARK;
        o->buf = outs[d];
        o->start = outs[d]->len;
        o->slot = (uint8_t)d;
        if (p->clcap)
            memset(p->text[d], 0, p->clcap * sizeof(uint64_t));
        ank__gtext_begin(&o->t, outs[d]);
        o->t.json = json;
        /* most of the text in one allocation: about 24 bytes an
         * alternative (which allows for JSON's escapes) before the first
         * print, the other dialect's length after it; a buffer that
         * drains into a sink holds a piece at a time */
        gtext_room(&o->t, outs[d]->sink ? DRAIN_AT + RULE_ROOM
                          : p->est    ? p->est + p->est / 16 + 64
                                      : p->guess);
    }
    /* without a sink the texts stay where they are written: the
     * alternatives' are copied (about 2 slots and one entry per rule) */
    bool sink = false;
    for (size_t d = 0; d < n; d++)
        sink = sink || outs[d]->sink;
    if (!sink) {
        size_t cap = 64;
        while (cap < 4 * p->nnts && cap < 0x10000)
            cap *= 2;
        w.tab = ank__calloc(cap, sizeof *w.tab);
        w.alt = w.tab ? ank__malloc((cap / 2) * sizeof *w.alt) : NULL;
        if (w.alt) {
            w.tcap = cap;
            w.acap = cap / 2 < 0xFFFF ? cap / 2 : 0xFFFF;
        }
    }
    memset(p->queued, 0, p->nnts);
    p->queued[0] = 1, p->queue[0] = 0, w.nq = 1;
    for (size_t k = 0; k < w.nq && b->status == ANK_OK; k++) {
        put_rule(&w, p->queue[k]);
        for (size_t d = 0; d < n; d++)
            if (outs[d]->sink && w.o[d].t.len >= DRAIN_AT)
                drain(p, &w.o[d]);
    }
    ank__free(w.tab);
    ank__free(w.alt);
    ank_status st = b->status;
    for (size_t d = 0; d < n; d++) {
        wout *o = &w.o[d];
        ank__gtext_end(&o->t);
        if (st != ANK_OK)
            outs[d]->len = o->start; /* nothing of it stays */
        else if (outs[d]->failed)
            st = ANK_ERR_NOMEM;
        else
            p->est = o->drained + outs[d]->len - o->start;
    }
    return st;
}

ank_status ank__cprint_write(ank_cprint *p, ank_gram_dialect dialect,
                             bool json, ank_buf *out)
{
    return write_all(p, &dialect, &out, 1, json);
}

ank_status ank__cprint_write_both(ank_cprint *p, bool json, ank_buf *gbnf,
                                  ank_buf *lark)
{
    static const ank_gram_dialect dialects[2] = {ANK_GRAM_GBNF,
                                                 ANK_GRAM_LARK};
    ank_buf *outs[2] = {gbnf, lark};
    return write_all(p, dialects, outs, 2, json);
}
