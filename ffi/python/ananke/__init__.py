"""ananke: extract the rules a source file follows and compile them into
constraints for constrained decoding (JSON Schemas, GBNF and Lark grammars,
regexes, generation specs).

A binding of libananke's C API on the standard library's ``ctypes``; it
needs no third-party package.  Results are plain dicts and lists::

    from ananke import Ananke

    with Ananke() as an:
        doc = an.extract(source, lang="python", path="app.py")
        for hole in an.holes(source, lang="python", path="app.py"):
            spec = an.spec(doc, hole["id"])
            print(spec["prefix"], spec["grammar"]["gbnf"])

The library is looked for next to this package, then at the path in the
ANANKE_LIBRARY environment variable, then through the system loader
(``libananke.so.1``).  Failures raise :class:`AnankeError`.

An Ananke object must be used by one thread at a time; create one per
thread to work in parallel.  docs/ffi.md describes the C API beneath.
"""

import ctypes
import ctypes.util
import errno
import json
import os
import secrets

__all__ = ["Ananke", "AnankeError", "Matcher", "Vocab", "load_library",
           "ABI_VERSION"]

#: The C ABI this binding was written for (ANK_ABI_VERSION).
ABI_VERSION = 1

# Status codes (ANK_STATUS_LIST in ananke.h).
STATUS_NAMES = {
    0: "ANK_OK", 1: "ANK_ERR_NOMEM", 2: "ANK_ERR_INVALID_ARGUMENT",
    3: "ANK_ERR_IO", 4: "ANK_ERR_NOT_FOUND", 5: "ANK_ERR_UNSUPPORTED_LANGUAGE",
    6: "ANK_ERR_LANGUAGE_ABI", 7: "ANK_ERR_TOO_LARGE", 8: "ANK_ERR_BINARY",
    9: "ANK_ERR_PARSE", 10: "ANK_ERR_LIMIT", 11: "ANK_ERR_INTERNAL",
    12: "ANK_ERR_JSON", 13: "ANK_ERR_FORMAT",
}
_OK, _INVALID_ARGUMENT, _UNSUPPORTED_LANGUAGE = 0, 2, 5

_EMIT = {"schema": 0x01, "tools": 0x02, "gbnf": 0x04, "lark": 0x08,
         "regex": 0x10, "specs": 0x20}
_DECLARATIONS_ONLY = 0x1
_STRICT_UTF8 = 0x100
_NPOS = ctypes.c_size_t(-1).value
# ank_attr, ank_members and ank_ir_part values.
_ATTR_RETURNS, _ATTR_MARKER, _ATTR_FUNCTION, _ATTR_FUNCTION_NAME = 3, 9, 10, 11
_MEMBERS_BINDINGS = 4
_PART_GBNF, _PART_LARK, _PART_SPEC = 1, 2, 7
# ank_vocab_options.format and ank_matcher_kind values.
_VOCAB_FORMATS = {None: 0, "auto": 0, "tokenizer.json": 1, "list": 2}
_MATCHER_GBNF, _MATCHER_REGEX, _MATCHER_REGEX_FORBID = 1, 2, 3


class AnankeError(Exception):
    """A failed call: ``code`` (int) and ``name`` (e.g.
    "ANK_ERR_UNSUPPORTED_LANGUAGE"), the ``message``, and where the problem
    is when known: ``line`` and ``column`` (1-based, 0 when unknown) and
    ``offset`` (bytes, -1 when unknown)."""

    def __init__(self, code, message, line=0, column=0, offset=-1):
        self.code = code
        self.name = STATUS_NAMES.get(code, "ANK_UNKNOWN")
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
        where = " (line %d, column %d)" % (line, column) if line else ""
        super().__init__("%s: %s%s" % (self.name, message, where))


class _Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("line", ctypes.c_uint32),
                ("column", ctypes.c_uint32), ("offset", ctypes.c_int64),
                ("message", ctypes.c_char * 256)]


class _Options(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t),
                ("max_file_size", ctypes.c_size_t),
                ("max_json_size", ctypes.c_size_t),
                ("flags", ctypes.c_uint), ("jobs", ctypes.c_uint),
                ("cache_dir", ctypes.c_char_p), ("no_cache", ctypes.c_int),
                ("allocator", ctypes.c_void_p)]


class _TreeStats(ctypes.Structure):
    _fields_ = [("files", ctypes.c_size_t), ("parsed", ctypes.c_size_t),
                ("cached", ctypes.c_size_t), ("skipped", ctypes.c_size_t)]


class _CompileOptions(ctypes.Structure):
    _fields_ = [("emit", ctypes.c_uint),
                ("spec_functions", ctypes.POINTER(ctypes.c_char_p)),
                ("jobs", ctypes.c_uint)]


class _CompileCounts(ctypes.Structure):
    _fields_ = [("artifacts", ctypes.c_size_t),
                ("conflicts", ctypes.c_size_t)]


# ank_write_fn: the data as a plain pointer, so that no NUL cuts it short.
_WRITE_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                             ctypes.c_size_t)


class _VocabOptions(ctypes.Structure):
    _fields_ = [("format", ctypes.c_uint),
                ("eos_ids", ctypes.POINTER(ctypes.c_uint32)),
                ("eos_count", ctypes.c_size_t),
                ("eos_tokens", ctypes.POINTER(ctypes.c_char_p)),
                ("size", ctypes.c_uint32)]


class _Location(ctypes.Structure):
    _fields_ = [("file", ctypes.c_char_p),
                ("start_line", ctypes.c_uint32),
                ("start_column", ctypes.c_uint32),
                ("end_line", ctypes.c_uint32), ("end_column", ctypes.c_uint32),
                ("start_byte", ctypes.c_uint32), ("end_byte", ctypes.c_uint32)]


_P = ctypes.c_void_p
_S = ctypes.c_size_t
_ST = ctypes.c_int
_ERR = ctypes.POINTER(_Error)
_OUT = ctypes.POINTER(ctypes.c_void_p)
_BUF = ctypes.POINTER(ctypes.c_void_p)
_SIGNATURES = {
    "ank_abi_version": (ctypes.c_uint, []),
    "ank_version": (ctypes.c_char_p, []),
    "ank_free": (None, [_P]),
    "ank_lang_from_name": (ctypes.c_int, [ctypes.c_char_p]),
    "ank_lang_name": (ctypes.c_char_p, [ctypes.c_int]),
    "ank_context_new": (_ST, [ctypes.POINTER(_Options), _OUT, _ERR]),
    "ank_context_free": (None, [_P]),
    "ank_extract": (_ST, [_P, ctypes.c_int, ctypes.c_char_p, _S,
                          ctypes.c_char_p, _OUT, _ERR]),
    "ank_extract_path": (_ST, [_P, ctypes.c_char_p, _OUT, _ERR]),
    "ank_extract_tree": (_ST, [_P, ctypes.c_char_p, _OUT,
                               ctypes.POINTER(_TreeStats), _ERR]),
    "ank_context_warning": (ctypes.c_char_p, [_P]),
    "ank_compile_json": (_ST, [_P, ctypes.c_char_p, _S,
                               ctypes.POINTER(_CompileOptions), _OUT, _ERR]),
    "ank_compile_json_write": (_ST, [_P, ctypes.c_char_p, _S,
                                     ctypes.POINTER(_CompileOptions),
                                     _WRITE_FN, _P,
                                     ctypes.POINTER(_CompileCounts), _ERR]),
    "ank_result_json": (_ST, [_P, _BUF, ctypes.POINTER(_S), _ERR]),
    "ank_result_free": (None, [_P]),
    "ank_result_count": (_S, [_P]),
    "ank_result_get": (_P, [_P, _S]),
    "ank_ir_json": (_ST, [_P, _BUF, ctypes.POINTER(_S), _ERR]),
    "ank_ir_free": (None, [_P]),
    "ank_constraint_kind": (ctypes.c_char_p, [_P]),
    "ank_constraint_name": (ctypes.c_char_p, [_P]),
    "ank_constraint_id": (ctypes.c_char_p, [_P]),
    "ank_constraint_language": (ctypes.c_int, [_P]),
    "ank_constraint_location": (_Location, [_P]),
    "ank_constraint_attr": (ctypes.c_char_p, [_P, ctypes.c_int]),
    "ank_constraint_member_count": (_S, [_P, ctypes.c_int]),
    "ank_constraint_member_name": (ctypes.c_char_p, [_P, ctypes.c_int, _S]),
    "ank_constraint_member_type": (ctypes.c_char_p, [_P, ctypes.c_int, _S]),
    "ank_constraint_hole_range": (_ST, [_P, ctypes.POINTER(ctypes.c_uint32),
                                        ctypes.POINTER(ctypes.c_uint32)]),
    "ank_ir_artifact_find": (_S, [_P, ctypes.c_char_p, ctypes.c_char_p, _S]),
    "ank_ir_artifact_id": (ctypes.c_char_p, [_P, _S]),
    "ank_ir_artifact_text": (ctypes.c_void_p, [_P, _S, ctypes.c_int,
                                               ctypes.POINTER(_S)]),
    "ank_ir_artifact_json": (_ST, [_P, _S, ctypes.c_int, _BUF,
                                   ctypes.POINTER(_S), _ERR]),
    "ank_ir_artifact_count": (_S, [_P]),
    "ank_vocab_load": (_ST, [ctypes.c_char_p, ctypes.POINTER(_VocabOptions),
                             _OUT, _ERR]),
    "ank_vocab_load_text": (_ST, [ctypes.c_char_p, _S,
                                  ctypes.POINTER(_VocabOptions), _OUT, _ERR]),
    "ank_vocab_free": (None, [_P]),
    "ank_vocab_size": (ctypes.c_uint32, [_P]),
    "ank_vocab_token": (ctypes.c_void_p, [_P, ctypes.c_uint32,
                                          ctypes.POINTER(_S),
                                          ctypes.POINTER(ctypes.c_int)]),
    "ank_vocab_eos": (ctypes.POINTER(ctypes.c_uint32), [_P,
                                                        ctypes.POINTER(_S)]),
    "ank_matcher_new": (_ST, [_P, _S, _P, _OUT, _ERR]),
    "ank_matcher_new_text": (_ST, [ctypes.c_int, ctypes.c_char_p, _S, _P,
                                   _OUT, _ERR]),
    "ank_matcher_free": (None, [_P]),
    "ank_matcher_fill_next_token_bitmask": (
        _ST, [_P, ctypes.POINTER(ctypes.c_uint32), _S]),
    "ank_matcher_accept_token": (ctypes.c_int, [_P, ctypes.c_uint32]),
    "ank_matcher_accept_string": (ctypes.c_int, [_P, ctypes.c_char_p, _S]),
    "ank_matcher_is_terminated": (ctypes.c_int, [_P]),
    "ank_matcher_can_end": (ctypes.c_int, [_P]),
    "ank_matcher_reset": (None, [_P]),
    "ank_matcher_rollback": (_ST, [_P, _S]),
    "ank_matcher_status": (_ST, [_P, _ERR]),
    "ank_matcher_jump_forward_string": (_ST, [_P, _BUF, ctypes.POINTER(_S),
                                              _ERR]),
}


def _candidates():
    here = os.path.dirname(os.path.abspath(__file__))
    for name in ("libananke.so", "libananke.so.%d" % ABI_VERSION,
                 "libananke.dylib"):
        path = os.path.join(here, name)
        if os.path.exists(path):
            yield path
    env = os.environ.get("ANANKE_LIBRARY")
    if env:
        yield env
    found = ctypes.util.find_library("ananke")
    if found:
        yield found
    yield "libananke.so.%d" % ABI_VERSION


def load_library(path=None):
    """Load libananke (from `path` when given, otherwise from the usual
    places; see the module's documentation) and check its ABI version."""
    errors = []
    lib = None
    for candidate in [path] if path else _candidates():
        try:
            lib = ctypes.CDLL(candidate)
            break
        except OSError as e:
            errors.append("%s: %s" % (candidate, e))
    if lib is None:
        raise AnankeError(3, "cannot load libananke; tried " +
                          "; ".join(errors))
    for name, (restype, argtypes) in _SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    abi = lib.ank_abi_version()
    if abi != ABI_VERSION:
        raise AnankeError(6, "libananke has ABI %d; this binding needs %d"
                          % (abi, ABI_VERSION))
    return lib


def _text(value):
    return None if value is None else value.decode("utf-8", "replace")


def _c_string(value, what):
    """A Python string for a C string argument: NUL would cut it short."""
    if value is None:
        return None
    data = os.fsencode(value) if isinstance(value, os.PathLike) else value
    if isinstance(data, str):
        data = data.encode("utf-8")
    if b"\0" in data:
        raise AnankeError(_INVALID_ARGUMENT,
                          "%s contains a NUL character at %d"
                          % (what, data.index(b"\0")),
                          offset=data.index(b"\0"))
    return data


class _Owned:
    """An object of the library, freed by :meth:`close`, at the end of a
    ``with`` block, or when garbage-collected.  Subclasses name the
    attribute holding the pointer and the library function freeing it."""

    _HANDLE = None
    _FREE = None

    def close(self):
        """Free the object.  Further calls raise AnankeError."""
        handle = getattr(self, self._HANDLE, None)
        if handle is not None:
            getattr(self._lib, self._FREE)(handle)
            setattr(self, self._HANDLE, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


class Ananke(_Owned):
    """A context: the options and an extractor.  Close it (or use it as a
    context manager) to release it; the dicts it returned stay valid."""

    _HANDLE = "_ctx"
    _FREE = "ank_context_free"

    def __init__(self, library=None, *, max_file_size=0, max_json_size=0,
                 declarations_only=False, strict_utf8=False, jobs=0,
                 cache_dir=None, no_cache=False):
        self._lib = load_library(library)
        opts = _Options()
        opts.struct_size = ctypes.sizeof(_Options)
        opts.max_file_size = max_file_size
        opts.max_json_size = max_json_size
        opts.jobs = jobs
        self._jobs = jobs
        opts.cache_dir = _c_string(cache_dir, "cache_dir")
        opts.no_cache = 1 if no_cache else 0
        opts.flags = ((_DECLARATIONS_ONLY if declarations_only else 0) |
                      (_STRICT_UTF8 if strict_utf8 else 0))
        ctx = ctypes.c_void_p()
        self._call(self._lib.ank_context_new, ctypes.byref(opts),
                   ctypes.byref(ctx))
        self._ctx = ctx

    # ------------------------------------------------------------ plumbing

    def _call(self, fn, *args):
        err = _Error()
        status = fn(*args, ctypes.byref(err))
        if status != _OK:
            raise AnankeError(status, _text(err.message), err.line,
                              err.column, err.offset)

    def _take(self, fn, obj):
        """Call a JSON writer and return its owned buffer as str."""
        buf = ctypes.c_void_p()
        n = ctypes.c_size_t()
        self._call(fn, obj, ctypes.byref(buf), ctypes.byref(n))
        try:
            return ctypes.string_at(buf, n.value).decode("utf-8", "replace")
        finally:
            self._lib.ank_free(buf)

    def _context(self):
        if self._ctx is None:
            raise AnankeError(_INVALID_ARGUMENT, "the context is closed")
        return self._ctx

    def _lang(self, lang):
        if lang is None:
            return 0
        code = self._lib.ank_lang_from_name(_c_string(lang, "lang"))
        if code == 0:
            raise AnankeError(_UNSUPPORTED_LANGUAGE,
                              "unknown language %r" % (lang,))
        return code

    def _result(self, source, lang, path):
        """A new ank_result (a c_void_p the caller frees)."""
        if isinstance(source, str):
            source = source.encode("utf-8", "surrogateescape")
        if not isinstance(source, (bytes, bytearray)):
            raise TypeError("source must be str or bytes")
        out = ctypes.c_void_p()
        self._call(self._lib.ank_extract, self._context(), self._lang(lang),
                   bytes(source), len(source), _c_string(path, "path"),
                   ctypes.byref(out))
        return out

    def _result_path(self, path):
        out = ctypes.c_void_p()
        self._call(self._lib.ank_extract_path, self._context(),
                   _c_string(path, "path"), ctypes.byref(out))
        return out

    @staticmethod
    def _constraints(constraints):
        """A constraints document (dict, str or bytes) as bytes."""
        if isinstance(constraints, dict):
            constraints = json.dumps(constraints)
        if isinstance(constraints, str):
            constraints = constraints.encode("utf-8")
        if not isinstance(constraints, (bytes, bytearray)):
            raise TypeError("constraints must be a dict, str or bytes")
        return bytes(constraints)

    def _options(self, emit, spec_functions):
        """The compile options (their spec_functions array lives as long as
        the returned struct)."""
        opts = _CompileOptions()
        opts.jobs = self._jobs
        for item in emit or ():
            if item not in _EMIT:
                raise AnankeError(_INVALID_ARGUMENT,
                                  "unknown emit item %r (one of %s)"
                                  % (item, ", ".join(_EMIT)))
            opts.emit |= _EMIT[item]
        if spec_functions:
            names = [_c_string(n, "spec function") for n in spec_functions]
            opts._names = (ctypes.c_char_p * (len(names) + 1))(*names, None)
            opts.spec_functions = opts._names
        return opts

    def _ir(self, constraints, emit=None, spec_functions=None):
        """A new ank_ir (a c_void_p the caller frees)."""
        text = self._constraints(constraints)
        opts = self._options(emit, spec_functions)
        out = ctypes.c_void_p()
        self._call(self._lib.ank_compile_json, self._context(), text,
                   len(text), ctypes.byref(opts), ctypes.byref(out))
        return out

    def _compile_into(self, text, opts, f):
        """Stream the compile of `text` into the binary file object f."""
        failure = []

        def write(_context, data, length):
            try:
                f.write(ctypes.string_at(data, length))
                return 0
            except BaseException as e:  # stops the compile; raised below
                failure.append(e)
                return errno.EIO

        counts = _CompileCounts()
        try:
            self._call(self._lib.ank_compile_json_write, self._context(),
                       text, len(text), ctypes.byref(opts), _WRITE_FN(write),
                       None, ctypes.byref(counts))
        except AnankeError:
            if failure:
                raise failure[0] from None
            raise
        return {"artifacts": counts.artifacts, "conflicts": counts.conflicts}

    # -------------------------------------------------------------- public

    @property
    def version(self):
        """The library's version string, e.g. "0.1.0"."""
        return _text(self._lib.ank_version())


    def extract_json(self, source, lang=None, path=None):
        """Like :meth:`extract`, returning the JSON text unparsed."""
        r = self._result(source, lang, path)
        try:
            return self._take(self._lib.ank_result_json, r)
        finally:
            self._lib.ank_result_free(r)

    def extract(self, source, lang=None, path=None):
        """Extract the constraints of `source` (str or bytes).  `lang` is a
        language name ("python", "ts", "rust", ...); without it the language
        comes from `path`'s extension.  `path` is the name written in
        locations.  Returns the `ananke.constraints/1` document as a dict
        (docs/constraints.md)."""
        return json.loads(self.extract_json(source, lang, path))

    def extract_path(self, path):
        """Read the file at `path` and extract it; the language comes from
        the file name.  Returns the document as a dict."""
        r = self._result_path(path)
        try:
            return json.loads(self._take(self._lib.ank_result_json, r))
        finally:
            self._lib.ank_result_free(r)

    def extract_tree(self, root):
        """Extract every source file under the directory `root` (as
        `ananke extract DIR`: ignore rules honoured, files extracted in
        parallel and cached by content).  Returns the document as a dict;
        :attr:`last_tree_stats` then holds the counts (files, parsed,
        cached, skipped) and :attr:`warning` why the cache was not used,
        if it was not."""
        out = ctypes.c_void_p()
        st = _TreeStats()
        self._call(self._lib.ank_extract_tree, self._context(),
                   _c_string(root, "root"), ctypes.byref(out),
                   ctypes.byref(st))
        self.last_tree_stats = {"files": st.files, "parsed": st.parsed,
                                "cached": st.cached, "skipped": st.skipped}
        w = self._lib.ank_context_warning(self._context())
        self.warning = w.decode("utf-8", "replace") if w else None
        try:
            return json.loads(self._take(self._lib.ank_result_json, out))
        finally:
            self._lib.ank_result_free(out)

    def compile(self, constraints, emit=None, spec_functions=None):
        """Compile a constraints document (a dict as :meth:`extract` returns,
        or its JSON text) into an `ananke.ir/1` document (a dict,
        docs/ir.md).  `emit` lists what to produce ("schema", "tools",
        "gbnf", "lark", "regex", "specs"; default all); `spec_functions`
        names functions to write a generation spec for besides the holes."""
        ir = self._ir(constraints, emit, spec_functions)
        try:
            return json.loads(self._take(self._lib.ank_ir_json, ir))
        finally:
            self._lib.ank_ir_free(ir)

    def compile_to(self, constraints, out, emit=None, spec_functions=None):
        """Compile as :meth:`compile` does, but write the document's JSON
        text as it is made instead of keeping it, so that memory stays that
        of the compile whatever the size of the document.  `out` is a path
        (str or os.PathLike), written whole or not at all: the text goes to
        a temporary file beside it, renamed over it on success; or a binary
        file object, whose ``write`` is called with bytes (after an
        exception what it received is not a document).  Returns the counts
        ``{"artifacts": n, "conflicts": n}``."""
        text = self._constraints(constraints)
        opts = self._options(emit, spec_functions)
        if not isinstance(out, (str, os.PathLike)):
            return self._compile_into(text, opts, out)
        path = os.fspath(out)
        fd, tmp = _temp_beside(path)
        try:
            with os.fdopen(fd, "wb") as f:
                counts = self._compile_into(text, opts, f)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        return counts

    def holes(self, source=None, lang=None, path=None):
        """The holes (unfinished bodies: `todo!()`, `pass`, `throw new
        Error("not implemented")`, ...) of a source text, or of the file at
        `path` when `source` is None.  Each is a dict: id, name, function
        (the signature's id), function_name, marker, returns (type text or
        None), file, line, column, start_byte, end_byte (the bytes a
        completion replaces) and bindings (name and type of each name in
        scope)."""
        r = (self._result_path(path) if source is None
             else self._result(source, lang, path))
        lib = self._lib
        try:
            found = []
            for i in range(lib.ank_result_count(r)):
                c = lib.ank_result_get(r, i)
                if lib.ank_constraint_kind(c) != b"hole":
                    continue
                start, end = ctypes.c_uint32(), ctypes.c_uint32()
                lib.ank_constraint_hole_range(c, ctypes.byref(start),
                                              ctypes.byref(end))
                loc = lib.ank_constraint_location(c)
                n = lib.ank_constraint_member_count(c, _MEMBERS_BINDINGS)
                found.append({
                    "id": _text(lib.ank_constraint_id(c)),
                    "name": _text(lib.ank_constraint_name(c)),
                    "language": _text(lib.ank_lang_name(
                        lib.ank_constraint_language(c))),
                    "function": _text(lib.ank_constraint_attr(
                        c, _ATTR_FUNCTION)),
                    "function_name": _text(lib.ank_constraint_attr(
                        c, _ATTR_FUNCTION_NAME)),
                    "marker": _text(lib.ank_constraint_attr(c, _ATTR_MARKER)),
                    "returns": _text(lib.ank_constraint_attr(c,
                                                             _ATTR_RETURNS)),
                    "file": _text(loc.file),
                    "line": loc.start_line,
                    "column": loc.start_column,
                    "start_byte": start.value,
                    "end_byte": end.value,
                    "bindings": [
                        {"name": _text(lib.ank_constraint_member_name(
                            c, _MEMBERS_BINDINGS, k)),
                         "type": _text(lib.ank_constraint_member_type(
                             c, _MEMBERS_BINDINGS, k))}
                        for k in range(n)],
                })
            return found
        finally:
            lib.ank_result_free(r)

    def spec(self, constraints, hole):
        """The generation spec of one hole (its id, or a dict from
        :meth:`holes`) in a constraints document: the spec as docs/ir.md
        describes it, plus "grammar": {"gbnf", "lark"}, the text of the
        completion grammar it names.  Raises AnankeError when the document
        has no such hole."""
        hole_id = hole["id"] if isinstance(hole, dict) else hole
        ir = self._ir(constraints)
        lib = self._lib
        try:
            i = lib.ank_ir_artifact_find(ir, b"spec",
                                         _c_string(hole_id, "hole"), 0)
            if i == _NPOS:
                raise AnankeError(_INVALID_ARGUMENT,
                                  "no spec for hole %r" % (hole_id,))
            buf = ctypes.c_void_p()
            n = ctypes.c_size_t()
            self._call(lib.ank_ir_artifact_json, ir, i, _PART_SPEC,
                       ctypes.byref(buf), ctypes.byref(n))
            try:
                spec = json.loads(ctypes.string_at(buf, n.value))
            finally:
                lib.ank_free(buf)
            spec["id"] = _text(lib.ank_ir_artifact_id(ir, i))
            grammar = {}
            for key, part in (("gbnf", _PART_GBNF), ("lark", _PART_LARK)):
                size = ctypes.c_size_t()
                p = lib.ank_ir_artifact_text(ir, i, part, ctypes.byref(size))
                grammar[key] = (ctypes.string_at(p, size.value).decode(
                    "utf-8", "replace") if p else None)
            spec["grammar"] = grammar
            return spec
        finally:
            lib.ank_ir_free(ir)

    def matcher(self, constraints, artifact, vocab):
        """A :class:`Matcher` for one artifact of the document compiled from
        `constraints`: `artifact` is its id (str) or its index (int).
        Grammars, schemas (their JSON grammar) and specs (their completion
        grammar) go through their GBNF; regexes match the whole text, or
        for "forbid" regexes, no part of it.  The matcher uses `vocab`
        (a :class:`Vocab`), which must stay open while it does."""
        ir = self._ir(constraints)
        lib = self._lib
        try:
            index = artifact
            if isinstance(artifact, str):
                count = lib.ank_ir_artifact_count(ir)
                index = next((i for i in range(count)
                              if _text(lib.ank_ir_artifact_id(ir, i))
                              == artifact), None)
                if index is None:
                    raise AnankeError(_INVALID_ARGUMENT,
                                      "no artifact %r" % (artifact,))
            out = ctypes.c_void_p()
            err = _Error()
            status = lib.ank_matcher_new(ir, index, vocab._ptr(),
                                         ctypes.byref(out), ctypes.byref(err))
            _check(status, err)
            return Matcher(vocab, _handle=out)
        finally:
            lib.ank_ir_free(ir)


def _temp_beside(path):
    """A new file in the directory of `path`, created as open() would
    create `path` (mode 0666 less the umask): its descriptor and name."""
    head, tail = os.path.split(path)
    for _ in range(100):
        tmp = os.path.join(head, ".%s.%s.tmp" % (tail, secrets.token_hex(4)))
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                           0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", path)


def _check(status, err):
    """Raise the error of a failed call."""
    if status != _OK:
        raise AnankeError(status, _text(err.message), err.line, err.column,
                          err.offset)


class Vocab(_Owned):
    """A tokenizer's vocabulary: every token id with its exact bytes.

    Load a Hugging Face ``tokenizer.json`` or a plain list (one token a
    line, escaped) from `path`, or from `text` (str or bytes).  `format` is
    None (detected), "tokenizer.json" or "list"; `eos` lists the
    end-of-sequence tokens (ids or texts; default: detected from the usual
    names); `size` is the number of ids masks cover when the model has
    more rows than the tokenizer has tokens.  Close it (or use it as a
    context manager) once no :class:`Matcher` uses it any more."""

    _HANDLE = "_vocab"
    _FREE = "ank_vocab_free"

    def __init__(self, path=None, *, text=None, format=None, eos=None,
                 size=0, library=None):
        if (path is None) == (text is None):
            raise AnankeError(_INVALID_ARGUMENT,
                              "give either a path or a text")
        if format not in _VOCAB_FORMATS:
            raise AnankeError(_INVALID_ARGUMENT,
                              "unknown vocabulary format %r" % (format,))
        self._lib = load_library(library)
        opts = _VocabOptions()
        opts.format = _VOCAB_FORMATS[format]
        opts.size = size
        keep = []
        if eos is not None:
            ids = [e for e in eos if isinstance(e, int)]
            names = [_c_string(e, "eos token") for e in eos
                     if not isinstance(e, int)]
            if ids:
                arr = (ctypes.c_uint32 * len(ids))(*ids)
                keep.append(arr)
                opts.eos_ids = arr
                opts.eos_count = len(ids)
            narr = (ctypes.c_char_p * (len(names) + 1))(*names, None)
            keep.append(narr)
            opts.eos_tokens = narr
        out = ctypes.c_void_p()
        err = _Error()
        if path is not None:
            status = self._lib.ank_vocab_load(_c_string(path, "path"),
                                              ctypes.byref(opts),
                                              ctypes.byref(out),
                                              ctypes.byref(err))
        else:
            data = text.encode("utf-8") if isinstance(text, str) else text
            status = self._lib.ank_vocab_load_text(bytes(data), len(data),
                                                   ctypes.byref(opts),
                                                   ctypes.byref(out),
                                                   ctypes.byref(err))
        _check(status, err)
        self._vocab = out

    def _ptr(self):
        if self._vocab is None:
            raise AnankeError(_INVALID_ARGUMENT, "the vocabulary is closed")
        return self._vocab

    @property
    def size(self):
        """The number of token ids masks cover."""
        return self._lib.ank_vocab_size(self._ptr())

    def token(self, token_id):
        """The bytes of a token, or None for an unused id."""
        n = ctypes.c_size_t()
        p = self._lib.ank_vocab_token(self._ptr(), token_id, ctypes.byref(n),
                                      None)
        return ctypes.string_at(p, n.value) if p else None

    @property
    def eos(self):
        """The end-of-sequence token ids, ascending."""
        n = ctypes.c_size_t()
        p = self._lib.ank_vocab_eos(self._ptr(), ctypes.byref(n))
        return [p[i] for i in range(n.value)]



class Matcher(_Owned):
    """One constrained generation: which tokens of `vocab` may come next
    under a GBNF grammar (`gbnf`), a regex matching the whole text
    (`regex`) or a regex no part of the text may match (`forbid`).  Build
    one from a compiled document with :meth:`Ananke.matcher`.  The
    vocabulary must stay open while the matcher is used."""

    _HANDLE = "_m"
    _FREE = "ank_matcher_free"

    def __init__(self, vocab, *, gbnf=None, regex=None, forbid=None,
                 _handle=None):
        self._lib = vocab._lib
        self.vocab = vocab
        if _handle is not None:
            self._m = _handle
            return
        given = [(k, t) for k, t in ((_MATCHER_GBNF, gbnf),
                                     (_MATCHER_REGEX, regex),
                                     (_MATCHER_REGEX_FORBID, forbid))
                 if t is not None]
        if len(given) != 1:
            raise AnankeError(_INVALID_ARGUMENT,
                              "give one of gbnf, regex and forbid")
        kind, text = given[0]
        data = text.encode("utf-8") if isinstance(text, str) else text
        out = ctypes.c_void_p()
        err = _Error()
        status = self._lib.ank_matcher_new_text(kind, bytes(data), len(data),
                                                vocab._ptr(),
                                                ctypes.byref(out),
                                                ctypes.byref(err))
        _check(status, err)
        self._m = out

    def _ptr(self):
        if self._m is None:
            raise AnankeError(_INVALID_ARGUMENT, "the matcher is closed")
        return self._m

    def fill_next_token_bitmask(self, words=None):
        """The allowed tokens as a bitmask (token i is bit i % 32 of word
        i // 32): fills `words` (a ctypes array of c_uint32) or a new
        one, and returns it.  Raises AnankeError (ANK_ERR_LIMIT) when the
        grammar's parse goes past its limits."""
        n = (self.vocab.size + 31) // 32
        if words is None:
            words = (ctypes.c_uint32 * max(n, 1))()
        status = self._lib.ank_matcher_fill_next_token_bitmask(
            self._ptr(), words, len(words))
        if status == _INVALID_ARGUMENT:
            raise AnankeError(status, "cannot fill the bitmask (%d words "
                              "given, %d needed)" % (len(words), n))
        if status != _OK:
            self._raise_status()
        return words

    def _raise_status(self):
        """Raise why the last call failed when the grammar did not refuse
        (its parse went past its limits, or memory ran out)."""
        err = _Error()
        _check(self._lib.ank_matcher_status(self._ptr(), ctypes.byref(err)),
               err)

    def allowed_tokens(self):
        """The ids of the tokens that may come next, ascending."""
        words = self.fill_next_token_bitmask()
        return [w * 32 + b for w, x in enumerate(words) if x
                for b in range(32) if (x >> b) & 1]

    def accept_token(self, token_id):
        """Accept a token; False (nothing changed) when not allowed.
        Raises AnankeError (ANK_ERR_LIMIT) when the grammar's parse went
        past its limits instead."""
        if self._lib.ank_matcher_accept_token(self._ptr(), token_id):
            return True
        self._raise_status()
        return False

    def accept_string(self, text):
        """Accept text (str or bytes) as one step, all or nothing; raises
        as accept_token does."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        if self._lib.ank_matcher_accept_string(self._ptr(), bytes(data),
                                               len(data)):
            return True
        self._raise_status()
        return False

    @property
    def is_terminated(self):
        """True once an EOS token has been accepted."""
        return bool(self._lib.ank_matcher_is_terminated(self._ptr()))

    @property
    def can_end(self):
        """True when the text accepted so far may end here."""
        return bool(self._lib.ank_matcher_can_end(self._ptr()))

    def reset(self):
        self._lib.ank_matcher_reset(self._ptr())

    def rollback(self, steps=1):
        """Undo the last `steps` accepted tokens and strings."""
        status = self._lib.ank_matcher_rollback(self._ptr(), steps)
        if status != _OK:
            raise AnankeError(status, "cannot roll back %d steps" % steps)

    def jump_forward_string(self):
        """The bytes every continuation starts with (b"" when none)."""
        buf = ctypes.c_void_p()
        n = ctypes.c_size_t()
        err = _Error()
        status = self._lib.ank_matcher_jump_forward_string(
            self._ptr(), ctypes.byref(buf), ctypes.byref(n),
            ctypes.byref(err))
        _check(status, err)
        try:
            return ctypes.string_at(buf, n.value)
        finally:
            self._lib.ank_free(buf)

