/*
 * The human monitor (HMP-like) on a chardev: one command per line, one reply
 * per command, errors as lines starting "Error:". Subsystems add commands to
 * one table with monitor_register_commands().
 */
#ifndef CORE_MONITOR_H
#define CORE_MONITOR_H

#include <glib.h>
#include <stdbool.h>

#include "core/chardev.h"

typedef struct Monitor Monitor;
typedef struct Machine Machine;
typedef struct MachineClass MachineClass;

typedef struct MonitorCommand {
    const char *name;
    const char *args;       /* usage text, e.g. "[/fmt] addr" */
    const char *help;
    /* argv[0] is the command name; argv[1..] the whitespace-split arguments. */
    void (*fn)(Monitor *mon, int argc, char **argv, const char *rest);
    /*
     * It reads a vCPU's registers, SLB or TLB, or translates through them: with a
     * thread per vCPU it runs with the world stopped (cpu_pause_all), so it never
     * sees a half-written SLB entry or fills a TLB its vCPU is using.
     */
    bool reads_vcpus;
} MonitorCommand;

/* `info` subcommands are separate so `info` alone can list them. */
typedef struct MonitorInfoCommand {
    const char *name;
    const char *help;
    void (*fn)(Monitor *mon, int argc, char **argv);
} MonitorInfoCommand;

void monitor_init(Chardev *chr);
/* Detach and free the monitor monitor_init made (at exit). */
void monitor_cleanup(void);
/* A monitor on chr (a mux gets a new front end); monitor_init uses this, tests too. */
Monitor *monitor_new(Chardev *chr);
void monitor_free(Monitor *mon);
/* `info TOPIC` falls back to mc->info(m, ...) for topics no table has. */
void monitor_set_machine(const MachineClass *mc, Machine *m);
void monitor_register_commands(const MonitorCommand *cmds);      /* NULL-name terminated */
void monitor_register_info(const MonitorInfoCommand *cmds);      /* NULL-name terminated */
void monitor_printf(Monitor *mon, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "Error: <msg>\n" */
void monitor_error(Monitor *mon, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Run one command line (also used by tests). */
void monitor_handle_line(Monitor *mon, const char *line);
/* The CPU selected with `cpu N` (default 0). */
int monitor_current_cpu(Monitor *mon);
/*
 * Run one command line on a monitor of its own, with CPU cpu selected, and
 * return everything it printed (errors included): QMP's
 * human-monitor-command. Free with g_free.
 */
char *monitor_run_captured(const char *line, int cpu);
/* system_powerdown (monitor and QMP): the machine's hook, then the POWERDOWN event. */
bool monitor_system_powerdown(Error **errp);
/* The machine given to monitor_set_machine (NULL before). */
Machine *monitor_machine(void);

/*
 * Asynchronous commands (core/monitor-wait.h builds the waits on these): the
 * handler calls monitor_suspend() and returns; the monitor then takes no
 * more input and prints no prompt until monitor_resume(), which the command
 * calls after its reply. monitor_suspend fails (printing an Error: line)
 * where nothing can wait: QMP's human-monitor-command.
 */
bool monitor_suspend(Monitor *mon);
void monitor_resume(Monitor *mon);
bool monitor_is_suspended(Monitor *mon);

/*
 * -monitor-script FILE: a monitor on chr (the file in, stdout out) that
 * echoes each command after the prompt and, at its first Error: line,
 * stops reading and ends the run with exit status 1.
 */
Monitor *monitor_new_script(Chardev *chr);
/*
 * At exit: did the script run to its end (or to `quit`)? If not, why,
 * in one line (the machine stopped while it waited, or before its end).
 */
bool monitor_script_finished(Monitor *mon, GString *why);

#endif
