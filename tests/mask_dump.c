/*
 * mask_dump.c - print the token masks of a GBNF grammar, for the
 * differential test against XGrammar (tests/mask_check.js).
 *
 *   mask_dump GRAMMAR.gbnf VOCAB PREFIXES
 *
 * VOCAB is a tokenizer.json or a plain list.  PREFIXES has one prefix a
 * line, as token ids separated by spaces (an empty line is the empty
 * prefix).  Output: a line "vocab SIZE eos ID,... special ID,..." and
 * "compile MICROSECONDS", then per prefix "ok CAN_END HEXWORDS" (the mask
 * words as 8 hex digits each, word 0 first) or "reject K" when token K of
 * the prefix (0-based) is refused.  Exit 0, or 1 on an error.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../braid/gmatch.h"
#include "../ffi/alloc.h"
#include "ananke.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    size_t r;
    while (p && (r = fread(p + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *q = realloc(p, cap *= 2);
            if (!q) {
                free(p);
                p = NULL;
            }
            p = q;
        }
    }
    fclose(f);
    if (p)
        p[n] = '\0';
    *len = n;
    return p;
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: mask_dump GRAMMAR VOCAB PREFIXES\n");
        return 2;
    }
    size_t glen, plen;
    char *gtext = slurp(argv[1], &glen);
    char *ptext = slurp(argv[3], &plen);
    if (!gtext || !ptext) {
        fprintf(stderr, "mask_dump: cannot read input\n");
        return 1;
    }
    ank_error err;
    ank_vocab *v = NULL;
    if (ank_vocab_load(argv[2], NULL, &v, &err) != ANK_OK) {
        fprintf(stderr, "mask_dump: %s: %s\n", argv[2], err.message);
        return 1;
    }
    uint32_t size = ank__vocab_size(v);
    size_t neos;
    const uint32_t *eos = ank__vocab_eos(v, &neos);
    printf("vocab %u eos ", size);
    for (size_t i = 0; i < neos; i++)
        printf("%s%u", i ? "," : "", eos[i]);
    printf(" special ");
    int first = 1;
    for (uint32_t id = 0; id < size; id++)
        if (ank__vocab_special(v, id)) {
            printf("%s%u", first ? "" : ",", id);
            first = 0;
        }
    printf("\n");
    double t0 = now_us();
    ank_ggram *g;
    if (ank__ggram_compile(gtext, glen, v, &g, &err) != ANK_OK) {
        fprintf(stderr, "mask_dump: %s: %s (line %u)\n", argv[1], err.message,
                err.line);
        return 1;
    }
    printf("compile %.0f\n", now_us() - t0);
    ank_gmatch *m;
    if (ank__gmatch_new(g, &m, &err) != ANK_OK)
        return 1;
    size_t nwords = (size + 31) / 32;
    uint32_t *words = malloc(nwords * sizeof *words);
    char *line = ptext;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        ank__gmatch_rewind(m, 0);
        int k = 0, rejected = -1;
        for (char *s = line; *s;) {
            char *e;
            unsigned long id = strtoul(s, &e, 10);
            if (e == s)
                break;
            s = e;
            size_t len;
            const uint8_t *b = ank__vocab_bytes(v, (uint32_t)id, &len);
            if (rejected < 0 && (!b || ank__vocab_special(v, (uint32_t)id) ||
                                 !ank__gmatch_accept(m, b, len)))
                rejected = k;
            k++;
        }
        if (rejected >= 0) {
            printf("reject %d\n", rejected);
        } else {
            if (ank__gmatch_fill_mask(m, words, nwords) != ANK_OK)
                return 1;
            printf("ok %d ", ank__gmatch_can_end(m) ? 1 : 0);
            for (size_t w = 0; w < nwords; w++)
                printf("%08x", words[w]);
            printf("\n");
        }
        line = nl ? nl + 1 : NULL;
    }
    free(words);
    ank__gmatch_free(m);
    ank__ggram_free(g);
    ank_vocab_free(v);
    free(gtext);
    free(ptext);
    return 0;
}
