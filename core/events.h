/*
 * Machine events, named and shaped as QEMU's QMP events (qapi/run-state.json,
 * qapi/qdev.json): SHUTDOWN, RESET, STOP, RESUME, POWERDOWN, DEVICE_DELETED.
 * The run-state code and the device model raise them here; QMP sessions and
 * the monitor's wait-event listen. Raising one costs nothing when nobody
 * listens.
 */
#ifndef CORE_EVENTS_H
#define CORE_EVENTS_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdint.h>

#include "core/machine.h"

typedef struct Device Device;

/*
 * name, its data object (NULL: the event has none) and the host time it
 * happened (microseconds since the Unix epoch). data belongs to the caller.
 */
typedef void EventListenerFn(void *opaque, const char *name, JsonObject *data, int64_t when_us);

void event_listen(EventListenerFn *fn, void *opaque);
void event_unlisten(EventListenerFn *fn, void *opaque);

/* Raise an event; data (may be NULL) is consumed. */
void event_emit(const char *name, JsonObject *data);

/*
 * SHUTDOWN {guest, reason} for the way the machine is ending, and RESET
 * {guest, reason} for a reset it performs. by_host says whether the monitor
 * or QMP (system_reset, quit) asked rather than the guest. reason is QEMU's
 * ShutdownCause name.
 */
void event_shutdown(ShutdownCause cause, bool by_host);
void event_reset(bool by_host);
/* SHUTDOWN for a termination signal (reason host-signal). */
void event_shutdown_signal(void);

/*
 * DEVICE_DELETED {device: id (absent without one), path} comes from the
 * device model's notifier (core/device.h): for every device whose removal
 * was requested and has completed — device_del once the guest let go (or a
 * reset completed it), and what went with it (each function of the slot,
 * what sat on a removed PHB) — never for a failed device_add or at exit.
 * The path is QEMU's /machine/peripheral/ID, or
 * /machine/peripheral-anon/DRIVER without an id.
 */

#endif
