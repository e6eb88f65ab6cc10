/*
 * completion.h - the grammar of a hole's completion: the body text that
 * replaces the hole's byte range (docs/regex.md describes the construction
 * and its size bound).
 */
#ifndef ANK_COMPLETION_H
#define ANK_COMPLETION_H

#include <stdbool.h>
#include <stddef.h>

#include "../clew/constraint.h"
#include "grammar.h"

/* Nonterminals allowed in one completion grammar; more is ANK_ERR_LIMIT. */
#define ANK_COMPLETION_MAX_RULES 20000
/* Longest Python indentation accepted, in bytes. */
#define ANK_COMPLETION_MAX_INDENT 40

/*
 * Add to `g` the grammar of a completion in `lang` and return its start
 * rule (not made the root):
 *   - brackets () [] {} balance, outside string and character literals and
 *     comments, which are lexed per language (docs/regex.md lists exactly
 *     what: TypeScript/TSX '...' "..." `...${...}`, // and block comments;
 *     Go "..." '...' `...`; Rust "..." (multi-line), r"..." r#"..."#,
 *     b"...", char literals and lifetimes, // and block comments; Zig
 *     "..." '...' and \\ line strings, // comments);
 *   - Python: brackets balance the same way (strings '...' "..." and
 *     triple-quoted, # comments) and every line after the first that is not
 *     blank, a comment, inside a triple-quoted string or after a \
 *     continuation starts with `indent` (spaces and tabs; NULL or "" for
 *     none; at most ANK_COMPLETION_MAX_INDENT bytes);
 *   - the text contains no match of any regex of `forbid` (regexes of the
 *     subset, read as unanchored searches over the whole completion: code,
 *     strings and comments alike).  This part is exact.
 * Returns NULL with `error` set on failure: ANK_ERR_INVALID_ARGUMENT (bad
 * language or indentation), ANK_ERR_FORMAT (a forbidden regex outside the
 * subset, or patterns that exclude every completion), ANK_ERR_LIMIT (the
 * automaton or the grammar exceeds its limit), ANK_ERR_NOMEM.
 */
ank_grule *ank__grammar_completion(ank_gram *g, ank_lang lang,
                                   const char *indent,
                                   const char *const *forbid, size_t nforbid,
                                   ank_error *error);

/* A completion grammar made once and printed in each dialect wanted:
 * the arguments and failures of ank__grammar_completion (ANK_OK and *out,
 * or the error and *out NULL). */
typedef struct ank_completion ank_completion;

ank_status ank__completion_new(ank_lang lang, const char *indent,
                               const char *const *forbid, size_t nforbid,
                               ank_completion **out, ank_error *error);

/* ank__completion_new, printed through the grammar model when `model`
 * (the text is the same; tests compare the two). */
ank_status ank__completion_make(ank_lang lang, const char *indent,
                                const char *const *forbid, size_t nforbid,
                                bool model, ank_completion **out,
                                ank_error *error);

/* Append the grammar in `dialect` to `out`, JSON-escaped when `json`:
 * exactly the text ank__gram_write or ank__gram_write_json gives of the
 * grammar of ank__grammar_completion made the root, or a printer of it
 * (ank__gprint_write) used for either dialect after the other.  ANK_OK,
 * or ANK_ERR_NOMEM with `out` as it was (unless it failed itself). */
ank_status ank__completion_write(ank_completion *c, ank_gram_dialect dialect,
                                 bool json, ank_buf *out);

/* Both dialects, into `gbnf` and `lark` (without sinks), as two calls of
 * ank__completion_write would append them, in about the time of one. */
ank_status ank__completion_write_both(ank_completion *c, bool json,
                                      ank_buf *gbnf, ank_buf *lark);

/* NULL is a no-op. */
void ank__completion_free(ank_completion *c);

/* Does `text` (len bytes of UTF-8) belong to the language of the grammar
 * above, for the same arguments?  ANK_OK, or ANK_ERR_FORMAT with the
 * reason and the byte offset in `error`, or the errors above.  For checks
 * after generation; the grammar and this read the text alike. */
ank_status ank__completion_check(ank_lang lang, const char *indent,
                                 const char *const *forbid, size_t nforbid,
                                 const char *text, size_t len,
                                 ank_error *error);

#endif
