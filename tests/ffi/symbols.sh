#!/bin/sh
# symbols.sh - the shared library exports exactly the symbols listed in
# ffi/symbols.txt, and every function ffi/ananke.h declares is among them.
#
#   sh tests/ffi/symbols.sh BUILD
#
# Ends with "symbols: N passed, N failed".
set -u
BUILD=${1:-build}
lib="$BUILD/libananke.so"
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name, then a command whose success is the check
    name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        echo "FAIL $name" >&2
        failed=$((failed + 1))
    fi
}

grep -v '^#' ffi/symbols.txt | sed '/^$/d' > "$tmp/listed"
# T, D and B: code and data defined in the library; strip @@VERSION.
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDB]$/ { sub(/@.*/, "", $3); print $3 }' |
    sort > "$tmp/exported"
# Functions the header declares: "ANK_API type name(" over one or two lines.
grep -v '^#' ffi/ananke.h | tr '\n' ' ' | grep -oE 'ANK_API[^;(]*\(' |
    sed -E 's/.*[ *]([a-z_0-9]+) *\($/\1/' | sort > "$tmp/declared"

same() {
    if ! cmp -s "$1" "$2"; then
        diff "$1" "$2" | sed 's/^/    /' >&2
        return 1
    fi
}
check "sorted and unique: ffi/symbols.txt" sh -c "sort -u '$tmp/listed' | cmp -s - '$tmp/listed'"
check "the library exports the listed symbols (< listed, > exported)" \
    same "$tmp/listed" "$tmp/exported"
check "the header declares the listed symbols (< listed, > declared)" \
    same "$tmp/listed" "$tmp/declared"
check "soname carries the ABI major" sh -c \
    "readelf -d '$lib' | grep -q 'SONAME.*libananke\\.so\\.$(sed -n 's/^#define ANK_ABI_VERSION \([0-9]*\).*/\1/p' ffi/ananke.h)\\]'"
check "no tree-sitter symbol is exported" sh -c \
    "! nm -D --defined-only '$lib' | grep -q ' ts_'"
echo "symbols: $passed passed, $failed failed"
[ "$failed" = 0 ]
