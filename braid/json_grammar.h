/*
 * json_grammar.h - JSON Schema to grammar: rules that match the JSON text
 * of a schema's instances.  docs/grammars.md lists what is enforced.
 */
#ifndef ANK_JSON_GRAMMAR_H
#define ANK_JSON_GRAMMAR_H

#include <jansson.h>

#include "grammar.h"

/* Rules matching the JSON text of instances of `schema` (a jansson object
 * in the subset braid emits: type, properties, required,
 * additionalProperties (false/schema), items, prefixItems, minItems,
 * maxItems, enum, const, anyOf, $ref "#", "#/$defs/X", minimum/maximum on
 * integers (may ignore bounds in the grammar: document), format
 * date-time/date (may treat as string: document), {} (any JSON value)).
 * `root_schema` resolves $ref.  Whitespace: at most `max_ws` (e.g. 2)
 * whitespace characters wherever JSON allows it — NEVER unbounded.
 * Property order: the order of "properties"; required ones must appear,
 * optional ones may be left out (ordering fixed is acceptable: document).
 * Strings: JSON string syntax with escapes, no raw control chars.
 * Returns the rule, or NULL after the grammar failed / with *error set
 * (ANK_ERR_FORMAT) for a schema it cannot convert.
 *
 * The rule matches the value alone, without whitespace around it.  Helper
 * rules (strings, numbers, any value, whitespace) are shared by every
 * schema converted into the same grammar, and converting the same schema
 * twice gives the same rule (schemas are known by address, so they must
 * stay alive, unchanged, as long as the grammar is built from them). */
ank_grule *ank__grammar_json(ank_gram *g, const json_t *schema,
                             const json_t *root_schema, unsigned max_ws,
                             ank_error *error);

#endif
