/*
 * test_braid_cprint.c - completion grammars printed straight from their
 * rules (completion_print.c) against the grammar model's printer: for
 * every language (Python with two indentations) and forbid sets of none,
 * one and all of the language's patterns, the text is the same in GBNF
 * and Lark, plain and JSON-escaped, printed alone or after the other
 * dialect, or both in one pass, and the same again through the model
 * (ank__completion_make's fallback).  Out of memory anywhere is
 * ANK_ERR_NOMEM.
 */
#include <stdlib.h>
#include <string.h>

#include "../../braid/completion.h"
#include "../../braid/grammar_print.h"
#include "../../braid/regex_emit.h"
#include "../../ffi/alloc.h"
#include "test.h"
#include "tests.h"

static const ank_gram_dialect dialects[2] = {ANK_GRAM_GBNF, ANK_GRAM_LARK};

/* The model's texts of one completion grammar: [dialect][json]; false
 * (and *st the error) when there is no grammar. */
static bool model_texts(ank_lang lang, const char *indent,
                        const char *const *forbid, size_t n,
                        char *want[2][2], ank_status *st)
{
    ank_gram *g = ank__gram_new();
    ank_error e;
    ank__error_clear(&e);
    ank_grule *root = ank__grammar_completion(g, lang, indent, forbid, n, &e);
    *st = root ? ANK_OK : e.code;
    if (root) {
        ank__gram_set_root(g, root);
        for (int d = 0; d < 2; d++)
            for (int json = 0; json < 2; json++) {
                ank_buf b = ANK_BUF_INIT;
                CHECK_INT(json ? ank__gram_write_json(g, dialects[d], &b)
                               : ank__gram_write(g, dialects[d], &b),
                          ANK_OK);
                want[d][json] = ank__buf_take(&b, NULL);
            }
        /* a reused printer prints the same, in either order */
        for (int json = 0; json < 2; json++)
            for (int first = 0; first < 2; first++) {
                ank_gprint *p = NULL;
                CHECK_INT(ank__gprint_new(g, &p), ANK_OK);
                for (int k = 0; p && k < 2; k++) {
                    int d = (first + k) % 2;
                    ank_buf b = ANK_BUF_INIT;
                    CHECK_INT(ank__gprint_write(p, dialects[d], json, &b),
                              ANK_OK);
                    CHECK_STR(b.data, want[d][json]);
                    ank__buf_release(&b);
                }
                ank__gprint_free(p);
            }
    }
    ank__gram_free(g);
    return root != NULL;
}

/* The texts of c in both orders of dialects, plain and JSON-escaped,
 * against want; appended after some text, which stays; and both at once
 * (ank__completion_write_both). */
static void compare(ank_completion *c, char *want[2][2])
{
    for (int json = 0; json < 2; json++) {
        ank_buf b[2] = {ANK_BUF_INIT, ANK_BUF_INIT};
        ank__buf_puts(&b[0], "x");
        ank__buf_puts(&b[1], "y");
        CHECK_INT(ank__completion_write_both(c, json, &b[0], &b[1]), ANK_OK);
        CHECK(b[0].data && b[0].data[0] == 'x' && b[1].data &&
              b[1].data[0] == 'y');
        for (int d = 0; d < 2; d++) {
            CHECK_STR(b[d].data ? b[d].data + 1 : NULL, want[d][json]);
            ank__buf_release(&b[d]);
        }
    }
    for (int json = 0; json < 2; json++)
        for (int first = 0; first < 2; first++)
            for (int k = 0; k < 2; k++) {
                int d = (first + k) % 2;
                ank_buf b = ANK_BUF_INIT;
                ank__buf_puts(&b, "x");
                CHECK_INT(ank__completion_write(c, dialects[d], json, &b),
                          ANK_OK);
                CHECK(b.data && b.data[0] == 'x');
                CHECK_STR(b.data ? b.data + 1 : NULL, want[d][json]);
                ank__buf_release(&b);
            }
}

/* One language, indentation and forbid set, both ways; the GBNF text
 * when it is `gbnf` (or, for NULL, one of code rules). */
static void check_case(ank_lang lang, const char *indent,
                       const char *const *forbid, size_t n, const char *gbnf)
{
    char *want[2][2] = {{NULL, NULL}, {NULL, NULL}};
    ank_status st;
    bool made = model_texts(lang, indent, forbid, n, want, &st);
    for (int model = 0; model < 2; model++) {
        ank_completion *c = NULL;
        ank_error e;
        CHECK_INT(ank__completion_make(lang, indent, forbid, n, model, &c, &e),
                  st);
        CHECK(made == (c != NULL));
        if (c)
            compare(c, want);
        ank__completion_free(c);
    }
    if (made && gbnf) {
        CHECK_STR(want[0][0], gbnf);
    } else if (made) {
        /* what the texts are, by hand: the start rule first, named for
         * the dialect, the others after their lexer states */
        CHECK(strncmp(want[0][0], "root ::= ", 9) == 0);
        CHECK(strncmp(want[1][0], "start: ", 7) == 0);
        CHECK(strstr(want[0][0], "\ncode-") != NULL);
        CHECK(strstr(want[1][0], "\ncode_") != NULL);
        CHECK(strstr(want[0][1], "\\n") != NULL &&
              strchr(want[0][1], '\n') == NULL);
    }
    for (int d = 0; d < 2; d++)
        for (int json = 0; json < 2; json++)
            ank__free(want[d][json]);
}

static const char *const ts_ids[] = {
    "typescript.child_process_exec", "typescript.dangerously_set_inner_html",
    "typescript.eval", "typescript.explicit_any", "typescript.inner_html",
    "typescript.new_function", "typescript.ts_ignore",
    "typescript.ts_nocheck", NULL};
static const char *const py_ids[] = {
    "python.eval", "python.hardcoded_secret", "python.os_system",
    "python.pickle", "python.sql_format", "python.subprocess_shell",
    "python.tls_no_verify", "python.yaml_load", NULL};
static const char *const rust_ids[] = {"rust.shell_command", "rust.transmute",
                                       "rust.unsafe_block", "rust.unsafe_fn",
                                       NULL};
static const char *const go_ids[] = {"go.exec_shell", "go.sql_sprintf",
                                     "go.tls_insecure_skip_verify",
                                     "go.unsafe_pointer", NULL};
static const char *const zig_ids[] = {
    "zig.catch_unreachable_io", "zig.hardcoded_secret", "zig.int_from_ptr",
    "zig.ptr_cast", "zig.ptr_from_int", "zig.runtime_safety_off",
    "zig.shell_command", "zig.undefined_secret", NULL};

/* The language with none, one and all of its patterns forbidden. */
static void check_language(ank_lang lang, const char *indent,
                           const char *const *ids)
{
    const char *forbid[16];
    size_t n = 0;
    for (size_t i = 0; ids[i] && n < 16; i++)
        if ((forbid[n] = ank__regex_pattern(ids[i])) != NULL)
            n++;
    CHECK(n >= 1);
    check_case(lang, indent, forbid, 0, NULL);
    check_case(lang, indent, forbid, n ? 1 : 0, NULL);
    if (n > 1)
        check_case(lang, indent, forbid + n - 1, 1, NULL);
    check_case(lang, indent, forbid, n, NULL);
}

/* Bad arguments and patterns fail alike; patterns that leave only the
 * empty text leave an empty rule. */
static void check_failures(void)
{
    const char *bad[] = {"(?=x)"};
    const char *all[] = {"a", "[^a]"};
    const char *each[] = {"[\\x00-\\x{10FFFF}]"};
    check_case(ANK_LANG_GO, NULL, bad, 1, NULL);
    check_case(ANK_LANG_GO, NULL, all, 2, "root ::= \"\"\n");
    check_case(ANK_LANG_ZIG, NULL, each, 1, "root ::= \"\"\n");
    check_case(ANK_LANG_PYTHON, "  x", NULL, 0, NULL);
    ank_completion *c = NULL;
    ank_buf b = ANK_BUF_INIT;
    CHECK_INT(ank__completion_new(ANK_LANG_GO, NULL, all, 2, &c, NULL),
              ANK_OK);
    CHECK_INT(c ? ank__completion_write(c, ANK_GRAM_LARK, false, &b)
                : ANK_ERR_INTERNAL,
              ANK_OK);
    CHECK_STR(b.data, "start:\n");
    ank__buf_release(&b);
    ank__completion_free(c);
    c = NULL;
    CHECK_INT(ank__completion_new(ANK_LANG_UNKNOWN, NULL, NULL, 0, &c, NULL),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(c == NULL);
}

/* Out of memory at every allocation: ANK_ERR_NOMEM, or the same text. */
static void check_nomem(void)
{
    const char *forbid[] = {ank__regex_pattern("go.unsafe_pointer")};
    char *want[2][2] = {{NULL, NULL}, {NULL, NULL}};
    ank_status st;
    CHECK(model_texts(ANK_LANG_GO, NULL, forbid, 1, want, &st));
    bool done = false;
    for (uint64_t k = 0; !done && k < 100000; k++) {
        ank_completion *c = NULL;
        ank_buf b = ANK_BUF_INIT;
        ank__alloc_fail_after(k);
        ank_status made = ank__completion_new(ANK_LANG_GO, NULL, forbid, 1,
                                              &c, NULL);
        ank_status w1 = c ? ank__completion_write(c, ANK_GRAM_LARK, true, &b)
                          : made;
        size_t len = b.len;
        ank_status w2 = c ? ank__completion_write(c, ANK_GRAM_GBNF, false, &b)
                          : made;
        ank__alloc_fail_after(0);
        if (made != ANK_OK)
            CHECK_INT(made, ANK_ERR_NOMEM);
        if (w1 != ANK_OK)
            CHECK_INT(w1, ANK_ERR_NOMEM);
        if (w2 != ANK_OK)
            CHECK_INT(w2, ANK_ERR_NOMEM);
        if (made == ANK_OK && w1 == ANK_OK && w2 == ANK_OK) {
            done = true;
            CHECK(b.data && len == strlen(want[1][1]) &&
                  memcmp(b.data, want[1][1], len) == 0);
            CHECK_STR(b.data ? b.data + len : NULL, want[0][0]);
        }
        ank__buf_release(&b);
        ank__completion_free(c);
    }
    CHECK(done);
    for (int d = 0; d < 2; d++)
        for (int json = 0; json < 2; json++)
            ank__free(want[d][json]);
}

void test_braid_cprint(void)
{
    check_language(ANK_LANG_TYPESCRIPT, NULL, ts_ids);
    check_language(ANK_LANG_PYTHON, "    ", py_ids);
    check_language(ANK_LANG_PYTHON, "\t", py_ids);
    check_language(ANK_LANG_RUST, NULL, rust_ids);
    check_language(ANK_LANG_GO, NULL, go_ids);
    check_language(ANK_LANG_ZIG, NULL, zig_ids);
    check_failures();
    check_nomem();
}
