#!/bin/sh
# readme.sh - every example in README.md runs: each `build/ananke ...` line of
# its sh blocks exits 0, every output line it quotes is what the tool prints,
# and the C program compiles against the built library and prints what the
# README implies, and the Python example runs over the shared library.
#
#   sh tests/readme.sh BUILD_DIR
#
# Ends with "readme: N passed, N failed".
set -u
BUILD=${1:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

# Command lines: README writes them as build/ananke; run them with BUILD's.
awk '/^```sh$/ {on=1; next} /^```$/ {on=0} on && /^build\/ananke / {print}' \
    README.md | sed 's/ *#.*$//' > "$T/commands"
while IFS= read -r line; do
    cmd=$(printf '%s' "$line" | sed "s|^build/ananke|$BUILD/ananke|; s|build/example|$T/example|g")
    if sh -c "$cmd" >"$T/out" 2>"$T/err"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL readme: $line" >&2
        sed 's/^/    /' "$T/err" >&2
    fi
done < "$T/commands"
[ -s "$T/commands" ] || { failed=$((failed + 1)); echo "FAIL readme: no commands found" >&2; }

# Output the README quotes (lines starting examples/inventory/ in plain code
# blocks) must be what the tool prints.
"$BUILD/ananke" extract -q -f text examples/inventory > "$T/text" 2>/dev/null
"$BUILD/ananke" holes -q examples/inventory >> "$T/text" 2>/dev/null
awk '/^```/ { if (open) { open = 0; plain = 0 } else { open = 1; plain = ($0 == "```") }; next }
     plain && /^examples\/inventory\// {print}' README.md \
    > "$T/quoted"
while IFS= read -r line; do
    if grep -qxF -- "$line" "$T/text"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL readme: quoted output not produced: $line" >&2
    fi
done < "$T/quoted"
[ -s "$T/quoted" ] || { failed=$((failed + 1)); echo "FAIL readme: no quoted output found" >&2; }

# The library example.
awk '/^```c$/ {on=1; next} /^```$/ {on=0} on {print}' README.md > "$T/example.c"
# shellcheck disable=SC2086  # SAN_FLAGS is a list of flags
if cc -std=c11 -Wall -Wextra -Werror ${SAN_FLAGS:-} -Iffi "$T/example.c" "$BUILD/libananke.a" \
        $(pkg-config --libs libpcre2-8 jansson libxxhash sqlite3) -lpthread \
        -o "$T/example" 2>"$T/err" &&
   "$T/example" >"$T/out" 2>&1 &&
   grep -q '^greet.py:1:1: function.signature greet$' "$T/out" &&
   grep -q '"format": "ananke.constraints/1"' "$T/out"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL readme: the C example" >&2
    sed 's/^/    /' "$T/err" "$T/out" >&2
fi

# The Python example, over the built shared library, on a file with holes
# (`source` is the file's text; the example prints one line per hole:
# `restock` is the one there).
if [ -z "${SAN_FLAGS:-}" ] && [ -f "$BUILD/libananke.so" ]; then
    {
        echo 'import sys'
        echo 'sys.path.insert(0, "ffi/python")'
        echo 'source = open("examples/inventory/service/models.py").read()'
        awk '/^```python$/ {on=1; next} /^```$/ {on=0} on {print}' README.md
    } > "$T/example.py"
    if ANANKE_LIBRARY="$BUILD/libananke.so" /usr/bin/python3 "$T/example.py" \
            >"$T/out" 2>&1 && grep -q "^restock root ::= " "$T/out"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL readme: the Python example" >&2
        sed 's/^/    /' "$T/out" >&2
    fi
fi

echo "readme: $passed passed, $failed failed"
[ "$failed" = 0 ]
