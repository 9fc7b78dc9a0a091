/* Unit tests for core/cpus.c: the vCPU list, exit requests and kicks. */
#include "core/cpu.h"

#include <glib.h>

#include "core/accel.h"

static int notifications;

static void count_notify(void)
{
    notifications++;
}

static void test_cpu_list(void)
{
    CPUState a = { 0 }, b = { 0 };

    g_assert_cmpint(cpu_count(), ==, 0);
    g_assert_null(cpu_by_index(0));
    cpu_list_add(&a);
    cpu_list_add(&b);
    g_assert_cmpint(cpu_count(), ==, 2);
    g_assert_true(cpu_by_index(0) == &a);
    g_assert_true(cpu_by_index(1) == &b);
    g_assert_cmpint(b.index, ==, 1);
    g_assert_null(cpu_by_index(2));
    g_assert_null(cpu_by_index(-1));

    cpu_exit_all();
    g_assert_cmpint(a.exit_request, ==, 1);
    g_assert_cmpint(b.exit_request, ==, 1);

    /* Without a main loop the kick still raises exit_request. */
    a.exit_request = 0;
    a.halted = true;
    cpu_kick(&a);
    g_assert_cmpint(a.exit_request, ==, 1);
    g_assert_true(a.halted);    /* waking from halt is the target's decision */

    cpu_kick_notify = count_notify;
    a.exit_request = 0;
    cpu_kick(&a);
    g_assert_cmpint(a.exit_request, ==, 1);
    g_assert_cmpint(notifications, ==, 1);
    cpu_kick_notify = NULL;
}

/* With an engine in use, a kick is the engine's (core/accel.h). */
static CPUState *kicked;

static void fake_kick(CPUState *cpu)
{
    kicked = cpu;
}

static const AccelOps fake_accel = { .name = "fake", .kick = fake_kick };

static void test_kick_through_engine(void)
{
    CPUState c = { 0 };

    accel_use(&fake_accel);
    cpu_kick_notify = count_notify;
    notifications = 0;
    cpu_kick(&c);
    g_assert_true(kicked == &c);
    g_assert_cmpint(c.exit_request, ==, 0);     /* the fake engine did not set it */
    g_assert_cmpint(notifications, ==, 1);      /* the main loop still hears of it */
    cpu_kick_notify = NULL;
    accel_use(NULL);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cpus/list", test_cpu_list);
    g_test_add_func("/cpus/kick-through-engine", test_kick_through_engine);
    return g_test_run();
}
