/*
 * SMP helpers for the bare-metal guest tests (smp.c): secondary vCPUs started
 * with RTAS start-cpu (LoPAPR 7.3.17.2) on stacks of their own, a spinning
 * barrier, the timebase, and numeric options from the kernel command line
 * (/chosen/bootargs, "-append"), so that one program serves a short CI run
 * and a long run by hand.
 *
 * With -smp N and one thread per core (the default) vCPU i is interrupt
 * server i and has PIR i (spapr_cpu_core.c), which smp_cpu_id() returns.
 */
#ifndef SMP_H
#define SMP_H

#include "guest.h"

#define SMP_MAX_CPUS    8
#define SMP_TB_FREQ     512000000ul     /* the timebase: 512 MHz on POWER8 pseries */

u64 smp_mftb(void);
u32 smp_cpu_id(void);

/*
 * Start vCPU `server` running fn(server) on a stack of its own. When fn
 * returns the vCPU stops itself (RTAS stop-self). 0 on success; the RTAS
 * status otherwise. Only vCPU 0 calls this (the RTAS argument buffer of
 * guest.c is not shared).
 */
int smp_start(u32 server, void (*fn)(u32 cpu));

/* `key=N` from the command line (decimal), or dflt when absent. */
u64 smp_option(const char *key, u64 dflt);

/*
 * A sense-reversing barrier for n vCPUs (all spinning): 0 if it was not
 * complete within timeout_s seconds of timebase, which the caller reports.
 * While it waits a vCPU gives its time slice away (H_CONFER), so that on
 * thread=single the others run instead of it spinning out its slice.
 */
typedef struct {
    volatile u64 count;
    volatile u64 sense;
} SmpBarrier;
int smp_barrier_wait(SmpBarrier *b, u32 n, u64 timeout_s);

/* Spin (yielding) until *word == want; 0 on timeout. */
int smp_wait_eq(volatile u64 *word, u64 want, u64 timeout_s);

/* Spin until the timebase reaches tb (no yield: for starting vCPUs together). */
void smp_wait_tb(u64 tb);

/* Atomic add (ldarx/stdcx.) for bookkeeping such as "how many are ready": the new value. */
u64 smp_atomic_add(volatile u64 *p, u64 v);

static inline void smp_sync(void)
{
    __asm__ volatile("sync" : : : "memory");
}

static inline void smp_lwsync(void)
{
    __asm__ volatile("lwsync" : : : "memory");
}

#endif
