/*
 * ahead.h - parts of a compile's artifacts built ahead, on a second
 * thread, while the calling thread builds the rest (ahead.c).
 */
#ifndef ANK_AHEAD_H
#define ANK_AHEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "../ffi/buf.h"
#include "../ffi/status.h"
#include "completion.h"
#include "grammar_print.h"

/* Forbidden patterns one completion grammar can take. */
#define ANK_AHEAD_FORBID_MAX 64

typedef enum ank_ahead_kind {
    /* a function's signature grammar (each dialect wanted) and regex */
    ANK_AHEAD_SIGNATURE,
    /* a completion grammar */
    ANK_AHEAD_COMPLETION
} ank_ahead_kind;

/* A completion grammar's arguments (ank__completion_new's), and why there
 * is none once made. */
typedef struct ank_ahead_completion {
    ank_lang lang;
    char indent[64]; /* Python only; "" otherwise */
    const char *forbid[ANK_AHEAD_FORBID_MAX]; /* borrowed regexes */
    size_t nforbid;
    ank_error error;
} ank_ahead_completion;

/* One part: what it is made from, then what making it gave. */
typedef struct ank_ahead_job {
    ank_ahead_kind kind;
    int state; /* ahead.c: made yet, and by whom */
    const ank_constraint *fn; /* a signature's (borrowed) */
    ank_ahead_completion *args; /* a completion's (owned) */

    /* Results, to read once ank__ahead_wait has returned the job.
     * `status`: ANK_OK, the job's failure, or (a completion) why there is
     * no grammar (args->error).  Each dialect wanted is printed
     * (JSON-escaped) in text[], failed with dstatus[], or (in a streamed
     * document) left to print from `c` (a completion) or `p` (a
     * signature's grammar `g`), at its place. */
    ank_status status;
    ank_status dstatus[2]; /* by ank_gram_dialect */
    ank_completion *c;
    ank_gram *g;
    ank_gprint *p;
    char *text[2]; /* ank__malloc; NULL when not printed ahead */
    size_t len[2];
    char *regex; /* a signature's regex (ank__malloc), NULL if none */
} ank_ahead_job;

/* The parts of one compile, made in the order they were added. */
typedef struct ank_ahead {
    ank_ahead_job *v;
    size_t n, cap;
    unsigned dialects; /* bits 1 << ank_gram_dialect to print */
    bool regexes;      /* signatures: make the regex too */
    /* A kept document: completions are printed ahead too (the document
     * takes the texts whole), and the thread, once done with them, helps
     * with the signatures.  A streamed document prints its completions
     * into itself, and holds no signature's texts before their place. */
    bool kept;
    bool started;      /* a thread runs */
    void *sync;        /* the thread and what it signals with */
} ank_ahead;

/* Room for `extra` more jobs, exactly; false when out of memory. */
bool ank__ahead_reserve(ank_ahead *a, size_t extra);

/* A new signature job for `fn`, or a completion job with `args` (taken,
 * also on failure), at the end; NULL when out of memory.  Only before
 * ank__ahead_start. */
ank_ahead_job *ank__ahead_add_signature(ank_ahead *a,
                                        const ank_constraint *fn);
ank_ahead_job *ank__ahead_add_completion(ank_ahead *a,
                                         ank_ahead_completion *args);

/* Start a thread that makes the jobs, when there is a completion grammar
 * with forbidden patterns to make (the costly part: without one, starting
 * a thread costs more than it saves), `threads` allows a second thread
 * (0: when the machine has more than one processor online; 1: never) and
 * one can be started.  Otherwise (and that is not a failure) the calling
 * thread makes each job when ank__ahead_wait first asks for it.  Either
 * way the results are the same. */
void ank__ahead_start(ank_ahead *a, unsigned threads);

/* Job `k`, made: now, by the calling thread, unless the other thread has
 * taken it, which it then waits for.  NULL when there is no such job. */
ank_ahead_job *ank__ahead_wait(ank_ahead *a, size_t k);

/* Free what a job holds once it has been used. */
void ank__ahead_clear(ank_ahead_job *job);

/* ank__braid_dialect_keys's writer for a job (`ctx`): the text printed
 * ahead, given up once copied, or the completion printed now. */
ank_status ank__ahead_write(void *ctx, ank_gram_dialect dialect,
                            ank_buf *out);

/* Wait for the thread if it runs, and free everything. */
void ank__ahead_release(ank_ahead *a);

#endif
