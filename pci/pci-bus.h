/*
 * A PCI bus and the host bridge behind it. The host bridge (the sPAPR PHB,
 * or a fake one in the unit tests) owns the bus and supplies, through
 * PciHostOps, everything that leaves the bus: INTx routing to its interrupt
 * controller, MSI messages, DMA through its IOMMU, and hotplug policy. It
 * also gives the bus the two address spaces BARs are mapped into (PCI bus
 * addresses; the host maps its CPU-side windows onto them) and reaches the
 * functions' config spaces with pci_bus_config_read/write.
 *
 * One bus per host bridge, bus number 0: there are no PCI-PCI bridges.
 */
#ifndef PCI_PCI_BUS_H
#define PCI_PCI_BUS_H

#include <glib.h>

#include "pci/pci.h"

typedef struct PciHostOps {
    /*
     * INTx: which of the host's nirq lines a function's pin (0..3 = INTA..D)
     * drives, e.g. the swizzle (slot + pin) % 4. Required if nirq > 0.
     */
    int (*map_irq)(PciBus *bus, PciDevice *dev, int pin);
    /* A line's level changed (the wired-OR of every function mapped to it). */
    void (*set_irq)(PciBus *bus, int line, bool level);
    /*
     * A function sent an MSI or MSI-X message: a 32-bit write of data at
     * address addr (bus address). On sPAPR the PHB turns it into a XICS
     * interrupt. NULL: messages are dropped.
     */
    void (*msi_send)(PciBus *bus, PciDevice *dev, uint64_t addr, uint32_t data);
    /*
     * DMA at bus address addr through the host's IOMMU (TCE table on sPAPR).
     * Return PCI_DMA_ERR_IOMMU for a missing translation or permission,
     * PCI_DMA_ERR_DECODE when the translated address has no memory. Must not
     * touch memory past the first fault. NULL: every DMA fails (NO_HOST).
     */
    PciDmaResult (*dma_rw)(PciBus *bus, PciDevice *dev, uint64_t addr, void *buf,
                           uint64_t len, bool is_write);
    /*
     * Optional, after the bus has given the function its devfn: accept or
     * refuse it, e.g. attach it to a hotplug slot. hotplug = the guest runs.
     */
    bool (*plug)(PciBus *bus, PciDevice *dev, bool hotplug, Error **errp);
    /* Optional: device_del. NULL refuses hot-unplug. */
    bool (*unplug_request)(PciBus *bus, PciDevice *dev, Error **errp);
    /* Optional: the function is being destroyed and leaves the bus. */
    void (*unplugged)(PciBus *bus, PciDevice *dev);
    /*
     * Optional: write the function's device-tree node (libfdt sequential
     * write, one whole node; 0 or a libfdt error). The platform decides what
     * a function's node holds, so every PCI class's DeviceClass.fdt_node
     * comes here; without it a function has no node.
     */
    int (*fdt_node)(PciBus *bus, PciDevice *dev, void *fdt);
} PciHostOps;

struct PciBus {
    Bus bus;                        /* first: a Bus* of type PCI_BUS_TYPE is a PciBus* */
    int number;                     /* bus number in config addresses: 0 */
    const PciHostOps *host_ops;
    void *host_opaque;              /* for the host's hooks */
    MemoryRegion *mem_space;        /* PCI memory space: memory BARs go here */
    MemoryRegion *io_space;         /* PCI I/O space: I/O BARs go here */
    PciDevice *devices[PCI_DEVFN_MAX];
    int nirq;
    int *irq_count;                 /* asserting functions per host line */
};

/*
 * Set up and register a bus named name (e.g. "pci.0") that host provides.
 * mem_space and io_space are containers the host owns, indexed by PCI bus
 * address. nirq is the number of INTx lines map_irq may return.
 */
void pci_bus_init(PciBus *bus, const char *name, Device *host, const PciHostOps *ops,
                  void *opaque, MemoryRegion *mem_space, MemoryRegion *io_space, int nirq);
/* Destroy the devices still on the bus, then unregister it. */
void pci_bus_cleanup(PciBus *bus);

static inline PciBus *PCI_BUS(Bus *bus)
{
    return (PciBus *)bus;
}

/* The function at busnr/devfn, or NULL (absent). */
PciDevice *pci_bus_find_device(PciBus *bus, int busnr, int devfn);

/*
 * Config access by address, as a host bridge issues it. The size is checked
 * first (PCI_CFG_BAD_SIZE), then the lookup: an absent function reads
 * all-ones (of size bytes) and gives PCI_CFG_NO_DEVICE; then alignment and
 * range (PCI_CFG_MISALIGNED, PCI_CFG_OUT_OF_RANGE), the order QEMU's sPAPR
 * PHB checks them in. A failed read also returns all-ones.
 */
PciCfgResult pci_bus_config_read(PciBus *bus, int busnr, int devfn, uint32_t offset,
                                 unsigned size, uint32_t *val);
PciCfgResult pci_bus_config_write(PciBus *bus, int busnr, int devfn, uint32_t offset,
                                  unsigned size, uint32_t val);

/* Call fn for every function on the bus in devfn order. */
void pci_bus_foreach(PciBus *bus, void (*fn)(PciBus *bus, PciDevice *dev, void *opaque),
                     void *opaque);

/* Whether a host line is asserted (for the host's reset and for tests). */
bool pci_bus_irq_level(PciBus *bus, int line);

/*
 * Room for a new BAR of size bytes, aligned to its size, in [start,
 * start+len) of the bus's memory (io = false) or I/O space: clear of every
 * mapped region there and of every BAR on the bus programmed with a non-zero
 * base, decoding or not. For boot-time and hotplug BAR assignment.
 */
bool pci_bus_find_free_range(PciBus *bus, bool io, uint64_t start, uint64_t len, uint64_t size,
                             uint64_t *out);

/*
 * `info pci`: every function on the bus in QEMU 7.2's format, e.g.
 *   Bus  0, device   0, function 0:
 *     Ethernet controller: PCI device 8086:100e
 *       PCI subsystem 1af4:1100
 *       IRQ 0, pin A
 *       BAR0: 32 bit memory at 0x80000000 [0x8001ffff].
 *       id "net0"
 */
void pci_bus_print_info(PciBus *bus, GString *out);

/* The class description `info pci` prints (NULL if the table has none). */
const char *pci_class_description(uint16_t class_device);

#endif
