/*
 * schema_field.c - the constraints a pydantic field states in its
 * default, `x: int = Field(..., ge=0, le=100)`, as the keywords pydantic's
 * own model_json_schema() writes for them:
 *
 *   ge, gt, le, lt            minimum, exclusiveMinimum, maximum,
 *                             exclusiveMaximum (integer and number)
 *   min_length, max_length    minLength, maxLength (string),
 *                             minItems, maxItems (array)
 *   pattern (v1: regex)       pattern (string)
 *
 * Invariants: only keyword arguments whose value is a literal (a number, a
 * string, a raw string) count, and only on a schema whose "type" is the
 * one the keyword applies to (an Optional field's anyOf is left as it
 * is); the property's schema is copied before a keyword is added, since
 * it may be shared (schema_memo.c).
 */
#include <string.h>

#include "../ffi/alloc.h"
#include "schema_field.h"
#include "schema_json.h"
#include "schema_lang.h"

/* Each argument, the keyword it becomes, the types it applies to and its
 * value: a number ('n'), a count ('c': an integer >= 0), a string ('s'). */
static const struct {
    const char *arg, *keyword, *types;
    char value;
} field_args[] = {
    {"ge", "minimum", "integer number", 'n'},
    {"gt", "exclusiveMinimum", "integer number", 'n'},
    {"le", "maximum", "integer number", 'n'},
    {"lt", "exclusiveMaximum", "integer number", 'n'},
    {"min_length", "minLength", "string", 'c'},
    {"max_length", "maxLength", "string", 'c'},
    {"min_length", "minItems", "array", 'c'},
    {"max_length", "maxItems", "array", 'c'},
    {"pattern", "pattern", "string", 's'},
    {"regex", "pattern", "string", 's'},
};

/* Is `type` one of the space-separated words of `list`? */
static bool listed(const char *list, const char *type)
{
    size_t n = strlen(type);
    for (const char *p = list; (p = strstr(p, type)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return true;
    return false;
}

/* The end of the argument that starts at s: the comma or closing bracket
 * at depth 0, past brackets and quoted strings. */
static const char *arg_end(const char *s)
{
    int depth = 0;
    for (; *s; s++) {
        if (*s == '\'' || *s == '"') {
            char q = *s;
            for (s++; *s && *s != q; s++)
                if (*s == '\\' && s[1])
                    s++;
            if (!*s)
                return s;
        } else if (*s == '(' || *s == '[' || *s == '{') {
            depth++;
        } else if (*s == ')' || *s == ']' || *s == '}') {
            if (depth-- == 0)
                return s;
        } else if (*s == ',' && depth == 0) {
            return s;
        }
    }
    return s;
}

/* The value of the literal text v[0, n): a raw string r'...' / r"..." as
 * written, else what ank__schema_literal reads.  NULL when it is none. */
static json_t *value_of(ank_swalk *w, const char *v, size_t n)
{
    while (n && (*v == ' ' || *v == '\t' || *v == '\n'))
        v++, n--;
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n'))
        n--;
    char *text = ank__strndup(v, n);
    if (!text) {
        nomem(w);
        return NULL;
    }
    json_t *r = NULL;
    if (n >= 3 && (text[0] == 'r' || text[0] == 'R') &&
        (text[1] == '\'' || text[1] == '"') && text[n - 1] == text[1]) {
        text[n - 1] = '\0';
        if (!strchr(text + 2, text[1]))
            r = ank__schema_str(text + 2);
    } else {
        r = ank__schema_literal(w, text);
    }
    ank__free(text);
    return r;
}

json_t *ank__schema_field_constraints(ank_swalk *w, json_t *p,
                                      const char *def)
{
    const char *type = json_string_value(json_object_get(p, "type"));
    if (!p || !type || !def)
        return p;
    if (strncmp(def, "pydantic.", 9) == 0)
        def += 9;
    if (strncmp(def, "Field(", 6) != 0)
        return p;
    for (const char *a = def + 6; *a && *a != ')';) {
        const char *end = arg_end(a);
        while (*a == ' ' || *a == '\n' || *a == '\t')
            a++;
        const char *eq = a;
        while (eq < end && (*eq == '_' || (*eq >= 'a' && *eq <= 'z')))
            eq++;
        const char *v = eq;
        while (v < end && *v == ' ')
            v++;
        for (size_t i = 0; *v == '=' && v[1] != '=' &&
                           i < sizeof field_args / sizeof *field_args;
             i++) {
            size_t n = strlen(field_args[i].arg);
            if ((size_t)(eq - a) != n || strncmp(a, field_args[i].arg, n) ||
                !listed(field_args[i].types, type))
                continue;
            json_t *value = value_of(w, v + 1, (size_t)(end - v - 1));
            char want = field_args[i].value;
            bool fits = want == 's'   ? json_is_string(value)
                        : want == 'c' ? json_is_integer(value) &&
                                            json_integer_value(value) >= 0
                                      : json_is_number(value);
            if (!fits) {
                json_decref(value);
                break;
            }
            if (p->refcount > 1) { /* shared: a copy of its own */
                json_t *own = json_copy(p);
                json_decref(p);
                if (!(p = own)) {
                    json_decref(value);
                    nomem(w);
                    return NULL;
                }
            }
            ank__schema_put(w, p, field_args[i].keyword, value);
            break;
        }
        a = *end == ',' ? end + 1 : end;
    }
    return p;
}
