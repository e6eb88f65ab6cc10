/*
 * test_braid_pattern.c - the grammars of "pattern" and "propertyNames"
 * (braid/json_pattern.c, json_grammar.c) and of format uuid: the printed
 * text of a map with integer keys, agreement with PCRE2 on random strings
 * (the grammar accepts jansson's JSON text of a string exactly when PCRE2
 * finds the pattern in it, and when it has the length asked), what
 * ECMA-262 reads differently from the subset (`.`, \d, \w, \s), lengths,
 * key schemas, and the errors.
 */
#include <jansson.h>

#include "../../ffi/alloc.h"
#include "test.h"
#include "test_braid_regex.h"
#include "test_json.h"
#include "tests.h"

/* Each of the texts is accepted (`yes`) or refused. */
static void check_texts(const char *schema, bool yes,
                        const char *const *texts)
{
    ank_ggram *gg = test_json_matcher(schema);
    for (; *texts; texts++) {
        bool got = test_json_accepts(gg, *texts, strlen(*texts));
        if (got != yes)
            fprintf(stderr, "    %s: %s %s\n", schema, *texts,
                    yes ? "refused" : "accepted");
        CHECK(got == yes);
    }
    ank__ggram_free(gg);
}

#define TEXTS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_print(void)
{
    const char *s =
        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"},"
        "\"propertyNames\":{\"pattern\":\"^(0|[1-9][0-9]*)$\"}}";
    char *gbnf = test_json_grammar_text(s, ANK_GRAM_GBNF), *lark = test_json_grammar_text(s, ANK_GRAM_LARK);
    CHECK_STR(gbnf,
              "root ::= \"{\" (json-pattern \":\" json-integer (\",\" "
              "json-pattern \":\" json-integer)*)? \"}\"\n"
              "json-pattern ::= \"\\\"\" (\"0\\\"\" | [1-9] [0-9]* \"\\\"\")\n"
              "json-integer ::= \"-\"? (\"0\" | [1-9] [0-9]*)\n");
    CHECK_STR(lark,
              "start: \"{\" (json_pattern \":\" json_integer (\",\" "
              "json_pattern \":\" json_integer)*)? \"}\"\n"
              "json_pattern: \"\\\"\" (\"0\\\"\" | /[1-9]/ /[0-9]+/? "
              "\"\\\"\")\n"
              "json_integer: \"-\"? (\"0\" | /[1-9]/ /[0-9]+/?)\n");
    ank__free(gbnf);
    ank__free(lark);
}

/* A random string of the alphabet's code points, as UTF-8. */
static size_t random_text(uint64_t *seed, char *out, size_t max_cps)
{
    static const uint32_t alphabet[] = {'a', 'b', '0', '1', '-', '"', '\\',
                                        '/', '\n', '\t', 0x01, 0x1F, 0xE9,
                                        0x2028};
    const size_t na = sizeof alphabet / sizeof *alphabet;
    *seed = *seed * 6364136223846793005u + 1442695040888963407u;
    size_t n = (size_t)(*seed >> 33) % (max_cps + 1), k = 0;
    for (size_t i = 0; i < n; i++) {
        *seed = *seed * 6364136223846793005u + 1442695040888963407u;
        uint32_t cp = alphabet[(*seed >> 33) % na];
        if (cp < 0x80)
            out[k++] = (char)cp;
        else if (cp < 0x800)
            out[k++] = (char)(0xC0 | cp >> 6), out[k++] = (char)(0x80 | (cp & 63));
        else
            out[k++] = (char)(0xE0 | cp >> 12),
            out[k++] = (char)(0x80 | (cp >> 6 & 63)),
            out[k++] = (char)(0x80 | (cp & 63));
    }
    return k;
}

/* The grammar of {"type":"string","pattern":P} accepts jansson's text of
 * a string exactly when PCRE2 finds P in it, for random strings and for
 * the strings that a small search of P's own characters gives. */
static void test_against_pcre(void)
{
    static const char *const patterns[] = {
        "^-?(0|[1-9][0-9]*)$", "ab", "^a", "b$", "^(a|b)*$", "a[^b]*b",
        "^[^\"\\\\]+$", "\"", "\\\\", "^\\n", "[\\x00-\\x1F]", "^[ab]{2,3}$",
        "^(ab|ba)+-?$", "^a{40}$", "é|\xe2\x80\xa8", "^$", "[^a]$",
        "^(a\"|\\\\b|\\t)*$"};
    uint64_t seed = 42;
    size_t matched = 0, total = 0;
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
        /* the pattern alone, then with 2 to 6 characters */
        json_t *schema = json_pack("{s:s, s:s}", "type", "string", "pattern",
                                   patterns[p]);
        char *text = json_dumps(schema, JSON_COMPACT);
        ank_ggram *gg = test_json_matcher(text);
        ank_free(text);
        json_object_set_new(schema, "minLength", json_integer(2));
        json_object_set_new(schema, "maxLength", json_integer(6));
        ank_error e = {0};
        ank_ggram *gl = NULL;
        text = test_json_grammar(schema, 0, ANK_GRAM_GBNF, &e);
        if (text) /* else none of 2 to 6 characters matches: ^$, ^a{40}$ */
            CHECK_INT(ank__ggram_compile(text, strlen(text), NULL, &gl, NULL),
                      ANK_OK);
        else
            CHECK(strstr(e.message, "matches no string") != NULL);
        ank__free(text);
        test_pcre re;
        CHECK(test_pcre_open(&re, patterns[p], false));
        int differ = 0;
        for (int i = 0; i < 3000 && gg; i++) {
            char s[64];
            /* the 40-a pattern needs long runs of a */
            size_t n = p == 13 && i % 2 ? 40 + (size_t)(i % 3) : random_text(&seed, s, 12);
            if (p == 13 && i % 2)
                memset(s, 'a', n);
            json_t *str = json_stringn(s, n);
            char *json = json_dumps(str, JSON_ENCODE_ANY | JSON_COMPACT);
            size_t chars = 0; /* code points: bytes but continuations */
            for (size_t k = 0; k < n; k++)
                chars += ((unsigned char)s[k] & 0xC0) != 0x80;
            bool want = test_pcre_run(&re, s, n) == 1;
            bool got = json && test_json_accepts(gg, json, strlen(json));
            bool want_l = want && chars >= 2 && chars <= 6;
            bool got_l = json && gl && test_json_accepts(gl, json, strlen(json));
            if ((want != got || want_l != got_l) && differ++ < 3)
                fprintf(stderr, "    pattern %s: %s: PCRE2 %d, grammar %d; "
                        "with 2..6 characters %d, %d\n",
                        patterns[p], json, want, got, want_l, got_l);
            matched += want, total++;
            ank_free(json);
            json_decref(str);
        }
        CHECK_INT(differ, 0);
        test_pcre_close(&re);
        ank__ggram_free(gg);
        ank__ggram_free(gl);
        json_decref(schema);
    }
    /* both verdicts are common */
    CHECK(matched > total / 5 && matched < total - total / 5);
}

/* What ECMA-262 reads differently from the subset: `.` leaves out \r,
 * U+2028 and U+2029; \d and \w are ASCII; \s holds Unicode's spaces. */
static void test_ecma(void)
{
    const char *dot = "{\"pattern\":\"^.$\"}";
    check_texts(dot, true, TEXTS("\"a\"", "\"\\t\"", "\"\\u0001\"",
                                 "\"\xc3\xa9\"", "\"\\\"\"", "\"/\""));
    check_texts(dot, false, TEXTS("\"\\n\"", "\"\\r\"", "\"\xe2\x80\xa8\"",
                                  "\"\xe2\x80\xa9\"", "\"ab\"", "\"\"",
                                  "\"\\/\"", "\"\\u0061\"", "\"\\u0001\"x",
                                  "\"\\u001f\"", "1"));
    check_texts("{\"pattern\":\"^\\\\d+\\\\w\\\\s\\\\S$\"}", true,
                TEXTS("\"12_ x\"", "\"0a\\tb\"", "\"9Z\xc2\xa0-\""));
    check_texts("{\"pattern\":\"^\\\\d+\\\\w\\\\s\\\\S$\"}", false,
                TEXTS("\"\xd9\xa1" "a x\"", "\"1\xc3\xa9 x\"", "\"1a  \"",
                      "\"1ax \""));
    check_texts("{\"pattern\":\"^[\\\\d-]\\\\D\\\\W$\"}", true,
                TEXTS("\"-a-\"", "\"5 \xc3\xa9\""));
    check_texts("{\"pattern\":\"^[\\\\d-]\\\\D\\\\W$\"}", false,
                TEXTS("\"a--\"", "\"-1-\"", "\"-a_\""));
}

/* A pattern with minLength/maxLength: both hold; an escape is one
 * character. */
static void test_lengths(void)
{
    const char *a3 = "{\"type\":\"string\",\"pattern\":\"a\",\"maxLength\":3}";
    check_texts(a3, true, TEXTS("\"a\"", "\"ba\"", "\"bab\"", "\"\\na\\t\""));
    check_texts(a3, false, TEXTS("\"babb\"", "\"bbb\"", "\"\"", "\"\\n\\na\\t\""));
    const char *digits = "{\"pattern\":\"^[0-9]+$\",\"minLength\":2}";
    check_texts(digits, true, TEXTS("\"12\"", "\"1234567890123\""));
    check_texts(digits, false, TEXTS("\"1\"", "\"\"", "\"12a\""));
    const char *quote = "{\"pattern\":\"\\\"\",\"minLength\":2,\"maxLength\":2}";
    check_texts(quote, true, TEXTS("\"\\\"x\"", "\"x\\\"\""));
    check_texts(quote, false, TEXTS("\"\\\"\"", "\"xy\"", "\"x\\\"y\""));
}

/* format uuid, which has a pattern of its own */
static void test_uuid(void)
{
    const char *uuid = "{\"type\":\"string\",\"format\":\"uuid\"}";
    check_texts(uuid, true, TEXTS("\"123e4567-e89b-12d3-a456-426614174000\"",
                                  "\"00000000-0000-0000-0000-00000000ABCD\""));
    check_texts(uuid, false, TEXTS("\"123e4567-e89b-12d3-a456-42661417400\"",
                                   "\"123e4567e89b12d3a456426614174000\"",
                                   "\"123e4567-e89b-12d3-a456-42661417400g\"",
                                   "\"{123e4567-e89b-12d3-a456-426614174000}\"",
                                   "\"x\""));
}

static void test_keys(void)
{
    const char *ints = "{\"type\":\"object\",\"additionalProperties\":true,"
                       "\"propertyNames\":{\"pattern\":\"^-?(0|[1-9][0-9]*)$\"}}";
    check_texts(ints, true, TEXTS("{}", "{\"1\":1}", "{\"-20\":[],\"0\":{}}"));
    check_texts(ints, false, TEXTS("{\"01\":1}", "{\"a\":1}", "{\"\":1}",
                                   "{\"1.5\":1}", "{\"1\":1,\"x\":2}"));
    /* enum, const, $ref, anyOf, lengths; keys of other types are none */
    const char *named =
        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"},"
        "\"propertyNames\":{\"anyOf\":[{\"$ref\":\"#/$defs/K\"},"
        "{\"const\":\"z\"},{\"const\":7},{\"maxLength\":4,\"minLength\":4,"
        "\"type\":[\"string\",\"null\"]},{\"type\":\"integer\"}]},"
        "\"$defs\":{\"K\":{\"enum\":[\"one\",\"tw\\\"o\",2]}}}";
    check_texts(named, true, TEXTS("{\"one\":1}", "{\"tw\\\"o\":2,\"z\":3}",
                                   "{\"abcd\":1}", "{\"a\\nb\\\"\":1}"));
    check_texts(named, false, TEXTS("{\"two\":1}", "{\"2\":1}", "{\"7\":1}",
                                    "{\"zz\":1}", "{\"one\":\"x\"}"));
    /* no key allowed: only the empty object */
    static const char *const none[] = {
        "{\"propertyNames\":false}", "{\"propertyNames\":{\"type\":\"integer\"}}",
        "{\"propertyNames\":{\"enum\":[1,null]}}"};
    for (size_t i = 0; i < 3; i++) {
        check_texts(none[i], true, TEXTS("{}"));
        check_texts(none[i], false, TEXTS("{\"a\":1}", "{\"1\":1}"));
    }
    /* keys any string: propertyNames true or {} */
    check_texts("{\"propertyNames\":{}}", true, TEXTS("{\"a\\u0041\":1}"));
}

static void test_errors(void)
{
    static const struct {
        const char *schema, *message;
    } cases[] = {
        {"{\"pattern\":\"(?=a)\"}",
         "JSON Schema: pattern outside the regex subset at byte 0 (only (...) "
         "and (?:...) groups are in the subset (no lookaround, flags, names "
         "or atomic groups)): \"(?=a)\""},
        {"{\"type\":\"string\",\"pattern\":\"^[a-z]{1,1000}$\",\"maxLength\":"
         "999}",
         "JSON Schema: pattern with a length bound too large for an automaton "
         "\"^[a-z]{1,1000}$\""},
        {"{\"type\":\"string\",\"pattern\":\"^a+$\",\"maxLength\":0}",
         "JSON Schema: pattern that matches no string \"^a+$\""},
        {"{\"pattern\":3}", "JSON Schema: malformed pattern"},
        /* the offset is the pattern's, before . and \\d were rewritten */
        {"{\"pattern\":\"^.\\\\d[\\\\x00-\\\\x1F]{2000}$\"}",
         "JSON Schema: pattern outside the regex subset at byte 16 "
         "(repetition bound above 1000): \"^.\\d[\\x00-\\x1F]{2000}$\""},
        /* only surrogates, which no UTF-8 holds */
        {"{\"pattern\":\"[^\\\\x00-\\\\x7F\xc2\x80-\xed\x9f\xbf\xee\x80\x80-"
         "\xf4\x8f\xbf\xbf]\"}",
         "JSON Schema: pattern that matches no string \"[^\\x00-\\x7F"
         "\xc2\x80-\xed\x9f\xbf\xee\x80\x80-\xf4\x8f\xbf\xbf]\""},
        {"{\"properties\":{\"a\":{}},\"propertyNames\":{\"maxLength\":1}}",
         "JSON Schema: propertyNames with properties"},
        {"{\"propertyNames\":{\"not\":{}}}",
         "JSON Schema: unsupported keyword \"not\""}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *s = json_loads(cases[i].schema, 0, NULL);
        ank_error e = {0};
        char *text = test_json_grammar(s, 2, ANK_GRAM_GBNF, &e);
        CHECK(text == NULL);
        CHECK_INT(e.code, ANK_ERR_FORMAT);
        CHECK_STR(e.message, cases[i].message);
        ank__free(text);
        json_decref(s);
    }
}

/* One rule per pattern and grammar; the long chain nests no deeper than
 * a few rules (json_pattern.c's INLINE_DEPTH). */
static void test_sharing(void)
{
    char *gbnf = test_json_grammar_text("{\"type\":\"array\",\"prefixItems\":[{\"pattern\":"
                         "\"^a{100}$\"},{\"pattern\":\"^a{100}$\"}],"
                         "\"items\":false}",
                         ANK_GRAM_GBNF);
    CHECK(gbnf != NULL);
    size_t rules = 0;
    for (const char *p = gbnf; p && (p = strstr(p, " ::= ")); p++)
        rules++;
    CHECK_INT(rules, 1 + 4); /* root, then 100 states in 32s */
    const char *first = "root ::= \"[\" (json-pattern (\",\" json-pattern)?)? "
                        "\"]\"\njson-pattern ::= \"\\\"aaaa";
    CHECK(gbnf && strncmp(gbnf, first, strlen(first)) == 0);
    ank__free(gbnf);
    char a100[110] = "\"";
    memset(a100 + 1, 'a', 100);
    strcpy(a100 + 101, "\"");
    ank_ggram *gg = test_json_matcher("{\"pattern\":\"^a{100}$\"}");
    CHECK(test_json_accepts(gg, a100, 102));
    a100[100] = '"';
    CHECK(!test_json_accepts(gg, a100, 101));
    ank__ggram_free(gg);
}

/* Every allocation of a conversion with patterns failed in turn: each
 * failure is ANK_ERR_NOMEM, nothing leaks (the harness counts blocks). */
static void test_out_of_memory(void)
{
    json_t *schema = json_loads(
        "{\"type\":\"object\",\"additionalProperties\":{\"pattern\":\"^\\\\d.*x\"},"
        "\"propertyNames\":{\"anyOf\":[{\"pattern\":\"^-?(0|[1-9][0-9]*)$\"},"
        "{\"enum\":[\"a\"]}]}}",
        0, NULL);
    CHECK(schema != NULL);
    /* the DFAs, the rules and the printing all allocate */
    CHECK(test_json_fail_each(schema, ANK_GRAM_GBNF) > 99);
    json_decref(schema);
}

/* Map types with keys other than strings, from source to the IR: the
 * schema's propertyNames and what the schema's grammar accepts. */
static void test_map_keys(void)
{
    static const struct {
        const char *path, *src, *type, *names[2];
        const char *yes, *no[2];
    } cases[] = {
        {"k.rs",
         "pub struct Keys { pub small: HashMap<u8, String>,"
         " pub wide: BTreeMap<i64, bool> }\n",
         "Keys",
         {"'propertyNames':{'pattern':'^(0|[1-9][0-9]*)$'}",
          "'propertyNames':{'pattern':'^-?(0|[1-9][0-9]*)$'}"},
         "{'small':{'0':'a','255':'b'},'wide':{'-5':true}}",
         {"{'small':{'-1':'a'},'wide':{}}", "{'small':{},'wide':{'07':true}}"}},
        {"k.ts",
         "export interface Tally { byNumber: Record<number, string>;"
         " byLevel: { [K in \"low\" | \"high\"]?: number } }\n",
         "Tally",
         {"'propertyNames':{'pattern':'^(-?(0|[1-9][0-9]*)(\\\\.[0-9]+)?"
          "(e[+-]?[0-9]+)?|-?Infinity|NaN)$'}",
          "'propertyNames':{'enum':['low','high']}"},
         "{'byNumber':{'1.5':'a','-Infinity':'b','1e+21':'c','NaN':'d'},"
         "'byLevel':{'low':1}}",
         {"{'byNumber':{'x':'a'},'byLevel':{}}",
          "{'byNumber':{},'byLevel':{'mid':1}}"}},
        {"k.py",
         "@dataclass\nclass Counts:\n    by_id: dict[int, str]\n"
         "    by_ratio: dict[float, int]\n",
         "Counts",
         {"'propertyNames':{'pattern':'^-?(0|[1-9][0-9]*)$'}",
          "'propertyNames':{'pattern':'^(-?(0|[1-9][0-9]*)(\\\\.[0-9]+)?"},
         "{'by_id':{'3':'a'},'by_ratio':{'0.5':1,'Infinity':2}}",
         {"{'by_id':{'a':'x'},'by_ratio':{}}",
          "{'by_id':{},'by_ratio':{'inf':1}}"}}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t at;
        ank_ir *ir = test_json_compile(cases[i].path, cases[i].src,
                                       cases[i].type, &at);
        char *schema = NULL;
        size_t len;
        if (at != ANK_NPOS)
            CHECK_INT(ank_ir_artifact_json(ir, at, ANK_PART_SCHEMA, &schema,
                                           &len, NULL),
                      ANK_OK);
        for (int n = 0; n < 2; n++) {
            bool found = schema && strstr(schema, test_q(cases[i].names[n]));
            if (!found)
                fprintf(stderr, "    %s: no %s\n", schema, cases[i].names[n]);
            CHECK(found);
        }
        const char *gbnf = at != ANK_NPOS
                               ? ank_ir_artifact_text(ir, at, ANK_PART_GBNF, NULL)
                               : NULL;
        CHECK(gbnf != NULL);
        ank_ggram *gg = NULL;
        if (gbnf)
            CHECK_INT(ank__ggram_compile(gbnf, strlen(gbnf), NULL, &gg, NULL),
                      ANK_OK);
        const char *yes = test_q(cases[i].yes);
        CHECK(test_json_accepts(gg, yes, strlen(yes)));
        for (int n = 0; n < 2; n++) {
            const char *no = test_q(cases[i].no[n]);
            CHECK(!test_json_accepts(gg, no, strlen(no)));
        }
        ank__ggram_free(gg);
        ank_free(schema);
        ank_ir_free(ir);
    }
}

void test_braid_pattern(void)
{
    test_print();
    test_against_pcre();
    test_ecma();
    test_lengths();
    test_uuid();
    test_keys();
    test_errors();
    test_sharing();
    test_out_of_memory();
    test_map_keys();
}
