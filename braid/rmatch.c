/*
 * rmatch.c - regex token masks: the code-point DFA of a regex (dfa.h)
 * expanded into a byte-level DFA, then one token bitset per byte state,
 * computed by walking the vocabulary's token order (vocab.h).
 *
 * Invariants: byte state 0 is dead (every byte leads back to it, its mask
 * is empty); every other state is live (an accepting state is reachable).
 * States 1..ncp are the live code-point states; the rest are the
 * intermediate states inside UTF-8 sequences, one per distinct row of
 * continuation targets (hash-consed), so two sequence prefixes that allow
 * the same continuations share a state.  Only valid UTF-8 (no overlong
 * forms, no surrogates, nothing past U+10FFFF) leads anywhere but state 0.
 * Masks are stored once per distinct bitset.
 */
#include "rmatch.h"

#include <string.h>

#include <xxhash.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "dfa.h"

#define NONE UINT32_MAX
#define CONT 64 /* continuation bytes 0x80..0xBF */

struct ank_rgram {
    uint32_t nstates, start;
    uint32_t *next;    /* nstates * 256 */
    uint8_t *accept;   /* nstates */
    int16_t *forced;   /* nstates */
    uint32_t *mask_of; /* nstates: index into masks */
    uint32_t *masks;   /* nmasks * words */
    size_t nmasks, words;
};

typedef struct builder {
    const ank_dfa *d;
    ank_rgram *g;
    ank_error *error;
    ank_status status;
    uint32_t *bs;        /* code-point state -> byte state (0: dead) */
    uint32_t *ilo, *ihi; /* the alphabet's intervals, sorted */
    size_t nint;
    uint32_t *chain[4]; /* [r][t]: all r continuations lead to t */
    uint32_t ncp;       /* live code-point states */
    size_t cap;         /* rows allocated in g->next */
    uint32_t *table;    /* hash of intermediate rows -> state */
    size_t tcap;
} builder;

static bool fail(builder *b, ank_status code, const char *msg)
{
    if (b->status == ANK_OK)
        b->status = ank__fail(b->error, code, "%s", msg);
    return false;
}

/* ------------------------------------------------------- byte states */

static uint32_t new_state(builder *b)
{
    ank_rgram *g = b->g;
    if (g->nstates >= ANK_RMATCH_MAX_STATES) {
        if (b->status == ANK_OK)
            b->status = ank__fail(b->error, ANK_ERR_LIMIT,
                                  "the regex needs more than %u byte-level "
                                  "automaton states",
                                  ANK_RMATCH_MAX_STATES);
        return NONE;
    }
    if (g->nstates == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        uint32_t *next = ank__realloc(g->next, cap * 256 * sizeof(uint32_t));
        uint8_t *acc = next ? ank__realloc(g->accept, cap) : NULL;
        if (next)
            g->next = next;
        if (acc)
            g->accept = acc;
        if (!next || !acc) {
            fail(b, ANK_ERR_NOMEM, "out of memory");
            return NONE;
        }
        b->cap = cap;
    }
    uint32_t s = g->nstates++;
    memset(g->next + (size_t)s * 256, 0, 256 * sizeof(uint32_t));
    g->accept[s] = 0;
    return s;
}

static uint64_t hash_row(const uint32_t *row)
{
    return XXH3_64bits(row, CONT * sizeof(uint32_t));
}

/* The intermediate state whose continuation bytes lead to row[0..63]:
 * an existing one with the same row, or a new one; 0 when all are 0. */
static uint32_t intern_row(builder *b, const uint32_t *row)
{
    bool any = false;
    for (int i = 0; i < CONT && !any; i++)
        any = row[i] != 0;
    if (!any)
        return 0;
    ank_rgram *g = b->g;
    if (2 * (size_t)g->nstates >= b->tcap) {
        size_t tcap = b->tcap ? 2 * b->tcap : 1024;
        uint32_t *t = ank__malloc(tcap * sizeof(uint32_t));
        if (!t) {
            fail(b, ANK_ERR_NOMEM, "out of memory");
            return NONE;
        }
        memset(t, 0xFF, tcap * sizeof(uint32_t));
        for (size_t i = 0; i < b->tcap; i++) {
            uint32_t s = b->table[i];
            if (s == NONE)
                continue;
            size_t h = (size_t)hash_row(g->next + (size_t)s * 256 + 0x80);
            while (t[h & (tcap - 1)] != NONE)
                h++;
            t[h & (tcap - 1)] = s;
        }
        ank__free(b->table);
        b->table = t;
        b->tcap = tcap;
    }
    size_t h = (size_t)hash_row(row);
    for (;; h++) {
        uint32_t s = b->table[h & (b->tcap - 1)];
        if (s == NONE)
            break;
        if (memcmp(g->next + (size_t)s * 256 + 0x80, row,
                   CONT * sizeof(uint32_t)) == 0)
            return s;
    }
    uint32_t s = new_state(b);
    if (s == NONE)
        return NONE;
    memcpy(g->next + (size_t)s * 256 + 0x80, row, CONT * sizeof(uint32_t));
    b->table[h & (b->tcap - 1)] = s;
    return s;
}

/* The state after which `r` continuation bytes, whatever they are, lead
 * to byte state t. */
static uint32_t chain(builder *b, uint32_t t, int r)
{
    if (r == 0 || t == 0)
        return t;
    uint32_t *memo = &b->chain[r][t];
    if (*memo != NONE)
        return *memo;
    uint32_t below = chain(b, t, r - 1), row[CONT];
    if (below == NONE)
        return NONE;
    for (int i = 0; i < CONT; i++)
        row[i] = below;
    return *memo = intern_row(b, row);
}

/* Is every code point of [lo, hi] valid in an n-byte sequence? */
static bool valid_block(uint32_t lo, uint32_t hi, int n)
{
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    return lo >= min[n] && hi <= 0x10FFFF && (hi < 0xD800 || lo > 0xDFFF);
}

static bool any_valid(uint32_t lo, uint32_t hi, int n)
{
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (hi < min[n] || lo > 0x10FFFF)
        return false;
    return !(lo >= 0xD800 && hi <= 0xDFFF);
}

/* The alphabet interval holding cp. */
static size_t interval(const builder *b, uint32_t cp)
{
    size_t lo = 0, hi = b->nint;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->ilo[mid] <= cp)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static uint32_t target(const builder *b, uint32_t s, uint32_t cp)
{
    return b->bs[ank__dfa_next(b->d, s, ank__dfa_class_of(b->d, cp))];
}

/* The state after a lead byte (or continuation) from code-point state s,
 * when the code points [base, base + 64^r) are left and the sequence has
 * n bytes in all. */
static uint32_t node(builder *b, uint32_t s, uint32_t base, int r, int n)
{
    uint32_t size = (uint32_t)1 << (6 * r), hi = base + size - 1;
    if (!any_valid(base, hi, n))
        return 0;
    if (valid_block(base, hi, n) && b->ihi[interval(b, base)] >= hi)
        return chain(b, target(b, s, base), r);
    uint32_t row[CONT], sub = size >> 6;
    for (uint32_t c = 0; c < CONT; c++) {
        uint32_t lo = base + c * sub;
        if (r == 1)
            row[c] = valid_block(lo, lo, n) ? target(b, s, lo) : 0;
        else
            row[c] = node(b, s, lo, r - 1, n);
        if (row[c] == NONE)
            return NONE;
    }
    return intern_row(b, row);
}

/* The byte rows of the live code-point states. */
static bool expand(builder *b)
{
    const ank_dfa *d = b->d;
    uint32_t n = ank__dfa_nstates(d);
    for (uint32_t s = 0; s < n; s++) {
        if (!b->bs[s])
            continue;
        uint32_t row[256];
        for (uint32_t c = 0; c < 0x80; c++)
            row[c] = target(b, s, c);
        for (uint32_t c = 0x80; c < 0x100; c++) {
            uint32_t t = 0;
            if (c >= 0xC2 && c <= 0xDF)
                t = node(b, s, (c & 0x1F) << 6, 1, 2);
            else if (c >= 0xE0 && c <= 0xEF)
                t = node(b, s, (c & 0x0F) << 12, 2, 3);
            else if (c >= 0xF0 && c <= 0xF4)
                t = node(b, s, (c & 0x07) << 18, 3, 4);
            if (t == NONE)
                return false;
            row[c] = t;
        }
        /* new_state may have moved the table */
        memcpy(b->g->next + (size_t)b->bs[s] * 256, row, sizeof row);
    }
    return b->status == ANK_OK;
}

/* The alphabet's intervals (the classes' ranges, sorted) and the byte
 * state of every live code-point state. */
static bool setup(builder *b)
{
    const ank_dfa *d = b->d;
    uint32_t n = ank__dfa_nstates(d), k = ank__dfa_nclasses(d);
    size_t total = 0;
    for (uint32_t c = 0; c < k; c++) {
        size_t nr;
        ank__dfa_class_ranges(d, c, &nr);
        total += nr;
    }
    b->ilo = ank__malloc((total + 1) * sizeof(uint32_t));
    b->ihi = ank__malloc((total + 1) * sizeof(uint32_t));
    b->bs = ank__calloc(n + 1, sizeof(uint32_t));
    for (int r = 0; r < 4; r++)
        b->chain[r] = ank__malloc(((size_t)n + 2) * sizeof(uint32_t));
    if (!b->ilo || !b->ihi || !b->bs || !b->chain[0] || !b->chain[1] ||
        !b->chain[2] || !b->chain[3])
        return fail(b, ANK_ERR_NOMEM, "out of memory");
    for (int r = 0; r < 4; r++)
        memset(b->chain[r], 0xFF, ((size_t)n + 2) * sizeof(uint32_t));
    /* ranges sorted by start: insertion into place (classes are few) */
    for (uint32_t c = 0; c < k; c++) {
        size_t nr;
        const uint32_t *r = ank__dfa_class_ranges(d, c, &nr);
        for (size_t i = 0; i < nr; i++) {
            size_t j = b->nint++;
            while (j > 0 && b->ilo[j - 1] > r[2 * i]) {
                b->ilo[j] = b->ilo[j - 1];
                b->ihi[j] = b->ihi[j - 1];
                j--;
            }
            b->ilo[j] = r[2 * i];
            b->ihi[j] = r[2 * i + 1];
        }
    }
    if (new_state(b) == NONE) /* the dead state */
        return false;
    for (uint32_t s = 0; s < n; s++)
        if (ank__dfa_live(d, s)) {
            if ((b->bs[s] = new_state(b)) == NONE)
                return false;
            b->g->accept[b->bs[s]] = ank__dfa_accepting(d, s);
            b->ncp++;
        }
    return true;
}

/* ------------------------------------------------------------ masks */

typedef struct masks {
    uint32_t *table; /* hash -> mask index */
    size_t tcap, cap;
} masks;

/* Store `m` once; its index, or NONE. */
static uint32_t intern_mask(builder *b, masks *ms, const uint32_t *m)
{
    ank_rgram *g = b->g;
    size_t bytes = g->words * sizeof(uint32_t);
    if (2 * g->nmasks >= ms->tcap) {
        size_t tcap = ms->tcap ? 2 * ms->tcap : 64;
        uint32_t *t = ank__malloc(tcap * sizeof(uint32_t));
        if (!t) {
            fail(b, ANK_ERR_NOMEM, "out of memory");
            return NONE;
        }
        memset(t, 0xFF, tcap * sizeof(uint32_t));
        for (size_t i = 0; i < g->nmasks; i++) {
            size_t h = (size_t)XXH3_64bits(g->masks + i * g->words, bytes);
            while (t[h & (tcap - 1)] != NONE)
                h++;
            t[h & (tcap - 1)] = (uint32_t)i;
        }
        ank__free(ms->table);
        ms->table = t;
        ms->tcap = tcap;
    }
    size_t h = (size_t)XXH3_64bits(m, bytes);
    for (;; h++) {
        uint32_t i = ms->table[h & (ms->tcap - 1)];
        if (i == NONE)
            break;
        if (memcmp(g->masks + i * g->words, m, bytes) == 0)
            return i;
    }
    if ((g->nmasks + 1) * bytes > ANK_RMATCH_MAX_MASK_BYTES) {
        if (b->status == ANK_OK)
            b->status = ank__fail(
                b->error, ANK_ERR_LIMIT,
                "the regex's token masks need more than %zu MiB "
                "(%zu distinct masks of %zu bytes)",
                ANK_RMATCH_MAX_MASK_BYTES >> 20, g->nmasks + 1, bytes);
        return NONE;
    }
    if (g->nmasks == ms->cap) {
        size_t cap = ms->cap ? 2 * ms->cap : 16;
        uint32_t *p = ank__realloc(g->masks, cap * bytes);
        if (!p) {
            fail(b, ANK_ERR_NOMEM, "out of memory");
            return NONE;
        }
        g->masks = p;
        ms->cap = cap;
    }
    memcpy(g->masks + g->nmasks * g->words, m, bytes);
    ms->table[h & (ms->tcap - 1)] = (uint32_t)g->nmasks;
    return (uint32_t)g->nmasks++;
}

/*
 * The tokens allowed in state q, into m (cleared first).  st[k] is the
 * state after the first k bytes of the current token; `valid` how many of
 * them hold for it.  A byte that kills the walk at depth j rules out every
 * following token that shares the first j + 1 bytes (lcp > j).
 */
static void walk(const ank_rgram *g, const ank_vocab *v, uint32_t q,
                 uint32_t *m, uint32_t *st)
{
    const ank_token_order *o = ank__vocab_order(v);
    memset(m, 0, g->words * sizeof(uint32_t));
    st[0] = q;
    uint32_t valid = 0;
    for (uint32_t i = 0; i < o->n;) {
        uint32_t id = o->ids[i];
        size_t len;
        const uint8_t *p = ank__vocab_bytes(v, id, &len);
        uint32_t k = o->lcp[i] < valid ? o->lcp[i] : valid;
        uint32_t s = st[k];
        for (; k < len; k++) {
            s = g->next[(size_t)s * 256 + p[k]];
            if (s == 0)
                break;
            st[k + 1] = s;
        }
        if (k == len) {
            m[id >> 5] |= 1u << (id & 31);
            valid = (uint32_t)len;
            i++;
            continue;
        }
        valid = k; /* st[0..k] hold; byte k kills */
        i = ank__vocab_run_end(o, i + 1, k);
    }
}

static bool compute_masks(builder *b, const ank_vocab *v)
{
    ank_rgram *g = b->g;
    g->words = ((size_t)ank__vocab_size(v) + 31) / 32;
    if (g->words == 0)
        g->words = 1;
    size_t neos;
    const uint32_t *eos = ank__vocab_eos(v, &neos);
    uint32_t *m = ank__malloc(g->words * sizeof(uint32_t));
    uint32_t *st = ank__malloc((ank__vocab_max_len(v) + 1) * sizeof(uint32_t));
    g->mask_of = ank__malloc((size_t)g->nstates * sizeof(uint32_t));
    masks ms = {NULL, 0, 0};
    bool ok = m && st && g->mask_of;
    if (!ok)
        fail(b, ANK_ERR_NOMEM, "out of memory");
    for (uint32_t q = 0; ok && q < g->nstates; q++) {
        if (q == 0)
            memset(m, 0, g->words * sizeof(uint32_t));
        else
            walk(g, v, q, m, st);
        if (g->accept[q])
            for (size_t i = 0; i < neos; i++)
                m[eos[i] >> 5] |= 1u << (eos[i] & 31);
        g->mask_of[q] = intern_mask(b, &ms, m);
        ok = g->mask_of[q] != NONE;
    }
    ank__free(m);
    ank__free(st);
    ank__free(ms.table);
    return ok;
}

static bool compute_forced(builder *b)
{
    ank_rgram *g = b->g;
    g->forced = ank__malloc((size_t)g->nstates * sizeof(int16_t));
    if (!g->forced)
        return fail(b, ANK_ERR_NOMEM, "out of memory");
    for (uint32_t q = 0; q < g->nstates; q++) {
        int only = -1, count = 0;
        const uint32_t *row = g->next + (size_t)q * 256;
        for (int c = 0; c < 256 && count < 2; c++)
            if (row[c]) {
                only = c;
                count++;
            }
        g->forced[q] = (int16_t)(count == 1 && !g->accept[q] ? only : -1);
    }
    return true;
}

/* -------------------------------------------------------------- API */

ank_status ank__rgram_compile(const char *pattern, size_t length,
                              ank_rmatch_mode mode, const ank_vocab *vocab,
                              ank_rgram **out, ank_error *error)
{
    *out = NULL;
    if (memchr(pattern, '\0', length))
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "the regex contains a NUL byte");
    char *re = ank__strndup(pattern, length);
    if (!re)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    const char *list[1] = {re};
    ank_dfa *d = NULL;
    ank_status s = ank__dfa_build(list, 1, mode == ANK_RMATCH_FULL, &d, error);
    ank__free(re);
    if (s != ANK_OK)
        return s;
    if (mode == ANK_RMATCH_FORBID)
        ank__dfa_complement(d);
    builder b = {.d = d, .error = error};
    b.g = ank__calloc(1, sizeof *b.g);
    if (!b.g)
        fail(&b, ANK_ERR_NOMEM, "out of memory");
    else if (setup(&b) && expand(&b) && compute_masks(&b, vocab) &&
             compute_forced(&b))
        b.g->start = b.bs[0];
    ank__free(b.bs);
    ank__free(b.ilo);
    ank__free(b.ihi);
    ank__free(b.table);
    for (int r = 0; r < 4; r++)
        ank__free(b.chain[r]);
    ank__dfa_free(d);
    if (b.status != ANK_OK) {
        ank__rgram_free(b.g);
        return b.status;
    }
    *out = b.g;
    return ANK_OK;
}

void ank__rgram_free(ank_rgram *g)
{
    if (!g)
        return;
    ank__free(g->next);
    ank__free(g->accept);
    ank__free(g->forced);
    ank__free(g->mask_of);
    ank__free(g->masks);
    ank__free(g);
}

uint32_t ank__rgram_start(const ank_rgram *g) { return g->start; }

uint32_t ank__rgram_step(const ank_rgram *g, uint32_t state, uint8_t byte)
{
    return g->next[(size_t)state * 256 + byte];
}

uint32_t ank__rgram_feed(const ank_rgram *g, uint32_t state,
                         const uint8_t *bytes, size_t n)
{
    for (size_t i = 0; i < n && state; i++)
        state = g->next[(size_t)state * 256 + bytes[i]];
    return state;
}

bool ank__rgram_accepting(const ank_rgram *g, uint32_t state)
{
    return g->accept[state] != 0;
}

const uint32_t *ank__rgram_mask(const ank_rgram *g, uint32_t state)
{
    return g->masks + (size_t)g->mask_of[state] * g->words;
}

int ank__rgram_forced(const ank_rgram *g, uint32_t state)
{
    return g->forced[state];
}

uint32_t ank__rgram_nstates(const ank_rgram *g) { return g->nstates; }

size_t ank__rgram_memory(const ank_rgram *g)
{
    return sizeof *g + (size_t)g->nstates * (256 * 4 + 1 + 2 + 4) +
           g->nmasks * g->words * 4;
}
