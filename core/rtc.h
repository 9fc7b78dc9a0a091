/*
 * The guest's real-time clock as -rtc sets it up (QEMU's qemu-options.hx,
 * "-rtc"): a start date (base=utc, localtime or a fixed DATE) that then
 * advances with a chosen reference clock:
 *   clock=host  the host's wall clock (the default),
 *   clock=rt    the host's monotonic clock (immune to host time changes),
 *   clock=vm    the virtual clock: it stands still while the VM is stopped
 *               and, with -icount, advances with executed instructions.
 * The machine's RTC device reads it and the guest may set it; a set date
 * persists until the process ends (a guest reboot keeps it, as in QEMU).
 */
#ifndef CORE_RTC_H
#define CORE_RTC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

typedef enum {
    RTC_CLOCK_HOST,
    RTC_CLOCK_RT,
    RTC_CLOCK_VM,
} RtcClock;

typedef struct GuestRtc {
    RtcClock clock;
    int64_t offset_ns;      /* guest time (ns since the epoch, UTC) - reference clock */
} GuestRtc;

/* "host", "rt", "vm" -> the clock; false for anything else. */
bool rtc_clock_parse(const char *name, RtcClock *out);
/*
 * Check base=: "utc", "localtime", "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS"
 * (a real calendar date, read as UTC). *start_s (may be NULL) is the guest's
 * start time in seconds since the epoch: now, now in local time written as
 * UTC (what a guest that keeps its clock in local time expects), or DATE.
 */
bool rtc_base_parse(const char *base, int64_t *start_s, Error **errp);
/* Start rtc at start_s on clock (base NULL = utc). */
bool guest_rtc_init(GuestRtc *rtc, const char *base, RtcClock clock, Error **errp);
/* Guest time now, ns since the epoch (UTC). */
int64_t guest_rtc_now_ns(const GuestRtc *rtc);
/* The guest sets its clock to unix_s (seconds since the epoch, UTC). */
void guest_rtc_set(GuestRtc *rtc, int64_t unix_s);

#endif
