/*
 * ahead.c - parts of a compile's artifacts built ahead, on a second
 * thread.
 *
 * Some parts of a document depend on nothing but one constraint or a few
 * arguments: a function's signature grammar and regex, the grammar of a
 * schema's JSON text, and above all the completion grammar of the
 * generation specs (the product of a language's lexer with the complement
 * of the forbidden patterns: for TypeScript with eight of them, a third
 * of a 250-constraint compile).  The compile lists them before it builds
 * anything (a shape job gets its schema when the calling thread has built
 * it), and for a kept document a second thread takes them while the
 * calling thread builds the rest: first the completion grammars (the
 * longest), then the others from the last back.  A streamed document
 * starts no thread: what it made ahead would be held beside everything
 * else until its place.  The calling thread makes a part itself
 * when nobody has taken it yet, so it takes them from the first on, and
 * the two meet in the middle; it waits only for a part the other thread
 * is making.  A kept document's shape grammars are asked for last, once
 * everything else is built (braid.c), so that both threads share them.
 *
 * Invariants: a job's state (waiting for its schema, todo, taken, done)
 * changes under the mutex, and exactly one thread takes a job, only once
 * it is todo; that thread reads only the job's arguments (constraints,
 * static regexes and schemas, which nobody modifies during a compile; a
 * schema's reference counts change only on the calling thread), writes
 * only the job's results, and allocates through the allocator hook;
 * another thread reads the results only after seeing the job done under
 * the mutex.  The same code makes a job whichever thread takes it, and
 * what it prints is the same ahead or at its place, so the document does
 * not depend on the threads.
 */
#include "ahead.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "../ffi/alloc.h"
#include "grammar_print.h"
#include "json_grammar.h"
#include "regex_emit.h"
#include "sig_grammar.h"

typedef struct ahead_sync {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t moved; /* a job is done */
} ahead_sync;

enum { TODO, TAKEN, DONE, WAITING }; /* ank_ahead_job.state */

bool ank__ahead_reserve(ank_ahead *a, size_t extra)
{
    if (extra > SIZE_MAX / sizeof *a->v - a->n)
        return false;
    if (a->n + extra <= a->cap)
        return true;
    ank_ahead_job *v = ank__realloc(a->v, (a->n + extra) * sizeof *v);
    if (!v)
        return false;
    a->v = v;
    a->cap = a->n + extra;
    return true;
}

static ank_ahead_job *add(ank_ahead *a, ank_ahead_kind kind)
{
    if (a->n == a->cap && !ank__ahead_reserve(a, a->cap ? a->cap : 4))
        return NULL;
    ank_ahead_job *j = &a->v[a->n++];
    *j = (ank_ahead_job){.kind = kind};
    return j;
}

ank_ahead_job *ank__ahead_add_signature(ank_ahead *a,
                                        const ank_constraint *fn)
{
    ank_ahead_job *j = add(a, ANK_AHEAD_SIGNATURE);
    if (j)
        j->u.fn = fn;
    return j;
}

ank_ahead_job *ank__ahead_add_completion(ank_ahead *a,
                                         ank_ahead_completion *args)
{
    ank_ahead_job *j = args ? add(a, ANK_AHEAD_COMPLETION) : NULL;
    if (j)
        j->u.args = args;
    else
        ank__free(args);
    return j;
}

ank_ahead_job *ank__ahead_add_shape(ank_ahead *a)
{
    ank_ahead_job *j = add(a, ANK_AHEAD_SHAPE);
    if (j)
        j->state = WAITING;
    return j;
}

bool ank__ahead_post_shape(ank_ahead *a, size_t k, json_t *schema,
                           size_t max_ws)
{
    ank_ahead_shape *sh = ank__malloc(sizeof *sh);
    if (!sh)
        return false;
    *sh = (ank_ahead_shape){json_incref(schema), max_ws, NULL};
    ahead_sync *s = a->sync;
    if (a->started)
        pthread_mutex_lock(&s->lock);
    a->v[k].u.shape = sh;
    a->v[k].state = TODO;
    if (a->started)
        pthread_mutex_unlock(&s->lock);
    return true;
}

/* Print grammar printer `p` (or, NULL, the job's completion) in each
 * dialect wanted (a completion in both at once). */
static void print(ank_ahead_job *j, unsigned dialects, ank_gprint *p)
{
    if (!p && dialects == 3) {
        ank_buf t[2] = {ANK_BUF_INIT, ANK_BUF_INIT};
        ank_status st = ank__completion_write_both(j->c, true, &t[0], &t[1]);
        for (int d = 0; d < 2; d++) {
            ank_status sd = st == ANK_OK && t[d].failed ? ANK_ERR_NOMEM : st;
            if (sd == ANK_OK &&
                !(j->text[d] = ank__buf_take(&t[d], &j->len[d])))
                sd = ANK_ERR_NOMEM;
            j->dstatus[d] = sd;
            ank__buf_release(&t[d]);
        }
        return;
    }
    for (int d = 0; d < 2; d++) {
        if (!(dialects & (1u << d)))
            continue;
        ank_buf t = ANK_BUF_INIT;
        ank_status st =
            p ? ank__gprint_write(p, (ank_gram_dialect)d, true, &t)
              : ank__completion_write(j->c, (ank_gram_dialect)d, true, &t);
        if (st == ANK_OK && t.failed)
            st = ANK_ERR_NOMEM;
        if (st == ANK_OK && !(j->text[d] = ank__buf_take(&t, &j->len[d])))
            st = ANK_ERR_NOMEM;
        j->dstatus[d] = st;
        ank__buf_release(&t);
    }
}

/* A job's grammar g, with its root made (g NULL or failed, or root NULL:
 * out of memory): printed in each dialect now (`ahead`), or kept to print
 * at its place. */
static void made(const ank_ahead *a, ank_ahead_job *j, ank_gram *g,
                 ank_grule *root, bool ahead)
{
    ank_gprint *p = NULL;
    if (!g || !root || ank__gram_failed(g)) {
        j->status = ANK_ERR_NOMEM;
    } else {
        ank__gram_set_root(g, root);
        ank_status st = ank__gprint_new(g, &p);
        if (st != ANK_OK) /* each dialect says so, as printing would */
            j->dstatus[0] = j->dstatus[1] = st;
        else if (ahead)
            print(j, a->dialects, p);
    }
    if (p && !ahead) {
        j->g = g;
        j->p = p;
    } else {
        ank__gprint_free(p);
        ank__gram_free(g);
    }
}

static void make_signature(const ank_ahead *a, ank_ahead_job *j, bool ahead)
{
    if (a->dialects) {
        ank_gram *g = ank__gram_new();
        made(a, j, g, g ? ank__grammar_signature(g, j->u.fn) : NULL, ahead);
    }
    if (a->regexes && j->status == ANK_OK &&
        !(j->regex = ank__regex_signature(j->u.fn)))
        j->status = ANK_ERR_NOMEM;
}

static void make_shape(const ank_ahead *a, ank_ahead_job *j, bool ahead)
{
    ank_ahead_shape *sh = j->u.shape;
    ank_error e;
    ank__error_clear(&e);
    ank_gram *g = ank__gram_new();
    ank_grule *root = g ? ank__grammar_json(g, sh->schema, sh->schema,
                                            sh->max_ws, &e)
                        : NULL;
    if (g && !root && !ank__gram_failed(g)) {
        /* a schema the converter cannot express: why, for its note */
        sh->reason = ank__strndup(e.message, strlen(e.message));
        j->status = sh->reason ? ANK_ERR_FORMAT : ANK_ERR_NOMEM;
        ank__gram_free(g);
        return;
    }
    made(a, j, g, root, ahead);
}

static void make_completion(const ank_ahead *a, ank_ahead_job *j, bool ahead)
{
    ank_ahead_completion *c = j->u.args;
    ank__error_clear(&c->error);
    c->both = false;
    const char *indent = c->lang == ANK_LANG_PYTHON ? c->indent : NULL;
    j->status = ank__completion_new(c->lang, indent, c->forbid, c->nforbid,
                                    &j->c, &c->error);
    if (j->status == ANK_OK && ahead) {
        print(j, a->dialects, NULL);
        ank__completion_free(j->c);
        j->c = NULL;
    } else if (j->status == ANK_OK) {
        c->both = a->kept && a->dialects == 3;
    }
}

/* Make job j; `thread`: on the second thread, which prints what it makes
 * for a kept document (the calling thread prints at the job's place,
 * straight into the artifact; a completion grammar in both dialects at
 * once, listing its rules once, ahead or at its place). */
static void make(const ank_ahead *a, ank_ahead_job *j, bool thread)
{
    bool ahead = thread && a->kept;
    if (j->kind == ANK_AHEAD_SIGNATURE)
        make_signature(a, j, ahead);
    else if (j->kind == ANK_AHEAD_SHAPE)
        make_shape(a, j, ahead);
    else
        make_completion(a, j, ahead);
}

void ank__ahead_shape_now(const ank_ahead *a, ank_ahead_job *j,
                          ank_ahead_shape *sh, json_t *schema,
                          size_t max_ws)
{
    *sh = (ank_ahead_shape){json_incref(schema), max_ws, NULL};
    *j = (ank_ahead_job){.kind = ANK_AHEAD_SHAPE, .state = DONE};
    j->u.shape = sh;
    make_shape(a, j, false);
}

/* Take job j if nobody has: true when the caller is to make it. */
static bool take(ahead_sync *s, ank_ahead_job *j)
{
    pthread_mutex_lock(&s->lock);
    bool mine = j->state == TODO;
    if (mine)
        j->state = TAKEN;
    pthread_mutex_unlock(&s->lock);
    return mine;
}

static void finish(ahead_sync *s, ank_ahead_job *j)
{
    pthread_mutex_lock(&s->lock);
    j->state = DONE;
    pthread_cond_broadcast(&s->moved);
    pthread_mutex_unlock(&s->lock);
}

static void *thread_main(void *arg)
{
    ank_ahead *a = arg;
    ahead_sync *s = a->sync;
    /* the completions in order; then (a kept document) the others from
     * the last back, as the calling thread takes them from the first on
     * (a shape job not yet posted is left to it) */
    size_t last = a->kept ? 2 * a->n : a->n;
    for (size_t i = 0; i < last; i++) {
        size_t k = i < a->n ? i : 2 * a->n - 1 - i;
        ank_ahead_job *j = &a->v[k];
        if ((j->kind == ANK_AHEAD_COMPLETION) != (i < a->n) || !take(s, j))
            continue;
        make(a, j, true);
        finish(s, j);
    }
    return NULL;
}

/* Threads a compile may use when its options say 0. */
static unsigned online_processors(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

bool ank__ahead_will_start(const ank_ahead *a, unsigned threads)
{
    /* a streamed document holds as little as it can: a completion made
     * ahead would be held beside everything else until its place */
    if (!a->kept)
        return false;
    bool costly = false;
    for (size_t k = 0; k < a->n && !costly; k++)
        costly = a->v[k].kind == ANK_AHEAD_COMPLETION &&
                 a->v[k].u.args->nforbid > 0;
    return costly && (threads ? threads : online_processors()) >= 2;
}

void ank__ahead_start(ank_ahead *a, unsigned threads)
{
    if (a->started || !ank__ahead_will_start(a, threads))
        return;
    /* when any of this fails, the calling thread makes the jobs: slower,
     * not wrong */
    ahead_sync *s = ank__calloc(1, sizeof *s);
    if (!s)
        return;
    if (pthread_mutex_init(&s->lock, NULL) != 0) {
        ank__free(s);
        return;
    }
    if (pthread_cond_init(&s->moved, NULL) != 0) {
        pthread_mutex_destroy(&s->lock);
        ank__free(s);
        return;
    }
    a->sync = s;
    if (pthread_create(&s->thread, NULL, thread_main, a) != 0) {
        pthread_cond_destroy(&s->moved);
        pthread_mutex_destroy(&s->lock);
        ank__free(s);
        a->sync = NULL;
        return;
    }
    a->started = true;
}

ank_ahead_job *ank__ahead_wait(ank_ahead *a, size_t k)
{
    if (k >= a->n)
        return NULL;
    ank_ahead_job *j = &a->v[k];
    if (!a->started) {
        if (j->state == WAITING)
            return NULL;
        if (j->state == TODO) {
            make(a, j, false);
            j->state = DONE;
        }
        return j;
    }
    ahead_sync *s = a->sync;
    pthread_mutex_lock(&s->lock);
    while (j->state == TAKEN)
        pthread_cond_wait(&s->moved, &s->lock);
    int state = j->state;
    if (state == TODO)
        j->state = TAKEN;
    pthread_mutex_unlock(&s->lock);
    if (state == WAITING)
        return NULL;
    if (state == TODO) {
        make(a, j, false);
        finish(s, j);
    }
    return j;
}

ank_status ank__ahead_write(void *ctx, ank_gram_dialect dialect,
                            ank_buf *out)
{
    ank_ahead_job *j = ctx;
    if (j->dstatus[dialect] != ANK_OK)
        return j->dstatus[dialect];
    if (j->p)
        return ank__gprint_write(j->p, dialect, true, out);
    if (!j->text[dialect] && j->kind == ANK_AHEAD_COMPLETION &&
        j->u.args->both) {
        /* this dialect into out, the other into its text, in one pass */
        int other = dialect == ANK_GRAM_GBNF ? ANK_GRAM_LARK : ANK_GRAM_GBNF;
        ank_buf t = ANK_BUF_INIT;
        ank_status st =
            dialect == ANK_GRAM_GBNF
                ? ank__completion_write_both(j->c, true, out, &t)
                : ank__completion_write_both(j->c, true, &t, out);
        ank_status so = st == ANK_OK && t.failed ? ANK_ERR_NOMEM : st;
        if (so == ANK_OK &&
            !(j->text[other] = ank__buf_take(&t, &j->len[other])))
            so = ANK_ERR_NOMEM;
        j->dstatus[other] = so;
        ank__buf_release(&t);
        ank__completion_free(j->c);
        j->c = NULL;
        j->u.args->both = false;
        return st;
    }
    if (!j->text[dialect])
        return ank__completion_write(j->c, dialect, true, out);
    ank__buf_append(out, j->text[dialect], j->len[dialect]);
    ank__free(j->text[dialect]);
    j->text[dialect] = NULL;
    return out->failed ? ANK_ERR_NOMEM : ANK_OK;
}

void ank__ahead_clear(ank_ahead_job *job)
{
    ank__completion_free(job->c);
    job->c = NULL;
    ank__gprint_free(job->p);
    ank__gram_free(job->g);
    job->p = NULL;
    job->g = NULL;
    for (int d = 0; d < 2; d++) {
        ank__free(job->text[d]);
        job->text[d] = NULL;
    }
    ank__free(job->regex);
    job->regex = NULL;
    if (job->kind == ANK_AHEAD_SHAPE && job->u.shape) {
        json_decref(job->u.shape->schema);
        ank__free(job->u.shape->reason);
        job->u.shape->schema = NULL;
        job->u.shape->reason = NULL;
    }
}

void ank__ahead_release(ank_ahead *a)
{
    ahead_sync *s = a->sync;
    if (a->started) {
        pthread_join(s->thread, NULL);
        pthread_cond_destroy(&s->moved);
        pthread_mutex_destroy(&s->lock);
    }
    ank__free(s);
    for (size_t k = 0; k < a->n; k++) {
        ank__ahead_clear(&a->v[k]);
        if (a->v[k].kind == ANK_AHEAD_COMPLETION)
            ank__free(a->v[k].u.args);
        else if (a->v[k].kind == ANK_AHEAD_SHAPE)
            ank__free(a->v[k].u.shape);
    }
    ank__free(a->v);
    *a = (ank_ahead){0};
}
