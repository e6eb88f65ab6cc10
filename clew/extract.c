/*
 * extract.c - helpers shared by the language extractors.  Everything here
 * allocates from the result's arena and reports failure through x->status.
 */
#include "extract.h"

#include <stdlib.h>

#include "../ffi/alloc.h"

void ank__x_fail(ank_x *x, ank_status status)
{
    if (x->status == ANK_OK)
        x->status = status;
}

static void *x_alloc(ank_x *x, size_t size)
{
    void *p = ank__arena_alloc(x->arena, size);
    if (!p)
        ank__x_fail(x, ANK_ERR_NOMEM);
    return p;
}

/*
 * Field ids by (language, name address): tree-sitter finds a field by name
 * with a linear scan of the language's field names, which is a measurable
 * share of extraction when done for every node.  A small direct-mapped
 * cache per thread keeps the ids; a collision only costs a lookup.
 */
#define FIELD_CACHE 512

typedef struct field_slot {
    const TSLanguage *lang;
    const char *name;
    TSFieldId id;
} field_slot;

static _Thread_local field_slot field_cache[FIELD_CACHE];

TSFieldId ank__x_field_id(TSNode n, const char *name)
{
    const TSLanguage *lang = ts_node_language(n);
    uintptr_t h = ((uintptr_t)name >> 3) ^ ((uintptr_t)lang >> 4);
    field_slot *slot = &field_cache[h % FIELD_CACHE];
    if (slot->lang == lang && slot->name == name)
        return slot->id;
    TSFieldId id =
        ts_language_field_id_for_name(lang, name, (uint32_t)strlen(name));
    slot->lang = lang;
    slot->name = name;
    slot->id = id;
    return id;
}

TSNode ank__x_child_of_type(TSNode n, const char *type)
{
    TSNode null = {{0}, NULL, NULL};
    if (ts_node_is_null(n))
        return null;
    /* A cursor steps to the next sibling in constant time; indexed access
     * would rescan the children from the first each time. */
    TSTreeCursor c = ts_tree_cursor_new(n);
    TSNode found = null;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode child = ts_tree_cursor_current_node(&c);
            if (ts_node_is_named(child) &&
                strcmp(ts_node_type(child), type) == 0) {
                found = child;
                break;
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return found;
}

const char *ank__x_slice(ank_x *x, uint32_t start, uint32_t end)
{
    if (end > x->len)
        end = x->len;
    if (start > end)
        start = end;
    const char *s = ank__arena_strndup(x->arena, x->src + start, end - start);
    if (!s)
        ank__x_fail(x, ANK_ERR_NOMEM);
    return s;
}

const char *ank__x_text(ank_x *x, TSNode n)
{
    if (ts_node_is_null(n))
        return NULL;
    return ank__x_slice(x, ts_node_start_byte(n), ts_node_end_byte(n));
}

bool ank__x_text_eq(ank_x *x, TSNode n, const char *text)
{
    if (ts_node_is_null(n))
        return false;
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    size_t len = strlen(text);
    return e >= s && e <= x->len && (size_t)(e - s) == len &&
           memcmp(x->src + s, text, len) == 0;
}

/* Cut `len` bytes of text at a UTF-8 boundary not after `max`. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Copy of s[0, len) cut at `max` bytes, with "…" when cut. */
static const char *capped(ank_x *x, const char *s, size_t len, size_t max)
{
    size_t n = utf8_cut(s, len, max);
    char *out = ank__arena_alloc(x->arena, n + 4);
    if (!out) {
        ank__x_fail(x, ANK_ERR_NOMEM);
        return NULL;
    }
    memcpy(out, s, n);
    if (n < len)
        memcpy(out + n, "\xE2\x80\xA6", 4); /* U+2026 and NUL */
    else
        out[n] = '\0';
    return out;
}

const char *ank__x_text_capped(ank_x *x, TSNode n, size_t max)
{
    if (ts_node_is_null(n))
        return NULL;
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > x->len)
        e = x->len;
    if (s > e)
        s = e;
    return capped(x, x->src + s, e - s, max);
}

const char *ank__x_text_until(ank_x *x, TSNode decl, TSNode body)
{
    uint32_t s = ts_node_start_byte(decl);
    uint32_t e = ts_node_is_null(body) ? ts_node_end_byte(decl)
                                       : ts_node_start_byte(body);
    if (e > x->len)
        e = x->len;
    if (e < s)
        e = s;
    while (e > s && (x->src[e - 1] == ' ' || x->src[e - 1] == '\t' ||
                     x->src[e - 1] == '\n' || x->src[e - 1] == '\r'))
        e--;
    return capped(x, x->src + s, e - s, ANK_SIGNATURE_MAX);
}

const char *ank__x_unquote(ank_x *x, TSNode literal)
{
    uint32_t s = ts_node_start_byte(literal), e = ts_node_end_byte(literal);
    if (e > x->len || s > e)
        return NULL;
    const char *p = x->src + s;
    size_t n = e - s;
    /* Strip a string prefix (Python r/b/f/u, Rust b/r#) and the quotes. */
    while (n > 0 && (*p == 'r' || *p == 'b' || *p == 'f' || *p == 'u' ||
                     *p == 'R' || *p == 'B' || *p == 'F' || *p == 'U' ||
                     *p == '#' || *p == '@')) {
        p++;
        n--;
    }
    while (n > 0 && p[n - 1] == '#')
        n--;
    size_t q = 0;
    if (n >= 6 && (memcmp(p, "\"\"\"", 3) == 0 || memcmp(p, "'''", 3) == 0))
        q = 3;
    else if (n >= 2 && (*p == '"' || *p == '\'' || *p == '`'))
        q = 1;
    if (q) {
        p += q;
        n -= 2 * q;
    }
    char *out = ank__arena_alloc(x->arena, n + 1);
    if (!out) {
        ank__x_fail(x, ANK_ERR_NOMEM);
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\\' && i + 1 < n) {
            char d = p[++i];
            switch (d) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case '0': c = '\0'; break;
            case '\\': case '\'': case '"': case '`': c = d; break;
            default:
                out[o++] = '\\';
                c = d;
            }
            if (c == '\0')
                continue; /* keep strings NUL-free */
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

const char *ank__x_join(ank_x *x, const char *a, const char *sep,
                        const char *b)
{
    if (!b)
        return NULL;
    if (!a)
        a = sep = "";
    size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
    char *out = x_alloc(x, la + ls + lb + 1);
    if (!out)
        return NULL;
    memcpy(out, a, la);
    memcpy(out + la, sep, ls);
    memcpy(out + la + ls, b, lb + 1);
    return out;
}

ank_span ank__x_span(const ank_x *x, TSNode n)
{
    if (ts_node_is_null(n)) {
        ank_span none = {0, 0, 0, 0, 0, 0};
        return none;
    }
    TSPoint a = ts_node_start_point(n), b = ts_node_end_point(n);
    ank_span s;
    s.start_line = a.row + 1;
    s.start_column = a.column + 1 + (a.row == 0 ? x->bom : 0);
    s.end_line = b.row + 1;
    s.end_column = b.column + 1 + (b.row == 0 ? x->bom : 0);
    s.start_byte = ts_node_start_byte(n) + x->bom;
    s.end_byte = ts_node_end_byte(n) + x->bom;
    return s;
}

ank_constraint *ank__x_add(ank_x *x, ank_kind kind, TSNode node,
                           const char *name)
{
    ank_constraint *c = ank__x_add_bare(x, kind, node, name);
    if (!c)
        return NULL;
    uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
    if (e > x->len)
        e = x->len;
    if (s > e)
        s = e;
    c->evidence = capped(x, x->src + s, e - s, ANK_EVIDENCE_MAX);
    return c;
}

ank_constraint *ank__x_add_bare(ank_x *x, ank_kind kind, TSNode node,
                                const char *name)
{
    if (x->status != ANK_OK)
        return NULL;
    ank_constraint *c = ank__result_push(x->result);
    if (!c) {
        ank__x_fail(x, ANK_ERR_NOMEM);
        return NULL;
    }
    c->kind = kind;
    c->language = x->lang;
    c->file = x->path;
    c->name = name;
    c->span = ank__x_span(x, node);
    c->severity = ANK_SEV_WARNING;
    c->confidence = ts_node_has_error(node) ? 0.5 : 1.0;
    return c;
}

const char *ank__x_doc_first_line(ank_x *x, const char *text, size_t len)
{
    const char *end = text + len;
    const char *p = text;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *a = p, *b = eol;
        /* Strip white space, then comment markers, then white space. */
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        static const char *const markers[] = {"/**", "/*!", "///", "//!", "//",
                                              "/*",  "\"\"\"", "'''", "#",
                                              "*",   NULL};
        for (const char *const *m = markers; *m; m++) {
            size_t l = strlen(*m);
            if ((size_t)(b - a) >= l && memcmp(a, *m, l) == 0) {
                a += l;
                break;
            }
        }
        while (b > a && (b[-1] == '\r' || b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (b - a >= 2 && b[-2] == '*' && b[-1] == '/')
            b -= 2;
        if (b - a >= 3 && (memcmp(b - 3, "\"\"\"", 3) == 0 ||
                           memcmp(b - 3, "'''", 3) == 0))
            b -= 3;
        while (a < b && (*a == ' ' || *a == '\t' || *a == '*'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '*'))
            b--;
        if (b > a)
            return capped(x, a, (size_t)(b - a), ANK_EVIDENCE_MAX);
        p = eol + 1;
    }
    return NULL;
}

/* The end byte of the nodes the walk is inside, for this many levels. */
#define WALK_ENDS 64

/* Where a node's children end: a child ending there is its last, except
 * that a tree with errors may have MISSING (zero-width) nodes after it. */
static uint32_t children_end(TSNode n)
{
    return ts_node_has_error(n) ? UINT32_MAX : ts_node_end_byte(n);
}

/*
 * Two cursor steps are saved, as each climbs through the hidden nodes
 * between a node and its visible parent: a child that ends where its
 * parent ends is the last one (the search for a next sibling would fail),
 * and the root is recognised by depth rather than by comparing nodes.
 */
void ank__x_walk(ank_x *x, TSNode root, ank_enter_fn enter, ank_leave_fn leave,
                 void *data)
{
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    if (!ts_tree_cursor_goto_first_child(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return;
    }
    /* ends[d - 1]: where the parent of a node at depth d ends (depth 1:
     * the children of root). */
    uint32_t ends[WALK_ENDS];
    uint32_t depth = 1;
    ends[0] = children_end(root);
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&cursor);
        if (ts_node_is_named(node) && x->status == ANK_OK &&
            enter(x, node, data) == ANK_WALK_DESCEND) {
            if (ts_tree_cursor_goto_first_child(&cursor)) {
                if (depth < WALK_ENDS)
                    ends[depth] = children_end(node);
                depth++;
                continue;
            }
            if (leave)
                leave(x, node, data);
        }
        if (x->status != ANK_OK)
            break;
        /* Move to the next sibling, climbing out of finished parents. */
        while ((depth <= WALK_ENDS &&
                ts_node_end_byte(node) >= ends[depth - 1]) ||
               !ts_tree_cursor_goto_next_sibling(&cursor)) {
            if (depth == 1 || !ts_tree_cursor_goto_parent(&cursor))
                goto done;
            depth--;
            node = ts_tree_cursor_current_node(&cursor);
            if (leave)
                leave(x, node, data);
        }
    }
done:
    ts_tree_cursor_delete(&cursor);
}

void *ank__x_grow(ank_x *x, void *array, uint32_t n, size_t elem)
{
    if (array && n >= 4 && (n & (n - 1)) != 0)
        return array;
    if (array && n > 0 && n < 4)
        return array;
    size_t cap = n == 0 ? 4 : (size_t)n * 2;
    void *p = ank__arena_grow(x->arena, array, (size_t)n * elem, cap * elem);
    if (!p)
        ank__x_fail(x, ANK_ERR_NOMEM);
    return p;
}

bool ank__x_push_str(ank_x *x, const char ***list, uint32_t *n, const char *s)
{
    if (!s)
        return false;
    const char **slot = ANK_X_PUSH(x, *list, *n);
    if (!slot)
        return false;
    *slot = s;
    return true;
}

ank_type *ank__x_type(ank_x *x, ank_type_kind kind)
{
    ank_type *t = x_alloc(x, sizeof *t);
    if (t) {
        t->kind = kind;
        t->length = -1;
    }
    return t;
}

ank_type *ank__x_type_named(ank_x *x, const char *name)
{
    ank_type *t = ank__x_type(x, ANK_TYPE_NAMED);
    if (t)
        t->name = name;
    return t;
}

ank_type *ank__x_type_unknown(ank_x *x, TSNode n)
{
    ank_type *t = ank__x_type(x, ANK_TYPE_UNKNOWN);
    if (t) {
        uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
        if (e > x->len)
            e = x->len;
        if (s > e)
            s = e;
        t->name = capped(x, x->src + s, e - s, ANK_SIGNATURE_MAX);
    }
    return t;
}

ank_type *ank__x_type_wrap(ank_x *x, ank_type_kind kind, ank_type *inner)
{
    ank_type *t = ank__x_type(x, kind);
    if (t)
        t->a = inner;
    return t;
}

bool ank__x_type_push(ank_x *x, ank_type *t, ank_type *item)
{
    if (!t || !item)
        return false;
    ank_type **slot = ANK_X_PUSH(x, t->items, t->nitems);
    if (!slot)
        return false;
    *slot = item;
    return true;
}

ank_type *ank__x_type_literal(ank_x *x, ank_literal_kind lit,
                              const char *value)
{
    ank_type *t = ank__x_type(x, ANK_TYPE_LITERAL);
    if (t) {
        t->literal = (uint8_t)lit;
        t->name = value;
    }
    return t;
}
