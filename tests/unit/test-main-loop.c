/*
 * The main loop (core/main-loop.c) with a scripted fake engine: exit status
 * per shutdown cause, reset and -no-reboot, round-robin over runnable CPUs,
 * a stopped VM, sleeping while idle, the debug hook, termination signals and
 * icount budgets. The engine, timers and CPU list are weak fakes.
 */
#include <glib.h>
#include <signal.h>
#include <string.h>

#include "core/chardev.h"
#include "core/cpu.h"
#include "core/machine.h"
#include "core/main-loop.h"
#include "core/timer.h"
#include "tcg/tcg.h"

#define W __attribute__((weak))

/* ---- fakes ---- */

static CPUState cpus[3];
static int ncpus;

W int cpu_count(void)
{
    return ncpus;
}
W CPUState *cpu_by_index(int index)
{
    return index >= 0 && index < ncpus ? &cpus[index] : NULL;
}
W void cpu_exit_all(void)
{
    for (int i = 0; i < ncpus; i++) {
        cpu_exit(&cpus[i]);
    }
}
W void (*cpu_kick_notify)(void);
W void cpu_kick(CPUState *cpu)
{
    cpu_exit(cpu);
    if (cpu_kick_notify) {
        cpu_kick_notify();
    }
}

static bool icount_on;
static int64_t icount_budget = INT64_MAX;
static uint64_t icount_added;
static int icount_warps;
W void clock_virtual_start(void) {}
W void clock_virtual_stop(void) {}
W bool clock_icount_enabled(void)
{
    return icount_on;
}
W int64_t clock_icount_budget(void)
{
    return icount_budget;
}
W void clock_icount_add(uint64_t insns)
{
    icount_added += insns;
}
W void clock_icount_warp_to_deadline(void)
{
    icount_warps++;
}

/* One virtual timer, on the host's monotonic clock for the test's purpose. */
static int64_t timer_expire_ns = -1;        /* absolute, g_get_monotonic_time based */
static void (*timer_cb)(void);
static int timer_runs;                      /* how often the loop asked */
W int64_t timers_deadline_ns(ClockType type)
{
    if (type != CLOCK_VIRTUAL || timer_expire_ns < 0) {
        return -1;
    }
    /* One reading of the clock: MAX() would read it twice, and a deadline
     * passing between the two readings gave a negative "no timer" answer. */
    int64_t left = timer_expire_ns - g_get_monotonic_time() * 1000;

    return MAX(0, left);
}
W bool timers_run_expired(void)
{
    timer_runs++;
    if (timer_expire_ns >= 0 && g_get_monotonic_time() * 1000 >= timer_expire_ns) {
        timer_expire_ns = -1;
        timer_cb();
        return true;
    }
    return false;
}

/*
 * The engine: a halted CPU without work leaves at once (as tcg_exec does after
 * asking the target); otherwise record who ran with what budget and run the
 * test's script.
 */
#define MAX_CALLS 64
static int exec_order[MAX_CALLS];
static uint64_t exec_budget[MAX_CALLS];
static int exec_calls, halted_turns;
static bool has_work[3];
static CPUExitReason (*script)(CPUState *cs, int call);

W CPUExitReason tcg_exec(CPUState *cs, uint64_t budget)
{
    if (cs->halted) {
        if (!has_work[cs->index]) {
            halted_turns++;
            return CPU_EXIT_HALTED;
        }
        has_work[cs->index] = false;
        cs->halted = false;
    }
    int call = exec_calls++;

    if (call < MAX_CALLS) {
        exec_order[call] = cs->index;
        exec_budget[call] = budget;
    }
    if (call > 1000) {
        machine_request_shutdown(SHUTDOWN_ERROR);   /* a broken test must not hang */
    }
    return script(cs, call);
}

static int resets;
static void fake_reset(Machine *m)
{
    resets++;
}
static const MachineClass fake_mc = { .name = "fake", .reset = fake_reset };

static void setup(int n)
{
    memset(cpus, 0, sizeof(cpus));
    memset(has_work, 0, sizeof(has_work));
    ncpus = n;
    for (int i = 0; i < n; i++) {
        cpus[i].index = i;
    }
    exec_calls = resets = timer_runs = halted_turns = icount_warps = 0;
    icount_on = false;
    icount_budget = INT64_MAX;
    icount_added = 0;
    timer_expire_ns = -1;
    gdbstub_debug_hook = NULL;
    main_loop_set_no_reboot(false);
    machine_clear_shutdown_request();
    vm_start();
}

/* ---- scripts ---- */

static ShutdownCause scripted_cause;

static CPUExitReason third_call_shuts_down(CPUState *cs, int call)
{
    if (call == 2) {
        machine_request_shutdown(scripted_cause);
    }
    return CPU_EXIT_BUDGET;
}

static void test_exit_status(void)
{
    static const struct {
        ShutdownCause cause;
        int status;
    } cases[] = {
        { SHUTDOWN_POWEROFF, 0 },
        { SHUTDOWN_PANIC, 1 },
        { SHUTDOWN_QUIT, 0 },
        { SHUTDOWN_ERROR, 1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        setup(1);
        scripted_cause = cases[i].cause;
        script = third_call_shuts_down;
        g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, cases[i].status);
        g_assert_cmpint(exec_calls, ==, 3);
    }
}

static CPUExitReason reset_then_poweroff(CPUState *cs, int call)
{
    machine_request_shutdown(call == 0 ? SHUTDOWN_RESET : SHUTDOWN_POWEROFF);
    return CPU_EXIT_REQUEST;
}

static void test_reset(void)
{
    setup(1);
    script = reset_then_poweroff;
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(resets, ==, 1);
    g_assert_cmpint(exec_calls, ==, 2);

    /* -no-reboot: the reset request ends the run. */
    setup(1);
    main_loop_set_no_reboot(true);
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(resets, ==, 0);
    g_assert_cmpint(exec_calls, ==, 1);
}

static CPUExitReason sixth_call_powers_off(CPUState *cs, int call)
{
    if (call == 5) {
        machine_request_shutdown(SHUTDOWN_POWEROFF);
    }
    return CPU_EXIT_BUDGET;
}

static void test_round_robin(void)
{
    setup(3);
    cpus[1].halted = true;
    script = sixth_call_powers_off;
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(exec_calls, ==, 6);
    g_assert_cmpint(halted_turns, ==, 0);   /* never kicked, never asked */
    for (int i = 0; i < 6; i++) {
        g_assert_cmpint(exec_order[i], ==, i % 2 ? 2 : 0);
        g_assert_cmpuint(exec_budget[i], >, 0);
    }

    setup(3);
    cpus[0].stopped = true;
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(exec_order[0], ==, 1);
    g_assert_cmpint(exec_order[1], ==, 2);
}

static CPUExitReason never_called(CPUState *cs, int call)
{
    g_error("a CPU ran while it should not have");
    return CPU_EXIT_BUDGET;
}

static gboolean quit_later(gpointer opaque)
{
    machine_request_shutdown(SHUTDOWN_QUIT);
    return G_SOURCE_REMOVE;
}

/* A stopped VM runs nothing but still serves glib sources (the monitor, gdb). */
static void test_stopped_vm(void)
{
    setup(2);
    vm_stop();
    script = never_called;
    g_timeout_add(20, quit_later, NULL);
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(exec_calls, ==, 0);
    /* It slept in poll instead of spinning. */
    g_assert_cmpint(timer_runs, <, 100);
}

/* An interrupt for CPU 0 becomes pending. */
static void wake_cpu0(void)
{
    has_work[0] = true;
    cpu_kick(&cpus[0]);
}

static void spurious_kick_cpu0(void)
{
    cpu_kick(&cpus[0]);
    timer_cb = wake_cpu0;
    timer_expire_ns = (g_get_monotonic_time() + 5000) * 1000;
}

static CPUExitReason halt_then_poweroff(CPUState *cs, int call)
{
    if (call == 0) {
        cs->halted = true;
        return CPU_EXIT_HALTED;
    }
    machine_request_shutdown(SHUTDOWN_POWEROFF);
    return CPU_EXIT_BUDGET;
}

/* All CPUs halted: sleep until the timer, whose callback wakes a CPU. */
static void test_idle_until_timer(void)
{
    setup(1);
    script = halt_then_poweroff;
    timer_cb = wake_cpu0;
    timer_expire_ns = (g_get_monotonic_time() + 30000) * 1000;
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(exec_calls, ==, 2);
    g_assert_cmpint(halted_turns, ==, 0);
    g_assert_cmpint(timer_runs, <, 100);
    g_assert_cmpint(timer_expire_ns, ==, -1);

    /* A kick without work gives the halted CPU one look, then the loop sleeps again. */
    setup(1);
    script = halt_then_poweroff;
    timer_cb = spurious_kick_cpu0;
    timer_expire_ns = (g_get_monotonic_time() + 5000) * 1000;
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(halted_turns, ==, 1);
    g_assert_cmpint(exec_calls, ==, 2);
    g_assert_cmpint(timer_runs, <, 100);
}

static CPUState *debug_cpu;

static void debug_hook(CPUState *cs)
{
    debug_cpu = cs;
    g_assert_false(vm_running());
    machine_request_shutdown(SHUTDOWN_QUIT);
}

static CPUExitReason breakpoint_on_cpu1(CPUState *cs, int call)
{
    return cs->index == 1 ? CPU_EXIT_DEBUG : CPU_EXIT_BUDGET;
}

static void test_debug_exit(void)
{
    setup(2);
    script = breakpoint_on_cpu1;
    gdbstub_debug_hook = debug_hook;
    debug_cpu = NULL;
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_true(debug_cpu == &cpus[1]);
    g_assert_false(vm_running());
    g_assert_cmpint(exec_calls, ==, 2);
}

static CPUExitReason raise_sigterm(CPUState *cs, int call)
{
    raise(SIGTERM);
    return CPU_EXIT_BUDGET;
}

static void test_signal(void)
{
    struct sigaction sa;

    setup(1);
    script = raise_sigterm;
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(exec_calls, ==, 1);
    /* The handler is gone again after the run. */
    sigaction(SIGTERM, NULL, &sa);
    g_assert_true(sa.sa_handler == SIG_DFL);
}

static CPUExitReason halt_at_once(CPUState *cs, int call)
{
    if (call == 0) {
        cs->halted = true;
        return CPU_EXIT_HALTED;
    }
    machine_request_shutdown(SHUTDOWN_POWEROFF);
    return CPU_EXIT_BUDGET;
}

static void test_icount(void)
{
    /* The slice never runs past the next timer deadline. */
    setup(1);
    icount_on = true;
    icount_budget = 1000;
    scripted_cause = SHUTDOWN_POWEROFF;
    script = third_call_shuts_down;
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpuint(exec_budget[0], ==, 1000);

    /* Idle under icount with sleep=off: the clock jumps to the deadline at once. */
    setup(1);
    icount_on = true;
    icount_budget = 777;
    main_loop_set_icount_sleep(false);
    script = halt_at_once;
    timer_cb = wake_cpu0;
    timer_expire_ns = (g_get_monotonic_time() + 10000) * 1000;
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(icount_warps, >, 0);
    main_loop_set_icount_sleep(true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/main-loop/exit-status", test_exit_status);
    g_test_add_func("/main-loop/reset", test_reset);
    g_test_add_func("/main-loop/round-robin", test_round_robin);
    g_test_add_func("/main-loop/stopped-vm", test_stopped_vm);
    g_test_add_func("/main-loop/idle-until-timer", test_idle_until_timer);
    g_test_add_func("/main-loop/debug-exit", test_debug_exit);
    g_test_add_func("/main-loop/signal", test_signal);
    g_test_add_func("/main-loop/icount", test_icount);
    return g_test_run();
}
