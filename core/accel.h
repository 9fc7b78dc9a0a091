/*
 * The boundary between core/ and an execution engine (DESIGN.md,
 * "Accelerators"): all that the main loop, the gdb stub, the monitor and
 * start-up ask of it. tcg/ provides the one engine (tcg_accel_ops); core/
 * finds it by name through the build's list (core/registry.c) and calls it
 * only through these operations.
 *
 * The target binds its CPUs to the engine itself (ppc/ calls tcg_init with
 * its decoder); core/ only runs what is bound.
 */
#ifndef CORE_ACCEL_H
#define CORE_ACCEL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/cpu.h"
#include "core/error.h"

struct MonitorInfoCommand;

typedef struct AccelOps {
    const char *name;               /* -accel NAME */
    /* -accel NAME,KEY=VALUE, before init: false + errp for an unknown key or a bad value. */
    bool (*set_option)(const char *key, const char *value, Error **errp);
    /* Once, after the options and before the machine is built. Optional. */
    bool (*init)(Error **errp);
    /*
     * Run cs for up to budget instructions, or until it halts, hits a debug
     * point or is asked to exit. The hot path: one call per time slice.
     */
    CPUExitReason (*exec)(CPUState *cs, uint64_t budget);
    /* Make cs leave exec soon (an interrupt or a request for the main loop). */
    void (*kick)(CPUState *cs);
    /* -accel NAME,help: one line per option ("  key=<values>  what it does\n"), or NULL. */
    const char *options_help;
    /* The engine's `info` topics for the monitor (NULL-name terminated), or NULL. */
    const struct MonitorInfoCommand *info_commands;
} AccelOps;

/* The engine in use; NULL until accel_use. */
extern const AccelOps *current_accel;
void accel_use(const AccelOps *ops);

static inline CPUExitReason accel_exec(CPUState *cs, uint64_t budget)
{
    return current_accel->exec(cs, budget);
}

/* ---- the engines built in (core/registry.c) ---- */

const AccelOps *accel_find(const char *name);
const AccelOps *accel_default(void);
/* -accel help */
void accel_list(GString *out);

#endif
