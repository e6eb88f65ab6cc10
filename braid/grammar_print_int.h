/*
 * grammar_print_int.h - the printer's state, shared by grammar_print.c
 * (counting, sizing, printing) and grammar_names.c (naming the rules it
 * queues).
 */
#ifndef ANK_BRAID_GRAMMAR_PRINT_INT_H
#define ANK_BRAID_GRAMMAR_PRINT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "grammar_int.h"
#include "grammar_print.h"
#include "grammar_text.h"

/* Up to this many rules are queued, a new name is checked against the
 * queue one by one; past it, through a hash set. */
#define SCAN_MAX 16

/* How often a node is referenced, and so how it is printed. */
enum { UNSEEN, ONCE, SHARED, HOISTED /* shared, printed as a helper rule */ };

/* facts.len of a node whose text must be printed afresh each time: it
 * holds a Lark sequence cut into part rules, new ones at each copy. */
#define FRESH UINT32_MAX

/*
 * What the printer knows of a node, by node id (12 bytes: one per node of
 * a large grammar).  Sizes saturate: they are only compared with
 * HOIST_SIZE and REGEX_TREE_MAX.
 *
 * A shared node that is not hoisted prints the same text wherever it
 * occurs (a name is fixed once given, and nothing else depends on the
 * place), so after the first time its text is copied from where it was
 * first printed: in a grammar of many small shared nodes, most of the
 * output is such copies.
 */
typedef struct facts {
    /* HOISTED: 1 + the queue index of its helper rule, once queued;
     * SHARED: where its text (without parentheses) starts in the output */
    uint32_t at;
    uint32_t len;  /* SHARED: its text's length once printed; or FRESH */
    uint16_t tree; /* size fully expanded */
    uint8_t size;  /* printed size in nodes, helpers counted as one */
    uint8_t state : 4;   /* while printing */
    uint8_t counted : 4; /* as counting left it: UNSEEN, ONCE or SHARED */
} facts;

/* A rule to print: a grammar rule, a helper rule for a shared node
 * (`expr`), or items[0..n) of a long sequence (a part rule). */
typedef struct entry {
    const ank_grule *rule;
    const ank_gexpr *expr;
    ank_gexpr *const *items;
    size_t n;
    size_t name, len; /* the name is names[name .. name + len) */
    size_t base;   /* the entry whose name helpers of this one build on */
    unsigned next; /* the next suffix to try for names built on this one */
} entry;

/* Per grammar rule, by rule index; todo[] lists rules in the order
 * counting reaches them and shares the array. */
typedef struct rinfo {
    const ank_grule *todo;
    uint32_t entry; /* 1 + its queue index, once queued */
    /* 1 + where in names[] an earlier print put the rule's sanitised name
     * (before any suffix), or 0; its length and ank__gtext_name_hash() */
    uint32_t name;
    uint32_t hash;
    uint16_t len;
    bool seen;      /* reached while counting */
    uint8_t flags;  /* R_UPPER, R_HASHED */
} rinfo;

/* The hint holds an upper-case letter; rinfo.hash is set. */
enum { R_UPPER = 1, R_HASHED = 2 };

struct ank_gprint {
    const ank_gram *g;
    /* counting, once per printer */
    /* the reachable sequences, alternations and repetitions, operands
     * first */
    const ank_gexpr **order;
    uint32_t norder;    /* (node ids are 32 bits) */
    /* naming by replay (ank__gprint_write()): the entries of the last
     * print */
    uint32_t last_n;
    rinfo *rules;
    size_t ntodo;
    size_t trees;       /* the fully expanded size of the reached bodies */
    bool twice;         /* a repetition Lark writes x ~ m x* is reached */
    bool shared;        /* a sequence, alternation or repetition is */
    bool bad;           /* a failed node or foreign rule or node reached */
    /* lark_sizes() in grammar_print.c: 0 not known yet, 1 no, 2 yes */
    uint8_t lark_sizes;
    /* printing, once per dialect */
    bool lark;
    bool nomem;
    bool printed;       /* facts[] have been changed by a print */
    bool sized_lark;    /* the dialect the facts were last sized for */
    size_t est;         /* the estimate of the text that sizing gave */
    gtext t;            /* the output */
    /* per node id: counting's facts (UNSEEN, ONCE or SHARED, tree), then
     * each print's */
    facts *facts;
    /* every queued name of every print, back to back (a later print
     * builds its rules' names from an earlier one's) */
    char *names;
    size_t nnames, capnames;
    entry *queue;       /* in print order */
    size_t nqueue, cap;
    uint32_t *taken;    /* past SCAN_MAX: a hash set of queue index + 1 */
    size_t taken_cap;
    /* names and queue start in the block that holds rules[] and are
     * freed only once they have grown out of it */
    bool own_names, own_queue;
    bool in_arena;      /* the printer lives in the grammar's arena */
    /* naming by replay: the last print was complete (in dialect
     * last_lark); this print replays; its premise failed */
    bool last_ok, last_lark, replay, replay_broken;
    /* a helper or part rule of this print is named after the root */
    bool root_helpers;
    size_t current;        /* the entry being printed */
    const ank_gexpr *top;  /* its whole body: never replaced by a name */
};

typedef struct ank_gprint printer;

/* The queue entry (1-based) of a rule, of a helper rule for the shared
 * node `expr`, or of a part rule (`r` and `expr` NULL), queued and named
 * the first time it is reached; 0 after a failure (p->nomem is set).
 * grammar_names.c. */
uint32_t ank__gprint_enqueue(printer *p, const ank_grule *r,
                             const ank_gexpr *expr, ank_gexpr *const *items,
                             size_t n);

#endif
