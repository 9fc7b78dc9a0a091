/*
 * The PCI bus (see pci-bus.h): devfn assignment and the multifunction rules
 * when a function is plugged, config access by address for the host bridge,
 * INTx as a wired-OR per host line, and the ways out to the host (MSI, DMA).
 */
#include "pci/pci-internal.h"

#include <inttypes.h>
#include <libfdt.h>
#include <string.h>

#include "core/log.h"

/* ---- Plugging --------------------------------------------------------------- */

static bool slot_empty(PciBus *bus, int slot)
{
    for (int fn = 0; fn < PCI_FUNC_MAX; fn++) {
        if (bus->devices[PCI_DEVFN(slot, fn)]) {
            return false;
        }
    }
    return true;
}

/*
 * The multifunction bit, as QEMU checks it: a function other than 0 may join
 * a slot only if function 0 (when present) says multifunction, and a
 * single-function function 0 may not join a slot that has other functions.
 * Linux looks only at function 0's bit, so the others may leave theirs clear.
 */
static bool check_multifunction(PciBus *bus, PciDevice *dev, int devfn, Error **errp)
{
    int slot = PCI_SLOT(devfn);

    if (PCI_FUNC(devfn)) {
        PciDevice *f0 = bus->devices[PCI_DEVFN(slot, 0)];
        if (f0 && !f0->multifunction) {
            error_setg(errp, "PCI: single function device can't be populated in function %x.%x",
                       slot, PCI_FUNC(devfn));
            return false;
        }
        return true;
    }
    if (dev->multifunction) {
        return true;
    }
    for (int fn = 1; fn < PCI_FUNC_MAX; fn++) {
        if (bus->devices[PCI_DEVFN(slot, fn)]) {
            error_setg(errp, "PCI: %x.0 indicates single function, but %x.%x is already populated",
                       slot, slot, fn);
            return false;
        }
    }
    return true;
}

static bool pci_bus_plug(Bus *b, Device *d, bool hotplug, Error **errp)
{
    PciBus *bus = PCI_BUS(b);
    PciDevice *dev = PCI_DEVICE(d);
    int devfn = dev->devfn;

    if (devfn < 0) {
        for (int slot = 0; slot < PCI_SLOT_MAX; slot++) {
            if (slot_empty(bus, slot)) {
                devfn = PCI_DEVFN(slot, 0);
                break;
            }
        }
        if (devfn < 0) {
            error_setg(errp, "PCI: no slot/function available for %s, all in use",
                       pci_dev_name(dev));
            return false;
        }
    } else if (devfn >= PCI_DEVFN_MAX) {
        error_setg(errp, "PCI: devfn %d is out of range", devfn);
        return false;
    } else if (bus->devices[devfn]) {
        PciDevice *other = bus->devices[devfn];
        error_setg(errp, "PCI: slot %d function %d not available for %s, in use by %s",
                   PCI_SLOT(devfn), PCI_FUNC(devfn), pci_dev_name(dev), pci_dev_name(other));
        return false;
    }
    if (!check_multifunction(bus, dev, devfn, errp)) {
        return false;
    }

    dev->devfn = devfn;
    bus->devices[devfn] = dev;
    dev->on_bus = true;
    if (bus->host_ops && bus->host_ops->plug && !bus->host_ops->plug(bus, dev, hotplug, errp)) {
        bus->devices[devfn] = NULL;
        dev->on_bus = false;
        return false;
    }
    return true;
}

static bool pci_bus_unplug_request(Bus *b, Device *d, Error **errp)
{
    PciBus *bus = PCI_BUS(b);

    if (!bus->host_ops || !bus->host_ops->unplug_request) {
        error_setg(errp, "Bus '%s' does not support hot-unplug", b->name);
        return false;
    }
    return bus->host_ops->unplug_request(bus, PCI_DEVICE(d), errp);
}

static char *pci_bus_dev_address(Bus *b, Device *d)
{
    PciDevice *dev = PCI_DEVICE(d);
    return dev->on_bus ? pci_devfn_string(dev->devfn) : NULL;
}

static const BusOps pci_bus_ops = {
    .plug = pci_bus_plug,
    .unplug_request = pci_bus_unplug_request,
    .dev_address = pci_bus_dev_address,
};

void pci_bus_init(PciBus *bus, const char *name, Device *host, const PciHostOps *ops,
                  void *opaque, MemoryRegion *mem_space, MemoryRegion *io_space, int nirq)
{
    memset(bus, 0, sizeof(*bus));
    bus_init(&bus->bus, name, PCI_BUS_TYPE, &pci_bus_ops, host);
    bus_register(&bus->bus);
    bus->host_ops = ops;
    bus->host_opaque = opaque;
    bus->mem_space = mem_space;
    bus->io_space = io_space;
    bus->nirq = nirq;
    bus->irq_count = g_new0(int, nirq > 0 ? nirq : 1);
}

void pci_bus_cleanup(PciBus *bus)
{
    /* Destroys the functions (each leaves devices[] in its unrealize). */
    bus_cleanup(&bus->bus);
    g_free(bus->irq_count);
    bus->irq_count = NULL;
    bus->nirq = 0;
}

/* ---- Lookup and config access ------------------------------------------------- */

PciDevice *pci_bus_find_device(PciBus *bus, int busnr, int devfn)
{
    if (busnr != bus->number || devfn < 0 || devfn >= PCI_DEVFN_MAX) {
        return NULL;
    }
    return bus->devices[devfn];
}

PciCfgResult pci_bus_config_read(PciBus *bus, int busnr, int devfn, uint32_t offset,
                                 unsigned size, uint32_t *val)
{
    PciDevice *dev;

    if (size != 1 && size != 2 && size != 4) {
        *val = 0xffffffffu;
        return PCI_CFG_BAD_SIZE;
    }
    *val = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    dev = pci_bus_find_device(bus, busnr, devfn);
    if (!dev) {
        return PCI_CFG_NO_DEVICE;
    }
    return pci_config_read(dev, offset, size, val);
}

PciCfgResult pci_bus_config_write(PciBus *bus, int busnr, int devfn, uint32_t offset,
                                  unsigned size, uint32_t val)
{
    PciDevice *dev;

    if (size != 1 && size != 2 && size != 4) {
        return PCI_CFG_BAD_SIZE;
    }
    dev = pci_bus_find_device(bus, busnr, devfn);
    if (!dev) {
        return PCI_CFG_NO_DEVICE;
    }
    return pci_config_write(dev, offset, size, val);
}

void pci_bus_foreach(PciBus *bus, void (*fn)(PciBus *bus, PciDevice *dev, void *opaque),
                     void *opaque)
{
    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        if (bus->devices[devfn]) {
            fn(bus, bus->devices[devfn], opaque);
        }
    }
}

/* ---- INTx ------------------------------------------------------------------------ */

bool pci_bus_irq_level(PciBus *bus, int line)
{
    return line >= 0 && line < bus->nirq && bus->irq_count[line] > 0;
}

void pci_intx_update(PciDevice *dev)
{
    PciBus *bus = dev->bus;
    uint8_t pin = dev->config ? dev->config[PCI_INTERRUPT_PIN] : 0;
    bool drive = dev->on_bus && pin && dev->intx_level &&
                 !(pci_get_word(dev->config + PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
    int line;

    if (drive == dev->intx_to_bus) {
        return;
    }
    dev->intx_to_bus = drive;
    if (!bus->host_ops || !bus->host_ops->map_irq || bus->nirq <= 0) {
        return;
    }
    line = bus->host_ops->map_irq(bus, dev, pin - 1);
    g_assert(line >= 0 && line < bus->nirq);
    /* Shared lines are a wired-OR: the host sees only the 0 <-> 1 edges of the count. */
    bus->irq_count[line] += drive ? 1 : -1;
    g_assert(bus->irq_count[line] >= 0);
    if (bus->irq_count[line] == (drive ? 1 : 0) && bus->host_ops->set_irq) {
        bus->host_ops->set_irq(bus, line, drive);
    }
}

void pci_set_irq(PciDevice *dev, bool level)
{
    if (!dev->config || !dev->config[PCI_INTERRUPT_PIN]) {
        return;
    }
    dev->intx_level = level;
    if (level) {
        dev->config[PCI_STATUS] |= PCI_STATUS_INTERRUPT;
    } else {
        dev->config[PCI_STATUS] &= ~PCI_STATUS_INTERRUPT;
    }
    pci_intx_update(dev);
}

/* ---- MSI and DMA: the ways out to the host ------------------------------------------ */

static bool bus_master(const PciDevice *dev)
{
    return pci_get_word(dev->config + PCI_COMMAND) & PCI_COMMAND_MASTER;
}

void pci_msi_send(PciDevice *dev, uint64_t addr, uint32_t data)
{
    PciBus *bus = dev->bus;

    /* An MSI is a memory write: without Bus Master the function cannot issue it. */
    if (!bus_master(dev)) {
        log_mask(LOG_GUEST_ERROR, "pci %s: MSI 0x%" PRIx32 " dropped: bus mastering is off\n",
                 pci_dev_name(dev), data);
        return;
    }
    if (bus && bus->host_ops && bus->host_ops->msi_send) {
        bus->host_ops->msi_send(bus, dev, addr, data);
    }
}

const char *pci_dma_result_name(PciDmaResult r)
{
    static const char *const names[] = {
        [PCI_DMA_OK] = "ok",
        [PCI_DMA_ERR_NO_MASTER] = "bus mastering is off",
        [PCI_DMA_ERR_IOMMU] = "IOMMU fault",
        [PCI_DMA_ERR_DECODE] = "no memory at the translated address",
        [PCI_DMA_ERR_NO_HOST] = "no DMA path on this bus",
    };
    return (unsigned)r < G_N_ELEMENTS(names) && names[r] ? names[r] : "?";
}

PciDmaResult pci_dma_rw(PciDevice *dev, uint64_t addr, void *buf, uint64_t len, bool is_write)
{
    PciBus *bus = dev->bus;
    PciDmaResult r;

    if (len == 0) {
        return PCI_DMA_OK;
    }
    if (!bus_master(dev)) {
        r = PCI_DMA_ERR_NO_MASTER;
    } else if (!bus || !bus->host_ops || !bus->host_ops->dma_rw) {
        r = PCI_DMA_ERR_NO_HOST;
    } else {
        r = bus->host_ops->dma_rw(bus, dev, addr, buf, len, is_write);
    }
    if (r == PCI_DMA_ERR_IOMMU || r == PCI_DMA_ERR_DECODE) {
        /* The request completed as Unsupported Request: Received Master Abort. */
        pci_set_word(dev->config + PCI_STATUS,
                     pci_get_word(dev->config + PCI_STATUS) | PCI_STATUS_REC_MASTER_ABORT);
    }
    if (r != PCI_DMA_OK) {
        log_mask(LOG_GUEST_ERROR, "pci %s: DMA %s of %" PRIu64 " bytes at 0x%" PRIx64
                 " failed: %s\n", pci_dev_name(dev), is_write ? "write" : "read", len, addr,
                 pci_dma_result_name(r));
    }
    return r;
}

/* The device-tree node: whatever the host bridge writes for its functions. */
int pci_device_fdt_node(Device *d, void *fdt)
{
    PciDevice *dev = PCI_DEVICE(d);
    PciBus *bus = dev->bus;

    if (!bus || !dev->on_bus || !bus->host_ops || !bus->host_ops->fdt_node) {
        return -FDT_ERR_BADSTRUCTURE;   /* dt_device_node's answer for "no node" */
    }
    return bus->host_ops->fdt_node(bus, dev, fdt);
}

/* ---- BAR placement ----------------------------------------------------------------- */

bool pci_bus_find_free_range(PciBus *bus, bool io, uint64_t start, uint64_t len, uint64_t size,
                             uint64_t *out)
{
    MemoryRegion *space = io ? bus->io_space : bus->mem_space;
    GArray *busy = g_array_new(FALSE, FALSE, sizeof(MemoryRange));
    bool ok;

    if (!space) {
        g_array_free(busy, TRUE);
        return false;
    }
    /* Assigned BARs hold their place even while their device does not decode. */
    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PciDevice *dev = bus->devices[devfn];
        for (int n = 0; dev && n < PCI_NUM_BARS; n++) {
            const PciBar *bar = &dev->bars[n];
            uint64_t base = pci_bar_base(dev, n) & ~(bar->size - 1);
            if (bar->size && !!(bar->type & PCI_BAR_IO) == io && base) {
                MemoryRange r = { base, bar->size };
                g_array_append_val(busy, r);
            }
        }
    }
    ok = memory_region_find_free_range(space, start, len, size, size, (MemoryRange *)busy->data,
                                       busy->len, out);
    g_array_free(busy, TRUE);
    return ok;
}
