/*
 * pool.c - fixed thread pool.  Threads sleep on `start` until a new
 * generation of work is published, then take item numbers from one atomic
 * counter until none are left, and report on `done`.  The caller works as
 * worker 0 during a run, so a pool of one job starts no thread at all.
 *
 * Invariant: `busy` counts the threads that have not yet finished the
 * current generation; a run returns only when it is 0, so `fn` and
 * `context` are never used after ank__pool_run returns.
 */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#include "../ffi/alloc.h"

typedef struct worker {
    ank_pool *pool;
    unsigned index;
    pthread_t thread;
} worker;

struct ank_pool {
    pthread_mutex_t lock;
    pthread_cond_t start, done;
    worker *workers; /* [1 .. nworkers-1] are threads */
    unsigned nworkers;
    uint64_t generation;
    bool stop;
    unsigned busy;
    ank_pool_fn fn;
    void *context;
    size_t count;
    atomic_size_t next;
};

unsigned ank__pool_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > 1024 ? 1024 : (unsigned)n;
}

static void drain(ank_pool *pool, ank_pool_fn fn, void *context, size_t count,
                  unsigned index)
{
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&pool->next, 1,
                                             memory_order_relaxed);
        if (i >= count)
            return;
        fn(context, i, index);
    }
}

static void *thread_main(void *arg)
{
    worker *w = arg;
    ank_pool *pool = w->pool;
    uint64_t seen = 0;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        while (!pool->stop && pool->generation == seen)
            pthread_cond_wait(&pool->start, &pool->lock);
        if (pool->stop)
            break;
        seen = pool->generation;
        ank_pool_fn fn = pool->fn;
        void *context = pool->context;
        size_t count = pool->count;
        pthread_mutex_unlock(&pool->lock);
        drain(pool, fn, context, count, w->index);
        pthread_mutex_lock(&pool->lock);
        if (--pool->busy == 0)
            pthread_cond_signal(&pool->done);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

ank_status ank__pool_new(unsigned jobs, ank_pool **out)
{
    *out = NULL;
    if (jobs == 0)
        jobs = ank__pool_default_jobs();
    ank_pool *pool = ank__calloc(1, sizeof *pool);
    worker *workers = pool ? ank__calloc(jobs, sizeof *workers) : NULL;
    if (!workers) {
        ank__free(pool);
        return ANK_ERR_NOMEM;
    }
    if (pthread_mutex_init(&pool->lock, NULL) != 0) {
        ank__free(workers);
        ank__free(pool);
        return ANK_ERR_NOMEM;
    }
    if (pthread_cond_init(&pool->start, NULL) != 0) {
        pthread_mutex_destroy(&pool->lock);
        ank__free(workers);
        ank__free(pool);
        return ANK_ERR_NOMEM;
    }
    if (pthread_cond_init(&pool->done, NULL) != 0) {
        pthread_cond_destroy(&pool->start);
        pthread_mutex_destroy(&pool->lock);
        ank__free(workers);
        ank__free(pool);
        return ANK_ERR_NOMEM;
    }
    atomic_init(&pool->next, 0);
    pool->workers = workers;
    pool->nworkers = 1;
    workers[0].pool = pool;
    for (unsigned i = 1; i < jobs; i++) {
        worker *w = &workers[pool->nworkers];
        w->pool = pool;
        w->index = pool->nworkers;
        if (pthread_create(&w->thread, NULL, thread_main, w) != 0)
            break; /* run with the workers there are */
        pool->nworkers++;
    }
    *out = pool;
    return ANK_OK;
}

unsigned ank__pool_workers(const ank_pool *pool)
{
    return pool ? pool->nworkers : 0;
}

void ank__pool_run(ank_pool *pool, size_t count, ank_pool_fn fn,
                   void *context)
{
    if (count == 0)
        return;
    atomic_store(&pool->next, 0);
    if (pool->nworkers > 1) {
        pthread_mutex_lock(&pool->lock);
        pool->fn = fn;
        pool->context = context;
        pool->count = count;
        pool->busy = pool->nworkers - 1;
        pool->generation++;
        pthread_cond_broadcast(&pool->start);
        pthread_mutex_unlock(&pool->lock);
    }
    drain(pool, fn, context, count, 0);
    if (pool->nworkers > 1) {
        pthread_mutex_lock(&pool->lock);
        while (pool->busy > 0)
            pthread_cond_wait(&pool->done, &pool->lock);
        pthread_mutex_unlock(&pool->lock);
    }
}

void ank__pool_free(ank_pool *pool)
{
    if (!pool)
        return;
    pthread_mutex_lock(&pool->lock);
    pool->stop = true;
    pthread_cond_broadcast(&pool->start);
    pthread_mutex_unlock(&pool->lock);
    for (unsigned i = 1; i < pool->nworkers; i++)
        pthread_join(pool->workers[i].thread, NULL);
    pthread_cond_destroy(&pool->done);
    pthread_cond_destroy(&pool->start);
    pthread_mutex_destroy(&pool->lock);
    ank__free(pool->workers);
    ank__free(pool);
}
