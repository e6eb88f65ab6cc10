/*
 * completion_rules.h - the state of one completion grammar under
 * construction (completion.c): the lexer, the automaton D, the joint
 * alphabet, end specs, and the nonterminals N(l, q, e) with their
 * alternatives.  Private to completion*.c.
 */
#ifndef ANK_COMPLETION_RULES_H
#define ANK_COMPLETION_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "completion.h"
#include "completion_lexer.h"
#include "dfa.h"
#include "grammar.h"

/* A class of code points that both automata treat alike. */
typedef struct ank_cclass {
    uint32_t dclass;   /* D's class */
    uint8_t bucket;    /* a lexer bucket of it (all agree) */
} ank_cclass;

/* What lexer state l does by class, as bitsets of gwords words over the
 * classes: go[] to some state, open[] a bracket; the classes it goes by
 * are cut into parts by the state they go to (next[p], bits at
 * bits + p * gwords); part_of[c] is class c's part. */
typedef struct ank_clex {
    uint64_t *go, *open, *bits;
    uint8_t *next, *part_of;
} ank_clex;

/* Code points lo..hi, all of class `cls`: the segments of the classes in
 * code point order, adjacent ones of one class merged. */
typedef struct ank_cseg {
    uint32_t lo, hi, cls;
} ank_cseg;

/* q and e fit 16 bits: D has at most ANK_DFA_MAX_STATES states, and
 * there are at most 3 end specs per D state and spec 0. */
_Static_assert(3 * ANK_DFA_MAX_STATES + 1 <= 0xFFFF, "16-bit q and e");
/* Nonterminals fit 16 bits, with 0xFFFF for "none" (no inside). */
_Static_assert(ANK_COMPLETION_MAX_RULES < 0xFFFF, "16-bit nonterminals");

typedef struct ank_nterm {
    uint8_t l;
    bool eps, productive;
    uint16_t q, e;
} ank_nterm;

/* An alternative of the nonterminal last listed (ank__completion_alts()):
 * the classes by which it goes to `target` (plain, closer 0), or, by an
 * opener, into the bracket's inside `inner`, which ends where `closer`
 * closes it, then to `target`.  Its classes are the bitset of gwords
 * words at ebits + at * gwords (plain: `at` is its first class) or at
 * obits + at * gwords (an opener's: its group). */
typedef struct ank_calt {
    uint16_t target, inner; /* inner 0xFFFF: none */
    uint32_t at;
    /* plain: the set of classes of the D part it is cut from, and the
     * part of its lexer state's classes it is cut by (x->part_of);
     * `whole`: its classes are that D part's (the cut takes all) */
    uint16_t dset;
    uint8_t lpart;
    bool whole;
    char closer;
} ank_calt;

/* An opener group of the nonterminal being expanded. */
typedef struct ank_copen {
    uint32_t target, inner;
    uint8_t closer;
} ank_copen;

typedef struct ank_cbuild {
    ank_lexer lx;
    ank_dfa *d;
    ank_error *error;
    ank_status status;
    ank_cclass *cls;
    size_t ncls;
    uint64_t *dcbits;         /* per D class, its classes (gwords words) */
    ank_cseg *segs;
    size_t nsegs;
    uint64_t *segbits;        /* per class, its segments (swords words) */
    size_t swords;
    /* per lexer state, made when first needed */
    ank_clex *lex[MAXL];
    /* per D state q, all made before the expansion (which then no longer
     * needs D): the live states q2 its classes lead to, dq2[dfirst[q] ..
     * dfirst[q + 1]) (none for a dead q), with the set of the classes
     * that lead there, dset[part] (their bitsets made in dbits, one
     * state's at a time) */
    uint32_t *dfirst;
    uint16_t *dq2;
    uint64_t *dbits;
    uint16_t *dset;
    size_t nparts, pcap;
    /* D's states, and its moves by ) ] }: ccol[k * nq + q] (end specs) */
    uint32_t nq;
    uint16_t *ccol;
    /* the lister's scratch per class c, the first of a set of classes: in
     * order, a plain group's lexer target (NONE: c opens a bracket), its
     * D target, its classes (gwords words at ebits + c * gwords); and
     * the classes that start one (gwords words) */
    uint32_t *elex_to, *eq2;
    uint64_t *ebits, *efirst;
    uint32_t closer_class[3]; /* D's class of ) ] } */
    uint32_t *targets[3];     /* live states a closer leads live states to */
    size_t ntargets[3];
    /* end specs: where a nonterminal may end, as lexer states (a mask)
     * times D states (a bitset of `words` words); 0 is the completion's */
    uint64_t *elex, *eq;
    size_t nends, ecap, words;
    uint32_t *end_of[3];      /* [closer][t] -> e, NONE when none yet */
    ank_nterm *nts;
    size_t nnts, ntcap;
    size_t guess;             /* first room for nonterminals */
    /* the expansion's nonterminals that neither may end nor have an
     * alternative into ones that may: left[k], whose alternatives lead
     * to (target, inside) pairs[2 * j ..] for j in first[k] ..
     * first[k + 1] - 1, for the marks of productivity */
    uint16_t *left, *pairs;
    uint32_t *first;
    size_t nleft, npairs, left_cap, first_cap, pairs_cap;
    /* the alternatives of the nonterminal last listed, and room for their
     * keys (ank__completion_sorted()) */
    ank_calt *alts;
    uint64_t *keys;
    size_t nalts, altcap;
    /* the distinct sets of classes (gwords words each): the D parts' and
     * those the printers look up, found through stab (open addressing:
     * set + 1, 0 empty) */
    uint64_t *sbits;
    size_t nsets, scap, gwords;
    uint32_t *stab;
    size_t stcap;
    /* the lister's openers of one nonterminal, by (target, inner,
     * closer), with their classes (gwords words each at obits) */
    ank_copen *opens;
    uint64_t *obits;
    size_t nopens, ocap;
    uint64_t *table;          /* open addressing: key + 1, 0 empty */
    uint32_t *slot;           /* the nonterminal of each table entry */
    size_t tcap, tn;
    /* per end spec e (ecap of them), while they hold TOP_MAX pairs at
     * most in all, the direct index of its nonterminals: per (q, l),
     * N(l, q, e) (0xFFFF: none); NULL: found in the table */
    uint16_t **top;
    size_t ntop;
} ank_cbuild;

/* The classes of alternative k of the last list (b->gwords words). */
static inline const uint64_t *ank__calt_bits(const ank_cbuild *b, size_t k)
{
    const ank_calt *a = &b->alts[k];
    return (a->closer ? b->obits : b->ebits) + (size_t)a->at * b->gwords;
}

/* Set `code` with "completion grammar: msg" in b unless b already failed;
 * false. */
bool ank__completion_fail(ank_cbuild *b, ank_status code, const char *msg);

/* With b's lexer, D and classes made (completion.c): make the
 * nonterminals reachable from N(0, 0, 0) (nts[0]) and mark which derive
 * some text.  Their alternatives are not kept: ank__completion_alts()
 * lists them again from the lexer and D's parts, which stay (D itself,
 * and b->dcbits, are freed once cut into parts, before the expansion);
 * what only the expansion needed is freed.  False with b->status set on
 * failure: ANK_ERR_LIMIT past ANK_COMPLETION_MAX_RULES, ANK_ERR_FORMAT
 * when N(0, 0, 0) derives nothing, ANK_ERR_NOMEM. */
bool ank__completion_rules(ank_cbuild *b);

/* List the alternatives of nonterminal i (after ank__completion_rules())
 * into b->alts (b->nalts of them, in no particular order): all of them,
 * or (`usable`) those whose target and inside derive some text.  The same
 * nonterminal always gets the same list.  Their bitsets live in b's
 * scratch until the next list. */
void ank__completion_alts(ank_cbuild *b, uint32_t i, bool usable);

/* The usable alternatives of nonterminal i in print order, as keys: the
 * inside (0xFFFF: none) in bits 48-63, the target in bits 32-47, the
 * closer's rank () ] } 1-3, none 0) in bits 30-31, and the alternative's
 * index in b->alts in the low bits (ank__completion_alts() is called),
 * in b->keys.  Returns how many.  No two alternatives of a nonterminal
 * share a target, inside and closer, so the index never decides the
 * order. */
size_t ank__completion_sorted(ank_cbuild *b, uint32_t i);
/* The low bits of those keys: the alternative's index in b->alts. */
#define ANK_CKEY_INDEX (((uint64_t)1 << 30) - 1)

#endif
