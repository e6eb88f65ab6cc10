/*
 * vocab_hf.h - reading a Hugging Face tokenizer.json into a vocabulary
 * loader (vocab_hf.c), and the loader both readers (tokenizer.json and
 * the plain list in vocab.c) fill: the tokens as they are read, before
 * vocab.c checks their ids and builds the vocabulary.
 */
#ifndef ANK_VOCAB_HF_H
#define ANK_VOCAB_HF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../ffi/buf.h"
#include "../ffi/status.h"
#include "vocab.h"

enum { TOK_PRESENT = 1, TOK_SPECIAL = 2, TOK_EOS = 4, TOK_ADDED = 8 };

/* The tokens as they are read, in any id order. */
typedef struct ank_vocab_entry {
    uint32_t id;
    uint32_t off, len; /* bytes in the loader's pool */
    uint8_t flags;
    bool added;       /* from added_tokens */
    const char *name; /* the text as written (NUL-terminated), or NULL */
} ank_vocab_entry;

typedef struct ank_vocab_loader {
    const char *text;
    size_t length;
    ank_error *error;
    ank_status status;
    ank_vocab_entry *e;
    size_t n, cap;
    ank_buf pool;
    json_t *doc; /* a tokenizer.json: entries' names point into it */
} ank_vocab_loader;

/* Read the text as a tokenizer.json (l->text, l->length); on success
 * l->doc holds the parsed document, which the entries' names point into. */
void ank__vocab_read_hf(ank_vocab_loader *l);

/* (vocab.c) A new entry for token `id` whose bytes the caller appends to
 * l->pool and closes with ank__vocab_entry_end; NULL on failure (status
 * set). */
ank_vocab_entry *ank__vocab_entry_add(ank_vocab_loader *l, uint32_t id,
                                      const char *name);
void ank__vocab_entry_end(ank_vocab_loader *l, ank_vocab_entry *e);

/* (vocab.c) Fail with `code` (the first failure wins), located at the
 * JSON string literal `near` when it is found in the text. */
ank_status ank__vocab_fail(ank_vocab_loader *l, ank_status code,
                           const char *near, const char *format, ...)
    ANK_PRINTF(4, 5);
ank_status ank__vocab_nomem(ank_vocab_loader *l);

/* (vocab.c) A short printable form of a token's text, for messages. */
void ank__vocab_quote(char *out, size_t cap, const char *s);

#endif
