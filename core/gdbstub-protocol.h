/*
 * The gdb Remote Serial Protocol engine (gdb manual, appendix "Remote
 * Protocol"): framing with checksums and acks, and the commands a system
 * debugger needs. It owns no socket and no main loop: bytes come in through
 * gdb_conn_input(), replies go out through GdbTargetOps.send, and the
 * machine is reached through GdbTargetOps and each CPU's CPUOps, so the unit
 * tests drive it directly.
 */
#ifndef CORE_GDBSTUB_PROTOCOL_H
#define CORE_GDBSTUB_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cpu.h"

/* Largest packet payload we accept and advertise (qSupported PacketSize). */
#define GDB_MAX_PACKET 0x4000

/* Signals in stop replies (gdb's numbering). */
#define GDB_SIGINT  2
#define GDB_SIGTRAP 5

typedef struct GdbTargetOps {
    int (*cpu_count)(void *opaque);
    CPUState *(*cpu_get)(void *opaque, int index);
    /* Let the VM run; with step_cpu, only that vCPU runs, for one instruction. */
    void (*resume)(void *opaque, CPUState *step_cpu);
    /* Stop the VM now (gdb sent Ctrl-C). */
    void (*stop)(void *opaque);
    /* gdb sent 'k': end the emulator. */
    void (*kill)(void *opaque);
    void (*send)(void *opaque, const uint8_t *buf, size_t len);
} GdbTargetOps;

typedef struct GdbConn GdbConn;

GdbConn *gdb_conn_new(const GdbTargetOps *ops, void *opaque);
void gdb_conn_free(GdbConn *c);
/* Bytes from gdb, in any split. */
void gdb_conn_input(GdbConn *c, const uint8_t *buf, size_t len);
/*
 * The VM stopped because cpu hit a debug event (signal GDB_SIGTRAP): sends
 * the stop reply if gdb is waiting for one (after c/s/vCont).
 */
void gdb_conn_report_stop(GdbConn *c, CPUState *cpu, int signal);
/* The guest ended: "W<status>". */
void gdb_conn_report_exit(GdbConn *c, int status);
/* gdb asked the VM to run and has not yet been told it stopped. */
bool gdb_conn_running(const GdbConn *c);
/* gdb detached ('D'): the transport should close the connection. */
bool gdb_conn_closed(const GdbConn *c);

#endif
