/*
 * schema_json.h - building schema JSON (schema_json.c): values, source
 * text as JSON strings, JSON pointers and notes.
 */
#ifndef ANK_BRAID_SCHEMA_JSON_H
#define ANK_BRAID_SCHEMA_JSON_H

#include "schema_walk.h"

/* obj[key[0..n)] = v (stolen); records NOMEM (v freed) on failure.  put:
 * the same with strlen(key), known at compile time for a constant key. */
void ank__schema_putn(ank_swalk *w, json_t *obj, const char *key, size_t n,
                      json_t *v);
static inline void ank__schema_put(ank_swalk *w, json_t *obj, const char *key,
                                   json_t *v)
{
    ank__schema_putn(w, obj, key, strlen(key), v);
}
/* arr += v (stolen); records NOMEM (v freed) on failure. */
void ank__schema_push(ank_swalk *w, json_t *arr, json_t *v);
/* A json string of source text, invalid UTF-8 replaced by
 * U+FFFD (NULL when out of memory); clean: the same as a new string. */
json_t *ank__schema_str(const char *s);
/* A json string of s[0..n) (no NUL inside), NULL when it is not UTF-8 (or
 * out of memory); ASCII skips jansson's check. */
json_t *ank__schema_text(const char *s, size_t n);
char *ank__schema_clean(const char *s);
/* The shared JSON string of source text s (as ank__schema_str makes it);
 * never to be changed.  NULL after a failure recorded in w->b. */
json_t *ank__schema_shared_text(ank_swalk *w, const char *s);
/* s when it is valid UTF-8, else its cleaned copy, which *owned holds
 * (ank__free; NULL returned when out of memory).  *owned is set. */
const char *ank__schema_key(const char *s, char **owned);
/* {"type": type}, a new object to add to; leaf: the shared {"type":
 * type}, leaf_format: the shared {"type": type, key: value}, both never
 * to be changed (schema_memo.c).  type, key, value: string constants. */
json_t *ank__schema_typed(ank_swalk *w, const char *type);
json_t *ank__schema_leaf(ank_swalk *w, const char *type);
json_t *ank__schema_leaf_format(ank_swalk *w, const char *type,
                                const char *key, const char *value);

/* JSON pointer bookkeeping (written out only when a note needs it):
 * path_init starts w's pointer as `path` (raw text; NULL: ""), with room
 * for n steps at `small`, and path_release frees what it grew to; enter
 * appends /a (and /b; both borrowed until the leave), enter_index /a/i,
 * enter_raw text as it is, and each returns the mark leave goes back
 * to.  Running out of memory sets w->path_failed. */
void ank__schema_path_init(ank_swalk *w, ank_sseg *small, size_t n,
                           const char *path);
void ank__schema_path_release(ank_swalk *w);
size_t ank__schema_enter(ank_swalk *w, const char *a, const char *b);
size_t ank__schema_enter_index(ank_swalk *w, const char *a, size_t i);
size_t ank__schema_enter_raw(ank_swalk *w, const char *text);
void ank__schema_leave(ank_swalk *w, size_t mark);
/* Record a note at the current path.  `type` NULL: w->text. */
void ank__schema_note(ank_swalk *w, const char *type, const char *reason);
/* The empty schema {} with a note. */
json_t *ank__schema_any(ank_swalk *w, const char *type, const char *reason);

#endif
