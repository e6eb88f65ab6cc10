#!/bin/sh
# rules_cost.sh - what the new kinds cost, in instructions (callgrind counts
# are repeatable, unlike times on a shared machine).
#
#   sh benches/rules_cost.sh [BUILD] [LANG...]
#
# For each fixture of each language (make fixtures first): instructions
# spent in ts_parser_parse_string (the bare parse), in ank_clew_extract with
# --declarations-only, and in ank_clew_extract with every kind; then
# decl/parse and the new kinds' share, full/decl - 1 (budget: 15%).
set -eu
BUILD=${1:-build}
[ $# -gt 0 ] && shift
LANGS=${*:-typescript python rust go zig}
command -v valgrind >/dev/null || { echo "rules_cost: needs valgrind" >&2; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# ir FUNCTION ARGS...: instructions inside FUNCTION while running ananke.
ir() {
    fn=$1
    shift
    valgrind --tool=callgrind --toggle-collect="$fn" --callgrind-out-file="$out" \
        "$BUILD/ananke" extract -q --no-cache "$@" >/dev/null 2>&1
    callgrind_annotate "$out" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
}

printf '%-11s %-7s %14s %14s %14s %8s %10s\n' language input parse decl full \
    decl/parse "new kinds"
for lang in $LANGS; do
    for size in small medium large xlarge; do
        f=$(ls "$BUILD/fixtures/$lang/$size".* | grep -v truth)
        parse=$(ir ts_parser_parse_string "$f")
        decl=$(ir ank_clew_extract --declarations-only "$f")
        full=$(ir ank_clew_extract "$f")
        awk -v l="$lang" -v s="$size" -v p="$parse" -v d="$decl" -v f="$full" \
            'BEGIN { printf "%-11s %-7s %14d %14d %14d %7.2fx %+9.1f%%\n",
                     l, s, p, d, f, d / p, (f / d - 1) * 100 }'
    done
done
