/*
 * Monitor commands for scripts that wait (issue 12): wait-console,
 * console-send and wait-event here, and a generic "wait until a condition
 * holds" for commands other subsystems register (hotplug/'s wait-drc), so
 * core/ knows nothing of what is waited for.
 *
 * A wait is an asynchronous monitor command: it suspends its monitor (no
 * further input is taken, replies stay in order) while the main loop and
 * the guest run on, and replies when the condition holds (nothing, as other
 * commands that succeed) or when its timeout passes ("Error: ..."). The
 * condition is checked when the wait starts, whenever something pokes the
 * waits (console output, an event), and every 10 ms of host time.
 */
#ifndef CORE_MONITOR_WAIT_H
#define CORE_MONITOR_WAIT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/chardev.h"
#include "core/monitor.h"

#define MONITOR_WAIT_DEFAULT_TIMEOUT_S 60

typedef struct MonitorWaitOps {
    /* True once the wait is over; may consume what it matched. */
    bool (*check)(void *state);
    /* What is waited for, for the timeout message ("DRC \"Slot 3\" in state configured"). */
    void (*describe)(void *state, GString *out);
    void (*free)(void *state);
} MonitorWaitOps;

/*
 * Start a wait for command name on mon; state belongs to the wait from now
 * on. If the condition already holds the command is done at once.
 */
void monitor_wait_begin(Monitor *mon, const char *name, const MonitorWaitOps *ops, void *state,
                        int64_t timeout_ns);
/* Something a wait may be waiting for happened: check the waits from the main loop soon. */
void monitor_wait_poke(void);
/* Check every wait now (the caller is in the main loop, not inside a CPU). */
void monitor_wait_check_now(void);
/* mon goes away: drop its wait without a reply. */
void monitor_wait_cancel(Monitor *mon);

/*
 * The guest console that wait-console watches and console-send types into
 * (the serial back end); also starts recording events for wait-event.
 */
void monitor_wait_set_console(Chardev *console);

/*
 * Helpers for wait commands: split arguments at white space, with
 * "double quotes" (and \" \\ inside them) for arguments that hold spaces;
 * NULL (and an Error: printed) for an unterminated quote. A timeout in
 * seconds (fractions allowed, up to a day); false with an Error: printed.
 */
char **monitor_wait_split_args(Monitor *mon, const char *rest);
bool monitor_wait_parse_timeout(Monitor *mon, const char *arg, int64_t *ns);

/* The commands of this file, for the monitor's table. */
extern const MonitorCommand monitor_wait_commands[];

#endif
