/*
 * rules_zig_match.c - the Zig security catalog (ank__patterns_zig) and its
 * matchers, called by the walk in rules_zig.c on the nodes they are about,
 * plus the small node helpers both files share (rules_zig.h).
 *
 * Invariants: matchers look only at the node they are given and a bounded
 * number of its children (a callee path is followed at most ZR_CHAIN_MAX
 * steps; an initializer list is read once), never inside comments, and
 * read a string literal's text only to compare it with fixed words.
 */
#include "rules_zig.h"

/* ------------------------------------------------------------- catalog */

enum {
    P_PTR_CAST,
    P_INT_FROM_PTR,
    P_PTR_FROM_INT,
    P_CATCH_UNREACHABLE_IO,
    P_UNDEFINED_SECRET,
    P_HARDCODED_SECRET,
    P_SHELL_COMMAND,
    P_RUNTIME_SAFETY_OFF,
    P_COUNT_
};

static const ank_pattern patterns[P_COUNT_] = {
    [P_PTR_CAST] = {"zig.ptr_cast", "CWE-704", ANK_SEV_WARNING,
                    "@ptrCast reinterprets a pointer's type without checks"},
    [P_INT_FROM_PTR] = {"zig.int_from_ptr", "CWE-704", ANK_SEV_WARNING,
                        "@intFromPtr turns a pointer into an integer address"},
    [P_PTR_FROM_INT] = {"zig.ptr_from_int", "CWE-587", ANK_SEV_WARNING,
                        "@ptrFromInt makes a pointer from an integer address"},
    [P_CATCH_UNREACHABLE_IO] =
        {"zig.catch_unreachable_io", "CWE-755", ANK_SEV_WARNING,
         "`catch unreachable` on an I/O call: a runtime failure becomes "
         "undefined behaviour or a panic"},
    [P_UNDEFINED_SECRET] =
        {"zig.undefined_secret", "CWE-908", ANK_SEV_WARNING,
         "a key, secret or nonce buffer is left `undefined` (uninitialized)"},
    [P_HARDCODED_SECRET] = {"zig.hardcoded_secret", "CWE-798", ANK_SEV_ERROR,
                            "a password, secret or API key is a string "
                            "literal in the source"},
    [P_SHELL_COMMAND] = {"zig.shell_command", "CWE-78", ANK_SEV_ERROR,
                         "a shell runs a command line built at run time "
                         "(`sh -c` with a non-literal argument)"},
    [P_RUNTIME_SAFETY_OFF] =
        {"zig.runtime_safety_off", "CWE-758", ANK_SEV_WARNING,
         "@setRuntimeSafety(false) turns off bounds and overflow checks"},
};

const ank_pattern *ank__patterns_zig(size_t *n)
{
    *n = P_COUNT_;
    return patterns;
}

/* ------------------------------------------------------- small helpers */

static TSNode null_node(void)
{
    TSNode n = {{0}, NULL, NULL};
    return n;
}

const char *ank__rules_zig_bytes(const ank_x *x, TSNode n, uint32_t *len)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > x->len)
        e = x->len;
    *len = e > s ? e - s : 0;
    return x->src + s;
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

bool ank__rules_zig_contains(const char *text, uint32_t len,
                             const char *needle)
{
    size_t m = strlen(needle);
    for (uint32_t i = 0; i + m <= len; i++) {
        size_t k = 0;
        while (k < m && lower(text[i + k]) == needle[k])
            k++;
        if (k == m)
            return true;
    }
    return false;
}

TSNode ank__rules_zig_unparen(TSNode n)
{
    for (int i = 0; i < ZR_CHAIN_MAX &&
                    ank__x_is(n, "parenthesized_expression");
         i++)
        n = ank__zig_find_last(n);
    return n;
}

TSNode ank__rules_zig_builtin_name(TSNode call)
{
    TSNode k = ts_node_named_child(call, 0);
    return ank__x_is(k, "builtin_identifier") ? k : null_node();
}

/* ---------------------------------------------------------- declarations */

/* A `[N]u8` / `[]u8` (or `[]const u8`) type. */
static bool is_byte_buffer(ank_x *x, TSNode type)
{
    if (!ank__x_is(type, "array_type") && !ank__x_is(type, "slice_type"))
        return false;
    TSNode elem = ank__zig_find_last(type);
    return ank__x_is(elem, "builtin_type") && ank__x_text_eq(x, elem, "u8");
}

static bool secret_buffer_name(const ank_x *x, TSNode name)
{
    static const char *const words[] = {"key",   "secret", "password",
                                        "token", "nonce",  "seed",
                                        "salt",  NULL};
    uint32_t len;
    const char *s = ank__rules_zig_bytes(x, name, &len);
    for (const char *const *p = words; *p; p++)
        if (ank__rules_zig_contains(s, len, *p))
            return true;
    return false;
}

/* Names that hold a credential when given a literal: compared with the
 * name lower-cased and its underscores removed. */
static bool credential_name(const ank_x *x, TSNode name)
{
    static const char *const words[] = {
        "password", "passwd",      "secret",    "apikey",
        "privatekey", "accesstoken", "authtoken", NULL};
    char buf[128];
    uint32_t len, o = 0;
    const char *s = ank__rules_zig_bytes(x, name, &len);
    for (uint32_t i = 0; i < len && o + 1 < sizeof buf; i++)
        if (s[i] != '_')
            buf[o++] = lower(s[i]);
    for (const char *const *p = words; *p; p++)
        if (ank__rules_zig_contains(buf, o, *p))
            return true;
    return false;
}

/* A `"..."` literal with at least one character. */
static bool nonempty_string(TSNode n)
{
    return ank__x_is(n, "string") &&
           ts_node_end_byte(n) - ts_node_start_byte(n) > 2;
}

void ank__rules_zig_check_decl(ank_x *x, TSNode decl, TSNode name,
                               TSNode type, TSNode value, bool undefined_value)
{
    if (undefined_value && is_byte_buffer(x, type) &&
        secret_buffer_name(x, name))
        ank__rules_finding(x, &patterns[P_UNDEFINED_SECRET], decl);
    if (nonempty_string(value) && credential_name(x, name))
        ank__rules_finding(x, &patterns[P_HARDCODED_SECRET], decl);
}

/* ------------------------------------------------------ catch unreachable */

/* Is the callee-path segment `n` (an identifier) an I/O name: exactly fs,
 * io, net, posix, os, File, Dir, or read / write / open / print as a whole
 * word or a camelCase prefix (readAll, writeAll, openFile, print on a
 * writer; not reader, opened, printer). */
static bool io_segment(const ank_x *x, TSNode n)
{
    static const char *const exact[] = {"fs",   "io",   "net", "posix",
                                        "os",   "File", "Dir", NULL};
    static const char *const prefix[] = {"read", "write", "open", "print",
                                         NULL};
    uint32_t len;
    const char *s = ank__rules_zig_bytes(x, n, &len);
    for (const char *const *p = exact; *p; p++)
        if (strlen(*p) == len && memcmp(s, *p, len) == 0)
            return true;
    for (const char *const *p = prefix; *p; p++) {
        size_t m = strlen(*p);
        if (len >= m && memcmp(s, *p, m) == 0 &&
            (len == m || (s[m] >= 'A' && s[m] <= 'Z')))
            return true;
    }
    return false;
}

/* Is `n` a call whose callee path (names along its `.member` and call
 * chain, at most ZR_CHAIN_MAX steps) has an I/O segment? */
static bool is_io_call(const ank_x *x, TSNode n)
{
    n = ank__rules_zig_unparen(n);
    if (!ank__x_is(n, "call_expression"))
        return false;
    n = ank__x_field(n, "function");
    for (int i = 0; i < ZR_CHAIN_MAX && !ts_node_is_null(n); i++) {
        if (ank__x_is(n, "field_expression")) {
            if (io_segment(x, ank__x_field(n, "member")))
                return true;
            n = ank__x_field(n, "object");
        } else if (ank__x_is(n, "call_expression")) {
            n = ank__x_field(n, "function");
        } else {
            return ank__x_is(n, "identifier") && io_segment(x, n);
        }
    }
    return false;
}

void ank__rules_zig_check_catch(ank_x *x, TSNode catch_expr)
{
    if (is_io_call(x, ts_node_named_child(catch_expr, 0)))
        ank__rules_finding(x, &patterns[P_CATCH_UNREACHABLE_IO], catch_expr);
}

/* ------------------------------------------------------------- builtins */

void ank__rules_zig_check_builtin(ank_x *x, TSNode n)
{
    TSNode id = ank__rules_zig_builtin_name(n);
    uint32_t len;
    const char *s = ank__rules_zig_bytes(x, id, &len);
    if (len < 4 || s[0] != '@')
        return;
    if (ank__x_text_eq(x, id, "@ptrCast")) {
        ank__rules_finding(x, &patterns[P_PTR_CAST], n);
    } else if (ank__x_text_eq(x, id, "@intFromPtr") ||
               ank__x_text_eq(x, id, "@ptrToInt")) {
        ank__rules_finding(x, &patterns[P_INT_FROM_PTR], n);
    } else if (ank__x_text_eq(x, id, "@ptrFromInt") ||
               ank__x_text_eq(x, id, "@intToPtr")) {
        ank__rules_finding(x, &patterns[P_PTR_FROM_INT], n);
    } else if (ank__x_text_eq(x, id, "@setRuntimeSafety")) {
        TSNode args = ank__x_child_of_type(n, "arguments");
        TSNode arg =
            ts_node_is_null(args) ? args : ts_node_named_child(args, 0);
        if (ank__x_is(arg, "boolean") && ank__x_text_eq(x, arg, "false"))
            ank__rules_finding(x, &patterns[P_RUNTIME_SAFETY_OFF], n);
    }
}

/* `.{ "sh", "-c", cmd }`: a shell, then `-c` (or cmd.exe's /c), then at
 * least one element that is not a string literal.  One cursor pass. */
void ank__rules_zig_check_list(ank_x *x, TSNode n)
{
    static const char *const shells[] = {
        "\"sh\"",           "\"bash\"",          "\"zsh\"",
        "\"dash\"",         "\"/bin/sh\"",       "\"/bin/bash\"",
        "\"/usr/bin/sh\"",  "\"/usr/bin/bash\"", "\"/bin/zsh\"",
        "\"cmd\"",          "\"cmd.exe\"",       NULL};
    TSNode first = ts_node_named_child(n, 0);
    bool shell = false;
    for (const char *const *p = shells; *p && !shell; p++)
        shell = ank__x_text_eq(x, first, *p);
    if (!shell)
        return;
    uint32_t index = 0;
    bool found = false;
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ts_node_is_named(k) || ank__x_is(k, "comment"))
                continue;
            index++;
            if (index == 2 && !ank__x_text_eq(x, k, "\"-c\"") &&
                !ank__x_text_eq(x, k, "\"/c\"") &&
                !ank__x_text_eq(x, k, "\"/C\""))
                break;
            if (index >= 3 && !ank__x_is(k, "string") &&
                !ank__x_is(k, "multiline_string")) {
                found = true;
                break;
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    if (found)
        ank__rules_finding(x, &patterns[P_SHELL_COMMAND], n);
}
