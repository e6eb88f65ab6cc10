/*
 * json_pattern.h - the JSON strings whose content a regex matches: the
 * grammar of a schema's "pattern" (json_pattern.c).
 */
#ifndef ANK_JSON_PATTERN_H
#define ANK_JSON_PATTERN_H

#include "json_lex.h"

/* A reference to the rule of the JSON strings (quotes included) of `min`
 * to `max` characters (max ANK_G_INF: no upper bound; an escape counts as
 * one) whose content contains a match of `pattern`, as JSON Schema's
 * "pattern" says: a search, anchored only where the pattern says ^ or $.
 * The pattern is in braid's regex subset (docs/regex.md), with `.` read
 * as ECMA-262 reads it.  One rule per pattern, bounds and grammar.
 *
 * A pattern outside the subset, too large for an automaton (its states
 * times the bound, at most ANK_DFA_MAX_STATES), or matching no string
 * within the bounds fails the conversion with ANK_ERR_FORMAT
 * (ank__jlex_fail); out of memory fails the grammar.  Either way the node
 * returned is the failed one. */
ank_gexpr *ank__jpattern_string(ank_jctx *j, const char *pattern,
                                uint32_t min, uint32_t max);

#endif
