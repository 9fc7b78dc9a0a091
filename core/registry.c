/*
 * The machines and accelerators this binary has. Their list is generated at
 * build time (registry.def, from PPC64LITE_MACHINES and PPC64LITE_ACCELS in
 * CMakeLists.txt): no constructor functions, no link-order dependence, and
 * core/'s sources name no machine or engine.
 */
#include <ctype.h>
#include <string.h>

#include "core/accel.h"
#include "core/machine.h"

#define MACHINE(sym) extern const MachineClass sym;
#define ACCEL(sym) extern const AccelOps sym;
#include "registry.def"
#undef MACHINE
#undef ACCEL

static const MachineClass *const machines[] = {
#define MACHINE(sym) &sym,
#define ACCEL(sym)
#include "registry.def"
#undef MACHINE
#undef ACCEL
};

static const AccelOps *const accels[] = {
#define MACHINE(sym)
#define ACCEL(sym) &sym,
#include "registry.def"
#undef MACHINE
#undef ACCEL
};

/* ---- machines ---- */

/* NAME-X.Y[.Z]: QEMU's versioned machine names, digits and dots after the dash. */
static bool is_versioned_alias(const MachineClass *mc, const char *name)
{
    size_t len = strlen(mc->name);
    const char *v;

    if (strncmp(name, mc->name, len) != 0 || name[len] != '-') {
        return false;
    }
    v = name + len + 1;
    return isdigit((unsigned char)*v) && strspn(v, "0123456789.") == strlen(v);
}

const MachineClass *machine_class_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(machines); i++) {
        const MachineClass *mc = machines[i];
        if (!strcmp(mc->name, name) ||
            (mc->aliases && g_strv_contains((const char *const *)mc->aliases, name))) {
            return mc;
        }
    }
    return NULL;
}

char *machine_class_unknown_message(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(machines); i++) {
        const MachineClass *mc = machines[i];
        if (mc->old_versions_why && is_versioned_alias(mc, name)) {
            return g_strdup_printf("unsupported machine type '%s': %s", name,
                                   mc->old_versions_why);
        }
    }
    /* QEMU: "unsupported machine type" then "Use -machine help to list supported machines" */
    return g_strdup_printf("unsupported machine type '%s' (use -machine help to list "
                           "supported machines)", name);
}

const MachineClass *machine_class_default(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(machines); i++) {
        if (machines[i]->is_default) {
            return machines[i];
        }
    }
    return machines[0];
}

void machine_class_list(GString *out)
{
    g_string_append(out, "Supported machines are:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(machines); i++) {
        const MachineClass *mc = machines[i];
        g_string_append_printf(out, "%-20s %s%s\n", mc->name, mc->desc,
                               mc == machine_class_default() ? " (default)" : "");
        for (size_t j = 0; mc->aliases && mc->aliases[j]; j++) {
            g_string_append_printf(out, "%-20s %s (alias of %s)\n", mc->aliases[j], mc->desc,
                                   mc->name);
        }
    }
}

/* ---- accelerators ---- */

const AccelOps *accel_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(accels); i++) {
        if (!strcmp(accels[i]->name, name)) {
            return accels[i];
        }
    }
    return NULL;
}

const AccelOps *accel_default(void)
{
    return accels[0];
}

void accel_list(GString *out)
{
    g_string_append(out, "Accelerators supported in this build:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(accels); i++) {
        g_string_append_printf(out, "%s\n", accels[i]->name);
    }
}
