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
 * under way is only safe for ananke's own allocations.
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

#ifdef __cplusplus
}
#endif

#endif /* ANANKE_H */
