/*
 * grammar_print.h - one grammar printed in several dialects: what
 * printing learns of the grammar that does not depend on the dialect
 * (which rules and nodes are reached from the root, which nodes are used
 * more than once, their sizes) is found once, by ank__gprint_new, and
 * each ank__gprint_write prints one dialect from it.  ank__gram_write and
 * ank__gram_write_json (grammar.h) are a printer used once.
 */
#ifndef ANK_BRAID_GRAMMAR_PRINT_H
#define ANK_BRAID_GRAMMAR_PRINT_H

#include <stdbool.h>

#include "grammar.h"

typedef struct ank_gprint ank_gprint;

/* A printer of `g`, which must not change while the printer lives (the
 * printer may take its tables from the room left in the grammar's arena,
 * which is kept until the grammar is freed): ANK_OK
 * and *out, or ANK_ERR_NOMEM (the grammar failed, or out of memory) or
 * ANK_ERR_INTERNAL (no root, a misuse, a referenced rule never defined)
 * and *out NULL. */
ank_status ank__gprint_new(const ank_gram *g, ank_gprint **out);

/* Append the grammar in `dialect` to `out`, JSON-escaped when `json`, as
 * ank__gram_write and ank__gram_write_json do; the same results, and on
 * failure `out` is left as it was (unless it failed itself). */
ank_status ank__gprint_write(ank_gprint *p, ank_gram_dialect dialect,
                             bool json, ank_buf *out);

/* Free the printer; NULL is a no-op. */
void ank__gprint_free(ank_gprint *p);

#endif
