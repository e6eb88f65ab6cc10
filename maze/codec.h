/*
 * codec.h - the cache value of one file: everything its extraction adds to
 * a result (the file record with its parse errors, and its constraints with
 * every payload, including the identifier lists project-level naming needs),
 * or the reason the file was skipped, as compact versioned bytes.
 */
#ifndef ANK_MAZE_CODEC_H
#define ANK_MAZE_CODEC_H

#include <stddef.h>

#include "../clew/result.h"
#include "../ffi/buf.h"

/* Bump when the byte layout changes: older values then fail to decode and
 * are recomputed. */
#define ANK_CODEC_FORMAT 1

/* Append the encoding of file `index` of `result` (its record and its
 * constraints) to `out`.  Errors: ANK_ERR_NOMEM (out->failed),
 * ANK_ERR_INVALID_ARGUMENT (no such file), ANK_ERR_LIMIT (a type tree
 * nested beyond what the decoder accepts). */
ank_status ank__codec_encode_file(const ank_result *result, size_t index,
                                  ank_buf *out);

/* Append the encoding of a skipped file: why (`status`, not ANK_OK) and the
 * message shown for it. */
ank_status ank__codec_encode_failure(ank_status status, const char *message,
                                     ank_buf *out);

/*
 * Decode a value.  A file value is appended to `into` (an unfinished
 * result) and `stored->code` is ANK_OK; a failure value leaves `into` alone
 * and fills `stored` with the status and message.  Returns ANK_OK, or
 * ANK_ERR_FORMAT for bytes that are not a value of this format (wrong
 * version, truncated, checksum mismatch, out-of-range field), or
 * ANK_ERR_NOMEM; on error `into` is as it was (save unused arena memory).
 */
ank_status ank__codec_decode(const void *data, size_t length,
                             ank_result *into, ank_error *stored);

#endif
