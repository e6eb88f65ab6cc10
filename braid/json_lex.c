/*
 * json_lex.c - the rules of JSON text itself, shared by every schema
 * converted into one grammar: whitespace, strings, numbers, RFC 3339
 * dates and times, any value; and literals of given values.
 *
 * Shared rules are registered by name ("json-string", "json-ws:2", ...)
 * and made on first use; those that depend on the whitespace bound have
 * it in their name.  Whitespace is one rule of at most `ws` characters.
 * The fixed ones (strings, numbers, dates, whitespace of the usual bound)
 * are given their printed text (prebuilt()) rather than built each time.
 * Within one conversion each shared rule is looked up once, and its
 * reference, the punctuation literals and the digit class are single nodes
 * used wherever they are wanted (leaves print alike at every place).
 * A literal is the value's text as jansson prints it compactly (strings of
 * ASCII escaped here by hand, reals the shortest text that reads back).
 */
#include "json_lex.h"

#include "../ffi/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef ank_jctx jctx;

#define SEQ ANK_JSEQ
#define ALT ANK_JALT

static ank_gexpr *lit(jctx *j, const char *s) { return ank__jlex_lit(j, s); }

/* `prefix` followed by n in decimal: the keys of helper rules. */
void ank__jlex_name(char *out, const char *prefix, uint64_t n)
{
    size_t k = strlen(prefix);
    memcpy(out, prefix, k);
    char digits[20];
    size_t d = 0;
    do
        digits[d++] = (char)('0' + n % 10);
    while (n /= 10);
    while (d)
        out[k++] = digits[--d];
    out[k] = '\0';
}

static ank_gexpr *cls(jctx *j, bool neg, const uint32_t *r, size_t n)
{
    return ank__g_class(j->g, neg, r, n);
}

ank_gexpr *ank__jlex_fail(ank_jctx *j, const char *what, const char *name)
{
    if (!j->failed)
        ank__fail(j->error, ANK_ERR_FORMAT, "JSON Schema: %s%s%s%s", what,
                  name ? " \"" : "", name ? name : "", name ? "\"" : "");
    j->failed = true;
    return ank__g_ref(j->g, NULL); /* the failed node */
}

ank_gexpr *ank__jlex_punct(ank_jctx *j, ank_jpunct p)
{
    static const char text[ANK_JP_COUNT_] = {',', ':', '{', '}', '[', ']', '"'};
    if (!j->punct[p])
        j->punct[p] = ank__g_lit(j->g, text + p, 1);
    return j->punct[p];
}

/* [0-9], one node per conversion. */
static ank_gexpr *digit(jctx *j)
{
    static const uint32_t d[] = {'0', '9'};
    if (!j->digit)
        j->digit = cls(j, false, d, 1);
    return j->digit;
}

static ank_gexpr *make_ws(jctx *j);
static ank_gexpr *make_string(jctx *j);
static ank_gexpr *make_value(jctx *j);
static ank_gexpr *make_object(jctx *j);
static ank_gexpr *make_array(jctx *j);
static ank_gexpr *make_number(jctx *j);
static ank_gexpr *make_unsigned_number(jctx *j);
static ank_gexpr *make_integer(jctx *j);
static ank_gexpr *make_natural(jctx *j);
static ank_gexpr *make_date_time(jctx *j);
static ank_gexpr *make_date(jctx *j);
static ank_gexpr *make_time(jctx *j);
static ank_gexpr *make_uuid(jctx *j);

/* The bodies of the fixed shared rules as the printers write them.  Their
 * expressions, built by make_* in a grammar that is spelled out
 * (ank__gram_spell_out), are the definition and must print exactly this.
 * Every schema grammar holds a few of these; taking them as text saves
 * building, counting and printing the same few dozen nodes each time. */
#define TEXT ANK_GRAM_TEXT
/* GBNF, Lark, then both JSON-escaped: */
static const ank_gram_text ws2_text = TEXT(
        "[\\t\\n\\r ]{0,2}",
        "/[\\t\\n\\r ]{1,2}/?",
        "[\\\\t\\\\n\\\\r ]{0,2}",
        "/[\\\\t\\\\n\\\\r ]{1,2}/?");
static const ank_gram_text fixed_text[ANK_JR_COUNT_] = {
    [ANK_JR_STRING] = TEXT(
        "\"\\\"\" [^\\x00-\\x1F\"\\\\]* (\"\\\\\" ([\"/\\\\bfnrt] | \"u"
        "\" [0-9A-Fa-f]{4}) [^\\x00-\\x1F\"\\\\]*)* \"\\\"\"",
        "\"\\\"\" /[^\\x00-\\x1F\"\\\\]+/? /(?:\\\\(?:[\"\\/\\\\bfnrt]|"
        "u[0-9A-Fa-f]{4})[^\\x00-\\x1F\"\\\\]*)+/? \"\\\"\"",
        "\\\"\\\\\\\"\\\" [^\\\\x00-\\\\x1F\\\"\\\\\\\\]* (\\\"\\\\\\\\"
        "\\\" ([\\\"/\\\\\\\\bfnrt] | \\\"u\\\" [0-9A-Fa-f]{4}) [^\\\\x"
        "00-\\\\x1F\\\"\\\\\\\\]*)* \\\"\\\\\\\"\\\"",
        "\\\"\\\\\\\"\\\" /[^\\\\x00-\\\\x1F\\\"\\\\\\\\]+/? /(?:\\\\\\"
        "\\(?:[\\\"\\\\/\\\\\\\\bfnrt]|u[0-9A-Fa-f]{4})[^\\\\x00-\\\\x1"
        "F\\\"\\\\\\\\]*)+/? \\\"\\\\\\\"\\\""),
    [ANK_JR_NUMBER] = TEXT(
        "\"-\"? (\"0\" | [1-9] [0-9]*) (\".\" [0-9]+)? ([Ee] [+\\x2D]? "
        "[0-9]+)?",
        "\"-\"? (\"0\" | /[1-9]/ /[0-9]+/?) (\".\" /[0-9]+/)? (/[Ee]/ /"
        "[+\\-]/? /[0-9]+/)?",
        "\\\"-\\\"? (\\\"0\\\" | [1-9] [0-9]*) (\\\".\\\" [0-9]+)? ([Ee"
        "] [+\\\\x2D]? [0-9]+)?",
        "\\\"-\\\"? (\\\"0\\\" | /[1-9]/ /[0-9]+/?) (\\\".\\\" /[0-9]+/"
        ")? (/[Ee]/ /[+\\\\-]/? /[0-9]+/)?"),
    [ANK_JR_UNSIGNED] = TEXT(
        "(\"0\" | [1-9] [0-9]*) (\".\" [0-9]+)? ([Ee] [+\\x2D]? [0-9]+)"
        "?",
        "(\"0\" | /[1-9]/ /[0-9]+/?) (\".\" /[0-9]+/)? (/[Ee]/ /[+\\-]/"
        "? /[0-9]+/)?",
        "(\\\"0\\\" | [1-9] [0-9]*) (\\\".\\\" [0-9]+)? ([Ee] [+\\\\x2D"
        "]? [0-9]+)?",
        "(\\\"0\\\" | /[1-9]/ /[0-9]+/?) (\\\".\\\" /[0-9]+/)? (/[Ee]/ "
        "/[+\\\\-]/? /[0-9]+/)?"),
    [ANK_JR_INTEGER] = TEXT(
        "\"-\"? (\"0\" | [1-9] [0-9]*)",
        "\"-\"? (\"0\" | /[1-9]/ /[0-9]+/?)",
        "\\\"-\\\"? (\\\"0\\\" | [1-9] [0-9]*)",
        "\\\"-\\\"? (\\\"0\\\" | /[1-9]/ /[0-9]+/?)"),
    [ANK_JR_NATURAL] = TEXT(
        "\"0\" | [1-9] [0-9]*",
        "\"0\" | /[1-9]/ /[0-9]+/?",
        "\\\"0\\\" | [1-9] [0-9]*",
        "\\\"0\\\" | /[1-9]/ /[0-9]+/?"),
    [ANK_JR_DATE_TIME] = TEXT(
        "\"\\\"\" [0-9]{4} \"-\" (\"0\" [1-9] | \"1\" [0-2]) \"-\" (\"0"
        "\" [1-9] | [12] [0-9] | \"3\" [01]) [Tt] ([01] [0-9] | \"2\" ["
        "0-3]) \":\" [0-5] [0-9] \":\" ([0-5] [0-9] | \"60\") (\".\" [0"
        "-9]+)? ([Zz] | [+\\x2D] ([01] [0-9] | \"2\" [0-3]) \":\" [0-5]"
        " [0-9]) \"\\\"\"",
        "\"\\\"\" /[0-9]{4}/ \"-\" (\"0\" /[1-9]/ | \"1\" /[0-2]/) \"-"
        "\" (\"0\" /[1-9]/ | /[12]/ /[0-9]/ | \"3\" /[01]/) /[Tt]/ (/[0"
        "1]/ /[0-9]/ | \"2\" /[0-3]/) \":\" /[0-5]/ /[0-9]/ \":\" (/[0-"
        "5]/ /[0-9]/ | \"60\") (\".\" /[0-9]+/)? (/[Zz]/ | /[+\\-]/ (/["
        "01]/ /[0-9]/ | \"2\" /[0-3]/) \":\" /[0-5]/ /[0-9]/) \"\\\"\"",
        "\\\"\\\\\\\"\\\" [0-9]{4} \\\"-\\\" (\\\"0\\\" [1-9] | \\\"1\\"
        "\" [0-2]) \\\"-\\\" (\\\"0\\\" [1-9] | [12] [0-9] | \\\"3\\\" "
        "[01]) [Tt] ([01] [0-9] | \\\"2\\\" [0-3]) \\\":\\\" [0-5] [0-9"
        "] \\\":\\\" ([0-5] [0-9] | \\\"60\\\") (\\\".\\\" [0-9]+)? ([Z"
        "z] | [+\\\\x2D] ([01] [0-9] | \\\"2\\\" [0-3]) \\\":\\\" [0-5]"
        " [0-9]) \\\"\\\\\\\"\\\"",
        "\\\"\\\\\\\"\\\" /[0-9]{4}/ \\\"-\\\" (\\\"0\\\" /[1-9]/ | \\"
        "\"1\\\" /[0-2]/) \\\"-\\\" (\\\"0\\\" /[1-9]/ | /[12]/ /[0-9]/"
        " | \\\"3\\\" /[01]/) /[Tt]/ (/[01]/ /[0-9]/ | \\\"2\\\" /[0-3]"
        "/) \\\":\\\" /[0-5]/ /[0-9]/ \\\":\\\" (/[0-5]/ /[0-9]/ | \\\""
        "60\\\") (\\\".\\\" /[0-9]+/)? (/[Zz]/ | /[+\\\\-]/ (/[01]/ /[0"
        "-9]/ | \\\"2\\\" /[0-3]/) \\\":\\\" /[0-5]/ /[0-9]/) \\\"\\\\"
        "\\\"\\\""),
    [ANK_JR_DATE] = TEXT(
        "\"\\\"\" [0-9]{4} \"-\" (\"0\" [1-9] | \"1\" [0-2]) \"-\" (\"0"
        "\" [1-9] | [12] [0-9] | \"3\" [01]) \"\\\"\"",
        "\"\\\"\" /[0-9]{4}/ \"-\" (\"0\" /[1-9]/ | \"1\" /[0-2]/) \"-"
        "\" (\"0\" /[1-9]/ | /[12]/ /[0-9]/ | \"3\" /[01]/) \"\\\"\"",
        "\\\"\\\\\\\"\\\" [0-9]{4} \\\"-\\\" (\\\"0\\\" [1-9] | \\\"1\\"
        "\" [0-2]) \\\"-\\\" (\\\"0\\\" [1-9] | [12] [0-9] | \\\"3\\\" "
        "[01]) \\\"\\\\\\\"\\\"",
        "\\\"\\\\\\\"\\\" /[0-9]{4}/ \\\"-\\\" (\\\"0\\\" /[1-9]/ | \\"
        "\"1\\\" /[0-2]/) \\\"-\\\" (\\\"0\\\" /[1-9]/ | /[12]/ /[0-9]/"
        " | \\\"3\\\" /[01]/) \\\"\\\\\\\"\\\""),
    [ANK_JR_TIME] = TEXT(
        "\"\\\"\" ([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9] \":\" (["
        "0-5] [0-9] | \"60\") (\".\" [0-9]+)? ([Zz] | [+\\x2D] ([01] [0"
        "-9] | \"2\" [0-3]) \":\" [0-5] [0-9]) \"\\\"\"",
        "\"\\\"\" (/[01]/ /[0-9]/ | \"2\" /[0-3]/) \":\" /[0-5]/ /[0-9]"
        "/ \":\" (/[0-5]/ /[0-9]/ | \"60\") (\".\" /[0-9]+/)? (/[Zz]/ |"
        " /[+\\-]/ (/[01]/ /[0-9]/ | \"2\" /[0-3]/) \":\" /[0-5]/ /[0-9"
        "]/) \"\\\"\"",
        "\\\"\\\\\\\"\\\" ([01] [0-9] | \\\"2\\\" [0-3]) \\\":\\\" [0-5"
        "] [0-9] \\\":\\\" ([0-5] [0-9] | \\\"60\\\") (\\\".\\\" [0-9]+"
        ")? ([Zz] | [+\\\\x2D] ([01] [0-9] | \\\"2\\\" [0-3]) \\\":\\\""
        " [0-5] [0-9]) \\\"\\\\\\\"\\\"",
        "\\\"\\\\\\\"\\\" (/[01]/ /[0-9]/ | \\\"2\\\" /[0-3]/) \\\":\\"
        "\" /[0-5]/ /[0-9]/ \\\":\\\" (/[0-5]/ /[0-9]/ | \\\"60\\\") ("
        "\\\".\\\" /[0-9]+/)? (/[Zz]/ | /[+\\\\-]/ (/[01]/ /[0-9]/ | \\"
        "\"2\\\" /[0-3]/) \\\":\\\" /[0-5]/ /[0-9]/) \\\"\\\\\\\"\\\""),
};
#undef TEXT

/* The prebuilt body of shared rule `id`, or NULL: whitespace has one
 * only for the usual bound, the rules that refer to others have none. */
static const ank_gram_text *prebuilt(const jctx *j, ank_jrule id)
{
    if (!ank__gram_prebuilt(j->g))
        return NULL;
    if (id == ANK_JR_WS)
        return j->ws == 2 ? &ws2_text : NULL;
    return fixed_text[id].text[0][0] ? &fixed_text[id] : NULL;
}

/* The shared rules: the key each is registered under (followed by the
 * whitespace bound when `per_ws`), the rule's name hint, its body. */
static const struct {
    const char *key;
    bool per_ws;
    ank_gexpr *(*make)(jctx *);
} shared_rules[ANK_JR_COUNT_] = {
    [ANK_JR_WS] = {"json-ws", true, make_ws},
    [ANK_JR_STRING] = {"json-string", false, make_string},
    [ANK_JR_VALUE] = {"json-value", true, make_value},
    [ANK_JR_OBJECT] = {"json-object", true, make_object},
    [ANK_JR_ARRAY] = {"json-array", true, make_array},
    [ANK_JR_NUMBER] = {"json-number", false, make_number},
    [ANK_JR_UNSIGNED] = {"json-unsigned", false, make_unsigned_number},
    [ANK_JR_INTEGER] = {"json-integer", false, make_integer},
    [ANK_JR_NATURAL] = {"json-natural", false, make_natural},
    [ANK_JR_DATE_TIME] = {"json-date-time", false, make_date_time},
    [ANK_JR_DATE] = {"json-date", false, make_date},
    [ANK_JR_TIME] = {"json-time", false, make_time},
    [ANK_JR_UUID] = {"json-uuid", false, make_uuid},
};

/* The shared rule `id`: registered in the grammar by an earlier
 * conversion, or declared and registered now (before its body is built,
 * so the body may refer to it) and built by its `make`.  NULL when out of
 * memory. */
static ank_grule *shared_rule(jctx *j, ank_jrule id)
{
    if (j->rules[id])
        return j->rules[id];
    const char *hint = shared_rules[id].key;
    char key[48];
    const char *k = hint;
    if (shared_rules[id].per_ws) {
        size_t n = strlen(hint);
        memcpy(key, hint, n);
        key[n] = ':';
        ank__jlex_name(key + n + 1, "", j->ws);
        k = key;
    }
    ank_grule *r = ank__gram_lookup(j->g, k);
    if (r)
        return j->rules[id] = r;
    r = ank__gram_declare(j->g, hint);
    if (!r)
        return NULL;
    ank__gram_register_new(j->g, k, r);
    j->rules[id] = r;
    const ank_gram_text *text = prebuilt(j, id);
    if (text)
        ank__gram_define_text(j->g, r, text);
    else
        ank__gram_define(j->g, r, shared_rules[id].make(j));
    return r;
}

/* A reference to the shared rule `id` (the same node at every use). */
static ank_gexpr *shared(jctx *j, ank_jrule id)
{
    if (!j->refs[id])
        j->refs[id] = ank__g_ref(j->g, shared_rule(j, id));
    return j->refs[id];
}

static ank_gexpr *make_ws(jctx *j)
{
    static const uint32_t r[] = {'\t', '\n', '\r', '\r', ' ', ' '};
    return ank__g_rep(j->g, cls(j, false, r, 3), 0, j->ws);
}

static ank_gexpr *ws(jctx *j)
{
    if (j->ws == 0)
        return ank__g_empty(j->g);
    return shared(j, ANK_JR_WS);
}

/* A character of a JSON string that needs no escape. */
static ank_gexpr *plain_char(jctx *j)
{
    static const uint32_t plain[] = {0, 0x1F, '"', '"', '\\', '\\'};
    return cls(j, true, plain, 3);
}

/* A hex digit of either case. */
static ank_gexpr *hex_digit(jctx *j)
{
    static const uint32_t hex[] = {'0', '9', 'A', 'F', 'a', 'f'};
    return cls(j, false, hex, 3);
}

/* An escape sequence. */
static ank_gexpr *escape(jctx *j)
{
    static const uint32_t esc[] = {'"', '"', '/', '/', '\\', '\\', 'b', 'b',
                                   'f', 'f', 'n', 'n', 'r', 'r', 't', 't'};
    return SEQ(j, lit(j, "\\"),
               ALT(j, cls(j, false, esc, 8),
                   SEQ(j, lit(j, "u"), ank__g_rep(j->g, hex_digit(j), 4, 4))));
}

/* One character of a JSON string's content (for bounded lengths). */
static ank_gexpr *string_char(jctx *j)
{
    return ALT(j, plain_char(j), escape(j));
}

/* Runs of plain characters between escapes, `"\"" plain* (escape
 * plain*)* "\""`, rather than `"\"" (plain | escape)* "\""`: the same
 * language, but XGrammar's mask inside a repeated alternation is about a
 * thousand times slower (75 ms against 0.1 ms a step on a 128k
 * vocabulary).  A right-recursive rule is as fast for XGrammar, but
 * doubles ananke's step time and turns the Lark form's one regex per run
 * into a rule per character. */
static ank_gexpr *make_string(jctx *j)
{
    ank_gexpr *plain = plain_char(j), *quote = ank__jlex_punct(j, ANK_JP_QUOTE);
    return SEQ(j, quote, ank__g_rep(j->g, plain, 0, ANK_G_INF),
               ank__g_rep(j->g,
                          SEQ(j, escape(j), ank__g_rep(j->g, plain, 0, ANK_G_INF)),
                          0, ANK_G_INF),
               quote);
}

static ank_gexpr *digits(jctx *j, uint32_t min, uint32_t max)
{
    return ank__g_rep(j->g, digit(j), min, max);
}

/* "0" or a number without leading zeros. */
static ank_gexpr *natural(jctx *j)
{
    static const uint32_t d19[] = {'1', '9'};
    return ALT(j, lit(j, "0"),
               SEQ(j, cls(j, false, d19, 1), digits(j, 0, ANK_G_INF)));
}

static ank_gexpr *fraction_exponent(jctx *j)
{
    static const uint32_t e[] = {'E', 'E', 'e', 'e'}, sign[] = {'+', '+',
                                                                '-', '-'};
    return SEQ(j, ank__g_rep(j->g, SEQ(j, lit(j, "."), digits(j, 1, ANK_G_INF)),
                             0, 1),
               ank__g_rep(j->g,
                          SEQ(j, cls(j, false, e, 2),
                              ank__g_rep(j->g, cls(j, false, sign, 2), 0, 1),
                              digits(j, 1, ANK_G_INF)),
                          0, 1));
}

static ank_gexpr *minus(jctx *j)
{
    return ank__g_rep(j->g, lit(j, "-"), 0, 1);
}

static ank_gexpr *make_integer(jctx *j) { return SEQ(j, minus(j), natural(j)); }
static ank_gexpr *make_natural(jctx *j) { return natural(j); }

static ank_gexpr *make_number(jctx *j)
{
    return SEQ(j, minus(j), natural(j), fraction_exponent(j));
}

static ank_gexpr *make_unsigned_number(jctx *j)
{
    return SEQ(j, natural(j), fraction_exponent(j));
}

/* RFC 3339 full-date, partial-time and time-offset. */
static ank_gexpr *date(jctx *j)
{
    static const uint32_t d01[] = {'0', '1'}, d12[] = {'1', '2'},
                          d19[] = {'1', '9'}, d02[] = {'0', '2'};
    ank_gexpr *month = ALT(j, SEQ(j, lit(j, "0"), cls(j, false, d19, 1)),
                           SEQ(j, lit(j, "1"), cls(j, false, d02, 1)));
    ank_gexpr *day = ALT(j, SEQ(j, lit(j, "0"), cls(j, false, d19, 1)),
                         SEQ(j, cls(j, false, d12, 1), digits(j, 1, 1)),
                         SEQ(j, lit(j, "3"), cls(j, false, d01, 1)));
    return SEQ(j, digits(j, 4, 4), lit(j, "-"), month, lit(j, "-"), day);
}

static ank_gexpr *time_of_day(jctx *j)
{
    static const uint32_t d05[] = {'0', '5'}, d01[] = {'0', '1'},
                          d03[] = {'0', '3'}, zone[] = {'Z', 'Z', 'z', 'z'},
                          sign[] = {'+', '+', '-', '-'};
    ank_gexpr *hour = ALT(j, SEQ(j, cls(j, false, d01, 1), digits(j, 1, 1)),
                          SEQ(j, lit(j, "2"), cls(j, false, d03, 1)));
    ank_gexpr *minute = SEQ(j, cls(j, false, d05, 1), digits(j, 1, 1));
    ank_gexpr *second = ALT(j, SEQ(j, cls(j, false, d05, 1), digits(j, 1, 1)),
                            lit(j, "60"));
    ank_gexpr *offset = ALT(j, cls(j, false, zone, 2),
                            SEQ(j, cls(j, false, sign, 2), hour, lit(j, ":"),
                                minute));
    return SEQ(j, hour, lit(j, ":"), minute, lit(j, ":"), second,
               ank__g_rep(j->g, SEQ(j, lit(j, "."), digits(j, 1, ANK_G_INF)),
                          0, 1),
               offset);
}

static ank_gexpr *make_date(jctx *j)
{
    ank_gexpr *quote = ank__jlex_punct(j, ANK_JP_QUOTE);
    return SEQ(j, quote, date(j), quote);
}

static ank_gexpr *make_time(jctx *j)
{
    ank_gexpr *quote = ank__jlex_punct(j, ANK_JP_QUOTE);
    return SEQ(j, quote, time_of_day(j), quote);
}

/* RFC 4122's form, 8-4-4-4-12 hex digits of either case (uuid fields are
 * few: no prebuilt text). */
static ank_gexpr *make_uuid(jctx *j)
{
    static const uint32_t groups[] = {8, 4, 4, 4, 12};
    ank_gexpr *quote = ank__jlex_punct(j, ANK_JP_QUOTE);
    ank_gexpr *h = hex_digit(j), *e = quote;
    for (size_t i = 0; i < 5; i++)
        e = SEQ(j, e, i ? lit(j, "-") : ank__g_empty(j->g),
                ank__g_rep(j->g, h, groups[i], groups[i]));
    return SEQ(j, e, quote);
}

static ank_gexpr *make_date_time(jctx *j)
{
    static const uint32_t t[] = {'T', 'T', 't', 't'};
    ank_gexpr *quote = ank__jlex_punct(j, ANK_JP_QUOTE);
    return SEQ(j, quote, date(j), cls(j, false, t, 2), time_of_day(j), quote);
}

static ank_gexpr *value(jctx *j) { return shared(j, ANK_JR_VALUE); }

/* `open` ws (item ws ("," ws item ws)*)? `close` */
static ank_gexpr *listing(jctx *j, ank_jpunct open, ank_gexpr *item,
                          ank_jpunct close)
{
    ank_gexpr *first = SEQ(j, item, ws(j));
    ank_gexpr *more = SEQ(j, ank__jlex_punct(j, ANK_JP_COMMA), ws(j), item, ws(j));
    return SEQ(j, ank__jlex_punct(j, open), ws(j),
               ank__g_rep(j->g,
                          SEQ(j, first, ank__g_rep(j->g, more, 0, ANK_G_INF)),
                          0, 1),
               ank__jlex_punct(j, close));
}

/* key ws ":" ws value */
ank_gexpr *ank__jlex_member(ank_jctx *j, ank_gexpr *key, ank_gexpr *v)
{
    ank_gexpr *w = ws(j);
    return SEQ(j, key, w, ank__jlex_punct(j, ANK_JP_COLON), w, v);
}

static ank_gexpr *make_object(jctx *j)
{
    return listing(j, ANK_JP_LBRACE,
                   ank__jlex_member(j, shared(j, ANK_JR_STRING), value(j)),
                   ANK_JP_RBRACE);
}

static ank_gexpr *make_array(jctx *j)
{
    return listing(j, ANK_JP_LBRACKET, value(j), ANK_JP_RBRACKET);
}

static ank_gexpr *make_value(jctx *j)
{
    return ALT(j, shared(j, ANK_JR_OBJECT), shared(j, ANK_JR_ARRAY),
               shared(j, ANK_JR_STRING), shared(j, ANK_JR_NUMBER),
               lit(j, "true"), lit(j, "false"), lit(j, "null"));
}

/* ------------------------------------------------------------ literals */

/* A JSON string of ASCII text: jansson's compact dump, by hand. */
static ank_gexpr *ascii_string_literal(jctx *j, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF", ctl[] = "\b\f\n\r\t";
    char small[256], *text = n <= (sizeof small - 2) / 6 ? small
                                 : ank__gram_alloc(j->g, 6 * n + 2);
    if (!text)
        return ank__g_ref(j->g, NULL);
    size_t k = 0;
    text[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *e = c && c < 0x20 ? memchr(ctl, c, 5) : NULL;
        if (c == '"' || c == '\\' || e) {
            text[k++] = '\\';
            text[k++] = e ? "bfnrt"[e - ctl] : (char)c;
        } else if (c < 0x20) {
            memcpy(text + k, "\\u00", 4);
            text[k + 4] = hex[c >> 4], text[k + 5] = hex[c & 15];
            k += 6;
        } else {
            text[k++] = (char)c;
        }
    }
    text[k++] = '"';
    return ank__g_lit(j->g, text, k);
}

static bool is_ascii(const char *s, size_t n)
{
    return ank__ascii_prefix(s, n) == n;
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
    ank__buf_append(data, buffer, size);
    return 0;
}

ank_gexpr *ank__jlex_literal(ank_jctx *j, const json_t *v)
{
    if (json_is_string(v) &&
        is_ascii(json_string_value(v), json_string_length(v)))
        return ascii_string_literal(j, json_string_value(v),
                                    json_string_length(v));
    ank_buf b = ANK_BUF_INIT;
    if (json_is_real(v) && isfinite(json_real_value(v))) {
        /* The shortest of %.15g and %.17g that reads back the same. */
        double d = json_real_value(v);
        char text[40];
        snprintf(text, sizeof text, "%.15g", d);
        if (strtod(text, NULL) != d)
            snprintf(text, sizeof text, "%.17g", d);
        if (!strpbrk(text, ".eEn"))
            strcat(text, ".0");
        ank__buf_puts(&b, text);
    } else if (json_dump_callback(v, dump_cb, &b,
                                  JSON_COMPACT | JSON_ENCODE_ANY) != 0) {
        b.failed = 1;
    }
    ank_gexpr *e = b.failed ? ank__g_ref(j->g, NULL)
                            : ank__g_lit(j->g, b.data, b.len);
    if (b.failed)
        j->g->nomem = true; /* out of memory fails the grammar, as always */
    ank__buf_release(&b);
    return e;
}

ank_gexpr *ank__jlex_key_literal(ank_jctx *j, const char *name)
{
    size_t n = strlen(name);
    if (is_ascii(name, n))
        return ascii_string_literal(j, name, n);
    json_t *key = json_string(name); /* NULL when not UTF-8 */
    ank_gexpr *e = key ? ank__jlex_literal(j, key) : ank__g_ref(j->g, NULL);
    json_decref(key);
    return e;
}

/* ------------------------------------------------------ what it offers */

ank_gexpr *ank__jlex_ws(ank_jctx *j) { return ws(j); }
ank_gexpr *ank__jlex_string(ank_jctx *j) { return shared(j, ANK_JR_STRING); }
ank_gexpr *ank__jlex_value(ank_jctx *j) { return value(j); }

ank_gexpr *ank__jlex_integer(ank_jctx *j, bool nonneg)
{
    return shared(j, nonneg ? ANK_JR_NATURAL : ANK_JR_INTEGER);
}

ank_gexpr *ank__jlex_number(ank_jctx *j, bool nonneg)
{
    return shared(j, nonneg ? ANK_JR_UNSIGNED : ANK_JR_NUMBER);
}

ank_gexpr *ank__jlex_format(ank_jctx *j, const char *format)
{
    if (strcmp(format, "date-time") == 0)
        return shared(j, ANK_JR_DATE_TIME);
    if (strcmp(format, "date") == 0)
        return shared(j, ANK_JR_DATE);
    if (strcmp(format, "time") == 0)
        return shared(j, ANK_JR_TIME);
    if (strcmp(format, "uuid") == 0)
        return shared(j, ANK_JR_UUID);
    return NULL;
}

ank_gexpr *ank__jlex_string_of(ank_jctx *j, uint32_t min, uint32_t max)
{
    ank_gexpr *quote = ank__jlex_punct(j, ANK_JP_QUOTE);
    return SEQ(j, quote, ank__g_rep(j->g, string_char(j), min, max), quote);
}
