/*
 * Clocks and timers (see timer.h).
 *
 * CLOCK_VIRTUAL is the host's monotonic clock minus an offset that grows by
 * however long the machine was stopped, so guest time stands still while
 * stopped and resumes without a jump. Under icount it is instead a base plus
 * executed instructions << shift. Timers sit in one list per clock, sorted by
 * deadline; the main loop runs the expired ones between CPU slices.
 */
#include "core/timer.h"

#include <glib.h>
#include <time.h>

#include "core/cpu-threads.h"
#include "core/main-loop.h"

struct Timer {
    ClockType type;
    TimerCB *cb;
    void *opaque;
    int64_t expire;
    bool pending;
    uint64_t armed_seq;     /* when it was last armed, to spot re-arms during a run */
    Timer *next;
};

static Timer *timer_lists[2];   /* indexed by ClockType */
static uint64_t arm_seq;

static struct {
    bool initialized;
    bool running;
    int64_t offset;         /* virtual = host monotonic - offset, while running */
    int64_t frozen;         /* the virtual time at which it stopped */
    int icount_shift;       /* -1: icount off */
    int64_t icount_base;    /* virtual ns when icount was enabled */
    uint64_t icount_insns;  /* instructions counted since then */
} vclock = { .icount_shift = -1 };

static int64_t host_ns(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

/* Guest time starts at zero when first looked at, and runs from then on. */
static void vclock_init(void)
{
    if (!vclock.initialized) {
        vclock.initialized = true;
        vclock.running = true;
        vclock.offset = host_ns(CLOCK_MONOTONIC);
    }
}

/*
 * vCPU threads read the clock (mftb, mfdec) without the big lock while the
 * main loop stops it (vm_stop, before it waits for them to park): running is
 * stored last with release and read with acquire, so a reader that sees it
 * stopped sees the frozen time; offset does not change while it runs. (It
 * starts only with every vCPU thread parked; icount has no threads.)
 */
static int64_t virtual_ns(void)
{
    vclock_init();
    if (vclock.icount_shift >= 0) {
        return vclock.icount_base + (int64_t)(vclock.icount_insns << vclock.icount_shift);
    }
    if (!__atomic_load_n(&vclock.running, __ATOMIC_ACQUIRE)) {
        return __atomic_load_n(&vclock.frozen, __ATOMIC_RELAXED);
    }
    return host_ns(CLOCK_MONOTONIC) - __atomic_load_n(&vclock.offset, __ATOMIC_RELAXED);
}

int64_t clock_get_ns(ClockType type)
{
    return type == CLOCK_VIRTUAL ? virtual_ns() : host_ns(CLOCK_REALTIME);
}

void clock_virtual_stop(void)
{
    vclock_init();
    if (vclock.running) {
        __atomic_store_n(&vclock.frozen, virtual_ns(), __ATOMIC_RELAXED);
        __atomic_store_n(&vclock.running, false, __ATOMIC_RELEASE);
    }
}

void clock_virtual_start(void)
{
    vclock_init();
    if (!vclock.running) {
        __atomic_store_n(&vclock.offset, host_ns(CLOCK_MONOTONIC) - vclock.frozen, __ATOMIC_RELAXED);
        __atomic_store_n(&vclock.running, true, __ATOMIC_RELEASE);
    }
}

bool clock_virtual_running(void)
{
    vclock_init();
    return vclock.running;
}

/* Switching in or out of icount keeps guest time continuous. */
void clock_icount_enable(int shift)
{
    /*
     * Enabled at start-up (before anything read the clock), guest time starts
     * at exactly 0 rather than at the few host nanoseconds start-up took:
     * otherwise two runs differ in the rounding of every timebase read.
     */
    int64_t now = vclock.initialized ? virtual_ns() : 0;

    vclock_init();

    if (shift > 30) {
        shift = 30;
    }
    if (shift < 0) {
        vclock.icount_shift = -1;
        vclock.frozen = now;
        vclock.offset = host_ns(CLOCK_MONOTONIC) - now;
        return;
    }
    vclock.icount_shift = shift;
    vclock.icount_base = now;
    vclock.icount_insns = 0;
}

bool clock_icount_enabled(void)
{
    return vclock.icount_shift >= 0;
}

void clock_icount_add(uint64_t insns)
{
    if (vclock.icount_shift >= 0) {
        vclock.icount_insns += insns;
    }
}

int64_t clock_icount_budget(void)
{
    int64_t ns, unit;

    if (vclock.icount_shift < 0 || !timer_lists[CLOCK_VIRTUAL]) {
        return INT64_MAX;
    }
    ns = timer_lists[CLOCK_VIRTUAL]->expire - virtual_ns();
    if (ns <= 0) {
        return 0;
    }
    unit = (int64_t)1 << vclock.icount_shift;
    return ns / unit + (ns % unit != 0);
}

void clock_icount_warp_to_deadline(void)
{
    int64_t ns;

    if (vclock.icount_shift < 0 || !vclock.running || !timer_lists[CLOCK_VIRTUAL]) {
        return;
    }
    ns = timer_lists[CLOCK_VIRTUAL]->expire - virtual_ns();
    if (ns > 0) {
        vclock.icount_base += ns;
    }
}

/* ---- Timers ---------------------------------------------------------------- */

Timer *timer_new(ClockType type, TimerCB *cb, void *opaque)
{
    Timer *t = g_new0(Timer, 1);

    t->type = type;
    t->cb = cb;
    t->opaque = opaque;
    return t;
}

void timer_free(Timer *t)
{
    if (t) {
        timer_del(t);
        g_free(t);
    }
}

void timer_del(Timer *t)
{
    Timer **p;

    if (!t->pending) {
        return;
    }
    for (p = &timer_lists[t->type]; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->next = NULL;
    t->pending = false;
}

void timer_mod(Timer *t, int64_t expire_ns)
{
    Timer **p;

    timer_del(t);
    t->expire = expire_ns;
    t->armed_seq = ++arm_seq;
    /* After any with the same deadline: equal deadlines fire in arming order. */
    for (p = &timer_lists[t->type]; *p && (*p)->expire <= expire_ns; p = &(*p)->next) {
    }
    t->next = *p;
    *p = t;
    t->pending = true;
    /*
     * Armed by a vCPU thread (with the big lock) as the earliest: the main
     * loop may be asleep until a later deadline, so it must look again.
     */
    if (timer_lists[t->type] == t && cpu_current()) {
        main_loop_notify();
    }
}

bool timer_pending(const Timer *t)
{
    return t->pending;
}

int64_t timers_deadline_ns(ClockType type)
{
    int64_t ns;

    /* A stopped virtual clock never reaches any deadline. */
    if (!timer_lists[type] || (type == CLOCK_VIRTUAL && !clock_virtual_running())) {
        return -1;
    }
    ns = timer_lists[type]->expire - clock_get_ns(type);
    return ns > 0 ? ns : 0;
}

/*
 * Callbacks may arm or delete any timer, so the list is searched afresh after
 * each one. A timer armed during this run waits for the next run even if it
 * is already due, so a callback that re-arms itself in the past cannot spin.
 */
static bool run_clock(ClockType type)
{
    uint64_t seq_at_start = arm_seq;
    int64_t now = clock_get_ns(type);
    bool ran = false;

    for (;;) {
        Timer *t = timer_lists[type];

        while (t && t->expire <= now && t->armed_seq > seq_at_start) {
            t = t->next;
        }
        if (!t || t->expire > now) {
            return ran;
        }
        timer_del(t);
        t->cb(t->opaque);
        ran = true;
    }
}

bool timers_run_expired(void)
{
    bool ran = false;

    if (clock_virtual_running()) {
        ran |= run_clock(CLOCK_VIRTUAL);
    }
    ran |= run_clock(CLOCK_HOST);
    return ran;
}
