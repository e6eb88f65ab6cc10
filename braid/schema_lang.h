/*
 * schema_lang.h - each language's builtin types, literals and serde
 * renaming (schema_lang.c).
 */
#ifndef ANK_BRAID_SCHEMA_LANG_H
#define ANK_BRAID_SCHEMA_LANG_H

#include "schema_walk.h"

/* The schema of a builtin named type of w->lang (`t` is ANK_TYPE_NAMED),
 * or NULL with *known false when the name is not a builtin (NULL with
 * *known true: a failure was recorded).  Integer bounds beyond 2^53 are
 * left out (see docs/ir-types.md). */
json_t *ank__schema_builtin(ank_swalk *w, const ank_type *t,
                            const ank_sframe *f, bool *known);
/* The JSON value of a literal written in the source (`text`): a JSON
 * number, true/false/null, a string in double quotes (single quotes too
 * for Python and TypeScript), Python True/False/None.  NULL when the text
 * is not such a literal (or out of memory; w->b tells). */
json_t *ank__schema_literal(ank_swalk *w, const char *text);
/* `name` under serde's rename_all `rule` (field names when !variant,
 * variant names when variant).  A new string (ank__free), or NULL when out
 * of memory.  An unknown rule leaves the name as it is. */
char *ank__schema_rename(const char *rule, const char *name, bool variant);
/* The last segment of a path written with `sep` ("." or "::"). */
const char *ank__schema_last_segment(const char *name, const char *sep);
/* Does s (NULL: "") end with tail? */
bool ank__schema_ends_with(const char *s, const char *tail);

#endif
