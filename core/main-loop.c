/*
 * The main loop (see main-loop.h): one host thread runs the vCPUs round-robin
 * in time slices, fires timers between slices and polls glib sources (stdin,
 * later the gdb socket) without blocking while any vCPU has work. When none
 * has (all halted, or the VM stopped) it sleeps in poll() until the next timer
 * deadline or input, so an idle guest costs next to no host CPU.
 *
 * A halted vCPU gets a turn only once something kicked it (cpu_kick sets its
 * exit_request): the engine then asks the target whether it has work.
 *
 * Under -icount the virtual clock only moves with executed instructions, so
 * with every vCPU idle it is moved to the next deadline by hand, as QEMU's
 * "icount warp" does.
 *
 * With one host thread per vCPU (-accel tcg,thread=multi, core/cpu-threads.c)
 * this loop runs no guest code: it fires timers, serves chardevs, the monitor
 * and gdb, and sleeps in poll() with the big lock given up. It stops the world
 * for what must not race a running vCPU (reset, a debug stop, a requested
 * exclusive section such as a code-cache flush).
 */
#define _GNU_SOURCE     /* ppoll */
#include "core/main-loop.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "core/accel.h"
#include "core/bql.h"
#include "core/chardev.h"
#include "core/cpu-threads.h"
#include "core/cpu.h"
#include "core/error.h"
#include "core/events.h"
#include "core/machine.h"
#include "core/timer.h"

#define SLICE_INSNS 200000      /* about a millisecond of guest time per turn */

void (*gdbstub_debug_hook)(CPUState *cs);

static bool no_reboot;
static bool no_shutdown;
static bool icount_sleep = true;

/*
 * Exit status per shutdown cause; a reset only exits with -no-reboot. A
 * guest panic is 0 as in QEMU 7.2 (its -action panic=shutdown), 1 with
 * -action panic=exit-failure (handle_shutdown).
 */
static const int exit_status[] = {
    [SHUTDOWN_POWEROFF] = 0,
    [SHUTDOWN_RESET] = 0,
    [SHUTDOWN_PANIC] = 0,
    [SHUTDOWN_QUIT] = 0,
    [SHUTDOWN_ERROR] = 1,
};

void main_loop_set_no_reboot(bool on)
{
    no_reboot = on;
}

void main_loop_set_no_shutdown(bool on)
{
    no_shutdown = on;
}

void main_loop_set_icount_sleep(bool on)
{
    icount_sleep = on;
}

void main_loop_notify(void)
{
    g_main_context_wakeup(NULL);
}

/* ---- termination signals ---- */

static volatile sig_atomic_t signal_received;
static int wake_pipe[2] = { -1, -1 };
static const int term_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction saved_actions[G_N_ELEMENTS(term_signals)];

/*
 * The first signal asks the loop to finish cleanly; a second one means the
 * loop is not getting there, so put the terminal back and leave at once.
 */
static void term_signal_handler(int sig)
{
    int saved_errno = errno;

    if (signal_received) {
        chardev_restore_terminal();
        _exit(1);
    }
    signal_received = sig;
    if (wake_pipe[1] >= 0) {
        ssize_t r = write(wake_pipe[1], "", 1);
        (void)r;
    }
    errno = saved_errno;
}

static gboolean wake_pipe_drain(gint fd, GIOCondition cond, gpointer opaque)
{
    char buf[64];

    while (read(fd, buf, sizeof(buf)) > 0) {
    }
    return G_SOURCE_CONTINUE;
}

static guint signals_install(void)
{
    struct sigaction sa = { .sa_handler = term_signal_handler };
    guint source = 0;

    if (g_unix_open_pipe(wake_pipe, FD_CLOEXEC, NULL)) {
        g_unix_set_fd_nonblocking(wake_pipe[0], TRUE, NULL);
        g_unix_set_fd_nonblocking(wake_pipe[1], TRUE, NULL);
        source = g_unix_fd_add(wake_pipe[0], G_IO_IN, wake_pipe_drain, NULL);
    }
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(term_signals); i++) {
        sigaction(term_signals[i], &sa, &saved_actions[i]);
    }
    return source;
}

static void signals_remove(guint source)
{
    for (size_t i = 0; i < G_N_ELEMENTS(term_signals); i++) {
        sigaction(term_signals[i], &saved_actions[i], NULL);
    }
    if (source) {
        g_source_remove(source);
    }
    for (int i = 0; i < 2; i++) {
        if (wake_pipe[i] >= 0) {
            close(wake_pipe[i]);
            wake_pipe[i] = -1;
        }
    }
    signal_received = 0;
}

/* ---- waiting ---- */

/* One glib iteration whose poll() waits at most timeout_ns (-1: no limit). */
static void main_loop_wait(int64_t timeout_ns)
{
    static GArray *fds;
    GMainContext *ctx = g_main_context_default();
    gint max_priority, glib_timeout_ms, n;
    struct timespec ts, *tsp = NULL;

    if (!fds) {
        fds = g_array_new(FALSE, TRUE, sizeof(GPollFD));
    }
    g_main_context_prepare(ctx, &max_priority);
    while ((n = g_main_context_query(ctx, max_priority, &glib_timeout_ms, (GPollFD *)fds->data,
                                     (gint)fds->len)) > (gint)fds->len) {
        g_array_set_size(fds, (guint)n);
    }
    if (glib_timeout_ms >= 0 &&
        (timeout_ns < 0 || (int64_t)glib_timeout_ms * 1000000 < timeout_ns)) {
        timeout_ns = (int64_t)glib_timeout_ms * 1000000;
    }
    if (timeout_ns >= 0) {
        ts.tv_sec = timeout_ns / NANOSECONDS_PER_SECOND;
        ts.tv_nsec = timeout_ns % NANOSECONDS_PER_SECOND;
        tsp = &ts;
    }
    /* GPollFD has struct pollfd's layout on Unix (glib relies on it too). */
    /* vCPU threads may need the big lock for MMIO or a hypercall meanwhile. */
    bql_unlock();
    int polled = ppoll((struct pollfd *)fds->data, (nfds_t)n, tsp, NULL);
    int poll_errno = errno;
    bql_lock();
    if (polled < 0 && poll_errno != EINTR) {
        error_report("poll: %s", g_strerror(poll_errno));
    }
    if (g_main_context_check(ctx, max_priority, (GPollFD *)fds->data, n)) {
        g_main_context_dispatch(ctx);
    }
}

static bool cpu_runnable(CPUState *cs)
{
    return !cs->stopped && (!cpu_halted(cs) || __atomic_load_n(&cs->exit_request, __ATOMIC_RELAXED));
}

static bool any_cpu_runnable(void)
{
    for (int i = 0; i < cpu_count(); i++) {
        if (cpu_runnable(cpu_by_index(i))) {
            return true;
        }
    }
    return false;
}

static int64_t earliest(int64_t a, int64_t b)
{
    return a < 0 ? b : b < 0 ? a : MIN(a, b);
}

/* Nothing to run: sleep until a timer is due or something happens. */
static void idle_wait(void)
{
    int64_t virt = vm_running() ? timers_deadline_ns(CLOCK_VIRTUAL) : -1;
    int64_t host = timers_deadline_ns(CLOCK_HOST);

    if (virt >= 0 && clock_icount_enabled()) {
        main_loop_wait(icount_sleep ? earliest(virt, host) : 0);
        if (vm_running() && !any_cpu_runnable()) {
            clock_icount_warp_to_deadline();
        }
        return;
    }
    main_loop_wait(earliest(virt, host));
}

/* ---- running ---- */

/* One turn for every vCPU that has work; true if any ran. */
static bool run_cpus(void)
{
    bool ran = false;

    for (int i = 0; i < cpu_count() && vm_running(); i++) {
        CPUState *cs = cpu_by_index(i);
        int64_t budget = SLICE_INSNS;

        if (!cpu_runnable(cs)) {
            continue;
        }
        if (clock_icount_enabled()) {
            budget = MIN(budget, clock_icount_budget());
            if (budget <= 0) {
                timers_run_expired();   /* a deadline is due before any instruction */
                ran = true;
                continue;
            }
        }
        /* A request made between slices (a kick) has done its job by getting the CPU here. */
        __atomic_store_n(&cs->exit_request, 0, __ATOMIC_RELAXED);
        if (accel_exec(cs, (uint64_t)budget) == CPU_EXIT_DEBUG) {
            vm_stop();
            if (gdbstub_debug_hook) {
                gdbstub_debug_hook(cs);
            }
        }
        ran = true;
        timers_run_expired();
        if (machine_shutdown_requested() != SHUTDOWN_NONE) {
            break;
        }
    }
    return ran;
}

/* Act on a shutdown request: the exit status, or -1 to go on running. */
static int handle_shutdown(const MachineClass *mc, Machine *m)
{
    ShutdownCause cause = machine_shutdown_requested();

    if (cause == SHUTDOWN_NONE) {
        return -1;
    }
    if (cause == SHUTDOWN_RESET && !no_reboot) {
        bool by_host = machine_shutdown_by_host();
        machine_clear_shutdown_request();
        /* No vCPU thread may run while the machine and its CPUs are reset. */
        cpu_pause_all();
        if (mc->reset) {
            mc->reset(m);
        }
        cpu_resume_all();
        vm_set_shut_down(false);    /* a reset leaves QEMU's "shutdown" state */
        event_reset(by_host);
        return -1;
    }
    event_shutdown(cause, machine_shutdown_by_host());
    if (cause == SHUTDOWN_PANIC && machine_panic_action() == PANIC_ACTION_EXIT_FAILURE) {
        return 1;
    }
    /* -no-shutdown: what the guest ends stops instead; the user's quit still ends the run. */
    if (no_shutdown && (cause == SHUTDOWN_POWEROFF || cause == SHUTDOWN_PANIC ||
                        (cause == SHUTDOWN_RESET && !machine_shutdown_by_host()))) {
        machine_clear_shutdown_request();
        vm_stop();
        vm_set_shut_down(true);
        return -1;
    }
    return exit_status[cause];
}

/*
 * One turn of the loop when vCPU threads run the guest: what they asked of
 * it (a debug stop, an exclusive section), timers, chardevs; true if busy.
 */
static bool serve_cpu_threads(void)
{
    bool busy = false;
    CPUState *cs = cpu_threads_take_debug_stop();

    if (cs) {
        vm_stop();      /* already stopped by the thread: this waits for the others */
        if (gdbstub_debug_hook) {
            gdbstub_debug_hook(cs);
        }
        busy = true;
    }
    busy |= cpu_threads_run_exclusive();
    busy |= timers_run_expired();
    busy |= chardev_poll_all();
    return busy;
}

int main_loop_run(const MachineClass *mc, Machine *m)
{
    guint wake_source = signals_install();
    const bool threads = cpu_threads_enabled();
    int status;

    cpu_kick_notify = main_loop_notify;
    g_main_context_acquire(g_main_context_default());
    bql_lock();
    cpu_threads_start();
    for (;;) {
        if (signal_received) {
            error_report("terminating on signal %d", (int)signal_received);
            event_shutdown_signal();
            status = 0;
            break;
        }
        status = handle_shutdown(mc, m);
        if (status >= 0) {
            break;
        }
        if (threads) {
            bool busy = serve_cpu_threads();
            /* As below: a shutdown is acted on before more input (a QMP EOF) is read. */
            if (machine_shutdown_requested() != SHUTDOWN_NONE) {
                continue;
            }
            if (busy) {
                main_loop_wait(0);
            } else {
                main_loop_wait(earliest(vm_running() ? timers_deadline_ns(CLOCK_VIRTUAL) : -1,
                                        timers_deadline_ns(CLOCK_HOST)));
            }
            continue;
        }
        bool busy = vm_running() && run_cpus();
        busy |= timers_run_expired();
        busy |= chardev_poll_all();
        if (machine_shutdown_requested() != SHUTDOWN_NONE) {
            continue;
        }
        if (busy || (vm_running() && any_cpu_runnable())) {
            main_loop_wait(0);
        } else {
            idle_wait();
        }
    }
    /* Every vCPU thread leaves guest code and ends, whatever state it was in. */
    cpu_threads_stop();
    bql_unlock();
    g_main_context_release(g_main_context_default());
    cpu_kick_notify = NULL;
    signals_remove(wake_source);
    return status;
}
