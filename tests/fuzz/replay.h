/*
 * replay.h - the corpus replayer the fuzz targets become without libFuzzer:
 * read each named file whole and hand it to `check` (non-zero: the input
 * failed), then print "<suite>: N passed, N failed".  Included by one
 * target per program.
 *
 * A target whose every input goes to `int run(const uint8_t *data,
 * size_t size)` (non-zero: a check failed) gets both of its entry points
 * from ANK_FUZZ_MAIN(suite, run): libFuzzer's, which aborts on a failed
 * check, and, built without libFuzzer, a main that replays the files it
 * is given.
 */
#ifndef ANK_FUZZ_REPLAY_H
#define ANK_FUZZ_REPLAY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ANK_FUZZ_ONE_INPUT(run)                                             \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)            \
    {                                                                       \
        if (run(data, size))                                                \
            abort(); /* a check failed */                                   \
        return 0;                                                           \
    }

#ifdef ANK_LIBFUZZER
#define ANK_FUZZ_MAIN(suite, run) ANK_FUZZ_ONE_INPUT(run)
#else
#define ANK_FUZZ_MAIN(suite, run)                                           \
    ANK_FUZZ_ONE_INPUT(run)                                                 \
    static int replay_check(const char *path, const uint8_t *data,          \
                            size_t size)                                    \
    {                                                                       \
        (void)path;                                                         \
        return run(data, size);                                             \
    }                                                                       \
    int main(int argc, char **argv)                                         \
    {                                                                       \
        return replay_main(suite, argc, argv, replay_check);                \
    }
#endif

#ifndef ANK_LIBFUZZER
/* The whole file, or NULL; *n receives its length. */
static uint8_t *replay_read(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, got;
    uint8_t *buf = malloc(cap);
    *n = 0;
    while (buf && (got = fread(buf + *n, 1, cap - *n, f)) > 0)
        if ((*n += got) == cap) {
            uint8_t *p = realloc(buf, cap *= 2);
            if (!p)
                free(buf);
            buf = p;
        }
    fclose(f);
    return buf;
}

static int replay_main(const char *suite, int argc, char **argv,
                       int (*check)(const char *path, const uint8_t *data,
                                    size_t size))
{
    int passed = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        size_t n = 0;
        uint8_t *buf = replay_read(argv[i], &n);
        if (!buf || check(argv[i], buf, n)) {
            fprintf(stderr, "FAIL %s%s\n", argv[i], buf ? "" : ": cannot read");
            failed++;
        } else {
            passed++;
        }
        free(buf);
    }
    printf("%s: %d passed, %d failed\n", suite, passed, failed);
    return failed ? 1 : 0;
}

#endif /* ANK_LIBFUZZER */

#endif
