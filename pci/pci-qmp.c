/*
 * QMP's query-pci: every PCI bus with its functions, in the shape of QEMU's
 * schema (qapi/pci.json: PciInfo, PciDeviceInfo, PciDeviceClass,
 * PciDeviceId, PciMemoryRegion). The same facts `info pci` prints
 * (pci-info.c), as JSON. There are no PCI-PCI bridges, so no pci_bridge.
 */
#include "pci/pci-internal.h"

#include "core/qmp.h"
#include "pci/pci-regs.h"

static void add_int(JsonBuilder *b, const char *name, int64_t v)
{
    json_builder_set_member_name(b, name);
    json_builder_add_int_value(b, v);
}

static void add_regions(JsonBuilder *b, const PciDevice *dev)
{
    json_builder_set_member_name(b, "regions");
    json_builder_begin_array(b);
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        const PciBar *bar = &dev->bars[n];
        if (!bar->size) {
            continue;
        }
        json_builder_begin_object(b);
        add_int(b, "bar", n);
        json_builder_set_member_name(b, "type");
        json_builder_add_string_value(b, (bar->type & PCI_BAR_IO) ? "io" : "memory");
        /* Unmapped is all-ones, which QEMU reports as -1. */
        add_int(b, "address", (int64_t)bar->addr);
        add_int(b, "size", (int64_t)bar->size);
        if (!(bar->type & PCI_BAR_IO)) {
            json_builder_set_member_name(b, "prefetch");
            json_builder_add_boolean_value(b, (bar->type & PCI_BAR_PREFETCH) != 0);
            json_builder_set_member_name(b, "mem_type_64");
            json_builder_add_boolean_value(b, (bar->type & PCI_BAR_MEM64) != 0);
        }
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void add_device(PciBus *bus, PciDevice *dev, void *opaque)
{
    JsonBuilder *b = opaque;
    const uint8_t *c = dev->config;
    uint16_t cls = pci_get_word(c + PCI_CLASS_DEVICE);
    const char *desc = pci_class_description(cls);
    uint8_t pin = c[PCI_INTERRUPT_PIN];

    json_builder_begin_object(b);
    add_int(b, "bus", bus->number);
    add_int(b, "slot", PCI_SLOT(dev->devfn));
    add_int(b, "function", PCI_FUNC(dev->devfn));
    json_builder_set_member_name(b, "class_info");
    json_builder_begin_object(b);
    if (desc) {
        json_builder_set_member_name(b, "desc");
        json_builder_add_string_value(b, desc);
    }
    add_int(b, "class", cls);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "id");
    json_builder_begin_object(b);
    add_int(b, "device", pci_get_word(c + PCI_DEVICE_ID));
    add_int(b, "vendor", pci_get_word(c + PCI_VENDOR_ID));
    add_int(b, "subsystem", pci_get_word(c + PCI_SUBSYSTEM_ID));
    add_int(b, "subsystem-vendor", pci_get_word(c + PCI_SUBSYSTEM_VENDOR_ID));
    json_builder_end_object(b);
    if (pin) {
        add_int(b, "irq", c[PCI_INTERRUPT_LINE]);
    }
    add_int(b, "irq_pin", pin);
    json_builder_set_member_name(b, "qdev_id");
    json_builder_add_string_value(b, dev->dev.id ? dev->dev.id : "");
    add_regions(b, dev);
    json_builder_end_object(b);
}

static void add_bus(Bus *bus, void *opaque)
{
    JsonBuilder *b = opaque;
    PciBus *pbus = PCI_BUS(bus);

    json_builder_begin_object(b);
    add_int(b, "bus", pbus->number);
    json_builder_set_member_name(b, "devices");
    json_builder_begin_array(b);
    pci_bus_foreach(pbus, add_device, b);
    json_builder_end_array(b);
    json_builder_end_object(b);
}

static JsonNode *qmp_query_pci(JsonObject *args, QmpError **errp)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_array(b);
    bus_foreach(PCI_BUS_TYPE, add_bus, b);
    json_builder_end_array(b);
    return json_builder_get_root(b);
}

static const QmpCommand pci_qmp_commands[] = {
    { "query-pci", qmp_query_pci },
    { NULL },
};

void pci_qmp_register(void)
{
    qmp_register_commands(pci_qmp_commands);
}
