/*
 * tree.c - `ananke tree [--lang L] FILE|-`: print the syntax tree that the
 * extractors see, as an S-expression with field names.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_tree(int argc, char **argv)
{
    ank_lang lang = ANK_LANG_UNKNOWN;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if ((strcmp(argv[i], "--lang") == 0 || strcmp(argv[i], "-l") == 0) &&
            i + 1 < argc) {
            lang = ank_lang_from_name(argv[++i]);
            if (lang == ANK_LANG_UNKNOWN) {
                cli_error("unknown language '%s'", argv[i]);
                return CLI_EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "-h") == 0 ||
                   strcmp(argv[i], "--help") == 0) {
            puts("usage: ananke tree [--lang LANG] FILE|-");
            return CLI_EXIT_OK;
        } else if (!path) {
            path = argv[i];
        } else {
            cli_error("tree takes one file");
            return CLI_EXIT_USAGE;
        }
    }
    if (!path) {
        cli_error("usage: ananke tree [--lang LANG] FILE|-");
        return CLI_EXIT_USAGE;
    }
    if (lang == ANK_LANG_UNKNOWN)
        lang = ank_lang_from_path(path);
    if (lang == ANK_LANG_UNKNOWN) {
        cli_error("%s: unknown language; use --lang", path);
        return CLI_EXIT_USAGE;
    }
    char *data = NULL;
    size_t len = 0;
    ank_error e;
    ank_status s = strcmp(path, "-") == 0
                       ? cli_read_stream(stdin, ANK_DEFAULT_MAX_FILE_SIZE,
                                         &data, &len, &e)
                       : cli_read_file(path, ANK_DEFAULT_MAX_FILE_SIZE, &data,
                                       &len, &e);
    if (s != ANK_OK) {
        cli_error("%s", e.message);
        return CLI_EXIT_FAIL;
    }
    ank_clew *clew = NULL;
    char *text = NULL;
    if (ank_clew_new(NULL, &clew, &e) == ANK_OK)
        s = ank_clew_syntax_tree(clew, lang, data, len, &text, &e);
    else
        s = e.code;
    free(data);
    ank_clew_free(clew);
    if (s != ANK_OK) {
        cli_error("%s: %s", path, e.message);
        return CLI_EXIT_FAIL;
    }
    puts(text);
    ank_free(text);
    return CLI_EXIT_OK;
}
