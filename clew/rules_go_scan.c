/*
 * rules_go_scan.c - the byte scan the Go rule walk (rules_go.c) starts
 * with: where the words its rules need occur in the source, so that the
 * walk can tell from two byte offsets whether a subtree can hold anything
 * it looks for.
 *
 * Three ascending lists of start bytes, in the walk state (scratch arena,
 * `n*_alloc` entries of room):
 *  - triggers: the words that the rules on expressions need (func, panic,
 *    exec, Exec, Query, unsafe, InsecureSkipVerify, the hole marker);
 *  - sprintfs: "Sprintf" (the SQL rule's taint tracking);
 *  - marks: both of those, plus the tokens that the rules on statements
 *    and declarations need: ":=", the keywords if, var and const, and a
 *    lone `_`.  Every node a rule fires on holds one of them in its bytes
 *    (rules_go.c, plain_rules and trigger_rules), so a subtree with no
 *    mark holds no such node.
 * Occurrences inside comments and strings are recorded too: the lists say
 * where a match may be, never that one is.
 *
 * While a name is tainted (rules_go_security.c), any assignment may clear
 * it: the `=` bytes of the function's body are then found too (eqs).
 */
#include <stddef.h>
#include <stdint.h>

#include "../ffi/arena.h"
#include "rules_go.h"

static bool word_at(const char *p, size_t left, const char *word, size_t n)
{
    return left >= n && memcmp(p, word, n) == 0;
}

#define WORD(w) (w), sizeof(w) - 1

/* Is src[i, i + n) a whole word (no identifier byte on either side)? */
static bool whole(const char *src, uint32_t len, uint32_t i, uint32_t n)
{
    return (i == 0 || !ident_byte(src[i - 1])) &&
           (i + n >= len || !ident_byte(src[i + n]));
}

/* Append `at` to a list of *n entries with room for *cap (scratch arena;
 * the capacity doubles, from a guess by the source's length). */
static bool push(ank_x *x, uint32_t **list, uint32_t *n, uint32_t *cap,
                 uint32_t at)
{
    if (*n == *cap) {
        uint32_t more = *cap ? *cap * 2 : x->len / 64 + 16;
        ank_arena *arena = x->scratch ? x->scratch : x->arena;
        uint32_t *grown = ank__arena_grow(arena, *list, *cap * sizeof **list,
                                          more * sizeof **list);
        if (!grown) {
            ank__x_fail(x, ANK_ERR_NOMEM);
            return false;
        }
        *list = grown;
        *cap = more;
    }
    (*list)[(*n)++] = at;
    return true;
}

/* Append `at` to the marks, after the lone underscores before it (found
 * first, in `under`), so that the marks stay ascending. */
static bool mark(ank_x *x, go_walk *w, const uint32_t *under, uint32_t nunder,
                 uint32_t *u, uint32_t at)
{
    for (; *u < nunder && under[*u] < at; (*u)++)
        if (!push(x, &w->marks, &w->nmarks, &w->nmarks_alloc, under[*u]))
            return false;
    return push(x, &w->marks, &w->nmarks, &w->nmarks_alloc, at);
}

/* The lone underscores (`_` as a whole identifier): memchr finds the few
 * underscores faster than a test per byte in the main scan would. */
static uint32_t *find_blanks(ank_x *x, uint32_t *n)
{
    uint32_t *list = NULL, alloc = 0;
    const char *src = x->src, *end = src + x->len;
    *n = 0;
    for (const char *p = src; p < end &&
                              (p = memchr(p, '_', (size_t)(end - p))) != NULL;
         p++) {
        uint32_t i = (uint32_t)(p - src);
        if (whole(src, x->len, i, 1) && !push(x, &list, n, &alloc, i))
            return NULL;
    }
    return list;
}

/* The scan's state: the lone underscores, merged into the marks. */
typedef struct scan {
    ank_x *x;
    go_walk *w;
    const uint32_t *under;
    uint32_t nunder, u;
} scan;

/* The first two bytes of each word: a byte is rejected unless the next
 * one is the second byte of a word starting with it (0 for bytes no word
 * starts with).  One compare, rarely true, per byte: testing the first
 * byte alone would pass a quarter of them (e, a, f, u and p are common)
 * and mispredict on each. */
static const unsigned char second[256] = {
    ['f'] = 'u', ['p'] = 'a', ['e'] = 'x', ['E'] = 'x', ['Q'] = 'u',
    ['S'] = 'p', ['u'] = 'n', ['I'] = 'n', ['a'] = 'n', [':'] = '=',
    ['i'] = 'f', ['v'] = 'a', ['c'] = 'o',
};

/* Record what starts at src[i], whose first two bytes passed `second`. */
static bool candidate(scan *sc, uint32_t i)
{
    ank_x *x = sc->x;
    go_walk *w = sc->w;
    const char *src = x->src, *p = src + i;
    const uint32_t len = x->len;
    size_t left = len - i;
    bool trigger = false, plain = false;
    switch (*p) {
    case 'f': trigger = word_at(p, left, WORD("func")); break;
    case 'p': trigger = word_at(p, left, WORD("panic")); break;
    case 'e': trigger = word_at(p, left, WORD("exec")); break;
    case 'E': trigger = word_at(p, left, WORD("Exec")); break;
    case 'Q': trigger = word_at(p, left, WORD("Query")); break;
    case 'S':
        plain = word_at(p, left, WORD("Sprintf"));
        if (plain &&
            !push(x, &w->sprintfs, &w->nsprintfs, &w->nsprintfs_alloc, i))
            return false;
        break;
    case 'u': trigger = word_at(p, left, WORD("unsafe")); break;
    case 'I': trigger = word_at(p, left, WORD("InsecureSkipVerify")); break;
    case 'a': trigger = word_at(p, left, WORD(ANK_HOLE_MARKER)); break;
    case ':': plain = true; break; /* ":=" */
    case 'i': plain = whole(src, len, i, 2); break;
    case 'v': plain = word_at(p, left, WORD("var")) && whole(src, len, i, 3); break;
    case 'c':
        plain = word_at(p, left, WORD("const")) && whole(src, len, i, 5);
        break;
    default: break;
    }
    if (trigger &&
        !push(x, &w->triggers, &w->ntriggers, &w->ntriggers_alloc, i))
        return false;
    return !(trigger || plain) || mark(x, w, sc->under, sc->nunder, &sc->u, i);
}

void ank__rules_go_scan(ank_x *x, go_walk *w)
{
    scan sc = {x, w, NULL, 0, 0};
    sc.under = find_blanks(x, &sc.nunder);
    if (x->status != ANK_OK)
        return;
    const unsigned char *s = (const unsigned char *)x->src, *p = s;
    const unsigned char *end = s + x->len;
    /* Four pairs per test: almost always, none passes. */
    if (x->len > 4) {
        unsigned c0 = p[0];
        for (; p + 4 < end; p += 4) {
            unsigned c1 = p[1], c2 = p[2], c3 = p[3], c4 = p[4];
            if (second[c0] == c1 || second[c1] == c2 || second[c2] == c3 ||
                second[c3] == c4) {
                for (const unsigned char *q = p; q < p + 4; q++)
                    if (q[1] == second[q[0]] &&
                        !candidate(&sc, (uint32_t)(q - s)))
                        return;
            }
            c0 = c4;
        }
    }
    for (; p + 1 < end; p++)
        if (p[1] == second[p[0]] && !candidate(&sc, (uint32_t)(p - s)))
            return;
    for (; sc.u < sc.nunder; sc.u++)
        if (!push(x, &w->marks, &w->nmarks, &w->nmarks_alloc, sc.under[sc.u]))
            return;
}

void ank__rules_go_scan_eqs(ank_x *x, go_walk *w)
{
    if (w->eqs_found || w->depth == 0)
        return;
    w->eqs_found = true;
    w->neqs = w->next_eq = 0;
    uint32_t start = w->fns[0].body_start, end = w->fns[0].body_end;
    if (end > x->len)
        return;
    const char *src = x->src, *stop = src + end;
    for (const char *p = src + start;
         p < stop && (p = memchr(p, '=', (size_t)(stop - p))) != NULL; p++)
        if (!push(x, &w->eqs, &w->neqs, &w->neqs_alloc,
                  (uint32_t)(p - src)))
            return;
}
