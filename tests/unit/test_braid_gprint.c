/*
 * test_braid_gprint.c - one printer, two dialects: a grammar printed
 * several times, in both orders, from one ank_gprint gives the text of a
 * fresh ank__gram_write each time (rule names, their sanitising and
 * uniqueness suffixes are computed once and reused); and a character
 * class built from normalised ranges equals the one built from the same
 * set shuffled and split, with its first-character set and `wide` flag
 * checked against the set itself.
 */
#include <stdlib.h>
#include <string.h>

#include "../../braid/grammar_int.h"
#include "../../braid/grammar_print.h"
#include "test.h"
#include "tests.h"

/* The grammar printed afresh in `d` ("" on failure). */
static char *fresh(const ank_gram *g, ank_gram_dialect d)
{
    ank_buf b = ANK_BUF_INIT;
    ank_status st = ank__gram_write(g, d, &b);
    CHECK_INT(st, ANK_OK);
    size_t n = b.data ? b.len : 0;
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, b.data ? b.data : "", n);
        s[n] = '\0';
    }
    ank__buf_release(&b);
    return s;
}

/* Random rules whose hints collide after sanitising: upper case, digits
 * first, '_' against '-', empty. */
static void reused_printer(uint64_t *rng)
{
    static const char *const parts[] = {"foo", "Bar", "_",     "-",    "9",
                                        "x",   "BAZ", "a1",    "",     "rule",
                                        "start", "root", "q_2", "__"};
    const size_t nparts = sizeof parts / sizeof *parts;
    int mismatches = 0;
    for (int round = 0; round < 300; round++) {
        ank_gram *g = ank__gram_new();
        CHECK(g != NULL);
        if (!g)
            return;
        uint32_t n = 1 + test_rand(rng, 60);
        ank_grule *rules[64];
        for (uint32_t i = 0; i < n; i++) {
            char hint[64] = "";
            for (uint32_t k = test_rand(rng, 4); k > 0; k--)
                strcat(hint, parts[test_rand(rng, (uint32_t)nparts)]);
            rules[i] = ank__gram_declare(g, hint);
        }
        for (uint32_t i = 0; i < n; i++) {
            ank_gexpr *items[3];
            uint32_t m = 1 + test_rand(rng, 3);
            for (uint32_t j = 0; j < m; j++)
                items[j] = test_rand(rng, 2)
                               ? ank__g_ref(g, rules[test_rand(rng, n)])
                               : ank__g_str(g, "ab");
            ank__gram_define(g, rules[i],
                             ank__g_alt2(g, ank__g_seq(g, items, m),
                                         ank__g_str(g, "z")));
        }
        ank__gram_set_root(g, rules[0]);
        char *expect[2] = {fresh(g, ANK_GRAM_GBNF), fresh(g, ANK_GRAM_LARK)};
        for (int order = 0; order < 2; order++) {
            ank_gprint *p = NULL;
            CHECK_INT(ank__gprint_new(g, &p), ANK_OK);
            for (int k = 0; p && k < 3; k++) {
                ank_gram_dialect d = (order + k) % 2 ? ANK_GRAM_LARK
                                                     : ANK_GRAM_GBNF;
                ank_buf b = ANK_BUF_INIT;
                CHECK_INT(ank__gprint_write(p, d, false, &b), ANK_OK);
                const char *want = expect[d == ANK_GRAM_LARK];
                if (!b.data || !want || strcmp(b.data, want) != 0)
                    mismatches++;
                ank__buf_release(&b);
            }
            ank__gprint_free(p);
        }
        free(expect[0]);
        free(expect[1]);
        ank__gram_free(g);
    }
    CHECK_INT(mismatches, 0);
}

/* Classes from normalised ranges (the fast path) against the same set
 * shuffled and split into overlapping pieces. */
static void class_paths(uint64_t *rng)
{
    int mismatches = 0;
    for (int round = 0; round < 20000; round++) {
        uint32_t r[40];
        size_t m = 0;
        uint32_t c = test_rand(rng, 140);
        for (uint32_t want = 1 + test_rand(rng, 8); want > 0; want--) {
            uint32_t lo = c, hi = lo + (test_rand(rng, 3)
                                            ? test_rand(rng, 40)
                                            : test_rand(rng, 0x20000));
            if (hi > 0x10FFFF)
                break;
            if (lo <= 0xDFFF && hi >= 0xD800) { /* no surrogates */
                c = 0xE000 + test_rand(rng, 10);
                continue;
            }
            r[2 * m] = lo, r[2 * m + 1] = hi, m++;
            c = hi + 2 + test_rand(rng, 50);
        }
        if (!m)
            continue;
        ank_gram *g = ank__gram_new();
        CHECK(g != NULL);
        if (!g)
            return;
        bool neg = test_rand(rng, 2);
        ank_gexpr *a = ank__g_class(g, neg, r, m);
        uint32_t s[80];
        size_t k = 0;
        for (size_t i = 0; i < m; i++) {
            uint32_t lo = r[2 * i], hi = r[2 * i + 1], mid = lo + (hi - lo) / 2;
            s[2 * k] = lo, s[2 * k + 1] = mid, k++;
            s[2 * k] = mid > lo ? mid - 1 : lo, s[2 * k + 1] = hi, k++;
        }
        for (size_t i = k; i > 1; i--) {
            size_t j = test_rand(rng, (uint32_t)i);
            uint32_t t0 = s[2 * (i - 1)], t1 = s[2 * (i - 1) + 1];
            s[2 * (i - 1)] = s[2 * j], s[2 * (i - 1) + 1] = s[2 * j + 1];
            s[2 * j] = t0, s[2 * j + 1] = t1;
        }
        ank_gexpr *b = ank__g_class(g, neg, s, k);
        bool same = a->kind == b->kind && a->first[0] == b->first[0] &&
                    a->first[1] == b->first[1] && a->wide == b->wide &&
                    a->lexical == b->lexical && a->n == b->n;
        if (same && a->kind == GK_CLASS)
            same = memcmp(a->ranges, b->ranges, 8 * (size_t)a->n) == 0 &&
                   a->negated == b->negated;
        if (same && a->kind == GK_CLASS) {
            /* the first set and `wide`, from the set itself (sampled
             * above 255; a negated class always takes in the surrogates,
             * so it is always wide) */
            uint64_t f[2] = {0, 0};
            bool wide = neg || r[2 * m - 1] >= 0x80;
            for (uint32_t cp = 0; cp < 128; cp++) {
                bool in = false;
                for (size_t i = 0; i < m; i++)
                    in |= cp >= r[2 * i] && cp <= r[2 * i + 1];
                if (in != neg)
                    f[cp >> 6] |= 1ull << (cp & 63);
            }
            same = f[0] == a->first[0] && f[1] == a->first[1] &&
                   wide == a->wide;
        }
        mismatches += !same;
        ank__gram_free(g);
    }
    CHECK_INT(mismatches, 0);
}

/* A random item of a sequence that needs no normalising: a class, a
 * reference or (unless the last item was one) a literal. */
static ank_gexpr *ready_item(ank_gram *g, ank_grule *const *rules,
                             uint64_t *rng, bool *lit)
{
    uint32_t k = test_rand(rng, *lit ? 2 : 3);
    *lit = k == 2;
    if (k == 0) {
        /* two characters at least: one would be a literal */
        uint32_t lo = 'a' + test_rand(rng, 20);
        uint32_t r[2] = {lo, lo + 1 + test_rand(rng, 5)};
        return ank__g_class(g, test_rand(rng, 4) == 0, r, 1);
    }
    if (k == 1)
        return ank__g_ref(g, rules[test_rand(rng, 4)]);
    char text[3] = {(char)('a' + test_rand(rng, 26)), '"', '\0'};
    return ank__g_lit(g, text, 1 + test_rand(rng, 2));
}

/* One random grammar, its sequences and alternations made by the
 * unchecked constructors (`ready`) or the normalising ones. */
static ank_gram *ready_gram(uint64_t seed, bool ready)
{
    uint64_t rng = seed;
    ank_gram *g = ank__gram_new();
    ank_grule *rules[4];
    for (int i = 0; i < 4; i++)
        rules[i] = ank__gram_declare(g, "r");
    for (int i = 0; i < 4; i++) {
        ank_gexpr *alts[6];
        uint32_t na = 2 + test_rand(&rng, 5);
        for (uint32_t a = 0; a < na; a++) {
            ank_gexpr *items[5];
            uint32_t n = 2 + test_rand(&rng, 4);
            bool lit = false;
            for (uint32_t j = 0; j < n; j++)
                items[j] = ready_item(g, rules, &rng, &lit);
            alts[a] = ready ? ank__g_seq_ready(g, items, n)
                            : ank__g_seq(g, items, n);
        }
        ank__gram_define(g, rules[i], ready ? ank__g_alt_ready(g, alts, na)
                                            : ank__g_alt(g, alts, na));
    }
    ank__gram_set_root(g, rules[0]);
    return g;
}

/* The unchecked constructors make the nodes the normalising ones make of
 * items that need nothing: the same text in both dialects. */
static void ready_constructors(uint64_t *rng)
{
    int mismatches = 0;
    for (int round = 0; round < 200; round++) {
        uint64_t seed = (uint64_t)test_rand(rng, 1u << 30) * 2654435761u + 1;
        ank_gram *a = ready_gram(seed, true), *b = ready_gram(seed, false);
        for (int d = 0; d < 2; d++) {
            ank_gram_dialect dd = d ? ANK_GRAM_LARK : ANK_GRAM_GBNF;
            char *x = fresh(a, dd), *y = fresh(b, dd);
            if (!x || !y || strcmp(x, y) != 0)
                mismatches++;
            free(x);
            free(y);
        }
        ank__gram_free(a);
        ank__gram_free(b);
    }
    CHECK_INT(mismatches, 0);
}

void test_braid_gprint(void)
{
    uint64_t rng = 88172645463325252ull;
    reused_printer(&rng);
    class_paths(&rng);
    ready_constructors(&rng);
}
