/*
 * json_lex.h - the rules of JSON text itself that schema conversion
 * (json_grammar.c) builds on: whitespace, strings, numbers, dates, any
 * value, members, and the literal of a given value (json_lex.c).
 */
#ifndef ANK_JSON_LEX_H
#define ANK_JSON_LEX_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "grammar_int.h"

/* The shared rules of JSON text (json_lex.c), by slot. */
typedef enum ank_jrule {
    ANK_JR_WS, ANK_JR_STRING, ANK_JR_VALUE, ANK_JR_OBJECT, ANK_JR_ARRAY,
    ANK_JR_NUMBER, ANK_JR_UNSIGNED, ANK_JR_INTEGER, ANK_JR_NATURAL,
    ANK_JR_DATE_TIME, ANK_JR_DATE, ANK_JR_TIME, ANK_JR_UUID,
    ANK_JR_COUNT_
} ank_jrule;

/* The punctuation of JSON text, by slot. */
typedef enum ank_jpunct {
    ANK_JP_COMMA, ANK_JP_COLON, ANK_JP_LBRACE, ANK_JP_RBRACE,
    ANK_JP_LBRACKET, ANK_JP_RBRACKET, ANK_JP_QUOTE,
    ANK_JP_COUNT_
} ank_jpunct;

/* One conversion into a grammar. */
typedef struct ank_jctx {
    ank_gram *g;
    const json_t *root;
    unsigned ws; /* whitespace allowed at each point, at most */
    ank_error *error;
    bool failed;
    bool recursive; /* a schema's rule was referenced inside its body */
    int depth;
    /* Made once per conversion and then used wherever wanted: the shared
     * rules, a reference to each, the punctuation literals and the digit
     * class.  These are leaves, which print the same text wherever they
     * occur, so one node may stand at many places (grammar_int.h). */
    ank_grule *rules[ANK_JR_COUNT_];
    ank_gexpr *refs[ANK_JR_COUNT_];
    ank_gexpr *punct[ANK_JP_COUNT_];
    ank_gexpr *digit;
    /* json_grammar.c's item lists, a stack: first the caller's array,
     * then an ank__malloc'ed one (`scratch_owned`) once that is full */
    ank_gexpr **scratch;
    size_t top, cap;
    bool scratch_owned;
} ank_jctx;

static inline ank_gexpr *ank__jlex_lit(ank_jctx *j, const char *s)
{
    return ank__g_str(j->g, s);
}

/* Fail the conversion with ANK_ERR_FORMAT, "JSON Schema: what" and the
 * name quoted when not NULL (the first failure's message is kept); the
 * failed node. */
ank_gexpr *ank__jlex_fail(ank_jctx *j, const char *what, const char *name);

/* The literal of one punctuation character, made once per conversion. */
ank_gexpr *ank__jlex_punct(ank_jctx *j, ank_jpunct p);

#define ANK_JSEQ(j, ...)                                                   \
    ank__g_seq((j)->g, (ank_gexpr *[]){__VA_ARGS__},                       \
               sizeof((ank_gexpr *[]){__VA_ARGS__}) / sizeof(ank_gexpr *))
#define ANK_JALT(j, ...)                                                   \
    ank__g_alt((j)->g, (ank_gexpr *[]){__VA_ARGS__},                       \
               sizeof((ank_gexpr *[]){__VA_ARGS__}) / sizeof(ank_gexpr *))

/* `prefix` followed by n in decimal into `out` (room enough): the keys of
 * helper rules. */
void ank__jlex_name(char *out, const char *prefix, uint64_t n);

/* References to the shared rules (registered by name, made on first use):
 * whitespace (empty when j->ws is 0), any string, any value, integers and
 * numbers (`nonneg`: no minus sign), and strings of `format` date-time,
 * date, time or uuid (NULL for another format). */
ank_gexpr *ank__jlex_ws(ank_jctx *j);
ank_gexpr *ank__jlex_string(ank_jctx *j);
ank_gexpr *ank__jlex_value(ank_jctx *j);
ank_gexpr *ank__jlex_integer(ank_jctx *j, bool nonneg);
ank_gexpr *ank__jlex_number(ank_jctx *j, bool nonneg);
ank_gexpr *ank__jlex_format(ank_jctx *j, const char *format);
/* A string of min..max characters (max ANK_G_INF: no bound). */
ank_gexpr *ank__jlex_string_of(ank_jctx *j, uint32_t min, uint32_t max);
/* key ws ":" ws v */
ank_gexpr *ank__jlex_member(ank_jctx *j, ank_gexpr *key, ank_gexpr *v);

/* The compact JSON text of `v` as a literal; the JSON string of an object
 * key `name`.  A failed node when out of memory (or `name` is not UTF-8). */
ank_gexpr *ank__jlex_literal(ank_jctx *j, const json_t *v);
ank_gexpr *ank__jlex_key_literal(ank_jctx *j, const char *name);

#endif
