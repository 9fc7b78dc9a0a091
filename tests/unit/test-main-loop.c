/*
 * The main loop (core/main-loop.c) with a scripted engine: exit status per
 * shutdown cause, reset and -no-reboot, round-robin over runnable CPUs, a
 * stopped VM, sleeping while idle, the debug hook, termination signals and
 * icount budgets. The CPU list, the clocks and timers and the run state are
 * the library's own.
 *
 * Two test doubles: the engine, an AccelOps whose exec runs the test's script
 * instead of guest code (core/accel.h: the loop knows engines only through
 * that), and an observer of timers_run_expired that counts the loop's passes
 * and calls the real one, put in by the linker (-Wl,--wrap, see
 * tests/CMakeLists.txt; the link fails if it is missing).
 */
#include <glib.h>
#include <signal.h>
#include <string.h>

#include "core/accel.h"
#include "core/chardev.h"
#include "core/cpu.h"
#include "core/machine.h"
#include "core/main-loop.h"
#include "core/timer.h"

bool __wrap_timers_run_expired(void);
bool __real_timers_run_expired(void);

/* ---- the machine: three CPUs on the real CPU list; a test uses the first n ---- */

static CPUState cpus[3];

/* One virtual timer whose callback the test chooses. */
static Timer *timer;
static void (*timer_cb)(void);

static void timer_fired(void *opaque)
{
    timer_cb();
}

/* Arm the timer us microseconds of virtual time from now; returns the deadline. */
static int64_t timer_in_us(int64_t us)
{
    int64_t deadline = clock_get_ns(CLOCK_VIRTUAL) + us * 1000;

    timer_mod(timer, deadline);
    return deadline;
}

/* How often the loop asked for expired timers: a sleeping loop asks rarely. */
static int timer_runs;

bool __wrap_timers_run_expired(void)
{
    timer_runs++;
    return __real_timers_run_expired();
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

static CPUExitReason script_exec(CPUState *cs, uint64_t budget)
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

static const AccelOps script_accel = { .name = "script", .exec = script_exec };

static int resets;
static void fake_reset(Machine *m)
{
    resets++;
}
static const MachineClass fake_mc = { .name = "fake", .reset = fake_reset };

static void setup(int n)
{
    if (!timer) {
        for (int i = 0; i < 3; i++) {
            cpu_list_add(&cpus[i]);
        }
        timer = timer_new(CLOCK_VIRTUAL, timer_fired, NULL);
    }
    g_assert_cmpint(cpu_count(), ==, 3);
    memset(cpus, 0, sizeof(cpus));
    memset(has_work, 0, sizeof(has_work));
    for (int i = 0; i < 3; i++) {
        cpus[i].index = i;
        cpus[i].stopped = i >= n;   /* not part of this test's machine */
    }
    exec_calls = resets = timer_runs = halted_turns = 0;
    timer_del(timer);
    clock_icount_enable(-1);
    gdbstub_debug_hook = NULL;
    main_loop_set_no_reboot(false);
    machine_clear_shutdown_request();
    accel_use(&script_accel);
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
    /* A guest panic is 0 as in QEMU 7.2 (-action panic=shutdown), 1 with panic=exit-failure. */
    static const struct {
        ShutdownCause cause;
        PanicAction panic;
        int status;
    } cases[] = {
        { SHUTDOWN_POWEROFF, PANIC_ACTION_SHUTDOWN, 0 },
        { SHUTDOWN_PANIC, PANIC_ACTION_SHUTDOWN, 0 },
        { SHUTDOWN_PANIC, PANIC_ACTION_EXIT_FAILURE, 1 },
        { SHUTDOWN_POWEROFF, PANIC_ACTION_EXIT_FAILURE, 0 },
        { SHUTDOWN_QUIT, PANIC_ACTION_SHUTDOWN, 0 },
        { SHUTDOWN_ERROR, PANIC_ACTION_SHUTDOWN, 1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        setup(1);
        machine_set_panic_action(cases[i].panic);
        scripted_cause = cases[i].cause;
        script = third_call_shuts_down;
        g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, cases[i].status);
        g_assert_cmpint(exec_calls, ==, 3);
    }
    machine_set_panic_action(PANIC_ACTION_SHUTDOWN);
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
    /* It slept in poll instead of spinning (but did look at the timers). */
    g_assert_cmpint(timer_runs, >, 0);
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
    timer_in_us(5000);
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
    timer_in_us(30000);
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(exec_calls, ==, 2);
    g_assert_cmpint(halted_turns, ==, 0);
    g_assert_cmpint(timer_runs, <, 100);
    g_assert_false(timer_pending(timer));

    /* A kick without work gives the halted CPU one look, then the loop sleeps again. */
    setup(1);
    script = halt_then_poweroff;
    timer_cb = spurious_kick_cpu0;
    timer_in_us(5000);
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
    /* The slice never runs past the next timer deadline: 1000 ns away at 1 ns an instruction. */
    setup(1);
    clock_icount_enable(0);
    timer_cb = wake_cpu0;
    timer_in_us(1);
    scripted_cause = SHUTDOWN_POWEROFF;
    script = third_call_shuts_down;
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpuint(exec_budget[0], ==, 1000);

    /*
     * Idle under icount with sleep=off: the clock jumps to the deadline at once.
     * The engine here runs no instructions, so only that jump can have brought
     * guest time to a deadline 10 s away (waiting for it would time the test out).
     */
    setup(1);
    clock_icount_enable(0);
    main_loop_set_icount_sleep(false);
    script = halt_at_once;
    timer_cb = wake_cpu0;
    int64_t deadline = timer_in_us(10 * 1000 * 1000);
    g_assert_cmpint(main_loop_run(&fake_mc, NULL), ==, 0);
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL), >=, deadline);
    g_assert_false(timer_pending(timer));
    g_assert_cmpint(exec_calls, ==, 2);
    main_loop_set_icount_sleep(true);
    clock_icount_enable(-1);
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
