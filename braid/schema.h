/*
 * schema.h - JSON Schema (draft 2020-12) of type shapes and type
 * expressions, and tool definitions of function signatures.
 * docs/ir-types.md gives the per-language mapping and the `unsupported`
 * rule: a type braid cannot map becomes {} and a note, never a silent gap.
 */
#ifndef ANK_BRAID_SCHEMA_H
#define ANK_BRAID_SCHEMA_H

#include <jansson.h>
#include <stdbool.h>

#include "braid.h"

/* The JSON Schema (draft 2020-12) of one type.shape constraint, as a new
 * jansson object:
 *   {"$schema": "https://json-schema.org/draft/2020-12/schema",
 *    "title": <shape name>, "description": <doc, when any>, ...the type...,
 *    "$defs": {...}}            ($defs only when non-empty)
 * Every other type.shape (same language) it references, transitively, goes
 * under "$defs" keyed by a sanitized name, and references use
 * {"$ref": "#/$defs/<Name>"}; a reference to the shape itself uses
 * {"$ref": "#"}.  Recursive and mutually recursive types therefore work.
 * $defs entries are ordered topologically (a def after the defs it uses;
 * cycles broken at first visit, deterministic).
 * A type braid cannot map becomes {} and a note object
 *   {"path": "<JSON pointer into the schema>", "type": "<source text>",
 *    "reason": "<why>"}
 * is appended to `notes` (a json array the caller owns).  Never drops a
 * field silently.  Returns NULL only after recording a failure in b. */
json_t *ank__schema_shape(ank_bctx *b, const ank_constraint *shape,
                          json_t *notes);

/* The schema of one type expression `t` (source text `text`) of language
 * `lang`.  Named references to shapes of the input are added to `defs`
 * (an object the caller owns; the caller decides where it lives) and
 * referenced as "#/$defs/<Name>".  `path` is the JSON pointer of the result
 * inside the final document, used for notes (notes inside a def built
 * here say "/$defs/<Name>/...").  NULL t means "no type given": {} without
 * a note.  `defs` should hold the defs of one language only.  The result
 * is the caller's to add to (its members may be shared: never change
 * them). */
json_t *ank__schema_type(ank_bctx *b, ank_lang lang, const ank_type *t,
                         const char *text, json_t *defs, json_t *notes,
                         const char *path);

/* The tool definition of a function.signature:
 *   {"name": <function name; methods "Type.method" sanitized to
 *             ^[a-zA-Z0-9_-]{1,64}$ as OpenAI/Anthropic require>,
 *    "description": <doc first line, or the signature text>,
 *    "parameters": {"type": "object", "properties": {...},
 *                   "required": [...], "additionalProperties": false,
 *                   "$defs": {...} when needed}}
 * self/receiver parameters (ANK_PARAM_SELF) are left out; optional
 * parameters (ANK_PARAM_OPTIONAL / default_text) are not required;
 * variadic → array of the element type; **kwargs → left out with a note.
 * Note paths point into the tool object ("/parameters/properties/x").
 * Returns NULL after recording a failure. */
json_t *ank__schema_tool(ank_bctx *b, const ank_constraint *sig, json_t *notes);

/* Is this signature exported (public API a tool is made for)?  An
 * exported function or method with a body, not a constructor, not
 * underscore-private and not a test. */
bool ank__schema_tool_wanted(const ank_constraint *sig);

#endif
