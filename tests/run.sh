#!/bin/sh
# run.sh - run every test suite and end with one line "N passed, N failed".
#
#   BUILD=build SAN_FLAGS="..." sh tests/run.sh
#
# Each suite prints "<suite>: N passed, N failed" as its last line; a suite
# that dies before printing it counts as one failure.
set -u
BUILD=${BUILD:-build}
total_passed=0
total_failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

suite() {
    name=$1
    shift
    "$@" >"$log" 2>&1
    status=$?
    cat "$log"
    line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "$name: exited with status $status before reporting" >&2
        total_failed=$((total_failed + 1))
        return
    fi
    p=$(echo "$line" | sed -E 's/^[a-z]+: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
    if [ "$f" = 0 ] && [ "$status" != 0 ]; then
        echo "$name: exited with status $status" >&2
        total_failed=$((total_failed + 1))
    fi
}

suite unit "$BUILD/tests/unit"
suite golden "$BUILD/tests/golden" tests/golden
suite cli sh tests/cli.sh "$BUILD"
suite readme sh tests/readme.sh "$BUILD"
suite fixtures python3 tests/fixtures_check.py "$BUILD"
# Compile every golden input and fixture; real engines check the output.
suite braid sh tests/braid.sh "$BUILD"
# Replays the fuzz corpus and every golden input (tests/fuzz/fuzz_extract.c).
suite fuzz "$BUILD/tests/fuzz_extract" tests/fuzz/corpus/extract/* \
    tests/golden/clew/*/input.*
# Every JSON the tests produced or compare against must match the schema.
suite schema node tests/schema_check.js tests/golden/clew/*/expected.json \
    "$BUILD"/tests/cli-out/*.json "$BUILD"/tests/cli-out/*.ndjson \
    "$BUILD"/tests/cli-out/*.sarif "$BUILD"/tests/braid/*.constraints.json

echo "$total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
