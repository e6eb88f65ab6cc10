/*
 * walk_list.c - print what the tree walk lists under a root, one path per
 * line (every file, whatever its extension), and each problem on stderr.
 * tests/ignore.sh compares the listing with git's.
 *
 *   walk_list [--no-ignore] [--hidden] ROOT
 */
#include <stdio.h>
#include <string.h>

#include "../maze/walk.h"

int main(int argc, char **argv)
{
    ank_walk_options options = {0};
    const char *root = NULL;
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-ignore") == 0)
            options.no_ignore = true;
        else if (strcmp(argv[i], "--hidden") == 0)
            options.hidden = true;
        else if (!root && argv[i][0] != '-')
            root = argv[i];
        else
            bad = 1;
    }
    if (!root || bad) {
        fprintf(stderr, "usage: walk_list [--no-ignore] [--hidden] ROOT\n");
        return 2;
    }
    ank_paths paths = {0};
    ank_error error;
    if (ank__walk(root, &options, true, &paths, &error) != ANK_OK) {
        fprintf(stderr, "walk_list: %s\n", error.message);
        return 1;
    }
    for (size_t i = 0; i < paths.count; i++)
        printf("%s\n", paths.items[i]);
    for (size_t i = 0; i < paths.nproblems; i++)
        fprintf(stderr, "walk_list: %s: %s\n", paths.problems[i].path,
                paths.problems[i].message);
    ank__paths_free(&paths);
    return 0;
}
