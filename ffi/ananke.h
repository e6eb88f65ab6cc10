/*
 * ananke.h - the public C interface of libananke.
 *
 * ananke reads source code, extracts the rules it already follows
 * (signatures, type shapes, imports, ...) as constraints, and writes them in
 * the `ananke.constraints/1` JSON format described in docs/constraints.md.
 *
 * Conventions used throughout this header:
 *  - Fallible functions return an ank_status and take a nullable
 *    `ank_error *`; on failure the error is filled with a code, a position
 *    when one is known, and a message.  Passing NULL for the error is allowed.
 *  - "Returns new" means the caller owns the result and must free it with
 *    the named function; "borrowed" means the pointer stays valid only as
 *    long as the object it came from.
 *  - Every `_free` function accepts NULL and does nothing.
 *  - Library code never aborts on allocation failure: it returns
 *    ANK_ERR_NOMEM.
 *
 * This is the only installed header.
 */
#ifndef ANANKE_H
#define ANANKE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ANK_BUILDING_LIBRARY) && defined(__GNUC__)
#define ANK_API __attribute__((visibility("default")))
#else
#define ANK_API
#endif

/* ---------------------------------------------------------------- version */

#define ANK_VERSION_MAJOR 0
#define ANK_VERSION_MINOR 1
#define ANK_VERSION_PATCH 0
#define ANK_VERSION_STRING "0.1.0"

/** The output format tag written at the top of every constraint document. */
#define ANK_CONSTRAINTS_FORMAT "ananke.constraints/1"

/**
 * The library's version string, e.g. "0.1.0".
 *
 * Returns: a static string (borrowed, never freed).  Thread safe.
 */
ANK_API const char *ank_version(void);

/* ----------------------------------------------------------------- status */

/*
 * Every status code, in one list.  X(NAME, value, "description").
 */
#define ANK_STATUS_LIST(X)                                                    \
    X(ANK_OK, 0, "success")                                                   \
    X(ANK_ERR_NOMEM, 1, "out of memory")                                      \
    X(ANK_ERR_INVALID_ARGUMENT, 2, "invalid argument")                        \
    X(ANK_ERR_IO, 3, "input/output error")                                    \
    X(ANK_ERR_NOT_FOUND, 4, "no such file or directory")                      \
    X(ANK_ERR_UNSUPPORTED_LANGUAGE, 5, "unsupported language")                \
    X(ANK_ERR_LANGUAGE_ABI, 6, "grammar is incompatible with the runtime")    \
    X(ANK_ERR_TOO_LARGE, 7, "input exceeds the size limit")                   \
    X(ANK_ERR_BINARY, 8, "input looks like binary data")                      \
    X(ANK_ERR_PARSE, 9, "parser failed")                                      \
    X(ANK_ERR_LIMIT, 10, "a resource limit was exceeded")                     \
    X(ANK_ERR_INTERNAL, 11, "internal error")                                 \
    X(ANK_ERR_JSON, 12, "malformed JSON")                                     \
    X(ANK_ERR_FORMAT, 13, "unsupported document format or content")

typedef enum ank_status {
#define ANK_STATUS_ENUM_(name, value, text) name = value,
    ANK_STATUS_LIST(ANK_STATUS_ENUM_)
#undef ANK_STATUS_ENUM_
} ank_status;

/**
 * The symbolic name of a status code, e.g. "ANK_ERR_NOMEM".
 *
 * Returns: a static string (borrowed); "ANK_UNKNOWN" for a value outside the
 * list.  Thread safe.
 */
ANK_API const char *ank_status_name(ank_status status);

/**
 * A one-line English description of a status code, e.g. "out of memory".
 *
 * Returns: a static string (borrowed); "unknown status" for a value outside
 * the list.  Thread safe.
 */
ANK_API const char *ank_strerror(ank_status status);

/** Size of the message buffer inside ank_error, terminator included. */
#define ANK_ERROR_MESSAGE_SIZE 256

/**
 * Details of a failure.  Filled by any fallible call that is given one.
 * `line` and `column` are 1-based and 0 when unknown; `offset` is a byte
 * offset, or -1 when unknown.  `message` is always NUL-terminated.
 */
typedef struct ank_error {
    ank_status code;
    uint32_t line;
    uint32_t column;
    int64_t offset;
    char message[ANK_ERROR_MESSAGE_SIZE];
} ank_error;

/* -------------------------------------------------------------- allocator */

/**
 * A set of allocation functions.  All four must be given.  They follow the
 * C library's contracts (realloc(NULL, n) allocates, free(NULL) is a no-op)
 * and may return NULL to signal failure.
 */
typedef struct ank_allocator {
    void *(*malloc_fn)(size_t size);
    void *(*calloc_fn)(size_t count, size_t size);
    void *(*realloc_fn)(void *ptr, size_t size);
    void (*free_fn)(void *ptr);
} ank_allocator;

/**
 * Route every allocation made by ananke, the tree-sitter runtime and jansson
 * through `allocator`, so memory can be counted or failure-injected.
 *
 * @param allocator  the functions to use; NULL restores the C library's.
 *                   The struct is copied.
 *
 * Must be called before any other ananke function, or after every object
 * created with the previous allocator has been freed.  Not thread safe: call
 * it once, at start-up.  Note that the tree-sitter runtime does not check
 * its allocations for failure, so an allocator that fails while a parse is
 * under way is only safe for ananke's own allocations.  The functions
 * must be thread-safe: ank_extract_tree's workers and a compile's second
 * thread (ank_compile_options.jobs) call them concurrently.
 */
ANK_API void ank_set_allocator(const ank_allocator *allocator);

/**
 * Free memory that ananke returned to the caller (JSON text, for instance).
 * Accepts NULL.  Thread safe.
 */
ANK_API void ank_free(void *ptr);

/* -------------------------------------------------------------- languages */

typedef enum ank_lang {
    ANK_LANG_UNKNOWN = 0,
    ANK_LANG_TYPESCRIPT,
    ANK_LANG_TSX,
    ANK_LANG_PYTHON,
    ANK_LANG_RUST,
    ANK_LANG_GO,
    ANK_LANG_ZIG,
    ANK_LANG_COUNT_
} ank_lang;

/**
 * The canonical name of a language as written in the output:
 * "typescript" (for both ANK_LANG_TYPESCRIPT and ANK_LANG_TSX), "python",
 * "rust", "go", "zig".
 *
 * Returns: a static string (borrowed); NULL for ANK_LANG_UNKNOWN or an
 * out-of-range value.  Thread safe.
 */
ANK_API const char *ank_lang_name(ank_lang lang);

/**
 * Look a language up by name.  Accepts the canonical names and the usual
 * short forms: "ts", "tsx", "py", "rs"; case-sensitive.
 *
 * Returns: the language, or ANK_LANG_UNKNOWN.  Thread safe.
 */
ANK_API ank_lang ank_lang_from_name(const char *name);

/**
 * Detect a language from a file name's extension: .ts .mts .cts -> TypeScript,
 * .tsx -> TSX, .py .pyi -> Python, .rs -> Rust, .go -> Go, .zig -> Zig.
 *
 * Returns: the language, or ANK_LANG_UNKNOWN (also for NULL).  Thread safe.
 */
ANK_API ank_lang ank_lang_from_path(const char *path);

/* ------------------------------------------------------------- extraction */

/** Default for ank_clew_options.max_file_size: 16 MiB. */
#define ANK_DEFAULT_MAX_FILE_SIZE ((size_t)16 << 20)

/** ank_clew_options.flags: extract declarations only (signatures, type
 *  shapes, imports), without naming conventions, error style, security
 *  findings and holes. */
#define ANK_CLEW_DECLARATIONS_ONLY 1u

/** Options for an extractor.  Zero-initialise, then set what you need. */
typedef struct ank_clew_options {
    /** Inputs larger than this many bytes fail with ANK_ERR_TOO_LARGE.
     *  0 means ANK_DEFAULT_MAX_FILE_SIZE. */
    size_t max_file_size;
    /** ANK_CLEW_* flags. */
    unsigned flags;
} ank_clew_options;

/** An extractor: owns one parser per language.  Opaque. */
typedef struct ank_clew ank_clew;

/** A constraint set: files, their parse diagnostics, and constraints. */
typedef struct ank_result ank_result;

/** One constraint inside an ank_result.  Opaque; see the accessors. */
typedef struct ank_constraint ank_constraint;

/**
 * Create an extractor.  Checks that every bundled grammar is compatible with
 * the tree-sitter runtime.
 *
 * @param options  NULL for defaults; copied.
 * @param out      receives the new extractor (returns new; free with
 *                 ank_clew_free).  Set to NULL on failure.
 * @param error    nullable.
 *
 * Errors: ANK_ERR_NOMEM; ANK_ERR_LANGUAGE_ABI when a grammar was generated
 * for a language ABI that the runtime does not support.
 * Thread safety: an extractor must be used by one thread at a time; create
 * one per thread to extract in parallel.
 */
ANK_API ank_status ank_clew_new(const ank_clew_options *options,
                                ank_clew **out, ank_error *error);

/** Free an extractor.  Accepts NULL.  Results it produced stay valid. */
ANK_API void ank_clew_free(ank_clew *clew);

/**
 * Extract the constraints of one source text and append them to `into`.
 *
 * @param clew    the extractor.
 * @param lang    the language; ANK_LANG_UNKNOWN detects it from `path`.
 * @param source  the text (any bytes: invalid UTF-8 is tolerated, a UTF-8
 *                byte-order mark is skipped); may be NULL when `length` is 0.
 * @param length  its length in bytes.
 * @param path    the name written in locations; NULL means "<stdin>".
 *                Copied.
 * @param into    the result to append to (borrowed).
 * @param error   nullable.
 *
 * A source with syntax errors is not a failure: extraction goes on in the
 * valid regions, constraints overlapping an error get a lower confidence,
 * and the errors are listed with the file.
 *
 * Errors: ANK_ERR_INVALID_ARGUMENT (NULL clew/into, NULL source with a
 * non-zero length), ANK_ERR_UNSUPPORTED_LANGUAGE, ANK_ERR_TOO_LARGE,
 * ANK_ERR_BINARY (a NUL byte in the first 8 KiB), ANK_ERR_NOMEM,
 * ANK_ERR_PARSE.  On failure `into` is left as it was.
 * Thread safety: as for the extractor and the result.
 */
ANK_API ank_status ank_clew_extract(ank_clew *clew, ank_lang lang,
                                    const char *source, size_t length,
                                    const char *path, ank_result *into,
                                    ank_error *error);

/**
 * The syntax tree of a source text as an S-expression with field names, for
 * debugging extractors (`ananke tree`).
 *
 * @param out     receives the text (returns new; free with ank_free).
 * Other parameters and errors as for ank_clew_extract.
 */
ANK_API ank_status ank_clew_syntax_tree(ank_clew *clew, ank_lang lang,
                                        const char *source, size_t length,
                                        char **out, ank_error *error);

/**
 * Create an empty result.
 *
 * Returns: a new result (free with ank_result_free), or NULL when out of
 * memory.  A result must be used by one thread at a time.
 */
ANK_API ank_result *ank_result_new(void);

/** Free a result and everything borrowed from it.  Accepts NULL. */
ANK_API void ank_result_free(ank_result *result);

/** Number of files extracted into the result. */
ANK_API size_t ank_result_file_count(const ank_result *result);

/** What is known of one extracted file. */
typedef struct ank_file_info {
    const char *path;     /* borrowed from the result */
    ank_lang language;
    uint32_t bytes;       /* input size, byte-order mark included */
    uint32_t lines;
    uint32_t constraints; /* constraints extracted from it */
    uint32_t parse_errors;/* syntax errors found (all, not only those listed) */
} ank_file_info;

/**
 * Describe file `index` (in the order files were extracted).
 *
 * Returns: ANK_OK and fills `info`, or ANK_ERR_INVALID_ARGUMENT for a NULL
 * argument or an index out of range.
 */
ANK_API ank_status ank_result_file(const ank_result *result, size_t index,
                                   ank_file_info *info);

/** Number of constraints in the result (0 for NULL). */
ANK_API size_t ank_result_count(const ank_result *result);

/**
 * The constraint at `index`, in output order.
 *
 * Returns: borrowed from the result, or NULL when `index` is out of range.
 */
ANK_API const ank_constraint *ank_result_get(const ank_result *result,
                                             size_t index);

/** A constraint's kind, e.g. "function.signature" (static string). */
ANK_API const char *ank_constraint_kind(const ank_constraint *constraint);

/** A constraint's name, e.g. "Client.connect" (borrowed from the result). */
ANK_API const char *ank_constraint_name(const ank_constraint *constraint);

/** A constraint's stable id: 16 lowercase hex digits (borrowed). */
ANK_API const char *ank_constraint_id(const ank_constraint *constraint);

/** A constraint's confidence in [0, 1]. */
ANK_API double ank_constraint_confidence(const ank_constraint *constraint);

/** Where a constraint comes from.  Lines and columns are 1-based; columns
 *  and offsets count bytes of the original input; `end_byte` is exclusive. */
typedef struct ank_location {
    const char *file; /* borrowed from the result */
    uint32_t start_line, start_column, end_line, end_column;
    uint32_t start_byte, end_byte;
} ank_location;

/** A constraint's location.  Returns a zeroed location for NULL. */
ANK_API ank_location ank_constraint_location(const ank_constraint *constraint);

/** Output formats for ank_result_write. */
typedef enum ank_format {
    ANK_FORMAT_JSON = 0, /* one `ananke.constraints/1` document */
    ANK_FORMAT_NDJSON,   /* one constraint object per line */
    ANK_FORMAT_TEXT,     /* one human-readable line per constraint */
    ANK_FORMAT_SARIF     /* SARIF 2.1.0: the security findings */
} ank_format;

/**
 * Serialise a result.  The bytes are identical for identical input.
 *
 * @param result  the result (borrowed).
 * @param format  the output format.
 * @param out     receives the text, NUL-terminated (returns new; free with
 *                ank_free).  Set to NULL on failure.
 * @param length  nullable; receives the length without the terminator.
 * @param error   nullable.
 *
 * Errors: ANK_ERR_INVALID_ARGUMENT, ANK_ERR_NOMEM.  Thread safety: as for
 * ank_result_write_with.
 */
ANK_API ank_status ank_result_write(const ank_result *result,
                                    ank_format format, char **out,
                                    size_t *length, ank_error *error);

/** Options for ank_result_write_with.  Zero-initialise, then set. */
typedef struct ank_write_options {
    ank_format format;
    /** Only constraints of these kinds ("hole", "security.finding", ...):
     *  a NULL-terminated list, or NULL for every kind.  Borrowed. */
    const char *const *kinds;
} ank_write_options;

/**
 * Serialise a result with options; ank_result_write(r, f, ...) is this
 * with {f, NULL}.  File records are always written in full; `kinds`
 * selects constraints.
 *
 * Errors: ANK_ERR_INVALID_ARGUMENT (also for an unknown kind name),
 * ANK_ERR_NOMEM.  Ownership as for ank_result_write.  Thread safety: reads
 * the result only; several threads may write the same result at once as
 * long as none modifies it.
 */
ANK_API ank_status ank_result_write_with(const ank_result *result,
                                         const ank_write_options *options,
                                         char **out, size_t *length,
                                         ank_error *error);

/**
 * Add the project-level constraints, once every file is extracted:
 * naming conventions per language and identifier class combined across
 * files, the error-handling summary per language, and a security.forbid for
 * each catalog pattern the project never or almost never uses.  They have
 * no location and come after the file constraints.  A second call does
 * nothing; extracting more files afterwards is allowed but they are not
 * counted in the project results.
 *
 * Errors: ANK_ERR_INVALID_ARGUMENT, ANK_ERR_NOMEM (the result is then as
 * before the call).  Thread safety: modifies the result; one thread at a
 * time.
 */
ANK_API ank_status ank_result_finish(ank_result *result, ank_error *error);

/**
 * Read an `ananke.constraints/1` JSON document (as ank_result_write writes
 * it with ANK_FORMAT_JSON) back into a result, for compiling constraints
 * that were saved or piped.  Writing the result again gives the same bytes.
 * The result counts as finished (ank_result_finish does nothing to it).
 *
 * @param json    the document, `length` bytes (need not be NUL-terminated).
 * @param length  its length in bytes.
 * @param out     receives a new result (free with ank_result_free); set to
 *                NULL on failure.
 * @return ANK_OK, or:
 *   - ANK_ERR_INVALID_ARGUMENT: `json` or `out` is NULL;
 *   - ANK_ERR_JSON: not JSON; the error holds jansson's line, column and
 *     offset;
 *   - ANK_ERR_FORMAT: JSON of the wrong shape: another "format", an
 *     unknown kind or language, a value of the wrong type.  The message
 *     names the constraint and key; line and column point at the value
 *     when it can be found in the text;
 *   - ANK_ERR_NOMEM.
 * Thread safety: reentrant.
 */
ANK_API ank_status ank_result_read(const char *json, size_t length,
                                   ank_result **out, ank_error *error);

/**
 * Record a file that was not extracted (binary, too large, unsupported
 * language, unreadable), so that it appears in the output's "skipped" list.
 *
 * @param path    copied.
 * @param reason  a short reason, e.g. "binary"; copied.
 *
 * Errors: ANK_ERR_INVALID_ARGUMENT, ANK_ERR_NOMEM.  Thread safety:
 * modifies the result; one thread at a time.
 */
ANK_API ank_status ank_result_add_skipped(ank_result *result, const char *path,
                                          const char *reason, ank_error *error);

/* ================================================================ braid */

/** The format name of the documents ank_ir_write produces. */
#define ANK_IR_FORMAT "ananke.ir/1"

/** ank_compile_options.emit: what to produce (docs/ir.md).  0 means all. */
#define ANK_EMIT_SCHEMA 0x01u /* a JSON Schema per type.shape */
#define ANK_EMIT_TOOLS 0x02u  /* a tool definition per exported function */
#define ANK_EMIT_GBNF 0x04u   /* grammars in GBNF */
#define ANK_EMIT_LARK 0x08u   /* grammars in Lark (llguidance) */
#define ANK_EMIT_REGEX 0x10u  /* regexes for checks after generation */
#define ANK_EMIT_SPECS 0x20u  /* generation specs for holes */
#define ANK_EMIT_ALL 0x3fu

/** Options for ank_braid_compile.  Zero-initialise, then set. */
typedef struct ank_compile_options {
    unsigned emit; /* ANK_EMIT_* bits; 0: ANK_EMIT_ALL */
    /* Names of functions (as in function.signature constraints, e.g.
     * "Store.get") to write a generation spec for besides the holes;
     * NULL-terminated; NULL for none. */
    const char *const *spec_functions;
    /* Threads the compile may use, the calling one included: 0 as many as
     * the machine has processors online, 1 the calling thread only.  A
     * compile uses two at most: for a kept document (ank_braid_compile),
     * the completion grammars of the generation specs are built on a
     * second thread, started and joined within the call, which then
     * shares the signatures' and schemas' grammars, while the calling
     * thread builds the other artifacts.  A streamed compile
     * (ank_braid_compile_write) stays on the calling thread, holding as
     * little as it can.  The document's bytes do not depend on it. */
    unsigned jobs;
} ank_compile_options;

/** A compiled `ananke.ir/1` document.  Opaque. */
typedef struct ank_ir ank_ir;

/**
 * Compile a finished result (from extraction and ank_result_finish, or from
 * ank_result_read) into an IR document: JSON Schemas, tool definitions,
 * GBNF and Lark grammars, regexes and generation specs, with the conflicts
 * found and the duplicates merged.  docs/ir.md describes the document.
 *
 * @param result   the constraints (borrowed; not modified).
 * @param options  nullable: everything is emitted.
 * @param out      receives a new document (free with ank_ir_free); set to
 *                 NULL on failure.
 * @param error    nullable.
 * @return ANK_OK, or ANK_ERR_INVALID_ARGUMENT (NULL result or out, an
 *   unknown emit bit, a spec_functions name no signature has),
 *   ANK_ERR_LIMIT (a grammar would exceed braid's size limits),
 *   ANK_ERR_NOMEM.
 * Thread safety: reads the result only; several threads may compile the
 * same result at once.
 */
ANK_API ank_status ank_braid_compile(const ank_result *result,
                                     const ank_compile_options *options,
                                     ank_ir **out, ank_error *error);

/**
 * Where a streamed document goes: called with the next `length` bytes
 * (borrowed for the call), in order.  Return 0 to go on, or an errno
 * value to stop the compile (it then fails with ANK_ERR_IO).
 */
typedef int (*ank_write_fn)(void *context, const char *data, size_t length);

/** What a streamed compile wrote. */
typedef struct ank_compile_counts {
    size_t artifacts; /* as ank_ir_artifact_count */
    size_t conflicts; /* as ank_ir_conflict_count */
} ank_compile_counts;

/**
 * Compile as ank_braid_compile and hand the document's text to `write` as
 * it is made, instead of keeping the document: the bytes are those
 * ank_ir_write gives for the same result and options, but the compile
 * holds only its working state, never the whole text (so memory does not
 * grow with the size of the grammars written).  The text comes in pieces
 * of up to a few tens of kilobytes.
 *
 * @param result   the constraints (borrowed; not modified).
 * @param options  nullable: everything is emitted.
 * @param write    receives the text (required).
 * @param context  passed to `write`.
 * @param counts   nullable; receives the artifact and conflict counts
 *                 (zeroes on failure).
 * @param error    nullable.
 * @return ANK_OK, or as ank_braid_compile, or ANK_ERR_IO when `write`
 *   returned an errno value (the message names it).  On failure the bytes
 *   already written are not a document: the caller discards them (the
 *   command line writes into a temporary file and keeps it only on
 *   success).
 * Thread safety: as ank_braid_compile; `write` is called on the calling
 * thread.
 */
ANK_API ank_status ank_braid_compile_write(const ank_result *result,
                                           const ank_compile_options *options,
                                           ank_write_fn write, void *context,
                                           ank_compile_counts *counts,
                                           ank_error *error);

/** Free a document; NULL is a no-op. */
ANK_API void ank_ir_free(ank_ir *ir);

/**
 * Serialise a document as JSON (`ananke.ir/1`, pretty-printed, keys in a
 * fixed order: the same input gives the same bytes).
 *
 * @param out     receives the text, NUL-terminated (returns new; free with
 *                ank_free).  Set to NULL on failure.
 * @param length  nullable; receives the length without the terminator.
 * Errors: ANK_ERR_INVALID_ARGUMENT, ANK_ERR_NOMEM.  Thread safety: reads
 * the document only.
 */
ANK_API ank_status ank_ir_write(const ank_ir *ir, char **out, size_t *length,
                                ank_error *error);

/** Number of artifacts in a document (0 for NULL). */
ANK_API size_t ank_ir_artifact_count(const ank_ir *ir);

/** Number of conflicts found (0 for NULL). */
ANK_API size_t ank_ir_conflict_count(const ank_ir *ir);

/* ============================================================ context API
 *
 * The entry points for programs that embed ananke (code generators,
 * bindings): one context holds the options and an extractor; extraction
 * returns finished results, compilation returns IR documents, and both can
 * be read as JSON or through the typed accessors below.  docs/ffi.md
 * states the ABI rules.
 *
 * Thread safety: a context must be used by one thread at a time (create
 * one per thread to work in parallel).  The results and documents it
 * returns are independent objects: they outlive the context, and several
 * threads may read (write out, compile, access) the same one at once as
 * long as none modifies it.
 */

/** The ABI major version: bumped on every incompatible change to this
 *  header, and the number in the shared library's soname
 *  (libananke.so.ANK_ABI_VERSION). */
#define ANK_ABI_VERSION 1

/** The library version as one number: major * 10000 + minor * 100 +
 *  patch. */
#define ANK_VERSION_NUMBER                                                  \
    (ANK_VERSION_MAJOR * 10000 + ANK_VERSION_MINOR * 100 + ANK_VERSION_PATCH)

/**
 * The ABI version of the library actually loaded.  A program compiled
 * against this header should check `ank_abi_version() == ANK_ABI_VERSION`
 * before calling anything else.  Thread safe.
 */
ANK_API unsigned ank_abi_version(void);

/** Default for ank_options.max_json_size: 256 MiB. */
#define ANK_DEFAULT_MAX_JSON_SIZE ((size_t)256 << 20)

/** ank_options.flags: reject source text that is not valid UTF-8
 *  (ANK_ERR_INVALID_ARGUMENT with the offset of the first bad byte)
 *  instead of tolerating it. */
#define ANK_STRICT_UTF8 0x100u

/**
 * Options for a context.  Set `struct_size` to sizeof(ank_options) (or
 * start from ANK_OPTIONS_INIT) and zero everything else, then set what you
 * need: a program built against an older header passes a smaller size and
 * the fields it does not know keep their defaults; one built against a
 * newer header may pass a larger size as long as the fields this library
 * does not know are zero.
 */
typedef struct ank_options {
    /** sizeof(ank_options) as the caller knows it. */
    size_t struct_size;
    /** Source inputs larger than this many bytes fail with
     *  ANK_ERR_TOO_LARGE.  0 means ANK_DEFAULT_MAX_FILE_SIZE. */
    size_t max_file_size;
    /** Constraint documents (ank_compile_json) larger than this fail with
     *  ANK_ERR_TOO_LARGE.  0 means ANK_DEFAULT_MAX_JSON_SIZE. */
    size_t max_json_size;
    /** ANK_CLEW_DECLARATIONS_ONLY, ANK_STRICT_UTF8. */
    unsigned flags;
    /** ank_extract_tree: worker threads (0: one per online processor). */
    unsigned jobs;
    /** ank_extract_tree: the cache's directory (NULL: the default,
     *  $XDG_CACHE_HOME/ananke or ~/.cache/ananke).  Copied. */
    const char *cache_dir;
    /** ank_extract_tree: non-zero extracts every file, with no cache. */
    int no_cache;
    /** Non-NULL: installed with ank_set_allocator before the context is
     *  created.  The allocator is process-global, not per context, and
     *  ank_set_allocator's rules apply: no object made with the previous
     *  allocator may still be alive. */
    const ank_allocator *allocator;
} ank_options;

/** Default options, for initialising an ank_options variable. */
#define ANK_OPTIONS_INIT {sizeof(ank_options), 0, 0, 0, 0, NULL, 0, NULL}

/** A context: options and an extractor.  Opaque. */
typedef struct ank_context ank_context;

/**
 * Create a context.
 *
 * @param options  NULL for defaults; copied (cache_dir too).
 * @param out      receives the new context (returns new; free with
 *                 ank_context_free).  Set to NULL on failure.
 * @param error    nullable.
 *
 * Errors: ANK_ERR_INVALID_ARGUMENT (NULL out, a struct_size smaller than
 * the first version of the struct, unknown non-zero fields past the known
 * ones, an unknown flag, an allocator with a NULL function);
 * ANK_ERR_LANGUAGE_ABI; ANK_ERR_NOMEM.
 * Thread safety: safe to call from several threads at once when no
 * allocator is given.
 */
ANK_API ank_status ank_context_new(const ank_options *options,
                                   ank_context **out, ank_error *error);

/** Free a context.  Accepts NULL.  Results and documents it returned stay
 *  valid. */
ANK_API void ank_context_free(ank_context *ctx);

/**
 * Extract the constraints of one source text into a new, finished result
 * (ank_result_finish has run: the project-level constraints are there).
 *
 * @param ctx     the context.
 * @param lang    the language; ANK_LANG_UNKNOWN detects it from `path`.
 * @param source  the text, `length` bytes; may be NULL when `length` is 0.
 *                Invalid UTF-8 is tolerated (written as U+FFFD) unless the
 *                context has ANK_STRICT_UTF8.
 * @param length  its length in bytes.
 * @param path    the name written in locations: valid UTF-8, or NULL for
 *                "<stdin>".  Copied.
 * @param out     receives a new result (free with ank_result_free); set to
 *                NULL on failure.
 * @param error   nullable.
 *
 * Errors:
 *   - ANK_ERR_INVALID_ARGUMENT: NULL ctx or out, NULL source with a
 *     non-zero length, a path that is not valid UTF-8, a length that runs
 *     past the text (the input ends in NUL bytes: pass the text's length,
 *     not its buffer's), invalid UTF-8 with ANK_STRICT_UTF8 (the error's
 *     offset, line and column locate the first bad byte);
 *   - ANK_ERR_UNSUPPORTED_LANGUAGE: an unknown `lang` value, or no
 *     language given and none detected from `path`;
 *   - ANK_ERR_TOO_LARGE (over max_file_size), ANK_ERR_BINARY (a NUL byte
 *     inside the text), ANK_ERR_PARSE, ANK_ERR_NOMEM.
 * Syntax errors are not failures (see ank_clew_extract).
 * Thread safety: uses the context; one thread at a time per context.
 */
ANK_API ank_status ank_extract(ank_context *ctx, ank_lang lang,
                               const char *source, size_t length,
                               const char *path, ank_result **out,
                               ank_error *error);

/**
 * Read a file and extract it as ank_extract does, with the language
 * detected from the file name's extension and the path written as given.
 *
 * Errors: as ank_extract, and ANK_ERR_NOT_FOUND (no such file),
 * ANK_ERR_IO (not a regular file, unreadable), ANK_ERR_TOO_LARGE (checked
 * before reading).
 */
ANK_API ank_status ank_extract_path(ank_context *ctx, const char *path,
                                    ank_result **out, ank_error *error);

/** What one ank_extract_tree call did. */
typedef struct ank_tree_stats {
    size_t files;   /* source files listed (known extensions) */
    size_t parsed;  /* files parsed: not found in the cache */
    size_t cached;  /* files whose constraints came from the cache */
    size_t skipped; /* files not extracted (binary, too large, unreadable);
                       listed in the result's skipped files */
} ank_tree_stats;

/**
 * Extract every source file under a directory (or one file) into a new,
 * finished result, as `ananke extract DIR` does: files are listed in
 * sorted order the way git sees the tree (.gitignore, .ignore and
 * .git/info/exclude honoured; hidden and dependency directories passed
 * over; links followed only inside the root), extracted by the context's
 * `jobs` threads, and cached by content, so that a second call on an
 * unchanged tree parses nothing and after an edit only the changed files
 * are parsed again.  The result's bytes do not depend on the number of
 * threads or on the cache.
 *
 * The cache is opened by the first call (options cache_dir, no_cache) and
 * kept by the context.  When it cannot be used the call runs uncached and
 * ank_context_warning() says why.
 *
 * @param ctx    the context.
 * @param root   a directory or a file (UTF-8, not empty).  Paths in the
 *               result are spelled `root/...`.
 * @param out    receives a new result (free with ank_result_free); set to
 *               NULL on failure.
 * @param stats  nullable: receives the counts.
 * @param error  nullable.
 *
 * A file that cannot be extracted never fails the call: it is counted in
 * `skipped` and listed in the result.  Files with other extensions are
 * not listed.
 * Errors: ANK_ERR_INVALID_ARGUMENT (NULL ctx, root or out; a root that is
 * not UTF-8), ANK_ERR_NOT_FOUND (no such root), ANK_ERR_IO (the root
 * cannot be read), ANK_ERR_LANGUAGE_ABI, ANK_ERR_NOMEM.
 * Thread safety: one thread at a time per context (the call starts its own
 * worker threads and joins them before it returns).
 */
ANK_API ank_status ank_extract_tree(ank_context *ctx, const char *root,
                                    ank_result **out, ank_tree_stats *stats,
                                    ank_error *error);

/**
 * Why the context's last ank_extract_tree ran without a cache (or rebuilt
 * a corrupt one), or NULL.
 *
 * Returns: borrowed from the context, valid until the next call with it.
 * Thread safety: one thread at a time per context.
 */
ANK_API const char *ank_context_warning(const ank_context *ctx);

/**
 * Compile a finished result into an IR document; ank_braid_compile with
 * the context's checks.
 *
 * @param result   from ank_extract, ank_extract_path or ank_result_read
 *                 (borrowed; not modified).
 * @param options  nullable: everything is emitted.
 * @param out      receives a new document (free with ank_ir_free); set to
 *                 NULL on failure.
 * Errors: ANK_ERR_INVALID_ARGUMENT (NULL ctx, result or out; and as
 * ank_braid_compile), ANK_ERR_LIMIT, ANK_ERR_NOMEM.
 * Thread safety: one thread at a time per context.
 */
ANK_API ank_status ank_compile(ank_context *ctx, const ank_result *result,
                               const ank_compile_options *options,
                               ank_ir **out, ank_error *error);

/**
 * Compile an `ananke.constraints/1` document given as JSON text: reads it
 * (ank_result_read) and compiles it (ank_compile).
 *
 * @param json    the document, `length` bytes (need not be NUL-terminated).
 * Errors: ANK_ERR_INVALID_ARGUMENT (NULL ctx, json or out; a length that
 * runs past the text, i.e. the input ends in NUL bytes), ANK_ERR_TOO_LARGE
 * (over max_json_size), ANK_ERR_JSON and ANK_ERR_FORMAT (with line and
 * column, as ank_result_read), then as ank_compile.
 */
ANK_API ank_status ank_compile_json(ank_context *ctx, const char *json,
                                    size_t length,
                                    const ank_compile_options *options,
                                    ank_ir **out, ank_error *error);

/**
 * ank_compile_json without keeping the document: reads the text as
 * ank_compile_json does, then compiles it as ank_braid_compile_write,
 * handing the document's text to `write` as it is made.
 *
 * @param json     the document, `length` bytes (need not be
 *                 NUL-terminated).
 * @param options  nullable: everything is emitted.
 * @param write    receives the text (required); see ank_write_fn.
 * @param context  passed to `write`.
 * @param counts   nullable; receives the artifact and conflict counts
 *                 (zeroes on failure).
 * Errors: ANK_ERR_INVALID_ARGUMENT (NULL ctx, json or write), then as
 * ank_compile_json (nothing is written when the text cannot be read),
 * then as ank_braid_compile_write (ANK_ERR_IO when `write` stopped it; on
 * any failure the bytes already written are not a document, and the
 * caller discards them).
 * Thread safety: one thread at a time per context; `write` is called on
 * the calling thread.
 */
ANK_API ank_status ank_compile_json_write(ank_context *ctx, const char *json,
                                          size_t length,
                                          const ank_compile_options *options,
                                          ank_write_fn write, void *context,
                                          ank_compile_counts *counts,
                                          ank_error *error);

/**
 * A result as an `ananke.constraints/1` JSON document: ank_result_write
 * with ANK_FORMAT_JSON.
 *
 * @param out     receives the text, NUL-terminated (returns new; free with
 *                ank_free).  Set to NULL on failure.
 * @param length  receives its length without the terminator (required).
 * Errors: ANK_ERR_INVALID_ARGUMENT (a NULL argument), ANK_ERR_NOMEM.
 * Thread safety: reads the result only.
 */
ANK_API ank_status ank_result_json(const ank_result *result, char **out,
                                   size_t *length, ank_error *error);

/**
 * A document as `ananke.ir/1` JSON text: ank_ir_write.  Ownership, errors
 * and thread safety as for ank_result_json.
 */
ANK_API ank_status ank_ir_json(const ank_ir *ir, char **out, size_t *length,
                               ank_error *error);

/* --------------------------------------------- constraint payload access
 *
 * Read a constraint without parsing JSON.  Strings are borrowed from the
 * result (valid until ank_result_free); NULL means the constraint has no
 * such value (another kind, or absent in the source).  Every accessor
 * accepts a NULL constraint and returns NULL, 0 or ANK_LANG_UNKNOWN.
 * Thread safe as long as the result is not modified.
 */

/** A constraint's language (ANK_LANG_UNKNOWN for NULL). */
ANK_API ank_lang ank_constraint_language(const ank_constraint *constraint);

/** "error", "warning" or "info" (static string). */
ANK_API const char *ank_constraint_severity(const ank_constraint *constraint);

/** Text attributes of a constraint's payload, for ank_constraint_attr. */
typedef enum ank_attr {
    ANK_ATTR_EVIDENCE = 1,  /* any located constraint: its source text,
                               cut at 240 bytes */
    ANK_ATTR_SIGNATURE,     /* function.signature: the declaration up to
                               its body */
    ANK_ATTR_RETURNS,       /* function.signature, hole: the return type
                               as written */
    ANK_ATTR_RECEIVER,      /* function.signature: the enclosing type */
    ANK_ATTR_DOC,           /* function.signature, type.shape: first line
                               of the doc comment */
    ANK_ATTR_SHAPE,         /* type.shape: "interface", "struct", ... */
    ANK_ATTR_MODULE,        /* import.module: the module as written */
    ANK_ATTR_PATTERN,       /* security.finding, security.forbid: the
                               pattern id, e.g. "python.eval" */
    ANK_ATTR_MARKER,        /* hole: what marks it, e.g. "todo!()" */
    ANK_ATTR_FUNCTION,      /* hole: id of the enclosing
                               function.signature */
    ANK_ATTR_FUNCTION_NAME  /* hole: name of the enclosing function */
} ank_attr;

/** A text attribute (borrowed), or NULL when the constraint has none. */
ANK_API const char *ank_constraint_attr(const ank_constraint *constraint,
                                        ank_attr attr);

/** Lists in a constraint's payload, for the ank_constraint_member_*
 *  functions.  Each member has a name and, for some lists, a type. */
typedef enum ank_members {
    ANK_MEMBERS_PARAMS = 1, /* function.signature: parameters (name may be
                               NULL for an unnamed one; type as written) */
    ANK_MEMBERS_FIELDS,     /* type.shape: fields (name, type as written) */
    ANK_MEMBERS_VARIANTS,   /* type.shape: enum/union variants (name; no
                               type) */
    ANK_MEMBERS_BINDINGS,   /* hole: names in scope (name, type as
                               written) */
    ANK_MEMBERS_LAYER_IMPORTS,   /* architecture.layering: the other units
                                    it imports (name; no type) */
    ANK_MEMBERS_LAYER_BOUNDARIES /* architecture.layering: the other units
                                    it never imports (name; no type) */
} ank_members;

/** Number of members in the list (0 when the constraint has none). */
ANK_API size_t ank_constraint_member_count(const ank_constraint *constraint,
                                           ank_members list);

/** Member `index`'s name (borrowed), or NULL (out of range, unnamed). */
ANK_API const char *ank_constraint_member_name(
    const ank_constraint *constraint, ank_members list, size_t index);

/** Member `index`'s type as written (borrowed), or NULL (out of range, no
 *  type given, a list without types). */
ANK_API const char *ank_constraint_member_type(
    const ank_constraint *constraint, ank_members list, size_t index);

/**
 * A hole's replacement range: the bytes of the original input a
 * completion replaces, `end_byte` exclusive.
 *
 * Errors: ANK_ERR_INVALID_ARGUMENT (a NULL argument, or a constraint that
 * is not a hole).
 */
ANK_API ank_status ank_constraint_hole_range(const ank_constraint *constraint,
                                             uint32_t *start_byte,
                                             uint32_t *end_byte);

/* -------------------------------------------------- IR artifact access
 *
 * Read a compiled document's artifacts (docs/ir.md) without parsing its
 * JSON.  `index` counts from 0 to ank_ir_artifact_count() - 1, in document
 * order.  Strings are borrowed from the document (valid until
 * ank_ir_free); NULL for a NULL document, an index out of range or a value
 * the artifact does not have.  A document keeps each artifact as compact
 * JSON text and reads it into a tree the first time any of these asks for
 * it; when that runs out of memory the answer is as if the value were
 * absent (NULL, 0, ANK_NPOS; ANK_ERR_NOMEM from ank_ir_artifact_json).
 * Thread safe as long as nobody frees the document: threads that read an
 * artifact first at the same time agree on one tree.
 */

/** Returned by ank_ir_artifact_find when nothing matches. */
#define ANK_NPOS ((size_t)-1)

/** An artifact's id: 16 lowercase hex digits. */
ANK_API const char *ank_ir_artifact_id(const ank_ir *ir, size_t index);

/** "schema", "tool", "grammar", "regex" or "spec". */
ANK_API const char *ank_ir_artifact_kind(const ank_ir *ir, size_t index);

/** The type or function name, "class:style" for naming grammars and
 *  regexes, the pattern id for forbid regexes. */
ANK_API const char *ank_ir_artifact_name(const ank_ir *ir, size_t index);

/** The source language, e.g. "typescript". */
ANK_API const char *ank_ir_artifact_language(const ank_ir *ir, size_t index);

/** A grammar's target ("signature", "identifier", "completion") or a
 *  regex's purpose ("naming", "signature", "forbid"); NULL for other
 *  kinds. */
ANK_API const char *ank_ir_artifact_purpose(const ank_ir *ir, size_t index);

/** Number of constraint ids the artifact came from (at least 1). */
ANK_API size_t ank_ir_artifact_source_count(const ank_ir *ir, size_t index);

/** The constraint id of source `source` (borrowed), or NULL. */
ANK_API const char *ank_ir_artifact_source(const ank_ir *ir, size_t index,
                                           size_t source);

/**
 * The first artifact of `kind` (NULL: any kind) whose sources include the
 * constraint id `source`, from `start` on.  For instance the generation
 * spec of a hole: ank_ir_artifact_find(ir, "spec", hole_id, 0).
 *
 * Returns: its index, or ANK_NPOS.
 */
ANK_API size_t ank_ir_artifact_find(const ank_ir *ir, const char *kind,
                                    const char *source, size_t start);

/** Parts of an artifact, for ank_ir_artifact_text and _json. */
typedef enum ank_ir_part {
    /* Text parts (ank_ir_artifact_text): */
    ANK_PART_GBNF = 1, /* GBNF: a grammar's, a schema's JSON-text grammar,
                          a spec's completion grammar (from the grammar
                          artifact its "completion" names) */
    ANK_PART_LARK,     /* Lark, from the same places */
    ANK_PART_PATTERN,  /* a regex's pattern */
    ANK_PART_SIGNATURE,/* a signature grammar's text, a spec's prefix */
    /* JSON parts (ank_ir_artifact_json): */
    ANK_PART_SCHEMA,   /* a schema's JSON Schema */
    ANK_PART_TOOL,     /* a tool's definition */
    ANK_PART_SPEC,     /* a spec's generation spec */
    ANK_PART_ARTIFACT  /* the whole artifact object */
} ank_ir_part;

/**
 * A text part of an artifact (borrowed, NUL-terminated).
 *
 * @param length  nullable; receives the length in bytes (0 with NULL).
 * Returns: the text, or NULL when the artifact has no such part (or `part`
 * is a JSON part).
 */
ANK_API const char *ank_ir_artifact_text(const ank_ir *ir, size_t index,
                                         ank_ir_part part, size_t *length);

/**
 * A JSON part of an artifact, serialised compactly with keys in document
 * order.
 *
 * @param out     receives the text (returns new; free with ank_free).  Set
 *                to NULL on failure.
 * @param length  receives its length (required).
 * Errors: ANK_ERR_INVALID_ARGUMENT (a NULL argument, an index out of
 * range, a text part, an artifact without that part), ANK_ERR_NOMEM.
 * Thread safety: reads the document only.
 */
ANK_API ank_status ank_ir_artifact_json(const ank_ir *ir, size_t index,
                                        ank_ir_part part, char **out,
                                        size_t *length, ank_error *error);

/* ================================================== vocabularies and masks
 *
 * Constrained decoding: at every step a code generator asks which tokens
 * of its model's vocabulary may come next under a grammar or a regex of an
 * IR document.  A vocabulary (ank_vocab) gives every token id its exact
 * bytes; a matcher (ank_matcher) follows the text generated so far and
 * answers with a bitmask over the token ids.  docs/masks.md describes the
 * formats, the EOS rules and the algorithms.
 *
 * Bitmasks use XGrammar's and llguidance's layout: token i is bit i % 32
 * of word i / 32, and a set bit means allowed.
 */

/** ank_vocab_options.format. */
#define ANK_VOCAB_AUTO 0 /* tokenizer.json when the text starts with '{'
                            (after blanks), otherwise a plain list */
#define ANK_VOCAB_HF 1   /* a Hugging Face tokenizer.json */
#define ANK_VOCAB_LIST 2 /* a plain list: one token a line, escaped */

/** Largest number of token ids a vocabulary may have. */
#define ANK_VOCAB_MAX_SIZE ((uint32_t)1 << 24)

/** Options for loading a vocabulary.  Zero-initialise, then set. */
typedef struct ank_vocab_options {
    /** ANK_VOCAB_AUTO, ANK_VOCAB_HF or ANK_VOCAB_LIST. */
    unsigned format;
    /** The end-of-sequence tokens, by id (`eos_count` of them) and by
     *  text (a NULL-terminated list, or NULL).  When either is given,
     *  they replace detection; otherwise every token whose text is one of
     *  <|end_of_text|> <|eot_id|> <|endoftext|> <|im_end|> </s> <eos>
     *  <|end|> is an EOS token.  Borrowed during the call. */
    const uint32_t *eos_ids;
    size_t eos_count;
    const char *const *eos_tokens;
    /** The number of token ids masks cover, when the model has more rows
     *  than the tokenizer has tokens (Qwen: 151936 for 151669 tokens).
     *  0: one past the largest id.  Smaller than that is an error. */
    uint32_t size;
} ank_vocab_options;

/** A vocabulary: token ids and their bytes.  Opaque; immutable once
 *  loaded. */
typedef struct ank_vocab ank_vocab;

/**
 * Load a vocabulary from a file: a Hugging Face tokenizer.json (BPE or
 * Unigram model; byte-level tokens through the GPT-2 byte-to-unicode
 * table, or SentencePiece-style tokens with U+2581 for a space and <0xXX>
 * for a byte; added tokens with "special": true are special) or a plain
 * list (line n is token n; `\\`, `\n`, `\r`, `\t` and `\xHH` escapes; an
 * empty line is an unused id).
 *
 * @param path     the file (UTF-8).
 * @param options  nullable: defaults (format detected, EOS detected).
 * @param out      receives the vocabulary (returns new; free with
 *                 ank_vocab_free).  Set to NULL on failure.
 * @param error    nullable.
 *
 * Errors: ANK_ERR_INVALID_ARGUMENT (NULL path or out; an EOS id out of
 * range or an EOS text no token has; `size` too small),
 * ANK_ERR_NOT_FOUND, ANK_ERR_IO, ANK_ERR_TOO_LARGE (over 1 GiB),
 * ANK_ERR_JSON (not JSON: line, column and offset from the parser),
 * ANK_ERR_FORMAT (an unknown model type, a duplicate id, an id that is
 * not an integer in [0, ANK_VOCAB_MAX_SIZE), a bad escape in a list; line
 * and column when the place can be found), ANK_ERR_NOMEM.
 * Thread safety: reentrant.
 */
ANK_API ank_status ank_vocab_load(const char *path,
                                  const ank_vocab_options *options,
                                  ank_vocab **out, ank_error *error);

/**
 * Load a vocabulary from text in memory, as ank_vocab_load reads a file.
 *
 * @param text    `length` bytes (need not be NUL-terminated).
 * Errors: as ank_vocab_load, without the file errors.
 */
ANK_API ank_status ank_vocab_load_text(const char *text, size_t length,
                                       const ank_vocab_options *options,
                                       ank_vocab **out, ank_error *error);

/** Free a vocabulary.  Accepts NULL.  No matcher may still use it. */
ANK_API void ank_vocab_free(ank_vocab *vocab);

/**
 * The number of token ids masks cover: one past the largest id, or the
 * `size` option.  A bitmask needs (size + 31) / 32 words.  0 for NULL.
 * Thread safe.
 */
ANK_API uint32_t ank_vocab_size(const ank_vocab *vocab);

/**
 * The exact bytes of token `id`.
 *
 * @param length   receives the length (required).
 * @param special  nullable; receives 1 for a special token (EOS
 *                 included), 0 otherwise.
 * Returns: borrowed from the vocabulary (not NUL-terminated), or NULL for
 * an unused or out-of-range id.  Thread safe.
 */
ANK_API const char *ank_vocab_token(const ank_vocab *vocab, uint32_t id,
                                    size_t *length, int *special);

/**
 * The EOS token ids, ascending.
 *
 * @param count  receives how many (required; 0 when none).
 * Returns: borrowed from the vocabulary.  Thread safe.
 */
ANK_API const uint32_t *ank_vocab_eos(const ank_vocab *vocab, size_t *count);

/** What a matcher made from text matches (ank_matcher_new_text). */
typedef enum ank_matcher_kind {
    ANK_MATCHER_GBNF = 1,    /* a GBNF grammar of the subset braid emits
                                (docs/grammars.md), entry rule "root" */
    ANK_MATCHER_REGEX,       /* a regex of braid's subset (docs/regex.md)
                                matching the whole text */
    ANK_MATCHER_REGEX_FORBID /* a regex no part of the text may match:
                                the complement of the search */
} ank_matcher_kind;

/** One constrained generation: a grammar or regex, a vocabulary and the
 *  text accepted so far.  Opaque. */
typedef struct ank_matcher ank_matcher;

/**
 * A matcher for artifact `index` of an IR document: a grammar, a schema
 * (its JSON-text grammar) or a spec (its completion grammar) through their
 * GBNF; a regex through its pattern: "naming" and "signature" regexes
 * match the whole text, a "forbid" regex gives the texts that contain no
 * match of it.
 *
 * @param ir       the document (borrowed; may be freed once this returns).
 * @param index    the artifact.
 * @param vocab    the vocabulary (borrowed: must outlive the matcher).
 * @param out      receives the matcher (returns new; free with
 *                 ank_matcher_free).  Set to NULL on failure.
 * @param error    nullable.
 *
 * Errors: ANK_ERR_INVALID_ARGUMENT (a NULL argument, an index out of
 * range, a tool artifact, an artifact without GBNF because the document
 * was compiled without grammars), ANK_ERR_FORMAT (a grammar or regex
 * outside the subsets), ANK_ERR_LIMIT (more automaton states or mask
 * memory than the limits in docs/masks.md), ANK_ERR_NOMEM.
 * Thread safety: reads the document and vocabulary only.
 */
ANK_API ank_status ank_matcher_new(const ank_ir *ir, size_t index,
                                   const ank_vocab *vocab, ank_matcher **out,
                                   ank_error *error);

/**
 * A matcher for a grammar or regex given as text.
 *
 * @param kind    what the text is.
 * @param text    `length` bytes (need not be NUL-terminated; a regex may
 *                not contain NUL).
 * Other parameters, errors and thread safety as for ank_matcher_new
 * (ANK_ERR_INVALID_ARGUMENT also for an unknown kind).
 */
ANK_API ank_status ank_matcher_new_text(ank_matcher_kind kind,
                                        const char *text, size_t length,
                                        const ank_vocab *vocab,
                                        ank_matcher **out, ank_error *error);

/** Free a matcher.  Accepts NULL. */
ANK_API void ank_matcher_free(ank_matcher *matcher);

/**
 * Which tokens may come next: sets the bit of every non-special token
 * whose bytes can continue the accepted text, and of the EOS tokens when
 * the text may end here; clears every other bit (all of them once the
 * matcher is terminated).
 *
 * @param words   the bitmask, `nwords` words; words past the vocabulary's
 *                (size + 31) / 32 are cleared.
 * Errors: ANK_ERR_INVALID_ARGUMENT (a NULL argument, `nwords` smaller
 * than (ank_vocab_size + 31) / 32), ANK_ERR_LIMIT (the grammar's parse
 * went past its limits: see ank_matcher_status), ANK_ERR_NOMEM; the
 * words are then all zero.  Thread safety: one thread at a time per
 * matcher.
 */
ANK_API ank_status ank_matcher_fill_next_token_bitmask(ank_matcher *matcher,
                                                       uint32_t *words,
                                                       size_t nwords);

/**
 * Accept token `id`: its bytes continue the text, or it is an EOS token
 * and the text may end (the matcher is then terminated).
 *
 * Returns: 1 when accepted; 0 when not (a disallowed, special, unused or
 * out-of-range token, a terminated matcher, a NULL matcher, or a parse
 * that failed: ank_matcher_status tells), the matcher unchanged.  One
 * step for ank_matcher_rollback.  Thread safety: one thread at a time
 * per matcher.
 */
ANK_API int ank_matcher_accept_token(ank_matcher *matcher, uint32_t id);

/**
 * Accept `length` bytes of text at once, all or none; never ends the
 * text.  Returns 1 when accepted, 0 otherwise (the matcher unchanged;
 * ank_matcher_status tells a refusal from a failed parse).  One step for
 * ank_matcher_rollback.  Thread safety: as accept_token.
 */
ANK_API int ank_matcher_accept_string(ank_matcher *matcher, const char *text,
                                      size_t length);

/** 1 when an EOS token has been accepted, 0 otherwise (and for NULL). */
ANK_API int ank_matcher_is_terminated(const ank_matcher *matcher);

/** 1 when the text accepted so far may end (an EOS token would be
 *  accepted), 0 otherwise (and for NULL or a terminated matcher). */
ANK_API int ank_matcher_can_end(const ank_matcher *matcher);

/** Back to the start: no text accepted, not terminated.  Accepts NULL. */
ANK_API void ank_matcher_reset(ank_matcher *matcher);

/**
 * Undo the last `steps` accepted tokens and strings (an accepted EOS
 * counts as one, and undoing it ends the termination).
 *
 * Errors: ANK_ERR_INVALID_ARGUMENT (NULL, or more steps than were
 * accepted since the start or the last reset; the matcher is then
 * unchanged).  Thread safety: as accept_token.
 */
ANK_API ank_status ank_matcher_rollback(ank_matcher *matcher, size_t steps);

/**
 * The longest byte string every continuation of the accepted text starts
 * with (empty when the next byte is not forced, or the text may end
 * here).  The matcher does not move: accept it with
 * ank_matcher_accept_string.  It may end inside a UTF-8 sequence, and
 * it stops short where the grammar's parse goes past its limits
 * (ank_matcher_status then says ANK_ERR_LIMIT).
 *
 * @param out     receives the bytes, NUL-terminated (returns new; free
 *                with ank_free).  Set to NULL on failure.
 * @param length  receives their number (required).
 * Errors: ANK_ERR_INVALID_ARGUMENT, ANK_ERR_NOMEM.  Thread safety: as
 * accept_token.
 */
ANK_API ank_status ank_matcher_jump_forward_string(ank_matcher *matcher,
                                                   char **out,
                                                   size_t *length,
                                                   ank_error *error);

/**
 * Why the matcher's last accept, mask or jump-forward failed, when the
 * grammar did not refuse.  A grammar's parse has limits
 * (docs/masks.md): a highly ambiguous grammar, such as a repetition of a
 * repeated part (`("a"{0,4096}){0,4096}`), keeps more parses alive with
 * every byte, and one call stops when it would visit too many of them;
 * so does a parse whose sets would hold more than 256 MiB.  The matcher
 * is then as it was before the call: a token is not accepted, a mask is
 * all zero, the forced string stops short.
 *
 * @param matcher  the matcher (borrowed).
 * @param error    nullable; receives the message.
 * Returns: ANK_OK when the last call succeeded or the grammar refused
 * (and for a matcher with no call yet, or just reset or rolled back);
 * ANK_ERR_LIMIT when its parse went past the limits; ANK_ERR_NOMEM;
 * ANK_ERR_INVALID_ARGUMENT for NULL.  Thread safety: as accept_token.
 */
ANK_API ank_status ank_matcher_status(const ank_matcher *matcher,
                                      ank_error *error);

#ifdef __cplusplus
}
#endif

#endif /* ANANKE_H */
