/* Per-thread event counters, summed when read (see thread-counters.h). */
#include "core/thread-counters.h"

#include <string.h>

void *thread_counters_new_block(ThreadCounters *tc)
{
    uint64_t *block = g_new0(uint64_t, tc->n);

    pthread_mutex_lock(&tc->lock);
    if (!tc->blocks) {
        tc->blocks = g_ptr_array_new();
    }
    g_ptr_array_add(tc->blocks, block);
    pthread_mutex_unlock(&tc->lock);
    return block;
}

void thread_counters_total(ThreadCounters *tc, uint64_t *out)
{
    memset(out, 0, tc->n * sizeof(uint64_t));
    pthread_mutex_lock(&tc->lock);
    for (guint b = 0; tc->blocks && b < tc->blocks->len; b++) {
        const uint64_t *block = g_ptr_array_index(tc->blocks, b);
        for (size_t i = 0; i < tc->n; i++) {
            out[i] += __atomic_load_n(&block[i], __ATOMIC_RELAXED);
        }
    }
    pthread_mutex_unlock(&tc->lock);
}
