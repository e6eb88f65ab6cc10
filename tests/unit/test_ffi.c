/*
 * test_ffi.c - the context API at the ABI: version checks, options and
 * their struct_size rules, extraction from memory and from a path,
 * compilation from a result and from JSON (kept and streamed), the typed
 * accessors over constraints and IR artifacts, every kind of bad input
 * (NULL objects, unknown languages, lengths that run past the text,
 * invalid UTF-8, oversized input), and allocation failure at every point
 * of an extraction.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "../../ffi/alloc.h"
#include "../../ffi/buf.h"
#include "../../ffi/context.h"
#include "../../ffi/text.h"
#include "test.h"
#include "tests.h"

static const char RUST_SRC[] =
    "/// Take units out of the store.\n"
    "pub fn take(store: &mut Store, sku: &str, n: u32) -> Result<u32, "
    "String> {\n"
    "    todo!()\n"
    "}\n"
    "\n"
    "/// Where items live.\n"
    "pub struct Store {\n"
    "    pub name: String,\n"
    "    count: u32,\n"
    "}\n"
    "\n"
    "pub enum Mode {\n"
    "    Fast,\n"
    "    Slow,\n"
    "}\n";

static ank_context *new_context(size_t max_file, size_t max_json,
                                unsigned flags)
{
    ank_options o = ANK_OPTIONS_INIT;
    o.max_file_size = max_file;
    o.max_json_size = max_json;
    o.flags = flags;
    ank_context *ctx = NULL;
    CHECK_INT(ank_context_new(&o, &ctx, NULL), ANK_OK);
    return ctx;
}

static const ank_constraint *find(const ank_result *r, const char *kind,
                                  const char *name)
{
    for (size_t i = 0; i < ank_result_count(r); i++) {
        const ank_constraint *c = ank_result_get(r, i);
        if (strcmp(ank_constraint_kind(c), kind) == 0 &&
            strcmp(ank_constraint_name(c), name) == 0)
            return c;
    }
    return NULL;
}

static void test_versions(void)
{
    CHECK_INT(ank_abi_version(), ANK_ABI_VERSION);
    CHECK_INT(ANK_VERSION_NUMBER, ANK_VERSION_MAJOR * 10000 +
                                      ANK_VERSION_MINOR * 100 +
                                      ANK_VERSION_PATCH);
    char expect[32];
    snprintf(expect, sizeof expect, "%d.%d.%d", ANK_VERSION_MAJOR,
             ANK_VERSION_MINOR, ANK_VERSION_PATCH);
    CHECK_STR(ank_version(), expect);
}

static void test_options(void)
{
    ank_context *ctx = (ank_context *)&ctx; /* must be reset to NULL */
    ank_error e;
    CHECK_INT(ank_context_new(NULL, NULL, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_context_new(NULL, &ctx, &e), ANK_OK);
    CHECK_INT(ctx->max_file_size, ANK_DEFAULT_MAX_FILE_SIZE);
    CHECK_INT(ctx->max_json_size, ANK_DEFAULT_MAX_JSON_SIZE);
    ank_context_free(ctx);
    ank_context_free(NULL);

    /* struct_size: zero or short is refused; the reserved fields and the
     * cache directory (copied) are kept. */
    ank_options o = ANK_OPTIONS_INIT;
    o.struct_size = 0;
    CHECK_INT(ank_context_new(&o, &ctx, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK(ctx == NULL);
    CHECK(strstr(e.message, "struct_size") != NULL);
    o.struct_size = sizeof o - 1;
    CHECK_INT(ank_context_new(&o, &ctx, &e), ANK_ERR_INVALID_ARGUMENT);
    char dir[] = "/tmp/cache";
    o = (ank_options)ANK_OPTIONS_INIT;
    o.cache_dir = dir;
    o.jobs = 3;
    o.no_cache = 1;
    CHECK_INT(ank_context_new(&o, &ctx, &e), ANK_OK);
    dir[1] = 'X';
    if (ctx) {
        CHECK_STR(ctx->cache_dir, "/tmp/cache");
        CHECK_INT(ctx->jobs, 3);
        CHECK_INT(ctx->no_cache, 1);
    }
    ank_context_free(ctx);

    /* A newer caller's larger struct: accepted while the unknown tail is
     * zero, refused otherwise. */
    struct {
        ank_options o;
        uint64_t newer;
    } big;
    memset(&big, 0, sizeof big);
    big.o.struct_size = sizeof big;
    CHECK_INT(ank_context_new(&big.o, &ctx, &e), ANK_OK);
    ank_context_free(ctx);
    big.newer = 7;
    CHECK_INT(ank_context_new(&big.o, &ctx, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK(strstr(e.message, "does not know") != NULL);

    o = (ank_options)ANK_OPTIONS_INIT;
    o.flags = 0x8000;
    CHECK_INT(ank_context_new(&o, &ctx, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK(strstr(e.message, "0x8000") != NULL);
    ank_allocator half = {malloc, calloc, NULL, free};
    o = (ank_options)ANK_OPTIONS_INIT;
    o.allocator = &half;
    CHECK_INT(ank_context_new(&o, &ctx, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK(ctx == NULL);
}

static void test_extract_accessors(void)
{
    ank_context *ctx = new_context(0, 0, 0);
    ank_result *r = NULL;
    ank_error e;
    CHECK_INT(ank_extract(ctx, ANK_LANG_UNKNOWN, RUST_SRC, strlen(RUST_SRC),
                          "src/store.rs", &r, &e),
              ANK_OK);
    /* Finished: the project-level forbids are there. */
    CHECK(find(r, "security.forbid", "rust.unsafe_block") != NULL);

    const ank_constraint *sig = find(r, "function.signature", "take");
    CHECK(sig != NULL);
    CHECK_INT(ank_constraint_language(sig), ANK_LANG_RUST);
    CHECK_STR(ank_constraint_severity(sig), "error");
    CHECK_STR(ank_constraint_attr(sig, ANK_ATTR_SIGNATURE),
              "pub fn take(store: &mut Store, sku: &str, n: u32) -> "
              "Result<u32, String>");
    CHECK_STR(ank_constraint_attr(sig, ANK_ATTR_RETURNS),
              "Result<u32, String>");
    CHECK_STR(ank_constraint_attr(sig, ANK_ATTR_DOC),
              "Take units out of the store.");
    CHECK(ank_constraint_attr(sig, ANK_ATTR_RECEIVER) == NULL);
    CHECK(ank_constraint_attr(sig, ANK_ATTR_MARKER) == NULL);
    CHECK(ank_constraint_attr(sig, (ank_attr)999) == NULL);
    CHECK_INT(ank_constraint_member_count(sig, ANK_MEMBERS_PARAMS), 3);
    CHECK_STR(ank_constraint_member_name(sig, ANK_MEMBERS_PARAMS, 0), "store");
    CHECK_STR(ank_constraint_member_type(sig, ANK_MEMBERS_PARAMS, 0),
              "&mut Store");
    CHECK_STR(ank_constraint_member_name(sig, ANK_MEMBERS_PARAMS, 1), "sku");
    CHECK_STR(ank_constraint_member_type(sig, ANK_MEMBERS_PARAMS, 1), "&str");
    CHECK_STR(ank_constraint_member_type(sig, ANK_MEMBERS_PARAMS, 2), "u32");
    CHECK(ank_constraint_member_name(sig, ANK_MEMBERS_PARAMS, 3) == NULL);
    CHECK_INT(ank_constraint_member_count(sig, ANK_MEMBERS_FIELDS), 0);
    CHECK(ank_constraint_member_name(sig, ANK_MEMBERS_FIELDS, 0) == NULL);
    uint32_t s = 1, en = 1;
    CHECK_INT(ank_constraint_hole_range(sig, &s, &en),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(s == 0 && en == 0);

    const ank_constraint *hole = find(r, "hole", "take");
    CHECK(hole != NULL);
    CHECK_STR(ank_constraint_attr(hole, ANK_ATTR_MARKER), "todo!()");
    CHECK_STR(ank_constraint_attr(hole, ANK_ATTR_FUNCTION),
              ank_constraint_id(sig));
    CHECK_STR(ank_constraint_attr(hole, ANK_ATTR_FUNCTION_NAME), "take");
    CHECK_STR(ank_constraint_attr(hole, ANK_ATTR_RETURNS),
              "Result<u32, String>");
    CHECK_STR(ank_constraint_attr(hole, ANK_ATTR_EVIDENCE), "todo!()");
    /* The range covers exactly `todo!()` in the input. */
    uint32_t todo = (uint32_t)(strstr(RUST_SRC, "todo!()") - RUST_SRC);
    CHECK_INT(ank_constraint_hole_range(hole, &s, &en), ANK_OK);
    CHECK_INT(s, todo);
    CHECK_INT(en, todo + 7);
    CHECK_INT(ank_constraint_member_count(hole, ANK_MEMBERS_BINDINGS), 3);
    CHECK_STR(ank_constraint_member_name(hole, ANK_MEMBERS_BINDINGS, 2), "n");
    CHECK_STR(ank_constraint_member_type(hole, ANK_MEMBERS_BINDINGS, 2), "u32");
    CHECK_INT(ank_constraint_hole_range(hole, NULL, &en),
              ANK_ERR_INVALID_ARGUMENT);

    const ank_constraint *store = find(r, "type.shape", "Store");
    CHECK_STR(ank_constraint_attr(store, ANK_ATTR_SHAPE), "struct");
    CHECK_STR(ank_constraint_attr(store, ANK_ATTR_DOC), "Where items live.");
    CHECK_INT(ank_constraint_member_count(store, ANK_MEMBERS_FIELDS), 2);
    CHECK_STR(ank_constraint_member_name(store, ANK_MEMBERS_FIELDS, 0), "name");
    CHECK_STR(ank_constraint_member_type(store, ANK_MEMBERS_FIELDS, 0),
              "String");
    CHECK_STR(ank_constraint_member_name(store, ANK_MEMBERS_FIELDS, 1),
              "count");
    const ank_constraint *mode = find(r, "type.shape", "Mode");
    CHECK_STR(ank_constraint_attr(mode, ANK_ATTR_SHAPE), "enum");
    CHECK_INT(ank_constraint_member_count(mode, ANK_MEMBERS_VARIANTS), 2);
    CHECK_STR(ank_constraint_member_name(mode, ANK_MEMBERS_VARIANTS, 1),
              "Slow");
    CHECK(ank_constraint_member_type(mode, ANK_MEMBERS_VARIANTS, 1) == NULL);
    const ank_constraint *forbid = find(r, "security.forbid", "rust.transmute");
    CHECK_STR(ank_constraint_attr(forbid, ANK_ATTR_PATTERN), "rust.transmute");
    CHECK(ank_constraint_attr(forbid, ANK_ATTR_EVIDENCE) == NULL);

    /* NULL constraints. */
    CHECK_INT(ank_constraint_language(NULL), ANK_LANG_UNKNOWN);
    CHECK(ank_constraint_severity(NULL) == NULL);
    CHECK(ank_constraint_attr(NULL, ANK_ATTR_DOC) == NULL);
    CHECK_INT(ank_constraint_member_count(NULL, ANK_MEMBERS_PARAMS), 0);
    CHECK(ank_constraint_member_name(NULL, ANK_MEMBERS_PARAMS, 0) == NULL);
    CHECK(ank_constraint_member_type(NULL, ANK_MEMBERS_PARAMS, 0) == NULL);

    /* JSON: the same bytes as ank_result_write, with the length. */
    char *json = NULL, *json2 = NULL;
    size_t n = 0, n2 = 0;
    CHECK_INT(ank_result_json(r, &json, &n, &e), ANK_OK);
    CHECK_INT(ank_result_write(r, ANK_FORMAT_JSON, &json2, &n2, NULL), ANK_OK);
    CHECK(json && json2 && n == n2 && memcmp(json, json2, n) == 0);
    CHECK(json && strlen(json) == n);
    CHECK(json && strstr(json, "\"file\": \"src/store.rs\"") != NULL);
    ank_free(json);
    ank_free(json2);
    CHECK_INT(ank_result_json(r, &json, NULL, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK(json == NULL);
    CHECK_INT(ank_result_json(NULL, &json, &n, &e), ANK_ERR_INVALID_ARGUMENT);
    ank_result_free(r);

    /* Declarations only: no holes, no naming. */
    ank_context *decl = new_context(0, 0, ANK_CLEW_DECLARATIONS_ONLY);
    CHECK_INT(ank_extract(decl, ANK_LANG_RUST, RUST_SRC, strlen(RUST_SRC),
                          NULL, &r, &e),
              ANK_OK);
    CHECK_INT(test_count_kind(r, "hole"), 0);
    CHECK_INT(test_count_kind(r, "function.signature"), 1);
    ank_result_free(r);
    ank_context_free(decl);
    ank_context_free(ctx);
}

static void test_extract_bad_input(void)
{
    ank_context *ctx = new_context(64, 0, 0);
    ank_result *r = (ank_result *)&r;
    ank_error e;
    const char *py = "def f():\n    pass\n";
    size_t pylen = strlen(py);
    CHECK_INT(ank_extract(NULL, ANK_LANG_PYTHON, py, pylen, NULL, &r, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(r == NULL);
    CHECK(strstr(e.message, "ctx") != NULL);
    CHECK_INT(ank_extract(ctx, ANK_LANG_PYTHON, py, pylen, NULL, NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_extract(ctx, ANK_LANG_PYTHON, NULL, 3, NULL, &r, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_extract(ctx, (ank_lang)99, py, pylen, NULL, &r, &e),
              ANK_ERR_UNSUPPORTED_LANGUAGE);
    CHECK_INT(ank_extract(ctx, (ank_lang)-1, py, pylen, NULL, &r, &e),
              ANK_ERR_UNSUPPORTED_LANGUAGE);
    CHECK_INT(ank_extract(ctx, ANK_LANG_UNKNOWN, py, pylen, "a.c", &r, &e),
              ANK_ERR_UNSUPPORTED_LANGUAGE);
    CHECK_INT(ank_extract(ctx, ANK_LANG_UNKNOWN, py, pylen, NULL, &r, &e),
              ANK_ERR_UNSUPPORTED_LANGUAGE);
    CHECK_INT(ank_extract(ctx, ANK_LANG_PYTHON, py, pylen, "\xff.py", &r, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(strstr(e.message, "UTF-8") != NULL);
    CHECK_INT(e.offset, 0);
    CHECK_INT(ank_extract(ctx, ANK_LANG_PYTHON, py, pylen, "", &r, &e),
              ANK_ERR_INVALID_ARGUMENT);
    /* A buffer's size instead of the text's length. */
    char buf[40] = "def f():\n    pass\n";
    CHECK_INT(ank_extract(ctx, ANK_LANG_PYTHON, buf, sizeof buf, NULL, &r, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(strstr(e.message, "length mismatch") != NULL);
    CHECK_INT(e.offset, (int64_t)pylen);
    /* A NUL inside the text is binary data, located. */
    char bin[] = "x = 1\ny = \0 2\n";
    CHECK_INT(ank_extract(ctx, ANK_LANG_PYTHON, bin, sizeof bin - 1, NULL, &r,
                          &e),
              ANK_ERR_BINARY);
    CHECK_INT(e.line, 2);
    CHECK_INT(e.column, 5);
    CHECK_INT(e.offset, 10);
    /* Over max_file_size (64). */
    char big[100];
    memset(big, '#', sizeof big);
    CHECK_INT(ank_extract(ctx, ANK_LANG_PYTHON, big, sizeof big, NULL, &r, &e),
              ANK_ERR_TOO_LARGE);
    CHECK(strstr(e.message, "100 bytes") != NULL);
    CHECK(r == NULL);

    /* Invalid UTF-8 (a lone continuation byte in a string) is tolerated
     * and written as U+FFFD; with ANK_STRICT_UTF8 it is refused. */
    const char *bad = "x = 1\ns = \"a\x80z\"\n";
    CHECK_INT(ank_extract(ctx, ANK_LANG_PYTHON, bad, strlen(bad), NULL, &r,
                          &e),
              ANK_OK);
    char *json = NULL;
    size_t n = 0;
    CHECK_INT(ank_result_json(r, &json, &n, NULL), ANK_OK);
    json_t *doc = json ? json_loadb(json, n, 0, NULL) : NULL;
    CHECK(doc != NULL); /* jansson refuses invalid UTF-8 */
    json_decref(doc);
    ank_free(json);
    ank_result_free(r);
    ank_context *strict = new_context(0, 0, ANK_STRICT_UTF8);
    CHECK_INT(ank_extract(strict, ANK_LANG_PYTHON, bad, strlen(bad), NULL, &r,
                          &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(e.line, 2);
    CHECK_INT(e.column, 7);
    CHECK_INT(e.offset, 12);
    /* Overlong, surrogate, past U+10FFFF, truncated; valid 2-4 bytes. */
    CHECK_INT(ank__utf8_check("\xC0\xAF", 2), 0);
    CHECK_INT(ank__utf8_check("a\xE0\x80\x80", 4), 1);
    CHECK_INT(ank__utf8_check("\xED\xA0\x80", 3), 0);
    CHECK_INT(ank__utf8_check("\xF4\x90\x80\x80", 4), 0);
    CHECK_INT(ank__utf8_check("ab\xE2\x82", 4), 2);
    CHECK_INT(ank__utf8_check("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 9), 9);
    /* The one decoder under it: length and code point, or 0. */
    static const struct {
        const char *s;
        size_t n, len;
        uint32_t cp;
    } seqs[] = {
        {"A", 1, 1, 0x41},          {"\x7F", 1, 1, 0x7F},
        {"\xC2\x80", 2, 2, 0x80},   {"\xDF\xBF", 2, 2, 0x7FF},
        {"\xE0\xA0\x80", 3, 3, 0x800},
        {"\xEF\xBF\xBF", 3, 3, 0xFFFF},
        {"\xF0\x90\x80\x80", 4, 4, 0x10000},
        {"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},
        {"\x80", 1, 0, 0},          {"\xC1\xBF", 2, 0, 0},
        {"\xE0\x9F\xBF", 3, 0, 0},  {"\xED\xBF\xBF", 3, 0, 0},
        {"\xF0\x8F\xBF\xBF", 4, 0, 0},
        {"\xF4\x90\x80\x80", 4, 0, 0},
        {"\xF5\x80\x80\x80", 4, 0, 0},
        {"\xE2\x82\xAC", 2, 0, 0}, /* cut short by n */
        {"\xE2\x28\xAC", 3, 0, 0}, /* a bad continuation */
        {"\xE2\x82", 4, 0, 0},      /* NUL-terminated, n = 4 */
    };
    for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++) {
        uint32_t cp = 0;
        size_t len = ank__utf8_decode((const unsigned char *)seqs[i].s,
                                      seqs[i].n, &cp);
        CHECK_INT(len, seqs[i].len);
        if (len)
            CHECK_INT(cp, seqs[i].cp);
    }
    const char *good = "s = \"\xC3\xA9t\xC3\xA9\"\n";
    CHECK_INT(ank_extract(strict, ANK_LANG_PYTHON, good, strlen(good), NULL,
                          &r, &e),
              ANK_OK);
    ank_result_free(r);
    ank_context_free(strict);
    ank_context_free(ctx);
}

static void test_extract_path(void)
{
    char path[64], dir[64];
    snprintf(path, sizeof path, "/tmp/ank-ffi-%ld.rs", (long)getpid());
    snprintf(dir, sizeof dir, "/tmp/ank-ffi-%ld-dir.rs", (long)getpid());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fwrite(RUST_SRC, 1, strlen(RUST_SRC), f);
    fclose(f);
    ank_context *ctx = new_context(0, 0, 0);
    ank_result *r = NULL, *r2 = NULL;
    ank_error e;
    CHECK_INT(ank_extract_path(ctx, path, &r, &e), ANK_OK);
    CHECK_INT(ank_extract(ctx, ANK_LANG_RUST, RUST_SRC, strlen(RUST_SRC), path,
                          &r2, &e),
              ANK_OK);
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    ank_result_json(r, &a, &na, NULL);
    ank_result_json(r2, &b, &nb, NULL);
    CHECK(a && b && na == nb && memcmp(a, b, na) == 0);
    ank_free(a);
    ank_free(b);
    ank_result_free(r);
    ank_result_free(r2);

    CHECK_INT(ank_extract_path(ctx, "/nonexistent/x.rs", &r, &e),
              ANK_ERR_NOT_FOUND);
    CHECK(r == NULL);
    CHECK_INT(ank_extract_path(ctx, "/tmp/notes.txt", &r, &e),
              ANK_ERR_UNSUPPORTED_LANGUAGE);
    CHECK_INT(ank_extract_path(ctx, NULL, &r, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_extract_path(NULL, path, &r, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_extract_path(ctx, "/tmp/\xfe.rs", &r, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(mkdir(dir, 0700) == 0);
    CHECK_INT(ank_extract_path(ctx, dir, &r, &e), ANK_ERR_IO);
    rmdir(dir);
    ank_context *small = new_context(32, 0, 0);
    CHECK_INT(ank_extract_path(small, path, &r, &e), ANK_ERR_TOO_LARGE);
    ank_context_free(small);
    ank_context_free(ctx);
    remove(path);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *tree_json(ank_context *ctx, const char *root,
                       ank_tree_stats *st)
{
    ank_result *r = NULL;
    char *text = NULL;
    size_t n = 0;
    CHECK_INT(ank_extract_tree(ctx, root, &r, st, NULL), ANK_OK);
    if (r)
        ank_result_json(r, &text, &n, NULL);
    ank_result_free(r);
    return text;
}

/* A tree: a Rust file, a Python file, an ignored one, a non-source file
 * and a binary one.  Extracted twice with one context (the second from its
 * cache), with another context on the same cache directory, and with none:
 * the same document every time. */
static void test_extract_tree(void)
{
    char root[] = "/tmp/ank-tree-XXXXXX", cache[] = "/tmp/ank-cache-XXXXXX";
    CHECK(mkdtemp(root) != NULL && mkdtemp(cache) != NULL);
    char p[4][96];
    snprintf(p[0], sizeof p[0], "%s/a.rs", root);
    snprintf(p[1], sizeof p[1], "%s/b.py", root);
    snprintf(p[2], sizeof p[2], "%s/.gitignore", root);
    snprintf(p[3], sizeof p[3], "%s/skip.py", root);
    write_text(p[0], RUST_SRC);
    write_text(p[1], "def f(x: int) -> int:\n    return x\n");
    write_text(p[2], "skip.py\n");
    write_text(p[3], "def g() -> None:\n    pass\n");
    char notes[96], bin[96];
    snprintf(notes, sizeof notes, "%s/notes.txt", root);
    snprintf(bin, sizeof bin, "%s/c.go", root);
    write_text(notes, "not code\n");
    FILE *f = fopen(bin, "wb");
    if (f) {
        fwrite("package x\0\0", 1, 11, f);
        fclose(f);
    }

    ank_options o = ANK_OPTIONS_INIT;
    o.cache_dir = cache;
    o.jobs = 2;
    ank_context *ctx = NULL, *other = NULL, *plain = NULL;
    CHECK_INT(ank_context_new(&o, &ctx, NULL), ANK_OK);
    CHECK_INT(ank_context_new(&o, &other, NULL), ANK_OK);
    o.no_cache = 1;
    CHECK_INT(ank_context_new(&o, &plain, NULL), ANK_OK);
    if (!ctx || !other || !plain)
        goto done;
    ank_tree_stats s1, s2, s3, s4;
    char *cold = tree_json(ctx, root, &s1);
    char *warm = tree_json(ctx, root, &s2);
    char *disk = tree_json(other, root, &s3);
    char *none = tree_json(plain, root, &s4);
    CHECK(ank_context_warning(ctx) == NULL);
    /* a.rs, b.py, c.go: the ignored and the non-source files are not
     * listed; the binary one is skipped (and its verdict cached too) */
    CHECK_INT(s1.files, 3);
    CHECK_INT(s1.parsed, 3);
    CHECK_INT(s1.cached, 0);
    CHECK_INT(s1.skipped, 1);
    CHECK_INT(s2.parsed, 0);
    CHECK_INT(s2.cached, 3);
    CHECK_INT(s3.parsed, 0);
    CHECK_INT(s3.cached, 3);
    CHECK_INT(s4.parsed, 3);
    CHECK_INT(s4.cached, 0);
    CHECK(cold && warm && disk && none);
    if (cold && warm && disk && none) {
        CHECK_STR(warm, cold);
        CHECK_STR(disk, cold);
        CHECK_STR(none, cold);
        CHECK(strstr(cold, "skip.py") == NULL);
        CHECK(strstr(cold, "notes.txt") == NULL);
        CHECK(strstr(cold, "\"binary\"") != NULL);
    }
    /* one edited file is parsed again, alone */
    write_text(p[1], "def f(x: int) -> str:\n    return str(x)\n");
    ank_free(tree_json(ctx, root, &s2));
    CHECK_INT(s2.parsed, 1);
    CHECK_INT(s2.cached, 2);
    ank_free(cold);
    ank_free(warm);
    ank_free(disk);
    ank_free(none);

    ank_result *r = (ank_result *)1;
    ank_error e;
    CHECK_INT(ank_extract_tree(ctx, "/nonexistent/tree", &r, NULL, &e),
              ANK_ERR_NOT_FOUND);
    CHECK(r == NULL);
    CHECK_INT(ank_extract_tree(ctx, "", &r, NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_extract_tree(ctx, NULL, &r, NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_extract_tree(NULL, root, &r, NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_extract_tree(ctx, root, NULL, NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
done:
    ank_context_free(ctx);
    ank_context_free(other);
    ank_context_free(plain);
    for (int i = 0; i < 4; i++)
        remove(p[i]);
    remove(notes);
    remove(bin);
    rmdir(root);
    char db[128];
    static const char *const dbs[] = {"cache.db", "cache.db-wal",
                                      "cache.db-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(db, sizeof db, "%s/%s", cache, dbs[i]);
        remove(db);
    }
    rmdir(cache);
}

/* Sinks for a streamed compile: one that keeps the text, one that fails. */
static int collect(void *context, const char *data, size_t length)
{
    ank_buf *b = context;
    ank__buf_append(b, data, length);
    return b->failed ? ENOMEM : 0;
}

static int refuse(void *context, const char *data, size_t length)
{
    (void)context, (void)data, (void)length;
    return ENOSPC;
}

static void test_compile_and_ir(void)
{
    ank_context *ctx = new_context(0, 0, 0);
    ank_result *r = NULL;
    ank_error e;
    CHECK_INT(ank_extract(ctx, ANK_LANG_RUST, RUST_SRC, strlen(RUST_SRC),
                          "store.rs", &r, &e),
              ANK_OK);
    ank_ir *ir = (ank_ir *)&ir;
    CHECK_INT(ank_compile(NULL, r, NULL, &ir, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK(ir == NULL);
    CHECK_INT(ank_compile(ctx, NULL, NULL, &ir, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_compile(ctx, r, NULL, NULL, &e), ANK_ERR_INVALID_ARGUMENT);
    ank_compile_options bad_emit = {.emit = 0x400};
    CHECK_INT(ank_compile(ctx, r, &bad_emit, &ir, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_compile(ctx, r, NULL, &ir, &e), ANK_OK);
    size_t count = ank_ir_artifact_count(ir);
    CHECK(count > 0);

    const ank_constraint *sig = find(r, "function.signature", "take");
    const ank_constraint *hole = find(r, "hole", "take");
    const ank_constraint *store = find(r, "type.shape", "Store");
    /* Every artifact has an id of 16 hex digits, a kind, a language and
     * at least one source. */
    for (size_t i = 0; i < count; i++) {
        const char *id = ank_ir_artifact_id(ir, i);
        CHECK(id && strlen(id) == 16 && strspn(id, "0123456789abcdef") == 16);
        CHECK(ank_ir_artifact_kind(ir, i) != NULL);
        CHECK_STR(ank_ir_artifact_language(ir, i), "rust");
        CHECK(ank_ir_artifact_source_count(ir, i) >= 1);
    }
    /* The schema of Store. */
    size_t si = ank_ir_artifact_find(ir, "schema", ank_constraint_id(store), 0);
    CHECK(si != ANK_NPOS);
    CHECK_STR(ank_ir_artifact_name(ir, si), "Store");
    CHECK(ank_ir_artifact_purpose(ir, si) == NULL);
    CHECK_STR(ank_ir_artifact_source(ir, si, 0), ank_constraint_id(store));
    CHECK(ank_ir_artifact_source(ir, si, 1) == NULL);
    char *text = NULL;
    size_t n = 0;
    CHECK_INT(ank_ir_artifact_json(ir, si, ANK_PART_SCHEMA, &text, &n, &e),
              ANK_OK);
    json_t *schema = text ? json_loadb(text, n, 0, NULL) : NULL;
    CHECK_STR(json_string_value(json_object_get(schema, "title")), "Store");
    json_t *props = json_object_get(schema, "properties");
    CHECK_STR(json_string_value(
                  json_object_get(json_object_get(props, "name"), "type")),
              "string");
    json_decref(schema);
    ank_free(text);
    size_t glen = 0;
    const char *gbnf = ank_ir_artifact_text(ir, si, ANK_PART_GBNF, &glen);
    CHECK(gbnf && strncmp(gbnf, "root ::= ", 9) == 0 && glen == strlen(gbnf));
    CHECK(ank_ir_artifact_text(ir, si, ANK_PART_PATTERN, &glen) == NULL);
    CHECK_INT(glen, 0);
    CHECK_INT(ank_ir_artifact_json(ir, si, ANK_PART_TOOL, &text, &n, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(strstr(e.message, "has no tool") != NULL);
    CHECK_INT(ank_ir_artifact_json(ir, si, ANK_PART_GBNF, &text, &n, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_ir_artifact_json(ir, count, ANK_PART_ARTIFACT, &text, &n,
                                   &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(text == NULL);

    /* The function: tool, signature grammar and regex. */
    const char *sig_id = ank_constraint_id(sig);
    size_t ti = ank_ir_artifact_find(ir, "tool", sig_id, 0);
    CHECK_INT(ank_ir_artifact_json(ir, ti, ANK_PART_TOOL, &text, &n, &e),
              ANK_OK);
    CHECK(text && strstr(text, "\"name\":\"take\"") != NULL);
    ank_free(text);
    size_t gi = ank_ir_artifact_find(ir, "grammar", sig_id, 0);
    CHECK_STR(ank_ir_artifact_purpose(ir, gi), "signature");
    CHECK_STR(ank_ir_artifact_text(ir, gi, ANK_PART_SIGNATURE, NULL),
              ank_constraint_attr(sig, ANK_ATTR_SIGNATURE));
    CHECK(ank_ir_artifact_text(ir, gi, ANK_PART_LARK, NULL) != NULL);
    size_t ri = ank_ir_artifact_find(ir, "regex", sig_id, 0);
    CHECK_STR(ank_ir_artifact_purpose(ir, ri), "signature");
    const char *pattern = ank_ir_artifact_text(ir, ri, ANK_PART_PATTERN, NULL);
    CHECK(pattern && strncmp(pattern, "^pub", 4) == 0);
    /* A search from past the match finds nothing of the same kind. */
    CHECK(ank_ir_artifact_find(ir, "tool", sig_id, ti + 1) == ANK_NPOS);
    CHECK(ank_ir_artifact_find(ir, NULL, sig_id, 0) != ANK_NPOS);
    CHECK(ank_ir_artifact_find(ir, "tool", "0000000000000000", 0) == ANK_NPOS);

    /* The hole's generation spec. */
    size_t pi = ank_ir_artifact_find(ir, "spec", ank_constraint_id(hole), 0);
    CHECK(pi != ANK_NPOS);
    CHECK_STR(ank_ir_artifact_text(ir, pi, ANK_PART_SIGNATURE, NULL),
              ank_constraint_attr(sig, ANK_ATTR_SIGNATURE));
    CHECK(ank_ir_artifact_text(ir, pi, ANK_PART_GBNF, NULL) != NULL);
    CHECK_INT(ank_ir_artifact_json(ir, pi, ANK_PART_SPEC, &text, &n, &e),
              ANK_OK);
    json_t *spec = text ? json_loadb(text, n, 0, NULL) : NULL;
    json_t *replace = json_object_get(spec, "replace");
    uint32_t s = 0, en = 0;
    ank_constraint_hole_range(hole, &s, &en);
    CHECK_INT(json_integer_value(json_object_get(replace, "start_byte")), s);
    CHECK_INT(json_integer_value(json_object_get(replace, "end_byte")), en);
    CHECK_STR(json_string_value(json_object_get(spec, "marker")), "todo!()");
    json_decref(spec);
    ank_free(text);

    /* NULL documents and out-of-range indexes. */
    CHECK(ank_ir_artifact_id(NULL, 0) == NULL);
    CHECK(ank_ir_artifact_kind(ir, count) == NULL);
    CHECK(ank_ir_artifact_text(NULL, 0, ANK_PART_GBNF, NULL) == NULL);
    CHECK_INT(ank_ir_artifact_source_count(ir, count), 0);
    CHECK(ank_ir_artifact_find(NULL, NULL, "x", 0) == ANK_NPOS);
    CHECK(ank_ir_artifact_find(ir, NULL, NULL, 0) == ANK_NPOS);
    CHECK_INT(ank_ir_artifact_json(NULL, 0, ANK_PART_ARTIFACT, &text, &n, &e),
              ANK_ERR_INVALID_ARGUMENT);

    /* From JSON: the same document, byte for byte. */
    char *cjson = NULL, *ir1 = NULL, *ir2 = NULL;
    size_t cn = 0, n1 = 0, n2 = 0;
    CHECK_INT(ank_result_json(r, &cjson, &cn, NULL), ANK_OK);
    ank_ir *ir_b = NULL;
    CHECK_INT(ank_compile_json(ctx, cjson, cn, NULL, &ir_b, &e), ANK_OK);
    CHECK_INT(ank_ir_json(ir, &ir1, &n1, &e), ANK_OK);
    CHECK_INT(ank_ir_json(ir_b, &ir2, &n2, &e), ANK_OK);
    CHECK(ir1 && ir2 && n1 == n2 && memcmp(ir1, ir2, n1) == 0);
    CHECK(ir1 && strncmp(ir1, "{\n  \"format\": \"ananke.ir/1\"", 27) == 0);
    ank_free(ir1);
    ank_free(ir2);
    CHECK_INT(ank_ir_json(NULL, &ir1, &n1, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK(ir1 == NULL);
    ank_ir_free(ir_b);

    /* Bad JSON input. */
    CHECK_INT(ank_compile_json(NULL, cjson, cn, NULL, &ir_b, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_compile_json(ctx, NULL, 0, NULL, &ir_b, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_compile_json(ctx, "{\n  \"format\": ", 14, NULL, &ir_b, &e),
              ANK_ERR_JSON);
    CHECK(ir_b == NULL);
    CHECK(e.line == 2 && e.column > 0);
    const char *other = "{\"format\": \"ananke.constraints/9\"}";
    CHECK_INT(ank_compile_json(ctx, other, strlen(other), NULL, &ir_b, &e),
              ANK_ERR_FORMAT);
    const char *badutf = "{\"format\": \"\xff\"}";
    CHECK_INT(ank_compile_json(ctx, badutf, strlen(badutf), NULL, &ir_b, &e),
              ANK_ERR_JSON);
    char padded[64] = "{\"format\": \"ananke.constraints/1\"}";
    CHECK_INT(ank_compile_json(ctx, padded, sizeof padded, NULL, &ir_b, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(strstr(e.message, "length mismatch") != NULL);
    char nul[] = "{\"format\"\0: 1}";
    CHECK_INT(ank_compile_json(ctx, nul, sizeof nul - 1, NULL, &ir_b, &e),
              ANK_ERR_JSON);
    CHECK_INT(e.offset, 9);
    ank_context *tiny = new_context(0, 16, 0);
    CHECK_INT(ank_compile_json(tiny, cjson, cn, NULL, &ir_b, &e),
              ANK_ERR_TOO_LARGE);

    /* Streamed from JSON: the bytes ank_ir_json gives, the same counts,
     * and nothing written when the text cannot be read. */
    ank_buf got = ANK_BUF_INIT;
    ank_compile_counts counts = {9, 9};
    CHECK_INT(ank_compile_json_write(ctx, cjson, cn, NULL, collect, &got,
                                     &counts, &e),
              ANK_OK);
    CHECK_INT(ank_ir_json(ir, &ir1, &n1, &e), ANK_OK);
    CHECK(ir1 && got.len == n1 && memcmp(got.data, ir1, n1) == 0);
    CHECK_INT(counts.artifacts, ank_ir_artifact_count(ir));
    CHECK_INT(counts.conflicts, ank_ir_conflict_count(ir));
    ank_free(ir1);
    got.len = 0;
    CHECK_INT(ank_compile_json_write(ctx, "{\n  \"format\": ", 14, NULL,
                                     collect, &got, &counts, &e),
              ANK_ERR_JSON);
    CHECK(e.line == 2 && got.len == 0 && counts.artifacts == 0);
    CHECK_INT(ank_compile_json_write(tiny, cjson, cn, NULL, collect, &got,
                                     NULL, &e),
              ANK_ERR_TOO_LARGE);
    CHECK_INT(ank_compile_json_write(ctx, padded, sizeof padded, NULL,
                                     collect, &got, NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(got.len, 0);
    CHECK_INT(ank_compile_json_write(NULL, cjson, cn, NULL, collect, &got,
                                     NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_compile_json_write(ctx, NULL, 0, NULL, collect, &got, NULL,
                                     &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_compile_json_write(ctx, cjson, cn, NULL, NULL, &got, NULL,
                                     &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(strstr(e.message, "write is NULL") != NULL);
    /* a sink that fails stops the compile */
    CHECK_INT(ank_compile_json_write(ctx, cjson, cn, NULL, refuse, NULL,
                                     &counts, &e),
              ANK_ERR_IO);
    CHECK(counts.artifacts == 0 && strstr(e.message, "No space") != NULL);
    ank__buf_release(&got);
    ank_context_free(tiny);
    ank_free(cjson);

    ank_ir_free(ir);
    ank_result_free(r);
    ank_context_free(ctx);
}

/* Every allocation of an extraction through the context may fail: the
 * call then reports ANK_ERR_NOMEM and leaves nothing behind (main checks
 * the allocation count at the end). */
static void test_allocation_failure(void)
{
    ank_context *ctx = new_context(0, 0, 0);
    int ok = 0;
    for (uint64_t k = 1; k < 20000 && !ok; k++) {
        ank_result *r = NULL;
        ank_error e;
        ank__alloc_fail_after(k);
        ank_status st = ank_extract(ctx, ANK_LANG_RUST, RUST_SRC,
                                    strlen(RUST_SRC), "a.rs", &r, &e);
        ank__alloc_fail_after(0);
        if (st == ANK_OK) {
            ok = 1;
        } else {
            CHECK_INT(st, ANK_ERR_NOMEM);
            CHECK(r == NULL);
        }
        ank_result_free(r);
    }
    CHECK(ok);
    ank_context_free(ctx);
    for (uint64_t k = 1; k < 4; k++) {
        ank_context *c = NULL;
        ank__alloc_fail_after(k);
        ank_options o = ANK_OPTIONS_INIT;
        o.cache_dir = "/tmp/c";
        ank_status st = ank_context_new(&o, &c, NULL);
        ank__alloc_fail_after(0);
        CHECK(st == ANK_OK || (st == ANK_ERR_NOMEM && c == NULL));
        ank_context_free(c);
    }
}

void test_ffi(void)
{
    test_versions();
    test_options();
    test_extract_accessors();
    test_extract_bad_input();
    test_extract_path();
    test_extract_tree();
    test_compile_and_ir();
    test_allocation_failure();
}
