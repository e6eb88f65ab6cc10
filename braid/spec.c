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
 * the spec says why in "notes" and the compile goes on.  Before any other
 * artifact, a first walk over the specs (ank__spec_prepare) lists the
 * completion grammars they need, each with every spec that uses it (the
 * grammar's sources name them all), to be built ahead (ahead.c); each is
 * written at its first spec.  Both walks (each_spec) compute the same
 * body rules (body_rules_of), so the grammars, their ids and their places
 * do not depend on the thread.
 *
 * A spec is written as compact JSON text, not built as a tree: the parts
 * that consecutive specs share (the "forbid" and "regexes" lists, the
 * escaped tool ids of a file) are printed once and copied; only the
 * schemas and notes are jansson trees.  The text is exactly what printing
 * the tree did (ir_text.c).  Text that is not UTF-8 (a file's path can
 * be any bytes) is written with each invalid byte replaced by U+FFFD, as
 * the constraints document writes it.
 */
#include <stdio.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/context.h"
#include "../ffi/status.h"
#include "completion.h"
#include "ahead.h"
#include "ir.h"
#include "ir_text.h"
#include "regex.h"
#include "schema.h"
#include "schema_json.h"
#include "spec.h"
#include "spec_tools.h"

/* Forbidden patterns a spec can name. */
#define SPEC_FORBID_MAX ANK_AHEAD_FORBID_MAX

/* Append literal text. */
#define PUT(t, lit) ank__buf_append((t), (lit), sizeof(lit) - 1)

/* Append s as a JSON string, invalid UTF-8 replaced by U+FFFD (null for
 * NULL when `nullable`; otherwise a NULL, a failed copy, fails as out of
 * memory). */
static void put_str(ank_bctx *b, ank_buf *t, const char *s, bool nullable)
{
    if (!s) {
        if (nullable)
            PUT(t, "null");
        else
            ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    size_t n = strlen(s);
    if (ank__ir_text_ascii(t, s, n))
        return;
    if (ank__utf8_check(s, n) == n) {
        ank__ir_text_string(t, s, n);
        return;
    }
    char *clean = ank__schema_clean(s);
    if (clean)
        ank__ir_text_string(t, clean, strlen(clean));
    else
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    ank__free(clean);
}

/* Append a jansson value printed compactly (NULL fails as out of memory,
 * as setting it in the spec's tree did). */
static void put_json(ank_bctx *b, ank_buf *t, const json_t *v)
{
    if (v)
        ank__ir_text_compact(t, v);
    else
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
}

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

/* Append a regex object to the list being written in t (from its "["). */
static void add_regex(ank_bctx *b, ank_buf *t, const char *purpose,
                      const char *name, const char *pattern)
{
    if (t->len > 1)
        PUT(t, ",");
    PUT(t, "{\"purpose\":");
    put_str(b, t, purpose, false);
    PUT(t, ",\"name\":");
    put_str(b, t, name, false);
    PUT(t, ",\"pattern\":");
    put_str(b, t, pattern, false);
    PUT(t, "}");
}

/* The project's naming rules for the identifiers a body introduces. */
static void naming_regexes(ank_bctx *b, ank_buf *list, ank_lang lang)
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

/* What both walks over the specs (prepare and write) keep from one spec
 * to the next. */
typedef struct spec_walk {
    /* the input's security.forbid constraints that have a regex, in input
     * order, with their regexes: listed once, not looked up per spec */
    const ank_constraint **forbids;
    const char **regexes;
    size_t nforbids;
    bool listed;
    ank_buf key; /* completion_of's (and next_ordinal's) keys */
    /* the last completion_of answer and the rules it was for: consecutive
     * specs mostly share them, and a key holds every forbid's regex */
    json_t *last;
    body_rules lastrules;
    ank_lang lastfamily;
} spec_walk;

/* The holes (or functions) whose specs share one completion grammar, in
 * document order, each once. */
typedef struct users {
    const ank_constraint **v;
    size_t n, cap;
} users;

/* What the first walk found (cc->specs): completion key -> index k in
 * `users`, and job0 + k in cc->ahead. */
struct ank_spec_plan {
    json_t *groups;
    users *users;
    size_t nusers, capusers;
    size_t job0;
};

/* Drop the list of forbids (listed again when next needed). */
static void unlist_forbids(spec_walk *w)
{
    ank__free(w->forbids);
    ank__free(w->regexes);
    w->forbids = NULL;
    w->regexes = NULL;
    w->nforbids = 0;
    w->listed = false;
}

static void walk_release(spec_walk *w)
{
    unlist_forbids(w);
    ank__buf_release(&w->key);
}

/* List the forbids of the input once; false after recording a failure. */
static bool list_forbids(ank_bctx *b, spec_walk *w)
{
    if (w->listed)
        return true;
    const ank_result *r = b->in;
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++)
        n += r->items[i]->kind == ANK_KIND_SECURITY_FORBID;
    if (n) {
        w->forbids = ank__malloc(n * sizeof *w->forbids);
        w->regexes = ank__malloc(n * sizeof *w->regexes);
        if (!w->forbids || !w->regexes) {
            ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
            return false;
        }
    }
    for (size_t i = 0; i < r->count; i++) {
        const ank_constraint *f = r->items[i];
        const char *re = f->kind == ANK_KIND_SECURITY_FORBID
                             ? ank__regex_pattern(f->u.finding.pattern->id)
                             : NULL;
        if (re) {
            w->forbids[w->nforbids] = f;
            w->regexes[w->nforbids++] = re;
        }
    }
    w->listed = true;
    return true;
}

/* The body rules of the spec for `fn` and `hole` (NULL: a function asked
 * for by name, under every forbid of the language); false after recording
 * a failure. */
static bool body_rules_of(ank_bctx *b, spec_walk *w, const ank_constraint *fn,
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
    if (!list_forbids(b, w))
        return false;
    for (size_t i = 0; i < w->nforbids && br->n < SPEC_FORBID_MAX; i++) {
        const ank_constraint *f = w->forbids[i];
        if (ank__braid_lang(f->language) != ank__braid_lang(lang))
            continue;
        bool applies = !hole;
        for (uint32_t k = 0; !applies && k < hole->u.hole.napplies; k++)
            applies = strcmp(hole->u.hole.applies[k], f->id) == 0;
        if (!applies)
            continue;
        br->forbids[br->n] = f;
        br->forbid[br->n++] = w->regexes[i];
    }
    return true;
}

/* Write the completion grammar that `job` built, at the place of its
 * first spec, its sources the forbids and then every spec's hole (or
 * function) in `u`: {"id": the grammar artifact's id} or {"reason": why
 * there is none}; NULL after recording a failure. */
static json_t *build_completion(ank_bctx *b, ank_cstate *cc,
                                ank_lang lang, const body_rules *br,
                                const users *u, ank_ahead_job *job)
{
    const char *indent = lang == ANK_LANG_PYTHON ? br->indent : NULL;
    ank_status made = job->status;
    json_t *built = json_object();
    const ank_constraint **src = NULL;
    size_t nsrc = br->n + u->n;
    if (made == ANK_OK && nsrc &&
        !(src = ank__malloc(nsrc * sizeof *src)))
        made = ANK_ERR_NOMEM;
    if (made == ANK_ERR_NOMEM) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    } else if (made != ANK_OK) {
        ank__jset(b, built, "reason", ank__jstr(job->u.args->error.message));
    } else {
        ank_lang family = ank__braid_lang(lang);
        char id[17];
        if (br->n)
            memcpy(src, br->forbids, br->n * sizeof *src);
        if (u->n)
            memcpy(src + br->n, u->v, u->n * sizeof *src);
        ank__ir_begin(b, cc, "grammar", family, "completion",
                      cc->ncompletions[family]++, src, nsrc, id);
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
        /* printed straight from the completion's rules */
        ank__braid_dialect_keys(b, cc, ank__ahead_write, job);
        ank__jset(b, built, "id", ank__jstr(id));
        ank__ir_end(b, cc);
    }
    ank__free(src);
    ank__ahead_clear(job);
    if (b->status != ANK_OK) {
        json_decref(built);
        return NULL;
    }
    return built;
}

/* The key of a completion grammar in w->key: language family,
 * indentation, forbids' regexes. */
static void key_of(spec_walk *w, ank_lang lang, const body_rules *br)
{
    ank_buf *key = &w->key;
    key->len = 0;
    ank__buf_puts(key, ank_lang_name(ank__braid_lang(lang)));
    ank__buf_putc(key, '\n');
    if (lang == ANK_LANG_PYTHON)
        ank__buf_puts(key, br->indent);
    for (size_t i = 0; i < br->n; i++) {
        ank__buf_putc(key, '\n');
        ank__buf_puts(key, br->forbid[i]);
    }
}

/* The completion grammar of specs with these rules, built at the first
 * request (borrowed from cc->completions); NULL after a failure. */
static json_t *completion_of(ank_bctx *b, ank_cstate *cc, spec_walk *w,
                             ank_lang lang, const body_rules *br)
{
    /* the same regexes (by address), family and indentation make the same
     * key as the last request's */
    ank_lang family = ank__braid_lang(lang);
    if (w->last && w->lastfamily == family && w->lastrules.n == br->n &&
        !memcmp(w->lastrules.forbid, br->forbid, br->n * sizeof *br->forbid) &&
        strcmp(w->lastrules.indent, br->indent) == 0)
        return w->last;
    ank_buf *key = &w->key;
    key_of(w, lang, br);
    if (!cc->completions)
        cc->completions = json_object();
    json_t *built = key->failed || !cc->completions
                        ? NULL
                        : json_object_get(cc->completions, key->data);
    if (!built && !key->failed && cc->completions) {
        /* the first walk listed every key */
        struct ank_spec_plan *plan = cc->specs;
        json_t *g = plan ? json_object_get(plan->groups, key->data) : NULL;
        if (!g) {
            ank__bctx_fail(b, ANK_ERR_INTERNAL,
                           "a completion grammar was not planned");
            return NULL;
        }
        size_t k = (size_t)json_integer_value(g);
        /* a grammar's text is the compile's peak of memory: hold no more
         * than before the list was kept (it is quickly made again) */
        unlist_forbids(w);
        built = build_completion(b, cc, lang, br, &plan->users[k],
                                 ank__ahead_wait(&cc->ahead, plan->job0 + k));
        if (built)
            ank__jset(b, cc->completions, key->data, built);
    }
    if (key->failed || !cc->completions)
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    if (b->status != ANK_OK)
        return NULL;
    w->last = built;
    w->lastfamily = family;
    w->lastrules = *br;
    return built;
}

/* What writing the specs keeps from one spec to the next. */
typedef struct spec_pass {
    json_t *seen;  /* next_ordinal's counts */
    spec_walk w;
    ank_buf text;  /* the spec being written */
    ank_spec_tools tools;
    /* the last spec's "forbid" and "regexes" values as text, the same for
     * the next spec of the same language and forbids */
    bool rvalid;
    ank_lang rlang;
    const ank_constraint *rforbids[SPEC_FORBID_MAX];
    size_t rn;
    ank_buf forbid, regexes;
} spec_pass;

/* Bring ps->forbid and ps->regexes to this spec's "forbid" and "regexes"
 * values: the forbids that apply, then the project's naming rules of the
 * language. */
static void forbid_and_regexes(ank_bctx *b, spec_pass *ps, ank_lang lang,
                               const body_rules *br)
{
    if (ps->rvalid && ps->rlang == lang && ps->rn == br->n &&
        !memcmp(ps->rforbids, br->forbids, br->n * sizeof *br->forbids))
        return;
    ank_buf *f = &ps->forbid, *re = &ps->regexes;
    f->len = re->len = 0;
    PUT(f, "[");
    PUT(re, "[");
    for (size_t i = 0; i < br->n; i++) {
        const char *pid = br->forbids[i]->u.finding.pattern->id;
        if (i)
            PUT(f, ",");
        put_str(b, f, pid, false);
        add_regex(b, re, "forbid", pid, br->forbid[i]);
    }
    naming_regexes(b, re, lang);
    PUT(f, "]");
    PUT(re, "]");
    if (f->failed || re->failed)
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    ps->rvalid = true;
    ps->rlang = lang;
    ps->rn = br->n;
    memcpy(ps->rforbids, br->forbids, br->n * sizeof *br->forbids);
}

/* The spec's completion grammar: the id of a grammar artifact that specs of
 * one language, indentation and set of forbidden patterns share, so it is
 * built and written once per compile, in the document before the first
 * spec that uses it.  The artifact's sources are those forbids and then
 * every hole (or function) whose spec uses it.  Appends the "completion"
 * key to t. */
static void completion(ank_bctx *b, ank_cstate *cc, spec_pass *ps,
                       json_t *notes, ank_lang lang, const body_rules *br)
{
    if (!(cc->emit & (ANK_EMIT_GBNF | ANK_EMIT_LARK)))
        return;
    json_t *built = completion_of(b, cc, &ps->w, lang, br);
    if (!built)
        return;
    json_t *id = json_object_get(built, "id");
    if (id) {
        PUT(&ps->text, ",\"completion\":");
        ank__ir_text_string(&ps->text, json_string_value(id),
                            json_string_length(id));
        return;
    }
    json_t *note = json_object();
    ank__jset(b, note, "path", ank__jstr("/completion"));
    ank__jset(b, note, "reason", json_incref(json_object_get(built, "reason")));
    ank__jpush(b, notes, note);
    PUT(&ps->text, ",\"completion\":null");
}

/* The "schemas" value: a schema for each binding in scope. */
static json_t *binding_schemas(ank_bctx *b, ank_lang lang,
                               const ank_constraint *hole, json_t *notes)
{
    static const char pre[] = "/schemas/";
    json_t *schemas = json_object();
    const ank_binding *bind = hole ? hole->u.hole.bindings : NULL;
    uint32_t nbind = hole ? hole->u.hole.nbindings : 0;
    for (uint32_t i = 0; i < nbind; i++) {
        if (!bind[i].name || !bind[i].type.text)
            continue;
        char path[160]; /* "/schemas/" and the name, cut to fit */
        size_t n = strlen(bind[i].name);
        if (n > sizeof path - sizeof pre)
            n = sizeof path - sizeof pre;
        memcpy(path, pre, sizeof pre - 1);
        memcpy(path + sizeof pre - 1, bind[i].name, n);
        path[sizeof pre - 1 + n] = '\0';
        /* a name bound twice keeps its first place and its last schema */
        ank__jset(b, schemas, bind[i].name,
                  type_schema(b, lang, &bind[i].type, notes, path));
    }
    return schemas;
}

/* One spec: `hole` may be NULL (a function asked for by name).  Its keys
 * are written in the order the tree had them. */
static void spec_for(ank_bctx *b, ank_cstate *cc, spec_pass *ps,
                     const ank_constraint *fn, const ank_constraint *hole,
                     uint32_t ordinal)
{
    ank_lang lang = fn->language;
    body_rules br;
    if (!body_rules_of(b, &ps->w, fn, hole, &br))
        return;
    ank_buf *t = &ps->text;
    t->len = 0;
    json_t *notes = json_array();
    PUT(t, "{\"file\":");
    put_str(b, t, fn->file, true);
    PUT(t, ",\"function\":");
    put_str(b, t, fn->id, false);
    PUT(t, ",\"hole\":");
    put_str(b, t, hole ? hole->id : NULL, !hole);
    if (hole) {
        PUT(t, ",\"replace\":{\"start_byte\":");
        ank__ir_text_integer(t, hole->u.hole.replace.start_byte);
        PUT(t, ",\"end_byte\":");
        ank__ir_text_integer(t, hole->u.hole.replace.end_byte);
        PUT(t, "},\"marker\":");
        put_str(b, t, hole->u.hole.marker, true);
    } else {
        PUT(t, ",\"replace\":null,\"marker\":null");
    }
    PUT(t, ",\"prefix\":");
    put_str(b, t, fn->u.sig.signature, false);

    if (lang == ANK_LANG_PYTHON) {
        PUT(t, ",\"indent\":");
        put_str(b, t, br.indent, false);
    }
    forbid_and_regexes(b, ps, lang, &br);
    PUT(t, ",\"forbid\":");
    ank__buf_append(t, ps->forbid.data, ps->forbid.len);
    completion(b, cc, ps, notes, lang, &br);

    /* types in scope */
    json_t *schemas = binding_schemas(b, lang, hole, notes);
    PUT(t, ",\"schemas\":");
    put_json(b, t, schemas);
    json_decref(schemas);
    const ank_typeref *ret = hole ? &hole->u.hole.returns : &fn->u.sig.returns;
    PUT(t, ",\"returns\":");
    if (ret->text) {
        json_t *s = type_schema(b, lang, ret, notes, "/returns");
        put_json(b, t, s);
        json_decref(s);
    } else {
        PUT(t, "null");
    }

    /* the ids of the tool artifacts of the file's other exported
     * functions (one per merged definition) */
    PUT(t, ",\"tools\":[");
    if (cc->emit & ANK_EMIT_TOOLS)
        ank__spec_tools_list(b, cc, &ps->tools, fn, t);
    PUT(t, "],\"regexes\":");
    ank__buf_append(t, ps->regexes.data, ps->regexes.len);
    if (json_array_size(notes)) {
        PUT(t, ",\"notes\":");
        ank__ir_text_compact(t, notes);
    }
    json_decref(notes);
    PUT(t, "}");

    const ank_constraint *src[2] = {hole ? hole : fn, fn};
    char id[17];
    ank__ir_begin(b, cc, "spec", lang, fn->name, ordinal, src, hole ? 2 : 1,
                  id);
    ank__ir_raw(cc, "spec");
    if (t->failed)
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    else
        ank__buf_append(&cc->scratch, t->data, t->len);
    ank__ir_end(b, cc);
}

/* A spec's ordinal: how many specs of the same language and function name
 * came before it, so that its id changes only when another spec of that
 * name is added before it, not when any hole is. */
static uint32_t next_ordinal(ank_bctx *b, spec_pass *ps,
                             const ank_constraint *fn)
{
    ank_buf *key = &ps->w.key;
    key->len = 0;
    ank__buf_puts(key, ank_lang_name(ank__braid_lang(fn->language)));
    ank__buf_putc(key, '\n');
    ank__buf_puts(key, fn->name);
    if (key->failed) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return 0;
    }
    json_int_t n = json_integer_value(json_object_get(ps->seen, key->data));
    ank__jset(b, ps->seen, key->data, json_integer(n + 1));
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

/* Add the spec's hole (or function) to the users of its completion
 * grammar, unless it is there already (by id: a merged definition); a
 * grammar not seen before gets a job. */
static void collect_one(ank_bctx *b, ank_cstate *cc, const ank_constraint *fn,
                        const ank_constraint *hole, void *arg)
{
    spec_walk *w = arg;
    struct ank_spec_plan *plan = cc->specs;
    body_rules br;
    if (!body_rules_of(b, w, fn, hole, &br))
        return;
    key_of(w, fn->language, &br);
    if (w->key.failed) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    json_t *g = json_object_get(plan->groups, w->key.data);
    size_t k = g ? (size_t)json_integer_value(g) : plan->nusers;
    if (!g) {
        ank_ahead_completion *args = ank__malloc(sizeof *args);
        if (args) {
            args->lang = fn->language;
            memcpy(args->indent, br.indent, sizeof args->indent);
            memcpy(args->forbid, br.forbid, br.n * sizeof *br.forbid);
            args->nforbid = br.n;
        }
        /* the job takes args, also when it cannot be added */
        if (!ank__ahead_add_completion(&cc->ahead, args) ||
            !ank__array_reserve((void **)&plan->users, &plan->capusers,
                                plan->nusers, 1, sizeof *plan->users)) {
            ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
            return;
        }
        plan->users[plan->nusers++] = (users){0};
        ank__jset(b, plan->groups, w->key.data, json_integer((json_int_t)k));
    }
    users *u = &plan->users[k];
    const ank_constraint *user = hole ? hole : fn;
    for (size_t i = 0; i < u->n; i++)
        if (strcmp(u->v[i]->id, user->id) == 0)
            return;
    if (!ank__array_reserve((void **)&u->v, &u->cap, u->n, 1, sizeof *u->v)) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    u->v[u->n++] = user;
}

void ank__spec_prepare(ank_bctx *b, ank_cstate *cc)
{
    if (!(cc->emit & ANK_EMIT_SPECS) ||
        !(cc->emit & (ANK_EMIT_GBNF | ANK_EMIT_LARK)))
        return;
    struct ank_spec_plan *plan = ank__calloc(1, sizeof *plan);
    json_t *groups = json_object();
    if (!plan || !groups) {
        ank__free(plan);
        json_decref(groups);
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    plan->groups = groups;
    plan->job0 = cc->ahead.n;
    cc->specs = plan;
    spec_walk w = {.key = ANK_BUF_INIT};
    each_spec(b, cc, collect_one, &w, false);
    walk_release(&w);
}

void ank__spec_release(ank_cstate *cc)
{
    struct ank_spec_plan *plan = cc->specs;
    if (!plan)
        return;
    json_decref(plan->groups);
    for (size_t i = 0; i < plan->nusers; i++)
        ank__free(plan->users[i].v);
    ank__free(plan->users);
    ank__free(plan);
    cc->specs = NULL;
}

static void write_one(ank_bctx *b, ank_cstate *cc, const ank_constraint *fn,
                      const ank_constraint *hole, void *arg)
{
    spec_pass *ps = arg;
    spec_for(b, cc, ps, fn, hole, next_ordinal(b, ps, fn));
}

void ank__spec_all(ank_bctx *b, ank_cstate *cc)
{
    spec_pass ps = {.seen = json_object(),
                    .w = {.key = ANK_BUF_INIT},
                    .text = ANK_BUF_INIT,
                    .forbid = ANK_BUF_INIT,
                    .regexes = ANK_BUF_INIT};
    if (!ps.seen) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return;
    }
    each_spec(b, cc, write_one, &ps, true);
    json_decref(ps.seen);
    ank__spec_tools_release(&ps.tools);
    walk_release(&ps.w);
    ank__buf_release(&ps.text);
    ank__buf_release(&ps.forbid);
    ank__buf_release(&ps.regexes);
}
