/*
 * lang_go_types.c - Go types: the normalized type tree of a type node,
 * struct fields (with json struct tags), parameter lists, results, type
 * parameters, and the doc-comment tracker shared with lang_go.c.
 *
 * Invariants: type builders recurse only through ank__go_type with a depth
 * that grows by one per level and stop at ANK_TYPE_MAX_DEPTH; sibling lists
 * are iterated with tree cursors (linear); every allocation goes through the
 * extract helpers, and a NULL from one ends the work (x->status is set).
 */
#include "lang_go.h"

#include <stdint.h>

/* ----------------------------------------------------------- doc comments */

void ank__go_doc_reset(ank_go_doc *d) { memset(d, 0, sizeof *d); }

bool ank__go_doc_comment(ank_go_doc *d, TSNode c)
{
    uint32_t srow = ts_node_start_point(c).row;
    bool trailing = d->has_prev && srow == d->prev_row;
    bool extend = d->has && (trailing ? d->trailing
                                      : !d->trailing && d->end_row + 1 >= srow);
    if (!extend) {
        d->has = true;
        d->trailing = trailing;
        d->start = ts_node_start_byte(c);
    }
    d->end = ts_node_end_byte(c);
    d->end_row = ts_node_end_point(c).row;
    return trailing;
}

void ank__go_doc_code(ank_go_doc *d, TSNode n)
{
    d->has = false;
    d->has_prev = true;
    d->prev_row = ts_node_end_point(n).row;
}

/* Tool directives are not documentation (go/ast CommentGroup.Text):
 * //go:x, //line f:1, //export f, //extern f, //nolint, //tool:x. */
static bool is_directive(const char *p, size_t n)
{
    if (n < 3 || p[0] != '/' || p[1] != '/')
        return false;
    p += 2;
    n -= 2;
    static const char *const words[] = {"line ", "export ", "extern ",
                                        "nolint", NULL};
    for (const char *const *w = words; *w; w++) {
        size_t l = strlen(*w);
        if (n >= l && memcmp(p, *w, l) == 0)
            return true;
    }
    size_t i = 0;
    while (i < n && ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9')))
        i++;
    return i > 0 && i + 1 < n && p[i] == ':' &&
           ((p[i + 1] >= 'a' && p[i + 1] <= 'z') ||
            (p[i + 1] >= '0' && p[i + 1] <= '9'));
}

const char *ank__go_doc_text(ank_x *x, uint32_t start, uint32_t end)
{
    if (end > x->len)
        end = x->len;
    const char *p = x->src + start, *stop = x->src + (start < end ? end : start);
    while (p < stop) {
        const char *eol = memchr(p, '\n', (size_t)(stop - p));
        if (!eol)
            eol = stop;
        const char *a = p;
        while (a < eol && (*a == ' ' || *a == '\t'))
            a++;
        if (!is_directive(a, (size_t)(eol - a))) {
            const char *line = ank__x_doc_first_line(x, a, (size_t)(eol - a));
            if (line || x->status != ANK_OK)
                return line;
        }
        p = eol + 1;
    }
    return NULL;
}

const char *ank__go_doc_for(ank_x *x, const ank_go_doc *d, TSNode node)
{
    if (!d->has || d->trailing ||
        d->end_row + 1 < ts_node_start_point(node).row)
        return NULL;
    return ank__go_doc_text(x, d->start, d->end);
}

/* ------------------------------------------------------------- helpers */

TSNode ank__go_first_named(TSNode n)
{
    uint32_t count = ts_node_is_null(n) ? 0 : ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (!ank__x_is(c, "comment"))
            return c;
    }
    TSNode null = {{0}, NULL, NULL};
    return null;
}

static ank_type *unknown_empty(ank_x *x)
{
    ank_type *t = ank__x_type(x, ANK_TYPE_UNKNOWN);
    if (t)
        t->name = "";
    return t;
}

/* Value of a Go integer literal (decimal, 0x, 0o, 0b, legacy octal, with
 * `_` separators); -1 when it is not one or does not fit. */
static int64_t int_literal(const char *s, size_t n)
{
    unsigned base = 10;
    size_t i = 0;
    if (n >= 2 && s[0] == '0') {
        char b = s[1];
        if (b == 'x' || b == 'X')
            base = 16, i = 2;
        else if (b == 'o' || b == 'O')
            base = 8, i = 2;
        else if (b == 'b' || b == 'B')
            base = 2, i = 2;
        else
            base = 8, i = 1;
    }
    uint64_t v = 0;
    bool digits = false;
    for (; i < n; i++) {
        char c = s[i];
        unsigned d;
        if (c == '_')
            continue;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return -1;
        if (d >= base || v > ((uint64_t)INT64_MAX - d) / base)
            return -1;
        v = v * base + d;
        digits = true;
    }
    return digits ? (int64_t)v : -1;
}

/* "chan", "<-chan" or "chan<-", from the tokens of a channel_type. */
static const char *chan_kind(TSNode n)
{
    uint32_t count = ts_node_child_count(n);
    bool seen_chan = false;
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_child(n, i);
        if (ts_node_is_named(c))
            break;
        const char *t = ts_node_type(c);
        if (strcmp(t, "chan") == 0)
            seen_chan = true;
        else if (strcmp(t, "<-") == 0)
            return seen_chan ? "chan<-" : "<-chan";
    }
    return "chan";
}

/* A channel type.  The grammar reads `chan<- chan T` and `chan <-chan T`
 * as `chan (<-chan T)`, but the Go spec binds `<-` to the leftmost `chan`:
 * `chan<- (chan T)`.  So a plain `chan` whose element is an unparenthesized
 * `<-chan` takes that arrow (`stolen` tells the element it lost it). */
static ank_type *channel_type(ank_x *x, TSNode n, int depth, bool stolen)
{
    if (depth >= ANK_TYPE_MAX_DEPTH)
        return ank__x_type_unknown(x, n);
    const char *kind = chan_kind(n);
    if (stolen && strcmp(kind, "<-chan") == 0)
        kind = "chan";
    TSNode value = ank__x_field(n, "value");
    bool steal = strcmp(kind, "chan") == 0 &&
                 ank__x_is(value, "channel_type") &&
                 strcmp(chan_kind(value), "<-chan") == 0;
    ank_type *t = ank__x_type_named(x, steal ? "chan<-" : kind);
    ank_type *elem = steal ? channel_type(x, value, depth + 1, true)
                           : ank__go_type(x, value, depth + 1);
    return ank__x_type_push(x, t, elem) ? t : NULL;
}

static bool interface_is_empty(TSNode n)
{
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++)
        if (!ank__x_is(ts_node_named_child(n, i), "comment"))
            return false;
    return true;
}

/* A type_elem / type_constraint: one member as itself, several as a union. */
static ank_type *type_set(ank_x *x, TSNode n, int depth)
{
    ank_type *u = NULL, *first = NULL;
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (ank__x_is(c, "comment"))
            continue;
        ank_type *t = ank__go_type(x, c, depth + 1);
        if (!t)
            return NULL;
        if (!first) {
            first = t;
            continue;
        }
        if (!u) {
            u = ank__x_type(x, ANK_TYPE_UNION);
            if (!u || !ank__x_type_push(x, u, first))
                return NULL;
        }
        if (!ank__x_type_push(x, u, t))
            return NULL;
    }
    return u ? u : first ? first : unknown_empty(x);
}

static ank_type *generic_type(ank_x *x, TSNode n, int depth)
{
    TSNode base = ank__x_field(n, "type");
    ank_type *t = ank__x_type_named(x, ank__x_text(x, base));
    if (!t || !t->name)
        return NULL;
    TSNode args = ank__x_field(n, "type_arguments");
    uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(args, i);
        if (ank__x_is(c, "comment"))
            continue;
        if (!ank__x_type_push(x, t, type_set(x, c, depth)))
            return NULL;
    }
    return t;
}

/* The tree of a function's parameter types and result. */
static ank_type *function_type(ank_x *x, TSNode n, int depth)
{
    ank_type *t = ank__x_type(x, ANK_TYPE_FUNCTION);
    if (!t)
        return NULL;
    ank_param *params = NULL;
    uint32_t nparams = 0;
    if (!ank__go_params(x, ank__x_field(n, "parameters"), depth + 1, &params,
                        &nparams))
        return NULL;
    for (uint32_t i = 0; i < nparams; i++)
        if (!ank__x_type_push(x, t, params[i].type.tree))
            return NULL;
    ank_typeref ret;
    bool error_last;
    if (!ank__go_result(x, ank__x_field(n, "result"), depth + 1, &ret,
                        &error_last))
        return NULL;
    t->b = ret.tree;
    return t;
}

ank_type *ank__go_type(ank_x *x, TSNode n, int depth)
{
    if (ts_node_is_null(n))
        return unknown_empty(x);
    if (depth >= ANK_TYPE_MAX_DEPTH)
        return ank__x_type_unknown(x, n);
    const char *kind = ts_node_type(n);
    ank_type *t = NULL;
    if (strcmp(kind, "type_identifier") == 0) {
        return ank__x_type_named(x, ank__x_text(x, n));
    } else if (strcmp(kind, "qualified_type") == 0) {
        TSNode pkg = ank__x_field(n, "package"), name = ank__x_field(n, "name");
        const char *s = ts_node_is_null(pkg) || ts_node_is_null(name)
                            ? ank__x_text(x, n)
                            : ank__x_join(x, ank__x_text(x, pkg), ".",
                                          ank__x_text(x, name));
        return s ? ank__x_type_named(x, s) : NULL;
    } else if (strcmp(kind, "generic_type") == 0) {
        return generic_type(x, n, depth);
    } else if (strcmp(kind, "pointer_type") == 0) {
        t = ank__x_type_wrap(
            x, ANK_TYPE_POINTER,
            ank__go_type(x, ank__go_first_named(n), depth + 1));
        if (t)
            t->flags = ANK_TYPE_NULLABLE | ANK_TYPE_MUTABLE;
    } else if (strcmp(kind, "slice_type") == 0 ||
               strcmp(kind, "implicit_length_array_type") == 0) {
        t = ank__x_type_wrap(
            x, ANK_TYPE_ARRAY,
            ank__go_type(x, ank__x_field(n, "element"), depth + 1));
    } else if (strcmp(kind, "array_type") == 0) {
        t = ank__x_type_wrap(
            x, ANK_TYPE_ARRAY,
            ank__go_type(x, ank__x_field(n, "element"), depth + 1));
        TSNode len = ank__x_field(n, "length");
        if (t && ank__x_is(len, "int_literal")) {
            uint32_t s = ts_node_start_byte(len), e = ts_node_end_byte(len);
            if (e <= x->len && s <= e)
                t->length = int_literal(x->src + s, e - s);
        }
    } else if (strcmp(kind, "map_type") == 0) {
        t = ank__x_type_wrap(
            x, ANK_TYPE_MAP, ank__go_type(x, ank__x_field(n, "key"), depth + 1));
        if (t)
            t->b = ank__go_type(x, ank__x_field(n, "value"), depth + 1);
        if (t && !t->b)
            return NULL;
    } else if (strcmp(kind, "channel_type") == 0) {
        return channel_type(x, n, depth, false);
    } else if (strcmp(kind, "function_type") == 0) {
        return function_type(x, n, depth);
    } else if (strcmp(kind, "struct_type") == 0) {
        t = ank__x_type(x, ANK_TYPE_OBJECT);
        if (t && !ank__go_fields(x, ank__x_child_of_type(n, "field_declaration_list"),
                                 depth + 1, &t->fields, &t->nfields))
            return NULL;
        return t;
    } else if (strcmp(kind, "interface_type") == 0) {
        return interface_is_empty(n) ? ank__x_type_named(x, "any")
                                     : ank__x_type_unknown(x, n);
    } else if (strcmp(kind, "parenthesized_type") == 0) {
        return ank__go_type(x, ank__go_first_named(n), depth + 1);
    } else if (strcmp(kind, "type_elem") == 0 ||
               strcmp(kind, "type_constraint") == 0) {
        return type_set(x, n, depth);
    } else {
        return ank__x_type_unknown(x, n); /* negated_type ~T, ERROR, ... */
    }
    return t && t->a ? t : NULL;
}

bool ank__go_typeref(ank_x *x, TSNode n, int depth, ank_typeref *out)
{
    out->text = NULL;
    out->tree = NULL;
    if (ts_node_is_null(n))
        return true;
    out->text = ank__x_text_capped(x, n, ANK_SIGNATURE_MAX);
    out->tree = out->text ? ank__go_type(x, n, depth) : NULL;
    return out->tree != NULL;
}

/* ------------------------------------------------------------- fields */

/* The name of an embedded field: the type name without `*`, package
 * qualifier or type arguments. */
static const char *embedded_name(ank_x *x, TSNode type)
{
    for (int i = 0; i < 8 && !ts_node_is_null(type); i++) {
        if (ank__x_is(type, "generic_type"))
            type = ank__x_field(type, "type");
        else if (ank__x_is(type, "qualified_type"))
            type = ank__x_field(type, "name");
        else if (ank__x_is(type, "pointer_type") ||
                 ank__x_is(type, "parenthesized_type"))
            type = ank__go_first_named(type);
        else
            break;
    }
    return ank__x_text(x, type);
}

/* The value of `key` in a struct tag (reflect.StructTag.Lookup rules):
 * start and length inside `tag`, or false when absent. */
static bool tag_lookup(const char *tag, const char *key, const char **val,
                       size_t *vlen)
{
    size_t klen = strlen(key);
    const char *p = tag;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t i = 0;
        while (p[i] && (unsigned char)p[i] > ' ' && p[i] != ':' &&
               p[i] != '"' && p[i] != 0x7f)
            i++;
        if (i == 0 || p[i] != ':' || p[i + 1] != '"')
            return false;
        const char *name = p;
        p += i + 1;
        size_t j = 1;
        while (p[j] && p[j] != '"') {
            if (p[j] == '\\' && p[j + 1])
                j++;
            j++;
        }
        if (!p[j])
            return false;
        if (i == klen && memcmp(name, key, klen) == 0) {
            *val = p + 1;
            *vlen = j - 1;
            return true;
        }
        p += j + 1;
    }
    return false;
}

/* Apply the json key of the field's tag: rename, omitempty/omitzero, "-". */
static bool apply_json_tag(ank_x *x, ank_field *f)
{
    const char *v;
    size_t n;
    if (!f->tag || !tag_lookup(f->tag, "json", &v, &n))
        return true;
    /* Unescape the quoted value (\" and \\ are all a tag key needs). */
    char buf[256];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < sizeof buf; i++) {
        if (v[i] == '\\' && i + 1 < n)
            i++;
        buf[o++] = v[i];
    }
    buf[o] = '\0';
    if (strcmp(buf, "-") == 0) {
        f->skip = true;
        return true;
    }
    char *comma = strchr(buf, ',');
    size_t name_len = comma ? (size_t)(comma - buf) : o;
    for (char *opt = comma; opt;) {
        char *next = strchr(opt + 1, ',');
        size_t l = next ? (size_t)(next - opt - 1) : strlen(opt + 1);
        if ((l == 9 && memcmp(opt + 1, "omitempty", 9) == 0) ||
            (l == 8 && memcmp(opt + 1, "omitzero", 8) == 0))
            f->optional = true;
        opt = next;
    }
    if (name_len > 0) {
        char *name = (char *)ank__x_join(x, "", "", buf);
        if (!name)
            return false;
        name[name_len] = '\0';
        f->rename = name;
    }
    return true;
}

/* The tag text: raw strings without the backquotes, interpreted strings
 * unescaped. */
static const char *tag_text(ank_x *x, TSNode tag)
{
    if (ank__x_is(tag, "raw_string_literal")) {
        uint32_t s = ts_node_start_byte(tag), e = ts_node_end_byte(tag);
        if (e - s >= 2)
            return ank__x_slice(x, s + 1, e - 1);
        return ank__x_slice(x, s, s);
    }
    return ank__x_unquote(x, tag);
}

/* One field_declaration: several names share a type; no name = embedded. */
static bool field_decl(ank_x *x, TSNode decl, int depth, const char *doc,
                       ank_field **fields, uint32_t *n)
{
    TSNode type = ank__x_field(decl, "type");
    TSNode tag = ank__x_field(decl, "tag");
    ank_typeref ref;
    const char *tagtext = NULL;
    if (!ts_node_is_null(tag) && !(tagtext = tag_text(x, tag)))
        return false;
    uint32_t first = *n;
    TSTreeCursor cur = ts_tree_cursor_new(decl);
    bool ok = true, named = false;
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more && ok;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        const char *fname = ts_tree_cursor_current_field_name(&cur);
        if (!fname || strcmp(fname, "name") != 0)
            continue;
        named = true;
        ank_field *f = ANK_X_PUSH(x, *fields, *n);
        TSNode name = ts_tree_cursor_current_node(&cur);
        ok = f && (f->name = ank__x_text(x, name));
        if (ok)
            f->name_span = ank__x_span(x, name);
    }
    ts_tree_cursor_delete(&cur);
    if (!ok)
        return false;
    if (named) {
        if (!ank__go_typeref(x, type, depth, &ref))
            return false;
    } else {
        /* Embedded: `*T` keeps its star (an anonymous token before type). */
        ank_field *f = ANK_X_PUSH(x, *fields, *n);
        if (!f || !(f->name = embedded_name(x, type)))
            return false;
        f->embedded = true;
        ref.text = ank__x_slice(x, ts_node_start_byte(decl),
                                ts_node_end_byte(type));
        ref.tree = ank__go_type(x, type, depth);
        if (!ref.text || !ref.tree)
            return false;
        if (ts_node_start_byte(decl) < ts_node_start_byte(type) &&
            x->src[ts_node_start_byte(decl)] == '*') {
            ref.tree = ank__x_type_wrap(x, ANK_TYPE_POINTER, ref.tree);
            if (!ref.tree)
                return false;
            ref.tree->flags = ANK_TYPE_NULLABLE | ANK_TYPE_MUTABLE;
        }
    }
    for (uint32_t i = first; i < *n; i++) {
        ank_field *f = &(*fields)[i];
        f->type = ref;
        f->doc = doc;
        f->tag = tagtext;
        if (!apply_json_tag(x, f))
            return false;
    }
    return true;
}

bool ank__go_fields(ank_x *x, TSNode list, int depth, ank_field **fields,
                    uint32_t *n)
{
    if (ts_node_is_null(list))
        return true;
    ank_go_doc doc;
    ank__go_doc_reset(&doc);
    uint32_t last_first = 0, last_end = 0; /* fields of the last declaration */
    TSTreeCursor cur = ts_tree_cursor_new(list);
    bool ok = true;
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more && ok;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode c = ts_tree_cursor_current_node(&cur);
        if (!ts_node_is_named(c))
            continue;
        if (ank__x_is(c, "comment")) {
            /* A comment after a field on its line documents it, unless a
             * comment above already did. */
            if (ank__go_doc_comment(&doc, c) && last_end > last_first &&
                !(*fields)[last_first].doc) {
                const char *d = ank__go_doc_text(x, ts_node_start_byte(c),
                                                 ts_node_end_byte(c));
                for (uint32_t i = last_first; i < last_end; i++)
                    (*fields)[i].doc = d;
            }
            last_first = last_end = 0;
            continue;
        }
        const char *d = ank__go_doc_for(x, &doc, c);
        ank__go_doc_code(&doc, c);
        last_first = last_end = 0;
        if (x->status != ANK_OK) {
            ok = false;
        } else if (ank__x_is(c, "field_declaration")) {
            last_first = *n;
            ok = field_decl(x, c, depth, d, fields, n);
            last_end = *n;
        }
    }
    ts_tree_cursor_delete(&cur);
    return ok && x->status == ANK_OK;
}

/* --------------------------------------------------------- parameters */

/* One parameter_declaration or variadic_parameter_declaration. */
static bool param_decl(ank_x *x, TSNode decl, int depth, ank_param **params,
                       uint32_t *n)
{
    bool variadic = ank__x_is(decl, "variadic_parameter_declaration");
    TSNode type = ank__x_field(decl, "type");
    ank_typeref ref;
    if (ts_node_is_null(type))
        return true;
    if (variadic) {
        /* Text from the `...` token; the tree is an array of the element. */
        uint32_t start = ts_node_start_byte(type);
        uint32_t count = ts_node_child_count(decl);
        for (uint32_t i = 0; i < count; i++) {
            TSNode c = ts_node_child(decl, i);
            if (!ts_node_is_named(c) && strcmp(ts_node_type(c), "...") == 0) {
                start = ts_node_start_byte(c);
                break;
            }
        }
        ref.text = ank__x_slice(x, start, ts_node_end_byte(type));
        ref.tree = ank__x_type_wrap(x, ANK_TYPE_ARRAY,
                                    ank__go_type(x, type, depth + 1));
        if (!ref.text || !ref.tree || !ref.tree->a)
            return false;
    } else if (!ank__go_typeref(x, type, depth, &ref)) {
        return false;
    }
    uint32_t first = *n;
    TSTreeCursor cur = ts_tree_cursor_new(decl);
    bool ok = true;
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more && ok;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        const char *fname = ts_tree_cursor_current_field_name(&cur);
        if (!fname || strcmp(fname, "name") != 0)
            continue;
        ank_param *p = ANK_X_PUSH(x, *params, *n);
        TSNode name = ts_tree_cursor_current_node(&cur);
        ok = p && (p->name = ank__x_text(x, name));
        if (ok)
            p->name_span = ank__x_span(x, name);
    }
    ts_tree_cursor_delete(&cur);
    if (!ok)
        return false;
    if (*n == first) { /* unnamed */
        ank_param *p = ANK_X_PUSH(x, *params, *n);
        if (!p)
            return false;
    }
    for (uint32_t i = first; i < *n; i++) {
        (*params)[i].type = ref;
        if (variadic)
            (*params)[i].flags |= ANK_PARAM_VARIADIC;
    }
    return true;
}

bool ank__go_params(ank_x *x, TSNode list, int depth, ank_param **params,
                    uint32_t *n)
{
    if (ts_node_is_null(list))
        return true;
    TSTreeCursor cur = ts_tree_cursor_new(list);
    bool ok = true;
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more && ok;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode c = ts_tree_cursor_current_node(&cur);
        if (ank__x_is(c, "parameter_declaration") ||
            ank__x_is(c, "variadic_parameter_declaration"))
            ok = param_decl(x, c, depth, params, n);
    }
    ts_tree_cursor_delete(&cur);
    return ok && x->status == ANK_OK;
}

bool ank__go_result(ank_x *x, TSNode result, int depth, ank_typeref *out,
                    bool *error_last)
{
    out->text = NULL;
    out->tree = NULL;
    *error_last = false;
    if (ts_node_is_null(result))
        return true;
    if (!ank__x_is(result, "parameter_list")) {
        *error_last = ank__x_text_eq(x, result, "error");
        return ank__go_typeref(x, result, depth, out);
    }
    ank_param *params = NULL;
    uint32_t n = 0;
    if (!ank__go_params(x, result, depth + 1, &params, &n))
        return false;
    if (n == 0)
        return true;
    *error_last = params[n - 1].type.text &&
                  strcmp(params[n - 1].type.text, "error") == 0;
    if (n == 1) {
        *out = params[0].type;
        return true;
    }
    out->text = ank__x_text_capped(x, result, ANK_SIGNATURE_MAX);
    out->tree = ank__x_type(x, ANK_TYPE_TUPLE);
    if (!out->text || !out->tree)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!ank__x_type_push(x, out->tree, params[i].type.tree))
            return false;
    return true;
}

bool ank__go_generics(ank_x *x, TSNode list, ank_generic **generics,
                      uint32_t *n)
{
    if (ts_node_is_null(list))
        return true;
    uint32_t count = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < count; i++) {
        TSNode decl = ts_node_named_child(list, i);
        if (!ank__x_is(decl, "type_parameter_declaration"))
            continue;
        const char *bound = NULL;
        TSNode type = ank__x_field(decl, "type");
        if (!ts_node_is_null(type) && !(bound = ank__x_text(x, type)))
            return false;
        uint32_t kids = ts_node_child_count(decl);
        for (uint32_t k = 0; k < kids; k++) {
            const char *fname = ts_node_field_name_for_child(decl, k);
            if (!fname || strcmp(fname, "name") != 0)
                continue;
            ank_generic *g = ANK_X_PUSH(x, *generics, *n);
            if (!g || !(g->name = ank__x_text(x, ts_node_child(decl, k))))
                return false;
            g->bound = bound;
        }
    }
    return true;
}
