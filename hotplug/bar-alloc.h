/*
 * BAR assignment for hot-added PCI functions (issue 11 section 5; the
 * 2013 sPAPR hotplug series' patches 8-10 did the same with QEMU's memory
 * API). A function that arrives with device_add never went through
 * firmware, so the platform gives its BARs addresses before the guest sees
 * it, and reports them in the assigned-addresses of the node
 * ibm,configure-connector returns (LoPAR 13.6.3: configure-connector sets
 * the config registers "as at boot").
 *
 * The pool is the free space of the host bridge's windows, found afresh on
 * every assignment (pci_bus_find_free_range): whatever is mapped in the
 * bus's spaces and every BAR programmed on the bus, decoding or not, is
 * taken; the rest is free. So a removed function's ranges return to the
 * pool as it leaves the bus, and a BAR the guest moved is taken where it
 * now is (the PCI core remaps it on the config write).
 *
 * Which window: I/O BARs from the I/O window, 64-bit prefetchable BARs
 * from the 64-bit window when there is one, every other memory BAR from
 * the 32-bit window, each at the lowest free address aligned to its size
 * (memory BARs to at least mem_align), in BAR order.
 */
#ifndef HOTPLUG_BAR_ALLOC_H
#define HOTPLUG_BAR_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "pci/pci-bus.h"

typedef struct SpaprPhb SpaprPhb;

/* The free space BARs may take, as PCI bus addresses, each [start, end). */
typedef struct SpaprBarWindows {
    uint64_t io_start, io_end;          /* I/O space */
    uint64_t mem32_start, mem32_end;    /* memory below 4 GiB */
    uint64_t mem64_start, mem64_end;    /* memory above; start == end: no 64-bit window */
    uint64_t mem_align;                 /* least alignment of a memory BAR (a power of two) */
    char owner[64];                     /* for messages: "PHB 0 (bus pci.0)" */
} SpaprBarWindows;

/* A PHB's windows as firmware uses them (pci/spapr-phb.h). */
void spapr_bar_windows_of_phb(SpaprPhb *phb, SpaprBarWindows *out);

/*
 * Give every BAR of dev (plugged on its bus, its BARs unassigned) an
 * address from w, in BAR order. On failure nothing is left assigned and
 * errp names the BAR, its size and the window that had no room.
 */
bool spapr_bar_assign(PciDevice *dev, const SpaprBarWindows *w, Error **errp);

/* Clear every BAR's base: the function holds no range any more. */
void spapr_bar_unassign(PciDevice *dev);

#endif
