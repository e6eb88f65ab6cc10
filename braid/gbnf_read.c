/*
 * gbnf_read.c - read GBNF into the byte-level grammar of gbnf_read.h.
 *
 * Recursive descent over `name ::= body` rules (a rule ends at a newline
 * outside parentheses, unless the next line starts with `|`; `#` starts a
 * comment).  Sequences collect their symbols on a scratch stack, so a
 * group met inside a sequence builds its own helper rule above it and
 * leaves one symbol behind.  Such a fresh helper (made while reading
 * one atom or alternative, so used nowhere else) is folded in as
 * gbnf_read.h says: a repetition takes its productions, an alternative
 * that is only the helper takes them too (the helper is then dropped
 * when it is the newest rule, else left without productions).  Rules
 * are numbered in the order they are
 * first met; a reference to a rule never defined is an error at the
 * reference.  The rules, productions and terminals read so far live in
 * the builder (gbnf_read_build.c); the finished grammar is laid out by
 * gbnf_read_layout.c.
 *
 * Classes: a positive class becomes the exact UTF-8 byte sequences of its
 * code points.  A negated class matches the ASCII bytes outside its
 * ranges and, when it names no code point above U+007F, every
 * multi-byte sequence shaped like UTF-8 (a lead byte C0-DF, E0-EF or
 * F0-F7 and its continuation bytes), which is what XGrammar matches; a
 * negated class with non-ASCII ranges matches the exact UTF-8 of its
 * complement.  Productions that can never derive text are dropped.
 */
#include "gbnf_read.h"

#include "gbnf_read_build.h"

#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "../ffi/text.h"

static void skip_blank(ank_gbnf_builder *b, bool newlines)
{
    while (b->s < b->end) {
        char c = *b->s;
        if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
            b->s++;
        } else if (c == '#') {
            while (b->s < b->end && *b->s != '\n')
                b->s++;
        } else {
            break;
        }
    }
}

/* One character of a literal or class (escapes decoded); -1 on error. */
static int64_t read_char(ank_gbnf_builder *b, bool in_class)
{
    const char *at = b->s;
    unsigned char c = (unsigned char)*b->s++;
    if (c != '\\') {
        uint32_t cp; /* raw UTF-8 */
        size_t n = ank__utf8_decode((const unsigned char *)at,
                                    (size_t)(b->end - at), &cp);
        if (!n) {
            ank__gbnf_fail_at(b, at, "invalid UTF-8");
            return -1;
        }
        b->s = at + n;
        return cp;
    }
    if (b->s >= b->end) {
        ank__gbnf_fail_at(b, at, "unterminated escape");
        return -1;
    }
    char e = *b->s++;
    int digits = 0;
    switch (e) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case '\\': return '\\';
    case '"': return '"';
    case '[': case ']':
        if (in_class)
            return e;
        break;
    case 'x': digits = 2; break;
    case 'u': digits = 4; break;
    case 'U': digits = 8; break;
    default: break;
    }
    if (!digits) {
        ank__gbnf_fail_at(b, at, "unknown escape");
        return -1;
    }
    uint32_t v = 0;
    for (int i = 0; i < digits; i++) {
        int h = b->s < b->end ? ank__hex_value(*b->s) : -1;
        if (h < 0) {
            ank__gbnf_fail_at(b, at, "bad hexadecimal escape");
            return -1;
        }
        v = v << 4 | (uint32_t)h;
        b->s++;
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        ank__gbnf_fail_at(b, at, "escape is not a Unicode scalar value");
        return -1;
    }
    return v;
}

/* A literal: its bytes pushed as terminals. */
static void parse_literal(ank_gbnf_builder *b)
{
    const char *at = b->s++;
    while (b->status == ANK_OK) {
        if (b->s >= b->end || *b->s == '\n') {
            ank__gbnf_fail_at(b, at, "unterminated string");
            return;
        }
        if (*b->s == '"') {
            b->s++;
            return;
        }
        int64_t c = read_char(b, false);
        if (c < 0)
            return;
        char e[4];
        size_t n = ank__utf8_put(e, (uint32_t)c);
        const uint8_t *u = (const uint8_t *)e;
        for (size_t i = 0; i < n; i++)
            ank__gbnf_push(b, ank__gbnf_byte_range(b, u[i], u[i]));
    }
}

typedef struct range {
    uint32_t lo, hi;
} range;

static int range_cmp(const void *x, const void *y)
{
    const range *a = x, *c = y;
    return a->lo < c->lo ? -1 : a->lo > c->lo;
}

/* A class: one terminal when it is single bytes only, else a helper. */
static void parse_class(ank_gbnf_builder *b)
{
    const char *at = b->s++;
    bool neg = b->s < b->end && *b->s == '^';
    if (neg)
        b->s++;
    range *r = NULL;
    size_t nr = 0, rcap = 0;
    while (b->status == ANK_OK) {
        if (b->s >= b->end || *b->s == '\n') {
            ank__gbnf_fail_at(b, at, "unterminated character class");
            break;
        }
        if (*b->s == ']') {
            b->s++;
            break;
        }
        int64_t lo = read_char(b, true), hi = lo;
        if (lo >= 0 && b->s + 1 < b->end && *b->s == '-' && b->s[1] != ']') {
            b->s++;
            hi = read_char(b, true);
            if (hi >= 0 && hi < lo)
                ank__gbnf_fail_at(b, at, "character range out of order");
        }
        if (lo < 0 || hi < 0 || b->status != ANK_OK)
            break;
        if (ank__gbnf_grow(b, (void **)&r, &rcap, nr + 1, sizeof *r))
            r[nr++] = (range){(uint32_t)lo, (uint32_t)hi};
    }
    if (b->status != ANK_OK) {
        ank__free(r);
        return;
    }
    if (nr)
        qsort(r, nr, sizeof *r, range_cmp);
    uint8_t ascii[32] = {0};
    bool non_ascii = false;
    for (size_t i = 0; i < nr; i++) {
        for (uint32_t c = r[i].lo; c <= r[i].hi && c < 0x80; c++)
            ascii[c >> 3] |= (uint8_t)(1u << (c & 7));
        if (r[i].hi >= 0x80)
            non_ascii = true;
    }
    if (neg)
        for (int i = 0; i < 16; i++)
            ascii[i] = (uint8_t)~ascii[i];
    bool multi = neg || non_ascii;
    if (!multi) {
        ank__gbnf_push(b, ank__gbnf_term(b, ascii));
        ank__free(r);
        return;
    }
    int32_t h = ank__gbnf_new_rule(b, NULL, 0);
    if (h < 0) {
        ank__free(r);
        return;
    }
    size_t from = b->nscratch;
    bool any_ascii = false;
    for (int i = 0; i < 16; i++)
        any_ascii |= ascii[i] != 0;
    if (any_ascii) {
        ank__gbnf_push(b, ank__gbnf_term(b, ascii));
        ank__gbnf_commit(b, h, from);
    }
    if (neg && !non_ascii) {
        int32_t cont = ank__gbnf_byte_range(b, 0x80, 0xBF);
        static const uint8_t lead[3][2] = {{0xC0, 0xDF}, {0xE0, 0xEF}, {0xF0, 0xF7}};
        for (int n = 0; n < 3; n++) {
            ank__gbnf_push(b, ank__gbnf_byte_range(b, lead[n][0], lead[n][1]));
            for (int k = 0; k <= n; k++)
                ank__gbnf_push(b, cont);
            ank__gbnf_commit(b, h, from);
        }
    } else if (neg) {
        uint32_t next = 0x80;
        for (size_t i = 0; i < nr; i++) {
            if (r[i].lo > next)
                ank__gbnf_codepoint_range(b, h, next, r[i].lo - 1);
            if (r[i].hi + 1 > next)
                next = r[i].hi + 1;
        }
        if (next <= 0x10FFFF)
            ank__gbnf_codepoint_range(b, h, next, 0x10FFFF);
    } else {
        for (size_t i = 0; i < nr; i++)
            if (r[i].hi >= 0x80)
                ank__gbnf_codepoint_range(b, h, r[i].lo, r[i].hi);
    }
    ank__free(r);
    ank__gbnf_push(b, h);
}

static void parse_alternation(ank_gbnf_builder *b, int32_t rule);

/* Wrap scratch[from..] into a helper rule and leave its one symbol. */
static int32_t as_symbol(ank_gbnf_builder *b, size_t from)
{
    if (b->nscratch - from == 1)
        return b->scratch[--b->nscratch];
    int32_t h = ank__gbnf_new_rule(b, NULL, 0);
    if (h >= 0)
        ank__gbnf_commit(b, h, from);
    return h;
}

static bool read_uint(ank_gbnf_builder *b, uint32_t *v)
{
    skip_blank(b, true);
    if (b->s >= b->end || *b->s < '0' || *b->s > '9')
        return false;
    uint64_t n = 0;
    while (b->s < b->end && *b->s >= '0' && *b->s <= '9') {
        n = n * 10 + (uint64_t)(*b->s++ - '0');
        if (n > 1000000)
            n = 1000000;
    }
    *v = (uint32_t)n;
    skip_blank(b, true);
    return true;
}

/* Is x a helper rule made since rule `rules0` was (so for the atom or
 * alternative being read, and used nowhere else), none of whose
 * productions (all at prods0 or later) refers to x itself? */
static bool fresh_helper(const ank_gbnf_builder *b, int32_t x, size_t rules0,
                         size_t prods0)
{
    if (x < 0 || (size_t)x < rules0 || b->rules[x].name)
        return false;
    for (size_t p = prods0; p < b->nprods; p++) {
        const ank_gbnf_prod *pr = &b->prods[p];
        for (uint32_t i = 0; pr->rule == (uint32_t)x && i < pr->len; i++)
            if (b->syms[pr->off + i] == x)
                return false;
    }
    return true;
}

/* Does fresh helper x have an empty production? */
static bool derives_empty(const ank_gbnf_builder *b, int32_t x, size_t prods0)
{
    for (size_t p = prods0; p < b->nprods; p++)
        if (b->prods[p].rule == (uint32_t)x && b->prods[p].len == 0)
            return true;
    return false;
}

/* x* for a fresh helper x without an empty production: x itself becomes
 * the repetition, x ::= x p | ... | ε for each of its productions p,
 * rather than a rule h ::= h x | ε.  The same language, but a byte read
 * inside the repetition leaves the Earley kernel it left before (no item
 * of x is predicted anew), and gmatch_earley.c then reuses that set's
 * closure. */
static void repeat_helper(ank_gbnf_builder *b, int32_t x, size_t prods0)
{
    size_t end = b->nprods;
    for (size_t p = prods0; p < end && b->status == ANK_OK; p++) {
        ank_gbnf_prod old = b->prods[p];
        if (old.rule != (uint32_t)x)
            continue;
        size_t f = b->nscratch;
        ank__gbnf_push(b, x);
        for (uint32_t t = 0; t < old.len; t++)
            ank__gbnf_push(b, b->syms[old.off + t]);
        ank__gbnf_commit(b, x, f);
    }
    if (b->status != ANK_OK)
        return;
    size_t k = prods0; /* drop x's old productions, keep the order */
    for (size_t p = prods0; p < b->nprods; p++)
        if (p >= end || b->prods[p].rule != (uint32_t)x)
            b->prods[k++] = b->prods[p];
    b->nprods = k;
    ank__gbnf_commit(b, x, b->nscratch);
    ank__gbnf_push(b, x);
}

/* The postfix operator after an atom that left scratch[from..], read
 * from when there were rules0 rules and prods0 productions. */
static void parse_postfix(ank_gbnf_builder *b, size_t from, size_t rules0,
                          size_t prods0)
{
    while (b->status == ANK_OK && b->s < b->end) {
        char c = *b->s;
        uint32_t lo, hi;
        const char *at = b->s;
        if (c == '?' || c == '*' || c == '+') {
            b->s++;
            lo = c == '+';
            hi = c == '?' ? 1 : UINT32_MAX;
        } else if (c == '{') {
            b->s++;
            if (!read_uint(b, &lo)) {
                ank__gbnf_fail_at(b, at, "expected a repetition count");
                return;
            }
            hi = lo;
            if (b->s < b->end && *b->s == ',') {
                b->s++;
                if (!read_uint(b, &hi))
                    hi = UINT32_MAX;
            }
            if (b->s >= b->end || *b->s != '}') {
                ank__gbnf_fail_at(b, at, "expected '}'");
                return;
            }
            b->s++;
            if (hi < lo) {
                ank__gbnf_fail_at(b, at,
                                  "repetition minimum above its maximum");
                return;
            }
        } else {
            return;
        }
        if (b->nscratch == from)
            continue; /* a repetition of the empty string */
        int32_t x = as_symbol(b, from);
        if (x == -1 && b->status != ANK_OK)
            return;
        if (lo > 4096 || (hi != UINT32_MAX && hi > 4096)) {
            ank__gbnf_fail_at(b, at, "repetition bound above 4096");
            return;
        }
        for (uint32_t i = 0; i < lo; i++)
            ank__gbnf_push(b, x);
        if (hi == UINT32_MAX && lo == 0 &&
            fresh_helper(b, x, rules0, prods0) &&
            !derives_empty(b, x, prods0)) {
            repeat_helper(b, x, prods0);
        } else if (hi == UINT32_MAX) {
            int32_t h = ank__gbnf_new_rule(b, NULL, 0); /* h ::= h x | ε */
            if (h < 0)
                return;
            size_t f = b->nscratch;
            ank__gbnf_push(b, h);
            ank__gbnf_push(b, x);
            ank__gbnf_commit(b, h, f);
            ank__gbnf_commit(b, h, f);
            ank__gbnf_push(b, h);
        } else if (hi > lo) {
            /* o1 ::= x | ε, ok ::= x o(k-1) | ε */
            int32_t prev = -1;
            for (uint32_t k = 0; k < hi - lo; k++) {
                int32_t o = ank__gbnf_new_rule(b, NULL, 0);
                if (o < 0)
                    return;
                size_t f = b->nscratch;
                ank__gbnf_push(b, x);
                if (prev >= 0)
                    ank__gbnf_push(b, prev);
                ank__gbnf_commit(b, o, f);
                ank__gbnf_commit(b, o, f);
                prev = o;
            }
            ank__gbnf_push(b, prev);
        }
    }
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* A sequence, its symbols left on scratch. */
static void parse_sequence(ank_gbnf_builder *b)
{
    for (;;) {
        skip_blank(b, b->depth > 0);
        if (b->status != ANK_OK || b->s >= b->end)
            return;
        char c = *b->s;
        size_t from = b->nscratch, rules0 = b->nrules, prods0 = b->nprods;
        const char *at = b->s;
        if (c == '"') {
            parse_literal(b);
        } else if (c == '[') {
            parse_class(b);
        } else if (c == '(') {
            b->s++;
            int32_t h = ank__gbnf_new_rule(b, NULL, 0);
            if (h < 0)
                return;
            b->depth++;
            parse_alternation(b, h);
            b->depth--;
            if (b->status != ANK_OK)
                return;
            if (b->s >= b->end || *b->s != ')') {
                ank__gbnf_fail_at(b, at, "unclosed '('");
                return;
            }
            b->s++;
            ank__gbnf_push(b, h);
        } else if (name_char(c)) {
            const char *n = b->s;
            while (b->s < b->end && name_char(*b->s))
                b->s++;
            const char *after = b->s;
            skip_blank(b, false);
            if (b->end - b->s >= 3 && memcmp(b->s, "::=", 3) == 0) {
                b->s = n; /* the next rule starts here */
                return;
            }
            b->s = after;
            int32_t r = ank__gbnf_rule_by_name(b, n, (size_t)(after - n));
            if (r < 0)
                return;
            if (!b->rules[r].ref_at)
                b->rules[r].ref_at = n;
            ank__gbnf_push(b, r);
        } else {
            return; /* '|', ')', newline: the caller decides */
        }
        if (b->status != ANK_OK)
            return;
        parse_postfix(b, from, rules0, prods0);
    }
}

static void parse_alternation(ank_gbnf_builder *b, int32_t rule)
{
    for (;;) {
        size_t from = b->nscratch, rules0 = b->nrules, prods0 = b->nprods;
        parse_sequence(b);
        if (b->status != ANK_OK)
            return;
        int32_t x = b->nscratch - from == 1 ? b->scratch[from] : -1;
        if (fresh_helper(b, x, rules0, prods0)) {
            /* an alternative that is one helper (a class beyond ASCII,
             * a group) takes the helper's productions: one rule fewer
             * to predict each time it is read */
            for (size_t p = prods0; p < b->nprods; p++)
                if (b->prods[p].rule == (uint32_t)x)
                    b->prods[p].rule = (uint32_t)rule;
            b->nscratch = from;
            if ((size_t)x + 1 == b->nrules) /* else left without any */
                b->nrules--;
        } else {
            ank__gbnf_commit(b, rule, from);
        }
        skip_blank(b, b->depth > 0);
        const char *save = b->s;
        if (b->depth == 0) {
            skip_blank(b, true);
            if (b->s < b->end && *b->s == '|') {
                b->s++;
                continue;
            }
            b->s = save;
            return;
        }
        if (b->s < b->end && *b->s == '|') {
            b->s++;
            continue;
        }
        return;
    }
}

static ank_status parse(ank_gbnf_builder *b)
{
    int32_t start = ank__gbnf_new_rule(b, NULL, 0);
    if (start < 0)
        return b->status;
    for (;;) {
        skip_blank(b, true);
        if (b->status != ANK_OK || b->s >= b->end)
            break;
        const char *n = b->s;
        while (b->s < b->end && name_char(*b->s))
            b->s++;
        if (b->s == n) {
            ank__gbnf_fail_at(b, n, "expected a rule name");
            break;
        }
        const char *after = b->s;
        skip_blank(b, false);
        if (b->end - b->s < 3 || memcmp(b->s, "::=", 3) != 0) {
            ank__gbnf_fail_at(b, b->s, "expected '::='");
            break;
        }
        b->s += 3;
        int32_t r = ank__gbnf_rule_by_name(b, n, (size_t)(after - n));
        if (r < 0)
            break;
        if (b->rules[r].defined) {
            ank__gbnf_fail_at(b, n, "rule defined twice");
            break;
        }
        b->rules[r].defined = true;
        parse_alternation(b, r);
        if (b->status != ANK_OK)
            break;
        skip_blank(b, false);
        if (b->s < b->end && *b->s != '\n') {
            ank__gbnf_fail_at(b, b->s, *b->s == ')' ? "unbalanced ')'"
                                                   : "unexpected character");
            break;
        }
    }
    if (b->status != ANK_OK)
        return b->status;
    int32_t root = -1;
    for (size_t i = 0; i < b->nrules; i++) {
        if (!b->rules[i].defined) {
            ank__gbnf_fail_at(b, b->rules[i].ref_at,
                              "reference to an undefined rule");
            return b->status;
        }
        if (b->rules[i].name && b->rules[i].name_len == 4 &&
            memcmp(b->rules[i].name, "root", 4) == 0)
            root = (int32_t)i;
    }
    if (root < 0) {
        b->status = ank__error_set(b->error, ANK_ERR_FORMAT, 1, 1, 0,
                                   "GBNF: no rule named \"root\"");
        return b->status;
    }
    size_t f = b->nscratch;
    ank__gbnf_push(b, root);
    ank__gbnf_commit(b, start, f);
    return b->status;
}

ank_status ank__gbnf_read(const char *text, size_t length, ank_gbnf **out,
                          ank_error *error)
{
    *out = NULL;
    ank_gbnf_builder b = {0};
    b.text = b.s = text;
    b.end = text + length;
    b.error = error;
    ank_status st = parse(&b);
    if (st == ANK_OK)
        st = ank__gbnf_finish(&b, out);
    ank__free(b.rules);
    ank__free(b.prods);
    ank__free(b.syms);
    ank__free(b.scratch);
    ank__free(b.terms);
    ank__free(b.thash);
    ank__free(b.nhash);
    return st;
}
