/*
 * schema_json.c - building the JSON of a schema: values set or appended
 * with out-of-memory recorded, source text made valid UTF-8 for jansson,
 * the JSON pointer of the value being built, and notes at that pointer.
 *
 * Invariants: a value handed to put or push is always consumed (stored,
 * or released on failure); every key handed to put is valid UTF-8 (a
 * constant, or text that went through ank__schema_clean), so jansson's
 * check of it is skipped; w->path holds the steps of the pointer of the
 * value being built (names borrowed, so nothing is copied per step; the
 * text is written only for a note), each enter undone by a leave to its
 * mark; a note is
 * {"path", "type", "reason"} in that order, and none is added after a
 * failure.
 */
#include <stdint.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/context.h"
#include "../ffi/text.h"
#include "schema_json.h"
#include "schema_memo.h"

void ank__schema_putn(ank_swalk *w, json_t *obj, const char *key, size_t n,
                      json_t *v)
{
    if (!obj || !v) {
        json_decref(v);
        nomem(w);
    } else if (json_object_setn_new_nocheck(obj, key, n, v)) {
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

/* Length of the valid UTF-8 sequence at s (NUL-terminated), or 0. */
static size_t utf8_len(const unsigned char *s)
{
    uint32_t cp;
    return ank__utf8_decode(s, 4, &cp);
}

/* The length of the valid UTF-8 prefix of s (up to *end, which is set to
 * the end of s when all of it is valid). */
static size_t valid_prefix(const char *s, size_t *end)
{
    *end = strlen(s);
    return ank__utf8_check(s, *end);
}

/* Source text may hold invalid UTF-8 (the writers replace it); jansson
 * refuses it, so it is replaced by U+FFFD here the same way. */
char *ank__schema_clean(const char *s)
{
    size_t len, ok = valid_prefix(s, &len);
    if (ok == len)
        return ank__strndup(s, len);
    ank_buf o = ANK_BUF_INIT;
    ank__buf_append(&o, s, ok);
    for (const unsigned char *p = (const unsigned char *)s + ok; *p;) {
        size_t n = utf8_len(p);
        ank__buf_append(&o, n ? (const char *)p : "\xEF\xBF\xBD", n ? n : 3);
        p += n ? n : 1;
    }
    return ank__buf_take(&o, NULL);
}

json_t *ank__schema_str(const char *s)
{
    if (!s)
        return NULL;
    size_t len, ok = valid_prefix(s, &len);
    if (ok == len)
        return json_stringn_nocheck(s, len);
    char *c = ank__schema_clean(s);
    json_t *v = c ? json_stringn_nocheck(c, strlen(c)) : NULL;
    ank__free(c);
    return v;
}

json_t *ank__schema_shared_text(ank_swalk *w, const char *s)
{
    size_t len, ok = valid_prefix(s, &len);
    if (ok == len)
        return ank__schema_shared_str(w, s, len);
    char *c = ank__schema_clean(s);
    json_t *v = c ? ank__schema_shared_str(w, c, strlen(c)) : NULL;
    ank__free(c);
    if (!v)
        nomem(w);
    return v;
}

const char *ank__schema_key(const char *s, char **owned)
{
    size_t len;
    *owned = NULL;
    if (valid_prefix(s, &len) == len)
        return s;
    return *owned = ank__schema_clean(s);
}

json_t *ank__schema_text(const char *s, size_t n)
{
    unsigned char any = 0;
    for (size_t i = 0; i < n; i++)
        any |= (unsigned char)s[i];
    return any < 0x80 ? json_stringn_nocheck(s, n) : json_stringn(s, n);
}

json_t *ank__schema_typed(ank_swalk *w, const char *type)
{
    json_t *o = json_object();
    ank__schema_put(w, o, "type", ank__schema_shared_lit(w, type));
    return o;
}

json_t *ank__schema_leaf(ank_swalk *w, const char *type)
{
    return ank__schema_shared_typed(w, type, NULL, NULL);
}

json_t *ank__schema_leaf_format(ank_swalk *w, const char *type,
                                const char *key, const char *value)
{
    return ank__schema_shared_typed(w, type, key, value);
}

/* ------------------------------------------------------- paths and notes */

static void path_push(ank_swalk *w, const char *name, size_t index, bool raw)
{
    if (w->npath == w->cappath) {
        size_t cap = w->cappath * 2;
        ank_sseg *p = cap ? ank__malloc(cap * sizeof *p) : NULL;
        if (!p) {
            w->path_failed = true;
            return;
        }
        memcpy(p, w->path, w->npath * sizeof *p);
        if (w->path != w->path_small)
            ank__free(w->path);
        w->path = p;
        w->cappath = cap;
    }
    w->path[w->npath++] = (ank_sseg){name, index, raw};
}

void ank__schema_path_init(ank_swalk *w, ank_sseg *small, size_t n,
                           const char *path)
{
    w->path = w->path_small = small;
    w->cappath = n;
    w->npath = w->path_base = 0;
    w->path_failed = false;
    if (path && *path)
        path_push(w, path, 0, true);
}

void ank__schema_path_release(ank_swalk *w)
{
    if (w->path != w->path_small)
        ank__free(w->path);
    w->path = NULL;
    w->npath = w->cappath = 0;
}

size_t ank__schema_enter_raw(ank_swalk *w, const char *text)
{
    size_t mark = w->npath;
    path_push(w, text, 0, true);
    return mark;
}

size_t ank__schema_enter(ank_swalk *w, const char *a, const char *b)
{
    size_t mark = w->npath;
    path_push(w, a, 0, false);
    if (b)
        path_push(w, b, 0, false);
    return mark;
}

size_t ank__schema_enter_index(ank_swalk *w, const char *a, size_t i)
{
    size_t mark = w->npath;
    path_push(w, a, 0, false);
    path_push(w, NULL, i, false);
    return mark;
}

void ank__schema_leave(ank_swalk *w, size_t mark)
{
    if (mark <= w->npath)
        w->npath = mark;
}

static void path_add(ank_buf *p, const char *seg)
{
    ank__buf_putc(p, '/');
    for (;;) {
        size_t run = strcspn(seg, "~/");
        ank__buf_append(p, seg, run);
        if (!seg[run])
            break;
        ank__buf_append(p, seg[run] == '~' ? "~0" : "~1", 2);
        seg += run + 1;
    }
}

/* The JSON pointer of the value being built, from path_base on. */
static void path_write(const ank_swalk *w, ank_buf *o)
{
    for (size_t i = w->path_base; i < w->npath; i++) {
        const ank_sseg *s = &w->path[i];
        if (s->raw) {
            ank__buf_puts(o, s->name);
        } else if (s->name) {
            path_add(o, s->name);
        } else {
            char num[24];
            size_t n = sizeof num - 1, v = s->index;
            num[n] = '\0';
            do
                num[--n] = (char)('0' + v % 10);
            while (v /= 10);
            path_add(o, num + n);
        }
    }
}

void ank__schema_note(ank_swalk *w, const char *type, const char *reason)
{
    if (w->b->status)
        return;
    ank_buf path = ANK_BUF_INIT;
    path_write(w, &path);
    if (w->path_failed || path.failed) {
        ank__buf_release(&path);
        nomem(w);
        return;
    }
    json_t *n = json_object();
    ank__schema_put(w, n, "path", ank__schema_str(path.data ? path.data : ""));
    ank__buf_release(&path);
    ank__schema_put(w, n, "type",
                    ank__schema_str(type      ? type
                                    : w->text ? w->text
                                              : ""));
    ank__schema_put(w, n, "reason", json_string_nocheck(reason));
    ank__schema_push(w, w->notes, n);
    if (!w->b->status)
        ank__schema_memo_note(w, n, !type);
}

json_t *ank__schema_any(ank_swalk *w, const char *type, const char *reason)
{
    ank__schema_note(w, type, reason);
    json_t *o = json_object();
    if (!o)
        nomem(w);
    return checked(w, o);
}
