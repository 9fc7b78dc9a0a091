/*
 * The big lock (see bql.h): a pthread mutex and a per-thread depth, so that
 * code which may run either in a vCPU's guest code (no lock) or under the
 * main loop (lock held) takes it with one call and gives it back with one.
 */
#include "core/bql.h"

static pthread_mutex_t bql = PTHREAD_MUTEX_INITIALIZER;
static __thread int depth;

void bql_lock(void)
{
    if (depth++ == 0) {
        pthread_mutex_lock(&bql);
    }
}

void bql_unlock(void)
{
    if (--depth == 0) {
        pthread_mutex_unlock(&bql);
    }
}

bool bql_locked(void)
{
    return depth > 0;
}

int bql_depth(void)
{
    return depth;
}

void bql_unlock_to(int to)
{
    while (depth > to) {
        bql_unlock();
    }
}

void bql_cond_wait(pthread_cond_t *cond)
{
    int saved = depth;

    depth = 0;
    pthread_cond_wait(cond, &bql);
    depth = saved;
}
