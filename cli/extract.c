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
#include <unistd.h>

#include "../clew/result.h"
#include "../ffi/alloc.h"
#include "../maze/walk.h"
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
          "recursively as git sees it: .gitignore, .ignore and\n"
          ".git/info/exclude are honoured, hidden and dependency directories\n"
          "(node_modules, target, __pycache__, ...) passed over.  Per-file\n"
          "results are cached, so an unchanged file is not parsed again.\n"
          "`-` reads standard input and needs --lang.\n"
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
          "                         security.forbid, hole,\n"
          "                         architecture.layering)\n"
          "  -o, --output FILE      write to FILE (atomically) instead of stdout\n"
          "      --declarations-only  only signatures, type shapes and imports\n"
          "                         (faster: no body walk)\n"
          "      --max-file-size N  skip files over N bytes (suffix K, M or G;\n"
          "                         default 16M)\n"
          "  -q, --quiet            no summary, progress or warnings on stderr\n",
          out);
    cli_extraction_usage(out);
    fputs("  -h, --help             show this help\n", out);
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

int cli_extraction_option(cli_extraction *x, int c, const char *arg)
{
    switch (c) {
    case 'j': {
        char *end;
        errno = 0;
        unsigned long n = strtoul(arg, &end, 10);
        if (errno || end == arg || *end || n == 0 || n > 1024) {
            cli_error("invalid job count '%s' (1 to 1024)", arg);
            return -1;
        }
        x->jobs = (unsigned)n;
        return 1;
    }
    case CLI_OPT_NO_CACHE:
        x->no_cache = 1;
        return 1;
    case CLI_OPT_CACHE_DIR:
        x->cache_dir = arg;
        return 1;
    case CLI_OPT_STATS:
        x->stats = 1;
        return 1;
    case CLI_OPT_NO_IGNORE:
        x->no_ignore = 1;
        return 1;
    case CLI_OPT_HIDDEN:
        x->hidden = 1;
        return 1;
    default:
        return 0;
    }
}

void cli_extraction_usage(FILE *out)
{
    fputs("  -j, --jobs N           extract with N threads (default: one per\n"
          "                         online processor); a compile uses up to 2\n"
          "      --no-cache         extract every file; read and write no cache\n"
          "      --cache-dir DIR    the cache database's directory (default\n"
          "                         $XDG_CACHE_HOME/ananke or ~/.cache/ananke)\n"
          "      --stats            counts and time per stage on stderr\n"
          "      --no-ignore        do not read .gitignore, .ignore and\n"
          "                         .git/info/exclude\n"
          "      --hidden           walk hidden and dependency directories too\n",
          out);
}

/* The files of one run, in order, and what their paths live in. */
typedef struct file_list {
    ank_pipeline_file *items;
    size_t count, cap;
    ank_paths *walks; /* owners of the listed paths */
    size_t nwalks;
    char *stdin_text;
} file_list;

static ank_pipeline_file *add_file(file_list *l, const char *path,
                                   ank_lang lang)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        ank_pipeline_file *p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return NULL;
        l->items = p;
        l->cap = cap;
    }
    ank_pipeline_file *f = &l->items[l->count++];
    memset(f, 0, sizeof *f);
    f->path = path;
    f->lang = lang;
    return f;
}

static void file_list_free(file_list *l)
{
    ank__pipeline_files_release(l->items, l->count);
    free(l->items);
    for (size_t i = 0; i < l->nwalks; i++)
        ank__paths_free(&l->walks[i]);
    free(l->walks);
    free(l->stdin_text);
}

/* The language to extract a listed file as, or ANK_LANG_UNKNOWN to pass
 * it over; `named` says whether the user named this file. */
static ank_lang file_lang(const cli_extraction *r, const char *path,
                          int named)
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
    return lang;
}

/* List the files below one named path (or the path itself). */
static int list_path(cli_extraction *r, file_list *l, const char *path)
{
    ank_paths *w = realloc(l->walks, (l->nwalks + 1) * sizeof *w);
    if (!w) {
        cli_error("out of memory");
        return 0;
    }
    l->walks = w;
    ank_paths *paths = &w[l->nwalks++];
    memset(paths, 0, sizeof *paths);
    struct stat st;
    int named = stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
    ank_walk_options wo = {.no_ignore = r->no_ignore != 0,
                           .hidden = r->hidden != 0};
    ank_error e;
    if (ank__walk(path, &wo, true, paths, &e) != ANK_OK) {
        cli_error("%s", e.message);
        return 0;
    }
    for (size_t i = 0; i < paths->nproblems && !r->quiet; i++)
        cli_error("%s: %s", paths->problems[i].path,
                  paths->problems[i].message);
    for (size_t i = 0; i < paths->count; i++) {
        const char *p = paths->items[i];
        ank_lang lang = file_lang(r, p, named);
        if (lang == ANK_LANG_UNKNOWN && !named) {
            r->unsupported++;
            continue;
        }
        ank_pipeline_file *f = add_file(l, p, lang);
        if (!f) {
            cli_error("out of memory");
            return 0;
        }
        if (lang == ANK_LANG_UNKNOWN) {
            f->status = ANK_ERR_UNSUPPORTED_LANGUAGE;
            f->message = ank__strndup("unsupported language; use --lang", 32);
        }
    }
    return 1;
}

typedef struct progress {
    double start, last;
    int shown;
} progress;

static void show_progress(void *context, size_t done, size_t total)
{
    progress *p = context;
    double now = ank__pipeline_now();
    if (done < total && now - p->last < 0.1)
        return;
    p->last = now;
    p->shown = 1;
    double rate = (double)done / (now - p->start > 1e-3 ? now - p->start : 1e-3);
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    char bar[31];
    size_t fill = total ? 30 * done / total : 30;
    for (size_t i = 0; i < 30; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu files, %.0f/s, ETA %.0fs ", bar, done,
            total, rate, eta);
    fflush(stderr);
}

static void print_stats(const cli_extraction *r)
{
    const ank_pipeline_stats *s = &r->run_stats;
    fprintf(stderr,
            "stats: files %llu parsed %llu hits %llu misses %llu errors %llu\n"
            "stats: jobs %u memory-hits %llu disk-hits %llu\n"
            "stats: seconds walk %.4f read %.4f lookup %.4f extract %.4f "
            "decode %.4f merge %.4f finish %.4f total %.4f\n",
            (unsigned long long)s->files, (unsigned long long)s->parsed,
            (unsigned long long)s->hits, (unsigned long long)s->misses,
            (unsigned long long)s->errors, s->jobs,
            (unsigned long long)s->memory_hits,
            (unsigned long long)s->disk_hits, s->walk, s->read, s->lookup, s->extract,
            s->decode, s->merge, s->finish, s->total);
}

/* Warn about, and count, the files the run skipped. */
static void report_skipped(cli_extraction *r, const file_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        const ank_pipeline_file *f = &l->items[i];
        if (f->status == ANK_OK) {
            r->extracted++;
            continue;
        }
        r->skipped++;
        if (r->quiet)
            continue;
        /* The detail may start with "PATH: ", which is not repeated. */
        const char *detail = f->message;
        size_t n = strlen(f->path);
        if (detail && strncmp(detail, f->path, n) == 0 && detail[n] == ':')
            detail += n + (detail[n + 1] == ' ' ? 2 : 1);
        if (f->status == ANK_ERR_BINARY || !detail || !*detail)
            detail = f->status == ANK_ERR_BINARY ? "binary"
                     : f->status == ANK_ERR_TOO_LARGE ? "too large"
                                                      : "unreadable";
        cli_error("%s: skipped (%s)", f->path, detail);
    }
}

/* The cache of this run, or NULL (--no-cache, or it cannot be had). */
static ank_cache *open_cache(const cli_extraction *r)
{
    if (r->no_cache)
        return NULL;
    ank_cache_options o = {.dir = r->cache_dir};
    ank_cache *cache = NULL;
    ank_error e;
    if (ank__cache_open(&o, &cache, &e) != ANK_OK) {
        if (!r->quiet)
            cli_error("cache: %s; running without it", e.message);
        return NULL;
    }
    const char *warning = ank__cache_warning(cache);
    if (warning && !r->quiet)
        cli_error("cache: %s", warning);
    return cache;
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
    r->result = ank_result_new();
    if (!r->result) {
        cli_error("out of memory");
        return CLI_EXIT_FAIL;
    }
    memset(&r->run_stats, 0, sizeof r->run_stats);

    file_list l = {0};
    ank_error e;
    double t0 = ank__pipeline_now();
    for (int i = 0; i < npaths && !r->failed; i++) {
        if (strcmp(paths[i], "-") != 0) {
            r->failed = !list_path(r, &l, paths[i]);
            continue;
        }
        size_t len = 0;
        if (cli_read_stream(stdin, r->max_size, &l.stdin_text, &len, &e) !=
            ANK_OK) {
            cli_error("<stdin>: %s", e.message);
            r->failed = 1;
            break;
        }
        ank_pipeline_file *f = add_file(&l, "<stdin>", r->lang);
        if (!f) {
            cli_error("out of memory");
            r->failed = 1;
            break;
        }
        f->text = l.stdin_text;
        f->length = len;
    }
    r->run_stats.walk = ank__pipeline_now() - t0;

    if (!r->failed) {
        ank_cache *cache = open_cache(r);
        progress bar = {.start = ank__pipeline_now()};
        ank_pipeline_options o = {
            .jobs = r->jobs,
            .clew = {.max_file_size = r->max_size, .flags = r->flags},
            .cache = cache};
        if (!r->quiet && isatty(STDERR_FILENO)) {
            o.progress = show_progress;
            o.progress_context = &bar;
        }
        if (ank__pipeline_run(l.items, l.count, &o, r->result, &r->run_stats,
                              &e) != ANK_OK) {
            cli_error("%s", e.message);
            r->failed = 1;
        }
        if (bar.shown)
            fputs("\r\033[K", stderr);
        r->cache = cache; /* kept for the compile stage of `run` */
        report_skipped(r, &l);
    }
    if (r->stats)
        print_stats(r);
    file_list_free(&l);
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
    r->result = NULL;
    ank__cache_close(r->cache);
    r->cache = NULL;
}

static int run_extract(int argc, char **argv, int holes);

static int write_stdout(void *context, const char *data, size_t length)
{
    (void)context;
    return fwrite(data, 1, length, stdout) == length ? 0 : errno ? errno : EIO;
}

/* Stream the result to `output` (atomically) or to standard output. */
static int write_output(const cli_extraction *r, const ank_write_options *wopts,
                        const char *output)
{
    ank_error e;
    cli_atomic f;
    if (output && cli_atomic_open(&f, output, &e) != ANK_OK) {
        cli_error("%s", e.message);
        return CLI_EXIT_FAIL;
    }
    ank_status s = ank__result_write_sink(
        r->result, wopts, output ? cli_atomic_write : write_stdout,
        output ? (void *)&f : NULL, &e);
    int named = 0; /* the message names the file already */
    if (output) {
        if (s != ANK_OK) {
            cli_atomic_abort(&f);
        } else {
            s = cli_atomic_commit(&f, &e);
            named = 1;
        }
    } else if (s == ANK_OK && fflush(stdout) != 0) {
        s = ANK_ERR_IO;
        snprintf(e.message, sizeof e.message, "%s", strerror(errno));
    }
    if (s == ANK_OK)
        return CLI_EXIT_OK;
    if (!output && s == ANK_ERR_IO)
        cli_error("standard output: %s", e.message);
    else if (output && s == ANK_ERR_IO && !named)
        cli_error("%s: %s", output, e.message);
    else
        cli_error("%s", e.message);
    return CLI_EXIT_FAIL;
}

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
        CLI_EXTRACTION_LONGOPTS,
        {NULL, 0, NULL, 0}};
    cli_extraction r = {.max_size = ANK_DEFAULT_MAX_FILE_SIZE};
    ank_format format = holes ? ANK_FORMAT_TEXT : ANK_FORMAT_JSON;
    const char *output = NULL;
    static const char *const hole_kind[] = {"hole", NULL};
    const char *kinds_arg = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":l:f:k:o:j:qh", longopts, NULL)) != -1) {
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
        default: {
            int handled = cli_extraction_option(&r, c, optarg);
            if (handled > 0)
                break;
            if (handled == 0) {
                cli_error("unknown option '%s'", argv[optind - 1]);
                extract_usage(stderr, holes);
            }
            return CLI_EXIT_USAGE;
        }
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
    int status = cli_collect(&r, argv + optind, argc - optind);
    if (status == CLI_EXIT_OK) {
        double t0 = ank__pipeline_now();
        status = write_output(&r, &wopts, output);
        if (r.stats)
            fprintf(stderr, "stats: seconds write %.4f\n",
                    ank__pipeline_now() - t0);
    }
    if (status == CLI_EXIT_OK)
        cli_extraction_summary(&r);
    cli_extraction_free(&r);
    free(kinds_list);
    return status;
}
