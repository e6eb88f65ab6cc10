/*
 * braid.c - compile a finished result into an `ananke.ir/1` document.
 *
 * The document is built in a fixed order: artifacts of the file
 * constraints in input order (schemas ordered so that a type comes after
 * the types it uses), then the project's naming and forbid artifacts, then
 * the generation specs; then the conflicts and the merged duplicates.
 * Each artifact is kept as compact JSON text once written (ir.c), or,
 * in a streamed compile (ank_braid_compile_write), indented into the
 * caller's sink and forgotten: most are written as text from the start,
 * a schema's or tool's JSON Schema is built as a jansson tree and printed
 * into it.  Every artifact names the constraints it came from
 * ("sources"), and its id hashes (kind, language, name, ordinal), so ids
 * are stable across runs and machines.
 *
 * Invariant: the same input and options give the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "braid.h"
#include "conflict.h"
#include "grammar_print.h"
#include "ir.h"
#include "json_grammar.h"
#include "regex.h"
#include "schema.h"
#include "schema_memo.h"
#include "sig_grammar.h"
#include "spec.h"

/* Whitespace between JSON tokens in grammars derived from schemas. */
#define JSON_MAX_WS 2

/* The bytes ank__hash_id hashes (each part with its NUL, then the
 * big-endian ordinal), hashed in one XXH3 call: the same id without the
 * streaming state's set-up, which costs several times the hash of a
 * short key.  A key too long for the stack goes through ank__hash_id. */
void ank__braid_artifact_id(const char *kind, ank_lang lang, const char *name,
                            uint32_t ordinal, char id[17])
{
    const char *parts[] = {kind, ank_lang_name(lang), name};
    char key[256];
    size_t len = 0;
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(parts[i]) + 1;
        if (n > sizeof key - 4 - len) {
            ank__hash_id(parts, 3, ordinal, id);
            return;
        }
        memcpy(key + len, parts[i], n);
        len += n;
    }
    key[len++] = (char)(ordinal >> 24);
    key[len++] = (char)(ordinal >> 16);
    key[len++] = (char)(ordinal >> 8);
    key[len++] = (char)ordinal;
    uint64_t h = XXH3_64bits(key, len);
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, h >>= 4)
        id[i] = hex[h & 15];
    id[16] = '\0';
}

/* The grammar dialects, with their emit bits and keys. */
static const struct {
    unsigned bit;
    ank_gram_dialect dialect;
    const char *key;
} dialects[] = {{ANK_EMIT_GBNF, ANK_GRAM_GBNF, "gbnf"},
                {ANK_EMIT_LARK, ANK_GRAM_LARK, "lark"}};

void ank__braid_dialect_keys(ank_bctx *b, ank_cstate *cc,
                             ank_status (*write)(void *ctx,
                                                 ank_gram_dialect dialect,
                                                 ank_buf *out),
                             void *ctx)
{
    for (size_t i = 0; i < 2 && b->status == ANK_OK; i++) {
        if (!(cc->emit & dialects[i].bit))
            continue;
        ank__ir_raw(cc, dialects[i].key);
        ank__buf_putc(&cc->scratch, '"');
        /* streamed, the artifact so far goes to the document first: the
         * buffer holds one grammar's text at a time */
        ank__buf_drain(&cc->scratch, 0);
        ank_status st = cc->scratch.failed
                            ? ANK_ERR_NOMEM
                            : write(ctx, dialects[i].dialect, &cc->scratch);
        if (st != ANK_OK)
            ank__bctx_fail(b, st, "cannot print a %s grammar",
                           dialects[i].key);
        else
            ank__buf_putc(&cc->scratch, '"');
    }
}

/* A grammar model's printer, made at the first dialect wanted. */
typedef struct model_print {
    const ank_gram *g;
    ank_gprint *p;
    ank_status ready;
} model_print;

static ank_status write_model(void *ctx, ank_gram_dialect dialect,
                              ank_buf *out)
{
    model_print *m = ctx;
    if (!m->p && m->ready == ANK_OK)
        m->ready = ank__gprint_new(m->g, &m->p);
    return m->p ? ank__gprint_write(m->p, dialect, true, out) : m->ready;
}

/* One printer serves both dialects: what it learns of the grammar is the
 * same. */
void ank__braid_grammar_keys(ank_bctx *b, ank_cstate *cc, ank_gram *g)
{
    model_print m = {g, NULL, ANK_OK};
    ank__braid_dialect_keys(b, cc, write_model, &m);
    ank__gprint_free(m.p);
}

/* ------------------------------------------------------------ schemas */

/* A shape artifact waiting for its grammar (a kept document): its slot,
 * its grammar's job, its notes so far (a reference). */
typedef struct ank_shape_later {
    size_t slot, job;
    json_t *notes;
} ank_shape_later;

/* The rest of a shape artifact from its "grammar" on: the grammar `job`
 * made (or the note that there is none; NULL: none wanted), the notes,
 * the end (in slot `at`, or ANK_NPOS: a new one).  The job is cleared. */
static void shape_end(ank_bctx *b, ank_cstate *cc, ank_ahead_job *job,
                      json_t *notes, size_t at)
{
    if (!job) {
        /* no grammar wanted */
    } else if (job->status == ANK_ERR_FORMAT) {
        /* a schema the converter cannot express: say so, keep going */
        json_t *note = json_object();
        ank__jset(b, note, "path", ank__jstr(""));
        ank__jset(b, note, "reason", ank__jstr(job->u.shape->reason));
        ank__jpush(b, notes, note);
    } else if (job->status != ANK_OK) {
        ank__bctx_fail(b, job->status, "out of memory");
    } else {
        ank__ir_object(cc, "grammar");
        ank__braid_dialect_keys(b, cc, ank__ahead_write, job);
        ank__ir_object_end(cc);
    }
    if (job)
        ank__ahead_clear(job);
    if (json_array_size(notes))
        ank__ir_json(cc, "notes", notes);
    if (at == ANK_NPOS)
        ank__ir_end(b, cc);
    else
        ank__ir_end_at(b, cc, at);
}

/* The k-th type.shape's schema artifact (of shape_order), with the
 * grammar of its JSON text: made now, or, when a second thread may make
 * it and the document is kept (cc->later), by job shape_job0 + k, written
 * once the rest is built (finish_shapes). */
static void shape_artifact(ank_bctx *b, ank_cstate *cc, size_t k)
{
    if (!(cc->emit & (ANK_EMIT_SCHEMA | ANK_EMIT_GBNF | ANK_EMIT_LARK)))
        return;
    const ank_dup *dup = cc->shape_order[k];
    const ank_constraint *c = dup->first;
    json_t *notes = json_array();
    json_t *schema = ank__schema_shape(b, c, notes);
    if (!schema || b->status != ANK_OK) {
        json_decref(notes);
        json_decref(schema);
        return;
    }
    char id[17];
    ank__ir_begin(b, cc, "schema", c->language, c->name, dup->ordinal,
                  dup->members, dup->count, id);
    if (dup->count > 1)
        ank__ir_int(cc, "count", (long long)dup->count);
    if (cc->emit & ANK_EMIT_SCHEMA)
        ank__ir_json(cc, "schema", schema);
    bool grammar = (cc->emit & (ANK_EMIT_GBNF | ANK_EMIT_LARK)) != 0;
    if (grammar && cc->later) {
        size_t job = cc->shape_job0 + k, slot = ANK_NPOS;
        if (!ank__ahead_post_shape(&cc->ahead, job, schema, JSON_MAX_WS))
            ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        else
            slot = ank__ir_defer(b, cc);
        if (slot != ANK_NPOS)
            cc->later[cc->nlater++] = (ank_shape_later){slot, job, notes};
        else
            json_decref(notes);
        json_decref(schema);
        return;
    }
    ank_ahead_job now;
    ank_ahead_shape args;
    if (grammar)
        ank__ahead_shape_now(&cc->ahead, &now, &args, schema, JSON_MAX_WS);
    shape_end(b, cc, grammar ? &now : NULL, notes, ANK_NPOS);
    json_decref(notes);
    json_decref(schema);
}

/* The shape artifacts left for last, in order: the calling thread makes
 * their grammars from the first on, the second thread from the last back. */
static void finish_shapes(ank_bctx *b, ank_cstate *cc)
{
    for (size_t i = 0; i < cc->nlater && b->status == ANK_OK; i++) {
        ank_shape_later *l = &cc->later[i];
        ank_ahead_job *job = ank__ahead_wait(&cc->ahead, l->job);
        if (!job) {
            ank__bctx_fail(b, ANK_ERR_INTERNAL,
                           "a schema's grammar was not planned");
            break;
        }
        ank__ir_resume(cc, l->slot);
        shape_end(b, cc, job, l->notes, l->slot);
    }
}

/* --------------------------------------------------------- signatures */

/* A signature with artifacts: named, with its text. */
static bool has_artifacts(const ank_constraint *c)
{
    return c->kind == ANK_KIND_FUNCTION_SIGNATURE && c->name &&
           c->u.sig.signature;
}

/* A signature's artifacts; `last_tool`: its tool is the compile's last
 * JSON Schema document. */
static void signature_artifacts(ank_bctx *b, ank_cstate *cc,
                                const ank_dup *dup, bool last_tool)
{
    const ank_constraint *c = dup->first;
    char id[17];
    if ((cc->emit & ANK_EMIT_TOOLS) && ank__schema_tool_wanted(c)) {
        json_t *notes = json_array();
        json_t *tool = ank__schema_tool(b, c, notes);
        if (!tool || !notes)
            ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        ank__ir_begin(b, cc, "tool", c->language, c->name, dup->ordinal,
                      dup->members, dup->count, id);
        if (tool)
            ank__ir_json(cc, "tool", tool);
        if (json_array_size(notes))
            ank__ir_json(cc, "notes", notes);
        ank__ir_end(b, cc);
        json_decref(tool);
        json_decref(notes);
        /* specs name the tools of their file by artifact id */
        json_t *tool_id = ank__jstr(id);
        for (size_t i = 0; i < dup->count && cc->tools; i++)
            ank__jset(b, cc->tools, dup->members[i]->id, json_incref(tool_id));
        json_decref(tool_id);
    }
    if (last_tool) { /* the shared defs are of no more use: see build() */
        ank__schema_memo_free(b->smemo);
        b->smemo = NULL;
    }
    if (!(cc->emit & (ANK_EMIT_GBNF | ANK_EMIT_LARK | ANK_EMIT_REGEX)))
        return;
    ank_ahead_job *job = ank__ahead_wait(&cc->ahead,
                                         cc->sig_job0 + cc->nsig_jobs++);
    if (!job || job->kind != ANK_AHEAD_SIGNATURE || job->u.fn != c) {
        ank__bctx_fail(b, ANK_ERR_INTERNAL, "a signature was not planned");
        return;
    }
    if (job->status != ANK_OK) {
        ank__bctx_fail(b, job->status, "out of memory");
    } else if (cc->emit & (ANK_EMIT_GBNF | ANK_EMIT_LARK)) {
        ank__ir_begin(b, cc, "grammar", c->language, c->name, dup->ordinal,
                      dup->members, dup->count, id);
        ank__ir_str(b, cc, "target", "signature");
        ank__ir_str(b, cc, "text", c->u.sig.signature);
        ank__braid_dialect_keys(b, cc, ank__ahead_write, job);
        ank__ir_end(b, cc);
    }
    if (job->regex) {
        ank__ir_begin(b, cc, "regex", c->language, c->name, dup->ordinal,
                      dup->members, dup->count, id);
        ank__ir_str(b, cc, "purpose", "signature");
        ank__ir_str(b, cc, "pattern", job->regex);
        ank__ir_end(b, cc);
    }
    ank__ahead_clear(job);
}

/* The jobs made ahead (completions are spec.c's): the shapes' grammars
 * of a kept document, in the order of shape_order, when a second thread
 * may make them; the signatures', in the order signature_artifacts asks
 * for them.  False after recording a failure. */
static bool plan_jobs(ank_bctx *b, ank_cstate *cc)
{
    cc->ahead.dialects = (cc->emit & ANK_EMIT_GBNF ? 1u << ANK_GRAM_GBNF : 0) |
                         (cc->emit & ANK_EMIT_LARK ? 1u << ANK_GRAM_LARK : 0);
    cc->ahead.regexes = (cc->emit & ANK_EMIT_REGEX) != 0;
    cc->ahead.kept = !cc->doc;
    if (!cc->ahead.dialects && !cc->ahead.regexes)
        return true;
    size_t nshapes = cc->ahead.kept && cc->ahead.dialects &&
                             ank__ahead_will_start(&cc->ahead, cc->jobs)
                         ? cc->nshape_order
                         : 0;
    /* counted first: the jobs take no more room than they need */
    size_t n = nshapes;
    for (size_t i = 0; i < cc->ndups; i++)
        n += has_artifacts(cc->dups[i].first);
    bool ok = ank__ahead_reserve(&cc->ahead, n);
    cc->shape_job0 = cc->ahead.n;
    for (size_t i = 0; i < nshapes && ok; i++)
        ok = ank__ahead_add_shape(&cc->ahead) != NULL;
    cc->sig_job0 = cc->ahead.n;
    for (size_t i = 0; i < cc->ndups && ok; i++)
        if (has_artifacts(cc->dups[i].first))
            ok = ank__ahead_add_signature(&cc->ahead, cc->dups[i].first);
    if (!ok)
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    return ok;
}

/* ------------------------------------------------------------- naming */

/* An identifier's grammar, made for the dialect written: GBNF in the
 * flat form when the style has one (sig_grammar.h says why), Lark and the
 * other styles in the nested one (GBNF comes first, so a style without a
 * flat form makes one grammar); one grammar at a time. */
typedef struct identifier_print {
    ank_lang lang;
    ank_style style;
    ank_gram *g;
    ank_gprint *p;
    bool flat; /* g is the flat form */
} identifier_print;

static ank_status write_identifier(void *ctx, ank_gram_dialect dialect,
                                   ank_buf *out)
{
    identifier_print *ip = ctx;
    bool flat = dialect == ANK_GRAM_GBNF;
    if (ip->g && ip->flat == flat)
        return ank__gprint_write(ip->p, dialect, true, out);
    ank_gram *g = ank__gram_new();
    ank_grule *root = NULL;
    if (g && flat)
        root = ank__grammar_identifier_flat(g, ip->lang, ip->style);
    if (!root && g && !ank__gram_failed(g)) { /* no flat form */
        root = ank__grammar_identifier(g, ip->lang, ip->style);
        flat = false;
    }
    ank__gprint_free(ip->p);
    ank__gram_free(ip->g);
    *ip = (identifier_print){ip->lang, ip->style, g, NULL, flat};
    if (!root || ank__gram_failed(g))
        return ANK_ERR_NOMEM;
    ank__gram_set_root(g, root);
    ank_status st = ank__gprint_new(g, &ip->p);
    return st != ANK_OK ? st : ank__gprint_write(ip->p, dialect, true, out);
}

static void naming_artifacts(ank_bctx *b, ank_cstate *cc,
                             const ank_constraint *c)
{
    const ank_naming *n = &c->u.naming;
    if (n->style == ANK_STYLE_OTHER || !n->support)
        return;
    char name[64];
    snprintf(name, sizeof name, "%s:%s", ank__id_class_name(n->id_class),
             ank__style_name(n->style));
    const ank_constraint *src[] = {c};
    char id[17];
    if (cc->emit & (ANK_EMIT_GBNF | ANK_EMIT_LARK)) {
        identifier_print ip = {c->language, n->style, NULL, NULL, false};
        ank__ir_begin(b, cc, "grammar", c->language, name, 0, src, 1, id);
        ank__ir_str(b, cc, "target", "identifier");
        ank__braid_dialect_keys(b, cc, write_identifier, &ip);
        ank__ir_end(b, cc);
        ank__gprint_free(ip.p);
        ank__gram_free(ip.g);
    }
    if (cc->emit & ANK_EMIT_REGEX) {
        const char *re = ank__regex_style(c->language, n->style);
        if (!re)
            return;
        ank__ir_begin(b, cc, "regex", c->language, name, 0, src, 1, id);
        ank__ir_str(b, cc, "purpose", "naming");
        ank__ir_str(b, cc, "pattern", re);
        ank__ir_end(b, cc);
    }
}

static void forbid_artifact(ank_bctx *b, ank_cstate *cc,
                            const ank_constraint *c)
{
    const char *re = ank__regex_pattern(c->u.finding.pattern->id);
    if (!re || !(cc->emit & ANK_EMIT_REGEX))
        return;
    const ank_constraint *src[] = {c};
    char id[17];
    ank__ir_begin(b, cc, "regex", c->language, c->u.finding.pattern->id, 0,
                  src, 1, id);
    ank__ir_str(b, cc, "purpose", "forbid");
    ank__ir_str(b, cc, "pattern", re);
    ank__ir_end(b, cc);
}

/* ------------------------------------------------------------- driver */

static void build(ank_bctx *b, ank_cstate *cc)
{
    ank__conflict_dedupe(b, cc);
    /* what can be made ahead starts first, on a thread of its own when
     * there may be one: the specs' completion grammars, then the
     * signatures' parts */
    if (b->status == ANK_OK)
        ank__spec_prepare(b, cc);
    if (b->status == ANK_OK && plan_jobs(b, cc)) {
        ank__ahead_start(&cc->ahead, cc->jobs);
        /* once it runs, a kept document's shapes wait for their grammars
         * (made at once when there is no room to say which) */
        size_t nshapes = cc->sig_job0 - cc->shape_job0;
        if (cc->ahead.started && nshapes)
            cc->later = ank__malloc(nshapes * sizeof *cc->later);
    }
    /* schemas in dependency order, then signatures in input order */
    for (size_t i = 0; i < cc->nshape_order && b->status == ANK_OK; i++)
        shape_artifact(b, cc, i);
    /* once the schema and tool documents are written, their shared defs
     * need not outlive them (specs, which need few, start a memo afresh):
     * they go with the last tool, before its signature's grammar */
    size_t last_tool = cc->ndups;
    for (size_t i = 0; i < cc->ndups && (cc->emit & ANK_EMIT_TOOLS); i++)
        if (has_artifacts(cc->dups[i].first) &&
            ank__schema_tool_wanted(cc->dups[i].first))
            last_tool = i;
    for (size_t i = 0; i < cc->ndups && b->status == ANK_OK; i++)
        if (has_artifacts(cc->dups[i].first))
            signature_artifacts(b, cc, &cc->dups[i], i == last_tool);
    ank__schema_memo_free(b->smemo);
    b->smemo = NULL;
    const ank_result *r = b->in;
    for (size_t i = 0; i < r->count && b->status == ANK_OK; i++) {
        const ank_constraint *c = r->items[i];
        if (c->kind == ANK_KIND_NAMING_CONVENTION && c->u.naming.project)
            naming_artifacts(b, cc, c);
        else if (c->kind == ANK_KIND_SECURITY_FORBID)
            forbid_artifact(b, cc, c);
    }
    /* a kept document's shape grammars first (written into the places
     * kept for them): the second thread may still be making the
     * completion grammar the specs wait for */
    finish_shapes(b, cc);
    if (cc->emit & ANK_EMIT_SPECS)
        ank__spec_all(b, cc);
    ank__conflict_find(b, cc);
}

/* What both entry points share: check the arguments, build, then keep
 * the document (`out`) or finish streaming it into `doc`. */
static ank_status compile(const char *fn, const ank_result *result,
                          const ank_compile_options *options, ank_buf *doc,
                          ank_ir **out, ank_compile_counts *counts,
                          ank_error *error)
{
    unsigned emit = options && options->emit ? options->emit : ANK_EMIT_ALL;
    if (emit & ~ANK_EMIT_ALL)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "%s: unknown emit bits %#x", fn, emit & ~ANK_EMIT_ALL);
    ank_bctx b;
    if (ank__bctx_init(&b, result) != ANK_OK) {
        ank__bctx_release(&b);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    ank_cstate cc = {.emit = emit,
                      .spec_functions = options ? options->spec_functions
                                                : NULL,
                      .jobs = options ? options->jobs : 0,
                      .conflicts = json_array(),
                      .merged = json_array(),
                      .tools = json_object()};
    if (!cc.conflicts || !cc.merged || !cc.tools) {
        ank__bctx_fail(&b, ANK_ERR_NOMEM, "out of memory");
    } else {
        if (doc)
            ank__ir_stream_begin(&b, &cc, doc);
        build(&b, &cc);
    }
    ank_ir *ir = NULL;
    if (b.status == ANK_OK && doc)
        ank__ir_stream_end(&b, &cc);
    else if (b.status == ANK_OK)
        ir = ank__ir_new(&b, &cc);
    ank_status st = b.status;
    if (doc && doc->sink_error) /* whatever failed for want of it */
        st = ank__fail(error, ANK_ERR_IO, "cannot write the document: %s",
                       strerror(doc->sink_error));
    else if (st != ANK_OK)
        ank__fail(error, st, "%s", b.message);
    else if (counts)
        *counts = (ank_compile_counts){doc ? cc.nwritten : ir->nartifacts,
                                       json_array_size(cc.conflicts)};
    ank__ahead_release(&cc.ahead);
    for (size_t i = 0; i < cc.nlater; i++)
        json_decref(cc.later[i].notes);
    ank__free(cc.later);
    ank__spec_release(&cc);
    ank__ir_release_artifacts(&cc);
    json_decref(cc.completions);
    json_decref(cc.conflicts);
    json_decref(cc.merged);
    json_decref(cc.tools);
    ank__bctx_release(&b);
    if (st == ANK_OK && out)
        *out = ir;
    return st;
}

ANK_API ank_status ank_braid_compile(const ank_result *result,
                                     const ank_compile_options *options,
                                     ank_ir **out, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!result || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_braid_compile: %s is NULL",
                         result ? "out" : "result");
    return compile("ank_braid_compile", result, options, NULL, out, NULL,
                   error);
}

ANK_API ank_status ank_braid_compile_write(const ank_result *result,
                                           const ank_compile_options *options,
                                           ank_write_fn write, void *context,
                                           ank_compile_counts *counts,
                                           ank_error *error)
{
    ank__error_clear(error);
    if (counts)
        *counts = (ank_compile_counts){0, 0};
    if (!result || !write)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_braid_compile_write: %s is NULL",
                         result ? "write" : "result");
    ank_buf doc = ANK_BUF_INIT;
    doc.sink = write;
    doc.sink_context = context;
    ank_status st = compile("ank_braid_compile_write", result, options, &doc,
                            NULL, counts, error);
    ank__buf_release(&doc);
    return st;
}
