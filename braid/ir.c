/*
 * ir.c - the `ananke.ir/1` document: assembly, serialisation, counts.
 *
 * Key order is fixed (format, generator, input, emit, artifacts,
 * conflicts, merged) and jansson keeps insertion order, so the bytes
 * depend only on the input and the options.
 *
 * Artifacts are most of a document, and a jansson tree costs several
 * times its text (a hash table per object, two allocations per string).
 * So an artifact is written as compact JSON text from the start
 * (ank__ir_begin ... ank__ir_end, ir_text.c); a part that is built as a
 * tree (a JSON Schema, a spec) is printed into it.  The accessors parse an artifact back on first use (ir_access.c);
 * ank_ir_write prints the rest of the document with jansson and puts the
 * artifacts in, indented as jansson indents, so the bytes are those of
 * one json_dumps of the whole tree.
 *
 * A streamed compile (ank_braid_compile_write) keeps nothing: the head
 * of the document is written first, each artifact is indented into the
 * document's buffer when it ends (one with grammars a piece at a time:
 * cc->scratch is drained before each grammar, and by the writer of a
 * large one while it is printed), the buffer is drained into the
 * caller's sink each time it fills (a kilobyte), and the conflicts and
 * merged duplicates follow the last artifact; the bytes are those
 * ank_ir_write gives.  Either way a completion grammar is written where
 * its first spec is, with every spec's source listed (spec.c finds them
 * first).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/buf.h"
#include "../ffi/context.h"
#include "../ffi/status.h"
#include "ir.h"
#include "ir_text.h"

/* How the rest of the document is printed (ir_text.h prints the
 * artifacts to match). */
#define DUMP_INDENTED (JSON_INDENT(2) | JSON_REAL_PRECISION(6))

/* Artifacts sit at this depth of the document: in its array, in its
 * object. */
#define ARTIFACT_DEPTH 2

/* A text this long keeps the buffer it was printed in. */
#define BIG_TEXT (64 * 1024)

/* Move the text in cc->scratch into slot s: a copy in the document's
 * arena (most artifacts are a few hundred bytes to a few kilobytes, and
 * one allocation each cost more than their copy), or, for a large one,
 * the buffer itself; an allocated copy when it is kept only `for_now`
 * (until ank__ir_resume).  False when out of memory. */
static bool keep_scratch(ank_cstate *cc, ank_islot *s, bool for_now)
{
    size_t len = cc->scratch.len;
    if (cc->scratch.failed) {
        return false;
    } else if (for_now) { /* until resumed: not in the arena for good */
        s->text = ank__strndup(cc->scratch.data, len);
        s->own = true;
    } else if (len < BIG_TEXT) {
        s->text = ank__arena_take(&cc->texts, len + 1);
        if (s->text)
            memcpy(s->text, cc->scratch.data, len + 1);
        s->own = false;
    } else { /* a completion grammar: hand the buffer over, not a copy */
        s->text = ank__buf_take(&cc->scratch, NULL);
        char *fit = s->text ? ank__realloc(s->text, len + 1) : NULL;
        s->text = fit ? fit : s->text;
        s->own = true;
    }
    s->len = s->text ? len : 0;
    return s->text != NULL;
}

/* A new empty slot at the end of slots[0..*n). */
static ank_islot *new_slot(ank_bctx *b, ank_islot **slots, size_t *n,
                           size_t *cap)
{
    if (b->status != ANK_OK)
        return NULL;
    if (!ank__array_reserve((void **)slots, cap, *n, 1, sizeof **slots)) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    ank_islot *s = &(*slots)[(*n)++];
    *s = (ank_islot){0};
    return s;
}

/* ------------------------------------------------- written as text */

/* Keys are the compiler's own constant names: plain ASCII goes straight
 * into the buffer (one reserve, one copy); anything else is escaped. */
static void key(ank_cstate *cc, const char *k)
{
    ank_buf *out = &cc->scratch;
    size_t n = 0;
    for (; k[n]; n++)
        if ((unsigned char)k[n] < 0x20 || (unsigned char)k[n] >= 0x7F ||
            k[n] == '"' || k[n] == '\\')
            break;
    if (k[n] || out->failed || out->cap - out->len < n + 5 ||
        !out->len) {
        ank__ir_text_key(out, k, n + strlen(k + n));
        return;
    }
    char *d = out->data + out->len;
    char last = d[-1];
    if (last != '{' && last != '[')
        *d++ = ',';
    *d++ = '"';
    memcpy(d, k, n);
    d += n;
    *d++ = '"';
    *d++ = ':';
    *d = '\0';
    out->len = (size_t)(d - out->data);
}

void ank__ir_begin(ank_bctx *b, ank_cstate *cc, const char *kind,
                   ank_lang lang, const char *name, uint32_t ordinal,
                   const ank_constraint *const *sources, size_t nsources,
                   char id[17])
{
    ank__braid_artifact_id(kind, lang, name, ordinal, id);
    cc->scratch.len = 0;
    if (cc->doc) { /* streamed: its place in the array is written now */
        if (cc->nwritten)
            ank__buf_putc(cc->doc, ',');
        ank__ir_text_newline(cc->doc, ARTIFACT_DEPTH);
        cc->indent = (ank_indent){.depth = ARTIFACT_DEPTH};
    }
    /* the id is 16 hex digits: nothing to check or escape */
    static const char head[] = "{\"id\":\"";
    ank__buf_append(&cc->scratch, head, sizeof head - 1);
    ank__buf_append(&cc->scratch, id, 16);
    ank__buf_putc(&cc->scratch, '"');
    ank__ir_str(b, cc, "kind", kind);
    ank__ir_str(b, cc, "name", name);
    ank__ir_str(b, cc, "language", ank_lang_name(lang));
    key(cc, "sources");
    ank__buf_putc(&cc->scratch, '[');
    for (size_t i = 0; i < nsources; i++) {
        if (i)
            ank__buf_putc(&cc->scratch, ',');
        ank__ir_text_string(&cc->scratch, sources[i]->id,
                            strlen(sources[i]->id));
    }
    ank__buf_putc(&cc->scratch, ']');
}

void ank__ir_strn(ank_bctx *b, ank_cstate *cc, const char *k, const char *s,
                  size_t n)
{
    key(cc, k);
    if (!s) {
        ank__buf_append(&cc->scratch, "null", 4);
    } else if (ank__ir_text_ascii(&cc->scratch, s, n)) {
        /* plain ASCII, written */
    } else if (ank__utf8_check(s, n) == n) {
        ank__ir_text_string(&cc->scratch, s, n);
    } else {
        /* what a jansson string would refuse */
        ank__bctx_fail(b, ANK_ERR_FORMAT, "a %s that is not UTF-8", k);
    }
}

void ank__ir_raw(ank_cstate *cc, const char *k)
{
    key(cc, k);
}

void ank__ir_str(ank_bctx *b, ank_cstate *cc, const char *k, const char *s)
{
    ank__ir_strn(b, cc, k, s, s ? strlen(s) : 0);
}

void ank__ir_int(ank_cstate *cc, const char *k, long long v)
{
    key(cc, k);
    ank__ir_text_integer(&cc->scratch, (json_int_t)v);
}

void ank__ir_json(ank_cstate *cc, const char *k, const json_t *v)
{
    key(cc, k);
    ank__ir_text_compact(&cc->scratch, v);
}

void ank__ir_object(ank_cstate *cc, const char *k)
{
    key(cc, k);
    ank__buf_putc(&cc->scratch, '{');
}

void ank__ir_object_end(ank_cstate *cc)
{
    ank__buf_putc(&cc->scratch, '}');
}

/* Keep the artifact in cc->scratch (ended first when `end`) in slot
 * `at` of the document, or in a new one (ANK_NPOS): its index, ANK_NPOS
 * after a failure. */
static size_t end_into(ank_bctx *b, ank_cstate *cc, size_t at, bool end)
{
    if (end)
        ank__buf_putc(&cc->scratch, '}');
    ank_islot *s = at != ANK_NPOS ? &cc->artifacts[at]
                                  : new_slot(b, &cc->artifacts,
                                             &cc->nartifacts,
                                             &cc->capartifacts);
    if (!s)
        return ANK_NPOS;
    if (!keep_scratch(cc, s, !end)) {
        if (at == ANK_NPOS)
            cc->nartifacts--;
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return ANK_NPOS;
    }
    return at != ANK_NPOS ? at : cc->nartifacts - 1;
}

size_t ank__ir_defer(ank_bctx *b, ank_cstate *cc)
{
    return end_into(b, cc, ANK_NPOS, false);
}

void ank__ir_resume(ank_cstate *cc, size_t index)
{
    ank_islot *s = &cc->artifacts[index];
    cc->scratch.len = 0;
    ank__buf_append(&cc->scratch, s->text, s->len);
    ank__free(s->text); /* ank__ir_defer's own copy */
    *s = (ank_islot){0};
}

size_t ank__ir_end_at(ank_bctx *b, ank_cstate *cc, size_t index)
{
    return end_into(b, cc, index, true);
}

/* A streamed document's buffer holds at most this many bytes: it goes to
 * the caller's sink when full, and a longer run of an artifact's text
 * (most of a large grammar's) goes there straight (buf.h's limit). */
#define DOC_CHUNK 1024

/* cc->scratch's sink in a streamed compile: the artifact's compact text,
 * whole or a piece of it, indented into the document. */
static int indent_into_doc(void *context, const char *data, size_t len)
{
    ank_cstate *cc = context;
    ank__ir_text_indent_more(cc->doc, &cc->indent, data, len);
    return cc->doc->sink_error ? cc->doc->sink_error
           : cc->doc->failed   ? ENOMEM
                               : 0;
}

/* Record a streamed document's failure: the sink's, or out of memory. */
static void stream_failed(ank_bctx *b, ank_cstate *cc)
{
    if (cc->doc->sink_error)
        ank__bctx_fail(b, ANK_ERR_IO, "cannot write the document: %s",
                       strerror(cc->doc->sink_error));
    else
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
}

size_t ank__ir_end(ank_bctx *b, ank_cstate *cc)
{
    if (!cc->doc)
        return end_into(b, cc, ANK_NPOS, true);
    ank__buf_putc(&cc->scratch, '}');
    ank__buf_drain(&cc->scratch, 0);
    ank__ir_text_indent_end(cc->doc, &cc->indent);
    if (cc->scratch.failed || cc->doc->failed) {
        stream_failed(b, cc);
        return ANK_NPOS;
    }
    return cc->nwritten++;
}

static void release_slots(ank_islot *slots, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (slots[i].own)
            ank__free(slots[i].text);
    }
    ank__free(slots);
}

void ank__ir_release_artifacts(ank_cstate *cc)
{
    ank__buf_release(&cc->scratch);
    release_slots(cc->artifacts, cc->nartifacts);
    cc->artifacts = NULL;
    cc->nartifacts = cc->capartifacts = 0;
    ank__arena_release(&cc->texts);
}

/* Everything of the document but its artifacts, with "artifacts": [] in
 * their place (NULL when out of memory, which is recorded). */
static json_t *doc_of(ank_bctx *b, ank_cstate *cc)
{
    static const struct {
        unsigned bit;
        const char *name;
    } emits[] = {{ANK_EMIT_SCHEMA, "schema"}, {ANK_EMIT_TOOLS, "tools"},
                 {ANK_EMIT_GBNF, "gbnf"},     {ANK_EMIT_LARK, "lark"},
                 {ANK_EMIT_REGEX, "regex"},   {ANK_EMIT_SPECS, "specs"}};
    json_t *doc = json_object();
    ank__jset(b, doc, "format", ank__jstr(ANK_IR_FORMAT));
    json_t *gen = json_object();
    ank__jset(b, gen, "name", ank__jstr("ananke"));
    ank__jset(b, gen, "version", ank__jstr(ANK_VERSION_STRING));
    ank__jset(b, doc, "generator", gen);
    json_t *input = json_object();
    ank__jset(b, input, "format", ank__jstr(ANK_CONSTRAINTS_FORMAT));
    ank__jset(b, input, "files", json_integer((json_int_t)b->in->nfiles));
    ank__jset(b, input, "constraints", json_integer((json_int_t)b->in->count));
    ank__jset(b, doc, "input", input);
    json_t *emit = json_array();
    for (size_t i = 0; i < sizeof emits / sizeof *emits; i++)
        if (cc->emit & emits[i].bit)
            ank__jpush(b, emit, ank__jstr(emits[i].name));
    ank__jset(b, doc, "emit", emit);
    ank__jset(b, doc, "artifacts", json_array()); /* a placeholder */
    ank__jset(b, doc, "conflicts", json_incref(cc->conflicts));
    ank__jset(b, doc, "merged", json_incref(cc->merged));
    if (b->status != ANK_OK) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

/* The placeholder: the header before it holds no such key. */
static const char hole[] = "\"artifacts\": []";

/* doc printed as the document prints it (new, freed with ank_free), and
 * in *at the offset where its artifacts go, just past the '['; NULL when
 * out of memory. */
static char *dump_rest(const json_t *doc, size_t *at)
{
    char *rest = json_dumps(doc, DUMP_INDENTED);
    const char *p = rest ? strstr(rest, hole) : NULL;
    if (!p) { /* out of memory: the placeholder is always there */
        ank_free(rest);
        return NULL;
    }
    *at = (size_t)(p - rest) + sizeof hole - 2;
    return rest;
}

void ank__ir_stream_begin(ank_bctx *b, ank_cstate *cc, ank_buf *doc)
{
    cc->doc = doc;
    doc->limit = DOC_CHUNK;
    cc->scratch.sink = indent_into_doc;
    cc->scratch.sink_context = cc;
    json_t *tree = doc_of(b, cc);
    size_t at = 0;
    char *rest = tree ? dump_rest(tree, &at) : NULL;
    if (!rest)
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    else
        ank__buf_append(doc, rest, at);
    ank_free(rest);
    json_decref(tree);
}

void ank__ir_stream_end(ank_bctx *b, ank_cstate *cc)
{
    json_t *tree = doc_of(b, cc);
    size_t at = 0;
    char *rest = tree ? dump_rest(tree, &at) : NULL;
    if (!rest) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
    } else {
        if (cc->nwritten)
            ank__ir_text_newline(cc->doc, ARTIFACT_DEPTH - 1);
        ank__buf_puts(cc->doc, rest + at);
        ank__buf_putc(cc->doc, '\n');
        ank__buf_drain(cc->doc, 0);
        if (cc->doc->failed)
            stream_failed(b, cc);
    }
    ank_free(rest);
    json_decref(tree);
}

ank_ir *ank__ir_new(ank_bctx *b, ank_cstate *cc)
{
    json_t *doc = doc_of(b, cc);
    size_t n = cc->nartifacts;
    ank_ir *ir = b->status == ANK_OK ? ank__calloc(1, sizeof *ir) : NULL;
    if (ir && n) {
        ir->trees = ank__malloc(n * sizeof *ir->trees);
        if (!ir->trees) {
            ank__free(ir);
            ir = NULL;
        }
    }
    if (!ir) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        json_decref(doc);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        atomic_init(&ir->trees[i], NULL);
    ir->doc = doc;
    ir->artifacts = cc->artifacts;
    ir->nartifacts = n;
    ir->texts = cc->texts;
    cc->texts = (ank_arena)ANK_ARENA_INIT;
    cc->artifacts = NULL;
    cc->nartifacts = cc->capartifacts = 0;
    ank__buf_release(&cc->scratch);
    ir->nconflicts = json_array_size(cc->conflicts);
    return ir;
}

ANK_API void ank_ir_free(ank_ir *ir)
{
    if (!ir)
        return;
    json_decref(ir->doc);
    release_slots(ir->artifacts, ir->nartifacts);
    ank__arena_release(&ir->texts);
    for (size_t i = 0; ir->trees && i < ir->nartifacts; i++)
        json_decref(atomic_load_explicit(&ir->trees[i], memory_order_relaxed));
    ank__free(ir->trees);
    ank__free(ir);
}

ANK_API ank_status ank_ir_write(const ank_ir *ir, char **out, size_t *length,
                                ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (length)
        *length = 0;
    if (!ir || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_ir_write: %s is NULL", ir ? "out" : "ir");
    size_t at = 0;
    char *rest = dump_rest(ir->doc, &at);
    if (!rest)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    size_t total = strlen(rest) + 2;
    for (size_t i = 0; i < ir->nartifacts; i++)
        total += ir->artifacts[i].len * 5 / 4 + 16;
    ank_buf text = ANK_BUF_INIT;
    ank__buf_reserve(&text, total);
    ank__buf_append(&text, rest, at);
    for (size_t i = 0; i < ir->nartifacts; i++) {
        if (i)
            ank__buf_putc(&text, ',');
        ank__ir_text_newline(&text, ARTIFACT_DEPTH);
        ank__ir_text_indent(&text, ir->artifacts[i].text, ir->artifacts[i].len,
                 ARTIFACT_DEPTH);
    }
    if (ir->nartifacts)
        ank__ir_text_newline(&text, ARTIFACT_DEPTH - 1);
    ank__buf_puts(&text, rest + at);
    ank__buf_putc(&text, '\n');
    ank_free(rest);
    if (text.failed) {
        ank__buf_release(&text);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    size_t n = 0;
    *out = ank__buf_take(&text, &n);
    if (length)
        *length = n;
    return ANK_OK;
}

ANK_API size_t ank_ir_artifact_count(const ank_ir *ir)
{
    return ir ? ir->nartifacts : 0;
}

ANK_API size_t ank_ir_conflict_count(const ank_ir *ir)
{
    return ir ? ir->nconflicts : 0;
}
