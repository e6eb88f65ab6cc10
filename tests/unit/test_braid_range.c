/*
 * test_braid_range.c - the grammars of integer bounds (braid/json_range.c):
 * printed text, and on random ranges (either end open, near zero, near
 * the ends of int64) agreement with arithmetic on the numerals at and
 * around the bounds, numerals past int64, and forms JSON integers do not
 * take (leading zeros, -0, fractions, exponents).
 */
#include <inttypes.h>
#include <jansson.h>

#include "../../ffi/alloc.h"
#include "test.h"
#include "test_json.h"
#include "tests.h"

/* The grammar of the schema text printed in dialect d (ws 0), or NULL
 * with *e. */
static char *print_schema(const char *schema, ank_gram_dialect d,
                          ank_error *e)
{
    json_t *s = json_loads(schema, 0, NULL);
    CHECK(s != NULL);
    char *text = s ? test_json_grammar(s, 0, d, e) : NULL;
    json_decref(s);
    return text;
}

static bool accepts(const ank_ggram *gg, const char *text)
{
    return test_json_accepts(gg, text, strlen(text));
}

static void test_print(void)
{
    char *gbnf = print_schema(
        "{\"type\":\"integer\",\"minimum\":0,\"maximum\":255}", ANK_GRAM_GBNF,
        NULL);
    CHECK_STR(gbnf, "root ::= json-range\n"
                    "json-range ::= \"0\" | [1-9] [0-9]? | \"1\" [0-9]{2} | "
                    "\"2\" ([0-4] [0-9] | \"5\" [0-5])\n");
    ank__free(gbnf);
    char *lark = print_schema(
        "{\"type\":\"integer\",\"exclusiveMinimum\":-11,\"exclusiveMaximum\":"
        "7.5}",
        ANK_GRAM_LARK, NULL);
    CHECK_STR(lark, "start: json_range\n"
                    "json_range: \"-\" (/[1-9]/ | \"10\") | \"0\" | /[1-7]/\n");
    ank__free(lark);
    /* no upper bound, none or 0 below: the shared rules */
    char *natural = print_schema(
        "{\"type\":\"integer\",\"minimum\":0}", ANK_GRAM_GBNF, NULL);
    CHECK_STR(natural, "root ::= json-natural\n"
                       "json-natural ::= \"0\" | [1-9] [0-9]*\n");
    ank__free(natural);
    /* bounds that leave no integer */
    static const char *const none[] = {
        "{\"type\":\"integer\",\"minimum\":3,\"maximum\":2}",
        "{\"type\":\"integer\",\"minimum\":2.5,\"maximum\":2.9}",
        "{\"type\":\"integer\",\"exclusiveMaximum\":-9223372036854775808}",
        "{\"type\":\"integer\",\"minimum\":1e300}"};
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        ank_error e = {0};
        char *text = print_schema(none[i], ANK_GRAM_GBNF, &e);
        CHECK(text == NULL);
        CHECK_STR(e.message, "JSON Schema: no integer within the bounds");
        ank__free(text);
    }
}

static uint64_t next(uint64_t *seed)
{
    *seed ^= *seed << 13, *seed ^= *seed >> 7, *seed ^= *seed << 17;
    return *seed;
}

/* A bound: near 0, near a power of ten, near the ends of int64, or any. */
static int64_t random_bound(uint64_t *seed)
{
    uint64_t r = next(seed);
    switch (r % 5) {
    case 0: return (int64_t)(r >> 8) % 41 - 20;
    case 1: {
        int64_t p = 1;
        for (uint64_t k = (r >> 8) % 18; k; k--)
            p *= 10;
        return ((r >> 16) & 1 ? -p : p) + (int64_t)((r >> 20) % 5) - 2;
    }
    case 2: return INT64_MAX - (int64_t)((r >> 8) % 3);
    case 3: return INT64_MIN + (int64_t)((r >> 8) % 3);
    default: return (int64_t)(next(seed) >> ((r >> 8) % 63));
    }
}

static void check_numeral(const ank_ggram *gg, const char *schema,
                          const char *numeral, bool want, int *differ)
{
    if (accepts(gg, numeral) != want && (*differ)++ < 5)
        fprintf(stderr, "    %s: %s %s\n", schema, numeral,
                want ? "refused" : "accepted");
}

static void test_random(void)
{
    uint64_t seed = 0x2545F4914F6CDD1Du;
    int differ = 0;
    for (int t = 0; t < 400; t++) {
        int64_t lo = random_bound(&seed), hi = random_bound(&seed);
        if (lo > hi) {
            int64_t x = lo;
            lo = hi, hi = x;
        }
        bool lo_open = next(&seed) % 6 == 0, hi_open = next(&seed) % 6 == 0;
        char schema[160];
        int k = snprintf(schema, sizeof schema, "{\"type\":\"integer\"");
        if (!lo_open)
            k += snprintf(schema + k, sizeof schema - (size_t)k,
                          ",\"minimum\":%" PRId64, lo);
        if (!hi_open)
            k += snprintf(schema + k, sizeof schema - (size_t)k,
                          ",\"maximum\":%" PRId64, hi);
        snprintf(schema + k, sizeof schema - (size_t)k, "}");
        ank_ggram *gg = test_json_matcher(schema);
        /* the bounds and their neighbours, 0, ±1 and values between */
        int64_t tries[12] = {lo, hi, 0, 1, -1, INT64_MIN, INT64_MAX,
                             lo / 2 + hi / 2};
        size_t n = 8;
        if (lo > INT64_MIN)
            tries[n++] = lo - 1;
        if (lo < INT64_MAX)
            tries[n++] = lo + 1;
        if (hi > INT64_MIN)
            tries[n++] = hi - 1;
        if (hi < INT64_MAX)
            tries[n++] = hi + 1;
        for (size_t i = 0; i < n; i++) {
            char numeral[24];
            snprintf(numeral, sizeof numeral, "%" PRId64, tries[i]);
            bool in = (lo_open || tries[i] >= lo) && (hi_open || tries[i] <= hi);
            check_numeral(gg, schema, numeral, in, &differ);
        }
        /* past int64 on either side: only an open end reaches them */
        check_numeral(gg, schema, "9223372036854775808", hi_open, &differ);
        check_numeral(gg, schema, "123456789012345678901234", hi_open, &differ);
        check_numeral(gg, schema, "-9223372036854775809", lo_open, &differ);
        /* never a JSON integer */
        static const char *const never[] = {"01", "00", "1.0", "1e2", "+1",
                                            "", "-", "--1", " 1"};
        for (size_t i = 0; i < sizeof never / sizeof *never; i++)
            check_numeral(gg, schema, never[i], false, &differ);
        /* -0 only from the shared json-integer (no bounds at all) */
        check_numeral(gg, schema, "-0", lo_open && hi_open, &differ);
        ank__ggram_free(gg);
    }
    CHECK_INT(differ, 0);
}

void test_braid_range(void)
{
    test_print();
    test_random();
}
