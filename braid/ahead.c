/*
 * ahead.c - parts of a compile's artifacts built ahead, on a second
 * thread.
 *
 * Some parts of a document depend on nothing but one constraint or a few
 * arguments: a function's signature grammar and regex, and above all the
 * completion grammar of the generation specs (the product of a language's
 * lexer with the complement of the forbidden patterns: for TypeScript
 * with eight of them, a third of a 250-constraint compile).  The compile
 * lists them before it builds anything, and a second thread takes them
 * while the calling thread builds the schemas and tools: first the
 * completion grammars (the longest, needed last), then, for a kept
 * document, the signatures from the last back (a streamed one would hold
 * their texts until their place).  The calling thread makes a part itself
 * when nobody has taken it yet, so it takes the signatures from the first
 * on, and the two meet in the middle; it waits only for a part the other
 * thread is making.
 *
 * Invariants: a job's state (todo, taken, done) changes under the mutex,
 * and exactly one thread takes a job; that thread reads only the job's
 * arguments (constraints and static regexes, which nobody modifies during
 * a compile), writes only the job's results, and allocates through the
 * allocator hook; another thread reads the results only after seeing the
 * job done under the mutex.  The same code makes a job whichever thread
 * takes it, so the document does not depend on the threads.
 */
#include "ahead.h"

#include <pthread.h>
#include <stdint.h>
#include <unistd.h>

#include "../ffi/alloc.h"
#include "grammar_print.h"
#include "regex_emit.h"
#include "sig_grammar.h"

typedef struct ahead_sync {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t moved; /* a job is done */
} ahead_sync;

enum { TODO, TAKEN, DONE }; /* ank_ahead_job.state */

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
        j->fn = fn;
    return j;
}

ank_ahead_job *ank__ahead_add_completion(ank_ahead *a,
                                         ank_ahead_completion *args)
{
    ank_ahead_job *j = args ? add(a, ANK_AHEAD_COMPLETION) : NULL;
    if (j)
        j->args = args;
    else
        ank__free(args);
    return j;
}

/* Print grammar printer `p` (or, NULL, the job's completion) in each
 * dialect wanted. */
static void print(ank_ahead_job *j, unsigned dialects, ank_gprint *p)
{
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

static void make_signature(const ank_ahead *a, ank_ahead_job *j)
{
    if (a->dialects) {
        ank_gram *g = ank__gram_new();
        ank_grule *root = g ? ank__grammar_signature(g, j->fn) : NULL;
        ank_gprint *p = NULL;
        if (!g || !root || ank__gram_failed(g)) {
            j->status = ANK_ERR_NOMEM;
        } else {
            ank__gram_set_root(g, root);
            ank_status st = ank__gprint_new(g, &p);
            if (st != ANK_OK) /* each dialect says so, as printing would */
                j->dstatus[0] = j->dstatus[1] = st;
            else if (a->kept)
                print(j, a->dialects, p);
        }
        if (p && !a->kept) { /* printed at its place, into the document */
            j->g = g;
            j->p = p;
        } else {
            ank__gprint_free(p);
            ank__gram_free(g);
        }
    }
    if (a->regexes && j->status == ANK_OK &&
        !(j->regex = ank__regex_signature(j->fn)))
        j->status = ANK_ERR_NOMEM;
}

static void make_completion(const ank_ahead *a, ank_ahead_job *j)
{
    ank_ahead_completion *c = j->args;
    ank__error_clear(&c->error);
    const char *indent = c->lang == ANK_LANG_PYTHON ? c->indent : NULL;
    j->status = ank__completion_new(c->lang, indent, c->forbid, c->nforbid,
                                    &j->c, &c->error);
    if (j->status == ANK_OK && a->kept) {
        print(j, a->dialects, NULL);
        ank__completion_free(j->c);
        j->c = NULL;
    }
}

/* Make job j (taken by the calling thread). */
static void make(const ank_ahead *a, ank_ahead_job *j)
{
    if (j->kind == ANK_AHEAD_SIGNATURE)
        make_signature(a, j);
    else
        make_completion(a, j);
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
    /* the completions in order; then (a kept document) the signatures
     * from the last back, as the calling thread takes them from the first
     * on */
    size_t last = a->kept ? 2 * a->n : a->n;
    for (size_t i = 0; i < last; i++) {
        size_t k = i < a->n ? i : 2 * a->n - 1 - i;
        ank_ahead_job *j = &a->v[k];
        if ((j->kind == ANK_AHEAD_COMPLETION) != (i < a->n) || !take(s, j))
            continue;
        make(a, j);
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

void ank__ahead_start(ank_ahead *a, unsigned threads)
{
    bool costly = false;
    for (size_t k = 0; k < a->n && !costly; k++)
        costly = a->v[k].kind == ANK_AHEAD_COMPLETION &&
                 a->v[k].args->nforbid > 0;
    if (!costly || (threads ? threads : online_processors()) < 2)
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
        if (j->state == TODO) {
            make(a, j);
            j->state = DONE;
        }
        return j;
    }
    ahead_sync *s = a->sync;
    if (take(s, j)) {
        make(a, j);
        finish(s, j);
        return j;
    }
    pthread_mutex_lock(&s->lock);
    while (j->state != DONE)
        pthread_cond_wait(&s->moved, &s->lock);
    pthread_mutex_unlock(&s->lock);
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
        ank__free(a->v[k].args);
    }
    ank__free(a->v);
    *a = (ank_ahead){0};
}
