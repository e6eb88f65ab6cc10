/*
 * mask.c - `ananke mask`: which tokens of a vocabulary a grammar or regex
 * allows after a prefix, for debugging token masks.  Prints one line per
 * allowed token (id, then its bytes escaped), and a summary on stderr.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char mask_usage[] =
    "usage: ananke mask (--grammar FILE | --regex FILE [--forbid])\n"
    "                   --vocab FILE [--prefix TEXT] [--limit N]\n"
    "\n"
    "Print the tokens of a vocabulary (tokenizer.json, or a list of one\n"
    "token a line) that may come next after TEXT under a GBNF grammar or a\n"
    "regex (a file of one line, matched against the whole text; with\n"
    "--forbid, no part of the text may match it).  Each line is a token id\n"
    "and its bytes, escaped; `(eos)` marks end-of-sequence tokens.\n"
    "\n"
    "options:\n"
    "  --prefix TEXT   the text generated so far (default: none)\n"
    "  --limit N       print at most N tokens (default: all)\n"
    "\n"
    "exit status: 0 success, 1 a file is unreadable or invalid, the\n"
    "prefix is refused or the grammar's parse goes past its limits, 2 bad\n"
    "command line.\n";

static void print_escaped(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '\r')
            fputs("\\r", stdout);
        else if (c == '\\')
            fputs("\\\\", stdout);
        else if (c < 0x20 || c == 0x7F)
            printf("\\x%02X", c);
        else
            putchar(c);
    }
}

/* Print the allowed tokens; returns how many there are. */
static size_t print_mask(const ank_vocab *v, const uint32_t *words,
                         size_t limit)
{
    size_t eos_n = 0, count = 0;
    const uint32_t *eos = ank_vocab_eos(v, &eos_n);
    for (uint32_t id = 0; id < ank_vocab_size(v); id++) {
        if (!((words[id / 32] >> (id % 32)) & 1))
            continue;
        if (count++ >= limit)
            continue;
        size_t n = 0;
        const char *p = ank_vocab_token(v, id, &n, NULL);
        printf("%u\t", id);
        print_escaped(p ? p : "", n);
        for (size_t k = 0; k < eos_n; k++)
            if (eos[k] == id)
                fputs("\t(eos)", stdout);
        putchar('\n');
    }
    return count;
}

int cli_mask(int argc, char **argv)
{
    const char *grammar = NULL, *regex = NULL, *vocab_path = NULL;
    const char *prefix = "";
    int forbid = 0;
    size_t limit = (size_t)-1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(mask_usage, stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(a, "--grammar") == 0 && has) {
            grammar = argv[++i];
        } else if (strcmp(a, "--regex") == 0 && has) {
            regex = argv[++i];
        } else if (strcmp(a, "--vocab") == 0 && has) {
            vocab_path = argv[++i];
        } else if (strcmp(a, "--prefix") == 0 && has) {
            prefix = argv[++i];
        } else if (strcmp(a, "--forbid") == 0) {
            forbid = 1;
        } else if (strcmp(a, "--limit") == 0 && has) {
            char *end;
            limit = strtoul(argv[++i], &end, 10);
            if (*end || !*argv[i]) {
                cli_error("--limit: '%s' is not a number", argv[i]);
                return CLI_EXIT_USAGE;
            }
        } else {
            cli_error("mask: unexpected argument '%s' (try 'ananke mask "
                      "--help')",
                      a);
            return CLI_EXIT_USAGE;
        }
    }
    if (!grammar == !regex || !vocab_path || (forbid && !regex)) {
        fputs(mask_usage, stderr);
        return CLI_EXIT_USAGE;
    }
    const char *path = grammar ? grammar : regex;
    char *text = NULL;
    size_t len = 0;
    ank_error e;
    if (cli_read_file(path, ANK_DEFAULT_MAX_FILE_SIZE, &text, &len, &e) !=
        ANK_OK) {
        cli_error("%s", e.message);
        return CLI_EXIT_FAIL;
    }
    if (regex) /* a regex file is one line */
        while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            len--;
    ank_vocab *v = NULL;
    ank_matcher *m = NULL;
    uint32_t *words = NULL;
    int rc = CLI_EXIT_FAIL;
    if (ank_vocab_load(vocab_path, NULL, &v, &e) != ANK_OK) {
        cli_error("%s: %s", vocab_path, e.message);
        goto done;
    }
    ank_matcher_kind kind = grammar  ? ANK_MATCHER_GBNF
                            : forbid ? ANK_MATCHER_REGEX_FORBID
                                     : ANK_MATCHER_REGEX;
    if (ank_matcher_new_text(kind, text, len, v, &m, &e) != ANK_OK) {
        if (e.line)
            cli_error("%s:%u:%u: %s", path, e.line, e.column, e.message);
        else
            cli_error("%s: %s", path, e.message);
        goto done;
    }
    if (!ank_matcher_accept_string(m, prefix, strlen(prefix))) {
        if (ank_matcher_status(m, &e) != ANK_OK) /* not the grammar */
            cli_error("%s: the prefix: %s", path, e.message);
        else
            cli_error("the prefix is not accepted");
        goto done;
    }
    size_t nwords = ((size_t)ank_vocab_size(v) + 31) / 32;
    words = calloc(nwords ? nwords : 1, sizeof *words);
    char *forced = NULL;
    size_t nforced = 0;
    if (!words) {
        cli_error("out of memory");
        goto done;
    }
    if (ank_matcher_fill_next_token_bitmask(m, words, nwords) != ANK_OK) {
        ank_matcher_status(m, &e);
        cli_error("%s: the mask: %s", path, e.message);
        goto done;
    }
    if (ank_matcher_jump_forward_string(m, &forced, &nforced, &e) != ANK_OK) {
        cli_error("%s", e.message);
        goto done;
    }
    size_t count = print_mask(v, words, limit);
    fflush(stdout);
    fprintf(stderr, "%s: %zu of %u tokens allowed; the text %s end here",
            cli_program, count, ank_vocab_size(v),
            ank_matcher_can_end(m) ? "may" : "may not");
    if (nforced) {
        fputs("; forced next: \"", stderr);
        for (size_t i = 0; i < nforced; i++) {
            unsigned char c = (unsigned char)forced[i];
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7F)
                fprintf(stderr, "\\x%02X", c);
            else
                fputc(c, stderr);
        }
        fputc('"', stderr);
    }
    fputc('\n', stderr);
    ank_free(forced);
    rc = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
done:
    free(words);
    ank_matcher_free(m);
    ank_vocab_free(v);
    free(text);
    return rc;
}
