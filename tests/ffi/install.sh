#!/bin/sh
# install.sh - `make install` with PREFIX and with DESTDIR, then programs
# built against the installed copy with nothing but pkg-config: the C
# example (ffi/examples/*.c) and tests/ffi/allocator.c, linked with the
# shared library and, from a copy without it, statically.
#
#   BUILD=build SANITIZE= SAN_FLAGS= sh tests/ffi/install.sh
#
# Ends with "install: N passed, N failed".
set -u
BUILD=${BUILD:-build}
SANITIZE=${SANITIZE:-}
SAN_FLAGS=${SAN_FLAGS:-}
CC=${CC:-cc}
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log="$tmp/log"

ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $*" >&2; sed 's/^/    /' "$log" >&2 2>/dev/null; failed=$((failed + 1)); }
check() { # description, command...
    what=$1
    shift
    if "$@" >"$log" 2>&1; then ok; else bad "$what"; fi
}

p="$tmp/p"
check "make install PREFIX" make -s install BUILD="$BUILD" SANITIZE="$SANITIZE" \
    PREFIX="$p"
for f in bin/ananke include/ananke.h lib/libananke.a lib/libananke.so.0.1.0 \
    lib/pkgconfig/ananke.pc; do
    check "installed $f" test -f "$p/$f"
done
check "lib/libananke.so.1 -> libananke.so.0.1.0" \
    test "$(readlink "$p/lib/libananke.so.1")" = libananke.so.0.1.0
check "lib/libananke.so -> libananke.so.1" \
    test "$(readlink "$p/lib/libananke.so")" = libananke.so.1
check "the installed CLI runs" sh -c "'$p/bin/ananke' extract \
    tests/golden/clew/rust-rules-holes/input.rs | grep -q '\"kind\": \"hole\"'"

export PKG_CONFIG_PATH="$p/lib/pkgconfig"
check "pkg-config knows ananke 0.1.0" \
    test "$(pkg-config --modversion ananke)" = 0.1.0
cflags=$(pkg-config --cflags ananke)
libs=$(pkg-config --libs ananke)
warn="-std=c11 -Wall -Wextra -Wpedantic -Werror"
input=tests/golden/clew/rust-rules-holes/input.rs
for src in ffi/examples/*.c tests/ffi/allocator.c; do
    name=$(basename "$src" .c)
    # shellcheck disable=SC2086
    check "build $src with pkg-config" $CC $warn $SAN_FLAGS $cflags "$src" \
        $libs -o "$tmp/$name"
    check "$name runs against the installed library" sh -c \
        "LD_LIBRARY_PATH='$p/lib' '$tmp/$name' '$input' > '$tmp/$name.out'"
    check "$name links libananke.so.1" sh -c \
        "readelf -d '$tmp/$name' | grep -q 'NEEDED.*libananke\\.so\\.1\\]'"
done
check "holes prints the hole and its completion grammar" sh -c \
    "grep -q '^hole [0-9a-f]* in ' '$tmp/holes.out' &&
     grep -q '^completion grammar (GBNF, [0-9]* bytes):' '$tmp/holes.out' &&
     grep -q '^root ::= ' '$tmp/holes.out'"
check "allocator counts every allocation" grep -q '^allocator: ok' \
    "$tmp/allocator.out"
if command -v c++ >/dev/null 2>&1; then
    printf '#include <ananke.h>\nint main() { ank_options o = ANK_OPTIONS_INIT; return ank_abi_version() != ANK_ABI_VERSION || !o.struct_size; }\n' \
        > "$tmp/cxx.cc"
    # shellcheck disable=SC2086
    check "the header compiles as C++" c++ -Wall -Werror $cflags \
        -fsyntax-only "$tmp/cxx.cc"
fi

# Static: a copy of the prefix without the shared library, so -lananke
# finds libananke.a; pkg-config --static adds what it needs.
s="$tmp/s"
cp -R "$p" "$s"
rm -f "$s"/lib/libananke.so*
sed -i "s|^prefix=.*|prefix=$s|" "$s/lib/pkgconfig/ananke.pc"
# shellcheck disable=SC2086
check "static build with pkg-config --static" $CC $warn $SAN_FLAGS \
    $(PKG_CONFIG_PATH="$s/lib/pkgconfig" pkg-config --static --cflags ananke) \
    ffi/examples/holes.c \
    $(PKG_CONFIG_PATH="$s/lib/pkgconfig" pkg-config --static --libs ananke) \
    -o "$tmp/holes-static"
check "the static program runs without the shared library" sh -c \
    "'$tmp/holes-static' '$input' | grep -q '^completion grammar'"
check "the static program does not need libananke.so" sh -c \
    "! readelf -d '$tmp/holes-static' | grep -q libananke"

# DESTDIR: files go under it, the .pc still names PREFIX.
d="$tmp/d"
check "make install DESTDIR" make -s install BUILD="$BUILD" \
    SANITIZE="$SANITIZE" PREFIX=/opt/ananke DESTDIR="$d"
check "DESTDIR holds the tree" test -f "$d/opt/ananke/lib/libananke.so.0.1.0"
check "the .pc names PREFIX, not DESTDIR" \
    grep -qx 'prefix=/opt/ananke' "$d/opt/ananke/lib/pkgconfig/ananke.pc"
check "make uninstall" make -s uninstall BUILD="$BUILD" SANITIZE="$SANITIZE" \
    PREFIX="$p"
check "uninstall removes every file" sh -c \
    "test -z \"\$(find '$p' -type f -o -type l)\""

echo "install: $passed passed, $failed failed"
[ "$failed" = 0 ]
