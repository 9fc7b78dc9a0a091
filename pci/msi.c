/*
 * MSI (PCI Local Bus 3.0, 6.8.1; see msi.h).
 *
 * Layout after the ID/next bytes: Message Control (16 bits), Message
 * Address (32), Message Upper Address (32, 64-bit capable only), Message
 * Data (16), then, with per-vector masking, Mask Bits and Pending Bits (32
 * each). Multiple Message Enable larger than Multiple Message Capable is
 * clamped to it, as QEMU does. After any write to the capability, while MSI
 * is enabled, each enabled vector that is pending and not masked is sent
 * and its pending bit cleared: that covers both unmasking and enabling.
 */
#include "pci/msi.h"

#include "pci/pci-internal.h"

static uint16_t flags(const PciDevice *dev)
{
    return pci_get_word(dev->config + dev->msi.cap + PCI_MSI_FLAGS);
}

static bool is_64bit(const PciDevice *dev)
{
    return flags(dev) & PCI_MSI_FLAGS_64BIT;
}

static bool maskable(const PciDevice *dev)
{
    return flags(dev) & PCI_MSI_FLAGS_MASKBIT;
}

static uint32_t data_off(const PciDevice *dev)
{
    return dev->msi.cap + (is_64bit(dev) ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32);
}

static uint32_t mask_off(const PciDevice *dev)
{
    return dev->msi.cap + (is_64bit(dev) ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
}

static uint32_t pending_off(const PciDevice *dev)
{
    return dev->msi.cap + (is_64bit(dev) ? PCI_MSI_PENDING_64 : PCI_MSI_PENDING_32);
}

static uint8_t cap_size(bool is64, bool with_mask)
{
    return (uint8_t)((is64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32) + (with_mask ? 12 : 2));
}

bool msi_init(PciDevice *dev, uint8_t offset, unsigned nvectors, bool is64, bool with_mask,
              Error **errp)
{
    unsigned log2n = 0;
    uint8_t cap;
    uint16_t f;

    if (nvectors == 0 || nvectors > 32 || (nvectors & (nvectors - 1))) {
        error_setg(errp, "%s: MSI offers 1, 2, 4, 8, 16 or 32 vectors, not %u",
                   pci_dev_name(dev), nvectors);
        return false;
    }
    if (msi_present(dev)) {
        error_setg(errp, "%s: MSI capability added twice", pci_dev_name(dev));
        return false;
    }
    while ((1u << log2n) < nvectors) {
        log2n++;
    }
    cap = pci_add_capability(dev, PCI_CAP_ID_MSI, offset, cap_size(is64, with_mask), errp);
    if (!cap) {
        return false;
    }
    dev->msi.cap = cap;
    f = (uint16_t)(log2n << 1) | (is64 ? PCI_MSI_FLAGS_64BIT : 0) |
        (with_mask ? PCI_MSI_FLAGS_MASKBIT : 0);
    pci_set_word(dev->config + cap + PCI_MSI_FLAGS, f);
    pci_config_set_wmask(dev, cap + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
    pci_config_set_wmask(dev, cap + PCI_MSI_ADDRESS_LO, 4, 0xfffffffc);
    if (is64) {
        pci_config_set_wmask(dev, cap + PCI_MSI_ADDRESS_HI, 4, 0xffffffff);
    }
    pci_config_set_wmask(dev, data_off(dev), 2, 0xffff);
    if (with_mask) {
        pci_config_set_wmask(dev, mask_off(dev), 4,
                             nvectors == 32 ? 0xffffffffu : (1u << nvectors) - 1);
    }
    return true;
}

bool msi_enabled(const PciDevice *dev)
{
    return msi_present(dev) && (flags(dev) & PCI_MSI_FLAGS_ENABLE);
}

unsigned msi_nr_vectors(const PciDevice *dev)
{
    return msi_present(dev) ? 1u << ((flags(dev) & PCI_MSI_FLAGS_QMASK) >> 1) : 0;
}

unsigned msi_nr_vectors_enabled(const PciDevice *dev)
{
    return msi_enabled(dev) ? 1u << ((flags(dev) & PCI_MSI_FLAGS_QSIZE) >> 4) : 0;
}

uint32_t msi_get_mask(const PciDevice *dev)
{
    return msi_present(dev) && maskable(dev) ? pci_get_long(dev->config + mask_off(dev)) : 0;
}

bool msi_is_masked(const PciDevice *dev, unsigned vector)
{
    return vector < 32 && (msi_get_mask(dev) >> vector) & 1;
}

bool msi_is_pending(const PciDevice *dev, unsigned vector)
{
    return msi_present(dev) && maskable(dev) && vector < 32 &&
           (pci_get_long(dev->config + pending_off(dev)) >> vector) & 1;
}

void msi_get_message(const PciDevice *dev, unsigned vector, uint64_t *addr, uint32_t *data)
{
    unsigned n = MAX(msi_nr_vectors_enabled(dev), 1u);
    uint32_t d = pci_get_word(dev->config + data_off(dev));
    uint64_t a = pci_get_long(dev->config + dev->msi.cap + PCI_MSI_ADDRESS_LO);

    if (is_64bit(dev)) {
        a |= (uint64_t)pci_get_long(dev->config + dev->msi.cap + PCI_MSI_ADDRESS_HI) << 32;
    }
    /* With n vectors enabled, the function puts the vector number in the low log2(n) bits. */
    *addr = a;
    *data = (d & ~(n - 1)) | (vector & (n - 1));
}

void msi_set_message(PciDevice *dev, uint64_t addr, uint32_t data)
{
    if (!msi_present(dev)) {
        return;
    }
    pci_set_long(dev->config + dev->msi.cap + PCI_MSI_ADDRESS_LO, (uint32_t)addr & 0xfffffffc);
    if (is_64bit(dev)) {
        pci_set_long(dev->config + dev->msi.cap + PCI_MSI_ADDRESS_HI, (uint32_t)(addr >> 32));
    }
    pci_set_word(dev->config + data_off(dev), (uint16_t)data);
}

static void set_pending(PciDevice *dev, unsigned vector, bool on)
{
    uint32_t p = pci_get_long(dev->config + pending_off(dev));
    p = on ? p | (1u << vector) : p & ~(1u << vector);
    pci_set_long(dev->config + pending_off(dev), p);
}

static void send(PciDevice *dev, unsigned vector)
{
    uint64_t addr;
    uint32_t data;

    msi_get_message(dev, vector, &addr, &data);
    pci_msi_send(dev, addr, data);
}

bool msi_notify(PciDevice *dev, unsigned vector)
{
    if (vector >= msi_nr_vectors_enabled(dev)) {
        return false;
    }
    if (msi_is_masked(dev, vector)) {
        set_pending(dev, vector, true);
        return true;
    }
    send(dev, vector);
    return true;
}

void msi_config_written(PciDevice *dev, uint32_t offset, unsigned size, uint16_t old_flags,
                        uint32_t old_mask)
{
    uint32_t cap = dev->msi.cap;
    uint16_t f = flags(dev);
    unsigned mmc = (f & PCI_MSI_FLAGS_QMASK) >> 1, mme = (f & PCI_MSI_FLAGS_QSIZE) >> 4;

    if (!pci_ranges_overlap(offset, size, cap, cap_size(is_64bit(dev), maskable(dev)))) {
        return;
    }
    if (mme > mmc) {
        f = (uint16_t)((f & ~PCI_MSI_FLAGS_QSIZE) | mmc << 4);
        pci_set_word(dev->config + cap + PCI_MSI_FLAGS, f);
    }
    if (!(f & PCI_MSI_FLAGS_ENABLE)) {
        return;
    }
    if (!(old_flags & PCI_MSI_FLAGS_ENABLE)) {
        /* A function using MSI does not use INTx (PCI 3.0, 6.8.1.3). */
        pci_set_irq(dev, false);
    }
    if (!maskable(dev) || (old_mask == msi_get_mask(dev) && (old_flags & PCI_MSI_FLAGS_ENABLE))) {
        return;
    }
    for (unsigned v = 0; v < msi_nr_vectors_enabled(dev); v++) {
        if (msi_is_pending(dev, v) && !msi_is_masked(dev, v)) {
            set_pending(dev, v, false);
            send(dev, v);
        }
    }
}
