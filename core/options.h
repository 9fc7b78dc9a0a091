/*
 * The command line: a QEMU-compatible subset for -M pseries (see
 * qemu-system-ppc64 -help), parsed into a MachineConfig plus the settings of
 * the front end (chardevs, monitor, logging, gdb, icount).
 *
 * options_parse() is a pure function: it only fills Options, so the caller
 * (core/main.c) decides what to do with -help, -version and the `help` forms.
 */
#ifndef CORE_OPTIONS_H
#define CORE_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "core/machine.h"
#include "core/net-config.h"

/* -qmp DEV (spec set) or -mon chardev=ID (chardev_id set). */
typedef struct MonitorConfig {
    char *spec;             /* chardev_new() spec of its own back end */
    char *chardev_id;       /* a -chardev's id */
    bool control;           /* QMP; else the human monitor */
} MonitorConfig;

typedef struct Options {
    /*
     * machine_type and cpu_model are as given (main checks them against the
     * machines built in); NULL, and ram_size 0, mean the machine's default. smp/max_cpus are at least 1. serial is left NULL:
     * main creates it from serial_spec.
     */
    MachineConfig cfg;
    int sockets, cores, threads;    /* -smp topology; sockets*cores*threads == max_cpus */

    /*
     * Back ends after the -nographic / -nodefaults / -display rules:
     * NULL = none, else "stdio", "null", "file:PATH" or "mon:stdio" (the stdio
     * mux shared with the monitor; then monitor_spec is NULL and the monitor
     * joins the mux).
     */
    char *serial_spec;
    char *monitor_spec;
    bool monitor_on_mux;        /* the monitor shares the stdio mux with the serial */
    GPtrArray *monitors;        /* of MonitorConfig *: -qmp and -mon, in order */
    GPtrArray *chardevs;        /* -chardev arguments, unparsed (core/chardev-opts.c) */
    GPtrArray *objects;         /* -object arguments, unparsed (core/rng-backend.c) */

    bool nographic;
    bool start_stopped;         /* -S */
    bool no_shutdown;           /* -no-shutdown: a guest power-off stops the VM instead */
    char *pidfile;              /* -pidfile FILE */
    GPtrArray *globals;         /* -global: driver, property, value, driver, ... */
    bool firmware_dirs_help;    /* -L help */
    int gdb_port;               /* -s / -gdb tcp::PORT; -1 = no gdb stub */
    char *monitor_script;       /* -monitor-script FILE */
    char *log_categories;       /* -d, unparsed ("help" lists them) */
    char *log_file;             /* -D */
    int icount_shift;           /* -icount shift=N; -1 = off */
    bool icount_sleep;          /* -icount sleep=on|off (default on) */
    char *accel;                /* -accel NAME (or -M accel=NAME); NULL: the default engine */
    bool accel_is_list;         /* -M accel=A:B:...: the first one built in (QEMU) */
    PanicAction panic_action;   /* -action panic=ACTION (QEMU's default: shutdown) */
    GPtrArray *accel_props;     /* -accel NAME,KEY=VALUE: key, value, key, value, ... */
    NetConfig net;              /* -netdev, -nic */

    /* Print something and exit 0 (handled by the caller). */
    bool show_help;
    bool show_version;
    bool machine_help;          /* -M help */
    bool machine_props_help;    /* -M NAME,help: the machine's properties */
    bool accel_help;            /* -accel help */
    bool cpu_help;              /* -cpu help */
    char *object_help;          /* -object help, -object TYPE,help */
    /* A -device asking for help ("help", "DRIVER,help"): device_option_help() answers it. */
    char *device_help;
} Options;

/* Fill o from argv[1..argc-1]; false with one message in *errp on bad input. */
bool options_parse(int argc, char **argv, Options *o, Error **errp);
/* Release what options_parse allocated (also after a failed parse). */
void options_free(Options *o);
/* The -help text. */
void options_print_help(FILE *f);

/* Why ppc64-lite lacks QEMU 7.2 option NAME (no dash), or NULL if QEMU has no such
 * option either (core/options-absent.c). */
const char *options_absent_reason(const char *name);
/*
 * Parse a size with QEMU's -m rules: a plain number is in units of
 * default_unit; suffixes k/K, M, G, T (binary) and B; an optional fraction.
 */
bool options_parse_size(const char *str, uint64_t default_unit, uint64_t *out);
/*
 * Split "a,b=c,,d" at commas as QEMU's option strings are (",," is a literal
 * comma), for option parsers outside this file. Free with g_ptr_array_unref.
 */
GPtrArray *options_split(const char *s);

#endif
