#!/usr/bin/python3
"""lark_check.py - check Lark grammars (as printed for llguidance) with Python lark.

    /usr/bin/python3 tests/engines/lark_check.py CASES.json [--verbose]

CASES.json is an array of
    {"name": "...", "lark": "start: ...", "accept": [...], "reject": [...]}
Each grammar is built with lark.Lark(text, start="start", parser="earley",
lexer="dynamic"), which is the parser llguidance's syntax is modelled on; a
grammar that does not build fails its case.  Every "accept" string must
parse and every "reject" string must not.  Prints one line per failure,
then "lark: N passed, N failed", and exits 1 when anything failed (2 on bad
usage, unreadable input or a missing lark module).
"""
import json
import sys


def usage(message=None):
    if message:
        sys.stderr.write("lark_check: %s\n" % message)
    sys.stderr.write("usage: /usr/bin/python3 tests/engines/lark_check.py CASES.json [--verbose]\n")
    sys.exit(2)


def show(s):
    t = json.dumps(s, ensure_ascii=False)
    return t if len(t) <= 80 else t[:77] + '..."'


def check(lark, case):
    failures = []
    try:
        parser = lark.Lark(case["lark"], start="start", parser="earley", lexer="dynamic")
    except Exception as e:  # any build error fails the case
        first = str(e).strip().split("\n")[0]
        return ["does not build: %s: %s" % (type(e).__name__, first)]
    for s in case.get("accept", []):
        try:
            parser.parse(s)
        except lark.exceptions.LarkError:
            failures.append("rejects %s" % show(s))
    for s in case.get("reject", []):
        try:
            parser.parse(s)
            failures.append("accepts %s" % show(s))
        except lark.exceptions.LarkError:
            pass
    return failures


def main(argv):
    verbose = "--verbose" in argv
    files = [a for a in argv if a != "--verbose"]
    if len(files) != 1:
        usage()
    try:
        import lark
    except ImportError:
        usage("the lark module is missing (Debian: python3-lark)")
    try:
        with open(files[0], encoding="utf-8") as f:
            cases = json.load(f)
    except (OSError, ValueError) as e:
        usage("%s: %s" % (files[0], e))
    if not isinstance(cases, list):
        usage("%s: expected a JSON array of cases" % files[0])
    for i, c in enumerate(cases):
        if not isinstance(c, dict) or not isinstance(c.get("lark"), str):
            usage('%s: case %d has no "lark" string' % (files[0], i))

    passed = failed = 0
    for i, case in enumerate(cases):
        name = case.get("name") or "case %d" % i
        failures = check(lark, case)
        if failures:
            failed += 1
            for f in failures:
                print("FAIL %s: %s" % (name, f))
            if verbose:
                print("\n".join("    " + l for l in case["lark"].split("\n")))
        else:
            passed += 1
            if verbose:
                print("ok %s" % name)
    print("lark: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
