/*
 * sig_grammar.h - grammars for function signatures and for identifiers
 * written in a naming style.  docs/grammars.md describes both.
 */
#ifndef ANK_SIG_GRAMMAR_H
#define ANK_SIG_GRAMMAR_H

#include "../clew/constraint.h"
#include "grammar.h"

/* The exact signature text of a function.signature (c->u.sig.signature),
 * lexed with the language's rules into tokens: whitespace between tokens
 * is flexible (bounded: at most e.g. 1 newline + indentation / a few
 * spaces) where the language allows whitespace, required (>=1) where two
 * word tokens would otherwise merge, and absent inside tokens. Strings
 * and comments are single tokens. Must accept the original text exactly
 * and reject a renamed parameter or changed type.
 *
 * The bounds grow to fit the original text: a gap may hold as many
 * newlines, and lines as much indentation, as the widest gap of the
 * original (at least 1 newline, 2 spaces before it and 8 after it).
 * Returns NULL for a constraint without signature text (the grammar is
 * left alone) or when out of memory (the grammar has failed). */
ank_grule *ank__grammar_signature(ank_gram *g, const ank_constraint *c);

/* Identifiers written in `style` for `lang`, following naming.c's
 * classification (read clew/naming.c: acronym, digit, leading/trailing
 * underscore rules per language) as closely as a grammar can.
 *
 * ASCII only; up to two leading and two trailing underscores; the first
 * character after them is a letter.  One rule per (language, style) and
 * grammar.  NULL for an unknown language or style, or when out of
 * memory. */
ank_grule *ank__grammar_identifier(ank_gram *g, ank_lang lang,
                                   ank_style style);

/* The same identifiers as one alternation of flat sequences (literals,
 * classes, runs of a class), for GBNF: XGrammar decides a token at a
 * place of the root rule from that rule alone, but a token that may run
 * past the end of a group or another rule only by trying it at every
 * step, thousands of them for an identifier's runs (a mask then takes
 * milliseconds, the flat form tens of microseconds).  Lark keeps the
 * nested form, whose runs llguidance's greedy lexemes split the one way.
 * NULL, with g untouched, for a style whose words need a repeated group
 * (kebab-case, Rust's and Zig's humps, `other`) or an unknown language;
 * NULL with g failed when out of memory. */
ank_grule *ank__grammar_identifier_flat(ank_gram *g, ank_lang lang,
                                        ank_style style);

#endif
