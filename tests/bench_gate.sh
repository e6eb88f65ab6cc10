#!/bin/sh
# bench_gate.sh - proof that the regression gate works (docs/benchmarks.md).
#
#   sh tests/bench_gate.sh [BUILD]
#
#  1. Baselines from one counting run of the quick set, in a temporary file.
#  2. The gate on the unchanged tree five times in a row: every run passes
#     and reports nothing regressed and nothing improved (no false alarm).
#  3. The benchmark linked with a deliberate slowdown (clew/clew.c compiled
#     again with -DANK_BENCH_SLOWDOWN, a test-only build: extra passes over
#     the input in every extraction) fails the gate with status 1 and names
#     the extraction benchmarks, while benchmarks that extract nothing
#     (compiles of a prepared result, cache lookups) still pass.
# Ends with "bench_gate: N passed, N failed".  Needs valgrind.
set -u
BUILD=${1:-build}
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "  FAIL: $*" >&2; }

if ! command -v valgrind >/dev/null 2>&1; then
    echo "bench_gate: needs valgrind (apt-get install valgrind)" >&2
    echo "bench_gate: 0 passed, 1 failed"
    exit 1
fi
make -s BUILD="$BUILD" "$BUILD/ananke-bench" \
    "$BUILD/tests/ananke-bench-slowdown" fixtures >/dev/null || {
    echo "bench_gate: 0 passed, 1 failed"
    exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
base=$tmp/baselines.json
fx=$BUILD/fixtures

"$BUILD/ananke-bench" --gate "$base" --update --passes 1 --quick \
    --fixtures "$fx" >"$tmp/update.log" 2>&1
if [ $? = 0 ] && grep -q "baselines written" "$tmp/update.log"; then
    ok
else
    bad "writing the baselines"; cat "$tmp/update.log" >&2
fi

for run in 1 2 3 4 5; do
    "$BUILD/ananke-bench" --gate "$base" --quick --fixtures "$fx" \
        >"$tmp/run$run.log" 2>&1
    status=$?
    if [ "$status" = 0 ] &&
        grep -q "^gate: 0 regressed, 0 improved, [0-9]* unchanged, 0 new, 0 missing, 0 not comparable: pass" "$tmp/run$run.log" &&
        ! grep -q "REGRESSED" "$tmp/run$run.log"; then
        ok
    else
        bad "unchanged tree, run $run (status $status)"
        cat "$tmp/run$run.log" >&2
    fi
done

"$BUILD/tests/ananke-bench-slowdown" --gate "$base" --quick --fixtures "$fx" \
    >"$tmp/slow.log" 2>&1
status=$?
if [ "$status" = 1 ]; then ok; else bad "slowdown: status $status, not 1"; fi
for name in clew/typescript/small clew/python/large clew/go/small \
    clew/zig/large pipeline/rust ffi/extract_roundtrip; do
    if grep -q "^gate: FAIL $name " "$tmp/slow.log" &&
        grep -q "^  $name  *REGRESSED" "$tmp/slow.log"; then
        ok
    else
        bad "slowdown: $name not named"
    fi
done
# what does not extract is not blamed
for name in braid/density/250 cache/hit cache/sqlite_hit; do
    if grep -q "^  $name  *ok:" "$tmp/slow.log"; then
        ok
    else
        bad "slowdown: $name blamed"
    fi
done
if [ "$failed" != 0 ]; then cat "$tmp/slow.log" >&2; fi
echo "bench_gate: $passed passed, $failed failed"
[ "$failed" = 0 ]
