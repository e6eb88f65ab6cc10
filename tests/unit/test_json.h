/*
 * test_json.h - JSON-text grammars of schemas for the unit tests of
 * braid's schema converter (test_braid_pattern.c, test_braid_range.c):
 * converted, printed, compiled for braid's matcher and run (test_json.c).
 */
#ifndef ANK_TEST_JSON_H
#define ANK_TEST_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../../braid/gmatch.h"
#include "../../braid/grammar.h"

/* The grammar of `schema` at whitespace bound `ws`, printed in dialect d:
 * new text (ank__free), or NULL with *e (nullable) set to the conversion's
 * error or ANK_ERR_NOMEM. */
char *test_json_grammar(const json_t *schema, unsigned ws, ank_gram_dialect d,
                        ank_error *e);
/* The same for schema text, at ws 0; NULL, and the reason on stderr, when
 * it does not convert. */
char *test_json_grammar_text(const char *schema, ank_gram_dialect d);
/* The GBNF of the schema text (ws 0) compiled for braid's matcher; NULL
 * after a failed CHECK. */
ank_ggram *test_json_matcher(const char *schema);
/* Does a new matcher of gg take all of text[0, n) and may it end there? */
bool test_json_accepts(const ank_ggram *gg, const char *text, size_t n);

/* Convert `schema` at ws 1 into dialect d with every allocation failed
 * in turn, from the first on, until one conversion succeeds: each
 * failure must be ANK_ERR_NOMEM (CHECKed; the harness counts leaked
 * blocks).  The number of allocations the conversion makes (0, after a
 * failed CHECK, when none succeeded within 5000). */
uint64_t test_json_fail_each(const json_t *schema, ank_gram_dialect d);

/* The source compiled into an IR document (ank_ir_free), and in *at the
 * index of its schema artifact of type `type` (ANK_NPOS, after a failed
 * CHECK, when there is none).  The result is freed. */
ank_ir *test_json_compile(const char *path, const char *src,
                          const char *type, size_t *at);

#endif
