/*
 * extract.c - `ananke extract`: read files, directories and standard input,
 * extract every supported file into one result, and write it.
 *
 * Paths named on the command line must exist (exit 1 otherwise, before any
 * output).  Inside directories, files in unsupported languages are counted
 * and passed over; binary, oversized and unreadable files are listed in the
 * output's "skipped" array with a warning.  Output is written in one piece
 * at the end, through a temporary file when -o is given.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static void extract_usage(FILE *out, int holes)
{
    fputs(holes ? "usage: ananke holes [options] PATH...\n"
                  "\n"
                  "List the holes (unimplemented bodies) of TypeScript, Python,\n"
                  "Rust, Go and Zig code: `extract --kind hole` with text output\n"
                  "by default.  A directory is walked\n"
                : "usage: ananke extract [options] PATH...\n"
                  "\n"
                  "Extract signatures, type shapes, imports, naming conventions,\n"
                  "error-handling style, security findings and holes from\n"
                  "TypeScript, Python, Rust, Go and Zig.  A directory is walked\n",
          out);
    fputs(
          "recursively (hidden directories, node_modules, __pycache__,\n"
          "target, zig-cache and zig-out are passed over); `-` reads\n"
          "standard input and needs --lang.\n"
          "\n"
          "options:\n"
          "  -l, --lang LANG        typescript|ts, tsx, python|py, rust|rs, go, zig\n"
          "                         (default: from each file's extension)\n"
          "  -f, --format FORMAT    json (default for extract), ndjson, text\n"
          "                         (default for holes) or sarif (security\n"
          "                         findings as SARIF 2.1.0)\n"
          "  -k, --kind KINDS       only these constraint kinds, comma-separated\n"
          "                         (function.signature, type.shape,\n"
          "                         import.module, naming.convention,\n"
          "                         error.style, security.finding,\n"
          "                         security.forbid, hole)\n"
          "  -o, --output FILE      write to FILE (atomically) instead of stdout\n"
          "      --declarations-only  only signatures, type shapes and imports\n"
          "                         (faster: no body walk)\n"
          "      --max-file-size N  skip files over N bytes (suffix K, M or G;\n"
          "                         default 16M)\n"
          "  -q, --quiet            no summary or warnings on stderr\n"
          "  -h, --help             show this help\n",
          out);
}


/* Files with syntax errors, for the summary line. */
static size_t files_with_errors(const ank_result *result)
{
    size_t n = 0;
    ank_file_info info;
    for (size_t i = 0; ank_result_file(result, i, &info) == ANK_OK; i++)
        n += info.parse_errors > 0;
    return n;
}

int cli_parse_size(const char *text, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text)
        return 0;
    unsigned long long mult = 1;
    if (*end == 'K' || *end == 'k')
        mult = 1ULL << 10, end++;
    else if (*end == 'M' || *end == 'm')
        mult = 1ULL << 20, end++;
    else if (*end == 'G' || *end == 'g')
        mult = 1ULL << 30, end++;
    if (*end || v == 0 || v > (unsigned long long)UINT32_MAX / mult)
        return 0;
    *out = (size_t)(v * mult);
    return 1;
}

/* Record a skipped file.  `detail` (nullable) may start with "PATH: ",
 * which is not repeated. */
static void skip(cli_extraction *r, const char *path, const char *reason,
                 const char *detail)
{
    r->skipped++;
    size_t n = strlen(path);
    if (detail && strncmp(detail, path, n) == 0 && detail[n] == ':')
        detail += n + (detail[n + 1] == ' ' ? 2 : 1);
    if (!r->quiet)
        cli_error("%s: skipped (%s)", path, detail && *detail ? detail : reason);
    ank_error e;
    if (ank_result_add_skipped(r->result, path, reason, &e) != ANK_OK) {
        cli_error("%s", e.message);
        r->failed = 1;
    }
}

static const char *skip_reason(ank_status s)
{
    switch (s) {
    case ANK_ERR_BINARY: return "binary";
    case ANK_ERR_TOO_LARGE: return "too large";
    case ANK_ERR_UNSUPPORTED_LANGUAGE: return "unsupported language";
    default: return "unreadable";
    }
}

/* Extract one text; `named` says whether the user named this file. */
static void extract_text(cli_extraction *r, const char *path, ank_lang lang,
                         const char *data, size_t len)
{
    ank_error e;
    ank_status s = ank_clew_extract(r->clew, lang, data, len, path, r->result,
                                    &e);
    if (s == ANK_OK) {
        r->extracted++;
        return;
    }
    if (s == ANK_ERR_NOMEM || s == ANK_ERR_LANGUAGE_ABI ||
        s == ANK_ERR_INTERNAL) {
        cli_error("%s", e.message);
        r->failed = 1;
        return;
    }
    skip(r, path, skip_reason(s), s == ANK_ERR_BINARY ? NULL : e.message);
}

static void extract_file(cli_extraction *r, const char *path, int named)
{
    ank_lang lang = ank_lang_from_path(path);
    if (r->lang != ANK_LANG_UNKNOWN) {
        /* A forced language applies to named files; inside directories it
         * selects the files of that language. */
        int same = lang == r->lang ||
                   (ank_lang_name(lang) && ank_lang_name(r->lang) &&
                    strcmp(ank_lang_name(lang), ank_lang_name(r->lang)) == 0);
        if (named)
            lang = r->lang;
        else if (!same)
            lang = ANK_LANG_UNKNOWN;
    }
    if (lang == ANK_LANG_UNKNOWN) {
        if (named)
            skip(r, path, "unsupported language",
                 "unsupported language; use --lang");
        else
            r->unsupported++;
        return;
    }
    char *data = NULL;
    size_t len = 0;
    ank_error e;
    ank_status s = cli_read_file(path, r->max_size, &data, &len, &e);
    if (s != ANK_OK) {
        skip(r, path, skip_reason(s), e.message);
        return;
    }
    extract_text(r, path, lang, data, len);
    free(data);
}

/* Split "a,b,c" into a NULL-terminated list (malloc'ed, one block). */
static char **split_kinds(const char *text)
{
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    size_t len = strlen(text);
    char **list = malloc((n + 1) * sizeof *list + len + 1);
    if (!list)
        return NULL;
    char *copy = (char *)(list + n + 1);
    memcpy(copy, text, len + 1);
    size_t i = 0;
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ","))
        list[i++] = tok;
    list[i] = NULL;
    return list;
}

int cli_collect(cli_extraction *r, char **paths, int npaths)
{
    /* Every named path must exist before anything is written. */
    int stdin_seen = 0;
    for (int i = 0; i < npaths; i++) {
        struct stat st;
        if (strcmp(paths[i], "-") == 0) {
            if (r->lang == ANK_LANG_UNKNOWN) {
                cli_error("reading standard input needs --lang");
                return CLI_EXIT_USAGE;
            }
            if (stdin_seen++) {
                cli_error("standard input named twice");
                return CLI_EXIT_USAGE;
            }
        } else if (stat(paths[i], &st) != 0) {
            cli_error("%s: %s", paths[i], strerror(errno));
            return CLI_EXIT_FAIL;
        }
    }

    ank_error e;
    ank_clew_options opts = {.max_file_size = r->max_size, .flags = r->flags};
    if (ank_clew_new(&opts, &r->clew, &e) != ANK_OK) {
        cli_error("%s", e.message);
        return CLI_EXIT_FAIL;
    }
    r->result = ank_result_new();
    if (!r->result) {
        cli_error("out of memory");
        ank_clew_free(r->clew);
        r->clew = NULL;
        return CLI_EXIT_FAIL;
    }

    for (int i = 0; i < npaths && !r->failed; i++) {
        if (strcmp(paths[i], "-") == 0) {
            char *data = NULL;
            size_t len = 0;
            if (cli_read_stream(stdin, r->max_size, &data, &len, &e) != ANK_OK) {
                cli_error("<stdin>: %s", e.message);
                r->failed = 1;
                break;
            }
            extract_text(r, "<stdin>", r->lang, data, len);
            free(data);
            continue;
        }
        cli_paths files = {0};
        struct stat st;
        int named = stat(paths[i], &st) == 0 && !S_ISDIR(st.st_mode);
        if (cli_walk(paths[i], &files, &e) != ANK_OK) {
            cli_error("%s", e.message);
            r->failed = 1;
        }
        for (size_t f = 0; f < files.count && !r->failed; f++)
            extract_file(r, files.items[f], named);
        cli_paths_free(&files);
    }

    if (!r->failed && ank_result_finish(r->result, &e) != ANK_OK) {
        cli_error("%s", e.message);
        r->failed = 1;
    }
    return r->failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

void cli_extraction_summary(const cli_extraction *r)
{
    if (r->quiet)
        return;
    fprintf(stderr,
            "%s: %zu file%s extracted (%zu with syntax errors), %zu "
            "constraint%s; %zu skipped, %zu not in a supported language\n",
            cli_program, r->extracted, r->extracted == 1 ? "" : "s",
            files_with_errors(r->result), ank_result_count(r->result),
            ank_result_count(r->result) == 1 ? "" : "s", r->skipped,
            r->unsupported);
}

void cli_extraction_free(cli_extraction *r)
{
    ank_result_free(r->result);
    ank_clew_free(r->clew);
    r->result = NULL;
    r->clew = NULL;
}

static int run_extract(int argc, char **argv, int holes);

int cli_extract(int argc, char **argv) { return run_extract(argc, argv, 0); }

int cli_holes(int argc, char **argv) { return run_extract(argc, argv, 1); }

static int run_extract(int argc, char **argv, int holes)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"format", required_argument, NULL, 'f'},
        {"kind", required_argument, NULL, 'k'},
        {"output", required_argument, NULL, 'o'},
        {"max-file-size", required_argument, NULL, 'S'},
        {"declarations-only", no_argument, NULL, 'D'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cli_extraction r = {.max_size = ANK_DEFAULT_MAX_FILE_SIZE};
    ank_format format = holes ? ANK_FORMAT_TEXT : ANK_FORMAT_JSON;
    const char *output = NULL;
    static const char *const hole_kind[] = {"hole", NULL};
    const char *kinds_arg = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":l:f:k:o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'l':
            r.lang = ank_lang_from_name(optarg);
            if (r.lang == ANK_LANG_UNKNOWN) {
                cli_error("unknown language '%s' (typescript, tsx, python, "
                          "rust, go, zig)", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'f':
            if (strcmp(optarg, "json") == 0)
                format = ANK_FORMAT_JSON;
            else if (strcmp(optarg, "ndjson") == 0)
                format = ANK_FORMAT_NDJSON;
            else if (strcmp(optarg, "text") == 0)
                format = ANK_FORMAT_TEXT;
            else if (strcmp(optarg, "sarif") == 0)
                format = ANK_FORMAT_SARIF;
            else {
                cli_error("unknown format '%s' (json, ndjson, text, sarif)",
                          optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'k':
            kinds_arg = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'S':
            if (!cli_parse_size(optarg, &r.max_size)) {
                cli_error("invalid size '%s'", optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'q':
            r.quiet = 1;
            break;
        case 'D':
            r.flags |= ANK_CLEW_DECLARATIONS_ONLY;
            break;
        case 'h':
            extract_usage(stdout, holes);
            return CLI_EXIT_OK;
        case ':':
            cli_error("option '%s' needs a value", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            cli_error("unknown option '%s'", argv[optind - 1]);
            extract_usage(stderr, holes);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("%s needs at least one PATH (or - for stdin)",
                  holes ? "holes" : "extract");
        extract_usage(stderr, holes);
        return CLI_EXIT_USAGE;
    }
    /* The kinds to write; checked before any work is done. */
    char **kinds_list = NULL;
    ank_write_options wopts = {format, holes ? hole_kind : NULL};
    if (kinds_arg) {
        kinds_list = split_kinds(kinds_arg);
        if (!kinds_list) {
            cli_error("out of memory");
            return CLI_EXIT_FAIL;
        }
        wopts.kinds = (const char *const *)kinds_list;
        ank_result *empty = ank_result_new();
        char *probe = NULL;
        ank_error pe;
        ank_status ps = empty ? ank_result_write_with(empty, &wopts, &probe,
                                                      NULL, &pe)
                              : ANK_ERR_NOMEM;
        ank_free(probe);
        ank_result_free(empty);
        if (ps != ANK_OK) {
            cli_error("%s", ps == ANK_ERR_NOMEM ? "out of memory" : pe.message);
            free(kinds_list);
            return ps == ANK_ERR_NOMEM ? CLI_EXIT_FAIL : CLI_EXIT_USAGE;
        }
    }
    ank_error e;
    int status = cli_collect(&r, argv + optind, argc - optind);
    if (status == CLI_EXIT_OK) {
        char *text = NULL;
        size_t len = 0;
        if (ank_result_write_with(r.result, &wopts, &text, &len, &e) != ANK_OK) {
            cli_error("%s", e.message);
            status = CLI_EXIT_FAIL;
        } else if (output) {
            if (cli_write_atomic(output, text, len, &e) != ANK_OK) {
                cli_error("%s", e.message);
                status = CLI_EXIT_FAIL;
            }
        } else if (fwrite(text, 1, len, stdout) != len || fflush(stdout)) {
            cli_error("standard output: %s", strerror(errno));
            status = CLI_EXIT_FAIL;
        }
        ank_free(text);
    }
    if (status == CLI_EXIT_OK)
        cli_extraction_summary(&r);
    cli_extraction_free(&r);
    free(kinds_list);
    return status;
}
