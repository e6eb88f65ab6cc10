/*
 * schema_json.h - building schema JSON (schema_json.c): values, source
 * text as JSON strings, JSON pointers and notes.
 */
#ifndef ANK_BRAID_SCHEMA_JSON_H
#define ANK_BRAID_SCHEMA_JSON_H

#include "schema_walk.h"

/* obj[key] = v (stolen); records NOMEM (v freed) on failure. */
void ank__schema_put(ank_swalk *w, json_t *obj, const char *key, json_t *v);
/* arr += v (stolen); records NOMEM (v freed) on failure. */
void ank__schema_push(ank_swalk *w, json_t *arr, json_t *v);
/* A json string of source text, invalid UTF-8 replaced by
 * U+FFFD (NULL when out of memory); clean: the same as a new string. */
json_t *ank__schema_str(const char *s);
/* A json string of s[0..n) (no NUL inside), NULL when it is not UTF-8 (or
 * out of memory); ASCII skips jansson's check. */
json_t *ank__schema_text(const char *s, size_t n);
char *ank__schema_clean(const char *s);
/* {"type": type}; typed_format: {"type": type, key: value}. */
json_t *ank__schema_typed(ank_swalk *w, const char *type);
json_t *ank__schema_typed_format(ank_swalk *w, const char *type,
                                 const char *key, const char *value);

/* JSON pointer bookkeeping: append /a (and /b) to the path and
 * return the mark to go back to. */
size_t ank__schema_enter(ank_swalk *w, const char *a, const char *b);
size_t ank__schema_enter_index(ank_swalk *w, const char *a, size_t i);
void ank__schema_leave(ank_swalk *w, size_t mark);
/* Record a note at the current path.  `type` NULL: w->text. */
void ank__schema_note(ank_swalk *w, const char *type, const char *reason);
/* The empty schema {} with a note. */
json_t *ank__schema_any(ank_swalk *w, const char *type, const char *reason);

#endif
