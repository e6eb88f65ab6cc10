/*
 * schema_ref.c - names and references: the shape a type name denotes from
 * a scope, the type arguments bound to a generic declaration's
 * parameters, and references to shapes with their $defs entries.
 *
 * A reference to a shape becomes {"$ref": "#/$defs/<key>"}, and the def is
 * built the first time it is referenced.  While it is built its slot holds
 * a placeholder string (its title), so a cycle stops there; when done, the
 * slot is removed and added again at the end, so a def comes after the
 * defs it uses.  A def is known by its title: the shape name, with the
 * rendered type arguments of a generic instantiation.  Its key is the
 * title sanitized, with a counter when two titles sanitize alike.  The
 * build of a def of a shape without type arguments is recorded, and later
 * documents of the compile replay it (schema_memo.c).
 *
 * Invariants: one def per title in a document; a reference to the root
 * shape (with its own parameters) is "#"; defs nested deeper than
 * ANK_SCHEMA_MAX_DEFS_DEPTH become {} and a note; NULL only after a
 * failure.
 */
#include <ctype.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "schema_json.h"
#include "schema_memo.h"
#include "schema_ref.h"

/* -------------------------------------------------------- name resolution */

/* TypeScript and TSX shapes index as one language (ank__braid_shape reads
 * TSX as TypeScript), so one lookup covers both. */
static const ank_constraint *find(ank_swalk *w, const char *name)
{
    return ank__braid_shape(w->b, w->lang, name);
}

/* The shape `name` denotes from w->scope: scope "a.b.S" tries a.b.S.name,
 * a.b.name, a.name, name.  Rust paths are read with `.` and without
 * crate::/self::/super::.  With `last`, only the last segment of a
 * qualified name is tried (a module-qualified reference).  Candidates are
 * built on the stack unless they are long. */
const ank_constraint *ank__schema_lookup(ank_swalk *w, const char *name,
                                         bool last)
{
    char small[256], *norm = NULL;
    const char *n = name;
    size_t nlen = strlen(name);
    if (memchr(name, ':', nlen) && strstr(name, "::")) {
        norm = nlen < sizeof small ? small : ank__malloc(nlen + 1);
        if (!norm) {
            nomem(w);
            return NULL;
        }
        size_t k = 0;
        for (const char *p = name; *p; p++) {
            bool sep = p[0] == ':' && p[1] == ':';
            norm[k++] = sep ? '.' : *p;
            p += sep;
        }
        norm[k] = '\0';
        n = norm;
    }
    while ((n[0] == 'c' || n[0] == 's') &&
           (!strncmp(n, "crate.", 6) || !strncmp(n, "super.", 6) ||
            !strncmp(n, "self.", 5)))
        n += n[4] == '.' ? 5 : 6;
    if (last)
        n = strrchr(n, '.') ? strrchr(n, '.') + 1 : NULL;
    const ank_constraint *found = NULL;
    /* every candidate ends with n: its last segment is n's */
    if (n) {
        const char *dot = strrchr(n, '.'), *seg = dot ? dot + 1 : n;
        if (!ank__schema_memo_may_name(w, seg, strlen(seg)))
            n = NULL;
    }
    const char *scope = w->scope ? w->scope : "";
    size_t slen = strlen(scope), len = !n ? 0 : n == name ? nlen : strlen(n);
    char cbuf[256], *cand = slen + len + 2 <= sizeof cbuf
                                ? cbuf
                                : ank__malloc(slen + len + 2);
    if (!cand)
        nomem(w);
    else
        memcpy(cand, scope, slen);
    /* the scope cut at its end, at each '.' from the right, then empty */
    for (size_t k = slen; cand && n && !found;) {
        size_t at = k;
        if (k)
            cand[at++] = '.';
        memcpy(cand + at, n, len + 1);
        found = find(w, cand);
        if (last && found == w->self)
            found = NULL; /* `const Allocator = std.mem.Allocator` */
        if (!k)
            break;
        while (k && scope[--k] != '.')
            ;
    }
    if (cand != cbuf)
        ank__free(cand);
    if (norm != small)
        ank__free(norm);
    return found;
}

const ank_constraint *ank__schema_resolve(ank_swalk *w, const char *name)
{
    const ank_constraint *s = ank__schema_lookup(w, name, false);
    return s || w->b->status ? s : ank__schema_lookup(w, name, true);
}

/* Is `name` a generic parameter of frame f (or of the frames lexically
 * around it)?  Then *arg is its argument (NULL when none), read in *argf. */
bool ank__schema_bound(const ank_sframe *f, const char *name,
                       const ank_type **arg, const ank_sframe **argf)
{
    for (; f; f = f->up) {
        for (uint32_t i = 0, k = 0; i < f->ngen; i++) {
            const char *g = f->gen[i].name;
            if (!g || g[0] == '\'')
                continue;
            if (is(g, name)) {
                *arg = k < f->nargs ? f->args[k] : NULL;
                *argf = f->outer;
                return true;
            }
            k++;
        }
    }
    return false;
}

/* The frame of shape s's parameters bound to `args` (read in `outer`). */
ank_sframe ank__schema_frame_of(const ank_constraint *s, ank_type *const *args,
                                uint32_t nargs, const ank_sframe *outer)
{
    return (ank_sframe){
        s->u.shape.generics, s->u.shape.ngenerics, args, nargs, outer, NULL};
}

uint32_t ank__schema_type_params(const ank_constraint *s)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->u.shape.ngenerics; i++)
        n += s->u.shape.generics[i].name &&
             s->u.shape.generics[i].name[0] != '\'';
    return n;
}

/* A type as text with generic parameters replaced by their arguments: the
 * identity of an instantiation. */
static void render(ank_buf *o, const ank_type *t, const ank_sframe *f,
                   unsigned depth)
{
    const ank_type *arg;
    const ank_sframe *af;
    if (!t || depth > 4 * ANK_TYPE_MAX_DEPTH) {
        ank__buf_putc(o, '?');
        return;
    }
    if (t->kind == ANK_TYPE_NAMED && !t->nitems &&
        ank__schema_bound(f, t->name, &arg, &af) && arg) {
        render(o, arg, af, depth + 1);
        return;
    }
    static const char *const kinds[] = {
        "",    "Optional", "Pointer", "Array",  "Map",   "Tuple", "Union",
        "All", "Fn",       "",        "Object", "Error", ""};
    ank__buf_puts(o, t->name && t->kind != ANK_TYPE_ARRAY &&
                             t->kind != ANK_TYPE_MAP
                         ? t->name
                         : kinds[t->kind]);
    if (t->kind == ANK_TYPE_ARRAY && t->length >= 0)
        ank__buf_printf(o, "%lld", (long long)t->length);
    const ank_type *sub[2] = {t->a, t->b};
    unsigned n = 0;
    for (unsigned i = 0; i < 2; i++)
        n += sub[i] != NULL;
    if (!t->nitems && !t->nfields && !n)
        return;
    ank__buf_putc(o, '<');
    for (unsigned i = 0, c = 0; i < 2; i++)
        if (sub[i]) {
            ank__buf_puts(o, c++ ? "," : "");
            render(o, sub[i], f, depth + 1);
        }
    for (uint32_t i = 0; i < t->nitems; i++) {
        ank__buf_puts(o, i || n ? "," : "");
        render(o, t->items[i], f, depth + 1);
    }
    for (uint32_t i = 0; i < t->nfields; i++) {
        ank__buf_printf(o, "%s%s:", i || n ? "," : "", t->fields[i].name);
        render(o, t->fields[i].type.tree, f, depth + 1);
    }
    ank__buf_putc(o, '>');
}

/* ----------------------------------------------------------- references */

size_t ank__schema_def_key(const char *title, char *key)
{
    size_t klen = 0;
    for (const char *p = title; *p; p++) {
        if (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '-')
            key[klen++] = *p;
        else if (klen && key[klen - 1] != '_')
            key[klen++] = '_';
    }
    while (klen > 1 && key[klen - 1] == '_')
        klen--;
    if (!klen) {
        memcpy(key, "Type", 4);
        klen = 4;
    }
    key[klen] = '\0';
    return klen;
}

/* {"$ref": "#"}, or {"$ref": "#/$defs/<key>"} (keys are ASCII): shared
 * by every reference of the compile to the same pointer. */
static json_t *ref_to(ank_swalk *w, const char *key, size_t len)
{
    static const char defs[] = "#/$defs/";
    if (!key)
        return ank__schema_shared_ref(w, "#", 1);
    char small[128], *r = len < sizeof small - sizeof defs
                              ? small
                              : ank__malloc(len + sizeof defs);
    json_t *o = NULL;
    if (r) {
        memcpy(r, defs, sizeof defs - 1);
        memcpy(r + sizeof defs - 1, key, len);
        o = ank__schema_shared_ref(w, r, sizeof defs - 1 + len);
    } else {
        nomem(w);
    }
    if (r != small)
        ank__free(r);
    return checked(w, o);
}

/* Build the def of `s` instantiated with `args` (read in f) at `key`, or
 * replay the build of an earlier document (schema_memo.c): a shape
 * without arguments does not depend on f. */
static void build_def(ank_swalk *w, const ank_constraint *s, const char *key,
                      const char *title, ank_type *const *args, uint32_t nargs,
                      const ank_sframe *f)
{
    if (!nargs && ank__schema_memo_replay(w, s, key))
        return;
    bool recorded = ank__schema_memo_begin(w, s, key, !nargs);
    json_t *t = ank__schema_shared_text(w, title), *def = json_object();
    ank__schema_put(w, w->defs, key, json_incref(t));
    size_t ndefs = json_object_size(w->defs);
    ank__schema_put(w, def, "title", t);
    if (s->u.shape.doc)
        ank__schema_put(w, def, "description", ank__schema_str(s->u.shape.doc));
    ank_sframe nf = ank__schema_frame_of(s, args, nargs, f);
    ank_swalk saved = *w;
    size_t mark = ank__schema_enter_raw(w, w->defs_path);
    w->path_base = mark;
    ank__schema_enter(w, key, NULL);
    w->scope = s->name;
    w->self = s;
    w->self_frame = &nf;
    w->depth++;
    w->nmerging = 0; /* a def does not depend on where it is met */
    ank__schema_shape_body(w, s, &nf, def);
    ank_sseg *path = w->path; /* may have moved */
    size_t cap = w->cappath;
    bool failed = w->path_failed;
    *w = saved;
    w->path = path;
    w->cappath = cap;
    w->path_failed = failed;
    ank__schema_leave(w, mark);
    /* the def goes last: where its placeholder is unless the build added
     * defs (it only ever adds), else removed and added again */
    if (json_object_size(w->defs) != ndefs)
        json_object_del(w->defs, key);
    ank__schema_put(w, w->defs, key, json_incref(def));
    ank__schema_memo_end(w, recorded, key, def);
    json_decref(def);
}

/* Does a reference with `args` (read in f) name the root shape itself? */
static bool is_root(ank_swalk *w, const ank_constraint *s,
                    ank_type *const *args, uint32_t nargs, const ank_sframe *f)
{
    if (s != w->root || !nargs)
        return s == w->root;
    if (!f || f->gen != s->u.shape.generics || f->nargs)
        return false;
    for (uint32_t i = 0, k = 0; i < s->u.shape.ngenerics; i++) {
        const char *g = s->u.shape.generics[i].name;
        if (!g || g[0] == '\'')
            continue;
        if (k >= nargs || args[k]->kind != ANK_TYPE_NAMED || args[k]->nitems ||
            !is(args[k]->name, g))
            return false;
        k++;
    }
    return true;
}

json_t *ank__schema_ref_shape(ank_swalk *w, const ank_constraint *s,
                              ank_type *const *args, uint32_t nargs,
                              const ank_sframe *f)
{
    if (!ank__schema_type_params(s))
        nargs = 0;
    ank__schema_memo_ref(w, s);
    if (is_root(w, s, args, nargs, f))
        return ref_to(w, NULL, 0);
    /* the title: the name, and the rendered arguments of an instantiation */
    ank_buf tb = ANK_BUF_INIT;
    const char *title = s->name ? s->name : "";
    if (nargs) {
        ank__buf_puts(&tb, title);
        for (uint32_t i = 0; i < nargs; i++) {
            ank__buf_putc(&tb, i ? ',' : '<');
            render(&tb, args[i], f, 0);
        }
        ank__buf_putc(&tb, '>');
        title = tb.failed ? NULL : tb.data;
    }
    /* the key: the title sanitized ("Type" when nothing is left), room
     * for a "_<n>" suffix */
    size_t tlen = title ? strlen(title) : 0, klen = 0;
    char small[128], *key = !title                     ? NULL
                            : tlen + 16 <= sizeof small ? small
                                                        : ank__malloc(tlen + 16);
    json_t *out = NULL;
    if (!key) {
        nomem(w);
        goto out;
    }
    klen = ank__schema_def_key(title, key);
    size_t base = klen;
    for (unsigned n = 2;; n++) {
        json_t *d = json_object_get(w->defs, key);
        const char *t = json_is_string(d)
                            ? json_string_value(d)
                            : json_string_value(json_object_get(d, "title"));
        ank__schema_memo_probe(w, key, d != NULL);
        if (!d && w->depth >= ANK_SCHEMA_MAX_DEFS_DEPTH) {
            ank__schema_memo_cutoff(w);
            out = ank__schema_any(w, title, "referenced types nest too deep");
            break;
        }
        if (!d)
            build_def(w, s, key, title, args, nargs, f);
        if (!d || (t && is(t, title))) {
            out = ref_to(w, key, klen);
            break;
        }
        /* another title took the key: try key_2, key_3, ... */
        char d10[10];
        size_t nd = 0;
        for (unsigned v = n; v; v /= 10)
            d10[nd++] = (char)('0' + v % 10);
        klen = base;
        key[klen++] = '_';
        while (nd)
            key[klen++] = d10[--nd];
        key[klen] = '\0';
    }
out:
    if (key != small)
        ank__free(key);
    ank__buf_release(&tb);
    return checked(w, out);
}
