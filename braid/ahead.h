/*
 * ahead.h - parts of a compile's artifacts built ahead, on a second
 * thread, while the calling thread builds the rest (ahead.c).
 */
#ifndef ANK_AHEAD_H
#define ANK_AHEAD_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

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
    ANK_AHEAD_COMPLETION,
    /* the grammar of a schema's JSON text (ank__grammar_json) */
    ANK_AHEAD_SHAPE
} ank_ahead_kind;

/* A completion grammar's arguments (ank__completion_new's), and why there
 * is none once made. */
typedef struct ank_ahead_completion {
    ank_lang lang;
    char indent[64]; /* Python only; "" otherwise */
    const char *forbid[ANK_AHEAD_FORBID_MAX]; /* borrowed regexes */
    size_t nforbid;
    ank_error error;
    /* made for a kept document and left to print at its place in both
     * dialects: the first asked for writes both, keeping the other in the
     * job's text[] */
    bool both;
} ank_ahead_completion;

/* A shape grammar's arguments, and why there is none once made. */
typedef struct ank_ahead_shape {
    /* a reference of the job's: read by whichever thread makes it, its
     * count changed only by the calling thread (ank__ahead_clear) */
    json_t *schema;
    size_t max_ws;
    char *reason; /* ank__malloc: why the schema has no grammar */
} ank_ahead_shape;

/* One part: what it is made from, then what making it gave. */
typedef struct ank_ahead_job {
    ank_ahead_kind kind;
    int state; /* ahead.c: made yet, and by whom */
    union {
        const ank_constraint *fn;   /* a signature's (borrowed) */
        ank_ahead_completion *args; /* a completion's (owned) */
        ank_ahead_shape *shape;     /* a shape's, once posted (owned by
                                       a listed job) */
    } u;

    /* Results, to read once ank__ahead_wait has returned the job.
     * `status`: ANK_OK, the job's failure, or why there is no grammar:
     * a completion's (u.args->error), or ANK_ERR_FORMAT for a schema that
     * has none (u.shape->reason).  Each dialect wanted is printed
     * (JSON-escaped) in text[] when the second thread made the job for a
     * kept document, failed with dstatus[], or else left to print at its
     * place from `c` (a completion) or `p` (the grammar `g`). */
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
    /* A kept document: what the thread makes it prints too (the document
     * takes the texts whole), and once done with the completions it helps
     * with the rest, from the last job back.  A streamed document prints
     * its completions into itself, and holds no other job's texts before
     * their place: the thread makes only the completions. */
    bool kept;
    bool started;      /* a thread runs */
    void *sync;        /* the thread and what it signals with */
} ank_ahead;

/* Room for `extra` more jobs, exactly; false when out of memory. */
bool ank__ahead_reserve(ank_ahead *a, size_t extra);

/* A new signature job for `fn`, a completion job with `args` (taken,
 * also on failure), or a shape job whose schema is to come
 * (ank__ahead_post_shape), at the end; NULL when out of memory.  Only
 * before ank__ahead_start. */
ank_ahead_job *ank__ahead_add_signature(ank_ahead *a,
                                        const ank_constraint *fn);
ank_ahead_job *ank__ahead_add_completion(ank_ahead *a,
                                         ank_ahead_completion *args);
ank_ahead_job *ank__ahead_add_shape(ank_ahead *a);

/* Give shape job `k` its schema (a new reference is taken), so that it
 * can be made, with at most max_ws whitespace between JSON tokens; false
 * when out of memory.  Calling thread only.  Until then neither thread
 * makes it (ank__ahead_wait returns NULL). */
bool ank__ahead_post_shape(ank_ahead *a, size_t k, json_t *schema,
                           size_t max_ws);

/* Start a thread that makes the jobs, when there is a completion grammar
 * with forbidden patterns to make (the costly part: without one, starting
 * a thread costs more than it saves), `threads` allows a second thread
 * (0: when the machine has more than one processor online; 1: never) and
 * one can be started.  Otherwise (and that is not a failure) the calling
 * thread makes each job when ank__ahead_wait first asks for it.  Either
 * way the results are the same. */
void ank__ahead_start(ank_ahead *a, unsigned threads);

/* Whether ank__ahead_start(a, threads) would start a thread (unless
 * starting one fails), with the jobs listed so far. */
bool ank__ahead_will_start(const ank_ahead *a, unsigned threads);

/* A shape grammar made now, on the calling thread, in a job `j` of no
 * list whose arguments are in `sh` (the caller's), to print at its place,
 * then ank__ahead_clear. */
void ank__ahead_shape_now(const ank_ahead *a, ank_ahead_job *j,
                          ank_ahead_shape *sh, json_t *schema,
                          size_t max_ws);

/* Job `k`, made: now, by the calling thread, unless the other thread has
 * taken it, which it then waits for.  NULL when there is no such job, or
 * it is a shape job not posted. */
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
