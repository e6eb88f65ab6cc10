/*
 * lang.c - the language table: names, file extensions, grammars and
 * extractors.  The only place that knows which languages exist.
 */
#include "lang.h"

#include <string.h>

#include "extract.h"
#include "rules.h"

const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_rust(void);
const TSLanguage *tree_sitter_go(void);
const TSLanguage *tree_sitter_zig(void);

static const ank_lang_def defs[ANK_LANG_COUNT_] = {
    [ANK_LANG_TYPESCRIPT] = {ANK_LANG_TYPESCRIPT, "typescript",
                             tree_sitter_typescript, ank__extract_typescript,
                             ank__rules_typescript, ank__patterns_typescript},
    [ANK_LANG_TSX] = {ANK_LANG_TSX, "typescript", tree_sitter_tsx,
                      ank__extract_typescript, ank__rules_typescript,
                      ank__patterns_typescript},
    [ANK_LANG_PYTHON] = {ANK_LANG_PYTHON, "python", tree_sitter_python,
                         ank__extract_python, ank__rules_python,
                         ank__patterns_python},
    [ANK_LANG_RUST] = {ANK_LANG_RUST, "rust", tree_sitter_rust,
                       ank__extract_rust, ank__rules_rust, ank__patterns_rust},
    [ANK_LANG_GO] = {ANK_LANG_GO, "go", tree_sitter_go, ank__extract_go,
                     ank__rules_go, ank__patterns_go},
    [ANK_LANG_ZIG] = {ANK_LANG_ZIG, "zig", tree_sitter_zig, ank__extract_zig,
                      ank__rules_zig, ank__patterns_zig},
};

const ank_lang_def *ank__lang_def(ank_lang lang)
{
    if (lang <= ANK_LANG_UNKNOWN || lang >= ANK_LANG_COUNT_)
        return NULL;
    return &defs[lang];
}

ANK_API const char *ank_lang_name(ank_lang lang)
{
    const ank_lang_def *d = ank__lang_def(lang);
    return d ? d->name : NULL;
}

ANK_API ank_lang ank_lang_from_name(const char *name)
{
    static const struct {
        const char *name;
        ank_lang lang;
    } names[] = {
        {"typescript", ANK_LANG_TYPESCRIPT}, {"ts", ANK_LANG_TYPESCRIPT},
        {"tsx", ANK_LANG_TSX},               {"python", ANK_LANG_PYTHON},
        {"py", ANK_LANG_PYTHON},             {"rust", ANK_LANG_RUST},
        {"rs", ANK_LANG_RUST},               {"go", ANK_LANG_GO},
        {"zig", ANK_LANG_ZIG},
    };
    if (!name)
        return ANK_LANG_UNKNOWN;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].lang;
    return ANK_LANG_UNKNOWN;
}

ANK_API ank_lang ank_lang_from_path(const char *path)
{
    static const struct {
        const char *ext;
        ank_lang lang;
    } exts[] = {
        {".ts", ANK_LANG_TYPESCRIPT}, {".mts", ANK_LANG_TYPESCRIPT},
        {".cts", ANK_LANG_TYPESCRIPT}, {".tsx", ANK_LANG_TSX},
        {".py", ANK_LANG_PYTHON},      {".pyi", ANK_LANG_PYTHON},
        {".rs", ANK_LANG_RUST},        {".go", ANK_LANG_GO},
        {".zig", ANK_LANG_ZIG},
    };
    if (!path)
        return ANK_LANG_UNKNOWN;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return ANK_LANG_UNKNOWN;
    /* TypeScript declaration files (.d.ts) are TypeScript too. */
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (strcmp(dot, exts[i].ext) == 0)
            return exts[i].lang;
    return ANK_LANG_UNKNOWN;
}
