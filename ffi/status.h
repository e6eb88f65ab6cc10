/*
 * status.h - filling an ank_error.
 */
#ifndef ANK_STATUS_H
#define ANK_STATUS_H

#include <stdint.h>

#include "ananke.h"

#if defined(__GNUC__)
#define ANK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ANK_PRINTF(f, a)
#endif

/* Fill `error` (nullable) and return `code`.  `line`/`column` are 1-based,
 * 0 when unknown; `offset` is -1 when unknown. */
ank_status ank__error_set(ank_error *error, ank_status code, uint32_t line,
                          uint32_t column, int64_t offset, const char *format,
                          ...) ANK_PRINTF(6, 7);

/* Shorthand for an error without a position. */
#define ank__fail(error, code, ...) \
    ank__error_set((error), (code), 0, 0, -1, __VA_ARGS__)

/* Reset `error` (nullable) to ANK_OK. */
void ank__error_clear(ank_error *error);

#endif
