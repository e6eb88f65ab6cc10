/*
 * grammar_text.c - the output cursor of grammar_text.h, the escaping of
 * literals and classes in GBNF, Lark literals and regexes, and the small
 * pieces of text the printers share (quantifiers, regexes of rule-free
 * expressions, rule names); and ank__gram_write and ank__gram_write_json,
 * a printer of grammar_print.h used once.
 *
 * Escaping writes through a local pointer into room made beforehand (a
 * code point never takes more than ESC_MAX bytes), so the per-character
 * cost is a table lookup and a store.  In JSON mode the dialect's escape
 * and the JSON string's are composed: ank__gtext_ascii[] holds, per JSON
 * mode and syntax, the text of every ASCII character that takes no \x,
 * \u or \U escape ('"' is plain in a regex, \" in JSON; a backslash of
 * the dialect's is two in JSON), and escape() writes the rest the same
 * way.  The dialect's output holds no other byte that JSON escapes.
 */
#include "grammar_text.h"

#include "grammar_int.h"
#include "grammar_print.h"

#include "../ffi/text.h"

/* The most bytes one code point is written as: \UHHHHHHHH, and one more
 * backslash in JSON mode. */
#define ESC_MAX 11

/* Literals are escaped CHUNK input bytes at a time, each of which takes at
 * most 7 bytes of output (\u00HH, or \uFFFD for an invalid byte, and one
 * more backslash in JSON mode). */
#define CHUNK 256
#define BYTE_MAX 7

void ank__gtext_begin(gtext *t, ank_buf *buf)
{
    t->buf = buf;
    t->data = buf->data;
    t->len = buf->len;
    t->lim = buf->failed || !buf->data ? buf->len : buf->cap;
}

void ank__gtext_end(gtext *t)
{
    t->buf->len = t->len;
    if (t->data)
        t->data[t->len] = '\0';
}

bool ank__gtext_grow(gtext *t, size_t n)
{
    t->buf->len = t->len;
    ank__buf_reserve(t->buf, n);
    ank__gtext_begin(t, t->buf);
    return n < t->lim - t->len;
}

void ank__gtext_uint(gtext *t, uint32_t v)
{
    char digits[10];
    size_t i = sizeof digits;
    do
        digits[--i] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    gtext_put(t, digits + i, sizeof digits - i);
}

#define GT_ALL (GT_GBNF_LIT | GT_GBNF_CLASS | GT_LARK_LIT | GT_RE | GT_RE_CLASS)

/* The syntaxes that escape a printable ASCII character. */
#define ESCAPED_IN(c)                                                      \
    ((c) == '\\' ? GT_ALL                                                  \
     : (c) == '"' ? GT_GBNF_LIT | GT_LARK_LIT                              \
     : (c) == ']' || (c) == '^' ? GT_GBNF_CLASS | GT_RE | GT_RE_CLASS      \
     : (c) == '-' ? GT_GBNF_CLASS | GT_RE_CLASS                            \
     : (c) == '[' || (c) == '/' ? GT_RE | GT_RE_CLASS                      \
     : (c) == '.' || (c) == '+' || (c) == '*' || (c) == '?' ||             \
       (c) == '(' || (c) == ')' || (c) == '|' || (c) == '{' ||             \
       (c) == '}' || (c) == '$' ? GT_RE : 0)

/* The escapes that take no \x, \u or \U: \n \r \t and \\ everywhere. */
#define NAMED(c)                                                           \
    ((c) == '\n' ? 'n' : (c) == '\r' ? 'r' : (c) == '\t' ? 't'             \
     : (c) == '\\' ? '\\' : 0)
#define PRINTABLE(c) ((c) >= 0x20 && (c) < 0x7F)
/* GBNF writes '-' and '^' in a class in hex (see escape()). */
#define HEXED(c, m) ((m) == GT_GBNF_CLASS && ((c) == '-' || (c) == '^'))
/* Is ASCII character c written without a \x, \u or \U in syntax m? */
#define SHORT(c, m) (NAMED(c) || (PRINTABLE(c) && !HEXED(c, m)))
/* How many backslashes of the dialect's it takes (0 or 1), written as
 * 1 + json of them. */
#define SLASHES(c, m, j)                                                   \
    (NAMED(c) || (PRINTABLE(c) && (ESCAPED_IN(c) & (m))) ? 1 + (j) : 0)
/* The character after them, and whether JSON escapes it. */
#define FINAL(c) (NAMED(c) ? NAMED(c) : (c))
#define JSON_ESC(c, j) ((j) && (FINAL(c) == '"' || FINAL(c) == '\\'))
#define OUT_LEN(c, m, j)                                                   \
    (SHORT(c, m) ? SLASHES(c, m, j) + JSON_ESC(c, j) + 1 : 0)
#define OUT_BYTE(c, m, j, k)                                               \
    (!SHORT(c, m) ? 0                                                      \
     : (k) < SLASHES(c, m, j) ? '\\'                                       \
     : (k) == SLASHES(c, m, j) && JSON_ESC(c, j) ? '\\'                    \
     : (k) == SLASHES(c, m, j) + JSON_ESC(c, j) ? FINAL(c) : 0)
#define OUT(c, m, j)                                                       \
    {OUT_LEN(c, m, j), {OUT_BYTE(c, m, j, 0), OUT_BYTE(c, m, j, 1),        \
                        OUT_BYTE(c, m, j, 2), OUT_BYTE(c, m, j, 3)}}
#define O4(c, m, j)                                                        \
    OUT(c, m, j), OUT((c) + 1, m, j), OUT((c) + 2, m, j), OUT((c) + 3, m, j)
#define O16(c, m, j)                                                       \
    O4(c, m, j), O4((c) + 4, m, j), O4((c) + 8, m, j), O4((c) + 12, m, j)
#define O128(m, j)                                                         \
    {O16(0, m, j), O16(16, m, j), O16(32, m, j), O16(48, m, j),            \
     O16(64, m, j), O16(80, m, j), O16(96, m, j), O16(112, m, j)}
#define SYNTAXES(j)                                                        \
    {O128(GT_GBNF_LIT, j), O128(GT_GBNF_CLASS, j), O128(GT_LARK_LIT, j),   \
     O128(GT_RE, j), O128(GT_RE_CLASS, j)}

/* By JSON mode, by syntax (gtext_index()), by character. */
const gout ank__gtext_ascii[2][5][128] = {SYNTAXES(0), SYNTAXES(1)};

/* Is the code point written as itself in syntax m (not in JSON)?  (A GBNF
 * hex digit right after a \x escape is not; callers check that.) */
static inline bool plain(uint32_t cp, unsigned m)
{
    return PRINTABLE(cp) && !(ESCAPED_IN(cp) & m);
}

static inline bool is_hex(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

/* A backslash of the dialect's: two in JSON. */
static inline char *slash(char *w, bool json)
{
    *w++ = '\\';
    if (json)
        *w++ = '\\';
    return w;
}

/* An ASCII character as written in the dialect's text. */
static inline char *ascii(char *w, char c, bool json)
{
    if (json && (c == '"' || c == '\\'))
        *w++ = '\\';
    *w++ = c;
    return w;
}

/* \ `kind` and `ndigits` upper-case hex digits of v. */
static char *hex(char *w, char kind, uint32_t v, int ndigits, bool json)
{
    w = slash(w, json);
    *w = kind;
    for (int i = ndigits; i >= 1; i--, v >>= 4)
        w[i] = "0123456789ABCDEF"[v & 0xF];
    return w + 1 + ndigits;
}

/* Code points above ASCII as \uHHHH or \UHHHHHHHH (all dialects). */
static char *wide(char *w, uint32_t cp, bool json)
{
    return cp <= 0xFFFF ? hex(w, 'u', cp, 4, json) : hex(w, 'U', cp, 8, json);
}

/*
 * A code point that is not plain() in syntax `m`, or a GBNF hex digit
 * after a \x escape.  \n \r \t and \\ are written the same way
 * everywhere.
 *
 * llama.cpp knows the escapes \x \u \U \t \r \n \\ \" \[ \] only, so `-`
 * and `^` in GBNF classes are written in hex; XGrammar reads \x greedily
 * (\x01b is U+001B), so a hex digit right after a \x escape is itself
 * escaped (*after_x, GBNF only).  Regexes use the common subset of
 * Python's re and Rust's regex crate; Lark literals are JSON strings,
 * which llguidance and Python Lark read the same way.
 *
 * In JSON mode (`json`) the same text is written JSON-escaped.
 */
static char *escape(char *w, uint32_t cp, unsigned m, bool *after_x,
                    bool json)
{
    bool was_x = *after_x;
    *after_x = false;
    char named = cp == '\n' ? 'n' : cp == '\r' ? 'r' : cp == '\t' ? 't'
                 : cp == '\\' ? '\\' : 0;
    if (named)
        return ascii(slash(w, json), named, json);
    bool control = cp < 0x20 || cp == 0x7F;
    if (m & (GT_GBNF_LIT | GT_GBNF_CLASS)) {
        if (cp == (m == GT_GBNF_CLASS ? ']' : '"'))
            return ascii(slash(w, json), (char)cp, json);
        if (control || (m == GT_GBNF_CLASS && (cp == '-' || cp == '^')) ||
            (was_x && is_hex(cp))) {
            *after_x = true;
            return hex(w, 'x', cp, 2, json);
        }
        if (cp >= 0x80)
            return wide(w, cp, json);
    } else if (m == GT_LARK_LIT) {
        if (cp == '"')
            return ascii(slash(w, json), '"', json);
        if (control)
            return hex(w, 'u', cp, 4, json);
        return w + ank__utf8_put(w, cp);
    } else {
        if (control)
            return hex(w, 'x', cp, 2, json);
        if (cp >= 0x80)
            return wide(w, cp, json);
        if (!plain(cp, m))
            return ascii(slash(w, json), (char)cp, json);
    }
    return ascii(w, (char)cp, json); /* '"' is plain but in JSON */
}

/* One code point, at most ESC_MAX bytes: from the table `out` of syntax
 * m in this JSON mode, unless it needs a \x, \u or \U escape or follows
 * one. */
static inline char *put_cp(char *w, uint32_t cp, unsigned m, const gout *out,
                           bool *after_x, bool json)
{
    if (cp < 128 && out[cp].len && !*after_x) {
        memcpy(w, out[cp].text, 4);
        return w + out[cp].len;
    }
    return escape(w, cp, m, after_x, json);
}

/* The quote around a literal. */
static inline char *quote_mark(char *w, char quote, bool json)
{
    return quote ? ascii(w, quote, json) : w;
}

void ank__gtext_lit(gtext *t, const char *text, size_t n, unsigned mode,
                    char quote)
{
    const unsigned char *s = (const unsigned char *)text;
    bool after_x = false, json = t->json;
    const gout *out = ank__gtext_ascii[json][gtext_index(mode)];
    size_t i = 0;
    do {
        size_t end = n - i <= CHUNK ? n : i + CHUNK;
        /* the last code point may run past `end`; and the quotes */
        if (!gtext_room(t, BYTE_MAX * (end - i) + ESC_MAX + 4))
            return;
        char *w = t->data + t->len;
        if (i == 0)
            w = quote_mark(w, quote, json);
        while (i < end) {
            unsigned c = s[i];
            if (c < 128 && out[c].len) {
                memcpy(w, out[c].text, 4);
                w += out[c].len;
                i++;
                continue;
            }
            do { /* and what follows a \x escape */
                uint32_t cp; /* an invalid byte reads as U+FFFD */
                size_t len = ank__utf8_decode(s + i, n - i, &cp);
                if (!len)
                    cp = 0xFFFD, len = 1;
                w = escape(w, cp, mode, &after_x, json);
                i += len;
            } while (after_x && i < end);
        }
        if (i >= n)
            w = quote_mark(w, quote, json);
        t->len = (size_t)(w - t->data);
    } while (i < n);
}

void ank__gtext_class(gtext *t, bool negated, const uint32_t *ranges,
                      size_t n, bool regex)
{
    unsigned m = regex ? GT_RE_CLASS : GT_GBNF_CLASS;
    bool after_x = false, json = t->json;
    const gout *out = ank__gtext_ascii[json][gtext_index(m)];
    if (regex && negated && n == 0) { /* "[^]" is no regex */
        GTEXT_PUTS2(t, "[\\x00-\\U0010FFFF]", "[\\\\x00-\\\\U0010FFFF]");
        return;
    }
    if (!gtext_room(t, 2))
        return;
    char *w = t->data + t->len, *end = t->data + t->lim;
    *w++ = '[';
    if (negated)
        *w++ = '^';
    for (size_t i = 0; i < n; i++) {
        /* lo, '-', hi and the closing ']' */
        if (end - w <= 2 * ESC_MAX + 2) {
            t->len = (size_t)(w - t->data);
            if (!ank__gtext_grow(t, 2 * ESC_MAX + 2))
                return;
            w = t->data + t->len, end = t->data + t->lim;
        }
        uint32_t lo = ranges[2 * i], hi = ranges[2 * i + 1];
        w = put_cp(w, lo, m, out, &after_x, json);
        if (hi == lo)
            continue;
        if (hi > lo + 1)
            *w++ = '-', after_x = false;
        w = put_cp(w, hi, m, out, &after_x, json);
    }
    t->len = (size_t)(w - t->data);
    gtext_putc(t, ']');
}

/* v in decimal at w; returns the end. */
static inline char *put_uint(char *w, uint32_t v)
{
    char digits[10];
    size_t i = sizeof digits;
    do
        digits[--i] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    memcpy(w, digits + i, sizeof digits - i);
    return w + sizeof digits - i;
}

void ank__gtext_quant(gtext *t, uint32_t min, uint32_t max)
{
    /* {, two numbers of at most 10 digits, ',' and } */
    if (!gtext_room(t, 24))
        return;
    char *w = t->data + t->len;
    if (min == 0 && max == 1) {
        *w++ = '?';
    } else if (min == 0 && max == ANK_G_INF) {
        *w++ = '*';
    } else if (min == 1 && max == ANK_G_INF) {
        *w++ = '+';
    } else {
        *w++ = '{';
        w = put_uint(w, min);
        if (min != max) {
            *w++ = ',';
            if (max != ANK_G_INF)
                w = put_uint(w, max);
        }
        *w++ = '}';
    }
    t->len = (size_t)(w - t->data);
}

/* Of a character in a name hint: 0 other, 1 lower case or digit, 2 upper
 * case. */
#define KIND(c)                                                            \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= '0' && (c) <= '9') ? 1          \
     : (c) >= 'A' && (c) <= 'Z' ? 2 : 0)
#define K4(c) KIND(c), KIND((c) + 1), KIND((c) + 2), KIND((c) + 3)
#define K16(c) K4(c), K4((c) + 4), K4((c) + 8), K4((c) + 12)
#define K64(c) K16(c), K16((c) + 16), K16((c) + 32), K16((c) + 48)
static const unsigned char hint_kind[256] = {K64(0), K64(64)};

size_t ank__gtext_name(char *s, const char *hint, size_t n, bool lark,
                       bool *upper)
{
    char sep = lark ? '_' : '-';
    /* The common hint, lower-case letters and digits in words joined by
     * single other characters ('_', '-'), starting with a letter and
     * ending with a letter or digit, is its own name but for the
     * separators. */
    if (n > 0 && hint[0] >= 'a' && hint[0] <= 'z' &&
        hint_kind[(unsigned char)hint[n - 1]] == 1) {
        size_t i = 1;
        s[0] = hint[0];
        for (; i < n; i++) {
            unsigned kind = hint_kind[(unsigned char)hint[i]];
            if (kind == 1)
                s[i] = hint[i];
            else if (kind == 0 && hint_kind[(unsigned char)hint[i - 1]] == 1)
                s[i] = sep;
            else
                break;
        }
        if (i == n) {
            *upper = false;
            return n;
        }
    }
    size_t k = 0;
    unsigned kinds = 0;
    for (size_t i = 0, prev = 0; i < n; i++) {
        char c = hint[i];
        unsigned kind = hint_kind[(unsigned char)c];
        kinds |= kind;
        if (kind == 1 || (kind == 2 && !lark)) {
            s[k++] = c;
        } else if (kind == 2) {
            if (prev == 1 && k > 0 && s[k - 1] != sep)
                s[k++] = sep;
            s[k++] = (char)(c - 'A' + 'a');
        } else if (k > 0 && s[k - 1] != sep) {
            s[k++] = sep;
        }
        prev = kind;
    }
    *upper = kinds & 2;
    while (k > 0 && s[k - 1] == sep)
        k--;
    if (k == 0)
        memcpy(s, "rule", k = 4);
    else if (s[0] >= '0' && s[0] <= '9')
        memmove(s + 1, s, k++), s[0] = 'r';
    return k;
}

/* Eight bytes of `s` as a number whose low byte is s[0]. */
static inline uint64_t load8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

static inline void store8(char *s, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    memcpy(s, &w, 8);
}

#define ONES 0x0101010101010101u

/* 0x80 in each byte of w equal to c, 0 in the others (exact: no carry
 * crosses a byte). */
static inline uint64_t bytes_eq(uint64_t w, unsigned char c)
{
    uint64_t t = w ^ (ONES * c), low = ONES * 0x7F;
    return ~(((t & low) + low) | t | low);
}

/* '-' and '_' differ in these bits. */
#define SEP_FLIP ('-' ^ '_')

size_t ank__gtext_name_swap(char *s, const char *name, size_t len, bool lark)
{
    /* eight bytes at a time: the other separator's bytes flipped */
    unsigned char other = lark ? '-' : '_';
    for (size_t i = 0; i < len; i += 8) {
        uint64_t w = load8(name + i);
        store8(s + i, w ^ (bytes_eq(w, other) >> 7) * SEP_FLIP);
    }
    return len;
}

/* A word of a name with '_' read as '-', into the hash. */
static inline uint64_t hash_word(uint64_t h, uint64_t w)
{
    w ^= (bytes_eq(w, '_') >> 7) * SEP_FLIP;
    return (h ^ w) * 0xFF51AFD7ED558CCDu;
}

uint32_t ank__gtext_name_hash(const char *s, size_t len)
{
    /* eight bytes at a time, the bytes past the end read as 0; a multiply
     * and xor per word, then mixed */
    uint64_t h = 0x9E3779B97F4A7C15u ^ len;
    if (len > 0) {
        size_t i = 0;
        for (; len - i > 8; i += 8)
            h = hash_word(h, load8(s + i));
        h = hash_word(h, load8(s + i) & (~(uint64_t)0 >> (64 - 8 * (len - i))));
    }
    h ^= h >> 32;
    h *= 0xC4CEB9FE1A85EC53u;
    return (uint32_t)(h ^ (h >> 29));
}

void ank__gtext_regex(gtext *t, const ank_gexpr *e, bool rep)
{
    bool group = e->kind == GK_ALT ||
                 (rep && (e->kind == GK_SEQ || e->kind == GK_REP ||
                          (e->kind == GK_LIT && e->n > 1)));
    if (group)
        GTEXT_PUTS(t, "(?:");
    if (e->kind == GK_LIT)
        ank__gtext_lit(t, e->text, e->n, GT_RE, 0);
    else if (e->kind == GK_CLASS)
        ank__gtext_class(t, e->negated, e->ranges, e->n, true);
    else if (e->kind == GK_REP) {
        ank__gtext_regex(t, e->sub, true);
        ank__gtext_quant(t, e->min, e->max);
    } else {
        for (size_t i = 0; i < e->n; i++) {
            if (i && e->kind == GK_ALT)
                gtext_putc(t, '|');
            ank__gtext_regex(t, e->items[i], false);
        }
    }
    if (group)
        gtext_putc(t, ')');
}

static ank_status write_grammar(const ank_gram *g, ank_gram_dialect dialect,
                                bool json, ank_buf *out)
{
    if (out->failed)
        return ANK_ERR_NOMEM;
    ank_gprint *p;
    ank_status st = ank__gprint_new(g, &p);
    if (st == ANK_OK)
        st = ank__gprint_write(p, dialect, json, out);
    ank__gprint_free(p);
    return st;
}

ank_status ank__gram_write(const ank_gram *g, ank_gram_dialect dialect,
                           ank_buf *out)
{
    return write_grammar(g, dialect, false, out);
}

ank_status ank__gram_write_json(const ank_gram *g, ank_gram_dialect dialect,
                                ank_buf *out)
{
    return write_grammar(g, dialect, true, out);
}
