/*
 * The big lock (BQL): machine state -- devices, the interrupt controller,
 * timers, chardevs, the monitor, hypercalls and RTAS -- is touched only by a
 * thread that holds it. The main loop holds it except while it sleeps in
 * poll(); a vCPU thread (core/cpu-threads.c, -accel tcg,thread=multi) holds
 * it between runs of guest code and gives it up while guest code runs, taking
 * it back only when an instruction leaves guest code for machine state (MMIO,
 * sc 1, mtdec, msgsndp, interrupt routing). One thread (thread=single) holds
 * it all the time, which makes every call here a counter update.
 *
 * The lock is recursive per thread (a depth count), so a helper that needs
 * it can take it whether or not its caller already holds it.
 */
#ifndef CORE_BQL_H
#define CORE_BQL_H

#include <pthread.h>
#include <stdbool.h>

void bql_lock(void);
void bql_unlock(void);
/* This thread holds the lock. */
bool bql_locked(void);
/* This thread's depth, and giving the lock up down to a depth recorded before. */
int bql_depth(void);
/*
 * For the engine: a guest exception leaves an instruction by siglongjmp,
 * possibly from inside a section that took the lock; the engine's landing
 * point puts the depth back to what it was when it entered.
 */
void bql_unlock_to(int depth);
/*
 * Wait on cond, giving the lock up meanwhile (whatever this thread's depth;
 * it is the same again on return).
 */
void bql_cond_wait(pthread_cond_t *cond);

#endif
