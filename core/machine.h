/*
 * The machine as core/ sees it: a configuration filled from the command line,
 * and one machine class (pseries, provided by ppc/spapr) that builds it.
 */
#ifndef CORE_MACHINE_H
#define CORE_MACHINE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/chardev.h"
#include "core/error.h"

typedef struct MachineConfig {
    const char *machine_type;   /* "pseries" */
    GHashTable *machine_props;  /* -M pseries,key=val: char* -> char* */
    const char *cpu_model;      /* "POWER8" */
    uint64_t ram_size;          /* bytes */
    int smp;
    int max_cpus;
    int threads;                /* -smp threads=: hardware threads per core (>= 1) */
    const char *kernel;
    const char *initrd;
    const char *append;
    const char *bios;           /* NULL = built-in firmware */
    GPtrArray *devices;         /* -device strings */
    Chardev *serial;            /* console back end, or NULL */
    bool no_reboot;
    bool nodefaults;
    const char *rtc_base;       /* -rtc base=utc|localtime|DATETIME */
    const char *nvram_file;
} MachineConfig;

typedef struct Machine Machine;

typedef struct MachineClass {
    const char *name;
    const char *desc;
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
    /* Monitor `info pic`, `info hcall`, ...: false if the topic is unknown. */
    bool (*info)(Machine *m, const char *topic, GString *out);
    /* The topics info() knows, for the `info` listing: "name", "help" pairs, NULL-terminated. */
    const char *const *info_topics;
} MachineClass;

/* The one machine this emulator has (ppc/spapr). */
extern const MachineClass spapr_machine_class;

/*
 * Build the machine the way every run does (DESIGN.md, "The flows" 1):
 * mc->init, then every -device of cfg through the device model (the path
 * device_add takes too), then mc->init_done. The error names the -device
 * that failed.
 */
Machine *machine_create(const MachineClass *mc, const MachineConfig *cfg, Error **errp);

/* What the guest asked for; the main loop acts on it. */
typedef enum {
    SHUTDOWN_NONE,
    SHUTDOWN_POWEROFF,      /* exit 0 */
    SHUTDOWN_RESET,         /* reboot (or exit 0 with -no-reboot) */
    SHUTDOWN_PANIC,         /* exit 1 */
    SHUTDOWN_QUIT,          /* monitor quit: exit 0 */
    SHUTDOWN_ERROR,         /* emulator error: exit 1 */
} ShutdownCause;

void machine_request_shutdown(ShutdownCause cause);
ShutdownCause machine_shutdown_requested(void);
void machine_clear_shutdown_request(void);

#endif
