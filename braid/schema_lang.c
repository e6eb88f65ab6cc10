/*
 * schema_lang.c - each language's vocabulary for the schema walk: builtin
 * type names (integer widths as bounds), literal values written in the
 * source, and serde's rename_all rules.  docs/ir-types.md is the table.
 *
 * Invariants: names are matched exactly (never by prefix), and the walk
 * looks a name up among the input's shapes before it asks for a builtin,
 * so a user's type always wins; out of memory is recorded in w->b before
 * NULL is returned for it.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "schema_field.h"
#include "schema_json.h"
#include "schema_lang.h"
#include "schema_utility.h"

/* The last segment of a path written with `sep` ("." or "::"). */
const char *ank__schema_last_segment(const char *name, const char *sep)
{
    const char *last = name;
    size_t n = strlen(sep);
    for (const char *p = strstr(name, sep); p; p = strstr(p + n, sep))
        last = p + n;
    return last;
}

bool ank__schema_ends_with(const char *s, const char *tail)
{
    size_t a = s ? strlen(s) : 0, b = strlen(tail);
    return a >= b && memcmp(s + a - b, tail, b) == 0;
}

static json_t *int_schema(ank_swalk *w, unsigned bits, bool is_signed)
{
    json_t *o = ank__schema_typed(w, "integer");
    /* Engines read numbers as doubles: only bounds up to 2^53 are exact
     * (XGrammar rejects wider ones outright). */
    if (!is_signed) {
        ank__schema_put(w, o, "minimum", json_integer(0));
        if (bits <= 53)
            ank__schema_put(
                w, o, "maximum",
                json_integer((json_int_t)((UINT64_C(1) << bits) - 1)));
    } else if (bits >= 1 && bits <= 54) {
        json_int_t half = (json_int_t)(UINT64_C(1) << (bits - 1));
        ank__schema_put(w, o, "minimum", json_integer(-half));
        ank__schema_put(w, o, "maximum", json_integer(half - 1));
    }
    return o;
}

/* "u8" / "i32" style names (Rust, Zig): width in *bits, or false. */
static bool int_name(const char *name, unsigned *bits, bool *is_signed)
{
    if ((name[0] != 'u' && name[0] != 'i') || !isdigit((unsigned char)name[1]))
        return false;
    if (name[1] == '0' && name[2])
        return false;
    unsigned long v = 0;
    for (const char *p = name + 1; *p; p++) {
        if (!isdigit((unsigned char)*p) || v > 65535)
            return false;
        v = v * 10 + (unsigned long)(*p - '0');
    }
    if (v > 65535)
        return false;
    *bits = (unsigned)v;
    *is_signed = name[0] == 'i';
    return true;
}

/* The single type argument of `t`, mapped; NULL args map to {}. */
static json_t *arg_schema(ank_swalk *w, const ank_type *t, uint32_t i,
                          const ank_sframe *f)
{
    return ank__schema_walk(w, i < t->nitems ? t->items[i] : NULL, f);
}

static json_t *set_of(ank_swalk *w, const ank_type *t, const ank_sframe *f)
{
    json_t *o = ank__schema_typed(w, "array");
    ank__schema_put(w, o, "items", arg_schema(w, t, 0, f));
    ank__schema_put(w, o, "uniqueItems", json_true());
    return o;
}

/* serde's Result<T, E>: {"Ok": T} or {"Err": E}. */
static json_t *serde_result(ank_swalk *w, const ank_type *t,
                            const ank_sframe *f)
{
    static const char *const tags[2] = {"Ok", "Err"};
    json_t *any = json_array();
    for (uint32_t i = 0; i < 2; i++) {
        json_t *alt = ank__schema_typed(w, "object");
        json_t *props = json_object(), *req = json_array();
        ank__schema_put(w, props, tags[i], arg_schema(w, t, i, f));
        if (!req || json_array_append_new(req, json_string(tags[i])))
            nomem(w);
        ank__schema_put(w, alt, "properties", props);
        ank__schema_put(w, alt, "required", req);
        ank__schema_put(w, alt, "additionalProperties", json_false());
        if (!any || json_array_append_new(any, alt))
            nomem(w);
    }
    json_t *o = json_object();
    ank__schema_put(w, o, "anyOf", any);
    return o;
}

#define TS (1u << ANK_LANG_TYPESCRIPT | 1u << ANK_LANG_TSX)
#define PY (1u << ANK_LANG_PYTHON)
#define RS (1u << ANK_LANG_RUST)
#define GO (1u << ANK_LANG_GO)
#define ZG (1u << ANK_LANG_ZIG)

/* Builtin type names (space-separated): {"type": type, key: value}; {}
 * when type is NULL (with a note when `note`); integers of `bits` bits
 * (negative: signed). */
typedef struct builtin {
    unsigned langs;
    const char *names, *type, *key, *value, *note;
    int bits;
} builtin;

static const builtin builtins[] = {
    {TS | GO, "string", "string", 0, 0, 0, 0},
    {TS, "number", "number", 0, 0, 0, 0},
    {TS, "boolean", "boolean", 0, 0, 0, 0},
    {PY | RS | GO | ZG, "bool", "boolean", 0, 0, 0, 0},
    {TS, "bigint", "integer", 0, 0, 0, 0},
    {PY, "int StrictInt", "integer", 0, 0, 0, 0},
    {ZG, "comptime_int", "integer", 0, 0, 0, 0},
    {PY, "float StrictFloat FiniteFloat", "number", 0, 0, 0, 0},
    {PY, "StrictBool", "boolean", 0, 0, 0, 0},
    {RS | ZG, "f32 f64", "number", 0, 0, 0, 0},
    {ZG, "f16 f80 f128 comptime_float", "number", 0, 0, 0, 0},
    {GO, "float32 float64", "number", 0, 0, 0, 0},
    {PY, "str StrictStr Path PurePath PosixPath FilePath DirectoryPath",
     "string", 0, 0, 0, 0},
    {RS, "str String Path PathBuf", "string", 0, 0, 0, 0},
    {RS, "NaiveDateTime NaiveTime", "string", 0, 0, 0, 0},
    {TS, "object Object", "object", 0, 0, 0, 0},
    {PY, "dict Dict Mapping", "object", 0, 0, 0, 0},
    {PY, "list List Sequence tuple Tuple", "array", 0, 0, 0, 0},
    {PY, "bytes bytearray", "string", "contentEncoding", "base64", 0, 0},
    {TS, "Date", "string", "format", "date-time", 0, 0},
    {PY, "datetime", "string", "format", "date-time", 0, 0},
    {RS, "DateTime", "string", "format", "date-time", 0, 0},
    {GO, "time.Time", "string", "format", "date-time", 0, 0},
    {PY, "date", "string", "format", "date", 0, 0},
    {RS, "NaiveDate", "string", "format", "date", 0, 0},
    {PY, "time", "string", "format", "time", 0, 0},
    {PY, "timedelta", "string", "format", "duration", 0, 0},
    {PY, "UUID UUID1 UUID3 UUID4 UUID5", "string", "format", "uuid", 0, 0},
    {RS, "Uuid", "string", "format", "uuid", 0, 0},
    {PY, "EmailStr", "string", "format", "email", 0, 0},
    {PY, "AnyUrl HttpUrl", "string", "format", "uri", 0, 0},
    {TS, "any unknown", 0, 0, 0, 0, 0},
    {PY, "Any object", 0, 0, 0, 0, 0},
    {GO, "any json.RawMessage", 0, 0, 0, 0, 0},
    {RS, "Value", 0, 0, 0, 0, 0},
    {TS, "undefined void never symbol", 0, 0, 0,
     "no JSON value: JSON.stringify leaves it out", 0},
    {ZG, "void type anytype anyopaque anyerror noreturn", 0, 0, 0,
     "no JSON value: std.json cannot write it", 0},
    {GO, "error", 0, 0, 0,
     "interface type: the value's dynamic type decides its JSON", 0},
    {GO, "chan <-chan chan<- complex64 complex128", 0, 0, 0,
     "no JSON value: encoding/json cannot write it", 0},
    {RS | ZG, "usize", 0, 0, 0, 0, 64},
    {RS | ZG, "isize", 0, 0, 0, 0, -64},
    {GO, "int int64 time.Duration", 0, 0, 0, 0, -64},
    {GO, "int8", 0, 0, 0, 0, -8},
    {GO, "int16", 0, 0, 0, 0, -16},
    {GO, "int32 rune", 0, 0, 0, 0, -32},
    {GO, "uint uint64 uintptr", 0, 0, 0, 0, 64},
    {GO, "uint8 byte", 0, 0, 0, 0, 8},
    {GO, "uint16", 0, 0, 0, 0, 16},
    {GO, "uint32", 0, 0, 0, 0, 32},
};

/* Is `name` (n bytes) one of the space-separated `names`? */
static bool one_of(const char *names, const char *name, size_t n)
{
    for (const char *p = names;;) {
        if (p[0] == name[0] && strncmp(p, name, n) == 0 &&
            (p[n] == ' ' || p[n] == '\0'))
            return true;
        while (*p && *p != ' ')
            p++;
        if (!*p++)
            return false;
    }
}

/* Builtins with type arguments. */
static json_t *generic_builtin(ank_swalk *w, const char *n, const ank_type *t,
                               const ank_sframe *f, bool *known)
{
    bool ts = w->lang == ANK_LANG_TYPESCRIPT || w->lang == ANK_LANG_TSX;
    bool rs = w->lang == ANK_LANG_RUST, py = w->lang == ANK_LANG_PYTHON;
    *known = true;
    if ((ts && (is(n, "Set") || is(n, "ReadonlySet")) && t->nitems == 1) ||
        (py && !t->nitems &&
         (is(n, "set") || is(n, "Set") || is(n, "frozenset"))))
        return set_of(w, t, f);
    if (ts && is(n, "Readonly") && t->nitems == 1)
        return arg_schema(w, t, 0, f);
    if (ts) {
        json_t *u = ank__schema_ts_utility(w, n, t, f, known);
        if (*known)
            return u;
        *known = true;
    }
    if (py && t->nitems == 2 && t->items[1]->kind == ANK_TYPE_UNKNOWN &&
        (is(n, "conlist") || is(n, "conset") || is(n, "confrozenset"))) {
        /* pydantic's constrained collections: T, then the call */
        bool list = is(n, "conlist");
        json_t *o = list ? ank__schema_typed(w, "array") : set_of(w, t, f);
        if (list)
            ank__schema_put(w, o, "items", arg_schema(w, t, 0, f));
        return o ? ank__schema_field_constraints(w, o, t->items[1]->name)
                 : NULL;
    }
    if (py && is(n, "Annotated") && t->nitems >= 1) {
        /* its metadata, as written, may constrain the type */
        json_t *r = arg_schema(w, t, 0, f);
        for (uint32_t i = 1; r && i < t->nitems; i++)
            if (t->items[i]->kind == ANK_TYPE_UNKNOWN)
                r = ank__schema_field_constraints(w, r, t->items[i]->name);
        return r;
    }
    if (rs && t->nitems >= 1 &&
        (is(n, "Box") || is(n, "Rc") || is(n, "Arc") || is(n, "RefCell") ||
         is(n, "Cell") || is(n, "Cow")))
        return arg_schema(w, t, t->nitems - 1, f);
    if (rs && is(n, "Result") && t->nitems == 2)
        return serde_result(w, t, f);
    if (rs && is(n, "char")) {
        json_t *o = ank__schema_typed(w, "string");
        ank__schema_put(w, o, "minLength", json_integer(1));
        ank__schema_put(w, o, "maxLength", json_integer(1));
        return o;
    }
    unsigned bits;
    bool sgn;
    if ((rs || w->lang == ANK_LANG_ZIG) && int_name(n, &bits, &sgn) &&
        (!rs || bits == 8 || bits == 16 || bits == 32 || bits == 64 ||
         bits == 128))
        return int_schema(w, bits, sgn);
    *known = false;
    return NULL;
}

json_t *ank__schema_builtin(ank_swalk *w, const ank_type *t,
                            const ank_sframe *f, bool *known)
{
    /* Python and Rust builtins are known by their last path segment
     * (typing.Any, datetime.datetime, std::sync::Arc) */
    const char *n =
        w->lang == ANK_LANG_PYTHON ? ank__schema_last_segment(t->name, ".")
        : w->lang == ANK_LANG_RUST ? ank__schema_last_segment(t->name, "::")
                                   : t->name;
    json_t *r = NULL;
    size_t len = strlen(n);
    *known = false;
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins && !*known; i++) {
        const builtin *e = &builtins[i];
        if (!(e->langs & 1u << w->lang) || !one_of(e->names, n, len))
            continue;
        *known = true;
        if (e->bits)
            r = int_schema(w, (unsigned)abs(e->bits), e->bits < 0);
        else if (e->note)
            r = ank__schema_any(w, n, e->note);
        else if (!e->type)
            r = json_object();
        else if (e->key)
            r = ank__schema_leaf_format(w, e->type, e->key, e->value);
        else
            r = ank__schema_leaf(w, e->type);
    }
    if (!*known && w->lang == ANK_LANG_PYTHON && !t->nitems &&
        (r = ank__schema_named_constrained(w, n)))
        *known = true;
    if (!*known && !w->b->status)
        r = generic_builtin(w, n, t, f, known);
    if (*known && !r)
        nomem(w);
    return r;
}

/* ------------------------------------------------------------ literals */

static json_t *string_of(const char *text, size_t len)
{
    char *s = ank__strndup(text, len);
    json_t *v = s ? ank__schema_str(s) : NULL;
    ank__free(s);
    return v;
}

json_t *ank__schema_literal(ank_swalk *w, const char *text)
{
    if (!text || !*text)
        return NULL;
    size_t len = strlen(text);
    bool py = w->lang == ANK_LANG_PYTHON;
    bool ts = w->lang == ANK_LANG_TYPESCRIPT || w->lang == ANK_LANG_TSX;
    json_t *v = NULL;
    if (py && (is(text, "True") || is(text, "False")))
        v = json_boolean(text[0] == 'T');
    else if (py && is(text, "None"))
        v = json_null();
    else if ((py || ts) && len >= 2 && text[0] == '\'' &&
             text[len - 1] == '\'') {
        if (memchr(text + 1, '\\', len - 2) || memchr(text + 1, '\'', len - 2))
            return NULL;
        v = string_of(text + 1, len - 2);
    } else if (w->lang == ANK_LANG_GO && len >= 2 && text[0] == '`' &&
               text[len - 1] == '`') {
        if (memchr(text + 1, '`', len - 2))
            return NULL;
        v = string_of(text + 1, len - 2);
    } else {
        /* invalid UTF-8 is read as the writers write it: U+FFFD */
        json_error_t err;
        char *raw = ank__strndup(text, len);
        char *clean = raw ? ank__schema_clean(raw) : NULL;
        ank__free(raw);
        if (!clean) {
            nomem(w);
            return NULL;
        }
        v = json_loads(clean, JSON_DECODE_ANY, &err);
        ank__free(clean);
        if (!v) {
            if (json_error_code(&err) == json_error_out_of_memory)
                nomem(w);
            return NULL;
        }
        if (json_is_array(v) || json_is_object(v)) {
            json_decref(v);
            return NULL;
        }
        return v;
    }
    if (!v)
        nomem(w);
    return v;
}

/* ------------------------------------------------------------- renaming */

static void put_case(ank_buf *o, char c, int upper)
{
    ank__buf_putc(o, (char)(upper > 0   ? toupper((unsigned char)c)
                            : upper < 0 ? tolower((unsigned char)c)
                                        : c));
}

/* serde_derive's RenameRule::apply_to_field / apply_to_variant. */
char *ank__schema_rename(const char *rule, const char *name, bool variant)
{
    ank_buf o = ANK_BUF_INIT;
    bool screaming = rule && (is(rule, "SCREAMING_SNAKE_CASE") ||
                              is(rule, "SCREAMING-KEBAB-CASE"));
    bool kebab =
        rule && (is(rule, "kebab-case") || is(rule, "SCREAMING-KEBAB-CASE"));
    size_t n = strlen(name);
    if (!rule) {
        ank__buf_puts(&o, name);
    } else if (is(rule, "lowercase") || is(rule, "UPPERCASE")) {
        int up = rule[0] == 'U' ? 1 : -1;
        for (size_t i = 0; i < n; i++)
            put_case(&o, name[i], variant || up > 0 ? up : 0);
    } else if (is(rule, "PascalCase") || is(rule, "camelCase")) {
        bool camel = rule[0] == 'c', cap = true;
        for (size_t i = 0; i < n; i++) {
            if (variant) {
                put_case(&o, name[i], i == 0 && camel ? -1 : 0);
            } else if (name[i] == '_') {
                cap = true;
            } else {
                put_case(&o, name[i], o.len == 0 && camel ? -1 : cap ? 1 : 0);
                cap = false;
            }
        }
    } else if (is(rule, "snake_case") || screaming || kebab) {
        for (size_t i = 0; i < n; i++) {
            char c = name[i];
            if (variant && isupper((unsigned char)c) && i > 0)
                ank__buf_putc(&o, kebab ? '-' : '_');
            if (c == '_' && kebab)
                c = '-';
            put_case(&o, c, screaming ? 1 : variant ? -1 : 0);
        }
    } else {
        ank__buf_puts(&o, name);
    }
    char *out = ank__buf_take(&o, NULL),
         *clean = out ? ank__schema_clean(out) : NULL;
    ank__free(out);
    return clean;
}
