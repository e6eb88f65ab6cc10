/*
 * test_output.c - the three output formats: JSON documents parse and carry
 * the skipped list, NDJSON has one parseable constraint per line, text has
 * one line per constraint; output bytes repeat exactly.
 */
#include <jansson.h>

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
