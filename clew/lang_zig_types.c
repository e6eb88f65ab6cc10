/*
 * lang_zig_types.c - Zig type expressions as normalized type trees, struct
 * fields, and the small node helpers the Zig extractor shares.
 *
 * Invariants: the type builder recurses only through ank__zig_build_type
 * with depth + 1 and answers UNKNOWN (with the source text) at
 * ANK_TYPE_MAX_DEPTH.  Long child lists (container bodies, arguments) are
 * read with tree cursors in one pass; small nodes by index.  Doc comments
 * are read from the source text, never by sibling search (which is linear
 * in the siblings).  Every helper that allocates returns NULL / false after
 * a failure and x->status says why.
 */
#include "lang_zig.h"

#include <stdio.h>
#include <stdlib.h>

#include "../ffi/text.h"

static bool is_comment(TSNode n)
{
    return strcmp(ts_node_type(n), "comment") == 0;
}

/* `@"..."` with Zig's escapes decoded (\xNN, \u{...}, \n, \t, \r,
 * \\, \', \"); a NUL or malformed escape is kept as written. */
static const char *quoted_name(ank_x *x, uint32_t s, uint32_t e)
{
    const char *p = x->src + s + 2, *end = x->src + e - 1;
    if (end < p)
        end = p;
    /* An escape never expands: \u{10FFFF} is 10 bytes, its UTF-8 4. */
    char *out = (char *)ank__x_slice(x, s, e);
    if (!out)
        return NULL;
    size_t o = 0;
    while (p < end) {
        if (*p != '\\' || p + 1 >= end) {
            out[o++] = *p++;
            continue;
        }
        char d = p[1];
        unsigned long cp = 0;
        const char *q = p + 2;
        bool ok = true;
        switch (d) {
        case 'n': cp = '\n'; break;
        case 't': cp = '\t'; break;
        case 'r': cp = '\r'; break;
        case '\\': case '\'': case '"': cp = (unsigned char)d; break;
        case 'x':
            ok = q + 2 <= end && ank__hex_value(q[0]) >= 0 && ank__hex_value(q[1]) >= 0;
            if (ok) {
                cp = (unsigned long)(ank__hex_value(q[0]) * 16 + ank__hex_value(q[1]));
                q += 2;
            }
            break;
        case 'u':
            ok = q < end && *q == '{';
            for (q++; ok && q < end && *q != '}'; q++)
                ok = ank__hex_value(*q) >= 0 && cp <= 0x10FFFF &&
                     (cp = cp * 16 + (unsigned long)ank__hex_value(*q), true);
            ok = ok && q < end && *q == '}' && cp <= 0x10FFFF;
            q++;
            break;
        default:
            ok = false;
        }
        if (!ok || cp == 0 || (d == 'x' && cp >= 0x80)) {
            /* \xNN above 0x7F is a raw byte; keep it as written. */
            out[o++] = *p++;
            continue;
        }
        o += ank__utf8_put(out + o, (uint32_t)cp);
        p = q;
    }
    out[o] = '\0';
    return out;
}

const char *ank__zig_get_name(ank_x *x, TSNode id)
{
    if (ts_node_is_null(id))
        return NULL;
    uint32_t s = ts_node_start_byte(id), e = ts_node_end_byte(id);
    if (e <= x->len && e >= s + 3 && x->src[s] == '@' && x->src[s + 1] == '"' &&
        x->src[e - 1] == '"')
        return quoted_name(x, s, e);
    return ank__x_text(x, id);
}

/* Is src[a, b) a `///` doc line (not `////`), after white space? */
static bool doc_line(const char *src, uint32_t a, uint32_t b)
{
    while (a < b && (src[a] == ' ' || src[a] == '\t'))
        a++;
    return b - a >= 3 && memcmp(src + a, "///", 3) == 0 &&
           (b - a == 3 || src[a + 3] != '/');
}

const char *ank__zig_doc(ank_x *x, TSNode n)
{
    const char *src = x->src;
    uint32_t start = ts_node_start_byte(n);
    if (start > x->len)
        return NULL;
    /* Only white space may precede the node on its line. */
    uint32_t line = start;
    while (line > 0 && src[line - 1] != '\n') {
        if (src[line - 1] != ' ' && src[line - 1] != '\t')
            return NULL;
        line--;
    }
    /* Climb the run of `///` lines directly above. */
    uint32_t top = line;
    while (top > 0) {
        uint32_t end = top - 1, a = end; /* src[end] is '\n' */
        while (a > 0 && src[a - 1] != '\n')
            a--;
        uint32_t b = end > a && src[end - 1] == '\r' ? end - 1 : end;
        if (!doc_line(src, a, b))
            break;
        top = a;
    }
    /* The first of those lines with text. */
    for (uint32_t a = top; a < line;) {
        const char *eol = memchr(src + a, '\n', line - a);
        uint32_t b = eol ? (uint32_t)(eol - src) : line;
        const char *d = ank__x_doc_first_line(x, src + a, b - a);
        if (d || x->status != ANK_OK)
            return d;
        a = b + 1;
    }
    return NULL;
}

bool ank__zig_has_token(TSNode n, const char *type)
{
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        if (strcmp(ts_node_type(ts_node_child(n, i)), type) == 0)
            return true;
    return false;
}

TSNode ank__zig_find_last(TSNode n)
{
    for (uint32_t i = ts_node_named_child_count(n); i > 0; i--) {
        TSNode k = ts_node_named_child(n, i - 1);
        if (!is_comment(k))
            return k;
    }
    TSNode null = {{0}, NULL, NULL};
    return null;
}

TSNode ank__zig_find_value(TSNode n)
{
    uint32_t count = ts_node_child_count(n);
    bool after_eq = false;
    for (uint32_t i = 0; i < count; i++) {
        TSNode k = ts_node_child(n, i);
        if (!ts_node_is_named(k))
            after_eq = after_eq || strcmp(ts_node_type(k), "=") == 0;
        else if (after_eq && !is_comment(k))
            return k;
    }
    TSNode null = {{0}, NULL, NULL};
    return null;
}

/*
 * The grammar binds prefix type operators tighter than `.member` and calls:
 * `?a.B` parses as `(?a).B`, `!std.ArrayList(u8)` as `(!std).ArrayList(u8)`.
 * Such a suffix chain is rebuilt onto the innermost operand of the prefix
 * chain: the context carries the chain's `top` node and that operand
 * (`leaf`); building `leaf` then yields the suffixed name instead.
 */
typedef struct tctx {
    const char *self_name; /* what @This() stands for, or NULL */
    TSNode top;            /* the suffix chain to put on `leaf` ... */
    TSNode leaf;           /* ... or a null node */
} tctx;

static ank_type *build(ank_x *x, const tctx *c, TSNode n, int depth);

/* The context for children that are not the operand (no suffix). */
static tctx plain(const tctx *c)
{
    tctx p = {c->self_name, {{0}, NULL, NULL}, {{0}, NULL, NULL}};
    return p;
}

/* An integer literal's value (0x/0o/0b prefixes, `_` separators), or -1. */
static int64_t parse_length(const ank_x *x, TSNode n)
{
    if (!ank__x_is(n, "integer"))
        return -1;
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    char buf[32];
    size_t o = 0;
    for (uint32_t i = s; i < e && i < x->len; i++) {
        if (x->src[i] == '_')
            continue;
        if (o + 1 >= sizeof buf)
            return -1;
        buf[o++] = x->src[i];
    }
    buf[o] = '\0';
    int base = 10;
    const char *p = buf;
    if (o > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'o' ||
                                   buf[1] == 'b')) {
        base = buf[1] == 'x' ? 16 : buf[1] == 'o' ? 8 : 2;
        p += 2;
    }
    char *end;
    long long v = strtoll(p, &end, base);
    if (*p == '\0' || *end != '\0' || v < 0)
        return -1;
    return (int64_t)v;
}

/* `a`, `a.b.c` with an identifier at the base, as a dotted name; NULL when
 * `n` is not such a name (or on failure: check x->status). */
static const char *dotted_name(ank_x *x, TSNode n)
{
    TSNode parts[ANK_TYPE_MAX_DEPTH];
    int count = 0;
    while (ank__x_is(n, "field_expression")) {
        if (count == ANK_TYPE_MAX_DEPTH - 1)
            return NULL;
        parts[count++] = ank__x_field(n, "member");
        n = ank__x_field(n, "object");
    }
    if (!ank__x_is(n, "identifier"))
        return NULL;
    const char *name = ank__zig_get_name(x, n);
    while (name && count > 0)
        name = ank__x_join(x, name, ".", ank__zig_get_name(x, parts[--count]));
    return name;
}

bool ank__zig_is_prefix_type(TSNode n)
{
    return ank__x_is(n, "nullable_type") || ank__x_is(n, "pointer_type") ||
           ank__x_is(n, "slice_type") || ank__x_is(n, "array_type") ||
           ank__x_is(n, "error_union_type");
}

/* The operand a prefix type applies to (the payload of an error union). */
static TSNode operand(TSNode n)
{
    return ank__x_is(n, "error_union_type") ? ank__x_field(n, "ok")
                                            : ank__zig_find_last(n);
}

TSNode ank__zig_find_base(TSNode n)
{
    for (int i = 0; i < ANK_TYPE_MAX_DEPTH; i++) {
        if (ank__x_is(n, "field_expression"))
            n = ank__x_field(n, "object");
        else if (ank__x_is(n, "call_expression"))
            n = ank__x_field(n, "function");
        else
            break;
    }
    return n;
}

/* The text after the last '.' of a dotted name. */
static const char *last_part(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

/* `[]const u8`, the key of the StringHashMap family. */
static ank_type *string_slice(ank_x *x)
{
    ank_type *t = ank__x_type_wrap(x, ANK_TYPE_ARRAY,
                                   ank__x_type_named(x, "u8"));
    if (t) {
        if (!t->a)
            return NULL;
        t->flags = ANK_TYPE_CONST;
    }
    return t;
}

/* `F(args)` where F is `name`: a map for the std hash maps, otherwise
 * named F with the arguments as args. */
static ank_type *call_type(ank_x *x, const tctx *c, TSNode n, const char *name,
                           int depth)
{
    static const char *const key_value_maps[] = {
        "AutoHashMap",        "AutoHashMapUnmanaged", "HashMap",
        "HashMapUnmanaged",   "AutoArrayHashMap",
        "AutoArrayHashMapUnmanaged", "ArrayHashMap",
        "ArrayHashMapUnmanaged", NULL};
    static const char *const string_maps[] = {
        "StringHashMap", "StringHashMapUnmanaged", "StringArrayHashMap",
        "StringArrayHashMapUnmanaged", NULL};
    TSNode fn = ank__x_field(n, "function");
    tctx p = plain(c);
    ank_type *t = ank__x_type_named(x, name);
    if (!t)
        return NULL;
    TSTreeCursor cur = ts_tree_cursor_new(n);
    bool ok = true;
    if (ts_tree_cursor_goto_first_child(&cur)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&cur);
            if (!ts_node_is_named(k) || is_comment(k) || ts_node_eq(k, fn))
                continue;
            ok = ank__x_type_push(x, t, build(x, &p, k, depth + 1));
        } while (ok && ts_tree_cursor_goto_next_sibling(&cur));
    }
    ts_tree_cursor_delete(&cur);
    if (!ok)
        return NULL;
    const char *last = last_part(name);
    ank_type *key = NULL, *value = NULL;
    if (in_list(last, key_value_maps) && t->nitems >= 2) {
        key = t->items[0];
        value = t->items[1];
    } else if (in_list(last, string_maps) && t->nitems >= 1) {
        key = string_slice(x);
        value = t->items[0];
        if (!key)
            return NULL;
    } else {
        return t;
    }
    ank_type *m = ank__x_type(x, ANK_TYPE_MAP);
    if (m) {
        m->a = key;
        m->b = value;
        m->name = name;
    }
    return m;
}

/* The suffix chain c->top rebuilt on `leaf` (see tctx). */
static ank_type *suffixed(ank_x *x, const tctx *c, TSNode leaf, int depth)
{
    TSNode top = c->top, fn = top;
    if (ank__x_is(top, "call_expression"))
        fn = ank__x_field(top, "function");
    const char *members = NULL;
    while (ank__x_is(fn, "field_expression")) {
        const char *m = ank__zig_get_name(x, ank__x_field(fn, "member"));
        members = members ? ank__x_join(x, m, ".", members) : m;
        if (!members)
            return NULL;
        fn = ank__x_field(fn, "object");
    }
    const char *name = ank__zig_is_prefix_type(fn) ? dotted_name(x, leaf)
                                                   : NULL;
    if (!name) /* a call inside the chain, or a leaf that is not a name */
        return x->status == ANK_OK ? ank__x_type_unknown(x, top) : NULL;
    name = ank__x_join(x, name, ".", members);
    if (!name)
        return NULL;
    if (ank__x_is(top, "call_expression"))
        return call_type(x, c, top, name, depth);
    return ank__x_type_named(x, name);
}

/* `*T`, `*const T`, `[*]T`, `[*c]T`, `[*:0]const T`. */
static ank_type *pointer_type(ank_x *x, const tctx *c, TSNode n, int depth)
{
    bool is_const = false, is_c = false;
    TSNode pointee = {{0}, NULL, NULL};
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode k = ts_node_child(n, i);
        const char *t = ts_node_type(k);
        if (!ts_node_is_named(k)) {
            if (strcmp(t, "const") == 0)
                is_const = true;
            else if (strcmp(t, "c") == 0)
                is_c = true;
        } else if (!is_comment(k)) {
            pointee = k;
        }
    }
    if (ts_node_is_null(pointee))
        return ank__x_type_unknown(x, n);
    ank_type *t = ank__x_type_wrap(x, ANK_TYPE_POINTER,
                                   build(x, c, pointee, depth + 1));
    if (!t || !t->a)
        return NULL;
    t->flags = (uint8_t)((is_const ? ANK_TYPE_CONST : ANK_TYPE_MUTABLE) |
                         (is_c ? ANK_TYPE_NULLABLE : 0));
    return t;
}

/* `[]T`, `[]const T`, `[:0]const T` (slices) and `[N]T`, `[N:0]T`. */
static ank_type *array_type(ank_x *x, const tctx *c, TSNode n, int depth,
                            bool slice)
{
    TSNode elem = ank__zig_find_last(n);
    if (ts_node_is_null(elem))
        return ank__x_type_unknown(x, n);
    ank_type *t = ank__x_type_wrap(x, ANK_TYPE_ARRAY,
                                   build(x, c, elem, depth + 1));
    if (!t || !t->a)
        return NULL;
    if (slice) {
        if (ank__zig_has_token(n, "const"))
            t->flags = ANK_TYPE_CONST;
    } else {
        TSNode len = ts_node_named_child(n, 0);
        while (!ts_node_is_null(len) && is_comment(len))
            len = ts_node_next_named_sibling(len);
        t->length = parse_length(x, len);
    }
    return t;
}

/* `fn (A, B) R` as a type. */
static ank_type *function_type(ank_x *x, const tctx *c, TSNode n, int depth)
{
    tctx p = plain(c);
    ank_type *t = ank__x_type(x, ANK_TYPE_FUNCTION);
    if (!t)
        return NULL;
    TSNode params = ank__x_child_of_type(n, "parameters");
    bool ok = true;
    if (!ts_node_is_null(params)) {
        TSTreeCursor cur = ts_tree_cursor_new(params);
        if (ts_tree_cursor_goto_first_child(&cur)) {
            do {
                TSNode k = ts_tree_cursor_current_node(&cur);
                if (!ank__x_is(k, "parameter"))
                    continue;
                TSNode pt = ank__x_field(k, "type");
                ok = ank__x_type_push(x, t,
                                      ts_node_is_null(pt)
                                          ? ank__x_type_unknown(x, k)
                                          : build(x, &p, pt, depth + 1));
            } while (ok && ts_tree_cursor_goto_next_sibling(&cur));
        }
        ts_tree_cursor_delete(&cur);
    }
    if (!ok)
        return NULL;
    TSNode ret = ank__x_field(n, "type");
    if (!ts_node_is_null(ret) && !(t->b = build(x, &p, ret, depth + 1)))
        return NULL;
    return t;
}

/* @This(), @Vector(N, T); other builtins are UNKNOWN. */
static ank_type *builtin_call(ank_x *x, const tctx *c, TSNode n, int depth)
{
    TSNode id = ank__x_child_of_type(n, "builtin_identifier");
    TSNode args = ank__x_child_of_type(n, "arguments");
    if (ank__x_text_eq(x, id, "@This"))
        return ank__x_type_named(x, c->self_name ? c->self_name : "@This()");
    if (ank__x_text_eq(x, id, "@Vector") && !ts_node_is_null(args) &&
        ts_node_named_child_count(args) == 2) {
        tctx p = plain(c);
        TSNode len = ts_node_named_child(args, 0);
        ank_type *t = ank__x_type_wrap(
            x, ANK_TYPE_ARRAY,
            build(x, &p, ts_node_named_child(args, 1), depth + 1));
        if (!t || !t->a)
            return NULL;
        t->length = parse_length(x, len);
        t->name = "@Vector";
        return t;
    }
    return ank__x_type_unknown(x, n);
}

/* An inline `struct { ... }` type: an OBJECT of its fields. */
static ank_type *object_type(ank_x *x, const tctx *c, TSNode n, int depth)
{
    ank_type *t = ank__x_type(x, ANK_TYPE_OBJECT);
    if (!t)
        return NULL;
    uint32_t positional = 0;
    bool ok = true;
    TSTreeCursor cur = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&cur)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&cur);
            if (!ank__x_is(k, "container_field") ||
                ts_node_end_byte(k) == ts_node_start_byte(k) ||
                ts_node_is_null(ank__x_field(k, "name")))
                continue;
            bool named = !ts_node_is_null(ank__x_field(k, "type"));
            ank_field *f = ANK_X_PUSH(x, t->fields, t->nfields);
            ok = f && ank__zig_fill_field(x, f, k, named ? 0 : positional,
                                          c->self_name, depth + 1);
            if (!named)
                positional++;
        } while (ok && ts_tree_cursor_goto_next_sibling(&cur));
    }
    ts_tree_cursor_delete(&cur);
    return ok ? t : NULL;
}

static ank_type *build(ank_x *x, const tctx *c, TSNode n, int depth)
{
    /* Parentheses and `comptime T` do not change the type. */
    while (depth < ANK_TYPE_MAX_DEPTH &&
           (ank__x_is(n, "parenthesized_expression") ||
            ank__x_is(n, "comptime_type_expression"))) {
        TSNode inner = ank__zig_find_last(n);
        if (ts_node_is_null(inner))
            break;
        n = inner;
        depth++;
    }
    if (depth >= ANK_TYPE_MAX_DEPTH)
        return ank__x_type_unknown(x, n);
    if (!ts_node_is_null(c->leaf) && ts_node_eq(n, c->leaf))
        return suffixed(x, c, n, depth);
    const char *t = ts_node_type(n);
    if (strcmp(t, "field_expression") == 0 ||
        strcmp(t, "call_expression") == 0) {
        TSNode base = ank__zig_find_base(n);
        if (ank__zig_is_prefix_type(base)) {
            TSNode leaf = base;
            for (int i = 0; i < ANK_TYPE_MAX_DEPTH && ank__zig_is_prefix_type(leaf);
                 i++)
                leaf = operand(leaf);
            tctx s = {c->self_name, n, leaf};
            return ts_node_is_null(leaf) ? ank__x_type_unknown(x, n)
                                         : build(x, &s, base, depth + 1);
        }
    }
    if (strcmp(t, "builtin_type") == 0)
        return ank__x_type_named(x, ank__x_text(x, n));
    if (strcmp(t, "identifier") == 0 || strcmp(t, "field_expression") == 0) {
        const char *name = dotted_name(x, n);
        if (name)
            return ank__x_type_named(x, name);
        return x->status == ANK_OK ? ank__x_type_named(x, ank__x_text(x, n))
                                   : NULL;
    }
    if (strcmp(t, "call_expression") == 0) {
        const char *name = dotted_name(x, ank__x_field(n, "function"));
        if (name)
            return call_type(x, c, n, name, depth);
        return x->status == ANK_OK ? ank__x_type_unknown(x, n) : NULL;
    }
    if (strcmp(t, "nullable_type") == 0) {
        TSNode inner = ank__zig_find_last(n);
        if (ts_node_is_null(inner))
            return ank__x_type_unknown(x, n);
        ank_type *o = ank__x_type_wrap(x, ANK_TYPE_OPTIONAL,
                                       build(x, c, inner, depth + 1));
        return o && o->a ? o : NULL;
    }
    if (strcmp(t, "pointer_type") == 0)
        return pointer_type(x, c, n, depth);
    if (strcmp(t, "slice_type") == 0)
        return array_type(x, c, n, depth, true);
    if (strcmp(t, "array_type") == 0)
        return array_type(x, c, n, depth, false);
    if (strcmp(t, "error_union_type") == 0) {
        TSNode err = ank__x_field(n, "error"), ok = ank__x_field(n, "ok");
        tctx p = plain(c);
        ank_type *e = ank__x_type(x, ANK_TYPE_ERROR_UNION);
        if (!e)
            return NULL;
        if (!ts_node_is_null(err) && !(e->a = build(x, &p, err, depth + 1)))
            return NULL;
        e->b = ts_node_is_null(ok) ? ank__x_type_unknown(x, n)
                                   : build(x, c, ok, depth + 1);
        return e->b ? e : NULL;
    }
    if (strcmp(t, "function_signature") == 0)
        return function_type(x, c, n, depth);
    if (strcmp(t, "builtin_function") == 0)
        return builtin_call(x, c, n, depth);
    if (strcmp(t, "struct_declaration") == 0)
        return object_type(x, c, n, depth);
    if (strcmp(t, "integer") == 0 || strcmp(t, "float") == 0)
        return ank__x_type_literal(x, ANK_LIT_NUMBER, ank__x_text(x, n));
    if (strcmp(t, "string") == 0)
        return ank__x_type_literal(x, ANK_LIT_STRING, ank__x_unquote(x, n));
    if (strcmp(t, "boolean") == 0)
        return ank__x_type_literal(x, ANK_LIT_BOOLEAN, ank__x_text(x, n));
    return ank__x_type_unknown(x, n);
}

ank_type *ank__zig_build_type(ank_x *x, TSNode n, const char *self_name,
                              int depth)
{
    tctx c = {self_name, {{0}, NULL, NULL}, {{0}, NULL, NULL}};
    return build(x, &c, n, depth);
}

bool ank__zig_fill_typeref(ank_x *x, ank_typeref *ref, TSNode n,
                           const char *self_name, int depth)
{
    if (ts_node_is_null(n))
        return true;
    /* Capped like a signature, so nested inline types cannot multiply a
     * large input. */
    ref->text = ank__x_text_until(x, n, (TSNode){{0}, NULL, NULL});
    ref->tree = ank__zig_build_type(x, n, self_name, depth);
    return ref->text && ref->tree;
}

bool ank__zig_fill_field(ank_x *x, ank_field *f, TSNode field, uint32_t index,
                         const char *self_name, int depth)
{
    TSNode name = ank__x_field(field, "name"), type = ank__x_field(field, "type");
    if (ts_node_is_null(type) && ts_node_has_error(field) &&
        ank__x_is(name, "identifier")) {
        /* `name: <error>`: keep the name, the type is lost. */
        f->name = ank__zig_get_name(x, name);
    } else if (ts_node_is_null(type)) {
        /* A tuple field: `struct { u8, u16 }`; the "name" is the type. */
        char buf[16];
        snprintf(buf, sizeof buf, "%u", (unsigned)index);
        f->name = ank__x_join(x, "", "", buf);
        type = name;
    } else {
        f->name = ank__zig_get_name(x, name);
        f->name_span = ank__x_span(x, name);
    }
    if (!f->name || !ank__zig_fill_typeref(x, &f->type, type, self_name, depth))
        return false;
    bool optional = f->type.tree && f->type.tree->kind == ANK_TYPE_OPTIONAL;
    TSNode value = ank__zig_find_value(field);
    if (!ts_node_is_null(value) && !(f->default_text = ank__x_text(x, value)))
        return false;
    f->optional = f->default_text != NULL || optional;
    f->doc = ank__zig_doc(x, field);
    if (ank__zig_has_token(field, "comptime") &&
        !ank__x_push_str(x, &f->attributes, &f->nattributes, "comptime"))
        return false;
    TSNode align = ank__x_child_of_type(field, "byte_alignment");
    if (!ts_node_is_null(align) &&
        !ank__x_push_str(x, &f->attributes, &f->nattributes,
                         ank__x_text(x, align)))
        return false;
    return x->status == ANK_OK;
}
