/*
 * test_braid_regex.c - braid's regexes for the catalogs (the subset check,
 * naming styles, security patterns) and the regex -> DFA compiler.
 *
 * Every emitted regex compiles with PCRE2 and passes the subset check; the
 * style regexes agree with clew/naming.c on random identifiers; the DFA
 * agrees with PCRE2 (anchored match, or unanchored search for the contains
 * form) on random texts built from the patterns' own words; no emitted
 * regex makes PCRE2 hit a small match limit on long adversarial input.
 * Signature regexes and completion grammars: test_braid_function.c.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../braid/dfa.h"
#include "../../braid/regex.h"
#include "../../clew/naming.h"
#include "../../clew/rules.h"
#include "../../ffi/alloc.h"
#include "test.h"
#include "test_braid_regex.h"
#include "tests.h"

/* --------------------------------------------------------- helpers */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n) { return test_rand(&rng_state, n); }

static void put_cp(char *out, size_t *n, uint32_t cp)
{
    if (cp < 0x80) {
        out[(*n)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*n)++] = (char)(0xC0 | cp >> 6);
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out[(*n)++] = (char)(0xE0 | cp >> 12);
        out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*n)++] = (char)(0xF0 | cp >> 18);
        out[(*n)++] = (char)(0x80 | (cp >> 12 & 0x3F));
        out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    }
}

/* A PCRE2 regex compiled as the checker does (test_braid_regex.h). */
bool test_pcre_open(test_pcre *p, const char *re, bool anchored)
{
    int err;
    PCRE2_SIZE at;
    p->code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                            PCRE2_UTF | PCRE2_DOLLAR_ENDONLY |
                                (anchored ? PCRE2_ANCHORED : 0),
                            &err, &at, NULL);
    p->md = p->code ? pcre2_match_data_create_from_pattern(p->code, NULL)
                    : NULL;
    p->mc = pcre2_match_context_create(NULL);
    if (p->mc)
        pcre2_set_match_limit(p->mc, 100000);
    return p->code && p->md && p->mc;
}

void test_pcre_close(test_pcre *p)
{
    pcre2_match_data_free(p->md);
    pcre2_match_context_free(p->mc);
    pcre2_code_free(p->code);
}

/* 1 match, 0 none, < 0 a PCRE2 error (PCRE2_ERROR_MATCHLIMIT). */
int test_pcre_run(const test_pcre *p, const char *s, size_t n)
{
    int rc = pcre2_match(p->code, (PCRE2_SPTR)s, n, 0, 0, p->md, p->mc);
    return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : rc;
}

/* Every pattern id of every catalog. */
static size_t all_patterns(const ank_pattern **out, size_t cap)
{
    const ank_pattern *(*cats[])(size_t *) = {
        ank__patterns_python, ank__patterns_typescript, ank__patterns_rust,
        ank__patterns_go, ank__patterns_zig};
    size_t n = 0;
    for (size_t c = 0; c < sizeof cats / sizeof *cats; c++) {
        size_t k;
        const ank_pattern *p = cats[c](&k);
        for (size_t i = 0; i < k && n < cap; i++)
            out[n++] = &p[i];
    }
    return n;
}

static const ank_lang langs[] = {ANK_LANG_TYPESCRIPT, ANK_LANG_TSX,
                                 ANK_LANG_PYTHON, ANK_LANG_RUST, ANK_LANG_GO,
                                 ANK_LANG_ZIG};
#define NLANGS (sizeof langs / sizeof *langs)

/* ----------------------------------------------------- the checker */

static void test_check(void)
{
    ank_error e;
    static const char *const good[] = {
        "^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$", "(?:^|[^a-z])eval[ \\t]{0,8}\\(",
        "a(b|c)+d?", "[^\\]\\-]x{2}y{1,}z{0,3}", "\xC3\xA9[\xC4\x80-\xC5\xBF]",
        "(?:a|^b)c", "a(?:$|b)", "[-a]", "[a-]", ".x", "[^\\x00-\\x1F]\\x41",
    };
    static const char *const bad[] = {
        "",        "a|",       "(?=a)",     "(?<!a)b",   "\\1",    "a*?",
        "a++",     "(?>a)",    "\\bword",   "\\d",       "\\w+",   "\\x{41}",
        "(?i)a",   "(?P<n>a)", "a^b",       "a$b",       "(?:a^)", "[a",
        "a{1001}", "a{2,1}",   "{",         "a}",        "[[:alpha:]]",
        "[a&&b]",  "[a--b]",   "(a",        "a)",        "*a",     "[]a]",
        "(?:^a)*", "[a-b-c]",  "\xC3(",     "a{,3}",     "\\xFF", "\\x4",     "\\x41b",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        ank_status st = ank__regex_check(good[i], &e);
        if (st != ANK_OK)
            fprintf(stderr, "    good regex %s: %s\n", good[i], e.message);
        CHECK_INT(st, ANK_OK);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ank_status st = ank__regex_check(bad[i], &e);
        if (st != ANK_ERR_FORMAT)
            fprintf(stderr, "    bad regex accepted: %s\n", bad[i]);
        CHECK_INT(st, ANK_ERR_FORMAT);
    }
    CHECK_INT(ank__regex_check("(?=x)", &e), ANK_ERR_FORMAT);
    CHECK(strstr(e.message, "lookaround") != NULL);
    CHECK_INT(e.offset, 0);
    CHECK_INT(ank__regex_check("ab\\w", &e), ANK_ERR_FORMAT);
    CHECK_INT(e.offset, 2);

    /* every emitted regex */
    const ank_pattern *pats[64];
    size_t np = all_patterns(pats, 64);
    CHECK(np >= 30);
    for (size_t i = 0; i < np; i++) {
        const char *re = ank__regex_pattern(pats[i]->id);
        if (!re) {
            fprintf(stderr, "    no regex for %s\n", pats[i]->id);
            test_failures++;
            continue;
        }
        ank_status st = ank__regex_check(re, &e);
        if (st != ANK_OK)
            fprintf(stderr, "    %s: %s\n", pats[i]->id, e.message);
        CHECK_INT(st, ANK_OK);
    }
    CHECK(ank__regex_pattern("python.nope") == NULL);
    CHECK(ank__regex_pattern(NULL) == NULL);
    for (size_t l = 0; l < NLANGS; l++)
        for (int s = 0; s < ANK_STYLE_COUNT_; s++) {
            const char *re = ank__regex_style(langs[l], (ank_style)s);
            CHECK(re != NULL);
            ank_status st = ank__regex_check(re, &e);
            if (st != ANK_OK)
                fprintf(stderr, "    style %d/%d: %s\n", (int)langs[l], s,
                        e.message);
            CHECK_INT(st, ANK_OK);
        }
    CHECK(ank__regex_style(ANK_LANG_UNKNOWN, ANK_STYLE_SNAKE) == NULL);
    CHECK(ank__regex_style(ANK_LANG_GO, ANK_STYLE_COUNT_) == NULL);
}

/* ---------------------------------------------------------- styles */

/* clew/naming.c's plain identifier. */
static bool plain_identifier(const char *s, size_t n)
{
    if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(c == '_' || c == '-' || c >= 0x80 || (c >= '0' && c <= '9') ||
              (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
    }
    return true;
}

static bool style_expected(ank_lang lang, ank_style style, const char *s,
                           size_t n)
{
    if (!plain_identifier(s, n))
        return false;
    if (style == ANK_STYLE_OTHER)
        return true;
    ank_style primary;
    return ank__naming_styles(s, n, lang, &primary) & (1u << style);
}

/* By hand: (language, style, name, fits). */
static void test_style_examples(void)
{
    static const struct {
        ank_lang lang;
        ank_style style;
        const char *name;
        bool fits;
    } ex[] = {
        {ANK_LANG_PYTHON, ANK_STYLE_SNAKE, "get_value", true},
        {ANK_LANG_PYTHON, ANK_STYLE_SNAKE, "_private_name_", true},
        {ANK_LANG_PYTHON, ANK_STYLE_SNAKE, "__init__", true},
        {ANK_LANG_PYTHON, ANK_STYLE_SNAKE, "x2_y", true},
        {ANK_LANG_PYTHON, ANK_STYLE_SNAKE, "getValue", false},
        {ANK_LANG_PYTHON, ANK_STYLE_SNAKE, "get_Value", false},
        {ANK_LANG_PYTHON, ANK_STYLE_SNAKE, "2fast", false},
        {ANK_LANG_PYTHON, ANK_STYLE_SNAKE, "_2fast", true},
        {ANK_LANG_PYTHON, ANK_STYLE_PASCAL, "HTTPServerError", true},
        {ANK_LANG_PYTHON, ANK_STYLE_PASCAL, "ID", true},
        {ANK_LANG_PYTHON, ANK_STYLE_SCREAMING, "MAX_SIZE", true},
        {ANK_LANG_PYTHON, ANK_STYLE_SCREAMING, "Max_SIZE", false},
        {ANK_LANG_TYPESCRIPT, ANK_STYLE_CAMEL, "parseXMLData", true},
        {ANK_LANG_TYPESCRIPT, ANK_STYLE_CAMEL, "ParseData", false},
        {ANK_LANG_TYPESCRIPT, ANK_STYLE_KEBAB, "my-module", true},
        {ANK_LANG_TYPESCRIPT, ANK_STYLE_KEBAB, "my_module", false},
        {ANK_LANG_TYPESCRIPT, ANK_STYLE_FLAT, "utf8", true},
        {ANK_LANG_TYPESCRIPT, ANK_STYLE_FLAT, "$scope", false},
        {ANK_LANG_RUST, ANK_STYLE_PASCAL, "HttpServer", true},
        {ANK_LANG_RUST, ANK_STYLE_PASCAL, "HTTPServer", false},
        {ANK_LANG_RUST, ANK_STYLE_PASCAL, "ID", false},
        {ANK_LANG_RUST, ANK_STYLE_PASCAL, "T", true},
        {ANK_LANG_RUST, ANK_STYLE_CAMEL, "getIp", true},
        {ANK_LANG_RUST, ANK_STYLE_CAMEL, "getIP", false},
        {ANK_LANG_ZIG, ANK_STYLE_CAMEL, "readAll", true},
        {ANK_LANG_ZIG, ANK_STYLE_CAMEL, "parseXMLData", false},
        {ANK_LANG_GO, ANK_STYLE_CAMEL, "ServeHTTP", true},
        {ANK_LANG_GO, ANK_STYLE_CAMEL, "serveHTTP", true},
        {ANK_LANG_GO, ANK_STYLE_CAMEL, "ID", true},
        {ANK_LANG_GO, ANK_STYLE_PASCAL, "ServeHTTP", false},
        {ANK_LANG_GO, ANK_STYLE_PASCAL, "ID", true},
        {ANK_LANG_GO, ANK_STYLE_SNAKE, "Foo_bar", true},
        {ANK_LANG_GO, ANK_STYLE_SNAKE, "foo_Bar", false},
        {ANK_LANG_GO, ANK_STYLE_FLAT, "Name", true},
        {ANK_LANG_PYTHON, ANK_STYLE_SNAKE, "gr\xC3\xBC\xC3\x9F" "en", true},
        {ANK_LANG_PYTHON, ANK_STYLE_FLAT, "\xE5\x90\x8D\xE5\x89\x8D", true},
        {ANK_LANG_PYTHON, ANK_STYLE_PASCAL, "A\xE5\x90\x8D", true},
        {ANK_LANG_RUST, ANK_STYLE_PASCAL, "AB\xE5\x90\x8D" "x", true},
        {ANK_LANG_GO, ANK_STYLE_PASCAL, "A\xE5\x90\x8D", true},
        {ANK_LANG_PYTHON, ANK_STYLE_OTHER, "get_Value", true},
        {ANK_LANG_PYTHON, ANK_STYLE_OTHER, "9lives", false},
        {ANK_LANG_PYTHON, ANK_STYLE_OTHER, "a b", false},
    };
    for (size_t i = 0; i < sizeof ex / sizeof *ex; i++) {
        const char *re = ank__regex_style(ex[i].lang, ex[i].style);
        size_t n = strlen(ex[i].name);
        test_pcre p;
        CHECK(test_pcre_open(&p, re, false));
        int got = test_pcre_run(&p, ex[i].name, n);
        test_pcre_close(&p);
        if (got != ex[i].fits ||
            style_expected(ex[i].lang, ex[i].style, ex[i].name, n) !=
                ex[i].fits) {
            fprintf(stderr, "    style %s of %s: regex %d, naming.c %d\n",
                    ank__style_name(ex[i].style), ex[i].name, got,
                    style_expected(ex[i].lang, ex[i].style, ex[i].name, n));
            test_failures++;
        }
    }
}

/* The one difference from naming.c: the regexes case no non-ASCII letter
 * (XGrammar cannot read such classes), so "Über" counts as lower case. */
static void test_style_non_ascii(void)
{
    test_pcre p;
    const char *uber = "\xC3\x9C" "ber";
    CHECK(test_pcre_open(
        &p, ank__regex_style(ANK_LANG_PYTHON, ANK_STYLE_SNAKE), false));
    CHECK_INT(test_pcre_run(&p, uber, strlen(uber)), 1);
    test_pcre_close(&p);
    CHECK(test_pcre_open(
        &p, ank__regex_style(ANK_LANG_PYTHON, ANK_STYLE_PASCAL), false));
    CHECK_INT(test_pcre_run(&p, uber, strlen(uber)), 0);
    test_pcre_close(&p);
    ank_style primary;
    CHECK_INT(ank__naming_styles(uber, strlen(uber), ANK_LANG_PYTHON,
                                 &primary),
              1u << ANK_STYLE_PASCAL);
}

/* Random identifiers: regex (PCRE2 and DFA) against naming.c. */
static void test_style_random(void)
{
    /* non-ASCII: letters naming.c does not case (the regexes case none) */
    static const uint32_t alphabet[] = {
        'a', 'b', 'z', 'A', 'B', 'Z', '0', '9', '_', '_', '-', 'c', 'D',
        0xD7, 0x4E2D, 0xA9, 0x1F600, 0x5D0, '$', ' '};
    size_t nalpha = sizeof alphabet / sizeof *alphabet;
    size_t disagree = 0, positives = 0, total = 0;
    for (size_t l = 0; l < NLANGS; l++) {
        for (int s = 0; s < ANK_STYLE_COUNT_; s++) {
            const char *re = ank__regex_style(langs[l], (ank_style)s);
            test_pcre p;
            ank_dfa *d = NULL;
            ank_error e;
            CHECK(test_pcre_open(&p, re, false));
            CHECK_INT(ank__dfa_build(&re, 1, true, &d, &e), ANK_OK);
            if (!d) {
                test_pcre_close(&p);
                continue;
            }
            for (int t = 0; t < 3000; t++) {
                char buf[64];
                size_t n = 0, len = 1 + rnd(8);
                for (size_t k = 0; k < len; k++)
                    put_cp(buf, &n, alphabet[rnd((uint32_t)nalpha)]);
                bool want = style_expected(langs[l], (ank_style)s, buf, n);
                int got = test_pcre_run(&p, buf, n);
                bool dfa = ank__dfa_match(d, buf, n);
                total++;
                positives += want;
                if (got != want || dfa != want) {
                    if (disagree++ < 10)
                        fprintf(stderr,
                                "    %s %s '%.*s': naming.c %d, PCRE2 %d, "
                                "DFA %d\n",
                                ank_lang_name(langs[l]),
                                ank__style_name((ank_style)s), (int)n, buf,
                                want, got, dfa);
                }
            }
            ank__dfa_free(d);
            test_pcre_close(&p);
        }
    }
    CHECK_INT(disagree, 0);
    CHECK(positives > total / 20);
}

/* -------------------------------------------------------- patterns */

/* By hand: a text that uses the pattern and one that does not. */
static const struct {
    const char *id, *yes, *no;
} pattern_examples[] = {
    {"python.eval", "x = eval(src)", "x = retrieval(src); df.eval(q)"},
    {"python.eval", "builtins.exec (code)", "evaluate(x)"},
    {"python.pickle", "obj = pickle.loads(blob)", "pickle.dumps(obj)"},
    {"python.yaml_load", "yaml.load(f)", "yaml.safe_load(f)"},
    {"python.yaml_load", "yaml.unsafe_load(s)", "yaml.safe_load(s)"},
    {"python.subprocess_shell", "subprocess.run(cmd, shell=True)",
     "subprocess.run(cmd, shell=False)"},
    {"python.os_system", "os.system(\"ls\")", "pos.system(x); os.path(x)"},
    {"python.sql_format", "cur.execute(f\"SELECT {x}\")",
     "cur.execute(\"SELECT ?\", (x,))"},
    {"python.sql_format", "cur.executemany(fr'INSERT {t}', rows)",
     "cur.execute(query); cur.execute(\"SELECT %s\", (x,))"},
    {"python.hardcoded_secret", "API_KEY = \"sk_live_4f9a8b7c6d5e4f3a\"",
     "password = \"\"; password_hash = h"},
    {"python.tls_no_verify", "requests.get(u, verify=False)",
     "requests.get(u, verify=True)"},
    {"typescript.eval", "const v = eval(code);", "medieval(code); x.eval(c)"},
    {"typescript.eval", "window.eval(s)", "$eval(s)"},
    {"typescript.new_function", "new Function(\"a\", body)",
     "myFunction(a)"},
    {"typescript.inner_html", "el.innerHTML = html;",
     "if (el.innerHTML === x) {}"},
    {"typescript.dangerously_set_inner_html",
     "<div dangerouslySetInnerHTML={{__html: x}} />", "<div html={x} />"},
    {"typescript.child_process_exec", "exec(`rm ${dir}`)",
     "exec(\"ls\"); re.exec(a + b)"},
    {"typescript.child_process_exec", "child_process.execSync(cmd + dir)",
     "cp.exec(cmd + dir)"},
    {"typescript.explicit_any", "function f(x: any) {}",
     "const anyway = many; // any"},
    {"typescript.ts_ignore", "// @ts-ignore", "// ts ignore"},
    {"typescript.ts_nocheck", "// @ts-nocheck", "// @ts-check"},
    {"rust.unsafe_block", "let p = unsafe { *ptr };", "let unsafe_x = 1;"},
    {"rust.unsafe_fn", "pub unsafe fn raw() {}", "fn unsafe_fn() {}"},
    {"rust.shell_command",
     "Command::new(\"sh\").arg(\"-c\").arg(cmd)",
     "Command::new(\"ls\").arg(\"-c\")"},
    {"rust.transmute", "let x: u32 = mem::transmute(f);",
     "let transmuted = x;"},
    {"rust.transmute", "std::mem::transmute::<f32, u32>(f)", "transmuter(x)"},
    {"go.exec_shell", "exec.Command(\"sh\", \"-c\", cmd)",
     "exec.Command(\"ls\", \"-l\")"},
    {"go.exec_shell", "exec.CommandContext(ctx, \"/bin/bash\", \"-ec\", s)",
     "exec.Command(\"sh\", \"script.sh\")"},
    {"go.tls_insecure_skip_verify", "&tls.Config{InsecureSkipVerify: true}",
     "InsecureSkipVerify: false"},
    {"go.sql_sprintf", "db.Query(fmt.Sprintf(\"SELECT %s\", t))",
     "db.Query(\"SELECT ?\", t)"},
    {"go.unsafe_pointer", "p := unsafe.Pointer(&x)", "unsafe.Sizeof(x)"},
    {"zig.ptr_cast", "const p: *u8 = @ptrCast(q);", "ptrCast(q)"},
    {"zig.int_from_ptr", "@intFromPtr(p)", "@intFromFloat(f)"},
    {"zig.ptr_from_int", "@ptrFromInt(addr)", "@intFromPtr(p)"},
    {"zig.catch_unreachable_io",
     "const f = std.fs.cwd().openFile(p, .{}) catch unreachable;",
     "const n = parse(s) catch |err| return err;"},
    {"zig.undefined_secret", "var key: [32]u8 = undefined;",
     "var buf: [32]u8 = undefined;"},
    {"zig.hardcoded_secret", "const api_key = \"abc123\";",
     "const api_key = \"\";"},
    {"zig.shell_command", ".{ \"sh\", \"-c\", cmd }",
     ".{ \"sh\", \"-c\", \"ls\" }"},
    {"zig.runtime_safety_off", "@setRuntimeSafety(false);",
     "@setRuntimeSafety(true);"},
};

static void test_pattern_examples(void)
{
    for (size_t i = 0; i < sizeof pattern_examples / sizeof *pattern_examples;
         i++) {
        const char *re = ank__regex_pattern(pattern_examples[i].id);
        CHECK(re != NULL);
        if (!re)
            continue;
        test_pcre p;
        ank_dfa *d = NULL;
        CHECK(test_pcre_open(&p, re, false));
        CHECK_INT(ank__dfa_build(&re, 1, false, &d, NULL), ANK_OK);
        const char *yes = pattern_examples[i].yes, *no = pattern_examples[i].no;
        int py = test_pcre_run(&p, yes, strlen(yes));
        int pn = test_pcre_run(&p, no, strlen(no));
        bool dy = d && ank__dfa_match(d, yes, strlen(yes));
        bool dn = d && ank__dfa_match(d, no, strlen(no));
        if (py != 1 || pn != 0 || !dy || dn) {
            fprintf(stderr, "    %s: yes PCRE2 %d DFA %d, no PCRE2 %d DFA %d\n",
                    pattern_examples[i].id, py, dy, pn, dn);
            test_failures++;
        }
        ank__dfa_free(d);
        test_pcre_close(&p);
    }
}

/* Pieces of text that the patterns are made of, so random texts match. */
static const char *const pieces[] = {
    "eval", "exec", "builtins", ".", "(", ")", " ", "\t", "\n", "os",
    "system", "pickle", "loads", "yaml", "load", "Loader", "=", ",",
    "shell", "True", "False", "verify", "subprocess", "getoutput",
    "execute", "f", "\"", "'", "%", "+", "format", "password", "API_KEY",
    "0123456789abcdef", "window", "Function", "innerHTML", "$", "{", "}",
    "`", "exec", "Sync", ":", "any", "as", "<", "@ts-ignore", "unsafe",
    "fn", "extern", "Command::new", "sh", "-c", "/bin/", "transmute", "::",
    "Command", "InsecureSkipVerify", "true", "false", "Query", "fmt",
    "Sprintf", "Pointer", "@ptrCast", "@intFromPtr", "@ptrFromInt",
    "catch", "unreachable", "read", "fs", "key", "[", "]", "u8",
    "undefined", "secret", "@setRuntimeSafety", "x", "_", "9", "\xC3\xA9",
    ";", "\\", "#", "const",
};

static void add_piece(char *buf, size_t *n)
{
    const char *p = pieces[rnd(sizeof pieces / sizeof *pieces)];
    memcpy(buf + *n, p, strlen(p));
    *n += strlen(p);
}

/* Random pieces; half the time around a hand example of a pattern whose
 * id starts with `prefix`, edited at a few random places. */
static void random_text(char *buf, size_t *n, const char *prefix)
{
    size_t k = rnd(12);
    *n = 0;
    for (size_t i = 0; i < k; i++)
        add_piece(buf, n);
    if (rnd(2)) {
        size_t m = 0, ne = sizeof pattern_examples / sizeof *pattern_examples;
        const char *ex[64];
        for (size_t i = 0; i < ne; i++)
            if (strncmp(pattern_examples[i].id, prefix, strlen(prefix)) == 0)
                ex[m++] = pattern_examples[i].yes;
        const char *y = m ? ex[rnd((uint32_t)m)] : "";
        size_t start = *n;
        memcpy(buf + *n, y, strlen(y));
        *n += strlen(y);
        for (uint32_t edits = rnd(4); edits > 0 && *n > start; edits--) {
            size_t at = start + rnd((uint32_t)(*n - start));
            if ((unsigned char)buf[at] >= 0x80)
                continue; /* keep UTF-8 whole */
            char tail[256];
            size_t tl = *n - at - 1;
            memcpy(tail, buf + at + 1, tl);
            *n = at;
            if (rnd(2))
                add_piece(buf, n);
            memcpy(buf + *n, tail, tl);
            *n += tl;
        }
    }
    for (size_t i = rnd(6); i > 0; i--)
        add_piece(buf, n);
}

/* The contains-DFA of each pattern against PCRE2's unanchored search, and
 * per language one DFA of all its patterns against any of them. */
static void test_pattern_random(void)
{
    const ank_pattern *(*cats[])(size_t *) = {
        ank__patterns_python, ank__patterns_typescript, ank__patterns_rust,
        ank__patterns_go, ank__patterns_zig};
    size_t disagree = 0, hits = 0;
    for (size_t c = 0; c < sizeof cats / sizeof *cats; c++) {
        size_t np;
        const ank_pattern *pats = cats[c](&np);
        const char *res[16];
        test_pcre ps[16];
        ank_error e;
        for (size_t i = 0; i < np && i < 16; i++) {
            res[i] = ank__regex_pattern(pats[i].id);
            CHECK(test_pcre_open(&ps[i], res[i], false));
        }
        for (size_t i = 0; i < np; i++) {
            ank_dfa *d = NULL;
            CHECK_INT(ank__dfa_build(&res[i], 1, false, &d, &e), ANK_OK);
            for (int t = 0; d && t < 1500; t++) {
                char buf[1024];
                size_t n;
                random_text(buf, &n, pats[i].id);
                int want = test_pcre_run(&ps[i], buf, n);
                hits += want == 1;
                if (want != ank__dfa_match(d, buf, n) && disagree++ < 10)
                    fprintf(stderr, "    %s on '%.*s': PCRE2 %d\n",
                            pats[i].id, (int)n, buf, want);
            }
            ank__dfa_free(d);
        }
        ank_dfa *all = NULL;
        CHECK_INT(ank__dfa_build(res, np, false, &all, &e), ANK_OK);
        for (int t = 0; all && t < 3000; t++) {
            char buf[1024];
            size_t n;
            char lang[16];
            snprintf(lang, sizeof lang, "%.*s.",
                     (int)strcspn(pats[0].id, "."), pats[0].id);
            random_text(buf, &n, lang);
            int want = 0;
            for (size_t i = 0; i < np && !want; i++)
                want = test_pcre_run(&ps[i], buf, n) == 1;
            if (want != ank__dfa_match(all, buf, n) && disagree++ < 10)
                fprintf(stderr, "    all %s patterns on '%.*s': PCRE2 %d\n",
                        pats[0].id, (int)n, buf, want);
        }
        ank__dfa_free(all);
        for (size_t i = 0; i < np; i++)
            test_pcre_close(&ps[i]);
    }
    CHECK_INT(disagree, 0);
    CHECK(hits > 10000);
}

/* ------------------------------------------------------ backtracking */

/* Long runs and near misses: PCRE2 never gives up on any emitted regex
 * with a match limit of 100000 on inputs up to 10k characters, nor with
 * 1000000 on 100k characters (PCRE2 counts each step back through a class
 * loop, so a linear regex needs about one per character there; a
 * quadratic one needs 10^8 at 10k). */
static void test_backtracking(void)
{
    /* the first LONG_UNITS also at 100k characters */
    static const char *const units[] = {
        "a", "_", " ", "aA", "Ab", "a_", "\xC3\xA9", "eval ", "password = \"",
        "A", "_a", "A_", "9", "-", "a-",
        "AB\xE4\xB8\xAD", "\t", "eval", "os.system ", "password=\"abc",
        "exec(`", "exec(\"a", ".execute(\"",
        "Command::new(\"sh\")", "{ \"sh\", \"-c\", ", "key: [", "(", ")",
        "\"", "'", "fs.read(", "catch ", "exec.Command(\"sh\", ",
        "unsafe ", ": ", "yaml.load(", "transmute::", "aB1",
    };
    enum { LONG_UNITS = 9 };
    const char *res[128];
    size_t nre = 0;
    const ank_pattern *pats[64];
    size_t np = all_patterns(pats, 64);
    for (size_t i = 0; i < np; i++)
        res[nre++] = ank__regex_pattern(pats[i]->id);
    for (size_t l = 0; l < NLANGS; l++)
        for (int s = 0; s < ANK_STYLE_COUNT_; s++)
            res[nre++] = ank__regex_style(langs[l], (ank_style)s);
    static const size_t lengths[] = {10, 1000, 10000, 100000};
    char *buf = ank__malloc(100000 + 64);
    size_t limits = 0, runs = 0;
    for (size_t r = 0; buf && r < nre; r++) {
        test_pcre p;
        if (!test_pcre_open(&p, res[r], false)) {
            test_failures++;
            continue;
        }
        for (size_t u = 0; u < sizeof units / sizeof *units; u++)
            for (size_t k = 0; k < sizeof lengths / sizeof *lengths; k++)
                for (int tail = 0; tail < 2; tail++) {
                    if (lengths[k] > 10000 && u >= LONG_UNITS)
                        continue; /* time: the first units only */
                    size_t n = 0, ul = strlen(units[u]);
                    while (n + ul <= lengths[k]) {
                        memcpy(buf + n, units[u], ul);
                        n += ul;
                    }
                    if (tail) /* a near miss: a bad last character */
                        buf[n++] = '!';
                    pcre2_set_match_limit(p.mc, n > 10001 ? 1000000 : 100000);
                    int rc = test_pcre_run(&p, buf, n);
                    runs++;
                    if (rc == PCRE2_ERROR_MATCHLIMIT && limits++ < 5)
                        fprintf(stderr, "    match limit: %.60s on %zu x "
                                        "'%s'\n",
                                res[r], n / ul, units[u]);
                }
        test_pcre_close(&p);
    }
    ank__free(buf);
    CHECK_INT(limits, 0);
    CHECK(runs > 1000);
}

/* ----------------------------------------------------------- DFA */

static void test_dfa_basics(void)
{
    ank_dfa *d = NULL;
    ank_error e;
    const char *re[] = {"ab|cd", "^x", "y$"};
    CHECK_INT(ank__dfa_build(re, 3, false, &d, &e), ANK_OK);
    CHECK(ank__dfa_match(d, "zzabzz", 6));
    CHECK(ank__dfa_match(d, "xzz", 3));
    CHECK(!ank__dfa_match(d, "zxz", 3));
    CHECK(ank__dfa_match(d, "zzy", 3));
    CHECK(!ank__dfa_match(d, "zyz", 3));
    CHECK(!ank__dfa_match(d, "", 0));
    ank__dfa_complement(d);
    CHECK(!ank__dfa_match(d, "zzcd", 4));
    CHECK(ank__dfa_match(d, "zzc", 3));
    CHECK(ank__dfa_live(d, 0));
    ank__dfa_free(d);

    /* anchored, classes and bounded repetition */
    const char *re2 = "^a[0-9]{2,3}(?:\xC3\xA9|z)*$";
    CHECK_INT(ank__dfa_build(&re2, 1, true, &d, &e), ANK_OK);
    CHECK(ank__dfa_match(d, "a12", 3));
    CHECK(ank__dfa_match(d, "a123z\xC3\xA9z", 8));
    CHECK(!ank__dfa_match(d, "a1", 2));
    CHECK(!ank__dfa_match(d, "a1234", 5));
    CHECK(!ank__dfa_match(d, "a12\xC3", 4)); /* invalid UTF-8: U+FFFD */
    /* minimal: a, two digits, optional third, loop: 5 states + dead */
    CHECK_INT(ank__dfa_nstates(d), 6);
    uint32_t digit = ank__dfa_class_of(d, '5');
    size_t nr;
    const uint32_t *r = ank__dfa_class_ranges(d, digit, &nr);
    CHECK_INT(nr, 1);
    CHECK_INT(r[0], '0');
    CHECK_INT(r[1], '9');
    CHECK_INT(ank__dfa_class_of(d, 0xE9), ank__dfa_class_of(d, 'z'));
    ank__dfa_free(d);

    /* no regex: contains nothing; the empty regex is refused */
    CHECK_INT(ank__dfa_build(NULL, 0, false, &d, &e), ANK_OK);
    CHECK(!ank__dfa_match(d, "abc", 3));
    CHECK_INT(ank__dfa_nstates(d), 1);
    ank__dfa_free(d);
    const char *empty = "";
    CHECK_INT(ank__dfa_build(&empty, 1, false, &d, &e), ANK_ERR_FORMAT);
    CHECK(d == NULL);

    /* limits: the subset construction of (a|b)*a(a|b){12} needs 2^13 */
    const char *big = "^[ab]*a[ab]{12}$";
    CHECK_INT(ank__dfa_build(&big, 1, true, &d, &e), ANK_ERR_LIMIT);
    CHECK(strstr(e.message, "4096") != NULL);
    const char *huge = "(?:(?:a{1000}){1000})";
    CHECK_INT(ank__dfa_build(&huge, 1, true, &d, &e), ANK_ERR_LIMIT);
}

/* Each forbid pattern's `need` literals (regex_emit.c) hold for every
 * match: a text that contains a match contains one of them.  Checked on
 * the automata: no state pair reachable in the product of "contains a
 * match" and "contains a need" accepts the first and not the second. */
static void test_pattern_needs(void)
{
    const ank_pattern *pats[64];
    size_t np = all_patterns(pats, 64);
    for (size_t i = 0; i < np; i++) {
        const char *need[2] = {NULL, NULL};
        const char *re = ank__regex_pattern_need(pats[i]->id, need);
        CHECK(re != NULL && need[0] != NULL);
        if (!re || !need[0])
            continue;
        char lit[2][128];
        const char *lits[2];
        size_t nl = 0;
        for (; nl < 2 && need[nl]; nl++) {
            size_t k = 0;
            for (const char *c = need[nl]; *c && k + 2 < sizeof lit[nl]; c++) {
                if (strchr(".^$|()[]{}*+?\\/", *c))
                    lit[nl][k++] = '\\';
                lit[nl][k++] = *c;
            }
            lit[nl][k] = '\0';
            lits[nl] = lit[nl];
        }
        ank_dfa *a = NULL, *b = NULL;
        CHECK_INT(ank__dfa_build(&re, 1, false, &a, NULL), ANK_OK);
        CHECK_INT(ank__dfa_build(lits, nl, false, &b, NULL), ANK_OK);
        if (!a || !b) {
            ank__dfa_free(a);
            ank__dfa_free(b);
            continue;
        }
        /* one code point per interval that both automata treat alike */
        size_t nrep = 0;
        uint32_t *rep = malloc((a->nint + b->nint) * sizeof *rep);
        for (uint32_t k = 0; rep && k < a->nint; k++)
            rep[nrep++] = a->lo[k];
        for (uint32_t k = 0; rep && k < b->nint; k++)
            rep[nrep++] = b->lo[k];
        size_t npairs = (size_t)a->nstates * b->nstates;
        uint8_t *seen = calloc(npairs, 1);
        uint32_t *queue = malloc(npairs * sizeof *queue);
        size_t head = 0, tail = 0, bad = 0;
        if (rep && seen && queue) {
            seen[0] = 1;
            queue[tail++] = 0;
        }
        while (head < tail) {
            uint32_t pair = queue[head++];
            uint32_t x = pair / b->nstates, y = pair % b->nstates;
            if (a->accept[x] && !b->accept[y])
                bad++;
            for (size_t r = 0; r < nrep; r++) {
                uint32_t nx = a->next[(size_t)x * a->nclasses +
                                      ank__dfa_class_of(a, rep[r])];
                uint32_t ny = b->next[(size_t)y * b->nclasses +
                                      ank__dfa_class_of(b, rep[r])];
                uint32_t np2 = nx * b->nstates + ny;
                if (!seen[np2]) {
                    seen[np2] = 1;
                    queue[tail++] = np2;
                }
            }
        }
        if (bad)
            fprintf(stderr, "    %s: a match holds none of its needs\n",
                    pats[i]->id);
        CHECK(tail > 0);
        CHECK_INT((long long)bad, 0);
        free(rep);
        free(seen);
        free(queue);
        ank__dfa_free(a);
        ank__dfa_free(b);
    }
}

void test_braid_regex(void)
{
    test_check();
    test_style_examples();
    test_style_non_ascii();
    test_style_random();
    test_pattern_examples();
    test_pattern_random();
    test_pattern_needs();
    test_backtracking();
    test_dfa_basics();
}
