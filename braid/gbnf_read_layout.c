/*
 * gbnf_read_layout.c - the end of a GBNF read: drop the productions that
 * can never derive text, then lay the grammar out as gbnf_read.h says
 * (productions grouped by rule in reading order, one END-terminated run
 * of items each), with the tables the matcher needs: nullable rules,
 * named rules, each helper's single use site and every rule's uses.
 *
 * Invariants: rule 0 is the start rule and must stay productive; the
 * builder is only read (apart from its production list, compacted).
 */
#include "gbnf_read_build.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"

/* Mark rules that derive some text; keep productions made of those. */
static void drop_unproductive(ank_gbnf_builder *b, uint8_t *productive)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t p = 0; p < b->nprods; p++) {
            ank_gbnf_prod *pr = &b->prods[p];
            if (productive[pr->rule])
                continue;
            bool ok = true;
            for (uint32_t i = 0; i < pr->len && ok; i++) {
                int32_t s = b->syms[pr->off + i];
                ok = s < 0 || productive[s];
            }
            if (ok) {
                productive[pr->rule] = 1;
                changed = true;
            }
        }
    }
    size_t k = 0;
    for (size_t p = 0; p < b->nprods; p++) {
        ank_gbnf_prod *pr = &b->prods[p];
        bool ok = productive[pr->rule];
        for (uint32_t i = 0; i < pr->len && ok; i++) {
            int32_t s = b->syms[pr->off + i];
            ok = s < 0 || productive[s];
        }
        if (ok)
            b->prods[k++] = *pr;
    }
    b->nprods = k;
}

ank_status ank__gbnf_finish(ank_gbnf_builder *b, ank_gbnf **out)
{
    ank_gbnf *g = ank__calloc(1, sizeof *g);
    uint8_t *productive = ank__calloc(b->nrules ? b->nrules : 1, 1);
    if (!g || !productive) {
        ank__free(g);
        ank__free(productive);
        return ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
    }
    drop_unproductive(b, productive);
    if (!productive[0]) {
        ank__free(g);
        ank__free(productive);
        return ank__fail(b->error, ANK_ERR_FORMAT,
                         "GBNF: the root rule matches no text");
    }
    ank__free(productive);
    size_t nr = b->nrules, np = b->nprods;
    size_t ni = b->nsyms + np;
    g->nrules = (uint32_t)nr;
    g->nprods = (uint32_t)np;
    g->nitems = (uint32_t)ni;
    g->nterms = (uint32_t)b->nterms;
    g->rule_prod = ank__calloc(nr + 1, sizeof(uint32_t));
    g->prod_item = ank__calloc(np + 1, sizeof(uint32_t));
    g->item_rule = ank__calloc(ni + 1, sizeof(uint32_t));
    g->sym = ank__calloc(ni + 1, sizeof(int32_t));
    g->term = ank__calloc(b->nterms + 1, 32);
    g->nullable = ank__calloc(nr, 1);
    g->named = ank__calloc(nr, 1);
    g->use_site = ank__calloc(nr, sizeof(uint32_t));
    uint32_t *uses = ank__calloc(nr, sizeof(uint32_t));
    if (!g->rule_prod || !g->prod_item || !g->item_rule || !g->sym ||
        !g->term || !g->nullable || !g->named || !g->use_site || !uses) {
        ank__free(uses);
        ank__gbnf_free(g);
        return ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
    }
    if (b->nterms)
        memcpy(g->term, b->terms, b->nterms * 32);
    /* Productions grouped by rule, in reading order within a rule. */
    for (size_t p = 0; p < np; p++)
        g->rule_prod[b->prods[p].rule + 1]++;
    for (size_t r = 0; r < nr; r++)
        g->rule_prod[r + 1] += g->rule_prod[r];
    uint32_t *fill = uses; /* reused as a cursor, reset below */
    for (size_t r = 0; r < nr; r++)
        fill[r] = g->rule_prod[r];
    uint32_t *order = ank__malloc((np + 1) * sizeof(uint32_t));
    if (!order) {
        ank__free(uses);
        ank__gbnf_free(g);
        return ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
    }
    for (size_t p = 0; p < np; p++)
        order[fill[b->prods[p].rule]++] = (uint32_t)p;
    uint32_t item = 0;
    for (size_t q = 0; q < np; q++) {
        const ank_gbnf_prod *pr = &b->prods[order[q]];
        g->prod_item[q] = item;
        for (uint32_t i = 0; i < pr->len; i++) {
            g->item_rule[item] = pr->rule;
            g->sym[item++] = b->syms[pr->off + i];
        }
        g->item_rule[item] = pr->rule;
        g->sym[item++] = ANK__GBNF_END;
    }
    ank__free(order);
    g->nitems = item;
    for (size_t r = 0; r < nr; r++) {
        g->named[r] = b->rules[r].name != NULL || r == 0;
        g->use_site[r] = ANK__GBNF_NONE;
        uses[r] = 0;
    }
    for (uint32_t i = 0; i < item; i++) {
        int32_t s = g->sym[i];
        if (s < 0)
            continue;
        bool self_first = (uint32_t)s == g->item_rule[i] &&
                          (i == 0 || g->sym[i - 1] == ANK__GBNF_END);
        if (self_first)
            continue;
        if (uses[s]++ == 0)
            g->use_site[s] = i;
        else
            g->use_site[s] = ANK__GBNF_NONE;
    }
    ank__free(uses);
    g->use_off = ank__calloc(nr + 1, sizeof(uint32_t));
    g->use_list = ank__calloc((size_t)item + 1, sizeof(uint32_t));
    if (!g->use_off || !g->use_list) {
        ank__gbnf_free(g);
        return ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
    }
    for (uint32_t i = 0; i < item; i++)
        if (g->sym[i] >= 0)
            g->use_off[g->sym[i] + 1]++;
    for (size_t r = 0; r < nr; r++)
        g->use_off[r + 1] += g->use_off[r];
    for (uint32_t i = 0; i < item; i++)
        if (g->sym[i] >= 0)
            g->use_list[g->use_off[g->sym[i]]++] = i;
    for (size_t r = nr; r > 0; r--)
        g->use_off[r] = g->use_off[r - 1];
    g->use_off[0] = 0;
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t q = 0; q < np; q++) {
            uint32_t i = g->prod_item[q];
            uint32_t r = g->item_rule[i];
            if (g->nullable[r])
                continue;
            while (g->sym[i] >= 0 && g->nullable[g->sym[i]])
                i++;
            if (g->sym[i] == ANK__GBNF_END) {
                g->nullable[r] = 1;
                changed = true;
            }
        }
    }
    *out = g;
    return ANK_OK;
}
void ank__gbnf_free(ank_gbnf *g)
{
    if (!g)
        return;
    ank__free(g->rule_prod);
    ank__free(g->prod_item);
    ank__free(g->item_rule);
    ank__free(g->sym);
    ank__free(g->term);
    ank__free(g->nullable);
    ank__free(g->named);
    ank__free(g->use_site);
    ank__free(g->use_off);
    ank__free(g->use_list);
    ank__free(g);
}
