/*
 * json_grammar.h - JSON Schema to grammar: rules that match the JSON text
 * of a schema's instances.  docs/grammars.md lists what is enforced.
 */
#ifndef ANK_JSON_GRAMMAR_H
#define ANK_JSON_GRAMMAR_H

#include <jansson.h>

#include "grammar.h"

/* The rule matching the JSON text of the instances of `schema` (a jansson
 * value; docs/grammars.md lists the keywords followed and how: types,
 * properties in their order, additionalProperties, propertyNames, items,
 * prefixItems, counts, enum, const, anyOf/oneOf, $ref, string lengths,
 * formats and patterns).  `root_schema` (NULL: `schema`) resolves $ref.
 * Whitespace is at most `max_ws` characters wherever JSON allows it, never
 * unbounded.
 *
 * Returns the rule, or NULL: ANK_ERR_FORMAT in *error (nullable) for a
 * schema it cannot convert (a keyword it cannot follow, a malformed one),
 * ANK_ERR_NOMEM after the grammar failed.
 *
 * The rule matches the value alone, without whitespace around it.  Helper
 * rules (strings, numbers, any value, whitespace, patterns) are shared by
 * every schema converted into the same grammar, and converting the same
 * schema twice gives the same rule (schemas are known by address, so they
 * must stay alive, unchanged, as long as the grammar is built from them). */
ank_grule *ank__grammar_json(ank_gram *g, const json_t *schema,
                             const json_t *root_schema, unsigned max_ws,
                             ank_error *error);

#endif
