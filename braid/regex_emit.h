/*
 * regex_emit.h - the regexes braid emits (identifier styles, security
 * patterns, signature texts), written in the subset of regex.h.
 */
#ifndef ANK_REGEX_EMIT_H
#define ANK_REGEX_EMIT_H

#include "../clew/constraint.h"

/* An anchored regex (^...$) matching the identifiers that clew/naming.c
 * classifies as written in `style` for `lang`, reading every non-ASCII
 * letter as caseless (ANK_STYLE_OTHER: any identifier).  NULL for
 * ANK_LANG_UNKNOWN or an out-of-range value.  Static string. */
const char *ank__regex_style(ank_lang lang, ank_style style);

/* An anchored regex matching the signature text of c (function.signature):
 * the text's tokens in order, with bounded whitespace between them (a
 * prefix, without `$`, when clew cut the text).  A new string (freed with
 * ank__free); NULL when out of memory or c has no signature text. */
char *ank__regex_signature(const ank_constraint *c);

/* The unanchored regex of security pattern `pattern_id` ("python.eval"):
 * a match means the text uses the pattern.  NULL for an unknown id.
 * Static string. */
const char *ank__regex_pattern(const char *pattern_id);

/* ank__regex_pattern, and in need[0..1] literals of which every match
 * contains one (need[1] may be NULL): a text that holds neither cannot
 * match, whatever the engine. */
const char *ank__regex_pattern_need(const char *pattern_id,
                                    const char *need[2]);

#endif
