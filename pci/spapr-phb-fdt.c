/*
 * Device-tree nodes of the sPAPR PHBs and of the PCI functions on them.
 * Linux on an LPAR does not scan config space: it builds its PCI devices
 * from these nodes (pSeries_pci_probe_mode returns DEVTREE), reading the
 * IDs, "interrupts" and the BARs from "assigned-addresses" (else "reg").
 * The PHB node has every property QEMU 7.2 gives it that Linux reads
 * (pci-hotplug-papr.md 1, qemu-pseries-p8.dts); the function nodes have
 * QEMU's properties plus the "assigned-addresses" that SLOF adds for the
 * BARs it assigned (spapr-phb.c). Addresses follow the PCI bus binding to
 * IEEE 1275 (phys.hi = npt000ss bbbbbbbb dddddfff rrrrrrrr).
 *
 * Both kinds of node are written through the device-tree hook
 * (DeviceClass.fdt_node, ppc/spapr/dt_util.h) in libfdt's sequential-write
 * mode, so the same code emits a function's node inside the boot tree or
 * on its own, as the fragment ibm,configure-connector hands out.
 */
#include "pci/spapr-phb.h"

#include <inttypes.h>
#include <libfdt.h>

#include "hotplug/drc.h"
#include "hotplug/hotplug.h"
#include "pci/msi.h"
#include "pci/msix.h"
#include "ppc/spapr/dt_util.h"

/* The space codes (ss) of phys.hi, and its n (non-relocatable) and p (prefetchable) bits. */
#define OF_PCI_SS_CONFIG        0x00000000u
#define OF_PCI_SS_IO            0x01000000u
#define OF_PCI_SS_MEM32         0x02000000u
#define OF_PCI_SS_MEM64         0x03000000u
#define OF_PCI_ADDR_N           0x80000000u
#define OF_PCI_ADDR_P           0x40000000u

#define OF_PCI_ENTRY_CELLS      5       /* phys.hi, phys.mid, phys.lo, size.hi, size.lo */
#define OF_PCI_RANGE_CELLS      7       /* child (3), parent (2), size (2) */
#define PHB_IRQ_MAP_CELLS       7       /* child unit (3) + pin, parent phandle, irq, sense */
#define XICS_SENSE_LEVEL        1       /* second interrupt cell: 1 = level, 0 = edge */

/* ---- Helpers ----------------------------------------------------------------------- */

static void put_u64(GArray *cells, uint64_t v)
{
    uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;

    g_array_append_val(cells, hi);
    g_array_append_val(cells, lo);
}

/* A property of any number of cells (DT_CELLS stops at 64), and free the array. */
static int prop_array(void *fdt, const char *name, GArray *cells)
{
    uint32_t *c = (uint32_t *)cells->data;
    int ret;

    for (guint i = 0; i < cells->len; i++) {
        c[i] = cpu_to_fdt32(c[i]);
    }
    ret = fdt_property(fdt, name, c, (int)(cells->len * 4));
    g_array_free(cells, TRUE);
    return ret;
}

/* ---- Node names by class code (PCI bus binding to IEEE 1275, as QEMU names them) ---- */

typedef struct ClassName {
    uint32_t code;          /* base << 16 | sub << 8 | prog-if */
    uint32_t mask;          /* which of those bits must match */
    const char *name;
} ClassName;

#define BASE(b, n)          { (b) << 16, 0xff0000, (n) }
#define SUB(b, s, n)        { (b) << 16 | (s) << 8, 0xffff00, (n) }
#define IFACE(b, s, i, n)   { (b) << 16 | (s) << 8 | (i), 0xffffff, (n) }

/* Most specific first: an interface beats its subclass, a subclass its base class. */
static const ClassName class_names[] = {
    IFACE(0x08, 0x00, 0x10, "io-apic"), IFACE(0x08, 0x00, 0x20, "io-xapic"),
    IFACE(0x0c, 0x03, 0x00, "usb-uhci"), IFACE(0x0c, 0x03, 0x10, "usb-ohci"),
    IFACE(0x0c, 0x03, 0x20, "usb-ehci"), IFACE(0x0c, 0x03, 0x30, "usb-xhci"),
    IFACE(0x0c, 0x03, 0x80, "usb-unknown"), IFACE(0x0c, 0x03, 0xfe, "usb-device"),

    SUB(0x00, 0x01, "display"),
    SUB(0x01, 0x00, "scsi"), SUB(0x01, 0x01, "ide"), SUB(0x01, 0x02, "fdc"),
    SUB(0x01, 0x03, "ipi"), SUB(0x01, 0x04, "raid"), SUB(0x01, 0x05, "ata"),
    SUB(0x01, 0x06, "sata"), SUB(0x01, 0x07, "sas"),
    SUB(0x02, 0x00, "ethernet"), SUB(0x02, 0x01, "token-ring"), SUB(0x02, 0x02, "fddi"),
    SUB(0x02, 0x03, "atm"), SUB(0x02, 0x04, "isdn"), SUB(0x02, 0x05, "worldfip"),
    SUB(0x02, 0x06, "picmg"),
    SUB(0x03, 0x00, "vga"), SUB(0x03, 0x01, "xga"), SUB(0x03, 0x02, "3d-controller"),
    SUB(0x04, 0x00, "video"), SUB(0x04, 0x01, "sound"), SUB(0x04, 0x02, "telephony"),
    SUB(0x05, 0x00, "memory"), SUB(0x05, 0x01, "flash"),
    SUB(0x06, 0x00, "host"), SUB(0x06, 0x01, "isa"), SUB(0x06, 0x02, "eisa"),
    SUB(0x06, 0x03, "mca"), SUB(0x06, 0x04, "pci"), SUB(0x06, 0x05, "pcmcia"),
    SUB(0x06, 0x06, "nubus"), SUB(0x06, 0x07, "cardbus"), SUB(0x06, 0x08, "raceway"),
    SUB(0x06, 0x09, "semi-transparent-pci"), SUB(0x06, 0x0a, "infiniband"),
    SUB(0x07, 0x00, "serial"), SUB(0x07, 0x01, "parallel"),
    SUB(0x07, 0x02, "multiport-serial"), SUB(0x07, 0x03, "modem"), SUB(0x07, 0x04, "gpib"),
    SUB(0x07, 0x05, "smart-card"),
    SUB(0x08, 0x00, "interrupt-controller"), SUB(0x08, 0x01, "dma-controller"),
    SUB(0x08, 0x02, "timer"), SUB(0x08, 0x03, "rtc"), SUB(0x08, 0x04, "hot-plug-controller"),
    SUB(0x08, 0x05, "sd-host-controller"),
    SUB(0x09, 0x00, "keyboard"), SUB(0x09, 0x01, "pen"), SUB(0x09, 0x02, "mouse"),
    SUB(0x09, 0x03, "scanner"), SUB(0x09, 0x04, "gameport"),
    SUB(0x0a, 0x00, "dock"),
    SUB(0x0b, 0x00, "pentium"), SUB(0x0b, 0x20, "powerpc"), SUB(0x0b, 0x30, "mips"),
    SUB(0x0b, 0x40, "co-processor"),
    SUB(0x0c, 0x00, "firewire"), SUB(0x0c, 0x01, "access-bus"), SUB(0x0c, 0x02, "ssa"),
    SUB(0x0c, 0x03, "usb"), SUB(0x0c, 0x04, "fibre-channel"), SUB(0x0c, 0x05, "smb"),
    SUB(0x0c, 0x06, "infiniband"), SUB(0x0c, 0x07, "ipmi"), SUB(0x0c, 0x08, "sercos"),
    SUB(0x0c, 0x09, "canbus"),
    SUB(0x0d, 0x00, "irda"), SUB(0x0d, 0x01, "consumer-ir"), SUB(0x0d, 0x10, "rf-controller"),
    SUB(0x0d, 0x11, "bluetooth"), SUB(0x0d, 0x12, "broadband"),
    SUB(0x0f, 0x01, "satellite-tv"), SUB(0x0f, 0x02, "satellite-audio"),
    SUB(0x0f, 0x03, "satellite-voice"), SUB(0x0f, 0x04, "satellite-data"),
    SUB(0x10, 0x00, "network-encryption"), SUB(0x10, 0x10, "entertainment-encryption"),
    SUB(0x11, 0x00, "dpio"), SUB(0x11, 0x01, "counter"), SUB(0x11, 0x10, "measurement"),
    SUB(0x11, 0x20, "management-card"),

    BASE(0x00, "legacy-device"), BASE(0x01, "mass-storage"), BASE(0x02, "network"),
    BASE(0x03, "display"), BASE(0x04, "multimedia-device"), BASE(0x05, "memory-controller"),
    BASE(0x06, "unknown-bridge"), BASE(0x07, "communication-controller"),
    BASE(0x08, "system-peripheral"), BASE(0x09, "input-controller"),
    BASE(0x0a, "docking-station"), BASE(0x0b, "cpu"), BASE(0x0c, "serial-bus"),
    BASE(0x0d, "wireless-controller"), BASE(0x0e, "intelligent-io"),
    BASE(0x0f, "satellite-device"), BASE(0x10, "encryption"),
    BASE(0x11, "data-processing-controller"),
};

/* Base classes past the table (0x12 and up, 0xff "unassigned") are plain "pci". */
static const char *node_name_for_class(uint32_t class_code)
{
    for (size_t i = 0; i < G_N_ELEMENTS(class_names); i++) {
        if ((class_code & class_names[i].mask) == class_names[i].code) {
            return class_names[i].name;
        }
    }
    return "pci";
}

/* ---- A function's node --------------------------------------------------------------- */

static uint32_t phys_hi_of(PciDevice *dev)
{
    return (uint32_t)dev->bus->number << 16 | (uint32_t)dev->devfn << 8;
}

static uint32_t bar_space(uint8_t type)
{
    if (type & PCI_BAR_IO) {
        return OF_PCI_SS_IO;
    }
    return (type & PCI_BAR_MEM64) ? OF_PCI_SS_MEM64 : OF_PCI_SS_MEM32;
}

/*
 * "reg": the config space, then each BAR's size at a relocatable address
 * (QEMU's form); "assigned-addresses": each BAR with a base programmed, at
 * its PCI bus address (n set; p for a prefetchable BAR, as SLOF writes it).
 */
static int device_resource_props(PciDevice *dev, void *fdt)
{
    GArray *reg = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    GArray *assigned = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    uint32_t hi = phys_hi_of(dev), zero = 0;
    int ret;

    g_array_append_val(reg, hi);
    for (int i = 0; i < 4; i++) {
        g_array_append_val(reg, zero);
    }
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        uint64_t size = pci_bar_size(dev, n), base;
        uint8_t type = pci_bar_type(dev, n);
        uint32_t bar_hi = hi | bar_space(type) | (PCI_BASE_ADDRESS_0 + 4 * n);

        if (!size) {
            continue;
        }
        g_array_append_val(reg, bar_hi);
        put_u64(reg, 0);
        put_u64(reg, size);
        base = pci_bar_base(dev, n);
        if (base) {
            uint32_t a_hi = bar_hi | OF_PCI_ADDR_N |
                            ((type & PCI_BAR_PREFETCH) ? OF_PCI_ADDR_P : 0);
            g_array_append_val(assigned, a_hi);
            put_u64(assigned, base);
            put_u64(assigned, size);
        }
    }
    ret = prop_array(fdt, "reg", reg);
    if (ret < 0) {
        g_array_free(assigned, TRUE);
        return ret;
    }
    return prop_array(fdt, "assigned-addresses", assigned);
}

/* PciHostOps.fdt_node, so every PCI class's DeviceClass.fdt_node ends here. */
int spapr_phb_fdt_function_node(PciBus *bus, PciDevice *dev, void *fdt)
{
    SpaprPhb *phb = bus->host_opaque;
    const uint8_t *c = dev->config;
    uint32_t class_code = pci_get_long(c + PCI_REVISION_ID) >> 8;
    uint16_t status = pci_get_word(c + PCI_STATUS);
    int slot = PCI_SLOT(dev->devfn), fn = PCI_FUNC(dev->devfn);
    char *name;
    int ret;

    name = fn ? g_strdup_printf("%s@%x,%x", node_name_for_class(class_code), slot, fn)
              : g_strdup_printf("%s@%x", node_name_for_class(class_code), slot);
    ret = fdt_begin_node(fdt, name);
    g_free(name);
    DT_TRY(ret);

    DT_TRY(fdt_property_u32(fdt, "vendor-id", pci_get_word(c + PCI_VENDOR_ID)));
    DT_TRY(fdt_property_u32(fdt, "device-id", pci_get_word(c + PCI_DEVICE_ID)));
    DT_TRY(fdt_property_u32(fdt, "revision-id", c[PCI_REVISION_ID]));
    DT_TRY(fdt_property_u32(fdt, "class-code", class_code));
    if (c[PCI_INTERRUPT_PIN]) {
        DT_TRY(fdt_property_u32(fdt, "interrupts", c[PCI_INTERRUPT_PIN]));
    }
    if (pci_get_word(c + PCI_SUBSYSTEM_ID)) {
        DT_TRY(fdt_property_u32(fdt, "subsystem-id", pci_get_word(c + PCI_SUBSYSTEM_ID)));
    }
    if (pci_get_word(c + PCI_SUBSYSTEM_VENDOR_ID)) {
        DT_TRY(fdt_property_u32(fdt, "subsystem-vendor-id",
                              pci_get_word(c + PCI_SUBSYSTEM_VENDOR_ID)));
    }
    DT_TRY(fdt_property_u32(fdt, "cache-line-size", c[PCI_CACHE_LINE_SIZE]));
    DT_TRY(fdt_property_u32(fdt, "devsel-speed", status & PCI_STATUS_DEVSEL_MASK));
    if (status & PCI_STATUS_FAST_BACK) {
        DT_TRY(fdt_property(fdt, "fast-back-to-back", NULL, 0));
    }
    if (status & PCI_STATUS_66MHZ) {
        DT_TRY(fdt_property(fdt, "66mhz-capable", NULL, 0));
    }
    /*
     * The slot's DRC: ibm,my-drc-index and ibm,loc-code "Slot N" (not
     * QEMU's qemu_<dev>:... string), in the boot tree too, so drmgr and
     * rpaphp find the connector of a device given with -device and it can
     * be removed after a guest reboot (issue 11 section 1).
     */
    DT_TRY(spapr_drc_pci_fdt_function_props((int)phb->index, slot, fdt));
    if (msi_present(dev) && msi_nr_vectors(dev)) {
        DT_TRY(fdt_property_u32(fdt, "ibm,req#msi", msi_nr_vectors(dev)));
    }
    if (msix_present(dev) && msix_nr_vectors(dev)) {
        DT_TRY(fdt_property_u32(fdt, "ibm,req#msi-x", msix_nr_vectors(dev)));
    }
    DT_TRY(device_resource_props(dev, fdt));
    /* Linux reads past 256 bytes only where this says the path allows it. */
    if (pci_is_express(dev)) {
        DT_TRY(fdt_property_u32(fdt, "ibm,pci-config-space-type", 1));
    }
    DT_TRY(fdt_property_u32(fdt, "min-grant", c[PCI_MIN_GNT]));
    DT_TRY(fdt_property_u32(fdt, "max-latency", c[PCI_MAX_LAT]));
    return fdt_end_node(fdt);
}

/* ---- The PHB node ------------------------------------------------------------------- */

static int phb_ranges(SpaprPhb *phb, void *fdt)
{
    const SpaprPhbWindows *w = &phb->win;
    GArray *r = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    const struct {
        uint32_t ss;
        uint64_t pci, cpu, size;
    } ranges[] = {
        { OF_PCI_SS_IO, 0, w->io, w->io_size },
        { OF_PCI_SS_MEM32, SPAPR_PHB_MEM32_BUS_BASE, w->mmio32, w->mmio32_size },
        { OF_PCI_SS_MEM64, w->mmio64, w->mmio64, w->mmio64_size },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(ranges); i++) {
        g_array_append_val(r, ranges[i].ss);
        put_u64(r, ranges[i].pci);
        put_u64(r, ranges[i].cpu);
        put_u64(r, ranges[i].size);
    }
    g_assert(r->len == G_N_ELEMENTS(ranges) * OF_PCI_RANGE_CELLS);
    return prop_array(fdt, "ranges", r);
}

/* One entry per slot and pin, the swizzle of spapr-phb.c's map_irq. */
static int phb_interrupt_map(SpaprPhb *phb, void *fdt)
{
    GArray *map = g_array_new(FALSE, FALSE, sizeof(uint32_t));

    for (uint32_t slot = 0; slot < PCI_SLOT_MAX; slot++) {
        for (uint32_t pin = 0; pin < SPAPR_PHB_NUM_LSI; pin++) {
            uint32_t e[PHB_IRQ_MAP_CELLS] = {
                slot << 11, 0, 0, pin + 1, SPAPR_INTC_PHANDLE,
                phb->lsi[(slot + pin) % SPAPR_PHB_NUM_LSI], XICS_SENSE_LEVEL,
            };
            g_array_append_vals(map, e, PHB_IRQ_MAP_CELLS);
        }
    }
    DT_TRY(DT_CELLS(fdt, "interrupt-map-mask", PCI_DEVFN(PCI_SLOT_MAX - 1, 0) << 8, 0, 0,
                    0xffffffff));
    return prop_array(fdt, "interrupt-map", map);
}

/* DeviceClass.fdt_node of the PHB: its node with its functions' nodes inside. */
int spapr_phb_fdt_node(Device *d, void *fdt)
{
    SpaprPhb *phb = (SpaprPhb *)d;
    uint64_t dma_off = spapr_tce_table_bus_offset(phb->tce);
    uint64_t dma_size = spapr_tce_table_size(phb->tce);

    DT_TRY(fdt_begin_node(fdt, phb->dt_name));
    DT_TRY(fdt_property_string(fdt, "device_type", "pci"));
    DT_TRY(fdt_property_string(fdt, "compatible", "IBM,Logical_PHB"));
    DT_TRY(fdt_property_u32(fdt, "#address-cells", 3));
    DT_TRY(fdt_property_u32(fdt, "#size-cells", 2));
    DT_TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
    DT_TRY(fdt_property(fdt, "used-by-rtas", NULL, 0));
    DT_TRY(DT_CELLS(fdt, "bus-range", 0, 0xff));
    DT_TRY(phb_ranges(phb, fdt));
    /* The BUID in the root's two address cells, and a size of 0. */
    DT_TRY(DT_CELLS(fdt, "reg", (uint32_t)(phb->buid >> 32), (uint32_t)phb->buid, 0, 0));
    DT_TRY(fdt_property_u32(fdt, "ibm,pci-config-space-type", 1));
    DT_TRY(fdt_property_u32(fdt, "ibm,pe-total-#msi", spapr_phb_msi_total()));
    DT_TRY(phb_interrupt_map(phb, fdt));
    DT_TRY(fdt_property_u32(fdt, "ibm,#dma-address-cells", 2));
    DT_TRY(fdt_property_u32(fdt, "ibm,#dma-size-cells", 2));
    DT_TRY(DT_CELLS(fdt, "ibm,dma-window", spapr_tce_table_liobn(phb->tce),
                    (uint32_t)(dma_off >> 32), (uint32_t)dma_off, (uint32_t)(dma_size >> 32),
                    (uint32_t)dma_size));
    /* Dynamic reconfiguration: the PHB's own DRC, and the four arrays of its 32 slots. */
    DT_TRY(spapr_drc_phb_fdt_my_index((int)phb->index, fdt));
    DT_TRY(spapr_drc_pci_fdt_phb_props(phb->machine, (int)phb->index, fdt));
    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        PciDevice *dev = phb->bus.devices[devfn];

        /* Functions waiting for their function 0 are not there yet, for the guest. */
        if (dev && spapr_pci_hotplug_function_present(phb, dev)) {
            DT_TRY(dt_device_node(&dev->dev, fdt));
        }
    }
    return fdt_end_node(fdt);
}

int spapr_phb_fdt_nodes(SpaprMachine *m, void *fdt)
{
    for (int i = 0; i < SPAPR_MAX_PHBS; i++) {
        if (m->phbs[i]) {
            DT_TRY(dt_device_node(&m->phbs[i]->dev, fdt));
        }
    }
    return 0;
}
