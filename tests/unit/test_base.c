/*
 * test_base.c - status codes, errors, the byte buffer and the arena.
 */
#include <stdint.h>

#include "../../ffi/alloc.h"
#include "../../ffi/arena.h"
#include "../../ffi/buf.h"
#include "../../ffi/status.h"
#include "test.h"
#include "tests.h"

void test_status_names(void)
{
#define CHECK_NAME_(name, value, text)          \
    CHECK_STR(ank_status_name(name), #name);    \
    CHECK_STR(ank_strerror(name), text);
    ANK_STATUS_LIST(CHECK_NAME_)
#undef CHECK_NAME_
    CHECK_STR(ank_status_name((ank_status)999), "ANK_UNKNOWN");
    CHECK_STR(ank_strerror((ank_status)-1), "unknown status");
    CHECK_STR(ank_version(), ANK_VERSION_STRING);
}

void test_error_fill(void)
{
    ank_error e;
    ank__error_clear(&e);
    CHECK_INT(e.code, ANK_OK);
    CHECK_INT(e.offset, -1);
    CHECK_INT(ank__error_set(&e, ANK_ERR_IO, 3, 4, 17, "x=%d", 42), ANK_ERR_IO);
    CHECK_INT(e.line, 3);
    CHECK_INT(e.column, 4);
    CHECK_INT(e.offset, 17);
    CHECK_STR(e.message, "x=42");
    /* NULL is allowed and returns the code. */
    CHECK_INT(ank__error_set(NULL, ANK_ERR_NOMEM, 0, 0, -1, "x"), ANK_ERR_NOMEM);
    /* Long messages are cut, always terminated. */
    char big[600];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ank__fail(&e, ANK_ERR_IO, "%s", big);
    CHECK_INT(strlen(e.message), ANK_ERROR_MESSAGE_SIZE - 1);
}

void test_buf(void)
{
    ank_buf b = ANK_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        ank__buf_printf(&b, "%d,", i);
    CHECK(!b.failed);
    CHECK_INT(b.data[b.len], '\0');
    CHECK(strncmp(b.data, "0,1,2,", 6) == 0);
    /* A formatted piece longer than the internal small buffer. */
    char long_text[300];
    memset(long_text, 'z', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    size_t before = b.len;
    ank__buf_printf(&b, "<%s>", long_text);
    CHECK_INT(b.len - before, 301);
    size_t len = 0;
    char *text = ank__buf_take(&b, &len);
    CHECK(text != NULL);
    CHECK_INT(len, strlen(text));
    CHECK(b.data == NULL && b.len == 0);
    ank__free(text);

    /* An empty buffer still hands over a terminated string. */
    ank_buf empty = ANK_BUF_INIT;
    size_t elen = 99;
    char *etext = ank__buf_take(&empty, &elen);
    CHECK(etext != NULL && etext[0] == '\0' && elen == 0);
    ank__free(etext);

    /* After a failed allocation, appends are ignored and take gives NULL. */
    ank_buf f = ANK_BUF_INIT;
    ank__alloc_fail_after(1);
    ank__buf_puts(&f, "hello");
    ank__alloc_fail_after(0);
    CHECK(f.failed);
    ank__buf_puts(&f, "more");
    CHECK_INT(f.len, 0);
    CHECK(ank__buf_take(&f, NULL) == NULL);
}

void test_arena(void)
{
    ank_arena a = ANK_ARENA_INIT;
    char *p = ank__arena_alloc(&a, 3);
    CHECK(p != NULL && ((uintptr_t)p & 7) == 0);
    int *q = ank__arena_alloc(&a, 4 * sizeof *q);
    CHECK(q != NULL && ((uintptr_t)q & 7) == 0);
    CHECK(q[0] == 0 && q[3] == 0);
    q[0] = 7;
    /* The newest allocation grows in place. */
    int *q2 = ank__arena_grow(&a, q, 4 * sizeof *q, 8 * sizeof *q);
    CHECK(q2 == q);
    CHECK(q2[0] == 7 && q2[7] == 0);
    /* An older one is copied. */
    char *r = ank__arena_alloc(&a, 5);
    CHECK(r != NULL);
    int *q3 = ank__arena_grow(&a, q2, 8 * sizeof *q2, 16 * sizeof *q2);
    CHECK(q3 != q2 && q3[0] == 7 && q3[15] == 0);
    /* Large allocations get a block of their own. */
    char *big = ank__arena_alloc(&a, 1 << 20);
    CHECK(big != NULL);
    big[(1 << 20) - 1] = 1;
    CHECK_STR(ank__arena_strndup(&a, "abcdef", 3), "abc");
    CHECK(ank__arena_reserved(&a) > (1 << 20));
    ank__arena_release(&a);
    CHECK(a.head == NULL);
    ank__arena_release(&a); /* twice is harmless */

    /* A block of its own goes behind the newest, whose room stays in use
     * and whose newest allocation still grows in place. */
    enum { LARGE = ANK_ARENA_FIRST_BLOCK + 8 }; /* over half the next */
    ank_arena c = ANK_ARENA_INIT;
    char *s = ank__arena_alloc(&c, 16);
    size_t one = ank__arena_reserved(&c);
    char *large = ank__arena_alloc(&c, LARGE);
    CHECK(s != NULL && large != NULL);
    memset(large, 1, LARGE);
    CHECK(ank__arena_reserved(&c) - one > LARGE);
    CHECK(ank__arena_reserved(&c) - one < LARGE + 64);
    char *t = ank__arena_alloc(&c, 16);
    CHECK(t == s + 16);
    CHECK(ank__arena_grow(&c, t, 16, 64) == t);
    CHECK(large[0] == 1 && large[LARGE - 1] == 1);
    ank__arena_release(&c);

    /* Blocks double up to max_size, and no further. */
    ank_arena d = {NULL, 0, 2 * ANK_ARENA_FIRST_BLOCK};
    for (int i = 0; i < 64; i++)
        CHECK(ank__arena_alloc(&d, 256) != NULL);
    /* 16 KB in a block of 2 KB, then four of 4 KB (not 8 and 16 KB) */
    CHECK(ank__arena_reserved(&d) >= 9 * ANK_ARENA_FIRST_BLOCK);
    CHECK(ank__arena_reserved(&d) < 9 * ANK_ARENA_FIRST_BLOCK + 5 * 64);
    ank__arena_release(&d);
}
