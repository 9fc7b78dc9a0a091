/*
 * MSI-X (PCI Local Bus 3.0, 6.8.2; see msix.h).
 *
 * The table and the pending-bit array are MMIO regions placed inside the
 * device's BAR containers. Table entries: Message Address (64 bits, as two
 * dwords), Message Data, Vector Control whose bit 0 masks the vector (its
 * other bits are reserved and read 0). The PBA is read-only; writes are
 * ignored (the spec leaves them undefined). A vector is masked by its bit
 * or by the function mask; while MSI-X is disabled the function does not
 * use it at all, so notifying then neither sends nor sets pending bits.
 */
#include "pci/msix.h"

#include <string.h>

#include "core/log.h"
#include "pci/pci-internal.h"

static uint8_t *entry(const PciDevice *dev, unsigned vector)
{
    return dev->msix.table + vector * PCI_MSIX_ENTRY_SIZE;
}

static uint16_t flags(const PciDevice *dev)
{
    return pci_get_word(dev->config + dev->msix.cap + PCI_MSIX_FLAGS);
}

bool msix_enabled(const PciDevice *dev)
{
    return msix_present(dev) && (flags(dev) & PCI_MSIX_FLAGS_ENABLE);
}

bool msix_function_masked(const PciDevice *dev)
{
    return msix_present(dev) && (flags(dev) & PCI_MSIX_FLAGS_MASKALL);
}

bool msix_is_masked(const PciDevice *dev, unsigned vector)
{
    return vector >= dev->msix.nvectors || msix_function_masked(dev) ||
           (entry(dev, vector)[PCI_MSIX_ENTRY_CTRL] & PCI_MSIX_ENTRY_CTRL_MASKBIT);
}

bool msix_is_pending(const PciDevice *dev, unsigned vector)
{
    return vector < dev->msix.nvectors && (dev->msix.pba[vector / 8] >> (vector % 8)) & 1;
}

static void set_pending(PciDevice *dev, unsigned vector, bool on)
{
    uint8_t bit = (uint8_t)(1u << (vector % 8));
    dev->msix.pba[vector / 8] = on ? dev->msix.pba[vector / 8] | bit
                                   : dev->msix.pba[vector / 8] & (uint8_t)~bit;
}

void msix_get_message(const PciDevice *dev, unsigned vector, uint64_t *addr, uint32_t *data)
{
    *addr = pci_get_quad(entry(dev, vector) + PCI_MSIX_ENTRY_ADDR_LO);
    *data = pci_get_long(entry(dev, vector) + PCI_MSIX_ENTRY_DATA);
}

static void send(PciDevice *dev, unsigned vector)
{
    uint64_t addr;
    uint32_t data;

    msix_get_message(dev, vector, &addr, &data);
    pci_msi_send(dev, addr, data);
}

/* A vector that became deliverable sends what it held back. */
static void fire_if_pending(PciDevice *dev, unsigned vector)
{
    if (msix_enabled(dev) && !msix_is_masked(dev, vector) && msix_is_pending(dev, vector)) {
        set_pending(dev, vector, false);
        send(dev, vector);
    }
}

bool msix_notify(PciDevice *dev, unsigned vector)
{
    if (!msix_enabled(dev) || vector >= dev->msix.nvectors) {
        return false;
    }
    if (msix_is_masked(dev, vector)) {
        set_pending(dev, vector, true);
        return true;
    }
    send(dev, vector);
    return true;
}

void msix_set_message(PciDevice *dev, unsigned vector, uint64_t addr, uint32_t data)
{
    if (vector >= dev->msix.nvectors) {
        return;
    }
    pci_set_quad(entry(dev, vector) + PCI_MSIX_ENTRY_ADDR_LO, addr);
    pci_set_long(entry(dev, vector) + PCI_MSIX_ENTRY_DATA, data);
}

void msix_set_vector_mask(PciDevice *dev, unsigned vector, bool masked)
{
    if (vector >= dev->msix.nvectors) {
        return;
    }
    entry(dev, vector)[PCI_MSIX_ENTRY_CTRL] = masked ? PCI_MSIX_ENTRY_CTRL_MASKBIT : 0;
    fire_if_pending(dev, vector);
}

/* ---- The table and PBA as MMIO ---------------------------------------------------- */

static uint64_t table_read(void *opaque, uint64_t offset, unsigned size)
{
    PciDevice *dev = opaque;
    return pci_get_long(dev->msix.table + offset);
}

static void table_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    PciDevice *dev = opaque;
    unsigned vector = (unsigned)(offset / PCI_MSIX_ENTRY_SIZE);

    if (offset % PCI_MSIX_ENTRY_SIZE == PCI_MSIX_ENTRY_CTRL) {
        /* Only the mask bit is implemented; the reserved bits read 0. */
        msix_set_vector_mask(dev, vector, value & PCI_MSIX_ENTRY_CTRL_MASKBIT);
        return;
    }
    pci_set_long(dev->msix.table + offset, (uint32_t)value);
}

/* Software reads and writes the table as aligned dwords or qwords (PCI 3.0, 6.8.2). */
static const MemoryRegionOps table_ops = {
    .read = table_read,
    .write = table_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static uint64_t pba_read(void *opaque, uint64_t offset, unsigned size)
{
    PciDevice *dev = opaque;
    return pci_get_long(dev->msix.pba + offset);
}

static void pba_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    PciDevice *dev = opaque;
    log_mask(LOG_GUEST_ERROR, "pci %s: write to the MSI-X PBA at 0x%x ignored\n",
             pci_dev_name(dev), (unsigned)offset);
}

static const MemoryRegionOps pba_ops = {
    .read = pba_read,
    .write = pba_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* ---- Set-up ---------------------------------------------------------------------- */

static uint32_t table_size(unsigned n)
{
    return n * PCI_MSIX_ENTRY_SIZE;
}

static uint32_t pba_size(unsigned n)
{
    return (n + 63) / 64 * 8;
}

static void mask_all(PciDevice *dev)
{
    memset(dev->msix.table, 0, table_size(dev->msix.nvectors));
    memset(dev->msix.pba, 0, pba_size(dev->msix.nvectors));
    for (unsigned v = 0; v < dev->msix.nvectors; v++) {
        entry(dev, v)[PCI_MSIX_ENTRY_CTRL] = PCI_MSIX_ENTRY_CTRL_MASKBIT;
    }
}

bool msix_init(PciDevice *dev, unsigned nvectors, MemoryRegion *table_bar_mr, uint8_t table_bir,
               uint32_t table_offset, MemoryRegion *pba_bar_mr, uint8_t pba_bir,
               uint32_t pba_offset, uint8_t cap_offset, Error **errp)
{
    PciMsix *m = &dev->msix;
    uint32_t tsize = table_size(nvectors), psize = pba_size(nvectors);
    uint8_t cap;
    char *name;

    if (nvectors < 1 || nvectors > PCI_MSIX_MAX_VECTORS) {
        error_setg(errp, "%s: MSI-X offers 1 to %d vectors, not %u", pci_dev_name(dev),
                   PCI_MSIX_MAX_VECTORS, nvectors);
        return false;
    }
    if (msix_present(dev)) {
        error_setg(errp, "%s: MSI-X capability added twice", pci_dev_name(dev));
        return false;
    }
    if (table_bir >= PCI_NUM_BARS || pba_bir >= PCI_NUM_BARS ||
        table_bar_mr->kind != MR_CONTAINER || pba_bar_mr->kind != MR_CONTAINER ||
        (table_offset | pba_offset) & PCI_MSIX_BIR_MASK ||
        (uint64_t)table_offset + tsize > table_bar_mr->size ||
        (uint64_t)pba_offset + psize > pba_bar_mr->size ||
        (table_bar_mr == pba_bar_mr &&
         pci_ranges_overlap(table_offset, tsize, pba_offset, psize))) {
        error_setg(errp, "%s: MSI-X table/PBA placement is invalid (8-byte aligned, inside "
                   "container BARs, not overlapping)", pci_dev_name(dev));
        return false;
    }
    cap = pci_add_capability(dev, PCI_CAP_ID_MSIX, cap_offset, PCI_MSIX_CAP_SIZE, errp);
    if (!cap) {
        return false;
    }
    m->cap = cap;
    m->nvectors = nvectors;
    pci_set_word(dev->config + cap + PCI_MSIX_FLAGS, (uint16_t)(nvectors - 1));
    pci_config_set_wmask(dev, cap + PCI_MSIX_FLAGS, 2,
                         PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    pci_set_long(dev->config + cap + PCI_MSIX_TABLE, table_offset | table_bir);
    pci_set_long(dev->config + cap + PCI_MSIX_PBA, pba_offset | pba_bir);

    m->table = g_malloc0(tsize);
    m->pba = g_malloc0(psize);
    mask_all(dev);

    name = g_strdup_printf("%s-msix-table", pci_dev_name(dev));
    memory_region_init_io(&m->table_mr, name, &table_ops, dev, tsize);
    g_free(name);
    name = g_strdup_printf("%s-msix-pba", pci_dev_name(dev));
    memory_region_init_io(&m->pba_mr, name, &pba_ops, dev, psize);
    g_free(name);
    /* Above the device's own registers if they share the BAR. */
    memory_region_add_subregion_overlap(table_bar_mr, table_offset, &m->table_mr, 1);
    memory_region_add_subregion_overlap(pba_bar_mr, pba_offset, &m->pba_mr, 1);
    m->table_bar_mr = table_bar_mr;
    m->pba_bar_mr = pba_bar_mr;
    return true;
}

bool msix_init_exclusive_bar(PciDevice *dev, unsigned nvectors, int bar, uint8_t type,
                             Error **errp)
{
    PciMsix *m = &dev->msix;
    uint64_t half = 2048;
    char *name;

    if (type & PCI_BAR_IO) {
        error_setg(errp, "%s: the MSI-X table must be in a memory BAR", pci_dev_name(dev));
        return false;
    }
    /* Table in the lower half, PBA in the upper half, 4 KiB at least (as QEMU lays it out). */
    while (half < table_size(nvectors)) {
        half *= 2;
    }
    name = g_strdup_printf("%s-msix", pci_dev_name(dev));
    memory_region_init_container(&m->exclusive_bar, name, 2 * half);
    g_free(name);
    if (!msix_init(dev, nvectors, &m->exclusive_bar, (uint8_t)bar, 0, &m->exclusive_bar,
                   (uint8_t)bar, (uint32_t)half, 0, errp)) {
        memory_region_finalize(&m->exclusive_bar);
        return false;
    }
    m->exclusive = true;
    pci_register_bar(dev, bar, type, &m->exclusive_bar);
    return true;
}

void msix_uninit(PciDevice *dev)
{
    PciMsix *m = &dev->msix;

    if (!msix_present(dev)) {
        return;
    }
    memory_region_finalize(&m->table_mr);
    memory_region_finalize(&m->pba_mr);
    if (m->exclusive) {
        memory_region_finalize(&m->exclusive_bar);
    }
    g_free(m->table);
    g_free(m->pba);
    memset(m, 0, sizeof(*m));
}

void msix_reset(PciDevice *dev)
{
    if (msix_present(dev)) {
        mask_all(dev);
    }
}

void msix_config_written(PciDevice *dev, uint32_t offset, unsigned size, uint16_t old_flags)
{
    uint16_t f = flags(dev);

    if (!pci_ranges_overlap(offset, size, dev->msix.cap + PCI_MSIX_FLAGS, 2) ||
        !(f & PCI_MSIX_FLAGS_ENABLE)) {
        return;
    }
    if (!(old_flags & PCI_MSIX_FLAGS_ENABLE)) {
        /* A function using MSI-X does not use INTx (PCI 3.0, 6.8.2). */
        pci_set_irq(dev, false);
    }
    for (unsigned v = 0; v < dev->msix.nvectors; v++) {
        fire_if_pending(dev, v);
    }
}
