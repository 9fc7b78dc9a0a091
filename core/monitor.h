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


#endif
