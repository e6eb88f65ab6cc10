/*
 * test.h - a minimal unit-test harness.  A test is a function; CHECK records
 * a failure with its location and lets the test go on.  main.c lists the
 * tests and prints "unit: N passed, N failed".
 */
#ifndef ANK_TEST_H
#define ANK_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern int test_failures;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            test_failures++;                                                \
            fprintf(stderr, "    %s:%d: CHECK(%s) failed\n", __FILE__,      \
                    __LINE__, #cond);                                       \
        }                                                                   \
    } while (0)

#define CHECK_STR(a, b)                                                     \
    do {                                                                    \
        const char *a_ = (a), *b_ = (b);                                    \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                            \
            test_failures++;                                                \
            fprintf(stderr, "    %s:%d: \"%s\" != \"%s\"\n", __FILE__,      \
                    __LINE__, a_ ? a_ : "(null)", b_ ? b_ : "(null)");      \
        }                                                                   \
    } while (0)

#define CHECK_INT(a, b)                                                     \
    do {                                                                    \
        long long a_ = (long long)(a), b_ = (long long)(b);                 \
        if (a_ != b_) {                                                     \
            test_failures++;                                                \
            fprintf(stderr, "    %s:%d: %s == %lld, expected %lld\n",       \
                    __FILE__, __LINE__, #a, a_, b_);                        \
        }                                                                   \
    } while (0)

/* The n-th constraint (0-based) of `kind` in a result, or NULL. */
#define NTH_OF_KIND(result, kind, n) test_nth_of_kind((result), (kind), (n))
struct ank_result;
struct ank_constraint;
const struct ank_constraint *test_nth_of_kind(const struct ank_result *r,
                                              const char *kind, size_t n);
size_t test_count_kind(const struct ank_result *r, const char *kind);

/* `text` with ' turned into ", in a static buffer (the next call
 * overwrites it): JSON written in C strings without escaped quotes. */
const char *test_q(const char *text);

/* In-memory source files: each extracted (language from the path) into
 * one new result, which is then finished.  Failures are CHECKed. */
typedef struct test_src {
    const char *path;
    const char *text;
} test_src;
struct ank_result *test_extract(const test_src *files, size_t n);

/* A deterministic xorshift generator: a value in [0, n) from *state, so
 * that a random test draws the same cases on every run. */
static inline uint32_t test_rand(uint64_t *state, uint32_t n)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return (uint32_t)(*state % n);
}

typedef struct test_case {
    const char *name;
    void (*fn)(void);
} test_case;

#endif
