/*
 * lang_typescript.h - private interface between the TypeScript extractor
 * (lang_typescript.c: declarations, scopes, imports) and its type builders
 * (lang_typescript_types.c: type trees, parameters, generics, members).
 * Used by nothing else.
 */
#ifndef ANK_LANG_TYPESCRIPT_H
#define ANK_LANG_TYPESCRIPT_H

#include "extract.h"

/* The grammar fields the extractor reads.  ank__typescript_field looks
 * them up by id: ank__x_field resolves the name with a string search of
 * every field name on each call, which dominated the extraction time. */
typedef enum ank_ts_field {
    ANK_TS_F_ALIAS,
    ANK_TS_F_BODY,
    ANK_TS_F_CONSTRAINT,
    ANK_TS_F_DECLARATION,
    ANK_TS_F_INDEX_TYPE,
    ANK_TS_F_NAME,
    ANK_TS_F_PARAMETER,
    ANK_TS_F_PARAMETERS,
    ANK_TS_F_PATTERN,
    ANK_TS_F_RETURN_TYPE,
    ANK_TS_F_SOURCE,
    ANK_TS_F_TYPE,
    ANK_TS_F_TYPE_ARGUMENTS,
    ANK_TS_F_TYPE_PARAMETERS,
    ANK_TS_F_VALUE,
    ANK_TS_F_COUNT_
} ank_ts_field;

TSNode ank__typescript_field(TSNode n, ank_ts_field f);

/* Is `n` a comment node (skipped wherever children are listed)? */
bool ank__typescript_is_comment(TSNode n);

/* Named child count; 0 for a null node (tree-sitter does not check). */
uint32_t ank__typescript_count_named(TSNode n);

/* The children of a node, named and anonymous, in order.  Uses a tree
 * cursor: ts_node_named_child(n, i) and the sibling functions of
 * tree-sitter rescan the parent from its first child, which makes loops
 * over long lists quadratic.  Always close an opened iterator. */
typedef struct ank_ts_kids {
    TSTreeCursor cursor;
    bool started, open;
    bool named; /* only named children that are not comments */
} ank_ts_kids;

void ank__typescript_kids_open(ank_ts_kids *k, TSNode parent, bool named);
bool ank__typescript_kids_next(ank_ts_kids *k, TSNode *child);
void ank__typescript_kids_close(ank_ts_kids *k);

/* Doc comments found going forward through siblings (a backward lookup per
 * declaration would rescan siblings each time): the topmost of a run of
 * adjacent JSDoc comments directly above the node, no blank line between;
 * any other comment ends the run. */
typedef struct ank_ts_doc {
    TSNode top;
    uint32_t end_row;
    bool open;
} ank_ts_doc;

/* Feed the next sibling `n` in order.  For a comment, returns a null node;
 * for anything else, the doc comment directly above it (or a null node),
 * and the run is closed. */
TSNode ank__typescript_doc_step(ank_x *x, ank_ts_doc *d, TSNode n);

/* First line of a doc comment node (NULL for a null node). */
const char *ank__typescript_doc_text(ank_x *x, TSNode comment);

/* Does `n` have a direct anonymous child token spelled `tok` ("static",
 * "readonly", "?", "async", "*", "get", ...)? */
bool ank__typescript_has_token(TSNode n, const char *tok);

/* The name of a member or enum member: strings unquoted, anything else
 * (identifiers, #private names, numbers, [computed]) as written. */
const char *ank__typescript_name(ank_x *x, TSNode name);

/* The normalized tree of type node `n` (type_annotation and parentheses
 * are looked through).  Never recurses deeper than ANK_TYPE_MAX_DEPTH. */
ank_type *ank__typescript_type(ank_x *x, TSNode n, int depth);

/* Text and tree of a type or type_annotation node; both NULL for a null
 * node.  Returns false on allocation failure. */
bool ank__typescript_typeref(ank_x *x, TSNode n, ank_typeref *out);

/* Parameters of a formal_parameters node (or of a lone identifier: the
 * `x` of `x => x`). */
bool ank__typescript_params(ank_x *x, TSNode params, ank_param **out,
                            uint32_t *n);

/* Generic parameters of a type_parameters node (null: none). */
bool ank__typescript_generics(ank_x *x, TSNode tparams, ank_generic **out,
                              uint32_t *n);

/* An index signature `[k: K]: V` (not a mapped type's clause, which adds
 * nothing) as a field: embedded, named k, its type the map K -> V with
 * the signature's text.  It stands for the members beyond the named
 * ones, as a flattened map does.  False when out of memory. */
bool ank__typescript_index_field(ank_x *x, TSNode sig, int depth,
                                 ank_field **fields, uint32_t *n);
/* A field for a property_signature (interface/object member); `doc` is
 * its doc comment node (may be null). */
bool ank__typescript_property_field(ank_x *x, TSNode prop, TSNode doc,
                                    int depth, ank_field **fields,
                                    uint32_t *n);

/* Decorator text without the `@`. */
const char *ank__typescript_decorator(ank_x *x, TSNode decorator);

#endif
