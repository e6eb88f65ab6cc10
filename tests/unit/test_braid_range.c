/*
 * test_braid_range.c - the grammars of integer and number bounds
 * (braid/json_range.c): printed text, and on random ranges agreement with
 * arithmetic.  Integers: either end open, near zero, near the ends of
 * int64, on the numerals at and around the bounds, numerals past int64,
 * and forms JSON integers do not take (leading zeros, -0, fractions,
 * exponents).  Numbers: decimal bounds of up to three fraction digits,
 * either end open or excluded, on numerals at, around and between them
 * (with trailing zeros, and without a fraction), and forms the rule does
 * not take (exponents, -0, leading zeros).
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

static void test_number_print(void)
{
    char *gbnf = print_schema(
        "{\"type\":\"number\",\"minimum\":0,\"maximum\":1}", ANK_GRAM_GBNF,
        NULL);
    CHECK_STR(gbnf, "root ::= json-decimal\n"
                    "json-decimal ::= \"0\" (\".\" [0-9]+)? | "
                    "\"1\" (\".\" \"0\"+)?\n");
    ank__free(gbnf);
    /* 0 < x < 2.5: 0 and 2.5 themselves left out */
    char *lark = print_schema(
        "{\"type\":\"number\",\"exclusiveMinimum\":0,"
        "\"exclusiveMaximum\":2.5}",
        ANK_GRAM_LARK, NULL);
    CHECK(lark != NULL);
    ank__free(lark);
    /* with no upper bound and none or 0 below: the shared rules */
    char *unsigned_ = print_schema("{\"type\":\"number\",\"minimum\":0}",
                                   ANK_GRAM_GBNF, NULL);
    CHECK(unsigned_ && strstr(unsigned_, "root ::= json-unsigned\n"));
    ank__free(unsigned_);
    static const char *const none[] = {
        "{\"type\":\"number\",\"minimum\":3,\"maximum\":2.5}",
        "{\"type\":\"number\",\"minimum\":2.5,\"exclusiveMaximum\":2.5}",
        "{\"type\":\"number\",\"exclusiveMinimum\":0,\"maximum\":0}"};
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        ank_error e = {0};
        char *text = print_schema(none[i], ANK_GRAM_GBNF, &e);
        CHECK(text == NULL);
        CHECK_STR(e.message, "JSON Schema: no number within the bounds");
        ank__free(text);
    }
}

/* A number bound in thousandths: near 0, or any up to +-20. */
static int64_t random_milli(uint64_t *seed)
{
    uint64_t r = next(seed);
    int64_t v = r % 3 == 0 ? (int64_t)((r >> 8) % 61) - 30
                           : (int64_t)((r >> 8) % 40001) - 20000;
    if ((r >> 40) % 3 == 0)
        v -= v % 1000; /* a whole number */
    return v;
}

/* v thousandths as a JSON number: an integer when whole and `integer`. */
static int write_milli(char *out, size_t n, int64_t v, bool integer)
{
    uint64_t m = v < 0 ? (uint64_t)-v : (uint64_t)v;
    if (integer && m % 1000 == 0)
        return snprintf(out, n, "%s%" PRIu64, v < 0 ? "-" : "", m / 1000);
    return snprintf(out, n, "%s%" PRIu64 ".%03" PRIu64, v < 0 ? "-" : "",
                    m / 1000, m % 1000);
}

/* v ten-thousandths as a numeral: shortest, or with `zeros` more
 * trailing zeros (and ".0..." for a whole number). */
static void write_tenth_milli(char *out, size_t n, int64_t v, int zeros)
{
    uint64_t m = v < 0 ? (uint64_t)-v : (uint64_t)v;
    char frac[16];
    snprintf(frac, sizeof frac, "%04" PRIu64, m % 10000);
    size_t f = 4;
    while (f && frac[f - 1] == '0')
        f--;
    for (int z = 0; z < zeros; z++)
        frac[f++] = '0';
    frac[f] = '\0';
    snprintf(out, n, "%s%" PRIu64 "%s%s", v < 0 ? "-" : "", m / 10000,
             f ? "." : "", frac);
}

static void test_number_random(void)
{
    uint64_t seed = 0x9E3779B97F4A7C15u;
    int differ = 0;
    for (int t = 0; t < 400; t++) {
        int64_t lo = random_milli(&seed), hi = random_milli(&seed);
        if (lo > hi) {
            int64_t x = lo;
            lo = hi, hi = x;
        }
        uint64_t r = next(&seed);
        bool lo_open = r % 6 == 0, hi_open = (r >> 3) % 6 == 0;
        bool lo_x = (r >> 6) % 3 == 0, hi_x = (r >> 9) % 3 == 0;
        if (lo == hi && (lo_x || hi_x))
            hi += 1000; /* leave some number in */
        char schema[200];
        int k = snprintf(schema, sizeof schema, "{\"type\":\"number\"");
        if (!lo_open) {
            k += snprintf(schema + k, sizeof schema - (size_t)k, ",\"%s\":",
                          lo_x ? "exclusiveMinimum" : "minimum");
            k += write_milli(schema + k, sizeof schema - (size_t)k, lo,
                             (r >> 12) & 1);
        }
        if (!hi_open) {
            k += snprintf(schema + k, sizeof schema - (size_t)k, ",\"%s\":",
                          hi_x ? "exclusiveMaximum" : "maximum");
            k += write_milli(schema + k, sizeof schema - (size_t)k, hi,
                             (r >> 13) & 1);
        }
        snprintf(schema + k, sizeof schema - (size_t)k, "}");
        ank_ggram *gg = test_json_matcher(schema);
        if (!gg)
            continue;
        /* in ten-thousandths: the bounds, a step either side of them,
         * between them, around 0 */
        int64_t tries[40];
        size_t n = 0;
        for (int d = -10; d <= 10; d += 5) {
            tries[n++] = 10 * lo + d;
            tries[n++] = 10 * hi + d;
        }
        static const int64_t fixed[] = {0, 1, -1, 5000, -5000, 10000, -10000};
        for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
            tries[n++] = fixed[i];
        for (int i = 0; i < 8; i++)
            tries[n++] = 10 * lo + (int64_t)(next(&seed) %
                                             (uint64_t)(10 * (hi - lo) + 1));
        for (size_t i = 0; i < n; i++) {
            int64_t v = tries[i];
            bool in = (lo_open || (lo_x ? v > 10 * lo : v >= 10 * lo)) &&
                      (hi_open || (hi_x ? v < 10 * hi : v <= 10 * hi));
            char numeral[48];
            for (int z = 0; z < 3; z++) {
                write_tenth_milli(numeral, sizeof numeral, v, z);
                /* 0 never with a minus sign */
                check_numeral(gg, schema, numeral, in, &differ);
            }
        }
        /* the shared rules (no upper bound, none or 0 below) take the
         * forms the exact rule does not */
        bool shared = hi_open && (lo_open || (lo == 0 && !lo_x));
        static const char *const never[] = {"-0", "-0.0", "01", "1e0",
                                            "0.5E1", "+1", ".5", "1.", ""};
        for (size_t i = 0; !shared && i < sizeof never / sizeof *never; i++)
            check_numeral(gg, schema, never[i], false, &differ);
        ank__ggram_free(gg);
    }
    CHECK_INT(differ, 0);
}

/* Every allocation of a conversion with integer and number ranges
 * failed in turn: each failure is ANK_ERR_NOMEM, nothing leaks (the
 * harness counts blocks). */
static void test_out_of_memory(void)
{
    json_t *schema = json_loads(
        "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"number\","
        "\"exclusiveMinimum\":-1.25,\"maximum\":307.5},{\"type\":\"integer\","
        "\"minimum\":-40,\"maximum\":1000},{\"type\":\"number\","
        "\"minimum\":0.125,\"exclusiveMaximum\":0.5}],\"items\":false}",
        0, NULL);
    CHECK(schema != NULL);
    /* the grammar's blocks, its tables, the printer */
    CHECK(test_json_fail_each(schema, ANK_GRAM_LARK) > 4);
    json_decref(schema);
}

void test_braid_range(void)
{
    test_out_of_memory();
    test_print();
    test_random();
    test_number_print();
    test_number_random();
}
