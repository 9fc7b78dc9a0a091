/*
 * device_add / device_del of PCI functions on a sPAPR PHB (issue 11
 * section 4; LoPAR 13.6 "PCI Hot Plug DR option" for the slot, the 2013
 * series' "basic hotplug operations" and QEMU 2.6's multi-function rule
 * for the rest).
 *
 * A slot's DRC holds an adapter, {PHB, slot}: its functions are whatever
 * the bus has in that slot, so nothing is kept twice. Function 0 is the
 * adapter's Device in the DRC. Functions 1-7 hot-added first (QEMU's
 * order for a multi-function device) are on the bus with their BARs but
 * belong to no DRC: the guest is told nothing and their nodes are not
 * written. Function 0 then attaches the adapter and one add event (PCI,
 * the slot's DRC index) announces them all; ibm,configure-connector
 * returns every function as a top-level sibling.
 *
 * Removal (device_del): function 0 asks for the whole adapter (one remove
 * event); the DRC releases it when the guest isolates the slot, or at
 * machine reset, and every function is destroyed, 7 down to 0 (QEMU
 * removes function 0 last). device_del of another function of an attached
 * adapter waits for function 0's (QEMU's behaviour); one whose adapter was
 * never announced goes at once.
 */
#include "hotplug/hotplug.h"

#include <libfdt.h>

#include "core/log.h"
#include "hotplug/bar-alloc.h"
#include "hotplug/drc.h"
#include "pci/spapr-phb.h"
#include "ppc/spapr/dt_util.h"
#include "ppc/spapr/spapr_events.h"

/* What a slot DRC holds: the functions are those on the bus in this slot. */
typedef struct SpaprPciAdapter {
    SpaprPhb *phb;
    int slot;
} SpaprPciAdapter;

static SpaprPhb *phb_of(PciBus *bus)
{
    return bus->host_opaque;
}

static SpaprDrc *slot_drc(SpaprPhb *phb, int slot)
{
    return spapr_drc_pci_slot(phb->machine, (int)phb->index, slot);
}

static const char *fn_label(const PciDevice *dev)
{
    return dev->dev.id ? dev->dev.id : dev->dev.cls->name;
}

/* ---- The adapter as the DRC's entity ---- */

/* Every function's node, the same the boot tree has (DeviceClass.fdt_node), as siblings. */
static int adapter_fragment(void *opaque, void *fdt)
{
    SpaprPciAdapter *a = opaque;

    for (int fn = 0; fn < PCI_FUNC_MAX; fn++) {
        PciDevice *dev = a->phb->bus.devices[PCI_DEVFN(a->slot, fn)];

        if (dev) {
            DT_TRY(dt_device_node(&dev->dev, fdt));
        }
    }
    return 0;
}

/* The guest released the slot (or a reset did): destroy the functions, function 0 last. */
static void adapter_release(void *opaque)
{
    SpaprPciAdapter *a = opaque;
    SpaprPhb *phb = a->phb;
    int slot = a->slot;

    /* The DRC is already empty, so function 0's unplugged hook leaves a alone. */
    g_free(a);
    for (int fn = PCI_FUNC_MAX - 1; fn >= 0; fn--) {
        PciDevice *dev = phb->bus.devices[PCI_DEVFN(slot, fn)];

        if (dev) {
            /* They all go because device_del asked: each says DEVICE_DELETED. */
            dev->dev.pending_unplug = true;
            device_destroy(&dev->dev);
        }
    }
}

static const SpaprDrcEntityOps adapter_ops = {
    .build_fragment = adapter_fragment,
    .release = adapter_release,
};

/* ---- Plug ---- */

bool spapr_pci_hotplug_function_present(SpaprPhb *phb, PciDevice *dev)
{
    SpaprDrc *drc = slot_drc(phb, PCI_SLOT(dev->devfn));

    return drc && !spapr_drc_is_empty(drc);
}

/* -device: function 0 makes the slot's adapter, configured as firmware would leave it. */
static bool cold_plug(SpaprPhb *phb, PciDevice *dev, SpaprDrc *drc, Error **errp)
{
    SpaprPciAdapter *a;

    if (PCI_FUNC(dev->devfn) != 0 || !spapr_drc_is_empty(drc)) {
        return true;    /* a member of the slot's adapter, with or without its function 0 yet */
    }
    a = g_new(SpaprPciAdapter, 1);
    *a = (SpaprPciAdapter){ phb, PCI_SLOT(dev->devfn) };
    if (!spapr_drc_attach(drc, &dev->dev, &adapter_ops, a, false, errp)) {
        g_free(a);
        return false;
    }
    return true;
}

static bool hot_plug(SpaprPhb *phb, PciDevice *dev, SpaprDrc *drc, Error **errp)
{
    SpaprMachine *m = phb->machine;
    SpaprDrc *phb_drc = spapr_drc_phb(m, (int)phb->index);
    bool fn0 = PCI_FUNC(dev->devfn) == 0;
    SpaprBarWindows win;
    SpaprPciAdapter *a;

    if (phb_drc && phb_drc->unplug_requested) {
        error_setg(errp, "PHB %u (bus %s) is being removed", phb->index, phb->bus.bus.name);
        return false;
    }
    if (!spapr_drc_is_empty(drc)) {
        Device *owner = drc->dev;

        error_setg(errp, "%s is occupied by %s%s", drc->name,
                   owner->id ? owner->id : owner->cls->name,
                   fn0 ? "" : ": functions 1-7 of an adapter are added before its function 0");
        return false;
    }
    /* Function 0's event must fit before anything changes. */
    if (fn0 && !spapr_events_check_room(m, 1, errp)) {
        return false;
    }
    spapr_bar_windows_of_phb(phb, &win);
    if (!spapr_bar_assign(dev, &win, errp)) {
        return false;
    }
    if (!fn0) {
        pci_config_write(dev, PCI_COMMAND, 2, SPAPR_PHB_FW_COMMAND);
        log_mask(LOG_DRC, "dr: device_add: %s (%02x.%x) waits for function 0 of %s\n",
                 fn_label(dev), PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn), drc->name);
        return true;
    }
    a = g_new(SpaprPciAdapter, 1);
    *a = (SpaprPciAdapter){ phb, PCI_SLOT(dev->devfn) };
    if (!spapr_drc_attach(drc, &dev->dev, &adapter_ops, a, true, errp)) {
        g_free(a);
        spapr_bar_unassign(dev);
        return false;
    }
    pci_config_write(dev, PCI_COMMAND, 2, SPAPR_PHB_FW_COMMAND);
    /* Room was checked: this cannot fail. */
    if (!spapr_event_hotplug(m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, drc->index, errp)) {
        g_assert_not_reached();
    }
    return true;
}

bool spapr_pci_hotplug_plug(PciBus *bus, PciDevice *dev, bool hotplug, Error **errp)
{
    SpaprPhb *phb = phb_of(bus);
    SpaprDrc *drc = slot_drc(phb, PCI_SLOT(dev->devfn));

    g_assert(drc);      /* the PHB made its 32 slot DRCs at realize */
    return hotplug ? hot_plug(phb, dev, drc, errp) : cold_plug(phb, dev, drc, errp);
}

/* ---- Unplug ---- */

bool spapr_pci_hotplug_unplug_request(PciBus *bus, PciDevice *dev, Error **errp)
{
    SpaprPhb *phb = phb_of(bus);
    SpaprMachine *m = phb->machine;
    int slot = PCI_SLOT(dev->devfn);
    SpaprDrc *drc = slot_drc(phb, slot);
    bool marked[PCI_FUNC_MAX] = { false };
    bool released;

    if (spapr_drc_is_empty(drc)) {
        /* Waiting for a function 0 that never came: the guest never heard of it. */
        log_mask(LOG_DRC, "dr: device_del: %s (%02x.%x) was never announced; removed\n",
                 fn_label(dev), slot, PCI_FUNC(dev->devfn));
        device_destroy(&dev->dev);
        return true;
    }
    if (PCI_FUNC(dev->devfn) != 0) {
        /* The DRC covers the adapter: this function goes with function 0. */
        log_mask(LOG_DRC, "dr: device_del: \"%s\" (0x%08x) %s (%02x.%x) waits for the removal "
                 "of function 0\n", drc->name, drc->index, fn_label(dev), slot,
                 PCI_FUNC(dev->devfn));
        return true;
    }
    if (!spapr_events_check_room(m, 1, errp)) {
        return false;
    }
    /* Every function is on its way out: info pci says so, and each reports DEVICE_DELETED. */
    for (int fn = 1; fn < PCI_FUNC_MAX; fn++) {
        PciDevice *f = bus->devices[PCI_DEVFN(slot, fn)];

        if (f && !f->dev.pending_unplug) {
            f->dev.pending_unplug = marked[fn] = true;
        }
    }
    /* May release at once (slot still isolated) and destroy dev and its siblings. */
    if (!spapr_drc_unplug_request(drc, &released, errp)) {
        for (int fn = 1; fn < PCI_FUNC_MAX; fn++) {
            if (marked[fn]) {
                bus->devices[PCI_DEVFN(slot, fn)]->dev.pending_unplug = false;
            }
        }
        return false;
    }
    if (!released &&
        !spapr_event_hotplug(m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_REMOVE, drc->index, errp)) {
        g_assert_not_reached();     /* room was checked */
    }
    return true;
}

void spapr_pci_hotplug_unplugged(PciBus *bus, PciDevice *dev)
{
    SpaprDrc *drc;

    if (PCI_FUNC(dev->devfn) != 0) {
        return;     /* function 0 stands for the adapter */
    }
    drc = slot_drc(phb_of(bus), PCI_SLOT(dev->devfn));
    if (drc && drc->dev == &dev->dev) {
        /* Removed without the guest (its PHB goes away): the DRC lets go, release is not called. */
        SpaprPciAdapter *a = drc->entity_opaque;

        spapr_drc_detach(drc);
        g_free(a);
    }
}
