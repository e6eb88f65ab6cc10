/*
 * json_range.h - JSON integers and numbers within bounds (json_range.c).
 */
#ifndef ANK_JSON_RANGE_H
#define ANK_JSON_RANGE_H

#include "json_lex.h"

/* A reference to the rule of the integers an "integer" schema allows
 * under its minimum, exclusiveMinimum, maximum and exclusiveMaximum (each
 * nullable; numbers, else ignored).  One rule per range and grammar; the
 * shared json-integer or json-natural rule without an upper bound and
 * with no lower bound or 0.  Bounds that leave no integer fail the
 * conversion with ANK_ERR_FORMAT (the failed node). */
ank_gexpr *ank__jrange_integer(ank_jctx *j, const json_t *min,
                               const json_t *xmin, const json_t *max,
                               const json_t *xmax);

/* The same for a "number" schema: a reference to the rule of the decimal
 * numerals (no exponent, no -0) whose values are within the bounds, one
 * rule per range and grammar.  Without an upper bound and with no lower
 * bound or 0 it is the shared json-number or json-unsigned rule (which
 * take exponents); so it is, held to the sign alone, when a bound is
 * not a decimal of at most 18 integer and 40 fraction digits.  Bounds
 * that leave no number fail the conversion with ANK_ERR_FORMAT. */
ank_gexpr *ank__jrange_number(ank_jctx *j, const json_t *min,
                              const json_t *xmin, const json_t *max,
                              const json_t *xmax);

#endif
