/*
 * The sPAPR PHB device (see spapr-phb.h): its windows onto the PCI bus, the
 * INTx swizzle onto XICS LSIs, DMA through its TCE table, its reset, and
 * the BARs firmware assigns at boot. Layout and numbers follow QEMU 7.2's
 * spapr_pci.c as observed (pci-hotplug-papr.md 1); BAR assignment follows
 * what SLOF does under QEMU 7.2, as observed with -trace pci_cfg_write.
 */
#include "pci/spapr-phb.h"

#include <inttypes.h>
#include <string.h>

#include "core/log.h"
#include "hotplug/drc.h"
#include "hotplug/hotplug.h"

/*
 * SLOF's allocation, per PHB, walking functions in devfn order and each
 * function's BARs in order: I/O BARs from I/O address 0x10 up
 * (SPAPR_PHB_IO_START), aligned to their size; 64-bit prefetchable BARs
 * from the start of the 64-bit window; every other memory BAR (32-bit, and
 * 64-bit non-prefetchable, which a bridge could not forward above 4 GiB)
 * from the start of the 32-bit window. Memory BARs are aligned to their
 * size but at least SPAPR_PHB_MEM_MIN_ALIGN. Each kind's cursor only moves
 * up. The command register becomes SPAPR_PHB_FW_COMMAND.
 */
#define BOOT_IO_START           SPAPR_PHB_IO_START
#define BOOT_MEM_MIN_ALIGN      SPAPR_PHB_MEM_MIN_ALIGN
#define BOOT_COMMAND            SPAPR_PHB_FW_COMMAND

static SpaprPhb *phb_of(PciBus *bus)
{
    return bus->host_opaque;
}

SpaprPhb *spapr_phb_find(SpaprMachine *m, uint64_t buid)
{
    uint64_t index = buid - SPAPR_PCI_BUID(0);

    return buid >= SPAPR_PCI_BUID(0) && index < SPAPR_MAX_PHBS ? m->phbs[index] : NULL;
}

/* ---- The bus's ways out: INTx, DMA, hotplug ------------------------------------- */

/* PCI's swizzle, as QEMU's pci_swizzle_map_irq_fn: the interrupt-map says the same. */
static int phb_map_irq(PciBus *bus, PciDevice *dev, int pin)
{
    return (PCI_SLOT(dev->devfn) + pin) % SPAPR_PHB_NUM_LSI;
}

static void phb_set_irq(PciBus *bus, int line, bool level)
{
    SpaprPhb *phb = phb_of(bus);

    xics_set_irq(phb->machine->xics, phb->lsi[line], level);
}

static PciDmaResult phb_dma_rw(PciBus *bus, PciDevice *dev, uint64_t addr, void *buf,
                               uint64_t len, bool is_write)
{
    SpaprPhb *phb = phb_of(bus);

    switch (spapr_tce_dma_rw(phb->tce, &phb->machine->as, addr, buf, len, is_write)) {
    case SPAPR_TCE_DMA_OK:
        return PCI_DMA_OK;
    case SPAPR_TCE_DMA_NOT_RAM:
        return PCI_DMA_ERR_DECODE;
    default:
        return PCI_DMA_ERR_IOMMU;
    }
}

/*
 * Hotplug is dynamic reconfiguration: hotplug/ attaches functions to the
 * PHB's slot DRCs, assigns a hot-added function's BARs and raises the
 * events (hotplug/hotplug.h).
 */
static void phb_unplugged(PciBus *bus, PciDevice *dev)
{
    spapr_pci_hotplug_unplugged(bus, dev);
    spapr_phb_msi_release(phb_of(bus), dev->devfn);
}

static const PciHostOps phb_host_ops = {
    .map_irq = phb_map_irq,
    .set_irq = phb_set_irq,
    .msi_send = spapr_phb_msi_send,
    .dma_rw = phb_dma_rw,
    .plug = spapr_pci_hotplug_plug,
    .unplug_request = spapr_pci_hotplug_unplug_request,
    .unplugged = phb_unplugged,
    .fdt_node = spapr_phb_fdt_function_node,
};

/* ---- Life cycle -------------------------------------------------------------------- */

static void phb_unmap_windows(SpaprPhb *phb)
{
    MemoryRegion *sysmem = &phb->machine->sysmem;
    MemoryRegion *wins[] = { &phb->io_win, &phb->mem32_win, &phb->mem64_win,
                             &phb->io_abort, &phb->mem32_abort, &phb->mem64_abort };

    for (size_t i = 0; i < G_N_ELEMENTS(wins); i++) {
        if (memory_region_is_mapped(wins[i])) {
            memory_region_del_subregion(sysmem, wins[i]);
        }
        if (wins[i]->name) {
            memory_region_finalize(wins[i]);
        }
    }
}

static void phb_unrealize(Device *d)
{
    SpaprPhb *phb = (SpaprPhb *)d;
    SpaprMachine *m = phb->machine;

    if (!m) {
        return;
    }
    if (phb->bus_ready) {
        /* Each function's unplugged hook takes it off its slot's DRC. */
        pci_bus_cleanup(&phb->bus);
        phb->bus_ready = false;
    }
    spapr_phb_msi_reset(phb);
    if (phb->index < SPAPR_MAX_PHBS && m->phbs[phb->index] == phb) {
        SpaprDrc *drc = spapr_drc_phb(m, (int)phb->index);

        /* Gone without the guest (machine teardown): released ones are detached already. */
        if (drc && drc->dev == d) {
            spapr_drc_detach(drc);
        }
        spapr_drc_pci_destroy_slots(m, (int)phb->index);
    }
    phb_unmap_windows(phb);
    if (phb->pci_mem.name) {
        memory_region_finalize(&phb->pci_mem);
        memory_region_finalize(&phb->pci_io);
    }
    for (int i = 0; i < SPAPR_PHB_NUM_LSI; i++) {
        if (phb->lsi[i]) {
            spapr_irq_free(m, phb->lsi[i], 1);
            phb->lsi[i] = 0;
        }
    }
    spapr_tce_table_free(phb->tce);
    phb->tce = NULL;
    if (phb->index < SPAPR_MAX_PHBS && m->phbs[phb->index] == phb) {
        m->phbs[phb->index] = NULL;
    }
    g_free(phb->dt_name);
    phb->dt_name = NULL;
    phb->machine = NULL;
}

static bool phb_check_index(SpaprMachine *m, SpaprPhb *phb, Error **errp)
{
    if (phb->index == UINT32_MAX) {
        error_setg(errp, "\"index\" for PAPR PHB is mandatory (0 to %d)", SPAPR_MAX_PHBS - 1);
        return false;
    }
    if (phb->index >= SPAPR_MAX_PHBS) {
        error_setg(errp, "\"index\" for PAPR PHB is too large (max %d)", SPAPR_MAX_PHBS - 1);
        return false;
    }
    if (m->phbs[phb->index]) {
        error_setg(errp, "PCI host bridges must have unique indexes: %u is in use", phb->index);
        return false;
    }
    return true;
}

/* QEMU's bus name: "<id>.0", or "pci.<n>" counting the buses that had no id. */
static char *phb_bus_name(SpaprMachine *m, SpaprPhb *phb, Error **errp)
{
    char *name = phb->dev.id ? g_strdup_printf("%s.0", phb->dev.id)
                             : g_strdup_printf("pci.%u", m->phb_auto_bus_ids);

    if (bus_find(name, NULL)) {
        error_setg(errp, "%s: a bus named '%s' exists already (choose another id)",
                   SPAPR_PHB_TYPE, name);
        g_free(name);
        return NULL;
    }
    return name;
}

/*
 * A window address no BAR decodes ends the access in a master abort (PCI
 * Local Bus 3.0, 3.3.3.1): reads return all-ones and writes are dropped,
 * so an OS touching a BAR it moved, or a device that went away, sees ~0
 * as on hardware (Linux drivers test for it) instead of a machine check.
 * The abort regions sit under the windows, at a lower priority, so they
 * answer only where the bus has nothing mapped.
 */
static uint64_t master_abort_read(void *opaque, uint64_t offset, unsigned size)
{
    return size == 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
}

static void master_abort_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
}

static const MemoryRegionOps master_abort_ops = {
    .read = master_abort_read,
    .write = master_abort_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

static void phb_map_abort(SpaprPhb *phb, MemoryRegion *mr, const char *what, uint64_t addr,
                          uint64_t size)
{
    char *name = g_strdup_printf("%s.%s-master-abort", phb->dt_name, what);

    memory_region_init_io(mr, name, &master_abort_ops, phb, size);
    g_free(name);
    memory_region_add_subregion_overlap(&phb->machine->sysmem, addr, mr, -1);
}

static void phb_map_windows(SpaprPhb *phb)
{
    MemoryRegion *sysmem = &phb->machine->sysmem;
    const SpaprPhbWindows *w = &phb->win;
    char *name;

    name = g_strdup_printf("%s.mmio", phb->dt_name);
    memory_region_init_container(&phb->pci_mem, name, UINT64_MAX);
    g_free(name);
    name = g_strdup_printf("%s.io", phb->dt_name);
    memory_region_init_container(&phb->pci_io, name, w->io_size);
    g_free(name);

    name = g_strdup_printf("%s.mmio32-alias", phb->dt_name);
    memory_region_init_alias(&phb->mem32_win, name, &phb->pci_mem, SPAPR_PHB_MEM32_BUS_BASE,
                             w->mmio32_size);
    g_free(name);
    name = g_strdup_printf("%s.mmio64-alias", phb->dt_name);
    memory_region_init_alias(&phb->mem64_win, name, &phb->pci_mem, w->mmio64, w->mmio64_size);
    g_free(name);
    name = g_strdup_printf("%s.io-alias", phb->dt_name);
    memory_region_init_alias(&phb->io_win, name, &phb->pci_io, 0, w->io_size);
    g_free(name);

    memory_region_transaction_begin();
    phb_map_abort(phb, &phb->mem32_abort, "mmio32", w->mmio32, w->mmio32_size);
    phb_map_abort(phb, &phb->mem64_abort, "mmio64", w->mmio64, w->mmio64_size);
    phb_map_abort(phb, &phb->io_abort, "io", w->io, w->io_size);
    memory_region_add_subregion(sysmem, w->mmio32, &phb->mem32_win);
    memory_region_add_subregion(sysmem, w->mmio64, &phb->mem64_win);
    memory_region_add_subregion(sysmem, w->io, &phb->io_win);
    memory_region_transaction_commit();
}

static bool phb_realize(Device *d, Error **errp)
{
    SpaprPhb *phb = (SpaprPhb *)d;
    SpaprMachine *m = spapr_machine_current();
    char *bus_name;

    if (!m) {
        error_setg(errp, "%s needs a pseries machine", SPAPR_PHB_TYPE);
        return false;
    }
    if (!phb_check_index(m, phb, errp)) {
        return false;
    }
    bus_name = phb_bus_name(m, phb, errp);
    if (!bus_name) {
        return false;
    }
    phb->machine = m;
    /* Claimed first, so unrealize knows the index and its slots are this PHB's. */
    m->phbs[phb->index] = phb;
    spapr_drc_pci_create_slots(m, (int)phb->index);
    spapr_phb_windows((int)phb->index, &phb->win);
    for (unsigned pin = 0; pin < SPAPR_PHB_NUM_LSI; pin++) {
        uint32_t irq = spapr_irq_pci_lsi(phb->index, pin);

        if (!spapr_irq_claim(m, irq, true, errp)) {
            g_free(bus_name);
            phb_unrealize(d);
            return false;
        }
        phb->lsi[pin] = irq;
    }
    phb->buid = SPAPR_PCI_BUID(phb->index);
    phb->dt_name = g_strdup_printf("pci@%" PRIx64, phb->buid);
    phb->tce = spapr_tce_table_new(SPAPR_PCI_LIOBN(phb->index, 0), 0, SPAPR_PHB_DMA_WIN_SIZE,
                                   errp);
    if (!phb->tce) {
        g_free(bus_name);
        phb_unrealize(d);
        return false;
    }
    phb_map_windows(phb);
    pci_bus_init(&phb->bus, bus_name, d, &phb_host_ops, phb, &phb->pci_mem, &phb->pci_io,
                 SPAPR_PHB_NUM_LSI);
    g_free(bus_name);
    phb->bus_ready = true;
    /* device_add may put functions on it: hotplug/ decides what that means (DRCs, events). */
    phb->bus.bus.hotplug_capable = true;
    if (!d->id) {
        m->phb_auto_bus_ids++;      /* only a bus that came to exist used its number */
    }
    return true;
}

static void phb_reset(Device *d)
{
    SpaprPhb *phb = (SpaprPhb *)d;

    spapr_tce_table_reset(phb->tce);
    spapr_phb_msi_reset(phb);
}

static const PropDef phb_props[] = {
    { "index", PROP_UINT32, offsetof(SpaprPhb, index), "4294967295",
      "PHB number, 0 to 30: fixes its BUID, windows, LIOBN and interrupts (mandatory)" },
    PROP_END,
};

static const DeviceClass phb_class = {
    .name = SPAPR_PHB_TYPE,
    .desc = "sPAPR PCI host bridge (a logical PHB with its own bus)",
    .instance_size = sizeof(SpaprPhb),
    .props = phb_props,
    .user_creatable = true,
    /* device_add / device_del through its logical DRC (hotplug/phb-hotplug.c). */
    .hotpluggable = true,
    .realize = phb_realize,
    .unrealize = phb_unrealize,
    .reset = phb_reset,
    .fdt_node = spapr_phb_fdt_node,
};

void spapr_phb_register(void)
{
    device_class_register(&phb_class);
    spapr_phb_rtas_register();
    spapr_phb_msi_register();
}

SpaprPhb *spapr_phb_create(SpaprMachine *m, uint32_t index, Error **errp)
{
    Device *dev = device_new(SPAPR_PHB_TYPE, NULL, errp);
    char num[16];

    if (!dev) {
        return NULL;
    }
    g_snprintf(num, sizeof(num), "%u", index);
    if (!device_set_prop(dev, "index", num, errp)) {
        device_destroy(dev);
        return NULL;
    }
    return device_realize_and_plug(dev, NULL, false, errp) ? (SpaprPhb *)dev : NULL;
}

/* ---- Boot-time set-up, as firmware leaves it ---------------------------------------- */

typedef struct BootCursors {
    uint64_t io, io_end;
    uint64_t mem32, mem32_end;
    uint64_t mem64, mem64_end;
} BootCursors;

static void boot_assign_bar(SpaprPhb *phb, PciDevice *dev, int n, BootCursors *c)
{
    uint64_t size = pci_bar_size(dev, n);
    uint8_t type = pci_bar_type(dev, n);
    bool io = type & PCI_BAR_IO;
    uint64_t *cursor, end, align, addr;

    if (io) {
        cursor = &c->io, end = c->io_end, align = size;
    } else if ((type & PCI_BAR_MEM64) && (type & PCI_BAR_PREFETCH)) {
        cursor = &c->mem64, end = c->mem64_end, align = MAX(size, BOOT_MEM_MIN_ALIGN);
    } else {
        cursor = &c->mem32, end = c->mem32_end, align = MAX(size, BOOT_MEM_MIN_ALIGN);
    }
    if (*cursor >= end || !pci_bus_find_free_range(&phb->bus, io, *cursor, end - *cursor, align,
                                                   &addr)) {
        /* The OS may still place it (linux,pci-probe-only is 0); say why it is unassigned. */
        log_printf("%s: no room for BAR%d (%" PRIu64 " bytes) of %02x.%x in the %s window\n",
                   phb->dt_name, n, size, PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn),
                   io ? "I/O" : "memory");
        return;
    }
    pci_bar_set_base(dev, n, addr);
    *cursor = addr + size;
}

static void boot_setup_phb(SpaprPhb *phb)
{
    BootCursors c = {
        .io = BOOT_IO_START, .io_end = phb->win.io_size,
        .mem32 = SPAPR_PHB_MEM32_BUS_BASE,
        .mem32_end = SPAPR_PHB_MEM32_BUS_BASE + phb->win.mmio32_size,
        .mem64 = phb->win.mmio64, .mem64_end = phb->win.mmio64 + phb->win.mmio64_size,
    };

    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PciDevice *dev = phb->bus.devices[devfn];

        if (!dev) {
            continue;
        }
        for (int n = 0; n < PCI_NUM_BARS; n++) {
            if (pci_bar_size(dev, n)) {
                boot_assign_bar(phb, dev, n, &c);
            }
        }
        pci_config_write(dev, PCI_COMMAND, 2, BOOT_COMMAND);
    }
}

void spapr_phb_boot_setup(SpaprMachine *m)
{
    for (int i = 0; i < SPAPR_MAX_PHBS; i++) {
        if (m->phbs[i]) {
            boot_setup_phb(m->phbs[i]);
        }
    }
}

/* ---- Monitor ------------------------------------------------------------------------- */

void spapr_phb_print_info(SpaprMachine *m, GString *out)
{
    for (int i = 0; i < SPAPR_MAX_PHBS; i++) {
        if (m->phbs[i]) {
            pci_bus_print_info(&m->phbs[i]->bus, out);
        }
    }
}
