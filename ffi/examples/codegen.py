#!/usr/bin/env python3
"""codegen.py - a code generator's flow on top of ananke's Python binding.

    codegen.py FILE [HOLE-NUMBER]

1. find the holes (unfinished bodies) in FILE,
2. ask for the generation spec of one of them (the first by default),
3. print what a constrained-decoding engine would be handed: the prefix to
   keep, the completion grammar (GBNF for llama.cpp/XGrammar, Lark for
   llguidance), the JSON Schemas of the names in scope and of the return
   value, and the regexes to check the output with afterwards.

The binding is found next to this file (../python) or on PYTHONPATH; the
library through ANANKE_LIBRARY or the system loader.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "python"))
from ananke import Ananke, AnankeError  # noqa: E402


def excerpt(text, limit=600):
    return text if len(text) <= limit else text[:limit] + "\n... (%d bytes)" % len(text)


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path = argv[1]
    which = int(argv[2]) if len(argv) == 3 else 0
    try:
        with Ananke() as an:
            # 1. The holes, through the typed accessors (no JSON parsing).
            holes = an.holes(path=path)
            print("%d hole(s) in %s" % (len(holes), path))
            for n, h in enumerate(holes):
                print("  [%d] %s:%d:%d %s: %s, bytes %d-%d, returns %s" % (
                    n, h["file"], h["line"], h["column"], h["function_name"],
                    h["marker"], h["start_byte"], h["end_byte"],
                    h["returns"] or "(not given)"))
            if not holes:
                return 0
            hole = holes[min(which, len(holes) - 1)]

            # 2. The generation spec of that hole.
            constraints = an.extract_path(path)
            spec = an.spec(constraints, hole)

            # 3. What the engine gets.
            print("\nhole %s in %s" % (hole["id"], hole["function_name"]))
            print("keep the prefix:\n  %s" % spec["prefix"])
            print("replace bytes %d-%d (now %r)" % (
                spec["replace"]["start_byte"], spec["replace"]["end_byte"],
                spec["marker"]))
            if spec.get("indent") is not None:
                print("indent every further line with %r" % spec["indent"])
            print("forbidden patterns: %s" % (", ".join(spec["forbid"]) or "none"))
            print("\ncompletion grammar, GBNF:")
            print(excerpt(spec["grammar"]["gbnf"] or "(none)"))
            print("\ncompletion grammar, Lark:")
            print(excerpt(spec["grammar"]["lark"] or "(none)"))
            print("\nschemas of the names in scope:")
            for name, schema in spec["schemas"].items():
                print("  %s: %s" % (name, json.dumps(schema)))
            print("return value schema: %s" % json.dumps(spec["returns"]))
            print("\nchecks after generation:")
            for r in spec["regexes"]:
                print("  %s %s: %s" % (r["purpose"], r["name"], r["pattern"]))
    except AnankeError as e:
        print("codegen: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
