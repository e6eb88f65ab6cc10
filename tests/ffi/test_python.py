"""The Python binding (ffi/python/ananke) against build/libananke.so.

Run through tests/ffi/run_python.py, which sets ANANKE_LIBRARY and the
import path; expected values are worked out from the sources below.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from ananke import Ananke, AnankeError, load_library

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

RUST = (
    "/// Take units out of the store.\n"
    "pub fn take(store: &mut Store, sku: &str, n: u32) -> Result<u32, String> {\n"
    "    todo!()\n"
    "}\n"
    "\n"
    "/// Where items live.\n"
    "pub struct Store {\n"
    "    pub name: String,\n"
    "    count: u32,\n"
    "}\n"
)

PY = (
    "def area(w: float, h: float) -> float:\n"
    "    raise NotImplementedError\n"
    "\n"
    "\n"
    "def name() -> str:\n"
    "    pass\n"
)


class BindingTest(unittest.TestCase):
    def setUp(self):
        self.an = Ananke()

    def tearDown(self):
        self.an.close()

    def kinds(self, doc, kind):
        return [c for c in doc["constraints"] if c["kind"] == kind]

    def test_extract_document(self):
        doc = self.an.extract(RUST, lang="rust", path="src/store.rs")
        self.assertEqual(doc["format"], "ananke.constraints/1")
        self.assertEqual(doc["files"][0]["path"], "src/store.rs")
        self.assertEqual(doc["files"][0]["language"], "rust")
        sig = self.kinds(doc, "function.signature")
        self.assertEqual([c["name"] for c in sig], ["take"])
        self.assertEqual([p["name"] for p in sig[0]["payload"]["parameters"]],
                         ["store", "sku", "n"])
        shapes = self.kinds(doc, "type.shape")
        self.assertEqual([c["name"] for c in shapes], ["Store"])
        # Finished: project-level forbids are present.
        self.assertIn("rust.unsafe_block",
                      [c["name"] for c in self.kinds(doc, "security.forbid")])
        # str and bytes give the same document; the language can come from
        # the path.
        self.assertEqual(self.an.extract(RUST.encode(), path="src/store.rs"), doc)
        self.assertEqual(self.an.extract(RUST, lang="rs", path="src/store.rs"),
                         doc)
        text = self.an.extract_json(RUST, lang="rust", path="src/store.rs")
        self.assertEqual(json.loads(text), doc)

    def test_extract_path(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "shapes.py")
            with open(path, "w") as f:
                f.write(PY)
            self.assertEqual(self.an.extract_path(path),
                             self.an.extract(PY, path=path))
            holes = self.an.holes(path=path)
            self.assertEqual([h["function_name"] for h in holes],
                             ["area", "name"])
            with self.assertRaises(AnankeError) as e:
                self.an.extract_path(os.path.join(d, "missing.py"))
            self.assertEqual(e.exception.name, "ANK_ERR_NOT_FOUND")
            with self.assertRaises(AnankeError) as e:
                self.an.extract_path(os.path.join(d, "notes.txt"))
            self.assertEqual(e.exception.name, "ANK_ERR_UNSUPPORTED_LANGUAGE")

    def test_extract_tree(self):
        with tempfile.TemporaryDirectory() as d, \
                tempfile.TemporaryDirectory() as cache:
            os.mkdir(os.path.join(d, "pkg"))
            with open(os.path.join(d, "pkg", "shapes.py"), "w") as f:
                f.write(PY)
            with open(os.path.join(d, "lib.rs"), "w") as f:
                f.write(RUST)
            with Ananke(cache_dir=cache, jobs=2) as an:
                cold = an.extract_tree(d)
                self.assertEqual(an.last_tree_stats,
                                 {"files": 2, "parsed": 2, "cached": 0,
                                  "skipped": 0})
                warm = an.extract_tree(d)
                self.assertEqual(an.last_tree_stats["parsed"], 0)
                self.assertEqual(an.last_tree_stats["cached"], 2)
                self.assertIsNone(an.warning)
            self.assertEqual(cold, warm)
            self.assertEqual(sorted(f["path"] for f in cold["files"]),
                             [os.path.join(d, "lib.rs"),
                              os.path.join(d, "pkg", "shapes.py")])
            with self.assertRaises(AnankeError) as e:
                self.an.extract_tree(os.path.join(d, "missing"))
            self.assertEqual(e.exception.name, "ANK_ERR_NOT_FOUND")

    def test_vocab_and_matcher(self):
        # a vocabulary of 7 tokens, the last one EOS
        from ananke import Matcher, Vocab
        lines = "a\nb\nab\nba\n_\nx1\n</s>\n"
        with Vocab(text=lines, format="list", eos=["</s>"]) as v:
            self.assertEqual(v.size, 7)
            self.assertEqual(v.token(2), b"ab")
            self.assertEqual(v.eos, [6])
            m = Matcher(v, regex="a+b?")
            # at the start: a, ab; not b, ba, _, x1, nor EOS
            self.assertEqual(m.allowed_tokens(), [0, 2])
            self.assertTrue(m.accept_token(0))
            self.assertFalse(m.accept_token(3))       # "ba" would not match
            self.assertEqual(m.allowed_tokens(), [0, 1, 2, 6])
            self.assertTrue(m.accept_string("ab"))
            self.assertEqual(m.allowed_tokens(), [6])  # only the end
            self.assertTrue(m.accept_token(6))
            self.assertTrue(m.is_terminated)
            m.rollback(2)
            self.assertFalse(m.is_terminated)
            self.assertEqual(m.allowed_tokens(), [0, 1, 2, 6])
            m.reset()
            self.assertEqual(m.allowed_tokens(), [0, 2])
            m.close()
            g = Matcher(v, gbnf='root ::= "ab" [_x] "1"?')
            self.assertEqual(g.allowed_tokens(), [0, 2])
            self.assertTrue(g.accept_string("ab"))
            self.assertEqual(g.allowed_tokens(), [4, 5])
            g.close()
            with self.assertRaises(AnankeError) as e:
                Matcher(v, gbnf="root ::= (")
            self.assertEqual(e.exception.name, "ANK_ERR_FORMAT")
            # a grammar so ambiguous that its parse goes past its limits
            # within a few dozen bytes: an error, not a refusal
            g = Matcher(v, gbnf='root ::= ("a"{0,4096}){0,4096}')
            accepted = 0
            with self.assertRaises(AnankeError) as e:
                while accepted < 1000:
                    self.assertTrue(g.accept_token(0))
                    accepted += 1
            self.assertEqual(e.exception.name, "ANK_ERR_LIMIT")
            self.assertIn("limits", str(e.exception))
            self.assertGreater(accepted, 4)
            self.assertFalse(g.accept_token(1))  # "b": refused, no error
            g.close()
        with self.assertRaises(AnankeError) as e:
            Vocab(text='{"model": {"type": "Nope"}}')
        self.assertIn(e.exception.name, ("ANK_ERR_FORMAT", "ANK_ERR_JSON"))

    def test_holes(self):
        holes = self.an.holes(RUST, lang="rust", path="store.rs")
        self.assertEqual(len(holes), 1)
        h = holes[0]
        start = RUST.encode().index(b"todo!()")
        self.assertEqual((h["start_byte"], h["end_byte"]), (start, start + 7))
        self.assertEqual((h["line"], h["column"]), (3, 5))
        self.assertEqual(h["marker"], "todo!()")
        self.assertEqual(h["returns"], "Result<u32, String>")
        self.assertEqual(h["function_name"], "take")
        self.assertEqual(h["file"], "store.rs")
        self.assertEqual(h["language"], "rust")
        self.assertEqual(h["bindings"], [
            {"name": "store", "type": "&mut Store"},
            {"name": "sku", "type": "&str"},
            {"name": "n", "type": "u32"}])
        # The hole's id and function match the JSON document.
        doc = self.an.extract(RUST, lang="rust", path="store.rs")
        hole = self.kinds(doc, "hole")[0]
        sig = self.kinds(doc, "function.signature")[0]
        self.assertEqual(h["id"], hole["id"])
        self.assertEqual(h["function"], sig["id"])
        py = self.an.holes(PY, lang="python")
        self.assertEqual([(x["marker"], x["returns"]) for x in py],
                         [("raise NotImplementedError", "float"),
                          ("pass", "str")])

    def test_compile(self):
        doc = self.an.extract(RUST, lang="rust", path="store.rs")
        ir = self.an.compile(doc)
        self.assertEqual(ir["format"], "ananke.ir/1")
        self.assertEqual(ir["emit"],
                         ["schema", "tools", "gbnf", "lark", "regex", "specs"])
        kinds = {a["kind"] for a in ir["artifacts"]}
        self.assertTrue({"schema", "tool", "grammar", "regex", "spec"} <= kinds)
        # The same document from its JSON text, str or bytes.
        text = self.an.extract_json(RUST, lang="rust", path="store.rs")
        self.assertEqual(self.an.compile(text), ir)
        self.assertEqual(self.an.compile(text.encode()), ir)
        only = self.an.compile(doc, emit=["schema"])
        self.assertEqual(only["emit"], ["schema"])
        self.assertEqual({a["kind"] for a in only["artifacts"]}, {"schema"})
        schema = only["artifacts"][0]["schema"]
        self.assertEqual(schema["title"], "Store")
        self.assertEqual(schema["required"], ["name", "count"])
        with self.assertRaises(AnankeError) as e:
            self.an.compile(doc, emit=["pdf"])
        self.assertEqual(e.exception.name, "ANK_ERR_INVALID_ARGUMENT")
        with self.assertRaises(AnankeError) as e:
            self.an.compile(doc, spec_functions=["nope"])
        self.assertEqual(e.exception.name, "ANK_ERR_INVALID_ARGUMENT")

    def test_compile_to(self):
        import io
        doc = self.an.extract(RUST, lang="rust", path="store.rs")
        ir = self.an.compile(doc, emit=["schema", "gbnf", "specs"])
        # Into a file object: the document's bytes, and the counts.
        buf = io.BytesIO()
        counts = self.an.compile_to(doc, buf, emit=["schema", "gbnf", "specs"])
        self.assertEqual(json.loads(buf.getvalue()), ir)
        self.assertEqual(counts, {"artifacts": len(ir["artifacts"]),
                                  "conflicts": len(ir["conflicts"])})
        with tempfile.TemporaryDirectory() as d:
            # Into a path: whole, with the mode open() would give.
            path = os.path.join(d, "ir.json")
            self.assertEqual(self.an.compile_to(doc, path)["artifacts"],
                             len(self.an.compile(doc)["artifacts"]))
            with open(path, "rb") as f:
                self.assertEqual(json.load(f), self.an.compile(doc))
            umask = os.umask(0)
            os.umask(umask)
            self.assertEqual(os.stat(path).st_mode & 0o777, 0o666 & ~umask)
            # A failure leaves the old file and no temporary one.
            with open(path, "w") as f:
                f.write("old")
            with self.assertRaises(AnankeError) as e:
                self.an.compile_to('{\n  "format": ', path)
            self.assertEqual(e.exception.name, "ANK_ERR_JSON")
            self.assertEqual(e.exception.line, 2)
            with self.assertRaises(AnankeError):
                self.an.compile_to(doc, path, emit=["pdf"])
            with open(path) as f:
                self.assertEqual(f.read(), "old")
            self.assertEqual(os.listdir(d), ["ir.json"])

        # A writer that raises stops the compile with its own exception.
        class Full:
            calls = 0

            def write(self, data):
                self.calls += 1
                raise OSError(28, "No space left on device")

        full = Full()
        with self.assertRaises(OSError) as e:
            self.an.compile_to(doc, full)
        self.assertEqual(e.exception.errno, 28)
        self.assertEqual(full.calls, 1)

    def test_spec(self):
        doc = self.an.extract(RUST, lang="rust", path="store.rs")
        hole = self.an.holes(RUST, lang="rust", path="store.rs")[0]
        spec = self.an.spec(doc, hole)
        self.assertEqual(spec["hole"], hole["id"])
        self.assertEqual(spec["prefix"], "pub fn take(store: &mut Store, "
                         "sku: &str, n: u32) -> Result<u32, String>")
        self.assertEqual(spec["replace"], {"start_byte": hole["start_byte"],
                                           "end_byte": hole["end_byte"]})
        self.assertEqual(spec["schemas"]["sku"], {"type": "string"})
        # The grammar texts are those of the artifact the spec names.
        ir = self.an.compile(doc)
        grammar = [a for a in ir["artifacts"] if a["id"] == spec["completion"]][0]
        self.assertEqual(spec["grammar"],
                         {"gbnf": grammar["gbnf"], "lark": grammar["lark"]})
        self.assertTrue(spec["grammar"]["gbnf"].startswith("root ::= "))
        with self.assertRaises(AnankeError):
            self.an.spec(doc, "0000000000000000")

    def test_errors(self):
        def fails(name, fn, *args, **kw):
            with self.assertRaises(AnankeError) as e:
                fn(*args, **kw)
            self.assertEqual(e.exception.name, name)
            self.assertTrue(e.exception.message)
            return e.exception

        fails("ANK_ERR_UNSUPPORTED_LANGUAGE", self.an.extract, RUST,
              lang="cobol")
        fails("ANK_ERR_UNSUPPORTED_LANGUAGE", self.an.extract, RUST)
        fails("ANK_ERR_UNSUPPORTED_LANGUAGE", self.an.extract, RUST,
              path="store.c")
        # A NUL inside a C string would cut it short.
        e = fails("ANK_ERR_INVALID_ARGUMENT", self.an.extract, RUST,
                  lang="rust", path="a\0b.rs")
        self.assertEqual(e.offset, 1)
        fails("ANK_ERR_INVALID_ARGUMENT", self.an.extract, RUST, lang="ru\0st")
        # A NUL inside the source is binary data, located.
        e = fails("ANK_ERR_BINARY", self.an.extract, "x = 1\ny = \0\n",
                  lang="python")
        self.assertEqual((e.line, e.column, e.offset), (2, 5, 10))
        # Invalid UTF-8 is tolerated, or refused in strict mode.
        bad = b"s = '\xff'\n"
        self.assertEqual(len(self.an.extract(bad, lang="python")["files"]), 1)
        with Ananke(strict_utf8=True) as strict:
            e = fails("ANK_ERR_INVALID_ARGUMENT", strict.extract, bad,
                      lang="python")
            self.assertEqual((e.line, e.column, e.offset), (1, 6, 5))
        with Ananke(max_file_size=16, max_json_size=16) as small:
            fails("ANK_ERR_TOO_LARGE", small.extract, RUST, lang="rust")
            fails("ANK_ERR_TOO_LARGE", small.compile, '{"format": "x", "y": 1}')
        e = fails("ANK_ERR_JSON", self.an.compile, '{\n  "format": ')
        self.assertEqual(e.line, 2)
        fails("ANK_ERR_FORMAT", self.an.compile,
              {"format": "ananke.constraints/9"})
        with self.assertRaises(TypeError):
            self.an.extract(12, lang="rust")
        self.an.close()
        fails("ANK_ERR_INVALID_ARGUMENT", self.an.extract, RUST, lang="rust")
        self.an.close()  # twice is fine

    def test_declarations_only(self):
        with Ananke(declarations_only=True) as an:
            doc = an.extract(RUST, lang="rust")
            self.assertEqual(self.kinds(doc, "hole"), [])
            self.assertEqual(len(self.kinds(doc, "function.signature")), 1)


class LibraryTest(unittest.TestCase):
    def test_version(self):
        an = Ananke()
        self.assertRegex(an.version, r"^\d+\.\d+\.\d+$")
        self.assertEqual(load_library().ank_abi_version(), 1)
        an.close()

    def test_missing_library(self):
        with self.assertRaises(AnankeError) as e:
            load_library("/nonexistent/libananke.so")
        self.assertEqual(e.exception.name, "ANK_ERR_IO")

    def test_found_next_to_package(self):
        # A copy of the package with the library beside it loads without
        # ANANKE_LIBRARY.
        lib = os.environ["ANANKE_LIBRARY"]
        with tempfile.TemporaryDirectory() as d:
            pkg = os.path.join(d, "ananke")
            shutil.copytree(os.path.join(ROOT, "ffi", "python", "ananke"), pkg)
            shutil.copy(lib, os.path.join(pkg, "libananke.so"))
            env = dict(os.environ, PYTHONPATH=d)
            env.pop("ANANKE_LIBRARY")
            code = ("import ananke, os; an = ananke.Ananke(); "
                    "print(an.holes('def f():\\n    pass\\n', lang='py')[0]"
                    "['marker'])")
            out = subprocess.run([sys.executable, "-c", code], env=env,
                                 capture_output=True, text=True, cwd=d)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual(out.stdout.strip(), "pass")

    def test_codegen_example(self):
        src = os.path.join(ROOT, "tests", "golden", "clew", "rust-rules-holes",
                           "input.rs")
        out = subprocess.run(
            [sys.executable, os.path.join(ROOT, "ffi", "examples", "codegen.py"),
             src], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("hole(s) in", out.stdout)
        self.assertIn("keep the prefix:", out.stdout)
        self.assertIn("completion grammar, GBNF:\nroot ::= ", out.stdout)
        self.assertIn("completion grammar, Lark:\nstart: ", out.stdout)


if __name__ == "__main__":
    unittest.main()
