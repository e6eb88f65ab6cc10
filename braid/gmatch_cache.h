/*
 * gmatch_cache.h - the tokens whose verdict at a rule position does not
 * depend on the parse stack (XGrammar's adaptive token mask cache).
 *
 * For every item that scans a byte, the vocabulary is run from that item
 * alone (gmatch_earley.h, virtual origins).  A token is accepted when it
 * is consumed without leaving the named rule the item sits in (helper
 * rules of groups and repetitions are followed to their one use site);
 * rejected when it fails before that rule could end; uncertain when the
 * rule can end with bytes of the token left over.  At run time a mask is
 * the union of the accepted sets of the scanning items of the last
 * Earley set, plus the uncertain tokens that a full parse accepts.
 */
#ifndef ANK_GMATCH_CACHE_H
#define ANK_GMATCH_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "ananke.h"
#include "gbnf_read.h"
#include "vocab.h"

#define ANK__TCLASS_NONE UINT32_MAX

typedef struct ank__tclass {
    uint32_t nacc;     /* accepted tokens */
    uint32_t *acc;     /* their ids, when few, else NULL */
    uint32_t *acc_bits; /* else a bitmask over the ids */
    uint32_t nunc;
    uint32_t *unc;     /* uncertain tokens: positions in the byte order */
} ank__tclass;

typedef struct ank__tcache {
    uint32_t nwords;    /* words of a mask */
    uint32_t *class_of; /* per item: a class, or ANK__TCLASS_NONE when not
                           computed (every token is then uncertain) */
    ank__tclass *classes;
    uint32_t nclasses;
    size_t bytes;       /* memory held */
} ank__tcache;

/* Limits: more cache memory fails with ANK_ERR_LIMIT; past the work
 * budget (bytes fed, summed over items) the remaining items are left
 * uncomputed. */
#define ANK__TCACHE_MAX_BYTES ((size_t)512 << 20)
#define ANK__TCACHE_WORK ((uint64_t)400000000)

ank_status ank__tcache_build(ank__tcache *c, const ank__gbnf *g,
                             const ank_vocab *v, ank_error *error);
void ank__tcache_release(ank__tcache *c);

#endif
