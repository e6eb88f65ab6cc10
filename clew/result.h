/*
 * result.h - the inside of an ank_result: file records, parse errors,
 * skipped files and constraints, all allocated from one arena.
 */
#ifndef ANK_RESULT_H
#define ANK_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ffi/arena.h"
#include "../ffi/buf.h"
#include "constraint.h"

typedef struct ank_parse_error {
    uint32_t line, column, offset;
    bool missing;        /* a MISSING node (the parser inserted a token) */
    const char *message; /* "syntax error" / "missing ';'" ... */
} ank_parse_error;

typedef struct ank_file_record {
    const char *path;
    ank_lang lang;
    uint32_t bytes;
    uint32_t lines;
    ank_parse_error *errors;
    uint32_t nerrors;       /* listed, at most ANK_PARSE_ERRORS_MAX */
    uint32_t nerrors_total; /* found */
    size_t first;           /* index of its first constraint */
    size_t count;           /* number of its constraints */
} ank_file_record;

typedef struct ank_skipped {
    const char *path;
    const char *reason;
} ank_skipped;

struct ank_result {
    ank_arena arena;
    ank_constraint **items;
    size_t count, cap;
    ank_file_record *files;
    size_t nfiles, capfiles;
    ank_skipped *skipped;
    size_t nskipped, capskipped;
    size_t project_first; /* index of the first project-level constraint */
    bool finished;        /* ank_result_finish has run */
};

/* Append a zeroed constraint (arena memory); NULL when out of memory. */
ank_constraint *ank__result_push(ank_result *result);

/* Begin a file: returns its record, or NULL when out of memory. */
ank_file_record *ank__result_begin_file(ank_result *result, const char *path,
                                        ank_lang lang);

/* Finish the newest file: sort its constraints into source order and
 * assign stable ids.  Returns ANK_OK or ANK_ERR_NOMEM. */
ank_status ank__result_end_file(ank_result *result);

/* Move everything `from` holds (files, constraints, skipped files, and the
 * arena they live in) to the end of `into`; `from` is left empty but
 * usable.  Neither may be finished.  Returns ANK_OK, or ANK_ERR_NOMEM with
 * both as they were, or ANK_ERR_INVALID_ARGUMENT. */
ank_status ank__result_merge(ank_result *into, ank_result *from);

/* Give ids to the project-level constraints from index `first` on (they
 * have no file: ids hash an empty path). */
ank_status ank__result_end_project(ank_result *result, size_t first);

/* Drop the newest file and its constraints (after a failure). */
void ank__result_abort_file(ank_result *result);

/* 16 hex digits of XXH3-64 over the NUL-terminated `parts` and a 4-byte
 * big-endian ordinal: constraint ids, and braid's artifact ids. */
void ank__hash_id(const char *const *parts, size_t nparts, uint32_t ordinal,
                  char id[17]);

/* Is `c` of one of `kinds` (a NULL-terminated list; NULL: every kind)? */
bool ank__kind_wanted(const ank_constraint *c, const char *const *kinds);

/* Serialisers (json_write.c, sarif_write.c); `kinds` as above.  They
 * drain `out` (ank__buf_drain) every ANK_WRITE_CHUNK bytes or so. */
#define ANK_WRITE_CHUNK ((size_t)1 << 17)
void ank__write_json(const ank_result *result, const char *const *kinds,
                     ank_buf *out);
void ank__write_ndjson(const ank_result *result, const char *const *kinds,
                       ank_buf *out);
void ank__write_text(const ank_result *result, const char *const *kinds,
                     ank_buf *out);
void ank__write_sarif(const ank_result *result, ank_buf *out);

/* ank_result_write_with, streamed: the document goes to `sink` in pieces
 * of about ANK_WRITE_CHUNK bytes as it is written, so a large result needs
 * no buffer of its size.  The sink's first non-zero return (an errno
 * value) stops the writing and is reported as ANK_ERR_IO.  Returns what
 * ank_result_write_with does, and ANK_ERR_IO. */
ank_status ank__result_write_sink(const ank_result *result,
                                  const ank_write_options *options,
                                  ank_buf_sink sink, void *context,
                                  ank_error *error);

#endif
