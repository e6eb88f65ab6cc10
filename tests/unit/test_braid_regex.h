/*
 * test_braid_regex.h - PCRE2 as braid's regex checker runs it, for the
 * regex tests (test_braid_regex.c defines it; test_braid_function.c uses
 * it too).
 */
#ifndef ANK_TEST_BRAID_REGEX_H
#define ANK_TEST_BRAID_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* A PCRE2 regex compiled as the checker does: UTF, `$` only at the end,
 * a match limit of 100000. */
typedef struct test_pcre {
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mc;
} test_pcre;

/* False when the regex does not compile (or memory runs out); close it
 * either way. */
bool test_pcre_open(test_pcre *p, const char *re, bool anchored);
void test_pcre_close(test_pcre *p);

/* 1 match, 0 none, < 0 a PCRE2 error (PCRE2_ERROR_MATCHLIMIT). */
int test_pcre_run(const test_pcre *p, const char *s, size_t n);

#endif
