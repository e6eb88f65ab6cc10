/*
 * vocab.c - loading a tokenizer's vocabulary: Hugging Face tokenizer.json
 * (BPE or Unigram; byte-level or SentencePiece-style token text) or a
 * plain escaped list, every token decoded to its exact bytes, EOS ids
 * detected or configured, and the byte order with common prefixes that
 * mask computations walk.  vocab_hf.c reads tokenizer.json; this file
 * reads lists, checks ids and builds the vocabulary.
 *
 * Invariants: token `id` (< ntok) has the bytes pool[off[id], off[id+1])
 * when flags[id] has TOK_PRESENT; ids in [ntok, size) are unused.  EOS
 * tokens are special.  order_ids lists the present, non-special, non-empty
 * tokens in memcmp order (shorter first on ties, then by id),
 * order_lcp[i] is the common prefix of entries i - 1 and i, and
 * order_next[i] the first entry after i with a smaller order_lcp.
 */
#include "vocab.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../ffi/alloc.h"
#include "../ffi/text.h"
#include "vocab_hf.h"

#define NONE UINT32_MAX
#define MAX_FILE ((size_t)1 << 30)

struct ank_vocab {
    uint32_t size; /* ids masks cover */
    uint32_t ntok; /* one past the largest id with a token */
    uint32_t *off; /* ntok + 1 offsets into pool */
    uint8_t *pool;
    uint8_t *flags; /* ntok */
    uint32_t *eos;
    size_t neos;
    uint32_t *order_ids, *order_lcp, *order_next;
    ank_token_order order;
    size_t max_len;
};

/* The tokens the end of a text is detected by, when none are configured. */
static const char *const default_eos[] = {
    "<|end_of_text|>", "<|eot_id|>", "<|endoftext|>",
    "<|im_end|>",      "</s>",       "<eos>",
    "<|end|>",         NULL};

/* ------------------------------------------------------------ errors */

/* Line and column (1-based, bytes) of offset `at` in the text. */
static void line_col(const ank_vocab_loader *l, size_t at, uint32_t *line,
                     uint32_t *col)
{
    uint32_t ln = 1;
    size_t start = 0;
    for (size_t i = 0; i < at && i < l->length; i++)
        if (l->text[i] == '\n') {
            ln++;
            start = i + 1;
        }
    *line = ln;
    *col = (uint32_t)(at - start + 1);
}

/* The offset of the first JSON string literal spelling `s`, or -1.  Only
 * the escapes a writer must use are tried (\" \\ and control
 * characters), which is how tokenizer.json files are written. */
static int64_t find_string(const ank_vocab_loader *l, const char *s)
{
    if (!s || !l->text)
        return -1;
    ank_buf q = ANK_BUF_INIT;
    ank__buf_putc(&q, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            ank__buf_putc(&q, '\\');
            ank__buf_putc(&q, (char)*p);
        } else if (*p == '\n') {
            ank__buf_puts(&q, "\\n");
        } else if (*p == '\t') {
            ank__buf_puts(&q, "\\t");
        } else if (*p == '\r') {
            ank__buf_puts(&q, "\\r");
        } else if (*p < 0x20) {
            ank__buf_printf(&q, "\\u%04x", *p);
        } else {
            ank__buf_putc(&q, (char)*p);
        }
    }
    ank__buf_putc(&q, '"');
    int64_t at = -1;
    if (!q.failed && q.len <= l->length) {
        for (size_t i = 0; i + q.len <= l->length; i++) {
            const char *hit = memchr(l->text + i, '"', l->length - i);
            if (!hit || (size_t)(hit - l->text) + q.len > l->length)
                break;
            i = (size_t)(hit - l->text);
            if (memcmp(hit, q.data, q.len) == 0) {
                at = (int64_t)i;
                break;
            }
        }
    }
    ank__buf_release(&q);
    return at;
}

/* Fail with `code`, located at the string literal `near` when found. */
ank_status ank__vocab_fail(ank_vocab_loader *l, ank_status code,
                           const char *near, const char *format, ...)
{
    if (l->status != ANK_OK)
        return l->status;
    char msg[ANK_ERROR_MESSAGE_SIZE];
    va_list args;
    va_start(args, format);
    vsnprintf(msg, sizeof msg, format, args);
    va_end(args);
    int64_t at = find_string(l, near);
    uint32_t line = 0, col = 0;
    if (at >= 0)
        line_col(l, (size_t)at, &line, &col);
    l->status = ank__error_set(l->error, code, line, col, at, "%s", msg);
    return l->status;
}

ank_status ank__vocab_nomem(ank_vocab_loader *l)
{
    if (l->status == ANK_OK)
        l->status = ank__fail(l->error, ANK_ERR_NOMEM, "out of memory");
    return l->status;
}

/* A short printable form of a token's text for messages. */
void ank__vocab_quote(char *out, size_t cap, const char *s)
{
    size_t n = 0;
    for (; s && *s && n + 5 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == '"' || c == '\\')
            n += (size_t)snprintf(out + n, cap - n, "\\x%02X", c);
        else
            out[n++] = (char)c;
    }
    if (s && *s && n + 4 < cap)
        n += (size_t)snprintf(out + n, cap - n, "...");
    out[n] = '\0';
}

/* ----------------------------------------------------------- entries */

ank_vocab_entry *ank__vocab_entry_add(ank_vocab_loader *l, uint32_t id,
                                      const char *name)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        ank_vocab_entry *e = ank__realloc(l->e, cap * sizeof *e);
        if (!e) {
            ank__vocab_nomem(l);
            return NULL;
        }
        l->e = e;
        l->cap = cap;
    }
    if (l->pool.len > UINT32_MAX - 4096) {
        ank__vocab_fail(l, ANK_ERR_LIMIT, NULL,
                        "the tokens' bytes exceed 4 GiB");
        return NULL;
    }
    ank_vocab_entry *e = &l->e[l->n++];
    memset(e, 0, sizeof *e);
    e->id = id;
    e->off = (uint32_t)l->pool.len;
    e->flags = TOK_PRESENT;
    e->name = name;
    return e;
}

void ank__vocab_entry_end(ank_vocab_loader *l, ank_vocab_entry *e)
{
    e->len = (uint32_t)(l->pool.len - e->off);
}

/* ------------------------------------------------------- plain list */

/* Line n is token n; a line ending in CR LF loses the CR (a token ending
 * in CR is written with \r). */
static void read_list(ank_vocab_loader *l)
{
    uint32_t id = 0;
    for (size_t i = 0; i < l->length && !l->status; id++) {
        const char *nl = memchr(l->text + i, '\n', l->length - i);
        size_t end = nl ? (size_t)(nl - l->text) : l->length;
        size_t stop = end;
        if (stop > i && l->text[stop - 1] == '\r')
            stop--;
        if (id >= ANK_VOCAB_MAX_SIZE) {
            l->status = ank__error_set(
                l->error, ANK_ERR_FORMAT, id + 1, 1, (int64_t)i,
                "the list has more than %u lines", ANK_VOCAB_MAX_SIZE);
            return;
        }
        if (stop > i) {
            ank_vocab_entry *e = ank__vocab_entry_add(l, id, NULL);
            if (!e)
                return;
            for (size_t k = i; k < stop; k++) {
                char c = l->text[k];
                if (c != '\\') {
                    ank__buf_putc(&l->pool, c);
                    continue;
                }
                char x = k + 1 < stop ? l->text[k + 1] : '\0';
                int h1 = k + 2 < stop ? ank__hex_value(l->text[k + 2]) : -1;
                int h2 = k + 3 < stop ? ank__hex_value(l->text[k + 3]) : -1;
                if (x == '\\' || x == 'n' || x == 'r' || x == 't') {
                    ank__buf_putc(&l->pool, x == 'n'   ? '\n'
                                            : x == 'r' ? '\r'
                                            : x == 't' ? '\t'
                                                       : '\\');
                    k++;
                } else if (x == 'x' && h1 >= 0 && h2 >= 0) {
                    ank__buf_putc(&l->pool, (char)(h1 * 16 + h2));
                    k += 3;
                } else {
                    l->status = ank__error_set(
                        l->error, ANK_ERR_FORMAT, id + 1,
                        (uint32_t)(k - i + 1), (int64_t)k,
                        "token %u: bad escape (use \\\\, \\n, \\r, \\t or "
                        "\\xHH)",
                        id);
                    return;
                }
            }
            ank__vocab_entry_end(l, e);
        }
        i = end + 1;
    }
}

/* -------------------------------------------------------- building */

typedef struct sort_item {
    const uint8_t *p;
    uint32_t len, id;
} sort_item;

static int cmp_item(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    uint32_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->p, y->p, n) : 0;
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static bool build_order(ank_vocab *v)
{
    uint32_t n = 0;
    for (uint32_t id = 0; id < v->ntok; id++)
        n += (v->flags[id] & (TOK_PRESENT | TOK_SPECIAL)) == TOK_PRESENT &&
             v->off[id + 1] > v->off[id];
    sort_item *it = ank__malloc((n + 1) * sizeof *it);
    v->order_ids = ank__malloc((n + 1) * sizeof(uint32_t));
    v->order_lcp = ank__malloc((n + 1) * sizeof(uint32_t));
    v->order_next = ank__malloc((n + 1) * sizeof(uint32_t));
    if (!it || !v->order_ids || !v->order_lcp || !v->order_next) {
        ank__free(it);
        return false;
    }
    n = 0;
    for (uint32_t id = 0; id < v->ntok; id++)
        if ((v->flags[id] & (TOK_PRESENT | TOK_SPECIAL)) == TOK_PRESENT &&
            v->off[id + 1] > v->off[id])
            it[n++] = (sort_item){v->pool + v->off[id],
                                  v->off[id + 1] - v->off[id], id};
    qsort(it, n, sizeof *it, cmp_item);
    for (uint32_t i = 0; i < n; i++) {
        v->order_ids[i] = it[i].id;
        uint32_t k = 0;
        if (i > 0) {
            uint32_t m = it[i].len < it[i - 1].len ? it[i].len : it[i - 1].len;
            while (k < m && it[i].p[k] == it[i - 1].p[k])
                k++;
        }
        v->order_lcp[i] = k;
    }
    ank__free(it);
    /* from the right, following the links already made: amortized
     * linear (each link followed is passed over for good) */
    uint32_t *next = v->order_next, *lcp = v->order_lcp;
    for (uint32_t i = n; i-- > 0;) {
        uint32_t j = i + 1;
        while (j < n && lcp[j] >= lcp[i])
            j = next[j];
        next[i] = j;
    }
    v->order = (ank_token_order){n, v->order_ids, v->order_lcp, next};
    return true;
}

static bool same_bytes(const ank_vocab *v, uint32_t id, const char *s,
                       size_t n)
{
    return (v->flags[id] & TOK_PRESENT) && v->off[id + 1] - v->off[id] == n &&
           memcmp(v->pool + v->off[id], s, n) == 0;
}

static void mark_eos(ank_vocab *v, uint32_t id)
{
    v->flags[id] |= TOK_EOS | TOK_SPECIAL;
}

/* Configured EOS tokens, or the detected ones; then the sorted list.
 * Detection in a tokenizer.json looks at added tokens only: a model token
 * spelled like an EOS name is ordinary text (Qwen's vocabulary has a BPE
 * token "</s>"). */
static ank_status set_eos(ank_vocab *v, const ank_vocab_options *o, bool hf,
                          ank_error *error)
{
    bool configured = o && (o->eos_count || o->eos_tokens);
    for (size_t i = 0; configured && i < o->eos_count; i++) {
        uint32_t id = o->eos_ids ? o->eos_ids[i] : NONE;
        if (id >= v->ntok || !(v->flags[id] & TOK_PRESENT))
            return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                             "EOS id %u is not a token of the vocabulary", id);
        mark_eos(v, id);
    }
    static const char *const none[] = {NULL};
    const char *const *names =
        configured ? (o->eos_tokens ? o->eos_tokens : none) : default_eos;
    for (size_t k = 0; names[k]; k++) {
        size_t n = strlen(names[k]);
        bool found = false;
        for (uint32_t id = 0; id < v->ntok; id++)
            if (same_bytes(v, id, names[k], n) &&
                (configured || !hf || (v->flags[id] & TOK_ADDED))) {
                mark_eos(v, id);
                found = true;
            }
        if (configured && !found) {
            char q[64];
            ank__vocab_quote(q, sizeof q, names[k]);
            return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                             "EOS token \"%s\" is not in the vocabulary", q);
        }
    }
    size_t n = 0;
    for (uint32_t id = 0; id < v->ntok; id++)
        n += (v->flags[id] & TOK_EOS) != 0;
    v->eos = ank__malloc((n + 1) * sizeof(uint32_t));
    if (!v->eos)
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    for (uint32_t id = 0; id < v->ntok; id++)
        if (v->flags[id] & TOK_EOS)
            v->eos[v->neos++] = id;
    return ANK_OK;
}

/* Entries -> vocabulary: one token per id (an added token may repeat a
 * model token with the same text), bytes in id order. */
static ank_vocab *build(ank_vocab_loader *l, const ank_vocab_options *o)
{
    if (l->n == 0) {
        ank__vocab_fail(l, ANK_ERR_FORMAT, NULL,
                        "the vocabulary has no tokens");
        return NULL;
    }
    uint32_t ntok = 0;
    for (size_t k = 0; k < l->n; k++)
        if (l->e[k].id + 1 > ntok)
            ntok = l->e[k].id + 1;
    uint32_t *slot = ank__malloc((size_t)ntok * sizeof(uint32_t));
    ank_vocab *v = ank__calloc(1, sizeof *v);
    if (!slot || !v) {
        ank__free(slot);
        ank__free(v);
        ank__vocab_nomem(l);
        return NULL;
    }
    memset(slot, 0xFF, (size_t)ntok * sizeof(uint32_t));
    const uint8_t *pool = (const uint8_t *)l->pool.data;
    for (size_t k = 0; k < l->n && !l->status; k++) {
        ank_vocab_entry *e = &l->e[k];
        uint32_t j = slot[e->id];
        if (j == NONE) {
            slot[e->id] = (uint32_t)k;
            continue;
        }
        ank_vocab_entry *f = &l->e[j];
        if ((e->added || f->added) && e->len == f->len &&
            memcmp(pool + e->off, pool + f->off, e->len) == 0) {
            f->flags |= e->flags;
            continue;
        }
        char a[48], b[48];
        ank__vocab_quote(a, sizeof a, f->name);
        ank__vocab_quote(b, sizeof b, e->name);
        ank__vocab_fail(l, ANK_ERR_FORMAT, e->name,
                        "duplicate id %u: tokens \"%s\" and \"%s\"", e->id, a,
                        b);
    }
    v->ntok = ntok;
    v->size = ntok;
    if (!l->status && o && o->size) {
        if (o->size < ntok)
            l->status = ank__fail(l->error, ANK_ERR_INVALID_ARGUMENT,
                                  "size %u is smaller than the vocabulary's "
                                  "%u ids",
                                  o->size, ntok);
        else
            v->size = o->size;
    }
    if (!l->status) {
        v->off = ank__malloc(((size_t)ntok + 1) * sizeof(uint32_t));
        v->flags = ank__calloc(ntok, 1);
        v->pool = ank__malloc(l->pool.len + 1);
        if (!v->off || !v->flags || !v->pool)
            ank__vocab_nomem(l);
    }
    if (!l->status) {
        uint32_t at = 0;
        for (uint32_t id = 0; id < ntok; id++) {
            v->off[id] = at;
            if (slot[id] == NONE)
                continue;
            const ank_vocab_entry *e = &l->e[slot[id]];
            if (e->len)
                memcpy(v->pool + at, pool + e->off, e->len);
            at += e->len;
            v->flags[id] = e->flags;
            if (e->len > v->max_len)
                v->max_len = e->len;
        }
        v->off[ntok] = at;
        l->status = set_eos(v, o, l->doc != NULL, l->error);
    }
    if (!l->status && !build_order(v))
        ank__vocab_nomem(l);
    ank__free(slot);
    if (l->status) {
        ank_vocab_free(v);
        return NULL;
    }
    return v;
}

/* ------------------------------------------------------------- API */

ANK_API ank_status ank_vocab_load_text(const char *text, size_t length,
                                       const ank_vocab_options *options,
                                       ank_vocab **out, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!out || (!text && length))
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_vocab_load_text: %s is NULL",
                         out ? "text" : "out");
    unsigned format = options ? options->format : ANK_VOCAB_AUTO;
    if (format > ANK_VOCAB_LIST)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "unknown vocabulary format %u", format);
    if (options && options->eos_count && !options->eos_ids)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "eos_count is %zu but eos_ids is NULL",
                         options->eos_count);
    if (length > MAX_FILE)
        return ank__fail(error, ANK_ERR_TOO_LARGE,
                         "the vocabulary is larger than 1 GiB");
    if (format == ANK_VOCAB_AUTO) {
        size_t i = 0;
        while (i < length && strchr(" \t\r\n", text[i]) && text[i])
            i++;
        format = i < length && text[i] == '{' ? ANK_VOCAB_HF : ANK_VOCAB_LIST;
    }
    ank_vocab_loader l = {.text = text, .length = length, .error = error};
    if (format == ANK_VOCAB_HF)
        ank__vocab_read_hf(&l);
    else
        read_list(&l);
    if (!l.status && l.pool.failed)
        ank__vocab_nomem(&l);
    ank_vocab *v = l.status ? NULL : build(&l, options);
    json_decref(l.doc);
    ank__free(l.e);
    ank__buf_release(&l.pool);
    *out = v;
    return l.status;
}

ANK_API ank_status ank_vocab_load(const char *path,
                                  const ank_vocab_options *options,
                                  ank_vocab **out, ank_error *error)
{
    ank__error_clear(error);
    if (out)
        *out = NULL;
    if (!path || !out)
        return ank__fail(error, ANK_ERR_INVALID_ARGUMENT,
                         "ank_vocab_load: %s is NULL", path ? "out" : "path");
    FILE *f = fopen(path, "rb");
    if (!f)
        return ank__fail(error,
                         errno == ENOENT ? ANK_ERR_NOT_FOUND : ANK_ERR_IO,
                         "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return ank__fail(error, ANK_ERR_IO, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size > MAX_FILE) {
        fclose(f);
        return ank__fail(error, ANK_ERR_TOO_LARGE, "%s: larger than 1 GiB",
                         path);
    }
    size_t size = (size_t)st.st_size;
    char *data = ank__malloc(size + 1);
    if (!data) {
        fclose(f);
        return ank__fail(error, ANK_ERR_NOMEM, "out of memory");
    }
    size_t got = fread(data, 1, size, f);
    bool bad = ferror(f) != 0 || got != size;
    fclose(f);
    ank_status s = bad ? ank__fail(error, ANK_ERR_IO, "%s: read error", path)
                       : ank_vocab_load_text(data, size, options, out, error);
    ank__free(data);
    return s;
}

ANK_API void ank_vocab_free(ank_vocab *v)
{
    if (!v)
        return;
    ank__free(v->off);
    ank__free(v->pool);
    ank__free(v->flags);
    ank__free(v->eos);
    ank__free(v->order_ids);
    ank__free(v->order_lcp);
    ank__free(v->order_next);
    ank__free(v);
}

ANK_API uint32_t ank_vocab_size(const ank_vocab *v) { return v ? v->size : 0; }

ANK_API const char *ank_vocab_token(const ank_vocab *v, uint32_t id,
                                    size_t *length, int *special)
{
    size_t n = 0;
    const uint8_t *p = v ? ank__vocab_bytes(v, id, &n) : NULL;
    if (length)
        *length = n;
    if (special)
        *special = p && (v->flags[id] & TOK_SPECIAL) != 0;
    return (const char *)p;
}

ANK_API const uint32_t *ank_vocab_eos(const ank_vocab *v, size_t *count)
{
    if (count)
        *count = v ? v->neos : 0;
    return v ? v->eos : NULL;
}

/* ------------------------------------------------------ internal API */

uint32_t ank__vocab_size(const ank_vocab *v) { return v->size; }

const uint8_t *ank__vocab_bytes(const ank_vocab *v, uint32_t id, size_t *len)
{
    if (id >= v->ntok || !(v->flags[id] & TOK_PRESENT)) {
        *len = 0;
        return NULL;
    }
    *len = v->off[id + 1] - v->off[id];
    return v->pool + v->off[id];
}

bool ank__vocab_special(const ank_vocab *v, uint32_t id)
{
    return id < v->ntok && (v->flags[id] & TOK_SPECIAL);
}

bool ank__vocab_eos_id(const ank_vocab *v, uint32_t id)
{
    return id < v->ntok && (v->flags[id] & TOK_EOS);
}

const uint32_t *ank__vocab_eos(const ank_vocab *v, size_t *n)
{
    *n = v->neos;
    return v->eos;
}

const ank_token_order *ank__vocab_order(const ank_vocab *v)
{
    return &v->order;
}

size_t ank__vocab_max_len(const ank_vocab *v) { return v->max_len; }
