/*
 * gbnf_read.h - GBNF text (the subset braid prints, docs/grammars.md) read
 * into a byte-level context-free grammar for the matcher (gmatch.h).
 *
 * Every terminal is a set of bytes: literals become byte sequences and
 * character classes alternatives of UTF-8 byte sequences.  Groups and
 * repetitions become helper rules (x* is H ::= H x | ε, left-recursive,
 * which an Earley parser runs in constant space per step).  A helper
 * made for one atom is folded where it is used: x* for such an x is
 * x ::= x p | ... | ε over x's own productions p, and an alternative
 * that is one such helper becomes that helper's productions, so that a
 * byte read inside a repetition predicts nothing anew.
 *
 * Layout: the symbols of all productions sit in one array `sym`, each
 * production followed by ANK__GBNF_END.  A dotted item (LR(0) item) is
 * an index into `sym`: the symbol after the dot, or END once complete.
 * Rule 0 is the start rule, `0 ::= root`.
 */
#ifndef ANK_GBNF_READ_H
#define ANK_GBNF_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ananke.h"

/* sym[i] >= 0: a rule; ANK__GBNF_END: end of a production; otherwise
 * terminal number -1 - sym[i]. */
#define ANK__GBNF_END INT32_MIN
#define ANK__GBNF_NONE UINT32_MAX

typedef struct ank_gbnf {
    uint32_t nrules;
    uint32_t nprods;
    uint32_t nitems;
    uint32_t nterms;
    uint32_t *rule_prod;  /* nrules + 1: rule r owns [rule_prod[r], [r+1]) */
    uint32_t *prod_item;  /* nprods: first item of production p */
    uint32_t *item_rule;  /* nitems: the rule whose production holds it */
    int32_t *sym;         /* nitems */
    uint8_t (*term)[32];  /* nterms byte sets, bit b of term[t][b >> 3] */
    uint8_t *nullable;    /* nrules */
    uint8_t *named;       /* nrules: a rule of the text (not a helper) */
    uint32_t *use_site;   /* nrules: for a helper used in exactly one item
                             (its own left recursion aside), that item;
                             else ANK__GBNF_NONE */
    uint32_t *use_off;    /* nrules + 1: the items whose symbol is rule r */
    uint32_t *use_list;   /* are use_list[use_off[r] .. use_off[r + 1]) */
} ank_gbnf;

/* Read GBNF.  Errors: ANK_ERR_FORMAT with line and column, ANK_ERR_LIMIT
 * (more than ANK_GMATCH_MAX_RULES rules after expansion), ANK_ERR_NOMEM. */
ank_status ank__gbnf_read(const char *text, size_t length, ank_gbnf **out,
                          ank_error *error);
void ank__gbnf_free(ank_gbnf *g);

static inline bool ank__gbnf_term_has(const ank_gbnf *g, int32_t sym,
                                      uint8_t byte)
{
    return (g->term[-1 - sym][byte >> 3] >> (byte & 7)) & 1;
}

#endif
