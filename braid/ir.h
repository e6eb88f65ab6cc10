/*
 * ir.h - the compiled document (ir.c) and its accessors (ir_access.c).
 */
#ifndef ANK_IR_H
#define ANK_IR_H

#include <stdatomic.h>

#include "braid.h"

struct ank_ir {
    /* Everything but the artifacts, with "artifacts": [] in their place. */
    json_t *doc;
    ank_islot *artifacts; /* compact JSON texts */
    size_t nartifacts;
    ank_arena texts; /* where the texts that are not `own` are */
    /* Each artifact's tree, parsed on first access (ir_access.c); a
     * compare-and-swap publishes it, so readers on several threads agree
     * on one tree. */
    _Atomic(json_t *) *trees;
    size_t nconflicts;
};

/* An artifact written straight as compact text, with no tree: begin (the
 * common keys: id, which is also stored in `id`, kind, name, language,
 * sources), then the other keys in document order, then end, which adds
 * it to the document.  The text is built in cc->scratch, which nothing
 * else may use in between.  A string that is not UTF-8 fails the compile
 * with ANK_ERR_FORMAT; out of memory is recorded in b. */
void ank__ir_begin(ank_bctx *b, ank_cstate *cc, const char *kind,
                   ank_lang lang, const char *name, uint32_t ordinal,
                   const ank_constraint *const *sources, size_t nsources,
                   char id[17]);
void ank__ir_str(ank_bctx *b, ank_cstate *cc, const char *key,
                 const char *value); /* NULL: null */
void ank__ir_strn(ank_bctx *b, ank_cstate *cc, const char *key,
                  const char *value, size_t n);
void ank__ir_int(ank_cstate *cc, const char *key, long long value);
/* Open key `key` for a value the caller prints straight into cc->scratch
 * as JSON text (a grammar, JSON-escaped as it is printed: a large text is
 * never copied). */
void ank__ir_raw(ank_cstate *cc, const char *key);
void ank__ir_json(ank_cstate *cc, const char *key, const json_t *value);
void ank__ir_object(ank_cstate *cc, const char *key); /* "key":{ ... */
void ank__ir_object_end(ank_cstate *cc);              /* ... } */
/* Returns the artifact's index, ANK_NPOS after a failure. */
size_t ank__ir_end(ank_bctx *b, ank_cstate *cc);
/* A kept document only: put the artifact in cc->scratch, not yet ended,
 * in its place in the document now, to go on with it later: resume puts
 * its text back in cc->scratch, and end_at ends it in its place.  Defer
 * and end_at return the artifact's index, ANK_NPOS after a failure. */
size_t ank__ir_defer(ank_bctx *b, ank_cstate *cc);
void ank__ir_resume(ank_cstate *cc, size_t index);
size_t ank__ir_end_at(ank_bctx *b, ank_cstate *cc, size_t index);
/* A streamed compile: the document's text goes into `doc` (whose sink
 * takes it) as it is made, each artifact when it ends, and the text of a
 * large one in pieces as its writer drains cc->scratch; nothing is kept.
 * Begin writes the document up to its artifacts; end writes the rest and drains `doc`.  The bytes are those ank_ir_write
 * gives for the same compile kept.  Failures (ANK_ERR_IO when the sink
 * fails) are recorded in b. */
void ank__ir_stream_begin(ank_bctx *b, ank_cstate *cc, ank_buf *doc);
void ank__ir_stream_end(ank_bctx *b, ank_cstate *cc);

/* Release what is left of the artifacts of a compile (all of them when it
 * did not become a document) and the scratch buffer. */
void ank__ir_release_artifacts(ank_cstate *cc);

/* Assemble the document from a finished compile: splices the sources
 * added late into their artifacts, takes the artifacts from cc, and takes
 * its own references to the conflicts and merged arrays.  NULL after recording a failure in b. */
ank_ir *ank__ir_new(ank_bctx *b, ank_cstate *cc);

/* Artifact `index`'s tree (borrowed: it lives as long as ir), parsed on
 * first use; NULL when out of range or out of memory. */
const json_t *ank__ir_artifact(const ank_ir *ir, size_t index);

#endif
