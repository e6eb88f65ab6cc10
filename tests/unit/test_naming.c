/*
 * test_naming.c - identifier styles per language, and naming conventions
 * per file and per project (recounted exactly across files).
 */
#include <jansson.h>

#include "../../clew/naming.h"
#include "test.h"
#include "tests.h"

#define S(style) (1u << ANK_STYLE_##style)

static void check_styles(ank_lang lang, const char *name, unsigned want,
                         ank_style want_primary)
{
    ank_style primary;
    unsigned got = ank__naming_styles(name, strlen(name), lang, &primary);
    if (got != want || primary != want_primary) {
        fprintf(stderr, "    %s '%s': mask %#x primary %s, expected %#x %s\n",
                ank_lang_name(lang), name, got, ank__style_name(primary), want,
                ank__style_name(want_primary));
        test_failures++;
    }
}

void test_naming_styles(void)
{
    const unsigned word = S(FLAT) | S(SNAKE) | S(CAMEL);
    check_styles(ANK_LANG_PYTHON, "get_value", S(SNAKE), ANK_STYLE_SNAKE);
    check_styles(ANK_LANG_PYTHON, "getValue", S(CAMEL), ANK_STYLE_CAMEL);
    check_styles(ANK_LANG_PYTHON, "GetValue", S(PASCAL), ANK_STYLE_PASCAL);
    check_styles(ANK_LANG_PYTHON, "MAX_SIZE", S(SCREAMING), ANK_STYLE_SCREAMING);
    check_styles(ANK_LANG_PYTHON, "value", word, ANK_STYLE_FLAT);
    check_styles(ANK_LANG_PYTHON, "utf8", word, ANK_STYLE_FLAT);
    check_styles(ANK_LANG_PYTHON, "__init__", word, ANK_STYLE_FLAT);
    check_styles(ANK_LANG_PYTHON, "_private_name", S(SNAKE), ANK_STYLE_SNAKE);
    check_styles(ANK_LANG_PYTHON, "x2_y", S(SNAKE), ANK_STYLE_SNAKE);
    check_styles(ANK_LANG_PYTHON, "get_Value", S(OTHER), ANK_STYLE_OTHER);
    check_styles(ANK_LANG_PYTHON, "___", 0, ANK_STYLE_OTHER);
    /* PEP 8 writes acronyms in capitals: HTTPServerError. */
    check_styles(ANK_LANG_PYTHON, "HTTPServerError", S(PASCAL), ANK_STYLE_PASCAL);
    check_styles(ANK_LANG_TYPESCRIPT, "getHTMLElement", S(CAMEL), ANK_STYLE_CAMEL);
    check_styles(ANK_LANG_TYPESCRIPT, "user-service", S(KEBAB), ANK_STYLE_KEBAB);
    check_styles(ANK_LANG_TYPESCRIPT, "User-Service", S(OTHER), ANK_STYLE_OTHER);
    /* RFC 430 and the Zig style guide: acronyms are words. */
    check_styles(ANK_LANG_RUST, "HTTPServer", S(OTHER), ANK_STYLE_OTHER);
    check_styles(ANK_LANG_RUST, "HttpServer", S(PASCAL), ANK_STYLE_PASCAL);
    check_styles(ANK_LANG_RUST, "IO", S(SCREAMING), ANK_STYLE_SCREAMING);
    check_styles(ANK_LANG_RUST, "T", S(PASCAL) | S(SCREAMING), ANK_STYLE_PASCAL);
    check_styles(ANK_LANG_ZIG, "parseXMLData", S(OTHER), ANK_STYLE_OTHER);
    check_styles(ANK_LANG_ZIG, "parseXmlData", S(CAMEL), ANK_STYLE_CAMEL);
    check_styles(ANK_LANG_ZIG, "getIP", S(OTHER), ANK_STYLE_OTHER);
    check_styles(ANK_LANG_ZIG, "readU8", S(CAMEL), ANK_STYLE_CAMEL);
    /* Go: MixedCaps, so an exported name is judged as camelCase; names
     * with no lower-case letter are left as they are. */
    check_styles(ANK_LANG_GO, "ServeHTTP", S(CAMEL), ANK_STYLE_CAMEL);
    check_styles(ANK_LANG_GO, "userID", S(CAMEL), ANK_STYLE_CAMEL);
    check_styles(ANK_LANG_GO, "Handler", word, ANK_STYLE_FLAT);
    check_styles(ANK_LANG_GO, "MAX_SIZE", S(SCREAMING), ANK_STYLE_SCREAMING);
    check_styles(ANK_LANG_GO, "ID", S(SCREAMING) | S(PASCAL) | S(CAMEL),
                 ANK_STYLE_SCREAMING);
    check_styles(ANK_LANG_GO, "X", S(SCREAMING) | S(PASCAL) | S(CAMEL),
                 ANK_STYLE_PASCAL);
    check_styles(ANK_LANG_ZIG, "L12", S(SCREAMING) | S(PASCAL), ANK_STYLE_PASCAL);
    check_styles(ANK_LANG_GO, "max_size", S(SNAKE), ANK_STYLE_SNAKE);
    /* Non-ASCII letters have no case here. */
    check_styles(ANK_LANG_PYTHON, "gr\xc3\xbc\xc3\x9f" "en", word, ANK_STYLE_FLAT);
    check_styles(ANK_LANG_PYTHON, "Caf\xc3\xa9", S(PASCAL), ANK_STYLE_PASCAL);
    check_styles(ANK_LANG_RUST, "\xc3\x89moji", S(PASCAL), ANK_STYLE_PASCAL);
    check_styles(ANK_LANG_PYTHON, "\xd0\xb8\xd0\xbc\xd1\x8f", word, ANK_STYLE_FLAT);
    check_styles(ANK_LANG_PYTHON, "\xe5\x90\x8d\xe5\x89\x8d", word, ANK_STYLE_FLAT);
}

/* The naming.convention of `class` in a result: file-level when project is
 * false, else project-level. */
static json_t *naming_of(json_t *doc, const char *cls, int project)
{
    json_t *cs = json_object_get(doc, "constraints");
    for (size_t i = 0; i < json_array_size(cs); i++) {
        json_t *c = json_array_get(cs, i);
        json_t *p = json_object_get(c, "payload");
        if (strcmp(json_string_value(json_object_get(c, "kind")),
                   "naming.convention") == 0 &&
            strcmp(json_string_value(json_object_get(p, "class")), cls) == 0 &&
            json_is_true(json_object_get(p, "project")) == (project != 0))
            return c;
    }
    return NULL;
}

void test_naming_project(void)
{
    ank_clew *clew = NULL;
    CHECK_INT(ank_clew_new(NULL, &clew, NULL), ANK_OK);
    ank_result *r = ank_result_new();
    const char a[] = "def load_file(): pass\ndef save_file(): pass\n"
                     "def close(): pass\n";
    const char b[] = "def readAll(): pass\ndef writeAll(): pass\n"
                     "def flush_all(): pass\n";
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, a, sizeof a - 1, "a.py",
                               r, NULL), ANK_OK);
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, b, sizeof b - 1, "b.py",
                               r, NULL), ANK_OK);
    size_t before = ank_result_count(r);
    CHECK_INT(ank_result_finish(r, NULL), ANK_OK);
    size_t after = ank_result_count(r);
    CHECK(after > before);
    CHECK_INT(ank_result_finish(r, NULL), ANK_OK); /* twice: no change */
    CHECK_INT(ank_result_count(r), after);
    char *text = NULL;
    CHECK_INT(ank_result_write(r, ANK_FORMAT_JSON, &text, NULL, NULL), ANK_OK);
    json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
    CHECK(doc != NULL);
    if (doc) {
        /* b.py alone is camelCase, 2 of 3, with flush_all the outlier. */
        json_t *cs = json_object_get(doc, "constraints");
        json_t *fb = NULL;
        for (size_t i = 0; i < json_array_size(cs); i++) {
            json_t *c = json_array_get(cs, i);
            json_t *loc = json_object_get(c, "location");
            json_t *p = json_object_get(c, "payload");
            if (json_is_object(loc) &&
                strcmp(json_string_value(json_object_get(loc, "file")), "b.py") ==
                    0 &&
                json_object_get(p, "class") &&
                strcmp(json_string_value(json_object_get(p, "class")),
                       "function") == 0)
                fb = p;
        }
        CHECK(fb != NULL);
        if (fb) {
            CHECK_STR(json_string_value(json_object_get(fb, "style")), "camelCase");
            CHECK_INT(json_integer_value(json_object_get(fb, "support")), 2);
            json_t *o = json_array_get(json_object_get(fb, "outliers"), 0);
            CHECK_STR(json_string_value(json_object_get(o, "name")), "flush_all");
        }
        /* The project: snake_case 4 of 6, both camelCase names outliers,
         * located in b.py. */
        json_t *pj = naming_of(doc, "function", 1);
        CHECK(pj != NULL);
        if (pj) {
            json_t *p = json_object_get(pj, "payload");
            CHECK(json_is_null(json_object_get(pj, "location")));
            CHECK_STR(json_string_value(json_object_get(p, "style")), "snake_case");
            CHECK_INT(json_integer_value(json_object_get(p, "support")), 4);
            CHECK_INT(json_integer_value(json_object_get(p, "total")), 6);
            CHECK_INT(json_integer_value(json_object_get(p, "files")), 2);
            json_t *outs = json_object_get(p, "outliers");
            CHECK_INT(json_array_size(outs), 2);
            json_t *o = json_array_get(outs, 1);
            CHECK_STR(json_string_value(json_object_get(o, "name")), "writeAll");
            CHECK_STR(json_string_value(
                          json_object_get(json_object_get(o, "location"), "file")),
                      "b.py");
            CHECK(json_real_value(json_object_get(pj, "confidence")) > 0.66 &&
                  json_real_value(json_object_get(pj, "confidence")) < 0.67);
        }
        json_decref(doc);
    }
    ank_free(text);
    ank_result_free(r);
    ank_clew_free(clew);
}

/* Forbids: a catalog pattern used at most once per 100 files of the
 * language is forbidden; holes list the forbids of their language. */
void test_security_forbids(void)
{
    ank_clew *clew = NULL;
    CHECK_INT(ank_clew_new(NULL, &clew, NULL), ANK_OK);
    ank_result *r = ank_result_new();
    const char a[] = "def run(cmd: str) -> object:\n    return eval(cmd)\n";
    const char b[] = "def later(n: int) -> int:\n    raise NotImplementedError\n";
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, a, sizeof a - 1, "a.py",
                               r, NULL), ANK_OK);
    CHECK_INT(ank_clew_extract(clew, ANK_LANG_PYTHON, b, sizeof b - 1, "b.py",
                               r, NULL), ANK_OK);
    CHECK_INT(ank_result_finish(r, NULL), ANK_OK);
    char *text = NULL;
    CHECK_INT(ank_result_write(r, ANK_FORMAT_JSON, &text, NULL, NULL), ANK_OK);
    json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
    CHECK(doc != NULL);
    if (doc) {
        json_t *cs = json_object_get(doc, "constraints");
        int eval_found = 0, eval_forbidden = 0, pickle_forbidden = 0;
        json_t *hole = NULL;
        const char *pickle_id = NULL;
        for (size_t i = 0; i < json_array_size(cs); i++) {
            json_t *c = json_array_get(cs, i);
            const char *kind = json_string_value(json_object_get(c, "kind"));
            json_t *p = json_object_get(c, "payload");
            const char *pattern = json_string_value(json_object_get(p, "pattern"));
            if (strcmp(kind, "security.finding") == 0 &&
                strcmp(pattern, "python.eval") == 0)
                eval_found++;
            if (strcmp(kind, "security.forbid") == 0) {
                if (strcmp(pattern, "python.eval") == 0)
                    eval_forbidden++;
                if (strcmp(pattern, "python.pickle") == 0) {
                    pickle_forbidden++;
                    pickle_id = json_string_value(json_object_get(c, "id"));
                    CHECK_INT(json_integer_value(json_object_get(p, "count")), 0);
                    CHECK_INT(json_integer_value(json_object_get(p, "files")), 2);
                    CHECK(json_is_null(json_object_get(c, "location")));
                }
            }
            if (strcmp(kind, "hole") == 0)
                hole = p;
        }
        CHECK_INT(eval_found, 1);
        CHECK_INT(eval_forbidden, 0); /* used: 1 finding in 2 files */
        CHECK_INT(pickle_forbidden, 1);
        CHECK(hole != NULL);
        if (hole && pickle_id) {
            int listed = 0;
            json_t *applies = json_object_get(hole, "applies");
            for (size_t i = 0; i < json_array_size(applies); i++)
                listed |= strcmp(json_string_value(json_array_get(applies, i)),
                                 pickle_id) == 0;
            CHECK(listed);
            CHECK_STR(json_string_value(json_object_get(hole, "function_name")),
                      "later");
            json_t *binding = json_array_get(json_object_get(hole, "bindings"), 0);
            CHECK_STR(json_string_value(json_object_get(binding, "name")), "n");
            CHECK_STR(json_string_value(json_object_get(binding, "origin")),
                      "parameter");
        }
        json_decref(doc);
    }
    ank_free(text);
    ank_result_free(r);
    ank_clew_free(clew);
}
