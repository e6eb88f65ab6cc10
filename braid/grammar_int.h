/*
 * grammar_int.h - the representation behind grammar.h, shared by the model
 * (grammar.c, which builds and normalises it) and the printers
 * (grammar_print.c, which only read it).  Nodes reach the printers
 * normalised as grammar.c describes; `rules[i]->index == i` for every rule.
 * Expressions form a DAG (one node may be an item of many), which the
 * printers must not expand into a tree: see grammar_print.c.
 */
#ifndef ANK_BRAID_GRAMMAR_INT_H
#define ANK_BRAID_GRAMMAR_INT_H

#include "../ffi/arena.h"
#include "../ffi/text.h"
#include "grammar.h"

/* The largest Unicode code point. */
#define ANK_GRAM_MAX_CP 0x10FFFFu

typedef enum gkind {
    GK_FAIL, GK_EMPTY, GK_LIT, GK_CLASS, GK_SEQ, GK_ALT, GK_REP, GK_REF,
    GK_TEXT /* a rule's whole body, printed as prebuilt text */
} gkind;

/* 40 bytes: every field that only some kinds use shares its storage with
 * the fields of the other kinds (the comments name the kinds); counts are
 * 32 bits (the constructors fail a longer literal or list as out of
 * memory). */
struct ank_gexpr {
    uint64_t first[2];  /* the ASCII characters it may start with */
    /* 1.. in creation order (0 for the grammar's shared empty and failed
     * nodes): the printers keep per-node facts in arrays indexed by it. */
    uint32_t id;
    union {
        uint32_t n;     /* LIT bytes, CLASS ranges, SEQ/ALT items */
        uint32_t min;   /* REP */
    };
    union {
        uint32_t max;   /* REP */
        bool negated;   /* CLASS */
    };
    uint8_t kind;       /* a gkind */
    bool nullable;      /* matches the empty string */
    /* Rule-free, small bounds, alternatives that differ in their first
     * character: Lark may print it as one regex (which Python's re matches
     * leftmost-first, so alternatives must not share a prefix). */
    bool lexical;
    bool wide;          /* may start with a non-ASCII code point */
    union {
        const char *text;          /* LIT */
        const uint32_t *ranges;    /* CLASS: 2 * n values */
        ank_gexpr **items;         /* SEQ, ALT */
        ank_gexpr *sub;            /* REP */
        ank_grule *rule;           /* REF */
        const ank_gram_text *canned; /* TEXT */
    };
};

struct ank_grule {
    const char *hint;
    ank_gexpr *body; /* NULL until defined */
    uint32_t index;  /* declaration order */
    uint32_t len;    /* of the hint */
};

/* Rules and keys held in the grammar itself before any are allocated. */
#define GRAM_LOCAL_RULES 8
#define GRAM_LOCAL_KEYS 8

typedef struct gkey {
    const char *key;
    ank_grule *rule;
} gkey;

struct ank_gram {
    ank_arena arena;
    bool nomem, misuse;
    bool spelled; /* no prebuilt text (ank__gram_spell_out) */
    ank_grule *root;
    ank_grule **rules;
    size_t nrules, caprules;
    gkey *keys;
    size_t nkeys, capkeys;
    ank_gexpr fail, empty;
    size_t nnodes; /* the largest node id */
    ank_grule *rules_local[GRAM_LOCAL_RULES];
    gkey keys_local[GRAM_LOCAL_KEYS];
};


#endif
