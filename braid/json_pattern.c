/*
 * json_pattern.c - the JSON strings whose content a regex matches: the
 * grammar of a schema's "pattern", and so of "propertyNames" keys.
 *
 * JSON Schema searches a string for its pattern (ECMA-262): the match may
 * start and end anywhere unless the pattern says ^ or $.  braid's regex
 * subset (docs/regex.md) means the same in ECMA-262 but for `.`, which
 * there leaves out \r, U+2028 and U+2029 as well as \n; the pattern's dots,
 * and the \d \w \s that the subset leaves out, are rewritten to ECMA-262's
 * classes before the pattern becomes a DFA (dfa.h).
 *
 * Each live state of the DFA stands for what may follow in the string from
 * there, up to the closing quote: a repetition of the characters that stay
 * in the state, then a choice of the characters that lead to each other
 * live state (each followed by that state), or the quote when the state
 * accepts.  A state entered from two places or more becomes a rule, which
 * breaks every cycle.  The others, and the states that lead to no state
 * but themselves (their text is a repetition and a quote), are written
 * where they are entered, down to INLINE_DEPTH states deep: deeper ones
 * are rules too, so that a long chain such as `^a{1000}$` nests neither
 * the grammar nor the C stack.
 *
 * With minLength or maxLength the DFA is first multiplied by a count of
 * the characters read (product()): a state of the product is a state of
 * the pattern and the length so far, up to the maximum (or, without one,
 * up to the minimum, where the count stops).  An escape is one character.
 *
 * Characters are spelled as jansson writes them, one spelling each, as
 * with enum literals: as themselves, except `"` and `\` (\" \\) and the
 * control characters (\b \f \n \r \t, else \u00XX with capital digits).
 * Within a repetition the plain characters and the escapes are kept apart,
 * `plain* (escape plain*)*`, as json_lex.c writes strings (XGrammar's
 * masks are far slower under a repeated alternation).
 */
#include "json_pattern.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/buf.h"
#include "dfa.h"

#define INLINE_DEPTH 32

typedef struct pbuild {
    ank_jctx *j;
    const ank_dfa *d;
    uint8_t *live;    /* per state: can reach acceptance (analyse) */
    uint32_t *indeg;  /* per state: live states entering it, but itself */
    uint8_t *leaf;    /* per state: no live successor but itself */
    ank_grule **rule; /* per state: its rule, once declared */
    uint32_t *todo;   /* states whose rule is declared, not yet defined */
    size_t ntodo;
    uint32_t *ranges; /* scratch: one set of characters, as pairs */
    size_t nranges, cap;
} pbuild;

/* ECMA-262's spellings of character sets, in the subset's terms: `.`
 * and the escapes \d \w \s (ASCII digits and word characters, Unicode
 * spaces), which the subset leaves out because Rust reads them as
 * Unicode classes.  Their negations are rewritten outside classes. */
static const char ecma_space[] =
    "\\t\\n\\x0B\\x0C\\r \xC2\xA0\xE1\x9A\x80\xE2\x80\x80-\xE2\x80\x8A"
    "\xE2\x80\xA8\xE2\x80\xA9\xE2\x80\xAF\xE2\x81\x9F\xE3\x80\x80"
    "\xEF\xBB\xBF";

static const char *ecma_set(char c)
{
    switch (c) {
    case 'd': case 'D': return "0-9";
    case 'w': case 'W': return "A-Za-z0-9_";
    case 's': case 'S': return ecma_space;
    default: return NULL;
    }
}

/* Append the pattern with `.`, \d, \w, \s (and outside classes \D, \W,
 * \S) written as ECMA-262 reads them to `out`, up to the piece that takes
 * it past `until` bytes; the offset in `re` of that piece (so an offset in
 * the rewritten pattern maps back), or of its end. */
static size_t ecma_rewrite(const char *re, ank_buf *out, size_t until)
{
    bool in_class = false;
    const char *s = re, *piece = re;
    for (; *s && out->len <= until; s++) {
        piece = s;
        const char *set = s[0] == '\\' ? ecma_set(s[1]) : NULL;
        bool negated = set && s[1] >= 'A' && s[1] <= 'Z';
        if (set && !(in_class && negated)) {
            ank__buf_puts(out, in_class ? "" : negated ? "[^" : "[");
            ank__buf_puts(out, set);
            ank__buf_puts(out, in_class ? "" : "]");
            s++;
        } else if (s[0] == '\\' && s[1]) {
            ank__buf_append(out, s, 2);
            s++;
        } else if (s[0] == '.' && !in_class) {
            ank__buf_puts(out, "[^\\n\\r\xE2\x80\xA8\xE2\x80\xA9]");
        } else {
            if (s[0] == '[')
                in_class = true;
            else if (s[0] == ']')
                in_class = false;
            ank__buf_putc(out, s[0]);
        }
    }
    return (size_t)((out->len > until ? piece : s) - re);
}

static bool add_range(pbuild *b, uint32_t lo, uint32_t hi)
{
    if (b->nranges == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 32;
        uint32_t *r = ank__realloc(b->ranges, 2 * cap * sizeof *r);
        if (!r)
            return false;
        b->ranges = r, b->cap = cap;
    }
    b->ranges[2 * b->nranges] = lo, b->ranges[2 * b->nranges + 1] = hi;
    b->nranges++;
    return true;
}

/* Code points written escaped, or never (the surrogates), in order. */
static const uint32_t not_plain[][2] = {
    {0, 0x1F}, {'"', '"'}, {'\\', '\\'}, {0xD800, 0xDFFF}};

/* The escape that spells code point c (a control character, `"`, `\`). */
static size_t escape_of(uint32_t c, char out[7])
{
    static const char shorts[] = "\b\f\n\r\tbfnrt";
    const char *e = c ? memchr(shorts, (int)c, 5) : NULL;
    if (c == '"' || c == '\\' || e) {
        out[0] = '\\', out[1] = e ? e[5] : (char)c;
        return 2;
    }
    return (size_t)snprintf(out, 7, "\\u%04X", (unsigned)c);
}

/* The characters of the classes `c` with row[c] == q2 (q2 live), in two
 * parts: the plain ones as a class, the escaped ones as a choice of their
 * escapes; either may be NULL (not both).  NULL in *plain and *esc, and the
 * grammar failed, when out of memory. */
static void chars_to(pbuild *b, const uint32_t *row, uint32_t q2,
                     ank_gexpr **plain, ank_gexpr **esc)
{
    ank_gram *g = b->j->g;
    ank_gexpr *escapes = NULL;
    b->nranges = 0;
    *plain = *esc = NULL;
    /* the escaped code points in order, then the plain ranges */
    for (size_t x = 0; x < 3; x++) {
        for (uint32_t c = not_plain[x][0]; c <= not_plain[x][1]; c++) {
            if (row[ank__dfa_class_of(b->d, c)] != q2)
                continue;
            char text[7];
            ank_gexpr *e = ank__g_lit(g, text, escape_of(c, text));
            escapes = escapes ? ank__g_alt2(g, escapes, e) : e;
        }
    }
    for (uint32_t c = 0; c < ank__dfa_nclasses(b->d); c++) {
        if (row[c] != q2)
            continue;
        size_t n;
        const uint32_t *r = ank__dfa_class_ranges(b->d, c, &n);
        for (size_t i = 0; i < n; i++) {
            uint32_t lo = r[2 * i], hi = r[2 * i + 1];
            for (size_t x = 0; x < 4 && lo <= hi; x++) {
                if (hi < not_plain[x][0] || lo > not_plain[x][1])
                    continue;
                if (lo < not_plain[x][0] &&
                    !add_range(b, lo, not_plain[x][0] - 1)) {
                    g->nomem = true;
                    return;
                }
                if (hi <= not_plain[x][1])
                    lo = 1, hi = 0; /* nothing left */
                else
                    lo = not_plain[x][1] + 1;
            }
            if (lo <= hi && !add_range(b, lo, hi)) {
                g->nomem = true;
                return;
            }
        }
    }
    if (b->nranges)
        *plain = ank__g_class(g, false, b->ranges, b->nranges);
    *esc = escapes;
}

static ank_gexpr *state_expr(pbuild *b, uint32_t q, int depth);

/* What follows in the string from live state q. */
static ank_gexpr *body(pbuild *b, uint32_t q, int depth)
{
    ank_gram *g = b->j->g;
    const ank_dfa *d = b->d;
    const uint32_t *row = ank__dfa_row(d, q);
    uint32_t nc = ank__dfa_nclasses(d);
    /* the live successors, each once, in the order of their classes */
    uint32_t *to = ank__malloc((nc + 1) * sizeof *to);
    ank_gexpr **alts = ank__malloc((nc + 1) * sizeof *alts);
    if (!to || !alts) {
        ank__free(to), ank__free(alts);
        g->nomem = true;
        return ank__g_ref(g, NULL);
    }
    size_t nto = 0, nalts = 0;
    for (uint32_t c = 0; c < nc; c++) {
        uint32_t q2 = row[c];
        if (!b->live[q2])
            continue;
        size_t k = 0;
        while (k < nto && to[k] != q2)
            k++;
        if (k == nto)
            to[nto++] = q2;
    }
    ank_gexpr *loop = ank__g_empty(g), *plain, *esc;
    for (size_t k = 0; k < nto; k++) {
        chars_to(b, row, to[k], &plain, &esc);
        if (!plain && !esc) /* only surrogates, or out of memory */
            continue;
        if (to[k] == q) {
            /* plain* (esc plain*)* */
            ank_gexpr *p = plain ? ank__g_rep(g, plain, 0, ANK_G_INF)
                                 : ank__g_empty(g);
            loop = esc ? ANK_JSEQ(b->j, p, ank__g_rep(g, ANK_JSEQ(b->j, esc, p),
                                                      0, ANK_G_INF))
                       : p;
            continue;
        }
        ank_gexpr *one = plain && esc ? ank__g_alt2(g, plain, esc)
                                      : plain ? plain : esc;
        alts[nalts++] = ank__g_seq2(g, one, state_expr(b, to[k], depth + 1));
    }
    if (ank__dfa_accepting(d, q))
        alts[nalts++] = ank__jlex_punct(b->j, ANK_JP_QUOTE);
    ank_gexpr *e = nalts ? ank__g_seq2(g, loop, ank__g_alt(g, alts, nalts))
                         : ank__g_ref(g, NULL); /* out of memory above */
    ank__free(to), ank__free(alts);
    return e;
}

/* State q where it is entered: its rule, or its body written in place. */
static ank_gexpr *state_expr(pbuild *b, uint32_t q, int depth)
{
    ank_gram *g = b->j->g;
    if ((b->indeg[q] < 2 || b->leaf[q]) && depth < INLINE_DEPTH)
        return body(b, q, depth);
    if (!b->rule[q]) {
        if (!(b->rule[q] = ank__gram_declare(g, "json-pattern")))
            return ank__g_ref(g, NULL);
        b->todo[b->ntodo++] = q;
    }
    return ank__g_ref(g, b->rule[q]);
}

/* Which states can still reach acceptance through characters a JSON
 * string can hold (the DFA's own liveness counts the surrogates, which
 * have no UTF-8), how many live states enter each, and which lead to no
 * state but themselves.  False when out of memory. */
static bool analyse(pbuild *b)
{
    const ank_dfa *d = b->d;
    uint32_t n = ank__dfa_nstates(d), nc = ank__dfa_nclasses(d);
    b->live = ank__calloc(n, 1);
    b->indeg = ank__calloc(n, sizeof *b->indeg);
    b->leaf = ank__malloc(n);
    b->rule = ank__calloc(n, sizeof *b->rule);
    b->todo = ank__malloc(n * sizeof *b->todo);
    uint8_t *spell = ank__malloc(nc);
    if (!b->live || !b->indeg || !b->leaf || !b->rule || !b->todo || !spell) {
        ank__free(spell);
        return false;
    }
    for (uint32_t c = 0; c < nc; c++) {
        size_t nr;
        const uint32_t *r = ank__dfa_class_ranges(d, c, &nr);
        spell[c] = 0;
        for (size_t i = 0; i < nr; i++)
            spell[c] |= r[2 * i] < 0xD800 || r[2 * i + 1] > 0xDFFF;
    }
    /* States are numbered from the start, so acceptance mostly reaches
     * back in one pass from the last state. */
    for (bool grew = true; grew;) {
        grew = false;
        for (uint32_t q = n; q-- > 0;) {
            if (b->live[q])
                continue;
            const uint32_t *row = ank__dfa_row(d, q);
            bool live = ank__dfa_accepting(d, q);
            for (uint32_t c = 0; c < nc && !live; c++)
                live = spell[c] && b->live[row[c]];
            if (live)
                b->live[q] = 1, grew = true;
        }
    }
    b->indeg[0] = 1; /* entered from the opening quote */
    for (uint32_t q = 0; q < n; q++) {
        const uint32_t *row = ank__dfa_row(d, q);
        b->leaf[q] = 1;
        for (uint32_t c = 0; c < nc && b->live[q]; c++) {
            uint32_t q2 = row[c], c2 = 0;
            if (!spell[c] || q2 == q || !b->live[q2])
                continue;
            b->leaf[q] = 0;
            while (row[c2] != q2 || !spell[c2]) /* count each once */
                c2++;
            if (c2 == c)
                b->indeg[q2]++;
        }
    }
    ank__free(spell);
    return true;
}

static void release(pbuild *b)
{
    ank__free(b->live), ank__free(b->indeg), ank__free(b->leaf);
    ank__free(b->rule), ank__free(b->todo), ank__free(b->ranges);
}

/* The rule of the strings that the DFA d accepts, registered under `key`;
 * NULL after a failure. */
static ank_grule *build(ank_jctx *j, const ank_dfa *d, const char *key,
                        const char *pattern)
{
    pbuild b = {.j = j, .d = d};
    ank_grule *r = NULL;
    if (!analyse(&b))
        j->g->nomem = true;
    else if (!b.live[0])
        ank__jlex_fail(j, "pattern that matches no string", pattern);
    else if ((r = ank__gram_declare(j->g, "json-pattern"))) {
        ank__gram_register_new(j->g, key, r);
        ank__gram_define(j->g, r,
                         ank__g_seq2(j->g, ank__jlex_punct(j, ANK_JP_QUOTE),
                                     state_expr(&b, 0, 0)));
        while (b.ntodo) {
            uint32_t q = b.todo[--b.ntodo];
            ank__gram_define(j->g, b.rule[q], body(&b, q, 0));
        }
    }
    release(&b);
    return r;
}

/* Fail the conversion for a pattern the DFA was not built from: too large
 * (ANK_ERR_LIMIT), or outside the subset (the parser's message, its
 * offset mapped back to the pattern as written). */
static void subset_error(ank_jctx *j, const char *pattern, ank_status st,
                         const ank_error *e)
{
    char what[sizeof e->message + 80];
    if (st == ANK_ERR_LIMIT) {
        ank__jlex_fail(j, "pattern too large for an automaton", pattern);
        return;
    }
    /* "regex: <reason> (at byte N)" */
    const char *reason = e->message, *end = strstr(reason, " (at byte ");
    if (strncmp(reason, "regex: ", 7) == 0)
        reason += 7;
    ank_buf scratch = ANK_BUF_INIT;
    size_t at = ecma_rewrite(pattern, &scratch,
                             e->offset > 0 ? (size_t)e->offset : 0);
    ank__buf_release(&scratch);
    snprintf(what, sizeof what,
             "pattern outside the regex subset at byte %zu (%.*s):", at,
             (int)(end && end > reason ? end - reason : (ptrdiff_t)strlen(reason)),
             reason);
    ank__jlex_fail(j, what, pattern);
}

/* The product of d with a count of characters from 0 to `top`: the
 * strings of d of min to max characters (max ANK_G_INF: no upper bound;
 * the count then stops at min).  It shares d's classes, so it is freed
 * with product_free(), not ank__dfa_free().  NULL when out of memory or
 * past ANK_DFA_MAX_STATES (*too_large). */
static ank_dfa *product(const ank_dfa *d, uint32_t min, uint32_t max,
                        bool *too_large)
{
    uint32_t top = max == ANK_G_INF ? min : max;
    uint64_t n = (uint64_t)d->nstates * (top + 1) + 1; /* and a dead state */
    *too_large = n > ANK_DFA_MAX_STATES;
    ank_dfa *p = *too_large ? NULL : ank__calloc(1, sizeof *p);
    if (!p)
        return NULL;
    *p = *d;
    p->nstates = (uint32_t)n;
    p->next = ank__malloc(n * d->nclasses * sizeof *p->next);
    p->accept = ank__calloc(n, 1);
    if (!p->next || !p->accept) {
        ank__free(p->next), ank__free(p->accept), ank__free(p);
        return NULL;
    }
    /* state (q, k) is k * nstates + q, so the start state stays 0 */
    uint32_t dead = (uint32_t)n - 1;
    for (uint32_t k = 0; k <= top; k++)
        for (uint32_t q = 0; q < d->nstates; q++) {
            uint32_t at = k * d->nstates + q;
            const uint32_t *row = ank__dfa_row(d, q);
            uint32_t k2 = k < top ? k + 1 : max == ANK_G_INF ? top : dead;
            for (uint32_t c = 0; c < d->nclasses; c++)
                p->next[(size_t)at * d->nclasses + c] =
                    k2 == dead ? dead : k2 * d->nstates + row[c];
            p->accept[at] = d->accept[q] && k >= min;
        }
    for (uint32_t c = 0; c < d->nclasses; c++)
        p->next[(size_t)dead * d->nclasses + c] = dead;
    p->live = NULL; /* analyse() finds which states are */
    return p;
}

static void product_free(ank_dfa *p)
{
    if (p)
        ank__free(p->next), ank__free(p->accept), ank__free(p);
}

ank_gexpr *ank__jpattern_string(ank_jctx *j, const char *pattern,
                                uint32_t min, uint32_t max)
{
    ank_gram *g = j->g;
    ank_buf key = ANK_BUF_INIT, re = ANK_BUF_INIT;
    char bounds[32];
    snprintf(bounds, sizeof bounds, "json-re:%lu:%lu:", (unsigned long)min,
             (unsigned long)max);
    ank__buf_puts(&key, bounds);
    ank__buf_puts(&key, pattern);
    ecma_rewrite(pattern, &re, SIZE_MAX);
    ank__buf_putc(&re, '\0');
    if (key.failed || re.failed) {
        ank__buf_release(&key), ank__buf_release(&re);
        g->nomem = true;
        return ank__g_ref(g, NULL);
    }
    ank_grule *r = ank__gram_lookup(g, key.data);
    if (!r) {
        ank_dfa *d = NULL;
        ank_error e = {0};
        const char *text = re.data;
        ank_status st = ank__dfa_build(&text, 1, false, &d, &e);
        bool too_large = false;
        ank_dfa *counted = st == ANK_OK && (min > 0 || max != ANK_G_INF)
                               ? product(d, min, max, &too_large)
                               : NULL;
        if (too_large) {
            ank__jlex_fail(j, "pattern with a length bound too large for an "
                              "automaton", pattern);
        } else if (st == ANK_OK && (counted || (min == 0 && max == ANK_G_INF))) {
            r = build(j, counted ? counted : d, key.data, pattern);
        } else if (st == ANK_OK || st == ANK_ERR_NOMEM) {
            g->nomem = true;
        } else {
            subset_error(j, pattern, st, &e);
        }
        product_free(counted);
        ank__dfa_free(d);
    }
    ank__buf_release(&key), ank__buf_release(&re);
    return ank__g_ref(g, r);
}
