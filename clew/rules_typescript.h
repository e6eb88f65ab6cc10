/*
 * rules_typescript.h - private to rules_typescript*.c: the state of the
 * TypeScript rule walk, and its driver (rules_typescript_walk.c), which
 * visits only the nodes inside functions that hold a trigger word.
 */
#ifndef ANK_RULES_TYPESCRIPT_H
#define ANK_RULES_TYPESCRIPT_H

#include "lang_typescript.h"
#include "rules.h"

/* Node kinds, told by symbol (a table per grammar, filled lazily). */
typedef enum kind {
    K_OTHER,
    K_FUNC,      /* function-like: has a body of its own */
    K_BLOCK,     /* statement_block */
    K_SCOPE,     /* for (;;), switch body: local declarations */
    K_FOR_IN,    /* for (const x of/in ...) */
    K_CATCH,
    K_NAMESPACE, /* internal_module, module: the body is module level */
    K_AMBIENT,   /* declare ...: `declare global { }` body too */
    K_DECL,      /* lexical_declaration, variable_declaration */
    K_TRY,
    K_THROW,
    K_CALL,
    K_NEW,
    K_ASSIGN,
    K_JSX_ATTR,
    K_PREDEF,
    K_COMMENT,
    K_TYPE,  /* type annotations and declarations: only `any` and comments
                to find, looked for in the text first */
    K_SKIP,  /* string literals and leaves: nothing to find */
    K_UNSET = 0xFF
} kind;

kind ank__ts_kind_of(TSNode n);

/* The walk's state. */

typedef struct frame {
    TSNode node;
    bool function; /* else a local block outside any function */
} frame;

typedef struct name_ref {
    const char *s; /* not NUL-terminated: `len` bytes */
    uint32_t len;
} name_ref;

#define BOUND_MAX 16

typedef struct walk {
    frame *frames;
    uint32_t nframes;
    uint32_t fdepth;     /* function frames on the stack */
    uint32_t ldepth;     /* local-block frames (only pushed outside
                            functions) */
    TSNode outer;        /* the outermost function around the walk */
    TSNode hole_throw;   /* the placeholder throw of `outer`, not counted */
    TSNode ns_body;      /* the next body that is module level */
    /* Where a word that anything inside a function could match starts
     * (trigger_words), in order; `next` moves on as the walk does. */
    uint32_t *triggers;
    uint32_t ntriggers, next;
    bool filter;         /* false: descend everywhere */
    /* Names bound to child_process (`cp` of `import * as cp`) and to its
     * exec/execSync (`exec`, `run` of `{ exec as run }`). */
    name_ref modules[BOUND_MAX];
    uint32_t nmodules;
    name_ref execs[BOUND_MAX];
    uint32_t nexecs;
} walk;

/* Where the trigger words start in x->src, plus the names bound to exec
 * so far (ank__ts_add_triggers adds those bound later); w->filter is false
 * when memory ran out, and then nothing is passed over. */
void ank__ts_find_triggers(ank_x *x, walk *w);
void ank__ts_add_triggers(ank_x *x, walk *w, const char *name, uint32_t len);

/* ank__x_walk with `enter` and `leave`, except that inside functions
 * (w->fdepth > 0) only the children that hold a trigger are visited. */
void ank__ts_walk_tree(ank_x *x, walk *w, ank_enter_fn enter,
                       ank_leave_fn leave);

/* Does a trigger word start inside `n`?  Nodes come in document order. */
static inline bool ank__ts_may_hold(walk *w, TSNode n)
{
    if (!w->filter)
        return true;
    uint32_t s = ts_node_start_byte(n);
    while (w->next < w->ntriggers && w->triggers[w->next] < s)
        w->next++;
    return w->next < w->ntriggers &&
           w->triggers[w->next] < ts_node_end_byte(n);
}

#endif
