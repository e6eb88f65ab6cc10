/*
 * rules_zig_hints.c - the pre-filter of the Zig rule walk (rules_zig.c):
 * one pass over the source that lists, in order, the byte offsets where a
 * rule might start.  The walk visits only the nodes that hold one of them.
 *
 * Invariants: one pass over x->src, the offsets sorted by construction,
 * the list in x->scratch.  A hint only prunes: a node that holds what a
 * rule reports must hold a hint (the word, the `@builtin`, the `|` of a
 * capture, the marker comment, the shell flag), and every match is still
 * made on the tree.
 */
#include "rules_zig.h"

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}


/*
 * Byte offsets where a rule might start: `@` before a builtin a rule is
 * about (@ptrCast, @intFromPtr, @ptrToInt, @ptrFromInt, @intToPtr,
 * @setRuntimeSafety, @panic), `|` outside operators (captures), `//`
 * when the line holds the hole marker, the words try, catch, var, fn and
 * const (not after `]`, `*` or `)`, as in `[]const u8`), and `-c"` /
 * `/c"` (shell arguments).  A node whose text holds none of them cannot
 * hold anything the walk reports, so it is not entered.
 */
static bool is_keyword(const char *s, uint32_t n)
{
    switch (n) {
    case 2: return memcmp(s, "fn", 2) == 0;
    case 3: return memcmp(s, "try", 3) == 0 || memcmp(s, "var", 3) == 0;
    case 5: return memcmp(s, "catch", 5) == 0 || memcmp(s, "const", 5) == 0;
    default: return false;
    }
}

/* Does s[0, n) start with the name of a builtin a rule is about (the
 * security catalog's, and `@panic` for holes), as a whole word? */
static bool is_rule_builtin(const char *s, uint32_t n)
{
    static const char *const names[] = {
        "ptrCast",   "intFromPtr", "ptrToInt",         "ptrFromInt",
        "intToPtr",  "panic",      "setRuntimeSafety", NULL};
    if (n == 0 || (s[0] != 'p' && s[0] != 'i' && s[0] != 's'))
        return false;
    for (const char *const *p = names; *p; p++) {
        size_t m = strlen(*p);
        if (n >= m && memcmp(s, *p, m) == 0 && (n == m || !is_alnum(s[m])))
            return true;
    }
    return false;
}

/* Does the line from s (a `//`) hold the hole marker? */
static bool has_marker(const char *s, uint32_t n)
{
    static const char marker[] = ANK_HOLE_MARKER;
    const size_t m = sizeof marker - 1;
    for (uint32_t i = 2; i + m <= n && s[i] != '\n'; i++)
        if (s[i] == marker[0] && memcmp(s + i, marker, m) == 0)
            return true;
    return false;
}

void ank__rules_zig_index_hints(ank_x *x, uint32_t **hints, uint32_t *nhints)
{
    const char *src = x->src;
    uint32_t len = x->len;
    bool word[256];
    for (int c = 0; c < 256; c++)
        word[c] = c >= 0x80 || is_alnum((char)c);
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    for (uint32_t i = 0; i < len && x->status == ANK_OK; i++) {
        unsigned char c = (unsigned char)src[i];
        uint32_t at = i;
        bool hit = false;
        if (word[c]) {
            while (i + 1 < len && word[(unsigned char)src[i + 1]])
                i++;
            if (c != 'c' && c != 'f' && c != 't' && c != 'v')
                continue;
            hit = is_keyword(src + at, i + 1 - at);
            if (hit && c == 'c' && src[at + 1] == 'o') {
                uint32_t b = at;
                while (b > 0 && (src[b - 1] == ' ' || src[b - 1] == '\t'))
                    b--;
                hit = !(b > 0 && (src[b - 1] == ']' || src[b - 1] == '*' ||
                                  src[b - 1] == ')'));
            }
        } else if (c == '@') {
            hit = is_rule_builtin(src + i + 1, len - i - 1);
        } else if (c == '|') {
            /* Not in an operator (`||`, `|=`, `+|`, `-|=`, `*|`, `<<|`):
             * only a capture's bars matter. */
            char prev = i > 0 ? src[i - 1] : ' ';
            char next = i + 1 < len ? src[i + 1] : ' ';
            hit = next != '=' && next != '|' && prev != '|' && prev != '-' &&
                  prev != '+' && prev != '*' && prev != '<';
        } else if (c == '/' && i + 1 < len && src[i + 1] == '/') {
            hit = has_marker(src + i, len - i);
        } else if (c == '/' || c == '-') {
            hit = i + 2 < len && (src[i + 1] == 'c' || src[i + 1] == 'C') &&
                  src[i + 2] == '"';
        }
        if (hit) {
            uint32_t *slot = ANK_X_PUSH(x, *hints, *nhints);
            if (slot)
                *slot = at;
        }
    }
    x->arena = keep;
}

