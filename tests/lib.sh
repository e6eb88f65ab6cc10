# lib.sh - what the shell suites share.  Source it after setting SUITE (the
# name in "FAIL <suite>: ..." and in the last line).  It makes $T, a
# temporary directory removed on exit, and counts checks:
#
#   ok / bad MESSAGE             one check passed / failed
#   expect_exit CODE NAME -- command...
#                                the command's exit status; its output goes
#                                to $T/stdout and $T/stderr
#   contains FILE TEXT NAME      FILE holds TEXT
#   finish                       print "<suite>: N passed, N failed" and
#                                exit non-zero on a failure
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $SUITE: $1" >&2; }
expect_exit() {
    want=$1; name=$2; shift 3
    "$@" >"$T/stdout" 2>"$T/stderr"
    got=$?
    if [ "$got" = "$want" ]; then ok; else
        bad "$name: exit $got, expected $want"; sed 's/^/    /' "$T/stderr" >&2; fi
}
contains() {
    if grep -qF -- "$2" "$1"; then ok; else
        bad "$3: no '$2' in $(basename "$1")"; sed 's/^/    /' "$1" | head -20 >&2; fi
}
finish() {
    echo "$SUITE: $passed passed, $failed failed"
    [ "$failed" = 0 ]
}
