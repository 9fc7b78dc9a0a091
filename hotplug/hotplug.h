/*
 * device_add / device_del on pseries (issue 11 section 4): the glue between
 * the device model (core/device.h), the PHB (pci/spapr-phb.h), the DR
 * connectors (drc.h), BAR assignment (bar-alloc.h) and the hotplug events
 * (ppc/spapr/spapr_events.h). See hotplug/README.md for the flows.
 *
 * PCI (pci-hotplug.c): a slot DRC holds an adapter, all the functions of
 * one PCI slot, and function 0 stands for it. Functions 1-7 added while
 * the guest runs wait, plugged but unseen, until function 0 comes; then
 * the adapter is attached to the slot's DRC and one add event names the
 * slot. device_del of function 0 removes the whole adapter once the guest
 * isolates the slot (or at reset).
 *
 * PHBs (phb-hotplug.c): a PHB plugs into the machine, not a bus; its
 * logical DRC holds it, and device_add / device_del of
 * spapr-pci-host-bridge raise PHB events.
 */
#ifndef HOTPLUG_HOTPLUG_H
#define HOTPLUG_HOTPLUG_H

#include <stdbool.h>

#include "core/device.h"
#include "core/error.h"
#include "pci/pci-bus.h"

typedef struct SpaprPhb SpaprPhb;

/*
 * The machine's part (called from spapr_register_services): the busless
 * hotplug handler PHBs plug through, and the DEVICE_DELETED line of -d dr.
 */
void spapr_hotplug_register(void);

/* ---- PCI functions on a PHB (PciHostOps hooks; bus->host_opaque is the SpaprPhb) ---- */

/*
 * PciHostOps.plug: cold plug attaches function 0 to its slot's DRC as
 * configured; hot plug assigns BARs, and function 0 attaches the adapter
 * and raises the add event. Refused, with nothing changed: an occupied
 * slot, a full event queue, no room for a BAR, a PHB being removed.
 */
bool spapr_pci_hotplug_plug(PciBus *bus, PciDevice *dev, bool hotplug, Error **errp);
/*
 * PciHostOps.unplug_request (device_del): function 0 asks the guest to
 * release the adapter (remove event) or releases it at once if the guest
 * never took it; another function waits for function 0's removal, or goes
 * at once if its adapter was never announced.
 */
bool spapr_pci_hotplug_unplug_request(PciBus *bus, PciDevice *dev, Error **errp);
/* PciHostOps.unplugged: a function leaves the bus (function 0: the DRC lets go). */
void spapr_pci_hotplug_unplugged(PciBus *bus, PciDevice *dev);
/*
 * Whether the guest may see the function: its slot's DRC holds an adapter.
 * The PHB writes nodes only for these (functions waiting for function 0
 * stay hidden, as firmware skips a slot without function 0).
 */
bool spapr_pci_hotplug_function_present(SpaprPhb *phb, PciDevice *dev);

#endif
