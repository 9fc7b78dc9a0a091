/*
 * device_add / device_del of a PHB (`spapr-pci-host-bridge,index=N,id=ID`,
 * issue 11 section 4; LoPAR 13.7 logical DR of type "PHB"), and the
 * machine's busless hotplug handler a PHB plugs through (a PHB sits on no
 * bus: core/device.h DeviceHotplugOps).
 *
 * Every PHB, the default PHB 0 and -device ones included, is the entity of
 * its logical DRC (0x20000000 | index): cold-plugged ones configured, a
 * hot-added one unusable until the guest allocates it (drmgr -c phb -a:
 * allocation usable, unisolate, configure-connector, which returns the
 * PHB's node with its functions' nodes inside). device_del raises a remove
 * event; the DRC releases the PHB when the guest sets it unusable
 * (drmgr -c phb -r isolates the slots, then the PHB, then unallocates), or
 * at reset, and the PHB is destroyed with whatever is on its bus.
 *
 * Also here: the DEVICE_DELETED line of -d dr, a DeviceDeletedFn the QMP
 * server can sit beside.
 */
#include "hotplug/hotplug.h"

#include <string.h>

#include "core/log.h"
#include "hotplug/drc.h"
#include "pci/spapr-phb.h"
#include "ppc/spapr/dt_util.h"
#include "ppc/spapr/spapr_events.h"

static bool is_phb(const Device *dev)
{
    return strcmp(dev->cls->name, SPAPR_PHB_TYPE) == 0;
}

/* The PHB's node, as in the boot tree (its DeviceClass.fdt_node), functions inside. */
static int phb_fragment(void *opaque, void *fdt)
{
    SpaprPhb *phb = opaque;

    return dt_device_node(&phb->dev, fdt);
}

/* The guest gave the PHB up (or a reset did): it goes with its bus and slots. */
static void phb_release(void *opaque)
{
    SpaprPhb *phb = opaque;

    device_destroy(&phb->dev);
}

static const SpaprDrcEntityOps phb_entity_ops = {
    .build_fragment = phb_fragment,
    .release = phb_release,
};

/* DeviceHotplugOps.plug, for every busless device; only PHBs have a DRC. */
static bool busless_plug(Device *dev, bool hotplug, Error **errp)
{
    SpaprPhb *phb;
    SpaprMachine *m;
    SpaprDrc *drc;

    if (!is_phb(dev)) {
        if (hotplug) {
            error_setg(errp, "Device '%s' cannot be hot-plugged on this machine", dev->cls->name);
            return false;
        }
        return true;
    }
    phb = (SpaprPhb *)dev;
    m = phb->machine;
    drc = spapr_drc_phb(m, (int)phb->index);
    g_assert(drc);      /* realize checked the index */
    if (hotplug && !spapr_events_check_room(m, 1, errp)) {
        return false;
    }
    if (!spapr_drc_attach(drc, dev, &phb_entity_ops, phb, hotplug, errp)) {
        return false;
    }
    if (hotplug &&
        !spapr_event_hotplug(m, SPAPR_HP_RESOURCE_PHB, SPAPR_HP_ACTION_ADD, drc->index, errp)) {
        g_assert_not_reached();     /* room was checked */
    }
    return true;
}

/* Mark (or, undoing, unmark) what is on the PHB's bus as going with it. */
static void mark_functions(SpaprPhb *phb, bool *marked, bool undo)
{
    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PciDevice *f = phb->bus.devices[devfn];

        if (undo) {
            if (marked[devfn]) {
                f->dev.pending_unplug = false;
            }
        } else if (f && !f->dev.pending_unplug) {
            f->dev.pending_unplug = marked[devfn] = true;
        }
    }
}

/* DeviceHotplugOps.unplug_request: device_del of a busless device. */
static bool busless_unplug_request(Device *dev, Error **errp)
{
    bool marked[PCI_DEVFN_MAX] = { false };
    SpaprPhb *phb;
    SpaprMachine *m;
    SpaprDrc *drc;
    bool released;

    if (!is_phb(dev)) {
        error_setg(errp, "Device '%s' does not support hot-unplug",
                   dev->id ? dev->id : dev->cls->name);
        return false;
    }
    phb = (SpaprPhb *)dev;
    m = phb->machine;
    drc = spapr_drc_phb(m, (int)phb->index);
    if (!drc || drc->dev != dev) {
        error_setg(errp, "PHB %u is not attached to its DR connector", phb->index);
        return false;
    }
    if (!spapr_events_check_room(m, 1, errp)) {
        return false;
    }
    mark_functions(phb, marked, false);
    /* May release at once (the guest never allocated it): phb is gone then. */
    if (!spapr_drc_unplug_request(drc, &released, errp)) {
        mark_functions(phb, marked, true);
        return false;
    }
    if (!released &&
        !spapr_event_hotplug(m, SPAPR_HP_RESOURCE_PHB, SPAPR_HP_ACTION_REMOVE, drc->index, errp)) {
        g_assert_not_reached();     /* room was checked */
    }
    return true;
}

static const DeviceHotplugOps busless_hotplug = {
    .plug = busless_plug,
    .unplug_request = busless_unplug_request,
};

/* QEMU's DEVICE_DELETED, for -d dr: the QMP server adds its own notifier beside this one. */
static void log_device_deleted(Device *dev, void *opaque)
{
    if (dev->id) {
        log_mask(LOG_DRC, "dr: DEVICE_DELETED %s (%s)\n", dev->id, dev->cls->name);
    } else {
        log_mask(LOG_DRC, "dr: DEVICE_DELETED (%s)\n", dev->cls->name);
    }
}

void spapr_hotplug_register(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    device_set_busless_hotplug(&busless_hotplug);
    device_deleted_notifier_add(log_device_deleted, NULL);
}
