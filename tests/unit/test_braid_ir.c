/*
 * test_braid_ir.c - the compiled document kept as text: the printer and
 * the indenter of ir_text.c against jansson's own json_dumps (and the
 * indenter given its text in pieces against itself given it whole), a
 * written document against one json_dumps of its whole tree, a streamed
 * compile against the kept document's bytes, and artifacts parsed on
 * first access from two threads at once.
 */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../braid/ir_text.h"
#include "test.h"
#include "tests.h"

/* ---------------------------------------------------- random trees */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t next(uint32_t n) { return test_rand(&rng, n); }

/* Bytes that stress escaping: every control character, NUL, quotes,
 * backslashes, '/', DEL and whole UTF-8 sequences. */
static size_t random_text(char *s, size_t cap)
{
    static const char *const pieces[] = {"\"", "\\", "/", "\x7f", "\xc3\xa9",
                                         "\xe2\x80\xa8", "\xf0\x9f\x98\x80",
                                         "abc", " ", "::="};
    size_t n = 0, len = next(24);
    for (size_t i = 0; i < len && n + 4 < cap; i++) {
        uint32_t k = next(3);
        if (k == 0) {
            s[n++] = (char)next(0x20); /* a control character, NUL too */
        } else if (k == 1) {
            const char *p = pieces[next(sizeof pieces / sizeof *pieces)];
            memcpy(s + n, p, strlen(p));
            n += strlen(p);
        } else {
            s[n++] = (char)(0x20 + next(0x5f));
        }
    }
    return n;
}

static json_t *random_tree(int depth)
{
    char text[128];
    switch (depth > 4 ? next(6) : next(9)) {
    case 0:
        return json_stringn(text, random_text(text, sizeof text));
    case 1: {
        static const json_int_t edges[] = {0, -1, 9007199254740993LL,
                                           INT64_MIN, INT64_MAX};
        return next(2) ? json_integer(edges[next(5)])
                       : json_integer((json_int_t)next(100000) - 50000);
    }
    case 2: {
        static const double reals[] = {0.5, -1e300, 3.14159265358979,
                                       1e-7, 100.0, 2.5e15};
        return json_real(reals[next(6)]);
    }
    case 3:
        return json_true();
    case 4:
        return json_false();
    case 5:
        return json_null();
    case 6: case 7: {
        json_t *o = json_object();
        for (uint32_t i = 0, n = next(5); i < n; i++) {
            size_t len = random_text(text, sizeof text);
            json_object_setn_new(o, text, len, random_tree(depth + 1));
        }
        return o;
    }
    default: {
        json_t *a = json_array();
        for (uint32_t i = 0, n = next(5); i < n; i++)
            json_array_append_new(a, random_tree(depth + 1));
        return a;
    }
    }
}

/* The printer and the indenter give jansson's bytes. */
static void text_like_jansson(void)
{
    int mismatches = 0;
    for (int t = 0; t < 3000; t++) {
        json_t *v = random_tree(0);
        char *compact = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
                                          JSON_REAL_PRECISION(6));
        char *indented = json_dumps(v, JSON_INDENT(2) | JSON_ENCODE_ANY |
                                           JSON_REAL_PRECISION(6));
        ank_buf ours = ANK_BUF_INIT, laid = ANK_BUF_INIT;
        ank__ir_text_compact(&ours, v);
        if (ours.data)
            ank__ir_text_indent(&laid, ours.data, ours.len, 0);
        bool same = compact && indented && ours.data && laid.data &&
                    strcmp(ours.data, compact) == 0 &&
                    strcmp(laid.data, indented) == 0;
        if (!same && mismatches++ < 3)
            fprintf(stderr, "    jansson: %s\n    ours:    %s\n",
                    compact ? compact : "(null)",
                    ours.data ? ours.data : "(null)");
        ank_free(compact);
        ank_free(indented);
        ank__buf_release(&ours);
        ank__buf_release(&laid);
        json_decref(v);
    }
    CHECK_INT(mismatches, 0);

    /* nested indentation starts at the depth given */
    ank_buf out = ANK_BUF_INIT;
    ank__ir_text_indent(&out, "{\"a\":[1,{}],\"b\":\"x,{\\\"\"}", 24, 2);
    CHECK_STR(out.data, "{\n      \"a\": [\n        1,\n        {}\n      ],"
                        "\n      \"b\": \"x,{\\\"\"\n    }");
    ank__buf_release(&out);
}

/* Text indented in pieces cut at random places (and, for a text dense
 * with escapes and empty containers, at every place and a byte at a
 * time) gives what indenting it whole gives. */
static void indent_in_pieces(void)
{
    int mismatches = 0;
    for (int t = 0; t < 2000; t++) {
        json_t *v = random_tree(0);
        ank_buf text = ANK_BUF_INIT, whole = ANK_BUF_INIT, parts = ANK_BUF_INIT;
        ank__ir_text_compact(&text, v);
        ank__ir_text_indent(&whole, text.data, text.len, 1);
        ank_indent st = {.depth = 1};
        for (size_t at = 0; at < text.len;) {
            size_t n = 1 + next(t % 3 ? 24 : 3);
            if (n > text.len - at)
                n = text.len - at;
            ank__ir_text_indent_more(&parts, &st, text.data + at, n);
            at += n;
        }
        ank__ir_text_indent_end(&parts, &st);
        if (!(whole.data && parts.data && whole.len == parts.len &&
              memcmp(whole.data, parts.data, whole.len) == 0))
            mismatches++;
        ank__buf_release(&text);
        ank__buf_release(&whole);
        ank__buf_release(&parts);
        json_decref(v);
    }
    CHECK_INT(mismatches, 0);

    static const char dense[] =
        "{\"a\\\"b\":[{},[],\"\\\\\",{\"\":[\"x\\\"\"]}],"
        "\"c\":\"0123456789abcdef\\\\\\\"0123456789abcdef\",\"d\":{}}";
    size_t len = sizeof dense - 1;
    ank_buf whole = ANK_BUF_INIT;
    ank__ir_text_indent(&whole, dense, len, 0);
    for (size_t cut = 0; cut <= len + 1; cut++) {
        ank_buf parts = ANK_BUF_INIT;
        ank_indent st = {.depth = 0};
        if (cut <= len) { /* two pieces */
            ank__ir_text_indent_more(&parts, &st, dense, cut);
            ank__ir_text_indent_more(&parts, &st, dense + cut, len - cut);
        } else { /* a byte at a time */
            for (size_t i = 0; i < len; i++)
                ank__ir_text_indent_more(&parts, &st, dense + i, 1);
        }
        ank__ir_text_indent_end(&parts, &st);
        CHECK(whole.data && parts.data && strcmp(whole.data, parts.data) == 0);
        ank__buf_release(&parts);
    }
    ank__buf_release(&whole);
}

/* ------------------------------------------------------- documents */

static const test_src shop[] = {
    {"shop/cart.ts",
     "export interface Line {\n  sku: string;\n  qty: number;\n"
     "  note?: \"gift\" | \"\\u00e9t\\u00e9\";\n}\n\n"
     "export function total(lines: Line[], tax: number): number {\n"
     "  throw new Error(\"not implemented\");\n}\n\n"
     "export function addLine(cart: Line[], line: Line): Line[] {\n"
     "  return [...cart, line];\n}\n"},
};

/* The written document is one json_dumps of its whole tree. */
static void document_like_jansson(void)
{
    ank_result *r = test_extract(shop, 1);
    ank_ir *ir = NULL;
    CHECK_INT(ank_braid_compile(r, NULL, &ir, NULL), ANK_OK);
    char *text = NULL;
    size_t len = 0;
    CHECK_INT(ank_ir_write(ir, &text, &len, NULL), ANK_OK);
    json_error_t je;
    json_t *doc = text ? json_loadb(text, len, 0, &je) : NULL;
    CHECK(doc != NULL);
    char *again = doc ? json_dumps(doc, JSON_INDENT(2) |
                                            JSON_REAL_PRECISION(6))
                      : NULL;
    CHECK(again && text && strlen(again) + 1 == len &&
          strncmp(again, text, len - 1) == 0 && text[len - 1] == '\n');
    json_t *arts = json_object_get(doc, "artifacts");
    CHECK_INT(json_array_size(arts), ank_ir_artifact_count(ir));
    CHECK(ank_ir_artifact_count(ir) > 5);
    /* the accessors read the same artifacts */
    for (size_t i = 0; i < json_array_size(arts); i++) {
        json_t *a = json_array_get(arts, i);
        CHECK_STR(ank_ir_artifact_id(ir, i),
                  json_string_value(json_object_get(a, "id")));
        char *one = NULL;
        size_t n = 0;
        CHECK_INT(ank_ir_artifact_json(ir, i, ANK_PART_ARTIFACT, &one, &n,
                                       NULL),
                  ANK_OK);
        char *expect = json_dumps(a, JSON_COMPACT | JSON_REAL_PRECISION(6));
        CHECK(one && expect && strcmp(one, expect) == 0);
        ank_free(one);
        ank_free(expect);
    }
    ank_free(again);
    ank_free(text);
    json_decref(doc);
    ank_ir_free(ir);
    ank_result_free(r);
}

/* A sink that keeps what it is given, counts its calls and the largest
 * piece, and fails with `err` at call `fail_at` (0: never). */
typedef struct collect {
    ank_buf text;
    size_t calls, largest, fail_at;
    int err;
} collect;

static int collect_write(void *context, const char *data, size_t len)
{
    collect *c = context;
    if (++c->calls == c->fail_at)
        return c->err;
    if (len > c->largest)
        c->largest = len;
    ank__buf_append(&c->text, data, len);
    return c->text.failed ? ENOMEM : 0;
}

/* A streamed compile writes the bytes of the kept document, in pieces:
 * everything (a hole whose TypeScript completion grammar is some 600 KB
 * of text, streamed while it is printed), specs for functions asked for
 * by name (twice, and one with a hole, which share that grammar), and
 * parts of the output. */
static void streamed_like_kept(void)
{
    ank_result *r = test_extract(shop, 1);
    static const char *const names[] = {"addLine", "total", "addLine", NULL};
    const ank_compile_options opts[] = {
        {.emit = ANK_EMIT_ALL},
        {.emit = ANK_EMIT_ALL, .spec_functions = names},
        {.emit = ANK_EMIT_SPECS | ANK_EMIT_LARK, .spec_functions = names},
        {.emit = ANK_EMIT_SPECS},
        {.emit = ANK_EMIT_SCHEMA | ANK_EMIT_REGEX},
    };
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
        ank_ir *ir = NULL;
        char *want = NULL;
        size_t wlen = 0;
        CHECK_INT(ank_braid_compile(r, &opts[k], &ir, NULL), ANK_OK);
        CHECK_INT(ank_ir_write(ir, &want, &wlen, NULL), ANK_OK);
        collect c = {.text = ANK_BUF_INIT};
        ank_compile_counts counts = {99, 99};
        CHECK_INT(ank_braid_compile_write(r, &opts[k], collect_write, &c,
                                          &counts, NULL),
                  ANK_OK);
        CHECK(want && c.text.data && c.text.len == wlen &&
              memcmp(c.text.data, want, wlen) == 0);
        CHECK_INT(counts.artifacts, ank_ir_artifact_count(ir));
        CHECK_INT(counts.conflicts, ank_ir_conflict_count(ir));
        if (k == 0) { /* the large document came in pieces */
            CHECK(wlen > 500000);
            CHECK(c.calls > 10);
            CHECK(c.largest < 128 * 1024);
        }
        ank__buf_release(&c.text);
        ank_free(want);
        ank_ir_free(ir);
    }
    ank_result_free(r);
}

/* A compile allowed a second thread (which builds the completion grammars
 * and some signatures' parts ahead, and, for a kept document, some of the
 * schemas' grammars, which are written last) gives the bytes of one kept
 * on the calling thread, kept or streamed: here with two languages'
 * completion grammars (two jobs), several signatures and schemas, and
 * specs asked for by name. */
static void threads_like_one(void)
{
    static const test_src two[] = {
        {"shop/cart.ts",
         "export interface Line {\n  sku: string;\n  qty: number;\n}\n\n"
         "export interface Cart {\n  lines: Line[];\n  owner?: string;\n}\n\n"
         "export interface Order {\n  cart: Cart;\n  paid: boolean;\n}\n\n"
         "export function total(lines: Line[], tax: number): number {\n"
         "  throw new Error(\"not implemented\");\n}\n\n"
         "export function addLine(cart: Line[], line: Line): Line[] {\n"
         "  return [...cart, line];\n}\n\n"
         "export function drop(cart: Line[], sku: string): Line[] {\n"
         "  throw new Error(\"not implemented\");\n}\n"},
        {"shop/tax.py",
         "def rate(region: str) -> float:\n"
         "    raise NotImplementedError\n\n"
         "def apply(total: float, region: str) -> float:\n"
         "    return total * rate(region)\n"},
    };
    ank_result *r = test_extract(two, 2);
    static const char *const names[] = {"addLine", "apply", NULL};
    const ank_compile_options opts[] = {
        {.emit = ANK_EMIT_ALL},
        {.emit = ANK_EMIT_ALL, .spec_functions = names},
        {.emit = ANK_EMIT_SPECS | ANK_EMIT_LARK | ANK_EMIT_REGEX},
        {.emit = ANK_EMIT_GBNF | ANK_EMIT_REGEX},
    };
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
        ank_compile_options one = opts[k], two_threads = opts[k];
        one.jobs = 1;
        two_threads.jobs = 2;
        ank_ir *ir = NULL;
        char *want = NULL, *got = NULL;
        size_t wlen = 0, glen = 0;
        CHECK_INT(ank_braid_compile(r, &one, &ir, NULL), ANK_OK);
        CHECK_INT(ank_ir_write(ir, &want, &wlen, NULL), ANK_OK);
        ank_ir_free(ir);
        ir = NULL;
        CHECK_INT(ank_braid_compile(r, &two_threads, &ir, NULL), ANK_OK);
        CHECK_INT(ank_ir_write(ir, &got, &glen, NULL), ANK_OK);
        CHECK(want && got && wlen == glen && memcmp(want, got, wlen) == 0);
        collect c = {.text = ANK_BUF_INIT};
        CHECK_INT(ank_braid_compile_write(r, &two_threads, collect_write, &c,
                                          NULL, NULL),
                  ANK_OK);
        CHECK(want && c.text.len == wlen &&
              memcmp(c.text.data, want, wlen) == 0);
        if (k == 0) { /* both languages' completion grammars are there */
            CHECK(want && strstr(want, "\"target\": \"completion\"") &&
                  strstr(strstr(want, "\"target\": \"completion\"") + 1,
                         "\"target\": \"completion\""));
            /* and the three schemas in order, the last with its grammar
             * inside its own artifact (before the next one's id) */
            const char *line = want ? strstr(want, "\"name\": \"Line\"") : 0;
            const char *cart = line ? strstr(line, "\"name\": \"Cart\"") : 0;
            const char *order = cart ? strstr(cart, "\"name\": \"Order\"") : 0;
            const char *gram = order ? strstr(order, "\"grammar\": {") : 0;
            const char *next = order ? strstr(order, "\"id\": \"") : 0;
            CHECK(gram && next && gram < next);
        }
        ank__buf_release(&c.text);
        ank_free(want);
        ank_free(got);
        ank_ir_free(ir);
    }
    ank_result_free(r);
}

/* A sink that fails stops the compile with ANK_ERR_IO naming its error,
 * wherever it fails; NULL arguments are refused. */
static void streamed_sink_fails(void)
{
    ank_result *r = test_extract(shop, 1);
    collect all = {.text = ANK_BUF_INIT};
    CHECK_INT(ank_braid_compile_write(r, NULL, collect_write, &all, NULL,
                                      NULL),
              ANK_OK);
    CHECK(all.calls > 2);
    for (size_t at = 1; at <= all.calls; at++) {
        collect c = {.text = ANK_BUF_INIT, .fail_at = at, .err = EPIPE};
        ank_compile_counts counts = {1, 1};
        ank_error e;
        CHECK_INT(ank_braid_compile_write(r, NULL, collect_write, &c, &counts,
                                          &e),
                  ANK_ERR_IO);
        CHECK(strstr(e.message, strerror(EPIPE)) != NULL);
        CHECK_INT(c.calls, at); /* nothing more once it failed */
        CHECK_INT(counts.artifacts + counts.conflicts, 0);
        ank__buf_release(&c.text);
    }
    ank__buf_release(&all.text);
    ank_error e;
    CHECK_INT(ank_braid_compile_write(NULL, NULL, collect_write, &all, NULL,
                                      &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_braid_compile_write(r, NULL, NULL, NULL, NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK(strstr(e.message, "write") != NULL);
    const ank_compile_options bad = {.emit = 1u << 20};
    CHECK_INT(ank_braid_compile_write(r, &bad, collect_write, &all, NULL, &e),
              ANK_ERR_INVALID_ARGUMENT);
    ank_result_free(r);
}

typedef struct reader {
    const ank_ir *ir;
    const char *seen[64];
} reader;

static void *read_all(void *arg)
{
    reader *rd = arg;
    size_t n = ank_ir_artifact_count(rd->ir);
    for (size_t i = 0; i < n && i < 64; i++)
        rd->seen[i] = ank_ir_artifact_name(rd->ir, i);
    return NULL;
}

/* Two threads parse the artifacts at once and agree on one tree each. */
static void first_access_from_two_threads(void)
{
    ank_result *r = test_extract(shop, 1);
    ank_ir *ir = NULL;
    CHECK_INT(ank_braid_compile(r, NULL, &ir, NULL), ANK_OK);
    reader a = {ir, {0}}, b = {ir, {0}};
    pthread_t t;
    CHECK_INT(pthread_create(&t, NULL, read_all, &a), 0);
    read_all(&b);
    pthread_join(t, NULL);
    size_t n = ank_ir_artifact_count(ir);
    for (size_t i = 0; i < n && i < 64; i++) {
        CHECK(a.seen[i] != NULL);
        CHECK(a.seen[i] == b.seen[i]); /* the same published tree */
    }
    ank_ir_free(ir);
    ank_result_free(r);
}

/* Strings of every length to 80, plain and with one byte to escape (or a
 * non-ASCII sequence) at each place, written by the string writer and by
 * the ASCII-only one, against json_dumps: the writers read whole blocks
 * at a time, so lengths and positions around block edges matter. */
static void strings_like_jansson(void)
{
    static const char *const specials[] = {"\"", "\\", "\n", "\x01", "\x1f",
                                           "\x7f", "/", "\xc3\xa9",
                                           "\xe2\x80\xa8"};
    char s[96];
    for (size_t n = 0; n <= 80; n++) {
        for (size_t at = 0; at <= n; at++) {
            for (size_t k = 0; k <= sizeof specials / sizeof *specials; k++) {
                if (k > 0 && at == n)
                    break;
                for (size_t i = 0; i < n; i++)
                    s[i] = (char)('a' + (i * 7 + n) % 26);
                size_t len = n;
                if (k > 0) { /* the special replaces byte `at` */
                    const char *sp = specials[k - 1];
                    size_t sl = strlen(sp);
                    memmove(s + at + sl, s + at + 1, n - at - 1);
                    memcpy(s + at, sp, sl);
                    len = n - 1 + sl;
                }
                json_t *v = json_stringn(s, len);
                char *want = json_dumps(v, JSON_ENCODE_ANY);
                ank_buf b = ANK_BUF_INIT;
                ank__ir_text_string(&b, s, len);
                CHECK(want && b.data && b.len == strlen(want) &&
                      memcmp(b.data, want, b.len) == 0);
                ank_buf a = ANK_BUF_INIT;
                /* DEL and '/' are ASCII that JSON leaves as they are */
                bool plain = k == 0 || k == 6 || k == 7;
                CHECK_INT(ank__ir_text_ascii(&a, s, len), plain);
                if (plain)
                    CHECK(a.data && a.len == b.len &&
                          memcmp(a.data, b.data, b.len) == 0);
                else
                    CHECK_INT((long long)a.len, 0);
                ank__buf_release(&a);
                ank__buf_release(&b);
                ank_free(want);
                json_decref(v);
            }
        }
    }
}

void test_braid_ir(void)
{
    text_like_jansson();
    indent_in_pieces();
    strings_like_jansson();
    streamed_like_kept();
    threads_like_one();
    streamed_sink_fails();
    document_like_jansson();
    first_access_from_two_threads();
}
