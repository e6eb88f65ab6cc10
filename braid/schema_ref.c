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
 * title sanitized, with a counter when two titles sanitize alike.
 *
 * Invariants: one def per title in a document; a reference to the root
 * shape (with its own parameters) is "#"; defs nested deeper than
 * MAX_DEFS_DEPTH become {} and a note; NULL only after a failure.
 */
#include <ctype.h>
#include <string.h>

#include "schema_json.h"
#include "schema_ref.h"

#define MAX_DEFS_DEPTH 64 /* shape bodies built inside one another */

/* -------------------------------------------------------- name resolution */

static const ank_constraint *find(ank_swalk *w, const char *name)
{
    const ank_constraint *c = ank__braid_shape(w->b, w->lang, name);
    if (!c && w->lang == ANK_LANG_TYPESCRIPT)
        c = ank__braid_shape(w->b, ANK_LANG_TSX, name);
    else if (!c && w->lang == ANK_LANG_TSX)
        c = ank__braid_shape(w->b, ANK_LANG_TYPESCRIPT, name);
    return c;
}

/* The shape `name` denotes from w->scope: scope "a.b.S" tries a.b.S.name,
 * a.b.name, a.name, name.  Rust paths are read with `.` and without
 * crate::/self::/super::.  With `last`, only the last segment of a
 * qualified name is tried (a module-qualified reference). */
const ank_constraint *ank__schema_lookup(ank_swalk *w, const char *name,
                                         bool last)
{
    ank_buf norm = ANK_BUF_INIT, cand = ANK_BUF_INIT;
    const ank_constraint *found = NULL;
    for (const char *p = name; *p; p++) {
        bool sep = p[0] == ':' && p[1] == ':';
        ank__buf_putc(&norm, sep ? '.' : *p);
        p += sep;
    }
    const char *n = norm.data ? norm.data : "";
    while (!strncmp(n, "crate.", 6) || !strncmp(n, "super.", 6) ||
           !strncmp(n, "self.", 5))
        n += n[4] == '.' ? 5 : 6;
    if (last)
        n = strrchr(n, '.') ? strrchr(n, '.') + 1 : NULL;
    const char *scope = w->scope ? w->scope : "";
    size_t slen = strlen(scope);
    for (size_t k = slen + 1; n && k-- > 0 && !found;) {
        if (k && k != slen && scope[k] != '.')
            continue;
        cand.len = 0;
        ank__buf_append(&cand, scope, k);
        if (k)
            ank__buf_putc(&cand, '.');
        ank__buf_puts(&cand, n);
        if (cand.failed || norm.failed)
            break;
        found = find(w, cand.data);
        if (last && found == w->self)
            found = NULL; /* `const Allocator = std.mem.Allocator` */
    }
    if (norm.failed || cand.failed)
        nomem(w);
    ank__buf_release(&norm);
    ank__buf_release(&cand);
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

static json_t *ref_to(ank_swalk *w, const char *key)
{
    json_t *o = json_object();
    ank_buf r = ANK_BUF_INIT;
    ank__buf_printf(&r, "#%s%s", key ? "/$defs/" : "", key ? key : "");
    ank__schema_put(w, o, "$ref", r.failed ? NULL : json_string(r.data));
    ank__buf_release(&r);
    return checked(w, o);
}

/* Build the def of `s` instantiated with `args` (read in f) at `key`. */
static void build_def(ank_swalk *w, const ank_constraint *s, const char *key,
                      const char *title, ank_type *const *args, uint32_t nargs,
                      const ank_sframe *f)
{
    ank__schema_put(w, w->defs, key, ank__schema_str(title));
    ank_sframe nf = ank__schema_frame_of(s, args, nargs, f);
    ank_swalk saved = *w;
    w->path = (ank_buf)ANK_BUF_INIT;
    ank__buf_puts(&w->path, w->defs_path);
    ank__schema_enter(w, key, NULL);
    w->scope = s->name;
    w->self = s;
    w->self_frame = &nf;
    w->depth++;
    json_t *body = ank__schema_shape_body(w, s, &nf);
    if (w->path.failed)
        nomem(w);
    ank__buf_release(&w->path);
    *w = saved;
    json_t *def = json_object();
    ank__schema_put(w, def, "title", ank__schema_str(title));
    if (s->u.shape.doc)
        ank__schema_put(w, def, "description", ank__schema_str(s->u.shape.doc));
    if (!body || !def || json_object_update(def, body))
        nomem(w);
    json_decref(body);
    json_object_del(w->defs, key);
    ank__schema_put(w, w->defs, key, def);
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
    if (is_root(w, s, args, nargs, f))
        return ref_to(w, NULL);
    ank_buf title = ANK_BUF_INIT, key = ANK_BUF_INIT;
    json_t *out = NULL;
    ank__buf_puts(&title, s->name);
    for (uint32_t i = 0; i < nargs; i++) {
        ank__buf_putc(&title, i ? ',' : '<');
        render(&title, args[i], f, 0);
    }
    ank__buf_puts(&title, nargs ? ">" : "");
    for (const char *p = title.data; p && *p; p++) {
        if (isalnum((unsigned char)*p) || strchr("_.-", *p))
            ank__buf_putc(&key, *p);
        else if (key.len && key.data[key.len - 1] != '_')
            ank__buf_putc(&key, '_');
    }
    while (key.len > 1 && key.data[key.len - 1] == '_')
        key.data[--key.len] = '\0';
    if (!key.len)
        ank__buf_puts(&key, "Type");
    size_t base = key.len;
    for (unsigned n = 2; !title.failed && !key.failed && key.len; n++) {
        json_t *d = json_object_get(w->defs, key.data);
        const char *t = json_is_string(d)
                            ? json_string_value(d)
                            : json_string_value(json_object_get(d, "title"));
        if (!d && w->depth >= MAX_DEFS_DEPTH) {
            out = ank__schema_any(w, title.data,
                                  "referenced types nest too deep");
            goto out;
        }
        if (!d)
            build_def(w, s, key.data, title.data, args, nargs, f);
        if (!d || (t && is(t, title.data))) {
            out = ref_to(w, key.data);
            goto out;
        }
        key.len = base;
        ank__buf_printf(&key, "_%u", n);
    }
    nomem(w);
out:
    ank__buf_release(&title);
    ank__buf_release(&key);
    return checked(w, out);
}
