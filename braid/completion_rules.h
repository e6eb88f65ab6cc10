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

typedef struct ank_nterm {
    uint8_t l;
    bool eps, productive;
    uint32_t q, e;
    uint32_t first, ngroups; /* groups[first ..] */
    ank_grule *rule;
    ank_gexpr *ref;          /* the one reference to `rule` */
} ank_nterm;

/* The classes by which one nonterminal goes to the same place: to
 * `target` (plain: inner NONE, closer 0), or, by an opener, into the
 * bracket's inside `inner`, which ends where `closer` closes it, then to
 * `target`.  Its classes are the bitset of gwords words at
 * gbits + set * gwords. */
typedef struct ank_cgroup {
    uint32_t target, inner, set;
    uint8_t closer;
} ank_cgroup;

typedef struct ank_cbuild {
    ank_lexer lx;
    ank_dfa *d;
    ank_error *error;
    ank_status status;
    ank_cclass *cls;
    size_t ncls;
    ank_cseg *segs;
    size_t nsegs;
    /* per lexer state, made when first needed */
    ank_clex *lex[MAXL];
    /* per D state q, made when first needed (dfirst[q] NONE before): the
     * live states q2 its classes lead to, dq2[dfirst[q] ..] (dcount[q] of
     * them), with the bitset of the classes that lead there (gwords words
     * each, at dbits + part * gwords) */
    uint32_t *dfirst, *dcount, *dq2;
    uint64_t *dbits;
    size_t nparts, pcap;
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
    ank_cgroup *groups;
    uint64_t *gbits;
    size_t ngroups, gcap, gwords;
    /* the parts of D states being made: per D state q2, qmark[q2] ==
     * q + 1 says that q2's part is qgroup[q2] */
    uint32_t *qmark, *qgroup;
    uint64_t *table;          /* open addressing: key + 1, 0 empty */
    uint32_t *slot;           /* the nonterminal of each table entry */
    size_t tcap;
} ank_cbuild;

/* Set `code` with "completion grammar: msg" in b unless b already failed;
 * false. */
bool ank__completion_fail(ank_cbuild *b, ank_status code, const char *msg);

/* With b's lexer and D made: cut the alphabet into classes, make the
 * nonterminals reachable from N(0, 0, 0) (nts[0]) with their
 * alternatives (grouped by where they lead), and mark which derive some
 * text.  False with b->status
 * set on failure: ANK_ERR_LIMIT past ANK_COMPLETION_MAX_RULES,
 * ANK_ERR_FORMAT when N(0, 0, 0) derives nothing, ANK_ERR_NOMEM. */
bool ank__completion_rules(ank_cbuild *b);

#endif
