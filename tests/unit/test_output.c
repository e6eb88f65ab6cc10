/*
 * test_output.c - the three output formats: JSON documents parse and carry
 * the skipped list, NDJSON has one parseable constraint per line, text has
 * one line per constraint; output bytes repeat exactly; streamed output
 * equals the buffered document and stops on the sink's error.
 */
#include <jansson.h>
#include <stdlib.h>

#include "../../clew/result.h"
#include "../../ffi/alloc.h"
#include "test.h"
#include "tests.h"

static const char src[] =
    "import os\n\nclass Point:\n    x: int = 0\n\n    def norm(self) -> float:\n"
    "        return 0.0\n\ndef main(argv: list[str]) -> int:\n    return 0\n";

static ank_result *sample(ank_clew **clew)
{
    *clew = NULL;
    CHECK_INT(ank_clew_new(NULL, clew, NULL), ANK_OK);
    ank_result *r = ank_result_new();
    CHECK_INT(ank_clew_extract(*clew, ANK_LANG_UNKNOWN, src, sizeof src - 1,
                               "pkg/point.py", r, NULL),
              ANK_OK);
    CHECK_INT(ank_result_add_skipped(r, "pkg/blob.py", "binary", NULL), ANK_OK);
    return r;
}

void test_json_document(void)
{
    ank_clew *clew;
    ank_result *r = sample(&clew);
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    CHECK_INT(ank_result_write(r, ANK_FORMAT_JSON, &a, &la, NULL), ANK_OK);
    CHECK_INT(ank_result_write(r, ANK_FORMAT_JSON, &b, &lb, NULL), ANK_OK);
    CHECK(a && b && la == lb && memcmp(a, b, la) == 0);
    CHECK_INT(la, strlen(a));
    json_error_t err;
    json_t *doc = json_loads(a, 0, &err);
    CHECK(doc != NULL);
    CHECK_STR(json_string_value(json_object_get(doc, "format")),
              ANK_CONSTRAINTS_FORMAT);
    json_t *cs = json_object_get(doc, "constraints");
    /* import, class, method, function, then the naming conventions of the
     * file (field, function, method, module, type, variable). */
    CHECK_INT(json_array_size(cs), 10);
    json_t *skipped = json_array_get(json_object_get(doc, "skipped"), 0);
    CHECK_STR(json_string_value(json_object_get(skipped, "reason")), "binary");
    /* Keys come in the documented order. */
    const char *first_key = NULL;
    void *it = json_object_iter(json_array_get(cs, 0));
    if (it)
        first_key = json_object_iter_key(it);
    CHECK(first_key != NULL);
    CHECK(strstr(a, "\"id\"") < strstr(a, "\"kind\""));
    json_t *m = json_array_get(cs, 2);
    CHECK_STR(json_string_value(json_object_get(m, "name")), "Point.norm");
    json_t *loc = json_object_get(m, "location");
    CHECK_INT(json_integer_value(json_object_get(loc, "start_line")), 6);
    CHECK_INT(json_integer_value(json_object_get(loc, "start_column")), 5);
    CHECK_STR(json_string_value(json_object_get(loc, "file")), "pkg/point.py");
    json_decref(doc);
    ank_free(a);
    ank_free(b);
    ank_result_free(r);
    ank_clew_free(clew);
}

void test_ndjson_and_text(void)
{
    /* An empty result writes empty, terminated NDJSON and text. */
    ank_result *none = ank_result_new();
    for (int f = ANK_FORMAT_NDJSON; f <= ANK_FORMAT_TEXT; f++) {
        char *out = NULL;
        size_t n = 1;
        CHECK_INT(ank_result_write(none, (ank_format)f, &out, &n, NULL), ANK_OK);
        CHECK(out != NULL && n == 0 && out[0] == '\0');
        ank_free(out);
    }
    ank_result_free(none);

    ank_clew *clew;
    ank_result *r = sample(&clew);
    char *nd = NULL, *text = NULL;
    CHECK_INT(ank_result_write(r, ANK_FORMAT_NDJSON, &nd, NULL, NULL), ANK_OK);
    int lines = 0;
    for (char *line = nd, *end; line && *line; line = end + 1, lines++) {
        end = strchr(line, '\n');
        CHECK(end != NULL);
        if (!end)
            break;
        json_error_t err;
        json_t *c = json_loadb(line, (size_t)(end - line), 0, &err);
        CHECK(c != NULL);
        CHECK(json_object_get(c, "payload") != NULL);
        json_decref(c);
    }
    CHECK_INT(lines, 10);
    CHECK_INT(ank_result_write(r, ANK_FORMAT_TEXT, &text, NULL, NULL), ANK_OK);
    CHECK(strstr(text, "pkg/point.py:9:1: function.signature main  def main("
                       "argv: list[str]) -> int:\n") != NULL);
    CHECK(strstr(text, "pkg/blob.py: skipped (binary)\n") != NULL);
    ank_free(nd);
    ank_free(text);
    ank_result_free(r);
    ank_clew_free(clew);
}

/* A malloc'd copy of `text` with the first `from` replaced by `to`. */
static char *replace_first(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (!at)
        return NULL;
    size_t n = strlen(text), nf = strlen(from), nt = strlen(to);
    char *out = malloc(n - nf + nt + 1);
    if (!out)
        return NULL;
    size_t head = (size_t)(at - text);
    memcpy(out, text, head);
    memcpy(out + head, to, nt);
    memcpy(out + head + nt, at + nf, n - head - nf + 1);
    return out;
}

/* Reading a document back: the same bytes when written again, and a clear
 * error with a position for each kind of bad input. */
void test_result_read(void)
{
    ank_clew *clew;
    ank_result *r = sample(&clew);
    CHECK_INT(ank_result_finish(r, NULL), ANK_OK);
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    CHECK_INT(ank_result_write(r, ANK_FORMAT_JSON, &a, &la, NULL), ANK_OK);
    ank_result *back = NULL;
    ank_error e;
    CHECK_INT(ank_result_read(a, la, &back, &e), ANK_OK);
    CHECK_INT(ank_result_count(back), ank_result_count(r));
    CHECK_INT(ank_result_write(back, ANK_FORMAT_JSON, &b, &lb, NULL), ANK_OK);
    CHECK(a && b && la == lb && memcmp(a, b, la) == 0);
    /* finished: a second finish adds nothing */
    size_t n = ank_result_count(back);
    CHECK_INT(ank_result_finish(back, NULL), ANK_OK);
    CHECK_INT(ank_result_count(back), n);
    ank_result_free(back);
    ank_free(b);

    CHECK_INT(ank_result_read(NULL, 0, &back, &e), ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_result_read("{}", 2, NULL, &e), ANK_ERR_INVALID_ARGUMENT);

    /* not JSON: jansson's position */
    static const char broken[] = "{\n  \"format\": \"ananke.constraints/1\",\n  \"files\": [,]\n}";
    CHECK_INT(ank_result_read(broken, sizeof broken - 1, &back, &e), ANK_ERR_JSON);
    CHECK(back == NULL);
    CHECK_INT(e.line, 3);
    CHECK_INT(e.column, 13);

    static const char version[] = "{\"format\": \"ananke.constraints/9\"}";
    CHECK_INT(ank_result_read(version, sizeof version - 1, &back, &e),
              ANK_ERR_FORMAT);
    CHECK_INT(e.line, 1);
    CHECK_INT(e.column, 12);
    CHECK(strstr(e.message, "ananke.constraints/1") != NULL);

    /* an unknown kind: the message names the constraint, the position is
     * the value's */
    char *bad = replace_first(a, "\"kind\": \"import.module\"",
                                  "\"kind\": \"import.modul\"");
    CHECK(bad != NULL);
    if (bad) {
        CHECK_INT(ank_result_read(bad, strlen(bad), &back, &e), ANK_ERR_FORMAT);
        CHECK(strstr(e.message, "constraints[0]") != NULL);
        CHECK(strstr(e.message, "import.modul") != NULL);
        CHECK(e.line > 1 && e.column > 1);
        CHECK(strncmp(bad + e.offset, "\"import.modul\"", 14) == 0);
        free(bad);
    }
    /* a value of the wrong type */
    bad = replace_first(a, "\"async\": false", "\"async\": 0");
    CHECK(bad != NULL);
    if (bad) {
        CHECK_INT(ank_result_read(bad, strlen(bad), &back, &e), ANK_ERR_FORMAT);
        CHECK(strstr(e.message, "\"async\" must be true or false") != NULL);
        free(bad);
    }
    /* out of memory at every allocation in turn: NOMEM and nothing kept */
    int completed = 0;
    for (uint64_t k = 1; k < 100000 && !completed; k++) {
        ank__alloc_fail_after(k);
        ank_status st = ank_result_read(a, la, &back, &e);
        ank__alloc_fail_after(0);
        CHECK(st == ANK_OK || st == ANK_ERR_NOMEM);
        CHECK(st == ANK_OK || back == NULL);
        completed = st == ANK_OK;
        ank_result_free(back);
    }
    CHECK(completed);
    ank_free(a);
    ank_result_free(r);
    ank_clew_free(clew);
}

/* A sink that keeps what it is given, and fails once it holds `fail_at`
 * bytes or more (0: never). */
typedef struct collect {
    ank_buf buf;
    size_t calls, fail_at;
} collect;

static int collect_sink(void *context, const char *data, size_t length)
{
    collect *c = context;
    c->calls++;
    if (c->fail_at && c->buf.len >= c->fail_at)
        return 28; /* ENOSPC */
    ank__buf_append(&c->buf, data, length);
    return c->buf.failed ? 12 : 0;
}

void test_streamed_output(void)
{
    /* Enough files that the document is many ANK_WRITE_CHUNKs long. */
    ank_clew *clew = NULL;
    CHECK_INT(ank_clew_new(NULL, &clew, NULL), ANK_OK);
    ank_result *r = ank_result_new();
    for (int i = 0; i < 400 && r; i++) {
        char path[64];
        snprintf(path, sizeof path, "pkg/mod_%03d.py", i);
        CHECK_INT(ank_clew_extract(clew, ANK_LANG_UNKNOWN, src, sizeof src - 1,
                                   path, r, NULL),
                  ANK_OK);
    }
    CHECK_INT(ank_result_finish(r, NULL), ANK_OK);
    static const ank_format formats[] = {ANK_FORMAT_JSON, ANK_FORMAT_NDJSON,
                                         ANK_FORMAT_TEXT, ANK_FORMAT_SARIF};
    for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
        ank_write_options o = {formats[f], NULL};
        char *whole = NULL;
        size_t len = 0;
        CHECK_INT(ank_result_write_with(r, &o, &whole, &len, NULL), ANK_OK);
        collect c = {ANK_BUF_INIT, 0, 0};
        CHECK_INT(ank__result_write_sink(r, &o, collect_sink, &c, NULL), ANK_OK);
        CHECK(whole && c.buf.data && c.buf.len == len &&
              memcmp(whole, c.buf.data, len) == 0);
        if (formats[f] != ANK_FORMAT_SARIF) /* SARIF is written whole */
            CHECK(c.calls >= len / (2 * ANK_WRITE_CHUNK) && c.calls > 1);
        ank__buf_release(&c.buf);
        ank_free(whole);
    }
    /* The sink fails part way: ANK_ERR_IO with its reason, nothing more. */
    ank_write_options o = {ANK_FORMAT_JSON, NULL};
    collect c = {ANK_BUF_INIT, 0, 2 * ANK_WRITE_CHUNK};
    ank_error e;
    CHECK_INT(ank__result_write_sink(r, &o, collect_sink, &c, &e), ANK_ERR_IO);
    CHECK_INT(e.code, ANK_ERR_IO);
    CHECK(strstr(e.message, "No space left") != NULL);
    size_t calls = c.calls;
    CHECK(calls >= 2 && calls <= 4);
    ank__buf_release(&c.buf);
    CHECK_INT(ank__result_write_sink(NULL, &o, collect_sink, &c, NULL),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank__result_write_sink(r, &o, NULL, NULL, NULL),
              ANK_ERR_INVALID_ARGUMENT);
    ank_result_free(r);
    ank_clew_free(clew);
}
