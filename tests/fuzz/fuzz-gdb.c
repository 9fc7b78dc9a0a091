/*
 * Fuzz target "gdb": gdb remote protocol packets (core/gdbstub-protocol.c:
 * framing, checksums, acks, run-length data, and every packet it answers:
 * registers through ppc/gdb.c, memory through the vCPU's MMU, breakpoints
 * and watchpoints through core/cpu-debug.c, vCont, qSupported, qXfer, ...)
 * against the two POWER8 vCPUs of the pseries machine of fuzz-machine.h.
 * GDB's Remote Serial Protocol: a bad packet gets an error reply ("E.." or
 * the empty packet), never a crash, hang or leak.
 *
 * The engine is driven through its own interface (gdb_conn_new and
 * gdb_conn_input, what core/gdbstub.c's socket side calls) with target
 * operations like core/gdbstub.c's: the same vCPU list; replies are
 * discarded instead of sent; resume, stop and kill only flip the run state
 * (there is no main loop to run the vCPUs).
 *
 * Input: the bytes gdb sends, delivered in pieces split after each '#xx'
 * checksum or Ctrl-C, each piece timed as one request. After the input the
 * connection is closed and the breakpoints and watchpoints it left are
 * removed, as gdb's detach does.
 */
#include "core/cpu.h"
#include "core/gdbstub-protocol.h"
#include "core/main-loop.h"
#include "fuzz-machine.h"

static int target_cpu_count(void *opaque)
{
    return cpu_count();
}

static CPUState *target_cpu_get(void *opaque, int index)
{
    return cpu_by_index(index);
}

static void target_resume(void *opaque, CPUState *step_cpu)
{
    vm_start();
}

static void target_stop(void *opaque)
{
    vm_stop();
}

static void target_kill(void *opaque)
{
    machine_request_shutdown_host(SHUTDOWN_QUIT);
}

static void target_send(void *opaque, const uint8_t *buf, size_t len)
{
}

static const GdbTargetOps ops = {
    .cpu_count = target_cpu_count,
    .cpu_get = target_cpu_get,
    .resume = target_resume,
    .stop = target_stop,
    .kill = target_kill,
    .send = target_send,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_machine_up(NULL);
    return 0;
}

static void remove_debug_points(void)
{
    for (int i = 0; i < cpu_count(); i++) {
        CPUState *cs = cpu_by_index(i);

        while (cs->breakpoints->len) {
            cpu_breakpoint_remove(cs, g_array_index(cs->breakpoints, uint64_t, 0));
        }
        while (cs->watchpoints->len) {
            CPUWatchpoint w = g_array_index(cs->watchpoints, CPUWatchpoint, 0);

            cpu_watchpoint_remove(cs, w.addr, w.len, w.flags);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GdbConn *c;
    size_t start = 0;

    fuzz_machine_reset();
    vm_stop();
    c = gdb_conn_new(&ops, NULL);
    while (start < size) {
        size_t end = start;

        while (end < size && data[end] != '#' && data[end] != 0x03) {
            end++;
        }
        end = end + (end < size && data[end] == '#' ? 3 : 1);
        end = end < size ? end : size;
        fuzz_request_begin("gdb packet");
        gdb_conn_input(c, data + start, end - start);
        fuzz_request_end();
        start = end;
    }
    gdb_conn_free(c);
    remove_debug_points();
    machine_clear_shutdown_request();
    return 0;
}
