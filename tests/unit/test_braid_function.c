/*
 * test_braid_function.c - what braid compiles for one function to be
 * written: the regex of its signature and the grammar of its body (the
 * completion grammars).
 *
 * Signature regexes pass the subset check and match their text, with more
 * blanks too (PCRE2 and the DFA), and not others; completion texts are
 * accepted or rejected by hand (ank__completion_check, which reads them as
 * the grammars do), and every language's grammar builds and prints, fails
 * as documented, and survives allocation failure at every point.
 */
#include <stdint.h>

#include "../../braid/completion.h"
#include "../../braid/dfa.h"
#include "../../braid/grammar.h"
#include "../../braid/regex.h"
#include "../../clew/rules.h"
#include "../../ffi/alloc.h"
#include "../../ffi/buf.h"
#include "test.h"
#include "test_braid_regex.h"
#include "tests.h"

/* ------------------------------------------------------- signatures */

#define GAP0 "[ \\t\\r\\n]{0,8}"
#define GAP1 "[ \\t\\r\\n]{1,8}"

static const struct {
    ank_lang lang;
    const char *path, *src;
} sig_sources[] = {
    {ANK_LANG_PYTHON, "a.py",
     "def f(\n        a: int,\n        b: str = \"x  y\",  # note (\n"
     ") -> dict[str, int]:\n    pass\n\n\nclass C:\n"
     "    async def g(self, *args, **kw) -> None:\n        pass\n"},
    {ANK_LANG_GO, "a.go",
     "package p\n\nfunc (s *Server) Start(addr string, opts ...Option) "
     "(err error) {\n\treturn nil\n}\n\nfunc Map[S ~[]E, E any](s S) []E "
     "{ return s }\n\nfunc W(\r\n\tp []byte,\r\n) int { return 0 }\n"},
    {ANK_LANG_RUST, "a.rs",
     "pub fn first<'a>(s: &'a str, n: usize) -> Option<&'a str> {\n"
     "    None\n}\nfn raw(x: &[u8], c: char) -> bool { c == '}' }\n"},
    {ANK_LANG_TYPESCRIPT, "a.ts",
     "export async function fetchAll<T extends object>(urls: string[], "
     "opts?: { retry: number }): Promise<T[]> {\n  return [];\n}\n"
     "function sep(s = \", \"): string { return s; }\n"},
    {ANK_LANG_ZIG, "a.zig",
     "pub fn add(a: i32, b: i32) !i32 {\n    return a + b;\n}\n"
     "fn init(comptime T: type, alloc: std.mem.Allocator) T {\n"
     "    return undefined;\n}\n"},
};

/* A copy of s with one blank after every '(' and ',' outside quotes. */
static char *spaced(const char *s)
{
    char *out = ank__malloc(2 * strlen(s) + 1), q = 0;
    size_t n = 0;
    for (; out && *s; s++) {
        out[n++] = *s;
        if (q && *s == q)
            q = 0;
        else if (!q && (*s == '"' || *s == '`'))
            q = *s;
        else if (!q && (*s == '(' || *s == ','))
            out[n++] = ' ';
    }
    if (out)
        out[n] = '\0';
    return out;
}

/* ank__regex_signature(c), kept in `arena` (NULL as it gives NULL). */
static const char *sig_regex(ank_arena *arena, const ank_constraint *c)
{
    char *re = ank__regex_signature(c);
    const char *kept = re ? ank__arena_strdup(arena, re) : NULL;
    ank__free(re);
    return kept;
}

/* Each extracted signature: its regex passes the check, matches the text
 * and the text with more blanks (PCRE2 and DFA), rejects the text with a
 * word added and the other signatures. */
static void test_signatures(void)
{
    ank_clew *clew = NULL;
    CHECK_INT(ank_clew_new(NULL, &clew, NULL), ANK_OK);
    ank_arena arena = ANK_ARENA_INIT;
    size_t checked = 0;
    for (size_t k = 0; clew && k < sizeof sig_sources / sizeof *sig_sources;
         k++) {
        ank_result *r = ank_result_new();
        const char *src = sig_sources[k].src;
        CHECK_INT(ank_clew_extract(clew, sig_sources[k].lang, src,
                                   strlen(src), sig_sources[k].path, r, NULL),
                  ANK_OK);
        const ank_constraint *sigs[8];
        size_t ns = 0;
        for (size_t i = 0; i < ank_result_count(r) && ns < 8; i++) {
            const ank_constraint *c = ank_result_get(r, i);
            if (c->kind == ANK_KIND_FUNCTION_SIGNATURE)
                sigs[ns++] = c;
        }
        CHECK(ns >= 2);
        for (size_t i = 0; i < ns; i++) {
            const char *text = sigs[i]->u.sig.signature;
            const char *re = sig_regex(&arena, sigs[i]);
            ank_error e;
            if (!re || ank__regex_check(re, &e) != ANK_OK) {
                fprintf(stderr, "    %s: %s\n", text, re ? e.message : "");
                test_failures++;
                continue;
            }
            test_pcre p;
            ank_dfa *d = NULL;
            CHECK(test_pcre_open(&p, re, false));
            CHECK_INT(ank__dfa_build(&re, 1, true, &d, &e), ANK_OK);
            char *wide = spaced(text);
            char longer[512];
            snprintf(longer, sizeof longer, "%s x", text);
            const char *yes[] = {text, wide};
            const char *no[] = {longer, sigs[(i + 1) % ns]->u.sig.signature};
            for (int t = 0; t < 2; t++) {
                int py = test_pcre_run(&p, yes[t], strlen(yes[t]));
                int pn = test_pcre_run(&p, no[t], strlen(no[t]));
                bool dy = d && ank__dfa_match(d, yes[t], strlen(yes[t]));
                bool dn = d && ank__dfa_match(d, no[t], strlen(no[t]));
                if (py != 1 || pn != 0 || !dy || dn) {
                    fprintf(stderr, "    signature %s: %d %d %d %d\n", yes[t],
                            py, pn, dy, dn);
                    test_failures++;
                }
            }
            checked++;
            ank__free(wide);
            ank__dfa_free(d);
            test_pcre_close(&p);
        }
        ank_result_free(r);
    }
    ank_clew_free(clew);
    CHECK(checked >= 10);

    /* by hand */
    ank_constraint c;
    memset(&c, 0, sizeof c);
    c.kind = ANK_KIND_FUNCTION_SIGNATURE;
    c.language = ANK_LANG_RUST;
    c.u.sig.signature = "fn f(x: u8)";
    CHECK_STR(sig_regex(&arena, &c),
              "^fn" GAP1 "f" GAP0 "\\(" GAP0 "x" GAP0 ":" GAP0 "u8" GAP0
              "\\)$");
    c.language = ANK_LANG_PYTHON;
    c.u.sig.signature = "def g(s='a b', *k):";
    CHECK_STR(sig_regex(&arena, &c),
              "^def" GAP1 "g" GAP0 "\\(" GAP0 "s" GAP0 "=" GAP0 "'a b'" GAP0
              "," GAP0 "\\*" GAP0 "k" GAP0 "\\)" GAP0 ":$");
    /* a gap wider than 8 (13) widens every bound (to 13 + 8) */
    c.u.sig.signature = "def h(\n            a):";
    CHECK_STR(sig_regex(&arena, &c),
              "^def[ \\t\\r\\n]{1,21}h[ \\t\\r\\n]{0,21}\\([ \\t\\r\\n]{0,21}a"
              "[ \\t\\r\\n]{0,21}\\)[ \\t\\r\\n]{0,21}:$");
    /* text clew cut at 4096 bytes: a prefix, no `$` */
    char *cut = ank__arena_alloc(&arena, ANK_SIGNATURE_MAX + 8);
    memset(cut, 'a', ANK_SIGNATURE_MAX);
    memcpy(cut + ANK_SIGNATURE_MAX, "\xE2\x80\xA6", 4);
    c.u.sig.signature = cut;
    const char *re = sig_regex(&arena, &c);
    CHECK(re && strlen(re) == ANK_SIGNATURE_MAX + 1 && re[0] == '^' &&
          re[ANK_SIGNATURE_MAX] == 'a');
    c.u.sig.signature = NULL;
    CHECK(sig_regex(&arena, &c) == NULL);
    c.kind = ANK_KIND_HOLE;
    CHECK(sig_regex(&arena, &c) == NULL);
    ank__arena_release(&arena);
}

/* ------------------------------------------------------- completions */

/* Accepted or not by ank__completion_check (which the dev check of the
 * grammars against XGrammar found to agree with them). */
static const struct {
    ank_lang lang;
    const char *indent, *forbid, *text;
    bool ok;
} completions[] = {
    {ANK_LANG_PYTHON, "    ", NULL, "return x + 1", 1},
    {ANK_LANG_PYTHON, "    ", NULL,
     "total = 0\n    for i in items:\n        total += i\n    return total", 1},
    {ANK_LANG_PYTHON, "    ", NULL,
     "x = foo(\n        a,\n    )\n\n    # (\n  # any depth\n    return x", 1},
    {ANK_LANG_PYTHON, "    ", NULL, "s = \"(\" + ')' + '''\n]\n''' + \"\"", 1},
    {ANK_LANG_PYTHON, "    ", NULL, "x = 1\nreturn x", 0},
    {ANK_LANG_PYTHON, "    ", NULL, "x = 1\n  return x", 0},
    {ANK_LANG_PYTHON, "    ", NULL, "x = 1\n\treturn x", 0},
    {ANK_LANG_PYTHON, "    ", NULL, "x = (1", 0},
    {ANK_LANG_PYTHON, "    ", NULL, "x = [1)", 0},
    {ANK_LANG_PYTHON, "    ", NULL, "s = 'abc\n    '", 0},
    {ANK_LANG_PYTHON, "\t", NULL, "a = 1\n\tb = 2", 1},
    {ANK_LANG_PYTHON, "    ", NULL, "x = \"\"'(' + \"\"\"\n)\"\"\"", 1},
    {ANK_LANG_PYTHON, "", NULL, "a = 1\nb = 2", 1},
    {ANK_LANG_PYTHON, "    ", "python.eval", "return eval(src)", 0},
    {ANK_LANG_PYTHON, "    ", "python.eval", "s = \"eval(\"", 0},
    {ANK_LANG_PYTHON, "    ", "python.eval", "# eval(x)", 0},
    {ANK_LANG_PYTHON, "    ", "python.eval", "return retrieval(src)", 1},
    {ANK_LANG_PYTHON, "    ", "python.eval", "return df.eval(q)", 1},
    {ANK_LANG_TYPESCRIPT, "", NULL, "{ return x + 1; }", 1},
    {ANK_LANG_TYPESCRIPT, "", NULL,
     "const s = `a ${f({b: \"}\"})} (`; // )\n/* { */ return s;", 1},
    {ANK_LANG_TYPESCRIPT, "", NULL, "return 'it\\'s' + \"(\";", 1},
    {ANK_LANG_TYPESCRIPT, "", NULL, "return f(x;", 0},
    {ANK_LANG_TYPESCRIPT, "", NULL, "const s = 'a\nb';", 0},
    {ANK_LANG_TYPESCRIPT, "", NULL, "x(); // c", 0},
    {ANK_LANG_TYPESCRIPT, "", "typescript.eval", "return eval(s);", 0},
    {ANK_LANG_TSX, "", "typescript.eval", "return <b>{s}</b>;", 1},
    {ANK_LANG_RUST, "", NULL,
     "let c = '{'; let s: &'static str = r#\"}\"]\"#; f::<'a>(c, s)", 1},
    {ANK_LANG_RUST, "", NULL, "let b = b'('; let s = \"a\n)\"; (b, s)", 1},
    {ANK_LANG_RUST, "", NULL, "/* ( */ x.iter().map(|v| v[0]).sum()", 1},
    {ANK_LANG_RUST, "", NULL, "vec![1, 2", 0},
    {ANK_LANG_RUST, "", "rust.unsafe_block", "unsafe { *p }", 0},
    {ANK_LANG_RUST, "", "rust.unsafe_block", "let unsafe_ok = 1; unsafe_ok",
     1},
    {ANK_LANG_GO, "", NULL,
     "if err != nil {\n\treturn `}`, err\n}\nreturn '{', nil", 1},
    {ANK_LANG_GO, "", NULL, "s := \"a\nb\"", 0},
    {ANK_LANG_GO, "", "go.unsafe_pointer", "p := unsafe.Pointer(&x)", 0},
    {ANK_LANG_GO, "", "go.unsafe_pointer", "n := unsafe.Sizeof(x)", 1},
    {ANK_LANG_ZIG, "", NULL,
     "const s =\n    \\\\ a { line\n;\nreturn s[0] + '}';", 1},
    {ANK_LANG_ZIG, "", NULL, "return a + b);", 0},
    {ANK_LANG_ZIG, "", "zig.ptr_cast", "const p: *u8 = @ptrCast(q);", 0},
};

static void test_completion_check(void)
{
    for (size_t i = 0; i < sizeof completions / sizeof *completions; i++) {
        const char *forbid[1] = {NULL};
        size_t nf = 0;
        if (completions[i].forbid)
            forbid[nf++] = ank__regex_pattern(completions[i].forbid);
        ank_error e;
        const char *t = completions[i].text;
        ank_status st = ank__completion_check(completions[i].lang,
                                              completions[i].indent, forbid,
                                              nf, t, strlen(t), &e);
        if ((st == ANK_OK) != completions[i].ok ||
            (st != ANK_OK && st != ANK_ERR_FORMAT)) {
            fprintf(stderr, "    completion %zu %s: %s\n", i, t,
                    st == ANK_OK ? "accepted" : e.message);
            test_failures++;
        }
    }
    ank_error e;
    const char *py = "x = 1\n  y = 2";
    CHECK_INT(ank__completion_check(ANK_LANG_PYTHON, "    ", NULL, 0, py,
                                    strlen(py), &e), ANK_ERR_FORMAT);
    CHECK_INT(e.offset, 8);
    CHECK(strstr(e.message, "indentation") != NULL);
    const char *ev = "eval(x)";
    const char *forbid = ank__regex_pattern("python.eval");
    CHECK_INT(ank__completion_check(ANK_LANG_PYTHON, "", &forbid, 1, ev,
                                    strlen(ev), &e), ANK_ERR_FORMAT);
    CHECK_INT(e.offset, 4);
    CHECK(strstr(e.message, "forbidden") != NULL);
}

/* Print g (rooted at r) in both dialects; the GBNF text in *gbnf. */
static bool write_both(ank_gram *g, ank_grule *r, char **gbnf)
{
    ank_buf a = ANK_BUF_INIT, b = ANK_BUF_INIT;
    ank__gram_set_root(g, r);
    bool ok = ank__gram_write(g, ANK_GRAM_GBNF, &a) == ANK_OK &&
              ank__gram_write(g, ANK_GRAM_LARK, &b) == ANK_OK;
    *gbnf = ok ? ank__buf_take(&a, NULL) : NULL;
    ank__buf_release(&a);
    ank__buf_release(&b);
    return ok;
}

static size_t count_rules(const char *text)
{
    size_t n = 0;
    for (const char *p = text; p && (p = strstr(p, " ::= ")); p++)
        n++;
    return n;
}

static void test_completion_grammars(void)
{
    const ank_pattern *(*cats[])(size_t *) = {
        ank__patterns_python, ank__patterns_typescript, ank__patterns_rust,
        ank__patterns_go, ank__patterns_zig};
    const ank_lang cat_lang[] = {ANK_LANG_PYTHON, ANK_LANG_TYPESCRIPT,
                                 ANK_LANG_RUST, ANK_LANG_GO, ANK_LANG_ZIG};
    /* without patterns: one rule per lexer state that holds text and end
     * spec (Python: 24 x 2); with all of a language's patterns, at most
     * lexer states x live automaton states x end specs */
    static const size_t plain[] = {48, 12, 18, 10, 9};
    for (size_t c = 0; c < 5; c++) {
        size_t np;
        const ank_pattern *pats = cats[c](&np);
        const char *res[16];
        for (size_t i = 0; i < np; i++)
            res[i] = ank__regex_pattern(pats[i].id);
        for (int all = 0; all < 2; all++) {
            ank_gram *g = ank__gram_new();
            ank_error e;
            ank_grule *r = ank__grammar_completion(
                g, cat_lang[c], "    ", res, all ? np : 0, &e);
            char *text = NULL;
            if (r && write_both(g, r, &text)) {
                size_t n = count_rules(text);
                if (!all)
                    CHECK_INT(n, plain[c]);
                else
                    CHECK(n > 10 * plain[c] && n < 5000);
                CHECK(strncmp(text, "root ::= ", 9) == 0);
            } else {
                fprintf(stderr, "    %s: %s\n", pats[0].id,
                        r ? "print failed" : e.message);
                test_failures++;
            }
            ank__free(text);
            ank__gram_free(g);
        }
    }

    /* errors */
    ank_gram *g = ank__gram_new();
    ank_error e;
    const char *bad = "(?=x)", *empty = "a*", *wide = "^a[^\\n]{900}b";
    CHECK(ank__grammar_completion(g, ANK_LANG_PYTHON, " x", NULL, 0, &e) ==
          NULL);
    CHECK_INT(e.code, ANK_ERR_INVALID_ARGUMENT);
    CHECK(ank__grammar_completion(g, ANK_LANG_PYTHON,
                                  "                                         ",
                                  NULL, 0, &e) == NULL);
    CHECK_INT(e.code, ANK_ERR_LIMIT);
    CHECK(ank__grammar_completion(g, ANK_LANG_UNKNOWN, "", NULL, 0, &e) ==
          NULL);
    CHECK_INT(e.code, ANK_ERR_INVALID_ARGUMENT);
    CHECK(ank__grammar_completion(g, ANK_LANG_GO, "", &bad, 1, &e) == NULL);
    CHECK_INT(e.code, ANK_ERR_FORMAT);
    CHECK(ank__grammar_completion(g, ANK_LANG_GO, "", &empty, 1, &e) == NULL);
    CHECK_INT(e.code, ANK_ERR_FORMAT);
    CHECK(ank__grammar_completion(g, ANK_LANG_PYTHON, "", &wide, 1, &e) ==
          NULL);
    CHECK_INT(e.code, ANK_ERR_LIMIT);
    CHECK(strstr(e.message, "20000") != NULL);
    ank__gram_free(g);

    /* out of memory at every allocation: ANK_ERR_NOMEM, nothing leaks */
    const char *forbid = ank__regex_pattern("python.eval");
    bool done = false;
    for (uint64_t n = 1; n < 20000 && !done; n++) {
        ank__alloc_fail_after(n);
        g = ank__gram_new();
        ank_grule *r = g ? ank__grammar_completion(g, ANK_LANG_PYTHON, "  ",
                                                   &forbid, 1, &e)
                         : NULL;
        ank__alloc_fail_after(0);
        CHECK(r != NULL || !g || e.code == ANK_ERR_NOMEM);
        done = r != NULL && !ank__gram_failed(g);
        ank__gram_free(g);
    }
    CHECK(done);
}

void test_braid_function(void)
{
    test_signatures();
    test_completion_check();
    test_completion_grammars();
}
