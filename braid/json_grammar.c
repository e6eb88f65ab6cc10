/*
 * json_grammar.c - JSON Schema to grammar.
 *
 * A schema becomes an expression; only $ref targets (and the schema asked
 * for) become rules, registered under their json_t address before their
 * body is built, so recursive schemas close into cycles.  Helper rules are
 * registered by name ("json-string", "json-ws:2", ...) and shared by every
 * schema of the grammar.  Whitespace is one rule of at most `max_ws`
 * characters, placed once at every point JSON allows it: after `{`, `[`,
 * `:` and `,`, before `:` and after every member and element.
 *
 * Objects keep the order of "properties"; the comma logic walks the
 * members from the left: "first" is the choice of which member comes
 * first (any optional one up to the first required one), "rest" the
 * members after it, each optional one with its comma.  Unknown keywords are
 * annotations and ignored, as JSON Schema says; keywords that constrain in
 * ways a grammar here cannot follow (allOf with several members, not,
 * pattern, ...) fail with ANK_ERR_FORMAT.
 */
#include "json_grammar.h"
#include "grammar_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct jctx {
    ank_gram *g;
    const json_t *root;
    unsigned ws;
    ank_error *error;
    bool failed;
    int depth;
    /* helper rules found or made once per call (each use still gets its
     * own reference node, as when they were looked up by key each time) */
    ank_grule *ws_rule, *string, *value;
} jctx;

/* `prefix` followed by n in decimal: the keys of helper rules. */
static void key_of(char *out, const char *prefix, uint64_t n)
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

static ank_gexpr *convert(jctx *j, const json_t *s);

static ank_gexpr *format_error(jctx *j, const char *what, const char *name)
{
    if (!j->failed)
        ank__fail(j->error, ANK_ERR_FORMAT, "JSON Schema: %s%s%s%s", what,
                  name ? " \"" : "", name ? name : "", name ? "\"" : "");
    j->failed = true;
    return ank__g_ref(j->g, NULL); /* the failed node */
}

static ank_gexpr *lit(jctx *j, const char *s) { return ank__g_str(j->g, s); }

static ank_gexpr *cls(jctx *j, bool neg, const uint32_t *r, size_t n)
{
    return ank__g_class(j->g, neg, r, n);
}

static ank_gexpr *seq(jctx *j, ank_gexpr **items, size_t n)
{
    return ank__g_seq(j->g, items, n);
}

#define SEQ(j, ...)                                                        \
    seq((j), (ank_gexpr *[]){__VA_ARGS__},                                 \
        sizeof((ank_gexpr *[]){__VA_ARGS__}) / sizeof(ank_gexpr *))
#define ALT(j, ...)                                                        \
    ank__g_alt((j)->g, (ank_gexpr *[]){__VA_ARGS__},                       \
               sizeof((ank_gexpr *[]){__VA_ARGS__}) / sizeof(ank_gexpr *))

/* The rule registered under `key`, or a new one built by `make`; NULL
 * when out of memory. */
static ank_grule *shared_rule(jctx *j, const char *key, const char *hint,
                              ank_gexpr *(*make)(jctx *))
{
    ank_grule *r = ank__gram_lookup(j->g, key);
    if (!r) {
        r = ank__gram_declare(j->g, hint);
        if (!r)
            return NULL;
        ank__gram_register(j->g, key, r);
        ank__gram_define(j->g, r, make(j));
    }
    return r;
}

static ank_gexpr *shared(jctx *j, const char *key, const char *hint,
                         ank_gexpr *(*make)(jctx *))
{
    return ank__g_ref(j->g, shared_rule(j, key, hint, make));
}

/* A reference to the helper rule cached in *slot, found or made first. */
static ank_gexpr *cached(jctx *j, ank_grule **slot, const char *prefix,
                         const char *hint, ank_gexpr *(*make)(jctx *))
{
    if (!*slot) {
        char key[48];
        key_of(key, prefix, j->ws);
        *slot = shared_rule(j, key, hint, make);
    }
    return ank__g_ref(j->g, *slot);
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
    return cached(j, &j->ws_rule, "json-ws:", "json-ws", make_ws);
}

/* A character of a JSON string that needs no escape. */
static ank_gexpr *plain_char(jctx *j)
{
    static const uint32_t plain[] = {0, 0x1F, '"', '"', '\\', '\\'};
    return cls(j, true, plain, 3);
}

/* An escape sequence. */
static ank_gexpr *escape(jctx *j)
{
    static const uint32_t esc[] = {'"', '"', '/', '/', '\\', '\\', 'b', 'b',
                                   'f', 'f', 'n', 'n', 'r', 'r', 't', 't'};
    static const uint32_t hex[] = {'0', '9', 'A', 'F', 'a', 'f'};
    return SEQ(j, lit(j, "\\"),
               ALT(j, cls(j, false, esc, 8),
                   SEQ(j, lit(j, "u"),
                       ank__g_rep(j->g, cls(j, false, hex, 3), 4, 4))));
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
    return SEQ(j, lit(j, "\""), ank__g_rep(j->g, plain_char(j), 0, ANK_G_INF),
               ank__g_rep(j->g,
                          SEQ(j, escape(j),
                              ank__g_rep(j->g, plain_char(j), 0, ANK_G_INF)),
                          0, ANK_G_INF),
               lit(j, "\""));
}

static ank_gexpr *digits(jctx *j, uint32_t min, uint32_t max)
{
    static const uint32_t d[] = {'0', '9'};
    return ank__g_rep(j->g, cls(j, false, d, 1), min, max);
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
    return SEQ(j, lit(j, "\""), date(j), lit(j, "\""));
}

static ank_gexpr *make_time(jctx *j)
{
    return SEQ(j, lit(j, "\""), time_of_day(j), lit(j, "\""));
}

static ank_gexpr *make_date_time(jctx *j)
{
    static const uint32_t t[] = {'T', 'T', 't', 't'};
    return SEQ(j, lit(j, "\""), date(j), cls(j, false, t, 2), time_of_day(j),
               lit(j, "\""));
}

static ank_gexpr *value(jctx *j);

/* `open` ws (item ws ("," ws item ws)*)? `close` */
static ank_gexpr *listing(jctx *j, const char *open, ank_gexpr *item,
                          const char *close)
{
    ank_gexpr *first = SEQ(j, item, ws(j));
    ank_gexpr *more = SEQ(j, lit(j, ","), ws(j), item, ws(j));
    return SEQ(j, lit(j, open), ws(j),
               ank__g_rep(j->g,
                          SEQ(j, first, ank__g_rep(j->g, more, 0, ANK_G_INF)),
                          0, 1),
               lit(j, close));
}

static ank_gexpr *string_rule(jctx *j)
{
    if (!j->string)
        j->string = shared_rule(j, "json-string", "json-string", make_string);
    return ank__g_ref(j->g, j->string);
}

/* key ws ":" ws value */
static ank_gexpr *member(jctx *j, ank_gexpr *key, ank_gexpr *v)
{
    return SEQ(j, key, ws(j), lit(j, ":"), ws(j), v);
}

static ank_gexpr *make_object(jctx *j)
{
    return listing(j, "{", member(j, string_rule(j), value(j)), "}");
}

static ank_gexpr *make_array(jctx *j)
{
    return listing(j, "[", SEQ(j, value(j)), "]");
}

static ank_gexpr *make_value(jctx *j)
{
    char key[48];
    key_of(key, "json-object:", j->ws);
    ank_gexpr *object = shared(j, key, "json-object", make_object);
    key_of(key, "json-array:", j->ws);
    ank_gexpr *array = shared(j, key, "json-array", make_array);
    return ALT(j, object, array, string_rule(j),
               shared(j, "json-number", "json-number", make_number),
               lit(j, "true"), lit(j, "false"), lit(j, "null"));
}

static ank_gexpr *value(jctx *j)
{
    return cached(j, &j->value, "json-value:", "json-value", make_value);
}

/* ---------------------------------------------------------- conversion */

/* The keywords of one schema object, found in one pass over its keys
 * (rather than one hash lookup per keyword asked about): those read, and
 * after them those that constrain in ways these grammars do not follow,
 * in the order the first one present is reported. */
enum {
    K_REF, K_ALL_OF, K_CONST, K_ENUM, K_ANY_OF, K_ONE_OF, K_TYPE, K_PROPS,
    K_EXTRA, K_REQUIRED, K_ITEMS, K_PREFIX, K_MIN_ITEMS, K_MAX_ITEMS,
    K_FORMAT, K_MIN_LEN, K_MAX_LEN, K_MIN, K_XMIN, K_READ /* count */
};

#define KW(name) {name, sizeof name - 1}
static const struct {
    const char *name;
    size_t len;
} keyword_names[] = {
    KW("$ref"), KW("allOf"), KW("const"), KW("enum"), KW("anyOf"),
    KW("oneOf"), KW("type"), KW("properties"), KW("additionalProperties"),
    KW("required"), KW("items"), KW("prefixItems"), KW("minItems"),
    KW("maxItems"), KW("format"), KW("minLength"), KW("maxLength"),
    KW("minimum"), KW("exclusiveMinimum"),
    /* unsupported */
    KW("not"), KW("if"), KW("then"), KW("else"), KW("pattern"),
    KW("patternProperties"), KW("propertyNames"), KW("dependentSchemas"),
    KW("dependentRequired"), KW("contains"), KW("minContains"),
    KW("maxContains"), KW("unevaluatedProperties"), KW("unevaluatedItems"),
    KW("minProperties"), KW("maxProperties"), KW("$dynamicRef"),
    KW("$recursiveRef"), KW("multipleOf")};
#define NKEYWORDS (sizeof keyword_names / sizeof *keyword_names)

typedef struct keywords {
    const json_t *v[K_READ];
    const char *unsupported; /* the first present, or NULL */
} keywords;

static void read_keywords(const json_t *s, keywords *k)
{
    memset(k, 0, sizeof *k);
    size_t first = NKEYWORDS;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)s, key, v) {
        size_t len = strlen(key), i = 0;
        while (i < NKEYWORDS &&
               (keyword_names[i].len != len || keyword_names[i].name[0] != key[0] ||
                memcmp(keyword_names[i].name, key, len) != 0))
            i++;
        if (i < K_READ)
            k->v[i] = v;
        else if (i < first)
            first = i;
    }
    k->unsupported = first < NKEYWORDS ? keyword_names[first].name : NULL;
}

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
    unsigned char any = 0;
    while (n)
        any |= (unsigned char)s[--n];
    return any < 0x80;
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
    ank__buf_append(data, buffer, size);
    return 0;
}

/* The compact JSON text of a value, as a literal.  */
static ank_gexpr *json_literal(jctx *j, const json_t *v)
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

/* The literal of an object key: the JSON string of `name`. */
static ank_gexpr *key_literal(jctx *j, const char *name)
{
    size_t n = strlen(name);
    if (is_ascii(name, n))
        return ascii_string_literal(j, name, n);
    json_t *key = json_string(name); /* NULL when not UTF-8 */
    ank_gexpr *e = key ? json_literal(j, key) : ank__g_ref(j->g, NULL);
    json_decref(key);
    return e;
}

/* The target of a $ref within the root schema: "#", "#/$defs/X",
 * "#/definitions/X" (with ~0 and ~1 escapes), or NULL. */
static const json_t *resolve(jctx *j, const char *ref, const char **hint)
{
    static const char *const prefixes[] = {"#/$defs/", "#/definitions/"};
    if (strcmp(ref, "#") == 0) {
        *hint = "json";
        return j->root;
    }
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(ref, prefixes[i], n) != 0 || strchr(ref + n, '/'))
            continue;
        char name[256];
        size_t k = 0;
        for (const char *s = ref + n; *s && k + 1 < sizeof name; s++) {
            if (s[0] == '~' && (s[1] == '0' || s[1] == '1'))
                name[k++] = s[1] == '0' ? '~' : '/', s++;
            else
                name[k++] = *s;
        }
        name[k] = '\0';
        json_t *defs = json_object_get(j->root, i == 0 ? "$defs" : "definitions");
        const json_t *target = json_object_get(defs, name);
        *hint = ref + n;
        return target;
    }
    return NULL;
}

/* The rule of a schema: registered before its body is built, under a key
 * naming the schema, the root and the whitespace bound. */
static ank_grule *schema_rule(jctx *j, const json_t *s, const char *hint)
{
    static const char hex[] = "0123456789abcdef";
    char key[96] = "json:";
    size_t k = 5;
    uintptr_t parts[2] = {(uintptr_t)s, (uintptr_t)j->root};
    for (size_t i = 0; i < 2; i++) {
        for (size_t b = sizeof(uintptr_t) * 2; b-- > 0;)
            key[k++] = hex[(parts[i] >> (4 * b)) & 15];
        key[k++] = ':';
    }
    key_of(key + k, "", j->ws);
    ank_grule *r = ank__gram_lookup(j->g, key);
    if (r)
        return r;
    r = ank__gram_declare(j->g, hint);
    if (!r)
        return NULL;
    ank__gram_register(j->g, key, r);
    ank__gram_define(j->g, r, convert(j, s));
    return r;
}

static bool nonnegative(const keywords *k)
{
    const json_t *min = k->v[K_MIN], *xmin = k->v[K_XMIN];
    return (json_is_number(min) && json_number_value(min) >= 0) ||
           (json_is_number(xmin) && json_number_value(xmin) >= 0);
}

/* A bound such as minItems: -1 when absent, -2 when not a count. */
static long long count(const json_t *v)
{
    if (!v)
        return -1;
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return -2;
    long long n = json_integer_value(v);
    return n > 0x7FFFFFFF ? 0x7FFFFFFF : n;
}

static ank_gexpr *string_of(jctx *j, const keywords *k)
{
    const char *format = json_string_value(k->v[K_FORMAT]);
    long long min = count(k->v[K_MIN_LEN]), max = count(k->v[K_MAX_LEN]);
    if (min == -2 || max == -2)
        return format_error(j, "bad string length bound", NULL);
    if (min > 0 || max >= 0) {
        if (max >= 0 && min > max)
            return format_error(j, "minLength above maxLength", NULL);
        return SEQ(j, lit(j, "\""),
                   ank__g_rep(j->g, string_char(j), min > 0 ? (uint32_t)min : 0,
                              max >= 0 ? (uint32_t)max : ANK_G_INF),
                   lit(j, "\""));
    }
    if (format && strcmp(format, "date-time") == 0)
        return shared(j, "json-date-time", "json-date-time", make_date_time);
    if (format && strcmp(format, "date") == 0)
        return shared(j, "json-date", "json-date", make_date);
    if (format && strcmp(format, "time") == 0)
        return shared(j, "json-time", "json-time", make_time);
    return string_rule(j);
}

static ank_gexpr *object_of(jctx *j, const keywords *kw)
{
    const json_t *props = kw->v[K_PROPS];
    const json_t *required = kw->v[K_REQUIRED];
    const json_t *extra = kw->v[K_EXTRA];
    if ((props && !json_is_object(props)) ||
        (required && !json_is_array(required)))
        return format_error(j, "malformed object schema", NULL);
    /* Without "properties" an absent additionalProperties allows any
     * member; with them it means none (strict). */
    ank_gexpr *extra_v = NULL;
    if (json_is_object(extra) || json_is_true(extra) || (!extra && !props))
        extra_v = json_is_object(extra) ? convert(j, extra) : value(j);
    else if (extra && !json_is_false(extra))
        return format_error(j, "malformed additionalProperties", NULL);

    size_t n = props ? json_object_size(props) : 0;
    ank_gexpr **kv = ank__gram_alloc(j->g, (n + 1) * sizeof *kv);
    bool *req = ank__gram_alloc(j->g, (n + 1) * sizeof *req);
    ank_gexpr **rest = ank__gram_alloc(j->g, (n + 2) * sizeof *rest);
    if (!kv || !req || !rest)
        return ank__g_ref(j->g, NULL);
    size_t i = 0, nreq = json_array_size(required);
    const char *name;
    json_t *sub;
    json_object_foreach((json_t *)props, name, sub) {
        kv[i] = SEQ(j, member(j, key_literal(j, name), convert(j, sub)),
                    ws(j));
        for (size_t r = 0; r < nreq; r++) {
            const char *want = json_string_value(json_array_get(required, r));
            if (want && strcmp(want, name) == 0)
                req[i] = true;
        }
        i++;
    }
    for (size_t r = 0; r < nreq; r++) {
        const char *want = json_string_value(json_array_get(required, r));
        if (!want || !json_object_get(props, want))
            if (!extra_v)
                return format_error(j, "required property not in properties",
                                    want);
    }
    ank_gexpr *extra_kv =
        extra_v ? SEQ(j, member(j, string_rule(j), extra_v), ws(j)) : NULL;
    /* rest[i]: members i.. after at least one member, each with a comma. */
    rest[n] = extra_kv ? ank__g_rep(j->g, SEQ(j, lit(j, ","), ws(j), extra_kv),
                                    0, ANK_G_INF)
                       : ank__g_empty(j->g);
    size_t leading = 0; /* optional members before the first required one */
    while (leading < n && !req[leading])
        leading++;
    for (size_t k = n; k-- > 0;) {
        ank_gexpr *one = SEQ(j, lit(j, ","), ws(j), kv[k]);
        rest[k] = SEQ(j, req[k] ? one : ank__g_rep(j->g, one, 0, 1), rest[k + 1]);
        /* Several choices of first member each continue with a rest: name
         * the rests so the text is not repeated. */
        if (leading >= 2 && k >= 1 && k <= leading + 1 && k < n) {
            ank_grule *r = ank__gram_rule(j->g, "json-rest", rest[k]);
            rest[k] = ank__g_ref(j->g, r);
        }
    }
    /* first: the member that comes first, then the rest. */
    ank_gexpr *first = extra_kv ? ank__g_rep(j->g, SEQ(j, extra_kv, rest[n]), 0, 1)
                                : ank__g_empty(j->g);
    for (size_t k = n; k-- > 0;) {
        ank_gexpr *here = SEQ(j, kv[k], rest[k + 1]);
        first = req[k] ? here : ALT(j, here, first);
    }
    return SEQ(j, lit(j, "{"), ws(j), first, lit(j, "}"));
}

static ank_gexpr *array_of(jctx *j, const keywords *kw)
{
    const json_t *prefix = kw->v[K_PREFIX];
    const json_t *items = kw->v[K_ITEMS];
    long long min = count(kw->v[K_MIN_ITEMS]), max = count(kw->v[K_MAX_ITEMS]);
    if ((prefix && !json_is_array(prefix)) || min == -2 || max == -2 ||
        (items && !json_is_object(items) && !json_is_boolean(items)))
        return format_error(j, "malformed array schema", NULL);
    size_t np = json_array_size(prefix);
    if (min < 0)
        min = 0;
    if (json_is_false(items) && (max < 0 || (size_t)max > np))
        max = (long long)np;
    if (max >= 0 && min > max)
        return format_error(j, "minItems above the items allowed", NULL);
    ank_gexpr *tail = json_is_object(items) ? convert(j, items) : value(j);
    /* Element e of a list: a prefix schema, then `tail`. */
    uint32_t lo = (uint32_t)min;
    uint32_t hi = max < 0 ? ANK_G_INF : (uint32_t)max;
    ank_gexpr *after = ank__g_empty(j->g);
    if (hi == ANK_G_INF || hi > np) {
        uint32_t from = np > 0 ? (uint32_t)np : 1; /* elements before it */
        ank_gexpr *one = SEQ(j, lit(j, ","), ws(j), tail, ws(j));
        after = ank__g_rep(j->g, one, lo > from ? lo - from : 0,
                           hi == ANK_G_INF ? ANK_G_INF : hi - from);
    }
    /* Prefix elements 1..np-1, each with its comma, nested right to left. */
    for (size_t k = np; k-- > 1;) {
        if (k >= hi)
            continue;
        ank_gexpr *one = SEQ(j, lit(j, ","), ws(j),
                             convert(j, json_array_get(prefix, k)), ws(j), after);
        after = k < lo ? one : ank__g_rep(j->g, one, 0, 1);
    }
    ank_gexpr *body = ank__g_empty(j->g);
    if (hi > 0) {
        ank_gexpr *e0 = np ? convert(j, json_array_get(prefix, 0)) : tail;
        body = SEQ(j, e0, ws(j), after);
        if (lo == 0)
            body = ank__g_rep(j->g, body, 0, 1);
    }
    return SEQ(j, lit(j, "["), ws(j), body, lit(j, "]"));
}

static ank_gexpr *of_type(jctx *j, const keywords *k, const char *type)
{
    if (strcmp(type, "string") == 0)
        return string_of(j, k);
    if (strcmp(type, "integer") == 0)
        return nonnegative(k)
                   ? shared(j, "json-natural", "json-natural", make_natural)
                   : shared(j, "json-integer", "json-integer", make_integer);
    if (strcmp(type, "number") == 0)
        return nonnegative(k) ? shared(j, "json-unsigned", "json-unsigned",
                                       make_unsigned_number)
                              : shared(j, "json-number", "json-number",
                                       make_number);
    if (strcmp(type, "boolean") == 0)
        return ALT(j, lit(j, "true"), lit(j, "false"));
    if (strcmp(type, "null") == 0)
        return lit(j, "null");
    if (strcmp(type, "object") == 0)
        return object_of(j, k);
    if (strcmp(type, "array") == 0)
        return array_of(j, k);
    return format_error(j, "unknown type", type);
}

static ank_gexpr *convert_object(jctx *j, const json_t *s)
{
    keywords k;
    read_keywords(s, &k);
    if (k.unsupported)
        return format_error(j, "unsupported keyword", k.unsupported);
    const json_t *v;
    if ((v = k.v[K_REF])) {
        const char *hint = NULL;
        const json_t *target = json_is_string(v)
                                   ? resolve(j, json_string_value(v), &hint)
                                   : NULL;
        if (!target)
            return format_error(j, "unresolved $ref",
                                json_is_string(v) ? json_string_value(v) : NULL);
        return ank__g_ref(j->g, schema_rule(j, target, hint));
    }
    if ((v = k.v[K_ALL_OF])) {
        if (!json_is_array(v) || json_array_size(v) != 1)
            return format_error(j, "allOf with other than one member", NULL);
        return convert(j, json_array_get(v, 0));
    }
    if ((v = k.v[K_CONST]))
        return json_literal(j, v);
    if ((v = k.v[K_ENUM])) {
        size_t n = json_array_size(v);
        if (!json_is_array(v) || n == 0)
            return format_error(j, "empty or malformed enum", NULL);
        ank_gexpr *e = json_literal(j, json_array_get(v, 0));
        for (size_t i = 1; i < n; i++)
            e = ank__g_alt2(j->g, e, json_literal(j, json_array_get(v, i)));
        return e;
    }
    const json_t *any = k.v[K_ANY_OF] ? k.v[K_ANY_OF] : k.v[K_ONE_OF];
    if (any) {
        size_t n = json_array_size(any);
        if (!json_is_array(any) || n == 0)
            return format_error(j, "empty or malformed anyOf/oneOf", NULL);
        ank_gexpr *e = convert(j, json_array_get(any, 0));
        for (size_t i = 1; i < n; i++)
            e = ank__g_alt2(j->g, e, convert(j, json_array_get(any, i)));
        return e;
    }
    const json_t *type = k.v[K_TYPE];
    if (json_is_string(type))
        return of_type(j, &k, json_string_value(type));
    if (json_is_array(type) && json_array_size(type) > 0) {
        ank_gexpr *e = NULL;
        for (size_t i = 0; i < json_array_size(type); i++) {
            const char *t = json_string_value(json_array_get(type, i));
            if (!t)
                return format_error(j, "malformed type", NULL);
            ank_gexpr *one = of_type(j, &k, t);
            e = e ? ank__g_alt2(j->g, e, one) : one;
        }
        return e;
    }
    if (type)
        return format_error(j, "malformed type", NULL);
    if (k.v[K_PROPS] || k.v[K_EXTRA])
        return object_of(j, &k);
    if (k.v[K_ITEMS] || k.v[K_PREFIX])
        return array_of(j, &k);
    return value(j);
}

static ank_gexpr *convert(jctx *j, const json_t *s)
{
    if (j->failed)
        return ank__g_ref(j->g, NULL);
    if (json_is_true(s))
        return value(j);
    if (!json_is_object(s))
        return format_error(j, json_is_false(s) ? "false schema matches nothing"
                                                : "a schema must be an object",
                            NULL);
    if (++j->depth > MAX_DEPTH) {
        j->depth--;
        return format_error(j, "schema nested too deeply", NULL);
    }
    ank_gexpr *e = convert_object(j, s);
    j->depth--;
    return e;
}

ank_grule *ank__grammar_json(ank_gram *g, const json_t *schema,
                             const json_t *root_schema, unsigned max_ws,
                             ank_error *error)
{
    jctx j = {.g = g,
              .root = root_schema ? root_schema : schema,
              .ws = max_ws,
              .error = error};
    if (!g || !schema) {
        ank__fail(error, ANK_ERR_INVALID_ARGUMENT, "no grammar or schema");
        return NULL;
    }
    const char *hint = "json";
    const json_t *title = json_is_object(schema)
                              ? json_object_get(schema, "title")
                              : NULL;
    if (json_is_string(title))
        hint = json_string_value(title);
    ank_grule *r = schema_rule(&j, schema, hint);
    if (ank__gram_failed(g)) {
        ank__fail(error, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return j.failed ? NULL : r;
}
