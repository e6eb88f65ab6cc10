/*
 * cache.c - `ananke cache stats|clear|path`: look at or empty the
 * persistent cache ($XDG_CACHE_HOME/ananke/cache.db, ~/.cache/ananke
 * without it, or --cache-dir).
 *
 * Every action opens the cache as a run would (creating the directory),
 * so a cache that a run could not use is reported here too (exit 1).
 */
#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include "../maze/cache.h"
#include "cli.h"

static void cache_usage(FILE *out)
{
    fputs("usage: ananke cache [options] stats|clear|path\n"
          "\n"
          "Show or empty the cache of extraction and compile results.\n"
          "  stats   the database's path, its entries and their bytes\n"
          "  clear   remove every entry\n"
          "  path    print the database's path\n"
          "\n"
          "options:\n"
          "      --cache-dir DIR    the cache directory (default:\n"
          "                         $XDG_CACHE_HOME/ananke, else\n"
          "                         ~/.cache/ananke)\n"
          "  -q, --quiet            no summary on stderr (clear)\n"
          "  -h, --help             show this help\n",
          out);
}

int cli_cache(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"cache-dir", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    ank_cache_options options = {0};
    int quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'C':
            if (!optarg[0]) {
                cli_error("cache: --cache-dir needs a directory");
                return CLI_EXIT_USAGE;
            }
            options.dir = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            cache_usage(stdout);
            return CLI_EXIT_OK;
        default:
            cache_usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        cli_error("cache: %s (stats, clear or path)",
                  optind == argc ? "missing action" : "one action only");
        return CLI_EXIT_USAGE;
    }
    const char *action = argv[optind];
    if (strcmp(action, "stats") != 0 && strcmp(action, "clear") != 0 &&
        strcmp(action, "path") != 0) {
        cli_error("cache: unknown action '%s' (stats, clear or path)",
                  action);
        return CLI_EXIT_USAGE;
    }

    /* the memory layer is not used here: keep it small */
    options.memory_bytes = 4096;
    ank_cache *cache = NULL;
    ank_error e;
    if (ank__cache_open(&options, &cache, &e) != ANK_OK) {
        cli_error("cache: %s", e.message);
        return CLI_EXIT_FAIL;
    }
    const char *path = ank__cache_path(cache);
    const char *warning = ank__cache_warning(cache);
    int status = CLI_EXIT_OK;
    if (!path) {
        cli_error("cache: %s", warning ? warning : "no disk cache");
        status = CLI_EXIT_FAIL;
    } else {
        if (warning)
            cli_error("cache: %s", warning);
        ank_cache_stats s;
        if (strcmp(action, "path") == 0) {
            printf("%s\n", path);
        } else if (strcmp(action, "stats") == 0) {
            ank__cache_stats(cache, &s);
            printf("path: %s\nentries: %" PRIu64 "\nbytes: %" PRIu64 "\n",
                   path, s.disk_entries, s.disk_bytes);
        } else {
            ank__cache_stats(cache, &s);
            if (ank__cache_clear(cache, &e) != ANK_OK) {
                cli_error("cache: %s", e.message);
                status = CLI_EXIT_FAIL;
            } else if (!quiet) {
                fprintf(stderr,
                        "%s: removed %" PRIu64 " entr%s (%" PRIu64
                        " bytes) from %s\n",
                        cli_program, s.disk_entries,
                        s.disk_entries == 1 ? "y" : "ies", s.disk_bytes,
                        path);
            }
        }
        if (status == CLI_EXIT_OK && fflush(stdout) != 0) {
            cli_error("standard output: write failed");
            status = CLI_EXIT_FAIL;
        }
    }
    ank__cache_close(cache);
    return status;
}
