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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "completion_rules.h"
#include "regex.h"
#include "sort.h"

#define NONE UINT32_MAX

/* ----------------------------------------------------------- output */

static int cmp_alt(const void *x, const void *y)
{
    const ank_calt *a = x, *c = y;
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
static ank_gexpr *union_class(ank_cbuild *b, ank_gram *g, const ank_calt *list, size_t n,
                              uint32_t **buf, size_t *cap)
{
    size_t total = 2;
    for (size_t i = 0; i < n; i++)
        total += b->cls[list[i].cls].n;
    if (total > *cap) {
        uint32_t *r = ank__realloc(*buf, total * 2 * sizeof(uint32_t));
        if (!r)
            return ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory"),
                   NULL;
        *buf = r;
        *cap = total;
    }
    uint32_t *r = *buf;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const ank_cclass *c = &b->cls[list[i].cls];
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
static ank_grule *emit(ank_cbuild *b, ank_gram *g)
{
    size_t maxalts = 0, rcap = 0;
    for (size_t i = 0; i < b->nnts; i++) {
        ank_nterm *n = &b->nts[i];
        char hint[32]; /* distinct hints spare the printer renaming */
        snprintf(hint, sizeof hint, "%s_%zu", b->lx.name[n->l], i);
        if (n->productive)
            n->rule = ank__gram_declare(g, hint);
        if (n->nalts > maxalts)
            maxalts = n->nalts;
    }
    ank_calt *list = ank__malloc((maxalts + 1) * sizeof(ank_calt));
    ank_gexpr **items = ank__malloc((maxalts + 2) * sizeof(ank_gexpr *));
    uint32_t *ranges = NULL;
    if (!list || !items) {
        ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < b->nnts && b->status == ANK_OK; i++) {
        const ank_nterm *n = &b->nts[i];
        if (!n->productive)
            continue;
        size_t m = 0, k = 0;
        for (uint32_t j = 0; j < n->nalts; j++) {
            const ank_calt *a = &b->alts[n->first + j];
            if (b->nts[a->target].productive &&
                (a->inner == NONE || b->nts[a->inner].productive))
                list[m++] = *a;
        }
        if (m > SORT_SMALL) {
            qsort(list, m, sizeof(ank_calt), cmp_alt);
        } else {
            for (size_t s = 1; s < m; s++) {
                ank_calt x = list[s];
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
        ank__completion_fail(b, ANK_ERR_NOMEM, "out of memory");
    return b->status == ANK_OK ? b->nts[0].rule : NULL;
}

static void release(ank_cbuild *b)
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
