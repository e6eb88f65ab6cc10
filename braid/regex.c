/*
 * regex.c - the regex subset: its parser, and the checker built on it.
 *
 * The subset (docs/regex.md) is defined by the parser below: literals,
 * classes of code points, (...) and (?:...) groups, |, the greedy
 * quantifiers * + ? {n} {n,} {n,m} (bounds up to ANK_RX_MAX_REPEAT), `^`
 * only where nothing can precede it and `$` only where nothing can follow
 * it.  No lookaround, backreferences, lazy or possessive quantifiers,
 * atomic groups, flags, \b, \d \w \s (ASCII in PCRE2, Unicode in Rust) or
 * code point escapes but ASCII \xHH (XGrammar reads \x{41} as x{41}):
 * non-ASCII is written as itself.  The parse tree feeds dfa.c, and the
 * regexes braid emits in the subset are in regex_emit.c.
 *
 * Invariants: a parse only appends to the node and range pools of its
 * ank_rx, and every class's ranges are sorted, disjoint and not adjacent.
 * ank__regex_check takes a regex only when PCRE2 compiles it and the
 * parser accepts it.
 */
#include "regex.h"

#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "../ffi/alloc.h"
#include "../ffi/text.h"
#include "../ffi/status.h"

#define NONE ANK_RX_NONE
#define MAX_CP 0x10FFFFu
#define PARSE_DEPTH 64

/* ------------------------------------------------------------ parsing */

typedef ank_rx_node node;

typedef struct parser {
    const char *re;
    size_t pos, len;
    ank_error *error;
    ank_status status;
    ank_rx *rx;
    int depth;
} parser;

static uint32_t fail(parser *p, size_t at, const char *what)
{
    if (p->status == ANK_OK)
        p->status = ank__error_set(p->error, ANK_ERR_FORMAT, 0, 0,
                                   (int64_t)at, "regex: %s (at byte %zu)",
                                   what, at);
    return NONE;
}

static uint32_t nomem(parser *p)
{
    if (p->status == ANK_OK)
        p->status = ank__fail(p->error, ANK_ERR_NOMEM, "out of memory");
    return NONE;
}

static uint32_t new_node(parser *p, int kind, size_t at)
{
    if (!ank__array_reserve((void **)&p->rx->nodes, &p->rx->ncap,
                            p->rx->nnodes, 1, sizeof(node)))
        return nomem(p);
    node *n = &p->rx->nodes[p->rx->nnodes];
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    n->child = n->next = NONE;
    n->offset = (uint32_t)at;
    return (uint32_t)p->rx->nnodes++;
}

static bool add_range(parser *p, uint32_t lo, uint32_t hi)
{
    if (!ank__array_reserve((void **)&p->rx->ranges, &p->rx->rcap,
                            p->rx->nranges + 1, 1, 2 * sizeof(uint32_t))) {
        nomem(p);
        return false;
    }
    p->rx->ranges[2 * p->rx->nranges] = lo;
    p->rx->ranges[2 * p->rx->nranges + 1] = hi;
    p->rx->nranges++;
    return true;
}

uint32_t ank__regex_utf8_next(const char *s, size_t n, size_t *i)
{
    uint32_t cp;
    size_t k = ank__utf8_decode((const unsigned char *)s + *i, n - *i, &cp);
    if (!k)
        return NONE;
    *i += k;
    return cp;
}

static int peek(const parser *p)
{
    return p->pos < p->len ? (unsigned char)p->re[p->pos] : -1;
}

/* The code point of an escape `\x` (p->pos at x), or NONE after an error. */
static uint32_t escape(parser *p)
{
    size_t at = p->pos - 1;
    int c = peek(p);
    if (c < 0)
        return fail(p, at, "trailing backslash");
    p->pos++;
    if (c == 't')
        return '\t';
    if (c == 'n')
        return '\n';
    if (c == 'r')
        return '\r';
    if (strchr("\\.+*?()|[]{}^$-/", c))
        return (uint32_t)c;
    if (strchr("dDwWsS", c))
        return fail(p, at, "\\d, \\w and \\s are ASCII in PCRE2 but Unicode "
                           "in Rust: write the class out");
    if (c == 'b' || c == 'B')
        return fail(p, at, "word boundaries are not portable (XGrammar has "
                           "none)");
    if (c >= '0' && c <= '9')
        return fail(p, at, "backreferences are not in the subset");
    int hi = p->pos + 1 < p->len ? ank__hex_value(p->re[p->pos]) : -1;
    int lo = hi >= 0 ? ank__hex_value(p->re[p->pos + 1]) : -1;
    if (c == 'x' && lo >= 0) { /* \xHH, ASCII only */
        p->pos += 2;
        if (p->pos < p->len && ank__hex_value(p->re[p->pos]) >= 0)
            return fail(p, at, "a hex digit right after \\xHH: XGrammar "
                               "reads on, write it as \\xHH too");
        if (hi < 8)
            return (uint32_t)(16 * hi + lo);
        return fail(p, at, "\\xHH above \\x7F reads differently between "
                           "engines: write the character itself");
    }
    if (c == 'x' || c == 'u' || c == 'p' || c == 'P')
        return fail(p, at, "escapes for code points or properties differ "
                           "between engines: write the character itself "
                           "(ASCII: \\xHH)");
    return fail(p, at, "unknown escape");
}

static int cmp_pair(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0;
}

/* Sort and merge the ranges from `first` on; complement them if asked. */
static void normalize(parser *p, size_t first, bool negate)
{
    uint32_t *r = p->rx->ranges + 2 * first;
    size_t n = p->rx->nranges - first, m = 0;
    qsort(r, n, 2 * sizeof(uint32_t), cmp_pair);
    for (size_t i = 0; i < n; i++) {
        if (m && r[2 * i] <= r[2 * m - 1] + 1) {
            if (r[2 * i + 1] > r[2 * m - 1])
                r[2 * m - 1] = r[2 * i + 1];
        } else {
            r[2 * m] = r[2 * i];
            r[2 * m + 1] = r[2 * i + 1];
            m++;
        }
    }
    p->rx->nranges = first + m;
    if (!negate)
        return;
    /* The complement has at most m + 1 ranges: rebuild after the old. */
    uint32_t next = 0;
    size_t old = p->rx->nranges;
    for (size_t i = 0; i < m; i++) {
        uint32_t lo = p->rx->ranges[2 * (first + i)];
        uint32_t hi = p->rx->ranges[2 * (first + i) + 1];
        if (lo > next && !add_range(p, next, lo - 1))
            return;
        next = hi + 1;
    }
    if (next <= MAX_CP && !add_range(p, next, MAX_CP))
        return;
    memmove(p->rx->ranges + 2 * first, p->rx->ranges + 2 * old,
            (p->rx->nranges - old) * 2 * sizeof(uint32_t));
    p->rx->nranges = first + (p->rx->nranges - old);
}

static uint32_t set_node(parser *p, size_t at, size_t first)
{
    uint32_t id = new_node(p, ANK_RX_SET, at);
    if (id == NONE)
        return NONE;
    p->rx->nodes[id].rstart = (uint32_t)first;
    p->rx->nodes[id].rcount = (uint32_t)(p->rx->nranges - first);
    if (p->rx->nranges == first)
        return fail(p, at, "empty class");
    return id;
}

/* One class member (a literal or an escape); NONE after an error. */
static uint32_t class_char(parser *p)
{
    size_t at = p->pos;
    int c = peek(p);
    if (c < 0)
        return fail(p, at, "unterminated class");
    if (c == '[')
        return fail(p, at, "nested classes, POSIX classes and set "
                           "operations are not in the subset: escape '['");
    if (c == '\\') {
        p->pos++;
        return escape(p);
    }
    uint32_t cp = ank__regex_utf8_next(p->re, p->len, &p->pos);
    return cp == NONE ? fail(p, at, "invalid UTF-8") : cp;
}

static uint32_t parse_class(parser *p)
{
    size_t at = p->pos - 1, first = p->rx->nranges;
    bool negate = peek(p) == '^';
    if (negate)
        p->pos++;
    if (peek(p) == ']')
        return fail(p, p->pos, "empty class or unescaped ']'");
    while (p->status == ANK_OK && peek(p) != ']') {
        size_t item = p->pos;
        if (peek(p) == '-' && item + 1 < p->len && p->re[item + 1] == '-')
            return fail(p, item, "'--' is a set operation in Rust");
        if (peek(p) == '&' && item + 1 < p->len && p->re[item + 1] == '&')
            return fail(p, item, "'&&' is a set operation in Rust");
        if (peek(p) == '~' && item + 1 < p->len && p->re[item + 1] == '~')
            return fail(p, item, "'~~' is a set operation in Rust");
        uint32_t lo = class_char(p), hi = lo;
        if (lo == NONE)
            return NONE;
        if (peek(p) == '-' && p->pos + 1 < p->len &&
            p->re[p->pos + 1] != ']') {
            p->pos++;
            hi = class_char(p);
            if (hi == NONE)
                return NONE;
            if (hi < lo)
                return fail(p, item, "range out of order");
        } else if (lo == '-' && p->re[item] == '-' && item != at + 1 +
                   (negate ? 1 : 0) && peek(p) != ']') {
            return fail(p, item, "a literal '-' must be escaped or come "
                                 "first or last");
        }
        if (!add_range(p, lo, hi))
            return NONE;
    }
    if (p->status != ANK_OK)
        return NONE;
    p->pos++; /* ']' */
    normalize(p, first, negate);
    return p->status == ANK_OK ? set_node(p, at, first) : NONE;
}

static uint32_t parse_alt(parser *p);

static uint32_t parse_atom(parser *p)
{
    size_t at = p->pos;
    int c = peek(p);
    p->pos++;
    switch (c) {
    case '(': {
        if (peek(p) == '?') {
            if (p->pos + 1 < p->len && p->re[p->pos + 1] == ':')
                p->pos += 2;
            else
                return fail(p, at, "only (...) and (?:...) groups are in the "
                                   "subset (no lookaround, flags, names or "
                                   "atomic groups)");
        }
        if (++p->depth > PARSE_DEPTH)
            return fail(p, at, "groups nested too deeply");
        uint32_t inner = parse_alt(p);
        p->depth--;
        if (inner == NONE)
            return NONE;
        if (peek(p) != ')')
            return fail(p, at, "unclosed group");
        p->pos++;
        return inner;
    }
    case '[':
        return parse_class(p);
    case '.': {
        size_t first = p->rx->nranges;
        if (!add_range(p, 0, '\n' - 1) || !add_range(p, '\n' + 1, MAX_CP))
            return NONE;
        return set_node(p, at, first);
    }
    case '^':
        return new_node(p, ANK_RX_BOL, at);
    case '$':
        return new_node(p, ANK_RX_EOL, at);
    case ')':
        return fail(p, at, "unbalanced ')'");
    case '*':
    case '+':
    case '?':
        return fail(p, at, "nothing to repeat");
    case '{':
    case '}':
    case ']':
        return fail(p, at, "escape '{', '}' and ']' when they are literal");
    default: {
        uint32_t cp;
        if (c == '\\') {
            cp = escape(p);
        } else {
            p->pos = at;
            cp = ank__regex_utf8_next(p->re, p->len, &p->pos);
            if (cp == NONE)
                return fail(p, at, "invalid UTF-8");
        }
        if (cp == NONE)
            return NONE;
        size_t first = p->rx->nranges;
        if (!add_range(p, cp, cp))
            return NONE;
        return set_node(p, at, first);
    }
    }
}

static bool number(parser *p, uint32_t *v)
{
    size_t start = p->pos;
    uint32_t n = 0;
    while (peek(p) >= '0' && peek(p) <= '9') {
        n = n * 10 + (uint32_t)(peek(p) - '0');
        if (n > ANK_RX_MAX_REPEAT) {
            fail(p, start, "repetition bound above 1000");
            return false;
        }
        p->pos++;
    }
    *v = n;
    return p->pos > start;
}

/* A quantifier after `atom`, if any. */
static uint32_t parse_quant(parser *p, uint32_t atom)
{
    size_t at = p->pos;
    int c = peek(p);
    uint32_t min, max;
    if (c == '*' || c == '+' || c == '?') {
        p->pos++;
        min = c == '+' ? 1 : 0;
        max = c == '?' ? 1 : NONE;
    } else if (c == '{') {
        p->pos++;
        if (!number(p, &min))
            return fail(p, at, "'{' must start a repetition {n}, {n,} or "
                               "{n,m}");
        max = min;
        if (peek(p) == ',') {
            p->pos++;
            max = NONE;
            if (peek(p) != '}' && !number(p, &max))
                return fail(p, at, "bad repetition");
        }
        if (peek(p) != '}')
            return fail(p, at, "bad repetition");
        p->pos++;
        if (max < min)
            return fail(p, at, "repetition bounds out of order");
    } else {
        return atom;
    }
    uint8_t k = p->rx->nodes[atom].kind;
    if (k == ANK_RX_BOL || k == ANK_RX_EOL)
        return fail(p, at, "an anchor cannot be repeated");
    c = peek(p);
    if (c == '?' || c == '+')
        return fail(p, p->pos, "lazy and possessive quantifiers are not in "
                               "the subset");
    if (c == '*' || c == '{')
        return fail(p, p->pos, "nested quantifier");
    uint32_t r = new_node(p, ANK_RX_REP, at);
    if (r == NONE)
        return NONE;
    p->rx->nodes[r].child = atom;
    p->rx->nodes[r].min = min;
    p->rx->nodes[r].max = max;
    return r;
}

static uint32_t parse_cat(parser *p)
{
    size_t at = p->pos;
    uint32_t cat = new_node(p, ANK_RX_CAT, at), last = NONE;
    if (cat == NONE)
        return NONE;
    while (p->status == ANK_OK && peek(p) >= 0 && peek(p) != '|' &&
           peek(p) != ')') {
        uint32_t a = parse_atom(p);
        if (a == NONE)
            return NONE;
        a = parse_quant(p, a);
        if (a == NONE)
            return NONE;
        if (last == NONE)
            p->rx->nodes[cat].child = a;
        else
            p->rx->nodes[last].next = a;
        last = a;
    }
    if (p->status != ANK_OK)
        return NONE;
    if (last == NONE)
        return fail(p, at, "empty alternative (write an optional part with "
                           "'?')");
    return cat;
}

static uint32_t parse_alt(parser *p)
{
    uint32_t alt = new_node(p, ANK_RX_ALT, p->pos), last = NONE;
    if (alt == NONE)
        return NONE;
    for (;;) {
        uint32_t c = parse_cat(p);
        if (c == NONE)
            return NONE;
        if (last == NONE)
            p->rx->nodes[alt].child = c;
        else
            p->rx->nodes[last].next = c;
        last = c;
        if (peek(p) != '|')
            return alt;
        p->pos++;
    }
}

/* `^` only where nothing can come before it, `$` only where nothing can
 * come after it: at the ends of the regex, of a branch there, and so on
 * down.  XGrammar only knows them at the ends of the whole regex. */
static bool anchors_ok(parser *p, uint32_t n, bool at_start, bool at_end)
{
    node *x = &p->rx->nodes[n];
    switch (x->kind) {
    case ANK_RX_BOL:
        if (!at_start)
            return fail(p, x->offset, "'^' only at the start"), false;
        return true;
    case ANK_RX_EOL:
        if (!at_end)
            return fail(p, x->offset, "'$' only at the end"), false;
        return true;
    case ANK_RX_REP:
        return anchors_ok(p, x->child, false, false);
    case ANK_RX_ALT:
        for (uint32_t c = x->child; c != NONE; c = p->rx->nodes[c].next)
            if (!anchors_ok(p, c, at_start, at_end))
                return false;
        return true;
    case ANK_RX_CAT: {
        bool start = at_start;
        for (uint32_t c = x->child; c != NONE; c = p->rx->nodes[c].next) {
            bool end = at_end;
            for (uint32_t d = p->rx->nodes[c].next; d != NONE && end;
                 d = p->rx->nodes[d].next)
                end = p->rx->nodes[d].kind == ANK_RX_EOL;
            if (!anchors_ok(p, c, start, end))
                return false;
            start = start && p->rx->nodes[c].kind == ANK_RX_BOL;
        }
        return true;
    }
    default:
        return true;
    }
}

/* Parse `re` into p; returns the root or NONE. */

ank_status ank__regex_parse(ank_rx *rx, const char *re, uint32_t *root,
                            ank_error *error)
{
    parser p = {re, 0, re ? strlen(re) : 0, error, ANK_OK, rx, 0};
    *root = NONE;
    if (!re || !*re)
        return ank__fail(error, ANK_ERR_FORMAT, "regex: empty");
    uint32_t r = parse_alt(&p);
    if (r != NONE && p.pos < p.len)
        fail(&p, p.pos, "unbalanced ')'");
    else if (r != NONE && anchors_ok(&p, r, true, true))
        *root = r;
    return p.status;
}

void ank__regex_release(ank_rx *rx)
{
    ank__free(rx->nodes);
    ank__free(rx->ranges);
    *rx = (ank_rx)ANK_RX_INIT;
}

/* ----------------------------------------------------------- check */

void *ank__regex_pcre_malloc(size_t size, void *data)
{
    (void)data;
    return ank__malloc(size);
}

void ank__regex_pcre_free(void *ptr, void *data)
{
    (void)data;
    ank__free(ptr);
}

ank_status ank__regex_check(const char *re, ank_error *error)
{
    if (!re)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT, "regex: NULL");
    pcre2_general_context *gc =
        pcre2_general_context_create(ank__regex_pcre_malloc,
                                     ank__regex_pcre_free, NULL);
    pcre2_compile_context *cc = gc ? pcre2_compile_context_create(gc) : NULL;
    if (!cc) {
        pcre2_general_context_free(gc);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    int code;
    PCRE2_SIZE at;
    pcre2_code *pc = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &code,
                                   &at, cc);
    pcre2_compile_context_free(cc);
    pcre2_general_context_free(gc);
    if (!pc && code == PCRE2_ERROR_HEAP_FAILED)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    if (!pc) {
        PCRE2_UCHAR msg[120];
        pcre2_get_error_message(code, msg, sizeof msg);
        return ank__error_set(error, ANK_ERR_FORMAT, 0, 0, (int64_t)at,
                              "regex: PCRE2 rejects it: %s (at byte %zu)",
                              (const char *)msg, (size_t)at);
    }
    pcre2_code_free(pc);
    ank_rx rx = ANK_RX_INIT;
    uint32_t root;
    ank_status st = ank__regex_parse(&rx, re, &root, error);
    ank__regex_release(&rx);
    return st;
}
