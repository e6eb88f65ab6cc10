#!/bin/sh
# braid.sh - compile every golden input and every fixture, then check what
# braid emits with real engines: tests/braid_check.js (XGrammar, Ajv) and
# tests/engines/lark_check.py (Python's lark parses every Lark grammar).
#
#   sh tests/braid.sh BUILD_DIR [FIXTURES_DIR]
#
# Each input is extracted to a constraints document and compiled from that
# file; `ananke run` on the same input must give the same bytes (the
# in-memory and the JSON paths agree).  Ends with "braid: N passed, N failed"
# summed over the checks.  With SAN_FLAGS set (the sanitizer build) only the
# compiles run: the engines would check the same bytes again.
set -u
BUILD=${1:-build}
FIXTURES=${2:-$BUILD/fixtures}
ANANKE="$BUILD/ananke"
OUT="$BUILD/tests/braid"
rm -rf "$OUT"
mkdir -p "$OUT"
LIST="$OUT/pairs.txt"
: >"$LIST"
passed=0
failed=0

compile_one() { # NAME INPUT
    c="$OUT/$1.constraints.json"
    ir="$OUT/$1.ir.json"
    if ! "$ANANKE" extract -q -o "$c" "$2" ||
       ! "$ANANKE" compile -q "$c" >"$ir"; then
        echo "FAIL braid: $1: extract or compile failed" >&2
        failed=$((failed + 1))
        return
    fi
    if "$ANANKE" run -q "$2" | cmp -s - "$ir"; then
        passed=$((passed + 1))
    else
        echo "FAIL braid: $1: run and compile-from-JSON differ" >&2
        failed=$((failed + 1))
    fi
    echo "$c $ir" >>"$LIST"
}

for dir in tests/golden/clew/*/; do
    name=$(basename "$dir")
    input=$(ls "$dir"input.* 2>/dev/null | head -n 1)
    [ -n "$input" ] && compile_one "golden-$name" "$input"
done
for f in "$FIXTURES"/*/*.*; do
    case $f in *.truth.json) continue ;; esac
    lang=$(basename "$(dirname "$f")")
    size=$(basename "$f" | sed 's/\..*//')
    compile_one "fixture-$lang-$size" "$f"
done

if [ -n "${SAN_FLAGS:-}" ]; then
    echo "braid: $passed passed, $failed failed"
    [ "$failed" = 0 ]
    exit
fi

# add_counts NAME FILE: add FILE's "NAME: N passed, N failed" line to the
# totals (one failure when it is missing: the tool died).
add_counts() {
    grep -v "^$1:" "$2" | head -60 >&2
    line=$(grep "^$1:" "$2")
    p=$(echo "$line" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed\$/\1/p")
    f=$(echo "$line" | sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed\$/\2/p")
    if [ -z "$p" ]; then
        echo "FAIL braid: the $1 check did not finish" >&2
        failed=$((failed + 1))
    else
        passed=$((passed + p))
        failed=$((failed + f))
    fi
}

node tests/braid_check.js "$LIST" >"$OUT/check.out" 2>&1
add_counts braid "$OUT/check.out"

# every Lark grammar through Python's lark (Debian python3-lark)
node -e '
const fs = require("fs");
const cases = [];
for (const line of fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)) {
    const ir = JSON.parse(fs.readFileSync(line.split(/\s+/)[1], "utf8"));
    for (const a of ir.artifacts) {
        const name = `${a.kind} ${a.language} ${a.name}`;
        const lark = a.lark || (a.grammar && a.grammar.lark);
        if (!lark) continue;
        const accept = a.kind === "grammar" && a.target === "signature" ? [a.text] : [];
        cases.push({name, lark, accept, reject: []});
    }
}
fs.writeFileSync(process.argv[2], JSON.stringify(cases));
' "$LIST" "$OUT/lark-cases.json"
/usr/bin/python3 tests/engines/lark_check.py "$OUT/lark-cases.json" >"$OUT/lark.out" 2>&1
add_counts lark "$OUT/lark.out"
echo "braid: $passed passed, $failed failed"
[ "$failed" = 0 ]
