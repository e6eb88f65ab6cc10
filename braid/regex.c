/*
 * regex.c - the regex subset and the regexes braid emits in it.
 *
 * The subset (docs/regex.md) is defined by the parser below: literals,
 * classes of code points, (...) and (?:...) groups, |, the greedy
 * quantifiers * + ? {n} {n,} {n,m} (bounds up to ANK_RX_MAX_REPEAT), `^`
 * only where nothing can precede it and `$` only where nothing can follow
 * it.  No lookaround, backreferences, lazy or possessive quantifiers,
 * atomic groups, flags, \b, \d \w \s (ASCII in PCRE2, Unicode in Rust) or
 * code point escapes but ASCII \xHH (XGrammar reads \x{41} as x{41}):
 * non-ASCII is written as itself.  The parse tree feeds dfa.c.
 *
 * Emitted regexes are deterministic in the sense of docs/regex.md: the
 * next character selects the branch, and every loop runs over a class that
 * excludes what follows it, so a backtracking engine does linear work per
 * start.  Style regexes reproduce clew/naming.c (with non-ASCII read as
 * caseless); pattern regexes approximate clew's syntactic matches on text,
 * shaped so that their union stays a small DFA whose state after a closing
 * bracket does not depend on what came before (completion.c).
 */
#include "regex.h"

#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "../ffi/alloc.h"
#include "../ffi/buf.h"
#include "../ffi/status.h"

#define NONE ANK_RX_NONE
#define MAX_CP 0x10FFFFu
#define PARSE_DEPTH 64

static bool grow(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = ank__realloc(*arr, c * size);
    if (!p)
        return false;
    *arr = p;
    *cap = c;
    return true;
}
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
    if (!grow((void **)&p->rx->nodes, &p->rx->ncap, p->rx->nnodes,
              sizeof(node)))
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
    if (!grow((void **)&p->rx->ranges, &p->rx->rcap, p->rx->nranges + 1,
              2 * sizeof(uint32_t))) {
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
    const unsigned char *u = (const unsigned char *)s + *i;
    size_t left = n - *i;
    uint32_t c = u[0];
    size_t k;
    if (c < 0x80) {
        *i += 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF)
        k = 2, c &= 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        k = 3, c &= 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        k = 4, c &= 0x07;
    else
        return NONE;
    if (left < k)
        return NONE;
    for (size_t j = 1; j < k; j++) {
        if ((u[j] & 0xC0) != 0x80)
            return NONE;
        c = (c << 6) | (u[j] & 0x3Fu);
    }
    if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > MAX_CP)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return NONE;
    *i += k;
    return c;
}

static int peek(const parser *p)
{
    return p->pos < p->len ? (unsigned char)p->re[p->pos] : -1;
}

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
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
    int hi = p->pos + 1 < p->len ? hex(p->re[p->pos]) : -1;
    int lo = hi >= 0 ? hex(p->re[p->pos + 1]) : -1;
    if (c == 'x' && lo >= 0) { /* \xHH, ASCII only */
        p->pos += 2;
        if (p->pos < p->len && hex(p->re[p->pos]) >= 0)
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

/* ---------------------------------------------------------- styles */

/*
 * Classes of clew/naming.c's letter_case, with every non-ASCII code point
 * read as a caseless letter: U_ capitals, L_ lower-case letters, C_
 * caseless (non-ASCII), W_ = L_ and C_ (what naming.c counts as lower).
 * naming.c also cases Latin-1, Latin Extended-A, Greek and Cyrillic
 * letters; the regexes do not, because XGrammar misreads classes that
 * list non-ASCII ranges (even on ASCII input) but reads a negated class
 * of ASCII right.  Combinations: D digits, a last U or D '_' or '-'
 * (UDU_: capitals, digits, '_'); ID0_/ID_: naming.c's identifier
 * characters (ID0_ without digits).
 */
#define U_ "[A-Z]"
#define L_ "[a-z]"
#define C_ "[^\\x00-\\x7F]"
#define W_ "[^\\x00-`{-\\x7F]"
#define UD_ "[0-9A-Z]"
#define UDU_ "[0-9A-Z_]"
#define WD_ "[^\\x00-/:-`{-\\x7F]"
#define WDU_ "[^\\x00-/:-\\^`{-\\x7F]"
#define WDD_ "[^\\x00-,./:-`{-\\x7F]"
#define CD_ "[^\\x00-/:-\\x7F]"
#define CDU_ "[^\\x00-/:-\\^`-\\x7F]"
#define CDD_ "[^\\x00-,./:-\\x7F]"
#define UCD_ "[^\\x00-/:-@\\[-\\x7F]"
#define UW_ "[^\\x00-@\\[-`{-\\x7F]"
#define UWD_ "[^\\x00-/:-@\\[-`{-\\x7F]"
#define ID0_ "[^\\x00-,.-@\\[-\\^`{-\\x7F]"
#define ID_ "[^\\x00-,./:-@\\[-\\^`{-\\x7F]"

/* A name is `_*` core `_*`, the core neither starting nor ending with
 * `_`; the name starts with no digit, so a core that does follows `_+`.
 * Trailing underscores fold into the last class loop.  Rust and Zig treat
 * an acronym as a word: a run of two or more capitals (digits inside it
 * do not end it) may only be followed by a caseless letter (naming.c's
 * "acronym" rule), which the capital blocks of R_STEP spell out.  Go
 * judges the first letter as lower case when the name has a lower-case
 * letter (the G branches starting with a capital).  Loops run over
 * classes, not groups, wherever they can: PCRE2 counts every group
 * iteration against its match limit. */
#define DIGIT_HEAD "(?:_+(?:[0-9][0-9_]*)?)?"
#define R_STEP U_ "[0-9]*(?:" W_ "|" U_ UD_ "*" C_ ")"
#define R_BODY WD_ "*(?:" R_STEP WD_ "*)*(?:" U_ "[0-9]*)?"

static const char *const styles[3][ANK_STYLE_COUNT_] = {
    { /* TypeScript, Python */
        [ANK_STYLE_SNAKE] = "^" DIGIT_HEAD W_ WDU_ "*$",
        [ANK_STYLE_CAMEL] = "^(?:_+[0-9]" UD_ "*" W_ "|_*" W_ ")" UWD_ "*_*$",
        [ANK_STYLE_PASCAL] = "^(?:_+[0-9]+" U_ UD_ "*|_*" U_ UWD_ "*)_*$",
    },
    { /* Rust, Zig */
        [ANK_STYLE_SNAKE] = "^" DIGIT_HEAD W_ WDU_ "*$",
        [ANK_STYLE_CAMEL] = "^(?:_+[0-9]+(?:" W_ "|" R_STEP ")|_*" W_ ")"
                            R_BODY "_*$",
        [ANK_STYLE_PASCAL] = "^(?:_+[0-9]+" U_ "[0-9]*|_*" U_ "[0-9]*(?:(?:"
                             W_ "|" U_ UD_ "*" C_ ")" R_BODY ")?)_*$",
    },
    { /* Go */
        [ANK_STYLE_SNAKE] = "^(?:" DIGIT_HEAD W_ WDU_ "*|_*" U_ CDU_ "*" L_
                            WDU_ "*)$",
        [ANK_STYLE_CAMEL] = "^(?:_+[0-9]+" UW_ UWD_ "*|_*(?:" W_ UWD_ "*|" U_
                            UD_ "*(?:(?:" C_ UCD_ "*)?" L_ UWD_ "*)?))_*$",
        [ANK_STYLE_PASCAL] = "^(?:_+[0-9]+" U_ UD_ "*|_*" U_ UCD_ "*)_*$",
    },
};

/* Shared by every language (Go's first-letter rule adds a branch). */
static const char flat[] = "^(?:_+[0-9]*)?" W_ WD_ "*_*$";
static const char go_flat[] =
    "^(?:(?:_+[0-9]*)?" W_ WD_ "*|_*" U_ CD_ "*" L_ WD_ "*)_*$";
static const char screaming[] = "^" DIGIT_HEAD U_ UDU_ "*$";
static const char kebab[] =
    "^(?:_+[0-9]*)?(?:" W_ WD_ "*-|-[0-9-]*" W_ ")" WDD_ "*_*$";
static const char go_kebab[] =
    "^(?:(?:_+[0-9]*)?(?:" W_ WD_ "*-|-[0-9-]*" W_ ")|_*" U_ CD_ "*(?:" L_
    WD_ "*-|-" CDD_ "*" L_ "))" WDD_ "*_*$";
/* naming.c's plain identifier: these characters, no leading digit */
static const char any_identifier[] = "^" ID0_ ID_ "*$";

const char *ank__regex_style(ank_lang lang, ank_style style)
{
    int v;
    switch (lang) {
    case ANK_LANG_TYPESCRIPT:
    case ANK_LANG_TSX:
    case ANK_LANG_PYTHON:
        v = 0;
        break;
    case ANK_LANG_RUST:
    case ANK_LANG_ZIG:
        v = 1;
        break;
    case ANK_LANG_GO:
        v = 2;
        break;
    default:
        return NULL;
    }
    switch (style) {
    case ANK_STYLE_FLAT:
        return v == 2 ? go_flat : flat;
    case ANK_STYLE_SCREAMING:
        return screaming;
    case ANK_STYLE_KEBAB:
        return v == 2 ? go_kebab : kebab;
    case ANK_STYLE_OTHER:
        return any_identifier;
    case ANK_STYLE_SNAKE:
    case ANK_STYLE_CAMEL:
    case ANK_STYLE_PASCAL:
        return styles[v][style];
    default:
        return NULL;
    }
}

/* -------------------------------------------------------- patterns */

/* What may precede a name for it to be a whole name: start of text or a
 * character that is no identifier character (ASCII view: a non-ASCII
 * letter counts as a separator).  "_NODOT": nor a '.', so `obj.eval(`
 * is a method, not the builtin.  Gaps are loops over blanks, digits or
 * identifier characters that end at a character outside them (PCRE2 makes
 * those possessive, the contains automaton keeps one state for them); a
 * closing bracket only ends a pattern.  docs/regex.md says what each
 * regex matches and where it differs from clew. */
#define SEP "(?:^|[^0-9A-Z_a-z])"
#define SEP_NODOT "(?:^|[^.0-9A-Z_a-z])"
#define TS_SEP_NODOT "(?:^|[^$.0-9A-Z_a-z])"
#define END "(?:$|[^0-9A-Z_a-z])"
#define WS "[ \\t]*"
#define NL "[ \\t\\r\\n]*"
#define NL1 "[ \\t\\r\\n]+"
#define SHELL "\"(?:(?:(?:/usr)?/bin/)?(?:sh|bash|zsh|dash)|cmd(?:\\.exe)?)\""

static const struct {
    const char *id, *re;
} patterns[] = {
    {"python.eval", SEP_NODOT "(?:builtins\\.)?(?:eval|exec)" WS "\\("},
    {"python.pickle", SEP_NODOT "(?:pickle|cPickle|_pickle)\\."
                      "(?:loads?|Unpickler)" WS "\\("},
    {"python.yaml_load",
     SEP_NODOT "yaml\\.(?:unsafe_)?load(?:_all)?" WS "\\("},
    {"python.subprocess_shell",
     SEP_NODOT "subprocess\\.(?:getoutput|getstatusoutput)" WS "\\(|" SEP
     "shell" WS "=" WS "True" END},
    {"python.os_system", SEP_NODOT "os\\.(?:system|popen)" WS "\\("},
    {"python.sql_format",
     "\\.execute(?:many)?" WS "\\(" NL "(?:[rR]?[fF]|[fF][rR])[\"']"},
    {"python.hardcoded_secret",
     "(?:[Ss][Ee][Cc][Rr][Ee][Tt]|[Pp][Aa][Ss][Ss][Ww](?:[Oo][Rr][Dd]|[Dd])"
     "|[Tt][Oo][Kk][Ee][Nn]|[Aa][Pp][Ii]_?[Kk][Ee][Yy]"
     "|[Pp][Rr][Ii][Vv][Aa][Tt][Ee]_[Kk][Ee][Yy])(?:_?[Kk][Ee][Yy])?" WS "="
     WS "[bBrRuU]{0,2}[\"'][^\"'\\r\\n]"},
    {"python.tls_no_verify",
     SEP_NODOT "ssl\\._create_unverified_context" WS "\\(|" SEP "verify" WS
     "=" WS "False" END},
    {"typescript.eval",
     TS_SEP_NODOT "(?:(?:globalThis|window)\\.)?eval" WS "\\("},
    {"typescript.new_function", TS_SEP_NODOT "Function" WS "\\("},
    {"typescript.inner_html", "\\.(?:inner|outer)HTML" NL "\\+?=(?:$|[^=])"},
    {"typescript.dangerously_set_inner_html", "dangerouslySetInnerHTML"},
    {"typescript.child_process_exec",
     "(?:^|[^$.0-9A-Z_a-z]|child_process\\.)exec(?:Sync)?" WS "\\(" NL
     "(?:`|[$A-Z_a-z][$.0-9A-Z_a-z]*" NL "\\+)"},
    {"typescript.explicit_any",
     "(?:[:<|&,]|(?:^|[^$.0-9A-Z_a-z])as[ \\t\\r\\n])" NL
     "any(?:$|[^$0-9A-Z_a-z])"},
    {"typescript.ts_ignore", "@ts-ignore"},
    {"typescript.ts_nocheck", "@ts-nocheck"},
    {"rust.unsafe_block", SEP "unsafe" NL "\\{"},
    {"rust.unsafe_fn", SEP "unsafe" NL1 "(?:fn|extern)" END},
    {"rust.shell_command", "Command::new" WS "\\(" NL SHELL},
    {"rust.transmute", SEP "transmute(?:_copy)?" WS "(?:\\(|::)"},
    {"go.exec_shell",
     SEP_NODOT "exec\\.Command(?:Context" WS "\\(" NL "[.0-9A-Z_a-z]*" NL
     ",|" WS "\\()" NL "\"(?:(?:/usr)?(?:/local)?/bin/)?"
     "(?:sh|bash|zsh|dash|ksh)\"" NL "," NL "\"-[a-bd-z]*c[a-z]*\""},
    {"go.tls_insecure_skip_verify",
     "InsecureSkipVerify" WS "[:=]" NL "true" END},
    {"go.sql_sprintf", "\\.(?:Query|QueryRow|Exec)(?:Context" WS "\\(" NL
                       "[.0-9A-Z_a-z]*" NL ",|" WS "\\()" NL "fmt\\.Sprintf"
                       WS "\\("},
    {"go.unsafe_pointer", SEP_NODOT "unsafe\\.Pointer" END},
    {"zig.ptr_cast", "@ptrCast" WS "\\("},
    {"zig.int_from_ptr", "@(?:intFromPtr|ptrToInt)" WS "\\("},
    {"zig.ptr_from_int", "@(?:ptrFromInt|intToPtr)" WS "\\("},
    {"zig.catch_unreachable_io",
     SEP "catch" NL1 "unreachable" END},
    {"zig.undefined_secret",
     "(?:[Kk][Ee][Yy]|[Ss][Ee][Cc][Rr][Ee][Tt]|[Pp][Aa][Ss][Ss][Ww][Oo][Rr]"
     "[Dd]|[Tt][Oo][Kk][Ee][Nn]|[Nn][Oo][Nn][Cc][Ee]|[Ss][Ee][Ee][Dd]"
     "|[Ss][Aa][Ll][Tt])" WS ":" WS "\\[[0-9_]*\\]" WS
     "(?:const[ \\t]+)?u8" WS "=" WS "undefined" END},
    {"zig.hardcoded_secret",
     "(?:[Pp][Aa][Ss][Ss][Ww](?:[Oo][Rr][Dd]|[Dd])|[Ss][Ee][Cc][Rr][Ee][Tt]"
     "|[Aa][Pp][Ii]_?[Kk][Ee][Yy]|[Pp][Rr][Ii][Vv][Aa][Tt][Ee]_?[Kk][Ee][Yy]"
     "|[Aa][Cc][Cc][Ee][Ss][Ss]_?[Tt][Oo][Kk][Ee][Nn]"
     "|[Aa][Uu][Tt][Hh]_?[Tt][Oo][Kk][Ee][Nn])(?:_?[Kk][Ee][Yy])?" WS
     "(?::" WS "\\[\\]" WS "const[ \\t]+u8" WS ")?=" WS "\"[^\"\\r\\n]"},
    {"zig.shell_command",
     "\\{" NL SHELL NL "," NL "\"(?:-c|/[cC])\"" NL "," NL
     "[^\"\\\\ \\t\\r\\n]"},
    {"zig.runtime_safety_off",
     "@setRuntimeSafety" WS "\\(" NL "false" END},
};

const char *ank__regex_pattern(const char *pattern_id)
{
    for (size_t i = 0; pattern_id && i < sizeof patterns / sizeof *patterns;
         i++)
        if (strcmp(patterns[i].id, pattern_id) == 0)
            return patterns[i].re;
    return NULL;
}

/* ------------------------------------------------------- signatures */

static bool word_byte(unsigned char c)
{
    return c == '_' || c >= 0x80 || (c >= '0' && c <= '9') ||
           (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
}

/* The quote characters that open a string token in `lang` (not Rust's
 * `'`: lifetimes). */
static const char *quotes(ank_lang lang)
{
    switch (lang) {
    case ANK_LANG_PYTHON:
        return "'\"";
    case ANK_LANG_GO:
        return "\"`'";
    case ANK_LANG_ZIG:
        return "\"'";
    case ANK_LANG_RUST:
        return "\"";
    default:
        return "'\"`";
    }
}

/* The token at s[i] (n bytes): its length. */
static size_t token(const char *s, size_t n, size_t i, ank_lang lang)
{
    if (word_byte((unsigned char)s[i])) {
        size_t j = i;
        while (j < n && word_byte((unsigned char)s[j]))
            j++;
        return j - i;
    }
    if (strchr(quotes(lang), s[i])) {
        for (size_t j = i + 1; j < n && s[j] != '\n'; j++) {
            if (s[j] == '\\' && s[i] != '`')
                j++;
            else if (s[j] == s[i])
                return j + 1 - i;
        }
    }
    return 1; /* punctuation, or a quote that does not close on its line */
}

static void put_literal(ank_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\t')
            ank__buf_puts(b, "\\t");
        else if (c == '\n')
            ank__buf_puts(b, "\\n");
        else if (c == '\r')
            ank__buf_puts(b, "\\r");
        else {
            if (strchr("\\.+*?()|[]{}^$", c))
                ank__buf_putc(b, '\\');
            ank__buf_putc(b, c);
        }
    }
}

char *ank__regex_signature(ank_arena *arena, const ank_constraint *c)
{
    if (!c || c->kind != ANK_KIND_FUNCTION_SIGNATURE || !c->u.sig.signature)
        return NULL;
    const char *s = c->u.sig.signature;
    size_t n = strlen(s);
    /* clew cuts long text and adds "…": then match the prefix only */
    bool cut = n > ANK_SIGNATURE_MAX - 3 && n >= 3 &&
               memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0;
    if (cut)
        n -= 3;
    /* the gap bound: 8, or the text's widest gap plus 8 when that is
     * wider (a multi-line signature indented deeply) */
    size_t widest = 0, gap = 0;
    for (size_t i = 0; i < n; i++) {
        gap = space_byte(s[i]) ? gap + 1 : 0;
        if (gap > widest)
            widest = gap;
    }
    widest = widest > 8 ? widest + 8 : 8;
    ank_buf b = ANK_BUF_INIT;
    ank__buf_putc(&b, '^');
    size_t i = 0;
    char last = 0;
    while (i < n) {
        while (i < n && space_byte(s[i]))
            i++;
        if (i == n)
            break;
        size_t len = token(s, n, i, c->language);
        if (last) {
            bool words = word_byte((unsigned char)last) &&
                         word_byte((unsigned char)s[i]);
            ank__buf_printf(&b, "[ \\t\\r\\n]{%d,%zu}", words ? 1 : 0,
                            widest);
        }
        put_literal(&b, s + i, len);
        last = s[i + len - 1];
        i += len;
    }
    if (!cut)
        ank__buf_putc(&b, '$');
    char *out = b.failed ? NULL : ank__arena_strndup(arena, b.data, b.len);
    ank__buf_release(&b);
    return out;
}

/* ----------------------------------------------------------- check */

static void *pcre_malloc(size_t size, void *data)
{
    (void)data;
    return ank__malloc(size);
}

static void pcre_free(void *ptr, void *data)
{
    (void)data;
    ank__free(ptr);
}

ank_status ank__regex_check(const char *re, ank_error *error)
{
    if (!re)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT, "regex: NULL");
    pcre2_general_context *gc =
        pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
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
