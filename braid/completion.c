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
 * completion_rules.c (their alternatives kept in completion_alts.c); this
 * file checks the arguments, cuts the code points into the classes both
 * automata treat alike, writes the productive nonterminals into the
 * grammar (ank__grammar_completion), or has completion_print.c print
 * them straight from the rules, the same text (ank__completion_new,
 * which falls back to the grammar for what that does not reproduce), and
 * runs both automata over a text for ank__completion_check.
 */
#include "completion.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "completion_sets.h"
#include "completion_print.h"
#include "completion_rules.h"
#include "grammar_print.h"
#include "regex.h"
#include "sort.h"

#define NONE UINT32_MAX

/* --------------------------------------------------------- alphabet */

/* Append lo..hi of class `cls` to the segments (room for one more). */
static void push_seg(ank_cbuild *b, uint32_t cls, uint32_t lo, uint32_t hi)
{
    ank_cseg *last = b->nsegs ? &b->segs[b->nsegs - 1] : NULL;
    if (last && last->cls == cls && last->hi + 1 == lo)
        last->hi = hi;
    else
        b->segs[b->nsegs++] = (ank_cseg){lo, hi, cls};
}

/* Cut the code points into classes of (D class, lexer column). */
static bool make_classes(ank_cbuild *b)
{
    int col[NB], ncol = 0;
    for (int k = 0; k < NB; k++) {
        col[k] = ncol;
        for (int j = 0; j < k; j++) {
            int s = 0;
            while (s < b->lx.n && !memcmp(&b->lx.tab[s][j], &b->lx.tab[s][k],
                                          sizeof(ank_lex_act)))
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
    size_t nr, ranges = 0;
    for (uint32_t dc = 0; dc < nd; dc++)
        ank__dfa_class_ranges(b->d, dc, &nr), ranges += nr;
    uint32_t *index = ank__malloc(key_n * sizeof(uint32_t));
    b->cls = ank__calloc(key_n, sizeof(ank_cclass));
    /* a segment per ASCII code point and per range of D */
    b->segs = ank__malloc((128 + ranges) * sizeof(ank_cseg));
    if (!index || !b->cls || !b->segs) {
        ank__free(index);
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    }
    memset(index, 0xFF, key_n * sizeof(uint32_t));
    /* walk the code points in order, one D range at a time */
    for (uint32_t cp = 0; cp <= 0x10FFFF;) {
        uint32_t dc = ank__dfa_class_of(b->d, cp), hi = cp;
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
        push_seg(b, index[key], cp, hi);
        cp = hi + 1;
    }
    for (int k = 0; k < 3; k++)
        b->closer_class[k] = ank__dfa_class_of(b->d, (uint32_t)")]}"[k]);
    ank__free(index);
    /* room was made for every (D class, column); most pairs never occur */
    ank_cclass *cls = ank__realloc(b->cls, (b->ncls + 1) * sizeof *cls);
    if (cls) /* kept whole when that fails */
        b->cls = cls;
    /* per class, its segments as a bitset, so that emit's classes walk
     * only the segments they hold */
    b->swords = (b->nsegs + 63) / 64;
    b->segbits = ank__calloc(b->ncls * b->swords + 1, sizeof *b->segbits);
    if (!b->segbits)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < b->nsegs; i++)
        b->segbits[b->segs[i].cls * b->swords + i / 64] |= (uint64_t)1
                                                           << (i % 64);
    b->gwords = (b->ncls + 63) / 64;
    b->dcbits = ank__calloc(nd * b->gwords + 1, sizeof *b->dcbits);
    if (!b->dcbits)
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    for (size_t c = 0; c < b->ncls; c++)
        b->dcbits[b->cls[c].dclass * b->gwords + c / 64] |=
            (uint64_t)1 << (c % 64);
    return true;
}

/* ----------------------------------------------------------- output */

/*
 * Nodes are immutable, so emit shares a class per distinct set of classes
 * and a reference per rule.  An alternative is at most five nodes, which
 * the printers write inline wherever they occur (grammar_print.c), so the
 * text is what shared ones would print.
 */
typedef struct emitter {
    ank_cbuild *b;
    ank_gram *g;
    ank_grule **rules;     /* per nonterminal, its rule when productive */
    ank_gexpr **refs;      /* the one reference to each, once made */
    ank_gexpr **cls;       /* per set of classes of b, its class once made */
    size_t ncls;
    uint32_t *ranges;      /* scratch: 2 per segment, and 2 */
    uint64_t *segs;        /* scratch: a set of segments (swords words) */
} emitter;

static bool emit_nomem(emitter *em)
{
    return ank__completion_fail(em->b, ANK_ERR_NOMEM, "out of memory");
}

/* The class of the union of the classes of `bits`, made once per
 * distinct set; NULL on failure. */
static ank_gexpr *class_of(emitter *em, const uint64_t *bits)
{
    ank_cbuild *b = em->b;
    uint32_t set = ank__cset_of(b, bits, b->gwords);
    if (set == NONE || !ank__cset_index_room(b, (void **)&em->cls, &em->ncls,
                                             set, sizeof *em->cls))
        return NULL;
    if (!em->cls[set]) {
        bool negated;
        size_t k = ank__completion_ranges(b, bits, em->ranges, em->segs,
                                          &negated);
        em->cls[set] = ank__g_class(em->g, negated, em->ranges, k);
    }
    return em->cls[set];
}

/* The reference to nonterminal i's rule, made once. */
static ank_gexpr *ref_of(emitter *em, uint32_t i)
{
    if (!em->refs[i])
        em->refs[i] = ank__g_ref(em->g, em->rules[i]);
    return em->refs[i];
}

/* The node of alternative k of b's last list: its class, then the
 * bracket's inside and closer when it opens one, then its target.  NULL
 * on failure. */
static ank_gexpr *alternative(emitter *em, size_t k)
{
    const ank_calt *a = &em->b->alts[k];
    ank_gexpr *cls = class_of(em, ank__calt_bits(em->b, k)), *seq;
    if (!cls)
        return NULL;
    ank_gexpr *next = ref_of(em, a->target);
    if (a->inner == 0xFFFF) {
        seq = ank__g_seq_ready(em->g, (ank_gexpr *[]){cls, next}, 2);
    } else {
        ank_gexpr *items[4] = {cls, ref_of(em, a->inner),
                               ank__g_lit(em->g, &a->closer, 1), next};
        seq = ank__g_seq_ready(em->g, items, 4);
    }
    if (ank__gram_failed(em->g))
        return emit_nomem(em), NULL;
    return seq;
}

/* "`name`_" cut to 31 bytes as snprintf would cut "`name`_`i`", and
 * its length: the part of a rule's hint that its lexer state gives. */
static size_t hint_prefix(char hint[32], const char *name)
{
    size_t n = strlen(name);
    n = n < 31 ? n : 31;
    memset(hint, 0, 32);
    memcpy(hint, name, n);
    if (n < 31)
        hint[n++] = '_';
    return n;
}

/* The decimal digits of a counter, one more: digits[0, *n). */
static void count_up(char digits[24], size_t *n)
{
    size_t k = *n;
    while (k > 0 && digits[k - 1] == '9')
        digits[--k] = '0';
    if (k > 0) {
        digits[k - 1]++;
        return;
    }
    memmove(digits + 1, digits, *n);
    digits[0] = '1';
    ++*n;
}

/* One rule per productive nonterminal. */
static ank_grule *emit(ank_cbuild *b, ank_gram *g)
{
    emitter em = {.b = b, .g = g};
    ank_grule *root = NULL;
    ank_gexpr **items = NULL;
    size_t icap = 0;
    /* rules[i] is set below; refs start empty */
    em.rules = ank__malloc((2 * b->nnts + 1) * sizeof(void *));
    if (!em.rules) {
        emit_nomem(&em);
        return NULL;
    }
    em.refs = (ank_gexpr **)(em.rules + b->nnts);
    memset(em.refs, 0, b->nnts * sizeof(void *));
    /* hints "`name`_`i`" cut to 31 bytes: distinct hints spare the
     * printer renaming */
    char prefix[MAXL][32], digits[24] = "0";
    size_t plen[MAXL], ndigits = 1;
    for (int l = 0; l < b->lx.n; l++)
        plen[l] = hint_prefix(prefix[l], b->lx.name[l]);
    for (size_t i = 0; i < b->nnts; i++, count_up(digits, &ndigits)) {
        ank_nterm *n = &b->nts[i];
        em.rules[i] = NULL;
        if (n->productive) {
            char hint[32];
            size_t at = plen[n->l];
            memcpy(hint, prefix[n->l], 32);
            for (size_t k = 0; k < ndigits && at < 31; k++)
                hint[at++] = digits[k];
            hint[at] = '\0';
            em.rules[i] = ank__gram_declare(g, hint);
        }
    }
    em.ranges = ank__malloc((2 * b->nsegs + 2) * sizeof(uint32_t) +
                            (b->swords + 1) * sizeof(uint64_t));
    em.segs = em.ranges ? (uint64_t *)(void *)(em.ranges + 2 * b->nsegs + 2)
                        : NULL;
    if (!em.ranges) {
        emit_nomem(&em);
        goto done;
    }
    for (size_t i = 0; i < b->nnts && b->status == ANK_OK; i++) {
        const ank_nterm *n = &b->nts[i];
        if (!n->productive)
            continue;
        size_t m = ank__completion_sorted(b, (uint32_t)i);
        if (m > icap) {
            ank_gexpr **grown = ank__realloc(items, m * sizeof *grown);
            if (!grown) {
                emit_nomem(&em);
                goto done;
            }
            items = grown;
            icap = m;
        }
        for (size_t j = 0; j < m; j++) {
            items[j] = alternative(&em, b->keys[j] & ANK_CKEY_INDEX);
            if (!items[j])
                goto done;
        }
        /* as ank__g_alt() would write an empty first alternative */
        ank_gexpr *body = m == 1 ? items[0] : NULL;
        if (n->eps && m == 0)
            body = ank__g_empty(g);
        else if (!body) /* distinct sequences: nothing to normalise */
            body = m ? ank__g_alt_ready(g, items, m) : ank__g_alt(g, items, 0);
        if (n->eps && m)
            body = ank__g_rep(g, body, 0, 1);
        ank__gram_define(g, em.rules[i], body);
    }
done:
    root = em.rules[0];
    ank__free(em.rules);
    ank__free(items);
    ank__free(em.ranges);
    ank__free(em.cls);
    if (b->status == ANK_OK && ank__gram_failed(g))
        emit_nomem(&em);
    return b->status == ANK_OK ? root : NULL;
}

static void release(ank_cbuild *b)
{
    ank__free(b->lx.tab);
    ank__dfa_free(b->d);
    ank__free(b->cls);
    ank__free(b->dcbits);
    ank__free(b->segs);
    ank__free(b->segbits);
    for (int l = 0; l < MAXL; l++)
        ank__free(b->lex[l]);
    ank__free(b->dfirst);
    ank__free(b->dq2);
    ank__free(b->dbits);
    ank__free(b->dset);
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
    ank__free(b->alts);
    ank__free(b->keys);
    ank__free(b->left);
    ank__free(b->first);
    ank__free(b->pairs);
    ank__free(b->sbits);
    ank__free(b->stab);
    ank__free(b->opens);
    ank__free(b->obits);
    ank__free(b->table);
    ank__free(b->slot);
    for (size_t e = 0; e < b->nends && b->top; e++)
        ank__free(b->top[e]);
    ank__free(b->top);
    ank__free(b->ccol);
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
    /* D first: the peak of its construction holds no lexer table */
    b->status = ank__dfa_build_complement(forbid, nforbid, false, &b->d,
                                          error);
    if (b->status == ANK_OK && !ank__dfa_live(b->d, 0))
        ank__completion_fail(b, ANK_ERR_FORMAT, "the forbidden patterns "
                                                "match every text");
    /* the lexer's table has room for MAXL rows (33 KB) while it is
     * filled, which fills each row as it adds a state; then only its
     * rows are kept */
    if (b->status == ANK_OK &&
        !(b->lx.tab = ank__malloc(MAXL * sizeof *b->lx.tab)))
        ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    if (b->status == ANK_OK) {
        if (lang == ANK_LANG_PYTHON)
            ank__completion_python_lexer(&b->lx, indent);
        else
            ank__completion_brace_lexer(&b->lx, lang);
        void *rows =
            ank__realloc(b->lx.tab, (size_t)b->lx.n * sizeof *b->lx.tab);
        if (rows) /* kept whole when that fails */
            b->lx.tab = rows;
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
    ank_grule *root =
        make_classes(b) && ank__completion_rules(b) ? emit(b, g) : NULL;
    release(b);
    return root;
}

/* A completion grammar ready to print: straight from its rules, or
 * (when completion_print.c does not reproduce the model's text for it)
 * as the model's grammar and printer. */
struct ank_completion {
    ank_cprint *direct;
    ank_cbuild *rules; /* what `direct` lists the alternatives from */
    ank_gram *g;
    ank_gprint *printer;
    ank_status ready; /* why there is no printer */
};

void ank__completion_free(ank_completion *c)
{
    if (!c)
        return;
    ank__cprint_free(c->direct);
    if (c->rules)
        release(c->rules);
    ank__gprint_free(c->printer);
    ank__gram_free(c->g);
    ank__free(c);
}

/* c's grammar through the model (emit()); false with b->status set. */
static bool via_model(ank_completion *c, ank_cbuild *b)
{
    if (!(c->g = ank__gram_new()))
        return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    ank_grule *root = emit(b, c->g);
    if (!root)
        return false;
    ank__gram_set_root(c->g, root);
    c->ready = ank__gprint_new(c->g, &c->printer);
    return true;
}

ank_status ank__completion_make(ank_lang lang, const char *indent,
                                const char *const *forbid, size_t nforbid,
                                bool model, ank_completion **out,
                                ank_error *error)
{
    ank_error local;
    if (!error)
        error = &local;
    ank__error_clear(error);
    *out = NULL;
    ank_cbuild *b = prepare(lang, indent ? indent : "", forbid, nforbid, error);
    if (!b)
        return error->code;
    ank_completion *c = ank__calloc(1, sizeof *c);
    if (!c)
        ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    else if (make_classes(b) && ank__completion_rules(b) &&
             (model || !(c->direct = ank__cprint_new(b))) &&
             b->status == ANK_OK)
        via_model(c, b);
    ank_status st = b->status;
    if (st == ANK_OK && c->direct) {
        /* kept for printing, which reports by status alone */
        b->error = NULL;
        c->rules = b;
    } else {
        release(b);
    }
    if (st != ANK_OK) {
        ank__completion_free(c);
        return st;
    }
    *out = c;
    return ANK_OK;
}

ank_status ank__completion_new(ank_lang lang, const char *indent,
                               const char *const *forbid, size_t nforbid,
                               ank_completion **out, ank_error *error)
{
    return ank__completion_make(lang, indent, forbid, nforbid, false, out,
                                error);
}

ank_status ank__completion_write(ank_completion *c, ank_gram_dialect dialect,
                                 bool json, ank_buf *out)
{
    if (c->direct)
        return ank__cprint_write(c->direct, dialect, json, out);
    if (!c->printer)
        return c->ready;
    return ank__gprint_write(c->printer, dialect, json, out);
}

ank_status ank__completion_write_both(ank_completion *c, bool json,
                                      ank_buf *gbnf, ank_buf *lark)
{
    if (c->direct)
        return ank__cprint_write_both(c->direct, json, gbnf, lark);
    ank_status st = ank__completion_write(c, ANK_GRAM_GBNF, json, gbnf);
    return st != ANK_OK ? st : ank__completion_write(c, ANK_GRAM_LARK, json,
                                                     lark);
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
