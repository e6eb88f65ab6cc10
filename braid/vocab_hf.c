/*
 * vocab_hf.c - reading a Hugging Face tokenizer.json: the model's tokens
 * (BPE object or Unigram list) and the added tokens, each decoded to its
 * exact bytes the way the file's decoder would (byte level through GPT-2's
 * byte-to-unicode table, or SentencePiece style), into the loader's
 * entries.  vocab.c checks the ids and builds the vocabulary.
 */
#include "vocab_hf.h"

#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/text.h"

/* --------------------------------------------------- token decoding */

typedef enum decoding { DEC_BYTE_LEVEL, DEC_SENTENCEPIECE } decoding;

/* The inverse of GPT-2's bytes_to_unicode: printable Latin-1 bytes stand
 * for themselves, the other 68 bytes for U+0100 + their rank. */
static void byte_level_table(int16_t inv[324])
{
    for (int i = 0; i < 324; i++)
        inv[i] = -1;
    int extra = 0;
    for (int b = 0; b < 256; b++) {
        bool printable = (b >= 0x21 && b <= 0x7E) ||
                         (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
        if (printable)
            inv[b] = (int16_t)b;
        else
            inv[256 + extra++] = (int16_t)b;
    }
}

/* Append the bytes a token's text stands for.  Byte level: every code
 * point through the table, or, when one is not in it, the text's own
 * UTF-8 (as the Hugging Face ByteLevel decoder does).  SentencePiece:
 * <0xXX> is that byte, U+2581 a space. */
static void decode_token(ank_vocab_loader *l, decoding dec, const int16_t *inv,
                         const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (dec == DEC_BYTE_LEVEL) {
        size_t start = l->pool.len;
        for (size_t i = 0; i < n;) {
            uint32_t cp;
            size_t len = ank__utf8_decode(u + i, n - i, &cp);
            if (!len || cp >= 324 || inv[cp] < 0) {
                l->pool.len = start; /* fall back to the raw text */
                if (l->pool.data)
                    l->pool.data[start] = '\0';
                ank__buf_append(&l->pool, s, n);
                return;
            }
            ank__buf_putc(&l->pool, (char)inv[cp]);
            i += len;
        }
        return;
    }
    static const char hex[] = "0123456789ABCDEF";
    if (n == 6 && memcmp(s, "<0x", 3) == 0 && s[5] == '>' &&
        strchr(hex, s[3]) && strchr(hex, s[4]) && s[3] && s[4]) {
        int hi = (int)(strchr(hex, s[3]) - hex);
        int lo = (int)(strchr(hex, s[4]) - hex);
        ank__buf_putc(&l->pool, (char)(hi * 16 + lo));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x96 &&
            u[i + 2] == 0x81) {
            ank__buf_putc(&l->pool, ' ');
            i += 2;
        } else {
            ank__buf_putc(&l->pool, s[i]);
        }
    }
}

/* --------------------------------------------------- tokenizer.json */

/* Does the decoder or pre-tokenizer description `j` (nested through
 * "decoders" / "pretokenizers" lists) have a part of type `type`? */
static bool has_part(const json_t *j, const char *type)
{
    if (!json_is_object(j))
        return false;
    const char *t = json_string_value(json_object_get(j, "type"));
    if (t && strcmp(t, type) == 0)
        return true;
    const char *lists[] = {"decoders", "pretokenizers"};
    for (size_t k = 0; k < 2; k++) {
        const json_t *a = json_object_get(j, lists[k]);
        for (size_t i = 0; i < json_array_size(a); i++)
            if (has_part(json_array_get(a, i), type))
                return true;
    }
    return false;
}

/* Does the decoder replace U+2581 (SentencePiece's space)? */
static bool replaces_metaspace(const json_t *j)
{
    if (!json_is_object(j))
        return false;
    const char *t = json_string_value(json_object_get(j, "type"));
    if (t && strcmp(t, "Replace") == 0) {
        const json_t *p = json_object_get(j, "pattern");
        const char *s = json_string_value(json_object_get(p, "String"));
        if (s && strcmp(s, "\xE2\x96\x81") == 0)
            return true;
    }
    const json_t *a = json_object_get(j, "decoders");
    for (size_t i = 0; i < json_array_size(a); i++)
        if (replaces_metaspace(json_array_get(a, i)))
            return true;
    return false;
}

/* An id from JSON: an integer in [0, ANK_VOCAB_MAX_SIZE). */
static bool json_id(ank_vocab_loader *l, const json_t *v, const char *near,
                    const char *what, uint32_t *id)
{
    char q[64];
    ank__vocab_quote(q, sizeof q, near);
    if (!json_is_integer(v)) {
        ank__vocab_fail(l, ANK_ERR_FORMAT, near,
                        "%s \"%s\": the id is not an integer", what, q);
        return false;
    }
    json_int_t x = json_integer_value(v);
    if (x < 0 || x >= (json_int_t)ANK_VOCAB_MAX_SIZE) {
        ank__vocab_fail(l, ANK_ERR_FORMAT, near,
                        "%s \"%s\": id %lld is out of range (0 to %u)", what,
                        q, (long long)x, ANK_VOCAB_MAX_SIZE - 1);
        return false;
    }
    *id = (uint32_t)x;
    return true;
}

static void read_model(ank_vocab_loader *l, const json_t *model, decoding dec,
                       const int16_t *inv)
{
    const char *type = json_string_value(json_object_get(model, "type"));
    const json_t *vocab = json_object_get(model, "vocab");
    if (type && strcmp(type, "Unigram") == 0) {
        if (!json_is_array(vocab)) {
            ank__vocab_fail(l, ANK_ERR_FORMAT, "vocab",
                            "model.vocab of a Unigram model must be an array");
            return;
        }
        for (size_t i = 0; i < json_array_size(vocab) && !l->status; i++) {
            const json_t *piece = json_array_get(json_array_get(vocab, i), 0);
            if (!json_is_string(piece)) {
                ank__vocab_fail(l, ANK_ERR_FORMAT, "vocab",
                                "model.vocab[%zu] must be [piece, score]", i);
                return;
            }
            if (i >= ANK_VOCAB_MAX_SIZE) {
                ank__vocab_fail(l, ANK_ERR_FORMAT, "vocab",
                                "model.vocab has more than %u pieces",
                                ANK_VOCAB_MAX_SIZE);
                return;
            }
            ank_vocab_entry *e =
                ank__vocab_entry_add(l, (uint32_t)i, json_string_value(piece));
            if (!e)
                return;
            decode_token(l, dec, inv, json_string_value(piece),
                         json_string_length(piece));
            ank__vocab_entry_end(l, e);
        }
        return;
    }
    if (!json_is_object(vocab)) {
        ank__vocab_fail(l, ANK_ERR_FORMAT, "vocab",
                        "model.vocab of a BPE model must be an object");
        return;
    }
    const char *key;
    size_t klen;
    json_t *value;
    json_object_keylen_foreach((json_t *)vocab, key, klen, value)
    {
        uint32_t id;
        if (!json_id(l, value, key, "model.vocab token", &id))
            return;
        ank_vocab_entry *e = ank__vocab_entry_add(l, id, key);
        if (!e)
            return;
        decode_token(l, dec, inv, key, klen);
        ank__vocab_entry_end(l, e);
    }
}

static void read_added(ank_vocab_loader *l, const json_t *added, decoding dec,
                       const int16_t *inv)
{
    if (added && !json_is_array(added)) {
        ank__vocab_fail(l, ANK_ERR_FORMAT, "added_tokens",
                        "added_tokens must be an array");
        return;
    }
    for (size_t i = 0; i < json_array_size(added) && !l->status; i++) {
        const json_t *t = json_array_get(added, i);
        const json_t *content = json_object_get(t, "content");
        if (!json_is_string(content)) {
            ank__vocab_fail(l, ANK_ERR_FORMAT, "added_tokens",
                            "added_tokens[%zu] has no \"content\" string", i);
            return;
        }
        uint32_t id;
        if (!json_id(l, json_object_get(t, "id"), json_string_value(content),
                     "added token", &id))
            return;
        ank_vocab_entry *e =
            ank__vocab_entry_add(l, id, json_string_value(content));
        if (!e)
            return;
        e->added = true;
        e->flags |= TOK_ADDED;
        if (json_is_true(json_object_get(t, "special")))
            e->flags |= TOK_SPECIAL;
        decode_token(l, dec, inv, json_string_value(content),
                     json_string_length(content));
        ank__vocab_entry_end(l, e);
    }
}

/* Blank the contents of every "merges" array (to spaces, so offsets stay
 * those of the text): half of a BPE file is merges, which masks never
 * need, and parsing them would double the load time.  A lexical scan:
 * only a key outside strings counts.  Text that is not JSON is left to
 * the parser to report. */
static void blank_merges(char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i] != '"')
            continue;
        size_t start = ++i;
        while (i < n && t[i] != '"')
            i += t[i] == '\\' ? 2 : 1;
        if (i >= n)
            return;
        if (i - start != 6 || memcmp(t + start, "merges", 6) != 0)
            continue;
        size_t k = i + 1;
        while (k < n && strchr(" \t\r\n", t[k]) && t[k])
            k++;
        if (k >= n || t[k] != ':')
            continue;
        for (k++; k < n && strchr(" \t\r\n", t[k]) && t[k];)
            k++;
        if (k >= n || t[k] != '[')
            continue;
        size_t open = k, depth = 0, end = n;
        for (; k < n; k++) {
            char c = t[k];
            if (c == '"') {
                for (k++; k < n && t[k] != '"';)
                    k += t[k] == '\\' ? 2 : 1;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                end = k;
                break;
            }
        }
        if (end == n)
            return;
        memset(t + open + 1, ' ', end - open - 1);
        i = end;
    }
}

void ank__vocab_read_hf(ank_vocab_loader *l)
{
    json_error_t je;
    char *copy = ank__malloc(l->length + 1);
    if (!copy) {
        ank__vocab_nomem(l);
        return;
    }
    memcpy(copy, l->text, l->length);
    blank_merges(copy, l->length);
    json_t *doc = json_loadb(copy, l->length, JSON_REJECT_DUPLICATES, &je);
    ank__free(copy);
    if (!doc) {
        l->status = ank__error_set(l->error, ANK_ERR_JSON, (uint32_t)je.line,
                                   (uint32_t)je.column, je.position,
                                   "tokenizer.json: %s", je.text);
        return;
    }
    const json_t *model = json_object_get(doc, "model");
    const char *type = json_string_value(json_object_get(model, "type"));
    const json_t *decoder = json_object_get(doc, "decoder");
    const json_t *pre = json_object_get(doc, "pre_tokenizer");
    if (!json_is_object(doc) || !json_is_object(model)) {
        ank__vocab_fail(
            l, ANK_ERR_FORMAT, NULL,
            "tokenizer.json: no \"model\" object (is this a Hugging Face "
            "tokenizer.json?)");
    } else if (!type ||
               (strcmp(type, "BPE") != 0 && strcmp(type, "Unigram") != 0)) {
        char q[64];
        ank__vocab_quote(q, sizeof q, type ? type : "(none)");
        ank__vocab_fail(
            l, ANK_ERR_FORMAT, type,
            "tokenizer.json: model type \"%s\" is not supported (BPE and "
            "Unigram are)",
            q);
    } else {
        decoding dec;
        if (has_part(decoder, "ByteLevel") || has_part(pre, "ByteLevel"))
            dec = DEC_BYTE_LEVEL;
        else if (strcmp(type, "Unigram") == 0 ||
                 has_part(decoder, "ByteFallback") ||
                 has_part(decoder, "Metaspace") ||
                 has_part(pre, "Metaspace") || replaces_metaspace(decoder) ||
                 json_is_true(json_object_get(model, "byte_fallback")))
            dec = DEC_SENTENCEPIECE;
        else {
            ank__vocab_fail(
                l, ANK_ERR_FORMAT, type,
                "tokenizer.json: cannot tell how tokens map to bytes (no "
                "ByteLevel, Metaspace or ByteFallback part, no "
                "byte_fallback)");
            json_decref(doc);
            return;
        }
        int16_t inv[324];
        byte_level_table(inv);
        read_model(l, model, dec, inv);
        if (!l->status)
            read_added(l, json_object_get(doc, "added_tokens"), dec, inv);
    }
    l->doc = doc; /* names point into it: freed once the vocab is built */
}
