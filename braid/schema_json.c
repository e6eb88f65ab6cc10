/*
 * schema_json.c - building the JSON of a schema: values set or appended
 * with out-of-memory recorded, source text made valid UTF-8 for jansson,
 * the JSON pointer of the value being built, and notes at that pointer.
 *
 * Invariants: a value handed to put or push is always consumed (stored,
 * or released on failure); w->path is the pointer of the value being
 * built, each enter undone by a leave to its mark; a note is
 * {"path", "type", "reason"} in that order, and none is added after a
 * failure.
 */
#include <stdio.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "schema_json.h"

void ank__schema_put(ank_swalk *w, json_t *obj, const char *key, json_t *v)
{
    if (!obj || !v) {
        json_decref(v);
        nomem(w);
    } else if (json_object_set_new(obj, key, v)) {
        nomem(w);
    }
}

void ank__schema_push(ank_swalk *w, json_t *arr, json_t *v)
{
    if (!arr || !v) {
        json_decref(v);
        nomem(w);
    } else if (json_array_append_new(arr, v)) {
        nomem(w);
    }
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0], cp, min;
    size_t n;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, min = 0x10000;
    else
        return 0;
    cp = c & (0x3Fu >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    return cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : n;
}

/* Source text may hold invalid UTF-8 (the writers replace it); jansson
 * refuses it, so it is replaced by U+FFFD here the same way. */
char *ank__schema_clean(const char *s)
{
    ank_buf o = ANK_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_len(p);
        ank__buf_append(&o, n ? (const char *)p : "\xEF\xBF\xBD", n ? n : 3);
        p += n ? n : 1;
    }
    return ank__buf_take(&o, NULL);
}

json_t *ank__schema_str(const char *s)
{
    json_t *v = json_string(s);
    if (v || !s)
        return v;
    char *c = ank__schema_clean(s);
    v = c ? json_string(c) : NULL;
    ank__free(c);
    return v;
}

json_t *ank__schema_typed(ank_swalk *w, const char *type)
{
    json_t *o = json_object();
    ank__schema_put(w, o, "type", json_string(type));
    return o;
}

json_t *ank__schema_typed_format(ank_swalk *w, const char *type,
                                 const char *key, const char *value)
{
    json_t *o = ank__schema_typed(w, type);
    ank__schema_put(w, o, key, json_string(value));
    return o;
}

/* ------------------------------------------------------- paths and notes */

static void path_add(ank_buf *p, const char *seg)
{
    ank__buf_putc(p, '/');
    for (; *seg; seg++) {
        if (*seg == '~' || *seg == '/')
            ank__buf_puts(p, *seg == '~' ? "~0" : "~1");
        else
            ank__buf_putc(p, *seg);
    }
}

size_t ank__schema_enter(ank_swalk *w, const char *a, const char *b)
{
    size_t mark = w->path.len;
    path_add(&w->path, a);
    if (b)
        path_add(&w->path, b);
    return mark;
}

size_t ank__schema_enter_index(ank_swalk *w, const char *a, size_t i)
{
    char num[24];
    snprintf(num, sizeof num, "%zu", i);
    return ank__schema_enter(w, a, num);
}

void ank__schema_leave(ank_swalk *w, size_t mark)
{
    if (w->path.data && mark <= w->path.len) {
        w->path.len = mark;
        w->path.data[mark] = '\0';
    }
}

void ank__schema_note(ank_swalk *w, const char *type, const char *reason)
{
    if (w->b->status)
        return;
    if (w->path.failed) {
        nomem(w);
        return;
    }
    json_t *n = json_object();
    ank__schema_put(w, n, "path",
                    json_string(w->path.data ? w->path.data : ""));
    ank__schema_put(w, n, "type",
                    ank__schema_str(type      ? type
                                    : w->text ? w->text
                                              : ""));
    ank__schema_put(w, n, "reason", json_string(reason));
    ank__schema_push(w, w->notes, n);
}

json_t *ank__schema_any(ank_swalk *w, const char *type, const char *reason)
{
    ank__schema_note(w, type, reason);
    json_t *o = json_object();
    if (!o)
        nomem(w);
    return checked(w, o);
}
