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
 */
#include "completion.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "dfa.h"
#include "regex.h"
#include "sort.h"

#define NONE UINT32_MAX
#define MAXL 64 /* Python: 20 states and up to 40 of indentation */
#define NB 129 /* lexer input buckets: ASCII, then all of non-ASCII */

/* ---------------------------------------------------------- lexers */

enum { A_REJECT, A_GO, A_OPEN, A_CLOSE };

/* GO: to `next`.  OPEN: a bracket closed by `closer`; its inside starts in
 * `inner`, after the closer the lexer is in `next`.  CLOSE: closes a
 * bracket whose closer is this character. */
typedef struct act {
    uint8_t kind, next, inner, closer;
} act;

typedef struct lexer {
    int n;
    act tab[MAXL][NB];
    bool end_ok[MAXL]; /* the completion may end here */
    const char *name[MAXL];
} lexer;

static act go(int next) { return (act){A_GO, (uint8_t)next, 0, 0}; }
static const act reject = {A_REJECT, 0, 0, 0};

/* A new state: every input goes to `rest` (-1: stays). */
static int add_state(lexer *lx, const char *name, bool end_ok, int rest)
{
    int s = lx->n++;
    lx->name[s] = name;
    lx->end_ok[s] = end_ok;
    for (int b = 0; b < NB; b++)
        lx->tab[s][b] = go(rest < 0 ? s : rest);
    return s;
}

static void on(lexer *lx, int s, const char *chars, act a)
{
    for (; *chars; chars++)
        lx->tab[s][(unsigned char)*chars] = a;
}

/* Identifier characters: ASCII letters, digits, '_' and non-ASCII. */
static void on_word(lexer *lx, int s, act a)
{
    for (int b = 0; b < NB; b++)
        if (b == '_' || b == 128 || (b >= '0' && b <= '9') ||
            (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
            lx->tab[s][b] = a;
}

static int copy_of(lexer *lx, int src, const char *name)
{
    int s = add_state(lx, name, lx->end_ok[src], -1);
    memcpy(lx->tab[s], lx->tab[src], sizeof lx->tab[s]);
    return s;
}

/* The three brackets, opened from a code state that `ret`urns to. */
static void brackets(lexer *lx, int s, int inner, int ret)
{
    static const char open[] = "([{", close[] = ")]}";
    for (int i = 0; i < 3; i++) {
        lx->tab[s][(unsigned char)open[i]] =
            (act){A_OPEN, (uint8_t)ret, (uint8_t)inner, (uint8_t)close[i]};
        lx->tab[s][(unsigned char)close[i]] =
            (act){A_CLOSE, 0, 0, (uint8_t)close[i]};
    }
}

/* A quoted literal closed by q, with backslash escapes; `lines`: may span
 * lines. */
static int quoted(lexer *lx, int code, char q, bool lines)
{
    int s = add_state(lx, "string", false, -1);
    int esc = add_state(lx, "string", false, s);
    char close[2] = {q, 0};
    on(lx, s, close, go(code));
    on(lx, s, "\\", go(esc));
    if (!lines)
        on(lx, s, "\n", reject);
    return s;
}

static void brace_lexer(lexer *lx, ank_lang lang)
{
    bool ts = lang == ANK_LANG_TYPESCRIPT || lang == ANK_LANG_TSX;
    bool rust = lang == ANK_LANG_RUST, zig = lang == ANK_LANG_ZIG;
    int code = add_state(lx, "code", true, -1);
    brackets(lx, code, code, code);
    on(lx, code, "\"", go(quoted(lx, code, '"', rust)));
    if (!rust)
        on(lx, code, "'", go(quoted(lx, code, '\'', false)));
    if (ts) { /* templates: `...${ code }...` */
        int bt = add_state(lx, "template", false, -1);
        int esc = add_state(lx, "template", false, bt);
        int dollar = copy_of(lx, bt, "template");
        on(lx, bt, "`", go(code));
        on(lx, bt, "\\", go(esc));
        on(lx, bt, "$", go(dollar));
        memcpy(lx->tab[dollar], lx->tab[bt], sizeof lx->tab[bt]);
        lx->tab[dollar]['{'] = (act){A_OPEN, (uint8_t)bt, (uint8_t)code, '}'};
        on(lx, code, "`", go(bt));
    } else if (lang == ANK_LANG_GO) { /* raw strings */
        int raw = add_state(lx, "string", false, -1);
        on(lx, raw, "`", go(code));
        on(lx, code, "`", go(raw));
    }
    if (zig) { /* \\ line strings */
        int line = add_state(lx, "string", false, -1);
        int bs = copy_of(lx, code, "code");
        on(lx, line, "\n", go(code));
        on(lx, bs, "\\", go(line));
        on(lx, code, "\\", go(bs));
    }
    if (rust) {
        /* r"..." and r#"..."# raw strings (any r or b before a quote opens
         * one: elsewhere that is no Rust), byte strings, and char literals
         * told from lifetimes: 'x' closes, 'x... does not */
        int r = copy_of(lx, code, "code"), b = copy_of(lx, code, "code");
        int h1 = copy_of(lx, code, "code");
        int raw0 = add_state(lx, "string", false, -1);
        int raw1 = add_state(lx, "string", false, -1);
        int quote1 = add_state(lx, "string", false, raw1);
        on(lx, raw0, "\"", go(code));
        on(lx, raw1, "\"", go(quote1));
        on(lx, quote1, "\"", go(quote1));
        on(lx, quote1, "#", go(code));
        on(lx, r, "\"", go(raw0));
        on(lx, r, "#", go(h1));
        on(lx, h1, "\"", go(raw1));
        on(lx, b, "\"", go(lx->tab[code]['"'].next));
        int chr = add_state(lx, "char", false, -1);
        int one = add_state(lx, "char", false, -1);
        int esc = add_state(lx, "char", false, -1);
        int body = add_state(lx, "char", false, -1);
        int word = copy_of(lx, code, "code");
        on_word(lx, word, go(word));
        on(lx, word, "'", go(code));
        for (int k = 0; k < NB; k++) {
            lx->tab[one][k] = k == '\'' ? go(code) : reject;
            lx->tab[chr][k] = k == '\n' || k == '\'' ? reject : go(one);
            lx->tab[esc][k] = k == '\n' ? reject : go(body);
            lx->tab[body][k] = k == '\n' ? reject
                               : k == '\'' ? go(code) : go(body);
        }
        on(lx, chr, "\\", go(esc));
        on_word(lx, chr, go(word));
        int from[] = {code, r, b, h1};
        for (size_t k = 0; k < sizeof from / sizeof *from; k++) {
            on(lx, from[k], "'", go(chr));
            on(lx, from[k], "r", go(r));
            on(lx, from[k], "b", go(b));
        }
    }
    /* comments: // everywhere, block comments but in Zig */
    int line = add_state(lx, "comment", false, -1);
    on(lx, line, "\n", go(code));
    int slash = copy_of(lx, code, "code");
    on(lx, slash, "/", go(line));
    if (!zig) {
        int block = add_state(lx, "comment", false, -1);
        int star = add_state(lx, "comment", false, block);
        on(lx, block, "*", go(star));
        on(lx, star, "*", go(star));
        on(lx, star, "/", go(code));
        on(lx, slash, "*", go(block));
    }
    /* every code-like state reads '/' the same way */
    for (int s = 0; s < lx->n; s++)
        if (lx->tab[s]['/'].kind == A_GO && lx->tab[s]['/'].next == code &&
            lx->end_ok[s])
            lx->tab[s]['/'] = go(slash);
}

/* Python: strings '...' "..." and triple-quoted, # comments, and line
 * starts that must repeat `indent` (blank and comment lines excepted). */
static void python_lexer(lexer *lx, const char *indent)
{
    size_t depth = strlen(indent);
    int code = add_state(lx, "code", true, -1);
    brackets(lx, code, code, code);
    int comment = add_state(lx, "comment", true, -1);
    int blank = add_state(lx, "blank", true, -1);
    int start = depth ? add_state(lx, "indent", true, -1) : code;
    on(lx, code, "#", go(comment));
    on(lx, code, "\n", go(start));
    on(lx, comment, "\n", go(start));
    int bsl = add_state(lx, "code", false, code); /* \ continues a line */
    on(lx, code, "\\", go(bsl));
    for (int b = 0; b < NB; b++)
        lx->tab[blank][b] = reject;
    on(lx, blank, " \t\r\f", go(blank));
    on(lx, blank, "\n", go(start));
    on(lx, blank, "#", go(comment));
    for (size_t k = 0, s = (size_t)start; k < depth; k++) {
        size_t next = k + 1 < depth ? (size_t)add_state(lx, "indent", true, -1)
                                    : (size_t)code;
        memcpy(lx->tab[s], lx->tab[blank], sizeof lx->tab[s]);
        lx->tab[s][(unsigned char)indent[k]] = go((int)next);
        s = next;
    }
    static const char quotes[] = "\"'";
    int empty[2], tri[2];
    for (int i = 0; i < 2; i++) {
        char q[2] = {quotes[i], 0};
        int one = quoted(lx, code, quotes[i], false);
        int first = copy_of(lx, one, "string"); /* after the opening quote */
        empty[i] = add_state(lx, "code", true, -1); /* after "" */
        tri[i] = add_state(lx, "string", false, -1);
        int tesc = add_state(lx, "string", false, tri[i]);
        int q1 = copy_of(lx, tri[i], "string");
        int q2 = copy_of(lx, tri[i], "string");
        on(lx, first, q, go(empty[i]));
        on(lx, tri[i], "\\", go(tesc));
        on(lx, tri[i], q, go(q1));
        memcpy(lx->tab[q1], lx->tab[tri[i]], sizeof lx->tab[q1]);
        memcpy(lx->tab[q2], lx->tab[tri[i]], sizeof lx->tab[q2]);
        on(lx, q1, q, go(q2));
        on(lx, q2, q, go(code));
        on(lx, code, q, go(first));
    }
    /* after "" code goes on, unless a third quote opens a """ string */
    for (int i = 0; i < 2; i++) {
        char q[2] = {quotes[i], 0};
        memcpy(lx->tab[empty[i]], lx->tab[code], sizeof lx->tab[code]);
        on(lx, empty[i], q, go(tri[i]));
    }
}

/* --------------------------------------------------------- alphabet */

/* A class of code points that both automata treat alike. */
typedef struct cclass {
    uint32_t dclass;   /* D's class */
    uint8_t bucket;    /* a lexer bucket of it (all agree) */
    uint32_t *ranges;  /* lo, hi pairs */
    size_t n, cap;
} cclass;

typedef struct nterm {
    uint8_t l;
    uint32_t q, e;
    uint32_t first, nalts; /* alternatives alts[first ..] */
    bool eps, productive;
    ank_grule *rule;
} nterm;

/* A transition `cls` to `target`; with an opener, `inner` is the bracket's
 * inside and `closer` its closing character. */
typedef struct alt {
    uint32_t cls, target, inner;
    uint8_t closer;
} alt;

typedef struct build {
    lexer lx;
    ank_dfa *d;
    ank_error *error;
    ank_status status;
    cclass *cls;
    size_t ncls;
    uint32_t closer_class[3]; /* D's class of ) ] } */
    uint32_t *targets[3];     /* live states a closer leads live states to */
    size_t ntargets[3];
    /* end specs: where a nonterminal may end, as lexer states (a mask)
     * times D states (a bitset of `words` words); 0 is the completion's */
    uint64_t *elex, *eq;
    size_t nends, ecap, words;
    uint32_t *end_of[3];      /* [closer][t] -> e, NONE when none yet */
    nterm *nts;
    size_t nnts, ntcap;
    alt *alts;
    size_t nalts, acap;
    uint64_t *table;          /* open addressing: key + 1, 0 empty */
    uint32_t *slot;           /* the nonterminal of each table entry */
    size_t tcap;
} build;

static const char closers[] = ")]}";

static bool fail(build *b, ank_status code, const char *msg)
{
    if (b->status == ANK_OK)
        b->status = ank__fail(b->error, code, "completion grammar: %s", msg);
    return false;
}

static bool push_range(build *b, cclass *c, uint32_t lo, uint32_t hi)
{
    if (c->n && c->ranges[2 * c->n - 1] + 1 == lo) {
        c->ranges[2 * c->n - 1] = hi;
        return true;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4;
        uint32_t *r = ank__realloc(c->ranges, cap * 2 * sizeof(uint32_t));
        if (!r)
            return fail(b, ANK_ERR_NOMEM, "out of memory");
        c->ranges = r;
        c->cap = cap;
    }
    c->ranges[2 * c->n] = lo;
    c->ranges[2 * c->n + 1] = hi;
    c->n++;
    return true;
}

/* Cut the code points into classes of (D class, lexer column). */
static bool make_classes(build *b)
{
    int col[NB], ncol = 0;
    for (int k = 0; k < NB; k++) {
        col[k] = ncol;
        for (int j = 0; j < k; j++) {
            int s = 0;
            while (s < b->lx.n && !memcmp(&b->lx.tab[s][j], &b->lx.tab[s][k],
                                          sizeof(act)))
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
    uint32_t *index = ank__malloc(key_n * sizeof(uint32_t));
    b->cls = ank__calloc(key_n, sizeof(cclass));
    if (!index || !b->cls) {
        ank__free(index);
        return fail(b, ANK_ERR_NOMEM, "out of memory");
    }
    memset(index, 0xFF, key_n * sizeof(uint32_t));
    /* walk the code points in order, one D range at a time */
    for (uint32_t cp = 0; cp <= 0x10FFFF && b->status == ANK_OK;) {
        uint32_t dc = ank__dfa_class_of(b->d, cp), hi = cp;
        size_t nr;
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
        push_range(b, &b->cls[index[key]], cp, hi);
        cp = hi + 1;
    }
    for (int k = 0; k < 3; k++)
        b->closer_class[k] = ank__dfa_class_of(b->d, (uint32_t)closers[k]);
    ank__free(index);
    return b->status == ANK_OK;
}

/* ------------------------------------------------------ nonterminals */

static uint64_t key_of(uint32_t l, uint32_t q, uint32_t e)
{
    return ((uint64_t)e << 40) | ((uint64_t)q << 8) | l;
}

/* The nonterminal (l, q, e), made when new; NONE on failure. */
static uint32_t nterm_of(build *b, uint32_t l, uint32_t q, uint32_t e)
{
    uint64_t key = key_of(l, q, e);
    size_t mask = b->tcap - 1;
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20);
    for (h &= mask; b->table[h]; h = (h + 1) & mask)
        if (b->table[h] == key + 1)
            return b->slot[h];
    if (b->nnts >= ANK_COMPLETION_MAX_RULES) {
        fail(b, ANK_ERR_LIMIT, "more than 20000 rules (forbidden patterns "
                               "times lexer states)");
        return NONE;
    }
    if (b->nnts == b->ntcap) {
        size_t cap = b->ntcap ? 2 * b->ntcap : 256;
        nterm *nts = ank__realloc(b->nts, cap * sizeof(nterm));
        if (!nts)
            return fail(b, ANK_ERR_NOMEM, "out of memory"), NONE;
        b->nts = nts;
        b->ntcap = cap;
    }
    nterm *n = &b->nts[b->nnts];
    memset(n, 0, sizeof *n);
    n->l = (uint8_t)l;
    n->q = q;
    n->e = e;
    b->table[h] = key + 1;
    b->slot[h] = (uint32_t)b->nnts;
    return (uint32_t)b->nnts++;
}

/* Add the end spec (lex, qs) unless an equal one exists; its index. */
static uint32_t add_end(build *b, uint64_t lex, const uint64_t *qs)
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
            return fail(b, ANK_ERR_NOMEM, "out of memory"), NONE;
        b->ecap = cap;
    }
    b->elex[b->nends] = lex;
    memcpy(b->eq + b->nends * b->words, qs, b->words * sizeof(uint64_t));
    return (uint32_t)b->nends++;
}

/* The end spec of a bracket closed by closers[k] after which D is in t:
 * the lexer states where that closer closes, the D states it takes to t.
 * Brackets whose specs agree share their nonterminals. */
static uint32_t end_of(build *b, int k, uint32_t t)
{
    if (b->end_of[k][t] != NONE)
        return b->end_of[k][t];
    uint64_t lex = 0, *qs = ank__calloc(b->words, sizeof(uint64_t));
    if (!qs)
        return fail(b, ANK_ERR_NOMEM, "out of memory"), NONE;
    for (int l = 0; l < b->lx.n; l++) {
        act a = b->lx.tab[l][(unsigned char)closers[k]];
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

static bool add_alt(build *b, uint32_t cls, uint32_t target, uint32_t inner,
                    uint8_t closer)
{
    if (target == NONE || (inner == NONE && closer))
        return false;
    if (b->nalts == b->acap) {
        size_t cap = b->acap ? 2 * b->acap : 1024;
        alt *a = ank__realloc(b->alts, cap * sizeof(alt));
        if (!a)
            return fail(b, ANK_ERR_NOMEM, "out of memory");
        b->alts = a;
        b->acap = cap;
    }
    b->alts[b->nalts++] = (alt){cls, target, inner, closer};
    return true;
}

/* Make the alternatives of nonterminal i (which may make new ones). */
static void expand(build *b, uint32_t i)
{
    const nterm n = b->nts[i];
    const ank_dfa *d = b->d;
    uint32_t first = (uint32_t)b->nalts;
    bool eps = (b->elex[n.e] >> n.l & 1) &&
               (b->eq[n.e * b->words + n.q / 64] >> (n.q % 64) & 1);
    for (size_t c = 0; c < b->ncls && b->status == ANK_OK; c++) {
        act a = b->lx.tab[n.l][b->cls[c].bucket];
        uint32_t q2 = ank__dfa_next(d, n.q, b->cls[c].dclass);
        if (!ank__dfa_live(d, q2))
            continue;
        if (a.kind == A_GO) {
            add_alt(b, (uint32_t)c, nterm_of(b, a.next, q2, n.e), NONE, 0);
        } else if (a.kind == A_OPEN) {
            int k = (int)(strchr(closers, a.closer) - closers);
            for (size_t j = 0; j < b->ntargets[k]; j++) {
                uint32_t t = b->targets[k][j];
                uint32_t e = end_of(b, k, t);
                uint32_t inner = e == NONE ? NONE : nterm_of(b, a.inner, q2, e);
                add_alt(b, (uint32_t)c, nterm_of(b, a.next, t, n.e), inner,
                        (uint8_t)a.closer);
            }
        }
    }
    b->nts[i].eps = eps;
    b->nts[i].first = first;
    b->nts[i].nalts = (uint32_t)b->nalts - first;
}

/* Which nonterminals derive some text: a fixpoint, last to first (the
 * targets of a nonterminal tend to be made after it). */
static void mark_productive(build *b)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = b->nnts; i-- > 0;) {
            nterm *n = &b->nts[i];
            bool p = n->eps;
            for (uint32_t j = 0; !p && j < n->nalts; j++) {
                const alt *a = &b->alts[n->first + j];
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
static bool closer_targets(build *b)
{
    uint32_t n = ank__dfa_nstates(b->d);
    for (int k = 0; k < 3; k++) {
        b->targets[k] = ank__malloc((n + 1) * sizeof(uint32_t));
        b->end_of[k] = ank__malloc((n + 1) * sizeof(uint32_t));
        if (!b->targets[k] || !b->end_of[k])
            return fail(b, ANK_ERR_NOMEM, "out of memory");
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
static bool top_end(build *b)
{
    uint32_t n = ank__dfa_nstates(b->d);
    b->words = (n + 63) / 64;
    uint64_t lex = 0, *qs = ank__calloc(b->words, sizeof(uint64_t));
    if (!qs)
        return fail(b, ANK_ERR_NOMEM, "out of memory");
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

/* ----------------------------------------------------------- output */

static int cmp_alt(const void *x, const void *y)
{
    const alt *a = x, *c = y;
    if (a->inner != c->inner)
        return a->inner < c->inner ? -1 : 1;
    if (a->target != c->target)
        return a->target < c->target ? -1 : 1;
    if (a->closer != c->closer)
        return a->closer < c->closer ? -1 : 1;
    return a->cls < c->cls ? -1 : a->cls > c->cls;
}

/* The class of the union of b->cls[list[i].cls], i < n.  A class holding
 * all of non-ASCII is written as the negation of its ASCII complement:
 * XGrammar reads negated classes right but not positive ones that reach
 * past ASCII. */
static ank_gexpr *union_class(build *b, ank_gram *g, const alt *list, size_t n,
                              uint32_t **buf, size_t *cap)
{
    size_t total = 2;
    for (size_t i = 0; i < n; i++)
        total += b->cls[list[i].cls].n;
    if (total > *cap) {
        uint32_t *r = ank__realloc(*buf, total * 2 * sizeof(uint32_t));
        if (!r)
            return fail(b, ANK_ERR_NOMEM, "out of memory"), NULL;
        *buf = r;
        *cap = total;
    }
    uint32_t *r = *buf;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const cclass *c = &b->cls[list[i].cls];
        memcpy(r + 2 * m, c->ranges, c->n * 2 * sizeof(uint32_t));
        m += c->n;
    }
    ank__sort_pairs(r, m);
    size_t k = 0; /* merge */
    for (size_t i = 0; i < m; i++) {
        if (k && r[2 * i] == r[2 * k - 1] + 1) {
            r[2 * k - 1] = r[2 * i + 1];
        } else {
            r[2 * k] = r[2 * i];
            r[2 * k + 1] = r[2 * i + 1];
            k++;
        }
    }
    if (k == 0 || r[2 * k - 1] != 0x10FFFF || r[2 * k - 2] > 0x80)
        return ank__g_class(g, false, r, k);
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
    return ank__g_class(g, true, r, gaps);
}

/* One rule per productive nonterminal. */
static ank_grule *emit(build *b, ank_gram *g)
{
    size_t maxalts = 0, rcap = 0;
    for (size_t i = 0; i < b->nnts; i++) {
        nterm *n = &b->nts[i];
        char hint[32]; /* distinct hints spare the printer renaming */
        snprintf(hint, sizeof hint, "%s_%zu", b->lx.name[n->l], i);
        if (n->productive)
            n->rule = ank__gram_declare(g, hint);
        if (n->nalts > maxalts)
            maxalts = n->nalts;
    }
    alt *list = ank__malloc((maxalts + 1) * sizeof(alt));
    ank_gexpr **items = ank__malloc((maxalts + 2) * sizeof(ank_gexpr *));
    uint32_t *ranges = NULL;
    if (!list || !items) {
        fail(b, ANK_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < b->nnts && b->status == ANK_OK; i++) {
        const nterm *n = &b->nts[i];
        if (!n->productive)
            continue;
        size_t m = 0, k = 0;
        for (uint32_t j = 0; j < n->nalts; j++) {
            const alt *a = &b->alts[n->first + j];
            if (b->nts[a->target].productive &&
                (a->inner == NONE || b->nts[a->inner].productive))
                list[m++] = *a;
        }
        if (m > SORT_SMALL) {
            qsort(list, m, sizeof(alt), cmp_alt);
        } else {
            for (size_t s = 1; s < m; s++) {
                alt x = list[s];
                size_t j = s;
                for (; j > 0 && cmp_alt(&list[j - 1], &x) > 0; j--)
                    list[j] = list[j - 1];
                list[j] = x;
            }
        }
        if (n->eps)
            items[k++] = ank__g_empty(g);
        for (size_t j = 0; j < m;) {
            size_t e = j + 1;
            while (e < m && list[e].inner == list[j].inner &&
                   list[e].target == list[j].target &&
                   list[e].closer == list[j].closer)
                e++;
            ank_gexpr *cls = union_class(b, g, list + j, e - j, &ranges,
                                         &rcap);
            if (!cls)
                goto done;
            ank_gexpr *next = ank__g_ref(g, b->nts[list[j].target].rule);
            if (list[j].inner == NONE) {
                items[k++] = ank__g_seq2(g, cls, next);
            } else {
                char closer = (char)list[j].closer;
                ank_gexpr *seq[4] = {
                    cls, ank__g_ref(g, b->nts[list[j].inner].rule),
                    ank__g_lit(g, &closer, 1), next};
                items[k++] = ank__g_seq(g, seq, 4);
            }
            j = e;
        }
        ank__gram_define(g, n->rule, k == 1 ? items[0]
                                            : ank__g_alt(g, items, k));
    }
done:
    ank__free(list);
    ank__free(items);
    ank__free(ranges);
    if (b->status == ANK_OK && ank__gram_failed(g))
        fail(b, ANK_ERR_NOMEM, "out of memory");
    return b->status == ANK_OK ? b->nts[0].rule : NULL;
}

static void release(build *b)
{
    ank__dfa_free(b->d);
    for (size_t i = 0; b->cls && i < b->ncls; i++)
        ank__free(b->cls[i].ranges);
    ank__free(b->cls);
    for (int k = 0; k < 3; k++) {
        ank__free(b->targets[k]);
        ank__free(b->end_of[k]);
    }
    ank__free(b->elex);
    ank__free(b->eq);
    ank__free(b->nts);
    ank__free(b->alts);
    ank__free(b->table);
    ank__free(b->slot);
    ank__free(b);
}

/* Check the arguments, make the lexer and D (complemented).  NULL with
 * `error` set on failure. */
static build *prepare(ank_lang lang, const char *indent,
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
    build *b = ank__calloc(1, sizeof *b);
    if (!b) {
        ank__fail(error, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    b->error = error;
    if (lang == ANK_LANG_PYTHON)
        python_lexer(&b->lx, indent);
    else
        brace_lexer(&b->lx, lang);
    b->status = ank__dfa_build(forbid, nforbid, false, &b->d, error);
    if (b->status == ANK_OK) {
        ank__dfa_complement(b->d);
        if (!ank__dfa_live(b->d, 0))
            fail(b, ANK_ERR_FORMAT, "the forbidden patterns match every "
                                    "text");
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
    build *b = prepare(lang, indent ? indent : "", forbid, nforbid, error);
    if (!b)
        return NULL;
    ank_grule *root = NULL;
    b->tcap = 1;
    while (b->tcap < 2 * ANK_COMPLETION_MAX_RULES)
        b->tcap *= 2;
    b->table = ank__calloc(b->tcap, sizeof(uint64_t));
    b->slot = ank__malloc(b->tcap * sizeof(uint32_t));
    if (!b->table || !b->slot) {
        fail(b, ANK_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (!make_classes(b) || !closer_targets(b) || !top_end(b))
        goto done;
    nterm_of(b, 0, 0, 0);
    for (size_t i = 0; i < b->nnts && b->status == ANK_OK; i++)
        expand(b, (uint32_t)i);
    if (b->status != ANK_OK)
        goto done;
    mark_productive(b);
    if (!b->nts[0].productive) {
        fail(b, ANK_ERR_FORMAT, "no text avoids the forbidden patterns");
        goto done;
    }
    root = emit(b, g);
done:
    release(b);
    return root;
}

/* ------------------------------------------------------------ check */

static ank_status reject_at(build *b, size_t at, const char *why)
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
    build *b = prepare(lang, indent ? indent : "", forbid, nforbid, error);
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
        act a = b->lx.tab[l][cp < 128 ? cp : 128];
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
