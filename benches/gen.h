/*
 * gen.h - generated benchmark inputs.
 */
#ifndef ANK_BENCH_GEN_H
#define ANK_BENCH_GEN_H

#include <stddef.h>

#include "ananke.h"

/* A source text of about `lines` lines in `lang` (malloc'ed; the caller
 * frees it).  *length gets its size and *got the exact number of lines. */
char *bench_generate(ank_lang lang, int lines, size_t *length, int *got);

#endif
