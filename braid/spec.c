/*
 * spec.c - generation specs: for a hole (or a function asked for by name),
 * everything a code generator hands a constrained-decoding engine:
 *
 *   prefix      the signature to keep;
 *   completion  the id of a grammar artifact for the body text (brackets
 *               balanced, or Python's indentation kept, and never a
 *               forbidden pattern), shared by the specs that need the same
 *               grammar;
 *   schemas     JSON Schemas of the bindings in scope and of the return
 *               type;
 *   tools       tool definitions of the exported functions of the file;
 *   regexes     what to check afterwards: the naming conventions of the
 *               identifiers a body introduces, and the forbidden patterns.
 *
 * A completion grammar that would exceed braid's limits is not emitted:
 * the spec says why in "notes" and the compile goes on.
 */
#include <stdio.h>
#include <string.h>

#include "../ffi/status.h"
#include "completion.h"
#include "ir.h"
#include "regex.h"
#include "schema.h"
#include "spec.h"

/* Forbidden patterns a spec can name. */
#define SPEC_FORBID_MAX 64

/* A standalone schema for one type: its $defs inside it. */
static json_t *type_schema(ank_bctx *b, ank_lang lang, const ank_typeref *t,
                           json_t *notes, const char *path)
{
    json_t *defs = json_object();
    json_t *s = ank__schema_type(b, lang, t->tree, t->text, defs, notes, path);
    if (s && json_object_size(defs))
        ank__jset(b, s, "$defs", json_incref(defs));
    json_decref(defs);
    return s;
}

static void add_regex(ank_bctx *b, json_t *list, const char *purpose,
                      const char *name, const char *pattern)
{
    json_t *o = json_object();
    ank__jset(b, o, "purpose", ank__jstr(purpose));
    ank__jset(b, o, "name", ank__jstr(name));
    ank__jset(b, o, "pattern", ank__jstr(pattern));
    ank__jpush(b, list, o);
}

/* The project's naming rules for the identifiers a body introduces. */
static void naming_regexes(ank_bctx *b, json_t *list, ank_lang lang)
{
    const ank_result *r = b->in;
    for (size_t i = 0; i < r->count; i++) {
        const ank_constraint *c = r->items[i];
        if (c->kind != ANK_KIND_NAMING_CONVENTION || !c->u.naming.project ||
            ank__braid_lang(c->language) != ank__braid_lang(lang))
            continue;
        ank_id_class k = c->u.naming.id_class;
        if (k != ANK_ID_VARIABLE && k != ANK_ID_FUNCTION &&
            k != ANK_ID_CONSTANT)
            continue;
        const char *re = ank__regex_style(lang, c->u.naming.style);
        if (re && c->u.naming.style != ANK_STYLE_OTHER)
            add_regex(b, list, "naming", ank__id_class_name(k), re);
    }
}

/* Build a completion grammar: {"id": the grammar artifact's id, "index":
 * its index in the document} or {"reason": why there is none}; NULL after
 * recording a failure.  `forbids` are the security.forbid constraints
 * behind `forbid`. */
static json_t *build_completion(ank_bctx *b, ank_cstate *cc, ank_lang lang,
                                const char *indent, const char *const *forbid,
                                const ank_constraint *const *forbids,
                                size_t nforbid)
{
    ank_gram *g = ank__gram_new();
    if (!g) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    ank_error e;
    ank__error_clear(&e);
    ank_grule *root = ank__grammar_completion(g, lang, indent, forbid, nforbid,
                                              &e);
    json_t *built = json_object();
    if (ank__gram_failed(g) || (!root && e.code == ANK_ERR_NOMEM)) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    } else if (!root) {
        ank__jset(b, built, "reason", ank__jstr(e.message));
    } else {
        ank__gram_set_root(g, root);
        ank_lang family = ank__braid_lang(lang);
        char id[17];
        ank__ir_begin(b, cc, "grammar", family, "completion",
                      cc->ncompletions[family]++, forbids, nforbid, id);
        ank__ir_str(b, cc, "target", "completion");
        if (indent)
            ank__ir_str(b, cc, "indent", indent);
        json_t *ids = json_array();
        for (size_t i = 0; i < nforbid; i++)
            ank__jpush(b, ids, ank__jstr(forbids[i]->u.finding.pattern->id));
        if (ids)
            ank__ir_json(cc, "forbid", ids);
        json_decref(ids);
        ank__braid_grammar_keys(b, cc, g);
        /* each spec that uses it adds itself to its sources */
        size_t index = ank__ir_end(b, cc);
        ank__jset(b, built, "id", ank__jstr(id));
        ank__jset(b, built, "index", json_integer((json_int_t)index));
    }
    ank__gram_free(g);
    if (b->status != ANK_OK) {
        json_decref(built);
        return NULL;
    }
    return built;
}

/* The spec's completion grammar: the id of a grammar artifact that specs of
 * one language, indentation and set of forbidden patterns share, so it is
 * built and written once per compile.  The artifact's sources are those
 * forbids and then every hole (or function) whose spec uses it. */
static void completion(ank_bctx *b, ank_cstate *cc, json_t *spec,
                       json_t *notes, ank_lang lang, const char *indent,
                       const char *const *forbid,
                       const ank_constraint *const *forbids, size_t nforbid,
                       const ank_constraint *user)
{
    if (!(cc->emit & (ANK_EMIT_GBNF | ANK_EMIT_LARK)))
        return;
    ank_buf key = ANK_BUF_INIT;
    ank__buf_printf(&key, "%s\n%s", ank_lang_name(ank__braid_lang(lang)),
                    indent ? indent : "");
    for (size_t i = 0; i < nforbid; i++)
        ank__buf_printf(&key, "\n%s", forbid[i]);
    if (!cc->completions)
        cc->completions = json_object();
    json_t *built = key.failed || !cc->completions
                        ? NULL
                        : json_object_get(cc->completions, key.data);
    if (!built && !key.failed && cc->completions) {
        built = build_completion(b, cc, lang, indent, forbid, forbids,
                                 nforbid);
        if (built)
            ank__jset(b, cc->completions, key.data, built);
    }
    if (key.failed || !cc->completions)
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    ank__buf_release(&key);
    if (!built || b->status != ANK_OK)
        return;
    json_t *id = json_object_get(built, "id");
    if (id) {
        ank__ir_add_source(
            b, cc, (size_t)json_integer_value(json_object_get(built, "index")),
            user->id);
        ank__jset(b, spec, "completion", json_incref(id));
        return;
    }
    json_t *note = json_object();
    ank__jset(b, note, "path", ank__jstr("/completion"));
    ank__jset(b, note, "reason", json_incref(json_object_get(built, "reason")));
    ank__jpush(b, notes, note);
    ank__jset(b, spec, "completion", json_null());
}

/* One spec: `hole` may be NULL (a function asked for by name). */
static void spec_for(ank_bctx *b, ank_cstate *cc, const ank_constraint *fn,
                     const ank_constraint *hole, uint32_t ordinal)
{
    const ank_result *r = b->in;
    ank_lang lang = fn->language;
    json_t *notes = json_array();
    json_t *spec = json_object();
    ank__jset(b, spec, "file", fn->file ? ank__jstr(fn->file) : json_null());
    ank__jset(b, spec, "function", ank__jstr(fn->id));
    ank__jset(b, spec, "hole", hole ? ank__jstr(hole->id) : json_null());
    if (hole) {
        json_t *rep = json_object();
        ank__jset(b, rep, "start_byte", json_integer(hole->u.hole.replace.start_byte));
        ank__jset(b, rep, "end_byte", json_integer(hole->u.hole.replace.end_byte));
        ank__jset(b, spec, "replace", rep);
        ank__jset(b, spec, "marker", hole->u.hole.marker
                                         ? ank__jstr(hole->u.hole.marker)
                                         : json_null());
    } else {
        ank__jset(b, spec, "replace", json_null());
        ank__jset(b, spec, "marker", json_null());
    }
    ank__jset(b, spec, "prefix", ank__jstr(fn->u.sig.signature));

    /* Python bodies keep the indentation of the statement replaced. */
    char indent[64] = "";
    if (lang == ANK_LANG_PYTHON) {
        uint32_t col = hole && hole->span.start_column ? hole->span.start_column
                                                       : fn->span.start_column + 4;
        size_t n = col > 1 ? col - 1 : 0;
        if (n >= sizeof indent)
            n = sizeof indent - 1;
        memset(indent, ' ', n);
        indent[n] = '\0';
        ank__jset(b, spec, "indent", ank__jstr(indent));
    }

    /* forbidden patterns: those that apply to the hole, or every forbid of
     * the language for a function asked for by name */
    const char *forbid[SPEC_FORBID_MAX];
    const ank_constraint *forbids[SPEC_FORBID_MAX];
    size_t nforbid = 0;
    json_t *forbid_ids = json_array();
    json_t *regexes = json_array();
    for (size_t i = 0; i < r->count && nforbid < SPEC_FORBID_MAX; i++) {
        const ank_constraint *f = r->items[i];
        if (f->kind != ANK_KIND_SECURITY_FORBID ||
            ank__braid_lang(f->language) != ank__braid_lang(lang))
            continue;
        bool applies = !hole;
        for (uint32_t k = 0; hole && k < hole->u.hole.napplies; k++)
            applies |= strcmp(hole->u.hole.applies[k], f->id) == 0;
        const char *re = ank__regex_pattern(f->u.finding.pattern->id);
        if (!applies || !re)
            continue;
        forbids[nforbid] = f;
        forbid[nforbid++] = re;
        ank__jpush(b, forbid_ids, ank__jstr(f->u.finding.pattern->id));
        add_regex(b, regexes, "forbid", f->u.finding.pattern->id, re);
    }
    ank__jset(b, spec, "forbid", forbid_ids);
    completion(b, cc, spec, notes, lang, lang == ANK_LANG_PYTHON ? indent : NULL,
               forbid, forbids, nforbid, hole ? hole : fn);

    /* types in scope */
    json_t *schemas = json_object();
    const ank_binding *bind = hole ? hole->u.hole.bindings : NULL;
    uint32_t nbind = hole ? hole->u.hole.nbindings : 0;
    for (uint32_t i = 0; i < nbind; i++) {
        if (!bind[i].name || !bind[i].type.text)
            continue;
        char path[160];
        snprintf(path, sizeof path, "/schemas/%s", bind[i].name);
        ank__jset(b, schemas, bind[i].name,
                  type_schema(b, lang, &bind[i].type, notes, path));
    }
    ank__jset(b, spec, "schemas", schemas);
    const ank_typeref *ret = hole ? &hole->u.hole.returns : &fn->u.sig.returns;
    ank__jset(b, spec, "returns",
              ret->text ? type_schema(b, lang, ret, notes, "/returns")
                        : json_null());

    /* the ids of the tool artifacts of the file's other exported
     * functions (one per merged definition) */
    json_t *tools = json_array();
    json_t *listed = json_object(); /* the ids in `tools`, as a set */
    if (!listed)
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; (cc->emit & ANK_EMIT_TOOLS) && listed && i < r->count;
         i++) {
        const ank_constraint *t = r->items[i];
        if (t->kind != ANK_KIND_FUNCTION_SIGNATURE || t == fn ||
            t->file != fn->file || !ank__schema_tool_wanted(t))
            continue;
        json_t *id = json_object_get(cc->tools, t->id);
        const char *text = json_string_value(id);
        if (!text || json_object_get(listed, text))
            continue;
        ank__jset(b, listed, text, json_true());
        ank__jpush(b, tools, json_incref(id));
    }
    json_decref(listed);
    ank__jset(b, spec, "tools", tools);
    naming_regexes(b, regexes, lang);
    ank__jset(b, spec, "regexes", regexes);
    if (json_array_size(notes))
        ank__jset(b, spec, "notes", json_incref(notes));
    json_decref(notes);

    const ank_constraint *src[2] = {hole ? hole : fn, fn};
    char id[17];
    ank__ir_begin(b, cc, "spec", lang, fn->name, ordinal, src, hole ? 2 : 1,
                  id);
    if (spec)
        ank__ir_json(cc, "spec", spec);
    else
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    ank__ir_end(b, cc);
    json_decref(spec);
}

/* A spec's ordinal: how many specs of the same language and function name
 * came before it, so that its id changes only when another spec of that
 * name is added before it, not when any hole is. */
static uint32_t next_ordinal(ank_bctx *b, json_t *seen,
                             const ank_constraint *fn)
{
    ank_buf key = ANK_BUF_INIT;
    ank__buf_printf(&key, "%s\n%s", ank_lang_name(ank__braid_lang(fn->language)),
                    fn->name);
    if (key.failed) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return 0;
    }
    json_int_t n = json_integer_value(json_object_get(seen, key.data));
    ank__jset(b, seen, key.data, json_integer(n + 1));
    ank__buf_release(&key);
    return (uint32_t)n;
}

void ank__spec_all(ank_bctx *b, ank_cstate *cc)
{
    const ank_result *r = b->in;
    json_t *seen = json_object();
    if (!seen) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    for (size_t i = 0; i < r->count && b->status == ANK_OK; i++) {
        const ank_constraint *h = r->items[i];
        if (h->kind != ANK_KIND_HOLE)
            continue;
        const ank_constraint *fn = ank__braid_find(b, h->u.hole.function);
        if (fn && fn->kind == ANK_KIND_FUNCTION_SIGNATURE &&
            fn->u.sig.signature && fn->name)
            spec_for(b, cc, fn, h, next_ordinal(b, seen, fn));
    }
    for (const char *const *name = cc->spec_functions; name && *name &&
                                                       b->status == ANK_OK;
         name++) {
        bool found = false;
        for (size_t i = 0; i < r->count && b->status == ANK_OK; i++) {
            const ank_constraint *fn = r->items[i];
            if (fn->kind == ANK_KIND_FUNCTION_SIGNATURE && fn->name &&
                fn->u.sig.signature && strcmp(fn->name, *name) == 0) {
                spec_for(b, cc, fn, NULL, next_ordinal(b, seen, fn));
                found = true;
            }
        }
        if (!found)
            ank__bctx_fail(b, ANK_ERR_INVALID_ARGUMENT,
                           "no function is named \"%s\"", *name);
    }
    json_decref(seen);
}
