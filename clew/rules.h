/*
 * rules.h - what a language's rule walk reports, beyond declarations:
 * identifiers for naming conventions, error-handling facts per function,
 * security findings and holes.  Each language implements
 * ank__rules_<lang>(x) in clew/rules_<lang>.c; the driver runs it after the
 * language's extractor, on the same tree.
 *
 * A rule walk may enter function bodies (it has to), but it must stay
 * iterative (ank__x_walk) and cheap: one pass over the tree.  Patterns are
 * matched on syntax nodes, never inside comments or strings.
 *
 * After the walk, the driver (rules.c) links what was reported: error facts
 * and holes to the id of the innermost function.signature containing the
 * node they were reported at, a hole's expected return type and bindings to
 * that signature's parameters, the fields of its receiver and the
 * module-level names; naming.c turns the identifiers into naming.convention
 * constraints.
 */
#ifndef ANK_RULES_H
#define ANK_RULES_H

#include "extract.h"

void ank__rules_typescript(ank_x *x);
void ank__rules_python(ank_x *x);
void ank__rules_rust(ank_x *x);
void ank__rules_go(ank_x *x);
void ank__rules_zig(ank_x *x);

/* Each language's security catalog: *n gets the number of entries. */
const ank_pattern *ank__patterns_typescript(size_t *n);
const ank_pattern *ank__patterns_python(size_t *n);
const ank_pattern *ank__patterns_rust(size_t *n);
const ank_pattern *ank__patterns_go(size_t *n);
const ank_pattern *ank__patterns_zig(size_t *n);

/* ------------------------------------------------------------ reporting */

/*
 * A constant or variable declared at `name` (an identifier node):
 * `id_class` is ANK_ID_CONSTANT or ANK_ID_VARIABLE.  `type` is its declared
 * type, built with the language's type builder (in the result's arena), or
 * NULL when none is written.  `module_level` is true outside any function
 * (module, namespace or container level); those names become a hole's
 * bindings.  Functions, methods, types, fields and parameters are not
 * reported here: they come from the extracted declarations.
 */
void ank__rules_identifier(ank_x *x, ank_id_class id_class, TSNode name,
                           const ank_typeref *type, bool module_level);

/*
 * Count `n` occurrences of an error-handling construct named `counter`
 * (from the language's documented list, e.g. "try", "question_mark") in the
 * function around `at`.  `fn` is the function's node (any node that the
 * function's declaration span contains and no nested function's does will
 * do).  The first count for a function creates its error.style constraint,
 * located at `fn`.
 */
void ank__rules_count(ank_x *x, TSNode fn, const char *counter, uint32_t n);

/* Record an exception or error type caught in the function `fn`. */
void ank__rules_caught(ank_x *x, TSNode fn, TSNode type);

/* A security finding of `pattern` (an entry of the language's catalog) at
 * `node`. */
void ank__rules_finding(ank_x *x, const ank_pattern *pattern, TSNode node);

/*
 * A hole in the function `fn`: the bytes [start_byte, end_byte) of the
 * source (offsets into x->src) are what a generator should replace, and
 * `marker` names what marked it ("todo!()", "raise NotImplementedError",
 * "pass", "ananke:hole" ...; a static string).
 */
void ank__rules_hole(ank_x *x, TSNode fn, uint32_t start_byte,
                     uint32_t end_byte, const char *marker);

/* Is the identifier node written in SCREAMING_SNAKE_CASE (capitals,
 * digits and underscores, with at least one capital)? */
bool ank__rules_screaming(ank_x *x, TSNode name);

/* The marker comment every language accepts: a comment whose text contains
 * this makes a hole of the comment itself. */
#define ANK_HOLE_MARKER "ananke:hole"

/* ------------------------------------------------------ for the driver */

/* Per-file scratch that the rule walk fills (x->rules). */
typedef struct ank_ident {
    ank_id_class id_class;
    const char *name;
    ank_span span;
    ank_typeref type;
    bool module_level;
} ank_ident;

typedef struct ank_rules {
    ank_ident *idents;
    uint32_t nidents;
    ank_constraint *last_errors; /* the error.style written to last */
    ank_constraint **errors;     /* error.style by function start byte: an
                                    open-addressing table in x->scratch */
    uint32_t errors_cap, nerrors;
    /* Where the last hole position was found, so that locating the next
     * one (holes come in source order) counts only the newlines between:
     * byte offset, its 0-based line and the offset that line starts at. */
    uint32_t at_byte, at_line, at_line_start;
} ank_rules;

/* Before ids are assigned: name error facts and holes after the function
 * they are in (names feed the ids). */
void ank__rules_name(ank_x *x, size_t first);

/* After ids are assigned: link error facts and holes to their functions'
 * ids, fill holes' return types, bindings and applicable constraints. */
void ank__rules_link(ank_x *x, size_t first);

#endif
