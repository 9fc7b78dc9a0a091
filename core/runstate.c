/*
 * Run state: whether the VM runs (vm_stop/vm_start, declared in main-loop.h)
 * and what shutdown the guest or the user asked for (machine.h). Kept apart
 * from the main loop so that the monitor, chardevs and devices can use it
 * without pulling in the engine.
 */
#include "core/cpu-threads.h"
#include "core/cpu.h"
#include "core/events.h"
#include "core/machine.h"
#include "core/main-loop.h"
#include "core/timer.h"

static bool running;
static bool started;            /* ever: before the first start (-S) QMP says "prelaunch" */
static ShutdownCause shutdown_request = SHUTDOWN_NONE;
static bool shutdown_by_host;
static PanicAction panic_action = PANIC_ACTION_SHUTDOWN;
static bool shut_down;          /* -no-shutdown stopped the VM after a guest shutdown */

/*
 * Also before the first start (-S): the virtual clock runs from its first
 * reading. STOP and RESUME are raised on a real change only, as QEMU does.
 */
void vm_stop(void)
{
    bool was_running = running;

    running = false;
    clock_virtual_stop();
    cpu_exit_all();
    /* On the main loop, the vCPU threads are out of guest code when this returns. */
    cpu_threads_wait_parked();
    if (was_running) {
        event_emit("STOP", NULL);
    }
}

void vm_start(void)
{
    if (!running) {
        running = true;
        started = true;
        clock_virtual_start();
        event_emit("RESUME", NULL);
    }
    cpu_threads_wake_all();
}

bool vm_is_shut_down(void)
{
    return shut_down;
}

void vm_set_shut_down(bool on)
{
    shut_down = on;
}

bool vm_started(void)
{
    return started;
}

bool vm_running(void)
{
    return running;
}

/*
 * A request stands until the main loop acts on it. Only a reset may be
 * replaced (by an exit), so that a guest reboot cannot cancel a quit typed at
 * the monitor in the same time slice.
 */
void machine_request_shutdown(ShutdownCause cause)
{
    if (shutdown_request == SHUTDOWN_NONE || shutdown_request == SHUTDOWN_RESET) {
        shutdown_request = cause;
        shutdown_by_host = false;
    }
    cpu_exit_all();
    main_loop_notify();     /* asked from a vCPU thread: the main loop acts on it */
}

void machine_set_panic_action(PanicAction action)
{
    panic_action = action;
}

PanicAction machine_panic_action(void)
{
    return panic_action;
}

void machine_guest_panicked(void)
{
    static const char *const actions[] = {
        [PANIC_ACTION_SHUTDOWN] = "poweroff",
        [PANIC_ACTION_EXIT_FAILURE] = "poweroff",
        [PANIC_ACTION_PAUSE] = "pause",
        [PANIC_ACTION_NONE] = "run",
    };
    JsonObject *data = json_object_new();

    json_object_set_string_member(data, "action", actions[panic_action]);
    event_emit("GUEST_PANICKED", data);
    switch (panic_action) {
    case PANIC_ACTION_SHUTDOWN:
    case PANIC_ACTION_EXIT_FAILURE:
        machine_request_shutdown(SHUTDOWN_PANIC);
        break;
    case PANIC_ACTION_PAUSE:
        vm_stop();
        break;
    case PANIC_ACTION_NONE:
        break;
    }
}

void machine_request_shutdown_host(ShutdownCause cause)
{
    if (shutdown_request == SHUTDOWN_NONE || shutdown_request == SHUTDOWN_RESET) {
        machine_request_shutdown(cause);
        shutdown_by_host = true;
    }
}

bool machine_shutdown_by_host(void)
{
    return shutdown_by_host;
}

ShutdownCause machine_shutdown_requested(void)
{
    return shutdown_request;
}

void machine_clear_shutdown_request(void)
{
    shutdown_request = SHUTDOWN_NONE;
    shutdown_by_host = false;
}
