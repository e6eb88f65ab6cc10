/*
 * test_braid_prebuilt.c - the fixed rules that generators give as printed
 * text (JSON strings, numbers, dates, whitespace; a signature's gaps)
 * print exactly as the expressions that define them: every grammar is
 * built twice, once spelled out (ank__gram_spell_out), and both print
 * the same text in GBNF and Lark, plain and JSON-escaped, afresh and from
 * one reused printer in both orders.  The inputs reach every prebuilt
 * text there is; and a helper rule named after the root is printed
 * afresh in the second dialect, not replayed.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../../braid/grammar_int.h"
#include "../../braid/grammar_print.h"
#include "../../braid/json_grammar.h"
#include "../../braid/sig_grammar.h"
#include "test.h"
#include "tests.h"

/* How many prebuilt texts exist: json_lex.c's eight fixed rules and its
 * whitespace of bound 2, sig_grammar.c's five gaps. */
#define PREBUILT_TEXTS 14

typedef struct seen {
    const ank_gram_text *text[32];
    size_t n;
} seen;

/* Note the prebuilt texts g's rules hold. */
static void note_texts(const ank_gram *g, seen *s)
{
    for (size_t i = 0; i < g->nrules; i++) {
        const ank_gexpr *body = g->rules[i]->body;
        if (!body || body->kind != GK_TEXT)
            continue;
        size_t k = 0;
        while (k < s->n && s->text[k] != body->canned)
            k++;
        if (k == s->n && s->n < sizeof s->text / sizeof *s->text)
            s->text[s->n++] = body->canned;
    }
}

static char *text_of(const ank_gram *g, ank_gram_dialect d, bool json)
{
    ank_buf b = ANK_BUF_INIT;
    CHECK_INT(json ? ank__gram_write_json(g, d, &b) : ank__gram_write(g, d, &b),
              ANK_OK);
    size_t n = b.data ? b.len : 0;
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, b.data ? b.data : "", n);
        s[n] = '\0';
    }
    ank__buf_release(&b);
    return s;
}

/* Prebuilt `p` against spelled-out `m`: fresh prints, then one printer of
 * p used for both dialects in both orders. */
static void compare(const ank_gram *m, const ank_gram *p)
{
    static const ank_gram_dialect ds[2] = {ANK_GRAM_GBNF, ANK_GRAM_LARK};
    for (int json = 0; json < 2; json++) {
        char *want[2] = {text_of(m, ds[0], json), text_of(m, ds[1], json)};
        for (int d = 0; d < 2; d++) {
            char *got = text_of(p, ds[d], json);
            CHECK_STR(got, want[d]);
            free(got);
        }
        for (int first = 0; first < 2; first++) {
            ank_gprint *pr = NULL;
            CHECK_INT(ank__gprint_new(p, &pr), ANK_OK);
            for (int k = 0; pr && k < 2; k++) {
                int d = (first + k) % 2;
                ank_buf b = ANK_BUF_INIT;
                CHECK_INT(ank__gprint_write(pr, ds[d], json, &b), ANK_OK);
                CHECK_STR(b.data ? b.data : "", want[d]);
                ank__buf_release(&b);
            }
            ank__gprint_free(pr);
        }
        free(want[0]);
        free(want[1]);
    }
}

/* Compare spelled-out m and prebuilt p with their roots rm and rp, note
 * p's texts, free both; true when both grammars were made. */
static bool pair_done(ank_gram *m, ank_gram *p, ank_grule *rm, ank_grule *rp,
                      seen *s)
{
    CHECK(rm != NULL && rp != NULL);
    bool made = rm && rp;
    if (made) {
        ank__gram_set_root(m, rm);
        ank__gram_set_root(p, rp);
        compare(m, p);
        note_texts(p, s);
    }
    ank__gram_free(m);
    ank__gram_free(p);
    return made;
}

static void check_schema(const char *text, seen *s)
{
    json_error_t je;
    json_t *schema = json_loads(text, 0, &je);
    CHECK(schema != NULL);
    for (unsigned ws = 0; schema && ws < 4; ws++) {
        ank_gram *m = ank__gram_new(), *p = ank__gram_new();
        ank__gram_spell_out(m);
        CHECK(ank__gram_prebuilt(p) && !ank__gram_prebuilt(m));
        ank_error e;
        ank_grule *rm = ank__grammar_json(m, schema, schema, ws, &e);
        ank_grule *rp = ank__grammar_json(p, schema, schema, ws, &e);
        pair_done(m, p, rm, rp, s);
    }
    json_decref(schema);
}

static void check_signatures(ank_lang lang, const char *src, const char *path,
                             seen *s)
{
    ank_clew *clew = NULL;
    ank_result *r = ank_result_new();
    CHECK_INT(ank_clew_new(NULL, &clew, NULL), ANK_OK);
    CHECK_INT(ank_clew_extract(clew, lang, src, strlen(src), path, r, NULL),
              ANK_OK);
    size_t n = 0;
    for (size_t i = 0; i < ank_result_count(r); i++) {
        const ank_constraint *c = ank_result_get(r, i);
        if (c->kind != ANK_KIND_FUNCTION_SIGNATURE)
            continue;
        ank_gram *m = ank__gram_new(), *p = ank__gram_new();
        ank__gram_spell_out(m);
        ank_grule *rm = ank__grammar_signature(m, c);
        ank_grule *rp = ank__grammar_signature(p, c);
        n += pair_done(m, p, rm, rp, s);
    }
    CHECK(n >= 1);
    ank_result_free(r);
    ank_clew_free(clew);
}

static void prebuilt_texts(void)
{
    static const char *const schemas[] = {
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},"
        "\"b\":{\"type\":\"number\"},\"c\":{\"type\":\"number\",\"minimum\":0},"
        "\"d\":{\"type\":\"integer\"},\"e\":{\"type\":\"integer\",\"minimum\":0},"
        "\"f\":{\"type\":\"string\",\"format\":\"date-time\"},"
        "\"g\":{\"type\":\"string\",\"format\":\"date\"},"
        "\"h\":{\"type\":\"string\",\"format\":\"time\"}}}",
        "{\"anyOf\":[{\"type\":\"number\"},{\"type\":\"string\",\"format\":"
        "\"date\"},{\"type\":\"null\"}]}",
        "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"format\":"
        "\"date\"}}",
        "{\"title\":\"json-string\",\"type\":\"object\",\"properties\":{\"x\":"
        "{\"type\":\"string\"},\"y\":{\"$ref\":\"#\"}},\"required\":[\"x\"]}",
        "{\"type\":\"string\",\"minLength\":2,\"maxLength\":5}",
        "{\"type\":\"integer\",\"minimum\":3}",
        "{}",
    };
    seen s = {.n = 0};
    for (size_t i = 0; i < sizeof schemas / sizeof *schemas; i++)
        check_schema(schemas[i], &s);
    check_signatures(ANK_LANG_PYTHON,
                     "def f(a, b: str = \"x, y\", **kw) -> int:\n    pass\n\n"
                     "def g(\n    a,\n    b,\n):\n    pass\n",
                     "a.py", &s);
    check_signatures(ANK_LANG_GO,
                     "package p\nfunc F(a int, // first\n\tb []string) error "
                     "{\n\treturn nil\n}\nfunc G(x int) {}\n",
                     "a.go", &s);
    check_signatures(ANK_LANG_TYPESCRIPT,
                     "export function load(item: Item, n: number): string "
                     "{ return ''; }\nexport async function f(a: string,\n"
                     "   b: number): Promise<void> {}\n",
                     "a.ts", &s);
    check_signatures(ANK_LANG_RUST,
                     "pub fn f(a: &str, b: u32) -> Result<(), E> { Ok(()) }\n"
                     "pub fn g<'a>(x: &'a str) -> &'a str { x }\n",
                     "a.rs", &s);
    check_signatures(ANK_LANG_ZIG, "pub fn f(a: u32, b: []const u8) !void {}\n",
                     "a.zig", &s);
    /* every prebuilt text was compared with its definition */
    CHECK_INT((long long)s.n, PREBUILT_TEXTS);
}

/* A rule the printer hoists out of the root is named after the root, and
 * the root's name differs between the dialects ("root" against "start"):
 * the second dialect's names are then made afresh, not replayed. */
static void root_helper(void)
{
    static const uint32_t az[] = {'a', 'z'};
    ank_gram *g = ank__gram_new();
    ank_gexpr *items[12];
    for (int i = 0; i < 12; i++) /* big enough to be hoisted */
        items[i] = ank__g_alt2(g, ank__g_class(g, false, az, 1),
                               ank__g_str(g, i % 2 ? "0" : "1"));
    ank_gexpr *big =
        ank__g_alt2(g, ank__g_seq(g, items, 12), ank__g_str(g, "q"));
    ank_grule *other = ank__gram_declare(g, "other");
    ank_grule *root = ank__gram_rule(
        g, "top",
        ank__g_seq2(g, ank__g_seq2(g, big, ank__g_ref(g, other)), big));
    ank__gram_define(g, other, ank__g_seq2(g, big, ank__g_str(g, "zz")));
    ank__gram_set_root(g, root);
    char *gbnf = text_of(g, ANK_GRAM_GBNF, false);
    char *lark = text_of(g, ANK_GRAM_LARK, false);
    CHECK(gbnf && strstr(gbnf, "root-2 ::= ") != NULL);
    CHECK(lark && strstr(lark, "start_2: ") != NULL);
    free(gbnf);
    free(lark);
    compare(g, g); /* a reused printer's prints against fresh ones */
    ank__gram_free(g);
}

void test_braid_prebuilt(void)
{
    prebuilt_texts();
    root_helper();
}
