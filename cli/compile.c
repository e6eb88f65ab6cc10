/*
 * compile.c - `ananke compile` (constraints JSON to an IR document) and
 * `ananke run` (extract a tree, then compile).
 *
 * Output goes to standard output, or with -o DIR into a directory: the
 * whole document as ir.json and every artifact as a file of its own
 * (out.c).  Nothing is written unless the whole compile succeeds.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_INPUT ((size_t)1 << 30)

static void compile_usage(FILE *out, int run)
{
    fputs(run ? "usage: ananke run [options] PATH...\n"
                "\n"
                "Extract constraints from files and directories (as `ananke\n"
                "extract` does), then compile them (as `ananke compile`).\n"
              : "usage: ananke compile [options] [FILE|-]\n"
                "\n"
                "Compile an ananke.constraints/1 document (from `ananke\n"
                "extract`; standard input when FILE is - or absent) into an\n"
                "ananke.ir/1 document: JSON Schemas, tool definitions, GBNF\n"
                "and Lark grammars, regexes and generation specs.\n",
          out);
    fputs("\n"
          "options:\n"
          "  -e, --emit LIST        what to produce, comma-separated: schema,\n"
          "                         tools, gbnf, lark, regex, specs (default:\n"
          "                         all)\n"
          "  -s, --spec NAME        also write a generation spec for the\n"
          "                         function NAME (repeatable)\n"
          "  -o, --output DIR       write DIR/ir.json and one file per artifact\n"
          "                         instead of the document on stdout\n",
          out);
    if (run) {
        fputs("  -l, --lang LANG        force the language (as for extract)\n"
              "      --max-file-size N  skip files over N bytes (default 16M)\n",
              out);
        cli_extraction_usage(out);
    }
    fputs("  -q, --quiet            no summary on stderr\n"
          "  -h, --help             show this help\n",
          out);
}

/* Parse --emit: a comma-separated list; 0 on an unknown name. */
static unsigned parse_emit(const char *text)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"schema", ANK_EMIT_SCHEMA}, {"tools", ANK_EMIT_TOOLS},
                 {"gbnf", ANK_EMIT_GBNF},     {"lark", ANK_EMIT_LARK},
                 {"regex", ANK_EMIT_REGEX},   {"specs", ANK_EMIT_SPECS},
                 {"all", ANK_EMIT_ALL}};
    unsigned emit = 0;
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, ",");
        unsigned bit = 0;
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            if (strlen(names[i].name) == n && strncmp(names[i].name, p, n) == 0)
                bit = names[i].bit;
        if (!bit) {
            cli_error("unknown --emit item '%.*s' (schema, tools, gbnf, lark, "
                      "regex, specs)", (int)n, p);
            return 0;
        }
        emit |= bit;
        p += n + (p[n] == ',');
    }
    if (!emit)
        cli_error("--emit needs at least one item");
    return emit;
}

/* Compile `result` and write the document; returns an exit code. */
static int compile_and_write(const ank_result *result,
                             const ank_compile_options *opts,
                             const char *output, int quiet)
{
    ank_ir *ir = NULL;
    ank_error e;
    if (ank_braid_compile(result, opts, &ir, &e) != ANK_OK) {
        cli_error("compile: %s", e.message);
        return e.code == ANK_ERR_INVALID_ARGUMENT ? CLI_EXIT_USAGE
                                                  : CLI_EXIT_FAIL;
    }
    int status = CLI_EXIT_OK;
    char *text = NULL;
    size_t len = 0;
    if (ank_ir_write(ir, &text, &len, &e) != ANK_OK) {
        cli_error("%s", e.message);
        status = CLI_EXIT_FAIL;
    } else if (output) {
        if (cli_write_ir_dir(output, text, len, &e) != ANK_OK) {
            cli_error("%s", e.message);
            status = CLI_EXIT_FAIL;
        }
    } else if (fwrite(text, 1, len, stdout) != len || fflush(stdout)) {
        cli_error("standard output: %s", strerror(errno));
        status = CLI_EXIT_FAIL;
    }
    if (status == CLI_EXIT_OK && !quiet)
        fprintf(stderr, "%s: %zu artifact%s, %zu conflict%s\n", cli_program,
                ank_ir_artifact_count(ir),
                ank_ir_artifact_count(ir) == 1 ? "" : "s",
                ank_ir_conflict_count(ir),
                ank_ir_conflict_count(ir) == 1 ? "" : "s");
    ank_free(text);
    ank_ir_free(ir);
    return status;
}

static int run_compile(int argc, char **argv, int run)
{
    static const struct option longopts[] = {
        {"emit", required_argument, NULL, 'e'},
        {"spec", required_argument, NULL, 's'},
        {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"max-file-size", required_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        CLI_EXTRACTION_LONGOPTS,
        {NULL, 0, NULL, 0}};
    cli_extraction x = {.max_size = ANK_DEFAULT_MAX_FILE_SIZE};
    ank_compile_options opts = {0};
    const char *output = NULL;
    const char **specs = calloc((size_t)argc + 1, sizeof *specs);
    size_t nspecs = 0;
    int c, status = CLI_EXIT_OK;
    if (!specs) {
        cli_error("out of memory");
        return CLI_EXIT_FAIL;
    }
    optind = 1;
    opterr = 0;
    while (status == CLI_EXIT_OK &&
           (c = getopt_long(argc, argv, run ? ":e:s:o:l:j:qh" : ":e:s:o:qh",
                            longopts, NULL)) != -1) {
        switch (c) {
        case 'e':
            if (!(opts.emit = parse_emit(optarg)))
                status = CLI_EXIT_USAGE;
            break;
        case 's':
            specs[nspecs++] = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'l':
            x.lang = ank_lang_from_name(optarg);
            if (!run) {
                cli_error("unknown option '--lang' (compile reads extracted "
                          "constraints)");
                status = CLI_EXIT_USAGE;
            } else if (x.lang == ANK_LANG_UNKNOWN) {
                cli_error("unknown language '%s' (typescript, tsx, python, "
                          "rust, go, zig)", optarg);
                status = CLI_EXIT_USAGE;
            }
            break;
        case 'S':
            if (!run || !cli_parse_size(optarg, &x.max_size)) {
                cli_error(run ? "invalid size '%s'" : "unknown option '%s'",
                          run ? optarg : "--max-file-size");
                status = CLI_EXIT_USAGE;
            }
            break;
        case 'q':
            x.quiet = 1;
            break;
        case 'h':
            compile_usage(stdout, run);
            free(specs);
            return CLI_EXIT_OK;
        case ':':
            cli_error("option '%s' needs a value", argv[optind - 1]);
            status = CLI_EXIT_USAGE;
            break;
        default: {
            /* the extraction options, which only run takes */
            int handled = run ? cli_extraction_option(&x, c, optarg) : 0;
            if (handled < 0) {
                status = CLI_EXIT_USAGE;
            } else if (!handled) {
                cli_error("unknown option '%s'", argv[optind - 1]);
                compile_usage(stderr, run);
                status = CLI_EXIT_USAGE;
            }
            break;
        }
        }
    }
    opts.spec_functions = nspecs ? specs : NULL;
    if (status != CLI_EXIT_OK) {
        free(specs);
        return status;
    }
    if (run) {
        if (optind >= argc) {
            cli_error("run needs at least one PATH");
            compile_usage(stderr, 1);
            free(specs);
            return CLI_EXIT_USAGE;
        }
        status = cli_collect(&x, argv + optind, argc - optind);
        if (status == CLI_EXIT_OK) {
            cli_extraction_summary(&x);
            status = compile_and_write(x.result, &opts, output, x.quiet);
        }
        cli_extraction_free(&x);
        free(specs);
        return status;
    }

    if (argc - optind > 1) {
        cli_error("compile takes one FILE (or - for standard input)");
        free(specs);
        return CLI_EXIT_USAGE;
    }
    const char *path = optind < argc ? argv[optind] : "-";
    const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
    char *data = NULL;
    size_t len = 0;
    ank_error e;
    ank_status st = strcmp(path, "-") == 0
                        ? cli_read_stream(stdin, MAX_INPUT, &data, &len, &e)
                        : cli_read_file(path, MAX_INPUT, &data, &len, &e);
    if (st != ANK_OK) {
        cli_error("%s", e.message);
        free(specs);
        return CLI_EXIT_FAIL;
    }
    ank_result *result = NULL;
    if (ank_result_read(data, len, &result, &e) != ANK_OK) {
        if (e.line)
            fprintf(stderr, "%s:%u:%u: %s\n", shown, e.line, e.column,
                    e.message);
        else
            fprintf(stderr, "%s: %s\n", shown, e.message);
        status = CLI_EXIT_FAIL;
    } else {
        status = compile_and_write(result, &opts, output, x.quiet);
    }
    ank_result_free(result);
    free(data);
    free(specs);
    return status;
}

int cli_compile(int argc, char **argv) { return run_compile(argc, argv, 0); }

int cli_run(int argc, char **argv) { return run_compile(argc, argv, 1); }
