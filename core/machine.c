/*
 * Building a machine (see machine.h): the machine's own init, the -device
 * devices through the device model, then the machine's init_done. QEMU
 * orders it the same way (machine init, command-line devices, "machine
 * done"), so cold-plugged devices are in place before the device tree and
 * the reset that the guest sees. Also the CPU models a machine offers.
 */
#include "core/machine.h"

#include "core/device.h"

const CPUModel *machine_cpu_model_find(const MachineClass *mc, const char *name)
{
    for (const CPUModel *c = mc->cpu_models; c && c->name; c++) {
        if (!g_ascii_strcasecmp(c->name, name)) {
            return c->alias_of ? machine_cpu_model_find(mc, c->alias_of) : c;
        }
    }
    return NULL;
}

void machine_cpu_model_list(const MachineClass *mc, GString *out)
{
    g_string_append(out, "Available CPUs:\n");
    for (const CPUModel *c = mc->cpu_models; c && c->name; c++) {
        if (c->alias_of) {
            g_string_append_printf(out, "  %-12s alias of %s\n", c->name, c->alias_of);
        } else {
            g_string_append_printf(out, "  %-12s %s\n", c->name, c->desc);
        }
    }
}

Machine *machine_create(const MachineClass *mc, const MachineConfig *cfg, Error **errp)
{
    Machine *m;

    if (cfg->cpu_model && !machine_cpu_model_find(mc, cfg->cpu_model)) {
        error_setg(errp, "-cpu: unknown CPU model '%s' (use -cpu help)", cfg->cpu_model);
        return NULL;
    }
    m = mc->init(cfg, errp);
    if (!m) {
        return NULL;
    }
    for (guint i = 0; cfg->devices && i < cfg->devices->len; i++) {
        const char *spec = g_ptr_array_index(cfg->devices, i);

        if (!device_create_from_string(spec, false, errp)) {
            error_prepend(errp, "-device %s: ", spec);
            return NULL;    /* the process ends; the machine is not torn down */
        }
    }
    if (mc->init_done && !mc->init_done(m, errp)) {
        return NULL;
    }
    return m;
}

/* ---- identity (-name, -uuid) ---- */

static char *vm_name;
static char *vm_uuid;

void machine_set_identity(const char *name, const char *uuid)
{
    g_free(vm_name);
    g_free(vm_uuid);
    vm_name = g_strdup(name);
    vm_uuid = g_strdup(uuid);
}

const char *machine_vm_name(void)
{
    return vm_name;
}

const char *machine_uuid(void)
{
    return vm_uuid ? vm_uuid : "00000000-0000-0000-0000-000000000000";
}
