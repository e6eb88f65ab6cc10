/*
 * regex_emit.c - the regexes braid emits: identifier styles, security
 * patterns and signature texts, all written in the subset of regex.c.
 *
 * Emitted regexes are deterministic in the sense of docs/regex.md: the
 * next character selects the branch, and every loop runs over a class that
 * excludes what follows it, so a backtracking engine does linear work per
 * start.  Style regexes reproduce clew/naming.c (with non-ASCII read as
 * caseless); pattern regexes approximate clew's syntactic matches on text,
 * shaped so that their union stays a small DFA whose state after a closing
 * bracket does not depend on what came before (completion.c).  Style and
 * pattern regexes are static strings; a signature regex is a new string
 * the caller frees.
 */
#include "regex_emit.h"

#include <string.h>

#include "../ffi/alloc.h"

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

/* `need`: literals of which every match contains one (the second may be
 * NULL), so a text holding none of them cannot match: a cheap test ahead
 * of a regex engine. */
static const struct {
    const char *id;
    const char *need[2];
    const char *re;
} patterns[] = {
    {"python.eval", {"eval", "exec"},
     SEP_NODOT "(?:builtins\\.)?(?:eval|exec)" WS "\\("},
    {"python.pickle", {"ickle."}, SEP_NODOT "(?:pickle|cPickle|_pickle)\\."
                      "(?:loads?|Unpickler)" WS "\\("},
    {"python.yaml_load", {"yaml."},
     SEP_NODOT "yaml\\.(?:unsafe_)?load(?:_all)?" WS "\\("},
    {"python.subprocess_shell", {"subprocess.", "shell"},
     SEP_NODOT "subprocess\\.(?:getoutput|getstatusoutput)" WS "\\(|" SEP
     "shell" WS "=" WS "True" END},
    {"python.os_system", {"os."}, SEP_NODOT "os\\.(?:system|popen)" WS "\\("},
    {"python.sql_format", {".execute"},
     "\\.execute(?:many)?" WS "\\(" NL "(?:[rR]?[fF]|[fF][rR])[\"']"},
    {"python.hardcoded_secret", {"="},
     "(?:[Ss][Ee][Cc][Rr][Ee][Tt]|[Pp][Aa][Ss][Ss][Ww](?:[Oo][Rr][Dd]|[Dd])"
     "|[Tt][Oo][Kk][Ee][Nn]|[Aa][Pp][Ii]_?[Kk][Ee][Yy]"
     "|[Pp][Rr][Ii][Vv][Aa][Tt][Ee]_[Kk][Ee][Yy])(?:_?[Kk][Ee][Yy])?" WS "="
     WS "[bBrRuU]{0,2}[\"'][^\"'\\r\\n]"},
    {"python.tls_no_verify", {"verif"},
     SEP_NODOT "ssl\\._create_unverified_context" WS "\\(|" SEP "verify" WS
     "=" WS "False" END},
    {"typescript.eval", {"eval"},
     TS_SEP_NODOT "(?:(?:globalThis|window)\\.)?eval" WS "\\("},
    {"typescript.new_function", {"Function"}, TS_SEP_NODOT "Function" WS "\\("},
    {"typescript.inner_html", {"HTML"},
     "\\.(?:inner|outer)HTML" NL "\\+?=(?:$|[^=])"},
    {"typescript.dangerously_set_inner_html", {"dangerouslySetInnerHTML"},
     "dangerouslySetInnerHTML"},
    {"typescript.child_process_exec", {"exec"},
     "(?:^|[^$.0-9A-Z_a-z]|child_process\\.)exec(?:Sync)?" WS "\\(" NL
     "(?:`|[$A-Z_a-z][$.0-9A-Z_a-z]*" NL "\\+)"},
    {"typescript.explicit_any", {"any"},
     "(?:[:<|&,]|(?:^|[^$.0-9A-Z_a-z])as[ \\t\\r\\n])" NL
     "any(?:$|[^$0-9A-Z_a-z])"},
    {"typescript.ts_ignore", {"@ts-ignore"}, "@ts-ignore"},
    {"typescript.ts_nocheck", {"@ts-nocheck"}, "@ts-nocheck"},
    {"rust.unsafe_block", {"unsafe"}, SEP "unsafe" NL "\\{"},
    {"rust.unsafe_fn", {"unsafe"}, SEP "unsafe" NL1 "(?:fn|extern)" END},
    {"rust.shell_command", {"Command::new"}, "Command::new" WS "\\(" NL SHELL},
    {"rust.transmute", {"transmute"},
     SEP "transmute(?:_copy)?" WS "(?:\\(|::)"},
    {"go.exec_shell", {"exec.Command"},
     SEP_NODOT "exec\\.Command(?:Context" WS "\\(" NL "[.0-9A-Z_a-z]*" NL
     ",|" WS "\\()" NL "\"(?:(?:/usr)?(?:/local)?/bin/)?"
     "(?:sh|bash|zsh|dash|ksh)\"" NL "," NL "\"-[a-bd-z]*c[a-z]*\""},
    {"go.tls_insecure_skip_verify", {"InsecureSkipVerify"},
     "InsecureSkipVerify" WS "[:=]" NL "true" END},
    {"go.sql_sprintf", {"fmt.Sprintf"},
     "\\.(?:Query|QueryRow|Exec)(?:Context" WS "\\(" NL "[.0-9A-Z_a-z]*" NL
     ",|" WS "\\()" NL "fmt\\.Sprintf" WS "\\("},
    {"go.unsafe_pointer", {"unsafe.Pointer"}, SEP_NODOT "unsafe\\.Pointer" END},
    {"zig.ptr_cast", {"@ptrCast"}, "@ptrCast" WS "\\("},
    {"zig.int_from_ptr", {"@intFromPtr", "@ptrToInt"},
     "@(?:intFromPtr|ptrToInt)" WS "\\("},
    {"zig.ptr_from_int", {"@ptrFromInt", "@intToPtr"},
     "@(?:ptrFromInt|intToPtr)" WS "\\("},
    {"zig.catch_unreachable_io", {"unreachable"},
     SEP "catch" NL1 "unreachable" END},
    {"zig.undefined_secret", {"undefined"},
     "(?:[Kk][Ee][Yy]|[Ss][Ee][Cc][Rr][Ee][Tt]|[Pp][Aa][Ss][Ss][Ww][Oo][Rr]"
     "[Dd]|[Tt][Oo][Kk][Ee][Nn]|[Nn][Oo][Nn][Cc][Ee]|[Ss][Ee][Ee][Dd]"
     "|[Ss][Aa][Ll][Tt])" WS ":" WS "\\[[0-9_]*\\]" WS
     "(?:const[ \\t]+)?u8" WS "=" WS "undefined" END},
    {"zig.hardcoded_secret", {"="},
     "(?:[Pp][Aa][Ss][Ss][Ww](?:[Oo][Rr][Dd]|[Dd])|[Ss][Ee][Cc][Rr][Ee][Tt]"
     "|[Aa][Pp][Ii]_?[Kk][Ee][Yy]|[Pp][Rr][Ii][Vv][Aa][Tt][Ee]_?[Kk][Ee][Yy]"
     "|[Aa][Cc][Cc][Ee][Ss][Ss]_?[Tt][Oo][Kk][Ee][Nn]"
     "|[Aa][Uu][Tt][Hh]_?[Tt][Oo][Kk][Ee][Nn])(?:_?[Kk][Ee][Yy])?" WS
     "(?::" WS "\\[\\]" WS "const[ \\t]+u8" WS ")?=" WS "\"[^\"\\r\\n]"},
    {"zig.shell_command", {"\""},
     "\\{" NL SHELL NL "," NL "\"(?:-c|/[cC])\"" NL "," NL
     "[^\"\\\\ \\t\\r\\n]"},
    {"zig.runtime_safety_off", {"@setRuntimeSafety"},
     "@setRuntimeSafety" WS "\\(" NL "false" END},
};

/* The entry of `pattern_id`, or -1.  The first byte is compared inline:
 * it tells the languages apart, so most entries cost no strcmp call. */
static int pattern_index(const char *pattern_id)
{
    if (!pattern_id)
        return -1;
    for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++)
        if (patterns[i].id[0] == pattern_id[0] &&
            strcmp(patterns[i].id, pattern_id) == 0)
            return (int)i;
    return -1;
}

const char *ank__regex_pattern(const char *pattern_id)
{
    int i = pattern_index(pattern_id);
    return i < 0 ? NULL : patterns[i].re;
}

const char *ank__regex_pattern_need(const char *pattern_id,
                                    const char *need[2])
{
    int i = pattern_index(pattern_id);
    if (i < 0)
        return NULL;
    need[0] = patterns[i].need[0];
    need[1] = patterns[i].need[1];
    return patterns[i].re;
}

/* ------------------------------------------------------- signatures */

/* Sets of ASCII bytes, one bit per byte value: [0] for 0x00-0x3F, [1]
 * for 0x40-0x7F (a test is a shift, not a chain of comparisons). */
#define BIT(c) ((uint64_t)1 << ((c) & 63))
static const uint64_t word_bits[2] = {
    (uint64_t)0x3FF << '0',
    ((uint64_t)0x3FFFFFF << ('A' - 64)) | BIT('_') |
        ((uint64_t)0x3FFFFFF << ('a' - 64))};
static const uint64_t space_bits = BIT(' ') | BIT('\t') | BIT('\r') |
                                   BIT('\n') | BIT('\f') | BIT('\v');
static const uint64_t special_bits[2] = {
    BIT('\t') | BIT('\n') | BIT('\r') | BIT('.') | BIT('+') | BIT('*') |
        BIT('?') | BIT('(') | BIT(')') | BIT('$'),
    BIT('\\') | BIT('|') | BIT('[') | BIT(']') | BIT('{') | BIT('}') |
        BIT('^')};
#undef BIT

static bool word_byte(unsigned char c)
{
    return c >= 0x80 || ((word_bits[c >> 6] >> (c & 63)) & 1);
}

static bool space_byte(char c)
{
    unsigned char u = (unsigned char)c;
    return u < 64 && ((space_bits >> u) & 1);
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
    if ((s[i] == '"' || s[i] == '\'' || s[i] == '`') &&
        strchr(quotes(lang), s[i])) {
        for (size_t j = i + 1; j < n && s[j] != '\n'; j++) {
            if (s[j] == '\\' && s[i] != '`')
                j++;
            else if (s[j] == s[i])
                return j + 1 - i;
        }
    }
    return 1; /* punctuation, or a quote that does not close on its line */
}

/* Does c need a backslash (or an escape) in a regex literal? */
static bool special(unsigned char c)
{
    return c < 0x80 && ((special_bits[c >> 6] >> (c & 63)) & 1);
}

/* s[0..n) as a regex literal at d: returns the end (at most 2n bytes). */
static char *put_literal(char *d, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (special((unsigned char)c)) {
            *d++ = '\\';
            c = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c;
        }
        *d++ = c;
    }
    return d;
}

char *ank__regex_signature(const ank_constraint *c)
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
    /* the two gaps, "[ \\t\\r\\n]{0,W}" and (between words) "{1,W}" */
    static const char blank[] = "[ \\t\\r\\n]{";
    char gaps[2][48];
    size_t gap_len = 0;
    for (int k = 0; k < 2; k++) {
        char *p = gaps[k];
        memcpy(p, blank, sizeof blank - 1);
        p += sizeof blank - 1;
        *p++ = (char)('0' + k);
        *p++ = ',';
        char d[20];
        size_t nd = 0;
        for (size_t v = widest; nd == 0 || v; v /= 10)
            d[nd++] = (char)('0' + v % 10);
        while (nd)
            *p++ = d[--nd];
        *p++ = '}';
        gap_len = (size_t)(p - gaps[k]);
    }
    /* written straight into a buffer of a size it cannot exceed: every
     * byte becomes at most two, every token brings at most one gap */
    size_t bound = n * (gap_len + 2) + 3;
    char small[2048];
    char *text = bound <= sizeof small ? small : ank__malloc(bound);
    if (!text)
        return NULL;
    char *d = text;
    *d++ = '^';
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
            memcpy(d, gaps[words], gap_len);
            d += gap_len;
        }
        d = put_literal(d, s + i, len);
        last = s[i + len - 1];
        i += len;
    }
    if (!cut)
        *d++ = '$';
    char *out = ank__strndup(text, (size_t)(d - text));
    if (text != small)
        ank__free(text);
    return out;
}
