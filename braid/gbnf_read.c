/*
 * gbnf_read.c - read GBNF into the byte-level grammar of gbnf_read.h.
 *
 * Recursive descent over `name ::= body` rules (a rule ends at a newline
 * outside parentheses, unless the next line starts with `|`; `#` starts a
 * comment).  Sequences collect their symbols on a scratch stack, so a
 * group met inside a sequence builds its own helper rule above it and
 * leaves one symbol behind.  Rules are numbered in the order they are
 * first met; a reference to a rule never defined is an error at the
 * reference.
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

#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "gmatch.h"

typedef struct rule_b {
    const char *name; /* NULL for a helper */
    size_t name_len;
    const char *ref_at; /* first reference, for the undefined-rule error */
    bool defined;
} rule_b;

typedef struct prod_b {
    uint32_t rule, off, len;
} prod_b;

typedef struct builder {
    const char *text, *s, *end;
    rule_b *rules;
    size_t nrules, rcap;
    prod_b *prods;
    size_t nprods, pcap;
    int32_t *syms; /* committed production symbols */
    size_t nsyms, scap;
    int32_t *scratch; /* sequences under construction */
    size_t nscratch, sccap;
    uint8_t (*terms)[32];
    size_t nterms, tcap;
    uint32_t *thash; /* open addressing over terms: index + 1, 0 empty */
    size_t thcap;
    uint32_t *nhash; /* open addressing over rule names: index + 1 */
    size_t nhcap, nnamed;
    ank_status status;
    ank_error *error;
    int depth;
} builder;

static bool grow(builder *b, void **p, size_t *cap, size_t need, size_t el)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 16;
    while (n < need)
        n *= 2;
    void *q = ank__realloc(*p, n * el);
    if (!q) {
        if (b->status == ANK_OK)
            b->status = ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
        return false;
    }
    *p = q;
    *cap = n;
    return true;
}

static void fail_at(builder *b, const char *at, const char *what)
{
    if (b->status != ANK_OK)
        return;
    uint32_t line = 1, col = 1;
    for (const char *p = b->text; p < at && p < b->end; p++) {
        if (*p == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    b->status = ank__error_set(b->error, ANK_ERR_FORMAT, line, col,
                               (int64_t)(at - b->text), "GBNF: %s", what);
}

static int32_t new_rule(builder *b, const char *name, size_t len)
{
    if (b->nrules >= ANK_GMATCH_MAX_RULES) {
        if (b->status == ANK_OK)
            b->status = ank__fail(b->error, ANK_ERR_LIMIT,
                                  "GBNF: more than %d rules after expanding "
                                  "groups and repetitions",
                                  ANK_GMATCH_MAX_RULES);
        return -1;
    }
    if (!grow(b, (void **)&b->rules, &b->rcap, b->nrules + 1, sizeof *b->rules))
        return -1;
    b->rules[b->nrules] = (rule_b){name, len, NULL, name == NULL};
    return (int32_t)b->nrules++;
}

static uint32_t hash_name(const char *name, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)name[i]) * 16777619u;
    return h;
}

static int32_t rule_by_name(builder *b, const char *name, size_t len)
{
    if (b->nnamed * 2 >= b->nhcap) {
        size_t n = b->nhcap ? b->nhcap * 2 : 256;
        uint32_t *t = ank__calloc(n, sizeof *t);
        if (!t) {
            if (b->status == ANK_OK)
                b->status = ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
            return -1;
        }
        for (size_t i = 0; i < b->nrules; i++) {
            if (!b->rules[i].name)
                continue;
            size_t h = hash_name(b->rules[i].name, b->rules[i].name_len) & (n - 1);
            while (t[h])
                h = (h + 1) & (n - 1);
            t[h] = (uint32_t)i + 1;
        }
        ank__free(b->nhash);
        b->nhash = t;
        b->nhcap = n;
    }
    size_t h = hash_name(name, len) & (b->nhcap - 1);
    while (b->nhash[h]) {
        const rule_b *r = &b->rules[b->nhash[h] - 1];
        if (r->name_len == len && memcmp(r->name, name, len) == 0)
            return (int32_t)b->nhash[h] - 1;
        h = (h + 1) & (b->nhcap - 1);
    }
    int32_t r = new_rule(b, name, len);
    if (r >= 0) {
        b->nhash[h] = (uint32_t)r + 1;
        b->nnamed++;
    }
    return r;
}

static void push(builder *b, int32_t sym)
{
    if (grow(b, (void **)&b->scratch, &b->sccap, b->nscratch + 1, sizeof(int32_t)))
        b->scratch[b->nscratch++] = sym;
}

/* Commit scratch[from..] as a production of `rule` and pop it. */
static void commit(builder *b, int32_t rule, size_t from)
{
    size_t len = b->nscratch - from;
    if (!grow(b, (void **)&b->prods, &b->pcap, b->nprods + 1, sizeof *b->prods) ||
        !grow(b, (void **)&b->syms, &b->scap, b->nsyms + len, sizeof(int32_t)))
        return;
    if (len)
        memcpy(b->syms + b->nsyms, b->scratch + from, len * sizeof(int32_t));
    b->prods[b->nprods++] = (prod_b){(uint32_t)rule, (uint32_t)b->nsyms, (uint32_t)len};
    b->nsyms += len;
    b->nscratch = from;
}

static uint32_t hash32(const uint8_t *set)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < 32; i++)
        h = (h ^ set[i]) * 16777619u;
    return h;
}

/* The terminal symbol of a byte set (deduplicated). */
static int32_t term(builder *b, const uint8_t *set)
{
    if (b->nterms * 2 >= b->thcap) {
        size_t n = b->thcap ? b->thcap * 2 : 256;
        uint32_t *t = ank__calloc(n, sizeof *t);
        if (!t) {
            if (b->status == ANK_OK)
                b->status = ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
            return -1;
        }
        for (size_t i = 0; i < b->nterms; i++) {
            size_t h = hash32(b->terms[i]) & (n - 1);
            while (t[h])
                h = (h + 1) & (n - 1);
            t[h] = (uint32_t)i + 1;
        }
        ank__free(b->thash);
        b->thash = t;
        b->thcap = n;
    }
    size_t h = hash32(set) & (b->thcap - 1);
    while (b->thash[h]) {
        if (memcmp(b->terms[b->thash[h] - 1], set, 32) == 0)
            return -(int32_t)b->thash[h];
        h = (h + 1) & (b->thcap - 1);
    }
    if (!grow(b, (void **)&b->terms, &b->tcap, b->nterms + 1, 32))
        return -1;
    memcpy(b->terms[b->nterms], set, 32);
    b->thash[h] = (uint32_t)++b->nterms;
    return -(int32_t)b->nterms;
}

static int32_t byte_range(builder *b, unsigned lo, unsigned hi)
{
    uint8_t set[32] = {0};
    for (unsigned c = lo; c <= hi; c++)
        set[c >> 3] |= (uint8_t)(1u << (c & 7));
    return term(b, set);
}

static size_t utf8_encode(uint32_t c, uint8_t *out)
{
    if (c < 0x80) {
        out[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (uint8_t)(0xC0 | (c >> 6));
        out[1] = (uint8_t)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (c >> 12));
        out[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (c >> 18));
    out[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (c & 0x3F));
    return 4;
}

/* Productions of `rule` for the UTF-8 encodings of [lo, hi] (non-ASCII,
 * one encoding length, no surrogates): split until every byte position
 * is an independent range. */
static void utf8_range(builder *b, int32_t rule, uint32_t lo, uint32_t hi)
{
    static const uint32_t bounds[] = {0x7F, 0x7FF, 0xFFFF, 0x10FFFF};
    for (int k = 0; k < 4; k++) {
        uint32_t top = bounds[k];
        if (lo <= top && hi > top) {
            utf8_range(b, rule, lo, top);
            utf8_range(b, rule, top + 1, hi);
            return;
        }
    }
    uint8_t l[4], h[4];
    size_t n = utf8_encode(lo, l);
    utf8_encode(hi, h);
    for (size_t i = 1; i < n; i++) {
        uint32_t m = (1u << (6 * i)) - 1;
        if ((lo & ~m) != (hi & ~m)) {
            if (lo & m) {
                utf8_range(b, rule, lo, lo | m);
                utf8_range(b, rule, (lo | m) + 1, hi);
                return;
            }
            if ((hi & m) != m) {
                utf8_range(b, rule, lo, (hi & ~m) - 1);
                utf8_range(b, rule, hi & ~m, hi);
                return;
            }
        }
    }
    size_t from = b->nscratch;
    for (size_t i = 0; i < n; i++)
        push(b, byte_range(b, l[i], h[i]));
    commit(b, rule, from);
}

static void codepoint_range(builder *b, int32_t rule, uint32_t lo, uint32_t hi)
{
    if (lo < 0x80)
        lo = 0x80;
    if (hi > 0x10FFFF)
        hi = 0x10FFFF;
    if (lo <= 0xDFFF && hi >= 0xD800) {
        if (lo < 0xD800)
            utf8_range(b, rule, lo, 0xD7FF);
        if (hi > 0xDFFF)
            utf8_range(b, rule, 0xE000, hi);
        return;
    }
    if (lo <= hi)
        utf8_range(b, rule, lo, hi);
}

static void skip_blank(builder *b, bool newlines)
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

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One character of a literal or class (escapes decoded); -1 on error. */
static int64_t read_char(builder *b, bool in_class)
{
    const char *at = b->s;
    unsigned char c = (unsigned char)*b->s++;
    if (c != '\\') {
        /* Raw UTF-8. */
        int n = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
        if (n < 0 || b->end - b->s < n) {
            fail_at(b, at, "invalid UTF-8");
            return -1;
        }
        uint32_t cp = n == 0 ? c : c & (0x3F >> n);
        for (int i = 0; i < n; i++) {
            unsigned char d = (unsigned char)*b->s++;
            if ((d & 0xC0) != 0x80) {
                fail_at(b, at, "invalid UTF-8");
                return -1;
            }
            cp = cp << 6 | (d & 0x3F);
        }
        return cp;
    }
    if (b->s >= b->end) {
        fail_at(b, at, "unterminated escape");
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
        fail_at(b, at, "unknown escape");
        return -1;
    }
    uint32_t v = 0;
    for (int i = 0; i < digits; i++) {
        int h = b->s < b->end ? hexval(*b->s) : -1;
        if (h < 0) {
            fail_at(b, at, "bad hexadecimal escape");
            return -1;
        }
        v = v << 4 | (uint32_t)h;
        b->s++;
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        fail_at(b, at, "escape is not a Unicode scalar value");
        return -1;
    }
    return v;
}

/* A literal: its bytes pushed as terminals. */
static void parse_literal(builder *b)
{
    const char *at = b->s++;
    while (b->status == ANK_OK) {
        if (b->s >= b->end || *b->s == '\n') {
            fail_at(b, at, "unterminated string");
            return;
        }
        if (*b->s == '"') {
            b->s++;
            return;
        }
        int64_t c = read_char(b, false);
        if (c < 0)
            return;
        uint8_t u[4];
        size_t n = utf8_encode((uint32_t)c, u);
        for (size_t i = 0; i < n; i++)
            push(b, byte_range(b, u[i], u[i]));
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
static void parse_class(builder *b)
{
    const char *at = b->s++;
    bool neg = b->s < b->end && *b->s == '^';
    if (neg)
        b->s++;
    range *r = NULL;
    size_t nr = 0, rcap = 0;
    while (b->status == ANK_OK) {
        if (b->s >= b->end || *b->s == '\n') {
            fail_at(b, at, "unterminated character class");
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
                fail_at(b, at, "character range out of order");
        }
        if (lo < 0 || hi < 0 || b->status != ANK_OK)
            break;
        if (grow(b, (void **)&r, &rcap, nr + 1, sizeof *r))
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
        push(b, term(b, ascii));
        ank__free(r);
        return;
    }
    int32_t h = new_rule(b, NULL, 0);
    if (h < 0) {
        ank__free(r);
        return;
    }
    size_t from = b->nscratch;
    bool any_ascii = false;
    for (int i = 0; i < 16; i++)
        any_ascii |= ascii[i] != 0;
    if (any_ascii) {
        push(b, term(b, ascii));
        commit(b, h, from);
    }
    if (neg && !non_ascii) {
        int32_t cont = byte_range(b, 0x80, 0xBF);
        static const uint8_t lead[3][2] = {{0xC0, 0xDF}, {0xE0, 0xEF}, {0xF0, 0xF7}};
        for (int n = 0; n < 3; n++) {
            push(b, byte_range(b, lead[n][0], lead[n][1]));
            for (int k = 0; k <= n; k++)
                push(b, cont);
            commit(b, h, from);
        }
    } else if (neg) {
        uint32_t next = 0x80;
        for (size_t i = 0; i < nr; i++) {
            if (r[i].lo > next)
                codepoint_range(b, h, next, r[i].lo - 1);
            if (r[i].hi + 1 > next)
                next = r[i].hi + 1;
        }
        if (next <= 0x10FFFF)
            codepoint_range(b, h, next, 0x10FFFF);
    } else {
        for (size_t i = 0; i < nr; i++)
            if (r[i].hi >= 0x80)
                codepoint_range(b, h, r[i].lo, r[i].hi);
    }
    ank__free(r);
    push(b, h);
}

static void parse_alternation(builder *b, int32_t rule);

/* Wrap scratch[from..] into a helper rule and leave its one symbol. */
static int32_t as_symbol(builder *b, size_t from)
{
    if (b->nscratch - from == 1)
        return b->scratch[--b->nscratch];
    int32_t h = new_rule(b, NULL, 0);
    if (h >= 0)
        commit(b, h, from);
    return h;
}

static bool read_uint(builder *b, uint32_t *v)
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

/* The postfix operator after an atom that left scratch[from..]. */
static void parse_postfix(builder *b, size_t from)
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
                fail_at(b, at, "expected a repetition count");
                return;
            }
            hi = lo;
            if (b->s < b->end && *b->s == ',') {
                b->s++;
                if (!read_uint(b, &hi))
                    hi = UINT32_MAX;
            }
            if (b->s >= b->end || *b->s != '}') {
                fail_at(b, at, "expected '}'");
                return;
            }
            b->s++;
            if (hi < lo) {
                fail_at(b, at, "repetition minimum above its maximum");
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
            fail_at(b, at, "repetition bound above 4096");
            return;
        }
        for (uint32_t i = 0; i < lo; i++)
            push(b, x);
        if (hi == UINT32_MAX) {
            int32_t h = new_rule(b, NULL, 0); /* h ::= h x | ε */
            if (h < 0)
                return;
            size_t f = b->nscratch;
            push(b, h);
            push(b, x);
            commit(b, h, f);
            commit(b, h, f);
            push(b, h);
        } else if (hi > lo) {
            /* o1 ::= x | ε, ok ::= x o(k-1) | ε */
            int32_t prev = -1;
            for (uint32_t k = 0; k < hi - lo; k++) {
                int32_t o = new_rule(b, NULL, 0);
                if (o < 0)
                    return;
                size_t f = b->nscratch;
                push(b, x);
                if (prev >= 0)
                    push(b, prev);
                commit(b, o, f);
                commit(b, o, f);
                prev = o;
            }
            push(b, prev);
        }
    }
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* A sequence, its symbols left on scratch. */
static void parse_sequence(builder *b)
{
    for (;;) {
        skip_blank(b, b->depth > 0);
        if (b->status != ANK_OK || b->s >= b->end)
            return;
        char c = *b->s;
        size_t from = b->nscratch;
        const char *at = b->s;
        if (c == '"') {
            parse_literal(b);
        } else if (c == '[') {
            parse_class(b);
        } else if (c == '(') {
            b->s++;
            int32_t h = new_rule(b, NULL, 0);
            if (h < 0)
                return;
            b->depth++;
            parse_alternation(b, h);
            b->depth--;
            if (b->status != ANK_OK)
                return;
            if (b->s >= b->end || *b->s != ')') {
                fail_at(b, at, "unclosed '('");
                return;
            }
            b->s++;
            push(b, h);
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
            int32_t r = rule_by_name(b, n, (size_t)(after - n));
            if (r < 0)
                return;
            if (!b->rules[r].ref_at)
                b->rules[r].ref_at = n;
            push(b, r);
        } else {
            return; /* '|', ')', newline: the caller decides */
        }
        if (b->status != ANK_OK)
            return;
        parse_postfix(b, from);
    }
}

static void parse_alternation(builder *b, int32_t rule)
{
    for (;;) {
        size_t from = b->nscratch;
        parse_sequence(b);
        if (b->status != ANK_OK)
            return;
        commit(b, rule, from);
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

static ank_status parse(builder *b)
{
    int32_t start = new_rule(b, NULL, 0);
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
            fail_at(b, n, "expected a rule name");
            break;
        }
        const char *after = b->s;
        skip_blank(b, false);
        if (b->end - b->s < 3 || memcmp(b->s, "::=", 3) != 0) {
            fail_at(b, b->s, "expected '::='");
            break;
        }
        b->s += 3;
        int32_t r = rule_by_name(b, n, (size_t)(after - n));
        if (r < 0)
            break;
        if (b->rules[r].defined) {
            fail_at(b, n, "rule defined twice");
            break;
        }
        b->rules[r].defined = true;
        parse_alternation(b, r);
        if (b->status != ANK_OK)
            break;
        skip_blank(b, false);
        if (b->s < b->end && *b->s != '\n') {
            fail_at(b, b->s, *b->s == ')' ? "unbalanced ')'" : "unexpected character");
            break;
        }
    }
    if (b->status != ANK_OK)
        return b->status;
    int32_t root = -1;
    for (size_t i = 0; i < b->nrules; i++) {
        if (!b->rules[i].defined) {
            fail_at(b, b->rules[i].ref_at, "reference to an undefined rule");
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
    push(b, root);
    commit(b, start, f);
    return b->status;
}

/* Mark rules that derive some text; keep productions made of those. */
static void drop_unproductive(builder *b, uint8_t *productive)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t p = 0; p < b->nprods; p++) {
            prod_b *pr = &b->prods[p];
            if (productive[pr->rule])
                continue;
            bool ok = true;
            for (uint32_t i = 0; i < pr->len && ok; i++) {
                int32_t s = b->syms[pr->off + i];
                ok = s < 0 || productive[s];
            }
            if (ok) {
                productive[pr->rule] = 1;
                changed = true;
            }
        }
    }
    size_t k = 0;
    for (size_t p = 0; p < b->nprods; p++) {
        prod_b *pr = &b->prods[p];
        bool ok = productive[pr->rule];
        for (uint32_t i = 0; i < pr->len && ok; i++) {
            int32_t s = b->syms[pr->off + i];
            ok = s < 0 || productive[s];
        }
        if (ok)
            b->prods[k++] = *pr;
    }
    b->nprods = k;
}

static ank_status finish(builder *b, ank_gbnf **out)
{
    ank_gbnf *g = ank__calloc(1, sizeof *g);
    uint8_t *productive = ank__calloc(b->nrules ? b->nrules : 1, 1);
    if (!g || !productive) {
        ank__free(g);
        ank__free(productive);
        return ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
    }
    drop_unproductive(b, productive);
    if (!productive[0]) {
        ank__free(g);
        ank__free(productive);
        return ank__fail(b->error, ANK_ERR_FORMAT,
                         "GBNF: the root rule matches no text");
    }
    ank__free(productive);
    size_t nr = b->nrules, np = b->nprods;
    size_t ni = b->nsyms + np;
    g->nrules = (uint32_t)nr;
    g->nprods = (uint32_t)np;
    g->nitems = (uint32_t)ni;
    g->nterms = (uint32_t)b->nterms;
    g->rule_prod = ank__calloc(nr + 1, sizeof(uint32_t));
    g->prod_item = ank__calloc(np + 1, sizeof(uint32_t));
    g->item_rule = ank__calloc(ni + 1, sizeof(uint32_t));
    g->sym = ank__calloc(ni + 1, sizeof(int32_t));
    g->term = ank__calloc(b->nterms + 1, 32);
    g->nullable = ank__calloc(nr, 1);
    g->named = ank__calloc(nr, 1);
    g->use_site = ank__calloc(nr, sizeof(uint32_t));
    uint32_t *uses = ank__calloc(nr, sizeof(uint32_t));
    if (!g->rule_prod || !g->prod_item || !g->item_rule || !g->sym ||
        !g->term || !g->nullable || !g->named || !g->use_site || !uses) {
        ank__free(uses);
        ank__gbnf_free(g);
        return ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
    }
    if (b->nterms)
        memcpy(g->term, b->terms, b->nterms * 32);
    /* Productions grouped by rule, in reading order within a rule. */
    for (size_t p = 0; p < np; p++)
        g->rule_prod[b->prods[p].rule + 1]++;
    for (size_t r = 0; r < nr; r++)
        g->rule_prod[r + 1] += g->rule_prod[r];
    uint32_t *fill = uses; /* reused as a cursor, reset below */
    for (size_t r = 0; r < nr; r++)
        fill[r] = g->rule_prod[r];
    uint32_t *order = ank__malloc((np + 1) * sizeof(uint32_t));
    if (!order) {
        ank__free(uses);
        ank__gbnf_free(g);
        return ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
    }
    for (size_t p = 0; p < np; p++)
        order[fill[b->prods[p].rule]++] = (uint32_t)p;
    uint32_t item = 0;
    for (size_t q = 0; q < np; q++) {
        const prod_b *pr = &b->prods[order[q]];
        g->prod_item[q] = item;
        for (uint32_t i = 0; i < pr->len; i++) {
            g->item_rule[item] = pr->rule;
            g->sym[item++] = b->syms[pr->off + i];
        }
        g->item_rule[item] = pr->rule;
        g->sym[item++] = ANK__GBNF_END;
    }
    ank__free(order);
    g->nitems = item;
    for (size_t r = 0; r < nr; r++) {
        g->named[r] = b->rules[r].name != NULL || r == 0;
        g->use_site[r] = ANK__GBNF_NONE;
        uses[r] = 0;
    }
    for (uint32_t i = 0; i < item; i++) {
        int32_t s = g->sym[i];
        if (s < 0)
            continue;
        bool self_first = (uint32_t)s == g->item_rule[i] &&
                          (i == 0 || g->sym[i - 1] == ANK__GBNF_END);
        if (self_first)
            continue;
        if (uses[s]++ == 0)
            g->use_site[s] = i;
        else
            g->use_site[s] = ANK__GBNF_NONE;
    }
    ank__free(uses);
    g->use_off = ank__calloc(nr + 1, sizeof(uint32_t));
    g->use_list = ank__calloc((size_t)item + 1, sizeof(uint32_t));
    if (!g->use_off || !g->use_list) {
        ank__gbnf_free(g);
        return ank__fail(b->error, ANK_ERR_NOMEM, "out of memory");
    }
    for (uint32_t i = 0; i < item; i++)
        if (g->sym[i] >= 0)
            g->use_off[g->sym[i] + 1]++;
    for (size_t r = 0; r < nr; r++)
        g->use_off[r + 1] += g->use_off[r];
    for (uint32_t i = 0; i < item; i++)
        if (g->sym[i] >= 0)
            g->use_list[g->use_off[g->sym[i]]++] = i;
    for (size_t r = nr; r > 0; r--)
        g->use_off[r] = g->use_off[r - 1];
    g->use_off[0] = 0;
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t q = 0; q < np; q++) {
            uint32_t i = g->prod_item[q];
            uint32_t r = g->item_rule[i];
            if (g->nullable[r])
                continue;
            while (g->sym[i] >= 0 && g->nullable[g->sym[i]])
                i++;
            if (g->sym[i] == ANK__GBNF_END) {
                g->nullable[r] = 1;
                changed = true;
            }
        }
    }
    *out = g;
    return ANK_OK;
}

ank_status ank__gbnf_read(const char *text, size_t length, ank_gbnf **out,
                          ank_error *error)
{
    *out = NULL;
    builder b = {0};
    b.text = b.s = text;
    b.end = text + length;
    b.error = error;
    ank_status st = parse(&b);
    if (st == ANK_OK)
        st = finish(&b, out);
    ank__free(b.rules);
    ank__free(b.prods);
    ank__free(b.syms);
    ank__free(b.scratch);
    ank__free(b.terms);
    ank__free(b.thash);
    ank__free(b.nhash);
    return st;
}

void ank__gbnf_free(ank_gbnf *g)
{
    if (!g)
        return;
    ank__free(g->rule_prod);
    ank__free(g->prod_item);
    ank__free(g->item_rule);
    ank__free(g->sym);
    ank__free(g->term);
    ank__free(g->nullable);
    ank__free(g->named);
    ank__free(g->use_site);
    ank__free(g->use_off);
    ank__free(g->use_list);
    ank__free(g);
}
