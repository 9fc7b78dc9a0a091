/*
 * One host thread per vCPU (-accel tcg,thread=multi; core/cpu-threads.c).
 * The engine enables it at init; the main loop starts the threads, stops the
 * world when machine state must not change under a running vCPU (the
 * monitor's stop, gdb, reset, a full code-cache flush) and ends them at exit.
 * Without it (thread=single, -icount) the main loop runs every vCPU in turn.
 */
#ifndef CORE_CPU_THREADS_H
#define CORE_CPU_THREADS_H

#include <stdbool.h>

#include "core/cpu.h"

/* The engine asks for threads (before the machine is built). */
void cpu_threads_enable(void);
bool cpu_threads_enabled(void);
/* The vCPU this thread runs, or NULL (the main loop, tests). */
CPUState *cpu_current(void);

/* Main loop, with the big lock held. */
void cpu_threads_start(void);
/* Every vCPU thread finishes its block and returns; they are joined. */
void cpu_threads_stop(void);

/*
 * Stop the world: returns once every vCPU thread is out of guest code and
 * waiting (the big lock held throughout by the caller, given up while it
 * waits). Nests; cpu_resume_all undoes one. Not from a vCPU thread.
 */
void cpu_pause_all(void);
void cpu_resume_all(void);
/* vm_stop's wait: every vCPU thread parked (no-op without threads or on a vCPU thread). */
void cpu_threads_wait_parked(void);
/*
 * Returns once cs's thread is parked, for a caller about to write the state
 * of a vCPU that can do nothing until it is (a stopped one: RTAS start-cpu).
 * The caller holds the big lock, given up while it waits; the thread cannot
 * leave its sleep before the caller gives the lock up again. No-op without
 * threads or for the calling thread's own vCPU.
 */
void cpu_thread_wait_parked(CPUState *cs);
/* Let parked vCPU threads look at their state again (vm_start, a kick). */
void cpu_threads_wake(CPUState *cs);
void cpu_threads_wake_all(void);

/*
 * A vCPU thread stopped on a breakpoint, watchpoint or single step: the VM
 * is stopped and the main loop reports it (gdbstub_debug_hook) on its own
 * thread. Returns the vCPU and clears the request, or NULL.
 */
CPUState *cpu_threads_take_debug_stop(void);
/* Run fn on the main loop with the world stopped (a vCPU thread's request). */
void cpu_threads_request_exclusive(void (*fn)(void));
/* The main loop runs what was requested; true if it ran something. */
bool cpu_threads_run_exclusive(void);

#endif
