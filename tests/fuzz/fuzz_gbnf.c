/*
 * fuzz_gbnf.c - fuzz target for the GBNF reader and the Earley recognizer
 * under the grammar matcher: the input is a grammar, optionally followed
 * by a NUL byte and a text.  A grammar that does not read must fail with
 * a clean status and message; one that reads is parsed over the text a
 * byte at a time, and every Earley set, whether its closure was computed
 * or copied from its predecessor's, must be what closing it again from
 * its kernel gives (ank__earley_recheck), while the parse is small
 * enough for that check (RECHECK_MAX).  After a refused byte the parse
 * rewinds half way and goes on with the next, so that rewinding is
 * exercised too.  The parse has the budget of one accept of the whole
 * text (gmatch_earley.h), and ends when past it.  Nothing may crash,
 * leak or trip a sanitizer.
 *
 * Built with clang -fsanitize=fuzzer (make fuzz-gbnf) it is a libFuzzer
 * target.  Built without (the default, in make test) it is a replayer:
 *
 *   fuzz_gbnf FILE...
 *
 * runs each file as an input and ends with "fuzz_gbnf: N passed, N failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../braid/gbnf_read.h"
#include "../../braid/gmatch_earley.h"
#include "ananke.h"
#include "replay.h"


/* Texts past this are not parsed: an ambiguous grammar costs a set per
 * byte of up to the whole parse so far. */
#define TEXT_MAX 4096

/* The check closes a set again by scanning each set it completes from
 * (so that the index of large sets is checked against something
 * independent): cubic in the text for an ambiguous grammar.  It stops
 * once the parse holds this many items; the parse goes on. */
#define RECHECK_MAX 8192

/* Parse text with g: non-zero when a set differs from its closure. */
static int parse(const ank_gbnf *g, const uint8_t *text, size_t len)
{
    ank_earley e;
    ank__earley_init(&e, g);
    int bad = 0;
    /* the whole text under the budget of one accept of it */
    if (len > TEXT_MAX)
        len = TEXT_MAX;
    ank__earley_budget(&e, ANK__EARLEY_ACCEPT_WORK +
                               (uint64_t)len * ANK__EARLEY_BYTE_WORK);
    if (ank__earley_start(&e, g->prod_item[g->rule_prod[0]], 0)) {
        bad |= !ank__earley_recheck(&e);
        for (size_t i = 0; i < len && !bad; i++) {
            if (ank__earley_scan(&e, text[i]))
                bad |= e.nitems <= RECHECK_MAX && !ank__earley_recheck(&e);
            else if (ank__earley_failed(&e))
                break;
            else /* refused: go on from half way back */
                ank__earley_pop_to(&e, (e.nsets + 1) / 2);
        }
        (void)ank__earley_can_end(&e);
    }
    ank__earley_release(&e);
    return bad;
}

static int run(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t glen = nul ? (size_t)(nul - data) : size;
    ank_gbnf *g = NULL;
    ank_error err;
    ank_status st = ank__gbnf_read((const char *)data, glen, &g, &err);
    if (st != ANK_OK)
        return (st != ANK_ERR_FORMAT && st != ANK_ERR_LIMIT &&
                st != ANK_ERR_NOMEM) ||
               err.code != st || err.message[0] == '\0' || g != NULL;
    int bad = nul ? parse(g, nul + 1, size - glen - 1) : 0;
    ank__gbnf_free(g);
    return bad;
}

ANK_FUZZ_MAIN("fuzz_gbnf", run)
