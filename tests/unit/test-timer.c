/* Unit tests for core/timer.c: virtual clock stop/start, icount, timer ordering. */
#include "core/timer.h"

#include <glib.h>
#include <time.h>

static int64_t host_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

static GString *fired;

static void record(void *opaque)
{
    g_string_append(fired, opaque);
}

static void test_virtual_frozen_while_stopped(void)
{
    int64_t h0, h1, v0, v1, v2;

    g_assert_false(clock_icount_enabled());
    g_assert_true(clock_virtual_running());
    h0 = host_mono();
    v0 = clock_get_ns(CLOCK_VIRTUAL);
    clock_virtual_stop();
    g_assert_false(clock_virtual_running());
    v1 = clock_get_ns(CLOCK_VIRTUAL);
    g_usleep(30000);
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL), ==, v1);
    clock_virtual_start();
    g_assert_true(clock_virtual_running());
    g_usleep(30000);
    v2 = clock_get_ns(CLOCK_VIRTUAL);
    h1 = host_mono();

    g_assert_cmpint(v1, >=, v0);
    /* Ran for at least the second sleep... */
    g_assert_cmpint(v2 - v1, >=, 30000000);
    /* ...but missed at least the stopped stretch. */
    g_assert_cmpint((h1 - h0) - (v2 - v0), >=, 30000000);
    /* Start when running and stop when stopped change nothing. */
    clock_virtual_start();
    g_assert_true(clock_virtual_running());
}

static void test_host_clock(void)
{
    int64_t wall = (int64_t)g_get_real_time() * 1000;
    int64_t h = clock_get_ns(CLOCK_HOST);

    g_assert_cmpint(h - wall, <, NANOSECONDS_PER_SECOND);
    g_assert_cmpint(wall - h, <, NANOSECONDS_PER_SECOND);
}

static void test_timers_in_order(void)
{
    Timer *a, *b, *c, *d;
    int64_t now;

    fired = g_string_new(NULL);
    clock_icount_enable(0);
    now = clock_get_ns(CLOCK_VIRTUAL);
    a = timer_new(CLOCK_VIRTUAL, record, "a");
    b = timer_new(CLOCK_VIRTUAL, record, "b");
    c = timer_new(CLOCK_VIRTUAL, record, "c");
    d = timer_new(CLOCK_VIRTUAL, record, "d");
    timer_mod(c, now + 300);
    timer_mod(a, now + 100);
    timer_mod(b, now + 200);
    timer_mod(d, now + 200);    /* same deadline as b, armed later: after b */
    g_assert_true(timer_pending(a));
    g_assert_cmpint(timers_deadline_ns(CLOCK_VIRTUAL), ==, 100);

    g_assert_false(timers_run_expired());
    clock_icount_add(150);
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL), ==, now + 150);
    g_assert_true(timers_run_expired());
    g_assert_cmpstr(fired->str, ==, "a");
    g_assert_false(timer_pending(a));
    g_assert_cmpint(timers_deadline_ns(CLOCK_VIRTUAL), ==, 50);

    clock_icount_add(50);
    g_assert_true(timers_run_expired());
    g_assert_cmpstr(fired->str, ==, "abd");

    /* Re-arming moves a timer; deleting one keeps it from firing. */
    timer_mod(a, now + 250);
    timer_mod(c, now + 260);
    timer_mod(a, now + 270);
    timer_mod(b, now + 240);
    timer_del(b);
    g_assert_false(timer_pending(b));
    clock_icount_add(100);
    g_assert_true(timers_run_expired());
    g_assert_cmpstr(fired->str, ==, "abdca");
    g_assert_cmpint(timers_deadline_ns(CLOCK_VIRTUAL), ==, -1);

    timer_free(a);
    timer_free(b);
    timer_free(c);
    timer_free(d);
    clock_icount_enable(-1);
    g_string_free(fired, TRUE);
}

static void test_icount_budget(void)
{
    Timer *t;
    int64_t now;

    clock_icount_enable(2);   /* 4 ns per instruction */
    g_assert_true(clock_icount_enabled());
    g_assert_cmpint(clock_icount_budget(), ==, INT64_MAX);
    now = clock_get_ns(CLOCK_VIRTUAL);
    t = timer_new(CLOCK_VIRTUAL, record, "t");
    timer_mod(t, now + 100);
    g_assert_cmpint(clock_icount_budget(), ==, 25);
    timer_mod(t, now + 101);
    g_assert_cmpint(clock_icount_budget(), ==, 26);
    clock_icount_add(25);
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL), ==, now + 100);
    g_assert_cmpint(clock_icount_budget(), ==, 1);
    clock_icount_add(1);
    g_assert_cmpint(clock_icount_budget(), ==, 0);

    /* Idle under icount: warp to the deadline. */
    timer_mod(t, clock_get_ns(CLOCK_VIRTUAL) + 12345);
    clock_icount_warp_to_deadline();
    g_assert_cmpint(clock_icount_budget(), ==, 0);
    g_assert_cmpint(timers_deadline_ns(CLOCK_VIRTUAL), ==, 0);

    /* Leaving icount keeps time continuous. */
    now = clock_get_ns(CLOCK_VIRTUAL);
    clock_icount_enable(-1);
    g_assert_false(clock_icount_enabled());
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL), >=, now);
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL) - now, <, NANOSECONDS_PER_SECOND);
    g_assert_cmpint(clock_icount_budget(), ==, INT64_MAX);
    clock_icount_add(1000000);  /* ignored without icount */
    g_assert_cmpint(clock_get_ns(CLOCK_VIRTUAL) - now, <, NANOSECONDS_PER_SECOND);
    timer_free(t);
}

/* Callbacks that re-arm themselves, delete others, and arm others. */
typedef struct Juggler {
    Timer *self, *victim, *other;
    int runs;
} Juggler;

static void juggle(void *opaque)
{
    Juggler *j = opaque;

    j->runs++;
    timer_mod(j->self, clock_get_ns(CLOCK_VIRTUAL) - 10);   /* already due */
    if (j->victim) {
        timer_del(j->victim);
    }
    if (j->other) {
        timer_mod(j->other, clock_get_ns(CLOCK_VIRTUAL) + 5);
    }
}

static void test_callbacks_rearm(void)
{
    Juggler j = { 0 };
    Timer *victim, *other;
    int64_t now;

    fired = g_string_new(NULL);
    clock_icount_enable(0);
    now = clock_get_ns(CLOCK_VIRTUAL);
    j.self = timer_new(CLOCK_VIRTUAL, juggle, &j);
    victim = timer_new(CLOCK_VIRTUAL, record, "v");
    other = timer_new(CLOCK_VIRTUAL, record, "o");
    j.victim = victim;
    j.other = other;
    timer_mod(j.self, now + 10);
    timer_mod(victim, now + 20);
    clock_icount_add(30);

    /* self runs once (its re-arm waits), victim was deleted, other not yet due. */
    g_assert_true(timers_run_expired());
    g_assert_cmpint(j.runs, ==, 1);
    g_assert_cmpstr(fired->str, ==, "");
    g_assert_true(timer_pending(j.self));
    g_assert_false(timer_pending(victim));
    g_assert_true(timer_pending(other));

    j.victim = NULL;
    j.other = NULL;
    g_assert_true(timers_run_expired());
    g_assert_cmpint(j.runs, ==, 2);
    clock_icount_add(10);
    g_assert_true(timers_run_expired());
    g_assert_cmpint(j.runs, ==, 3);
    g_assert_cmpstr(fired->str, ==, "o");

    timer_free(j.self);
    timer_free(victim);
    timer_free(other);
    clock_icount_enable(-1);
    g_string_free(fired, TRUE);
}

static void test_stopped_timers_wait(void)
{
    Timer *v, *h;

    fired = g_string_new(NULL);
    v = timer_new(CLOCK_VIRTUAL, record, "v");
    h = timer_new(CLOCK_HOST, record, "h");
    clock_virtual_stop();
    timer_mod(v, clock_get_ns(CLOCK_VIRTUAL) - 1);
    timer_mod(h, clock_get_ns(CLOCK_HOST) - 1);
    g_assert_cmpint(timers_deadline_ns(CLOCK_VIRTUAL), ==, -1);
    g_assert_cmpint(timers_deadline_ns(CLOCK_HOST), ==, 0);
    g_assert_true(timers_run_expired());
    g_assert_cmpstr(fired->str, ==, "h");
    clock_virtual_start();
    g_assert_true(timers_run_expired());
    g_assert_cmpstr(fired->str, ==, "hv");
    g_assert_false(timers_run_expired());
    timer_free(v);
    timer_free(h);
    g_string_free(fired, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/timer/virtual-frozen", test_virtual_frozen_while_stopped);
    g_test_add_func("/timer/host", test_host_clock);
    g_test_add_func("/timer/order", test_timers_in_order);
    g_test_add_func("/timer/icount-budget", test_icount_budget);
    g_test_add_func("/timer/rearm", test_callbacks_rearm);
    g_test_add_func("/timer/stopped", test_stopped_timers_wait);
    return g_test_run();
}
