/*
 * schema_field.c - the constraints a pydantic field states, as the
 * keywords pydantic's own model_json_schema() writes for them.  They come
 * from a call: the field's default `x: int = Field(..., ge=0)`, the
 * metadata of `Annotated[int, Field(ge=0)]` (also annotated_types'
 * Ge(0), Len(1, 8), Interval(gt=0), ... and FastAPI's Query(...) and its
 * kin, which take Field's arguments), a constrained type conint(ge=0),
 * confloat(...), constr(...), conlist(T, ...), conset(T, ...), or a
 * named one (PositiveInt, NonNegativeFloat, ...):
 *
 *   ge, gt, le, lt            minimum, exclusiveMinimum, maximum,
 *                             exclusiveMaximum (integer and number)
 *   min_length, max_length    minLength, maxLength (string),
 *                             minItems, maxItems (array; v1: min_items,
 *                             max_items)
 *   pattern (v1: regex)       pattern (string)
 *
 * Invariants: only arguments whose value is a literal (a number, a string,
 * a raw string) count, and only on a schema whose "type" is the one the
 * keyword applies to, or on the one member of an Optional's anyOf that is
 * not null (where pydantic puts them); a schema, anyOf array or member is
 * copied before a keyword is added to it when it is shared
 * (schema_memo.c).
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
    {"min_items", "minItems", "array", 'c'},
    {"max_items", "maxItems", "array", 'c'},
    {"pattern", "pattern", "string", 's'},
    {"regex", "pattern", "string", 's'},
};

/* The calls that state constraints, by the last segment of their name:
 * what their positional arguments are (keywords only when none), and for
 * a constrained type the type it constrains.  Field's first positional
 * argument is its default (ank__schema_field_default). */
typedef struct callee {
    const char *name;
    const char *positional[2];
    const char *type;
} callee;

static const callee callees[] = {
    {"Field", {0, 0}, 0},
    {"Query", {0, 0}, 0},
    {"Path", {0, 0}, 0},
    {"Body", {0, 0}, 0},
    {"Header", {0, 0}, 0},
    {"Cookie", {0, 0}, 0},
    {"Form", {0, 0}, 0},
    {"Interval", {0, 0}, 0},
    {"Ge", {"ge", 0}, 0},
    {"Gt", {"gt", 0}, 0},
    {"Le", {"le", 0}, 0},
    {"Lt", {"lt", 0}, 0},
    {"MinLen", {"min_length", 0}, 0},
    {"MaxLen", {"max_length", 0}, 0},
    {"Len", {"min_length", "max_length"}, 0},
    {"conlist", {0, 0}, 0},
    {"conset", {0, 0}, 0},
    {"confrozenset", {0, 0}, 0},
    {"conint", {0, 0}, "integer"},
    {"confloat", {0, 0}, "number"},
    {"constr", {0, 0}, "string"},
};

static bool word_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* The callee that the call `text` names (its name possibly dotted:
 * pydantic.Field, annotated_types.Ge), with *args set past its "(";
 * NULL when it is none of them. */
static const callee *callee_of(const char *text, const char **args)
{
    if (!text)
        return NULL;
    const char *open = strchr(text, '(');
    if (!open)
        return NULL;
    const char *name = open;
    while (name > text && word_char(name[-1]))
        name--;
    /* only a dotted path of identifiers before the name */
    for (const char *p = text; p < name; p++)
        if (*p != '.' && !word_char(*p))
            return NULL;
    if (name > text && name[-1] != '.')
        return NULL;
    size_t n = (size_t)(open - name);
    for (size_t i = 0; i < sizeof callees / sizeof *callees; i++)
        if (strlen(callees[i].name) == n &&
            strncmp(callees[i].name, name, n) == 0) {
            *args = open + 1;
            return &callees[i];
        }
    return NULL;
}

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

/* The arguments of a call to c, one at a time (next_arg). */
typedef struct args_iter {
    const callee *c;
    const char *at;
    size_t position;
} args_iter;

/* One argument: text[0, end) holds it; its name (a keyword's, or the
 * callee's name for its position, else NULL; len bytes) and its value's
 * text; `index`: its position among the positional ones, when it is
 * one. */
typedef struct call_arg {
    const char *text, *end, *name, *value;
    size_t len, index;
    bool positional;
} call_arg;

static bool next_arg(args_iter *it, call_arg *out)
{
    const char *a = it->at;
    if (!*a || *a == ')')
        return false;
    const char *end = arg_end(a);
    while (*a == ' ' || *a == '\n' || *a == '\t')
        a++;
    const char *eq = a;
    while (eq < end && (*eq == '_' || (*eq >= 'a' && *eq <= 'z')))
        eq++;
    const char *v = eq;
    while (v < end && *v == ' ')
        v++;
    *out = (call_arg){.text = a, .end = end, .index = it->position};
    if (eq > a && *v == '=' && v[1] != '=') {
        out->name = a;
        out->len = (size_t)(eq - a);
        out->value = v + 1;
    } else {
        out->positional = true;
        out->name = it->position < 2 ? it->c->positional[it->position] : NULL;
        out->len = out->name ? strlen(out->name) : 0;
        out->value = a;
        it->position++;
    }
    it->at = *end == ',' ? end + 1 : end;
    return true;
}

/* The schema object in p that constraints apply to: p when it has a
 * "type", else the one member of its anyOf that is not {"type": "null"}
 * (*member: its index; SIZE_MAX for p itself).  NULL when neither. */
static json_t *target_of(json_t *p, size_t *member)
{
    *member = SIZE_MAX;
    if (json_object_get(p, "type"))
        return p;
    json_t *any = json_object_get(p, "anyOf"), *m, *found = NULL;
    size_t i;
    json_array_foreach (any, i, m) {
        const char *t = json_string_value(json_object_get(m, "type"));
        if (t && is(t, "null") && json_object_size(m) == 1)
            continue;
        if (found || !t)
            return NULL;
        found = m;
        *member = i;
    }
    return found;
}

/* v (taken) when no one else holds it, else a copy of it (v given up). */
static json_t *own(ank_swalk *w, json_t *v)
{
    if (!v || v->refcount <= 1)
        return v;
    json_t *copy = json_copy(v);
    json_decref(v);
    if (!copy)
        nomem(w);
    return copy;
}

/* *p's target (target_of) made its own, as *p is.  NULL when out of
 * memory (*p then NULL, or left for the caller to release). */
static json_t *writable(ank_swalk *w, json_t **p, size_t member)
{
    if (!(*p = own(w, *p)))
        return NULL;
    if (member == SIZE_MAX)
        return *p;
    json_t *any = json_object_get(*p, "anyOf"), *m;
    if (any->refcount > 1 &&
        (!(any = json_copy(any)) || json_object_set_new(*p, "anyOf", any))) {
        nomem(w);
        return NULL;
    }
    m = json_array_get(any, member);
    if (m->refcount > 1 &&
        (!(m = json_copy(m)) || json_array_set_new(any, member, m))) {
        nomem(w);
        return NULL;
    }
    return m;
}

/* p (taken) with the keywords of the arguments at `args` (past the "("
 * of a call to c). */
static json_t *apply(ank_swalk *w, json_t *p, const callee *c,
                     const char *args)
{
    size_t member;
    json_t *target = target_of(p, &member), *into = NULL;
    const char *type = json_string_value(json_object_get(target, "type"));
    if (!type)
        return p;
    args_iter it = {c, args, 0};
    for (call_arg g; next_arg(&it, &g);) {
        for (size_t i = 0;
             g.name && i < sizeof field_args / sizeof *field_args; i++) {
            if (strlen(field_args[i].arg) != g.len ||
                strncmp(g.name, field_args[i].arg, g.len) ||
                !listed(field_args[i].types, type))
                continue;
            json_t *value = value_of(w, g.value, (size_t)(g.end - g.value));
            char want = field_args[i].value;
            bool fits = want == 's'   ? json_is_string(value)
                        : want == 'c' ? json_is_integer(value) &&
                                            json_integer_value(value) >= 0
                                      : json_is_number(value);
            if (fits && !into && !(into = writable(w, &p, member))) {
                json_decref(value);
                json_decref(p);
                return NULL;
            }
            if (fits)
                ank__schema_put(w, into, field_args[i].keyword, value);
            else
                json_decref(value);
            break;
        }
    }
    return p;
}

json_t *ank__schema_field_constraints(ank_swalk *w, json_t *p,
                                      const char *call)
{
    const char *args;
    const callee *c = callee_of(call, &args);
    if (!p || !c || c->type)
        return p;
    return apply(w, p, c, args);
}

json_t *ank__schema_constrained_type(ank_swalk *w, const char *text)
{
    const char *args;
    const callee *c = callee_of(text, &args);
    if (!c || !c->type)
        return NULL;
    return apply(w, ank__schema_typed(w, c->type), c, args);
}

/* pydantic's named constrained types, as the arguments they stand for. */
static const struct {
    const char *name, *type, *args;
} named_types[] = {
    {"PositiveInt", "integer", "gt=0)"},
    {"NegativeInt", "integer", "lt=0)"},
    {"NonNegativeInt", "integer", "ge=0)"},
    {"NonPositiveInt", "integer", "le=0)"},
    {"PositiveFloat", "number", "gt=0)"},
    {"NegativeFloat", "number", "lt=0)"},
    {"NonNegativeFloat", "number", "ge=0)"},
    {"NonPositiveFloat", "number", "le=0)"},
};

json_t *ank__schema_named_constrained(ank_swalk *w, const char *name)
{
    for (size_t i = 0; i < sizeof named_types / sizeof *named_types; i++)
        if (is(name, named_types[i].name))
            return apply(w, ank__schema_typed(w, named_types[i].type),
                         &callees[0] /* Field: keywords only */,
                         named_types[i].args);
    return NULL;
}

json_t *ank__schema_field_default(ank_swalk *w, const char *def)
{
    const char *args;
    const callee *c = callee_of(def, &args);
    if (!c || !is(c->name, "Field"))
        return NULL;
    args_iter it = {c, args, 0};
    for (call_arg g; next_arg(&it, &g);) {
        /* the first positional argument (`...`, no literal, is none) */
        if (g.positional && g.index == 0)
            return value_of(w, g.text, (size_t)(g.end - g.text));
        if (!g.positional && g.len == 7 && !strncmp(g.name, "default", 7))
            return value_of(w, g.value, (size_t)(g.end - g.value));
    }
    return NULL;
}
