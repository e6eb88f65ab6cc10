/*
 * completion_lexer.c - the lexers of completion grammars (what
 * completion.h lists per language): strings, character literals and
 * comments, in which brackets do not count, and Python's indentation.
 *
 * A lexer reads one bucket per code point: each ASCII character, and one
 * for all of non-ASCII.  Invariants: state 0 is code; a state made by
 * add_state maps every bucket before it is refined; the lexers stay
 * within MAXL states (Python: 20 and one per byte of indentation).
 */
#include "completion_lexer.h"

#include <string.h>

static ank_lex_act go(int next) { return (ank_lex_act){A_GO, (uint8_t)next, 0, 0}; }
static const ank_lex_act reject = {A_REJECT, 0, 0, 0};

/* A new state: every input goes to `rest` (-1: stays). */
static int add_state(ank_lexer *lx, const char *name, bool end_ok, int rest)
{
    int s = lx->n++;
    lx->name[s] = name;
    lx->end_ok[s] = end_ok;
    for (int b = 0; b < NB; b++)
        lx->tab[s][b] = go(rest < 0 ? s : rest);
    return s;
}

static void on(ank_lexer *lx, int s, const char *chars, ank_lex_act a)
{
    for (; *chars; chars++)
        lx->tab[s][(unsigned char)*chars] = a;
}

/* Identifier characters: ASCII letters, digits, '_' and non-ASCII. */
static void on_word(ank_lexer *lx, int s, ank_lex_act a)
{
    for (int b = 0; b < NB; b++)
        if (b == '_' || b == 128 || (b >= '0' && b <= '9') ||
            (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
            lx->tab[s][b] = a;
}

static int copy_of(ank_lexer *lx, int src, const char *name)
{
    int s = add_state(lx, name, lx->end_ok[src], -1);
    memcpy(lx->tab[s], lx->tab[src], sizeof lx->tab[s]);
    return s;
}

/* The three brackets, opened from a code state that `ret`urns to. */
static void brackets(ank_lexer *lx, int s, int inner, int ret)
{
    static const char open[] = "([{", close[] = ")]}";
    for (int i = 0; i < 3; i++) {
        lx->tab[s][(unsigned char)open[i]] =
            (ank_lex_act){A_OPEN, (uint8_t)ret, (uint8_t)inner, (uint8_t)close[i]};
        lx->tab[s][(unsigned char)close[i]] =
            (ank_lex_act){A_CLOSE, 0, 0, (uint8_t)close[i]};
    }
}

/* A quoted literal closed by q, with backslash escapes; `lines`: may span
 * lines. */
static int quoted(ank_lexer *lx, int code, char q, bool lines)
{
    int s = add_state(lx, "string", false, -1);
    int esc = add_state(lx, "string", false, s);
    char close[2] = {q, 0};
    on(lx, s, close, go(code));
    on(lx, s, "\\", go(esc));
    if (!lines)
        on(lx, s, "\n", reject);
    return s;
}

void ank__completion_brace_lexer(ank_lexer *lx, ank_lang lang)
{
    bool ts = lang == ANK_LANG_TYPESCRIPT || lang == ANK_LANG_TSX;
    bool rust = lang == ANK_LANG_RUST, zig = lang == ANK_LANG_ZIG;
    int code = add_state(lx, "code", true, -1);
    brackets(lx, code, code, code);
    on(lx, code, "\"", go(quoted(lx, code, '"', rust)));
    if (!rust)
        on(lx, code, "'", go(quoted(lx, code, '\'', false)));
    if (ts) { /* templates: `...${ code }...` */
        int bt = add_state(lx, "template", false, -1);
        int esc = add_state(lx, "template", false, bt);
        int dollar = copy_of(lx, bt, "template");
        on(lx, bt, "`", go(code));
        on(lx, bt, "\\", go(esc));
        on(lx, bt, "$", go(dollar));
        memcpy(lx->tab[dollar], lx->tab[bt], sizeof lx->tab[bt]);
        lx->tab[dollar]['{'] = (ank_lex_act){A_OPEN, (uint8_t)bt, (uint8_t)code, '}'};
        on(lx, code, "`", go(bt));
    } else if (lang == ANK_LANG_GO) { /* raw strings */
        int raw = add_state(lx, "string", false, -1);
        on(lx, raw, "`", go(code));
        on(lx, code, "`", go(raw));
    }
    if (zig) { /* \\ line strings */
        int line = add_state(lx, "string", false, -1);
        int bs = copy_of(lx, code, "code");
        on(lx, line, "\n", go(code));
        on(lx, bs, "\\", go(line));
        on(lx, code, "\\", go(bs));
    }
    if (rust) {
        /* r"..." and r#"..."# raw strings (any r or b before a quote opens
         * one: elsewhere that is no Rust), byte strings, and char literals
         * told from lifetimes: 'x' closes, 'x... does not */
        int r = copy_of(lx, code, "code"), b = copy_of(lx, code, "code");
        int h1 = copy_of(lx, code, "code");
        int raw0 = add_state(lx, "string", false, -1);
        int raw1 = add_state(lx, "string", false, -1);
        int quote1 = add_state(lx, "string", false, raw1);
        on(lx, raw0, "\"", go(code));
        on(lx, raw1, "\"", go(quote1));
        on(lx, quote1, "\"", go(quote1));
        on(lx, quote1, "#", go(code));
        on(lx, r, "\"", go(raw0));
        on(lx, r, "#", go(h1));
        on(lx, h1, "\"", go(raw1));
        on(lx, b, "\"", go(lx->tab[code]['"'].next));
        int chr = add_state(lx, "char", false, -1);
        int one = add_state(lx, "char", false, -1);
        int esc = add_state(lx, "char", false, -1);
        int body = add_state(lx, "char", false, -1);
        int word = copy_of(lx, code, "code");
        on_word(lx, word, go(word));
        on(lx, word, "'", go(code));
        for (int k = 0; k < NB; k++) {
            lx->tab[one][k] = k == '\'' ? go(code) : reject;
            lx->tab[chr][k] = k == '\n' || k == '\'' ? reject : go(one);
            lx->tab[esc][k] = k == '\n' ? reject : go(body);
            lx->tab[body][k] = k == '\n' ? reject
                               : k == '\'' ? go(code) : go(body);
        }
        on(lx, chr, "\\", go(esc));
        on_word(lx, chr, go(word));
        int from[] = {code, r, b, h1};
        for (size_t k = 0; k < sizeof from / sizeof *from; k++) {
            on(lx, from[k], "'", go(chr));
            on(lx, from[k], "r", go(r));
            on(lx, from[k], "b", go(b));
        }
    }
    /* comments: // everywhere, block comments but in Zig */
    int line = add_state(lx, "comment", false, -1);
    on(lx, line, "\n", go(code));
    int slash = copy_of(lx, code, "code");
    on(lx, slash, "/", go(line));
    if (!zig) {
        int block = add_state(lx, "comment", false, -1);
        int star = add_state(lx, "comment", false, block);
        on(lx, block, "*", go(star));
        on(lx, star, "*", go(star));
        on(lx, star, "/", go(code));
        on(lx, slash, "*", go(block));
    }
    /* every code-like state reads '/' the same way */
    for (int s = 0; s < lx->n; s++)
        if (lx->tab[s]['/'].kind == A_GO && lx->tab[s]['/'].next == code &&
            lx->end_ok[s])
            lx->tab[s]['/'] = go(slash);
}

/* Python: strings '...' "..." and triple-quoted, # comments, and line
 * starts that must repeat `indent` (blank and comment lines excepted). */
void ank__completion_python_lexer(ank_lexer *lx, const char *indent)
{
    size_t depth = strlen(indent);
    int code = add_state(lx, "code", true, -1);
    brackets(lx, code, code, code);
    int comment = add_state(lx, "comment", true, -1);
    int blank = add_state(lx, "blank", true, -1);
    int start = depth ? add_state(lx, "indent", true, -1) : code;
    on(lx, code, "#", go(comment));
    on(lx, code, "\n", go(start));
    on(lx, comment, "\n", go(start));
    int bsl = add_state(lx, "code", false, code); /* \ continues a line */
    on(lx, code, "\\", go(bsl));
    for (int b = 0; b < NB; b++)
        lx->tab[blank][b] = reject;
    on(lx, blank, " \t\r\f", go(blank));
    on(lx, blank, "\n", go(start));
    on(lx, blank, "#", go(comment));
    for (size_t k = 0, s = (size_t)start; k < depth; k++) {
        size_t next = k + 1 < depth ? (size_t)add_state(lx, "indent", true, -1)
                                    : (size_t)code;
        memcpy(lx->tab[s], lx->tab[blank], sizeof lx->tab[s]);
        lx->tab[s][(unsigned char)indent[k]] = go((int)next);
        s = next;
    }
    static const char quotes[] = "\"'";
    int empty[2], tri[2];
    for (int i = 0; i < 2; i++) {
        char q[2] = {quotes[i], 0};
        int one = quoted(lx, code, quotes[i], false);
        int first = copy_of(lx, one, "string"); /* after the opening quote */
        empty[i] = add_state(lx, "code", true, -1); /* after "" */
        tri[i] = add_state(lx, "string", false, -1);
        int tesc = add_state(lx, "string", false, tri[i]);
        int q1 = copy_of(lx, tri[i], "string");
        int q2 = copy_of(lx, tri[i], "string");
        on(lx, first, q, go(empty[i]));
        on(lx, tri[i], "\\", go(tesc));
        on(lx, tri[i], q, go(q1));
        memcpy(lx->tab[q1], lx->tab[tri[i]], sizeof lx->tab[q1]);
        memcpy(lx->tab[q2], lx->tab[tri[i]], sizeof lx->tab[q2]);
        on(lx, q1, q, go(q2));
        on(lx, q2, q, go(code));
        on(lx, code, q, go(first));
    }
    /* after "" code goes on, unless a third quote opens a """ string */
    for (int i = 0; i < 2; i++) {
        char q[2] = {quotes[i], 0};
        memcpy(lx->tab[empty[i]], lx->tab[code], sizeof lx->tab[code]);
        on(lx, empty[i], q, go(tri[i]));
    }
}
