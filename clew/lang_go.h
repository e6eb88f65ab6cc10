/*
 * lang_go.h - private interface between the Go extractor (lang_go.c) and its
 * type builder (lang_go_types.c): doc-comment tracking and the builders of
 * type trees, struct fields, parameter lists, results and type parameters.
 */
#ifndef ANK_LANG_GO_H
#define ANK_LANG_GO_H

#include "extract.h"

/*
 * Doc comments are found while iterating a node's children in order, without
 * ts_node_prev_sibling (which is linear in the number of siblings).  Feed
 * every named child to ank__go_doc_comment (comments) or, after taking its
 * doc, to ank__go_doc_code (everything else).
 */
typedef struct ank_go_doc {
    uint32_t start, end; /* bytes of the current run of adjacent comments */
    uint32_t end_row;    /* row on which that run ends */
    uint32_t prev_row;   /* end row of the last non-comment sibling */
    bool has;            /* a run is open */
    bool trailing;       /* the run began on the line of prev_row's code */
    bool has_prev;       /* prev_row is set */
} ank_go_doc;

/* Forget everything (start of a new sibling list). */
void ank__go_doc_reset(ank_go_doc *d);
/* A comment sibling; returns true when it trails the previous code on the
 * same line (a trailing comment). */
bool ank__go_doc_comment(ank_go_doc *d, TSNode comment);
/* A non-comment sibling: closes the open run. */
void ank__go_doc_code(ank_go_doc *d, TSNode node);
/* The doc of `node`: the first line of the run of comments that ends on
 * the line directly above it, skipping directive lines (//go:..., //line).
 * NULL when there is none. */
const char *ank__go_doc_for(ank_x *x, const ank_go_doc *d, TSNode node);
/* The first doc line of the comment text in [start, end). */
const char *ank__go_doc_text(ank_x *x, uint32_t start, uint32_t end);

/* The first named child that is not a comment, or a null node. */
TSNode ank__go_first_named(TSNode n);

/* The normalized tree of the type node `n` (never NULL unless out of
 * memory); UNKNOWN at ANK_TYPE_MAX_DEPTH. */
ank_type *ank__go_type(ank_x *x, TSNode n, int depth);
/* text + tree of a type node; both NULL for a null node.  False on failure. */
bool ank__go_typeref(ank_x *x, TSNode n, int depth, ank_typeref *out);

/* Append the fields of a field_declaration_list. */
bool ank__go_fields(ank_x *x, TSNode list, int depth, ank_field **fields,
                    uint32_t *n);
/* Append the parameters of a parameter_list. */
bool ank__go_params(ank_x *x, TSNode list, int depth, ank_param **params,
                    uint32_t *n);
/* The result of a function (`result` field, may be null): one type as
 * itself, several as a tuple with the parenthesised list as text.
 * *error_last tells whether the last result type is `error`. */
bool ank__go_result(ank_x *x, TSNode result, int depth, ank_typeref *out,
                    bool *error_last);
/* Append the type parameters of a type_parameter_list (may be null). */
bool ank__go_generics(ank_x *x, TSNode list, ank_generic **generics,
                      uint32_t *n);

#endif
