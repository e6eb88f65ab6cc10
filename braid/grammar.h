/*
 * grammar.h - a small context-free grammar model, printed in two dialects:
 * GBNF (llama.cpp; XGrammar's EBNF is a superset) and Lark as llguidance
 * reads it.  docs/grammars.md documents the exact subset each printer emits.
 *
 * A grammar owns every expression and rule made from it (one arena).
 * Constructors never return NULL to the caller's control flow: on
 * allocation failure they return a shared "failed" node and set a sticky
 * flag, so callers build freely and check ank__gram_failed() once.
 *
 * Rules are handles.  Declare first (a rule may be referenced before it is
 * defined, which is how recursion and cycles are written), define once.
 * Names are hints: the printer sanitises them for the dialect (GBNF allows
 * [a-zA-Z0-9-]; Lark rules are [a-z_][a-z0-9_]*) and makes them unique.
 * The root rule prints as `root` (GBNF) and `start` (Lark).
 *
 * Text is UTF-8; character classes are ranges of Unicode code points.
 */
#ifndef ANK_GRAMMAR_H
#define ANK_GRAMMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ffi/buf.h"

typedef struct ank_gram ank_gram;
typedef struct ank_gexpr ank_gexpr;
typedef struct ank_grule ank_grule;

typedef enum ank_gram_dialect {
    ANK_GRAM_GBNF,
    ANK_GRAM_LARK
} ank_gram_dialect;

/* Unbounded repetition. */
#define ANK_G_INF UINT32_MAX

/* A new empty grammar, or NULL when out of memory. */
ank_gram *ank__gram_new(void);
/* Free the grammar and everything made from it; NULL is a no-op. */
void ank__gram_free(ank_gram *g);
/* Has any constructor failed (out of memory)? */
bool ank__gram_failed(const ank_gram *g);
/* Zeroed scratch memory that lives as long as the grammar; NULL, and the
 * grammar failed, when out of memory. */
void *ank__gram_alloc(ank_gram *g, size_t size);

/* ---------------------------------------------------------- expressions */

/* The empty string. */
ank_gexpr *ank__g_empty(ank_gram *g);
/* A literal: `len` bytes of UTF-8 (copied). */
ank_gexpr *ank__g_lit(ank_gram *g, const char *text, size_t len);
/* A NUL-terminated literal (copied). */
ank_gexpr *ank__g_str(ank_gram *g, const char *text);
/* One code point from `nranges` inclusive [lo, hi] pairs (`ranges` holds
 * 2 * nranges values), or from their complement when `negated`. */
ank_gexpr *ank__g_class(ank_gram *g, bool negated, const uint32_t *ranges,
                        size_t nranges);
/* Sequence and alternation of `n` expressions (copied array); n == 0 gives
 * the empty string (seq) or a failure (alt). */
ank_gexpr *ank__g_seq(ank_gram *g, ank_gexpr *const *items, size_t n);
ank_gexpr *ank__g_alt(ank_gram *g, ank_gexpr *const *items, size_t n);
ank_gexpr *ank__g_seq2(ank_gram *g, ank_gexpr *a, ank_gexpr *b);
/* ank__g_seq and ank__g_alt of n >= 2 items that need no normalising, for
 * generators that build them so, unchecked: none NULL; for a sequence
 * none empty or a sequence of up to 64 items, no two literals adjacent;
 * for an alternation none empty, optional ({0,1}) or an alternation of
 * up to 64 items.  A failed item fails the node, as there.  The node is
 * the one ank__g_seq or ank__g_alt would make of them. */
ank_gexpr *ank__g_seq_ready(ank_gram *g, ank_gexpr *const *items, size_t n);
ank_gexpr *ank__g_alt_ready(ank_gram *g, ank_gexpr *const *items, size_t n);
ank_gexpr *ank__g_alt2(ank_gram *g, ank_gexpr *a, ank_gexpr *b);
/* `e` repeated min..max times (max may be ANK_G_INF). */
ank_gexpr *ank__g_rep(ank_gram *g, ank_gexpr *e, uint32_t min, uint32_t max);
/* A reference to a rule. */
ank_gexpr *ank__g_ref(ank_gram *g, ank_grule *rule);

/* ---------------------------------------------------------------- rules */

/* Declare a rule named after `hint`; NULL only when out of memory (and
 * then the grammar has failed). */
ank_grule *ank__gram_declare(ank_gram *g, const char *hint);
/* Give a declared rule its body (once). */
void ank__gram_define(ank_gram *g, ank_grule *rule, ank_gexpr *body);
/* Declare and define in one step. */
ank_grule *ank__gram_rule(ank_gram *g, const char *hint, ank_gexpr *body);
/* The text a rule's body prints as, prebuilt: what the printers write for
 * some body that refers to no rule, in each dialect (ANK_GRAM_GBNF,
 * ANK_GRAM_LARK), as it is and JSON-escaped (ank__gram_write_json).  For
 * fixed rules that many grammars hold; not copied (a static). */
typedef struct ank_gram_text {
    const char *text[2][2]; /* [dialect][JSON-escaped] */
    uint32_t len[2][2];
} ank_gram_text;

/* An ank_gram_text initialiser from four string literals. */
#define ANK_GRAM_TEXT(gbnf, lark, gbnf_json, lark_json)                    \
    {{{gbnf, gbnf_json}, {lark, lark_json}},                               \
     {{sizeof gbnf - 1, sizeof gbnf_json - 1},                             \
      {sizeof lark - 1, sizeof lark_json - 1}}}

/* Give a declared rule the body `text` (once). */
void ank__gram_define_text(ank_gram *g, ank_grule *rule,
                           const ank_gram_text *text);
/* May generators give their fixed rules prebuilt text (true unless
 * ank__gram_spell_out)?  ank__gram_spell_out: build them as expressions,
 * which print the same text (the tests compare the two). */
bool ank__gram_prebuilt(const ank_gram *g);
void ank__gram_spell_out(ank_gram *g);
/* Can `rule` match some text (every rule it cannot do without is defined
 * and can)?  1 or 0; -1 when out of memory or the grammar failed. */
int ank__gram_productive(const ank_gram *g, const ank_grule *rule);
/* Make `rule` the start rule. */
void ank__gram_set_root(ank_gram *g, ank_grule *rule);

/* --------------------------------------------------------- shared rules */

/* The rule registered under `key` in this grammar, or NULL.  Generators
 * use it to declare helper rules once per grammar (one JSON string rule,
 * one whitespace rule per bound) and to find the rule of a schema that is
 * being converted (recursion through $ref). */
ank_grule *ank__gram_lookup(const ank_gram *g, const char *key);
/* Register `rule` under `key` (copied); a later registration of the same
 * key wins.  Out of memory fails the grammar. */
void ank__gram_register(ank_gram *g, const char *key, ank_grule *rule);
/* ank__gram_register for a key that ank__gram_lookup has just not found
 * (the keys are not searched again). */
void ank__gram_register_new(ank_gram *g, const char *key, ank_grule *rule);

/* ------------------------------------------------------------- printing */

/* Append the grammar in `dialect` to `out`: the root first, then every rule
 * reachable from it in first-reference order, so output is deterministic.
 * Returns ANK_OK, ANK_ERR_NOMEM (the grammar or `out` failed) or
 * ANK_ERR_INTERNAL (no root, or a referenced rule never defined). */
ank_status ank__gram_write(const ank_gram *g, ank_gram_dialect dialect,
                           ank_buf *out);

/* ank__gram_write, but the text appended is JSON-escaped: the contents of
 * a JSON string, without the quotes, exactly as jansson escapes the plain
 * text (and always UTF-8).  The same results and failures. */
ank_status ank__gram_write_json(const ank_gram *g, ank_gram_dialect dialect,
                                ank_buf *out);

#endif
