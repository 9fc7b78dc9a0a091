/*
 * Clocks and timers.
 *
 * CLOCK_HOST is wall time. CLOCK_VIRTUAL is guest time: it advances with the
 * host's monotonic clock while the machine runs and stands still while it is
 * stopped; with -icount shift=N it advances by 2^N ns per executed guest
 * instruction instead, so a run is deterministic. Timers on CLOCK_VIRTUAL fire
 * from the main loop between CPU time slices.
 */
#ifndef CORE_TIMER_H
#define CORE_TIMER_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    CLOCK_VIRTUAL,
    CLOCK_HOST,
} ClockType;

#define NANOSECONDS_PER_SECOND 1000000000LL

typedef struct Timer Timer;
typedef void TimerCB(void *opaque);

int64_t clock_get_ns(ClockType type);

/* Virtual clock control (main loop and monitor stop/cont). */
void clock_virtual_start(void);
void clock_virtual_stop(void);
bool clock_virtual_running(void);
/* -icount shift=N: N >= 0 enables it (N is capped at 30), N < 0 turns it off. */
void clock_icount_enable(int shift);
bool clock_icount_enabled(void);
/* The engine reports instructions executed; only counted under icount. */
void clock_icount_add(uint64_t insns);
/* Instructions until the next virtual timer deadline (icount), or INT64_MAX. */
int64_t clock_icount_budget(void);
/*
 * Under icount, when every vCPU is idle no instruction moves time on: jump the
 * virtual clock to the next timer deadline instead (no-op otherwise).
 */
void clock_icount_warp_to_deadline(void);

Timer *timer_new(ClockType type, TimerCB *cb, void *opaque);
void timer_free(Timer *t);
/* Fire once when the clock reaches expire_ns (absolute). */
void timer_mod(Timer *t, int64_t expire_ns);
void timer_del(Timer *t);
bool timer_pending(const Timer *t);

/*
 * Nanoseconds until the earliest pending timer of type, or -1 if none (or if
 * type is CLOCK_VIRTUAL and the virtual clock is stopped). Under icount the
 * virtual figure is guest time; use clock_icount_budget to size a slice.
 */
int64_t timers_deadline_ns(ClockType type);
/*
 * Run every expired timer (virtual ones only while the virtual clock runs);
 * returns true if any ran. Callbacks may arm or delete any timer; one armed
 * for a time already past runs on the next call, not in this one.
 */
bool timers_run_expired(void);

#endif
