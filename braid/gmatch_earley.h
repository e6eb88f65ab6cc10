/*
 * gmatch_earley.h - an Earley recognizer over bytes for the grammars of
 * gbnf_read.h, with one set per byte kept on a stack so that a caller can
 * feed bytes and pop back to any earlier position.
 *
 * Nullable rules follow Aycock and Horspool: predicting a nullable rule
 * also moves the predicting item past it, so an item never completes at
 * its own origin.  Origins below zero are "virtual": the items of a rule
 * position taken out of its context (the token cache of gmatch_cache.c).
 * Completing at virtual level L (origin -1 - L) goes on in the one place
 * that uses the helper rule, at level L + 1; completing a named rule (or
 * a helper used in several places) there marks the set in `bottom`, since
 * what follows depends on the stack the position is met with.
 *
 * With `approx` set, a rule completed at a virtual origin goes on in
 * every place that uses it (origin -1 again): a superset of what can
 * really follow, so a byte refused then is refused in every context.
 * Only a rule used in more than ANK__EARLEY_MAX_USES places marks the set.
 */
#define ANK__EARLEY_MAX_USES 256
/* A set of this many items or more is indexed by the rule each item waits
 * on, so that completing a rule from it does not scan it whole (nested
 * nullable repetitions make sets of thousands). */
#define ANK__EARLEY_INDEX_MIN 128
/* Limits of a parse, past which it stops (ank_earley.over).  An
 * ambiguous grammar (a repetition of a repeated part, such as
 * ("a"{0,4096}){0,4096}) makes sets that grow with the text, each byte
 * costing more than the last; so does right recursion, more slowly.
 * The items the sets hold together are bounded by ANK__EARLEY_MAX_ITEMS
 * (8 bytes each), and the items one call visits by a budget the caller
 * sets: ANK__EARLEY_MAX_WORK for a token class, a mask or the forced
 * bytes (the largest class of the completion grammars braid writes
 * visits about 60 million items, in a third of a second), and for an
 * accept ANK__EARLEY_ACCEPT_WORK plus ANK__EARLEY_BYTE_WORK a byte (a
 * grammar whose sets hold a few hundred items visits a few thousand a
 * byte; the ambiguous one above, past its 20th byte, a million in about
 * 40 ms). */
#define ANK__EARLEY_MAX_ITEMS ((size_t)1 << 25)
#define ANK__EARLEY_MAX_WORK ((uint64_t)1 << 28)
#define ANK__EARLEY_ACCEPT_WORK ((uint64_t)1 << 20)
#define ANK__EARLEY_BYTE_WORK ((uint64_t)1 << 12)
#ifndef ANK_GMATCH_EARLEY_H
#define ANK_GMATCH_EARLEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gbnf_read.h"

typedef struct ank_eitem {
    uint32_t item;
    int32_t origin;
} ank_eitem;

typedef struct ank_earley {
    const ank_gbnf *g;
    ank_eitem *items; /* the sets, one after another */
    size_t nitems, icap;
    uint32_t *set_start; /* set k: [set_start[k], set_start[k + 1] or nitems) */
    uint32_t *kernel_end; /* set k's items from a scan (its kernel) end here */
    /* a large set's items that wait on a rule, by rule: (rule << 32 |
     * item index) sorted, for set k at idx[idx_end[k - 1] .. idx_end[k])
     * (idx_end[-1] taken as 0; empty for a small set) */
    uint64_t *idx;
    size_t idxcap;
    uint32_t *idx_end;
    uint8_t *bottom;     /* per set, see above */
    size_t nsets, scap;
    uint64_t *hkey; /* the items of the set being built, for duplicates */
    uint32_t *hstamp;
    size_t hcap;
    uint32_t stamp;
    /* work: items visited (closed, or looked at to complete a rule)
     * since the last ank__earley_budget(); past `budget` the set being
     * made stops, and `over`, as `nomem`, stays set until the next
     * ank__earley_budget() (ank__earley_init: no budget) */
    uint64_t work, budget;
    bool nomem;
    bool over;
    bool approx;
    size_t reused; /* sets closed by copying their predecessor's closure */
} ank_earley;

void ank__earley_init(ank_earley *e, const ank_gbnf *g);

/* A new call: a budget of `budget` items visited (UINT64_MAX: none),
 * none visited yet, no failure. */
static inline void ank__earley_budget(ank_earley *e, uint64_t budget)
{
    e->work = 0;
    e->budget = budget;
    e->over = false;
    e->nomem = false;
}

/* Has the parse failed: out of memory, or over its limits? */
static inline bool ank__earley_failed(const ank_earley *e)
{
    return e->nomem || e->over;
}

/* Why: ANK_ERR_LIMIT over its limits, ANK_ERR_NOMEM out of memory, else
 * ANK_OK. */
static inline ank_status ank__earley_status(const ank_earley *e)
{
    return e->over ? ANK_ERR_LIMIT : e->nomem ? ANK_ERR_NOMEM : ANK_OK;
}
void ank__earley_release(ank_earley *e);

/* Drop every set, then make set 0 from one item and its closure.  False
 * on out of memory. */
bool ank__earley_start(ank_earley *e, uint32_t item, int32_t origin);

/* Scan `byte` from the last set into a new one.  False (no set added)
 * when no item takes the byte or memory ran out (e->nomem). */
bool ank__earley_scan(ank_earley *e, uint8_t byte);

/* Keep sets 0 .. n - 1. */
static inline void ank__earley_pop_to(ank_earley *e, size_t n)
{
    if (n < e->nsets) {
        e->nitems = e->set_start[n];
        e->nsets = n;
    }
}

/* Close the last set again from its kernel, from scratch: true when
 * that gives exactly its items (in any order) and its bottom mark, as it
 * must whether its closure was computed or reused (for tests); false
 * also when out of memory. */
bool ank__earley_recheck(const ank_earley *e);

/* Does the last set hold the completed start rule from position 0? */
bool ank__earley_can_end(const ank_earley *e);

/* The bytes some item of the last set can scan. */
void ank__earley_next_bytes(const ank_earley *e, uint8_t set[32]);

#endif
