/*
 * rules_python_yields.c - generators, marked by the Python rule walk
 * (rules_python.c) for the extractor, which does not walk function bodies
 * for yields when the rule walk follows it (x->with_rules): the bodies are
 * walked once.
 *
 * The rule is the extractor's (lang_python.c, find_yield): a function is a
 * generator when a yield is in its body and not in a nested function,
 * lambda or class.  The walk keeps a stack of the functions, lambdas and
 * classes it is inside (x->scratch); a yield it visits belongs to the
 * innermost, and a subtree it passes over is searched with the
 * extractor's own walk, but only when its text holds "yield".  Only
 * declared functions (with a signature: outside functions) are marked.
 */
#include "rules_python.h"

#include "lang_python.h"

bool ank__rules_python_push_barrier(ank_x *x, py_walk *w, TSNode n,
                                    ank_signature *sig, TSNode body)
{
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    py_barrier *b = ANK_X_PUSH(x, w->barriers, w->nbarriers);
    x->arena = keep;
    if (!b)
        return false;
    /* The slot may hold a popped entry. */
    memset(b, 0, sizeof *b);
    b->node = n;
    b->sig = sig;
    if (sig && !is_null(body)) {
        b->body_start = ts_node_start_byte(body);
        b->body_end = ts_node_end_byte(body);
    }
    return true;
}

/* The innermost function, lambda or class, when it is a declared function
 * whose body holds the bytes [s, e) and that has no yield found yet. */
static py_barrier *open_generator(py_walk *w, uint32_t s, uint32_t e)
{
    if (w->nbarriers == 0)
        return NULL;
    py_barrier *b = &w->barriers[w->nbarriers - 1];
    return b->sig && !b->yields && s >= b->body_start && e <= b->body_end
               ? b
               : NULL;
}

void ank__rules_python_mark_yield(py_walk *w, TSNode n)
{
    py_barrier *b =
        open_generator(w, ts_node_start_byte(n), ts_node_end_byte(n));
    if (b)
        b->yields = true;
}

/* Does s[0, n) contain "yield"? */
static bool has_yield_text(const char *s, size_t n)
{
    for (const char *end = s + n; n >= 5 && (s = memchr(s, 'y', n - 4));
         s++, n = (size_t)(end - s))
        if (memcmp(s, "yield", 5) == 0)
            return true;
    return false;
}

/* A node the walk passes over may still hold a yield of the function it
 * is in (`x = yield` is an inert assignment to the rules). */
void ank__rules_python_passed_over(ank_x *x, py_walk *w, TSNode n)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    py_barrier *b = open_generator(w, s, e);
    if (b && e <= x->len && has_yield_text(x->src + s, e - s))
        b->yields = ank__python_yields(x, n);
}

/* Leaving a function, lambda or class: a function with a yield in its
 * body is a generator. */
void ank__rules_python_pop_barrier(py_walk *w, TSNode n)
{
    if (w->nbarriers == 0 ||
        !ts_node_eq(n, w->barriers[w->nbarriers - 1].node))
        return;
    py_barrier *b = &w->barriers[--w->nbarriers];
    if (b->sig && b->yields)
        b->sig->is_generator = true;
}
