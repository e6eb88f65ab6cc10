/*
 * gbnf_read_build.h - the state of a GBNF read (gbnf_read.c): the text
 * cursor, the rules, productions and terminals read so far, and the
 * operations that add to them.  Private to gbnf_read*.c.
 */
#ifndef ANK_GBNF_READ_BUILD_H
#define ANK_GBNF_READ_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ffi/text.h"
#include "gbnf_read.h"

typedef struct ank_gbnf_rule {
    const char *name; /* NULL for a helper */
    size_t name_len;
    const char *ref_at; /* first reference, for the undefined-rule error */
    bool defined;
} ank_gbnf_rule;

typedef struct ank_gbnf_prod {
    uint32_t rule, off, len;
} ank_gbnf_prod;

typedef struct ank_gbnf_builder {
    const char *text, *s, *end;
    ank_gbnf_rule *rules;
    size_t nrules, rcap;
    ank_gbnf_prod *prods;
    size_t nprods, pcap;
    int32_t *syms; /* committed production symbols */
    size_t nsyms, scap;
    int32_t *scratch; /* sequences under construction */
    size_t nscratch, sccap;
    uint8_t (*terms)[32];
    size_t nterms, tcap;
    uint32_t *thash; /* open addressing over terms: index + 1, 0 empty */
    size_t thcap;
    uint32_t *nhash; /* open addressing over rule names: index + 1 */
    size_t nhcap, nnamed;
    ank_status status;
    ank_error *error;
    int depth;
} ank_gbnf_builder;

/* Make room for `need` elements of `el` bytes in *p (capacity *cap);
 * false, with ANK_ERR_NOMEM set, when out of memory. */
bool ank__gbnf_grow(ank_gbnf_builder *b, void **p, size_t *cap, size_t need,
                    size_t el);
/* Set ANK_ERR_FORMAT at text position `at` (line and column), unless a
 * failure is already set. */
void ank__gbnf_fail_at(ank_gbnf_builder *b, const char *at, const char *what);
/* A new rule: named, or a helper when name is NULL (then defined).  -1
 * on failure (ANK_ERR_LIMIT past ANK_GMATCH_MAX_RULES, ANK_ERR_NOMEM). */
int32_t ank__gbnf_new_rule(ank_gbnf_builder *b, const char *name, size_t len);
/* The rule named name[0..len), made (undefined) when first met; -1 on
 * failure. */
int32_t ank__gbnf_rule_by_name(ank_gbnf_builder *b, const char *name, size_t len);
/* Push a symbol on the scratch stack. */
void ank__gbnf_push(ank_gbnf_builder *b, int32_t sym);
/* Commit scratch[from..] as a production of `rule` and pop it. */
void ank__gbnf_commit(ank_gbnf_builder *b, int32_t rule, size_t from);
/* The terminal symbol of a 32-byte set (deduplicated); -1 on failure. */
int32_t ank__gbnf_term(ank_gbnf_builder *b, const uint8_t *set);
/* The terminal of the bytes lo..hi. */
int32_t ank__gbnf_byte_range(ank_gbnf_builder *b, unsigned lo, unsigned hi);
/* Productions of `rule` for the UTF-8 of the code points lo..hi, clipped
 * to non-ASCII scalar values (surrogates skipped). */
void ank__gbnf_codepoint_range(ank_gbnf_builder *b, int32_t rule, uint32_t lo,
                               uint32_t hi);

/* Drop the productions that derive no text and lay the rest out as an
 * ank_gbnf (gbnf_read_layout.c).  ANK_ERR_FORMAT when the start rule
 * derives nothing, ANK_ERR_NOMEM. */
ank_status ank__gbnf_finish(ank_gbnf_builder *b, ank_gbnf **out);

#endif
