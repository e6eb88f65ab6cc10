/*
 * naming.c - naming conventions.
 *
 * An identifier fits a set of styles (a bit mask): "name" fits snake_case,
 * camelCase and flatcase alike, "ID" fits SCREAMING_SNAKE_CASE and, where
 * the language writes acronyms in capitals, PascalCase.  For each
 * identifier class the dominant style is the one the most identifiers fit,
 * ties going to the language's own convention; identifiers that do not fit
 * it are the outliers.  The conformance ratio is the confidence.
 *
 * Language rules: leading and trailing underscores are ignored (Python's
 * _private and __dunder__, Rust's _unused).  Go names are judged with their
 * first letter lowered, since Go's MixedCaps makes the case of the first
 * letter a matter of export, not style.  Rust (RFC 430) and Zig (its style
 * guide) treat acronyms as words, so a run of two capitals followed by more
 * letters ("HTTPServer", "parseXMLData") fits no camel or Pascal style
 * there; PEP 8, Go and common TypeScript usage accept it.
 *
 * Every identifier of a file is kept (in the result's arena) with its mask,
 * so that project-level results are exact: ank_result_finish recounts the
 * combined identifiers rather than averaging per-file results.
 */
#include "naming.h"

#include "lang.h"
#include "rules.h"

#include "../ffi/text.h"

#define BIT(s) (1u << (s))

/* Bit flags of an ASCII byte: upper- or lower-case letter, digit, '_',
 * '-' or other. */
enum { A_UPPER = 1, A_LOWER = 2, A_DIGIT = 4, A_UNDER = 8, A_DASH = 16,
       A_OTHER = 32 };
#define U A_UPPER
#define L A_LOWER
#define D A_DIGIT
#define S A_UNDER
#define K A_DASH
#define O A_OTHER
static const unsigned char ascii_flags[128] = {
    O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
    O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
    O, O, O, O, O, O, O, O, O, O, O, O, O, K, O, O,
    D, D, D, D, D, D, D, D, D, D, O, O, O, O, O, O,
    O, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
    U, U, U, U, U, U, U, U, U, U, U, O, O, O, O, S,
    O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, O,
};
#undef U
#undef L
#undef D
#undef S
#undef K
#undef O

/*
 * The case of a non-ASCII character at s (s[0] >= 0x80): 'U' upper-case
 * letter, 'l' lower-case letter or 'c' a letter without case.  It is
 * decoded from UTF-8 and cased for Latin-1, Latin Extended-A, Greek and
 * Cyrillic; other scripts, and bytes that are not valid UTF-8, have no
 * case.  *len gets the bytes consumed.
 */
static int wide_case(const char *s, size_t n, size_t *len)
{
    uint32_t cp;
    size_t k = ank__utf8_decode((const unsigned char *)s, n, &cp);
    *len = k ? k : 1; /* an invalid byte is a character of its own */
    if (!k)
        return 'c';
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9) ||
        (cp >= 0x400 && cp <= 0x42F))
        return 'U';
    if ((cp >= 0xDF && cp <= 0xFF && cp != 0xF7) || (cp >= 0x3B1 && cp <= 0x3C9) ||
        (cp >= 0x430 && cp <= 0x45F))
        return 'l';
    if (cp >= 0x100 && cp <= 0x17F)
        return cp % 2 == 0 ? 'U' : 'l';
    return 'c';
}

/*
 * The case of the character at s: 'U' upper-case letter, 'l' lower-case
 * letter, 'c' a letter without case, '0' digit, or the character itself
 * ('_', '-', other).  *len gets the bytes consumed.
 */
static inline int letter_case(const char *s, size_t n, size_t *len)
{
    unsigned char c = (unsigned char)s[0];
    if (c >= 0x80)
        return wide_case(s, n, len);
    *len = 1;
    switch (ascii_flags[c]) {
    case A_UPPER: return 'U';
    case A_LOWER: return 'l';
    case A_DIGIT: return '0';
    default: return c;
    }
}


/* What the styles of a name are decided on: the count of its capitals,
 * counts of its other letters and separators (only whether there are any
 * matters: tally_ascii gives 0 or 1), whether a run of capitals is followed
 * by a lower-case letter (an acronym inside a word) and the last run of
 * capitals (digits do not end it).  Digits are not counted. */
typedef struct tally {
    size_t upper, lower, unders, dashes, other, run;
    bool acronym;
} tally;

/* The tally of an ASCII name, counted without a branch per byte on its
 * case (names are nearly always ASCII); false when the name has a
 * non-ASCII byte.  `go`: the first letter counts as lower case. */
static bool tally_ascii(const char *name, size_t n, bool go, tally *t)
{
    unsigned seen = 0;
    size_t upper = 0, run = 0;
    bool acronym = false;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)name[i];
        if (c >= 0x80)
            return false;
        unsigned f = ascii_flags[c];
        if (i == 0 && go && f == A_UPPER)
            f = A_LOWER; /* MixedCaps: the first letter is about export */
        seen |= f;
        upper += f & A_UPPER;
        acronym |= f == A_LOWER && run >= 2;
        run = f == A_UPPER ? run + 1 : f == A_DIGIT ? run : 0;
    }
    t->upper = upper;
    t->lower = (seen & A_LOWER) != 0;
    t->unders = (seen & A_UNDER) != 0;
    t->dashes = (seen & A_DASH) != 0;
    t->other = (seen & A_OTHER) != 0;
    t->run = run;
    t->acronym = acronym;
    return true;
}

/* The tally of any name, decoding UTF-8 (letter_case). */
static void tally_wide(const char *name, size_t n, bool go, tally *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < n;) {
        size_t len;
        int c = letter_case(name + i, n - i, &len);
        if (go && i == 0 && c == 'U')
            c = 'l'; /* MixedCaps: the first letter is about export */
        if (c == 'U') {
            t->upper++;
            t->run++;
        } else {
            if (c == 'l' && t->run >= 2)
                t->acronym = true;
            if (c != '0')
                t->run = 0;
            if (c == 'l' || c == 'c')
                t->lower++;
            else if (c == '_')
                t->unders++;
            else if (c == '-')
                t->dashes++;
            else if (c != '0')
                t->other++;
        }
        i += len;
    }
}

unsigned ank__naming_styles(const char *name, size_t n, ank_lang lang,
                            ank_style *primary)
{
    while (n > 0 && name[0] == '_')
        name++, n--;
    while (n > 0 && name[n - 1] == '_')
        n--;
    *primary = ANK_STYLE_OTHER;
    if (n == 0)
        return 0;
    /* Go: lower the first letter, unless the name has no lower-case letter
     * at all (MAX_SIZE, ID stay as they are).  Only a first capital is
     * affected, so only then is the name searched. */
    size_t first_len;
    int first = letter_case(name, n, &first_len);
    bool go = false;
    for (size_t i = 0, len; lang == ANK_LANG_GO && first == 'U' && i < n;
         i += len)
        if (letter_case(name + i, n - i, &len) == 'l') {
            go = true;
            break;
        }
    bool words_only = lang == ANK_LANG_RUST || lang == ANK_LANG_ZIG;
    tally t;
    if (!tally_ascii(name, n, go, &t))
        tally_wide(name, n, go, &t);
    size_t upper = t.upper, lower = t.lower, unders = t.unders,
           dashes = t.dashes, other = t.other, run = t.run;
    bool acronym = t.acronym;
    if (run >= 2 && lower > 0)
        acronym = true; /* trailing run: "getIP" */
    bool first_upper = !go && first == 'U';
    if (other || upper + lower == 0)
        return BIT(ANK_STYLE_OTHER);
    if (dashes) {
        if (unders || upper)
            return BIT(ANK_STYLE_OTHER);
        *primary = ANK_STYLE_KEBAB;
        return BIT(ANK_STYLE_KEBAB);
    }
    if (unders) {
        if (lower == 0) {
            *primary = ANK_STYLE_SCREAMING;
            return BIT(ANK_STYLE_SCREAMING);
        }
        if (upper == 0) {
            *primary = ANK_STYLE_SNAKE;
            return BIT(ANK_STYLE_SNAKE);
        }
        return BIT(ANK_STYLE_OTHER);
    }
    if (upper == 0) {
        *primary = ANK_STYLE_FLAT;
        return BIT(ANK_STYLE_FLAT) | BIT(ANK_STYLE_SNAKE) | BIT(ANK_STYLE_CAMEL);
    }
    if (lower == 0) {
        /* "ID", "T", "V2", "HTTP": screaming; Pascal where acronyms are
         * capitals or there is a single capital; in Go, where the case of
         * the first letter is about export, camelCase as well. */
        *primary = upper == 1 ? ANK_STYLE_PASCAL : ANK_STYLE_SCREAMING;
        unsigned m = BIT(ANK_STYLE_SCREAMING);
        if (upper == 1 || !words_only)
            m |= BIT(ANK_STYLE_PASCAL);
        if (lang == ANK_LANG_GO)
            m |= BIT(ANK_STYLE_CAMEL);
        return m;
    }
    if (acronym && words_only)
        return BIT(ANK_STYLE_OTHER);
    *primary = first_upper ? ANK_STYLE_PASCAL : ANK_STYLE_CAMEL;
    return BIT(*primary);
}

/* The language's own convention for a class, which wins ties. */
static ank_style default_style(ank_lang lang, ank_id_class c)
{
    switch (lang) {
    case ANK_LANG_PYTHON:
    case ANK_LANG_RUST:
        if (c == ANK_ID_TYPE)
            return ANK_STYLE_PASCAL;
        if (c == ANK_ID_CONSTANT)
            return ANK_STYLE_SCREAMING;
        return ANK_STYLE_SNAKE;
    case ANK_LANG_GO:
        return c == ANK_ID_MODULE ? ANK_STYLE_SNAKE : ANK_STYLE_CAMEL;
    case ANK_LANG_ZIG:
        if (c == ANK_ID_TYPE)
            return ANK_STYLE_PASCAL;
        if (c == ANK_ID_FUNCTION || c == ANK_ID_METHOD)
            return ANK_STYLE_CAMEL;
        return ANK_STYLE_SNAKE;
    default: /* TypeScript */
        if (c == ANK_ID_TYPE)
            return ANK_STYLE_PASCAL;
        if (c == ANK_ID_MODULE)
            return ANK_STYLE_KEBAB;
        return ANK_STYLE_CAMEL;
    }
}

/* ---------------------------------------------------------- collecting */

typedef ank_named_id named;

typedef struct per_class {
    named *items;
    uint32_t n;
} per_class;

static void add(ank_x *x, per_class *classes, ank_id_class c, const char *name,
                ank_span span)
{
    if (!name || !*name || strcmp(name, "_") == 0)
        return;
    /* Only file names may hold '-'; elsewhere it is a quoted key. */
    if (c != ANK_ID_MODULE && strchr(name, '-'))
        return;
    ank_style primary;
    unsigned mask = ank__naming_styles(name, strlen(name), x->lang, &primary);
    if (!mask)
        return; /* only underscores */
    named *slot = ANK_X_PUSH(x, classes[c].items, classes[c].n);
    if (!slot)
        return;
    slot->name = name;
    slot->file = x->path;
    slot->span = span;
    slot->mask = (uint8_t)mask;
    slot->primary = (uint8_t)primary;
}

/* The last dotted segment of a qualified name. */
static const char *bare(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    return dot ? dot + 1 : name;
}

/* A name a programmer chose (not "constructor", "0", a pattern): letters,
 * digits, '_', '-' and non-ASCII bytes, not starting with a digit. */
static bool plain_identifier(const char *s)
{
    if (!s || !*s || (s[0] >= '0' && s[0] <= '9'))
        return false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x80 && (ascii_flags[c] & A_OTHER))
            return false;
    }
    return true;
}

bool ank__naming_screaming(const char *name, size_t n)
{
    bool letter = false;
    for (size_t i = 0; i < n; i++) {
        if (name[i] >= 'A' && name[i] <= 'Z')
            letter = true;
        else if (!(name[i] == '_' || (name[i] >= '0' && name[i] <= '9')))
            return false;
    }
    return letter;
}

/* Where to point at a field's or parameter's name: its own span when the
 * extractor recorded one, else the declaration that holds it. */
static ank_span at_name(const ank_span *name, const ank_span *decl)
{
    return name->start_line ? *name : *decl;
}

/* Zig's comptime parameters are listed as generics too: they are type
 * parameters, not variables. */
static bool is_generic(const ank_signature *s, const char *name)
{
    for (uint32_t g = 0; g < s->ngenerics; g++)
        if (s->generics[g].name && strcmp(s->generics[g].name, name) == 0)
            return true;
    return false;
}

static void from_declarations(ank_x *x, per_class *classes, size_t first)
{
    for (size_t i = first; i < x->result->count; i++) {
        const ank_constraint *c = x->result->items[i];
        if (c->kind == ANK_KIND_FUNCTION_SIGNATURE) {
            const ank_signature *s = &c->u.sig;
            const char *name = bare(c->name);
            /* Zig: a function returning `type` makes a type and is named
             * like one (its style guide's TitleCase rule). */
            ank_id_class k = s->receiver ? ANK_ID_METHOD : ANK_ID_FUNCTION;
            if (c->language == ANK_LANG_ZIG && s->returns.text &&
                strcmp(s->returns.text, "type") == 0)
                k = ANK_ID_TYPE;
            if (plain_identifier(name) && strcmp(name, "constructor") != 0 &&
                strcmp(name, "default") != 0)
                add(x, classes, k, name, c->span);
            for (uint32_t p = 0; p < s->nparams; p++)
                if (!(s->params[p].flags & ANK_PARAM_SELF) &&
                    plain_identifier(s->params[p].name) &&
                    !is_generic(s, s->params[p].name))
                    add(x, classes, ANK_ID_VARIABLE, s->params[p].name,
                        at_name(&s->params[p].name_span, &c->span));
        } else if (c->kind == ANK_KIND_TYPE_SHAPE) {
            const ank_shape *sh = &c->u.shape;
            /* "default": the name given to `export default class {}`. */
            if (plain_identifier(bare(c->name)) &&
                strcmp(bare(c->name), "default") != 0)
                add(x, classes, ANK_ID_TYPE, bare(c->name), c->span);
            /* A class-level member with an initial value that is readonly
             * or named in capitals is a class constant (TS `static readonly
             * max = 5`, Python `MAX: ClassVar[int] = 5`), as at module
             * level; other static members are fields. */
            for (uint32_t f = 0; f < sh->nfields; f++) {
                const ank_field *fd = &sh->fields[f];
                if (fd->embedded || !plain_identifier(fd->name))
                    continue;
                bool constant = fd->is_static && fd->default_text &&
                                (fd->readonly ||
                                 ank__naming_screaming(fd->name,
                                                       strlen(fd->name)));
                add(x, classes, constant ? ANK_ID_CONSTANT : ANK_ID_FIELD,
                    fd->name, at_name(&fd->name_span, &c->span));
            }
        }
    }
}

/* The file name without directories and extensions ("a/b.test.ts" ->
 * "b"). */
static const char *module_name(ank_x *x)
{
    const char *slash = strrchr(x->path, '/');
    const char *base = slash ? slash + 1 : x->path;
    size_t n = strcspn(base, ".");
    const char *m = n ? ank__arena_strndup(x->arena, base, n) : NULL;
    if (n && !m)
        ank__x_fail(x, ANK_ERR_NOMEM);
    return m;
}

/* ----------------------------------------------------------- results */

/* Count the styles of `items`, pick the dominant one and list the
 * outliers into `out`. */
void ank__naming_summarize(ank_x *x, ank_naming *out, ank_lang lang,
                           const ank_named_id *items, uint32_t n)
{
    memset(out->counts, 0, sizeof out->counts);
    for (uint32_t i = 0; i < n; i++)
        for (int s = 0; s < ANK_STYLE_COUNT_; s++)
            if (items[i].mask & BIT(s))
                out->counts[s]++;
    /* The most-fitted style; on a tie the language's convention, then
     * flatcase (all one-word names), then the first in ank_style order. */
    ank_style best = default_style(lang, out->id_class);
    static const ank_style order[] = {
        ANK_STYLE_FLAT,      ANK_STYLE_SNAKE, ANK_STYLE_CAMEL,
        ANK_STYLE_PASCAL,    ANK_STYLE_SCREAMING, ANK_STYLE_KEBAB};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (out->counts[order[i]] > out->counts[best])
            best = order[i];
    out->style = best;
    out->support = out->counts[best];
    out->total = n;
    out->noutliers = out->noutliers_total = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (items[i].mask & BIT(best))
            continue;
        out->noutliers_total++;
        if (out->noutliers >= ANK_NAMING_OUTLIERS_MAX)
            continue;
        ank_naming_outlier *o = ANK_X_PUSH(x, out->outliers, out->noutliers);
        if (!o)
            return;
        o->name = items[i].name;
        o->style = (ank_style)items[i].primary;
        o->file = items[i].file;
        o->span = items[i].span;
    }
}

void ank__naming_file(ank_x *x, size_t first)
{
    per_class classes[ANK_ID_CLASS_COUNT_];
    memset(classes, 0, sizeof classes);
    const char *module = module_name(x); /* kept: in the result's arena */
    /* The lists grow in the scratch arena and are copied to the result's
     * at their final size: grown there, every outgrown copy would stay
     * (the lists grow in turns, so none grows in place). */
    ank_arena *keep = x->arena;
    if (x->scratch)
        x->arena = x->scratch;
    from_declarations(x, classes, first);
    for (uint32_t i = 0; x->rules && i < x->rules->nidents; i++) {
        const ank_ident *id = &x->rules->idents[i];
        if (plain_identifier(id->name))
            add(x, classes, id->id_class, id->name, id->span);
    }
    if (plain_identifier(module)) {
        ank_span top = {1, 1, 1, 1, 0, 0};
        add(x, classes, ANK_ID_MODULE, module, top);
    }
    x->arena = keep;
    for (int k = 0; k < ANK_ID_CLASS_COUNT_ && x->status == ANK_OK; k++) {
        if (classes[k].n == 0)
            continue;
        named *items = ank__arena_alloc(x->arena,
                                        classes[k].n * sizeof *items);
        if (!items) {
            ank__x_fail(x, ANK_ERR_NOMEM);
            return;
        }
        memcpy(items, classes[k].items, classes[k].n * sizeof *items);
        classes[k].items = items;
        ank_constraint *c =
            ank__x_add_bare(x, ANK_KIND_NAMING_CONVENTION, x->root,
                            ank__id_class_name((ank_id_class)k));
        if (!c)
            return;
        ank_naming *nm = &c->u.naming;
        nm->id_class = (ank_id_class)k;
        nm->files = 1;
        nm->ids = classes[k].items;
        nm->nids = classes[k].n;
        ank__naming_summarize(x, nm, x->lang, classes[k].items, classes[k].n);
        c->confidence = nm->total ? (double)nm->support / nm->total : 1.0;
    }
}
