/*
 * json_grammar.c - JSON Schema to grammar.
 *
 * A schema becomes an expression; only $ref targets (and the schema asked
 * for) become rules, registered under their json_t address before their
 * body is built, so recursive schemas close into cycles.  The rules of
 * JSON text itself (json_lex.c) are registered by name ("json-string",
 * "json-ws:2", ...) and shared by every schema of the grammar.  Whitespace
 * is one rule of at most `max_ws` characters, placed once at every point
 * JSON allows it: after `{`, `[`,
 * `:` and `,`, before `:` and after every member and element.
 *
 * Objects keep the order of "properties"; the comma logic walks the
 * members from the left: "first" is the choice of which member comes
 * first (any optional one up to the first required one), "rest" the
 * members after it, each optional one with its comma.  An object's
 * sequences are assembled as item lists on a scratch stack and become
 * nodes only where the grammar keeps a node (the same nodes ank__g_seq
 * would have left after flattening), so no member is copied into a
 * sequence that is then flattened away.  Unknown keywords are annotations
 * and ignored, as JSON Schema says; keywords that constrain in ways a
 * grammar here cannot follow (allOf with several members, not,
 * patternProperties, ...) fail with ANK_ERR_FORMAT.  Patterns are
 * json_pattern.c's; propertyNames gives the keys of the members beyond
 * "properties" (keys_of: what its schema says of strings).
 */
#include "json_grammar.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "json_lex.h"
#include "json_pattern.h"
#include "json_range.h"

#define MAX_DEPTH 64

typedef ank_jctx jctx;

#define SEQ ANK_JSEQ
#define ALT ANK_JALT

static ank_gexpr *convert(jctx *j, const json_t *s);

static ank_gexpr *format_error(jctx *j, const char *what, const char *name)
{
    return ank__jlex_fail(j, what, name);
}

static ank_gexpr *lit(jctx *j, const char *s) { return ank__jlex_lit(j, s); }

/* The keywords of one schema object, found in one pass over its keys
 * (rather than one hash lookup per keyword asked about): those read, and
 * after them those that constrain in ways these grammars do not follow,
 * in the order the first one present is reported. */
enum {
    K_REF, K_ALL_OF, K_CONST, K_ENUM, K_ANY_OF, K_ONE_OF, K_TYPE, K_PROPS,
    K_EXTRA, K_REQUIRED, K_ITEMS, K_PREFIX, K_MIN_ITEMS, K_MAX_ITEMS,
    K_FORMAT, K_MIN_LEN, K_MAX_LEN, K_MIN, K_XMIN, K_MAX, K_XMAX, K_PATTERN,
    K_PROP_NAMES, K_READ, /* count */
    K_NOT = K_READ, K_IF, K_THEN, K_ELSE, K_PATTERN_PROPS, K_DEP_SCHEMAS,
    K_DEP_REQUIRED, K_CONTAINS, K_MIN_CONTAINS, K_MAX_CONTAINS, K_UNEVAL_PROPS,
    K_UNEVAL_ITEMS, K_MIN_PROPS, K_MAX_PROPS, K_DYNAMIC_REF, K_RECURSIVE_REF,
    K_MULTIPLE_OF, NKEYWORDS
};

#define KW(name) {name, sizeof name - 1}
static const struct {
    const char *name;
    size_t len;
} keyword_names[NKEYWORDS] = {
    KW("$ref"), KW("allOf"), KW("const"), KW("enum"), KW("anyOf"),
    KW("oneOf"), KW("type"), KW("properties"), KW("additionalProperties"),
    KW("required"), KW("items"), KW("prefixItems"), KW("minItems"),
    KW("maxItems"), KW("format"), KW("minLength"), KW("maxLength"),
    KW("minimum"), KW("exclusiveMinimum"), KW("maximum"),
    KW("exclusiveMaximum"), KW("pattern"), KW("propertyNames"),
    /* unsupported */
    KW("not"), KW("if"), KW("then"), KW("else"), KW("patternProperties"),
    KW("dependentSchemas"), KW("dependentRequired"), KW("contains"),
    KW("minContains"), KW("maxContains"), KW("unevaluatedProperties"),
    KW("unevaluatedItems"), KW("minProperties"), KW("maxProperties"),
    KW("$dynamicRef"), KW("$recursiveRef"), KW("multipleOf")};

#define B(k) ((uint64_t)1 << (k))

/* The keywords that start with `c`, as a set of bits. */
static uint64_t starting_with(char c)
{
    switch (c) {
    case '$': return B(K_REF) | B(K_DYNAMIC_REF) | B(K_RECURSIVE_REF);
    case 'a': return B(K_ALL_OF) | B(K_ANY_OF) | B(K_EXTRA);
    case 'c': return B(K_CONST) | B(K_CONTAINS);
    case 'd': return B(K_DEP_SCHEMAS) | B(K_DEP_REQUIRED);
    case 'e': return B(K_ENUM) | B(K_XMIN) | B(K_XMAX) | B(K_ELSE);
    case 'f': return B(K_FORMAT);
    case 'i': return B(K_ITEMS) | B(K_IF);
    case 'm':
        return B(K_MIN_ITEMS) | B(K_MAX_ITEMS) | B(K_MIN_LEN) |
               B(K_MAX_LEN) | B(K_MIN) | B(K_MAX) | B(K_MIN_CONTAINS) |
               B(K_MAX_CONTAINS) | B(K_MIN_PROPS) | B(K_MAX_PROPS) |
               B(K_MULTIPLE_OF);
    case 'n': return B(K_NOT);
    case 'o': return B(K_ONE_OF);
    case 'p':
        return B(K_PROPS) | B(K_PREFIX) | B(K_PATTERN) |
               B(K_PATTERN_PROPS) | B(K_PROP_NAMES);
    case 'r': return B(K_REQUIRED);
    case 't': return B(K_TYPE) | B(K_THEN);
    case 'u': return B(K_UNEVAL_PROPS) | B(K_UNEVAL_ITEMS);
    default: return 0;
    }
}

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
        uint64_t maybe = starting_with(key[0]);
        if (!maybe)
            continue;
        size_t len = strlen(key), i = NKEYWORDS;
        for (; maybe; maybe &= maybe - 1) {
            size_t c = (size_t)__builtin_ctzll(maybe);
            if (keyword_names[c].len == len &&
                memcmp(keyword_names[c].name, key, len) == 0) {
                i = c;
                break;
            }
        }
        if (i < K_READ)
            k->v[i] = v;
        else if (i < first)
            first = i;
    }
    k->unsupported = first < NKEYWORDS ? keyword_names[first].name : NULL;
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

/* The keywords of the schema object `s` into *k, and in *alias the schema
 * it stands for: the target of its "$ref" (and *ref the rule name hint for
 * it), or the member of its one-member "allOf"; else NULL.  False after
 * failing the conversion (a keyword it cannot follow, a bad $ref or
 * allOf). */
static bool read_schema(jctx *j, const json_t *s, keywords *k,
                        const json_t **alias, const char **ref)
{
    read_keywords(s, k);
    if (k->unsupported) {
        format_error(j, "unsupported keyword", k->unsupported);
        return false;
    }
    const json_t *v = k->v[K_REF], *target = NULL;
    *ref = NULL;
    if (v) {
        if (json_is_string(v))
            target = resolve(j, json_string_value(v), ref);
        if (!target)
            format_error(j, "unresolved $ref",
                         json_is_string(v) ? json_string_value(v) : NULL);
    } else if ((v = k->v[K_ALL_OF])) {
        if (json_is_array(v) && json_array_size(v) == 1)
            target = json_array_get(v, 0);
        else
            format_error(j, "allOf with other than one member", NULL);
    }
    *alias = target;
    return !j->failed;
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
    ank__jlex_name(key + k, "", j->ws);
    ank_grule *r = ank__gram_lookup(j->g, key);
    if (r) {
        j->recursive |= !r->body; /* its body is being built */
        return r;
    }
    r = ank__gram_declare(j->g, hint);
    if (!r)
        return NULL;
    ank__gram_register_new(j->g, key, r);
    ank__gram_define(j->g, r, convert(j, s));
    return r;
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
    const json_t *pattern = k->v[K_PATTERN];
    long long min = count(k->v[K_MIN_LEN]), max = count(k->v[K_MAX_LEN]);
    if (min == -2 || max == -2)
        return format_error(j, "bad string length bound", NULL);
    if (pattern) {
        if (!json_is_string(pattern) ||
            strlen(json_string_value(pattern)) != json_string_length(pattern))
            return format_error(j, "malformed pattern", NULL);
        if (max >= 0 && min > max)
            return format_error(j, "minLength above maxLength", NULL);
        /* "format" is an annotation; the pattern constrains */
        return ank__jpattern_string(j, json_string_value(pattern),
                                    min > 0 ? (uint32_t)min : 0,
                                    max >= 0 ? (uint32_t)max : ANK_G_INF);
    }
    if (min > 0 || max >= 0) {
        if (max >= 0 && min > max)
            return format_error(j, "minLength above maxLength", NULL);
        return ank__jlex_string_of(j, min > 0 ? (uint32_t)min : 0,
                                   max >= 0 ? (uint32_t)max : ANK_G_INF);
    }
    ank_gexpr *e = format ? ank__jlex_format(j, format) : NULL;
    return e ? e : ank__jlex_string(j);
}

/* ------------------------------------------------------------ item lists */

/* ank__g_seq flattens a nested sequence of up to this many items into the
 * sequence holding it (FLAT_MAX in grammar.c); lists below mirror that. */
#define SEQ_FLAT 64

/* The items of a sequence not yet made a node, on j->scratch (by offset:
 * the stack may move as it grows), normalised as ank__g_seq would leave
 * them: no empty items, sequences of up to SEQ_FLAT items flattened, no
 * two literals adjacent.  A list of more than SEQ_FLAT items that another
 * sequence will hold is first sealed into one node, since the node would
 * not be flattened either.  So an object's members are written once,
 * into lists, instead of into sequence nodes that each enclosing sequence
 * flattens again. */
typedef struct ilist {
    size_t at, n;
} ilist;

/* A new empty list with room for `room` items on top of the stack; false,
 * and the grammar failed, when out of memory. */
static bool list_open(jctx *j, ilist *l, size_t room)
{
    if (room > j->cap - j->top) {
        size_t want = 2 * j->cap;
        while (want - j->top < room)
            want *= 2;
        /* the first stack is the caller's array; later ones are ours */
        ank_gexpr **grown =
            j->scratch_owned ? ank__realloc(j->scratch, want * sizeof *grown)
                             : ank__malloc(want * sizeof *grown);
        if (!grown) {
            j->g->nomem = true;
            return false;
        }
        if (!j->scratch_owned)
            memcpy(grown, j->scratch, j->top * sizeof *grown);
        j->scratch = grown, j->cap = want, j->scratch_owned = true;
    }
    l->at = j->top, l->n = 0;
    j->top += room;
    return true;
}

/* How many items `e` adds to a sequence holding it, at most. */
static size_t flat_len(const ank_gexpr *e)
{
    return e->kind == GK_SEQ && e->n <= SEQ_FLAT ? e->n : 1;
}

/* Append one normalised item, joining adjacent literals. */
static void push_one(jctx *j, ilist *l, ank_gexpr *e)
{
    ank_gexpr **v = j->scratch + l->at;
    if (e->kind == GK_LIT && l->n && v[l->n - 1]->kind == GK_LIT)
        v[l->n - 1] = ank__g_seq2(j->g, v[l->n - 1], e);
    else
        v[l->n++] = e;
}

/* Append n normalised items (no two literals adjacent): only the first
 * may need joining to what the list ends with. */
static void push_items(jctx *j, ilist *l, ank_gexpr *const *items, size_t n)
{
    if (n == 0)
        return;
    push_one(j, l, items[0]);
    memcpy(j->scratch + l->at + l->n, items + 1, (n - 1) * sizeof *items);
    l->n += n - 1;
}

/* Append `e` as ank__g_seq would hold it. */
static void push(jctx *j, ilist *l, ank_gexpr *e)
{
    if (e->kind == GK_SEQ && e->n <= SEQ_FLAT)
        push_items(j, l, e->items, e->n);
    else if (e->kind != GK_EMPTY)
        push_one(j, l, e);
}

/* Append the items of the sealed list `src`. */
static void push_list(jctx *j, ilist *l, const ilist *src)
{
    push_items(j, l, j->scratch + src->at, src->n);
}

/* The list as one node: its item when it has one, else a sequence. */
static ank_gexpr *node_of(jctx *j, const ilist *l)
{
    return ank__g_seq(j->g, j->scratch + l->at, l->n);
}

/* Make the list what a sequence node of its items adds to another
 * sequence: itself, or that node when it is too long to be flattened. */
static void seal(jctx *j, ilist *l)
{
    if (l->n <= SEQ_FLAT)
        return;
    j->scratch[l->at] = node_of(j, l);
    l->n = 1;
}

/* ---------------------------------------------------------------- objects */

typedef struct member {
    ilist kv; /* key ws ":" ws value ws */
    bool req;
} member;

/* Members on the stack up to this many; more in the grammar's arena. */
#define MEMBERS_LOCAL 16

static ank_gexpr *keys_of(jctx *j, const json_t *s);

/* f(j, s) for the schema object `s` one level deeper, within MAX_DEPTH. */
static ank_gexpr *deeper(jctx *j, const json_t *s,
                         ank_gexpr *(*f)(jctx *, const json_t *))
{
    if (!json_is_object(s))
        return format_error(j, "a schema must be an object", NULL);
    if (++j->depth > MAX_DEPTH) {
        j->depth--;
        return format_error(j, "schema nested too deeply", NULL);
    }
    ank_gexpr *e = f(j, s);
    j->depth--;
    return e;
}

/* The keys a "propertyNames" schema object allows, as JSON strings; NULL
 * when it allows none.  Keys are strings, so only what a schema says of
 * strings counts. */
static ank_gexpr *keys_of_object(jctx *j, const json_t *s)
{
    keywords k;
    const json_t *v;
    const char *ref;
    if (!read_schema(j, s, &k, &v, &ref))
        return ank__g_ref(j->g, NULL);
    if (v)
        return keys_of(j, v);
    if ((v = k.v[K_CONST]))
        return json_is_string(v) ? ank__jlex_literal(j, v) : NULL;
    const json_t *list = k.v[K_ENUM] ? k.v[K_ENUM]
                         : k.v[K_ANY_OF] ? k.v[K_ANY_OF] : k.v[K_ONE_OF];
    if (list) {
        if (!json_is_array(list) || json_array_size(list) == 0)
            return format_error(j, "empty or malformed enum, anyOf or oneOf",
                                NULL);
        ank_gexpr *e = NULL;
        for (size_t i = 0; i < json_array_size(list); i++) {
            const json_t *m = json_array_get(list, i);
            ank_gexpr *one = !k.v[K_ENUM] ? keys_of(j, m)
                             : json_is_string(m) ? ank__jlex_literal(j, m)
                                                 : NULL;
            if (one)
                e = e ? ank__g_alt2(j->g, e, one) : one;
        }
        return e;
    }
    const json_t *type = k.v[K_TYPE];
    bool strings = !type || (json_is_string(type) &&
                             strcmp(json_string_value(type), "string") == 0);
    for (size_t i = 0; json_is_array(type) && i < json_array_size(type); i++) {
        const char *t = json_string_value(json_array_get(type, i));
        strings = strings || (t && strcmp(t, "string") == 0);
    }
    return strings ? string_of(j, &k) : NULL;
}

static ank_gexpr *keys_of(jctx *j, const json_t *s)
{
    if (j->failed)
        return ank__g_ref(j->g, NULL);
    if (json_is_true(s))
        return ank__jlex_string(j);
    if (json_is_false(s))
        return NULL;
    return deeper(j, s, keys_of_object);
}

static ank_gexpr *object_of(jctx *j, const keywords *kw)
{
    const json_t *props = kw->v[K_PROPS];
    const json_t *required = kw->v[K_REQUIRED];
    const json_t *extra = kw->v[K_EXTRA];
    const json_t *names = kw->v[K_PROP_NAMES];
    if ((props && !json_is_object(props)) ||
        (required && !json_is_array(required)))
        return format_error(j, "malformed object schema", NULL);
    /* The grammar cannot hold a declared name to propertyNames. */
    if (names && json_object_size(props))
        return format_error(j, "propertyNames with properties", NULL);
    /* Without "properties" an absent additionalProperties allows any
     * member; with them it means none (strict).  propertyNames says which
     * keys such members may have. */
    ank_gexpr *extra_v = NULL, *extra_key = NULL;
    if (json_is_object(extra) || json_is_true(extra) || (!extra && !props)) {
        extra_key = names ? keys_of(j, names) : ank__jlex_string(j);
        if (extra_key) /* else no key is allowed, so no member */
            extra_v = json_is_object(extra) ? convert(j, extra)
                                            : ank__jlex_value(j);
    } else if (extra && !json_is_false(extra)) {
        return format_error(j, "malformed additionalProperties", NULL);
    }

    size_t n = props ? json_object_size(props) : 0;
    member local[MEMBERS_LOCAL];
    member *m = n <= MEMBERS_LOCAL ? local
                                   : ank__gram_alloc(j->g, n * sizeof *m);
    if (!m)
        return ank__g_ref(j->g, NULL);
    ank_gexpr *w = ank__jlex_ws(j), *comma = ank__jlex_punct(j, ANK_JP_COMMA);
    ank_gexpr *colon = ank__jlex_punct(j, ANK_JP_COLON);
    size_t mark = j->top; /* every list below is dropped on return */
    size_t i = 0, nreq = json_array_size(required), found = 0;
    const char *name;
    json_t *sub;
    json_object_foreach((json_t *)props, name, sub) {
        ank_gexpr *key = ank__jlex_key_literal(j, name);
        ank_gexpr *v = convert(j, sub); /* its lists are gone by now */
        ilist *kv = &m[i].kv;
        if (!list_open(j, kv, 6 + flat_len(v))) {
            j->top = mark;
            return ank__g_ref(j->g, NULL);
        }
        push(j, kv, key), push(j, kv, w), push(j, kv, colon);
        push(j, kv, w), push(j, kv, v);
        seal(j, kv); /* the member, then the member and ws */
        push(j, kv, w);
        seal(j, kv);
        m[i].req = false;
        for (size_t r = 0; r < nreq; r++) {
            const char *want = json_string_value(json_array_get(required, r));
            if (want && strcmp(want, name) == 0)
                m[i].req = true, found++;
        }
        i++;
    }
    /* Each entry of "required" names at most one property: when every
     * one was found above, none is missing. */
    for (size_t r = 0; found < nreq && r < nreq; r++) {
        const char *want = json_string_value(json_array_get(required, r));
        if (!want || !json_object_get(props, want))
            if (!extra_v) {
                j->top = mark;
                return format_error(j, "required property not in properties",
                                    want);
            }
    }
    ank_gexpr *extra_kv =
        extra_v ? SEQ(j, ank__jlex_member(j, extra_key, extra_v), w) : NULL;
    /* rest: members k.. after at least one member, each with a comma,
     * built from the right (rest[n] first); first: the member that comes
     * first (any optional one up to the first required one), then the
     * rest after it.  Only rest[1..n] and the choices of first member
     * up to the first required one are ever used. */
    ank_gexpr *rest_n = extra_kv ? ank__g_rep(j->g, SEQ(j, comma, w, extra_kv),
                                              0, ANK_G_INF)
                                 : ank__g_empty(j->g);
    size_t leading = 0; /* optional members before the first required one */
    while (leading < n && !m[leading].req)
        leading++;
    size_t last_first = leading < n ? leading : n - 1;
    ank_gexpr *first = extra_kv ? ank__g_rep(j->g, SEQ(j, extra_kv, rest_n), 0, 1)
                                : ank__g_empty(j->g);
    ilist rest, here = {0, 0};
    bool first_is_here = false; /* first is `here`, not yet a node */
    bool ok = list_open(j, &rest, 1);
    if (ok)
        push(j, &rest, rest_n);
    for (size_t k = n; ok && k-- > 0;) {
        const ilist *kv = &m[k].kv;
        if (k <= last_first) {
            ilist h;
            if (!(ok = list_open(j, &h, kv->n + rest.n)))
                break;
            push_list(j, &h, kv), push_list(j, &h, &rest);
            seal(j, &h);
            if (m[k].req) {
                here = h, first_is_here = true;
            } else {
                if (first_is_here)
                    first = node_of(j, &here), first_is_here = false;
                first = ank__g_alt2(j->g, node_of(j, &h), first);
            }
        }
        if (k == 0)
            break;
        ilist one, r;
        if (!(ok = list_open(j, &one, 2 + kv->n) &&
                   list_open(j, &r, 1 + kv->n + 2 + rest.n)))
            break;
        push(j, &one, comma), push(j, &one, w), push_list(j, &one, kv);
        seal(j, &one);
        if (m[k].req)
            push_list(j, &r, &one);
        else
            push(j, &r, ank__g_rep(j->g, node_of(j, &one), 0, 1));
        push_list(j, &r, &rest);
        seal(j, &r);
        /* Several choices of first member each continue with a rest: name
         * the rests so the text is not repeated. */
        if (leading >= 2 && k <= leading + 1 && k < n) {
            ank_grule *rule = ank__gram_rule(j->g, "json-rest", node_of(j, &r));
            j->scratch[r.at] = ank__g_ref(j->g, rule), r.n = 1;
        }
        rest = r;
    }
    ilist all;
    if (!ok || !list_open(j, &all, 3 + (first_is_here ? here.n : flat_len(first)))) {
        j->top = mark;
        return ank__g_ref(j->g, NULL);
    }
    push(j, &all, ank__jlex_punct(j, ANK_JP_LBRACE)), push(j, &all, w);
    if (first_is_here)
        push_list(j, &all, &here);
    else
        push(j, &all, first);
    push(j, &all, ank__jlex_punct(j, ANK_JP_RBRACE));
    ank_gexpr *e = node_of(j, &all);
    j->top = mark;
    return e;
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
    ank_gexpr *tail = json_is_object(items) ? convert(j, items) : ank__jlex_value(j);
    ank_gexpr *w = ank__jlex_ws(j), *comma = ank__jlex_punct(j, ANK_JP_COMMA);
    /* Element e of a list: a prefix schema, then `tail`. */
    uint32_t lo = (uint32_t)min;
    uint32_t hi = max < 0 ? ANK_G_INF : (uint32_t)max;
    ank_gexpr *after = ank__g_empty(j->g);
    if (hi == ANK_G_INF || hi > np) {
        uint32_t from = np > 0 ? (uint32_t)np : 1; /* elements before it */
        ank_gexpr *one = SEQ(j, comma, w, tail, w);
        after = ank__g_rep(j->g, one, lo > from ? lo - from : 0,
                           hi == ANK_G_INF ? ANK_G_INF : hi - from);
    }
    /* Prefix elements 1..np-1, each with its comma, nested right to left. */
    for (size_t k = np; k-- > 1;) {
        if (k >= hi)
            continue;
        ank_gexpr *one = SEQ(j, comma, w, convert(j, json_array_get(prefix, k)),
                             w, after);
        after = k < lo ? one : ank__g_rep(j->g, one, 0, 1);
    }
    ank_gexpr *body = ank__g_empty(j->g);
    if (hi > 0) {
        ank_gexpr *e0 = np ? convert(j, json_array_get(prefix, 0)) : tail;
        body = SEQ(j, e0, w, after);
        if (lo == 0)
            body = ank__g_rep(j->g, body, 0, 1);
    }
    return SEQ(j, ank__jlex_punct(j, ANK_JP_LBRACKET), w, body,
               ank__jlex_punct(j, ANK_JP_RBRACKET));
}

static ank_gexpr *of_type(jctx *j, const keywords *k, const char *type)
{
    /* the seven names differ in their first two characters */
    switch (type[0]) {
    case 's':
        if (strcmp(type, "string") == 0)
            return string_of(j, k);
        break;
    case 'i':
        if (strcmp(type, "integer") == 0)
            return ank__jrange_integer(j, k->v[K_MIN], k->v[K_XMIN],
                                       k->v[K_MAX], k->v[K_XMAX]);
        break;
    case 'n':
        if (strcmp(type, "number") == 0)
            return ank__jrange_number(j, k->v[K_MIN], k->v[K_XMIN],
                                      k->v[K_MAX], k->v[K_XMAX]);
        if (strcmp(type, "null") == 0)
            return lit(j, "null");
        break;
    case 'b':
        if (strcmp(type, "boolean") == 0)
            return ALT(j, lit(j, "true"), lit(j, "false"));
        break;
    case 'o':
        if (strcmp(type, "object") == 0)
            return object_of(j, k);
        break;
    case 'a':
        if (strcmp(type, "array") == 0)
            return array_of(j, k);
        break;
    default:
        break;
    }
    return format_error(j, "unknown type", type);
}

static ank_gexpr *convert_object(jctx *j, const json_t *s)
{
    keywords k;
    const json_t *v;
    const char *ref;
    if (!read_schema(j, s, &k, &v, &ref))
        return ank__g_ref(j->g, NULL);
    if (v)
        return ref ? ank__g_ref(j->g, schema_rule(j, v, ref)) : convert(j, v);
    if ((v = k.v[K_CONST]))
        return ank__jlex_literal(j, v);
    if ((v = k.v[K_ENUM])) {
        size_t n = json_array_size(v);
        if (!json_is_array(v) || n == 0)
            return format_error(j, "empty or malformed enum", NULL);
        ank_gexpr *e = ank__jlex_literal(j, json_array_get(v, 0));
        for (size_t i = 1; i < n; i++)
            e = ank__g_alt2(j->g, e, ank__jlex_literal(j, json_array_get(v, i)));
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
    if (k.v[K_PROPS] || k.v[K_EXTRA] || k.v[K_PROP_NAMES])
        return object_of(j, &k);
    if (k.v[K_ITEMS] || k.v[K_PREFIX])
        return array_of(j, &k);
    if (k.v[K_PATTERN])
        return string_of(j, &k);
    return ank__jlex_value(j);
}

static ank_gexpr *convert(jctx *j, const json_t *s)
{
    if (j->failed)
        return ank__g_ref(j->g, NULL);
    if (json_is_true(s))
        return ank__jlex_value(j);
    if (json_is_false(s))
        return format_error(j, "false schema matches nothing", NULL);
    return deeper(j, s, convert_object);
}

ank_grule *ank__grammar_json(ank_gram *g, const json_t *schema,
                             const json_t *root_schema, unsigned max_ws,
                             ank_error *error)
{
    ank_gexpr *stack[256];
    jctx j = {.g = g,
              .root = root_schema ? root_schema : schema,
              .ws = max_ws,
              .error = error,
              .scratch = stack,
              .cap = sizeof stack / sizeof *stack};
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
    if (j.scratch_owned)
        ank__free(j.scratch);
    /* A recursive schema may require itself: no JSON text is finite. */
    if (!j.failed && r && j.recursive && ank__gram_productive(g, r) == 0)
        format_error(&j, "no finite instance (the schema requires itself)",
                     NULL);
    if (ank__gram_failed(g)) {
        ank__fail(error, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return j.failed ? NULL : r;
}
