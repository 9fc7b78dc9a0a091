/* Unit tests for core/cpus.c: the vCPU list, exit requests and kicks. */
#include "core/cpu.h"

#include <glib.h>

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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cpus/list", test_cpu_list);
    return g_test_run();
}
