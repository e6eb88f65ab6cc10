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
 * the spec says why in "notes" and the compile goes on.  The completion
 * grammars are built before any other artifact (ank__spec_prepare) and
 * held until their first spec places them: each spec goes through the
 * same walk (each_spec) and the same body rules (body_rules_of) both
 * times, so the grammars, their ids and their places are those of
 * building them on first use.
 */
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "../ffi/alloc.h"
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

/* What a spec's body must keep to besides its language: Python's
 * indentation, and the forbidden patterns that apply. */
typedef struct body_rules {
    char indent[64]; /* Python only */
    const char *forbid[SPEC_FORBID_MAX]; /* regexes */
    const ank_constraint *forbids[SPEC_FORBID_MAX];
    size_t n;
} body_rules;

/* The body rules of the spec for `fn` and `hole` (NULL: a function asked
 * for by name, under every forbid of the language). */
static void body_rules_of(const ank_result *r, const ank_constraint *fn,
                          const ank_constraint *hole, body_rules *br)
{
    ank_lang lang = fn->language;
    br->indent[0] = '\0';
    br->n = 0;
    if (lang == ANK_LANG_PYTHON) {
        /* Python bodies keep the indentation of the statement replaced */
        uint32_t col = hole && hole->span.start_column ? hole->span.start_column
                                                       : fn->span.start_column + 4;
        size_t n = col > 1 ? col - 1 : 0;
        if (n >= sizeof br->indent)
            n = sizeof br->indent - 1;
        memset(br->indent, ' ', n);
        br->indent[n] = '\0';
    }
    for (size_t i = 0; i < r->count && br->n < SPEC_FORBID_MAX; i++) {
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
        br->forbids[br->n] = f;
        br->forbid[br->n++] = re;
    }
}

/* Build a completion grammar, held out of the document until its first
 * spec places it: {"id": the grammar artifact's id, "held": its handle
 * (ank__ir_end_held)} or {"reason": why there is none}; NULL after
 * recording a failure. */
static json_t *build_completion(ank_bctx *b, ank_cstate *cc,
                                ank_lang lang, const body_rules *br)
{
    ank_gram *g = ank__gram_new();
    if (!g) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    const char *indent = lang == ANK_LANG_PYTHON ? br->indent : NULL;
    ank_error e;
    ank__error_clear(&e);
    ank_grule *root = ank__grammar_completion(g, lang, indent, br->forbid,
                                              br->n, &e);
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
                      cc->ncompletions[family]++, br->forbids, br->n, id);
        ank__ir_str(b, cc, "target", "completion");
        if (indent)
            ank__ir_str(b, cc, "indent", indent);
        json_t *ids = json_array();
        for (size_t i = 0; i < br->n; i++)
            ank__jpush(b, ids,
                       ank__jstr(br->forbids[i]->u.finding.pattern->id));
        if (ids)
            ank__ir_json(cc, "forbid", ids);
        json_decref(ids);
        ank__braid_grammar_keys(b, cc, g);
        /* each spec that uses it adds itself to its sources */
        size_t held = ank__ir_end_held(b, cc);
        ank__jset(b, built, "id", ank__jstr(id));
        ank__jset(b, built, "held", json_integer((json_int_t)held));
    }
    ank__gram_free(g);
    if (b->status != ANK_OK) {
        json_decref(built);
        return NULL;
    }
    return built;
}

/* The completion grammar of specs with these rules, built at the first
 * request (borrowed from cc->completions); NULL after a failure. */
static json_t *completion_of(ank_bctx *b, ank_cstate *cc, ank_lang lang,
                             const body_rules *br)
{
    ank_buf key = ANK_BUF_INIT;
    ank__buf_printf(&key, "%s\n%s", ank_lang_name(ank__braid_lang(lang)),
                    lang == ANK_LANG_PYTHON ? br->indent : "");
    for (size_t i = 0; i < br->n; i++)
        ank__buf_printf(&key, "\n%s", br->forbid[i]);
    if (!cc->completions)
        cc->completions = json_object();
    json_t *built = key.failed || !cc->completions
                        ? NULL
                        : json_object_get(cc->completions, key.data);
    if (!built && !key.failed && cc->completions) {
        built = build_completion(b, cc, lang, br);
        if (built)
            ank__jset(b, cc->completions, key.data, built);
    }
    if (key.failed || !cc->completions)
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    ank__buf_release(&key);
    return b->status == ANK_OK ? built : NULL;
}

/* The spec's completion grammar: the id of a grammar artifact that specs of
 * one language, indentation and set of forbidden patterns share, so it is
 * built and written once per compile, and placed in the document before
 * the first spec that uses it.  The artifact's sources are those forbids
 * and then every hole (or function) whose spec uses it. */
static void completion(ank_bctx *b, ank_cstate *cc, json_t *spec,
                       json_t *notes, ank_lang lang, const body_rules *br,
                       const ank_constraint *user)
{
    if (!(cc->emit & (ANK_EMIT_GBNF | ANK_EMIT_LARK)))
        return;
    json_t *built = completion_of(b, cc, lang, br);
    if (!built)
        return;
    json_t *id = json_object_get(built, "id");
    if (id) {
        json_t *held = json_object_get(built, "held");
        if (held) {
            size_t index = ank__ir_place(b, cc,
                                         (size_t)json_integer_value(held));
            ank__jset(b, built, "index", json_integer((json_int_t)index));
            json_object_del(built, "held");
        }
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

/* The tool artifacts of one file's exported functions, in input order:
 * found once for all the specs of the file. */
typedef struct file_tools {
    const char *file;
    struct {
        const ank_constraint *fn;
        json_t *id; /* borrowed from cc->tools */
    } *tools;
    size_t n;
} file_tools;

/* What writing the specs keeps from one spec to the next. */
typedef struct spec_pass {
    json_t *seen; /* next_ordinal's counts */
    file_tools *files;
    size_t nfiles, capfiles;
    const char **set; /* one spec's tool ids, as an open-addressed set */
    size_t capset;
    /* the last spec's forbid ids and regexes, shared (and never changed)
     * by the next spec of the same language and forbids */
    ank_lang rlang;
    const ank_constraint *rforbids[SPEC_FORBID_MAX];
    size_t rn;
    json_t *forbid_ids, *regexes;
} spec_pass;

static const file_tools *file_tools_of(ank_bctx *b, ank_cstate *cc,
                                       spec_pass *ps, const char *file)
{
    for (size_t i = 0; i < ps->nfiles; i++)
        if (ps->files[i].file == file)
            return &ps->files[i];
    if (!ank__array_reserve((void **)&ps->files, &ps->capfiles, ps->nfiles,
                            1, sizeof *ps->files)) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    file_tools *ft = &ps->files[ps->nfiles++];
    *ft = (file_tools){.file = file};
    const ank_result *r = b->in;
    size_t cap = 0;
    for (size_t i = 0; i < r->count; i++) {
        const ank_constraint *t = r->items[i];
        if (t->kind != ANK_KIND_FUNCTION_SIGNATURE || t->file != file ||
            !ank__schema_tool_wanted(t))
            continue;
        json_t *id = json_object_get(cc->tools, t->id);
        if (!json_string_value(id))
            continue;
        if (!ank__array_reserve((void **)&ft->tools, &cap, ft->n, 1,
                                sizeof *ft->tools)) {
            ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
            return NULL;
        }
        ft->tools[ft->n].fn = t;
        ft->tools[ft->n++].id = id;
    }
    return ft;
}

/* Push onto `tools` the distinct tool ids of fn's file but fn's own (a
 * merged definition of fn keeps its id in the list). */
static void list_tools(ank_bctx *b, ank_cstate *cc, spec_pass *ps,
                       const ank_constraint *fn, json_t *tools)
{
    const file_tools *ft = file_tools_of(b, cc, ps, fn->file);
    if (!ft || !ft->n)
        return;
    size_t cap = 16;
    while (cap < 2 * ft->n)
        cap *= 2;
    if (cap > ps->capset) {
        ank__free(ps->set);
        ps->set = ank__malloc(cap * sizeof *ps->set);
        ps->capset = ps->set ? cap : 0;
        if (!ps->set) {
            ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
            return;
        }
    }
    memset(ps->set, 0, cap * sizeof *ps->set);
    for (size_t k = 0; k < ft->n; k++) {
        if (ft->tools[k].fn == fn)
            continue;
        const char *text = json_string_value(ft->tools[k].id);
        size_t i = (size_t)XXH3_64bits(text, strlen(text)) & (cap - 1);
        while (ps->set[i] && strcmp(ps->set[i], text) != 0)
            i = (i + 1) & (cap - 1);
        if (ps->set[i])
            continue;
        ps->set[i] = text;
        ank__jpush(b, tools, json_incref(ft->tools[k].id));
    }
}

/* A spec's "forbid" and "regexes" values (new references): the forbids
 * that apply, then the project's naming rules of the language. */
static void forbid_and_regexes(ank_bctx *b, spec_pass *ps, ank_lang lang,
                               const body_rules *br, json_t **ids,
                               json_t **regexes)
{
    if (!ps->regexes || ps->rlang != lang || ps->rn != br->n ||
        memcmp(ps->rforbids, br->forbids, br->n * sizeof *br->forbids)) {
        json_decref(ps->forbid_ids);
        json_decref(ps->regexes);
        ps->forbid_ids = json_array();
        ps->regexes = json_array();
        for (size_t i = 0; i < br->n; i++) {
            const char *pid = br->forbids[i]->u.finding.pattern->id;
            ank__jpush(b, ps->forbid_ids, ank__jstr(pid));
            add_regex(b, ps->regexes, "forbid", pid, br->forbid[i]);
        }
        naming_regexes(b, ps->regexes, lang);
        ps->rlang = lang;
        ps->rn = br->n;
        memcpy(ps->rforbids, br->forbids, br->n * sizeof *br->forbids);
    }
    *ids = json_incref(ps->forbid_ids);
    *regexes = json_incref(ps->regexes);
}

/* One spec: `hole` may be NULL (a function asked for by name). */
static void spec_for(ank_bctx *b, ank_cstate *cc, spec_pass *ps,
                     const ank_constraint *fn, const ank_constraint *hole,
                     uint32_t ordinal)
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

    body_rules br;
    body_rules_of(r, fn, hole, &br);
    if (lang == ANK_LANG_PYTHON)
        ank__jset(b, spec, "indent", ank__jstr(br.indent));
    json_t *forbid_ids, *regexes;
    forbid_and_regexes(b, ps, lang, &br, &forbid_ids, &regexes);
    ank__jset(b, spec, "forbid", forbid_ids);
    completion(b, cc, spec, notes, lang, &br, hole ? hole : fn);

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
    if (cc->emit & ANK_EMIT_TOOLS)
        list_tools(b, cc, ps, fn, tools);
    ank__jset(b, spec, "tools", tools);
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

/* Call f for every spec of the compile, in document order: each hole,
 * then each function cc->spec_functions names.  `strict`: a name that
 * matches no signature fails the compile. */
static void each_spec(ank_bctx *b, ank_cstate *cc,
                      void (*f)(ank_bctx *, ank_cstate *,
                                const ank_constraint *fn,
                                const ank_constraint *hole, void *arg),
                      void *arg, bool strict)
{
    const ank_result *r = b->in;
    for (size_t i = 0; i < r->count && b->status == ANK_OK; i++) {
        const ank_constraint *h = r->items[i];
        if (h->kind != ANK_KIND_HOLE)
            continue;
        const ank_constraint *fn = ank__braid_find(b, h->u.hole.function);
        if (fn && fn->kind == ANK_KIND_FUNCTION_SIGNATURE &&
            fn->u.sig.signature && fn->name)
            f(b, cc, fn, h, arg);
    }
    for (const char *const *name = cc->spec_functions; name && *name &&
                                                       b->status == ANK_OK;
         name++) {
        bool found = false;
        for (size_t i = 0; i < r->count && b->status == ANK_OK; i++) {
            const ank_constraint *fn = r->items[i];
            if (fn->kind == ANK_KIND_FUNCTION_SIGNATURE && fn->name &&
                fn->u.sig.signature && strcmp(fn->name, *name) == 0) {
                f(b, cc, fn, NULL, arg);
                found = true;
            }
        }
        if (!found && strict)
            ank__bctx_fail(b, ANK_ERR_INVALID_ARGUMENT,
                           "no function is named \"%s\"", *name);
    }
}

static void prepare_one(ank_bctx *b, ank_cstate *cc, const ank_constraint *fn,
                        const ank_constraint *hole, void *arg)
{
    (void)arg;
    body_rules br;
    body_rules_of(b->in, fn, hole, &br);
    completion_of(b, cc, fn->language, &br);
}

void ank__spec_prepare(ank_bctx *b, ank_cstate *cc)
{
    if ((cc->emit & ANK_EMIT_SPECS) &&
        (cc->emit & (ANK_EMIT_GBNF | ANK_EMIT_LARK)))
        each_spec(b, cc, prepare_one, NULL, false);
}

static void write_one(ank_bctx *b, ank_cstate *cc, const ank_constraint *fn,
                      const ank_constraint *hole, void *arg)
{
    spec_pass *ps = arg;
    spec_for(b, cc, ps, fn, hole, next_ordinal(b, ps->seen, fn));
}

void ank__spec_all(ank_bctx *b, ank_cstate *cc)
{
    spec_pass ps = {.seen = json_object()};
    if (!ps.seen) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    each_spec(b, cc, write_one, &ps, true);
    json_decref(ps.seen);
    for (size_t i = 0; i < ps.nfiles; i++)
        ank__free(ps.files[i].tools);
    ank__free(ps.files);
    ank__free(ps.set);
    json_decref(ps.forbid_ids);
    json_decref(ps.regexes);
}
