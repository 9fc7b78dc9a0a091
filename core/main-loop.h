/*
 * The main loop: runs the vCPUs round-robin in time slices on one host thread,
 * fires timers, and dispatches glib sources (stdin, gdb socket) in between.
 * When every vCPU is idle it sleeps until the next timer or input.
 */
#ifndef CORE_MAIN_LOOP_H
#define CORE_MAIN_LOOP_H

#include <stdbool.h>

typedef struct Machine Machine;
typedef struct MachineClass MachineClass;

/* Returns the process exit status. */
int main_loop_run(const MachineClass *mc, Machine *m);

void vm_stop(void);
void vm_start(void);
bool vm_running(void);
/* The VM has run at some point (false under -S until the first cont). */
bool vm_started(void);
/* Wake the main loop if it is sleeping (input arrived, CPU kicked). */
void main_loop_notify(void);

/*
 * -no-shutdown: a power-off (or a panic, or a reset under -no-reboot) stops
 * the VM in the "shutdown" state instead of ending the process, as QEMU
 * does; the monitor still answers, cont is refused until system_reset.
 */
void main_loop_set_no_shutdown(bool no_shutdown);
/* Stopped by a guest shutdown under -no-shutdown (QEMU's runstate "shutdown"). */
bool vm_is_shut_down(void);
void vm_set_shut_down(bool shut_down);

/* -no-reboot: a reset request ends the process (status 0) instead. */
void main_loop_set_no_reboot(bool no_reboot);
/* -icount sleep=off: an idle guest's clock jumps to the next timer at once. */
void main_loop_set_icount_sleep(bool sleep);

/*
 * Called when a CPU stops on a breakpoint, watchpoint or single step
 * (CPU_EXIT_DEBUG), after the VM was stopped. Set by the gdb stub.
 */
typedef struct CPUState CPUState;
extern void (*gdbstub_debug_hook)(CPUState *cs);

#endif
