/*
 * clew.c - the extractor: one tree-sitter parser per language, created
 * lazily; each call parses one source text, collects its parse errors, runs
 * the language's extractor and finishes the file (source order, ids,
 * default severities).  A failed call leaves the result as it was.
 */
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "extract.h"
#include "lang.h"
#include "naming.h"
#include "rules.h"

struct ank_clew {
    ank_clew_options options;
    TSParser *parsers[ANK_LANG_COUNT_];
    ank_arena scratch; /* per-file memory, reset after each file */
};

ANK_API ank_status ank_clew_new(const ank_clew_options *options,
                                ank_clew **out, ank_error *error)
{
    ank__error_clear(error);
    if (!out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT, "out is NULL");
    *out = NULL;
    ank_clew *clew = ank__calloc(1, sizeof *clew);
    if (!clew)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    if (options)
        clew->options = *options;
    if (!clew->options.max_file_size)
        clew->options.max_file_size = ANK_DEFAULT_MAX_FILE_SIZE;
    /* Check every grammar's ABI against the runtime now, so that an
     * incompatible build fails at start-up with a clear message. */
    for (int l = ANK_LANG_UNKNOWN + 1; l < ANK_LANG_COUNT_; l++) {
        const TSLanguage *g = ank__lang_def((ank_lang)l)->grammar();
        uint32_t abi = ts_language_abi_version(g);
        if (abi < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION ||
            abi > TREE_SITTER_LANGUAGE_VERSION) {
            ank_clew_free(clew);
            return ank__fail(error, ANK_ERR_LANGUAGE_ABI,
                             "the %s grammar has language ABI %u; this "
                             "tree-sitter runtime supports %u to %u",
                             ank_lang_name((ank_lang)l), abi,
                             TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
                             TREE_SITTER_LANGUAGE_VERSION);
        }
    }
    *out = clew;
    return ANK_OK;
}

ANK_API void ank_clew_free(ank_clew *clew)
{
    if (!clew)
        return;
    for (int l = 0; l < ANK_LANG_COUNT_; l++)
        if (clew->parsers[l])
            ts_parser_delete(clew->parsers[l]);
    ank__arena_release(&clew->scratch);
    ank__free(clew);
}

static ank_status parser_for(ank_clew *clew, ank_lang lang, TSParser **out,
                             ank_error *error)
{
    if (clew->parsers[lang]) {
        *out = clew->parsers[lang];
        return ANK_OK;
    }
    TSParser *p = ts_parser_new();
    if (!p)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    if (!ts_parser_set_language(p, ank__lang_def(lang)->grammar())) {
        ts_parser_delete(p);
        return ank__fail(error, ANK_ERR_LANGUAGE_ABI,
                         "the tree-sitter runtime rejected the %s grammar",
                         ank_lang_name(lang));
    }
    clew->parsers[lang] = p;
    *out = p;
    return ANK_OK;
}

/* Record one ERROR or MISSING node. */
static void add_parse_error(ank_x *x, ank_file_record *f, TSNode n)
{
    bool missing = ts_node_is_missing(n);
    f->nerrors_total++;
    if (f->nerrors >= ANK_PARSE_ERRORS_MAX)
        return;
    ank_parse_error *e = ANK_X_PUSH(x, f->errors, f->nerrors);
    if (!e)
        return;
    ank_span s = ank__x_span(x, n);
    e->line = s.start_line;
    e->column = s.start_column;
    e->offset = s.start_byte;
    e->missing = missing;
    if (missing) {
        e->message = ank__x_join(x, "missing '", "",
                                 ank__x_join(x, ts_node_type(n), "", "'"));
        return;
    }
    /* Name the first token the parser could not place. */
    TSNode tok = n;
    while (ts_node_child_count(tok) > 0)
        tok = ts_node_child(tok, 0);
    uint32_t a = ts_node_start_byte(tok), b = ts_node_end_byte(tok);
    if (b > a && b - a <= 24 && b <= x->len)
        e->message = ank__x_join(x, "syntax error: unexpected '", "",
                                 ank__x_join(x, ank__x_slice(x, a, b), "", "'"));
    else
        e->message = "syntax error";
}

/*
 * List the parse errors of the tree in source order: every ERROR node (not
 * looking inside it) and every MISSING node, named or not.  Only subtrees
 * that contain an error are entered; the walk is iterative.
 */
static void collect_parse_errors(ank_x *x, ank_file_record *f)
{
    TSTreeCursor c = ts_tree_cursor_new(x->root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        bool enter = false;
        if (ts_node_is_error(n) || ts_node_is_missing(n))
            add_parse_error(x, f, n);
        else
            enter = ts_node_has_error(n);
        if (x->status != ANK_OK)
            break;
        if (enter && ts_tree_cursor_goto_first_child(&c))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(&c))
            if (!ts_tree_cursor_goto_parent(&c))
                goto done;
    }
done:
    ts_tree_cursor_delete(&c);
}

static uint32_t count_lines(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    uint32_t lines = 0;
#ifdef ANK_BENCH_SLOWDOWN
    /* Test-only build (tests/bench_gate.sh): extra passes over the input,
     * a slowdown the regression gate must catch.  Never in the library. */
    static volatile uint32_t slow;
    for (int pass = 0; pass < 80; pass++)
        for (size_t i = 0; i < n; i++)
            slow += (unsigned char)s[i];
#endif
    for (const char *p = s, *end = s + n; (p = memchr(p, '\n', (size_t)(end - p)));
         p++)
        lines++;
    return lines + (s[n - 1] != '\n');
}

/* Default severities: a public declaration must be kept, a private one
 * should be; imports describe the project. */
static void finish_severities(ank_result *r, size_t first)
{
    for (size_t i = first; i < r->count; i++) {
        ank_constraint *c = r->items[i];
        switch (c->kind) {
        case ANK_KIND_FUNCTION_SIGNATURE:
            c->severity = c->u.sig.exported ? ANK_SEV_ERROR : ANK_SEV_WARNING;
            break;
        case ANK_KIND_TYPE_SHAPE:
            c->severity =
                c->u.shape.exported ? ANK_SEV_ERROR : ANK_SEV_WARNING;
            break;
        case ANK_KIND_SECURITY_FINDING:
            c->severity = c->u.finding.pattern->severity;
            break;
        case ANK_KIND_NAMING_CONVENTION:
        case ANK_KIND_HOLE:
            c->severity = ANK_SEV_WARNING;
            break;
        default:
            c->severity = ANK_SEV_INFO;
        }
    }
}

/*
 * Check a source text and parse it: the language must be known, the text
 * within the size limit and, when `refuse_binary`, free of NUL bytes in its
 * first 8 KiB.  A UTF-8 byte-order mark is skipped (*bom gets its length).
 * `path` (nullable) prefixes the messages.
 */
static ank_status parse_source(ank_clew *clew, ank_lang lang,
                               const char *source, size_t length,
                               const char *path, bool refuse_binary,
                               TSTree **tree, uint32_t *bom, ank_error *error)
{
    const char *at = path ? path : "", *sep = path ? ": " : "";
    if (!ank__lang_def(lang))
        return ank__fail(error, ANK_ERR_UNSUPPORTED_LANGUAGE,
                         "%s%sunsupported language", at, sep);
    if (length > clew->options.max_file_size || length > UINT32_MAX - 4)
        return ank__fail(error, ANK_ERR_TOO_LARGE,
                         "%s%s%zu bytes is over the limit of %zu", at, sep,
                         length, clew->options.max_file_size);
    if (refuse_binary && length &&
        memchr(source, '\0', length < 8192 ? length : 8192))
        return ank__fail(error, ANK_ERR_BINARY, "%s%sbinary data (a NUL byte)",
                         at, sep);
    TSParser *parser = NULL;
    ank_status st = parser_for(clew, lang, &parser, error);
    if (st != ANK_OK)
        return st;
    if (!source)
        source = "";
    *bom = length >= 3 && memcmp(source, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    *tree = ts_parser_parse_string(parser, NULL, source + *bom,
                                   (uint32_t)(length - *bom));
    if (!*tree) {
        ts_parser_reset(parser);
        return ank__fail(error, ANK_ERR_PARSE, "%s%sthe parser gave up", at,
                         sep);
    }
    return ANK_OK;
}

ANK_API ank_status ank_clew_extract(ank_clew *clew, ank_lang lang,
                                    const char *source, size_t length,
                                    const char *path, ank_result *into,
                                    ank_error *error)
{
    ank__error_clear(error);
    if (!clew || !into || (!source && length))
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "extractor, result and source are required");
    if (!path)
        path = "<stdin>";
    if (lang == ANK_LANG_UNKNOWN)
        lang = ank_lang_from_path(path);
    const ank_lang_def *def = ank__lang_def(lang);
    TSTree *tree = NULL;
    uint32_t bom = 0;
    ank_status st = parse_source(clew, lang, source, length, path, true, &tree,
                                 &bom, error);
    if (st != ANK_OK)
        return st;
    if (!source)
        source = "";
    ank_x x = {.result = into,
               .arena = &into->arena,
               .src = source + bom,
               .len = (uint32_t)(length - bom),
               .bom = bom,
               .lang = lang};
    x.root = ts_tree_root_node(tree);

    ank_file_record *f = ank__result_begin_file(into, path, lang);
    if (!f) {
        ts_tree_delete(tree);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    size_t first = into->count;
    ank_rules rules = {0};
    bool rules_too = !(clew->options.flags & ANK_CLEW_DECLARATIONS_ONLY);
    x.path = f->path;
    x.rules = &rules;
    x.scratch = &clew->scratch;
    x.with_rules = rules_too;
    f->bytes = (uint32_t)length;
    f->lines = count_lines(source, length);
    if (ts_node_has_error(x.root))
        collect_parse_errors(&x, f);
    /* Declarations, then the rule walk, then what is derived from both;
     * ids are assigned once every constraint of the file exists, and links
     * between constraints are made with them. */
    if (x.status == ANK_OK)
        def->extract(&x);
    if (x.status == ANK_OK && rules_too)
        def->rules(&x);
    if (x.status == ANK_OK && rules_too)
        ank__naming_file(&x, first);
    if (x.status == ANK_OK)
        ank__rules_name(&x, first);
    ts_tree_delete(tree);
    if (x.status == ANK_OK)
        x.status = ank__result_end_file(into);
    if (x.status == ANK_OK)
        ank__rules_link(&x, first);
    ank__arena_reset(&clew->scratch);
    if (x.status != ANK_OK) {
        ank__result_abort_file(into);
        return ank__fail(error, x.status, "%s: %s", path,
                         ank_strerror(x.status));
    }
    finish_severities(into, first);
    return ANK_OK;
}

ANK_API ank_status ank_clew_syntax_tree(ank_clew *clew, ank_lang lang,
                                        const char *source, size_t length,
                                        char **out, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!clew || !out || (!source && length))
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "extractor, source and out are required");
    TSTree *tree = NULL;
    uint32_t bom = 0;
    ank_status st = parse_source(clew, lang, source, length, NULL, false, &tree,
                                 &bom, error);
    if (st != ANK_OK)
        return st;
    char *text = ts_node_string(ts_tree_root_node(tree));
    ts_tree_delete(tree);
    if (!text)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    /* ts_node_string allocates with tree-sitter's allocator, which is ours. */
    *out = text;
    return ANK_OK;
}
