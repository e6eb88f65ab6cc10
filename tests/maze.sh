#!/bin/sh
# maze.sh - the cached, parallel, incremental pipeline end to end: a second
# run parses nothing, a changed file is parsed alone, output bytes do not
# depend on --jobs or on the cache, concurrent and killed runs leave a
# usable cache, a corrupt or read-only cache still gives correct output.
#
#   sh tests/maze.sh BUILD_DIR
#
# Every run uses a temporary --cache-dir (and XDG_CACHE_HOME), never the
# user's cache.  Trees: examples/inventory and BUILD_DIR/fixtures (made
# here with `make fixtures` when missing).  Ends with "maze: N passed, N
# failed".
set -u
BUILD=${1:-build}
ANANKE="$BUILD/ananke"
SUITE=maze
. "$(dirname "$0")/lib.sh"
XDG_CACHE_HOME="$T/xdg"
export XDG_CACHE_HOME

# stat FILE NAME: the number after NAME on the stats lines of FILE.
stat_of() {
    sed -n 's/^stats: .*/&/p' "$1" | tr ' ' '\n' |
        awk -v k="$2" 'prev == k { print; exit } { prev = $0 }'
}
expect_stat() { # FILE NAME VALUE WHAT
    got=$(stat_of "$1" "$2")
    if [ "$got" = "$3" ]; then ok; else bad "$4: $2 is '$got', expected $3"; fi
}
same() { # A B WHAT
    if cmp -s "$1" "$2"; then ok; else bad "$3: outputs differ"; fi
}

if [ ! -d "$BUILD/fixtures" ]; then
    make -s fixtures BUILD="$BUILD" >/dev/null 2>&1
fi
[ -d "$BUILD/fixtures" ] && ok || bad "no fixtures tree in $BUILD/fixtures"

# A private copy of a tree, so that files can be changed.
cp -R examples/inventory "$T/inv"
C="$T/cache"

# --- reference: no cache, one job ----------------------------------------
"$ANANKE" extract -q --no-cache --jobs 1 --stats "$T/inv" > "$T/ref.json" 2> "$T/ref.err"
[ -s "$T/ref.json" ] && ok || bad "no output without the cache"
n=$(stat_of "$T/ref.err" files)
[ "${n:-0}" -gt 0 ] && ok || bad "--stats did not count files"
expect_stat "$T/ref.err" parsed "$n" "--no-cache parses everything"
expect_stat "$T/ref.err" hits 0 "--no-cache has no hits"

# --- incremental ----------------------------------------------------------
"$ANANKE" extract -q --cache-dir "$C" --jobs 2 --stats "$T/inv" > "$T/cold.json" 2> "$T/cold.err"
expect_stat "$T/cold.err" parsed "$n" "cold run"
expect_stat "$T/cold.err" misses "$n" "cold run"
same "$T/ref.json" "$T/cold.json" "cold cached run vs --no-cache"
"$ANANKE" extract -q --cache-dir "$C" --jobs 2 --stats "$T/inv" > "$T/warm.json" 2> "$T/warm.err"
expect_stat "$T/warm.err" parsed 0 "warm run"
expect_stat "$T/warm.err" hits "$n" "warm run"
expect_stat "$T/warm.err" disk-hits "$n" "warm run (a new process reads the disk layer)"
same "$T/ref.json" "$T/warm.json" "warm run"
"$ANANKE" extract -q --cache-dir "$C" --jobs 1 "$T/inv" > "$T/warm1.json"
same "$T/ref.json" "$T/warm1.json" "warm run with one job"
if [ -d "$C" ] && [ "$(stat -c %a "$C")" = 700 ]; then ok; else bad "cache directory is not 0700"; fi

# One file changes: it alone is parsed, and the output follows it.
one=$(find "$T/inv" -name '*.py' | LC_ALL=C sort | head -n 1)
printf '\ndef added_for_the_test(x: int) -> int:\n    return x\n' >> "$one"
"$ANANKE" extract -q --cache-dir "$C" --stats "$T/inv" > "$T/changed.json" 2> "$T/changed.err"
expect_stat "$T/changed.err" parsed 1 "after changing one file"
grep -q added_for_the_test "$T/changed.json" && ok || bad "changed file's new function missing"
"$ANANKE" extract -q --no-cache "$T/inv" > "$T/changed-ref.json"
same "$T/changed-ref.json" "$T/changed.json" "after one change"
# Touching without changing the content parses nothing.
touch "$T/inv"/*/* 2>/dev/null
"$ANANKE" extract -q --cache-dir "$C" --stats "$T/inv" > /dev/null 2> "$T/touch.err"
expect_stat "$T/touch.err" parsed 0 "after touching files"

# --- jobs 1 vs 2 vs cached on the fixtures --------------------------------
F="$BUILD/fixtures"
"$ANANKE" extract -q --no-cache --jobs 1 "$F" > "$T/f1.json"
"$ANANKE" extract -q --no-cache --jobs 2 "$F" > "$T/f2.json"
"$ANANKE" extract -q --cache-dir "$C" --jobs 2 "$F" > "$T/f3.json"
"$ANANKE" extract -q --cache-dir "$C" --jobs 2 --stats "$F" > "$T/f4.json" 2> "$T/f4.err"
same "$T/f1.json" "$T/f2.json" "fixtures, jobs 1 vs 2"
same "$T/f1.json" "$T/f3.json" "fixtures, cold cache"
same "$T/f1.json" "$T/f4.json" "fixtures, warm cache"
expect_stat "$T/f4.err" parsed 0 "fixtures, warm cache"
for f in ndjson text sarif; do
    "$ANANKE" extract -q --no-cache -f $f "$F" > "$T/g1.$f"
    "$ANANKE" extract -q --cache-dir "$C" -f $f "$F" > "$T/g2.$f"
    same "$T/g1.$f" "$T/g2.$f" "fixtures as $f, cached"
done
"$ANANKE" holes -q --no-cache "$F" > "$T/h1.txt"
"$ANANKE" holes -q --cache-dir "$C" "$F" > "$T/h2.txt"
same "$T/h1.txt" "$T/h2.txt" "holes, cached"

# --- run: the compile stage is cached too ----------------------------------
# (the first run compiles; the same constraints and options again are read
# back; other options compile; every document is the uncached one)
"$ANANKE" run -q --no-cache "$F" > "$T/r0.json"
"$ANANKE" run -q --stats --cache-dir "$C" "$F" > "$T/r1.json" 2> "$T/r1.err"
"$ANANKE" run -q --stats --cache-dir "$C" "$F" > "$T/r2.json" 2> "$T/r2.err"
"$ANANKE" run -q --stats --cache-dir "$C" -e schema "$F" > "$T/r3.json" 2> "$T/r3.err"
"$ANANKE" run -q --no-cache -e schema "$F" > "$T/r4.json"
if grep -q '^stats: compile compiled' "$T/r1.err"; then ok; else bad "run: first compile not compiled"; fi
if grep -q '^stats: compile cached' "$T/r2.err"; then ok; else bad "run: second compile not read back"; fi
if grep -q '^stats: compile compiled' "$T/r3.err"; then ok; else bad "run: other options read back"; fi
same "$T/r0.json" "$T/r1.json" "run, compiled"
same "$T/r0.json" "$T/r2.json" "run, compile stage cached"
same "$T/r4.json" "$T/r3.json" "run -e schema, cached extraction"

# --- two processes on one cache at once ------------------------------------
C2="$T/cache2"
"$ANANKE" extract -q --cache-dir "$C2" --jobs 2 "$F" > "$T/p1.json" &
p1=$!
"$ANANKE" extract -q --cache-dir "$C2" --jobs 2 "$F" > "$T/p2.json" &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
[ $r1 = 0 ] && [ $r2 = 0 ] && ok || bad "concurrent runs exited $r1 and $r2"
same "$T/f1.json" "$T/p1.json" "first of two concurrent runs"
same "$T/f1.json" "$T/p2.json" "second of two concurrent runs"
"$ANANKE" extract -q --cache-dir "$C2" --stats "$F" > "$T/p3.json" 2> "$T/p3.err"
same "$T/f1.json" "$T/p3.json" "after concurrent runs"
expect_stat "$T/p3.err" parsed 0 "after concurrent runs"

# --- SIGKILL mid-run, then a rerun -----------------------------------------
C3="$T/cache3"
for delay in 0.05 0.2; do
    "$ANANKE" extract -q --cache-dir "$C3" --jobs 2 "$F" > /dev/null 2>&1 &
    pid=$!
    sleep $delay
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
done
"$ANANKE" extract -q --cache-dir "$C3" "$F" > "$T/k1.json"; rk=$?
[ $rk = 0 ] && ok || bad "rerun after SIGKILL exited $rk"
same "$T/f1.json" "$T/k1.json" "rerun after SIGKILL"
"$ANANKE" extract -q --cache-dir "$C3" "$F" > "$T/k2.json"
same "$T/f1.json" "$T/k2.json" "second rerun after SIGKILL"

# --- a corrupt database: one warning, correct output ------------------------
C4="$T/cache4"
"$ANANKE" extract -q --cache-dir "$C4" "$T/inv" > /dev/null
rm -f "$C4"/cache.db-wal "$C4"/cache.db-shm
head -c 65536 /dev/urandom > "$C4/cache.db"
"$ANANKE" extract --cache-dir "$C4" "$T/inv" > "$T/c1.json" 2> "$T/c1.err"; rc=$?
[ $rc = 0 ] && ok || bad "corrupt cache: exit $rc"
same "$T/changed-ref.json" "$T/c1.json" "corrupt cache"
w=$(grep -c '^ananke: cache' "$T/c1.err")
[ "$w" = 1 ] && ok || bad "corrupt cache: $w cache warnings, expected 1"
# Damage inside a valid database: overwrite the middle of the file.
C5="$T/cache5"
"$ANANKE" extract -q --cache-dir "$C5" "$F" > /dev/null
size=$(stat -c %s "$C5/cache.db")
dd if=/dev/urandom of="$C5/cache.db" bs=1 seek=$((size / 2)) count=4096 \
    conv=notrunc 2>/dev/null
"$ANANKE" extract -q --cache-dir "$C5" "$F" > "$T/c2.json" 2>/dev/null; rc=$?
[ $rc = 0 ] && ok || bad "damaged cache pages: exit $rc"
same "$T/f1.json" "$T/c2.json" "damaged cache pages"

# --- a read-only cache directory ---------------------------------------------
C6="$T/cache6"
"$ANANKE" extract -q --cache-dir "$C6" "$T/inv" > /dev/null
chmod -R a-w "$C6"
"$ANANKE" extract --cache-dir "$C6" "$T/inv" > "$T/ro1.json" 2> "$T/ro1.err"; rc=$?
[ $rc = 0 ] && ok || bad "read-only cache: exit $rc"
same "$T/changed-ref.json" "$T/ro1.json" "read-only cache with entries"
mkdir "$T/ro-empty" && chmod a-w "$T/ro-empty"
"$ANANKE" extract --cache-dir "$T/ro-empty/sub" "$T/inv" > "$T/ro2.json" 2> "$T/ro2.err"; rc=$?
[ $rc = 0 ] && ok || bad "uncreatable cache dir: exit $rc"
same "$T/changed-ref.json" "$T/ro2.json" "uncreatable cache directory"
if [ "$(id -u)" != 0 ]; then
    w=$(grep -c '^ananke: cache' "$T/ro2.err")
    [ "$w" = 1 ] && ok || bad "uncreatable cache dir: $w warnings, expected 1"
fi
chmod -R u+w "$C6" "$T/ro-empty"

# --- the default location follows XDG_CACHE_HOME -----------------------------
"$ANANKE" extract -q "$T/inv" > "$T/x1.json"
same "$T/changed-ref.json" "$T/x1.json" "default cache location"
[ -f "$XDG_CACHE_HOME/ananke/cache.db" ] && ok || bad "no cache.db under XDG_CACHE_HOME"

# --- flags -------------------------------------------------------------------
"$ANANKE" extract -q --cache-dir "$C" --stats --declarations-only "$T/inv" > /dev/null 2> "$T/d.err"
expect_stat "$T/d.err" parsed "$n" "another option is another key"
"$ANANKE" extract --jobs 0 "$T/inv" > /dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok || bad "--jobs 0: exit $rc, expected 2"
mkdir -p "$T/ign/sub" "$T/ign/.hid"
printf 'def kept(): pass\n' > "$T/ign/a.py"
printf 'def ignored(): pass\n' > "$T/ign/sub/b.py"
printf 'def hidden(): pass\n' > "$T/ign/.hid/c.py"
printf 'sub/\n' > "$T/ign/.ignore"
"$ANANKE" extract -q --no-cache "$T/ign" > "$T/i1.json"
"$ANANKE" extract -q --no-cache --no-ignore --hidden "$T/ign" > "$T/i2.json"
if grep -q kept "$T/i1.json" && ! grep -q 'ignored\|hidden' "$T/i1.json"; then
    ok; else bad "ignore files or hidden directories not honoured"; fi
if grep -q ignored "$T/i2.json" && grep -q hidden "$T/i2.json"; then
    ok; else bad "--no-ignore --hidden did not list everything"; fi
# No progress bar when stderr is not a terminal.
"$ANANKE" extract --no-cache "$F" > /dev/null 2> "$T/p.err"
if grep -q 'ETA' "$T/p.err"; then bad "progress bar without a terminal"; else ok; fi

finish
