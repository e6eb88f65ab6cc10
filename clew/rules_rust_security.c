/*
 * rules_rust_security.c - the Rust security catalog and the rules behind
 * it: unsafe fns (their qualifiers), Command::new of a shell passed `-c`
 * (followed down the method chain from `.arg("-c")` / `.args([..])`) and
 * mem::transmute; plus the unwrap/expect counters, read from the same
 * call nodes.  Unsafe blocks are reported by the walk (rules_rust.c).
 *
 * Invariants: only call and fn nodes are matched; string literals are
 * compared only as the arguments of a matched call.  A method chain is
 * followed down at most CHAIN_MAX links, and a shell command is reported
 * once per chain however many `-c` it passes.
 */
#include "rules_rust.h"

/* Method calls followed from `.arg("-c")` down to `Command::new`. */
#define CHAIN_MAX 32

const ank_pattern ank__rules_rust_patterns[PAT_COUNT_] = {
    [PAT_UNSAFE_BLOCK] = {"rust.unsafe_block", "CWE-242", ANK_SEV_WARNING,
                          "unsafe block: memory safety rests on invariants "
                          "the compiler does not check"},
    [PAT_UNSAFE_FN] = {"rust.unsafe_fn", "CWE-242", ANK_SEV_WARNING,
                       "unsafe fn: callers must uphold a safety contract the "
                       "compiler does not check"},
    [PAT_SHELL_COMMAND] = {"rust.shell_command", "CWE-78", ANK_SEV_ERROR,
                           "Command::new of a shell with -c runs a command "
                           "string: built from input, it injects commands"},
    [PAT_TRANSMUTE] = {"rust.transmute", "CWE-843", ANK_SEV_WARNING,
                       "mem::transmute reinterprets the bits of a value as "
                       "another type, escaping type checks"},
};

const ank_pattern *ank__patterns_rust(size_t *n)
{
    *n = PAT_COUNT_;
    return ank__rules_rust_patterns;
}

/* Does function_item / function_signature_item `n` say `unsafe`?  The
 * qualifiers come before the `fn` keyword. */
bool ank__rules_rust_unsafe_fn(TSNode n)
{
    bool found = false;
    ank_rust_kids k;
    for (TSNode c = ank__rust_kids_first(&k, n, false);
         !ts_node_is_null(c) && !ank__x_is(c, "fn");
         c = ank__rust_kids_next(&k)) {
        if (!ank__x_is(c, "function_modifiers"))
            continue;
        ank_rust_kids m;
        for (TSNode q = ank__rust_kids_first(&m, c, false);
             !found && !ts_node_is_null(q); q = ank__rust_kids_next(&m))
            found = ank__x_is(q, "unsafe");
        ank__rust_kids_close(&m);
        break;
    }
    ank__rust_kids_close(&k);
    return found;
}

static bool is_shell(ank_x *x, TSNode lit)
{
    static const char *const shells[] = {
        "\"sh\"",          "\"bash\"",           "\"zsh\"",
        "\"dash\"",        "\"/bin/sh\"",        "\"/bin/bash\"",
        "\"/bin/zsh\"",    "\"/bin/dash\"",      "\"/usr/bin/sh\"",
        "\"/usr/bin/bash\"", "\"cmd\"",          "\"cmd.exe\"",
        NULL};
    if (!ank__x_is(lit, "string_literal"))
        return false;
    for (const char *const *s = shells; *s; s++)
        if (ank__x_text_eq(x, lit, *s))
            return true;
    return false;
}

static bool is_shell_flag(ank_x *x, TSNode lit)
{
    return ank__x_is(lit, "string_literal") &&
           (ank__x_text_eq(x, lit, "\"-c\"") ||
            ank__x_text_eq(x, lit, "\"/C\"") ||
            ank__x_text_eq(x, lit, "\"/c\""));
}

/* The first argument of a call (comments passed over). */
static TSNode first_arg(const ank_rust_walk *w, TSNode call)
{
    ank_rust_kids k;
    TSNode a = ank__rust_kids_first(&k, fld(call, w->f.arguments), true);
    while (ank__x_is(a, "line_comment") || ank__x_is(a, "block_comment"))
        a = ank__rust_kids_next(&k);
    ank__rust_kids_close(&k);
    return a;
}

/* `.arg("-c")` or `.args(["-c", ..])` / `.args(&["-c", ..])`. */
static bool passes_shell_flag(ank_x *x, const ank_rust_walk *w, TSNode call,
                              bool single)
{
    TSNode a = first_arg(w, call);
    if (single)
        return is_shell_flag(x, a);
    if (ank__x_is(a, "reference_expression"))
        a = fld(a, w->f.value);
    if (!ank__x_is(a, "array_expression"))
        return false;
    bool found = false;
    ank_rust_kids k;
    for (TSNode e = ank__rust_kids_first(&k, a, true);
         !found && !ts_node_is_null(e); e = ank__rust_kids_next(&k))
        found = is_shell_flag(x, e);
    ank__rust_kids_close(&k);
    return found;
}

/* From the receiver of `.arg("-c")` down the method chain to a
 * `Command::new(<shell>)` call; the finding is located there. */
static void find_shell_command(ank_x *x, ank_rust_walk *w, TSNode v)
{
    for (int i = 0; i < CHAIN_MAX && ank__x_is(v, "call_expression"); i++) {
        TSNode f = fld(v, w->f.function);
        if (ank__x_is(f, "field_expression")) {
            v = fld(f, w->f.value);
            continue;
        }
        if (ank__x_is(f, "scoped_identifier") &&
            ank__x_text_eq(x, fld(f, w->f.name), "new") &&
            ank__x_text_eq(x, last_segment(w, fld(f, w->f.path)),
                           "Command") &&
            is_shell(x, first_arg(w, v)) && !ts_node_eq(v, w->last_shell)) {
            /* Once per chain, however many `-c` it passes. */
            w->last_shell = v;
            ank__rules_finding(x, &ank__rules_rust_patterns[PAT_SHELL_COMMAND],
                               v);
        }
        return;
    }
}

/* `transmute(..)`, `mem::transmute(..)`, `std::mem::transmute::<A, B>(..)`
 * (paths ending in `mem` or `intrinsics`), and the same with
 * `transmute_copy`. */
static bool is_transmute(ank_x *x, const ank_rust_walk *w, TSNode f)
{
    if (ank__x_is(f, "generic_function"))
        f = fld(f, w->f.function);
    TSNode name = f;
    if (ank__x_is(f, "scoped_identifier")) {
        TSNode path = last_segment(w, fld(f, w->f.path));
        if (!ank__x_text_eq(x, path, "mem") &&
            !ank__x_text_eq(x, path, "intrinsics"))
            return false;
        name = fld(f, w->f.name);
    } else if (!ank__x_is(f, "identifier")) {
        return false;
    }
    return ank__x_text_eq(x, name, "transmute") ||
           ank__x_text_eq(x, name, "transmute_copy");
}

void ank__rules_rust_call(ank_x *x, ank_rust_walk *w, TSNode n)
{
    TSNode f = fld(n, w->f.function);
    if (ank__x_is(f, "field_expression")) {
        TSNode method = fld(f, w->f.field);
        uint32_t len = ts_node_end_byte(method) - ts_node_start_byte(method);
        if (len == 6 && ank__x_text_eq(x, method, "unwrap")) {
            count_unwrap(x, w, "unwrap");
        } else if (len == 6 && ank__x_text_eq(x, method, "expect")) {
            count_unwrap(x, w, "expect");
        } else if ((len == 3 && ank__x_text_eq(x, method, "arg")) ||
                   (len == 4 && ank__x_text_eq(x, method, "args"))) {
            if (passes_shell_flag(x, w, n, len == 3))
                find_shell_command(x, w, fld(f, w->f.value));
        }
        return;
    }
    if (is_transmute(x, w, f))
        ank__rules_finding(x, &ank__rules_rust_patterns[PAT_TRANSMUTE], n);
}
