/*
 * main.c - `ananke`: command dispatch, --help and --version.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *cli_program = "ananke";

void cli_error(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "%s: ", cli_program);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
}

static void usage(FILE *out)
{
    fputs("usage: ananke <command> [options] [arguments]\n"
          "\n"
          "Extract the rules a source tree follows, as constraints, and\n"
          "compile them into what constrained-decoding engines enforce.\n"
          "\n"
          "commands:\n"
          "  extract   extract constraints from files and directories\n"
          "  holes     list the unimplemented bodies (holes)\n"
          "  compile   compile constraints into schemas, grammars, regexes\n"
          "            and generation specs\n"
          "  run       extract, then compile\n"
          "  tree      print a file's syntax tree (for debugging)\n"
          "  cache     show, locate or clear the extraction cache\n"
          "  mask      print the tokens a grammar or regex allows next\n"
          "\n"
          "options:\n"
          "  -h, --help      show this help (`ananke extract --help` for a "
          "command)\n"
          "  -V, --version   show the version\n"
          "\n"
          "exit status: 0 success (skipped files and syntax errors in the\n"
          "input included), 1 a named path is missing or unreadable or the\n"
          "output could not be written, 2 bad command line.\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
        strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("ananke %s\n", ank_version());
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "extract") == 0)
        return cli_extract(argc - 1, argv + 1);
    if (strcmp(cmd, "holes") == 0)
        return cli_holes(argc - 1, argv + 1);
    if (strcmp(cmd, "compile") == 0)
        return cli_compile(argc - 1, argv + 1);
    if (strcmp(cmd, "run") == 0)
        return cli_run(argc - 1, argv + 1);
    if (strcmp(cmd, "tree") == 0)
        return cli_tree(argc - 1, argv + 1);
    if (strcmp(cmd, "cache") == 0)
        return cli_cache(argc - 1, argv + 1);
    if (strcmp(cmd, "mask") == 0)
        return cli_mask(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'ananke --help')", cmd);
    return CLI_EXIT_USAGE;
}
