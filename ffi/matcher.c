/*
 * matcher.c - the public matcher API (ananke.h): one constrained
 * generation over a vocabulary, dispatched to the regex masks
 * (braid/rmatch.h) or the grammar matcher (braid/gmatch.h).
 *
 * Invariants: `hist` holds, for every step accepted since the start or
 * the last reset (a token, a string, an EOS), where the matcher was
 * before it: a regex state or a grammar byte position.  After an EOS
 * nothing more is accepted, so rolling back any step clears termination.
 */
#include <stdbool.h>
#include <string.h>

#include "../braid/gmatch.h"
#include "../braid/rmatch.h"
#include "../braid/vocab.h"
#include "alloc.h"
#include "buf.h"
#include "status.h"

struct ank_matcher {
    const ank_vocab *vocab;
    ank_rgram *rg; /* a regex, or */
    ank_ggram *gg; /* a grammar and its parse */
    ank_gmatch *gm;
    uint32_t state; /* the regex state */
    bool terminated;
    ank_status status; /* why the last call failed, when not the grammar */
    uint64_t *hist;
    size_t nhist, hcap;
};

static ank_status finish_new(ank_matcher *m, ank_matcher **out,
                             ank_error *error)
{
    ank_status s = ANK_OK;
    if (m->gg)
        s = ank__gmatch_new(m->gg, &m->gm, error);
    if (s != ANK_OK) {
        ank_matcher_free(m);
        return s;
    }
    if (m->rg)
        m->state = ank__rgram_start(m->rg);
    *out = m;
    return ANK_OK;
}

ANK_API ank_status ank_matcher_new_text(ank_matcher_kind kind,
                                        const char *text, size_t length,
                                        const ank_vocab *vocab,
                                        ank_matcher **out, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!out || !vocab || (!text && length))
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_matcher_new_text: %s is NULL",
                         !out     ? "out"
                         : !vocab ? "vocab"
                                  : "text");
    if (kind != ANK_MATCHER_GBNF && kind != ANK_MATCHER_REGEX &&
        kind != ANK_MATCHER_REGEX_FORBID)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "unknown matcher kind %d", (int)kind);
    ank_matcher *m = ank__calloc(1, sizeof *m);
    if (!m)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    m->vocab = vocab;
    ank_status s;
    if (kind == ANK_MATCHER_GBNF)
        s = ank__ggram_compile(text ? text : "", length, vocab, &m->gg, error);
    else
        s = ank__rgram_compile(text ? text : "", length,
                               kind == ANK_MATCHER_REGEX ? ANK_RMATCH_FULL
                                                         : ANK_RMATCH_FORBID,
                               vocab, &m->rg, error);
    if (s != ANK_OK) {
        ank_matcher_free(m);
        return s;
    }
    return finish_new(m, out, error);
}

ANK_API ank_status ank_matcher_new(const ank_ir *ir, size_t index,
                                   const ank_vocab *vocab, ank_matcher **out,
                                   ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!ir || !vocab || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_matcher_new: %s is NULL",
                         !ir      ? "ir"
                         : !vocab ? "vocab"
                                  : "out");
    const char *kind = ank_ir_artifact_kind(ir, index);
    if (!kind)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "artifact index %zu is out of range (%zu artifacts)",
                         index, ank_ir_artifact_count(ir));
    size_t n = 0;
    if (strcmp(kind, "regex") == 0) {
        const char *purpose = ank_ir_artifact_purpose(ir, index);
        const char *re = ank_ir_artifact_text(ir, index, ANK_PART_PATTERN, &n);
        if (!re)
            return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                             "regex artifact %zu has no pattern", index);
        bool forbid = purpose && strcmp(purpose, "forbid") == 0;
        return ank_matcher_new_text(forbid ? ANK_MATCHER_REGEX_FORBID
                                           : ANK_MATCHER_REGEX,
                                    re, n, vocab, out, error);
    }
    if (strcmp(kind, "tool") == 0)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "artifact %zu is a tool definition: it has no "
                         "grammar to match",
                         index);
    const char *gbnf = ank_ir_artifact_text(ir, index, ANK_PART_GBNF, &n);
    if (!gbnf)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "%s artifact %zu has no GBNF grammar (compile with "
                         "GBNF emitted; a spec whose completion grammar "
                         "exceeded the limits has none)",
                         kind, index);
    return ank_matcher_new_text(ANK_MATCHER_GBNF, gbnf, n, vocab, out, error);
}

ANK_API void ank_matcher_free(ank_matcher *m)
{
    if (!m)
        return;
    ank__gmatch_free(m->gm);
    ank__ggram_free(m->gg);
    ank__rgram_free(m->rg);
    ank__free(m->hist);
    ank__free(m);
}

static bool can_end(const ank_matcher *m)
{
    if (m->terminated)
        return false;
    return m->rg ? ank__rgram_accepting(m->rg, m->state)
                 : ank__gmatch_can_end(m->gm);
}

/* Record where the matcher is before a step. */
static bool push(ank_matcher *m)
{
    if (m->nhist == m->hcap) {
        size_t cap = m->hcap ? 2 * m->hcap : 64;
        uint64_t *h = ank__realloc(m->hist, cap * sizeof *h);
        if (!h)
            return false;
        m->hist = h;
        m->hcap = cap;
    }
    m->hist[m->nhist++] = m->rg ? m->state : ank__gmatch_position(m->gm);
    return true;
}

/* Feed bytes as one step, all or none. */
static bool feed(ank_matcher *m, const uint8_t *p, size_t n)
{
    if (m->rg) {
        uint32_t s = ank__rgram_feed(m->rg, m->state, p, n);
        if (s == ANK_RMATCH_DEAD)
            return false;
        if (!push(m)) {
            m->status = ANK_ERR_NOMEM;
            return false;
        }
        m->state = s;
        return true;
    }
    if (!push(m)) {
        m->status = ANK_ERR_NOMEM;
        return false;
    }
    if (ank__gmatch_accept(m->gm, p, n))
        return true;
    m->status = ank__gmatch_status(m->gm, NULL);
    m->nhist--;
    return false;
}

ANK_API int ank_matcher_accept_token(ank_matcher *m, uint32_t id)
{
    if (!m)
        return 0;
    m->status = ANK_OK;
    if (m->terminated || id >= ank__vocab_size(m->vocab))
        return 0;
    if (ank__vocab_eos_id(m->vocab, id)) {
        if (!can_end(m))
            return 0;
        if (!push(m)) {
            m->status = ANK_ERR_NOMEM;
            return 0;
        }
        m->terminated = true;
        return 1;
    }
    size_t n;
    const uint8_t *p = ank__vocab_bytes(m->vocab, id, &n);
    if (!p || n == 0 || ank__vocab_special(m->vocab, id))
        return 0;
    return feed(m, p, n);
}

ANK_API int ank_matcher_accept_string(ank_matcher *m, const char *text,
                                      size_t length)
{
    if (!m)
        return 0;
    m->status = ANK_OK;
    if (m->terminated || (!text && length))
        return 0;
    return feed(m, (const uint8_t *)(text ? text : ""), length);
}

ANK_API int ank_matcher_is_terminated(const ank_matcher *m)
{
    return m && m->terminated;
}

ANK_API int ank_matcher_can_end(const ank_matcher *m)
{
    return m && can_end(m);
}

ANK_API void ank_matcher_reset(ank_matcher *m)
{
    if (!m)
        return;
    m->nhist = 0;
    m->terminated = false;
    m->status = ANK_OK;
    if (m->rg)
        m->state = ank__rgram_start(m->rg);
    else
        ank__gmatch_rewind(m->gm, 0);
}

ANK_API ank_status ank_matcher_rollback(ank_matcher *m, size_t steps)
{
    if (!m)
        return ANK_ERR_INVALID_ARGUMENT;
    if (steps > m->nhist)
        return ANK_ERR_INVALID_ARGUMENT;
    if (steps == 0)
        return ANK_OK;
    m->nhist -= steps;
    uint64_t at = m->hist[m->nhist];
    m->terminated = false;
    m->status = ANK_OK;
    if (m->rg)
        m->state = (uint32_t)at;
    else
        ank__gmatch_rewind(m->gm, (size_t)at);
    return ANK_OK;
}

ANK_API ank_status ank_matcher_fill_next_token_bitmask(ank_matcher *m,
                                                       uint32_t *words,
                                                       size_t nwords)
{
    if (!m || !words)
        return ANK_ERR_INVALID_ARGUMENT;
    size_t need = ((size_t)ank__vocab_size(m->vocab) + 31) / 32;
    if (nwords < need)
        return ANK_ERR_INVALID_ARGUMENT;
    m->status = ANK_OK;
    if (m->terminated) {
        memset(words, 0, nwords * sizeof *words);
        return ANK_OK;
    }
    if (m->rg) {
        memcpy(words, ank__rgram_mask(m->rg, m->state), need * sizeof *words);
        memset(words + need, 0, (nwords - need) * sizeof *words);
        return ANK_OK;
    }
    return m->status = ank__gmatch_fill_mask(m->gm, words, nwords);
}

ANK_API ank_status ank_matcher_jump_forward_string(ank_matcher *m, char **out,
                                                   size_t *length,
                                                   ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (length)
        *length = 0;
    if (!m || !out || !length)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_matcher_jump_forward_string: %s is NULL",
                         !m     ? "matcher"
                         : !out ? "out"
                                : "length");
    ank_buf b = ANK_BUF_INIT;
    m->status = ANK_OK;
    if (m->terminated) {
        /* nothing follows an EOS */
    } else if (m->rg) {
        uint32_t s = m->state;
        int c;
        /* a forced path never loops: a loop with no way out would not be
         * live */
        while (!b.failed && (c = ank__rgram_forced(m->rg, s)) >= 0) {
            ank__buf_putc(&b, (char)c);
            s = ank__rgram_step(m->rg, s, (uint8_t)c);
        }
    } else {
        ank__gmatch_forced(m->gm, &b);
        m->status = ank__gmatch_status(m->gm, NULL);
    }
    if (b.failed) {
        ank__buf_release(&b);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    *out = ank__buf_take(&b, length);
    return *out ? ANK_OK : ank__fail(error, ANK_ERR_NOMEM, "out of memory");
}

ANK_API ank_status ank_matcher_status(const ank_matcher *m, ank_error *error)
{
    ank__error_clear(error);
    if (!m)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_matcher_status: matcher is NULL");
    size_t at = 0;
    if (m->gm)
        ank__gmatch_status(m->gm, &at);
    if (m->status == ANK_ERR_LIMIT)
        return ank__fail(error, ANK_ERR_LIMIT,
                         "the grammar's parse went past its limits at byte "
                         "%zu of the text: a grammar this ambiguous keeps "
                         "more parses alive with every byte (a repetition "
                         "of a repeated part?)",
                         at);
    if (m->status != ANK_OK)
        return ank__fail(error, m->status, "out of memory");
    return ANK_OK;
}
