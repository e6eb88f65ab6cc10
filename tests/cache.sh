#!/bin/sh
# cache.sh - end-to-end tests of `ananke cache stats|clear|path`: where the
# database lives (--cache-dir, XDG_CACHE_HOME, HOME), counts, clearing, a
# damaged database file, and directories that cannot be used.
#
#   sh tests/cache.sh BUILD_DIR
#
# Ends with "cache: N passed, N failed".
set -u
BUILD=${1:-build}
ANANKE="$BUILD/ananke"
SUITE=cache
. "$(dirname "$0")/lib.sh"
same() { # GOT WANT NAME
    if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', expected '$2'"; fi
}
# Run SQL on a database file, with the sqlite3 shell or Python's module.
sql() { # DB STATEMENTS
    if command -v sqlite3 >/dev/null 2>&1; then
        sqlite3 "$1" "$2"
    else
        /usr/bin/python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.executescript(sys.argv[2]); db.commit()' "$1" "$2"
    fi
}

# --- usage ---------------------------------------------------------------
expect_exit 0 "cache --help" -- "$ANANKE" cache --help
contains "$T/stdout" "usage: ananke cache" "cache --help text"
expect_exit 2 "no action" -- "$ANANKE" cache
expect_exit 2 "unknown action" -- "$ANANKE" cache frobnicate
expect_exit 2 "two actions" -- "$ANANKE" cache stats path
expect_exit 2 "unknown option" -- "$ANANKE" cache --bogus stats
contains "$T/stderr" "usage: ananke cache" "usage on a bad option"

# --- where the database lives --------------------------------------------
D="$T/dir/nested"
expect_exit 0 "path --cache-dir" -- "$ANANKE" cache path --cache-dir "$D"
same "$(cat "$T/stdout")" "$D/cache.db" "path --cache-dir output"
same "$(stat -c %a "$D")" "700" "cache directory mode"
expect_exit 0 "path, option first" -- "$ANANKE" cache --cache-dir "$D" path
same "$(cat "$T/stdout")" "$D/cache.db" "path with the option first"
expect_exit 0 "path from XDG_CACHE_HOME" -- \
    env XDG_CACHE_HOME="$T/xdg" HOME="$T/home" "$ANANKE" cache path
same "$(cat "$T/stdout")" "$T/xdg/ananke/cache.db" "XDG_CACHE_HOME path"
expect_exit 0 "path from HOME" -- \
    env -u XDG_CACHE_HOME HOME="$T/home" "$ANANKE" cache path
same "$(cat "$T/stdout")" "$T/home/.cache/ananke/cache.db" "HOME path"
# the XDG rules ignore a relative XDG_CACHE_HOME
expect_exit 0 "relative XDG_CACHE_HOME" -- \
    env XDG_CACHE_HOME=relative HOME="$T/home" "$ANANKE" cache path
same "$(cat "$T/stdout")" "$T/home/.cache/ananke/cache.db" \
    "relative XDG_CACHE_HOME path"

# --- stats and clear -----------------------------------------------------
expect_exit 0 "stats, empty" -- "$ANANKE" cache stats --cache-dir "$D"
contains "$T/stdout" "path: $D/cache.db" "stats path line"
contains "$T/stdout" "entries: 0" "stats entries, empty"
contains "$T/stdout" "bytes: 0" "stats bytes, empty"
sql "$D/cache.db" "INSERT INTO blobs(id, value) VALUES (1, X'68656c6c6f');
INSERT INTO blobs(id, value) VALUES (2, X'776f726c642121');
INSERT INTO entries VALUES (X'000102030405060708090a0b0c0d0e0f', 0, 5, 1, 1);
INSERT INTO entries VALUES (X'0f0e0d0c0b0a09080706050403020100', 0, 7, 2, 2);"
expect_exit 0 "stats, two entries" -- "$ANANKE" cache stats --cache-dir "$D"
contains "$T/stdout" "entries: 2" "stats entries"
contains "$T/stdout" "bytes: 12" "stats bytes"
expect_exit 0 "clear" -- "$ANANKE" cache clear --cache-dir "$D"
contains "$T/stderr" "removed 2 entries (12 bytes)" "clear summary"
same "$(cat "$T/stdout")" "" "clear prints nothing on stdout"
expect_exit 0 "stats after clear" -- "$ANANKE" cache stats --cache-dir "$D"
contains "$T/stdout" "entries: 0" "entries after clear"
contains "$T/stdout" "bytes: 0" "bytes after clear"
expect_exit 0 "clear -q" -- "$ANANKE" cache clear -q --cache-dir "$D"
same "$(cat "$T/stderr")" "" "clear -q is silent"

# --- a damaged database is moved aside and rebuilt, with a warning --------
G="$T/garbage"
mkdir -p "$G"
i=0
while [ $i -lt 200 ]; do echo "this is not a database"; i=$((i + 1)); done \
    > "$G/cache.db"
expect_exit 0 "stats on a garbage file" -- "$ANANKE" cache stats --cache-dir "$G"
contains "$T/stderr" "moved it to $G/cache.db.corrupt" "garbage warning"
contains "$T/stdout" "entries: 0" "garbage rebuilt empty"
if [ -f "$G/cache.db.corrupt" ]; then ok; else bad "garbage not moved aside"; fi
expect_exit 0 "stats after the rebuild" -- "$ANANKE" cache stats --cache-dir "$G"
same "$(cat "$T/stderr")" "" "no warning once rebuilt"

# --- directories that cannot be used -------------------------------------
printf 'x' > "$T/plain"
expect_exit 1 "path below a file" -- "$ANANKE" cache path --cache-dir "$T/plain/sub"
contains "$T/stderr" "cannot be created" "below a file message"
same "$(cat "$T/stdout")" "" "nothing on stdout below a file"
expect_exit 1 "stats below a file" -- "$ANANKE" cache stats --cache-dir "$T/plain/sub"
expect_exit 1 "clear below a file" -- "$ANANKE" cache clear --cache-dir "$T/plain/sub"
# root ignores permissions, so a read-only directory only stops others
if [ "$(id -u)" != 0 ]; then
    mkdir -p "$T/readonly"
    chmod 500 "$T/readonly"
    expect_exit 1 "read-only directory" -- \
        "$ANANKE" cache stats --cache-dir "$T/readonly"
    contains "$T/stderr" "not writable" "read-only message"
    chmod 700 "$T/readonly"
fi

finish
