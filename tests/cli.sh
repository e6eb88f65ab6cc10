#!/bin/sh
# cli.sh - end-to-end tests of the `ananke` command line: exit codes, paths
# that do not exist, standard input, skipped files, output formats,
# determinism, atomic -o, and directory walking.
#
#   sh tests/cli.sh BUILD_DIR
#
# Ends with "cli: N passed, N failed".  Outputs it produced for the schema
# check are left in $BUILD_DIR/tests/cli-out/.
set -u
BUILD=${1:-build}
ANANKE="$BUILD/ananke"
OUT="$BUILD/tests/cli-out"
rm -rf "$OUT"
mkdir -p "$OUT"
SUITE=cli
. "$(dirname "$0")/lib.sh"

# --- help, version, usage ------------------------------------------------
expect_exit 0 "--help" -- "$ANANKE" --help
contains "$T/stdout" "usage: ananke" "--help text"
expect_exit 0 "--version" -- "$ANANKE" --version
contains "$T/stdout" "ananke 0." "--version text"
expect_exit 2 "no arguments" -- "$ANANKE"
expect_exit 2 "unknown command" -- "$ANANKE" frobnicate
expect_exit 2 "extract without paths" -- "$ANANKE" extract
expect_exit 2 "unknown option" -- "$ANANKE" extract --bogus x
expect_exit 2 "unknown language" -- "$ANANKE" extract --lang cobol x
expect_exit 2 "unknown format" -- "$ANANKE" extract --format xml x
expect_exit 2 "bad size" -- "$ANANKE" extract --max-file-size 12Q x
expect_exit 0 "extract --help" -- "$ANANKE" extract --help
contains "$T/stdout" "--max-file-size" "extract --help text"

# --- missing paths: message, exit 1, nothing written ---------------------
printf 'def f(): pass\n' > "$T/a.py"
expect_exit 1 "missing path" -- "$ANANKE" extract -o "$T/out.json" "$T/a.py" "$T/nope.py"
contains "$T/stderr" "nope.py" "missing path message"
if [ -e "$T/out.json" ]; then bad "missing path left an output file"; else ok; fi

# --- standard input ------------------------------------------------------
expect_exit 2 "stdin without --lang" -- "$ANANKE" extract -
printf 'fn main() {}\n' > "$T/in.rs"
"$ANANKE" extract --lang rust -q - < "$T/in.rs" > "$OUT/stdin.json"; rc=$?
[ $rc = 0 ] && ok || bad "stdin extraction exit $rc"
contains "$OUT/stdin.json" '"path": "<stdin>"' "stdin path"

# --- a tree: skipped files, sorted deterministic output -------------------
mkdir -p "$T/tree/pkg/sub" "$T/tree/node_modules/dep" "$T/tree/.hidden" "$T/tree/z"
printf 'export function b(): void {}\n' > "$T/tree/pkg/b.ts"
printf 'def a(): pass\n' > "$T/tree/pkg/a.py"
printf 'package sub\nfunc S() {}\n' > "$T/tree/pkg/sub/s.go"
printf 'pub fn z() void {}\n' > "$T/tree/z/z.zig"
printf 'export function dep() {}\n' > "$T/tree/node_modules/dep/index.ts"
printf 'def hidden(): pass\n' > "$T/tree/.hidden/h.py"
printf '# readme\n' > "$T/tree/README.md"
printf 'x = 1\0\0\0binary' > "$T/tree/pkg/blob.py"
head -c 3000 /dev/zero | tr '\0' '#' > "$T/tree/pkg/huge.py"
printf 'def bad(\xff\xfe):\n  "\xc3\x28"\n' > "$T/tree/pkg/utf8.py"
ln -s .. "$T/tree/pkg/loop"          # a directory link: never followed
ln -s a.py "$T/tree/pkg/link.py"     # a file link: read
expect_exit 0 "tree extraction" -- "$ANANKE" extract --max-file-size 2K -o "$OUT/tree.json" "$T/tree"
contains "$T/stderr" "skipped (binary" "binary skipped"
contains "$T/stderr" "huge.py" "oversized skipped"
contains "$T/stderr" "1 not in a supported language" "unsupported counted"
contains "$OUT/tree.json" '"reason": "too large"' "too large listed"
contains "$OUT/tree.json" '"reason": "binary"' "binary listed"
if grep -q 'node_modules\|hidden\|loop/' "$OUT/tree.json"; then
    bad "walk entered node_modules, a hidden or a linked directory"; else ok; fi
# Files come sorted by path.
node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1]));
         for (const f of d.files) console.log(f.path);' "$OUT/tree.json" > "$T/paths"
LC_ALL=C sort "$T/paths" > "$T/paths.sorted"
if [ -s "$T/paths" ] && cmp -s "$T/paths" "$T/paths.sorted"; then ok; else bad "files not sorted"; fi
contains "$T/paths" "pkg/link.py" "file link read"
# Byte-identical on a second run, in every format.
for f in json ndjson text; do
    "$ANANKE" extract -q -f $f --max-file-size 2K "$T/tree" > "$T/run1.$f"
    "$ANANKE" extract -q -f $f --max-file-size 2K "$T/tree" > "$T/run2.$f"
    if cmp -s "$T/run1.$f" "$T/run2.$f"; then ok; else bad "$f output differs between runs"; fi
done
cp "$T/run1.ndjson" "$OUT/tree.ndjson"
if [ "$(wc -l < "$T/run1.ndjson")" -gt 4 ]; then ok; else bad "ndjson has too few lines"; fi
contains "$T/run1.text" "pkg/b.ts:1:8: function.signature b  function b(): void" "text format line"
contains "$T/run1.text" "pkg/utf8.py:" "text names the broken file"

# --- a named file in an unsupported language ------------------------------
expect_exit 0 "named unsupported file" -- "$ANANKE" extract "$T/tree/README.md"
contains "$T/stderr" "unsupported language" "named unsupported message"
# ... but --lang makes it readable.
printf 'def f(): pass\n' > "$T/script"
expect_exit 0 "named file with --lang" -- "$ANANKE" extract -q --lang python "$T/script"
contains "$T/stdout" '"name": "f"' "--lang applied"

# --- -o is atomic: an unwritable directory leaves nothing behind ----------
mkdir "$T/ro"
chmod 555 "$T/ro"
if [ "$(id -u)" != 0 ]; then
    expect_exit 1 "unwritable output" -- "$ANANKE" extract -o "$T/ro/out.json" "$T/a.py"
    if ls "$T/ro" | grep -q .; then bad "partial output left"; else ok; fi
fi
# An output path in a directory that does not exist.
expect_exit 1 "output in missing directory" -- "$ANANKE" extract -o "$T/none/out.json" "$T/a.py"
if [ -e "$T/none" ]; then bad "missing output directory created"; else ok; fi
# Overwriting an existing file replaces it whole.
printf 'old content that is much longer than nothing at all' > "$T/out2.json"
expect_exit 0 "overwrite output" -- "$ANANKE" extract -q -o "$T/out2.json" "$T/a.py"
contains "$T/out2.json" '"format": "ananke.constraints/1"' "overwritten output"
if grep -q "old content" "$T/out2.json"; then bad "old bytes remain"; else ok; fi
if ls "$T" | grep -q '\.tmp\.'; then bad "temporary file left"; else ok; fi
# A path that is not a regular file is written in place, never replaced:
# a FIFO stays a FIFO and its reader gets the document; so does /dev/null.
mkfifo "$T/fifo"
cat "$T/fifo" > "$T/from-fifo" &
reader=$!
expect_exit 0 "output to a FIFO" -- "$ANANKE" extract -q -o "$T/fifo" "$T/a.py"
wait "$reader"
if [ -p "$T/fifo" ]; then ok; else bad "-o replaced the FIFO"; fi
contains "$T/from-fifo" '"format": "ananke.constraints/1"' "document through the FIFO"
expect_exit 0 "output to /dev/null" -- "$ANANKE" extract -q -o /dev/null "$T/a.py"
if [ -c /dev/null ]; then ok; else bad "-o /dev/null replaced the device"; fi
expect_exit 1 "output to a directory" -- "$ANANKE" extract -q -o "$T" "$T/a.py"
contains "$T/stderr" "Is a directory" "directory output message"
# Large output streams to the file; the bytes equal standard output's.
"$ANANKE" extract -q --no-cache -o "$T/big.json" examples/inventory tests/golden/clew || bad "big output"
"$ANANKE" extract -q --no-cache examples/inventory tests/golden/clew > "$T/big-stdout.json" || bad "big stdout"
if cmp -s "$T/big.json" "$T/big-stdout.json"; then ok; else bad "-o and stdout differ"; fi

# --- kinds, holes and SARIF ---------------------------------------------------
expect_exit 2 "unknown kind" -- "$ANANKE" extract --kind nonsense "$T/a.py"
contains "$T/stderr" "unknown constraint kind 'nonsense'" "unknown kind message"
expect_exit 0 "kind filter" -- "$ANANKE" extract -q -f ndjson -k import.module,type.shape examples/inventory
if grep -v '"kind":"import.module"' "$T/stdout" | grep -qv '"kind":"type.shape"'; then
    bad "kind filter let other kinds through"; else ok; fi
printf 'def todo(x: int) -> str:\n    raise NotImplementedError\n\n\ndef run(cmd):\n    return eval(cmd)\n' > "$T/work.py"
expect_exit 0 "holes" -- "$ANANKE" holes -q "$T/work.py"
"$ANANKE" extract -q -f sarif -o "$OUT/work.sarif" "$T/work.py" || bad "sarif output"
"$ANANKE" extract -q -f sarif -o "$OUT/example.sarif" examples/inventory || bad "sarif output"
"$ANANKE" extract -q -o "$OUT/work.json" "$T/work.py" || bad "work.json"

# --- tree: debugging view -------------------------------------------------
expect_exit 0 "tree command" -- "$ANANKE" tree "$T/a.py"
contains "$T/stdout" "(module (function_definition" "tree output"
expect_exit 2 "tree unknown language" -- "$ANANKE" tree "$T/tree/README.md"

# --- compile and run ----------------------------------------------------------
"$ANANKE" extract -q -o "$T/inv.json" examples/inventory || bad "extract for compile"
expect_exit 0 "compile a file" -- "$ANANKE" compile -q "$T/inv.json"
contains "$T/stdout" '"format": "ananke.ir/1"' "compile output"
cp "$T/stdout" "$T/ir1.json"
expect_exit 0 "compile from stdin" -- sh -c "\"$ANANKE\" compile -q - < \"$T/inv.json\""
if cmp -s "$T/stdout" "$T/ir1.json"; then ok; else bad "stdin and file compile differ"; fi
expect_exit 0 "run" -- "$ANANKE" run -q examples/inventory
if cmp -s "$T/stdout" "$T/ir1.json"; then ok; else bad "run and extract|compile differ"; fi
expect_exit 0 "compile summary" -- "$ANANKE" compile "$T/inv.json"
contains "$T/stderr" "artifacts, " "compile summary line"
printf '{\n  "format": "ananke.constraints/1",\n  "files": [,]\n}\n' > "$T/broken.json"
expect_exit 1 "compile malformed JSON" -- "$ANANKE" compile "$T/broken.json"
contains "$T/stderr" "broken.json:3:13: " "malformed JSON position"
printf '{"format": "ananke.constraints/7"}' > "$T/v7.json"
expect_exit 1 "compile unknown version" -- "$ANANKE" compile "$T/v7.json"
contains "$T/stderr" "v7.json:1:12: \"format\" must be \"ananke.constraints/1\"" "version message"
sed 's/"kind": "hole"/"kind": "hol"/' "$T/inv.json" > "$T/kind.json"
expect_exit 1 "compile unknown kind" -- "$ANANKE" compile "$T/kind.json"
contains "$T/stderr" "unknown \"kind\" value \"hol\"" "unknown kind message"
expect_exit 2 "compile bad --emit" -- "$ANANKE" compile --emit schema,nope "$T/inv.json"
contains "$T/stderr" "unknown --emit item 'nope'" "--emit message"
expect_exit 2 "compile takes no --lang" -- "$ANANKE" compile --lang python "$T/inv.json"
expect_exit 2 "compile two files" -- "$ANANKE" compile "$T/inv.json" "$T/inv.json"
expect_exit 2 "spec for an unknown function" -- "$ANANKE" compile --spec nobody "$T/inv.json"
expect_exit 0 "spec for a named function" -- "$ANANKE" compile -q --emit specs,gbnf --spec Ledger.take "$T/inv.json"
contains "$T/stdout" '"hole": null' "named spec"
expect_exit 0 "compile --emit schema" -- "$ANANKE" compile -q --emit schema "$T/inv.json"
contains "$T/stdout" '"emit": [
    "schema"
  ]' "--emit recorded"
if grep -q '"kind": "grammar"' "$T/stdout"; then bad "--emit schema wrote grammars"; else ok; fi
# -o DIR: the document and one file per artifact; replaced whole; never partial
expect_exit 0 "compile -o" -- "$ANANKE" compile -q -o "$T/irdir" "$T/inv.json"
if cmp -s "$T/irdir/ir.json" "$T/ir1.json"; then ok; else bad "-o ir.json differs"; fi
n=$(find "$T/irdir" -type f | wc -l)
if [ "$n" -gt 20 ]; then ok; else bad "-o wrote only $n files"; fi
if ls "$T/irdir"/schema/*/*.schema.json >/dev/null 2>&1; then ok; else bad "-o: no schema files"; fi
if ls "$T/irdir"/grammar/*/completion-*.gbnf >/dev/null 2>&1; then ok; else bad "-o: no completion grammars"; fi
if ls "$T/irdir"/spec/*/*.json >/dev/null 2>&1; then ok; else bad "-o: no spec files"; fi
expect_exit 0 "compile -o again" -- "$ANANKE" compile -q --emit schema -o "$T/irdir" "$T/inv.json"
if ls "$T/irdir"/grammar >/dev/null 2>&1; then bad "-o kept old files"; else ok; fi
mkdir "$T/userdir" && echo keep > "$T/userdir/notes.txt"
expect_exit 1 "compile -o refuses a foreign directory" -- "$ANANKE" compile -q -o "$T/userdir" "$T/inv.json"
contains "$T/userdir/notes.txt" "keep" "foreign directory untouched"
expect_exit 1 "compile -o malformed leaves nothing" -- "$ANANKE" compile -q -o "$T/nodir" "$T/broken.json"
if [ -e "$T/nodir" ]; then bad "malformed input created -o dir"; else ok; fi
if ls "$T" | grep -q '\.tmp\.'; then bad "temporary directory left"; else ok; fi
# the document is streamed into a temporary file: without one, nothing
expect_exit 1 "compile without a temporary directory" -- env TMPDIR="$T/none" "$ANANKE" compile -q "$T/inv.json"
contains "$T/stderr" "cannot create a temporary file in $T/none" "temporary directory message"
if [ -s "$T/stdout" ]; then bad "output without a temporary file"; else ok; fi
expect_exit 0 "compile with TMPDIR" -- env TMPDIR="$T" "$ANANKE" compile -q "$T/inv.json"
if cmp -s "$T/stdout" "$T/ir1.json"; then ok; else bad "TMPDIR compile differs"; fi
if ls "$T" | grep -q 'ananke-ir'; then bad "temporary file left"; else ok; fi
expect_exit 2 "run needs a path" -- "$ANANKE" run
expect_exit 1 "run missing path" -- "$ANANKE" run "$T/missing"

finish
