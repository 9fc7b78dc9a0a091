/*
 * The guest real-time clock behind -rtc (see rtc.h). QEMU keeps the same
 * model: an offset from a reference clock, fixed at start from base= and
 * changed when the guest sets the date.
 */
#include "core/rtc.h"

#include <ctype.h>
#include <glib.h>
#include <string.h>
#include <time.h>

#include "core/timer.h"

bool rtc_clock_parse(const char *name, RtcClock *out)
{
    static const struct {
        const char *name;
        RtcClock clock;
    } clocks[] = {
        { "host", RTC_CLOCK_HOST },
        { "rt", RTC_CLOCK_RT },
        { "vm", RTC_CLOCK_VM },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(clocks); i++) {
        if (!strcmp(name, clocks[i].name)) {
            *out = clocks[i].clock;
            return true;
        }
    }
    return false;
}

/* The reference clock's reading, ns. */
static int64_t reference_ns(RtcClock clock)
{
    switch (clock) {
    case RTC_CLOCK_HOST:
        return clock_get_ns(CLOCK_HOST);
    case RTC_CLOCK_RT:
        return g_get_monotonic_time() * 1000;
    case RTC_CLOCK_VM:
        return clock_get_ns(CLOCK_VIRTUAL);
    }
    return 0;
}

/* "dddd-dd-dd" or "dddd-dd-ddTdd:dd:dd", digits where d stands. */
static bool date_shape_ok(const char *s)
{
    static const char pattern[] = "dddd-dd-ddTdd:dd:dd";
    size_t n = strlen(s);

    if (n != 10 && n != sizeof(pattern) - 1) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (pattern[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pattern[i]) {
            return false;
        }
    }
    return true;
}

bool rtc_base_parse(const char *base, int64_t *start_s, Error **errp)
{
    int64_t now = g_get_real_time() / G_USEC_PER_SEC;
    int64_t out = now;

    if (!base || !strcmp(base, "utc")) {
        /* now */
    } else if (!strcmp(base, "localtime")) {
        GDateTime *local = g_date_time_new_now_local();
        out = now + g_date_time_get_utc_offset(local) / G_TIME_SPAN_SECOND;
        g_date_time_unref(local);
    } else {
        g_autofree char *iso = NULL;
        GTimeZone *utc;
        GDateTime *when;

        if (!date_shape_ok(base)) {
            goto bad;
        }
        /* glib checks the calendar (month 1-12, day of that month, hour 0-23, ...). */
        iso = strchr(base, 'T') ? g_strdup(base) : g_strconcat(base, "T00:00:00", NULL);
        utc = g_time_zone_new_utc();
        when = g_date_time_new_from_iso8601(iso, utc);
        g_time_zone_unref(utc);
        if (!when) {
            goto bad;
        }
        out = g_date_time_to_unix(when);
        g_date_time_unref(when);
    }
    if (start_s) {
        *start_s = out;
    }
    return true;
bad:
    error_setg(errp, "-rtc: invalid base '%s' (utc, localtime, or a date as 2006-06-17 or "
               "2006-06-17T16:01:21)", base);
    return false;
}

bool guest_rtc_init(GuestRtc *rtc, const char *base, RtcClock clock, Error **errp)
{
    int64_t start_s;

    if (!rtc_base_parse(base, &start_s, errp)) {
        return false;
    }
    rtc->clock = clock;
    rtc->offset_ns = start_s * 1000000000 - reference_ns(clock);
    return true;
}

int64_t guest_rtc_now_ns(const GuestRtc *rtc)
{
    return reference_ns(rtc->clock) + rtc->offset_ns;
}

void guest_rtc_set(GuestRtc *rtc, int64_t unix_s)
{
    rtc->offset_ns = unix_s * 1000000000 - reference_ns(rtc->clock);
}
