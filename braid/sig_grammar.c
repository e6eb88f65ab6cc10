/*
 * sig_grammar.c - signature and identifier grammars.
 *
 * A signature's text is cut into tokens with a small lexer per language
 * (words, strings, comments, operators by longest match, other
 * punctuation one character at a time); the grammar is the tokens as
 * literals with a whitespace rule in every gap.  A gap needs whitespace
 * when the two tokens written together would lex differently (`fn foo`,
 * `r "x"` in Rust); it may hold a newline unless the language gives a
 * newline meaning there (Python outside brackets, Go after a token that
 * ends a statement, TypeScript before `=>` and after `async`); it must
 * hold one after a line comment.  A gap of the original that breaks these
 * rules (text with syntax errors) is still allowed, so the original always
 * matches.  The whitespace rules are shared per grammar by their bounds
 * (and for the usual bounds given their printed text, gap_text);
 * within one signature each gap rule, its reference and each punctuation
 * literal is one node used at every place it occurs.
 *
 * Identifier grammars mirror clew/naming.c's classification.
 */
#include "sig_grammar.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef enum tkind { T_WORD, T_PUNCT, T_STRING, T_LINE, T_BLOCK, T_CONT } tkind;

typedef struct tok {
    size_t start, len;
    tkind kind;
} tok;

/* Letters, digits, '_', '$' and every non-ASCII byte, as bits per byte
 * value: [0] for 0x00-0x3F, [1] for 0x40-0x7F. */
static const uint64_t word_bits[2] = {
    ((uint64_t)1 << '$') | ((uint64_t)0x3FF << '0'),
    ((uint64_t)0x3FFFFFF << ('A' - 64)) | ((uint64_t)1 << ('_' - 64)) |
        ((uint64_t)0x3FFFFFF << ('a' - 64))};

static bool is_word(unsigned char c)
{
    return c >= 0x80 || ((word_bits[c >> 6] >> (c & 63)) & 1);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Operators that are one token, longest first per language. */
static const char *const ops_python[] = {"**=", "//=", "...", "->", "**",
                                         "//", ":=", "==", "!=", "<=", ">=",
                                         NULL};
static const char *const ops_ts[] = {"===", "!==", "...", "=>", "==", "!=",
                                     "<=", ">=", "&&", "||", "??", "**",
                                     NULL};
static const char *const ops_rust[] = {"..=", "...", "->", "=>", "::", "..",
                                       "==", "!=", "<=", ">=", "&&", "||",
                                       NULL};
static const char *const ops_go[] = {"...", "<-", ":=", "++", "--", "==", "!=", "<=",
                                     ">=", "&&", "||", "&^", NULL};
static const char *const ops_zig[] = {"...", "=>", "..", "**", "++", "==",
                                      "!=", "<=", ">=", "||", ".*", ".?",
                                      NULL};

/* The first characters of the operators above, of every language, as
 * bits per byte value like word_bits. */
#define BIT(c) ((uint64_t)1 << ((c) & 63))
static const uint64_t op_first[2] = {
    BIT('!') | BIT('&') | BIT('*') | BIT('+') | BIT('-') | BIT('.') |
        BIT('/') | BIT(':') | BIT('<') | BIT('=') | BIT('>') | BIT('?'),
    BIT('|')};
#undef BIT

static const char *const *ops_of(ank_lang lang)
{
    switch (lang) {
    case ANK_LANG_PYTHON: return ops_python;
    case ANK_LANG_RUST: return ops_rust;
    case ANK_LANG_GO: return ops_go;
    case ANK_LANG_ZIG: return ops_zig;
    default: return ops_ts;
    }
}

/* The end of a quoted string starting at the quote s[i]: backslash
 * escapes unless `raw`; `hashes` closing '#' for Rust raw strings; Python
 * triple quotes. */
static size_t string_end(const char *s, size_t n, size_t i, bool raw,
                         size_t hashes, bool triple)
{
    char q = s[i];
    i += triple ? 3 : 1;
    while (i < n) {
        if (s[i] == '\\' && !raw && i + 1 < n) {
            i += 2;
            continue;
        }
        if (s[i] == q) {
            if (triple) {
                if (i + 2 < n && s[i + 1] == q && s[i + 2] == q)
                    return i + 3;
            } else {
                size_t k = 0;
                while (k < hashes && i + 1 + k < n && s[i + 1 + k] == '#')
                    k++;
                if (k == hashes)
                    return i + 1 + k;
            }
        }
        i++;
    }
    return n;
}

/* A string prefix (Python rb"", Rust br#""#): the length of the token, or
 * 0 when the word at s[i] (w bytes) is not one. */
static size_t prefixed_string(ank_lang lang, const char *s, size_t n,
                              size_t i, size_t w)
{
    size_t q = i + w;
    if (lang == ANK_LANG_PYTHON && w <= 2 && q < n &&
        (s[q] == '"' || s[q] == '\'')) {
        /* Even in a raw string a backslash keeps the quote after it. */
        for (size_t k = 0; k < w; k++)
            if (!strchr("rRbBuUfF", s[i + k]))
                return 0;
        bool triple = q + 2 < n && s[q + 1] == s[q] && s[q + 2] == s[q];
        return string_end(s, n, q, false, 0, triple) - i;
    }
    if (lang == ANK_LANG_RUST && w <= 2) {
        bool raw = false;
        for (size_t k = 0; k < w; k++) {
            if (!strchr("bcr", s[i + k]))
                return 0;
            raw = raw || s[i + k] == 'r';
        }
        size_t hashes = 0;
        while (raw && q + hashes < n && s[q + hashes] == '#')
            hashes++;
        if (q + hashes < n && s[q + hashes] == '"')
            return string_end(s, n, q + hashes, raw, hashes, false) - i;
        if (!raw && w == 1 && s[i] == 'b' && q < n && s[q] == '\'')
            return string_end(s, n, q, false, 0, false) - i;
    }
    return 0;
}

/* The token at s[i] (not whitespace): its length, and its kind. */
static size_t lex_one(ank_lang lang, const char *s, size_t n, size_t i,
                      tkind *kind)
{
    char c = s[i], d = i + 1 < n ? s[i + 1] : '\0';
    bool py = lang == ANK_LANG_PYTHON;
    if ((py && c == '#') || (!py && c == '/' && d == '/') ||
        (lang == ANK_LANG_ZIG && c == '\\' && d == '\\')) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        while (e > i + 1 && s[e - 1] == '\r')
            e--;
        *kind = T_LINE;
        return e - i;
    }
    if (!py && lang != ANK_LANG_ZIG && c == '/' && d == '*') {
        size_t e = i + 2, depth = 1;
        while (e < n && depth > 0) {
            if (s[e] == '*' && e + 1 < n && s[e + 1] == '/')
                depth--, e += 2;
            else if (lang == ANK_LANG_RUST && s[e] == '/' && e + 1 < n &&
                     s[e + 1] == '*')
                depth++, e += 2;
            else
                e++;
        }
        *kind = T_BLOCK;
        return e - i;
    }
    if (py && c == '\\') {
        *kind = T_CONT;
        return 1;
    }
    *kind = T_STRING;
    if (c == '"' || c == '`' || (c == '\'' && lang != ANK_LANG_RUST)) {
        bool raw = c == '`' && lang == ANK_LANG_GO;
        bool triple = py && i + 2 < n && d == c && s[i + 2] == c;
        return string_end(s, n, i, raw, 0, triple) - i;
    }
    if (c == '\'') { /* Rust: 'a' and '\n' are chars, 'a a lifetime */
        if (d == '\\' || (i + 2 < n && s[i + 2] == '\''))
            return string_end(s, n, i, false, 0, false) - i;
        size_t e = i + 1;
        while (e < n && is_word((unsigned char)s[e]))
            e++;
        *kind = T_WORD;
        return e - i;
    }
    /* Zig @"quoted id" and @builtin, TypeScript #private. */
    if ((lang == ANK_LANG_ZIG && c == '@') ||
        ((lang == ANK_LANG_TYPESCRIPT || lang == ANK_LANG_TSX) && c == '#')) {
        if (c == '@' && d == '"') {
            *kind = T_WORD;
            return string_end(s, n, i + 1, false, 0, false) - i;
        }
        if (is_word((unsigned char)d) && !is_digit(d)) {
            size_t e = i + 1;
            while (e < n && is_word((unsigned char)s[e]))
                e++;
            *kind = T_WORD;
            return e - i;
        }
    }
    if (is_word((unsigned char)c)) {
        size_t e = i;
        bool number = is_digit(c);
        while (e < n) {
            if (is_word((unsigned char)s[e]))
                e++;
            else if (number && s[e] == '.' && e + 1 < n && is_digit(s[e + 1]))
                e++;
            else if (number && (s[e] == '+' || s[e] == '-') &&
                     strchr("eE", s[e - 1]) && e + 1 < n && is_digit(s[e + 1]))
                e++;
            else
                break;
        }
        size_t p = number ? 0 : prefixed_string(lang, s, n, i, e - i);
        *kind = p ? T_STRING : T_WORD;
        return p ? p : e - i;
    }
    *kind = T_PUNCT;
    /* most punctuation starts no operator of any language: ( ) , [ ] */
    if ((unsigned char)c >= 0x80 || !((op_first[(unsigned char)c >> 6] >>
                                       (c & 63)) & 1))
        return 1;
    for (const char *const *op = ops_of(lang); *op; op++) {
        if ((*op)[0] != c)
            continue;
        size_t k = strlen(*op);
        if (k <= n - i && memcmp(s + i, *op, k) == 0)
            return k;
    }
    return 1;
}

/* ------------------------------------------------------------- signature */

static const char *const go_keywords[] = {
    "case", "chan", "const", "default", "defer", "else", "for", "func", "go",
    "goto", "if", "import", "interface", "map", "package", "range",
    "select", "struct", "switch", "type", "var", NULL};

static bool tok_is(const char *s, const tok *t, const char *text)
{
    return t->len == strlen(text) && memcmp(s + t->start, text, t->len) == 0;
}

/* May the language put a newline between tokens a and b? */
static bool newline_ok(ank_lang lang, const char *s, const tok *a,
                       const tok *b, int depth)
{
    switch (lang) {
    case ANK_LANG_PYTHON:
        return depth > 0 || a->kind == T_CONT;
    case ANK_LANG_GO:
        if (a->kind == T_STRING)
            return false;
        if (a->kind == T_WORD) {
            for (const char *const *k = go_keywords; *k; k++)
                if (tok_is(s, a, *k))
                    return true;
            return false;
        }
        return !(tok_is(s, a, ")") || tok_is(s, a, "]") ||
                 tok_is(s, a, "}") || tok_is(s, a, "++") ||
                 tok_is(s, a, "--"));
    case ANK_LANG_TYPESCRIPT:
    case ANK_LANG_TSX:
        return !tok_is(s, b, "=>") && !tok_is(s, a, "async");
    default:
        return true;
    }
}

/* Would a and b written without a gap lex as other tokens? */
static bool merges(ank_lang lang, const char *s, const tok *a, const tok *b)
{
    char small[128];
    size_t n = a->len + b->len;
    if (n > sizeof small) /* long tokens: compare the joint region only */
        return a->kind == T_WORD && b->kind == T_WORD;
    memcpy(small, s + a->start, a->len);
    memcpy(small + a->len, s + b->start, b->len);
    tkind k;
    return lex_one(lang, small, n, 0, &k) != a->len;
}

typedef struct bounds {
    uint32_t spaces, newlines, indent;
    bool ff, vt, cr; /* other horizontal whitespace seen */
} bounds;

/* Measure one gap: leading blanks, newlines, blanks after each newline. */
static void measure(const char *s, size_t n, bounds *b, size_t *newlines)
{
    size_t i = 0, run = 0;
    *newlines = 0;
    bool lead = true;
    for (; i <= n; i++) {
        bool nl = i < n && (s[i] == '\n' ||
                            (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'));
        if (i == n || nl) {
            uint32_t *bound = lead ? &b->spaces : &b->indent;
            if (run > *bound)
                *bound = (uint32_t)run;
            if (i == n)
                break;
            if (s[i] == '\r')
                i++;
            (*newlines)++;
            lead = false;
            run = 0;
            continue;
        }
        b->ff = b->ff || s[i] == '\f';
        b->vt = b->vt || s[i] == '\v';
        b->cr = b->cr || s[i] == '\r';
        run++;
    }
    if (*newlines > b->newlines)
        b->newlines = (uint32_t)*newlines;
}

enum { GAP_H, GAP_H1, GAP_ANY, GAP_ANY1, GAP_NL, GAP_KINDS };

/* The gap rules of one signature, made when first wanted.  The blank
 * class, the newline and each rule's reference are single nodes used at
 * every place they are wanted (small shared nodes print alike wherever
 * they occur). */
typedef struct gaps {
    ank_gram *g;
    const bounds *b;
    ank_gexpr *blank, *nl;
    ank_gexpr *refs[GAP_KINDS];
} gaps;

static ank_gexpr *blanks(gaps *gp, uint32_t min, uint32_t max)
{
    if (!gp->blank) {
        const bounds *b = gp->b;
        uint32_t r[10] = {' ', ' ', '\t', '\t'};
        size_t k = 2;
        if (b->ff)
            r[2 * k] = r[2 * k + 1] = '\f', k++;
        if (b->vt)
            r[2 * k] = r[2 * k + 1] = '\v', k++;
        if (b->cr)
            r[2 * k] = r[2 * k + 1] = '\r', k++;
        gp->blank = ank__g_class(gp->g, false, r, k);
    }
    return ank__g_rep(gp->g, gp->blank, min, max);
}

/* "\r"? "\n" blanks{0,indent} */
static ank_gexpr *newline(gaps *gp)
{
    ank_gram *g = gp->g;
    if (!gp->nl) {
        ank_gexpr *items[] = {ank__g_rep(g, ank__g_lit(g, "\r", 1), 0, 1),
                              ank__g_lit(g, "\n", 1),
                              blanks(gp, 0, gp->b->indent)};
        gp->nl = ank__g_seq(g, items, 3);
    }
    return gp->nl;
}

/* Decimal digits of v at p; returns the end. */
static char *put_uint(char *p, unsigned v)
{
    char d[10];
    size_t n = 0;
    do
        d[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        *p++ = d[--n];
    return p;
}

/* The gap rules' bodies as the printers write them for the usual bounds
 * (those a signature on one line has: 2 blanks, 1 newline, 8 blanks of
 * indent, no other whitespace), GBNF, Lark, then both JSON-escaped.
 * The expressions gap_rule() builds otherwise (or when the grammar is
 * spelled out, ank__gram_spell_out) are the definition and must print
 * exactly this. */
#define TEXT ANK_GRAM_TEXT
static const ank_gram_text gap_text[GAP_KINDS] = {
    [GAP_H] = TEXT(
        "[\\t ]{0,2}",
        "/[\\t ]{1,2}/?",
        "[\\\\t ]{0,2}",
        "/[\\\\t ]{1,2}/?"),
    [GAP_H1] = TEXT(
        "[\\t ]{1,2}",
        "/[\\t ]{1,2}/",
        "[\\\\t ]{1,2}",
        "/[\\\\t ]{1,2}/"),
    [GAP_ANY] = TEXT(
        "[\\t ]{0,2} (\"\\r\"? \"\\n\" [\\t ]{0,8})?",
        "/[\\t ]{1,2}/? (\"\\r\"? \"\\n\" /[\\t ]{1,8}/?)?",
        "[\\\\t ]{0,2} (\\\"\\\\r\\\"? \\\"\\\\n\\\" [\\\\t ]{0,8})?",
        "/[\\\\t ]{1,2}/? (\\\"\\\\r\\\"? \\\"\\\\n\\\" /[\\\\t ]{1,8}/"
        "?)?"),
    [GAP_ANY1] = TEXT(
        "[\\t ]{1,2} (\"\\r\"? \"\\n\" [\\t ]{0,8})? | \"\\r\"? \"\\n\""
        " [\\t ]{0,8}",
        "/[\\t ]{1,2}/ (\"\\r\"? \"\\n\" /[\\t ]{1,8}/?)? | \"\\r\"? \""
        "\\n\" /[\\t ]{1,8}/?",
        "[\\\\t ]{1,2} (\\\"\\\\r\\\"? \\\"\\\\n\\\" [\\\\t ]{0,8})? | "
        "\\\"\\\\r\\\"? \\\"\\\\n\\\" [\\\\t ]{0,8}",
        "/[\\\\t ]{1,2}/ (\\\"\\\\r\\\"? \\\"\\\\n\\\" /[\\\\t ]{1,8}/?"
        ")? | \\\"\\\\r\\\"? \\\"\\\\n\\\" /[\\\\t ]{1,8}/?"),
    [GAP_NL] = TEXT(
        "[\\t ]{0,2} \"\\r\"? \"\\n\" [\\t ]{0,8}",
        "/[\\t ]{1,2}/? \"\\r\"? \"\\n\" /[\\t ]{1,8}/?",
        "[\\\\t ]{0,2} \\\"\\\\r\\\"? \\\"\\\\n\\\" [\\\\t ]{0,8}",
        "/[\\\\t ]{1,2}/? \\\"\\\\r\\\"? \\\"\\\\n\\\" /[\\\\t ]{1,8}/?"),
};
#undef TEXT

static ank_grule *gap_rule(gaps *gp, int kind)
{
    static const char *const hints[] = {"wsh", "wsh1", "ws", "ws1", "wsnl"};
    ank_gram *g = gp->g;
    const bounds *b = gp->b;
    /* "sig-gap:<kind>:<spaces>:<newlines>:<indent>:<ff><vt><cr>" */
    char key[96] = "sig-gap:", *p = key + 8;
    p = put_uint(p, (unsigned)kind);
    *p++ = ':';
    p = put_uint(p, b->spaces);
    *p++ = ':';
    p = put_uint(p, b->newlines);
    *p++ = ':';
    p = put_uint(p, b->indent);
    *p++ = ':';
    *p++ = (char)('0' + b->ff);
    *p++ = (char)('0' + b->vt);
    *p++ = (char)('0' + b->cr);
    *p = '\0';
    ank_grule *r = ank__gram_lookup(g, key);
    if (r)
        return r;
    if (b->spaces == 2 && b->newlines == 1 && b->indent == 8 && !b->ff &&
        !b->vt && !b->cr && ank__gram_prebuilt(g)) {
        r = ank__gram_declare(g, hints[kind]);
        ank__gram_define_text(g, r, &gap_text[kind]);
        if (r)
            ank__gram_register_new(g, key, r);
        return r;
    }
    ank_gexpr *body;
    switch (kind) {
    case GAP_H:
    case GAP_H1:
        body = blanks(gp, kind == GAP_H1, b->spaces);
        break;
    case GAP_ANY:
        body = ank__g_seq2(g, blanks(gp, 0, b->spaces),
                           ank__g_rep(g, newline(gp), 0, b->newlines));
        break;
    case GAP_ANY1:
        body = ank__g_alt2(g,
                           ank__g_seq2(g, blanks(gp, 1, b->spaces),
                                       ank__g_rep(g, newline(gp), 0, b->newlines)),
                           ank__g_rep(g, newline(gp), 1, b->newlines));
        break;
    default:
        body = ank__g_seq2(g, blanks(gp, 0, b->spaces),
                           ank__g_rep(g, newline(gp), 1, b->newlines));
        break;
    }
    r = ank__gram_rule(g, hints[kind], body);
    if (r)
        ank__gram_register_new(g, key, r);
    return r;
}

/* A reference to the gap rule of `kind`. */
static ank_gexpr *gap(gaps *gp, int kind)
{
    if (!gp->refs[kind])
        gp->refs[kind] = ank__g_ref(gp->g, gap_rule(gp, kind));
    return gp->refs[kind];
}

ank_grule *ank__grammar_signature(ank_gram *g, const ank_constraint *c)
{
    if (!g || !c || c->kind != ANK_KIND_FUNCTION_SIGNATURE ||
        !c->u.sig.signature)
        return NULL;
    ank_lang lang = c->language == ANK_LANG_TSX ? ANK_LANG_TYPESCRIPT
                                                : c->language;
    const char *s = c->u.sig.signature;
    size_t n = strlen(s), start = 0;
    while (start < n && is_space(s[start]))
        start++;
    while (n > start && is_space(s[n - 1]))
        n--;
    if (start == n)
        return NULL;
    /* At most one token per byte; a short text's tokens fit on the stack
     * (ank__g_seq copies the items). */
    enum { SMALL = 160 };
    tok small_toks[SMALL];
    ank_gexpr *small_items[2 * SMALL];
    bool small = n - start <= SMALL;
    tok *toks = small ? small_toks
                      : ank__gram_alloc(g, (n - start) * sizeof *toks);
    ank_gexpr **items =
        small ? small_items
              : ank__gram_alloc(g, 2 * (n - start) * sizeof *items);
    if (!toks || !items)
        return NULL;
    size_t nt = 0;
    for (size_t i = start; i < n;) {
        if (is_space(s[i])) {
            i++;
            continue;
        }
        tkind k;
        size_t len = lex_one(lang, s, n, i, &k);
        toks[nt++] = (tok){i, len, k};
        i += len;
    }
    bounds b = {2, 1, 8, false, false, false};
    for (size_t i = 0; i + 1 < nt; i++) {
        size_t from = toks[i].start + toks[i].len, newlines;
        measure(s + from, toks[i + 1].start - from, &b, &newlines);
    }
    size_t m = 0;
    int depth = 0;
    gaps gp = {.g = g, .b = &b}; /* b is final: one rule per kind */
    /* one literal per punctuation character, used at each occurrence */
    ank_gexpr *punct[128] = {0};
    for (size_t i = 0; i < nt; i++) {
        const tok *t = &toks[i];
        char c0 = s[t->start];
        bool one = t->kind == T_PUNCT && t->len == 1;
        if (one && (unsigned char)c0 < 128) {
            ank_gexpr **slot = &punct[(unsigned char)c0];
            if (!*slot)
                *slot = ank__g_lit(g, s + t->start, 1);
            items[m++] = *slot;
        } else {
            items[m++] = ank__g_lit(g, s + t->start, t->len);
        }
        if (i + 1 == nt)
            break;
        if (one && (c0 == '(' || c0 == '[' || c0 == '{'))
            depth++;
        else if (one && (c0 == ')' || c0 == ']' || c0 == '}') && depth > 0)
            depth--;
        size_t from = t->start + t->len, len = toks[i + 1].start - from;
        bool nl = memchr(s + from, '\n', len) != NULL;
        bool need = len > 0 && merges(lang, s, t, &toks[i + 1]);
        int kind;
        if ((t->kind == T_LINE || t->kind == T_CONT) && nl)
            kind = GAP_NL;
        else if (nl || newline_ok(lang, s, t, &toks[i + 1], depth))
            kind = need ? GAP_ANY1 : GAP_ANY;
        else
            kind = need ? GAP_H1 : GAP_H;
        items[m++] = gap(&gp, kind);
    }
    /* "sig-" and the name, cut to 127 bytes */
    char hint[128] = "sig-";
    const char *name = c->name ? c->name : "function";
    size_t len = strlen(name);
    len = len < sizeof hint - 5 ? len : sizeof hint - 5;
    memcpy(hint + 4, name, len);
    hint[4 + len] = '\0';
    return ank__gram_rule(g, hint, ank__g_seq(g, items, m));
}

/* ------------------------------------------------------------ identifiers */

/* A class from a string of inclusive pairs: "azAZ" is [a-zA-Z]. */
static ank_gexpr *set(ank_gram *g, const char *pairs)
{
    uint32_t r[16];
    size_t k = 0;
    for (; pairs[2 * k] && k < 8; k++) {
        r[2 * k] = (unsigned char)pairs[2 * k];
        r[2 * k + 1] = (unsigned char)pairs[2 * k + 1];
    }
    return ank__g_class(g, false, r, k);
}

static ank_gexpr *star(ank_gram *g, ank_gexpr *e)
{
    return ank__g_rep(g, e, 0, ANK_G_INF);
}

static ank_gexpr *opt(ank_gram *g, ank_gexpr *e) { return ank__g_rep(g, e, 0, 1); }

#define SEQ(g, ...)                                                        \
    ank__g_seq((g), (ank_gexpr *[]){__VA_ARGS__},                          \
               sizeof((ank_gexpr *[]){__VA_ARGS__}) / sizeof(ank_gexpr *))

/* Words joined by `sep`: [a-z][a-z0-9]*(sep[a-z0-9]+)*, or capitals.
 * naming.c takes any run of underscores as a separator, and a kebab-case
 * name has at least one dash (a one-word name is flatcase). */
static ank_gexpr *joined(ank_gram *g, bool upper, const char *sep)
{
    const char *first = upper ? "AZ" : "az", *rest = upper ? "AZ09" : "az09";
    ank_gexpr *word = SEQ(g, set(g, first), star(g, set(g, rest)));
    if (!sep)
        return word;
    bool dash = sep[0] == '-';
    ank_gexpr *s = ank__g_rep(g, ank__g_str(g, sep), 1, dash ? 1 : ANK_G_INF);
    return SEQ(g, word,
               ank__g_rep(g, SEQ(g, s, ank__g_rep(g, set(g, rest), 1, ANK_G_INF)),
                          dash ? 1 : 0, ANK_G_INF));
}

/* Rust and Zig (acronyms are words): after the first word, humps of one
 * capital, digits and lower-case letters; at most one bare capital at the
 * end; never two capitals in a row. */
static ank_gexpr *humps(ank_gram *g)
{
    ank_gexpr *hump = SEQ(g, set(g, "AZ"), star(g, set(g, "09")), set(g, "az"),
                          star(g, set(g, "az09")));
    return SEQ(g, star(g, hump), opt(g, SEQ(g, set(g, "AZ"),
                                             star(g, set(g, "09")))));
}

static ank_gexpr *core(ank_gram *g, ank_lang lang, ank_style style)
{
    bool words = lang == ANK_LANG_RUST || lang == ANK_LANG_ZIG;
    bool go = lang == ANK_LANG_GO;
    /* Go judges names with the first letter lowered (export, not style). */
    ank_gexpr *go_cap = go ? opt(g, set(g, "AZ")) : ank__g_empty(g);
    switch (style) {
    case ANK_STYLE_FLAT:
        return SEQ(g, go_cap, joined(g, false, NULL));
    case ANK_STYLE_SNAKE:
        return SEQ(g, go_cap, joined(g, false, "_"));
    case ANK_STYLE_KEBAB:
        return SEQ(g, go_cap, joined(g, false, "-"));
    case ANK_STYLE_SCREAMING:
        return joined(g, true, "_");
    case ANK_STYLE_CAMEL:
        if (go)
            return SEQ(g, set(g, "azAZ"), star(g, set(g, "azAZ09")));
        if (words)
            return SEQ(g, set(g, "az"), star(g, set(g, "az09")), humps(g));
        return SEQ(g, set(g, "az"), star(g, set(g, "azAZ09")));
    case ANK_STYLE_PASCAL:
        if (go) /* a name with a lower-case letter is camelCase in Go */
            return joined(g, true, NULL);
        if (words)
            return SEQ(g, set(g, "AZ"), star(g, set(g, "09")),
                       opt(g, SEQ(g, set(g, "az"), star(g, set(g, "az09")),
                                  humps(g))));
        return SEQ(g, set(g, "AZ"), star(g, set(g, "azAZ09")));
    default: {
        bool ts = lang == ANK_LANG_TYPESCRIPT || lang == ANK_LANG_TSX;
        return SEQ(g, set(g, ts ? "azAZ__$$" : "azAZ__"),
                   star(g, set(g, ts ? "azAZ09__$$" : "azAZ09__")));
    }
    }
}

/* The style's identifiers as flat sequences (of literals, classes and
 * class stars) in out[0, n) without the underscores around them, n
 * returned; 0 for a style whose words need a repeated group (kebab-case,
 * and the humps of Rust's and Zig's camelCase and PascalCase).  A run of
 * words joined by runs of `_` is the first letter, then either nothing or
 * any run of the word characters and `_` that ends in a word character. */
static size_t flat_cores(ank_gram *g, ank_lang lang, ank_style style,
                         ank_gexpr *out[4])
{
    bool words = lang == ANK_LANG_RUST || lang == ANK_LANG_ZIG;
    bool go = lang == ANK_LANG_GO;
    const char *first = NULL, *rest = NULL, *tail = NULL;
    switch (style) {
    case ANK_STYLE_FLAT:
        first = "az", rest = "az09";
        break;
    case ANK_STYLE_SNAKE:
        first = "az", rest = "az09__", tail = "az09";
        break;
    case ANK_STYLE_SCREAMING:
        go = false;
        first = "AZ", rest = "AZ09__", tail = "AZ09";
        break;
    case ANK_STYLE_CAMEL:
        if (words)
            return 0;
        first = go ? "azAZ" : "az", rest = "azAZ09";
        go = false;
        break;
    case ANK_STYLE_PASCAL:
        if (words)
            return 0;
        first = "AZ", rest = go ? "AZ09" : "azAZ09";
        go = false;
        break;
    default:
        return 0;
    }
    size_t n = 0;
    /* Go judges names with the first letter lowered: [A-Z]? in front */
    for (int cap = 0; cap <= (go ? 1 : 0); cap++) {
        ank_gexpr *lead = SEQ(g, cap ? set(g, "AZ") : ank__g_empty(g),
                              set(g, first));
        if (tail) {
            out[n++] = lead;
            out[n++] = SEQ(g, lead, star(g, set(g, rest)), set(g, tail));
        } else {
            out[n++] = SEQ(g, lead, star(g, set(g, rest)));
        }
    }
    return n;
}

/* The flat form: every core with zero to two `_` before and after. */
static ank_gexpr *flat_body(ank_gram *g, ank_lang lang, ank_style style)
{
    ank_gexpr *cores[4], *alts[36];
    size_t ncores = flat_cores(g, lang, style, cores), nalts = 0;
    for (size_t i = 0; i < ncores; i++)
        for (int pre = 0; pre <= 2; pre++)
            for (int post = 0; post <= 2; post++)
                alts[nalts++] = SEQ(g, ank__g_str(g, &"__"[2 - pre]), cores[i],
                                    ank__g_str(g, &"__"[2 - post]));
    return nalts ? ank__g_alt(g, alts, nalts) : NULL;
}

static ank_grule *identifier(ank_gram *g, ank_lang lang, ank_style style,
                             bool flat)
{
    if (!g || lang <= ANK_LANG_UNKNOWN || lang >= ANK_LANG_COUNT_ ||
        style < 0 || style >= ANK_STYLE_COUNT_)
        return NULL;
    if (lang == ANK_LANG_TSX)
        lang = ANK_LANG_TYPESCRIPT;
    char key[48];
    snprintf(key, sizeof key, "ident:%d:%d:%d", (int)lang, (int)style, flat);
    ank_grule *r = ank__gram_lookup(g, key);
    if (r)
        return r;
    ank_gexpr *body;
    if (flat) {
        if (!(body = flat_body(g, lang, style)))
            return NULL;
    } else {
        body = core(g, lang, style);
        if (style != ANK_STYLE_OTHER) {
            ank_gexpr *unders = ank__g_rep(g, ank__g_str(g, "_"), 0, 2);
            body = SEQ(g, unders, body, unders);
        }
    }
    char hint[64];
    snprintf(hint, sizeof hint, "%s-%s", ank_lang_name(lang),
             ank__style_name(style));
    r = ank__gram_rule(g, hint, body);
    if (r)
        ank__gram_register_new(g, key, r);
    return r;
}

ank_grule *ank__grammar_identifier(ank_gram *g, ank_lang lang,
                                   ank_style style)
{
    return identifier(g, lang, style, false);
}

ank_grule *ank__grammar_identifier_flat(ank_gram *g, ank_lang lang,
                                        ank_style style)
{
    return identifier(g, lang, style, true);
}
