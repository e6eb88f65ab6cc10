/*
 * schema.c - the entry points of schema.h: the JSON Schema document of a
 * type shape, the schema of one type expression, and the tool definition
 * of a function signature (and which signatures are tools).  The walk
 * itself is schema_walk.c; docs/ir-types.md documents the mapping.
 *
 * Invariants: each entry sets up one walk and releases its path buffer on
 * every return; keys come in a fixed order by construction ($schema,
 * title, description, type, properties, required, additionalProperties,
 * others, $defs last); failure is sticky in the bctx, and nothing is
 * returned after one.
 */
#include <ctype.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "schema.h"
#include "schema_json.h"
#include "schema_lang.h"
#include "schema_memo.h"
#include "schema_object.h"
#include "schema_ref.h"
#include "schema_walk.h"

#define SCHEMA_DIALECT "https://json-schema.org/draft/2020-12/schema"

/* The first steps of a walk's JSON pointer fit here (it grows beyond). */
#define WALK_STEPS 32

static bool walk_init(ank_swalk *w, ank_sseg *steps, ank_bctx *b,
                      ank_lang lang, json_t *defs, json_t *notes,
                      const char *defs_path, const char *path)
{
    *w = (ank_swalk){.b = b,
                     .lang = lang,
                     .defs = defs,
                     .notes = notes,
                     .defs_path = defs_path};
    ank__schema_path_init(w, steps, WALK_STEPS, path);
    if (!defs)
        nomem(w);
    return !b->status;
}

static json_t *walk_done(ank_swalk *w, json_t *out)
{
    if (w->path_failed)
        nomem(w);
    ank__schema_path_release(w);
    return checked(w, out);
}

json_t *ank__schema_shape(ank_bctx *b, const ank_constraint *shape,
                          json_t *notes)
{
    if (b->status)
        return NULL;
    if (!shape || shape->kind != ANK_KIND_TYPE_SHAPE || !notes) {
        ank__bctx_fail(b, ANK_ERR_INTERNAL, "schema of a non-shape");
        return NULL;
    }
    ank_swalk w;
    ank_sseg steps[WALK_STEPS];
    json_t *defs = json_object(), *out = NULL;
    if (walk_init(&w, steps, b, shape->language, defs, notes, "/$defs", "")) {
        ank_sframe rf = ank__schema_frame_of(shape, NULL, 0, NULL);
        w.root = w.self = shape;
        w.self_frame = &rf;
        w.scope = shape->name;
        out = json_object();
        ank__schema_put(&w, out, "$schema",
                        ank__schema_shared_lit(&w, SCHEMA_DIALECT));
        ank__schema_put(&w, out, "title",
                        ank__schema_shared_text(&w, shape->name));
        if (shape->u.shape.doc)
            ank__schema_put(&w, out, "description",
                            ank__schema_str(shape->u.shape.doc));
        /* the body is what a def of the shape holds after its title and
         * description: recorded, later documents replay it */
        char key[128];
        bool rec = strlen(shape->name) + 16 <= sizeof key &&
                   (ank__schema_def_key(shape->name, key),
                    ank__schema_memo_root_begin(&w, shape, key));
        ank__schema_shape_body(&w, shape, &rf, out);
        ank__schema_memo_root_end(&w, rec, out);
        if (json_object_size(defs))
            ank__schema_put(&w, out, "$defs", json_incref(defs));
    }
    json_decref(defs);
    return walk_done(&w, out);
}

json_t *ank__schema_type(ank_bctx *b, ank_lang lang, const ank_type *t,
                         const char *text, json_t *defs, json_t *notes,
                         const char *path)
{
    ank_swalk w;
    ank_sseg steps[WALK_STEPS];
    if (!walk_init(&w, steps, b, lang, defs, notes, "/$defs", path))
        return walk_done(&w, NULL);
    w.text = text;
    json_t *out = ank__schema_walk(&w, t, NULL);
    if (out && out->refcount > 1) { /* shared: the caller may add to it */
        json_t *copy = json_copy(out);
        json_decref(out);
        if (!(out = copy))
            nomem(&w);
    }
    return walk_done(&w, out);
}

/* ------------------------------------------------------- tool definitions */

/* ^[a-zA-Z0-9_-]{1,64}$ */
static json_t *tool_name(const char *name)
{
    char out[65];
    size_t n = 0;
    for (const char *p = name ? name : ""; *p && n < 64; p++)
        out[n++] = isalnum((unsigned char)*p) || *p == '-' ? *p : '_';
    return n ? ank__schema_text(out, n) : json_string_nocheck("function");
}

static json_t *parameter(ank_swalk *w, const ank_param *p, ank_sframe *sf)
{
    const ank_type *t = p->type.tree;
    if (!(p->flags & ANK_PARAM_VARIADIC) ||
        (t && t->kind == ANK_TYPE_ARRAY && w->lang != ANK_LANG_PYTHON))
        return ank__schema_property(w, NULL, &p->type, p->default_text, sf);
    json_t *o = ank__schema_typed(w, "array");
    size_t mark = ank__schema_enter(w, "items", NULL);
    w->text = p->type.text;
    ank__schema_put(w, o, "items", ank__schema_walk(w, t, sf));
    ank__schema_leave(w, mark);
    return checked(w, o);
}

/* (*req)[(*n)++] = the shared string `name` (*req first at `small`). */
static void push_name(ank_swalk *w, json_t ***req, size_t *n, size_t *cap,
                      json_t **small, const char *name)
{
    if (*n == *cap) {
        json_t **p = ank__malloc(*cap * 2 * sizeof *p);
        if (!p) {
            nomem(w);
            return;
        }
        memcpy(p, *req, *n * sizeof *p);
        if (*req != small)
            ank__free(*req);
        *req = p;
        *cap *= 2;
    }
    json_t *v = ank__schema_shared_str(w, name, strlen(name));
    if (v)
        (*req)[(*n)++] = v;
}

json_t *ank__schema_tool(ank_bctx *b, const ank_constraint *sig, json_t *notes)
{
    if (b->status)
        return NULL;
    if (!sig || sig->kind != ANK_KIND_FUNCTION_SIGNATURE || !notes) {
        ank__bctx_fail(b, ANK_ERR_INTERNAL, "tool of a non-signature");
        return NULL;
    }
    const ank_signature *g = &sig->u.sig;
    ank_swalk w;
    ank_sseg steps[WALK_STEPS];
    json_t *defs = json_object(), *tool = NULL;
    json_t *props = json_object();
    /* the required names (shared strings, borrowed from the memo): the
     * array is shared by every tool with the same names */
    json_t *req_small[16], **req = req_small;
    size_t nreq = 0, capreq = sizeof req_small / sizeof *req_small;
    if (walk_init(&w, steps, b, sig->language, defs, notes,
                  "/parameters/$defs", "/parameters") &&
        props) {
        ank_sframe rf = {0},
                   sf = {g->generics, g->ngenerics, NULL, 0, NULL, &rf};
        w.scope = sig->name;
        w.self = g->receiver ? ank__schema_resolve(&w, g->receiver) : NULL;
        if (w.self) {
            rf = ank__schema_frame_of(w.self, NULL, 0, NULL);
            w.self_frame = &rf;
        }
        for (uint32_t i = 0; i < g->nparams && !b->status; i++) {
            const ank_param *p = &g->params[i];
            if (p->flags & ANK_PARAM_SELF)
                continue;
            char arg[24] = "arg"; /* an unnamed parameter: arg<i> */
            if (!p->name || is(p->name, "_")) {
                char d[12];
                size_t n = 0, k = 3;
                for (uint32_t v = i; n == 0 || v; v /= 10)
                    d[n++] = (char)('0' + v % 10);
                while (n)
                    arg[k++] = d[--n];
                arg[k] = '\0';
            }
            char *owned;
            const char *name = ank__schema_key(
                p->name && !is(p->name, "_") ? p->name : arg, &owned);
            if (!name) {
                nomem(&w);
                break;
            }
            size_t mark = ank__schema_enter(&w, "properties", name);
            if (p->flags & ANK_PARAM_KWARGS) {
                ank__schema_note(&w, p->type.text ? p->type.text : name,
                                 "**kwargs: not a fixed parameter; left out");
            } else {
                ank__schema_put(&w, props, name, parameter(&w, p, &sf));
                if (!(p->flags & (ANK_PARAM_OPTIONAL | ANK_PARAM_VARIADIC)) &&
                    !p->default_text)
                    push_name(&w, &req, &nreq, &capreq, req_small, name);
            }
            ank__schema_leave(&w, mark);
            ank__free(owned);
        }
        json_t *params = ank__schema_typed(&w, "object");
        ank__schema_put(&w, params, "properties", json_incref(props));
        ank__schema_put(&w, params, "required",
                        ank__schema_shared_array(&w, req, nreq));
        ank__schema_put(&w, params, "additionalProperties", json_false());
        if (json_object_size(defs))
            ank__schema_put(&w, params, "$defs", json_incref(defs));
        const char *desc = g->doc && *g->doc ? g->doc
                           : g->signature    ? g->signature
                                             : sig->name;
        tool = json_object();
        ank__schema_put(&w, tool, "name", tool_name(sig->name));
        ank__schema_put(&w, tool, "description",
                        ank__schema_str(desc ? desc : ""));
        ank__schema_put(&w, tool, "parameters", params);
    }
    if (!props)
        nomem(&w);
    json_decref(props);
    for (size_t i = 0; i < nreq; i++)
        json_decref(req[i]);
    if (req != req_small)
        ank__free(req);
    json_decref(defs);
    return walk_done(&w, tool);
}

bool ank__schema_tool_wanted(const ank_constraint *sig)
{
    if (!sig || sig->kind != ANK_KIND_FUNCTION_SIGNATURE || !sig->name)
        return false;
    const ank_signature *g = &sig->u.sig;
    const char *last = strrchr(sig->name, '.');
    last = last ? last + 1 : sig->name;
    if (!g->exported || g->is_abstract || last[0] == '_' ||
        is(last, "constructor"))
        return false;
    if (sig->language == ANK_LANG_GO &&
        ank__schema_ends_with(sig->file, "_test.go"))
        return false;
    for (uint32_t i = 0; sig->language == ANK_LANG_RUST && i < g->ndecorators;
         i++)
        if (is(g->decorators[i], "test") ||
            ank__schema_ends_with(g->decorators[i], "::test"))
            return false;
    return true;
}
