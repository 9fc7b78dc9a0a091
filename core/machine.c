/*
 * Building a machine (see machine.h): the machine's own init, the -device
 * devices through the device model, then the machine's init_done. QEMU
 * orders it the same way (machine init, command-line devices, "machine
 * done"), so cold-plugged devices are in place before the device tree and
 * the reset that the guest sees.
 */
#include "core/machine.h"

#include "core/device.h"

Machine *machine_create(const MachineClass *mc, const MachineConfig *cfg, Error **errp)
{
    Machine *m = mc->init(cfg, errp);

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
