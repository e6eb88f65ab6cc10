/*
 * test_braid.c - compiling constraints into an IR document: what each kind
 * of artifact holds, merged duplicates, the three kinds of conflict, bad
 * arguments, repeatable bytes, and out-of-memory at every allocation.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../ffi/alloc.h"
#include "../../ffi/buf.h"
#include "test.h"
#include "tests.h"

/* Compile and parse the document back; NULL on failure. */
static json_t *compile_doc(const ank_result *r, unsigned emit, char **text)
{
    ank_compile_options o = {.emit = emit};
    ank_ir *ir = NULL;
    ank_error e;
    ank_status st = ank_braid_compile(r, &o, &ir, &e);
    CHECK_INT(st, ANK_OK);
    if (st != ANK_OK) {
        fprintf(stderr, "    %s\n", e.message);
        return NULL;
    }
    size_t len = 0;
    CHECK_INT(ank_ir_write(ir, text, &len, NULL), ANK_OK);
    ank_ir_free(ir);
    json_error_t je;
    json_t *doc = json_loadb(*text, len, 0, &je);
    CHECK(doc != NULL);
    return doc;
}

/* The artifacts of `kind` (and name, when not NULL). */
static size_t count_artifacts(const json_t *doc, const char *kind,
                              const char *name, const json_t **last)
{
    size_t n = 0;
    const json_t *a;
    size_t i;
    json_array_foreach(json_object_get(doc, "artifacts"), i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "kind")), kind) != 0)
            continue;
        if (name && strcmp(json_string_value(json_object_get(a, "name")), name))
            continue;
        n++;
        if (last)
            *last = a;
    }
    return n;
}

static const test_src store[] = {
    {"web/store.ts",
     "export interface Item {\n  sku: string;\n  count: number;\n"
     "  tags?: string[];\n}\n\n"
     "export function restock(item: Item, quantity: number): Item {\n"
     "  throw new Error(\"not implemented\");\n}\n\n"
     "function price(item: Item): number {\n  return item.count * 2;\n}\n"},
    {"svc/models.py",
     "from dataclasses import dataclass\n\n@dataclass\nclass Order:\n"
     "    id: int\n    note: str\n\n"
     "def total(order: Order, rate: float = 1.0) -> float:\n"
     "    raise NotImplementedError\n"},
};

static void artifacts_of_each_kind(void)
{
    ank_result *r = test_extract(store, 2);
    char *a = NULL, *b = NULL;
    json_t *doc = compile_doc(r, 0, &a);
    json_t *again = compile_doc(r, 0, &b);
    CHECK(a && b && strcmp(a, b) == 0); /* same bytes every time */
    if (doc) {
        CHECK_STR(json_string_value(json_object_get(doc, "format")),
                  "ananke.ir/1");
        const json_t *x = NULL;
        CHECK_INT(count_artifacts(doc, "schema", "Item", &x), 1);
        const json_t *schema = json_object_get(x, "schema");
        CHECK_STR(json_string_value(json_object_get(schema, "$schema")),
                  "https://json-schema.org/draft/2020-12/schema");
        CHECK(json_object_get(json_object_get(x, "grammar"), "gbnf") != NULL);
        CHECK_INT(count_artifacts(doc, "schema", "Order", NULL), 1);
        /* exported functions get tools; the module-private one does not */
        CHECK_INT(count_artifacts(doc, "tool", "restock", &x), 1);
        CHECK_STR(json_string_value(
                      json_object_get(json_object_get(x, "tool"), "name")),
                  "restock");
        CHECK_INT(count_artifacts(doc, "tool", "price", NULL), 0);
        CHECK_INT(count_artifacts(doc, "grammar", "price", &x), 1);
        CHECK_STR(json_string_value(json_object_get(x, "target")), "signature");
        CHECK_INT(count_artifacts(doc, "regex", "price", NULL), 1);
        /* one spec per hole, with the signature as its prefix */
        CHECK_INT(count_artifacts(doc, "spec", NULL, NULL), 2);
        CHECK_INT(count_artifacts(doc, "spec", "total", &x), 1);
        const json_t *spec = json_object_get(x, "spec");
        CHECK(strstr(json_string_value(json_object_get(spec, "prefix")),
                     "def total(order: Order") != NULL);
        CHECK_STR(json_string_value(json_object_get(spec, "indent")), "    ");
        CHECK(json_object_get(json_object_get(spec, "schemas"), "order") !=
              NULL);
        /* a completion grammar per language (the last is Python's), named
         * by the spec of its language, with the hole among its sources */
        const json_t *g = NULL;
        CHECK_INT(count_artifacts(doc, "grammar", "completion", &g), 2);
        if (g) {
            const char *gid = json_string_value(json_object_get(g, "id"));
            CHECK_STR(json_string_value(json_object_get(g, "target")),
                      "completion");
            CHECK_STR(json_string_value(json_object_get(g, "indent")), "    ");
            CHECK(json_object_get(g, "gbnf") && json_object_get(g, "lark"));
            CHECK_STR(json_string_value(json_object_get(spec, "completion")),
                      gid);
            size_t users = 0, i;
            const json_t *v;
            json_array_foreach(json_object_get(doc, "artifacts"), i, v) {
                const json_t *sp = json_object_get(v, "spec");
                if (sp && strcmp(json_string_value(json_object_get(
                                     sp, "completion")), gid) == 0) {
                    users++;
                    const char *hole = json_string_value(
                        json_object_get(sp, "hole"));
                    int listed = 0;
                    size_t k;
                    const json_t *from;
                    json_array_foreach(json_object_get(g, "sources"), k, from)
                        listed |= strcmp(json_string_value(from), hole) == 0;
                    CHECK(listed);
                }
            }
            CHECK_INT(users, 1);
        }
        /* forbidden patterns become regexes */
        CHECK(count_artifacts(doc, "regex", "python.eval", NULL) == 1);
    }
    json_decref(doc);
    json_decref(again);
    ank_free(a);
    ank_free(b);

    /* --emit selects */
    a = NULL;
    doc = compile_doc(r, ANK_EMIT_SCHEMA, &a);
    if (doc) {
        CHECK(count_artifacts(doc, "schema", NULL, NULL) == 2);
        CHECK_INT(count_artifacts(doc, "tool", NULL, NULL), 0);
        CHECK_INT(count_artifacts(doc, "grammar", NULL, NULL), 0);
        CHECK_INT(count_artifacts(doc, "spec", NULL, NULL), 0);
        const json_t *x = NULL;
        count_artifacts(doc, "schema", "Item", &x);
        CHECK(json_object_get(x, "grammar") == NULL);
    }
    json_decref(doc);
    ank_free(a);
    ank_result_free(r);
}

static void duplicates_and_conflicts(void)
{
    static const test_src files[] = {
        {"a/user.ts", "export interface User {\n  name: string;\n}\n"
                      "export interface Point {\n  x: number;\n}\n"},
        {"b/user.ts", "export interface User {\n  name: string;\n  age: number;\n}\n"
                      "export interface Point {\n  x: number;\n}\n"},
    };
    ank_result *r = test_extract(files, 2);
    char *text = NULL;
    json_t *doc = compile_doc(r, ANK_EMIT_SCHEMA, &text);
    if (doc) {
        const json_t *x = NULL;
        /* the same Point twice: one artifact, both sources, a count */
        CHECK_INT(count_artifacts(doc, "schema", "Point", &x), 1);
        CHECK_INT(json_integer_value(json_object_get(x, "count")), 2);
        CHECK_INT(json_array_size(json_object_get(x, "sources")), 2);
        CHECK_INT(json_array_size(json_object_get(doc, "merged")), 1);
        /* two different Users: two artifacts and a conflict with both
         * locations */
        CHECK_INT(count_artifacts(doc, "schema", "User", NULL), 2);
        const json_t *conflicts = json_object_get(doc, "conflicts");
        CHECK_INT(json_array_size(conflicts), 1);
        const json_t *c = json_array_get(conflicts, 0);
        CHECK_STR(json_string_value(json_object_get(c, "kind")), "type.shape");
        const json_t *sides = json_object_get(c, "sides");
        CHECK_INT(json_array_size(sides), 2);
        CHECK_STR(json_string_value(json_object_get(json_array_get(sides, 0),
                                                    "file")),
                  "a/user.ts");
        CHECK_STR(json_string_value(json_object_get(json_array_get(sides, 1),
                                                    "file")),
                  "b/user.ts");
        CHECK(json_string_length(json_object_get(c, "resolution")) > 0);
    }
    json_decref(doc);
    ank_free(text);
    ank_result_free(r);

    /* naming: half the functions snake_case, half camelCase */
    static const test_src mixed[] = {
        {"m.py", "def load_items():\n    pass\n\ndef save_items():\n    pass\n\n"
                 "def read_all():\n    pass\n\ndef loadUsers():\n    pass\n\n"
                 "def saveUsers():\n    pass\n"},
    };
    r = test_extract(mixed, 1);
    text = NULL;
    doc = compile_doc(r, ANK_EMIT_REGEX, &text);
    if (doc) {
        const json_t *c;
        size_t i, naming = 0;
        json_array_foreach(json_object_get(doc, "conflicts"), i, c)
        {
            if (strcmp(json_string_value(json_object_get(c, "kind")), "naming"))
                continue;
            naming++;
            CHECK_STR(json_string_value(json_object_get(c, "name")), "function");
            const json_t *sides = json_object_get(c, "sides");
            CHECK_STR(json_string_value(json_object_get(json_array_get(sides, 0),
                                                        "style")),
                      "snake_case");
            CHECK_STR(json_string_value(json_object_get(json_array_get(sides, 1),
                                                        "style")),
                      "camelCase");
            CHECK_INT(json_array_size(json_object_get(json_array_get(sides, 1),
                                                      "locations")),
                      2);
        }
        CHECK_INT(naming, 1);
    }
    json_decref(doc);
    ank_free(text);
    ank_result_free(r);
}

/* A path may be any bytes: where the document names a file, invalid UTF-8
 * is written as U+FFFD, as the constraints document writes it, and the
 * compile goes on. */
static void paths_not_utf8(void)
{
    static const test_src files[] = {
        {"a/\xff.ts", "export interface User {\n  name: string;\n}\n"
                       "export function load(n: number): string {\n"
                       "  throw new Error(\"not implemented\");\n}\n"},
        {"b/user.ts", "export interface User {\n  age: number;\n}\n"},
    };
    ank_result *r = test_extract(files, 2);
    char *text = NULL;
    json_t *doc = compile_doc(r, ANK_EMIT_ALL, &text);
    if (doc) {
        const json_t *spec = NULL;
        CHECK_INT(count_artifacts(doc, "spec", NULL, &spec), 1);
        CHECK_STR(json_string_value(json_object_get(
                      json_object_get(spec, "spec"), "file")),
                  "a/\xef\xbf\xbd.ts");
        const json_t *c = json_array_get(json_object_get(doc, "conflicts"), 0);
        CHECK_STR(json_string_value(json_object_get(c, "kind")), "type.shape");
        CHECK_STR(json_string_value(json_object_get(
                      json_array_get(json_object_get(c, "sides"), 0), "file")),
                  "a/\xef\xbf\xbd.ts");
    }
    json_decref(doc);
    ank_free(text);
    ank_result_free(r);
}

/* A forbid the hole's own signature breaks: 150 files, one of which uses
 * `any` (once: under the "almost never" threshold) in a hole's signature. */
static void hole_against_forbid(void)
{
    enum { N = 150 };
    test_src *files = calloc(N, sizeof *files);
    char (*paths)[32] = calloc(N, sizeof *paths);
    for (int i = 0; i < N; i++) {
        snprintf(paths[i], sizeof paths[i], "m%03d.ts", i);
        files[i].path = paths[i];
        files[i].text = i ? "export function ok(a: number): number {\n"
                            "  return a;\n}\n"
                          : "export function load(raw: any): number {\n"
                            "  throw new Error(\"not implemented\");\n}\n";
    }
    ank_result *r = test_extract(files, N);
    char *text = NULL;
    json_t *doc = compile_doc(r, ANK_EMIT_SPECS | ANK_EMIT_GBNF, &text);
    if (doc) {
        const json_t *c;
        size_t i, found = 0;
        json_array_foreach(json_object_get(doc, "conflicts"), i, c)
        {
            if (strcmp(json_string_value(json_object_get(c, "kind")),
                       "hole.forbid") != 0)
                continue;
            found++;
            const json_t *sides = json_object_get(c, "sides");
            CHECK_STR(json_string_value(json_object_get(json_array_get(sides, 0),
                                                        "file")),
                      "m000.ts");
            CHECK_STR(json_string_value(json_object_get(json_array_get(sides, 1),
                                                        "pattern")),
                      "typescript.explicit_any");
        }
        CHECK_INT(found, 1);
    }
    json_decref(doc);
    ank_free(text);
    ank_result_free(r);
    free(files);
    free(paths);
}

/* Specs of one language, indentation and forbid set share one completion
 * grammar artifact; another indentation (Python) gets its own. */
static void shared_completions(void)
{
    static const test_src files[] = {
        {"a.ts", "export function one(a: number): number {\n"
                 "  throw new Error(\"not implemented\");\n}\n"
                 "export function two(b: string): string {\n"
                 "  throw new Error(\"not implemented\");\n}\n"},
        {"b.py", "def one(a: int) -> int:\n    raise NotImplementedError\n\n"
                 "def two(b: str) -> str:\n    raise NotImplementedError\n\n"
                 "class K:\n    def three(self) -> None:\n"
                 "        raise NotImplementedError\n"},
    };
    ank_result *r = test_extract(files, 2);
    char *text = NULL;
    json_t *doc = compile_doc(r, 0, &text);
    if (doc) {
        /* a spec names the tools of its file's other exported functions */
        const json_t *one = NULL, *two = NULL;
        CHECK_INT(count_artifacts(doc, "tool", "two", &two), 2);
        CHECK_INT(count_artifacts(doc, "spec", "one", &one), 2);
        const json_t *tools = json_object_get(json_object_get(one, "spec"),
                                              "tools");
        /* the last "one" is Python's: two, and the method K.three */
        CHECK_INT(json_array_size(tools), 2);
        CHECK(json_equal(json_array_get(tools, 0), json_object_get(two, "id")));
        CHECK_INT(count_artifacts(doc, "spec", NULL, NULL), 5);
        CHECK_INT(count_artifacts(doc, "grammar", "completion", NULL), 3);
        const json_t *a, *arts = json_object_get(doc, "artifacts");
        size_t i;
        json_array_foreach(arts, i, a)
        {
            const json_t *sp = json_object_get(a, "spec");
            if (!sp)
                continue;
            /* the grammar precedes its first user and lists the hole */
            const char *gid = json_string_value(json_object_get(sp, "completion"));
            const json_t *g = NULL;
            for (size_t k = 0; k < i && gid && !g; k++) {
                const json_t *x = json_array_get(arts, k);
                if (strcmp(json_string_value(json_object_get(x, "id")), gid) == 0)
                    g = x;
            }
            CHECK(g != NULL);
            if (!g)
                continue;
            const char *indent = json_string_value(json_object_get(sp, "indent"));
            const char *gindent = json_string_value(json_object_get(g, "indent"));
            CHECK((!indent && !gindent) ||
                  (indent && gindent && strcmp(indent, gindent) == 0));
            const char *hole = json_string_value(json_object_get(sp, "hole"));
            int listed = 0;
            size_t k;
            const json_t *from;
            json_array_foreach(json_object_get(g, "sources"), k, from)
                listed |= strcmp(json_string_value(from), hole) == 0;
            CHECK(listed);
        }
    }
    json_decref(doc);
    ank_free(text);
    ank_result_free(r);
}

static void bad_arguments(void)
{
    ank_result *r = test_extract(store, 1);
    ank_ir *ir = (ank_ir *)1;
    ank_error e;
    CHECK_INT(ank_braid_compile(NULL, NULL, &ir, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK(ir == NULL);
    CHECK_INT(ank_braid_compile(r, NULL, NULL, &e), ANK_ERR_INVALID_ARGUMENT);
    ank_compile_options o = {.emit = 0x400};
    CHECK_INT(ank_braid_compile(r, &o, &ir, &e), ANK_ERR_INVALID_ARGUMENT);
    static const char *const nobody[] = {"nobody", NULL};
    ank_compile_options o2 = {.spec_functions = nobody};
    CHECK_INT(ank_braid_compile(r, &o2, &ir, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK(strstr(e.message, "nobody") != NULL);
    CHECK(ir == NULL);
    static const char *const price[] = {"price", NULL};
    ank_compile_options o3 = {.emit = ANK_EMIT_SPECS,
                              .spec_functions = price};
    CHECK_INT(ank_braid_compile(r, &o3, &ir, &e), ANK_OK);
    CHECK_INT(ank_ir_artifact_count(ir), 2); /* the hole's and price's */
    ank_ir_free(ir);
    char *text = (char *)1;
    CHECK_INT(ank_ir_write(NULL, &text, NULL, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK(text == NULL);
    ank_ir_free(NULL);
    CHECK_INT(ank_ir_artifact_count(NULL), 0);
    ank_result_free(r);
}

/* A streamed document's sink: into a buffer. */
static int keep_text(void *context, const char *data, size_t len)
{
    ank_buf *b = context;
    ank__buf_append(b, data, len);
    return b->failed ? ENOMEM : 0;
}

/* Out of memory: NOMEM and nothing leaked, then success once allocations
 * are plentiful.  `step` 0 tries every allocation; otherwise every
 * k/step-th (a compile with specs makes hundreds of thousands).  `jobs`
 * as in the options: with 1 the same allocation fails in every run; with
 * 2 it may be the other thread's. */
static void fail_each(const ank_result *r, unsigned emit, uint64_t step,
                      unsigned jobs)
{
    int completed = 0;
    ank_compile_options o = {.emit = emit, .jobs = jobs};
    for (uint64_t k = 1; k < 100000000 && !completed;
         k += step ? 1 + k / step : 1) {
        ank_ir *ir = NULL;
        char *text = NULL;
        ank__alloc_fail_after(k);
        ank_status st = ank_braid_compile(r, &o, &ir, NULL);
        ank_status wst = st == ANK_OK ? ank_ir_write(ir, &text, NULL, NULL)
                                      : ANK_ERR_NOMEM;
        ank__alloc_fail_after(0);
        CHECK(st == ANK_OK || st == ANK_ERR_NOMEM);
        CHECK(st == ANK_OK || ir == NULL);
        completed = st == ANK_OK && wst == ANK_OK;
        ank_free(text);
        ank_ir_free(ir);
    }
    CHECK(completed);
    /* and streamed, into a buffer: the same bytes once it completes */
    ank_ir *ir = NULL;
    char *want = NULL;
    CHECK_INT(ank_braid_compile(r, &o, &ir, NULL), ANK_OK);
    CHECK_INT(ank_ir_write(ir, &want, NULL, NULL), ANK_OK);
    ank_ir_free(ir);
    completed = 0;
    for (uint64_t k = 1; k < 100000000 && !completed;
         k += step ? 1 + k / step : 1) {
        ank_buf got = ANK_BUF_INIT; /* with room made: the sink allocates
                                       nothing while allocations fail */
        ank__buf_reserve(&got, want ? strlen(want) + 1 : 0);
        ank__alloc_fail_after(k);
        ank_status st = ank_braid_compile_write(r, &o, keep_text, &got, NULL,
                                                NULL);
        ank__alloc_fail_after(0);
        CHECK(st == ANK_OK || st == ANK_ERR_NOMEM);
        completed = st == ANK_OK;
        if (completed)
            CHECK(want && got.data && strcmp(got.data, want) == 0);
        ank__buf_release(&got);
    }
    CHECK(completed);
    ank_free(want);
}

static void out_of_memory(void)
{
    ank_result *r = test_extract(store, 2);
    fail_each(r, ANK_EMIT_ALL & ~ANK_EMIT_SPECS, 0, 1);
    ank_result_free(r);
    /* Go's catalog is short, so its completion grammar is the smallest */
    static const test_src go[] = {
        {"srv/store.go",
         "package srv\n\ntype Item struct {\n\tSKU string `json:\"sku\"`\n}\n\n"
         "func Restock(item *Item, n int) (*Item, error) {\n"
         "\tpanic(\"not implemented\")\n}\n"},
    };
    r = test_extract(go, 1);
    fail_each(r, ANK_EMIT_SPECS | ANK_EMIT_GBNF, 8, 1);
    /* a kept document's schema grammar, made last by either thread */
    fail_each(r, ANK_EMIT_ALL, 8, 2);
    ank_result_free(r);
    /* TypeScript's is large enough to be streamed in pieces */
    static const test_src ts[] = {
        {"a.ts", "export function f(n: number): number {\n"
                 "  throw new Error(\"not implemented\");\n}\n"},
    };
    r = test_extract(ts, 1);
    fail_each(r, ANK_EMIT_SPECS | ANK_EMIT_GBNF, 4, 1);
    fail_each(r, ANK_EMIT_ALL, 4, 2);
    ank_result_free(r);
}

void test_braid_compile(void)
{
    artifacts_of_each_kind();
    duplicates_and_conflicts();
    paths_not_utf8();
    hole_against_forbid();
    shared_completions();
    bad_arguments();
    out_of_memory();
}
