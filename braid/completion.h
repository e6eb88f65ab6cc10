/*
 * completion.h - the grammar of a hole's completion: the body text that
 * replaces the hole's byte range (docs/regex.md describes the construction
 * and its size bound).
 */
#ifndef ANK_COMPLETION_H
#define ANK_COMPLETION_H

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

/* Does `text` (len bytes of UTF-8) belong to the language of the grammar
 * above, for the same arguments?  ANK_OK, or ANK_ERR_FORMAT with the
 * reason and the byte offset in `error`, or the errors above.  For checks
 * after generation; the grammar and this read the text alike. */
ank_status ank__completion_check(ank_lang lang, const char *indent,
                                 const char *const *forbid, size_t nforbid,
                                 const char *text, size_t len,
                                 ank_error *error);

#endif
