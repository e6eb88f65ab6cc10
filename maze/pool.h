/*
 * pool.h - a fixed pool of threads that runs numbered work items: item i
 * is given to exactly one worker, and whatever it produces is stored by i,
 * so the order of results never depends on timing.
 */
#ifndef ANK_MAZE_POOL_H
#define ANK_MAZE_POOL_H

#include <stddef.h>

#include "../ffi/ananke.h"

typedef struct ank_pool ank_pool;

/* Run item `index`; `worker` (0 .. workers-1) names the thread, so that
 * per-thread state can be kept in an array. */
typedef void (*ank_pool_fn)(void *context, size_t index, unsigned worker);

/* The number of online processors (at least 1). */
unsigned ank__pool_default_jobs(void);

/* A pool of `jobs` workers (0: ank__pool_default_jobs()): the calling
 * thread is worker 0, the others are threads started now.  When a thread
 * cannot be started the pool has fewer workers.  Errors: ANK_ERR_NOMEM. */
ank_status ank__pool_new(unsigned jobs, ank_pool **out);

unsigned ank__pool_workers(const ank_pool *pool);

/* Run items 0 .. count-1 and return when all are done.  Not reentrant:
 * one run at a time per pool. */
void ank__pool_run(ank_pool *pool, size_t count, ank_pool_fn fn,
                   void *context);

/* Stop and join the threads.  Accepts NULL. */
void ank__pool_free(ank_pool *pool);

#endif
