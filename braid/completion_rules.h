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

typedef struct ank_nterm {
    uint8_t l;
    bool eps, productive;
    uint8_t chunk;           /* its alternatives: ank__calt_at() */
    uint16_t q, e;
    uint32_t first, ngroups;
} ank_nterm;

/* A distinct alternative: the classes by which some nonterminals go to
 * the same place: to a target (plain: no inside, no closer), or, by an
 * opener, into the bracket's inside, which ends where the closer closes
 * it, then to the target.  Nonterminals list alternatives by index, so
 * equal ones are made once (found through a hash table) and printed as
 * one shared node.  `key` packs it, in print order: the inside (0xFFFF:
 * none) in bits 48-63, the target in bits 32-47, the closer in bits 30-31
 * (1-3: ) ] }, 0: none), and in the low ANK_CALT_POS bits its set of
 * classes: the bitset of gwords words at sbits + set * gwords, each
 * distinct set stored once (most alternatives share a few).  Two
 * alternatives of one nonterminal never differ in their sets alone, so
 * the low bits may hold an alternative's position in its nonterminal's
 * list instead while the list is sorted. */
#define ANK_CALT_POS 30
#define ANK_CALT_LOW (((uint64_t)1 << ANK_CALT_POS) - 1)

typedef struct ank_calt {
    uint64_t key;
} ank_calt;

static inline uint32_t ank__calt_target(const ank_calt *a)
{
    return (uint32_t)(a->key >> 32) & 0xFFFF;
}

/* The inside, or UINT32_MAX for none. */
static inline uint32_t ank__calt_inner(const ank_calt *a)
{
    uint32_t in = (uint32_t)(a->key >> 48);
    return in == 0xFFFF ? UINT32_MAX : in;
}

/* The closer, or 0 for none. */
static inline char ank__calt_closer(const ank_calt *a)
{
    return "\0)]}"[(a->key >> ANK_CALT_POS) & 3];
}

/* The index of an alternative's set of classes. */
static inline uint32_t ank__calt_set(const ank_calt *a)
{
    return (uint32_t)(a->key & ANK_CALT_LOW);
}

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
     * dfirst[q + 1]) (none for a dead q), with the bitset of the classes
     * that lead there (gwords words each, at dbits + part * gwords while
     * they are made, then a set of classes: dset[part]) */
    uint32_t *dfirst;
    uint16_t *dq2;
    uint64_t *dbits;
    uint32_t *dset;
    size_t nparts, pcap;
    /* D's states, and its moves by ) ] }: ccol[k * nq + q] (end specs) */
    uint32_t nq;
    uint16_t *ccol;
    /* expand's scratch per class c, the first of a set of classes: in
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
    uint32_t *tlast;          /* per nonterminal (ntcap), the plain
                                 alternative last made or found with it as
                                 target, NONE for none */
    size_t guess;             /* first room for alts (a power of 2); nts
                                 start at half of it */
    /* the nonterminals' lists of alternatives, in chunks that never move
     * (so never copied): nalt are used of the last (of chunkcap), nused
     * of the others; one nonterminal has at most maxalts.  A chunk holds
     * 16-bit indices, or 32-bit ones when its bit in `wide` is set (the
     * chunks made once the alternatives might pass 16 bits) */
    void *chunk[64];
    uint64_t wide;
    uint16_t *cur16;          /* the last chunk, as what it holds */
    uint32_t *cur32;
    size_t nchunks, nalt, chunkcap, nused, maxalts;
    ank_calt *alts;
    uint8_t *usable;          /* per alternative (made with productivity):
                                 its target and inside derive some text */
    size_t nalts, alcap, gwords;
    void *atab;               /* open addressing: alternative + 1, 0 empty;
                                 16-bit while at most 2 * 0xFFFF slots
                                 (ank__calt_entry()) */
    size_t atcap;
    /* the distinct sets of classes of the alternatives (gwords words
     * each), found through stab (open addressing: set + 1, 0 empty) */
    uint64_t *sbits;
    size_t nsets, scap;
    uint32_t *stab;
    size_t stcap;
    /* expand's openers of one nonterminal, by (target, inner, closer),
     * with their classes (gwords words each at obits) */
    ank_copen *opens;
    uint64_t *obits;
    size_t nopens, ocap;
    uint64_t *table;          /* open addressing: key + 1, 0 empty */
    uint32_t *slot;           /* the nonterminal of each table entry */
    size_t tcap, tn;
    uint16_t *top;            /* or per (q, l), N(l, q, 0) (0xFFFF: none) */
} ank_cbuild;

/* The classes of alternative `alt` (b->gwords words). */
static inline const uint64_t *ank__calt_bits(const ank_cbuild *b,
                                             uint32_t alt)
{
    return b->sbits + (size_t)ank__calt_set(&b->alts[alt]) * b->gwords;
}

/* The j-th alternative of nonterminal n's list. */
static inline uint32_t ank__calt_at(const ank_cbuild *b, const ank_nterm *n,
                                    uint32_t j)
{
    const void *c = b->chunk[n->chunk];
    return b->wide >> n->chunk & 1 ? ((const uint32_t *)c)[n->first + j]
                                   : ((const uint16_t *)c)[n->first + j];
}

/* Set `code` with "completion grammar: msg" in b unless b already failed;
 * false. */
bool ank__completion_fail(ank_cbuild *b, ank_status code, const char *msg);

/* With b's lexer, D and classes made (completion.c): make the
 * nonterminals reachable from N(0, 0, 0) (nts[0]) with their
 * alternatives (grouped by where they lead), and mark which derive some
 * text and which alternatives are usable.  D (and b->dcbits) is freed
 * once its moves are cut into parts, before the expansion; everything
 * only the expansion needed is freed before the marks are made, leaving what
 * emit reads: the lexer, the classes and segments, nts, alts with their
 * sets of classes, usable marks and the lists.
 * False with b->status set on failure: ANK_ERR_LIMIT past
 * ANK_COMPLETION_MAX_RULES, ANK_ERR_FORMAT when N(0, 0, 0) derives
 * nothing, ANK_ERR_NOMEM. */
bool ank__completion_rules(ank_cbuild *b);

/* Free what ank__completion_rules left (the nonterminals, alternatives,
 * their lists and classes, the classes and segments) once a printer has
 * what it needs of them; b keeps its lexer and may only be released. */
void ank__completion_drop_rules(ank_cbuild *b);

#endif
