/*
 * test_clew.c - the extraction API: argument checks, bad input (binary,
 * oversized, invalid UTF-8, BOM, CRLF, empty, 10,000 levels of nesting in
 * every language), stable ids, syntax-error confidence, language lookup,
 * allocation failure at every point, and leak-free freeing.
 */
#include <stdlib.h>

#include <jansson.h>

#include "../../ffi/alloc.h"
#include "test.h"
#include "tests.h"

static ank_clew *new_clew(size_t max)
{
    ank_clew *clew = NULL;
    ank_clew_options o = {.max_file_size = max};
    CHECK_INT(ank_clew_new(&o, &clew, NULL), ANK_OK);
    return clew;
}

/* Extract `src` and return the JSON text (caller frees with ank_free). */
static char *extract_json(ank_clew *clew, ank_lang lang, const char *src,
                          size_t len, const char *path, ank_status *status)
{
    ank_result *r = ank_result_new();
    char *json = NULL;
    ank_error e;
    *status = ank_clew_extract(clew, lang, src, len, path, r, &e);
    if (*status == ANK_OK)
        CHECK_INT(ank_result_write(r, ANK_FORMAT_JSON, &json, NULL, NULL),
                  ANK_OK);
    ank_result_free(r);
    return json;
}

void test_languages(void)
{
    CHECK_INT(ank_lang_from_path("a/b.ts"), ANK_LANG_TYPESCRIPT);
    CHECK_INT(ank_lang_from_path("x.d.ts"), ANK_LANG_TYPESCRIPT);
    CHECK_INT(ank_lang_from_path("x.mts"), ANK_LANG_TYPESCRIPT);
    CHECK_INT(ank_lang_from_path("x.cts"), ANK_LANG_TYPESCRIPT);
    CHECK_INT(ank_lang_from_path("x.tsx"), ANK_LANG_TSX);
    CHECK_INT(ank_lang_from_path("x.py"), ANK_LANG_PYTHON);
    CHECK_INT(ank_lang_from_path("x.pyi"), ANK_LANG_PYTHON);
    CHECK_INT(ank_lang_from_path("x.rs"), ANK_LANG_RUST);
    CHECK_INT(ank_lang_from_path("x.go"), ANK_LANG_GO);
    CHECK_INT(ank_lang_from_path("x.zig"), ANK_LANG_ZIG);
    CHECK_INT(ank_lang_from_path("x.c"), ANK_LANG_UNKNOWN);
    CHECK_INT(ank_lang_from_path(".ts"), ANK_LANG_UNKNOWN);
    CHECK_INT(ank_lang_from_path("dir.ts/file"), ANK_LANG_UNKNOWN);
    CHECK_INT(ank_lang_from_path(NULL), ANK_LANG_UNKNOWN);
    CHECK_INT(ank_lang_from_name("py"), ANK_LANG_PYTHON);
    CHECK_INT(ank_lang_from_name("tsx"), ANK_LANG_TSX);
    CHECK_INT(ank_lang_from_name("cobol"), ANK_LANG_UNKNOWN);
    CHECK_INT(ank_lang_from_name(NULL), ANK_LANG_UNKNOWN);
    CHECK_STR(ank_lang_name(ANK_LANG_TSX), "typescript");
    CHECK(ank_lang_name(ANK_LANG_UNKNOWN) == NULL);
    CHECK(ank_lang_name((ank_lang)99) == NULL);
}

void test_api_arguments(void)
{
    ank_clew *clew = new_clew(0);
    ank_result *r = ank_result_new();
    ank_error e;
    CHECK_INT(ank_clew_new(NULL, NULL, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_clew_extract(NULL, ANK_LANG_GO, "", 0, "a.go", r, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_GO, "", 0, "a.go", NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_GO, NULL, 5, "a.go", r, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(e.message[0] != '\0');
    /* NULL source with length 0 is an empty file. */
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_GO, NULL, 0, "a.go", r, NULL),
              ANK_OK);
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_UNKNOWN, "x", 1, "a.c", r, &e),
              ANK_ERR_UNSUPPORTED_LANGUAGE);
    CHECK_INT(ank_clew_extract(clew, (ank_lang)77, "x", 1, "a.go", r, &e),
              ANK_ERR_UNSUPPORTED_LANGUAGE);
    char *out = (char *)1;
    CHECK_INT(ank_result_write(NULL, ANK_FORMAT_JSON, &out, NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(out == NULL);
    CHECK_INT(ank_result_write(r, (ank_format)9, &out, NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_result_add_skipped(r, NULL, "x", &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_result_count(NULL), 0);
    CHECK(ank_result_get(r, 12345) == NULL);
    CHECK(ank_constraint_name(NULL) == NULL);
    ank_file_info info;
    CHECK_INT(ank_result_file(r, 0, &info), ANK_OK);
    CHECK_STR(info.path, "a.go");
    CHECK_INT(ank_result_file(r, 1, &info), ANK_ERR_INVALID_ARGUMENT);
    /* Freeing NULL is a no-op. */
    ank_result_free(NULL);
    ank_clew_free(NULL);
    ank_free(NULL);
    ank_result_free(r);
    ank_clew_free(clew);
}

void test_bad_input(void)
{
    ank_clew *clew = new_clew(64);
    ank_result *r = ank_result_new();
    ank_error e;
    /* Binary: a NUL byte near the start. */
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, "x = 1\0\1\2", 9,
                               "bin.py", r, &e),
              ANK_ERR_BINARY);
    /* Over the size limit. */
    char big[65];
    memset(big, ' ', sizeof big);
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, big, sizeof big, "big.py",
                               r, &e),
              ANK_ERR_TOO_LARGE);
    CHECK(strstr(e.message, "big.py") != NULL);
    /* Failures leave the result as it was. */
    CHECK_INT(ank_result_file_count(r), 0);
    ank_result_free(r);
    ank_clew_free(clew);
}

void test_utf8_bom_crlf(void)
{
    ank_clew *clew = new_clew(0);
    ank_status s;
    /* Invalid UTF-8 in names and strings: the output stays valid JSON with
     * U+FFFD in place of each bad byte. */
    const char src[] = "def f\xff(a: \"\xc3\x28\") -> int:\n    return '\xfe'\n";
    char *json = extract_json(clew, ANK_LANG_PYTHON, src, sizeof src - 1,
                              "bad\x80.py", &s);
    CHECK_INT(s, ANK_OK);
    json_error_t jerr;
    json_t *doc = json ? json_loads(json, 0, &jerr) : NULL;
    CHECK(doc != NULL); /* jansson rejects invalid UTF-8 */
    CHECK(json && strstr(json, "bad\xEF\xBF\xBD.py") != NULL);
    json_decref(doc);
    ank_free(json);

    /* A BOM is skipped, but offsets and columns count it. */
    ank_result *r = ank_result_new();
    const char bom[] = "\xEF\xBB\xBF" "def g(): pass\n";
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, bom, sizeof bom - 1,
                               "bom.py", r, NULL),
              ANK_OK);
    CHECK_INT(test_count_kind(r, "function.signature"), 1);
    ank_location loc =
        ank_constraint_location(NTH_OF_KIND(r, "function.signature", 0));
    CHECK_INT(loc.start_byte, 3);
    CHECK_INT(loc.start_column, 4);
    CHECK_INT(loc.start_line, 1);

    /* CRLF: lines count the same as LF. */
    const char crlf[] = "import os\r\n\r\ndef h(x):\r\n    return x\r\n";
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, crlf, sizeof crlf - 1,
                               "crlf.py", r, NULL),
              ANK_OK);
    ank_file_info info;
    CHECK_INT(ank_result_file(r, 1, &info), ANK_OK);
    CHECK_INT(info.lines, 4);
    CHECK_INT(test_count_kind(r, "function.signature"), 2);
    CHECK_INT(test_count_kind(r, "import.module"), 1);
    loc = ank_constraint_location(NTH_OF_KIND(r, "function.signature", 1));
    CHECK_INT(loc.start_line, 3);
    CHECK_INT(loc.start_column, 1);
    ank_result_free(r);

    /* Empty input: nothing declared; only the file name is an identifier. */
    r = ank_result_new();
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_RUST, "", 0, "empty.rs", r, NULL),
              ANK_OK);
    CHECK_INT(ank_result_count(r), 1);
    CHECK_STR(ank_constraint_kind(ank_result_get(r, 0)), "naming.convention");
    CHECK_STR(ank_constraint_name(ank_result_get(r, 0)), "module");
    ank_result_free(r);
    ank_clew_free(clew);
}

/* 10,000 levels of nesting: parentheses inside a function, and blocks. */
static char *deep_source(ank_lang lang, int depth)
{
    static const struct {
        ank_lang lang;
        const char *head, *open, *mid, *close, *tail;
    } forms[] = {
        {ANK_LANG_TYPESCRIPT, "function f(): number { return ", "(", "1", ")",
         "; }\nfunction g() {}\n"},
        {ANK_LANG_TSX, "function f() { return ", "[", "1", "]", "; }\n"},
        {ANK_LANG_PYTHON, "def f():\n    return ", "(", "1", ")",
         "\n\ndef g():\n    pass\n"},
        {ANK_LANG_RUST, "fn f() -> i32 { ", "{", "1", "}", " }\nfn g() {}\n"},
        {ANK_LANG_GO, "package p\nfunc f() int { return ", "(", "1", ")",
         " }\nfunc g() {}\n"},
        {ANK_LANG_ZIG, "fn f() i32 { return ", "(", "1", ")",
         "; }\nfn g() void {}\n"},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        if (forms[i].lang != lang)
            continue;
        size_t n = strlen(forms[i].head) + strlen(forms[i].mid) +
                   strlen(forms[i].tail) + (size_t)depth * 2 + 1;
        char *s = malloc(n);
        if (!s)
            return NULL;
        char *p = s;
        p += sprintf(p, "%s", forms[i].head);
        for (int d = 0; d < depth; d++)
            *p++ = forms[i].open[0];
        p += sprintf(p, "%s", forms[i].mid);
        for (int d = 0; d < depth; d++)
            *p++ = forms[i].close[0];
        sprintf(p, "%s", forms[i].tail);
        return s;
    }
    return NULL;
}

void test_deep_nesting(void)
{
    ank_clew *clew = new_clew(0);
    for (int l = ANK_LANG_UNKNOWN + 1; l < ANK_LANG_COUNT_; l++) {
        char *src = deep_source((ank_lang)l, 10000);
        CHECK(src != NULL);
        if (!src)
            continue;
        ank_result *r = ank_result_new();
        ank_status s = ank_clew_extract(clew, (ank_lang)l, src, strlen(src),
                                        "deep", r, NULL);
        CHECK_INT(s, ANK_OK);
        /* The function around the nesting is still found. */
        int found = 0;
        for (size_t i = 0; i < ank_result_count(r); i++) {
            const ank_constraint *c = ank_result_get(r, i);
            found += strcmp(ank_constraint_kind(c), "function.signature") == 0 &&
                     strcmp(ank_constraint_name(c), "f") == 0;
        }
        if (found != 1)
            fprintf(stderr, "    language %s\n", ank_lang_name((ank_lang)l));
        CHECK_INT(found, 1);
        char *json = NULL;
        CHECK_INT(ank_result_write(r, ANK_FORMAT_JSON, &json, NULL, NULL), ANK_OK);
        ank_free(json);
        ank_result_free(r);
        free(src);
    }
    ank_clew_free(clew);
}

void test_stable_ids(void)
{
    ank_clew *clew = new_clew(0);
    const char a[] = "def f(): pass\ndef g(): pass\ndef f(): pass\n";
    /* The same declarations with an unrelated one added in front. */
    const char b[] = "import os\n\ndef new(): pass\ndef f(): pass\ndef g(): pass\n"
                     "def f(): pass\n";
    ank_result *ra = ank_result_new(), *rb = ank_result_new();
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, a, sizeof a - 1, "m.py", ra,
                               NULL), ANK_OK);
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, b, sizeof b - 1, "m.py", rb,
                               NULL), ANK_OK);
    const char *sig = "function.signature";
    CHECK_INT(test_count_kind(ra, sig), 3);
    CHECK_INT(test_count_kind(rb, sig), 4);
    const char *f1 = ank_constraint_id(NTH_OF_KIND(ra, sig, 0));
    const char *f2 = ank_constraint_id(NTH_OF_KIND(ra, sig, 2));
    CHECK(strcmp(f1, f2) != 0); /* same name, different occurrence */
    CHECK_INT(strlen(f1), 16);
    CHECK_STR(ank_constraint_id(NTH_OF_KIND(rb, sig, 1)), f1);
    CHECK_STR(ank_constraint_id(NTH_OF_KIND(rb, sig, 2)),
              ank_constraint_id(NTH_OF_KIND(ra, sig, 1)));
    CHECK_STR(ank_constraint_id(NTH_OF_KIND(rb, sig, 3)), f2);
    /* Another path gives other ids. */
    ank_result *rc = ank_result_new();
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, a, sizeof a - 1, "n.py", rc,
                               NULL), ANK_OK);
    CHECK(strcmp(ank_constraint_id(NTH_OF_KIND(rc, sig, 0)), f1) != 0);
    ank_result_free(ra);
    ank_result_free(rb);
    ank_result_free(rc);
    ank_clew_free(clew);
}

void test_syntax_error_confidence(void)
{
    ank_clew *clew = new_clew(0);
    const char src[] = "def ok(a): pass\n\ndef bad(a: int) -> int:\n"
                       "    y = f(1,,)\n    return y\n";
    ank_result *r = ank_result_new();
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, src, sizeof src - 1, "e.py",
                               r, NULL), ANK_OK);
    ank_file_info info;
    CHECK_INT(ank_result_file(r, 0, &info), ANK_OK);
    CHECK(info.parse_errors > 0);
    int saw_ok = 0, saw_bad = 0;
    for (size_t i = 0; i < ank_result_count(r); i++) {
        const ank_constraint *c = ank_result_get(r, i);
        if (strcmp(ank_constraint_kind(c), "function.signature") != 0)
            continue;
        if (strcmp(ank_constraint_name(c), "ok") == 0) {
            saw_ok = 1;
            CHECK(ank_constraint_confidence(c) == 1.0);
        } else if (strcmp(ank_constraint_name(c), "bad") == 0) {
            saw_bad = 1;
            CHECK(ank_constraint_confidence(c) < 1.0);
        }
    }
    CHECK(saw_ok && saw_bad);
    ank_result_free(r);
    ank_clew_free(clew);
}

/* One small file per language, used by the allocation-failure sweep. */
static const struct {
    ank_lang lang;
    const char *src;
} samples[] = {
    {ANK_LANG_PYTHON, "import os\nfrom . import x as y\n\n@dataclass\nclass A(B):\n"
                      "    \"\"\"Doc.\"\"\"\n    a: Optional[list[int]] = None\n"
                      "    def m(self, *a, k: int = 1, **kw) -> dict[str, int]:\n"
                      "        yield 1\n"},
    {ANK_LANG_TYPESCRIPT, "import {a as b} from './x';\nexport interface I<T> { "
                          "x?: T[]; f(a: string): Promise<void>; }\nexport "
                          "class C { private y: number = 1; m(): void {} }\n"},
    {ANK_LANG_RUST, "use std::collections::{HashMap, HashSet as S};\n#[derive(Debug)]\n"
                    "pub struct P<T> { pub a: Vec<T>, b: Option<HashMap<String, u8>> }\n"
                    "impl<T> P<T> { pub fn f(&self, x: &mut [u8; 4]) -> Result<(), E> "
                    "{ Ok(()) } }\n"},
    {ANK_LANG_GO, "package p\nimport (\n f \"fmt\"\n)\ntype S struct {\n A int "
                  "`json:\"a,omitempty\"`\n}\nfunc (s *S) M(a, b int, c ...string) "
                  "(int, error) { return 0, nil }\n"},
    {ANK_LANG_ZIG, "const std = @import(\"std\");\npub const P = struct {\n    a: "
                   "?[]const u8 = null,\n    pub fn f(self: *P, n: u32) !void {}\n};\n"},
};

void test_allocation_failures(void)
{
    ank_clew *clew = new_clew(0);
    for (size_t s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        size_t len = strlen(samples[s].src);
        int completed = 0;
        for (uint64_t n = 1; n < 100000 && !completed; n++) {
            ank_result *r = ank_result_new();
            if (!r)
                break;
            ank__alloc_fail_after(n);
            ank_status st = ank_clew_extract(clew, samples[s].lang,
                                             samples[s].src, len, "f", r, NULL);
            char *json = NULL;
            ank_status wst = st == ANK_OK
                                 ? ank_result_write(r, ANK_FORMAT_JSON, &json,
                                                    NULL, NULL)
                                 : ANK_ERR_NOMEM;
            ank__alloc_fail_after(0);
            CHECK(st == ANK_OK || st == ANK_ERR_NOMEM);
            if (st == ANK_ERR_NOMEM)
                CHECK_INT(ank_result_file_count(r), 0);
            CHECK(wst == ANK_OK || wst == ANK_ERR_NOMEM);
            completed = st == ANK_OK && wst == ANK_OK;
            ank_free(json);
            ank_result_free(r);
        }
        CHECK(completed);
    }
    ank_clew_free(clew);
}
