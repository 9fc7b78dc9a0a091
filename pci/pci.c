/*
 * PCI function life cycle and configuration-space access (see pci.h).
 *
 * Every byte of config space has a write mask and a write-1-to-clear mask;
 * whatever neither covers is read-only. The type 0 header's rules are PCI
 * Local Bus 3.0 section 6.2 (with PCIe Base 4.0 7.5.1 where they differ):
 * Command.IO/Memory/Bus Master/Parity/SERR/Interrupt Disable are writable,
 * the other command bits are hardwired 0; Status' error bits are W1C and its
 * other bits read-only; cache line size and interrupt line are scratch
 * registers; the latency timer, BIST and expansion ROM are not implemented
 * and read 0. Reset restores the image realize left (the power-on state).
 */
#include "pci/pci-internal.h"

#include <string.h>

#include "core/log.h"
#include "pci/e1000.h"
#include "pci/msi.h"
#include "pci/msix.h"
#include "pci/pci-testdev.h"
#include "pci/pcie.h"

/* QEMU's default subsystem IDs (Red Hat / QEMU), seen in qemu-pseries-p8.dts. */
#define PCI_DEFAULT_SUBVENDOR_ID 0x1af4
#define PCI_DEFAULT_SUBDEVICE_ID 0x1100

const char *pci_dev_name(const PciDevice *dev)
{
    return dev->dev.id ? dev->dev.id : dev->dev.cls->name;
}

char *pci_devfn_string(int devfn)
{
    return g_strdup_printf("%02x.%x", PCI_SLOT(devfn), PCI_FUNC(devfn));
}

/* ---- Classes ------------------------------------------------------------- */

void pci_device_class_register(const PciDeviceClass *cls)
{
    const DeviceClass *dc = &cls->parent;

    /* A PCI class must let the core set up config space and tear it down. */
    g_assert(dc->realize == pci_device_realize && dc->unrealize == pci_device_unrealize);
    g_assert(dc->reset == pci_device_reset_hook);
    g_assert(g_strcmp0(dc->bus_type, PCI_BUS_TYPE) == 0);
    g_assert(dc->instance_size >= sizeof(PciDevice));
    g_assert(cls->interrupt_pin <= PCI_NUM_PINS);
    device_class_register(dc);
}

void pci_register_types(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    pci_testdev_register();
    e1000_register();
    pci_qmp_register();
}

/* ---- Realize / unrealize -------------------------------------------------- */

static void config_free(PciDevice *dev)
{
    g_clear_pointer(&dev->config, g_free);
    g_clear_pointer(&dev->wmask, g_free);
    g_clear_pointer(&dev->w1cmask, g_free);
    g_clear_pointer(&dev->reset_config, g_free);
    g_clear_pointer(&dev->cap_used, g_free);
}

/* The header as the class describes it, and the masks of the standard registers. */
static void config_init(PciDevice *dev, const PciDeviceClass *pc)
{
    uint8_t *c;

    dev->config_size = pc->is_express ? PCIE_CONFIG_SPACE_SIZE : PCI_CONFIG_SPACE_SIZE;
    dev->config = g_malloc0(dev->config_size);
    dev->wmask = g_malloc0(dev->config_size);
    dev->w1cmask = g_malloc0(dev->config_size);
    dev->cap_used = g_malloc0(dev->config_size);
    memset(dev->cap_used, 1, PCI_CONFIG_HEADER_SIZE);
    c = dev->config;

    pci_set_word(c + PCI_VENDOR_ID, pc->vendor_id);
    pci_set_word(c + PCI_DEVICE_ID, pc->device_id);
    pci_set_byte(c + PCI_REVISION_ID, pc->revision);
    pci_set_byte(c + PCI_CLASS_PROG, pc->class_code & 0xff);
    pci_set_word(c + PCI_CLASS_DEVICE, (uint16_t)(pc->class_code >> 8));
    pci_set_byte(c + PCI_HEADER_TYPE,
                 PCI_HEADER_TYPE_NORMAL | (dev->multifunction ? PCI_HEADER_TYPE_MULTI_FUNCTION : 0));
    if (pc->subsystem_vendor_id || pc->subsystem_id) {
        pci_set_word(c + PCI_SUBSYSTEM_VENDOR_ID, pc->subsystem_vendor_id);
        pci_set_word(c + PCI_SUBSYSTEM_ID, pc->subsystem_id);
    } else {
        pci_set_word(c + PCI_SUBSYSTEM_VENDOR_ID, PCI_DEFAULT_SUBVENDOR_ID);
        pci_set_word(c + PCI_SUBSYSTEM_ID, PCI_DEFAULT_SUBDEVICE_ID);
    }
    pci_set_byte(c + PCI_INTERRUPT_PIN, pc->interrupt_pin);

    pci_config_set_wmask(dev, PCI_COMMAND, 2,
                         PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
                         PCI_COMMAND_PARITY | PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE);
    pci_config_set_w1cmask(dev, PCI_STATUS, 2,
                           PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT |
                           PCI_STATUS_REC_TARGET_ABORT | PCI_STATUS_REC_MASTER_ABORT |
                           PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY);
    pci_config_set_wmask(dev, PCI_CACHE_LINE_SIZE, 1, 0xff);
    pci_config_set_wmask(dev, PCI_INTERRUPT_LINE, 1, 0xff);
}

bool pci_device_realize(Device *d, Error **errp)
{
    PciDevice *dev = PCI_DEVICE(d);
    const PciDeviceClass *pc = pci_device_class(dev);

    if (!d->parent_bus || g_strcmp0(d->parent_bus->type, PCI_BUS_TYPE) != 0) {
        error_setg(errp, "Device '%s' needs a PCI bus", d->cls->name);
        return false;
    }
    dev->bus = PCI_BUS(d->parent_bus);
    for (int i = 0; i < PCI_NUM_BARS; i++) {
        dev->bars[i].addr = PCI_BAR_UNMAPPED;
    }
    config_init(dev, pc);
    if (pc->realize && !pc->realize(dev, errp)) {
        msix_uninit(dev);
        config_free(dev);
        dev->bus = NULL;
        return false;
    }
    dev->reset_config = g_memdup2(dev->config, dev->config_size);
    dev->reset_config[PCI_STATUS] &= ~PCI_STATUS_INTERRUPT;
    return true;
}

static void unmap_bars(PciDevice *dev)
{
    memory_region_transaction_begin();
    for (int i = 0; i < PCI_NUM_BARS; i++) {
        PciBar *bar = &dev->bars[i];
        if (bar->size && bar->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(bar->mr->parent, bar->mr);
            bar->addr = PCI_BAR_UNMAPPED;
        }
    }
    memory_region_transaction_commit();
}

void pci_device_unrealize(Device *d)
{
    PciDevice *dev = PCI_DEVICE(d);
    const PciDeviceClass *pc = pci_device_class(dev);
    PciBus *bus = dev->bus;

    if (!dev->config) {
        return;
    }
    pci_set_irq(dev, false);
    if (dev->on_bus && bus->host_ops && bus->host_ops->unplugged) {
        bus->host_ops->unplugged(bus, dev);
    }
    unmap_bars(dev);
    msix_uninit(dev);
    if (pc->exit) {
        pc->exit(dev);
    }
    if (dev->on_bus && bus->devices[dev->devfn] == dev) {
        bus->devices[dev->devfn] = NULL;
    }
    dev->on_bus = false;
    dev->bus = NULL;
    config_free(dev);
}

/* ---- Reset ----------------------------------------------------------------- */

void pci_device_reset(PciDevice *dev)
{
    const PciDeviceClass *pc = pci_device_class(dev);

    if (!dev->config) {
        return;
    }
    pci_set_irq(dev, false);
    memcpy(dev->config, dev->reset_config, dev->config_size);
    msix_reset(dev);
    pci_update_mappings(dev);
    pci_intx_update(dev);
    if (pc->reset) {
        pc->reset(dev);
    }
}

void pci_device_reset_hook(Device *d)
{
    pci_device_reset(PCI_DEVICE(d));
}

/* ---- Masks ----------------------------------------------------------------- */

static void set_mask(PciDevice *dev, uint8_t *mask, const uint8_t *other, uint32_t offset,
                     unsigned size, uint32_t bits)
{
    g_assert(size == 1 || size == 2 || size == 4);
    g_assert(offset + size <= dev->config_size);
    for (unsigned i = 0; i < size; i++) {
        uint8_t b = (uint8_t)(bits >> (8 * i));
        /* A bit is writable or write-1-to-clear, never both. */
        g_assert((other[offset + i] & b) == 0);
        mask[offset + i] = b;
    }
}

void pci_config_set_wmask(PciDevice *dev, uint32_t offset, unsigned size, uint32_t mask)
{
    set_mask(dev, dev->wmask, dev->w1cmask, offset, size, mask);
}

void pci_config_set_w1cmask(PciDevice *dev, uint32_t offset, unsigned size, uint32_t mask)
{
    set_mask(dev, dev->w1cmask, dev->wmask, offset, size, mask);
}

/* ---- Guest access ------------------------------------------------------------ */

static PciCfgResult check_access(const PciDevice *dev, uint32_t offset, unsigned size)
{
    if (size != 1 && size != 2 && size != 4) {
        return PCI_CFG_BAD_SIZE;
    }
    if (offset % size) {
        return PCI_CFG_MISALIGNED;
    }
    if (offset >= dev->config_size || dev->config_size - offset < size) {
        return PCI_CFG_OUT_OF_RANGE;
    }
    return PCI_CFG_OK;
}

static uint32_t all_ones(unsigned size)
{
    return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

PciCfgResult pci_config_read(PciDevice *dev, uint32_t offset, unsigned size, uint32_t *val)
{
    const PciDeviceClass *pc = pci_device_class(dev);
    PciCfgResult r = check_access(dev, offset, size);
    uint32_t v = 0;

    if (r != PCI_CFG_OK) {
        *val = all_ones(size);
        return r;
    }
    if (pc->config_read) {
        pc->config_read(dev, offset, size);
    }
    for (unsigned i = 0; i < size; i++) {
        v |= (uint32_t)dev->config[offset + i] << (8 * i);
    }
    *val = v;
    return PCI_CFG_OK;
}

static bool write_touches(uint32_t offset, unsigned size, uint32_t reg, uint32_t reg_size)
{
    return pci_ranges_overlap(offset, size, reg, reg_size);
}

PciCfgResult pci_config_write(PciDevice *dev, uint32_t offset, unsigned size, uint32_t val)
{
    const PciDeviceClass *pc = pci_device_class(dev);
    PciCfgResult r = check_access(dev, offset, size);
    uint16_t msi_flags = 0, msix_flags = 0;
    uint32_t msi_mask = 0;

    if (r != PCI_CFG_OK) {
        return r;
    }
    /* The MSI/MSI-X hooks act on transitions, so they need the values from before. */
    if (msi_present(dev)) {
        msi_flags = pci_get_word(dev->config + dev->msi.cap + PCI_MSI_FLAGS);
        msi_mask = msi_get_mask(dev);
    }
    if (msix_present(dev)) {
        msix_flags = pci_get_word(dev->config + dev->msix.cap + PCI_MSIX_FLAGS);
    }

    for (unsigned i = 0; i < size; i++) {
        uint8_t b = (uint8_t)(val >> (8 * i));
        uint8_t *c = &dev->config[offset + i];
        *c = (uint8_t)((*c & ~dev->wmask[offset + i]) | (b & dev->wmask[offset + i]));
        *c &= (uint8_t)~(b & dev->w1cmask[offset + i]);
    }

    if (write_touches(offset, size, PCI_COMMAND, 2) ||
        write_touches(offset, size, PCI_BASE_ADDRESS_0, 4 * PCI_NUM_BARS)) {
        pci_update_mappings(dev);
    }
    if (write_touches(offset, size, PCI_COMMAND, 2)) {
        pci_intx_update(dev);
    }
    if (msi_present(dev)) {
        msi_config_written(dev, offset, size, msi_flags, msi_mask);
    }
    if (msix_present(dev)) {
        msix_config_written(dev, offset, size, msix_flags);
    }
    if (dev->exp_cap && pcie_config_written(dev, offset, size)) {
        return PCI_CFG_OK;      /* Function Level Reset: the function starts afresh */
    }
    if (pc->config_write) {
        pc->config_write(dev, offset, size, val);
    }
    return PCI_CFG_OK;
}
