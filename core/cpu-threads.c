/*
 * One host thread per vCPU (see cpu-threads.h), the design of QEMU's MTTCG
 * in our own terms:
 *
 * - A vCPU thread holds the big lock (core/bql.h) except while the engine
 *   runs its guest code; instructions that reach machine state take the lock
 *   for just that (MMIO, hypercalls, RTAS, the decrementer timer, doorbells).
 * - It sleeps on its own condition variable, never spins, when it cannot
 *   run: halted in H_CEDE with nothing pending, stopped by RTAS or gdb, VM
 *   stopped, or the world paused. cpu_kick (an interrupt became pending)
 *   wakes it. So an idle guest costs no host CPU.
 * - "Parked" means waiting in that sleep, outside guest code, with no block
 *   of the engine in use. Stopping the world (cpu_pause_all, and vm_stop on
 *   the main loop) asks every vCPU to leave the engine and waits, with the
 *   lock given up, until all are parked: then the monitor, gdb, reset and a
 *   code-cache flush can change anything.
 *
 * Everything here is read and written under the big lock, but for the
 * exclusive-section request (see cpu_threads_request_exclusive).
 *
 * Lock order: the big lock, then the engine's tb_lock, then a vCPU's
 * tlb_lock (ppc/mmu.c); nothing waits for the big lock while it holds one
 * of the others.
 */
#include "core/cpu-threads.h"

#include <pthread.h>

#include "core/accel.h"
#include "core/bql.h"
#include "core/error.h"
#include "core/main-loop.h"

/*
 * The slice a thread asks the engine for. Nothing needs a vCPU thread back
 * at a fixed rate (timers run on the main loop, which kicks the vCPU they
 * concern): the engine comes back early for every kick.
 */
#define THREAD_SLICE_INSNS 10000000

typedef struct CPUThread {
    pthread_t id;
    pthread_cond_t wake;
    bool parked;
    bool started;
} CPUThread;

static bool enabled;
static bool quit;
static int pause_depth;
static pthread_cond_t parked_cond = PTHREAD_COND_INITIALIZER;
static CPUThread *threads;
static int nr_threads;
static __thread CPUState *current;
static CPUState *debug_stop;
static void (*exclusive_fn)(void);

void cpu_threads_enable(void)
{
    enabled = true;
}

bool cpu_threads_enabled(void)
{
    return enabled;
}

CPUState *cpu_current(void)
{
    return current;
}

/*
 * idle: the engine last returned because the vCPU is halted with nothing to
 * do. Only then may the thread sleep on the halt: a halted vCPU that left
 * the engine for another reason (a kick that came with an interrupt) goes
 * back in, where the target decides whether the interrupt ends the halt.
 */
static bool thread_can_run(CPUState *cs, bool idle)
{
    return !quit && vm_running() && !pause_depth && !debug_stop && !cs->stopped &&
           !(idle && cpu_halted(cs) && !__atomic_load_n(&cs->exit_request, __ATOMIC_SEQ_CST));
}

static void *cpu_thread_main(void *opaque)
{
    CPUState *cs = opaque;
    CPUThread *t = &threads[cs->index];

    bool idle = false;

    current = cs;
    bql_lock();
    while (!quit) {
        if (thread_can_run(cs, idle)) {
            /* The kick that got it here has done its job (as in the round-robin loop). */
            __atomic_store_n(&cs->exit_request, 0, __ATOMIC_SEQ_CST);
            bql_unlock();
            CPUExitReason r = accel_exec(cs, THREAD_SLICE_INSNS);
            bql_lock();
            idle = r == CPU_EXIT_HALTED;
            if (r == CPU_EXIT_DEBUG && !debug_stop) {
                /* The main loop stops the world and tells the debugger. */
                debug_stop = cs;
                vm_stop();
                main_loop_notify();
            }
            continue;
        }
        t->parked = true;
        pthread_cond_broadcast(&parked_cond);
        bql_cond_wait(&t->wake);
        t->parked = false;
    }
    t->parked = true;
    pthread_cond_broadcast(&parked_cond);
    bql_unlock();
    return NULL;
}

void cpu_threads_start(void)
{
    if (!enabled || threads) {
        return;
    }
    nr_threads = cpu_count();
    threads = g_new0(CPUThread, nr_threads);
    quit = false;
    for (int i = 0; i < nr_threads; i++) {
        pthread_cond_init(&threads[i].wake, NULL);
    }
    for (int i = 0; i < nr_threads; i++) {
        int err = pthread_create(&threads[i].id, NULL, cpu_thread_main, cpu_by_index(i));
        if (err) {
            error_report("cannot create a vCPU thread: %s", g_strerror(err));
            exit(1);
        }
        threads[i].started = true;
    }
}

void cpu_threads_stop(void)
{
    if (!threads) {
        return;
    }
    quit = true;
    cpu_exit_all();
    cpu_threads_wake_all();
    /* The threads need the lock to leave their loops. */
    bql_unlock();
    for (int i = 0; i < nr_threads; i++) {
        if (threads[i].started) {
            pthread_join(threads[i].id, NULL);
        }
    }
    bql_lock();
    for (int i = 0; i < nr_threads; i++) {
        pthread_cond_destroy(&threads[i].wake);
    }
    g_free(threads);
    threads = NULL;
    nr_threads = 0;
}

void cpu_threads_wake(CPUState *cs)
{
    if (threads && cs->index < nr_threads) {
        /* Under the lock, so that a thread between its check and its wait cannot miss it. */
        bql_lock();
        pthread_cond_broadcast(&threads[cs->index].wake);
        bql_unlock();
    }
}

void cpu_threads_wake_all(void)
{
    for (int i = 0; i < nr_threads; i++) {
        cpu_threads_wake(cpu_by_index(i));
    }
}

static bool all_parked(void)
{
    for (int i = 0; i < nr_threads; i++) {
        if (!threads[i].parked) {
            return false;
        }
    }
    return true;
}

void cpu_threads_wait_parked(void)
{
    if (!threads || current) {
        return;
    }
    cpu_exit_all();
    while (!all_parked()) {
        bql_cond_wait(&parked_cond);
    }
}

void cpu_thread_wait_parked(CPUState *cs)
{
    if (!threads || cs == current || cs->index >= nr_threads) {
        return;
    }
    while (!threads[cs->index].parked) {
        bql_cond_wait(&parked_cond);
    }
}

void cpu_pause_all(void)
{
    pause_depth++;
    cpu_threads_wait_parked();
}

void cpu_resume_all(void)
{
    if (pause_depth > 0 && --pause_depth == 0) {
        cpu_threads_wake_all();
    }
}

CPUState *cpu_threads_take_debug_stop(void)
{
    CPUState *cs = debug_stop;

    debug_stop = NULL;
    return cs;
}

/*
 * Without the big lock: the engine asks while it holds its own lock, which
 * a thread holding the big lock may be waiting for (BQL, then tb_lock).
 */
void cpu_threads_request_exclusive(void (*fn)(void))
{
    __atomic_store_n(&exclusive_fn, fn, __ATOMIC_SEQ_CST);
    main_loop_notify();
}

bool cpu_threads_run_exclusive(void)
{
    void (*fn)(void) = __atomic_exchange_n(&exclusive_fn, NULL, __ATOMIC_SEQ_CST);

    if (!fn) {
        return false;
    }
    cpu_pause_all();
    fn();
    cpu_resume_all();
    return true;
}
