/*
 * Event counters kept per host thread and summed when read (the monitor's
 * `info jit` and `info profile`). With one host thread per vCPU a counter
 * shared by all would move its cache line between host cores on every
 * block lookup or TLB miss; apart, each thread only writes its own.
 *
 * A counter set is a struct of uint64_t counters. A thread's block is made
 * on its first count and never freed (a thread's counts outlive it). Each
 * counter has one writer, its thread, which stores with a relaxed atomic
 * store so that a reader on another thread sees whole values.
 */
#ifndef CORE_THREAD_COUNTERS_H
#define CORE_THREAD_COUNTERS_H

#include <glib.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ThreadCounters {
    size_t n;                   /* uint64_t counters in the set */
    pthread_mutex_t lock;       /* guards blocks */
    GPtrArray *blocks;          /* every thread's block */
} ThreadCounters;

#define THREAD_COUNTERS_INIT(type) \
    { sizeof(type) / sizeof(uint64_t), PTHREAD_MUTEX_INITIALIZER, NULL }

/* A new zeroed block for the calling thread, registered for the totals. */
void *thread_counters_new_block(ThreadCounters *tc);
/* Every thread's counts added up into out (tc->n counters). */
void thread_counters_total(ThreadCounters *tc, uint64_t *out);

/* Add n to a counter of the calling thread's block (its only writer). */
#define THREAD_COUNTER_ADD(lvalue, n) \
    __atomic_store_n(&(lvalue), (lvalue) + (uint64_t)(n), __ATOMIC_RELAXED)

/*
 * The glue of one counter set of type Type, named by prefix: in the header,
 * THREAD_COUNTERS_DECLARE(tcg, TCGStats) gives
 *   tcg_stat_add(field, n)     count for the calling thread,
 *   tcg_stats_total(out)       every thread's counts added up,
 *   tcg_stats_local()          the calling thread's block (made on first use);
 * in one .c file, THREAD_COUNTERS_DEFINE(tcg, TCGStats) defines them.
 */
#define THREAD_COUNTERS_DECLARE(prefix, Type)                                          \
    extern __thread Type *prefix##_stats_mine;                                         \
    Type *prefix##_stats_new_thread(void);                                             \
    void prefix##_stats_total(Type *out);                                              \
    static inline Type *prefix##_stats_local(void)                                     \
    {                                                                                  \
        return prefix##_stats_mine ? prefix##_stats_mine : prefix##_stats_new_thread(); \
    }

#define THREAD_COUNTERS_DEFINE(prefix, Type)                                           \
    static ThreadCounters prefix##_counters = THREAD_COUNTERS_INIT(Type);             \
    __thread Type *prefix##_stats_mine;                                                \
    Type *prefix##_stats_new_thread(void)                                              \
    {                                                                                  \
        prefix##_stats_mine = thread_counters_new_block(&prefix##_counters);          \
        return prefix##_stats_mine;                                                    \
    }                                                                                  \
    void prefix##_stats_total(Type *out)                                               \
    {                                                                                  \
        thread_counters_total(&prefix##_counters, (uint64_t *)out);                    \
    }

/* Count n on field of the calling thread's block of the set prefix. */
#define THREAD_COUNTERS_ADD(prefix, field, n)                                          \
    do {                                                                               \
        __typeof__(prefix##_stats_local()) s_ = prefix##_stats_local();                \
        THREAD_COUNTER_ADD(s_->field, n);                                              \
    } while (0)

#endif
