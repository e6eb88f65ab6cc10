/*
 * completion_print.c - a completion grammar printed straight from its
 * nonterminals and alternatives, as the grammar model's printer prints
 * the grammar completion.c's emit() makes of them, without the model's
 * nodes, rules or printer tables.
 *
 * That grammar has one shape: per productive nonterminal N(l, q, e) a rule
 * named after its hint "<lexer state>_<index>" (the start rule: root in
 * GBNF, start in Lark), whose body is its usable alternatives in key
 * order (emit() sorts them so), each `class target` or `class inner
 * "closer" target`, joined by " | ", the whole as `( ... )?` when the
 * nonterminal may derive the empty text ("" alone in GBNF, nothing in
 * Lark, when that is all it derives).  The model's printer writes the
 * rules breadth-first from the root in the order the references are met,
 * which is what ank__cprint_write() does; it hoists nothing (no shared
 * node is larger than HOIST_SIZE), cuts no sequence (none is longer than
 * PART items) and folds no repetition in this shape, and its second
 * dialect only swaps the separators of the first's names.  A class prints
 * as the model's class node would, after ank__g_class()'s normalising
 * (surrogates cut out, one code point a literal), through grammar_text.h's
 * writers.
 *
 * Names: a lexer state's name of lower-case words and digits joined by
 * single '_' makes hints that are their own names but for the separator,
 * and distinct hints (the index follows the last '_'), so no name takes a
 * suffix.  ank__cprint_new() returns NULL for a lexer whose names are not
 * so (none today), or for a class the model rejects, and the caller falls
 * back to the model.
 *
 * An alternative's text is written the first time it is met in a print
 * and copied after (as the model's printer does for shared nodes); most of
 * the text is such copies, each with its separator one block copy.
 * Writing into a buffer with a sink drains it between rules, and copies
 * only from text still in the buffer.
 */
#include "completion_print.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "../ffi/text.h"
#include "completion_alts.h"
#include "grammar_text.h"

#define NONE UINT32_MAX
/* A buffer with a sink (a streamed document) is drained after the rule
 * that takes it past this many bytes. */
#define DRAIN_AT (16 * 1024)
/* An alternative without an inside (ank_calt's key). */
#define NO_INNER 0xFFFF

enum { C_CLASS, C_NEGATED, C_LIT };

/* An alternative (by b's index, made in place of b's): its nonterminals
 * and class (NO_CLASS: not usable).  A grammar of more alternatives than
 * 16 bits number goes to the model, so classes, the lists and their
 * lengths fit in 16 bits too. */
#define NO_CLASS 0xFFFF
#define MAX_ALTS 0xFFFE
_Static_assert(MAX_ALTS < (1u << ANK_CALT_POS), "an index fits in a key");

typedef struct palt {
    uint16_t target, inner; /* inner NO_INNER: none */
    uint16_t cls;
    char closer;
} palt;
_Static_assert(sizeof(palt) == sizeof(ank_calt), "made in place of b's");

/* A distinct class: ranges[2 * first ..] of n pairs, as the model's node
 * holds them; C_LIT: ranges[2 * first] is its one code point. */
typedef struct pclass {
    uint32_t first, n;
    uint8_t kind;
} pclass;

/* A nonterminal: its alternatives in print order, n of them from first
 * in list chunk `chunk` (b's chunks, sorted in place); its lexer state
 * (bits 0-6) and whether it derives the empty text (bit 7).  Its name is
 * its lexer state's and its index in decimal. */
typedef struct pnt {
    uint32_t first;
    uint16_t n;
    uint8_t chunk, l;
} pnt;
#define PNT_EPS 0x80
_Static_assert(MAXL <= PNT_EPS, "a lexer state in 7 bits");
_Static_assert(sizeof(pnt) <= sizeof(ank_nterm), "made in place of b's");

struct ank_cprint {
    size_t nnts, nalts, ncls, clcap;
    pnt *nts;
    palt *alts;
    uint16_t *chunk[64]; /* b's, which nts list from */
    size_t nchunks;
    pclass *cls;
    uint32_t *ranges;
    size_t nranges, rcap;
    /* per print: the queue of rules, which are queued; per alternative
     * then per class, its text: its length (0: not written yet) times
     * 2^32 plus where it starts, counted from the writer's base (the
     * text of a piece drained since lies below it) */
    uint16_t *queue; /* ANK_COMPLETION_MAX_RULES fit */
    uint8_t *queued;
    uint64_t *text;
    size_t est;   /* the last print's length */
    size_t guess; /* the first print's */
    /* per lexer state, its name and separator in GBNF and Lark (the
     * start of a name), zero-padded to 32 bytes, and its length */
    char prefix[MAXL][2][32];
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
    if (!ank__array_reserve((void **)&p->ranges, &p->rcap, p->nranges,
                            2 * k + 2, sizeof *p->ranges))
        return false;
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

/* Scratch of ank__cprint_new(). */
typedef struct scratch {
    uint64_t *keys;   /* one nonterminal's keys */
    uint32_t *setcls; /* per set of classes of b, its class (NONE: none
                         yet) */
    uint32_t *r;      /* ank__completion_ranges()'s */
    uint64_t *segs;
} scratch;

/* The classes of the usable alternatives, one per distinct set of
 * classes, into s->setcls; false when out of memory or odd.  (emit()
 * makes the classes of those its productive nonterminals list, which may
 * be fewer: an odd one among the others only sends the grammar to the
 * model, which prints the same.) */
static bool make_classes(ank_cprint *p, scratch *s, const ank_cbuild *b,
                         bool *odd)
{
    for (size_t a = 0; a < b->nalts; a++) {
        uint32_t set = ank__calt_set(&b->alts[a]);
        if (!b->usable[a] || s->setcls[set] != NONE)
            continue;
        bool negated;
        size_t k = ank__completion_ranges(b, b->sbits + set * b->gwords,
                                          s->r, s->segs, &negated);
        if (!ank__array_reserve((void **)&p->cls, &p->clcap, p->ncls, 1,
                                sizeof *p->cls) ||
            !add_class(p, &p->cls[p->ncls], s->r, k, negated, odd))
            return false;
        s->setcls[set] = (uint32_t)p->ncls++;
    }
    return true;
}

/* b's alternatives become p's in place, each with its class. */
static void make_alts(ank_cprint *p, const scratch *s, ank_cbuild *b)
{
    p->alts = (palt *)(void *)b->alts;
    b->alts = NULL;
    for (size_t a = 0; a < p->nalts; a++) {
        ank_calt x;
        memcpy(&x, p->alts + a, sizeof x);
        uint32_t in = ank__calt_inner(&x);
        p->alts[a] = (palt){
            .target = (uint16_t)ank__calt_target(&x),
            .inner = (uint16_t)(in == NONE ? NO_INNER : in),
            .cls = b->usable[a] ? (uint16_t)s->setcls[ank__calt_set(&x)]
                                : NO_CLASS,
            .closer = ank__calt_closer(&x)};
    }
}

/* Nonterminal i's usable alternatives in emit()'s order (by key), sorted
 * by insertion with each alternative's index in its key's free low bits
 * (one value moved a step), written to its chunk at *used (at or before
 * where its list was: the chunk's lists are packed in order).  The openers'
 * alternatives, listed last, sort first (an inside is below NO_INNER):
 * taken first, the list is nearer its order.  No two alternatives of a
 * nonterminal have one key (one per target, inside and closer), so
 * emit()'s ties by position never arise. */
static void list_of(ank_cprint *p, ank_nterm n, uint64_t *keys, size_t i,
                    size_t *used)
{
    /* 16-bit lists: ank__cprint_new() sends b->wide to the model */
    uint16_t *alt = p->chunk[n.chunk] + n.first;
    uint32_t ng = n.ngroups, jo = ng;
    size_t m = 0;
    while (jo > 0 && p->alts[alt[jo - 1]].inner != NO_INNER)
        jo--;
    for (uint32_t h = 0; h < 2; h++)
        for (uint32_t j = h ? 0 : jo, end = h ? jo : ng; j < end; j++) {
            uint32_t a = alt[j];
            const palt *x = &p->alts[a];
            if (x->cls == NO_CLASS)
                continue;
            uint64_t key =
                ank__calt_key(x->target,
                              x->inner == NO_INNER ? NONE : x->inner,
                              (uint8_t)x->closer, a);
            size_t k = m++;
            for (; k > 0 && keys[k - 1] > key; k--)
                keys[k] = keys[k - 1];
            keys[k] = key;
        }
    uint16_t *out = p->chunk[n.chunk] + *used;
    for (size_t k = 0; k < m; k++)
        out[k] = (uint16_t)keys[k];
    p->nts[i] = (pnt){.first = (uint32_t)*used, .n = (uint16_t)m,
                      .chunk = n.chunk,
                      .l = (uint8_t)(n.l | (n.eps ? PNT_EPS : 0))};
    *used += m;
}

ank_cprint *ank__cprint_new(ank_cbuild *b)
{
    size_t nnts = b->nnts, maxgroups = 0, nlist = 0, digits = 1;
    for (size_t i = 0; i < nnts; i++) {
        const ank_nterm *n = &b->nts[i];
        if (n->ngroups > maxgroups)
            maxgroups = n->ngroups;
        if (n->productive)
            nlist += n->ngroups;
    }
    if (maxgroups >= (size_t)1 << ANK_CALT_POS) {
        ank__completion_fail(b, ANK_ERR_LIMIT, "too many alternatives");
        return NULL;
    }
    if (b->nalts > MAX_ALTS || b->wide)
        return NULL; /* the model prints these */
    for (size_t v = nnts ? nnts - 1 : 0; v >= 10; v /= 10)
        digits++;
    for (int l = 0; l < b->lx.n; l++)
        if (!plain_name(b->lx.name[l], digits))
            return NULL; /* the model names these */
    size_t nalts = b->nalts;
    /* the nonterminals' and alternatives' room left over goes back first
     * (kept whole when that fails): they become p's in place below */
    ank_nterm *cut = ank__realloc(b->nts, (nnts + 1) * sizeof *cut);
    if (cut)
        b->nts = cut, b->ntcap = nnts + 1;
    ank_calt *acut = ank__realloc(b->alts, (nalts + 1) * sizeof *acut);
    if (acut)
        b->alts = acut, b->alcap = nalts + 1;
    /* the classes first, one per distinct set of classes (far fewer than
     * the alternatives), and their scratch freed; b is whole until they
     * are made, for the model when one is odd */
    ank_cprint *p = ank__calloc(1, sizeof *p);
    scratch s = {0};
    s.setcls = ank__malloc((b->nsets + 1) * sizeof *s.setcls);
    s.r = ank__malloc((2 * b->nsegs + 2) * sizeof *s.r);
    s.segs = ank__malloc((b->swords + 1) * sizeof *s.segs);
    if (s.setcls)
        memset(s.setcls, 0xFF, (b->nsets + 1) * sizeof *s.setcls);
    if (p) {
        p->nnts = nnts;
        p->nalts = nalts;
    }
    size_t used[64] = {0}; /* per chunk, the entries its lists keep */
    bool odd = false, ok = p && s.setcls && s.r && s.segs &&
                           make_classes(p, &s, b, &odd);
    ank__free(s.r);
    ank__free(s.segs);
    if (ok && p->nranges + 1 < p->rcap) {
        /* grown by doubling: the rest goes back (kept if that fails) */
        uint32_t *r = ank__realloc(p->ranges, (p->nranges + 1) * sizeof *r);
        if (r)
            p->ranges = r, p->rcap = p->nranges + 1;
    }
    if (ok) {
        /* b's alternatives and lists become p's, and the nonterminals
         * below (one entry each, written once read) */
        make_alts(p, &s, b);
        memcpy(p->chunk, b->chunk, sizeof p->chunk);
        p->nchunks = b->nchunks;
        b->nchunks = 0;
        ank__free(b->sbits); /* emit() is not needed now */
        b->sbits = NULL;
        s.keys = ank__malloc((maxgroups + 1) * sizeof *s.keys);
        ok = s.keys != NULL;
    }
    ank__free(s.setcls);
    if (ok) {
        /* each read before it is written: p's entries are no larger */
        p->nts = (pnt *)(void *)b->nts;
        b->nts = NULL;
        nlist = 0;
        for (size_t i = 0; i < nnts; i++) {
            ank_nterm n;
            memcpy(&n, (const ank_nterm *)(void *)p->nts + i, sizeof n);
            if (n.productive) {
                list_of(p, n, s.keys, i, &used[n.chunk]);
                nlist += p->nts[i].n;
            } else {
                p->nts[i] = (pnt){0};
            }
        }
        pnt *cut2 = ank__realloc(p->nts, (nnts + 1) * sizeof *cut2);
        if (cut2) /* kept whole when that fails */
            p->nts = cut2;
    }
    ank__free(s.keys);
    if (ok) {
        /* the lists packed, the chunks' room left over goes back (each
         * kept whole when that fails) */
        for (size_t c = 0; c < p->nchunks; c++) {
            uint16_t *x = ank__realloc(p->chunk[c], (used[c] + 1) * 2);
            if (x)
                p->chunk[c] = x;
        }
        ank__completion_drop_rules(b);
        p->guess = 24 * (nlist + nnts) + 64;
        /* per print: queue and marks per nonterminal, text per
         * alternative and per class */
        size_t nat = p->nalts + p->ncls + 1;
        p->queue = ank__malloc((nnts + 1) * sizeof *p->queue);
        p->queued = ank__malloc(nnts + 1);
        p->text = ank__malloc(nat * sizeof *p->text);
        ok = p->queue && p->queued && p->text;
    }
    if (!ok) {
        ank__cprint_free(p);
        if (!odd)
            ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (int l = 0; l < b->lx.n; l++) {
        size_t n = strlen(b->lx.name[l]);
        for (int lark = 0; lark < 2; lark++) {
            char *w = p->prefix[l][lark], sep = lark ? '_' : '-';
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
    ank__free(p->nts);
    ank__free(p->alts);
    for (size_t i = 0; i < p->nchunks; i++)
        ank__free(p->chunk[i]);
    ank__free(p->cls);
    ank__free(p->ranges);
    ank__free(p->queue);
    ank__free(p->queued);
    ank__free(p->text);
    ank__free(p);
}

/* ------------------------------------------------------------ writing */

typedef struct writer {
    ank_cprint *p;
    gtext t;
    bool lark;
    size_t nq;     /* rules queued */
    uint32_t base; /* where the buffer's first byte is in p->text */
} writer;

/* "00" to "99". */
static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                            "25262728293031323334353637383940414243444546474849"
                            "50515253545556575859606162636465666768697071727374"
                            "75767778798081828384858687888990919293949596979899";
_Static_assert(ANK_COMPLETION_MAX_RULES <= 100000, "indices of 5 digits");

/* Nonterminal i's name, queued the first time it is met. */
static inline void put_ref(writer *w, uint32_t i)
{
    ank_cprint *p = w->p;
    gtext *t = &w->t;
    if (!p->queued[i]) {
        p->queued[i] = 1;
        p->queue[w->nq++] = (uint16_t)i;
    }
    if (!gtext_room(t, 48))
        return;
    char *d = t->data + t->len;
    if (i == 0) {
        memcpy(d, w->lark ? "start" : "root\0", 5);
        t->len += w->lark ? 5 : 4;
        return;
    }
    /* the copies are of fixed size, what lies past the name is written
     * over later: the prefix, then the index's digits (at most 5),
     * written two at a time into dig, right-aligned, and the last nd of
     * them copied */
    const pnt *n = &p->nts[i];
    size_t k = p->plen[n->l & ~PNT_EPS];
    memcpy(d, p->prefix[n->l & ~PNT_EPS][w->lark], 32);
    size_t nd = 1 + (i >= 10) + (i >= 100) + (i >= 1000) + (i >= 10000);
    uint32_t hi = i / 100, lo = i % 100;
    char dig[16] = {0};
    dig[0] = (char)('0' + hi / 100);
    memcpy(dig + 1, pairs + 2 * (hi % 100), 2);
    memcpy(dig + 3, pairs + 2 * lo, 2);
    memcpy(d + k, dig + 5 - nd, 8);
    t->len += k + nd;
}

/* Keep where the text of alternative or class `x`, begun at `at`, is. */
static inline void keep(writer *w, size_t x, size_t at)
{
    if (w->t.len < UINT32_MAX - w->base)
        w->p->text[x] = (uint64_t)(w->t.len - at) << 32 | (at + w->base);
}

/* The text of alternative or class `x` as keep() has it, where it starts
 * in the buffer; 0 when not written since the buffer last drained. */
static inline uint64_t kept(const writer *w, size_t x)
{
    uint64_t v = w->p->text[x];
    return (uint32_t)v >= w->base ? v - w->base : 0;
}

/* Class c as the model's printer writes its node. */
static void put_class(writer *w, uint32_t c)
{
    ank_cprint *p = w->p;
    gtext *t = &w->t;
    size_t x = p->nalts + c;
    uint64_t v = kept(w, x);
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
        unsigned m = w->lark ? GT_LARK_LIT : GT_GBNF_LIT;
        if (!gtext_lit_ascii(t, utf8, n, m))
            ank__gtext_lit(t, utf8, n, m, '"');
    } else {
        bool neg = k->kind == C_NEGATED;
        if (w->lark)
            gtext_putc(t, '/');
        if (!gtext_class_ascii(t, neg, r, k->n, w->lark))
            ank__gtext_class(t, neg, r, k->n, w->lark);
        if (w->lark)
            gtext_putc(t, '/');
    }
    keep(w, x, at);
}

/* Alternative a, the first time: `class target` or `class inner
 * "closer" target`. */
static void put_alt(writer *w, uint32_t a)
{
    ank_cprint *p = w->p;
    gtext *t = &w->t;
    size_t at = t->len;
    const palt *x = &p->alts[a];
    put_class(w, x->cls);
    gtext_putc(t, ' ');
    if (x->inner != NO_INNER) {
        put_ref(w, x->inner);
        gtext_putc(t, ' ');
        unsigned m = w->lark ? GT_LARK_LIT : GT_GBNF_LIT;
        if (!gtext_lit_ascii(t, &x->closer, 1, m))
            ank__gtext_lit(t, &x->closer, 1, m, '"');
        gtext_putc(t, ' ');
    }
    put_ref(w, x->target);
    keep(w, a, at);
}

/* Nonterminal n's alternatives joined by " | ", as `( ... )?` when it
 * derives the empty text too; "" in GBNF (nothing in Lark) when that is
 * all. */
static void put_body(writer *w, const pnt *n)
{
    ank_cprint *p = w->p;
    gtext *t = &w->t;
    bool eps = n->l & PNT_EPS;
    if (n->n == 0 && !w->lark)
        GTEXT_PUTS2(t, "\"\"", "\\\"\\\"");
    if (n->n && eps)
        gtext_putc(t, '(');
    const uint16_t *list = p->chunk[n->chunk] + n->first;
    for (uint32_t j = 0, sep = 0; j < n->n; j++, sep = 3) {
        /* Copies of up to 64 bytes with their separators, as long as
         * there are such, each one block copy, with room for all of them
         * made sure of once: all of a block is read before any is
         * written (its text lies before the cursor, what is read past it
         * lies in the buffer), and what is written past the text is
         * written over later. */
        if ((size_t)(n->n - j) * 68 < t->lim - t->len) {
            char *data = t->data, *d = data + t->len;
            for (; j < n->n; j++, sep = 3) {
                uint64_t x = kept(w, list[j]);
                uint32_t k = (uint32_t)(x >> 32);
                if (k - 1u >= 64u)
                    break;
                d = gtext_copy64(d, data + (uint32_t)x, k, sep);
            }
            t->len = (size_t)(d - data);
            if (j == n->n)
                break;
        }
        uint32_t a = list[j];
        uint64_t x = kept(w, a);
        if (sep)
            GTEXT_PUTS(t, " | ");
        if (x)
            gtext_repeat(t, (uint32_t)x, x >> 32);
        else
            put_alt(w, a);
    }
    if (n->n && eps)
        GTEXT_PUTS(t, ")?");
}

ank_status ank__cprint_write(ank_cprint *p, ank_gram_dialect dialect,
                             bool json, ank_buf *out)
{
    if (out->failed)
        return ANK_ERR_NOMEM;
    /* what a sink's buffer holds (the other dialect's last rules) goes
     * first, so that its room is a piece's, not that as well */
    ank__buf_drain(out, 0);
    if (out->failed)
        return ANK_ERR_NOMEM;
    size_t start = out->len, drained = 0;
    size_t tsize = (p->nalts + p->ncls) * sizeof *p->text;
    writer w = {.p = p, .lark = dialect == ANK_GRAM_LARK};
    memset(p->text, 0, tsize);
    memset(p->queued, 0, p->nnts);
    ank__gtext_begin(&w.t, out);
    w.t.json = json;
    /* most of the text in one allocation: about 22 bytes an alternative
     * listed (24 and a name's 24 bytes a rule allow for JSON's escapes)
     * before the first print, the other dialect's length after it; a
     * buffer that drains into a sink holds a piece at a time */
    gtext_room(&w.t, out->sink ? DRAIN_AT + DRAIN_AT / 4
               : p->est    ? p->est + p->est / 16 + 64
                           : p->guess);
    p->queued[0] = 1, p->queue[0] = 0, w.nq = 1;
    for (size_t k = 0; k < w.nq; k++) {
        const pnt *n = &p->nts[p->queue[k]];
        put_ref(&w, p->queue[k]);
        if (!w.lark)
            GTEXT_PUTS(&w.t, " ::= ");
        else if (n->n == 0)
            gtext_putc(&w.t, ':');
        else
            GTEXT_PUTS(&w.t, ": ");
        put_body(&w, n);
        GTEXT_PUTS2(&w.t, "\n", "\\n");
        if (out->sink && w.t.len >= DRAIN_AT) {
            /* the text so far goes to the sink; alternatives met again
             * are written afresh, not copied from it: the base passes
             * what they kept (cleared when it would pass 32 bits) */
            ank__gtext_end(&w.t);
            size_t len = out->len;
            ank__buf_drain(out, 0);
            if (!out->failed) {
                drained += len - start;
                start = 0;
                if (len < UINT32_MAX / 2 - w.base) {
                    w.base += (uint32_t)len;
                } else {
                    w.base = 0;
                    memset(p->text, 0, tsize);
                }
            }
            ank__gtext_begin(&w.t, out);
        }
    }
    ank__gtext_end(&w.t);
    if (out->failed)
        return ANK_ERR_NOMEM;
    p->est = drained + out->len - start;
    return ANK_OK;
}
