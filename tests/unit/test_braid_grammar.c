/*
 * test_braid_grammar.c - the grammar model, its GBNF and Lark printers, and
 * the JSON Schema, signature and identifier grammars.  Expected texts are
 * written out by hand from docs/grammars.md; tests/engines/grammar_check.js
 * and lark_check.py run the same kind of grammars through real engines.
 */
#include <jansson.h>
#include <stdlib.h>

#include "../../braid/gmatch.h"
#include "../../braid/grammar.h"
#include "../../braid/grammar_text.h"
#include "../../braid/json_grammar.h"
#include "../../braid/sig_grammar.h"
#include "../../ffi/alloc.h"
#include "test.h"
#include "tests.h"

#define LIT(g, s) ank__g_str((g), (s))
#define SEQ(g, ...)                                                        \
    ank__g_seq((g), (ank_gexpr *[]){__VA_ARGS__},                          \
               sizeof((ank_gexpr *[]){__VA_ARGS__}) / sizeof(ank_gexpr *))
#define ALT(g, ...)                                                        \
    ank__g_alt((g), (ank_gexpr *[]){__VA_ARGS__},                          \
               sizeof((ank_gexpr *[]){__VA_ARGS__}) / sizeof(ank_gexpr *))

/* A class of inclusive pairs given as a string: "az09" is [a-z0-9]. */
static ank_gexpr *cls(ank_gram *g, bool negated, const char *pairs)
{
    uint32_t r[32];
    size_t n = 0;
    for (; pairs[2 * n] && n < 16; n++) {
        r[2 * n] = (unsigned char)pairs[2 * n];
        r[2 * n + 1] = (unsigned char)pairs[2 * n + 1];
    }
    return ank__g_class(g, negated, r, n);
}

/* The grammar printed in `d`; "" (not NULL) on failure, with *st set. */
static char *print(const ank_gram *g, ank_gram_dialect d, ank_status *st)
{
    ank_buf out = ANK_BUF_INIT;
    ank_status s = ank__gram_write(g, d, &out);
    if (st)
        *st = s;
    if (s != ANK_OK || !out.data) {
        ank__buf_release(&out);
        return ank__strndup("", 0);
    }
    return ank__buf_take(&out, NULL);
}

/* Check the GBNF and (when given) the Lark text. */
static void check_print(const ank_gram *g, const char *gbnf, const char *lark)
{
    ank_status st;
    char *text = print(g, ANK_GRAM_GBNF, &st);
    CHECK_INT(st, ANK_OK);
    CHECK_STR(text, gbnf);
    ank__free(text);
    if (!lark)
        return;
    text = print(g, ANK_GRAM_LARK, &st);
    CHECK_INT(st, ANK_OK);
    CHECK_STR(text, lark);
    ank__free(text);
}

static void test_escaping(void)
{
    ank_gram *g = ank__gram_new();
    /* quote, backslash, the named controls, another control, DEL, two-
     * and four-byte UTF-8, and a hex digit after a \x escape */
    ank_gexpr *lit = LIT(g, "a\"b\\c\n\r\t\x01" "1\x7f" "\xc3\xa9" "\xf0\x9f\x98\x80");
    ank_gexpr *c1 = cls(g, false, "]]xx");      /* ] in a class */
    ank_gexpr *c2 = cls(g, false, "^^xx");      /* ^ */
    ank_gexpr *c3 = cls(g, false, "--az");      /* - next to a range */
    uint32_t ctl[] = {'\\', '\\', 0, 0x1F, '"', '"'};
    ank_gexpr *c4 = ank__g_class(g, true, ctl, 3); /* [^...] */
    uint32_t wide[] = {0xE0, 0xFF, 0x1F600, 0x1F64F};
    ank_gexpr *c5 = ank__g_class(g, false, wide, 2);
    ank__gram_set_root(g, ank__gram_rule(g, "x", SEQ(g, lit, c1, c2, c3, c4, c5)));
    check_print(g,
                "root ::= \"a\\\"b\\\\c\\n\\r\\t\\x01\\x31\\x7F\\u00E9"
                "\\U0001F600\" [\\]x] [\\x5Ex] [\\x2D\\x61-z] [^\\x00-\\x1F\"\\\\]"
                " [\\u00E0-\\u00FF\\U0001F600-\\U0001F64F]\n",
                "start: \"a\\\"b\\\\c\\n\\r\\t\\u00011\\u007F\xc3\xa9"
                "\xf0\x9f\x98\x80\" /[\\]x]/ /[\\^x]/ /[\\-a-z]/ "
                "/[^\\x00-\\x1F\"\\\\]/ /[\\u00E0-\\u00FF\\U0001F600-\\U0001F64F]/\n");
    ank__gram_free(g);

    /* One code point is a literal; a class spanning the surrogates skips
     * them; [^] (any character) has no regex form but its complement. */
    g = ank__gram_new();
    uint32_t one[] = {0xE9, 0xE9}, big[] = {0xD000, 0xE100};
    ank__gram_set_root(g, ank__gram_rule(g, "r", SEQ(g,
        ank__g_class(g, false, one, 1), ank__g_class(g, false, big, 1),
        ank__g_class(g, true, NULL, 0), cls(g, false, "/0"))));
    check_print(g, "root ::= \"\\u00E9\" [\\uD000-\\uD7FF\\uE000-\\uE100] [^] [/0]\n",
                "start: \"\xc3\xa9\" /[\\uD000-\\uD7FF\\uE000-\\uE100]/ "
                "/[\\x00-\\U0010FFFF]/ /[\\/0]/\n");
    ank__gram_free(g);
}

static void test_names(void)
{
    ank_gram *g = ank__gram_new();
    ank_grule *root = ank__gram_declare(g, "main");
    ank_grule *a = ank__gram_rule(g, "my rule", LIT(g, "a"));
    ank_grule *b = ank__gram_rule(g, "my-rule", LIT(g, "b"));
    ank_grule *c = ank__gram_rule(g, "MyRule", LIT(g, "c"));
    ank_grule *d = ank__gram_rule(g, "2fast", LIT(g, "d"));
    ank_grule *e = ank__gram_rule(g, "__", LIT(g, "e"));
    ank_grule *f = ank__gram_rule(g, "root", LIT(g, "f"));
    ank_grule *h = ank__gram_rule(g, "start", LIT(g, "h"));
    ank__gram_rule(g, "unused", LIT(g, "u"));
    ank__gram_define(g, root, SEQ(g, ank__g_ref(g, a), ank__g_ref(g, b),
                                  ank__g_ref(g, c), ank__g_ref(g, d),
                                  ank__g_ref(g, e), ank__g_ref(g, f),
                                  ank__g_ref(g, h), ank__g_ref(g, a)));
    ank__gram_set_root(g, root);
    check_print(g,
                "root ::= my-rule my-rule-2 MyRule r2fast rule root-2 start my-rule\n"
                "my-rule ::= \"a\"\nmy-rule-2 ::= \"b\"\nMyRule ::= \"c\"\n"
                "r2fast ::= \"d\"\nrule ::= \"e\"\nroot-2 ::= \"f\"\nstart ::= \"h\"\n",
                "start: my_rule my_rule_2 my_rule_3 r2fast rule root start_2 my_rule\n"
                "my_rule: \"a\"\nmy_rule_2: \"b\"\nmy_rule_3: \"c\"\n"
                "r2fast: \"d\"\nrule: \"e\"\nroot: \"f\"\nstart_2: \"h\"\n");
    ank__gram_free(g);
}

static void test_order_and_errors(void)
{
    /* Breadth-first from the root, in reference order; recursion. */
    ank_gram *g = ank__gram_new();
    ank_grule *list = ank__gram_declare(g, "list");
    ank_grule *item = ank__gram_declare(g, "item");
    ank_grule *sep = ank__gram_rule(g, "sep", LIT(g, ","));
    ank__gram_define(g, item, ALT(g, LIT(g, "x"), ank__g_ref(g, list)));
    ank__gram_define(g, list, SEQ(g, LIT(g, "("), ank__g_ref(g, item),
                                  ank__g_rep(g, SEQ(g, ank__g_ref(g, sep),
                                                    ank__g_ref(g, item)),
                                             0, ANK_G_INF),
                                  LIT(g, ")")));
    ank__gram_set_root(g, list);
    check_print(g,
                "root ::= \"(\" item (sep item)* \")\"\n"
                "item ::= \"x\" | root\nsep ::= \",\"\n",
                "start: \"(\" item (sep item)* \")\"\n"
                "item: \"x\" | start\nsep: \",\"\n");
    ank__gram_free(g);

    /* A referenced rule never defined, a second definition, an empty
     * alternation, min > max, no root: ANK_ERR_INTERNAL, output kept. */
    ank_buf out = ANK_BUF_INIT;
    ank__buf_puts(&out, "keep");
    g = ank__gram_new();
    ank_grule *undefined = ank__gram_declare(g, "u");
    ank__gram_set_root(g, ank__gram_rule(g, "r", ank__g_ref(g, undefined)));
    CHECK_INT(ank__gram_write(g, ANK_GRAM_GBNF, &out), ANK_ERR_INTERNAL);
    CHECK_INT(ank__gram_write(g, ANK_GRAM_LARK, &out), ANK_ERR_INTERNAL);
    CHECK_STR(out.data, "keep");
    ank__gram_free(g);

    g = ank__gram_new();
    CHECK_INT(ank__gram_write(g, ANK_GRAM_GBNF, &out), ANK_ERR_INTERNAL);
    ank_grule *r = ank__gram_rule(g, "r", LIT(g, "a"));
    ank__gram_set_root(g, r);
    CHECK_INT(ank__gram_write(g, ANK_GRAM_GBNF, &out), ANK_OK);
    ank__gram_define(g, r, LIT(g, "b"));
    CHECK_INT(ank__gram_write(g, ANK_GRAM_GBNF, &out), ANK_ERR_INTERNAL);
    CHECK(!ank__gram_failed(g));
    ank__gram_free(g);

    ank_gram *bad[3];
    for (int i = 0; i < 3; i++)
        bad[i] = ank__gram_new();
    ank__gram_set_root(bad[0], ank__gram_rule(bad[0], "r",
                                              ank__g_alt(bad[0], NULL, 0)));
    ank__gram_set_root(bad[1], ank__gram_rule(bad[1], "r",
        ank__g_rep(bad[1], LIT(bad[1], "a"), 3, 2)));
    ank__gram_set_root(bad[2], ank__gram_rule(bad[2], "r",
                                              cls(bad[2], false, "")));
    for (int i = 0; i < 3; i++) {
        CHECK_INT(ank__gram_write(bad[i], ANK_GRAM_LARK, &out), ANK_ERR_INTERNAL);
        ank__gram_free(bad[i]);
    }
    CHECK_STR(out.data, "keeproot ::= \"a\"\n");
    ank__buf_release(&out);

    /* Shared rules by key. */
    g = ank__gram_new();
    r = ank__gram_rule(g, "r", LIT(g, "a"));
    CHECK(ank__gram_lookup(g, "k") == NULL);
    ank__gram_register(g, "k", r);
    CHECK(ank__gram_lookup(g, "k") == r);
    ank__gram_free(g);
    CHECK(ank__gram_failed(NULL));
    ank__gram_free(NULL);
}

static void test_shapes(void)
{
    ank_gram *g = ank__gram_new();
    ank_grule *w = ank__gram_rule(g, "w", LIT(g, "w"));
    ank_gexpr *W = ank__g_ref(g, w);
    ank_gexpr *digit = cls(g, false, "09");
    ank__gram_set_root(g, ank__gram_rule(g, "r", SEQ(g,
        ank__g_rep(g, W, 0, 1), ank__g_rep(g, W, 0, ANK_G_INF),
        ank__g_rep(g, W, 1, ANK_G_INF), ank__g_rep(g, W, 3, 3),
        ank__g_rep(g, W, 2, ANK_G_INF), ank__g_rep(g, W, 2, 5),
        ank__g_rep(g, digit, 0, ANK_G_INF), ank__g_rep(g, digit, 2, 4),
        ank__g_rep(g, LIT(g, "ab"), 0, 3),
        ank__g_rep(g, ALT(g, LIT(g, "a"), LIT(g, "ab")), 1, ANK_G_INF),
        ank__g_rep(g, ank__g_rep(g, W, 0, ANK_G_INF), 2, 2),
        ALT(g, SEQ(g, W, LIT(g, "x")), ank__g_empty(g), LIT(g, "y")),
        ank__g_rep(g, ank__g_empty(g), 1, 5), ank__g_rep(g, W, 1, 1),
        SEQ(g, LIT(g, "a"), ank__g_empty(g), LIT(g, "b")))));
    check_print(g,
                "root ::= w? w* w+ w{3} w{2,} w{2,5} [0-9]* [0-9]{2,4} "
                "\"ab\"{0,3} (\"a\" | \"ab\")+ (w*){2} (w \"x\" | \"y\")? w \"ab\"\n"
                "w ::= \"w\"\n",
                "start: w? w* w+ w ~ 3 w ~ 2 w* w ~ 2 .. 5 /[0-9]+/? /[0-9]{2,4}/ "
                "/(?:ab){1,3}/? (\"a\" | \"ab\")+ (w*) ~ 2 (w \"x\" | \"y\")? w \"ab\"\n"
                "w: \"w\"\n");
    ank__gram_free(g);

    /* Empty bodies; a Lark sequence longer than 16 items is cut into
     * parts of at most 16. */
    g = ank__gram_new();
    ank__gram_set_root(g, ank__gram_rule(g, "e", ank__g_empty(g)));
    check_print(g, "root ::= \"\"\n", "start:\n");
    ank__gram_free(g);
    g = ank__gram_new();
    ank_gexpr *items[40];
    for (int i = 0; i < 40; i++)
        items[i] = cls(g, false, i % 2 ? "az" : "09");
    ank__gram_set_root(g, ank__gram_rule(g, "long",
                                         ank__g_seq(g, items, 40)));
    char *lark = print(g, ANK_GRAM_LARK, NULL);
    const char *pair = "/[0-9]/ /[a-z]/ /[0-9]/ /[a-z]/ /[0-9]/ /[a-z]/ "
                       "/[0-9]/ /[a-z]/";
    char want[1024];
    snprintf(want, sizeof want,
             "start: start_2 start_3 start_4\nstart_2: %s %s\n"
             "start_3: %s %s\nstart_4: %s\n",
             pair, pair, pair, pair, pair);
    CHECK_STR(lark, want);
    ank__free(lark);
    ank__gram_free(g);
}

/* A node used in several places and larger than 32 nodes is printed once,
 * as a helper rule named after the rule it is first met in. */
static void test_sharing(void)
{
    ank_gram *g = ank__gram_new();
    ank_gexpr *W = ank__g_ref(g, ank__gram_rule(g, "w", LIT(g, "x")));
    ank_gexpr *aw = ALT(g, LIT(g, "a"), W), *items[11];
    for (int i = 0; i < 11; i++)
        items[i] = aw;
    ank_gexpr *big = ank__g_seq(g, items, 11); /* 34 nodes */
    ank__gram_set_root(g, ank__gram_rule(g, "r", SEQ(g,
        ank__g_rep(g, big, 1, 2), LIT(g, "-"),
        ank__g_rep(g, big, 0, ANK_G_INF))));
    const char *eleven = "(\"a\" | w) (\"a\" | w) (\"a\" | w) "
                         "(\"a\" | w) (\"a\" | w) (\"a\" | w) (\"a\" | w) "
                         "(\"a\" | w) (\"a\" | w) (\"a\" | w) (\"a\" | w)";
    char gbnf[512], lark[512];
    snprintf(gbnf, sizeof gbnf,
             "root ::= root-2{1,2} \"-\" root-2*\nroot-2 ::= %s\n"
             "w ::= \"x\"\n", eleven);
    snprintf(lark, sizeof lark,
             "start: start_2 ~ 1 .. 2 \"-\" start_2*\nstart_2: %s\n"
             "w: \"x\"\n", eleven);
    check_print(g, gbnf, lark);
    ank__gram_free(g);

    /* x_k = "[" x_k-1 "," x_k-1 "]": a tree of 2^1000 leaves, printed in
     * a few hundred rules of bounded length. */
    g = ank__gram_new();
    ank_gexpr *x = W = ank__g_ref(g, ank__gram_rule(g, "w", LIT(g, "x")));
    for (int i = 0; i < 1000; i++)
        x = SEQ(g, LIT(g, "["), x, LIT(g, ","), x, LIT(g, "]"));
    ank__gram_set_root(g, ank__gram_rule(g, "nest", x));
    CHECK(!ank__gram_failed(g));
    for (int d = 0; d < 2; d++) {
        ank_status st;
        char *text = print(g, d ? ANK_GRAM_LARK : ANK_GRAM_GBNF, &st);
        CHECK_INT(st, ANK_OK);
        CHECK(strlen(text) > 1000 && strlen(text) < 200 * 1000);
        ank__free(text);
    }
    ank__gram_free(g);
}

/* ank__gram_write_json appends exactly what json_dumps makes of the
 * plain text, without the quotes (jansson is the oracle), in both
 * dialects; on failure it leaves the buffer as it was. */
static void check_json_form(const ank_gram *g, ank_status want)
{
    static const char pre[] = "{\"k\":\"";
    for (int d = 0; d < 2; d++) {
        ank_gram_dialect dialect = d ? ANK_GRAM_LARK : ANK_GRAM_GBNF;
        ank_buf plain = ANK_BUF_INIT, esc = ANK_BUF_INIT;
        ank__buf_puts(&esc, pre);
        CHECK_INT(ank__gram_write(g, dialect, &plain), want);
        CHECK_INT(ank__gram_write_json(g, dialect, &esc), want);
        if (want != ANK_OK) {
            CHECK(esc.len == 6 && strcmp(esc.data, pre) == 0);
        } else {
            json_t *v = plain.data ? json_stringn(plain.data, plain.len)
                                   : NULL;
            CHECK(v != NULL); /* the plain text is UTF-8 */
            char *expect = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
            size_t n = expect ? strlen(expect) : 0;
            CHECK(expect && esc.data && esc.len == 6 + n - 2 &&
                  memcmp(esc.data, pre, 6) == 0 &&
                  memcmp(esc.data + 6, expect + 1, n - 2) == 0 &&
                  esc.data[esc.len] == '\0');
            ank_free(expect);
            json_decref(v);
        }
        ank__buf_release(&plain);
        ank__buf_release(&esc);
    }
}

/* Awkward text: quotes, backslashes, controls, DEL, UTF-8 of every
 * length, invalid bytes, hex digits after a control. */
static size_t awkward(char *s, size_t cap, uint64_t *seed)
{
    static const char *const pieces[] = {
        "\"", "\\", "\n", "\r", "\t", "\x01", "\x1f", "\x7f", "\x01" "b",
        "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xff", "\xc3",
        "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", "a", "0", "F", "]", "[",
        "-", "^", "/", ".", "*", "{", "}", "|", "$", "(", ")", "?", "+", " "};
    size_t n = 0;
    for (uint32_t k = test_rand(seed, 12); k-- > 0;) {
        const char *p = pieces[test_rand(seed, sizeof pieces / sizeof *pieces)];
        size_t len = strlen(p);
        if (n + len < cap)
            memcpy(s + n, p, len), n += len;
    }
    return n;
}

/* A random grammar over awkward literals and classes, with shared
 * nodes, repetitions that Lark folds into regexes and long sequences. */
static ank_gram *random_gram(uint64_t *seed)
{
    ank_gram *g = ank__gram_new();
    ank_grule *rules[4];
    for (int i = 0; i < 4; i++)
        rules[i] = ank__gram_declare(g, i ? "r\"x" : "root");
    ank_gexpr *pool[40];
    size_t np = 0;
    while (np < 40) {
        ank_gexpr *e, *a = np ? pool[test_rand(seed, (uint32_t)np)] : NULL;
        ank_gexpr *b = np ? pool[test_rand(seed, (uint32_t)np)] : NULL;
        uint32_t k = test_rand(seed, np ? 8 : 2), r[8];
        char text[128];
        if (k == 0) {
            e = ank__g_lit(g, text, awkward(text, sizeof text, seed));
        } else if (k == 1) {
            size_t n = 1 + test_rand(seed, 4);
            for (size_t i = 0; i < 2 * n; i += 2) {
                static const uint32_t cps[] = {0, 9, '"', '\\', '-', ']',
                    '^', 'a', 'f', 0x7f, 0xe9, 0xffff, 0x1f600, 0x10ffff};
                r[i] = cps[test_rand(seed, sizeof cps / sizeof *cps)];
                r[i + 1] = r[i] + test_rand(seed, 3);
                if (r[i + 1] > 0x10ffff)
                    r[i + 1] = 0x10ffff;
            }
            e = ank__g_class(g, test_rand(seed, 2), r, n);
        } else if (k == 2) {
            e = ank__g_rep(g, a, test_rand(seed, 3), test_rand(seed, 2)
                           ? ANK_G_INF : 3);
        } else if (k == 3) {
            e = ank__g_alt2(g, a, b);
        } else if (k == 4) {
            ank_gexpr *items[20];
            for (int i = 0; i < 20; i++)
                items[i] = pool[test_rand(seed, (uint32_t)np)];
            e = ank__g_seq(g, items, 1 + test_rand(seed, 20));
        } else if (k == 5) {
            e = ank__g_ref(g, rules[test_rand(seed, 4)]);
        } else if (k == 6) {
            e = ank__g_empty(g);
        } else {
            e = ank__g_seq2(g, a, b);
        }
        pool[np++] = e;
    }
    for (int i = 0; i < 4; i++)
        ank__gram_define(g, rules[i], pool[39 - i]);
    ank__gram_set_root(g, rules[0]);
    return g;
}

static void test_json_form(void)
{
    uint64_t seed = 0x9E3779B97F4A7C15u;
    for (int t = 0; t < 300; t++) {
        ank_gram *g = random_gram(&seed);
        CHECK(!ank__gram_failed(g));
        check_json_form(g, ANK_OK);
        ank__gram_free(g);
    }
    /* a literal and a text longer than 64 KB, every byte value, "[^]" */
    ank_gram *g = ank__gram_new();
    size_t n = 70 * 1000;
    char *big = ank__malloc(n);
    CHECK(big != NULL);
    for (size_t i = 0; big && i < n;)
        i += awkward(big + i, n - i, &seed) + 1, big[i - 1] = (char)i;
    ank_gexpr *lit = big ? ank__g_lit(g, big, n) : ank__g_empty(g);
    ank__free(big);
    ank_gexpr *items[256];
    for (int i = 0; i < 256; i++) {
        char c[2] = {(char)i, (char)(255 - i)};
        items[i] = ank__g_rep(g, ank__g_lit(g, c, 2), 1, ANK_G_INF);
    }
    ank_gexpr *all = ank__g_class(g, true, NULL, 0);
    ank__gram_set_root(g, ank__gram_rule(g, "big", SEQ(g, lit, all,
        ank__g_rep(g, ank__g_seq(g, items, 256), 0, ANK_G_INF),
        ank__g_alt(g, items, 256))));
    check_json_form(g, ANK_OK);
    ank__gram_free(g);
    /* a rule referenced but never defined: nothing written */
    g = ank__gram_new();
    ank__gram_set_root(g, ank__gram_rule(g, "r", ank__g_ref(g,
        ank__gram_declare(g, "undefined"))));
    check_json_form(g, ANK_ERR_INTERNAL);
    ank__gram_free(g);
}

static void test_out_of_memory(void)
{
    /* Fail the n-th allocation for every n until the build and both
     * prints succeed: each failure is ANK_ERR_NOMEM, nothing leaks (the
     * harness counts blocks). */
    json_t *schema = json_loads(
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},"
        "\"b\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}}",
        0, NULL);
    bool done = false;
    for (uint64_t n = 1; n < 5000 && !done; n++) {
        ank__alloc_fail_after(n);
        ank_gram *g = ank__gram_new();
        ank_error e;
        ank_grule *r = g ? ank__grammar_json(g, schema, schema, 1, &e) : NULL;
        ank__gram_set_root(g, r);
        ank_buf out = ANK_BUF_INIT;
        ank_status s1 = g ? ank__gram_write(g, ANK_GRAM_GBNF, &out)
                          : ANK_ERR_NOMEM;
        ank_status s2 = g ? ank__gram_write(g, ANK_GRAM_LARK, &out)
                          : ANK_ERR_NOMEM;
        ank_status s3 = g ? ank__gram_write_json(g, ANK_GRAM_LARK, &out)
                          : ANK_ERR_NOMEM;
        ank__alloc_fail_after(0);
        CHECK(s1 == ANK_OK || s1 == ANK_ERR_NOMEM);
        CHECK(s2 == ANK_OK || s2 == ANK_ERR_NOMEM);
        CHECK(s3 == ANK_OK || s3 == ANK_ERR_NOMEM);
        CHECK(r != NULL || ank__gram_failed(g));
        done = s1 == ANK_OK && s2 == ANK_OK && s3 == ANK_OK;
        ank__buf_release(&out);
        ank__gram_free(g);
    }
    CHECK(done);
    json_decref(schema);
}

/* The JSON Schema grammar of `text` (max_ws 1) printed in both dialects. */
static void check_json(const char *text, unsigned ws, const char *gbnf,
                       const char *lark)
{
    json_t *schema = json_loads(text, 0, NULL);
    CHECK(schema != NULL);
    ank_gram *g = ank__gram_new();
    ank_error e;
    ank_grule *r = ank__grammar_json(g, schema, schema, ws, &e);
    CHECK(r != NULL);
    ank__gram_set_root(g, r);
    check_print(g, gbnf, lark);
    ank__gram_free(g);
    json_decref(schema);
}

static void test_json(void)
{
    check_json("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\","
               "\"minimum\":0},\"tags\":{\"type\":\"array\",\"items\":{\"enum\":"
               "[\"a\",1,null]},\"maxItems\":2}},\"required\":[\"id\"],"
               "\"additionalProperties\":false}",
               1,
               "root ::= \"{\" json-ws \"\\\"id\\\"\" json-ws \":\" json-ws "
               "json-natural json-ws (\",\" json-ws \"\\\"tags\\\"\" json-ws "
               "\":\" json-ws \"[\" json-ws ((\"\\\"a\\\"\" | \"1\" | \"null\") "
               "json-ws (\",\" json-ws (\"\\\"a\\\"\" | \"1\" | \"null\") "
               "json-ws)?)? \"]\" json-ws)? \"}\"\n"
               "json-ws ::= [\\t\\n\\r ]?\n"
               "json-natural ::= \"0\" | [1-9] [0-9]*\n",
               "start: \"{\" json_ws \"\\\"id\\\"\" json_ws \":\" json_ws "
               "json_natural json_ws (\",\" json_ws \"\\\"tags\\\"\" json_ws "
               "\":\" json_ws \"[\" json_ws ((\"\\\"a\\\"\" | \"1\" | \"null\") "
               "json_ws (\",\" json_ws (\"\\\"a\\\"\" | \"1\" | \"null\") "
               "json_ws)?)? \"]\" json_ws)? \"}\"\n"
               "json_ws: /[\\t\\n\\r ]/?\n"
               "json_natural: \"0\" | /[1-9]/ /[0-9]+/?\n");
    /* Recursion through "#", no whitespace at all, a tuple. */
    check_json("{\"title\":\"Tree\",\"type\":\"array\",\"prefixItems\":"
               "[{\"type\":\"string\"},{\"type\":\"array\",\"items\":"
               "{\"$ref\":\"#\"}}],\"items\":false,\"minItems\":2}",
               0,
               "root ::= \"[\" json-string \",[\" (root (\",\" root)*)? "
               "\"]]\"\n"
               "json-string ::= \"\\\"\" [^\\x00-\\x1F\"\\\\]* (\"\\\\\" "
               "([\"/\\\\bfnrt] | \"u\" [0-9A-Fa-f]{4}) "
               "[^\\x00-\\x1F\"\\\\]*)* \"\\\"\"\n",
               "start: \"[\" json_string \",[\" (start (\",\" start)*)? "
               "\"]]\"\n"
               "json_string: \"\\\"\" /[^\\x00-\\x1F\"\\\\]+/? "
               "/(?:\\\\(?:[\"\\/\\\\bfnrt]|u[0-9A-Fa-f]{4})"
               "[^\\x00-\\x1F\"\\\\]*)+/? \"\\\"\"\n");

    /* Schemas it cannot convert: ANK_ERR_FORMAT, NULL. */
    static const char *const unsupported[] = {
        "{\"type\":\"object\",\"patternProperties\":{\"^a\":{}}}",
        "{\"$ref\":\"#/$defs/Missing\"}",
        "{\"allOf\":[{\"type\":\"string\"},{\"minLength\":1}]}",
        "{\"type\":\"array\",\"minItems\":3,\"maxItems\":2}",
        "{\"type\":\"thing\"}",
        /* no finite instance: each requires another */
        "{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/N\"}},"
        "\"required\":[\"next\"],\"$defs\":{\"N\":{\"type\":\"array\","
        "\"items\":{\"$ref\":\"#\"},\"minItems\":1}}}",
        "false"};
    for (size_t i = 0; i < sizeof unsupported / sizeof *unsupported; i++) {
        json_t *s = json_loads(unsupported[i], JSON_DECODE_ANY, NULL);
        ank_gram *g = ank__gram_new();
        ank_error e = {0};
        CHECK(ank__grammar_json(g, s, s, 2, &e) == NULL);
        CHECK_INT(e.code, ANK_ERR_FORMAT);
        ank__gram_free(g);
        json_decref(s);
    }

    /* The same schema twice is the same rule; helpers are shared. */
    json_t *s = json_loads("{\"type\":\"string\"}", 0, NULL);
    json_t *t = json_loads("{\"anyOf\":[{\"type\":\"string\"},{}]}", 0, NULL);
    ank_gram *g = ank__gram_new();
    ank_grule *a = ank__grammar_json(g, s, s, 2, NULL);
    CHECK(a != NULL && ank__grammar_json(g, s, s, 2, NULL) == a);
    ank_grule *b = ank__grammar_json(g, t, t, 2, NULL);
    ank__gram_set_root(g, ank__gram_rule(g, "both", ALT(g, ank__g_ref(g, a),
                                                        ank__g_ref(g, b))));
    char *text = print(g, ANK_GRAM_GBNF, NULL);
    CHECK_STR(text,
              "root ::= json | json-2\n"
              "json ::= json-string\n"
              "json-2 ::= json-string | json-value\n"
              "json-string ::= \"\\\"\" [^\\x00-\\x1F\"\\\\]* (\"\\\\\" "
              "([\"/\\\\bfnrt] | \"u\" [0-9A-Fa-f]{4}) "
              "[^\\x00-\\x1F\"\\\\]*)* \"\\\"\"\n"
              "json-value ::= json-object | json-array | json-string | "
              "json-number | \"true\" | \"false\" | \"null\"\n"
              "json-object ::= \"{\" json-ws (json-string json-ws \":\" json-ws "
              "json-value json-ws (\",\" json-ws json-string json-ws \":\" "
              "json-ws json-value json-ws)*)? \"}\"\n"
              "json-array ::= \"[\" json-ws (json-value json-ws (\",\" json-ws "
              "json-value json-ws)*)? \"]\"\n"
              "json-number ::= \"-\"? (\"0\" | [1-9] [0-9]*) (\".\" [0-9]+)? "
              "([Ee] [+\\x2D]? [0-9]+)?\n"
              "json-ws ::= [\\t\\n\\r ]{0,2}\n");
    ank__free(text);
    ank__gram_free(g);
    json_decref(s);
    json_decref(t);
}

/* The first function.signature extracted from `src`. */
static const ank_constraint *first_signature(ank_clew *clew, ank_result *r,
                                             ank_lang lang, const char *src,
                                             const char *path)
{
    CHECK_INT(ank_clew_extract(clew, lang, src, strlen(src), path, r, NULL),
              ANK_OK);
    return NTH_OF_KIND(r, "function.signature", 0);
}

static void check_signature(ank_clew *clew, ank_lang lang, const char *src,
                            const char *path, const char *gbnf,
                            const char *lark)
{
    ank_result *r = ank_result_new();
    const ank_constraint *c = first_signature(clew, r, lang, src, path);
    CHECK(c != NULL);
    ank_gram *g = ank__gram_new();
    ank_grule *rule = c ? ank__grammar_signature(g, c) : NULL;
    CHECK(rule != NULL);
    ank__gram_set_root(g, rule);
    check_print(g, gbnf, lark);
    ank__gram_free(g);
    ank_result_free(r);
}

static void test_signatures(void)
{
    ank_clew *clew = NULL;
    CHECK_INT(ank_clew_new(NULL, &clew, NULL), ANK_OK);
    /* Python: no newline outside brackets; `def f` needs a space; strings
     * and `**` are single tokens. */
    check_signature(clew, ANK_LANG_PYTHON,
                    "def f(a, b: str = \"x, y\", **kw) -> int:\n    pass\n",
                    "a.py",
                    "root ::= \"def\" wsh1 \"f\" wsh \"(\" ws \"a\" ws \",\" ws "
                    "\"b\" ws \":\" ws \"str\" ws \"=\" ws \"\\\"x, y\\\"\" ws "
                    "\",\" ws \"**\" ws \"kw\" ws \")\" wsh \"->\" wsh \"int\" "
                    "wsh \":\"\n"
                    "wsh1 ::= [\\t ]{1,2}\nwsh ::= [\\t ]{0,2}\n"
                    "ws ::= [\\t ]{0,2} (\"\\r\"? \"\\n\" [\\t ]{0,8})?\n",
                    "start: start_2 start_3 start_4\n"
                    "start_2: \"def\" wsh1 \"f\" wsh \"(\" ws \"a\" ws \",\" ws "
                    "\"b\" ws \":\" ws \"str\" ws\n"
                    "start_3: \"=\" ws \"\\\"x, y\\\"\" ws \",\" ws \"**\" ws "
                    "\"kw\" ws \")\" wsh \"->\" wsh \"int\" wsh\n"
                    "start_4: \":\"\n"
                    "wsh1: /[\\t ]{1,2}/\nwsh: /[\\t ]{1,2}/?\n"
                    "ws: /[\\t ]{1,2}/? (\"\\r\"? \"\\n\" /[\\t ]{1,8}/?)?\n");
    /* Go: no newline after an identifier or `)` (semicolon insertion);
     * a comment is a token and a line comment is followed by a newline. */
    check_signature(clew, ANK_LANG_GO,
                    "package p\nfunc F(a int, // first\n\tb []string) error {\n"
                    "\treturn nil\n}\n",
                    "a.go",
                    "root ::= \"func\" ws1 \"F\" wsh \"(\" ws \"a\" wsh1 \"int\" "
                    "wsh \",\" ws \"// first\" wsnl \"b\" wsh \"[\" ws \"]\" wsh "
                    "\"string\" wsh \")\" wsh \"error\"\n"
                    "ws1 ::= [\\t ]{1,2} (\"\\r\"? \"\\n\" [\\t ]{0,8})? | \"\\r\"? "
                    "\"\\n\" [\\t ]{0,8}\n"
                    "wsh ::= [\\t ]{0,2}\n"
                    "ws ::= [\\t ]{0,2} (\"\\r\"? \"\\n\" [\\t ]{0,8})?\n"
                    "wsh1 ::= [\\t ]{1,2}\n"
                    "wsnl ::= [\\t ]{0,2} \"\\r\"? \"\\n\" [\\t ]{0,8}\n",
                    NULL);
    /* Rust: a lifetime is one token and needs a space before a word. */
    check_signature(clew, ANK_LANG_RUST, "fn f<'a>(x: &'a str) {}\n", "a.rs",
                    "root ::= \"fn\" ws1 \"f\" ws \"<\" ws \"'a\" ws \">\" ws "
                    "\"(\" ws \"x\" ws \":\" ws \"&\" ws \"'a\" ws1 \"str\" ws "
                    "\")\"\n"
                    "ws1 ::= [\\t ]{1,2} (\"\\r\"? \"\\n\" [\\t ]{0,8})? | \"\\r\"? "
                    "\"\\n\" [\\t ]{0,8}\n"
                    "ws ::= [\\t ]{0,2} (\"\\r\"? \"\\n\" [\\t ]{0,8})?\n",
                    NULL);
    /* Bounds grow to fit the original: three spaces, two newlines. */
    check_signature(clew, ANK_LANG_ZIG, "fn f(a:   u8,\n\n            b: u8) void {}\n",
                    "a.zig",
                    "root ::= \"fn\" ws1 \"f\" ws \"(\" ws \"a\" ws \":\" ws \"u8\" "
                    "ws \",\" ws \"b\" ws \":\" ws \"u8\" ws \")\" ws \"void\"\n"
                    "ws1 ::= [\\t ]{1,3} (\"\\r\"? \"\\n\" [\\t ]{0,12}){0,2} | "
                    "(\"\\r\"? \"\\n\" [\\t ]{0,12}){1,2}\n"
                    "ws ::= [\\t ]{0,3} (\"\\r\"? \"\\n\" [\\t ]{0,12}){0,2}\n",
                    NULL);
    /* Types nested 1,000 deep: the grammar grows with the text, not with
     * the nesting (about 4 to 7 bytes of grammar per byte of signature). */
    static const struct {
        ank_lang lang;
        const char *head, *open, *leaf, *close, *tail;
    } deep[] = {
        {ANK_LANG_GO, "func Take(d ", "map[string][]", "int", "", ")"},
        {ANK_LANG_RUST, "fn take(d: ", "Vec<", "u8", ">", ")"},
        {ANK_LANG_TYPESCRIPT, "function take(d: ", "Array<", "number", ">",
         "): void"},
        {ANK_LANG_ZIG, "fn take(d: ", "[]const ", "u8", "", ") void"},
        {ANK_LANG_PYTHON, "def take(d: ", "list[", "int", "]", "):"},
    };
    for (size_t k = 0; k < sizeof deep / sizeof *deep; k++) {
        ank_buf text = ANK_BUF_INIT;
        ank__buf_puts(&text, deep[k].head);
        for (int i = 0; i < 1000; i++)
            ank__buf_puts(&text, deep[k].open);
        ank__buf_puts(&text, deep[k].leaf);
        for (int i = 0; i < 1000; i++)
            ank__buf_puts(&text, deep[k].close);
        ank__buf_puts(&text, deep[k].tail);
        CHECK(!text.failed);
        ank_constraint c = {.kind = ANK_KIND_FUNCTION_SIGNATURE,
                            .language = deep[k].lang, .name = "take"};
        c.u.sig.signature = text.data;
        ank_gram *g = ank__gram_new();
        ank_grule *rule = ank__grammar_signature(g, &c);
        CHECK(rule != NULL);
        ank__gram_set_root(g, rule);
        for (int d = 0; d < 2; d++) {
            ank_status st;
            char *out = print(g, d ? ANK_GRAM_LARK : ANK_GRAM_GBNF, &st);
            CHECK_INT(st, ANK_OK);
            CHECK(strlen(out) > text.len && strlen(out) < 64 * text.len);
            ank__free(out);
        }
        ank__gram_free(g);
        ank__buf_release(&text);
    }

    /* Not a signature: NULL, the grammar untouched. */
    ank_result *r = ank_result_new();
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_GO, "package p\nimport \"fmt\"\n",
                               22, "b.go", r, NULL), ANK_OK);
    ank_gram *g = ank__gram_new();
    const ank_constraint *c = NTH_OF_KIND(r, "import.module", 0);
    CHECK(c != NULL && ank__grammar_signature(g, c) == NULL);
    CHECK(ank__grammar_signature(g, NULL) == NULL && !ank__gram_failed(g));
    ank__gram_free(g);
    ank_result_free(r);
    ank_clew_free(clew);
}

static void check_identifier(ank_lang lang, ank_style style, const char *gbnf,
                             const char *lark)
{
    ank_gram *g = ank__gram_new();
    ank_grule *r = ank__grammar_identifier(g, lang, style);
    CHECK(r != NULL && ank__grammar_identifier(g, lang, style) == r);
    ank__gram_set_root(g, r);
    check_print(g, gbnf, lark);
    ank__gram_free(g);
}

static void test_identifiers(void)
{
    check_identifier(ANK_LANG_PYTHON, ANK_STYLE_SNAKE,
                     "root ::= \"_\"{0,2} [a-z] [0-9a-z]* (\"_\"+ [0-9a-z]+)* "
                     "\"_\"{0,2}\n",
                     "start: /_{1,2}/? /[a-z]/ /[0-9a-z]+/? /(?:_+[0-9a-z]+)+/? "
                     "/_{1,2}/?\n");
    /* Rust: acronyms are words, so no two capitals in a row. */
    check_identifier(ANK_LANG_RUST, ANK_STYLE_CAMEL,
                     "root ::= \"_\"{0,2} [a-z] [0-9a-z]* ([A-Z] [0-9]* [a-z] "
                     "[0-9a-z]*)* ([A-Z] [0-9]*)? \"_\"{0,2}\n",
                     "start: /_{1,2}/? /[a-z]/ /[0-9a-z]+/? "
                     "/(?:[A-Z][0-9]*[a-z][0-9a-z]*)+/? (/[A-Z]/ /[0-9]+/?)? "
                     "/_{1,2}/?\n");
    /* Go: MixedCaps with either first letter is camelCase. */
    check_identifier(ANK_LANG_GO, ANK_STYLE_CAMEL,
                     "root ::= \"_\"{0,2} [A-Za-z] [0-9A-Za-z]* \"_\"{0,2}\n",
                     "start: /_{1,2}/? /[A-Za-z]/ /[0-9A-Za-z]+/? /_{1,2}/?\n");
    check_identifier(ANK_LANG_TYPESCRIPT, ANK_STYLE_KEBAB,
                     "root ::= \"_\"{0,2} [a-z] [0-9a-z]* (\"-\" [0-9a-z]+)+ "
                     "\"_\"{0,2}\n",
                     "start: /_{1,2}/? /[a-z]/ /[0-9a-z]+/? /(?:-[0-9a-z]+)+/ "
                     "/_{1,2}/?\n");
    check_identifier(ANK_LANG_TSX, ANK_STYLE_OTHER,
                     "root ::= [$A-Z_a-z] [$0-9A-Z_a-z]*\n",
                     "start: /[$A-Z_a-z]/ /[$0-9A-Z_a-z]+/?\n");
    ank_gram *g = ank__gram_new();
    CHECK(ank__grammar_identifier(g, ANK_LANG_UNKNOWN, ANK_STYLE_SNAKE) == NULL);
    CHECK(ank__grammar_identifier(g, ANK_LANG_GO, ANK_STYLE_COUNT_) == NULL);
    ank__gram_free(g);
}

/* An identifier grammar in one form, as GBNF read back by the matcher;
 * NULL when the style has no such form. */
static ank_ggram *identifier_ggram(ank_lang lang, ank_style style, bool flat)
{
    ank_gram *g = ank__gram_new();
    ank_grule *r = flat ? ank__grammar_identifier_flat(g, lang, style)
                        : ank__grammar_identifier(g, lang, style);
    ank_ggram *gg = NULL;
    if (r) {
        ank__gram_set_root(g, r);
        ank_status st;
        char *text = print(g, ANK_GRAM_GBNF, &st);
        if (!text ||
            ank__ggram_compile(text, strlen(text), NULL, &gg, NULL) != ANK_OK)
            gg = NULL;
        ank__free(text);
    }
    CHECK(!ank__gram_failed(g));
    ank__gram_free(g);
    return gg;
}

/* Every string over `alphabet` up to `depth` more bytes past the
 * matchers' position: in *differ those the two accept differently, in
 * *accepted those both accept. */
static void compare_from(ank_gmatch *a, ank_gmatch *b, const char *alphabet,
                         int depth, size_t *differ, size_t *accepted)
{
    if (ank__gmatch_can_end(a) != ank__gmatch_can_end(b))
        ++*differ;
    else if (ank__gmatch_can_end(a))
        ++*accepted;
    if (depth == 0)
        return;
    size_t pa = ank__gmatch_position(a), pb = ank__gmatch_position(b);
    for (const char *c = alphabet; *c; c++) {
        bool ia = ank__gmatch_accept(a, (const uint8_t *)c, 1);
        bool ib = ank__gmatch_accept(b, (const uint8_t *)c, 1);
        if (ia != ib) /* a prefix one takes and the other not: is any of */
            ++*differ; /* its completions accepted?  Count it anyway */
        else if (ia)
            compare_from(a, b, alphabet, depth - 1, differ, accepted);
        ank__gmatch_rewind(a, pa);
        ank__gmatch_rewind(b, pb);
    }
}

/* The flat form (GBNF's, for XGrammar) derives the same identifiers as
 * the nested one, for every language and style: every string of up to 7
 * of the bytes that tell the styles apart. */
static void test_identifier_forms(void)
{
    static const ank_lang langs[] = {ANK_LANG_TYPESCRIPT, ANK_LANG_PYTHON,
                                     ANK_LANG_RUST, ANK_LANG_GO,
                                     ANK_LANG_ZIG};
    size_t flat_forms = 0;
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++)
        for (int style = 0; style < ANK_STYLE_COUNT_; style++) {
            ank_ggram *flat = identifier_ggram(langs[i], style, true);
            ank_ggram *nested = identifier_ggram(langs[i], style, false);
            CHECK(nested != NULL);
            if (!flat || !nested) {
                ank__ggram_free(flat);
                ank__ggram_free(nested);
                continue;
            }
            flat_forms++;
            ank_gmatch *a = NULL, *b = NULL;
            CHECK(ank__gmatch_new(flat, &a, NULL) == ANK_OK);
            CHECK(ank__gmatch_new(nested, &b, NULL) == ANK_OK);
            size_t differ = 0, accepted = 0;
            if (a && b)
                compare_from(a, b, "a0B_-", 7, &differ, &accepted);
            if (differ)
                fprintf(stderr, "    %s %s: %zu strings differ\n",
                        ank_lang_name(langs[i]),
                        ank__style_name((ank_style)style), differ);
            CHECK_INT(differ, 0);
            CHECK(accepted > 0);
            ank__gmatch_free(a);
            ank__gmatch_free(b);
            ank__ggram_free(flat);
            ank__ggram_free(nested);
        }
    /* flat, snake, screaming in every language; camelCase and PascalCase
     * but in Rust and Zig */
    CHECK_INT(flat_forms, 3 * 5 + 2 * 3);
}

void test_braid_grammar(void)
{
    test_escaping();
    test_names();
    test_order_and_errors();
    test_shapes();
    test_sharing();
    test_json_form();
    test_out_of_memory();
    test_json();
    test_signatures();
    test_identifiers();
    test_identifier_forms();
}
