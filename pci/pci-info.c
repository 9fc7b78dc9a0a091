/*
 * What the monitor shows of PCI: `info pci` in QEMU 7.2's format (its
 * hmp_info_pci_device), the device lines of `info qtree` (its
 * pcibus_dev_print), and the class descriptions both use (its
 * pci_class_descriptions table; the texts are QEMU's, typos included, so
 * that tools reading its output read ours).
 */
#include "pci/pci-internal.h"

#include <inttypes.h>

typedef struct PciClassDesc {
    uint16_t class_device;      /* base class << 8 | subclass */
    const char *desc;
} PciClassDesc;

static const PciClassDesc pci_class_descs[] = {
    { 0x0001, "VGA controller" },
    { 0x0100, "SCSI controller" },
    { 0x0101, "IDE controller" },
    { 0x0102, "Floppy controller" },
    { 0x0103, "IPI controller" },
    { 0x0104, "RAID controller" },
    { 0x0106, "SATA controller" },
    { 0x0107, "SAS controller" },
    { 0x0180, "Storage controller" },
    { 0x0200, "Ethernet controller" },
    { 0x0201, "Token Ring controller" },
    { 0x0202, "FDDI controller" },
    { 0x0203, "ATM controller" },
    { 0x0280, "Network controller" },
    { 0x0300, "VGA controller" },
    { 0x0301, "XGA controller" },
    { 0x0302, "3D controller" },
    { 0x0380, "Display controller" },
    { 0x0400, "Video controller" },
    { 0x0401, "Audio controller" },
    { 0x0402, "Phone" },
    { 0x0403, "Audio controller" },
    { 0x0480, "Multimedia controller" },
    { 0x0500, "RAM controller" },
    { 0x0501, "Flash controller" },
    { 0x0580, "Memory controller" },
    { 0x0600, "Host bridge" },
    { 0x0601, "ISA bridge" },
    { 0x0602, "EISA bridge" },
    { 0x0603, "MC bridge" },
    { 0x0604, "PCI bridge" },
    { 0x0605, "PCMCIA bridge" },
    { 0x0606, "NUBUS bridge" },
    { 0x0607, "CARDBUS bridge" },
    { 0x0608, "RACEWAY bridge" },
    { 0x0680, "Bridge" },
    { 0x0700, "Serial port" },
    { 0x0701, "Parallel port" },
    { 0x0800, "Interrupt controller" },
    { 0x0801, "DMA controller" },
    { 0x0802, "Timer" },
    { 0x0803, "RTC" },
    { 0x0900, "Keyboard" },
    { 0x0901, "Pen" },
    { 0x0902, "Mouse" },
    { 0x0A00, "Dock station" },
    { 0x0B00, "i386 cpu" },
    { 0x0c00, "Fireware contorller" },
    { 0x0c01, "Access bus controller" },
    { 0x0c02, "SSA controller" },
    { 0x0c03, "USB controller" },
    { 0x0c04, "Fibre channel controller" },
    { 0x0c05, "SMBus" },
};

const char *pci_class_description(uint16_t class_device)
{
    for (size_t i = 0; i < G_N_ELEMENTS(pci_class_descs); i++) {
        if (pci_class_descs[i].class_device == class_device) {
            return pci_class_descs[i].desc;
        }
    }
    return NULL;
}

static void print_bar(GString *out, const PciBar *bar, int n)
{
    /* An unmapped BAR shows as address all-ones, and its end wraps: QEMU 7.2 prints it so. */
    uint64_t addr = bar->addr, end = bar->addr + bar->size - 1;

    g_string_append_printf(out, "      BAR%d: ", n);
    if (bar->type & PCI_BAR_IO) {
        g_string_append_printf(out, "I/O at 0x%04" PRIx64 " [0x%04" PRIx64 "].\n", addr, end);
    } else {
        g_string_append_printf(out, "%d bit%s memory at 0x%08" PRIx64 " [0x%08" PRIx64 "].\n",
                               (bar->type & PCI_BAR_MEM64) ? 64 : 32,
                               (bar->type & PCI_BAR_PREFETCH) ? " prefetchable" : "", addr, end);
    }
}

static void print_device(PciBus *bus, PciDevice *dev, void *opaque)
{
    GString *out = opaque;
    const uint8_t *c = dev->config;
    uint16_t cls = pci_get_word(c + PCI_CLASS_DEVICE);
    const char *desc = pci_class_description(cls);

    g_string_append_printf(out, "  Bus %2d, device %3d, function %d:\n", bus->number,
                           PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn));
    if (desc) {
        g_string_append_printf(out, "    %s", desc);
    } else {
        /* QEMU prints the class word in decimal here. */
        g_string_append_printf(out, "    Class %04d", cls);
    }
    g_string_append_printf(out, ": PCI device %04x:%04x\n", pci_get_word(c + PCI_VENDOR_ID),
                           pci_get_word(c + PCI_DEVICE_ID));
    g_string_append_printf(out, "      PCI subsystem %04x:%04x\n",
                           pci_get_word(c + PCI_SUBSYSTEM_VENDOR_ID),
                           pci_get_word(c + PCI_SUBSYSTEM_ID));
    if (c[PCI_INTERRUPT_PIN]) {
        g_string_append_printf(out, "      IRQ %d, pin %c\n", c[PCI_INTERRUPT_LINE],
                               'A' + c[PCI_INTERRUPT_PIN] - 1);
    }
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        if (dev->bars[n].size) {
            print_bar(out, &dev->bars[n], n);
        }
    }
    g_string_append_printf(out, "      id \"%s\"\n", dev->dev.id ? dev->dev.id : "");
    /* Not in QEMU's output: device_del was accepted and the guest has not released it yet. */
    if (dev->dev.pending_unplug) {
        g_string_append(out, "      pending removal (device_del: waiting for the guest)\n");
    }
}

void pci_bus_print_info(PciBus *bus, GString *out)
{
    pci_bus_foreach(bus, print_device, out);
}

void pci_device_print_qtree(Device *d, GString *out, int indent)
{
    PciDevice *dev = PCI_DEVICE(d);
    const uint8_t *c = dev->config;
    uint16_t cls;
    const char *desc;

    if (!c) {
        return;
    }
    cls = pci_get_word(c + PCI_CLASS_DEVICE);
    desc = pci_class_description(cls);
    g_string_append_printf(out, "%*sclass ", indent, "");
    if (desc) {
        g_string_append(out, desc);
    } else {
        g_string_append_printf(out, "Class %04x", cls);
    }
    g_string_append_printf(out, ", addr %02x:%02x.%x, pci id %04x:%04x (sub %04x:%04x)\n",
                           dev->bus ? dev->bus->number : 0, PCI_SLOT(dev->devfn),
                           PCI_FUNC(dev->devfn), pci_get_word(c + PCI_VENDOR_ID),
                           pci_get_word(c + PCI_DEVICE_ID),
                           pci_get_word(c + PCI_SUBSYSTEM_VENDOR_ID),
                           pci_get_word(c + PCI_SUBSYSTEM_ID));
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        const PciBar *bar = &dev->bars[n];
        if (bar->size) {
            g_string_append_printf(out, "%*sbar %d: %s at 0x%" PRIx64 " [0x%" PRIx64 "]\n",
                                   indent, "", n, (bar->type & PCI_BAR_IO) ? "i/o" : "mem",
                                   bar->addr, bar->addr + bar->size - 1);
        }
    }
}
