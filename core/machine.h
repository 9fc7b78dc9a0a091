/*
 * The machine as core/ sees it: a configuration filled from the command line,
 * and the machine classes that build one. Machines are listed at build time
 * (PPC64LITE_MACHINES in CMakeLists.txt, read by core/registry.c), so core/
 * names none of them: -M finds one by name, -M help lists them.
 */
#ifndef CORE_MACHINE_H
#define CORE_MACHINE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/chardev.h"
#include "core/cpu.h"
#include "core/error.h"
#include "core/rtc.h"

typedef struct MachineConfig {
    const char *machine_type;   /* as given with -M, or NULL for the default machine */
    GHashTable *machine_props;  /* -M pseries,key=val: char* -> char* */
    const char *cpu_model;      /* the machine's name for it ("POWER8"), or NULL: its default */
    uint64_t ram_size;          /* bytes */
    int smp;
    int max_cpus;
    int cores;                  /* -smp cores=: cores per socket (>= 1) */
    int threads;                /* -smp threads=: hardware threads per core (>= 1) */
    const char *kernel;
    const char *initrd;
    const char *append;
    const char *bios;           /* NULL = built-in firmware */
    GPtrArray *devices;         /* -device strings */
    Chardev *serial;            /* console back end, or NULL */
    bool no_serial;             /* -serial none: no console device at all (QEMU) */
    bool no_reboot;
    bool nodefaults;
    const char *rtc_base;       /* -rtc base=utc|localtime|DATETIME */
    RtcClock rtc_clock;         /* -rtc clock=host|rt|vm */
    const char *nvram_file;
    const char *vm_name;        /* -name: the DT's ibm,partition-name; NULL = none */
    const char *uuid;           /* -uuid, lower-case canonical; NULL = none (all zeros) */
    const char *boot_once;      /* -boot once=DRIVES: the first boot's qemu,boot-device */
    bool boot_menu;             /* -boot menu=on: the DT's qemu,boot-menu */
    /* -L DIR: where firmware names (-bios NAME, the built-in image) are looked up first. */
    GPtrArray *firmware_dirs;
} MachineConfig;

typedef struct Machine Machine;

typedef struct MachineClass {
    const char *name;
    const char *desc;
    bool is_default;            /* the machine without -M */
    /*
     * Other names for this machine (QEMU's versioned ones, "pseries-7.2"),
     * NULL-terminated; -M help lists them. A NAME-X.Y that is not among them
     * is refused with old_versions_why.
     */
    const char *const *aliases;
    const char *old_versions_why;
    /* -M NAME,help: the machine's properties. Optional. */
    void (*props_help)(GString *out);
    /* The models -cpu accepts, ended by a { NULL } entry; default_cpu is one of them. */
    const CPUModel *cpu_models;
    const char *default_cpu;
    uint64_t default_ram;
    int max_smp;
    /*
     * Register the device types (and guest services) the machine offers, so
     * that `-device help` lists them before anything is built. Idempotent.
     */
    void (*register_types)(void);
    /*
     * Build RAM, CPUs and buses. NULL + errp on a bad configuration. The
     * -device devices are created after it returns (machine_create), so
     * nothing guest-visible that depends on them may be built here yet.
     */
    Machine *(*init)(const MachineConfig *cfg, Error **errp);
    /* Finish once the -device devices exist: device tree, images, reset. Optional. */
    bool (*init_done)(Machine *m, Error **errp);
    void (*reset)(Machine *m);
    /*
     * The power button (monitor system_powerdown): ask the guest to shut
     * itself down. False + errp if the request cannot be made now. Optional.
     */
    bool (*powerdown)(Machine *m, Error **errp);
    /* Monitor `info pic`, `info hcall`, ...: false if the topic is unknown. */
    bool (*info)(Machine *m, const char *topic, GString *out);
    /* The topics info() knows, for the `info` listing: "name", "help" pairs, NULL-terminated. */
    const char *const *info_topics;
} MachineClass;

/* ---- the machines built in (core/registry.c) ---- */

/* By name (or alias); NULL if this build has no such machine. */
const MachineClass *machine_class_find(const char *name);
/*
 * The error for a name machine_class_find did not find: QEMU's "unsupported
 * machine type", with the reason when it is an old version of a machine.
 */
char *machine_class_unknown_message(const char *name);
/* The one marked is_default, else the first listed. */
const MachineClass *machine_class_default(void);
/* -M help */
void machine_class_list(GString *out);

/* ---- CPU models (core/machine.c) ---- */

/* The model name is for (an alias gives the model it stands for); NULL if unknown. */
const CPUModel *machine_cpu_model_find(const MachineClass *mc, const char *name);
/* -cpu help */
void machine_cpu_model_list(const MachineClass *mc, GString *out);

/*
 * Build the machine the way every run does (DESIGN.md, "The flows" 1):
 * mc->init, then every -device of cfg through the device model (the path
 * device_add takes too), then mc->init_done. The error names the -device
 * that failed.
 */
Machine *machine_create(const MachineClass *mc, const MachineConfig *cfg, Error **errp);

/*
 * -name and -uuid (copied): `info name`, `info uuid`, QMP query-name and
 * query-uuid read them; the machine puts them in its device tree.
 */
void machine_set_identity(const char *vm_name, const char *uuid);
const char *machine_vm_name(void);     /* NULL without -name */
const char *machine_uuid(void);        /* all zeros without -uuid, as QEMU shows it */

/* What the guest asked for; the main loop acts on it. */
typedef enum {
    SHUTDOWN_NONE,
    SHUTDOWN_POWEROFF,      /* exit 0 */
    SHUTDOWN_RESET,         /* reboot (or exit 0 with -no-reboot) */
    SHUTDOWN_PANIC,         /* exit 0, or 1 with -action panic=exit-failure (QEMU) */
    SHUTDOWN_QUIT,          /* monitor quit: exit 0 */
    SHUTDOWN_ERROR,         /* emulator error: exit 1 */
} ShutdownCause;

void machine_request_shutdown(ShutdownCause cause);

/*
 * What a guest panic (ibm,os-term on pseries) does: QEMU 7.2's -action
 * panic=, whose default is shutdown (the run ends with status 0).
 */
typedef enum {
    PANIC_ACTION_SHUTDOWN,      /* end the run, exit status 0 */
    PANIC_ACTION_EXIT_FAILURE,  /* end the run, exit status 1 */
    PANIC_ACTION_PAUSE,         /* stop the vCPUs; the monitor stays */
    PANIC_ACTION_NONE,          /* the guest carries on */
} PanicAction;

void machine_set_panic_action(PanicAction action);
PanicAction machine_panic_action(void);
/* The guest said it panicked: a GUEST_PANICKED event, then the -action panic= action. */
void machine_guest_panicked(void);
/* The same, asked by the user (monitor, QMP): the SHUTDOWN/RESET events say so. */
void machine_request_shutdown_host(ShutdownCause cause);
bool machine_shutdown_by_host(void);
ShutdownCause machine_shutdown_requested(void);
void machine_clear_shutdown_request(void);

#endif
