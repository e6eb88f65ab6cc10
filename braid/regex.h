/*
 * regex.h - the regex subset braid writes in (docs/regex.md): what PCRE2
 * (UTF, DOLLAR_ENDONLY), the Rust regex crate and XGrammar's regex
 * converter read alike.  The subset's parser is the checker, and dfa.c
 * builds automata from its trees.  The regexes braid emits in it are
 * declared in regex_emit.h, included here.
 */
#ifndef ANK_REGEX_H
#define ANK_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../clew/constraint.h"
#include "regex_emit.h"

/* Does `re` compile with PCRE2 (UTF, DOLLAR_ENDONLY) and stay in the
 * portable subset?  ANK_OK, or ANK_ERR_FORMAT with the reason in error. */
ank_status ank__regex_check(const char *re, ank_error *error);

/* ------------------------------------------------- the parsed subset */

typedef enum ank_rx_kind {
    ANK_RX_SET, /* one code point from ranges */
    ANK_RX_CAT,
    ANK_RX_ALT,
    ANK_RX_REP, /* child repeated min..max (max ANK_RX_NONE: unbounded) */
    ANK_RX_BOL, /* ^ */
    ANK_RX_EOL  /* $ */
} ank_rx_kind;

#define ANK_RX_NONE UINT32_MAX

typedef struct ank_rx_node {
    uint8_t kind;
    uint32_t child, next;    /* first child, next sibling: node indexes */
    uint32_t min, max;       /* ANK_RX_REP */
    uint32_t rstart, rcount; /* ANK_RX_SET: pairs in ank_rx.ranges, sorted,
                                disjoint, not adjacent */
    uint32_t offset;         /* where it starts in the regex text */
} ank_rx_node;

/* Trees of one or more regexes sharing node and range pools. */
typedef struct ank_rx {
    ank_rx_node *nodes;
    size_t nnodes, ncap;
    uint32_t *ranges; /* lo, hi pairs */
    size_t nranges, rcap;
} ank_rx;

#define ANK_RX_INIT {NULL, 0, 0, NULL, 0, 0}
/* Largest bound accepted in {n,m}. */
#define ANK_RX_MAX_REPEAT 1000

/* Parse `re` into `rx` (adding to what it holds) and set *root.  ANK_OK,
 * ANK_ERR_FORMAT (outside the subset; error->offset is the byte) or
 * ANK_ERR_NOMEM. */
ank_status ank__regex_parse(ank_rx *rx, const char *re, uint32_t *root,
                            ank_error *error);
void ank__regex_release(ank_rx *rx);

/* Decode the UTF-8 code point at s[*i] (n bytes) and advance *i;
 * ANK_RX_NONE, *i unchanged, when the bytes there are not valid UTF-8. */
uint32_t ank__regex_utf8_next(const char *s, size_t n, size_t *i);

/* PCRE2's allocation hooks (pcre2_general_context_create), forwarding to
 * the library's allocator. */
void *ank__regex_pcre_malloc(size_t size, void *data);
void ank__regex_pcre_free(void *ptr, void *data);

#endif
