/*
 * replay.h - the corpus replayer the fuzz targets become without libFuzzer:
 * read each named file whole and hand it to `check` (non-zero: the input
 * failed), then print "<suite>: N passed, N failed".  Included by one
 * target per program.
 */
#ifndef ANK_FUZZ_REPLAY_H
#define ANK_FUZZ_REPLAY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

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

#endif
