/*
 * schema_memo.h - the defs of one compile, built once (schema_memo.c).
 *
 * Every schema document and tool definition that references a shape needs
 * its def, and the defs of the shapes that one references.  Building a
 * def of a non-generic shape is recorded as what it did to the document
 * (defs added, notes added, keys looked up, shapes referenced); the next
 * document that needs it replays the record when the replay is sure to
 * give the same bytes, and builds it anew otherwise.
 */
#ifndef ANK_BRAID_SCHEMA_MEMO_H
#define ANK_BRAID_SCHEMA_MEMO_H

#include "schema_walk.h"

/* Shape bodies built inside one another, at most (deeper: {} and a note). */
#define ANK_SCHEMA_MAX_DEFS_DEPTH 64

typedef struct ank_smemo ank_smemo;

/* Tests only: non-zero builds every def anew, so that a test can compare
 * a compile with the memo and without it.  Set it while no compile runs. */
extern int ank__schema_memo_off;

/* Replay the record of shape s's def at `key` (s referenced without type
 * arguments) into w's document.  False when there is none that gives the
 * same result here: the caller builds the def. */
bool ank__schema_memo_replay(ank_swalk *w, const ank_constraint *s,
                             const char *key);
/* Around the build of the def at `key`: begin right before its placeholder
 * is stored (`record`: s is referenced without type arguments, so the
 * build is recorded), end right after the def replaced it.  begin returns
 * what end takes. */
bool ank__schema_memo_begin(ank_swalk *w, const ank_constraint *s,
                            const char *key, bool record);
void ank__schema_memo_end(ank_swalk *w, bool recorded, const char *key,
                          json_t *def);
/* Around the body of a shape document's root s (no frame open): its
 * build is recorded as the def of s at `key` (the key a reference to s
 * without type arguments gives), to be replayed where s is a def.
 * begin returns what end takes; end takes the document holding what the
 * def would (title, description, body) after "$schema", nothing else. */
bool ank__schema_memo_root_begin(ank_swalk *w, const ank_constraint *s,
                                 const char *key);
void ank__schema_memo_root_end(ank_swalk *w, bool recorded, json_t *out);
/* What the build of a def reads and adds: a reference to shape s, a look
 * up of `key` in the defs (found or not), a def cut off for depth, a note
 * added to w->notes (`from_text`: its type is w->text). */
void ank__schema_memo_ref(ank_swalk *w, const ank_constraint *s);
void ank__schema_memo_probe(ank_swalk *w, const char *key, bool found);
void ank__schema_memo_cutoff(ank_swalk *w);
void ank__schema_memo_note(ank_swalk *w, json_t *note, bool from_text);

/* Values the documents of a compile share, never to be changed (copy one
 * first): the JSON string of s[0..n) (valid UTF-8) or of a string
 * constant `lit` (static storage: its address finds it again),
 * {"$ref": ref[0..n)} (keys are ASCII, and anything else is checked), and
 * the leaf {"type": type} or, with a key, {"type": type, key: value} (all
 * three string constants).  A new reference, or NULL after a failure in
 * w->b. */
json_t *ank__schema_shared_str(ank_swalk *w, const char *s, size_t n);
json_t *ank__schema_shared_lit(ank_swalk *w, const char *lit);
json_t *ank__schema_shared_ref(ank_swalk *w, const char *ref, size_t n);
json_t *ank__schema_shared_typed(ank_swalk *w, const char *type,
                                 const char *key, const char *value);
/* The shared object of n members (kv: name, value, name, value, ...; each
 * name a shared string as ank__schema_shared_str gives it, each value
 * never to be changed) and the shared array of n items (never to be
 * changed), made on first use: objects and arrays of the same values are
 * one value.  A new reference, or NULL after a failure in w->b. */
json_t *ank__schema_shared_object(ank_swalk *w, json_t *const *kv, size_t n);
json_t *ank__schema_shared_array(ank_swalk *w, json_t *const *items,
                                 size_t n);

/* Can a shape of w->lang have a name whose last "."-separated segment is
 * seg[0..n)?  False only when none has: a name looked up whose last
 * segment is no shape's needs no look up at all.  False after a failure
 * too (w->b tells). */
bool ank__schema_memo_may_name(ank_swalk *w, const char *seg, size_t n);

/* Release the memo (NULL: nothing). */
void ank__schema_memo_free(ank_smemo *m);

#endif
