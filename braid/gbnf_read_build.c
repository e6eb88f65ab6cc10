/*
 * gbnf_read_build.c - the grammar a GBNF read builds up: rules numbered in
 * the order they are first met (names found through a hash table),
 * productions committed from a scratch stack of symbols, and terminals
 * as byte sets, deduplicated through a second hash table.
 *
 * Code point ranges become productions of exact UTF-8 byte sequences,
 * split until every byte position is an independent byte range.
 * Invariants: the first failure sticks in b->status and later ones are
 * ignored; both hash tables stay at most half full.
 */
#include "gbnf_read_build.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "../ffi/text.h"
#include "gmatch.h"

bool ank__gbnf_grow(ank_gbnf_builder *b, void **p, size_t *cap, size_t need,
                    size_t el)
{
    if (ank__array_reserve(p, cap, 0, need, el))
        return true;
    if (b->status == ANK_OK)
        b->status = ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
    return false;
}

void ank__gbnf_fail_at(ank_gbnf_builder *b, const char *at, const char *what)
{
    if (b->status != ANK_OK)
        return;
    uint32_t line = 1, col = 1;
    for (const char *p = b->text; p < at && p < b->end; p++) {
        if (*p == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    b->status = ank__error_set(b->error, ANK_ERR_FORMAT, line, col,
                               (int64_t)(at - b->text), "GBNF: %s", what);
}

int32_t ank__gbnf_new_rule(ank_gbnf_builder *b, const char *name, size_t len)
{
    if (b->nrules >= ANK_GMATCH_MAX_RULES) {
        if (b->status == ANK_OK)
            b->status = ank__fail(b->error, ANK_ERR_LIMIT,
                                  "GBNF: more than %d rules after expanding "
                                  "groups and repetitions",
                                  ANK_GMATCH_MAX_RULES);
        return -1;
    }
    if (!ank__gbnf_grow(b, (void **)&b->rules, &b->rcap, b->nrules + 1,
                        sizeof *b->rules))
        return -1;
    b->rules[b->nrules] = (ank_gbnf_rule){name, len, NULL, name == NULL};
    return (int32_t)b->nrules++;
}

static uint32_t hash_name(const char *name, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)name[i]) * 16777619u;
    return h;
}

int32_t ank__gbnf_rule_by_name(ank_gbnf_builder *b, const char *name, size_t len)
{
    if (b->nnamed * 2 >= b->nhcap) {
        size_t n = b->nhcap ? b->nhcap * 2 : 256;
        uint32_t *t = ank__calloc(n, sizeof *t);
        if (!t) {
            if (b->status == ANK_OK)
                b->status = ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
            return -1;
        }
        for (size_t i = 0; i < b->nrules; i++) {
            if (!b->rules[i].name)
                continue;
            size_t h = hash_name(b->rules[i].name, b->rules[i].name_len) & (n - 1);
            while (t[h])
                h = (h + 1) & (n - 1);
            t[h] = (uint32_t)i + 1;
        }
        ank__free(b->nhash);
        b->nhash = t;
        b->nhcap = n;
    }
    size_t h = hash_name(name, len) & (b->nhcap - 1);
    while (b->nhash[h]) {
        const ank_gbnf_rule *r = &b->rules[b->nhash[h] - 1];
        if (r->name_len == len && memcmp(r->name, name, len) == 0)
            return (int32_t)b->nhash[h] - 1;
        h = (h + 1) & (b->nhcap - 1);
    }
    int32_t r = ank__gbnf_new_rule(b, name, len);
    if (r >= 0) {
        b->nhash[h] = (uint32_t)r + 1;
        b->nnamed++;
    }
    return r;
}

void ank__gbnf_push(ank_gbnf_builder *b, int32_t sym)
{
    if (ank__gbnf_grow(b, (void **)&b->scratch, &b->sccap, b->nscratch + 1,
                       sizeof(int32_t)))
        b->scratch[b->nscratch++] = sym;
}

/* Commit scratch[from..] as a production of `rule` and pop it. */
void ank__gbnf_commit(ank_gbnf_builder *b, int32_t rule, size_t from)
{
    size_t len = b->nscratch - from;
    if (!ank__gbnf_grow(b, (void **)&b->prods, &b->pcap, b->nprods + 1,
                        sizeof *b->prods) ||
        !ank__gbnf_grow(b, (void **)&b->syms, &b->scap, b->nsyms + len,
                        sizeof(int32_t)))
        return;
    if (len)
        memcpy(b->syms + b->nsyms, b->scratch + from, len * sizeof(int32_t));
    b->prods[b->nprods++] = (ank_gbnf_prod){(uint32_t)rule, (uint32_t)b->nsyms, (uint32_t)len};
    b->nsyms += len;
    b->nscratch = from;
}

static uint32_t hash32(const uint8_t *set)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < 32; i++)
        h = (h ^ set[i]) * 16777619u;
    return h;
}

/* The terminal symbol of a byte set (deduplicated). */
int32_t ank__gbnf_term(ank_gbnf_builder *b, const uint8_t *set)
{
    if (b->nterms * 2 >= b->thcap) {
        size_t n = b->thcap ? b->thcap * 2 : 256;
        uint32_t *t = ank__calloc(n, sizeof *t);
        if (!t) {
            if (b->status == ANK_OK)
                b->status = ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
            return -1;
        }
        for (size_t i = 0; i < b->nterms; i++) {
            size_t h = hash32(b->terms[i]) & (n - 1);
            while (t[h])
                h = (h + 1) & (n - 1);
            t[h] = (uint32_t)i + 1;
        }
        ank__free(b->thash);
        b->thash = t;
        b->thcap = n;
    }
    size_t h = hash32(set) & (b->thcap - 1);
    while (b->thash[h]) {
        if (memcmp(b->terms[b->thash[h] - 1], set, 32) == 0)
            return -(int32_t)b->thash[h];
        h = (h + 1) & (b->thcap - 1);
    }
    if (!ank__gbnf_grow(b, (void **)&b->terms, &b->tcap, b->nterms + 1, 32))
        return -1;
    memcpy(b->terms[b->nterms], set, 32);
    b->thash[h] = (uint32_t)++b->nterms;
    return -(int32_t)b->nterms;
}

int32_t ank__gbnf_byte_range(ank_gbnf_builder *b, unsigned lo, unsigned hi)
{
    uint8_t set[32] = {0};
    for (unsigned c = lo; c <= hi; c++)
        set[c >> 3] |= (uint8_t)(1u << (c & 7));
    return ank__gbnf_term(b, set);
}

/* Productions of `rule` for the UTF-8 encodings of [lo, hi] (non-ASCII,
 * one encoding length, no surrogates): split until every byte position
 * is an independent range. */
static void utf8_range(ank_gbnf_builder *b, int32_t rule, uint32_t lo, uint32_t hi)
{
    static const uint32_t bounds[] = {0x7F, 0x7FF, 0xFFFF, 0x10FFFF};
    for (int k = 0; k < 4; k++) {
        uint32_t top = bounds[k];
        if (lo <= top && hi > top) {
            utf8_range(b, rule, lo, top);
            utf8_range(b, rule, top + 1, hi);
            return;
        }
    }
    uint8_t l[4], h[4];
    size_t n = ank__utf8_put((char *)l, lo);
    ank__utf8_put((char *)h, hi);
    for (size_t i = 1; i < n; i++) {
        uint32_t m = (1u << (6 * i)) - 1;
        if ((lo & ~m) != (hi & ~m)) {
            if (lo & m) {
                utf8_range(b, rule, lo, lo | m);
                utf8_range(b, rule, (lo | m) + 1, hi);
                return;
            }
            if ((hi & m) != m) {
                utf8_range(b, rule, lo, (hi & ~m) - 1);
                utf8_range(b, rule, hi & ~m, hi);
                return;
            }
        }
    }
    size_t from = b->nscratch;
    for (size_t i = 0; i < n; i++)
        ank__gbnf_push(b, ank__gbnf_byte_range(b, l[i], h[i]));
    ank__gbnf_commit(b, rule, from);
}

void ank__gbnf_codepoint_range(ank_gbnf_builder *b, int32_t rule, uint32_t lo,
                               uint32_t hi)
{
    if (lo < 0x80)
        lo = 0x80;
    if (hi > 0x10FFFF)
        hi = 0x10FFFF;
    uint32_t r[4];
    for (size_t i = 0, n = lo <= hi ? ank__scalar_ranges(lo, hi, r) : 0;
         i < n; i++)
        utf8_range(b, rule, r[2 * i], r[2 * i + 1]);
}
