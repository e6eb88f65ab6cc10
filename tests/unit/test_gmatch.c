/*
 * test_gmatch.c - the GBNF reader and the grammar matcher: byte-level
 * acceptance, rewinding, forced bytes, errors and limits, and token masks
 * on a small list vocabulary checked token by token against acceptance,
 * also when the token classes are computed lazily, from two threads, and
 * when items share a class; Earley sets that copy their predecessor's
 * closure, the helpers the reader folds into repetitions, and the
 * limits that stop the parse of an ambiguous grammar.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../braid/gmatch.h"
#include "../../braid/gmatch_earley.h"
#include "../../braid/gmatch_share.h"
#include "../../ffi/alloc.h"
#include "test.h"
#include "tests.h"

static ank_ggram *compile(const char *gbnf, const ank_vocab *v)
{
    ank_ggram *g = NULL;
    ank_error err;
    ank_status st = ank__ggram_compile(gbnf, strlen(gbnf), v, &g, &err);
    if (st != ANK_OK)
        fprintf(stderr, "    compile failed: %s\n", err.message);
    return g;
}

/* Does the grammar accept `s` exactly (all bytes, then can end)? */
static int matches(const ank_ggram *g, const char *s)
{
    ank_gmatch *m;
    if (ank__gmatch_new(g, &m, NULL) != ANK_OK)
        return -1;
    int ok = ank__gmatch_accept(m, (const uint8_t *)s, strlen(s)) &&
             ank__gmatch_can_end(m);
    ank__gmatch_free(m);
    return ok;
}

static void test_bytes(void)
{
    ank_ggram *g = compile(
        "root ::= \"{\" ws (item (ws \",\" ws item)*)? ws \"}\"\n"
        "item ::= [a-z]+ | num\n"
        "num ::= \"-\"? ([0-9] | [1-9] [0-9]{1,2})\n"
        "ws ::= [ \\t]{0,2}\n",
        NULL);
    CHECK(g != NULL);
    if (!g)
        return;
    CHECK_INT(matches(g, "{}"), 1);
    CHECK_INT(matches(g, "{ abc ,-12,  7}"), 1);
    CHECK_INT(matches(g, "{123}"), 1);
    CHECK_INT(matches(g, "{1234}"), 0); /* {1,2} after [1-9] */
    CHECK_INT(matches(g, "{     }"), 0); /* ws at most 2, twice: 4 */
    CHECK_INT(matches(g, "{    }"), 1);
    CHECK_INT(matches(g, "{ab,}"), 0);
    CHECK_INT(matches(g, "{ab"), 0);

    ank_gmatch *m;
    CHECK(ank__gmatch_new(g, &m, NULL) == ANK_OK);
    CHECK(ank__gmatch_accept(m, (const uint8_t *)"{ab", 3));
    CHECK_INT(ank__gmatch_position(m), 3);
    /* All or nothing: "c}x" fails at x and leaves the state unchanged. */
    CHECK(!ank__gmatch_accept(m, (const uint8_t *)"c}x", 3));
    CHECK_INT(ank__gmatch_position(m), 3);
    CHECK(ank__gmatch_accept(m, (const uint8_t *)"c}", 2));
    CHECK(ank__gmatch_can_end(m));
    ank__gmatch_rewind(m, 1);
    CHECK(!ank__gmatch_can_end(m));
    CHECK(ank__gmatch_accept(m, (const uint8_t *)"7}", 2));
    CHECK(ank__gmatch_can_end(m));
    ank__gmatch_rewind(m, 0);
    CHECK_INT(ank__gmatch_position(m), 0);
    CHECK(!ank__gmatch_accept(m, (const uint8_t *)"}", 1));
    ank__gmatch_free(m);
    ank__ggram_free(g);
}

static void test_forced(void)
{
    ank_ggram *g = compile("root ::= \"fn\" \" \"{1,2} \"take(\" x\n"
                           "x ::= \"a)\" | \"b)\"\n",
                           NULL);
    CHECK(g != NULL);
    if (!g)
        return;
    ank_gmatch *m;
    CHECK(ank__gmatch_new(g, &m, NULL) == ANK_OK);
    ank_buf b = ANK_BUF_INIT;
    ank__gmatch_forced(m, &b);
    CHECK_STR(b.data, "fn ");
    CHECK(ank__gmatch_accept(m, (const uint8_t *)"fn  ", 4));
    b.len = 0;
    ank__gmatch_forced(m, &b);
    CHECK_STR(b.data, "take(");
    CHECK_INT(ank__gmatch_position(m), 4); /* forced does not move */
    CHECK(ank__gmatch_accept(m, (const uint8_t *)"take(b)", 7));
    b.len = 0;
    b.data[0] = '\0';
    ank__gmatch_forced(m, &b);
    CHECK_STR(b.data, ""); /* at the end */
    ank__buf_release(&b);
    ank__gmatch_free(m);
    ank__ggram_free(g);
}

static void test_unicode(void)
{
    /* Escapes, UTF-8 literals, a non-ASCII class and a negated class. */
    ank_ggram *g = compile("root ::= \"\\u00e9\\x41\" [\\u0100-\\u07FF\\U0001F600] "
                           "[^\\x00-\\x1F\"\\\\]* \"\\\"\"\n",
                           NULL);
    CHECK(g != NULL);
    if (!g)
        return;
    CHECK_INT(matches(g, "\xC3\xA9" "A\xC4\x80\""), 1);
    CHECK_INT(matches(g, "\xC3\xA9" "A\xDF\xBFxy\xE2\x82\xAC\""), 1);
    CHECK_INT(matches(g, "\xC3\xA9" "A\xF0\x9F\x98\x80\""), 1);
    CHECK_INT(matches(g, "\xC3\xA9" "A\xF0\x9F\x98\x81\""), 0);
    CHECK_INT(matches(g, "\xC3\xA9" "A\xC3\xBF\""), 0); /* U+00FF */
    CHECK_INT(matches(g, "\xC3\xA9" "A\xC4\x80\\\""), 0);
    /* The negated ASCII class takes any UTF-8-shaped sequence, as
     * XGrammar does, but no stray continuation byte. */
    CHECK_INT(matches(g, "\xC3\xA9" "A\xC4\x80\xC0\x80\""), 1);
    CHECK_INT(matches(g, "\xC3\xA9" "A\xC4\x80\x80\""), 0);
    ank__ggram_free(g);

    g = compile("root ::= [^a\\u00e9] [^]\n", NULL);
    CHECK(g != NULL);
    if (g) {
        CHECK_INT(matches(g, "bz"), 1);
        CHECK_INT(matches(g, "az"), 0);
        CHECK_INT(matches(g, "\xC3\xA9z"), 0);
        CHECK_INT(matches(g, "\xC3\xA8\xE2\x82\xAC"), 1);
        ank__ggram_free(g);
    }
}

static void expect_error(const char *gbnf, ank_status code, uint32_t line,
                         uint32_t column)
{
    ank_ggram *g = (ank_ggram *)1;
    ank_error err;
    CHECK_INT(ank__ggram_compile(gbnf, strlen(gbnf), NULL, &g, &err), code);
    CHECK(g == NULL);
    CHECK_INT(err.line, line);
    CHECK_INT(err.column, column);
}

static void test_errors(void)
{
    expect_error("root ::= a\na ::= b\n", ANK_ERR_FORMAT, 2, 7);
    expect_error("rule ::= \"a\"\n", ANK_ERR_FORMAT, 1, 1);
    expect_error("root ::= \"a\\q\"\n", ANK_ERR_FORMAT, 1, 12);
    expect_error("root ::= (\"a\"\n", ANK_ERR_FORMAT, 1, 10);
    expect_error("root ::= [b-a]\n", ANK_ERR_FORMAT, 1, 10);
    expect_error("root ::= \"a\"\nroot ::= \"b\"\n", ANK_ERR_FORMAT, 2, 1);
    expect_error("root ::= \"a\"{3,2}\n", ANK_ERR_FORMAT, 1, 13);
    expect_error("root ::= \"a\" root\n", ANK_ERR_FORMAT, 0, 0);
    /* Literal bytes that are not UTF-8: overlong, a surrogate, cut short
     * at the end of the text, a stray continuation byte. */
    expect_error("root ::= \"\xC0\xAF\"\n", ANK_ERR_FORMAT, 1, 11);
    expect_error("root ::= [a\xED\xA0\x80]\n", ANK_ERR_FORMAT, 1, 12);
    expect_error("root ::= \"\xE2\x82", ANK_ERR_FORMAT, 1, 11);
    expect_error("root ::= \"a\x80\"\n", ANK_ERR_FORMAT, 1, 12);
    /* 16 nested {0,4096}: far past the rule limit. */
    char big[512] = "root ::= ";
    for (int i = 0; i < 16; i++)
        strcat(big, "(");
    strcat(big, "\"a\"");
    for (int i = 0; i < 16; i++)
        strcat(big, "){0,4096}");
    strcat(big, "\n");
    ank_ggram *g;
    ank_error err;
    CHECK_INT(ank__ggram_compile(big, strlen(big), NULL, &g, &err), ANK_ERR_LIMIT);
    CHECK(strstr(err.message, "rules") != NULL);
}

/* Every mask bit must equal "the token's bytes are accepted". */
static void check_mask(ank_gmatch *m, const ank_vocab *v, const char *what)
{
    uint32_t n = ank__vocab_size(v), words[8];
    CHECK(n <= 256);
    CHECK(ank__gmatch_fill_mask(m, words, 8) == ANK_OK);
    size_t neos;
    const uint32_t *eos = ank__vocab_eos(v, &neos);
    for (uint32_t id = 0; id < n; id++) {
        size_t len;
        const uint8_t *b = ank__vocab_bytes(v, id, &len);
        bool want = false;
        if (b && len && !ank__vocab_special(v, id)) {
            size_t pos = ank__gmatch_position(m);
            want = ank__gmatch_accept(m, b, len);
            ank__gmatch_rewind(m, pos);
        }
        for (size_t e = 0; e < neos; e++)
            if (eos[e] == id)
                want = ank__gmatch_can_end(m);
        bool got = words[id >> 5] >> (id & 31) & 1;
        if (got != want)
            fprintf(stderr, "    %s: token %u: mask %d, accept %d\n", what, id,
                    got, want);
        CHECK(got == want);
    }
}

typedef struct lazy_walk {
    const ank_ggram *g;
    const char *const *steps;
    size_t nsteps;
    uint32_t masks[32][8]; /* after each step */
    int ok;
} lazy_walk;

static void *walk_masks(void *arg)
{
    lazy_walk *w = arg;
    ank_gmatch *m;
    w->ok = ank__gmatch_new(w->g, &m, NULL) == ANK_OK;
    for (size_t i = 0; w->ok && i < w->nsteps; i++)
        w->ok = ank__gmatch_accept(m, (const uint8_t *)w->steps[i],
                                   strlen(w->steps[i])) &&
                ank__gmatch_fill_mask(m, w->masks[i], 8) == ANK_OK;
    if (w->ok)
        ank__gmatch_free(m);
    return NULL;
}

/* Classes left for later (a budget of 0) give the masks of classes
 * computed at compile time, also when two threads fill them at once. */
static void test_lazy(const char *gbnf, const ank_vocab *v,
                      const char *const *steps, size_t nsteps)
{
    ank_ggram *eager = compile(gbnf, v), *lazy = NULL, *shared = NULL;
    CHECK_INT(ank__ggram_compile_with(gbnf, strlen(gbnf), v, 0,
                                      ANK__EARLEY_MAX_WORK,
                                      ANK__EARLEY_MAX_WORK, &lazy, NULL),
              ANK_OK);
    CHECK_INT(ank__ggram_compile_with(gbnf, strlen(gbnf), v, 0,
                                      ANK__EARLEY_MAX_WORK,
                                      ANK__EARLEY_MAX_WORK, &shared, NULL),
              ANK_OK);
    CHECK(nsteps <= 32);
    if (!eager || !lazy || !shared || nsteps > 32)
        goto done;
    lazy_walk want = {eager, steps, nsteps, {{0}}, 0};
    walk_masks(&want);
    CHECK(want.ok);
    ank_gmatch *m;
    CHECK_INT(ank__gmatch_new(lazy, &m, NULL), ANK_OK);
    for (size_t i = 0; i < nsteps; i++) {
        CHECK(ank__gmatch_accept(m, (const uint8_t *)steps[i], strlen(steps[i])));
        check_mask(m, v, steps[i]);
        uint32_t w[8];
        CHECK(ank__gmatch_fill_mask(m, w, 8) == ANK_OK);
        CHECK(memcmp(w, want.masks[i], sizeof w) == 0);
    }
    ank__gmatch_free(m);
    lazy_walk t[2] = {{shared, steps, nsteps, {{0}}, 0},
                      {shared, steps, nsteps, {{0}}, 0}};
    pthread_t th[2];
    int started[2];
    for (int k = 0; k < 2; k++)
        started[k] = pthread_create(&th[k], NULL, walk_masks, &t[k]) == 0;
    for (int k = 0; k < 2; k++) {
        CHECK(started[k]);
        if (!started[k])
            continue;
        pthread_join(th[k], NULL);
        CHECK(t[k].ok);
        CHECK(memcmp(t[k].masks, want.masks, sizeof want.masks) == 0);
    }
done:
    ank__ggram_free(eager);
    ank__ggram_free(lazy);
    ank__ggram_free(shared);
}

/* Budgets lowered: positions whose classes go past their budget have
 * none, and their masks, checked token by token, stay exact; a mask past
 * its budget fails with ANK_ERR_LIMIT, all zero. */
static void test_budgets(const char *gbnf, const ank_vocab *v,
                         const char *const *steps, size_t nsteps)
{
    /* a class budget of 40 items leaves 4 of the 18 positions computed
     * without a class (the largest class visits 152); with their
     * classes, masks visit up to 62 items a step, and 5 of the 18 steps
     * visit more than one */
    static const uint64_t budget[2][2] = {{40, ANK__EARLEY_MAX_WORK},
                                          {ANK__EARLEY_MAX_WORK, 1}};
    for (int b = 0; b < 2; b++) {
        ank_ggram *g = NULL;
        ank_gmatch *m = NULL;
        CHECK_INT(ank__ggram_compile_with(gbnf, strlen(gbnf), v, UINT64_MAX,
                                          budget[b][0], budget[b][1], &g,
                                          NULL),
                  ANK_OK);
        CHECK(g && ank__gmatch_new(g, &m, NULL) == ANK_OK);
        size_t over = 0;
        for (size_t i = 0; m && i < nsteps; i++) {
            CHECK(ank__gmatch_accept(m, (const uint8_t *)steps[i],
                                     strlen(steps[i])));
            if (b == 0) {
                check_mask(m, v, steps[i]);
                continue;
            }
            uint32_t w[8], any = 0;
            memset(w, 0xFF, sizeof w);
            ank_status st = ank__gmatch_fill_mask(m, w, 8);
            if (st == ANK_OK)
                continue; /* a step that visits at most one item */
            CHECK_INT(st, ANK_ERR_LIMIT);
            CHECK_INT(ank__gmatch_status(m, NULL), ANK_ERR_LIMIT);
            for (int k = 0; k < 8; k++)
                any |= w[k];
            CHECK_INT(any, 0);
            over++;
        }
        if (b == 1)
            CHECK(over > 0);
        ank__gmatch_free(m);
        ank__ggram_free(g);
    }
}

static void test_masks(void)
{
    static const char list[] =
        "\"\n{\n}\n,\n:\n \n  \n\\\\\"\n\\\\\\\\\na\nab\nabc\nb\n\"a\n\"ab\"\n"
        "\":\n1\n12\n-1\n}\\n\ntrue\ntr\n{\"\n\"}\n\xC3\n\xC3\xA9\n\xE2\x82\n"
        "null\nnu\n, \"\n\": \n</s>\n";
    ank_vocab_options o = {0};
    o.format = ANK_VOCAB_LIST;
    ank_vocab *v = NULL;
    ank_error err;
    CHECK(ank_vocab_load_text(list, sizeof list - 1, &o, &v, &err) == ANK_OK);
    if (!v)
        return;
    static const char gbnf[] =
        "root ::= \"{\" ws (member (ws \",\" ws member)*)? ws \"}\"\n"
        "member ::= str ws \":\" ws value\n"
        "value ::= str | \"-\"? [0-9]+ | \"true\" | \"null\" | root\n"
        "str ::= \"\\\"\" ([^\"\\\\\\x00-\\x1F] | \"\\\\\" [\"\\\\])* \"\\\"\"\n"
        "ws ::= [ ]{0,2}\n";
    ank_ggram *g = compile(gbnf, v);
    CHECK(g != NULL);
    if (!g) {
        ank_vocab_free(v);
        return;
    }
    ank_gmatch *m;
    CHECK(ank__gmatch_new(g, &m, NULL) == ANK_OK);
    static const char *steps[] = {"", "{", " ", "\"", "a", "b", "\\\"", "\"",
                                  ":", " ", "1", "2", ",", "\"ab\"", ":",
                                  "{", "}", "}"};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        CHECK(ank__gmatch_accept(m, (const uint8_t *)steps[i], strlen(steps[i])));
        check_mask(m, v, steps[i]);
    }
    CHECK(ank__gmatch_can_end(m));
    /* Spot checks reasoned by hand: after `{"ab":` a value may start. */
    ank__gmatch_rewind(m, 0);
    CHECK(ank__gmatch_accept(m, (const uint8_t *)"{\"ab\":", 6));
    uint32_t w[8];
    CHECK(ank__gmatch_fill_mask(m, w, 8) == ANK_OK);
    CHECK(w[0] >> 5 & 1);   /* " " (id 5) */
    CHECK(!(w[0] >> 2 & 1)); /* "}" (id 2) */
    CHECK(w[0] >> 20 & 1);  /* "true" */
    CHECK(w[0] >> 22 & 1);  /* "{\"" */
    CHECK(!(w[0] >> 31 & 1)); /* "</s>" (id 31): cannot end here */
    ank__gmatch_free(m);
    ank__ggram_free(g);
    test_lazy("root ::= \"{\" ws (member (ws \",\" ws member)*)? ws \"}\"\n"
              "member ::= str ws \":\" ws value\n"
              "value ::= str | \"-\"? [0-9]+ | \"true\" | \"null\" | root\n"
              "str ::= \"\\\"\" [^\"\\\\\\x00-\\x1F]* (\"\\\\\" [\"\\\\] "
              "[^\"\\\\\\x00-\\x1F]*)* \"\\\"\"\n"
              "ws ::= [ ]{0,2}\n",
              v, steps, sizeof steps / sizeof *steps);
    test_budgets(gbnf, v, steps, sizeof steps / sizeof *steps);
    ank_vocab_free(v);
}

/* Items whose rest of production and way out are alike share a class
 * (gmatch_share.h), and the masks stay exact. */
static void test_shared(void)
{
    static const char gbnf[] =
        "root ::= id \"(\" | \"x\" [a-z] [0-9]* \"!\"\n"
        "id ::= \"__\" [a-z] [0-9a-z_]* [0-9a-z] | \"_\" [a-z] [0-9a-z_]* "
        "[0-9a-z] | [a-z] [0-9a-z_]* [0-9a-z] | \"_\" [a-z] | [a-z] "
        "[0-9a-z_]* [0-9a-z] \"__\"\n";
    ank_gbnf *g = NULL;
    CHECK_INT(ank__gbnf_read(gbnf, sizeof gbnf - 1, &g, NULL), ANK_OK);
    uint32_t *rep = g ? ank__gmatch_share(g) : NULL;
    CHECK(rep != NULL);
    if (rep) {
        /* 24 bytes are scanned in the five alternatives of id, "(" and
         * those of "x".  Shared, by hand: the [a-z], the [0-9a-z_] of the
         * loop and the last [0-9a-z] of the first three alternatives of
         * id (2 each); the second "_" of the first with the first "_" of
         * the second.  The "_" [a-z] and the "__"-suffixed alternatives
         * end differently and share nothing. */
        uint32_t nscan = 0, nrep = 0;
        for (uint32_t i = 0; i < g->nitems; i++) {
            if (g->sym[i] >= 0 || g->sym[i] == ANK__GBNF_END) {
                CHECK(rep[i] == i);
                continue;
            }
            nscan++;
            nrep += rep[i] == i;
            CHECK(rep[i] <= i && rep[rep[i]] == rep[i]);
            CHECK(memcmp(g->term[-1 - g->sym[i]], g->term[-1 - g->sym[rep[i]]],
                         32) == 0);
        }
        CHECK_INT(nscan, 24);
        CHECK_INT(nrep, 17);
    }
    ank__free(rep);
    ank__gbnf_free(g);

    static const char list[] = "_\n__\na\nab\nab_\na1\n_a\n__a\n1\n9z\n(\n"
                               "_(\nb(\nx\nxa\nxa1\n1!\n!\nz__\n__(\na_b\n"
                               "b_\n</s>\n";
    ank_vocab_options o = {0};
    o.format = ANK_VOCAB_LIST;
    ank_vocab *v = NULL;
    CHECK(ank_vocab_load_text(list, sizeof list - 1, &o, &v, NULL) == ANK_OK);
    if (!v)
        return;
    static const char *under[] = {"", "_", "_a", "b_", "1", "("};
    test_lazy(gbnf, v, under, sizeof under / sizeof *under);
    static const char *plain[] = {"", "a", "b", "_", "_", "("};
    test_lazy(gbnf, v, plain, sizeof plain / sizeof *plain);
    static const char *other[] = {"", "x", "a1", "!"};
    test_lazy(gbnf, v, other, sizeof other / sizeof *other);

    /* allocation failures, sharing included: each reported as such */
    int ok = 0, all_nomem = 1;
    for (uint64_t k = 1; k < 2000 && !ok; k++) {
        ank_ggram *f = NULL;
        ank__alloc_fail_after(k);
        ank_status st = ank__ggram_compile(gbnf, sizeof gbnf - 1, v, &f, NULL);
        ank__alloc_fail_after(0);
        ok = st == ANK_OK;
        all_nomem &= ok || (st == ANK_ERR_NOMEM && f == NULL);
        ank__ggram_free(f);
    }
    CHECK(ok);
    CHECK(all_nomem);
    ank_vocab_free(v);
}

/* Feed `text` to an Earley parse of `gbnf` from its start, checking
 * each set against closing it again (ank__earley_recheck); the sizes of
 * the sets after each byte go to size[] (when they fit), the count of
 * sets closed by a copy to *reused.  The bytes read. */
static size_t feed_checked(const char *gbnf, const char *text,
                           size_t *size, size_t nsize, size_t *reused)
{
    ank_gbnf *g = NULL;
    CHECK_INT(ank__gbnf_read(gbnf, strlen(gbnf), &g, NULL), ANK_OK);
    if (!g)
        return 0;
    ank_earley e;
    ank__earley_init(&e, g);
    size_t n = 0, len = strlen(text);
    if (ank__earley_start(&e, g->prod_item[g->rule_prod[0]], 0)) {
        while (n < len && ank__earley_scan(&e, (uint8_t)text[n])) {
            CHECK(ank__earley_recheck(&e));
            if (n < nsize)
                size[n] = e.nitems - e.set_start[e.nsets - 1];
            n++;
        }
    }
    *reused = e.reused;
    ank__earley_release(&e);
    ank__gbnf_free(g);
    return n;
}

/* An Earley set whose kernel is its predecessor's copies that set's
 * closure, the origin of what it predicted moved on; each set, copied
 * or closed, is what closing it again gives. */
static void test_reuse(void)
{
    /* [a-z]* is h ::= h [a-z] | ε: after each letter the kernel is
     * (h ::= h [a-z] ., 0) again, and `end` is predicted anew */
    size_t size[8], reused = 0;
    static const char letters[] = "root ::= [a-z]* end\nend ::= \"!\" | \"?\"\n";
    CHECK_INT(feed_checked(letters, "abcdef!", size, 8, &reused), 7);
    CHECK_INT(reused, 5); /* b to f */
    CHECK(size[1] == size[0] && size[5] == size[0]);
    /* a nonterminal in the repetition, nested and recursive ones */
    static const char *const more[][2] = {
        {"root ::= \"\\\"\" ([^\"\\\\\\x00-\\x1F] | \"\\\\\" "
         "[\"\\\\/bfnrt])* \"\\\"\"\n",
         "\"ab\xc3\xa9\\\"b\\\\\\nc\""},
        {"root ::= (\"<\" [^<>]* \">\" [ \\t]*)* \".\"\n",
         "<ab> <\xc3\xa9>\t<>  <x y>."},
        {"root ::= (\"(\" root \")\" | [^()\\[\\]] | \"[\" root \"]\")*\n",
         "(ab(c)[x(y)z]d)((\xc3\xa9))[[(f)]]"},
    };
    for (size_t i = 0; i < sizeof more / sizeof *more; i++)
        CHECK_INT(feed_checked(more[i][0], more[i][1], NULL, 0, &reused),
                  strlen(more[i][1]));
}

/* A set of ANK__EARLEY_INDEX_MIN items or more is indexed by the rule
 * each item waits on; completions through the index give exactly what a
 * scan of the set gives (ank__earley_recheck closes the set again by
 * scanning).  Nested nullable repetitions make such sets. */
static void test_index(void)
{
    static const char gbnf[] = "root ::= (\"a\"{0,200}){0,200} \"b\" "
                               "(\"c\" | x)*\nx ::= \"d\"{0,150} \"e\"\n";
    static const char text[] = "aaaabcddecce";
    ank_gbnf *g = NULL;
    CHECK_INT(ank__gbnf_read(gbnf, sizeof gbnf - 1, &g, NULL), ANK_OK);
    if (!g)
        return;
    ank_earley e;
    ank__earley_init(&e, g);
    CHECK(ank__earley_start(&e, g->prod_item[g->rule_prod[0]], 0));
    CHECK(e.nitems >= ANK__EARLEY_INDEX_MIN && e.idx_end[0] > 0);
    size_t n = 0, indexed = e.idx_end[0] > 0;
    while (n < sizeof text - 1 && ank__earley_scan(&e, (uint8_t)text[n])) {
        CHECK(ank__earley_recheck(&e));
        size_t k = e.nsets - 1;
        indexed += e.idx_end[k] > e.idx_end[k - 1];
        n++;
    }
    CHECK_INT(n, sizeof text - 1);
    CHECK(ank__earley_can_end(&e));
    CHECK(indexed >= 4);
    ank__earley_release(&e);
    ank__gbnf_free(g);
}

/* x* where x is a helper made for the atom (a class beyond ASCII, a
 * group, a sequence) makes x itself the repetition, and an alternative
 * that is one such helper takes its productions: fewer rules (the counts
 * include the reader's start rule), the same language, and Earley sets
 * that repeat inside the repetition, whose closures are reused. */
static void test_repeat(void)
{
    static const struct {
        const char *gbnf;
        uint32_t nrules;
        const char *yes[3], *no[2];
    } shapes[] = {
        /* the class's UTF-8 helper repeats itself */
        {"root ::= \"<\" [^<>\\x00-\\x1F]* \">\"\n", 3,
         {"<>", "<a\xc3\xa9 b>", "<\xe2\x82\xac\xf0\x9f\x98\x80>"},
         {"<<>", "<\x01>"}},
        {"root ::= (\"ab\" | \"c\")*\n", 3, {"", "abcab", "ccc"},
         {"a", "abb"}},
        {"root ::= \"ab\"*\n", 3, {"", "ab", "abab"}, {"aba", "b"}},
        /* the group's alternative takes the class's productions */
        {"root ::= ([^a] | \"a\" \"b\")*\n", 3,
         {"", "ab\xc3\xa9x", "\xe2\x82\xac"}, {"a", "aa"}},
        /* an alternative that is one class: root takes its productions */
        {"root ::= [^a] | \"a\" \"b\"\n", 2, {"b", "\xc3\xa9", "ab"},
         {"a", "bb"}},
        /* groups in groups fold into root; a group made before the
         * repetition in it is left without productions */
        {"root ::= ((\"a\" | [^a]) | \"y\")\n", 2,
         {"a", "y", "\xc3\xa9"}, {"", "ay"}},
        {"root ::= (\"a\" [^b]*)\n", 4, {"a", "ac\xc3\xa9", "aa"},
         {"", "ab"}},
        /* a terminal, a named rule: a rule h ::= h x | ε as before */
        {"root ::= [a-z]*\n", 3, {"", "a", "abz"}, {"A", "a1"}},
        {"root ::= x*\nx ::= \"a\" | \"b\"\n", 4, {"", "ab", "ba"},
         {"c", "abc"}},
        /* an empty alternative, a use before the repetition: kept apart */
        {"root ::= (\"a\" | \"\")*\n", 4, {"", "a", "aa"}, {"b", "ab"}},
        {"root ::= (\"a\" | \"b\")+\n", 4, {"a", "ab", "bba"}, {"", "c"}},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
        const char *gbnf = shapes[i].gbnf;
        ank_gbnf *g = NULL;
        CHECK_INT(ank__gbnf_read(gbnf, strlen(gbnf), &g, NULL), ANK_OK);
        CHECK_INT(g ? g->nrules : 0, shapes[i].nrules);
        ank__gbnf_free(g);
        ank_ggram *gg = compile(gbnf, NULL);
        CHECK(gg != NULL);
        if (!gg)
            continue;
        for (size_t y = 0; y < 3; y++)
            CHECK_INT(matches(gg, shapes[i].yes[y]), 1);
        for (size_t n = 0; n < 2; n++)
            CHECK_INT(matches(gg, shapes[i].no[n]), 0);
        ank__ggram_free(gg);
    }

    /* A JSON string: from its second byte on, an ASCII byte after
     * another leaves the kernel it left before, and every set has the
     * size it had 8 bytes before. */
    char text[260];
    text[0] = '"';
    for (size_t i = 1; i < 257; i += 8)
        memcpy(text + i, "abcdx\xe2\x82\xac", 8);
    memcpy(text + 257, "\"", 2);
    size_t size[258], reused = 0;
    static const char json[] = "root ::= \"\\\"\" ([^\"\\\\\\x00-\\x1F] | "
                               "\"\\\\\" [\"\\\\/bfnrt])* \"\\\"\"\n";
    CHECK_INT(feed_checked(json, text, size, 258, &reused), 258);
    CHECK_INT(reused, 4 * 32); /* "bcdx" of each block */
    int flat = 1;
    for (size_t i = 12; i < 256; i += 8)
        flat &= size[i] == size[4];
    CHECK(flat);
}

/* An ambiguous grammar's parse stops at its limits, the matcher as it
 * was; deep nesting and long repetitions stay far below them. */
static void test_limits(void)
{
    /* each "a" may end any number of inner repetitions: the sets grow
     * with the text, and each byte costs more than the last */
    ank_ggram *g = compile("root ::= (\"a\"{0,4096}){0,4096}\n", NULL);
    ank_gmatch *m = NULL;
    CHECK(g && ank__gmatch_new(g, &m, NULL) == ANK_OK);
    if (!m) {
        ank__ggram_free(g);
        return;
    }
    CHECK(!ank__gmatch_accept(m, (const uint8_t *)"aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                              56));
    size_t at = 0;
    CHECK_INT(ank__gmatch_status(m, &at), ANK_ERR_LIMIT);
    CHECK(at > 4 && at < 56); /* where it stopped */
    CHECK_INT(ank__gmatch_position(m), 0);
    size_t n = 0;
    while (n < 1000 && ank__gmatch_accept(m, (const uint8_t *)"a", 1))
        n++;
    CHECK(n > 4 && n < 56);
    CHECK_INT(ank__gmatch_status(m, &at), ANK_ERR_LIMIT);
    CHECK_INT(at, n);
    CHECK_INT(ank__gmatch_position(m), n);
    CHECK(ank__gmatch_can_end(m));
    ank__gmatch_rewind(m, n / 2);
    CHECK(ank__gmatch_accept(m, (const uint8_t *)"a", 1));
    CHECK_INT(ank__gmatch_status(m, NULL), ANK_OK);
    ank_buf b = ANK_BUF_INIT;
    ank__gmatch_forced(m, &b); /* nothing forced: it may end */
    CHECK_INT(b.len, 0);
    ank__buf_release(&b);
    ank__gmatch_free(m);
    ank__ggram_free(g);

    /* 20,000 levels of brackets, 100,000 repetitions: within the limits */
    g = compile("root ::= \"[\" root \"]\" | list\n"
                "list ::= \"x\" (\",\" \"x\")*\n",
                NULL);
    enum { DEPTH = 20000, LONG = 100000 };
    char *text = malloc(2 * DEPTH + 2 * LONG);
    CHECK(g && text && ank__gmatch_new(g, &m, NULL) == ANK_OK);
    if (text && m) {
        size_t len = 0;
        memset(text, '[', DEPTH);
        len += DEPTH;
        text[len++] = 'x';
        for (size_t i = 1; i < LONG; i++, len += 2)
            memcpy(text + len, ",x", 2);
        memset(text + len, ']', DEPTH - 1);
        len += DEPTH - 1;
        CHECK(ank__gmatch_accept(m, (const uint8_t *)text, len));
        CHECK_INT(ank__gmatch_status(m, NULL), ANK_OK);
        CHECK(!ank__gmatch_can_end(m));
        CHECK(ank__gmatch_accept(m, (const uint8_t *)"]", 1));
        CHECK(ank__gmatch_can_end(m));
    }
    free(text);
    ank__gmatch_free(m);
    ank__ggram_free(g);

    /* the public API says why */
    static const char list[] = "a\naaaa\n</s>\n";
    ank_vocab_options o = {0};
    o.format = ANK_VOCAB_LIST;
    ank_vocab *v = NULL;
    ank_matcher *pm = NULL;
    ank_error err;
    CHECK(ank_vocab_load_text(list, sizeof list - 1, &o, &v, &err) == ANK_OK);
    const char *gbnf = "root ::= (\"a\"{0,4096}){0,4096}\n";
    CHECK(v && ank_matcher_new_text(ANK_MATCHER_GBNF, gbnf, strlen(gbnf), v,
                                    &pm, &err) == ANK_OK);
    if (pm) {
        CHECK_INT(ank_matcher_status(pm, &err), ANK_OK);
        size_t k = 0;
        while (k < 100 && ank_matcher_accept_token(pm, 1))
            k++;
        CHECK(k > 1 && k < 14);
        CHECK_INT(ank_matcher_status(pm, &err), ANK_ERR_LIMIT);
        CHECK(strstr(err.message, "limits at byte") != NULL);
        CHECK_INT(ank_matcher_accept_token(pm, 3), 0); /* out of range */
        CHECK_INT(ank_matcher_status(pm, NULL), ANK_OK);
        ank_matcher_reset(pm);
        CHECK_INT(ank_matcher_status(pm, NULL), ANK_OK);
    }
    CHECK_INT(ank_matcher_status(NULL, &err), ANK_ERR_INVALID_ARGUMENT);
    ank_matcher_free(pm);
    ank_vocab_free(v);
}

void test_gmatch(void)
{
    test_bytes();
    test_forced();
    test_unicode();
    test_errors();
    test_masks();
    test_shared();
    test_reuse();
    test_index();
    test_repeat();
    test_limits();
}
