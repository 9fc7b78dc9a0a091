/*
 * The gdb remote stub (GDB Remote Serial Protocol over TCP): `-s`, `-gdb
 * tcp::PORT` and the monitor's `gdbserver`. The protocol engine itself is in
 * core/gdbstub-protocol.c; this is the socket and main-loop side.
 *
 * Contract with the main loop:
 *  - when the engine (accel_exec) returns CPU_EXIT_DEBUG for a vCPU, the main loop stops
 *    the VM (vm_stop) and, if gdbstub_debug_hook (main-loop.h) is not NULL,
 *    calls it with that vCPU: the stub then sends gdb its stop reply;
 *  - the main loop skips vCPUs whose CPUState.stopped is set (the stub stops
 *    all but one vCPU while gdb single-steps it);
 *  - the socket is served by sources on glib's default main context, which
 *    the main loop dispatches between time slices and while the VM is stopped;
 *  - when main_loop_run() returns, main calls gdbstub_report_exit(status) so
 *    an attached gdb sees the guest exit; gdb's `kill` asks for a
 *    SHUTDOWN_QUIT like the monitor's `quit`.
 */
#ifndef CORE_GDBSTUB_H
#define CORE_GDBSTUB_H

#include <stdbool.h>

#include "core/cpu.h"
#include "core/error.h"
#include "core/main-loop.h"

/*
 * Listen for gdb. spec is "tcp::PORT" (loopback only), "tcp:HOST:PORT" or
 * just "PORT". Replaces a previous listener. false + errp if the spec is bad
 * or the port cannot be bound.
 */
bool gdbstub_init(const char *spec, Error **errp);
/* The port currently listened on, or -1. */
int gdbstub_port(void);
/* gdbstub_debug_hook (main-loop.h) is set by gdbstub_init(); see the contract above. */
/* Tell an attached gdb the guest is gone ("W<status>"). */
void gdbstub_report_exit(int status);
/* Add `gdbserver`, `singlestep` and `gva2gpa` to the monitor (once, from main). */
void gdbstub_monitor_register(void);

#endif
