/*
 * fuzz_extract.c - fuzz target for extraction and every output format.
 *
 * Input: the first byte picks the language (modulo the number of
 * languages), the rest is the source text.  Each input is extracted (every
 * kind), finished, and written as JSON, NDJSON, text and SARIF; nothing
 * may crash, leak or trip a sanitizer, and a failure must be a clean status.
 *
 * Built with clang -fsanitize=fuzzer (make fuzz) it is a libFuzzer target.
 * Built without (the default, in make test) it is a replayer:
 *
 *   fuzz_extract FILE...
 *
 * runs each file as an input (a file named *.ts, *.py, ... is used whole,
 * with the language of its extension) and ends with
 * "fuzz: N passed, N failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ananke.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run(ank_lang lang, const uint8_t *src, size_t len)
{
    static ank_clew *clew;
    if (!clew && ank_clew_new(NULL, &clew, NULL) != ANK_OK)
        return 1;
    ank_result *r = ank_result_new();
    if (!r)
        return 1;
    ank_error e;
    ank_status s = ank_clew_extract(clew, lang, (const char *)src, len, "fuzz",
                                    r, &e);
    int bad = !(s == ANK_OK || s == ANK_ERR_BINARY || s == ANK_ERR_TOO_LARGE);
    if (!bad && ank_result_finish(r, &e) != ANK_OK)
        bad = 1;
    for (int f = ANK_FORMAT_JSON; !bad && f <= ANK_FORMAT_SARIF; f++) {
        char *out = NULL;
        size_t n = 0;
        if (ank_result_write(r, (ank_format)f, &out, &n, &e) != ANK_OK ||
            strlen(out) != n)
            bad = 1;
        ank_free(out);
    }
    ank_result_free(r);
    return bad;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    ank_lang lang = (ank_lang)(1 + data[0] % (ANK_LANG_COUNT_ - 1));
    if (run(lang, data + 1, size - 1))
        abort(); /* a status that is not a clean refusal */
    return 0;
}

#ifndef ANK_LIBFUZZER
#include "replay.h"

/* A corpus file's language comes from its name, else from its first byte
 * as for the fuzzer. */
static int check(const char *path, const uint8_t *data, size_t size)
{
    ank_lang lang = ank_lang_from_path(path);
    if (lang != ANK_LANG_UNKNOWN)
        return run(lang, data, size);
    return size > 0 && run((ank_lang)(1 + data[0] % (ANK_LANG_COUNT_ - 1)),
                           data + 1, size - 1);
}

int main(int argc, char **argv)
{
    return replay_main("fuzz", argc, argv, check);
}
#endif
