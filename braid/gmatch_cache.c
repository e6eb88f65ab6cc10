/*
 * gmatch_cache.c - build the per-position token classes of
 * gmatch_cache.h by walking the vocabulary in byte order: the Earley sets
 * of a shared prefix are kept, and a byte rejected at depth d settles
 * every following token that shares more than d bytes with it.  A
 * second pass over the uncertain tokens drops those that no context can
 * take (the over-approximation of gmatch_earley.h).
 *
 * Invariants: class_of[i] is written once, from LATER to a class index,
 * after classes[index] is complete (release; readers acquire); nclasses,
 * bytes, full and the scratch are touched only under the lock once the
 * build has returned.
 */
#include "gmatch_cache.h"

#include <string.h>
#include <xxhash.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "gmatch_earley.h"
#include "gmatch_share.h"

typedef ank_tvec vec;

static bool vec_push(vec *a, uint32_t x)
{
    if (a->n == a->cap &&
        !ank__array_reserve((void **)&a->v, &a->cap, a->n, 1, sizeof *a->v))
        return false;
    a->v[a->n++] = x;
    return true;
}

/* Push from, from + 1, ... to - 1. */
static bool vec_push_run(vec *a, uint32_t from, uint32_t to)
{
    if (!ank__array_reserve((void **)&a->v, &a->cap, a->n, to - from,
                            sizeof *a->v))
        return false;
    for (uint32_t x = from; x < to; x++)
        a->v[a->n++] = x;
    return true;
}

/* Feed token t[0, len) to a parse that has read `depth` bytes of the
 * previous token, of which the first `common` are shared with t: rewind
 * to that common prefix, then scan until t ends or a byte is refused.
 * bor[k] records whether any of the first k bytes reached the bottom of
 * the position (its verdict then depends on the stack).
 * Returns the new depth; *work counts the bytes scanned. */
static size_t feed(ank_earley *e, const uint8_t *t, size_t len, size_t depth,
                   size_t common, uint8_t *bor, uint64_t *work)
{
    if (depth > common) {
        depth = common;
        ank__earley_pop_to(e, depth + 1);
    }
    while (depth < len) {
        (*work)++;
        if (!ank__earley_scan(e, t[depth]))
            break;
        depth++;
        bor[depth] = bor[depth - 1] | e->bottom[depth];
    }
    return depth;
}

/* Classify every token from `item`; *work counts the bytes fed. */
static ank_status classify(ank_earley *e, uint32_t item, const ank_vocab *v,
                           uint8_t *bor, vec *acc, vec *unc, uint64_t *work)
{
    const ank_token_order *o = ank__vocab_order(v);
    acc->n = unc->n = 0;
    if (!ank__earley_start(e, item, -1))
        return ank__earley_status(e);
    bor[0] = e->bottom[0];
    size_t depth = 0;
    for (uint32_t i = 0; i < o->n;) {
        uint32_t id = o->ids[i];
        size_t len;
        const uint8_t *t = ank__vocab_bytes(v, id, &len);
        depth = feed(e, t, len, depth, o->lcp[i], bor, work);
        if (ank__earley_failed(e))
            return ank__earley_status(e);
        if (depth == len) {
            if (!vec_push(acc, id))
                return ANK_ERR_NOMEM;
            i++;
            continue;
        }
        /* refused at byte `depth`, as is every following token that
         * shares more than `depth` bytes with this one: uncertain
         * together when the refusing parse had reached the bottom */
        uint32_t end = ank__vocab_run_end(o, i + 1, (uint32_t)depth);
        if (bor[depth] && !vec_push_run(unc, i, end))
            return ANK_ERR_NOMEM;
        i = end;
    }
    return ANK_OK;
}

/* Keep the uncertain positions that the over-approximation (every use
 * site of a completed rule, gmatch_earley.h) does not refuse. */
static ank_status narrow(ank_earley *e, uint32_t item, const ank_vocab *v,
                         uint8_t *bor, vec *unc, uint64_t *work)
{
    const ank_token_order *o = ank__vocab_order(v);
    e->approx = true;
    bool ok = ank__earley_start(e, item, -1);
    if (ok)
        bor[0] = e->bottom[0];
    size_t depth = 0, keep = 0, plen = 0, fail = SIZE_MAX;
    const uint8_t *prev = NULL;
    for (size_t x = 0; x < unc->n && ok; x++) {
        uint32_t i = unc->v[x];
        size_t len, c = 0;
        const uint8_t *t = ank__vocab_bytes(v, o->ids[i], &len);
        size_t lim = len < plen ? len : plen;
        while (prev && c < lim && prev[c] == t[c])
            c++;
        if (fail != SIZE_MAX && c > fail) {
            if (bor[fail])
                unc->v[keep++] = i; /* same prefix, same verdict */
            continue;
        }
        fail = SIZE_MAX;
        depth = feed(e, t, len, depth, c, bor, work);
        if (ank__earley_failed(e))
            ok = false;
        else if (depth == len)
            unc->v[keep++] = i;
        else if ((fail = depth), bor[depth])
            unc->v[keep++] = i;
        prev = t;
        plen = len;
    }
    e->approx = false;
    unc->n = keep;
    return ok ? ANK_OK : ank__earley_status(e);
}

static void set_of(ank_tclass *k, const vec *acc, const vec *unc,
                   uint32_t nwords, size_t *bytes, bool *ok)
{
    k->nacc = (uint32_t)acc->n;
    k->nunc = (uint32_t)unc->n;
    if (acc->n * 8 > nwords) {
        k->acc_bits = ank__calloc(nwords, sizeof(uint32_t));
        if (!k->acc_bits) {
            *ok = false;
            return;
        }
        for (size_t i = 0; i < acc->n; i++)
            k->acc_bits[acc->v[i] >> 5] |= 1u << (acc->v[i] & 31);
        *bytes += nwords * sizeof(uint32_t);
    } else if (acc->n) {
        k->acc = ank__malloc(acc->n * sizeof(uint32_t));
        if (!k->acc) {
            *ok = false;
            return;
        }
        memcpy(k->acc, acc->v, acc->n * sizeof(uint32_t));
        *bytes += acc->n * sizeof(uint32_t);
    }
    if (unc->n) {
        k->unc = ank__malloc(unc->n * sizeof(uint32_t));
        if (!k->unc) {
            *ok = false;
            return;
        }
        memcpy(k->unc, unc->v, unc->n * sizeof(uint32_t));
        *bytes += unc->n * sizeof(uint32_t);
    }
}

static bool scratch_open(ank_tcache *c)
{
    if (!c->bor) {
        ank__earley_init(&c->e, c->g);
        c->bor = ank__malloc(c->maxlen + 2);
    }
    return c->bor != NULL;
}

static void scratch_close(ank_tcache *c)
{
    if (!c->bor)
        return;
    ank__free(c->bor);
    ank__free(c->acc.v);
    ank__free(c->unc.v);
    ank__earley_release(&c->e);
    c->bor = NULL;
    c->acc = c->unc = (ank_tvec){0};
}

static void class_free(ank_tclass *k)
{
    ank__free(k->acc);
    ank__free(k->acc_bits);
    ank__free(k->unc);
    memset(k, 0, sizeof *k);
}

static uint64_t class_hash(const ank_tclass *k, uint32_t nwords)
{
    uint64_t h = XXH3_64bits_withSeed(&k->nacc, sizeof k->nacc, k->nunc);
    if (k->acc_bits)
        h = XXH3_64bits_withSeed(k->acc_bits, nwords * sizeof(uint32_t), h);
    else if (k->nacc)
        h = XXH3_64bits_withSeed(k->acc, k->nacc * sizeof(uint32_t), h);
    if (k->nunc)
        h = XXH3_64bits_withSeed(k->unc, k->nunc * sizeof(uint32_t), h);
    return h;
}

static bool class_equal(const ank_tclass *a, const ank_tclass *b,
                        uint32_t nwords)
{
    if (a->hash != b->hash || a->nacc != b->nacc || a->nunc != b->nunc ||
        !a->acc_bits != !b->acc_bits)
        return false;
    if (a->acc_bits
            ? memcmp(a->acc_bits, b->acc_bits, nwords * sizeof(uint32_t))
            : a->nacc && memcmp(a->acc, b->acc, a->nacc * sizeof(uint32_t)))
        return false;
    return !a->nunc || !memcmp(a->unc, b->unc, a->nunc * sizeof(uint32_t));
}

/* Compute the class of `item` into the next slot and publish it, or the
 * equal class computed before.  Called by the build, and under the lock
 * afterwards.  ANK_ERR_NOMEM, ANK_ERR_LIMIT (past ANK__TCACHE_MAX_BYTES;
 * the class is then not published).  An item whose classification goes
 * over c->max_work gets no class (ANK__TCLASS_NONE). */
static ank_status compute(ank_tcache *c, uint32_t item, uint64_t *work)
{
    ank__earley_budget(&c->e, c->max_work);
    ank_status st = classify(&c->e, item, c->v, c->bor, &c->acc, &c->unc, work);
    if (st == ANK_OK && c->unc.n)
        st = narrow(&c->e, item, c->v, c->bor, &c->unc, work);
    if (st == ANK_ERR_LIMIT) {
        /* over the parse's budget: no class, every token is checked
         * directly where the item is met (under that call's budget) */
        atomic_store_explicit(&c->class_of[item], ANK__TCLASS_NONE,
                              memory_order_release);
        return ANK_OK;
    }
    if (st != ANK_OK)
        return st;
    bool ok = true;
    size_t before = c->bytes;
    ank_tclass *k = &c->classes[c->nclasses];
    set_of(k, &c->acc, &c->unc, c->nwords, &c->bytes, &ok);
    if (!ok || c->bytes > ANK__TCACHE_MAX_BYTES) {
        class_free(k);
        c->bytes = before;
        return ok ? ANK_ERR_LIMIT : ANK_ERR_NOMEM;
    }
    k->hash = class_hash(k, c->nwords);
    uint32_t at = c->nclasses;
    for (uint32_t j = 0; j < c->nclasses && at == c->nclasses; j++)
        if (class_equal(&c->classes[j], k, c->nwords))
            at = j;
    if (at < c->nclasses) {
        class_free(k);
        c->bytes = before;
    } else {
        c->nclasses++;
    }
    atomic_store_explicit(&c->class_of[item], at, memory_order_release);
    return ANK_OK;
}

ank_status ank__tcache_build(ank_tcache *c, const ank_gbnf *g,
                             const ank_vocab *v, uint64_t eager_work,
                             uint64_t max_work, ank_error *error)
{
    memset(c, 0, sizeof *c);
    if (pthread_mutex_init(&c->lock, NULL) != 0)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    c->g = g; /* from here on, ank__tcache_release undoes the build */
    c->v = v;
    c->max_work = max_work;
    c->nwords = (ank__vocab_size(v) + 31) / 32;
    const ank_token_order *o = ank__vocab_order(v);
    for (uint32_t i = 0; i < o->n; i++) {
        size_t len;
        ank__vocab_bytes(v, o->ids[i], &len);
        if (len > c->maxlen)
            c->maxlen = len;
    }
    c->rep = ank__gmatch_share(g);
    uint32_t nscan = 0;
    for (uint32_t i = 0; c->rep && i < g->nitems; i++)
        nscan += g->sym[i] < 0 && g->sym[i] != ANK__GBNF_END && c->rep[i] == i;
    c->class_of = ank__malloc((g->nitems + 1) * sizeof *c->class_of);
    c->classes = ank__calloc(nscan + 1, sizeof *c->classes);
    ank_status st = ANK_OK;
    if (!c->rep || !c->class_of || !c->classes || !scratch_open(c))
        st = ANK_ERR_NOMEM;
    for (uint32_t i = 0; i <= g->nitems && st == ANK_OK; i++)
        atomic_init(&c->class_of[i], i < g->nitems && g->sym[i] < 0 &&
                                             g->sym[i] != ANK__GBNF_END &&
                                             c->rep[i] == i
                                         ? ANK__TCLASS_LATER
                                         : ANK__TCLASS_NONE);
    /* eager until `eager_work` bytes were fed or the parses visited
     * max_work items in all */
    uint64_t work = 0, items = 0;
    for (uint32_t i = 0; i < g->nitems && st == ANK_OK &&
                         work < eager_work && items < max_work;
         i++)
        if (atomic_load_explicit(&c->class_of[i], memory_order_relaxed) ==
            ANK__TCLASS_LATER) {
            st = compute(c, i, &work);
            items += c->e.work;
        }
    scratch_close(c);
    if (st == ANK_ERR_LIMIT) {
        ank__fail(error, st, "grammar token cache needs more than %zu MiB",
                  ANK__TCACHE_MAX_BYTES >> 20);
    } else if (st != ANK_OK) {
        ank__fail(error, st, "out of memory");
    }
    if (st != ANK_OK)
        ank__tcache_release(c);
    return st;
}

const ank_tclass *ank__tcache_later(ank_tcache *c, uint32_t item)
{
    pthread_mutex_lock(&c->lock);
    uint32_t k = atomic_load_explicit(&c->class_of[item], memory_order_relaxed);
    if (k == ANK__TCLASS_LATER && !c->full) {
        uint64_t work = 0;
        if (scratch_open(c) && compute(c, item, &work) == ANK_OK)
            k = atomic_load_explicit(&c->class_of[item], memory_order_relaxed);
        else
            c->full = true;
    }
    pthread_mutex_unlock(&c->lock);
    return k < ANK__TCLASS_LATER ? &c->classes[k] : NULL;
}

void ank__tcache_release(ank_tcache *c)
{
    if (!c->g)
        return;
    for (uint32_t i = 0; i < c->nclasses; i++)
        class_free(&c->classes[i]);
    ank__free(c->classes);
    ank__free(c->class_of);
    ank__free(c->rep);
    scratch_close(c);
    pthread_mutex_destroy(&c->lock);
    memset(c, 0, sizeof *c);
}
