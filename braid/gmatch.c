/*
 * gmatch.c - the grammar matcher of gmatch.h: GBNF read into a byte-level
 * grammar (gbnf_read.h), an Earley parse with one set per accepted byte
 * (gmatch_earley.h), and token masks from the per-position token classes
 * (gmatch_cache.h) plus a parse of the uncertain tokens only.
 *
 * Invariant: a matcher's parser holds exactly position + 1 sets; a mask
 * computation feeds token bytes above them and pops back before
 * returning.
 */
#include "gmatch.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "gbnf_read.h"
#include "gmatch_cache.h"
#include "gmatch_earley.h"

struct ank_ggram {
    ank_gbnf *g;
    const ank_vocab *vocab;
    ank_tcache *cache; /* NULL without a vocabulary; filled lazily */
    uint64_t max_work; /* a mask's or the forced bytes' budget */
};

struct ank_gmatch {
    const ank_ggram *gg;
    ank_earley e;
    uint32_t *class_stamp; /* per token class, for distinct classes */
    uint32_t stamp;
    uint64_t *pending; /* bit per position of the byte order */
    size_t npending;
    size_t stop; /* where the last call's parse stopped at its limits */
};

ank_status ank__ggram_compile_with(const char *gbnf, size_t length,
                                   const ank_vocab *vocab, uint64_t eager_work,
                                   uint64_t class_work, uint64_t mask_work,
                                   ank_ggram **out, ank_error *error)
{
    *out = NULL;
    ank_ggram *gg = ank__calloc(1, sizeof *gg);
    if (!gg)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    gg->max_work = mask_work;
    ank_status st = ank__gbnf_read(gbnf, length, &gg->g, error);
    if (st == ANK_OK && vocab) {
        gg->vocab = vocab;
        gg->cache = ank__malloc(sizeof *gg->cache);
        st = gg->cache ? ank__tcache_build(gg->cache, gg->g, vocab, eager_work,
                                           class_work, error)
                       : ank__fail(error, ANK_ERR_NOMEM, "out of memory");
        if (st != ANK_OK) {
            ank__free(gg->cache);
            gg->cache = NULL;
        }
    }
    if (st != ANK_OK) {
        ank__ggram_free(gg);
        return st;
    }
    *out = gg;
    return ANK_OK;
}

ank_status ank__ggram_compile(const char *gbnf, size_t length,
                              const ank_vocab *vocab, ank_ggram **out,
                              ank_error *error)
{
    return ank__ggram_compile_with(gbnf, length, vocab, ANK__TCACHE_EAGER,
                                   ANK__EARLEY_MAX_WORK, ANK__EARLEY_MAX_WORK,
                                   out, error);
}

void ank__ggram_free(ank_ggram *gg)
{
    if (!gg)
        return;
    if (gg->cache) {
        ank__tcache_release(gg->cache);
        ank__free(gg->cache);
    }
    ank__gbnf_free(gg->g);
    ank__free(gg);
}

static uint32_t start_item(const ank_gbnf *g)
{
    return g->prod_item[g->rule_prod[0]];
}

ank_status ank__gmatch_new(const ank_ggram *gg, ank_gmatch **out,
                           ank_error *error)
{
    *out = NULL;
    ank_gmatch *m = ank__calloc(1, sizeof *m);
    if (!m)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    m->gg = gg;
    ank__earley_init(&m->e, gg->g);
    m->class_stamp = ank__calloc(gg->g->nitems + 1, sizeof(uint32_t));
    if (gg->vocab) {
        m->npending = (ank__vocab_order(gg->vocab)->n + 63) / 64;
        m->pending = ank__calloc(m->npending + 1, sizeof(uint64_t));
    }
    if (!m->class_stamp || (gg->vocab && !m->pending) ||
        !ank__earley_start(&m->e, start_item(gg->g), 0)) {
        ank__gmatch_free(m);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    *out = m;
    return ANK_OK;
}

void ank__gmatch_free(ank_gmatch *m)
{
    if (!m)
        return;
    ank__earley_release(&m->e);
    ank__free(m->class_stamp);
    ank__free(m->pending);
    ank__free(m);
}

bool ank__gmatch_accept(ank_gmatch *m, const uint8_t *bytes, size_t n)
{
    size_t keep = m->e.nsets;
    ank__earley_budget(&m->e, ANK__EARLEY_ACCEPT_WORK);
    if (n > ANK_GMATCH_MAX_BYTES - (keep - 1))
        return false;
    /* n is at most ANK_GMATCH_MAX_BYTES: no overflow */
    m->e.budget += (uint64_t)n * ANK__EARLEY_BYTE_WORK;
    for (size_t i = 0; i < n; i++) {
        if (!ank__earley_scan(&m->e, bytes[i])) {
            m->stop = keep - 1 + i;
            ank__earley_pop_to(&m->e, keep);
            return false;
        }
    }
    return true;
}

ank_status ank__gmatch_status(const ank_gmatch *m, size_t *at)
{
    if (at)
        *at = m->stop;
    return ank__earley_status(&m->e);
}

size_t ank__gmatch_position(const ank_gmatch *m)
{
    return m->e.nsets - 1;
}

void ank__gmatch_rewind(ank_gmatch *m, size_t position)
{
    ank__earley_pop_to(&m->e, position + 1);
}

bool ank__gmatch_can_end(const ank_gmatch *m)
{
    return ank__earley_can_end(&m->e);
}

/* Parse the pending tokens (in byte order) above the current position;
 * set the bits of those accepted.  ANK_ERR_NOMEM, ANK_ERR_LIMIT (over
 * the parse's budget). */
static ank_status check_pending(ank_gmatch *m, uint32_t *words)
{
    const ank_vocab *v = m->gg->vocab;
    const ank_token_order *o = ank__vocab_order(v);
    ank_earley *e = &m->e;
    size_t base = e->nsets, depth = 0, plen = 0;
    const uint8_t *prev = NULL;
    bool ok = true, failed = false;
    for (size_t w = 0; w < m->npending; w++) {
        uint64_t bits = m->pending[w];
        if (!bits)
            continue;
        m->pending[w] = 0;
        if (!ok)
            continue;
        while (bits) {
            uint32_t i = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
            bits &= bits - 1;
            uint32_t id = o->ids[i];
            if (words[id >> 5] >> (id & 31) & 1)
                continue;
            size_t len;
            const uint8_t *t = ank__vocab_bytes(v, id, &len);
            size_t keep = 0, lim = plen < len ? plen : len;
            while (prev && keep < lim && prev[keep] == t[keep])
                keep++;
            if (failed && keep > depth)
                continue; /* refused at the same byte as the previous */
            if (keep < depth) {
                ank__earley_pop_to(e, base + keep);
                depth = keep;
            }
            while (depth < len && ank__earley_scan(e, t[depth]))
                depth++;
            if (ank__earley_failed(e)) {
                ok = false;
                break;
            }
            failed = depth < len;
            if (!failed)
                words[id >> 5] |= 1u << (id & 31);
            prev = t;
            plen = len;
        }
    }
    ank__earley_pop_to(e, base);
    return ok ? ANK_OK : ank__earley_status(e);
}

ank_status ank__gmatch_fill_mask(ank_gmatch *m, uint32_t *words,
                                 size_t nwords)
{
    const ank_ggram *gg = m->gg;
    memset(words, 0, nwords * sizeof *words);
    if (!gg->vocab)
        return ANK_ERR_INVALID_ARGUMENT;
    const ank_vocab *v = gg->vocab;
    const ank_gbnf *g = gg->g;
    const ank_token_order *o = ank__vocab_order(v);
    ank_earley *e = &m->e;
    ank__earley_budget(e, gg->max_work);
    m->stop = e->nsets - 1;
    if (++m->stamp == 0) {
        memset(m->class_stamp, 0, (g->nitems + 1) * sizeof(uint32_t));
        m->stamp = 1;
    }
    bool all = false;
    size_t from = e->set_start[e->nsets - 1], to = e->nitems;
    for (size_t x = from; x < to; x++) {
        uint32_t it = e->items[x].item;
        int32_t s = g->sym[it];
        if (s >= 0 || s == ANK__GBNF_END)
            continue;
        const ank_tclass *c = ank__tcache_class(gg->cache, it);
        if (!c) {
            all = true;
            continue;
        }
        size_t k = (size_t)(c - gg->cache->classes); /* one union each */
        if (m->class_stamp[k] == m->stamp)
            continue;
        m->class_stamp[k] = m->stamp;
        if (c->acc_bits) {
            for (size_t w = 0; w < gg->cache->nwords; w++)
                words[w] |= c->acc_bits[w];
        } else {
            for (uint32_t j = 0; j < c->nacc; j++)
                words[c->acc[j] >> 5] |= 1u << (c->acc[j] & 31);
        }
        for (uint32_t j = 0; j < c->nunc; j++)
            m->pending[c->unc[j] >> 6] |= 1ull << (c->unc[j] & 63);
    }
    if (all) {
        for (size_t w = 0; w < m->npending; w++)
            m->pending[w] = ~0ull;
        if (o->n % 64)
            m->pending[m->npending - 1] = (1ull << (o->n % 64)) - 1;
    }
    ank_status st = check_pending(m, words);
    if (st != ANK_OK) {
        memset(words, 0, nwords * sizeof *words);
        return st;
    }
    if (ank__earley_can_end(e)) {
        size_t n;
        const uint32_t *eos = ank__vocab_eos(v, &n);
        for (size_t i = 0; i < n; i++)
            words[eos[i] >> 5] |= 1u << (eos[i] & 31);
    }
    return ANK_OK;
}

void ank__gmatch_forced(const ank_gmatch *m, ank_buf *out)
{
    /* The parser is restored before returning; only its sets above the
     * current position are touched. */
    ank_earley *e = (ank_earley *)&m->e;
    size_t base = e->nsets;
    ank__earley_budget(e, m->gg->max_work);
    ((ank_gmatch *)m)->stop = base - 1;
    while (e->nsets - 1 < ANK_GMATCH_MAX_BYTES && !ank__earley_can_end(e)) {
        uint8_t set[32];
        ank__earley_next_bytes(e, set);
        int only = -1, count = 0;
        for (int b = 0; b < 256 && count < 2; b++)
            if (set[b >> 3] >> (b & 7) & 1) {
                only = b;
                count++;
            }
        if (count != 1 || !ank__earley_scan(e, (uint8_t)only))
            break;
        ank__buf_putc(out, (char)only);
    }
    ank__earley_pop_to(e, base);
}
