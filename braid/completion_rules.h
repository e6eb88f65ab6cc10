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
    uint32_t *ranges;  /* lo, hi pairs */
    size_t n, cap;
} ank_cclass;

typedef struct ank_nterm {
    uint8_t l;
    uint32_t q, e;
    uint32_t first, nalts; /* alternatives alts[first ..] */
    bool eps, productive;
    ank_grule *rule;
} ank_nterm;

/* A transition `cls` to `target`; with an opener, `inner` is the bracket's
 * inside and `closer` its closing character. */
typedef struct ank_calt {
    uint32_t cls, target, inner;
    uint8_t closer;
} ank_calt;

typedef struct ank_cbuild {
    ank_lexer lx;
    ank_dfa *d;
    ank_error *error;
    ank_status status;
    ank_cclass *cls;
    size_t ncls;
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
    ank_calt *alts;
    size_t nalts, acap;
    uint64_t *table;          /* open addressing: key + 1, 0 empty */
    uint32_t *slot;           /* the nonterminal of each table entry */
    size_t tcap;
} ank_cbuild;

/* Set `code` with "completion grammar: msg" in b unless b already failed;
 * false. */
bool ank__completion_fail(ank_cbuild *b, ank_status code, const char *msg);

/* With b's lexer and D made: cut the alphabet into classes, make the
 * nonterminals reachable from N(0, 0, 0) (nts[0]) with their
 * alternatives, and mark which derive some text.  False with b->status
 * set on failure: ANK_ERR_LIMIT past ANK_COMPLETION_MAX_RULES,
 * ANK_ERR_FORMAT when N(0, 0, 0) derives nothing, ANK_ERR_NOMEM. */
bool ank__completion_rules(ank_cbuild *b);

#endif
