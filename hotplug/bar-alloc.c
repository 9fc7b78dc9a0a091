/*
 * BAR assignment for hot-added PCI functions: first fit in the host
 * bridge's windows, aligned to the BAR's size (see bar-alloc.h).
 */
#include "hotplug/bar-alloc.h"

#include <inttypes.h>

#include "pci/spapr-phb.h"

void spapr_bar_windows_of_phb(SpaprPhb *phb, SpaprBarWindows *out)
{
    const SpaprPhbWindows *w = &phb->win;

    *out = (SpaprBarWindows){
        .io_start = SPAPR_PHB_IO_START,
        .io_end = w->io_size,
        .mem32_start = SPAPR_PHB_MEM32_BUS_BASE,
        .mem32_end = SPAPR_PHB_MEM32_BUS_BASE + w->mmio32_size,
        /* Identity-mapped: the CPU address is the PCI address. */
        .mem64_start = w->mmio64,
        .mem64_end = w->mmio64 + w->mmio64_size,
        .mem_align = SPAPR_PHB_MEM_MIN_ALIGN,
    };
    g_snprintf(out->owner, sizeof(out->owner), "PHB %u (bus %s)", phb->index, phb->bus.bus.name);
}

typedef struct BarWindow {
    const char *name;
    bool io;
    uint64_t start, end, align;
} BarWindow;

/* Where BAR n goes (bar-alloc.h: I/O, 64-bit prefetchable, everything else). */
static BarWindow bar_window(const PciDevice *dev, int n, const SpaprBarWindows *w)
{
    uint8_t type = pci_bar_type(dev, n);
    uint64_t size = pci_bar_size(dev, n);

    if (type & PCI_BAR_IO) {
        return (BarWindow){ "I/O", true, w->io_start, w->io_end, size };
    }
    if ((type & PCI_BAR_MEM64) && (type & PCI_BAR_PREFETCH) && w->mem64_end > w->mem64_start) {
        return (BarWindow){ "64-bit memory", false, w->mem64_start, w->mem64_end,
                            MAX(size, w->mem_align) };
    }
    return (BarWindow){ "32-bit memory", false, w->mem32_start, w->mem32_end,
                        MAX(size, w->mem_align) };
}

static const char *dev_name(const PciDevice *dev)
{
    return dev->dev.id ? dev->dev.id : dev->dev.cls->name;
}

bool spapr_bar_assign(PciDevice *dev, const SpaprBarWindows *w, Error **errp)
{
    g_assert(dev->bus && dev->on_bus);
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        uint64_t size = pci_bar_size(dev, n), addr;
        BarWindow win;

        if (!size) {
            continue;
        }
        win = bar_window(dev, n, w);
        /*
         * The BARs assigned so far in this loop are programmed, so the
         * search steps around them like any other BAR on the bus. The
         * search takes align bytes, so a memory BAR smaller than mem_align
         * keeps its page to itself.
         */
        if (win.end <= win.start ||
            !pci_bus_find_free_range(dev->bus, win.io, win.start, win.end - win.start, win.align,
                                     &addr)) {
            error_setg(errp, "no room for BAR%d (%" PRIu64 " bytes) of %s in the %s window of %s",
                       n, size, dev_name(dev), win.name, w->owner[0] ? w->owner : "the host bridge");
            spapr_bar_unassign(dev);
            return false;
        }
        pci_bar_set_base(dev, n, addr);
    }
    return true;
}

void spapr_bar_unassign(PciDevice *dev)
{
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        if (pci_bar_size(dev, n)) {
            pci_bar_set_base(dev, n, 0);
        }
    }
}
