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
 *
 * Items that gmatch_share.h finds equal share one class, computed for the
 * first of them; a class equal to one computed before is dropped for it.
 *
 * Classes are computed at build time up to a work budget; the rest when a
 * parse first needs them (large grammars, such as completion grammars,
 * would otherwise take minutes to compile).  That part is filled under a
 * lock and published with release/acquire, so one cache may serve
 * matchers on several threads.
 */
#ifndef ANK_GMATCH_CACHE_H
#define ANK_GMATCH_CACHE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ananke.h"
#include "gbnf_read.h"
#include "gmatch_earley.h"
#include "vocab.h"

#define ANK__TCLASS_NONE UINT32_MAX        /* not a scanning item */
#define ANK__TCLASS_LATER (UINT32_MAX - 1) /* computed when first needed */

typedef struct ank_tclass {
    uint32_t nacc;     /* accepted tokens */
    uint32_t *acc;     /* their ids, when few, else NULL */
    uint32_t *acc_bits; /* else a bitmask over the ids */
    uint32_t nunc;
    uint32_t *unc;     /* uncertain tokens: positions in the byte order */
    uint64_t hash;     /* of the above, to find an equal class */
} ank_tclass;

typedef struct ank_tvec {
    uint32_t *v;
    size_t n, cap;
} ank_tvec;

typedef struct ank_tcache {
    uint32_t nwords;            /* words of a mask */
    uint32_t *rep;              /* per item: the item whose class it shares */
    _Atomic uint32_t *class_of; /* per such item: a class, ANK__TCLASS_NONE
                                   or ANK__TCLASS_LATER */
    ank_tclass *classes;       /* room for one per scanning item */
    /* Under `lock` once built: */
    pthread_mutex_t lock;
    uint32_t nclasses;
    size_t bytes;               /* memory the classes hold */
    bool full;                  /* over ANK__TCACHE_MAX_BYTES, or out of
                                   memory: nothing more is computed */
    const ank_gbnf *g;
    const ank_vocab *v;
    size_t maxlen;              /* the longest token's bytes */
    ank_earley e;              /* scratch of the classification: freed */
    uint8_t *bor;               /* after the build, made again when an */
    ank_tvec acc, unc;         /* item left for later is needed */
    uint64_t max_work;          /* a class's budget (ank__tcache_build) */
} ank_tcache;

/* Limits: a build whose classes need more memory fails with
 * ANK_ERR_LIMIT (later, the items left are not computed: every token is
 * uncertain there).  The build computes classes until it has fed
 * `eager_work` bytes (summed over items); ANK__TCACHE_EAGER is the
 * default, about a second. */
#define ANK__TCACHE_MAX_BYTES ((size_t)512 << 20)
#define ANK__TCACHE_EAGER ((uint64_t)2000000)

/* `g` and `v` are borrowed and must outlive the cache.  `max_work`: the
 * Earley items one class may visit, and the classes of the build
 * together (gmatch_earley.h).  ANK_ERR_NOMEM, ANK_ERR_LIMIT. */
ank_status ank__tcache_build(ank_tcache *c, const ank_gbnf *g,
                             const ank_vocab *v, uint64_t eager_work,
                             uint64_t max_work, ank_error *error);
void ank__tcache_release(ank_tcache *c);

/* The class of an item left for later, computed now; NULL when there is
 * none to be had.  Thread-safe. */
const ank_tclass *ank__tcache_later(ank_tcache *c, uint32_t item);

/* The class of the scanning item `item`, computed now if it was left for
 * later; NULL when there is none to be had (every token is uncertain).
 * Thread-safe. */
static inline const ank_tclass *ank__tcache_class(ank_tcache *c,
                                                   uint32_t item)
{
    item = c->rep[item];
    uint32_t k = atomic_load_explicit(&c->class_of[item], memory_order_acquire);
    if (k < ANK__TCLASS_LATER)
        return &c->classes[k];
    return k == ANK__TCLASS_LATER ? ank__tcache_later(c, item) : NULL;
}

#endif
