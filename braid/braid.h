/*
 * braid.h - the compile context shared by braid's modules.
 *
 * A compile reads one finished ank_result (from clew, or read back from
 * `ananke.constraints/1` JSON) and builds an `ananke.ir/1` document:
 * each artifact is built as a jansson tree and kept as compact JSON text
 * once it is complete (ir.c).  Every module that adds to the document
 * takes this context.
 * Failure is sticky: the first error is kept in `status`/`error`, later
 * calls see it and do nothing, and the driver checks once at the end.
 */
#ifndef ANK_BRAID_H
#define ANK_BRAID_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../clew/constraint.h"
#include "../clew/result.h"
#include "../ffi/arena.h"
#include "../ffi/buf.h"
#include "../ffi/status.h"
#include "ahead.h"
#include "grammar.h"
#include "ir_text.h"

typedef struct ank_bctx {
    const ank_result *in;
    ank_arena arena;          /* scratch, released with the context */
    const ank_constraint **shapes; /* type.shape constraints sorted by
                                      (language, name) */
    size_t nshapes;
    struct ank_shape_slot *shape_index; /* hash of (language, name) -> the
                                           first of `shapes` with them */
    size_t shape_mask;                  /* its size - 1 (a power of two) */
    uint32_t *by_id; /* hash of every constraint's id -> its input
                        position + 1 (0: empty); built on first use by
                        ank__braid_find */
    size_t id_mask;  /* its size - 1 (a power of two) */
    struct ank_smemo *smemo;  /* schema_memo.c: the defs built so far,
                                 created on first use */
    ank_status status;        /* first failure, ANK_OK while none */
    char message[160];        /* its message */
} ank_bctx;

/* Constraints with the same kind, language, name and content, merged:
 * `members` in input order, `first` == members[0]. */
typedef struct ank_dup {
    const ank_constraint *first;
    const ank_constraint **members;
    size_t count;
    uint32_t ordinal; /* among the distinct definitions of (kind, language,
                         name), in input order */
    size_t order;     /* input position of `first` */
    uint64_t content; /* hash of the content merged on (0 for a name met
                         once: it is not computed) */
} ank_dup;

/* An artifact of the document being built: its compact JSON text (ir.c). */
typedef struct ank_islot {
    char *text; /* NUL-terminated: from ank__malloc when `own`, else in
                   the document's arena (cc->texts, then ir->texts) */
    size_t len;
    bool own;
} ank_islot;

/* One compile: the options and the document being built. */
typedef struct ank_cstate {
    unsigned emit;                     /* ANK_EMIT_* bits */
    const char *const *spec_functions; /* borrowed from the options */
    ank_islot *artifacts; /* in document order (ank__ir_end) */
    size_t nartifacts, capartifacts;
    ank_arena texts; /* ir.c: the artifacts' texts but the large ones */
    ank_buf scratch; /* ir.c: where an artifact's text is printed */
    /* ir.c, a streamed document (ank_braid_compile_write): its text,
     * drained into the caller's sink as it grows, and where indenting
     * `scratch` into it has got to; `doc` is NULL when the document is
     * kept instead (artifacts) */
    ank_buf *doc;
    ank_indent indent;
    size_t nwritten; /* artifacts streamed */
    json_t *conflicts, *merged;
    ank_dup *dups;   /* signatures and shapes, by first appearance */
    size_t ndups;
    ank_dup **shape_order; /* the shapes' dups, a type after those it uses */
    size_t nshape_order;
    json_t *completions; /* spec.c: completion grammars built so far, by
                            (language, indent, forbidden patterns) */
    uint32_t ncompletions[ANK_LANG_COUNT_]; /* their artifacts per language,
                                               for the artifact ordinal */
    struct ank_spec_plan *specs; /* spec.c: what the specs will need */
    unsigned jobs; /* the options': threads, 0 any, 1 the calling one */
    /* parts made ahead (ahead.c): the completion grammars; for a kept
     * document with a second thread, the grammars of the shapes'
     * schemas, one job each in the order of shape_order from shape_job0
     * on (none when sig_job0 == shape_job0; used once `later` is); then the
     * signatures' grammars and regexes, one job each in the order of
     * `dups` from sig_job0 on */
    ank_ahead ahead;
    size_t shape_job0, sig_job0, nsig_jobs; /* nsig_jobs: used so far */
    /* braid.c: the shape artifacts whose grammars are written last, once
     * both threads may make them: each one's slot, job and notes */
    struct ank_shape_later *later;
    size_t nlater;
    json_t *tools; /* constraint id -> the id of its tool artifact */
} ank_cstate;

/* TSX is TypeScript to braid: its constraints are written, and read back,
 * as "typescript", so they compare and index as TypeScript. */
static inline ank_lang ank__braid_lang(ank_lang lang)
{
    return lang == ANK_LANG_TSX ? ANK_LANG_TYPESCRIPT : lang;
}

/* Set up a context over `in` (which must outlive it).  ANK_OK or
 * ANK_ERR_NOMEM. */
ank_status ank__bctx_init(ank_bctx *b, const ank_result *in);
void ank__bctx_release(ank_bctx *b);

/* Record a failure (the first one wins).  Returns `status`. */
ank_status ank__bctx_fail(ank_bctx *b, ank_status status, const char *fmt,
                          ...) ANK_PRINTF(3, 4);

/* The type.shape named `name` in `lang` (exact, qualified name such as
 * "Outer.Inner"), or NULL.  When several files define the name, the first
 * in (file, position) order. */
const ank_constraint *ank__braid_shape(const ank_bctx *b, ank_lang lang,
                                       const char *name);

/* The constraint whose id is `id`, or NULL (also when out of memory, which
 * is then recorded). */
const ank_constraint *ank__braid_find(ank_bctx *b, const char *id);

/* jansson helpers that record NOMEM in the context instead of returning
 * it: `v` is taken (stolen) either way. */
void ank__jset(ank_bctx *b, json_t *obj, const char *key, json_t *v);
void ank__jpush(ank_bctx *b, json_t *arr, json_t *v);

/* A new JSON string of s[0..n) (NULL when out of memory, or when s is not
 * UTF-8).  ASCII text skips jansson's UTF-8 check. */
json_t *ank__jtext(const char *s, size_t n);
/* json_string(s) the same way: NULL for a NULL s. */
json_t *ank__jstr(const char *s);

/* (braid.c) An artifact's id: XXH3 of kind, language, name and ordinal,
 * as 16 hex digits. */
void ank__braid_artifact_id(const char *kind, ank_lang lang, const char *name,
                            uint32_t ordinal, char id[17]);

/* (braid.c) The "gbnf" and "lark" keys, as cc->emit asks, of the
 * artifact being written as text (ir.h): each a JSON string whose
 * contents write(ctx, dialect, out) appends JSON-escaped; a failed write
 * fails the compile with its status. */
void ank__braid_dialect_keys(ank_bctx *b, ank_cstate *cc,
                             ank_status (*write)(void *ctx,
                                                 ank_gram_dialect dialect,
                                                 ank_buf *out),
                             void *ctx);
/* (braid.c) The keys of grammar `g` (its root set), one printer serving
 * both dialects. */
void ank__braid_grammar_keys(ank_bctx *b, ank_cstate *cc, ank_gram *g);

#endif
