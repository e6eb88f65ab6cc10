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

static bool is_word(unsigned char c) { return c >= 0x80 || is_alnum((char)c); }

/* Is src[at] the start of a hint?  The tests of the list above, for any
 * byte. */
static bool hint_at(const char *src, uint32_t len, uint32_t at)
{
    unsigned char c = (unsigned char)src[at];
    if (is_word(c)) {
        /* Only whole words: the previous byte ends the one before. */
        if (c != 'c' && c != 'f' && c != 't' && c != 'v')
            return false;
        if (at > 0 && is_word((unsigned char)src[at - 1]))
            return false;
        uint32_t end = at + 1;
        while (end < len && is_word((unsigned char)src[end]))
            end++;
        if (!is_keyword(src + at, end - at))
            return false;
        if (c == 'c' && src[at + 1] == 'o') {
            uint32_t b = at;
            while (b > 0 && (src[b - 1] == ' ' || src[b - 1] == '\t'))
                b--;
            return !(b > 0 && (src[b - 1] == ']' || src[b - 1] == '*' ||
                               src[b - 1] == ')'));
        }
        return true;
    }
    if (c == '@')
        return is_rule_builtin(src + at + 1, len - at - 1);
    if (c == '|') {
        /* Not in an operator (`||`, `|=`, `+|`, `-|=`, `*|`, `<<|`):
         * only a capture's bars matter. */
        char prev = at > 0 ? src[at - 1] : ' ';
        char next = at + 1 < len ? src[at + 1] : ' ';
        return next != '=' && next != '|' && prev != '|' && prev != '-' &&
               prev != '+' && prev != '*' && prev != '<';
    }
    if (c == '/' && at + 1 < len && src[at + 1] == '/')
        return has_marker(src + at, len - at);
    if (c == '/' || c == '-')
        return at + 2 < len && (src[at + 1] == 'c' || src[at + 1] == 'C') &&
               src[at + 2] == '"';
    return false;
}

static bool push_hint(ank_x *x, uint32_t **hints, uint32_t *nhints,
                      uint32_t at)
{
    uint32_t *slot = ANK_X_PUSH(x, *hints, *nhints);
    if (slot)
        *slot = at;
    return slot != NULL;
}

/* Up to three bytes, one per byte of a word. */
#define NEXT3(a, b, c) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16)

/*
 * Most bytes are passed over with one test that is rarely true: whether
 * the next byte is one a hint starting with this byte can have there (the
 * second letter of a keyword or of a builtin's name, `/` or `c` after `/`,
 * `c` after `-`; three candidates compared at once), or the byte is `|`.
 * Testing the first byte alone would pass the common letters c, f, t and
 * v, and mispredict on each.  The last byte can only start a `|` hint.
 */
void ank__rules_zig_index_hints(ank_x *x, uint32_t **hints, uint32_t *nhints)
{
    static const uint32_t next[256] = {
        ['f'] = NEXT3('n', 'n', 'n'), ['t'] = NEXT3('r', 'r', 'r'),
        ['v'] = NEXT3('a', 'a', 'a'), ['c'] = NEXT3('a', 'o', 'o'),
        ['@'] = NEXT3('p', 'i', 's'), ['/'] = NEXT3('/', 'c', 'C'),
        ['-'] = NEXT3('c', 'C', 'C'),
    };
    const unsigned char *src = (const unsigned char *)x->src;
    uint32_t len = x->len;
    ank_arena *keep = x->arena;
    x->arena = x->scratch;
    bool ok = x->status == ANK_OK;
    for (uint32_t i = 0; ok && i + 1 < len; i++) {
        /* A zero byte in v: the next byte is one of the three. */
        uint32_t v = next[src[i]] ^ (src[i + 1] * 0x010101u);
        if (((v - 0x010101u) & ~v & 0x808080u) == 0 && src[i] != '|')
            continue;
        if (hint_at(x->src, len, i))
            ok = push_hint(x, hints, nhints, i);
    }
    if (ok && len > 0 && src[len - 1] == '|' && hint_at(x->src, len, len - 1))
        push_hint(x, hints, nhints, len - 1);
    x->arena = keep;
}
